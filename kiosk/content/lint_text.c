/*
 * lint_text.c - the FALC rules F1-F6 on one text (see lint_text.h for
 * how words and sentences are counted).
 *
 * A text is cut into tokens (words, addresses, sentence ends, other
 * characters), the tokens into sentences; every rule works on tokens.
 */
#include "content/lint_text.h"
#include "content/markup.h"
#include "strbuf.h"
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

/* ================================================================ characters */

static int
is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f' || cp == '\v' || cp == 0xA0 || cp == 0x202F ||
	    (cp >= 0x2000 && cp <= 0x200A);
}

static int
is_digit_cp(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

static int
is_letter_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	if (cp >= 0xC0 && cp <= 0xFF)
		return cp != 0xD7 && cp != 0xF7;
	/* Latin Extended, IPA, Greek, Cyrillic, phonetic (the ᵉ of 1ᵉʳ). */
	return (cp >= 0x100 && cp <= 0x2AF) || (cp >= 0x370 && cp <= 0x52F) ||
	    (cp >= 0x1D00 && cp <= 0x1DBF) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

static int
is_upper_cp(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') ||
	    (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
	    cp == 0x152 || cp == 0x178;
}

static int
is_alnum_cp(uint32_t cp)
{
	return is_letter_cp(cp) || is_digit_cp(cp);
}

/* Apostrophes and hyphens join the letters around them into one word. */
static int
is_joiner_cp(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC || cp == '-' ||
	    cp == 0x2010 || cp == 0x2011;
}

static int
is_end_cp(uint32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

/* What may close a quotation or an aside after a full stop. */
static int
is_closer_cp(uint32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' ||
	    cp == 0xBB || cp == 0x201D || cp == 0x2019;
}

/* The code point at p (0 at end), and where the next one starts. */
static uint32_t
peek(const char *p, const char *end, const char **next)
{
	const char *q = p;
	uint32_t cp;

	if (p >= end) {
		if (next)
			*next = p;
		return 0;
	}
	cp = utf8_next(&q);
	if (next)
		*next = q;
	return cp;
}

/* ================================================================ tokens */

enum tok_kind {
	TK_WORD,	/* letters and digits (see lint_text.h) */
	TK_URL,		/* a web or mail address, one word */
	TK_END,		/* what ends a sentence: . ! ? ... */
	TK_PUNCT	/* any other character, one code point */
};

struct tok {
	enum tok_kind k;
	const char *s;
	size_t n;
	int line;
	int sp;		/* whitespace just before it */
};

struct toks {
	struct tok *t;
	size_t n, cap;
};

static void
tok_push(struct toks *ts, enum tok_kind k, const char *s, size_t n, int line,
    int sp)
{
	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? ts->cap * 2 : 32;
		ts->t = xrealloc(ts->t, ts->cap * sizeof *ts->t);
	}
	ts->t[ts->n++] = (struct tok){ k, s, n, line, sp };
}

static int
has_prefix_ci(const char *s, size_t n, const char *pre)
{
	size_t l = strlen(pre);

	return n >= l && strncasecmp(s, pre, l) == 0;
}

/* 1 if s[0..n) reads as a web or mail address: http(s)://, www., a@b.c,
 * or a bare domain such as service-public.fr (lowercase top-level part,
 * so that "3.5" or a missing space after "M." are not addresses). */
static int
is_url(const char *s, size_t n)
{
	size_t i, dot = 0, ndots = 0;

	if (n < 4)
		return 0;
	if (has_prefix_ci(s, n, "http://") || has_prefix_ci(s, n, "https://") ||
	    has_prefix_ci(s, n, "www.") || has_prefix_ci(s, n, "mailto:"))
		return 1;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
	    (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (i = 0; i < n && s[i] != '/'; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '.') {
			dot = i;
			ndots++;
		} else if (!(ch == '-' || ch == '@' || ch == '_' ||
		    (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9')))
			return 0;
	}
	if (ndots == 0 || i - dot - 1 < 2 || i - dot - 1 > 6)
		return 0;
	for (size_t j = dot + 1; j < i; j++)
		if (s[j] < 'a' || s[j] > 'z')
			return 0;
	/* The rest (a path) must hold no space: the chunk ends at one. */
	return 1;
}

/* Trailing characters that belong to the sentence, not to an address. */
static size_t
strip_trailing(const char *s, size_t n)
{
	static const char *const tail[] = { ".", ",", ";", ":", "!", "?", ")",
	    "]", "\"", "'", "\xC2\xBB", "\xE2\x80\x99", "\xE2\x80\xA6",
	    "\xE2\x80\x9D" };

	for (;;) {
		int cut = 0;

		for (size_t i = 0; i < sizeof tail / sizeof *tail; i++) {
			size_t l = strlen(tail[i]);

			if (n > l && memcmp(s + n - l, tail[i], l) == 0) {
				n -= l;
				cut = 1;
				break;
			}
		}
		if (!cut)
			return n;
	}
}

/* Words after which a full stop is an abbreviation, not a sentence end. */
static int
is_abbrev(const char *s, size_t n)
{
	static const char *const ab[] = { "M", "MM", "Mme", "Mmes", "Mlle",
	    "Dr", "Pr", "Me", "St", "Ste", "cf", "p", "ex", "av", "bd", "tél",
	    "tel", "env", "n", "art", "Cie", "Ets", "vol", "min", "max" };
	const char *q = s;

	if (n == 1 && is_upper_cp((unsigned char)s[0]))
		return 1;		/* an initial: J. Dupont */
	if (is_upper_cp(utf8_next(&q)) && (size_t)(q - s) == n)
		return 1;		/* É. */
	for (size_t i = 0; i < sizeof ab / sizeof *ab; i++)
		if (strlen(ab[i]) == n && memcmp(ab[i], s, n) == 0)
			return 1;
	return 0;
}

/* Cuts s[0..n) (starting on line) into tokens. */
static void
tokenize(const char *s, size_t n, int line, struct toks *ts)
{
	const char *p = s, *end = s + n, *q;
	int sp = 1, chunk_start = 1;

	while (p < end) {
		uint32_t cp = peek(p, end, &q);

		if (is_space_cp(cp)) {
			if (cp == '\n')
				line++;
			p = q;
			sp = 1;
			chunk_start = 1;
			continue;
		}
		if (chunk_start) {
			/* Is the rest of this chunk (up to a space) an address? */
			const char *ce = p, *cq;
			size_t core;

			while (ce < end && !is_space_cp(peek(ce, end, &cq)))
				ce = cq;
			core = strip_trailing(p, (size_t)(ce - p));
			if (is_url(p, core)) {
				tok_push(ts, TK_URL, p, core, line, sp);
				p += core;
				sp = 0;
				chunk_start = 0;
				continue;
			}
		}
		if (is_alnum_cp(cp)) {
			const char *w = p;
			uint32_t prev = cp;

			p = q;
			for (;;) {
				const char *q1, *q2;
				uint32_t c1 = peek(p, end, &q1), c2;

				if (is_alnum_cp(c1)) {
					prev = c1;
					p = q1;
					continue;
				}
				c2 = peek(q1, end, &q2);
				if ((is_joiner_cp(c1) && is_alnum_cp(c2)) ||
				    ((c1 == ',' || c1 == '.') && is_digit_cp(prev) &&
				    is_digit_cp(c2))) {
					prev = c2;
					p = q2;
					continue;
				}
				break;
			}
			tok_push(ts, TK_WORD, w, (size_t)(p - w), line, sp);
		} else if (is_end_cp(cp)) {
			const char *e = p, *eq;
			int dots = 0, strong = 0, end_here;
			uint32_t c;

			while (e < end && is_end_cp(c = peek(e, end, &eq))) {
				dots += c == '.';
				strong |= c != '.';
				e = eq;
			}
			if (strong || dots >= 3)
				end_here = 1;
			else {
				/* A full stop ends a sentence when a space or the end
				 * follows (after closing quotes), and the word before
				 * is not an abbreviation. */
				const char *a = e, *aq;

				while (a < end && is_closer_cp(peek(a, end, &aq)))
					a = aq;
				end_here = a >= end || is_space_cp(peek(a, end, NULL));
				if (end_here && ts->n > 0 && !sp &&
				    ts->t[ts->n - 1].k == TK_WORD &&
				    is_abbrev(ts->t[ts->n - 1].s, ts->t[ts->n - 1].n))
					end_here = 0;
			}
			tok_push(ts, end_here ? TK_END : TK_PUNCT, p,
			    (size_t)(e - p), line, sp);
			p = e;
		} else {
			tok_push(ts, TK_PUNCT, p, (size_t)(q - p), line, sp);
			/* After an opening mark, an address may start. */
			chunk_start = cp == '(' || cp == '[' || cp == '"' ||
			    cp == 0xAB || cp == 0x201C;
			p = q;
			sp = 0;
			continue;
		}
		sp = 0;
		chunk_start = 0;
	}
}

/* A number: digits, maybe joined by , . - (3,5  2022-2024). */
static int
is_number(const struct tok *t)
{
	if (t->k != TK_WORD || !is_digit_cp((unsigned char)t->s[0]))
		return 0;
	for (size_t i = 0; i < t->n; i++) {
		char ch = t->s[i];

		if (!(is_digit_cp((unsigned char)ch) || ch == ',' || ch == '.' ||
		    ch == '-'))
			return 0;
	}
	return 1;
}

/* Does token i count as a word?  Digit groups separated only by spaces
 * ("04 79 12 34 56", "10 000") are one number, so one word. */
static int
counts_as_word(const struct toks *ts, size_t i)
{
	const struct tok *t = &ts->t[i];

	if (t->k == TK_URL)
		return 1;
	if (t->k != TK_WORD)
		return 0;
	if (i > 0 && t->sp && is_number(t) && is_number(&ts->t[i - 1]))
		return 0;
	return 1;
}

/* Sentences of one tokenized block. */
static size_t
split_sentences(const struct toks *ts, lint_sentence **out)
{
	size_t n = 0, cap = 0, first = 0;
	int words = 0;

	*out = NULL;
	for (size_t i = 0; i <= ts->n; i++) {
		int close = i == ts->n || ts->t[i].k == TK_END;

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
			const struct tok *a = &ts->t[first];
			const struct tok *z = &ts->t[i == ts->n ? i - 1 : i];

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
	struct toks ts = { 0 };
	int n = 0;

	tokenize(s, strlen(s), 1, &ts);
	for (size_t i = 0; i < ts.n; i++)
		n += counts_as_word(&ts, i);
	free(ts.t);
	return n;
}

size_t
lint_sentences(const char *s, int line, lint_sentence **out)
{
	struct toks ts = { 0 };
	size_t n;

	tokenize(s, strlen(s), line, &ts);
	n = split_sentences(&ts, out);
	free(ts.t);
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
tok_is(const struct tok *t, enum tok_kind k, const char *s)
{
	return t->k == k && t->n == strlen(s) && memcmp(t->s, s, t->n) == 0;
}

static int
tok_digits(const struct tok *t, int mind, int maxd, int *v)
{
	size_t i = 0;
	int d;

	if (t->k != TK_WORD)
		return 0;
	d = digits_at(t->s, t->n, &i, maxd, v);
	return i == t->n && d >= mind;
}

/* F5 across tokens: 3/12, 03/12/2026, 14:30.  Returns how many tokens
 * the date or time spans (0: none) and its kind. */
static size_t
multi_date_time(const struct toks *ts, size_t i, const char **kind)
{
	const struct tok *t = ts->t;
	int a, b, c2;

	if (i + 2 >= ts->n)
		return 0;
	if (!tok_digits(&t[i], 1, 2, &a) || t[i + 1].sp || t[i + 2].sp)
		return 0;
	if (tok_is(&t[i + 1], TK_PUNCT, ":") && tok_digits(&t[i + 2], 2, 2, &b)) {
		if (a <= 24 && b <= 59) {
			*kind = "time";
			return 3;
		}
		return 0;
	}
	if (!tok_is(&t[i + 1], TK_PUNCT, "/") || !tok_digits(&t[i + 2], 1, 2, &b))
		return 0;
	if (a < 1 || a > 31 || b < 1 || b > 12)
		return 0;
	*kind = "date";
	if (i + 4 < ts->n && !t[i + 3].sp && !t[i + 4].sp &&
	    tok_is(&t[i + 3], TK_PUNCT, "/") && tok_digits(&t[i + 4], 2, 4, &c2))
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

		if (!is_letter_cp(cp))
			continue;
		(*letters)++;
		if (is_upper_cp(cp)) {
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
shouted(const lint_ctx *c, const struct tok *t)
{
	int letters, caps, fc, acc, vow;

	if (t->k != TK_WORD)
		return 0;
	count_caps(t->s, t->n, &letters, &caps, &fc, &acc, &vow);
	return letters >= 2 && caps == letters && !allowed(c, t->s, t->n);
}

/* F2/F4 on one part of a word (between apostrophes and hyphens). */
static void
check_caps(lint_ctx *c, const char *file, const struct toks *ts, size_t i,
    const char *s, size_t n)
{
	const struct tok *t = &ts->t[i];
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
near_word(const struct toks *ts, size_t i, int dir, char *buf, size_t n)
{
	size_t j = i;

	buf[0] = '\0';
	if ((dir < 0 && j == 0) || (dir > 0 && j + 1 >= ts->n))
		return buf;
	j = dir < 0 ? j - 1 : j + 1;
	if (ts->t[j].k != TK_WORD)
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
check_word(lint_ctx *c, const char *file, const struct toks *ts, size_t i,
    int *number_reported)
{
	const struct tok *t = &ts->t[i];
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

		if (p < end && !is_joiner_cp(cp)) {
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

		if (is_space_cp(cp)) {
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
check_punct(lint_ctx *c, const char *file, const struct tok *t,
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
		if (t->n == 3 && memcmp(t->s, "\xE2\x80\xB0", 3) == 0)
			lint_report(c, file, t->line, "F3",
			    "'\xE2\x80\xB0': no percentages");
		break;
	}
}

/* Every rule on one tokenized block; F1 comes with the first token of
 * its sentence so that messages stay in line order. */
static void
check_tokens(lint_ctx *c, const char *file, const struct toks *ts,
    const char *end, const lint_sentence *sen, size_t nsen)
{
	int open_paren = 0, number_reported = 0;
	size_t next = 0;

	for (size_t i = 0; i < ts->n; i++) {
		const struct tok *t = &ts->t[i];
		const char *kind = NULL;
		size_t span;

		while (next < nsen && sen[next].start <= t->s)
			check_sentence(c, file, &sen[next++]);

		switch (t->k) {
		case TK_URL:
			if (has_prefix_ci(t->s, t->n, "http://"))
				lint_report(c, file, t->line, "E-URL", "web address "
				    "'%.*s' is not https: use https://", (int)t->n,
				    t->s);
			break;
		case TK_WORD:
			if ((span = multi_date_time(ts, i, &kind)) > 0) {
				const struct tok *z = &ts->t[i + span - 1];

				report_date_time(c, file, t->line, t->s,
				    (size_t)(z->s + z->n - t->s), kind);
				i += span - 1;
				break;
			}
			check_word(c, file, ts, i, &number_reported);
			break;
		case TK_END:
			break;
		case TK_PUNCT:
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
	struct toks ts = { 0 };
	lint_sentence *sen;
	size_t ns;

	tokenize(s, n, line, &ts);
	ns = split_sentences(&ts, &sen);
	check_tokens(c, file, &ts, s + n, sen, ns);
	for (size_t i = 0; st && i < ns; i++) {
		st->sentences++;
		st->words += sen[i].words;
	}
	free(sen);
	free(ts.t);
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
