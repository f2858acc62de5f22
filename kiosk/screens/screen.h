/*
 * screen.h - what a screen of the kiosk is, the table of them all, and
 * the state and navigation they share.
 *
 * Each screen is one `const struct screen` in a file of this folder
 * (home.c, rights.c, ...; the three staff screens share staff.c), and
 * one row of the table in screen.c.  To add a screen: write its file,
 * declare it below, add its row.  Nothing else names it: the top bar
 * reads its section, Retour its parent, the counting its flags, and
 * --page and the state file its name.
 *
 * struct app is the whole state of a kiosk session.  Nothing a reader
 * chose or typed lives anywhere else, so screens_home() (idle reset)
 * really forgets it.  app/kiosk.c owns the loop; the screens only change
 * the screen and the flags below, which kiosk.c acts on between frames.
 *
 * The screens count what the public does (stats.h): each page view,
 * offer, QR code, glossary word, feedback answer.  A feedback answer is
 * counted at the touch and then forgotten: the questionnaire keeps only
 * the number of the question on screen.
 */
#ifndef MSD_SCREEN_H
#define MSD_SCREEN_H

#include "err.h"
#include "content/pack.h"
#include "screens/pin.h"
#include "ui/qr.h"
#include "ui/ui.h"

struct app;
struct player;
struct stats;
struct report_post;
struct sync;

enum {
	SCREEN_STAFF = 1 << 0,	/* not public use: not counted, no idle
				 * count, no staff gesture; nor is the
				 * first page after it counted */
	SCREEN_BEHIND_PIN = 1 << 1,	/* on screen only through the PIN
					 * (--page only with --screenshot) */
	SCREEN_NO_BACK = 1 << 2,	/* no Retour in the bar (the
					 * questionnaire only goes forward:
					 * an answer is counted at its touch,
					 * going back would count it twice) */
	SCREEN_BAR_LAST = 1 << 3,	/* the bar after the page in Tab
					 * order: the keyboard goes to the
					 * answers first */
	SCREEN_KEEPS_MSG = 1 << 4	/* staff_msg survives the arrival (the
					 * staff menu says what was done) */
};

struct screen {
	/* Its id in --page and the state file.  A name ending in ':'
	 * takes an argument after it ("offer:ID"). */
	const char *name;
	const char *section;		/* the top bar's words */
	/* The top bar's words when they depend on the arg (an offer's
	 * theme); NULL or NULL returned: section. */
	const char *(*title)(const struct app *a);
	const struct screen *parent;	/* Retour; NULL: Accueil */
	unsigned flags;
	int timeout_ms;			/* goes home by itself; 0: never */

	/* For --page and the state file: 0 if arg names something of this
	 * screen (it may rewrite arg, of size n, to its canonical form:
	 * "feedback" is question "1"), else -1, with a message in e when
	 * the screen has one better than "does not exist".  NULL: every
	 * arg is fine. */
	int (*open)(struct app *a, char *arg, size_t n, err_t *e);
	/* After the arrival: what the page needs made (the QR code). */
	void (*enter)(struct app *a);
	/* The arrival from `from` as stats.h counts it; NULL: a page view
	 * named name + arg (unless SCREEN_STAFF). */
	void (*count)(struct app *a, const struct screen *from);
	/* Retour when it depends on the arg (an offer's theme); NULL: the
	 * parent. */
	void (*back)(struct app *a);
	/* Builds the page in view, under the bar. */
	void (*frame)(struct app *a, ui_ctx *c, ui_rect view, int portrait);
};

/* The screens, one file each (the staff's three in staff.c). */
extern const struct screen screen_home;		/* home.c */
extern const struct screen screen_rights;	/* rights.c */
extern const struct screen screen_rights_page;	/* rights_page.c */
extern const struct screen screen_offers;	/* offers.c */
extern const struct screen screen_theme;	/* theme.c */
extern const struct screen screen_offer;	/* offer.c */
extern const struct screen screen_feedback;	/* feedback.c */
extern const struct screen screen_thanks;	/* feedback.c */
extern const struct screen screen_pin;		/* staff.c */
extern const struct screen screen_staff;	/* staff.c */
extern const struct screen screen_staff_themes;	/* staff.c */

struct app {
	/* set by kiosk.c through lang_set_pack() (lang.h) */
	pack *pack;			/* in the language shown */
	pack *base;			/* as read: French, owns the texts */
	pack *views[8];			/* base in each of its languages */
	size_t nviews;
	size_t lang;			/* views[lang] is shown */
	int large;			/* "Texte plus grand" */
	int lang_menu;			/* the list of languages is open */
	const char *pack_path;
	const char *msd;		/* MSD code, NULL = every MSD */
	const char *pin_hash;		/* NULL or "": no staff access */
	struct sync *sync;		/* NULL without content sync */
	struct stats *stats;		/* NULL = not counting (screenshot, errors) */
	struct report_post *report;	/* NULL without [report] url */

	/* what is on screen */
	const struct screen *screen;
	char arg[128];			/* page, theme or offer id */
	int gloss;			/* glossary entry shown, -1 = none */
	int countdown;			/* seconds shown by the idle popup, 0 */
	qr code;			/* the offer's QR code (screen_offer) */
	int code_ok;
	/* a question with several answers: those chosen so far (bit k:
	 * answer k), forgotten at the next page; never stored together */
	unsigned long long picked;

	/* read aloud (listen.h): player set by kiosk.c, NULL without a
	 * sound device (and in screenshots): no "Écouter" */
	struct player *player;
	char heard_page[160];		/* the page being read, "" */
	long heard;			/* the sentence heard, -1 */
	long heard_open_ms;		/* its stream took that to open */
	int heard_told;			/* its first sound was logged */
	char audio_page[160];		/* the page last asked about... */
	const pack *audio_pack;		/* ...in that pack */
	int audio_has;			/* ...and whether it has audio */

	/* staff */
	char pin[16];
	struct pinlock pinlock;		/* loaded by kiosk.c */
	char staff_msg[512];

	/* requests for kiosk.c, set during a frame */
	int changed;			/* the screen changed */
	int quit;			/* staff chose "quit" */
	int reload;			/* staff chose "reload the pack" */
};

/* ------------------------------------------------------------ words */

/* The interface's word NAME (a row of assets/content/interface.csv) in
 * the language shown, French where that language has none.  Every word a
 * screen shows comes from the pack through this or the content rows. */
const char *tr(const struct app *a, const char *name);

/* The word NAME (tr()) with each {KEY} in it replaced by the value given
 * after KEY: pairs of strings ended by NULL,
 *   trf(a, "pin.bloque.secondes", buf, sizeof buf, "n", "30", NULL).
 * A number is the value of "n", and the word NAME.<n>, when the pack has
 * it, is the form for that number ("pin.bloque.secondes.1": "1 seconde",
 * not "1 secondes").  A {KEY} given no value stays as it is.  Into buf
 * (size n), cut between two characters when longer; returns buf.
 * assets/content/README.md says it for translators. */
const char *trf(const struct app *a, const char *name, char *buf, size_t n,
    ...) __attribute__((sentinel));

/* The name of a word in a static table (a screen's section, a menu), for
 * tr() where it is shown: tests/helpers/interface_words.py finds every
 * name the code asks for by tr(), trf() and this. */
#define WORD(name) (name)

/* ------------------------------------------------------------ navigation */

/* A page or an offer seen, counted in the language shown (stats.h
 * STATS_LANGUAGE). */
void screens_count_language(struct app *a);

/* Every change of screen a person makes: counted (stats.h). */
void go(struct app *a, const struct screen *s, const char *arg);

/* The same, not counted (idle reset, start). */
void go_quiet(struct app *a, const struct screen *s, const char *arg);

/* Retour: the screen's back(), else its parent, else home (home itself
 * goes nowhere: Retour never quits). */
void go_back(struct app *a);

/* Opens the glossary explanation t (>= 0; -1 does nothing), counting
 * the word once per opening. */
void gloss_open(struct app *a, int t);

/* Opens a screen from its id: home, rights, rights:ID, offers,
 * offers:THEME, offer:ID, feedback (its first question), feedback:N,
 * feedback:merci (and staff, staff-pin, staff-themes for screenshots).
 * -1 + message when it does not exist in the pack. */
int screens_goto(struct app *a, const char *id, err_t *e);

/* Back to home, every choice forgotten (idle reset, start).  Not
 * counted as a page view. */
void screens_home(struct app *a);

/* 1 when the screen shown is the one named (as in screens_goto(),
 * without its argument: "home", "feedback:"). */
int screens_at(const struct app *a, const char *name);

/* 1 on the PIN pad and the staff pages: not public use (no idle count,
 * no staff gesture). */
int screens_staff(const struct app *a);

/* 1 on a screen that a window shows only after the PIN. */
int screens_behind_pin(const struct app *a);

/* Milliseconds after which the screen shown goes home by itself, 0 for
 * never (the feedback's thank-you). */
int screens_timeout_ms(const struct app *a);

/* The page id as screens_goto() takes it, plus " gloss:WORD",
 * " countdown:N" or " languages" when a popup is open. */
void screens_page_id(const struct app *a, char *buf, size_t n);

/* The answers chosen so far on a several-answers question, by their
 * pictogram names ("sante,mobilite"), "" elsewhere: for tests. */
void screens_picked(const struct app *a, char *buf, size_t n);

/* Frees what the app holds besides the pack (the QR code, the PIN). */
void screens_free(struct app *a);

#endif
