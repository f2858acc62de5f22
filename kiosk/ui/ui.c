/*
 * ui.c - the immediate-mode toolkit (see ui.h).
 *
 * State that must outlive a frame is small and kept here: the focus, the
 * order of focusable widgets in the last frame (for Tab), and the scroll
 * boxes' offsets and geometry (for drags that arrive between frames).
 */
#include "ui/ui.h"
#include "ui/bidi.h"
#include "strbuf.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

#define MAX_COLS	8
#define MAX_SCROLLS	16
#define MAX_FOCUS	1024
#define MAX_IDS		8	/* depth of the id stack */
#define MAX_CELLS	16	/* cells of one ui_row() */
#define MAX_ID		160	/* bytes of a widget's whole id */

struct scroll {
	uint32_t id;
	char name[MAX_ID];
	int used;		/* slot taken */
	int offset;		/* pixels the content is moved up */
	int content_h;		/* content height in the last frame */
	ui_rect view;		/* where it was in the last frame */
	int inert;		/* outside the popup in the last frame */
	int depth;		/* nesting, to find the innermost */
};

struct column {
	ui_rect r;		/* x, w used; y = where content starts */
	int y;			/* cursor */
	int gap, any;
	int scroll;		/* index in scrolls[] or -1 */
	ui_rect clip;		/* clip to restore at the end */
};

/* Pieces (text.h) on one line sharing a link value: a glossary word's
 * tint and touch target.  (Text is drawn piece by piece, at the measured
 * places: a long run shaped as a whole can come out a few pixels wider.) */
struct run {
	size_t off, len;
	int x, w, line, link, first;	/* first: first run of its link */
	int tx;				/* text starts at x + tx */
};

struct ui_ctx {
	ui_measure m;
	ui_style st;
	ui_link_fn link_fn;
	unsigned char *seen;	/* links already shown in this frame */
	size_t capseen;
	void *link_arg;
	int w, h;

	ui_cmd *cmds;
	size_t ncmds, capcmds;
	strbuf arena;

	/* input waiting for the next frame, then in use during it */
	int tap_pending, tap_px, tap_py;
	int tap, tap_x, tap_y, tap_used;
	int ptr_down, ptr_x, ptr_y;
	enum ui_key key_pending, key;
	char digit_pending, digit;
	int key_used;

	/* focus */
	uint32_t focus;
	char focus_name[MAX_ID];
	uint32_t prev_order[MAX_FOCUS], order[MAX_FOCUS];
	char first_name[MAX_ID];
	size_t nprev, norder;
	int focus_first, focus_moved, focus_seen;
	ui_rect focus_rect;
	int focus_scroll;	/* scroll holding the focused widget, -1 */

	/* popups: from the frame after one appears, what lies outside it
	 * is inert (the frame it appears in, the page under it had the
	 * touch that opened it) */
	int popup_prev, popup_now, popup_depth;
	int again;
	int scroll_key;		/* pending Up/Down/PageUp/PageDown */
	int last_scroll;	/* last non-inert scroll box of the frame */

	struct column cols[MAX_COLS];
	int ncols;
	/* the row of ui_row(): its cells, and the next one ui_cell() gives */
	ui_rect cells[MAX_CELLS];
	int ncells, cell;
	/* the id stack: ids are relative to the parts pushed, joined with
	 * '.' ("page" + "0" is "page.0") */
	char idbuf[MAX_ID];
	size_t idlen[MAX_IDS];
	int nids;
	ui_rect last;
	ui_rect clip;
	struct scroll scrolls[MAX_SCROLLS];

	/* the sentence read aloud (ui_set_mark()): highlighted wherever a
	 * text shows it, scrolled into view once when it changes */
	char *mark;
	size_t mark_len;
	int mark_moved, mark_seen, mark_scroll;
	ui_rect mark_rect;

	text_layout text;	/* the text being wrapped, in pieces */
	struct run *runs;
	size_t nruns, capruns;

	FILE *report;
	int rtl;		/* ui_set_rtl(): drawn in a mirror */
};

static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h ? h : 1;
}

static int
imax(int a, int b)
{
	return a > b ? a : b;
}

static int
imin(int a, int b)
{
	return a < b ? a : b;
}

static int
inside(ui_rect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

static ui_rect
intersect(ui_rect a, ui_rect b)
{
	int x0 = imax(a.x, b.x), y0 = imax(a.y, b.y);
	int x1 = imin(a.x + a.w, b.x + b.w), y1 = imin(a.y + a.h, b.y + b.h);
	ui_rect r = { x0, y0, imax(0, x1 - x0), imax(0, y1 - y0) };
	return r;
}

/* id under the id stack, in buf: the name a widget has in the layout
 * report, the focus and the scroll state. */
static const char *
full_id(const ui_ctx *c, const char *id, char *buf, size_t n)
{
	size_t k = strlen(c->idbuf), m = strlen(id);

	if (c->nids == 0)
		return id;
	/* Cut, never overrun: ids are short, and a cut one still names a
	 * box (only two cut alike would share their focus). */
	if (k > n - 2)
		k = n - 2;
	if (m > n - 2 - k)
		m = n - 2 - k;
	memcpy(buf, c->idbuf, k);
	buf[k] = '.';
	memcpy(buf + k + 1, id, m);
	buf[k + 1 + m] = '\0';
	return buf;
}

/* Outside every popup while one is up. */
static int
inert(const ui_ctx *c)
{
	return c->popup_prev && c->popup_depth == 0;
}

ui_ctx *
ui_new(const ui_measure *m)
{
	ui_ctx *c = xcalloc(1, sizeof *c);

	c->m = *m;
	c->focus_scroll = -1;
	return c;
}

void
ui_free(ui_ctx *c)
{
	if (c)
		free(c->mark);
	if (c == NULL)
		return;
	free(c->cmds);
	strbuf_free(&c->arena);
	text_layout_free(&c->text);
	free(c->runs);
	free(c->seen);
	free(c);
}

ui_style *
ui_get_style(ui_ctx *c)
{
	return &c->st;
}

void
ui_set_links(ui_ctx *c, ui_link_fn fn, void *arg)
{
	c->link_fn = fn;
	c->link_arg = arg;
}

/* Right to left, the whole screen is laid out as for left to right and
 * drawn in a mirror: Retour goes right, lists and text align right, the
 * QR panel changes side, the scroll bar goes left.  Only what is drawn,
 * touched and reported is mirrored; the screens lay out one way. */
static ui_rect
mirror(const ui_ctx *c, ui_rect r)
{
	if (c->rtl)
		r.x = c->w - r.x - r.w;
	return r;
}

/* A touch at x on the glass, where the layout has it. */
static int
touch_x(const ui_ctx *c, int x)
{
	return c->rtl ? c->w - 1 - x : x;
}

/* ------------------------------------------------------------ input */

void
ui_input_pointer(ui_ctx *c, int x, int y, int down)
{
	c->ptr_x = x;
	c->ptr_y = y;
	c->ptr_down = down;
}

void
ui_input_tap(ui_ctx *c, int x, int y)
{
	c->tap_pending = 1;
	c->tap_px = x;
	c->tap_py = y;
}

static int
scroll_max(const struct scroll *s)
{
	return imax(0, s->content_h - s->view.h);
}

int
ui_input_scroll(ui_ctx *c, int x, int y, int dy)
{
	struct scroll *best = NULL;

	x = touch_x(c, x);
	for (int i = 0; i < MAX_SCROLLS; i++) {
		struct scroll *s = &c->scrolls[i];
		if (s->used && !s->inert && inside(s->view, x, y) &&
		    (best == NULL || s->depth > best->depth))
			best = s;
	}
	if (best == NULL)
		return 0;
	int old = best->offset;
	best->offset = imax(0, imin(scroll_max(best), best->offset + dy));
	return best->offset != old;
}

void
ui_input_key(ui_ctx *c, enum ui_key k, char digit)
{
	c->key_pending = k;
	c->digit_pending = digit;
}

void
ui_input_drop(ui_ctx *c)
{
	c->tap_pending = 0;
	c->key_pending = UI_KEY_NONE;
	c->ptr_down = 0;
}

/* ------------------------------------------------------------ frames */

static ui_cmd *
push_cmd(ui_ctx *c, enum ui_cmd_type t, ui_rect r, ui_color col)
{
	if (c->ncmds == c->capcmds) {
		c->capcmds = c->capcmds ? c->capcmds * 2 : 256;
		c->cmds = xrealloc(c->cmds, c->capcmds * sizeof *c->cmds);
	}
	ui_cmd *cmd = &c->cmds[c->ncmds++];
	memset(cmd, 0, sizeof *cmd);
	cmd->type = t;
	cmd->rect = mirror(c, r);
	cmd->color = col;
	cmd->rtl = c->rtl;
	return cmd;
}

static void
report_box(ui_ctx *c, const char *kind, const char *id, ui_rect r,
    int overflow)
{
	char buf[MAX_ID];

	r = mirror(c, r);
	if (c->report)
		fprintf(c->report, "%s %s %d %d %d %d overflow=%d\n", kind,
		    full_id(c, id, buf, sizeof buf), r.x, r.y, r.w, r.h,
		    overflow);
}

static void
set_clip(ui_ctx *c, ui_rect r)
{
	c->clip = r;
	push_cmd(c, UI_CMD_CLIP, r, c->st.bg);
}

static struct scroll *
scroll_get(ui_ctx *c, const char *id, int *idx)
{
	char buf[MAX_ID];
	const char *name = full_id(c, id, buf, sizeof buf);
	uint32_t h = hash(name);
	int free_slot = -1;

	for (int i = 0; i < MAX_SCROLLS; i++) {
		if (c->scrolls[i].used && c->scrolls[i].id == h) {
			*idx = i;
			return &c->scrolls[i];
		}
		if (!c->scrolls[i].used && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0)
		free_slot = 0;	/* more than MAX_SCROLLS: reuse, harmless */
	struct scroll *s = &c->scrolls[free_slot];
	memset(s, 0, sizeof *s);
	s->used = 1;
	s->id = h;
	snprintf(s->name, sizeof s->name, "%s", name);
	*idx = free_slot;
	return s;
}

static void
focus_step(ui_ctx *c, int dir)
{
	size_t i;

	if (c->nprev == 0)
		return;
	for (i = 0; i < c->nprev && c->prev_order[i] != c->focus; i++)
		;
	if (i == c->nprev)
		i = dir > 0 ? 0 : c->nprev - 1;
	else
		i = (i + c->nprev + (size_t)(dir > 0 ? 1 : -1)) % c->nprev;
	c->focus = c->prev_order[i];
	c->focus_moved = 1;
}

void
ui_begin(ui_ctx *c, int w, int h)
{
	c->w = w;
	c->h = h;
	c->ncmds = 0;
	strbuf_reset(&c->arena);
	strbuf_putc(&c->arena, '\0');	/* offset 0 is the empty string */
	c->tap = c->tap_pending;
	c->tap_x = touch_x(c, c->tap_px);
	c->tap_y = c->tap_py;
	c->tap_pending = 0;
	c->tap_used = 0;
	c->key = c->key_pending;
	c->digit = c->digit_pending;
	c->key_pending = UI_KEY_NONE;
	c->key_used = 0;
	c->norder = 0;
	c->first_name[0] = '\0';
	c->focus_moved = 0;
	c->focus_seen = 0;
	c->focus_scroll = -1;
	c->mark_seen = 0;
	c->mark_scroll = -1;
	c->popup_now = 0;
	c->popup_depth = 0;
	if (c->seen)
		memset(c->seen, 0, c->capseen);
	c->nids = 0;
	c->idbuf[0] = '\0';
	c->ncells = c->cell = 0;
	c->again = 0;
	c->last_scroll = -1;
	c->scroll_key = 0;
	c->ncols = 0;
	switch (c->key) {
	case UI_KEY_TAB:
		focus_step(c, 1);
		c->key_used = 1;
		break;
	case UI_KEY_BACKTAB:
		focus_step(c, -1);
		c->key_used = 1;
		break;
	case UI_KEY_UP: case UI_KEY_DOWN:
	case UI_KEY_PAGEUP: case UI_KEY_PAGEDOWN:
		c->scroll_key = c->key;
		c->key_used = 1;
		break;
	default:
		break;
	}
	ui_rect all = { 0, 0, w, h };
	set_clip(c, all);
	ui_fill(c, all, c->st.bg);
}

int
ui_end(ui_ctx *c)
{
	if (c->scroll_key && c->last_scroll >= 0) {
		struct scroll *s = &c->scrolls[c->last_scroll];
		int step = c->scroll_key == UI_KEY_UP ? -3 * c->st.body :
		    c->scroll_key == UI_KEY_DOWN ? 3 * c->st.body :
		    c->scroll_key == UI_KEY_PAGEUP ? -(s->view.h * 4 / 5) :
		    s->view.h * 4 / 5;
		int old = s->offset;
		s->offset = imax(0, imin(scroll_max(s), s->offset + step));
		if (s->offset != old)
			c->again = 1;
	}
	if (c->focus_first && c->norder > 0) {
		c->focus = c->order[0];
		snprintf(c->focus_name, sizeof c->focus_name, "%s",
		    c->first_name);
		c->focus_first = 0;
		c->again = 1;
	} else if (c->focus && !c->focus_seen) {
		c->focus = 0;
		c->focus_name[0] = '\0';
		c->again = 1;
	}
	memcpy(c->prev_order, c->order, c->norder * sizeof c->order[0]);
	c->nprev = c->norder;
	/* A popup came or went: the page under it changes from live to
	 * inert or back, which the next frame shows. */
	if (c->popup_now != c->popup_prev)
		c->again = 1;
	c->popup_prev = c->popup_now;
	return c->again;
}

void
ui_again(ui_ctx *c)
{
	c->again = 1;
}

const ui_cmd *
ui_commands(const ui_ctx *c, size_t *n)
{
	*n = c->ncmds;
	return c->cmds;
}

const char *
ui_cmd_text(const ui_ctx *c, const ui_cmd *cmd)
{
	return strbuf_str(&c->arena) + cmd->text;
}

enum ui_key
ui_key(const ui_ctx *c, char *digit)
{
	if (c->key_used)
		return UI_KEY_NONE;
	if (digit)
		*digit = c->digit;
	return c->key;
}

int
ui_tap_unused(const ui_ctx *c, int *x, int *y)
{
	if (!c->tap || c->tap_used)
		return 0;
	*x = c->tap_x;
	*y = c->tap_y;
	return 1;
}

void
ui_reset_state(ui_ctx *c)
{
	memset(c->scrolls, 0, sizeof c->scrolls);
	c->focus = 0;
	c->focus_name[0] = '\0';
	c->nprev = 0;
	c->ptr_down = 0;
	c->popup_prev = 0;
}

void
ui_focus_first(ui_ctx *c, int on)
{
	c->focus_first = on;
}

const char *
ui_focus_id(const ui_ctx *c)
{
	return c->focus ? c->focus_name : "";
}

int
ui_scroll_offset(const ui_ctx *c, const char *id)
{
	uint32_t h = hash(id);

	for (int i = 0; i < MAX_SCROLLS; i++)
		if (c->scrolls[i].used && c->scrolls[i].id == h)
			return c->scrolls[i].offset;
	return 0;
}

/* Registers a widget that can be touched or focused at r; returns 1 if it
 * is activated in this frame.  *pressed says whether to draw it pressed. */
static int
interact(ui_ctx *c, const char *rel, ui_rect r, int *pressed, int *focused)
{
	char buf[MAX_ID];
	const char *id = full_id(c, rel, buf, sizeof buf);
	ui_rect vis = intersect(r, c->clip);
	uint32_t h = hash(id);
	int hit = 0;

	*pressed = *focused = 0;
	if (inert(c))
		return 0;
	if (c->norder < MAX_FOCUS) {
		if (c->norder == 0)
			snprintf(c->first_name, sizeof c->first_name, "%s", id);
		c->order[c->norder++] = h;
	}
	if (c->focus == h) {
		c->focus_seen = 1;
		c->focus_rect = r;
		c->focus_scroll = c->ncols > 0 ? c->cols[c->ncols - 1].scroll : -1;
		snprintf(c->focus_name, sizeof c->focus_name, "%s", id);
		*focused = 1;
		if (c->key == UI_KEY_ENTER && !c->key_used) {
			c->key_used = 1;
			hit = 1;
		}
	}
	if (c->tap && !c->tap_used && inside(vis, c->tap_x, c->tap_y)) {
		c->tap_used = 1;
		hit = 1;
	}
	*pressed = c->ptr_down && inside(vis, touch_x(c, c->ptr_x), c->ptr_y);
	return hit;
}

/* ui_control() touched at hit, drawn at r (a glossary word is touched
 * on a taller band than its tint). */
static int
control(ui_ctx *c, const char *id, ui_rect hitr, ui_rect r,
    enum ui_button_kind k)
{
	int pressed, focused;
	int hit = interact(c, id, hitr, &pressed, &focused);

	switch (k) {
	case UI_BUTTON_LINK:
		/* A word in a text: a tint as tall as the line, the ring
		 * close around it (the line above and below stays legible). */
		ui_fill(c, r, pressed ? c->st.card_pressed : c->st.link_bg);
		if (focused)
			ui_frame(c, ui_inset(r, -c->st.focus_w), c->st.focus_w,
			    c->st.focus);
		break;
	case UI_BUTTON_PRIMARY:
	case UI_BUTTON_CARD:
		ui_fill(c, r, k == UI_BUTTON_PRIMARY ?
		    (pressed ? c->st.accent_pressed : c->st.accent) :
		    (pressed ? c->st.card_pressed : c->st.card));
		if (k == UI_BUTTON_CARD)
			ui_frame(c, r, imax(2, c->st.focus_w / 2),
			    c->st.accent);
		if (focused)
			ui_frame(c, ui_inset(r, -2 * c->st.focus_w),
			    c->st.focus_w, c->st.focus);
		break;
	}
	return hit;
}

int
ui_control(ui_ctx *c, const char *id, ui_rect r, enum ui_button_kind k)
{
	return control(c, id, r, r, k);
}

void
ui_push_id(ui_ctx *c, const char *part)
{
	size_t n = strlen(c->idbuf);

	if (c->nids == MAX_IDS)
		abort();	/* a programming error, caught by any test */
	c->idlen[c->nids++] = n;
	snprintf(c->idbuf + n, sizeof c->idbuf - n, "%s%s", n ? "." : "",
	    part);
}

void
ui_pop_id(ui_ctx *c)
{
	if (c->nids > 0)
		c->idbuf[c->idlen[--c->nids]] = '\0';
}

void
ui_popup_begin(ui_ctx *c, ui_rect box, int border)
{
	c->popup_now = 1;
	c->popup_depth++;
	ui_fill(c, (ui_rect){ 0, 0, c->w, c->h }, c->st.shade);
	ui_fill(c, box, c->st.bg);
	ui_frame(c, box, border, c->st.accent);
}

void
ui_popup_end(ui_ctx *c)
{
	if (c->popup_depth > 0)
		c->popup_depth--;
}

/* ------------------------------------------------------------ layout */

void
ui_column_begin(ui_ctx *c, ui_rect r, int gap)
{
	if (c->ncols == MAX_COLS)
		abort();	/* a programming error, caught by any test */
	struct column *col = &c->cols[c->ncols++];
	col->r = r;
	col->y = r.y;
	col->gap = gap;
	col->any = 0;
	col->scroll = -1;
	col->clip = c->clip;
}

void
ui_column_end(ui_ctx *c)
{
	if (c->ncols > 0)
		c->ncols--;
}

ui_rect
ui_next(ui_ctx *c, int h)
{
	struct column *col = &c->cols[c->ncols - 1];
	if (col->any)
		col->y += col->gap;
	col->any = 1;
	ui_rect r = { col->r.x, col->y, col->r.w, h };
	col->y += h;
	c->last = r;
	return r;
}

void
ui_column_span(ui_ctx *c, int x, int w)
{
	c->cols[c->ncols - 1].r.x = x;
	c->cols[c->ncols - 1].r.w = w;
}

ui_rect
ui_last(const ui_ctx *c)
{
	return c->last;
}

int
ui_width(const ui_ctx *c)
{
	return c->cols[c->ncols - 1].r.w;
}

void
ui_space(ui_ctx *c, int dy)
{
	c->cols[c->ncols - 1].y += dy;
}

int
ui_used(const ui_ctx *c)
{
	const struct column *col = &c->cols[c->ncols - 1];
	return col->y - col->r.y;
}

ui_rect
ui_split(ui_rect r, int i, int n, int gap)
{
	int w = (r.w - gap * (n - 1)) / n;
	ui_rect o = { r.x + i * (w + gap), r.y, w, r.h };
	if (i == n - 1)
		o.w = r.x + r.w - o.x;
	return o;
}

void
ui_row(ui_ctx *c, int n, const int *widths, int h)
{
	ui_rect row = ui_next(c, h);
	int fixed = 0, rest = 0, x = row.x;

	if (n < 1 || n > MAX_CELLS)
		abort();	/* a programming error, caught by any test */
	for (int i = 0; i < n; i++)
		if (widths && widths[i] > 0)
			fixed += widths[i];
		else
			rest++;
	/* The cells without a width share what the others leave, as
	 * ui_split() shares a row: the last one takes what rounding left. */
	int share = rest ? (row.w - c->st.gap * (n - 1) - fixed) / rest : 0;
	for (int i = 0; i < n; i++) {
		int w = widths && widths[i] > 0 ? widths[i] : share;
		if (i == n - 1 && !(widths && widths[i] > 0))
			w = row.x + row.w - x;
		c->cells[i] = (ui_rect){ x, row.y, w, h };
		x += w + c->st.gap;
	}
	c->ncells = n;
	c->cell = 0;
}

ui_rect
ui_cell(ui_ctx *c)
{
	if (c->cell >= c->ncells)
		abort();	/* more cells asked than the row has */
	return c->cells[c->cell++];
}

ui_rect
ui_inset(ui_rect r, int d)
{
	ui_rect o = { r.x + d, r.y + d, imax(0, r.w - 2 * d),
	    imax(0, r.h - 2 * d) };
	return o;
}

void
ui_scroll_begin(ui_ctx *c, const char *id, ui_rect r, int gap)
{
	int idx;
	struct scroll *s = scroll_get(c, id, &idx);

	s->view = r;
	s->inert = inert(c);
	s->depth = c->ncols;
	if (!s->inert)
		c->last_scroll = idx;
	report_box(c, "scroll", id, r, 0);
	/* The content keeps clear of the scroll bar on the right. */
	ui_rect content = { r.x, r.y - s->offset,
	    r.w - c->st.bar_w - c->st.gap, r.h };
	ui_column_begin(c, content, gap);
	c->cols[c->ncols - 1].scroll = idx;
	set_clip(c, intersect(c->clip, r));
}

void
ui_scroll_end(ui_ctx *c)
{
	struct column *col = &c->cols[c->ncols - 1];
	struct scroll *s = &c->scrolls[col->scroll];
	int content_h = col->y - col->r.y;
	int sidx = col->scroll;
	ui_rect clip = col->clip;

	ui_column_end(c);
	s->content_h = content_h;
	/* Keep the keyboard focus visible (switch users cannot drag). */
	if (c->focus_moved && c->focus_seen && c->focus_scroll == sidx) {
		int top = c->focus_rect.y + s->offset - s->view.y;
		int bottom = top + c->focus_rect.h;
		int want = s->offset;
		if (top - c->st.gap < s->offset)
			want = top - c->st.gap;
		else if (bottom + c->st.gap > s->offset + s->view.h)
			want = bottom + c->st.gap - s->view.h;
		want = imax(0, imin(scroll_max(s), want));
		if (want != s->offset) {
			s->offset = want;
			c->again = 1;
		}
	}
	/* The sentence read aloud comes into view when it changes (then
	 * the reader may scroll away from it). */
	if (c->mark_moved && c->mark_seen && c->mark_scroll == sidx) {
		int top = c->mark_rect.y + s->offset - s->view.y;
		int bottom = top + c->mark_rect.h;
		int want = s->offset;
		if (top - c->st.gap < s->offset)
			want = top - c->st.gap;
		else if (bottom + c->st.gap > s->offset + s->view.h)
			/* A third down the view: what follows is in sight
			 * too, and the page does not move at every line. */
			want = top - s->view.h / 3;
		want = imax(0, imin(scroll_max(s), want));
		c->mark_moved = 0;
		if (want != s->offset) {
			s->offset = want;
			c->again = 1;
		}
	}
	int clamped = imax(0, imin(scroll_max(s), s->offset));
	if (clamped != s->offset) {
		s->offset = clamped;
		c->again = 1;
	}
	set_clip(c, clip);
	if (content_h > s->view.h) {
		/* A scroll bar says "there is more" to readers who would
		 * not think of dragging. */
		ui_rect track = { s->view.x + s->view.w - c->st.bar_w,
		    s->view.y, c->st.bar_w, s->view.h };
		int th = imax(c->st.touch / 2,
		    (int)((long)s->view.h * s->view.h / content_h));
		int ty = s->view.y + (int)((long)(s->view.h - th) * s->offset /
		    imax(1, scroll_max(s)));
		ui_rect thumb = { track.x, ty, track.w, th };
		/* Drawn as people know a scroll bar: a framed track and a
		 * thumb inside it with grip lines, not a thin stripe. */
		int line = imax(1, c->st.focus_w / 2);
		ui_fill(c, track, c->st.card);
		ui_frame(c, track, line, c->st.accent);
		ui_fill(c, ui_inset(thumb, line), c->st.accent);
		for (int g = -1; g <= 1 && th > 6 * line * 3; g++)
			ui_fill(c, (ui_rect){ thumb.x + thumb.w / 4,
			    thumb.y + th / 2 + g * 3 * line - line / 2,
			    thumb.w / 2, line }, c->st.on_accent);
	}
}

/* ------------------------------------------------------------ drawing */

void
ui_fill(ui_ctx *c, ui_rect r, ui_color col)
{
	ui_rect vis = intersect(r, c->clip);
	if (vis.w > 0 && vis.h > 0)
		push_cmd(c, UI_CMD_RECT, r, col);
}

void
ui_frame(ui_ctx *c, ui_rect r, int t, ui_color col)
{
	ui_fill(c, (ui_rect){ r.x, r.y, r.w, t }, col);
	ui_fill(c, (ui_rect){ r.x, r.y + r.h - t, r.w, t }, col);
	ui_fill(c, (ui_rect){ r.x, r.y + t, t, r.h - 2 * t }, col);
	ui_fill(c, (ui_rect){ r.x + r.w - t, r.y + t, t, r.h - 2 * t }, col);
}

/* Arrows and chevrons point the other way in a mirror (FontAwesome 4.7
 * code points); other pictograms keep their look. */
static uint32_t
mirrored_glyph(uint32_t cp)
{
	static const uint32_t pairs[][2] = {
		{ 0xF060, 0xF061 }, { 0xF053, 0xF054 }, { 0xF104, 0xF105 },
		{ 0xF0A8, 0xF0A9 }, { 0xF137, 0xF138 }, { 0xF190, 0xF18E },
		{ 0xF048, 0xF051 }, { 0xF100, 0xF101 },
	};

	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		if (cp == pairs[i][0])
			return pairs[i][1];
		if (cp == pairs[i][1])
			return pairs[i][0];
	}
	return cp;
}

void
ui_icon(ui_ctx *c, ui_rect r, uint32_t cp, int size, ui_color col)
{
	ui_rect vis = intersect(r, c->clip);
	if (cp == 0 || vis.w == 0 || vis.h == 0)
		return;
	ui_cmd *cmd = push_cmd(c, UI_CMD_ICON, r, col);
	cmd->cp = c->rtl ? mirrored_glyph(cp) : cp;
	cmd->size = size;
	cmd->font = UI_PICTO;
}

void
ui_qr(ui_ctx *c, const char *payload, const qr *q, int x, int y, int module)
{
	int side = q->width * module, quiet = QR_QUIET * module;
	ui_rect all = { x - quiet, y - quiet, side + 2 * quiet,
	    side + 2 * quiet };
	ui_color white = { 255, 255, 255, 255 };

	ui_fill(c, all, white);
	ui_cmd *cmd = push_cmd(c, UI_CMD_QR, (ui_rect){ x, y, side, side },
	    c->st.text);
	cmd->qr = q;
	cmd->module = module;
	if (c->report)
		fprintf(c->report, "qr %s %d %d %d %d\n", payload,
		    mirror(c, (ui_rect){ x, y, side, side }).x, y, side, q->width);
}

static void
push_text(ui_ctx *c, ui_rect r, enum ui_font f, int size, ui_color col,
    const char *s, size_t n)
{
	ui_rect vis = intersect(r, c->clip);
	if (n == 0 || vis.w == 0 || vis.h == 0)
		return;
	ui_cmd *cmd = push_cmd(c, UI_CMD_TEXT, r, col);
	cmd->font = f;
	cmd->size = size;
	cmd->text = c->arena.len;
	cmd->len = n;
	strbuf_add(&c->arena, s, n);
	strbuf_putc(&c->arena, '\0');
}

/* ------------------------------------------------------------ text */

static int
line_h(ui_ctx *c, enum ui_font f, int size)
{
	/* Generous leading (1.4): readers who lose their line. */
	return imax(c->m.line_height(c->m.arg, f, size), size * 14 / 10);
}

static int
link_pad(int size)
{
	return imax(3, size / 5);
}

/* Cuts s into pieces; with links, glossary words become pieces of their
 * own (text.h says where they are looked for). */
/* The glossary matcher, for the first occurrence of each word in a
 * frame only: a word explained once on a page is not tinted again
 * (ten tinted "rSa" hide the words that matter). */
static int
first_link(void *arg, const char *s, size_t *len)
{
	ui_ctx *c = arg;
	int k = c->link_fn(c->link_arg, s, len);

	if (k < 0)
		return -1;
	if ((size_t)k >= c->capseen) {
		size_t n = (size_t)k + 64;
		c->seen = xrealloc(c->seen, n);
		memset(c->seen + c->capseen, 0, n - c->capseen);
		c->capseen = n;
	}
	if (c->seen[k])
		return -1;
	c->seen[k] = 1;
	return k;
}

static void
tokenize(ui_ctx *c, const char *s, int links)
{
	text_pieces(&c->text, s, links && c->link_fn ? first_link : NULL, c);
}

struct measure_arg {
	ui_ctx *c;
	enum ui_font f;
	int size;
};

/* Glossary words are bold. */
static double
measure(void *arg, const char *s, size_t n, int link)
{
	const struct measure_arg *m = arg;

	return m->c->m.width(m->c->m.arg, link >= 0 ? UI_BOLD : m->f, m->size,
	    s, n);
}

/* Room for a glossary word's tint, at both ends of the word. */
static void
set_pads(ui_ctx *c, int size)
{
	text_piece *p = c->text.p;
	size_t n = c->text.n;

	for (size_t k = 0; k < n; k++) {
		p[k].pad_l = p[k].pad_r = 0;
		if (p[k].link < 0)
			continue;
		if (k == 0 || p[k - 1].link != p[k].link)
			p[k].pad_l = link_pad(size);
		if (k + 1 == n || p[k + 1].link != p[k].link)
			p[k].pad_r = link_pad(size);
	}
}

static void
run_add(ui_ctx *c, struct run r)
{
	if (c->nruns == c->capruns) {
		c->capruns = c->capruns ? c->capruns * 2 : 64;
		c->runs = xrealloc(c->runs, c->capruns * sizeof *c->runs);
	}
	c->runs[c->nruns++] = r;
}

/* The runs of the pieces as text_wrap() placed them. */
static void
make_runs(ui_ctx *c)
{
	c->nruns = 0;
	for (size_t k = 0; k < c->text.n; k++) {
		const text_piece *t = &c->text.p[k];
		struct run *last = c->nruns ? &c->runs[c->nruns - 1] : NULL;
		int prev_link = k > 0 ? c->text.p[k - 1].link : -2;
		int x = (int)t->x, w = (int)t->w;

		if (last && last->line == t->line && last->link == t->link &&
		    (t->link < 0 || prev_link == t->link)) {
			/* Right to left, a Latin name's words may come in
			 * either order: the run spans them all. */
			int end = imax(last->x + last->w, x + w);

			last->len = t->off + t->len - last->off;
			last->x = imin(last->x, x);
			last->w = end - last->x;
		} else
			run_add(c, (struct run){ t->off, t->len, x, w, t->line,
			    t->link, t->link >= 0 && prev_link != t->link,
			    (int)t->pad_l });
	}
}

/* Wraps the pieces at width maxw into runs; returns the number of lines
 * and sets *overflow when something that stays together is wider than
 * maxw (text_wrap() cuts it). */
static int
wrap(ui_ctx *c, const char *s, enum ui_font f, int size, int maxw,
    int *overflow)
{
	struct measure_arg m = { c, f, size };

	set_pads(c, size);
	int lines = text_wrap(&c->text, s, maxw, measure, &m, overflow);
	if (c->rtl)
		bidi_place_lines(&c->text, s, 1, measure, &m);
	make_runs(c);
	return lines;
}

int
ui_text_width(ui_ctx *c, const char *text, enum ui_font f, int size)
{
	return c->m.width(c->m.arg, f, size, text, strlen(text));
}

int
ui_text_fits(ui_ctx *c, const char *text, enum ui_font f, int size, int w)
{
	int overflow;

	tokenize(c, text, 0);
	wrap(c, text, f, size, w, &overflow);
	return !overflow;
}

int
ui_text_height(ui_ctx *c, const char *text, enum ui_font f, int size, int w)
{
	int overflow;

	tokenize(c, text, 0);
	return wrap(c, text, f, size, w, &overflow) * line_h(c, f, size);
}

static int
blank_byte(char ch)
{
	return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
}

/* Where the mark is in s, as [*from, *to): its words in order, any run
 * of spaces or line breaks matching one space (speech.c joins a
 * paragraph's lines).  0 if s does not show it. */
static int
find_mark(const ui_ctx *c, const char *s, size_t *from, size_t *to)
{
	const char *m = c->mark;
	size_t mn = c->mark_len;

	if (m == NULL || mn == 0)
		return 0;
	for (size_t i = 0; s[i]; i++) {
		size_t a = i, b = 0;

		if (s[i] != m[0])
			continue;
		while (s[a] && b < mn) {
			if (blank_byte(m[b]) && blank_byte(s[a])) {
				while (b < mn && blank_byte(m[b]))
					b++;
				while (s[a] && blank_byte(s[a]))
					a++;
			} else if (s[a] == m[b]) {
				a++;
				b++;
			} else
				break;
		}
		if (b == mn) {
			*from = i;
			*to = a;
			return 1;
		}
	}
	return 0;
}

/* The mark's highlight under the pieces of the last wrap() it covers,
 * one band per line, before their text is drawn. */
static void
draw_mark(ui_ctx *c, const char *s, int x, int y, int lh)
{
	size_t from, to;
	int line = -1;
	ui_rect band = { 0, 0, 0, 0 }, all = { 0, 0, 0, 0 };

	if (!find_mark(c, s, &from, &to))
		return;
	for (size_t k = 0; k <= c->text.n; k++) {
		const text_piece *t = k < c->text.n ? &c->text.p[k] : NULL;
		int in = t && t->off >= from && t->off < to;

		if (line >= 0 && (!in || t->line != line)) {
			ui_fill(c, band, c->st.mark);
			all = all.w ? (ui_rect){ all.x, all.y, imax(all.x + all.w,
			    band.x + band.w) - all.x, band.y + band.h - all.y } :
			    band;
			line = -1;
		}
		if (!in)
			continue;
		if (line < 0) {
			line = t->line;
			band = (ui_rect){ x + (int)t->x, y + t->line * lh,
			    (int)t->w, lh };
		} else
			band.w = x + (int)(t->x + t->w) - band.x;
	}
	if (!c->mark_seen && all.w) {
		c->mark_seen = 1;
		c->mark_rect = all;
		c->mark_scroll = -1;
		for (int i = c->ncols - 1; i >= 0 && c->mark_scroll < 0; i--)
			c->mark_scroll = c->cols[i].scroll;
	}
}

void
ui_set_mark(ui_ctx *c, const char *s, size_t n)
{
	if (s == NULL)
		n = 0;
	if (n == c->mark_len && (n == 0 || memcmp(c->mark, s, n) == 0))
		return;
	free(c->mark);
	c->mark = n ? xstrndup(s, n) : NULL;
	c->mark_len = n;
	c->mark_moved = n > 0;
	c->again = 1;
}

/* Draws the last wrap() with its top-left at (x, y).  Returns the link
 * touched or activated, -1 if none. */
static int
draw_runs(ui_ctx *c, const char *id, const char *s, int x, int y,
    enum ui_font f, int size, ui_color col)
{
	int lh = line_h(c, f, size), tapped = -1, occurrence = 0;
	char fid[128];

	/* Not on a dark button: white on the highlight would not read. */
	if (memcmp(&col, &c->st.on_accent, sizeof col) != 0)
		draw_mark(c, s, x, y, lh);
	for (size_t i = 0; i < c->nruns; i++) {
		struct run *r = &c->runs[i];
		if (r->link < 0)
			continue;
		/* A glossary word: a tinted pill as tall as the line (a
		 * touch target), bold text. */
		ui_rect pill = { x + r->x, y + r->line * lh + lh / 12, r->w,
		    lh - lh / 6 };
		if (r->first)
			occurrence++;
		snprintf(fid, sizeof fid, "%s/%d", id, occurrence);
		/* Touched on a band at least 11 mm high (a finger), drawn
		 * as tall as the line: the text keeps its look. */
		int th = imax(pill.h, (int)(11 * c->st.mm));
		ui_rect band = { pill.x, pill.y - (th - pill.h) / 2, pill.w,
		    th };
		if (control(c, fid, band, pill, UI_BUTTON_LINK))
			tapped = r->link;
		if (c->report) {
			char rid[160];
			snprintf(rid, sizeof rid, "%s:%d", id, r->link);
			report_box(c, "link", rid, pill, 0);
		}
	}
	for (size_t k = 0; k < c->text.n; k++) {
		const text_piece *t = &c->text.p[k];
		ui_rect box = { x + (int)(t->x + t->pad_l), y + t->line * lh,
		    (int)(t->w - t->pad_l), lh };
		if (t->link >= 0)
			push_text(c, box, UI_BOLD, size, c->st.link, s + t->off,
			    t->len);
		else
			push_text(c, box, f, size, col, s + t->off, t->len);
	}
	return tapped;
}

int
ui_text(ui_ctx *c, const char *id, const char *text, enum ui_font f,
    int size, ui_color col, int indent, int links)
{
	int overflow, w = imin(ui_width(c) - indent, c->st.line);

	tokenize(c, text, links);
	int lines = wrap(c, text, f, size, w, &overflow);
	ui_rect r = ui_next(c, lines * line_h(c, f, size));
	r.x += indent;
	r.w = w;
	/* Tokens are reused by the next call: draw now. */
	int tapped = draw_runs(c, id, text, r.x, r.y, f, size, col);
	report_box(c, "text", id, r, overflow);
	return tapped;
}

void
ui_label(ui_ctx *c, const char *id, ui_rect r, const char *text,
    enum ui_font f, int size, ui_color col)
{
	int overflow;

	tokenize(c, text, 0);
	int lines = wrap(c, text, f, size, r.w, &overflow);
	if (lines * line_h(c, f, size) > r.h)
		overflow = 1;
	draw_runs(c, id, text, r.x, r.y, f, size, col);
	report_box(c, "label", id, r, overflow);
}

/* ------------------------------------------------------------ buttons */

/* Geometry shared by ui_button_height() and ui_button(). */
static int
button_text_w(ui_ctx *c, int w, uint32_t cp, int picto_size)
{
	int icon = cp ? picto_size * 3 / 2 + c->st.pad : 0;
	/* No longer lines than the ~60 characters of body text. */
	return imax(1, imin(c->st.line, w - 2 * c->st.pad - icon));
}

int
ui_button_height(ui_ctx *c, int w, int picto_size, const char *label,
    const char *sub)
{
	int tw = button_text_w(c, w, picto_size ? 1 : 0, picto_size);
	int h = ui_text_height(c, label, UI_BOLD, c->st.label, tw);

	if (sub && *sub)
		h += c->st.gap / 2 +
		    ui_text_height(c, sub, UI_REGULAR, c->st.body, tw);
	h = imax(h, picto_size * 3 / 2);
	return imax(c->st.touch, h + 2 * c->st.pad);
}

int
ui_button(ui_ctx *c, const char *id, ui_rect r, enum ui_button_kind k,
    uint32_t cp, int picto_size, const char *label, const char *sub)
{
	int hit = ui_control(c, id, r, k);
	int primary = k == UI_BUTTON_PRIMARY;
	ui_color fg = primary ? c->st.on_accent : c->st.text;
	ui_color ic = primary ? c->st.on_accent : c->st.accent;
	int tw = button_text_w(c, r.w, cp, picto_size);
	int lh = ui_text_height(c, label, UI_BOLD, c->st.label, tw);
	int sh = sub && *sub ?
	    ui_text_height(c, sub, UI_REGULAR, c->st.body, tw) : 0;
	int th = lh + (sh ? c->st.gap / 2 + sh : 0);
	int tx = r.x + c->st.pad + (cp ? picto_size * 3 / 2 + c->st.pad : 0);
	int ty = r.y + (r.h - th) / 2;
	char sid[140];

	if (cp == 0 && sh == 0) {
		/* A bare short label (a digit of the PIN pad): centred. */
		int w1 = ui_text_width(c, label, UI_BOLD, c->st.label);
		if (w1 <= tw)
			tx = r.x + (r.w - w1) / 2;
	}

	if (cp) {
		int is = picto_size * 3 / 2;
		ui_rect ir = { r.x + c->st.pad, r.y + (r.h - is) / 2, is, is };
		ui_icon(c, ir, cp, picto_size, ic);
	}
	report_box(c, "button", id, r, th > r.h);
	ui_label(c, id, (ui_rect){ tx, ty, tw, lh }, label, UI_BOLD,
	    c->st.label, fg);
	if (sh) {
		snprintf(sid, sizeof sid, "%s.sub", id);
		ui_label(c, sid, (ui_rect){ tx, ty + lh + c->st.gap / 2, tw, sh },
		    sub, UI_REGULAR, c->st.body, fg);
	}
	return hit;
}

/* Centres each line of the last wrap() in a box maxw wide. */
static void
center_lines(ui_ctx *c, int maxw)
{
	text_piece *p = c->text.p;
	size_t k = 0, n = c->text.n;

	while (k < n) {
		int line = p[k].line, right = 0;
		size_t e = k;
		for (; e < n && p[e].line == line; e++)
			right = imax(right, (int)(p[e].x + p[e].w));
		int dx = imax(0, (maxw - right) / 2);
		for (size_t j = k; j < e; j++)
			p[j].x += dx;
		for (size_t j = 0; j < c->nruns; j++)
			if (c->runs[j].line == line)
				c->runs[j].x += dx;
		k = e;
	}
}

int
ui_tile_height(ui_ctx *c, int w, int picto_size, const char *label)
{
	int tw = imax(1, w - 2 * c->st.pad);
	int h = picto_size * 3 / 2 + c->st.gap / 2 +
	    ui_text_height(c, label, UI_BOLD, c->st.label, tw);
	return imax(c->st.touch, h + 2 * c->st.pad);
}

int
ui_tile(ui_ctx *c, const char *id, ui_rect r, enum ui_button_kind k,
    uint32_t cp, int picto_size, const char *label)
{
	int overflow;
	int hit = ui_control(c, id, r, k);
	int primary = k == UI_BUTTON_PRIMARY;
	ui_color fg = primary ? c->st.on_accent : c->st.text;
	int is = picto_size * 3 / 2;
	int tw = imax(1, r.w - 2 * c->st.pad);

	tokenize(c, label, 0);
	int lh = wrap(c, label, UI_BOLD, c->st.label, tw, &overflow) *
	    line_h(c, UI_BOLD, c->st.label);
	int th = is + c->st.gap / 2 + lh;
	int ty = r.y + imax(0, (r.h - th) / 2);
	ui_icon(c, (ui_rect){ r.x + (r.w - is) / 2, ty, is, is }, cp,
	    picto_size, primary ? c->st.on_accent : c->st.accent);
	center_lines(c, tw);
	draw_runs(c, id, label, r.x + c->st.pad, ty + is + c->st.gap / 2,
	    UI_BOLD, c->st.label, fg);
	report_box(c, "button", id, r, overflow || th + 2 * c->st.pad > r.h);
	return hit;
}

void
ui_report(ui_ctx *c, const char *kind, const char *id, ui_rect r,
    int overflow)
{
	report_box(c, kind, id, r, overflow);
}

int
ui_height(const ui_ctx *c)
{
	return c->h;
}

void
ui_report_to(ui_ctx *c, FILE *f)
{
	c->report = f;
}

void
ui_set_rtl(ui_ctx *c, int on)
{
	c->rtl = on != 0;
}

int
ui_rtl(const ui_ctx *c)
{
	return c->rtl;
}
