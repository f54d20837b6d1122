; pmu.asm - the P6 family's performance-monitoring counters (SDM Vol.3B
; §18.22, Vol.2B RDPMC) from 32-bit ring 0:
;
; - PerfEvtSel0/1 and PerfCtr0/1 read 0 after reset; a counter's write
;   sign-extends bit 31 into bits 39:32; PerfEvtSel's reserved bit 21 and
;   bits 63:32 are #GP(0); RDPMC of a counter other than 0 and 1 is #GP(0);
; - INST_RETIRED (0xC0) at OS counts a known loop exactly: the enabling
;   WRMSR, the MOV and the hundred LOOPs (the instruction that changes
;   what counts is counted as the new state says: smmbox's rule);
; - EN off counts nothing;
; - PerfCtr1 started at -50 with INT: the performance-monitoring
;   interrupt through the local APIC's LVT performance-counter entry
;   arrives after exactly the fiftieth instruction (a fixed vector), and
;   again with NMI delivery (what Linux's NMI watchdog programs).
;
; Exact counts assume one count a retired instruction (smmbox's clock,
; one instruction a cycle).  QEMU TCG has no such counters: run-qemu
; expects its failures (QEMU-DEVIATIONS).

%include "harness.inc"

APIC            equ 0xFEE00000
APIC_EOI        equ APIC + 0x0B0
APIC_SVR        equ APIC + 0x0F0
APIC_LVT_PERF   equ APIC + 0x340

PERFCTR0        equ 0xC1
PERFCTR1        equ 0xC2
PERFEVTSEL0     equ 0x186
PERFEVTSEL1     equ 0x187
EV_INST_RETIRED equ 0xC0
SEL_OS          equ 1 << 17
SEL_INT         equ 1 << 20
SEL_EN          equ 1 << 22

VEC_PMI         equ 0x60
PMIS            equ 0x9800          ; fixed-vector PMIs taken
NMIS            equ 0x9804          ; NMIs taken

; SET_GATE vector, handler: a 32-bit interrupt gate in the harness IDT.
%macro SET_GATE 2
        mov dword [IDT_BASE + (%1) * 8], (SEL_CODE32 << 16) | OFS(%2)
        mov dword [IDT_BASE + (%1) * 8 + 4], 0x00008E00
%endmacro

; WRMSR32 index, low: EDX:EAX = 0:low into MSR index.
%macro WRMSR32 2
        mov ecx, %1
        mov eax, %2
        xor edx, edx
        wrmsr
%endmacro

; PMI_RUN variable: PerfCtr1 = -50 with INST_RETIRED, OS and INT; then
; the enabling WRMSR (counted first), STI, and iterations of three
; instructions until the handler has counted in variable.  EBX ends as
; the iterations run: 48 instructions after the WRMSR and STI are 16
; iterations, the PMI comes before the 17th's INC, which ends the loop.
%macro PMI_RUN 1
        WRMSR32 PERFEVTSEL0, 0
        WRMSR32 PERFCTR1, -50
        WRMSR32 PERFEVTSEL1, EV_INST_RETIRED | SEL_OS | SEL_INT
        xor ebx, ebx
        mov ecx, PERFEVTSEL0
        mov eax, EV_INST_RETIRED | SEL_OS | SEL_EN
        wrmsr
        sti
%%w:    inc ebx
        cmp dword [%1], 0
        je %%w
        cli
%endmacro

main:
        ENTER_PM
        SET_GATE VEC_PMI, pmi_isr
        SET_GATE 2, nmi_isr
        mov dword [PMIS], 0
        mov dword [NMIS], 0

; ---------------------------------------------------------------- MSRs
        mov ecx, PERFEVTSEL0
        rdmsr
        CHECK_EQ "evtsel0_reset", eax, 0
        mov ecx, PERFCTR1
        rdmsr
        CHECK_EQ "ctr1_reset_low", eax, 0
        CHECK_EQ "ctr1_reset_high", edx, 0
        mov ecx, PERFCTR0
        mov eax, 0x80000000
        mov edx, 0x12345678             ; ignored: bits 39:32 follow bit 31
        wrmsr
        rdmsr
        CHECK_EQ "ctr_sign_extends_low", eax, 0x80000000
        CHECK_EQ "ctr_sign_extends_high", edx, 0xFF
        mov ecx, PERFEVTSEL0
        mov eax, 1 << 21
        xor edx, edx
        TRY .r1
        wrmsr
.r1:    CHECK_FAULT "evtsel_bit21_gp", 13, 0
        mov ecx, PERFEVTSEL1
        xor eax, eax
        mov edx, 1
        TRY .r2
        wrmsr
.r2:    CHECK_FAULT "evtsel_bit32_gp", 13, 0
        mov ecx, 2
        TRY .r3
        rdpmc
.r3:    CHECK_FAULT "rdpmc_ecx2_gp", 13, 0

; ---------------------------------------------------------------- counting
        WRMSR32 PERFCTR0, 0
        mov ecx, PERFEVTSEL0
        mov eax, EV_INST_RETIRED | SEL_OS | SEL_EN
        xor edx, edx
        wrmsr                           ; 1
        mov ecx, 100                    ; 2
.l1:    loop .l1                        ; 3-102
        rdpmc                           ; reads 102: before it retires (103)
        mov esi, eax                    ; 104
        mov edi, edx                    ; 105
        WRMSR32 PERFEVTSEL0, EV_INST_RETIRED | SEL_OS   ; 106-108, EN off
        mov ecx, 100
.l2:    loop .l2
        xor ecx, ecx
        rdpmc
        CHECK_EQ "loop_count", esi, 102
        CHECK_EQ "loop_count_high", edi, 0
        CHECK_EQ "en_off_counts_nothing", eax, 108

; ---------------------------------------------------------------- PMI
        mov dword [APIC_SVR], 0x1FF
        mov dword [APIC_LVT_PERF], VEC_PMI
        PMI_RUN PMIS
        CHECK_EQ "pmi_after_50th", ebx, 17
        CHECK_EQ "pmi_once", dword [PMIS], 1
        mov dword [APIC_LVT_PERF], 0x400        ; NMI delivery
        PMI_RUN NMIS
        CHECK_EQ "pmi_as_nmi_after_50th", ebx, 17
        CHECK_EQ "pmi_as_nmi_once", dword [NMIS], 1
        WRMSR32 PERFEVTSEL0, 0
        DONE

pmi_isr:
        inc dword [PMIS]
        mov dword [APIC_EOI], 0
        iretd

nmi_isr:
        inc dword [NMIS]
        iretd
