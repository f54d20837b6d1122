; stack-limits.asm - stack and data segment limits at every access width.
;
; #SS(0) for pushes, pops and SS-relative accesses that leave a stack
; segment: SP wrapping on a 16-bit stack with a dword crossing 0xFFFF,
; expand-down stacks with B=0 (upper bound 0xFFFF) and B=1 (upper bound
; 4 GiB) at their lower and upper bounds, ENTER's final stack pointer
; below an expand-down stack's bound, POP SS straddling the limit;
; #GP(0) for data accesses at byte, word and dword width at the limit
; edges of expand-up and expand-down (B=0 and B=1) segments (SDM Vol.3A
; §5.3, §6.15 "#SS", "#GP").  Pushes past a stack's lower bound run at
; ring 3, whose faults are delivered on the ring-0 stack.
;
; QEMU 7.2 checks no data or stack segment limit (docs/KNOWN-DIFFERENCES.md):
; where it does not fault the check fails there, and the registers the
; instruction changed are reset so that the runs meet again.

%include "harness.inc"
%include "stack.inc"

; R3_SAVE n: store the caught vector and error code in R3 slot n (ring 3,
; DS = SEL_UDATA).
%macro R3_SAVE 1
        mov eax, [EXC_VECTOR]
        mov [R3 + (%1) * 8], eax
        mov eax, [EXC_ERROR]
        mov [R3 + (%1) * 8 + 4], eax
        mov dword [EXC_ARMED], 0
%endmacro

; R3_CHECK name, slot, error: ring 3's slot holds #SS with that error code.
%macro R3_CHECK 3
        CHECK_VAR {%1, ".vec"}, R3 + (%2) * 8, 12
        CHECK_VAR {%1, ".err"}, R3 + (%2) * 8 + 4, %3
%endmacro

main:
        ENTER_PM
        STACK_SETUP

; ---------------------------------------------------------------- ring-0 stacks
        ; ENTER past an expand-down stack's lower bound: #SS(0)
        TRY .en1
        STACK SEL_ED16, 0x00001100
        enter 0x200, 0
.en1:   lss esp, [cs:flat_stack]     ; where QEMU does not fault
        mov eax, 0
        mov ebp, 0
        CHECK_FAULT "enter_below_expdown_ss0", 12, 0

        TRY .f1
        STACK SEL_S16, 0x0000FFFE
        pop eax                         ; dword at 0xFFFE..0x10001
.f1:    lss esp, [cs:flat_stack]     ; where QEMU does not fault
        mov eax, 0
        mov ebp, 0
        CHECK_FAULT "pop_dword_s16_top_ss0", 12, 0
        TRY .f2
        STACK SEL_S16, 0x0000FFFF
        pop ss
.f2:    lss esp, [cs:flat_stack]     ; where QEMU does not fault
        mov eax, 0
        mov ebp, 0
        CHECK_FAULT "pop_ss_s16_top_ss0", 12, 0
        ; limits of a data segment at every width: #GP(0)
        mov ax, SEL_DLIM
        mov fs, ax
%macro LIMIT_OK 2
        mov %1, [fs:%2]
%endmacro
%macro LIMIT_GP 3
        TRY %%l
        mov %2, [fs:%3]
%%l:    mov eax, 0                      ; where QEMU does not fault
        CHECK_FAULT %1, 13, 0
%endmacro
        LIMIT_OK al, 0x2FFF
        LIMIT_OK ax, 0x2FFE
        LIMIT_OK eax, 0x2FFC
        PASS_NOW "limit_edges_within"
        LIMIT_GP "limit_byte_past_gp0", al, 0x3000
        LIMIT_GP "limit_word_straddle_gp0", ax, 0x2FFF
        LIMIT_GP "limit_dword_straddle_gp0", eax, 0x2FFD
        mov ax, SEL_ED16
        mov fs, ax
        LIMIT_OK al, 0x1000
        LIMIT_OK ax, 0xFFFE
        LIMIT_OK eax, 0xFFFC
        PASS_NOW "expdown16_edges_within"
        LIMIT_GP "expdown16_byte_at_limit_gp0", al, 0x0FFF
        LIMIT_GP "expdown16_word_past_64k_gp0", ax, 0xFFFF
        LIMIT_GP "expdown16_dword_past_64k_gp0", eax, 0xFFFD
        LIMIT_GP "expdown16_word_straddle_low_gp0", ax, 0x0FFF
        mov ax, SEL_ED32
        mov fs, ax
        LIMIT_OK al, 0x10000
        LIMIT_OK eax, 0xFFFFFFFC
        PASS_NOW "expdown32_edges_within"
        LIMIT_GP "expdown32_byte_at_limit_gp0", al, 0xFFFF
        LIMIT_GP "expdown32_dword_straddle_low_gp0", eax, 0xFFFE
        LIMIT_GP "expdown32_dword_past_4g_gp0", eax, 0xFFFFFFFD
        LIMIT_GP "expdown32_word_past_4g_gp0", ax, 0xFFFFFFFF
        mov ax, SEL_FLAT
        mov fs, ax


; ---------------------------------------------------------------- ring 3
        mov eax, 0x44
        mov bx, SEL_CODE32
        mov ecx, int_r3_done
        mov dl, 0xEE
        call h32_set_gate
        mov edi, R3
        mov ecx, 0x100 / 4
        mov eax, 0xEEEEEEEE
        rep stosd
        push dword SEL_UDATA            ; SS
        push dword 0x5000               ; ESP
        push dword 0x00000002           ; EFLAGS
        push dword SEL_UCODE32          ; CS
        push dword ring3_code           ; EIP
        iretd

int_r3_done:                            ; ring 3 is done: abandon its context
        mov eax, SEL_FLAT
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, STACK_TOP
        R3_CHECK "push_dword_s16_wrap_ss0", 0, 0
        R3_CHECK "push_word_expdown16_below_ss0", 1, 0
        CHECK_VAR "push_word_expdown16_at_bound", R3 + 0x90, 0x1000
        R3_CHECK "pop_dword_expdown16_top_ss0", 2, 0
        CHECK_VAR "pop_word_expdown16_wraps", R3 + 0x94, 0x0000
        R3_CHECK "pop_word_expdown16_below_ss0", 3, 0
        R3_CHECK "push_dword_expdown32_below_ss0", 4, 0
        CHECK_VAR "push_word_expdown32_at_bound", R3 + 0x98, 0x10000
        R3_CHECK "ss_dword_expdown32_past_4g_ss0", 5, 0
        R3_CHECK "ss_byte_expdown16_at_limit_ss0", 6, 0
        DONE

ring3_code:
        mov ax, SEL_UDATA
        mov ds, ax
        mov es, ax
        TRY .r0
        STACK SEL_U16, 0x00000002
        push eax                        ; SP wraps to 0xFFFE, dword past 0xFFFF
.r0:    R3_SAVE 0
        TRY .r1
        STACK SEL_UED16, 0x00001002
        push ax
        mov [R3 + 0x90], esp
        push ax
.r1:    R3_SAVE 1
        TRY .r2
        STACK SEL_UED16, 0x0000FFFE
        pop eax
.r2:    R3_SAVE 2
        TRY .r3
        STACK SEL_UED16, 0x0000FFFE
        pop ax
        mov [R3 + 0x94], esp
        pop ax
.r3:    R3_SAVE 3
        TRY .r4
        STACK SEL_UED32, 0x00010002
        push ax
        mov [R3 + 0x98], esp
        push dword 1
.r4:    R3_SAVE 4
        TRY .r5
        STACK SEL_UED32, 0x00020000
        mov eax, [ss:0xFFFFFFFD]
.r5:    R3_SAVE 5
        TRY .r6
        STACK SEL_UED16, 0x00002000
        mov al, [ss:0x0FFF]
.r6:    R3_SAVE 6
        STACK SEL_UDATA, 0x5000
        int 0x44


