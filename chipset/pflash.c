/* CFI parallel flash, QEMU's cfi.pflash01 as the PC machines make it; see
 * pflash.h for the contracts and which of QEMU's behaviours they follow. */
#define _POSIX_C_SOURCE 200809L
#include "chipset/pflash.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Commands (the low byte of a write). */
enum {
	CMD_READ_ARRAY = 0x00, /* QEMU's name for read-array mode, also a command */
	CMD_PROGRAM = 0x10,
	CMD_ERASE = 0x20,
	CMD_PROGRAM_ALT = 0x40,
	CMD_CLEAR_STATUS = 0x50,
	CMD_LOCK = 0x60,
	CMD_READ_STATUS = 0x70,
	CMD_READ_ID = 0x90,
	CMD_QUERY = 0x98,
	CMD_CONFIRM = 0xD0,
	CMD_WRITE_BUFFER = 0xE8,
	CMD_READ_ARRAY_FF = 0xFF,
	CMD_LOCK_CLEAR = 0x01, /* the second cycle of 0x60 that QEMU confirms too */
};

/* QEMU's CFI table (pflash_cfi01_fill_cfi_table) for width 1 and
 * device-width 0: one device of 4 KiB blocks.  The entries that depend on
 * the size (0x27, 0x2D, 0x2E) are filled in by fill_cfi(). */
static const uint8_t cfi_fixed[PFLASH_CFI_SIZE] = {
	[0x10] = 'Q', [0x11] = 'R', [0x12] = 'Y',
	[0x13] = 0x01, [0x14] = 0x00,   /* primary command set: Intel */
	[0x15] = 0x31, [0x16] = 0x00,   /* its extended table at 0x31 */
	[0x1B] = 0x45, [0x1C] = 0x55,   /* Vcc min, max */
	[0x1F] = 0x07, [0x20] = 0x07, [0x21] = 0x0A, /* typical timeouts */
	[0x23] = 0x04, [0x24] = 0x04, [0x25] = 0x04, /* maximum timeouts */
	[0x28] = 0x02, [0x29] = 0x00,   /* interface: x8 and x16 */
	[0x2A] = 0x08,                  /* buffer write: 2^8 bytes */
	[0x2C] = 0x01,                  /* one erase-block region */
	[0x2F] = (PFLASH_SECTOR_SIZE >> 8) & 0xFF, [0x30] = (PFLASH_SECTOR_SIZE >> 16) & 0xFF,
	[0x31] = 'P', [0x32] = 'R', [0x33] = 'I', [0x34] = '1', [0x35] = '0',
	[0x3F] = 0x01,                  /* protection fields */
};

static void fill_cfi(struct pflash *f)
{
	uint32_t blocks = f->size / PFLASH_SECTOR_SIZE;
	unsigned log2 = 0;
	while (!(f->size >> log2 & 1))
		log2++;
	memcpy(f->cfi, cfi_fixed, sizeof(f->cfi));
	f->cfi[0x27] = (uint8_t)log2; /* QEMU: ctz32(size), a power of two or not */
	f->cfi[0x2D] = (uint8_t)(blocks - 1);
	f->cfi[0x2E] = (uint8_t)((blocks - 1) >> 8);
}

static const char *const size_rule =
	"a flash image must be a nonzero multiple of 4 KiB, at most 16 MiB";

/* The bytes of the regular file open as fd, of a size the rule allows. */
static bool read_image(struct pflash *f, int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "smmbox: flash image %s is not a regular file\n", f->path);
		return false;
	}
	if (st.st_size == 0 || st.st_size % PFLASH_SECTOR_SIZE || st.st_size > PFLASH_MAX_SIZE) {
		fprintf(stderr, "smmbox: flash image %s is %jd bytes: %s\n", f->path,
			(intmax_t)st.st_size, size_rule);
		return false;
	}
	f->size = (uint32_t)st.st_size;
	f->bytes = malloc(f->size);
	if (!f->bytes) {
		fprintf(stderr, "smmbox: out of memory reading flash image %s\n", f->path);
		return false;
	}
	for (uint32_t done = 0; done < f->size;) {
		ssize_t n = pread(fd, f->bytes + done, f->size - done, done);
		if (n <= 0) {
			fprintf(stderr, "smmbox: cannot read flash image %s: %s\n", f->path,
				n < 0 ? strerror(errno) : "it got shorter");
			free(f->bytes);
			f->bytes = NULL;
			return false;
		}
		done += (uint32_t)n;
	}
	return true;
}

bool pflash_open(struct pflash *f, const char *path, bool readonly)
{
	*f = (struct pflash){ .path = path, .fd = -1, .readonly = readonly,
			      .rom = -1, .cmd_region = -1, .write_region = -1 };
	int fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "smmbox: cannot open flash image %s: %s\n", path, strerror(errno));
		return false;
	}
	if (!read_image(f, fd)) {
		close(fd);
		return false;
	}
	if (readonly) {
		close(fd);
	} else {
		f->fd = fd;
		f->file_writes = true;
	}
	fill_cfi(f);
	return true;
}

/* The bytes [offset, offset+len) changed in memory: to the file, in one
 * pwrite, while file writes are on. */
static void write_file(struct pflash *f, uint32_t offset, uint32_t len)
{
	if (!f->file_writes)
		return;
	ssize_t n = pwrite(f->fd, f->bytes + offset, len, offset);
	if (n == (ssize_t)len)
		return;
	f->file_errors++;
	fprintf(stderr, "smmbox: cannot write %" PRIu32 " bytes at %#" PRIx32
		" of flash image %s: %s\n", len, offset, f->path,
		n < 0 ? strerror(errno) : "short write");
}

/* Program the size bytes of value at offset, little-endian (QEMU's
 * pflash_data_write with big-endian off); a readonly flash refuses. */
static bool program(struct pflash *f, uint32_t offset, uint32_t value, unsigned size)
{
	if (f->readonly) {
		f->status |= PFLASH_PROG_ERROR;
		f->refused++;
		return false;
	}
	for (unsigned i = 0; i < size; i++)
		f->bytes[offset + i] = (uint8_t)(value >> (8 * i));
	bus_region_changed(f->bus, f->rom, offset, size);
	f->programs++;
	return true;
}

/* Erase the block holding offset; a readonly flash refuses. */
static void erase(struct pflash *f, uint32_t offset)
{
	offset &= ~(PFLASH_SECTOR_SIZE - 1);
	if (f->readonly) {
		f->status |= PFLASH_ERASE_ERROR;
		f->refused++;
		return;
	}
	memset(f->bytes + offset, 0xFF, PFLASH_SECTOR_SIZE);
	bus_region_changed(f->bus, f->rom, offset, PFLASH_SECTOR_SIZE);
	f->erases++;
	write_file(f, offset, PFLASH_SECTOR_SIZE);
}

static void read_array(struct pflash *f)
{
	f->wcycle = 0;
	f->cmd = CMD_READ_ARRAY;
}

/* The end of a two-cycle command: reads give the status from now on. */
static void complete(struct pflash *f)
{
	f->wcycle = 0;
	f->status |= PFLASH_READY;
}

/* A write in read-array mode or a one-cycle mode: a new command. */
static void write_command(struct pflash *f, uint32_t offset, uint8_t cmd)
{
	switch (cmd) {
	case CMD_PROGRAM:
	case CMD_PROGRAM_ALT:
	case CMD_LOCK:
	case CMD_QUERY:
		break;
	case CMD_ERASE:
		erase(f, offset); /* at once: QEMU erases on 0x20, before 0xD0 */
		f->status |= PFLASH_READY;
		break;
	case CMD_WRITE_BUFFER:
		f->status |= PFLASH_READY;
		break;
	case CMD_CLEAR_STATUS:
		f->status = 0;
		read_array(f);
		return;
	case CMD_READ_STATUS:
	case CMD_READ_ID:
		f->cmd = cmd;
		return;
	default: /* 0x00, 0xF0 (an AMD probe), 0xFF, and what QEMU does not know */
		read_array(f);
		return;
	}
	f->wcycle = 1;
	f->cmd = cmd;
}

/* The second cycle of a command. */
static void write_second(struct pflash *f, uint32_t offset, uint32_t value, unsigned size)
{
	uint8_t cmd = (uint8_t)value;
	switch (f->cmd) {
	case CMD_PROGRAM:
	case CMD_PROGRAM_ALT:
		if (program(f, offset, value, size))
			write_file(f, offset, size);
		complete(f);
		return;
	case CMD_ERASE:
		if (cmd == CMD_CONFIRM)
			complete(f);
		else
			read_array(f);
		return;
	case CMD_LOCK:
		if (cmd == CMD_CONFIRM || cmd == CMD_LOCK_CLEAR)
			complete(f);
		else
			read_array(f);
		return;
	case CMD_QUERY:
		if (cmd == CMD_READ_ARRAY_FF)
			read_array(f);
		return;
	default: /* CMD_WRITE_BUFFER: the count of data writes, less one */
		f->counter = cmd;
		f->buf_lo = UINT32_MAX;
		f->buf_hi = 0;
		f->wcycle = 2;
		return;
	}
}

/* A data write of write to buffer; after the last, the range the data
 * writes covered goes to the file and a confirm is awaited. */
static void write_buffer_data(struct pflash *f, uint32_t offset, uint32_t value,
			      unsigned size)
{
	if (program(f, offset, value, size)) {
		if (offset < f->buf_lo)
			f->buf_lo = offset;
		if (offset + size > f->buf_hi)
			f->buf_hi = offset + size;
	}
	f->status |= PFLASH_READY;
	if (f->counter == 0) {
		f->wcycle = 3;
		if (f->buf_hi > f->buf_lo)
			write_file(f, f->buf_lo, f->buf_hi - f->buf_lo);
	}
	f->counter--;
}

/* One aligned write of size bytes at offset into the flash. */
static void write_cycle(struct pflash *f, uint32_t offset, uint32_t value, unsigned size)
{
	switch (f->wcycle) {
	case 0:
		write_command(f, offset, (uint8_t)value);
		break;
	case 1:
		write_second(f, offset, value, size);
		break;
	case 2:
		write_buffer_data(f, offset, value, size);
		break;
	default: /* 3: the confirm of write to buffer */
		if ((uint8_t)value == CMD_CONFIRM)
			complete(f);
		else
			read_array(f);
		break;
	}
}

/* The read region follows the mode: hidden in read array, where the ROM
 * region answers; bus_set_visibility() does nothing when it is unchanged. */
static void update_mode(struct pflash *f)
{
	unsigned want = f->cmd == CMD_READ_ARRAY ? 0 : f->cmd_visibility;
	bus_set_visibility(f->bus, f->cmd_region, want);
}

/* An aligned read outside read-array mode, the only one the read region
 * sees (QEMU's pflash_read, legacy addressing with width 1). */
static uint32_t mode_read(const struct pflash *f, uint32_t offset, unsigned size)
{
	switch (f->cmd) {
	case CMD_READ_ID:
		return 0; /* id0-id3 are 0: manufacturer and device read 0, as the rest */
	case CMD_QUERY:
		return (offset & 0xFF) < PFLASH_CFI_SIZE ? f->cfi[offset & 0xFF] : 0;
	default: /* after program, erase, 0x60, 0x70, 0xE8 */
		return size == 4 ? f->status | (uint32_t)f->status << 16 : f->status;
	}
}

static uint64_t size_mask(unsigned size)
{
	return (1ull << (8 * size)) - 1;
}

/* QEMU TCG's softmmu reads an unaligned MMIO access as the two aligned
 * accesses around it and writes it as bytes, low first. */
static uint32_t pflash_mmio_read(void *opaque, uint32_t offset, unsigned size)
{
	const struct pflash *f = opaque;
	uint32_t misalign = offset & (size - 1);
	if (!misalign)
		return mode_read(f, offset, size);
	uint32_t first = offset - misalign;
	uint64_t lo = mode_read(f, first, size), hi = mode_read(f, first + size, size);
	uint64_t v = lo >> (8 * misalign) | hi << (8 * (size - misalign));
	return (uint32_t)(v & size_mask(size));
}

static void pflash_mmio_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct pflash *f = opaque;
	value &= (uint32_t)size_mask(size);
	if (offset & (size - 1)) {
		for (unsigned i = 0; i < size; i++)
			write_cycle(f, offset + i, (value >> (8 * i)) & 0xFF, 1);
	} else {
		write_cycle(f, offset, value, size);
	}
	update_mode(f);
}

static const struct bus_io_ops pflash_ops = { pflash_mmio_read, pflash_mmio_write };

bool pflash_attach(struct pflash *f, struct bus *bus, uint32_t base, bool secure,
		   const char *name)
{
	const unsigned cpu = BUS_VIS_NORMAL | BUS_VIS_SMM;
	f->bus = bus;
	f->base = base;
	f->secure = secure;
	f->cmd_visibility = secure ? BUS_VIS_SMM : cpu;
	snprintf(f->cmd_name, sizeof(f->cmd_name), "%s-cmd", name);
	snprintf(f->write_name, sizeof(f->write_name), "%s-write", name);
	f->rom = bus_add_rom(bus, name, base, f->size, PFLASH_PRIORITY, cpu, f->bytes);
	f->cmd_region = bus_add_mmio(bus, f->cmd_name, base, f->size, PFLASH_PRIORITY + 1, 0,
				     &pflash_ops, f);
	f->write_region = bus_add_mmio(bus, f->write_name, base, f->size, PFLASH_PRIORITY + 1,
				       secure ? BUS_VIS_SMM_DATA : cpu, &pflash_ops, f);
	if (f->rom < 0 || f->cmd_region < 0 || f->write_region < 0)
		return false;
	bus_set_claims(bus, f->cmd_region, BUS_CLAIM_READ);
	bus_set_claims(bus, f->write_region, BUS_CLAIM_WRITE);
	pflash_reset(f);
	return true;
}

void pflash_reset(struct pflash *f)
{
	read_array(f);
	f->status = PFLASH_READY;
	update_mode(f);
}

void pflash_stop_file_writes(struct pflash *f)
{
	f->file_writes = false;
}

void pflash_close(struct pflash *f)
{
	free(f->bytes);
	f->bytes = NULL;
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	f->file_writes = false;
}
