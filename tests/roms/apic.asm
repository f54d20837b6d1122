; apic.asm - the local APIC and the I/O APIC from guest code (SDM Vol.3A
; ch.10; 82093AA datasheet), in 32-bit protected mode:
;
; - IA32_APIC_BASE at reset: 0xFEE00000, global enable, BSP (§10.4.4);
;   the version register says an integrated APIC (§10.4.8);
; - the timer (§10.5.4) with divide by 1, one-shot: the current count
;   falls one a nanosecond of guest time (one instruction, smmbox's and
;   QEMU -icount shift=0's clock), the interrupt comes once, after a
;   deterministic number of loop iterations; the TPR holds an interrupt
;   of its class back until lowered (§10.8.3);
; - periodic with divide by 2: five interrupts at one every period;
; - an NMI sent by IPI to self (§10.6.1) through IDT vector 2;
; - the 8254's IRQ0 through I/O APIC pin 2 (the MADT's interrupt source
;   override on QEMU's PC) as an edge-triggered vector, the 8259s masked;
; - an SMI sent by IPI to self: SMM is entered right after the write of
;   the ICR, the recording handler (smm.inc) runs and RSM returns to
;   protected mode.
;
; The exact counts are those of a machine whose timer interrupts come at
; the instruction boundary of their deadline, one instruction a
; nanosecond: run-qemu runs this ROM with -icount shift=0 -singlestep so
; that QEMU's APIC timer counts the same way.  Where an interrupt is taken
; right after the write that raised it, the SDM's instruction boundary,
; a JMP follows the write so that checks that do not test that boundary
; hold on a CPU that takes it at the end of its block.

%include "harness.inc"
%include "smm.inc"

APIC            equ 0xFEE00000
APIC_VER        equ APIC + 0x030
APIC_TPR        equ APIC + 0x080
APIC_PPR        equ APIC + 0x0A0
APIC_IRR        equ APIC + 0x200
APIC_EOI        equ APIC + 0x0B0
APIC_SVR        equ APIC + 0x0F0
APIC_ICR_LO     equ APIC + 0x300
APIC_ICR_HI     equ APIC + 0x310
APIC_LVT_TIMER  equ APIC + 0x320
APIC_TIMER_ICR  equ APIC + 0x380
APIC_TIMER_CCR  equ APIC + 0x390
APIC_TIMER_DCR  equ APIC + 0x3E0
IOAPIC          equ 0xFEC00000
IOAPIC_WIN      equ IOAPIC + 0x10

VEC_TIMER       equ 0x40
VEC_IRQ0        equ 0x50
COUNT           equ 0x9800          ; timer interrupts taken
NMIS            equ 0x9804          ; NMIs taken
IRQ0S           equ 0x9808          ; I/O APIC pin 2 interrupts taken

; SET_GATE vector, handler: a 32-bit interrupt gate in the harness IDT.
%macro SET_GATE 2
        mov dword [IDT_BASE + (%1) * 8], (SEL_CODE32 << 16) | OFS(%2)
        mov dword [IDT_BASE + (%1) * 8 + 4], 0x00008E00
%endmacro

main:
        SMM_SETUP_DEFAULT
        call smm_clear
        ENTER_PM
        SET_GATE VEC_TIMER, timer_isr
        SET_GATE 2, nmi_isr
        SET_GATE VEC_IRQ0, irq0_isr
        mov dword [COUNT], 0
        mov dword [NMIS], 0
        mov dword [IRQ0S], 0

        mov ecx, 0x1B
        rdmsr
        CHECK_EQ "apic_base_msr", eax, 0xFEE00900
        CHECK_MASK "version_integrated", dword [APIC_VER], 0xF0, 0x10
        mov dword [APIC_SVR], 0x1FF     ; software enabled

; ---------------------------------------------------------------- one-shot
        mov dword [APIC_TIMER_DCR], 0xB ; divide by 1
        mov dword [APIC_LVT_TIMER], VEC_TIMER
        xor ecx, ecx
        mov dword [APIC_TIMER_ICR], 1000
        mov eax, [APIC_TIMER_CCR]
        CHECK_EQ "one_shot_count_falls", eax, 999
        nop
        sti
.w1:    inc ecx
        cmp dword [COUNT], 0
        je .w1
        cli
        CHECK_EQ "one_shot_iterations", ecx, 258
        CHECK_EQ "one_shot_count_zero", dword [APIC_TIMER_CCR], 0
        mov ecx, 1000
        sti
.s1:    loop .s1
        cli
        CHECK_EQ "one_shot_fires_once", dword [COUNT], 1

; ---------------------------------------------------------------- TPR
        mov dword [APIC_TPR], 0x40      ; the timer's class: held back
        mov dword [APIC_TIMER_ICR], 100
        sti
.s2:    test dword [APIC_IRR + 0x20], 1 ; vector 0x40 requested
        jz .s2
        cli
        CHECK_EQ "tpr_holds_class", dword [COUNT], 1
        CHECK_EQ "tpr_class_ppr", dword [APIC_PPR], 0x40
        sti
        mov dword [APIC_TPR], 0x30
        jmp .s3
.s3:    cli
        CHECK_EQ "tpr_lowered_lets_it_in", dword [COUNT], 2

; ---------------------------------------------------------------- periodic
        mov dword [COUNT], 0
        mov dword [APIC_TIMER_DCR], 0x0 ; divide by 2
        mov dword [APIC_LVT_TIMER], 0x20000 | VEC_TIMER
        xor ecx, ecx
        mov dword [APIC_TIMER_ICR], 499 ; a period of 1000 ns
        sti
.w2:    inc ecx
        cmp dword [COUNT], 5
        jb .w2
        cli
        CHECK_EQ "periodic_five_iterations", ecx, 1663
        mov dword [APIC_LVT_TIMER], 0x30000 | VEC_TIMER ; masked
        mov dword [APIC_TIMER_ICR], 0                   ; stopped
        mov ecx, 3000
        sti
.s4:    loop .s4
        cli
        CHECK_EQ "periodic_stopped", dword [COUNT], 5

; ---------------------------------------------------------------- NMI IPI
        mov dword [APIC_ICR_HI], 0
        mov dword [APIC_ICR_LO], 0x00040400     ; NMI, to self
        jmp .n1
.n1:    CHECK_EQ "nmi_ipi_to_self", dword [NMIS], 1

; ---------------------------------------------------------------- I/O APIC
        mov dword [IOAPIC], 0x14                ; pin 2, low half
        mov dword [IOAPIC_WIN], VEC_IRQ0        ; fixed, edge, unmasked
        mov al, 0x30                            ; 8254 channel 0, mode 0
        out 0x43, al
        mov al, 100
        out 0x40, al
        xor al, al
        out 0x40, al
        mov ecx, 2000000                        ; time enough, at any timer lateness
        sti
.w3:    cmp dword [IRQ0S], 0
        loope .w3
        cli
        CHECK_EQ "irq0_through_ioapic_pin2", dword [IRQ0S], 1

; ---------------------------------------------------------------- SMI IPI
        mov dword [APIC_ICR_LO], 0x00000200     ; SMI to APIC ID 0
.after_smi:
        jmp .m1
.m1:    CHECK_VAR "smi_ipi_enters_smm", SR_COUNT, 1
        CHECK_VAR "smi_ipi_saved_eip", MAP(SB_EIP), .after_smi
        CHECK_VAR "smi_ipi_handler_ran", SR_EPILOGUE, SR_EPILOGUE_MAGIC
        mov eax, cr0
        CHECK_MASK "smi_ipi_rsm_to_pm", eax, 1, 1
        DONE

timer_isr:
        inc dword [COUNT]
        mov dword [APIC_EOI], 0
        iretd

nmi_isr:
        inc dword [NMIS]
        iretd

irq0_isr:
        inc dword [IRQ0S]
        mov dword [APIC_EOI], 0
        iretd
