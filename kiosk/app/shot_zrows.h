/*
 * shot_zrows.h - a deflate block of PNG rows that repeat the row above.
 *
 * Such a row, filtered Up, is a 2 and 3w zeros; on a kiosk page two rows
 * in three are one (background, margins, the inside of a button), and
 * zlib took half its time on them (hashing, sliding its window and
 * summing 4 MB of zeros for a 1080p page).  Here they are written as one
 * dynamic-Huffman block of a 2, a 0 and copies of the previous byte, a
 * few bits a row, with no look at the bytes.  shot.c ends zlib's block
 * before (Z_SYNC_FLUSH) and restarts zlib after, its first bits being the
 * ones this block leaves in the last, unfinished byte (deflatePrime).
 */
#ifndef MSD_SHOT_ZROWS_H
#define MSD_SHOT_ZROWS_H

#include <stddef.h>
#include <stdint.h>

/* Where the whole bytes go: called when buf is full and at the end. */
typedef void (*zrows_out)(void *arg, const unsigned char *p, size_t n);

/* The block's codes, made from rowbytes (shot_zrows.c). */
struct zrows_codes {
	unsigned char len[287];		/* 286 literal/length, 1 distance */
	unsigned short code[286];
	int rest_sym, nextra;
	unsigned extra;
};

typedef struct zrows {
	struct zrows_codes c;
	zrows_out out;
	void *arg;
	int rowbytes;		/* 3w: the zeros after the filter byte */
	uint64_t acc;		/* bits not yet in buf, the first lowest */
	int nacc;
	size_t n;
	unsigned char buf[4096];
} zrows;

/* Starts a block (byte-aligned output) for rows of rowbytes zeros. */
void zrows_begin(zrows *z, int rowbytes, zrows_out out, void *arg);
/* One row: the filter byte 2 and rowbytes zeros. */
void zrows_row(zrows *z);
/* Ends the block; hands out the whole bytes and returns in *bits, *nbits
 * (0 to 7) the start of the next byte, for deflatePrime. */
void zrows_end(zrows *z, int *bits, int *nbits);

#endif
