/* Decoding shared by the host bridges; see smram_inspect.h. */
#include "chipset/smram_inspect.h"

struct smram_control smram_control_decode(uint8_t offset, uint8_t raw)
{
	return (struct smram_control){
		.offset = offset, .raw = raw,
		.d_open = raw & SMRAM_D_OPEN, .d_cls = raw & SMRAM_D_CLS,
		.d_lck = raw & SMRAM_D_LCK, .g_smrame = raw & SMRAM_G_SMRAME,
		.c_base_seg = raw & SMRAM_C_BASE_SEG_MASK,
	};
}

const char *smram_pam_mode_name(enum smram_pam_mode mode)
{
	static const char *const names[] = { "PCI", "read DRAM", "write DRAM", "DRAM" };
	return names[mode & 3];
}
