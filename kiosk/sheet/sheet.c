/*
 * sheet.c - the printed offer sheets: an A4 PDF drawn with cairo.
 *
 * Two layouts share one small flow engine:
 *   - the MSD sheet (--msd, optionally --theme): a header, then the offers
 *     grouped by theme, each offer a framed block with its QR code on the
 *     right;
 *   - the poster (--offer): one offer in large type with a big QR code at
 *     the bottom of the first page.
 * Content is cut into "pieces" (a theme heading, an offer block, a
 * paragraph).  Every piece is drawn by one function that can also just
 * measure (ctx.draw = 0), so a measured height is always the drawn one.
 * A layout pass places the pieces on pages (a piece never straddles two
 * pages, a heading never ends a page), which also gives the page count for
 * "Page 1 sur 3"; the drawing pass then paints them.
 *
 * Text is real text in fonts cairo embeds (subsets), QR codes are vector
 * (runs of modules stroked as lines): the PDF stays small, sharp at any
 * zoom, and selectable.
 *
 * The sheet is in the pack's language (i18n_localize()): its texts come
 * from the pack, its own words are interface words sheet.* (French here
 * only for a pack without them).  Right to left (Arabic), the page is laid
 * out as for left to right and drawn in a mirror, as the kiosk's screen
 * (ui.c): every box's x becomes PAGE_W - x - w, so the text goes right,
 * the QR codes and the bullets change side; QR codes and pictograms are
 * drawn unmirrored in their mirrored boxes.  Each line's words are placed
 * by the bidi algorithm (bidi_place_lines) and aligned right, and each
 * word is cut into runs of one direction and font, shaped by HarfBuzz
 * (cairo_show_text does not join Arabic letters) and drawn as glyphs; the
 * same shaping measures them for the line breaker.
 * No global state: everything lives in a struct ctx for one call, so the
 * kiosk can call sheet_write() any number of times.
 */
#include "sheet/sheet.h"
#include "sheet/cairo_lazy.h"
#include "timeutil.h"

#include "fsutil.h"
#include "content/i18n.h"
#include "content/labels.h"
#include "content/markup.h"
#include "content/portal.h"
#include "ui/bidi.h"
#include "ui/qr.h"
#include "strbuf.h"
#include "text.h"
#include "utf8.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ft.h>
#include <hb-ot.h>
#include <hb.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---------------------------------------------------------------- page */

#define MM		(72.0 / 25.4)
#define PAGE_W		595.28		/* A4 in points */
#define PAGE_H		841.89
#define MARGIN		(12 * MM)
#define CONTENT_W	(PAGE_W - 2 * MARGIN)
#define FOOTER_TOP	(PAGE_H - MARGIN - 7 * MM)	/* content ends above */
#define GAP		(2 * MM)	/* between two offer blocks */

/* The QR symbol (quiet zone excluded).  The issue asks for at least 25 mm
 * on the sheet and 60 mm on the poster; a little more leaves room for a
 * printer that shrinks the page to fit its margins (97 % is common).
 * On the sheet every millimetre counts: the code sets an offer's height,
 * 26 mm puts 5 offers and a theme on page 1. */
#define QR_SHEET	(26 * MM)
/* A long web address needs many modules: below about 0.55 mm a module
 * gets hard for a phone to read on paper, so such a code grows. */
#define QR_MODULE_MIN	(0.55 * MM)
#define QR_POSTER	(62 * MM)

/* Colours: near-black text and a dark blue for titles, both above 9:1 on
 * white (WCAG AAA asks 7:1); a light grey only for frames. */
#define INK		0.07, 0.07, 0.07
#define BLUE		0.10, 0.24, 0.44
#define GREY		0.30, 0.30, 0.30
#define FRAME		0.62, 0.66, 0.71
#define WHITE		1.0, 1.0, 1.0

/* FontAwesome 4.7 glyphs used outside the pack's pictograms. */
#define FA_MAP		0xF041
#define FA_PHONE	0xF095
#define FA_CLOCK	0xF017
#define FA_USER		0xF007
#define FA_EURO		0xF153
#define FA_CHECK	0xF046
#define FA_INFO		0xF05A

/* ---------------------------------------------------------------- fonts */

/* The Arabic fonts are loaded for a right-to-left sheet only. */
enum { F_REG, F_BOLD, F_ICON, F_AR_REG, F_AR_BOLD, F_COUNT };

/* Font families, tried in order.  They are found by name through
 * cairo's fontconfig lookup (Debian installs Andika-Regular.ttf and
 * Andika-Bold.ttf from fonts-sil-andika, fontawesome-webfont.ttf from
 * fonts-font-awesome), then checked, since fontconfig answers every
 * request with some font.  Not FT_New_Face() on the file names: that
 * needs libfreetype on the link line, which the Makefile does not give;
 * cairo-ft hands us the FT_Face it opened, which is enough to check it.
 * Either way cairo embeds a subset of the font in the PDF. */
static const char *const text_families[] = { "Andika", "DejaVu Sans" };
/* Andika has no Arabic: Noto Sans Arabic (fonts-noto-core), the kiosk's. */
static const char arabic_family[] = "Noto Sans Arabic";

struct style {
	int font;
	double size;		/* points */
	double lead;		/* line height / size */
	int fit;		/* poster text: scaled by ctx.scale */
	double r, g, b;
};

/* ---------------------------------------------------------------- state */

enum piece_kind {
	P_THEME,		/* theme band + its one-sentence summary */
	P_OFFER,		/* an offer block with its QR code */
	P_POSTER_TITLE,		/* the poster's theme line, title, summary */
	P_SECTION,		/* icon + subtitle + text (for whom, cost...) */
	P_BLOCK			/* a block of the offer's body (markup) */
};

struct piece {
	enum piece_kind kind;
	const pack_theme *theme;
	const pack_offer *offer;
	const block *blk;
	uint32_t icon;
	const char *label, *text;
	size_t code;		/* P_OFFER: its QR code, in ctx.codes */
	int keep_next;		/* headings: never the last thing on a page */
	/* Set by the layout pass. */
	int page;
	double y;
	const pack_theme *cont;	/* first on its page: repeat this heading */
};

/* A QR code, made once for all the offers that have its payload, and
 * drawn from one form, which cairo writes once however many pages use it:
 * many offers send to the same page or number while the content has no
 * portal_url (57 offers at chambery, 31 payloads, in December 2026). */
struct code {
	char *payload;
	qr q;
	cairo_surface_t *form;		/* made when first drawn */
};

struct ctx {
	cairo_t *cr;
	cairo_font_face_t *font[F_COUNT];
	hb_font_t *hb[F_COUNT];		/* made at the first shaping, in font units */
	int upem[F_COUNT];
	int rtl;			/* drawn in a mirror, lines right to left */
	const struct style *cur;	/* use(): for the line breaker's measure */
	const pack *p;
	const pack_msd *msd;
	const pack_offer *poster;	/* NULL for the MSD sheet */
	size_t poster_code;		/* in codes */
	block *blk;			/* the poster's body */
	size_t nblk;
	double scale;			/* poster text scale (fit on a page) */
	int draw;			/* 0: measure only */
	int npages;
	char today[160], checked[96];
	struct piece *pc;
	size_t npc;
	struct code *codes;
	size_t ncodes;
};

/* ---------------------------------------------------------------- words */

/* The sheet's word NAME (assets/content/interface.csv) in the pack's
 * language; fr, its French, for a pack that has no such word (one built
 * before the word, a test's fixture): a sheet never prints a key.
 * tests/helpers/interface_words.py checks that fr is interface.csv's. */
static const char *
sheet_word(const struct ctx *c, const char *name, const char *fr)
{
	const char *s = i18n_ui(c->p, name);

	return s == name ? fr : s;
}

/* The same with its {KEY}s filled (i18n_uif()), into buf. */
static const char *
sheet_wordf(const struct ctx *c, const char *name, const char *fr, char *buf,
    size_t n, ...) __attribute__((sentinel));

static const char *
sheet_wordf(const struct ctx *c, const char *name, const char *fr, char *buf,
    size_t n, ...)
{
	va_list ap;

	va_start(ap, n);
	i18n_uifv(c->p, name, fr, buf, n, ap);
	va_end(ap);
	return buf;
}

/* A day in words of the pack's language, or in French from a pack that
 * has no word "date". */
static void
sheet_day(const struct ctx *c, int y, int m, int d, char *out, size_t n)
{
	static const char word[] = "date";

	/* i18n_ui() gives its argument back when the pack lacks it. */
	if (i18n_ui(c->p, word) == word)
		time_fmt_day_fr(y, m, d, out, n);
	else
		i18n_day(c->p, y, m, d, out, n);
}

/* ---------------------------------------------------------------- fonts */

/* Finds family (bold or not) with fontconfig and checks that the face
 * found really is that family: fontconfig answers every request with
 * some font. */
static cairo_font_face_t *
font_find(const char *family, int bold)
{
	cairo_font_face_t *face;
	cairo_scaled_font_t *sf;
	cairo_matrix_t m, ctm;
	cairo_font_options_t *fo;
	FT_Face ft;
	int ok = 0;

	face = cairo_toy_font_face_create(family, CAIRO_FONT_SLANT_NORMAL,
	    bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_matrix_init_scale(&m, 12, 12);
	cairo_matrix_init_identity(&ctm);
	fo = cairo_font_options_create();
	sf = cairo_scaled_font_create(face, &m, &ctm, fo);
	cairo_font_options_destroy(fo);
	if (cairo_scaled_font_status(sf) == CAIRO_STATUS_SUCCESS &&
	    (ft = cairo_ft_scaled_font_lock_face(sf)) != NULL) {
		ok = ft->family_name != NULL &&
		    strcmp(ft->family_name, family) == 0 &&
		    !!(ft->style_flags & FT_STYLE_FLAG_BOLD) == !!bold &&
		    !(ft->style_flags & FT_STYLE_FLAG_ITALIC);
		cairo_ft_scaled_font_unlock_face(sf);
	}
	cairo_scaled_font_destroy(sf);
	if (!ok) {
		cairo_font_face_destroy(face);
		return NULL;
	}
	return face;
}

static int
fonts_load(struct ctx *c, err_t *e)
{
	for (size_t i = 0; i < sizeof text_families / sizeof *text_families;
	    i++) {
		c->font[F_REG] = font_find(text_families[i], 0);
		c->font[F_BOLD] = font_find(text_families[i], 1);
		if (c->font[F_REG] && c->font[F_BOLD])
			break;
		for (int f = F_REG; f <= F_BOLD; f++) {
			if (c->font[f])
				cairo_font_face_destroy(c->font[f]);
			c->font[f] = NULL;
		}
	}
	if (c->font[F_REG] == NULL)
		return err_set(e, "no text font for the sheet: install the "
		    "Andika font (Debian package fonts-sil-andika)");
	c->font[F_ICON] = font_find("FontAwesome", 0);
	if (c->font[F_ICON] == NULL)
		return err_set(e, "no pictogram font for the sheet: install "
		    "FontAwesome (Debian package fonts-font-awesome)");
	if (!c->rtl)
		return 0;
	c->font[F_AR_REG] = font_find(arabic_family, 0);
	c->font[F_AR_BOLD] = font_find(arabic_family, 1);
	if (c->font[F_AR_REG] == NULL || c->font[F_AR_BOLD] == NULL)
		return err_set(e, "no Arabic font for the sheet in %s: install "
		    "%s (Debian package fonts-noto-core)", c->p->lang,
		    arabic_family);
	return 0;
}

static void
fonts_free(struct ctx *c)
{
	for (int f = 0; f < F_COUNT; f++) {
		if (c->font[f])
			cairo_font_face_destroy(c->font[f]);
		if (c->hb[f])
			hb_font_destroy(c->hb[f]);
	}
}

/* ---------------------------------------------------------------- text */

static double
style_size(const struct ctx *c, const struct style *s)
{
	return s->size * (s->fit ? c->scale : 1.0);
}

static void
use(struct ctx *c, const struct style *s)
{
	c->cur = s;
	cairo_set_font_face(c->cr, c->font[s->font]);
	cairo_set_font_size(c->cr, style_size(c, s));
	cairo_set_source_rgb(c->cr, s->r, s->g, s->b);
}

static double
line_h(const struct ctx *c, const struct style *s)
{
	return style_size(c, s) * s->lead;
}

static double
width_of(cairo_t *cr, const char *s)
{
	cairo_text_extents_t x;

	cairo_text_extents(cr, s, &x);
	return x.x_advance;
}

static int
all_digits(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Where a box of width w at x is drawn: itself, or its mirror image. */
static double
mx(const struct ctx *c, double x, double w)
{
	return c->rtl ? PAGE_W - x - w : x;
}

/* ---- right to left: runs shaped by HarfBuzz */

/* Up to this many runs in a word (a web address in an Arabic sentence
 * has 2 or 3; the rest would join the last). */
#define MAX_RUNS	16

/* HarfBuzz's font for cairo's face f, from the FreeType face cairo
 * opened (the same file, the same glyph numbers), at the scale of the
 * font's units: sizes are applied when drawing, and the advances are not
 * hinted, as cairo's in a PDF. */
static hb_font_t *
hb_of(struct ctx *c, int f)
{
	cairo_scaled_font_t *sf;
	cairo_matrix_t m, ctm;
	cairo_font_options_t *fo;
	hb_face_t *face;
	FT_Face ft;

	if (c->hb[f])
		return c->hb[f];
	cairo_matrix_init_scale(&m, 12, 12);
	cairo_matrix_init_identity(&ctm);
	fo = cairo_font_options_create();
	sf = cairo_scaled_font_create(c->font[f], &m, &ctm, fo);
	cairo_font_options_destroy(fo);
	/* The face keeps a reference to the FT_Face: it outlives the lock. */
	if ((ft = cairo_ft_scaled_font_lock_face(sf)) != NULL) {
		face = hb_ft_face_create_referenced(ft);
		c->upem[f] = ft->units_per_EM ? ft->units_per_EM : 1000;
		cairo_ft_scaled_font_unlock_face(sf);
	} else {
		face = hb_face_get_empty();
		c->upem[f] = 1000;
	}
	cairo_scaled_font_destroy(sf);
	c->hb[f] = hb_font_create(face);
	hb_face_destroy(face);
	hb_ot_font_set_funcs(c->hb[f]);
	hb_font_set_scale(c->hb[f], c->upem[f], c->upem[f]);
	return c->hb[f];
}

/* The script of a run that is not Arabic: Cyrillic or Latin. */
static hb_script_t
run_script(const char *s, const bidi_run *r)
{
	if (r->arabic)
		return HB_SCRIPT_ARABIC;
	for (const char *p = s + r->off; p < s + r->off + r->len;) {
		uint32_t cp = utf8_next(&p);

		if (cp >= 0x400 && cp <= 0x52F)
			return HB_SCRIPT_CYRILLIC;
	}
	return HB_SCRIPT_LATIN;
}

/* Shapes the run r of the word s[0..n) in the current style (the letters
 * around the run give HarfBuzz its context); draws it with its left at x
 * on baseline y when draw.  Returns its width. */
static double
run_at(struct ctx *c, const char *s, size_t n, const bidi_run *r, int draw,
    double x, double y)
{
	int bold = c->cur->font == F_BOLD;
	int f = r->arabic ? (bold ? F_AR_BOLD : F_AR_REG) : c->cur->font;
	double size = style_size(c, c->cur), k, pen = 0;
	hb_font_t *font = hb_of(c, f);
	hb_buffer_t *b = hb_buffer_create();
	hb_glyph_info_t *gi;
	hb_glyph_position_t *gp;
	unsigned int ng;
	cairo_glyph_t *gl;

	k = size / c->upem[f];
	hb_buffer_add_utf8(b, s, (int)n, (unsigned int)r->off, (int)r->len);
	hb_buffer_set_direction(b, r->rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
	hb_buffer_set_script(b, run_script(s, r));
	hb_buffer_set_language(b, hb_language_from_string(c->p->lang ?
	    c->p->lang : "fr", -1));
	hb_shape(font, b, NULL, 0);
	gi = hb_buffer_get_glyph_infos(b, &ng);
	gp = hb_buffer_get_glyph_positions(b, &ng);
	gl = draw ? xmalloc((ng + 1) * sizeof *gl) : NULL;
	/* HarfBuzz gives the glyphs left to right as seen, either way. */
	for (unsigned int i = 0; i < ng; i++) {
		if (gl) {
			gl[i].index = gi[i].codepoint;
			gl[i].x = x + (pen + gp[i].x_offset) * k;
			gl[i].y = y - gp[i].y_offset * k;
		}
		pen += gp[i].x_advance;
	}
	if (gl) {
		cairo_set_font_face(c->cr, c->font[f]);
		cairo_set_font_size(c->cr, size);
		cairo_show_glyphs(c->cr, gl, (int)ng);
		free(gl);
		cairo_set_font_face(c->cr, c->font[c->cur->font]);
	}
	hb_buffer_destroy(b);
	return pen * k;
}

/* A word of a right-to-left paragraph: its runs side by side, as seen.
 * Returns its width; draws it from x on baseline y when draw. */
static double
word_rtl(struct ctx *c, const char *s, size_t n, int draw, double x,
    double y)
{
	bidi_run runs[MAX_RUNS];
	size_t nr = bidi_runs(s, n, 1, runs, MAX_RUNS);
	double w = 0;

	for (size_t i = 0; i < nr; i++)
		w += run_at(c, s, n, &runs[i], draw, x + w, y);
	return w;
}

/* The line breaker's measure (text.h): the current style, the way it is
 * drawn (shaped runs right to left, else cairo's text). */
static double
measure(void *arg, const char *s, size_t n, int link)
{
	struct ctx *c = arg;
	char small[256], *tmp;
	double w;

	(void)link;
	if (c->rtl)
		return word_rtl(c, s, n, 0, 0, 0);
	tmp = n < sizeof small ? small : xmalloc(n + 1);
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	w = width_of(c->cr, tmp);
	if (tmp != small)
		free(tmp);
	return w;
}

/* The width of s in style st, as drawn. */
static double
text_width(struct ctx *c, const struct style *st, const char *s)
{
	use(c, st);
	return c->rtl ? word_rtl(c, s, strlen(s), 0, 0, 0) : width_of(c->cr, s);
}

/* The text of the line whose first piece is *k, for the bidi algorithm,
 * and *k moved to the next line; 0 past the last piece.  Between the
 * groups of digits a line keeps together ("04 79 12 34 56", "39 49") goes
 * a no-break space, which the algorithm reads as a separator inside one
 * number (rule W4): right to left, the groups stay in their order. */
static int
line_text(const text_layout *l, const char *text, size_t *k, strbuf *out)
{
	size_t i = *k;

	if (i >= l->n)
		return 0;
	for (; i < l->n && l->p[i].line == l->p[*k].line; i++) {
		const text_piece *t = &l->p[i];

		strbuf_add(out, text + t->off, t->len);
		if (i + 1 >= l->n || l->p[i + 1].line != t->line)
			continue;
		if (t->join == TEXT_KEEP && t->len &&
		    isdigit((unsigned char)text[t->off + t->len - 1]) &&
		    isdigit((unsigned char)text[l->p[i + 1].off]))
			strbuf_puts(out, "\u00a0");
		else if (t->join == TEXT_SPACE || t->join == TEXT_KEEP)
			strbuf_putc(out, ' ');
	}
	*k = i;
	return 1;
}

/* Right to left: each line aligned on the right of the box [bx, bx + w).
 * The bidi algorithm runs on the whole line, so that a Latin name
 * followed by a comma or a full stop ("France Travail،", "39 49.") keeps
 * its words together, the punctuation on its left, which ordering
 * words (bidi_place_lines) cannot do; its runs are shaped and put side by
 * side.  A line that would then be wider than the box (its spaces taken
 * from the other font) has its words placed by bidi_place_lines. */
static void
lines_rtl(struct ctx *c, text_layout *l, const char *text, double bx,
    double w, double y, double lh, double base)
{
	strbuf line = STRBUF_INIT;
	bidi_run runs[MAX_RUNS * 4];
	size_t k = 0, nlines = l->n ? (size_t)l->p[l->n - 1].line + 1 : 0;
	unsigned char *wide = xcalloc(nlines + 1, 1);
	int any = 0;

	for (int i = 0; line_text(l, text, &k, &line); i++) {
		size_t nr = bidi_runs(line.s, line.len, 1, runs,
		    sizeof runs / sizeof *runs);
		double lw = 0, x, by = y + (double)i * lh + base;

		for (size_t r = 0; r < nr; r++)
			lw += run_at(c, line.s, line.len, &runs[r], 0, 0, 0);
		if (lw > w + 0.01)
			any = wide[i] = 1;
		x = bx + w - lw;
		for (size_t r = 0; !wide[i] && r < nr; r++)
			x += run_at(c, line.s, line.len, &runs[r], 1, x, by);
		strbuf_reset(&line);
	}
	strbuf_free(&line);
	if (any)
		bidi_place_lines(l, text, 0, NULL, NULL);
	for (size_t first = 0; any && first < l->n;) {
		size_t last = first;
		double right = 0;

		while (last < l->n && l->p[last].line == l->p[first].line) {
			if (l->p[last].x + l->p[last].w > right)
				right = l->p[last].x + l->p[last].w;
			last++;
		}
		for (size_t i = first; wide[l->p[first].line] && i < last; i++)
			word_rtl(c, text + l->p[i].off, l->p[i].len, 1,
			    bx + w - right + l->p[i].x,
			    y + (double)l->p[i].line * lh + base);
		first = last;
	}
	free(wide);
}

/* Text wrapped to width w, its first line's top at y: draws it when
 * c->draw, and returns its height either way. */
static double
text_at(struct ctx *c, const struct style *s, const char *text, double x,
    double y, double w)
{
	text_layout l = { 0 };
	strbuf line = STRBUF_INIT;
	cairo_font_extents_t fe;
	double lh = line_h(c, s);
	int overflow;

	use(c, s);
	text_pieces(&l, text, NULL, NULL);
	/* Overflow is no error on paper: text_wrap() has cut what was
	 * wider than the line (a long web address) at the margin. */
	int n = text_wrap(&l, text, w, measure, c, &overflow);
	if (c->draw) {
		cairo_font_extents(c->cr, &fe);
		/* Centre the font's box in the line box. */
		double base = (lh - (fe.ascent + fe.descent)) / 2 + fe.ascent;
		size_t k = 0;

		if (c->rtl)
			lines_rtl(c, &l, text, mx(c, x, w), w, y, lh, base);
		else
			for (int i = 0; text_next_line(&l, text, &k, &line);
			    i++) {
				cairo_move_to(c->cr, x, y + (double)i * lh + base);
				cairo_show_text(c->cr, line.s);
				strbuf_reset(&line);
			}
	}
	strbuf_free(&line);
	text_layout_free(&l);
	return (double)n * lh;
}

/* One pictogram glyph whose box is size x size at (x, y) top-left. */
static void
icon_at(struct ctx *c, uint32_t cp, double x, double y, double size,
    double r, double g, double b)
{
	char s[8];
	cairo_text_extents_t te;

	if (!c->draw)
		return;
	x = mx(c, x, size);
	s[utf8_encode(cp, s)] = '\0';
	cairo_set_font_face(c->cr, c->font[F_ICON]);
	cairo_set_font_size(c->cr, size * 0.9);
	cairo_set_source_rgb(c->cr, r, g, b);
	cairo_text_extents(c->cr, s, &te);
	/* Centre the glyph's ink in the box: FontAwesome glyphs have very
	 * different widths. */
	cairo_move_to(c->cr, x + (size - te.width) / 2 - te.x_bearing,
	    y + (size - te.height) / 2 - te.y_bearing);
	cairo_show_text(c->cr, s);
}

/* ---------------------------------------------------------------- QR */

/* The run of dark modules through module (r, k) of q, along its row
 * (dr = 0, dc = 1) or its column (dr = 1, dc = 0), as long as it goes:
 * its first module in *r0, *k0; returns its length. */
static int
dark_run(const qr *q, int r, int k, int dr, int dc, int *r0, int *k0)
{
	int w = q->width, n = 1;

	while (r - dr >= 0 && k - dc >= 0 && q->dark[(r - dr) * w + k - dc]) {
		r -= dr;
		k -= dc;
	}
	*r0 = r;
	*k0 = k;
	while (r + n * dr < w && k + n * dc < w &&
	    q->dark[(r + n * dr) * w + k + n * dc])
		n++;
	return n;
}

/* The dark modules of q in module units (a module is 1 x 1, the symbol
 * w x w), as a recording, which cairo writes into the PDF as a form (XObject).
 *
 * Writing numbers is most of what cairo spends on a sheet (one number is
 * a snprintf), so the code is drawn with as few as can be: every dark
 * module is covered by a run along its row or its column, drawn as a line
 * one module wide with butt ends, all the runs of a code stroked as one
 * path.  A run is 2 points where a rectangle was 4, and the coordinates
 * are small integers and halves instead of page positions.  For each
 * module not yet covered, the longer of its row's and its column's run is
 * taken (an exact minimum cover would save 4 % more); runs may overlap,
 * the ink is the same. */
static cairo_surface_t *
qr_form(const qr *q)
{
	int w = q->width;
	cairo_rectangle_t ext = { 0, 0, w, w };
	cairo_surface_t *rs;
	cairo_t *cr;
	unsigned char *done = xcalloc((size_t)w * (size_t)w, 1);

	rs = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
	cr = cairo_create(rs);
	for (int r = 0; r < w; r++)
		for (int k = 0; k < w; k++) {
			int hr, hk, vr, vk, hn, vn;

			if (!q->dark[r * w + k] || done[r * w + k])
				continue;
			hn = dark_run(q, r, k, 0, 1, &hr, &hk);
			vn = dark_run(q, r, k, 1, 0, &vr, &vk);
			if (hn >= vn) {
				memset(done + hr * w + hk, 1, (size_t)hn);
				cairo_move_to(cr, hk, hr + 0.5);
				cairo_line_to(cr, hk + hn, hr + 0.5);
			} else {
				for (int i = 0; i < vn; i++)
					done[(vr + i) * w + vk] = 1;
				cairo_move_to(cr, vk + 0.5, vr);
				cairo_line_to(cr, vk + 0.5, vr + vn);
			}
		}
	free(done);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 1);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_stroke(cr);
	cairo_destroy(cr);
	return rs;
}

/* Draws code k with its symbol (quiet zone excluded) of side `side` at
 * (x, y), on a white square that includes the quiet zone.  Right to
 * left, the square goes to the mirrored place, the code is not mirrored
 * (a phone would not read it). */
static void
qr_at(struct ctx *c, struct code *k, double x, double y, double side)
{
	double m = side / k->q.width, quiet = QR_QUIET * m;

	if (!c->draw)
		return;
	x = mx(c, x, side);
	cairo_set_source_rgb(c->cr, WHITE);
	cairo_rectangle(c->cr, x - quiet, y - quiet, side + 2 * quiet,
	    side + 2 * quiet);
	cairo_fill(c->cr);
	if (k->form == NULL)
		k->form = qr_form(&k->q);
	cairo_save(c->cr);
	cairo_translate(c->cr, x, y);
	cairo_scale(c->cr, m, m);
	cairo_set_source_surface(c->cr, k->form, 0, 0);
	cairo_paint(c->cr);
	cairo_restore(c->cr);
}

/* The code of payload in c->codes (made if new): its index in *idx. */
static int
code_get(struct ctx *c, const char *payload, size_t *idx, err_t *e)
{
	struct code *k;

	for (*idx = 0; *idx < c->ncodes; (*idx)++)
		if (strcmp(c->codes[*idx].payload, payload) == 0)
			return 0;
	c->codes = xrealloc(c->codes, (c->ncodes + 1) * sizeof *c->codes);
	k = &c->codes[c->ncodes];
	memset(k, 0, sizeof *k);
	if (qr_make(payload, &k->q, e) != 0)
		return -1;
	k->payload = xstrdup(payload);
	c->ncodes++;
	return 0;
}

/* The quiet zone around q drawn with a symbol of side `side`: it depends
 * on the module size, hence on the QR version the payload needed. */
static double
qr_quiet(const qr *q, double side)
{
	return QR_QUIET * side / q->width;
}

/* ---------------------------------------------------------------- dates */

/* Today, or SOURCE_DATE_EPOCH when set (reproducible output for tests
 * and packaging, as that convention intends). */
static time_t
sheet_now(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;

	if (s && *s) {
		long long v = strtoll(s, &end, 10);

		if (*end == '\0' && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

/* ---------------------------------------------------------------- styles */

static const struct style st_msd = { F_BOLD, 24, 1.2, 0, BLUE };
static const struct style st_info = { F_REG, 13, 1.35, 0, INK };
static const struct style st_intro = { F_REG, 14, 1.35, 0, INK };
static const struct style st_date = { F_REG, 11, 1.3, 0, GREY };
static const struct style st_run = { F_BOLD, 11, 1.3, 0, BLUE };
static const struct style st_foot = { F_REG, 11, 1.3, 0, GREY };
static const struct style st_band = { F_BOLD, 19, 1.25, 0, WHITE };
static const struct style st_tsum = { F_REG, 13, 1.35, 0, INK };
static const struct style st_otitle = { F_BOLD, 16, 1.25, 0, BLUE };
static const struct style st_otext = { F_REG, 13, 1.35, 0, INK };
/* Poster: multiplied by ctx.scale (1 down to 0.75) to fit one page. */
static const struct style st_pmsd = { F_BOLD, 18, 1.2, 0, BLUE };
static const struct style st_ptheme = { F_BOLD, 17, 1.3, 1, BLUE };
static const struct style st_ptitle = { F_BOLD, 32, 1.15, 1, BLUE };
static const struct style st_psum = { F_REG, 19, 1.35, 1, INK };
static const struct style st_psub = { F_BOLD, 17, 1.3, 1, BLUE };
static const struct style st_ptext = { F_REG, 15, 1.4, 1, INK };
static const struct style st_pqr = { F_BOLD, 18, 1.3, 1, BLUE };

/* ---------------------------------------------------------------- headers */

/* A line "icon + text" (address, phone, hours) when text is not empty:
 * an unknown field shows nothing, never an empty label. */
static double
info_line(struct ctx *c, const struct style *s, uint32_t icon,
    const char *text, double y)
{
	double sz = style_size(c, s), lh = line_h(c, s);

	if (text == NULL || text[0] == '\0')
		return 0;
	icon_at(c, icon, MARGIN, y + (lh - sz) / 2, sz, BLUE);
	return text_at(c, s, text, MARGIN + sz * 1.6, y, CONTENT_W - sz * 1.6);
}

static void
rule(struct ctx *c, double y, double width, double r, double g, double b)
{
	if (!c->draw)
		return;
	cairo_set_source_rgb(c->cr, r, g, b);
	cairo_set_line_width(c->cr, width);
	cairo_move_to(c->cr, MARGIN, y);
	cairo_line_to(c->cr, PAGE_W - MARGIN, y);
	cairo_stroke(c->cr);
}

/* Page 1's header: the MSD and how to reach it, what this sheet is, the
 * date.  Returns where the content starts. */
static double
header_first(struct ctx *c)
{
	double y = MARGIN;
	const pack_msd *m = c->msd;

	y += text_at(c, c->poster ? &st_pmsd : &st_msd, m->name, MARGIN, y,
	    CONTENT_W);
	y += 2 * MM;
	y += info_line(c, &st_info, FA_MAP, m->address, y);
	y += info_line(c, &st_info, FA_PHONE, m->phone, y);
	if (!c->poster)
		y += info_line(c, &st_info, FA_CLOCK, m->hours, y);
	y += 1 * MM;
	y += text_at(c, &st_date, c->today, MARGIN, y, CONTENT_W);
	y += 2 * MM;
	rule(c, y, 2, BLUE);
	y += 4 * MM;
	if (!c->poster) {
		y += text_at(c, &st_intro, sheet_word(c, "sheet.intro",
		    "Voici des aides près de chez vous. Pour en savoir plus "
		    "sur une aide, scannez son code avec l'appareil photo de "
		    "votre téléphone."), MARGIN, y, CONTENT_W);
		y += 5 * MM;
	}
	return y;
}

/* Pages 2 and after: the MSD's name, so that a loose page still says
 * where it comes from. */
static double
header_running(struct ctx *c)
{
	double y = MARGIN;

	y += text_at(c, &st_run, c->msd->name, MARGIN, y, CONTENT_W);
	y += 1.5 * MM;
	rule(c, y, 1, BLUE);
	return y + 5 * MM;
}

static void
footer(struct ctx *c, int page)
{
	char left[256], right[128], v[32], n[16], total[16];
	double y = FOOTER_TOP + 2 * MM;

	rule(c, FOOTER_TOP, 0.7, FRAME);
	snprintf(v, sizeof v, "%ld", c->p->version);
	snprintf(n, sizeof n, "%d", page);
	snprintf(total, sizeof total, "%d", c->npages);
	sheet_wordf(c, "sheet.pied", "Écrit le {date} · Version {version} du "
	    "contenu", left, sizeof left, "date", c->checked, "version", v,
	    NULL);
	sheet_wordf(c, "sheet.page", "Page {n} sur {total}", right,
	    sizeof right, "n", n, "total", total, NULL);
	text_at(c, &st_foot, left, MARGIN, y, CONTENT_W * 0.7);
	double w = text_width(c, &st_foot, right);

	text_at(c, &st_foot, right, PAGE_W - MARGIN - w - 1, y, w + 2);
}

/* ---------------------------------------------------------------- pieces */

#define BAND_PAD	(2.5 * MM)

/* A theme's band: pictogram and title in white on blue; with its summary
 * below unless it is the heading repeated on a new page ("…, suite"). */
static double
piece_theme(struct ctx *c, const pack_theme *t, double y, int cont)
{
	const struct style *s = &st_band;
	char title[512];
	double isz = style_size(c, s) * 1.3, tx = MARGIN + BAND_PAD + isz + 3 * MM;
	double h, th;

	if (cont)
		sheet_wordf(c, "sheet.suite", "{titre}, suite", title,
		    sizeof title, "titre", t->title, NULL);
	else
		snprintf(title, sizeof title, "%s", t->title);
	int saved = c->draw;
	c->draw = 0;
	th = text_at(c, s, title, tx, 0, PAGE_W - MARGIN - BAND_PAD - tx);
	c->draw = saved;
	h = (th > isz ? th : isz) + 2 * BAND_PAD;
	if (c->draw) {
		cairo_set_source_rgb(c->cr, BLUE);
		cairo_rectangle(c->cr, MARGIN, y, CONTENT_W, h);
		cairo_fill(c->cr);
	}
	icon_at(c, pack_picto_cp(c->p, t->picto), MARGIN + BAND_PAD,
	    y + (h - isz) / 2, isz, WHITE);
	text_at(c, s, title, tx, y + (h - th) / 2,
	    PAGE_W - MARGIN - BAND_PAD - tx);
	if (cont || t->summary[0] == '\0')
		return h;
	h += 2 * MM;
	h += text_at(c, &st_tsum, t->summary, MARGIN, y + h, CONTENT_W);
	return h;
}

#define BLOCK_PAD	(3.5 * MM)

/* An offer: title, summary and contact on the left, the QR code on the
 * right inside a thin frame.  The frame stays outside the QR code's quiet
 * zone, and blocks are spaced so that a phone sees one code at a time. */
static double
piece_offer(struct ctx *c, const struct piece *pc, double y)
{
	const pack_offer *o = pc->offer;
	struct code *k = &c->codes[pc->code];
	double side = k->q.width * QR_MODULE_MIN > QR_SHEET ?
	    k->q.width * QR_MODULE_MIN : QR_SHEET;
	double quiet = qr_quiet(&k->q, side);
	double qbox = side + 2 * quiet;
	double qx = PAGE_W - MARGIN - 0.3 * MM - qbox;	/* quiet zone box */
	double tx = MARGIN + BLOCK_PAD, tw = qx - 3 * MM - tx;
	double ty = y + BLOCK_PAD, th = 0;

	th += text_at(c, &st_otitle, o->title, tx, ty + th, tw);
	th += 1.5 * MM;
	th += text_at(c, &st_otext, o->summary, tx, ty + th, tw);
	if (o->contact[0]) {
		double sz = style_size(c, &st_otext);

		th += 1.5 * MM;
		icon_at(c, FA_PHONE, tx, ty + th + (line_h(c, &st_otext) - sz) / 2,
		    sz, BLUE);
		th += text_at(c, &st_otext, o->contact, tx + sz * 1.5, ty + th,
		    tw - sz * 1.5);
	}
	th += 2 * BLOCK_PAD;

	double qh = qbox + 0.6 * MM;
	double h = th > qh ? th : qh;

	if (c->draw) {
		cairo_set_source_rgb(c->cr, FRAME);
		cairo_set_line_width(c->cr, 1);
		cairo_rectangle(c->cr, MARGIN, y, CONTENT_W, h);
		cairo_stroke(c->cr);
	}
	qr_at(c, k, qx + quiet, y + (h - qbox) / 2 + quiet, side);
	return h;
}

/* The poster's top: theme line, big title, summary. */
static double
piece_poster_title(struct ctx *c, const pack_offer *o, double y)
{
	const pack_theme *t = pack_theme_find(c->p, o->theme);
	double h = 0;

	if (t) {
		double sz = style_size(c, &st_ptheme), lh = line_h(c, &st_ptheme);

		icon_at(c, pack_picto_cp(c->p, o->picto), MARGIN,
		    y + (lh - sz * 1.2) / 2, sz * 1.2, BLUE);
		h += text_at(c, &st_ptheme, t->title, MARGIN + sz * 1.8, y,
		    CONTENT_W - sz * 1.8);
		h += 3 * MM;
	}
	h += text_at(c, &st_ptitle, o->title, MARGIN, y + h, CONTENT_W);
	h += 4 * MM;
	h += text_at(c, &st_psum, o->summary, MARGIN, y + h, CONTENT_W);
	return h;
}

/* "Pour qui ?" and its answer, with a pictogram in the margin. */
static double
piece_section(struct ctx *c, uint32_t icon, const char *label,
    const char *text, double y)
{
	double sz = style_size(c, &st_psub) * 1.2, ind = sz + 3 * MM;
	double h = 0;

	icon_at(c, icon, MARGIN, y + (line_h(c, &st_psub) - sz) / 2, sz, BLUE);
	h += text_at(c, &st_psub, label, MARGIN + ind, y, CONTENT_W - ind);
	h += 1 * MM;
	h += text_at(c, &st_ptext, text, MARGIN + ind, y + h, CONTENT_W - ind);
	return h;
}

/* A block of the offer's longer text: paragraph, subtitle or list item,
 * in the same column as the sections' text. */
static double
piece_block(struct ctx *c, const block *b, double y)
{
	double ind = style_size(c, &st_psub) * 1.2 + 3 * MM;

	switch (b->kind) {
	case BLOCK_TITLE:
		return text_at(c, &st_psub, b->text, MARGIN + ind, y,
		    CONTENT_W - ind);
	case BLOCK_ITEM: {
		double bw = style_size(c, &st_ptext) * 1.1;

		text_at(c, &st_ptext, "•", MARGIN + ind, y, bw);
		return text_at(c, &st_ptext, b->text, MARGIN + ind + bw, y,
		    CONTENT_W - ind - bw);
	}
	case BLOCK_PARA:
	default:
		return text_at(c, &st_ptext, b->text, MARGIN + ind, y,
		    CONTENT_W - ind);
	}
}

/* Space after a piece, before the next one. */
static double
piece_gap(const struct ctx *c, const struct piece *pc)
{
	switch (pc->kind) {
	case P_THEME:
		return 3 * MM;
	case P_OFFER:
		return GAP;
	case P_POSTER_TITLE:
		return 6 * MM * c->scale;
	case P_SECTION:
		/* A subtitle alone ("En savoir plus") sits on its text. */
		return (pc->text[0] ? 4 : 1.5) * MM * c->scale;
	case P_BLOCK:
	default:
		return (pc->blk && pc->blk->kind == BLOCK_TITLE ? 1.5 : 2.5) *
		    MM * c->scale;
	}
}

/* Draws (or measures) one piece at y; returns its height. */
static double
piece_run(struct ctx *c, const struct piece *pc, double y)
{
	switch (pc->kind) {
	case P_THEME:
		return piece_theme(c, pc->theme, y, 0);
	case P_OFFER:
		return piece_offer(c, pc, y);
	case P_POSTER_TITLE:
		return piece_poster_title(c, pc->offer, y);
	case P_SECTION:
		return piece_section(c, pc->icon, pc->label, pc->text, y);
	case P_BLOCK:
	default:
		return piece_block(c, pc->blk, y);
	}
}

static struct piece *
piece_add(struct ctx *c, enum piece_kind kind)
{
	c->pc = xrealloc(c->pc, (c->npc + 1) * sizeof *c->pc);
	struct piece *pc = &c->pc[c->npc++];

	memset(pc, 0, sizeof *pc);
	pc->kind = kind;
	return pc;
}

/* ---------------------------------------------------------------- layout */

/* The poster's QR code: at the bottom of page 1, with what it does. */
static double
poster_qr_box(const struct ctx *c)
{
	double quiet = qr_quiet(&c->codes[c->poster_code].q, QR_POSTER);

	return QR_POSTER + 2 * quiet;
}

/* Where content may go on page `page`: [top, bottom). */
static double
page_bottom(const struct ctx *c, int page)
{
	if (c->poster && page == 1)
		return FOOTER_TOP - 2 * MM - poster_qr_box(c) - 4 * MM;
	return FOOTER_TOP - 2 * MM;
}

static double
page_top(struct ctx *c, int page)
{
	int saved = c->draw;
	double y;

	c->draw = 0;
	y = page == 1 ? header_first(c) : header_running(c);
	c->draw = saved;
	return y;
}

/* The theme a piece belongs to (for the heading repeated on a new page). */
static const pack_theme *
piece_theme_of(const struct ctx *c, const struct piece *pc)
{
	if (pc->kind == P_OFFER)
		return pack_theme_find(c->p, pc->offer->theme);
	return NULL;
}

/* Places every piece: page and y.  A piece goes to the next page when it
 * does not fit; a heading goes with the piece after it. */
static void
layout(struct ctx *c)
{
	int page = 1;
	double top = page_top(c, 1), y = top, bottom = page_bottom(c, 1);
	double *h = xmalloc((c->npc + 1) * sizeof *h);

	c->draw = 0;
	for (size_t i = 0; i < c->npc; i++)
		h[i] = piece_run(c, &c->pc[i], 0);
	for (size_t i = 0; i < c->npc; i++) {
		struct piece *pc = &c->pc[i];
		double need = h[i];

		if (pc->keep_next && i + 1 < c->npc)
			need += piece_gap(c, pc) + h[i + 1];
		pc->cont = NULL;
		if (y + need > bottom && y > top) {
			page++;
			top = y = page_top(c, page);
			bottom = page_bottom(c, page);
			if ((pc->cont = piece_theme_of(c, pc)) != NULL)
				y += piece_theme(c, pc->cont, 0, 1) + 3 * MM;
		}
		pc->page = page;
		pc->y = y;
		y += h[i] + piece_gap(c, pc);
	}
	c->npages = page;
	free(h);
}

/* A tel: number as people write it: "+33479123456" -> "04 79 12 34 56",
 * "3949" -> "39 49"; anything else as it is. */
static void
phone_fr(const char *tel, char *out, size_t n)
{
	char d[16];
	size_t k = 0;

	if (strncmp(tel, "+33", 3) == 0 && strlen(tel) == 12 &&
	    all_digits(tel + 3, 9)) {
		d[k++] = '0';
		memcpy(d + k, tel + 3, 9);
		k += 9;
	} else if (all_digits(tel, strlen(tel)) &&
	    (strlen(tel) == 10 || strlen(tel) == 4)) {
		k = strlen(tel);
		memcpy(d, tel, k);
	} else {
		snprintf(out, n, "%s", tel);
		return;
	}
	strbuf b = STRBUF_INIT;

	for (size_t i = 0; i < k; i += 2)
		strbuf_printf(&b, "%s%.2s", i ? " " : "", d + i);
	snprintf(out, n, "%s", b.s);
	strbuf_free(&b);
}

/* The poster's QR code at the bottom of page 1, with a caption saying
 * what scanning does (and the address or number, for those who cannot
 * scan). */
static void
poster_qr(struct ctx *c)
{
	char url[256];
	const char *q = portal_qr(c->p->portal_url, c->msd->code, c->poster,
	    url, sizeof url);
	double box = poster_qr_box(c), quiet = (box - QR_POSTER) / 2;
	double y = FOOTER_TOP - 2 * MM - box, x = MARGIN - quiet + 1 * MM;
	double tx = x + box + 4 * MM, tw = PAGE_W - MARGIN - tx, h = 0;
	char what[600];

	qr_at(c, &c->codes[c->poster_code], x + quiet, y + quiet, QR_POSTER);
	if (q == url)
		sheet_wordf(c, "sheet.qr.aide", "Le code ouvre cette aide sur "
		    "votre téléphone: {adresse}", what, sizeof what, "adresse",
		    q + (strncmp(q, "https://", 8) == 0 ? 8 : 7), NULL);
	else if (strncmp(q, "tel:", 4) == 0) {
		char num[64];

		phone_fr(q + 4, num, sizeof num);
		sheet_wordf(c, "sheet.qr.appel", "Le code appelle le {numero}.",
		    what, sizeof what, "numero", num, NULL);
	}
	else if (strncmp(q, "https://", 8) == 0)
		sheet_wordf(c, "sheet.qr.site", "Le code ouvre le site {adresse}",
		    what, sizeof what, "adresse", q + 8, NULL);
	else
		snprintf(what, sizeof what, "%s", q);
	double saved = c->scale;

	c->scale = 1;	/* the caption keeps its size */
	h += text_at(c, &st_pqr, sheet_word(c, "sheet.qr.titre",
	    "Avec votre téléphone"), tx, y + quiet, tw);
	h += 2 * MM;
	h += text_at(c, &st_ptext, sheet_word(c, "sheet.qr.consigne",
	    "Scannez ce code avec l'appareil photo de votre téléphone."), tx,
	    y + quiet + h, tw);
	h += 2 * MM;
	text_at(c, &st_ptext, what, tx, y + quiet + h, tw);
	c->scale = saved;
}

static void
render(struct ctx *c)
{
	size_t i = 0;

	c->draw = 1;
	for (int page = 1; page <= c->npages; page++) {
		if (page == 1)
			header_first(c);
		else
			header_running(c);
		for (; i < c->npc && c->pc[i].page == page; i++) {
			struct piece *pc = &c->pc[i];

			if (pc->cont) {
				double top = page_top(c, page);

				piece_theme(c, pc->cont, top, 1);
			}
			piece_run(c, pc, pc->y);
		}
		if (c->poster && page == 1)
			poster_qr(c);
		footer(c, page);
		cairo_show_page(c->cr);
	}
}

/* ---------------------------------------------------------------- content */

static void
note_checked(const pack_offer *o, const char **oldest)
{
	if (o->reviewed_on[0] &&
	    (*oldest == NULL || strcmp(o->reviewed_on, *oldest) < 0))
		*oldest = o->reviewed_on;
}

/* The MSD sheet's pieces: each theme (in the pack's order) that has
 * offers at this MSD, then those offers, each with its QR code. */
static int
pieces_sheet(struct ctx *c, const char *theme_only, const char **oldest,
    err_t *e)
{
	char url[256];

	for (size_t t = 0; t < c->p->nthemes; t++) {
		const pack_theme *th = &c->p->themes[t];
		int any = 0;

		if (theme_only && strcmp(th->id, theme_only) != 0)
			continue;
		for (size_t i = 0; i < c->p->noffers; i++) {
			const pack_offer *o = &c->p->offers[i];

			if (strcmp(o->theme, th->id) != 0 ||
			    !pack_offer_at(o, c->msd->code))
				continue;
			if (!any) {
				struct piece *h = piece_add(c, P_THEME);

				h->theme = th;
				h->keep_next = 1;
				any = 1;
			}
			struct piece *pc = piece_add(c, P_OFFER);

			pc->offer = o;
			if (code_get(c, portal_qr(c->p->portal_url,
			    c->msd->code, o, url, sizeof url), &pc->code, e) != 0)
				return err_prefix(e, "offer %s: ", o->id);
			note_checked(o, oldest);
		}
	}
	return 0;
}

/* A section, unless its text is empty (an unknown contact shows
 * nothing); with always, a subtitle alone (kept with what follows). */
static void
section_add(struct ctx *c, uint32_t icon, const char *label, const char *text,
    int always)
{
	struct piece *pc;

	if (text[0] == '\0' && !always)
		return;
	pc = piece_add(c, P_SECTION);
	pc->icon = icon;
	pc->label = label;
	pc->text = text;
}

static void
pieces_poster(struct ctx *c, const block *b, size_t nb)
{
	const pack_offer *o = c->poster;

	piece_add(c, P_POSTER_TITLE)->offer = o;
	/* The screen's words for the sections (labels.h: their French). */
	section_add(c, FA_USER, sheet_word(c, "offre.pour-qui", LABEL_FOR_WHOM),
	    o->for_whom, 0);
	section_add(c, FA_EURO, sheet_word(c, "offre.cout", LABEL_COST),
	    o->cost, 0);
	section_add(c, FA_CHECK, sheet_word(c, "offre.comment", LABEL_HOW),
	    o->how, 0);
	section_add(c, FA_PHONE, sheet_word(c, "offre.contact", LABEL_CONTACT),
	    o->contact, 0);
	if (nb > 0)
		section_add(c, FA_INFO, sheet_word(c, "sheet.en-savoir-plus",
		    LABEL_MORE), "", 1);
	for (size_t i = 0; i < nb; i++) {
		struct piece *pc = piece_add(c, P_BLOCK);

		pc->blk = &b[i];
		pc->keep_next = b[i].kind == BLOCK_TITLE;
	}
	/* "En savoir plus" has no text of its own: show it as a subtitle
	 * block kept with the text that follows. */
	for (size_t i = 0; i < c->npc; i++)
		if (c->pc[i].kind == P_SECTION && c->pc[i].text[0] == '\0')
			c->pc[i].keep_next = 1;
}

/* ---------------------------------------------------------------- checks */

static void
list_msds(const pack *p, strbuf *b)
{
	for (size_t i = 0; i < p->nmsds; i++)
		strbuf_printf(b, "%s%s", i ? ", " : "", p->msds[i].code);
}

/* The themes that have offers at msd. */
static void
list_themes(const pack *p, const char *msd, strbuf *b)
{
	int n = 0;

	for (size_t t = 0; t < p->nthemes; t++)
		for (size_t i = 0; i < p->noffers; i++)
			if (strcmp(p->offers[i].theme, p->themes[t].id) == 0 &&
			    pack_offer_at(&p->offers[i], msd)) {
				strbuf_printf(b, "%s%s", n++ ? ", " : "",
				    p->themes[t].id);
				break;
			}
}

/* Offer ids at msd that share the part before the first '-' with id:
 * "wimoov" → "wimoov-diagnostic, wimoov-pret". */
static void
list_offers_like(const pack *p, const char *msd, const char *id, strbuf *b)
{
	size_t k = strcspn(id, "-");
	int n = 0;

	for (size_t i = 0; i < p->noffers && n < 8; i++) {
		const pack_offer *o = &p->offers[i];

		if (k > 0 && strncmp(o->id, id, k) == 0 &&
		    (o->id[k] == '-' || o->id[k] == '\0') &&
		    pack_offer_at(o, msd))
			strbuf_printf(b, "%s%s", n++ ? ", " : "", o->id);
	}
}

/* Bad input, with a message that names the value and the valid ones. */
static int
check(const pack *p, const struct sheet_opts *o, err_t *e)
{
	strbuf b = STRBUF_INIT;
	int rc = -1;

	if (o->msd == NULL || o->msd[0] == '\0' ||
	    pack_msd_find(p, o->msd) == NULL) {
		list_msds(p, &b);
		err_set(e, "unknown MSD '%s': the MSD codes are %s",
		    o->msd ? o->msd : "", strbuf_str(&b));
	} else if (o->theme && o->offer) {
		err_set(e, "choose --theme or --offer, not both");
	} else if (o->theme && pack_theme_find(p, o->theme) == NULL) {
		list_themes(p, o->msd, &b);
		err_set(e, "unknown theme '%s': the themes at MSD %s are %s",
		    o->theme, o->msd, strbuf_str(&b));
	} else if (o->offer && pack_offer_find(p, o->offer) == NULL) {
		list_offers_like(p, o->msd, o->offer, &b);
		err_set(e, "unknown offer '%s'%s%s (an offer id is the first "
		    "column of offers.csv)", o->offer,
		    b.len ? ": did you mean " : "", strbuf_str(&b));
	} else if (o->offer &&
	    !pack_offer_at(pack_offer_find(p, o->offer), o->msd)) {
		err_set(e, "the offer '%s' does not exist at MSD %s: its "
		    "poster would send people to the wrong place", o->offer,
		    o->msd);
	} else {
		int n = 0;

		for (size_t i = 0; i < p->noffers; i++)
			if (pack_offer_at(&p->offers[i], o->msd) &&
			    (o->theme == NULL ||
			    strcmp(p->offers[i].theme, o->theme) == 0))
				n++;
		if (n > 0 || o->offer)
			rc = 0;
		else if (o->theme) {
			list_themes(p, o->msd, &b);
			err_set(e, "the theme '%s' has no offer at MSD %s: the "
			    "themes there are %s", o->theme, o->msd,
			    strbuf_str(&b));
		} else
			err_set(e, "the content pack %s has no offer at MSD %s",
			    p->path, o->msd);
	}
	strbuf_free(&b);
	return rc;
}

/* ---------------------------------------------------------------- write */

static cairo_status_t
write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

static void
metadata(cairo_surface_t *s, const struct ctx *c, time_t now)
{
	char title[512], date[32];
	struct tm tm;

	if (c->poster)
		snprintf(title, sizeof title, "%s - %s", c->poster->title,
		    c->msd->name);
	else
		sheet_wordf(c, "sheet.titre", "Des aides près de chez vous - "
		    "{msd}", title, sizeof title, "msd", c->msd->name, NULL);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
	    "msd-kiosk sheet");
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
}

/* The pieces of the sheet or poster, with their QR codes: everything
 * that can fail before the output file is created. */
static int
pieces_make(struct ctx *c, const struct sheet_opts *o, err_t *e)
{
	const char *oldest = NULL;

	if (c->poster) {
		char url[256];

		if (code_get(c, portal_qr(c->p->portal_url, c->msd->code,
		    c->poster, url, sizeof url), &c->poster_code, e) != 0)
			return err_prefix(e, "offer %s: ", c->poster->id);
		c->nblk = markup_parse(c->poster->body, &c->blk);
		pieces_poster(c, c->blk, c->nblk);
		note_checked(c->poster, &oldest);
	} else if (pieces_sheet(c, o->theme, &oldest, e) != 0)
		return -1;
	int y, m, d;

	if (oldest && time_parse_date(oldest, &y, &m, &d) == 0)
		sheet_day(c, y, m, d, c->checked, sizeof c->checked);
	else
		snprintf(c->checked, sizeof c->checked, "%s", oldest ? oldest :
		    "");
	return 0;
}

/* Lays out and draws every page. */
static void
draw_all(struct ctx *c)
{
	/* The poster is one page when it can be: its text (not its QR code)
	 * takes the largest size that fits, down to 75 % where the body is
	 * still 11 pt; below that it goes on to a second page. */
	c->scale = 1.0;
	layout(c);
	if (c->poster && c->npages > 1) {
		double lo = 0.75, hi = 1.0;

		for (int i = 0; i < 8; i++) {
			c->scale = (lo + hi) / 2;
			layout(c);
			if (c->npages == 1)
				lo = c->scale;
			else
				hi = c->scale;
		}
		c->scale = lo;
		layout(c);
	}
	render(c);
}

static void
ctx_free(struct ctx *c)
{
	for (size_t i = 0; i < c->ncodes; i++) {
		free(c->codes[i].payload);
		qr_free(&c->codes[i].q);
		if (c->codes[i].form)
			cairo_surface_destroy(c->codes[i].form);
	}
	free(c->codes);
	free(c->pc);
	markup_free(c->blk, c->nblk);
	fonts_free(c);
}

int
sheet_write(const pack *p, const struct sheet_opts *o, const char *out,
    err_t *e)
{
	struct ctx c;
	char tmp[PATH_MAX];
	FILE *f = NULL;
	cairo_surface_t *s = NULL;
	cairo_status_t st;
	time_t now = sheet_now();
	struct tm tm;
	struct stat sb;
	char day[48];
	int rc = -1;

	if (check(p, o, e) != 0 || sheet_cairo_load(e) != 0)
		return -1;
	if (stat(out, &sb) == 0 && S_ISDIR(sb.st_mode))
		return err_set(e, "%s is a directory: give the name of the PDF "
		    "file to write, such as %s/offres.pdf", out, out);
	memset(&c, 0, sizeof c);
	c.p = p;
	c.msd = pack_msd_find(p, o->msd);
	c.poster = o->offer ? pack_offer_find(p, o->offer) : NULL;
	c.scale = 1.0;
	c.rtl = i18n_rtl_code(p->lang);
	localtime_r(&now, &tm);
	sheet_day(&c, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, day,
	    sizeof day);
	sheet_wordf(&c, "sheet.imprime-le", "Imprimé le {date}", c.today,
	    sizeof c.today, "date", day, NULL);
	if (fonts_load(&c, e) != 0 || pieces_make(&c, o, e) != 0)
		goto out;
	if ((f = fs_atomic_open(out, tmp, sizeof tmp, 0644, e)) == NULL)
		goto out;
	s = cairo_pdf_surface_create_for_stream(write_cb, f, PAGE_W, PAGE_H);
	metadata(s, &c, now);
	c.cr = cairo_create(s);
	draw_all(&c);
	st = cairo_status(c.cr);
	cairo_destroy(c.cr);
	cairo_surface_finish(s);	/* writes the rest of the file */
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		err_set(e, "cannot write %s: %s", out,
		    cairo_status_to_string(st));
		fs_atomic_abort(f, tmp);
		goto out;
	}
	rc = fs_atomic_commit(f, tmp, out, e);
out:
	ctx_free(&c);
	return rc;
}
