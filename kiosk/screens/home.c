/*
 * home.c - the first screen: where you are, and the two reasons to come
 * (your rights and duties, finding help), then the questionnaire and
 * the maison sociale's contact when the pack has it.
 */
#include "screens/parts.h"

static void
frame(struct app *a, ui_ctx *c, ui_rect view, int portrait)
{
	ui_style *st = ui_get_style(c);
	const pack_msd *m = a->msd ? pack_msd_find(a->pack, a->msd) : NULL;
	int ps = st->title * 2;
	struct item it[2] = {
		{ "home:rights", picto(a, "droits"), "Vos droits et vos devoirs",
		    "Le rSa, votre référent, votre contrat." },
		{ "home:offers", picto(a, "aide"), "Trouver de l'aide",
		    "Pour le travail, la santé, le logement et plus encore." },
	};

	body_begin(c, view, st->line * 2 + st->gap);
	ui_text(c, "home:welcome", "Bienvenue", UI_REGULAR, st->label,
	    st->text, 0, 0);
	title_row(c, "home:msd", picto(a, "accueil"), m ? m->name :
	    "Les maisons sociales du Département de la Savoie", st->title);
	ui_text(c, "home:hint", "Touchez un bouton pour commencer.",
	    UI_REGULAR, st->body, st->text, 0, 0);
	ui_space(c, st->gap);
	/* Side by side when each stays wide enough for its label. */
	int W = ui_width(c);
	int cols = !portrait && (W - st->gap) / 2 >= (int)(110 * st->mm) ? 2 : 1;
	int cw = (W - st->gap * (cols - 1)) / cols;
	/* The two choices of the kiosk: big, labels at title size. */
	int label = st->label;
	st->label = st->title;
	int h = imax((int)(45 * st->mm), imin(view.h / 4, (int)(70 * st->mm)));
	for (int i = 0; i < 2; i++)
		h = imax(h, ui_button_height(c, cw, ps, it[i].label, it[i].sub));
	for (int i = 0; i < 2; i += cols) {
		ui_row(c, cols, NULL, h);
		for (int k = i; k < i + cols; k++) {
			if (!ui_button(c, it[k].id, ui_cell(c),
			    UI_BUTTON_PRIMARY, it[k].cp, ps, it[k].label,
			    it[k].sub))
				continue;
			go(a, k == 0 ? &screen_rights : &screen_offers, NULL);
		}
	}
	st->label = label;
	/* The questionnaire: offered, not pressed on anyone; a smaller
	 * button under the two reasons to come. */
	if (a->pack->nquestions > 0) {
		const char *l = "Donner votre avis", *sub = "Quelques "
		    "questions. Vous ne donnez pas votre nom.";
		int fps = st->label * 4 / 3;
		ui_rect r = ui_next(c, ui_button_height(c, W, fps, l, sub));
		if (ui_button(c, "home:feedback", r, UI_BUTTON_CARD,
		    picto(a, "avis"), fps, l, sub))
			go(a, &screen_feedback, "1");
	}
	if (m && (m->address[0] || m->phone[0] || m->hours[0])) {
		const char *lines[3] = { m->address, m->phone, m->hours };
		const char *pics[3] = { "lieu", "telephone", "horaires" };
		ui_space(c, st->gap);
		ui_text(c, "home:contact", "Votre maison sociale", UI_BOLD,
		    st->label, st->accent, 0, 0);
		for (int i = 0; i < 3; i++) {
			char id[32];
			if (!lines[i][0])
				continue;
			snprintf(id, sizeof id, "home:contact%d", i);
			title_row(c, id, picto(a, pics[i]), lines[i], st->body);
		}
	}
	body_end(c);
}

const struct screen screen_home = {
	.name = "home",
	.section = "Département de la Savoie",
	.frame = frame,
};
