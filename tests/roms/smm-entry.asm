; smm-entry.asm - SMI entry, the 32-bit state-save map and RSM, from real
; mode (SDM Vol. 3 chapter 34 "System Management Mode").
;
; The PIIX4 raises SMI on a write to the APM control port 0xB2 when
; DEVACTB.APMC_EN is set (PIIX4 datasheet); the ROM programs the PM function
; as SeaBIOS does (PMBA, PM I/O enable, GLBCTL.SMI_EN), installs the
; recording handler of smm.inc at the default SMBASE 0x30000 + 0x8000
; (SDM §34.4, §34.11) and checks:
; - port 0xB3 (APMS) is a scratch register, 0xB2 reads back, and a write
;   to 0xB2 with APMC_EN clear raises no SMI;
; - the SMI is taken on the instruction boundary right after the OUT
;   (SDM §34.2: SMI is serviced between instructions; the next one has
;   not run);
; - the entry state of SDM §34.5.1 Table 34-4: CS = SMBASE >> 4 (0x3000),
;   EIP = 0x8000, EFLAGS = 2, CR0.PE/EM/TS/PG clear and other bits kept,
;   CR4 = 0, DR7 = 0x400, DS/ES/FS/GS/SS selectors 0 with base 0 and 4 GiB
;   limits (an a32 read above 1 MiB through each), GPRs and ESP unchanged;
; - the save map (SDM §34.4.1 Table 34-1): CR0, CR3, EFLAGS, EIP (the
;   instruction after the OUT), the GPRs, the selectors, DR7, TR, the
;   SMBASE field 0x30000, the revision ID (bit 17 SMBASE relocation, low
;   16 bits 0000; bit 16 I/O restart, which QEMU does not set), the I/O
;   restart and auto-HALT words 0 (§34.12, §34.10);
; - RSM (SDM §34.6, Vol. 2 RSM) returns to real mode at the instruction
;   after the OUT with every register restored from the map, including
;   EAX and ESI the handler changed in the map, the segment bases and an
;   unreal-mode GS limit (hidden caches, §34.4.1.1), EFLAGS with IF, DF,
;   AC and IOPL, CR0 with EM/TS, CR3, CR4 and DR7;
; - a second SMI enters at the same SMBASE (the field was not changed).

%include "harness.inc"
%include "smm.inc"

PRE_EFLAGS      equ 0x00043E43  ; AC IOPL=3 OF DF IF ZF CF + bit 1
PRE_EAX         equ 0x11223342  ; AL = 0x42: the value written to 0xB2
PRE_EBX         equ 0x55667788
PRE_ECX         equ 0x99AABBCC
PRE_EDX         equ 0xDDEEFF00
PRE_ESI         equ 0x13579BDF
PRE_EDI         equ 0x2468ACE0
PRE_EBP         equ 0x0F1E2D3C
PRE_CR3         equ 0x00ABC000
PRE_CR4         equ 0x00000014  ; PSE TSD (both CPUs have them)
PRE_DR7         equ 0x00000401  ; L0 (DR0 = 0xFFFFFFF0, never executed)
PRE_DS          equ 0x0A00
PRE_ES          equ 0x0B00
PRE_FS          equ 0x0C00
PRE_GS          equ SEL_FLAT    ; unreal mode: base 0, limit 4 GiB
PRE_SS          equ 0x0010      ; base 0x100
SS_BASE         equ 0x100
NEW_EAX         equ 0xCAFEBABE  ; written into the map by the hook
NEW_ESI         equ 0x5EED5EED
CR0_MP          equ 0x02
CR0_EM          equ 0x04
CR0_TS          equ 0x08
CR0_NE          equ 0x20
CR0_ENTRY_CLEAR equ 0x8000000D  ; PG TS EM PE (Table 34-4)

V               equ 0x9800      ; values taken before the SMI
V_CR0_ORIG      equ V + 0x00
V_CR0           equ V + 0x04
V_ESP           equ V + 0x08
P               equ 0x9900      ; values taken after RSM
P_EFL           equ P + 0x00
P_EAX           equ P + 0x04
P_EBX           equ P + 0x08
P_ECX           equ P + 0x0C
P_EDX           equ P + 0x10
P_ESI           equ P + 0x14
P_EDI           equ P + 0x18
P_EBP           equ P + 0x1C
P_ESP           equ P + 0x20
P_DS            equ P + 0x24
P_ES            equ P + 0x28
P_FS            equ P + 0x2C
P_GS            equ P + 0x30
P_SS            equ P + 0x34
P_CR0           equ P + 0x38
P_CR3           equ P + 0x3C
P_CR4           equ P + 0x40
P_DR7           equ P + 0x44
P_DSDATA        equ P + 0x48
P_ESDATA        equ P + 0x4C
P_FSDATA        equ P + 0x50
P_GSBIG         equ P + 0x54
P_SSDATA        equ P + 0x58
P_CNT           equ P + 0x5C    ; SR_COUNT seen right after RSM

; after RSM SS has base SS_BASE: [ss:PS(x)] is linear x
%define PS(x) ((x) - SS_BASE)

main:
        call smm_tag_big
        mov dword [0xA000], 0xDA7A0A00  ; what DS/ES/FS/SS bases must show
        mov dword [0xB000], 0xDA7A0B00
        mov dword [0xC000], 0xDA7A0C00
        mov dword [SS_BASE + 0x10], 0xDA7A0010
        mov di, P
        mov cx, 0x80
        xor ax, ax
        rep stosw

; ---------------------------------------------------------------- APM ports
        ; PIIX4 datasheet: APMS (0xB3) is a read/write scratch register,
        ; APMC (0xB2) is read/write
        mov al, 0x5A
        out APM_STS, al
        xor eax, eax
        in al, APM_STS
        CHECK_EQ "apms_readback_5a", eax, 0x5A
        mov al, 0xA5
        out APM_STS, al
        xor eax, eax
        in al, APM_STS
        CHECK_EQ "apms_readback_a5", eax, 0xA5

        mov edi, SMBASE_DEFAULT + SMM_ENTRY
        call smm_install
        call smm_clear
        call smm_pm_setup
        ; DEVACTB resets to 0 (PIIX4 datasheet): no SMI from 0xB2 yet
        mov ecx, PCI_PM + PM_DEVACTB
        call pci_rd32
        CHECK_MASK "devactb_apmc_en_reset_0", eax, 1 << 25, 0
        mov al, 0x42
        out APM_CNT, al
        nop
        nop
        CHECK_VAR "no_smi_without_apmc_en", SR_COUNT, 0
        xor eax, eax
        in al, APM_CNT
        CHECK_EQ "apmc_readback", eax, 0x42
        call smm_apmc_on
        mov ecx, PCI_PM + PM_DEVACTB
        call pci_rd32
        CHECK_MASK "devactb_apmc_en_set", eax, 1 << 25, 1 << 25
        mov al, 0x42
        out APM_STS, al                 ; APMS raises nothing
        nop
        nop
        CHECK_VAR "no_smi_from_apms", SR_COUNT, 0

; ---------------------------------------------------------------- the SMI
        call make_unreal_gs
        mov eax, [gs:dword SMM_BIG]
        CHECK_EQ "unreal_gs_before_smi", eax, SMM_BIG_TAG
        SET_HOOK SMM_HOOK, hook_change_eax_esi
        mov eax, cr0
        mov [V_CR0_ORIG], eax
        or eax, CR0_MP | CR0_EM | CR0_TS | CR0_NE
        mov cr0, eax
        mov [V_CR0], eax
        mov eax, PRE_CR3
        mov cr3, eax
        mov eax, PRE_CR4
        mov cr4, eax
        mov eax, 0xFFFFFFF0
        mov dr0, eax
        mov eax, PRE_DR7
        mov dr7, eax
        mov ax, PRE_DS
        mov ds, ax
        mov ax, PRE_ES
        mov es, ax
        mov ax, PRE_FS
        mov fs, ax
        mov ax, PRE_SS
        mov ss, ax
        sub esp, SS_BASE                ; the same linear stack
        mov [ss:PS(V_ESP)], esp
        push dword PRE_EFLAGS
        popfd
        mov eax, PRE_EAX
        mov ebx, PRE_EBX
        mov ecx, PRE_ECX
        mov edx, PRE_EDX
        mov esi, PRE_ESI
        mov edi, PRE_EDI
        mov ebp, PRE_EBP
        out APM_CNT, al                 ; SMI
.after_out:
        lea ecx, [ecx + 1]              ; must run once, after RSM
        pushfd
        pop dword [ss:PS(P_EFL)]
        mov [ss:PS(P_EAX)], eax
        mov [ss:PS(P_EBX)], ebx
        mov [ss:PS(P_ECX)], ecx
        mov [ss:PS(P_EDX)], edx
        mov [ss:PS(P_ESI)], esi
        mov [ss:PS(P_EDI)], edi
        mov [ss:PS(P_EBP)], ebp
        mov [ss:PS(P_ESP)], esp
        mov [ss:PS(P_DS)], ds
        mov [ss:PS(P_ES)], es
        mov [ss:PS(P_FS)], fs
        mov [ss:PS(P_GS)], gs
        mov [ss:PS(P_SS)], ss
        mov eax, cr0
        mov [ss:PS(P_CR0)], eax
        mov eax, cr3
        mov [ss:PS(P_CR3)], eax
        mov eax, cr4
        mov [ss:PS(P_CR4)], eax
        mov eax, dr7
        mov [ss:PS(P_DR7)], eax
        mov eax, [0]
        mov [ss:PS(P_DSDATA)], eax
        mov eax, [es:0]
        mov [ss:PS(P_ESDATA)], eax
        mov eax, [fs:0]
        mov [ss:PS(P_FSDATA)], eax
        mov eax, [gs:dword SMM_BIG]
        mov [ss:PS(P_GSBIG)], eax
        mov eax, [ss:0x10]
        mov [ss:PS(P_SSDATA)], eax
        mov eax, [ss:PS(SR_COUNT)]
        mov [ss:PS(P_CNT)], eax
        ; back to the harness state
        cli
        cld
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov fs, ax
        mov gs, ax
        mov ss, ax
        add esp, SS_BASE
        mov eax, [V_CR0_ORIG]
        mov cr0, eax
        xor eax, eax
        mov cr3, eax
        mov cr4, eax
        mov eax, 0x400
        mov dr7, eax

; ---------------------------------------------------------------- checks
        CHECK_VAR "smi_count_1", SR_COUNT, 1
        CHECK_VAR "smi_count_seen_after_rsm", P_CNT, 1
        ; entry state, SDM §34.5.1 Table 34-4
        CHECK_VAR "entry_cs_smbase_shr4", SR_CS, SMBASE_DEFAULT >> 4
        CHECK_VAR "entry_eip_8000", SR_EIP, SMM_ENTRY
        CHECK_VAR "entry_eflags_2", SR_EFL, 0x00000002
        mov eax, [V_CR0]
        and eax, ~CR0_ENTRY_CLEAR
        CHECK_EQ "entry_cr0", dword [SR_CR0], eax
        CHECK_VAR "entry_cr3_unchanged", SR_CR3, PRE_CR3
        CHECK_VAR "entry_cr4_0", SR_CR4, 0
        CHECK_VAR "entry_dr7_400", SR_DR7, 0x400
        CHECK_VAR "entry_ds_0", SR_DS, 0
        CHECK_VAR "entry_es_0", SR_ES, 0
        CHECK_VAR "entry_fs_0", SR_FS, 0
        CHECK_VAR "entry_gs_0", SR_GS, 0
        CHECK_VAR "entry_ss_0", SR_SS, 0
        CHECK_VAR "entry_ds_4g_a32", SR_BIG_DS, SMM_BIG_TAG
        CHECK_VAR "entry_es_4g_a32", SR_BIG_ES, SMM_BIG_TAG
        CHECK_VAR "entry_fs_4g_a32", SR_BIG_FS, SMM_BIG_TAG
        CHECK_VAR "entry_gs_4g_a32", SR_BIG_GS, SMM_BIG_TAG
        CHECK_VAR "entry_ss_4g_a32", SR_BIG_SS, SMM_BIG_TAG
        CHECK_VAR "entry_eax_kept", SR_EAX, PRE_EAX
        CHECK_VAR "entry_ebx_kept", SR_EBX, PRE_EBX
        CHECK_VAR "entry_ecx_kept", SR_ECX, PRE_ECX
        CHECK_VAR "entry_edx_kept", SR_EDX, PRE_EDX
        CHECK_VAR "entry_esi_kept", SR_ESI, PRE_ESI
        CHECK_VAR "entry_edi_kept", SR_EDI, PRE_EDI
        CHECK_VAR "entry_ebp_kept", SR_EBP, PRE_EBP
        CHECK_EQ "entry_esp_kept", dword [SR_ESP], dword [V_ESP]
        CHECK_VAR "entry_smbase_from_cs", SR_SMBASE, SMBASE_DEFAULT
        ; the save map, SDM §34.4.1 Table 34-1
        CHECK_EQ "map_cr0", dword [MAP(SB_CR0)], dword [V_CR0]
        CHECK_VAR "map_cr3", MAP(SB_CR3), PRE_CR3
        CHECK_VAR "map_eflags", MAP(SB_EFLAGS), PRE_EFLAGS
        CHECK_VAR "map_eip_after_out", MAP(SB_EIP), .after_out
        CHECK_VAR "map_eax", MAP(SB_EAX), PRE_EAX
        CHECK_VAR "map_ebx", MAP(SB_EBX), PRE_EBX
        CHECK_VAR "map_ecx_before_next_insn", MAP(SB_ECX), PRE_ECX
        CHECK_VAR "map_edx", MAP(SB_EDX), PRE_EDX
        CHECK_VAR "map_esi", MAP(SB_ESI), PRE_ESI
        CHECK_VAR "map_edi", MAP(SB_EDI), PRE_EDI
        CHECK_VAR "map_ebp", MAP(SB_EBP), PRE_EBP
        CHECK_EQ "map_esp", dword [MAP(SB_ESP)], dword [V_ESP]
        CHECK_MASK "map_es", dword [MAP(SB_ES)], 0xFFFF, PRE_ES
        CHECK_MASK "map_cs", dword [MAP(SB_CS)], 0xFFFF, 0xF000
        CHECK_MASK "map_ss", dword [MAP(SB_SS)], 0xFFFF, PRE_SS
        CHECK_MASK "map_ds", dword [MAP(SB_DS)], 0xFFFF, PRE_DS
        CHECK_MASK "map_fs", dword [MAP(SB_FS)], 0xFFFF, PRE_FS
        CHECK_MASK "map_gs", dword [MAP(SB_GS)], 0xFFFF, PRE_GS
        CHECK_MASK "map_tr_0", dword [MAP(SB_TR)], 0xFFFF, 0
        CHECK_VAR "map_dr7", MAP(SB_DR7), PRE_DR7
        CHECK_VAR "map_smbase", MAP(SB_SMBASE), SMBASE_DEFAULT
        CHECK_MASK "map_revision", dword [MAP(SB_REVISION)], 0x2FFFF, REV_SMBASE_RELOC
        CHECK_MASK "map_revision_io_restart", dword [MAP(SB_REVISION)], REV_IO_RESTART, REV_IO_RESTART
        CHECK_MASK "map_io_restart_0", dword [MAP(SB_IORESTART)], 0xFFFF, 0
        CHECK_MASK "map_auto_halt_0", dword [MAP(SB_IORESTART)], 0xFFFF0000, 0
        CHECK_VAR "handler_epilogue_ran", SR_EPILOGUE, SR_EPILOGUE_MAGIC
        ; after RSM, SDM §34.6 and Vol. 2 RSM
        CHECK_VAR "rsm_eflags", P_EFL, PRE_EFLAGS
        CHECK_VAR "rsm_eax_from_map", P_EAX, NEW_EAX
        CHECK_VAR "rsm_esi_from_map", P_ESI, NEW_ESI
        CHECK_VAR "rsm_ebx", P_EBX, PRE_EBX
        CHECK_VAR "rsm_ecx_next_insn_once", P_ECX, PRE_ECX + 1
        CHECK_VAR "rsm_edx", P_EDX, PRE_EDX
        CHECK_VAR "rsm_edi", P_EDI, PRE_EDI
        CHECK_VAR "rsm_ebp", P_EBP, PRE_EBP
        CHECK_EQ "rsm_esp", dword [P_ESP], dword [V_ESP]
        CHECK_MASK "rsm_ds", dword [P_DS], 0xFFFF, PRE_DS
        CHECK_MASK "rsm_es", dword [P_ES], 0xFFFF, PRE_ES
        CHECK_MASK "rsm_fs", dword [P_FS], 0xFFFF, PRE_FS
        CHECK_MASK "rsm_gs", dword [P_GS], 0xFFFF, PRE_GS
        CHECK_MASK "rsm_ss", dword [P_SS], 0xFFFF, PRE_SS
        CHECK_EQ "rsm_cr0_real_mode", dword [P_CR0], dword [V_CR0]
        CHECK_VAR "rsm_cr3", P_CR3, PRE_CR3
        CHECK_VAR "rsm_cr4", P_CR4, PRE_CR4
        CHECK_VAR "rsm_dr7", P_DR7, PRE_DR7
        CHECK_VAR "rsm_ds_base", P_DSDATA, 0xDA7A0A00
        CHECK_VAR "rsm_es_base", P_ESDATA, 0xDA7A0B00
        CHECK_VAR "rsm_fs_base", P_FSDATA, 0xDA7A0C00
        CHECK_VAR "rsm_ss_base", P_SSDATA, 0xDA7A0010
        CHECK_VAR "rsm_unreal_gs_kept", P_GSBIG, SMM_BIG_TAG

; ---------------------------------------------------------------- again
        ; the SMBASE field was left alone: the next SMI enters at 0x38000
        call smm_clear
        mov ecx, 7
        mov al, 0x43
        out APM_CNT, al
.after_out2:
        mov ebx, ecx
        CHECK_VAR "second_smi_count", SR_COUNT, 1
        CHECK_VAR "second_smi_cs", SR_CS, SMBASE_DEFAULT >> 4
        CHECK_VAR "second_smi_map_eip", MAP(SB_EIP), .after_out2
        CHECK_VAR "second_smi_map_smbase", MAP(SB_SMBASE), SMBASE_DEFAULT
        CHECK_VAR "second_smi_apmc", LOG(1, LOG_APMC), 0x43
        CHECK_EQ "second_smi_ecx", ebx, 7
        DONE

; make_unreal_gs: GS := SEL_FLAT loaded in protected mode, back in real
; mode without reloading it (base 0, limit 4 GiB: "unreal" mode).
make_unreal_gs:
        push eax
        o32 lgdt [cs:h_gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp SEL_CODE16:.p16
.p16:   mov ax, SEL_FLAT
        mov gs, ax
        mov eax, cr0
        and al, 0xFE
        mov cr0, eax
        jmp 0xF000:.rm
.rm:    pop eax
        ret

; SMM hook: change EAX and ESI in the map (SDM Table 34-1 marks the GPR
; fields writable); RSM must load them.
hook_change_eax_esi:
        mov dword [ebx + SB_EAX], NEW_EAX
        mov dword [ebx + SB_ESI], NEW_ESI
        retf
