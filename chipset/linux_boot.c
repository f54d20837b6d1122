/* A Linux kernel through fw_cfg, as QEMU loads it; see linux_boot.h.
 * Header offsets are the boot protocol's (boot.rst, "The Real-Mode Kernel
 * Header"). */
#include "chipset/linux_boot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HDR_SETUP_SECTS     0x1F1
#define HDR_VID_MODE        0x1FA
#define HDR_MAGIC           0x202   /* "HdrS" */
#define HDR_VERSION         0x206
#define HDR_TYPE_OF_LOADER  0x210
#define HDR_LOADFLAGS       0x211
#define HDR_RAMDISK_IMAGE   0x218
#define HDR_RAMDISK_SIZE    0x21C
#define HDR_HEAP_END_PTR    0x224
#define HDR_CMD_LINE_PTR    0x228
#define HDR_INITRD_ADDR_MAX 0x22C
#define HDR_XLOADFLAGS      0x236
#define HDR_CMDLINE_SIZE    0x238
#define HDR_END             0x23C   /* the fields read here all end before */

#define LOADED_HIGH   0x01
#define CAN_USE_HEAP  0x80
#define XLF_CAN_BE_LOADED_ABOVE_4G 0x02
#define LOADER_QEMU   0xB0          /* type_of_loader: QEMU's, version 0 */
#define MAGIC_HDRS    0x53726448u
/* initrd_addr_max before protocol 2.03; the command line's limit before
 * 2.06, without its NUL. */
#define OLD_INITRD_ADDR_MAX 0x37FFFFFFu
#define OLD_CMDLINE_SIZE    255u
/* The items linux_boot_add() adds at most. */
#define LINUX_ITEMS 12

static uint32_t get_le(const uint8_t *p, unsigned size)
{
	uint32_t v = 0;
	for (unsigned k = size; k-- > 0;)
		v = v << 8 | p[k];
	return v;
}

static void put_le(uint8_t *p, uint32_t v, unsigned size)
{
	for (unsigned k = 0; k < size; k++)
		p[k] = (uint8_t)(v >> (8 * k));
}

/* The vid_mode a "vga=" option asks for (normal, ext, ask or a number),
 * as QEMU reads it: -1 when the option is absent, -2 when malformed. */
static long vga_mode(const char *cmdline)
{
	const char *v = strstr(cmdline, "vga=");
	if (!v)
		return -1;
	v += 4;
	if (strncmp(v, "normal", 6) == 0)
		return 0xFFFF;
	if (strncmp(v, "ext", 3) == 0)
		return 0xFFFE;
	if (strncmp(v, "ask", 3) == 0)
		return 0xFFFD;
	char *end;
	unsigned long mode = strtoul(v, &end, 0);
	if (end == v || (*end && *end != ' ') || mode > 0xFFFF)
		return -2;
	return (long)mode;
}

/* Where the initrd may end: the kernel's limit, under RAM less the ACPI
 * room (QEMU's initrd_max). */
static uint32_t initrd_limit(const uint8_t *hdr, uint32_t ram_size)
{
	uint16_t version = (uint16_t)get_le(hdr + HDR_VERSION, 2);
	uint32_t max = OLD_INITRD_ADDR_MAX;
	if (version >= 0x20C && (get_le(hdr + HDR_XLOADFLAGS, 2) & XLF_CAN_BE_LOADED_ABOVE_4G))
		max = UINT32_MAX;
	else if (version >= 0x203)
		max = get_le(hdr + HDR_INITRD_ADDR_MAX, 4);
	if (ram_size <= LINUX_ACPI_DATA_SIZE)
		return 0;
	if (max >= ram_size - LINUX_ACPI_DATA_SIZE)
		max = ram_size - LINUX_ACPI_DATA_SIZE - 1;
	return max;
}

/* The header's checks: a bzImage of protocol 2.02 or later that loads
 * high, its setup inside the file, the command line within its limit.
 * Returns the setup's size in bytes, or 0 with why. */
static size_t check_header(const struct linux_image *img, char *why, size_t why_size)
{
	const uint8_t *hdr = img->kernel;
	if (img->kernel_size < HDR_END || get_le(hdr + HDR_MAGIC, 4) != MAGIC_HDRS) {
		snprintf(why, why_size, "is not a bzImage (no \"HdrS\" boot header at 0x202)");
		return 0;
	}
	uint16_t version = (uint16_t)get_le(hdr + HDR_VERSION, 2);
	if (version < 0x202 || !(hdr[HDR_LOADFLAGS] & LOADED_HIGH)) {
		snprintf(why, why_size, "has boot protocol %u.%02u%s: smmbox loads 2.02 and later, "
			 "loaded high", version >> 8, version & 0xFF,
			 hdr[HDR_LOADFLAGS] & LOADED_HIGH ? "" : " (not loaded high)");
		return 0;
	}
	size_t setup_size = ((size_t)(hdr[HDR_SETUP_SECTS] ? hdr[HDR_SETUP_SECTS] : 4) + 1) * 512;
	if (setup_size >= img->kernel_size) {
		snprintf(why, why_size, "has a setup of %zu bytes, not less than the file's %zu",
			 setup_size, img->kernel_size);
		return 0;
	}
	size_t limit = version >= 0x206 ? get_le(hdr + HDR_CMDLINE_SIZE, 4) : OLD_CMDLINE_SIZE;
	size_t cmdline_len = strlen(img->cmdline);
	if (cmdline_len > limit || cmdline_len >= LINUX_KERNEL_ADDR - LINUX_CMDLINE_ADDR) {
		snprintf(why, why_size, "takes a command line of at most %zu bytes, not %zu",
			 limit, cmdline_len);
		return 0;
	}
	return setup_size;
}

/* The setup code (SETUP_SIZE bytes of the image) with its header filled
 * in, the initrd at INITRD_ADDR if there is one; NULL with why. */
static uint8_t *filled_setup(const struct linux_image *img, size_t setup_size,
			     uint32_t initrd_addr, char *why, size_t why_size)
{
	long mode = vga_mode(img->cmdline);
	if (mode == -2) {
		snprintf(why, why_size, "command line has a vga= option that is not normal, ext, "
			 "ask or a mode number");
		return NULL;
	}
	uint8_t *setup = malloc(setup_size);
	if (!setup) {
		snprintf(why, why_size, "setup of %zu bytes: out of memory", setup_size);
		return NULL;
	}
	memcpy(setup, img->kernel, setup_size);
	if (mode >= 0)
		put_le(setup + HDR_VID_MODE, (uint32_t)mode, 2);
	setup[HDR_TYPE_OF_LOADER] = LOADER_QEMU;
	setup[HDR_LOADFLAGS] |= CAN_USE_HEAP;
	put_le(setup + HDR_HEAP_END_PTR, LINUX_CMDLINE_ADDR - LINUX_SETUP_ADDR - 0x200, 2);
	put_le(setup + HDR_CMD_LINE_PTR, LINUX_CMDLINE_ADDR, 4);
	if (img->initrd) {
		put_le(setup + HDR_RAMDISK_IMAGE, initrd_addr, 4);
		put_le(setup + HDR_RAMDISK_SIZE, (uint32_t)img->initrd_size, 4);
	}
	return setup;
}

/* Where the initrd goes (0 without one), or false with why. */
static bool place_initrd(const struct linux_image *img, uint32_t *addr, char *why,
			 size_t why_size)
{
	*addr = 0;
	if (!img->initrd)
		return true;
	uint32_t max = initrd_limit(img->kernel, img->ram_size);
	if (img->initrd_size >= max || (max - img->initrd_size) < LINUX_KERNEL_ADDR) {
		snprintf(why, why_size, "initrd of %zu bytes does not fit in guest RAM (%u MiB) "
			 "between 1 MiB and 0x%08x", img->initrd_size, img->ram_size >> 20, max);
		return false;
	}
	*addr = (uint32_t)(max - img->initrd_size) & ~0xFFFu;
	return true;
}

bool linux_boot_add(struct fw_cfg *f, const struct linux_image *img, char *why, size_t why_size)
{
	size_t setup_size = check_header(img, why, why_size);
	uint32_t initrd_addr;
	if (!setup_size || !place_initrd(img, &initrd_addr, why, why_size))
		return false;
	if (f->nitems + LINUX_ITEMS > FW_CFG_MAX_ITEMS) {
		snprintf(why, why_size, "fw_cfg has no room for the kernel's items");
		return false;
	}
	uint8_t *setup = filled_setup(img, setup_size, initrd_addr, why, why_size);
	if (!setup)
		return false;
	uint32_t kernel_size = (uint32_t)(img->kernel_size - setup_size);
	uint32_t cmdline_size = (uint32_t)strlen(img->cmdline) + 1;
	fw_cfg_add_le32(f, FW_CFG_KERNEL_ADDR, LINUX_KERNEL_ADDR);
	fw_cfg_add_le32(f, FW_CFG_KERNEL_SIZE, kernel_size);
	fw_cfg_add_bytes(f, FW_CFG_KERNEL_DATA, img->kernel + setup_size, kernel_size);
	fw_cfg_add_le32(f, FW_CFG_SETUP_ADDR, LINUX_SETUP_ADDR);
	fw_cfg_add_le32(f, FW_CFG_SETUP_SIZE, (uint32_t)setup_size);
	fw_cfg_add_bytes(f, FW_CFG_SETUP_DATA, setup, (uint32_t)setup_size);
	fw_cfg_add_le32(f, FW_CFG_CMDLINE_ADDR, LINUX_CMDLINE_ADDR);
	fw_cfg_add_le32(f, FW_CFG_CMDLINE_SIZE, cmdline_size);
	fw_cfg_add_bytes(f, FW_CFG_CMDLINE_DATA, img->cmdline, cmdline_size);
	if (img->initrd) {
		fw_cfg_add_le32(f, FW_CFG_INITRD_ADDR, initrd_addr);
		fw_cfg_add_le32(f, FW_CFG_INITRD_SIZE, (uint32_t)img->initrd_size);
		fw_cfg_add_bytes(f, FW_CFG_INITRD_DATA, img->initrd, (uint32_t)img->initrd_size);
	}
	free(setup);
	return true;
}
