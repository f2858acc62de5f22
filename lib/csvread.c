#include "csvread.h"
#include "strbuf.h"
#include "utf8.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Lines end as spreadsheets end them: CRLF (Windows), LF, or CR alone
 * (old Mac exports).  Returns the start of the next line. */
static const char *
next_line(const char *s, const char *end)
{
	while (s < end && *s != '\n' && *s != '\r')
		s++;
	if (s < end && *s++ == '\r' && s < end && *s == '\n')
		s++;
	return s;
}

/* Number of line breaks, counted as next_line() counts them. */
static int
count_breaks(const char *s, size_t len)
{
	const char *end = s + len;
	int n = 0;

	while (s < end) {
		s = next_line(s, end);
		n += s[-1] == '\n' || s[-1] == '\r';
	}
	return n;
}

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
	const char *name;	/* for messages */
	strbuf bad;		/* messages about cells, a few of them */
	long nbad;
};

/* Cells with a problem are reported, a few of them. */
enum { MAX_CELLS_SHOWN = 5 };	/* all must fit in an err_t */

static const char *
hidden_name(uint32_t cp)
{
	switch (cp) {
	case 0x07: return " (BEL)";
	case 0x08: return " (backspace)";
	case 0x0B: return " (vertical tab)";
	case 0x0C: return " (form feed)";
	case 0x1B: return " (ESC: terminal escape sequence)";
	case 0x7F: return " (DEL)";
	case 0xFEFF: return " (a BOM: two files pasted together?)";
	case 0x202E: return " (right-to-left override)";
	default: return "";
	}
}

/*
 * What goes into an SMS or on a screen must be visible text: a control
 * character (but tab, and line breaks inside a quoted cell), an invisible
 * or bidirectional one, or a BOM is refused with the line it is on, never
 * echoed raw.  len is the untrimmed field, which ends on p->line.
 */
static void
check_cell(struct parse *p, const char *s, size_t len)
{
	uint32_t cp;
	long off = utf8_find_hidden(s, len, &cp);
	size_t col = p->noff - p->rec_first;
	char *shown, *esc, what[16];

	if (off < 0)
		return;
	if (p->nbad++ >= MAX_CELLS_SHOWN)
		return;
	snprintf(what, sizeof what, cp < 0x80 ? "\\x%02x" : "U+%04X",
	    (unsigned)cp);
	shown = xstrndup(s, len);
	esc = utf8_escape(shown, 24);
	strbuf_printf(&p->bad, "%s:%d: ", p->name,
	    p->line - count_breaks(s + off, len - (size_t)off));
	if (p->t->header == NULL)
		strbuf_printf(&p->bad, "the name of column %zu", col + 1);
	else if (col < p->t->ncols && p->t->header[col][0] != '\0')
		strbuf_printf(&p->bad, "%s", p->t->header[col]);
	else
		strbuf_printf(&p->bad, "cell %zu", col + 1);
	strbuf_printf(&p->bad, " holds the invisible character %s%s ('%s'): "
	    "remove it\n", what, hidden_name(cp), esc);
	free(esc);
	free(shown);
}

static void
on_field(void *data, size_t len, void *arg)
{
	struct parse *p = arg;
	const char *s = data ? data : "";

	if (p->rec_start == 0) {
		/* The field ends on p->line; a quoted field may span lines. */
		p->rec_start = p->line - count_breaks(s, len);
	}
	check_cell(p, s, len);
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

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(**(char *const *const *)a, **(char *const *const *)b);
}

/* A column named twice (after folding: "Téléphone" and "TELEPHONE"): which
 * one is meant cannot be guessed.  Sorted, so that a header of a million
 * names costs no more than its reading. */
static int
check_names(const csv_table *t, err_t *e)
{
	char ***ref = xcalloc(t->ncols ? t->ncols : 1, sizeof *ref);
	int rc = 0;

	for (size_t i = 0; i < t->ncols; i++)
		ref[i] = &t->header[i];
	qsort(ref, t->ncols, sizeof *ref, cmp_name);
	for (size_t i = 1; i < t->ncols && rc == 0; i++) {
		if (**ref[i] != '\0' && strcmp(*ref[i - 1], *ref[i]) == 0) {
			size_t a = (size_t)(ref[i - 1] - t->header);
			size_t b = (size_t)(ref[i] - t->header);
			char *esc = utf8_escape(*ref[i], 40);

			rc = err_set(e, "%s:%d: columns %zu and %zu are both named "
			    "'%s': keep one of them", t->path, t->header_line,
			    (a < b ? a : b) + 1, (a < b ? b : a) + 1, esc);
			free(esc);
		}
	}
	free(ref);
	return rc;
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

/* Lines that break an encoding are reported, a few of them. */
enum { MAX_LINES_SHOWN = 5 };

/*
 * A file is UTF-8 or Windows-1252, never both: a line of each (two people
 * editing one agenda, or two exports pasted together) would turn "élevé"
 * into "Ã©levÃ©" if the whole file were converted.  Called when s is not
 * valid UTF-8.  A line is "UTF-8" if it holds a multibyte UTF-8 sequence,
 * "1252" if it holds a byte that is not UTF-8.  No UTF-8 line (and no BOM)
 * means Windows-1252: 0.  Otherwise the encoding of most lines (UTF-8
 * with a BOM) is the file's, and the lines of the other one are
 * reported: -1.
 */
static int
check_one_encoding(const char *s, size_t len, int bom, const char *name,
    err_t *e)
{
	const char *end = s + len, *l;
	long nu = 0, nc = 0, shown = 0, bad;
	int line, first_u = 0, first_c = 0, want_utf8 = 0;
	strbuf m = STRBUF_INIT;

	for (int pass = 0; pass < 2; pass++) {
		line = 0;
		for (l = s; l < end;) {
			const char *next = next_line(l, end);
			int has_u = 0, has_c = 0;
			unsigned char badbyte = 0;

			line++;
			for (const char *q = l; q < next;) {
				size_t sl = utf8_seq_len(q, (size_t)(next - q));

				if (sl == 0 && !has_c) {
					has_c = 1;
					badbyte = (unsigned char)*q;
				}
				has_u |= sl > 1;
				q += sl ? sl : 1;
			}
			if (pass == 0) {
				nu += has_u;
				nc += has_c;
				if (has_u && !first_u)
					first_u = line;
				if (has_c && !first_c)
					first_c = line;
			} else if (!(want_utf8 ? has_c : has_u) ||
			    ++shown > MAX_LINES_SHOWN) {
				/* a line in the file's encoding, or enough said */
			} else if (want_utf8 && bom) {
				strbuf_printf(&m, "%s:%d: byte 0x%02X is not UTF-8, and "
				    "the file starts as UTF-8 (a BOM)\n", name, line,
				    badbyte);
			} else if (want_utf8) {
				strbuf_printf(&m, "%s:%d: byte 0x%02X is not UTF-8, and "
				    "the file is UTF-8 (line %d, for one)\n", name, line,
				    badbyte, first_u);
			} else {
				strbuf_printf(&m, "%s:%d: written in UTF-8, and the file "
				    "is Windows-1252 (line %d, for one)\n", name, line,
				    first_c);
			}
			l = next;
		}
		if (pass == 0 && nu == 0 && !bom)
			return 0;
		want_utf8 = bom || nu >= nc;
	}
	bad = want_utf8 ? nc : nu;
	if (bad > MAX_LINES_SHOWN)
		strbuf_printf(&m, "%s: ... and %ld more such lines\n", name,
		    bad - MAX_LINES_SHOWN);
	strbuf_printf(&m, "%s: mixes UTF-8 and Windows-1252 (%ld line%s of "
	    "the other encoding): save it again from the spreadsheet as "
	    "'CSV UTF-8'", name, bad, bad > 1 ? "s" : "");
	err_set(e, "%s", strbuf_str(&m));
	strbuf_free(&m);
	return -1;
}

int
csv_parse_mem(const char *data, size_t len, const char *name, csv_table *t,
    err_t *e)
{
	struct csv_parser cp;
	struct parse p = { .t = t, .line = 0, .name = name };
	char *conv = NULL;
	const char *s = data, *end;
	int rc = 0, bom = 0;

	memset(t, 0, sizeof *t);
	t->encoding = "UTF-8";
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		len -= 3;
		bom = 1;
	}
	if (!utf8_valid(s, len)) {
		if (check_one_encoding(s, len, bom, name, e) < 0)
			return -1;
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
		size_t n = (size_t)(next_line(s, end) - s);

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
	if (rc == 0 && p.nbad > 0) {
		if (p.nbad > MAX_CELLS_SHOWN)
			strbuf_printf(&p.bad, "%s: ... and %ld more such cells\n",
			    name, p.nbad - MAX_CELLS_SHOWN);
		strbuf_printf(&p.bad, "%s: %ld cell%s with an invisible or control "
		    "character: the file must hold text only", name, p.nbad,
		    p.nbad > 1 ? "s" : "");
		rc = err_set(e, "%s", strbuf_str(&p.bad));
	}
	strbuf_free(&p.bad);
	if (rc == 0)
		rc = check_names(t, e);
	if (rc < 0) {
		csv_table_free(t);
		return -1;
	}
	return 0;
}

static const char *
file_kind(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a named pipe (FIFO)" :
	    S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device" :
	    S_ISSOCK(m) ? "a socket" : "not a regular file";
}

/* Opens a regular file without ever blocking: stat() first, so that a
 * device is never opened, then O_NONBLOCK, so that a FIFO put in its
 * place meanwhile is not waited on either, and fstat() on what was
 * opened.  -1 + message. */
static int
open_regular(const char *path, err_t *e)
{
	struct stat st, fst;
	int fd;

	if (stat(path, &st) < 0)
		return err_set(e, "cannot read %s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return err_set(e, "%s is %s, not a regular file: give the CSV "
		    "file itself, or - to read standard input", path,
		    file_kind(st.st_mode));
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, "cannot read %s: %s", path, strerror(errno));
	if (fstat(fd, &fst) < 0 || !S_ISREG(fst.st_mode) ||
	    fst.st_dev != st.st_dev || fst.st_ino != st.st_ino) {
		close(fd);
		return err_set(e, "%s changed while it was opened: import it "
		    "again once it is written", path);
	}
	return fd;
}

/* Reads fd to the end, refusing more than max bytes. */
static int
read_all(int fd, const char *name, size_t max, strbuf *b, err_t *e)
{
	char buf[65536];

	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* standard input left non-blocking by whoever gave it */
			struct pollfd pf = { .fd = fd, .events = POLLIN };

			(void)poll(&pf, 1, -1);
			continue;
		}
		if (n < 0)
			return err_set(e, "cannot read %s: %s", name, strerror(errno));
		if (n == 0)
			return 0;
		if (b->len + (size_t)n > max)
			return err_set(e, "%s is larger than %zu MB: split it into "
			    "smaller files, or raise [import] max_file_mb", name,
			    max >> 20);
		strbuf_add(b, buf, (size_t)n);
	}
}

int
csv_load(const char *path, size_t max, csv_table *t, err_t *e)
{
	int in = strcmp(path, "-") == 0;
	const char *name = in ? "stdin" : path;
	int fd = in ? STDIN_FILENO : open_regular(path, e);
	strbuf b = STRBUF_INIT;
	int rc;

	memset(t, 0, sizeof *t);
	if (fd < 0)
		return -1;
	rc = read_all(fd, name, max, &b, e);
	if (!in)
		close(fd);
	if (rc == 0)
		rc = csv_parse_mem(strbuf_str(&b), b.len, name, t, e);
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
