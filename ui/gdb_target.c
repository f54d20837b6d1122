/* The target the gdb stub presents; see gdb_target.h. */
#include "ui/gdb_target.h"

#include <stdio.h>
#include <string.h>

static void put_le32(char *out, uint32_t v)
{
	for (unsigned k = 0; k < 4; k++)
		snprintf(out + 2 * k, 3, "%02x", (v >> (8 * k)) & 0xFF);
}

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
	"</target>\n";

const size_t gdb_target_xml_size = sizeof(gdb_target_xml) - 1;

unsigned gdb_reg_text(const struct cpu *cpu, unsigned r, char *out)
{
	static const uint8_t seg_of[6] = { S_CS, S_SS, S_DS, S_ES, S_FS, S_GS };
	uint32_t v;
	if (r >= GDB_FIRST_X87 && r < GDB_FIRST_X87 + GDB_NUM_X87) {
		unsigned n = r < GDB_FIRST_X87 + 8 ? 10 : 4;
		memset(out, 'x', 2 * n);
		out[2 * n] = 0;
		return n;
	}
	if (r < 8)
		v = cpu->reg[r];
	else if (r == 8)
		v = cpu->seg[S_CS].base + cpu->eip;   /* the linear program counter */
	else if (r == 9)
		v = cpu_get_eflags(cpu);
	else if (r < GDB_NUM_CORE)
		v = cpu->seg[seg_of[r - 10]].sel;
	else if (r < GDB_FIRST_SYS + 6)
		v = cpu->seg[r - GDB_FIRST_SYS].base;
	else {
		switch (r - GDB_FIRST_SYS - 6) {
		case 0: v = cpu->cr0; break;
		case 1: v = cpu->cr2; break;
		case 2: v = cpu->cr3; break;
		case 3: v = cpu->cr4; break;
		case 4: v = cpu->smm; break;
		default: v = cpu->smbase; break;
		}
	}
	put_le32(out, v);
	return 4;
}

bool gdb_reg_write(struct cpu *cpu, unsigned r, uint32_t v)
{
	if (r < 8)
		cpu->reg[r] = v;
	else if (r == 8)
		cpu->eip = v - cpu->seg[S_CS].base;
	else if (r == 9)
		cpu_set_eflags(cpu, v);
	else
		return false;
	return true;
}
