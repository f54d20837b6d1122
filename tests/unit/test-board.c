/* Unit tests of the board's own wiring: which of its lines the reset
 * control register and the keyboard controller pulse, and that ISA IRQ n
 * reaches the 8259 input n.  The board runs on a BIOS image of 64 KiB
 * of HLT written for the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "chipset/board.h"

struct fixture {
	struct board *board;
	unsigned kbc_resets, control_resets;
	bool intr_level;
	struct line kbc_reset, control_reset, intr;
};

static void count_pulse(void *opaque, bool level)
{
	if (level)
		++*(unsigned *)opaque;
}

static void set_level(void *opaque, bool level)
{
	*(bool *)opaque = level;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	/* In the build directory, and unlinked once read. */
	char path[] = "test-board-bios-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	static uint8_t bios[BOARD_BIOS_ALIGN];
	memset(bios, 0xF4, sizeof(bios));
	assert_int_equal(write(fd, bios, sizeof(bios)), (ssize_t)sizeof(bios));
	close(fd);
	struct board_config cfg = { .bios_path = path, .ram_mb = 2 };
	f->board = board_new(&cfg);
	remove(path);
	assert_non_null(f->board);
	f->kbc_reset = (struct line){ count_pulse, &f->kbc_resets };
	f->control_reset = (struct line){ count_pulse, &f->control_resets };
	f->intr = (struct line){ set_level, &f->intr_level };
	struct board_lines lines = {
		.intr = &f->intr, .reset = &f->kbc_reset, .reset_control = &f->control_reset,
	};
	board_connect(f->board, &lines, NULL, NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	board_free(f->board);
	free(f);
	return 0;
}

/* PIIX3 datasheet, "RC - Reset Control Register": a 0-to-1 transition of
 * RCPU (bit 2) resets; SRST (bit 1) alone does not. */
static void test_reset_control_pulses_its_own_line(void **state)
{
	struct fixture *f = *state;
	bus_out(f->board->bus, 0xCF9, 0x02, 1);
	assert_int_equal(f->control_resets, 0);
	bus_out(f->board->bus, 0xCF9, 0x06, 1);
	assert_int_equal(f->control_resets, 1);
	assert_int_equal(f->kbc_resets, 0);
	assert_int_equal(bus_in(f->board->bus, 0xCF9, 1), 0);   /* RCPU self-clears */
}

/* The 8042's pulse-output command 0xFE: the keyboard controller's reset
 * line, not the reset control register's. */
static void test_kbc_reset_pulses_the_kbc_line(void **state)
{
	struct fixture *f = *state;
	bus_out(f->board->bus, 0x64, 0xFE, 1);
	assert_int_equal(f->kbc_resets, 1);
	assert_int_equal(f->control_resets, 0);
}

/* ISA IRQ 5, unmasked at the master, raises INTR and is acknowledged as
 * vector base + 5. */
static void test_isa_irq_reaches_its_8259_input(void **state)
{
	struct fixture *f = *state;
	static const uint8_t icw[] = { 0x11, 0x20, 0x04, 0x01 };
	bus_out(f->board->bus, 0x20, icw[0], 1);
	for (unsigned k = 1; k < 4; k++)
		bus_out(f->board->bus, 0x21, icw[k], 1);
	bus_out(f->board->bus, 0x21, 0xDF, 1);                   /* only IRQ5 */
	line_set(&f->board->isa_irq[3], true);
	assert_false(f->intr_level);
	line_set(&f->board->isa_irq[5], true);
	assert_true(f->intr_level);
	assert_int_equal(pic_acknowledge(&f->board->pic), 0x25);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_reset_control_pulses_its_own_line),
		T(test_kbc_reset_pulses_the_kbc_line),
		T(test_isa_irq_reaches_its_8259_input),
	};
#undef T
	return cmocka_run_group_tests_name("board", tests, NULL, NULL);
}
