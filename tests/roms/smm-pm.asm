; smm-pm.asm - SMI taken in protected mode with paging (SDM Vol. 3
; chapter 34): entry from CR0.PE=PG=1, the saved control registers and
; selectors, and RSM restoring what the handler cannot see or has
; changed.
;
; Paging: two page directories differ only in where linear 0x300000 goes
; (PD_A: physical 0x301000, PD_B: 0x302000); linear 0x400000 is a 4 MiB
; page (CR4.PSE) on physical 0x800000.  A data segment FS (base 0x200000,
; limit 0xFFF) is loaded and its GDT descriptor then rewritten (base
; 0x210000, 4 GiB), so only the hidden cache holds the loaded values.
; - SMI 1, the handler changes nothing but reads physical 0x300000:
;   entry state (SDM §34.5.1 Table 34-4: CR0.PE/PG/EM/TS clear, CR4 0,
;   CR3 kept, paging off in SMM, CS 0x3000, EIP 0x8000, EFLAGS 2, data
;   selectors 0 with 4 GiB limits), the map (Table 34-1: CR0 with PG/PE,
;   CR3, EFLAGS, EIP, GPRs, selectors, TR), then after RSM (§34.6):
;   CR0/CR3/CR4, the PD_A mapping and the 4 MiB page, GDTR, IDTR, LDTR,
;   TR, the FS cache (base, and limit: an access beyond it is #GP(0),
;   §5.3) and the GPRs;
; - SMI 2, the handler loads CR3 = PD_B, CR4 = 0, DR7 = 0, ES/FS/GS real
;   mode values, a junk GDTR and IDTR: RSM must restore all of them from
;   the saved state (§34.4.1: the processor restores its state from the
;   SMRAM state-save area);
; - SMI 3, a 32-bit handler as SeaBIOS runs (its own GDT, CR0.PE=1, flat
;   32-bit code reading the map, back to 16-bit real mode, RSM): the
;   guest's GDTR and segment caches come back;
; - SMI 4 from ring 3 (IOPL 3): RSM returns to CPL 3 (a MOV from CR0
;   there is #GP(0)), with the user CS/SS.

%include "harness.inc"
%include "smm.inc"

PD_A    equ 0x100000
PD_B    equ 0x101000
PT0     equ 0x102000
PT0B    equ 0x103000
P_P     equ 1
P_RW    equ 2
P_US    equ 4
P_PS    equ 0x80
PG_FLAGS equ P_P | P_RW | P_US
TAG_300 equ 0x0030000A          ; at physical 0x300000
TAG_301 equ 0x0030100A
TAG_302 equ 0x0030200A
TAG_800 equ 0x0080000A
SEG_BASE equ 0x200000
TAG_SEG0 equ 0x0020000A         ; physical 0x200000
TAG_SEGF equ 0x00200FFC         ; physical 0x200FFC (the last dword)
TAG_SEGX equ 0x0021000A         ; physical 0x210000 (the rewritten base)
SEL_TSS equ 0x48
TSS_BASE equ 0x2000
SEL_TD  equ SEL_FIRST_FREE      ; 0x50: the test data segment
SEL_LDT equ SEL_FIRST_FREE + 8  ; 0x58: an LDT
LDT_BASE equ 0x2800
RING0_STACK equ 0x6000
RING3_STACK equ 0x5000

PRE_EFLAGS equ 0x00000CC7       ; OF DF SF ZF PF CF + bit 1
PRE_CR4 equ 0x00000014          ; PSE TSD (both CPUs have them)
CR0_PE  equ 0x00000001
CR0_MP  equ 0x00000002
CR0_NE  equ 0x00000020
CR0_WP  equ 0x00010000
CR0_PG  equ 0x80000000
CR0_ENTRY_CLEAR equ 0x8000000D  ; PG TS EM PE

V       equ 0x9800              ; values before the SMIs
V_CR0   equ V + 0x00
V_GDTR  equ V + 0x08            ; 6 bytes
V_IDTR  equ V + 0x10            ; 6 bytes
V_ESP   equ V + 0x18
Q       equ 0x9900              ; values after RSM
Q_GDTR  equ Q + 0x00
Q_IDTR  equ Q + 0x08
Q_R3    equ 0x9A00              ; ring 3 results

; CHECK_RESTORED prefix: after RSM the protected-mode state of the SMI is
; back (SDM §34.6 RSM; the caches from the state-save area, §34.4.1.1).
; Check names are prefix_rsm_*.
%macro NAMED 4+                         ; check macro, prefix, suffix, args
 %strcat %%nm %2, %3
        %1 %%nm, %4
%endmacro
%macro CHECK_RESTORED 1
        mov eax, cr0
        NAMED CHECK_EQ, %1, "_rsm_cr0", eax, dword [V_CR0]
        mov eax, cr3
        NAMED CHECK_EQ, %1, "_rsm_cr3", eax, PD_A
        mov eax, cr4
        NAMED CHECK_EQ, %1, "_rsm_cr4", eax, PRE_CR4
        NAMED CHECK_EQ, %1, "_rsm_cr3_mapping_pd_a", dword [0x300000], TAG_301
        NAMED CHECK_EQ, %1, "_rsm_cr4_pse_4m_page", dword [0x400000], TAG_800
        sgdt [Q_GDTR]
        sidt [Q_IDTR]
        movzx eax, word [Q_GDTR]
        NAMED CHECK_EQ, %1, "_rsm_gdtr_limit", eax, 0x7FF
        NAMED CHECK_EQ, %1, "_rsm_gdtr_base", dword [Q_GDTR + 2], GDT_BASE
        movzx eax, word [Q_IDTR]
        NAMED CHECK_EQ, %1, "_rsm_idtr_limit", eax, 0x7FF
        NAMED CHECK_EQ, %1, "_rsm_idtr_base", dword [Q_IDTR + 2], IDT_BASE
        xor eax, eax
        sldt ax
        NAMED CHECK_EQ, %1, "_rsm_ldtr", eax, SEL_LDT
        str ax
        NAMED CHECK_EQ, %1, "_rsm_tr", eax, SEL_TSS
        mov ax, cs
        NAMED CHECK_EQ, %1, "_rsm_cs", eax, SEL_CODE32
        mov ax, ds
        NAMED CHECK_EQ, %1, "_rsm_ds", eax, SEL_FLAT
        mov ax, es
        NAMED CHECK_EQ, %1, "_rsm_es", eax, SEL_FLAT
        mov ax, ss
        NAMED CHECK_EQ, %1, "_rsm_ss", eax, SEL_FLAT
        mov ax, fs
        NAMED CHECK_EQ, %1, "_rsm_fs", eax, SEL_TD
        mov ax, gs
        NAMED CHECK_EQ, %1, "_rsm_gs", eax, SEL_UDATA
        NAMED CHECK_EQ, %1, "_rsm_fs_cache_base", dword [fs:0], TAG_SEG0
        NAMED CHECK_EQ, %1, "_rsm_fs_cache_last_dword", dword [fs:0xFFC], TAG_SEGF
        TRY %%lim
        mov eax, [fs:0x1000]
%%lim:  NAMED CHECK_FAULT, %1, "_rsm_fs_cache_limit_gp", 13, 0
        mov eax, dr7
        NAMED CHECK_EQ, %1, "_rsm_dr7", eax, 0x400
%endmacro

main:
        SMM_SETUP_DEFAULT
        ENTER_PM
        ; tags
        mov dword [0x300000], TAG_300
        mov dword [0x301000], TAG_301
        mov dword [0x302000], TAG_302
        mov dword [0x800000], TAG_800
        mov dword [SEG_BASE], TAG_SEG0
        mov dword [SEG_BASE + 0xFFC], TAG_SEGF
        mov dword [SEG_BASE + 0x1000], 0x0020100A
        mov dword [0x210000], TAG_SEGX
        ; page tables
        mov edi, PD_A
        xor eax, eax
        mov ecx, 4 * 1024
        rep stosd
        mov edi, PT0
        mov eax, PG_FLAGS
.pt:    stosd
        add eax, 0x1000
        cmp edi, PT0 + 0x1000
        jb .pt
        mov esi, PT0
        mov edi, PT0B
        mov ecx, 1024
        rep movsd
        mov dword [PT0 + 0x300 * 4], 0x301000 | PG_FLAGS
        mov dword [PT0B + 0x300 * 4], 0x302000 | PG_FLAGS
        mov dword [PD_A], PT0 | PG_FLAGS
        mov dword [PD_A + 4], 0x800000 | P_PS | PG_FLAGS
        mov dword [PD_B], PT0B | PG_FLAGS
        mov dword [PD_B + 4], 0x800000 | P_PS | PG_FLAGS
        ; descriptors: TSS, test data segment, LDT
        GDT_INSTALL SEL_TSS, gdt_extra, gdt_extra_end - gdt_extra
        LOAD_TSS RING0_STACK
        mov ax, SEL_LDT
        lldt ax
        ; ring 3 comes back through int 0x41 (DPL 3)
        mov eax, 0x41
        mov bx, SEL_CODE32
        mov ecx, r3_back
        mov dl, 0xEE
        call h32_set_gate
        ; FS: load, then change the descriptor under it
        mov ax, SEL_TD
        mov fs, ax
        mov dword [GDT_BASE + SEL_TD], 0x0000FFFF
        mov dword [GDT_BASE + SEL_TD + 4], 0x00CF9221   ; base 0x210000, 4 GiB
        CHECK_EQ "fs_cache_before_smi", dword [fs:0], TAG_SEG0
        mov ax, SEL_UDATA
        mov gs, ax
        ; paging on
        mov eax, PD_A
        mov cr3, eax
        mov eax, PRE_CR4
        mov cr4, eax
        mov eax, cr0
        or eax, CR0_PG | CR0_WP | CR0_NE | CR0_MP
        mov cr0, eax
        jmp .pg
.pg:    mov [V_CR0], eax
        CHECK_EQ "paging_pd_a_before", dword [0x300000], TAG_301
        CHECK_EQ "paging_4m_before", dword [0x400000], TAG_800
        sgdt [V_GDTR]
        sidt [V_IDTR]

; ---------------------------------------------------------------- SMI 1
        call smm_clear32
        SET_HOOK SMM_HOOK, hook_read_phys
        mov [V_ESP], esp
        push dword PRE_EFLAGS
        popfd
        mov eax, 0x11111142
        mov ebx, 0x22222222
        mov ecx, 0x33333333
        mov edx, 0x44444444
        mov esi, 0x55555555
        mov edi, 0x66666666
        mov ebp, 0x77777777
        out APM_CNT, al
.o1:    pushfd
        pop dword [Q + 0x20]
        cld
        CHECK_VAR "rsm_eflags", Q + 0x20, PRE_EFLAGS
        CHECK_EQ "rsm_eax", eax, 0x11111142
        CHECK_EQ "rsm_ebx", ebx, 0x22222222
        CHECK_EQ "rsm_ecx", ecx, 0x33333333
        CHECK_EQ "rsm_edx", edx, 0x44444444
        CHECK_EQ "rsm_esi", esi, 0x55555555
        CHECK_EQ "rsm_edi", edi, 0x66666666
        CHECK_EQ "rsm_ebp", ebp, 0x77777777
        mov eax, esp
        CHECK_EQ "rsm_esp", eax, dword [V_ESP]
        ; entry state
        CHECK_VAR "smi1_count", SR_COUNT, 1
        CHECK_VAR "entry_cs_3000", SR_CS, 0x3000
        CHECK_VAR "entry_eip_8000", SR_EIP, SMM_ENTRY
        CHECK_VAR "entry_eflags_2", SR_EFL, 2
        mov eax, [V_CR0]
        and eax, ~CR0_ENTRY_CLEAR
        CHECK_EQ "entry_cr0_pe_pg_clear", dword [SR_CR0], eax
        CHECK_VAR "entry_cr3_kept", SR_CR3, PD_A
        CHECK_VAR "entry_cr4_0", SR_CR4, 0
        CHECK_VAR "entry_ds_0", SR_DS, 0
        CHECK_VAR "entry_es_0", SR_ES, 0
        CHECK_VAR "entry_fs_0", SR_FS, 0
        CHECK_VAR "entry_gs_0", SR_GS, 0
        CHECK_VAR "entry_ss_0", SR_SS, 0
        CHECK_VAR "entry_ds_4g_a32", SR_BIG_DS, SMM_BIG_TAG
        CHECK_VAR "entry_fs_4g_a32", SR_BIG_FS, SMM_BIG_TAG
        CHECK_VAR "entry_ss_4g_a32", SR_BIG_SS, SMM_BIG_TAG
        CHECK_VAR "smm_paging_off", SR_HOOK_A, TAG_300
        ; the map
        CHECK_EQ "map_cr0_pg_pe", dword [MAP(SB_CR0)], dword [V_CR0]
        CHECK_VAR "map_cr3", MAP(SB_CR3), PD_A
        CHECK_VAR "map_eflags", MAP(SB_EFLAGS), PRE_EFLAGS
        CHECK_VAR "map_eip", MAP(SB_EIP), .o1
        CHECK_VAR "map_eax", MAP(SB_EAX), 0x11111142
        CHECK_VAR "map_edi", MAP(SB_EDI), 0x66666666
        CHECK_EQ "map_esp", dword [MAP(SB_ESP)], dword [V_ESP]
        CHECK_MASK "map_cs", dword [MAP(SB_CS)], 0xFFFF, SEL_CODE32
        CHECK_MASK "map_ds", dword [MAP(SB_DS)], 0xFFFF, SEL_FLAT
        CHECK_MASK "map_ss", dword [MAP(SB_SS)], 0xFFFF, SEL_FLAT
        CHECK_MASK "map_es", dword [MAP(SB_ES)], 0xFFFF, SEL_FLAT
        CHECK_MASK "map_fs", dword [MAP(SB_FS)], 0xFFFF, SEL_TD
        CHECK_MASK "map_gs", dword [MAP(SB_GS)], 0xFFFF, SEL_UDATA
        CHECK_MASK "map_tr", dword [MAP(SB_TR)], 0xFFFF, SEL_TSS
        ; after RSM
        CHECK_RESTORED "smi1"
        CHECK_VAR "smi1_epilogue", SR_EPILOGUE, SR_EPILOGUE_MAGIC

; ---------------------------------------------------------------- SMI 2
        call smm_clear32
        mov dword [SMM_HOOK], OFS(hook_clobber) | 0xF0000000
        mov al, 0x62
        out APM_CNT, al
.o2:    CHECK_VAR "smi2_count", SR_COUNT, 1
        CHECK_VAR "smi2_map_eip", MAP(SB_EIP), .o2
        CHECK_VAR "smi2_clobbered_cr3", SR_HOOK_A, PD_B
        CHECK_RESTORED "smi2"

; ---------------------------------------------------------------- SMI 3
        call smm_clear32
        mov dword [SMM_HOOK], OFS(hook_pm32) | 0xF0000000
        mov al, 0x63
        out APM_CNT, al
.o3:    CHECK_VAR "smi3_count", SR_COUNT, 1
        CHECK_VAR "smi3_map_eip", MAP(SB_EIP), .o3
        CHECK_VAR "pm32_handler_ran", SR_HOOK_F, 0x32323232
        CHECK_MASK "pm32_handler_cr0_pe", dword [SR_HOOK_E], CR0_PE | CR0_PG, CR0_PE
        CHECK_VAR "pm32_handler_map_cr3", SR_HOOK_B, PD_A
        CHECK_VAR "pm32_handler_map_eip", SR_HOOK_C, .o3
        CHECK_VAR "pm32_handler_paging_off", SR_HOOK_D, TAG_300
        CHECK_VAR "pm32_handler_back_to_rm", SR_HOOK_G, 0
        CHECK_RESTORED "smi3"

; ---------------------------------------------------------------- SMI 4
        ; from ring 3 with IOPL 3
        call smm_clear32
        mov edi, Q_R3
        mov ecx, 0x40 / 4
        mov eax, 0xEEEEEEEE
        rep stosd
        push dword SEL_UDATA            ; SS
        push dword RING3_STACK          ; ESP
        push dword 0x00003002           ; EFLAGS: IOPL 3
        push dword SEL_UCODE32          ; CS
        push dword ring3_code           ; EIP
        iretd
ring0_again:
        CHECK_VAR "smi4_count", SR_COUNT, 1
        CHECK_VAR "smi4_map_eip", MAP(SB_EIP), ring3_code.o4
        CHECK_MASK "smi4_map_cs", dword [MAP(SB_CS)], 0xFFFF, SEL_UCODE32
        CHECK_MASK "smi4_map_ss", dword [MAP(SB_SS)], 0xFFFF, SEL_UDATA
        CHECK_MASK "smi4_map_eflags_iopl3", dword [MAP(SB_EFLAGS)], 0x3000, 0x3000
        CHECK_MASK "r3_rsm_cs", dword [Q_R3 + 0x00], 0xFFFF, SEL_UCODE32
        CHECK_MASK "r3_rsm_ss", dword [Q_R3 + 0x04], 0xFFFF, SEL_UDATA
        CHECK_VAR "r3_rsm_esp", Q_R3 + 0x08, RING3_STACK
        CHECK_VAR "r3_rsm_cpl3_cr0_gp_vec", Q_R3 + 0x0C, 13
        CHECK_VAR "r3_rsm_cpl3_cr0_gp_err", Q_R3 + 0x10, 0
        CHECK_VAR "r3_rsm_reads_user_page", Q_R3 + 0x14, TAG_301

        ; paging off, back to real mode
        mov eax, cr0
        and eax, ~CR0_PG
        mov cr0, eax
        jmp .np
.np:    xor eax, eax
        mov cr3, eax
        mov cr4, eax
        mov ax, SEL_FLAT
        mov fs, ax
        mov gs, ax
        LEAVE_PM
        DONE

        bits 32

; ---------------------------------------------------------------- ring 3
ring3_code:
        mov ax, SEL_UDATA
        mov ds, ax
        mov es, ax
        mov al, 0x64
        out APM_CNT, al
.o4:    mov [ss:Q_R3 + 0x00], cs
        mov [ss:Q_R3 + 0x04], ss
        mov [ss:Q_R3 + 0x08], esp
        TRY .cr
        mov eax, cr0
.cr:    mov eax, [EXC_VECTOR]
        mov [ss:Q_R3 + 0x0C], eax
        mov eax, [EXC_ERROR]
        mov [ss:Q_R3 + 0x10], eax
        mov dword [EXC_ARMED], 0
        mov eax, [0x300000]
        mov [ss:Q_R3 + 0x14], eax
        int 0x41

r3_back:
        mov ax, SEL_FLAT
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, STACK_TOP
        jmp ring0_again

; smm_clear32: smm_clear from 32-bit code.
smm_clear32:
        pushad
        mov edi, SR
        mov ecx, (0x9408 - SR) / 4
        xor eax, eax
        cld
        rep stosd
        popad
        ret

        bits 16
; ---------------------------------------------------------------- hooks
; Run in SMM (smm.inc), EBX = SMBASE.

; hook_read_phys: SR_HOOK_A := dword at 0x300000 (paging is off in SMM,
; CR0.PG cleared on entry: physical, not the guest's mapping).
hook_read_phys:
        mov eax, [dword 0x300000]
        mov [dword SR_HOOK_A], eax
        retf

; hook_clobber: change what RSM must restore: CR3, CR4, DR7, ES/FS/GS,
; GDTR, IDTR.
hook_clobber:
        mov eax, PD_B
        mov cr3, eax
        mov cr3, eax
        mov eax, cr3
        mov [dword SR_HOOK_A], eax
        xor eax, eax
        mov cr4, eax
        mov dr7, eax
        mov ax, 0x1234
        mov es, ax
        mov fs, ax
        mov gs, ax
        o32 lgdt [cs:junk_dtr]
        o32 lidt [cs:junk_dtr]
        retf

; hook_pm32: as SeaBIOS's entry_smi: into 32-bit flat protected mode with
; its own GDT, work there, back to 16-bit real mode, return.
hook_pm32:
        o32 lgdt [cs:smm_gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp dword 0x08:LIN(.pm32)
        bits 32
.pm32:  mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov eax, [ebx + SB_CR3]
        mov [SR_HOOK_B], eax
        mov eax, [ebx + SB_EIP]
        mov [SR_HOOK_C], eax
        mov eax, [0x300000]
        mov [SR_HOOK_D], eax
        mov eax, cr0
        mov [SR_HOOK_E], eax
        mov dword [SR_HOOK_F], 0x32323232
        jmp 0x18:.pm16
        bits 16
.pm16:  mov ax, 0x20                    ; 16-bit data, 4 GiB (big real)
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov eax, cr0
        and al, 0xFE
        mov cr0, eax
        jmp 0xF000:.rm
.rm:    xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov eax, cr0
        and eax, 1
        mov [dword SR_HOOK_G], eax
        retf

        section .rodata
        align 8
gdt_extra:
        DESC TSS_BASE, 0x67, ACC_TSS32, 0x0             ; 0x48 TSS
        DESC SEG_BASE, 0xFFF, ACC_DATA, 0x4             ; 0x50 SEL_TD
        DESC LDT_BASE, 0xF, 0x82, 0x0                   ; 0x58 LDT
gdt_extra_end:
smm_gdt:
        dq 0
        DESC 0, 0xFFFFF, ACC_CODE, 0xC                  ; 0x08 flat code32
        DESC 0, 0xFFFFF, ACC_DATA, 0xC                  ; 0x10 flat data32
        DESC ROM_LINEAR, 0xFFFF, ACC_CODE, 0x0          ; 0x18 code16 F0000
        DESC 0, 0xFFFFF, ACC_DATA, 0x8                  ; 0x20 data16 4 GiB
smm_gdt_end:
        align 4
smm_gdtr:
        dw smm_gdt_end - smm_gdt - 1
        dd smm_gdt + ROM_LINEAR
junk_dtr:
        dw 0x0017
        dd 0x00ABCDE0
        section .text
