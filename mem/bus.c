/* The bus: regions, views and accesses.  See bus.h for the contracts. */
#define _DEFAULT_SOURCE /* madvise() */
#include "mem/bus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct bus_port_range {
	uint16_t base;
	const struct bus_io_ops *ops;
	void *opaque;
};

static const char *const view_names[BUS_VIEW_COUNT] = {
	[BUS_VIEW_NORMAL] = "normal",
	[BUS_VIEW_SMM_CODE] = "smm_code",
	[BUS_VIEW_SMM_DATA] = "smm_data",
	[BUS_VIEW_DMA] = "dma",
};

const char *bus_view_name(enum bus_view view)
{
	return view < BUS_VIEW_COUNT ? view_names[view] : "?";
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);
	if (!p) {
		fprintf(stderr, "smmbox: out of memory\n");
		exit(2);
	}
	return p;
}

/* A view's table: large and written only when the routing changes, so
 * in huge pages where the system offers them on request, which makes a
 * fork of the process (the fuzzer's) copy a few hundred page-table
 * entries for it instead of thousands. */
static struct bus_page *view_table(void)
{
	size_t size = (size_t)BUS_PAGES * sizeof(struct bus_page);
	size_t huge = (size_t)2 << 20;
	struct bus_page *t = aligned_alloc(huge, (size + huge - 1) / huge * huge);
	if (!t) {
		fprintf(stderr, "smmbox: out of memory\n");
		exit(2);
	}
#ifdef MADV_HUGEPAGE
	madvise(t, size, MADV_HUGEPAGE); /* a hint: without it the table works the same */
#endif
	memset(t, 0, size);
	return t;
}

struct bus *bus_new(void)
{
	struct bus *bus = xcalloc(1, sizeof(*bus));
	for (int v = 0; v < BUS_VIEW_COUNT; v++)
		bus->view[v] = view_table();
	bus->nregions = 1; /* id 0 is BUS_NO_REGION */
	bus->port_map = xcalloc(65536, sizeof(uint16_t));
	return bus;
}

void bus_free(struct bus *bus)
{
	if (!bus)
		return;
	for (int v = 0; v < BUS_VIEW_COUNT; v++)
		free(bus->view[v]);
	for (unsigned i = 1; i < bus->nregions; i++) {
		if (bus->region[i].alias)
			continue;
		free(bus->region[i].dirty);
		free(bus->region[i].code);
	}
	free(bus->port_map);
	free(bus->ports);
	free(bus);
}

/* The visible region of highest priority (the later-added on ties) that
 * claims the access, for view v at physical address addr. */
static unsigned claimant(const struct bus *bus, int v, uint32_t addr, unsigned claim)
{
	const struct bus_region *best = NULL;
	unsigned best_id = BUS_NO_REGION;
	for (unsigned i = 1; i < bus->nregions; i++) {
		const struct bus_region *r = &bus->region[i];
		if (!(r->visibility & (1u << v)) || !(r->claims & claim) ||
		    addr < r->base || addr - r->base >= r->size)
			continue;
		if (!best || r->priority >= best->priority) {
			best = r;
			best_id = i;
		}
	}
	return best_id;
}

/* Recompute the entries of every view for pages [first, first+count). */
static void rebuild_pages(struct bus *bus, uint32_t first, uint32_t count)
{
	for (int v = 0; v < BUS_VIEW_COUNT; v++) {
		for (uint32_t p = first; p < first + count; p++) {
			struct bus_page *e = &bus->view[v][p];
			uint32_t addr = p << BUS_PAGE_SHIFT;
			unsigned rd = claimant(bus, v, addr, BUS_CLAIM_READ);
			unsigned wr = claimant(bus, v, addr, BUS_CLAIM_WRITE);
			const struct bus_region *r = &bus->region[rd], *w = &bus->region[wr];
			e->region = (uint16_t)rd;
			e->region_w = (uint16_t)wr;
			e->host = rd && r->kind != BUS_MMIO ? r->host + (addr - r->base) : NULL;
			e->host_w = wr && w->kind == BUS_RAM ? w->host + (addr - w->base) : NULL;
		}
	}
	bus->generation++;
	bus->stats.view_rebuilds++;
}

static void rebuild_region(struct bus *bus, const struct bus_region *r)
{
	rebuild_pages(bus, r->base >> BUS_PAGE_SHIFT, r->size >> BUS_PAGE_SHIFT);
}

static int add_region(struct bus *bus, const char *name, enum bus_region_kind kind,
		      uint32_t base, uint32_t size, int priority, unsigned visibility)
{
	if ((base | size) & (BUS_PAGE_SIZE - 1) || size == 0 ||
	    (uint64_t)base + size > (1ull << 32)) {
		fprintf(stderr, "smmbox: region %s at %#x size %#x is not page-aligned "
			"or leaves the 4 GiB space\n", name, base, size);
		return -1;
	}
	if (bus->nregions == BUS_MAX_REGIONS) {
		fprintf(stderr, "smmbox: too many bus regions (adding %s)\n", name);
		return -1;
	}
	struct bus_region *r = &bus->region[bus->nregions];
	*r = (struct bus_region){
		.name = name, .kind = kind, .base = base, .size = size,
		.priority = priority, .visibility = visibility, .claims = BUS_CLAIM_ALL,
	};
	return (int)bus->nregions++;
}

/* RAM or ROM: a region backed by host memory. */
static int add_backed(struct bus *bus, const char *name, enum bus_region_kind kind,
		      uint32_t base, uint32_t size, int priority, unsigned visibility,
		      uint8_t *host)
{
	int id = add_region(bus, name, kind, base, size, priority, visibility);
	if (id >= 0) {
		struct bus_region *r = &bus->region[id];
		r->host = host;
		r->dirty = xcalloc(size >> BUS_PAGE_SHIFT, 1);
		r->code = xcalloc(size >> BUS_PAGE_SHIFT, 1);
		rebuild_region(bus, r);
	}
	return id;
}

int bus_add_ram(struct bus *bus, const char *name, uint32_t base, uint32_t size,
		int priority, unsigned visibility, uint8_t *host)
{
	return add_backed(bus, name, BUS_RAM, base, size, priority, visibility, host);
}

int bus_add_rom(struct bus *bus, const char *name, uint32_t base, uint32_t size,
		int priority, unsigned visibility, uint8_t *host)
{
	return add_backed(bus, name, BUS_ROM, base, size, priority, visibility, host);
}

int bus_add_mmio(struct bus *bus, const char *name, uint32_t base, uint32_t size,
		 int priority, unsigned visibility,
		 const struct bus_io_ops *ops, void *opaque)
{
	int id = add_region(bus, name, BUS_MMIO, base, size, priority, visibility);
	if (id >= 0) {
		bus->region[id].ops = ops;
		bus->region[id].opaque = opaque;
		rebuild_region(bus, &bus->region[id]);
	}
	return id;
}

int bus_add_alias(struct bus *bus, const char *name, uint32_t base, uint32_t size,
		  int priority, unsigned visibility, int target, uint32_t offset)
{
	const struct bus_region *t = &bus->region[target];
	if (target <= 0 || (unsigned)target >= bus->nregions || t->kind != BUS_RAM ||
	    (offset & (BUS_PAGE_SIZE - 1)) || offset > t->size || size > t->size - offset) {
		fprintf(stderr, "smmbox: alias %s does not fit in its RAM region\n", name);
		return -1;
	}
	int id = add_region(bus, name, BUS_RAM, base, size, priority, visibility);
	if (id >= 0) {
		struct bus_region *r = &bus->region[id];
		t = &bus->region[target];
		r->host = t->host + offset;
		r->dirty = t->dirty + (offset >> BUS_PAGE_SHIFT);
		r->code = t->code + (offset >> BUS_PAGE_SHIFT);
		r->alias = true;
		rebuild_region(bus, r);
	}
	return id;
}

void bus_set_visibility(struct bus *bus, int region, unsigned visibility)
{
	struct bus_region *r = &bus->region[region];
	if (r->visibility == visibility)
		return;
	r->visibility = visibility;
	rebuild_region(bus, r);
}

void bus_set_claims(struct bus *bus, int region, unsigned claims)
{
	struct bus_region *r = &bus->region[region];
	if (r->claims == claims)
		return;
	r->claims = claims;
	rebuild_region(bus, r);
}

void bus_move_region(struct bus *bus, int region, uint32_t base)
{
	struct bus_region *r = &bus->region[region];
	if (r->base == base)
		return;
	uint32_t old = r->base;
	r->base = base;
	rebuild_pages(bus, old >> BUS_PAGE_SHIFT, r->size >> BUS_PAGE_SHIFT);
	rebuild_region(bus, r);
}

int bus_add_ports(struct bus *bus, uint16_t base, unsigned count,
		  const struct bus_io_ops *ops, void *opaque)
{
	if (count == 0 || base + count > 65536u || bus->nports >= 0xFFFE) {
		fprintf(stderr, "smmbox: bad port range %#x+%u\n", base, count);
		return -1;
	}
	struct bus_port_range *grown =
		realloc(bus->ports, (bus->nports + 1) * sizeof(*bus->ports));
	if (!grown) {
		fprintf(stderr, "smmbox: out of memory\n");
		exit(2);
	}
	bus->ports = grown;
	bus->ports[bus->nports] = (struct bus_port_range){ base, ops, opaque };
	bus->nports++;
	for (unsigned p = base; p < base + count; p++)
		bus->port_map[p] = (uint16_t)bus->nports;
	bus->ports_version = ++bus->ports_versions;
	return (int)bus->nports - 1;
}

bool bus_port_target(const struct bus *bus, uint16_t port, const struct bus_io_ops **ops,
		     void **opaque, uint32_t *offset)
{
	uint16_t idx = bus->port_map[port];
	if (!idx)
		return false;
	const struct bus_port_range *pr = &bus->ports[idx - 1];
	*ops = pr->ops;
	*opaque = pr->opaque;
	*offset = (uint32_t)(port - pr->base);
	return true;
}

void bus_move_ports(struct bus *bus, int id, uint16_t base, unsigned count)
{
	for (unsigned p = 0; p < 65536; p++)
		if (bus->port_map[p] == id + 1)
			bus->port_map[p] = 0;
	bus->ports[id].base = base;
	for (unsigned p = base; p < base + count && p < 65536; p++)
		bus->port_map[p] = (uint16_t)(id + 1);
	bus->ports_version = ++bus->ports_versions;
}

static struct bus_region *region_of(struct bus *bus, unsigned id)
{
	return id == BUS_NO_REGION ? NULL : &bus->region[id];
}

/* The bytes of page (an index in region r) change: the code listener
 * drops what it decoded there, when it did. */
static void drop_code(struct bus *bus, struct bus_region *r, uint32_t page)
{
	if (!r->code[page])
		return;
	r->code[page] = 0;
	if (bus->code_write)
		bus->code_write(bus->code_write_opaque, r->host + ((size_t)page << BUS_PAGE_SHIFT));
}

/* Flags a write by view to the page at paddr: dirty bit, and the code
 * listener when decoded code was cached from that page. */
static void note_write(struct bus *bus, enum bus_view view, struct bus_region *r,
		       uint32_t paddr)
{
	uint32_t page = (paddr - r->base) >> BUS_PAGE_SHIFT;
	r->dirty[page] |= (uint8_t)(1u << view);
	drop_code(bus, r, page);
}

void bus_mark_dirty(struct bus *bus, enum bus_view view, uint32_t paddr)
{
	struct bus_region *r = region_of(bus, bus_page(bus, view, paddr)->region_w);
	if (r && r->dirty)
		r->dirty[(paddr - r->base) >> BUS_PAGE_SHIFT] |= (uint8_t)(1u << view);
}

/* One access that does not cross a page. */
static uint32_t read_in_page(struct bus *bus, enum bus_view view, uint32_t paddr,
			     unsigned size)
{
	const struct bus_page *e = bus_page(bus, view, paddr);
	if (e->host) {
		const uint8_t *p = e->host + (paddr & ~BUS_PAGE_MASK);
		uint32_t v = 0;
		for (unsigned i = 0; i < size; i++)
			v |= (uint32_t)p[i] << (8 * i);
		return v;
	}
	struct bus_region *r = region_of(bus, e->region);
	if (!r) {
		bus->stats.unmapped_reads++;
		return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
	}
	return r->ops->read(r->opaque, paddr - r->base, size);
}

static void write_in_page(struct bus *bus, enum bus_view view, uint32_t paddr,
			  uint32_t value, unsigned size)
{
	const struct bus_page *e = bus_page(bus, view, paddr);
	struct bus_region *r = region_of(bus, e->region_w);
	if (!r) {
		bus->stats.unmapped_writes++;
		return;
	}
	if (r->kind == BUS_MMIO) {
		r->ops->write(r->opaque, paddr - r->base, value, size);
		return;
	}
	if (!e->host_w) {
		bus->stats.rom_writes++;
		return;
	}
	note_write(bus, view, r, paddr);
	uint8_t *p = e->host_w + (paddr & ~BUS_PAGE_MASK);
	for (unsigned i = 0; i < size; i++)
		p[i] = (uint8_t)(value >> (8 * i));
}

/* An access crossing a page boundary is split into bytes, low first, as
 * the bus cycles of a PC would deliver it. */
uint32_t bus_read(struct bus *bus, enum bus_view view, uint32_t paddr, unsigned size)
{
	if (((paddr & ~BUS_PAGE_MASK) + size) <= BUS_PAGE_SIZE)
		return read_in_page(bus, view, paddr, size);
	uint32_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= read_in_page(bus, view, paddr + i, 1) << (8 * i);
	return v;
}

void bus_write(struct bus *bus, enum bus_view view, uint32_t paddr,
	       uint32_t value, unsigned size)
{
	if (((paddr & ~BUS_PAGE_MASK) + size) <= BUS_PAGE_SIZE) {
		write_in_page(bus, view, paddr, value, size);
		return;
	}
	for (unsigned i = 0; i < size; i++)
		write_in_page(bus, view, paddr + i, value >> (8 * i), 1);
}

size_t bus_peek(const struct bus *bus, enum bus_view view, uint32_t paddr,
		void *out, size_t len)
{
	uint8_t *o = out;
	size_t got = 0;
	for (size_t i = 0; i < len; i++) {
		uint32_t a = paddr + (uint32_t)i;
		const struct bus_page *e = bus_page(bus, view, a);
		if (e->host) {
			o[i] = e->host[a & ~BUS_PAGE_MASK];
			got++;
		} else {
			o[i] = 0xFF;
		}
	}
	return got;
}

uint32_t bus_read_quiet(const struct bus *bus, enum bus_view view, uint32_t paddr)
{
	uint8_t b[4];
	bus_peek(bus, view, paddr, b, 4);
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

void bus_poke(struct bus *bus, enum bus_view view, uint32_t paddr,
	      const void *data, size_t len)
{
	const uint8_t *d = data;
	for (size_t i = 0; i < len; i++) {
		uint32_t a = paddr + (uint32_t)i;
		const struct bus_page *e = bus_page(bus, view, a);
		uint8_t *host = e->host_w ? e->host_w : e->host;
		struct bus_region *r = region_of(bus, e->host_w ? e->region_w : e->region);
		if (!host)
			continue;
		drop_code(bus, r, (a - r->base) >> BUS_PAGE_SHIFT);
		host[a & ~BUS_PAGE_MASK] = d[i];
	}
}

uint8_t *bus_ram_window(struct bus *bus, enum bus_view view, uint32_t paddr,
			uint32_t len, bool for_write)
{
	if (len == 0 || ((paddr ^ (paddr + len - 1)) & BUS_PAGE_MASK))
		return NULL;
	const struct bus_page *e = bus_page(bus, view, paddr);
	if (!e->host || e->host != e->host_w)
		return NULL;
	if (for_write)
		note_write(bus, view, &bus->region[e->region_w], paddr);
	return e->host + (paddr & ~BUS_PAGE_MASK);
}

uint32_t bus_in(struct bus *bus, uint16_t port, unsigned size)
{
	uint16_t idx = bus->port_map[port];
	if (!idx) {
		bus->stats.unmapped_port_reads++;
		return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
	}
	const struct bus_port_range *pr = &bus->ports[idx - 1];
	return pr->ops->read(pr->opaque, port - pr->base, size);
}

void bus_out(struct bus *bus, uint16_t port, uint32_t value, unsigned size)
{
	uint16_t idx = bus->port_map[port];
	if (!idx) {
		bus->stats.unmapped_port_writes++;
		return;
	}
	const struct bus_port_range *pr = &bus->ports[idx - 1];
	pr->ops->write(pr->opaque, port - pr->base, value, size);
}

unsigned bus_dirty_get(const struct bus *bus, int region, uint32_t offset)
{
	const struct bus_region *r = &bus->region[region];
	return offset < r->size ? r->dirty[offset >> BUS_PAGE_SHIFT] : 0;
}

void bus_dirty_clear(struct bus *bus, int region)
{
	struct bus_region *r = &bus->region[region];
	memset(r->dirty, 0, r->size >> BUS_PAGE_SHIFT);
	bus->generation++; /* writable TLB entries must re-mark their pages */
}

unsigned bus_dirty_restore(struct bus *bus, int region, const uint8_t *copy)
{
	struct bus_region *r = &bus->region[region];
	unsigned pages = r->size >> BUS_PAGE_SHIFT, restored = 0;
	for (unsigned p = 0; p < pages; p++) {
		if (!r->dirty[p])
			continue;
		size_t at = (size_t)p << BUS_PAGE_SHIFT;
		drop_code(bus, r, p);
		memcpy(r->host + at, copy + at, BUS_PAGE_SIZE);
		r->dirty[p] = 0;
		restored++;
	}
	bus->generation++; /* writable TLB entries must re-mark their pages */
	return restored;
}

void bus_set_code_listener(struct bus *bus, bus_code_write_fn fn, void *opaque)
{
	bus->code_write = fn;
	bus->code_write_opaque = opaque;
}

void bus_set_code(struct bus *bus, enum bus_view view, uint32_t paddr, bool on)
{
	struct bus_region *r = region_of(bus, bus_page(bus, view, paddr)->region);
	if (r && r->kind != BUS_MMIO)
		r->code[(paddr - r->base) >> BUS_PAGE_SHIFT] = on;
}

static bool code_flag(const struct bus *bus, unsigned id, uint32_t paddr)
{
	if (id == BUS_NO_REGION)
		return false;
	const struct bus_region *r = &bus->region[id];
	return r->kind != BUS_MMIO && r->code[(paddr - r->base) >> BUS_PAGE_SHIFT];
}

bool bus_is_code(const struct bus *bus, enum bus_view view, uint32_t paddr)
{
	return code_flag(bus, bus_page(bus, view, paddr)->region, paddr);
}

bool bus_write_hits_code(const struct bus *bus, enum bus_view view, uint32_t paddr)
{
	return code_flag(bus, bus_page(bus, view, paddr)->region_w, paddr);
}

void bus_region_changed(struct bus *bus, int region, uint32_t offset, uint32_t len)
{
	struct bus_region *r = &bus->region[region];
	if (len == 0 || offset >= r->size)
		return;
	uint32_t last = (len > r->size - offset ? r->size - 1 : offset + len - 1) >> BUS_PAGE_SHIFT;
	for (uint32_t p = offset >> BUS_PAGE_SHIFT; p <= last; p++)
		drop_code(bus, r, p);
}

void bus_set_inta(struct bus *bus, bus_inta_fn fn, void *opaque)
{
	bus->inta = fn;
	bus->inta_opaque = opaque;
}

uint8_t bus_inta(struct bus *bus)
{
	return bus->inta ? bus->inta(bus->inta_opaque) : 0xFF;
}

struct bus_routing {
	unsigned nregions, nports;
	uint64_t ports_version;
	unsigned visibility[BUS_MAX_REGIONS], claims[BUS_MAX_REGIONS];
	uint32_t base[BUS_MAX_REGIONS];
	uint16_t port_map[65536];
	uint16_t port_base[]; /* nports */
};

struct bus_routing *bus_routing_save(const struct bus *bus)
{
	struct bus_routing *r = malloc(sizeof(*r) + bus->nports * sizeof(uint16_t));
	if (!r)
		return NULL;
	r->nregions = bus->nregions;
	r->nports = bus->nports;
	for (unsigned k = 0; k < bus->nregions; k++) {
		r->visibility[k] = bus->region[k].visibility;
		r->claims[k] = bus->region[k].claims;
		r->base[k] = bus->region[k].base;
	}
	r->ports_version = bus->ports_version;
	memcpy(r->port_map, bus->port_map, sizeof(r->port_map));
	for (unsigned k = 0; k < bus->nports; k++)
		r->port_base[k] = bus->ports[k].base;
	return r;
}

void bus_routing_restore(struct bus *bus, const struct bus_routing *r)
{
	/* Regions are only ever added, before the machine runs: the same
	 * table, so only the regions that changed are rebuilt. */
	for (unsigned k = 0; k < r->nregions && k < bus->nregions; k++) {
		struct bus_region *g = &bus->region[k];
		if (g->visibility == r->visibility[k] && g->claims == r->claims[k] &&
		    g->base == r->base[k])
			continue;
		if (g->base != r->base[k])
			bus_move_region(bus, (int)k, r->base[k]);
		g->visibility = r->visibility[k];
		g->claims = r->claims[k];
		rebuild_region(bus, g);
	}
	if (bus->ports_version != r->ports_version) {
		memcpy(bus->port_map, r->port_map, sizeof(r->port_map));
		for (unsigned k = 0; k < r->nports && k < bus->nports; k++)
			bus->ports[k].base = r->port_base[k];
		bus->ports_version = r->ports_version;
	}
	bus->generation++;
}

void bus_routing_free(struct bus_routing *r)
{
	free(r);
}

size_t bus_routing_bytes(const struct bus_routing *r)
{
	return sizeof(*r) + r->nports * sizeof(uint16_t);
}
