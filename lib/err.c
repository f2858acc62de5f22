#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int
err_set(err_t *e, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_prefix(err_t *e, const char *fmt, ...)
{
	char head[512], old[sizeof e->msg];
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	/* Truncation is fine: the head names the input, the tail the cause. */
	size_t hl = strlen(head);
	if (hl >= sizeof e->msg)
		hl = sizeof e->msg - 1;
	memcpy(e->msg, head, hl);
	snprintf(e->msg + hl, sizeof e->msg - hl, "%.*s",
	    (int)(sizeof e->msg - hl - 1), old);
	return -1;
}
