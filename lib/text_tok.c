/*
 * text_tok.c - characters and tokens of a French text (see text.h).
 *
 * Lint counts words and sentences on these tokens (the rules are told to
 * writers in kiosk/content/lint_text.h and assets/content/README.md).
 */
#include "text.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ================================================================ characters */

int
text_cp_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f' || cp == '\v' || cp == 0xA0 || cp == 0x202F ||
	    (cp >= 0x2000 && cp <= 0x200A);
}

int
text_cp_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

int
text_cp_letter(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	if (cp >= 0xC0 && cp <= 0xFF)
		return cp != 0xD7 && cp != 0xF7;
	/* Latin Extended, IPA, Greek, Cyrillic, phonetic (the ᵉ of 1ᵉʳ). */
	if ((cp >= 0x100 && cp <= 0x2AF) || (cp >= 0x370 && cp <= 0x52F) ||
	    (cp >= 0x1D00 && cp <= 0x1DBF) || (cp >= 0x1E00 && cp <= 0x1EFF))
		return 1;
	/* Arabic letters and their marks (not its comma, semicolon,
	 * question mark, percent sign or digits), and the presentation
	 * forms. */
	if (cp >= 0x600 && cp <= 0x6FF)
		return !(cp == 0x60C || cp == 0x61B || cp == 0x61F ||
		    (cp >= 0x660 && cp <= 0x66D) || cp == 0x6D4);
	return (cp >= 0x750 && cp <= 0x77F) || (cp >= 0x8A0 && cp <= 0x8FF) ||
	    (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFC);
}

int
text_cp_upper(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') ||
	    (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
	    cp == 0x152 || cp == 0x178;
}

static int
is_alnum(uint32_t cp)
{
	return text_cp_letter(cp) || text_cp_digit(cp);
}

int
text_cp_joiner(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC || cp == '-' ||
	    cp == 0x2010 || cp == 0x2011;
}

static int
is_end(uint32_t cp)
{
	/* The Arabic question mark and full stop end a sentence too. */
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 ||
	    cp == 0x61F || cp == 0x6D4;
}

/* What may close a quotation or an aside after a full stop. */
static int
is_closer(uint32_t cp)
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

/* ================================================================ addresses */

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

/* Length of the address that s[0..n) starts with, 0 if none. */
static size_t
url_len(const char *s, size_t n)
{
	size_t core = strip_trailing(s, n);

	return is_url(s, core) ? core : 0;
}

/* Where the word at p ends: at the first space (or end). */
static const char *
chunk_end(const char *p, const char *end)
{
	const char *q;

	while (p < end && !text_cp_space(peek(p, end, &q)))
		p = q;
	return p;
}

static int
is_opening(uint32_t cp)
{
	return cp == '(' || cp == '[' || cp == '"' || cp == 0xAB ||
	    cp == 0x201C;
}

int
text_is_address(const char *s, size_t n)
{
	const char *p = s, *end = chunk_end(s, s + n), *q;

	if (n > 0 && s[0] == '/')
		return 1;
	if (memmem(s, (size_t)(end - s), "://", 3) != NULL)
		return 1;
	while (p < end && is_opening(peek(p, end, &q)))
		p = q;
	return url_len(p, (size_t)(end - p)) > 0;
}

/* ================================================================ tokens */

static void
tok_push(text_toks *ts, enum text_kind k, const char *s, size_t n, int line,
    int sp)
{
	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? ts->cap * 2 : 32;
		ts->t = xrealloc(ts->t, ts->cap * sizeof *ts->t);
	}
	ts->t[ts->n++] = (text_tok){ k, s, n, line, sp };
}

void
text_toks_free(text_toks *ts)
{
	free(ts->t);
	ts->t = NULL;
	ts->n = ts->cap = 0;
}

/* Words after which a full stop is an abbreviation, not a sentence end. */
static int
is_abbrev(const char *s, size_t n)
{
	static const char *const ab[] = { "M", "MM", "Mme", "Mmes", "Mlle",
	    "Dr", "Pr", "Me", "St", "Ste", "cf", "p", "ex", "av", "bd", "tél",
	    "tel", "env", "n", "art", "Cie", "Ets", "vol", "min", "max" };
	const char *q = s;

	if (n == 1 && text_cp_upper((unsigned char)s[0]))
		return 1;		/* an initial: J. Dupont */
	if (text_cp_upper(utf8_next(&q)) && (size_t)(q - s) == n)
		return 1;		/* É. */
	for (size_t i = 0; i < sizeof ab / sizeof *ab; i++)
		if (strlen(ab[i]) == n && memcmp(ab[i], s, n) == 0)
			return 1;
	return 0;
}

/* A word: digits joined by , . - only make a number. */
static enum text_kind
word_kind(const char *s, size_t n)
{
	if (!text_cp_digit((unsigned char)s[0]))
		return TEXT_WORD;
	for (size_t i = 0; i < n; i++)
		if (!(text_cp_digit((unsigned char)s[i]) || s[i] == ',' ||
		    s[i] == '.' || s[i] == '-'))
			return TEXT_WORD;
	return TEXT_NUMBER;
}

/* The end of the word that starts at p (its first code point ends at q). */
static const char *
word_end(const char *p, const char *q, const char *end)
{
	uint32_t prev = peek(p, end, NULL);

	p = q;
	for (;;) {
		const char *q1, *q2;
		uint32_t c1 = peek(p, end, &q1), c2;

		if (is_alnum(c1)) {
			prev = c1;
			p = q1;
			continue;
		}
		c2 = peek(q1, end, &q2);
		if ((text_cp_joiner(c1) && is_alnum(c2)) ||
		    ((c1 == ',' || c1 == '.') && text_cp_digit(prev) &&
		    text_cp_digit(c2))) {
			prev = c2;
			p = q2;
			continue;
		}
		return p;
	}
}

/* A run of . ! ? ... at p: a sentence end or not (see text.h). */
static const char *
end_mark(text_toks *ts, const char *p, const char *end, int line, int sp)
{
	const char *e = p, *eq;
	int dots = 0, strong = 0, end_here;
	uint32_t c;

	while (e < end && is_end(c = peek(e, end, &eq))) {
		dots += c == '.';
		strong |= c != '.';
		e = eq;
	}
	if (strong || dots >= 3)
		end_here = 1;
	else {
		/* A full stop ends a sentence when a space or the end follows
		 * (after closing quotes), and the word before is not an
		 * abbreviation. */
		const char *a = e, *aq;

		while (a < end && is_closer(peek(a, end, &aq)))
			a = aq;
		end_here = a >= end || text_cp_space(peek(a, end, NULL));
		if (end_here && ts->n > 0 && !sp &&
		    ts->t[ts->n - 1].k == TEXT_WORD &&
		    is_abbrev(ts->t[ts->n - 1].s, ts->t[ts->n - 1].n))
			end_here = 0;
	}
	tok_push(ts, end_here ? TEXT_END : TEXT_PUNCT, p, (size_t)(e - p), line,
	    sp);
	return e;
}

/* The length of the address that starts the chunk at p (up to a space). */
static size_t
chunk_url(const char *p, const char *end)
{
	return url_len(p, (size_t)(chunk_end(p, end) - p));
}

void
text_tokenize(const char *s, size_t n, int line, text_toks *ts)
{
	const char *p = s, *end = s + n, *q;
	int sp = 1, chunk_start = 1;
	size_t url;

	while (p < end) {
		uint32_t cp = peek(p, end, &q);

		if (text_cp_space(cp)) {
			if (cp == '\n')
				line++;
			p = q;
			sp = 1;
			chunk_start = 1;
			continue;
		}
		if (chunk_start && (url = chunk_url(p, end)) > 0) {
			tok_push(ts, TEXT_URL, p, url, line, sp);
			p += url;
		} else if (is_alnum(cp)) {
			const char *w = p;

			p = word_end(p, q, end);
			tok_push(ts, word_kind(w, (size_t)(p - w)), w,
			    (size_t)(p - w), line, sp);
		} else if (is_end(cp)) {
			p = end_mark(ts, p, end, line, sp);
		} else {
			tok_push(ts, TEXT_PUNCT, p, (size_t)(q - p), line, sp);
			/* After an opening mark, an address may start. */
			chunk_start = is_opening(cp);
			p = q;
			sp = 0;
			continue;
		}
		sp = 0;
		chunk_start = 0;
	}
}
