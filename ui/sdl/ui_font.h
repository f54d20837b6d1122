/* The debugger window's font: the file configure was given
 * (--with-ui-font), else the one fontconfig matches for
 * "DejaVu Sans Mono" (Debian's fonts-dejavu-core), else for "monospace". */
#ifndef SMMBOX_UI_SDL_UI_FONT_H
#define SMMBOX_UI_SDL_UI_FONT_H

#include <stddef.h>
#include <stdbool.h>

/* The font file's path into out; false, with the reason in out, when
 * there is none. */
bool ui_font_find(char *out, size_t size);

#endif
