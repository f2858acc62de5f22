/*
 * lint_text.c - the FALC rules F1-F6 on one text (see lint_text.h for
 * how words and sentences are counted), and honest dates
 * (lint_verified.h).
 *
 * A text is cut into tokens by the text engine (text.h: words, numbers,
 * addresses, sentence ends, other characters), the tokens into
 * sentences; every rule works on tokens.
 */
#include "content/lint_text.h"
#include "content/lint_verified.h"
#include "content/markup.h"
#include "strbuf.h"
#include "text.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ================================================================ glossary */

static void
allow_word(lint_ctx *c, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return;
	c->allowed = xrealloc(c->allowed, (c->nallowed + 1) * sizeof *c->allowed);
	c->allowed[c->nallowed++] = xstrndup(s, n);
}

/* Adds one written form and each of its words (split on spaces,
 * apostrophes and hyphens, as the F2 check splits the text). */
static void
allow_form(lint_ctx *c, const char *s, size_t n)
{
	const char *end = s + n, *w = s, *p = s;

	allow_word(c, s, n);
	while (p < end) {
		size_t sl = 0;

		if (*p == ' ' || *p == '\'' || *p == '-')
			sl = 1;
		else if (end - p >= 3 && memcmp(p, "\xE2\x80\x99", 3) == 0)
			sl = 3;		/* ’ */
		if (sl == 0) {
			p++;
			continue;
		}
		if (p > w)
			allow_word(c, w, (size_t)(p - w));
		p += sl;
		w = p;
	}
	if (w > s && end > w)
		allow_word(c, w, (size_t)(end - w));
}

void
lint_allow(lint_ctx *c, const char *mot, const char *variants)
{
	const char *p = variants ? variants : "", *bar;

	allow_form(c, mot, strlen(mot));
	while (*p) {
		bar = strchr(p, '|');
		if (bar == NULL)
			bar = p + strlen(p);
		allow_form(c, p, (size_t)(bar - p));
		p = *bar ? bar + 1 : bar;
	}
}

static int
allowed(const lint_ctx *c, const char *s, size_t n)
{
	for (size_t i = 0; i < c->nallowed; i++)
		if (strlen(c->allowed[i]) == n && memcmp(c->allowed[i], s, n) == 0)
			return 1;
	return 0;
}

/* ================================================================ F1 */

/* Tokens (text.h): a number is a word too. */
static int
is_word(const text_tok *t)
{
	return t->k == TEXT_WORD || t->k == TEXT_NUMBER;
}

/* Does token i count as a word?  Digit groups separated only by spaces
 * ("04 79 12 34 56", "10 000") are one number, so one word. */
static int
counts_as_word(const text_toks *ts, size_t i)
{
	const text_tok *t = &ts->t[i];

	if (t->k == TEXT_URL)
		return 1;
	if (!is_word(t))
		return 0;
	if (i > 0 && t->sp && t->k == TEXT_NUMBER &&
	    ts->t[i - 1].k == TEXT_NUMBER)
		return 0;
	return 1;
}

/* Sentences of one tokenized block. */
static size_t
split_sentences(const text_toks *ts, lint_sentence **out)
{
	size_t n = 0, cap = 0, first = 0;
	int words = 0;

	*out = NULL;
	for (size_t i = 0; i <= ts->n; i++) {
		int close = i == ts->n || ts->t[i].k == TEXT_END;

		if (i < ts->n && counts_as_word(ts, i)) {
			if (words == 0)
				first = i;
			words++;
		}
		if (!close || words == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		{
			const text_tok *a = &ts->t[first];
			const text_tok *z = &ts->t[i == ts->n ? i - 1 : i];

			(*out)[n].start = a->s;
			(*out)[n].len = (size_t)(z->s + z->n - a->s);
			(*out)[n].line = a->line;
			(*out)[n].words = words;
			n++;
		}
		words = 0;
	}
	return n;
}

int
lint_words(const char *s)
{
	text_toks ts = { 0 };
	int n = 0;

	text_tokenize(s, strlen(s), 1, &ts);
	for (size_t i = 0; i < ts.n; i++)
		n += counts_as_word(&ts, i);
	text_toks_free(&ts);
	return n;
}

size_t
lint_sentences(const char *s, int line, lint_sentence **out)
{
	text_toks ts = { 0 };
	size_t n;

	text_tokenize(s, strlen(s), line, &ts);
	n = split_sentences(&ts, out);
	text_toks_free(&ts);
	return n;
}

/* ================================================================ F2-F6 */

/* s[0..n) folded (lowercase, no accents) into buf; "" if too long. */
static const char *
fold_word(const char *s, size_t n, char *buf, size_t bufn)
{
	char small[128], *tmp, *f;
	size_t fl;

	/* Once per word of every text: no allocation for the copy. */
	if (n < sizeof small) {
		memcpy(small, s, n);
		small[n] = '\0';
		tmp = small;
	} else
		tmp = xstrndup(s, n);
	f = utf8_fold(tmp);
	fl = strlen(f);
	if (fl < bufn)
		memcpy(buf, f, fl + 1);
	else
		buf[0] = '\0';
	free(f);
	if (tmp != small)
		free(tmp);
	return buf;
}

static int
in_list(const char *w, const char *const *list)
{
	/* The first byte first: this runs for every word of a text. */
	for (size_t i = 0; list[i]; i++)
		if (w[0] == list[i][0] && strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

/* F3: numbers that should be digits (folded).  Not "un", "une": they
 * are mostly articles; not "premier": it reads fine. */
static const char *const number_words[] = {
	"deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
	"dix", "onze", "douze", "treize", "quatorze", "quinze", "seize",
	"vingt", "vingts", "trente", "quarante", "cinquante", "soixante",
	"septante", "huitante", "octante", "nonante", "cent", "cents",
	"mille", "million", "millions", "milliard", "milliards",
	"deuxieme", "troisieme", "quatrieme", "cinquieme", "sixieme",
	"septieme", "huitieme", "neuvieme", "dixieme", "onzieme", "douzieme",
	"quinzieme", "vingtieme", "trentieme", "centieme", "millieme",
	"dizaine", "dizaines", "douzaine", "douzaines", "quinzaine",
	"quinzaines", "vingtaine", "trentaine", "quarantaine", "cinquantaine",
	"centaine", "centaines", "millier", "milliers",
	NULL
};

/* Words after or before which "neuf" means "new" ("un vélo neuf",
 * "tout neuf", "à neuf", "neuf ou d'occasion"). */
static const char *const neuf_new_before[] = { "tout", "toute", "a", "du",
	"de", "un", "le", "en", "remis", "remettre", NULL };
static const char *const neuf_new_after[] = { "ou", "et", "pour", "a",
	"de", "du", "des", "avec", "en", "qui", "que", "mais", NULL };

/* One Roman digit at *p, written with one, five and ten: one five, one
 * ten, or five? one{0,3}.  Moves *p past it. */
static void
roman_digit(const char **p, const char *e, char one, char five, char ten)
{
	const char *q = *p;

	if (e - q >= 2 && q[0] == one && (q[1] == five || q[1] == ten))
		q += 2;
	else {
		if (q < e && *q == five)
			q++;
		for (int i = 0; i < 3 && q < e && *q == one; i++)
			q++;
	}
	*p = q;
}

/* A Roman numeral: 2+ letters of I V X L forming a valid number, or any
 * of them followed by an ordinal ending (XXe, IIe, Ier, XIXème). */
static int
is_roman(const char *s, size_t n)
{
	static const char *const ends[] = { "e", "er", "re", "ème", "eme",
	    "è", "ᵉ", NULL };
	size_t r = 0;

	while (r < n && strchr("IVXL", s[r]) && s[r] != '\0')
		r++;
	if (r == 0)
		return 0;
	if (r < n) {
		int ok = 0;

		for (size_t i = 0; ends[i]; i++)
			if (strlen(ends[i]) == n - r &&
			    memcmp(s + r, ends[i], n - r) == 0)
				ok = 1;
		if (!ok)
			return 0;
		/* "Le", "Ce"... : one letter + "e" is a word, unless I V X. */
		if (r == 1 && s[0] == 'L')
			return 0;
	} else if (r < 2)
		return 0;
	/* Valid form: (XL|L?X{0,3}) (IX|IV|V?I{0,3}): up to 89 (no C). */
	{
		const char *p = s, *e = s + r;

		roman_digit(&p, e, 'X', 'L', 'C');
		roman_digit(&p, e, 'I', 'V', 'X');
		return p == e;
	}
}

static int
digits_at(const char *s, size_t n, size_t *i, int maxd, int *v)
{
	int d = 0;

	*v = 0;
	while (*i < n && d < maxd && s[*i] >= '0' && s[*i] <= '9') {
		*v = *v * 10 + (s[*i] - '0');
		(*i)++;
		d++;
	}
	return d;
}

/* F5 inside one word: 2026-12-03, 03-12-2026, 03.12.2026, 14h30, 9h. */
static const char *
word_date_time(const char *s, size_t n)
{
	size_t i = 0;
	int a, b, c2, da, db, dc;
	char sep;

	da = digits_at(s, n, &i, 4, &a);
	if (da == 0)
		return NULL;
	if (i < n && (s[i] == 'h' || s[i] == 'H') && da <= 2) {
		i++;
		db = digits_at(s, n, &i, 2, &b);
		if (i == n && a <= 24 && (db == 0 || (db == 2 && b <= 59)))
			return "time";
		return NULL;
	}
	if (i >= n || (s[i] != '-' && s[i] != '.'))
		return NULL;
	sep = s[i++];
	db = digits_at(s, n, &i, 2, &b);
	if (db == 0 || i >= n || s[i] != sep)
		return NULL;
	i++;
	dc = digits_at(s, n, &i, 4, &c2);
	if (i != n || dc == 0)
		return NULL;
	if (da == 4 && dc <= 2 && b >= 1 && b <= 12 && c2 >= 1 && c2 <= 31)
		return "date";
	if (da <= 2 && (dc == 4 || dc == 2) && b >= 1 && b <= 12 && a >= 1 &&
	    a <= 31)
		return "date";
	return NULL;
}

static int
tok_is(const text_tok *t, enum text_kind k, const char *s)
{
	return t->k == k && t->n == strlen(s) && memcmp(t->s, s, t->n) == 0;
}

static int
tok_digits(const text_tok *t, int mind, int maxd, int *v)
{
	size_t i = 0;
	int d;

	if (!is_word(t))
		return 0;
	d = digits_at(t->s, t->n, &i, maxd, v);
	return i == t->n && d >= mind;
}

/* F5 across tokens: 3/12, 03/12/2026, 14:30.  Returns how many tokens
 * the date or time spans (0: none) and its kind. */
static size_t
multi_date_time(const text_toks *ts, size_t i, const char **kind)
{
	const text_tok *t = ts->t;
	int a, b, c2;

	if (i + 2 >= ts->n)
		return 0;
	if (!tok_digits(&t[i], 1, 2, &a) || t[i + 1].sp || t[i + 2].sp)
		return 0;
	if (tok_is(&t[i + 1], TEXT_PUNCT, ":") && tok_digits(&t[i + 2], 2, 2, &b)) {
		if (a <= 24 && b <= 59) {
			*kind = "time";
			return 3;
		}
		return 0;
	}
	if (!tok_is(&t[i + 1], TEXT_PUNCT, "/") || !tok_digits(&t[i + 2], 1, 2, &b))
		return 0;
	if (a < 1 || a > 31 || b < 1 || b > 12)
		return 0;
	*kind = "date";
	if (i + 4 < ts->n && !t[i + 3].sp && !t[i + 4].sp &&
	    tok_is(&t[i + 3], TEXT_PUNCT, "/") && tok_digits(&t[i + 4], 2, 4, &c2))
		return 5;
	return 3;
}

/* Letters of a word part, and how many are capitals. */
static void
count_caps(const char *s, size_t n, int *letters, int *caps, int *first_cap,
    int *accented_cap, int *vowels)
{
	const char *p = s, *end = s + n;
	int i = 0;

	*letters = *caps = *first_cap = *accented_cap = *vowels = 0;
	while (p < end) {
		uint32_t cp = utf8_next(&p);

		if (!text_cp_letter(cp))
			continue;
		(*letters)++;
		if (text_cp_upper(cp)) {
			(*caps)++;
			if (i == 0)
				*first_cap = 1;
			if (cp >= 0x80)
				(*accented_cap)++;
		}
		if (strchr("aeiouyAEIOUY", utf8_base_letter(cp) ?
		    utf8_base_letter(cp) : 'z'))
			(*vowels)++;
		i++;
	}
}

/* An all-capital word of 2+ letters that the glossary does not know. */
static int
shouted(const lint_ctx *c, const text_tok *t)
{
	int letters, caps, fc, acc, vow;

	if (!is_word(t))
		return 0;
	count_caps(t->s, t->n, &letters, &caps, &fc, &acc, &vow);
	return letters >= 2 && caps == letters && !allowed(c, t->s, t->n);
}

/* F2/F4 on one part of a word (between apostrophes and hyphens). */
static void
check_caps(lint_ctx *c, const char *file, const text_toks *ts, size_t i,
    const char *s, size_t n)
{
	const text_tok *t = &ts->t[i];
	int letters, caps, fc, acc, vow, emphasis;

	count_caps(s, n, &letters, &caps, &fc, &acc, &vow);
	if (letters < 2 || caps == 0 || (caps == 1 && fc))
		return;			/* "la", "Chambéry" */
	if (allowed(c, s, n) || allowed(c, t->s, t->n))
		return;
	/* All capitals: an acronym the glossary lacks (F2), or shouting
	 * (F4)?  Shouting has accents (IMPORTANT, ÉTAPE), long words with
	 * vowels, or several such words in a row.  Some capitals only: an
	 * abbreviation (F2). */
	emphasis = caps == letters && (acc > 0 ||
	    (letters >= 6 && vow * 3 >= letters) ||
	    (i > 0 && shouted(c, &ts->t[i - 1])) ||
	    (i + 1 < ts->n && shouted(c, &ts->t[i + 1])));
	if (emphasis)
		lint_report(c, file, t->line, "F4", "'%.*s' is in capitals: no "
		    "capitals for emphasis (if it is an abbreviation, explain "
		    "it in glossary.csv)", (int)n, s);
	else
		lint_report(c, file, t->line, "F2", "'%.*s' looks like an "
		    "abbreviation: write it in full, or explain it in "
		    "glossary.csv", (int)n, s);
}

/* Previous/next word of token i, folded, or "". */
static const char *
near_word(const text_toks *ts, size_t i, int dir, char *buf, size_t n)
{
	size_t j = i;

	buf[0] = '\0';
	if ((dir < 0 && j == 0) || (dir > 0 && j + 1 >= ts->n))
		return buf;
	j = dir < 0 ? j - 1 : j + 1;
	if (!is_word(&ts->t[j]))
		return buf;
	return fold_word(ts->t[j].s, ts->t[j].n, buf, n);
}

/* F5: s[0..n) is a date or a time (kind). */
static void
report_date_time(lint_ctx *c, const char *file, int line, const char *s,
    size_t n, const char *kind)
{
	lint_report(c, file, line, "F5", "'%.*s' looks like a %s: %s", (int)n,
	    s, kind, strcmp(kind, "date") == 0 ?
	    "write it in full (lundi 3 décembre)" :
	    "write it as 14 h 30 or 9 h");
}

/* F3: a percentage, written as what. */
static void
report_percentage(lint_ctx *c, const char *file, int line, const char *what)
{
	lint_report(c, file, line, "F3", "percentage '%s': no percentages, say "
	    "it as a reader can picture it (1 personne sur 4, la moitié)",
	    what);
}

/* F4: s[0..n) marks emphasis. */
static void
report_emphasis(lint_ctx *c, const char *file, int line, const char *s,
    size_t n)
{
	lint_report(c, file, line, "F4", "'%.*s' marks emphasis: no bold, "
	    "italics or underline, write plain text", (int)n, s);
}

/* F3, F2, F4, F6 on the word token i. */
static void
check_word(lint_ctx *c, const char *file, const text_toks *ts, size_t i,
    int *number_reported)
{
	const text_tok *t = &ts->t[i];
	const char *p = t->s, *end = t->s + t->n, *part = p;
	char fw[64], nb[64];
	const char *kind;

	if ((kind = word_date_time(t->s, t->n)) != NULL) {
		report_date_time(c, file, t->line, t->s, t->n, kind);
		return;
	}
	fold_word(t->s, t->n, fw, sizeof fw);
	if (strcmp(fw, "pourcent") == 0 || strcmp(fw, "pourcentage") == 0 ||
	    strcmp(fw, "pourcentages") == 0 ||
	    (strcmp(fw, "pour") == 0 && i + 1 < ts->n &&
	    strcmp(near_word(ts, i, 1, nb, sizeof nb), "cent") == 0)) {
		report_percentage(c, file, t->line, strcmp(fw, "pour") == 0 ?
		    "pour cent" : fw);
		*number_reported = 1;
		return;
	}
	if (*number_reported && strcmp(fw, "cent") == 0) {
		*number_reported = 0;	/* the "cent" of "pour cent" */
		return;
	}
	*number_reported = 0;
	/* Each part between apostrophes and hyphens: dix-sept, l'ADIE. */
	while (p <= end) {
		const char *q = p;
		uint32_t cp = p < end ? utf8_next(&q) : 0;

		if (p < end && !text_cp_joiner(cp)) {
			p = q;
			continue;
		}
		if (p > part) {
			size_t n = (size_t)(p - part);
			char fp[64];

			fold_word(part, n, fp, sizeof fp);
			if (is_roman(part, n)) {
				lint_report(c, file, t->line, "F3", "'%.*s' is a "
				    "Roman numeral: write it in digits (2e, not "
				    "IIe)", (int)n, part);
			} else if (strcmp(fp, "etc") == 0) {
				lint_report(c, file, t->line, "F6", "'etc.': say "
				    "what you mean, or give the whole list");
			} else if (in_list(fp, number_words)) {
				int report = 1;

				if (strcmp(fp, "neuf") == 0) {
					char b1[64], a1[64];

					near_word(ts, i, -1, b1, sizeof b1);
					near_word(ts, i, 1, a1, sizeof a1);
					report = a1[0] != '\0' &&
					    !in_list(b1, neuf_new_before) &&
					    !in_list(a1, neuf_new_after);
				}
				if (report) {
					lint_report(c, file, t->line, "F3", "'%.*s': "
					    "write numbers in digits (3 mois, not "
					    "trois mois)", (int)t->n, t->s);
					return;		/* once per word: dix-sept */
				}
			} else
				check_caps(c, file, ts, i, part, n);
		}
		if (p >= end)
			break;
		p = q;
		part = q;
	}
}

/* F4: an HTML tag (<i>, <u>, </b>...) at s. */
static size_t
html_tag(const char *s, const char *end)
{
	const char *p = s + 1;

	if (p < end && *p == '/')
		p++;
	if (p >= end || !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		p++;
	return p < end && *p == '>' ? (size_t)(p + 1 - s) : 0;
}

/* A short quote of a sentence for messages: its first words. */
static void
quote(strbuf *b, const char *s, size_t n)
{
	size_t max = 48, i = 0;
	int space = 0;

	strbuf_puts(b, "\"");
	while (i < n && i < max) {
		const char *p = s + i;
		uint32_t cp = utf8_next(&p);

		if (text_cp_space(cp)) {
			if (!space)
				strbuf_putc(b, ' ');
			space = 1;
		} else {
			strbuf_add(b, s + i, (size_t)(p - (s + i)));
			space = 0;
		}
		i = (size_t)(p - s);
	}
	strbuf_puts(b, i < n ? "...\"" : "\"");
}

/* F1 for one sentence. */
static void
check_sentence(lint_ctx *c, const char *file, const lint_sentence *sen)
{
	strbuf q = STRBUF_INIT;

	if (sen->words <= LINT_MAX_WORDS)
		return;
	quote(&q, sen->start, sen->len);
	lint_report(c, file, sen->line, "F1", "sentence has %d words (max %d): "
	    "%s", sen->words, LINT_MAX_WORDS, strbuf_str(&q));
	strbuf_free(&q);
}

/* F3, F4, F6 on a punctuation token t; *open_paren says whether a '('
 * came before (end: the end of the block). */
static void
check_punct(lint_ctx *c, const char *file, const text_tok *t,
    const char *end, int *open_paren)
{
	size_t span;

	switch (t->s[0]) {
	case ';':
		lint_report(c, file, t->line, "F6", "semicolon ';': end the "
		    "sentence with a full stop instead");
		break;
	case '(':
		*open_paren = 1;
		lint_report(c, file, t->line, "F6", "parentheses: say it in a "
		    "sentence of its own");
		break;
	case ')':
		if (!*open_paren)
			lint_report(c, file, t->line, "F6", "parenthesis ')': say "
			    "it in a sentence of its own");
		*open_paren = 0;
		break;
	case '*':
	case '_':
		report_emphasis(c, file, t->line, t->s, 1);
		break;
	case '%':
		report_percentage(c, file, t->line, "%");
		break;
	case '<':
		if ((span = html_tag(t->s, end)) > 0)
			report_emphasis(c, file, t->line, t->s, span);
		break;
	default:
		if (t->n == 2 && memcmp(t->s, "\xD8\x9B", 2) == 0)
			lint_report(c, file, t->line, "F6", "semicolon '\xD8\x9B': "
			    "end the sentence with a full stop instead");
		if (t->n == 3 && memcmp(t->s, "\xE2\x80\xB0", 3) == 0)
			lint_report(c, file, t->line, "F3",
			    "'\xE2\x80\xB0': no percentages");
		break;
	}
}

/* Every rule on one tokenized block; F1 comes with the first token of
 * its sentence so that messages stay in line order. */
static void
check_tokens(lint_ctx *c, const char *file, const text_toks *ts,
    const char *end, const lint_sentence *sen, size_t nsen)
{
	int open_paren = 0, number_reported = 0;
	size_t next = 0;

	for (size_t i = 0; i < ts->n; i++) {
		const text_tok *t = &ts->t[i];
		const char *kind = NULL;
		size_t span;

		while (next < nsen && sen[next].start <= t->s)
			check_sentence(c, file, &sen[next++]);

		switch (t->k) {
		case TEXT_URL:
			if (t->n >= 7 && strncasecmp(t->s, "http://", 7) == 0)
				lint_report(c, file, t->line, "E-URL", "web address "
				    "'%.*s' is not https: use https://", (int)t->n,
				    t->s);
			break;
		case TEXT_WORD:
		case TEXT_NUMBER:
			/* F2-F5 and the claims of a check are French rules:
			 * a translation is held to F1 and F6 only. */
			if (c->lang && strcmp(c->lang, "fr") != 0)
				break;
			if ((span = multi_date_time(ts, i, &kind)) > 0) {
				const text_tok *z = &ts->t[i + span - 1];

				report_date_time(c, file, t->line, t->s,
				    (size_t)(z->s + z->n - t->s), kind);
				i += span - 1;
				break;
			}
			check_word(c, file, ts, i, &number_reported);
			lint_verified_word(c, file, ts, i);
			break;
		case TEXT_END:
			break;
		case TEXT_PUNCT:
			check_punct(c, file, t, end, &open_paren);
			break;
		}
	}
	while (next < nsen)
		check_sentence(c, file, &sen[next++]);
}

/* One block of text: every rule, and its sentences added to st. */
static void
check_block(lint_ctx *c, const char *file, const char *s, size_t n, int line,
    lint_stats *st)
{
	text_toks ts = { 0 };
	lint_sentence *sen;
	size_t ns;

	text_tokenize(s, n, line, &ts);
	ns = split_sentences(&ts, &sen);
	check_tokens(c, file, &ts, s + n, sen, ns);
	for (size_t i = 0; st && i < ns; i++) {
		st->sentences++;
		st->words += sen[i].words;
	}
	free(sen);
	text_toks_free(&ts);
}

/* A walk through text line by line: blocks come in line order, so each
 * start is found from the previous one.  Searching from the top for each
 * block (and taking strlen for each) made a 15 MB page take minutes. */
struct line_cursor {
	const char *p, *end;
	int line;			/* 1-based line at p */
};

/* Start of the 1-based line k (the end if there are fewer); k never goes
 * back. */
static const char *
line_at(struct line_cursor *lc, int k)
{
	while (lc->line < k && lc->p < lc->end) {
		const char *nl = memchr(lc->p, '\n', (size_t)(lc->end - lc->p));

		lc->p = nl ? nl + 1 : lc->end;
		lc->line++;
	}
	return lc->p;
}

void
lint_text(lint_ctx *c, const char *file, int line, const char *text,
    lint_stats *st)
{
	block *b;
	size_t nb = markup_parse(text, &b);
	struct line_cursor lc = { text, text + strlen(text), 1 };

	/* Each block is checked on its own lines of the source (not on the
	 * joined text) so that a message points at the right line. */
	for (size_t i = 0; i < nb; i++) {
		const char *s = line_at(&lc, b[i].line);
		const char *e;

		if (i + 1 < nb) {
			struct line_cursor next = lc;

			e = line_at(&next, b[i + 1].line);
		} else
			e = lc.end;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (b[i].kind == BLOCK_TITLE)
			s += 2;
		else if (b[i].kind == BLOCK_ITEM)
			s += 1;
		check_block(c, file, s, (size_t)(e - s), line + b[i].line - 1, st);
	}
	markup_free(b, nb);
}

void
lint_average(lint_ctx *c, const char *file, int line, const char *what,
    const lint_stats *st)
{
	if (st->sentences == 0)
		return;
	if (st->words > LINT_MAX_AVERAGE * st->sentences)
		lint_report(c, file, line, "F1", "%s has %.1f words a sentence on "
		    "average (max %d): cut long sentences in two", what,
		    (double)st->words / st->sentences, LINT_MAX_AVERAGE);
}
