/* metadata.json reader: see metadata.h.
 *
 * A small recursive-descent JSON walker (RFC 8259): it validates the whole
 * document, keeps the few values it needs and skips the rest.  Nesting is
 * limited to JSON_MAX_DEPTH so hostile input cannot exhaust the stack. */
#include "tests/corpus/metadata.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 32
#define JSON_KEY_MAX 64
#define METADATA_MAX_SIZE (16u << 20)

struct json {
	const char *name;
	const char *start, *p, *end;
	int depth;
	struct metadata *md;
};

/* Called for each member of an object with p at the member's value; must
 * consume the value. */
typedef bool (*json_member_fn)(struct json *j, const char *key, void *ctx);

static bool jfail(struct json *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool jfail(struct json *j, const char *fmt, ...)
{
	char *err = j->md->err;
	size_t cap = sizeof j->md->err;
	va_list ap;
	int n = snprintf(err, cap, "%s: offset %td: ", j->name, j->p - j->start);

	if (n < 0 || (size_t)n >= cap)
		return false;
	va_start(ap, fmt);
	vsnprintf(err + n, cap - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

static void skip_ws(struct json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
				 *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static bool expect_char(struct json *j, char c)
{
	skip_ws(j);
	if (j->p >= j->end)
		return jfail(j, "expected '%c', found end of file", c);
	if (*j->p != c)
		return jfail(j, "expected '%c', found '%c'", c, *j->p);
	j->p++;
	return true;
}

/* A string into out (truncated to cap-1 bytes, NUL-terminated; escapes
 * other than \" and \\ become '?').  out may be NULL to skip. */
static bool parse_string(struct json *j, char *out, size_t cap)
{
	size_t n = 0;

	if (!expect_char(j, '"'))
		return false;
	while (j->p < j->end && *j->p != '"') {
		char c = *j->p++;

		if ((unsigned char)c < 0x20)
			return jfail(j, "control character in string");
		if (c == '\\') {
			if (j->p >= j->end)
				break;
			c = *j->p++;
			if (c == 'u') {
				for (int i = 0; i < 4; i++, j->p++)
					if (j->p >= j->end || !isxdigit((unsigned char)*j->p))
						return jfail(j, "bad \\u escape");
				c = '?';
			} else if (!strchr("\"\\/bfnrt", c)) {
				return jfail(j, "bad escape '\\%c'", c);
			} else if (c != '"' && c != '\\' && c != '/') {
				c = '?';
			}
		}
		if (out && n + 1 < cap)
			out[n++] = c;
	}
	if (j->p >= j->end)
		return jfail(j, "unterminated string");
	j->p++;
	if (out)
		out[n] = '\0';
	return true;
}

/* A number, as RFC 8259 spells it; *value gets it when non-NULL. */
static bool parse_number(struct json *j, double *value)
{
	const char *s = j->p;
	char buf[64];
	size_t len;

	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p >= j->end || !isdigit((unsigned char)*j->p))
		return jfail(j, "bad number");
	while (j->p < j->end && (isdigit((unsigned char)*j->p) || *j->p == '.' ||
				 *j->p == 'e' || *j->p == 'E' || *j->p == '+' ||
				 *j->p == '-'))
		j->p++;
	len = (size_t)(j->p - s);
	if (len >= sizeof buf)
		return jfail(j, "number too long");
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (value) {
		char *endp;
		*value = strtod(buf, &endp);
		if (*endp)
			return jfail(j, "bad number '%s'", buf);
	}
	return true;
}

static bool parse_literal(struct json *j, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return jfail(j, "unexpected character '%c'", *j->p);
	j->p += n;
	return true;
}

static bool skip_value(struct json *j);

/* Walk an object, calling fn for each member. */
static bool parse_object(struct json *j, json_member_fn fn, void *ctx)
{
	char key[JSON_KEY_MAX];

	if (++j->depth > JSON_MAX_DEPTH)
		return jfail(j, "nested deeper than %d", JSON_MAX_DEPTH);
	if (!expect_char(j, '{'))
		return false;
	skip_ws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		j->depth--;
		return true;
	}
	for (;;) {
		skip_ws(j);
		if (!parse_string(j, key, sizeof key) || !expect_char(j, ':'))
			return false;
		skip_ws(j);
		if (!(fn ? fn(j, key, ctx) : skip_value(j)))
			return false;
		skip_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (!expect_char(j, '}'))
			return false;
		j->depth--;
		return true;
	}
}

static bool skip_array(struct json *j)
{
	if (++j->depth > JSON_MAX_DEPTH)
		return jfail(j, "nested deeper than %d", JSON_MAX_DEPTH);
	j->p++;
	skip_ws(j);
	if (j->p < j->end && *j->p == ']') {
		j->p++;
		j->depth--;
		return true;
	}
	for (;;) {
		if (!skip_value(j))
			return false;
		skip_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (!expect_char(j, ']'))
			return false;
		j->depth--;
		return true;
	}
}

static bool skip_value(struct json *j)
{
	skip_ws(j);
	if (j->p >= j->end)
		return jfail(j, "expected a value, found end of file");
	switch (*j->p) {
	case '{': return parse_object(j, NULL, NULL);
	case '[': return skip_array(j);
	case '"': return parse_string(j, NULL, 0);
	case 't': return parse_literal(j, "true");
	case 'f': return parse_literal(j, "false");
	case 'n': return parse_literal(j, "null");
	default:  return parse_number(j, NULL);
	}
}

/* A "flags-mask" value: an integer 0..65535. */
static bool parse_mask(struct json *j, uint16_t *mask)
{
	double v;

	skip_ws(j);
	if (!parse_number(j, &v))
		return false;
	if (v < 0 || v > 65535 || v != (double)(long)v)
		return jfail(j, "flags-mask %g is not a 16-bit integer", v);
	*mask = (uint16_t)v;
	return true;
}

/* The document's shape: top -> "opcodes" -> opcode -> fields -> "reg". */

struct reg_ctx {
	struct metadata_opcode *op;
	int reg;
};

static bool on_reg_field(struct json *j, const char *key, void *ctx)
{
	struct reg_ctx *rc = ctx;

	if (strcmp(key, "flags-mask") != 0)
		return skip_value(j);
	rc->op->reg_has_mask |= (uint8_t)(1u << rc->reg);
	return parse_mask(j, &rc->op->reg_mask[rc->reg]);
}

static bool on_reg(struct json *j, const char *key, void *ctx)
{
	struct reg_ctx rc = { ctx, key[0] - '0' };

	if (key[0] < '0' || key[0] > '7' || key[1])
		return jfail(j, "reg extension \"%s\" is not 0-7", key);
	return parse_object(j, on_reg_field, &rc);
}

static bool on_opcode_field(struct json *j, const char *key, void *ctx)
{
	struct metadata_opcode *op = ctx;

	if (strcmp(key, "flags-mask") == 0) {
		op->has_mask = true;
		return parse_mask(j, &op->mask);
	}
	if (strcmp(key, "reg") == 0)
		return parse_object(j, on_reg, op);
	return skip_value(j);
}

static struct metadata_opcode *add_opcode(struct json *j, const char *key)
{
	struct metadata *md = j->md;
	struct metadata_opcode *op;

	if (strlen(key) >= METADATA_KEY_MAX) {
		jfail(j, "opcode key \"%s\" is too long", key);
		return NULL;
	}
	if (md->count == md->capacity) {
		size_t cap = md->capacity ? md->capacity * 2 : 512;
		op = realloc(md->ops, cap * sizeof *op);
		if (!op) {
			jfail(j, "out of memory");
			return NULL;
		}
		md->ops = op;
		md->capacity = cap;
	}
	op = &md->ops[md->count++];
	memset(op, 0, sizeof *op);
	for (size_t i = 0; key[i]; i++)
		op->key[i] = (char)toupper((unsigned char)key[i]);
	return op;
}

static bool on_opcode(struct json *j, const char *key, void *ctx)
{
	struct metadata_opcode *op = add_opcode(j, key);

	(void)ctx;
	return op && parse_object(j, on_opcode_field, op);
}

static bool on_top(struct json *j, const char *key, void *ctx)
{
	bool *seen = ctx;

	if (strcmp(key, "opcodes") != 0)
		return skip_value(j);
	*seen = true;
	return parse_object(j, on_opcode, NULL);
}

bool metadata_parse(struct metadata *md, const char *name,
		    const char *text, size_t len)
{
	struct json j = { name, text, text, text + len, 0, md };
	bool seen = false;

	md->count = 0;
	md->err[0] = '\0';
	if (!parse_object(&j, on_top, &seen))
		return false;
	skip_ws(&j);
	if (j.p != j.end)
		return jfail(&j, "trailing characters after the document");
	if (!seen)
		return jfail(&j, "no \"opcodes\" object");
	return true;
}

bool metadata_load(struct metadata *md, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *text;
	size_t n;
	bool ok;

	if (!fp) {
		snprintf(md->err, sizeof md->err, "%s: cannot open: %s", path, strerror(errno));
		return false;
	}
	text = malloc(METADATA_MAX_SIZE);
	if (!text) {
		fclose(fp);
		snprintf(md->err, sizeof md->err, "%s: out of memory", path);
		return false;
	}
	n = fread(text, 1, METADATA_MAX_SIZE, fp);
	if (ferror(fp) || n == METADATA_MAX_SIZE) {
		snprintf(md->err, sizeof md->err, "%s: %s", path,
			 ferror(fp) ? "read error" : "larger than 16 MiB");
		ok = false;
	} else {
		ok = metadata_parse(md, path, text, n);
	}
	free(text);
	fclose(fp);
	return ok;
}

void metadata_free(struct metadata *md)
{
	free(md->ops);
	md->ops = NULL;
	md->count = md->capacity = 0;
}

/* ASCII case-insensitive comparison of the first n bytes (or up to the
 * first NUL). */
static bool same_text(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (toupper((unsigned char)a[i]) != toupper((unsigned char)b[i]))
			return false;
		if (!a[i])
			return true;
	}
	return true;
}

uint16_t metadata_flags_mask(const struct metadata *md, const char *key, int reg)
{
	for (size_t i = 0; i < md->count; i++) {
		const struct metadata_opcode *op = &md->ops[i];

		if (!same_text(op->key, key, METADATA_KEY_MAX))
			continue;
		if (reg >= 0 && reg < 8 && (op->reg_has_mask & (1u << reg)))
			return op->reg_mask[reg];
		return op->has_mask ? op->mask : 0xFFFF;
	}
	return 0xFFFF;
}

bool metadata_key_from_path(const char *path, char key[METADATA_KEY_MAX], int *reg)
{
	const char *base = strrchr(path, '/');
	size_t n = 0;

	base = base ? base + 1 : path;
	while (isxdigit((unsigned char)base[n]) && n + 1 < METADATA_KEY_MAX) {
		key[n] = (char)toupper((unsigned char)base[n]);
		n++;
	}
	key[n] = '\0';
	if (n < 2 || base[n] != '.')
		return false;
	*reg = -1;
	if (base[n + 1] >= '0' && base[n + 1] <= '7' && base[n + 2] == '.') {
		*reg = base[n + 1] - '0';
		n += 2;
	}
	return same_text(base + n, ".MOO", 4);
}
