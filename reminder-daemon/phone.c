/*
 * phone.c - telephone numbers as people write them in French agendas
 * (see phone.h).
 */
#include "phone.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Length of the E.164 country code d starts with (d holds at least one
 * digit).  Country codes are prefix-free: 1 and 7 stand alone, the zones
 * below have two digits, every other code three. */
static size_t
cc_len(const char *d)
{
	static const char two[] = " 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46"
	    " 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86"
	    " 90 91 92 93 94 95 98 ";
	char k[5] = { ' ', d[0], d[1], ' ', '\0' };

	if (d[0] == '1' || d[0] == '7')
		return 1;
	if (d[1] != '\0' && strstr(two, k) != NULL)
		return 2;
	return 3;
}

/* Bytes of a separator at p (space, tab, . - /, no-break spaces), or 0. */
static size_t
sep_len(const char *p)
{
	if (*p != '\0' && strchr(" \t.-/", *p) != NULL)
		return 1;
	if (strncmp(p, "\xc2\xa0", 2) == 0)		/* U+00A0 */
		return 2;
	if (strncmp(p, "\xe2\x80\xaf", 3) == 0)	/* U+202F, French typography */
		return 3;
	return 0;
}

/* The digits of in, into d (size 32, *nd of them), *plus when it starts
 * with '+'; a "(0)" after the country code is dropped.  -1 + *why. */
static int
read_digits(const char *in, char *d, size_t *nd, int *plus, const char **why)
{
	size_t sl, after0 = 0;	/* after0: digits before the (0) */
	int trunk0 = 0;
	const char *p = in;

	*nd = 0;
	*plus = 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '+') {
		*plus = 1;
		p++;
	}
	for (; *p; p++) {
		/* "+33 (0)6 12 34 56 78": the (0) is the national prefix that
		 * must be dropped after a country code.  Only there and only
		 * once: anywhere else it is a typo we must not guess about. */
		if (strncmp(p, "(0)", 3) == 0) {
			size_t cc = *nd; /* digits of the country code so far */

			d[*nd] = '\0';
			if (!*plus && *nd >= 2 && strncmp(d, "00", 2) == 0)
				cc = *nd - 2;
			else if (!*plus)
				cc = 0;
			if (trunk0 || cc == 0 ||
			    cc != cc_len(d + (*plus ? 0 : 2))) {
				*why = "a (0) may only follow the country code, "
				    "once, as in +33 (0)6 12 34 56 78";
				return -1;
			}
			trunk0 = 1;
			after0 = *nd;
			p += 2;
			continue;
		}
		if (isdigit((unsigned char)*p)) {
			if (*nd + 1 >= 32) {
				*why = "too many digits for a phone number";
				return -1;
			}
			if (trunk0 && *nd == after0 && *p == '0') {
				*why = "a 0 after (0): write +33 (0)6 12 34 56 78 "
				    "or 06 12 34 56 78";
				return -1;
			}
			d[(*nd)++] = *p;
		} else if ((sl = sep_len(p)) > 0) {
			p += sl - 1;
		} else {
			*why = "a phone number holds only digits, spaces, dots, "
			    "dashes, + and a (0) after the country code";
			return -1;
		}
	}
	d[*nd] = '\0';
	if (*nd == 0) {
		*why = "no phone number";
		return -1;
	}
	return 0;
}

/* The digits as an international number, country code first: 0033 6...
 * and 06... become 336...  -1 + *why for a number that is neither French
 * nor international. */
static int
international(char *d, size_t *nd, int plus, const char **why)
{
	if (!plus && strncmp(d, "00", 2) == 0) {	/* 0033 6..., 0041 79... */
		memmove(d, d + 2, *nd - 1);
		*nd -= 2;
		plus = 1;
	}
	if (!plus) {
		if (*nd == 10 && d[0] == '0' && d[1] != '0') {
			memmove(d + 2, d + 1, *nd);	/* 06... -> 336... */
			d[0] = '3'; d[1] = '3';
			*nd += 1;
		} else if (*nd == 9 && d[0] != '0') {
			memmove(d + 2, d, *nd + 1);	/* 612345678 */
			d[0] = '3'; d[1] = '3';
			*nd += 2;
		} else if (*nd == 11 && strncmp(d, "33", 2) == 0) {
			/* 33612345678: international without the + */
		} else {
			*why = "not a French number (10 digits starting with 0) "
			    "nor an international one (+ and country code)";
			return -1;
		}
	}
	if (d[0] == '0') {
		*why = "a country code never starts with 0";
		return -1;
	}
	return 0;
}

/* Checks the international number d and says whether it is a mobile. */
static int
classify(char *d, size_t *nd, enum phone_kind *kind, const char **why)
{
	if (strncmp(d, "33", 2) == 0) {
		if (*nd == 12 && d[2] == '0') {	/* +33 06...: stray 0 */
			memmove(d + 2, d + 3, *nd - 2);
			(*nd)--;
		}
		if (*nd != 11 || d[2] == '0') {
			*why = "a French number has 9 digits after +33";
			return -1;
		}
		*kind = (d[2] == '6' || d[2] == '7') ? PHONE_MOBILE :
		    PHONE_LANDLINE;
		return 0;
	}
	if (*nd < 8 || *nd > 15) {
		*why = "an international number has 8 to 15 digits";
		return -1;
	}
	if (strncmp(d, "41", 2) == 0)		/* Switzerland: 07x mobiles */
		*kind = d[2] == '7' ? PHONE_MOBILE : PHONE_LANDLINE;
	else if (strncmp(d, "39", 2) == 0)	/* Italy: 3xx mobiles */
		*kind = d[2] == '3' ? PHONE_MOBILE : PHONE_LANDLINE;
	else
		*kind = PHONE_MOBILE;	/* unknown plan: let the gateway judge */
	return 0;
}

int
phone_normalize(const char *in, char *out, size_t n, enum phone_kind *kind,
    const char **why)
{
	char d[32];
	size_t nd;
	int plus;

	if (read_digits(in, d, &nd, &plus, why) < 0 ||
	    international(d, &nd, plus, why) < 0 ||
	    classify(d, &nd, kind, why) < 0)
		return -1;
	/* Not snprintf(): called for every row of an import, where it cost
	 * half of this function. */
	nd = strlen(d);
	if (nd + 2 > n) {
		*why = "number too long";
		return -1;
	}
	out[0] = '+';
	memcpy(out + 1, d, nd + 1);
	return 0;
}

void
phone_mask(const char *e164, char *out, size_t n)
{
	static const char dot[] = "\xe2\x80\xa2";	/* • */
	size_t len = strlen(e164);
	char buf[96];
	size_t o = 0;

	if (len < 6 || e164[0] != '+') {
		snprintf(out, n, "(number hidden)");
		return;
	}
	if (strncmp(e164, "+33", 3) == 0 && len == 12) {
		/* +33 6•• •• •• 78 */
		snprintf(out, n, "+33 %c%s%s %s%s %s%s %c%c", e164[3], dot, dot,
		    dot, dot, dot, dot, e164[10], e164[11]);
		return;
	}
	/* Elsewhere: country code guessed as 2 digits, last 2 digits shown. */
	o += (size_t)snprintf(buf + o, sizeof buf - o, "%.3s %c", e164, e164[3]);
	for (size_t i = 4; i + 2 < len && o + 4 < sizeof buf; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s", dot);
	snprintf(buf + o, sizeof buf - o, " %s", e164 + len - 2);
	snprintf(out, n, "%s", buf);
}
