/*
 * fuzz_csv.c - the CSV reader (lib/csvread.c) on any bytes.
 *
 * Properties of a table read without error:
 *   - one encoding per file: a file read as Windows-1252 holds no UTF-8
 *     sequence (else "Bureau Ã©levÃ©" is stored);
 *   - rows start on distinct lines, in order, within the file, whether
 *     lines end with CR, LF or CRLF;
 *   - cells are valid UTF-8, trimmed, without a BOM or a control
 *     character (tab, CR and LF inside a quoted cell are text);
 *   - no column name is given twice;
 *   - round trip: the table written with csv_write_row() and read again
 *     gives the same header and cells (a leading ' added to a formula-
 *     looking cell is allowed).
 */
#include "fuzz.h"
#include "csvread.h"
#include "utf8.h"

/* Length of a well-formed UTF-8 sequence of 2 to 4 bytes at s, or 0. */
static size_t
utf8_multi(const unsigned char *s, size_t n)
{
	size_t len;

	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4;
	else
		return 0;
	if (len > n || !utf8_valid((const char *)s, len))
		return 0;
	return len;
}

static int
has_utf8_sequence(const uint8_t *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (d[i] >= 0x80 && utf8_multi(d + i, n - i) > 0)
			return 1;
	return 0;
}

/* Lines of the file, with CR, LF and CRLF all ending one. */
static int
count_lines(const uint8_t *d, size_t n)
{
	int lines = 1;

	for (size_t i = 0; i < n; i++)
		if (d[i] == '\n' || (d[i] == '\r' && (i + 1 == n || d[i + 1] != '\n')))
			lines++;
	return lines;
}

static void
check_cell(const char *c, size_t row, size_t col)
{
	size_t len = strlen(c);

	PROP(utf8_valid(c, len), "row %zu cell %zu is not UTF-8", row, col);
	if (len > 0)
		PROP(c[0] != ' ' && c[0] != '\t' && c[len - 1] != ' ' &&
		    c[len - 1] != '\t' && c[len - 1] != '\r',
		    "row %zu cell %zu '%s' is not trimmed", row, col, c);
	PROP(strstr(c, "\xEF\xBB\xBF") == NULL, "row %zu cell %zu holds a BOM",
	    row, col);
	for (const unsigned char *p = (const unsigned char *)c; *p; p++)
		PROP(!((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
		    *p == 0x7f), "row %zu cell %zu holds control character "
		    "0x%02x", row, col, *p);
}

/* What a spreadsheet may run as a formula: the writer may neutralise it
 * with a leading ' (csvwrite.h). */
static int
formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	    c == '\r';
}

static void
round_trip(const csv_table *t)
{
	char *buf = NULL;
	size_t len = 0, nonempty = 0;
	FILE *f;
	csv_table t2;
	err_t e;

	/* The separator is guessed from the header line: names holding
	 * commas or tabs would make the rewritten file guess another one,
	 * and a header of empty names is not a header. */
	for (size_t i = 0; i < t->ncols; i++) {
		if (strpbrk(t->header[i], ",\t") != NULL)
			return;
		nonempty += t->header[i][0] != '\0';
	}
	if (nonempty == 0)
		return;
	f = open_memstream(&buf, &len);
	if (f == NULL)
		abort();
	csv_write_bom(f);
	csv_write_row(f, (const char *const *)t->header, t->ncols);
	for (size_t r = 0; r < t->nrows; r++)
		csv_write_row(f, (const char *const *)t->rows[r].cell,
		    t->rows[r].n);
	fclose(f);
	PROP(csv_parse_mem(buf, len, "rewritten", &t2, &e) == 0,
	    "the table written back is refused: %s\n%s", e.msg, buf);
	PROP(t2.ncols == t->ncols && t2.nrows == t->nrows, "%zu cols %zu rows, "
	    "written back %zu cols %zu rows", t->ncols, t->nrows, t2.ncols,
	    t2.nrows);
	for (size_t i = 0; i < t->ncols; i++)
		PROP(strcmp(t2.header[i], t->header[i]) == 0, "column '%s' reads "
		    "back as '%s'", t->header[i], t2.header[i]);
	for (size_t r = 0; r < t->nrows; r++) {
		PROP(t2.rows[r].n == t->rows[r].n, "row %zu: %zu cells, then %zu",
		    r, t->rows[r].n, t2.rows[r].n);
		for (size_t c = 0; c < t->rows[r].n; c++) {
			const char *a = t->rows[r].cell[c], *b = t2.rows[r].cell[c];

			PROP(strcmp(a, b) == 0 || (formula_start(a[0]) &&
			    b[0] == '\'' && strcmp(a, b + 1) == 0),
			    "row %zu cell %zu '%s' reads back as '%s'", r, c, a, b);
		}
	}
	csv_table_free(&t2);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	csv_table t;
	err_t e;
	int lines, prev;

	if (csv_parse_mem((const char *)data, size, "fuzz.csv", &t, &e) < 0) {
		PROP(strncmp(e.msg, "fuzz.csv", 8) == 0, "message without the "
		    "file name: %s", e.msg);
		return 0;
	}
	PROP(strcmp(t.encoding, "UTF-8") == 0 ||
	    strcmp(t.encoding, "Windows-1252") == 0, "encoding %s", t.encoding);
	if (strcmp(t.encoding, "Windows-1252") == 0)
		PROP(!has_utf8_sequence(data, size), "a file mixing UTF-8 and "
		    "Windows-1252 was read as Windows-1252");
	PROP(t.sep == ';' || t.sep == ',' || t.sep == '\t', "separator %d",
	    t.sep);
	PROP(t.ncols >= 1 && t.header != NULL, "no header");
	lines = count_lines(data, size);
	PROP(t.header_line >= 1 && t.header_line <= lines, "header on line %d "
	    "of %d", t.header_line, lines);
	for (size_t i = 0; i < t.ncols; i++) {
		check_cell(t.header[i], 0, i);
		for (size_t j = 0; j < i; j++)
			PROP(t.header[i][0] == '\0' ||
			    strcmp(t.header[i], t.header[j]) != 0,
			    "column '%s' given twice", t.header[i]);
	}
	prev = t.header_line;
	for (size_t r = 0; r < t.nrows; r++) {
		PROP(t.rows[r].line > prev && t.rows[r].line <= lines, "row %zu "
		    "on line %d (previous %d, %d lines)", r, t.rows[r].line,
		    prev, lines);
		prev = t.rows[r].line;
		for (size_t c = 0; c < t.rows[r].n; c++)
			check_cell(t.rows[r].cell[c], r + 1, c);
		PROP(csv_cell(&t.rows[r], (int)t.rows[r].n)[0] == '\0' &&
		    csv_cell(&t.rows[r], -1)[0] == '\0', "csv_cell out of range");
	}
	round_trip(&t);
	csv_table_free(&t);
	return 0;
}
