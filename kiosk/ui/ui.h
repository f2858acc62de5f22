/*
 * ui.h - a small immediate-mode toolkit, in the manner of rxi's microui.
 *
 * Each frame the screens call widgets in drawing order; a widget lays
 * itself out (rows and rects), appends drawing commands to a list
 * (rectangles, text runs, pictograms, QR modules, clip changes), registers
 * where it can be touched, and returns 1 when it was activated by the
 * input of this frame.  The renderer (render.h) turns the list into
 * pixels.  Nothing here knows SDL: text is measured through callbacks, so
 * the same frame can be drawn in a window or into a screenshot.
 *
 * Input comes from input.c already decided: a tap at a point, a scroll by
 * some pixels at a point, a key.  A tap is consumed by the first widget
 * that contains it in the next frame, so a frame must be built after
 * each input (kiosk.c does: input, frame, frame again while it changed
 * something, render).
 *
 * Widget ids are strings, unique within a frame ("btn:offers:emploi");
 * they name boxes in the layout report, the keyboard focus and the
 * persistent scroll state.
 */
#ifndef MSD_UI_H
#define MSD_UI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ui/qr.h"

typedef struct ui_rect { int x, y, w, h; } ui_rect;
typedef struct ui_color { unsigned char r, g, b, a; } ui_color;

enum ui_font { UI_REGULAR, UI_BOLD, UI_PICTO, UI_NFONTS };

enum ui_key {
	UI_KEY_NONE, UI_KEY_TAB, UI_KEY_BACKTAB, UI_KEY_ENTER, UI_KEY_ESCAPE,
	UI_KEY_UP, UI_KEY_DOWN, UI_KEY_PAGEUP, UI_KEY_PAGEDOWN,
	UI_KEY_BACKSPACE, UI_KEY_DIGIT, UI_KEY_STAFF
};

enum ui_cmd_type { UI_CMD_CLIP, UI_CMD_RECT, UI_CMD_TEXT, UI_CMD_ICON,
	UI_CMD_QR };

/* One drawing command.  Text bytes live in the context's arena
 * (ui_cmd_text()), so that the list stays valid until the next frame. */
typedef struct ui_cmd {
	enum ui_cmd_type type;
	ui_rect rect;		/* CLIP: the clip; TEXT: line box (x, top, -, h) */
	ui_color color;
	enum ui_font font;
	int size;		/* text size in pixels (em) */
	size_t text, len;	/* offset and length in the arena */
	uint32_t cp;		/* ICON: code point in the pictogram font */
	const qr *qr;		/* QR: modules; rect = symbol without quiet zone */
	int module;		/* QR: pixels per module */
	int rtl;		/* TEXT: in a right-to-left paragraph */
} ui_cmd;

/* Sizes (pixels) and colours, computed once from the window and DPI. */
typedef struct ui_style {
	double mm;			/* pixels per millimetre */
	int body, small, title, label;	/* text sizes */
	int line;			/* longest text line allowed (~60 chars) */
	/* The body size and line at normal text size ("Texte plus grand"
	 * scales body and line): what the QR panel is sized from, so that
	 * the code keeps its size. */
	int body_normal, line_normal;
	int pad, gap;			/* inner padding, space between boxes */
	int touch;			/* smallest touch target (15 mm) */
	int focus_w;			/* focus ring thickness */
	int bar_w;			/* scroll bar width */
	ui_color bg, text, muted, accent, accent_pressed, on_accent, card,
	    card_pressed, link, link_bg, focus, shade;
	ui_color mark;			/* the sentence read aloud */
} ui_style;

/* Text measurement, from the renderer's font cache. */
typedef struct ui_measure {
	int (*width)(void *arg, enum ui_font f, int size, const char *s,
	    size_t n);
	int (*line_height)(void *arg, enum ui_font f, int size);
	void *arg;
} ui_measure;

/* Glossary matching for ui_text(): if a link starts at s (a word start),
 * returns its index and sets *len to its length in bytes; -1 otherwise. */
typedef int (*ui_link_fn)(void *arg, const char *s, size_t *len);

typedef struct ui_ctx ui_ctx;

ui_ctx *ui_new(const ui_measure *m);
void ui_free(ui_ctx *c);
ui_style *ui_get_style(ui_ctx *c);
/* The glossary matcher used by every ui_text() with links on. */
void ui_set_links(ui_ctx *c, ui_link_fn fn, void *arg);

/* Right to left (Arabic): from the next frame on, everything drawn,
 * touched and reported is mirrored, and the words of a line are placed
 * by the bidirectional algorithm (bidi.h).  The screens lay out as for
 * left to right. */
void ui_set_rtl(ui_ctx *c, int on);
int ui_rtl(const ui_ctx *c);

/* ---- input (from input.c), taken into account by the next frame ---- */
/* Finger or button down at (x, y) (pressed look), or up (down = 0). */
void ui_input_pointer(ui_ctx *c, int x, int y, int down);
/* A tap (down and up without moving) at (x, y). */
void ui_input_tap(ui_ctx *c, int x, int y);
/* Scrolls the innermost scroll box under (x, y) by dy pixels (positive:
 * content moves up).  Returns 1 if it moved, 0 at an end or outside. */
int ui_input_scroll(ui_ctx *c, int x, int y, int dy);
/* A key; for UI_KEY_DIGIT, digit is '0'..'9'. */
void ui_input_key(ui_ctx *c, enum ui_key k, char digit);
/* Forgets the tap and key not yet used (the touch that only ends the
 * idle countdown must not also press what is under it). */
void ui_input_drop(ui_ctx *c);

/* ---- frames ---- */
/* Starts a frame for a w x h screen (clears it to the background). */
void ui_begin(ui_ctx *c, int w, int h);
/* Ends it.  Returns 1 if the frame changed something that needs another
 * frame (scroll clamped, focus scrolled into view). */
int ui_end(ui_ctx *c);
/* Asks for another frame after this one: what was touched changed how
 * this page looks (a chosen answer), not which page it is. */
void ui_again(ui_ctx *c);

/* The command list of the last frame and its text arena. */
const ui_cmd *ui_commands(const ui_ctx *c, size_t *n);
const char *ui_cmd_text(const ui_ctx *c, const ui_cmd *cmd);
/* The key of this frame not used by a widget (Escape, digits...). */
enum ui_key ui_key(const ui_ctx *c, char *digit);
/* Height of the screen of this frame. */
int ui_height(const ui_ctx *c);
/* 1 if a tap of this frame hit no widget (a touch beside a popup). */
int ui_tap_unused(const ui_ctx *c, int *x, int *y);
/* Forgets scroll positions and focus (new page, idle reset). */
void ui_reset_state(ui_ctx *c);
/* After a page change: 1 to put the focus on the first widget of the
 * next frame (the last input was a key), 0 to leave no focus. */
void ui_focus_first(ui_ctx *c, int on);
/* Id of the focused widget ("" if none). */
const char *ui_focus_id(const ui_ctx *c);
/* Offset of a scroll box by id (0 if unknown), for the state file. */
int ui_scroll_offset(const ui_ctx *c, const char *id);

/* The sentence read aloud (n bytes at s, copied; NULL: none): from
 * this frame on, every text that shows it shows it highlighted, and the
 * scroll box that holds it scrolls it into view once. */
void ui_set_mark(ui_ctx *c, const char *s, size_t n);

/* ---- ids ---- */

/* Ids of the widgets that follow are relative to part until
 * ui_pop_id(): "0" under "page" is "page.0" in the layout report, the
 * focus and the scroll state.  Parts nest. */
void ui_push_id(ui_ctx *c, const char *part);
void ui_pop_id(ui_ctx *c);

/* ---- popups ---- */

/* A popup: drawn after the page, a box over the shaded screen with a
 * border of that thickness.  From the frame after it appears until it
 * is gone, what lies outside every popup neither reacts, nor takes the
 * focus, nor scrolls (ui_end() asks for the frame that shows it).  The
 * popup's widgets go between ui_popup_begin() and ui_popup_end(). */
void ui_popup_begin(ui_ctx *c, ui_rect box, int border);
void ui_popup_end(ui_ctx *c);

/* ---- layout: a column with a cursor, inside a rect ---- */
/* Starts a column in r (no clip, no scroll).  Columns nest. */
void ui_column_begin(ui_ctx *c, ui_rect r, int gap);
void ui_column_end(ui_ctx *c);
/* The next box of height h across the column; the cursor moves down. */
ui_rect ui_next(ui_ctx *c, int h);
/* Width of the current column. */
int ui_width(const ui_ctx *c);
/* Narrows the current column to [x, x + w) (a centred text column
 * inside a full-width scroll box). */
void ui_column_span(ui_ctx *c, int x, int w);
/* The last box ui_next() gave. */
ui_rect ui_last(const ui_ctx *c);
/* Moves the cursor down by dy. */
void ui_space(ui_ctx *c, int dy);
/* Height used so far in the current column (scroll offset left out):
 * what a page has left to fill is its view's height minus this. */
int ui_used(const ui_ctx *c);
/* Cell i of n equal cells side by side in r, gap between them. */
ui_rect ui_split(ui_rect r, int i, int n, int gap);
/* A row of n cells, h high, as the next box of the column: widths[i]
 * pixels (NULL, or 0 for a cell: an equal share of what is left), the
 * style's gap between them.  ui_cell() gives them left to right. */
void ui_row(ui_ctx *c, int n, const int *widths, int h);
ui_rect ui_cell(ui_ctx *c);
/* r shrunk by d on every side. */
ui_rect ui_inset(ui_rect r, int d);

/* A column that scrolls vertically inside r when its content is taller
 * (with a visible scroll bar), clipped to r.  Never an overflow: the
 * reader scrolls.  The offset is kept by id until ui_reset_state(). */
void ui_scroll_begin(ui_ctx *c, const char *id, ui_rect r, int gap);
void ui_scroll_end(ui_ctx *c);

/* ---- drawing ---- */
void ui_fill(ui_ctx *c, ui_rect r, ui_color col);
/* Border of thickness t inside r. */
void ui_frame(ui_ctx *c, ui_rect r, int t, ui_color col);
/* A pictogram centred in r. */
void ui_icon(ui_ctx *c, ui_rect r, uint32_t cp, int size, ui_color col);
/* A QR code: the symbol's top-left at (x, y), module pixels a side, with
 * its white quiet zone drawn around it. */
void ui_qr(ui_ctx *c, const char *payload, const qr *q, int x, int y,
    int module);

/* ---- widgets ---- */
/* PRIMARY: dark, for actions; CARD: light with a border, for choices;
 * LINK: a tinted word in a text (the glossary). */
enum ui_button_kind { UI_BUTTON_PRIMARY, UI_BUTTON_CARD, UI_BUTTON_LINK };

/* The one control primitive, under button, tile and link: registers r
 * as touchable and focusable under id (Tab order, the tap of this
 * frame, Enter on the focus), draws its box in the look of kind,
 * pressed or focused, and returns 1 when it is activated.  What the
 * control shows goes on top. */
int ui_control(ui_ctx *c, const char *id, ui_rect r, enum ui_button_kind k);


/* Height a button needs at width w: at least style->touch, enough for its
 * wrapped label and sub-label (sub may be NULL). */
int ui_button_height(ui_ctx *c, int w, int picto_size, const char *label,
    const char *sub);
/* A button at r with a pictogram (cp 0: none) at its left, a bold label
 * and an optional sub-label, wrapped.  Returns 1 when tapped or
 * activated with Enter while focused. */
int ui_button(ui_ctx *c, const char *id, ui_rect r, enum ui_button_kind k,
    uint32_t cp, int picto_size, const char *label, const char *sub);
/* A tile: a large pictogram centred above its bold label (wrapped and
 * centred), for choices that are read by their picture (feedback
 * answers).  ui_tile_height() is the height it needs at width w. */
int ui_tile_height(ui_ctx *c, int w, int picto_size, const char *label);
int ui_tile(ui_ctx *c, const char *id, ui_rect r, enum ui_button_kind k,
    uint32_t cp, int picto_size, const char *label);
/* Wrapped text as the next box of the current column, at most
 * style->line wide, with its left edge at the column's plus indent.
 * links: 1 to make glossary words tappable.  Returns the index of the
 * link tapped or activated in this frame, -1 if none. */
int ui_text(ui_ctx *c, const char *id, const char *text, enum ui_font f,
    int size, ui_color col, int indent, int links);
/* Width of text on one line (no wrapping). */
int ui_text_width(ui_ctx *c, const char *text, enum ui_font f, int size);
/* 1 if no word of text is wider than w (it wraps without overflow). */
int ui_text_fits(ui_ctx *c, const char *text, enum ui_font f, int size,
    int w);
/* Height of that text at width w (no drawing, no report). */
int ui_text_height(ui_ctx *c, const char *text, enum ui_font f, int size,
    int w);
/* Text wrapped inside a fixed rect (a button or panel label); reported
 * as an overflow if it does not fit. */
void ui_label(ui_ctx *c, const char *id, ui_rect r, const char *text,
    enum ui_font f, int size, ui_color col);

/* ---- layout report (--layout-report) ---- */
/* One more box line, for what screens lay out by hand. */
void ui_report(ui_ctx *c, const char *kind, const char *id, ui_rect r,
    int overflow);
/* Starts (f != NULL) or stops collecting.  Each box of the following
 * frames is written as "KIND ID x y w h overflow=0|1"; QR codes as
 * "qr PAYLOAD x y size modules" (symbol without its quiet zone). */
void ui_report_to(ui_ctx *c, FILE *f);

#endif
