#include "utf8.h"
#include "strbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <iconv.h>
#include <string.h>

size_t
utf8_seq_len(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = n ? s[0] : 0;
	size_t len;
	uint32_t cp;

	if (n == 0)
		return 0;
	if (c < 0x80)
		return 1;
	else if ((c & 0xE0) == 0xC0) {
		len = 2; cp = c & 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3; cp = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4; cp = c & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

int
utf8_valid(const char *s, size_t n)
{
	const char *end = s + n;

	while (s < end) {
		size_t len = utf8_seq_len(s, (size_t)(end - s));

		if (len == 0)
			return 0;
		s += len;
	}
	return 1;
}

int
utf8_is_hidden(uint32_t cp)
{
	if (cp < 0x20)
		return cp != '\t' && cp != '\n' && cp != '\r';
	return (cp >= 0x7F && cp <= 0x9F) ||	/* DEL, C1 controls */
	    (cp >= 0x200B && cp <= 0x200F) ||	/* zero width, LRM, RLM */
	    (cp >= 0x2028 && cp <= 0x202E) ||	/* line/paragraph sep., bidi */
	    (cp >= 0x2060 && cp <= 0x2069) ||	/* word joiner, bidi isolates */
	    cp == 0xFEFF ||			/* BOM, zero width no-break */
	    (cp >= 0xFFF9 && cp <= 0xFFFB);	/* interlinear annotation */
}

long
utf8_find_hidden(const char *s, size_t n, uint32_t *cp)
{
	for (size_t i = 0; i < n;) {
		size_t len;
		const char *p = s + i;
		uint32_t c;

		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
			i++;	/* printable ASCII: most of any file */
			continue;
		}
		len = utf8_seq_len(s + i, n - i);
		if (len == 0)
			return -1;
		c = utf8_next(&p);
		if (utf8_is_hidden(c)) {
			if (cp)
				*cp = c;
			return (long)i;
		}
		i += len;
	}
	return -1;
}

char *
utf8_escape(const char *s, size_t max)
{
	strbuf b = STRBUF_INIT;
	size_t n = strlen(s), ncp = 0;

	for (size_t i = 0; i < n; ncp++) {
		size_t len = utf8_seq_len(s + i, n - i);
		const char *p = s + i;
		uint32_t c;

		if (ncp == max) {
			strbuf_puts(&b, "\xe2\x80\xa6");	/* … */
			break;
		}
		if (len == 0) {			/* a byte that is not UTF-8 */
			strbuf_printf(&b, "\\x%02x", (unsigned char)s[i]);
			i++;
			continue;
		}
		c = utf8_next(&p);
		if (c < 0x20 || c == 0x7F)
			strbuf_printf(&b, "\\x%02x", (unsigned)c);
		else if (utf8_is_hidden(c))
			strbuf_printf(&b, "\\u%04X", (unsigned)c);
		else
			strbuf_add(&b, s + i, len);
		i += len;
	}
	return strbuf_take(&b);
}

uint32_t
utf8_next(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	unsigned c = s[0];
	size_t len;
	uint32_t cp;

	if (c == 0)
		return 0;
	if (c < 0x80) {
		*p += 1;
		return c;
	}
	if ((c & 0xE0) == 0xC0) {
		len = 2; cp = c & 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3; cp = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4; cp = c & 0x07;
	} else {
		*p += 1;
		return 0xFFFD;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*p += 1;
			return 0xFFFD;
		}
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	*p += len;
	return cp;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t
utf8_len(const char *s)
{
	size_t n = 0;

	while (utf8_next(&s) != 0)
		n++;
	return n;
}

char *
utf8_from_cp1252(const char *s, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
	size_t cap = n * 3 + 1, inleft = n, outleft = cap - 1;
	char *out, *in = (char *)s, *o;

	if (cd == (iconv_t)-1)
		return NULL;
	out = o = xmalloc(cap);
	/* Windows-1252 has 5 unassigned bytes; glibc rejects them (EILSEQ).
	 * Spreadsheets never write them, so that is a real error. */
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
		iconv_close(cd);
		free(out);
		return NULL;
	}
	iconv_close(cd);
	*o = '\0';
	return out;
}

char
utf8_base_letter(uint32_t cp)
{
	/* Latin-1 Supplement letters U+00C0..U+00FF, folded to their base. */
	static const char latin1[] =
	    "aaaaaaaceeeeiiii"	/* C0-CF: ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ */
	    "dnooooo.ouuuuyts"	/* D0-DF: ÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß */
	    "aaaaaaaceeeeiiii"	/* E0-EF */
	    "dnooooo.ouuuuyty";	/* F0-FF */

	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			return (char)(cp - 'A' + 'a');
		if (cp >= 'a' && cp <= 'z')
			return (char)cp;
		return 0;
	}
	if (cp >= 0xC0 && cp <= 0xFF && latin1[cp - 0xC0] != '.')
		return latin1[cp - 0xC0];
	if (cp == 0x152 || cp == 0x153)	/* Œ œ */
		return 'o';
	if (cp == 0x178)		/* Ÿ */
		return 'y';
	return 0;
}

static int fold_other(uint32_t cp, char out[2]);

int
utf8_fold_cp(uint32_t cp, char out[2])
{
	char c = utf8_base_letter(cp);

	if (c == 0 && cp >= '0' && cp <= '9')
		c = (char)cp;
	if (c == 0 && (cp == 0xB0 || cp == 0xBA))	/* N° */
		return 0;
	if (c == 0)
		return fold_other(cp, out);
	out[0] = c;
	if (cp == 0xC6 || cp == 0xE6 ||			/* Æ æ */
	    cp == 0x152 || cp == 0x153) {		/* Œ œ */
		out[1] = 'e';
		return 2;
	}
	return 1;
}

/* Cyrillic and Arabic letters, for the translations' glossary words:
 * each is two bytes of UTF-8, which out holds.  Cyrillic folds to its
 * small letter; Arabic drops its vowel marks (harakat, tatweel), which a
 * writer puts or leaves out, and folds the hamza forms of alif to alif. */
static int
fold_other(uint32_t cp, char out[2])
{
	if (cp >= 0x410 && cp <= 0x42F)
		cp += 0x20;
	else if (cp >= 0x400 && cp <= 0x40F)
		cp += 0x50;
	else if (cp == 0x490)			/* Ґ */
		cp = 0x491;
	if (cp >= 0x64B && cp <= 0x65F)
		return 0;
	if (cp == 0x640 || cp == 0x670)
		return 0;
	if (cp == 0x622 || cp == 0x623 || cp == 0x625)	/* آ أ إ */
		cp = 0x627;
	if ((cp >= 0x430 && cp <= 0x45F) || cp == 0x491 ||
	    (cp >= 0x620 && cp <= 0x64A) || (cp >= 0x671 && cp <= 0x6D3)) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	return -1;
}

char *
utf8_fold(const char *s)
{
	strbuf b = STRBUF_INIT;
	int sep = 0, k;
	uint32_t cp;
	char f[2];

	while ((cp = utf8_next(&s)) != 0) {
		if ((k = utf8_fold_cp(cp, f)) == 0)
			continue;
		if (k < 0) {
			sep = 1;
			continue;
		}
		if (sep && b.len > 0)
			strbuf_putc(&b, '_');
		sep = 0;
		strbuf_add(&b, f, (size_t)k);
	}
	return strbuf_take(&b);
}
