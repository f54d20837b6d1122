# smmbox-gdb.py: gdb follows the CPU's code size on smmbox's gdb stub.
#
#     (gdb) target remote :PORT
#     (gdb) source /usr/local/share/smmbox/smmbox-gdb.py
#
# (or the same `source` line in ~/.gdbinit).  At every stop, and once when
# sourced while connected, it asks the stub for the CPU's mode (`monitor
# mode`: "mode: real, SMM; code: 16-bit") and sets gdb's architecture to
# i8086 for 16-bit code (real mode, v86, SMM's entry state, a 16-bit
# protected-mode segment) and i386 for 32-bit code, so that `x/i $pc`, the
# TUI and front ends disassemble what the CPU will run.  `smmbox-mode`
# does the same by hand.  Against another target it does nothing.
import re

import gdb

_CODE_SIZE = re.compile(r"code: (16|32)-bit")


def _architecture_now():
    """gdb's architecture for the code at the stop, or None off smmbox."""
    try:
        text = gdb.execute("monitor mode", to_string=True)
    except gdb.error:
        return None
    found = _CODE_SIZE.search(text)
    if not found:
        return None
    return "i8086" if found.group(1) == "16" else "i386"


def _follow_code_size(event=None):
    arch = _architecture_now()
    if arch is not None:
        gdb.execute("set architecture " + arch, to_string=True)


class SmmboxMode(gdb.Command):
    """Set gdb's architecture to the code size of smmbox's CPU now."""

    def __init__(self):
        super().__init__("smmbox-mode", gdb.COMMAND_STATUS)

    def invoke(self, argument, from_tty):
        _follow_code_size()
        gdb.write(gdb.execute("show architecture", to_string=True))


SmmboxMode()
gdb.events.stop.connect(_follow_code_size)
if gdb.selected_inferior().pid > 0:
    _follow_code_size()
