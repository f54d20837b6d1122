/* The ICH9 LPC bridge (PCI 0:1f.0, 8086:2918) as QEMU's q35 machine has
 * it: the PM I/O space, the APM ports and the SMI they raise, the PIRQ
 * routing, the root complex register block, and QEMU's SMI feature
 * negotiation through fw_cfg (Intel I/O Controller Hub 9 datasheet, "LPC
 * Interface Bridge Registers" and "Power Management I/O Registers";
 * QEMU hw/isa/lpc_ich9.c for what QEMU adds).
 *
 * Configuration space: PMBASE (0x40, bits 15:7) with ACPI_CNTL.ACPI_EN
 * (0x44 bit 7) maps the 128-byte PM I/O space; the SCI is ISA IRQ 9
 * (ACPI_CNTL's SCI_IRQ_SEL is kept but not followed: it is 0, IRQ 9, on
 * QEMU and under OVMF).  PIRQA-D (0x60-0x63) route as irq_route.h says;
 * PIRQE-H (0x68-0x6B) are kept, with no device on them.  GEN_PMCON_1
 * (0xA0): SMI_LOCK (bit 4) is set-only until reset and locks
 * SMI_EN.GBL_SMI_EN.  RCBA (0xF0, bits 31:14, enable bit 0) maps the
 * 16 KiB root complex register block, kept as plain registers.  The
 * other device registers (0x40-0xFF) hold what is written, as QEMU's do.
 *
 * PM I/O space: the ACPI PM1 block and timer (acpi_pm.h) at 0; GPE0_STS
 * (0x20, write 1 to clear) and GPE0_EN (0x28); SMI_EN (0x30): GBL_SMI_EN
 * (bit 0), EOS (bit 1, kept: QEMU's model, which OVMF expects, does not
 * hold SMIs until EOS), APMC_EN (bit 5); SMI_STS (0x34, write 1 to
 * clear): APM_STS (bit 5); the rest are kept as written.
 *
 * APM: a write to APM_CNT (0xB2) sets SMI_STS.APM_STS and raises an SMI
 * when GBL_SMI_EN and APMC_EN are set; the ACPI enable and disable
 * commands QEMU's ICH9 takes (0x02, 0x03) set and clear PM1_CNT.SCI_EN
 * instead and raise none.  APM_STS (0xB3) is a scratch register.
 *
 * The SMI features (QEMU's "etc/smi/supported-features",
 * "requested-features" and "features-ok"): this board offers only the
 * broadcast SMI (bit 0; one CPU, so every SMI reaches every CPU), no CPU
 * hotplug.  Selecting features-ok locks in the requested features when
 * they are a subset of those offered and reads 1 from then on; 0 else. */
#ifndef SMMBOX_CHIPSET_ICH9_LPC_H
#define SMMBOX_CHIPSET_ICH9_LPC_H

#include <stdint.h>

#include "chipset/acpi_pm.h"
#include "chipset/apm.h"
#include "chipset/fw_cfg.h"
#include "chipset/pci.h"
#include "chipset/timer.h"
#include "mem/bus.h"
#include "mem/line.h"

#define ICH9_PMBASE      0x40
#define ICH9_ACPI_CNTL   0x44
#define ICH9_ACPI_EN     0x80
#define ICH9_PIRQA_ROUT  0x60
#define ICH9_PIRQE_ROUT  0x68
#define ICH9_GEN_PMCON_1 0xA0
#define ICH9_SMI_LOCK    0x10
#define ICH9_RCBA        0xF0
#define ICH9_RCBA_SIZE   0x4000
#define ICH9_PM_IO_SIZE  0x80

#define ICH9_GPE0_STS 0x20
#define ICH9_GPE0_EN  0x28
#define ICH9_SMI_EN   0x30
#define ICH9_SMI_STS  0x34
#define ICH9_GBL_SMI_EN 0x01u
#define ICH9_EOS        0x02u
#define ICH9_APMC_EN    0x20u
#define ICH9_APM_STS    0x20u

#define ICH9_APM_ACPI_ENABLE  0x02
#define ICH9_APM_ACPI_DISABLE 0x03
#define ICH9_SMI_F_BROADCAST  0x01u
#define ICH9_SCI_IRQ 9

struct ich9_lpc {
	struct pci_device pci;
	struct bus *bus;
	int pm_ports, rcba_region;
	struct acpi_pm acpi;                  /* PM1 and the timer; the SCI */
	uint8_t pm_regs[ICH9_PM_IO_SIZE];     /* the rest of the PM I/O space */
	struct apm apm;                       /* 0xB2, 0xB3 */
	uint8_t rcrb[ICH9_RCBA_SIZE];
	/* QEMU's SMI feature negotiation, little-endian as fw_cfg gives it. */
	uint8_t smi_supported[8], smi_requested[8], smi_features_ok;
	uint64_t smi_negotiated;
	const struct line *smi;               /* to the CPU's SMI# */
	uint64_t apm_smis;
};

/* Attach to pci, with the PM timer on timers, the SCI on sci, and the
 * SMI feature files in fw_cfg. */
void ich9_lpc_attach(struct ich9_lpc *l, struct pci_bus *pci, struct bus *bus,
		     struct timer_queue *timers, const struct line *sci, struct fw_cfg *fw_cfg);
void ich9_lpc_reset(struct ich9_lpc *l);
/* The PIRQA-D route registers, for irq_route_attach(). */
const uint8_t *ich9_lpc_pirq_route(const struct ich9_lpc *l);

#endif
