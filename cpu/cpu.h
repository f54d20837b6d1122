/* The CPU: a 32-bit x86 (386 integer set, the 486 additions and the P6
 * pieces firmware uses) that reaches the world only through a struct bus
 * and the lines it exposes (INTR, NMI, SMI, A20M#, RESET).
 *
 * The register file below is the public inspection API: debuggers and
 * test harnesses read and write it between cpu_run() calls.  After writing
 * segment, control or flag registers directly, call cpu_state_changed(). */
#ifndef SMMBOX_CPU_CPU_H
#define SMMBOX_CPU_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "mem/bus.h"
#include "mem/line.h"
#include "softfloat/softfloat.h"

enum cpu_reg { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI };
enum cpu_sreg { S_ES, S_CS, S_SS, S_DS, S_FS, S_GS, S_COUNT };

/* EFLAGS bits (SDM Vol.1 §3.4.3). */
#define FLAG_CF   0x00000001u
#define FLAG_PF   0x00000004u
#define FLAG_AF   0x00000010u
#define FLAG_ZF   0x00000040u
#define FLAG_SF   0x00000080u
#define FLAG_TF   0x00000100u
#define FLAG_IF   0x00000200u
#define FLAG_DF   0x00000400u
#define FLAG_OF   0x00000800u
#define FLAG_IOPL 0x00003000u
#define FLAG_NT   0x00004000u
#define FLAG_RF   0x00010000u
#define FLAG_VM   0x00020000u
#define FLAG_AC   0x00040000u
#define FLAG_ID   0x00200000u
#define FLAGS_ARITH (FLAG_CF | FLAG_PF | FLAG_AF | FLAG_ZF | FLAG_SF | FLAG_OF)

#define CR0_PE 0x00000001u
#define CR0_MP 0x00000002u
#define CR0_EM 0x00000004u
#define CR0_TS 0x00000008u
#define CR0_ET 0x00000010u
#define CR0_NE 0x00000020u
#define CR0_WP 0x00010000u
#define CR0_AM 0x00040000u
#define CR0_NW 0x20000000u
#define CR0_CD 0x40000000u
#define CR0_PG 0x80000000u

#define CR4_VME 0x00000001u
#define CR4_PVI 0x00000002u
#define CR4_TSD 0x00000004u
#define CR4_DE  0x00000008u
#define CR4_PSE 0x00000010u
#define CR4_PAE 0x00000020u
#define CR4_MCE 0x00000040u
#define CR4_PGE 0x00000080u
#define CR4_PCE 0x00000100u        /* RDPMC at any CPL (the P6 models') */
#define CR4_OSFXSR 0x00000200u     /* the OS saves SSE state with FXSAVE: SSE enabled */
#define CR4_OSXMMEXCPT 0x00000400u /* the OS handles #XM: else SSE exceptions are #UD */

/* Exception vectors (SDM Vol.3A §6.3.1). */
enum cpu_vector {
	VEC_DE = 0, VEC_DB = 1, VEC_NMI = 2, VEC_BP = 3, VEC_OF = 4, VEC_BR = 5,
	VEC_UD = 6, VEC_NM = 7, VEC_DF = 8, VEC_TS = 10, VEC_NP = 11,
	VEC_SS = 12, VEC_GP = 13, VEC_PF = 14, VEC_MF = 16, VEC_AC = 17, VEC_XM = 19,
};

/* A segment register with its hidden descriptor cache.  attr holds the
 * descriptor's access byte in bits 0-7 and its flags nibble (AVL, L, D/B,
 * G) in bits 12-15, as QEMU's SMM save state does. */
struct cpu_segment {
	uint16_t sel;
	uint16_t attr;
	uint32_t base;
	uint32_t limit; /* in bytes, granularity applied */
};

#define SEG_ATTR_TYPE  0x000Fu
#define SEG_ATTR_S     0x0010u
#define SEG_ATTR_DPL   0x0060u
#define SEG_ATTR_P     0x0080u
#define SEG_ATTR_DB    0x4000u
#define SEG_ATTR_G     0x8000u

struct cpu_table_reg {
	uint32_t base;
	uint16_t limit;
};

/* Where an SMI came from, in the SMI event's vector field. */
enum cpu_smi_source {
	CPU_SMI_PIN,   /* the SMI# pin, driven by the chipset */
	CPU_SMI_APIC,  /* a message from the local APIC (an IPI with SMI delivery) */
};

/* IA32_APIC_BASE's fields: the BSP flag, the global enable, the base. */
#define APIC_BASE_BSP     0x100u
#define APIC_BASE_ENABLE  0x800u
#define APIC_BASE_ADDRESS 0xFFFFF000u
#define APIC_BASE_DEFAULT (0xFEE00000u | APIC_BASE_ENABLE | APIC_BASE_BSP)

/* Why cpu_run() returned. */
enum cpu_exit {
	CPU_EXIT_BUDGET,   /* the instruction budget ran out */
	CPU_EXIT_HALT,     /* HLT with interrupts disabled: nothing can wake it */
	CPU_EXIT_IDLE,     /* HLT with IF=1: waiting for an interrupt */
	CPU_EXIT_SHUTDOWN, /* triple fault or invalid RSM state */
	CPU_EXIT_REQUEST,  /* cpu_request_exit() was called */
};

/* The x87 FPU's registers (SDM Vol.1 §8.1).  st[] are the physical
 * registers R0-R7: ST(i) is st[(TOP + i) & 7], TOP being bits 11-13 of
 * status.  The tag word is not kept: a register is empty or not (empty),
 * and the full tag word is computed from the contents when read
 * (cpu_fpu_tag_word()), as a P6 does for FSTENV and FSAVE. */
struct cpu_fpu {
	struct float80 st[8];
	uint16_t control;   /* FCW */
	uint16_t status;    /* FSW, TOP included */
	uint8_t empty;      /* bit k: R_k is empty */
	uint16_t opcode;    /* FOP: the last non-control instruction's opcode, 11 bits */
	uint32_t ip, dp;    /* its offset, and its memory operand's */
	uint16_t cs, ds;    /* their selectors */
};

#define FSW_IE  0x0001u
#define FSW_DE  0x0002u
#define FSW_ZE  0x0004u
#define FSW_OE  0x0008u
#define FSW_UE  0x0010u
#define FSW_PE  0x0020u
#define FSW_SF  0x0040u
#define FSW_ES  0x0080u
#define FSW_C0  0x0100u
#define FSW_C1  0x0200u
#define FSW_C2  0x0400u
#define FSW_TOP 0x3800u
#define FSW_C3  0x4000u
#define FSW_B   0x8000u
#define FCW_EXCEPTION_MASKS 0x003Fu

/* The SSE unit's registers (a Pentium III's: SSE, not SSE2): eight
 * 128-bit XMM registers, as four singles or bytes, and MXCSR.  The MMX
 * registers MM0-MM7 are the x87's physical registers' significands. */
union cpu_xmm {
	uint32_t f32[4];
	uint64_t q[2];
	uint8_t b[16];
};

struct cpu_sse {
	union cpu_xmm xmm[8];
	uint32_t mxcsr;
};

#define MXCSR_RESET 0x1F80u
/* The MXCSR bits a Pentium III has: flags, masks, rounding, FZ (no DAZ). */
#define MXCSR_MASK 0xFFBFu

/* The model-specific registers a P6 has besides the TSC and
 * IA32_APIC_BASE (cpu/msr.c): stored and read back with their reserved
 * bits checked, with no caching model behind the MTRRs and PAT and no
 * machine check ever logged in the banks. */
#define CPU_MTRR_VARIABLE 8
#define CPU_MTRR_FIXED 11
#define CPU_MC_BANKS 5
struct cpu_msrs {
	uint64_t mtrr_def_type;
	uint64_t mtrr_fixed[CPU_MTRR_FIXED];        /* 0x250, 0x258-0x259, 0x268-0x26F */
	uint64_t mtrr_var[2 * CPU_MTRR_VARIABLE];   /* 0x200-0x20F: base, mask pairs */
	uint64_t pat;
	uint32_t sysenter_cs, sysenter_esp, sysenter_eip;
	uint64_t mcg_status, mcg_ctl;
	uint64_t mc_ctl[CPU_MC_BANKS], mc_status[CPU_MC_BANKS], mc_addr[CPU_MC_BANKS];
	uint64_t misc_enable;
};

/* The P6 family's performance-monitoring counters (cpu/pmu.c, SDM
 * Vol.3B §18.22): PerfEvtSel0/1 as written and PerfCtr0/1's 40 bits.
 * A counter that counts advances by one for each instruction retired,
 * so its value is kept as it was at icount settled_at, and the
 * instructions retired since are added when it is read (pmu_counter()):
 * nothing is done per instruction.  Every change of what counts (a CPL
 * crossing between 0 and the others, a write of one of the four MSRs)
 * settles the counts first. */
struct cpu_pmu {
	uint64_t evtsel[2];
	uint64_t ctr[2];       /* as at settled_at, 40 bits */
	uint64_t settled_at;   /* the icount the counts were brought up to */
	uint8_t counting;      /* bit k: PerfCtr k counts each instruction since */
	/* The icount at which a counting counter with INT set overflows
	 * (UINT64_MAX: none): the run ends there for the interrupt. */
	uint64_t overflow_at;
};

/* The tag word: two bits a register, R0 in bits 0-1: 00 valid, 01 zero,
 * 10 special (NaN, infinity, denormal, unsupported), 11 empty. */
uint16_t cpu_fpu_tag_word(const struct cpu_fpu *fpu);

struct cpu_events; /* event sinks: cpu/events.h */
struct cpu_model;  /* what the CPU is: cpu/model.h */
struct cpu_core;   /* decoder caches and TLB: private to cpu/ */

struct cpu {
	/* Architectural state. */
	uint32_t reg[8];
	uint32_t eip;
	uint32_t eflags; /* read it with cpu_get_eflags(): arithmetic flags are lazy */
	struct cpu_lazy_flags {  /* private to cpu/: the last flag-setting result */
		uint32_t res, a, b;
		uint8_t op, size, carry_in;
	} lf;
	struct cpu_segment seg[S_COUNT];
	struct cpu_segment ldtr, tr;
	struct cpu_table_reg gdtr, idtr;
	uint32_t cr0, cr2, cr3, cr4;
	uint32_t dr[8];
	uint64_t tsc_offset;   /* TSC = icount + this: WRMSR, and time skipped in HLT */
	uint32_t smbase;
	struct cpu_fpu fpu;
	struct cpu_sse sse;
	struct cpu_msrs msr;
	struct cpu_pmu pmu;
	/* In cpu/ written only through cpu_set_cpl(); a direct write from
	 * outside is picked up by cpu_state_changed(). */
	uint8_t cpl;
	bool smm;
	bool halted;
	bool a20_masked;       /* A20M# asserted: physical bit 20 forced to 0 */

	/* Input lines' state. */
	bool intr_level;
	bool nmi_pending, nmi_blocked;
	bool smi_pending;
	uint8_t smi_source;    /* enum cpu_smi_source of the pending or last SMI */
	bool init_pending;

	uint64_t icount;       /* instructions retired since reset */
	uint64_t smi_count, rsm_count;
	const char *exit_detail; /* a sentence on the last SHUTDOWN/HALT */

	struct line intr, nmi, smi, a20m;
	/* What the local APIC delivers besides INTR and NMI: an SMI message
	 * (an IPI with SMI delivery: SMM is entered as for the SMI# pin, the
	 * SMI event saying CPU_SMI_APIC), and INIT (a rising edge: the CPU
	 * is initialized as SDM Vol.3A Table 9-1's INIT column says, taken
	 * after a pending SMI and held while in SMM). */
	struct line apic_smi, init;
	/* IA32_APIC_BASE (SDM Vol.3A §10.4.4), an MSR the CPU holds when its
	 * model has a local APIC: each write that WRMSR accepts is told to
	 * the APIC, a board device, here (none: nobody told). */
	uint64_t apic_base;
	void (*apic_base_write)(void *opaque, uint64_t value);
	void *apic_opaque;
	/* The x87's error signalling of a PC (CR0.NE=0): FERR#, an output
	 * whose receiving end the board gives (IRQ13), and IGNNE#, an input
	 * the board drives after a write to port 0xF0. */
	const struct line *ferr;
	struct line ignne;
	bool ferr_level, ignne_level;
	/* The performance-monitoring interrupt: pulsed when a counter with
	 * its INT flag set overflows, received by the local APIC's LVT
	 * performance-counter entry (the board's end; none: nobody told). */
	const struct line *pmi;

	const struct cpu_model *model; /* cpu/model.h: cpu_set_model() */
	struct bus *bus;
	struct cpu_core *core;
	const struct cpu_events *events; /* cpu/events.h; NULL for none */
	/* What RDMSR reads in SMM, when set (the fuzzer's input): true with
	 * *value for an MSR it supplies, false to read it as usual.  Like
	 * the listener, it stays as it is when a snapshot is restored. */
	bool (*smm_msr_read)(void *opaque, uint32_t index, uint64_t *value);
	void *smm_msr_opaque;
	volatile bool exit_request;
};

struct cpu *cpu_new(struct bus *bus);
void cpu_free(struct cpu *cpu);

/* Power-on reset state (SDM Vol.3A §9.1.1, Table 9-1): real mode,
 * CS=F000 base FFFF0000, EIP=FFF0, EDX = the CPU signature. */
void cpu_reset(struct cpu *cpu);

/* Run until budget instructions retired, or a reason in enum cpu_exit. */
enum cpu_exit cpu_run(struct cpu *cpu, uint64_t budget);
/* End the run in progress once the retired count has grown by n (the
 * instruction running now, which completes, is the first of them; with
 * n = 0 it is the last), as if its budget ran out: for a device that
 * armed, in an access of that instruction, a timer due before the run's
 * end.  Between runs, nothing. */
void cpu_shorten_run(struct cpu *cpu, uint64_t n);
/* Stop the run: cpu_run() returns CPU_EXIT_REQUEST at the next
 * instruction boundary and the request is consumed.  Made while the
 * budget's last instruction runs, it ends that run, not the next one;
 * made between runs, the next one returns before its first instruction. */
void cpu_request_exit(struct cpu *cpu);

uint32_t cpu_get_eflags(const struct cpu *cpu);
void cpu_set_eflags(struct cpu *cpu, uint32_t eflags);

/* EFLAGS from a copy of the flag state (eflags and lf as in struct cpu). */
uint32_t cpu_eflags_of(uint32_t eflags, const struct cpu_lazy_flags *lf);

/* The registers an instruction may write, for observers: bit k for
 * cpu->reg[k], CPU_WRITES_FLAGS for EFLAGS, CPU_WRITES_FPU for any of the
 * x87, MMX and SSE state (struct cpu_fpu, struct cpu_sse).  A superset:
 * an instruction not known to write less has CPU_WRITES_ALL, but for
 * CPU_WRITES_FPU, which only the x87 (D8-DF) and the MMX and SSE opcodes
 * have.  cpu_insn_writes() decodes the instruction at bytes (avail of
 * them) as code32 says; 0 when they do not decode. */
#define CPU_WRITES_FLAGS 0x100u
#define CPU_WRITES_FPU 0x200u
#define CPU_WRITES_ALL 0x3FFu
unsigned cpu_insn_writes(struct cpu *cpu, const uint8_t *bytes, unsigned avail, bool code32);

/* Whether interrupts are held off before the next instruction (after
 * STI, MOV SS or POP SS: the interrupt shadow). */
bool cpu_interrupt_shadow(const struct cpu *cpu);

/* Linear to physical through the page tables as the CPU would walk them
 * now (its data view, A20), for debuggers: no accessed or dirty bit is
 * set, no TLB entry made.  False when the page is not present. */
bool cpu_translate_peek(const struct cpu *cpu, uint32_t linear, uint32_t *paddr);

/* The CPU's whole state at one moment (registers, descriptor caches,
 * pending lines, SMM and the core's own state), for a machine snapshot;
 * restoring it drops every cache (decoded blocks, TLBs).  The listener
 * attached now stays attached. */
size_t cpu_snapshot_size(void);
void cpu_snapshot_save(const struct cpu *cpu, void *out);
void cpu_snapshot_restore(struct cpu *cpu, const void *in);
/* The same, keeping the decoded blocks: for going back again and again
 * to one snapshot taken from this CPU (the fuzzer), where memory is put
 * back through the bus, which drops the blocks of pages that change. */
void cpu_snapshot_rewind(struct cpu *cpu, const void *in);

/* The operands of the last instruction that set the flags from a
 * subtraction (SUB, CMP, SBB, CMPS, SCAS, NEG) or a logic operation (AND,
 * OR, XOR, TEST), for comparison logging: false after anything else.
 * size is the operand size in bytes. */
bool cpu_last_operands(const struct cpu *cpu, uint32_t *a, uint32_t *b, unsigned *size);

/* Load a segment register as real mode or v86 would (base = sel << 4). */
void cpu_load_real_segment(struct cpu *cpu, enum cpu_sreg s, uint16_t sel);
/* Recompute derived state after direct writes to the register file. */
void cpu_state_changed(struct cpu *cpu);

/* Whether b is an instruction prefix (segment override, operand or
 * address size, LOCK, REP/REPNE), for observers that look at an
 * instruction's bytes: the opcode follows the prefixes. */
static inline bool cpu_is_prefix(uint8_t b)
{
	switch (b) {
	case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65:
	case 0x66: case 0x67: case 0xF0: case 0xF2: case 0xF3:
		return true;
	default:
		return false;
	}
}

/* Make the CPU the model m (cpu/model.h) and reset it: CPUID, the
 * instructions, CR4 bits and MSRs there are follow the model from then
 * on.  A new CPU is cpu_model_default(). */
void cpu_set_model(struct cpu *cpu, const struct cpu_model *m);

/* The model-specific registers the CPU's model has, for debuggers:
 * cpu_msr_count() of them, the k-th's index and name by cpu_msr_at(),
 * and any one's value, read without side effects, by cpu_msr_peek()
 * (false for an index the model does not have, where RDMSR raises
 * #GP). */
unsigned cpu_msr_count(const struct cpu *cpu);
uint32_t cpu_msr_at(const struct cpu *cpu, unsigned k, const char **name);
bool cpu_msr_peek(const struct cpu *cpu, uint32_t index, uint64_t *value);

const char *cpu_exit_name(enum cpu_exit why);

#endif
