/* ui.c, headless: a fake font (every character 10 px wide at size 10,
 * lines as high as the size) is all it needs.  Taps, focus and Enter,
 * rows, the id stack, popups, scroll boxes, wrapping, and the layout
 * report that the kiosk's tests read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ui/ui.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
fake_width(void *arg, enum ui_font f, int size, const char *s, size_t n)
{
	char *copy = strndup(s, n);
	int w = (int)utf8_len(copy) * size;

	(void)arg; (void)f;
	free(copy);
	return w;
}

static int
fake_line_height(void *arg, enum ui_font f, int size)
{
	(void)arg; (void)f;
	return size;
}

static const ui_measure fake = { fake_width, fake_line_height, NULL };

static ui_ctx *
new_ui(void)
{
	ui_ctx *c = ui_new(&fake);
	ui_style *st = ui_get_style(c);

	st->body = st->small = st->label = st->title = 10;
	st->line = 200;
	st->pad = 4;
	st->gap = 6;
	st->touch = 20;
	st->focus_w = 2;
	st->bar_w = 5;
	st->mm = 4;
	return c;
}

/* Two buttons side by side; returns which were activated (bit 0, 1). */
static int
two_buttons(ui_ctx *c)
{
	int hit = 0;

	ui_begin(c, 400, 300);
	ui_column_begin(c, (ui_rect){ 0, 0, 400, 300 }, 0);
	ui_row(c, 2, NULL, 40);
	if (ui_button(c, "a", ui_cell(c), UI_BUTTON_PRIMARY, 0, 10, "A", NULL))
		hit |= 1;
	if (ui_button(c, "b", ui_cell(c), UI_BUTTON_CARD, 0, 10, "B", NULL))
		hit |= 2;
	ui_column_end(c);
	ui_end(c);
	return hit;
}

static void
test_tap_hits_one_control_once(void **state)
{
	ui_ctx *c = new_ui();

	(void)state;
	assert_int_equal(two_buttons(c), 0);
	ui_input_tap(c, 300, 20);		/* in "b" */
	assert_int_equal(two_buttons(c), 2);
	assert_int_equal(two_buttons(c), 0);	/* a tap is used once */
	ui_input_tap(c, 200, 100);		/* below both */
	assert_int_equal(two_buttons(c), 0);
	ui_free(c);
}

static void
test_tab_and_enter(void **state)
{
	ui_ctx *c = new_ui();

	(void)state;
	two_buttons(c);
	ui_input_key(c, UI_KEY_TAB, 0);
	two_buttons(c);
	assert_string_equal(ui_focus_id(c), "a");
	ui_input_key(c, UI_KEY_TAB, 0);
	two_buttons(c);
	assert_string_equal(ui_focus_id(c), "b");
	ui_input_key(c, UI_KEY_ENTER, 0);
	assert_int_equal(two_buttons(c), 2);
	ui_input_key(c, UI_KEY_BACKTAB, 0);
	two_buttons(c);
	assert_string_equal(ui_focus_id(c), "a");
	ui_reset_state(c);
	two_buttons(c);
	assert_string_equal(ui_focus_id(c), "");
	ui_free(c);
}

static void
test_row_cells(void **state)
{
	ui_ctx *c = new_ui();
	const int widths[3] = { 50, 0, 0 };

	(void)state;
	ui_begin(c, 400, 300);
	ui_column_begin(c, (ui_rect){ 10, 20, 301, 200 }, 5);
	/* Equal cells are ui_split()'s, the last one taking the rest. */
	ui_row(c, 3, NULL, 30);
	for (int i = 0; i < 3; i++) {
		ui_rect a = ui_cell(c);
		ui_rect b = ui_split((ui_rect){ 10, 20, 301, 30 }, i, 3, 6);
		assert_memory_equal(&a, &b, sizeof a);
	}
	/* A fixed cell, then two shares of what is left; the column's gap
	 * before the row, the style's gap between cells. */
	ui_row(c, 3, widths, 10);
	ui_rect r0 = ui_cell(c), r1 = ui_cell(c), r2 = ui_cell(c);
	assert_int_equal(r0.y, 20 + 30 + 5);
	assert_int_equal(r0.x, 10);
	assert_int_equal(r0.w, 50);
	assert_int_equal(r1.x, 66);
	assert_int_equal(r1.w, (301 - 12 - 50) / 2);
	assert_int_equal(r2.x, r1.x + r1.w + 6);
	assert_int_equal(r2.x + r2.w, 10 + 301);
	assert_int_equal(ui_used(c), 30 + 5 + 10);
	ui_column_end(c);
	ui_end(c);
	ui_free(c);
}

/* The layout report of one frame, in buf. */
static void
report_frame(ui_ctx *c, char *buf, size_t n, int popup)
{
	FILE *f = fmemopen(buf, n, "w");

	assert_non_null(f);
	ui_report_to(c, f);
	ui_begin(c, 400, 300);
	ui_column_begin(c, (ui_rect){ 0, 0, 400, 300 }, 0);
	ui_push_id(c, "page");
	ui_text(c, "0", "Bonjour", UI_REGULAR, 10, (ui_color){ 0 }, 0, 0);
	ui_push_id(c, "for");
	ui_text(c, "title", "Pour qui ?", UI_BOLD, 10, (ui_color){ 0 }, 0, 0);
	ui_pop_id(c);
	ui_pop_id(c);
	ui_button(c, "ok", ui_next(c, 20), UI_BUTTON_PRIMARY, 0, 10, "OK",
	    NULL);
	if (popup) {
		ui_popup_begin(c, (ui_rect){ 100, 100, 200, 100 }, 3);
		ui_button(c, "close", (ui_rect){ 110, 110, 50, 20 },
		    UI_BUTTON_PRIMARY, 0, 10, "X", NULL);
		ui_popup_end(c);
	}
	ui_column_end(c);
	ui_end(c);
	ui_report_to(c, NULL);
	fclose(f);
}

static void
test_id_stack_names_boxes(void **state)
{
	ui_ctx *c = new_ui();
	char buf[4096] = "\n";

	(void)state;
	/* After a newline: every box starts a line. */
	report_frame(c, buf + 1, sizeof buf - 1, 0);
	assert_non_null(strstr(buf, "\ntext page.0 0 0 "));
	assert_non_null(strstr(buf, "\ntext page.for.title 0 "));
	/* Popped: back to the top. */
	assert_non_null(strstr(buf, "\nbutton ok 0 "));
	assert_null(strstr(buf, "page.ok"));
	ui_free(c);
}

static void
test_popup_makes_the_page_inert(void **state)
{
	ui_ctx *c = new_ui();
	char buf[4096];

	(void)state;
	/* The frame a popup appears in: the page still took its touch
	 * (it opened the popup); the next frame is asked for. */
	ui_begin(c, 400, 300);
	ui_popup_begin(c, (ui_rect){ 100, 100, 200, 100 }, 3);
	ui_popup_end(c);
	assert_int_equal(ui_end(c), 1);
	/* Then the page under it neither reacts nor takes the focus. */
	report_frame(c, buf, sizeof buf, 1);	/* the order Tab follows */
	ui_input_key(c, UI_KEY_TAB, 0);
	report_frame(c, buf, sizeof buf, 1);
	assert_string_equal(ui_focus_id(c), "close");	/* not "ok" */
	int x, y;
	ui_input_tap(c, 10, 25);
	ui_begin(c, 400, 300);
	ui_column_begin(c, (ui_rect){ 0, 0, 400, 300 }, 0);
	assert_int_equal(ui_button(c, "ok", ui_next(c, 20),
	    UI_BUTTON_PRIMARY, 0, 10, "OK", NULL), 0);
	ui_popup_begin(c, (ui_rect){ 100, 100, 200, 100 }, 3);
	ui_button(c, "close", (ui_rect){ 110, 110, 50, 20 },
	    UI_BUTTON_PRIMARY, 0, 10, "X", NULL);
	ui_popup_end(c);
	/* A touch beside the popup is left for it to close on. */
	assert_int_equal(ui_tap_unused(c, &x, &y), 1);
	assert_int_equal(x, 10);
	ui_column_end(c);
	assert_int_equal(ui_end(c), 0);
	/* Gone: the next frame is asked for, and the page is live. */
	ui_begin(c, 400, 300);
	assert_int_equal(ui_end(c), 1);
	assert_int_equal(two_buttons(c) == 0, 1);
	ui_input_tap(c, 10, 20);
	assert_int_equal(two_buttons(c), 1);
	ui_free(c);
}

/* A scroll box of 100 px holding 10 boxes of 30 px. */
static void
scroll_frame(ui_ctx *c)
{
	ui_begin(c, 400, 300);
	ui_scroll_begin(c, "page", (ui_rect){ 0, 0, 400, 100 }, 0);
	for (int i = 0; i < 10; i++)
		ui_next(c, 30);
	ui_scroll_end(c);
	ui_end(c);
}

static void
test_scroll_moves_and_clamps(void **state)
{
	ui_ctx *c = new_ui();

	(void)state;
	scroll_frame(c);
	assert_int_equal(ui_scroll_offset(c, "page"), 0);
	assert_int_equal(ui_input_scroll(c, 50, 50, 120), 1);
	scroll_frame(c);
	assert_int_equal(ui_scroll_offset(c, "page"), 120);
	/* At most content minus view: 300 - 100. */
	ui_input_scroll(c, 50, 50, 1000);
	scroll_frame(c);
	assert_int_equal(ui_scroll_offset(c, "page"), 200);
	assert_int_equal(ui_input_scroll(c, 50, 50, 10), 0);
	/* Outside the box: nothing moves. */
	assert_int_equal(ui_input_scroll(c, 50, 200, -50), 0);
	ui_reset_state(c);
	scroll_frame(c);
	assert_int_equal(ui_scroll_offset(c, "page"), 0);
	ui_free(c);
}

static void
test_wrap_heights(void **state)
{
	ui_ctx *c = new_ui();

	(void)state;
	ui_begin(c, 400, 300);
	/* 10 px a character: "un deux trois" is 130 px on one line. */
	assert_int_equal(ui_text_width(c, "un deux trois", UI_REGULAR, 10),
	    130);
	int lh = ui_text_height(c, "un", UI_REGULAR, 10, 130);
	assert_true(lh >= 10);
	assert_int_equal(ui_text_height(c, "un deux trois", UI_REGULAR, 10,
	    130), lh);
	assert_int_equal(ui_text_height(c, "un deux trois", UI_REGULAR, 10,
	    80), 2 * lh);
	assert_int_equal(ui_text_height(c, "un deux trois", UI_REGULAR, 10,
	    50), 3 * lh);
	/* A word wider than the line is cut, never left to overflow. */
	assert_int_equal(ui_text_height(c, "un deux trois", UI_REGULAR, 10,
	    40), 4 * lh);
	assert_int_equal(ui_text_fits(c, "anticonstitutionnellement",
	    UI_REGULAR, 10, 100), 0);
	assert_int_equal(ui_text_fits(c, "un deux", UI_REGULAR, 10, 50), 1);
	ui_end(c);
	ui_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tap_hits_one_control_once),
		cmocka_unit_test(test_tab_and_enter),
		cmocka_unit_test(test_row_cells),
		cmocka_unit_test(test_id_stack_names_boxes),
		cmocka_unit_test(test_popup_makes_the_page_inert),
		cmocka_unit_test(test_scroll_moves_and_clamps),
		cmocka_unit_test(test_wrap_heights),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
