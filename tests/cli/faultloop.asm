; A ROM whose #UD handler is another UD2: every fault is delivered and its
; handler faults at once, so no instruction ever retires again.  Hardware
; would loop for ever; smmbox ends the run as a shutdown that says so.
        bits 16
        org 0
start:
        cli
        xor ax, ax
        mov ds, ax
        mov ax, 0x9000                  ; the stack wraps within 0x90000-0x9FFFF,
        mov ss, ax                      ; never reaching the IVT
        xor sp, sp
        mov word [6 * 4], handler       ; IVT entry 6 (#UD): F000:handler
        mov word [6 * 4 + 2], 0xF000
        ud2
handler:
        ud2
        times 0xFFF0 - ($ - $$) db 0xFF
        jmp 0xF000:start
        times 0x10000 - ($ - $$) db 0xFF
