/* The debugger engine on a whole machine, without a front end: the
 * smm-entry ROM (tests/roms/smm-entry.asm) booted through the machine API,
 * breakpoints on a port, SMI entry, RSM and addresses, stepping, and going
 * back across an SMI.  What each stop must show is worked out from the
 * architecture (SDM Vol. 3 chapter 34) and the ROM's own bytes, not from
 * an earlier run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "debug/debugger.h"
#include "machine/machine.h"
#include "tests/unit/fixture.h"

#define SMBASE_DEFAULT   0x30000u   /* SDM §34.4 */
#define SMM_ENTRY_EIP    0x8000u    /* SDM §34.5.1 Table 34-4 */
#define SAVE_EIP         0xFFF0u    /* Intel 32-bit map: EIP at SMBASE + 0xFFF0 */
#define APM_CONTROL_PORT 0xB2
#define OUT_IMM8_AL      0xE6       /* OUT imm8, AL */

struct fixture {
	struct board_config cfg;
	struct machine *m;
	struct debugger *d;
	char rom[512];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	fixture_rom_path(f->rom, sizeof(f->rom), "smm-entry.bin");
	f->cfg = (struct board_config){ .bios_path = f->rom, .ram_mb = 32 };
	f->m = machine_new(&f->cfg);
	assert_non_null(f->m);
	f->d = debugger_new(f->m, &f->cfg);
	assert_non_null(f->d);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	debugger_free(f->d);
	machine_free(f->m);
	free(f);
	return 0;
}

static int add_break(struct fixture *f, struct dbg_break b)
{
	int id = debugger_add_break(f->d, &b);
	assert_true(id > 0);
	return id;
}

static int break_on(struct fixture *f, enum dbg_break_kind kind)
{
	return add_break(f, (struct dbg_break){ .kind = kind, .view = DBG_ANY_VIEW,
						.vector = DBG_ANY_VECTOR, .direction = -1 });
}

/* Runs to the next stop, which must be breakpoint id. */
static void run_to_break(struct fixture *f, int id)
{
	struct dbg_stop_info st;
	debugger_run(f->d, 0, &st);
	assert_int_equal(st.why, DBG_STOP_BREAK);
	assert_int_equal(st.break_id, id);
}

static uint32_t linear_eip(const struct cpu *cpu)
{
	return cpu->seg[S_CS].base + cpu->eip;
}

/* Two bytes before CS:EIP (outside SMM: the normal view). */
static void code_before(const struct fixture *f, uint8_t out[2])
{
	uint32_t at = linear_eip(f->m->cpu) - 2;
	assert_int_equal(bus_peek(f->m->board->bus, BUS_VIEW_NORMAL, at, out, 2), 2);
}

/* The SMI is taken on the instruction boundary right after the OUT that
 * raised it: stopping at SMI entry, the CPU is in SMM at SMBASE:8000, its
 * fetches go through the SMM code view, and the save map's EIP is the
 * instruction after an `out 0xb2, al`. */
static void test_break_on_smi_stops_at_the_handler_entry(void **state)
{
	struct fixture *f = *state;
	int smi = break_on(f, DBG_BREAK_SMI);
	run_to_break(f, smi);
	const struct cpu *cpu = f->m->cpu;
	assert_true(cpu->smm);
	assert_int_equal(cpu->smbase, SMBASE_DEFAULT);
	assert_int_equal(cpu->seg[S_CS].sel, SMBASE_DEFAULT >> 4);
	assert_int_equal(cpu->seg[S_CS].base, SMBASE_DEFAULT);
	assert_int_equal(cpu->eip, SMM_ENTRY_EIP);
	assert_int_equal(cpu->smi_count, 1);
	uint32_t saved_eip = bus_read_quiet(f->m->board->bus, BUS_VIEW_SMM_DATA,
					    SMBASE_DEFAULT + SAVE_EIP);
	uint8_t out[2];
	assert_int_equal(bus_peek(f->m->board->bus, BUS_VIEW_NORMAL, 0xF0000 + saved_eip - 2, out, 2), 2);
	assert_int_equal(out[0], OUT_IMM8_AL);
	assert_int_equal(out[1], APM_CONTROL_PORT);
}

/* A port breakpoint stops after the instruction: the OUT is the one
 * before CS:EIP, with APMC_EN still clear (the ROM's first write raises
 * no SMI), and the next stop on the port comes with an SMI pending. */
static void test_break_on_port_stops_after_the_out(void **state)
{
	struct fixture *f = *state;
	int io = add_break(f, (struct dbg_break){ .kind = DBG_BREAK_IO, .port_lo = APM_CONTROL_PORT,
						  .port_hi = APM_CONTROL_PORT, .direction = 1,
						  .view = DBG_ANY_VIEW, .vector = DBG_ANY_VECTOR });
	run_to_break(f, io);
	uint8_t out[2];
	code_before(f, out);
	assert_int_equal(out[0], OUT_IMM8_AL);
	assert_int_equal(out[1], APM_CONTROL_PORT);
	assert_false(f->m->cpu->smm);
	assert_int_equal(f->m->cpu->smi_count, 0);
	uint64_t first = f->m->cpu->icount;
	run_to_break(f, io);
	assert_true(f->m->cpu->icount > first);
	code_before(f, out);
	assert_int_equal(out[0], OUT_IMM8_AL);
	assert_int_equal(f->m->cpu->smi_count, 0);   /* pending, not yet taken */
	uint64_t second = f->m->cpu->icount;
	int smi = break_on(f, DBG_BREAK_SMI);
	run_to_break(f, smi);
	assert_int_equal(f->m->cpu->icount, second);  /* no instruction in between */
	assert_true(f->m->cpu->smm);
	assert_int_equal(f->m->cpu->eip, SMM_ENTRY_EIP);
}

/* RSM returns to the instruction the save map names, outside SMM. */
static void test_break_on_rsm_stops_after_the_return(void **state)
{
	struct fixture *f = *state;
	int smi = break_on(f, DBG_BREAK_SMI);
	int rsm = break_on(f, DBG_BREAK_RSM);
	run_to_break(f, smi);
	run_to_break(f, rsm);
	const struct cpu *cpu = f->m->cpu;
	uint32_t saved_eip = bus_read_quiet(f->m->board->bus, BUS_VIEW_SMM_DATA,
					    SMBASE_DEFAULT + SAVE_EIP);
	assert_false(cpu->smm);
	assert_int_equal(cpu->rsm_count, 1);
	assert_int_equal(cpu->eip, saved_eip);
	assert_int_equal(cpu->seg[S_CS].sel, 0xF000);
}

/* An execution breakpoint at physical SMBASE+0x8000 in the normal view is
 * not where SMM fetches from; the same address in the SMM code view is. */
static void test_physical_break_matches_only_its_view(void **state)
{
	struct fixture *f = *state;
	uint32_t entry = SMBASE_DEFAULT + SMM_ENTRY_EIP;
	add_break(f, (struct dbg_break){ .kind = DBG_BREAK_EXEC, .space = DBG_PHYSICAL, .addr = entry,
					 .view = BUS_VIEW_NORMAL, .vector = DBG_ANY_VECTOR });
	int in_smm = add_break(f, (struct dbg_break){ .kind = DBG_BREAK_EXEC, .space = DBG_PHYSICAL,
						      .addr = entry, .view = BUS_VIEW_SMM_CODE,
						      .vector = DBG_ANY_VECTOR });
	run_to_break(f, in_smm);
	assert_true(f->m->cpu->smm);
	assert_int_equal(linear_eip(f->m->cpu), entry);
}

/* A linear breakpoint stops before the instruction; stepping retires
 * exactly the instructions asked for. */
static void test_linear_break_then_steps(void **state)
{
	struct fixture *f = *state;
	int at = add_break(f, (struct dbg_break){ .kind = DBG_BREAK_EXEC, .space = DBG_LINEAR,
						  .addr = SMBASE_DEFAULT + SMM_ENTRY_EIP,
						  .view = DBG_ANY_VIEW, .vector = DBG_ANY_VECTOR });
	run_to_break(f, at);
	uint64_t start = f->m->cpu->icount;
	struct dbg_stop_info st;
	debugger_run(f->d, 3, &st);
	assert_int_equal(st.why, DBG_STOP_STEPS);
	assert_int_equal(f->m->cpu->icount, start + 3);
	assert_true(f->m->cpu->smm);
	assert_int_not_equal(f->m->cpu->eip, SMM_ENTRY_EIP);
}

/* Going back one instruction from the handler's first crosses the SMI:
 * the CPU is outside SMM again, before the OUT that raised it (the last
 * instruction retired before the SMI); running forward enters SMM again
 * at the same count, the SMI taken right after the OUT as the first time. */
static void test_reverse_step_across_an_smi(void **state)
{
	struct fixture *f = *state;
	int smi = break_on(f, DBG_BREAK_SMI);
	run_to_break(f, smi);
	uint64_t entry_count = f->m->cpu->icount;
	struct dbg_stop_info st;
	assert_true(debugger_reverse_step(f->d, &st));
	const struct cpu *cpu = f->m->cpu;
	assert_int_equal(cpu->icount, entry_count - 1);
	assert_false(cpu->smm);
	assert_int_equal(cpu->smi_count, 0);
	uint8_t op = 0;
	assert_int_equal(bus_peek(f->m->board->bus, BUS_VIEW_NORMAL, linear_eip(cpu), &op, 1), 1);
	assert_int_equal(op, OUT_IMM8_AL);
	run_to_break(f, smi);
	assert_int_equal(cpu->icount, entry_count);
	assert_true(cpu->smm);
	assert_int_equal(cpu->eip, SMM_ENTRY_EIP);
	assert_int_equal(cpu->smi_count, 1);
}

/* goto backwards replays to the same state: the registers at an
 * instruction are the same the second time. */
static void test_goto_back_gives_the_same_state(void **state)
{
	struct fixture *f = *state;
	struct dbg_stop_info st;
	debugger_run(f->d, 500, &st);
	uint32_t reg[8], eip = f->m->cpu->eip;
	memcpy(reg, f->m->cpu->reg, sizeof(reg));
	debugger_run(f->d, 700, &st);
	assert_true(debugger_goto(f->d, 500, &st));
	assert_int_equal(f->m->cpu->icount, 500);
	assert_int_equal(f->m->cpu->eip, eip);
	assert_memory_equal(f->m->cpu->reg, reg, sizeof(reg));
}

/* A stop made by the last instruction a step runs ends that step, and
 * only that one: the next run goes on to the next stop (here the second
 * OUT to the port), not stopping at once where it starts. */
static void test_stop_on_a_steps_last_instruction_does_not_stop_the_next_run(void **state)
{
	struct fixture *f = *state;
	int io = add_break(f, (struct dbg_break){ .kind = DBG_BREAK_IO, .port_lo = APM_CONTROL_PORT,
						  .port_hi = APM_CONTROL_PORT, .direction = 1,
						  .view = DBG_ANY_VIEW, .vector = DBG_ANY_VECTOR });
	run_to_break(f, io);
	uint64_t first = f->m->cpu->icount;
	struct dbg_stop_info st;
	assert_true(debugger_goto(f->d, first - 1, &st));
	debugger_run(f->d, 1, &st);
	assert_int_equal(st.why, DBG_STOP_BREAK);
	assert_int_equal(st.break_id, io);
	assert_int_equal(f->m->cpu->icount, first);
	run_to_break(f, io);
	assert_true(f->m->cpu->icount > first);
}

/* A read watchpoint stops after the reading instruction, and going back
 * from there finds the read before it, not the same one again: watching
 * every address, reverse-continue from the second stop lands on the
 * first. */
static void test_reverse_continue_from_a_read_stop_finds_the_read_before(void **state)
{
	struct fixture *f = *state;
	int w = add_break(f, (struct dbg_break){ .kind = DBG_BREAK_WATCH, .space = DBG_LINEAR,
						 .addr = 0, .len = 0xFFFFFFFFu,
						 .access = DBG_WATCH_READ, .view = DBG_ANY_VIEW,
						 .vector = DBG_ANY_VECTOR });
	run_to_break(f, w);
	uint64_t first = f->m->cpu->icount;
	run_to_break(f, w);
	assert_true(f->m->cpu->icount > first);
	struct dbg_stop_info st;
	assert_true(debugger_reverse_continue(f->d, DBG_BACK_AFTER_ACCESS, &st));
	assert_int_equal(st.why, DBG_STOP_BREAK);
	assert_int_equal(st.break_id, w);
	assert_int_equal(f->m->cpu->icount, first);
}

/* Going back as gdb does, a write watchpoint stops before the writing
 * instruction, and the write made by the instruction just before here is
 * the first found: from the run's first write's stop, back lands one
 * instruction before it (not at power-on, where going back to the stops
 * made going forward lands), and one step forward writes again there. */
static void test_reverse_continue_before_access_stops_before_the_write(void **state)
{
	struct fixture *f = *state;
	int w = add_break(f, (struct dbg_break){ .kind = DBG_BREAK_WATCH, .space = DBG_LINEAR,
						 .addr = 0, .len = 0xFFFFFFFFu,
						 .access = DBG_WATCH_WRITE, .view = DBG_ANY_VIEW,
						 .vector = DBG_ANY_VECTOR });
	run_to_break(f, w);
	uint64_t first = f->m->cpu->icount;
	assert_true(first > 1);
	struct dbg_stop_info st;
	assert_true(debugger_reverse_continue(f->d, DBG_BACK_BEFORE_ACCESS, &st));
	assert_int_equal(st.why, DBG_STOP_BREAK);
	assert_int_equal(st.break_id, w);
	assert_int_equal(f->m->cpu->icount, first - 1);
	debugger_run(f->d, 1, &st);
	assert_int_equal(st.why, DBG_STOP_BREAK);
	assert_int_equal(st.break_id, w);
	assert_int_equal(f->m->cpu->icount, first);
	assert_true(debugger_reverse_continue(f->d, DBG_BACK_AFTER_ACCESS, &st));
	assert_int_equal(st.why, DBG_STOP_STEPS);
	assert_int_equal(f->m->cpu->icount, 0);
}

/* A session's budget ends a run as the guest stopping, at exactly that
 * many instructions, and nothing runs forward after it; going back still
 * works.  (smm-entry.bin runs 28,822 instructions to its HLT.) */
static void test_budget_ends_the_session_like_max_insns(void **state)
{
	struct fixture *f = *state;
	struct dbg_stop_info st;
	debugger_set_budget(f->d, 1000);
	debugger_run(f->d, 0, &st);
	assert_int_equal(st.why, DBG_STOP_GUEST);
	assert_int_equal(st.machine, MACHINE_BUDGET);
	assert_int_equal(f->m->cpu->icount, 1000);
	debugger_run(f->d, 5, &st);
	assert_int_equal(st.why, DBG_STOP_GUEST);
	assert_int_equal(f->m->cpu->icount, 1000);
	assert_true(debugger_goto(f->d, 10, &st));
	assert_int_equal(f->m->cpu->icount, 10);
}

/* A step count whose end lies past 2^64 instructions runs to the next
 * stop (here the budget), instead of an end wrapped to before now. */
static void test_huge_step_count_runs_on(void **state)
{
	struct fixture *f = *state;
	struct dbg_stop_info st;
	debugger_set_budget(f->d, 1000);
	debugger_run(f->d, 2, &st);
	assert_int_equal(f->m->cpu->icount, 2);
	debugger_run(f->d, UINT64_MAX, &st);
	assert_int_equal(st.machine, MACHINE_BUDGET);
	assert_int_equal(f->m->cpu->icount, 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_break_on_smi_stops_at_the_handler_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_break_on_port_stops_after_the_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_break_on_rsm_stops_after_the_return, setup, teardown),
		cmocka_unit_test_setup_teardown(test_physical_break_matches_only_its_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_linear_break_then_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reverse_step_across_an_smi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_goto_back_gives_the_same_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_on_a_steps_last_instruction_does_not_stop_the_next_run,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_reverse_continue_from_a_read_stop_finds_the_read_before,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_reverse_continue_before_access_stops_before_the_write,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_budget_ends_the_session_like_max_insns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge_step_count_runs_on, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
