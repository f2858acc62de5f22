/* What a reminder says and what it costs: templates, GSM-7 / UCS-2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "settings.h"
#include "sms.h"
#include "strbuf.h"
#include "template.h"
#include "timeutil.h"

static char *
rep(char c, int n)
{
	char *s = xmalloc((size_t)n + 1);

	memset(s, c, (size_t)n);
	s[n] = '\0';
	return s;
}

static void
test_segments_gsm(void **state)
{
	struct sms_cost c;
	char *s;

	(void)state;
	sms_cost("", &c);
	assert_int_equal(c.segments, 1);
	s = rep('a', 160);
	sms_cost(s, &c);
	assert_false(c.ucs2);
	assert_int_equal(c.units, 160);
	assert_int_equal(c.segments, 1);
	free(s);
	s = rep('a', 161);
	sms_cost(s, &c);
	assert_int_equal(c.segments, 2);
	free(s);
	s = rep('a', 306);
	sms_cost(s, &c);
	assert_int_equal(c.segments, 2);
	free(s);
	s = rep('a', 307);
	sms_cost(s, &c);
	assert_int_equal(c.segments, 3);
	free(s);
	/* é è à ù are GSM-7: one place each. */
	sms_cost("éèàùÉ", &c);
	assert_false(c.ucs2);
	assert_int_equal(c.units, 5);
	/* Extension characters take two places. */
	sms_cost("€[]{}", &c);
	assert_false(c.ucs2);
	assert_int_equal(c.units, 10);
	/* 80 euro signs = 160 septets: one segment; 81 = 162: two. */
	strbuf b = STRBUF_INIT;
	for (int i = 0; i < 80; i++)
		strbuf_puts(&b, "€");
	sms_cost(b.s, &c);
	assert_int_equal(c.units, 160);
	assert_int_equal(c.segments, 1);
	strbuf_puts(&b, "€");
	sms_cost(b.s, &c);
	assert_int_equal(c.segments, 2);
	strbuf_free(&b);
	/* An escape pair is never split: 152 'a' + '€' does not fit in 153. */
	s = rep('a', 152);
	strbuf_puts(&b, s);
	strbuf_puts(&b, "€");
	strbuf_puts(&b, s);
	sms_cost(b.s, &c);
	assert_int_equal(c.units, 306);
	assert_int_equal(c.segments, 3);
	free(s);
	strbuf_free(&b);
}

static void
test_segments_ucs2(void **state)
{
	struct sms_cost c;
	strbuf b = STRBUF_INIT;

	(void)state;
	/* One ê turns 160 GSM characters into UCS-2: 70 per segment. */
	char *s = rep('a', 69);
	strbuf_puts(&b, s);
	strbuf_puts(&b, "ê");
	sms_cost(b.s, &c);
	assert_true(c.ucs2);
	assert_int_equal(c.units, 70);
	assert_int_equal(c.segments, 1);
	strbuf_putc(&b, 'a');
	sms_cost(b.s, &c);
	assert_int_equal(c.segments, 2);
	free(s);
	strbuf_reset(&b);
	s = rep('a', 159);
	strbuf_puts(&b, s);
	strbuf_puts(&b, "ç");		/* ç is not GSM-7 (Ç is) */
	sms_cost(b.s, &c);
	assert_true(c.ucs2);
	assert_int_equal(c.segments, 3);	/* 160 units / 67 */
	free(s);
	/* An emoji is 2 UTF-16 units. */
	sms_cost("\xf0\x9f\x98\x80", &c);
	assert_int_equal(c.units, 2);
	strbuf_free(&b);
}

static void
test_transliterate(void **state)
{
	struct sms_cost c;
	char *t;

	(void)state;
	t = sms_transliterate("Empêchement à 14 h, gîte, Moûtiers, œuvre, l’accueil « ici » – ça");
	assert_string_equal(t, "Empechement à 14 h, gite, Moutiers, oeuvre, l'accueil \" ici \" - Ça");
	sms_cost(t, &c);
	assert_false(c.ucs2);
	free(t);
}

static void
test_template(void **state)
{
	struct template_vars v = { 0 };
	char *s;
	err_t e;

	(void)state;
	assert_int_equal(tz_setup("Europe/Paris", NULL), 0);
	assert_int_equal(time_parse_datetime("2026-12-03 14:30", &v.at), 0);
	v.lieu = "Bureau 3";
	v.msd = "Maison sociale du bassin chambérien";
	v.tel_msd = "04 79 00 00 00";
	s = template_render(settings_default_template, &v);
	assert_string_equal(s, "Rappel : rendez-vous le jeudi 3 décembre à 14 h 30, "
	    "Bureau 3. Si vous ne pouvez pas venir, appelez le 04 79 00 00 00.");
	free(s);
	/* Empty fields drop their bracketed part, and no double space stays. */
	v.lieu = "";
	v.tel_msd = "";
	s = template_render(settings_default_template, &v);
	assert_string_equal(s, "Rappel : rendez-vous le jeudi 3 décembre à 14 h 30.");
	free(s);
	s = template_render("{msd} : {date} {heure}", &v);
	assert_string_equal(s, "Maison sociale du bassin chambérien : jeudi 3 décembre 14 h 30");
	free(s);
	/* Checks. */
	assert_int_equal(template_check(settings_default_template, &e), 0);
	assert_int_equal(template_check("RDV {jour}", &e), -1);
	assert_non_null(strstr(e.msg, "{jour}"));
	assert_int_equal(template_check("RDV [{lieu}", &e), -1);
	assert_int_equal(template_check("RDV {lieu}]", &e), -1);
	assert_int_equal(template_check("Votre RDV rSa le {date}", &e), -1);
	assert_non_null(strstr(e.msg, "rsa"));
	assert_int_equal(template_check("Rendez-vous insertion le {date}", &e), -1);
	assert_int_equal(template_check("Rendez-vous le {date}, Arsac", &e), 0);
	/* Words a rendering can form, not only the template's own text: a
	 * dropped part or an empty field joins its neighbours (found by
	 * tests/fuzz/fuzz_config.c). */
	assert_int_equal(template_check("Rappel r[{lieu}]sa {date}", &e), -1);
	assert_non_null(strstr(e.msg, "rsa"));
	assert_int_equal(template_check("Rappel r{lieu}sa {date}", &e), -1);
	assert_int_equal(template_check("x{lieu}rsa {date}", &e), -1);
	assert_int_equal(template_check("in[{lieu}]ser[tion {msd}] {date}", &e), -1);
	assert_int_equal(template_check("RDV {date}[ {lieu}][ ({tel_msd})]", &e), 0);
	/* Many parts: read once, not tried in every combination (2^40). */
	{
		strbuf b = STRBUF_INIT;

		for (int i = 0; i < 40; i++)
			strbuf_puts(&b, "[ à {lieu}] ");
		strbuf_puts(&b, "le {date}");
		assert_int_equal(template_check(b.s, &e), 0);
		strbuf_puts(&b, " r[{msd}]s[{lieu}]a");
		assert_int_equal(template_check(b.s, &e), -1);
		strbuf_free(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_segments_gsm),
		cmocka_unit_test(test_segments_ucs2),
		cmocka_unit_test(test_transliterate),
		cmocka_unit_test(test_template),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
