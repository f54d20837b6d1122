/* The shadow-RAM routing of the 0xC0000-0xFFFFF segments by seven PAM
 * registers, the same in the i440FX (PAM0 at config 0x59) and the Q35 MCH
 * (0x90): PAM0's high nibble routes 0xF0000-0xFFFFF, then each nibble of
 * PAM1-6, low first, a 16 KiB segment from 0xC0000 up.  A nibble's two
 * low bits say where reads and writes go (enum smram_pam_mode): DRAM
 * (shadow RAM) or the PCI side (the BIOS, option ROMs). */
#ifndef SMMBOX_CHIPSET_PAM_H
#define SMMBOX_CHIPSET_PAM_H

#include <stdint.h>

#include "chipset/smram_inspect.h"
#include "mem/bus.h"

#define PAM_SEGMENTS 13
#define PAM_REGISTERS 7

struct pam {
	int region[PAM_SEGMENTS];   /* DRAM's alias over each segment */
};

/* Add the segments' aliases of dram (all of guest memory from address
 * 0) at priority, over whatever the PCI side maps there below it. */
void pam_attach(struct pam *p, struct bus *bus, int dram, int priority);
/* Route the segments as the seven registers regs[0..6] say. */
void pam_route(const struct pam *p, struct bus *bus, const uint8_t *regs);
/* Fill info's PAM segments; pam0 is PAM0's configuration offset. */
void pam_inspect(const uint8_t *regs, uint8_t pam0, struct smram_info *info);

#endif
