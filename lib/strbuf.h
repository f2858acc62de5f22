/*
 * strbuf.h - a growable, always NUL-terminated string.
 *
 * Out of memory aborts: a kiosk or daemon that cannot allocate a few bytes
 * cannot do anything useful, and checking every append hides the logic.
 */
#ifndef MSD_STRBUF_H
#define MSD_STRBUF_H

#include <stddef.h>

typedef struct strbuf {
	char *s;	/* never NULL after the first append; "" when empty */
	size_t len, cap;
} strbuf;

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_add(strbuf *b, const char *s, size_t n);
void strbuf_puts(strbuf *b, const char *s);
void strbuf_putc(strbuf *b, char c);
void strbuf_printf(strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_reset(strbuf *b);
/* Returns the string (caller frees) and leaves b empty. */
char *strbuf_take(strbuf *b);
void strbuf_free(strbuf *b);
/* b->s, or "" if nothing was ever added. */
const char *strbuf_str(const strbuf *b);

/* Allocation helpers that abort on failure (see above). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
