; smm-shutdown.asm - RSM with an invalid CR0 image enters shutdown (SDM
; Vol. 3 §34.6 "Exiting From SMM" and Vol. 2 RSM: the processor enters
; the shutdown state if the CR0 image in the state-save area has PG = 1
; with PE = 0; SDM Vol. 3 §34.6).
;
; The first line on the console is EXPECT_SHUTDOWN: run-rom then requires
; the emulator to end with status 3 (shutdown) and no DONE line.  The
; handler writes CR0 | PG & ~PE into the map, prints "PASS rsm_reached"
; and executes RSM.  A CPU that does not check resumes after the OUT in
; real mode with paging on; the map's CR3 points at identity-mapping page
; tables so that it then runs on, prints "FAIL rsm_no_shutdown" and DONE,
; and the run fails instead of wandering.

%include "harness.inc"
%include "smm.inc"

PD      equ 0x20000             ; identity map of 0-4 MiB, below 1 MiB
PT      equ 0x21000

main:
        PRINT "EXPECT_SHUTDOWN", 10
        call smm_pm_setup
        call smm_apmc_on
        mov edi, SMBASE_DEFAULT + SMM_ENTRY
        call smm_install
        ; page tables (used only if RSM does not shut down)
        push es
        push word PD >> 4
        pop es
        xor di, di
        xor eax, eax
        mov cx, 0x2000 / 4
        rep stosd
        mov dword [es:0], PT | 7
        mov di, PT - PD
        mov eax, 7
.pt:    stosd
        add eax, 0x1000
        cmp di, PT - PD + 0x1000
        jb .pt
        pop es
        call smm_clear
        SET_HOOK SMM_HOOK, hook_bad_cr0
        SET_HOOK SMM_HOOK2, hook_report
        mov al, 0x5D
        out APM_CNT, al
        ; only reached if RSM did not enter shutdown
        mov eax, cr0
        and eax, 0x7FFFFFFF
        mov cr0, eax
        FAIL_NOW "rsm_no_shutdown", "RSM loaded CR0 with PG=1 PE=0"
        DONE

; hook_bad_cr0 (SMM, EBX = SMBASE): CR0 image := CR0 | PG, PE clear;
; CR3 image := the identity page directory.
hook_bad_cr0:
        mov eax, [ebx + SB_CR0]
        or eax, 0x80000000
        and eax, ~1
        mov [ebx + SB_CR0], eax
        mov dword [ebx + SB_CR3], PD
        retf

; hook_report (SMM, last before RSM).
hook_report:
        PASS_NOW "rsm_reached"
        retf
