/* The CSV writer's formula neutralisation, and the reader on the inputs
 * that used to go wrong: CR-only lines, mixed encodings, hidden
 * characters, a column named twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "csvwrite.h"
#include "utf8.h"

/* One row written to memory. */
static char *
row(const char *const *cells, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	csv_write_row(f, cells, n);
	fclose(f);
	return buf;
}

static void
test_formula(void **state)
{
	static const struct { const char *in, *out; } v[] = {
		{ "=1+2", "'=1+2\r\n" },
		{ "+33612345678", "'+33612345678\r\n" },
		{ "-2+3", "'-2+3\r\n" },
		{ "@SUM(A1)", "'@SUM(A1)\r\n" },
		{ "\tcmd", "'\tcmd\r\n" },
		{ "\rcmd", "\"'\rcmd\"\r\n" },
		{ "=A1;B1", "\"'=A1;B1\"\r\n" },
		{ "=\"x\"", "\"'=\"\"x\"\"\"\r\n" },
		{ "-", "'-\r\n" },
		{ "-1,", "'-1,\r\n" },
		{ "-,5", "'-,5\r\n" },
		{ "-1,5,2", "'-1,5,2\r\n" },
		/* plain negative numbers are numbers, not formulas */
		{ "-3", "-3\r\n" },
		{ "-1,5", "-1,5\r\n" },
		{ "-0.25", "-0.25\r\n" },
		/* the rest as before */
		{ "a=b", "a=b\r\n" },
		{ "", "\r\n" },
		{ "dit \"RSA\"; vu", "\"dit \"\"RSA\"\"; vu\"\r\n" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		const char *cells[1] = { v[i].in };
		char *got = row(cells, 1);

		if (strcmp(got, v[i].out) != 0)
			fail_msg("'%s' written as '%s', expected '%s'", v[i].in, got,
			    v[i].out);
		free(got);
	}
}

static void
test_formula_round_trip(void **state)
{
	const char *cells[] = { "msd", "=1+2", "-3", "x;y" };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	csv_table t;
	err_t e;

	(void)state;
	csv_write_bom(f);
	csv_write_row(f, cells, 4);
	csv_write_row(f, cells, 4);
	fclose(f);
	assert_int_equal(csv_parse_mem(buf, len, "w.csv", &t, &e), 0);
	assert_int_equal(t.nrows, 1);
	assert_string_equal(t.rows[0].cell[1], "'=1+2");
	assert_string_equal(t.rows[0].cell[2], "-3");
	assert_string_equal(t.rows[0].cell[3], "x;y");
	csv_table_free(&t);
	free(buf);
}

/* Parses s; the error message, or NULL when read. */
static const char *
parse(const char *s, csv_table *t)
{
	static err_t e;

	if (csv_parse_mem(s, strlen(s), "t.csv", t, &e) == 0)
		return NULL;
	return e.msg;
}

static void
test_line_ends(void **state)
{
	static const char *const eol[] = { "\n", "\r\n", "\r" };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		char s[256];
		csv_table t;

		snprintf(s, sizeof s, "a;b%sx;1%s%sy;\"2%s3\"%sz;4%s", eol[i], eol[i],
		    eol[i], eol[i], eol[i], eol[i]);
		assert_null(parse(s, &t));
		assert_int_equal(t.header_line, 1);
		assert_int_equal(t.nrows, 3);
		assert_int_equal(t.rows[0].line, 2);
		assert_int_equal(t.rows[1].line, 4);	/* after an empty line */
		assert_int_equal(t.rows[2].line, 6);	/* after a cell of 2 lines */
		csv_table_free(&t);
	}
}

static void
test_encodings(void **state)
{
	csv_table t;
	const char *m;

	(void)state;
	assert_null(parse("a;b\nx;\xc3\xa9t\xc3\xa9\n", &t));
	assert_string_equal(t.encoding, "UTF-8");
	csv_table_free(&t);
	assert_null(parse("a;b\nx;\xe9t\xe9\n", &t));
	assert_string_equal(t.encoding, "Windows-1252");
	assert_string_equal(t.rows[0].cell[1], "\xc3\xa9t\xc3\xa9");
	csv_table_free(&t);
	/* UTF-8 on lines 2 and 4, Windows-1252 on line 3 */
	m = parse("a;b\nx;\xc3\xa9\ny;\xe9\nz;\xc3\xa9\n", &t);
	assert_non_null(m);
	assert_non_null(strstr(m, "t.csv:3: byte 0xE9 is not UTF-8"));
	assert_null(strstr(m, "t.csv:2:"));
	assert_null(strstr(m, "t.csv:4:"));
	/* Windows-1252 on lines 2 and 4: line 3 is the odd one */
	m = parse("a;b\r\nx;\xe9\r\ny;\xc3\xa9\r\nz;\xe0\r\n", &t);
	assert_non_null(m);
	assert_non_null(strstr(m, "t.csv:3: written in UTF-8"));
	assert_null(strstr(m, "t.csv:2:"));
}

static void
test_hidden(void **state)
{
	static const char *const bad[] = {
		"a;b\nx;y\az\n", "a;b\nx;\x1b[31m\n", "a;b\nx;\xef\xbb\xbfy\n",
		"a;b\nx;\xe2\x80\xaey\n", "a;b\nx;\xc2\x85y\n", "a;b\nx;y\x7f\n",
		"a;b\nx;\xe2\x80\x8by\n", "a\x01;b\nx;y\n",
	};
	csv_table t;
	const char *m;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if ((m = parse(bad[i], &t)) == NULL)
			fail_msg("case %zu accepted", i);
		for (const char *p = m; *p; p++)
			if ((unsigned char)*p < 0x20 && *p != '\n')
				fail_msg("case %zu: a raw control character in '%s'", i, m);
	}
	/* tab, and line breaks inside quotes, are text */
	assert_null(parse("a;b\nx;\"y\tz\r\nw\"\n", &t));
	assert_string_equal(t.rows[0].cell[1], "y\tz\r\nw");
	csv_table_free(&t);
	m = parse("a;b\nx;y\n\"z\n\x1b\";w\n", &t);
	assert_non_null(m);
	assert_non_null(strstr(m, "t.csv:4: a holds the invisible character \\x1b"));
}

static void
test_twice(void **state)
{
	csv_table t;
	const char *m;

	(void)state;
	m = parse("Tel\xc3\xa9phone;x;TELEPHONE \nx;y;z\n", &t);
	assert_non_null(m);
	assert_non_null(strstr(m, "t.csv:1: columns 1 and 3 are both named 'telephone'"));
	/* empty names (trailing separators) are not names */
	assert_null(parse("a;b;;\nx;y;;\n", &t));
	csv_table_free(&t);
}

static void
test_escape(void **state)
{
	char *s;

	(void)state;
	s = utf8_escape("a\x1b[0m\xe2\x80\xae\xff\xc3\xa9", 40);
	assert_string_equal(s, "a\\x1b[0m\\u202E\\xff\xc3\xa9");
	free(s);
	s = utf8_escape("abcdef", 3);
	assert_string_equal(s, "abc\xe2\x80\xa6");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formula),
		cmocka_unit_test(test_formula_round_trip),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_hidden),
		cmocka_unit_test(test_twice),
		cmocka_unit_test(test_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
