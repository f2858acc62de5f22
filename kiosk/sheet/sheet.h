/*
 * sheet.h - printed QR offer sheets: an A4 PDF drawn with cairo, and
 * printing it through CUPS (`lp`, run with fork/execvp).
 */
#ifndef MSD_SHEET_H
#define MSD_SHEET_H

#include <stddef.h>

#include "err.h"
#include "content/pack.h"

struct sheet_opts {
	const char *msd;		/* MSD code, required */
	const char *theme;		/* NULL = every theme */
	const char *offer;		/* non-NULL: a one-offer poster */
};

/* Writes the PDF atomically at out (no partial file on failure).
 * -1 + message on unknown MSD/theme/offer (callers exit 2) or I/O error. */
int sheet_write(const pack *p, const struct sheet_opts *o, const char *out,
    err_t *e);

/* Sends pdf to CUPS with lp (printer NULL = default).  On success fills
 * msg with what was sent to which printer ("job ... sent to ...") and
 * returns 0; on failure a message for staff saying what to do, -1.  The
 * words are p's (interface.csv impression.*), in p's language. */
int sheet_print(const pack *p, const char *pdf, const char *printer,
    char *msg, size_t n);

#endif
