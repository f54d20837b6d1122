; hello.asm - the demo ROM: greets on the debug console (port 0xE9), walks
; POST codes 0x01..0x10 through port 0x80, prints the last one, and stops
; with cli; hlt (which ends an smmbox run).  Port 0xF4 ends a QEMU run
; (isa-debug-exit); elsewhere the write is dropped.
;
; Expected console output:
;   smmbox demo ROM: hello from the debug console
;   smmbox demo ROM: POST code 0x10

        bits 16
        org 0

start:
        cli
        cld
        xor ax, ax
        mov ss, ax
        mov sp, 0x7000
        mov ax, cs
        mov ds, ax
        mov al, 0x01
        out 0x80, al
        mov si, msg_hello
        call puts
        ; stages 0x02 .. 0x10
        mov al, 0x01
.stage: inc al
        out 0x80, al
        cmp al, 0x10
        jb .stage
        mov si, msg_post
        call puts
        call hex8
        mov al, 10
        out 0xE9, al
        xor al, al
        out 0xF4, al
        cli
        hlt
        jmp $

; puts: print the NUL-terminated string at DS:SI.  Keeps AL's caller value.
puts:
        push ax
.l:     lodsb
        test al, al
        jz .d
        out 0xE9, al
        jmp .l
.d:     pop ax
        ret

; hex8: print AL as two hex digits.
hex8:
        push ax
        shr al, 4
        call .digit
        pop ax
        push ax
        and al, 0x0F
        call .digit
        pop ax
        ret
.digit: add al, '0'
        cmp al, '9'
        jbe .o
        add al, 'A' - '0' - 10
.o:     out 0xE9, al
        ret

msg_hello:  db "smmbox demo ROM: hello from the debug console", 10, 0
msg_post:   db "smmbox demo ROM: POST code 0x", 0

        times 0xFFF0 - ($ - $$) db 0xFF
reset:  jmp 0xF000:start
        times 0x10000 - ($ - $$) db 0xFF
