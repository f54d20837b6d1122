; A bootable disk image, assembled at test time: a boot sector that
; reports on the debug console (ports 0x402 and 0xE9, both BIOSes' and
; QEMU's), prints through INT 10h, reads the following sectors through
; INT 13h (CHS, then the extended LBA read where the BIOS has it), checks
; that each holds its own sector number, and ends with cli; hlt.
; The lines are "PASS name", "FAIL name", then "DONE passes failures".
        bits 16
        org 0x7C00

SECTORS equ 15                 ; data sectors after the boot sector

start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        sti
        mov [drive], dl
        mov si, msg_hello
        call print
        ; INT 13h AH=02h: read SECTORS sectors from C0 H0 S2 to 0x8000
        mov ax, 0x0200 | SECTORS
        mov cx, 0x0002
        xor dh, dh
        mov dl, [drive]
        mov bx, 0x8000
        int 0x13
        mov si, t_chs_read
        call check_cf
        mov bx, 0x8000
        mov si, t_chs_data
        call check_data
        ; INT 13h AH=41h/42h: extended read of the same sectors to 0xA000
        mov ah, 0x41
        mov bx, 0x55AA
        mov dl, [drive]
        int 0x13
        jc .no_ext
        cmp bx, 0xAA55
        jne .no_ext
        mov ah, 0x42
        mov dl, [drive]
        mov si, dap
        int 0x13
        mov si, t_ext_read
        call check_cf
        mov bx, 0xA000
        mov si, t_ext_data
        call check_data
.no_ext:
        mov si, msg_done
        call print
        mov al, [passes]
        call print_digit
        mov al, ' '
        call putc
        mov al, [failures]
        call print_digit
        mov al, 10
        call putc
        cli
        hlt
        jmp $

; CF clear: PASS name (si) else FAIL name
check_cf:
        jc fail
pass:   inc byte [passes]
        push si
        mov si, msg_pass
        call print
        pop si
        call print
        mov al, 10
        jmp putc
fail:   inc byte [failures]
        push si
        mov si, msg_fail
        call print
        pop si
        call print
        mov al, 10
        jmp putc

; Every byte of sector k (k = 1..SECTORS) at bx + 512*(k-1) must be k.
check_data:
        push si
        mov cx, SECTORS
        mov dl, 1
.sector:
        push cx
        mov cx, 512
.byte:  cmp [bx], dl
        jne .bad
        inc bx
        loop .byte
        pop cx
        inc dl
        loop .sector
        pop si
        clc
        jmp check_cf
.bad:   pop cx
        pop si
        stc
        jmp check_cf

; Print the zero-terminated string at si on the debug console and screen.
print:  lodsb
        test al, al
        jz .end
        call putc
        jmp print
.end:   ret

; The console gets LF; the screen CR LF.
putc:   push dx
        push bx
        push ax
        mov dx, 0x402
        out dx, al
        mov bx, 7
        cmp al, 10
        jne .char
        mov ax, 0x0E0D
        int 0x10
        mov al, 10
.char:  mov ah, 0x0E
        int 0x10
        pop ax
        pop bx
        pop dx
        ret

print_digit:
        add al, '0'
        jmp putc

msg_hello:  db "smmbox boot sector running", 10, 0
msg_pass:   db "PASS ", 0
msg_fail:   db "FAIL ", 0
msg_done:   db "DONE ", 0
t_chs_read: db "int13_chs_read", 0
t_chs_data: db "int13_chs_data", 0
t_ext_read: db "int13_ext_read", 0
t_ext_data: db "int13_ext_data", 0
drive:      db 0
passes:     db 0
failures:   db 0
dap:        db 0x10, 0
            dw SECTORS
            dw 0xA000, 0
            dq 1

        times 510 - ($ - $$) db 0
        dw 0xAA55

; The data sectors: sector k filled with the byte k.
%assign k 1
%rep SECTORS
        times 512 db k
%assign k k + 1
%endrep
; Pad to one full cylinder of 16 heads x 63 sectors.
        times 16 * 63 * 512 - ($ - $$) db 0
