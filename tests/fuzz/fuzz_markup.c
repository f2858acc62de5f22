/*
 * fuzz_markup.c - page and offer text into blocks (kiosk/content/markup.c).
 *
 * Properties: every block has text, on one line, without blanks at its
 * ends, and starts on a line of the body, in order; writing the blocks
 * back as markup (one blank line between them) and parsing that gives
 * the same blocks (round trip), so lint, screen and paper agree.
 */
#include "fuzz.h"
#include "content/markup.h"
#include "strbuf.h"

static int
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static const char *
kind_name(enum block_kind k)
{
	return k == BLOCK_TITLE ? "title" : k == BLOCK_ITEM ? "item" : "para";
}

static char *
render(const block *b, size_t n)
{
	strbuf s = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strbuf_puts(&s, "\n\n");
		if (b[i].kind == BLOCK_TITLE)
			strbuf_puts(&s, "## ");
		else if (b[i].kind == BLOCK_ITEM)
			strbuf_puts(&s, "- ");
		strbuf_puts(&s, b[i].text);
	}
	return strbuf_take(&s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body = fuzz_cstr(data, size), *again;
	block *b, *b2;
	size_t n, n2;
	int lines = 1, prev = 0;

	for (const char *p = body; *p; p++)
		lines += *p == '\n';
	n = markup_parse(body, &b);
	for (size_t i = 0; i < n; i++) {
		const char *t = b[i].text;
		size_t len = strlen(t);

		PROP(len > 0, "block %zu is empty", i);
		PROP(strchr(t, '\n') == NULL, "block %zu holds a newline", i);
		PROP(!blank(t[0]) && !blank(t[len - 1]), "block %zu '%s' has "
		    "blanks at its ends", i, t);
		PROP(b[i].line > prev && b[i].line <= lines, "block %zu starts "
		    "on line %d (previous %d, %d lines)", i, b[i].line, prev,
		    lines);
		prev = b[i].line;
	}
	again = render(b, n);
	n2 = markup_parse(again, &b2);
	PROP(n2 == n, "%zu blocks, %zu once written back:\n%s", n, n2, again);
	for (size_t i = 0; i < n; i++) {
		PROP(b2[i].kind == b[i].kind && strcmp(b2[i].text, b[i].text) == 0,
		    "block %zu: %s '%s' reads back as %s '%s'", i,
		    kind_name(b[i].kind), b[i].text, kind_name(b2[i].kind),
		    b2[i].text);
		PROP(b2[i].line == (int)(2 * i + 1), "block %zu written on line "
		    "%zu reads back on line %d", i, 2 * i + 1, b2[i].line);
	}
	markup_free(b, n);
	markup_free(b2, n2);
	free(again);
	free(body);
	return 0;
}
