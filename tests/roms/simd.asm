; simd.asm - MMX and SSE (a Pentium III's) in 32-bit protected mode: what
; CR0.EM, CR0.TS, CR4.OSFXSR and CR4.OSXMMEXCPT make of them (#UD, #NM,
; #XM), unmasked SIMD exceptions leaving the destination alone, SSE's NaN
; rule, alignment
; (#GP for MOVAPS, not for MOVUPS), LDMXCSR's reserved bits, FXSAVE's
; image and FXRSTOR, the MM registers on the x87's (TOP, tags, exponents,
; EMMS), and FSTENV's 32-bit protected-mode layout (FCS:FIP, FOP,
; FDS:FDP).  The operations' results are checked against the host's own
; units by tests/simd/cpu-vs-host; these are the paths it cannot take.

%include "harness.inc"

D       equ 0x9000              ; scratch (16-byte aligned), DS base 0
IMG     equ 0xA000              ; FXSAVE image (16-byte aligned)

main:
        ENTER_PM
        mov eax, cr0
        and eax, ~0x0C                  ; EM = TS = 0
        or eax, 0x22                    ; NE, MP
        mov cr0, eax
        mov eax, cr4
        and eax, ~0x600                 ; OSFXSR = OSXMMEXCPT = 0
        mov cr4, eax
        mov eax, 1
        cpuid
        CHECK_MASK "cpuid_mmx_fxsr_sse", edx, 0x03800001, 0x03800001

; ---------------------------------------------------------------- enables
        TRY .u1
        addps xmm0, xmm1
.u1:    CHECK_FAULT "sse_needs_osfxsr", 6, -1
        fninit
        TRY .u2
        paddb mm0, mm1
.u2:    CHECK_FAULT "mmx_needs_no_osfxsr", -1, -1
        mov eax, cr4
        or eax, 0x200                   ; OSFXSR
        mov cr4, eax
        TRY .u3
        addps xmm0, xmm1
.u3:    CHECK_FAULT "sse_with_osfxsr", -1, -1
        mov eax, cr0
        or eax, 0x04                    ; EM
        mov cr0, eax
        TRY .u4
        addps xmm0, xmm1
.u4:    CHECK_FAULT "sse_em_ud", 6, -1
        TRY .u5
        paddb mm0, mm1
.u5:    CHECK_FAULT "mmx_em_ud", 6, -1
        TRY .u6
        fxsave [IMG]
.u6:    CHECK_FAULT "fxsave_em_nm", 7, -1
        xor eax, 0x04 | 0x08            ; EM off, TS on
        mov cr0, eax
        TRY .u7
        mulss xmm0, xmm1
.u7:    CHECK_FAULT "sse_ts_nm", 7, -1
        TRY .u8
        pxor mm0, mm0
.u8:    CHECK_FAULT "mmx_ts_nm", 7, -1
        TRY .u9
        sfence
.u9:    CHECK_FAULT "sfence_ignores_ts", -1, -1
        clts

; ---------------------------------------------------------------- exceptions
        mov dword [D], 0x3F800000       ; 1.0 in every lane
        mov dword [D + 4], 0x3F800000
        mov dword [D + 8], 0x3F800000
        mov dword [D + 12], 0x3F800000
        movaps xmm0, [D]
        xorps xmm1, xmm1
        mov dword [D + 0x20], 0x1D80    ; ZE unmasked
        ldmxcsr [D + 0x20]
        TRY .x1
        divps xmm0, xmm1
.x1:    CHECK_FAULT "unmasked_without_osxmmexcpt_ud", 6, -1
        stmxcsr [D + 0x24]
        CHECK_MASK "ze_flag_set", dword [D + 0x24], 0x3F, 0x04
        mov eax, cr4
        or eax, 0x400                   ; OSXMMEXCPT
        mov cr4, eax
        TRY .x2
        divps xmm0, xmm1
.x2:    CHECK_FAULT "unmasked_xm", 19, -1
        movss [D + 0x28], xmm0
        CHECK_EQ "destination_kept", dword [D + 0x28], 0x3F800000
        mov dword [D + 0x20], 0x1F80    ; all masked
        ldmxcsr [D + 0x20]
        divss xmm0, xmm1
        movss [D + 0x28], xmm0
        CHECK_EQ "masked_gives_infinity", dword [D + 0x28], 0x7F800000
        stmxcsr [D + 0x24]
        CHECK_MASK "masked_ze_flag", dword [D + 0x24], 0x3F, 0x04
        mov dword [D + 0x30], 0x7FC00001 ; two QNaNs: SSE keeps the first,
        mov dword [D + 0x34], 0x7FC00002 ; the x87 the larger significand
        movss xmm0, [D + 0x30]
        movss xmm1, [D + 0x34]
        addss xmm0, xmm1
        movss [D + 0x28], xmm0
        CHECK_EQ "sse_nan_rule_first_operand", dword [D + 0x28], 0x7FC00001
        mov dword [D + 0x40], 0x11111111
        mov dword [D + 0x44], 0x22222222
        mov dword [D + 0x48], 0x33333333
        mov dword [D + 0x4C], 0x44444444
        movaps xmm2, [D + 0x40]
        movaps xmm3, xmm2
        unpcklps xmm2, xmm3             ; 11 11 22 22
        unpckhps xmm3, xmm2             ; 33 22 44 22
        movups [D + 0x50], xmm2
        movups [D + 0x60], xmm3
        CHECK_EQ "unpcklps_lane1", dword [D + 0x54], 0x11111111
        CHECK_EQ "unpcklps_lane2", dword [D + 0x58], 0x22222222
        CHECK_EQ "unpckhps_lane0", dword [D + 0x60], 0x33333333
        CHECK_EQ "unpckhps_lane3", dword [D + 0x6C], 0x22222222
        mov dword [D + 0x20], 0x1FC0    ; DAZ: not on a Pentium III
        TRY .x3
        ldmxcsr [D + 0x20]
.x3:    CHECK_FAULT "ldmxcsr_daz_gp", 13, 0
        mov dword [D + 0x20], 0x11F80
        TRY .x4
        ldmxcsr [D + 0x20]
.x4:    CHECK_FAULT "ldmxcsr_reserved_gp", 13, 0

; ---------------------------------------------------------------- alignment
        TRY .a1
        movaps xmm2, [D + 4]
.a1:    CHECK_FAULT "movaps_misaligned_gp", 13, 0
        TRY .a2
        movups xmm2, [D + 4]
.a2:    CHECK_FAULT "movups_misaligned_ok", -1, -1
        TRY .a3
        addps xmm2, [D + 8]
.a3:    CHECK_FAULT "addps_misaligned_gp", 13, 0
        TRY .a4
        addss xmm2, [D + 8]
.a4:    CHECK_FAULT "addss_any_alignment", -1, -1
        TRY .a5
        fxsave [IMG + 8]
.a5:    CHECK_FAULT "fxsave_misaligned_gp", 13, 0

; ---------------------------------------------------------------- FXSAVE
        fninit
        fld1
        movaps xmm0, [D]                ; 1.0 in every lane
        mov dword [D + 0x20], 0x3F80    ; RC down
        ldmxcsr [D + 0x20]
        fxsave [IMG]
        CHECK_EQ "fxsave_fcw_fsw", dword [IMG], 0x3800037F
        CHECK_MASK "fxsave_abridged_tag", dword [IMG + 4], 0xFF, 0x80
        CHECK_EQ "fxsave_mxcsr", dword [IMG + 24], 0x3F80
        CHECK_EQ "fxsave_mxcsr_mask", dword [IMG + 28], 0xFFBF
        CHECK_EQ "fxsave_st0_hi", dword [IMG + 36], 0x80000000
        CHECK_MASK "fxsave_st0_exp", dword [IMG + 40], 0xFFFF, 0x3FFF
        CHECK_EQ "fxsave_xmm0", dword [IMG + 160], 0x3F800000
        fninit
        xorps xmm0, xmm0
        mov dword [D + 0x20], 0x1F80
        ldmxcsr [D + 0x20]
        fxrstor [IMG]
        stmxcsr [D + 0x24]
        CHECK_EQ "fxrstor_mxcsr", dword [D + 0x24], 0x3F80
        fistp dword [D + 0x28]
        CHECK_EQ "fxrstor_st0", dword [D + 0x28], 1
        movss [D + 0x28], xmm0
        CHECK_EQ "fxrstor_xmm0", dword [D + 0x28], 0x3F800000
        mov dword [IMG + 24], 0x10000   ; a reserved MXCSR bit
        TRY .f1
        fxrstor [IMG]
.f1:    CHECK_FAULT "fxrstor_bad_mxcsr_gp", 13, 0
        mov dword [D + 0x20], 0x1F80
        ldmxcsr [D + 0x20]

; ---------------------------------------------------------------- MMX on the x87
        fninit
        fld1                            ; TOP = 7
        mov dword [D], 0x11223344
        mov dword [D + 4], 0x55667788
        movq mm0, [D]
        fnstsw ax
        CHECK_MASK "mmx_sets_top_0", eax, 0x3800, 0
        fnstenv [D + 0x40]
        ; tags from the contents: R0 (MM0, exponent all ones) special, R7
        ; (the 1.0) valid
        CHECK_MASK "mmx_tags_from_contents", dword [D + 0x48], 0xC003, 0x0002
        fsave [D + 0x80]                ; R0 (= ST0, TOP 0): MM0, exponent all ones
        CHECK_EQ "mm0_in_r0_lo", dword [D + 0x80 + 28], 0x11223344
        CHECK_MASK "mm0_exponent_ones", dword [D + 0x80 + 36], 0xFFFF, 0xFFFF
        frstor [D + 0x80]
        emms
        fnstenv [D + 0x40]
        CHECK_MASK "emms_empties", dword [D + 0x48], 0xFFFF, 0xFFFF

; ---------------------------------------------------------------- FSTENV, 32-bit protected
        fninit
        mov dword [D], 0x40490FDB
insn_fadd:
        fld dword [D + 0]
        fnstenv [D + 0x40]
        CHECK_EQ "fstenv_fip", dword [D + 0x4C], insn_fadd
        CHECK_EQ "fstenv_fcs_fop", dword [D + 0x50], (0x0105 << 16) | SEL_CODE32
        CHECK_EQ "fstenv_fdp", dword [D + 0x54], D
        CHECK_EQ "fstenv_fds", dword [D + 0x58], 0xFFFF0000 | SEL_FLAT
        fninit

        DONE
