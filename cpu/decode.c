/* The decoder (SDM Vol.2 ch.2): prefixes, opcode, ModRM/SIB, displacement
 * and immediates, into a struct insn whose handler comes from the tables. */
#include "cpu/decode.h"
#include "cpu/model.h"

#include <string.h>

struct cursor {
	const struct fetch_window *w;
	unsigned pos;
	bool short_;       /* more bytes were wanted than the window has */
	bool too_long;     /* the prefixes alone fill 15 bytes */
	bool seg_override; /* a segment prefix was given */
};

static uint32_t take(struct cursor *c, unsigned n)
{
	if (c->pos + n > c->w->avail) {
		c->short_ = true;
		c->pos += n;
		return 0;
	}
	uint32_t v = 0;
	for (unsigned k = 0; k < n; k++)
		v |= (uint32_t)c->w->bytes[c->pos + k] << (8 * k);
	c->pos += n;
	return v;
}

static uint32_t sext8(uint32_t v) { return (uint32_t)(int32_t)(int8_t)v; }
static uint32_t sext16(uint32_t v) { return (uint32_t)(int32_t)(int16_t)v; }

/* 16-bit ModRM (SDM Vol.2 Table 2-1). */
static void modrm16(struct cursor *c, struct insn *i)
{
	static const uint8_t base[8] = { R_EBX, R_EBX, R_EBP, R_EBP, R_ESI, R_EDI, R_EBP, R_EBX };
	static const uint8_t index[8] = { R_ESI, R_EDI, R_ESI, R_EDI, NOREG, NOREG, NOREG, NOREG };
	if (i->mod == 0 && i->rm == 6) {
		i->disp = take(c, 2);
		return;
	}
	i->base = base[i->rm];
	i->index = index[i->rm];
	if (i->rm == 4)
		i->base = R_ESI;
	else if (i->rm == 5)
		i->base = R_EDI;
	if (i->base == R_EBP && !c->seg_override)
		i->seg = S_SS;
	if (i->mod == 1)
		i->disp = sext8(take(c, 1));
	else if (i->mod == 2)
		i->disp = take(c, 2);
}

/* 32-bit ModRM and SIB (SDM Vol.2 Tables 2-2, 2-3). */
static void modrm32(struct cursor *c, struct insn *i)
{
	uint8_t rm = i->rm;
	if (rm == 4) {
		uint8_t sib = (uint8_t)take(c, 1);
		i->scale = sib >> 6;
		i->index = ((sib >> 3) & 7) == 4 ? NOREG : (sib >> 3) & 7;
		i->base = sib & 7;
		if (i->base == 5 && i->mod == 0) {
			i->base = NOREG;
			i->disp = take(c, 4);
		}
	} else if (rm == 5 && i->mod == 0) {
		i->disp = take(c, 4);
		return;
	} else {
		i->base = rm;
	}
	if ((i->base == R_EBP || i->base == R_ESP) && !c->seg_override)
		i->seg = S_SS;
	if (i->mod == 1)
		i->disp = sext8(take(c, 1));
	else if (i->mod == 2)
		i->disp = take(c, 4);
}

static cpu_handler ud_handler(void);

/* The displacement of a moffs operand and the immediates after the
 * ModRM operands, as the entry's flags f say. */
static void operands(struct cursor *c, struct insn *i, uint16_t f)
{
	unsigned vsize = i->osize == 1 ? 2 : i->osize;
	if (f & F_MOFFS)
		i->disp = take(c, i->addr32 ? 4 : 2);
	if (f & F_IMM8)
		i->imm = take(c, 1);
	else if (f & F_IMM8S)
		i->imm = sext8(take(c, 1));
	else if (f & F_IMMV)
		i->imm = vsize == 4 ? take(c, 4) : sext16(take(c, 2));
	else if (f & F_IMM16)
		i->imm = take(c, 2);
	if (f & F_FAR) {
		i->imm = take(c, vsize);
		i->imm2 = (uint16_t)take(c, 2);
	}
	if (f & F_ENTER) {
		i->imm = take(c, 2);
		i->imm2 = (uint16_t)take(c, 1);
	}
}

/* The prefixes that came before the opcode and are not kept in the
 * instruction. */
struct prefixes {
	bool opsize, adsize, lock;
};

/* Take the prefixes (SDM Vol.2 §2.1), into i (segment, REP) and p, and
 * return the byte after them.  Stops with c->short_ when the bytes run
 * out, or c->too_long when the prefixes fill 15 bytes. */
static uint8_t take_prefixes(struct cursor *c, struct insn *i, struct prefixes *p)
{
	for (;;) {
		uint8_t b = (uint8_t)take(c, 1);
		if (c->short_ || !(optable_1byte[b].flags & F_PREFIX))
			return b;
		switch (b) {
		case 0x26: i->seg = S_ES; c->seg_override = true; break;
		case 0x2E: i->seg = S_CS; c->seg_override = true; break;
		case 0x36: i->seg = S_SS; c->seg_override = true; break;
		case 0x3E: i->seg = S_DS; c->seg_override = true; break;
		case 0x64: i->seg = S_FS; c->seg_override = true; break;
		case 0x65: i->seg = S_GS; c->seg_override = true; break;
		case 0x66: p->opsize = true; break;
		case 0x67: p->adsize = true; break;
		case 0xF0: p->lock = true; break;
		case 0xF2: case 0xF3: i->rep = b; break;
		}
		if (c->pos >= 15) {
			c->too_long = true;
			return b;
		}
	}
}

/* The ModRM byte and the SIB and displacement after it, when *f has
 * F_MODRM (else the operands are registers): *d becomes the group's
 * entry for ModRM.reg, and *f its flags with the opcode's. */
static void take_modrm(struct cursor *c, struct insn *i, const struct opdesc **d, uint16_t *f)
{
	if (!(*f & F_MODRM)) {
		i->mod = 3;
		return;
	}
	uint8_t m = (uint8_t)take(c, 1);
	i->mod = m >> 6;
	i->reg = (m >> 3) & 7;
	i->rm = m & 7;
	if (*f & F_GROUP) {
		*d = &(*d)->group[i->reg];
		*f = (uint16_t)((*f & ~F_GROUP) | (*d)->flags);
	}
	if (*f & F_RMREG)
		i->mod = 3;
	if (i->mod == 3)
		return;
	if (i->addr32)
		modrm32(c, i);
	else
		modrm16(c, i);
}

/* The 0F opcodes of MMX and SSE (SDM Vol.2 Table A-3, with FXRSTOR and
 * LDMXCSR at 0F AE), which may change the x87, MMX or SSE state; with the
 * x87's D8-DF they are marked W_FPU, for the trace to look at that state
 * after them. */
static bool fpu_0f_opcode(uint8_t op)
{
	return (op >= 0x10 && op <= 0x17) || (op >= 0x28 && op <= 0x2F) ||
	       (op >= 0x50 && op <= 0x7F) || op == 0xAE || (op >= 0xC2 && op <= 0xC6) ||
	       op >= 0xD0;
}

enum decode_result cpu_decode(struct cpu *cpu, const struct fetch_window *w,
			      bool code32, struct insn *i, uint16_t *flags_out)
{
	struct cursor c = { .w = w };
	struct prefixes p = { 0 };
	memset(i, 0, sizeof(*i));
	i->seg = S_DS;
	i->base = i->index = NOREG;

	uint8_t b = take_prefixes(&c, i, &p);
	if (c.short_)
		goto short_;
	if (c.too_long)
		goto too_long;
	const struct opdesc *d = &optable_1byte[b];
	uint32_t needs = 0;  /* CPUID features */
	if (b == 0x0F) {
		b = (uint8_t)take(&c, 1);
		if (c.short_)
			goto short_;
		d = &optable_0f[b];
		needs = optable_0f_needs[b];
	}
	i->op = b;
	bool fpu_state = d == &optable_0f[b] ? fpu_0f_opcode(b) : (b & 0xF8) == 0xD8;
	i->code32 = code32;
	i->addr32 = code32 ^ p.adsize;
	i->osize = (code32 ^ p.opsize) ? 4 : 2;
	uint16_t f = d->flags;
	take_modrm(&c, i, &d, &f);
	if (f & F_BYTE)
		i->osize = 1;
	else if (f & F_OP16)
		i->osize = 2;
	operands(&c, i, f);
	if (c.short_)
		goto short_;
	if (c.pos > 15)
		goto too_long;
	i->len = (uint8_t)c.pos;
	i->fn = (i->mod == 3 && d->fn_reg && (f & F_MODRM)) ? d->fn_reg : d->fn;
	i->writes = d->writes;
	/* SDM Vol.2 LOCK: #UD unless the instruction is lockable and its
	 * destination is memory.  A 66 prefix on MMX and SSE opcodes makes
	 * SSE2 instructions this CPU does not have.  An instruction the
	 * model lacks is #UD too. */
	if (!i->fn || (p.lock && (!(f & F_LOCK) || i->mod == 3)) || (p.opsize && (f & F_NO66)) ||
	    (needs & ~cpu->model->features)) {
		i->fn = ud_handler();
		i->writes = W_ALL;
		f |= F_END;
	}
	if (fpu_state)
		i->writes |= W_FPU;
	*flags_out = f;
	return DECODE_OK;

short_:
	if (c.pos > 15)
		goto too_long;
	if (w->ends_in_fault) {
		raise_fault_err(cpu, w->fault_vector, w->fault_error);
		return DECODE_FAULT;
	}
	return DECODE_SHORT;
too_long:
	/* SDM Vol.2 §2.3.11: more than 15 bytes raises #GP(0). */
	GP0(cpu);
	return DECODE_FAULT;
}

bool decode_for_observer(const struct cpu *cpu, const uint8_t *bytes, unsigned avail,
			 bool code32, struct insn *i)
{
	struct cpu_core *core = cpu->core;
	struct fetch_window w = { .bytes = bytes, .avail = avail };
	uint16_t flags;
	uint8_t vector = core->exc_vector;
	bool has_error = core->exc_has_error;
	uint32_t error = core->exc_error;
	bool ok = cpu_decode((struct cpu *)cpu, &w, code32, i, &flags) == DECODE_OK;
	core->exc_vector = vector;
	core->exc_has_error = has_error;
	core->exc_error = error;
	return ok;
}

static int op_ud(struct cpu *cpu, const struct insn *i)
{
	(void)i;
	return UD(cpu);
}

static cpu_handler ud_handler(void)
{
	return op_ud;
}
