/*
 * shot_deflate.h - the deflate stream of a PNG's rows, written without
 * zlib's search for matches.
 *
 * A kiosk page is flat colour: two rows in three repeat the row above
 * (background, margins, the inside of a button), and in the others most
 * pixels repeat the one to their left.  So each row gets the filter that
 * makes it zeros: Up for a row that is the row above again, Sub for the
 * others, and the zeros are sent as copies of the byte before (distance
 * 1) without looking for any other match.  Encoding and writing a 1080p
 * home page took 6.4 ms with zlib at its fastest level, most of it
 * hashing and summing bytes this knows to be zeros, and takes 2.2 now
 * (bench/kiosk prints it).
 *
 * Runs of Up rows go in a block with its own Huffman code, in which a
 * 1920-pixel row is 58 bits; Sub rows in blocks with the fixed code.  The
 * Adler-32 of the rows is summed here, a run of zeros at once.  The file
 * is larger than zlib's (text is sent as literals, about 8 bits a byte:
 * 170 KB for a home page where zlib wrote 95) and decodes to the same
 * pixels.  The format is RFC 1951, the filters the PNG specification's.
 */
#ifndef MSD_SHOT_DEFLATE_H
#define MSD_SHOT_DEFLATE_H

#include <stddef.h>
#include <stdint.h>

/* Where the whole bytes go: called when buf is full and at the end. */
typedef void (*zpng_out)(void *arg, const unsigned char *p, size_t n);

/* A Huffman code of the 286 literal/length symbols (bit reversed, as
 * deflate sends them from their first bit). */
struct zpng_code {
	unsigned char len[286];
	unsigned short code[286];
};

typedef struct zpng {
	zpng_out out;
	void *arg;
	int w;			/* pixels a row: 3w bytes after the filter */
	int block;		/* the block open: 0 none, 1 Up rows, 2 Sub */
	struct zpng_code up, fixed;
	int up_rest_sym, up_nextra;	/* an Up row's last, short copy */
	unsigned up_extra;
	uint32_t a, b;		/* the Adler-32 so far */
	uint64_t acc;		/* bits not yet in buf, the first lowest */
	int nacc;
	size_t n;
	unsigned char buf[32768];
} zpng;

/* Starts the stream for rows of w pixels. */
void zpng_begin(zpng *z, int w, zpng_out out, void *arg);
/* A row that is the row above again (filter Up: a 2 and 3w zeros). */
void zpng_row_up(zpng *z);
/* A row of w 0x00RRGGBB pixels, filter Sub. */
void zpng_row_sub(zpng *z, const uint32_t *px);
/* Ends the stream (its last block, the last byte padded), hands out the
 * rest of the bytes and returns the Adler-32 of every row's bytes. */
uint32_t zpng_end(zpng *z);

#endif
