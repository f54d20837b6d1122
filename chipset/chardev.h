/* Where a device's output stream goes (the debug console, COM1): each
 * byte reaches its file or pipe as the guest writes it, as QEMU's
 * character devices pass it on, so a prompt shows before its line ends
 * and a guest that prints and then computes is seen at once. */
#ifndef SMMBOX_CHIPSET_CHARDEV_H
#define SMMBOX_CHIPSET_CHARDEV_H

#include <stdint.h>
#include <stdio.h>

/* Write byte to out now; out NULL: dropped. */
static inline void chardev_put(FILE *out, uint8_t byte)
{
	if (!out)
		return;
	fputc(byte, out);
	fflush(out);
}

#endif
