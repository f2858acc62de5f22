/*
 * bench/empty_pages.c N OUT.pdf - the reference for bench/sheet: the time
 * cairo needs, in a process of its own, to write N empty A4 pages as a PDF
 * file.  What `msd-kiosk sheet` does beyond it is the sheet's own work.
 */
#include <cairo.h>
#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
	if (argc != 3 || atoi(argv[1]) < 1) {
		fputs("usage: empty_pages N OUT.pdf\n", stderr);
		return 2;
	}
	int n = atoi(argv[1]);
	/* A4 in points, as the sheet's surface. */
	cairo_surface_t *s = cairo_pdf_surface_create(argv[2], 595.276, 841.890);
	cairo_t *cr = cairo_create(s);

	for (int i = 0; i < n; i++)
		cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "empty_pages: %s: %s\n", argv[2],
		    cairo_status_to_string(st));
		return 1;
	}
	return 0;
}
