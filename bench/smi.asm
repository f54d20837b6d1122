; smi.asm - SMI round trips: ITER times (OUT to the APM control port 0xB2
; -> a three-instruction handler that clears the APM status port 0xB3 ->
; RSM) in real mode.  run-bench reports round trips per second and
; microseconds per round trip (smmbox: its --stats "seconds:"; QEMU: wall
; clock less start-up; Bochs: between the S and E markers).
;
; Machine: i440FX + PIIX4 PM at 0:1.3 (82441FX and PIIX4 datasheets).  The handler
; lives at the default SMBASE 0x30000 + 0x8000 in plain RAM, as SeaBIOS's
; relocation stub does.  The value written to 0xB2 is 0x01 (not 0xF0 or
; 0xF1, which Bochs and QEMU also treat as ACPI enable/disable).
;
; Instruction count (the handler's three included; SMI entry is not an
; instruction): reset jmp 1 + setup 29 (REP MOVSB once) + loop setup 6
; (incl. "S\n") + ITER * 6 (out, xor, out, rsm, dec, jnz) + FINISH 7
; = 43 + 6 * ITER = 6,000,043 for ITER = 1,000,000 (checked on QEMU with
; -singlestep -d exec and ITER=10: 106 blocks, the REP MOVSB's 6
; iterations counted and the last two instructions not, see README).

%ifndef ITER
%define ITER 1000000
%endif

%include "bench.inc"

start:
        cli                             ; 1
        cld                             ; 2
        ; PIIX4 PM (0:1.3): PMBA = 0xB000, PM I/O on, APMC_EN, SMI_EN
        mov dx, 0xCF8                   ; 3
        mov eax, 0x80000B40             ; 4  PMBA
        out dx, eax                     ; 5
        mov dl, 0xFC                    ; 6
        mov eax, 0xB001                 ; 7
        out dx, eax                     ; 8
        mov dl, 0xF8                    ; 9
        mov eax, 0x80000B80             ; 10 PMREGMISC
        out dx, eax                     ; 11
        mov dl, 0xFC                    ; 12
        mov al, 1                       ; 13
        out dx, al                      ; 14
        mov dl, 0xF8                    ; 15
        mov eax, 0x80000B58             ; 16 DEVACTB
        out dx, eax                     ; 17
        mov dl, 0xFF                    ; 18 byte 0x5B
        mov al, 0x02                    ; 19 APMC_EN
        out dx, al                      ; 20
        mov dx, 0xB028                  ; 21 GLBCTL
        mov eax, 1                      ; 22 SMI_EN
        out dx, eax                     ; 23
        ; the handler to 0x38000
        mov ax, 0x3800                  ; 24
        mov es, ax                      ; 25
        mov si, smi_stub                ; 26
        xor di, di                      ; 27
        mov cx, smi_stub_end - smi_stub ; 28
        cs rep movsb                    ; 29
        mov ecx, ITER                   ; 1
        MARK 'S'                        ; 2, 3
        MARK 10                         ; 4, 5
        mov al, 0x01                    ; 6
.loop:  out 0xB2, al                    ; 1 (+ xor, out, rsm)
        dec ecx                         ; 5
        jnz .loop                       ; 6
        FINISH

        section .rodata
smi_stub:
        xor al, al
        out 0xB3, al
        rsm
smi_stub_end:
