/* The board's fw_cfg extras; see board_fw_cfg.h. */
#include "chipset/board_fw_cfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chipset/host_file.h"
#include "chipset/linux_boot.h"

#define LINUXBOOT_ROM_NAME "genroms/linuxboot_dma.bin"
/* SeaBIOS's boot order, as QEMU gives it for -kernel (the option ROM's
 * bootindex 0): the ROM before any disk. */
#define LINUXBOOT_BOOTORDER "/rom@" LINUXBOOT_ROM_NAME "\n"
/* The largest fw_cfg item: a size field holds 32 bits. */
#define ITEM_MAX 0xFFFFFFFFu

/* One named file into fw_cfg; false after a line on stderr. */
static bool add_named(struct board *b, const char *name, const void *data, size_t size)
{
	if (strlen(name) > FW_CFG_NAME_MAX) {
		fprintf(stderr, "smmbox: fw_cfg name %s is longer than %u bytes\n", name,
			FW_CFG_NAME_MAX);
		return false;
	}
	if (fw_cfg_has_file(&b->fw_cfg, name)) {
		fprintf(stderr, "smmbox: fw_cfg name %s is taken\n", name);
		return false;
	}
	if (!fw_cfg_add_file(&b->fw_cfg, name, data, (uint32_t)size)) {
		fprintf(stderr, "smmbox: too many fw_cfg items (adding %s)\n", name);
		return false;
	}
	return true;
}

/* The kernel, its initrd and command line, the option ROM that loads
 * them, and a boot order that boots that ROM first. */
static bool add_linux(struct board *b, const struct board_config *cfg)
{
	struct linux_image img = { .cmdline = cfg->cmdline ? cfg->cmdline : "",
				   .ram_size = b->ram_size };
	uint8_t *kernel = NULL, *initrd = NULL, *rom = NULL;
	size_t rom_size = 0;
	bool ok = false;
	char why[200];
	kernel = host_file_read(cfg->kernel_path, "kernel", ITEM_MAX, &img.kernel_size);
	if (kernel && cfg->initrd_path)
		initrd = host_file_read(cfg->initrd_path, "initrd", ITEM_MAX, &img.initrd_size);
	if (kernel && (initrd || !cfg->initrd_path))
		rom = host_file_read(cfg->linuxboot_rom, "option ROM", ITEM_MAX, &rom_size);
	img.kernel = kernel;
	img.initrd = initrd;
	if (rom && !linux_boot_add(&b->fw_cfg, &img, why, sizeof(why)))
		fprintf(stderr, "smmbox: kernel %s: %s\n", cfg->kernel_path, why);
	else if (rom)
		ok = add_named(b, LINUXBOOT_ROM_NAME, rom, rom_size) &&
		     add_named(b, "bootorder", LINUXBOOT_BOOTORDER, sizeof(LINUXBOOT_BOOTORDER));
	free(kernel);
	free(initrd);
	free(rom);
	return ok;
}

static bool add_user_file(struct board *b, const struct board_fw_cfg_file *file)
{
	if (!file->path)
		return add_named(b, file->name, file->string, strlen(file->string));
	size_t size;
	uint8_t *bytes = host_file_read(file->path, "fw_cfg file", ITEM_MAX, &size);
	bool ok = bytes && add_named(b, file->name, bytes, size);
	free(bytes);
	return ok;
}

bool board_add_fw_cfg(struct board *b, const struct board_config *cfg)
{
	if (cfg->kernel_path && !add_linux(b, cfg))
		return false;
	for (unsigned k = 0; k < cfg->n_fw_cfg_files; k++)
		if (!add_user_file(b, &cfg->fw_cfg_files[k]))
			return false;
	return true;
}
