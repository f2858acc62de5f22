/*
 * shot_zrows.c - a deflate block of PNG rows that repeat the row above
 * (see shot_zrows.h; the format is RFC 1951).
 *
 * Each row is the literal 2 (filter Up), the literal 0, then copies of
 * the byte before it (distance 1): as many of 258 bytes as fit and one
 * of the rest.  The block's own Huffman code gives the 258-byte copy one
 * bit, the literals 0 and 2 two and three, the end of block and the copy
 * of the rest four; its one distance has one bit.  A 1920-pixel row
 * takes 58 bits.  Both codes are complete, as inflate requires (the code
 * of the code lengths too: eight lengths of three bits).
 */
#include "app/shot_zrows.h"

#include <string.h>

#define NLIT	286	/* literal/length codes sent: 0..285 */
#define END	256
#define COPY258	285

/* The lengths 3..257 by code 257..284: first length, extra bits. */
static const unsigned short len_base[28] = { 3, 4, 5, 6, 7, 8, 9, 10, 11,
	13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163,
	195, 227 };
static const unsigned char len_extra[28] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1,
	1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5 };
/* The order in which the code lengths' code lengths are sent. */
static const unsigned char cl_order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10,
	5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };

static void
put(zrows *z, unsigned v, int n)
{
	z->acc |= (uint64_t)v << z->nacc;
	z->nacc += n;
	while (z->nacc >= 8) {
		z->buf[z->n++] = (unsigned char)z->acc;
		z->acc >>= 8;
		z->nacc -= 8;
		if (z->n == sizeof z->buf) {
			z->out(z->arg, z->buf, z->n);
			z->n = 0;
		}
	}
}

/* Canonical Huffman codes of the n lengths len (RFC 1951 3.2.2), bit
 * reversed: deflate sends a code from its first bit, put() from the
 * lowest. */
static void
canonical(const unsigned char *len, int n, unsigned short *code)
{
	unsigned short count[16] = { 0 }, next[16];
	unsigned c = 0;

	for (int i = 0; i < n; i++)
		count[len[i]]++;
	count[0] = 0;
	for (int b = 1; b < 16; b++) {
		c = (c + count[b - 1]) << 1;
		next[b] = (unsigned short)c;
	}
	for (int i = 0; i < n; i++) {
		unsigned v = len[i] ? next[len[i]]++ : 0, r = 0;

		for (int b = 0; b < len[i]; b++)
			r |= ((v >> b) & 1u) << (len[i] - 1 - b);
		code[i] = (unsigned short)r;
	}
}

/* The code of one row's last copy (rest >= 3), or 0 if it has none. */
static int
rest_code(int rest, unsigned *extra, int *nextra)
{
	int i = 27;

	if (rest < 3)
		return 0;
	while (len_base[i] > rest)
		i--;
	*extra = (unsigned)(rest - len_base[i]);
	*nextra = len_extra[i];
	return 257 + i;
}

static void
make_codes(int rowbytes, struct zrows_codes *c)
{
	int rest = (rowbytes - 1) % 258;

	memset(c, 0, sizeof *c);
	c->rest_sym = rest_code(rest, &c->extra, &c->nextra);
	c->len[COPY258] = 1;
	c->len[0] = 2;
	c->len[2] = 3;
	c->len[END] = 4;
	/* Completes the code when no row has a short copy (any unused
	 * length code will do). */
	c->len[c->rest_sym ? c->rest_sym : 257] = 4;
	c->len[NLIT] = 1;	/* distance code 0: distance 1 */
	canonical(c->len, NLIT, c->code);
}

static void
sym(zrows *z, const struct zrows_codes *c, int s)
{
	put(z, c->code[s], c->len[s]);
}

/* The block header: dynamic codes, their lengths run-length coded. */
static void
header(zrows *z, const struct zrows_codes *c)
{
	unsigned char cl_len[19] = { 0 };
	unsigned short cl_code[19];
	static const unsigned char used[8] = { 0, 1, 2, 3, 4, 5, 17, 18 };

	for (int i = 0; i < 8; i++)
		cl_len[used[i]] = 3;
	canonical(cl_len, 19, cl_code);
	put(z, 0, 1);			/* not the last block */
	put(z, 2, 2);			/* dynamic Huffman codes */
	put(z, NLIT - 257, 5);
	put(z, 0, 5);			/* one distance code */
	put(z, 18 - 4, 4);		/* code length codes up to "1" */
	for (int i = 0; i < 18; i++)
		put(z, cl_len[cl_order[i]], 3);
	for (int i = 0; i < NLIT + 1;) {
		int run = 0;

		if (c->len[i] != 0) {
			put(z, cl_code[c->len[i]], 3);
			i++;
			continue;
		}
		while (i + run < NLIT + 1 && c->len[i + run] == 0 && run < 138)
			run++;
		if (run >= 11) {
			put(z, cl_code[18], 3);
			put(z, (unsigned)(run - 11), 7);
		} else if (run >= 3) {
			put(z, cl_code[17], 3);
			put(z, (unsigned)(run - 3), 3);
		} else {
			for (int k = 0; k < run; k++)
				put(z, cl_code[0], 3);
		}
		i += run;
	}
}

void
zrows_begin(zrows *z, int rowbytes, zrows_out out, void *arg)
{
	z->out = out;
	z->arg = arg;
	z->rowbytes = rowbytes;
	z->acc = 0;
	z->nacc = 0;
	z->n = 0;
	make_codes(rowbytes, &z->c);
	header(z, &z->c);
}

void
zrows_row(zrows *z)
{
	const struct zrows_codes *c = &z->c;
	int left = z->rowbytes - 1;	/* the zeros after the first */

	sym(z, c, 2);
	sym(z, c, 0);
	for (; left >= 258; left -= 258) {
		sym(z, c, COPY258);
		put(z, 0, 1);		/* distance 1 */
	}
	if (c->rest_sym) {
		sym(z, c, c->rest_sym);
		put(z, c->extra, c->nextra);
		put(z, 0, 1);
	} else {
		for (; left > 0; left--)
			sym(z, c, 0);
	}
}

void
zrows_end(zrows *z, int *bits, int *nbits)
{
	sym(z, &z->c, END);
	if (z->n)
		z->out(z->arg, z->buf, z->n);
	z->n = 0;
	*bits = (int)(z->acc & 0xff);
	*nbits = z->nacc;
}
