/* The VGA BIOS, an option ROM image: read from a file and checked, for
 * the board to show the guest in one of the two ways firmware expects:
 *   - as ROM at 0xC0000, where the Bochs BIOS (and any legacy BIOS) scans
 *     for option ROMs (VGA_ROM_BASE; board.c maps it at priority 1, under
 *     the i440FX shadow RAM);
 *   - as the fw_cfg file "vgaroms/<name>", from which SeaBIOS's QEMU
 *     build copies VGA ROMs into shadow RAM at 0xC0000 and runs them
 *     (it does not scan 0xC0000 itself).
 * The images Debian ships: /usr/share/vgabios/vgabios.bin (the LGPL
 * VGABIOS, "Bochs VGABios (PCI)", Bochs's VGABIOS-lgpl-latest) runs from
 * ROM and looks for DISPI; /usr/share/seabios/vgabios-isavga.bin
 * (SeaVGABIOS built without PCI) and vgabios-stdvga.bin (built for PCI
 * 1234:1111, which falls back to the same behaviour when the device in
 * AX at init is not that one) both use DISPI when present and write
 * their own variables into their image, so they need it in RAM: the
 * fw_cfg way. */
#ifndef SMMBOX_CHIPSET_VGA_ROM_H
#define SMMBOX_CHIPSET_VGA_ROM_H

#include <stdbool.h>
#include <stdint.h>

#define VGA_ROM_BASE 0xC0000u
#define VGA_ROM_MAX  0x20000u   /* 0xC0000-0xDFFFF, the option ROM area */

struct vga_rom {
	uint8_t *bytes;   /* size bytes of image, then 0xFF up to mapped_size */
	uint32_t size;    /* the file's size: what fw_cfg serves */
	uint32_t mapped_size; /* size rounded up to whole bus pages */
};

/* Read an option ROM image: it must start with the 0x55 0xAA signature
 * and fit the option ROM area.  On error prints one line on stderr and
 * returns false. */
bool vga_rom_load(struct vga_rom *rom, const char *path);
void vga_rom_free(struct vga_rom *rom);

#endif
