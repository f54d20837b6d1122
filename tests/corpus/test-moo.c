/* Unit tests of the MOO reader (moo.c) on small files built here: every
 * field of a well-formed file, unknown chunks skipped, and malformed input
 * (bad magic, truncation anywhere, lengths past the end, corrupt gzip)
 * giving an error that names the file, never a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "tests/corpus/moo.h"

#define TMP_GZ "test-moo-tmp.MOO.gz"

/* A byte buffer with nested chunks whose lengths are patched on close. */
struct image {
	uint8_t b[4096];
	size_t len;
	size_t open[8];
	int depth;
};

static void put(struct image *im, const void *p, size_t n)
{
	assert_true(im->len + n <= sizeof im->b);
	memcpy(im->b + im->len, p, n);
	im->len += n;
}

static void put8(struct image *im, uint8_t v) { put(im, &v, 1); }

static void put16(struct image *im, uint16_t v)
{
	put8(im, (uint8_t)v);
	put8(im, (uint8_t)(v >> 8));
}

static void put32(struct image *im, uint32_t v)
{
	put16(im, (uint16_t)v);
	put16(im, (uint16_t)(v >> 16));
}

static void begin(struct image *im, const char *id)
{
	put(im, id, 4);
	im->open[im->depth++] = im->len;
	put32(im, 0);
}

static void end(struct image *im)
{
	size_t at = im->open[--im->depth];
	uint32_t len = (uint32_t)(im->len - at - 4);

	for (int k = 0; k < 4; k++)
		im->b[at + k] = (uint8_t)(len >> (8 * k));
}

static void put_counted(struct image *im, const char *id, const void *p, uint32_t n)
{
	begin(im, id);
	put32(im, n);
	put(im, p, n);
	end(im);
}

static void put_ram(struct image *im, uint32_t count, const uint32_t *addr,
		    const uint8_t *value)
{
	begin(im, "RAM ");
	put32(im, count);
	for (uint32_t k = 0; k < count; k++) {
		put32(im, addr[k]);
		put8(im, value[k]);
	}
	end(im);
}

static const uint8_t add_bytes[] = { 0x00, 0x5F, 0x0E, 0xF4 };
static const uint32_t init_addr[] = { 0x1094A8, 0x10A021 };
static const uint8_t init_value[] = { 0x00, 0xDE };
static const uint32_t fina_addr[] = { 0x10A021 };
static const uint8_t fina_value[] = { 0x01 };

/* Test idx 7: every chunk the 286 suite has, plus unknown ones. */
static void put_full_test(struct image *im)
{
	begin(im, "TEST");
	put32(im, 7);
	begin(im, "GMET");
	put32(im, 0xDEADBEEF);
	end(im);
	put_counted(im, "NAME", "add [bx+0Eh],bl", 15);
	put_counted(im, "BYTS", add_bytes, sizeof add_bytes);
	begin(im, "INIT");
	begin(im, "REGS");
	put16(im, MOO_ALL_REGS);
	for (uint16_t r = 0; r < MOO_NREGS; r++)
		put16(im, (uint16_t)(0x1000 + r));
	end(im);
	put_ram(im, 2, init_addr, init_value);
	end(im);
	begin(im, "FINA");
	begin(im, "REGS");
	put16(im, 1u << MOO_IP | 1u << MOO_FLAGS);
	put16(im, 0x94BC);
	put16(im, 0x0013);
	end(im);
	put_ram(im, 1, fina_addr, fina_value);
	begin(im, "QUEU"); /* unknown inside a state */
	put32(im, 0);
	end(im);
	end(im);
	begin(im, "CYCL");
	put32(im, 1);
	put(im, "fifteen bytes..", 15);
	end(im);
	begin(im, "EXCP");
	put8(im, 13);
	put32(im, 0x2000);
	end(im);
	begin(im, "HASH");
	put(im, "0123456789abcdefghij", MOO_HASH_LEN);
	end(im);
	end(im);
}

/* Test idx 8: only what the reader requires. */
static void put_minimal_test(struct image *im)
{
	begin(im, "TEST");
	put32(im, 8);
	put_counted(im, "BYTS", "\xF4", 1);
	begin(im, "INIT");
	begin(im, "REGS");
	put16(im, MOO_ALL_REGS);
	for (int r = 0; r < MOO_NREGS; r++)
		put16(im, 0);
	end(im);
	end(im);
	begin(im, "FINA");
	end(im);
	end(im);
}

static void build_valid(struct image *im, uint32_t count)
{
	memset(im, 0, sizeof *im);
	begin(im, "MOO ");
	put8(im, 1);
	put8(im, 0);
	put16(im, 0);
	put32(im, count);
	put(im, "C286", 4);
	end(im);
	begin(im, "META");
	put8(im, 1);
	put8(im, 0);
	put8(im, 6);
	put32(im, 0x00);
	put(im, "add     ", 8);
	put32(im, 2);
	put32(im, 0xDEADBEEF);
	put32(im, 0);
	put8(im, 0);
	put(im, "\0\0\0", 3);
	end(im);
	put_full_test(im);
	begin(im, "XTRA"); /* unknown at the top level */
	put(im, "ignored", 7);
	end(im);
	put_minimal_test(im);
}

static void write_gz(const char *path, const uint8_t *p, size_t n)
{
	gzFile gz = gzopen(path, "wb");

	assert_non_null(gz);
	assert_int_equal(gzwrite(gz, p, (unsigned)n), (int)n);
	assert_int_equal(gzclose(gz), Z_OK);
}

/* Read every test of an image; returns the final status. */
static enum moo_status drain(struct moo_file *f)
{
	struct moo_test t;
	enum moo_status st;

	while ((st = moo_next(f, &t)) == MOO_OK)
		;
	return st;
}

static void assert_error_mentions(const struct moo_file *f, const char *name,
				  const char *what)
{
	const char *e = moo_error(f);

	if (strncmp(e, name, strlen(name)) != 0 || !strstr(e, what))
		fail_msg("error \"%s\" should name %s and say \"%s\"", e, name, what);
	assert_null(strchr(e, '\n'));
}

static void check_full_test(const struct moo_test *t)
{
	uint32_t a;
	uint8_t v;

	assert_int_equal(t->idx, 7);
	assert_int_equal(t->name_len, 15);
	assert_memory_equal(t->name, "add [bx+0Eh],bl", 15);
	assert_int_equal(t->nbytes, 4);
	assert_memory_equal(t->bytes, add_bytes, 4);
	assert_int_equal(t->init.mask, MOO_ALL_REGS);
	assert_int_equal(t->init.regs[MOO_AX], 0x1000);
	assert_int_equal(t->init.regs[MOO_FLAGS], 0x1000 + MOO_FLAGS);
	assert_int_equal(t->init.ram_count, 2);
	moo_ram_at(&t->init, 1, &a, &v);
	assert_int_equal(a, 0x10A021);
	assert_int_equal(v, 0xDE);
	assert_int_equal(t->fina.mask, 1u << MOO_IP | 1u << MOO_FLAGS);
	assert_int_equal(t->fina.regs[MOO_IP], 0x94BC);
	assert_int_equal(t->fina.regs[MOO_FLAGS], 0x0013);
	assert_int_equal(t->fina.ram_count, 1);
	moo_ram_at(&t->fina, 0, &a, &v);
	assert_int_equal(a, 0x10A021);
	assert_int_equal(v, 0x01);
	assert_true(t->has_excp);
	assert_int_equal(t->excp_vector, 13);
	assert_int_equal(t->excp_flag_addr, 0x2000);
	assert_true(t->has_hash);
	assert_memory_equal(t->hash, "0123456789abcdefghij", MOO_HASH_LEN);
}

static void test_gzip_file_gives_every_field(void **state)
{
	struct moo_file f = MOO_FILE_INIT;
	struct image im;
	struct moo_test t;

	(void)state;
	build_valid(&im, 2);
	write_gz(TMP_GZ, im.b, im.len);
	assert_int_equal(moo_load(&f, TMP_GZ), MOO_OK);
	assert_int_equal(f.major, 1);
	assert_int_equal(f.test_count, 2);
	assert_string_equal(f.cpu, "C286");
	assert_true(f.has_meta);
	assert_string_equal(f.meta.mnemonic, "add     ");
	assert_int_equal(f.meta.cpu_type, 6);
	assert_int_equal(moo_next(&f, &t), MOO_OK);
	check_full_test(&t);
	assert_int_equal(moo_next(&f, &t), MOO_OK);
	assert_int_equal(t.idx, 8);
	assert_int_equal(t.name_len, 0);
	assert_false(t.has_excp);
	assert_false(t.has_hash);
	assert_int_equal(t.fina.mask, 0);
	assert_int_equal(moo_next(&f, &t), MOO_END);
	assert_int_equal(moo_next(&f, &t), MOO_END);
	moo_release(&f);
	remove(TMP_GZ);
}

static void test_buffer_is_reusable_across_loads(void **state)
{
	struct moo_file f = MOO_FILE_INIT;
	struct image im;
	struct moo_test t;

	(void)state;
	build_valid(&im, 2);
	for (int k = 0; k < 3; k++) {
		assert_int_equal(moo_load_buffer(&f, "mem.MOO", im.b, im.len), MOO_OK);
		assert_int_equal(moo_next(&f, &t), MOO_OK);
		check_full_test(&t);
		assert_int_equal(drain(&f), MOO_END);
	}
	moo_release(&f);
}

static void test_bad_magic_is_an_error(void **state)
{
	struct moo_file f = MOO_FILE_INIT;
	struct image im;

	(void)state;
	build_valid(&im, 2);
	im.b[0] = 'X';
	assert_int_equal(moo_load_buffer(&f, "magic.MOO", im.b, im.len), MOO_ERROR);
	assert_error_mentions(&f, "magic.MOO", "bad magic");
	assert_int_equal(moo_load_buffer(&f, "empty.MOO", im.b, 0), MOO_ERROR);
	assert_error_mentions(&f, "empty.MOO", "bad magic");
	moo_release(&f);
}

static void test_unknown_version_is_an_error(void **state)
{
	struct moo_file f = MOO_FILE_INIT;
	struct image im;

	(void)state;
	build_valid(&im, 2);
	im.b[8] = 2; /* major */
	assert_int_equal(moo_load_buffer(&f, "v2.MOO", im.b, im.len), MOO_ERROR);
	assert_error_mentions(&f, "v2.MOO", "version 2.0");
	moo_release(&f);
}

/* Every proper prefix of a valid file is malformed: the reader must say
 * so at load or while reading, and never read past the end. */
static void test_truncation_anywhere_is_an_error(void **state)
{
	struct moo_file f = MOO_FILE_INIT;
	struct image im;

	(void)state;
	build_valid(&im, 2);
	for (size_t n = 0; n < im.len; n++) {
		enum moo_status st = moo_load_buffer(&f, "cut.MOO", im.b, n);

		if (st == MOO_OK)
			st = drain(&f);
		if (st != MOO_ERROR)
			fail_msg("a file cut to %zu of %zu bytes was accepted", n, im.len);
		assert_error_mentions(&f, "cut.MOO", "");
	}
	moo_release(&f);
}

static void test_truncated_chunk_header_is_an_error(void **state)
{
	struct moo_file f = MOO_FILE_INIT;
	struct image im;

	(void)state;
	build_valid(&im, 2);
	put(&im, "TES", 3);
	assert_int_equal(moo_load_buffer(&f, "hdr.MOO", im.b, im.len), MOO_OK);
	assert_int_equal(drain(&f), MOO_ERROR);
	assert_error_mentions(&f, "hdr.MOO", "truncated chunk header");
	moo_release(&f);
}

static void test_length_past_end_is_an_error(void **state)
{
	struct moo_file f = MOO_FILE_INIT;
	struct image im;
	size_t test_at;

	(void)state;
	build_valid(&im, 3);
	test_at = im.len;
	put_minimal_test(&im);
	im.b[test_at + 4] = 0xFF; /* TEST length: 0x...FF */
	im.b[test_at + 7] = 0x7F;
	assert_int_equal(moo_load_buffer(&f, "long.MOO", im.b, im.len), MOO_OK);
	assert_int_equal(drain(&f), MOO_ERROR);
	assert_error_mentions(&f, "long.MOO", "claims");
	moo_release(&f);
}

static void test_ram_count_past_chunk_is_an_error(void **state)
{
	struct moo_file f = MOO_FILE_INIT;
	struct image im;
	static const uint32_t addr[1] = { 0 };
	static const uint8_t value[1] = { 0 };

	(void)state;
	build_valid(&im, 3);
	begin(&im, "TEST");
	put32(&im, 9);
	begin(&im, "INIT");
	put_ram(&im, 1, addr, value);
	im.b[im.len - 9] = 0xFF; /* count 0xFF... with one record */
	im.b[im.len - 6] = 0xFF;
	end(&im);
	end(&im);
	assert_int_equal(moo_load_buffer(&f, "ram.MOO", im.b, im.len), MOO_OK);
	assert_int_equal(drain(&f), MOO_ERROR);
	assert_error_mentions(&f, "ram.MOO", "RAM count");
	moo_release(&f);
}

static void test_short_regs_chunk_is_an_error(void **state)
{
	struct moo_file f = MOO_FILE_INIT;
	struct image im;

	(void)state;
	build_valid(&im, 3);
	begin(&im, "TEST");
	put32(&im, 9);
	begin(&im, "INIT");
	begin(&im, "REGS");
	put16(&im, MOO_ALL_REGS);
	put16(&im, 0); /* one register of fourteen */
	end(&im);
	end(&im);
	end(&im);
	assert_int_equal(moo_load_buffer(&f, "regs.MOO", im.b, im.len), MOO_OK);
	assert_int_equal(drain(&f), MOO_ERROR);
	assert_error_mentions(&f, "regs.MOO", "REGS mask");
	moo_release(&f);
}

static void test_missing_chunks_are_errors(void **state)
{
	struct moo_file f = MOO_FILE_INIT;
	struct image im;

	(void)state;
	build_valid(&im, 3);
	begin(&im, "TEST");
	put32(&im, 9);
	put_counted(&im, "BYTS", "\xF4", 1);
	end(&im);
	assert_int_equal(moo_load_buffer(&f, "miss.MOO", im.b, im.len), MOO_OK);
	assert_int_equal(drain(&f), MOO_ERROR);
	assert_error_mentions(&f, "miss.MOO", "missing INIT");
	moo_release(&f);
}

static void test_test_count_mismatch_is_an_error(void **state)
{
	struct moo_file f = MOO_FILE_INIT;
	struct image im;

	(void)state;
	build_valid(&im, 5);
	assert_int_equal(moo_load_buffer(&f, "count.MOO", im.b, im.len), MOO_OK);
	assert_int_equal(drain(&f), MOO_ERROR);
	assert_error_mentions(&f, "count.MOO", "header says 5 tests, file holds 2");
	moo_release(&f);
}

/* Corrupting any single byte gives a clean result, OK or an error. */
static void test_corrupt_bytes_never_crash(void **state)
{
	struct moo_file f = MOO_FILE_INIT;
	struct image im, bad;
	static const uint8_t junk[] = { 0x00, 0xFF, 0x80, 0x7F };

	(void)state;
	build_valid(&im, 2);
	for (size_t n = 0; n < im.len; n++) {
		for (size_t j = 0; j < sizeof junk; j++) {
			bad = im;
			bad.b[n] = junk[j];
			if (moo_load_buffer(&f, "bad.MOO", bad.b, bad.len) == MOO_OK)
				(void)drain(&f);
		}
	}
	moo_release(&f);
}

static void test_truncated_gzip_is_an_error(void **state)
{
	struct moo_file f = MOO_FILE_INIT;
	struct image im;
	uint8_t gz[8192];
	size_t n;
	FILE *fp;

	(void)state;
	build_valid(&im, 2);
	write_gz(TMP_GZ, im.b, im.len);
	fp = fopen(TMP_GZ, "rb");
	assert_non_null(fp);
	n = fread(gz, 1, sizeof gz, fp);
	fclose(fp);
	fp = fopen(TMP_GZ, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(gz, 1, n / 2, fp), n / 2);
	fclose(fp);
	assert_int_equal(moo_load(&f, TMP_GZ), MOO_ERROR);
	assert_error_mentions(&f, TMP_GZ, "");
	moo_release(&f);
	remove(TMP_GZ);
}

static void test_missing_file_is_an_error(void **state)
{
	struct moo_file f = MOO_FILE_INIT;

	(void)state;
	assert_int_equal(moo_load(&f, "no-such-dir/none.MOO.gz"), MOO_ERROR);
	assert_error_mentions(&f, "no-such-dir/none.MOO.gz", "cannot open");
	moo_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gzip_file_gives_every_field),
		cmocka_unit_test(test_buffer_is_reusable_across_loads),
		cmocka_unit_test(test_bad_magic_is_an_error),
		cmocka_unit_test(test_unknown_version_is_an_error),
		cmocka_unit_test(test_truncation_anywhere_is_an_error),
		cmocka_unit_test(test_truncated_chunk_header_is_an_error),
		cmocka_unit_test(test_length_past_end_is_an_error),
		cmocka_unit_test(test_ram_count_past_chunk_is_an_error),
		cmocka_unit_test(test_short_regs_chunk_is_an_error),
		cmocka_unit_test(test_missing_chunks_are_errors),
		cmocka_unit_test(test_test_count_mismatch_is_an_error),
		cmocka_unit_test(test_corrupt_bytes_never_crash),
		cmocka_unit_test(test_truncated_gzip_is_an_error),
		cmocka_unit_test(test_missing_file_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
