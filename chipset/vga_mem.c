/* VGA memory window; see vga_mem.h. */
#include "chipset/vga_mem.h"

#include "chipset/pci.h"

static uint32_t vga_read(void *opaque, uint32_t offset, unsigned size)
{
	const struct vga_mem *v = opaque;
	return pci_get_le(&v->mem[offset], size);
}

static void vga_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct vga_mem *v = opaque;
	pci_set_le(&v->mem[offset], size, value);
}

static const struct bus_io_ops vga_ops = { vga_read, vga_write };

/* Priority 2: above DRAM and the BIOS alias, below SMRAM and shadow RAM. */
void vga_mem_attach(struct vga_mem *v, struct bus *bus)
{
	v->region = bus_add_mmio(bus, "vga", VGA_MEM_BASE, VGA_MEM_SIZE, 2, BUS_VIS_ALL,
				 &vga_ops, v);
}
