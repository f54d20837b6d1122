; A ROM that says something and then computes for ever: a POST code
; (0x42), on the debug console and on COM1 a line ("line from the
; guest") and a prompt with no newline yet ("prompt> "), then a loop with
; no output.  run-cli checks all of it has reached its file or pipe while
; the guest still runs.
        bits 16
        org 0
start:
        cli
        cld
        mov ax, cs
        mov ds, ax
        mov al, 0x42
        out 0x80, al
        mov dx, 0xE9
        call puts
        mov dx, 0x3F8
        call puts
spin:   jmp spin

; Write the message to port dx.
puts:   mov si, msg
.next:  lodsb
        test al, al
        jz .done
        out dx, al
        jmp .next
.done:  ret

msg:    db "line from the guest", 10, "prompt> ", 0

        times 0xFFF0 - ($ - $$) db 0xFF
        jmp 0xF000:start
        times 0x10000 - ($ - $$) db 0xFF
