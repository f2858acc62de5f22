/*
 * glossary.c - finding the glossary's words in a text, for the links
 * that open their explanation (ui_set_links()).
 */
#include "screens/screens.h"
#include "text.h"

#include <string.h>

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
