; smc.asm - self-modifying code (SDM Vol. 3 11.6: on P6-family processors
; a write to a code byte is seen by the very next fetch of it, including
; an instruction already decoded in the pipeline).
;
; Code runs from RAM (the ROM cannot be written): blocks assembled here are
; copied to 0x8000 (real mode) or 0x9000 (protected mode) and called.
; Checked: an instruction patched by the instruction just before it, an
; immediate patched on every pass of a loop, a block executed, overwritten
; (byte store, REP MOVS, REP STOS) and executed again, a conditional
; branch whose opcode is flipped, a REP MOVSB that overwrites the code right
; after it, a write through a second linear alias (paging) of the code's
; page, and an instruction straddling two pages patched in either page.

%include "harness.inc"

RM_SEG  equ 0x0800              ; real-mode code at linear 0x8000
PM_CODE equ 0x9000              ; protected-mode code
ALIAS   equ 0x400000            ; paging alias of PM_CODE's page
STRADDLE equ 0xAFFD             ; B8 at 0xAFFD, imm32 0xAFFE-0xB001

; COPY16 block, dest_linear / COPY32 block, dest_linear
%macro COPY16 2
        mov esi, %1
        mov edi, %2
        mov ecx, %1 %+ _end - %1
        call h16_rom_copy
%endmacro
%macro COPY32 2
        mov esi, %1
        mov edi, %2
        mov ecx, %1 %+ _end - %1
        call h32_rom_copy
%endmacro

main:
; ---------------------------------------------------------------- real mode
        COPY16 rm_ahead, RM_SEG * 16
        mov eax, 0xFFFFFFFF
        call RM_SEG:0
        CHECK_EQ "rm_patch_next_insn", eax, 0xFFFFFF05
        COPY16 rm_loop, RM_SEG * 16
        call RM_SEG:0
        CHECK_EQ "rm_patch_in_loop", eax, 45
        ; execute, overwrite, execute again
        COPY16 rm_ret1, RM_SEG * 16
        call RM_SEG:0
        CHECK_EQ "rm_copied_code", eax, 0x11111111
        COPY16 rm_ret2, RM_SEG * 16
        call RM_SEG:0
        CHECK_EQ "rm_overwritten_code", eax, 0x22222222
        mov byte [RM_SEG * 16 + (rm_ret2.imm - rm_ret2) + 5], 0x33  ; top byte
        call RM_SEG:0
        CHECK_EQ "rm_byte_patched_code", eax, 0x33222222
        ; flip a JZ into a JNZ between two runs
        COPY16 rm_branch, RM_SEG * 16
        call RM_SEG:0
        CHECK_EQ "rm_branch_before", eax, 1
        mov byte [RM_SEG * 16 + (rm_branch.jcc - rm_branch)], 0x75
        call RM_SEG:0
        CHECK_EQ "rm_branch_flipped", eax, 2
        ; REP MOVSB overwriting the code right after it
        COPY16 rm_repmovs, RM_SEG * 16
        call RM_SEG:0
        CHECK_EQ "rm_rep_movs_over_next", eax, 0x0BADC0DE

; ---------------------------------------------------------------- protected mode
        ENTER_PM
        COPY32 pm_ahead, PM_CODE
        call SEL_FCODE32:PM_CODE
        CHECK_EQ "pm_patch_next_insn32", eax, 0x12345678
        COPY32 pm_loop, PM_CODE
        call SEL_FCODE32:PM_CODE
        CHECK_EQ "pm_patch_in_loop", eax, 4950
        COPY32 pm_ret, PM_CODE
        call SEL_FCODE32:PM_CODE
        CHECK_EQ "pm_copied_code", eax, 0xAAAAAAAA
        mov dword [PM_CODE + (pm_ret.imm - pm_ret) + 1], 0xBBBBBBBB
        call SEL_FCODE32:PM_CODE
        CHECK_EQ "pm_patched_code", eax, 0xBBBBBBBB
        ; the same page through two linear addresses
        mov edi, 0x100000
        xor eax, eax
        mov ecx, 2048
        rep stosd
        mov dword [0x100000], 0x00000087                ; 4 MiB identity
        mov dword [0x100004], 0x00101003                ; 4-8 MiB -> table
        mov dword [0x101000], PM_CODE | 3               ; 0x400000 -> 0x9000
        mov eax, 0x100000
        mov cr3, eax
        mov eax, cr4
        or eax, 0x10
        mov cr4, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        jmp .paged
.paged: call SEL_FCODE32:PM_CODE
        CHECK_EQ "alias_before", eax, 0xBBBBBBBB
        mov dword [ALIAS + (pm_ret.imm - pm_ret) + 1], 0xCCCCCCCC
        call SEL_FCODE32:PM_CODE
        CHECK_EQ "alias_write_seen", eax, 0xCCCCCCCC
        ; and code executed through the alias, patched through identity
        call SEL_FCODE32:ALIAS
        CHECK_EQ "alias_exec", eax, 0xCCCCCCCC
        mov dword [PM_CODE + (pm_ret.imm - pm_ret) + 1], 0xDDDDDDDD
        call SEL_FCODE32:ALIAS
        CHECK_EQ "alias_exec_patched", eax, 0xDDDDDDDD
        mov eax, cr0
        and eax, 0x7FFFFFFF
        mov cr0, eax
        jmp .unpaged
.unpaged:
        ; an instruction that straddles two pages: patch either page
        COPY32 pm_ret, STRADDLE
        call SEL_FCODE32:STRADDLE
        CHECK_EQ "straddle_before", eax, 0xAAAAAAAA
        mov byte [STRADDLE + 4], 0x99   ; top immediate byte, second page
        call SEL_FCODE32:STRADDLE
        CHECK_EQ "straddle_patch_second_page", eax, 0x99AAAAAA
        mov byte [STRADDLE + 1], 0x55   ; low immediate byte, first page
        call SEL_FCODE32:STRADDLE
        CHECK_EQ "straddle_patch_first_page", eax, 0x99AAAA55
        mov dword [STRADDLE + 5], 0x90909090    ; NOPs before the RETF
        mov byte [STRADDLE + 9], 0xCB
        call SEL_FCODE32:STRADDLE
        CHECK_EQ "straddle_patch_tail", eax, 0x99AAAA55
        ; REP STOSB over a block that was executed: all of it replaced
        COPY32 pm_loop, PM_CODE
        call SEL_FCODE32:PM_CODE
        CHECK_EQ "pm_loop_again", eax, 4950
        cld
        mov edi, PM_CODE
        mov ecx, pm_loop_end - pm_loop
        mov al, 0x90                    ; NOP sled ...
        rep stosb
        mov dword [PM_CODE + pm_loop_end - pm_loop], 0xCB424242 ; inc edx x3, retf
        xor edx, edx
        call SEL_FCODE32:PM_CODE
        CHECK_EQ "rep_stos_replaced_block", edx, 3
        DONE

; ---------------------------------------------------------------- blocks
; Real-mode blocks run at RM_SEG:0; offsets are relative to the block.
        bits 16
rm_ahead:
        mov byte [cs:rm_ahead.next - rm_ahead + 1], 5
.next:  mov al, 0
        retf
rm_ahead_end:

rm_loop:
        xor eax, eax
        mov cx, 10
.l:     add eax, strict dword 0
.imm    equ .l + 2                      ; 66 05 imm32
        inc dword [cs:.imm - rm_loop]
        loop .l
        retf
rm_loop_end:

rm_ret1:
        mov eax, 0x11111111
        retf
rm_ret1_end:

rm_ret2:
.imm:   mov eax, 0x22222222             ; 66 B8 imm32
        retf
rm_ret2_end:

rm_branch:
        xor ax, ax                      ; ZF = 1
        mov eax, 1
.jcc:   jz .done
        mov eax, 2
.done:  retf
rm_branch_end:

rm_repmovs:
        push ds
        push es
        push cs
        pop es
        push cs
        pop ds
        cld
        mov si, .new - rm_repmovs
        mov di, .old - rm_repmovs
        mov cx, .new_end - .new
        rep movsb
.old:   mov eax, 0x0000DEAD
        pop es
        pop ds
        retf
.new:   mov eax, 0x0BADC0DE
.new_end:
rm_repmovs_end:

; Protected-mode blocks run at PM_CODE through SEL_FCODE32.
        bits 32
pm_ahead:
        mov dword [PM_CODE + pm_ahead.next - pm_ahead + 1], 0x12345678
.next:  mov eax, 0
        retf
pm_ahead_end:

pm_loop:
        xor eax, eax
        mov ecx, 100
.l:     add eax, strict dword 0
        inc dword [PM_CODE + .l - pm_loop + 1]        ; 05 imm32
        loop .l
        retf
pm_loop_end:

pm_ret:
.imm:   mov eax, 0xAAAAAAAA
        retf
pm_ret_end:
