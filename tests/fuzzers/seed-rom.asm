; seed-rom.asm - a short run with one of each thing a trace records, for
; the seeds of the trace and QEMU log harnesses (make-seeds records it on
; smmbox and on QEMU): port writes and reads, memory writes (a REP STOSB
; among them), the x87's state changed (FNINIT, FLDPI, FSTP), INT3 and
; #UD delivered through the real-mode vectors, an
; SMI raised through the APM port whose handler is RSM, then protected
; mode with 32-bit code (new selectors, CR0, a code size), and cli; hlt
; (or QEMU's isa-debug-exit on port 0xF4).

        bits 16
        org 0

PCI_PM_DEVACTB_HI equ 0x80000B58        ; PIIX4 PM (0:1.3) register 0x58; byte 0x5B
APMC_EN           equ 0x02              ; in byte 0x5B

start:
        cli
        xor ax, ax
        mov ss, ax
        mov sp, 0x7000
        mov ds, ax
        mov es, ax
        mov word [3 * 4], on_int3       ; INT3 and #UD to handlers in this ROM
        mov word [3 * 4 + 2], 0xF000
        mov word [6 * 4], on_ud
        mov word [6 * 4 + 2], 0xF000
        mov ax, 0x3000                  ; the SMI handler at SMBASE + 0x8000: RSM
        mov es, ax
        mov word [es:0x8000], 0xAA0F
        xor ax, ax
        mov es, ax
        mov di, 0x600                   ; a REP STOSB of 4 bytes
        mov cx, 4
        mov al, 0x5A
        rep stosb
        fninit                          ; the x87: an FPU record, pi in R7
        fldpi
        fstp st0
        mov al, 'S'
        out 0xE9, al
        int3
        ud2
        mov eax, PCI_PM_DEVACTB_HI      ; DEVACTB.APMC_EN: port 0xB2 raises SMIs
        mov dx, 0xCF8
        out dx, eax
        mov dx, 0xCFF
        in al, dx
        or al, APMC_EN
        out dx, al
        mov al, 0x42
        out 0xB2, al                    ; SMI; the handler returns at once
        in al, 0xB3
        mov [0x500], al
        lgdt [cs:gdt_ptr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp dword 0x08:(0xF0000 + pm32)

on_int3:
        iret

on_ud:                                  ; return past the two bytes of UD2
        push bp
        mov bp, sp
        add word [bp + 2], 2
        pop bp
        iret

        bits 32
pm32:
        mov ax, 0x10
        mov ds, ax
        mov ss, ax
        mov esp, 0x7000
        mov dword [0x504], 0x12345678
        mov al, 'P'
        out 0xE9, al
        out 0xF4, al                    ; ends a QEMU run (isa-debug-exit)
        cli
        hlt

        align 8
gdt:    dq 0
        dq 0x00CF9B000000FFFF            ; 0x08: flat 32-bit code
        dq 0x00CF93000000FFFF            ; 0x10: flat 32-bit data
gdt_ptr:
        dw gdt_ptr - gdt - 1
        dd 0xF0000 + gdt

        times 0xFFF0 - ($ - $$) db 0xFF
        bits 16
reset:  jmp 0xF000:start
        times 0x10000 - ($ - $$) db 0xFF
