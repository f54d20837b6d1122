/* What a host bridge's SMRAM and shadow-RAM routing means now, for the
 * debugger and the SMM checks, which ask here instead of reading the
 * bridge's configuration bytes.  The struct is the host bridge's, not the
 * i440FX's: the i440FX fills it (board_inspect_smram()), and a Q35 MCH
 * fills the same one (its SMRAM register at 0x9D has the i440FX's bits;
 * its TSEG is one more range). */
#ifndef SMMBOX_CHIPSET_SMRAM_INSPECT_H
#define SMMBOX_CHIPSET_SMRAM_INSPECT_H

#include <stdbool.h>
#include <stdint.h>

/* The SMRAM register's bits (82441FX datasheet, "SMRAM"; the same in
 * the Q35 MCH's). */
#define SMRAM_D_OPEN   0x40
#define SMRAM_D_CLS    0x20
#define SMRAM_D_LCK    0x10
#define SMRAM_G_SMRAME 0x08
#define SMRAM_C_BASE_SEG_MASK 0x07

#define SMRAM_INSPECT_RANGES 4   /* room for the A-segment, H-segment, TSEG */
#define SMRAM_INSPECT_PAM    13  /* PAM0's one segment, PAM1-6's two each */
#define SMRAM_RANGE_REGIONS  4   /* the bus regions one range is made of, at most */

/* The SMRAM control register, raw and by field (82441FX datasheet,
 * "SMRAM - System Management RAM Control Register"). */
struct smram_control {
	uint8_t offset;       /* in the host bridge's PCI configuration space */
	uint8_t raw;          /* its value now */
	bool d_open;          /* SMRAM open to accesses outside SMM */
	bool d_cls;           /* SMM data accesses go to the PCI side */
	bool d_lck;           /* D_OPEN and D_LCK locked until reset */
	bool g_smrame;        /* SMRAM enabled at all */
	uint8_t c_base_seg;   /* bits 2:0; 010 is the A-segment */
};

/* An SMRAM range and the views that reach it now: in SMM code fetches
 * (BUS_VIS_SMM_CODE) and data accesses (BUS_VIS_SMM_DATA), outside SMM
 * when open (BUS_VIS_NORMAL); never bus masters.  A view not in `views`
 * reaches whatever lies under it (the PCI side: VGA for the A-segment). */
struct smram_range {
	const char *name;     /* "A-segment", "TSEG" */
	uint32_t base, size;
	unsigned views;       /* BUS_VIS_* */
	/* The bus regions those views reach: DRAM's aliases. */
	int region[SMRAM_RANGE_REGIONS];
	unsigned nregions;
};

/* Where reads and writes of a shadow-RAM segment go (82441FX datasheet,
 * "PAM[6:0] - Programmable Attribute Map Registers": the two-bit field's
 * encoding). */
enum smram_pam_mode {
	SMRAM_PAM_PCI,          /* 00: both to the PCI side (ROM) */
	SMRAM_PAM_READ_DRAM,    /* 01: reads DRAM, writes PCI */
	SMRAM_PAM_WRITE_DRAM,   /* 10: reads PCI, writes DRAM */
	SMRAM_PAM_DRAM,         /* 11: both DRAM */
};

struct smram_pam_segment {
	uint32_t base, size;
	enum smram_pam_mode mode;
	unsigned reg;         /* the n of PAMn, the register that holds it */
	uint8_t offset;       /* that register's offset in configuration space */
	uint8_t raw;          /* that register's value now */
};

struct smram_info {
	const char *host_bridge;  /* "i440FX" */
	struct smram_control smram;
	unsigned nranges;
	struct smram_range range[SMRAM_INSPECT_RANGES];
	unsigned npam;            /* PAM0 to PAM6, each register's low nibble first */
	struct smram_pam_segment pam[SMRAM_INSPECT_PAM];
};

/* The views that reach the compatible SMRAM (the i440FX's A-segment, the
 * Q35's A-segment or high SMRAM) for a value of the SMRAM register, by the
 * rules i440fx.h gives (BUS_VIS_* of mem/bus.h): none without G_SMRAME;
 * every CPU view with D_OPEN; else SMM code fetches, and SMM data
 * accesses unless D_CLS.  Never bus masters. */
unsigned smram_compatible_views(uint8_t smram);
/* The fields of an SMRAM register value at offset. */
struct smram_control smram_control_decode(uint8_t offset, uint8_t raw);
/* "PCI", "read DRAM", "write DRAM", "DRAM". */
const char *smram_pam_mode_name(enum smram_pam_mode mode);

#endif
