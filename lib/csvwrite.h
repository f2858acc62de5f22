/*
 * csvwrite.h - CSV as every file this project writes it: what opens
 * cleanly in a French spreadsheet (UTF-8 with BOM, `;` separated, CRLF,
 * quoted where needed), and never a formula.
 *
 * A cell starting with =, +, -, @, tab or CR is one a spreadsheet may run
 * as a formula (CSV injection: "=HYPERLINK(...)", "=cmd|..."); it is
 * written with a leading ' as OWASP advises, which French Excel and
 * LibreOffice show as plain text: "+41221234567" becomes "'+41221234567".
 * A plain negative number ("-3", "-1,5") stays a number: it cannot be a
 * formula.
 */
#ifndef MSD_CSVWRITE_H
#define MSD_CSVWRITE_H

#include <stddef.h>
#include <stdio.h>

/* The UTF-8 BOM that tells spreadsheets the encoding. */
void csv_write_bom(FILE *f);

/* One row of n cells (NULL is an empty cell), neutralised and quoted as
 * above, ended by CRLF. */
void csv_write_row(FILE *f, const char *const *cells, size_t n);

/* 1 if csv_write_row() writes s with a leading '. */
int csv_cell_is_formula(const char *s);

#endif
