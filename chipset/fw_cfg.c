/* QEMU's firmware configuration interface, the I/O-port form: a 16-bit
 * selector at 0x510 and a data byte at 0x511 reading the selected item
 * sequentially, and the DMA interface at 0x514 (QEMU docs/specs/fw_cfg.rst):
 * the guest writes the physical address of an access descriptor, big-endian,
 * high half at 0x514 then low half at 0x518, which starts the transfer.
 * DMA goes through the bus's bus-master view, so it never reaches SMRAM. */
#include "chipset/fw_cfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEL_SIGNATURE 0x0000
#define SEL_ID        0x0001
#define SEL_RAM_SIZE  0x0003
#define SEL_NB_CPUS   0x0005
#define SEL_MAX_CPUS  0x000F
#define SEL_FILE_DIR  0x0019
#define SEL_FILE_FIRST 0x0020
#define SEL_ARCH_LOCAL 0x8000   /* QEMU's FW_CFG_ARCH_LOCAL: x86's items, not files */
#define SEL_IRQ0_OVERRIDE (SEL_ARCH_LOCAL + 2)

#define ID_TRADITIONAL 0x1
#define ID_DMA         0x2

/* The descriptor's control word (big-endian in guest memory). */
#define DMA_ERROR  0x01
#define DMA_READ   0x02
#define DMA_SKIP   0x04
#define DMA_SELECT 0x08
#define DMA_WRITE  0x10

/* What reading the DMA address register gives: "QEMU CFG". */
#define DMA_SIGNATURE 0x51454D5520434647ull

/* Whether key is a named file's (the directory lists them). */
static bool is_file(uint16_t key)
{
	return key >= SEL_FILE_FIRST && key < SEL_ARCH_LOCAL;
}

static struct fw_cfg_item *find(struct fw_cfg *f, uint16_t key)
{
	for (unsigned k = 0; k < f->nitems; k++)
		if (f->items[k].key == key)
			return &f->items[k];
	return NULL;
}

const struct fw_cfg_item *fw_cfg_item(const struct fw_cfg *f, uint16_t key)
{
	return find((struct fw_cfg *)f, key);
}

/* False when the table is full. */
static bool add_item(struct fw_cfg *f, uint16_t key, const char *name,
		     const void *data, uint32_t size)
{
	if (f->nitems == FW_CFG_MAX_ITEMS)
		return false;
	struct fw_cfg_item *it = &f->items[f->nitems++];
	it->key = key;
	it->size = size;
	it->data = malloc(size ? size : 1);
	if (!it->data) {
		fprintf(stderr, "smmbox: out of memory\n");
		exit(2);
	}
	memcpy(it->data, data, size);
	snprintf(it->name, sizeof(it->name), "%s", name ? name : "");
	return true;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The file directory: a big-endian count, then per file its big-endian
 * size, selector, a reserved word and a 56-byte name. */
static void rebuild_directory(struct fw_cfg *f)
{
	struct fw_cfg_item *dir = find(f, SEL_FILE_DIR);
	uint32_t n = 0;
	for (unsigned k = 0; k < f->nitems; k++)
		n += is_file(f->items[k].key);
	uint32_t size = 4 + 64 * n;
	uint8_t *d = calloc(1, size);
	if (!d) {
		fprintf(stderr, "smmbox: out of memory\n");
		exit(2);
	}
	put_be32(d, n);
	uint8_t *e = d + 4;
	for (unsigned k = 0; k < f->nitems; k++) {
		const struct fw_cfg_item *it = &f->items[k];
		if (!is_file(it->key))
			continue;
		put_be32(e, it->size);
		e[4] = (uint8_t)(it->key >> 8);
		e[5] = (uint8_t)it->key;
		memcpy(e + 8, it->name, strlen(it->name));
		e += 64;
	}
	free(dir->data);
	dir->data = d;
	dir->size = size;
}

bool fw_cfg_has_file(const struct fw_cfg *f, const char *name)
{
	for (unsigned k = 0; k < f->nitems; k++)
		if (is_file(f->items[k].key) && strcmp(f->items[k].name, name) == 0)
			return true;
	return false;
}

bool fw_cfg_add_file(struct fw_cfg *f, const char *name, const void *data, uint32_t size)
{
	if (strlen(name) > FW_CFG_NAME_MAX || fw_cfg_has_file(f, name) ||
	    !add_item(f, f->next_file_key, name, data, size))
		return false;
	f->next_file_key++;
	rebuild_directory(f);
	return true;
}

bool fw_cfg_add_shared_file(struct fw_cfg *f, const char *name, uint8_t *data, uint32_t size,
			    bool writable, fw_cfg_select_fn on_select, void *opaque)
{
	if (!fw_cfg_add_file(f, name, data, 0))
		return false;
	struct fw_cfg_item *it = &f->items[f->nitems - 1];
	free(it->data);
	*it = (struct fw_cfg_item){ .key = it->key, .size = size, .data = data, .shared = true,
				    .writable = writable, .on_select = on_select,
				    .select_opaque = opaque };
	snprintf(it->name, sizeof(it->name), "%s", name);
	rebuild_directory(f);
	return true;
}

bool fw_cfg_add_bytes(struct fw_cfg *f, uint16_t key, const void *data, uint32_t size)
{
	if (is_file(key) || find(f, key))
		return false;
	return add_item(f, key, NULL, data, size);
}

static bool add_le(struct fw_cfg *f, uint16_t key, uint64_t v, unsigned size)
{
	uint8_t b[8];
	for (unsigned k = 0; k < size; k++)
		b[k] = (uint8_t)(v >> (8 * k));
	return fw_cfg_add_bytes(f, key, b, size);
}

bool fw_cfg_add_le32(struct fw_cfg *f, uint16_t key, uint32_t value)
{
	return add_le(f, key, value, 4);
}

static uint32_t fw_read(void *opaque, uint32_t offset, unsigned size)
{
	struct fw_cfg *f = opaque;
	if (offset == 0)
		return f->selector;             /* the selector reads back */
	uint32_t v = 0;
	const struct fw_cfg_item *it = find(f, f->selector);
	for (unsigned k = 0; k < size; k++) {
		uint8_t b = 0;
		if (it && f->offset < it->size)
			b = it->data[f->offset];
		f->offset++;
		v |= (uint32_t)b << (8 * k);
	}
	return v;
}

static void select_item(struct fw_cfg *f, uint16_t key)
{
	f->selector = key;
	f->offset = 0;
	const struct fw_cfg_item *it = find(f, key);
	if (it && it->on_select)
		it->on_select(it->select_opaque);
}

/* The data port takes no writes (QEMU dropped them in 2.4): items are
 * written only by DMA. */
static void fw_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	(void)size;
	if (offset == 0)
		select_item(opaque, (uint16_t)value);
}

static const struct bus_io_ops fw_ops = { fw_read, fw_write };

static uint32_t get_be32(struct bus *bus, uint32_t paddr)
{
	uint32_t v = 0;
	for (unsigned k = 0; k < 4; k++)
		v = v << 8 | bus_read(bus, BUS_VIEW_DMA, paddr + k, 1);
	return v;
}

/* Write LENGTH bytes from guest memory at ADDR into the selected item
 * from its offset on: DMA_ERROR, writing nothing, unless the item is
 * writable and holds them all, as QEMU's fw_cfg_dma_transfer() does. */
static uint32_t dma_write_item(struct fw_cfg *f, uint32_t addr, uint32_t length)
{
	struct fw_cfg_item *it = find(f, f->selector);
	if (length == 0)
		return 0;
	if (!it || !it->writable || f->offset >= it->size || length > it->size - f->offset)
		return DMA_ERROR;
	for (uint32_t k = 0; k < length; k++, f->offset++)
		it->data[f->offset] = (uint8_t)bus_read(f->bus, BUS_VIEW_DMA, addr + k, 1);
	return 0;
}

/* Carry out the descriptor at PADDR: select, then read, skip or write
 * LENGTH bytes of the item from or to guest memory at its address; the
 * control word is then written back as 0, or DMA_ERROR (a write to an item
 * that takes none or past its end, or an address beyond 4 GiB). */
static void dma_transfer(struct fw_cfg *f, uint32_t paddr)
{
	uint32_t control = get_be32(f->bus, paddr);
	uint32_t length = get_be32(f->bus, paddr + 4);
	uint32_t high = get_be32(f->bus, paddr + 8), addr = get_be32(f->bus, paddr + 12);
	uint32_t status = 0;
	if (control & DMA_SELECT)
		select_item(f, (uint16_t)(control >> 16));
	if (high && (control & (DMA_READ | DMA_WRITE)))
		status = DMA_ERROR;   /* beyond 4 GiB: no such memory here */
	else if (control & DMA_READ) {
		const struct fw_cfg_item *it = find(f, f->selector);
		for (uint32_t k = 0; k < length; k++, f->offset++) {
			uint8_t b = it && f->offset < it->size ? it->data[f->offset] : 0;
			bus_write(f->bus, BUS_VIEW_DMA, addr + k, b, 1);
		}
	} else if (control & DMA_WRITE) {
		status = dma_write_item(f, addr, length);
	} else if (control & DMA_SKIP) {
		f->offset += length;
	}
	for (unsigned k = 0; k < 4; k++)
		bus_write(f->bus, BUS_VIEW_DMA, paddr + k, status >> (24 - 8 * k) & 0xFF, 1);
}

/* The DMA address register, 0x514-0x51B: the signature reads back; the
 * halves are written big-endian, so a 32-bit OUT carries them byte-swapped. */
static uint32_t dma_read(void *opaque, uint32_t offset, unsigned size)
{
	(void)opaque;
	uint32_t v = 0;
	for (unsigned k = 0; k < size && offset + k < 8; k++)
		v |= (uint32_t)(DMA_SIGNATURE >> (56 - 8 * (offset + k)) & 0xFF) << (8 * k);
	return v;
}

static void dma_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct fw_cfg *f = opaque;
	for (unsigned k = 0; k < size && offset + k < 8; k++) {
		unsigned shift = 56 - 8 * (offset + k);
		f->dma_address = (f->dma_address & ~(0xFFull << shift)) |
				 (uint64_t)(value >> (8 * k) & 0xFF) << shift;
	}
	if (offset + size == 8) {   /* the low half's last byte: go */
		if (f->dma_address >> 32)
			return;           /* no descriptor can live beyond 4 GiB */
		dma_transfer(f, (uint32_t)f->dma_address);
	}
}

static const struct bus_io_ops dma_ops = { dma_read, dma_write };

void fw_cfg_attach(struct fw_cfg *f, struct bus *bus, uint32_t ram_size)
{
	memset(f, 0, sizeof(*f));
	f->bus = bus;
	f->next_file_key = SEL_FILE_FIRST;
	add_item(f, SEL_SIGNATURE, NULL, "QEMU", 4);
	add_le(f, SEL_ID, ID_TRADITIONAL | ID_DMA, 4);
	add_le(f, SEL_RAM_SIZE, ram_size, 8);
	add_le(f, SEL_NB_CPUS, 1, 2);
	add_le(f, SEL_MAX_CPUS, 1, 2);
	add_item(f, SEL_FILE_DIR, NULL, "\0\0\0\0", 4);
	/* The board wires ISA IRQ0 (the PIT) to I/O APIC pin 2, as QEMU's
	 * pc does: SeaBIOS's MADT and MP table then say so (an interrupt
	 * source override to GSI 2). */
	add_le(f, SEL_IRQ0_OVERRIDE, 1, 4);
	/* The memory map: all of RAM from 0 (the firmware carves out its own
	 * reservations), type 1. */
	uint8_t e820[20] = { 0 };
	for (unsigned k = 0; k < 8; k++)
		e820[8 + k] = (uint8_t)((uint64_t)ram_size >> (8 * k));
	e820[16] = 1;
	fw_cfg_add_file(f, "etc/e820", e820, sizeof(e820));
	bus_add_ports(bus, 0x510, 2, &fw_ops, f);
	bus_add_ports(bus, 0x514, 8, &dma_ops, f);
}

void fw_cfg_free(struct fw_cfg *f)
{
	for (unsigned k = 0; k < f->nitems; k++)
		if (!f->items[k].shared)
			free(f->items[k].data);
	f->nitems = 0;
}

void fw_cfg_reset(struct fw_cfg *f)
{
	f->selector = 0;
	f->offset = 0;
	f->dma_address = 0;
}
