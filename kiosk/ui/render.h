/*
 * render.h - draws the toolkit's command list (ui.h) with an SDL_Renderer:
 * the window's, or a software renderer on a surface for screenshots.
 *
 * Text goes through SDL_ttf (FreeType + HarfBuzz).  Both the sizes and
 * the rendered textures of text runs are cached by (font, size, string,
 * direction): a page redrawn while scrolling renders no text again.  A
 * word that holds right-to-left text is cut into runs by the bidi
 * algorithm (bidi.h), each shaped by HarfBuzz with its direction and
 * script, in the Arabic font or the text font, and put side by side.
 */
#ifndef MSD_RENDER_H
#define MSD_RENDER_H

#include <SDL.h>

#include "err.h"
#include "ui/ui.h"

/* Font files: text regular and bold, pictograms (FontAwesome 4.7), and
 * the Arabic script's regular and bold (Noto Sans Arabic: Andika has
 * Latin and Cyrillic, not Arabic).  A word of Arabic is drawn with the
 * Arabic font, every other word with the text font. */
struct render_fonts {
	char regular[512], bold[512], picto[512];
	char arabic[512], arabic_bold[512];
};

/* Resolves [kiosk] font: a family we know ("Andika", the default, falls
 * back to "DejaVu Sans" if it is not installed) or the path of a .ttf
 * file (its bold is "...-Bold.ttf" beside it, else the same file).
 * picto: the pictogram font's path, NULL for the Debian one.  -1 with a
 * message saying which file is missing and what to install. */
int render_find_fonts(const char *font, const char *picto,
    struct render_fonts *out, err_t *e);

typedef struct render render;

/* TTF_Init() must have been called.  Opens nothing yet but checks that
 * each font file opens.  NULL + message on failure. */
render *render_new(SDL_Renderer *r, const struct render_fonts *f, err_t *e);
void render_free(render *rd);

/* The direction of the paragraphs measured from now on (the language
 * shown): a word mixing scripts is measured as it will be drawn. */
void render_set_rtl(render *rd, int rtl);

/* s, the target of a software renderer (a screenshot's surface, 32 bits
 * a pixel), gets the opaque rectangles written straight into it rather
 * than through SDL_RenderFillRect.  SDL fills with stores that bypass
 * the cache: the glyphs blended over those pixels and the PNG encoder
 * then read them back from memory (1.2 ms of a 1080p screenshot, where
 * the page's background alone is 8 MB).  NULL goes back to SDL's. */
void render_fill_into(render *rd, SDL_Surface *s);

/* Opens the text and pictogram fonts at the style's sizes, and shapes
 * one word with each: what the first page change would otherwise do (a
 * window calls it after its first frame, while nobody touches yet). */
void render_prewarm(render *rd, const ui_style *st);

/* Measurement callbacks for ui_new(). */
ui_measure render_measure(render *rd);

/* Draws the last frame of c (no present).  Nothing is cleared first: the
 * frame paints all of itself (ui_begin() fills it with the style's
 * opaque background). */
void render_draw(render *rd, const ui_ctx *c);
/* The same, moved up by dy pixels: the band of the frame from row dy, in
 * a target shorter than the frame (a screenshot drawn band by band). */
void render_draw_at(render *rd, const ui_ctx *c, int dy);

#endif
