/* Whole host files read into memory, for the images the board offers the
 * guest (a kernel, an initrd, option ROMs, fw_cfg files). */
#ifndef SMMBOX_CHIPSET_HOST_FILE_H
#define SMMBOX_CHIPSET_HOST_FILE_H

#include <stddef.h>
#include <stdint.h>

/* The bytes of the regular file PATH (malloc'd; the caller frees them),
 * their count in *size.  NULL after one line on stderr naming WHAT ("kernel",
 * "initrd", ...) when the file cannot be opened or read, is not a regular
 * file or holds more than MAX bytes.  An empty file gives a non-NULL
 * pointer and *size 0. */
uint8_t *host_file_read(const char *path, const char *what, size_t max, size_t *size);

#endif
