/* QEMU's firmware configuration interface, the I/O-port form: a 16-bit
 * selector at 0x510 and a data byte at 0x511 reading the selected item
 * sequentially (QEMU docs/specs/fw_cfg.rst).  The DMA interface is not
 * offered (ID bit 1 clear), so firmware reads byte by byte. */
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

static struct fw_cfg_item *find(struct fw_cfg *f, uint16_t key)
{
	for (unsigned k = 0; k < f->nitems; k++)
		if (f->items[k].key == key)
			return &f->items[k];
	return NULL;
}

static void add_item(struct fw_cfg *f, uint16_t key, const char *name,
		     const void *data, uint32_t size)
{
	if (f->nitems == FW_CFG_MAX_ITEMS) {
		fprintf(stderr, "smmbox: too many fw_cfg items (adding %s)\n", name ? name : "?");
		return;
	}
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
		n += f->items[k].key >= SEL_FILE_FIRST;
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
		if (it->key < SEL_FILE_FIRST)
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

void fw_cfg_add_file(struct fw_cfg *f, const char *name, const void *data, uint32_t size)
{
	add_item(f, f->next_file_key++, name, data, size);
	rebuild_directory(f);
}

static void add_le(struct fw_cfg *f, uint16_t key, uint64_t v, unsigned size)
{
	uint8_t b[8];
	for (unsigned k = 0; k < size; k++)
		b[k] = (uint8_t)(v >> (8 * k));
	add_item(f, key, NULL, b, size);
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

static void fw_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct fw_cfg *f = opaque;
	(void)size;
	if (offset == 0) {
		f->selector = (uint16_t)value;
		f->offset = 0;
	}
}

static const struct bus_io_ops fw_ops = { fw_read, fw_write };

void fw_cfg_attach(struct fw_cfg *f, struct bus *bus, uint32_t ram_size)
{
	memset(f, 0, sizeof(*f));
	f->next_file_key = SEL_FILE_FIRST;
	add_item(f, SEL_SIGNATURE, NULL, "QEMU", 4);
	add_le(f, SEL_ID, 1, 4);                /* traditional interface only */
	add_le(f, SEL_RAM_SIZE, ram_size, 8);
	add_le(f, SEL_NB_CPUS, 1, 2);
	add_le(f, SEL_MAX_CPUS, 1, 2);
	add_item(f, SEL_FILE_DIR, NULL, "\0\0\0\0", 4);
	/* The memory map: all of RAM from 0 (the firmware carves out its own
	 * reservations), type 1. */
	uint8_t e820[20] = { 0 };
	for (unsigned k = 0; k < 8; k++)
		e820[8 + k] = (uint8_t)((uint64_t)ram_size >> (8 * k));
	e820[16] = 1;
	fw_cfg_add_file(f, "etc/e820", e820, sizeof(e820));
	bus_add_ports(bus, 0x510, 2, &fw_ops, f);
}

void fw_cfg_free(struct fw_cfg *f)
{
	for (unsigned k = 0; k < f->nitems; k++)
		free(f->items[k].data);
	f->nitems = 0;
}

void fw_cfg_reset(struct fw_cfg *f)
{
	f->selector = 0;
	f->offset = 0;
}
