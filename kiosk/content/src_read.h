/*
 * src_read.h - one file of the content folder, read as lint reads them:
 * whole, hashed into the sources' fingerprint, never through a symbolic
 * link out of the folder, never a FIFO; a CSV parsed with its problems
 * reported as FILE:LINE: CODE.  Shared by lint_sources.c (the French)
 * and i18n_src.c (the translations).
 */
#ifndef MSD_SRC_READ_H
#define MSD_SRC_READ_H

#include <stddef.h>

#include "content/lint_report.h"

struct crypto_hash_sha256_state;
struct csv_table;

/* A file read whole, hashed into h under hname; missing: NULL, and
 * E-FILE unless optional; root: the folder it must stay inside (a
 * symbolic link out of it is refused). */
char *content_read_source(lint_ctx *c, const char *root, const char *path,
    const char *hname, int optional, struct crypto_hash_sha256_state *h,
    size_t *len);
/* A CSV source into t (csvread.h); 0 if it could not be read (reported). */
int content_load_csv(lint_ctx *c, const char *root, const char *path,
    const char *hname, int optional, struct crypto_hash_sha256_state *h,
    struct csv_table *t);
/* A page's id from its file name: "02-vos-droits.txt" -> "vos-droits". */
char *content_page_id(const char *name);

#endif
