; mix32-smram.asm - the mix32 loop with SMRAM configured as firmware
; leaves it (G_SMRAME on, SMBASE relocated to 0xA0000 in SMRAM; see
; smram.inc), to compare MIPS with mix32 without SMRAM.
; 390,000,031 + SMRAM_SETUP_INSNS = 390,000,063 instructions.

%define SMRAM
%include "mix32.asm"
