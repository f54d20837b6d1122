; paging.asm - 32-bit paging (SDM Vol. 3 chapter 4).
;
; Identity-maps the first 4 MiB with 4 KiB pages and 4-8 MiB with a 4 MiB
; page (CR4.PSE), aliases 8-12 MiB to 4-8 MiB, and builds test pages at
; 12 MiB.  Checks translation, #PF error codes (P, W/R, U/S bits) and CR2
; for supervisor and user accesses, CR0.WP, accessed and dirty bits written
; by the CPU, INVLPG and CR3 reload after a PTE change, and that a faulting
; instruction leaves no partial state (split store, PUSH) while an
; interrupted REP STOS reports its progress.  A faulting PUSH is tested at
; ring 3: at ring 0 the #PF frame would go to the same unmapped stack and
; end in a triple fault.

%include "harness.inc"

PD      equ 0x100000
PT0     equ 0x101000
PT3     equ 0x102000
TST     equ 0xC00000            ; PDE 3: test pages
PG_A    equ TST + 0x0000        ; not present
PG_B    equ TST + 0x1000        ; read-only, user      -> 0x301000
PG_C    equ TST + 0x2000        ; read/write, supervisor -> 0x302000
PG_D    equ TST + 0x3000        ; A/D test, user       -> 0x303000
PG_E    equ TST + 0x4000        ; INVLPG test          -> 0x304000 / 0x305000
PG_F    equ TST + 0x5000        ; CR3 reload test      -> 0x306000 / 0x307000
PG_G    equ TST + 0x6000        ; present; PG_H after it is not -> 0x308000
PG_H    equ TST + 0x7000
PG_I    equ TST + 0x8000        ; read-only, user      -> 0x309000
P_P     equ 1
P_RW    equ 2
P_US    equ 4
P_A     equ 0x20
P_D     equ 0x40
P_PS    equ 0x80
SEL_TSS equ 0x48
TSS_BASE equ 0x2000
R3_RES  equ 0x3000

%define PTE3(n) (PT3 + (n) * 4)

main:
        ENTER_PM
        ; tag each physical test frame with its own address
        mov eax, 0x300000
.tag:   mov [eax], eax
        mov [eax + 0x10], eax
        add eax, 0x1000
        cmp eax, 0x30A000
        jb .tag
        mov dword [0x400010], 0x400010
        mov dword [PG_B], PG_B          ; seen only with paging off
        ; page tables
        mov edi, PD
        xor eax, eax
        mov ecx, 3 * 1024
        rep stosd
        mov edi, PT0
        mov eax, P_P | P_RW | P_US
.pt0:   stosd
        add eax, 0x1000
        cmp edi, PT0 + 0x1000
        jb .pt0
        mov dword [PD + 0], PT0 | P_P | P_RW | P_US
        mov dword [PD + 4], 0x400000 | P_PS | P_P | P_RW | P_US
        mov dword [PD + 8], 0x400000 | P_PS | P_P | P_RW | P_US
        mov dword [PD + 12], PT3 | P_P | P_RW | P_US
        mov dword [PTE3(1)], 0x301000 | P_P | P_US
        mov dword [PTE3(2)], 0x302000 | P_P | P_RW
        mov dword [PTE3(3)], 0x303000 | P_P | P_RW | P_US
        mov dword [PTE3(4)], 0x304000 | P_P | P_RW | P_US
        mov dword [PTE3(5)], 0x306000 | P_P | P_RW | P_US
        mov dword [PTE3(6)], 0x308000 | P_P | P_RW | P_US
        mov dword [PTE3(8)], 0x309000 | P_P | P_US
        mov eax, PD
        mov cr3, eax
        mov eax, cr4
        or eax, 0x10                    ; CR4.PSE
        mov cr4, eax
        mov eax, cr0
        or eax, 0x80000000              ; CR0.PG, WP clear
        and eax, ~0x00010000
        mov cr0, eax
        jmp .paged
.paged:
        PASS_NOW "paging_enabled"
        mov eax, [PG_B]
        CHECK_EQ "translate_4k", eax, 0x301000
        mov eax, [0x800010]
        CHECK_EQ "translate_4m_alias", eax, 0x400010
        mov dword [0x500000], 0x11223344
        mov eax, [0x900000]
        CHECK_EQ "translate_4m_write_alias", eax, 0x11223344
        CHECK_VAR "pde_4m_dirty", PD + 4, 0x400000 | P_PS | P_P | P_RW | P_US | P_A | P_D
        CHECK_VAR "pde_4m_alias_accessed", PD + 8, 0x400000 | P_PS | P_P | P_RW | P_US | P_A

; ---------------------------------------------------------------- supervisor faults
        mov eax, 0x5A5A5A5A
        TRY .f1
        mov eax, [PG_A + 0x123]
.f1:    CHECK_FAULT "pf_read_not_present", 14, 0
        CHECK_VAR "pf_read_not_present.cr2", EXC_CR2, PG_A + 0x123
        CHECK_EQ "pf_read_not_present.eax", eax, 0x5A5A5A5A
        TRY .f2
.f2_insn:
        mov dword [PG_A + 0xFFC], 1
.f2:    CHECK_FAULT "pf_write_not_present", 14, 2
        CHECK_VAR "pf_write_not_present.cr2", EXC_CR2, PG_A + 0xFFC
        CHECK_VAR "pf_write_not_present.eip", EXC_EIP, .f2_insn
        ; instruction fetch from a not-present page (no I/D bit without NX)
        TRY .f3
        jmp SEL_FCODE32:PG_A + 0x10
.f3:    CHECK_FAULT "pf_fetch_not_present", 14, 0
        CHECK_VAR "pf_fetch_not_present.cr2", EXC_CR2, PG_A + 0x10
        CHECK_VAR "pf_fetch_not_present.eip", EXC_EIP, PG_A + 0x10
        ; CR0.WP
        mov dword [PG_B + 0x10], 0xB0B0B0B0     ; WP=0: supervisor may write
        CHECK_VAR "wp0_write_readonly", 0x301010, 0xB0B0B0B0
        mov eax, cr0
        or eax, 0x00010000
        mov cr0, eax
        TRY .f4
        mov dword [PG_B + 0x20], 1
.f4:    CHECK_FAULT "wp1_write_readonly", 14, 3
        CHECK_VAR "wp1_write_readonly.cr2", EXC_CR2, PG_B + 0x20
        mov eax, cr0
        and eax, ~0x00010000
        mov cr0, eax
        ; a store split across a present and a not-present page writes
        ; nothing; a PUSH that faults leaves ESP alone
        mov dword [PG_G + 0xFFC], 0x77777777
        mov eax, 0x12345678
        TRY .f5
        mov [PG_G + 0xFFE], eax
.f5:    CHECK_FAULT "pf_split_store", 14, 2
        CHECK_VAR "pf_split_store.no_partial", 0x308FFC, 0x77777777
        ; REP STOSB that runs into a not-present page stops with EDI/ECX
        ; describing the iterations done
        cld
        mov edi, PG_G + 0xFF0
        mov ecx, 0x20
        mov al, 0xAB
        TRY .f7
        rep stosb
.f7:    CHECK_FAULT "pf_rep_stos", 14, 2
        CHECK_EQ "pf_rep_stos.edi", edi, PG_H
        CHECK_EQ "pf_rep_stos.ecx", ecx, 0x10
        CHECK_VAR "pf_rep_stos.done", 0x308FFC, 0xABABABAB
        CHECK_VAR "pf_rep_stos.cr2", EXC_CR2, PG_H

; ---------------------------------------------------------------- A/D bits
        CHECK_VAR "pte_d_clear", PTE3(3), 0x303000 | P_P | P_RW | P_US
        mov eax, [PG_D]
        CHECK_EQ "pte_d_read", eax, 0x303000
        CHECK_VAR "pte_accessed_on_read", PTE3(3), 0x303000 | P_P | P_RW | P_US | P_A
        mov dword [PG_D + 4], 1
        CHECK_VAR "pte_dirty_on_write", PTE3(3), 0x303000 | P_P | P_RW | P_US | P_A | P_D
        CHECK_MASK "pde_accessed", dword [PD + 12], 0xFFF, P_P | P_RW | P_US | P_A
        mov eax, [PG_B]
        CHECK_VAR "pte_readonly_accessed", PTE3(1), 0x301000 | P_P | P_US | P_A | P_D
        ; (the WP=0 write above already dirtied PG_B)

; ---------------------------------------------------------------- TLB
        mov eax, [PG_E]
        CHECK_EQ "tlb_before", eax, 0x304000
        mov dword [PTE3(4)], 0x305000 | P_P | P_RW | P_US
        invlpg [PG_E]
        mov eax, [PG_E]
        CHECK_EQ "invlpg_new_mapping", eax, 0x305000
        mov eax, [PG_F]
        CHECK_EQ "cr3_before", eax, 0x306000
        mov dword [PTE3(5)], 0x307000 | P_P | P_RW | P_US
        mov eax, cr3
        mov cr3, eax
        mov eax, [PG_F]
        CHECK_EQ "cr3_reload_new_mapping", eax, 0x307000
        mov dword [PTE3(5)], 0                  ; now not present
        invlpg [PG_F + 0x800]                   ; any address in the page
        TRY .t1
        mov eax, [PG_F]
.t1:    CHECK_FAULT "invlpg_unmapped", 14, 0

; ---------------------------------------------------------------- user mode
        GDT_INSTALL SEL_TSS, tss_desc, 8
        LOAD_TSS 0x6000, none
        mov eax, 0x41
        mov bx, SEL_CODE32
        mov ecx, back_to_ring0
        mov dl, 0xEE
        call h32_set_gate
        mov edi, R3_RES
        mov eax, 0xEEEEEEEE
        mov ecx, 0x40
        rep stosd
        push dword SEL_UDATA
        push dword 0x5000
        push dword 0x2
        push dword SEL_UCODE32
        push dword ring3
        iretd

%macro R3_SAVE 1
        mov eax, [EXC_VECTOR]
        mov [R3_RES + (%1) * 12], eax
        mov eax, [EXC_ERROR]
        mov [R3_RES + (%1) * 12 + 4], eax
        mov eax, [EXC_CR2]
        mov [R3_RES + (%1) * 12 + 8], eax
        mov dword [EXC_ARMED], 0
%endmacro
ring3:
        mov ax, SEL_UDATA
        mov ds, ax
        mov es, ax
        TRY .u0
        mov eax, [PG_C + 8]             ; supervisor page
.u0:    R3_SAVE 0
        TRY .u1
        mov dword [PG_C + 8], 1
.u1:    R3_SAVE 1
        TRY .u2
        mov dword [PG_I + 4], 1         ; user read-only page
.u2:    R3_SAVE 2
        TRY .u3
        mov eax, [PG_A]                 ; not present
.u3:    R3_SAVE 3
        TRY .u4
        mov dword [PG_A + 4], 1
.u4:    R3_SAVE 4
        mov eax, [PG_I]                 ; user read of a user page
        mov [R3_RES + 0x80], eax
        ; a PUSH that faults leaves ESP alone (at ring 3, so that the #PF
        ; is delivered on the ring-0 stack)
        ; the frame's ESP shows the value at the fault; the catcher then
        ; restores the ESP that TRY saw
        TRY .u5
        mov esp, PG_H + 0x10
        push dword 0x99
.u5:    R3_SAVE 5
        mov eax, [EXC_ESP]
        mov [R3_RES + 0x84], eax
        int 0x41

back_to_ring0:
        mov ax, SEL_FLAT
        mov ds, ax
        mov es, ax
        mov esp, STACK_TOP
%macro U_CHECK 4
        CHECK_VAR {%1, ".vec"}, R3_RES + (%2) * 12, 14
        CHECK_VAR {%1, ".err"}, R3_RES + (%2) * 12 + 4, %3
        CHECK_VAR {%1, ".cr2"}, R3_RES + (%2) * 12 + 8, %4
%endmacro
        U_CHECK "user_read_supervisor", 0, 5, PG_C + 8
        U_CHECK "user_write_supervisor", 1, 7, PG_C + 8
        U_CHECK "user_write_readonly", 2, 7, PG_I + 4
        U_CHECK "user_read_not_present", 3, 4, PG_A
        U_CHECK "user_write_not_present", 4, 6, PG_A + 4
        CHECK_VAR "user_read_user_page", R3_RES + 0x80, 0x309000
        U_CHECK "user_push_not_present", 5, 6, PG_H + 0xC
        CHECK_VAR "user_push_not_present.esp", R3_RES + 0x84, PG_H + 0x10

        ; paging off again: linear = physical
        mov eax, cr0
        and eax, 0x7FFFFFFF
        mov cr0, eax
        jmp .off
.off:   mov eax, [PG_B]
        CHECK_EQ "paging_disabled", eax, PG_B
        DONE

        section .rodata
        align 8
tss_desc:
        DESC TSS_BASE, 0x67, ACC_TSS32, 0
