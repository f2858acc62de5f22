/*
 * screen.c - the table of screens, and moving between them (see
 * screen.h).
 */
#include "screens/screen.h"
#include "audio/player.h"
#include "content/i18n.h"
#include "jobs/stats.h"
#include "strbuf.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Every screen, in the order --page lists them.  One row per screen. */
static const struct screen *const table[] = {
	&screen_home,
	&screen_rights,
	&screen_rights_page,
	&screen_offers,
	&screen_theme,
	&screen_offer,
	&screen_feedback,
	&screen_thanks,
	&screen_pin,
	&screen_staff,
	&screen_staff_themes,
};
#define NSCREENS	(sizeof table / sizeof table[0])

static void
pin_clear(struct app *a)
{
	sodium_memzero(a->pin, sizeof a->pin);
}

/* Counts the arrival on the screen now shown, coming from `from`.  Staff
 * screens are not public use, nor is the first page after them. */
static void
count_view(struct app *a, const struct screen *from)
{
	char id[160];

	if (a->stats == NULL || (from && (from->flags & SCREEN_STAFF)))
		return;
	if (a->screen->count) {
		a->screen->count(a, from);
	} else if (!(a->screen->flags & SCREEN_STAFF)) {
		snprintf(id, sizeof id, "%s%s", a->screen->name, a->arg);
		stats_count(a->stats, STATS_PAGE, id);
		screens_count_language(a);
	}
}

void
go_quiet(struct app *a, const struct screen *s, const char *arg)
{
	if (a->code_ok)
		qr_free(&a->code);
	a->code_ok = 0;
	/* The PIN typed so far lives only on the PIN pad. */
	pin_clear(a);
	/* Every change of page, and the idle reset, silences the voice
	 * before the next frame is drawn (as listen_stop(): listen.c
	 * needs this file, so this one does not call it). */
	if (a->heard_page[0])
		player_stop(a->player);
	a->heard_page[0] = '\0';
	a->heard = -1;
	if (!(s->flags & SCREEN_KEEPS_MSG))
		a->staff_msg[0] = '\0';
	a->screen = s;
	snprintf(a->arg, sizeof a->arg, "%s", arg ? arg : "");
	a->gloss = -1;
	a->picked = 0;
	a->changed = 1;
	if (s->enter)
		s->enter(a);
}

void
go(struct app *a, const struct screen *s, const char *arg)
{
	const struct screen *from = a->screen;

	go_quiet(a, s, arg);
	count_view(a, from);
}

void
go_back(struct app *a)
{
	if (a->screen->back)
		a->screen->back(a);
	else if (a->screen->parent)
		go(a, a->screen->parent, NULL);
	else if (a->screen != &screen_home)
		go(a, &screen_home, NULL);
}

void
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
	go_quiet(a, &screen_home, NULL);
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

/* The screen id names, with its argument in *arg: an exact name first
 * ("feedback:merci" before "feedback:N"), then a name ending in ':' that
 * starts id, then such a name without its colon ("feedback": its
 * screen's default). */
static const struct screen *
find(const char *id, const char **arg)
{
	for (size_t i = 0; i < NSCREENS; i++)
		if (strcmp(table[i]->name, id) == 0) {
			*arg = "";
			return table[i];
		}
	for (size_t i = 0; i < NSCREENS; i++) {
		const char *n = table[i]->name;
		size_t len = strlen(n);
		if (len == 0 || n[len - 1] != ':')
			continue;
		if (strncmp(id, n, len) == 0) {
			*arg = id + len;
			return table[i];
		}
		if (strlen(id) == len - 1 && strncmp(id, n, len - 1) == 0) {
			*arg = "";
			return table[i];
		}
	}
	return NULL;
}

int
screens_goto(struct app *a, const char *id, err_t *e)
{
	const char *arg = "";
	const struct screen *s = find(id, &arg);
	char want[sizeof a->arg];

	e->msg[0] = '\0';
	snprintf(want, sizeof want, "%s", arg);
	if (s && (s->open == NULL || s->open(a, want, sizeof want, e) == 0)) {
		go(a, s, want);
		return 0;
	}
	if (e->msg[0])
		return -1;
	return err_set(e, "page '%s' does not exist in the pack %s: use "
	    "home, rights, rights:PAGE, offers, offers:THEME, "
	    "offer:ID, feedback or feedback:N", id, a->pack_path);
}

int
screens_at(const struct app *a, const char *name)
{
	return a->screen && strcmp(a->screen->name, name) == 0;
}

int
screens_staff(const struct app *a)
{
	return (a->screen->flags & SCREEN_STAFF) != 0;
}

int
screens_behind_pin(const struct app *a)
{
	return (a->screen->flags & SCREEN_BEHIND_PIN) != 0;
}

int
screens_timeout_ms(const struct app *a)
{
	return a->screen->timeout_ms;
}

void
screens_page_id(const struct app *a, char *buf, size_t n)
{
	int k = snprintf(buf, n, "%s%s", a->screen->name, a->arg);

	if (k < 0 || (size_t)k >= n)
		return;
	if (a->countdown > 0)
		snprintf(buf + k, n - (size_t)k, " countdown:%d", a->countdown);
	else if (a->gloss >= 0 && (size_t)a->gloss < a->pack->ngloss)
		snprintf(buf + k, n - (size_t)k, " gloss:%s",
		    a->pack->gloss[a->gloss].word);
	else if (a->lang_menu)
		snprintf(buf + k, n - (size_t)k, " languages");
}

void
screens_count_language(struct app *a)
{
	/* Pages and offers only: the questionnaire's own events end with
	 * the checkpoint that forgets the answers' order (stats.c), and
	 * nothing may follow it in the WAL. */
	stats_count(a->stats, STATS_LANGUAGE, a->pack->lang ? a->pack->lang :
	    "fr");
}

const char *
tr(const struct app *a, const char *name)
{
	return i18n_ui(a->pack, name);
}

const char *
trf(const struct app *a, const char *name, char *buf, size_t n, ...)
{
	va_list ap;

	va_start(ap, n);
	i18n_uifv(a->pack, name, NULL, buf, n, ap);
	va_end(ap);
	return buf;
}
