/*
 * i18n_fmt.c - interface words with values in them, and days in words
 * (see i18n.h): shared by the kiosk's screens (tr()/trf()) and the
 * portal, so that both say a date or "Question 2 sur 5" the same way.
 */
#include "content/i18n.h"
#include "strbuf.h"
#include "timeutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Up to this many {KEY}s in a word: the longest has four. */
#define UIF_MAX	8

const char *
i18n_vuif(const pack *p, const char *name, char *buf, size_t n, va_list ap)
{
	const char *keys[UIF_MAX], *vals[UIF_MAX], *k;
	const char *text;
	char form[160];
	int nk = 0;
	strbuf b = STRBUF_INIT;

	while (nk < UIF_MAX && (k = va_arg(ap, const char *)) != NULL) {
		keys[nk] = k;
		vals[nk++] = va_arg(ap, const char *);
	}
	text = i18n_ui(p, name);
	for (int i = 0; i < nk; i++) {
		const char *s;
		if (strcmp(keys[i], "n") != 0 || vals[i] == NULL)
			continue;
		snprintf(form, sizeof form, "%s.%s", name, vals[i]);
		/* i18n_ui() gives its argument back when the pack lacks it. */
		if ((s = i18n_ui(p, form)) != form)
			text = s;
	}
	for (const char *q = text; *q; ) {
		const char *end = *q == '{' ? strchr(q, '}') : NULL;
		int hit = -1;
		for (int i = 0; end && hit < 0 && i < nk; i++)
			if (strlen(keys[i]) == (size_t)(end - q - 1) &&
			    strncmp(q + 1, keys[i], (size_t)(end - q - 1)) == 0)
				hit = i;
		if (hit >= 0) {
			strbuf_puts(&b, vals[hit] ? vals[hit] : "");
			q = end + 1;
		} else
			strbuf_putc(&b, *q++);
	}
	if (n > 0) {
		size_t len = b.len;
		/* Never half a UTF-8 character at the cut. */
		if (len >= n) {
			len = n - 1;
			while (len > 0 && ((unsigned char)b.s[len] & 0xC0) == 0x80)
				len--;
		}
		if (len > 0)
			memcpy(buf, b.s, len);
		buf[len] = '\0';
	}
	strbuf_free(&b);
	return buf;
}

const char *
i18n_uif(const pack *p, const char *name, char *buf, size_t n, ...)
{
	va_list ap;

	va_start(ap, n);
	i18n_vuif(p, name, buf, n, ap);
	va_end(ap);
	return buf;
}

void
i18n_day(const pack *p, const char *iso, char *out, size_t n)
{
	char d[16], y[16], m[16];
	int yy, mm, dd;

	if (time_parse_date(iso, &yy, &mm, &dd) != 0) {
		snprintf(out, n, "%s", iso);
		return;
	}
	snprintf(d, sizeof d, "%d", dd);
	snprintf(y, sizeof y, "%d", yy);
	snprintf(m, sizeof m, "mois.%d", mm);
	i18n_uif(p, "date", out, n, "n", d, "mois", i18n_ui(p, m), "an", y,
	    NULL);
}
