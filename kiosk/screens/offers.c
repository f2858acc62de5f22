/*
 * offers.c - "Trouver de l'aide": the themes that have offers at this
 * maison sociale.
 */
#include "screens/parts.h"
#include "strbuf.h"

#include <stdlib.h>

static void
frame(struct app *a, ui_ctx *c, ui_rect view, int portrait)
{
	ui_style *st = ui_get_style(c);
	size_t n = a->pack->nthemes;
	struct item *it = xcalloc(n ? n : 1, sizeof *it);
	const char **ids = xcalloc(n ? n : 1, sizeof *ids);
	int k = 0;

	(void)portrait;
	body_begin(c, view, st->line * 2 + st->gap);
	/* A short screen (a 10" panel) keeps its height for the themes:
	 * the bar above already says "Trouver de l'aide". */
	if (view.h >= 150 * st->mm)
		title_row(c, "offers:title", picto(a, "aide"), tr(a, "aide"),
		    st->title);
	ui_text(c, "offers:hint", tr(a, "aide.consigne"), UI_REGULAR, st->body,
	    st->text, 0, 0);
	/* Only themes with something here: an empty list helps nobody. */
	for (size_t i = 0; i < n; i++) {
		const pack_theme *t = &a->pack->themes[i];
		if (theme_count(a, t->id) == 0)
			continue;
		snprintf(it[k].id, sizeof it[k].id, "offers:%s", t->id);
		it[k].cp = picto(a, t->picto);
		it[k].label = t->title;
		it[k].sub = t->summary;
		ids[k++] = t->id;
	}
	/* Every theme in sight, without scrolling (what a scroll box hides
	 * below the fold, many never find). */
	int hit = grid_in(c, it, k, UI_BUTTON_CARD, view.h - ui_used(c) -
	    st->pad * 3);
	if (hit >= 0)
		go(a, &screen_theme, ids[hit]);
	free(it);
	free(ids);
	body_end(c);
}

const struct screen screen_offers = {
	.name = "offers",
	.section = WORD("aide"),
	.frame = frame,
};
