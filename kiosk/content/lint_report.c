/*
 * lint_report.c - the diagnostics of one lint run (see lint_report.h).
 */
#include "content/lint_report.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	lint_diag *d;
	va_list ap;
	char *msg;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		msg = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	} else
		msg = xstrdup("");
	c->diags = xrealloc(c->diags, (c->ndiags + 1) * sizeof *c->diags);
	d = &c->diags[c->ndiags++];
	d->file = xstrdup(file);
	d->line = line;
	snprintf(d->code, sizeof d->code, "%s", code);
	d->msg = msg;
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
