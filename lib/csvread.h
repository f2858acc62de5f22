/*
 * csvread.h - CSV files as French spreadsheets write them (libcsv parses).
 *
 * Reading: `;`, `,` or tab separated (guessed from the header line),
 * UTF-8 with or without BOM, or Windows-1252 (converted with iconv), one
 * of the two for the whole file: a file mixing them is refused with the
 * lines that break its encoding.  RFC 4180 quoting.  Lines end with CRLF,
 * LF or a CR alone.  Every row keeps the line it starts on, so that errors
 * can say FILE:LINE.  Header names are folded (utf8_fold): look columns up
 * with folded names ("telephone", "rdv_id"); a name given twice is
 * refused.  Rows whose cells are all empty (spreadsheets add them) are
 * dropped.  Cells are trimmed.  A cell holding a control character (but
 * tab, and line breaks inside quotes), an invisible or bidirectional one
 * or a BOM is refused with its line (utf8_is_hidden).
 *
 * Writing is csvwrite.h, included here for the programs that do both.
 */
#ifndef MSD_CSVREAD_H
#define MSD_CSVREAD_H

#include <stddef.h>
#include <stdio.h>

#include "csvwrite.h"
#include "err.h"

typedef struct csv_row {
	char **cell;
	size_t n;
	int line;		/* 1-based line of the file where the row starts */
	/* Streaming only (NULL, 0 in a table): the first few messages about
	 * the row's cells that hold an invisible or control character, one
	 * line each ("PATH:LINE: ...\n"), and how many such cells there are.
	 * Such a row must be refused. */
	const char *hidden;
	size_t nhidden;
} csv_row;

/* What is known of a file once its header line is read. */
typedef struct csv_head {
	const char *path;	/* as given, "stdin" for "-" */
	char sep;		/* the separator found */
	const char *encoding;	/* "UTF-8" or "Windows-1252" */
	char **header;		/* folded header names */
	size_t ncols;
	int header_line;
} csv_head;

/*
 * Reading row by row, in constant memory whatever the file's size: the
 * header, then each data row in order, go to a sink.  A callback returns
 * 0 to go on, or -1 (and fills e) to stop the reading, which then returns
 * -1 with that message.  h and r are valid during the call only.
 */
typedef struct csv_sink {
	int (*header)(void *arg, const csv_head *h, err_t *e);
	int (*row)(void *arg, const csv_head *h, const csv_row *r, err_t *e);
	void *arg;
} csv_sink;

/* Bytes read at a time: what the reader must get right across (a CRLF,
 * a UTF-8 sequence, a quoted line break cut in two). */
enum { CSV_CHUNK = 256 * 1024 };

/* Streams a regular file, or standard input for "-" (called "stdin" in
 * messages, spooled to an unlinked temporary file), of at most max bytes.
 * The file is read twice: once to decide its encoding and check its size
 * (nothing reaches the sink from a file that fails there), then to parse.
 * A FIFO, a directory or a device is refused without being read or
 * waited on.  -1 + message when the file cannot be read, has changed
 * between the two readings, or "PATH:LINE: ..." on malformed input (rows
 * before it have already gone to the sink). */
int csv_stream(const char *path, size_t max, const csv_sink *s, err_t *e);
/* Same, from memory (name is used in messages). */
int csv_stream_mem(const char *data, size_t len, const char *name,
    const csv_sink *s, err_t *e);

/* Column index for a folded name, or -1. */
int csv_head_col(const csv_head *h, const char *folded);

/* The whole file in memory, for small files (content sources). */
typedef struct csv_table {
	char *path;
	char sep;		/* the separator found */
	const char *encoding;	/* "UTF-8" or "Windows-1252" */
	char **header;		/* folded header names */
	size_t ncols;
	int header_line;
	csv_row *rows;		/* data rows, header excluded */
	size_t nrows;
	/* Storage behind the rows: every cell's text in one block and every
	 * row's cell pointers in one array, so that a large file costs a few
	 * allocations instead of one per cell.  Private to csvread.c. */
	char *pool;
	char **cells;
} csv_table;

/* Reads a whole file (as csv_stream) into a table.  Cells with an
 * invisible character make it fail with the first few of them named. */
int csv_load(const char *path, size_t max, csv_table *t, err_t *e);
/* Same, from memory (name is used in messages). */
int csv_parse_mem(const char *data, size_t len, const char *name,
    csv_table *t, err_t *e);
void csv_table_free(csv_table *t);

/* Column index for a folded name, or -1. */
int csv_col(const csv_table *t, const char *folded);
/* A row's cell, "" when col is -1 or the row is short. */
const char *csv_cell(const csv_row *r, int col);

#endif
