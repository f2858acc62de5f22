/*
 * fuzz_phone.c - telephone numbers (reminder-daemon/phone.c).
 *
 * Properties: a number accepted is E.164 ('+', a country code not
 * starting with 0, 8 to 15 digits; +33 has exactly 9 after it), its
 * digits come from the input in order, normalising it again gives the
 * same number and kind (idempotence), a "(0)" before any digit is never
 * taken for a trunk prefix, and the mask never shows the whole number.
 */
#include "fuzz.h"
#include "phone.h"

#include <ctype.h>

/* 1 if the digits of b appear in a in the same order. */
static int
digits_subsequence(const char *b, const char *a)
{
	for (; *b; b++) {
		if (!isdigit((unsigned char)*b))
			continue;
		while (*a && *a != *b)
			a++;
		if (*a == '\0')
			return 0;
		a++;
	}
	return 1;
}

/* 1 if "(0)" occurs before the first digit of s. */
static int
trunk_before_digits(const char *s)
{
	const char *z = strstr(s, "(0)");

	if (z == NULL)
		return 0;
	for (const char *p = s; p < z; p++)
		if (isdigit((unsigned char)*p))
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size);
	char out[32], again[32], mask[64];
	enum phone_kind kind, kind2;
	const char *why = NULL;
	size_t nd;

	if (phone_normalize(in, out, sizeof out, &kind, &why) < 0) {
		PROP(why != NULL && *why != '\0', "'%s' refused without a reason",
		    in);
		free(in);
		return 0;
	}
	nd = strlen(out) - 1;
	PROP(out[0] == '+' && out[1] >= '1' && out[1] <= '9',
	    "'%s' gave '%s'", in, out);
	for (size_t i = 1; out[i]; i++)
		PROP(isdigit((unsigned char)out[i]), "'%s' gave '%s'", in, out);
	PROP(nd >= 8 && nd <= 15, "'%s' gave '%s' (%zu digits)", in, out, nd);
	if (strncmp(out, "+33", 3) == 0)
		PROP(nd == 11 && out[3] != '0', "'%s' gave French '%s'", in, out);
	if (strncmp(out, "+336", 4) == 0 || strncmp(out, "+337", 4) == 0)
		PROP(kind == PHONE_MOBILE, "'%s' = %s is a mobile", in, out);
	PROP(kind == PHONE_MOBILE || kind == PHONE_LANDLINE, "'%s': kind %d",
	    in, (int)kind);
	/* "33" may have been added in front of a national number. */
	PROP(digits_subsequence(out + 1, in) ||
	    (strncmp(out, "+33", 3) == 0 && digits_subsequence(out + 3, in)),
	    "'%s' gave '%s': digits not from the input", in, out);
	PROP(!trunk_before_digits(in), "'%s' gave '%s': a (0) before the "
	    "country code was dropped as a trunk prefix", in, out);

	PROP(phone_normalize(out, again, sizeof again, &kind2, &why) == 0,
	    "'%s' gave '%s', which is then refused: %s", in, out, why);
	PROP(strcmp(again, out) == 0 && kind2 == kind, "'%s' gave '%s', then "
	    "'%s'", in, out, again);

	phone_mask(out, mask, sizeof mask);
	PROP(strstr(mask, out + 1) == NULL && strstr(mask, out + 3) == NULL,
	    "mask of %s is '%s'", out, mask);
	PROP(strncmp(mask + strlen(mask) - 2, out + strlen(out) - 2, 2) == 0,
	    "mask of %s is '%s': not its last two digits", out, mask);
	free(in);
	return 0;
}
