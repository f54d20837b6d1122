/* What the debugger shows, as text: CPU modes and events in words, the
 * registers with their descriptor caches, memory through any bus view,
 * disassembly (Capstone), the SMM save-state map and the chipset's SMRAM
 * and PAM routing.  Everything here reads without side effects: no MMIO
 * access, no dirty bit, no change to the decoded-code cache. */
#ifndef SMMBOX_DEBUG_DEBUG_VIEW_H
#define SMMBOX_DEBUG_DEBUG_VIEW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "chipset/board.h"
#include "cpu/cpu.h"
#include "cpu/events.h"

/* The CPU mode as bits: DBG_MODE_*. */
#define DBG_MODE_PE  1u
#define DBG_MODE_PG  2u
#define DBG_MODE_V86 4u
#define DBG_MODE_SMM 8u

/* The general registers' names, in cpu->reg[] order. */
extern const char *const dbg_gpr_names[8];

unsigned dbg_mode_of(const struct cpu *cpu);
/* "real", "protected", "protected, paging", "v86, paging", "..., SMM" */
void dbg_mode_name(unsigned mode, char *out, size_t size);
/* An event other than an instruction, in words ("SMI", "out 0xb2, 0x00"). */
void dbg_event_text(const struct cpu_event *ev, char *out, size_t size);

/* The views by name: normal, smm_code (or smram), smm_data, dma; -1 when
 * name is none of them. */
int dbg_view_by_name(const char *name);

/* A hexadecimal number of at most 32 bits, 0x optional; false if t is not one. */
bool dbg_parse_hex(const char *t, uint32_t *v);

/* What dbg_parse_place() found wrong. */
enum dbg_place_error { DBG_PLACE_OK, DBG_PLACE_BAD_VIEW, DBG_PLACE_BAD_ADDRESS };

/* "[VIEW:|lin:]ADDR" (ADDR in hex): *linear for "lin:", *view for a view's
 * name (left as it was without one), *addr.  On an error, *bad is the
 * text at fault (the view's name or the address).  text is cut at the
 * colon. */
enum dbg_place_error dbg_parse_place(char *text, int *view, bool *linear, uint32_t *addr,
				     const char **bad);

void dbg_print_registers(FILE *out, const struct cpu *cpu);
/* The CPU's model and every MSR it has, by index and name, read without
 * side effects. */
void dbg_print_msrs(FILE *out, const struct cpu *cpu);
/* len bytes from linear address lin through the CPU's page tables and
 * view (without side effects), into out; how many could be read (it stops
 * at a page that is not mapped). */
uint32_t dbg_read_linear(const struct cpu *cpu, enum bus_view view, uint32_t lin, uint8_t *out,
			 uint32_t len);
/* len bytes from physical address paddr as the view shows them, 16 to a
 * line with their ASCII. */
void dbg_print_memory(FILE *out, const struct bus *bus, enum bus_view view, uint32_t paddr,
		      uint32_t len);
/* The instruction at CS:EIP: its first 15 bytes into out, and its length
 * (0 when it cannot be read or decoded). */
unsigned dbg_insn_at(const struct cpu *cpu, uint8_t out[15]);
/* One disassembled instruction: at CS:eip (linear lin), size bytes
 * (0: text says why it could not be decoded) shown in hex, and its text. */
struct dbg_insn_text {
	uint32_t eip, lin;
	unsigned size;
	char hex[40];
	char text[192];
};

/* One instruction from bytes (avail of them) at address addr, decoded as
 * 32-bit code or 16-bit: false (text saying so) when it does not decode. */
bool dbg_disassemble_bytes(const uint8_t *bytes, unsigned avail, uint32_t addr, bool code32,
			   struct dbg_insn_text *out);

/* CS is a 32-bit code segment now (protected mode, not v86, CS.D). */
bool dbg_code32(const struct cpu *cpu);
/* Up to n instructions from CS:eip in the CPU's current code size,
 * through the view it fetches from now; how many were filled in (the
 * last one may be undecodable; 0 only when Capstone cannot be opened). */
unsigned dbg_disassemble(const struct cpu *cpu, uint32_t eip, unsigned n, struct dbg_insn_text *out);
/* n instructions from CS:EIP (16- or 32-bit from CS.D), as CS:IP and
 * linear addresses, through the view the CPU fetches from now. */
void dbg_print_disassembly(FILE *out, const struct cpu *cpu, unsigned n);
/* The x87 FPU: ST0-ST7 each with its physical register, tag, value in
 * hex (exponent word, significand), as a decimal approximation and as a
 * hexadecimal float; the control, status and tag words decoded; the last
 * instruction's and operand's pointers and opcode. */
void dbg_print_fpu(FILE *out, const struct cpu *cpu);
/* The SSE unit: XMM0-7 as four singles in hex (the highest first) and as
 * bytes (the lowest first), and MXCSR decoded. */
void dbg_print_sse(FILE *out, const struct cpu *cpu);
/* A tag's name: "valid", "zero", "special", "empty" (for tag & 3). */
const char *dbg_fpu_tag_name(unsigned tag);
/* An extended-precision value as decimal text: 20 significant digits,
 * rounded half up, trailing zeros left out ("3.1415926535897932385e+0",
 * "1e-1" for 0.1's nearest); "+0", "-inf", "+qnan", "-snan",
 * "+unsupported (unnormal)".  Computed in integers: the same bits give
 * the same text on every host. */
void dbg_f80_text(struct float80 v, char *out, size_t size);
/* The same as a hexadecimal float: "0x1.921fb54442d18469p+1", a denormal
 * as "0x0.<fraction>p-16382"; infinities and NaNs as dbg_f80_text(). */
void dbg_f80_hexfloat(struct float80 v, char *out, size_t size);
/* The save-state map at smbase, field by field, read from SMRAM as SMM
 * code sees it. */
void dbg_print_smm_map(FILE *out, const struct bus *bus, uint32_t smbase);
/* The name of the save-state field at offset off from SMBASE+0x8000
 * (SDM Table 34-1 and the descriptor caches, smm.h), or NULL. */
const char *dbg_smm_field_name(unsigned off);
/* SMM state: in SMM or not, SMBASE, pending SMI, SMIs and RSMs so far. */
void dbg_print_smm_state(FILE *out, const struct cpu *cpu);
/* The SMRAM register and PAM0-6 decoded, and what 0xA0000-0xBFFFF and
 * each PAM segment reach in every view now. */
void dbg_print_chipset(FILE *out, const struct board *board);
/* The local APIC (board_inspect_apic()): its base and enables, the
 * registers, each LVT entry and the timer decoded, the vectors in IRR,
 * ISR and TMR, the lines; one line when the CPU has none. */
void dbg_print_apic(FILE *out, const struct board *board);
/* The I/O APIC: its registers, the pins' levels, each redirection entry
 * decoded. */
void dbg_print_ioapic(FILE *out, const struct board *board);
/* Both in a few lines for a window's pane: the local APIC's enables,
 * priorities, timer, LINT entries, IRR and ISR; the I/O APIC's pins and
 * its unmasked entries. */
void dbg_print_apic_brief(FILE *out, const struct board *board);

#endif
