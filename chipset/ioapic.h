/* The I/O APIC of a PC chipset, as the 82093AA has it (82093AA datasheet
 * §3): the index and data registers IOREGSEL (0x00) and IOWIN (0x10) in
 * the page at 0xFEC00000, the ID, version (0x00170011: version 0x11, 24
 * entries) and arbitration ID registers, and 24 redirection entries, each
 * turning an input pin into a message on the APIC bus: vector, delivery
 * mode, physical or logical destination, pin polarity, edge or level
 * trigger with its remote IRR (set when a level-triggered interrupt is
 * sent, cleared by the local APIC's EOI for its vector), mask.  A masked
 * edge is lost (the datasheet); a level held while masked is sent when
 * unmasked.  A message is sent at once, so delivery status (bit 12)
 * always reads idle. */
#ifndef SMMBOX_CHIPSET_IOAPIC_H
#define SMMBOX_CHIPSET_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include "chipset/apic_bus.h"
#include "chipset/apic_inspect.h"
#include "mem/bus.h"
#include "mem/line.h"

#define IOAPIC_BASE    0xFEC00000u
#define IOAPIC_PINS    24
#define IOAPIC_VERSION 0x00170011u

/* The register window's indexes and the memory offsets. */
#define IOAPIC_IOREGSEL 0x00u
#define IOAPIC_IOWIN    0x10u
#define IOAPIC_REG_ID   0x00u
#define IOAPIC_REG_VER  0x01u
#define IOAPIC_REG_ARB  0x02u
#define IOAPIC_REG_REDIR 0x10u  /* entry n: low half 0x10+2n, high half 0x11+2n */

/* A redirection entry's bits (82093AA §3.2.4). */
#define IOAPIC_LOGICAL    0x800u
#define IOAPIC_ACTIVE_LOW 0x2000u
#define IOAPIC_REMOTE_IRR 0x4000u
#define IOAPIC_LEVEL      0x8000u
#define IOAPIC_MASKED     0x10000u

struct ioapic;

/* What a line received by pin n is bound to. */
struct ioapic_input {
	struct ioapic *io;
	unsigned pin;
};

struct ioapic {
	uint8_t regsel;
	uint8_t id, arb_id;          /* bits 27:24 of their registers */
	uint64_t redir[IOAPIC_PINS];
	uint32_t irr;                /* pins requesting: an edge not yet sent, a level held */
	uint32_t level;              /* the pins' levels as driven */
	struct apic_bus out;         /* to the local APIC(s) */
	struct ioapic_input input[IOAPIC_PINS];
};

/* Map the page at IOAPIC_BASE (seen by the CPU, not by bus masters, as
 * the PIIX3 decodes it for the CPU) and reset. */
void ioapic_attach(struct ioapic *io, struct bus *bus);
/* Power-on: every entry masked, edge, active high, vector 0; ID 0. */
void ioapic_reset(struct ioapic *io);

/* Register accesses as the CPU makes them: IOREGSEL takes its low byte
 * from a write of any size, IOWIN only 4-byte accesses (as QEMU); the
 * rest of the page reads 0 and ignores writes. */
uint32_t ioapic_read(struct ioapic *io, uint32_t offset, unsigned size);
void ioapic_write(struct ioapic *io, uint32_t offset, uint32_t value, unsigned size);

/* Drive input pin (0-23) to level. */
void ioapic_set_irq(struct ioapic *io, unsigned pin, bool level);
/* A line whose receiver is pin; valid while io is. */
struct line ioapic_input_line(struct ioapic *io, unsigned pin);

/* A local APIC's EOI for vector: the level-triggered entries of that
 * vector with remote IRR set clear it, and one still asserted is sent
 * again. */
void ioapic_eoi(void *opaque, uint8_t vector);

/* Whether an interrupt on pin would be sent now: its entry is unmasked
 * (and, level-triggered, not waiting for an EOI); *msg is what it would
 * send. */
bool ioapic_would_send(const struct ioapic *io, unsigned pin, struct apic_msg *msg);

/* What the I/O APIC holds, without side effects. */
void ioapic_inspect(const struct ioapic *io, struct ioapic_info *out);

#endif
