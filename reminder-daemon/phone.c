#include "phone.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int
phone_normalize(const char *in, char *out, size_t n, enum phone_kind *kind,
    const char **why)
{
	char d[32];
	size_t nd = 0;
	int plus = 0;
	const char *p = in;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '+') {
		plus = 1;
		p++;
	}
	for (; *p; p++) {
		/* "+33 (0)6 12 34 56 78": the (0) is the national prefix that
		 * must be dropped after a country code. */
		if (strncmp(p, "(0)", 3) == 0) {
			p += 2;
			continue;
		}
		if (isdigit((unsigned char)*p)) {
			if (nd + 1 >= sizeof d) {
				*why = "too many digits for a phone number";
				return -1;
			}
			d[nd++] = *p;
		} else if (strchr(" .-/()\t\xc2\xa0", *p) == NULL) {
			*why = "a phone number holds only digits, spaces, dots, dashes and +";
			return -1;
		}
	}
	d[nd] = '\0';
	if (nd == 0) {
		*why = "no phone number";
		return -1;
	}
	if (!plus && strncmp(d, "00", 2) == 0) {	/* 0033 6..., 0041 79... */
		memmove(d, d + 2, nd - 1);
		nd -= 2;
		plus = 1;
	}
	if (!plus) {
		if (nd == 10 && d[0] == '0' && d[1] != '0') {
			memmove(d + 2, d + 1, nd);	/* 06... -> 336... */
			d[0] = '3'; d[1] = '3';
			nd += 1;
		} else if (nd == 9 && d[0] != '0') {
			memmove(d + 2, d, nd + 1);	/* 612345678 */
			d[0] = '3'; d[1] = '3';
			nd += 2;
		} else if (nd == 11 && strncmp(d, "33", 2) == 0) {
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
	if (strncmp(d, "33", 2) == 0) {
		if (nd == 12 && d[2] == '0') {	/* +33 06...: stray 0 */
			memmove(d + 2, d + 3, nd - 2);
			nd--;
		}
		if (nd != 11 || d[2] == '0') {
			*why = "a French number has 9 digits after +33";
			return -1;
		}
		*kind = (d[2] == '6' || d[2] == '7') ? PHONE_MOBILE : PHONE_LANDLINE;
	} else {
		if (nd < 8 || nd > 15) {
			*why = "an international number has 8 to 15 digits";
			return -1;
		}
		if (strncmp(d, "41", 2) == 0)		/* Switzerland: 07x mobiles */
			*kind = d[2] == '7' ? PHONE_MOBILE : PHONE_LANDLINE;
		else if (strncmp(d, "39", 2) == 0)	/* Italy: 3xx mobiles */
			*kind = d[2] == '3' ? PHONE_MOBILE : PHONE_LANDLINE;
		else
			*kind = PHONE_MOBILE;	/* unknown plan: let the gateway judge */
	}
	if ((size_t)snprintf(out, n, "+%s", d) >= n) {
		*why = "number too long";
		return -1;
	}
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
