; bad-handlers.asm - SMI handlers with planted bugs, for --smm-check
; (run-smm-check).  Real mode throughout; 64 KiB image at the top of
; memory.
;
; Setup: APM SMIs on (PIIX4 DEVACTB.APMC_EN), SMRAM open (i440FX 0x72 =
; D_OPEN | G_SMRAME), a relocation stub at 0x38000 and the handler at
; 0xA8000, SMI 1 (command 0) moves SMBASE to 0xA0000, SMRAM closed
; (G_SMRAME only).  Then one SMI for each handler behaviour, chosen by the
; command written to port 0xB2, with ESI = 0x5000 (a pointer the "OS"
; passes) and the other general registers 0 but EAX:
;   SMI 2, command 1: clean - counts in SMRAM only;
;   SMI 3, command 2: a callout - jumps to code at 0x7100 (normal RAM),
;                     which jumps back;
;   SMI 4, command 3: writes EAX through ESI (the OS's pointer: 0x5000);
;   SMI 5, command 4: reads a pointer from normal memory (0x6000, holding
;                     0x7000) and reads through it.
; No handler uses the stack (SS:ESP at SMM entry are the OS's).

%include "apm-smi.inc"
        mov dword [es:0x6000], 0x7000   ; the pointer command 4 reads
        RELOCATE_AND_CLOSE
        xor eax, eax
        xor ebx, ebx
        xor ecx, ecx
        xor edx, edx
        xor edi, edi
        xor ebp, ebp
        mov esi, 0x5000
        mov al, 1
        out 0xB2, al                    ; SMI 2: clean
        mov al, 2
        out 0xB2, al                    ; SMI 3: callout
        mov al, 3
        out 0xB2, al                    ; SMI 4: write through ESI
        mov al, 4
        out 0xB2, al                    ; SMI 5: read a pointer, then through it
        cli
        hlt

        RELOC_STUB

handler:                                ; at 0xA8000: CS base 0xA0000, DS base 0
        in al, 0xB2
        cmp al, 2
        je .callout
        cmp al, 3
        je .write
        cmp al, 4
        je .read
        inc byte [cs:0x9000]            ; command 1: a count in SMRAM (0xA9000)
        rsm
.callout:
        jmp 0x0000:0x7100
.back:
        rsm
.write:
        a32 mov [esi], eax
        rsm
.read:
        mov ebx, [dword 0x6000]
        a32 mov eax, [ebx]
        rsm
handler_end:

target:                                 ; at 0x7100, normal RAM
        jmp 0xA000:0x8000 + (handler.back - handler)
target_end:
