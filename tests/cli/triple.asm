; A ROM that triple-faults: an empty IDT in real mode makes INT3 raise
; #GP, which cannot be delivered either (#DF), then shutdown.
        bits 16
        org 0
start:
        cli
        xor ax, ax
        mov ss, ax
        mov sp, 0x7000
        o32 lidt [cs:empty_idt]
        int3
        hlt
empty_idt:
        dw 0
        dd 0
        times 0xFFF0 - ($ - $$) db 0xFF
        jmp 0xF000:start
        times 0x10000 - ($ - $$) db 0xFF
