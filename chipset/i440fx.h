/* The i440FX PCI and memory controller (PMC, PCI 0:0.0, 8086:1237): its
 * memory-routing registers turned into region visibility.
 *
 * SMRAM (config 0x72; 82441FX datasheet, "SMRAM - System Management RAM
 * Control Register"): C_BASE_SEG is hard-wired to the A-segment; with
 * G_SMRAME set, the DRAM at 0xA0000-0xBFFFF is SMRAM:
 *  - outside SMM it is reached only while D_OPEN is set;
 *  - in SMM, code fetches always reach it, data accesses reach it unless
 *    D_CLS is set (then they go to the PCI side: the VGA window);
 *  - D_OPEN with D_CLS (the datasheet says software must not set both):
 *    D_OPEN wins, as in the datasheet's decoding table - every access,
 *    in SMM or not, code or data, reaches SMRAM;
 *  - D_LCK is set-only until reset; it clears D_OPEN and makes D_OPEN
 *    and D_LCK read-only.
 * Bus masters never reach SMRAM (the DMA view).
 *
 * PAM0-PAM6 (0x59-0x5F) route the shadow-RAM segments (pam.h). */
#ifndef SMMBOX_CHIPSET_I440FX_H
#define SMMBOX_CHIPSET_I440FX_H

#include "chipset/pam.h"
#include "chipset/pci.h"
#include "chipset/smram_inspect.h"
#include "mem/bus.h"

#define I440FX_PAM0  0x59
#define I440FX_SMRAM 0x72

#define SMRAM_C_BASE_SEG 0x02  /* 010: the A-segment, hard-wired */

struct i440fx {
	struct pci_device pci;
	struct bus *bus;
	uint8_t smram;  /* the register as last settled, for D_LCK */
	int smram_region;
	struct pam pam;
};

/* Attach to the PCI bus and add the SMRAM and shadow-RAM aliases of
 * dram (a RAM region holding all of guest memory from address 0). */
void i440fx_attach(struct i440fx *h, struct pci_bus *pci, struct bus *bus, int dram);
void i440fx_reset(struct i440fx *h);

/* What the SMRAM and PAM registers mean now. */
void i440fx_inspect(const struct i440fx *h, struct smram_info *info);

#endif
