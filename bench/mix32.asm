; mix32.asm - 32-bit protected-mode instruction mix: loads and stores,
; ALU, LEA, shifts/rotates, IMUL, PUSH/POP, CALL/RET and a data-dependent
; conditional branch, about 20 instructions per iteration.
;
; Instruction count (ITER even; the jmp at the reset vector is the first):
;   reset jmp 1 + setup 2 + ENTER_PM32 12 + loop setup 9 (incl. "S\n")
;   + ITER * 19 + ITER / 2 (the ADD run on odd ECX) + FINISH 7 (incl. hlt)
;   = 31 + 19.5 * ITER = 390,000,031 for ITER = 20,000,000.
;
; With SMRAM defined (mix32-smram.asm) the loop runs with SMRAM set up as
; firmware leaves it (smram.inc: G_SMRAME on, SMBASE relocated to 0xA0000
; by one SMI), SMRAM_SETUP_INSNS more instructions: 390,000,063.

%ifndef ITER
%define ITER 20000000
%endif
%if ITER % 2
%error ITER must be even
%endif

%include "bench.inc"
%ifdef SMRAM
%include "smram.inc"
%endif

start:
        cli                             ; 1
        cld                             ; 2
%ifdef SMRAM
        SMRAM_SETUP
%endif
        ENTER_PM32                      ; 12
        xor ebx, ebx                    ; 1
        xor ebp, ebp                    ; 2
        xor edi, edi                    ; 3
        mov esi, 0x12345                ; 4
        mov ecx, ITER                   ; 5
        MARK 'S'                        ; 6, 7
        MARK 10                         ; 8, 9
.loop:
        mov edx, ecx                    ; 1
        and edx, 0x3FF                  ; 2
        mov eax, [0x10000 + edx*4]      ; 3
        add eax, ebx                    ; 4
        xor eax, ecx                    ; 5
        mov [0x11000 + edx*4], eax      ; 6
        push eax                        ; 7
        call mix_func                   ; 8 (+3 inside)
        pop edx                         ; 12
        lea ebx, [ebx + edx*2 + 7]      ; 13
        rol ebx, 5                      ; 14
        test ecx, 1                     ; 15
        jz .even                        ; 16
        add edi, ebx                    ; odd ECX only
.even:  sub esi, eax                    ; 17
        dec ecx                         ; 18
        jnz .loop                       ; 19
        FINISH

mix_func:
        imul eax, eax, 33               ; 9
        add ebp, eax                    ; 10
        ret                             ; 11
