/* Unit tests of the CPU core on a test bus of plain RAM: reset state, the
 * decoder, lazy flags, paging walks and their faults, self-modifying code,
 * shutdown on a triple fault, and MMIO writes ending the block and the run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/core.h"
#include "cpu/debugreg.h"
#include "cpu/decode.h"
#include "cpu/mmu.h"
#include "tests/unit/fixture.h"

#define RAM_SIZE (4u << 20)

struct fixture {
	struct bus *bus;
	struct cpu *cpu;
	uint8_t *ram;
	struct ram_machine rm;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	fixture_ram_machine(&f->rm, RAM_SIZE);
	f->bus = f->rm.bus;
	f->cpu = f->rm.cpu;
	f->ram = f->rm.ram;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	fixture_ram_machine_free(&f->rm);
	free(f);
	return 0;
}

/* Load code at 0000:1000 in real mode and run it to its HLT. */
static enum cpu_exit run_real(struct fixture *f, const void *code, size_t len)
{
	if (code)
		bus_poke(f->bus, BUS_VIEW_NORMAL, 0x1000, code, len);
	f->cpu->halted = false;
	f->cpu->reg[R_EAX] = 0;
	fixture_start_real(f->cpu, 0x1000, 0x8000);
	debug_update(f->cpu);
	return cpu_run(f->cpu, 10000);
}

static void test_reset_state_matches_manual(void **state)
{
	struct fixture *f = *state;
	struct cpu *cpu = f->cpu;
	assert_int_equal(cpu->reg[R_EDX], 0x673); /* pentium3 */
	assert_int_equal(cpu->eip, 0xFFF0);
	assert_int_equal(cpu->seg[S_CS].sel, 0xF000);
	assert_int_equal(cpu->seg[S_CS].base, 0xFFFF0000u);
	assert_int_equal(cpu_get_eflags(cpu), 0x2);
	assert_int_equal(cpu->cr0, CR0_ET | CR0_CD | CR0_NW);
	assert_int_equal(cpu->dr[7], 0x400);
}

/* SDM Vol.3A Table 9-1: FCW 0040H, FSW 0, the registers +0.0 tagged
 * valid-zero (FTW 5555H); MXCSR 1F80H. */
static void test_reset_fpu_and_sse_state(void **state)
{
	struct fixture *f = *state;
	struct cpu *cpu = f->cpu;
	assert_int_equal(cpu->fpu.control, 0x0040);
	assert_int_equal(cpu->fpu.status, 0);
	assert_int_equal(cpu_fpu_tag_word(&cpu->fpu), 0x5555);
	assert_int_equal(cpu->sse.mxcsr, 0x1F80);
}

/* A snapshot holds the x87 and SSE state: a restore puts back the stack
 * FLDPI/FLD1 built, the control word and an XMM register. */
static void test_snapshot_holds_fpu_and_sse(void **state)
{
	struct fixture *f = *state;
	static const uint8_t code[] = { 0xDB, 0xE3, 0xD9, 0xEB, 0xD9, 0xE8, 0xF4 }; /* fninit fldpi fld1 hlt */
	run_real(f, code, sizeof(code));
	f->cpu->sse.xmm[3].f32[2] = 0x3F800000;
	struct cpu_fpu fpu = f->cpu->fpu;
	void *snap = malloc(cpu_snapshot_size());
	assert_non_null(snap);
	cpu_snapshot_save(f->cpu, snap);
	static const uint8_t clobber[] = { 0xDB, 0xE3, 0xF4 }; /* fninit hlt */
	run_real(f, clobber, sizeof(clobber));
	f->cpu->sse.xmm[3].f32[2] = 0;
	assert_int_equal(f->cpu->fpu.empty, 0xFF);
	cpu_snapshot_restore(f->cpu, snap);
	assert_memory_equal(&f->cpu->fpu, &fpu, sizeof(fpu));
	assert_int_equal(f->cpu->fpu.empty, 0x3F);       /* R7 (pi) and R6 (1.0) */
	assert_int_equal(f->cpu->sse.xmm[3].f32[2], 0x3F800000);
	free(snap);
}

static void decode_bytes(struct cpu *cpu, const uint8_t *bytes, unsigned n, bool code32,
			 struct insn *i)
{
	struct fetch_window w = { .bytes = bytes, .avail = n };
	uint16_t flags;
	assert_int_equal(cpu_decode(cpu, &w, code32, i, &flags), DECODE_OK);
}

static void test_decode_32bit_sib_with_ebp_base_uses_ss(void **state)
{
	struct fixture *f = *state;
	/* 67 66 8B 44 8D 10: mov eax,[ebp+ecx*4+0x10] in 16-bit code */
	static const uint8_t bytes[] = { 0x67, 0x66, 0x8B, 0x44, 0x8D, 0x10 };
	struct insn i;
	decode_bytes(f->cpu, bytes, sizeof(bytes), false, &i);
	assert_int_equal(i.len, 6);
	assert_int_equal(i.osize, 4);
	assert_true(i.addr32);
	assert_int_equal(i.base, R_EBP);
	assert_int_equal(i.index, R_ECX);
	assert_int_equal(i.scale, 2);
	assert_int_equal(i.disp, 0x10);
	assert_int_equal(i.seg, S_SS);
}

static void test_decode_16bit_bp_di_disp16(void **state)
{
	struct fixture *f = *state;
	/* 26 8B 83 34 12: mov ax,[es:bp+di+0x1234] */
	static const uint8_t bytes[] = { 0x26, 0x8B, 0x83, 0x34, 0x12 };
	struct insn i;
	decode_bytes(f->cpu, bytes, sizeof(bytes), false, &i);
	assert_int_equal(i.len, 5);
	assert_int_equal(i.base, R_EBP);
	assert_int_equal(i.index, R_EDI);
	assert_int_equal(i.disp, 0x1234);
	assert_int_equal(i.seg, S_ES);
}

static void test_decode_refuses_more_than_15_bytes(void **state)
{
	struct fixture *f = *state;
	uint8_t bytes[17];
	memset(bytes, 0x66, 16);
	bytes[16] = 0x90;
	struct fetch_window w = { .bytes = bytes, .avail = sizeof(bytes) };
	struct insn i;
	uint16_t flags;
	assert_int_equal(cpu_decode(f->cpu, &w, false, &i, &flags), DECODE_FAULT);
	assert_int_equal(f->cpu->core->exc_vector, VEC_GP);
}

static void test_lock_on_register_destination_is_ud(void **state)
{
	struct fixture *f = *state;
	static const uint8_t bytes[] = { 0xF0, 0x01, 0xC0 }; /* lock add ax,ax */
	struct insn i;
	decode_bytes(f->cpu, bytes, sizeof(bytes), false, &i);
	assert_int_equal(i.fn(f->cpu, &i), R_FAULT);
	assert_int_equal(f->cpu->core->exc_vector, VEC_UD);
}

static void test_lazy_flags_of_add_and_sub(void **state)
{
	struct fixture *f = *state;
	/* mov al,0x7F; add al,1; hlt */
	static const uint8_t add[] = { 0xB0, 0x7F, 0x04, 0x01, 0xFA, 0xF4 };
	assert_int_equal(run_real(f, add, sizeof(add)), CPU_EXIT_HALT);
	assert_int_equal(cpu_get_eflags(f->cpu) & FLAGS_ARITH, FLAG_OF | FLAG_SF | FLAG_AF);
	/* xor ax,ax; sub ax,1 -> CF SF AF PF set */
	static const uint8_t sub[] = { 0x31, 0xC0, 0x2D, 0x01, 0x00, 0xFA, 0xF4 };
	assert_int_equal(run_real(f, sub, sizeof(sub)), CPU_EXIT_HALT);
	assert_int_equal(cpu_get_eflags(f->cpu) & FLAGS_ARITH,
			 FLAG_CF | FLAG_SF | FLAG_AF | FLAG_PF);
	assert_int_equal(f->cpu->reg[R_EAX] & 0xFFFF, 0xFFFF);
}

/* XADD r, r with one register: SRC <- DEST, then DEST <- the sum (SDM
 * Vol.2 XADD), so the register ends with the sum; and with two, the
 * source gets the old destination. */
static void test_xadd_same_register_keeps_the_sum(void **state)
{
	struct fixture *f = *state;
	/* mov bx,0x1F; xadd bx,bx; mov cx,5; mov dx,7; xadd cx,dx; hlt */
	static const uint8_t code[] = { 0xBB, 0x1F, 0x00, 0x0F, 0xC1, 0xDB, 0xB9, 0x05, 0x00,
					0xBA, 0x07, 0x00, 0x0F, 0xC1, 0xD1, 0xFA, 0xF4 };
	assert_int_equal(run_real(f, code, sizeof(code)), CPU_EXIT_HALT);
	assert_int_equal(f->cpu->reg[R_EBX] & 0xFFFF, 0x3E);
	assert_int_equal(f->cpu->reg[R_ECX] & 0xFFFF, 12);
	assert_int_equal(f->cpu->reg[R_EDX] & 0xFFFF, 5);
}

static void test_self_modifying_code_in_same_block(void **state)
{
	struct fixture *f = *state;
	/* mov byte [0x1006],0x42 ; mov al,0x00 (imm at 0x1006) ; cli ; hlt */
	static const uint8_t code[] = { 0xC6, 0x06, 0x06, 0x10, 0x42, 0xB0, 0x00, 0xFA, 0xF4 };
	assert_int_equal(run_real(f, code, sizeof(code)), CPU_EXIT_HALT);
	assert_int_equal(f->cpu->reg[R_EAX] & 0xFF, 0x42);
	/* Run again: the stale decoded block must not come back. */
	assert_int_equal(run_real(f, code, sizeof(code)), CPU_EXIT_HALT);
	assert_int_equal(f->cpu->reg[R_EAX] & 0xFF, 0x42);
}

/* Identity-map the first 4 MiB with 4 KiB pages at 0x100000 (tables). */
static void build_page_tables(struct fixture *f, uint32_t pte_flags)
{
	uint32_t pd = 0x100000, pt = 0x101000;
	uint32_t pde = pt | 0x7;
	memcpy(f->ram + pd, &pde, 4);
	for (uint32_t k = 0; k < 1024; k++) {
		uint32_t pte = (k << 12) | pte_flags;
		memcpy(f->ram + pt + 4 * k, &pte, 4);
	}
	f->cpu->cr3 = pd;
	f->cpu->cr0 |= CR0_PE | CR0_PG;
	f->cpu->cpl = 0;
	cpu_state_changed(f->cpu);
}

static void test_page_walk_sets_accessed_and_dirty(void **state)
{
	struct fixture *f = *state;
	build_page_tables(f, 0x3);
	uint64_t pa;
	assert_int_equal(mmu_translate(f->cpu, 0x5123, ACC_READ, &pa), R_NEXT);
	assert_int_equal(pa, 0x5123);
	uint32_t pte;
	memcpy(&pte, f->ram + 0x101000 + 5 * 4, 4);
	assert_int_equal(pte & 0x60, 0x20);
	assert_int_equal(mmu_translate(f->cpu, 0x5123, ACC_WRITE, &pa), R_NEXT);
	memcpy(&pte, f->ram + 0x101000 + 5 * 4, 4);
	assert_int_equal(pte & 0x60, 0x60);
}

static void test_page_fault_error_codes(void **state)
{
	struct fixture *f = *state;
	build_page_tables(f, 0x1); /* present, read-only, supervisor */
	uint64_t pa;
	/* Supervisor write to a read-only page: allowed without CR0.WP. */
	assert_int_equal(mmu_translate(f->cpu, 0x6000, ACC_WRITE, &pa), R_NEXT);
	f->cpu->cr0 |= CR0_WP;
	assert_int_equal(mmu_translate(f->cpu, 0x6000, ACC_WRITE, &pa), R_FAULT);
	assert_int_equal(f->cpu->core->exc_vector, VEC_PF);
	assert_int_equal(f->cpu->core->exc_error, 0x3);
	assert_int_equal(f->cpu->cr2, 0x6000);
	/* User read of a supervisor page. */
	f->cpu->cpl = 3;
	assert_int_equal(mmu_translate(f->cpu, 0x7004, ACC_READ, &pa), R_FAULT);
	assert_int_equal(f->cpu->core->exc_error, 0x5);
	/* Not present. */
	f->cpu->cpl = 0;
	uint32_t zero = 0;
	memcpy(f->ram + 0x101000 + 8 * 4, &zero, 4);
	assert_int_equal(mmu_translate(f->cpu, 0x8000, ACC_WRITE, &pa), R_FAULT);
	assert_int_equal(f->cpu->core->exc_error, 0x2);
}

static void test_four_mib_page_with_pse(void **state)
{
	struct fixture *f = *state;
	uint32_t pde = 0x00400000u | 0x83; /* 4 MiB page at 4 MiB, PS, RW, P */
	memcpy(f->ram + 0x100000 + 4 * 3, &pde, 4);
	f->cpu->cr3 = 0x100000;
	f->cpu->cr4 |= CR4_PSE;
	f->cpu->cr0 |= CR0_PE | CR0_PG;
	cpu_state_changed(f->cpu);
	uint64_t pa;
	assert_int_equal(mmu_translate(f->cpu, 0x00C12345u, ACC_READ, &pa), R_NEXT);
	assert_int_equal(pa, 0x00412345u);
}

static void test_triple_fault_shuts_down(void **state)
{
	struct fixture *f = *state;
	/* An IDT of limit 0 in real mode: #UD cannot be delivered, nor #DF. */
	static const uint8_t code[] = { 0x0F, 0x0B }; /* ud2 */
	f->cpu->idtr.limit = 0;
	assert_int_equal(run_real(f, code, sizeof(code)), CPU_EXIT_SHUTDOWN);
	assert_string_equal(f->cpu->exit_detail, "triple fault");
}

static void test_division_by_zero_leaves_registers(void **state)
{
	struct fixture *f = *state;
	/* IVT[0] -> 0000:2000 (hlt); mov ax,0x1234; xor bl,bl; div bl */
	uint32_t vec0 = 0x2000;
	bus_poke(f->bus, BUS_VIEW_NORMAL, 0, &vec0, 4);
	uint8_t hlt[] = { 0xFA, 0xF4 };
	bus_poke(f->bus, BUS_VIEW_NORMAL, 0x2000, hlt, 2);
	static const uint8_t code[] = { 0xB8, 0x34, 0x12, 0x30, 0xDB, 0xF6, 0xF3 };
	assert_int_equal(run_real(f, code, sizeof(code)), CPU_EXIT_HALT);
	assert_int_equal(f->cpu->reg[R_EAX] & 0xFFFF, 0x1234);
	uint32_t ip = 0;
	bus_peek(f->bus, BUS_VIEW_NORMAL, 0x8000 - 6, &ip, 2);
	assert_int_equal(ip, 0x1005); /* the faulting DIV */
}

/* IVT[1] -> 0000:2000 (cli; hlt), for the #DB tests. */
static void install_db_handler(struct fixture *f)
{
	uint32_t vec1 = 0x2000;
	bus_poke(f->bus, BUS_VIEW_NORMAL, 4, &vec1, 4);
	static const uint8_t hlt[] = { 0xFA, 0xF4 };
	bus_poke(f->bus, BUS_VIEW_NORMAL, 0x2000, hlt, 2);
}

static uint16_t pushed_ip(struct fixture *f)
{
	uint16_t ip = 0;
	bus_peek(f->bus, BUS_VIEW_NORMAL, 0x8000 - 6, &ip, 2);
	return ip;
}

/* The debug registers set directly; run_real() arms them. */
static void set_dr(struct fixture *f, unsigned n, uint32_t v)
{
	f->cpu->dr[n] = v;
}

static void test_instruction_breakpoint_faults_before(void **state)
{
	struct fixture *f = *state;
	install_db_handler(f);
	/* mov ax,1 ; mov bx,2 (breakpoint here) ; hlt */
	static const uint8_t code[] = { 0xB8, 0x01, 0x00, 0xBB, 0x02, 0x00, 0xFA, 0xF4 };
	bus_poke(f->bus, BUS_VIEW_NORMAL, 0x1000, code, sizeof(code));
	set_dr(f, 0, 0x1003);
	set_dr(f, 7, 0x401);  /* L0, execute, one byte */
	run_real(f, NULL, 0);
	assert_int_equal(f->cpu->eip, 0x2002);
	assert_int_equal(pushed_ip(f), 0x1003);
	assert_int_equal(f->cpu->reg[R_EBX] & 0xFFFF, 0);   /* not executed */
	assert_int_equal(f->cpu->dr[6] & 0xF, 1);
}

static void test_data_breakpoint_traps_after_write(void **state)
{
	struct fixture *f = *state;
	install_db_handler(f);
	/* mov [0x3000],al (no hit: 1 byte before) ; mov [0x3006],al ; nop ; hlt */
	static const uint8_t code[] = { 0xA2, 0x00, 0x30, 0xA2, 0x06, 0x30, 0x90, 0xFA, 0xF4 };
	bus_poke(f->bus, BUS_VIEW_NORMAL, 0x1000, code, sizeof(code));
	set_dr(f, 1, 0x3004);
	set_dr(f, 7, 0x400 | (1u << 2) | (0xDu << 20)); /* L1, write, four bytes */
	run_real(f, NULL, 0);
	assert_int_equal(f->cpu->eip, 0x2002);
	assert_int_equal(pushed_ip(f), 0x1006);             /* after the write */
	assert_int_equal(f->cpu->dr[6] & 0xF, 2);
	uint8_t v = 0;
	bus_peek(f->bus, BUS_VIEW_NORMAL, 0x3006, &v, 1);
	assert_int_equal(v, f->cpu->reg[R_EAX] & 0xFF);
}

static void test_general_detect_faults_on_dr_access(void **state)
{
	struct fixture *f = *state;
	install_db_handler(f);
	static const uint8_t code[] = { 0x0F, 0x21, 0xC0, 0xFA, 0xF4 }; /* mov eax,dr0 */
	bus_poke(f->bus, BUS_VIEW_NORMAL, 0x1000, code, sizeof(code));
	set_dr(f, 7, 0x400 | 0x2000);
	run_real(f, NULL, 0);
	assert_int_equal(f->cpu->eip, 0x2002);
	assert_int_equal(pushed_ip(f), 0x1000);
	assert_true(f->cpu->dr[6] & 0x2000);
	assert_false(f->cpu->dr[7] & 0x2000);
}

/* The writes mask an observer (the trace's log) goes by: the x87's
 * escapes and the MMX and SSE opcodes say the FPU state may change;
 * nothing else does, not even an instruction that may write anything. */
static void test_only_fpu_opcodes_may_write_the_fpu_state(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *bytes;
		unsigned len;
		bool fpu;
	} cases[] = {
		{ "\xd9\xe8", 2, true },              /* fld1 */
		{ "\xdf\xe0", 2, true },              /* fnstsw ax */
		{ "\x0f\x58\xc1", 3, true },          /* addps xmm0, xmm1 */
		{ "\x0f\xae\x10", 3, true },          /* ldmxcsr [eax] */
		{ "\x0f\x77", 2, true },              /* emms */
		{ "\x0f\xef\xc0", 3, true },          /* pxor mm0, mm0 */
		{ "\x90", 1, false },                 /* nop */
		{ "\xe6\x80", 2, false },             /* out 0x80, al: CPU_WRITES_ALL otherwise */
		{ "\x0f\xa2", 2, false },             /* cpuid */
		{ "\x0f\xd8\xc0", 3, true },          /* psubusb: 0F D8 is MMX, not an escape */
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		unsigned w = cpu_insn_writes(f->cpu, (const uint8_t *)cases[k].bytes, cases[k].len,
					     true);
		if (((w & CPU_WRITES_FPU) != 0) != cases[k].fpu)
			fail_msg("case %zu: writes %03x", k, w);
	}
	unsigned out = cpu_insn_writes(f->cpu, (const uint8_t *)"\xe6\x80", 2, true);
	assert_int_equal(out, CPU_WRITES_ALL & ~CPU_WRITES_FPU);
}

/* An MMIO register whose write raises INTR and shortens the run, as the
 * local APIC's ICR and timer registers do. */
struct device_stub {
	struct cpu *cpu;
	uint64_t shorten_by;  /* 0: leave the run alone */
};

static uint32_t stub_read(void *opaque, uint32_t offset, unsigned size)
{
	(void)opaque;
	(void)offset;
	(void)size;
	return 0;
}

static void stub_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct device_stub *d = opaque;
	(void)offset;
	(void)size;
	if (value == 1)
		line_set(&d->cpu->intr, true);
	if (d->shorten_by)
		cpu_shorten_run(d->cpu, d->shorten_by);
}

static const struct bus_io_ops stub_ops = { stub_read, stub_write };

/* Real mode at eip with DS reaching 4 GiB (unreal), for stores to the
 * stub at 0x200000 through a 32-bit address. */
static void start_unreal(struct fixture *f, uint32_t eip)
{
	fixture_start_real(f->cpu, eip, 0x8000);
	f->cpu->seg[S_DS].limit = 0xFFFFFFFFu;
	f->cpu->halted = false;
	cpu_state_changed(f->cpu);
}

/* A write to MMIO ends its block, so that an interrupt it makes pending
 * is taken right after it, not at the block's end; a device that arms a
 * timer during a run ends the run at its deadline. */
static void test_mmio_write_ends_the_block_and_the_run(void **state)
{
	struct fixture *f = *state;
	struct device_stub d = { .cpu = f->cpu };
	assert_true(bus_add_mmio(f->bus, "stub", 0x200000, 0x1000, 1, BUS_VIS_ALL, &stub_ops,
				 &d) >= 0);
	/* no 8259: INTA reads 0xFF; vector 0xFF's handler stores CX at 0x600 */
	static const uint8_t handler[] = { 0x89, 0x0E, 0x00, 0x06, 0xF4 };  /* mov [0x600],cx; hlt */
	static const uint16_t vector[2] = { 0x2000, 0 };
	static const uint16_t unseen = 0xFFFF;
	bus_poke(f->bus, BUS_VIEW_NORMAL, 0x2000, handler, sizeof(handler));
	bus_poke(f->bus, BUS_VIEW_NORMAL, 0xFF * 4, vector, sizeof(vector));
	bus_poke(f->bus, BUS_VIEW_NORMAL, 0x600, &unseen, 2);
	static const uint8_t raise[] = {
		0xFB,                                           /* sti */
		0x31, 0xC9,                                     /* xor cx, cx */
		0x67, 0xC6, 0x05, 0x00, 0x00, 0x20, 0x00, 0x01, /* mov byte [0x200000], 1 */
		0x41, 0x41, 0x41, 0x41, 0xF4,                   /* inc cx (4 times); hlt */
	};
	bus_poke(f->bus, BUS_VIEW_NORMAL, 0x1000, raise, sizeof(raise));
	start_unreal(f, 0x1000);
	cpu_run(f->cpu, 100);
	uint16_t cx;
	bus_peek(f->bus, BUS_VIEW_NORMAL, 0x600, &cx, 2);
	assert_int_equal(cx, 0);                 /* taken before the first INC */
	line_set(&f->cpu->intr, false);
	static const uint8_t arm[] = {
		0x31, 0xC9,                                     /* xor cx, cx */
		0x67, 0xC6, 0x05, 0x00, 0x00, 0x20, 0x00, 0x02, /* mov byte [0x200000], 2 */
		0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0xF4,
	};
	bus_poke(f->bus, BUS_VIEW_NORMAL, 0x1100, arm, sizeof(arm));
	d.shorten_by = 3;
	start_unreal(f, 0x1100);
	uint64_t before = f->cpu->icount;
	assert_int_equal(cpu_run(f->cpu, 100), CPU_EXIT_BUDGET);
	/* three from the store on: the store itself and two INCs */
	assert_int_equal(f->cpu->icount - before, 1 + 3);
	assert_int_equal(f->cpu->reg[R_ECX] & 0xFFFF, 2);
}

/* 16-bit code runs on past 64 KiB under a 4 GiB CS limit (SMM, big real
 * mode: EDK2's SMBASE relocation code in TSEG), and IP wraps at 64 KiB
 * under a 64 KiB limit, as the 8086 and 286 do. */
static void test_16bit_code_above_64k_under_a_4g_limit(void **state)
{
	struct fixture *f = *state;
	static const uint8_t code[] = { 0x90, 0x40, 0xF4 };   /* NOP; INC AX; HLT */
	bus_poke(f->bus, BUS_VIEW_NORMAL, 0xFFFF, code, sizeof(code));
	fixture_start_real(f->cpu, 0xFFFF, 0x8000);
	f->cpu->reg[R_EAX] = 0;
	f->cpu->seg[S_CS].limit = 0xFFFFFFFFu;
	cpu_state_changed(f->cpu);
	assert_int_equal(cpu_run(f->cpu, 10), CPU_EXIT_HALT);
	assert_int_equal(f->cpu->eip, 0x10002);
	assert_int_equal(f->cpu->reg[R_EAX], 1);
	bus_poke(f->bus, BUS_VIEW_NORMAL, 0x0000, code + 1, 2);
	f->cpu->halted = false;
	f->cpu->reg[R_EAX] = 0;
	fixture_start_real(f->cpu, 0xFFFF, 0x8000);   /* limit 64 KiB: NOP, then 0000:0000 */
	f->cpu->seg[S_CS].limit = 0xFFFF;
	cpu_state_changed(f->cpu);
	assert_int_equal(cpu_run(f->cpu, 10), CPU_EXIT_HALT);
	assert_int_equal(f->cpu->eip, 0x0002);
	assert_int_equal(f->cpu->reg[R_EAX], 1);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_reset_state_matches_manual),
		T(test_reset_fpu_and_sse_state),
		T(test_snapshot_holds_fpu_and_sse),
		T(test_decode_32bit_sib_with_ebp_base_uses_ss),
		T(test_decode_16bit_bp_di_disp16),
		T(test_decode_refuses_more_than_15_bytes),
		T(test_lock_on_register_destination_is_ud),
		T(test_lazy_flags_of_add_and_sub),
		T(test_xadd_same_register_keeps_the_sum),
		T(test_self_modifying_code_in_same_block),
		T(test_page_walk_sets_accessed_and_dirty),
		T(test_page_fault_error_codes),
		T(test_four_mib_page_with_pse),
		T(test_triple_fault_shuts_down),
		T(test_division_by_zero_leaves_registers),
		T(test_instruction_breakpoint_faults_before),
		T(test_data_breakpoint_traps_after_write),
		T(test_general_detect_faults_on_dr_access),
		T(test_only_fpu_opcodes_may_write_the_fpu_state),
		T(test_mmio_write_ends_the_block_and_the_run),
		T(test_16bit_code_above_64k_under_a_4g_limit),
	};
#undef T
	return cmocka_run_group_tests_name("cpu", tests, NULL, NULL);
}
