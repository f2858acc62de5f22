/*
 * gloss_match.h - finding the glossary's words in a text: the word or one
 * of its variants, ignoring case, ending where a word ends.  The portal
 * (site_html.c) links them where they stand; the kiosk's own matcher
 * (screens/glossary.c) follows the same rules.
 */
#ifndef MSD_GLOSS_MATCH_H
#define MSD_GLOSS_MATCH_H

#include <stddef.h>

#include "content/pack.h"

/* The entry whose word or variant starts at s, the longest if several
 * do ("maison sociale du Département" before "maison sociale"); its
 * length in bytes in *len.  -1 (and *len = 0) if none. */
int gloss_match(const pack *p, const char *s, size_t *len);

/* 1 if a word may start at s[i]: at the start, or after a character
 * that is not part of a word (a space, punctuation, the apostrophe of
 * an elision "l'" or "d’"); not inside "Aix-les-Bains". */
int gloss_word_start(const char *s, size_t i);

#endif
