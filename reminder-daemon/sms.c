#include "sms.h"
#include "strbuf.h"
#include "utf8.h"

#include <string.h>

/* GSM 03.38 default alphabet, as Unicode code points. */
static const unsigned short gsm_basic[128] = {
	'@', 0xA3, '$', 0xA5, 0xE8, 0xE9, 0xF9, 0xEC, 0xF2, 0xC7, '\n', 0xD8, 0xF8, '\r', 0xC5, 0xE5,
	0x394, '_', 0x3A6, 0x393, 0x39B, 0x3A9, 0x3A0, 0x3A8, 0x3A3, 0x398, 0x39E, 0x1B, 0xC6, 0xE6, 0xDF, 0xC9,
	' ', '!', '"', '#', 0xA4, '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
	0xA1, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
	'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 0xC4, 0xD6, 0xD1, 0xDC, 0xA7,
	0xBF, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0xE4, 0xF6, 0xF1, 0xFC, 0xE0,
};

/* 1 = basic table, 2 = extension table (escape + char), 0 = not GSM-7. */
static int
gsm_width(unsigned cp)
{
	/* ASCII first, without a search: this runs for every character of
	 * every reminder planned (a million appointments in the benchmark). */
	if (cp >= 0x20 && cp < 0x7F) {
		if (cp == '`')
			return 0;
		return strchr("^{}\\[]~|", (int)cp) ? 2 : 1;
	}
	if (cp == 0x1B)
		return 0;
	for (int i = 0; i < 128; i++)
		if (gsm_basic[i] == cp)
			return 1;
	if (cp < 128 && cp != 0 && strchr("^{}\\[]~|", (int)cp) != NULL)
		return 2;
	if (cp == 0x20AC)	/* € */
		return 2;
	return 0;
}

void
sms_cost(const char *s, struct sms_cost *c)
{
	const char *p = s;
	unsigned cp;
	int septets = 0, utf16 = 0, gsm = 1;
	/* Segments for GSM-7 must be counted by walking: an escape pair is
	 * never split across two segments. */
	int seg_fill = 0, segs_multi = 1;

	while ((cp = utf8_next(&p)) != 0) {
		int w = gsm_width(cp);

		utf16 += cp > 0xFFFF ? 2 : 1;
		if (w == 0)
			gsm = 0;
		if (gsm) {
			septets += w;
			if (seg_fill + w > 153) {
				segs_multi++;
				seg_fill = 0;
			}
			seg_fill += w;
		}
	}
	memset(c, 0, sizeof *c);
	if (gsm) {
		c->units = septets;
		c->segments = septets == 0 ? 1 : septets <= 160 ? 1 : segs_multi;
		return;
	}
	/* UCS-2: 70 units, or 67 per part; a surrogate pair is never split. */
	c->ucs2 = 1;
	c->units = utf16;
	if (utf16 <= 70) {
		c->segments = 1;
		return;
	}
	int fill = 0, segs = 1;
	p = s;
	while ((cp = utf8_next(&p)) != 0) {
		int w = cp > 0xFFFF ? 2 : 1;

		if (fill + w > 67) {
			segs++;
			fill = 0;
		}
		fill += w;
	}
	c->segments = segs;
}

char *
sms_transliterate(const char *s)
{
	static const struct { unsigned cp; const char *to; } map[] = {
		{ 0xE2, "a" }, { 0xEA, "e" }, { 0xEB, "e" }, { 0xEE, "i" },
		{ 0xEF, "i" }, { 0xF4, "o" }, { 0xFB, "u" }, { 0xFF, "y" },
		{ 0xE1, "a" }, { 0xED, "i" }, { 0xF3, "o" }, { 0xFA, "u" },
		{ 0xC0, "A" }, { 0xC2, "A" }, { 0xC8, "E" }, { 0xCA, "E" },
		{ 0xCB, "E" }, { 0xCE, "I" }, { 0xCF, "I" }, { 0xD4, "O" },
		{ 0xD9, "U" }, { 0xDB, "U" },
		/* GSM-7 has Ç but not ç: the capital reads right to anyone. */
		{ 0xE7, "\xC3\x87" },
		{ 0x153, "oe" }, { 0x152, "OE" },
		{ 0x2019, "'" }, { 0x2018, "'" }, { 0xAB, "\"" }, { 0xBB, "\"" },
		{ 0x201C, "\"" }, { 0x201D, "\"" }, { 0x2013, "-" }, { 0x2014, "-" },
		{ 0x2026, "..." }, { 0xA0, " " }, { 0x202F, " " }, { 0x2009, " " },
		{ 0x2022, "-" },
	};
	strbuf b = STRBUF_INIT;
	const char *p = s, *start;
	unsigned cp;

	for (start = p; (cp = utf8_next(&p)) != 0; start = p) {
		const char *to = NULL;

		for (size_t i = 0; i < sizeof map / sizeof *map && !to; i++)
			if (map[i].cp == cp)
				to = map[i].to;
		if (to)
			strbuf_puts(&b, to);
		else
			strbuf_add(&b, start, (size_t)(p - start));
	}
	return strbuf_take(&b);
}
