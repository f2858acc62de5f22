/*
 * text_wrap.c - what stays together on a line, and line breaking (see
 * text.h), for the screen and the printed sheets alike.
 *
 * A text is cut into pieces at its spaces (only ASCII white space: a
 * no-break space written in the text keeps its words together), then
 * pieces that must stay together form a unit, and units fill lines
 * greedily.  Widths are added up piece by piece: cairo's toy text API and
 * SDL_ttf both advance glyph by glyph, so a line measured as a whole
 * comes out as the sum of its pieces and spaces.
 */
#include "text.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* ================================================================ together */

static int
is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static int
all_digits(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* Digits, maybe with a decimal comma or point between them: 3,5. */
static int
is_number(const char *s, size_t n)
{
	if (n == 0 || !is_digit(s[0]) || !is_digit(s[n - 1]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]) && !((s[i] == ',' || s[i] == '.') &&
		    is_digit(s[i + 1])))
			return 0;
	return 1;
}

/* The length of s[0..n) without the punctuation that may end it ("30."
 * is "30" at the end of a sentence). */
static size_t
bare(const char *s, size_t n)
{
	while (n > 1 && strchr(".,;:!?)", s[n - 1]) != NULL)
		n--;
	return n;
}

/* 1 if s[0..n) is one of words, maybe followed by punctuation ("km."). */
static int
is_one_of(const char *s, size_t n, const char *const *words)
{
	n = bare(s, n);
	for (size_t i = 0; words[i]; i++)
		if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
			return 1;
	return 0;
}

/* The symbols a number is written before (% and € are seen by their
 * first byte). */
static const char *const units[] = { "h", "min", "km", "m", "cm", "mm",
	"kg", "g", NULL };

/* 1er, 1re, 2e, 3ème, 1ᵉʳ: digits and an ordinal ending. */
static int
is_ordinal(const char *s, size_t n)
{
	static const char *const ends[] = { "er", "re", "ère", "e", "ème",
	    "eme", "nd", "nde", "\xE1\xB5\x89", "\xE1\xB5\x89\xCA\xB3",
	    "\xCA\xB3\xE1\xB5\x89", NULL };
	size_t i = 0;

	while (i < n && is_digit(s[i]))
		i++;
	if (i == 0 || i == n)
		return 0;
	for (size_t k = 0; ends[k]; k++)
		if (strlen(ends[k]) == n - i && memcmp(ends[k], s + i, n - i) == 0)
			return 1;
	return 0;
}

static int
starts_with_letter(const char *s, size_t n)
{
	return utf8_seq_len(s, n) > 0 && text_cp_letter(utf8_next(&s));
}

static int
starts_with(const char *s, size_t n, const char *pre)
{
	return n >= strlen(pre) && memcmp(s, pre, strlen(pre)) == 0;
}

int
text_keep_together(const char *a, size_t an, const char *b, size_t bn)
{
	if (an == 0 || bn == 0)
		return 0;
	if (strchr(":;!?%", b[0]) != NULL || starts_with(b, bn, "»") ||
	    starts_with(b, bn, "€"))
		return 1;
	if (an >= 2 && memcmp(a + an - 2, "«", 2) == 0)
		return 1;
	/* Phone numbers and amounts: 04 79 12 34 56, 15 000. */
	if (is_digit(a[an - 1]) && all_digits(b, bare(b, bn)) &&
	    bare(b, bn) <= 4)
		return 1;
	/* 14 h 30, 3 km, 2,5 kg. */
	if (is_number(a, an) && is_one_of(b, bn, units))
		return 1;
	if (an == 1 && a[0] == 'h' && all_digits(b, bare(b, bn)))
		return 1;
	if (is_ordinal(a, an) && starts_with_letter(b, bn))
		return 1;
	return 0;
}

/* ================================================================ pieces */

static int
is_ws(char ch)
{
	return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
}

static void
piece_add(text_layout *l, size_t off, size_t len, int link,
    enum text_join join)
{
	if (len == 0)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 128;
		l->p = xrealloc(l->p, l->cap * sizeof *l->p);
	}
	l->p[l->n++] = (text_piece){ off, len, link, join, 0, 0, 0, 0, 0 };
}

/* Text [ws, we) of a word with no glossary word in it: one piece, or
 * the parts of a web address or a path (staff messages), cut after a '/',
 * '.' or '-': where such a word wider than a line breaks (better than
 * between any two letters, and clipping it would be worse). */
static void
add_plain(text_layout *l, const char *s, size_t ws, size_t we)
{
	size_t p = ws;

	if (we > ws && memmem(s + ws, we - ws, "://", 3) == NULL &&
	    s[ws] != '/') {
		piece_add(l, ws, we - ws, -1, TEXT_GLUE);
		return;
	}
	for (size_t k = ws; k < we; k++) {
		if ((s[k] == '/' || s[k] == '.' || s[k] == '-') &&
		    k + 1 < we && s[k + 1] != '/') {
			piece_add(l, p, k + 1 - p, -1, TEXT_SOFT);
			p = k + 1;
		}
	}
	piece_add(l, p, we - p, -1, TEXT_GLUE);
}

/* The first glossary word at a word start in s[q..we): its entry, its
 * start in *at and its length in *len; -1 if none. */
static int
find_link(const char *s, size_t q, size_t we, text_match_fn match,
    void *arg, size_t *at, size_t *len)
{
	for (size_t p = q; p < we; p++) {
		if (((unsigned char)s[p] & 0xC0) == 0x80 ||
		    !text_word_start(s, s + p))
			continue;
		int link = match(arg, s + p, len);
		if (link >= 0 && *len > 0) {
			*at = p;
			return link;
		}
	}
	return -1;
}

/* A glossary word being cut into pieces: it may span several words. */
struct open_link {
	int link;
	size_t end;
};

/* The pieces of the word s[ws..we), glued to one another. */
static void
add_word(text_layout *l, const char *s, size_t ws, size_t we,
    text_match_fn match, void *arg, struct open_link *ol)
{
	size_t q = ws, at, len;

	while (q < we) {
		if (q < ol->end) {
			size_t e = ol->end < we ? ol->end : we;
			piece_add(l, q, e - q, ol->link, TEXT_GLUE);
			q = e;
			continue;
		}
		int link = match ? find_link(s, q, we, match, arg, &at, &len) :
		    -1;
		if (link < 0) {
			add_plain(l, s, q, we);
			return;
		}
		/* Before it, an elided article ("l'accompagnement"); after
		 * it, punctuation ("référent,"): glued to it. */
		add_plain(l, s, q, at);
		ol->link = link;
		ol->end = at + len;
		q = at;
	}
}

void
text_pieces(text_layout *l, const char *s, text_match_fn match, void *arg)
{
	size_t i = 0, n = strlen(s), pw = 0, pn = 0;
	struct open_link ol = { -1, 0 };

	l->n = 0;
	while (i < n) {
		while (i < n && is_ws(s[i]))
			i++;
		if (i >= n)
			break;
		size_t ws = i, we = i;
		while (we < n && !is_ws(s[we]))
			we++;
		if (l->n > 0)
			l->p[l->n - 1].join = text_keep_together(s + pw, pn,
			    s + ws, we - ws) ? TEXT_KEEP : TEXT_SPACE;
		add_word(l, s, ws, we, text_is_address(s + ws, we - ws) ?
		    NULL : match, arg, &ol);
		pw = ws;
		pn = we - ws;
		i = we;
	}
	if (l->n > 0)
		l->p[l->n - 1].join = TEXT_SPACE;
}

void
text_layout_free(text_layout *l)
{
	free(l->p);
	l->p = NULL;
	l->n = l->cap = 0;
}

/* ================================================================ lines */

struct wrapper {
	text_layout *l;
	const char *s;
	double width, space;
	text_measure_fn measure;
	void *arg;
	double x;		/* where the next piece would start */
	int line;
};

static void
new_line(struct wrapper *w)
{
	w->line++;
	w->x = 0;
}

/* Piece k becomes two: [off, at) stays, [at, end) is the new k + 1. */
static void
split(text_layout *l, size_t k, size_t at)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 128;
		l->p = xrealloc(l->p, l->cap * sizeof *l->p);
	}
	memmove(&l->p[k + 2], &l->p[k + 1], (l->n - k - 1) * sizeof *l->p);
	l->n++;
	l->p[k + 1] = l->p[k];
	l->p[k + 1].off = at;
	l->p[k + 1].len = l->p[k].off + l->p[k].len - at;
	l->p[k + 1].pad_l = 0;
	l->p[k].len = at - l->p[k].off;
	l->p[k].join = TEXT_SOFT;
	l->p[k].pad_r = 0;
}

/* One code point of a unit being cut, or the kept space between two of
 * its pieces (len 0). */
struct slot {
	size_t piece;		/* index of its piece before any cut */
	size_t off, len;
	double w;
	int line, dropped;	/* dropped: a space where a line broke */
};

/* Closing marks: never first on a line (nor the space before them). */
static int
no_line_start(uint32_t cp)
{
	return (cp < 0x80 && cp && strchr("?!:;%,.)]", (int)cp) != NULL) ||
	    cp == 0xBB || cp == 0x20AC || cp == 0x2026 || cp == 0x201D ||
	    cp == 0x2019;
}

/* Opening marks and elisions: never last on a line. */
static int
no_line_end(uint32_t cp)
{
	return cp == '(' || cp == '[' || cp == '\'' || cp == 0xAB ||
	    cp == 0x201C || cp == 0x2019;
}

static uint32_t
slot_cp(const struct wrapper *w, const struct slot *sl)
{
	const char *p = w->s + sl->off;

	return sl->len ? utf8_next(&p) : ' ';
}

/* How good a line break before slot b is: 2 at a web address's / . - or
 * at a kept space between words, 1 between two code points of a word, 0
 * where it would put a closing mark first on a line or an opening one
 * last. */
static int
break_rank(const struct wrapper *w, const struct slot *sl, size_t ns,
    size_t b)
{
	const struct slot *prev = &sl[b - 1], *next = &sl[b];

	if (next->len == 0)
		return b + 1 < ns && !no_line_start(slot_cp(w, &sl[b + 1])) &&
		    !no_line_end(slot_cp(w, prev)) ? 2 : 0;
	if (prev->len == 0 || no_line_start(slot_cp(w, next)) ||
	    no_line_end(slot_cp(w, prev)))
		return 0;
	if (prev->piece != next->piece &&
	    w->l->p[prev->piece].join == TEXT_SOFT)
		return 2;
	return 1;
}

/* The best break in (start, s]: the best ranked, the latest of those;
 * its rank in *rank. */
static size_t
best_break(const struct wrapper *w, const struct slot *sl, size_t ns,
    size_t start, size_t s, int *rank)
{
	size_t best = s;

	*rank = -1;
	for (size_t b = s; b > start; b--) {
		int r = break_rank(w, sl, ns, b);
		if (r > *rank) {
			*rank = r;
			best = b;
		}
	}
	return best;
}

/* The slots of the unit [i, j]: its code points and kept spaces.  A code
 * point is as wide as it makes its piece's beginning grow, so that the
 * slots of a piece add up to the piece (a font's kerning and rounding
 * make single glyphs narrower). */
static struct slot *
make_slots(struct wrapper *w, size_t i, size_t j, size_t *ns)
{
	text_layout *l = w->l;
	struct slot *sl = NULL;
	size_t n = 0, cap = 0;

	for (size_t k = i; k <= j; k++) {
		const text_piece *p = &l->p[k];
		size_t a = p->off, end = p->off + p->len;
		double before = 0;

		for (int space = k > i && l->p[k - 1].join == TEXT_KEEP; a < end;
		    space = 0) {
			size_t cl = space ? 0 : utf8_seq_len(w->s + a, end - a);
			if (!space && cl == 0)
				cl = 1;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				sl = xrealloc(sl, cap * sizeof *sl);
			}
			double upto = space ? 0 : w->measure(w->arg, w->s + p->off,
			    a + cl - p->off, p->link);
			sl[n] = (struct slot){ k, a, cl, space ? w->space :
			    upto - before, 0, 0 };
			if (!space)
				before = upto;
			if (a == p->off && !space)
				sl[n].w += p->pad_l;
			if (a + cl == end)
				sl[n].w += p->pad_r;
			n++;
			a += cl;
		}
	}
	*ns = n;
	return sl;
}

/* Gives each slot its line, from a line's start.  Returns 1 if a word
 * had to be cut (a break ranked below 2, or a code point alone wider
 * than a line). */
static int
fill_slots(struct wrapper *w, struct slot *sl, size_t ns)
{
	size_t start = 0;
	double x = 0;
	int cut = 0, rank;

	for (size_t s = 0; s < ns; s++) {
		while (s > start && x + sl[s].w > w->width) {
			size_t b = best_break(w, sl, ns, start, s, &rank);
			cut |= rank < 2;
			new_line(w);
			start = b;
			if (sl[b].len == 0) {
				sl[b].dropped = 1;
				start = b + 1;
			}
			x = 0;
			for (size_t t = start; t < s; t++) {
				sl[t].line = w->line;
				x += sl[t].w;
			}
		}
		if (s < start)
			continue;	/* the space dropped at a break */
		sl[s].line = w->line;
		x += sl[s].w;
		cut |= x > w->width;
	}
	return cut;
}

/* Places the unit [i, j], wider than a line, from a line's start: cut
 * at the best places (best_break()), each cut making two pieces.
 * Returns the new index of its last piece; *overflow set if a word had
 * to be cut. */
static size_t
cut_unit(struct wrapper *w, size_t i, size_t j, int *overflow)
{
	text_layout *l = w->l;
	size_t ns, shift = 0;
	struct slot *sl = make_slots(w, i, j, &ns);
	int line = w->line;

	*overflow |= fill_slots(w, sl, ns);
	w->x = 0;
	for (size_t s = 0; s < ns; s++) {
		if (sl[s].dropped)
			continue;
		if (sl[s].line != line) {
			line = sl[s].line;
			w->x = 0;
		}
		if (sl[s].len == 0) {
			w->x += sl[s].w;
			continue;
		}
		size_t k = sl[s].piece + shift;
		if (sl[s].off != l->p[k].off && l->p[k].line != line) {
			split(l, k, sl[s].off);
			shift++;
			k++;
		}
		if (sl[s].off == l->p[k].off) {
			l->p[k].x = w->x;
			l->p[k].line = line;
			l->p[k].w = 0;
		}
		l->p[k].w += sl[s].w;
		w->x += sl[s].w;
	}
	free(sl);
	return j + shift;
}

/* Places the unit [i, j] at w->x. */
static void
place(struct wrapper *w, size_t i, size_t j)
{
	for (size_t k = i; k <= j; k++) {
		text_piece *p = &w->l->p[k];

		p->x = w->x;
		p->line = w->line;
		w->x += p->w;
		if (k < j && p->join == TEXT_KEEP)
			w->x += w->space;
	}
}

int
text_wrap(text_layout *l, const char *s, double width,
    text_measure_fn measure, void *arg, int *overflow)
{
	struct wrapper w = { l, s, width, measure(arg, " ", 1, -1), measure,
	    arg, 0, 0 };
	int any = 0;

	*overflow = 0;
	for (size_t k = 0; k < l->n; k++) {
		text_piece *p = &l->p[k];
		p->w = measure(arg, s + p->off, p->len, p->link) + p->pad_l +
		    p->pad_r;
	}
	for (size_t i = 0; i < l->n; ) {
		size_t j = i;
		double uw = l->p[i].w;

		while (j + 1 < l->n && l->p[j].join != TEXT_SPACE) {
			uw += (l->p[j].join == TEXT_KEEP ? w.space : 0) +
			    l->p[j + 1].w;
			j++;
		}
		double sp = any ? w.space : 0;
		if (any && w.x + sp + uw > width)
			new_line(&w);
		else
			w.x += sp;
		if (uw > width)
			j = cut_unit(&w, i, j, overflow);
		else
			place(&w, i, j);
		any = 1;
		i = j + 1;
	}
	return any ? w.line + 1 : 0;
}

int
text_next_line(const text_layout *l, const char *s, size_t *k, strbuf *out)
{
	size_t i = *k;

	if (i >= l->n)
		return 0;
	for (int line = l->p[i].line; i < l->n && l->p[i].line == line; i++) {
		if (i > *k && (l->p[i - 1].join == TEXT_SPACE ||
		    l->p[i - 1].join == TEXT_KEEP))
			strbuf_putc(out, ' ');
		strbuf_add(out, s + l->p[i].off, l->p[i].len);
	}
	*k = i;
	return 1;
}
