; smm-reloc.asm - SMBASE relocation, i440FX SMRAM decoding and PAM.
;
; SMBASE relocation (SDM Vol. 3 §34.11): the handler writes a new value
; into the SMBASE field of the map (SMBASE+0xFEF8); the next SMI enters at
; the new SMBASE + 0x8000 with CS = SMBASE >> 4 and saves its map there.
; Sequence: 0x30000 -> 0xA0000 (SMRAM, the handler copied in through
; D_OPEN) -> 0x58000 (32 KiB aligned, not 64 KiB aligned; the map is in
; plain RAM and is read directly) -> 0xA0000.
;
; SMRAM decoding, i440FX SMRAM register 0x72 (82443FX/GX
; datasheet "SMRAM - System Management RAM Control Register"):
; - reset value 0x02; D_OPEN=1 shows SMRAM to normal accesses, D_OPEN=0
;   hides it (a normal read sees the PCI/VGA side, a normal write does not
;   reach SMRAM) while SMM data accesses see it; G_SMRAME=0 hides it from
;   everyone, D_OPEN included; D_CLS=1 sends SMM data accesses to PCI while
;   SMM code fetches still hit SMRAM; D_LCK=1 is set-only, forces D_OPEN
;   to 0 and makes D_OPEN and D_LCK read-only (checked last: it stays set
;   until reset).  The VGA side is only required not to show the SMRAM
;   bytes (QEMU's std VGA reads 0 and drops writes in its reset state).
; PAM (PAM0-6 at 0x59-0x5F, 82441FX datasheet): E0000-EFFFF as DRAM (0x33),
; read-only DRAM (0x11, writes dropped) and PCI (0x00); F0000-FFFFF,
; run from the 0xFFFF0000 alias meanwhile: DRAM (0x30), read DRAM/write
; PCI (0x10), read PCI/write DRAM (0x20, shadowing the BIOS) and PCI
; (0x00, the BIOS image).

%include "harness.inc"
%include "smm.inc"

REQ_SMBASE      equ 0x9410      ; hook_reloc writes it into the map if != 0
NEW_SMBASE      equ 0x58000
SMRAM_HANDLER   equ 0xA0000 + SMM_ENTRY
V               equ 0x9800
V_HDW           equ V + 0x00    ; first dword of the handler
W               equ 0x9A00      ; results of the F-segment window
SEL_HI16        equ SEL_FIRST_FREE      ; 16-bit code, base 0xFFFF0000
PAM_SIG_VAL     equ 0x5041D516
F_DRAM1         equ 0xD5A5D5A5
F_PCIW          equ 0x12121212
F_DRAM2         equ 0x34343434

main:
        SMM_SETUP_DEFAULT
        mov eax, [cs:smm_handler]
        mov [V_HDW], eax
        mov dword [REQ_SMBASE], 0

; ---------------------------------------------------------------- SMRAM
        call smram_rd
        CHECK_EQ "smram_reset_02", eax, SMRAM_C_BASE
        mov al, SMRAM_D_OPEN | SMRAM_G_SMRAME | SMRAM_C_BASE
        call smram_wr
        call smram_rd
        CHECK_EQ "smram_open_readback", eax, 0x4A
        mov edi, SMRAM_HANDLER
        call smm_install
        call read_a8000
        CHECK_EQ "dopen_normal_read_sees_smram", eax, dword [V_HDW]
        mov al, SMRAM_G_SMRAME | SMRAM_C_BASE
        call smram_wr
        call smram_rd
        CHECK_EQ "smram_closed_readback", eax, 0x0A
        call read_a8000
        cmp eax, [V_HDW]
        PASS_IF "closed_normal_read_not_smram", ne
        ; a normal write while closed goes to VGA, not to SMRAM (SMI #2
        ; runs the handler from there and hook_reloc reads it back)
        push es
        push word 0xA800
        pop es
        mov dword [es:0], 0xCCCCCCCC
        pop es
        ; D_OPEN without G_SMRAME: SMRAM stays hidden (SMRAME=0 row)
        mov al, SMRAM_D_OPEN | SMRAM_C_BASE
        call smram_wr
        call read_a8000
        cmp eax, [V_HDW]
        PASS_IF "dopen_without_smrame_not_smram", ne
        mov al, SMRAM_G_SMRAME | SMRAM_C_BASE
        call smram_wr

; ---------------------------------------------------------------- SMI 1
        ; at the default SMBASE; the hook relocates to 0xA0000
        call smm_clear
        SET_HOOK SMM_HOOK, hook_reloc
        mov dword [REQ_SMBASE], 0xA0000
        mov al, 0x51
        out APM_CNT, al
.o1:    CHECK_VAR "smi1_count", SR_COUNT, 1
        CHECK_VAR "smi1_cs_3000", SR_CS, 0x3000
        CHECK_VAR "smi1_map_smbase", MAP(SB_SMBASE), SMBASE_DEFAULT
        CHECK_MASK "smi1_revision_reloc", dword [MAP(SB_REVISION)], REV_SMBASE_RELOC, REV_SMBASE_RELOC
        CHECK_VAR "smi1_map_eip", MAP(SB_EIP), .o1
        CHECK_EQ "smm_data_read_sees_smram", dword [SR_HOOK_B], dword [V_HDW]
        CHECK_VAR "smi1_new_smbase_written", SMBASE_DEFAULT + SB_SMBASE, 0xA0000

; ---------------------------------------------------------------- SMI 2
        ; enters SMRAM at 0xA8000; relocates to 0x58000
        push es
        push word SMBASE_DEFAULT >> 4
        pop es
        mov dword [es:SB_EIP], 0xEEEEEEEE
        mov dword [es:SB_SMBASE], 0xEEEEEEEE
        pop es
        mov edi, NEW_SMBASE + SMM_ENTRY
        call smm_install
        call smm_clear
        SET_HOOK SMM_HOOK, hook_reloc
        mov dword [REQ_SMBASE], NEW_SMBASE
        mov al, 0x52
        out APM_CNT, al
.o2:    CHECK_VAR "smi2_count", SR_COUNT, 1
        CHECK_VAR "smi2_cs_a000", SR_CS, 0xA000
        CHECK_VAR "smi2_eip_8000", SR_EIP, SMM_ENTRY
        CHECK_VAR "smi2_smbase_from_cs", SR_SMBASE, 0xA0000
        CHECK_VAR "smi2_map_smbase", MAP(SB_SMBASE), 0xA0000
        CHECK_VAR "smi2_map_eip", MAP(SB_EIP), .o2
        CHECK_VAR "smi2_no_map_at_old_smbase", SMBASE_DEFAULT + SB_EIP, 0xEEEEEEEE
        CHECK_EQ "normal_write_did_not_reach_smram", dword [SR_HOOK_B], dword [V_HDW]
        CHECK_VAR "smi2_epilogue_ran_from_smram", SR_EPILOGUE, SR_EPILOGUE_MAGIC

; ---------------------------------------------------------------- SMI 3
        ; enters at 0x60000 (SMBASE 0x58000); G_SMRAME=0 hides SMRAM from
        ; SMM too; relocates back to 0xA0000
        push es
        push word NEW_SMBASE >> 4
        pop es
        mov dword [es:SB_EIP], 0
        pop es
        call smm_clear
        SET_HOOK SMM_HOOK, hook_reloc
        SET_HOOK SMM_HOOK2, hook_smrame_off
        mov dword [REQ_SMBASE], 0xA0000
        mov al, 0x53
        out APM_CNT, al
.o3:    CHECK_VAR "smi3_count", SR_COUNT, 1
        CHECK_VAR "smi3_cs_5800", SR_CS, NEW_SMBASE >> 4
        CHECK_VAR "smi3_eip_8000", SR_EIP, SMM_ENTRY
        CHECK_VAR "smi3_map_smbase", MAP(SB_SMBASE), NEW_SMBASE
        CHECK_VAR "smi3_map_in_ram_eip", NEW_SMBASE + SB_EIP, .o3
        push es
        push word NEW_SMBASE >> 4
        pop es
        mov eax, [es:SB_CS]
        pop es
        CHECK_MASK "smi3_map_in_ram_cs", eax, 0xFFFF, 0xF000
        CHECK_VAR "smi3_new_smbase_in_ram", NEW_SMBASE + SB_SMBASE, 0xA0000
        mov eax, [SR_HOOK_F]
        cmp eax, [V_HDW]
        PASS_IF "smrame_off_smm_read_not_smram", ne
        CHECK_EQ "smrame_on_smm_read_sees_smram", dword [SR_HOOK_G], dword [V_HDW]

; ---------------------------------------------------------------- SMI 4
        ; back in SMRAM; D_CLS in SMM: data to VGA, code from SMRAM
        call smm_clear
        SET_HOOK SMM_HOOK, hook_dcls_on
        SET_HOOK SMM_HOOK2, hook_dcls_off
        mov dword [REQ_SMBASE], 0
        mov al, 0x54
        out APM_CNT, al
.o4:    CHECK_VAR "smi4_count", SR_COUNT, 1
        CHECK_VAR "smi4_cs_a000", SR_CS, 0xA000
        CHECK_VAR "smi4_map_eip", MAP(SB_EIP), .o4
        CHECK_VAR "dcls_readback", SR_HOOK_A, 0x2A
        mov eax, [SR_HOOK_C]
        cmp eax, [V_HDW]
        PASS_IF "dcls_smm_data_read_not_smram", ne
        CHECK_VAR "dcls_code_fetch_still_smram", SR_EPILOGUE, SR_EPILOGUE_MAGIC
        CHECK_EQ "dcls_off_smm_read_sees_smram", dword [SR_HOOK_E], dword [V_HDW]
        call smram_rd
        CHECK_EQ "smram_after_dcls", eax, 0x0A

; ---------------------------------------------------------------- PAM
        call pam_e_tests
        call pam_f_tests

; ---------------------------------------------------------------- D_LCK
        ; last: D_LCK stays set until reset
        mov al, SMRAM_D_LCK | SMRAM_G_SMRAME | SMRAM_C_BASE
        call smram_wr
        call smram_rd
        CHECK_EQ "dlck_set_readback", eax, 0x1A
        mov al, SMRAM_D_OPEN | SMRAM_G_SMRAME | SMRAM_C_BASE
        call smram_wr
        call smram_rd
        CHECK_EQ "dlck_dopen_stays_0", eax, 0x1A
        call read_a8000
        cmp eax, [V_HDW]
        PASS_IF "dlck_normal_read_not_smram", ne
        mov al, SMRAM_G_SMRAME | SMRAM_C_BASE
        call smram_wr
        call smram_rd
        CHECK_EQ "dlck_cannot_clear", eax, 0x1A
        mov al, SMRAM_D_OPEN | SMRAM_D_LCK | SMRAM_G_SMRAME | SMRAM_C_BASE
        call smram_wr
        call smram_rd
        CHECK_EQ "dlck_dopen_with_dlck_stays_0", eax, 0x1A
        call smm_clear
        SET_HOOK SMM_HOOK, hook_reloc
        SET_HOOK SMM_HOOK2, hook_dlck_open
        mov al, 0x55
        out APM_CNT, al
.o5:    CHECK_VAR "dlck_smi_count", SR_COUNT, 1
        CHECK_VAR "dlck_smi_enters_smram", SR_CS, 0xA000
        CHECK_VAR "dlck_smi_map_eip", MAP(SB_EIP), .o5
        CHECK_EQ "dlck_smm_sees_smram", dword [SR_HOOK_B], dword [V_HDW]
        CHECK_VAR "dlck_dopen_from_smm_stays_0", SR_HOOK_H, 0x1A
        DONE

; read_a8000: EAX := dword at 0xA8000 (normal-mode data read).
read_a8000:
        push es
        push word 0xA800
        pop es
        mov eax, [es:0]
        pop es
        ret

; ---------------------------------------------------------------- hooks
; Run in SMM (smm.inc), EBX = SMBASE, DS = ES = 0 with 4 GiB limits.

; hook_reloc: record the SMM data view of 0xA8000 in SR_HOOK_B; if
; REQ_SMBASE != 0, write it into the SMBASE field (SDM §34.11).
hook_reloc:
        mov eax, [dword SMRAM_HANDLER]
        mov [dword SR_HOOK_B], eax
        mov eax, [dword REQ_SMBASE]
        test eax, eax
        jz .keep
        mov [ebx + SB_SMBASE], eax
.keep:  retf

; hook_smrame_off: G_SMRAME=0: the SMM data view of 0xA8000 is PCI
; (SR_HOOK_F); G_SMRAME=1 again: SMRAM (SR_HOOK_G).  Runs at SMBASE
; 0x58000, outside SMRAM.
hook_smrame_off:
        mov al, SMRAM_C_BASE
        call smram_wr
        mov eax, [dword SMRAM_HANDLER]
        mov [dword SR_HOOK_F], eax
        mov al, SMRAM_G_SMRAME | SMRAM_C_BASE
        call smram_wr
        mov eax, [dword SMRAM_HANDLER]
        mov [dword SR_HOOK_G], eax
        retf

; hook_dcls_on: D_CLS=1 (SR_HOOK_A: the register), then a data read of
; 0xA8000 (SR_HOOK_C); returns with D_CLS still set, so the handler's
; epilogue is fetched from SMRAM under D_CLS.
hook_dcls_on:
        mov al, SMRAM_D_CLS | SMRAM_G_SMRAME | SMRAM_C_BASE
        call smram_wr
        call smram_rd
        mov [dword SR_HOOK_A], eax
        mov eax, [dword SMRAM_HANDLER]
        mov [dword SR_HOOK_C], eax
        retf

; hook_dcls_off: D_CLS=0 before RSM, whose map is in SMRAM; SR_HOOK_E:
; the data read of 0xA8000 sees SMRAM again.
hook_dcls_off:
        mov al, SMRAM_G_SMRAME | SMRAM_C_BASE
        call smram_wr
        mov eax, [dword SMRAM_HANDLER]
        mov [dword SR_HOOK_E], eax
        retf

; hook_dlck_open: with D_LCK set, try D_OPEN from SMM (SR_HOOK_H: the
; register read back), then write the locked value again.
hook_dlck_open:
        mov al, SMRAM_D_OPEN | SMRAM_D_LCK | SMRAM_G_SMRAME | SMRAM_C_BASE
        call smram_wr
        call smram_rd
        mov [dword SR_HOOK_H], eax
        mov al, SMRAM_D_LCK | SMRAM_G_SMRAME | SMRAM_C_BASE
        call smram_wr
        retf

; ---------------------------------------------------------------- PAM
E_TAG   equ 0xE5E50000

; pam_e_tests: E0000-EFFFF through PAM5 (0x5E) and PAM6 (0x5F), one
; dword in each 16 KiB block, FS = 0xE000.
pam_e_tests:
        push fs
        push word 0xE000
        pop fs
        mov al, 0x33
        mov cl, 0x5E
        call pam_wr
        mov cl, 0x5F
        call pam_wr
        mov ecx, PCI_HOST + 0x5E
        call pci_rd8
        CHECK_EQ "pam5_readback_33", eax, 0x33
        mov ecx, PCI_HOST + 0x5F
        call pci_rd8
        CHECK_EQ "pam6_readback_33", eax, 0x33
        mov dword [fs:0x0000], E_TAG + 0x0000
        mov dword [fs:0x4000], E_TAG + 0x4000
        mov dword [fs:0x8000], E_TAG + 0x8000
        mov dword [fs:0xC000], E_TAG + 0xC000
        CHECK_EQ "pam_33_e0000_rw", dword [fs:0x0000], E_TAG + 0x0000
        CHECK_EQ "pam_33_e4000_rw", dword [fs:0x4000], E_TAG + 0x4000
        CHECK_EQ "pam_33_e8000_rw", dword [fs:0x8000], E_TAG + 0x8000
        CHECK_EQ "pam_33_ec000_rw", dword [fs:0xC000], E_TAG + 0xC000
        mov al, 0x11
        mov cl, 0x5E
        call pam_wr
        mov cl, 0x5F
        call pam_wr
        mov dword [fs:0x0000], 0xBAD00000
        mov dword [fs:0x4000], 0xBAD04000
        mov dword [fs:0x8000], 0xBAD08000
        mov dword [fs:0xC000], 0xBAD0C000
        CHECK_EQ "pam_11_e0000_write_dropped", dword [fs:0x0000], E_TAG + 0x0000
        CHECK_EQ "pam_11_e4000_write_dropped", dword [fs:0x4000], E_TAG + 0x4000
        CHECK_EQ "pam_11_e8000_write_dropped", dword [fs:0x8000], E_TAG + 0x8000
        CHECK_EQ "pam_11_ec000_write_dropped", dword [fs:0xC000], E_TAG + 0xC000
        mov al, 0x00
        mov cl, 0x5E
        call pam_wr
        mov cl, 0x5F
        call pam_wr
        ; PCI: a 64 KiB BIOS is not there and nothing else decodes it
        cmp dword [fs:0x0000], E_TAG + 0x0000
        PASS_IF "pam_00_e0000_not_dram", ne
        cmp dword [fs:0xC000], E_TAG + 0xC000
        PASS_IF "pam_00_ec000_not_dram", ne
        mov al, 0x33
        mov cl, 0x5E
        call pam_wr
        mov cl, 0x5F
        call pam_wr
        CHECK_EQ "pam_33_again_e0000_kept", dword [fs:0x0000], E_TAG + 0x0000
        CHECK_EQ "pam_33_again_ec000_kept", dword [fs:0xC000], E_TAG + 0xC000
        mov al, 0x00
        mov cl, 0x5E
        call pam_wr
        mov cl, 0x5F
        call pam_wr
        pop fs
        ret

; pam_f_tests: F0000-FFFFF through PAM0's high nibble (0x59) while the
; code runs from the 0xFFFF0000 alias (a 16-bit code segment based
; there), results in W; no harness call may run in the window (its
; strings and the IDT point into F0000).
pam_f_tests:
        mov dword [W + 0x00], 0
        ENTER_PM
        mov dword [GDT_BASE + SEL_HI16], 0x0000FFFF
        mov dword [GDT_BASE + SEL_HI16 + 4], 0xFF009AFF
        jmp SEL_HI16:.win
        bits 16
.win:   mov cl, I440FX_PAM0
        mov al, 0x30                    ; DRAM
        call pam_wr
        mov dword [dword LIN(pam_sig)], F_DRAM1
        mov eax, [dword LIN(pam_sig)]
        mov [dword W + 0x04], eax
        mov al, 0x10                    ; read DRAM, write PCI
        call pam_wr
        mov dword [dword LIN(pam_sig)], F_PCIW
        mov eax, [dword LIN(pam_sig)]
        mov [dword W + 0x08], eax
        mov al, 0x00                    ; PCI: the BIOS
        call pam_wr
        mov eax, [dword LIN(pam_sig)]
        mov [dword W + 0x0C], eax
        mov al, 0x20                    ; read PCI, write DRAM
        call pam_wr
        mov dword [dword LIN(pam_sig)], F_DRAM2
        mov eax, [dword LIN(pam_sig)]
        mov [dword W + 0x10], eax
        mov al, 0x30
        call pam_wr
        mov eax, [dword LIN(pam_sig)]
        mov [dword W + 0x14], eax
        mov al, 0x00
        call pam_wr
        mov eax, [dword LIN(pam_sig)]
        mov [dword W + 0x18], eax
        mov ecx, PCI_HOST + I440FX_PAM0
        call pci_rd8
        mov [dword W + 0x1C], eax
        mov dword [dword W + 0x00], 1
        jmp dword SEL_CODE32:.back
        bits 32
.back:  LEAVE_PM
        CHECK_VAR "pam_f_window_done", W + 0x00, 1
        CHECK_VAR "pam_30_f_rw", W + 0x04, F_DRAM1
        CHECK_VAR "pam_10_f_write_dropped", W + 0x08, F_DRAM1
        CHECK_VAR "pam_00_f_reads_bios", W + 0x0C, PAM_SIG_VAL
        CHECK_VAR "pam_20_f_reads_bios", W + 0x10, PAM_SIG_VAL
        CHECK_VAR "pam_30_f_sees_20_write", W + 0x14, F_DRAM2
        CHECK_VAR "pam_00_f_reads_bios_again", W + 0x18, PAM_SIG_VAL
        CHECK_VAR "pam0_readback_00", W + 0x1C, 0
        ret

        section .rodata
        align 4
pam_sig: dd PAM_SIG_VAL
        section .text
