#include "scrub.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/*
 * A view is the text as one decoding reads it: each of its bytes knows
 * the stretch [from, to) of the original text it came from, so that a
 * secret found in the view masks exactly what spelled it.
 */
struct view {
	char *s;
	size_t n;
	size_t *from, *to;
};

struct spans {
	size_t (*v)[2];
	size_t n, cap;
};

static void
view_init(struct view *v, size_t cap)
{
	v->s = xmalloc(cap + 1);
	v->from = xmalloc((cap + 1) * sizeof *v->from);
	v->to = xmalloc((cap + 1) * sizeof *v->to);
	v->n = 0;
}

static void
view_free(struct view *v)
{
	free(v->s);
	free(v->from);
	free(v->to);
}

/* Appends byte c, which came from in's bytes [i, j). */
static void
view_put(struct view *out, const struct view *in, size_t i, size_t j, char c)
{
	out->s[out->n] = c;
	out->from[out->n] = in->from[i];
	out->to[out->n] = in->to[j - 1];
	out->n++;
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Reads up to maxd hex (base 16) or decimal digits at p[i..n). */
static size_t
digits(const char *p, size_t i, size_t n, int base, size_t maxd, uint32_t *out)
{
	size_t k = 0;

	*out = 0;
	while (i + k < n && k < maxd) {
		int d = base == 16 ? hexval((unsigned char)p[i + k]) :
		    isdigit((unsigned char)p[i + k]) ? p[i + k] - '0' : -1;

		if (d < 0)
			break;
		*out = *out * (uint32_t)base + (uint32_t)d;
		k++;
	}
	return k;
}

/* Appends code point cp as UTF-8, every byte from in's [i, j). */
static void
view_put_cp(struct view *out, const struct view *in, size_t i, size_t j,
    uint32_t cp)
{
	char u[8];
	size_t len;

	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	len = utf8_encode(cp, u);
	for (size_t k = 0; k < len; k++)
		view_put(out, in, i, j, u[k]);
}

enum decoding { URL, URL_PLUS, BACKSLASH, HTML };

/* One decoding of in into out (never longer than in). */
static void
decode(const struct view *in, enum decoding d, struct view *out)
{
	const char *p = in->s;
	size_t n = in->n, i = 0;
	uint32_t v, lo;

	view_init(out, n);
	while (i < n) {
		size_t k;

		if ((d == URL || d == URL_PLUS) && p[i] == '%' && i + 2 < n &&
		    hexval((unsigned char)p[i + 1]) >= 0 &&
		    hexval((unsigned char)p[i + 2]) >= 0) {
			view_put(out, in, i, i + 3, (char)(hexval((unsigned char)p[i + 1]) * 16 +
			    hexval((unsigned char)p[i + 2])));
			i += 3;
			continue;
		}
		if (d == URL_PLUS && p[i] == '+') {
			view_put(out, in, i, i + 1, ' ');
			i++;
			continue;
		}
		if (d == BACKSLASH && p[i] == '\\' && i + 1 < n) {
			char c = p[i + 1];

			if (c == 'u' && (k = digits(p, i + 2, n, 16, 4, &v)) == 4) {
				size_t j = i + 6;

				/* A surrogate pair is one character. */
				if (v >= 0xd800 && v < 0xdc00 && j + 6 <= n &&
				    p[j] == '\\' && p[j + 1] == 'u' &&
				    digits(p, j + 2, n, 16, 4, &lo) == 4 &&
				    lo >= 0xdc00 && lo < 0xe000) {
					v = 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00);
					j += 6;
				}
				view_put_cp(out, in, i, j, v);
				i = j;
				continue;
			}
			if (c == 'x' && (k = digits(p, i + 2, n, 16, 2, &v)) == 2) {
				view_put(out, in, i, i + 4, (char)v);
				i += 4;
				continue;
			}
			view_put(out, in, i, i + 2, c == 'n' ? '\n' : c == 't' ? '\t' :
			    c == 'r' ? '\r' : c == 'b' ? '\b' : c == 'f' ? '\f' : c);
			i += 2;
			continue;
		}
		if (d == HTML && p[i] == '&') {
			static const struct { const char *name; char c; } ent[] = {
				{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' },
				{ "quot;", '"' }, { "apos;", '\'' }, { "nbsp;", ' ' },
			};
			size_t e;

			for (e = 0; e < sizeof ent / sizeof *ent; e++) {
				size_t l = strlen(ent[e].name);

				if (i + 1 + l <= n && memcmp(p + i + 1, ent[e].name, l) == 0)
					break;
			}
			if (e < sizeof ent / sizeof *ent) {
				size_t l = strlen(ent[e].name);

				view_put(out, in, i, i + 1 + l, ent[e].c);
				i += 1 + l;
				continue;
			}
			if (i + 2 < n && p[i + 1] == '#') {
				int hex = p[i + 2] == 'x' || p[i + 2] == 'X';
				size_t s = i + 2 + (size_t)hex;

				k = digits(p, s, n, hex ? 16 : 10, 7, &v);
				if (k > 0 && s + k < n && p[s + k] == ';') {
					view_put_cp(out, in, i, s + k + 1, v);
					i = s + k + 1;
					continue;
				}
			}
		}
		view_put(out, in, i, i + 1, p[i]);
		i++;
	}
	out->s[out->n] = '\0';
}

static void
spans_add(struct spans *sp, size_t a, size_t b)
{
	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? sp->cap * 2 : 16;
		sp->v = xrealloc(sp->v, sp->cap * sizeof *sp->v);
	}
	sp->v[sp->n][0] = a;
	sp->v[sp->n][1] = b;
	sp->n++;
}

static int
b64char(int c)
{
	return isalnum(c) || c == '+' || c == '/' || c == '-' || c == '_';
}

/* Every occurrence of needle in the view; with whole_b64, the mask
 * covers the whole base64 token around it (its first and last
 * characters mix the secret's bits with its neighbours'). */
static void
find_all(const struct view *v, const char *needle, size_t len, int whole_b64,
    struct spans *sp)
{
	const char *p = v->s, *end = v->s + v->n, *hit;

	if (len == 0)
		return;
	while ((hit = memmem(p, (size_t)(end - p), needle, len)) != NULL) {
		size_t a = (size_t)(hit - v->s), b = a + len;

		if (whole_b64) {
			while (a > 0 && b64char((unsigned char)v->s[a - 1]))
				a--;
			while (b < v->n && (b64char((unsigned char)v->s[b]) ||
			    v->s[b] == '='))
				b++;
		}
		spans_add(sp, v->from[a], v->to[b - 1]);
		p = hit + 1;
	}
}

/*
 * The base64 characters that depend on the secret's bytes alone, for
 * each of the three positions it may have in a base64 stream ("user:"
 * before it shifts it): any base64 text holding the secret holds one of
 * these.  Both alphabets (standard and URL-safe).  Cores shorter than 4
 * characters would match too much and are left out.
 */
static void
find_base64(const struct view *v, const char *secret, struct spans *sp)
{
	static const char std[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t m = strlen(secret);
	unsigned char *buf = xmalloc(m + 3);
	char *core = xmalloc((m + 3) * 4 / 3 + 4);

	for (size_t k = 0; k < 3; k++) {
		size_t bits = 8 * (k + m), first = (8 * k + 5) / 6, last = bits / 6;
		size_t o = 0;

		memset(buf, 0, k);
		memcpy(buf + k, secret, m);
		for (size_t q = first; q < last; q++) {
			size_t bit = 6 * q, byte = bit / 8, shift = bit % 8;
			unsigned w = (unsigned)buf[byte] << 8 |
			    (byte + 1 < k + m ? buf[byte + 1] : 0);

			core[o++] = std[(w >> (10 - shift)) & 63];
		}
		core[o] = '\0';
		if (o < 4)
			continue;
		find_all(v, core, o, 1, sp);
		for (size_t i = 0; i < o; i++)
			core[i] = core[i] == '+' ? '-' : core[i] == '/' ? '_' : core[i];
		find_all(v, core, o, 1, sp);
	}
	free(buf);
	free(core);
}

static int
cmp_span(const void *x, const void *y)
{
	const size_t *a = x, *b = y;

	return (a[0] > b[0]) - (a[0] < b[0]);
}

/* The decodings tried, each applied in order to the text: what a
 * provider's page may have done to the request it echoes. */
static const enum decoding chains[][2] = {
	{ URL, URL }, { URL_PLUS, URL_PLUS }, { BACKSLASH, URL },
	{ BACKSLASH, URL_PLUS }, { HTML, URL }, { HTML, URL_PLUS },
	{ BACKSLASH, HTML }, { HTML, BACKSLASH }, { HTML, HTML },
	{ BACKSLASH, BACKSLASH },
};

/* A piece of the secret this long is masked wherever it is: a page that
 * shows it with an escaping not in chains[] (or half-decoded) still
 * shows long stretches of it as they are. */
#define PIECE 6

static void
find_secret(const struct view *v, const char *secret, struct spans *sp)
{
	size_t m = strlen(secret), l = m < PIECE ? m : PIECE;

	for (size_t j = 0; j + l <= m; j++)
		find_all(v, secret + j, l, 0, sp);
	find_base64(v, secret, sp);
}

/* The text with every stretch that spells secret masked (new string). */
static char *
mask_secret(const char *text, size_t len, const char *secret, size_t *outlen)
{
	struct view raw, cur, next;
	struct spans sp = { 0 };
	strbuf b = STRBUF_INIT;

	view_init(&raw, len);
	memcpy(raw.s, text, len);
	raw.s[len] = '\0';
	raw.n = len;
	for (size_t i = 0; i < len; i++) {
		raw.from[i] = i;
		raw.to[i] = i + 1;
	}
	find_secret(&raw, secret, &sp);
	for (size_t c = 0; c < sizeof chains / sizeof *chains; c++) {
		const struct view *in = &raw;

		for (size_t s = 0; s < 2; s++) {
			decode(in, chains[c][s], &next);
			if (in != &raw)
				view_free(&cur);
			cur = next;
			in = &cur;
			find_secret(&cur, secret, &sp);
		}
		view_free(&cur);
	}
	view_free(&raw);

	if (sp.n > 0)
		qsort(sp.v, sp.n, sizeof *sp.v, cmp_span);
	strbuf_puts(&b, "");
	size_t at = 0;
	for (size_t i = 0; i < sp.n; i++) {
		size_t a = sp.v[i][0], e = sp.v[i][1];

		/* Overlapping or touching stretches are one secret. */
		while (i + 1 < sp.n && sp.v[i + 1][0] <= e) {
			if (sp.v[i + 1][1] > e)
				e = sp.v[i + 1][1];
			i++;
		}
		/* Whole characters: a piece may start inside one. */
		while (a > at && ((unsigned char)text[a] & 0xc0) == 0x80)
			a--;
		while (e < len && ((unsigned char)text[e] & 0xc0) == 0x80)
			e++;
		if (a < at)
			a = at;
		strbuf_add(&b, text + at, a - at);
		strbuf_puts(&b, "[secret]");
		at = e > at ? e : at;
	}
	strbuf_add(&b, text + at, len - at);
	free(sp.v);
	*outlen = b.len;
	return strbuf_take(&b);
}

void
scrub_secret(strbuf *b, const char *secret)
{
	char *s;
	size_t n;

	if (secret == NULL || *secret == '\0' || b->s == NULL)
		return;
	s = mask_secret(b->s, b->len, secret, &n);
	explicit_bzero(b->s, b->len);
	strbuf_reset(b);
	strbuf_add(b, s, n);
	free(s);
}

void
scrub_cut(char *s, size_t len)
{
	size_t start;

	if (len == 0 || !((unsigned char)s[len - 1] & 0x80))
		return;
	start = len - 1;
	while (start > 0 && ((unsigned char)s[start] & 0xc0) == 0x80)
		start--;
	if (!utf8_valid(s + start, len - start))
		s[start] = '\0';
}

/* Masks what looks like a phone number in p, onto b. */
static void
scrub_numbers(strbuf *b, const char *p)
{
	while (*p) {
		if (isdigit((unsigned char)*p) ||
		    (*p == '+' && isdigit((unsigned char)p[1]))) {
			/* The longest run of digits and separators from here,
			 * not ending on a separator. */
			const char *q = p + (*p == '+'), *end = q;
			int digits_ = 0, dots = 0, group = 0, biggroup = 0;
			int other_sep = 0;

			while (isdigit((unsigned char)*q) || *q == ' ' ||
			    *q == '.' || *q == '-') {
				if (isdigit((unsigned char)*q)) {
					digits_++;
					if (++group > 3)
						biggroup = 1;
					end = q + 1;
				} else {
					/* Only separators between digits
					 * count (end excludes the rest). */
					if (*q == '.' && isdigit((unsigned char)q[1]))
						dots++;
					else if (isdigit((unsigned char)q[1]))
						other_sep = 1;
					group = 0;
				}
				q++;
			}
			/* 127.0.0.1 and 192.168.100.200 are addresses, worth
			 * keeping in a "cannot connect" reason. */
			if (digits_ >= 8 && !(*p != '+' && dots == 3 &&
			    !other_sep && !biggroup)) {
				strbuf_puts(b, "[number]");
				p = end;
				continue;
			}
			/* Too short for a number: copy up to its end. */
			strbuf_add(b, p, (size_t)(end - p));
			p = end;
			continue;
		}
		strbuf_putc(b, *p++);
	}
}

void
scrub_text(char *text, size_t n, const char *secret)
{
	strbuf in = STRBUF_INIT, out = STRBUF_INIT;

	if (n == 0)
		return;
	strbuf_puts(&in, text);
	scrub_secret(&in, secret);
	strbuf_puts(&out, "");
	scrub_numbers(&out, in.s);
	snprintf(text, n, "%s", out.s);
	scrub_cut(text, strlen(text));
	explicit_bzero(in.s, in.len);
	strbuf_free(&in);
	strbuf_free(&out);
}
