/* The gdb stub (--gdb PORT): the GDB remote serial protocol over TCP, a
 * front end on the debugger engine.
 *
 * How the stub presents the machine to a stock gdb (i386):
 *  - the program counter (eip, register 8) is the LINEAR address CS.base
 *    + EIP, so that gdb reads and disassembles the bytes the CPU fetches
 *    in real mode, v86 and SMM too; writing it sets EIP to the value
 *    minus CS.base;
 *  - memory addresses (m, M, X, breakpoints, watchpoints) are linear,
 *    translated through the page tables without side effects and read
 *    through the view the CPU uses now (SMRAM in SMM) unless `monitor
 *    view normal|smram` says otherwise (`monitor view auto` goes back);
 *  - the target description adds, after the i386 core registers, the
 *    segment bases (es_base ... gs_base), cr0, cr2, cr3, cr4, smm (1 in
 *    SMM) and smbase;
 *  - 16-bit code (real mode, SMM entry) needs `set architecture i8086` in
 *    gdb to be disassembled as such;
 *  - a stop at one of gdb's watchpoints (Z2-Z4) names it in the stop
 *    reply (watch:, rwatch:, awatch: and its address).
 * Reverse execution (qSupported: ReverseStep+, ReverseContinue+): bs and
 * bc go back through the engine (debugger_reverse_step(),
 * debugger_reverse_continue(): a replay from a snapshot, which gdb's
 * Ctrl-C does not interrupt), so gdb's reverse-stepi and reverse-continue
 * work, and so do reverse-step, reverse-next and reverse-finish, which
 * gdb builds from them where it knows the function (symbols) and its
 * caller (an unwinder for the code).  bc stops at gdb's breakpoints and
 * watchpoints (a watchpoint before the instruction that made the access)
 * and at the monitor's; where nothing is left behind (bs at power-on, bc
 * with no stop before) the reply is T05replaylog:begin;.  When the engine
 * cannot go back (a trace being recorded, the SMM checks), an O packet
 * says why and the reply is E22.
 * Monitor commands (qRcmd): view normal|smram|auto, info smm, savestate,
 * break smi, break rsm, smi (raise one), mode, help. */
#ifndef SMMBOX_UI_GDB_STUB_H
#define SMMBOX_UI_GDB_STUB_H

#include "debug/debugger.h"

/* Listen on addr:port (port 0: any free one; the port is printed on
 * stderr either way), serve one gdb connection until it detaches, kills
 * or closes.  Returns 0, or 1 (with one line on stderr) when the socket
 * cannot be set up. */
int gdb_serve(struct debugger *d, struct machine *m, const char *addr, unsigned port);

/* Serve the gdb connection already open on fd (a connected stream
 * socket, left open) until gdb detaches, kills or closes it.  Returns 0,
 * or 1 (with one line on stderr) when out of memory. */
int gdb_session(struct debugger *d, struct machine *m, int fd);

#endif
