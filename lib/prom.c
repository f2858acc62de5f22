#include "prom.h"
#include "fsutil.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Help text: backslash and newline escaped; label values: the quote too. */
static void
escaped(strbuf *b, const char *s, int quote)
{
	for (; *s; s++) {
		if (*s == '\\')
			strbuf_puts(b, "\\\\");
		else if (*s == '\n')
			strbuf_puts(b, "\\n");
		else if (*s == '"' && quote)
			strbuf_puts(b, "\\\"");
		else if (*s == '\r')
			strbuf_putc(b, ' ');
		else
			strbuf_putc(b, *s);
	}
}

void
prom_family(strbuf *b, const char *name, const char *type, const char *help)
{
	strbuf_printf(b, "# HELP %s ", name);
	escaped(b, help, 0);
	strbuf_printf(b, "\n# TYPE %s %s\n", name, type);
}

void
prom_sample(strbuf *b, const char *name, const char *const *labels,
    double value)
{
	strbuf_puts(b, name);
	if (labels && labels[0]) {
		strbuf_putc(b, '{');
		for (int i = 0; labels[i] && labels[i + 1]; i += 2) {
			strbuf_printf(b, "%s%s=\"", i ? "," : "", labels[i]);
			escaped(b, labels[i + 1], 1);
			strbuf_putc(b, '"');
		}
		strbuf_putc(b, '}');
	}
	if (isnan(value))
		strbuf_puts(b, " NaN\n");
	else if (isinf(value))
		strbuf_puts(b, value > 0 ? " +Inf\n" : " -Inf\n");
	else if (value == floor(value) && fabs(value) < 9e15)
		strbuf_printf(b, " %.0f\n", value);
	else
		strbuf_printf(b, " %.6g\n", value);
}

void
prom_gauge(strbuf *b, const char *name, const char *help, double value)
{
	prom_family(b, name, "gauge", help);
	prom_sample(b, name, NULL, value);
}

int
prom_write_file(const char *path, const char *text, err_t *e)
{
	char tmp[PATH_MAX];
	FILE *f = fs_atomic_open(path, tmp, sizeof tmp, 0644, e);

	if (f == NULL) {
		err_prefix(e, "[health] file: ");
		return -1;
	}
	fputs(text, f);
	if (fs_atomic_commit(f, tmp, path, e) < 0) {
		err_prefix(e, "[health] file: ");
		return -1;
	}
	return 0;
}
