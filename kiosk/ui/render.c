/*
 * render.c - the toolkit's commands to pixels with SDL_Renderer + SDL_ttf.
 */
#include "ui/render.h"
#include "ui/bidi.h"
#include "strbuf.h"
#include "utf8.h"

#include <SDL_ttf.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FONTS	48
#define CACHE_SLOTS	8192	/* power of two */
#define MAX_TEXTURES	600	/* two screens of words: the textures of a
				 * page left are trimmed, so that memory stays
				 * flat (software textures are in RAM) */
#define MAX_RUNS	16	/* direction or script changes in one word */

/* The font files, as ui_font's and the Arabic script's. */
enum kind { K_REGULAR, K_BOLD, K_PICTO, K_ARABIC, K_ARABIC_BOLD, NKINDS };

/* Text is rendered white and tinted at draw time (SDL colour mod), so one
 * texture serves every colour of the same run. */
struct entry {
	uint32_t hash;
	enum ui_font font;
	int size;
	int rtl;		/* measured in a right-to-left paragraph */
	char *s;		/* NULL = free slot */
	int w, h;		/* measured size */
	SDL_Texture *tex;	/* rendered lazily, on first draw */
	int tw, th;		/* texture size */
	unsigned stamp;		/* frame of last use */
};

struct font {
	enum kind kind;
	int size;
	TTF_Font *f;
};

/* A font file mapped once: SDL_ttf reading a file opens it again for
 * each size and asks FreeType's every read through lseek and read (5,000
 * system calls to start the kiosk); from memory they are copies.  A
 * package upgrade replaces a font by a new file (rename): the mapping
 * keeps the old one. */
struct font_map {
	void *p;		/* NULL: not mapped, read from the file */
	size_t n;
};

struct render {
	SDL_Renderer *r;
	struct render_fonts files;
	struct font_map maps[NKINDS];	/* as enum kind */
	int rtl;			/* render_set_rtl() */
	struct font fonts[MAX_FONTS];
	int nfonts;
	struct entry *cache;
	size_t used, ntex;
	unsigned frame;
	char tmp[1024];
	/* render_fill_into(): the surface, and the clip in it. */
	SDL_Surface *into;
	SDL_Rect into_clip;
};

/* ------------------------------------------------------------ fonts */

static int
readable(const char *path)
{
	return access(path, R_OK) == 0;
}

int
render_find_fonts(const char *font, const char *picto,
    struct render_fonts *out, err_t *e)
{
	static const char andika[] = "/usr/share/fonts/truetype/andika/Andika";
	static const char dejavu[] = "/usr/share/fonts/truetype/dejavu/DejaVuSans";
	static const char fa[] = "/usr/share/fonts/truetype/font-awesome/"
	    "fontawesome-webfont.ttf";
	static const char arabic[] = "/usr/share/fonts/truetype/noto/"
	    "NotoSansArabic";

	if (font == NULL || *font == '\0')
		font = "Andika";
	if (strcasecmp(font, "Andika") == 0) {
		snprintf(out->regular, sizeof out->regular, "%s-Regular.ttf",
		    andika);
		snprintf(out->bold, sizeof out->bold, "%s-Bold.ttf", andika);
		if (!readable(out->regular)) {
			fprintf(stderr, "msd-kiosk: %s not found (package "
			    "fonts-sil-andika): using DejaVu Sans\n",
			    out->regular);
			font = "DejaVu Sans";
		}
	}
	if (strcasecmp(font, "DejaVu Sans") == 0) {
		snprintf(out->regular, sizeof out->regular, "%s.ttf", dejavu);
		snprintf(out->bold, sizeof out->bold, "%s-Bold.ttf", dejavu);
	} else if (strcasecmp(font, "Andika") != 0) {
		/* A path: find its bold beside it. */
		const char *reg = strstr(font, "Regular");
		snprintf(out->regular, sizeof out->regular, "%s", font);
		if (reg)
			snprintf(out->bold, sizeof out->bold, "%.*sBold%s",
			    (int)(reg - font), font, reg + 7);
		else
			snprintf(out->bold, sizeof out->bold, "%s", font);
		if (!readable(out->bold))
			snprintf(out->bold, sizeof out->bold, "%s", font);
	}
	snprintf(out->picto, sizeof out->picto, "%s", picto && *picto ?
	    picto : fa);
	snprintf(out->arabic, sizeof out->arabic, "%s-Regular.ttf", arabic);
	snprintf(out->arabic_bold, sizeof out->arabic_bold, "%s-Bold.ttf",
	    arabic);
	if (!readable(out->arabic) || !readable(out->arabic_bold)) {
		/* Not fatal: a French kiosk runs without it, and an Arabic
		 * page then shows boxes, which the tests catch. */
		fprintf(stderr, "msd-kiosk: %s not found (package "
		    "fonts-noto-core): Arabic text cannot be drawn\n",
		    out->arabic);
		snprintf(out->arabic, sizeof out->arabic, "%s", out->regular);
		snprintf(out->arabic_bold, sizeof out->arabic_bold, "%s",
		    out->bold);
	}
	if (!readable(out->regular))
		return err_set(e, "font file %s not found: install "
		    "fonts-sil-andika or fonts-dejavu-core, or fix [kiosk] font",
		    out->regular);
	if (!readable(out->bold))
		return err_set(e, "font file %s not found: install "
		    "fonts-sil-andika or fix [kiosk] font", out->bold);
	if (!readable(out->picto))
		return err_set(e, "pictogram font %s not found: install "
		    "fonts-font-awesome or fix [kiosk] picto_font", out->picto);
	return 0;
}

static void
map_font(struct font_map *m, const char *path)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	m->p = NULL;
	if (fd < 0)
		return;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
	    sb.st_size <= INT_MAX) {
		void *p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE,
		    fd, 0);
		if (p != MAP_FAILED) {
			m->p = p;
			m->n = (size_t)sb.st_size;
		}
	}
	close(fd);
}

static const char *
kind_path(const struct render_fonts *f, enum kind k)
{
	switch (k) {
	case K_BOLD:		return f->bold;
	case K_PICTO:		return f->picto;
	case K_ARABIC:		return f->arabic;
	case K_ARABIC_BOLD:	return f->arabic_bold;
	default:		return f->regular;
	}
}

static enum kind
kind_of(enum ui_font f, int arabic)
{
	if (f == UI_PICTO)
		return K_PICTO;
	if (arabic)
		return f == UI_BOLD ? K_ARABIC_BOLD : K_ARABIC;
	return f == UI_BOLD ? K_BOLD : K_REGULAR;
}

static TTF_Font *
font_open(render *rd, enum kind kind, int size)
{
	const char *path = kind_path(&rd->files, kind);
	const struct font_map *m = &rd->maps[kind];

	if (m->p == NULL)
		return TTF_OpenFont(path, size);
	SDL_RWops *rw = SDL_RWFromConstMem(m->p, (int)m->n);
	return rw ? TTF_OpenFontRW(rw, 1, size) : NULL;
}

static TTF_Font *
font_get(render *rd, enum kind kind, int size)
{
	for (int i = 0; i < rd->nfonts; i++)
		if (rd->fonts[i].kind == kind && rd->fonts[i].size == size)
			return rd->fonts[i].f;
	TTF_Font *f = font_open(rd, kind, size);
	if (f == NULL) {
		/* Checked at start-up: only a file removed while running
		 * gets here.  Draw nothing rather than crash. */
		return NULL;
	}
	TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
	if (rd->nfonts == MAX_FONTS) {
		TTF_CloseFont(rd->fonts[0].f);
		memmove(rd->fonts, rd->fonts + 1,
		    (MAX_FONTS - 1) * sizeof rd->fonts[0]);
		rd->nfonts--;
	}
	rd->fonts[rd->nfonts++] = (struct font){ kind, size, f };
	return f;
}

/* ------------------------------------------------------------ runs */

/* The font for a run, set for its direction and script: HarfBuzz shapes
 * Arabic joined and right to left only when told so. */
static TTF_Font *
run_font(render *rd, enum ui_font font, int size, const bidi_run *r,
    const char *s)
{
	TTF_Font *f = font_get(rd, kind_of(font, r->arabic), size);
	const char *script = "Latn";

	if (f == NULL || font == UI_PICTO)
		return f;
	if (r->arabic)
		script = "Arab";
	else
		for (const char *p = s + r->off; p < s + r->off + r->len;) {
			uint32_t cp = utf8_next(&p);
			if (cp >= 0x400 && cp <= 0x52F) {
				script = "Cyrl";
				break;
			}
		}
	TTF_SetFontDirection(f, r->rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
	TTF_SetFontScriptName(f, script);
	return f;
}

/* en's runs: one, in the text font, unless it holds right-to-left
 * text or stands in a right-to-left paragraph with punctuation. */
static size_t
entry_runs(const struct entry *en, bidi_run *runs)
{
	size_t n = strlen(en->s);

	/* In a right-to-left paragraph, the full stop or comma after a
	 * Latin word ("Savoie.") goes to its left: the word's runs too. */
	if (en->font != UI_PICTO && (bidi_has_rtl(en->s, n) ||
	    (en->rtl && strpbrk(en->s, ".,;:!?()\"'") != NULL)))
		return bidi_runs(en->s, n, en->rtl, runs, MAX_RUNS);
	runs[0] = (bidi_run){ 0, n, 0, 0 };
	return 1;
}

/* One run's text, NUL-ended, in rd->tmp or a new string. */
static char *
run_text(render *rd, const struct entry *en, const bidi_run *r)
{
	if (r->len < sizeof rd->tmp) {
		memcpy(rd->tmp, en->s + r->off, r->len);
		rd->tmp[r->len] = '\0';
		return rd->tmp;
	}
	return xstrndup(en->s + r->off, r->len);
}

static int
measure_runs(render *rd, struct entry *en)
{
	bidi_run runs[MAX_RUNS];
	size_t n = entry_runs(en, runs);

	en->w = en->h = 0;
	for (size_t i = 0; i < n; i++) {
		TTF_Font *f = run_font(rd, en->font, en->size, &runs[i], en->s);
		char *t = run_text(rd, en, &runs[i]);
		int w, h, rc = f ? TTF_SizeUTF8(f, t, &w, &h) : -1;

		if (t != rd->tmp)
			free(t);
		if (rc != 0)
			return -1;
		en->w += w;
		if (h > en->h)
			en->h = h;
	}
	return 0;
}

/* The runs side by side in one white surface (tinted when drawn). */
static SDL_Surface *
render_runs(render *rd, const struct entry *en)
{
	static const SDL_Color white = { 255, 255, 255, 255 };
	bidi_run runs[MAX_RUNS];
	size_t n = entry_runs(en, runs);
	SDL_Surface *part[MAX_RUNS], *all;
	int w = 0, h = 0, x = 0;

	for (size_t i = 0; i < n; i++) {
		TTF_Font *f = run_font(rd, en->font, en->size, &runs[i], en->s);
		char *t = run_text(rd, en, &runs[i]);

		part[i] = f ? TTF_RenderUTF8_Blended(f, t, white) : NULL;
		if (t != rd->tmp)
			free(t);
		if (part[i]) {
			w += part[i]->w;
			if (part[i]->h > h)
				h = part[i]->h;
		}
	}
	if (n == 1)
		return part[0];
	all = w > 0 ? SDL_CreateRGBSurfaceWithFormat(0, w, h, 32,
	    SDL_PIXELFORMAT_ARGB8888) : NULL;
	for (size_t i = 0; i < n; i++) {
		if (part[i] == NULL)
			continue;
		if (all) {
			SDL_Rect dst = { x, (h - part[i]->h) / 2, part[i]->w,
			    part[i]->h };
			/* Copied as they are, alpha included. */
			SDL_SetSurfaceBlendMode(part[i], SDL_BLENDMODE_NONE);
			SDL_BlitSurface(part[i], NULL, all, &dst);
			x += part[i]->w;
		}
		SDL_FreeSurface(part[i]);
	}
	return all;
}

/* ------------------------------------------------------------ cache */

static uint32_t
key_hash(enum ui_font font, int size, int rtl, const char *s, size_t n)
{
	uint32_t h = 2166136261u ^ (uint32_t)font * 31u ^ (uint32_t)size ^
	    (uint32_t)rtl << 30;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void
entry_free(render *rd, struct entry *en)
{
	if (en->tex) {
		SDL_DestroyTexture(en->tex);
		rd->ntex--;
	}
	free(en->s);
	memset(en, 0, sizeof *en);
}

/* Texture memory is bounded on its own (measurements are small): the
 * textures of words not drawn in the last two frames go. */
static void
textures_trim(render *rd)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		struct entry *en = &rd->cache[i];
		if (en->tex && en->stamp + 1 < rd->frame) {
			SDL_DestroyTexture(en->tex);
			en->tex = NULL;
			rd->ntex--;
		}
	}
}

static void
cache_insert(struct entry *tab, struct entry *en)
{
	size_t i = en->hash & (CACHE_SLOTS - 1);
	while (tab[i].s)
		i = (i + 1) & (CACHE_SLOTS - 1);
	tab[i] = *en;
}

/* Keeps what the last two frames used; frees the rest. */
static void
cache_trim(render *rd)
{
	struct entry *old = rd->cache;

	rd->cache = xcalloc(CACHE_SLOTS, sizeof *rd->cache);
	rd->used = 0;
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		if (old[i].s == NULL)
			continue;
		if (old[i].stamp + 1 >= rd->frame &&
		    rd->used < CACHE_SLOTS / 2) {
			cache_insert(rd->cache, &old[i]);
			rd->used++;
		} else {
			entry_free(rd, &old[i]);
		}
	}
	free(old);
}

static struct entry *
lookup(render *rd, enum ui_font font, int size, int rtl, const char *s,
    size_t n)
{
	uint32_t h = key_hash(font, size, rtl, s, n);
	size_t i = h & (CACHE_SLOTS - 1);

	for (; rd->cache[i].s; i = (i + 1) & (CACHE_SLOTS - 1)) {
		struct entry *en = &rd->cache[i];
		if (en->hash == h && en->font == font && en->size == size &&
		    en->rtl == rtl &&
		    strncmp(en->s, s, n) == 0 && en->s[n] == '\0') {
			en->stamp = rd->frame;
			return en;
		}
	}
	if (rd->used >= CACHE_SLOTS * 3 / 4) {
		cache_trim(rd);
		return lookup(rd, font, size, rtl, s, n);
	}
	struct entry *en = &rd->cache[i];
	en->hash = h;
	en->font = font;
	en->size = size;
	en->rtl = rtl;
	en->s = xstrndup(s, n);
	en->stamp = rd->frame;
	if (measure_runs(rd, en) != 0)
		en->w = en->h = 0;
	rd->used++;
	return en;
}

static SDL_Texture *
texture(render *rd, struct entry *en)
{
	if (en->tex || en->s[0] == '\0')
		return en->tex;
	if (rd->ntex >= MAX_TEXTURES)
		textures_trim(rd);
	SDL_Surface *s = render_runs(rd, en);
	if (s == NULL)
		return NULL;
	en->tex = SDL_CreateTextureFromSurface(rd->r, s);
	en->tw = s->w;
	en->th = s->h;
	SDL_FreeSurface(s);
	if (en->tex) {
		rd->ntex++;
		SDL_SetTextureBlendMode(en->tex, SDL_BLENDMODE_BLEND);
	}
	return en->tex;
}

/* ------------------------------------------------------------ measure */

static int
m_width(void *arg, enum ui_font f, int size, const char *s, size_t n)
{
	render *rd = arg;

	return lookup(rd, f, size, rd->rtl, s, n)->w;
}

static int
m_line_height(void *arg, enum ui_font f, int size)
{
	TTF_Font *font = font_get(arg, kind_of(f, 0), size);
	return font ? TTF_FontLineSkip(font) : size;
}

ui_measure
render_measure(render *rd)
{
	ui_measure m = { m_width, m_line_height, rd };
	return m;
}

render *
render_new(SDL_Renderer *r, const struct render_fonts *f, err_t *e)
{
	render *rd = xcalloc(1, sizeof *rd);

	rd->r = r;
	rd->files = *f;
	rd->cache = xcalloc(CACHE_SLOTS, sizeof *rd->cache);
	for (int i = 0; i < NKINDS; i++)
		map_font(&rd->maps[i], kind_path(f, (enum kind)i));
	/* The Arabic font is opened at its first Arabic word. */
	for (int i = 0; i < K_ARABIC; i++) {
		TTF_Font *t = font_open(rd, (enum kind)i, 24);
		if (t == NULL) {
			err_set(e, "cannot open font %s: %s",
			    kind_path(f, (enum kind)i), TTF_GetError());
			render_free(rd);
			return NULL;
		}
		TTF_CloseFont(t);
	}
	return rd;
}

void
render_free(render *rd)
{
	if (rd == NULL)
		return;
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (rd->cache[i].s)
			entry_free(rd, &rd->cache[i]);
	free(rd->cache);
	for (int i = 0; i < rd->nfonts; i++)
		TTF_CloseFont(rd->fonts[i].f);
	for (int i = 0; i < NKINDS; i++)	/* after the fonts that read them */
		if (rd->maps[i].p)
			munmap(rd->maps[i].p, rd->maps[i].n);
	free(rd);
}

/* ------------------------------------------------------------ draw */

void
render_fill_into(render *rd, SDL_Surface *s)
{
	rd->into = s && s->format->BytesPerPixel == 4 ? s : NULL;
}

/* The clip of a CLIP command (or none: r NULL) in render_fill_into()'s
 * surface. */
static void
into_clip(render *rd, const SDL_Rect *r)
{
	SDL_Rect all = { 0, 0, rd->into->w, rd->into->h };

	if (r == NULL || !SDL_IntersectRect(r, &all, &rd->into_clip))
		rd->into_clip = r == NULL ? all : (SDL_Rect){ 0, 0, 0, 0 };
}

/* An opaque rectangle into render_fill_into()'s surface, in its clip. */
static void
fill_into(render *rd, const SDL_Rect *r, ui_color col)
{
	SDL_Surface *s = rd->into;
	Uint32 v = SDL_MapRGB(s->format, col.r, col.g, col.b);
	SDL_Rect o;

	if (!SDL_IntersectRect(r, &rd->into_clip, &o))
		return;
	/* SDL batches: what it holds was drawn before, and goes first (with
	 * nothing held, the flush returns at once). */
	SDL_RenderFlush(rd->r);
	for (int y = o.y; y < o.y + o.h; y++) {
		Uint32 *p = (Uint32 *)((Uint8 *)s->pixels +
		    (size_t)y * (size_t)s->pitch) + o.x;

		for (int x = 0; x < o.w; x++)
			p[x] = v;
	}
}

static void
draw_tex(render *rd, struct entry *en, ui_rect box, ui_color col, int center)
{
	SDL_Texture *t = texture(rd, en);
	if (t == NULL)
		return;
	SDL_Rect dst = { box.x, box.y + (box.h - en->th) / 2, en->tw, en->th };
	if (center)
		dst.x = box.x + (box.w - en->tw) / 2;
	SDL_SetTextureColorMod(t, col.r, col.g, col.b);
	SDL_SetTextureAlphaMod(t, col.a);
	SDL_RenderCopy(rd->r, t, NULL, &dst);
}

static void
draw_qr(render *rd, const ui_cmd *cmd)
{
	const qr *q = cmd->qr;
	SDL_Rect *rects = xmalloc((size_t)q->width * (size_t)q->width *
	    sizeof *rects);
	int n = 0;

	/* Whole pixels per module, dark on white: what a phone camera
	 * decodes best (no anti-aliased module edges). */
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++)
			if (q->dark[y * q->width + x])
				rects[n++] = (SDL_Rect){
				    cmd->rect.x + x * cmd->module,
				    cmd->rect.y + y * cmd->module,
				    cmd->module, cmd->module };
	SDL_SetRenderDrawBlendMode(rd->r, SDL_BLENDMODE_NONE);	/* opaque */
	SDL_SetRenderDrawColor(rd->r, 0, 0, 0, 255);
	SDL_RenderFillRects(rd->r, rects, n);
	free(rects);
}

void
render_draw(render *rd, const ui_ctx *c)
{
	render_draw_at(rd, c, 0);
}

void
render_draw_at(render *rd, const ui_ctx *c, int dy)
{
	size_t n;
	const ui_cmd *cmds = ui_commands(c, &n);
	char cp[8];

	rd->frame++;
	SDL_RenderSetClipRect(rd->r, NULL);
	if (rd->into)
		into_clip(rd, NULL);
	SDL_SetRenderDrawBlendMode(rd->r, SDL_BLENDMODE_BLEND);
	for (size_t i = 0; i < n; i++) {
		ui_cmd moved = cmds[i];
		const ui_cmd *cmd = &moved;
		moved.rect.y -= dy;
		SDL_Rect r = { cmd->rect.x, cmd->rect.y, cmd->rect.w,
		    cmd->rect.h };
		switch (cmd->type) {
		case UI_CMD_CLIP:
			SDL_RenderSetClipRect(rd->r, &r);
			if (rd->into)
				into_clip(rd, &r);
			break;
		case UI_CMD_RECT:
			if (rd->into && cmd->color.a == 255) {
				fill_into(rd, &r, cmd->color);
				break;
			}
			/* An opaque rectangle without blending: SDL's software
			 * renderer blends every pixel of a BLEND fill even at
			 * alpha 255 (a multiply and a divide by 255 for each
			 * channel, 4 ms of a 1080p screenshot), for the same
			 * pixels that a plain fill writes. */
			SDL_SetRenderDrawBlendMode(rd->r, cmd->color.a == 255 ?
			    SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
			SDL_SetRenderDrawColor(rd->r, cmd->color.r,
			    cmd->color.g, cmd->color.b, cmd->color.a);
			SDL_RenderFillRect(rd->r, &r);
			break;
		case UI_CMD_TEXT:
			draw_tex(rd, lookup(rd, cmd->font, cmd->size, cmd->rtl,
			    ui_cmd_text(c, cmd), cmd->len), cmd->rect,
			    cmd->color, 0);
			break;
		case UI_CMD_ICON:
			draw_tex(rd, lookup(rd, UI_PICTO, cmd->size, 0, cp,
			    utf8_encode(cmd->cp, cp)), cmd->rect, cmd->color, 1);
			break;
		case UI_CMD_QR:
			draw_qr(rd, cmd);
			break;
		}
	}
	SDL_RenderSetClipRect(rd->r, NULL);
}

void
render_set_rtl(render *rd, int rtl)
{
	rd->rtl = rtl != 0;
}

void
render_prewarm(render *rd, const ui_style *st)
{
	const int sizes[] = { st->body, st->small, st->label, st->title,
	    st->title * 3 / 2 };
	static const enum ui_font fonts[] = { UI_REGULAR, UI_BOLD };

	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		for (size_t f = 0; f < 2; f++) {
			struct entry *en = lookup(rd, fonts[f], sizes[i], 0,
			    "Aa", 2);

			texture(rd, en);
		}
		texture(rd, lookup(rd, UI_PICTO, sizes[i], 0, "\xef\x80\x95",
		    3));
	}
}
