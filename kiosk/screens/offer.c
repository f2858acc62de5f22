/*
 * offer.c - one offer: what it is, for whom, the cost, how to get it,
 * whom to contact, and its QR code to take it home on a phone.
 */
#include "screens/parts.h"
#include "content/portal.h"
#include "jobs/stats.h"

#include <math.h>
#include <string.h>

/* A subtitle with its pictogram, then the text. */
static int
section(ui_ctx *c, const char *id, uint32_t cp, const char *title,
    const char *text)
{
	ui_style *st = ui_get_style(c);

	if (text == NULL || *text == '\0')
		return -1;
	ui_space(c, st->gap / 2);
	ui_push_id(c, id);
	title_row(c, "title", cp, title, st->label);
	ui_pop_id(c);
	return ui_text(c, id, text, UI_REGULAR, st->body, st->text, 0, 1);
}

/* The QR code with what it is for, in panel p: caption above the code
 * (beside == 0) or at its left (beside == 1, a band under the text).
 * Returns the height it needs at p's width; draws only if draw. */
static int
qr_panel(struct app *a, ui_ctx *c, const pack_offer *o, ui_rect p,
    int module, int beside, int draw)
{
	ui_style *st = ui_get_style(c);
	int side = a->code.width * module, quiet = QR_QUIET * module;
	int total = side + 2 * quiet;
	char url[256];
	const char *q = portal_qr(a->pack->portal_url, a->msd, o, url,
	    sizeof url);
	const char *cap = q != url ? (strncmp(o->qr, "tel:", 4) == 0 ?
	    tr(a, "qr.appeler") : tr(a, "qr.garder")) :
	    strncmp(o->qr, "tel:", 4) == 0 ? tr(a, "qr.portail.numero") :
	    tr(a, "qr.portail.site");

	ui_rect in = ui_inset(p, st->pad);
	if (beside) {
		/* Centred like the text column above it. */
		int bw = imin(in.w, st->line_normal + total + 2 * st->pad);
		in.x += (in.w - bw) / 2;
		in.w = bw;
	}
	int tw = beside ? in.w - total - 2 * st->pad : in.w;
	/* At the normal size even with larger text: the panel, and so the
	 * code, keep their size. */
	int th = ui_text_height(c, cap, UI_REGULAR, st->body_normal, tw);
	int bh = th;
	int need = 2 * st->pad + (beside ? imax(bh, total) :
	    bh + st->pad + total);
	if (!draw)
		return need;
	ui_fill(c, p, st->card);
	/* Fixed, not scrolling: it must fit on the screen. */
	ui_report(c, "panel", "offer:qr", p, p.y + p.h > ui_height(c) ||
	    need > p.h);
	int ty = beside ? in.y + (in.h - bh) / 2 : in.y;
	ui_label(c, "offer:qr-caption", (ui_rect){ in.x, ty, tw, th }, cap,
	    UI_REGULAR, st->body_normal, st->text);
	int qx = beside ? in.x + in.w - total : in.x + (in.w - total) / 2;
	int qy = beside ? in.y + (in.h - total) / 2 : in.y + bh + st->pad;
	ui_qr(c, q, &a->code, qx + quiet, qy + quiet, module);
	return need;
}

/* Pixels per module for a symbol of about mm millimetres, never under
 * 35 mm, whole pixels so that every module has the same size. */
static int
qr_module(const struct app *a, const ui_style *st, double mm)
{
	int module = (int)ceil(mm * st->mm / a->code.width);
	while (module * a->code.width < 35 * st->mm)
		module++;
	return module;
}

/* Puts the QR panel beside the text (landscape) or under it (portrait,
 * or a landscape screen too short for it beside), as large as fits
 * between 45 and 35 mm.  Returns what is left for the text. */
static ui_rect
place_qr(struct app *a, ui_ctx *c, const pack_offer *o, ui_rect view,
    int portrait)
{
	ui_style *st = ui_get_style(c);
	ui_rect textv = view, p;
	int module = qr_module(a, st, 35);

	if (!portrait) {
		for (double mm = 45; mm >= 35; mm -= 2) {
			module = qr_module(a, st, mm);
			int total = (a->code.width + 2 * QR_QUIET) * module;
			/* What the ~60 characters column leaves, within
			 * reason: never under 2/5 of the screen (a small
			 * screen at a high DPI). */
			int pw = imax(view.w - st->line_normal - 8 * st->pad,
			    view.w * 2 / 5);
			pw = imax(total + 2 * st->pad,
			    imin(pw, (int)(100 * st->mm)));
			p = (ui_rect){ view.x + view.w - pw - 2 * st->pad,
			    view.y + st->pad, pw, 0 };
			p.h = qr_panel(a, c, o, p, module, 0, 0);
			if (p.y + p.h <= view.y + view.h - st->pad) {
				textv.w = p.x - view.x;
				/* The text and its code read as one unit:
				 * side by side in the middle, not at the
				 * two edges of a wide screen. */
				int tw = st->line + 4 * st->pad + st->bar_w +
				    st->gap;
				int group = tw + st->pad + pw;
				if (group < view.w - 2 * st->pad) {
					textv.x = view.x + (view.w - group) / 2;
					textv.w = tw;
					p.x = textv.x + tw + st->pad;
				}
				qr_panel(a, c, o, p, module, 0, 1);
				return textv;
			}
		}
		module = qr_module(a, st, 35);
	} else {
		module = qr_module(a, st, 45);
	}
	p = (ui_rect){ view.x, 0, view.w, 0 };
	p.h = qr_panel(a, c, o, p, module, 1, 0);
	p.y = view.y + view.h - p.h;
	textv.h = p.y - view.y;
	qr_panel(a, c, o, p, module, 1, 1);
	return textv;
}

static void
frame(struct app *a, ui_ctx *c, ui_rect view, int portrait)
{
	ui_style *st = ui_get_style(c);
	const pack_offer *o = pack_offer_find(a->pack, a->arg);

	if (o == NULL)
		return;
	ui_rect textv = view;
	if (a->code_ok)
		textv = place_qr(a, c, o, view, portrait);
	body_begin(c, textv, st->line);
	title_row(c, "offer:title", picto(a, o->picto), o->title, st->title);
	gloss_open(a, ui_text(c, "offer:summary", o->summary, UI_REGULAR,
	    st->body, st->text, 0, 1));
	if (o->body[0])
		gloss_open(a, blocks(c, "offer:body", o->body));
	gloss_open(a, section(c, "offer:for", picto(a, "personne"),
	    tr(a, "offre.pour-qui"), o->for_whom));
	gloss_open(a, section(c, "offer:cost", picto(a, "argent"),
	    tr(a, "offre.cout"), o->cost));
	gloss_open(a, section(c, "offer:how", picto(a, "info"),
	    tr(a, "offre.comment"), o->how));
	gloss_open(a, section(c, "offer:contact", picto(a, "telephone"),
	    tr(a, "offre.contact"), o->contact));
	if (!a->code_ok)
		ui_text(c, "offer:noqr", tr(a, "qr.erreur"), UI_REGULAR,
		    st->body, st->text, 0, 0);
	footer(a, c, "offer", o->reviewed_on, o->source);
	body_end(c);
}

static int
open_offer(struct app *a, char *arg, size_t n, err_t *e)
{
	(void)n; (void)e;
	return pack_offer_find(a->pack, arg) ? 0 : -1;
}

/* The QR code is made once, on arrival: a frame only draws it. */
static void
enter(struct app *a)
{
	const pack_offer *o = pack_offer_find(a->pack, a->arg);
	char url[256];
	err_t e;

	a->code_ok = o && qr_make(portal_qr(a->pack->portal_url, a->msd, o,
	    url, sizeof url), &a->code, &e) == 0;
}

/* An offer seen, and its QR code when it was on screen. */
static void
count(struct app *a, const struct screen *from)
{
	(void)from;
	stats_count(a->stats, STATS_OFFER, a->arg);
	screens_count_language(a);
	if (a->code_ok)
		stats_count(a->stats, STATS_QR, a->arg);
}

/* Retour goes to the offer's own theme. */
static void
back(struct app *a)
{
	const pack_offer *o = pack_offer_find(a->pack, a->arg);

	if (o)
		go(a, &screen_theme, o->theme);
	else
		go(a, &screen_offers, NULL);
}

/* The bar names the offer's theme: where the reader is. */
static const char *
title(const struct app *a)
{
	const pack_offer *o = pack_offer_find(a->pack, a->arg);
	const pack_theme *t = o ? pack_theme_find(a->pack, o->theme) : NULL;

	return t ? t->title : NULL;
}

const struct screen screen_offer = {
	.name = "offer:",
	.section = WORD("aide"),
	.parent = &screen_offers,
	.open = open_offer,
	.title = title,
	.enter = enter,
	.count = count,
	.back = back,
	.frame = frame,
};
