/*
 * parts.c - the pieces every page is built of (see parts.h).
 */
#include "screens/parts.h"
#include "content/markup.h"
#include "timeutil.h"

#include <stdio.h>
#include <string.h>

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

/* "Vérifié le ..." and the sources, small, at the bottom of a page. */
void
footer(ui_ctx *c, const char *idp, const char *reviewed, const char *sources)
{
	ui_style *st = ui_get_style(c);
	char buf[256], day[64], id[32];
	int k = 0;

	ui_space(c, st->gap);
	ui_rect sep = ui_next(c, 2);
	sep.w = imin(sep.w, st->line);
	ui_fill(c, sep, st->card_pressed);
	time_fmt_iso_day_fr(reviewed, day, sizeof day);
	snprintf(buf, sizeof buf, "Vérifié le %s.", day);
	ui_push_id(c, idp);
	ui_text(c, "reviewed", buf, UI_REGULAR, st->small, st->muted, 0, 0);
	/* One text per source line. */
	const char *s = sources;
	int many = strchr(sources, '\n') != NULL;
	ui_text(c, "sources", many ? "Sources :" : "Source :", UI_REGULAR,
	    st->small, st->muted, 0, 0);
	while (*s) {
		size_t n = strcspn(s, "\n");
		if (n > 0 && n < sizeof buf) {
			memcpy(buf, s, n);
			buf[n] = '\0';
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

/* Buttons in 1 or 2 columns (2 when each is still wide enough to read
 * a label on a line or two).  Returns the index touched or -1. */
int
grid(ui_ctx *c, const struct item *it, int n, enum ui_button_kind kind)
{
	ui_style *st = ui_get_style(c);
	int W = ui_width(c), ps = st->label * 4 / 3;
	int cols = (W - st->gap) / 2 >= (int)(140 * st->mm) ? 2 : 1;
	int hit = -1;

	for (int i = 0; i < n; i += cols) {
		int h = 0;
		for (int k = i; k < n && k < i + cols; k++)
			h = imax(h, ui_button_height(c, (W - st->gap *
			    (cols - 1)) / cols, ps, it[k].label, it[k].sub));
		ui_row(c, cols, NULL, h);
		for (int k = i; k < n && k < i + cols; k++)
			if (ui_button(c, it[k].id, ui_cell(c), kind, it[k].cp,
			    ps, it[k].label, it[k].sub))
				hit = k;
	}
	return hit;
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
