; pae.asm - PAE paging (SDM Vol. 3A 4.4) and SYSENTER/SYSEXIT (Vol. 2B).
;
; Identity-maps the first 2 MiB with a 2 MiB page, maps 0x200000 to the
; 2 MiB frame at 4 MiB, and 0x400000-0x5FFFFF through a page table of
; 8-byte entries.  Checks translation through the PDPTE, the PDE and the
; PTE, accessed and dirty bits in the 64-bit entries, #PF error codes for
; a PDPTE that is not present and for reserved bits (RSVD, bit 3, in an
; entry's high dword and in a 2 MiB PDE's bits 20:13), INVLPG on a 2 MiB
; page, and MOV CR3's #GP(0) for a PDPTE with a reserved bit.  Then,
; with paging on, SYSENTER to ring 0 and SYSEXIT to ring 3 and back.

%include "harness.inc"

PDPT    equ 0x100000            ; 32-byte aligned
PDPT2   equ 0x100100            ; one with a reserved bit
PD0     equ 0x101000
PT      equ 0x102000
P_P     equ 1
P_RW    equ 2
P_US    equ 4
P_A     equ 0x20
P_D     equ 0x40
P_PS    equ 0x80
R3_RES  equ 0x3000
MSR_SYSENTER_CS  equ 0x174
MSR_SYSENTER_ESP equ 0x175
MSR_SYSENTER_EIP equ 0x176

%define PDE(n) (PD0 + (n) * 8)
%define PTE(n) (PT + (n) * 8)

main:
        ENTER_PM
        ; tag physical frames with their own addresses
        mov eax, 0x300000
.tag:   mov [eax], eax
        mov [eax + 0x10], eax
        add eax, 0x1000
        cmp eax, 0x308000
        jb .tag
        mov dword [0x400010], 0x400010
        mov dword [0x800010], 0x800010
        mov edi, PDPT
        xor eax, eax
        mov ecx, 0x3000 / 4
        rep stosd
        mov dword [PDPT], PD0 | P_P
        mov dword [PDPT2], PD0 | P_P | P_RW     ; bit 1 is reserved in a PDPTE
        mov dword [PDE(0)], 0x000000 | P_PS | P_P | P_RW | P_US
        mov dword [PDE(1)], 0x400000 | P_PS | P_P | P_RW | P_US
        mov dword [PDE(2)], PT | P_P | P_RW | P_US
        mov dword [PDE(3)], 0x600000 | 0x2000 | P_PS | P_P | P_RW  ; bit 13 reserved
        mov dword [PTE(0)], 0x300000 | P_P | P_RW | P_US
        mov dword [PTE(1)], 0x301000 | P_P | P_US
        mov dword [PTE(3)], 0x303000 | P_P | P_RW | P_US
        mov dword [PTE(6)], 0x306000 | P_P | P_RW
        mov dword [PTE(6) + 4], 0x10            ; bit 36: above a P6's 36 bits
        mov eax, PDPT
        mov cr3, eax
        mov eax, cr4
        or eax, 0x20                            ; CR4.PAE
        mov cr4, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        jmp .paged
.paged:
        PASS_NOW "pae_enabled"
        mov eax, [0x400000]
        CHECK_EQ "translate_4k", eax, 0x300000
        mov eax, [0x200010]
        CHECK_EQ "translate_2m", eax, 0x400010
        mov eax, [0x401010]
        CHECK_EQ "translate_4k_read_only", eax, 0x301000

; ---------------------------------------------------------------- A/D bits
        CHECK_VAR "pte_clean", PTE(3), 0x303000 | P_P | P_RW | P_US
        mov eax, [0x403000]
        CHECK_VAR "pte_accessed", PTE(3), 0x303000 | P_P | P_RW | P_US | P_A
        mov dword [0x403004], 1
        CHECK_VAR "pte_dirty", PTE(3), 0x303000 | P_P | P_RW | P_US | P_A | P_D
        CHECK_VAR "pte_high_kept", PTE(3) + 4, 0
        CHECK_MASK "pde_accessed", dword [PDE(2)], 0xFFF, P_P | P_RW | P_US | P_A
        mov dword [0x200020], 2
        CHECK_VAR "pde_2m_dirty", PDE(1), 0x400000 | P_PS | P_P | P_RW | P_US | P_A | P_D
        CHECK_VAR "pdpte_untouched", PDPT, PD0 | P_P

; ---------------------------------------------------------------- faults
        mov eax, 0x5A5A5A5A
        TRY .f1
        mov eax, [0x40000010]                   ; PDPTE 1 not present
.f1:    CHECK_FAULT "pf_pdpte_not_present", 14, 0
        CHECK_VAR "pf_pdpte_not_present.cr2", EXC_CR2, 0x40000010
        CHECK_EQ "pf_pdpte_not_present.eax", eax, 0x5A5A5A5A
        TRY .f2
        mov eax, [0x406000]
.f2:    CHECK_FAULT "pf_reserved_pte", 14, 9
        TRY .f3
        mov dword [0x600100], 1
.f3:    CHECK_FAULT "pf_reserved_2m_pde", 14, 0xB
        CHECK_VAR "pf_reserved_2m_pde.cr2", EXC_CR2, 0x600100
        TRY .f4
        mov eax, [0x402000]                     ; PTE 2 not present
.f4:    CHECK_FAULT "pf_pte_not_present", 14, 0

; ---------------------------------------------------------------- TLB
        mov eax, [0x200010]
        CHECK_EQ "tlb_2m_before", eax, 0x400010
        mov dword [PDE(1)], 0x800000 | P_PS | P_P | P_RW | P_US
        invlpg [0x3FF000]                       ; the same 2 MiB page, another 4 KiB
        mov eax, [0x200010]
        CHECK_EQ "invlpg_2m_page", eax, 0x800010
        mov eax, PDPT2
        TRY .c1
        mov cr3, eax
.c1:    CHECK_FAULT "mov_cr3_reserved_pdpte", 13, 0
        mov eax, cr3
        CHECK_EQ "mov_cr3_reserved_pdpte.cr3", eax, PDPT

; ---------------------------------------------------------------- SYSENTER
        xor edx, edx
        mov ecx, MSR_SYSENTER_CS
        mov eax, SEL_FCODE32                    ; +8 SS, +16 user CS, +24 user SS
        wrmsr
        mov ecx, MSR_SYSENTER_ESP
        mov eax, 0x6800
        wrmsr
        mov ecx, MSR_SYSENTER_EIP
        mov eax, LIN(.entered)
        wrmsr
        mov ecx, MSR_SYSENTER_CS
        rdmsr
        CHECK_EQ "sysenter_cs_read_back", eax, SEL_FCODE32
        mov edi, R3_RES
        mov eax, 0xEEEEEEEE
        mov ecx, 8
        rep stosd
        mov edx, LIN(.ring3)                    ; where SYSEXIT goes
        mov ecx, 0x5800                         ; and its stack
        sti
        sysenter
.entered:
        ; flat CS 0x28 at CPL 0, SS 0x30, ESP from the MSR, IF clear
        mov [H_SCRATCH], esp
        mov eax, cs                             ; zero-extended: a whole dword
        mov [H_SCRATCH + 4], eax
        mov eax, ss
        mov [H_SCRATCH + 8], eax
        pushfd
        pop dword [H_SCRATCH + 12]
        mov ax, SEL_FLAT
        mov ss, ax
        jmp SEL_CODE32:.back
.back:  CHECK_VAR "sysenter_esp", H_SCRATCH, 0x6800
        CHECK_VAR "sysenter_cs", H_SCRATCH + 4, SEL_FCODE32
        CHECK_VAR "sysenter_ss", H_SCRATCH + 8, SEL_FCODE32 + 8
        CHECK_MASK "sysenter_if_clear", dword [H_SCRATCH + 12], 0x200, 0
        mov ecx, MSR_SYSENTER_EIP
        mov eax, LIN(.from_ring3)
        xor edx, edx
        wrmsr
        mov edx, LIN(.ring3)
        mov ecx, 0x5800
        sysexit
.ring3:
        ; CPL 3: CS 0x3B, SS 0x43, ESP from ECX
        mov [R3_RES], esp
        mov eax, cs
        mov [R3_RES + 4], eax
        mov eax, ss
        mov [R3_RES + 8], eax
        sysenter
.from_ring3:
        mov ax, SEL_FLAT
        mov ss, ax
        mov esp, STACK_TOP
        jmp SEL_CODE32:.back2
.back2: CHECK_VAR "sysexit_esp", R3_RES, 0x5800
        CHECK_VAR "sysexit_cs", R3_RES + 4, SEL_FCODE32 + 16 + 3
        CHECK_VAR "sysexit_ss", R3_RES + 8, SEL_FCODE32 + 24 + 3

        ; PAE off again
        mov eax, cr0
        and eax, 0x7FFFFFFF
        mov cr0, eax
        jmp .off
.off:   mov eax, cr4
        and eax, ~0x20
        mov cr4, eax
        mov eax, [0x300000]
        CHECK_EQ "paging_disabled", eax, 0x300000
        DONE
