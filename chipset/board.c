/* The board: see board.h. */
#include "chipset/board.h"

#include "chipset/board_firmware.h"
#include "chipset/board_fw_cfg.h"
#include "chipset/host_file.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static uint64_t now_ns(void *opaque)
{
	return board_now(opaque);
}

/* What the BIOSes read from CMOS: base memory 640 KiB (0x15-0x16),
 * extended memory in KiB up to 63 MiB (0x17-0x18, 0x30-0x31), memory
 * above 16 MiB in 64 KiB units (0x34-0x35), the equipment byte (VGA, a
 * PS/2 mouse), the century, one CPU (0x5F). */
static void fill_cmos(struct board *b)
{
	struct rtc *r = &b->rtc;
	uint32_t ext_kb = b->ram_size > 0x100000 ? (b->ram_size - 0x100000) / 1024 : 0;
	uint32_t above16 = b->ram_size > 0x1000000 ? (b->ram_size - 0x1000000) / 65536 : 0;
	if (ext_kb > 0xFC00)
		ext_kb = 0xFC00;
	if (above16 > 0xFFFF)
		above16 = 0xFFFF;
	rtc_set_cmos(r, 0x15, 0x80);
	rtc_set_cmos(r, 0x16, 0x02);
	rtc_set_cmos(r, 0x17, (uint8_t)ext_kb);
	rtc_set_cmos(r, 0x18, (uint8_t)(ext_kb >> 8));
	rtc_set_cmos(r, 0x30, (uint8_t)ext_kb);
	rtc_set_cmos(r, 0x31, (uint8_t)(ext_kb >> 8));
	rtc_set_cmos(r, 0x34, (uint8_t)above16);
	rtc_set_cmos(r, 0x35, (uint8_t)(above16 >> 8));
	rtc_set_cmos(r, 0x14, 0x04);
	rtc_set_cmos(r, 0x5F, 0);
	/* The Bochs BIOS's boot order: 0x3D low nibble the first device
	 * (2: the hard disk), high nibble the second (3: CD); 0x38 bits 7-4
	 * the third, bit 0 clear: check the floppy boot signature. */
	rtc_set_cmos(r, 0x3D, 0x32);
	rtc_set_cmos(r, 0x38, 0x10);
}

/* Guest RAM is one region seen through aliases: the low 640 KiB and
 * everything from 1 MiB are plain memory; 0xA0000-0xFFFFF is reached
 * only as the host bridge routes it (SMRAM, shadow RAM). */
static void add_memory(struct board *b)
{
	uint32_t low = b->ram_size < 0xA0000 ? b->ram_size : 0xA0000;
	/* On the Q35 the MCH maps the top of low memory itself (TSEG). */
	uint32_t high_end = b->chipset == BOARD_Q35 ? b->ram_size - MCH_TSEG_MAX : b->ram_size;
	b->dram = bus_add_ram(b->bus, "dram", 0, b->ram_size, 0, 0, b->ram);
	bus_add_alias(b->bus, "ram-low", 0, low & BUS_PAGE_MASK, 0, BUS_VIS_ALL, b->dram, 0);
	if (high_end > 0x100000)
		bus_add_alias(b->bus, "ram-high", 0x100000, high_end - 0x100000, 0,
			      BUS_VIS_ALL, b->dram, 0x100000);
}

/* The VGA adapter and its BIOS: the image as ROM at 0xC0000 at priority
 * 1, under the i440FX shadow RAM that PAM routes over it (the Bochs BIOS
 * scans there), and as the fw_cfg file SeaBIOS runs VGA ROMs from. */
static void add_vga(struct board *b)
{
	vga_attach(&b->vga, b->bus);
	b->vga.clock_ns = now_ns;
	b->vga.clock_opaque = b;
	if (!b->vga_rom.bytes)
		return;
	bus_add_rom(b->bus, "vga-rom", VGA_ROM_BASE, b->vga_rom.mapped_size, 1, BUS_VIS_ALL,
		    b->vga_rom.bytes);
	fw_cfg_add_file(&b->fw_cfg, "vgaroms/vgabios.bin", b->vga_rom.bytes, b->vga_rom.size);
}

/* The PIIX3 reset control register at 0xCF9 (PIIX3 datasheet "RC"):
 * a 0-to-1 transition of RCPU (bit 2) resets the machine. */
static uint32_t rcr_read(void *opaque, uint32_t offset, unsigned size)
{
	(void)offset;
	(void)size;
	return ((struct board *)opaque)->reset_control;
}

static void rcr_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct board *b = opaque;
	(void)offset;
	(void)size;
	bool start = (value & 4) && !(b->reset_control & 4);
	b->reset_control = (uint8_t)(value & 0x06);
	if (start) {
		b->reset_control = 0;
		line_pulse(b->reset_control_reset);
	}
}

static const struct bus_io_ops rcr_ops = { rcr_read, rcr_write };

/* A PIRQ route control register written: the PIRQs move to their new
 * ISA IRQs. */
static void isa_bridge_written(struct pci_device *d, unsigned offset, unsigned size)
{
	struct board *b = d->opaque;
	if (offset < 0x64 && offset + size > 0x60)
		irq_route_update(&b->irq_route);
}

/* The PIIX3 ISA bridge (0:1.0): its header, so that function 3 of device
 * 1 is found (a multi-function device is scanned through its function
 * 0), and the PIRQ route registers. */
static void add_isa_bridge(struct board *b)
{
	struct pci_device *d = &b->isa_bridge;
	pci_init_header(d, 0x8086, 0x7000, 0x00, 0x060100);
	d->config[0x0E] = 0x80; /* multi-function */
	/* PIRQ route control 0x60-0x63 (irq_route.h), routing disabled. */
	for (unsigned k = 0; k < 4; k++) {
		d->config[0x60 + k] = IRQ_ROUTE_DISABLE;
		d->wmask[0x60 + k] = 0x8F;
	}
	d->written = isa_bridge_written;
	d->opaque = b;
	d->name = "piix3-isa";
	d->devfn = PCI_DEVFN(1, 0);
	pci_add_device(&b->pci, d);
}

/* The local APIC's acknowledge, or the 8259s' when it passes an ExtINT
 * (or is globally disabled). */
static uint8_t apic_inta(void *opaque)
{
	struct board *b = opaque;
	int vector = lapic_acknowledge(&b->lapic);
	return vector >= 0 ? (uint8_t)vector : pic_acknowledge(&b->pic);
}

/* The I/O APIC, the local APIC when the CPU has one, and the lines from
 * the devices to them and to the 8259s (irq_route.h), the PIRQs routed by
 * the PIIX3's or the ICH9's route registers. */
static void add_interrupt_controllers(struct board *b, bool local_apic)
{
	ioapic_attach(&b->ioapic, b->bus);
	const uint8_t *pirq_route = b->chipset == BOARD_Q35 ? ich9_lpc_pirq_route(&b->lpc)
							   : &b->isa_bridge.config[0x60];
	irq_route_attach(&b->irq_route, &b->pic, &b->ioapic, pirq_route);
	for (unsigned irq = 0; irq < BOARD_ISA_IRQS; irq++)
		b->isa_irq[irq] = irq_route_isa_line(&b->irq_route, irq);
	for (unsigned n = 0; n < IRQ_ROUTE_PIRQ; n++)
		b->pirq[n] = irq_route_pirq_line(&b->irq_route, n);
	b->has_local_apic = local_apic;
	if (!local_apic)
		return;
	lapic_attach(&b->lapic, b->bus, &b->timers);
	b->lapic_lint0 = lapic_lint0_line(&b->lapic);
	b->lapic_perf = lapic_perf_line(&b->lapic);
	b->pic.intr = &b->lapic_lint0;
	b->ioapic.out = (struct apic_bus){ lapic_receive, &b->lapic };
	b->lapic.eoi = (struct apic_eoi){ ioapic_eoi, &b->ioapic };
	bus_set_inta(b->bus, apic_inta, b);
}

/* The host bridge, the south bridge and the interrupt controllers of the
 * board's chipset, with the reset control register both have at 0xCF9
 * (the ICH9's RST_CNT has the PIIX3's RCPU bit). */
static void add_chipset(struct board *b, bool local_apic)
{
	bus_add_ports(b->bus, 0xCF9, 1, &rcr_ops, b);
	pic_attach(&b->pic, b->bus);
	if (b->chipset == BOARD_Q35) {
		q35_mch_attach(&b->mch, &b->pci, b->bus, b->dram, b->ram_size);
		add_interrupt_controllers(b, local_apic);
		ich9_lpc_attach(&b->lpc, &b->pci, b->bus, &b->timers, &b->isa_irq[ICH9_SCI_IRQ],
				&b->fw_cfg);
		return;
	}
	i440fx_attach(&b->host_bridge, &b->pci, b->bus, b->dram);
	add_isa_bridge(b);
	add_interrupt_controllers(b, local_apic);
	piix4_pm_attach(&b->pm, &b->pci, b->bus, &b->timers, &b->isa_irq[PM_SCI_IRQ]);
}

/* COM1's input script, read whole. */
static bool add_serial_input(struct board *b, const struct board_config *cfg)
{
	size_t len;
	b->serial_input = host_file_read(cfg->serial_input_path, "serial input", 16u << 20, &len);
	if (!b->serial_input)
		return false;
	uart_set_input(&b->com1, b->serial_input, len, cfg->serial_input_after);
	return true;
}

/* The memory each chipset takes (the Q35's TSEG needs room below it),
 * and a disk only where there is a disk controller. */
static bool config_fits(const struct board_config *cfg)
{
	if (cfg->hda_path && cfg->chipset == BOARD_Q35) {
		fprintf(stderr, "smmbox: --hda: the q35 machine has no disk controller "
			"(the ICH9's AHCI is not modelled)\n");
		return false;
	}
	unsigned lo = cfg->chipset == BOARD_Q35 ? 32 : 1;
	unsigned hi = cfg->chipset == BOARD_Q35 ? 2048 : 3072;
	if (cfg->ram_mb >= lo && cfg->ram_mb <= hi)
		return true;
	fprintf(stderr, "smmbox: -m %u: memory must be %u to %u MiB on the %s machine\n",
		cfg->ram_mb, lo, hi, cfg->chipset == BOARD_Q35 ? "q35" : "pc");
	return false;
}

struct board *board_new(const struct board_config *cfg)
{
	if (!config_fits(cfg))
		return NULL;
	struct board *b = calloc(1, sizeof(*b));
	if (!b) {
		fprintf(stderr, "smmbox: out of memory\n");
		return NULL;
	}
	bool firmware = board_load_firmware(b, cfg);
	b->ram_size = cfg->ram_mb << 20;
	b->ram = calloc(1, b->ram_size);
	if (!firmware || !b->ram) {
		if (firmware && !b->ram)
			fprintf(stderr, "smmbox: cannot allocate %u MiB of guest RAM\n", cfg->ram_mb);
		board_free(b);
		return NULL;
	}
	if (cfg->vga_rom_path && !vga_rom_load(&b->vga_rom, cfg->vga_rom_path)) {
		board_free(b);
		return NULL;
	}
	b->bus = bus_new();
	b->chipset = cfg->chipset;
	add_memory(b);
	board_map_firmware(b);
	b->timers.now = now_ns;
	b->timers.now_opaque = b;
	pci_bus_attach(&b->pci, b->bus);
	fw_cfg_attach(&b->fw_cfg, b->bus, b->ram_size);
	add_chipset(b, cfg->local_apic);
	pit_attach(&b->pit, b->bus, &b->timers, &b->isa_irq[0]);
	rtc_attach(&b->rtc, b->bus, &b->timers, &b->isa_irq[8], cfg->rtc_base);
	fill_cmos(b);
	kbc_attach(&b->kbc, b->bus, &b->isa_irq[1], &b->isa_irq[12]);
	add_vga(b);
	if (!board_add_fw_cfg(b, cfg)) {
		board_free(b);
		return NULL;
	}
	uart_attach(&b->com1, b->bus, 0x3F8, &b->isa_irq[4], cfg->serial, &b->timers);
	if (cfg->serial_input_path && !add_serial_input(b, cfg)) {
		board_free(b);
		return NULL;
	}
	if (cfg->chipset == BOARD_PC)
		ide_attach(&b->ide, &b->pci, b->bus, &b->isa_irq[14], &b->isa_irq[15]);
	if (cfg->hda_path) {
		if (!ide_disk_open(&b->hda, cfg->hda_path)) {
			board_free(b);
			return NULL;
		}
		b->ide.ch[0].disk[0] = &b->hda;
		ide_reset(&b->ide);
	}
	debugcon_attach(&b->debugcon, b->bus, cfg->debugcon);
	postcode_attach(&b->postcode, b->bus, cfg->postcode);
	fpu_error_attach(&b->fpu_error, b->bus, &b->isa_irq[13]);
	return b;
}

void board_connect(struct board *b, const struct board_lines *lines,
		   uint64_t (*instructions)(void *opaque), void *opaque)
{
	b->instructions = instructions;
	b->instructions_opaque = opaque;
	b->pm.smi = b->lpc.smi = lines->smi;
	b->pm.acpi.poweroff = b->lpc.acpi.poweroff = lines->poweroff;
	if (b->has_local_apic) {
		b->lapic.intr = lines->intr;
		b->lapic.nmi = lines->nmi;
		b->lapic.smi = lines->apic_smi;
		b->lapic.init = lines->init;
	} else {
		b->pic.intr = lines->intr;
	}
	b->kbc.a20m = lines->a20m;
	b->kbc.reset = lines->reset;
	b->reset_control_reset = lines->reset_control;
	b->fpu_error.ignne = lines->ignne;
	kbc_reset(&b->kbc);   /* drive A20 now that the line is connected */
}

void board_inspect_smram(const struct board *b, struct smram_info *info)
{
	if (b->chipset == BOARD_Q35)
		q35_mch_inspect(&b->mch, info);
	else
		i440fx_inspect(&b->host_bridge, info);
}

void board_inspect_apic(const struct board *b, struct apic_info *info)
{
	*info = (struct apic_info){ .has_local_apic = b->has_local_apic };
	if (b->has_local_apic)
		lapic_inspect(&b->lapic, board_now(b), &info->local);
	ioapic_inspect(&b->ioapic, &info->io);
}

void board_set_apic_base(struct board *b, uint64_t msr)
{
	if (b->has_local_apic)
		lapic_set_base(&b->lapic, msr);
}

uint64_t board_now(const struct board *b)
{
	return (b->instructions ? b->instructions(b->instructions_opaque) : 0) + b->idle_ns;
}

/* Whether a request on ISA IRQ irq would reach the CPU now: through the
 * 8259s when their INTR does (no local APIC, or one that passes it), or
 * through the I/O APIC to a local APIC that delivers. */
static bool isa_irq_reaches_cpu(const struct board *b, unsigned irq)
{
	bool apic = b->has_local_apic;
	if (pic_would_interrupt(&b->pic, irq) && (!apic || lapic_passes_8259(&b->lapic)))
		return true;
	struct apic_msg m;
	return apic && ioapic_would_send(&b->ioapic, irq_route_isa_pin(irq), &m) &&
	       lapic_would_interrupt(&b->lapic, &m);
}

bool board_can_interrupt(const struct board *b)
{
	return (pit_will_interrupt(&b->pit) && isa_irq_reaches_cpu(b, 0)) ||
	       (rtc_may_interrupt(&b->rtc) && isa_irq_reaches_cpu(b, 8)) ||
	       (b->chipset == BOARD_PC && piix4_pm_may_interrupt(&b->pm) &&
		isa_irq_reaches_cpu(b, PM_SCI_IRQ)) ||
	       (b->chipset == BOARD_Q35 && acpi_pm_may_interrupt(&b->lpc.acpi) &&
		isa_irq_reaches_cpu(b, ICH9_SCI_IRQ)) ||
	       (uart_may_interrupt(&b->com1) && isa_irq_reaches_cpu(b, 4)) ||
	       (b->has_local_apic && lapic_timer_may_interrupt(&b->lapic));
}

void board_reset(struct board *b)
{
	b->reset_control = 0;
	if (b->chipset == BOARD_Q35) {
		q35_mch_reset(&b->mch);
		ich9_lpc_reset(&b->lpc);
	} else {
		i440fx_reset(&b->host_bridge);
		piix4_pm_reset(&b->pm);
	}
	pic_reset(&b->pic);
	ioapic_reset(&b->ioapic);
	if (b->has_local_apic)
		lapic_reset(&b->lapic);
	pit_reset(&b->pit);
	rtc_reset(&b->rtc);
	kbc_reset(&b->kbc);
	fw_cfg_reset(&b->fw_cfg);
	vga_reset(&b->vga);
	uart_reset(&b->com1);
	if (b->chipset == BOARD_PC)
		ide_reset(&b->ide);
	fpu_error_reset(&b->fpu_error);
	for (unsigned k = 0; k < b->nflash; k++)
		pflash_reset(&b->flash[k]);
}

struct board_snapshot {
	struct board board;
	struct bus_routing *routing;
	uint8_t *ram;
	uint8_t *flash[BOARD_MAX_PFLASH];   /* the writable flashes' bytes */
};

/* Copy the bytes of the flashes that can change into s; false when out
 * of memory. */
static bool snapshot_flashes(const struct board *b, struct board_snapshot *s)
{
	for (unsigned k = 0; k < b->nflash; k++) {
		const struct pflash *f = &b->flash[k];
		if (f->readonly)
			continue;
		s->flash[k] = malloc(f->size);
		if (!s->flash[k])
			return false;
		memcpy(s->flash[k], f->bytes, f->size);
	}
	return true;
}

/* Put the flashes' bytes back where they changed, dropping the decoded
 * code taken from them. */
static void restore_flashes(struct board *b, const struct board_snapshot *s)
{
	for (unsigned k = 0; k < b->nflash; k++) {
		struct pflash *f = &b->flash[k];
		if (!s->flash[k] || memcmp(f->bytes, s->flash[k], f->size) == 0)
			continue;
		memcpy(f->bytes, s->flash[k], f->size);
		bus_region_changed(b->bus, f->rom, 0, f->size);
	}
}

struct board_snapshot *board_snapshot(const struct board *b)
{
	struct board_snapshot *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->board = *b;
	s->routing = bus_routing_save(b->bus);
	s->ram = malloc(b->ram_size);
	if (!s->routing || !s->ram || !snapshot_flashes(b, s)) {
		board_snapshot_free(s);
		return NULL;
	}
	memcpy(s->ram, b->ram, b->ram_size);
	return s;
}

void board_restore(struct board *b, const struct board_snapshot *s)
{
	*b = s->board;
	memcpy(b->ram, s->ram, b->ram_size);
	restore_flashes(b, s);
	bus_routing_restore(b->bus, s->routing);
}

void board_rewind_start(struct board *b)
{
	bus_dirty_clear(b->bus, b->dram);
}

void board_rewind(struct board *b, const struct board_snapshot *s)
{
	/* Video memory is most of the board; every write to it counts a
	 * change, so when the count is the snapshot's it is the snapshot's. */
	bool vram_same = b->vga.changes == s->board.vga.changes;
	size_t vram_at = offsetof(struct board, vga) + offsetof(struct vga, vram);
	size_t vram_end = vram_at + sizeof(b->vga.vram);
	memcpy(b, &s->board, vram_at);
	memcpy((uint8_t *)b + vram_end, (const uint8_t *)&s->board + vram_end,
	       sizeof(*b) - vram_end);
	if (!vram_same)
		memcpy(b->vga.vram, s->board.vga.vram, sizeof(b->vga.vram));
	bus_dirty_restore(b->bus, b->dram, s->ram);
	restore_flashes(b, s);
	bus_routing_restore(b->bus, s->routing);
}

void board_snapshot_free(struct board_snapshot *s)
{
	if (!s)
		return;
	bus_routing_free(s->routing);
	free(s->ram);
	for (unsigned k = 0; k < BOARD_MAX_PFLASH; k++)
		free(s->flash[k]);
	free(s);
}

size_t board_snapshot_bytes(const struct board_snapshot *s)
{
	size_t flash = 0;
	for (unsigned k = 0; k < s->board.nflash; k++)
		flash += s->flash[k] ? s->board.flash[k].size : 0;
	return sizeof(*s) + bus_routing_bytes(s->routing) + s->board.ram_size + flash;
}

void board_set_outputs(struct board *b, FILE *debugcon, FILE *postcode, FILE *serial)
{
	b->debugcon.out = debugcon;
	b->postcode.out = postcode;
	b->com1.out = serial;
}

void board_free(struct board *b)
{
	if (!b)
		return;
	fw_cfg_free(&b->fw_cfg);
	ide_disk_close(&b->hda);
	bus_free(b->bus);
	free(b->ram);
	free(b->serial_input);
	board_free_firmware(b);
	vga_rom_free(&b->vga_rom);
	free(b);
}
