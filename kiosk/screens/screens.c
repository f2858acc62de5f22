/*
 * screens.c - one frame of the kiosk: the style, the top bar (Retour,
 * Accueil, where you are), the screen shown (screen.h), and the popups
 * over it (the glossary's explanation, the idle countdown).
 */
#include "screens/screens.h"
#include "screens/parts.h"
#include "screens/listen.h"
#include "screens/lang.h"
#include "audio/player.h"
#include "utf8.h"

#include <math.h>
#include <string.h>

static ui_color
rgb(unsigned v)
{
	ui_color c = { (unsigned char)(v >> 16), (unsigned char)(v >> 8),
	    (unsigned char)v, 255 };
	return c;
}

void
screens_style(ui_style *st, int w, int h, double dpi, int text_percent,
    const ui_measure *m)
{
	/* A typical sentence, to turn "60 characters" into pixels. */
	static const char sample[] = "Votre référent vous aide à trouver "
	    "une formation ou un travail près de chez vous.";
	double mm = dpi / 25.4;

	(void)w; (void)h;
	st->mm = mm;
	/* CONTENT.md: body text >= 24 px on a 1080p screen (~96 dpi),
	 * scaled to the screen's DPI: the same size on the glass. */
	st->body = imax(24, (int)lround(24 * dpi / 96));
	/* Buttons' words keep their size: a button is touched, and the
	 * top bar's row of them must still fit on a 10" panel. */
	st->label = st->body * 7 / 6;
	/* "Texte plus grand": the texts one reads; touch targets and QR
	 * codes, sized in millimetres, keep theirs, and the layout
	 * reflows. */
	st->body_normal = st->body;
	st->body = st->body * text_percent / 100;
	st->small = imax(20, st->body * 5 / 6);
	st->title = st->body * 3 / 2;
	st->pad = imax(10, (int)lround(4 * mm));
	st->gap = imax(8, (int)lround(3 * mm));
	st->touch = (int)ceil(15 * mm);		/* buttons >= 15 mm */
	st->focus_w = imax(3, (int)lround(1 * mm));
	/* Wide enough to be seen as a scroll bar and dragged. */
	st->bar_w = imax(12, (int)lround(4 * mm));
	st->line = m->width(m->arg, UI_REGULAR, st->body, sample,
	    strlen(sample)) * 60 / (int)utf8_len(sample);
	st->line_normal = st->line * 100 / text_percent;
	/* Contrast ratios (WCAG 2 relative luminance), all >= 7:1 for text:
	 *   #1a1a1a on #ffffff 17.4   #333333 on #ffffff 12.6
	 *   #ffffff on #003366 12.6   #ffffff on #001a33 17.6 (pressed)
	 *   #1a1a1a on #e8eef5 14.9   #1a1a1a on #c5d5e6 11.6 (pressed)
	 *   #003366 on #dde8f3 10.2 (glossary words)  #003366 on #e8eef5 10.8
	 * The focus ring #b84a00 is 5.2:1 on white (non-text: >= 3:1). */
	st->bg = rgb(0xffffff);
	st->text = rgb(0x1a1a1a);
	st->muted = rgb(0x333333);
	st->accent = rgb(0x003366);
	st->accent_pressed = rgb(0x001a33);
	st->on_accent = rgb(0xffffff);
	st->card = rgb(0xe8eef5);
	st->card_pressed = rgb(0xc5d5e6);
	st->link = rgb(0x003366);
	st->link_bg = rgb(0xdde8f3);
	st->focus = rgb(0xb84a00);
	st->shade = (ui_color){ 0, 0, 0, 170 };
	/* The sentence read aloud: #1a1a1a on #ffe98a is 15.6:1, the
	 * glossary's #003366 on it 11.2:1. */
	st->mark = rgb(0xffe98a);
}

static int
bar_button(ui_ctx *c, const char *id, int x, int y, int right, uint32_t cp,
    const char *label, int *w_out)
{
	ui_style *st = ui_get_style(c);
	int ps = st->label;
	int w = st->pad * 3 + ps * 3 / 2 + ui_text_width(c, label, UI_BOLD,
	    st->label);
	ui_rect r = { right ? x - w : x, y, w, st->touch };

	*w_out = w;
	return ui_button(c, id, r, UI_BUTTON_PRIMARY, cp, ps, label, NULL);
}

/* "Écouter" / "Arrêter" with its right edge at x, when the page can be
 * heard.  Returns the width it takes (with the gap before it), 0. */
static int
listen_button(struct app *a, ui_ctx *c, int x, int y)
{
	char page[160];
	int on, w;

	screens_page_id(a, page, sizeof page);
	page[strcspn(page, " ")] = '\0';
	if (!listen_available(a, page))
		return 0;
	on = listen_playing(a, page);
	if (bar_button(c, "bar:listen", x, y, 1, on ? CP_STOP : CP_LISTEN,
	    on ? tr(a, "arreter") : tr(a, "ecouter"), &w))
		listen_toggle(a, page);
	return w + ui_get_style(c)->gap;
}

/* The sentence being read, highlighted (ui_set_mark()). */
static void
listen_mark(struct app *a, ui_ctx *c)
{
	const char *t = NULL;
	size_t n = 0;

	if (a->heard_page[0] && player_sentence(a->player, &t, &n) < 0)
		t = NULL;
	ui_set_mark(c, t, t ? n : 0);
}

/* Returns the bar's height (screens_frame() knows it beforehand). */
static int
top_bar(struct app *a, ui_ctx *c, int w)
{
	ui_style *st = ui_get_style(c);
	int bh = st->touch + 2 * st->gap, y = st->gap, lw = 0, rw = 0;

	ui_fill(c, (ui_rect){ 0, 0, w, bh }, st->card);
	ui_fill(c, (ui_rect){ 0, bh - 2, w, 2 }, st->accent);
	if (a->screen == &screen_home)
		rw = lang_buttons(a, c, w - st->pad * 2, y, st->pad * 2);
	else {
		/* Keep the staff corner (top-left, 15 mm) clear of the
		 * Back button's edge: a 5-tap gesture there must not go
		 * back 5 times.  Taps on the button still count.  The
		 * questionnaire only goes forward: an answer is counted
		 * at its touch, going back would count it twice. */
		if (!(a->screen->flags & SCREEN_NO_BACK) &&
		    bar_button(c, "bar:back", st->pad * 2, y, 0,
		    picto(a, "retour"), tr(a, "retour"), &lw))
			go_back(a);
		if (bar_button(c, "bar:home", w - st->pad * 2, y, 1,
		    picto(a, "accueil"), tr(a, "accueil"), &rw))
			go(a, &screen_home, NULL);
		rw += listen_button(a, c, w - st->pad * 2 - rw - st->gap, y);
		rw += lang_buttons(a, c, w - st->pad * 2 - rw - st->gap, y,
		    st->pad * 2 + (lw ? lw + st->gap : 0));
	}
	int side = imax(lw, rw) + st->pad * 3;
	const char *name = a->screen->title && a->screen->title(a) ?
	    a->screen->title(a) : tr(a, a->screen->section);
	int tw = ui_text_width(c, name, UI_BOLD, st->label);
	int avail = w - 2 * side;
	/* Where it is, on one line if it fits; the page's own title says
	 * it anyway. */
	if (tw <= avail) {
		int lh = ui_text_height(c, name, UI_BOLD, st->label, tw);
		ui_label(c, "bar:title", (ui_rect){ (w - tw) / 2,
		    (bh - lh) / 2, tw, lh }, name, UI_BOLD, st->label,
		    st->text);
	}
	return bh;
}

/* A centred box: title row, text, one button.  Returns the box. */
static ui_rect
popup(ui_ctx *c, int w, int h, const char *id, uint32_t cp,
    const char *title, const char *text, uint32_t bcp, const char *blabel,
    int *pressed, const char *b2label, uint32_t b2cp, int *pressed2)
{
	ui_style *st = ui_get_style(c);
	int margin = st->pad * 2;
	int pw = imin(w - 2 * margin, st->line + 2 * st->pad + st->bar_w +
	    st->gap + st->title * 2);
	int inner = pw - 2 * st->pad - st->bar_w - st->gap;
	int is = st->title * 3 / 2;
	int th = imax(is, ui_text_height(c, title, UI_BOLD, st->title,
	    inner - is - st->gap));
	int xh = ui_text_height(c, text, UI_REGULAR, st->body, inner);
	int bh = st->touch;
	int ph = imin(h - 2 * margin, 2 * st->pad + th + xh + 2 * st->gap +
	    bh + st->gap);
	ui_rect box = { (w - pw) / 2, (h - ph) / 2, pw, ph };
	char bid[64];

	ui_popup_begin(c, box, imax(3, st->focus_w));
	ui_rect sv = { box.x + st->pad, box.y + st->pad, pw - 2 * st->pad,
	    ph - 3 * st->pad - bh };
	ui_scroll_begin(c, id, sv, st->gap);
	title_row(c, "popup:title", cp, title, st->title);
	ui_text(c, "popup:text", text, UI_REGULAR, st->body, st->text, 0, 0);
	ui_scroll_end(c);
	int bw = imin(pw - 2 * st->pad, st->pad * 3 + st->label * 3 / 2 +
	    ui_text_width(c, blabel, UI_BOLD, st->label));
	snprintf(bid, sizeof bid, "%s:close", id);
	*pressed = ui_button(c, bid, (ui_rect){ box.x + pw - st->pad - bw,
	    box.y + ph - st->pad - bh, bw, bh }, UI_BUTTON_PRIMARY, bcp,
	    st->label, blabel, NULL);
	/* A second button at the left (the glossary's "Écouter"). */
	if (b2label != NULL) {
		int b2w = imin(pw - 3 * st->pad - bw, st->pad * 3 +
		    st->label * 3 / 2 + ui_text_width(c, b2label, UI_BOLD,
		    st->label));

		snprintf(bid, sizeof bid, "%s:listen", id);
		*pressed2 = ui_button(c, bid, (ui_rect){ box.x + st->pad,
		    box.y + ph - st->pad - bh, b2w, bh }, UI_BUTTON_PRIMARY,
		    b2cp, st->label, b2label, NULL);
	}
	ui_popup_end(c);
	return box;
}

void
screens_frame(struct app *a, ui_ctx *c, int w, int h)
{
	int portrait = h > w;
	const struct screen *before = a->screen;
	ui_style *st = ui_get_style(c);
	int bh = st->touch + 2 * st->gap;	/* top_bar()'s height */
	ui_rect view = { 0, bh, w, h - bh };
	/* In the questionnaire, the bar comes after the page in Tab order:
	 * the keyboard goes to the answers first (and, after an answer, to
	 * the next question's first answer, not to "Accueil"). */
	int bar_last = (a->screen->flags & SCREEN_BAR_LAST) != 0;

	a->changed = 0;
	ui_set_rtl(c, lang_rtl(a));
	listen_mark(a, c);
	/* Under a popup (ui_popup_begin()), the bar and the page do not
	 * react: the toolkit knows it from the frame before. */
	if (!bar_last)
		top_bar(a, c, w);
	/* A touch on the bar may have left this screen: the next frame
	 * builds the new one. */
	if (a->screen == before)
		a->screen->frame(a, c, view, portrait);
	if (bar_last && a->screen == before)
		top_bar(a, c, w);
	if (a->lang_menu && a->countdown == 0)
		lang_popup(a, c, w, h);
	else if (a->countdown > 0) {
		char text[512], num[16];
		int pressed;
		snprintf(num, sizeof num, "%d", a->countdown);
		trf(a, "compte-a-rebours.texte", text, sizeof text, "n", num,
		    NULL);
		popup(c, w, h, "countdown", picto(a, "horaires"),
		    tr(a, "compte-a-rebours.titre"), text, picto(a, "oui"),
		    tr(a, "compte-a-rebours.bouton"), &pressed, NULL, 0, NULL);
		/* Any touch or key ends the countdown (kiosk.c). */
	} else if (a->gloss >= 0 && (size_t)a->gloss < a->pack->ngloss) {
		const pack_gloss *g = &a->pack->gloss[a->gloss];
		int close, listen = 0, x, y;
		char page[160];

		snprintf(page, sizeof page, "gloss:%s", g->word);
		int can = listen_available(a, page);
		int on = can && listen_playing(a, page);
		ui_rect box = popup(c, w, h, "gloss", picto(a, "info"), g->word,
		    g->explanation, CP_CLOSE, tr(a, "fermer"), &close,
		    can ? (on ? tr(a, "arreter") : tr(a, "ecouter")) : NULL,
		    on ? CP_STOP : CP_LISTEN, &listen);
		if (listen)
			listen_toggle(a, page);
		/* A touch beside the box closes it too. */
		if (close || (ui_tap_unused(c, &x, &y) && (x < box.x ||
		    y < box.y || x >= box.x + box.w || y >= box.y + box.h)))
			a->gloss = -1;
	}
	if (ui_key(c, NULL) == UI_KEY_ESCAPE) {
		if (a->lang_menu)
			a->lang_menu = 0;
		else if (a->gloss >= 0)
			a->gloss = -1;
		else if (a->countdown == 0)
			go_back(a);
	}
	if (a->screen != before)
		a->changed = 1;
}
