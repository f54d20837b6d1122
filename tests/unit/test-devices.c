/* Unit tests of the PC devices through their ports, on a bus of their
 * own with a test clock: the 8259 pair, the 8254, the RTC, the 8042 with
 * A20 and reset, the 16550, fw_cfg, the IDE disk and the PIIX4 PM function
 * (its SCI, ACPI enable and soft off).  Devices reach the
 * 8259s through ISA IRQ lines that also log every level driven, so a test
 * can say exactly which line a device raised. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chipset/fw_cfg.h"
#include "chipset/ide.h"
#include "chipset/kbc.h"
#include "chipset/pic.h"
#include "chipset/piix4_pm.h"
#include "chipset/pit.h"
#include "chipset/postcode.h"
#include "chipset/rtc.h"
#include "chipset/timer.h"
#include "chipset/uart.h"

#define IRQ_LOG 256

struct fixture;

/* What ISA IRQ line n is bound to. */
struct irq_probe {
	struct fixture *f;
	unsigned irq;
};

struct fixture {
	struct bus *bus;
	struct timer_queue timers;
	uint64_t now;
	struct pic pic;
	struct irq_probe probe[16];
	struct line irq[16];
	char irq_log[IRQ_LOG];   /* "0+0-": IRQ0 driven high, then low */
	struct line intr;
	bool intr_level;
	unsigned resets;
	bool a20_masked;
	struct line reset, a20m;
};

static uint64_t clock_now(void *opaque)
{
	return ((struct fixture *)opaque)->now;
}

static void set_intr(void *opaque, bool level)
{
	((struct fixture *)opaque)->intr_level = level;
}

static void on_reset(void *opaque, bool level)
{
	if (level)
		((struct fixture *)opaque)->resets++;
}

static void on_a20m(void *opaque, bool level)
{
	((struct fixture *)opaque)->a20_masked = level;
}

/* An ISA IRQ line: logged, then received by the 8259 input of its number. */
static void on_irq(void *opaque, bool level)
{
	const struct irq_probe *p = opaque;
	char *log = p->f->irq_log;
	size_t len = strlen(log);
	snprintf(log + len, IRQ_LOG - len, "%u%c", p->irq, level ? '+' : '-');
	pic_set_irq(&p->f->pic, p->irq, level);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->bus = bus_new();
	f->timers.now = clock_now;
	f->timers.now_opaque = f;
	f->intr = (struct line){ set_intr, f };
	f->reset = (struct line){ on_reset, f };
	f->a20m = (struct line){ on_a20m, f };
	pic_attach(&f->pic, f->bus);
	f->pic.intr = &f->intr;
	for (unsigned n = 0; n < 16; n++) {
		f->probe[n] = (struct irq_probe){ f, n };
		f->irq[n] = (struct line){ on_irq, &f->probe[n] };
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	bus_free(f->bus);
	free(f);
	return 0;
}

static void out8(struct fixture *f, uint16_t port, uint8_t v)
{
	bus_out(f->bus, port, v, 1);
}

static uint8_t in8(struct fixture *f, uint16_t port)
{
	return (uint8_t)bus_in(f->bus, port, 1);
}

/* The BIOSes' initialisation: vectors 0x08 and 0x70, cascade on IRQ2. */
static void init_pics(struct fixture *f)
{
	static const uint8_t m[] = { 0x11, 0x08, 0x04, 0x01 }, s[] = { 0x11, 0x70, 0x02, 0x01 };
	out8(f, 0x20, m[0]); out8(f, 0x21, m[1]); out8(f, 0x21, m[2]); out8(f, 0x21, m[3]);
	out8(f, 0xA0, s[0]); out8(f, 0xA1, s[1]); out8(f, 0xA1, s[2]); out8(f, 0xA1, s[3]);
	out8(f, 0x21, 0x00);
	out8(f, 0xA1, 0x00);
}

static void test_pic_vectors_priority_and_eoi(void **state)
{
	struct fixture *f = *state;
	init_pics(f);
	pic_set_irq(&f->pic, 4, true);
	pic_set_irq(&f->pic, 1, true);
	assert_true(f->intr_level);
	assert_int_equal(pic_acknowledge(&f->pic), 0x09);        /* IRQ1 outranks IRQ4 */
	assert_false(f->intr_level);                             /* IRQ4 waits for EOI */
	out8(f, 0x20, 0x20);                                     /* non-specific EOI */
	assert_true(f->intr_level);
	assert_int_equal(pic_acknowledge(&f->pic), 0x0C);
	out8(f, 0x20, 0x20);
	pic_set_irq(&f->pic, 14, true);                          /* through the slave */
	assert_int_equal(pic_acknowledge(&f->pic), 0x76);
	out8(f, 0x0B, 0);
	out8(f, 0x20, 0x0B);                                     /* read the ISR */
	assert_int_equal(in8(f, 0x20), 0x04);                    /* IRQ2 in service */
	out8(f, 0xA0, 0x20);
	out8(f, 0x20, 0x20);
	out8(f, 0x21, 0x02);                                     /* mask IRQ1 */
	pic_set_irq(&f->pic, 1, false);
	pic_set_irq(&f->pic, 1, true);
	assert_false(f->intr_level);
	assert_int_equal(pic_acknowledge(&f->pic), 0x0F);        /* spurious IRQ7 */
}

static void test_pic_level_triggered_follows_line(void **state)
{
	struct fixture *f = *state;
	init_pics(f);
	out8(f, 0x4D1, 0x02);                                    /* IRQ9 level */
	pic_set_irq(&f->pic, 9, true);
	assert_true(f->intr_level);
	pic_set_irq(&f->pic, 9, false);
	assert_false(f->intr_level);
}

/* Whether a new request would raise INTR: not on a masked input, nor on
 * the slave's with IRQ2 masked, nor below IRQ0 in service (which
 * outranks every other); again after the EOI. */
static void test_pic_would_interrupt_follows_masks_and_service(void **state)
{
	struct fixture *f = *state;
	init_pics(f);
	assert_true(pic_would_interrupt(&f->pic, 0));
	assert_true(pic_would_interrupt(&f->pic, 9));
	assert_false(pic_would_interrupt(&f->pic, 2));           /* the cascade: no device's */
	out8(f, 0x21, 0x01);
	assert_false(pic_would_interrupt(&f->pic, 0));
	out8(f, 0x21, 0x04);
	assert_true(pic_would_interrupt(&f->pic, 0));
	assert_false(pic_would_interrupt(&f->pic, 9));           /* IRQ2 masked */
	out8(f, 0x21, 0x00);
	pic_set_irq(&f->pic, 0, true);
	assert_int_equal(pic_acknowledge(&f->pic), 0x08);
	assert_false(pic_would_interrupt(&f->pic, 0));           /* IRQ0 in service */
	assert_false(pic_would_interrupt(&f->pic, 9));
	out8(f, 0x20, 0x20);
	assert_true(pic_would_interrupt(&f->pic, 9));
}

static void test_pit_mode2_counts_and_raises_irq0(void **state)
{
	struct fixture *f = *state;
	struct pit pit;
	init_pics(f);
	pit_attach(&pit, f->bus, &f->timers, &f->irq[0]);
	out8(f, 0x43, 0x34);                                     /* ch0, lo/hi, mode 2 */
	out8(f, 0x40, 0x9C);
	out8(f, 0x40, 0x2E);                                     /* 11932: 100 Hz */
	f->now = 1000000;                                        /* 1 ms: 1193 ticks */
	out8(f, 0x43, 0x00);                                     /* latch */
	unsigned v = in8(f, 0x40);
	v |= (unsigned)in8(f, 0x40) << 8;
	assert_int_equal(v, 11932 - 1193);
	/* The first terminal count: 11932 ticks of 1.193182 MHz, rounded up
	 * to whole nanoseconds: 10000151 ns after the load at time 0. */
	assert_int_equal(timer_next_deadline(&f->timers), 10000151);
	f->now = timer_next_deadline(&f->timers);
	timer_run_due(&f->timers, f->now);
	assert_int_equal(pit.irq0_count, 1);
	assert_string_equal(f->irq_log, "0+0-");                 /* a pulse on IRQ0 only */
	assert_int_equal(pic_acknowledge(&f->pic), 0x08);
}

/* Mode 4, Linux's one-shot clock event: OUT high while counting, low for
 * the tick at terminal count, and IRQ0 at its rising edge, once. */
static void test_pit_mode4_strobe_raises_irq0_once(void **state)
{
	struct fixture *f = *state;
	struct pit pit;
	init_pics(f);
	pit_attach(&pit, f->bus, &f->timers, &f->irq[0]);
	out8(f, 0x43, 0x38);                                     /* ch0, lo/hi, mode 4 */
	out8(f, 0x40, 100);
	out8(f, 0x40, 0);
	out8(f, 0x43, 0xE2);                                     /* read back ch0's status */
	assert_int_equal(in8(f, 0x40) & 0x80, 0x80);             /* OUT high */
	/* 101 ticks of 1.193182 MHz, rounded up: 84648 ns. */
	assert_int_equal(timer_next_deadline(&f->timers), 84648);
	f->now = timer_next_deadline(&f->timers);
	timer_run_due(&f->timers, f->now);
	assert_int_equal(pit.irq0_count, 1);
	assert_string_equal(f->irq_log, "0+0-");
	assert_int_equal(timer_next_deadline(&f->timers), TIMER_NEVER);
	assert_false(pit_will_interrupt(&pit));
}

/* The last POSTCODE_HISTORY codes are kept, newest first. */
static void test_postcode_keeps_recent_codes(void **state)
{
	struct fixture *f = *state;
	struct postcode p;
	uint8_t code;
	postcode_attach(&p, f->bus, NULL);
	assert_false(postcode_recent(&p, 0, &code));
	for (unsigned k = 0; k < POSTCODE_HISTORY + 3; k++)
		out8(f, 0x80, (uint8_t)(0x10 + k));
	assert_int_equal(in8(f, 0x80), 0x10 + POSTCODE_HISTORY + 2);
	assert_true(postcode_recent(&p, 0, &code));
	assert_int_equal(code, 0x10 + POSTCODE_HISTORY + 2);
	assert_true(postcode_recent(&p, POSTCODE_HISTORY - 1, &code));
	assert_int_equal(code, 0x10 + 3);
	assert_false(postcode_recent(&p, POSTCODE_HISTORY, &code));
}

static void test_rtc_reads_its_base_in_bcd(void **state)
{
	struct fixture *f = *state;
	struct rtc rtc;
	int64_t base;
	assert_true(rtc_parse_base("2024-02-29T23:59:58", &base));
	rtc_attach(&rtc, f->bus, &f->timers, &f->irq[8], base);
	f->now = 3000000000ull;                                  /* 3 s later */
	static const struct { uint8_t reg, value; } want[] = {
		{ 0x00, 0x01 }, { 0x02, 0x00 }, { 0x04, 0x00 }, { 0x07, 0x01 }, { 0x08, 0x03 },
		{ 0x09, 0x24 }, { 0x32, 0x20 }, { 0x06, 0x06 },      /* Friday, March 1 */
	};
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		out8(f, 0x70, want[k].reg);
		assert_int_equal(in8(f, 0x71), want[k].value);
	}
	assert_false(rtc_parse_base("2024-13-01", &base));
	assert_false(rtc_parse_base("yesterday", &base));
}

/* IRQ8 is a level: raised by the first periodic interrupt, held while
 * register C's IRQF stays set, dropped when register C is read
 * (MC146818 datasheet, "Register C"). */
static void test_rtc_holds_irq8_until_register_c_is_read(void **state)
{
	struct fixture *f = *state;
	struct rtc rtc;
	rtc_attach(&rtc, f->bus, &f->timers, &f->irq[8], 0);
	out8(f, 0x70, 0x0B);
	out8(f, 0x71, 0x42);                                     /* PIE, 24-hour */
	f->now = timer_next_deadline(&f->timers);                /* 1024 Hz */
	timer_run_due(&f->timers, f->now);
	assert_string_equal(f->irq_log, "8+");
	f->now = timer_next_deadline(&f->timers);
	timer_run_due(&f->timers, f->now);
	assert_string_equal(f->irq_log, "8+");                   /* IRQF still set */
	out8(f, 0x70, 0x0C);
	assert_int_equal(in8(f, 0x71), 0xC0);                    /* IRQF, PF */
	assert_string_equal(f->irq_log, "8+8-");
}

static void test_kbc_self_test_a20_and_reset(void **state)
{
	struct fixture *f = *state;
	struct kbc kbc;
	kbc_attach(&kbc, f->bus, &f->irq[1], &f->irq[12]);
	kbc.a20m = &f->a20m;
	kbc.reset = &f->reset;
	out8(f, 0x64, 0xAA);
	assert_true(in8(f, 0x64) & 1);
	assert_int_equal(in8(f, 0x60), 0x55);
	out8(f, 0x64, 0xD1);                                     /* write output port */
	out8(f, 0x60, 0x01);                                     /* A20 off */
	assert_true(f->a20_masked);
	out8(f, 0x92, 0x02);                                     /* fast A20 on */
	assert_false(f->a20_masked);
	out8(f, 0x64, 0xFE);                                     /* pulse reset */
	assert_int_equal(f->resets, 1);
	out8(f, 0x60, 0xFF);                                     /* keyboard reset */
	assert_int_equal(in8(f, 0x60), 0xFA);
	assert_int_equal(in8(f, 0x60), 0xAA);
}

static void test_uart_transmits_and_loops_back(void **state)
{
	struct fixture *f = *state;
	struct uart u;
	char buf[16] = { 0 };
	FILE *out = fmemopen(buf, sizeof(buf), "w");
	uart_attach(&u, f->bus, 0x3F8, &f->irq[4], out, &f->timers);
	out8(f, 0x3F8, 'h');
	out8(f, 0x3F8, 'i');
	fflush(out);
	assert_string_equal(buf, "hi");
	assert_int_equal(in8(f, 0x3FD) & 0x60, 0x60);            /* THRE, TEMT */
	out8(f, 0x3FC, 0x10);                                    /* loopback */
	out8(f, 0x3F8, 0x5A);
	assert_true(in8(f, 0x3FD) & 1);
	assert_int_equal(in8(f, 0x3F8), 0x5A);
	out8(f, 0x3F9, 0x02);                                    /* THRE interrupt */
	assert_int_equal(in8(f, 0x3FA) & 0x0F, 0x02);
	assert_int_equal(in8(f, 0x3FA) & 0x0F, 0x01);            /* read clears it */
	fclose(out);
}

/* The UART drives its IRQ line (IRQ4 for COM1) after every register
 * access, high only while an enabled interrupt is pending and MCR.OUT2
 * gates it onto the ISA bus (PC16550D datasheet, "Interrupt Enable
 * Register", "Modem Control Register"). */
static void test_uart_raises_irq4_only_with_out2(void **state)
{
	struct fixture *f = *state;
	struct uart u;
	uart_attach(&u, f->bus, 0x3F8, &f->irq[4], NULL, &f->timers);
	assert_string_equal(f->irq_log, "4-");                   /* reset: low */
	out8(f, 0x3F9, 0x02);                                    /* THRE interrupt */
	assert_string_equal(f->irq_log, "4-4-");                 /* pending, OUT2 off */
	out8(f, 0x3FC, 0x08);                                    /* OUT2 */
	assert_string_equal(f->irq_log, "4-4-4+");
	assert_int_equal(in8(f, 0x3FA) & 0x0F, 0x02);            /* reading IIR clears it */
	assert_string_equal(f->irq_log, "4-4-4+4-");
}

static void test_fw_cfg_signature_and_files(void **state)
{
	struct fixture *f = *state;
	struct fw_cfg cfg;
	fw_cfg_attach(&cfg, f->bus, 32u << 20);
	fw_cfg_add_file(&cfg, "opt/test", "abc", 3);
	bus_out(f->bus, 0x510, 0x0000, 2);
	char sig[5] = { 0 };
	for (int k = 0; k < 4; k++)
		sig[k] = (char)in8(f, 0x511);
	assert_string_equal(sig, "QEMU");
	bus_out(f->bus, 0x510, 0x0019, 2);                       /* the file directory */
	uint8_t dir[4 + 2 * 64];
	for (size_t k = 0; k < sizeof(dir); k++)
		dir[k] = in8(f, 0x511);
	assert_int_equal(dir[3], 2);                             /* etc/e820, opt/test */
	bus_out(f->bus, 0x510, 0x8002, 2);   /* QEMU's IRQ0 override: not a file, and on */
	assert_int_equal(in8(f, 0x511), 1);
	assert_string_equal((char *)dir + 4 + 64 + 8, "opt/test");
	uint16_t key = (uint16_t)(dir[4 + 64 + 4] << 8 | dir[4 + 64 + 5]);
	bus_out(f->bus, 0x510, key, 2);
	assert_int_equal(in8(f, 0x511), 'a');
	assert_int_equal(in8(f, 0x511), 'b');
	bus_out(f->bus, 0x510, 0x8002, 2);                       /* IRQ0 override, not a file */
	assert_int_equal(in8(f, 0x511), 1);
	assert_int_equal(in8(f, 0x511), 0);
	fw_cfg_free(&cfg);
}

static void put_be32_at(uint8_t *p, uint32_t v)
{
	for (int k = 0; k < 4; k++)
		p[k] = (uint8_t)(v >> (24 - 8 * k));
}

/* fw_cfg DMA: a descriptor in RAM selects an item and reads it into RAM;
 * the control word comes back 0, or with the error bit for a write; a
 * transfer aimed at SMRAM lands in what the bus-master view sees there. */
static void test_fw_cfg_dma(void **state)
{
	struct fixture *f = *state;
	static uint8_t ram[0x10000], smram[0x1000];
	memset(ram, 0xEE, sizeof(ram));
	memset(smram, 0x55, sizeof(smram));
	bus_add_ram(f->bus, "ram", 0, sizeof(ram), 0, BUS_VIS_ALL, ram);
	bus_add_ram(f->bus, "smram", 0x3000, sizeof(smram), 5, BUS_VIS_SMM, smram);
	struct fw_cfg cfg;
	fw_cfg_attach(&cfg, f->bus, 32u << 20);
	bus_out(f->bus, 0x510, 0x0001, 2);                       /* ID: DMA offered */
	assert_int_equal(in8(f, 0x511) & 3, 3);
	assert_int_equal(bus_in(f->bus, 0x514, 4), 0x554D4551);  /* "QEMU" */
	assert_int_equal(bus_in(f->bus, 0x518, 4), 0x47464320);  /* " CFG" */

	put_be32_at(ram + 0x1000, 0x0000u << 16 | 0x08 | 0x02);   /* select 0, read */
	put_be32_at(ram + 0x1004, 6);
	put_be32_at(ram + 0x1008, 0);
	put_be32_at(ram + 0x100C, 0x2000);
	bus_out(f->bus, 0x514, 0, 4);
	bus_out(f->bus, 0x518, __builtin_bswap32(0x1000), 4);
	assert_memory_equal(ram + 0x2000, "QEMU\0\0", 6);        /* past the end: 0 */
	assert_int_equal(ram[0x2006], 0xEE);
	assert_int_equal(ram[0x1000] | ram[0x1001] | ram[0x1002] | ram[0x1003], 0);

	put_be32_at(ram + 0x1000, 0x02);                         /* read on, into "SMRAM" */
	put_be32_at(ram + 0x1004, 2);
	put_be32_at(ram + 0x100C, 0x3000);
	bus_out(f->bus, 0x510, 0x0000, 2);
	bus_out(f->bus, 0x518, __builtin_bswap32(0x1000), 4);
	assert_memory_equal(ram + 0x3000, "QE", 2);
	assert_int_equal(smram[0], 0x55);

	put_be32_at(ram + 0x1000, 0x10);                         /* write: refused */
	bus_out(f->bus, 0x518, __builtin_bswap32(0x1000), 4);
	assert_int_equal(ram[0x1003], 0x01);
	fw_cfg_free(&cfg);
}

static void test_ide_identify_and_read_sector(void **state)
{
	struct fixture *f = *state;
	/* In the build directory, and unlinked once open: a failing assertion
	 * leaves nothing behind. */
	char path[] = "test-devices-ide-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *img = fdopen(fd, "w");
	static uint8_t sector[512];
	for (int s = 0; s < 8; s++) {
		memset(sector, s, sizeof(sector));
		fwrite(sector, 1, sizeof(sector), img);
	}
	fclose(img);
	struct pci_bus pci;
	pci_bus_attach(&pci, f->bus);
	struct ide ide;
	memset(&ide, 0, sizeof(ide));
	struct ide_disk disk;
	bool opened = ide_disk_open(&disk, path);
	remove(path);
	assert_true(opened);
	ide_attach(&ide, &pci, f->bus, &f->irq[14], &f->irq[15]);
	ide.ch[0].disk[0] = &disk;
	ide_reset(&ide);
	out8(f, 0x1F6, 0xA0);
	out8(f, 0x1F7, 0xEC);                                    /* IDENTIFY DEVICE */
	assert_int_equal(in8(f, 0x1F7) & 0x88, 0x08);            /* DRQ, not BSY */
	uint16_t id[256];
	for (int k = 0; k < 256; k++)
		id[k] = (uint16_t)bus_in(f->bus, 0x1F0, 2);
	assert_int_equal(id[60], 8);                             /* LBA sectors */
	assert_int_equal(id[5], 512);
	out8(f, 0x1F6, 0xE0);                                    /* LBA, device 0 */
	out8(f, 0x1F2, 2);
	out8(f, 0x1F3, 5);
	out8(f, 0x1F4, 0);
	out8(f, 0x1F5, 0);
	out8(f, 0x1F7, 0x20);                                    /* READ SECTORS 5, 6 */
	for (int k = 0; k < 512; k++) {
		uint16_t w = (uint16_t)bus_in(f->bus, 0x1F0, 2);
		assert_int_equal(w, k < 256 ? 0x0505 : 0x0606);
	}
	assert_int_equal(in8(f, 0x1F7) & 0x89, 0x00);            /* done, no error */
	out8(f, 0x1F3, 7);
	out8(f, 0x1F2, 2);                                       /* past the end */
	out8(f, 0x1F7, 0x20);
	assert_int_equal(in8(f, 0x1F7) & 0x01, 0x01);
	assert_int_equal(in8(f, 0x1F1) & 0x10, 0x10);            /* IDNF */
	ide_disk_close(&disk);
}

/* PM timer overflow raises the SCI on IRQ 9 once SCI_EN and TMROF_EN. */
static void test_pm_timer_overflow_raises_sci(void **state)
{
	struct fixture *f = *state;
	struct pci_bus pci;
	struct piix4_pm pm;
	memset(&pm, 0, sizeof(pm));
	init_pics(f);
	out8(f, 0x4D1, 0x02);                                    /* IRQ9 level */
	pci_bus_attach(&pci, f->bus);
	piix4_pm_attach(&pm, &pci, f->bus, &f->timers, &f->irq[PM_SCI_IRQ]);
	pci_config_write(&pci, PCI_DEVFN(1, 3), PIIX4_PMBA, 0xB001, 2);
	pci_config_write(&pci, PCI_DEVFN(1, 3), PIIX4_PMREGMISC, 1, 1);
	bus_out(f->bus, 0xB002, ACPI_TMR_STS, 2);                    /* PMEN.TMROF_EN */
	bus_out(f->bus, 0xB004, ACPI_SCI_EN, 2);                   /* PMCNTRL.SCI_EN */
	assert_false(f->intr_level);
	f->now = timer_next_deadline(&f->timers);                /* 2^23 ticks: 2.34 s */
	assert_int_equal(f->now / 1000000, 2343);
	timer_run_due(&f->timers, f->now);
	assert_true(bus_in(f->bus, 0xB000, 2) & ACPI_TMR_STS);
	assert_int_equal(pic_acknowledge(&f->pic), 0x71);
	bus_out(f->bus, 0xB000, ACPI_TMR_STS, 2);                    /* write 1 to clear */
	assert_int_equal(bus_in(f->bus, 0xB000, 2) & ACPI_TMR_STS, 0);
}

/* A PM function at PMBA 0xB000 with APMC_EN set, its SMI and power-off
 * lines counted. */
struct pm_bench {
	struct pci_bus pci;
	struct piix4_pm pm;
	unsigned smis, poweroffs;
	struct line smi, poweroff;
};

static void count_rising(void *opaque, bool level)
{
	if (level)
		++*(unsigned *)opaque;
}

static void pm_bench_attach(struct fixture *f, struct pm_bench *b)
{
	memset(b, 0, sizeof(*b));
	pci_bus_attach(&b->pci, f->bus);
	piix4_pm_attach(&b->pm, &b->pci, f->bus, &f->timers, &f->irq[PM_SCI_IRQ]);
	b->smi = (struct line){ count_rising, &b->smis };
	b->poweroff = (struct line){ count_rising, &b->poweroffs };
	b->pm.smi = &b->smi;
	b->pm.acpi.poweroff = &b->poweroff;
	pci_config_write(&b->pci, PCI_DEVFN(1, 3), PIIX4_PMBA, 0xB001, 2);
	pci_config_write(&b->pci, PCI_DEVFN(1, 3), PIIX4_PMREGMISC, 1, 1);
	pci_config_write(&b->pci, PCI_DEVFN(1, 3), PIIX4_DEVACTB, PIIX4_APMC_EN, 4);
}

/* The FADT's ACPI enable (0xF1) and disable (0xF0) written to APMC set
 * and clear PMCNTRL.SCI_EN with no SMI, as QEMU's PIIX4; any other
 * command raises SMI. */
static void test_apmc_acpi_enable_and_disable_raise_no_smi(void **state)
{
	struct pm_bench b;
	pm_bench_attach(*state, &b);
	struct bus *bus = ((struct fixture *)*state)->bus;
	bus_out(bus, 0xB2, APMC_ACPI_ENABLE, 1);
	assert_int_equal(b.smis, 0);
	assert_int_equal(bus_in(bus, 0xB004, 2), ACPI_SCI_EN);
	assert_int_equal(bus_in(bus, 0xB2, 1), APMC_ACPI_ENABLE);
	bus_out(bus, 0xB2, APMC_ACPI_DISABLE, 1);
	assert_int_equal(b.smis, 0);
	assert_int_equal(bus_in(bus, 0xB004, 2), 0);
	bus_out(bus, 0xB2, 0x55, 1);
	assert_int_equal(b.smis, 1);
	assert_int_equal(bus_in(bus, 0xB004, 2), 0);
}

/* PMCNTRL with SLP_EN: sleep type 0 (SeaBIOS's \_S5) pulses the power-off
 * line; SLP_EN reads back as 0; another type (S3's 1) is only stored. */
static void test_pmcntrl_slp_en_with_soft_off_type_powers_off(void **state)
{
	struct pm_bench b;
	pm_bench_attach(*state, &b);
	struct bus *bus = ((struct fixture *)*state)->bus;
	bus_out(bus, 0xB004, ACPI_SCI_EN | 1u << ACPI_SLP_TYP_SHIFT | ACPI_SLP_EN, 2);
	assert_int_equal(b.poweroffs, 0);
	assert_int_equal(bus_in(bus, 0xB004, 2), ACPI_SCI_EN | 1u << ACPI_SLP_TYP_SHIFT);
	bus_out(bus, 0xB004, ACPI_SCI_EN, 2);                      /* type 0, no SLP_EN */
	assert_int_equal(b.poweroffs, 0);
	bus_out(bus, 0xB005, ACPI_SLP_EN >> 8, 1);                 /* the high byte alone */
	assert_int_equal(b.poweroffs, 1);
	assert_int_equal(bus_in(bus, 0xB004, 2), ACPI_SCI_EN);
	assert_int_equal(b.smis, 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_pic_vectors_priority_and_eoi),
		T(test_pic_level_triggered_follows_line),
		T(test_pic_would_interrupt_follows_masks_and_service),
		T(test_pit_mode2_counts_and_raises_irq0),
		T(test_pit_mode4_strobe_raises_irq0_once),
		T(test_rtc_holds_irq8_until_register_c_is_read),
		T(test_uart_raises_irq4_only_with_out2),
		T(test_postcode_keeps_recent_codes),
		T(test_rtc_reads_its_base_in_bcd),
		T(test_kbc_self_test_a20_and_reset),
		T(test_uart_transmits_and_loops_back),
		T(test_fw_cfg_signature_and_files),
		T(test_fw_cfg_dma),
		T(test_ide_identify_and_read_sector),
		T(test_pm_timer_overflow_raises_sci),
		T(test_apmc_acpi_enable_and_disable_raise_no_smi),
		T(test_pmcntrl_slp_en_with_soft_off_type_powers_off),
	};
#undef T
	return cmocka_run_group_tests_name("devices", tests, NULL, NULL);
}
