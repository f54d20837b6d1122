; mix16.asm - the mix32 loop in real mode: 16-bit registers and addressing
; with a 32-bit loop counter, loads and stores through DS, PUSH/POP,
; CALL/RET, IMUL, a data-dependent branch; about 20 instructions per
; iteration.
;
; Instruction count (ITER even; the jmp at the reset vector is the first):
;   reset jmp 1 + setup 13 (incl. "S\n") + ITER * 19 + ITER / 2
;   + FINISH 7 (incl. hlt) = 21 + 19.5 * ITER = 390,000,021 for
;   ITER = 20,000,000.

%ifndef ITER
%define ITER 20000000
%endif
%if ITER % 2
%error ITER must be even
%endif

%include "bench.inc"

start:
        cli                             ; 1
        cld                             ; 2
        xor ax, ax                      ; 3
        mov ss, ax                      ; 4
        mov sp, 0x8000                  ; 5
        mov ax, 0x1000                  ; 6
        mov ds, ax                      ; 7 (data at 0x10000)
        xor si, si                      ; 8
        mov ecx, ITER                   ; 9
        MARK 'S'                        ; 10, 11
        MARK 10                         ; 12, 13
.loop:
        mov bx, cx                      ; 1
        and bx, 0x7FE                   ; 2
        mov ax, [bx]                    ; 3
        add ax, si                      ; 4
        xor ax, cx                      ; 5
        mov [bx + 0x1000], ax           ; 6
        push ax                         ; 7
        call mix_func                   ; 8 (+3 inside)
        pop dx                          ; 12
        lea si, [si + bx + 7]           ; 13
        rol si, 5                       ; 14
        test cl, 1                      ; 15
        jz .even                        ; 16
        add di, si                      ; odd ECX only
.even:  sub bp, ax                      ; 17
        dec ecx                         ; 18
        jnz .loop                       ; 19
        FINISH

mix_func:
        imul ax, ax, 33                 ; 9
        add bp, ax                      ; 10
        ret                             ; 11
