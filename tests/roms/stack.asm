; stack.asm - the stack-address size (SS.B) of every stack-using instruction.
;
; Every stack access uses SP with a 16-bit stack segment (B=0) and ESP
; with a 32-bit one (B=1), whatever the operand size, the address-size
; prefix or the code segment's D bit (SDM Vol.1 §6.2.3; Vol.3A §3.4.5).
; With a 16-bit stack only SP changes: ESP's upper half stays, even where
; the instruction loads SS with a 32-bit segment (POP SS: the size at the
; instruction's start rules) or returns to an outer stack of either size
; (RETF, IRET; interrupts from ring 3 onto a 16-bit ring-0 stack), as
; Bochs and QEMU do.  PUSH/POP of registers, memory (ESP-relative) and
; segment registers, PUSHA/PUSHF, near and far CALL/RET with immediates,
; ENTER/LEAVE at nesting levels 0..3 and 33, INT/IRET through 32- and
; 16-bit gates, 16-bit code on a 32-bit stack; #SS/#GP(selector) for
; loads of SS.  Limits and expand-down stacks: stack-limits.asm.
;
; Stacks are switched inside a check and put back with lss before the
; check macros run (they need a flat stack); ring-3 code stores what it
; saw in R3 and ring-0 code checks it afterwards.

%include "harness.inc"
%include "stack.inc"

main:
        ENTER_PM
        STACK_SETUP

; ---------------------------------------------------------------- POP SS
        ; the size at the start of the instruction rules: 16-bit SP wraps,
        ; ESP's upper half stays
        mov word [0xFFFC], SEL_S32
        STACK SEL_S16, 0x0001FFFC
        pop ss
        SAVE_STACK
        CHECK_VAR "pop_ss_16_to_32_esp", V_ESP, 0x00010000
        CHECK_VAR "pop_ss_16_to_32_ss", V_SS, SEL_S32
        mov dword [0x1FFFC], SEL_S16
        STACK SEL_S32, 0x0001FFFC
        pop ss
        SAVE_STACK
        CHECK_VAR "pop_ss_32_to_16_esp", V_ESP, 0x00020000
        CHECK_VAR "pop_ss_32_to_16_ss", V_SS, SEL_S16
        mov word [0xFFFE], SEL_S32
        STACK SEL_S16, 0x0003FFFE
        o16 pop ss
        SAVE_STACK
        CHECK_VAR "pop_ss_o16_16_to_32_esp", V_ESP, 0x00030000
        mov word [0xFFFC], SEL_FLAT
        STACK SEL_S16, 0x5555FFFC
        pop ds
        mov [V_A], ds
        push dword SEL_FLAT
        pop ds
        SAVE_STACK
        CHECK_VAR "pop_ds_s16_esp", V_ESP, 0x55550000
        mov word [0xFFFE], SEL_S16
        STACK SEL_S16, 0x7777FFFE
        o16 pop es
        SAVE_STACK
        CHECK_VAR "pop_es_o16_s16_esp", V_ESP, 0x77770000
        mov eax, es
        CHECK_EQ "pop_es_o16_s16_es", eax, SEL_S16
        push dword SEL_FLAT
        pop es

; ---------------------------------------------------------------- PUSH sreg, PUSH/POP
        mov dword [0x800C], 0xFFFFFFFF
        STACK SEL_S16, 0x12348010
        push fs
        SAVE_STACK
        CHECK_VAR "push_fs_s16_esp", V_ESP, 0x1234800C
        CHECK_VAR "push_fs_s16_value", 0x800C, SEL_FLAT
        STACK SEL_S16, 0x12348010
        o16 push ss
        SAVE_STACK
        CHECK_VAR "push_ss_o16_s16_esp", V_ESP, 0x1234800E
        mov dword [0xFFFC], 0xCAFEF00D
        STACK SEL_S16, 0xABCDFFFC
        pop ebx
        SAVE_STACK
        CHECK_VAR "pop_r32_s16_wraps", V_ESP, 0xABCD0000
        CHECK_EQ "pop_r32_s16_value", ebx, 0xCAFEF00D
        mov dword [0x8000], 0x11223344
        STACK SEL_S16, 0xAAAA8000
        pop esp                         ; ESP takes the value popped
        SAVE_STACK
        CHECK_VAR "pop_esp_s16", V_ESP, 0x11223344
        mov dword [0x8000], 0x55667788
        STACK SEL_S32, 0x00008000
        pop dword [esp]                 ; address after the increment
        SAVE_STACK
        CHECK_VAR "pop_mem_esp_rel_s32", 0x8004, 0x55667788
        CHECK_VAR "pop_mem_esp_rel_s32_esp", V_ESP, 0x00008004
        mov dword [0x8000], 0x99AABBCC
        STACK SEL_S16, 0x00008000
        pop dword [esp + 4]
        SAVE_STACK
        CHECK_VAR "pop_mem_esp_rel_s16", 0x8008, 0x99AABBCC
        ; the address-size prefix does not change the stack's size
        STACK SEL_S32, 0x00020000
        a16 push eax
        SAVE_STACK
        CHECK_VAR "a16_push_s32", V_ESP, 0x0001FFFC
        STACK SEL_S32, 0x0001FFFC
        a16 pop eax
        SAVE_STACK
        CHECK_VAR "a16_pop_s32", V_ESP, 0x00020000
        STACK SEL_S16, 0x00020000
        push strict dword 0x5A5A5A5A
        SAVE_STACK
        CHECK_VAR "push_imm_s16_wraps_esp", V_ESP, 0x0002FFFC
        CHECK_VAR "push_imm_s16_wraps_value", 0xFFFC, 0x5A5A5A5A
        STACK SEL_S32, 0x00020000
        a16 pushfd
        a16 popfd
        a16 pushad
        SAVE_STACK
        CHECK_VAR "a16_pushf_popf_pusha_s32", V_ESP, 0x0001FFE0
        STACK SEL_S16, 0x4444A000
        pushaw
        popaw
        pushad
        SAVE_STACK
        CHECK_VAR "pusha_s16_esp", V_ESP, 0x44449FE0
        CHECK_VAR "pusha_s16_saved_esp", 0x9FEC, 0x4444A000

; ---------------------------------------------------------------- CALL/RET near and far
        STACK SEL_S16, 0xABCD8010
        call near_sub
        SAVE_STACK
        CHECK_VAR "call_s16_inner_esp", V_A, 0xABCD800C
        CHECK_VAR "call_s16_ret_imm_esp", V_ESP, 0xABCD8014
        STACK SEL_S16, 0xABCD0004
        call near_sub_wrap
        SAVE_STACK
        CHECK_VAR "ret_imm_s16_wraps", V_ESP, 0xABCD0000
        STACK SEL_S16, 0x12348010
        call word near_sub16
        SAVE_STACK
        CHECK_VAR "call_o16_s16_inner_esp", V_A, 0x1234800E
        CHECK_VAR "call_o16_s16_esp", V_ESP, 0x12348010
        STACK SEL_S32, 0x00020000
        a16 call near_sub_a16
        SAVE_STACK
        CHECK_VAR "call_a16_s32_inner_esp", V_A, 0x0001FFFC
        CHECK_VAR "call_a16_s32_esp", V_ESP, 0x00020000
        STACK SEL_S16, 0x9876A000
        call SEL_CODE32:far_sub
        SAVE_STACK
        CHECK_VAR "callf_s16_inner_esp", V_A, 0x98769FF8
        CHECK_VAR "callf_s16_pushed_cs", 0x9FFC, SEL_CODE32
        CHECK_VAR "retf_imm_s16_esp", V_ESP, 0x9876A006
        STACK SEL_S16, 0x9876A000
        call word SEL_CODE16:far_sub16
        SAVE_STACK
        CHECK_VAR "callf_o16_code16_inner_esp", V_A, 0x98769FFC
        CHECK_VAR "callf_o16_code16_esp", V_ESP, 0x9876A000
        ; 16-bit code on a 32-bit stack: ESP, not SP
        STACK SEL_S32, 0x00020000
        call SEL_CODE16:code16_on_s32
        SAVE_STACK
        CHECK_VAR "code16_s32_push_esp", V_A, 0x0001FFFE
        CHECK_VAR "code16_s32_back_esp", V_ESP, 0x00020000

; ---------------------------------------------------------------- ENTER/LEAVE
        mov dword [0x80FC], 0x0BADBEEF
        mov ebp, 0xEEEE8100
        STACK SEL_S16, 0x11118080
        enter 0x10, 2
        SAVE_STACK
        CHECK_VAR "enter_o32_s16_ebp", V_EBP, 0x1111807C
        CHECK_VAR "enter_o32_s16_esp", V_ESP, 0x11118064
        CHECK_VAR "enter_o32_s16_saved_ebp", 0x807C, 0xEEEE8100
        CHECK_VAR "enter_o32_s16_display", 0x8078, 0x0BADBEEF
        CHECK_VAR "enter_o32_s16_frame", 0x8074, 0x1111807C
        mov ebp, 0x3333807C
        STACK SEL_S16, 0x22220000
        leave
        SAVE_STACK
        CHECK_VAR "leave_s16_esp", V_ESP, 0x22228080
        CHECK_VAR "leave_s16_ebp", V_EBP, 0xEEEE8100
        mov ebp, 0x44448800
        STACK SEL_S32, 0x00009000
        o16 enter 4, 1
        SAVE_STACK
        CHECK_VAR "enter_o16_s32_ebp", V_EBP, 0x44448FFE
        CHECK_VAR "enter_o16_s32_esp", V_ESP, 0x00008FF8
        CHECK_MASK "enter_o16_s32_frame", dword [0x8FFC], 0xFFFF, 0x8FFE
        mov dword [0x87F8], 0x01010101
        mov dword [0x87F4], 0x02020202
        mov ebp, 0x000087FC
        STACK SEL_S32, 0x00009000
        enter 0, 33                     ; level 33 mod 32 = 1
        SAVE_STACK
        CHECK_VAR "enter_level_mod32_esp", V_ESP, 0x00008FF8
        CHECK_VAR "enter_level_mod32_frame", 0x8FF8, 0x00008FFC
        mov ebp, 0x000087FC
        STACK SEL_S32, 0x00009000
        enter 8, 3
        SAVE_STACK
        CHECK_VAR "enter_level3_esp", V_ESP, 0x00008FE8
        CHECK_VAR "enter_level3_display1", 0x8FF8, 0x01010101
        CHECK_VAR "enter_level3_display2", 0x8FF4, 0x02020202
        CHECK_VAR "enter_level3_frame", 0x8FF0, 0x00008FFC
        STACK SEL_S32, 0x00009000
        a16 enter 4, 0
        a16 leave
        SAVE_STACK
        CHECK_VAR "a16_enter_leave_s32", V_ESP, 0x00009000
; ---------------------------------------------------------------- INT/IRET
        mov eax, 0x41
        mov bx, SEL_CODE32
        mov ecx, int_same
        mov dl, GATE_INT32
        call h32_set_gate
        mov eax, 0x42
        mov ecx, int_same16
        mov dl, 0x86                    ; 16-bit interrupt gate
        call h32_set_gate
        STACK SEL_S16, 0x9999800C
        int 0x41
        SAVE_STACK
        CHECK_VAR "int_s16_handler_esp", V_A, 0x99998000
        CHECK_VAR "iret_s16_esp", V_ESP, 0x9999800C
        STACK SEL_S16, 0x99990004
        int 0x41
        SAVE_STACK
        CHECK_VAR "int_s16_wrap_handler_esp", V_A, 0x9999FFF8
        CHECK_VAR "iret_s16_wrap_esp", V_ESP, 0x99990004
        STACK SEL_S32, 0x0002000C
        int 0x42
        SAVE_STACK
        CHECK_VAR "int16_gate_s32_handler_esp", V_A, 0x00020006
        CHECK_VAR "iret16_s32_esp", V_ESP, 0x0002000C

        mov word [0x8000], 0
        TRY .f3
        STACK SEL_S16, 0x00008000
        pop ss
.f3:    lss esp, [cs:flat_stack]     ; where QEMU does not fault
        CHECK_FAULT "pop_ss_null_gp0", 13, 0
        TRY .f4
        mov ax, SEL_SNP
        mov ss, ax
.f4:    CHECK_FAULT "mov_ss_not_present_ss", 12, SEL_SNP
        TRY .f5
        mov ax, SEL_CODE32
        mov ss, ax
.f5:    CHECK_FAULT "mov_ss_code_gp", 13, SEL_CODE32
        TRY .f6
        mov ax, SEL_S16 | 3
        mov ss, ax
.f6:    CHECK_FAULT "mov_ss_rpl3_gp", 13, SEL_S16
        mov dword [0x8000], 0x9000
        mov word [0x8004], SEL_SNP
        TRY .f7
        lss esp, [0x8000]
.f7:    CHECK_FAULT "lss_not_present_ss", 12, SEL_SNP
        mov word [0x8004], SEL_ED32
        lss esp, [0x8000]
        SAVE_STACK
        CHECK_VAR "lss_esp_o32", V_ESP, 0x9000
        CHECK_VAR "lss_ss", V_SS, SEL_ED32
; ---------------------------------------------------------------- ring 3
        ; the ring-0 stack of interrupts from ring 3: 16-bit, ESP0's upper
        ; half not used
        mov dword [TSS_BASE + 4], 0x12347000
        mov dword [TSS_BASE + 8], SEL_S16
        mov eax, 0x43
        mov bx, SEL_CODE32
        mov ecx, int_from_r3
        mov dl, 0xEE
        call h32_set_gate
        mov eax, 0x44
        mov ecx, int_r3_done
        call h32_set_gate
        mov edi, R3
        mov ecx, 0x100 / 4
        mov eax, 0xEEEEEEEE
        rep stosd
        ; RETF to ring 3 from a 16-bit stack to a 16-bit one
        STACK SEL_S16, 0x4321A000
        push dword SEL_U16              ; SS
        push dword 0x99996000           ; ESP
        push dword SEL_UCODE32          ; CS
        push dword ring3_code           ; EIP
        retf

int_r3_done:                            ; ring 3 is done: abandon its context
        mov ax, SEL_FLAT
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, STACK_TOP
        mov dword [TSS_BASE + 4], RING0_STACK
        mov dword [TSS_BASE + 8], SEL_FLAT
        CHECK_VAR "retf_outer_s16_esp", R3 + 0x80, 0x43216000
        CHECK_VAR "int_r3_s16_inner_esp", R3 + 0x84, 0x5A5A6FEC
        CHECK_VAR "int_r3_s16_frame_esp", R3 + 0x88, 0x5A5A6000
        CHECK_VAR "iret_outer_s16_esp", R3 + 0x8C, 0x5A5A6010
        DONE

; ---------------------------------------------------------------- subroutines
near_sub:
        mov [V_A], esp
        ret 4
near_sub_wrap:
        ret 0xFFFC
near_sub16:
        mov [V_A], esp
        o16 ret
near_sub_a16:
        mov [V_A], esp
        a16 ret
far_sub:
        mov [V_A], esp
        retf 6
int_same:
        mov [V_A], esp
        iretd
int_same16:
        mov [V_A], esp
        o16 iret

        bits 16
far_sub16:
        mov [V_A], esp
        retf
code16_on_s32:                          ; entered by a 32-bit far call
        mov [V_B], esp
        mov esp, 0x00020000
        push ax
        mov [V_A], esp
        mov esp, [V_B]
        o32 retf
        bits 32

        ; ring 0 from ring 3 through a DPL 3 gate, on the 16-bit TSS stack
int_from_r3:
        mov [R3 + 0x84], esp
        movzx ebx, sp
        mov eax, [ss:ebx + 12]
        mov [R3 + 0x88], eax
        mov dword [ss:ebx + 12], 0x77776010
        ; later interrupts from ring 3 use the harness's flat stack
        mov dword [TSS_BASE + 4], RING0_STACK
        mov dword [TSS_BASE + 8], SEL_FLAT
        iretd

ring3_code:
        mov [ss:R3 + 0x80], esp
        mov ax, SEL_UDATA
        mov ds, ax
        mov es, ax
        mov esp, 0x5A5A6000
        int 0x43
        mov [R3 + 0x8C], esp
        STACK SEL_UDATA, 0x5000
        int 0x44

