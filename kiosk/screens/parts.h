/*
 * parts.h - the pieces every page is built of: a scroll box holding a
 * centred column, a title with its pictogram, the page text, the
 * "written on" footer, and grids of buttons.
 *
 * Every page is a top bar (Retour, Accueil: always one touch away, drawn
 * by screens.c) over such a scroll box; text never gets clipped, it
 * scrolls.  The words people read here are FALC too: short sentences,
 * "vous", no abbreviations.
 */
#ifndef MSD_PARTS_H
#define MSD_PARTS_H

#include "screens/screen.h"

/* Pictograms of the kiosk's own chrome (FontAwesome 4.7), for what
 * assets/content/pictos.csv does not name. */
#define CP_CLOSE	0xf00d	/* a cross */
#define CP_CHECK	0xf00c	/* a check mark */
#define CP_BULLET	0xf111	/* a filled circle: list bullet */
#define CP_NEXT		0xf061	/* an arrow to the right */
#define CP_LISTEN	0xf028	/* a loudspeaker: "Écouter" */
#define CP_STOP		0xf04d	/* a square: "Arrêter" */

static inline int
imax(int a, int b)
{
	return a > b ? a : b;
}

static inline int
imin(int a, int b)
{
	return a < b ? a : b;
}

/* The code point of a pictogram of the pack (assets/content/pictos.csv). */
uint32_t picto(const struct app *a, const char *name);

/* Starts the page's scroll box in view, with a centred column of at most
 * width max_w; body_end() closes it. */
void body_begin(ui_ctx *c, ui_rect view, int max_w);
void body_end(ui_ctx *c);

/* A pictogram beside a title, wrapped; as the next box of the column. */
void title_row(ui_ctx *c, const char *id, uint32_t cp, const char *text,
    int size);

/* The page text (markup.h): subtitles, paragraphs, list items.
 * Returns the glossary entry touched, -1 if none. */
int blocks(ui_ctx *c, const char *idp, const char *body);

/* "Écrit le ..., d'après :" and the sources (without the programme's
 * internal references), small, at the bottom of a page. */
void footer(struct app *a, ui_ctx *c, const char *idp, const char *written,
    const char *sources);

/* The maison sociale's address, phone and hours when msd.csv has them. */
void contact_card(struct app *a, ui_ctx *c, const char *idp);

/* One button of a grid: id for the layout report and tests. */
struct item {
	char id[160];
	uint32_t cp;
	const char *label, *sub;
};

/* Buttons in 1 or 2 columns (2 when each is still wide enough to read
 * a label on a line or two).  Returns the index touched or -1. */
int grid(ui_ctx *c, const struct item *it, int n, enum ui_button_kind kind);

/* The same, fitted in room pixels of height when it can be: more
 * columns (3, when each stays 90 mm wide), then without sub-labels,
 * then labels at body size in columns down to 60 mm, last with less
 * padding inside the buttons (never under style->touch high).  What
 * never fits scrolls, as grid() does. */
int grid_in(ui_ctx *c, const struct item *it, int n, enum ui_button_kind kind,
    int room);

/* How many offers of theme this kiosk's MSD has. */
int theme_count(const struct app *a, const char *theme);

#endif
