/*
 * glossary.c - finding the glossary's words in a text, for the links
 * that open their explanation (ui_set_links()): the matcher the portal
 * uses too (content/gloss_match.h).
 */
#include "screens/screens.h"
#include "content/gloss_match.h"

int
screens_link(void *arg, const char *s, size_t *len)
{
	const struct app *a = arg;

	return gloss_match(a->pack, s, len);
}
