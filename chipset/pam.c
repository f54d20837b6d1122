/* PAM shadow-RAM routing; see pam.h. */
#include "chipset/pam.h"

#include <stdbool.h>

static uint32_t segment_base(unsigned seg)
{
	return seg == 0 ? 0xF0000u : 0xC0000u + (seg - 1) * 0x4000u;
}

static uint32_t segment_size(unsigned seg)
{
	return seg == 0 ? 0x10000u : 0x4000u;
}

/* PAMn, the register holding a segment's nibble. */
static unsigned segment_register(unsigned seg)
{
	return seg == 0 ? 0 : 1 + (seg - 1) / 2;
}

static enum smram_pam_mode segment_mode(const uint8_t *regs, unsigned seg)
{
	bool high = seg == 0 || ((seg - 1) & 1);
	uint8_t v = regs[segment_register(seg)];
	return (enum smram_pam_mode)((high ? v >> 4 : v) & 3);
}

void pam_attach(struct pam *p, struct bus *bus, int dram, int priority)
{
	for (unsigned seg = 0; seg < PAM_SEGMENTS; seg++)
		p->region[seg] = bus_add_alias(bus, "shadow", segment_base(seg), segment_size(seg),
					       priority, BUS_VIS_ALL, dram, segment_base(seg));
}

void pam_route(const struct pam *p, struct bus *bus, const uint8_t *regs)
{
	static const unsigned claims[4] = {
		[SMRAM_PAM_PCI] = 0, [SMRAM_PAM_READ_DRAM] = BUS_CLAIM_READ,
		[SMRAM_PAM_WRITE_DRAM] = BUS_CLAIM_WRITE, [SMRAM_PAM_DRAM] = BUS_CLAIM_ALL,
	};
	for (unsigned seg = 0; seg < PAM_SEGMENTS; seg++)
		bus_set_claims(bus, p->region[seg], claims[segment_mode(regs, seg)]);
}

void pam_inspect(const uint8_t *regs, uint8_t pam0, struct smram_info *info)
{
	info->npam = PAM_SEGMENTS;
	for (unsigned seg = 0; seg < PAM_SEGMENTS; seg++) {
		unsigned reg = segment_register(seg);
		info->pam[seg] = (struct smram_pam_segment){
			segment_base(seg), segment_size(seg), segment_mode(regs, seg), reg,
			(uint8_t)(pam0 + reg), regs[reg],
		};
	}
}
