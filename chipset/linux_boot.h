/* A Linux kernel booted as QEMU's x86 loader boots it (QEMU
 * hw/i386/x86.c x86_load_linux(); the boot protocol is Linux's
 * Documentation/arch/x86/boot.rst): the bzImage's real-mode setup, with
 * the header fields a boot loader fills, and its protected-mode part
 * become fw_cfg items, with the command line and the initrd, and an
 * option ROM that reads them (QEMU's linuxboot_dma.bin, which SeaBIOS
 * runs as a boot device; qboot reads the same items itself) copies them
 * into memory and jumps to the setup code. */
#ifndef SMMBOX_CHIPSET_LINUX_BOOT_H
#define SMMBOX_CHIPSET_LINUX_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chipset/fw_cfg.h"

/* Where QEMU puts the pieces of a kernel of boot protocol 2.02 or later
 * that loads high: the setup code, the command line after it, and the
 * protected-mode part at 1 MiB. */
#define LINUX_SETUP_ADDR   0x10000u
#define LINUX_CMDLINE_ADDR 0x20000u
#define LINUX_KERNEL_ADDR  0x100000u
/* What QEMU's PC keeps free for its ACPI tables at the top of RAM
 * (0x20000 and 0x8000 for the linker's), which the initrd stays under. */
#define LINUX_ACPI_DATA_SIZE 0x28000u

struct linux_image {
	const uint8_t *kernel;   /* the bzImage */
	size_t kernel_size;
	const uint8_t *initrd;   /* NULL: none */
	size_t initrd_size;
	const char *cmdline;     /* never NULL; "" for none */
	uint32_t ram_size;       /* guest RAM, all below 4 GiB */
};

/* Check the image and add the items KERNEL_ADDR/SIZE/DATA, SETUP_ADDR/
 * SIZE/DATA (the setup code with its header filled in: cmd_line_ptr,
 * type_of_loader 0xB0, CAN_USE_HEAP with heap_end_ptr, vid_mode from a
 * vga= option, ramdisk_image and ramdisk_size), CMDLINE_ADDR/SIZE/DATA
 * and, with an initrd, INITRD_ADDR/SIZE/DATA, the initrd at the highest
 * page under both the kernel's initrd_addr_max and RAM less
 * LINUX_ACPI_DATA_SIZE.  False, adding nothing, with why (no "smmbox: ",
 * no newline) in WHY: not a bzImage, a boot protocol before 2.02 or a
 * kernel that does not load high, a header whose setup is longer than
 * the file, a command line longer than the kernel takes, an initrd that
 * does not fit, or a full fw_cfg table. */
bool linux_boot_add(struct fw_cfg *f, const struct linux_image *img, char *why, size_t why_size);

#endif
