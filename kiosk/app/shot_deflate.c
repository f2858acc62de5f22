/*
 * shot_deflate.c - the deflate stream of a PNG's rows (see
 * shot_deflate.h; the format is RFC 1951, Adler-32 is RFC 1950's).
 *
 * An Up row is the literal 2 (its filter), the literal 0, then copies of
 * the byte before it (distance 1): as many of 258 bytes as fit and one of
 * the rest.  The Up block's own Huffman code gives the 258-byte copy one
 * bit, the literals 0 and 2 two and three, the end of block and the copy
 * of the rest four; its one distance has one bit.  Both codes are
 * complete, as inflate requires (the code of the code lengths too: eight
 * lengths of three bits).
 *
 * A Sub row is its bytes as literals of the fixed code, except that four
 * zeros or more become a literal 0 and copies of it.
 */
#include "app/shot_deflate.h"

#include <string.h>

#define NLIT	286	/* literal/length codes sent: 0..285 */
#define END	256
#define COPY258	285
#define ADLER	65521u

/* The lengths 3..257 by code 257..284: first length, extra bits. */
static const unsigned short len_base[28] = { 3, 4, 5, 6, 7, 8, 9, 10, 11,
	13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163,
	195, 227 };
static const unsigned char len_extra[28] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1,
	1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5 };
/* The order in which the code lengths' code lengths are sent. */
static const unsigned char cl_order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10,
	5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };

/* Bits into buf, four bytes at a time: a literal is one call. */
static void
put(zpng *z, unsigned v, int n)
{
	z->acc |= (uint64_t)v << z->nacc;
	z->nacc += n;
	if (z->nacc < 32)
		return;
	if (z->n + 4 > sizeof z->buf) {
		z->out(z->arg, z->buf, z->n);
		z->n = 0;
	}
	for (int i = 0; i < 4; i++)
		z->buf[z->n++] = (unsigned char)(z->acc >> (8 * i));
	z->acc >>= 32;
	z->nacc -= 32;
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

/* The code of a copy of len bytes (3 to 258), its extra bits in *extra,
 * *nextra. */
static int
length_code(int len, unsigned *extra, int *nextra)
{
	int i = 27;

	if (len == 258) {
		*extra = 0;
		*nextra = 0;
		return COPY258;
	}
	while (len_base[i] > len)
		i--;
	*extra = (unsigned)(len - len_base[i]);
	*nextra = len_extra[i];
	return 257 + i;
}

/* The fixed code (RFC 1951 3.2.6), over all 288 symbols: the two that
 * are never sent still count in the canonical order. */
static void
fixed_code(struct zpng_code *c)
{
	unsigned char len[288];
	unsigned short code[288];

	memset(len, 8, 144);
	memset(len + 144, 9, 112);
	memset(len + 256, 7, 24);
	memset(len + 280, 8, 8);
	canonical(len, 288, code);
	memcpy(c->len, len, sizeof c->len);
	memcpy(c->code, code, sizeof c->code);
}

static void
up_code(zpng *z)
{
	struct zpng_code *c = &z->up;
	int rest = (z->w * 3 - 1) % 258;

	memset(c, 0, sizeof *c);
	z->up_rest_sym = rest >= 3 ?
	    length_code(rest, &z->up_extra, &z->up_nextra) : 0;
	c->len[COPY258] = 1;
	c->len[0] = 2;
	c->len[2] = 3;
	c->len[END] = 4;
	/* Completes the code when no row has a short copy (any unused
	 * length code will do). */
	c->len[z->up_rest_sym ? z->up_rest_sym : 257] = 4;
	canonical(c->len, NLIT, c->code);
}

static void
sym(zpng *z, const struct zpng_code *c, int s)
{
	put(z, c->code[s], c->len[s]);
}

/* The Up block's header: dynamic codes, their lengths run-length coded,
 * and one distance code of one bit. */
static void
up_header(zpng *z)
{
	const struct zpng_code *c = &z->up;
	unsigned char cl_len[19] = { 0 }, len[NLIT + 1];
	unsigned short cl_code[19];
	static const unsigned char used[8] = { 0, 1, 2, 3, 4, 5, 17, 18 };

	memcpy(len, c->len, NLIT);
	len[NLIT] = 1;			/* distance code 0: distance 1 */
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

		if (len[i] != 0) {
			put(z, cl_code[len[i]], 3);
			i++;
			continue;
		}
		while (i + run < NLIT + 1 && len[i + run] == 0 && run < 138)
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

/* Ends the open block, if any, and opens one of kind (1 Up, 2 Sub). */
static void
open_block(zpng *z, int kind)
{
	if (z->block == kind)
		return;
	if (z->block)
		sym(z, z->block == 1 ? &z->up : &z->fixed, END);
	z->block = kind;
	if (kind == 1) {
		up_header(z);
	} else {
		put(z, 0, 1);		/* not the last block */
		put(z, 1, 2);		/* fixed Huffman codes */
	}
}

void
zpng_begin(zpng *z, int w, zpng_out out, void *arg)
{
	z->out = out;
	z->arg = arg;
	z->w = w;
	z->block = 0;
	z->a = 1;
	z->b = 0;
	z->acc = 0;
	z->nacc = 0;
	z->n = 0;
	fixed_code(&z->fixed);
	up_code(z);
}

void
zpng_row_up(zpng *z)
{
	const struct zpng_code *c = &z->up;
	int left = z->w * 3 - 1;	/* the zeros after the first */
	uint64_t a = z->a + 2;

	open_block(z, 1);
	sym(z, c, 2);
	sym(z, c, 0);
	for (; left >= 258; left -= 258) {
		sym(z, c, COPY258);
		put(z, 0, 1);		/* distance 1 */
	}
	if (z->up_rest_sym) {
		sym(z, c, z->up_rest_sym);
		put(z, z->up_extra, z->up_nextra);
		put(z, 0, 1);
	} else {
		for (; left > 0; left--)
			sym(z, c, 0);
	}
	/* The 2 adds 2 to a and a to b; each zero adds a to b. */
	z->b = (uint32_t)((z->b + a + (uint64_t)z->w * 3 * a) % ADLER);
	z->a = (uint32_t)(a % ADLER);
}

/* n zero bytes of a Sub row: a literal 0, then copies of the byte
 * before, each 3 to 258 long (a rest of 1 or 2 would be no copy: the
 * last but one is shortened). */
static void
zeros(zpng *z, unsigned long n)
{
	const struct zpng_code *c = &z->fixed;

	if (n < 4) {
		while (n--)
			sym(z, c, 0);
		return;
	}
	sym(z, c, 0);
	for (n--; n > 0;) {
		unsigned long len = n > 258 ? 258 : n;
		unsigned extra;
		int nextra;

		if (n - len == 1 || n - len == 2)
			len = n - 3;
		sym(z, c, length_code((int)len, &extra, &nextra));
		put(z, extra, nextra);
		put(z, 0, 5);		/* distance code 0: distance 1 */
		n -= len;
	}
}

void
zpng_row_sub(zpng *z, const uint32_t *px)
{
	const struct zpng_code *c = &z->fixed;
	/* Summed whole and reduced once a row: at most 255 (3w + 1) on a
	 * and (3w + 1) times that on b, far from 64 bits. */
	uint64_t a = z->a, b = z->b;
	unsigned long run = 0;		/* zeros not yet sent */
	uint32_t left = 0;		/* Sub's pixel before the first: 0 */

	open_block(z, 2);
	sym(z, c, 1);
	a += 1;
	b += a;
	for (int x = 0; x < z->w; x++) {
		uint32_t p = px[x] & 0xffffff;

		if (p == left) {	/* most pixels: three zeros */
			run += 3;
			continue;
		}
		for (int shift = 16; shift >= 0; shift -= 8) {
			unsigned d = ((p >> shift) - (left >> shift)) & 0xff;

			if (d == 0) {
				run++;
				continue;
			}
			if (run) {
				b += run * a;
				zeros(z, run);
				run = 0;
			}
			sym(z, c, (int)d);
			a += d;
			b += a;
		}
		left = p;
	}
	if (run) {
		b += run * a;
		zeros(z, run);
	}
	z->a = (uint32_t)(a % ADLER);
	z->b = (uint32_t)(b % ADLER);
}

uint32_t
zpng_end(zpng *z)
{
	if (z->block)
		sym(z, z->block == 1 ? &z->up : &z->fixed, END);
	z->block = 0;
	put(z, 1, 1);			/* the last block: empty, fixed codes */
	put(z, 1, 2);
	sym(z, &z->fixed, END);
	/* The bits left, the last byte padded with zeros. */
	for (; z->nacc > 0; z->nacc -= 8) {
		if (z->n == sizeof z->buf) {
			z->out(z->arg, z->buf, z->n);
			z->n = 0;
		}
		z->buf[z->n++] = (unsigned char)z->acc;
		z->acc >>= 8;
	}
	z->nacc = 0;
	if (z->n)
		z->out(z->arg, z->buf, z->n);
	z->n = 0;
	return z->b << 16 | z->a;
}
