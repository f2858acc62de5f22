/*
 * bidi.c - FriBiDi for the kiosk's lines and runs (see bidi.h).
 */
#include "ui/bidi.h"
#include "strbuf.h"
#include "utf8.h"

#include <fribidi.h>
#include <stdlib.h>
#include <string.h>

int
bidi_cp_arabic(uint32_t cp)
{
	return (cp >= 0x600 && cp <= 0x6FF) || (cp >= 0x750 && cp <= 0x77F) ||
	    (cp >= 0x8A0 && cp <= 0x8FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
	    (cp >= 0xFE70 && cp <= 0xFEFF);
}

int
bidi_has_rtl(const char *s, size_t n)
{
	const char *p = s, *e = s + n;

	while (p < e) {
		uint32_t cp = utf8_next(&p);
		FriBidiCharType t = fribidi_get_bidi_type(cp);

		/* The Arabic comma is a separator, not a letter: it still
		 * needs the Arabic font. */
		if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL ||
		    t == FRIBIDI_TYPE_AN || bidi_cp_arabic(cp))
			return 1;
	}
	return 0;
}

/* The code points of s[0..n), with the byte offset of each. */
static size_t
decode(const char *s, size_t n, FriBidiChar **cps, size_t **offs)
{
	const char *p = s, *e = s + n;
	size_t k = 0;

	*cps = xmalloc((n + 1) * sizeof **cps);
	*offs = xmalloc((n + 1) * sizeof **offs);
	while (p < e) {
		(*offs)[k] = (size_t)(p - s);
		(*cps)[k++] = utf8_next(&p);
	}
	(*offs)[k] = n;
	return k;
}

/* Embedding levels of the n code points in a paragraph of direction
 * rtl (FriBiDi's rules P to I: weak and neutral types resolved). */
static FriBidiLevel *
levels_of(const FriBidiChar *cps, size_t n, int rtl)
{
	FriBidiCharType *types = xmalloc((n + 1) * sizeof *types);
	FriBidiBracketType *br = xmalloc((n + 1) * sizeof *br);
	FriBidiLevel *lv = xmalloc((n + 1) * sizeof *lv);
	FriBidiParType base = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;

	fribidi_get_bidi_types(cps, (FriBidiStrIndex)n, types);
	fribidi_get_bracket_types(cps, (FriBidiStrIndex)n, types, br);
	if (fribidi_get_par_embedding_levels_ex(types, br, (FriBidiStrIndex)n,
	    &base, lv) == 0)
		memset(lv, rtl ? 1 : 0, (n + 1) * sizeof *lv);
	free(types);
	free(br);
	return lv;
}

/* Rule L2 on n items of the given levels: order[i] is the item shown
 * i-th from the left. */
static void
reorder(const int *level, size_t n, size_t *order)
{
	int hi = 0, lo_odd = 127;

	for (size_t i = 0; i < n; i++) {
		order[i] = i;
		if (level[i] > hi)
			hi = level[i];
		if ((level[i] & 1) && level[i] < lo_odd)
			lo_odd = level[i];
	}
	for (int l = hi; l >= lo_odd && l > 0; l--)
		for (size_t i = 0; i < n;) {
			size_t j = i;

			if (level[order[i]] < l) {
				i++;
				continue;
			}
			while (j < n && level[order[j]] >= l)
				j++;
			for (size_t a = i, b = j - 1; a < b; a++, b--) {
				size_t t = order[a];
				order[a] = order[b];
				order[b] = t;
			}
			i = j;
		}
}

void
bidi_place_lines(text_layout *l, const char *s, int mirrored)
{
	for (size_t first = 0; first < l->n;) {
		size_t last = first, np, k, ncp;
		strbuf line = STRBUF_INIT;
		size_t *start, *order, *offs;
		int *level;
		FriBidiChar *cps;
		FriBidiLevel *lv;
		double x0, *gap, space;

		while (last < l->n && l->p[last].line == l->p[first].line)
			last++;
		np = last - first;
		start = xmalloc(np * sizeof *start);
		/* The line as its words joined by spaces: the spaces take
		 * their level from the words around them. */
		for (k = 0; k < np; k++) {
			const text_piece *t = &l->p[first + k];

			if (k)
				strbuf_putc(&line, ' ');
			start[k] = line.len;
			strbuf_add(&line, s + t->off, t->len);
		}
		ncp = decode(strbuf_str(&line), line.len, &cps, &offs);
		lv = levels_of(cps, ncp, 1);
		level = xmalloc(np * sizeof *level);
		order = xmalloc(np * sizeof *order);
		gap = xmalloc(np * sizeof *gap);
		for (k = 0; k < np; k++) {
			size_t i = 0;

			while (i < ncp && offs[i] < start[k])
				i++;
			level[k] = i < ncp ? lv[i] : 1;
			gap[k] = k + 1 < np ? l->p[first + k + 1].x -
			    (l->p[first + k].x + l->p[first + k].w) : 0;
		}
		reorder(level, np, order);
		x0 = l->p[first].x;
		space = 0;
		for (k = 0; k < np; k++)
			if (gap[k] > space)
				space = gap[k];
		/* Left to right as seen, or as seen in the mirror.  Two
		 * neighbours in the text keep what was between them (a space,
		 * or nothing inside a word cut for the glossary); others get
		 * a space. */
		for (k = 0; k < np; k++) {
			size_t at = mirrored ? order[np - 1 - k] : order[k];
			text_piece *t = &l->p[first + at];

			if (k > 0) {
				size_t b = mirrored ? order[np - k] : order[k - 1];

				x0 += at == b + 1 ? gap[b] : b == at + 1 ? gap[at] :
				    space;
			}
			t->x = x0;
			x0 += t->w;
		}
		free(start); free(order); free(level); free(gap);
		free(cps); free(offs); free(lv);
		strbuf_free(&line);
		first = last;
	}
}

size_t
bidi_runs(const char *s, size_t n, int rtl, bidi_run *out, size_t max)
{
	FriBidiChar *cps;
	size_t *offs, ncp = decode(s, n, &cps, &offs), nr = 0;
	FriBidiLevel *lv;
	int *level, arabic = 0;
	size_t *order;
	bidi_run *logical;

	if (ncp == 0 || max == 0) {
		free(cps);
		free(offs);
		return 0;
	}
	lv = levels_of(cps, ncp, rtl);
	logical = xmalloc(ncp * sizeof *logical);
	level = xmalloc(ncp * sizeof *level);
	for (size_t i = 0; i < ncp; i++) {
		FriBidiCharType t = fribidi_get_bidi_type(cps[i]);
		/* A space or a mark keeps the font of what it follows: an
		 * Arabic phrase is shaped as one run. */
		int neutral = !FRIBIDI_IS_STRONG(t) && !FRIBIDI_IS_NUMBER(t);
		int a = bidi_cp_arabic(cps[i]) ? 1 : neutral && i > 0 ? arabic :
		    0;

		if (nr > 0 && nr <= max && level[nr - 1] == lv[i] && a == arabic) {
			logical[nr - 1].len = offs[i + 1] - logical[nr - 1].off;
			continue;
		}
		if (nr == max) {
			logical[nr - 1].len = offs[i + 1] - logical[nr - 1].off;
			continue;
		}
		arabic = a;
		logical[nr] = (bidi_run){ offs[i], offs[i + 1] - offs[i], lv[i] & 1,
		    a };
		level[nr++] = lv[i];
	}
	order = xmalloc(nr * sizeof *order);
	reorder(level, nr, order);
	for (size_t i = 0; i < nr; i++)
		out[i] = logical[order[i]];
	free(order); free(level); free(logical);
	free(cps); free(offs); free(lv);
	return nr;
}
