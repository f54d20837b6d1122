/* The instruction events (events.h) and the log's block and step records
 * (log.h) for blocks: the hook records of blocks decoded while
 * instruction events are wanted, and the event of an instruction run
 * outside a block.  Nothing here runs unless a listener wants
 * instructions. */
#include "cpu/insn_events.h"

#include <string.h>

#include "cpu/decode.h"
#include "cpu/mmu.h"

/* The instruction at CS:EIP (linear lin) when no block holds it, for the
 * event stream: its address in each space, the code view, and its bytes,
 * read without side effects (across a page end when the next page is
 * mapped too). */
static void describe_insn(const struct cpu *cpu, uint32_t lin, struct cpu_event *ev)
{
	struct cpu_core *core = cpu->core;
	ev->cs = cpu->seg[S_CS].sel;
	ev->eip = cpu->eip;
	ev->linear = lin;
	ev->view = (uint8_t)core->code_view;
	ev->code32 = core->code32;
	ev->physical = lin;
	ev->len = 0;
	if (!mmu_peek_translate(cpu, lin, &ev->physical))
		return;
	uint8_t buf[15];
	unsigned avail = 4096 - (lin & 0xFFF);
	if (avail > 15)
		avail = 15;
	bus_peek(cpu->bus, core->code_view, ev->physical, buf, avail);
	uint32_t next;
	if (avail < 15 && mmu_peek_translate(cpu, lin + avail, &next)) {
		bus_peek(cpu->bus, core->code_view, next, buf + avail, 15 - avail);
		avail = 15;
	}
	struct insn i;
	if (decode_for_observer(cpu, buf, avail, core->code32, &i))
		ev->len = i.len;
	memcpy(ev->bytes, buf, ev->len);
}

void insn_event_uncached(struct cpu *cpu)
{
	struct cpu_event insn = { .kind = CPU_EV_INSN };
	describe_insn(cpu, cpu->seg[S_CS].base + cpu->eip, &insn);
	cpu_emit_event(cpu, &insn);
}

/* The physical address of the instruction at lin in the running block:
 * the block's page was fetched, so the TLB maps it, or else (an entry
 * since evicted) the page tables do. */
CPU_INLINE uint32_t insn_physical(struct cpu *cpu, uint32_t lin)
{
	struct cpu_core *core = cpu->core;
	uint32_t tag = tlb_tag(cpu, lin);
	if (unlikely(core->insn_page_tag != tag)) {
		const struct tlb_entry *e = &core->tlb[core->code_view][TLB_FETCH][tlb_index(lin)];
		uint32_t pa = lin;
		if (e->tag == tag)
			pa = e->paddr;
		else
			mmu_peek_translate(cpu, lin, &pa);
		core->insn_page_tag = tag;
		core->insn_page_paddr = pa & ~0xFFFu;
	}
	return core->insn_page_paddr | (lin & 0xFFF);
}

/* The hook record's handler in blocks hooked for a listener called for
 * each event: the instruction event for the record after it, its address
 * and bytes taken from the block, then that instruction, in the same
 * chain.  A hooked block runs exactly as a plain one, stopping where it
 * would (not at pending interrupts), so a recorded run executes as an
 * unrecorded one does. */
static int op_insn_event(struct cpu *cpu, const struct insn *i)
{
	const struct block *b = block_of_hook(i);
	struct cpu_core *core = cpu->core;
	struct cpu_event *ev = &core->insn_event;
	uint32_t lin = cpu->seg[S_CS].base + cpu->eip;
	ev->kind = CPU_EV_INSN;
	ev->cs = cpu->seg[S_CS].sel;
	ev->eip = cpu->eip;
	ev->linear = lin;
	ev->physical = insn_physical(cpu, lin);
	ev->view = (uint8_t)core->code_view;
	ev->code32 = core->code32;
	ev->len = i[1].len;
	const uint8_t *bytes = b->host + i->hook.offset;
	if (likely(bytes + sizeof(ev->bytes) <= b->host_page + 4096))
		memcpy(ev->bytes, bytes, sizeof(ev->bytes)); /* fixed size: no call */
	else
		memcpy(ev->bytes, bytes, ev->len);
	cpu_emit_event(cpu, ev);
	if (unlikely(cpu->exit_request))
		return R_NEXT; /* a listener stops the run before it */
	return i[1].fn(cpu, i + 1);
}

/* The state record, when something may have changed the state (kept
 * out of the hooks, which then save fewer registers). */
static __attribute__((noinline)) void log_state_now(struct cpu *cpu, struct cpu_log *log)
{
	log->state_changes = cpu->core->state_changes;
	cpu_log_state(log, cpu);
}

/* The FPU record, when the instruction before may have changed the x87,
 * MMX or SSE state (out of the hooks, as log_state_now()). */
static __attribute__((noinline)) void log_fpu_now(struct cpu *cpu, struct cpu_log *log)
{
	cpu_log_fpu(log, cpu);
}

/* op_log_block() when the log is full, the state may have changed, the
 * block's bytes are not sent yet or the TLB must be asked for the
 * physical address, or the FPU state may have changed: kept out of the
 * hook, which then saves no registers. */
static __attribute__((noinline)) int op_log_block_slow(struct cpu *cpu, const struct insn *i)
{
	struct cpu_log *log = cpu->events->log;
	const struct block *b = block_of_hook(i);
	struct cpu_core *core = cpu->core;
	unsigned writes = core->writes_pending;
	core->writes_pending = i->hook.writes;
	uint32_t physical = insn_physical(cpu, cpu->seg[S_CS].base + cpu->eip);
	cpu_log_reserve(log);
	if (log->state_changes != core->state_changes)
		log_state_now(cpu, log);
	if (writes & CPU_WRITES_FPU)
		log_fpu_now(cpu, log);
	cpu_log_block(log, (uint8_t)core->code_view, core->code32, cpu->eip, physical, b->id,
		      b->host, b->bytes);
	cpu_log_step(log, cpu, i[1].len, writes);
	return i[1].fn(cpu, i + 1);
}

/* The hooks of blocks hooked for a listener's log (log.h): the
 * first instruction's writes the block record and its step record, the
 * others' only their step record; each writes the state record first
 * when something may have changed the state since the last check
 * (cpu_note_state_change()), and the FPU record when the instruction
 * before may have changed the x87, MMX or SSE state (CPU_WRITES_FPU).
 * Then the instruction, as op_insn_event(). */
static int op_log_block(struct cpu *cpu, const struct insn *i)
{
	struct cpu_log *log = cpu->events ? cpu->events->log : NULL;
	if (unlikely(log == NULL))
		return op_insn_event(cpu, i); /* the listener changed since */
	const struct block *b = block_of_hook(i);
	struct cpu_core *core = cpu->core;
	uint32_t lin = cpu->seg[S_CS].base + cpu->eip;
	if (unlikely((size_t)(log->end - log->pos) < CPU_LOG_ROOM ||
		     log->state_changes != core->state_changes ||
		     (core->writes_pending & CPU_WRITES_FPU) ||
		     log->block_ids[b->id % CPU_LOG_BLOCK_SLOTS] != b->id ||
		     core->insn_page_tag != tlb_tag(cpu, lin)))
		return op_log_block_slow(cpu, i);
	unsigned writes = core->writes_pending;
	core->writes_pending = i->hook.writes;
	cpu_log_known_block(log, (uint8_t)core->code_view, core->code32, cpu->eip,
			    core->insn_page_paddr | (lin & 0xFFF), b->id);
	cpu_log_step(log, cpu, i[1].len, writes);
	return i[1].fn(cpu, i + 1);
}

_Static_assert(2 * sizeof(struct cpu_log_state) + sizeof(struct cpu_log_fpu) +
	       sizeof(struct cpu_log_block) + 4 + BLOCK_MAX_INSNS * 15 + 3 +
	       BLOCK_MAX_INSNS * (sizeof(struct cpu_log_state) + sizeof(struct cpu_log_fpu) +
				  sizeof(struct cpu_log_step) + 9 * 4) <= CPU_LOG_ROOM,
	       "a block's records fit in the room made at its start");

/* The hooks after a block's first: only ever after it in the same chain,
 * so the log is there, with room for the block's steps.  writes is what
 * the instruction before may have written (insn_writes()). */
CPU_INLINE int log_step(struct cpu *cpu, const struct insn *i, unsigned writes)
{
	struct cpu_log *log = cpu->events->log;
	struct cpu_core *core = cpu->core;
	core->writes_pending = i->hook.writes;
	if (unlikely(log->state_changes != core->state_changes))
		log_state_now(cpu, log);
	if (unlikely(writes & CPU_WRITES_FPU))
		log_fpu_now(cpu, log);
	cpu_log_step(log, cpu, i[1].len, writes);
	return i[1].fn(cpu, i + 1);
}

/* For any instruction before: its mask as its hook left it. */
static int op_log_step(struct cpu *cpu, const struct insn *i)
{
	return log_step(cpu, i, cpu->core->writes_pending);
}

/* Made for the commonest masks (at most one register, with or without
 * the flags), so that the mask is a constant and the copying straight
 * code: most instructions write one register or none. */
#define LOG_STEP_HOOK(name, writes) \
	static int name(struct cpu *cpu, const struct insn *i) \
	{ \
		return log_step(cpu, i, writes); \
	}
#define LOG_STEP_HOOKS(name, flags) \
	LOG_STEP_HOOK(name##_none, (flags)) \
	LOG_STEP_HOOK(name##_eax, (flags) | 1u << R_EAX) \
	LOG_STEP_HOOK(name##_ecx, (flags) | 1u << R_ECX) \
	LOG_STEP_HOOK(name##_edx, (flags) | 1u << R_EDX) \
	LOG_STEP_HOOK(name##_ebx, (flags) | 1u << R_EBX) \
	LOG_STEP_HOOK(name##_esp, (flags) | 1u << R_ESP) \
	LOG_STEP_HOOK(name##_ebp, (flags) | 1u << R_EBP) \
	LOG_STEP_HOOK(name##_esi, (flags) | 1u << R_ESI) \
	LOG_STEP_HOOK(name##_edi, (flags) | 1u << R_EDI)
LOG_STEP_HOOKS(op_log_step, 0)
LOG_STEP_HOOKS(op_log_step_flags, CPU_WRITES_FLAGS)
#undef LOG_STEP_HOOKS
#undef LOG_STEP_HOOK

static cpu_handler log_step_hook(unsigned writes_before)
{
	static const cpu_handler made[2][9] = {
		{ op_log_step_none, op_log_step_eax, op_log_step_ecx, op_log_step_edx,
		  op_log_step_ebx, op_log_step_esp, op_log_step_ebp, op_log_step_esi,
		  op_log_step_edi },
		{ op_log_step_flags_none, op_log_step_flags_eax, op_log_step_flags_ecx,
		  op_log_step_flags_edx, op_log_step_flags_ebx, op_log_step_flags_esp,
		  op_log_step_flags_ebp, op_log_step_flags_esi, op_log_step_flags_edi },
	};
	_Static_assert(R_EAX == 0 && R_ECX == 1 && R_EDX == 2 && R_EBX == 3 && R_ESP == 4 &&
		       R_EBP == 5 && R_ESI == 6 && R_EDI == 7, "the order of made[][]");
	unsigned regs = writes_before & 0xFFu;
	if ((writes_before & ~(CPU_WRITES_FLAGS | 0xFFu)) || (regs & (regs - 1)))
		return op_log_step;
	return made[(writes_before & CPU_WRITES_FLAGS) != 0][regs ? __builtin_ctz(regs) + 1 : 0];
}

static cpu_handler insn_event_hook(unsigned writes_before)
{
	(void)writes_before;
	return op_insn_event;
}

static const struct block_hooks event_hooks = { op_insn_event, insn_event_hook, 1 };
static const struct block_hooks log_hooks = { op_log_block, log_step_hook, 2 };

const struct block_hooks *insn_event_hooks(const struct cpu *cpu)
{
	if (!cpu_tracing(cpu))
		return NULL;
	return cpu->events->log ? &log_hooks : &event_hooks;
}
