/*
 * gloss_match.c - the glossary's words in a text (see gloss_match.h).
 */
#include "content/gloss_match.h"
#include "utf8.h"

#include <string.h>

/* Lowercase for the letters French texts use; the typographic
 * apostrophe matches the straight one. */
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
	const char *p = s, *f = form, *q;
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
	q = p;
	if (word_char(utf8_next(&q)))
		return 0;
	return (size_t)(p - s);
}

int
gloss_match(const pack *p, const char *s, size_t *len)
{
	size_t best_len = 0;
	int best = -1;

	for (size_t i = 0; i < p->ngloss; i++) {
		const pack_gloss *g = &p->gloss[i];
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

int
gloss_word_start(const char *s, size_t i)
{
	size_t k = i;
	const char *q;

	if (i == 0)
		return 1;
	if ((unsigned char)s[i] >= 0x80 && (unsigned char)s[i] < 0xc0)
		return 0;	/* inside a character */
	/* Back to the start of the character before. */
	k--;
	while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	q = s + k;
	uint32_t prev = utf8_next(&q);
	return !word_char(prev) && prev != '-';
}
