; A wait no interrupt can end: IRQ0's handler never sends the 8259 an
; EOI, so after the first tick IRQ0 stays in service and outranks every
; other request, and the CPU waits in sti; hlt while the 8254 goes on
; ticking.  Hardware would wait for ever; smmbox ends the run as a halt
; with interrupts enabled that no device can wake (status 5), however
; long --max-insns is, instead of skipping guest time from tick to tick
; for ever.
        bits 16
        org 0
start:
        cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7000
        mov word [8 * 4], handler       ; IRQ0 at vector 8: F000:handler
        mov word [8 * 4 + 2], 0xF000
        mov al, 0x11                    ; the master 8259: ICW1-ICW4, vectors 8-15
        out 0x20, al
        mov al, 0x08
        out 0x21, al
        mov al, 0x04
        out 0x21, al
        mov al, 0x01
        out 0x21, al
        mov al, 0xFE                    ; IRQ0 alone unmasked
        out 0x21, al
        mov al, 0x34                    ; the 8254's counter 0: mode 2, 1000 ticks
        out 0x43, al
        mov al, 0xE8
        out 0x40, al
        mov al, 0x03
        out 0x40, al
idle:   sti
        hlt
        jmp idle
handler:
        iret                            ; no EOI
        times 0xFFF0 - ($ - $$) db 0xFF
        jmp 0xF000:start
        times 0x10000 - ($ - $$) db 0xFF
