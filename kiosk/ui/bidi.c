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

/* A line's pieces as they come out of one piece each, or cut where the
 * level changes inside a piece. */
struct sub {
	text_piece *p;
	size_t n, cap;
	size_t *orig;		/* the piece each came from */
	int *level;
};

static void
sub_add(struct sub *v, const text_piece *t, size_t orig, int level)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 32;
		v->p = xrealloc(v->p, v->cap * sizeof *v->p);
		v->orig = xrealloc(v->orig, v->cap * sizeof *v->orig);
		v->level = xrealloc(v->level, v->cap * sizeof *v->level);
	}
	v->p[v->n] = *t;
	v->orig[v->n] = orig;
	v->level[v->n++] = level;
}

/* Piece t (k-th of its line, starting at byte start of the line whose
 * code points are cps/offs/lv) into v: whole, or cut where its level
 * changes ("Travail," is a Latin word and an Arabic comma: the comma
 * goes to the left of the whole name, not of its last word). */
static void
cut_piece(struct sub *v, const text_piece *t, size_t k, size_t start,
    const size_t *offs, const FriBidiLevel *lv, size_t ncp, const char *s,
    text_measure_fn m, void *arg)
{
	size_t i = 0, j, from;

	while (i < ncp && offs[i] < start)
		i++;
	if (i >= ncp || m == NULL) {
		sub_add(v, t, k, i < ncp ? lv[i] : 1);
		return;
	}
	for (j = i; j < ncp && offs[j] < start + t->len && lv[j] == lv[i]; j++)
		;
	if (j >= ncp || offs[j] >= start + t->len) {
		sub_add(v, t, k, lv[i]);	/* one level: as it is */
		return;
	}
	for (from = i; from < ncp && offs[from] < start + t->len;) {
		text_piece c = *t;
		size_t e = from;

		while (e < ncp && offs[e] < start + t->len && lv[e] == lv[from])
			e++;
		c.off = t->off + (offs[from] - start);
		c.len = (e < ncp ? offs[e] : start + t->len) - offs[from];
		if (c.off + c.len > t->off + t->len)
			c.len = t->off + t->len - c.off;
		c.pad_l = from == i ? t->pad_l : 0;
		c.pad_r = e >= ncp || offs[e] >= start + t->len ? t->pad_r : 0;
		c.w = m(arg, s + c.off, c.len, c.link) + c.pad_l + c.pad_r;
		sub_add(v, &c, k, lv[from]);
		from = e;
	}
}

/* What the text has between the line's i-th cut piece and the next:
 * nothing inside one piece, else the space between the two pieces. */
static double
logical_gap(const struct sub *v, size_t base, size_t i, const double *gap,
    double space)
{
	size_t a = v->orig[base + i], b;

	if (base + i + 1 >= v->n)
		return space;
	b = v->orig[base + i + 1];
	return a == b ? 0 : b == a + 1 ? gap[a] : space;
}

void
bidi_place_lines(text_layout *l, const char *s, int mirrored,
    text_measure_fn m, void *arg)
{
	struct sub all = { 0 };

	for (size_t first = 0; first < l->n;) {
		size_t last = first, np, k, ncp, base = all.n, ns;
		strbuf line = STRBUF_INIT;
		size_t *start, *order, *offs;
		FriBidiChar *cps;
		FriBidiLevel *lv;
		double x0, *gap, space = 0;

		while (last < l->n && l->p[last].line == l->p[first].line)
			last++;
		np = last - first;
		start = xmalloc(np * sizeof *start);
		gap = xmalloc(np * sizeof *gap);
		/* The line as its words joined by spaces: the spaces take
		 * their level from the words around them. */
		for (k = 0; k < np; k++) {
			const text_piece *t = &l->p[first + k];

			if (k)
				strbuf_putc(&line, ' ');
			start[k] = line.len;
			strbuf_add(&line, s + t->off, t->len);
			gap[k] = k + 1 < np ? l->p[first + k + 1].x - (t->x + t->w) :
			    0;
			if (gap[k] > space)
				space = gap[k];
		}
		ncp = decode(strbuf_str(&line), line.len, &cps, &offs);
		lv = levels_of(cps, ncp, 1);
		for (k = 0; k < np; k++)
			cut_piece(&all, &l->p[first + k], k, start[k], offs, lv, ncp,
			    s, m, arg);
		ns = all.n - base;
		order = xmalloc(ns * sizeof *order);
		reorder(all.level + base, ns, order);
		x0 = l->p[first].x;
		/* Left to right as seen, or as seen in the mirror.  Two
		 * neighbours in the text keep what was between them (a space,
		 * nothing between the parts of one piece or inside a word cut
		 * for the glossary); others get a space. */
		for (k = 0; k < ns; k++) {
			size_t at = mirrored ? order[ns - 1 - k] : order[k];
			text_piece *t = &all.p[base + at];

			if (k > 0) {
				size_t b = mirrored ? order[ns - k] : order[k - 1];
				size_t lo = at < b ? at : b, hi = at < b ? b : at;
				int la = all.level[base + at], lb = all.level[base + b];

				if (hi == lo + 1)
					x0 += logical_gap(&all, base, lo, gap, space);
				else if (la != lb) {
					/* The end of an embedded run and what
					 * follows it ("39 49" and its full stop):
					 * the space, or none, that the text has
					 * on that side of the outer item. */
					size_t out = la < lb ? at : b;
					size_t in = la < lb ? b : at;

					x0 += out > in ? logical_gap(&all, base, out - 1,
					    gap, space) : logical_gap(&all, base, out, gap,
					    space);
				} else
					x0 += space;
			}
			t->x = x0;
			x0 += t->w;
		}
		free(start); free(order); free(gap);
		free(cps); free(offs); free(lv);
		strbuf_free(&line);
		first = last;
	}
	/* The pieces, cut, in reading order: what follows (links, the mark
	 * read aloud) walks them by their bytes. */
	free(l->p);
	l->p = all.p;
	l->n = all.n;
	l->cap = all.cap;
	free(all.orig);
	free(all.level);
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
