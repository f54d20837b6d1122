; alu.asm - integer ALU instructions in real mode (16-bit code, operand-size
; prefixes for 32-bit forms): flags at 8/16/32 bits including OF/CF/AF/PF
; edge cases, MUL/IMUL/DIV/IDIV and #DE, shifts and rotates, SHLD/SHRD,
; bit tests and scans, BCD adjust, SETcc/CMOVcc, BSWAP, XADD, CMPXCHG,
; CMPXCHG8B, MOVZX/MOVSX and the sign-extension instructions.
;
; Expected values follow the pseudo-code of each instruction in the Intel
; SDM, Vol. 2.  Flags an instruction leaves undefined are masked out of
; the check (e.g. AF after logic ops and shifts, OF after multi-bit shifts,
; SF/ZF/AF/PF after MUL, all flags after DIV).
;
; Table rows:
;   BIN  name, op, width, a, b, flags_in, result, mask, flags   (op a, b)
;   UN   name, op, width, a, flags_in, result, mask, flags      (op a)
;   SHC  name, op, width, a, count, flags_in, ...               (op a, cl)
;   SHI  name, op, width, a, count, flags_in, ...               (op a, imm8)
;   SHD  name, op, width, a, b, count, flags_in, ...            (op a, b, cl)
; flags_in is loaded with POPFD before the instruction.

%include "harness.inc"

%define F_CF EFLAGS_CF
%define F_PF EFLAGS_PF
%define F_AF EFLAGS_AF
%define F_ZF EFLAGS_ZF
%define F_SF EFLAGS_SF
%define F_OF EFLAGS_OF

%macro SETFLAGS 1
        push dword 0x2 | (%1)
        popfd
%endmacro

%macro RESULT 1                 ; width: zero-extend the result into EAX
%if %1 == 8
        movzx eax, al
%elif %1 == 16
        movzx eax, ax
%endif
%endmacro

; BY_WIDTH width, op, operands8, operands16, operands32: op with the
; operands of the width (8, 16 or 32).
%macro BY_WIDTH 5
%if %1 == 8
        %2 %3
%elif %1 == 16
        %2 %4
%else
        %2 %5
%endif
%endmacro

; CHECK_RESULT name, width, result, mask, flags: the flags under mask, then
; the result zero-extended from the width into EAX.
%macro CHECK_RESULT 5
        CHECK_FLAGS {%1, ".f"}, %4, %5
        RESULT %2
        CHECK_EQ {%1, ".r"}, eax, %3
%endmacro

%macro BIN 9
        mov eax, %4
        mov ebx, %5
        SETFLAGS %6
        BY_WIDTH %3, %2, {al, bl}, {ax, bx}, {eax, ebx}
        CHECK_RESULT %1, %3, %7, %8, %9
%endmacro

%macro UN 8
        mov eax, %4
        SETFLAGS %5
        BY_WIDTH %3, %2, al, ax, eax
        CHECK_RESULT %1, %3, %6, %7, %8
%endmacro

%macro SHC 9
        mov eax, %4
        mov ecx, %5
        SETFLAGS %6
        BY_WIDTH %3, %2, {al, cl}, {ax, cl}, {eax, cl}
        CHECK_RESULT %1, %3, %7, %8, %9
%endmacro

%macro SHI 9
        mov eax, %4
        SETFLAGS %6
        BY_WIDTH %3, %2, {al, %5}, {ax, %5}, {eax, %5}
        CHECK_RESULT %1, %3, %7, %8, %9
%endmacro

%macro SHD 10
        mov eax, %4
        mov ebx, %5
        mov ecx, %6
        SETFLAGS %7
        BY_WIDTH %3, %2, {}, {ax, bx, cl}, {eax, ebx, cl}
        CHECK_RESULT %1, %3, %8, %9, %10
%endmacro

; BCD name, op, al, flags_in, al_out, mask, flags   (AH kept at 0x55)
%macro BCD 7
        mov eax, 0x5500 | (%3)
        SETFLAGS %4
        %2
        CHECK_FLAGS {%1, ".f"}, %6, %7
        CHECK_EQ {%1, ".r"}, eax, 0x5500 | (%5)
%endmacro

; BCD16 name, op, ax, flags_in, ax_out, mask, flags
%macro BCD16 7
        mov eax, 0xABCD0000 | (%3)
        SETFLAGS %4
        %2
        CHECK_FLAGS {%1, ".f"}, %6, %7
        CHECK_EQ {%1, ".r"}, eax, 0xABCD0000 | (%5)
%endmacro

; BCDI name, op, imm, ax, ax_out, mask, flags
%macro BCDI 7
        mov eax, 0xABCD0000 | (%4)
        SETFLAGS 0
        %2 %3
        CHECK_FLAGS {%1, ".f"}, %6, %7
        CHECK_EQ {%1, ".r"}, eax, 0xABCD0000 | (%5)
%endmacro

F_MULMASK equ F_CF | F_OF

main:
; ------------------------------------------------------------ add/sub/logic
        BIN "add8_0", add, 8, 0x12, 0x34, 0, 0x46, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        BIN "add8_1", add, 8, 0x7F, 0x1, 0, 0x80, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_AF
        BIN "add8_2", add, 8, 0xFF, 0x1, 0, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_AF|F_PF|F_CF
        BIN "add8_3", add, 8, 0x80, 0x80, 0, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_ZF|F_PF|F_CF
        BIN "add8_4", add, 8, 0xF, 0x1, F_CF, 0x10, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_AF
        BIN "adc8_5", adc, 8, 0xFF, 0x0, F_CF, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_AF|F_PF|F_CF
        BIN "adc8_6", adc, 8, 0x7F, 0x0, F_CF, 0x80, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_AF
        BIN "adc8_7", adc, 8, 0x3F, 0x40, F_CF, 0x80, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_AF
        BIN "adc8_8", adc, 8, 0x10, 0x20, 0, 0x30, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_PF
        BIN "sub8_9", sub, 8, 0x80, 0x1, 0, 0x7F, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_AF
        BIN "sub8_10", sub, 8, 0x0, 0x1, 0, 0xFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_AF|F_PF|F_CF
        BIN "sub8_11", sub, 8, 0x10, 0x1, 0, 0xF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_AF|F_PF
        BIN "sub8_12", sub, 8, 0x42, 0x42, F_CF, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_PF
        BIN "sub8_13", sub, 8, 0x7F, 0xFF, 0, 0x80, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_CF
        BIN "sbb8_14", sbb, 8, 0x0, 0xFF, F_CF, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_AF|F_PF|F_CF
        BIN "sbb8_15", sbb, 8, 0x80, 0x7F, F_CF, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_ZF|F_AF|F_PF
        BIN "sbb8_16", sbb, 8, 0x50, 0x10, F_CF, 0x3F, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_AF|F_PF
        BIN "sbb8_17", sbb, 8, 0x50, 0x10, 0, 0x40, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        BIN "cmp8_18", cmp, 8, 0x5, 0x7, 0, 0x5, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_AF|F_CF
        BIN "cmp8_19", cmp, 8, 0x80, 0x7F, 0, 0x80, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_AF
        BIN "cmp8_20", cmp, 8, 0x33, 0x33, 0, 0x33, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_PF
        BIN "and8_21", and, 8, 0xF0, 0x8F, F_OF|F_AF|F_CF, 0x80, F_OF|F_SF|F_ZF|F_PF|F_CF, F_SF
        BIN "and8_22", and, 8, 0xF, 0xF0, 0, 0x0, F_OF|F_SF|F_ZF|F_PF|F_CF, F_ZF|F_PF
        BIN "or8_23", or, 8, 0x80, 0x1, F_OF|F_CF, 0x81, F_OF|F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF
        BIN "or8_24", or, 8, 0x0, 0x0, 0, 0x0, F_OF|F_SF|F_ZF|F_PF|F_CF, F_ZF|F_PF
        BIN "xor8_25", xor, 8, 0xAA, 0xAA, F_CF, 0x0, F_OF|F_SF|F_ZF|F_PF|F_CF, F_ZF|F_PF
        BIN "xor8_26", xor, 8, 0x5A, 0xFF, 0, 0xA5, F_OF|F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF
        BIN "test8_27", test, 8, 0x81, 0x80, F_OF|F_CF, 0x81, F_OF|F_SF|F_ZF|F_PF|F_CF, F_SF
        BIN "test8_28", test, 8, 0x81, 0x7E, 0, 0x81, F_OF|F_SF|F_ZF|F_PF|F_CF, F_ZF|F_PF
        BIN "add16_0", add, 16, 0x7FFF, 0x1, 0, 0x8000, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_AF|F_PF
        BIN "add16_1", add, 16, 0xFFFF, 0x1, 0, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_AF|F_PF|F_CF
        BIN "add16_2", add, 16, 0x8000, 0x8000, 0, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_ZF|F_PF|F_CF
        BIN "add16_3", add, 16, 0x1234, 0xFFF, 0, 0x2233, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_AF|F_PF
        BIN "adc16_4", adc, 16, 0xFFFF, 0xFFFF, F_CF, 0xFFFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_AF|F_PF|F_CF
        BIN "adc16_5", adc, 16, 0x7FFE, 0x1, F_CF, 0x8000, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_AF|F_PF
        BIN "sub16_6", sub, 16, 0x8000, 0x1, 0, 0x7FFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_AF|F_PF
        BIN "sub16_7", sub, 16, 0x0, 0x1, 0, 0xFFFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_AF|F_PF|F_CF
        BIN "sub16_8", sub, 16, 0x1000, 0x1, 0, 0xFFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_AF|F_PF
        BIN "sbb16_9", sbb, 16, 0x0, 0x0, F_CF, 0xFFFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_AF|F_PF|F_CF
        BIN "sbb16_10", sbb, 16, 0x8000, 0x0, F_CF, 0x7FFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_AF|F_PF
        BIN "cmp16_11", cmp, 16, 0x1234, 0x1235, 0, 0x1234, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_AF|F_PF|F_CF
        BIN "and16_12", and, 16, 0xFF00, 0x8001, F_CF, 0x8000, F_OF|F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF
        BIN "or16_13", or, 16, 0x100, 0x1, 0, 0x101, F_OF|F_SF|F_ZF|F_PF|F_CF, 0
        BIN "xor16_14", xor, 16, 0xFFFF, 0xFF, 0, 0xFF00, F_OF|F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF
        BIN "test16_15", test, 16, 0x8000, 0x8000, 0, 0x8000, F_OF|F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF
        BIN "add32_0", add, 32, 0x7FFFFFFF, 0x1, 0, 0x80000000, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_AF|F_PF
        BIN "add32_1", add, 32, 0xFFFFFFFF, 0x1, 0, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_AF|F_PF|F_CF
        BIN "add32_2", add, 32, 0x80000000, 0x80000000, 0, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_ZF|F_PF|F_CF
        BIN "add32_3", add, 32, 0x12345678, 0xFEDCBA8, 0, 0x22222220, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_AF
        BIN "adc32_4", adc, 32, 0xFFFFFFFF, 0x0, F_CF, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_AF|F_PF|F_CF
        BIN "adc32_5", adc, 32, 0x7FFFFFFF, 0x7FFFFFFF, F_CF, 0xFFFFFFFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_AF|F_PF
        BIN "sub32_6", sub, 32, 0x80000000, 0x1, 0, 0x7FFFFFFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_AF|F_PF
        BIN "sub32_7", sub, 32, 0x0, 0x1, 0, 0xFFFFFFFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_AF|F_PF|F_CF
        BIN "sub32_8", sub, 32, 0x10, 0x11, 0, 0xFFFFFFFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_AF|F_PF|F_CF
        BIN "sub32_9", sub, 32, 0x12345678, 0x12345678, 0, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_PF
        BIN "sbb32_10", sbb, 32, 0x0, 0xFFFFFFFF, F_CF, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_AF|F_PF|F_CF
        BIN "sbb32_11", sbb, 32, 0x80000000, 0x7FFFFFFF, F_CF, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_ZF|F_AF|F_PF
        BIN "cmp32_12", cmp, 32, 0x7FFFFFFF, 0x80000000, 0, 0x7FFFFFFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_PF|F_CF
        BIN "cmp32_13", cmp, 32, 0x1, 0x2, 0, 0x1, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_AF|F_PF|F_CF
        BIN "and32_14", and, 32, 0x80000000, 0xFFFFFFFF, F_OF|F_CF, 0x80000000, F_OF|F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF
        BIN "or32_15", or, 32, 0x800000, 0x3, 0, 0x800003, F_OF|F_SF|F_ZF|F_PF|F_CF, F_PF
        BIN "xor32_16", xor, 32, 0xDEADBEEF, 0xDEADBEEF, 0, 0x0, F_OF|F_SF|F_ZF|F_PF|F_CF, F_ZF|F_PF
        BIN "test32_17", test, 32, 0xF0000000, 0xFFFFFFF, 0, 0xF0000000, F_OF|F_SF|F_ZF|F_PF|F_CF, F_ZF|F_PF
; ------------------------------------------------------------ inc/dec/neg/not
        UN "inc8_0", inc, 8, 0x7F, 0, 0x80, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_AF
        UN "inc8_1", inc, 8, 0xFF, F_CF, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_AF|F_PF|F_CF
        UN "inc8_2", inc, 8, 0xF, 0, 0x10, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_AF
        UN "dec8_3", dec, 8, 0x80, F_CF, 0x7F, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_AF|F_CF
        UN "dec8_4", dec, 8, 0x0, 0, 0xFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_AF|F_PF
        UN "dec8_5", dec, 8, 0x1, F_CF, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_PF|F_CF
        UN "neg8_6", neg, 8, 0x0, F_CF, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_PF
        UN "neg8_7", neg, 8, 0x80, 0, 0x80, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_CF
        UN "neg8_8", neg, 8, 0x1, 0, 0xFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_AF|F_PF|F_CF
        UN "neg8_9", neg, 8, 0x10, 0, 0xF0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_PF|F_CF
        UN "not8_10", not, 8, 0x5A, F_OF|F_ZF|F_CF, 0xA5, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_ZF|F_CF
        UN "inc16_11", inc, 16, 0x7FFF, 0, 0x8000, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_AF|F_PF
        UN "inc16_12", inc, 16, 0xFFFF, F_CF, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_AF|F_PF|F_CF
        UN "dec16_13", dec, 16, 0x8000, 0, 0x7FFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_AF|F_PF
        UN "neg16_14", neg, 16, 0x8000, 0, 0x8000, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_PF|F_CF
        UN "neg16_15", neg, 16, 0x1, 0, 0xFFFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_AF|F_PF|F_CF
        UN "not16_16", not, 16, 0x1234, 0, 0xEDCB, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        UN "inc32_17", inc, 32, 0x7FFFFFFF, 0, 0x80000000, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_AF|F_PF
        UN "inc32_18", inc, 32, 0xFFFFFFFF, 0, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_AF|F_PF
        UN "dec32_19", dec, 32, 0x0, F_CF, 0xFFFFFFFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_AF|F_PF|F_CF
        UN "dec32_20", dec, 32, 0x80000000, 0, 0x7FFFFFFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_AF|F_PF
        UN "neg32_21", neg, 32, 0x80000000, 0, 0x80000000, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_PF|F_CF
        UN "neg32_22", neg, 32, 0x0, F_CF, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_PF
        UN "neg32_23", neg, 32, 0x12345678, 0, 0xEDCBA988, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_AF|F_PF|F_CF
        UN "not32_24", not, 32, 0x0, F_SF|F_PF, 0xFFFFFFFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_PF
; ------------------------------------------------------------ shifts/rotates
; ROL/ROR/RCL/RCR leave SF/ZF/AF/PF alone; OF is defined for count 1 only;
; a ROL/ROR whose masked count is a multiple of the width still sets CF
; (SDM: CF <- LSB/MSB of DEST when (COUNT & COUNTMASK) != 0).
        SHC "shl8_0", shl, 8, 0x81, 1, 0, 0x2, F_OF|F_SF|F_ZF|F_PF|F_CF, F_OF|F_CF
        SHC "shl8_1", shl, 8, 0x40, 1, F_CF, 0x80, F_OF|F_SF|F_ZF|F_PF|F_CF, F_OF|F_SF
        SHC "shl8_2", shl, 8, 0xF, 4, 0, 0xF0, F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF
        SHC "shl8_3", shl, 8, 0xFF, 0, F_OF|F_ZF|F_CF, 0xFF, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_ZF|F_CF
        SHC "shl8_4", shl, 8, 0x1, 7, 0, 0x80, F_SF|F_ZF|F_PF|F_CF, F_SF
        SHC "shr8_5", shr, 8, 0x81, 1, 0, 0x40, F_OF|F_SF|F_ZF|F_PF|F_CF, F_OF|F_CF
        SHC "shr8_6", shr, 8, 0x1, 1, 0, 0x0, F_OF|F_SF|F_ZF|F_PF|F_CF, F_ZF|F_PF|F_CF
        SHC "shr8_7", shr, 8, 0xF0, 4, F_CF, 0xF, F_SF|F_ZF|F_PF|F_CF, F_PF
        SHC "shr8_8", shr, 8, 0x80, 7, 0, 0x1, F_SF|F_ZF|F_PF|F_CF, 0
        SHC "sar8_9", sar, 8, 0x81, 1, 0, 0xC0, F_OF|F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF|F_CF
        SHC "sar8_10", sar, 8, 0x80, 7, 0, 0xFF, F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF
        SHC "sar8_11", sar, 8, 0x7F, 3, F_CF, 0xF, F_SF|F_ZF|F_PF|F_CF, F_PF|F_CF
        SHC "rol8_12", rol, 8, 0x81, 1, 0, 0x3, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_CF
        SHC "rol8_13", rol, 8, 0x40, 1, F_SF|F_ZF|F_PF, 0x80, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_SF|F_ZF|F_PF
        SHC "rol8_14", rol, 8, 0x12, 4, 0, 0x21, F_SF|F_ZF|F_AF|F_PF|F_CF, F_CF
        SHC "rol8_15", rol, 8, 0xA5, 8, 0, 0xA5, F_SF|F_ZF|F_AF|F_PF|F_CF, F_CF
        SHC "rol8_16", rol, 8, 0x1, 9, 0, 0x2, F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        SHC "ror8_17", ror, 8, 0x1, 1, 0, 0x80, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_CF
        SHC "ror8_18", ror, 8, 0x2, 1, F_CF, 0x1, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        SHC "ror8_19", ror, 8, 0x12, 4, F_ZF, 0x21, F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF
        SHC "ror8_20", ror, 8, 0x81, 3, 0, 0x30, F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        SHC "rcl8_21", rcl, 8, 0x80, 1, 0, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_CF
        SHC "rcl8_22", rcl, 8, 0x40, 1, F_CF, 0x81, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF
        SHC "rcl8_23", rcl, 8, 0x81, 3, F_CF, 0xE, F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        SHC "rcl8_24", rcl, 8, 0x55, 9, F_CF, 0x55, F_SF|F_ZF|F_AF|F_PF|F_CF, F_CF
        SHC "rcl8_25", rcl, 8, 0x55, 10, 0, 0xAA, F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        SHC "rcr8_26", rcr, 8, 0x1, 1, 0, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_CF
        SHC "rcr8_27", rcr, 8, 0x0, 1, F_CF, 0x80, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF
        SHC "rcr8_28", rcr, 8, 0x81, 3, F_CF, 0x70, F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        SHC "rcr8_29", rcr, 8, 0xAA, 9, 0, 0xAA, F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        SHC "rcr8_30", rcr, 8, 0xAA, 12, F_CF, 0xB5, F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        SHC "shl16_31", shl, 16, 0x8001, 1, 0, 0x2, F_OF|F_SF|F_ZF|F_PF|F_CF, F_OF|F_CF
        SHC "shl16_32", shl, 16, 0x4000, 1, 0, 0x8000, F_OF|F_SF|F_ZF|F_PF|F_CF, F_OF|F_SF|F_PF
        SHC "shl16_33", shl, 16, 0x1234, 12, 0, 0x4000, F_SF|F_ZF|F_PF|F_CF, F_PF|F_CF
        SHC "shr16_34", shr, 16, 0x8000, 15, 0, 0x1, F_SF|F_ZF|F_PF|F_CF, 0
        SHC "shr16_35", shr, 16, 0xFFFF, 1, 0, 0x7FFF, F_OF|F_SF|F_ZF|F_PF|F_CF, F_OF|F_PF|F_CF
        SHC "sar16_36", sar, 16, 0x8000, 15, 0, 0xFFFF, F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF
        SHC "sar16_37", sar, 16, 0x4321, 1, 0, 0x2190, F_OF|F_SF|F_ZF|F_PF|F_CF, F_PF|F_CF
        SHC "rol16_38", rol, 16, 0x8001, 1, 0, 0x3, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_CF
        SHC "rol16_39", rol, 16, 0x1234, 8, 0, 0x3412, F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        SHC "ror16_40", ror, 16, 0x1, 1, 0, 0x8000, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_CF
        SHC "ror16_41", ror, 16, 0xABCD, 4, 0, 0xDABC, F_SF|F_ZF|F_AF|F_PF|F_CF, F_CF
        SHC "rcl16_42", rcl, 16, 0x8000, 1, 0, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_CF
        SHC "rcl16_43", rcl, 16, 0x1234, 17, F_CF, 0x1234, F_SF|F_ZF|F_AF|F_PF|F_CF, F_CF
        SHC "rcl16_44", rcl, 16, 0x1234, 5, F_CF, 0x4691, F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        SHC "rcr16_45", rcr, 16, 0x1, 1, F_CF, 0x8000, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_CF
        SHC "rcr16_46", rcr, 16, 0x1234, 5, F_CF, 0x4891, F_SF|F_ZF|F_AF|F_PF|F_CF, F_CF
        SHC "rcr16_47", rcr, 16, 0x8421, 16, 0, 0x842, F_SF|F_ZF|F_AF|F_PF|F_CF, F_CF
        SHC "shl32_48", shl, 32, 0x80000001, 1, 0, 0x2, F_OF|F_SF|F_ZF|F_PF|F_CF, F_OF|F_CF
        SHC "shl32_49", shl, 32, 0x12345678, 4, 0, 0x23456780, F_SF|F_ZF|F_PF|F_CF, F_CF
        SHC "shl32_50", shl, 32, 0xFFFFFFFF, 31, 0, 0x80000000, F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF|F_CF
        SHC "shl32_51", shl, 32, 0x1, 32, F_SF|F_CF, 0x1, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_CF
        SHC "shl32_52", shl, 32, 0x1, 33, 0, 0x2, F_OF|F_SF|F_ZF|F_PF|F_CF, 0
        SHC "shr32_53", shr, 32, 0x80000000, 31, 0, 0x1, F_SF|F_ZF|F_PF|F_CF, 0
        SHC "shr32_54", shr, 32, 0x80000001, 1, 0, 0x40000000, F_OF|F_SF|F_ZF|F_PF|F_CF, F_OF|F_PF|F_CF
        SHC "sar32_55", sar, 32, 0x80000000, 31, 0, 0xFFFFFFFF, F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF
        SHC "sar32_56", sar, 32, 0x87654321, 4, 0, 0xF8765432, F_SF|F_ZF|F_PF|F_CF, F_SF
        SHC "rol32_57", rol, 32, 0x80000000, 1, 0, 0x1, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_CF
        SHC "rol32_58", rol, 32, 0x12345678, 8, 0, 0x34567812, F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        SHC "rol32_59", rol, 32, 0x12345678, 36, 0, 0x23456781, F_SF|F_ZF|F_AF|F_PF|F_CF, F_CF
        SHC "ror32_60", ror, 32, 0x1, 1, 0, 0x80000000, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_CF
        SHC "ror32_61", ror, 32, 0x12345678, 12, 0, 0x67812345, F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        SHC "rcl32_62", rcl, 32, 0x80000000, 1, 0, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_CF
        SHC "rcl32_63", rcl, 32, 0x12345678, 4, F_CF, 0x23456788, F_SF|F_ZF|F_AF|F_PF|F_CF, F_CF
        SHC "rcl32_64", rcl, 32, 0x12345678, 31, F_CF, 0x448D159E, F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        SHC "rcr32_65", rcr, 32, 0x1, 1, 0, 0x0, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_CF
        SHC "rcr32_66", rcr, 32, 0x12345678, 4, F_CF, 0x11234567, F_SF|F_ZF|F_AF|F_PF|F_CF, F_CF
        SHC "rcr32_67", rcr, 32, 0x80000001, 1, F_CF, 0xC0000000, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_CF
        SHI "shl8i_0", shl, 8, 0x81, 1, 0, 0x2, F_OF|F_SF|F_ZF|F_PF|F_CF, F_OF|F_CF
        SHI "sar16i_1", sar, 16, 0x8001, 1, 0, 0xC000, F_OF|F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF|F_CF
        SHI "ror32i_2", ror, 32, 0x3, 1, 0, 0x80000001, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_CF
        SHI "rcl8i_3", rcl, 8, 0x81, 1, F_CF, 0x3, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_OF|F_CF
        SHI "shr32i_4", shr, 32, 0xF0000000, 28, 0, 0xF, F_SF|F_ZF|F_PF|F_CF, F_PF
        SHI "rol16i_5", rol, 16, 0x8000, 3, 0, 0x4, F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        SHI "rcr16i_6", rcr, 16, 0x3, 2, 0, 0x8000, F_SF|F_ZF|F_AF|F_PF|F_CF, F_CF
        SHD "shld32_0", shld, 32, 0x12345678, 0x9ABCDEF0, 4, 0, 0x23456789, F_SF|F_ZF|F_PF|F_CF, F_CF
        SHD "shld32_1", shld, 32, 0x80000000, 0x80000000, 1, 0, 0x1, F_OF|F_SF|F_ZF|F_PF|F_CF, F_OF|F_CF
        SHD "shld32_2", shld, 32, 0x40000000, 0x0, 1, F_CF, 0x80000000, F_OF|F_SF|F_ZF|F_PF|F_CF, F_OF|F_SF|F_PF
        SHD "shld32_3", shld, 32, 0x12345678, 0xFFFFFFFF, 0, F_ZF|F_CF, 0x12345678, F_OF|F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_CF
        SHD "shld32_4", shld, 32, 0x1, 0x80000000, 31, 0, 0xC0000000, F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF
        SHD "shrd32_5", shrd, 32, 0x12345678, 0x9ABCDEF0, 4, 0, 0x1234567, F_SF|F_ZF|F_PF|F_CF, F_CF
        SHD "shrd32_6", shrd, 32, 0x1, 0x0, 1, 0, 0x0, F_OF|F_SF|F_ZF|F_PF|F_CF, F_ZF|F_PF|F_CF
        SHD "shrd32_7", shrd, 32, 0x1, 0x1, 1, 0, 0x80000000, F_OF|F_SF|F_ZF|F_PF|F_CF, F_OF|F_SF|F_PF|F_CF
        SHD "shrd32_8", shrd, 32, 0x80000000, 0x1, 31, 0, 0x3, F_SF|F_ZF|F_PF|F_CF, F_PF
        SHD "shld16_9", shld, 16, 0x1234, 0xABCD, 4, 0, 0x234A, F_SF|F_ZF|F_PF|F_CF, F_CF
        SHD "shld16_10", shld, 16, 0x8000, 0x0, 1, 0, 0x0, F_OF|F_SF|F_ZF|F_PF|F_CF, F_OF|F_ZF|F_PF|F_CF
        SHD "shld16_11", shld, 16, 0xFF, 0xFF00, 8, 0, 0xFFFF, F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF
        SHD "shrd16_12", shrd, 16, 0x1234, 0xABCD, 4, 0, 0xD123, F_SF|F_ZF|F_PF|F_CF, F_SF
        SHD "shrd16_13", shrd, 16, 0x1, 0x8000, 16, 0, 0x8000, F_SF|F_ZF|F_PF|F_CF, F_SF|F_PF
        SHD "shld16_14", shld, 16, 0x1234, 0x5678, 36, 0, 0x2345, F_SF|F_ZF|F_PF|F_CF, F_CF
; ------------------------------------------------------------ BCD
        BCD "daa_0", daa, 0xA, 0, 0x10, F_SF|F_ZF|F_AF|F_PF|F_CF, F_AF
        BCD "daa_1", daa, 0x99, 0, 0x99, F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_PF
        BCD "daa_2", daa, 0x9A, 0, 0x0, F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_AF|F_PF|F_CF
        BCD "daa_3", daa, 0x15, F_AF, 0x1B, F_SF|F_ZF|F_AF|F_PF|F_CF, F_AF|F_PF
        BCD "daa_4", daa, 0x0, F_CF, 0x60, F_SF|F_ZF|F_AF|F_PF|F_CF, F_PF|F_CF
        BCD "daa_5", daa, 0xFF, 0, 0x65, F_SF|F_ZF|F_AF|F_PF|F_CF, F_AF|F_PF|F_CF
        BCD "daa_6", daa, 0x79, 0, 0x79, F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        BCD "das_0", das, 0xA, 0, 0x4, F_SF|F_ZF|F_AF|F_PF|F_CF, F_AF
        BCD "das_1", das, 0x9A, 0, 0x34, F_SF|F_ZF|F_AF|F_PF|F_CF, F_AF|F_CF
        BCD "das_2", das, 0x0, F_AF, 0xFA, F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_AF|F_PF|F_CF
        BCD "das_3", das, 0x10, F_CF, 0xB0, F_SF|F_ZF|F_AF|F_PF|F_CF, F_SF|F_CF
        BCD "das_4", das, 0x45, 0, 0x45, F_SF|F_ZF|F_AF|F_PF|F_CF, 0
        BCD "das_5", das, 0x6, F_AF, 0x0, F_SF|F_ZF|F_AF|F_PF|F_CF, F_ZF|F_AF|F_PF
        BCD16 "aaa_0", aaa, 0xA, 0, 0x100, F_AF|F_CF, F_AF|F_CF
        BCD16 "aaa_1", aaa, 0x105, 0, 0x105, F_AF|F_CF, 0
        BCD16 "aaa_2", aaa, 0x200, F_AF, 0x306, F_AF|F_CF, F_AF|F_CF
        BCD16 "aaa_3", aaa, 0x1FA, 0, 0x300, F_AF|F_CF, F_AF|F_CF
        BCD16 "aaa_4", aaa, 0xF9, 0, 0x9, F_AF|F_CF, 0
        BCD16 "aas_0", aas, 0x20A, 0, 0x104, F_AF|F_CF, F_AF|F_CF
        BCD16 "aas_1", aas, 0x105, 0, 0x105, F_AF|F_CF, 0
        BCD16 "aas_2", aas, 0x203, F_AF, 0xD, F_AF|F_CF, F_AF|F_CF
        BCD16 "aas_3", aas, 0x100, F_AF, 0xFF0A, F_AF|F_CF, F_AF|F_CF
        BCDI "aam_0", aam, 10, 0x63, 0x909, F_SF|F_ZF|F_PF, F_PF
        BCDI "aam_1", aam, 10, 0x1200, 0x0, F_SF|F_ZF|F_PF, F_ZF|F_PF
        BCDI "aam_2", aam, 16, 0xFF, 0xF0F, F_SF|F_ZF|F_PF, F_PF
        BCDI "aam_3", aam, 7, 0x5, 0x5, F_SF|F_ZF|F_PF, F_PF
        BCDI "aad_0", aad, 10, 0x907, 0x61, F_SF|F_ZF|F_PF, 0
        BCDI "aad_1", aad, 10, 0x0, 0x0, F_SF|F_ZF|F_PF, F_ZF|F_PF
        BCDI "aad_2", aad, 16, 0xF0F, 0xFF, F_SF|F_ZF|F_PF, F_SF|F_PF
        BCDI "aad_3", aad, 32, 0x1234, 0x74, F_SF|F_ZF|F_PF, F_PF
; ------------------------------------------------------------ other forms
        ; 83 /0 ib sign-extends the immediate: 0x1234 + (-1)
        mov eax, 0x1234
        SETFLAGS 0
        add ax, -1
        CHECK_FLAGS "add16_imm8.f", EFLAGS_ARITH, F_CF | F_AF | F_PF
        CHECK_EQ "add16_imm8.r", eax, 0x1233
        mov eax, 0x10
        sub eax, byte -0x10             ; 0x10 + 0x10, borrow out of 0x10 - 0xFFFFFFF0
        CHECK_FLAGS "sub32_imm8.f", EFLAGS_ARITH, F_CF
        CHECK_EQ "sub32_imm8.r", eax, 0x20
        ; memory destination and source
        mov dword [0x8000], 0x000000FF
        mov bl, 1
        add byte [0x8000], bl
        CHECK_FLAGS "add8_mem.f", EFLAGS_ARITH, F_CF | F_ZF | F_AF | F_PF
        CHECK_VAR "add8_mem.r", 0x8000, 0x00000000
        mov dword [0x8000], 0x80000000
        mov eax, 1
        sub eax, [0x8000]               ; 1 - 0x80000000 = 0x80000001, OF
        CHECK_FLAGS "sub32_mem.f", EFLAGS_ARITH, F_OF | F_SF | F_CF
        CHECK_EQ "sub32_mem.r", eax, 0x80000001
        mov word [0x8000], 0x00F0
        SETFLAGS F_CF
        adc word [0x8000], 0x0F
        CHECK_FLAGS "adc16_memimm.f", EFLAGS_ARITH, F_AF | F_PF
        CHECK_VAR "adc16_memimm.r", 0x8000, 0x80000100
        mov dword [0x8000], 0x7FFFFFFF
        inc dword [0x8000]
        CHECK_FLAGS "inc32_mem.f", EFLAGS_ARITH & ~F_CF, F_OF | F_SF | F_AF | F_PF
        CHECK_VAR "inc32_mem.r", 0x8000, 0x80000000
        mov dword [0x8000], 0x00000001
        neg dword [0x8000]
        CHECK_FLAGS "neg32_mem.f", EFLAGS_ARITH, F_SF | F_AF | F_PF | F_CF
        CHECK_VAR "neg32_mem.r", 0x8000, 0xFFFFFFFF
        mov byte [0x8000], 0x03
        shl byte [0x8000], 7            ; 0x80, CF from bit 1 = 1
        CHECK_FLAGS "shl8_mem.f", F_CF | F_ZF | F_SF, F_CF | F_SF
        CHECK_VAR "shl8_mem.r", 0x8000, 0xFFFFFF80

; ------------------------------------------------------------ MUL/IMUL
        mov eax, 0x80
        mov ebx, 0x02
        mul bl
        CHECK_FLAGS "mul8_big.f", F_MULMASK, F_CF | F_OF
        CHECK_EQ "mul8_big.r", eax, 0x0100
        mov eax, 0xFFFF000F
        mov ebx, 0x10
        mul bl
        CHECK_FLAGS "mul8_small.f", F_MULMASK, 0
        CHECK_EQ "mul8_small.r", eax, 0xFFFF00F0
        mov eax, 0x1234
        mov ebx, 0x0100
        mov edx, 0xFFFFFFFF
        mul bx
        CHECK_FLAGS "mul16.f", F_MULMASK, F_CF | F_OF
        CHECK_EQ "mul16.ax", eax, 0x3400
        CHECK_EQ "mul16.dx", edx, 0xFFFF0012
        mov eax, 0xFFFFFFFF
        mov ebx, 0xFFFFFFFF
        mul ebx
        CHECK_FLAGS "mul32.f", F_MULMASK, F_CF | F_OF
        CHECK_EQ "mul32.eax", eax, 0x00000001
        CHECK_EQ "mul32.edx", edx, 0xFFFFFFFE
        mov eax, 0x12345678
        mov dword [0x8000], 0x00000002
        mul dword [0x8000]
        CHECK_FLAGS "mul32_mem.f", F_MULMASK, 0
        CHECK_EQ "mul32_mem.eax", eax, 0x2468ACF0
        CHECK_EQ "mul32_mem.edx", edx, 0
        ; one-operand IMUL: CF=OF=1 when the high half is not the sign
        ; extension of the low half
        mov eax, 0xFF
        mov ebx, 0x80
        imul bl                         ; -1 * -128 = 128
        CHECK_FLAGS "imul8_ovf.f", F_MULMASK, F_CF | F_OF
        CHECK_EQ "imul8_ovf.r", eax, 0x0080
        mov eax, 0xFE
        mov ebx, 0x03
        imul bl                         ; -2 * 3 = -6
        CHECK_FLAGS "imul8.f", F_MULMASK, 0
        CHECK_EQ "imul8.r", eax, 0xFFFA
        mov eax, 0x8000
        mov ebx, 0xFFFF
        imul bx                         ; -32768 * -1 = 32768
        CHECK_FLAGS "imul16_ovf.f", F_MULMASK, F_CF | F_OF
        CHECK_EQ "imul16_ovf.ax", eax, 0x8000
        CHECK_EQ "imul16_ovf.dx", edx, 0x0000
        mov eax, 0xFFFFFFFE
        mov ebx, 0x40000000
        imul ebx                        ; -2 * 2^30 = -2^31 fits
        CHECK_FLAGS "imul32.f", F_MULMASK, 0
        CHECK_EQ "imul32.eax", eax, 0x80000000
        CHECK_EQ "imul32.edx", edx, 0xFFFFFFFF
        ; two- and three-operand forms keep the truncated product
        mov eax, 0x0100
        mov ebx, 0x0100
        imul ax, bx
        CHECK_FLAGS "imul16_2op.f", F_MULMASK, F_CF | F_OF
        CHECK_EQ "imul16_2op.r", eax, 0x0000
        mov ebx, 5
        imul eax, ebx, -3
        CHECK_FLAGS "imul32_3op_imm8.f", F_MULMASK, 0
        CHECK_EQ "imul32_3op_imm8.r", eax, 0xFFFFFFF1
        mov ebx, 0x10000
        mov ecx, 0x12345678
        imul ecx, ebx, 0x10000
        CHECK_FLAGS "imul32_3op_imm32.f", F_MULMASK, F_CF | F_OF
        CHECK_EQ "imul32_3op_imm32.r", ecx, 0
        mov edx, 0xAAAA0000
        mov ebx, 100
        imul dx, bx, 300
        CHECK_FLAGS "imul16_3op.f", F_MULMASK, 0
        CHECK_EQ "imul16_3op.r", edx, 0xAAAA7530
        mov dword [0x8000], 0xFFFFFFF9   ; -7
        mov esi, 0x12345
        imul esi, [0x8000]              ; -0x7F6E3 = 0xFFF8091D
        CHECK_FLAGS "imul32_mem.f", F_MULMASK, 0
        CHECK_EQ "imul32_mem.r", esi, 0xFFF8091D

; ------------------------------------------------------------ DIV/IDIV
        mov eax, 0x0103
        mov ebx, 0x10
        div bl
        CHECK_EQ "div8", eax, 0x0310
        mov edx, 0x0001
        mov eax, 0x0000
        mov ebx, 3
        div bx
        CHECK_EQ "div16.q", eax, 0x5555
        CHECK_EQ "div16.r", edx, 0x0001
        mov edx, 1
        mov eax, 0
        mov ebx, 0x10
        div ebx
        CHECK_EQ "div32.q", eax, 0x10000000
        CHECK_EQ "div32.r", edx, 0
        mov eax, 0xFF9C                 ; -100 / 7
        mov ebx, 7
        idiv bl
        CHECK_EQ "idiv8", eax, 0xFEF2
        mov eax, 0xFF00                 ; -256 / 2 = -128 is representable
        mov ebx, 2
        idiv bl
        CHECK_EQ "idiv8_min", eax, 0x0080
        mov edx, 0xFFFF
        mov eax, 0xFC18                 ; -1000 / -7
        mov ebx, 0xFFF9
        idiv bx
        CHECK_EQ "idiv16.q", eax, 0x008E
        CHECK_EQ "idiv16.r", edx, 0xFFFA
        mov edx, 0
        mov eax, 100
        mov dword [0x8000], -3
        idiv dword [0x8000]
        CHECK_EQ "idiv32.q", eax, 0xFFFFFFDF
        CHECK_EQ "idiv32.r", edx, 1
        ; #DE (vector 0) is a fault: CS:IP of the DIV, no register changed
        mov eax, 0x11111111
        mov edx, 0x22222222
        xor ebx, ebx
        TRY .de1
.de1_insn:
        div ebx
.de1:   CHECK_FAULT "div32_by_zero", 0, -1
        CHECK_VAR "div32_by_zero.ip", EXC_EIP, .de1_insn
        CHECK_EQ "div32_by_zero.eax", eax, 0x11111111
        CHECK_EQ "div32_by_zero.edx", edx, 0x22222222
        mov edx, 1
        mov eax, 0
        mov ebx, 1
        TRY .de2
        div ebx                         ; quotient 2^32 does not fit
.de2:   CHECK_FAULT "div32_overflow", 0, -1
        CHECK_EQ "div32_overflow.eax", eax, 0
        CHECK_EQ "div32_overflow.edx", edx, 1
        mov eax, 0x8000                 ; -32768 / -1 = 32768 > 127
        mov ebx, 0xFF
        TRY .de3
        idiv bl
.de3:   CHECK_FAULT "idiv8_overflow", 0, -1
        CHECK_EQ "idiv8_overflow.ax", eax, 0x8000
        mov edx, 0xFFFFFFFF
        mov eax, 0x80000000             ; -2^31 / -1
        mov ebx, 0xFFFFFFFF
        TRY .de4
        idiv ebx
.de4:   CHECK_FAULT "idiv32_overflow", 0, -1
        mov eax, 0x0100                 ; 256 / 1 = 256 > 255
        mov ebx, 1
        TRY .de5
        div bl
.de5:   CHECK_FAULT "div8_overflow", 0, -1
        CHECK_EQ "div8_overflow.ax", eax, 0x0100

        mov eax, 0x1234
        TRY .de6
        aam 0                           ; AAM with a zero base: #DE
.de6:   CHECK_FAULT "aam0_de", 0, -1
        CHECK_EQ "aam0_de.ax", eax, 0x1234

; ------------------------------------------------------------ BT family
        mov eax, 0x20
        SETFLAGS F_ZF
        bt eax, 5
        CHECK_FLAGS "bt32_imm.f", F_CF | F_ZF, F_CF | F_ZF     ; ZF unaffected
        mov eax, 0x0002
        bt ax, 17                       ; imm taken modulo 16: bit 1
        CHECK_FLAGS "bt16_immmod.f", F_CF, F_CF
        mov eax, 0x20
        mov ecx, 37                     ; register offset modulo 32: bit 5
        bt eax, ecx
        CHECK_FLAGS "bt32_regmod.f", F_CF, F_CF
        xor ebx, ebx
        mov ecx, 31
        bts ebx, ecx
        CHECK_FLAGS "bts32.f", F_CF, 0
        CHECK_EQ "bts32.r", ebx, 0x80000000
        mov ebx, 0xFFFFFFFF
        btr ebx, 0
        CHECK_FLAGS "btr32.f", F_CF, F_CF
        CHECK_EQ "btr32.r", ebx, 0xFFFFFFFE
        mov ebx, 0x0F
        btc ebx, 4
        CHECK_FLAGS "btc32.f", F_CF, 0
        CHECK_EQ "btc32.r", ebx, 0x1F
        mov ebx, 0xFFFF8000
        btc bx, 15
        CHECK_FLAGS "btc16.f", F_CF, F_CF
        CHECK_EQ "btc16.r", ebx, 0xFFFF0000
        ; memory operand with a register offset addresses a bit string:
        ; the offset is signed and may leave the operand
        mov dword [0x8000], 1
        mov dword [0x8004], 0
        mov dword [0x8008], 0
        mov ecx, 0xFFFFFFFF
        bts word [0x8008], cx           ; -1: bit 15 of the word at 0x8006
        CHECK_FLAGS "bts16_mem_neg.f", F_CF, 0
        CHECK_VAR "bts16_mem_neg.r", 0x8004, 0x80000000
        CHECK_VAR "bts16_mem_neg.untouched", 0x8008, 0
        mov ecx, 63
        bt dword [0x8000], ecx          ; bit 31 of the dword at 0x8004
        CHECK_FLAGS "bt32_mem_far.f", F_CF, F_CF
        mov ecx, -32
        btr dword [0x8004], ecx         ; bit 0 of the dword at 0x8000
        CHECK_FLAGS "btr32_mem_neg.f", F_CF, F_CF
        CHECK_VAR "btr32_mem_neg.r", 0x8000, 0
        btc dword [0x8000], 33          ; immediate: modulo 32, bit 1
        CHECK_FLAGS "btc32_mem_imm.f", F_CF, 0
        CHECK_VAR "btc32_mem_imm.r", 0x8000, 2
        CHECK_VAR "btc32_mem_imm.untouched", 0x8004, 0x80000000

; ------------------------------------------------------------ BSF/BSR
        mov ebx, 0x00018000
        mov eax, 0xFFFFFFFF
        bsf eax, ebx
        CHECK_FLAGS "bsf32.f", F_ZF, 0
        CHECK_EQ "bsf32.r", eax, 15
        bsr eax, ebx
        CHECK_EQ "bsr32.r", eax, 16
        mov ebx, 0x8000
        mov eax, 0x12340000
        bsf ax, bx
        CHECK_EQ "bsf16.r", eax, 0x1234000F
        mov ebx, 1
        bsr ecx, ebx
        CHECK_FLAGS "bsr32_bit0.f", F_ZF, 0
        CHECK_EQ "bsr32_bit0.r", ecx, 0
        mov dword [0x8000], 0x80000000
        bsf edx, [0x8000]
        CHECK_EQ "bsf32_mem.r", edx, 31
        xor ebx, ebx
        bsf eax, ebx                    ; source 0: ZF=1, destination undefined
        CHECK_FLAGS "bsf32_zero.f", F_ZF, F_ZF
        bsr eax, ebx
        CHECK_FLAGS "bsr32_zero.f", F_ZF, F_ZF

; ------------------------------------------------------------ SETcc
; Two flag states; bit i of the packed result is the i-th condition in the
; order o no b ae e ne be a s ns p np l ge le g (SDM Vol. 1 App. B).
%macro SETALL 0
        seto  [0x8100]
        setno [0x8101]
        setb  [0x8102]
        setae [0x8103]
        sete  [0x8104]
        setne [0x8105]
        setbe [0x8106]
        seta  [0x8107]
        sets  [0x8108]
        setns [0x8109]
        setp  [0x810A]
        setnp [0x810B]
        setl  [0x810C]
        setge [0x810D]
        setle [0x810E]
        setg  [0x810F]
        xor eax, eax
        mov si, 0x810F
%%pack: shl eax, 1
        or al, [si]
        dec si
        cmp si, 0x8100
        jae %%pack
%endmacro
        SETFLAGS F_CF | F_SF | F_PF             ; CF=1 ZF=0 SF=1 OF=0 PF=1
        SETALL
        CHECK_EQ "setcc_a", eax, 0x5566
        SETFLAGS F_ZF | F_SF | F_OF             ; CF=0 ZF=1 SF=1 OF=1 PF=0
        SETALL
        CHECK_EQ "setcc_b", eax, 0x6959
        SETFLAGS 0                              ; all clear
        SETALL
        CHECK_EQ "setcc_c", eax, 0xAAAA
        mov eax, 0xFFFFFF00
        SETFLAGS F_ZF
        setz al
        CHECK_EQ "setz_reg", eax, 0xFFFFFF01

; ------------------------------------------------------------ CMOVcc
        mov eax, 1
        mov ebx, 2
        mov ecx, 3
        SETFLAGS F_ZF
        cmovz eax, ebx
        cmovnz ecx, ebx
        CHECK_EQ "cmovz_taken", eax, 2
        CHECK_EQ "cmovnz_not_taken", ecx, 3
        mov dword [0x8000], 0x8765
        mov eax, 0x12340000
        SETFLAGS F_SF | F_OF
        cmovge ax, [0x8000]             ; SF == OF: taken
        CHECK_EQ "cmovge16_mem", eax, 0x12348765
        mov edx, 0x55
        SETFLAGS F_CF
        cmova edx, [0x8000]             ; CF=1: not taken
        CHECK_EQ "cmova_not_taken", edx, 0x55
        SETFLAGS F_CF
        cmovbe edx, [0x8000]
        CHECK_EQ "cmovbe_taken", edx, 0x8765

; ------------------------------------------------------------ BSWAP/XADD/CMPXCHG
        mov eax, 0x12345678
        bswap eax
        CHECK_EQ "bswap_eax", eax, 0x78563412
        mov edi, 0x01020304
        bswap edi
        CHECK_EQ "bswap_edi", edi, 0x04030201
        mov ebx, 0xFFFFFFFF
        mov ecx, 1
        xadd ebx, ecx
        CHECK_FLAGS "xadd32.f", EFLAGS_ARITH, F_CF | F_ZF | F_AF | F_PF
        CHECK_EQ "xadd32.dst", ebx, 0
        CHECK_EQ "xadd32.src", ecx, 0xFFFFFFFF
        mov dword [0x8000], 10
        mov eax, 5
        xadd [0x8000], eax
        CHECK_VAR "xadd32_mem.dst", 0x8000, 15
        CHECK_EQ "xadd32_mem.src", eax, 10
        mov word [0x8000], 0x7FFF
        mov edx, 0xAAAA0001
        xadd [0x8000], dx
        CHECK_FLAGS "xadd16_mem.f", EFLAGS_ARITH, F_OF | F_SF | F_AF | F_PF
        CHECK_EQ "xadd16_mem.src", edx, 0xAAAA7FFF
        mov bl, 0x80
        mov cl, 0xFE
        xadd bl, cl
        CHECK_FLAGS "xadd8.f", EFLAGS_ARITH, F_OF | F_PF | F_CF
        CHECK_MASK "xadd8.r", ebx, 0xFF, 0x7E
        CHECK_MASK "xadd8.src", ecx, 0xFF, 0x80
        ; CMPXCHG: compare the accumulator with the destination
        mov dword [0x8000], 5
        mov eax, 5
        mov ecx, 9
        cmpxchg [0x8000], ecx
        CHECK_FLAGS "cmpxchg32_eq.f", EFLAGS_ARITH, F_ZF | F_PF
        CHECK_VAR "cmpxchg32_eq.dst", 0x8000, 9
        CHECK_EQ "cmpxchg32_eq.eax", eax, 5
        mov eax, 5
        cmpxchg [0x8000], ecx           ; 5 vs 9: load the accumulator
        CHECK_FLAGS "cmpxchg32_ne.f", EFLAGS_ARITH, F_CF | F_SF | F_AF | F_PF
        CHECK_EQ "cmpxchg32_ne.eax", eax, 9
        CHECK_VAR "cmpxchg32_ne.dst", 0x8000, 9
        mov eax, 0xFFFFFF80
        mov bl, 0x80
        mov cl, 0x01
        cmpxchg bl, cl
        CHECK_FLAGS "cmpxchg8_eq.f", F_ZF, F_ZF
        CHECK_MASK "cmpxchg8_eq.dst", ebx, 0xFF, 0x01
        mov eax, 0x11110001
        mov ebx, 0x22220002
        mov ecx, 0x33330003
        cmpxchg bx, cx
        CHECK_FLAGS "cmpxchg16_ne.f", EFLAGS_ARITH, F_CF | F_SF | F_AF | F_PF
        CHECK_EQ "cmpxchg16_ne.ax", eax, 0x11110002
        CHECK_EQ "cmpxchg16_ne.dst", ebx, 0x22220002
        ; CMPXCHG8B m64: EDX:EAX vs m64
        mov dword [0x8000], 0x22222222
        mov dword [0x8004], 0x11111111
        mov edx, 0x11111111
        mov eax, 0x22222222
        mov ecx, 0xCCCCCCCC
        mov ebx, 0xBBBBBBBB
        SETFLAGS F_CF
        cmpxchg8b [0x8000]
        CHECK_FLAGS "cmpxchg8b_eq.f", F_ZF | F_CF, F_ZF | F_CF
        CHECK_VAR "cmpxchg8b_eq.lo", 0x8000, 0xBBBBBBBB
        CHECK_VAR "cmpxchg8b_eq.hi", 0x8004, 0xCCCCCCCC
        SETFLAGS F_ZF
        cmpxchg8b [0x8000]              ; differs now: load EDX:EAX
        CHECK_FLAGS "cmpxchg8b_ne.f", F_ZF | F_CF, 0
        CHECK_EQ "cmpxchg8b_ne.eax", eax, 0xBBBBBBBB
        CHECK_EQ "cmpxchg8b_ne.edx", edx, 0xCCCCCCCC
        CHECK_VAR "cmpxchg8b_ne.lo", 0x8000, 0xBBBBBBBB

; ------------------------------------------------------------ extension
        mov ebx, 0x80
        movsx eax, bl
        CHECK_EQ "movsx32_8", eax, 0xFFFFFF80
        mov ebx, 0xFFFF8000
        movzx eax, bx
        CHECK_EQ "movzx32_16", eax, 0x00008000
        mov ebx, 0x7F
        mov eax, 0xAAAAAAAA
        movsx ax, bl
        CHECK_EQ "movsx16_8", eax, 0xAAAA007F
        mov eax, 0xAAAAAAAA
        mov bl, 0xFF
        movzx ax, bl
        CHECK_EQ "movzx16_8", eax, 0xAAAA00FF
        mov word [0x8000], 0x8001
        movsx eax, word [0x8000]
        CHECK_EQ "movsx32_mem16", eax, 0xFFFF8001
        movzx edx, byte [0x8001]
        CHECK_EQ "movzx32_mem8", edx, 0x80
        mov eax, 0x12348000
        cwde
        CHECK_EQ "cwde", eax, 0xFFFF8000
        mov eax, 0x80000000
        mov edx, 0
        cdq
        CHECK_EQ "cdq_neg", edx, 0xFFFFFFFF
        mov eax, 0x7FFFFFFF
        cdq
        CHECK_EQ "cdq_pos", edx, 0
        mov eax, 0x12345680
        cbw
        CHECK_EQ "cbw", eax, 0x1234FF80
        mov eax, 0x8000
        mov edx, 0x12345678
        cwd
        CHECK_EQ "cwd", edx, 0x1234FFFF

        DONE
