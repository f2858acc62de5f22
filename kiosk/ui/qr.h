/*
 * qr.h - QR codes (libqrencode) as a module grid that the screen and the
 * PDF both draw as squares: vector in the PDF, pixel-exact on screen.
 */
#ifndef MSD_QR_H
#define MSD_QR_H

#include "err.h"

typedef struct qr {
	int width;			/* modules per side, quiet zone excluded */
	unsigned char *dark;		/* width*width, 1 = dark module */
} qr;

/* Encodes payload (UTF-8, 8-bit mode, error correction level M). */
int qr_make(const char *payload, qr *out, err_t *e);
void qr_free(qr *q);

/* The quiet zone the standard asks for, in modules, on every side. */
#define QR_QUIET 4

#endif
