; planted.asm - an SMI handler with three planted bugs, each reachable only
; with particular inputs, for the SMI fuzzer (run-fuzz, docs/FUZZING.md).
; Real mode; 64 KiB image at the top of memory.
;
; Setup as tests/smmcheck/bad-handlers.asm: APM SMIs on, SMRAM open, the
; first SMI relocates SMBASE to 0xA0000 (handler at 0xA8000), SMRAM
; closed; then `cli; hlt`, where the fuzzer takes its snapshot.  The
; layout that reaches every bug is b2,b3,esi,mem:6000:208 (the
; communication buffer at 0x6000):
;   command 0x5A with data 0xC3: a callout to 0x7100 (normal RAM);
;   command 0x21: writes EAX through ESI after checking only that ESI is
;     not in SMRAM - the confused deputy (a write outside SMRAM);
;   command 0x37: a buffer whose dword at 0x6000 must be 'SMMF' and whose
;     word at 0x6004 is a length, checked against 0x200 where the SMRAM
;     buffer at 0xBFF00 holds only 0x100: lengths 0x101 to 0x200 copy past
;     the end of SMRAM (a write outside SMRAM at 0xC0000);
;   command 0x44 with data 0x99: a loop that never returns (a timeout).
; Any other command returns at once.  The handler uses no stack.

%include "apm-smi.inc"
        RELOCATE_AND_CLOSE
        xor eax, eax
        mov esi, 0x5000
        cli
        hlt                             ; the fuzz point

        RELOC_STUB

handler:                                ; at 0xA8000: CS base 0xA0000, DS base 0
        in al, 0xB2
        cmp al, 0x5A
        je .data
        cmp al, 0x21
        je .pointer
        cmp al, 0x37
        je .buffer
        cmp al, 0x44
        je .loop
        rsm
.data:
        in al, 0xB3
        cmp al, 0xC3
        jne .done
        jmp 0x0000:0x7100               ; bug 1: a callout
.done:
        rsm
.pointer:
        cmp esi, 0xA0000
        jb .write
        cmp esi, 0xBFFFF
        jbe .done
.write:
        a32 mov [esi], eax              ; bug 2: through the OS's pointer
        rsm
.buffer:
        xor ax, ax
        mov ds, ax
        cmp dword [0x6000], 'SMMF'
        jne .done
        mov cx, [0x6004]
        cmp cx, 0x200                   ; bug 3: the buffer holds 0x100
        ja .done
        mov ax, 0xBFF0
        mov es, ax
        xor di, di
        mov si, 0x6008
        rep movsb
        rsm
.loop:
        in al, 0xB3
        cmp al, 0x99
        jne .done
.forever:
        jmp .forever                    ; bug 4: never returns
handler_end:

target:                                 ; at 0x7100, normal RAM
        jmp 0xA000:0x8000 + (handler.done - handler)
target_end:
