/*
 * screens.h - what the kiosk shows: home, rights and duties, offers by
 * theme, an offer with its QR code, the feedback questions and their
 * thank-you, the glossary popup, the idle countdown, and the staff PIN
 * pad, menu and theme list (printing one theme's sheet).
 *
 * struct app is the whole state of a kiosk session.  Nothing a reader
 * chose or typed lives anywhere else, so screens_home() (idle reset)
 * really forgets it.  kiosk.c owns the loop; the screens only change
 * `page` and the flags below, which kiosk.c acts on between frames.
 *
 * The screens count what the public does (stats.h): each page view,
 * offer, QR code, glossary word, feedback answer.  A feedback answer is
 * counted at the touch and then forgotten: the questionnaire keeps only
 * the number of the question on screen.
 */
#ifndef MSD_SCREENS_H
#define MSD_SCREENS_H

#include <SDL.h>

#include "err.h"
#include "content/pack.h"
#include "screens/pinlock.h"
#include "ui/qr.h"
#include "ui/ui.h"

enum page {
	PAGE_HOME, PAGE_RIGHTS, PAGE_RIGHTS_PAGE, PAGE_OFFERS, PAGE_THEME,
	PAGE_OFFER, PAGE_PIN, PAGE_STAFF,
	PAGE_FEEDBACK,		/* arg: the question's number, "1".."N" */
	PAGE_THANKS,		/* the end of the questionnaire */
	PAGE_STAFF_THEMES	/* staff: print the sheet of one theme */
};

struct stats;
struct report_post;

struct app {
	/* set by kiosk.c */
	pack *pack;
	const char *pack_path;
	const char *msd;		/* MSD code, NULL = every MSD */
	const char *pin_hash;		/* NULL or "": no staff access */
	struct sync *sync;		/* NULL without content sync */
	struct stats *stats;		/* NULL = not counting (screenshot, errors) */
	struct report_post *report;	/* NULL without [report] url */

	/* what is on screen */
	enum page page;
	char arg[128];			/* page, theme or offer id */
	int gloss;			/* glossary entry shown, -1 = none */
	int countdown;			/* seconds shown by the idle popup, 0 */
	qr code;			/* the offer's QR code (PAGE_OFFER) */
	int code_ok;

	/* staff */
	char pin[16];
	struct pinlock pinlock;		/* loaded by kiosk.c */
	char staff_msg[512];

	/* requests for kiosk.c, set during a frame */
	int changed;			/* the page changed */
	int quit;			/* staff chose "quit" */
	int reload;			/* staff chose "reload the pack" */
};

/* Sizes and colours for a w x h screen at dpi (CONTENT.md: body text
 * >= 24 px at 96 dpi, scaled by dpi; buttons >= 15 mm; contrast >= 7:1).
 * m measures the body font for the ~60 characters line. */
void screens_style(ui_style *st, int w, int h, double dpi,
    const ui_measure *m);

/* Opens a page from its id: home, rights, rights:ID, offers,
 * offers:THEME, offer:ID, feedback (its first question), feedback:N,
 * feedback:merci (and staff, staff-pin, staff-themes for screenshots).
 * -1 + message when it does not exist in the pack. */
int screens_goto(struct app *a, const char *id, err_t *e);

/* Back to home, every choice forgotten (idle reset, start).  Not
 * counted as a page view. */
void screens_home(struct app *a);

/* 1 on the PIN pad and the staff pages: not public use (no idle count,
 * no staff gesture). */
int screens_staff(const struct app *a);

/* The page id as screens_goto() takes it, plus " gloss:WORD" or
 * " countdown:N" when a popup is open. */
void screens_page_id(const struct app *a, char *buf, size_t n);

/* Builds one frame of the current page on a w x h screen (the PIN
 * lock-out reads the wall clock: it outlives the process). */
void screens_frame(struct app *a, ui_ctx *c, int w, int h);

/* Glossary matcher for ui_set_links(); arg is the struct app. */
int screens_link(void *arg, const char *s, size_t *len);

/* Frees what the app holds besides the pack (the QR code). */
void screens_free(struct app *a);

#endif
