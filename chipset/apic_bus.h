/* What travels between the I/O APIC and the local APIC (and from a local
 * APIC's ICR to the local APICs it addresses): an interrupt message with
 * the fields the SDM's ICR and the 82093AA's redirection entries share
 * (SDM Vol.3A §10.6.1, 82093AA datasheet §3.2.4). */
#ifndef SMMBOX_CHIPSET_APIC_BUS_H
#define SMMBOX_CHIPSET_APIC_BUS_H

#include <stdbool.h>
#include <stdint.h>

/* Delivery modes, bits 10:8 of the ICR, an LVT or a redirection entry. */
enum apic_delivery {
	APIC_DM_FIXED = 0,
	APIC_DM_LOWEST = 1,
	APIC_DM_SMI = 2,
	APIC_DM_REMOTE_READ = 3,  /* the ICR's only (P6) */
	APIC_DM_NMI = 4,
	APIC_DM_INIT = 5,
	APIC_DM_STARTUP = 6,      /* the ICR's only */
	APIC_DM_EXTINT = 7,
};

/* An interrupt message.  dest is the destination field (8 bits), read as
 * an APIC ID when physical, as a logical mask (matched against LDR under
 * DFR's model) when logical; level_trigger is the trigger mode (the
 * local APIC sets TMR and sends an EOI back for level-triggered ones). */
struct apic_msg {
	uint8_t vector;
	uint8_t mode;     /* enum apic_delivery */
	uint8_t dest;
	bool logical;
	bool level_trigger;
};

/* The sending end of the APIC bus: a message goes to every local APIC
 * whose destination matches (each checks for itself). */
struct apic_bus {
	void (*send)(void *opaque, const struct apic_msg *msg);
	void *opaque;
};

/* The end-of-interrupt message a local APIC broadcasts to the I/O APICs
 * for a level-triggered vector. */
struct apic_eoi {
	void (*eoi)(void *opaque, uint8_t vector);
	void *opaque;
};

#endif
