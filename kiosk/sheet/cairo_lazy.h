/*
 * cairo_lazy.h - cairo, loaded when a sheet is first drawn
 * (cairo_lazy.c defines the cairo functions the sheet calls).
 */
#ifndef MSD_CAIRO_LAZY_H
#define MSD_CAIRO_LAZY_H

#include "err.h"

/* Loads cairo if it is not yet: 0, or -1 + message (which package to
 * install).  The sheet calls it before any cairo function. */
int sheet_cairo_load(err_t *e);

#endif
