/*
 * src_read.c - reading one file of the content folder (see src_read.h).
 */
#include "content/src_read.h"
#include "csvread.h"
#include "fsutil.h"
#include "strbuf.h"

#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
hash_file(crypto_hash_sha256_state *h, const char *name, const char *data,
    size_t len)
{
	unsigned char n8[8];
	uint64_t l = len;

	/* name, NUL, 8-byte length, bytes: no two file sets hash the same. */
	crypto_hash_sha256_update(h, (const unsigned char *)name,
	    strlen(name) + 1);
	for (int i = 0; i < 8; i++)
		n8[i] = (unsigned char)(l >> (8 * i));
	crypto_hash_sha256_update(h, n8, sizeof n8);
	crypto_hash_sha256_update(h, (const unsigned char *)data, len);
}

/* 1 if path, symbolic links followed, is inside the folder root (or
 * cannot be resolved: reading it will say why). */
static int
inside(const char *root, const char *path)
{
	char *r = realpath(root, NULL), *p = realpath(path, NULL);
	int ok = 1;

	if (r && p) {
		size_t n = strlen(r);

		ok = strcmp(r, "/") == 0 || (strncmp(p, r, n) == 0 &&
		    (p[n] == '/' || p[n] == '\0'));
	}
	free(r);
	free(p);
	return ok;
}

/* Reads a file whole.  Missing: NULL, and E-FILE unless optional.  A
 * file of the source folder (root, NULL for the pictogram list, which
 * may be anywhere) may be a symbolic link only to a file inside it: a
 * link to /etc/passwd made lint echo its lines in the messages.  Only
 * regular files are read (fs_read_file): a FIFO does not hang lint. */
char *
content_read_source(lint_ctx *c, const char *root, const char *path,
    const char *hname, int optional, crypto_hash_sha256_state *h,
    size_t *len)
{
	err_t e;
	char *data;

	if (optional && access(path, F_OK) != 0 && errno == ENOENT)
		return NULL;
	if (root && !inside(root, path)) {
		lint_report(c, path, 0, "E-FILE", "leads out of the source "
		    "folder %s (a symbolic link?): put the file itself in the "
		    "folder", root);
		return NULL;
	}
	data = fs_read_file(path, 16 << 20, len, &e);
	if (data == NULL) {
		lint_report(c, path, 0, "E-FILE", "%s", e.msg);
		return NULL;
	}
	c->files++;
	hash_file(h, hname, data, *len);
	return data;
}

/* Loads a CSV source; 0 if it could not be read (reported). */
int
content_load_csv(lint_ctx *c, const char *root, const char *path,
    const char *hname, int optional,
    crypto_hash_sha256_state *h, csv_table *t)
{
	size_t len, pl = strlen(path);
	char *data = content_read_source(c, root, path, hname, optional, h, &len);
	err_t e;

	memset(t, 0, sizeof *t);
	if (data == NULL)
		return 0;
	if (csv_parse_mem(data, len, path, t, &e) < 0) {
		/* csvread says "PATH:LINE: why"; we say it our way. */
		const char *m = e.msg;
		int line = 0;

		if (strncmp(m, path, pl) == 0 && m[pl] == ':') {
			char *rest;

			line = (int)strtol(m + pl + 1, &rest, 10);
			m = *rest == ':' ? rest + 1 : m + pl + 1;
			while (*m == ' ')
				m++;
		}
		lint_report(c, path, line, "E-CSV", "%s", m);
		free(data);
		return 0;
	}
	free(data);
	/* More cells than columns: most often a ';' typed in a cell that
	 * is not quoted, which shifts the rest of the line. */
	for (size_t i = 0; i < t->nrows; i++) {
		const csv_row *r = &t->rows[i];
		size_t last = r->n;

		while (last > t->ncols && r->cell[last - 1][0] == '\0')
			last--;
		if (last > t->ncols)
			lint_report(c, path, r->line, "E-CSV", "this line has %zu "
			    "cells but the first line names %zu columns: a ';' "
			    "inside a cell must be in a quoted cell (save it again "
			    "from the spreadsheet)", last, t->ncols);
	}
	return 1;
}

/* "02-vos-droits.txt" -> "vos-droits": the number only sorts the files. */
char *
content_page_id(const char *name)
{
	const char *p = name, *dot = strrchr(name, '.');

	while (*p >= '0' && *p <= '9')
		p++;
	if (p > name && (*p == '-' || *p == '_') && p + 1 < dot)
		p++;
	else
		p = name;
	return xstrndup(p, (size_t)(dot - p));
}
