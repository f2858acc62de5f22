/*
 * theme.c - the offers of one theme at this maison sociale.
 */
#include "screens/parts.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

static void
frame(struct app *a, ui_ctx *c, ui_rect view, int portrait)
{
	ui_style *st = ui_get_style(c);
	const pack_theme *t = pack_theme_find(a->pack, a->arg);
	size_t n = a->pack->noffers;
	struct item *it;
	const char **ids;
	int k = 0;

	(void)portrait;
	if (t == NULL)
		return;
	it = xcalloc(n ? n : 1, sizeof *it);
	ids = xcalloc(n ? n : 1, sizeof *ids);
	body_begin(c, view, st->line * 2 + st->gap);
	title_row(c, "theme:title", picto(a, t->picto), t->title, st->title);
	ui_text(c, "theme:summary", t->summary, UI_REGULAR, st->body, st->text,
	    0, 0);
	for (size_t i = 0; i < n; i++) {
		const pack_offer *o = &a->pack->offers[i];
		if (strcmp(o->theme, t->id) != 0 || !pack_offer_at(o, a->msd))
			continue;
		snprintf(it[k].id, sizeof it[k].id, "offer:%s", o->id);
		it[k].cp = picto(a, o->picto);
		it[k].label = o->title;
		it[k].sub = o->summary;
		ids[k++] = o->id;
	}
	if (k == 0)
		ui_text(c, "theme:none", tr(a, "theme.aucune-aide"),
		    UI_REGULAR, st->body, st->text, 0, 1);
	int hit = grid(c, it, k, UI_BUTTON_CARD);
	if (hit >= 0)
		go(a, &screen_offer, ids[hit]);
	free(it);
	free(ids);
	body_end(c);
}

static int
open_theme(struct app *a, char *arg, size_t n, err_t *e)
{
	(void)n; (void)e;
	return pack_theme_find(a->pack, arg) ? 0 : -1;
}

/* The bar names the theme: where the reader is. */
static const char *
title(const struct app *a)
{
	const pack_theme *t = pack_theme_find(a->pack, a->arg);

	return t ? t->title : NULL;
}

const struct screen screen_theme = {
	.name = "offers:",
	.section = WORD("aide"),
	.parent = &screen_offers,
	.open = open_theme,
	.title = title,
	.frame = frame,
};
