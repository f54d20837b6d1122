/* The board: see board.h. */
#define _POSIX_C_SOURCE 200809L
#include "chipset/board.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Read a BIOS image whose size is a whole number of 64 KiB and at most
 * 16 MiB; one line on stderr otherwise. */
static uint8_t *load_bios(const char *path, uint32_t *size_out)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "smmbox: cannot open BIOS image %s: %s\n", path, strerror(errno));
		return NULL;
	}
	uint8_t *buf = NULL;
	struct stat st;
	long size = -1;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		size = (long)st.st_size;
	if (size < 0) {
		fprintf(stderr, "smmbox: BIOS image %s is not a regular file\n", path);
	} else if (size == 0 || size % BOARD_BIOS_ALIGN || size > (long)BOARD_MAX_BIOS) {
		fprintf(stderr, "smmbox: BIOS image %s is %ld bytes: it must be a non-zero "
			"multiple of 64 KiB, at most 16 MiB\n", path, size);
	} else if (!(buf = malloc((size_t)size))) {
		fprintf(stderr, "smmbox: out of memory\n");
	} else if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "smmbox: cannot read BIOS image %s\n", path);
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*size_out = (uint32_t)size;
	return buf;
}

/* Guest RAM is one region seen through aliases: the low 640 KiB and
 * everything from 1 MiB are plain memory; 0xA0000-0xFFFFF is reached
 * only as the i440FX routes it (SMRAM, shadow RAM).  The BIOS is at the
 * top of the 4 GiB space with its last 128 KiB below 1 MiB, under shadow
 * RAM (priority 1). */
static void add_memory(struct board *b)
{
	uint32_t alias = b->bios_size < BOARD_LOW_ALIAS ? b->bios_size : BOARD_LOW_ALIAS;
	uint32_t low = b->ram_size < 0xA0000 ? b->ram_size : 0xA0000;
	b->dram = bus_add_ram(b->bus, "dram", 0, b->ram_size, 0, 0, b->ram);
	bus_add_alias(b->bus, "ram-low", 0, low & BUS_PAGE_MASK, 0, BUS_VIS_ALL, b->dram, 0);
	if (b->ram_size > 0x100000)
		bus_add_alias(b->bus, "ram-high", 0x100000, b->ram_size - 0x100000, 0,
			      BUS_VIS_ALL, b->dram, 0x100000);
	bus_add_rom(b->bus, "bios", (uint32_t)(0x100000000ull - b->bios_size), b->bios_size,
		    1, BUS_VIS_ALL, b->bios);
	bus_add_rom(b->bus, "bios-low", 0x100000 - alias, alias, 1, BUS_VIS_ALL,
		    b->bios + b->bios_size - alias);
}

/* The PIIX3 ISA bridge (0:1.0) as a header only, so that function 3 of
 * device 1 is found (a multi-function device is scanned through its
 * function 0); its registers come with the PC platform. */
static void add_isa_bridge(struct board *b)
{
	struct pci_device *d = &b->isa_bridge;
	pci_init_header(d, 0x8086, 0x7000, 0x00, 0x060100);
	d->config[0x0E] = 0x80; /* multi-function */
	d->name = "piix3-isa";
	d->devfn = PCI_DEVFN(1, 0);
	pci_add_device(&b->pci, d);
}

struct board *board_new(const struct board_config *cfg)
{
	if (cfg->ram_mb < 1 || cfg->ram_mb > 3072) {
		fprintf(stderr, "smmbox: -m %u: memory must be 1 to 3072 MiB\n", cfg->ram_mb);
		return NULL;
	}
	struct board *b = calloc(1, sizeof(*b));
	if (!b) {
		fprintf(stderr, "smmbox: out of memory\n");
		return NULL;
	}
	b->bios = load_bios(cfg->bios_path, &b->bios_size);
	b->ram_size = cfg->ram_mb << 20;
	b->ram = calloc(1, b->ram_size);
	if (!b->bios || !b->ram) {
		if (b->bios && !b->ram)
			fprintf(stderr, "smmbox: cannot allocate %u MiB of guest RAM\n", cfg->ram_mb);
		board_free(b);
		return NULL;
	}
	b->bus = bus_new();
	add_memory(b);
	pci_bus_attach(&b->pci, b->bus);
	i440fx_attach(&b->host_bridge, &b->pci, b->bus, b->dram);
	add_isa_bridge(b);
	piix4_pm_attach(&b->pm, &b->pci, b->bus);
	vga_mem_attach(&b->vga, b->bus);
	debugcon_attach(&b->debugcon, b->bus, cfg->debugcon);
	postcode_attach(&b->postcode, b->bus, cfg->postcode);
	return b;
}

void board_connect(struct board *b, const struct line *smi,
		   uint64_t (*clock_ns)(void *opaque), void *clock_opaque)
{
	b->pm.smi = smi;
	b->pm.clock_ns = clock_ns;
	b->pm.clock_opaque = clock_opaque;
}

void board_free(struct board *b)
{
	if (!b)
		return;
	bus_free(b->bus);
	free(b->ram);
	free(b->bios);
	free(b);
}
