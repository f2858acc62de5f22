/*
 * parts.c - the pieces every page is built of (see parts.h).
 */
#include "screens/parts.h"
#include "content/i18n.h"
#include "content/markup.h"
#include "timeutil.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

uint32_t
picto(const struct app *a, const char *name)
{
	return pack_picto_cp(a->pack, name);
}

/* A pictogram beside a title, wrapped; as the next box of the column. */
void
title_row(ui_ctx *c, const char *id, uint32_t cp, const char *text,
    int size)
{
	ui_style *st = ui_get_style(c);
	int is = size * 3 / 2;
	int tw = imin(ui_width(c) - is - st->gap, st->line);
	/* A long word in a narrow column: a smaller title, not a clipped
	 * one (never under the body size). */
	while (size > st->body && !ui_text_fits(c, text, UI_BOLD, size, tw))
		size = imax(st->body, size * 5 / 6);
	int th = ui_text_height(c, text, UI_BOLD, size, tw);
	ui_rect r = ui_next(c, imax(is, th));

	ui_icon(c, (ui_rect){ r.x, r.y + (r.h - is) / 2, is, is }, cp, size,
	    st->accent);
	ui_label(c, id, (ui_rect){ r.x + is + st->gap, r.y + (r.h - th) / 2,
	    tw, th }, text, UI_BOLD, size, st->text);
}

/* The page text (markup.h): subtitles, paragraphs, list items.
 * Returns the glossary entry touched, -1 if none. */
int
blocks(ui_ctx *c, const char *idp, const char *body)
{
	ui_style *st = ui_get_style(c);
	block *b;
	size_t n = markup_parse(body, &b);
	int tapped = -1, t;
	char id[32];

	ui_push_id(c, idp);
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%zu", i);
		switch (b[i].kind) {
		case BLOCK_TITLE:
			ui_space(c, st->gap);
			ui_text(c, id, b[i].text, UI_BOLD, st->label, st->accent,
			    0, 0);
			break;
		case BLOCK_ITEM: {
			int ind = st->body * 3 / 2;
			t = ui_text(c, id, b[i].text, UI_REGULAR, st->body,
			    st->text, ind, 1);
			if (t >= 0)
				tapped = t;
			ui_rect r = ui_last(c);
			int lh = imax(st->body * 14 / 10, 1);
			ui_icon(c, (ui_rect){ r.x, r.y, ind * 2 / 3, lh },
			    CP_BULLET, st->body / 2, st->accent);
			break;
		}
		default:
			t = ui_text(c, id, b[i].text, UI_REGULAR, st->body,
			    st->text, 0, 1);
			if (t >= 0)
				tapped = t;
			break;
		}
	}
	ui_pop_id(c);
	markup_free(b, n);
	return tapped;
}

/* A source as the public reads it: without the programme's internal
 * references ("PDIE 2022-2024, fiche 2.2" is "PDIE 2022-2024"), which
 * are for staff and for lint.  Into buf; 0 if nothing is left. */
static int
public_source(const char *line, size_t n, char *buf, size_t size)
{
	static const char *const internal[] = { "fiche", "fiches", "annexe",
	    "partie", "cadre d'intervention" };
	size_t k = 0;

	while (n > 0) {
		size_t part = 0;
		while (part < n && line[part] != ',')
			part++;
		const char *p = line;
		size_t len = part;
		while (len > 0 && *p == ' ')
			p++, len--;
		int drop = 0;
		for (size_t i = 0; i < sizeof internal / sizeof internal[0]; i++)
			drop |= len >= strlen(internal[i]) &&
			    strncasecmp(p, internal[i], strlen(internal[i])) == 0;
		if (!drop && len > 0 && k + len + 3 < size) {
			if (k > 0) {
				memcpy(buf + k, ", ", 2);
				k += 2;
			}
			memcpy(buf + k, p, len);
			k += len;
		}
		line += part;
		n -= part;
		if (n > 0) {
			line++;
			n--;
		}
	}
	buf[k] = '\0';
	return k > 0;
}


/* "Écrit le ..., d'après :" and the sources, small, at the bottom of a
 * page: when the text was written and what it rests on, never a claim
 * that someone checked it. */
void
footer(struct app *a, ui_ctx *c, const char *idp, const char *written,
    const char *sources)
{
	ui_style *st = ui_get_style(c);
	char buf[256], day[64], id[32];
	int k = 0;

	ui_space(c, st->gap);
	ui_rect sep = ui_next(c, 2);
	sep.w = imin(sep.w, st->line);
	ui_fill(c, sep, st->card_pressed);
	i18n_day_iso(a->pack, written, day, sizeof day);
	trf(a, "ecrit-le", buf, sizeof buf, "date", day, NULL);
	ui_push_id(c, idp);
	ui_text(c, "reviewed", buf, UI_REGULAR, st->small, st->muted, 0, 0);
	/* One text per source line. */
	const char *s = sources;
	while (*s) {
		size_t n = strcspn(s, "\n");
		if (n > 0 && public_source(s, n, buf, sizeof buf)) {
			snprintf(id, sizeof id, "source%d", k++);
			ui_text(c, id, buf, UI_REGULAR, st->small, st->muted,
			    st->body, 0);
		}
		s += n;
		if (*s == '\n')
			s++;
	}
	ui_pop_id(c);
}

/* The maison sociale's address, phone and hours, each with its
 * pictogram, under a title; nothing while msd.csv leaves them empty. */
void
contact_card(struct app *a, ui_ctx *c, const char *idp)
{
	ui_style *st = ui_get_style(c);
	const pack_msd *m = a->msd ? pack_msd_find(a->pack, a->msd) : NULL;
	char id[32];

	if (m == NULL || (!m->address[0] && !m->phone[0] && !m->hours[0]))
		return;
	const char *lines[3] = { m->address, m->phone, m->hours };
	const char *pics[3] = { "lieu", "telephone", "horaires" };
	ui_push_id(c, idp);
	ui_space(c, st->gap);
	ui_text(c, "title", tr(a, "maison-sociale"), UI_BOLD, st->label,
	    st->accent, 0, 0);
	for (int i = 0; i < 3; i++) {
		if (!lines[i][0])
			continue;
		snprintf(id, sizeof id, "%d", i);
		title_row(c, id, picto(a, pics[i]), lines[i], st->body);
	}
	ui_pop_id(c);
}

/* Height of the row of buttons that starts at i, in cols columns, with
 * their sub-labels or not. */
static int
row_height(ui_ctx *c, const struct item *it, int i, int n, int cols,
    int subs)
{
	ui_style *st = ui_get_style(c);
	int cw = (ui_width(c) - st->gap * (cols - 1)) / cols, h = 0;

	for (int k = i; k < n && k < i + cols; k++)
		h = imax(h, ui_button_height(c, cw, st->label * 4 / 3,
		    it[k].label, subs ? it[k].sub : NULL));
	return h;
}

/* Height of all n buttons so. */
static int
grid_height(ui_ctx *c, const struct item *it, int n, int cols, int subs)
{
	int total = 0;

	for (int i = 0; i < n; i += cols)
		total += row_height(c, it, i, n, cols, subs) +
		    (i ? ui_get_style(c)->body * 3 / 5 : 0);
	return total;
}

int
grid_in(ui_ctx *c, const struct item *it, int n, enum ui_button_kind kind,
    int room)
{
	ui_style *st = ui_get_style(c);
	int W = ui_width(c), ps, label = st->label, pad = st->pad;
	int two = (W - st->gap) / 2 >= (int)(140 * st->mm) ? 2 : 1;
	int three = (W - 2 * st->gap) / 3 >= (int)(90 * st->mm) ? 3 : two;
	int narrow = (W - 2 * st->gap) / 3 >= (int)(60 * st->mm) ? 3 :
	    (W - st->gap) / 2 >= (int)(60 * st->mm) ? 2 : 1;
	/* In order of preference: what a reader reads best first, then
	 * more columns, then the labels alone (the sub-labels say again
	 * what the page that opens says), then in columns down to 60 mm
	 * with labels at body size (a small screen), last with less
	 * padding inside each button (a 10" panel: its 9 themes in 3 rows
	 * of buttons still 15 mm high, style->touch). */
	const int tries[][4] = { { two, 1, 0, 0 }, { three, 1, 0, 0 },
	    { two, 0, 0, 0 }, { three, 0, 0, 0 }, { narrow, 0, 1, 0 },
	    { narrow, 0, 1, 1 } };
	int cols = two, subs = 1, small = 0, tight = 0, hit = -1;

	for (size_t t = 0; t < sizeof tries / sizeof tries[0]; t++) {
		st->label = tries[t][2] ? st->body : label;
		st->pad = tries[t][3] ? st->gap / 2 : pad;
		int fits = grid_height(c, it, n, tries[t][0], tries[t][1]) <=
		    room;
		st->label = label;
		st->pad = pad;
		if (fits) {
			cols = tries[t][0];
			subs = tries[t][1];
			small = tries[t][2];
			tight = tries[t][3];
			break;
		}
	}
	if (small)
		st->label = st->body;
	if (tight)
		st->pad = st->gap / 2;
	ps = st->label * 4 / 3;
	for (int i = 0; i < n; i += cols) {
		ui_row(c, cols, NULL, row_height(c, it, i, n, cols, subs));
		for (int k = i; k < n && k < i + cols; k++)
			if (ui_button(c, it[k].id, ui_cell(c), kind, it[k].cp,
			    ps, it[k].label, subs ? it[k].sub : NULL))
				hit = k;
	}
	st->label = label;
	st->pad = pad;
	return hit;
}

int
grid(ui_ctx *c, const struct item *it, int n, enum ui_button_kind kind)
{
	return grid_in(c, it, n, kind, INT_MAX);
}

/* Starts the page's scroll box under the bar, with a centred column of
 * at most width max_w. */
void
body_begin(ui_ctx *c, ui_rect view, int max_w)
{
	ui_style *st = ui_get_style(c);
	int margin = st->pad * 2;

	ui_scroll_begin(c, "page", view, st->body * 3 / 5);
	int avail = ui_width(c) - 2 * margin;
	int w = imin(avail, max_w);
	ui_column_span(c, view.x + margin + (avail - w) / 2, w);
	ui_space(c, margin);
}

void
body_end(ui_ctx *c)
{
	ui_space(c, ui_get_style(c)->pad * 3);
	ui_scroll_end(c);
}

int
theme_count(const struct app *a, const char *theme)
{
	int n = 0;

	for (size_t i = 0; i < a->pack->noffers; i++)
		if (strcmp(a->pack->offers[i].theme, theme) == 0 &&
		    pack_offer_at(&a->pack->offers[i], a->msd))
			n++;
	return n;
}
