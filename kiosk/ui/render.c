/*
 * render.c - the toolkit's commands to pixels with SDL_Renderer + SDL_ttf.
 */
#include "ui/render.h"
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
#define MAX_TEXTURES	1500	/* a few screens' worth of words */

/* Text is rendered white and tinted at draw time (SDL colour mod), so one
 * texture serves every colour of the same run. */
struct entry {
	uint32_t hash;
	enum ui_font font;
	int size;
	char *s;		/* NULL = free slot */
	int w, h;		/* measured size */
	SDL_Texture *tex;	/* rendered lazily, on first draw */
	int tw, th;		/* texture size */
	unsigned stamp;		/* frame of last use */
};

struct font {
	enum ui_font kind;
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
	struct font_map maps[3];	/* regular, bold, picto */
	struct font fonts[MAX_FONTS];
	int nfonts;
	struct entry *cache;
	size_t used, ntex;
	unsigned frame;
	char tmp[1024];
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

static TTF_Font *
font_open(render *rd, enum ui_font kind, int size)
{
	int i = kind == UI_BOLD ? 1 : kind == UI_PICTO ? 2 : 0;
	const char *path = i == 1 ? rd->files.bold : i == 2 ? rd->files.picto :
	    rd->files.regular;
	const struct font_map *m = &rd->maps[i];

	if (m->p == NULL)
		return TTF_OpenFont(path, size);
	SDL_RWops *rw = SDL_RWFromConstMem(m->p, (int)m->n);
	return rw ? TTF_OpenFontRW(rw, 1, size) : NULL;
}

static TTF_Font *
font_get(render *rd, enum ui_font kind, int size)
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

/* ------------------------------------------------------------ cache */

static uint32_t
key_hash(enum ui_font font, int size, const char *s, size_t n)
{
	uint32_t h = 2166136261u ^ (uint32_t)font * 31u ^ (uint32_t)size;

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
lookup(render *rd, enum ui_font font, int size, const char *s, size_t n)
{
	uint32_t h = key_hash(font, size, s, n);
	size_t i = h & (CACHE_SLOTS - 1);

	for (; rd->cache[i].s; i = (i + 1) & (CACHE_SLOTS - 1)) {
		struct entry *en = &rd->cache[i];
		if (en->hash == h && en->font == font && en->size == size &&
		    strncmp(en->s, s, n) == 0 && en->s[n] == '\0') {
			en->stamp = rd->frame;
			return en;
		}
	}
	if (rd->used >= CACHE_SLOTS * 3 / 4) {
		cache_trim(rd);
		return lookup(rd, font, size, s, n);
	}
	struct entry *en = &rd->cache[i];
	en->hash = h;
	en->font = font;
	en->size = size;
	en->s = xstrndup(s, n);
	en->stamp = rd->frame;
	TTF_Font *f = font_get(rd, font, size);
	if (f == NULL || TTF_SizeUTF8(f, en->s, &en->w, &en->h) != 0)
		en->w = en->h = 0;
	rd->used++;
	return en;
}

static SDL_Texture *
texture(render *rd, struct entry *en)
{
	static const SDL_Color white = { 255, 255, 255, 255 };

	if (en->tex || en->s[0] == '\0')
		return en->tex;
	if (rd->ntex >= MAX_TEXTURES)
		textures_trim(rd);
	TTF_Font *f = font_get(rd, en->font, en->size);
	if (f == NULL)
		return NULL;
	SDL_Surface *s = TTF_RenderUTF8_Blended(f, en->s, white);
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
	return lookup(arg, f, size, s, n)->w;
}

static int
m_line_height(void *arg, enum ui_font f, int size)
{
	TTF_Font *font = font_get(arg, f, size);
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
	const char *files[] = { f->regular, f->bold, f->picto };
	const enum ui_font kinds[] = { UI_REGULAR, UI_BOLD, UI_PICTO };

	rd->r = r;
	rd->files = *f;
	rd->cache = xcalloc(CACHE_SLOTS, sizeof *rd->cache);
	for (int i = 0; i < 3; i++)
		map_font(&rd->maps[i], files[i]);
	for (int i = 0; i < 3; i++) {
		TTF_Font *t = font_open(rd, kinds[i], 24);
		if (t == NULL) {
			err_set(e, "cannot open font %s: %s", files[i],
			    TTF_GetError());
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
	for (int i = 0; i < 3; i++)	/* after the fonts that read them */
		if (rd->maps[i].p)
			munmap(rd->maps[i].p, rd->maps[i].n);
	free(rd);
}

/* ------------------------------------------------------------ draw */

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
			break;
		case UI_CMD_RECT:
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
			draw_tex(rd, lookup(rd, cmd->font, cmd->size,
			    ui_cmd_text(c, cmd), cmd->len), cmd->rect,
			    cmd->color, 0);
			break;
		case UI_CMD_ICON:
			draw_tex(rd, lookup(rd, UI_PICTO, cmd->size, cp,
			    utf8_encode(cmd->cp, cp)), cmd->rect, cmd->color, 1);
			break;
		case UI_CMD_QR:
			draw_qr(rd, cmd);
			break;
		}
	}
	SDL_RenderSetClipRect(rd->r, NULL);
}
