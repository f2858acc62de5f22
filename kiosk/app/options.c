/*
 * options.c - the kiosk's command line: --content, --msd, --windowed, --page,
 * --screenshot and the options of tests and benches.
 */
#include "app/kiosk.h"
#include "log.h"
#include "timeutil.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
kiosk_usage(void)
{
	fputs("usage: msd-kiosk [-c FILE] [--content PACK] [--msd CODE] "
	    "[--windowed WxH]\n"
	    "         [--page PAGE] [--screenshot FILE.png] "
	    "[--layout-report FILE]\n"
	    "         [--read-aloud FILE.wav] [--lang LANG] [--large-text]\n"
	    "         [--dpi N] [--state-file FILE] [--bench-page-changes N]\n"
	    "         [--clock-start \"YYYY-MM-DD HH:MM:SS\"]\n"
	    "       msd-kiosk --hash-pin < PIN\n"
	    "PAGE: home, rights, rights:PAGE, offers, offers:THEME, offer:ID,\n"
	    "      feedback, feedback:N, feedback:merci\n"
	    "LANG: fr (the default), or a language of the pack: en, ar, uk\n"
	    "PACK defaults to [kiosk] content, else " PACK_DEFAULT_PATH "\n",
	    stderr);
	return 2;
}

static int
parse_size(const char *s, int *w, int *h)
{
	char x;
	return sscanf(s, "%d%c%d", w, &x, h) == 3 && (x == 'x' || x == 'X') &&
	    *w >= 320 && *h >= 320 && *w <= 16384 && *h <= 16384 ? 0 : -1;
}

/* The options that only take a string, and where it goes. */
static const struct {
	const char *name;
	size_t off;
} strings[] = {
	{ "--content", offsetof(struct opts, content) },
	{ "--msd", offsetof(struct opts, msd) },
	{ "--page", offsetof(struct opts, page) },
	{ "--screenshot", offsetof(struct opts, screenshot) },
	{ "--read-aloud", offsetof(struct opts, read_aloud) },
	{ "--lang", offsetof(struct opts, lang) },
	{ "--layout-report", offsetof(struct opts, report) },
	{ "--state-file", offsetof(struct opts, state_file) },
};
#define NSTRINGS	(sizeof strings / sizeof strings[0])

static int
is_number(const char *a)
{
	static const char *const names[] = { "--windowed", "--dpi",
	    "--bench-page-changes", "--countdown", "--tap", "--key",
	    "--clock-start" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(a, names[i]) == 0)
			return 1;
	return 0;
}

/* The options whose value is read: 0, -1 after saying why, 1 for an
 * option that is not one of them. */
static int
take_number(struct opts *o, const char *a, const char *v)
{
	char *end;

	if (strcmp(a, "--windowed") == 0) {
		if (parse_size(v, &o->win_w, &o->win_h) != 0) {
			fprintf(stderr, "msd-kiosk: --windowed %s: expected "
			    "WxH, e.g. 1280x800\n", v);
			return -1;
		}
	} else if (strcmp(a, "--dpi") == 0) {
		o->dpi = strtod(v, &end);
		/* Written so that NaN fails too (every comparison with it is
		 * false): it once reached the layout as a blank screenshot. */
		if (end == v || *end != '\0' ||
		    !(o->dpi >= 30 && o->dpi <= 1000)) {
			fprintf(stderr, "msd-kiosk: --dpi %s: expected a number "
			    "of dots per inch, 30 to 1000\n", v);
			return -1;
		}
	} else if (strcmp(a, "--bench-page-changes") == 0) {
		o->bench_changes = atoi(v);
		if (o->bench_changes < 1) {
			fprintf(stderr, "msd-kiosk: --bench-page-changes %s: "
			    "expected N >= 1\n", v);
			return -1;
		}
	} else if (strcmp(a, "--clock-start") == 0) {
		time_t t;
		size_t n = strlen(v);
		int sec = 0;

		/* Seconds too: a test waits 3 s for 17:00, not a minute. */
		if (n == 19 && v[16] == ':' && isdigit((unsigned char)v[17]) &&
		    isdigit((unsigned char)v[18]))
			sec = (v[17] - '0') * 10 + (v[18] - '0');
		if (time_parse_datetime(v, &t) != 0 || sec > 59) {
			fprintf(stderr, "msd-kiosk: --clock-start %s: expected "
			    "\"YYYY-MM-DD HH:MM:SS\" (local time)\n", v);
			return -1;
		}
		o->clock_offset = (long)(t + sec - time(NULL));
	} else if (strcmp(a, "--countdown") == 0) {
		o->countdown = atoi(v);
	} else if (strcmp(a, "--tap") == 0 && o->nkeys < MAX_TAPS) {
		if (sscanf(v, "%d,%d", &o->taps[o->ntaps][0],
		    &o->taps[o->ntaps][1]) != 2) {
			fprintf(stderr, "msd-kiosk: --tap %s: expected X,Y\n",
			    v);
			return -1;
		}
		o->keys[o->nkeys++] = NULL;	/* keeps the order */
		o->ntaps++;
	} else if (strcmp(a, "--key") == 0 && o->nkeys < MAX_TAPS) {
		o->keys[o->nkeys++] = v;
	} else {
		return 1;
	}
	return 0;
}

int
kiosk_parse_opts(int argc, char **argv, struct opts *o, int *hash_pin)
{
	memset(o, 0, sizeof *o);
	*hash_pin = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		size_t k;
		int r;

		if (strcmp(a, "--hash-pin") == 0) {
			*hash_pin = 1;
			continue;
		}
		if (strcmp(a, "--large-text") == 0) {
			o->large_text = 1;
			continue;
		}
		for (k = 0; k < NSTRINGS && strcmp(a, strings[k].name); k++)
			;
		if (k == NSTRINGS && !is_number(a)) {
			fprintf(stderr, "msd-kiosk: unknown option %s\n", a);
			return -1;
		}
		if (v == NULL) {
			fprintf(stderr, "msd-kiosk: %s needs a value\n", a);
			return -1;
		}
		if (k < NSTRINGS)
			*(const char **)((char *)o + strings[k].off) = v;
		else if ((r = take_number(o, a, v)) < 0)
			return -1;
		else if (r > 0) {
			fprintf(stderr, "msd-kiosk: unknown option %s\n", a);
			return -1;
		}
		i++;
	}
	if (o->read_aloud && o->screenshot) {
		fputs("msd-kiosk: --read-aloud and --screenshot are two runs: "
		    "give one\n", stderr);
		return -1;
	}
	if ((o->ntaps || o->nkeys || o->countdown || o->report) &&
	    !o->screenshot && !(o->read_aloud && !o->ntaps && !o->nkeys &&
	    !o->countdown)) {
		fputs("msd-kiosk: --tap, --key, --countdown and --layout-report "
		    "go with --screenshot\n", stderr);
		return -1;
	}
	return 0;
}
