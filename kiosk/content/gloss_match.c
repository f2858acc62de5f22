/*
 * gloss_match.c - the glossary's words in a text (see gloss_match.h),
 * with the text engine's one folding rule (text.h): the kiosk, the
 * portal and lint agree on which words are explained.
 */
#include "content/gloss_match.h"
#include "text.h"

int
gloss_match(const pack *p, const char *s, size_t *len)
{
	size_t best_len = 0;
	int best = -1;

	for (size_t i = 0; i < p->ngloss; i++) {
		const pack_gloss *g = &p->gloss[i];
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

int
gloss_word_start(const char *s, size_t i)
{
	return text_word_start(s, s + i);
}
