/*
 * text.h - the one French text engine of the kiosk's screen, its printed
 * sheets and content lint: how a text is cut into tokens, what stays
 * together on a line, how lines break at a width, and how a glossary word
 * is found in a text.
 *
 * Screen and paper measure text differently (SDL_ttf, cairo), so the line
 * breaker takes a measuring callback; the rest is one piece of code, so
 * that a text wraps the same way on both and that lint counts as used
 * exactly the glossary words the kiosk highlights.
 *
 *   text_tok.c    characters and tokens (lint counts words with them)
 *   text_wrap.c   what stays together, pieces, line breaking
 *   text_match.c  glossary matching, one folding rule
 */
#ifndef MSD_TEXT_H
#define MSD_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/* ---- characters (text_tok.c) ---- */

/* White space between words, no-break and narrow spaces included. */
int text_cp_space(uint32_t cp);
/* A letter: Latin, Greek, Cyrillic, Arabic, and the phonetic ones of
 * "1ᵉʳ". */
int text_cp_letter(uint32_t cp);
int text_cp_upper(uint32_t cp);
int text_cp_digit(uint32_t cp);
/* Apostrophes and hyphens: they join the letters around them. */
int text_cp_joiner(uint32_t cp);

/* ---- tokens (text_tok.c) ---- */

enum text_kind {
	TEXT_WORD,	/* letters and digits; an apostrophe or a hyphen between
			 * two of them joins them (l'argent, Aix-les-Bains, 1er) */
	TEXT_NUMBER,	/* a word of digits joined by , . - (3,5  2022-2024) */
	TEXT_URL,	/* a web or mail address, trailing punctuation excluded */
	TEXT_END,	/* what ends a sentence: . ! ? ... followed by a space
			 * or the end, a full stop not after an abbreviation */
	TEXT_PUNCT	/* any other character, one code point (a run of
			 * . ! ? that ends nothing is one token too) */
};

typedef struct text_tok {
	enum text_kind k;
	const char *s;		/* into the text */
	size_t n;
	int line;		/* newlines before it count */
	int sp;			/* white space just before it */
} text_tok;

typedef struct text_toks {
	text_tok *t;
	size_t n, cap;
} text_toks;

/* Appends the tokens of s[0..n), which starts on line, to ts. */
void text_tokenize(const char *s, size_t n, int line, text_toks *ts);
void text_toks_free(text_toks *ts);

/* 1 if the word s[0..n) (up to its first space) is a web or mail address
 * (https://, www., a@b.c, or a bare domain such as service-public.fr),
 * after opening marks and before trailing punctuation, or holds "://",
 * or is a file's path (starts with '/'). */
int text_is_address(const char *s, size_t n);

/* ---- what stays together on a line (text_wrap.c) ---- */

/* 1 if the space between the words a and b (texts without spaces) must
 * not break a line, as French typography asks: no line starts with
 * : ; ! ? % € or », none ends with «; digit groups of a phone number or an
 * amount ("04 79 12 34 56", "15 000"), a time ("14 h 30"), a number and
 * its unit ("3 km"), an ordinal and its word ("1er janvier") stay on one
 * line. */
int text_keep_together(const char *a, size_t an, const char *b, size_t bn);

/* ---- pieces and lines (text_wrap.c) ---- */

/* What comes between a piece and the next one. */
enum text_join {
	TEXT_SPACE,	/* a space; a line may break there */
	TEXT_KEEP,	/* a space that must not break (text_keep_together) */
	TEXT_GLUE,	/* nothing ("l'" before a glossary word, "," after) */
	TEXT_SOFT	/* nothing, inside a web address or a path: a line
			 * breaks there only if the address is wider than it */
};

/* A word, or a part of one, laid out as one box. */
typedef struct text_piece {
	size_t off, len;	/* bytes of the text */
	int link;		/* glossary entry (text_match_fn), -1 if none */
	enum text_join join;	/* between it and the next piece */
	double pad_l, pad_r;	/* the caller's room around it (a tint) */
	double w;		/* text_wrap(): its width, pads included */
	double x;		/* text_wrap(): where it starts on its line */
	int line;		/* text_wrap(): 0-based */
} text_piece;

typedef struct text_layout {
	text_piece *p;
	size_t n, cap;
} text_layout;

/* A glossary matcher: if a glossary word starts at s, its entry's index
 * and its length in bytes in *len (it may span spaces); -1 otherwise. */
typedef int (*text_match_fn)(void *arg, const char *s, size_t *len);
/* Width of s[0..n) in the caller's units; link is the piece's. */
typedef double (*text_measure_fn)(void *arg, const char *s, size_t n,
    int link);

/* Cuts s into pieces (replacing l's): its words, split where a glossary
 * word found by match (may be NULL) starts or ends and after the / . - of
 * a web address; joins set by text_keep_together().  Glossary words are
 * looked for at every word start (text_word_start), but not inside a web
 * address.  Pads are 0. */
void text_pieces(text_layout *l, const char *s, text_match_fn match,
    void *arg);
/* Breaks the pieces of s into lines no wider than width: measures each
 * piece (measure(" ") is a space), then places them greedily, left
 * aligned, never hyphenated (FALC), breaking only at TEXT_SPACE.  What
 * must stay together and is wider than a line (a long web address) is
 * cut at its TEXT_SOFT and TEXT_KEEP places, and if that is not enough
 * between two code points (the only place a word breaks, never before a
 * closing mark): then *overflow is set.  Returns the number of lines. */
int text_wrap(text_layout *l, const char *s, double width,
    text_measure_fn measure, void *arg, int *overflow);
/* Appends to out the text of the line whose first piece is *k (one space
 * where there was one) and moves *k to the next line's first piece.
 * Returns 0, appending nothing, when *k is past the last piece. */
int text_next_line(const text_layout *l, const char *s, size_t *k,
    strbuf *out);
void text_layout_free(text_layout *l);

/* ---- glossary matching (text_match.c) ----
 *
 * One rule for lint (is a glossary word used?) and the kiosk (which word
 * is highlighted?): utf8_fold()'s.  A form and a text are compared as
 * words of letters and digits, without case or accents ("Référent",
 * "REFERENT" and "référent" are one word; "œ" is "oe"), any run of other
 * characters between words being one separator ("contrat d'engagement"
 * matches "contrat d’engagement"); a match starts and ends at word
 * boundaries ("référents" does not match "référent").  Words inside a web
 * address are not words of the text ("www.caf.fr" uses no "CAF"). */

/* 1 if a word starts at p in s: a letter or a digit, first or after a
 * character that is neither. */
int text_word_start(const char *s, const char *p);
/* Bytes of the text at s (a word start) that form matches, up to the end
 * of its last word; 0 if it does not match. */
size_t text_match(const char *s, const char *form);

/* The words of many texts, folded once, to ask which forms they use. */
typedef struct text_index {
	strbuf folded;
} text_index;

#define TEXT_INDEX_INIT { STRBUF_INIT }

/* Adds one text; a form never matches across two texts. */
void text_index_add(text_index *ix, const char *text);
/* 1 if form matches somewhere in the texts added. */
int text_index_has(const text_index *ix, const char *form);
void text_index_free(text_index *ix);

#endif
