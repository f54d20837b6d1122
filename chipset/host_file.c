/* Whole host files; see host_file.h. */
#define _POSIX_C_SOURCE 200809L
#include "chipset/host_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

uint8_t *host_file_read(const char *path, const char *what, size_t max, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "smmbox: cannot open %s %s: %s\n", what, path, strerror(errno));
		return NULL;
	}
	struct stat st;
	uint8_t *bytes = NULL;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "smmbox: %s %s is not a regular file\n", what, path);
	} else if ((uintmax_t)st.st_size > max) {
		fprintf(stderr, "smmbox: %s %s is %jd bytes, more than the %zu it may be\n", what,
			path, (intmax_t)st.st_size, max);
	} else if (!(bytes = malloc(st.st_size ? (size_t)st.st_size : 1))) {
		fprintf(stderr, "smmbox: out of memory reading %s %s\n", what, path);
	} else if (fread(bytes, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		fprintf(stderr, "smmbox: cannot read %s %s\n", what, path);
		free(bytes);
		bytes = NULL;
	}
	fclose(f);
	*size = bytes ? (size_t)st.st_size : 0;
	return bytes;
}
