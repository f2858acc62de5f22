#include "csvread.h"
#include "strbuf.h"
#include "utf8.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* State shared with libcsv's callbacks while parsing. */
struct parse {
	csv_table *t;
	int line;		/* line being fed */
	int rec_start;		/* line where the current record started, 0 = none */
	char **cells;
	size_t n, cap;
};

static char *
trimdup(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return xstrndup(s, n);
}

static void
on_field(void *data, size_t len, void *arg)
{
	struct parse *p = arg;
	const char *s = data ? data : "";

	if (p->rec_start == 0) {
		/* The field ends on p->line; a quoted field may span lines. */
		int nl = 0;

		for (size_t i = 0; i < len; i++)
			nl += (s[i] == '\n');
		p->rec_start = p->line - nl;
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->cells = xrealloc(p->cells, p->cap * sizeof *p->cells);
	}
	p->cells[p->n++] = trimdup(s, len);
}

static void
on_record(int c, void *arg)
{
	struct parse *p = arg;
	csv_table *t = p->t;
	int empty = 1;

	(void)c;
	for (size_t i = 0; i < p->n && empty; i++)
		empty = p->cells[i][0] == '\0';
	if (empty) {
		for (size_t i = 0; i < p->n; i++)
			free(p->cells[i]);
	} else if (t->header == NULL) {
		t->header = xcalloc(p->n, sizeof *t->header);
		for (size_t i = 0; i < p->n; i++) {
			t->header[i] = utf8_fold(p->cells[i]);
			free(p->cells[i]);
		}
		t->ncols = p->n;
		t->header_line = p->rec_start;
	} else {
		t->rows = xrealloc(t->rows, (t->nrows + 1) * sizeof *t->rows);
		t->rows[t->nrows++] = (csv_row){ p->cells, p->n, p->rec_start };
		p->cells = NULL;
		p->cap = 0;
	}
	p->n = 0;
	p->rec_start = 0;
}

/* The separator that occurs most often in the first line, outside quotes. */
static char
guess_sep(const char *s, size_t len)
{
	size_t semi = 0, comma = 0, tab = 0;
	int inq = 0;

	for (size_t i = 0; i < len && (inq || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			inq = !inq;
		else if (!inq && s[i] == ';')
			semi++;
		else if (!inq && s[i] == ',')
			comma++;
		else if (!inq && s[i] == '\t')
			tab++;
	}
	if (tab > semi && tab > comma)
		return '\t';
	return comma > semi ? ',' : ';';
}

int
csv_parse_mem(const char *data, size_t len, const char *name, csv_table *t,
    err_t *e)
{
	struct csv_parser cp;
	struct parse p = { .t = t, .line = 0 };
	char *conv = NULL;
	const char *s = data, *end;
	int rc = 0;

	memset(t, 0, sizeof *t);
	t->path = xstrdup(name);
	t->encoding = "UTF-8";
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		len -= 3;
		if (!utf8_valid(s, len))
			return err_set(e, "%s: starts like UTF-8 but is not valid UTF-8: "
			    "save it again as 'CSV UTF-8'", name);
	} else if (!utf8_valid(s, len)) {
		/* Not UTF-8: French Excel saves "CSV (séparateur: point-virgule)"
		 * in Windows-1252. */
		conv = utf8_from_cp1252(s, len);
		if (conv == NULL)
			return err_set(e, "%s: neither UTF-8 nor Windows-1252: save "
			    "it again as 'CSV UTF-8'", name);
		s = conv;
		len = strlen(conv);
		t->encoding = "Windows-1252";
	}
	if (memchr(s, '\0', len) != NULL) {
		free(conv);
		return err_set(e, "%s: contains a NUL byte: this is not a CSV "
		    "text file", name);
	}
	t->sep = guess_sep(s, len);
	if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		free(conv);
		return err_set(e, "%s: out of memory", name);
	}
	csv_set_delim(&cp, (unsigned char)t->sep);
	/* Feed line by line so that each record knows the line it is on. */
	end = s + len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);

		p.line++;
		if (csv_parse(&cp, s, n, on_field, on_record, &p) != n) {
			rc = err_set(e, "%s:%d: %s: check the quotes on this line "
			    "(a \" inside a cell must be doubled)", name, p.line,
			    csv_strerror(csv_error(&cp)));
			break;
		}
		s += n;
	}
	if (rc == 0 && csv_fini(&cp, on_field, on_record, &p) != 0)
		rc = err_set(e, "%s:%d: a quoted cell is never closed: add the "
		    "missing \"", name, p.rec_start ? p.rec_start : p.line);
	csv_free(&cp);
	for (size_t i = 0; i < p.n; i++)
		free(p.cells[i]);
	free(p.cells);
	free(conv);
	if (rc == 0 && t->header == NULL)
		rc = err_set(e, "%s: the file is empty: it needs a header line "
		    "naming the columns", name);
	if (rc < 0) {
		csv_table_free(t);
		return -1;
	}
	return 0;
}

int
csv_load(const char *path, csv_table *t, err_t *e)
{
	FILE *f = fopen(path, "rb");
	strbuf b = STRBUF_INIT;
	char buf[65536];
	size_t n;
	int rc;

	memset(t, 0, sizeof *t);
	if (f == NULL)
		return err_set(e, "cannot read %s: %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&b, buf, n);
	if (ferror(f)) {
		fclose(f);
		strbuf_free(&b);
		return err_set(e, "cannot read %s: %s", path, strerror(errno));
	}
	fclose(f);
	rc = csv_parse_mem(strbuf_str(&b), b.len, path, t, e);
	strbuf_free(&b);
	return rc;
}

void
csv_table_free(csv_table *t)
{
	for (size_t i = 0; i < t->ncols; i++)
		free(t->header[i]);
	free(t->header);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t i = 0; i < t->rows[r].n; i++)
			free(t->rows[r].cell[i]);
		free(t->rows[r].cell);
	}
	free(t->rows);
	free(t->path);
	memset(t, 0, sizeof *t);
}

int
csv_col(const csv_table *t, const char *folded)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->header[i], folded) == 0)
			return (int)i;
	return -1;
}

const char *
csv_cell(const csv_row *r, int col)
{
	if (col < 0 || (size_t)col >= r->n)
		return "";
	return r->cell[col];
}

void
csv_write_bom(FILE *f)
{
	fputs("\xEF\xBB\xBF", f);
}

void
csv_write_row(FILE *f, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = cells[i] ? cells[i] : "";

		if (i > 0)
			fputc(';', f);
		if (strpbrk(s, ";\"\r\n") != NULL)
			csv_fwrite(f, s, strlen(s));	/* quotes and doubles " */
		else
			fputs(s, f);
	}
	fputs("\r\n", f);
}
