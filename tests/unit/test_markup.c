/* markup_parse: blocks, their kinds, texts and line numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "content/markup.h"

#include <string.h>

static void
expect_block(const block *b, enum block_kind kind, const char *text, int line)
{
	assert_int_equal(b->kind, kind);
	assert_string_equal(b->text, text);
	assert_int_equal(b->line, line);
}

static void
test_empty(void **state)
{
	block *b;

	(void)state;
	assert_int_equal(markup_parse("", &b), 0);
	markup_free(b, 0);
	assert_int_equal(markup_parse(NULL, &b), 0);
	markup_free(b, 0);
	assert_int_equal(markup_parse("\n  \n\t\n", &b), 0);
	markup_free(b, 0);
}

static void
test_kinds_and_lines(void **state)
{
	const char *body =
	    "Avec le rSa, vous avez des droits.\n"	/* 1 */
	    "\n"
	    "## De l'argent pour vivre\n"		/* 3 */
	    "\n"
	    "Chaque mois, la CAF\n"			/* 5 */
	    "vous verse de l'argent.\n"
	    "\n"
	    "- Vous avez un référent.\n"		/* 8 */
	    "- Il vous aide.\n";			/* 9 */
	block *b;
	size_t n = markup_parse(body, &b);

	(void)state;
	assert_int_equal(n, 5);
	expect_block(&b[0], BLOCK_PARA, "Avec le rSa, vous avez des droits.", 1);
	expect_block(&b[1], BLOCK_TITLE, "De l'argent pour vivre", 3);
	/* Lines of one paragraph are joined with one space. */
	expect_block(&b[2], BLOCK_PARA,
	    "Chaque mois, la CAF vous verse de l'argent.", 5);
	expect_block(&b[3], BLOCK_ITEM, "Vous avez un référent.", 8);
	expect_block(&b[4], BLOCK_ITEM, "Il vous aide.", 9);
	markup_free(b, n);
}

static void
test_crlf_and_spaces(void **state)
{
	const char *body = "\r\n  ## Titre  \r\nUn texte.   \r\n\r\n"
	    "   -   Un point.\r\n";
	block *b;
	size_t n = markup_parse(body, &b);

	(void)state;
	assert_int_equal(n, 3);
	expect_block(&b[0], BLOCK_TITLE, "Titre", 2);
	/* A subtitle is one line: the next line starts a paragraph. */
	expect_block(&b[1], BLOCK_PARA, "Un texte.", 3);
	expect_block(&b[2], BLOCK_ITEM, "Un point.", 5);
	markup_free(b, n);
}

static void
test_item_continuation(void **state)
{
	const char *body = "Vous pouvez:\n- venir à la maison sociale\n"
	    "  du Département.\n- appeler.\nFin du texte.\n";
	block *b;
	size_t n = markup_parse(body, &b);

	(void)state;
	/* A line after an item continues it; a paragraph line directly after
	 * a paragraph continues the paragraph. */
	assert_int_equal(n, 3);
	expect_block(&b[0], BLOCK_PARA, "Vous pouvez:", 1);
	expect_block(&b[1], BLOCK_ITEM,
	    "venir à la maison sociale du Département.", 2);
	expect_block(&b[2], BLOCK_ITEM, "appeler. Fin du texte.", 4);
	markup_free(b, n);
}

static void
test_not_markers(void **state)
{
	/* "-5" and "#1" are text; an empty "##" or "-" makes no block. */
	const char *body = "-5 degrés ce matin.\n\n#1 du classement.\n\n##\n\n-\n"
	    "\nFin.";
	block *b;
	size_t n = markup_parse(body, &b);

	(void)state;
	assert_int_equal(n, 3);
	expect_block(&b[0], BLOCK_PARA, "-5 degrés ce matin.", 1);
	expect_block(&b[1], BLOCK_PARA, "#1 du classement.", 3);
	expect_block(&b[2], BLOCK_PARA, "Fin.", 9);
	markup_free(b, n);
}

static void
test_no_final_newline(void **state)
{
	block *b;
	size_t n = markup_parse("## A\n- b\n- c", &b);

	(void)state;
	assert_int_equal(n, 3);
	expect_block(&b[2], BLOCK_ITEM, "c", 3);
	markup_free(b, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_kinds_and_lines),
		cmocka_unit_test(test_crlf_and_spaces),
		cmocka_unit_test(test_item_continuation),
		cmocka_unit_test(test_not_markers),
		cmocka_unit_test(test_no_final_newline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
