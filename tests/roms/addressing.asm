; addressing.asm - effective addresses and their default segments.
;
; Each check stores a tag (the linear address itself) at the linear
; address the SDM says the operand refers to, loads through the addressing
; form under test, and compares: a wrong offset, a wrong default segment or
; a wrong wrap-around reads some other value.  Segment bases differ so that
; DS, SS, ES, FS, GS and CS are told apart.
;
; Real mode: every 16-bit ModRM form (mod 00/01/10 x r/m 0-7), disp8 sign
; extension, 16-bit wrap of the offset, BP-based forms default to SS,
; segment overrides, 32-bit addressing (a32) with offsets below 64 KiB.
; Protected mode, 32-bit code segment: every 32-bit ModRM and SIB form,
; scales 1/2/4/8, no-base disp32 SIB, EBP/ESP bases default to SS (an EBP
; index does not), 32-bit wrap, a16 and o16 prefixes, moffs forms, LEA.
; Protected mode, 16-bit code segment: the same prefixes the other way.

%include "harness.inc"

; RM_TAG linear: store dword "linear" at that linear address (real mode)
%macro RM_TAG 1
        push es
        push ax
        mov ax, (%1) >> 4
        mov es, ax
        mov dword [es:(%1) & 0xF], %1
        pop ax
        pop es
%endmacro

; RM_LD name, linear, operand
%macro RM_LD 3
        RM_TAG %2
        mov eax, 0xDEADDEAD
        mov eax, %3
        CHECK_EQ %1, eax, %2
%endmacro

; PM_TAG linear (GS is flat in protected mode)
%macro PM_TAG 1
        mov dword [gs:dword %1], %1
%endmacro

%macro PM_LD 3
        PM_TAG %2
        mov eax, 0xDEADDEAD
        mov eax, %3
        CHECK_EQ %1, eax, %2
%endmacro

DSB     equ 0x10000             ; real mode: DS = 0x1000
SSB     equ 0x20000             ;            SS = 0x2000
ESB     equ 0x30000             ;            ES = 0x3000
FSB     equ 0x40000             ;            FS = 0x4000
GSB     equ 0x50000             ;            GS = 0x5000

main:
        cli
        mov ax, 0x1000
        mov ds, ax
        mov ax, 0x3000
        mov es, ax
        mov ax, 0x4000
        mov fs, ax
        mov ax, 0x5000
        mov gs, ax
        mov ax, 0x2000
        mov ss, ax                      ; stack now at 0x2000:7000

        xor eax, eax
        mov ebx, 0x0100
        mov esi, 0x0020
        mov edi, 0x0030
        mov ebp, 0x0400
        ; mod 00
        RM_LD "rm16_bx_si",        DSB + 0x0120, [bx+si]
        RM_LD "rm16_bx_di",        DSB + 0x0130, [bx+di]
        RM_LD "rm16_bp_si_ss",     SSB + 0x0420, [bp+si]
        RM_LD "rm16_bp_di_ss",     SSB + 0x0430, [bp+di]
        RM_LD "rm16_si",           DSB + 0x0020, [si]
        RM_LD "rm16_di",           DSB + 0x0030, [di]
        RM_LD "rm16_disp16",       DSB + 0x1234, [0x1234]
        RM_LD "rm16_bx",           DSB + 0x0100, [bx]
        ; mod 01 (disp8, sign-extended)
        RM_LD "rm16_bx_si_d8",     DSB + 0x0130, [bx+si+0x10]
        RM_LD "rm16_bx_di_d8neg",  DSB + 0x0120, [bx+di-0x10]
        RM_LD "rm16_bp_si_d8",     SSB + 0x0424, [bp+si+4]
        RM_LD "rm16_bp_di_d8",     SSB + 0x0428, [bp+di-8]
        RM_LD "rm16_si_d8",        DSB + 0x009F, [si+0x7F]
        RM_LD "rm16_di_d8neg",     DSB + 0x0000, [di-0x30]
        RM_LD "rm16_bp_d8_ss",     SSB + 0x03F8, [bp-8]
        RM_LD "rm16_bp_d0_ss",     SSB + 0x0400, [bp]
        RM_LD "rm16_bx_d8",        DSB + 0x017F, [bx+0x7F]
        RM_LD "rm16_bx_d8neg",     DSB + 0x0080, [bx-0x80]
        ; mod 10 (disp16)
        RM_LD "rm16_bx_si_d16",    DSB + 0x1120, [bx+si+0x1000]
        RM_LD "rm16_bx_di_d16",    DSB + 0x2130, [bx+di+0x2000]
        RM_LD "rm16_bp_si_d16",    SSB + 0x3420, [bp+si+0x3000]
        RM_LD "rm16_bp_di_d16",    SSB + 0x1430, [bp+di+0x1000]
        RM_LD "rm16_si_d16",       DSB + 0x1020, [si+0x1000]
        RM_LD "rm16_di_d16",       DSB + 0x4030, [di+0x4000]
        RM_LD "rm16_bp_d16_ss",    SSB + 0x1400, [bp+0x1000]
        RM_LD "rm16_bx_d16",       DSB + 0x5100, [bx+0x5000]
        ; the 16-bit offset wraps at 64 KiB
        RM_LD "rm16_wrap_d16",     DSB + 0x0110, [word bx+si+0xFFF0]
        RM_TAG DSB + 0xFFFC
        mov byte [0xFFFF], 0x5A
        xor si, si
        movzx eax, byte [si-1]          ; offset 0xFFFF
        CHECK_EQ "rm16_wrap_neg", eax, 0x5A
        mov si, 0x0020
        ; segment overrides
        RM_LD "rm16_es_bx",        ESB + 0x0100, [es:bx]
        RM_LD "rm16_fs_si",        FSB + 0x0020, [fs:si]
        RM_LD "rm16_gs_di_d8",     GSB + 0x0031, [gs:di+1]
        RM_LD "rm16_ss_bx",        SSB + 0x0100, [ss:bx]
        RM_LD "rm16_ds_bp",        DSB + 0x0400, [ds:bp]
        RM_LD "rm16_es_bp_di",     ESB + 0x0430, [es:bp+di]
        mov eax, [cs:rm_const]
        CHECK_EQ "rm16_cs_const", eax, 0xC0DEC0DE
        ; 32-bit addressing in real mode (offsets stay below 64 KiB)
        mov ecx, 0x10
        RM_LD "rm32_ebx_ecx4",     DSB + 0x0140, [ebx+ecx*4]
        RM_LD "rm32_esi_ecx8_d8",  DSB + 0x00A1, [esi+ecx*8+1]
        RM_LD "rm32_ebp_ss",       SSB + 0x0404, [ebp+4]
        RM_LD "rm32_ecx2_d32",     DSB + 0x3020, [ecx*2+0x3000]
        mov eax, 0xDEADDEAD
        push ebx
        mov eax, [esp]                  ; SIB base ESP: SS, top of stack
        pop ebx
        CHECK_EQ "rm32_esp_ss", eax, 0x0100
        ; moffs form (A1) with an override
        RM_LD "rm_moffs_es",       ESB + 0x0222, [es:0x0222]
        ; LEA: 16-bit offset arithmetic, no segment
        mov si, 0x0020
        lea ax, [word bx+si+0xFFF0]
        movzx eax, ax
        CHECK_EQ "rm_lea16_wrap", eax, 0x0110
        lea eax, [bx+si-2]
        CHECK_EQ "rm_lea16_o32", eax, 0x011E
        lea eax, [ebx+esi*4+0x12340000]
        CHECK_EQ "rm_lea32", eax, 0x12340180

        xor ax, ax
        mov ss, ax
        mov ds, ax
        mov es, ax
        mov fs, ax
        mov gs, ax

; ---------------------------------------------------------------- PM 32-bit
        ENTER_PM
PDS     equ 0x100000
PSS     equ 0x200000
PES     equ 0x300000
PFS     equ 0x400000
SEL_PDS equ SEL_FIRST_FREE
SEL_PSS equ SEL_FIRST_FREE + 8
SEL_PES equ SEL_FIRST_FREE + 16
SEL_PFS equ SEL_FIRST_FREE + 24
        GDT_INSTALL SEL_FIRST_FREE, pm_descs, pm_descs_end - pm_descs
        mov ax, SEL_PDS
        mov ds, ax
        mov ax, SEL_PES
        mov es, ax
        mov ax, SEL_PFS
        mov fs, ax
        mov ax, SEL_FLAT
        mov gs, ax
        mov ax, SEL_PSS
        mov ss, ax
        mov esp, 0x7000                 ; linear 0x207000

        mov eax, 0x00000100
        mov ecx, 0x00000200
        mov edx, 0x00000300
        mov ebx, 0x00000400
        mov esi, 0x00000600
        mov edi, 0x00000700
        mov ebp, 0x00000800
; PM_LDX: like PM_LD but through PUSH m32 (same ModRM/SIB decoding),
; so that every general register can take part in the address
%macro PM_LDX 3
        PM_TAG %2
        mov dword [gs:H_SCRATCH], 0xDEADDEAD
        push dword %3
        pop dword [gs:H_SCRATCH]
        CHECK_VAR %1, H_SCRATCH, %2
%endmacro
        ; mod 00
        PM_LDX "pm32_eax",          PDS + 0x100, [eax]
        PM_LDX "pm32_ecx",          PDS + 0x200, [ecx]
        PM_LDX "pm32_edx",          PDS + 0x300, [edx]
        PM_LDX "pm32_ebx",          PDS + 0x400, [ebx]
        PM_LDX "pm32_esi",          PDS + 0x600, [esi]
        PM_LDX "pm32_edi",          PDS + 0x700, [edi]
        PM_LDX "pm32_disp32",       PDS + 0x12345, [0x12345]
        ; mod 01 / 10
        PM_LDX "pm32_eax_d8",       PDS + 0x17F, [eax+0x7F]
        PM_LDX "pm32_ebx_d8neg",    PDS + 0x380, [ebx-0x80]
        PM_LDX "pm32_ebp_d8_ss",    PSS + 0x804, [ebp+4]
        PM_LDX "pm32_ebp_d0_ss",    PSS + 0x800, [ebp]
        PM_LDX "pm32_edi_d32",      PDS + 0x10700, [edi+0x10000]
        PM_LDX "pm32_ebp_d32_ss",   PSS + 0x10800, [ebp+0x10000]
        PM_LDX "pm32_esi_d32neg",   PDS + 0x500, [esi-0x100]
        ; SIB
        PM_LDX "pm32_sib_s1",       PDS + 0x300, [eax+ecx]
        PM_LDX "pm32_sib_s2",       PDS + 0x500, [eax+ecx*2]
        PM_LDX "pm32_sib_s4",       PDS + 0x1000, [ebx+edx*4]
        PM_LDX "pm32_sib_s8",       PDS + 0x3E00, [esi+edi*8]
        PM_LDX "pm32_sib_s8_d8",    PDS + 0x3E01, [esi+edi*8+1]
        PM_LDX "pm32_sib_s4_d32",   PDS + 0x21400, [ebx+eax*4+0x20C00]
        PM_LDX "pm32_sib_nobase",   PDS + 0x20400, [ecx*2+0x20000]
        PM_LDX "pm32_sib_nobase_s8", PDS + 0x3800, [edi*8]
        PM_LDX "pm32_sib_ebp_base_ss", PSS + 0xA00, [ebp+eax*2]
        PM_LDX "pm32_sib_ebp_index_ds", PDS + 0x900, [eax+ebp*1]
        PM_LDX "pm32_sib_ebp_index_s4_ds", PDS + 0x2100, [eax+ebp*4]
        PM_LDX "pm32_sib_ebp_d32_ss", PSS + 0x10900, [ebp+eax+0x10000]
        ; ESP base: SS; the SIB byte with index 100 means no index
        mov dword [esp-4], 0x11223344
        sub esp, 4
        mov edx, [esp]
        add esp, 4
        CHECK_EQ "pm32_esp_base_ss", edx, 0x11223344
        PM_TAG PSS + 0x6F00
        mov edx, [esp-0x100]
        CHECK_EQ "pm32_esp_d8neg_ss", edx, PSS + 0x6F00
        PM_TAG PSS + 0x6F40
        mov edx, [esp+eax-0x1C0]
        CHECK_EQ "pm32_esp_index_ss", edx, PSS + 0x6F40
        ; 32-bit offset wrap
        push eax
        mov eax, 0xFFFFFFF0
        PM_LDX "pm32_wrap",         PDS + 0x10, [eax+0x20]
        pop eax
        ; overrides
        PM_LDX "pm32_es_ebx",       PES + 0x400, [es:ebx]
        PM_LDX "pm32_fs_ebp",       PFS + 0x800, [fs:ebp]
        PM_LDX "pm32_ds_ebp",       PDS + 0x800, [ds:ebp]
        PM_LDX "pm32_ss_eax",       PSS + 0x100, [ss:eax]
        PM_LDX "pm32_gs_sib",       PDS + 0x0, [gs:PDS+eax-0x100]
        mov edx, [cs:pm_const]
        CHECK_EQ "pm32_cs_const", edx, 0xC0DEC0DE
        ; moffs
        PM_TAG PES + 0x4444
        push eax
        mov eax, [es:0x4444]
        CHECK_EQ "pm32_moffs_es", eax, PES + 0x4444
        mov eax, 0xDEADDEAD
        mov ax, [es:0x4444]             ; o16: upper half kept
        CHECK_EQ "pm32_moffs16", eax, 0xDEAD4444
        pop eax
        ; a16 prefix in 32-bit code: 16-bit forms, 16-bit wrap
        push ebx
        push esi
        push ebp
        mov ebx, 0xFFFF0100
        mov esi, 0xFFFF0020
        mov ebp, 0xAAAA0400
        PM_LDX "pm32_a16_bx_si",    PDS + 0x120, [bx+si]
        PM_LDX "pm32_a16_bp_ss",    PSS + 0x408, [bp+8]
        PM_LDX "pm32_a16_wrap",     PDS + 0x110, [word bx+si+0xFFF0]
        pop ebp
        pop esi
        pop ebx
        ; LEA
        lea edx, [ebx+esi*8+0x12345678]
        CHECK_EQ "pm32_lea_sib", edx, 0x12345678 + 0x400 + 0x3000
        lea edx, [ecx*4]
        CHECK_EQ "pm32_lea_nobase", edx, 0x800
        mov edx, 0xAAAAAAAA
        lea dx, [ebx+0xFFFF]            ; o16: low 16 bits of 0x103FF
        CHECK_EQ "pm32_lea_o16", edx, 0xAAAA03FF
        mov ebx, 0x11110100
        mov esi, 0x22220020
        a16 lea edx, [word bx+si+0xFFF0] ; a16: zero-extended 16-bit offset
        CHECK_EQ "pm32_lea_a16", edx, 0x00000110
        mov ebx, 0x400
        mov esi, 0x600
        ; operand-size prefix with immediates and the stack
        mov edx, 0x55555555
        mov dx, 0x1234
        CHECK_EQ "pm32_o16_mov_imm", edx, 0x55551234
        mov edx, esp
        push word 0x7777
        sub edx, esp
        add esp, 2
        CHECK_EQ "pm32_o16_push", edx, 2

        ; back to flat segments, then a 16-bit code segment
        mov ax, SEL_FLAT
        mov ss, ax
        mov esp, STACK_TOP
        mov ax, SEL_PDS
        mov ds, ax
        mov ax, SEL_PSS
        mov es, ax
        jmp SEL_CODE16:pm16
        bits 16
pm16:
        ; default operand and address size 16; the prefixes give 32
        mov ebx, 0x0100
        mov esi, 0x0020
        mov ecx, 0x00040000
        mov eax, 0x12345678             ; 66 B8 imm32
        CHECK_EQ "pm16_o32_mov_imm", eax, 0x12345678
        mov ax, 0x9999                  ; B8 imm16
        CHECK_EQ "pm16_mov_imm16", eax, 0x12349999
        PM_LD "pm16_bx_si",         PDS + 0x120, [bx+si]
        PM_LD "pm16_a32_sib",       PDS + 0x100100, [ebx+ecx*4]
        PM_LD "pm16_a32_es",        PSS + 0x40100, [es:ebx+ecx]
        mov edx, esp
        push eax                        ; 66 50: four bytes
        sub edx, esp
        pop eax
        CHECK_EQ "pm16_o32_push", edx, 4
        mov edx, esp
        push ax
        sub edx, esp
        pop ax
        CHECK_EQ "pm16_push16", edx, 2
        mov edx, 0xFFFFFFFF
        lea dx, [bx+si+0x10]
        CHECK_EQ "pm16_lea16", edx, 0xFFFF0130
        lea edx, [bx+si+0x10]           ; 66: 32-bit destination
        CHECK_EQ "pm16_lea_o32", edx, 0x00000130
        jmp dword SEL_CODE32:pm32_back
        bits 32
pm32_back:
        mov ax, SEL_FLAT
        mov ds, ax
        mov es, ax
        DONE

        section .rodata
rm_const:       dd 0xC0DEC0DE
pm_const:       dd 0xC0DEC0DE
        align 8
pm_descs:
        DESC PDS, 0xFFFFF, ACC_DATA, 0xC
        DESC PSS, 0xFFFFF, ACC_DATA, 0xC
        DESC PES, 0xFFFFF, ACC_DATA, 0xC
        DESC PFS, 0xFFFFF, ACC_DATA, 0xC
pm_descs_end:
