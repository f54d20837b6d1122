; x87.asm - the x87 FPU through the CPU: FNINIT's state, constants and
; the rounding control, arithmetic in every operand form, precision
; control, C1 on a round-up, FSIN, F2XM1, FYL2X and FPATAN at full
; precision, integer and BCD
; stores and their rounding, compares into the
; status word and EFLAGS, FXAM, stack overflow and underflow, #NM from
; CR0.EM/TS/MP, #MF deferred to the next waiting instruction (CR0.NE=1),
; unmasked overflow's wrapped exponent, FSTENV's real-mode layouts with
; FIP and FOP, FSAVE/FRSTOR.
;
; Expected values: the SDM (Vol.1 ch.8, Vol.2 per instruction) and, for
; every result, the host's own x87 (the same instructions run natively).
; QEMU 7.2 parts from some of them: docs/KNOWN-DIFFERENCES.md.

%include "harness.inc"

D       equ 0x8000              ; scratch RAM (DS = 0)

%macro SET_CW 1
        mov word [D + 0x100], %1
        fldcw [D + 0x100]
%endmacro

main:
        mov eax, cr0
        and eax, ~0x0C                  ; EM = TS = 0
        or eax, 0x22                    ; NE = 1, MP = 1
        mov cr0, eax

; ---------------------------------------------------------------- FNINIT
        fninit
        fnstcw [D]
        CHECK_MASK "fninit_cw", dword [D], 0xFFFF, 0x037F
        fnstsw [D]
        CHECK_MASK "fninit_sw", dword [D], 0xFFFF, 0
        fnstenv [D]
        CHECK_MASK "fninit_tags_empty", dword [D + 4], 0xFFFF, 0xFFFF

; ---------------------------------------------------------------- constants
        fldpi
        fstp tword [D]
        CHECK_EQ "fldpi_nearest_lo", dword [D], 0x2168C235
        CHECK_EQ "fldpi_nearest_hi", dword [D + 4], 0xC90FDAA2
        CHECK_MASK "fldpi_exp", dword [D + 8], 0xFFFF, 0x4000
        SET_CW 0x077F                   ; round down
        fldpi
        fstp tword [D]
        CHECK_EQ "fldpi_down_lo", dword [D], 0x2168C234
        fldl2e
        fstp tword [D]
        CHECK_EQ "fldl2e_down_lo", dword [D], 0x5C17F0BB
        SET_CW 0x037F
        fldln2
        fstp tword [D]
        CHECK_EQ "fldln2_lo", dword [D], 0xD1CF79AC
        fldlg2
        fstp tword [D]
        CHECK_EQ "fldlg2_lo", dword [D], 0xFBCFF799
        fldl2t
        fstp tword [D]
        CHECK_EQ "fldl2t_lo", dword [D], 0xCD1B8AFE

; ---------------------------------------------------------------- arithmetic
        fld1
        fadd st0, st0                   ; 2
        fsqrt
        fstp qword [D]
        CHECK_EQ "fsqrt2_lo", dword [D], 0x667F3BCD
        CHECK_EQ "fsqrt2_hi", dword [D + 4], 0x3FF6A09E
        mov dword [D + 0x10], 12345
        mov dword [D + 0x14], 3
        fild dword [D + 0x10]
        fimul dword [D + 0x14]          ; 37035
        fistp dword [D]
        CHECK_EQ "fimul_fistp", dword [D], 37035
        fild dword [D + 0x10]
        fisubr dword [D + 0x14]         ; 3 - 12345
        fistp dword [D]
        CHECK_EQ "fisubr", dword [D], -12342
        mov dword [D + 0x18], 0x40490FDB ; pi as a single
        fld dword [D + 0x18]
        fld1
        fdivr st0, st1                  ; st0 = st1 / st0 = pi/1
        fsubp st1, st0                  ; st1 = st1 - st0 = 0, pop
        ftst
        fnstsw ax
        CHECK_MASK "fsubp_zero_ftst", eax, 0x4500, 0x4000
        fstp st0
        mov dword [D + 0x20], 0
        mov dword [D + 0x24], 0x40240000 ; 10.0
        fld qword [D + 0x20]
        fdiv qword [D + 0x20]           ; 1
        fadd qword [D + 0x20]           ; 11
        fistp word [D]
        CHECK_MASK "fdiv_fadd_m64", dword [D], 0xFFFF, 11

; ---------------------------------------------------------------- precision control
        SET_CW 0x007F                   ; 24 bits, nearest
        fld1
        fidiv dword [D + 0x14]          ; 1/3
        fstp tword [D]
        CHECK_EQ "pc24_third_lo", dword [D], 0
        CHECK_EQ "pc24_third_hi", dword [D + 4], 0xAAAAAB00
        SET_CW 0x027F                   ; 53 bits
        fld1
        fidiv dword [D + 0x14]
        fstp tword [D]
        CHECK_EQ "pc53_third_lo", dword [D], 0xAAAAA800
        SET_CW 0x0B7F                   ; 64 bits, round up
        fld1
        fidiv dword [D + 0x14]          ; 1/3 rounded up: C1
        fnstsw ax
        CHECK_MASK "c1_on_round_up", eax, 0x0220, 0x0220
        fstp tword [D]
        CHECK_EQ "third_rounded_up_lo", dword [D], 0xAAAAAAAB
        SET_CW 0x037F
        fld1
        fsin                            ; at the full 64 bits
        fstp tword [D]
        CHECK_EQ "fsin_1_lo", dword [D], 0x48677021
        CHECK_EQ "fsin_1_hi", dword [D + 4], 0xD76AA478
        mov dword [D + 0x40], 0x3F000000 ; 0.5
        mov dword [D + 0x44], 0x40400000 ; 3.0
        mov dword [D + 0x48], 0x3FC00000 ; 1.5
        mov dword [D + 0x4C], 0xBF800000 ; -1.0
        fld dword [D + 0x40]
        f2xm1                           ; sqrt(2) - 1
        fstp tword [D]
        CHECK_EQ "f2xm1_half_lo", dword [D], 0xE7799211
        fld dword [D + 0x48]
        fld dword [D + 0x44]
        fyl2x                           ; 1.5 * log2(3)
        fstp tword [D]
        CHECK_EQ "fyl2x_lo", dword [D], 0xBE7072DC
        fld1
        fld dword [D + 0x4C]
        fpatan                          ; the angle of (-1, 1): 3 pi / 4
        fstp tword [D]
        CHECK_EQ "fpatan_1_m1_lo", dword [D], 0x990E91A8
        CHECK_MASK "fpatan_1_m1_exp", dword [D + 8], 0xFFFF, 0x4000

; ---------------------------------------------------------------- rounding to integers
        mov dword [D + 0x20], 0
        mov dword [D + 0x24], 0x40040000 ; 2.5
        mov dword [D + 0x28], 0
        mov dword [D + 0x2C], 0xC0040000 ; -2.5
%macro FIST_RC 4                        ; name, control word, source, expected
        SET_CW %2
        fld qword [%3]
        fistp dword [D]
        CHECK_EQ %1, dword [D], %4
%endmacro
        FIST_RC "fist_nearest_2.5", 0x037F, D + 0x20, 2
        FIST_RC "fist_down_2.5", 0x077F, D + 0x20, 2
        FIST_RC "fist_up_2.5", 0x0B7F, D + 0x20, 3
        FIST_RC "fist_zero_2.5", 0x0F7F, D + 0x20, 2
        FIST_RC "fist_nearest_-2.5", 0x037F, D + 0x28, -2
        FIST_RC "fist_down_-2.5", 0x077F, D + 0x28, -3
        FIST_RC "fist_up_-2.5", 0x0B7F, D + 0x28, -2
        SET_CW 0x037F
        fld qword [D + 0x20]
        frndint
        fistp dword [D]
        CHECK_EQ "frndint_2.5", dword [D], 2
        mov dword [D + 0x10], 123456789
        fild dword [D + 0x10]
        fchs
        fbstp [D]
        CHECK_EQ "fbstp_lo", dword [D], 0x23456789
        CHECK_EQ "fbstp_mid", dword [D + 4], 0x00000001
        CHECK_MASK "fbstp_sign", dword [D + 8], 0xFFFF, 0x8000
        fbld [D]
        fistp dword [D]
        CHECK_EQ "fbld", dword [D], -123456789
        mov dword [D], 0x80000000
        mov dword [D + 4], 0x4040       ; 2^65 >> ... : out of range for m32int
        fild qword [D]                  ; 0x0000404080000000
        fistp word [D]
        fnstsw ax
        CHECK_MASK "fist_out_of_range_ie", eax, 0x0001, 0x0001
        CHECK_MASK "fist_indefinite", dword [D], 0xFFFF, 0x8000
        fnclex

; ---------------------------------------------------------------- compares
        fld1
        fldz                            ; st0 = 0, st1 = 1
        fcom st1
        fnstsw ax
        CHECK_MASK "fcom_less", eax, 0x4500, 0x0100
        fcomi st0, st1
        CHECK_FLAGS "fcomi_less", 0x45, 0x01
        fxch
        fucomi st0, st1
        CHECK_FLAGS "fucomi_greater", 0x45, 0x00
        fcompp
        fnstsw ax
        CHECK_MASK "fcompp_pops_two", eax, 0x3800, 0x0000
        mov dword [D], 0xFFC00000       ; a QNaN single
        fld dword [D]
        fld1
        fucomip st0, st1
        CHECK_FLAGS "fucomip_unordered", 0x45, 0x45
        fnstsw ax
        CHECK_MASK "fucomip_qnan_no_ie", eax, 0x0001, 0
        fcomp st0                       ; FCOM of a NaN: invalid
        fnstsw ax
        CHECK_MASK "fcom_qnan_ie", eax, 0x4501, 0x4501
        fnclex

; ---------------------------------------------------------------- FXAM
        fninit
        fxam
        fnstsw ax
        CHECK_MASK "fxam_empty", eax, 0x4500, 0x4100
        fldz
        fxam
        fnstsw ax
        CHECK_MASK "fxam_zero", eax, 0x4700, 0x4000
        fld1
        fchs
        fxam
        fnstsw ax
        CHECK_MASK "fxam_negative_normal", eax, 0x4700, 0x0600
        mov dword [D], 0x00000001       ; a single denormal
        fld dword [D]
        fnstsw ax
        CHECK_MASK "fld_denormal_de", eax, 0x0002, 0x0002
        fxam                            ; a normal number in the extended format
        fnstsw ax
        CHECK_MASK "fxam_single_denormal_loaded", eax, 0x4500, 0x0400
        mov dword [D], 1
        mov dword [D + 4], 0
        mov dword [D + 8], 0            ; an extended denormal
        fld tword [D]
        fxam
        fnstsw ax
        CHECK_MASK "fxam_denormal", eax, 0x4500, 0x4400
        fnclex

; ---------------------------------------------------------------- stack faults
        fninit
        fld1
        fld1
        fld1
        fld1
        fld1
        fld1
        fld1
        fld1
        fnstsw ax
        CHECK_MASK "eight_pushes_no_fault", eax, 0x0041, 0
        fld1
        fnstsw ax
        CHECK_MASK "stack_overflow", eax, 0x0241, 0x0241
        fstp tword [D]
        CHECK_EQ "overflow_pushes_indefinite", dword [D + 4], 0xC0000000
        fninit
        fadd st0, st1
        fnstsw ax
        CHECK_MASK "stack_underflow", eax, 0x0241, 0x0041
        fstp tword [D]
        CHECK_MASK "underflow_result_indefinite", dword [D + 8], 0xFFFF, 0xFFFF

; ---------------------------------------------------------------- #NM
        fninit
        mov eax, cr0
        or eax, 0x08                    ; TS
        mov cr0, eax
        TRY .nm1
        fld1
.nm1:   CHECK_FAULT "ts_nm", 7, -1
        TRY .nm2
        wait
.nm2:   CHECK_FAULT "wait_mp_ts_nm", 7, -1
        clts
        mov eax, cr0
        or eax, 0x04                    ; EM
        mov cr0, eax
        TRY .nm3
        fninit
.nm3:   CHECK_FAULT "em_nm", 7, -1
        TRY .nm4
        wait
.nm4:   CHECK_FAULT "wait_ignores_em", -1, -1
        and eax, ~0x04
        mov cr0, eax

; ---------------------------------------------------------------- #MF
        fninit
        SET_CW 0x037B                   ; ZE unmasked
        fld1
        fldz
        fdivp st1, st0                  ; 1/0: not delivered, no fault yet
        fnstsw ax
        CHECK_MASK "zero_divide_pending", eax, 0x80FF, 0x8084
        TRY .mf1
        fld1
.mf1:   CHECK_FAULT "mf_at_next_waiting_insn", 16, -1
        TRY .mf2
        fnstcw [D]
.mf2:   CHECK_FAULT "fnstcw_does_not_wait", -1, -1
        fnclex
        TRY .mf3
        fld1
.mf3:   CHECK_FAULT "after_fnclex_no_fault", -1, -1
        SET_CW 0x037F

; ---------------------------------------------------------------- unmasked overflow
        fninit
        SET_CW 0x0377                   ; OE unmasked
        mov dword [D + 0x30], 0
        mov dword [D + 0x34], 0x80000000
        mov dword [D + 0x38], 0x7FFE    ; 2^16383
        fld tword [D + 0x30]
        fmul st0, st0
        fnstsw ax
        CHECK_MASK "unmasked_overflow_flags", eax, 0x00FF, 0x0088
        fnclex
        fstp tword [D]
        CHECK_MASK "unmasked_overflow_wraps", dword [D + 8], 0xFFFF, 0x5FFD
        SET_CW 0x037F

; ---------------------------------------------------------------- environment
        fninit
insn_fld1:
        fld1
        fnstenv [D]                     ; 16-bit real-mode layout
        CHECK_MASK "fstenv16_fip", dword [D + 6], 0xFFFF, (LIN(insn_fld1) & 0xFFFF)
        CHECK_MASK "fstenv16_fop", dword [D + 8], 0xFFFF, ((LIN(insn_fld1) >> 16) << 12) | 0x1E8
        CHECK_MASK "fstenv_tag_valid", dword [D + 4], 0xFFFF, 0x3FFF
        fnstcw [D + 0x40]
        CHECK_MASK "fstenv_masks_all", dword [D + 0x40], 0x3F, 0x3F
        o32 fnstenv [D]                 ; 32-bit real-mode layout
        CHECK_EQ "fstenv32_cw", dword [D], 0xFFFF037F
        CHECK_EQ "fstenv32_fip", dword [D + 12], 0xFFFF0000 | (LIN(insn_fld1) & 0xFFFF)
        CHECK_EQ "fstenv32_fop", dword [D + 16], ((LIN(insn_fld1) >> 16) << 12) | 0x1E8
        fninit
        fldpi
        fld1
        fsave [D]
        fnstcw [D + 0x100]
        CHECK_MASK "fsave_then_init", dword [D + 0x100], 0xFFFF, 0x037F
        frstor [D]
        fistp dword [D + 0x100]
        CHECK_EQ "frstor_st0", dword [D + 0x100], 1
        fistp dword [D + 0x100]
        CHECK_EQ "frstor_st1", dword [D + 0x100], 3

        DONE
