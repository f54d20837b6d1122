/* The fuzz layout's parser; see layout.h. */
#include "fuzz/layout.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fuzz_quote(const char *text, size_t len, char *out, size_t size)
{
	size_t n = 0;
	for (; n < len && text[n] && n + 1 < size; n++)
		out[n] = isprint((unsigned char)text[n]) ? text[n] : '?';
	out[n] = 0;
}

static const char *const register_names[8] = {
	"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
};

/* A hexadecimal number (0x optional) of at most max, the whole of text. */
static bool parse_hex(const char *text, uint32_t max, uint32_t *out)
{
	if (!*text || *text == '-' || *text == '+')
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(text, &end, 16);
	if (errno || *end || end == text || v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

__attribute__((format(printf, 3, 4)))
static bool refuse(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return false;
}

/* "ADDR:LEN" or, with len_optional, "ADDR" into *address and *length. */
static bool parse_place(char *text, uint32_t max_address, uint32_t max_length, bool len_optional,
			uint32_t *address, uint32_t *length)
{
	char *colon = strchr(text, ':');
	if (colon)
		*colon++ = 0;
	else if (!len_optional)
		return false;
	if (!parse_hex(text, max_address, address))
		return false;
	*length = 1;
	return !colon || (parse_hex(colon, max_length, length) && *length > 0);
}

/* One item (cut from the list, so writable) into it. */
static bool parse_item(char *text, struct fuzz_item *it, char *why, size_t size)
{
	if (strcmp(text, "b2") == 0 || strcmp(text, "b3") == 0) {
		it->kind = text[1] == '2' ? FUZZ_ITEM_APM_COMMAND : FUZZ_ITEM_APM_DATA;
		it->length = 1;
		return true;
	}
	for (unsigned r = 0; r < 8; r++)
		if (strcmp(text, register_names[r]) == 0) {
			*it = (struct fuzz_item){ .kind = FUZZ_ITEM_REGISTER, .reg = r, .length = 4 };
			return true;
		}
	char copy[64];
	fuzz_quote(text, strlen(text), copy, sizeof(copy));
	if (strncmp(text, "mem:", 4) == 0) {
		it->kind = FUZZ_ITEM_MEMORY;
		if (!parse_place(text + 4, 0xFFFFFFFFu, FUZZ_MAX_MEM, false, &it->address, &it->length) ||
		    it->length - 1 > 0xFFFFFFFFu - it->address)
			return refuse(why, size, "%s: expected mem:ADDR:LEN (hex, LEN 1 to %x, "
				      "within 4 GiB)", copy, FUZZ_MAX_MEM);
		return true;
	}
	if (strncmp(text, "io:", 3) == 0) {
		it->kind = FUZZ_ITEM_PORT;
		if (!parse_place(text + 3, 0xFFFF, FUZZ_MAX_IO, true, &it->address, &it->length))
			return refuse(why, size, "%s: expected io:PORT[:LEN] (hex, PORT at most ffff, "
				      "LEN 1 to %x)", copy, FUZZ_MAX_IO);
		return true;
	}
	if (strncmp(text, "msr:", 4) == 0) {
		*it = (struct fuzz_item){ .kind = FUZZ_ITEM_MSR, .length = 8 };
		if (!parse_hex(text + 4, 0xFFFFFFFFu, &it->address))
			return refuse(why, size, "%s: expected msr:INDEX (hex)", copy);
		return true;
	}
	return refuse(why, size, "%s: unknown item (b2, b3, eax..edi, mem:ADDR:LEN, io:PORT[:LEN], "
		      "msr:INDEX)", copy);
}

/* Whether it may join the items before it: b2, b3, a register and a
 * port only once, memory ranges apart. */
static bool fits(const struct fuzz_layout *l, const struct fuzz_item *it, char *why, size_t size)
{
	for (unsigned k = 0; k < l->n; k++) {
		const struct fuzz_item *o = &l->item[k];
		if (o->kind != it->kind)
			continue;
		bool same = it->kind == FUZZ_ITEM_APM_COMMAND || it->kind == FUZZ_ITEM_APM_DATA ||
			    (it->kind == FUZZ_ITEM_REGISTER && o->reg == it->reg) ||
			    ((it->kind == FUZZ_ITEM_PORT || it->kind == FUZZ_ITEM_MSR) &&
			     o->address == it->address) ||
			    (it->kind == FUZZ_ITEM_MEMORY && it->address <= o->address + (o->length - 1) &&
			     o->address <= it->address + (it->length - 1));
		if (same)
			return refuse(why, size, "item %u repeats or overlaps item %u", l->n + 1, k + 1);
	}
	return true;
}

bool fuzz_layout_parse(const char *text, struct fuzz_layout *layout, char *why, size_t size)
{
	*layout = (struct fuzz_layout){ 0 };
	size_t len = strlen(text);
	char *buf = malloc(len + 1);
	if (!buf)
		return refuse(why, size, "out of memory");
	memcpy(buf, text, len + 1);
	bool ok = true;
	char *rest = buf;
	while (ok) {
		char *comma = strchr(rest, ',');
		if (comma)
			*comma = 0;
		struct fuzz_item it = { 0 };
		if (layout->n == FUZZ_MAX_ITEMS)
			ok = refuse(why, size, "more than %u items", FUZZ_MAX_ITEMS);
		else if (!*rest)
			ok = refuse(why, size, "an empty item (item %u)", layout->n + 1);
		else
			ok = parse_item(rest, &it, why, size) && fits(layout, &it, why, size);
		if (ok && layout->size + it.length > FUZZ_MAX_INPUT)
			ok = refuse(why, size, "the items take more than %u bytes", FUZZ_MAX_INPUT);
		if (ok) {
			it.offset = layout->size;
			layout->size += it.length;
			layout->item[layout->n++] = it;
		}
		if (!comma)
			break;
		rest = comma + 1;
	}
	free(buf);
	return ok;
}

void fuzz_layout_format(const struct fuzz_layout *layout, char *out, size_t size)
{
	size_t used = 0;
	out[0] = 0;
	for (unsigned k = 0; k < layout->n && used < size; k++) {
		const struct fuzz_item *it = &layout->item[k];
		const char *sep = k ? "," : "";
		int n = 0;
		switch (it->kind) {
		case FUZZ_ITEM_APM_COMMAND: n = snprintf(out + used, size - used, "%sb2", sep); break;
		case FUZZ_ITEM_APM_DATA: n = snprintf(out + used, size - used, "%sb3", sep); break;
		case FUZZ_ITEM_REGISTER:
			n = snprintf(out + used, size - used, "%s%s", sep, register_names[it->reg]);
			break;
		case FUZZ_ITEM_MEMORY:
			n = snprintf(out + used, size - used, "%smem:%x:%x", sep, it->address, it->length);
			break;
		case FUZZ_ITEM_PORT:
			n = snprintf(out + used, size - used, "%sio:%x:%x", sep, it->address, it->length);
			break;
		case FUZZ_ITEM_MSR:
			n = snprintf(out + used, size - used, "%smsr:%x", sep, it->address);
			break;
		}
		used += n > 0 ? (size_t)n : 0;
	}
}
