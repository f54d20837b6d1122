/* Decoding shared by the host bridges; see smram_inspect.h. */
#include "chipset/smram_inspect.h"

#include "mem/bus.h"

unsigned smram_compatible_views(uint8_t smram)
{
	if (!(smram & SMRAM_G_SMRAME))
		return 0;
	if (smram & SMRAM_D_OPEN)
		return BUS_VIS_NORMAL | BUS_VIS_SMM;
	return (smram & SMRAM_D_CLS) ? BUS_VIS_SMM_CODE : BUS_VIS_SMM;
}

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
