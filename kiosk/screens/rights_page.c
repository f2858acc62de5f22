/*
 * rights_page.c - one rights-and-duties page, and the next one to read.
 */
#include "screens/parts.h"

#include <string.h>

static void
frame(struct app *a, ui_ctx *c, ui_rect view, int portrait)
{
	ui_style *st = ui_get_style(c);
	const pack_page *p = pack_page_find(a->pack, a->arg);
	size_t i;

	(void)portrait;
	if (p == NULL)
		return;
	body_begin(c, view, st->line);
	title_row(c, "page:title", picto(a, p->picto), p->title, st->title);
	/* "Qui appeler": this maison sociale first, as soon as msd.csv
	 * says where it is and when it opens. */
	if (strcmp(p->id, "qui-appeler") == 0)
		contact_card(a, c, "page:contact");
	gloss_open(a, blocks(c, "page", p->body));
	footer(a, c, "page", p->reviewed_on, p->sources);
	/* Reading on: the next page, one touch away. */
	for (i = 0; i < a->pack->npages && &a->pack->pages[i] != p; i++)
		;
	if (i + 1 < a->pack->npages) {
		const pack_page *nx = &a->pack->pages[i + 1];
		struct item it = { "page:next", picto(a, nx->picto),
		    tr(a, "a-lire-ensuite"), nx->title };
		ui_space(c, st->gap);
		if (grid(c, &it, 1, UI_BUTTON_CARD) == 0)
			go(a, &screen_rights_page, nx->id);
	}
	body_end(c);
}

static int
open_page(struct app *a, char *arg, size_t n, err_t *e)
{
	(void)n; (void)e;
	return pack_page_find(a->pack, arg) ? 0 : -1;
}

const struct screen screen_rights_page = {
	.name = "rights:",
	.section = WORD("droits"),
	.parent = &screen_rights,
	.open = open_page,
	.frame = frame,
};
