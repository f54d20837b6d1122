/* Finding the debugger window's font; see ui_font.h. */
#include "config.h"
#include "ui/sdl/ui_font.h"

#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <string.h>

/* The file fontconfig would use for pattern, if it is monospaced. */
static bool match(const char *pattern, char *out, size_t size)
{
	FcPattern *p = FcNameParse((const FcChar8 *)pattern);
	if (!p)
		return false;
	FcConfigSubstitute(NULL, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	FcResult result;
	FcPattern *found = FcFontMatch(NULL, p, &result);
	bool ok = false;
	FcChar8 *file;
	int spacing;
	if (found && FcPatternGetString(found, FC_FILE, 0, &file) == FcResultMatch &&
	    FcPatternGetInteger(found, FC_SPACING, 0, &spacing) == FcResultMatch &&
	    spacing == FC_MONO) {
		snprintf(out, size, "%s", (const char *)file);
		ok = true;
	}
	if (found)
		FcPatternDestroy(found);
	FcPatternDestroy(p);
	return ok;
}

bool ui_font_find(char *out, size_t size)
{
#ifdef SMMBOX_UI_FONT
	snprintf(out, size, "%s", SMMBOX_UI_FONT);
	return true;
#else
	if (!FcInit()) {
		snprintf(out, size, "fontconfig could not be initialised");
		return false;
	}
	bool ok = match("DejaVu Sans Mono:style=Book", out, size) || match("monospace", out, size);
	FcFini();
	if (!ok)
		snprintf(out, size, "no monospace font found (apt-get install fonts-dejavu-core, or "
			 "configure --with-ui-font=FILE)");
	return ok;
#endif
}
