/* Instruction traces: the recorder attached to a running CPU, the reader
 * of smmbox's own trace files (docs/TRACE-FORMAT.md) and of QEMU's
 * `-d cpu` logs, into one form: a sequence of instruction steps, each the
 * CPU state before the instruction plus what it did. */
#ifndef SMMBOX_TRACE_TRACE_H
#define SMMBOX_TRACE_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu/cpu.h"
#include "cpu/events.h"

#define TRACE_MAGIC "SMMBOXTR"
#define TRACE_VERSION 4

/* The state fields a trace carries, in the order of the change mask. */
enum trace_field {
	TF_EAX, TF_ECX, TF_EDX, TF_EBX, TF_ESP, TF_EBP, TF_ESI, TF_EDI,
	TF_EFLAGS, TF_ES, TF_CS, TF_SS, TF_DS, TF_FS, TF_GS,
	TF_CR0, TF_CR3, TF_CR4, TF_SMM, TF_CS_BASE,
	TF_COUNT
};

extern const char *const trace_field_names[TF_COUNT];

/* Record kinds in a trace file: a first byte of 0x80 and above is an
 * instruction record, its low bits the TR_INSN_* flags. */
enum trace_record {
	TR_WRITE = 2,   /* a memory write */
	TR_IO = 3,      /* a port access */
	TR_EVENT = 4,   /* exception, interrupt, SMI, RSM, shutdown */
	TR_END = 0x7F,
	TR_INSN = 0x80, /* an instruction about to execute */
};

/* What an instruction record holds beyond its first byte. */
enum trace_insn_flags {
	TR_INSN_BYTES = 0x01,  /* its bytes (else the code cache's) */
	TR_INSN_EIP = 0x02,    /* EIP (else the last one plus its length) */
	TR_INSN_FETCH = 0x04,  /* view, code size, physical (else as the last) */
	TR_INSN_EFLAGS = 0x08, /* EFLAGS changed */
	TR_INSN_GPRS = 0x10,   /* a mask of changed general registers */
	TR_INSN_OTHER = 0x20,  /* a mask of other changed fields */
	TR_INSN_FPU = 0x40,    /* a mask of changed x87 and SSE fields (version 4) */
};

/* The x87 and SSE fields a trace carries, in the order of their change
 * mask: the physical registers R0-R7, XMM0-7, then the words. */
enum trace_fpu_field {
	TFP_R0 = 0, TFP_XMM0 = 8,
	TFP_FCW = 16, TFP_FSW, TFP_FTW, TFP_FOP, TFP_FIP, TFP_FCS, TFP_FDP, TFP_FDS, TFP_MXCSR,
	TFP_COUNT
};

#define TFP_WORDS (TFP_COUNT - TFP_FCW)
/* Every field; the x87's last instruction and operand pointers (which
 * QEMU's log does not give). */
#define TFP_ALL ((1u << TFP_COUNT) - 1)
#define TFP_POINTERS (1u << TFP_FOP | 1u << TFP_FIP | 1u << TFP_FCS | 1u << TFP_FDP | \
		      1u << TFP_FDS)

extern const char *const trace_fpu_names[TFP_COUNT];

/* The x87 and SSE state before a step, as far as the trace gives it
 * (known: a mask of TFP_* fields; 0 in traces of version 3 and QEMU logs
 * without `fpu`).  FTW is abridged, as FXSAVE stores it: bit k set when
 * R_k is not empty. */
struct trace_fpu {
	uint32_t known;
	struct float80 r[8];
	union cpu_xmm xmm[8];
	uint32_t word[TFP_WORDS];   /* FCW ... MXCSR, by field - TFP_FCW */
};

/* The fields known to both a and b where they differ, as a TFP_* mask. */
uint32_t trace_fpu_differs(const struct trace_fpu *a, const struct trace_fpu *b);

/* A write record's attribute byte: size in bits 0-3, view in 4-5, and
 * whether the physical address equals the linear one. */
#define TR_WRITE_IDENTITY 0x40

/* The code cache both sides keep (docs/TRACE-FORMAT.md): instruction
 * bytes by physical address and view, direct-mapped. */
#define TRACE_CODE_SLOTS 4096

static inline unsigned trace_code_slot(uint32_t physical, unsigned view)
{
	return (physical ^ (physical >> 12) ^ (view << 10)) & (TRACE_CODE_SLOTS - 1);
}

struct trace_code {
	uint32_t physical;
	uint8_t view;
	bool valid;
	uint8_t len;          /* then the bytes: 16 bytes from len on */
	uint8_t bytes[15];
};

/* One step: the state before an instruction and the instruction itself. */
struct trace_step {
	uint32_t field[TF_COUNT];
	uint32_t eip, linear, physical;
	uint8_t view, len;
	bool code32;
	uint8_t bytes[15];
	struct trace_fpu fpu;
};

/* What a step was followed by, for dump and stats. */
struct trace_side {
	enum trace_record kind;
	uint8_t event, vector, size, view;
	bool is_write;
	uint32_t address, physical, value;
};

/* ---- recording ---- */

struct trace_writer;

/* Open FILE and write the header: the options and the images (name and
 * SHA-256 of each path given; a NULL path is skipped).  One line on
 * stderr and NULL on failure. */
struct trace_writer *trace_writer_open(const char *path, const char *options,
				       const char *const images[], unsigned nimages);
/* The listener to hang on cpu->events. */
const struct cpu_events *trace_writer_events(struct trace_writer *w);
/* Finish the file; false (with a message) if anything failed. */
bool trace_writer_close(struct trace_writer *w);
/* The file's size and the instructions in it so far (after encoding
 * what is still waiting). */
uint64_t trace_writer_bytes(struct trace_writer *w);
uint64_t trace_writer_steps(struct trace_writer *w);

/* ---- reading ---- */

struct trace_reader;

/* Open an smmbox trace or a QEMU `-d cpu` log (told apart by content).
 * One line on stderr and NULL when it is neither or is damaged. */
struct trace_reader *trace_reader_open(const char *path);
/* The same from f, which must be seekable (a QEMU log is recognized by
 * reading ahead and going back) and which the reader then owns: it is
 * closed by trace_reader_close(), or here on failure.  name stands for
 * the file in messages and must outlive the reader. */
struct trace_reader *trace_reader_open_stream(FILE *f, const char *name);
void trace_reader_close(struct trace_reader *r);
/* The next step (true) or the end; side events between this step and the
 * next are given to side_fn when not NULL.  A damaged file: a message on
 * stderr, false, and trace_reader_failed(). */
bool trace_reader_next(struct trace_reader *r, struct trace_step *step,
		       void (*side_fn)(void *opaque, const struct trace_side *side),
		       void *opaque);
bool trace_reader_failed(const struct trace_reader *r);
const char *trace_reader_describe(const struct trace_reader *r);

/* QEMU's log (qemu_log.c), used by the reader. */
struct qemu_log;
struct qemu_log *qemu_log_open(FILE *f);
bool qemu_log_next(struct qemu_log *q, struct trace_step *step, bool *failed);
void qemu_log_close(struct qemu_log *q);

#endif
