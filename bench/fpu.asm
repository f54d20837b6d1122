; fpu.asm - an x87 and SSE loop in 32-bit protected mode: loads, multiply,
; add, square root, divide, compare into EFLAGS and stores on the x87;
; scalar and packed single-precision arithmetic, a square root and a
; conversion on SSE.  The operands are the same every iteration (1.5 and
; 2.25), so every emulator computes the same values.
;
; Instruction count (the jmp at the reset vector is the first):
;   reset jmp 1 + cli, cld 2 + ENTER_PM32 12 + SSE on 3 + set-up 5
;   + markers 4 + ITER * 16 + FINISH 7 (incl. hlt)
;   = 34 + 16 * ITER = 80,000,034 for ITER = 5,000,000.

%ifndef ITER
%define ITER 5000000
%endif

%include "bench.inc"

DATA    equ 0x10000

start:
        cli                             ; 1
        cld                             ; 2
        ENTER_PM32                      ; 12
        mov eax, cr4                    ; 1
        or eax, 0x200                   ; 2: CR4.OSFXSR
        mov cr4, eax                    ; 3
        fninit                          ; 1
        mov dword [DATA], 0x3FC00000    ; 2: 1.5
        mov dword [DATA + 4], 0x40100000 ; 3: 2.25
        movaps xmm1, [DATA]             ; 4
        mov ecx, ITER                   ; 5
        MARK 'S'
        MARK 10
.loop:
        fld dword [DATA]                ; 1
        fmul dword [DATA + 4]           ; 2
        fadd st0, st0                   ; 3
        fsqrt                           ; 4
        fld dword [DATA + 4]            ; 5
        fdiv st0, st1                   ; 6
        fcomi st0, st1                  ; 7
        fstp dword [DATA + 0x20]        ; 8
        fistp dword [DATA + 0x24]       ; 9
        movss xmm0, [DATA]              ; 10
        mulss xmm0, [DATA + 4]          ; 11
        addps xmm0, xmm1                ; 12
        sqrtss xmm2, xmm0               ; 13
        cvttss2si eax, xmm2             ; 14
        dec ecx                         ; 15
        jnz .loop                       ; 16
        FINISH
