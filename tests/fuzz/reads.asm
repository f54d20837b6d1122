; reads.asm - an SMI handler that trusts what it reads from an MSR and a
; port, for the fuzzer's msr: and io: items (run-fuzz).  Setup as
; planted.asm (tests/roms/apm-smi.inc), then `cli; hlt`.  The handler
; reads MSR 0x1B (IA32_APIC_BASE, which this CPU does not have: without
; the input's value RDMSR faults) and port 0x99 (nothing there):
;   MSR 0x1B = 0xFEE00900: writes to 0x5000 (a write outside SMRAM);
;   port 0x99 reads 0x42 then 0x43: a callout to 0x7100.
; Layout: msr:1b,io:99:2.

%include "apm-smi.inc"
        RELOCATE_AND_CLOSE
        cli
        hlt                             ; the fuzz point

        RELOC_STUB

handler:                                ; at 0xA8000
        in al, 0x99
        cmp al, 0x42
        jne .msr
        in al, 0x99
        cmp al, 0x43
        jne .msr
        jmp 0x0000:0x7100               ; trusting the port: a callout
.msr:
        mov ecx, 0x1B
        rdmsr
        cmp eax, 0xFEE00900
        jne .done
        xor ax, ax
        mov ds, ax
        mov dword [0x5000], eax         ; trusting the MSR: a write outside
.done:
        rsm
handler_end:

target:                                 ; at 0x7100, normal RAM
        jmp 0xA000:0x8000 + (handler.done - handler)
target_end:
