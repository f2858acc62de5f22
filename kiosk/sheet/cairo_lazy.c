/*
 * cairo_lazy.c - cairo, loaded when a sheet is first drawn (lazylib.h).
 *
 * cairo brings 5 libraries of its own (pixman, fontconfig and their
 * helpers) that the kiosk's screen and its screenshot never use: only the
 * printed sheet (sheet.c) draws with it.  These are the functions
 * sheet.c calls; sheet_cairo_load() says why cairo cannot be loaded,
 * before the first of them.
 */
#include "sheet/cairo_lazy.h"
#include "lazylib.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>

#define FNS(F, V, N) \
	F(cairo_t *, cairo_create, (cairo_surface_t *a), (a), NULL) \
	V(cairo_destroy, (cairo_t *a), (a)) \
	V(cairo_fill, (cairo_t *a), (a)) \
	V(cairo_font_extents, (cairo_t *a, cairo_font_extents_t *b), (a, \
	    b)) \
	V(cairo_font_face_destroy, (cairo_font_face_t *a), (a)) \
	F(cairo_font_options_t *, cairo_font_options_create, (void), (), \
	    NULL) \
	V(cairo_font_options_destroy, (cairo_font_options_t *a), (a)) \
	F(FT_Face, cairo_ft_scaled_font_lock_face, (cairo_scaled_font_t \
	    *a), (a), NULL) \
	V(cairo_ft_scaled_font_unlock_face, (cairo_scaled_font_t *a), (a)) \
	V(cairo_line_to, (cairo_t *a, double b, double c), (a, b, c)) \
	V(cairo_matrix_init_identity, (cairo_matrix_t *a), (a)) \
	V(cairo_matrix_init_scale, (cairo_matrix_t *a, double b, double \
	    c), (a, b, c)) \
	V(cairo_move_to, (cairo_t *a, double b, double c), (a, b, c)) \
	V(cairo_paint, (cairo_t *a), (a)) \
	F(cairo_surface_t *, cairo_pdf_surface_create_for_stream, \
	    (cairo_write_func_t a, void *b, double c, double d), (a, b, c, \
	    d), NULL) \
	V(cairo_pdf_surface_set_metadata, (cairo_surface_t *a, \
	    cairo_pdf_metadata_t b, const char *c), (a, b, c)) \
	F(cairo_surface_t *, cairo_recording_surface_create, \
	    (cairo_content_t a, const cairo_rectangle_t *b), (a, b), NULL) \
	V(cairo_rectangle, (cairo_t *a, double b, double c, double d, \
	    double e), (a, b, c, d, e)) \
	V(cairo_restore, (cairo_t *a), (a)) \
	V(cairo_save, (cairo_t *a), (a)) \
	V(cairo_scale, (cairo_t *a, double b, double c), (a, b, c)) \
	F(cairo_scaled_font_t *, cairo_scaled_font_create, \
	    (cairo_font_face_t *a, const cairo_matrix_t *b, const \
	    cairo_matrix_t *c, const cairo_font_options_t *d), (a, b, c, \
	    d), NULL) \
	V(cairo_scaled_font_destroy, (cairo_scaled_font_t *a), (a)) \
	F(cairo_status_t, cairo_scaled_font_status, (cairo_scaled_font_t \
	    *a), (a), CAIRO_STATUS_NO_MEMORY) \
	V(cairo_set_font_face, (cairo_t *a, cairo_font_face_t *b), (a, b)) \
	V(cairo_set_font_size, (cairo_t *a, double b), (a, b)) \
	V(cairo_set_line_cap, (cairo_t *a, cairo_line_cap_t b), (a, b)) \
	V(cairo_set_line_width, (cairo_t *a, double b), (a, b)) \
	V(cairo_set_source_rgb, (cairo_t *a, double b, double c, double \
	    d), (a, b, c, d)) \
	V(cairo_set_source_surface, (cairo_t *a, cairo_surface_t *b, \
	    double c, double d), (a, b, c, d)) \
	V(cairo_show_glyphs, (cairo_t *a, const cairo_glyph_t *b, int c), \
	    (a, b, c)) \
	V(cairo_show_page, (cairo_t *a), (a)) \
	V(cairo_show_text, (cairo_t *a, const char *b), (a, b)) \
	F(cairo_status_t, cairo_status, (cairo_t *a), (a), \
	    CAIRO_STATUS_NO_MEMORY) \
	F(const char *, cairo_status_to_string, (cairo_status_t a), (a), \
	    lazy.why) \
	V(cairo_stroke, (cairo_t *a), (a)) \
	V(cairo_surface_destroy, (cairo_surface_t *a), (a)) \
	V(cairo_surface_finish, (cairo_surface_t *a), (a)) \
	F(cairo_status_t, cairo_surface_status, (cairo_surface_t *a), (a), \
	    CAIRO_STATUS_NO_MEMORY) \
	V(cairo_text_extents, (cairo_t *a, const char *b, \
	    cairo_text_extents_t *c), (a, b, c)) \
	F(cairo_font_face_t *, cairo_toy_font_face_create, (const char *a, \
	    cairo_font_slant_t b, cairo_font_weight_t c), (a, b, c), NULL) \
	V(cairo_translate, (cairo_t *a, double b, double c), (a, b, c))

LAZYLIB_DEFINE(FNS, "libcairo.so.2", "libcairo2")

int
sheet_cairo_load(err_t *e)
{
	return lazylib_get(&lazy, e) ? 0 : -1;
}
