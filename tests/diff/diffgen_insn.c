/* diffgen's instruction bodies: NASM lines for one random instruction at
 * a time, chosen so that both emulators must agree on every result.
 *
 * What is avoided or masked, and why (tests/diff/README):
 *  - undefined flags: every instruction that leaves a flag undefined (SDM
 *    Vol.2, each one's "Flags Affected": shifts and rotates by counts other
 *    than 1, MUL/IMUL, DIV/IDIV, BSF/BSR, BT*, SHLD/SHRD, AAA/AAS/AAM/AAD,
 *    DAA/DAS) is followed by a CMP, which defines all six, so no undefined
 *    flag is ever read; smmbox-trace diff forgives the one instruction in
 *    between;
 *  - undefined results: shift counts stay below the operand's width,
 *    SHLD/SHRD of 16 bits below 16, BSF/BSR get a nonzero source;
 *  - #DE only where wanted: DIV/IDIV divide a zero- or sign-extended
 *    dividend by a divisor of at least 2;
 *  - segment limits, which QEMU does not check: memory operands are
 *    absolute offsets up to 0xFFF0 in the 64 KiB scratch segment, string
 *    instructions count at most 8 from offsets 0x100..0xFEFF, stacks start
 *    far from their bounds, ENTER's display is read below ESP (EBP is set
 *    from ESP first), LEAVE follows its ENTER;
 *  - control transfers stay inside the sequence and go forward. */
#include <stdarg.h>
#include <string.h>

#include "diffgen.h"

static const char *const reg32[] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
static const char *const reg16[] = { "ax", "cx", "dx", "bx", "sp", "bp", "si", "di" };
static const char *const reg8[] = { "al", "cl", "dl", "bl", "ah", "ch", "dh", "bh" };
static const char *const cond[] = { "o", "no", "b", "ae", "e", "ne", "be", "a",
				    "s", "ns", "p", "np", "l", "ge", "le", "g" };

void line(struct seq *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("        ", s->out);
	vfprintf(s->out, fmt, ap);
	fputc('\n', s->out);
	va_end(ap);
}

/* A general register other than ESP, of size 1, 2 or 4. */
static const char *gpr(struct seq *s, unsigned size)
{
	if (size == 1)
		return reg8[pick(s, 8)];
	unsigned r = pick(s, 7);
	r += r >= 4; /* skip ESP */
	return size == 2 ? reg16[r] : reg32[r];
}

static unsigned opsize(struct seq *s)
{
	static const unsigned sizes[] = { 1, 2, 4 };
	return sizes[pick(s, 3)];
}

static const char *size_word(unsigned size)
{
	return size == 1 ? "byte" : size == 2 ? "word" : "dword";
}

/* An absolute memory operand in the scratch segment (DS, ES, FS or GS,
 * all based there), written into buf. */
static const char *mem_below(struct seq *s, unsigned size, unsigned end, char *buf, size_t n)
{
	static const char *const segs[] = { "ds", "es", "fs", "gs" };
	snprintf(buf, n, "%s [%s:0x%X]", size_word(size), segs[pick(s, 4)], (unsigned)pick(s, end));
	return buf;
}

static const char *mem(struct seq *s, unsigned size, char *buf, size_t n)
{
	return mem_below(s, size, 0xFFF0, buf, n);
}

static uint32_t imm(struct seq *s, unsigned size)
{
	uint32_t v = (uint32_t)rng_next(&s->rng);
	return size == 1 ? v & 0xFF : size == 2 ? v & 0xFFFF : v;
}

/* Every flag defined again (see the top of the file). */
static void define_flags(struct seq *s)
{
	line(s, "cmp eax, ecx");
}

static void emit_alu(struct seq *s)
{
	static const char *const ops[] = { "add", "or", "adc", "sbb", "and", "sub", "xor", "cmp" };
	const char *op = ops[pick(s, 8)];
	unsigned size = opsize(s);
	char m[40];
	switch (pick(s, 5)) {
	case 0: line(s, "%s %s, %s", op, gpr(s, size), gpr(s, size)); break;
	case 1: line(s, "%s %s, 0x%X", op, gpr(s, size), imm(s, size)); break;
	case 2: line(s, "%s %s, %s", op, gpr(s, size), mem(s, size, m, sizeof(m))); break;
	case 3: line(s, "%s %s, %s", op, mem(s, size, m, sizeof(m)), gpr(s, size)); break;
	default: line(s, "%s %s, 0x%X", op, mem(s, size, m, sizeof(m)), imm(s, size)); break;
	}
}

static void emit_unary(struct seq *s)
{
	static const char *const ops[] = { "inc", "dec", "neg", "not" };
	unsigned size = opsize(s);
	char m[40];
	switch (pick(s, 3)) {
	case 0: line(s, "%s %s", ops[pick(s, 4)], gpr(s, size)); break;
	case 1: line(s, "%s %s", ops[pick(s, 4)], mem(s, size, m, sizeof(m))); break;
	default: line(s, "test %s, %s", gpr(s, size), gpr(s, size)); break;
	}
}

static void emit_shift(struct seq *s)
{
	static const char *const ops[] = { "rol", "ror", "rcl", "rcr", "shl", "shr", "sar" };
	unsigned k = pick(s, 7);
	const char *op = ops[k];
	unsigned size = opsize(s), width = size * 8;
	char m[40];
	/* RCL/RCR of memory stays off the page that is not present: QEMU
	 * loses CF and AF when their access faults (docs/KNOWN-DIFFERENCES.md). */
	const char *dst = pick(s, 3) ? gpr(s, size) :
			  mem_below(s, size, k == 2 || k == 3 ? 0xEFF0 : 0xFFF0, m, sizeof(m));
	if (size == 1 && !strcmp(dst, "cl"))
		dst = "dl";
	switch (pick(s, 3)) {
	case 0:
		line(s, "%s %s, 1", op, dst);
		return;
	case 1:
		line(s, "%s %s, %u", op, dst, 2 + pick(s, width - 2));
		break;
	default:
		if (!strcmp(dst, "cx") || !strcmp(dst, "ecx") || !strcmp(dst, "ch"))
			dst = size == 1 ? "dh" : size == 2 ? "dx" : "edx";
		line(s, "mov cl, %u", pick(s, width));
		line(s, "%s %s, cl", op, dst);
		break;
	}
	define_flags(s);
}

static void emit_shld(struct seq *s)
{
	unsigned size = pick(s, 2) ? 2 : 4;
	const char *op = pick(s, 2) ? "shld" : "shrd";
	const char *dst = gpr(s, size), *src = gpr(s, size);
	if (pick(s, 2)) {
		line(s, "%s %s, %s, %u", op, dst, src, 1 + pick(s, size * 8 - 1));
	} else {
		if (dst[strlen(dst) - 2] == 'c')
			dst = size == 2 ? "dx" : "edx";
		if (src[strlen(src) - 2] == 'c')
			src = size == 2 ? "bx" : "ebx";
		line(s, "mov cl, %u", 1 + pick(s, size * 8 - 1));
		line(s, "%s %s, %s, cl", op, dst, src);
	}
	define_flags(s);
}

static void emit_muldiv(struct seq *s)
{
	unsigned size = opsize(s);
	const char *acc_ext = size == 1 ? "mov ah, 0" : size == 2 ? "mov dx, 0" : "mov edx, 0";
	const char *sign_ext = size == 1 ? "cbw" : size == 2 ? "cwd" : "cdq";
	/* The divisor: BL, BX or EBX (never the dividend's registers). */
	const char *divisor = size == 1 ? "bl" : size == 2 ? "bx" : "ebx";
	switch (pick(s, 5)) {
	case 0: line(s, "%s %s", pick(s, 2) ? "mul" : "imul", gpr(s, size)); break;
	case 1:
		size = size == 1 ? 2 : size;
		line(s, "imul %s, %s", gpr(s, size), gpr(s, size));
		break;
	case 2:
		size = size == 1 ? 2 : size;
		line(s, "imul %s, %s, 0x%X", gpr(s, size), gpr(s, size), imm(s, size));
		break;
	case 3:
		line(s, "%s", acc_ext);
		line(s, "mov %s, %u", divisor, 2 + pick(s, size == 1 ? 250 : 30000));
		line(s, "div %s", divisor);
		break;
	default:
		line(s, "%s", sign_ext);
		line(s, "mov %s, %u", divisor, 2 + pick(s, size == 1 ? 120 : 30000));
		line(s, "idiv %s", divisor);
		break;
	}
	define_flags(s);
}

static void emit_bits(struct seq *s)
{
	static const char *const ops[] = { "bt", "bts", "btr", "btc" };
	unsigned size = pick(s, 2) ? 2 : 4;
	char m[40];
	switch (pick(s, 4)) {
	case 0: line(s, "%s %s, %s", ops[pick(s, 4)], gpr(s, size), gpr(s, size)); break;
	case 1: line(s, "%s %s, %u", ops[pick(s, 4)], gpr(s, size), pick(s, 256)); break;
	case 2: line(s, "%s %s, %u", ops[pick(s, 4)], mem(s, size, m, sizeof(m)), pick(s, 256)); break;
	default: {
		const char *src = gpr(s, size);
		line(s, "or %s, 0x%X", src, 1u << pick(s, size * 8));
		line(s, "%s %s, %s", pick(s, 2) ? "bsf" : "bsr", gpr(s, size), src);
		break;
	}
	}
	define_flags(s);
}

static void emit_bcd(struct seq *s)
{
	static const char *const ops[] = { "daa", "das", "aaa", "aas" };
	switch (pick(s, 3)) {
	case 0: line(s, "%s", ops[pick(s, 4)]); break;
	case 1: line(s, "aam %u", 1 + pick(s, 255)); break;
	default: line(s, "aad %u", pick(s, 256)); break;
	}
	define_flags(s);
}

static void emit_string(struct seq *s)
{
	static const char *const ops[] = { "movs", "stos", "lods", "cmps", "scas" };
	static const char *const reps[] = { "", "rep ", "repe ", "repne " };
	static const char sizes[] = { 'b', 'w', 'd' };
	unsigned op = pick(s, 5);
	line(s, "mov ecx, %u", pick(s, 9));
	line(s, "mov esi, 0x%X", 0x100 + pick(s, 0xFE00));
	line(s, "mov edi, 0x%X", 0x100 + pick(s, 0xFE00));
	line(s, "%s", pick(s, 2) ? "cld" : "std");
	const char *rep = reps[op >= 3 ? pick(s, 4) : pick(s, 2)];
	const char *asz = pick(s, 4) ? "" : s->code32 ? "a16 " : "a32 ";
	line(s, "%s%s%s%c", asz, rep, ops[op], sizes[pick(s, 3)]);
}

/* A forward label that lands after `after` more instructions. */
static unsigned forward_label(struct seq *s, unsigned after)
{
	unsigned l = s->label++;
	if (s->npending < 8) {
		s->pending[s->npending] = l;
		s->pending_left[s->npending] = after;
		s->npending++;
	} else {
		line(s, ".L%u:", l); /* no room: lands right here */
	}
	return l;
}

static const char *word_of_code(const struct seq *s)
{
	return s->code32 ? "dword" : "word";
}

static void emit_control(struct seq *s)
{
	unsigned l = forward_label(s, 1 + pick(s, 3));
	switch (pick(s, 9)) {
	case 0: line(s, "j%s .L%u", cond[pick(s, 16)], l); break;
	case 1: line(s, "jmp .L%u", l); break;
	case 2: line(s, "call .L%u", l); break;
	case 3: line(s, "%s .L%u", pick(s, 2) ? "loop" : s->code32 ? "jecxz" : "jcxz", l); break;
	case 4:
		line(s, "push %s .L%u", word_of_code(s), l);
		if (pick(s, 2))
			line(s, "ret");
		else
			line(s, "ret %u", 2 * pick(s, 4));
		break;
	case 5:
		line(s, "%s push cs", s->code32 ? "o32" : "o16");
		line(s, "push %s .L%u", word_of_code(s), l);
		line(s, "retf");
		break;
	case 6:
		line(s, "%s", s->code32 ? "pushfd" : "pushfw");
		line(s, "%s push cs", s->code32 ? "o32" : "o16");
		line(s, "push %s .L%u", word_of_code(s), l);
		line(s, "%s", s->code32 ? "iretd" : "iretw");
		break;
	case 7:
		if (s->mode == MODE_REAL)
			line(s, "call 0xF000:.L%u", l);
		else
			line(s, "call %s:.L%u", diffgen_code_selector(s->code32, s->user), l);
		break;
	default: line(s, "int 0x80"); break;
	}
}

/* A selector a stack-segment load may use in this mode: one of the
 * same base as the stack's, so that its bytes stay where they were, and
 * of the same kind (expand-down stays expand-down). */
static const char *stack_selector(struct seq *s)
{
	if (s->mode == MODE_REAL)
		return "0x1000";
	if (s->mode == MODE_PM32_ED32 || s->mode == MODE_PM16_ED16)
		return diffgen_stack_selector(s->mode, s->user);
	return diffgen_stack_selector(pick(s, 2) ? MODE_PM32_S16 : MODE_PM32_S32, s->user);
}

static const char *data_selector(struct seq *s)
{
	static const char *const real[] = { "0x2000", "0x2001", "0x2010" };
	static const char *const kernel[] = { "SEL_SCR", "SEL_SCR2" };
	static const char *const user[] = { "SEL_USCR", "SEL_USCR2" };
	if (s->mode == MODE_REAL)
		return real[pick(s, 3)];
	return (s->user ? user : kernel)[pick(s, 2)];
}

static void emit_segload(struct seq *s)
{
	static const char *const dsegs[] = { "ds", "es", "fs", "gs" };
	static const char *const lfar[] = { "lds", "les", "lfs", "lgs" };
	static const char *const osz[] = { "o16", "o32" };
	const char *w = word_of_code(s);
	unsigned at = pick(s, 0xFFE0);
	switch (pick(s, 6)) {
	case 0:
		line(s, "mov ax, %s", data_selector(s));
		line(s, "mov %s, ax", dsegs[pick(s, 4)]);
		break;
	case 1:
		line(s, "push %s %s", w, data_selector(s));
		line(s, "%s pop %s", osz[pick(s, 2)], dsegs[pick(s, 4)]);
		break;
	case 2:
		line(s, "push %s %s", w, stack_selector(s));
		line(s, "%s pop ss", osz[pick(s, 2)]);
		break;
	case 3:
		line(s, "%s push %s", osz[pick(s, 2)], dsegs[pick(s, 4)]);
		line(s, "%s pop %s", osz[pick(s, 2)], dsegs[pick(s, 4)]);
		break;
	case 4:
		line(s, "mov word [ds:0x%X], %s", at + 4, data_selector(s));
		line(s, "mov word [ds:0x%X], %s", at + 2, data_selector(s));
		line(s, "%s %s, [ds:0x%X]", lfar[pick(s, 4)], pick(s, 2) ? "ebx" : "bx", at);
		break;
	default: {
		/* The selector follows the offset: at +4 for ESP, +2 for SP. */
		bool wide = pick(s, 2);
		line(s, "mov dword [ds:0x%X], 0x%X", at, 0x6000 + pick(s, 0x4000));
		line(s, "mov word [ds:0x%X], %s", at + (wide ? 4 : 2), stack_selector(s));
		line(s, "lss %s, [ds:0x%X]", wide ? "esp" : "sp", at);
		break;
	}
	}
}

static void emit_stack(struct seq *s)
{
	static const char *const sizes[] = { "word", "dword" };
	const char *sz = sizes[pick(s, 2)];
	const char *asz = pick(s, 5) ? "" : s->code32 ? "a16 " : "a32 ";
	char m[40];
	switch (pick(s, 9)) {
	case 0: line(s, "%spush %s", asz, gpr(s, pick(s, 2) ? 2 : 4)); break;
	case 1: line(s, "%spop %s", asz, gpr(s, pick(s, 2) ? 2 : 4)); break;
	case 2: line(s, "%spush %s 0x%X", asz, sz, imm(s, sz[0] == 'w' ? 2 : 4)); break;
	case 3: line(s, "%spush %s", asz, mem(s, pick(s, 2) ? 2 : 4, m, sizeof(m))); break;
	case 4: line(s, "%spop %s", asz, mem(s, pick(s, 2) ? 2 : 4, m, sizeof(m))); break;
	case 5:
		line(s, "%s", pick(s, 2) ? "pushaw" : "pushad");
		if (pick(s, 2))
			line(s, "%s", pick(s, 2) ? "popaw" : "popad");
		break;
	case 6:
		/* POPF of arithmetic flags and DF only: IF, TF, NT, AC and IOPL
		 * stay 0 so that nothing but the sequence runs. */
		line(s, "push %s 0x%X", sz, (imm(s, 4) & 0x0CD5) | 2);
		line(s, "%s", sz[0] == 'w' ? "popfw" : "popfd");
		break;
	case 7:
		line(s, "%s", pick(s, 2) ? "pushfw" : "pushfd");
		break;
	default:
		line(s, "mov ebp, esp");
		line(s, "%s%senter %u, %u", asz, pick(s, 2) ? "o16 " : "o32 ", 2 * pick(s, 32),
		     pick(s, 4));
		line(s, "%s%sleave", asz, pick(s, 2) ? "o16 " : "o32 ");
		break;
	}
}

static void emit_misc(struct seq *s)
{
	static const char *const one[] = { "cbw", "cwde", "cwd", "cdq", "lahf", "sahf",
					   "clc", "stc", "cmc", "nop" };
	unsigned size = pick(s, 2) ? 2 : 4;
	char m[40];
	switch (pick(s, 8)) {
	case 0: line(s, "%s", one[pick(s, 10)]); break;
	case 1: line(s, "xchg %s, %s", gpr(s, size), gpr(s, size)); break;
	case 2: line(s, "xadd %s, %s", gpr(s, size), gpr(s, size)); break;
	case 3: line(s, "cmpxchg %s, %s", mem(s, size, m, sizeof(m)), gpr(s, size)); break;
	case 4: line(s, "bswap %s", gpr(s, 4)); break;
	case 5:
		line(s, "%s %s, %s", pick(s, 2) ? "movzx" : "movsx", gpr(s, 4),
		     pick(s, 2) ? gpr(s, 1) : gpr(s, 2));
		break;
	case 6: line(s, "set%s %s", cond[pick(s, 16)], gpr(s, 1)); break;
	default: line(s, "cmov%s %s, %s", cond[pick(s, 16)], gpr(s, size), gpr(s, size)); break;
	}
}

/* A memory operand through registers, set just before to values that
 * keep the address in 0x1000..0xBFFF: 32-bit forms base + index * scale +
 * disp, or the 16-bit forms (BP-based ones default to SS, whose segment
 * holds that range too, expand-down or not). */
static const char *reg_mem(struct seq *s, unsigned size, char *buf, size_t n)
{
	static const char *const base32[] = { "ebx", "ebp", "esi", "edi", "eax", "edx" };
	static const char *const idx32[] = { "esi", "edi", "ecx", "eax" };
	static const char *const forms16[] = { "bx+si", "bx+di", "bp+si", "bp+di", "si", "di",
					       "bp", "bx" };
	unsigned disp = pick(s, 0x100);
	if (pick(s, 2)) {
		const char *b = base32[pick(s, 6)], *x = idx32[pick(s, 4)];
		if (!strcmp(b, x))
			x = "edi", b = "ebx";
		line(s, "mov %s, 0x%X", b, 0x1000 + pick(s, 0x6000));
		line(s, "mov %s, 0x%X", x, pick(s, 0x800));
		snprintf(buf, n, "%s [%s+%s*%u+0x%X]", size_word(size), b, x, 1u << pick(s, 4), disp);
	} else {
		const char *f = forms16[pick(s, 8)];
		if (strstr(f, "bx"))
			line(s, "mov ebx, 0x%X", 0x1000 + pick(s, 0x6000));
		if (strstr(f, "bp"))
			line(s, "mov ebp, 0x%X", 0x1000 + pick(s, 0x6000));
		if (strstr(f, "si"))
			line(s, "mov esi, 0x%X", strlen(f) == 2 ? 0x1000 + pick(s, 0x6000) : pick(s, 0x800));
		if (strstr(f, "di"))
			line(s, "mov edi, 0x%X", strlen(f) == 2 ? 0x1000 + pick(s, 0x6000) : pick(s, 0x800));
		snprintf(buf, n, "%s [%s+0x%X]", size_word(size), f, disp);
	}
	return buf;
}

/* A register that reg_mem() never sets, of size bytes. */
static const char *spare(struct seq *s, unsigned size)
{
	static const char *const r32[] = { "ecx", "edx" }, *const r16[] = { "cx", "dx" },
			  *const r8[] = { "cl", "dl", "ch", "dh" };
	return size == 4 ? r32[pick(s, 2)] : size == 2 ? r16[pick(s, 2)] : r8[pick(s, 4)];
}

static void emit_addressing(struct seq *s)
{
	unsigned size = opsize(s);
	char m[48];
	const char *ea = reg_mem(s, size, m, sizeof(m));
	const char *r = spare(s, size);
	switch (pick(s, 10)) {
	case 0: line(s, "mov %s, %s", r, ea); break;
	case 1: line(s, "mov %s, %s", ea, r); break;
	case 2: line(s, "mov %s, 0x%X", ea, imm(s, size)); break;
	case 3: line(s, "xchg %s, %s", ea, r); break;
	case 4: line(s, "%s %s, %s", pick(s, 2) ? "add" : "sbb", ea, r); break;
	case 5: line(s, "lea %s, [%s", size == 1 ? "ecx" : r, strchr(ea, '[') + 1); break;
	case 6: line(s, "set%s %s", cond[pick(s, 16)], reg_mem(s, 1, m, sizeof(m))); break;
	case 7:
		size = size == 1 ? 4 : size;
		line(s, "cmov%s %s, %s", cond[pick(s, 16)], spare(s, size), reg_mem(s, size, m, sizeof(m)));
		break;
	case 8:
		line(s, "mov ebx, 0x%X", 0x1000 + pick(s, 0x6000));
		line(s, "xlatb");
		break;
	default: line(s, "%s %s", pick(s, 2) ? "inc" : "not", ea); break;
	}
}

static void emit_indirect(struct seq *s)
{
	unsigned l = forward_label(s, 1 + pick(s, 3)), at = 0x100 + pick(s, 0xE000);
	const char *w = word_of_code(s), *acc = s->code32 ? "eax" : "ax";
	switch (pick(s, 5)) {
	case 0:
		line(s, "mov %s, .L%u", acc, l);
		line(s, "%s %s", pick(s, 2) ? "jmp" : "call", acc);
		break;
	case 1:
		line(s, "mov %s [ds:0x%X], .L%u", w, at, l);
		line(s, "%s %s [ds:0x%X]", pick(s, 2) ? "jmp" : "call", w, at);
		break;
	case 2:
		line(s, "mov %s [ds:0x%X], .L%u", w, at, l);
		line(s, "mov word [ds:0x%X], cs", at + (s->code32 ? 4 : 2));
		line(s, "%s far [ds:0x%X]", pick(s, 2) ? "jmp" : "call", at);
		break;
	case 3:
		line(s, "%s .L%u", pick(s, 2) ? "loope" : "loopne", l);
		break;
	default:
		line(s, "%s push %s", s->code32 ? "o32" : "o16", s->code32 ? "esp" : "sp");
		break;
	}
}

/* Exceptions on purpose, each a way into the handlers: the rest of the
 * sequence is then skipped. */
static void emit_fault(struct seq *s)
{
	unsigned at = 0x100 + pick(s, 0xE000);
	unsigned kind = pick(s, s->user ? 8 : 6);
	if (kind == 5 && s->mode == MODE_REAL)
		kind = 0; /* a selector is only a paragraph there, and no fault */
	switch (kind) {
	case 0: line(s, "ud2"); break;
	case 1: line(s, "int3"); break;
	case 2: line(s, "into"); break;
	case 3:
		line(s, "mov dword [ds:0x%X], 0x%X", at, pick(s, 0x100));
		line(s, "mov dword [ds:0x%X], 0x%X", at + 4, 0x80 + pick(s, 0x100));
		line(s, "bound %s, [ds:0x%X]", pick(s, 2) ? "eax" : "esi", at);
		break;
	case 4:
		line(s, "mov ebx, 0");
		line(s, "div %s", pick(s, 2) ? "bl" : "ebx");
		break;
	case 5: {
		/* Selectors a segment load refuses, each with its error code:
		 * LDT ones (there is no LDT), a descriptor not present, a code
		 * segment, null (only SS refuses it), a DPL 0 one at CPL 3. */
		static const char *const bad[] = { "0x000C", "SEL_NP", "SEL_NP | 3", "SEL_CODE32",
						   "0", "SEL_SCR" };
		static const char *const segs[] = { "ds", "es", "ss", "fs" };
		unsigned b = pick(s, 6);
		const char *sel = bad[b], *seg = segs[pick(s, 4)];
		/* A readable code segment and null load into DS..GS and fault
		 * only when used, which QEMU does not check
		 * (docs/KNOWN-DIFFERENCES.md): those go to SS. */
		if (b == 3 || b == 4)
			seg = "ss";
		line(s, "mov ax, %s", sel);
		if (pick(s, 2)) {
			line(s, "mov %s, ax", seg);
		} else {
			line(s, "push %s", s->code32 ? "eax" : "ax");
			line(s, "pop %s", seg);
		}
		break;
	}
	case 6: line(s, "%s", pick(s, 2) ? "cli" : "hlt"); break;
	default: line(s, "mov eax, cr0"); break;
	}
}

/* Place the forward labels whose instructions have all come. */
static void land_labels(struct seq *s, bool all)
{
	unsigned k = 0;
	while (k < s->npending) {
		if (all || s->pending_left[k] == 0) {
			line(s, ".L%u:", s->pending[k]);
			s->pending[k] = s->pending[s->npending - 1];
			s->pending_left[k] = s->pending_left[s->npending - 1];
			s->npending--;
		} else {
			s->pending_left[k]--;
			k++;
		}
	}
}

typedef void (*emitter)(struct seq *s);

void diffgen_body(struct seq *s, unsigned n)
{
	static const emitter kinds[] = {
		emit_alu, emit_alu, emit_alu, emit_unary, emit_shift, emit_shift, emit_shld,
		emit_muldiv, emit_bits, emit_bcd, emit_string, emit_stack, emit_stack,
		emit_control, emit_control, emit_segload, emit_misc, emit_misc,
		emit_addressing, emit_addressing, emit_indirect,
	};
	unsigned nkinds = sizeof(kinds) / sizeof(kinds[0]);
	if (s->fpu)
		line(s, "fninit");
	for (unsigned k = 0; k < n; k++) {
		land_labels(s, false);
		if (s->fpu && pick(s, 8) == 0)
			diffgen_fpu(s);
		else if (pick(s, 40) == 0)
			emit_fault(s);
		else
			kinds[pick(s, nkinds)](s);
	}
	land_labels(s, true);
}
