/* Phone numbers as French agendas write them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "phone.h"

static const struct { const char *in, *out; enum phone_kind kind; } good[] = {
	{ "06 12 34 56 78", "+33612345678", PHONE_MOBILE },
	{ "0612345678", "+33612345678", PHONE_MOBILE },
	{ "06.12.34.56.78", "+33612345678", PHONE_MOBILE },
	{ "06-12-34-56-78", "+33612345678", PHONE_MOBILE },
	{ "06/12/34/56/78", "+33612345678", PHONE_MOBILE },
	{ " 07 81 22 33 44 ", "+33781223344", PHONE_MOBILE },
	{ "+33 6 12 34 56 78", "+33612345678", PHONE_MOBILE },
	{ "+33 (0)6 12 34 56 78", "+33612345678", PHONE_MOBILE },
	{ "+33612345678", "+33612345678", PHONE_MOBILE },
	{ "+33 06 12 34 56 78", "+33612345678", PHONE_MOBILE },
	{ "0033 6 12 34 56 78", "+33612345678", PHONE_MOBILE },
	{ "0033612345678", "+33612345678", PHONE_MOBILE },
	{ "33612345678", "+33612345678", PHONE_MOBILE },
	{ "612345678", "+33612345678", PHONE_MOBILE },	/* leading 0 eaten */
	{ "04 79 96 73 73", "+33479967373", PHONE_LANDLINE },
	{ "01 23 45 67 89", "+33123456789", PHONE_LANDLINE },
	{ "09 87 65 43 21", "+33987654321", PHONE_LANDLINE },
	{ "08 00 00 00 00", "+33800000000", PHONE_LANDLINE },
	{ "+41 79 123 45 67", "+41791234567", PHONE_MOBILE },
	{ "0041 79 123 45 67", "+41791234567", PHONE_MOBILE },
	{ "+41 22 123 45 67", "+41221234567", PHONE_LANDLINE },
	{ "+39 347 123 4567", "+393471234567", PHONE_MOBILE },
	{ "+39 011 123 4567", "+390111234567", PHONE_LANDLINE },
	{ "+44 7700 900123", "+447700900123", PHONE_MOBILE },
	/* (0): once, right after the country code. */
	{ "+33(0)612345678", "+33612345678", PHONE_MOBILE },
	{ "0033 (0)6 12 34 56 78", "+33612345678", PHONE_MOBILE },
	{ "+41 (0)79 123 45 67", "+41791234567", PHONE_MOBILE },
	{ "+44 (0)7700 900123", "+447700900123", PHONE_MOBILE },
	{ "+1 (0)212 555 0100", "+12125550100", PHONE_MOBILE },
	{ "+352 (0)621 123 456", "+352621123456", PHONE_MOBILE },
	{ "06\xc2\xa0" "12\xc2\xa0" "34\xc2\xa0" "56\xc2\xa0" "78", "+33612345678", PHONE_MOBILE },
	{ "06\xe2\x80\xaf" "12 34 56 78", "+33612345678", PHONE_MOBILE },
};

static const char *const bad[] = {
	"", "   ", "06 12 34 56", "06 12 34 56 78 90", "abc", "06 12 34 56 7a",
	"+33 6 12 34", "+3", "00 00 00 00 00", "06;12;34;56;78", "+1234567",
	/* A (0) anywhere but once right after the country code is a typo
	 * or worse: "+(0)(0)(0)612345678" used to become Australian. */
	"+(0)(0)(0)612345678", "+(0)612345678", "+33 (0)(0)6 12 34 56 78",
	"+33 (0) (0)6 12 34 56 78", "+33 (0)0 6 12 34 56 78", "(0)6 12 34 56 78",
	"06 (0)12 34 56 78", "+336 (0)12 34 56 78", "+3 (0)3 6 12 34 56 78",
	"00 (0)33 6 12 34 56 78", "0033 6 (0)12 34 56 78", "+33 (0)",
	/* Brackets, stray bytes: not a way people write numbers. */
	"(06) 12 34 56 78", "+33 6 12 34 56 78)", "06 12 34 56 78(",
	"06\xc2" "12 34 56 78", "06\xa0" "12 34 56 78", "++33 6 12 34 56 78",
};

static void
test_good(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		char out[24];
		enum phone_kind k;
		const char *why = NULL;

		if (phone_normalize(good[i].in, out, sizeof out, &k, &why) != 0)
			fail_msg("'%s' refused: %s", good[i].in, why);
		if (strcmp(out, good[i].out) != 0)
			fail_msg("'%s' -> '%s', expected '%s'", good[i].in, out, good[i].out);
		if (k != good[i].kind)
			fail_msg("'%s': wrong kind %d", good[i].in, (int)k);
	}
}

static void
test_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char out[24];
		enum phone_kind k;
		const char *why = NULL;

		if (phone_normalize(bad[i], out, sizeof out, &k, &why) == 0)
			fail_msg("'%s' accepted as %s", bad[i], out);
		assert_non_null(why);
	}
}

static void
test_mask(void **state)
{
	char out[64];

	(void)state;
	phone_mask("+33612345678", out, sizeof out);
	assert_string_equal(out, "+33 6\xe2\x80\xa2\xe2\x80\xa2 \xe2\x80\xa2\xe2\x80\xa2 "
	    "\xe2\x80\xa2\xe2\x80\xa2 78");
	phone_mask("+41791234567", out, sizeof out);
	assert_null(strstr(out, "12345"));
	assert_non_null(strstr(out, "67"));
	phone_mask("garbage", out, sizeof out);
	assert_null(strstr(out, "garbage"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_mask),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
