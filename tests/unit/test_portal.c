/* The portal's addresses (portal.h) and its HTML writer (site_html.h):
 * keys that never change, addresses that fit a version 4 QR code, what a
 * QR code carries with and without portal_url, escaping, and the
 * glossary's words linked once per page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "content/portal.h"
#include "content/site_html.h"

#include <stdlib.h>
#include <string.h>

/* Printed sheets carry these: they must never change. */
static void
test_keys_are_stable(void **state)
{
	char key[PORTAL_KEY_LEN + 1], path[64];

	(void)state;
	portal_offer_key("accompagnement-global", key);
	assert_string_equal(key, "yr5v6");
	portal_offer_key("mediation-sante", key);
	assert_string_equal(key, "mk94g");
	assert_int_equal(portal_offer_path("chambery", "accompagnement-global",
	    path, sizeof path), 0);
	assert_string_equal(path, "chambery/o/yr5v6.html");
	assert_int_equal(portal_offer_path("chambery", "x", path, 8), -1);
}

static void
test_url_join(void **state)
{
	char url[128];

	(void)state;
	assert_int_equal(portal_offer_url("https://a.fr/rsa", "aix",
	    "mediation-sante", url, sizeof url), 0);
	assert_string_equal(url, "https://a.fr/rsa/aix/o/mk94g.html");
	assert_int_equal(portal_offer_url("https://a.fr/rsa/", "aix",
	    "mediation-sante", url, sizeof url), 0);
	assert_string_equal(url, "https://a.fr/rsa/aix/o/mk94g.html");
}

static void
test_url_check(void **state)
{
	char why[512];

	(void)state;
	assert_int_equal(portal_url_check("https://www.savoie.fr/rsa/", 11,
	    why, sizeof why), 0);
	assert_int_equal(portal_url_check("http://127.0.0.1:8080/", 11, why,
	    sizeof why), 0);
	assert_int_equal(portal_url_check("http://localhost/", 11, NULL, 0), 0);
	assert_int_equal(portal_url_check("http://www.savoie.fr/", 11, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "not an https://"));
	/* "http://localhost.evil.fr" is not this machine. */
	assert_int_equal(portal_url_check("http://localhost.evil.fr/", 11,
	    NULL, 0), -1);
	assert_int_equal(portal_url_check("https://x.fr/?a=1", 11, why,
	    sizeof why), -1);
	assert_int_equal(portal_url_check("https://x.fr/a b", 11, NULL, 0), -1);
	/* 38 characters with its '/' is the most under an 11-letter code:
	 * 38 + 11 + "/o/" + 5 + ".html" = 62, version 4. */
	assert_int_equal(portal_url_check(
	    "https://www.savoie.fr/rsa-en-savoie-73/", 11, NULL, 0), -1);
	assert_int_equal(portal_url_check(
	    "https://www.savoie.fr/rsa-en-savoie-7/", 11, NULL, 0), 0);
	assert_int_equal(portal_url_check(
	    "https://www.savoie.fr/rsa-en-savoie-73/", 11, why, sizeof why),
	    -1);
	assert_non_null(strstr(why, "at most 38 characters"));
}

static void
test_qr_payload(void **state)
{
	char *msds[] = { "maurienne", "tarentaise" };
	pack_offer o = { .id = "mediation-sante", .qr = "https://x.fr/",
	    .msds = msds, .nmsds = 2 };
	char buf[128];

	(void)state;
	/* No portal: the offer's own code, as before. */
	assert_string_equal(portal_qr("", "maurienne", &o, buf, sizeof buf),
	    "https://x.fr/");
	assert_string_equal(portal_qr(NULL, "maurienne", &o, buf, sizeof buf),
	    "https://x.fr/");
	assert_string_equal(portal_qr("https://a.fr/", "tarentaise", &o, buf,
	    sizeof buf), "https://a.fr/tarentaise/o/mk94g.html");
	/* Not at that MSD, or no MSD: its first. */
	assert_string_equal(portal_qr("https://a.fr/", "chambery", &o, buf,
	    sizeof buf), "https://a.fr/maurienne/o/mk94g.html");
	assert_string_equal(portal_qr("https://a.fr/", NULL, &o, buf,
	    sizeof buf), "https://a.fr/maurienne/o/mk94g.html");
	/* A pack's address that would not pass lint is not used. */
	assert_string_equal(portal_qr("javascript:alert(1)", "maurienne", &o,
	    buf, sizeof buf), "https://x.fr/");
}

/* A pack with two glossary entries, enough for html_linked(). */
static pack *
tiny_pack(void)
{
	static char *v_msd[] = { "maison sociale" };
	static pack_gloss g[] = {
		{ .word = "rSa", .explanation = "Le revenu." },
		{ .word = "MSD", .explanation = "Une maison.",
		    .variants = v_msd, .nvariants = 1 },
	};
	/* The word of "Revenir au mot ..." (site_html.c asks i18n_ui). */
	static pack_tr tr[] = {
		{ .lang = "fr", .key = "ui.portal.revenir-mot",
		    .text = "Revenir au mot {mot}" },
	};
	static pack p = { .gloss = g, .ngloss = 2, .trs = tr, .ntrs = 1,
	    .lang = "fr" };

	return &p;
}

static void
test_escape_and_chars(void **state)
{
	site_chars *text = calloc(1, sizeof *text), *icons = calloc(1,
	    sizeof *icons);
	html h;

	(void)state;
	html_begin(&h, tiny_pack(), text, icons);
	html_text(&h, "a<b & \"c\" é");
	html_attr(&h, "<z>");
	html_picto(&h, 0xf0b1, "une mallette");
	assert_string_equal(strbuf_str(&h.b), "a&lt;b &amp; &quot;c&quot; é"
	    "&lt;z&gt;<span class=\"i\" role=\"img\" aria-label=\"une "
	    "mallette\">&#xf0b1;</span>");
	/* What is read goes to the text font, pictograms to theirs;
	 * attributes are read aloud, not drawn. */
	assert_true(site_chars_has(text, 0xe9));
	assert_true(site_chars_has(text, '<'));
	assert_false(site_chars_has(text, 'z'));
	assert_true(site_chars_has(icons, 0xf0b1));
	assert_false(site_chars_has(text, 0xf0b1));
	html_free(&h);
	free(text);
	free(icons);
}

static void
test_gloss_once_per_page(void **state)
{
	site_chars *text = calloc(1, sizeof *text), *icons = calloc(1,
	    sizeof *icons);
	const char *s;
	html h;

	(void)state;
	html_begin(&h, tiny_pack(), text, icons);
	html_linked(&h, "Le rSa et la maison sociale. Encore le rSa, "
	    "l'rSa, RSAx.");
	s = strbuf_str(&h.b);
	assert_string_equal(s, "Le <a class=\"g\" href=\"#g0\" id=\"r0\">rSa"
	    "</a> et la <a class=\"g\" href=\"#g1\" id=\"r1\">maison "
	    "sociale</a>. Encore le rSa, l'rSa, RSAx.");
	html_gloss_end(&h);
	/* The explanation names the word as the reader met it. */
	assert_non_null(strstr(strbuf_str(&h.b), "<dt id=\"g1\">maison "
	    "sociale</dt>"));
	assert_non_null(strstr(strbuf_str(&h.b), "href=\"#r1\">Revenir au "
	    "mot maison sociale</a>"));
	html_free(&h);
	free(text);
	free(icons);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_are_stable),
		cmocka_unit_test(test_url_join),
		cmocka_unit_test(test_url_check),
		cmocka_unit_test(test_qr_payload),
		cmocka_unit_test(test_escape_and_chars),
		cmocka_unit_test(test_gloss_once_per_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
