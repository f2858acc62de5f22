/*
 * audio_pron.c - the pronunciation list (see audio_pron.h).
 */
#include "content/audio_pron.h"
#include "csvread.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void
audio_pron_free(audio_pron *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->from[i]);
		free(p->to[i]);
		free(p->lang[i]);
	}
	free(p->from);
	free(p->to);
	free(p->lang);
	memset(p, 0, sizeof *p);
}

/* The longest words first, so that "France Travail" is said before
 * "France" is. */
int
audio_pron_load(const char *dir, audio_pron *p, err_t *e)
{
	char path[4096];
	csv_table t;
	int cw, cs, cl;
	struct stat sb;

	memset(p, 0, sizeof *p);
	snprintf(path, sizeof path, "%s/%s", dir, AUDIO_PRON_FILE);
	if (stat(path, &sb) != 0)
		return 0;
	if (csv_load(path, 1u << 20, &t, e) < 0)
		return -1;
	cw = csv_col(&t, "mot");
	cs = csv_col(&t, "prononciation");
	cl = csv_col(&t, "langue");	/* -1: every row is French */
	if (cw < 0 || cs < 0) {
		csv_table_free(&t);
		return err_set(e, "%s: needs the columns mot and prononciation "
		    "(assets/content/README.md)", path);
	}
	p->from = xcalloc(t.nrows + 1, sizeof *p->from);
	p->to = xcalloc(t.nrows + 1, sizeof *p->to);
	p->lang = xcalloc(t.nrows + 1, sizeof *p->lang);
	for (size_t i = 0; i < t.nrows; i++) {
		const char *w = csv_cell(&t.rows[i], cw);
		const char *say = csv_cell(&t.rows[i], cs);
		const char *l = cl >= 0 ? csv_cell(&t.rows[i], cl) : "";
		size_t k;

		if (*w == '\0')
			continue;
		/* Insertion sort, longest first: a few dozen words. */
		for (k = p->n; k > 0 && strlen(p->from[k - 1]) < strlen(w); k--) {
			p->from[k] = p->from[k - 1];
			p->to[k] = p->to[k - 1];
			p->lang[k] = p->lang[k - 1];
		}
		p->from[k] = xstrdup(w);
		p->to[k] = xstrdup(say);
		p->lang[k] = xstrdup(*l ? l : "fr");
		p->n++;
	}
	csv_table_free(&t);
	return 0;
}

/* A byte of a word: letters, digits, and any byte of a non-ASCII
 * character (é, ç, Cyrillic, Arabic...). */
static int
word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c >= 0x80;
}

char *
audio_pron_apply(const audio_pron *p, const char *lang, const char *s,
    size_t n)
{
	strbuf b = STRBUF_INIT;
	size_t i = 0;

	while (i < n) {
		size_t k = p->n;

		if (i == 0 || !word_byte((unsigned char)s[i - 1]))
			for (k = 0; k < p->n; k++) {
				size_t m = strlen(p->from[k]);

				if (strcmp(p->lang[k], lang) == 0 &&
				    m <= n - i && memcmp(s + i, p->from[k], m) == 0 &&
				    (i + m == n ||
				    !word_byte((unsigned char)s[i + m])))
					break;
			}
		if (k < p->n) {
			strbuf_puts(&b, p->to[k]);
			i += strlen(p->from[k]);
		} else
			strbuf_putc(&b, s[i++]);
	}
	return strbuf_take(&b);
}
