/* The FALC rules on small texts: words, sentences, F1-F6, line numbers,
 * claims of a check (E-VERIFIED); the whole lint on the content-ok
 * fixture, and on copies of it with one edit each, as content_lint.sh
 * makes them: a pictogram twice on one screen (E-PICTODUP, W-PICTODUP),
 * a QR code to a front page (W-QR), a question with several answers
 * (plusieurs, E-YESNO), a source that claims a check (E-VERIFIED). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "content/lint.h"
#include "fsutil.h"
#include "strbuf.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Lints text (starting on line 1) and returns its diagnostics as
 * "CODE@LINE CODE@LINE ..." (caller frees). */
static char *
diags(const char *text, const char *allow)
{
	lint_ctx c;
	strbuf b = STRBUF_INIT;

	lint_init(&c, NULL);
	if (allow)
		lint_allow(&c, allow, "");
	lint_text(&c, "t.txt", 1, text, NULL);
	for (size_t i = 0; i < c.ndiags; i++)
		strbuf_printf(&b, "%s%s@%d", i ? " " : "", c.diags[i].code,
		    c.diags[i].line);
	lint_free(&c);
	return strbuf_take(&b);
}

#define EXPECT(text, allow, want) do { \
	char *got_ = diags(text, allow); \
	if (strcmp(got_, want) != 0) \
		fail_msg("%s\n  want: '%s'\n  got:  '%s'", text, want, got_); \
	free(got_); \
} while (0)

static void
test_words(void **state)
{
	(void)state;
	assert_int_equal(lint_words(""), 0);
	assert_int_equal(lint_words("Vous avez des droits."), 4);
	/* Apostrophes and hyphens join: one block of letters, one word. */
	assert_int_equal(lint_words("l'argent"), 1);
	assert_int_equal(lint_words("l’argent aujourd'hui"), 2);
	assert_int_equal(lint_words("Aix-les-Bains"), 1);
	assert_int_equal(lint_words("Qu'est-ce que c'est ?"), 3);
	/* A number is one word, even with spaces between digit groups. */
	assert_int_equal(lint_words("Appelez le 04 79 12 34 56."), 3);
	assert_int_equal(lint_words("3,5 jours"), 2);
	assert_int_equal(lint_words("10 000 euros"), 2);
	assert_int_equal(lint_words("PDIE 2022-2024"), 2);
	assert_int_equal(lint_words("à 14 h 30"), 4);
	/* An address is one word. */
	assert_int_equal(lint_words("Allez sur https://www.caf.fr/a-b/c.html"), 3);
	assert_int_equal(lint_words("Voir service-public.fr"), 2);
	/* Punctuation alone is no word. */
	assert_int_equal(lint_words(" - , ... !"), 0);
	assert_int_equal(lint_words("1er janvier"), 2);
}

static void
expect_sentences(const char *text, int n, const int *words)
{
	lint_sentence *s;
	size_t got = lint_sentences(text, 1, &s);

	if ((int)got != n)
		fail_msg("'%s': %zu sentences, want %d", text, got, n);
	for (int i = 0; i < n; i++)
		if (s[i].words != words[i])
			fail_msg("'%s': sentence %d has %d words, want %d", text,
			    i + 1, s[i].words, words[i]);
	free(s);
}

static void
test_sentences(void **state)
{
	(void)state;
	expect_sentences("Un. Deux mots. Trois mots ici!", 3,
	    (int[]){ 1, 2, 3 });
	/* French spacing before ? and !, and a no-break space (U+202F). */
	expect_sentences("Vous venez ? Oui\xE2\x80\xAF! Merci.", 3,
	    (int[]){ 2, 1, 1 });
	/* Abbreviations and initials do not end a sentence. */
	expect_sentences("M. Dupont vous reçoit. Mme. Martin aussi.", 2,
	    (int[]){ 4, 3 });
	expect_sentences("J. Dupont est là.", 1, (int[]){ 4 });
	/* Dots inside numbers and addresses end nothing. */
	expect_sentences("Il reste 3.5 jours. Allez sur www.caf.fr. Puis "
	    "appelez.", 3, (int[]){ 4, 3, 2 });
	expect_sentences("Le site caf.fr vous aide.", 1, (int[]){ 5 });
	expect_sentences("Le 1er janvier. Fin", 2, (int[]){ 3, 1 });
	/* Ellipsis, closing quotes. */
	expect_sentences("Attendez... Oui.", 2, (int[]){ 1, 1 });
	expect_sentences("Il dit: \xC2\xAB Oui. \xC2\xBB Puis il part.", 2,
	    (int[]){ 3, 3 });
	/* The end of the text ends the last sentence; empty ones vanish. */
	expect_sentences("... . Bonjour", 1, (int[]){ 1 });
	expect_sentences("", 0, NULL);
}

static void
test_sentence_lines(void **state)
{
	lint_sentence *s;
	size_t n = lint_sentences("Un mot.\nDeux\nmots ici.", 10, &s);

	(void)state;
	assert_int_equal(n, 2);
	assert_int_equal(s[0].line, 10);
	assert_int_equal(s[1].line, 11);
	assert_int_equal(s[1].words, 3);
	assert_memory_equal(s[1].start, "Deux\nmots ici.", s[1].len);
	free(s);
}

static void
test_f1(void **state)
{
	(void)state;
	/* 15 words: fine; 16: too long. */
	EXPECT("Un deux trois quatre cinq six sept huit neuf dix onze douze "
	    "treize quatorze quinze.", "", "F3@1 F3@1 F3@1 F3@1 F3@1 F3@1 "
	    "F3@1 F3@1 F3@1 F3@1 F3@1 F3@1 F3@1 F3@1");
	EXPECT("a b c d e f g h i j k l m n o.", NULL, "");
	EXPECT("a b c d e f g h i j k l m n o p.", NULL, "F1@1");
	/* Each list item and title is its own unit: no sentence spans two. */
	EXPECT("## a b c d e f g h\n- i j k l m n o p\n", NULL, "");
	/* The error is on the line where the long sentence starts. */
	EXPECT("Court.\n\nEncore court. a b c d e f g h\ni j k l m n o p q.\n",
	    NULL, "F1@3");
}

static void
test_f1_average(void **state)
{
	lint_ctx c;
	lint_stats st = { 0, 0 };

	(void)state;
	lint_init(&c, NULL);
	/* 2 sentences of 11 words: average 11 > 10. */
	lint_text(&c, "p.txt", 1, "a b c d e f g h i j k. a b c d e f g h i j k.",
	    &st);
	assert_int_equal(st.sentences, 2);
	assert_int_equal(st.words, 22);
	lint_average(&c, "p.txt", 1, "page", &st);
	assert_int_equal(c.errors, 1);
	assert_string_equal(c.diags[0].code, "F1");
	/* A short title brings it under 10. */
	lint_text(&c, "p.txt", 1, "Titre", &st);
	lint_average(&c, "p.txt", 1, "page", &st);
	assert_int_equal(c.errors, 1);
	lint_free(&c);
}

static void
test_f2(void **state)
{
	(void)state;
	EXPECT("La CAF paie.", NULL, "F2@1");
	EXPECT("La CAF paie.", "CAF", "");
	EXPECT("Le rSa aide.", NULL, "F2@1");
	EXPECT("Le rSa aide.", "rSa", "");
	EXPECT("Le FT vous aide.", NULL, "F2@1");
	EXPECT("Allez au PMSMP.", NULL, "F2@1");
	EXPECT("Le CitésLab vous aide.", NULL, "F2@1");
	/* Capital initials are fine; so are addresses. */
	EXPECT("Chambéry, Aix-les-Bains et La Sasson.", NULL, "");
	EXPECT("Voir https://www.CAF.fr/RSA.", NULL, "");
	/* After an elision: l'ADIE. */
	EXPECT("Voyez l'ADIE.", NULL, "F2@1");
	EXPECT("Voyez l'ADIE.", "ADIE", "");
	/* Words of a glossary phrase are accepted alone. */
	EXPECT("Le PLIE aide.", "PLIE du Grand Chambéry", "");
}

static void
test_f3(void **state)
{
	(void)state;
	EXPECT("Vous avez trois mois.", NULL, "F3@1");
	EXPECT("Vous avez 3 mois.", NULL, "");
	/* "un" and "une" are articles. */
	EXPECT("Un mois et une semaine.", NULL, "");
	EXPECT("Il a dix-sept ans.", NULL, "F3@1");
	EXPECT("Au XXe siècle et au IIe.", NULL, "F3@1 F3@1");
	EXPECT("Le roi Louis XIV.", NULL, "F3@1");
	EXPECT("Le lieu. Ce vélo. La ville. Ve.", NULL, "F3@1");
	EXPECT("50 % des gens.", NULL, "F3@1");
	EXPECT("50 pour cent des gens.", NULL, "F3@1");
	EXPECT("Un pourcentage.", NULL, "F3@1");
	/* "neuf" is also "new". */
	EXPECT("Un vélo neuf.", NULL, "");
	EXPECT("Un vélo neuf pour vous.", NULL, "");
	EXPECT("Neuf mois.", NULL, "F3@1");
}

static void
test_f4(void **state)
{
	(void)state;
	EXPECT("C'est TRÈS IMPORTANT.", NULL, "F4@1 F4@1");
	EXPECT("ATTENTION au délai.", NULL, "F4@1");
	EXPECT("Un mot en *gras*.", NULL, "F4@1 F4@1");
	EXPECT("En <i>italique</i>.", NULL, "F4@1 F4@1");
	EXPECT("En <u>souligné</u> ou _souligné_.", NULL,
	    "F4@1 F4@1 F4@1 F4@1");
	/* A short acronym in capitals is F2, not shouting. */
	EXPECT("Le GEIQ embauche.", NULL, "F2@1");
	EXPECT("3 < 4 et 5 > 2.", NULL, "");
}

static void
test_f5(void **state)
{
	(void)state;
	EXPECT("Venez le 03/12/2026.", NULL, "F5@1");
	EXPECT("Venez le 3/12.", NULL, "F5@1");
	EXPECT("Venez le 2026-12-03.", NULL, "F5@1");
	EXPECT("Venez le 03.12.2026.", NULL, "F5@1");
	EXPECT("Venez à 14h30 ou à 9h ou à 14:30.", NULL, "F5@1 F5@1 F5@1");
	EXPECT("Venez le jeudi 3 décembre à 14 h 30.", NULL, "");
	EXPECT("Le plan 2022-2024 et 3,5 jours.", NULL, "");
}

static void
test_f6(void **state)
{
	(void)state;
	EXPECT("Venez; appelez.", NULL, "F6@1");
	EXPECT("Venez (si vous voulez).", NULL, "F6@1");
	EXPECT("Des papiers, des photos, etc.", NULL, "F6@1");
	/* Inside an address, ; and ( ) are part of it. */
	EXPECT("Voir https://fr.wikipedia.org/wiki/A_(b);c sur le site.", NULL,
	    "");
}

static void
test_url_https(void **state)
{
	(void)state;
	EXPECT("Allez sur http://www.caf.fr.", NULL, "E-URL@1");
	EXPECT("Allez sur https://www.caf.fr.", NULL, "");
}

static void
test_lines_in_blocks(void **state)
{
	lint_ctx c;

	(void)state;
	lint_init(&c, NULL);
	/* Text starting on line 10 of a file; the error is on its 4th line,
	 * the second line of a paragraph. */
	lint_text(&c, "f.csv", 10, "Un.\n\nDes mots,\ntrois (non).\n", NULL);
	assert_int_equal(c.ndiags, 2);
	assert_string_equal(c.diags[0].code, "F3");
	assert_int_equal(c.diags[0].line, 13);
	assert_string_equal(c.diags[1].code, "F6");
	assert_int_equal(c.diags[1].line, 13);
	assert_string_equal(c.diags[1].file, "f.csv");
	lint_free(&c);
}

/* Many blocks (paragraphs, titles, list items): each block's lines are
 * found from the previous block's, and the messages of the last blocks
 * still point at their own lines. */
static void
test_lines_many_blocks(void **state)
{
	strbuf b = STRBUF_INIT;
	char want[64];
	int line = 1;

	(void)state;
	for (int i = 0; i < 3000; i++) {
		strbuf_puts(&b, i % 3 == 0 ? "## Un titre.\n\n" :
		    i % 3 == 1 ? "- Un point.\n- Un autre.\n\n" : "Une phrase.\n\n");
		line += i % 3 == 1 ? 3 : 2;
	}
	/* Line `line`: the first line of a paragraph; the error on its 2nd. */
	strbuf_puts(&b, "Des mots,\ntrois (non).\n");
	snprintf(want, sizeof want, "F3@%d F6@%d", line + 1, line + 1);
	EXPECT(strbuf_str(&b), NULL, want);
	strbuf_free(&b);
}

/* The fixture tree: tests run from the top of the source tree. */
static const char *
fixture(void)
{
	if (access("tests/fixtures/content-ok/offers.csv", R_OK) != 0)
		return NULL;
	return "tests/fixtures/content-ok";
}

static void
test_fixture_clean(void **state)
{
	lint_ctx c;
	content_src *s;
	const char *dir = fixture();

	(void)state;
	if (dir == NULL)
		skip();
	lint_init(&c, NULL);
	s = lint_run(dir, "assets/content/pictos.csv", &c);
	for (size_t i = 0; i < c.ndiags; i++)
		print_message("%s:%d: %s %s\n", c.diags[i].file, c.diags[i].line,
		    c.diags[i].code, c.diags[i].msg);
	assert_int_equal(c.errors, 0);
	assert_int_equal(c.warnings, 0);
	assert_int_equal(s->nmsds, 7);
	assert_int_equal(s->noffers, 4);
	assert_int_equal(s->npages, 2);
	/* Sorted by ordre, offers resolved. */
	assert_string_equal(s->themes[0].id.v, "emploi");
	assert_string_equal(s->offers[0].picto_res, "emploi");	/* theme's */
	assert_int_equal(s->offers[1].nmsds, 7);		/* toutes */
	assert_string_equal(s->pages[0].id, "le-rsa");
	assert_int_equal(s->pages[0].body.line, 7);
	content_src_free(s);
	lint_free(&c);
}

static void
test_verified(void **state)
{
	(void)state;
	/* A date alone claims a check that no one made. */
	EXPECT("Vérifié le 2 décembre.", NULL, "E-VERIFIED@1");
	/* Capitals: shouting (F4), and a claim all the same. */
	EXPECT("Ces faits sont VÉRIFIÉS.", NULL, "F4@1 E-VERIFIED@1");
	EXPECT("Une page vérifiée.", NULL, "E-VERIFIED@1");
	EXPECT("Une page verifiee.", NULL, "E-VERIFIED@1");
	EXPECT("Verified.", NULL, "E-VERIFIED@1");
	/* Who checked: par, avec, by, with, then a name, in the sentence. */
	EXPECT("Vérifié par Marie Dupont.", NULL, "");
	EXPECT("Vérifié le 2 décembre par la maison sociale.", NULL, "");
	EXPECT("Vérifiée avec votre référente.", NULL, "");
	EXPECT("Verified by the social worker.", NULL, "");
	/* A namer with no name, or a name in the next sentence. */
	EXPECT("Vérifié par.", NULL, "E-VERIFIED@1");
	EXPECT("Vérifié. Par Marie.", NULL, "E-VERIFIED@1");
	EXPECT("Vérifié par 2 personnes.", NULL, "E-VERIFIED@1");
	/* The verb now is no claim: "vérifie" has no accent on its last e. */
	EXPECT("Votre référent vérifie vos papiers.", NULL, "");
	EXPECT("Vérifiez vos papiers. Elle verifie tout.", NULL, "");
	/* Its line, in a text of several. */
	EXPECT("Un texte.\n\nIl est vérifié.\n", NULL, "E-VERIFIED@3");
}

/* ================================================================ cases */

static char cases[256];		/* the temporary folder of every case */
static int ncases;

static void
copy_tree(const char *from, const char *to)
{
	DIR *d = opendir(from);
	struct dirent *de;

	assert_non_null(d);
	assert_int_equal(mkdir(to, 0755), 0);
	while ((de = readdir(d)) != NULL) {
		char src[600], dst[600];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		snprintf(src, sizeof src, "%s/%s", from, de->d_name);
		snprintf(dst, sizeof dst, "%s/%s", to, de->d_name);
		assert_int_equal(stat(src, &st), 0);
		if (S_ISDIR(st.st_mode))
			copy_tree(src, dst);
		else {
			err_t e;
			size_t n;
			char *data = fs_read_file(src, 1 << 20, &n, &e);
			FILE *f = fopen(dst, "wb");

			assert_non_null(data);
			assert_non_null(f);
			assert_int_equal(fwrite(data, 1, n, f), n);
			fclose(f);
			free(data);
		}
	}
	closedir(d);
}

/* A fresh copy of content-ok; its path in a static buffer. */
static const char *
new_case(void)
{
	static char dir[400];

	snprintf(dir, sizeof dir, "%s/case%d", cases, ++ncases);
	copy_tree("tests/fixtures/content-ok", dir);
	return dir;
}

/* Replaces the first from by to in the file name of the case dir, as
 * content_lint.sh's sed lines do. */
static void
edit(const char *dir, const char *name, const char *from, const char *to)
{
	char path[600];
	strbuf b = STRBUF_INIT;
	err_t e;
	size_t n;
	char *data, *at;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	data = fs_read_file(path, 1 << 20, &n, &e);
	assert_non_null(data);
	at = strstr(data, from);
	if (at == NULL)
		fail_msg("%s: no '%s' to replace", name, from);
	strbuf_add(&b, data, (size_t)(at - data));
	strbuf_puts(&b, to);
	strbuf_puts(&b, at + strlen(from));
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(strbuf_str(&b), f);
	fclose(f);
	strbuf_free(&b);
	free(data);
}

/* Lints the case dir: its diagnostics as "CODE@FILE:LINE ..." with FILE
 * inside dir (caller frees), the sources in *out (may be NULL). */
static char *
lint_case(const char *dir, content_src **out)
{
	lint_ctx c;
	strbuf b = STRBUF_INIT;
	content_src *s;
	size_t dl = strlen(dir);

	lint_init(&c, NULL);
	s = lint_run(dir, "assets/content/pictos.csv", &c);
	for (size_t i = 0; i < c.ndiags; i++) {
		const char *f = c.diags[i].file;

		if (strncmp(f, dir, dl) == 0 && f[dl] == '/')
			f += dl + 1;
		strbuf_printf(&b, "%s%s@%s:%d", i ? " " : "", c.diags[i].code, f,
		    c.diags[i].line);
	}
	if (out)
		*out = s;
	else
		content_src_free(s);
	lint_free(&c);
	return strbuf_take(&b);
}

#define EXPECT_CASE(dir, want) do { \
	char *got_ = lint_case(dir, NULL); \
	if (strcmp(got_, want) != 0) \
		fail_msg("%s\n  want: '%s'\n  got:  '%s'", dir, want, got_); \
	free(got_); \
} while (0)

static int
setup_cases(void **state)
{
	(void)state;
	snprintf(cases, sizeof cases, "%s/test_lint.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(cases) ? 0 : -1;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static int
teardown_cases(void **state)
{
	(void)state;
	return nftw(cases, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Sources claim checks too; a page's header key "vérifié le" does not. */
static void
test_verified_sources(void **state)
{
	const char *d;

	(void)state;
	if (fixture() == NULL)
		skip();
	d = new_case();
	edit(d, "offers.csv", "PDIE 2022-2024, fiche 4.2;\"Le prêt",
	    "PDIE 2022-2024, vérifié le 15 janvier;\"Le prêt");
	edit(d, "pages/02-vos-devoirs.txt", "source: https://www.service-public.fr",
	    "source: Vérifiée le 15 janvier\nsource: https://www.service-public.fr");
	EXPECT_CASE(d, "E-VERIFIED@offers.csv:9 "
	    "E-VERIFIED@pages/02-vos-devoirs.txt:4");
	d = new_case();
	edit(d, "offers.csv", "PDIE 2022-2024, fiche 4.2;\"Le prêt",
	    "PDIE 2022-2024, vérifié avec Wimoov;\"Le prêt");
	edit(d, "pages/02-vos-devoirs.txt", "source: https://www.service-public.fr",
	    "source: vérifiée par la CAF\nsource: https://www.service-public.fr");
	EXPECT_CASE(d, "");
}

/* Two themes, two pages, two answers with one pictogram: errors; two
 * names of one glyph are one pictogram. */
static void
test_picto_screens(void **state)
{
	const char *d;

	(void)state;
	if (fixture() == NULL)
		skip();
	d = new_case();		/* the 2nd on screen, by ordre, is reported */
	edit(d, "themes.csv", "emploi;Trouver un travail;emploi;",
	    "emploi;Trouver un travail;mobilite;");
	EXPECT_CASE(d, "E-PICTODUP@themes.csv:2");
	d = new_case();		/* ecole and msd are both f19c */
	edit(d, "themes.csv", ";mobilite;2;", ";ecole;2;");
	edit(d, "themes.csv", ";emploi;1;", ";msd;1;");
	EXPECT_CASE(d, "E-PICTODUP@themes.csv:2");
	d = new_case();
	edit(d, "pages/02-vos-devoirs.txt", "pictogramme: devoirs",
	    "pictogramme: info");
	EXPECT_CASE(d, "E-PICTODUP@pages/02-vos-devoirs.txt:2");
	d = new_case();		/* attention and urgence are both f071 */
	edit(d, "questions.csv", "content:Oui|moyen:Un peu",
	    "attention:Oui|urgence:Un peu");
	EXPECT_CASE(d, "E-PICTODUP@questions.csv:2");
	d = new_case();		/* one name twice: E-ANSWER only */
	edit(d, "questions.csv", "moyen:Un peu", "content:Un peu");
	EXPECT_CASE(d, "E-ANSWER@questions.csv:2");
}

/* Two offers of a theme with one pictogram: a warning where both are
 * shown, at one MSD; none when they never share a screen. */
static void
test_picto_offers(void **state)
{
	const char *d;
	lint_ctx c;
	content_src *s;

	(void)state;
	if (fixture() == NULL)
		skip();
	/* pret-voiture is at maurienne tarentaise, aide-permis elsewhere. */
	d = new_case();
	edit(d, "offers.csv", "https://www.caf.fr/allocataires;;",
	    "https://www.caf.fr/allocataires;voiture;");
	EXPECT_CASE(d, "");
	edit(d, "offers.csv", "albertville aix combe;", "toutes;");
	EXPECT_CASE(d, "W-PICTODUP@offers.csv:12");
	lint_init(&c, NULL);
	s = lint_run(d, "assets/content/pictos.csv", &c);
	assert_int_equal(c.errors, 0);
	assert_int_equal(c.warnings, 1);
	assert_non_null(strstr(c.diags[0].msg, "MSD 'maurienne'"));
	content_src_free(s);
	lint_free(&c);
	/* One offer with its theme's pictogram, one naming it: the same. */
	d = new_case();
	edit(d, "offers.csv", "tel:+33479000010;voiture;", "tel:+33479000010;;");
	edit(d, "offers.csv", "albertville aix combe;", "maurienne;");
	EXPECT_CASE(d, "W-PICTODUP@offers.csv:12");
}

/* A QR code to a site's front page: a warning; a page of it, a query, a
 * phone: none. */
static void
test_qr_front_page(void **state)
{
	static const struct {
		const char *qr, *want;
	} cases_qr[] = {
		{ "https://www.caf.fr", "W-QR@offers.csv:12" },
		{ "https://www.caf.fr/", "W-QR@offers.csv:12" },
		{ "https://www.caf.fr/index.html", "W-QR@offers.csv:12" },
		{ "https://www.caf.fr/Accueil", "W-QR@offers.csv:12" },
		{ "https://www.caf.fr/aides", "" },
		{ "https://www.caf.fr/?page=rsa", "" },
		{ "https://www.caf.fr/#aides", "" },
		{ "https://www.caf.fr#aides", "" },
		{ "tel:+33479000000", "" },
	};

	(void)state;
	if (fixture() == NULL)
		skip();
	for (size_t i = 0; i < sizeof cases_qr / sizeof *cases_qr; i++) {
		const char *d = new_case();
		char cell[128];

		snprintf(cell, sizeof cell, ";%s;", cases_qr[i].qr);
		edit(d, "offers.csv", ";https://www.caf.fr/allocataires;", cell);
		EXPECT_CASE(d, cases_qr[i].want);
	}
}

/* plusieurs: oui, non, empty or no column; anything else is E-YESNO. */
static void
test_several_answers(void **state)
{
	const char *d;
	content_src *s;
	char *got;

	(void)state;
	if (fixture() == NULL)
		skip();
	/* No column (content-ok has none): one answer. */
	got = lint_case(fixture(), &s);
	assert_string_equal(got, "");
	assert_int_equal(s->questions[0].multiple, 0);
	free(got);
	content_src_free(s);
	d = new_case();
	edit(d, "questions.csv", "id;ordre;question;reponses",
	    "id;ordre;question;reponses;Plusieurs");
	edit(d, "questions.csv", "pas-content:Non", "pas-content:Non;Oui\n"
	    "deux;2;Vous revenez?;oui:Oui|non:Non;non\n"
	    "trois;3;Vous aimez?;content:Oui;");
	got = lint_case(d, &s);
	assert_string_equal(got, "");
	assert_int_equal(s->nquestions, 3);
	assert_int_equal(s->questions[0].multiple, 1);
	assert_int_equal(s->questions[1].multiple, 0);
	assert_int_equal(s->questions[2].multiple, 0);
	free(got);
	content_src_free(s);
	d = new_case();
	edit(d, "questions.csv", "id;ordre;question;reponses",
	    "id;ordre;question;reponses;plusieurs");
	edit(d, "questions.csv", "pas-content:Non", "pas-content:Non;peut-être");
	EXPECT_CASE(d, "E-YESNO@questions.csv:2");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_sentence_lines),
		cmocka_unit_test(test_f1),
		cmocka_unit_test(test_f1_average),
		cmocka_unit_test(test_f2),
		cmocka_unit_test(test_f3),
		cmocka_unit_test(test_f4),
		cmocka_unit_test(test_f5),
		cmocka_unit_test(test_f6),
		cmocka_unit_test(test_url_https),
		cmocka_unit_test(test_lines_in_blocks),
		cmocka_unit_test(test_lines_many_blocks),
		cmocka_unit_test(test_fixture_clean),
		cmocka_unit_test(test_verified),
		cmocka_unit_test(test_verified_sources),
		cmocka_unit_test(test_picto_screens),
		cmocka_unit_test(test_picto_offers),
		cmocka_unit_test(test_qr_front_page),
		cmocka_unit_test(test_several_answers),
	};

	return cmocka_run_group_tests(tests, setup_cases, teardown_cases);
}
