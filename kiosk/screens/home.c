/*
 * home.c - the first screen: where you are, and the two reasons to come
 * (your rights and duties, finding help), then the pages people ask for
 * first ("Vos questions", "En cas d'urgence"), the questionnaire and the
 * maison sociale's contact when the pack has it.
 *
 * It uses the whole screen: the two big buttons share what the other
 * parts leave, and in portrait the choices sit in the lower part of the
 * glass, within reach of a hand, with where you are above them.
 */
#include "screens/parts.h"

#include <string.h>

/* The rights pages the home offers directly, when the pack has them. */
static const char *const shortcuts[] = { "vos-questions", "en-cas-d-urgence" };
#define NSHORTCUTS	(sizeof shortcuts / sizeof shortcuts[0])

/* The home's smaller choices: the shortcuts the pack has, then the
 * questionnaire.  Returns how many, in it[] (room for NSHORTCUTS + 1). */
static int
small_choices(struct app *a, struct item *it, const char **page)
{
	int n = 0;

	for (size_t i = 0; i < NSHORTCUTS; i++) {
		const pack_page *p = pack_page_find(a->pack, shortcuts[i]);
		if (p == NULL)
			continue;
		snprintf(it[n].id, sizeof it[n].id, "home:%s", p->id);
		it[n].cp = picto(a, p->picto);
		it[n].label = p->title;
		it[n].sub = NULL;
		page[n++] = p->id;
	}
	/* The questionnaire: offered, not pressed on anyone. */
	if (a->pack->nquestions > 0) {
		snprintf(it[n].id, sizeof it[n].id, "home:feedback");
		it[n].cp = picto(a, "avis");
		it[n].label = tr(a, "avis");
		it[n].sub = tr(a, "avis.sous-titre");
		page[n++] = NULL;
	}
	return n;
}

/* Height of the small choices at column width W, in cols columns. */
static int
small_height(ui_ctx *c, const struct item *it, int n, int cols, int W)
{
	ui_style *st = ui_get_style(c);
	int ps = st->label * 4 / 3, cw = (W - st->gap * (cols - 1)) / cols;
	int total = 0;

	for (int i = 0; i < n; i += cols) {
		int h = 0;
		for (int k = i; k < n && k < i + cols; k++)
			h = imax(h, ui_button_height(c, cw, ps, it[k].label,
			    it[k].sub));
		total += h + st->body * 3 / 5;
	}
	return total;
}

static void
frame(struct app *a, ui_ctx *c, ui_rect view, int portrait)
{
	ui_style *st = ui_get_style(c);
	const pack_msd *m = a->msd ? pack_msd_find(a->pack, a->msd) : NULL;
	int ps = st->title * 2;
	struct item big[2] = {
		{ "home:rights", picto(a, "droits"), tr(a, "droits"),
		    tr(a, "droits.sous-titre") },
		{ "home:offers", picto(a, "aide"), tr(a, "aide"),
		    tr(a, "aide.sous-titre") },
	};
	struct item small[NSHORTCUTS + 1];
	const char *page[NSHORTCUTS + 1];
	int nsmall = small_choices(a, small, page);

	body_begin(c, view, st->line * 2 + st->gap);
	ui_text(c, "home:welcome", tr(a, "bienvenue"), UI_REGULAR, st->label,
	    st->text, 0, 0);
	title_row(c, "home:msd", picto(a, "msd"), m ? m->name :
	    tr(a, "maisons-sociales"), st->title);
	ui_text(c, "home:hint", tr(a, "accueil.consigne"),
	    UI_REGULAR, st->body, st->text, 0, 0);
	ui_space(c, st->gap);
	/* Side by side when each stays wide enough for its label. */
	int W = ui_width(c);
	int cols = !portrait && (W - st->gap) / 2 >= (int)(110 * st->mm) ? 2 : 1;
	int cw = (W - st->gap * (cols - 1)) / cols;
	/* As grid() lays them out. */
	int scols = (W - st->gap) / 2 >= (int)(140 * st->mm) ? 2 : 1;
	int rest = small_height(c, small, nsmall, scols, W) + st->pad * 3;
	/* The two choices of the kiosk: big, labels at title size, as tall
	 * as what the rest of the screen leaves (within reason). */
	int label = st->label;
	st->label = st->title;
	int rows = 2 / cols;
	int room = view.h - ui_used(c) - rest - st->gap * rows;
	int h = imax((int)(45 * st->mm), imin(room / rows, (int)(90 * st->mm)));
	for (int i = 0; i < 2; i++)
		h = imax(h, ui_button_height(c, cw, ps, big[i].label, big[i].sub));
	/* Portrait: the choices low on the glass, within reach. */
	if (portrait && room > h * rows)
		ui_space(c, (room - h * rows) * 2 / 3);
	for (int i = 0; i < 2; i += cols) {
		ui_row(c, cols, NULL, h);
		for (int k = i; k < i + cols; k++) {
			if (!ui_button(c, big[k].id, ui_cell(c),
			    UI_BUTTON_PRIMARY, big[k].cp, ps, big[k].label,
			    big[k].sub))
				continue;
			go(a, k == 0 ? &screen_rights : &screen_offers, NULL);
		}
	}
	st->label = label;
	int k = grid(c, small, nsmall, UI_BUTTON_CARD);
	if (k >= 0 && page[k])
		go(a, &screen_rights_page, page[k]);
	else if (k >= 0)
		go(a, &screen_feedback, "1");
	contact_card(a, c, "home:contact");
	body_end(c);
}

const struct screen screen_home = {
	.name = "home",
	.section = WORD("departement"),
	.frame = frame,
};
