/*
 * screens.c - the pages of the kiosk (see screens.h).
 *
 * Every page is a top bar (Retour, Accueil: always one touch away) over a
 * scroll box holding a centred column; text never gets clipped, it
 * scrolls.  The words people read here are FALC too: short sentences,
 * "vous", no abbreviations.
 */
#include "screens/screens.h"
#include "timeutil.h"
#include "content/labels.h"
#include "content/markup.h"
#include "screens/staff.h"
#include "jobs/stats.h"
#include "strbuf.h"
#include "text.h"
#include "utf8.h"

#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Pictograms of the kiosk's own chrome (FontAwesome 4.7), for what
 * assets/content/pictos.csv does not name. */
#define CP_CLOSE	0xf00d	/* a cross */
#define CP_CHECK	0xf00c	/* a check mark */
#define CP_BULLET	0xf111	/* a filled circle: list bullet */
#define CP_NEXT		0xf061	/* an arrow to the right */


static int
imax(int a, int b)
{
	return a > b ? a : b;
}

static int
imin(int a, int b)
{
	return a < b ? a : b;
}

static ui_color
rgb(unsigned v)
{
	ui_color c = { (unsigned char)(v >> 16), (unsigned char)(v >> 8),
	    (unsigned char)v, 255 };
	return c;
}

void
screens_style(ui_style *st, int w, int h, double dpi, const ui_measure *m)
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
	st->small = imax(20, st->body * 5 / 6);
	st->label = st->body * 7 / 6;
	st->title = st->body * 3 / 2;
	st->pad = imax(10, (int)lround(4 * mm));
	st->gap = imax(8, (int)lround(3 * mm));
	st->touch = (int)ceil(15 * mm);		/* buttons >= 15 mm */
	st->focus_w = imax(3, (int)lround(1 * mm));
	st->bar_w = imax(8, (int)lround(2.5 * mm));
	st->line = m->width(m->arg, UI_REGULAR, st->body, sample,
	    strlen(sample)) * 60 / (int)utf8_len(sample);
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
}

/* ------------------------------------------------------------ navigation */

static void
pin_clear(struct app *a)
{
	sodium_memzero(a->pin, sizeof a->pin);
}

int
screens_staff(const struct app *a)
{
	return a->page == PAGE_PIN || a->page == PAGE_STAFF ||
	    a->page == PAGE_STAFF_THEMES;
}

/* Counts the arrival on the page now shown, coming from `from`.  Staff
 * pages are not public use, nor is the first page after them. */
static void
count_view(struct app *a, enum page from)
{
	char id[160];

	if (a->stats == NULL || from == PAGE_PIN || from == PAGE_STAFF ||
	    from == PAGE_STAFF_THEMES)
		return;
	switch (a->page) {
	case PAGE_HOME:
		stats_count(a->stats, STATS_PAGE, "home");
		break;
	case PAGE_RIGHTS:
		stats_count(a->stats, STATS_PAGE, "rights");
		break;
	case PAGE_OFFERS:
		stats_count(a->stats, STATS_PAGE, "offers");
		break;
	case PAGE_RIGHTS_PAGE:
		snprintf(id, sizeof id, "rights:%s", a->arg);
		stats_count(a->stats, STATS_PAGE, id);
		break;
	case PAGE_THEME:
		snprintf(id, sizeof id, "offers:%s", a->arg);
		stats_count(a->stats, STATS_PAGE, id);
		break;
	case PAGE_OFFER:
		stats_count(a->stats, STATS_OFFER, a->arg);	/* offer id */
		if (a->code_ok)					/* QR on screen */
			stats_count(a->stats, STATS_QR, a->arg);
		break;
	case PAGE_FEEDBACK:
		/* Once per questionnaire, not per question. */
		if (from != PAGE_FEEDBACK)
			stats_count(a->stats, STATS_FEEDBACK_STARTED, NULL);
		break;
	case PAGE_THANKS:
		stats_count(a->stats, STATS_FEEDBACK_FINISHED, NULL);
		break;
	default:			/* PIN, staff: not public use */
		break;
	}
}

static void
go_quiet(struct app *a, enum page p, const char *arg)
{
	if (a->code_ok)
		qr_free(&a->code);
	a->code_ok = 0;
	if (a->page == PAGE_PIN || p == PAGE_PIN)
		pin_clear(a);
	if (p != PAGE_STAFF)
		a->staff_msg[0] = '\0';
	a->page = p;
	snprintf(a->arg, sizeof a->arg, "%s", arg ? arg : "");
	a->gloss = -1;
	a->changed = 1;
	if (p == PAGE_OFFER) {
		const pack_offer *o = pack_offer_find(a->pack, a->arg);
		err_t e;
		a->code_ok = o && qr_make(o->qr, &a->code, &e) == 0;
	}
}

/* Every page change a person makes: counted. */
static void
go(struct app *a, enum page p, const char *arg)
{
	enum page from = a->page;

	go_quiet(a, p, arg);
	count_view(a, from);
}

/* Opens a glossary explanation (t >= 0), counting the word once per
 * opening. */
static void
gloss_open(struct app *a, int t)
{
	if (t >= 0 && t != a->gloss && (size_t)t < a->pack->ngloss)
		stats_count(a->stats, STATS_GLOSSARY, a->pack->gloss[t].word);
	if (t >= 0)
		a->gloss = t;
}

void
screens_home(struct app *a)
{
	go_quiet(a, PAGE_HOME, NULL);
	a->countdown = 0;
}

void
screens_free(struct app *a)
{
	if (a->code_ok)
		qr_free(&a->code);
	a->code_ok = 0;
	pin_clear(a);
}

/* feedback (the first question), feedback:N, feedback:merci. */
static int
goto_feedback(struct app *a, const char *id, const char *arg, err_t *e)
{
	size_t n = a->pack->nquestions;
	char *end;
	long q = *arg ? strtol(arg, &end, 10) : 1;

	if (n == 0)
		return err_set(e, "page '%s': the pack %s has no feedback "
		    "questions (questions.csv of its sources)", id,
		    a->pack_path);
	if (strcmp(arg, "merci") == 0) {
		go(a, PAGE_THANKS, NULL);
		return 0;
	}
	if (*arg && (*end != '\0' || end == arg))
		q = 0;
	if (q < 1 || (size_t)q > n)
		return err_set(e, "page '%s' does not exist: the pack %s has "
		    "%zu feedback question%s, use feedback:1 to feedback:%zu "
		    "or feedback:merci", id, a->pack_path, n, n > 1 ? "s" : "",
		    n);
	char num[24];
	snprintf(num, sizeof num, "%ld", q);
	go(a, PAGE_FEEDBACK, num);
	return 0;
}

int
screens_goto(struct app *a, const char *id, err_t *e)
{
	const char *colon = strchr(id, ':');
	const char *arg = colon ? colon + 1 : "";

	if (strcmp(id, "home") == 0)
		go(a, PAGE_HOME, NULL);
	else if (strcmp(id, "rights") == 0)
		go(a, PAGE_RIGHTS, NULL);
	else if (strcmp(id, "offers") == 0)
		go(a, PAGE_OFFERS, NULL);
	else if (strcmp(id, "staff") == 0)
		go(a, PAGE_STAFF, NULL);
	else if (strcmp(id, "staff-pin") == 0)
		go(a, PAGE_PIN, NULL);
	else if (strncmp(id, "rights:", 7) == 0 && pack_page_find(a->pack, arg))
		go(a, PAGE_RIGHTS_PAGE, arg);
	else if (strncmp(id, "offers:", 7) == 0 &&
	    pack_theme_find(a->pack, arg))
		go(a, PAGE_THEME, arg);
	else if (strncmp(id, "offer:", 6) == 0 && pack_offer_find(a->pack, arg))
		go(a, PAGE_OFFER, arg);
	else if (strcmp(id, "staff-themes") == 0)
		go(a, PAGE_STAFF_THEMES, NULL);
	else if (strncmp(id, "feedback", 8) == 0 && (id[8] == '\0' ||
	    id[8] == ':'))
		return goto_feedback(a, id, arg, e);
	else
		return err_set(e, "page '%s' does not exist in the pack %s: use "
		    "home, rights, rights:PAGE, offers, offers:THEME, "
		    "offer:ID, feedback or feedback:N", id, a->pack_path);
	return 0;
}

static void
back(struct app *a)
{
	const pack_offer *o;

	switch (a->page) {
	case PAGE_RIGHTS_PAGE:
		go(a, PAGE_RIGHTS, NULL);
		break;
	case PAGE_THEME:
		go(a, PAGE_OFFERS, NULL);
		break;
	case PAGE_OFFER:
		o = pack_offer_find(a->pack, a->arg);
		if (o)
			go(a, PAGE_THEME, o->theme);
		else
			go(a, PAGE_OFFERS, NULL);
		break;
	case PAGE_STAFF_THEMES:
		go(a, PAGE_STAFF, NULL);
		break;
	case PAGE_HOME:
		break;		/* nowhere further back; never quits */
	default:
		go(a, PAGE_HOME, NULL);
		break;
	}
}

void
screens_page_id(const struct app *a, char *buf, size_t n)
{
	static const char *const names[] = { "home", "rights", "rights:",
	    "offers", "offers:", "offer:", "staff-pin", "staff", "feedback:",
	    "feedback:merci", "staff-themes" };
	int k = snprintf(buf, n, "%s%s", names[a->page], a->arg);

	if (k < 0 || (size_t)k >= n)
		return;
	if (a->countdown > 0)
		snprintf(buf + k, n - (size_t)k, " countdown:%d", a->countdown);
	else if (a->gloss >= 0 && (size_t)a->gloss < a->pack->ngloss)
		snprintf(buf + k, n - (size_t)k, " gloss:%s",
		    a->pack->gloss[a->gloss].word);
}

/* ------------------------------------------------------------ glossary */

int
screens_link(void *arg, const char *s, size_t *len)
{
	const struct app *a = arg;
	int best = -1;
	size_t best_len = 0;

	for (size_t i = 0; i < a->pack->ngloss; i++) {
		const pack_gloss *g = &a->pack->gloss[i];
		/* As lint counts it used (text.h): case and accents
		 * folded. */
		size_t n = text_match(s, g->word);
		for (size_t v = 0; v < g->nvariants; v++) {
			size_t m = text_match(s, g->variants[v]);
			if (m > n)
				n = m;
		}
		if (n > best_len) {
			best_len = n;
			best = (int)i;
		}
	}
	*len = best_len;
	return best;
}

/* ------------------------------------------------------------ helpers */

static uint32_t
picto(const struct app *a, const char *name)
{
	return pack_picto_cp(a->pack, name);
}

/* A pictogram beside a title, wrapped; as the next box of the column. */
static void
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
static int
blocks(ui_ctx *c, const char *idp, const char *body)
{
	ui_style *st = ui_get_style(c);
	block *b;
	size_t n = markup_parse(body, &b);
	int tapped = -1, t;
	char id[160];

	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%s.%zu", idp, i);
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
	markup_free(b, n);
	return tapped;
}

/* "Vérifié le ..." and the sources, small, at the bottom of a page. */
static void
footer(ui_ctx *c, const char *idp, const char *reviewed, const char *sources)
{
	ui_style *st = ui_get_style(c);
	char buf[256], day[64], id[160];
	int k = 0;

	ui_space(c, st->gap);
	ui_rect sep = ui_next(c, 2);
	sep.w = imin(sep.w, st->line);
	ui_fill(c, sep, st->card_pressed);
	time_fmt_iso_day_fr(reviewed, day, sizeof day);
	snprintf(buf, sizeof buf, "Vérifié le %s.", day);
	snprintf(id, sizeof id, "%s.reviewed", idp);
	ui_text(c, id, buf, UI_REGULAR, st->small, st->muted, 0, 0);
	/* One text per source line. */
	const char *s = sources;
	int many = strchr(sources, '\n') != NULL;
	snprintf(id, sizeof id, "%s.sources", idp);
	ui_text(c, id, many ? "Sources :" : "Source :", UI_REGULAR, st->small,
	    st->muted, 0, 0);
	while (*s) {
		size_t n = strcspn(s, "\n");
		if (n > 0 && n < sizeof buf) {
			memcpy(buf, s, n);
			buf[n] = '\0';
			snprintf(id, sizeof id, "%s.source%d", idp, k++);
			ui_text(c, id, buf, UI_REGULAR, st->small, st->muted,
			    st->body, 0);
		}
		s += n;
		if (*s == '\n')
			s++;
	}
}

struct item {
	char id[160];
	uint32_t cp;
	const char *label, *sub;
};

/* Buttons in 1 or 2 columns (2 when each is still wide enough to read
 * a label on a line or two).  Returns the index touched or -1. */
static int
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
		ui_rect row = ui_next(c, h);
		for (int k = i; k < n && k < i + cols; k++)
			if (ui_button(c, it[k].id, ui_split(row, k - i, cols,
			    st->gap), kind, it[k].cp, ps, it[k].label,
			    it[k].sub))
				hit = k;
	}
	return hit;
}

/* Starts the page's scroll box under the bar, with a centred column of
 * at most width max_w. */
static void
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

static void
body_end(ui_ctx *c)
{
	ui_space(c, ui_get_style(c)->pad * 3);
	ui_scroll_end(c);
}

/* ------------------------------------------------------------ top bar */

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

static const char *
section_name(const struct app *a)
{
	switch (a->page) {
	case PAGE_RIGHTS: case PAGE_RIGHTS_PAGE:
		return "Vos droits et vos devoirs";
	case PAGE_OFFERS: case PAGE_THEME: case PAGE_OFFER:
		return "Trouver de l'aide";
	case PAGE_FEEDBACK: case PAGE_THANKS:
		return "Donner votre avis";
	case PAGE_PIN: case PAGE_STAFF: case PAGE_STAFF_THEMES:
		return "Personnel";
	default:
		return "Département de la Savoie";
	}
}

/* Returns the bar's height (screens_frame() knows it beforehand). */
static int
top_bar(struct app *a, ui_ctx *c, int w)
{
	ui_style *st = ui_get_style(c);
	int bh = st->touch + 2 * st->gap, y = st->gap, lw = 0, rw = 0;

	ui_fill(c, (ui_rect){ 0, 0, w, bh }, st->card);
	ui_fill(c, (ui_rect){ 0, bh - 2, w, 2 }, st->accent);
	if (a->page != PAGE_HOME) {
		/* Keep the staff corner (top-left, 15 mm) clear of the
		 * Back button's edge: a 5-tap gesture there must not go
		 * back 5 times.  Taps on the button still count.  The
		 * questionnaire only goes forward: an answer is counted
		 * at its touch, going back would count it twice. */
		if (a->page != PAGE_FEEDBACK && a->page != PAGE_THANKS &&
		    bar_button(c, "bar:back", st->pad * 2, y, 0,
		    picto(a, "retour"), "Retour", &lw))
			back(a);
		if (bar_button(c, "bar:home", w - st->pad * 2, y, 1,
		    picto(a, "accueil"), "Accueil", &rw))
			go(a, PAGE_HOME, NULL);
	}
	int side = imax(lw, rw) + st->pad * 3;
	const char *name = section_name(a);
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

/* ------------------------------------------------------------ pages */

static void
page_home(struct app *a, ui_ctx *c, ui_rect view, int portrait)
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
		ui_rect row = ui_next(c, h);
		for (int k = i; k < i + cols; k++) {
			if (!ui_button(c, it[k].id, ui_split(row, k - i, cols,
			    st->gap), UI_BUTTON_PRIMARY, it[k].cp, ps,
			    it[k].label, it[k].sub))
				continue;
			go(a, k == 0 ? PAGE_RIGHTS : PAGE_OFFERS, NULL);
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
			go(a, PAGE_FEEDBACK, "1");
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

static void
page_rights(struct app *a, ui_ctx *c, ui_rect view)
{
	ui_style *st = ui_get_style(c);
	size_t n = a->pack->npages;
	struct item *it = xcalloc(n ? n : 1, sizeof *it);

	body_begin(c, view, st->line * 2 + st->gap);
	title_row(c, "rights:title", picto(a, "droits"),
	    "Vos droits et vos devoirs", st->title);
	ui_text(c, "rights:hint", "Touchez un sujet pour le lire.", UI_REGULAR,
	    st->body, st->text, 0, 0);
	for (size_t i = 0; i < n; i++) {
		snprintf(it[i].id, sizeof it[i].id, "rights:%s",
		    a->pack->pages[i].id);
		it[i].cp = picto(a, a->pack->pages[i].picto);
		it[i].label = a->pack->pages[i].title;
	}
	int k = grid(c, it, (int)n, UI_BUTTON_CARD);
	if (k >= 0)
		go(a, PAGE_RIGHTS_PAGE, a->pack->pages[k].id);
	free(it);
	body_end(c);
}

static void
page_rights_page(struct app *a, ui_ctx *c, ui_rect view)
{
	ui_style *st = ui_get_style(c);
	const pack_page *p = pack_page_find(a->pack, a->arg);
	size_t i;

	if (p == NULL)
		return;
	body_begin(c, view, st->line);
	title_row(c, "page:title", picto(a, p->picto), p->title, st->title);
	gloss_open(a, blocks(c, "page", p->body));
	footer(c, "page", p->reviewed_on, p->sources);
	/* Reading on: the next page, one touch away. */
	for (i = 0; i < a->pack->npages && &a->pack->pages[i] != p; i++)
		;
	if (i + 1 < a->pack->npages) {
		const pack_page *nx = &a->pack->pages[i + 1];
		struct item it = { "page:next", picto(a, nx->picto),
		    "À lire ensuite", nx->title };
		ui_space(c, st->gap);
		if (grid(c, &it, 1, UI_BUTTON_CARD) == 0)
			go(a, PAGE_RIGHTS_PAGE, nx->id);
	}
	body_end(c);
}

static int
theme_count(const struct app *a, const char *theme)
{
	int n = 0;

	for (size_t i = 0; i < a->pack->noffers; i++)
		if (strcmp(a->pack->offers[i].theme, theme) == 0 &&
		    pack_offer_at(&a->pack->offers[i], a->msd))
			n++;
	return n;
}

static void
page_offers(struct app *a, ui_ctx *c, ui_rect view)
{
	ui_style *st = ui_get_style(c);
	size_t n = a->pack->nthemes;
	struct item *it = xcalloc(n ? n : 1, sizeof *it);
	const char **ids = xcalloc(n ? n : 1, sizeof *ids);
	int k = 0;

	body_begin(c, view, st->line * 2 + st->gap);
	title_row(c, "offers:title", picto(a, "aide"), "Trouver de l'aide",
	    st->title);
	ui_text(c, "offers:hint", "Choisissez un thème.", UI_REGULAR, st->body,
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
	int hit = grid(c, it, k, UI_BUTTON_CARD);
	if (hit >= 0)
		go(a, PAGE_THEME, ids[hit]);
	free(it);
	free(ids);
	body_end(c);
}

static void
page_theme(struct app *a, ui_ctx *c, ui_rect view)
{
	ui_style *st = ui_get_style(c);
	const pack_theme *t = pack_theme_find(a->pack, a->arg);
	size_t n = a->pack->noffers;
	struct item *it;
	const char **ids;
	int k = 0;

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
		ui_text(c, "theme:none", "Il n'y a pas encore d'aide de ce "
		    "type dans votre maison sociale. Parlez-en à votre "
		    "référent.", UI_REGULAR, st->body, st->text, 0, 1);
	int hit = grid(c, it, k, UI_BUTTON_CARD);
	if (hit >= 0)
		go(a, PAGE_OFFER, ids[hit]);
	free(it);
	free(ids);
	body_end(c);
}

/* A subtitle with its pictogram, then the text. */
static int
section(ui_ctx *c, const char *id, uint32_t cp, const char *title,
    const char *text)
{
	ui_style *st = ui_get_style(c);
	char tid[64];

	if (text == NULL || *text == '\0')
		return -1;
	ui_space(c, st->gap / 2);
	snprintf(tid, sizeof tid, "%s.title", id);
	title_row(c, tid, cp, title, st->label);
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
	const char *cap = strncmp(o->qr, "tel:", 4) == 0 ?
	    "Scannez ce code avec votre téléphone pour appeler." :
	    "Scannez ce code avec votre téléphone pour garder cette "
	    "aide.";

	ui_rect in = ui_inset(p, st->pad);
	if (beside) {
		/* Centred like the text column above it. */
		int bw = imin(in.w, st->line + total + 2 * st->pad);
		in.x += (in.w - bw) / 2;
		in.w = bw;
	}
	int tw = beside ? in.w - total - 2 * st->pad : in.w;
	int th = ui_text_height(c, cap, UI_REGULAR, st->body, tw);
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
	    UI_REGULAR, st->body, st->text);
	int qx = beside ? in.x + in.w - total : in.x + (in.w - total) / 2;
	int qy = beside ? in.y + (in.h - total) / 2 : in.y + bh + st->pad;
	ui_qr(c, o->qr, &a->code, qx + quiet, qy + quiet, module);
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
			int pw = imax(view.w - st->line - 8 * st->pad,
			    view.w * 2 / 5);
			pw = imax(total + 2 * st->pad,
			    imin(pw, (int)(100 * st->mm)));
			p = (ui_rect){ view.x + view.w - pw - 2 * st->pad,
			    view.y + st->pad, pw, 0 };
			p.h = qr_panel(a, c, o, p, module, 0, 0);
			if (p.y + p.h <= view.y + view.h - st->pad) {
				textv.w = p.x - view.x;
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
page_offer(struct app *a, ui_ctx *c, ui_rect view, int portrait)
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
	    LABEL_FOR_WHOM, o->for_whom));
	gloss_open(a, section(c, "offer:cost", picto(a, "argent"),
	    LABEL_COST, o->cost));
	gloss_open(a, section(c, "offer:how", picto(a, "info"),
	    LABEL_HOW, o->how));
	gloss_open(a, section(c, "offer:contact", picto(a, "telephone"),
	    LABEL_CONTACT, o->contact));
	if (!a->code_ok)
		ui_text(c, "offer:noqr", "Le code à scanner n'a pas pu être "
		    "créé. Demandez l'adresse à l'accueil.", UI_REGULAR,
		    st->body, st->text, 0, 0);
	footer(c, "offer", o->reviewed_on, o->source);
	body_end(c);
}

/* ------------------------------------------------------------ feedback */

/* After question i (0-based), answered or skipped: the next one or the
 * thank-you. */
static void
feedback_next(struct app *a, int i)
{
	char num[24];

	if ((size_t)i + 1 < a->pack->nquestions) {
		snprintf(num, sizeof num, "%d", i + 2);
		go(a, PAGE_FEEDBACK, num);
	} else {
		go(a, PAGE_THANKS, NULL);
	}
}

/* Columns for n tiles in rows of at most k, balanced: 7 in rows of 4
 * are 4 + 3, not 4 + 3 in rows of 5. */
static int
balanced(int n, int k)
{
	int rows = (n + k - 1) / k;

	return (n + rows - 1) / rows;
}

/* Height of the answers' tiles at `cols` columns of width cw with
 * pictograms of ps pixels, and of all their rows in *total. */
static int
tiles_height(ui_ctx *c, const pack_question *q, int cols, int cw, int ps,
    int *total)
{
	int n = (int)q->nanswers, h = 0, rows = (n + cols - 1) / cols;

	for (int k = 0; k < n; k++)
		h = imax(h, ui_tile_height(c, cw, ps, q->answers[k].label));
	*total = rows * h + (rows - 1) * ui_get_style(c)->gap;
	return h;
}

/* The answers as tiles, pictogram above label, in balanced rows of
 * equal tiles.  Tiles are at least 55 mm wide and no word of a label is
 * cut; within that, the largest pictogram (from 3 times the title's
 * size down to the title's) that lets every row fit in `room` pixels; at
 * that size, the fewest empty places in the last row, then the fewest
 * columns (bigger tiles; two side by side at least: "Oui" beside "Non").
 * When nothing fits, the page scrolls.
 * Returns the answer touched, -1 if none. */
static int
answer_tiles(struct app *a, ui_ctx *c, const pack_question *q, int room)
{
	ui_style *st = ui_get_style(c);
	int n = (int)q->nanswers, W = ui_width(c), hit = -1;
	int maxc = imax(1, imin(imin(4, n), (W + st->gap) /
	    (int)(55 * st->mm + st->gap)));
	int cols = 0, cw = W, ps = st->title, h = 0, total;
	char id[160];

	if (n == 0)
		return -1;
	for (int fits = 0; maxc > 1 && !fits; ) {
		cw = (W - st->gap * (maxc - 1)) / maxc;
		fits = 1;
		for (int k = 0; k < n; k++)
			fits &= ui_text_fits(c, q->answers[k].label, UI_BOLD,
			    st->label, cw - 2 * st->pad);
		if (!fits)
			maxc--;
	}
	for (int p = st->title * 3; p >= st->title && cols == 0; p = p * 5 / 6)
		for (int k = imin(2, maxc), empty = n; k <= maxc; k++) {
			int kc = balanced(n, k), rows = (n + kc - 1) / kc;
			int kw = (W - st->gap * (kc - 1)) / kc;
			tiles_height(c, q, kc, kw, p, &total);
			if (total <= room && rows * kc - n < empty) {
				cols = kc;
				ps = p;
				empty = rows * kc - n;
			}
		}
	if (cols == 0)
		cols = balanced(n, maxc);
	cw = (W - st->gap * (cols - 1)) / cols;
	h = tiles_height(c, q, cols, cw, ps, &total);
	for (int i = 0; i < n; i += cols) {
		ui_rect row = ui_next(c, h);
		/* A last row with fewer tiles: the same size, centred. */
		int left = imin(cols, n - i);
		row.x += (cols - left) * (cw + st->gap) / 2;
		for (int k = i; k < i + left; k++) {
			ui_rect r = { row.x + (k - i) * (cw + st->gap), row.y,
			    cw, h };
			snprintf(id, sizeof id, "feedback:%s", q->answers[k].picto);
			if (ui_tile(c, id, r, UI_BUTTON_CARD,
			    picto(a, q->answers[k].picto), ps,
			    q->answers[k].label))
				hit = k;
		}
	}
	return hit;
}

/* One question: where we are, the question, its answers; "Passer" on
 * the line of "Question 2 sur 4", always in sight. */
static void
page_feedback(struct app *a, ui_ctx *c, ui_rect view)
{
	ui_style *st = ui_get_style(c);
	int i = atoi(a->arg) - 1, pw, skip;
	const pack_question *q;
	char buf[64];

	if (i < 0 || (size_t)i >= a->pack->nquestions)
		return;
	q = &a->pack->questions[i];
	body_begin(c, view, st->line * 2 + st->gap);
	const char *skip_label = "Passer";
	pw = st->pad * 3 + st->label * 3 / 2 + ui_text_width(c, skip_label,
	    UI_BOLD, st->label);
	snprintf(buf, sizeof buf, "Question %d sur %zu", i + 1,
	    a->pack->nquestions);
	int tw = imin(ui_width(c) - pw - st->gap, ui_text_width(c, buf,
	    UI_BOLD, st->label));
	int th = ui_text_height(c, buf, UI_BOLD, st->label, tw);
	ui_rect top = ui_next(c, imax(st->touch, th));
	ui_label(c, "feedback:progress", (ui_rect){ top.x, top.y +
	    (top.h - th) / 2, tw, th }, buf, UI_BOLD, st->label, st->accent);
	/* A short screen (a 10" panel) keeps its height for the answers. */
	title_row(c, "feedback:question", picto(a, "avis"), q->text,
	    view.h >= 150 * st->mm ? st->title : st->label);
	ui_text(c, "feedback:hint", i == 0 ? "Touchez votre réponse. Vous ne "
	    "donnez pas votre nom." : "Touchez votre réponse.", UI_REGULAR,
	    st->body, st->text, 0, 0);
	ui_space(c, st->gap);
	int k = answer_tiles(a, c, q, view.h - ui_used(c) - st->pad * 3 -
	    st->body * 3 / 5);
	/* Drawn after the answers: Tab reaches them first. */
	skip = ui_button(c, "feedback:skip", (ui_rect){ top.x + top.w - pw,
	    top.y, pw, top.h }, UI_BUTTON_CARD, CP_NEXT, st->label, skip_label,
	    NULL);
	body_end(c);
	if (k >= 0) {
		/* Counted now, with nothing that ties it to the other
		 * answers; nothing of it stays in memory. */
		stats_answer(a->stats, q->id, q->answers[k].picto);
		feedback_next(a, i);
	} else if (skip) {
		feedback_next(a, i);
	}
}

static void
page_thanks(struct app *a, ui_ctx *c, ui_rect view)
{
	ui_style *st = ui_get_style(c);

	body_begin(c, view, st->line);
	title_row(c, "thanks:title", picto(a, "content"), "Merci !",
	    st->title);
	ui_text(c, "thanks:text", "Merci pour vos réponses. Elles aident le "
	    "Département à mieux vous accueillir.", UI_REGULAR, st->body,
	    st->text, 0, 0);
	ui_text(c, "thanks:back", "La borne revient à l'accueil dans quelques "
	    "secondes.", UI_REGULAR, st->body, st->text, 0, 0);
	ui_space(c, st->gap);
	struct item it = { "thanks:home", picto(a, "accueil"),
	    "Revenir à l'accueil", NULL };
	if (grid(c, &it, 1, UI_BUTTON_PRIMARY) == 0)
		go(a, PAGE_HOME, NULL);
	body_end(c);
}

static void
pin_submit(struct app *a)
{
	time_t now = time(NULL);

	if (strlen(a->pin) < STAFF_PIN_MIN || pinlock_wait(&a->pinlock, now))
		return;
	if (staff_pin_ok(a->pin_hash, a->pin)) {
		pinlock_ok(&a->pinlock);
		go(a, PAGE_STAFF, NULL);
		return;
	}
	pin_clear(a);
	pinlock_failed(&a->pinlock, now);
	snprintf(a->staff_msg, sizeof a->staff_msg, "Code faux.");
}

/* "Trop d'essais. Réessayez dans 2 minutes." */
static void
lock_hint(long s, char *buf, size_t n)
{
	long m = (s + 59) / 60;

	if (s < 60)
		snprintf(buf, n, "Trop d'essais. Réessayez dans %ld seconde%s.",
		    s, s > 1 ? "s" : "");
	else
		snprintf(buf, n, "Trop d'essais. Réessayez dans %ld minute%s.",
		    m, m > 1 ? "s" : "");
}

static void
pin_key(struct app *a, char d)
{
	size_t n = strlen(a->pin);

	if (d == '\b') {
		if (n > 0)
			a->pin[n - 1] = '\0';
	} else if (n + 1 < sizeof a->pin && n < 12) {
		a->pin[n] = d;
		a->pin[n + 1] = '\0';
	}
	a->staff_msg[0] = '\0';
}

static void
page_pin(struct app *a, ui_ctx *c, ui_rect view)
{
	ui_style *st = ui_get_style(c);
	static const char *const keys[12] = { "1", "2", "3", "4", "5", "6",
	    "7", "8", "9", "Effacer", "0", "Valider" };
	long wait = pinlock_wait(&a->pinlock, time(NULL));
	int locked = wait > 0;
	char hint[128];

	body_begin(c, view, st->line);
	title_row(c, "pin:title", picto(a, "cadenas"), "Espace du personnel",
	    st->title);
	if (a->pin_hash == NULL || a->pin_hash[0] == '\0') {
		ui_text(c, "pin:none", "Aucun code n'est configuré. Ajoutez "
		    "pin_hash dans la section [kiosk] de la configuration. "
		    "La commande msd-kiosk --hash-pin le calcule.", UI_REGULAR,
		    st->body, st->text, 0, 0);
		body_end(c);
		return;
	}
	if (locked)
		lock_hint(wait, hint, sizeof hint);
	else
		snprintf(hint, sizeof hint, "Tapez le code du personnel.");
	ui_text(c, "pin:hint", hint, UI_REGULAR, st->body, st->text, 0, 0);
	/* One dot per digit typed; never the digits. */
	ui_rect dots = ui_next(c, st->title * 3 / 2);
	for (size_t i = 0; i < strlen(a->pin); i++)
		ui_icon(c, (ui_rect){ dots.x + (int)i * st->title, dots.y,
		    st->title, dots.h }, CP_BULLET, st->body, st->text);
	if (a->staff_msg[0])
		ui_text(c, "pin:msg", a->staff_msg, UI_BOLD, st->body,
		    st->text, 0, 0);
	int kw = ui_width(c);
	int kh = imax(st->touch, (int)(18 * st->mm));
	for (int r = 0; r < 4 && !locked; r++) {
		ui_rect row = ui_next(c, kh);
		row.w = kw;
		for (int k = 0; k < 3; k++) {
			const char *key = keys[r * 3 + k];
			char id[32];
			snprintf(id, sizeof id, "pin:%s", key);
			uint32_t cp = strcmp(key, "Valider") == 0 ? CP_CHECK :
			    strcmp(key, "Effacer") == 0 ? CP_CLOSE : 0;
			if (!ui_button(c, id, ui_split(row, k, 3, st->gap),
			    UI_BUTTON_PRIMARY, cp, st->body, key, NULL))
				continue;
			if (cp == CP_CHECK)
				pin_submit(a);
			else
				pin_key(a, cp == CP_CLOSE ? '\b' : key[0]);
		}
	}
	body_end(c);
	char d;
	enum ui_key k = ui_key(c, &d);
	if (!locked && k == UI_KEY_DIGIT)
		pin_key(a, d);
	else if (!locked && k == UI_KEY_BACKSPACE)
		pin_key(a, '\b');
	else if (!locked && k == UI_KEY_ENTER)
		pin_submit(a);
}

static void
page_staff(struct app *a, ui_ctx *c, ui_rect view)
{
	ui_style *st = ui_get_style(c);
	char line[1024];
	struct item it[16];
	int n = 0, map[16];

	body_begin(c, view, st->line);
	title_row(c, "staff:title", picto(a, "cadenas"), "Menu du personnel",
	    st->title);
	staff_pack_line(a, line, sizeof line);
	ui_text(c, "staff:pack", line, UI_REGULAR, st->body, st->text, 0, 0);
	staff_sync_line(a, line, sizeof line);
	if (line[0])
		ui_text(c, "staff:sync", line, UI_REGULAR, st->body, st->text,
		    0, 0);
	staff_report_line(a, line, sizeof line);
	if (line[0])
		ui_text(c, "staff:report", line, UI_REGULAR, st->body,
		    st->text, 0, 0);
	if (a->staff_msg[0])
		ui_text(c, "staff:msg", a->staff_msg, UI_BOLD, st->body,
		    st->text, 0, 0);
	for (int i = 0; staff_menu[i].id && n < 16; i++) {
		if (staff_menu[i].available && !staff_menu[i].available(a))
			continue;
		snprintf(it[n].id, sizeof it[n].id, "%s", staff_menu[i].id);
		it[n].cp = picto(a, staff_menu[i].picto);
		it[n].label = staff_menu[i].label;
		it[n].sub = NULL;
		map[n++] = i;
	}
	int hit = grid(c, it, n, UI_BUTTON_PRIMARY);
	if (hit >= 0) {
		a->staff_msg[0] = '\0';
		staff_menu[map[hit]].run(a);
	}
	body_end(c);
}

/* The themes of this MSD: a touch prints that theme's sheet, and the
 * message says what was sent to which printer, or what failed. */
static void
page_staff_themes(struct app *a, ui_ctx *c, ui_rect view)
{
	ui_style *st = ui_get_style(c);
	size_t n = a->pack->nthemes;
	struct item *it = xcalloc(n ? n : 1, sizeof *it);
	const char **ids = xcalloc(n ? n : 1, sizeof *ids);
	char (*subs)[32] = xcalloc(n ? n : 1, sizeof *subs);
	int k = 0;

	body_begin(c, view, st->line * 2 + st->gap);
	title_row(c, "staff-themes:title", picto(a, "imprimer"),
	    "Imprimer la feuille d'un thème", st->title);
	if (a->staff_msg[0])
		ui_text(c, "staff-themes:msg", a->staff_msg, UI_BOLD, st->body,
		    st->text, 0, 0);
	else
		ui_text(c, "staff-themes:hint", "Touchez un thème pour imprimer "
		    "sa feuille.", UI_REGULAR, st->body, st->text, 0, 0);
	for (size_t i = 0; i < n; i++) {
		const pack_theme *t = &a->pack->themes[i];
		int count = theme_count(a, t->id);
		if (count == 0)
			continue;
		snprintf(it[k].id, sizeof it[k].id, "staff-themes:%s", t->id);
		snprintf(subs[k], sizeof subs[k], "%d offre%s", count,
		    count > 1 ? "s" : "");
		it[k].cp = picto(a, t->picto);
		it[k].label = t->title;
		it[k].sub = subs[k];
		ids[k++] = t->id;
	}
	int hit = grid(c, it, k, UI_BUTTON_CARD);
	if (hit >= 0)
		staff_print_theme(a, ids[hit]);
	free(it);
	free(ids);
	free(subs);
	body_end(c);
}

/* ------------------------------------------------------------ popups */

/* A centred box: title row, text, one button.  Returns the box. */
static ui_rect
popup(ui_ctx *c, int w, int h, const char *id, uint32_t cp,
    const char *title, const char *text, uint32_t bcp, const char *blabel,
    int *pressed)
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

	ui_fill(c, (ui_rect){ 0, 0, w, h }, st->shade);
	ui_fill(c, box, st->bg);
	ui_frame(c, box, imax(3, st->focus_w), st->accent);
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
	return box;
}

/* ------------------------------------------------------------ frame */

void
screens_frame(struct app *a, ui_ctx *c, int w, int h)
{
	int modal = a->gloss >= 0 || a->countdown > 0;
	int portrait = h > w;
	enum page before = a->page;
	ui_style *st = ui_get_style(c);
	int bh = st->touch + 2 * st->gap;	/* top_bar()'s height */
	ui_rect view = { 0, bh, w, h - bh };
	/* In the questionnaire, the bar comes after the page in Tab order:
	 * the keyboard goes to the answers first (and, after an answer, to
	 * the next question's first answer, not to "Accueil"). */
	int bar_last = a->page == PAGE_FEEDBACK || a->page == PAGE_THANKS;

	a->changed = 0;
	ui_set_inert(c, modal);
	if (!bar_last)
		top_bar(a, c, w);
	if (a->page == before) {
		switch (a->page) {
		case PAGE_HOME: page_home(a, c, view, portrait); break;
		case PAGE_RIGHTS: page_rights(a, c, view); break;
		case PAGE_RIGHTS_PAGE: page_rights_page(a, c, view); break;
		case PAGE_OFFERS: page_offers(a, c, view); break;
		case PAGE_THEME: page_theme(a, c, view); break;
		case PAGE_OFFER: page_offer(a, c, view, portrait); break;
		case PAGE_PIN: page_pin(a, c, view); break;
		case PAGE_STAFF: page_staff(a, c, view); break;
		case PAGE_FEEDBACK: page_feedback(a, c, view); break;
		case PAGE_THANKS: page_thanks(a, c, view); break;
		case PAGE_STAFF_THEMES: page_staff_themes(a, c, view); break;
		}
	}
	if (bar_last && a->page == before)
		top_bar(a, c, w);
	ui_set_inert(c, 0);
	if (a->countdown > 0) {
		char text[160];
		int pressed;
		snprintf(text, sizeof text, "La borne revient à l'accueil dans "
		    "%d seconde%s. Touchez l'écran pour continuer.",
		    a->countdown, a->countdown > 1 ? "s" : "");
		popup(c, w, h, "countdown", picto(a, "horaires"),
		    "Vous êtes encore là ?", text, picto(a, "oui"),
		    "Je continue", &pressed);
		/* Any touch or key ends the countdown (kiosk.c). */
	} else if (a->gloss >= 0 && (size_t)a->gloss < a->pack->ngloss) {
		const pack_gloss *g = &a->pack->gloss[a->gloss];
		int close, x, y;
		ui_rect box = popup(c, w, h, "gloss", picto(a, "info"), g->word,
		    g->explanation, CP_CLOSE, "Fermer", &close);
		/* A touch beside the box closes it too. */
		if (close || (ui_tap_unused(c, &x, &y) && (x < box.x ||
		    y < box.y || x >= box.x + box.w || y >= box.y + box.h)))
			a->gloss = -1;
	}
	if (ui_key(c, NULL) == UI_KEY_ESCAPE) {
		if (a->gloss >= 0)
			a->gloss = -1;
		else if (a->countdown == 0)
			back(a);
	}
	if (a->page != before)
		a->changed = 1;
}
