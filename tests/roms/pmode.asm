; pmode.asm - protected-mode segmentation and privilege.
;
; Enters protected mode (far jump to a 32-bit code segment), checks segment
; limit and type violations (#GP(0), #SS(0), SDM Vol. 3 6.15), selector
; error codes on segment loads (#GP/#NP/#SS(selector & 0xFFFC)), LAR, LSL,
; VERR, VERW, ARPL, call gates at the same and at a higher privilege (with
; parameter copying and the TSS stack), a ring 3 -> ring 0 interrupt gate,
; privileged instructions and I/O at ring 3, the same code run at the
; ROM's two addresses, then returns to real mode.
;
; Ring-3 code cannot print (no I/O privilege, no ROM data segment): it
; stores what it saw in R3_RES and ring-0 code checks it afterwards.

%include "harness.inc"

SEL_DLIM        equ 0x50        ; data, base 0, limit 0xFFF
SEL_SLIM        equ 0x58        ; data (stack), base 0x8000, limit 0xFFF
SEL_DDOWN       equ 0x60        ; data, expand-down, limit 0xFFF, B=1
SEL_XONLY       equ 0x68        ; code, execute-only, base 0xF0000
SEL_DRO         equ 0x70        ; data, read-only, flat
SEL_DNP         equ 0x78        ; data, not present
SEL_CG0         equ 0x80        ; call gate DPL 0 -> cg0_target
SEL_CG3         equ 0x88        ; call gate DPL 3 -> cg3_target, 2 params
SEL_CONF        equ 0x90        ; conforming code, DPL 0, base 0xF0000
SEL_TSS         equ 0x48
TSS_BASE        equ 0x2000
RING0_STACK     equ 0x6000      ; TSS.ESP0
RING3_STACK     equ 0x5000
R3_RES          equ 0x3000      ; ring-3 results, 8 bytes per check
CG_RES          equ 0x3400      ; call-gate and interrupt frames seen
ALIAS_PTR       equ 0x3800      ; far pointer of the ROM alias check

main:
        ; ARPL is not recognised in real mode (SDM ARPL: #UD)
        TRY .arpl_rm
        arpl ax, bx
.arpl_rm:
        CHECK_FAULT "arpl_real_mode_ud", 6, -1

        ENTER_PM
        mov eax, cs
        CHECK_EQ "pm_cs", eax, SEL_CODE32
        mov eax, ds
        CHECK_EQ "pm_ds", eax, SEL_FLAT
        GDT_INSTALL SEL_TSS, descs, descs_end - descs
        ; the TSS: only SS0:ESP0 matter here; limit 0x67, no I/O bitmap
        LOAD_TSS RING0_STACK

; ---------------------------------------------------------------- limits
        mov ax, SEL_DLIM
        mov fs, ax
        mov eax, [fs:0xFFC]
        PASS_NOW "limit_last_dword_ok"
        movzx eax, byte [fs:0xFFF]
        PASS_NOW "limit_last_byte_ok"
        mov eax, 0x12345678
        TRY .l1
        mov eax, [fs:0xFFD]             ; last byte at 0x1000 > limit
.l1:    CHECK_FAULT "limit_dword_crossing_gp0", 13, 0
        CHECK_EQ "limit_dword_crossing_eax", eax, 0x12345678
        TRY .l2
        mov byte [fs:0x1000], 1
.l2:    CHECK_FAULT "limit_write_beyond_gp0", 13, 0
        mov ebx, 0x2000
        TRY .l3
        mov ecx, [fs:ebx - 0x1000]
.l3:    CHECK_FAULT "limit_at_limit_plus_1_gp0", 13, 0
        ; expand-down: valid offsets are limit+1 .. 0xFFFFFFFF
        mov ax, SEL_DDOWN
        mov gs, ax
        mov eax, [gs:0x1000]
        PASS_NOW "expdown_above_limit_ok"
        TRY .l4
        mov eax, [gs:0x800]
.l4:    CHECK_FAULT "expdown_below_limit_gp0", 13, 0
        TRY .l4b
        mov eax, [gs:0xFFE]             ; first byte at or below the limit
.l4b:   CHECK_FAULT "expdown_straddle_gp0", 13, 0
        ; stack segment limit: #SS(0)
        mov ax, SEL_SLIM
        mov ss, ax
        mov esp, 0xF00
        mov eax, [ss:0xFFC]
        PASS_NOW "ss_limit_ok"
        TRY .l5
        mov eax, [ss:0x1000]
.l5:    CHECK_FAULT "ss_limit_ss0", 12, 0
        mov ebp, 0xFFF
        TRY .l6
        mov eax, [ebp+1]                ; EBP base: SS
.l6:    CHECK_FAULT "ss_limit_ebp_ss0", 12, 0
        mov ax, SEL_FLAT
        mov ss, ax
        mov esp, STACK_TOP
        ; type checks on access
        mov ax, SEL_DRO
        mov fs, ax
        mov eax, [fs:0x500]
        PASS_NOW "readonly_read_ok"
        TRY .t1
        mov [fs:0x9000], eax
.t1:    CHECK_FAULT "readonly_write_gp0", 13, 0
        TRY .t2
        mov [cs:0x100], eax
.t2:    CHECK_FAULT "code_write_gp0", 13, 0
        mov eax, [cs:rom_const]
        CHECK_EQ "code_read_ok", eax, 0xC0DEC0DE

; ---------------------------------------------------------------- selector loads
        mov ax, 0x0055                  ; TI=1, no LDT loaded
        TRY .s1
        mov ds, ax
.s1:    CHECK_FAULT "load_ds_ldt_no_ldt", 13, 0x0054
        mov eax, ds
        CHECK_EQ "load_ds_unchanged", eax, SEL_FLAT
        mov ax, 0x0803                  ; index beyond the GDT limit
        TRY .s2
        mov es, ax
.s2:    CHECK_FAULT "load_es_beyond_gdt", 13, 0x0800
        mov ax, SEL_XONLY
        TRY .s3
        mov fs, ax
.s3:    CHECK_FAULT "load_fs_exec_only", 13, SEL_XONLY
        mov ax, SEL_TSS
        TRY .s4
        mov gs, ax
.s4:    CHECK_FAULT "load_gs_system", 13, SEL_TSS
        mov ax, SEL_DNP
        TRY .s5
        mov ds, ax
.s5:    CHECK_FAULT "load_ds_not_present_np", 11, SEL_DNP
        mov ax, SEL_DNP
        TRY .s6
        mov ss, ax
.s6:    CHECK_FAULT "load_ss_not_present_ss", 12, SEL_DNP
        xor eax, eax
        TRY .s7
        mov ss, ax
.s7:    CHECK_FAULT "load_ss_null_gp0", 13, 0
        mov ax, SEL_DRO
        TRY .s8
        mov ss, ax
.s8:    CHECK_FAULT "load_ss_readonly", 13, SEL_DRO
        mov ax, SEL_UDATA               ; DPL 3, RPL 3 at CPL 0
        TRY .s9
        mov ss, ax
.s9:    CHECK_FAULT "load_ss_dpl_mismatch", 13, SEL_UDATA & 0xFFFC
        mov ax, SEL_CODE32
        TRY .s10
        mov ss, ax
.s10:   CHECK_FAULT "load_ss_code", 13, SEL_CODE32
        TRY .s11
        jmp SEL_FLAT:0
.s11:   CHECK_FAULT "jmp_far_data_seg", 13, SEL_FLAT
        TRY .s12
        call (SEL_DNP | 0x100):0        ; 0x178: zero descriptor
.s12:   CHECK_FAULT "call_far_null_desc", 13, 0x178
        xor eax, eax
        mov ds, ax                      ; null in DS is fine ...
        PASS_NOW "load_ds_null_ok"
        TRY .s13
        mov eax, [0x500]                ; ... until it is used
.s13:   CHECK_FAULT "use_null_ds_gp0", 13, 0
        mov ax, SEL_FLAT
        mov ds, ax
        TRY .s14
        jmp SEL_CODE16:0x12345          ; beyond the 64 KiB limit
.s14:   CHECK_FAULT "jmp_far_beyond_cs_limit", 13, 0
        mov eax, cs
        CHECK_EQ "jmp_far_beyond_cs_limit.cs", eax, SEL_CODE32

; ---------------------------------------------------------------- LAR/LSL/VERx
; LAR bits 19:16 (the limit's top nibble) are undefined (SDM LAR: 00FxFF00H)
LAR_DEFINED     equ 0xFFF0FFFF
        mov ax, SEL_DLIM
        mov fs, ax                      ; sets the accessed bit
        mov eax, 0xFFFFFFFF
        lar eax, [cs:fs_sel]
        CHECK_FLAGS "lar_data.zf", EFLAGS_ZF, EFLAGS_ZF
        CHECK_MASK "lar_data", eax, LAR_DEFINED, 0x00409300
        mov bx, SEL_CODE32
        lar eax, bx
        CHECK_MASK "lar_code32", eax, LAR_DEFINED, 0x00C09B00
        mov bx, SEL_DRO                 ; loaded into FS above: accessed
        lar eax, bx
        CHECK_MASK "lar_data_ro", eax, LAR_DEFINED, 0x00C09100
        mov bx, SEL_TSS
        lar eax, bx
        CHECK_MASK "lar_tss_busy", eax, LAR_DEFINED, 0x00008B00
        mov bx, SEL_CG3
        lar eax, bx
        CHECK_MASK "lar_call_gate", eax, LAR_DEFINED, 0x0000EC00
        mov eax, 0x5A5A5A5A
        xor ebx, ebx
        lar eax, bx
        CHECK_FLAGS "lar_null.zf", EFLAGS_ZF, 0
        CHECK_EQ "lar_null_unchanged", eax, 0x5A5A5A5A
        mov bx, 0x0800
        lar eax, bx
        CHECK_FLAGS "lar_beyond_gdt.zf", EFLAGS_ZF, 0
        mov bx, SEL_DLIM
        lsl eax, bx
        CHECK_FLAGS "lsl_dlim.zf", EFLAGS_ZF, EFLAGS_ZF
        CHECK_EQ "lsl_dlim", eax, 0xFFF
        mov bx, SEL_FLAT
        lsl eax, bx
        CHECK_EQ "lsl_flat_4g", eax, 0xFFFFFFFF
        mov bx, SEL_CODE16
        lsl eax, bx
        CHECK_EQ "lsl_code16", eax, 0xFFFF
        mov bx, SEL_TSS
        lsl eax, bx
        CHECK_EQ "lsl_tss", eax, 0x67
        mov eax, 0x5A5A5A5A
        mov bx, SEL_CG0                 ; gates have no limit
        lsl eax, bx
        CHECK_FLAGS "lsl_gate.zf", EFLAGS_ZF, 0
        CHECK_EQ "lsl_gate_unchanged", eax, 0x5A5A5A5A
        mov ax, 0x1234
        mov bx, SEL_CODE32
        lsl ax, bx                      ; 16-bit: low half of the limit
        CHECK_EQ "lsl16", eax, 0x5A5AFFFF
        mov ax, SEL_CODE32
        verr ax
        CHECK_FLAGS "verr_code_readable", EFLAGS_ZF, EFLAGS_ZF
        mov ax, SEL_XONLY
        verr ax
        CHECK_FLAGS "verr_exec_only", EFLAGS_ZF, 0
        mov ax, SEL_FLAT
        verw ax
        CHECK_FLAGS "verw_data", EFLAGS_ZF, EFLAGS_ZF
        mov ax, SEL_DRO
        verw ax
        CHECK_FLAGS "verw_readonly", EFLAGS_ZF, 0
        mov ax, SEL_CODE32
        verw ax
        CHECK_FLAGS "verw_code", EFLAGS_ZF, 0
        xor eax, eax
        verr ax
        CHECK_FLAGS "verr_null", EFLAGS_ZF, 0
        mov ax, SEL_TSS
        verr ax
        CHECK_FLAGS "verr_system", EFLAGS_ZF, 0

; ---------------------------------------------------------------- ARPL
        mov eax, 0xFFFF0008
        mov ebx, 0x00000003
        arpl ax, bx
        CHECK_FLAGS "arpl_raise.zf", EFLAGS_ZF, EFLAGS_ZF
        CHECK_EQ "arpl_raise", eax, 0xFFFF000B
        mov eax, 0x0000000B
        mov ebx, 0x00000001
        arpl ax, bx
        CHECK_FLAGS "arpl_keep.zf", EFLAGS_ZF, 0
        CHECK_EQ "arpl_keep", eax, 0x0000000B
        mov word [0x9000], 0x0010
        mov ecx, 0x0002
        arpl [0x9000], cx
        CHECK_VAR "arpl_mem", 0x9000, 0x0012

; ---------------------------------------------------------------- call gates
        ; same privilege: no stack switch, no parameter copy
        mov [CG_RES + 0x40], esp
        call SEL_CG0:0xDEAD             ; the offset is ignored
.cg0_ret:
        CHECK_VAR "cg0_ret_eip", CG_RES, .cg0_ret
        CHECK_VAR "cg0_ret_cs", CG_RES + 4, SEL_CODE32
        mov eax, [CG_RES + 0x40]        ; ESP before the call ...
        sub eax, [CG_RES + 8]           ; ... and after popping CS:EIP
        CHECK_EQ "cg0_same_stack", eax, 0
        CHECK_VAR "cg0_target_cs", CG_RES + 12, SEL_CODE32

; ---------------------------------------------------------------- ring 3
        mov eax, 0x40
        mov bx, SEL_CODE32
        mov ecx, r3_int40
        mov dl, 0xEE                    ; interrupt gate, DPL 3
        call h32_set_gate
        mov eax, 0x41
        mov ecx, r3_int41
        call h32_set_gate
        mov edi, R3_RES
        mov ecx, 0x200 / 4
        mov eax, 0xEEEEEEEE
        rep stosd
        push dword SEL_UDATA            ; SS
        push dword RING3_STACK          ; ESP
        push dword 0x00000002           ; EFLAGS: IOPL 0, IF 0
        push dword SEL_UCODE32          ; CS
        push dword ring3_code           ; EIP
        iretd

        ; interrupt gate from ring 3 (DPL 3): stack from TSS.ESP0
r3_int40:
        mov [CG_RES + 0x80], esp
        pushfd
        pop dword [ss:CG_RES + 0x84]
        mov eax, [esp]
        mov [ss:CG_RES + 0x88], eax     ; EIP
        mov eax, [esp + 4]
        mov [ss:CG_RES + 0x8C], eax     ; CS
        mov eax, [esp + 12]
        mov [ss:CG_RES + 0x90], eax     ; ESP
        mov eax, [esp + 16]
        mov [ss:CG_RES + 0x94], eax     ; SS
        mov [ss:CG_RES + 0x98], ds
        iretd

        ; ring 3 asks to come back: abandon its context
r3_int41:
        mov ax, SEL_FLAT
        mov ds, ax
        mov es, ax
        mov esp, STACK_TOP
        jmp ring0_again

        ; call gate DPL 0, same privilege
cg0_target:
        pop dword [CG_RES]              ; EIP
        pop dword [CG_RES + 4]          ; CS
        mov [CG_RES + 8], esp
        mov [CG_RES + 12], cs
        push dword [CG_RES + 4]
        push dword [CG_RES]
        retf

        ; call gate DPL 3 -> ring 0 with two dword parameters
cg3_target:
        mov [ss:CG_RES + 0x20], esp
        mov eax, [esp]
        mov [ss:CG_RES + 0x24], eax     ; EIP
        mov eax, [esp + 4]
        mov [ss:CG_RES + 0x28], eax     ; CS
        mov eax, [esp + 8]
        mov [ss:CG_RES + 0x2C], eax     ; param at the top of ring-3 stack
        mov eax, [esp + 12]
        mov [ss:CG_RES + 0x30], eax     ; the other param
        mov eax, [esp + 16]
        mov [ss:CG_RES + 0x34], eax     ; ESP
        mov eax, [esp + 20]
        mov [ss:CG_RES + 0x38], eax     ; SS
        mov [ss:CG_RES + 0x3C], cs
        retf 8

        ; conforming code segment: runs at the caller's CPL
conf_target:
        mov eax, cs
        retf

; R3_SAVE n: store the caught vector and error code in R3_RES slot n and
; disarm (ring 3, DS = SEL_UDATA)
%macro R3_SAVE 1
        push eax
        mov eax, [EXC_VECTOR]
        mov [R3_RES + (%1) * 8], eax
        mov eax, [EXC_ERROR]
        mov [R3_RES + (%1) * 8 + 4], eax
        mov dword [EXC_ARMED], 0
        pop eax
%endmacro

ring3_code:
        mov [ss:R3_RES + 0x100], ds     ; data segments with DPL < 3 are
        mov [ss:R3_RES + 0x104], es     ; nulled by IRET to ring 3
        mov [ss:R3_RES + 0x108], cs
        mov [ss:R3_RES + 0x10C], esp
        mov ax, SEL_UDATA
        mov ds, ax
        mov es, ax
        int 0x40
        mov [R3_RES + 0x110], esp       ; back from the interrupt gate
        TRY .r0
        int 0x30                        ; gate DPL 0 < CPL 3
.r0:    R3_SAVE 0
        mov eax, [EXC_SS]
        mov [R3_RES + 0x114], eax       ; outer SS in the #GP frame
        TRY .r1
        cli
.r1:    R3_SAVE 1
        TRY .r2
        hlt
.r2:    R3_SAVE 2
        mov ax, SEL_FLAT
        TRY .r3
        mov ds, ax                      ; DPL 0 data at CPL 3
.r3:    R3_SAVE 3
        TRY .r4
        in al, 0x80                     ; IOPL 0 and no I/O bitmap
.r4:    R3_SAVE 4
        TRY .r5
        mov eax, cr0
.r5:    R3_SAVE 5
        TRY .r6
        call SEL_CG0:0                  ; gate DPL 0 < CPL 3
.r6:    R3_SAVE 6
        TRY .r7
        lgdt [0x9000]
.r7:    R3_SAVE 7
        mov ax, SEL_FLAT
        lar ebx, ax                     ; DPL 0 descriptor: not visible
        setz [R3_RES + 0x118]
        mov ax, SEL_UDATA
        verw ax
        setz [R3_RES + 0x119]
        call SEL_CONF:conf_target       ; conforming: CPL stays 3
        mov [R3_RES + 0x124], eax
        push dword 0x1111
        push dword 0x2222
        mov [R3_RES + 0x11C], esp
        call SEL_CG3:0
        mov [R3_RES + 0x120], esp       ; RETF 8 released the parameters
        int 0x41

ring0_again:
        mov eax, 0x40
        mov bx, SEL_CODE32
        mov ecx, h32_stubs + 0x40 * H32_STUB_SIZE
        mov dl, 0x8E
        call h32_set_gate
        CHECK_MASK "r3_ds_nulled", dword [R3_RES + 0x100], 0xFFFF, 0
        CHECK_MASK "r3_es_nulled", dword [R3_RES + 0x104], 0xFFFF, 0
        CHECK_MASK "r3_cs", dword [R3_RES + 0x108], 0xFFFF, SEL_UCODE32
        CHECK_VAR "r3_esp", R3_RES + 0x10C, RING3_STACK
        CHECK_VAR "r3_int_esp0", CG_RES + 0x80, RING0_STACK - 20
        CHECK_VAR "r3_int_if_clear", CG_RES + 0x84, 0x00000002
        CHECK_VAR "r3_int_frame_cs", CG_RES + 0x8C, SEL_UCODE32
        CHECK_VAR "r3_int_frame_esp", CG_RES + 0x90, RING3_STACK
        CHECK_VAR "r3_int_frame_ss", CG_RES + 0x94, SEL_UDATA
        CHECK_VAR "r3_int_ret_esp", R3_RES + 0x110, RING3_STACK
%macro R3_CHECK 3
        CHECK_VAR {%1, ".vec"}, R3_RES + (%2) * 8, 13
        CHECK_VAR {%1, ".err"}, R3_RES + (%2) * 8 + 4, %3
%endmacro
        R3_CHECK "r3_int_dpl0_gate", 0, 0x30 * 8 + 2
        CHECK_VAR "r3_gp_frame_ss", R3_RES + 0x114, SEL_UDATA
        R3_CHECK "r3_cli_gp", 1, 0
        R3_CHECK "r3_hlt_gp", 2, 0
        R3_CHECK "r3_load_dpl0_ds", 3, SEL_FLAT
        R3_CHECK "r3_in_iopl0", 4, 0
        R3_CHECK "r3_mov_cr0", 5, 0
        R3_CHECK "r3_call_gate_dpl0", 6, SEL_CG0
        R3_CHECK "r3_lgdt", 7, 0
        CHECK_MASK "r3_lar_dpl0_invisible", dword [R3_RES + 0x118], 0xFF, 0
        CHECK_MASK "r3_verw_udata", dword [R3_RES + 0x119], 0xFF, 1
        CHECK_VAR "cg3_esp0", CG_RES + 0x20, RING0_STACK - 24
        CHECK_VAR "cg3_ret_cs", CG_RES + 0x28, SEL_UCODE32
        CHECK_VAR "cg3_param_top", CG_RES + 0x2C, 0x2222
        CHECK_VAR "cg3_param_next", CG_RES + 0x30, 0x1111
        mov eax, [R3_RES + 0x11C]
        CHECK_VAR "cg3_outer_esp", CG_RES + 0x34, eax
        CHECK_VAR "cg3_outer_ss", CG_RES + 0x38, SEL_UDATA
        CHECK_MASK "cg3_target_cpl0", dword [CG_RES + 0x3C], 0xFFFF, SEL_CODE32
        add eax, 8
        CHECK_VAR "cg3_retf_imm", R3_RES + 0x120, eax
        CHECK_MASK "conforming_keeps_cpl3", dword [R3_RES + 0x124], 0xFFFF, SEL_CONF | 3

; ---------------------------------------------------------------- the ROM's two addresses
; The same code run at both of the ROM's addresses, 0xF0000 + offset (CS
; base 0xF0000) and its alias 0xFFFF0000 + offset (a flat CS): decoded
; once, it is fetched from two physical addresses, and a trace must carry
; its bytes for each (tests/traces: "behind the debugger pmode").  The
; far call through memory runs it twice at the first address, then at
; the alias, with no new code in between.
        xor ebx, ebx
        mov ecx, 3
.alias: mov eax, [LIN(alias_targets) - 8 + ecx * 8]
        mov edx, [LIN(alias_targets) - 4 + ecx * 8]
        mov [ALIAS_PTR], eax
        mov [ALIAS_PTR + 4], dx
        call far [ALIAS_PTR]
        loop .alias
        CHECK_EQ "rom_alias_same_code", ebx, 6

; ---------------------------------------------------------------- back to real mode
        LEAVE_PM
        mov ax, 0x1234
        mov ds, ax
        mov dword [0x0010], 0xAABBCCDD  ; linear 0x12350
        xor ax, ax
        mov ds, ax
        CHECK_VAR "rm_again_segment_base", 0x12350, 0xAABBCCDD
        mov eax, cr0
        CHECK_MASK "rm_again_pe_clear", eax, 1, 0
        DONE

        bits 32
alias_add2:
        add ebx, 2
        retf

        section .rodata
rom_const:      dd 0xC0DEC0DE
alias_targets:  dd 0xFFFF0000 + alias_add2, SEL_FCODE32        ; the third call
                dd alias_add2, SEL_CODE32                       ; the second
                dd alias_add2, SEL_CODE32                       ; the first
fs_sel:         dw SEL_DLIM
        align 8
descs:
        DESC TSS_BASE, 0x67, ACC_TSS32, 0x0             ; 0x48 TSS
        DESC 0, 0xFFF, ACC_DATA, 0x4                    ; 0x50 SEL_DLIM
        DESC 0x8000, 0xFFF, ACC_DATA, 0x4               ; 0x58 SEL_SLIM
        DESC 0, 0xFFF, 0x96, 0x4                        ; 0x60 SEL_DDOWN
        DESC ROM_LINEAR, 0xFFFF, 0x98, 0x4              ; 0x68 SEL_XONLY
        DESC 0, 0xFFFFF, 0x90, 0xC                      ; 0x70 SEL_DRO
        DESC 0, 0xFFFFF, 0x12, 0xC                      ; 0x78 SEL_DNP
        GATE SEL_CODE32, OFS(cg0_target), GATE_CALL32, 0        ; 0x80
        GATE SEL_CODE32, OFS(cg3_target), GATE_CALL32 | 0x60, 2 ; 0x88
        DESC ROM_LINEAR, 0xFFFFF, 0x9E, 0xC             ; 0x90 SEL_CONF
descs_end:
