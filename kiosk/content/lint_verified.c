/*
 * lint_verified.c - honest dates: a claim that facts were verified names
 * who verified them (see lint_verified.h).
 *
 * It works on the tokens of the text engine (text.h), as F1-F6 do, so
 * that a sentence ends where F1 says it does.
 */
#include "content/lint_verified.h"
#include "strbuf.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* The claims, folded (lowercase, no accents); the first two have a
 * twin, see is_claim(). */
static const char *const claims[] = { "verifie", "verifies", "verifiee",
	"verifiees", "verified", NULL };
/* What introduces who verified. */
static const char *const namers[] = { "par", "avec", "by", "with", NULL };

/* The index in list of the word token t folded, or -1. */
static int
folded_in(const text_tok *t, const char *const *list)
{
	char *w, *f;
	int in = -1;

	/* Longer than any word of the lists, even with every accent. */
	if (t->k != TEXT_WORD || t->n > 24)
		return -1;
	w = xstrndup(t->s, t->n);
	f = utf8_fold(w);
	for (int i = 0; list[i] && in < 0; i++)
		if (strcmp(f, list[i]) == 0)
			in = i;
	free(f);
	free(w);
	return in;
}

/* "vérifié" folds as "vérifie" (checks) does, "vérifiés" as "vérifies":
 * the claim is the one whose 7th letter, its last e, has its accent. */
static int
is_claim(const text_tok *t)
{
	const char *p = t->s;
	uint32_t cp = 0;
	int k = folded_in(t, claims);

	if (k < 0)
		return 0;
	if (k >= 2)
		return 1;
	for (int n = 0; n < 7; n++)
		cp = utf8_next(&p);
	return cp == 0xE9 || cp == 0xC9;	/* é, É */
}

/* 1 if, after token i and before the end of its sentence, par, avec, by
 * or with comes before a word (a name). */
static int
named(const text_toks *ts, size_t i)
{
	for (size_t j = i + 1; j < ts->n && ts->t[j].k != TEXT_END; j++) {
		if (folded_in(&ts->t[j], namers) < 0)
			continue;
		for (size_t k = j + 1; k < ts->n && ts->t[k].k != TEXT_END; k++) {
			if (ts->t[k].k == TEXT_WORD)
				return 1;
			if (ts->t[k].k != TEXT_PUNCT)
				break;		/* a number or an address */
		}
	}
	return 0;
}

void
lint_verified_word(lint_ctx *c, const char *file, const text_toks *ts,
    size_t i)
{
	const text_tok *t = &ts->t[i];

	if (!is_claim(t) || named(ts, i))
		return;
	lint_report(c, file, t->line, "E-VERIFIED", "'%.*s' says the facts "
	    "were checked, but not by whom: name who checked them (vérifié "
	    "par NAME, vérifié avec NAME), or say when the text was written "
	    "and from what (écrit le ..., d'après ...)", (int)t->n, t->s);
}

void
lint_verified_source(lint_ctx *c, const char *file, const src_field *f)
{
	const char *p = f->v;
	int line = f->line;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		text_toks ts = { 0 };

		text_tokenize(p, n, line, &ts);
		for (size_t i = 0; i < ts.n; i++)
			lint_verified_word(c, file, &ts, i);
		text_toks_free(&ts);
		p += n + (nl != NULL);
		line++;
	}
}
