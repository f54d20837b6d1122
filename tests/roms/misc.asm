; misc.asm - CPUID, RDTSC, RDMSR/WRMSR, stack and flag instructions, XLAT,
; LOOP/JCXZ, CALL/RET forms, INVD/WBINVD.
;
; CPUID values differ between smmbox's pentium3 model and QEMU's (QEMU
; reports DE and PSE-36, and a CLFLUSH line size in leaf 1's EBX), so
; only architectural properties both must satisfy are checked: the
; vendor string, family 6 with extended family 0, the TSC/CX8/CMOV/PSE
; feature bits, the FPU bit agreeing with an FNINIT/FNSTSW probe for an
; FPU, and EDX at reset holding the processor signature (CPUID.1:EAX),
; SDM Vol. 3 9.1.4.

%include "harness.inc"

RES     equ 0x3000

main:
; ---------------------------------------------------------------- CPUID
        xor eax, eax
        cpuid
        CHECK_EQ "cpuid0_ebx_Genu", ebx, 0x756E6547
        CHECK_EQ "cpuid0_edx_ineI", edx, 0x49656E69
        CHECK_EQ "cpuid0_ecx_ntel", ecx, 0x6C65746E
        cmp eax, 1
        PASS_IF "cpuid0_max_leaf_ge_1", ae
        mov eax, 1
        cpuid
        mov [RES], eax
        mov [RES + 4], edx
        CHECK_MASK "cpuid1_family_6", eax, 0x00000F00, 0x00000600
        CHECK_MASK "cpuid1_ext_family_0", eax, 0x0FF00000, 0
        CHECK_MASK "cpuid1_tsc", edx, 1 << 4, 1 << 4
        CHECK_MASK "cpuid1_cx8", edx, 1 << 8, 1 << 8
        CHECK_MASK "cpuid1_cmov", edx, 1 << 15, 1 << 15
        CHECK_MASK "cpuid1_pse", edx, 1 << 3, 1 << 3
        mov ebx, [H_RESET_EDX]
        and ebx, 0x0FFF3FFF
        and eax, 0x0FFF3FFF
        CHECK_EQ "reset_edx_signature", ebx, eax
        ; FPU probe (CR0.EM clear): a present FPU stores status 0
        mov eax, cr0
        and eax, ~0x4                   ; EM = 0
        mov cr0, eax
        mov word [RES + 8], 0x5A5A
        TRY .fpu
        fninit
        fnstsw [RES + 8]
.fpu:   mov dword [EXC_ARMED], 0
        xor eax, eax
        cmp word [RES + 8], 0
        sete al                         ; 1: an FPU answered
        mov edx, [RES + 4]
        and edx, 1                      ; CPUID.1:EDX.FPU
        CHECK_EQ "cpuid1_fpu_bit_matches_fpu", edx, eax

; ---------------------------------------------------------------- TSC and MSRs
        rdtsc
        mov [RES + 0x10], eax
        mov [RES + 0x14], edx
        mov ecx, 1000
.spin:  loop .spin
        rdtsc
        sub eax, [RES + 0x10]
        sbb edx, [RES + 0x14]
        ; the difference is positive: EDX:EAX > 0 as a signed 64-bit value
        test edx, edx
        js .tsc_bad
        jnz .tsc_ok
        test eax, eax
        jz .tsc_bad
.tsc_ok:
        PASS_NOW "rdtsc_monotonic"
        jmp .tsc_done
.tsc_bad:
        FAIL_NOW "rdtsc_monotonic", "second read not above the first"
.tsc_done:
        mov ecx, 0x10
        mov edx, 0x00000001
        mov eax, 0x00000000
        wrmsr
        mov ecx, 0x10
        rdmsr
        CHECK_EQ "wrmsr_tsc_high", edx, 1
        cmp eax, 0x10000000
        PASS_IF "wrmsr_tsc_low_small", b
        rdtsc
        CHECK_EQ "rdtsc_after_wrmsr_high", edx, 1
        mov ecx, 0xDEADBEEF
        mov eax, 0x11111111
        mov edx, 0x22222222
        TRY .msr1                       ; real mode: no error code pushed
        rdmsr
.msr1:  CHECK_FAULT "rdmsr_unknown_gp", 13, -1
        CHECK_EQ "rdmsr_unknown_eax_kept", eax, 0x11111111
        TRY .msr2
        wrmsr
.msr2:  CHECK_FAULT "wrmsr_unknown_gp", 13, -1

; ---------------------------------------------------------------- PUSHA/POPA
        mov eax, 0x1111A1A1
        mov ecx, 0x2222C1C1
        mov edx, 0x3333D1D1
        mov ebx, 0x4444B1B1
        mov ebp, 0x5555B2B2
        mov esi, 0x6666A2A2
        mov edi, 0x7777D2D2
        mov [RES + 0x20], sp
        pusha
        mov [RES + 0x22], sp
        mov ax, [esp + 14]
        mov [RES + 0x24], ax            ; AX is pushed first
        mov ax, [esp + 6]
        mov [RES + 0x26], ax            ; SP as it was before PUSHA
        mov ax, [esp]
        mov [RES + 0x28], ax            ; DI last
        mov word [esp + 6], 0x1234      ; POPA skips SP
        mov word [esp + 14], 0xAAAA
        xor eax, eax
        popa
        mov [RES + 0x2A], sp
        CHECK_MASK "pusha_sp_delta", dword [RES + 0x20], 0xFFFF, 0x7000 - 0
        movzx edx, word [RES + 0x22]
        CHECK_EQ "pusha_16_bytes", edx, 0x7000 - 16
        CHECK_MASK "pusha_ax_first", dword [RES + 0x24], 0xFFFF, 0xA1A1
        CHECK_MASK "pusha_sp_original", dword [RES + 0x26], 0xFFFF, 0x7000
        CHECK_MASK "pusha_di_last", dword [RES + 0x28], 0xFFFF, 0xD2D2
        CHECK_MASK "popa_restores_sp", dword [RES + 0x2A], 0xFFFF, 0x7000
        CHECK_EQ "popa_ax", eax, 0x0000AAAA
        CHECK_EQ "popa_upper_kept", edx, 0x7000 - 16

; ---------------------------------------------------------------- flags
        push dword 0x2
        popfd
        stc
        CHECK_FLAGS "stc", EFLAGS_CF, EFLAGS_CF
        cmc
        CHECK_FLAGS "cmc_clear", EFLAGS_CF, 0
        cmc
        CHECK_FLAGS "cmc_set", EFLAGS_CF, EFLAGS_CF
        clc
        CHECK_FLAGS "clc", EFLAGS_CF, 0
        mov eax, 0xFFFFD5FF             ; AH = SF ZF AF PF CF + reserved 5, 3, 1
        sahf
        CHECK_FLAGS "sahf", EFLAGS_ARITH | 0x2A, EFLAGS_SF | EFLAGS_ZF | EFLAGS_AF | EFLAGS_PF | EFLAGS_CF | 2
        mov eax, 0
        lahf
        CHECK_EQ "lahf", eax, 0x0000D700
        push dword 0x2
        popfd
        lahf
        CHECK_EQ "lahf_clear", eax, 0x00000200
        std
        cld
        CHECK_FLAGS "cld", EFLAGS_DF, 0
        std
        CHECK_FLAGS "std", EFLAGS_DF, EFLAGS_DF
        cld
        ; POPF in real mode: reserved bits 15, 5, 3 read 0, bit 1 reads 1;
        ; IOPL and NT are writable at CPL 0
        push word 0xFCFF & ~EFLAGS_TF & ~EFLAGS_IF
        popf
        pushf
        pop ax
        push word 0x0002
        popf
        movzx eax, ax
        CHECK_EQ "popf_rm_reserved_bits", eax, 0x7CD7 & ~EFLAGS_IF & ~EFLAGS_TF

; ---------------------------------------------------------------- XLAT
        mov edi, 0x9000
        xor eax, eax
.xt:    mov [di], al
        not byte [di]
        inc di
        inc al
        jnz .xt
        mov bx, 0x9000
        mov eax, 0x12345610
        xlatb
        CHECK_EQ "xlat", eax, 0x123456EF
        mov ax, 0x0900
        mov es, ax
        mov bx, 0
        mov al, 0x80
        es xlatb
        xor dx, dx
        mov es, dx
        CHECK_MASK "xlat_es", eax, 0xFF, 0x7F

; ---------------------------------------------------------------- LOOP/JCXZ
        mov ecx, 0xFFFF0005
        xor eax, eax
.lp:    inc eax
        loop .lp                        ; CX only in 16-bit code
        CHECK_EQ "loop_cx", eax, 5
        CHECK_EQ "loop_cx_upper", ecx, 0xFFFF0000
        mov ecx, 0x00010002
        xor eax, eax
.lp32:  inc eax
        a32 loop .lp32                  ; ECX with an address-size prefix
        CHECK_EQ "loop_ecx", eax, 0x10002
        mov ecx, 10
        mov eax, 0
.lpe:   inc eax
        cmp eax, 3
        loopne .lpe                     ; stops when eax == 3
        CHECK_EQ "loopne", ecx, 7
        mov ecx, 10
        xor eax, eax
.lpz:   inc eax
        cmp eax, eax
        loope .lpz                      ; runs until CX = 0
        CHECK_EQ "loope", eax, 10
        mov ecx, 0x00010000
        jcxz .jz1
        FAIL_NOW "jcxz_cx_zero", "not taken"
        jmp .jz2
.jz1:   PASS_NOW "jcxz_cx_zero"
.jz2:   jecxz .jz3
        PASS_NOW "jecxz_not_taken"
        jmp .jz4
.jz3:   FAIL_NOW "jecxz_not_taken", "taken"
.jz4:

; ---------------------------------------------------------------- CALL/RET
        mov [RES + 0x40], sp
        call near_sub
.near_ret:
        CHECK_MASK "call_near_pushed_ip", dword [RES + 0x42], 0xFFFF, .near_ret
        call near_sub_ret4              ; RET 4 drops two extra words
        mov [RES + 0x44], sp
        CHECK_MASK "ret_imm16", dword [RES + 0x44], 0xFFFF, 0x7000
        mov word [RES + 0x50], far_sub
        mov word [RES + 0x52], 0xF000
        call far [RES + 0x50]
.far_ret:
        CHECK_MASK "call_far_mem_ip", dword [RES + 0x46], 0xFFFF, .far_ret
        CHECK_MASK "call_far_mem_cs", dword [RES + 0x48], 0xFFFF, 0xF000
        mov [RES + 0x4C], sp
        CHECK_MASK "retf_imm16", dword [RES + 0x4C], 0xFFFF, 0x7000
        mov bx, near_sub
        call bx
        PASS_NOW "call_near_reg"
        mov word [RES + 0x54], near_sub
        call [RES + 0x54]
        PASS_NOW "call_near_mem"

; ---------------------------------------------------------------- caches
        mov dword [RES + 0x60], 0x600DF00D
        wbinvd
        CHECK_VAR "wbinvd_keeps_data", RES + 0x60, 0x600DF00D
        wbinvd
        invd
        PASS_NOW "invd_no_fault"

; ---------------------------------------------------------------- 32-bit
        ENTER_PM
        ; PUSHAD/POPAD
        mov eax, 0xA0A0A0A0
        mov ebx, 0xB0B0B0B0
        mov ecx, 0xC0C0C0C0
        mov edx, 0xD0D0D0D0
        mov esi, 0x51515151
        mov edi, 0xD1D1D1D1
        mov ebp, 0xB1B1B1B1
        mov [RES + 0x80], esp
        pushad
        mov eax, [esp + 28]
        mov [RES + 0x84], eax           ; EAX
        mov eax, [esp + 12]
        mov [RES + 0x88], eax           ; ESP before
        mov eax, [esp]
        mov [RES + 0x8C], eax           ; EDI
        mov dword [esp + 12], 0
        popad
        CHECK_EQ "pushad_eax_first", dword [RES + 0x84], 0xA0A0A0A0
        mov eax, [RES + 0x80]
        CHECK_EQ "pushad_esp_original", dword [RES + 0x88], eax
        CHECK_EQ "pushad_edi_last", dword [RES + 0x8C], 0xD1D1D1D1
        mov edx, esp
        CHECK_EQ "popad_skips_esp", edx, eax
        CHECK_EQ "popad_ebp", ebp, 0xB1B1B1B1
        ; ENTER with nesting level 3 on a scratch stack
        mov [RES + 0x90], esp
        mov [RES + 0x94], ebp
        mov dword [0x60FC], 0x11111111
        mov dword [0x60F8], 0x22222222
        mov esp, 0x6000
        mov ebp, 0x6100
        enter 0x10, 3
        mov [RES + 0x98], esp
        mov [RES + 0x9C], ebp
        leave
        mov [RES + 0xA0], esp
        mov [RES + 0xA4], ebp
        enter 8, 0
        mov [RES + 0xA8], esp
        mov [RES + 0xAC], ebp
        enter 4, 1
        mov [RES + 0xB0], esp
        mov [RES + 0xB4], ebp
        mov esp, [RES + 0x90]
        mov ebp, [RES + 0x94]
        CHECK_VAR "enter3_esp", RES + 0x98, 0x5FE0
        CHECK_VAR "enter3_ebp", RES + 0x9C, 0x5FFC
        CHECK_VAR "enter3_saved_ebp", 0x5FFC, 0x6100
        CHECK_VAR "enter3_display1", 0x5FF8, 0x11111111
        CHECK_VAR "enter3_display2", 0x5FF4, 0x22222222
        CHECK_VAR "enter3_frame_ptr", 0x5FF0, 0x5FFC
        CHECK_VAR "leave_esp", RES + 0xA0, 0x6000
        CHECK_VAR "leave_ebp", RES + 0xA4, 0x6100
        CHECK_VAR "enter0_esp", RES + 0xA8, 0x6000 - 4 - 8
        CHECK_VAR "enter0_ebp", RES + 0xAC, 0x6000 - 4
        CHECK_VAR "enter1_esp", RES + 0xB0, 0x6000 - 12 - 8 - 4
        CHECK_VAR "enter1_ebp", RES + 0xB4, 0x6000 - 12 - 4
        CHECK_VAR "enter1_frame_ptr", 0x6000 - 12 - 8, 0x6000 - 12 - 4
        ; EFLAGS.AC and EFLAGS.ID are writable (486 / CPUID-capable)
        pushfd
        pop eax
        mov ebx, eax
        xor eax, (1 << 21) | (1 << 18)
        push eax
        popfd
        pushfd
        pop eax
        push ebx
        popfd
        xor eax, ebx
        CHECK_EQ "eflags_id_ac_toggle", eax, (1 << 21) | (1 << 18)
        ; POPFD cannot set VM or RF
        push dword 0x2 | EFLAGS_VM | EFLAGS_RF
        popfd
        pushfd
        pop eax
        CHECK_MASK "popfd_no_vm_rf", eax, EFLAGS_VM | EFLAGS_RF, 0
        ; unknown MSR in protected mode: #GP(0)
        mov ecx, 0xDEADBEEF
        TRY .msr3
        rdmsr
.msr3:  CHECK_FAULT "rdmsr_unknown_gp_pm", 13, 0
        ; near RET imm16 in 32-bit code
        mov [RES + 0xC0], esp
        push dword 1
        push dword 2
        call pm_ret8
        mov eax, [RES + 0xC0]
        mov edx, esp
        CHECK_EQ "ret_imm16_32", edx, eax
        DONE

        bits 16
near_sub:
        push bp
        mov bp, sp
        mov ax, [bp + 2]
        mov [RES + 0x42], ax
        pop bp
        ret

near_sub_ret4:
        pop ax                          ; the return IP
        push word 0x1111                ; two words for RET 4 to drop
        push word 0x2222
        push ax
        ret 4

far_sub:
        push bp
        mov bp, sp
        mov ax, [bp + 2]
        mov [RES + 0x46], ax
        mov ax, [bp + 4]
        mov [RES + 0x48], ax
        pop bp
        pop eax                         ; CS:IP as one dword
        push word 0x3333                ; a word for RETF 2 to drop
        push eax
        retf 2

        bits 32
pm_ret8:
        ret 8
