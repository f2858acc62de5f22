/* The French text engine (lib/text.h): tokens, what stays together on a
 * line, line breaking with a monospace measure (one unit a code point),
 * and glossary matching with case and accents folded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "text.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- helpers */

/* The tokens of s as "KIND:text KIND:text ..." (caller frees). */
static char *
kinds(const char *s)
{
	static const char *const k[] = { "W", "N", "U", "E", "P" };
	text_toks ts = { 0 };
	strbuf b = STRBUF_INIT;

	text_tokenize(s, strlen(s), 1, &ts);
	for (size_t i = 0; i < ts.n; i++)
		strbuf_printf(&b, "%s%s:%.*s", i ? " " : "", k[ts.t[i].k],
		    (int)ts.t[i].n, ts.t[i].s);
	text_toks_free(&ts);
	return strbuf_take(&b);
}

#define EXPECT_STR(got, want) do { \
	char *got_ = (got); \
	if (strcmp(got_, (want)) != 0) \
		fail_msg("want: '%s'\n  got:  '%s'", (want), got_); \
	free(got_); \
} while (0)

/* A monospace font: every code point is 1 wide, a space too. */
static double
mono(void *arg, const char *s, size_t n, int link)
{
	char *t = strndup(s, n);
	double w = (double)utf8_len(t);

	(void)arg;
	(void)link;
	free(t);
	return w;
}

/* A glossary of two words for the matcher callback. */
static int
gloss(void *arg, const char *s, size_t *len)
{
	static const char *const words[] = { "référent", "rSa",
	    "contrat d'engagement" };

	(void)arg;
	for (int i = 0; i < 3; i++)
		if ((*len = text_match(s, words[i])) > 0)
			return i;
	return -1;
}

/* s wrapped at width as "line|line|..." (caller frees); *overflow. */
static char *
wrap_at(const char *s, int width, text_match_fn match, int *overflow)
{
	text_layout l = { 0 };
	strbuf b = STRBUF_INIT, line = STRBUF_INIT;
	size_t k = 0;
	int ov, n;

	text_pieces(&l, s, match, NULL);
	n = text_wrap(&l, s, width, mono, NULL, &ov);
	for (int i = 0; text_next_line(&l, s, &k, &line); i++) {
		strbuf_printf(&b, "%s%s", i ? "|" : "", line.s);
		strbuf_reset(&line);
	}
	/* Every piece within the width, where its line's text puts it:
	 * first at 0, then after the piece before and its space. */
	for (size_t i = 0; i < l.n; i++) {
		const text_piece *p = &l.p[i], *q = i ? p - 1 : NULL;
		double x = q && q->line == p->line ? q->x + q->w +
		    (q->join == TEXT_SPACE || q->join == TEXT_KEEP) : 0;

		assert_true(p->x + p->w <= width);
		assert_true(p->x == x);
	}
	assert_int_equal(n, k == 0 ? 0 : l.p[l.n - 1].line + 1);
	if (overflow)
		*overflow = ov;
	strbuf_free(&line);
	text_layout_free(&l);
	return strbuf_take(&b);
}

/* ---------------------------------------------------------------- tokens */

static void
test_tokens(void **state)
{
	(void)state;
	EXPECT_STR(kinds("L'argent, 3,5 jours."),
	    "W:L'argent P:, N:3,5 W:jours E:.");
	EXPECT_STR(kinds("Le 1er janvier, à 14h30 ou 14 h 30 ?"),
	    "W:Le W:1er W:janvier P:, W:à W:14h30 W:ou N:14 W:h N:30 E:?");
	EXPECT_STR(kinds("Appelez le 04 79 12 34 56 !"),
	    "W:Appelez W:le N:04 N:79 N:12 N:34 N:56 E:!");
	EXPECT_STR(kinds("Aix-les-Bains, 2022-2024 : voir www.caf.fr."),
	    "W:Aix-les-Bains P:, N:2022-2024 P:: W:voir U:www.caf.fr E:.");
	/* An abbreviation ends nothing; a run of marks is one token. */
	EXPECT_STR(kinds("M. Dupont vient. Quoi ?! Bon..."),
	    "W:M P:. W:Dupont W:vient E:. W:Quoi E:?! W:Bon E:...");
	/* UTF-8: the no-break space is a space, « » are punctuation. */
	EXPECT_STR(kinds("« Oui\xC2\xA0» (https://a.fr)"),
	    "P:« W:Oui P:» P:( U:https://a.fr P:)");
}

static void
test_token_lines(void **state)
{
	text_toks ts = { 0 };

	(void)state;
	text_tokenize("un\ndeux\n\ntrois", 14, 3, &ts);
	assert_int_equal(ts.n, 3);
	assert_int_equal(ts.t[0].line, 3);
	assert_int_equal(ts.t[1].line, 4);
	assert_int_equal(ts.t[2].line, 6);
	assert_int_equal(ts.t[0].sp, 1);
	text_toks_free(&ts);
}

static void
test_address(void **state)
{
	(void)state;
	assert_true(text_is_address("https://www.caf.fr", 18));
	assert_true(text_is_address("www.caf.fr.", 11));
	assert_true(text_is_address("(service-public.fr)", 19));
	assert_true(text_is_address("/var/lib/msd", 12));
	assert_false(text_is_address("CAF.", 4));
	assert_false(text_is_address("3.5", 3));
	assert_false(text_is_address("M.Dupont", 8));
}

/* ---------------------------------------------------------------- together */

#define KEEP(a, b) text_keep_together(a, strlen(a), b, strlen(b))

static void
test_keep_together(void **state)
{
	(void)state;
	/* Punctuation that French writes after a space. */
	assert_true(KEEP("qui", "?"));
	assert_true(KEEP("Attention", "!"));
	assert_true(KEEP("Appelez", ":"));
	assert_true(KEEP("vous", ";"));
	assert_true(KEEP("«", "Oui"));
	assert_true(KEEP("Oui", "»"));
	assert_true(KEEP("Oui", "»."));
	/* Phone numbers, amounts, times, units, ordinals. */
	assert_true(KEEP("04", "79"));
	assert_true(KEEP("15", "000"));
	assert_true(KEEP("14", "h"));
	assert_true(KEEP("h", "30"));
	assert_true(KEEP("h", "30."));
	assert_true(KEEP("34", "56."));
	assert_true(KEEP("9", "h."));
	assert_true(KEEP("30", "%"));
	assert_true(KEEP("15", "€"));
	assert_true(KEEP("3", "km"));
	assert_true(KEEP("2,5", "kg"));
	assert_true(KEEP("1er", "janvier"));
	assert_true(KEEP("2e", "étage"));
	/* Words, which may break. */
	assert_false(KEEP("Pour", "qui"));
	assert_false(KEEP("le", "rSa"));
	assert_false(KEEP("3", "mois"));
	assert_false(KEEP("2020", "et"));
	assert_false(KEEP("73200", "Albertville"));
	assert_false(KEEP("heures", "30"));
}

/* No line of s at width w starts with '?' or '!'. */
static void
no_mark_first(const char *s, int w)
{
	char *got = wrap_at(s, w, NULL, NULL);

	for (const char *p = got; p; p = strchr(p, '|') ? strchr(p, '|') + 1 :
	    NULL)
		if (*p == '?' || *p == '!')
			fail_msg("width %d: a line starts with '%c': %s", w, *p,
			    got);
	free(got);
}

static void
test_question_never_alone(void **state)
{
	const char *s = "Pour qui ? Vous pouvez venir ! Écrivez-nous : "
	    "« Bonjour » ; appelez le 04 79 12 34 56 à 14 h 30.";

	(void)state;
	/* From the narrowest line that can hold a letter and its mark:
	 * "i ?", "n ?!". */
	for (int w = 3; w <= 20; w++) {
		no_mark_first("Pour qui ?", w);
		no_mark_first("Oui ! Vraiment ?", w);
		if (w >= 4)
			no_mark_first("Oui ! Non ?! Vraiment ?", w);
	}
	/* 5 is the narrowest line that can hold "r » ;". */
	for (int w = 5; w <= 90; w++) {
		char *got = wrap_at(s, w, NULL, NULL);
		const char *p = got;

		for (;;) {
			if (strchr("?!:;", *p) != NULL && *p != '\0')
				fail_msg("width %d: a line starts with '%c': %s",
				    w, *p, got);
			if (strncmp(p, "»", 2) == 0)
				fail_msg("width %d: a line starts with '»': %s",
				    w, got);
			const char *bar = strchr(p, '|');
			if (bar == NULL)
				break;
			if (bar - p >= 2 && strncmp(bar - 2, "«", 2) == 0)
				fail_msg("width %d: a line ends with '«': %s", w,
				    got);
			p = bar + 1;
		}
		if (w >= 14 && strstr(got, "04 79 12 34 56") == NULL)
			fail_msg("width %d: the phone number is cut: %s", w, got);
		if (w >= 9 && strstr(got, "14 h 30.") == NULL)
			fail_msg("width %d: the time is cut: %s", w, got);
		free(got);
	}
}

/* ---------------------------------------------------------------- lines */

static void
test_wrap(void **state)
{
	int ov;

	(void)state;
	EXPECT_STR(wrap_at("", 10, NULL, &ov), "");
	EXPECT_STR(wrap_at("  \n ", 10, NULL, &ov), "");
	/* Greedy, spaces collapsed, a line exactly full. */
	EXPECT_STR(wrap_at("Vous avez  des\ndroits.", 9, NULL, &ov),
	    "Vous avez|des|droits.");
	assert_int_equal(ov, 0);
	EXPECT_STR(wrap_at("Pour qui ?", 9, NULL, &ov), "Pour|qui ?");
	EXPECT_STR(wrap_at("Pour qui ?", 10, NULL, &ov), "Pour qui ?");
	EXPECT_STR(wrap_at("le 04 79 12 34 56 ou", 15, NULL, &ov),
	    "le|04 79 12 34 56|ou");
	EXPECT_STR(wrap_at("à 14 h 30, lundi", 10, NULL, &ov),
	    "à 14 h 30,|lundi");
	/* A word wider than the line is cut between code points. */
	EXPECT_STR(wrap_at("un anticonstitutionnel mot", 8, NULL, &ov),
	    "un|anticons|titution|nel mot");
	assert_int_equal(ov, 1);
	/* A web address stays whole when it fits on a line of its own... */
	EXPECT_STR(wrap_at("voir https://a.fr/b/c", 16, NULL, &ov),
	    "voir|https://a.fr/b/c");
	assert_int_equal(ov, 0);
	/* ...and else breaks after a / . -, which cuts no word. */
	EXPECT_STR(wrap_at("voir https://www.caf.fr/aides", 16, NULL, &ov),
	    "voir|https://www.caf.|fr/aides");
	assert_int_equal(ov, 0);
	/* A phone number wider than the line breaks between its groups. */
	EXPECT_STR(wrap_at("04 79 12 34 56 ?", 8, NULL, &ov),
	    "04 79 12|34 56 ?");
	assert_int_equal(ov, 0);
}

static void
test_wrap_links(void **state)
{
	const char *s = "Votre Référent, et l'RSA ; contrat d’engagement.";
	text_layout l = { 0 };
	int ov;

	(void)state;
	text_pieces(&l, s, gloss, NULL);
	/* Votre | Référent | , | et | l' | RSA | ; | contrat | d’engagement | . */
	assert_int_equal(l.n, 10);
	assert_int_equal(l.p[1].link, 0);
	assert_int_equal(l.p[1].join, TEXT_GLUE);
	assert_int_equal(l.p[2].link, -1);
	assert_int_equal(l.p[4].join, TEXT_GLUE);
	assert_int_equal(l.p[5].link, 1);
	assert_int_equal(l.p[5].join, TEXT_KEEP);	/* before ';' */
	assert_int_equal(l.p[7].link, 2);
	assert_int_equal(l.p[7].join, TEXT_SPACE);
	assert_int_equal(l.p[8].link, 2);
	assert_int_equal(l.p[9].link, -1);
	text_layout_free(&l);
	/* Pieces of one word wrap as one. */
	EXPECT_STR(wrap_at(s, 14, gloss, &ov),
	    "Votre|Référent, et|l'RSA ;|contrat|d’engagement.");
	assert_int_equal(ov, 0);
	EXPECT_STR(wrap_at(s, 10, gloss, &ov),
	    "Votre|Référent,|et l'RSA ;|contrat|d’engageme|nt.");
	assert_int_equal(ov, 1);
	/* No glossary word inside a web address. */
	text_pieces(&l, "www.rsa.fr rSa", gloss, NULL);
	assert_int_equal(l.p[l.n - 1].link, 1);
	for (size_t i = 0; i + 1 < l.n; i++)
		assert_int_equal(l.p[i].link, -1);
	text_layout_free(&l);
}

/* ---------------------------------------------------------------- glossary */

static void
test_match(void **state)
{
	(void)state;
	/* Case and accents folded, both ways. */
	assert_int_equal(text_match("référent.", "référent"), 10);
	assert_int_equal(text_match("REFERENT", "référent"), 8);
	assert_int_equal(text_match("Référent", "referent"), 10);
	assert_int_equal(text_match("Œuvre", "oeuvre"), 6);
	/* Whole words only. */
	assert_int_equal(text_match("référents", "référent"), 0);
	assert_int_equal(text_match("rSa-socle", "RSA"), 3);
	assert_int_equal(text_match("rSaX", "RSA"), 0);
	/* Separators between the words of a form are any run. */
	assert_int_equal(text_match("contrat d’engagement, ", "contrat "
	    "d'engagement"), strlen("contrat d’engagement"));
	assert_int_equal(text_match("contrat  d-engagement", "contrat "
	    "d'engagement"), strlen("contrat  d-engagement"));
	assert_int_equal(text_match("contrat de travail", "contrat "
	    "d'engagement"), 0);
	/* Not at a separator, nor for an empty form. */
	assert_int_equal(text_match(" rSa", "rSa"), 0);
	assert_int_equal(text_match("rSa", ""), 0);
	assert_int_equal(text_match("rSa", " - "), 0);
	assert_int_equal(text_match("rSa ", "rSa "), 3);
}

static void
test_word_start(void **state)
{
	const char *s = "l'accompagnement (rSa) n°5 Éa";

	(void)state;
	assert_true(text_word_start(s, s));
	assert_false(text_word_start(s, s + 1));	/* ' */
	assert_true(text_word_start(s, s + 2));	/* accompagnement */
	assert_false(text_word_start(s, s + 3));
	assert_true(text_word_start(s, strstr(s, "rSa")));
	assert_false(text_word_start(s, strstr(s, "5")));	/* n°5 is one */
	assert_true(text_word_start(s, strstr(s, "É")));
	assert_false(text_word_start(s, strstr(s, "É") + 1));
}

/* Would the kiosk highlight form in t?  It looks where text_pieces()
 * does: at word starts, not inside a web address. */
static int
kiosk_finds(const char *t, const char *form)
{
	for (const char *w = t + strspn(t, " "); *w; w += strspn(w, " ")) {
		size_t n = strcspn(w, " ");

		if (!text_is_address(w, n))
			for (const char *p = w; p < w + n; p++)
				if (text_word_start(t, p) && text_match(p, form))
					return 1;
		w += n;
	}
	return 0;
}

/* Lint's question (is a form used?) and the kiosk's (which form starts
 * here?) answer alike. */
static void
test_index(void **state)
{
	static const char *const texts[] = {
	    "Votre REFERENT vous aide.",
	    "Le contrat d’engagement (rSa).",
	    "Voir www.caf.fr ou l'orientation",
	};
	static const char *const forms[] = { "référent", "rsa",
	    "contrat d'engagement", "CAF", "orientation", "aide", "vous aide",
	    "aide le", "engagement rsa", "ou", "fr", "orient", "", "voir ou" };
	text_index ix = TEXT_INDEX_INIT;

	(void)state;
	for (size_t i = 0; i < 3; i++)
		text_index_add(&ix, texts[i]);
	for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
		int kiosk = 0;

		for (size_t i = 0; i < 3; i++)
			kiosk |= kiosk_finds(texts[i], forms[f]);
		if (text_index_has(&ix, forms[f]) != kiosk)
			fail_msg("'%s': lint says %d, the kiosk %d", forms[f],
			    !kiosk, kiosk);
	}
	assert_true(text_index_has(&ix, "REFERENT"));
	assert_true(text_index_has(&ix, "engagement rsa"));
	assert_false(text_index_has(&ix, "caf"));	/* in an address */
	assert_false(text_index_has(&ix, "voir ou"));	/* across one */
	assert_false(text_index_has(&ix, "aide le"));	/* across texts */
	text_index_free(&ix);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_token_lines),
		cmocka_unit_test(test_address),
		cmocka_unit_test(test_keep_together),
		cmocka_unit_test(test_question_never_alone),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_wrap_links),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_word_start),
		cmocka_unit_test(test_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
