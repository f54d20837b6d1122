; v86.asm - virtual-8086 mode (SDM Vol. 3 chapter 20).
;
; Ring 0 enters V86 with IRETD (VM=1 in the EFLAGS image, segment values
; in the frame).  The 8086 code computes real-mode style addresses, then:
; with IOPL 0, INT n, CLI, PUSHF and HLT raise #GP(0); the monitor (#GP
; handler) checks the frame (EIP/CS/EFLAGS/ESP/SS/ES/DS/FS/GS pushed,
; data segment registers zeroed on entry), skips the instruction and IRETs
; back.  With IOPL 3, INT n goes through the IDT (not the IVT) to a DPL-3
; interrupt gate, CLI/STI/PUSHF/POPF run, IN still needs the I/O bitmap.

%include "harness.inc"

SEL_TSS         equ 0x48
TSS_BASE        equ 0x2000
RING0_STACK     equ 0x5F00
V86_SP          equ 0x6800
RES             equ 0x3000          ; 0x40 bytes per recorded #GP
RES_INT41       equ 0x3400
RES_MISC        equ 0x3500
GP_COUNT        equ 0x3600

main:
        ENTER_PM
        GDT_INSTALL SEL_TSS, tss_desc, 8
        LOAD_TSS RING0_STACK
        mov edi, RES
        mov eax, 0xEEEEEEEE
        mov ecx, 0x700 / 4
        rep stosd
        mov dword [GP_COUNT], 0
        mov eax, 13
        mov bx, SEL_CODE32
        mov ecx, v86_gp
        mov dl, GATE_INT32
        call h32_set_gate
        mov eax, 0x41
        mov ecx, v86_int41
        mov dl, GATE_INT32 | 0x60       ; DPL 3
        call h32_set_gate
        mov eax, 0x42
        mov ecx, v86_exit
        call h32_set_gate

        ; IRETD to V86, IOPL 0
        push dword 0x5000               ; GS
        push dword 0x4000               ; FS
        push dword 0x2000               ; DS
        push dword 0x3000               ; ES
        push dword 0                    ; SS
        push dword V86_SP               ; ESP
        push dword EFLAGS_VM | 0x2      ; EFLAGS
        push dword 0xF000               ; CS
        push dword v86_code             ; EIP
        iretd

; #GP monitor: record the frame, skip the instruction, go back to V86.
; INT 0x42 under IOPL 0 is the way out of phase 1.
v86_gp:
        push eax
        push ebx
        mov eax, [ss:GP_COUNT]
        inc dword [ss:GP_COUNT]
        shl eax, 6
        add eax, RES
        mov [ss:eax + 0x28], ds
        mov [ss:eax + 0x2C], es
        mov ebx, [esp + 8]
        mov [ss:eax], ebx               ; error code
%assign i 1
%rep 9
        mov ebx, [esp + 8 + i * 4]
        mov [ss:eax + i * 4], ebx       ; EIP CS EFLAGS ESP SS ES DS FS GS
%assign i i + 1
%endrep
        movzx ebx, word [esp + 16]      ; CS
        shl ebx, 4
        add ebx, [esp + 12]             ; + EIP
        cmp byte [ss:ebx], 0xCD
        jne .one
        cmp byte [ss:ebx + 1], 0x42
        je .leave
        add dword [esp + 12], 1
.one:   add dword [esp + 12], 1
        pop ebx
        pop eax
        add esp, 4                      ; error code
        iretd
.leave: jmp v86_phase1_done

v86_int41:
        mov [ss:RES_INT41 + 0x28], ds
        pushfd
        pop dword [ss:RES_INT41 + 0x30]
        push eax
%assign i 0
%rep 9
        mov eax, [esp + 4 + i * 4]
        mov [ss:RES_INT41 + i * 4], eax
%assign i i + 1
%endrep
        pop eax
        iretd

v86_exit:
        mov ax, SEL_FLAT
        mov ds, ax
        mov es, ax
        mov esp, STACK_TOP
        jmp v86_phase2_done

        bits 16
v86_code:
        mov bx, 0x1234
        mov [0x10], bx                  ; DS = 0x2000 -> linear 0x20010
        mov ax, cs
        mov [0x12], ax
        mov ax, 0x2100
        mov es, ax
        mov word [es:0x4], 0x8086       ; linear 0x21004
        mov ax, 0x3000
        mov es, ax                      ; back to the value in the frame
.i40:   int 0x40
.cli:   cli
.pushf: pushf
.hlt:   hlt
.in:    in al, dx
        mov word [0x14], 0xD0D0         ; ran past all the faults
.exit:  int 0x42

        ; phase 2: IOPL 3
v86_code2:
        mov ax, 0x2000
        mov ds, ax
.i41:   int 0x41
.after: cli
        pushf
        pop ax
        mov [0x20], ax
        sti
        pushf
        pop ax
        mov [0x22], ax
        push word 0x0001                ; CF via POPF
        popf
        pushf
        pop ax
        mov [0x24], ax
        cli
.in2:   in al, dx                       ; the I/O bitmap still rules
        int 0x42
        bits 32

v86_phase1_done:
        mov ax, SEL_FLAT
        mov ds, ax
        mov es, ax
        mov esp, STACK_TOP
        CHECK_VAR "v86_store_ds_base", 0x20010, 0xF0001234
        CHECK_MASK "v86_store_es_base", dword [0x21004], 0xFFFF, 0x8086
        CHECK_MASK "v86_ran_past_faults", dword [0x20014], 0xFFFF, 0xD0D0
        CHECK_VAR "v86_gp_count", GP_COUNT, 6
%macro GP_CHECK 3                       ; name, n, eip
        CHECK_VAR {%1, ".err"}, RES + (%2) * 0x40, 0
        CHECK_VAR {%1, ".eip"}, RES + (%2) * 0x40 + 4, %3
        CHECK_VAR {%1, ".cs"}, RES + (%2) * 0x40 + 8, 0xF000
        CHECK_MASK {%1, ".eflags"}, dword [RES + (%2) * 0x40 + 12], EFLAGS_VM | EFLAGS_IOPL, EFLAGS_VM
%endmacro
        GP_CHECK "v86_int_iopl0_gp", 0, v86_code.i40
        GP_CHECK "v86_cli_iopl0_gp", 1, v86_code.cli
        GP_CHECK "v86_pushf_iopl0_gp", 2, v86_code.pushf
        GP_CHECK "v86_hlt_gp", 3, v86_code.hlt
        GP_CHECK "v86_in_no_bitmap_gp", 4, v86_code.in
        CHECK_VAR "v86_frame_esp", RES + 16, V86_SP
        CHECK_VAR "v86_frame_ss", RES + 20, 0
        CHECK_VAR "v86_frame_es", RES + 24, 0x3000
        CHECK_VAR "v86_frame_ds", RES + 28, 0x2000
        CHECK_VAR "v86_frame_fs", RES + 32, 0x4000
        CHECK_VAR "v86_frame_gs", RES + 36, 0x5000
        CHECK_MASK "v86_handler_ds_zeroed", dword [RES + 0x28], 0xFFFF, 0
        CHECK_MASK "v86_handler_es_zeroed", dword [RES + 0x2C], 0xFFFF, 0
        CHECK_VAR "v86_int42_exit_eip", RES + 5 * 0x40 + 4, v86_code.exit

        ; phase 2: IOPL 3
        mov dword [GP_COUNT], 0
        push dword 0
        push dword 0
        push dword 0x2000
        push dword 0
        push dword 0
        push dword V86_SP
        push dword EFLAGS_VM | EFLAGS_IOPL | 0x2
        push dword 0xF000
        push dword v86_code2
        iretd

v86_phase2_done:
        CHECK_VAR "v86_int41_eip", RES_INT41, v86_code2.after
        CHECK_VAR "v86_int41_cs", RES_INT41 + 4, 0xF000
        CHECK_MASK "v86_int41_eflags", dword [RES_INT41 + 8], EFLAGS_VM | EFLAGS_IOPL, EFLAGS_VM | EFLAGS_IOPL
        CHECK_VAR "v86_int41_esp", RES_INT41 + 12, V86_SP
        CHECK_VAR "v86_int41_ds", RES_INT41 + 24, 0x2000
        CHECK_MASK "v86_int41_handler_ds", dword [RES_INT41 + 0x28], 0xFFFF, 0
        CHECK_MASK "v86_int41_handler_flags", dword [RES_INT41 + 0x30], EFLAGS_VM | EFLAGS_IF | EFLAGS_TF, 0
        CHECK_MASK "v86_iopl3_cli", dword [0x20020], EFLAGS_IF | EFLAGS_IOPL, EFLAGS_IOPL
        CHECK_MASK "v86_iopl3_sti", dword [0x20022], EFLAGS_IF | EFLAGS_IOPL, EFLAGS_IF | EFLAGS_IOPL
        CHECK_MASK "v86_iopl3_popf", dword [0x20024], EFLAGS_CF | EFLAGS_IOPL, EFLAGS_CF | EFLAGS_IOPL
        CHECK_VAR "v86_iopl3_in_gp", GP_COUNT, 1
        CHECK_VAR "v86_iopl3_in_gp.eip", RES + 4, v86_code2.in2
        DONE

        section .rodata
        align 8
tss_desc:
        DESC TSS_BASE, 0x67, ACC_TSS32, 0
