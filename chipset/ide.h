/* The PIIX IDE function (PCI 0:1.1, 8086:7010) in compatibility mode: the
 * primary channel at 0x1F0-0x1F7/0x3F6 on IRQ 14 and the secondary at
 * 0x170-0x177/0x376 on IRQ 15, with ATA hard disks served by PIO
 * (ATA/ATAPI-4: IDENTIFY DEVICE, READ/WRITE SECTORS and MULTIPLE, with CHS,
 * LBA28 and LBA48 addressing).  Bus-master DMA is not offered. */
#ifndef SMMBOX_CHIPSET_IDE_H
#define SMMBOX_CHIPSET_IDE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "chipset/pci.h"
#include "mem/bus.h"
#include "mem/line.h"

struct ide_disk {
	FILE *file;
	uint64_t sectors;
	uint16_t cylinders, heads, spt; /* the default CHS translation */
	bool read_only;
};

struct ide_channel {
	struct ide_disk *disk[2];
	const struct line *irq;      /* high while an interrupt is pending, unless nIEN */
	/* Task file: the "previous" bytes serve LBA48 (high order). */
	uint8_t feature, count, count_prev, lba[3], lba_prev[3], select, status, error;
	uint8_t control;
	uint8_t buf[512 * 16];
	unsigned pos, len;           /* the data window of the current transfer */
	uint64_t next_lba;           /* the transfer's next sector */
	uint32_t remaining;          /* sectors left after the buffer */
	uint8_t multiple;            /* SET MULTIPLE MODE block size */
	bool multiple_transfer;      /* READ/WRITE MULTIPLE: blocks of `multiple` */
	bool writing;
	bool irq_pending;
};

struct ide;

/* What a channel's ports are bound to. */
struct ide_port {
	struct ide *ide;
	unsigned channel;
};

struct ide {
	struct pci_device pci;
	struct ide_channel ch[2];
	struct ide_port port[2];
	uint64_t reads, writes;      /* sectors transferred */
};

/* Open an image as the primary master; one line on stderr and false when
 * it cannot be used. */
bool ide_disk_open(struct ide_disk *d, const char *path);
void ide_disk_close(struct ide_disk *d);

/* primary_irq and secondary_irq: IRQ 14 and 15 on a PC. */
void ide_attach(struct ide *ide, struct pci_bus *pci, struct bus *bus,
		const struct line *primary_irq, const struct line *secondary_irq);
void ide_reset(struct ide *ide);

#endif
