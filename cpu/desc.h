/* Segment descriptors (SDM Vol.3A §3.4.5): reading them from the GDT or
 * LDT and turning them into hidden-cache form. */
#ifndef SMMBOX_CPU_DESC_H
#define SMMBOX_CPU_DESC_H

#include "cpu/core.h"

struct desc {
	uint32_t lo, hi;
};

#define DESC_TYPE(d)  (((d)->hi >> 8) & 0xF)
#define DESC_S(d)     (((d)->hi >> 12) & 1)
#define DESC_DPL(d)   (((d)->hi >> 13) & 3)
#define DESC_P(d)     (((d)->hi >> 15) & 1)
#define DESC_IS_CODE(d) (DESC_S(d) && (DESC_TYPE(d) & 8))
#define DESC_IS_DATA(d) (DESC_S(d) && !(DESC_TYPE(d) & 8))
#define DESC_CONFORMING(d) (DESC_IS_CODE(d) && (DESC_TYPE(d) & 4))

/* System descriptor types (S = 0). */
enum {
	SYS_TSS16_AVAIL = 1, SYS_LDT = 2, SYS_TSS16_BUSY = 3, SYS_CALLGATE16 = 4,
	SYS_TASKGATE = 5, SYS_INTGATE16 = 6, SYS_TRAPGATE16 = 7,
	SYS_TSS32_AVAIL = 9, SYS_TSS32_BUSY = 11, SYS_CALLGATE32 = 12,
	SYS_INTGATE32 = 14, SYS_TRAPGATE32 = 15,
};

/* Read the descriptor sel names; a selector past the table's limit
 * raises vector with error code sel & ~3 (| ext). */
int desc_read(struct cpu *cpu, uint16_t sel, struct desc *d, uint8_t vector, bool ext);
int desc_write_hi(struct cpu *cpu, uint16_t sel, uint32_t hi);
/* Set the accessed bit of a code or data descriptor if clear. */
int desc_set_accessed(struct cpu *cpu, uint16_t sel, struct desc *d);
void desc_to_segment(const struct desc *d, uint16_t sel, struct cpu_segment *s);

#endif
