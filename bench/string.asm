; string.asm - string instruction throughput in 32-bit protected mode:
; REP MOVSD (1 KiB), REP STOSD (1 KiB) and a LODSB loop per iteration.
;
; Instruction count, counting each REP instruction once (the jmp at the
; reset vector is the first):
;   reset jmp 1 + setup 2 + ENTER_PM32 12 + loop setup 6 (incl. "S\n")
;   + ITER * (12 + 64 * 4) + FINISH 7 (incl. hlt)
;   = 28 + 268 * ITER = 268,000,028 for ITER = 1,000,000,
; moving ITER * 2 KiB with REP (512 dword iterations per outer iteration).

%ifndef ITER
%define ITER 1000000
%endif

%include "bench.inc"

start:
        cli                             ; 1
        cld                             ; 2
        ENTER_PM32                      ; 12
        mov ebp, ITER                   ; 1
        xor ebx, ebx                    ; 2
        MARK 'S'                        ; 3, 4
        MARK 10                         ; 5, 6
.outer:
        mov esi, 0x100000               ; 1
        mov edi, 0x200000               ; 2
        mov ecx, 256                    ; 3
        rep movsd                       ; 4
        mov edi, 0x300000               ; 5
        mov ecx, 256                    ; 6
        mov eax, ebx                    ; 7
        rep stosd                       ; 8
        mov esi, 0x100000               ; 9
        mov ecx, 64                     ; 10
.lods:  lodsb                           ; 64 x 4
        add ebx, eax
        dec ecx
        jnz .lods
        dec ebp                         ; 11
        jnz .outer                      ; 12
        FINISH
