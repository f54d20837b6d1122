/* The APM control and status ports at 0xB2 and 0xB3, which both south
 * bridges have (the PIIX4's APMC/APMS, the ICH9's APM_CNT/APM_STS; QEMU
 * hw/isa/apm.c): a write to the control port is stored and passed to the
 * bridge, which decides what it does (an SMI, ACPI enable); the status
 * port is a scratch register firmware passes a byte to its SMI handler in.
 * Both read back what was written. */
#ifndef SMMBOX_CHIPSET_APM_H
#define SMMBOX_CHIPSET_APM_H

#include <stdint.h>

#include "mem/bus.h"

typedef void (*apm_command_fn)(void *opaque, uint8_t command);

struct apm {
	uint8_t control, status;
	apm_command_fn command;   /* after each write to the control port */
	void *opaque;
};

void apm_attach(struct apm *a, struct bus *bus, apm_command_fn command, void *opaque);
void apm_reset(struct apm *a);

#endif
