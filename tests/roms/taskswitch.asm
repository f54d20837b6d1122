; taskswitch.asm - hardware task switching (SDM Vol. 3 chapter 7).
;
; Task A (the ROM) JMPs to task B through its TSS descriptor; B JMPs back.
; A CALLs task C through a task gate in the GDT; C returns with IRET (NT
; set).  INT 0x70 reaches task D through a task gate in the IDT.  Checked:
; the state saved in the old TSS, the state loaded from the new one, busy
; bits, NT, the previous-task link (Table 7-2), CR0.TS, and the #GP/#TS
; cases for a busy TSS and a TSS whose limit is too small.

%include "harness.inc"

SEL_TSSA        equ 0x48
SEL_TSSB        equ 0x50
SEL_TSSC        equ 0x58
SEL_TSSD        equ 0x60
SEL_TGC         equ 0x68    ; task gate -> TSS C
SEL_TSSSMALL    equ 0x70    ; limit 0x20
TSSA            equ 0x2000
TSSB            equ 0x2100
TSSC            equ 0x2200
TSSD            equ 0x2300
TSSS            equ 0x2400
RES             equ 0x3000
T_LINK  equ 0x00
T_CR3   equ 0x1C
T_EIP   equ 0x20
T_EFL   equ 0x24
T_EAX   equ 0x28
T_ECX   equ 0x2C
T_EDX   equ 0x30
T_EBX   equ 0x34
T_ESP   equ 0x38
T_EBP   equ 0x3C
T_ESI   equ 0x40
T_EDI   equ 0x44
T_ES    equ 0x48
T_CS    equ 0x4C
T_SS    equ 0x50
T_DS    equ 0x54
T_FS    equ 0x58
T_GS    equ 0x5C
T_LDT   equ 0x60
T_IOMAP equ 0x64

; TYPE sel: the access byte of a GDT descriptor, zero-extended into EAX
%macro TYPE 1
        movzx eax, byte [GDT_BASE + (%1) + 5]
%endmacro

; INIT_TSS base, eip, esp, eax
%macro INIT_TSS 4
        mov edi, %1
        xor eax, eax
        mov ecx, 0x68 / 4
        rep stosd
        mov dword [%1 + T_EIP], %2
        mov dword [%1 + T_EFL], 0x2
        mov dword [%1 + T_ESP], %3
        mov dword [%1 + T_EAX], %4
        mov dword [%1 + T_CS], SEL_CODE32
        mov dword [%1 + T_SS], SEL_FLAT
        mov dword [%1 + T_DS], SEL_FLAT
        mov dword [%1 + T_ES], SEL_FLAT
        mov dword [%1 + T_IOMAP], 0x00680000
%endmacro

main:
        ENTER_PM
        GDT_INSTALL SEL_TSSA, descs, descs_end - descs
        INIT_TSS TSSA, 0, 0, 0
        INIT_TSS TSSB, task_b, 0x5800, 0xB0B0B0B0
        INIT_TSS TSSC, task_c, 0x5400, 0xC0C0C0C0
        INIT_TSS TSSD, task_d, 0x5000, 0xD0D0D0D0
        mov edi, RES
        mov eax, 0xEEEEEEEE
        mov ecx, 0x100
        rep stosd
        mov ax, SEL_TSSA
        ltr ax
        mov eax, 0x70
        mov bx, SEL_TSSD
        xor ecx, ecx
        mov dl, GATE_TASK
        call h32_set_gate
        TYPE SEL_TSSA
        CHECK_EQ "ltr_sets_busy", eax, 0x8B

; ---------------------------------------------------------------- JMP
        mov ax, SEL_FLAT
        mov fs, ax
        mov ax, SEL_ROMDATA
        mov gs, ax
        mov eax, 0xA0A0A0A0
        mov ebx, 0xA1A1A1A1
        mov ecx, 0xA2A2A2A2
        mov edx, 0xA3A3A3A3
        mov esi, 0xA4A4A4A4
        mov edi, 0xA5A5A5A5
        mov ebp, 0xA6A6A6A6
        stc
        jmp SEL_TSSB:0                  ; the offset is ignored
.back_from_b:
        CHECK_FLAGS "jmp_back_flags", EFLAGS_CF, EFLAGS_CF
        CHECK_EQ "jmp_back_eax", eax, 0xA0A0A0A0
        CHECK_EQ "jmp_back_ebx", ebx, 0xA1A1A1A1
        CHECK_EQ "jmp_back_ecx", ecx, 0xA2A2A2A2
        CHECK_EQ "jmp_back_edx", edx, 0xA3A3A3A3
        CHECK_EQ "jmp_back_esi", esi, 0xA4A4A4A4
        CHECK_EQ "jmp_back_edi", edi, 0xA5A5A5A5
        CHECK_EQ "jmp_back_ebp", ebp, 0xA6A6A6A6
        mov eax, gs
        CHECK_EQ "jmp_back_gs", eax, SEL_ROMDATA
        ; what the switch to B saved in TSS A
        CHECK_VAR "tssa_saved_eip", TSSA + T_EIP, .back_from_b
        CHECK_VAR "tssa_saved_eax", TSSA + T_EAX, 0xA0A0A0A0
        CHECK_VAR "tssa_saved_ebp", TSSA + T_EBP, 0xA6A6A6A6
        CHECK_MASK "tssa_saved_eflags", dword [TSSA + T_EFL], EFLAGS_CF | EFLAGS_NT, EFLAGS_CF
        CHECK_MASK "tssa_saved_cs", dword [TSSA + T_CS], 0xFFFF, SEL_CODE32
        CHECK_MASK "tssa_saved_fs", dword [TSSA + T_FS], 0xFFFF, SEL_FLAT
        CHECK_MASK "tssa_saved_gs", dword [TSSA + T_GS], 0xFFFF, SEL_ROMDATA
        CHECK_VAR "tssa_link_untouched", TSSA + T_LINK, 0
        ; what B saw
        CHECK_VAR "b_tr", RES + 0x00, SEL_TSSB
        CHECK_VAR "b_eax_loaded", RES + 0x04, 0xB0B0B0B0
        CHECK_VAR "b_esp_loaded", RES + 0x08, 0x5800
        CHECK_VAR "b_nt_clear", RES + 0x0C, 0
        CHECK_VAR "b_old_busy_cleared", RES + 0x10, 0x89
        CHECK_VAR "b_new_busy_set", RES + 0x14, 0x8B
        CHECK_VAR "b_link_untouched", RES + 0x18, 0
        CHECK_MASK "b_ts_set", dword [RES + 0x1C], 8, 8
        ; what B left in its TSS, and the busy bits now
        CHECK_VAR "tssb_saved_eax", TSSB + T_EAX, 0xB1B1B1B1
        CHECK_VAR "tssb_saved_eip", TSSB + T_EIP, task_b.after_jmp
        TYPE SEL_TSSA
        CHECK_EQ "a_busy_again", eax, 0x8B
        TYPE SEL_TSSB
        CHECK_EQ "b_not_busy", eax, 0x89
        str ax
        movzx eax, ax
        CHECK_EQ "tr_a_again", eax, SEL_TSSA
        mov eax, cr0
        CHECK_MASK "cr0_ts_after_switch", eax, 8, 8
        clts

; ---------------------------------------------------------------- CALL via task gate
        mov eax, 0x12345678
        call SEL_TGC:0
.back_from_c:
        CHECK_EQ "call_back_eax", eax, 0x12345678
        CHECK_FLAGS "call_back_nt_clear", EFLAGS_NT, 0
        CHECK_VAR "c_tr", RES + 0x40, SEL_TSSC
        CHECK_MASK "c_nt_set", dword [RES + 0x44], EFLAGS_NT, EFLAGS_NT
        CHECK_VAR "c_link", RES + 0x48, SEL_TSSA
        CHECK_VAR "c_old_stays_busy", RES + 0x4C, 0x8B
        CHECK_VAR "c_new_busy", RES + 0x50, 0x8B
        CHECK_VAR "c_eax_loaded", RES + 0x54, 0xC0C0C0C0
        CHECK_VAR "tssa_saved_eip_call", TSSA + T_EIP, .back_from_c
        TYPE SEL_TSSC
        CHECK_EQ "c_iret_clears_busy", eax, 0x89
        CHECK_MASK "tssc_saved_nt_cleared", dword [TSSC + T_EFL], EFLAGS_NT, 0
        CHECK_VAR "tssc_saved_eip", TSSC + T_EIP, task_c.after_iret
        TYPE SEL_TSSA
        CHECK_EQ "a_busy_after_call", eax, 0x8B
        clts

; ---------------------------------------------------------------- INT via task gate
        mov ebx, 0x55AA55AA
        int 0x70
        CHECK_EQ "int_back_ebx", ebx, 0x55AA55AA
        CHECK_VAR "d_tr", RES + 0x80, SEL_TSSD
        CHECK_MASK "d_nt_set", dword [RES + 0x84], EFLAGS_NT, EFLAGS_NT
        CHECK_VAR "d_link", RES + 0x88, SEL_TSSA
        CHECK_VAR "d_ebx_loaded", RES + 0x8C, 0
        TYPE SEL_TSSD
        CHECK_EQ "d_iret_clears_busy", eax, 0x89
        clts

; ---------------------------------------------------------------- faults
        TRY .f1
        jmp SEL_TSSA:0                  ; the running task is busy
.f1:    CHECK_FAULT "jmp_busy_tss_gp", 13, SEL_TSSA
        TRY .f2
        call SEL_TSSA:0
.f2:    CHECK_FAULT "call_busy_tss_gp", 13, SEL_TSSA
        TRY .f3
        jmp SEL_TSSSMALL:0
.f3:    CHECK_FAULT "tss_limit_small_ts", 10, SEL_TSSSMALL
        str ax
        movzx eax, ax
        CHECK_EQ "tr_unchanged_after_faults", eax, SEL_TSSA
        DONE

; ---------------------------------------------------------------- tasks
task_b:
        str ax
        movzx eax, ax
        mov [RES + 0x00], eax
        mov eax, [TSSB + T_EAX]         ; compare with the register below
        mov [RES + 0x04], eax
        mov [RES + 0x08], esp
        pushfd
        pop eax
        and eax, EFLAGS_NT
        mov [RES + 0x0C], eax
        TYPE SEL_TSSA
        mov [RES + 0x10], eax
        TYPE SEL_TSSB
        mov [RES + 0x14], eax
        mov eax, [TSSB + T_LINK]
        mov [RES + 0x18], eax
        mov eax, cr0
        mov [RES + 0x1C], eax
        mov eax, 0xB1B1B1B1
        jmp SEL_TSSA:0
.after_jmp:
        jmp $

task_c:
        mov [RES + 0x54], eax
        str ax
        movzx eax, ax
        mov [RES + 0x40], eax
        pushfd
        pop dword [RES + 0x44]
        mov eax, [TSSC + T_LINK]
        mov [RES + 0x48], eax
        TYPE SEL_TSSA
        mov [RES + 0x4C], eax
        TYPE SEL_TSSC
        mov [RES + 0x50], eax
        iretd
.after_iret:
        jmp task_c

task_d:
        mov [RES + 0x8C], ebx
        str ax
        movzx eax, ax
        mov [RES + 0x80], eax
        pushfd
        pop dword [RES + 0x84]
        mov eax, [TSSD + T_LINK]
        mov [RES + 0x88], eax
        iretd
        jmp task_d

        section .rodata
        align 8
descs:
        DESC TSSA, 0x67, ACC_TSS32, 0                   ; 0x48
        DESC TSSB, 0x67, ACC_TSS32, 0                   ; 0x50
        DESC TSSC, 0x67, ACC_TSS32, 0                   ; 0x58
        DESC TSSD, 0x67, ACC_TSS32, 0                   ; 0x60
        GATE SEL_TSSC, 0, GATE_TASK, 0                  ; 0x68
        DESC TSSS, 0x20, ACC_TSS32, 0                   ; 0x70
descs_end:
