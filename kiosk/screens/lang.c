/*
 * lang.c - languages and text size (see lang.h).
 */
#include "screens/lang.h"
#include "screens/parts.h"
#include "content/i18n.h"

#include <string.h>

static void
close_views(struct app *a)
{
	for (size_t i = 0; i < a->nviews; i++)
		pack_close(a->views[i]);	/* NULL: never shown */
	a->nviews = 0;
}

void
lang_set_pack(struct app *a, pack *p)
{
	char keep[16];

	snprintf(keep, sizeof keep, "%s", a->pack ? a->pack->lang : "fr");
	close_views(a);
	pack_close(a->base);
	a->base = p;
	a->pack = p;
	a->lang = 0;
	if (p == NULL)
		return;
	/* Each language's view is made when it is first shown: a kiosk
	 * that stays in French does not pay for three (a cold start to the
	 * first frame is ~2 ms shorter). */
	for (size_t i = 0; i < p->nlangs && a->nviews < 8; i++)
		a->views[a->nviews++] = NULL;
	/* A pack of schema 3 always has French; one without languages is
	 * shown as read. */
	if (lang_choose(a, keep) != 0)
		lang_choose(a, "fr");
}

/* The code of the pack's i-th language (views[i], made or not). */
const char *
lang_at(const struct app *a, size_t i)
{
	return a->base->langs[i].code;
}

int
lang_choose(struct app *a, const char *code)
{
	for (size_t i = 0; i < a->nviews; i++)
		if (strcmp(lang_at(a, i), code) == 0) {
			/* French is the pack as read. */
			if (strcmp(code, "fr") == 0) {
				a->lang = i;
				a->pack = a->base;
				return 0;
			}
			if (a->views[i] == NULL &&
			    (a->views[i] = i18n_localize(a->base, code)) == NULL)
				return -1;
			a->lang = i;
			a->pack = a->views[i];
			return 0;
		}
	return -1;
}

const char *
lang_code(const struct app *a)
{
	return a->pack && a->pack->lang ? a->pack->lang : "fr";
}

int
lang_rtl(const struct app *a)
{
	return i18n_rtl_code(lang_code(a));
}

void
lang_reset(struct app *a)
{
	lang_choose(a, "fr");
	a->large = 0;
	a->lang_menu = 0;
}

/* The language's own name, from the pack. */
static const char *
lang_name(const struct app *a, size_t i)
{
	return a->base->langs[i].name;
}

/* The globe alone, a square button: the language's name does not fit
 * in the bar (a 10" panel with Retour, Accueil and Écouter); the list it
 * opens names every language. */
static int
globe_button(struct app *a, ui_ctx *c, ui_rect r)
{
	ui_style *st = ui_get_style(c);
	int hit = ui_control(c, "bar:lang", r, UI_BUTTON_PRIMARY);

	ui_icon(c, r, picto(a, "globe"), st->label, st->on_accent);
	ui_report(c, "button", "bar:lang", r, 0);
	return hit;
}

int
lang_buttons(struct app *a, ui_ctx *c, int x, int y, int left)
{
	ui_style *st = ui_get_style(c);
	int ps = st->label, used;
	const char *aa = tr(a, "texte-plus-grand.bouton");
	const char *name = a->nviews > 1 ? lang_name(a, a->lang) : "";
	int icon = st->pad * 3 + ps * 3 / 2;
	int aw = icon + ui_text_width(c, aa, UI_BOLD, st->label);
	int lw = a->nviews > 1 ? icon + ui_text_width(c, name, UI_BOLD,
	    st->label) : 0;
	int compact = x - aw - st->gap - lw < left;
	ui_rect r;

	/* Short of room: A+ without its pictogram, the globe without the
	 * name. */
	if (compact) {
		aw = st->pad * 2 + ui_text_width(c, aa, UI_BOLD, st->label);
		aw = imax(aw, st->touch);
		lw = a->nviews > 1 ? st->touch : 0;
	}
	r = (ui_rect){ x - aw, y, aw, st->touch };
	if (ui_button(c, "bar:large", r, a->large ? UI_BUTTON_CARD :
	    UI_BUTTON_PRIMARY, compact ? 0 : picto(a, "taille"), ps, aa,
	    NULL)) {
		a->large = !a->large;
		ui_again(c);
	}
	used = aw + st->gap;
	if (a->nviews > 1) {
		int hit;

		r = (ui_rect){ x - used - lw, y, lw, st->touch };
		hit = compact ? globe_button(a, c, r) : ui_button(c, "bar:lang",
		    r, UI_BUTTON_PRIMARY, picto(a, "globe"), ps, name, NULL);
		if (hit) {
			a->lang_menu = 1;
			ui_again(c);
		}
		used += lw + st->gap;
	}
	return used;
}

void
lang_popup(struct app *a, ui_ctx *c, int w, int h)
{
	ui_style *st = ui_get_style(c);
	int bh = imax(st->touch, st->label * 2);
	int pw = imin(w - 4 * st->pad, st->line / 2 + 4 * st->pad);
	int n = (int)a->nviews;
	int ph = imin(h - 4 * st->pad, n * (bh + st->gap) + 2 * st->pad +
	    st->gap + bh);
	ui_rect box = { (w - pw) / 2, (h - ph) / 2, pw, ph };
	char id[32];
	int x, y;

	if (!a->lang_menu)
		return;
	ui_popup_begin(c, box, imax(3, st->focus_w));
	for (int i = 0; i < n; i++) {
		ui_rect r = { box.x + st->pad, box.y + st->pad + i * (bh +
		    st->gap), pw - 2 * st->pad, bh };

		snprintf(id, sizeof id, "lang:%s", lang_at(a, (size_t)i));
		if (ui_button(c, id, r, (size_t)i == a->lang ? UI_BUTTON_CARD :
		    UI_BUTTON_PRIMARY, 0, st->label, lang_name(a, (size_t)i),
		    NULL)) {
			lang_choose(a, lang_at(a, (size_t)i));
			a->lang_menu = 0;
			ui_again(c);
		}
	}
	if (ui_button(c, "lang:close", (ui_rect){ box.x + st->pad,
	    box.y + ph - st->pad - bh, pw - 2 * st->pad, bh },
	    UI_BUTTON_CARD, CP_CLOSE, st->label, tr(a, "fermer"), NULL))
		a->lang_menu = 0;
	ui_popup_end(c);
	/* A touch beside the box closes it too. */
	if (ui_tap_unused(c, &x, &y) && (x < box.x || y < box.y ||
	    x >= box.x + box.w || y >= box.y + box.h))
		a->lang_menu = 0;
}
