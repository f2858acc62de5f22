/*
 * bidi.h - right-to-left text: the Unicode bidirectional algorithm
 * (FriBiDi) on the kiosk's lines and runs.
 *
 * An Arabic page keeps its Latin names, numbers and web addresses in
 * their own order ("France Travail", "39 49", "14 h 30", https://...):
 * the words of a line are ordered by their embedding levels (rule L2),
 * and a word that holds both scripts is cut into runs, each shaped in
 * its own direction and font.
 */
#ifndef MSD_BIDI_H
#define MSD_BIDI_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

/* 1 for a code point of the Arabic script (letters, marks, its
 * punctuation and presentation forms): drawn with the Arabic font. */
int bidi_cp_arabic(uint32_t cp);

/* 1 if s[0..n) holds a character written right to left, or one of the
 * Arabic script (its comma): it is drawn in runs (bidi_runs()). */
int bidi_has_rtl(const char *s, size_t n);

/* Places the pieces of each line of l (as text_wrap() laid them out,
 * left to right in reading order) for a right-to-left paragraph: their
 * x become their visual places.  mirrored: the caller mirrors the whole
 * drawing afterwards (the kiosk's ui.c), so the places are given as seen
 * in a mirror; 0 for a drawing that is not (a printed sheet), whose lines
 * the caller then aligns right.  With m, a piece whose characters have
 * different levels is cut (and its parts measured with m): the comma or
 * full stop after a Latin name goes to the left of the whole name
 * ("France Travail،", "39 49."); without, pieces are placed whole. */
void bidi_place_lines(text_layout *l, const char *s, int mirrored,
    text_measure_fn m, void *arg);

/* A run of one direction and one font, in visual order. */
typedef struct bidi_run {
	size_t off, len;	/* bytes of the text */
	int rtl;		/* shaped right to left */
	int arabic;		/* drawn with the Arabic font */
} bidi_run;

/* The runs of s[0..n) in a paragraph of direction rtl, left to right as
 * seen; at most max (the rest joins the last).  Returns how many. */
size_t bidi_runs(const char *s, size_t n, int rtl, bidi_run *out,
    size_t max);

#endif
