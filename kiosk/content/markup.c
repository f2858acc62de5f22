/*
 * markup.c - page text into blocks (see markup.h and the format in
 * assets/content/README.md).
 *
 * The format is meant for people who write in a plain text editor or in
 * a spreadsheet cell, so it forgives what they do by accident: CRLF line
 * ends, spaces before a marker, trailing spaces, several blank lines.
 * A line that follows a list item without a blank line continues the
 * item (a long item wrapped by hand); a subtitle is always one line.
 */
#include "content/markup.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

/* One source line, without its end and its leading/trailing blanks. */
struct line {
	const char *s;
	size_t n;
};

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Cuts the next line out of *p; returns 0 at the end of the text. */
static int
next_line(const char **p, struct line *l)
{
	const char *s = *p, *e;

	if (*s == '\0')
		return 0;
	e = strchr(s, '\n');
	*p = e ? e + 1 : s + strlen(s);
	if (e == NULL)
		e = *p;
	while (s < e && is_blank(*s))
		s++;
	while (e > s && is_blank(e[-1]))
		e--;
	l->s = s;
	l->n = (size_t)(e - s);
	return 1;
}

/* The kind a line starts, and how many bytes of marker to skip. */
static int
line_kind(const struct line *l, enum block_kind *kind, size_t *skip)
{
	if (l->n >= 2 && l->s[0] == '#' && l->s[1] == '#' &&
	    (l->n == 2 || is_blank(l->s[2]))) {
		*kind = BLOCK_TITLE;
		*skip = 2;
		return 1;
	}
	if (l->s[0] == '-' && (l->n == 1 || is_blank(l->s[1]))) {
		*kind = BLOCK_ITEM;
		*skip = 1;
		return 1;
	}
	*kind = BLOCK_PARA;
	*skip = 0;
	return 0;
}

/* Appends l[skip..] to b, separated from what is there by one space. */
static void
join(strbuf *b, const struct line *l, size_t skip)
{
	const char *s = l->s + skip;
	size_t n = l->n - skip;

	while (n > 0 && is_blank(*s)) {
		s++;
		n--;
	}
	if (n == 0)
		return;
	if (b->len > 0)
		strbuf_putc(b, ' ');
	strbuf_add(b, s, n);
}

static void
push(block **out, size_t *n, size_t *cap, enum block_kind kind, strbuf *b,
    int line)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*out = xrealloc(*out, *cap * sizeof **out);
	}
	(*out)[*n].kind = kind;
	(*out)[*n].text = strbuf_take(b);
	(*out)[*n].line = line;
	(*n)++;
}

size_t
markup_parse(const char *body, block **out)
{
	const char *p = body ? body : "";
	struct line l;
	strbuf cur = STRBUF_INIT;
	enum block_kind kind = BLOCK_PARA;
	int open = 0, start = 0, lineno = 0;
	size_t n = 0, cap = 0;

	*out = NULL;
	while (next_line(&p, &l)) {
		enum block_kind k;
		size_t skip;
		int marker;

		lineno++;
		if (l.n == 0) {
			if (open && cur.len > 0)
				push(out, &n, &cap, kind, &cur, start);
			strbuf_reset(&cur);
			open = 0;
			continue;
		}
		marker = line_kind(&l, &k, &skip);
		/* A marker always starts a new block; so does any line after a
		 * subtitle, which is one line long. */
		if (open && (marker || kind == BLOCK_TITLE)) {
			if (cur.len > 0)
				push(out, &n, &cap, kind, &cur, start);
			strbuf_reset(&cur);
			open = 0;
		}
		if (!open) {
			open = 1;
			kind = k;
			start = lineno;
		}
		join(&cur, &l, skip);
	}
	/* An empty "##" or "-" line makes no block: there is nothing to show. */
	if (open && cur.len > 0)
		push(out, &n, &cap, kind, &cur, start);
	strbuf_free(&cur);
	return n;
}

void
markup_free(block *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(b[i].text);
	free(b);
}
