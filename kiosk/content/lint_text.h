/*
 * lint_text.h - the FALC rules F1-F6 of CONTENT.md on one text: no file
 * is read here, problems go to lint_report().
 *
 * How F1 counts (documented for writers in assets/content/README.md):
 *   - a word is a run of letters and digits; an apostrophe or a hyphen
 *     between two of them joins them: "l'argent", "aujourd'hui",
 *     "Aix-les-Bains", "est-ce" are one word each (a reader sees one
 *     block of letters);
 *   - a number is one word: "3,5", "2022-2024", and groups of digits
 *     separated by spaces ("04 79 12 34 56", "10 000");
 *   - a web address is one word, and its dots end nothing;
 *   - a sentence ends at ".", "!", "?" or "..." followed by a space or
 *     the end of the text, except after an abbreviation ("M.", "Mme.")
 *     or an initial ("J."); a subtitle, a list item and each short field
 *     (title, summary...) end their sentence too.
 */
#ifndef MSD_LINT_TEXT_H
#define MSD_LINT_TEXT_H

#include <stddef.h>

#include "content/lint_report.h"

#define LINT_MAX_WORDS 15	/* F1: words in one sentence */
#define LINT_MAX_AVERAGE 10	/* F1: average per page or offer */

/* Lets F2 and F4 accept the words of a glossary entry: mot and each of
 * the '|'-separated variantes, and every word inside them. */
void lint_allow(lint_ctx *c, const char *mot, const char *variants);

/* One sentence of a text (see the counting rules above). */
typedef struct lint_sentence {
	const char *start;	/* into the text */
	size_t len;
	int line;		/* line of its first word */
	int words;
} lint_sentence;

/* Words in s, as F1 counts them. */
int lint_words(const char *s);
/* Splits one block of text (no markup) into sentences; *out is a new
 * array (free it).  line is the line s starts on; newlines in s count. */
size_t lint_sentences(const char *s, int line, lint_sentence **out);

/* Sentences and words seen so far in one page or one offer. */
typedef struct lint_stats {
	int sentences, words;
} lint_stats;

/* Checks one text field against F1 (per sentence) to F6, E-URL for a
 * web address in it, and E-VERIFIED (lint_verified.h).  text is in the
 * page markup (markup.h); line is the line of the file where it starts.
 * st (may be NULL) adds up sentences and words for lint_average(). */
void lint_text(lint_ctx *c, const char *file, int line, const char *text,
    lint_stats *st);
/* F1: reports when st's words per sentence pass LINT_MAX_AVERAGE. */
void lint_average(lint_ctx *c, const char *file, int line, const char *what,
    const lint_stats *st);

#endif
