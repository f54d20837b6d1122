; string.asm - MOVS/STOS/LODS/CMPS/SCAS/INS/OUTS with REP/REPE/REPNE at
; 8/16/32 bits, both directions; 16-bit addressing in real mode (SI/DI/CX,
; which wrap at 64 KiB and leave the upper halves of ESI/EDI/ECX alone),
; then 32-bit addressing (and an a16 prefix) in protected mode.
;
; OUTSB sends a whole "PASS outs..." line to the debug console and counts
; it by hand: if OUTS misbehaves the runner sees a missing or garbled line
; and the DONE counts disagree.  INSB reads port 0xE9, whose read-back value
; is 0xE9 (the QEMU isa-debugcon and Bochs port_e9_hack convention).  The
; debug console takes byte accesses only, so the word and dword forms use
; port 0xE0, which nothing decodes: writes are dropped and reads return all
; ones.

%include "harness.inc"

SRC     equ 0x9000
DST     equ 0xA000

; fill8 addr, count, first: bytes first, first+1, ... at addr (16-bit code)
%macro FILL16 3
        mov di, %1
        mov cx, %2
        mov al, %3
%%l:    mov [di], al
        inc al
        inc di
        loop %%l
%endmacro

main:
; ---------------------------------------------------------------- real mode
        cld
        FILL16 SRC, 16, 0x41            ; "ABCDEFGHIJKLMNOP"
        mov dword [DST], 0
        mov dword [DST+4], 0
        mov dword [DST+8], 0
        mov dword [DST+12], 0
        ; REP MOVSB forward, 7 bytes; ECX upper half is not touched
        mov esi, 0x55550000 + SRC
        mov edi, 0x66660000 + DST
        mov ecx, 0xABCD0007
        rep movsb
        CHECK_VAR "rm_rep_movsb.d0", DST, 0x44434241
        CHECK_VAR "rm_rep_movsb.d4", DST+4, 0x00474645
        CHECK_EQ "rm_rep_movsb.esi", esi, 0x55550000 + SRC + 7
        CHECK_EQ "rm_rep_movsb.edi", edi, 0x66660000 + DST + 7
        CHECK_EQ "rm_rep_movsb.ecx", ecx, 0xABCD0000
        ; REP MOVSW backward (DF=1)
        std
        mov si, SRC + 14
        mov di, DST + 14
        mov cx, 3
        rep movsw                       ; words at +14, +12, +10
        cld
        CHECK_EQ "rm_rep_movsw_df.si", esi, 0x55550000 + SRC + 8
        CHECK_EQ "rm_rep_movsw_df.di", edi, 0x66660000 + DST + 8
        CHECK_VAR "rm_rep_movsw_df.d8", DST+8, 0x4C4B0000
        CHECK_VAR "rm_rep_movsw_df.d12", DST+12, 0x504F4E4D
        ; REP MOVSD with a 16-bit address size
        xor esi, esi
        xor edi, edi
        mov si, SRC
        mov di, DST + 0x20
        mov cx, 4
        rep movsd
        CHECK_VAR "rm_rep_movsd.d0", DST+0x20, 0x44434241
        CHECK_VAR "rm_rep_movsd.d12", DST+0x2C, 0x504F4E4D
        CHECK_EQ "rm_rep_movsd.di", edi, DST + 0x30
        ; SI wraps at 64 KiB with a 16-bit address size
        mov ax, 0x1000
        mov ds, ax                      ; DS:FFFF = 0x1FFFF
        mov byte [0xFFFF], 0x5A
        xor ax, ax
        mov ds, ax
        mov ax, 0x1000
        mov fs, ax
        mov esi, 0x1234FFFF
        mov edi, DST + 0x40
        fs movsb                        ; source segment override
        CHECK_EQ "rm_movsb_si_wrap.esi", esi, 0x12340000
        CHECK_VAR "rm_movsb_si_wrap.d", DST + 0x40, 0x5A
        xor esi, esi
        xor edi, edi
        xor ecx, ecx
        ; STOS
        mov eax, 0x11223344
        mov edi, DST + 0x50
        mov ecx, 3
        rep stosd
        CHECK_VAR "rm_rep_stosd.d8", DST + 0x58, 0x11223344
        CHECK_EQ "rm_rep_stosd.di", edi, DST + 0x5C
        mov ax, 0xBEEF
        std
        stosw
        cld
        CHECK_EQ "rm_stosw_df.di", edi, DST + 0x5A
        CHECK_VAR "rm_stosw_df.d", DST + 0x5C, 0x0000BEEF
        mov al, 0x77
        mov cx, 5
        mov di, DST + 0x60
        rep stosb
        CHECK_VAR "rm_rep_stosb.d", DST + 0x60, 0x77777777
        CHECK_VAR "rm_rep_stosb.d4", DST + 0x64, 0x00000077
        ; REP with CX = 0 does nothing
        mov cx, 0
        mov di, DST + 0x70
        mov dword [DST + 0x70], 0
        rep stosb
        CHECK_EQ "rm_rep_cx0.di", edi, DST + 0x70
        CHECK_VAR "rm_rep_cx0.mem", DST + 0x70, 0
        ; REP MOVSW onto itself one byte up: word by word, each read after
        ; the one before it was written (SDM MOVS: the string instruction
        ; repeated), not byte by byte
        mov dword [DST + 0x80], 0x44332211
        mov dword [DST + 0x84], 0x88776655
        mov si, DST + 0x80
        mov di, DST + 0x81
        mov cx, 3
        rep movsw
        CHECK_VAR "rm_rep_movsw_overlap.d0", DST + 0x80, 0x22221111
        CHECK_VAR "rm_rep_movsw_overlap.d4", DST + 0x84, 0x88664444
        ; LODS
        mov si, SRC
        mov eax, 0xFFFFFFFF
        lodsb
        CHECK_EQ "rm_lodsb", eax, 0xFFFFFF41
        lodsw
        CHECK_EQ "rm_lodsw", eax, 0xFFFF4342
        lodsd
        CHECK_EQ "rm_lodsd", eax, 0x47464544
        CHECK_EQ "rm_lods.si", esi, SRC + 7
        std
        lodsw                           ; word at SRC+7, then SI -= 2
        cld
        CHECK_EQ "rm_lodsw_df", eax, 0x47464948
        CHECK_EQ "rm_lodsw_df.si", esi, SRC + 5
        mov si, SRC
        mov cx, 3
        rep lodsb                       ; legal, AL = last byte
        CHECK_MASK "rm_rep_lodsb", eax, 0xFF, 0x43
        ; CMPS: REPE stops at the first mismatch
        FILL16 DST + 0x80, 16, 0x41
        mov byte [DST + 0x85], 0x40     ; 'F' -> '@'
        mov si, SRC
        mov di, DST + 0x80
        mov cx, 10
        repe cmpsb                      ; stops after comparing offset 5
        CHECK_FLAGS "rm_repe_cmpsb.f", EFLAGS_ARITH, EFLAGS_PF ; 'F' - '@' = 6
        CHECK_EQ "rm_repe_cmpsb.cx", ecx, 4
        CHECK_EQ "rm_repe_cmpsb.si", esi, SRC + 6
        mov si, SRC
        mov di, DST + 0x80
        mov cx, 2
        repe cmpsw                      ; all equal: CX runs out, ZF=1
        CHECK_FLAGS "rm_repe_cmpsw_eq.f", EFLAGS_ARITH, EFLAGS_ZF | EFLAGS_PF
        CHECK_EQ "rm_repe_cmpsw_eq.cx", ecx, 0
        CHECK_EQ "rm_repe_cmpsw_eq.di", edi, DST + 0x84
        mov si, SRC
        mov di, DST + 0x80
        mov cx, 8
        repne cmpsb                     ; equal at once: one iteration
        CHECK_EQ "rm_repne_cmpsb.cx", ecx, 7
        CHECK_FLAGS "rm_repne_cmpsb.f", EFLAGS_ZF, EFLAGS_ZF
        ; REPE CMPS with CX = 0 leaves flags alone
        mov cx, 0
        push dword 0x2 | EFLAGS_CF | EFLAGS_OF
        popfd
        repe cmpsb
        CHECK_FLAGS "rm_repe_cmps_cx0.f", EFLAGS_ARITH, EFLAGS_CF | EFLAGS_OF
        ; SCAS
        mov di, SRC
        mov al, 0x48                    ; 'H' at SRC+7
        mov cx, 16
        repne scasb
        CHECK_FLAGS "rm_repne_scasb.f", EFLAGS_ZF, EFLAGS_ZF
        CHECK_EQ "rm_repne_scasb.cx", ecx, 8
        CHECK_EQ "rm_repne_scasb.di", edi, SRC + 8
        mov di, SRC
        mov al, 0x00
        mov cx, 16
        repne scasb                     ; not found
        CHECK_FLAGS "rm_repne_scasb_nf.f", EFLAGS_ZF, 0
        CHECK_EQ "rm_repne_scasb_nf.cx", ecx, 0
        mov word [DST + 0x90], 0x1111
        mov word [DST + 0x92], 0x1111
        mov word [DST + 0x94], 0x2222
        mov di, DST + 0x90
        mov ax, 0x1111
        mov cx, 3
        repe scasw
        CHECK_FLAGS "rm_repe_scasw.f", EFLAGS_ARITH, EFLAGS_CF | EFLAGS_SF | EFLAGS_AF
        CHECK_EQ "rm_repe_scasw.cx", ecx, 0
        CHECK_EQ "rm_repe_scasw.di", edi, DST + 0x96
        std
        mov di, DST + 0x94
        mov eax, 0x11111111
        scasd                           ; compares dword at +0x94 (0x????2222)
        cld
        CHECK_EQ "rm_scasd_df.di", edi, DST + 0x90
        ; OUTS: a whole PASS line to the debug port
        mov si, rm_outs_line            ; in the ROM: use CS as source segment
        mov cx, rm_outs_line_end - rm_outs_line
        mov dx, 0xE9
        cs rep outsb
        inc dword [N_PASS]
        CHECK_EQ "rm_rep_outsb.si", esi, rm_outs_line_end
        ; wide OUTS/INS use port 0xE0, which nothing decodes: writes are
        ; dropped, reads return all ones (the debug console takes bytes)
        mov si, DST + 0xA0
        mov cx, 5
        mov dx, 0xE0
        rep outsw
        CHECK_EQ "rm_rep_outsw.si", esi, DST + 0xAA
        CHECK_EQ "rm_rep_outsw.cx", ecx, 0
        std
        outsd
        cld
        CHECK_EQ "rm_outsd_df.si", esi, DST + 0xA6
        mov dword [DST + 0xB4], 0
        mov dword [DST + 0xB8], 0
        std
        mov di, DST + 0xB6
        insw
        cld
        CHECK_VAR "rm_insw_df", DST + 0xB4, 0xFFFF0000
        CHECK_EQ "rm_insw_df.di", edi, DST + 0xB4
        ; INS from the debug port
        mov dx, 0xE9
        mov dword [DST + 0xB0], 0
        mov di, DST + 0xB0
        mov cx, 3
        rep insb
        CHECK_VAR "rm_rep_insb", DST + 0xB0, 0x00E9E9E9
        CHECK_EQ "rm_rep_insb.di", edi, DST + 0xB3
        std
        mov di, DST + 0xB9
        insb
        cld
        CHECK_VAR "rm_insb_df", DST + 0xB8, 0x0000E900
        CHECK_EQ "rm_insb_df.di", edi, DST + 0xB8

; ---------------------------------------------------------------- protected mode
        ENTER_PM
PSRC    equ 0x100000
PDST    equ 0x200000
        ; fill 64 KiB + 16 of source with bytes i & 0xFF ^ (i >> 8)
        mov edi, PSRC
        xor ecx, ecx
.fill:  mov eax, ecx
        shr eax, 8
        xor al, cl
        mov [edi+ecx], al
        inc ecx
        cmp ecx, 0x10010
        jb .fill
        ; REP MOVSD beyond 64 KiB
        mov esi, PSRC
        mov edi, PDST
        mov ecx, 0x10010 / 4
        rep movsd
        CHECK_EQ "pm_rep_movsd.esi", esi, PSRC + 0x10010
        CHECK_EQ "pm_rep_movsd.edi", edi, PDST + 0x10010
        CHECK_EQ "pm_rep_movsd.ecx", ecx, 0
        CHECK_VAR "pm_rep_movsd.d0", PDST, 0x03020100
        CHECK_VAR "pm_rep_movsd.d_ffff", PDST + 0xFFFC, 0x00010203
        CHECK_VAR "pm_rep_movsd.d_10000", PDST + 0x10000, 0x03020100
        ; REPE CMPSD over the copy: equal all the way
        mov esi, PSRC
        mov edi, PDST
        mov ecx, 0x10010 / 4
        repe cmpsd
        CHECK_FLAGS "pm_repe_cmpsd.f", EFLAGS_ZF, EFLAGS_ZF
        CHECK_EQ "pm_repe_cmpsd.ecx", ecx, 0
        ; now a difference deep inside
        mov byte [PDST + 0xABCD], 0
        mov esi, PSRC
        mov edi, PDST
        mov ecx, 0x10010
        repe cmpsb
        CHECK_EQ "pm_repe_cmpsb_far.ecx", ecx, 0x10010 - 0xABCE
        CHECK_EQ "pm_repe_cmpsb_far.edi", edi, PDST + 0xABCE
        ; overlapping forward copy replicates the first element (MOVS is
        ; defined element by element)
        mov dword [PDST], 0x44434241
        mov dword [PDST+4], 0x48474645
        mov esi, PDST
        lea edi, [PDST+1]
        mov ecx, 7
        rep movsb
        CHECK_VAR "pm_movsb_overlap.d0", PDST, 0x41414141
        CHECK_VAR "pm_movsb_overlap.d4", PDST+4, 0x41414141
        mov dword [PDST], 1
        mov dword [PDST+4], 2
        mov dword [PDST+8], 3
        mov dword [PDST+12], 4
        mov esi, PDST
        lea edi, [PDST+4]
        mov ecx, 3
        rep movsd
        CHECK_VAR "pm_movsd_overlap.d12", PDST+12, 1
        ; backward overlapping copy (memmove style) keeps the data
        mov dword [PDST], 0x44434241
        mov dword [PDST+4], 0x48474645
        std
        lea esi, [PDST+6]
        lea edi, [PDST+7]
        mov ecx, 7
        rep movsb
        cld
        CHECK_VAR "pm_movsb_back.d0", PDST, 0x43424141
        CHECK_VAR "pm_movsb_back.d4", PDST+4, 0x47464544
        CHECK_EQ "pm_movsb_back.esi", esi, PDST - 1
        ; REP STOSD, 32-bit count
        mov edi, PDST
        mov eax, 0xCAFEF00D
        mov ecx, 0x5000
        rep stosd
        CHECK_VAR "pm_rep_stosd.last", PDST + 0x13FFC, 0xCAFEF00D
        CHECK_EQ "pm_rep_stosd.edi", edi, PDST + 0x14000
        ; STOSW/LODSW/SCASD with DF=1
        std
        mov edi, PDST + 0x10
        mov ax, 0x1234
        mov ecx, 4
        rep stosw
        CHECK_EQ "pm_rep_stosw_df.edi", edi, PDST + 0x8
        CHECK_VAR "pm_rep_stosw_df.d", PDST + 0xC, 0x12341234
        CHECK_VAR "pm_rep_stosw_df.d10", PDST + 0x10, 0xCAFE1234
        mov esi, PDST + 0x10
        lodsd
        CHECK_EQ "pm_lodsd_df", eax, 0xCAFE1234
        CHECK_EQ "pm_lodsd_df.esi", esi, PDST + 0xC
        mov edi, PDST + 0x14000 - 4
        mov eax, 0xCAFEF00D
        mov ecx, 0x100
        repe scasd
        cld
        CHECK_EQ "pm_repe_scasd_df.ecx", ecx, 0
        CHECK_EQ "pm_repe_scasd_df.edi", edi, PDST + 0x14000 - 4 - 0x400
        ; REPNE SCASW
        mov word [PDST + 0x3000], 0x7777
        mov edi, PDST + 0x2000
        mov ax, 0x7777
        mov ecx, 0x2000
        repne scasw
        CHECK_EQ "pm_repne_scasw.edi", edi, PDST + 0x3002
        CHECK_EQ "pm_repne_scasw.ecx", ecx, 0x2000 - 0x801
        ; the a16 prefix in 32-bit code: SI/DI/CX only
        mov dword [0x9800], 0x87654321
        mov esi, 0xFFFF9800
        mov edi, 0xEEEE9900
        mov ecx, 0xDDDD0001
        a16 rep movsd
        CHECK_VAR "pm_a16_movsd.d", 0x9900, 0x87654321
        CHECK_EQ "pm_a16_movsd.esi", esi, 0xFFFF9804
        CHECK_EQ "pm_a16_movsd.edi", edi, 0xEEEE9904
        CHECK_EQ "pm_a16_movsd.ecx", ecx, 0xDDDD0000
        ; source segment override with a non-zero base; ES stays ES
        mov ax, SEL_ROMDATA
        mov fs, ax
        mov esi, pm_src_bytes
        mov edi, PDST + 0x100
        mov ecx, 4
        rep fs movsb
        CHECK_VAR "pm_movsb_fs.d", PDST + 0x100, 0x64636261
        ; OUTSB of a PASS line, source through GS
        mov ax, SEL_ROMDATA
        mov gs, ax
        mov esi, pm_outs_line
        mov ecx, pm_outs_line_end - pm_outs_line
        mov dx, 0xE9
        rep gs outsb
        inc dword [N_PASS]
        ; INS
        mov dword [PDST + 0x200], 0
        mov edi, PDST + 0x200
        mov ecx, 2
        mov dx, 0xE9
        rep insb
        CHECK_VAR "pm_rep_insb", PDST + 0x200, 0x0000E9E9
        CHECK_EQ "pm_rep_insb.edi", edi, PDST + 0x202
        mov dx, 0xE0
        insd
        CHECK_VAR "pm_insd", PDST + 0x202, 0xFFFFFFFF
        CHECK_EQ "pm_insd.edi", edi, PDST + 0x206
        mov esi, PDST
        mov ecx, 3
        rep outsd
        CHECK_EQ "pm_rep_outsd.esi", esi, PDST + 12
        DONE

        section .rodata
rm_outs_line:   db "PASS rm_rep_outsb", 10
rm_outs_line_end:
pm_src_bytes:   db "abcd"
        align 4
pm_outs_line:   db "PASS pm_rep_outsb", 10
pm_outs_line_end:
