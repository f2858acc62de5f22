/*
 * lint.c - the FALC rules and the integrity of the content sources
 * (see lint.h for the codes and how words and sentences are counted).
 *
 * Three parts: reporting; the text rules F1-F6, which work on tokens of
 * one block of text; and the sources (load, then check everything that
 * holds them together, F7, F8).  The rules are heuristics a writer must
 * be able to predict: when in doubt we prefer a clear rule that is
 * sometimes too strict (the writer rephrases) to a clever one that lets
 * a hard sentence through.
 */
#include "lint.h"
#include "csvread.h"
#include "fsutil.h"
#include "markup.h"
#include "strbuf.h"
#include "timeutil.h"
#include "utf8.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* ================================================================ reporting */

void
lint_init(lint_ctx *c, FILE *out)
{
	time_t now = time(NULL);
	struct tm tm;

	memset(c, 0, sizeof *c);
	c->out = out;
	localtime_r(&now, &tm);
	strftime(c->today, sizeof c->today, "%Y-%m-%d", &tm);
}

void
lint_free(lint_ctx *c)
{
	for (size_t i = 0; i < c->ndiags; i++) {
		free(c->diags[i].file);
		free(c->diags[i].msg);
	}
	free(c->diags);
	for (size_t i = 0; i < c->nallowed; i++)
		free(c->allowed[i]);
	free(c->allowed);
	memset(c, 0, sizeof *c);
}

void
lint_report(lint_ctx *c, const char *file, int line, const char *code,
    const char *fmt, ...)
{
	strbuf b = STRBUF_INIT;
	lint_diag *d;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		char *tmp = xmalloc((size_t)n + 1);

		va_start(ap, fmt);
		vsnprintf(tmp, (size_t)n + 1, fmt, ap);
		va_end(ap);
		strbuf_add(&b, tmp, (size_t)n);
		free(tmp);
	}
	c->diags = xrealloc(c->diags, (c->ndiags + 1) * sizeof *c->diags);
	d = &c->diags[c->ndiags++];
	d->file = xstrdup(file);
	d->line = line;
	snprintf(d->code, sizeof d->code, "%s", code);
	d->msg = strbuf_take(&b);
	if (code[0] == 'W')
		c->warnings++;
	else
		c->errors++;
	if (c->out) {
		if (line > 0)
			fprintf(c->out, "%s:%d: %s %s\n", file, line, code, d->msg);
		else
			fprintf(c->out, "%s: %s %s\n", file, code, d->msg);
	}
}

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
	TK_WORD,	/* letters and digits (see lint.h) */
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
	char *tmp = xstrndup(s, n), *f = utf8_fold(tmp);

	if (strlen(f) < bufn)
		memcpy(buf, f, strlen(f) + 1);
	else
		buf[0] = '\0';
	free(f);
	free(tmp);
	return buf;
}

static int
in_list(const char *w, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(w, list[i]) == 0)
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
	/* Valid form: L? X{0,3} (IX|IV|V?I{0,3}), or XL/XC-less 40s. */
	{
		const char *p = s, *e = s + r;

		if (e - p >= 2 && p[0] == 'X' && p[1] == 'L')
			p += 2;
		else {
			if (p < e && *p == 'L')
				p++;
			for (int i = 0; i < 3 && p < e && *p == 'X'; i++)
				p++;
		}
		if (e - p >= 2 && p[0] == 'I' && (p[1] == 'X' || p[1] == 'V'))
			p += 2;
		else {
			if (p < e && *p == 'V')
				p++;
			for (int i = 0; i < 3 && p < e && *p == 'I'; i++)
				p++;
		}
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
	if (caps < letters) {
		lint_report(c, file, t->line, "F2", "'%.*s' looks like an "
		    "abbreviation: write it in full, or explain it in "
		    "glossary.csv", (int)n, s);
		return;
	}
	/* All capitals: an acronym the glossary lacks (F2), or shouting
	 * (F4)?  Shouting has accents (IMPORTANT, ÉTAPE), long words with
	 * vowels, or several such words in a row. */
	emphasis = acc > 0 || (letters >= 6 && vow * 3 >= letters) ||
	    (i > 0 && shouted(c, &ts->t[i - 1])) ||
	    (i + 1 < ts->n && shouted(c, &ts->t[i + 1]));
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
		if (strcmp(kind, "date") == 0)
			lint_report(c, file, t->line, "F5", "'%.*s' looks like a "
			    "date: write it in full (lundi 3 décembre)",
			    (int)t->n, t->s);
		else
			lint_report(c, file, t->line, "F5", "'%.*s' looks like a "
			    "time: write it as 14 h 30 or 9 h", (int)t->n, t->s);
		return;
	}
	fold_word(t->s, t->n, fw, sizeof fw);
	if (strcmp(fw, "pourcent") == 0 || strcmp(fw, "pourcentage") == 0 ||
	    strcmp(fw, "pourcentages") == 0 ||
	    (strcmp(fw, "pour") == 0 && i + 1 < ts->n &&
	    strcmp(near_word(ts, i, 1, nb, sizeof nb), "cent") == 0)) {
		lint_report(c, file, t->line, "F3", "percentage '%s': no "
		    "percentages, say it as a reader can picture it "
		    "(1 personne sur 4, la moitié)", strcmp(fw, "pour") == 0 ?
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

				lint_report(c, file, t->line, "F5", "'%.*s' looks "
				    "like a %s: %s", (int)(z->s + z->n - t->s), t->s,
				    kind, strcmp(kind, "date") == 0 ?
				    "write it in full (lundi 3 décembre)" :
				    "write it as 14 h 30 or 9 h");
				i += span - 1;
				break;
			}
			check_word(c, file, ts, i, &number_reported);
			break;
		case TK_END:
			break;
		case TK_PUNCT:
			switch (t->s[0]) {
			case ';':
				lint_report(c, file, t->line, "F6", "semicolon ';': "
				    "end the sentence with a full stop instead");
				break;
			case '(':
				open_paren = 1;
				lint_report(c, file, t->line, "F6", "parentheses: "
				    "say it in a sentence of its own");
				break;
			case ')':
				if (!open_paren)
					lint_report(c, file, t->line, "F6",
					    "parenthesis ')': say it in a sentence of "
					    "its own");
				open_paren = 0;
				break;
			case '*':
			case '_':
				lint_report(c, file, t->line, "F4", "'%c' marks "
				    "emphasis: no bold, italics or underline, write "
				    "plain text", t->s[0]);
				break;
			case '%':
				lint_report(c, file, t->line, "F3", "percentage "
				    "'%%': no percentages, say it as a reader can "
				    "picture it (1 personne sur 4, la moitié)");
				break;
			case '<':
				if ((span = html_tag(t->s, end)) > 0)
					lint_report(c, file, t->line, "F4", "'%.*s' "
					    "marks emphasis: no bold, italics or "
					    "underline, write plain text", (int)span,
					    t->s);
				break;
			default:
				if (t->n == 3 && memcmp(t->s, "\xE2\x80\xB0", 3) == 0)
					lint_report(c, file, t->line, "F3",
					    "'\xE2\x80\xB0': no percentages");
				break;
			}
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

/* Start of the 1-based line k of text (the end if there are fewer). */
static const char *
line_start(const char *text, int k)
{
	const char *p = text;

	for (int i = 1; i < k && *p; i++) {
		const char *nl = strchr(p, '\n');

		p = nl ? nl + 1 : p + strlen(p);
	}
	return p;
}

void
lint_text(lint_ctx *c, const char *file, int line, const char *text,
    lint_stats *st)
{
	block *b;
	size_t nb = markup_parse(text, &b);

	/* Each block is checked on its own lines of the source (not on the
	 * joined text) so that a message points at the right line. */
	for (size_t i = 0; i < nb; i++) {
		const char *s = line_start(text, b[i].line);
		const char *e = i + 1 < nb ? line_start(text, b[i + 1].line) :
		    text + strlen(text);

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

/* ================================================================ loading */

static const src_picto *find_picto(const content_src *s, const char *name);

static char *
path_join(const char *dir, const char *name)
{
	strbuf b = STRBUF_INIT;

	strbuf_puts(&b, dir);
	if (b.len > 0 && b.s[b.len - 1] != '/')
		strbuf_putc(&b, '/');
	strbuf_puts(&b, name);
	return strbuf_take(&b);
}

const char *
lint_default_pictos(const char *dir, char *buf, size_t n)
{
	size_t l = strlen(dir);

	while (l > 1 && dir[l - 1] == '/')
		l--;
	snprintf(buf, n, "%.*s/../pictos.csv", (int)l, dir);
	return buf;
}

static void
hash_file(crypto_hash_sha256_state *h, const char *name, const char *data,
    size_t len)
{
	unsigned char n8[8];
	uint64_t l = len;

	/* name, NUL, 8-byte length, bytes: no two file sets hash the same. */
	crypto_hash_sha256_update(h, (const unsigned char *)name,
	    strlen(name) + 1);
	for (int i = 0; i < 8; i++)
		n8[i] = (unsigned char)(l >> (8 * i));
	crypto_hash_sha256_update(h, n8, sizeof n8);
	crypto_hash_sha256_update(h, (const unsigned char *)data, len);
}

/* Reads a file whole.  Missing: NULL, and E-FILE unless optional. */
static char *
read_source(lint_ctx *c, const char *path, const char *hname, int optional,
    crypto_hash_sha256_state *h, size_t *len)
{
	err_t e;
	char *data;

	if (optional && access(path, F_OK) != 0 && errno == ENOENT)
		return NULL;
	data = fs_read_file(path, 16 << 20, len, &e);
	if (data == NULL) {
		lint_report(c, path, 0, "E-FILE", "%s", e.msg);
		return NULL;
	}
	c->files++;
	hash_file(h, hname, data, *len);
	return data;
}

/* Loads a CSV source; 0 if it could not be read (reported). */
static int
load_csv(lint_ctx *c, const char *path, const char *hname, int optional,
    crypto_hash_sha256_state *h, csv_table *t)
{
	size_t len, pl = strlen(path);
	char *data = read_source(c, path, hname, optional, h, &len);
	err_t e;

	memset(t, 0, sizeof *t);
	if (data == NULL)
		return 0;
	if (csv_parse_mem(data, len, path, t, &e) < 0) {
		/* csvread says "PATH:LINE: why"; we say it our way. */
		const char *m = e.msg;
		int line = 0;

		if (strncmp(m, path, pl) == 0 && m[pl] == ':') {
			char *rest;

			line = (int)strtol(m + pl + 1, &rest, 10);
			m = *rest == ':' ? rest + 1 : m + pl + 1;
			while (*m == ' ')
				m++;
		}
		lint_report(c, path, line, "E-CSV", "%s", m);
		free(data);
		return 0;
	}
	free(data);
	/* More cells than columns: most often a ';' typed in a cell that
	 * is not quoted, which shifts the rest of the line. */
	for (size_t i = 0; i < t->nrows; i++) {
		const csv_row *r = &t->rows[i];
		size_t last = r->n;

		while (last > t->ncols && r->cell[last - 1][0] == '\0')
			last--;
		if (last > t->ncols)
			lint_report(c, path, r->line, "E-CSV", "this line has %zu "
			    "cells but the first line names %zu columns: a ';' "
			    "inside a cell must be in a quoted cell (save it again "
			    "from the spreadsheet)", last, t->ncols);
	}
	return 1;
}

/* Column index, or -1 with E-COL when required. */
static int
column(lint_ctx *c, const csv_table *t, const char *name, int required,
    int *missing)
{
	int col = csv_col(t, name);

	if (col < 0 && required) {
		lint_report(c, t->path, t->header_line, "E-COL", "missing column "
		    "'%s' (the first line names the columns; accents and "
		    "capitals do not matter)", name);
		*missing = 1;
	}
	return col;
}

/* A cell with the line it starts on: a quoted cell before it may span
 * several lines. */
static src_field
cell(const csv_row *r, int col)
{
	src_field f = { xstrdup(csv_cell(r, col)), r->line };

	for (int i = 0; i < col && (size_t)i < r->n; i++)
		for (const char *p = r->cell[i]; *p; p++)
			f.line += *p == '\n';
	return f;
}

static src_field
nofield(void)
{
	src_field f = { xstrdup(""), 0 };

	return f;
}

static void
field_free(src_field *f)
{
	free(f->v);
}

static void
load_pictos(lint_ctx *c, content_src *s, crypto_hash_sha256_state *h)
{
	csv_table t;
	int miss = 0, cn, cg, cd;

	if (access(s->f_pictos, R_OK) != 0) {
		lint_report(c, s->f_pictos, 0, "E-FILE", "cannot read the "
		    "pictogram list: %s (give its path with --pictos FILE)",
		    strerror(errno));
		return;
	}
	if (!load_csv(c, s->f_pictos, "pictos.csv", 0, h, &t))
		return;
	cn = column(c, &t, "nom", 1, &miss);
	cg = column(c, &t, "glyphe", 1, &miss);
	cd = column(c, &t, "description", 0, &miss);
	if (!miss) {
		s->pictos = xcalloc(t.nrows, sizeof *s->pictos);
		for (size_t i = 0; i < t.nrows; i++) {
			const csv_row *r = &t.rows[i];
			const char *g = csv_cell(r, cg);
			char *end;
			unsigned long cp;

			if (strncasecmp(g, "U+", 2) == 0)
				g += 2;
			errno = 0;
			cp = strtoul(g, &end, 16);
			if (*g == '\0' || *end != '\0' || errno || cp == 0 ||
			    cp > 0x10FFFF) {
				lint_report(c, t.path, r->line, "E-PICTO", "glyph "
				    "'%s' is not a hexadecimal code point such as "
				    "f0b1", csv_cell(r, cg));
				continue;
			}
			if (find_picto(s, csv_cell(r, cn)) != NULL) {
				lint_report(c, t.path, r->line, "E-DUP", "pictogram "
				    "'%s' is already in the list", csv_cell(r, cn));
				continue;
			}
			s->pictos[s->npictos].name = xstrdup(csv_cell(r, cn));
			s->pictos[s->npictos].label = xstrdup(csv_cell(r, cd));
			s->pictos[s->npictos].codepoint = (uint32_t)cp;
			s->pictos[s->npictos].line = r->line;
			s->npictos++;
		}
	}
	csv_table_free(&t);
}

static void
load_msds(lint_ctx *c, content_src *s, crypto_hash_sha256_state *h)
{
	csv_table t;
	int m = 0, code, nom, terr, adr, tel, hor, src;

	if (!load_csv(c, s->f_msd, "msd.csv", 0, h, &t))
		return;
	code = column(c, &t, "code", 1, &m);
	nom = column(c, &t, "nom", 1, &m);
	terr = column(c, &t, "territoire", 1, &m);
	adr = column(c, &t, "adresse", 1, &m);
	tel = column(c, &t, "telephone", 1, &m);
	hor = column(c, &t, "horaires", 1, &m);
	src = column(c, &t, "source", 1, &m);
	if (!m) {
		s->msds = xcalloc(t.nrows, sizeof *s->msds);
		for (size_t i = 0; i < t.nrows; i++) {
			const csv_row *r = &t.rows[i];
			src_msd *d = &s->msds[s->nmsds++];

			d->code = cell(r, code);
			d->name = cell(r, nom);
			d->territory = cell(r, terr);
			d->address = cell(r, adr);
			d->phone = cell(r, tel);
			d->hours = cell(r, hor);
			d->source = cell(r, src);
		}
	}
	csv_table_free(&t);
}

static void
load_themes(lint_ctx *c, content_src *s, crypto_hash_sha256_state *h)
{
	csv_table t;
	int m = 0, id, tit, pic, ord, res;

	if (!load_csv(c, s->f_themes, "themes.csv", 0, h, &t))
		return;
	id = column(c, &t, "id", 1, &m);
	tit = column(c, &t, "titre", 1, &m);
	pic = column(c, &t, "pictogramme", 1, &m);
	ord = column(c, &t, "ordre", 1, &m);
	res = column(c, &t, "resume", 1, &m);
	if (!m) {
		s->themes = xcalloc(t.nrows, sizeof *s->themes);
		for (size_t i = 0; i < t.nrows; i++) {
			const csv_row *r = &t.rows[i];
			src_theme *d = &s->themes[s->nthemes++];

			d->id = cell(r, id);
			d->title = cell(r, tit);
			d->picto = cell(r, pic);
			d->order = cell(r, ord);
			d->summary = cell(r, res);
		}
	}
	csv_table_free(&t);
}

static void
load_offers(lint_ctx *c, content_src *s, crypto_hash_sha256_state *h)
{
	csv_table t;
	int m = 0, id, th, tit, res, pq, cout, com, con, msd, qr, pic, ver, src,
	    txt;

	if (!load_csv(c, s->f_offers, "offers.csv", 0, h, &t))
		return;
	id = column(c, &t, "id", 1, &m);
	th = column(c, &t, "theme", 1, &m);
	tit = column(c, &t, "titre", 1, &m);
	res = column(c, &t, "resume", 1, &m);
	pq = column(c, &t, "pour_qui", 1, &m);
	cout = column(c, &t, "cout", 1, &m);
	com = column(c, &t, "comment", 1, &m);
	con = column(c, &t, "contact", 0, &m);
	msd = column(c, &t, "msd", 1, &m);
	qr = column(c, &t, "qr", 1, &m);
	pic = column(c, &t, "pictogramme", 0, &m);
	ver = column(c, &t, "verifie_le", 1, &m);
	src = column(c, &t, "source", 1, &m);
	txt = column(c, &t, "texte", 0, &m);
	if (!m) {
		s->offers = xcalloc(t.nrows, sizeof *s->offers);
		for (size_t i = 0; i < t.nrows; i++) {
			const csv_row *r = &t.rows[i];
			src_offer *o = &s->offers[s->noffers++];

			o->id = cell(r, id);
			o->theme = cell(r, th);
			o->title = cell(r, tit);
			o->summary = cell(r, res);
			o->for_whom = cell(r, pq);
			o->cost = cell(r, cout);
			o->how = cell(r, com);
			o->contact = cell(r, con);
			o->msd = cell(r, msd);
			o->qr = cell(r, qr);
			o->picto = cell(r, pic);
			o->reviewed_on = cell(r, ver);
			o->source = cell(r, src);
			o->body = cell(r, txt);
		}
	}
	csv_table_free(&t);
}

static void
load_gloss(lint_ctx *c, content_src *s, crypto_hash_sha256_state *h)
{
	csv_table t;
	int m = 0, mot, var, exp;

	if (!load_csv(c, s->f_gloss, "glossary.csv", 0, h, &t))
		return;
	mot = column(c, &t, "mot", 1, &m);
	var = column(c, &t, "variantes", 0, &m);
	exp = column(c, &t, "explication", 1, &m);
	if (!m) {
		s->gloss = xcalloc(t.nrows, sizeof *s->gloss);
		for (size_t i = 0; i < t.nrows; i++) {
			const csv_row *r = &t.rows[i];
			src_gloss *g = &s->gloss[s->ngloss++];

			g->word = cell(r, mot);
			g->variants = cell(r, var);
			g->explanation = cell(r, exp);
		}
	}
	csv_table_free(&t);
}

/* "oui:Oui|non:Non" into answers; 0 if malformed (reported). */
static void
parse_answers(lint_ctx *c, const char *file, src_question *q)
{
	const char *p = q->answers.v;

	while (*p) {
		const char *bar = strchr(p, '|'), *colon;
		size_t n;

		if (bar == NULL)
			bar = p + strlen(p);
		n = (size_t)(bar - p);
		colon = memchr(p, ':', n);
		if (colon == NULL || colon == p || colon + 1 == bar) {
			lint_report(c, file, q->answers.line, "E-ANSWER", "answer "
			    "'%.*s' is not pictogramme:texte (for example "
			    "oui:Oui)", (int)n, p);
		} else {
			char *pic = xstrndup(p, (size_t)(colon - p));
			char *lab = xstrndup(colon + 1, (size_t)(bar - colon - 1));
			size_t pl = strlen(pic), ll = strlen(lab);

			while (pl > 0 && pic[pl - 1] == ' ')
				pic[--pl] = '\0';
			while (ll > 0 && lab[ll - 1] == ' ')
				lab[--ll] = '\0';
			q->ans = xrealloc(q->ans, (q->nans + 1) * sizeof *q->ans);
			q->ans[q->nans].picto = xstrdup(pic + strspn(pic, " "));
			q->ans[q->nans].label = xstrdup(lab + strspn(lab, " "));
			q->nans++;
			free(pic);
			free(lab);
		}
		p = *bar ? bar + 1 : bar;
	}
}

static void
load_questions(lint_ctx *c, content_src *s, crypto_hash_sha256_state *h)
{
	csv_table t;
	int m = 0, id, ord, que, rep;

	if (!load_csv(c, s->f_questions, "questions.csv", 1, h, &t))
		return;
	id = column(c, &t, "id", 1, &m);
	ord = column(c, &t, "ordre", 1, &m);
	que = column(c, &t, "question", 1, &m);
	rep = column(c, &t, "reponses", 1, &m);
	if (!m) {
		s->questions = xcalloc(t.nrows, sizeof *s->questions);
		for (size_t i = 0; i < t.nrows; i++) {
			const csv_row *r = &t.rows[i];
			src_question *q = &s->questions[s->nquestions++];

			q->id = cell(r, id);
			q->order = cell(r, ord);
			q->text = cell(r, que);
			q->answers = cell(r, rep);
			parse_answers(c, t.path, q);
		}
	}
	csv_table_free(&t);
}

/* "02-vos-droits.txt" -> "vos-droits": the number only sorts the files. */
static char *
page_id(const char *name)
{
	const char *p = name, *dot = strrchr(name, '.');

	while (*p >= '0' && *p <= '9')
		p++;
	if (p > name && (*p == '-' || *p == '_') && p + 1 < dot)
		p++;
	else
		p = name;
	return xstrndup(p, (size_t)(dot - p));
}

/* Header "key: value" lines, a blank line, then the text. */
static void
parse_page(lint_ctx *c, src_page *pg, const char *data)
{
	const char *p = data;
	strbuf sources = STRBUF_INIT;
	int line = 0, sources_line = 0, in_header = 0;

	pg->title = nofield();
	pg->picto = nofield();
	pg->reviewed_on = nofield();
	while (*p) {
		const char *nl = strchr(p, '\n'), *e, *colon;
		size_t n;

		line++;
		e = nl ? nl : p + strlen(p);
		n = (size_t)(e - p);
		while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' ' ||
		    p[n - 1] == '\t'))
			n--;
		if (n == 0) {
			if (in_header)
				break;		/* the blank line after the header */
			p = nl ? nl + 1 : e;	/* blank lines before it */
			continue;
		}
		in_header = 1;
		colon = memchr(p, ':', n);
		if (colon != NULL) {
			char *k = xstrndup(p, (size_t)(colon - p));
			char *key = utf8_fold(k);
			const char *v = colon + 1;
			size_t vn = n - (size_t)(v - p);
			src_field *f = NULL;

			while (vn > 0 && (*v == ' ' || *v == '\t')) {
				v++;
				vn--;
			}
			if (strcmp(key, "titre") == 0)
				f = &pg->title;
			else if (strcmp(key, "pictogramme") == 0)
				f = &pg->picto;
			else if (strcmp(key, "verifie_le") == 0)
				f = &pg->reviewed_on;
			if (f) {
				if (f->line)
					lint_report(c, pg->file, line, "E-PAGE", "'%s:' "
					    "given twice (first on line %d)", k,
					    f->line);
				free(f->v);
				f->v = xstrndup(v, vn);
				f->line = line;
			} else if (strcmp(key, "source") == 0 ||
			    strcmp(key, "sources") == 0) {
				if (vn > 0) {
					if (sources.len)
						strbuf_putc(&sources, '\n');
					strbuf_add(&sources, v, vn);
				}
				if (!sources_line)
					sources_line = line;
			} else
				colon = NULL;
			free(key);
			free(k);
		}
		if (colon == NULL)
			lint_report(c, pg->file, line, "E-PAGE", "'%.*s' is not a "
			    "header line: a page starts with titre:, "
			    "pictogramme:, vérifié le: and source: lines, then an "
			    "empty line, then the text", (int)(n > 40 ? 40 : n), p);
		p = nl ? nl + 1 : e;
	}
	pg->sources.v = strbuf_take(&sources);
	pg->sources.line = sources_line;
	/* p is at the blank line (or the end): the text starts after it. */
	if (*p) {
		const char *nl = strchr(p, '\n');

		p = nl ? nl + 1 : p + strlen(p);
		line++;
	}
	pg->body.v = xstrdup(p);
	pg->body.line = line;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
load_pages(lint_ctx *c, content_src *s, crypto_hash_sha256_state *h)
{
	char *dir = path_join(s->dir, "pages");
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	if (d == NULL) {
		lint_report(c, dir, 0, "E-FILE", "cannot read the pages folder: "
		    "%s", strerror(errno));
		free(dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		if (l < 5 || strcmp(de->d_name + l - 4, ".txt") != 0) {
			char *p = path_join(dir, de->d_name);

			lint_report(c, p, 0, "W-FILE", "ignored: pages are .txt "
			    "files");
			free(p);
			continue;
		}
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_str);
	s->pages = xcalloc(n, sizeof *s->pages);
	for (size_t i = 0; i < n; i++) {
		char hname[300];
		char *path = path_join(dir, names[i]);
		size_t len;
		char *data;

		snprintf(hname, sizeof hname, "pages/%s", names[i]);
		data = read_source(c, path, hname, 0, h, &len);
		if (data == NULL) {
			free(path);
			continue;
		}
		if (memchr(data, '\0', len) || !utf8_valid(data, len)) {
			lint_report(c, path, 0, "E-UTF8", "not UTF-8 text: save it "
			    "as UTF-8 (Unicode) in your text editor");
			free(data);
			free(path);
			continue;
		}
		{
			src_page *pg = &s->pages[s->npages++];
			const char *text = data;

			if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
				text += 3;
			pg->file = path;
			pg->id = page_id(names[i]);
			parse_page(c, pg, text);
		}
		free(data);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
}

content_src *
content_src_load(const char *dir, const char *pictos, lint_ctx *c)
{
	content_src *s = xcalloc(1, sizeof *s);
	crypto_hash_sha256_state h;
	char buf[4096];

	if (sodium_init() < 0)
		abort();		/* cannot happen: no randomness is needed */
	crypto_hash_sha256_init(&h);
	s->dir = xstrdup(dir);
	s->f_msd = path_join(dir, "msd.csv");
	s->f_themes = path_join(dir, "themes.csv");
	s->f_offers = path_join(dir, "offers.csv");
	s->f_gloss = path_join(dir, "glossary.csv");
	s->f_questions = path_join(dir, "questions.csv");
	s->f_pictos = xstrdup(pictos ? pictos :
	    lint_default_pictos(dir, buf, sizeof buf));
	load_msds(c, s, &h);
	load_themes(c, s, &h);
	load_offers(c, s, &h);
	load_gloss(c, s, &h);
	load_questions(c, s, &h);
	load_pages(c, s, &h);
	load_pictos(c, s, &h);
	crypto_hash_sha256_final(&h, s->sha256);
	return s;
}

void
content_src_free(content_src *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->npictos; i++) {
		free(s->pictos[i].name);
		free(s->pictos[i].label);
	}
	for (size_t i = 0; i < s->nmsds; i++) {
		src_msd *d = &s->msds[i];

		field_free(&d->code); field_free(&d->name);
		field_free(&d->territory); field_free(&d->address);
		field_free(&d->phone); field_free(&d->hours);
		field_free(&d->source);
	}
	for (size_t i = 0; i < s->nthemes; i++) {
		src_theme *t = &s->themes[i];

		field_free(&t->id); field_free(&t->title); field_free(&t->picto);
		field_free(&t->order); field_free(&t->summary);
	}
	for (size_t i = 0; i < s->npages; i++) {
		src_page *p = &s->pages[i];

		free(p->file); free(p->id);
		field_free(&p->title); field_free(&p->picto);
		field_free(&p->reviewed_on); field_free(&p->sources);
		field_free(&p->body);
	}
	for (size_t i = 0; i < s->noffers; i++) {
		src_offer *o = &s->offers[i];
		src_field *f[] = { &o->id, &o->theme, &o->title, &o->summary,
		    &o->for_whom, &o->cost, &o->how, &o->contact, &o->msd,
		    &o->qr, &o->picto, &o->reviewed_on, &o->source, &o->body };

		for (size_t k = 0; k < sizeof f / sizeof *f; k++)
			field_free(f[k]);
		free(o->msds);
	}
	for (size_t i = 0; i < s->ngloss; i++) {
		field_free(&s->gloss[i].word);
		field_free(&s->gloss[i].variants);
		field_free(&s->gloss[i].explanation);
	}
	for (size_t i = 0; i < s->nquestions; i++) {
		src_question *q = &s->questions[i];

		field_free(&q->id); field_free(&q->order); field_free(&q->text);
		field_free(&q->answers);
		for (size_t k = 0; k < q->nans; k++) {
			free(q->ans[k].picto);
			free(q->ans[k].label);
		}
		free(q->ans);
	}
	free(s->pictos); free(s->msds); free(s->themes); free(s->pages);
	free(s->offers); free(s->gloss); free(s->questions);
	free(s->dir); free(s->f_msd); free(s->f_themes); free(s->f_offers);
	free(s->f_gloss); free(s->f_questions); free(s->f_pictos);
	free(s);
}

/* ================================================================ checks */

/* The seven MSDs of the Département. */
static const char *const msd_codes[] = { "albertville", "avant-pays", "aix",
	"chambery", "combe", "maurienne", "tarentaise", NULL };

static int
valid_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}

static void
check_id(lint_ctx *c, const char *file, const src_field *f, const char *what)
{
	if (f->v[0] == '\0')
		lint_report(c, file, f->line, "E-EMPTY", "%s has no id", what);
	else if (!valid_id(f->v))
		lint_report(c, file, f->line, "E-ID", "id '%s': use lowercase "
		    "letters without accents, digits and '-'", f->v);
}

static const src_picto *
find_picto(const content_src *s, const char *name)
{
	for (size_t i = 0; i < s->npictos; i++)
		if (strcmp(s->pictos[i].name, name) == 0)
			return &s->pictos[i];
	return NULL;
}

static void
check_picto(lint_ctx *c, const content_src *s, const char *file, int line,
    const char *name)
{
	if (s->npictos > 0 && find_picto(s, name) == NULL)
		lint_report(c, file, line, "E-PICTO", "pictogram '%s' is not in "
		    "%s", name, s->f_pictos);
}

/* Web addresses in a source must be https. */
static void
check_source_urls(lint_ctx *c, const char *file, const src_field *f)
{
	const char *p = f->v;
	int line = f->line;

	for (; *p; p++) {
		if (*p == '\n')
			line++;
		if (strncasecmp(p, "http://", 7) == 0) {
			size_t n = strcspn(p, " \t\n");

			lint_report(c, file, line, "E-URL", "web address '%.*s' is "
			    "not https: use https://", (int)n, p);
		}
	}
}

/* YYYY-MM-DD, a real day, not after today. */
static void
check_date(lint_ctx *c, const char *file, int line, const src_field *f,
    const char *what)
{
	int y, m, d;

	if (f->v[0] == '\0') {
		lint_report(c, file, f->line ? f->line : line, "F7", "%s has no "
		    "reviewed-on date (the day its facts were checked, "
		    "YYYY-MM-DD)", what);
		return;
	}
	if (strlen(f->v) != 10 || f->v[4] != '-' ||
	    (time_parse_date(f->v, &y, &m, &d) < 0 &&
	    strcmp(f->v, "2200-12-31") <= 0))
		lint_report(c, file, f->line, "E-DATE", "reviewed-on date '%s' is "
		    "not a real day written YYYY-MM-DD", f->v);
	else if (strcmp(f->v, c->today) > 0)
		lint_report(c, file, f->line, "E-DATE", "reviewed-on date '%s' is "
		    "in the future: give the day the facts were checked", f->v);
}

static void
check_msds(lint_ctx *c, content_src *s)
{
	const char *file = s->f_msd;

	for (size_t i = 0; i < s->nmsds; i++) {
		src_msd *d = &s->msds[i];
		int line = d->code.line;

		check_id(c, file, &d->code, "an MSD");
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->msds[j].code.v, d->code.v) == 0)
				lint_report(c, file, line, "E-DUP", "MSD '%s' is "
				    "already on line %d", d->code.v,
				    s->msds[j].code.line);
		if (d->code.v[0] && !in_list(d->code.v, msd_codes))
			lint_report(c, file, line, "W-MSD", "'%s' is not one of "
			    "the seven MSD codes (albertville avant-pays aix "
			    "chambery combe maurienne tarentaise)", d->code.v);
		if (d->name.v[0] == '\0')
			lint_report(c, file, line, "E-EMPTY", "MSD '%s' has no nom",
			    d->code.v);
		if (d->territory.v[0] == '\0')
			lint_report(c, file, line, "E-EMPTY", "MSD '%s' has no "
			    "territoire", d->code.v);
		if (d->source.v[0] == '\0')
			lint_report(c, file, line, "E-EMPTY", "MSD '%s' has no "
			    "source: say where its facts come from", d->code.v);
		if (d->address.v[0] == '\0')
			lint_report(c, file, line, "W-EMPTY", "MSD '%s' has no "
			    "adresse: the kiosk and the sheets show none",
			    d->code.v);
		if (d->phone.v[0] == '\0')
			lint_report(c, file, line, "W-EMPTY", "MSD '%s' has no "
			    "telephone: the kiosk and the sheets show none",
			    d->code.v);
		if (d->hours.v[0] == '\0')
			lint_report(c, file, line, "W-EMPTY", "MSD '%s' has no "
			    "horaires: the kiosk and the sheets show none",
			    d->code.v);
		lint_text(c, file, d->territory.line, d->territory.v, NULL);
		lint_text(c, file, d->hours.line, d->hours.v, NULL);
		check_source_urls(c, file, &d->source);
	}
	if (s->nmsds > 0)
		for (size_t k = 0; msd_codes[k]; k++) {
			size_t i;

			for (i = 0; i < s->nmsds; i++)
				if (strcmp(s->msds[i].code.v, msd_codes[k]) == 0)
					break;
			if (i == s->nmsds)
				lint_report(c, file, 0, "W-MSD", "MSD '%s' is missing: "
				    "the kiosk cannot be set up there",
				    msd_codes[k]);
		}
}

static int
parse_order(lint_ctx *c, const char *file, const src_field *f, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(f->v, &end, 10);
	if (f->v[0] == '\0' || *end != '\0' || errno) {
		lint_report(c, file, f->line, "E-ORDER", "ordre '%s' is not a "
		    "whole number (1, 2, 3...)", f->v);
		*out = 0;
		return -1;
	}
	return 0;
}

static int
cmp_theme(const void *a, const void *b)
{
	const src_theme *x = a, *y = b;

	if (x->ord != y->ord)
		return x->ord < y->ord ? -1 : 1;
	return x->id.line - y->id.line;
}

static void
check_themes(lint_ctx *c, content_src *s)
{
	const char *file = s->f_themes;

	for (size_t i = 0; i < s->nthemes; i++) {
		src_theme *t = &s->themes[i];
		int line = t->id.line;

		check_id(c, file, &t->id, "a theme");
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->themes[j].id.v, t->id.v) == 0)
				lint_report(c, file, line, "E-DUP", "theme '%s' is "
				    "already on line %d", t->id.v,
				    s->themes[j].id.line);
		if (t->title.v[0] == '\0')
			lint_report(c, file, line, "E-EMPTY", "theme '%s' has no "
			    "titre", t->id.v);
		if (t->summary.v[0] == '\0')
			lint_report(c, file, line, "E-EMPTY", "theme '%s' has no "
			    "resume", t->id.v);
		if (t->picto.v[0] == '\0')
			lint_report(c, file, line, "E-PICTO", "theme '%s' has no "
			    "pictogramme", t->id.v);
		else
			check_picto(c, s, file, line, t->picto.v);
		parse_order(c, file, &t->order, &t->ord);
		lint_text(c, file, t->title.line, t->title.v, NULL);
		lint_text(c, file, t->summary.line, t->summary.v, NULL);
	}
	if (s->nthemes > 1)
		qsort(s->themes, s->nthemes, sizeof *s->themes, cmp_theme);
}

static const src_theme *
find_theme(const content_src *s, const char *id)
{
	for (size_t i = 0; i < s->nthemes; i++)
		if (strcmp(s->themes[i].id.v, id) == 0)
			return &s->themes[i];
	return NULL;
}

/* https://... with no space, or tel: and digits. */
static void
check_qr(lint_ctx *c, const char *file, const src_offer *o)
{
	const char *q = o->qr.v;

	if (strncmp(q, "https://", 8) == 0) {
		if (q[8] == '\0' || strpbrk(q, " \t\n") != NULL)
			lint_report(c, file, o->qr.line, "E-QR", "QR address '%s' "
			    "is not a valid web address (no spaces)", q);
	} else if (strncmp(q, "tel:", 4) == 0) {
		const char *p = q + 4 + (q[4] == '+');
		size_t digits = strspn(p, "0123456789");

		if (p[digits] != '\0' || digits < 3 || digits > 15)
			lint_report(c, file, o->qr.line, "E-QR", "QR phone '%s': "
			    "write tel: then the number without spaces, for "
			    "example tel:+33479000000", q);
	} else if (strncasecmp(q, "http://", 7) == 0)
		lint_report(c, file, o->qr.line, "E-URL", "QR address '%s' is not "
		    "https: use https://, or tel: and a phone number", q);
	else
		lint_report(c, file, o->qr.line, "E-QR", "QR payload '%s' is "
		    "neither an https:// address nor a tel: number", q);
}

/* The offer's MSDs: codes separated by spaces (or commas), or "toutes". */
static void
resolve_msds(lint_ctx *c, content_src *s, const char *file, src_offer *o)
{
	char *copy = xstrdup(o->msd.v), *save = NULL;
	int *use = xcalloc(s->nmsds + 1, sizeof *use), any = 0;

	for (char *w = strtok_r(copy, " ,\t\n", &save); w;
	    w = strtok_r(NULL, " ,\t\n", &save)) {
		size_t i;

		if (strcasecmp(w, "toutes") == 0 || strcasecmp(w, "tous") == 0) {
			for (i = 0; i < s->nmsds; i++)
				use[i] = 1;
			any = 1;
			continue;
		}
		for (i = 0; i < s->nmsds; i++)
			if (strcmp(s->msds[i].code.v, w) == 0)
				break;
		if (i == s->nmsds)
			lint_report(c, file, o->msd.line, "E-MSD", "offer '%s': "
			    "unknown MSD '%s' (codes of msd.csv, or toutes)",
			    o->id.v, w);
		else {
			use[i] = 1;
			any = 1;
		}
	}
	free(o->msds);
	o->msds = NULL;
	o->nmsds = 0;
	for (size_t i = 0; i < s->nmsds; i++)
		if (use[i]) {
			o->msds = xrealloc(o->msds, (o->nmsds + 1) * sizeof *o->msds);
			o->msds[o->nmsds++] = s->msds[i].code.v;
		}
	if (!any && o->msd.v[0] == '\0')
		lint_report(c, file, o->msd.line, "E-MSD", "offer '%s' is in no "
		    "MSD: give MSD codes separated by spaces, or toutes",
		    o->id.v);
	free(use);
	free(copy);
}

static void
check_offers(lint_ctx *c, content_src *s)
{
	const char *file = s->f_offers;

	for (size_t i = 0; i < s->noffers; i++) {
		src_offer *o = &s->offers[i];
		const src_theme *t;
		int line = o->id.line;
		lint_stats st = { 0, 0 };
		const src_field *text[] = { &o->title, &o->summary, &o->for_whom,
		    &o->cost, &o->how, &o->body };
		char what[200];

		check_id(c, file, &o->id, "an offer");
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->offers[j].id.v, o->id.v) == 0)
				lint_report(c, file, line, "E-DUP", "offer '%s' is "
				    "already on line %d", o->id.v,
				    s->offers[j].id.line);
		t = find_theme(s, o->theme.v);
		if (t == NULL)
			lint_report(c, file, o->theme.line, "E-THEME", "offer '%s': "
			    "theme '%s' is not in themes.csv", o->id.v,
			    o->theme.v);
		if (o->title.v[0] == '\0')
			lint_report(c, file, line, "F7", "offer '%s' has no titre",
			    o->id.v);
		o->picto_res = o->picto.v[0] ? o->picto.v :
		    t ? t->picto.v : "";
		if (o->picto.v[0])
			check_picto(c, s, file, o->picto.line, o->picto.v);
		else if (o->picto_res[0] == '\0' && t)
			lint_report(c, file, line, "F7", "offer '%s' has no "
			    "pictogramme (and its theme has none)", o->id.v);
		check_date(c, file, line, &o->reviewed_on, "the offer");
		if (o->source.v[0] == '\0')
			lint_report(c, file, line, "F7", "offer '%s' has no source: "
			    "say where its facts come from", o->id.v);
		check_source_urls(c, file, &o->source);
		if (o->summary.v[0] == '\0')
			lint_report(c, file, line, "E-EMPTY", "offer '%s' has no "
			    "resume", o->id.v);
		if (o->for_whom.v[0] == '\0')
			lint_report(c, file, line, "E-EMPTY", "offer '%s' has no "
			    "pour_qui", o->id.v);
		if (o->cost.v[0] == '\0')
			lint_report(c, file, line, "E-EMPTY", "offer '%s' has no "
			    "cout", o->id.v);
		if (o->how.v[0] == '\0')
			lint_report(c, file, line, "E-EMPTY", "offer '%s' has no "
			    "comment", o->id.v);
		check_qr(c, file, o);
		resolve_msds(c, s, file, o);
		for (size_t k = 0; k < sizeof text / sizeof *text; k++)
			lint_text(c, file, text[k]->line, text[k]->v, &st);
		snprintf(what, sizeof what, "offer '%s'", o->id.v);
		lint_average(c, file, line, what, &st);
	}
	for (size_t i = 0; i < s->nthemes; i++) {
		size_t k;

		for (k = 0; k < s->noffers; k++)
			if (strcmp(s->offers[k].theme.v, s->themes[i].id.v) == 0)
				break;
		if (k == s->noffers && s->noffers > 0)
			lint_report(c, s->f_themes, s->themes[i].id.line, "W-THEME",
			    "theme '%s' has no offer: its button leads nowhere",
			    s->themes[i].id.v);
	}
}

static void
check_pages(lint_ctx *c, content_src *s)
{
	for (size_t i = 0; i < s->npages; i++) {
		src_page *pg = &s->pages[i];
		lint_stats st = { 0, 0 };
		block *b;
		size_t nb;

		if (!valid_id(pg->id))
			lint_report(c, pg->file, 0, "E-ID", "page id '%s' (from the "
			    "file name): use lowercase letters without accents, "
			    "digits and '-'", pg->id);
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->pages[j].id, pg->id) == 0)
				lint_report(c, pg->file, 0, "E-DUP", "page id '%s' is "
				    "also the id of %s", pg->id, s->pages[j].file);
		if (pg->title.v[0] == '\0')
			lint_report(c, pg->file, pg->title.line ? pg->title.line : 1,
			    "F7", "page has no title: add a line 'titre: ...'");
		if (pg->picto.v[0] == '\0')
			lint_report(c, pg->file, pg->picto.line ? pg->picto.line : 1,
			    "F7", "page has no pictogram: add a line "
			    "'pictogramme: ...'");
		else
			check_picto(c, s, pg->file, pg->picto.line, pg->picto.v);
		if (pg->reviewed_on.v[0] == '\0')
			lint_report(c, pg->file, pg->reviewed_on.line ?
			    pg->reviewed_on.line : 1, "F7", "page has no "
			    "reviewed-on date: add a line 'vérifié le: YYYY-MM-DD'");
		else
			check_date(c, pg->file, 1, &pg->reviewed_on, "the page");
		if (pg->sources.v[0] == '\0')
			lint_report(c, pg->file, pg->sources.line ? pg->sources.line :
			    1, "F7", "page has no source: add a line 'source: ...' "
			    "saying where its facts come from");
		check_source_urls(c, pg->file, &pg->sources);
		nb = markup_parse(pg->body.v, &b);
		if (nb == 0)
			lint_report(c, pg->file, pg->body.line, "E-PAGE", "page has "
			    "no text after its header");
		markup_free(b, nb);
		lint_text(c, pg->file, pg->title.line, pg->title.v, &st);
		lint_text(c, pg->file, pg->body.line, pg->body.v, &st);
		lint_average(c, pg->file, 1, "page", &st);
	}
}

static int
cmp_question(const void *a, const void *b)
{
	const src_question *x = a, *y = b;

	if (x->ord != y->ord)
		return x->ord < y->ord ? -1 : 1;
	return x->id.line - y->id.line;
}

static void
check_questions(lint_ctx *c, content_src *s)
{
	const char *file = s->f_questions;

	for (size_t i = 0; i < s->nquestions; i++) {
		src_question *q = &s->questions[i];
		int line = q->id.line;

		check_id(c, file, &q->id, "a question");
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->questions[j].id.v, q->id.v) == 0)
				lint_report(c, file, line, "E-DUP", "question '%s' is "
				    "already on line %d", q->id.v,
				    s->questions[j].id.line);
		parse_order(c, file, &q->order, &q->ord);
		if (q->text.v[0] == '\0')
			lint_report(c, file, line, "E-EMPTY", "question '%s' has no "
			    "text", q->id.v);
		if (q->nans == 0)
			lint_report(c, file, q->answers.line, "E-ANSWER", "question "
			    "'%s' has no answers: write them as "
			    "pictogramme:texte separated by |", q->id.v);
		lint_text(c, file, q->text.line, q->text.v, NULL);
		for (size_t k = 0; k < q->nans; k++) {
			check_picto(c, s, file, q->answers.line, q->ans[k].picto);
			lint_text(c, file, q->answers.line, q->ans[k].label, NULL);
		}
	}
	if (s->nquestions > 1)
		qsort(s->questions, s->nquestions, sizeof *s->questions,
		    cmp_question);
}

/* ---- F8: the glossary, and where its words are used */

/* Folded words of a text, "" between fields so no phrase spans two. */
struct words {
	char **w;
	size_t n, cap;
};

static void
words_add_text(struct words *ws, const char *text)
{
	char *f = utf8_fold(text), *save = NULL;

	for (char *w = strtok_r(f, "_", &save); w; w = strtok_r(NULL, "_", &save)) {
		if (ws->n + 1 >= ws->cap) {
			ws->cap = ws->cap ? ws->cap * 2 : 1024;
			ws->w = xrealloc(ws->w, ws->cap * sizeof *ws->w);
		}
		ws->w[ws->n++] = xstrdup(w);
	}
	if (ws->n + 1 >= ws->cap) {
		ws->cap = ws->cap ? ws->cap * 2 : 1024;
		ws->w = xrealloc(ws->w, ws->cap * sizeof *ws->w);
	}
	ws->w[ws->n++] = xstrdup("");
	free(f);
}

/* Does the folded phrase occur in ws? */
static int
words_have(const struct words *ws, const char *phrase)
{
	char *f = utf8_fold(phrase), *save = NULL;
	char *pw[32];
	size_t np = 0;
	int found = 0;

	for (char *w = strtok_r(f, "_", &save); w && np < 32;
	    w = strtok_r(NULL, "_", &save))
		pw[np++] = w;
	for (size_t i = 0; np > 0 && i + np <= ws->n && !found; i++) {
		size_t k;

		for (k = 0; k < np && strcmp(ws->w[i + k], pw[k]) == 0; k++)
			;
		found = k == np;
	}
	free(f);
	return found;
}

static void
check_gloss(lint_ctx *c, content_src *s)
{
	const char *file = s->f_gloss;
	struct words ws = { 0 };

	for (size_t i = 0; i < s->npages; i++) {
		words_add_text(&ws, s->pages[i].title.v);
		words_add_text(&ws, s->pages[i].body.v);
	}
	for (size_t i = 0; i < s->noffers; i++) {
		const src_offer *o = &s->offers[i];
		const src_field *f[] = { &o->title, &o->summary, &o->for_whom,
		    &o->cost, &o->how, &o->body };

		for (size_t k = 0; k < sizeof f / sizeof *f; k++)
			words_add_text(&ws, f[k]->v);
	}
	for (size_t i = 0; i < s->ngloss; i++) {
		src_gloss *g = &s->gloss[i];
		int line = g->word.line, used;
		char *fw = utf8_fold(g->word.v);

		if (g->word.v[0] == '\0') {
			lint_report(c, file, line, "E-EMPTY", "glossary entry with no "
			    "mot");
			free(fw);
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			char *fj = utf8_fold(s->gloss[j].word.v);

			if (strcmp(fj, fw) == 0)
				lint_report(c, file, line, "E-DUP", "'%s' is already "
				    "in the glossary on line %d", g->word.v,
				    s->gloss[j].word.line);
			free(fj);
		}
		free(fw);
		if (g->explanation.v[0] == '\0')
			lint_report(c, file, line, "F8", "'%s' has no explication: "
			    "explain it in 1 or 2 short sentences", g->word.v);
		lint_text(c, file, g->explanation.line, g->explanation.v, NULL);
		used = words_have(&ws, g->word.v);
		for (const char *p = g->variants.v; !used && *p; ) {
			const char *bar = strchr(p, '|');
			char *v = xstrndup(p, bar ? (size_t)(bar - p) : strlen(p));

			used = v[0] && words_have(&ws, v);
			free(v);
			p = bar ? bar + 1 : p + strlen(p);
		}
		if (!used)
			lint_report(c, file, line, "W-F8", "'%s' is used in no page "
			    "and no offer", g->word.v);
	}
	for (size_t i = 0; i < ws.n; i++)
		free(ws.w[i]);
	free(ws.w);
}

void
lint_check(lint_ctx *c, content_src *s)
{
	/* The glossary first: F2 and F4 accept its words everywhere. */
	for (size_t i = 0; i < s->ngloss; i++)
		lint_allow(c, s->gloss[i].word.v, s->gloss[i].variants.v);
	check_msds(c, s);
	check_themes(c, s);
	check_offers(c, s);
	check_pages(c, s);
	check_gloss(c, s);
	check_questions(c, s);
}

content_src *
lint_run(const char *dir, const char *pictos, lint_ctx *c)
{
	content_src *s = content_src_load(dir, pictos, c);

	lint_check(c, s);
	if (c->out)
		fprintf(c->out, "%d error%s, %d warning%s in %d file%s\n",
		    c->errors, c->errors == 1 ? "" : "s", c->warnings,
		    c->warnings == 1 ? "" : "s", c->files,
		    c->files == 1 ? "" : "s");
	return s;
}
