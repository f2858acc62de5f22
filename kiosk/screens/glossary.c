/*
 * glossary.c - finding the glossary's words in a text, for the links
 * that open their explanation (ui_set_links()).
 */
#include "screens/screens.h"
#include "utf8.h"

#include <string.h>

static uint32_t
lower(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
		return cp + 32;
	if (cp == 0x152)
		return 0x153;
	if (cp == 0x2019)
		return '\'';
	return cp;
}

static int
word_char(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
	    (cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp != 0xd7 &&
	    cp != 0xf7 && cp < 0x2000);
}

/* Length in s of form at its start, ignoring case, or 0. */
static size_t
match_form(const char *s, const char *form)
{
	const char *p = s, *f = form;
	uint32_t a, b;

	if (*form == '\0')
		return 0;
	for (;;) {
		const char *fp = f;
		b = utf8_next(&fp);
		if (b == 0)
			break;
		a = utf8_next(&p);
		if (a == 0 || lower(a) != lower(b))
			return 0;
		f = fp;
	}
	const char *q = p;
	if (word_char(utf8_next(&q)))
		return 0;
	return (size_t)(p - s);
}

int
screens_link(void *arg, const char *s, size_t *len)
{
	const struct app *a = arg;
	int best = -1;
	size_t best_len = 0;

	for (size_t i = 0; i < a->pack->ngloss; i++) {
		const pack_gloss *g = &a->pack->gloss[i];
		size_t n = match_form(s, g->word);
		for (size_t v = 0; v < g->nvariants; v++) {
			size_t m = match_form(s, g->variants[v]);
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
