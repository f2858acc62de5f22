/* The CSV reader on files, which it reads in chunks of CSV_CHUNK bytes:
 * whatever falls across a chunk's end (a CRLF, a UTF-8 sequence, a line
 * break in a quoted cell, a Windows-1252 accent) reads as from memory,
 * with the same lines; standard input the same; a sink that stops stops
 * the reading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "strbuf.h"

static char dir[] = "/tmp/test_csvstream.XXXXXX";

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char path[128];

	(void)state;
	snprintf(path, sizeof path, "%s/f.csv", dir);
	unlink(path);
	return rmdir(dir);
}

static const char *
write_file(const char *data, size_t len)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s/f.csv", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

/* The table read from the file (and from stdin when in is set) is the
 * table read from memory. */
static void
same_as_memory(const char *data, size_t len, int in, const char *what)
{
	csv_table m, f;
	err_t em, ef;
	const char *path = write_file(data, len);
	int rm = csv_parse_mem(data, len, path, &m, &em), rf;

	if (in) {
		assert_non_null(freopen(path, "rb", stdin));
		rf = csv_load("-", SIZE_MAX, &f, &ef);
	} else
		rf = csv_load(path, SIZE_MAX, &f, &ef);
	if (rm < 0)
		fail_msg("%s: refused from memory: %s", what, em.msg);
	if (rf < 0)
		fail_msg("%s: refused from the file: %s", what, ef.msg);
	assert_string_equal(m.encoding, f.encoding);
	assert_int_equal(m.header_line, f.header_line);
	if (m.nrows != f.nrows)
		fail_msg("%s: %zu rows from memory, %zu from the file", what,
		    m.nrows, f.nrows);
	for (size_t r = 0; r < m.nrows; r++) {
		if (m.rows[r].line != f.rows[r].line)
			fail_msg("%s: row %zu on line %d from memory, %d from the "
			    "file", what, r, m.rows[r].line, f.rows[r].line);
		assert_int_equal(m.rows[r].n, f.rows[r].n);
		for (size_t c = 0; c < m.rows[r].n; c++)
			if (strcmp(m.rows[r].cell[c], f.rows[r].cell[c]) != 0)
				fail_msg("%s: row %zu cell %zu '%s' from memory, '%s' "
				    "from the file", what, r, c, m.rows[r].cell[c],
				    f.rows[r].cell[c]);
	}
	csv_table_free(&m);
	csv_table_free(&f);
}

/* head, then filler rows up to a few bytes before the chunk's end
 * (shift), then tail repeated: tail falls across the end. */
static char *
around_chunk(const char *head, const char *eol, const char *tail, int shift,
    size_t *len)
{
	strbuf b = STRBUF_INIT;
	size_t target = CSV_CHUNK + (size_t)(long)shift;
	int i = 0;

	strbuf_puts(&b, head);
	for (; b.len + 40 < target; i++)
		strbuf_printf(&b, "r%d;%d%s", i, i, eol);
	while (b.len + strlen(eol) + 3 < target)
		strbuf_putc(&b, 'x');
	strbuf_printf(&b, "x;1%s", eol);
	for (int k = 0; k < 4; k++)
		strbuf_puts(&b, tail);
	*len = b.len;
	return strbuf_take(&b);
}

static void
test_chunk_edges(void **state)
{
	static const struct {
		const char *head, *eol, *tail;
	} v[] = {
		{ "a;b\r\n", "\r\n", "y;2\r\n" },		/* CRLF cut in two */
		{ "a;b\r", "\r", "y;2\r" },			/* CR alone */
		{ "a;b\n", "\n", "y;\xc3\xa9t\xc3\xa9\n" },	/* UTF-8 cut */
		{ "\xef\xbb\xbf" "a;b\n", "\n", "y;\xe2\x82\xac\n" },
		{ "a;b\r\n", "\r\n", "y;\"l1\r\nl2\"\r\n" },	/* quoted break */
		{ "a;b\n", "\n", "y;\xe9t\xe9\n" },		/* Windows-1252 */
	};
	char what[64];

	(void)state;
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		for (int shift = -6; shift <= 6; shift++) {
			size_t len;
			char *s = around_chunk(v[i].head, v[i].eol, v[i].tail, shift,
			    &len);

			snprintf(what, sizeof what, "case %zu shift %d", i, shift);
			same_as_memory(s, len, 0, what);
			if (shift == 0)
				same_as_memory(s, len, 1, what);
			free(s);
		}
	}
}

/* A file that mixes encodings across chunks: refused, the odd line named,
 * nothing given to the sink. */
static int
count_row(void *arg, const csv_head *h, const csv_row *r, err_t *e)
{
	(void)h;
	(void)r;
	(void)e;
	++*(int *)arg;
	return 0;
}

static void
test_mixed_far_apart(void **state)
{
	strbuf b = STRBUF_INIT;
	csv_sink sink = { NULL, count_row, NULL };
	int rows = 0, lines = 1;
	err_t e;
	char want[64];

	(void)state;
	sink.arg = &rows;
	strbuf_puts(&b, "a;b\n");
	while (b.len < 3 * CSV_CHUNK) {
		strbuf_puts(&b, "x;\xc3\xa9\n");
		lines++;
	}
	strbuf_puts(&b, "y;\xe9\n");	/* line lines + 1, two chunks later */
	assert_int_equal(csv_stream(write_file(b.s, b.len), SIZE_MAX, &sink,
	    &e), -1);
	snprintf(want, sizeof want, ":%d: byte 0xE9 is not UTF-8", lines + 1);
	if (strstr(e.msg, want) == NULL)
		fail_msg("expected '%s' in: %s", want, e.msg);
	assert_int_equal(rows, 0);
	/* and the size limit, before any row */
	assert_int_equal(csv_stream(write_file(b.s, b.len), CSV_CHUNK, &sink,
	    &e), -1);
	assert_non_null(strstr(e.msg, "is larger than"));
	assert_int_equal(rows, 0);
	strbuf_free(&b);
}

static int
stop_at_two(void *arg, const csv_head *h, const csv_row *r, err_t *e)
{
	(void)h;
	if (++*(int *)arg == 2)
		return err_set(e, "stopped on line %d", r->line);
	return 0;
}

static void
test_sink_stops(void **state)
{
	const char *s = "a;b\nx;1\ny;2\nz;3\n";
	csv_sink sink = { NULL, stop_at_two, NULL };
	int rows = 0;
	err_t e;

	(void)state;
	sink.arg = &rows;
	assert_int_equal(csv_stream(write_file(s, strlen(s)), SIZE_MAX, &sink,
	    &e), -1);
	assert_string_equal(e.msg, "stopped on line 3");
	assert_int_equal(rows, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chunk_edges),
		cmocka_unit_test(test_mixed_far_apart),
		cmocka_unit_test(test_sink_stops),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
