#include "csvread.h"
#include "strbuf.h"
#include "utf8.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* State shared with libcsv's callbacks while parsing.  Cells go into one
 * pool as NUL-terminated strings, remembered by offset (the pool moves as
 * it grows); the pointers are made once parsing is over. */
struct parse {
	csv_table *t;
	int line;		/* line being fed */
	int rec_start;		/* line where the current record started, 0 = none */
	strbuf pool;
	size_t *off;		/* offset in pool of each cell of every data row */
	size_t noff, capoff;
	size_t rec_first;	/* index in off of the current record's first cell */
	size_t *row_first;	/* index in off of each data row's first cell */
};

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
	/* Trimmed: spreadsheets leave spaces, and CRLF files a \r. */
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r'))
		len--;
	if (p->noff == p->capoff) {
		p->capoff = p->capoff ? p->capoff * 2 : 64;
		p->off = xrealloc(p->off, p->capoff * sizeof *p->off);
	}
	p->off[p->noff++] = p->pool.len;
	strbuf_add(&p->pool, s, len);
	strbuf_putc(&p->pool, '\0');
}

static void
on_record(int c, void *arg)
{
	struct parse *p = arg;
	csv_table *t = p->t;
	size_t n = p->noff - p->rec_first;
	int empty = 1;

	(void)c;
	for (size_t i = p->rec_first; i < p->noff && empty; i++)
		empty = p->pool.s[p->off[i]] == '\0';
	if (!empty && t->header == NULL) {
		t->header = xcalloc(n, sizeof *t->header);
		for (size_t i = 0; i < n; i++)
			t->header[i] = utf8_fold(p->pool.s + p->off[p->rec_first + i]);
		t->ncols = n;
		t->header_line = p->rec_start;
		empty = 1;		/* not a data row: drop its cells below */
	} else if (!empty) {
		/* Grown by doubling, like the offsets: a million rows must not
		 * mean a million reallocations. */
		if ((t->nrows & (t->nrows - 1)) == 0) {
			size_t cap = t->nrows ? t->nrows * 2 : 16;

			t->rows = xrealloc(t->rows, cap * sizeof *t->rows);
			p->row_first = xrealloc(p->row_first,
			    cap * sizeof *p->row_first);
		}
		t->rows[t->nrows] = (csv_row){ NULL, n, p->rec_start };
		p->row_first[t->nrows++] = p->rec_first;
	}
	if (empty && n > 0) {
		p->pool.len = p->off[p->rec_first];
		p->noff = p->rec_first;
	}
	p->rec_first = p->noff;
	p->rec_start = 0;
}

/* Turns offsets into pointers, once the pool no longer moves. */
static void
finish(struct parse *p)
{
	csv_table *t = p->t;

	t->pool = strbuf_take(&p->pool);
	t->cells = xcalloc(p->noff ? p->noff : 1, sizeof *t->cells);
	for (size_t i = 0; i < p->noff; i++)
		t->cells[i] = t->pool + p->off[i];
	for (size_t r = 0; r < t->nrows; r++)
		t->rows[r].cell = t->cells + p->row_first[r];
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
	t->path = xstrdup(name);	/* from here on, csv_table_free() frees */
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
	/* An unfinished record at the end was reported above; drop it. */
	p.noff = p.rec_first;
	finish(&p);
	free(p.off);
	free(p.row_first);
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
	free(t->rows);
	free(t->cells);
	free(t->pool);
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
