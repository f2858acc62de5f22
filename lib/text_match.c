/*
 * text_match.c - glossary matching (see text.h): the kiosk asks which
 * glossary word starts here, lint asks whether a glossary word is used
 * anywhere.  Both fold with utf8_fold_cp(), so they cannot disagree.
 */
#include "text.h"
#include "utf8.h"

#include <string.h>

/* ================================================================ at a place */

/* A text read as utf8_fold() would write it, one character at a time. */
struct fold {
	const char *p;		/* the next code point */
	const char *end;	/* the end of the last letter or digit read */
	char buf[2];		/* what that one folded to (Œ is "oe") */
	int n, i;
};

/* The next folded character: a letter or a digit, '_' for a run of
 * separators, 0 at the end. */
static char
fold_next(struct fold *f)
{
	int sep = 0, k;

	if (f->i < f->n)
		return f->buf[f->i++];
	for (;;) {
		const char *at = f->p;
		uint32_t cp = utf8_next(&f->p);

		if (cp == 0) {
			f->p = at;
			return sep ? '_' : 0;
		}
		if ((k = utf8_fold_cp(cp, f->buf)) == 0)
			continue;
		if (k < 0) {
			sep = 1;
			continue;
		}
		if (sep) {
			f->p = at;	/* read again after the '_' */
			return '_';
		}
		f->n = k;
		f->i = 1;
		f->end = f->p;
		return f->buf[0];
	}
}

/* The next character of a form; separators at its end are its end. */
static char
form_next(struct fold *f)
{
	char c = fold_next(f);

	if (c == '_') {
		struct fold ahead = *f;

		if (fold_next(&ahead) == 0)
			return 0;
	}
	return c;
}

int
text_word_start(const char *s, const char *p)
{
	const char *q = p, *b;
	char f[2];

	if (utf8_fold_cp(utf8_next(&q), f) <= 0)
		return 0;
	if (p == s)
		return 1;
	for (b = p - 1; b > s && ((unsigned char)*b & 0xC0) == 0x80; b--)
		;
	return utf8_fold_cp(utf8_next(&b), f) < 0;
}

size_t
text_match(const char *s, const char *form)
{
	struct fold t = { s, s, { 0, 0 }, 0, 0 };
	struct fold f = { form, form, { 0, 0 }, 0, 0 };
	char fc = form_next(&f), tc;

	if (fc == '_')
		fc = form_next(&f);
	if (fc == 0)
		return 0;
	for (;;) {
		tc = fold_next(&t);
		if (fc == 0)	/* the form is used up: so must be a word */
			return tc == 0 || tc == '_' ? (size_t)(t.end - s) : 0;
		if (tc != fc)
			return 0;
		fc = form_next(&f);
	}
}

/* ================================================================ anywhere */

/* Appends s[0..n) folded (utf8_fold()), a '_' before it unless b is
 * empty or ends a text ('\n'). */
static void
fold_into(strbuf *b, const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	int sep = b->len > 0 && b->s[b->len - 1] != '\n', k;
	char f[2];

	while (p < end) {
		const char *q = p;
		size_t l = utf8_seq_len(p, (size_t)(end - p));
		uint32_t cp = l ? utf8_next(&q) : 0xFFFD;

		p += l ? l : 1;
		if ((k = utf8_fold_cp(cp, f)) == 0)
			continue;
		if (k < 0) {
			sep = 1;
			continue;
		}
		if (sep && b->len > 0 && b->s[b->len - 1] != '\n')
			strbuf_putc(b, '_');
		sep = 0;
		strbuf_add(b, f, (size_t)k);
	}
}

/* '\n' ends a text: no form holds one, so none matches across it. */
static void
end_text(strbuf *b)
{
	if (b->len > 0 && b->s[b->len - 1] != '\n')
		strbuf_putc(b, '\n');
}

void
text_index_add(text_index *ix, const char *text)
{
	const char *p = text, *end = text + strlen(text);

	/* Word by word, so that an address is left out (and no form
	 * matches across it). */
	while (p < end) {
		const char *q, *w;

		while (p < end && (q = p, text_cp_space(utf8_next(&q))))
			p = q;
		for (w = p; p < end && (q = p, !text_cp_space(utf8_next(&q)));)
			p = q;
		if (p == w)
			break;
		if (text_is_address(w, (size_t)(p - w)))
			end_text(&ix->folded);
		else
			fold_into(&ix->folded, w, (size_t)(p - w));
	}
	end_text(&ix->folded);
}

int
text_index_has(const text_index *ix, const char *form)
{
	strbuf f = STRBUF_INIT;
	const char *hay = strbuf_str(&ix->folded), *p = hay;
	const char *end = hay + ix->folded.len;
	int found = 0;

	fold_into(&f, form, strlen(form));
	while (f.len > 0 && !found &&
	    (p = memmem(p, (size_t)(end - p), f.s, f.len)) != NULL) {
		char after = p[f.len];

		found = (p == hay || p[-1] == '_' || p[-1] == '\n') &&
		    (after == '\0' || after == '_' || after == '\n');
		p++;
	}
	strbuf_free(&f);
	return found;
}

void
text_index_free(text_index *ix)
{
	strbuf_free(&ix->folded);
}
