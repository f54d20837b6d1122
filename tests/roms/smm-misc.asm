; smm-misc.asm - RSM outside SMM, an SMI raised inside SMM, I/O
; instruction restart and the auto-HALT field (SDM Vol. 3 chapter 34).
;
; - RSM outside SMM raises #UD (SDM Vol. 2 RSM; Vol. 3 §34.3), in real
;   mode and in protected mode;
; - an SMI raised while in SMM (the handler writes 0xB2 again) is not
;   nested: it is latched and taken right after RSM, before the
;   instruction after the interrupted OUT runs (SDM Vol. 3 §34.2: an SMI
;   that arrives in SMM is latched and handled after RSM), so both
;   SMIs save the same EIP and the second sees the registers before that
;   instruction;
; - I/O instruction restart (§34.12): the handler of the first SMI writes
;   0x00FF to the I/O restart field (SMBASE+0xFF00) and AL = 0x77 into
;   the saved EAX; RSM re-executes the OUT, which writes 0x77 to 0xB2 and
;   raises a second SMI with the field zeroed on entry (§34.12: "the
;   processor ... sets the I/O instruction restart field to 0"); the
;   second handler leaves it 0.  QEMU implements neither the restart nor
;   the revision bit 16 that advertises it;
; - the auto-HALT restart field (SMBASE+0xFF02, §34.10) is 0 when the SMI
;   did not interrupt a HLT.

%include "harness.inc"
%include "smm.inc"

main:
        SMM_SETUP_DEFAULT

; ---------------------------------------------------------------- RSM #UD
        TRY .ud1
.ud1_insn:
        rsm
.ud1:   CHECK_FAULT "rsm_outside_smm_ud_real", 6, -1
        CHECK_VAR "rsm_outside_smm_ud_real.ip", EXC_EIP, .ud1_insn
        ENTER_PM
        TRY .ud2
.ud2_insn:
        rsm
.ud2:   CHECK_FAULT "rsm_outside_smm_ud_pm", 6, -1
        CHECK_VAR "rsm_outside_smm_ud_pm.eip", EXC_EIP, .ud2_insn
        LEAVE_PM

; ---------------------------------------------------------------- latched SMI
        call smm_clear
        SET_HOOK SMM_HOOK, hook_b2_again
        mov ebp, 0x1000
        mov ecx, 0x2000
        mov al, 0x70
        out APM_CNT, al
.l_after:
        inc ebp
        mov [0x9800], ebp
        CHECK_VAR "latched_smi_count_2", SR_COUNT, 2
        CHECK_VAR "latched_not_nested", SR_HOOK_A, 1
        CHECK_VAR "latched_handler_went_on", SR_HOOK_B, 0xB2B2B2B2
        CHECK_VAR "latched_smi1_eip", LOG(1, LOG_EIP), .l_after
        CHECK_VAR "latched_smi2_eip_same", LOG(2, LOG_EIP), .l_after
        CHECK_VAR "latched_smi2_before_next_insn", LOG(2, LOG_EBP), 0x1000
        CHECK_VAR "latched_smi1_apmc", LOG(1, LOG_APMC), 0x70
        CHECK_VAR "latched_smi2_apmc", LOG(2, LOG_APMC), 0x71
        CHECK_VAR "latched_smi2_cs", LOG(2, LOG_CS), SMBASE_DEFAULT >> 4
        CHECK_VAR "latched_next_insn_once", 0x9800, 0x1001
        CHECK_MASK "latched_smi1_auto_halt_0", dword [LOG(1, LOG_IOR)], 0xFFFF0000, 0
        CHECK_MASK "latched_smi2_auto_halt_0", dword [LOG(2, LOG_IOR)], 0xFFFF0000, 0
        CHECK_MASK "latched_smi1_io_restart_0", dword [LOG(1, LOG_IOR)], 0xFFFF, 0
        CHECK_MASK "latched_smi2_io_restart_0", dword [LOG(2, LOG_IOR)], 0xFFFF, 0

; ---------------------------------------------------------------- I/O restart
        call smm_clear
        mov di, LOG(2, 0)               ; a second SMI must overwrite this
        mov eax, 0xEEEEEEEE
        mov cx, LOG_SIZE / 4
        rep stosd
        SET_HOOK SMM_HOOK, hook_io_restart
        mov ebp, 0x3000
        mov al, 0x76
        out APM_CNT, al
.r_after:
        inc ebp
        mov [0x9800], ebp
        mov [0x9804], eax
        CHECK_VAR "ior_smi_count_2", SR_COUNT, 2
        CHECK_VAR "ior_smi1_eip", LOG(1, LOG_EIP), .r_after
        CHECK_MASK "ior_smi1_field_0_at_entry", dword [LOG(1, LOG_IOR)], 0xFFFF, 0
        CHECK_VAR "ior_smi1_apmc", LOG(1, LOG_APMC), 0x76
        CHECK_VAR "ior_smi2_eip_after_out", LOG(2, LOG_EIP), .r_after
        CHECK_VAR "ior_smi2_out_reexecuted_al_77", LOG(2, LOG_APMC), 0x77
        CHECK_MASK "ior_smi2_field_zeroed_at_entry", dword [LOG(2, LOG_IOR)], 0xFFFF, 0
        CHECK_VAR "ior_smi2_before_next_insn", LOG(2, LOG_EBP), 0x3000
        CHECK_VAR "ior_next_insn_once", 0x9800, 0x3001
        CHECK_MASK "ior_al_from_map", dword [0x9804], 0xFF, 0x77
        ; QEMU leaves the 0x00FF in the (RAM) map: clear it for what follows
        push es
        push word SMBASE_DEFAULT >> 4
        pop es
        mov word [es:SB_IORESTART], 0
        pop es

; ---------------------------------------------------------------- auto-HALT
        ; an SMI in protected mode, not on a HLT: the field reads 0
        call smm_clear
        ENTER_PM
        mov al, 0x78
        out APM_CNT, al
.h_after:
        LEAVE_PM
        CHECK_VAR "pm_smi_count", SR_COUNT, 1
        CHECK_VAR "pm_smi_eip", LOG(1, LOG_EIP), .h_after
        CHECK_MASK "pm_smi_auto_halt_0", dword [LOG(1, LOG_IOR)], 0xFFFF0000, 0
        CHECK_MASK "pm_smi_io_restart_0", dword [LOG(1, LOG_IOR)], 0xFFFF, 0
        DONE

; ---------------------------------------------------------------- hooks
; Run in SMM (smm.inc), EBX = SMBASE.

; hook_b2_again: in the first SMI, write 0x71 to 0xB2 (APMC_EN is set):
; SR_HOOK_A records SR_COUNT right after it (still 1: no nested SMI) and
; SR_HOOK_B that the handler went on.
hook_b2_again:
        cmp dword [dword SR_COUNT], 1
        jne .r
        mov al, 0x71
        out APM_CNT, al
        mov eax, [dword SR_COUNT]
        mov [dword SR_HOOK_A], eax
        mov dword [dword SR_HOOK_B], 0xB2B2B2B2
.r:     retf

; hook_io_restart: in the first SMI, ask for the OUT to be re-executed
; (I/O restart field := 0x00FF) with AL = 0x77.
hook_io_restart:
        cmp dword [dword SR_COUNT], 1
        jne .r
        mov word [ebx + SB_IORESTART], 0x00FF
        mov byte [ebx + SB_EAX], 0x77
.r:     retf
