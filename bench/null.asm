; null.asm - exits at once; run-bench times it to subtract QEMU's start-up
; and shut-down time from the other runs.  8 instructions with the hlt.

%include "bench.inc"

start:
        cli
        FINISH
