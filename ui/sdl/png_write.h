/* Screenshots as PNG files (RGB, 8 bits a channel, one zlib stream;
 * PNG specification, 2nd edition, sections 5 and 11). */
#ifndef SMMBOX_UI_SDL_PNG_WRITE_H
#define SMMBOX_UI_SDL_PNG_WRITE_H

#include <stdbool.h>
#include <stdint.h>

/* Write width x height pixels, 0x??RRGGBB each, row after row, to path;
 * false (errno set, or ENOMEM) when it cannot. */
bool png_write(const char *path, const uint32_t *pixels, unsigned width, unsigned height);

#endif
