; x87-ferr.asm - the PC's x87 error reporting with CR0.NE=0 (SDM Vol.1
; Appendix D): an unmasked exception makes the next waiting x87
; instruction assert FERR# and wait; the board raises IRQ13; the handler's
; write to port 0xF0 lowers IRQ13 and asserts IGNNE#, so that the waiting
; instruction goes on (the error still pending) when the handler returns
; to it; FNCLEX ends FERR# and IGNNE#, and the next error interrupts again.

%include "harness.inc"

COUNT   equ 0x9000              ; IRQ13s taken
CLEAR   equ 0x9002              ; nonzero: the handler runs FNCLEX too
CW      equ 0x9004
VEC_IRQ13 equ 0x75              ; the slave 8259's IRQ5 at base 0x70

main:
        mov eax, cr0
        and eax, ~0x2C                  ; NE = EM = TS = 0
        or eax, 0x02                    ; MP
        mov cr0, eax
        ; the 8259s: master at 0x08, slave at 0x70; only IRQ2 and IRQ13
        mov al, 0x11
        out 0x20, al
        out 0xA0, al
        mov al, 0x08
        out 0x21, al
        mov al, 0x70
        out 0xA1, al
        mov al, 0x04
        out 0x21, al
        mov al, 0x02
        out 0xA1, al
        mov al, 0x01
        out 0x21, al
        out 0xA1, al
        mov al, 0xFB
        out 0x21, al
        mov al, 0xDF
        out 0xA1, al
        mov word [VEC_IRQ13 * 4], irq13
        mov word [VEC_IRQ13 * 4 + 2], 0xF000
        mov word [COUNT], 0
        mov word [CLEAR], 0

        fninit
        mov word [CW], 0x037B           ; ZE unmasked
        fldcw [CW]
        fld1
        fldz
        fdivp st1, st0                  ; 1/0: the error is pending
        CHECK_EQ "no_irq13_at_the_error", dword [COUNT], 0
        sti
        fld1                            ; waits: FERR#, IRQ13, IGNNE#
        cli
        CHECK_MASK "irq13_once", dword [COUNT], 0xFFFF, 1
        fnstsw ax
        CHECK_MASK "error_still_pending", eax, 0x0084, 0x0084
        sti
        fld1                            ; IGNNE# still asserted: no wait
        cli
        CHECK_MASK "ignne_lets_it_go_on", dword [COUNT], 0xFFFF, 1

        fnclex                          ; FERR# and IGNNE# go down
        fninit
        fldcw [CW]
        mov word [CLEAR], 1
        fld1
        fldz
        fdivp st1, st0
        sti
        fld1                            ; waits again; the handler clears
        cli
        CHECK_MASK "irq13_again_after_fnclex", dword [COUNT], 0xFFFF, 2
        fnstsw ax
        CHECK_MASK "handler_cleared_error", eax, 0x0084, 0
        sti
        wait                            ; nothing pending
        cli
        CHECK_MASK "wait_no_irq13", dword [COUNT], 0xFFFF, 2
        DONE

; IRQ13: count, port 0xF0, FNCLEX when CLEAR says, EOI to both 8259s.
irq13:
        push ax
        inc word [COUNT]
        xor al, al
        out 0xF0, al
        cmp word [CLEAR], 0
        je .eoi
        fnclex
.eoi:   mov al, 0x20
        out 0xA0, al
        out 0x20, al
        pop ax
        iret
