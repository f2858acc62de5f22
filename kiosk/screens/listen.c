/*
 * listen.c - "Écouter" (see listen.h).
 */
#include "screens/listen.h"
#include "audio/player.h"
#include "jobs/stats.h"

#include "log.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/* Whether the pack has audio for page, asked once per page: opening the
 * stream is what "Écouter" does, a millisecond. */
int
listen_available(struct app *a, const char *page)
{
	err_t e;
	astream *s;

	if (a->player == NULL)
		return 0;
	if (strcmp(a->audio_page, page) == 0 && a->audio_pack == a->pack)
		return a->audio_has;
	snprintf(a->audio_page, sizeof a->audio_page, "%s", page);
	a->audio_pack = a->pack;
	s = astream_open(a->pack_path, a->pack, a->msd, page, &e);
	a->audio_has = s != NULL;
	astream_close(s);
	return a->audio_has;
}

int
listen_playing(struct app *a, const char *page)
{
	return a->player != NULL && strcmp(a->heard_page, page) == 0 &&
	    player_playing(a->player);
}

void
listen_stop(struct app *a)
{
	if (a->player == NULL || a->heard_page[0] == '\0')
		return;
	player_stop(a->player);
	a->heard_page[0] = '\0';
	a->heard = -1;
}

void
listen_toggle(struct app *a, const char *page)
{
	astream *s;
	err_t e;
	long t0 = now_ms();

	if (listen_playing(a, page)) {
		listen_stop(a);
		return;
	}
	listen_stop(a);
	if ((s = astream_open(a->pack_path, a->pack, a->msd, page, &e)) ==
	    NULL) {
		/* Said, not shown: the button was there a moment ago (a
		 * pack replaced under it); it goes at the next page. */
		fprintf(stderr, "msd-kiosk: Écouter: %s\n", e.msg);
		a->audio_has = 0;
		return;
	}
	snprintf(a->heard_page, sizeof a->heard_page, "%s", page);
	a->heard = 0;
	/* The touch to the first sound (the bench reads it in the log):
	 * opening the clip, then the device's first call for samples. */
	a->heard_open_ms = now_ms() - t0;
	a->heard_told = 0;
	player_play(a->player, s);
	stats_count(a->stats, STATS_LISTENED, page);
}

int
listen_turn(struct app *a)
{
	char page[sizeof a->heard_page];
	const char *t;
	size_t n;
	long i;

	if (a->player == NULL || a->heard_page[0] == '\0')
		return 0;
	screens_page_id(a, page, sizeof page);
	/* "rights:le-rsa gloss:rSa" reads the popup: its page id is the
	 * popup's; without a popup, the page's. */
	{
		const char *g = strstr(page, " gloss:");
		const char *want = g ? g + 1 : page;

		if (g == NULL)
			page[strcspn(page, " ")] = '\0';
		if (strcmp(want, a->heard_page) != 0) {
			listen_stop(a);
			return 1;
		}
	}
	if (!player_playing(a->player)) {
		listen_stop(a);
		return 1;
	}
	if (!a->heard_told && player_first_ms(a->player) >= 0) {
		a->heard_told = 1;
		log_info("Écouter %s: first sound %ld ms after the touch "
		    "(%ld ms to open it)", a->heard_page, a->heard_open_ms +
		    player_first_ms(a->player), a->heard_open_ms);
	}
	i = player_sentence(a->player, &t, &n);
	if (i != a->heard) {
		a->heard = i;
		return 1;
	}
	return 0;
}
