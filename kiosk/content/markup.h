/*
 * markup.h - the text of pages and offers (assets/content/README.md):
 * a blank line separates paragraphs, "## " starts a subtitle, "- " a list
 * item.  Used by lint, the kiosk's screens and the sheets.
 */
#ifndef MSD_MARKUP_H
#define MSD_MARKUP_H

#include <stddef.h>

enum block_kind { BLOCK_PARA, BLOCK_TITLE, BLOCK_ITEM };

typedef struct block {
	enum block_kind kind;
	char *text;		/* joined with single spaces, marker removed */
	int line;		/* 1-based line within the body where it starts */
} block;

/* Splits body into blocks.  Never fails (any text is some blocks). */
size_t markup_parse(const char *body, block **out);
void markup_free(block *b, size_t n);

#endif
