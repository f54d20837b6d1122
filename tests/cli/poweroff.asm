; Switching the machine off as an ACPI OS does for S5: the PM function's
; I/O space placed at 0xB000 and enabled (PCI 00:01.3, PMBA at 0x40,
; PMREGMISC at 0x80), then PM1_CNT (PMBA + 4) written with SLP_EN and the
; soft-off sleep type 0.  smmbox ends the run at once, status 0, saying
; the guest powered the machine off; the loop after the write never runs.
        bits 16
        org 0
start:
        cli
        mov dx, 0xCF8                   ; PMBA: 0xB001 (I/O space at 0xB000)
        mov eax, 0x80000B40
        out dx, eax
        mov dx, 0xCFC
        mov eax, 0x0000B001
        out dx, eax
        mov dx, 0xCF8                   ; PMREGMISC: the I/O space on
        mov eax, 0x80000B80
        out dx, eax
        mov dx, 0xCFC
        mov al, 1
        out dx, al
        mov dx, 0xB004                  ; PM1_CNT: SLP_EN, SLP_TYP 0
        mov ax, 0x2000
        out dx, ax
spin:   jmp spin
        times 0xFFF0 - ($ - $$) db 0xFF
        jmp 0xF000:start
        times 0x10000 - ($ - $$) db 0xFF
