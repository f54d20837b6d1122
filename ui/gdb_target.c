/* The target the gdb stub presents; see gdb_target.h. */
#include "ui/gdb_target.h"

#include <stdio.h>
#include <string.h>

/* No <architecture>: gdb takes i386 from the core feature, and its `set
 * architecture i8086` then holds (with one named, gdb keeps to it). */
const char gdb_target_xml[] =
	"<?xml version=\"1.0\"?>\n"
	"<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
	"<target version=\"1.0\">\n"
	"<feature name=\"org.gnu.gdb.i386.core\">\n"
	"<flags id=\"i386_eflags\" size=\"4\">"
	"<field name=\"CF\" start=\"0\" end=\"0\"/><field name=\"PF\" start=\"2\" end=\"2\"/>"
	"<field name=\"AF\" start=\"4\" end=\"4\"/><field name=\"ZF\" start=\"6\" end=\"6\"/>"
	"<field name=\"SF\" start=\"7\" end=\"7\"/><field name=\"TF\" start=\"8\" end=\"8\"/>"
	"<field name=\"IF\" start=\"9\" end=\"9\"/><field name=\"DF\" start=\"10\" end=\"10\"/>"
	"<field name=\"OF\" start=\"11\" end=\"11\"/><field name=\"NT\" start=\"14\" end=\"14\"/>"
	"<field name=\"RF\" start=\"16\" end=\"16\"/><field name=\"VM\" start=\"17\" end=\"17\"/>"
	"</flags>\n"
	"<reg name=\"eax\" bitsize=\"32\" type=\"int32\" regnum=\"0\"/>\n"
	"<reg name=\"ecx\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"edx\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"ebx\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"esp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
	"<reg name=\"ebp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
	"<reg name=\"esi\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"edi\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"eip\" bitsize=\"32\" type=\"code_ptr\"/>\n"
	"<reg name=\"eflags\" bitsize=\"32\" type=\"i386_eflags\"/>\n"
	"<reg name=\"cs\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"ss\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"ds\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"es\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"fs\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"gs\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"st1\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"st2\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"st3\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"st4\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"st5\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"st6\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"st7\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"fctrl\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"<reg name=\"fstat\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"<reg name=\"ftag\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"<reg name=\"fiseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"<reg name=\"fioff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"<reg name=\"foseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"<reg name=\"fooff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"<reg name=\"fop\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"</feature>\n"
	"<feature name=\"org.smmbox.x86.system\">\n"
	"<reg name=\"es_base\" bitsize=\"32\" type=\"data_ptr\" regnum=\"32\"/>\n"
	"<reg name=\"cs_base\" bitsize=\"32\" type=\"data_ptr\"/>\n"
	"<reg name=\"ss_base\" bitsize=\"32\" type=\"data_ptr\"/>\n"
	"<reg name=\"ds_base\" bitsize=\"32\" type=\"data_ptr\"/>\n"
	"<reg name=\"fs_base\" bitsize=\"32\" type=\"data_ptr\"/>\n"
	"<reg name=\"gs_base\" bitsize=\"32\" type=\"data_ptr\"/>\n"
	"<reg name=\"cr0\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"cr2\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"cr3\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"cr4\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"smm\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"smbase\" bitsize=\"32\" type=\"data_ptr\"/>\n"
	"</feature>\n"
	"<feature name=\"org.gnu.gdb.i386.sse\">\n"
	"<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
	"<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
	"<vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n"
	"<vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n"
	"<vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n"
	"<vector id=\"v2i64\" type=\"int64\" count=\"2\"/>\n"
	"<union id=\"vec128\">"
	"<field name=\"v4_float\" type=\"v4f\"/><field name=\"v2_double\" type=\"v2d\"/>"
	"<field name=\"v16_int8\" type=\"v16i8\"/><field name=\"v8_int16\" type=\"v8i16\"/>"
	"<field name=\"v4_int32\" type=\"v4i32\"/><field name=\"v2_int64\" type=\"v2i64\"/>"
	"<field name=\"uint128\" type=\"uint128\"/></union>\n"
	"<flags id=\"i386_mxcsr\" size=\"4\">"
	"<field name=\"IE\" start=\"0\" end=\"0\"/><field name=\"DE\" start=\"1\" end=\"1\"/>"
	"<field name=\"ZE\" start=\"2\" end=\"2\"/><field name=\"OE\" start=\"3\" end=\"3\"/>"
	"<field name=\"UE\" start=\"4\" end=\"4\"/><field name=\"PE\" start=\"5\" end=\"5\"/>"
	"<field name=\"DAZ\" start=\"6\" end=\"6\"/><field name=\"IM\" start=\"7\" end=\"7\"/>"
	"<field name=\"DM\" start=\"8\" end=\"8\"/><field name=\"ZM\" start=\"9\" end=\"9\"/>"
	"<field name=\"OM\" start=\"10\" end=\"10\"/><field name=\"UM\" start=\"11\" end=\"11\"/>"
	"<field name=\"PM\" start=\"12\" end=\"12\"/><field name=\"FZ\" start=\"15\" end=\"15\"/>"
	"</flags>\n"
	"<reg name=\"xmm0\" bitsize=\"128\" type=\"vec128\" regnum=\"44\"/>\n"
	"<reg name=\"xmm1\" bitsize=\"128\" type=\"vec128\"/>\n"
	"<reg name=\"xmm2\" bitsize=\"128\" type=\"vec128\"/>\n"
	"<reg name=\"xmm3\" bitsize=\"128\" type=\"vec128\"/>\n"
	"<reg name=\"xmm4\" bitsize=\"128\" type=\"vec128\"/>\n"
	"<reg name=\"xmm5\" bitsize=\"128\" type=\"vec128\"/>\n"
	"<reg name=\"xmm6\" bitsize=\"128\" type=\"vec128\"/>\n"
	"<reg name=\"xmm7\" bitsize=\"128\" type=\"vec128\"/>\n"
	"<reg name=\"mxcsr\" bitsize=\"32\" type=\"i386_mxcsr\" group=\"vector\"/>\n"
	"</feature>\n"
	"</target>\n";

const size_t gdb_target_xml_size = sizeof(gdb_target_xml) - 1;

/* The bits of MXCSR a Pentium III has: flags, masks, rounding, FZ (no
 * DAZ, bit 6). */
#define GDB_MXCSR_BITS 0xFFBFu

unsigned gdb_reg_size(unsigned r)
{
	if (r >= GDB_FIRST_X87 && r < GDB_FIRST_X87 + 8)
		return 10;
	if (r >= GDB_FIRST_SSE && r < GDB_FIRST_SSE + 8)
		return 16;
	return 4;
}

/* The physical register that gdb's st<i> (ST(i)) is now. */
static struct float80 *st_register(struct cpu_fpu *f, unsigned i)
{
	return &f->st[(((f->status & FSW_TOP) >> 11) + i) & 7];
}

/* The x87's words after st7, in gdb's order: fctrl, fstat, ftag, fiseg,
 * fioff, foseg, fooff, fop. */
static uint32_t x87_word(const struct cpu_fpu *f, unsigned k)
{
	switch (k) {
	case 0: return f->control;
	case 1: return f->status;
	case 2: return cpu_fpu_tag_word(f);
	case 3: return f->cs;
	case 4: return f->ip;
	case 5: return f->ds;
	case 6: return f->dp;
	default: return f->opcode;
	}
}

static void set_x87_word(struct cpu_fpu *f, unsigned k, uint32_t v)
{
	switch (k) {
	case 0: f->control = (uint16_t)v; break;
	case 1: f->status = (uint16_t)v; break;
	case 2:
		f->empty = 0;
		for (unsigned r = 0; r < 8; r++)
			if (((v >> (2 * r)) & 3) == 3)
				f->empty |= (uint8_t)(1u << r);
		break;
	case 3: f->cs = (uint16_t)v; break;
	case 4: f->ip = v; break;
	case 5: f->ds = (uint16_t)v; break;
	case 6: f->dp = v; break;
	default: f->opcode = (uint16_t)(v & 0x7FF); break;
	}
}

/* A 32-bit register's value (all but st0-st7 and xmm0-xmm7). */
static uint32_t reg_value(const struct cpu *cpu, unsigned r)
{
	static const uint8_t seg_of[6] = { S_CS, S_SS, S_DS, S_ES, S_FS, S_GS };
	if (r < 8)
		return cpu->reg[r];
	if (r == 8)
		return cpu->seg[S_CS].base + cpu->eip;   /* the linear program counter */
	if (r == 9)
		return cpu_get_eflags(cpu);
	if (r < GDB_NUM_CORE)
		return cpu->seg[seg_of[r - 10]].sel;
	if (r < GDB_FIRST_SYS)
		return x87_word(&cpu->fpu, r - GDB_FIRST_X87 - 8);
	if (r < GDB_FIRST_SYS + 6)
		return cpu->seg[r - GDB_FIRST_SYS].base;
	if (r >= GDB_FIRST_SSE)
		return cpu->sse.mxcsr;
	switch (r - GDB_FIRST_SYS - 6) {
	case 0: return cpu->cr0;
	case 1: return cpu->cr2;
	case 2: return cpu->cr3;
	case 3: return cpu->cr4;
	case 4: return cpu->smm;
	default: return cpu->smbase;
	}
}

unsigned gdb_reg_text(const struct cpu *cpu, unsigned r, char *out)
{
	uint8_t b[GDB_REG_MAX];
	unsigned n = gdb_reg_size(r);
	if (n == 10) {
		struct float80 v = *st_register((struct cpu_fpu *)&cpu->fpu, r - GDB_FIRST_X87);
		for (unsigned k = 0; k < 8; k++)
			b[k] = (uint8_t)(v.signif >> (8 * k));
		b[8] = (uint8_t)v.sign_exp;
		b[9] = (uint8_t)(v.sign_exp >> 8);
	} else if (n == 16) {
		memcpy(b, cpu->sse.xmm[r - GDB_FIRST_SSE].b, 16);
	} else {
		uint32_t v = reg_value(cpu, r);
		for (unsigned k = 0; k < 4; k++)
			b[k] = (uint8_t)(v >> (8 * k));
	}
	for (unsigned k = 0; k < n; k++)
		snprintf(out + 2 * k, 3, "%02x", b[k]);
	return n;
}

bool gdb_reg_write(struct cpu *cpu, unsigned r, const uint8_t *b)
{
	uint32_t v = b[0] | b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	if (r < 8) {
		cpu->reg[r] = v;
	} else if (r == 8) {
		cpu->eip = v - cpu->seg[S_CS].base;
	} else if (r == 9) {
		cpu_set_eflags(cpu, v);
	} else if (r >= GDB_FIRST_X87 && r < GDB_FIRST_X87 + 8) {
		struct float80 *st = st_register(&cpu->fpu, r - GDB_FIRST_X87);
		st->signif = 0;
		for (unsigned k = 0; k < 8; k++)
			st->signif |= (uint64_t)b[k] << (8 * k);
		st->sign_exp = (uint16_t)(b[8] | b[9] << 8);
	} else if (r >= GDB_FIRST_X87 + 8 && r < GDB_FIRST_SYS) {
		set_x87_word(&cpu->fpu, r - GDB_FIRST_X87 - 8, v);
	} else if (r >= GDB_FIRST_SSE && r < GDB_FIRST_SSE + 8) {
		memcpy(cpu->sse.xmm[r - GDB_FIRST_SSE].b, b, 16);
	} else if (r == GDB_FIRST_SSE + 8) {
		cpu->sse.mxcsr = v & GDB_MXCSR_BITS;
	} else {
		return false;
	}
	return true;
}
