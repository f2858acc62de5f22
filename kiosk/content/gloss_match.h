/*
 * gloss_match.h - finding the glossary's words in a text: the word or one
 * of its variants, with the text engine's folding rule (text.h: case and
 * accents), ending where a word ends.  The portal (site_html.c) links
 * them where they stand, the kiosk (screens/glossary.c) tints them: one
 * matcher, so both explain the same words, the ones lint counts.
 */
#ifndef MSD_GLOSS_MATCH_H
#define MSD_GLOSS_MATCH_H

#include <stddef.h>

#include "content/pack.h"

/* The entry whose word or variant starts at s, the longest if several
 * do ("maison sociale du Département" before "maison sociale"); its
 * length in bytes in *len.  -1 (and *len = 0) if none. */
int gloss_match(const pack *p, const char *s, size_t *len);

/* 1 if a word may start at s[i] (text_word_start()): at the start, or
 * after a character that is neither a letter nor a digit. */
int gloss_word_start(const char *s, size_t i);

#endif
