/* The bus: physical memory regions, the address-space views built from
 * them, and the port-I/O map.
 *
 * A region is [base, base+size) of RAM, ROM or MMIO with a priority (the
 * highest wins where regions overlap), a visibility set (which views it
 * appears in) and the accesses it claims (reads, writes or both, so that a
 * chipset can send reads of a page to DRAM and writes to the PCI side, as
 * the i440FX PAM registers do).  A view is a flat page table over the
 * whole 4 GiB physical space giving, for every page, where reads go and
 * where writes go; it is rebuilt for the pages a region covers when that
 * region is added or its visibility or claims change, and never searched
 * on an access.  Every access names the view it goes through.
 *
 * The bus knows nothing of instructions.  The CPU keeps its own TLB of host
 * pointers taken from bus_page(); bus->generation tells it when those may
 * have gone stale (a view changed, or dirty bits were cleared). */
#ifndef SMMBOX_MEM_BUS_H
#define SMMBOX_MEM_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum bus_view {
	BUS_VIEW_NORMAL,   /* the CPU outside SMM */
	BUS_VIEW_SMM_CODE, /* instruction fetches in SMM */
	BUS_VIEW_SMM_DATA, /* data accesses in SMM */
	BUS_VIEW_DMA,      /* every other bus master: SMRAM is never here */
	BUS_VIEW_COUNT
};

#define BUS_VIS_NORMAL   (1u << BUS_VIEW_NORMAL)
#define BUS_VIS_SMM_CODE (1u << BUS_VIEW_SMM_CODE)
#define BUS_VIS_SMM_DATA (1u << BUS_VIEW_SMM_DATA)
#define BUS_VIS_DMA      (1u << BUS_VIEW_DMA)
#define BUS_VIS_SMM      (BUS_VIS_SMM_CODE | BUS_VIS_SMM_DATA)
#define BUS_VIS_ALL      (BUS_VIS_NORMAL | BUS_VIS_SMM | BUS_VIS_DMA)

/* Which accesses a region takes in the views it is visible in. */
#define BUS_CLAIM_READ  1u
#define BUS_CLAIM_WRITE 2u
#define BUS_CLAIM_ALL   (BUS_CLAIM_READ | BUS_CLAIM_WRITE)

#define BUS_PAGE_SHIFT 12
#define BUS_PAGE_SIZE  (1u << BUS_PAGE_SHIFT)
#define BUS_PAGE_MASK  (~(uint32_t)(BUS_PAGE_SIZE - 1))
#define BUS_PAGES      (1u << (32 - BUS_PAGE_SHIFT))

enum bus_region_kind { BUS_RAM, BUS_ROM, BUS_MMIO };

/* MMIO and port handlers.  offset is from the region's (or port range's)
 * base; size is 1, 2 or 4.  Reads return the value zero-extended. */
struct bus_io_ops {
	uint32_t (*read)(void *opaque, uint32_t offset, unsigned size);
	void (*write)(void *opaque, uint32_t offset, uint32_t value, unsigned size);
};

/* One entry of a view: where reads and writes of a physical page go.
 * host is the RAM/ROM bytes reads come from (NULL for MMIO or unmapped);
 * host_w the RAM bytes writes go to (NULL for MMIO, ROM - writes dropped -
 * or unmapped).  region and region_w name the claiming regions. */
struct bus_page {
	uint8_t *host;
	uint8_t *host_w;
	uint16_t region;   /* region id, BUS_NO_REGION when unmapped */
	uint16_t region_w;
};

#define BUS_NO_REGION 0 /* region ids start at 1 */
#define BUS_MAX_REGIONS 256

/* Writes are recorded per page with the view that made them. */
#define BUS_DIRTY_NORMAL (1u << BUS_VIEW_NORMAL)
#define BUS_DIRTY_SMM    (1u << BUS_VIEW_SMM_DATA)

struct bus_region {
	const char *name;
	enum bus_region_kind kind;
	uint32_t base;
	uint32_t size;      /* a whole number of pages */
	int priority;
	unsigned visibility; /* BUS_VIS_* */
	unsigned claims;     /* BUS_CLAIM_* */
	uint8_t *host;       /* RAM/ROM bytes, owned by the caller */
	const struct bus_io_ops *ops;
	void *opaque;
	/* One byte a page each, shared with the region an alias shows, so
	 * that they follow the bytes whichever region reached them. */
	uint8_t *dirty;      /* BUS_DIRTY_* of the writers */
	uint8_t *code;       /* nonzero while decoded code is cached */
	bool alias;          /* dirty and code belong to another region */
};

/* Called when a write reaches a page whose code flag is set, before the
 * code flag is cleared; the listener (the CPU's decoded-code cache) drops
 * what it cached for that page. */
typedef void (*bus_code_write_fn)(void *opaque, const uint8_t *host_page);

/* The interrupt-acknowledge cycle: the CPU asks the bus which vector the
 * interrupt controller delivers. */
typedef uint8_t (*bus_inta_fn)(void *opaque);

struct bus_port_range;

struct bus_stats {
	uint64_t unmapped_reads;
	uint64_t unmapped_writes;
	uint64_t rom_writes;
	uint64_t unmapped_port_reads;
	uint64_t unmapped_port_writes;
	uint64_t view_rebuilds;
};

struct bus {
	struct bus_page *view[BUS_VIEW_COUNT]; /* BUS_PAGES entries each */
	struct bus_region region[BUS_MAX_REGIONS];
	unsigned nregions;
	uint16_t *port_map;                    /* 65536 entries: range index+1 */
	struct bus_port_range *ports;
	unsigned nports;
	uint32_t generation; /* bumped whenever a cached host pointer may be stale */
	/* Which port map this is: each move of a port range makes a new
	 * version, never one used before (ports_versions counts them), so
	 * that a routing restored with the same version has the same map. */
	uint64_t ports_version, ports_versions;
	bus_code_write_fn code_write;
	void *code_write_opaque;
	bus_inta_fn inta;
	void *inta_opaque;
	struct bus_stats stats;
};

struct bus *bus_new(void);
void bus_free(struct bus *bus);

/* Add a region; returns its id or -1 (and a message on stderr) when base or
 * size are not page-aligned or the table is full.  host must stay valid for
 * the life of the bus. */
int bus_add_ram(struct bus *bus, const char *name, uint32_t base, uint32_t size,
		int priority, unsigned visibility, uint8_t *host);
int bus_add_rom(struct bus *bus, const char *name, uint32_t base, uint32_t size,
		int priority, unsigned visibility, uint8_t *host);
int bus_add_mmio(struct bus *bus, const char *name, uint32_t base, uint32_t size,
		 int priority, unsigned visibility,
		 const struct bus_io_ops *ops, void *opaque);

/* A RAM region showing the bytes of RAM region target from offset on at
 * another place or with other visibility (SMRAM over the VGA window, PAM
 * shadow RAM); dirty and code tracking stay with target. */
int bus_add_alias(struct bus *bus, const char *name, uint32_t base, uint32_t size,
		  int priority, unsigned visibility, int target, uint32_t offset);

/* Change a region; the views are rebuilt for the pages it covers. */
void bus_set_visibility(struct bus *bus, int region, unsigned visibility);
void bus_set_claims(struct bus *bus, int region, unsigned claims);
/* Move a region to base (page-aligned; the region must fit below 4 GiB):
 * the views are rebuilt for the pages it left and the pages it now covers
 * (a local APIC following IA32_APIC_BASE).  A snapshot's routing holds
 * where each region sits. */
void bus_move_region(struct bus *bus, int region, uint32_t base);

/* Port I/O: ports [base, base+count) go to ops; later ranges win.
 * Returns the range's id. */
int bus_add_ports(struct bus *bus, uint16_t base, unsigned count,
		  const struct bus_io_ops *ops, void *opaque);
/* Where port goes now, for a handler put in front of it: the range's
 * ops and opaque and the port's offset in the range; false when no range
 * maps it. */
bool bus_port_target(const struct bus *bus, uint16_t port, const struct bus_io_ops **ops,
		     void **opaque, uint32_t *offset);
/* Move a range (a relocatable I/O BAR), or unmap it with count 0. */
void bus_move_ports(struct bus *bus, int id, uint16_t base, unsigned count);

static inline const struct bus_page *bus_page(const struct bus *bus,
					      enum bus_view view, uint32_t paddr)
{
	return &bus->view[view][paddr >> BUS_PAGE_SHIFT];
}

/* Accesses of 1, 2 or 4 bytes, any alignment, crossing pages as a PC does:
 * unmapped reads give all ones, unmapped and ROM writes are dropped and
 * counted. */
uint32_t bus_read(struct bus *bus, enum bus_view view, uint32_t paddr, unsigned size);
void bus_write(struct bus *bus, enum bus_view view, uint32_t paddr,
	       uint32_t value, unsigned size);

/* Inspection for debuggers: copies len bytes of RAM/ROM seen through view
 * into out without touching MMIO, dirty bits or the code cache.  Bytes of
 * MMIO or unmapped pages read as 0xFF; returns how many were RAM/ROM. */
size_t bus_peek(const struct bus *bus, enum bus_view view, uint32_t paddr,
		void *out, size_t len);

/* A 4-byte read for an observer (page walks of a debugger or tracer):
 * RAM and ROM only, all ones elsewhere, nothing counted or touched. */
uint32_t bus_read_quiet(const struct bus *bus, enum bus_view view, uint32_t paddr);

/* Host-side load of guest memory (firmware images, test vectors): writes
 * RAM through view, and also ROM, without counting it as a guest write. */
void bus_poke(struct bus *bus, enum bus_view view, uint32_t paddr,
	      const void *data, size_t len);

/* Direct access to len bytes at paddr for a processor-internal block
 * transfer (the SMM save map): the host bytes when the range lies in one
 * page whose reads and writes in view reach the same RAM, else NULL (use
 * bus_read/bus_write).  With for_write the range counts as written:
 * dirty bits and decoded code are dealt with before the pointer returns. */
uint8_t *bus_ram_window(struct bus *bus, enum bus_view view, uint32_t paddr,
			uint32_t len, bool for_write);

uint32_t bus_in(struct bus *bus, uint16_t port, unsigned size);
void bus_out(struct bus *bus, uint16_t port, uint32_t value, unsigned size);

/* Dirty tracking: BUS_DIRTY_* bits of the page of region at offset. */
unsigned bus_dirty_get(const struct bus *bus, int region, uint32_t offset);
void bus_dirty_clear(struct bus *bus, int region);
/* Put back the pages of RAM region written since its dirty bits were
 * last cleared, from copy (the region's bytes as they were then), drop
 * the decoded code of those that held some, and clear the dirty bits:
 * the region is as it was, at the cost of the pages written.  Returns
 * how many pages were put back. */
unsigned bus_dirty_restore(struct bus *bus, int region, const uint8_t *copy);
/* Records a write by view to the page at paddr (the CPU calls it when it
 * installs a writable TLB entry). */
void bus_mark_dirty(struct bus *bus, enum bus_view view, uint32_t paddr);

/* Code tracking, used by the CPU's decoded-code cache. */
void bus_set_code_listener(struct bus *bus, bus_code_write_fn fn, void *opaque);
/* Flag the bytes reads of paddr reach in view as holding decoded code. */
void bus_set_code(struct bus *bus, enum bus_view view, uint32_t paddr, bool on);
bool bus_is_code(const struct bus *bus, enum bus_view view, uint32_t paddr);
/* Whether the bytes writes of paddr reach in view hold decoded code. */
bool bus_write_hits_code(const struct bus *bus, enum bus_view view, uint32_t paddr);
/* The owner of RAM or ROM region changed its bytes [offset, offset+len)
 * without a bus access (a flash device programming its array): decoded
 * code cached from those pages is dropped as for a write (the listener is
 * called once a page that held some).  Dirty bits are left alone: no
 * view wrote. */
void bus_region_changed(struct bus *bus, int region, uint32_t offset, uint32_t len);

void bus_set_inta(struct bus *bus, bus_inta_fn fn, void *opaque);
uint8_t bus_inta(struct bus *bus);

const char *bus_view_name(enum bus_view view);

/* The routing a running machine changes (each region's visibility,
 * claims and base, where each port range sits), saved for a snapshot and put back
 * with the views rebuilt where they differ.  NULL when out of memory. */
struct bus_routing;
struct bus_routing *bus_routing_save(const struct bus *bus);
void bus_routing_restore(struct bus *bus, const struct bus_routing *r);
void bus_routing_free(struct bus_routing *r);
size_t bus_routing_bytes(const struct bus_routing *r);

#endif
