/*
 * feedback.c - the questionnaire, one question a screen, and its
 * thank-you.
 */
#include "screens/parts.h"
#include "jobs/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* After question i (0-based), answered or skipped: the next one or the
 * thank-you. */
static void
feedback_next(struct app *a, int i)
{
	char num[24];

	if ((size_t)i + 1 < a->pack->nquestions) {
		snprintf(num, sizeof num, "%d", i + 2);
		go(a, &screen_feedback, num);
	} else {
		go(a, &screen_thanks, NULL);
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
			/* A chosen answer of a several-answers question
			 * looks pressed: dark, as an action button. */
			int on = (a->picked >> k) & 1;
			if (ui_tile(c, id, r, on ? UI_BUTTON_PRIMARY :
			    UI_BUTTON_CARD, picto(a, q->answers[k].picto), ps,
			    q->answers[k].label))
				hit = k;
			/* Not by colour alone: a check mark in its corner. */
			if (on)
				ui_icon(c, (ui_rect){ r.x + r.w - st->title * 2,
				    r.y + st->pad, st->title * 3 / 2,
				    st->title * 3 / 2 }, CP_CHECK, st->title,
				    st->on_accent);
		}
	}
	return hit;
}

/* One question: where we are, the question, its answers; "Passer" on
 * the line of "Question 2 sur 4", always in sight. */
/* A touch on answer k of a several-answers question: chosen or no
 * longer.  "Rien" ("nothing") goes alone: it clears the others, and
 * they clear it. */
static void
toggle(struct app *a, const pack_question *q, int k)
{
	unsigned long long bit = 1ULL << k, none = 0;

	for (size_t j = 0; j < q->nanswers && j < 64; j++)
		if (strcmp(q->answers[j].picto, "rien") == 0)
			none |= 1ULL << j;
	if (a->picked & bit)
		a->picked &= ~bit;
	else if (bit & none)
		a->picked = bit;
	else
		a->picked = (a->picked & ~none) | bit;
}

/* "Valider": each answer chosen counted now, on its own (the day is all
 * that is stored with it: nothing ties the answers of one person). */
static void
count_picked(struct app *a, const pack_question *q)
{
	for (size_t k = 0; k < q->nanswers && k < 64; k++)
		if ((a->picked >> k) & 1)
			stats_answer(a->stats, q->id, q->answers[k].picto);
}

static void
frame(struct app *a, ui_ctx *c, ui_rect view, int portrait)
{
	ui_style *st = ui_get_style(c);
	int i = atoi(a->arg) - 1, pw, skip;
	const pack_question *q;
	char buf[256], num[16], total[16];

	(void)portrait;
	if (i < 0 || (size_t)i >= a->pack->nquestions)
		return;
	q = &a->pack->questions[i];
	body_begin(c, view, st->line * 2 + st->gap);
	const char *skip_label = tr(a, "passer");
	pw = st->pad * 3 + st->label * 3 / 2 + ui_text_width(c, skip_label,
	    UI_BOLD, st->label);
	snprintf(num, sizeof num, "%d", i + 1);
	snprintf(total, sizeof total, "%zu", a->pack->nquestions);
	trf(a, "avis.progression", buf, sizeof buf, "n", num, "total", total,
	    NULL);
	const char *done_label = tr(a, "valider");
	int multiple = q->multiple && q->nanswers <= 64;
	int vw = multiple ? st->pad * 3 + st->label * 3 / 2 +
	    ui_text_width(c, done_label, UI_BOLD, st->label) : 0;
	int tw = imin(ui_width(c) - pw - st->gap - (vw ? vw + st->gap : 0),
	    ui_text_width(c, buf, UI_BOLD, st->label));
	int th = ui_text_height(c, buf, UI_BOLD, st->label, tw);
	ui_rect top = ui_next(c, imax(st->touch, th));
	ui_label(c, "feedback:progress", (ui_rect){ top.x, top.y +
	    (top.h - th) / 2, tw, th }, buf, UI_BOLD, st->label, st->accent);
	/* A short screen (a 10" panel) keeps its height for the answers. */
	title_row(c, "feedback:question", picto(a, "avis"), q->text,
	    view.h >= 150 * st->mm ? st->title : st->label);
	const char *hint = multiple ? (i == 0 ?
	    tr(a, "avis.consigne.plusieurs.premiere") :
	    tr(a, "avis.consigne.plusieurs")) : i == 0 ?
	    tr(a, "avis.consigne.premiere") : tr(a, "avis.consigne");
	ui_text(c, "feedback:hint", hint, UI_REGULAR, st->body, st->text, 0,
	    0);
	ui_space(c, st->gap);
	int k = answer_tiles(a, c, q, view.h - ui_used(c) - st->pad * 3 -
	    st->body * 3 / 5);
	int done = 0;
	if (multiple) {
		/* "Valider" beside "Passer", always in sight (under the
		 * answers, a short screen would hide it). */
		ui_rect r = { top.x + top.w - pw - st->gap - vw, top.y, vw,
		    top.h };
		done = ui_button(c, "feedback:done", r, UI_BUTTON_PRIMARY,
		    CP_CHECK, st->label, done_label, NULL);
	}
	/* Drawn after the answers: Tab reaches them first. */
	skip = ui_button(c, "feedback:skip", (ui_rect){ top.x + top.w - pw,
	    top.y, pw, top.h }, UI_BUTTON_CARD, CP_NEXT, st->label, skip_label,
	    NULL);
	body_end(c);
	if (multiple && k >= 0) {
		toggle(a, q, k);
		ui_again(c);
	} else if (multiple && done) {
		count_picked(a, q);
		feedback_next(a, i);
	} else if (k >= 0) {
		/* Counted now, with nothing that ties it to the other
		 * answers; nothing of it stays in memory. */
		stats_answer(a->stats, q->id, q->answers[k].picto);
		feedback_next(a, i);
	} else if (skip) {
		feedback_next(a, i);
	}
}

static void
frame_thanks(struct app *a, ui_ctx *c, ui_rect view, int portrait)
{
	ui_style *st = ui_get_style(c);

	(void)portrait;
	body_begin(c, view, st->line);
	title_row(c, "thanks:title", picto(a, "content"), tr(a, "merci"),
	    st->title);
	ui_text(c, "thanks:text", tr(a, "merci.texte"), UI_REGULAR, st->body,
	    st->text, 0, 0);
	ui_text(c, "thanks:back", tr(a, "merci.retour"), UI_REGULAR,
	    st->body, st->text, 0, 0);
	ui_space(c, st->gap);
	struct item it = { "thanks:home", picto(a, "accueil"),
	    tr(a, "merci.accueil"), NULL };
	if (grid(c, &it, 1, UI_BUTTON_PRIMARY) == 0)
		go(a, &screen_home, NULL);
	body_end(c);
}

/* Without questions there is no questionnaire, nor its thank-you. */
static int
have_questions(struct app *a, const char *id, err_t *e)
{
	if (a->pack->nquestions > 0)
		return 0;
	return err_set(e, "page '%s': the pack %s has no feedback "
	    "questions (questions.csv of its sources)", id, a->pack_path);
}

/* feedback (the first question) or feedback:N. */
static int
open_question(struct app *a, char *arg, size_t size, err_t *e)
{
	size_t n = a->pack->nquestions;
	char id[160], *end;
	long q = *arg ? strtol(arg, &end, 10) : 1;

	snprintf(id, sizeof id, "feedback%s%s", *arg ? ":" : "", arg);
	if (have_questions(a, id, e) != 0)
		return -1;
	if (*arg && (*end != '\0' || end == arg))
		q = 0;
	if (q < 1 || (size_t)q > n)
		return err_set(e, "page '%s' does not exist: the pack %s has "
		    "%zu feedback question%s, use feedback:1 to feedback:%zu "
		    "or feedback:merci", id, a->pack_path, n, n > 1 ? "s" : "",
		    n);
	snprintf(arg, size, "%ld", q);
	return 0;
}

static int
open_thanks(struct app *a, char *arg, size_t n, err_t *e)
{
	(void)arg; (void)n;
	return have_questions(a, "feedback:merci", e);
}

/* Once per questionnaire, not per question. */
static void
count(struct app *a, const struct screen *from)
{
	if (from != &screen_feedback)
		stats_count(a->stats, STATS_FEEDBACK_STARTED, NULL);
}

static void
count_thanks(struct app *a, const struct screen *from)
{
	(void)from;
	stats_count(a->stats, STATS_FEEDBACK_FINISHED, NULL);
}

const struct screen screen_feedback = {
	.name = "feedback:",
	.section = WORD("avis"),
	.flags = SCREEN_NO_BACK | SCREEN_BAR_LAST,
	.open = open_question,
	.count = count,
	.frame = frame,
};

const struct screen screen_thanks = {
	.name = "feedback:merci",
	.section = WORD("avis"),
	.flags = SCREEN_NO_BACK | SCREEN_BAR_LAST,
	.timeout_ms = 8000,	/* then home */
	.open = open_thanks,
	.count = count_thanks,
	.frame = frame_thanks,
};

void
screens_picked(const struct app *a, char *buf, size_t n)
{
	size_t k = 0;
	long i = atol(a->arg) - 1;

	buf[0] = '\0';
	if (a->screen != &screen_feedback || i < 0 ||
	    (size_t)i >= a->pack->nquestions)
		return;
	const pack_question *q = &a->pack->questions[i];
	for (size_t j = 0; j < q->nanswers && j < 64; j++) {
		if (!((a->picked >> j) & 1))
			continue;
		int w = snprintf(buf + k, n - k, "%s%s", k ? "," : "",
		    q->answers[j].picto);
		if (w < 0 || (size_t)w >= n - k)
			break;
		k += (size_t)w;
	}
}
