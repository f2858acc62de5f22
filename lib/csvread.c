#include "csvread.h"
#include "strbuf.h"
#include "utf8.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * A file is read twice, in chunks, never whole: the first reading checks
 * its size and decides its encoding (one per file: that needs every
 * line), the second parses it and hands each row to the sink.  Memory
 * stays that of a chunk and of the longest row.
 */
enum { CHUNK = CSV_CHUNK };

/* Cells and lines with a problem are reported, a few of them. */
enum { MAX_CELLS_SHOWN = 5, MAX_LINES_SHOWN = 5 };	/* must fit in an err_t */

static const char BOM[] = "\xEF\xBB\xBF";

/* Where the bytes come from: memory, or a regular file read from its
 * start each time. */
struct src {
	const char *name;	/* in messages */
	const char *data;	/* in memory, or NULL: fd */
	size_t len;		/* bytes; SIZE_MAX for a file until first read */
	int fd;
	char *buf;
};

/*
 * A chunk handler consumes s[0..n) but for the last few bytes it cannot
 * decide on alone (a CR that a LF may follow, a cut UTF-8 sequence): it
 * returns how many (at most 3), and gets them again in front of the next
 * chunk.  last: no more bytes come.  -1 stops (message set).
 */
typedef long (*chunk_fn)(void *st, const char *s, size_t n, int last);

/* Feeds the whole source to fn, from its start.  The first reading of a
 * file refuses more than max bytes and sets src->len; the next ones read
 * exactly that many. */
static int
each_chunk(struct src *src, size_t max, chunk_fn fn, void *st, err_t *e)
{
	size_t keep = 0, total = 0;
	int first = src->len == SIZE_MAX, last = 0;

	if (src->data != NULL)
		return fn(st, src->data, src->len, 1) < 0 ? -1 : 0;
	if (lseek(src->fd, 0, SEEK_SET) < 0)
		return err_set(e, "cannot read %s: %s", src->name, strerror(errno));
	while (!last) {
		size_t want = CHUNK - keep;
		ssize_t n;
		long k;

		if (!first && want > src->len - total)
			want = src->len - total;
		n = want > 0 ? read(src->fd, src->buf + keep, want) : 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_set(e, "cannot read %s: %s", src->name,
			    strerror(errno));
		total += (size_t)n;
		if (total > max)
			return err_set(e, "%s is larger than %zu MB: split it into "
			    "smaller files, or raise [import] max_file_mb",
			    src->name, max >> 20);
		if (n == 0 && !first && total < src->len)
			return err_set(e, "%s changed while it was read: import it "
			    "again once it is written", src->name);
		last = n == 0;
		if ((k = fn(st, src->buf, keep + (size_t)n, last)) < 0)
			return -1;
		memmove(src->buf, src->buf + keep + (size_t)n - (size_t)k,
		    (size_t)k);
		keep = (size_t)k;
	}
	if (first)
		src->len = total;
	return 0;
}

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

/* How many bytes at the end of a chunk must wait for the next one: a CR
 * (a LF may follow) or the start of a UTF-8 sequence cut short. */
static size_t
undecided_tail(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;

	if (n > 0 && s[n - 1] == '\r')
		return 1;
	for (size_t k = 1; k <= 3 && k <= n; k++) {
		unsigned c = s[n - k];

		if ((c & 0xC0) == 0x80)
			continue;	/* a continuation byte: look further back */
		if (c >= 0xC0 && (size_t)((c >= 0xF0) + (c >= 0xE0) + 2) > k)
			return k;
		return 0;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* First reading: size, separator, encoding. */

/*
 * A file is UTF-8 or Windows-1252, never both: a line of each (two people
 * editing one agenda, or two exports pasted together) would turn "élevé"
 * into "Ã©levÃ©" if the whole file were converted.  A line is "UTF-8" if
 * it holds a multibyte UTF-8 sequence, "1252" if it holds a byte that is
 * not UTF-8.  No 1252 line: UTF-8.  No UTF-8 line (and no BOM):
 * Windows-1252.  Otherwise the encoding of most lines (UTF-8 with a BOM)
 * is the file's, and a second scan names the lines of the other one.
 */
struct scan {
	const char *name;
	err_t *e;
	int report;		/* second scan: name the lines of the odd one */
	int started;		/* the BOM question is settled */
	int bom;
	int line, in_line;	/* current line, and whether it has begun */
	int has_u, has_c;	/* what the current line holds */
	unsigned char badbyte;
	long nu, nc;		/* lines of each kind */
	int first_u, first_c;
	int nul, undefined;	/* a NUL; a byte Windows-1252 leaves undefined */
	/* The separator that occurs most often in the first line, outside
	 * quotes (a quoted cell may hold a line break). */
	int sep_done, inq;
	size_t semi, comma, tab;
	int want_utf8;		/* report: the file's encoding */
	long shown;
	strbuf m;
};

static void
scan_end_line(struct scan *c)
{
	if (!c->in_line)
		return;
	c->in_line = 0;
	if (!c->report) {
		c->nu += c->has_u;
		c->nc += c->has_c;
		if (c->has_u && !c->first_u)
			c->first_u = c->line;
		if (c->has_c && !c->first_c)
			c->first_c = c->line;
	} else if (!(c->want_utf8 ? c->has_c : c->has_u) ||
	    ++c->shown > MAX_LINES_SHOWN) {
		/* a line in the file's encoding, or enough said */
	} else if (c->want_utf8 && c->bom) {
		strbuf_printf(&c->m, "%s:%d: byte 0x%02X is not UTF-8, and the "
		    "file starts as UTF-8 (a BOM)\n", c->name, c->line,
		    c->badbyte);
	} else if (c->want_utf8) {
		strbuf_printf(&c->m, "%s:%d: byte 0x%02X is not UTF-8, and the "
		    "file is UTF-8 (line %d, for one)\n", c->name, c->line,
		    c->badbyte, c->first_u);
	} else {
		strbuf_printf(&c->m, "%s:%d: written in UTF-8, and the file is "
		    "Windows-1252 (line %d, for one)\n", c->name, c->line,
		    c->first_c);
	}
	c->has_u = c->has_c = 0;
}

static void
scan_sep(struct scan *c, unsigned char b)
{
	if (b == '"')
		c->inq = !c->inq;
	else if (c->inq)
		return;
	else if (b == ';')
		c->semi++;
	else if (b == ',')
		c->comma++;
	else if (b == '\t')
		c->tab++;
	else if (b == '\n' || b == '\r')
		c->sep_done = 1;
}

static long
scan_chunk(void *arg, const char *str, size_t n, int last)
{
	struct scan *c = arg;
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, end;

	if (!c->started) {
		if (n < 3 && !last)
			return (long)n;
		c->started = 1;
		if (n >= 3 && memcmp(s, BOM, 3) == 0) {
			c->bom = 1;
			i = 3;
		}
	}
	end = last ? n : n - undecided_tail(str, n);
	while (i < end) {
		unsigned char b = s[i];
		size_t sl;

		if (!c->in_line) {
			c->in_line = 1;
			c->line++;
		}
		if (!c->sep_done)
			scan_sep(c, b);
		if (b >= 0x20 && b < 0x80) {
			i++;	/* printable ASCII: most of any file */
			continue;
		}
		if (b == '\n' || b == '\r') {
			i += b == '\r' && i + 1 < end && s[i + 1] == '\n' ? 2 : 1;
			scan_end_line(c);
			continue;
		}
		if (b < 0x80) {
			c->nul |= b == 0;
			i++;
			continue;
		}
		sl = utf8_seq_len(str + i, end - i);
		if (sl == 0 && !c->has_c) {
			c->has_c = 1;
			c->badbyte = b;
		}
		if (sl == 0 && (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 ||
		    b == 0x9D))
			c->undefined = 1;
		c->has_u |= sl > 1;
		i += sl ? sl : 1;
	}
	if (last)
		scan_end_line(c);
	return (long)(n - end);
}

/* The first reading, and a second one to name the lines when the file
 * mixes encodings.  Sets *cp1252 and *sep. */
static int
scan_file(struct src *src, size_t max, int *cp1252, char *sep, int *bom,
    err_t *e)
{
	struct scan c = { .name = src->name, .e = e };
	long bad;

	if (each_chunk(src, max, scan_chunk, &c, e) < 0)
		return -1;
	*bom = c.bom;
	*sep = c.tab > c.semi && c.tab > c.comma ? '\t' :
	    c.comma > c.semi ? ',' : ';';
	*cp1252 = c.nc > 0;
	if (c.nc > 0 && (c.nu > 0 || c.bom)) {
		c.want_utf8 = c.bom || c.nu >= c.nc;
		c.report = 1;
		c.started = 0;
		c.line = c.in_line = c.has_u = c.has_c = 0;
		if (each_chunk(src, max, scan_chunk, &c, e) < 0) {
			strbuf_free(&c.m);
			return -1;
		}
		bad = c.want_utf8 ? c.nc : c.nu;
		if (bad > MAX_LINES_SHOWN)
			strbuf_printf(&c.m, "%s: ... and %ld more such lines\n",
			    src->name, bad - MAX_LINES_SHOWN);
		strbuf_printf(&c.m, "%s: mixes UTF-8 and Windows-1252 (%ld line%s "
		    "of the other encoding): save it again from the spreadsheet "
		    "as 'CSV UTF-8'", src->name, bad, bad > 1 ? "s" : "");
		err_set(e, "%s", strbuf_str(&c.m));
		strbuf_free(&c.m);
		return -1;
	}
	/* Windows-1252 leaves 5 bytes undefined; spreadsheets never write
	 * them, so that is a real error. */
	if (*cp1252 && c.undefined)
		return err_set(e, "%s: neither UTF-8 nor Windows-1252: save it "
		    "again as 'CSV UTF-8'", src->name);
	if (c.nul)
		return err_set(e, "%s: contains a NUL byte: this is not a CSV "
		    "text file", src->name);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Second reading: rows to the sink. */

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

/* State shared with libcsv's callbacks while parsing.  The current
 * record's cells go into one pool as NUL-terminated strings, remembered
 * by offset (the pool moves as it grows); both are reused record after
 * record. */
struct parse {
	csv_head h;
	const csv_sink *sink;
	err_t *e;
	int skip_bom, cp1252;
	int line;		/* line being fed */
	int at_line_start;	/* the next byte fed starts a line */
	int rec_start;		/* line where the current record started, 0 = none */
	strbuf pool;
	size_t *off;		/* offset in pool of each cell of the record */
	size_t noff, capoff;
	char **cellv;		/* the same as pointers, for the sink */
	size_t capcell;
	strbuf hidden;		/* messages about the record's cells */
	size_t nhidden;
	int stop;		/* the reading stops: message in *e */
};

/* The closing line of a list of cells with invisible characters. */
static void
hidden_summary(strbuf *b, const char *name, size_t n)
{
	if (n > MAX_CELLS_SHOWN)
		strbuf_printf(b, "%s: ... and %zu more such cells\n", name,
		    n - MAX_CELLS_SHOWN);
	strbuf_printf(b, "%s: %zu cell%s with an invisible or control "
	    "character: the file must hold text only", name, n, n > 1 ? "s" : "");
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
	size_t col = p->noff;
	char *shown, *esc, what[16];

	if (off < 0)
		return;
	if (p->nhidden++ >= MAX_CELLS_SHOWN)
		return;
	snprintf(what, sizeof what, cp < 0x80 ? "\\x%02x" : "U+%04X",
	    (unsigned)cp);
	shown = xstrndup(s, len);
	esc = utf8_escape(shown, 24);
	strbuf_printf(&p->hidden, "%s:%d: ", p->h.path,
	    p->line - count_breaks(s + off, len - (size_t)off));
	if (p->h.header == NULL)
		strbuf_printf(&p->hidden, "the name of column %zu", col + 1);
	else if (col < p->h.ncols && p->h.header[col][0] != '\0')
		strbuf_printf(&p->hidden, "%s", p->h.header[col]);
	else
		strbuf_printf(&p->hidden, "cell %zu", col + 1);
	strbuf_printf(&p->hidden, " holds the invisible character %s%s ('%s'): "
	    "remove it\n", what, hidden_name(cp), esc);
	free(esc);
	free(shown);
}

static void
on_field(void *data, size_t len, void *arg)
{
	struct parse *p = arg;
	const char *s = data ? data : "";

	if (p->stop)
		return;
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

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(**(char *const *const *)a, **(char *const *const *)b);
}

/* A column named twice (after folding: "Téléphone" and "TELEPHONE"): which
 * one is meant cannot be guessed.  Sorted, so that a header of a million
 * names costs no more than its reading. */
static int
check_names(const csv_head *h, err_t *e)
{
	char ***ref = xcalloc(h->ncols ? h->ncols : 1, sizeof *ref);
	int rc = 0;

	for (size_t i = 0; i < h->ncols; i++)
		ref[i] = &h->header[i];
	qsort(ref, h->ncols, sizeof *ref, cmp_name);
	for (size_t i = 1; i < h->ncols && rc == 0; i++) {
		if (**ref[i] != '\0' && strcmp(*ref[i - 1], *ref[i]) == 0) {
			size_t a = (size_t)(ref[i - 1] - h->header);
			size_t b = (size_t)(ref[i] - h->header);
			char *esc = utf8_escape(*ref[i], 40);

			rc = err_set(e, "%s:%d: columns %zu and %zu are both named "
			    "'%s': keep one of them", h->path, h->header_line,
			    (a < b ? a : b) + 1, (a < b ? b : a) + 1, esc);
			free(esc);
		}
	}
	free(ref);
	return rc;
}

/* The first record that is not empty names the columns. */
static int
take_header(struct parse *p)
{
	size_t n = p->noff;

	if (p->nhidden > 0) {
		hidden_summary(&p->hidden, p->h.path, p->nhidden);
		return err_set(p->e, "%s", strbuf_str(&p->hidden));
	}
	p->h.header = xcalloc(n, sizeof *p->h.header);
	for (size_t i = 0; i < n; i++)
		p->h.header[i] = utf8_fold(p->pool.s + p->off[i]);
	p->h.ncols = n;
	p->h.header_line = p->rec_start;
	if (check_names(&p->h, p->e) < 0)
		return -1;
	return p->sink->header ? p->sink->header(p->sink->arg, &p->h, p->e) : 0;
}

static int
give_row(struct parse *p)
{
	csv_row r = { NULL, p->noff, p->rec_start, NULL, p->nhidden };

	if (p->noff > p->capcell) {
		p->capcell = p->noff * 2;
		p->cellv = xrealloc(p->cellv, p->capcell * sizeof *p->cellv);
	}
	for (size_t i = 0; i < p->noff; i++)
		p->cellv[i] = p->pool.s + p->off[i];
	r.cell = p->cellv;
	if (p->nhidden > 0)
		r.hidden = strbuf_str(&p->hidden);
	return p->sink->row ? p->sink->row(p->sink->arg, &p->h, &r, p->e) : 0;
}

static void
on_record(int c, void *arg)
{
	struct parse *p = arg;
	int empty = 1;

	(void)c;
	if (p->stop)
		return;
	for (size_t i = 0; i < p->noff && empty; i++)
		empty = p->pool.s[p->off[i]] == '\0';
	if (!empty && (p->h.header == NULL ? take_header(p) : give_row(p)) < 0)
		p->stop = 1;
	strbuf_reset(&p->pool);
	strbuf_reset(&p->hidden);
	p->noff = 0;
	p->nhidden = 0;
	p->rec_start = 0;
}

/* Feeds UTF-8 text to libcsv line by line, so that each record knows
 * the line it is on.  A chunk never ends between a CR and its LF. */
static int
feed(struct parse *p, struct csv_parser *cp, const char *s, size_t n)
{
	const char *end = s + n;

	while (s < end) {
		const char *nx = next_line(s, end);
		size_t k = (size_t)(nx - s);

		if (p->at_line_start) {
			p->line++;
			p->at_line_start = 0;
		}
		if (csv_parse(cp, s, k, on_field, on_record, p) != k)
			return err_set(p->e, "%s:%d: %s: check the quotes on this "
			    "line (a \" inside a cell must be doubled)", p->h.path,
			    p->line, csv_strerror(csv_error(cp)));
		if (p->stop)
			return -1;
		p->at_line_start = nx[-1] == '\n' || nx[-1] == '\r';
		s = nx;
	}
	return 0;
}

struct parse_chunk {
	struct parse *p;
	struct csv_parser *cp;
};

static long
parse_chunk(void *arg, const char *s, size_t n, int last)
{
	struct parse_chunk *pc = arg;
	struct parse *p = pc->p;
	size_t keep;
	char *conv = NULL;
	int rc;

	if (p->skip_bom) {
		if (n < 3)
			return err_set(p->e, "%s changed while it was read: import "
			    "it again once it is written", p->h.path);
		s += 3;
		n -= 3;
		p->skip_bom = 0;
	}
	keep = !last && n > 0 && s[n - 1] == '\r';
	n -= keep;
	if (p->cp1252) {
		/* Not UTF-8: French Excel saves "CSV (séparateur: point-virgule)"
		 * in Windows-1252, one byte a character: chunks convert alone. */
		if ((conv = utf8_from_cp1252(s, n)) == NULL)
			return err_set(p->e, "%s: neither UTF-8 nor Windows-1252: "
			    "save it again as 'CSV UTF-8'", p->h.path);
		s = conv;
		n = strlen(conv);
	}
	rc = feed(p, pc->cp, s, n);
	free(conv);
	return rc < 0 ? -1 : (long)keep;
}

/* Both readings of a source. */
static int
read_source(struct src *src, size_t max, const csv_sink *sink, err_t *e)
{
	struct csv_parser cp;
	struct parse p = { .sink = sink, .e = e, .at_line_start = 1 };
	struct parse_chunk pc = { &p, &cp };
	int rc;

	p.h.path = src->name;
	if (scan_file(src, max, &p.cp1252, &p.h.sep, &p.skip_bom, e) < 0)
		return -1;
	p.h.encoding = p.cp1252 ? "Windows-1252" : "UTF-8";
	if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return err_set(e, "%s: out of memory", src->name);
	csv_set_delim(&cp, (unsigned char)p.h.sep);
	rc = each_chunk(src, max, parse_chunk, &pc, e);
	if (rc == 0 && csv_fini(&cp, on_field, on_record, &p) != 0)
		rc = err_set(e, "%s:%d: a quoted cell is never closed: add the "
		    "missing \"", src->name, p.rec_start ? p.rec_start : p.line);
	if (rc == 0 && p.stop)
		rc = -1;
	if (rc == 0 && p.h.header == NULL)
		rc = err_set(e, "%s: the file is empty: it needs a header line "
		    "naming the columns", src->name);
	csv_free(&cp);
	for (size_t i = 0; p.h.header && i < p.h.ncols; i++)
		free(p.h.header[i]);
	free(p.h.header);
	strbuf_free(&p.pool);
	strbuf_free(&p.hidden);
	free(p.off);
	free(p.cellv);
	return rc;
}

int
csv_stream_mem(const char *data, size_t len, const char *name,
    const csv_sink *s, err_t *e)
{
	struct src src = { .name = name, .data = data ? data : "", .len = len,
	    .fd = -1 };

	return read_source(&src, SIZE_MAX, s, e);
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

/* Standard input cannot be read twice: it is copied, at most max bytes,
 * to a temporary file that is unlinked at once ($TMPDIR, or /tmp). */
static int
spool_stdin(size_t max, err_t *e)
{
	const char *dir = getenv("TMPDIR");
	char path[PATH_MAX], buf[65536];
	size_t total = 0;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof path, "%s/msd-stdin-XXXXXX", dir) >=
	    sizeof path)
		return err_set(e, "TMPDIR is too long: set it to a shorter "
		    "directory");
	if ((fd = mkostemp(path, O_CLOEXEC)) < 0)
		return err_set(e, "cannot copy stdin to a temporary file in %s: "
		    "%s (set TMPDIR to a writable directory)", dir,
		    strerror(errno));
	unlink(path);
	for (;;) {
		ssize_t n = read(STDIN_FILENO, buf, sizeof buf), w;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* standard input left non-blocking by whoever gave it */
			struct pollfd pf = { .fd = STDIN_FILENO, .events = POLLIN };

			(void)poll(&pf, 1, -1);
			continue;
		}
		if (n < 0) {
			err_set(e, "cannot read stdin: %s", strerror(errno));
			break;
		}
		if (n == 0)
			return fd;
		if ((total += (size_t)n) > max) {
			err_set(e, "stdin is larger than %zu MB: split it into "
			    "smaller files, or raise [import] max_file_mb", max >> 20);
			break;
		}
		for (ssize_t o = 0; o < n; o += w) {
			w = write(fd, buf + o, (size_t)(n - o));
			if (w < 0 && errno == EINTR)
				w = 0;
			else if (w < 0) {
				err_set(e, "cannot copy stdin to a temporary file in "
				    "%s: %s (set TMPDIR to a directory with room)",
				    dir, strerror(errno));
				close(fd);
				return -1;
			}
		}
	}
	close(fd);
	return -1;
}

int
csv_stream(const char *path, size_t max, const csv_sink *s, err_t *e)
{
	int in = strcmp(path, "-") == 0;
	struct src src = { .name = in ? "stdin" : path, .len = SIZE_MAX };
	struct stat before, after;
	int rc = -1;

	src.fd = in ? spool_stdin(max, e) : open_regular(path, e);
	if (src.fd < 0)
		return -1;
	if (fstat(src.fd, &before) < 0)
		err_set(e, "cannot read %s: %s", src.name, strerror(errno));
	else if ((uintmax_t)before.st_size > max)
		err_set(e, "%s is larger than %zu MB: split it into smaller "
		    "files, or raise [import] max_file_mb", src.name, max >> 20);
	else {
		src.buf = xmalloc(CHUNK);
		rc = read_source(&src, max, s, e);
		free(src.buf);
	}
	/* Both readings must have seen the same file: one being written
	 * would be read half as one encoding, half as another. */
	if (rc == 0 && (fstat(src.fd, &after) < 0 ||
	    after.st_size != before.st_size ||
	    after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
	    after.st_mtim.tv_nsec != before.st_mtim.tv_nsec))
		rc = err_set(e, "%s changed while it was read: import it again "
		    "once it is written", src.name);
	close(src.fd);
	return rc;
}

int
csv_head_col(const csv_head *h, const char *folded)
{
	for (size_t i = 0; i < h->ncols; i++)
		if (strcmp(h->header[i], folded) == 0)
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* The whole file in a table, for small files. */

/* Cells go into one pool, remembered by offset (the pool moves as it
 * grows); the pointers are made once reading is over. */
struct collect {
	csv_table *t;
	strbuf pool;
	size_t *off;		/* offset in pool of each cell of every row */
	size_t noff, capoff;
	size_t *row_first;	/* index in off of each row's first cell */
	strbuf bad;		/* the first few cells with invisible characters */
	size_t nbad, shown;
};

static int
collect_header(void *arg, const csv_head *h, err_t *e)
{
	csv_table *t = ((struct collect *)arg)->t;

	(void)e;
	t->sep = h->sep;
	t->encoding = h->encoding;
	t->header = xcalloc(h->ncols ? h->ncols : 1, sizeof *t->header);
	for (size_t i = 0; i < h->ncols; i++)
		t->header[i] = xstrdup(h->header[i]);
	t->ncols = h->ncols;
	t->header_line = h->header_line;
	return 0;
}

static int
collect_row(void *arg, const csv_head *h, const csv_row *r, err_t *e)
{
	struct collect *c = arg;
	csv_table *t = c->t;

	(void)h;
	(void)e;
	if (r->nhidden > 0) {
		/* All are counted; the first few named (the table is refused). */
		for (const char *m = r->hidden; *m && c->shown < MAX_CELLS_SHOWN;
		    c->shown++) {
			const char *nl = strchr(m, '\n');
			size_t len = nl ? (size_t)(nl - m) + 1 : strlen(m);

			strbuf_add(&c->bad, m, len);
			m += len;
		}
		c->nbad += r->nhidden;
		return 0;
	}
	/* Grown by doubling: a million rows must not mean a million
	 * reallocations. */
	if ((t->nrows & (t->nrows - 1)) == 0) {
		size_t cap = t->nrows ? t->nrows * 2 : 16;

		t->rows = xrealloc(t->rows, cap * sizeof *t->rows);
		c->row_first = xrealloc(c->row_first, cap * sizeof *c->row_first);
	}
	t->rows[t->nrows] = (csv_row){ NULL, r->n, r->line, NULL, 0 };
	c->row_first[t->nrows++] = c->noff;
	for (size_t i = 0; i < r->n; i++) {
		if (c->noff == c->capoff) {
			c->capoff = c->capoff ? c->capoff * 2 : 64;
			c->off = xrealloc(c->off, c->capoff * sizeof *c->off);
		}
		c->off[c->noff++] = c->pool.len;
		strbuf_puts(&c->pool, r->cell[i]);
		strbuf_putc(&c->pool, '\0');
	}
	return 0;
}

/* Turns offsets into pointers, once the pool no longer moves. */
static void
collect_finish(struct collect *c)
{
	csv_table *t = c->t;

	t->pool = strbuf_take(&c->pool);
	t->cells = xcalloc(c->noff ? c->noff : 1, sizeof *t->cells);
	for (size_t i = 0; i < c->noff; i++)
		t->cells[i] = t->pool + c->off[i];
	for (size_t r = 0; r < t->nrows; r++)
		t->rows[r].cell = t->cells + c->row_first[r];
}

/* path: a file (or "-") when data is NULL. */
static int
load(const char *path, size_t max, const char *data, size_t len,
    csv_table *t, err_t *e)
{
	struct collect c = { .t = t };
	csv_sink sink = { collect_header, collect_row, &c };
	const char *name = data == NULL && strcmp(path, "-") == 0 ? "stdin" : path;
	int rc;

	memset(t, 0, sizeof *t);
	t->path = xstrdup(name);	/* from here on, csv_table_free() frees */
	t->encoding = "UTF-8";
	rc = data == NULL ? csv_stream(path, max, &sink, e) :
	    csv_stream_mem(data, len, name, &sink, e);
	collect_finish(&c);
	free(c.off);
	free(c.row_first);
	strbuf_free(&c.pool);
	if (rc == 0 && c.nbad > 0) {
		hidden_summary(&c.bad, name, c.nbad);
		rc = err_set(e, "%s", strbuf_str(&c.bad));
	}
	strbuf_free(&c.bad);
	if (rc < 0)
		csv_table_free(t);
	return rc;
}

int
csv_parse_mem(const char *data, size_t len, const char *name, csv_table *t,
    err_t *e)
{
	return load(name, SIZE_MAX, data ? data : "", len, t, e);
}

int
csv_load(const char *path, size_t max, csv_table *t, err_t *e)
{
	return load(path, max, NULL, 0, t, e);
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
