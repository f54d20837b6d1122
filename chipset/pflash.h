/* CFI parallel flash with the Intel command set, as QEMU 7.2's
 * cfi.pflash01 (hw/block/pflash_cfi01.c) behaves in the PC and Q35
 * machines (hw/i386/pc_sysfw.c: sector-length 4096, width 1, so
 * device-width 0, QEMU's "legacy" addressing; big-endian off; id0-id3 0),
 * the firmware flash OVMF runs from and keeps its variables in.
 *
 * Commands, written at any address of the flash (the low byte of the
 * value; QEMU's wcycle and cmd):
 *   0xFF, 0x00, 0xF0, an unknown command   read array
 *   0x50   clear status: the status becomes 0x00, read array
 *   0x70   read status   0x90 read ID   0x98 CFI query
 *   0x10, 0x40 then data     program the bytes of that write
 *   0x20   erase the 4 KiB block at once, then 0xD0 confirms (0xFF, or
 *          anything else, goes back to read array; the block stays erased)
 *   0xE8, count-1, count writes of data, 0xD0   write to buffer: each data
 *          write programs its bytes at once, as QEMU's does
 *   0x60 then 0xD0 or 0x01   block (un)lock, accepted and ignored
 * Status (QEMU's bits): 0x80 ready, set at reset and by every program,
 * erase, buffer write and confirm; 0x20 an erase refused, 0x10 a program
 * refused (a readonly flash).  Reads outside read-array mode: status,
 * repeated in bits 16-23 for a 4-byte read, after program, erase, 0x70,
 * 0x60 and 0xE8; in ID mode 0 everywhere (QEMU's ids are 0); in query
 * mode the byte of the CFI table at (offset & 0xFF), 0 past its 0x52
 * bytes.  In query mode only 0xFF leaves (QEMU's "leaving query mode" is
 * a trace and nothing else).  Unaligned MMIO accesses go as QEMU TCG's
 * softmmu sends them: a read as the two aligned reads around it, a write
 * as bytes, low first.
 *
 * On the bus (none of it in the DMA view, which never reaches the flash):
 *   - ROM at PFLASH_PRIORITY over the bytes, in the CPU's views: reads in
 *     read-array mode (execute in place), and the writes no other region
 *     takes, which the bus drops and counts (stats.rom_writes);
 *   - MMIO "<name>-cmd" at PFLASH_PRIORITY + 1 taking reads while the
 *     flash is not in read-array mode: in the SMM views with secure, in
 *     every CPU view without it.  QEMU's secure=on answers a non-SMM read
 *     in any mode with the array's bytes (pflash_mem_read_with_attrs), so
 *     outside SMM such a flash always reads as its ROM;
 *   - MMIO "<name>-write" at PFLASH_PRIORITY + 1 taking writes: with
 *     secure only in the SMM data view (QEMU's secure=on answers a
 *     non-secure write MEMTX_ERROR: dropped), else in every CPU view.
 * The read region's visibility changes only when the mode does.
 *
 * A readonly flash (QEMU's readonly=on drive, pfl->ro) takes commands as
 * QEMU's does, and refuses programs and erases with the status bits
 * above: its bytes never change; f->refused counts them.
 *
 * Persistence: while file writes are on, every program and every erase is
 * written to the file at once with one pwrite of exactly the bytes it
 * changed (an erase: the whole 4 KiB block of 0xFF), a buffer write when
 * its last data write is done (the range its writes covered), so that a
 * run killed mid-way leaves each block whole.  QEMU widens to 512-byte
 * sectors and writes the 256-byte buffer block of a buffer's last write:
 * for a buffer inside one such block, as the part requires, the bytes on
 * disk are the same.  A failed pwrite is reported on stderr and counted;
 * the bytes in memory keep the change.
 *
 * Programs and erases change the bytes under the ROM region: decoded code
 * cached from them is dropped (bus_region_changed()).  The struct holds
 * the whole device state (a board snapshot copies it by value, and the
 * bytes itself). */
#ifndef SMMBOX_CHIPSET_PFLASH_H
#define SMMBOX_CHIPSET_PFLASH_H

#include <stdbool.h>
#include <stdint.h>

#include "mem/bus.h"

#define PFLASH_SECTOR_SIZE 4096u          /* pc_sysfw.c's FLASH_SECTOR_SIZE */
#define PFLASH_MAX_SIZE    (16u << 20)
#define PFLASH_PRIORITY    1              /* the MMIO regions are one above */
#define PFLASH_CFI_SIZE    0x52           /* QEMU's cfi_table[] */

#define PFLASH_READY       0x80u          /* status: write state machine ready */
#define PFLASH_ERASE_ERROR 0x20u
#define PFLASH_PROG_ERROR  0x10u

struct pflash {
	uint8_t *bytes;         /* size bytes, malloc'd by pflash_open */
	uint32_t size;
	const char *path;       /* as given to pflash_open, for messages */
	int fd;                 /* open for pwrite while writable, else -1 */
	bool readonly;
	bool file_writes;       /* programs and erases reach the file */
	bool secure;
	struct bus *bus;
	uint32_t base;
	int rom, cmd_region, write_region;
	unsigned cmd_visibility; /* the read region's views outside read array */
	char cmd_name[48], write_name[48];
	uint8_t cfi[PFLASH_CFI_SIZE];
	/* The command state, QEMU's: cmd 0x00 is read array. */
	uint8_t wcycle, cmd, status;
	uint8_t counter;        /* write to buffer: data writes left, less one */
	uint32_t buf_lo, buf_hi; /* write to buffer: the range its writes covered */
	uint64_t programs, erases, refused, file_errors;
};

/* Read the flash image at path: its size must be a nonzero multiple of
 * 4 KiB and at most 16 MiB.  Writable unless readonly; a writable image
 * stays open for the writes.  false after one line on stderr naming the
 * file (and the rule it breaks) when it cannot be opened or read or has a
 * wrong size (f can then be closed, or opened again).  path must outlive
 * f. */
bool pflash_open(struct pflash *f, const char *path, bool readonly);
/* Map an opened flash at base on bus, its regions named after name (which
 * must outlive the bus), and reset it; secure as QEMU's secure=on.  The
 * regions point to f, which must stay where it is.  false (after the
 * bus's message) when base is not page-aligned or the flash would pass
 * 4 GiB. */
bool pflash_attach(struct pflash *f, struct bus *bus, uint32_t base, bool secure,
		   const char *name);
/* QEMU's reset: read array, status ready (0x80). */
void pflash_reset(struct pflash *f);
/* From now on programs and erases change memory only (a fuzzer's runs
 * from snapshots).  The flag lives in the struct: a copy taken before the
 * call and put back after it brings file writes back, so call it before
 * taking snapshots. */
void pflash_stop_file_writes(struct pflash *f);
/* Free the bytes and close the file, of the live flash only (a struct
 * copy shares them).  The bus must not be used with the flash's regions
 * afterwards. */
void pflash_close(struct pflash *f);

#endif
