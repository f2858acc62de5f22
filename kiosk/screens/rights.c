/*
 * rights.c - "Vos droits et vos devoirs": the list of the rights pages.
 */
#include "screens/parts.h"
#include "strbuf.h"

#include <stdlib.h>

static void
frame(struct app *a, ui_ctx *c, ui_rect view, int portrait)
{
	ui_style *st = ui_get_style(c);
	size_t n = a->pack->npages;
	struct item *it = xcalloc(n ? n : 1, sizeof *it);

	(void)portrait;

	body_begin(c, view, st->line * 2 + st->gap);
	title_row(c, "rights:title", picto(a, "droits"),
	    tr(a, "droits"), st->title);
	ui_text(c, "rights:hint", tr(a, "droits.consigne"), UI_REGULAR,
	    st->body, st->text, 0, 0);
	for (size_t i = 0; i < n; i++) {
		snprintf(it[i].id, sizeof it[i].id, "rights:%s",
		    a->pack->pages[i].id);
		it[i].cp = picto(a, a->pack->pages[i].picto);
		it[i].label = a->pack->pages[i].title;
	}
	int k = grid(c, it, (int)n, UI_BUTTON_CARD);
	if (k >= 0)
		go(a, &screen_rights_page, a->pack->pages[k].id);
	free(it);
	body_end(c);
}

const struct screen screen_rights = {
	.name = "rights",
	.section = WORD("droits"),
	.frame = frame,
};
