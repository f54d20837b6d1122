/* The trace format: what the recorder writes the reader gives back, step
 * for step and side record for side record; damaged files and QEMU logs
 * are told apart and reported, never misread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cpu/core.h"
#include "mem/bus.h"
#include "trace/trace.h"

struct fixture {
	struct bus *bus;
	struct cpu *cpu;
	char path[64];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->bus = bus_new();
	f->cpu = cpu_new(f->bus);
	cpu_reset(f->cpu);
	snprintf(f->path, sizeof(f->path), "test-trace-%ld.trc", (long)getpid());
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unlink(f->path);
	cpu_free(f->cpu);
	bus_free(f->bus);
	free(f);
	return 0;
}

static void send(struct trace_writer *w, const struct cpu *cpu, const struct cpu_event *ev)
{
	const struct cpu_events *e = trace_writer_events(w);
	e->event(e->opaque, cpu, ev);
}

static struct cpu_event insn(uint32_t eip, uint32_t physical, const char *bytes, uint8_t len)
{
	struct cpu_event ev = { .kind = CPU_EV_INSN, .eip = eip, .len = len, .code32 = true };
	ev.linear = eip;   /* CS base 0 in these tests */
	ev.physical = physical;
	memcpy(ev.bytes, bytes, len);
	return ev;
}

struct sides {
	struct trace_side side[8];
	unsigned n;
};

static void collect(void *opaque, const struct trace_side *side)
{
	struct sides *s = opaque;
	if (s->n < 8)
		s->side[s->n++] = *side;
}

static void round_trip(void **state)
{
	struct fixture *f = *state;
	struct cpu *cpu = f->cpu;
	cpu->seg[S_CS].sel = 8;
	cpu->seg[S_CS].base = 0;
	struct trace_writer *w = trace_writer_open(f->path, "--bios x.bin", NULL, 0);
	assert_non_null(w);

	cpu->reg[R_EAX] = 0x12345678;
	struct cpu_event e1 = insn(0x1000, 0x1000, "\x90", 1);
	send(w, cpu, &e1);
	struct cpu_event wr = { .kind = CPU_EV_WRITE, .address = 0x2000, .physical = 0x7F2000,
				.size = 4, .value = 0xDEADBEEF, .view = BUS_VIEW_SMM_DATA };
	send(w, cpu, &wr);
	struct cpu_event io = { .kind = CPU_EV_IO, .address = 0xB2, .size = 1, .value = 0x5A,
				.is_write = true };
	send(w, cpu, &io);
	struct cpu_event smi = { .kind = CPU_EV_SMI };
	send(w, cpu, &smi);
	/* Paged: the physical address differs from the linear one. */
	cpu->reg[R_ESP] = 0x7000;
	cpu->smm = 1;
	struct cpu_event e2 = insn(0x0FF0, 0x345FF0, "\x0f\xaa", 2);
	e2.view = BUS_VIEW_SMM_CODE;
	send(w, cpu, &e2);
	struct cpu_event ex = { .kind = CPU_EV_EXCEPTION, .vector = 13 };
	send(w, cpu, &ex);
	assert_int_equal(trace_writer_steps(w), 2);
	assert_true(trace_writer_close(w));

	struct trace_reader *r = trace_reader_open(f->path);
	assert_non_null(r);
	assert_non_null(strstr(trace_reader_describe(r), "--bios x.bin"));
	struct trace_step s;
	struct sides sides = { .n = 0 };
	assert_true(trace_reader_next(r, &s, collect, &sides));
	assert_int_equal(s.eip, 0x1000);
	assert_int_equal(s.physical, 0x1000);
	assert_int_equal(s.len, 1);
	assert_int_equal(s.bytes[0], 0x90);
	assert_int_equal(s.field[TF_EAX], 0x12345678);
	assert_int_equal(s.field[TF_CS], 8);
	assert_true(s.code32);
	assert_int_equal(sides.n, 0);

	assert_true(trace_reader_next(r, &s, collect, &sides));
	assert_int_equal(s.eip, 0x0FF0);
	assert_int_equal(s.linear, 0x0FF0);
	assert_int_equal(s.physical, 0x345FF0);
	assert_int_equal(s.view, BUS_VIEW_SMM_CODE);
	assert_int_equal(s.field[TF_ESP], 0x7000);
	assert_int_equal(s.field[TF_EAX], 0x12345678);   /* unchanged, carried */
	assert_int_equal(s.field[TF_SMM], 1);
	assert_memory_equal(s.bytes, "\x0f\xaa", 2);
	/* The write, the port access and the SMI came after step 1. */
	assert_int_equal(sides.n, 3);
	assert_int_equal(sides.side[0].kind, TR_WRITE);
	assert_int_equal(sides.side[0].address, 0x2000);
	assert_int_equal(sides.side[0].physical, 0x7F2000);
	assert_int_equal(sides.side[0].value, 0xDEADBEEF);
	assert_int_equal(sides.side[0].size, 4);
	assert_int_equal(sides.side[0].view, BUS_VIEW_SMM_DATA);
	assert_int_equal(sides.side[1].kind, TR_IO);
	assert_int_equal(sides.side[1].address, 0xB2);
	assert_true(sides.side[1].is_write);
	assert_int_equal(sides.side[1].value, 0x5A);
	assert_int_equal(sides.side[2].kind, TR_EVENT);
	assert_int_equal(sides.side[2].event, CPU_EV_SMI);

	sides.n = 0;
	assert_false(trace_reader_next(r, &s, collect, &sides));
	assert_false(trace_reader_failed(r));
	assert_int_equal(sides.n, 1);
	assert_int_equal(sides.side[0].event, CPU_EV_EXCEPTION);
	assert_int_equal(sides.side[0].vector, 13);
	trace_reader_close(r);
}

/* The x87 and SSE state reads back as it was before each instruction:
 * given whole at the first, then only where it changed. */
static void fpu_state_round_trip(void **state)
{
	struct fixture *f = *state;
	struct cpu *cpu = f->cpu;
	struct trace_writer *w = trace_writer_open(f->path, "", NULL, 0);
	assert_non_null(w);
	cpu->fpu.control = 0x037F;
	cpu->fpu.status = 0x3800;
	cpu->fpu.empty = 0x7F;
	cpu->fpu.st[7] = (struct float80){ 0xC90FDAA22168C235ull, 0x4000 };
	cpu->fpu.opcode = 0x1EB;
	cpu->fpu.cs = 0xF000;
	cpu->fpu.ip = 0x1D9A;
	cpu->fpu.ds = 0x10;
	cpu->fpu.dp = 0x8000;
	for (unsigned b = 0; b < 16; b++)
		cpu->sse.xmm[3].b[b] = (uint8_t)(b + 1);
	cpu->sse.mxcsr = 0x1FA0;
	struct cpu_event e1 = insn(0x100, 0x100, "\xd9\xeb", 2);
	send(w, cpu, &e1);
	cpu->fpu.st[7].signif ^= 1;
	cpu->fpu.status = 0;
	cpu->fpu.empty = 0xFF;
	struct cpu_event e2 = insn(0x102, 0x102, "\x90", 1);
	send(w, cpu, &e2);
	send(w, cpu, &e2);
	assert_true(trace_writer_close(w));

	struct trace_reader *r = trace_reader_open(f->path);
	assert_non_null(r);
	struct trace_step s;
	assert_true(trace_reader_next(r, &s, NULL, NULL));
	assert_int_equal(s.fpu.known, TFP_ALL);
	assert_int_equal(s.fpu.word[TFP_FCW - TFP_FCW], 0x037F);
	assert_int_equal(s.fpu.word[TFP_FSW - TFP_FCW], 0x3800);
	assert_int_equal(s.fpu.word[TFP_FTW - TFP_FCW], 0x80);  /* abridged: R7 not empty */
	assert_int_equal(s.fpu.word[TFP_FOP - TFP_FCW], 0x1EB);
	assert_int_equal(s.fpu.word[TFP_FCS - TFP_FCW], 0xF000);
	assert_int_equal(s.fpu.word[TFP_FIP - TFP_FCW], 0x1D9A);
	assert_int_equal(s.fpu.word[TFP_FDS - TFP_FCW], 0x10);
	assert_int_equal(s.fpu.word[TFP_FDP - TFP_FCW], 0x8000);
	assert_int_equal(s.fpu.word[TFP_MXCSR - TFP_FCW], 0x1FA0);
	assert_true(s.fpu.r[7].signif == 0xC90FDAA22168C235ull);
	assert_int_equal(s.fpu.r[7].sign_exp, 0x4000);
	assert_memory_equal(s.fpu.xmm[3].b, cpu->sse.xmm[3].b, 16);
	struct trace_fpu first = s.fpu;
	assert_true(trace_reader_next(r, &s, NULL, NULL));
	assert_int_equal(trace_fpu_differs(&first, &s.fpu),
			 1u << (TFP_R0 + 7) | 1u << TFP_FSW | 1u << TFP_FTW);
	assert_true(s.fpu.r[7].signif == 0xC90FDAA22168C234ull);
	assert_int_equal(s.fpu.word[TFP_FTW - TFP_FCW], 0);
	struct trace_fpu second = s.fpu;
	assert_true(trace_reader_next(r, &s, NULL, NULL));
	assert_int_equal(trace_fpu_differs(&second, &s.fpu), 0);
	assert_false(trace_reader_next(r, &s, NULL, NULL));
	assert_false(trace_reader_failed(r));
	trace_reader_close(r);
}

/* An instruction that did not decode (more than 15 bytes of prefixes)
 * has a record of no bytes; first in the trace, before any instruction
 * bytes were sent, it still gives the reader's code cache its slot, and
 * again at the same place it reads back from the cache. */
static void undecoded_first_instruction(void **state)
{
	struct fixture *f = *state;
	struct trace_writer *w = trace_writer_open(f->path, "", NULL, 0);
	assert_non_null(w);
	struct cpu_event e = insn(0x8000, 0x38000, "", 0);
	send(w, f->cpu, &e);
	struct cpu_event gp = { .kind = CPU_EV_EXCEPTION, .vector = 13 };
	send(w, f->cpu, &gp);
	send(w, f->cpu, &e);
	assert_true(trace_writer_close(w));

	struct trace_reader *r = trace_reader_open(f->path);
	assert_non_null(r);
	struct trace_step s;
	for (unsigned k = 0; k < 2; k++) {
		assert_true(trace_reader_next(r, &s, NULL, NULL));
		assert_int_equal(s.physical, 0x38000);
		assert_int_equal(s.len, 0);
	}
	assert_false(trace_reader_next(r, &s, NULL, NULL));
	assert_false(trace_reader_failed(r));
	trace_reader_close(r);
}

/* Every length of varint (1 to 5 bytes, at each boundary) reads back as
 * written: a register takes each value in turn. */
static void varint_lengths(void **state)
{
	static const uint32_t values[] = {
		0, 1, 0x7F, 0x80, 0x3FFF, 0x4000, 0x1FFFFF, 0x200000, 0xFFFFFFF,
		0x10000000, 0x7FFFFFFF, 0xFFFFFFFF, 0x12345678, 0,
	};
	enum { N = sizeof(values) / sizeof(values[0]) };
	struct fixture *f = *state;
	struct trace_writer *w = trace_writer_open(f->path, "", NULL, 0);
	assert_non_null(w);
	for (unsigned k = 0; k < N; k++) {
		f->cpu->reg[R_EBX] = values[k];
		struct cpu_event nop = insn(0x500 + k, 0x500 + k, "\x90", 1);
		send(w, f->cpu, &nop);
		struct cpu_event wr = { .kind = CPU_EV_WRITE, .address = values[k],
					.physical = values[k], .size = 4, .value = ~values[k] };
		send(w, f->cpu, &wr);
	}
	assert_true(trace_writer_close(w));
	struct trace_reader *r = trace_reader_open(f->path);
	assert_non_null(r);
	struct trace_step s;
	for (unsigned k = 0; k < N; k++) {
		struct sides sides = { .n = 0 };
		assert_true(trace_reader_next(r, &s, collect, &sides));
		assert_int_equal(s.field[TF_EBX], values[k]);
		assert_int_equal(s.eip, 0x500 + k);
		if (k > 0) {
			assert_int_equal(sides.n, 1);
			assert_int_equal(sides.side[0].address, values[k - 1]);
			assert_int_equal(sides.side[0].value, ~values[k - 1]);
		}
	}
	trace_reader_close(r);
}

static long file_size(const char *path)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fclose(fp);
	return n;
}

/* A two-instruction loop at 0x500 (physical 0x80500, SMRAM code) run
 * rounds times, then its first instruction rewritten. */
static void record_loop(struct fixture *f, unsigned rounds)
{
	struct cpu *cpu = f->cpu;
	cpu->seg[S_CS].base = 0;
	cpu->reg[R_EAX] = 0;
	struct trace_writer *w = trace_writer_open(f->path, "", NULL, 0);
	assert_non_null(w);
	for (unsigned k = 0; k < rounds; k++) {
		cpu->reg[R_ECX] = 3 - k;
		struct cpu_event inc = insn(0x500, 0x80500, "\x40", 1);   /* inc eax */
		inc.view = BUS_VIEW_SMM_CODE;
		send(w, cpu, &inc);
		cpu->reg[R_EAX] = 0xFFFF0000u + k;
		struct cpu_event loop = insn(0x501, 0x80501, "\xe2\xfd", 2);
		loop.view = BUS_VIEW_SMM_CODE;
		send(w, cpu, &loop);
	}
	struct cpu_event nop = insn(0x500, 0x80500, "\x90", 1);
	nop.view = BUS_VIEW_SMM_CODE;
	send(w, cpu, &nop);
	assert_true(trace_writer_close(w));
}

/* What the reader takes from earlier records: bytes from the code cache
 * (until the code at that address changes), EIP from the last one's end,
 * the fetch view and physical offset, and values as changes (XOR). */
static void carried_state(void **state)
{
	struct fixture *f = *state;
	/* After the first round, whose records carry the whole state, a
	 * round costs 7 bytes: the two records' first bytes, two masks, ECX's
	 * and EAX's changes, and the EIP of the jump back. */
	record_loop(f, 1);
	long one = file_size(f->path);
	record_loop(f, 3);
	assert_int_equal(file_size(f->path) - one, 2 * 7);

	struct trace_reader *r = trace_reader_open(f->path);
	assert_non_null(r);
	struct trace_step s;
	for (unsigned k = 0; k < 3; k++) {
		assert_true(trace_reader_next(r, &s, NULL, NULL));
		assert_int_equal(s.eip, 0x500);
		assert_int_equal(s.physical, 0x80500);
		assert_int_equal(s.view, BUS_VIEW_SMM_CODE);
		assert_int_equal(s.len, 1);
		assert_int_equal(s.bytes[0], 0x40);
		assert_int_equal(s.field[TF_ECX], 3 - k);
		assert_true(trace_reader_next(r, &s, NULL, NULL));
		assert_int_equal(s.eip, 0x501);
		assert_int_equal(s.physical, 0x80501);
		assert_int_equal(s.len, 2);
		assert_memory_equal(s.bytes, "\xe2\xfd", 2);
		assert_int_equal(s.field[TF_EAX], 0xFFFF0000u + k);
	}
	assert_true(trace_reader_next(r, &s, NULL, NULL));
	assert_int_equal(s.eip, 0x500);
	assert_int_equal(s.len, 1);
	assert_int_equal(s.bytes[0], 0x90);
	assert_false(trace_reader_next(r, &s, NULL, NULL));
	assert_false(trace_reader_failed(r));
	trace_reader_close(r);
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	fclose(fp);
}

/* A recording cut short anywhere is reported as damaged, not misread. */
static void truncated_is_damaged(void **state)
{
	struct fixture *f = *state;
	struct trace_writer *w = trace_writer_open(f->path, "", NULL, 0);
	assert_non_null(w);
	for (unsigned k = 0; k < 4; k++) {
		f->cpu->reg[R_ECX] = k * 1000;
		struct cpu_event e = insn(0x100 + k, 0x100 + k, "\x41", 1);
		send(w, f->cpu, &e);
	}
	assert_true(trace_writer_close(w));
	FILE *fp = fopen(f->path, "rb");
	assert_non_null(fp);
	unsigned char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	for (size_t cut = 8; cut < n; cut++) {
		write_file(f->path, buf, cut);
		struct trace_reader *r = trace_reader_open(f->path);
		if (!r)
			continue;   /* the header itself was cut */
		struct trace_step s;
		unsigned steps = 0;
		while (trace_reader_next(r, &s, NULL, NULL))
			steps++;
		assert_true(trace_reader_failed(r));
		assert_true(steps <= 4);
		trace_reader_close(r);
	}
}

static void garbage_is_refused(void **state)
{
	struct fixture *f = *state;
	write_file(f->path, "hello, world\n", 13);
	assert_null(trace_reader_open(f->path));
	/* A record kind no writer makes; an FPU field no writer knows (bit
	 * 25 of the mask); an instruction whose bytes were never given (the
	 * code cache is empty); a write attribute no writer sets; a 5-byte
	 * varint above 32 bits (the address of a port record). */
	static const unsigned char bad[][10] = {
		{ 0x55 },
		{ 0xC1, 1, 0x90, 0x07, 0x00, 0x00, 0x20 },
		{ 0x80 },
		{ 0x81, 1, 0x90, TR_WRITE, 0x84, 0, 0 },
		{ 0x81, 1, 0x90, TR_IO, 0x11, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF },
	};
	for (unsigned k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		unsigned char file[13 + sizeof(bad[0])] = { 'S', 'M', 'M', 'B', 'O', 'X', 'T', 'R',
							     TRACE_VERSION, 0, 0, 0, 0 };
		memcpy(file + 13, bad[k], sizeof(bad[0]));
		write_file(f->path, file, sizeof(file));
		struct trace_reader *r = trace_reader_open(f->path);
		assert_non_null(r);
		struct trace_step s;
		while (trace_reader_next(r, &s, NULL, NULL))
			;
		assert_true(trace_reader_failed(r));
		trace_reader_close(r);
	}
	/* Version 3 had no FPU fields: its flag 0x40 is damage. */
	static const unsigned char v3[] = { 'S', 'M', 'M', 'B', 'O', 'X', 'T', 'R', 3, 0, 0, 0, 0,
					    0xC1, 1, 0x90, 0, TR_END };
	write_file(f->path, v3, sizeof(v3));
	struct trace_reader *r = trace_reader_open(f->path);
	assert_non_null(r);
	struct trace_step s;
	assert_false(trace_reader_next(r, &s, NULL, NULL));
	assert_true(trace_reader_failed(r));
	trace_reader_close(r);
	/* An unknown version. */
	static const unsigned char v9[] = { 'S', 'M', 'M', 'B', 'O', 'X', 'T', 'R', 9, 0, 0, 0, 0 };
	write_file(f->path, v9, sizeof(v9));
	assert_null(trace_reader_open(f->path));
}

static const char qemu_dump[] =
	"EAX=00000001 EBX=00000002 ECX=00000003 EDX=00000004\n"
	"ESI=00000005 EDI=00000006 EBP=00000007 ESP=00007000\n"
	"EIP=0000fff0 EFL=00000002 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=0\n"
	"ES =0000 00000000 0000ffff 00009300\n"
	"CS =f000 ffff0000 0000ffff 00009b00\n"
	"SS =0000 00000000 0000ffff 00009300\n"
	"DS =0000 00000000 0000ffff 00009300\n"
	"FS =0000 00000000 0000ffff 00009300\n"
	"GS =0000 00000000 0000ffff 00009300\n"
	"CR0=60000010 CR2=00000000 CR3=00000000 CR4=00000000\n";

/* QEMU's log: one step per dump; a dump followed by "Stopped execution"
 * (icount ran out before the block) and the dumps of "v=" interrupt
 * lines are not instructions. */
static void qemu_log_steps(void **state)
{
	struct fixture *f = *state;
	char text[4096];
	snprintf(text, sizeof(text),
		 "Trace 0: 0x1 [00000000/000ffff0/0/0]\n%s"
		 "Stopped execution of TB chain before 0x1 [000ffff0]\n"
		 "Trace 0: 0x1 [00000000/000ffff0/0/0]\n%s"
		 "     0: v=08 e=0000 i=0 cpl=0 IP=f000:fff0\n%s",
		 qemu_dump, qemu_dump, qemu_dump);
	write_file(f->path, text, strlen(text));
	struct trace_reader *r = trace_reader_open(f->path);
	assert_non_null(r);
	struct trace_step s;
	assert_true(trace_reader_next(r, &s, NULL, NULL));
	assert_int_equal(s.eip, 0xFFF0);
	assert_int_equal(s.field[TF_EAX], 1);
	assert_int_equal(s.field[TF_ECX], 3);
	assert_int_equal(s.field[TF_ESP], 0x7000);
	assert_int_equal(s.field[TF_CS], 0xF000);
	assert_int_equal(s.field[TF_CS_BASE], 0xFFFF0000);
	assert_int_equal(s.field[TF_CR0], 0x60000010);
	assert_false(trace_reader_next(r, &s, NULL, NULL));
	assert_false(trace_reader_failed(r));
	trace_reader_close(r);

	/* A dump cut off before its CR0 line. */
	snprintf(text, sizeof(text), "%.*s", 200, qemu_dump);
	write_file(f->path, text, strlen(text));
	r = trace_reader_open(f->path);
	assert_non_null(r);
	assert_false(trace_reader_next(r, &s, NULL, NULL));
	assert_true(trace_reader_failed(r));
	trace_reader_close(r);
}

/* The FPU part of a dump (-d cpu,fpu), as QEMU 7.2 prints it after
 * FLDPI: TOP 7, the value in the physical register R7 (FPR7), the tag
 * abridged (bit 7: R7 not empty), XMM as its high then low quadword. */
static const char qemu_fpu[] =
	"DR0=00000000 DR1=00000000 DR2=00000000 DR3=00000000 \n"
	"DR6=ffff0ff0 DR7=00000400\n"
	"CCS=00000000 CCD=00000000 CCO=EFLAGS\n"
	"EFER=0000000000000000\n"
	"FCW=037f FSW=3800 [ST=7] FTW=80 MXCSR=00001f80\n"
	"FPR0=0000000000000000 0000 FPR1=0000000000000000 0000\n"
	"FPR2=0000000000000000 0000 FPR3=0000000000000000 0000\n"
	"FPR4=0000000000000000 0000 FPR5=0000000000000000 0000\n"
	"FPR6=0000000000000000 0000 FPR7=c90fdaa22168c235 4000\n"
	"XMM00=ffeeddccbbaa9988 7766554433221100 XMM01=0000000000000000 0000000000000000\n"
	"XMM02=0000000000000000 0000000000000000 XMM03=0000000000000000 0000000000000000\n"
	"XMM04=0000000000000000 0000000000000000 XMM05=0000000000000000 0000000000000000\n"
	"XMM06=0000000000000000 0000000000000000 XMM07=0000000000000000 0000000000000001\n";

static void qemu_log_fpu(void **state)
{
	struct fixture *f = *state;
	char text[8192];
	snprintf(text, sizeof(text), "%s%s%s", qemu_dump, qemu_fpu, qemu_dump);
	write_file(f->path, text, strlen(text));
	struct trace_reader *r = trace_reader_open(f->path);
	assert_non_null(r);
	struct trace_step s;
	assert_true(trace_reader_next(r, &s, NULL, NULL));
	assert_int_equal(s.fpu.known, TFP_ALL & ~TFP_POINTERS);
	assert_int_equal(s.fpu.word[TFP_FCW - TFP_FCW], 0x037F);
	assert_int_equal(s.fpu.word[TFP_FSW - TFP_FCW], 0x3800);
	assert_int_equal(s.fpu.word[TFP_FTW - TFP_FCW], 0x80);
	assert_int_equal(s.fpu.word[TFP_MXCSR - TFP_FCW], 0x1F80);
	assert_true(s.fpu.r[7].signif == 0xC90FDAA22168C235ull);
	assert_int_equal(s.fpu.r[7].sign_exp, 0x4000);
	assert_true(s.fpu.r[0].signif == 0);
	static const uint8_t xmm0[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
					  0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
	assert_memory_equal(s.fpu.xmm[0].b, xmm0, 16);
	assert_int_equal(s.fpu.xmm[7].b[0], 1);
	/* A dump without the FPU part gives none of it. */
	assert_true(trace_reader_next(r, &s, NULL, NULL));
	assert_int_equal(s.fpu.known, 0);
	assert_false(trace_reader_next(r, &s, NULL, NULL));
	assert_false(trace_reader_failed(r));
	trace_reader_close(r);

	/* An FPU part cut off after its FCW line is damage. */
	snprintf(text, sizeof(text), "%s%.*s", qemu_dump, (int)(strstr(qemu_fpu, "FPR0") - qemu_fpu),
		 qemu_fpu);
	write_file(f->path, text, strlen(text));
	r = trace_reader_open(f->path);
	assert_non_null(r);
	assert_false(trace_reader_next(r, &s, NULL, NULL));
	assert_true(trace_reader_failed(r));
	trace_reader_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(fpu_state_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(undecoded_first_instruction, setup, teardown),
		cmocka_unit_test_setup_teardown(truncated_is_damaged, setup, teardown),
		cmocka_unit_test_setup_teardown(carried_state, setup, teardown),
		cmocka_unit_test_setup_teardown(varint_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(garbage_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(qemu_log_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(qemu_log_fpu, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
