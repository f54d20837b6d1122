/* The Q35 memory controller hub (MCH, PCI 0:0.0, 8086:29C0) as QEMU's q35
 * machine has it: its memory-routing registers turned into region
 * visibility (Intel 3 Series Express Chipset Family datasheet, "DRAM
 * Controller Registers"; QEMU hw/pci-host/q35.c for what QEMU adds).
 *
 * PCIEXBAR (0x60, 64 bits): PCIEXBAREN (bit 0) maps the PCI Express
 * memory-mapped configuration space (ECAM) of LENGTH (bits 2:1: 256, 128
 * or 64 MiB; 11 reserved, nothing mapped) at the base in bits 31:26;
 * configuration accesses there reach bus 0's devices, 4 KiB a function;
 * offsets past a conventional device's 256 bytes, other buses and absent
 * functions read all ones.  A base above 4 GiB maps nothing (the bus has 32
 * address bits).  The CPU reaches it; bus masters do not.
 *
 * PAM0-PAM6 (0x90-0x96): shadow RAM, as pam.h.
 *
 * SMRAM (0x9D) has the i440FX's bits (i440fx.h) and drives the
 * compatible SMRAM the same way: the A-segment, or with ESMRAMC.H_SMRAME
 * the high SMRAM at 0xFEDA0000-0xFEDBFFFF showing DRAM's A-segment bytes
 * (the A-segment then always goes to the PCI side, the VGA window).
 *
 * ESMRAMC (0x9E): T_EN (bit 0) with G_SMRAME makes the top TSEG_SZ of low
 * memory (bits 2:1: 1, 2 or 8 MiB; 11: QEMU's extended TSEG, 16 MiB)
 * TSEG: reached by SMM code and data only.  Outside SMM and for bus
 * masters it reads as all ones and drops writes; D_OPEN does not open it
 * (as QEMU's MCH: firmware opens TSEG by clearing T_EN, which leaves it
 * plain DRAM).  The cache bits 5:3 read as set.
 *
 * D_LCK (SMRAM bit 4) is set-only until reset: it clears D_OPEN and leaves
 * only D_CLS writable in SMRAM and nothing in ESMRAMC.
 *
 * QEMU's extended-TSEG register (0x50, 16 bits): writing 0xFFFF makes it
 * read the extended TSEG's size in MiB.  QEMU's SMBASE register (0x9C)
 * is absent, reading 0: OVMF uses it only for CPU hotplug, which this
 * board does not offer (etc/smi/supported-features).  The other device
 * registers (0x40-0xFF) hold what is written, as QEMU's do: OVMF keeps
 * TSEG's base in TSEGMB (0xAC) and reads it back. */
#ifndef SMMBOX_CHIPSET_Q35_MCH_H
#define SMMBOX_CHIPSET_Q35_MCH_H

#include "chipset/pam.h"
#include "chipset/pci.h"
#include "chipset/smram_inspect.h"
#include "mem/bus.h"

#define MCH_EXT_TSEG_MBYTES 0x50
#define MCH_EXT_TSEG_QUERY  0xFFFF
#define MCH_PCIEXBAR        0x60
#define MCH_PAM0            0x90
#define MCH_SMBASE          0x9C
#define MCH_SMRAM           0x9D
#define MCH_ESMRAMC         0x9E

#define ESMRAMC_H_SMRAME   0x80
#define ESMRAMC_CACHE_BITS 0x38   /* E_SMERR clear, SM_CACHE, SM_L1, SM_L2 */
#define ESMRAMC_TSEG_SZ    0x06
#define ESMRAMC_T_EN       0x01

#define PCIEXBAR_EN 0x1

#define MCH_EXT_TSEG_MB 16           /* QEMU's default ext-tseg-mbytes */
#define MCH_TSEG_MAX (MCH_EXT_TSEG_MB << 20)
#define MCH_TSEG_PIECES 4            /* 1, 1, 6 and 8 MiB, from the top */
#define MCH_HIGH_SMRAM 0xFEDA0000u
#define MCH_ECAM_LENGTHS 3

struct q35_mch {
	struct pci_device pci;
	struct bus *bus;
	struct pci_bus *pci_bus;     /* what ECAM reaches */
	uint32_t low_top;            /* the end of low DRAM: TSEG ends there */
	int aseg_region, hseg_region;
	/* DRAM's aliases over the top MCH_TSEG_MAX of low memory, each TSEG
	 * for the sizes that cover it, plain RAM otherwise. */
	int tseg_piece[MCH_TSEG_PIECES];
	int ecam_region[MCH_ECAM_LENGTHS];   /* 256, 128, 64 MiB */
	struct pam pam;
};

/* Attach to pci, the bus its ECAM reaches, and add the SMRAM, TSEG and
 * shadow-RAM aliases of dram (a RAM region holding all of guest memory
 * from address 0; low_top, at least 32 MiB, is where low memory ends: the
 * caller maps plain RAM up to low_top - MCH_TSEG_MAX only). */
void q35_mch_attach(struct q35_mch *h, struct pci_bus *pci, struct bus *bus, int dram,
		    uint32_t low_top);
void q35_mch_reset(struct q35_mch *h);

/* TSEG's size for an ESMRAMC value (0 when T_EN is clear). */
uint32_t q35_mch_tseg_size(uint8_t esmramc);
/* What the SMRAM, ESMRAMC and PAM registers mean now. */
void q35_mch_inspect(const struct q35_mch *h, struct smram_info *info);

#endif
