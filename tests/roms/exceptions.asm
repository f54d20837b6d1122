; exceptions.asm - exception and interrupt delivery (SDM Vol. 3 chapter 6).
;
; Real mode: delivery through the IVT (frame FLAGS/CS/IP, IF and TF
; cleared, IRET restores), an IVT moved with LIDT, INT3, BOUND.
; Protected mode: #DE, #UD (UD2, LOCK on instructions that cannot take it,
; register operands where memory is required, MOV to CS), #BR, INTO, INT3,
; INT n (faults report the faulting instruction, traps the next one),
; single-step #DB, #GP and #NP error codes including the IDT and EXT bits,
; an INT beyond the IDT limit, a double fault (#GP while delivering #GP),
; interrupt gates clear IF and trap gates do not, IRET restores the flags
; image from the stack.

%include "harness.inc"

RES     equ 0x3000              ; what custom handlers saw

main:
; ---------------------------------------------------------------- real mode
        ; custom IVT entry for 0x33
        mov word [0x33 * 4], rm_int33
        mov word [0x33 * 4 + 2], 0xF000
        push dword 0x2 | EFLAGS_IF | EFLAGS_CF
        popfd
        mov [RES + 0x20], sp
        int 0x33
.rm_after_int:
        pushfd
        pop dword [RES + 0x24]
        cli
        CHECK_MASK "rm_ivt_ip", dword [RES], 0xFFFF, .rm_after_int
        CHECK_MASK "rm_ivt_cs", dword [RES + 2], 0xFFFF, 0xF000
        CHECK_MASK "rm_ivt_flags_pushed", dword [RES + 4], 0xFFFF, 0x2 | EFLAGS_IF | EFLAGS_CF
        CHECK_MASK "rm_ivt_handler_flags", dword [RES + 8], EFLAGS_IF | EFLAGS_TF | EFLAGS_CF, EFLAGS_CF
        mov ax, [RES + 0x20]
        sub ax, [RES + 12]
        movzx eax, ax
        CHECK_EQ "rm_ivt_frame_size", eax, 6
        CHECK_MASK "rm_iret_flags", dword [RES + 0x24], EFLAGS_IF | EFLAGS_CF | EFLAGS_ZF, EFLAGS_IF | EFLAGS_ZF
        ; LIDT moves the real-mode vector table
        mov word [0x9000 + 0x21 * 4], rm_int21_moved
        mov word [0x9000 + 0x21 * 4 + 2], 0xF000
        mov dword [RES + 0x30], 0
        o32 lidt [cs:ivt_9000]
        int 0x21
        o32 lidt [cs:h_ivtr]
        CHECK_VAR "rm_lidt_moved_ivt", RES + 0x30, 0x21212121
        ; INT3 and INT n in real mode: the pushed IP is the next instruction
        TRY .rm_i3
        int3
.rm_i3: CHECK_FAULT "rm_int3", 3, -1
        CHECK_VAR "rm_int3.ip", EXC_EIP, .rm_i3
        ; BOUND with 16-bit operands
        mov word [0x9800], -5
        mov word [0x9802], 5
        mov ax, -5
        bound ax, [0x9800]
        PASS_NOW "rm_bound_in_range"
        mov ax, 6
        TRY .rm_br
.rm_br_insn:
        bound ax, [0x9800]
.rm_br: CHECK_FAULT "rm_bound_above", 5, -1
        CHECK_VAR "rm_bound_above.ip", EXC_EIP, .rm_br_insn
        jmp pm_part

rm_int33:
        mov [RES + 12], sp
        push bp
        mov bp, sp
        mov ax, [bp + 2]
        mov [RES], ax                   ; IP
        mov ax, [bp + 4]
        mov [RES + 2], ax               ; CS
        mov ax, [bp + 6]
        mov [RES + 4], ax               ; FLAGS
        pushf
        pop word [RES + 8]
        or word [bp + 6], EFLAGS_ZF     ; IRET must bring this back
        and word [bp + 6], ~EFLAGS_CF
        pop bp
        iret

rm_int21_moved:
        mov dword [RES + 0x30], 0x21212121
        iret

; ---------------------------------------------------------------- protected mode
pm_part:
        ENTER_PM
        ; #DE: a fault
        xor ecx, ecx
        mov eax, 7
        xor edx, edx
        TRY .de
.de_insn:
        div ecx
.de:    CHECK_FAULT "de", 0, -1
        CHECK_VAR "de.eip", EXC_EIP, .de_insn
        CHECK_VAR "de.cs", EXC_CS, SEL_CODE32
        ; #UD
        TRY .ud1
.ud1_insn:
        ud2
.ud1:   CHECK_FAULT "ud2", 6, -1
        CHECK_VAR "ud2.eip", EXC_EIP, .ud1_insn
        TRY .ud2
        db 0xF0, 0x90                   ; lock nop
.ud2:   CHECK_FAULT "lock_nop_ud", 6, -1
        TRY .ud3
        db 0xF0, 0x01, 0xD8             ; lock add eax, ebx: needs memory
.ud3:   CHECK_FAULT "lock_reg_dest_ud", 6, -1
        TRY .ud4
        db 0xF0, 0x89, 0x05             ; lock mov [disp32], eax
        dd 0x9000
.ud4:   CHECK_FAULT "lock_mov_ud", 6, -1
        mov dword [0x9000], 1
        lock add dword [0x9000], 2      ; lockable: fine
        CHECK_VAR "lock_add_mem_ok", 0x9000, 3
        lock xchg [0x9000], eax
        PASS_NOW "lock_xchg_ok"
        TRY .ud5
        db 0x8D, 0xC3                   ; lea eax, ebx
.ud5:   CHECK_FAULT "lea_reg_ud", 6, -1
        TRY .ud6
        db 0x8E, 0xC8                   ; mov cs, ax
.ud6:   CHECK_FAULT "mov_cs_ud", 6, -1
        TRY .ud7
        db 0x0F, 0x01, 0xF8             ; SWAPGS: 64-bit mode only
.ud7:   CHECK_FAULT "swapgs_ud", 6, -1
        TRY .ud8
        db 0x0F, 0xC7, 0xC8             ; cmpxchg8b with a register operand
.ud8:   CHECK_FAULT "cmpxchg8b_reg_ud", 6, -1
        ; #BR
        mov dword [0x9800], 10
        mov dword [0x9804], 20
        mov eax, 20
        bound eax, [0x9800]
        PASS_NOW "bound_upper_inclusive"
        mov eax, 9
        TRY .br
.br_insn:
        bound eax, [0x9800]
.br:    CHECK_FAULT "bound_below", 5, -1
        CHECK_VAR "bound_below.eip", EXC_EIP, .br_insn
        ; INTO: a trap, only with OF=1
        mov eax, 0x7FFFFFFF
        add eax, 1
        TRY .of
        into
.of:    CHECK_FAULT "into_of1", 4, -1
        CHECK_VAR "into_of1.eip", EXC_EIP, .of
        xor eax, eax
        TRY .nof
        into
.nof:   CHECK_FAULT "into_of0_nothing", -1, -1
        ; INT3 (CC) and INT 3 (CD 03), INT n
        TRY .i3
        int3
.i3:    CHECK_FAULT "int3", 3, -1
        CHECK_VAR "int3.eip", EXC_EIP, .i3
        TRY .i3b
        db 0xCD, 0x03
.i3b:   CHECK_FAULT "int_3_long", 3, -1
        CHECK_VAR "int_3_long.eip", EXC_EIP, .i3b
        TRY .in
        int 0x50
.in:    CHECK_FAULT "int_0x50", 0x50, -1
        CHECK_VAR "int_0x50.eip", EXC_EIP, .in
        ; single step: POPFD setting TF traps after the next instruction
        xor eax, eax
        mov dr6, eax
        pushfd
        or dword [esp], EFLAGS_TF
        TRY .ss
        popfd
.ss_insn:
        nop
.ss:    CHECK_FAULT "single_step_db", 1, -1
        CHECK_VAR "single_step_db.eip", EXC_EIP, .ss
        mov eax, dr6
        CHECK_MASK "single_step_dr6_bs", eax, 0x4000, 0x4000

; ---------------------------------------------------------------- error codes
        ; #NP for a not-present gate: IDT bit (1) set, EXT clear for INT n
        mov eax, 0x60
        mov bx, SEL_CODE32
        mov ecx, h32_stubs + 0x60 * H32_STUB_SIZE
        mov dl, 0x0E                    ; P = 0
        call h32_set_gate
        TRY .np1
        int 0x60
.np1:   CHECK_FAULT "np_gate_int_n", 11, 0x60 * 8 + 2
        ; ... and EXT set when delivering an exception (#UD is benign)
        mov eax, 6
        mov ecx, h32_stubs + 6 * H32_STUB_SIZE
        call h32_set_gate
        TRY .np2
        ud2
.np2:   CHECK_FAULT "np_gate_exception_ext", 11, 6 * 8 + 2 + 1
        mov eax, 6
        mov dl, 0x8E
        call h32_set_gate
        mov eax, 0x60
        mov ecx, h32_stubs + 0x60 * H32_STUB_SIZE
        call h32_set_gate
        ; INT beyond the IDT limit: #GP(vector*8 + 2)
        o32 lidt [cs:idt_short]
        TRY .gp1
        int 0x50
.gp1:   CHECK_FAULT "int_beyond_idt_limit", 13, 0x50 * 8 + 2
        o32 lidt [cs:h_idtr]
        ; a gate that is not an interrupt, trap or task gate: #GP
        mov eax, 0x61
        mov ecx, h32_stubs + 0x61 * H32_STUB_SIZE
        mov dl, 0x8C                    ; call gate type in the IDT
        call h32_set_gate
        TRY .gp2
        int 0x61
.gp2:   CHECK_FAULT "int_bad_gate_type", 13, 0x61 * 8 + 2
        mov dl, 0x8E
        call h32_set_gate
        ; a gate whose code selector is null: #GP(0) ... + EXT
        mov eax, 0x62
        xor ebx, ebx
        mov ecx, h32_stubs + 0x62 * H32_STUB_SIZE
        mov dl, 0x8E
        call h32_set_gate
        TRY .gp3
        int 0x62
.gp3:   CHECK_FAULT "int_gate_null_cs", 13, 0
        mov bx, SEL_CODE32
        call h32_set_gate
        ; far jump to a null selector
        TRY .gp4
        jmp 0:0
.gp4:   CHECK_FAULT "jmp_far_null", 13, 0
        ; double fault: #GP with a not-present #GP gate -> #NP -> #DF(0)
        mov eax, 13
        mov ecx, h32_stubs + 13 * H32_STUB_SIZE
        mov dl, 0x0E
        call h32_set_gate
        mov ax, 0x0803
        TRY .df
        mov ds, ax
.df:    CHECK_FAULT "double_fault", 8, 0
        mov eax, 13
        mov dl, 0x8E
        call h32_set_gate
        ; #DE with a not-present #DE gate: contributory twice -> #DF
        xor eax, eax
        mov ecx, h32_stubs
        mov dl, 0x0E
        call h32_set_gate
        xor ecx, ecx
        TRY .df2
        div ecx
.df2:   CHECK_FAULT "double_fault_de_np", 8, 0
        xor eax, eax
        mov ecx, h32_stubs
        mov dl, 0x8E
        call h32_set_gate

; ---------------------------------------------------------------- gates and IRET
        mov eax, 0x51
        mov bx, SEL_CODE32
        mov ecx, pm_gate_handler
        mov dl, GATE_INT32
        call h32_set_gate
        mov eax, 0x52
        mov dl, GATE_TRAP32
        call h32_set_gate
        ; the PICs are masked: STI lets nothing in
        sti
        int 0x51
        cli
        CHECK_MASK "int_gate_clears_if", dword [RES + 0x40], EFLAGS_IF, 0
        CHECK_MASK "int_gate_frame_if", dword [RES + 0x44], EFLAGS_IF, EFLAGS_IF
        sti
        int 0x52
        cli
        CHECK_MASK "trap_gate_keeps_if", dword [RES + 0x40], EFLAGS_IF, EFLAGS_IF
        ; IRET loads the flags image the handler edited (it sets CF, ZF)
        push dword 0x2
        popfd
        int 0x51
.iret_back:
        CHECK_FLAGS "iret_restores_flags", EFLAGS_CF | EFLAGS_ZF, EFLAGS_CF | EFLAGS_ZF
        CHECK_VAR "int_frame_eip", RES + 0x48, .iret_back
        CHECK_VAR "int_frame_cs", RES + 0x4C, SEL_CODE32
        ; IRET to a 16-bit code segment with a 32-bit frame
        push dword 0x2
        push dword SEL_CODE16
        push dword .to16
        iretd
        bits 16
.to16:  mov eax, cs
        push dword 0x2
        push dword SEL_CODE32
        push dword .to32
        o32 iret
        bits 32
.to32:  CHECK_EQ "iret_to_16bit_cs", eax, SEL_CODE16
        DONE

pm_gate_handler:
        pushfd
        pop dword [RES + 0x40]
        mov eax, [esp + 8]
        mov [RES + 0x44], eax
        mov eax, [esp]
        mov [RES + 0x48], eax
        mov eax, [esp + 4]
        mov [RES + 0x4C], eax
        or dword [esp + 8], EFLAGS_CF | EFLAGS_ZF
        iretd

        section .rodata
ivt_9000:       dw 0x3FF
                dd 0x9000
idt_short:      dw 0x1FF                ; vectors 0-63 only
                dd IDT_BASE
