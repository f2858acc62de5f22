/*
 * staff.c - what only staff can do, on three screens: the PIN pad
 * (screens/pin.h checks it and locks it after wrong PINs), the staff
 * menu, and the theme list that prints one theme's sheet.
 *
 * The menu is the table menu[] below: to add an entry, write its run()
 * (and available() if it depends on something optional) and add one
 * line to the table.
 */
#include "screens/parts.h"
#include "audio/player.h"
#include "log.h"
#include "jobs/report_post.h"
#include "sheet/sheet.h"
#include "jobs/stats.h"
#include "jobs/sync.h"
#include "strbuf.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void
run_quit(struct app *a)
{
	a->quit = 1;
	snprintf(a->staff_msg, sizeof a->staff_msg, "%s",
	    tr(a, "personnel.arret"));
}

static void
run_reload(struct app *a)
{
	a->reload = 1;	/* kiosk.c reopens the pack and says how it went */
}

/* A sheet is per MSD: a kiosk showing every MSD has none to print. */
static int
sheet_available(const struct app *a)
{
	return a->msd != NULL;
}

/* "Thème « Vous déplacer ». " before staff_msg: which sheet it was. */
static void
say_theme(struct app *a, const char *theme)
{
	const pack_theme *t = pack_theme_find(a->pack, theme);
	char said[sizeof a->staff_msg];

	snprintf(said, sizeof said, "%s", a->staff_msg);
	trf(a, "personnel.theme", a->staff_msg, sizeof a->staff_msg, "theme",
	    t ? t->title : theme, "message", said, NULL);
}

/* Writes and prints the sheet of this MSD (theme NULL: every theme);
 * staff_msg says what was sent where, or what failed.  The log keeps
 * the same line for the IT team. */
static void
print_sheet(struct app *a, const char *theme)
{
	char path[256], what[160];
	const char *dir = getenv("TMPDIR");
	struct sheet_opts o = { a->msd, theme, NULL };
	err_t e;
	int ok = 0;

	snprintf(what, sizeof what, "%s%s%s", a->msd, theme ? "/" : "",
	    theme ? theme : "");
	snprintf(path, sizeof path, "%s/msd-kiosk-sheet-%ld.pdf",
	    dir && *dir ? dir : "/tmp", (long)getpid());
	if (sheet_write(a->pack, &o, path, &e) != 0) {
		trf(a, "personnel.feuille-erreur", a->staff_msg,
		    sizeof a->staff_msg, "erreur", e.msg, NULL);
	} else if (sheet_print(a->pack, path, NULL, a->staff_msg,
	    sizeof a->staff_msg) != 0) {
		/* The message tells staff where the PDF is: keep it. */
		if (a->staff_msg[0] == '\0')
			trf(a, "personnel.impression-erreur", a->staff_msg,
			    sizeof a->staff_msg, "fichier", path, NULL);
	} else {
		/* lp has copied the file into the spool. */
		unlink(path);
		stats_count(a->stats, STATS_SHEET, what);
		ok = 1;
	}
	if (ok)
		log_info("staff sheet %s: %s", what, a->staff_msg);
	else
		log_error("staff sheet %s: %s", what, a->staff_msg);
	if (theme)
		say_theme(a, theme);
}

static void
run_sheet(struct app *a)
{
	print_sheet(a, NULL);
}

/* The list of themes, a screen of its own. */
static void
run_sheet_theme(struct app *a)
{
	go(a, &screen_staff_themes, NULL);
}

static int
stats_available(const struct app *a)
{
	return a->stats != NULL;
}

static void
run_stats_export(struct app *a)
{
	/* Every day kept, to DIR/statistiques-MSD-YYYY-MM-DD.csv; DIR =
	 * [stats] export_dir, else the first writable USB key under /media,
	 * else the database's directory.  Fills staff_msg: where, or what
	 * failed. */
	struct stats_export_result r;
	char n[24];

	stats_export_staff(a->stats, time(NULL), &r);
	snprintf(n, sizeof n, "%ld", r.rows);
	switch (r.how) {
	case STATS_EXPORT_OK:
		trf(a, "personnel.stats.exportees", a->staff_msg,
		    sizeof a->staff_msg, "n", n, "fichier", r.path, NULL);
		break;
	case STATS_EXPORT_OFF:
		trf(a, "personnel.stats.desactivees", a->staff_msg,
		    sizeof a->staff_msg, NULL);
		break;
	case STATS_EXPORT_DIR_FAILED:
		trf(a, "personnel.stats.echec-dossier", a->staff_msg,
		    sizeof a->staff_msg, "erreur", r.why, NULL);
		break;
	default:
		trf(a, "personnel.stats.echec", a->staff_msg,
		    sizeof a->staff_msg, "erreur", r.why, NULL);
		break;
	}
}

/* The loudness of "Écouter", by steps of 20 %, until the kiosk restarts
 * ([kiosk] volume is the lasting one). */
static int
sound_available(const struct app *a)
{
	return a->player != NULL;
}

static void
volume_step(struct app *a, int step)
{
	char num[16];

	player_volume(a->player, player_get_volume(a->player) + step);
	snprintf(num, sizeof num, "%d", player_get_volume(a->player));
	trf(a, "personnel.volume", a->staff_msg, sizeof a->staff_msg, "n", num,
	    NULL);
}

static void
run_louder(struct app *a)
{
	volume_step(a, 20);
}

static void
run_softer(struct app *a)
{
	volume_step(a, -20);
}

struct entry {
	const char *id;			/* for the layout report and tests */
	const char *label;		/* what the button says: a word */
	const char *picto;		/* a name from assets/content/pictos.csv */
	/* 0 hides the entry (something this build or config lacks);
	 * NULL = always shown. */
	int (*available)(const struct app *a);
	/* Does it: may set a->quit or a->reload, and says what happened
	 * in a->staff_msg. */
	void (*run)(struct app *a);
};

/* The menu, in order. */
static const struct entry menu[] = {
	{ "staff:sheet", WORD("personnel.imprimer"), "imprimer",
	    sheet_available, run_sheet },
	{ "staff:sheet-theme", WORD("personnel.imprimer-theme"), "imprimer",
	    sheet_available, run_sheet_theme },
	{ "staff:stats", WORD("personnel.statistiques"), "document",
	    stats_available, run_stats_export },
	{ "staff:louder", WORD("personnel.plus-fort"), "info",
	    sound_available, run_louder },
	{ "staff:softer", WORD("personnel.moins-fort"), "info",
	    sound_available, run_softer },
	{ "staff:reload", WORD("personnel.recharger"), "document", NULL,
	    run_reload },
	{ "staff:quit", WORD("personnel.quitter"), "cadenas", NULL,
	    run_quit },
};
#define NMENU	((int)(sizeof menu / sizeof menu[0]))

/* One line about the loaded pack (version, build date, file). */
static void
pack_line(const struct app *a, char *buf, size_t n)
{
	char v[24];

	snprintf(v, sizeof v, "%ld", a->pack->version);
	trf(a, "personnel.contenu", buf, n, "version", v, "date",
	    a->pack->built_at[0] ? a->pack->built_at : "?", "fichier",
	    a->pack_path, NULL);
}

/* When t was, for staff ("02/12/2026 à 14:05"), or "jamais" for 0. */
static void
when_words(const struct app *a, time_t t, char *buf, size_t n)
{
	char day[16], hour[16];
	struct tm tm;

	if (t == 0) {
		snprintf(buf, n, "%s", tr(a, "personnel.jamais"));
		return;
	}
	localtime_r(&t, &tm);
	strftime(day, sizeof day, "%d/%m/%Y", &tm);
	strftime(hour, sizeof hour, "%H:%M", &tm);
	trf(a, "personnel.quand", buf, n, "date", day, "heure", hour, NULL);
}

/* " Dernière erreur : ERROR" after a line, when there is one. */
static void
add_error(const struct app *a, const char *error, char *buf, size_t n)
{
	char said[320];
	size_t k = strlen(buf);

	if (error[0] == '\0' || k + 1 >= n)
		return;
	snprintf(said, sizeof said, "%s", error);
	buf[k++] = ' ';
	trf(a, "personnel.derniere-erreur", buf + k, n - k, "erreur", said,
	    NULL);
}

/* One line about the content sync (sync_get_status): the pack's version
 * and date, the last successful check, the last error; "" without sync. */
static void
sync_line(const struct app *a, char *buf, size_t n)
{
	struct sync_status s;
	char when[64], v[24];

	buf[0] = '\0';
	if (a->sync == NULL)
		return;
	sync_get_status(a->sync, &s);
	when_words(a, s.last_check_ok, when, sizeof when);
	snprintf(v, sizeof v, "%ld", s.pack_version);
	trf(a, "personnel.mises-a-jour", buf, n, "version", v, "date",
	    s.pack_built_at[0] ? s.pack_built_at : "?", "quand", when, NULL);
	add_error(a, s.last_error, buf, n);
}

/* One line about the upload of the figures ([report] url): the last day
 * sent, the days waiting, the last error; "" without upload. */
static void
report_line(const struct app *a, char *buf, size_t n)
{
	struct report_post_status s;
	char when[64], num[16];

	buf[0] = '\0';
	if (a->report == NULL)
		return;
	report_post_get_status(a->report, &s);
	when_words(a, s.last_ok, when, sizeof when);
	snprintf(num, sizeof num, "%d", s.pending);
	trf(a, "personnel.envoi", buf, n, "n", num, "quand", when, NULL);
	add_error(a, s.last_error, buf, n);
}

/* ------------------------------------------------------------ screens */

static void
pin_submit(struct app *a)
{
	time_t now = time(NULL);

	if (strlen(a->pin) < PIN_MIN || pinlock_wait(&a->pinlock, now))
		return;
	if (pin_ok(a->pin_hash, a->pin)) {
		pinlock_ok(&a->pinlock);
		go(a, &screen_staff, NULL);
		return;
	}
	sodium_memzero(a->pin, sizeof a->pin);
	pinlock_failed(&a->pinlock, now);
	snprintf(a->staff_msg, sizeof a->staff_msg, "%s", tr(a, "pin.faux"));
}

/* "Trop d'essais. Réessayez dans 2 minutes." */
static void
lock_hint(const struct app *a, long s, char *buf, size_t n)
{
	char num[24];

	snprintf(num, sizeof num, "%ld", s < 60 ? s : (s + 59) / 60);
	trf(a, s < 60 ? "pin.bloque.secondes" : "pin.bloque.minutes", buf, n,
	    "n", num, NULL);
}

static void
pin_key(struct app *a, char d)
{
	size_t n = strlen(a->pin);

	if (d == '\b') {
		if (n > 0)
			a->pin[n - 1] = '\0';
	} else if (n + 1 < sizeof a->pin && n < PIN_MAX) {
		a->pin[n] = d;
		a->pin[n + 1] = '\0';
	}
	a->staff_msg[0] = '\0';
}

static void
frame_pin(struct app *a, ui_ctx *c, ui_rect view, int portrait)
{
	ui_style *st = ui_get_style(c);
	/* The keys' ids ("pin:Effacer"); the two words are shown through
	 * tr() below. */
	static const char *const keys[12] = { "1", "2", "3", "4", "5", "6",
	    "7", "8", "9", "Effacer", "0", "Valider" };
	long wait = pinlock_wait(&a->pinlock, time(NULL));
	int locked = wait > 0;
	char hint[256];

	(void)portrait;
	body_begin(c, view, st->line);
	title_row(c, "pin:title", picto(a, "cadenas"), tr(a, "pin.titre"),
	    st->title);
	if (a->pin_hash == NULL || a->pin_hash[0] == '\0') {
		ui_text(c, "pin:none", tr(a, "pin.sans-code"), UI_REGULAR,
		    st->body, st->text, 0, 0);
		body_end(c);
		return;
	}
	if (locked)
		lock_hint(a, wait, hint, sizeof hint);
	else
		snprintf(hint, sizeof hint, "%s", tr(a, "pin.consigne"));
	ui_text(c, "pin:hint", hint, UI_REGULAR, st->body, st->text, 0, 0);
	/* One dot per digit typed; never the digits. */
	ui_rect dots = ui_next(c, st->title * 3 / 2);
	for (size_t i = 0; i < strlen(a->pin); i++)
		ui_icon(c, (ui_rect){ dots.x + (int)i * st->title, dots.y,
		    st->title, dots.h }, CP_BULLET, st->body, st->text);
	if (a->staff_msg[0])
		ui_text(c, "pin:msg", a->staff_msg, UI_BOLD, st->body,
		    st->text, 0, 0);
	int kh = imax(st->touch, (int)(18 * st->mm));
	for (int r = 0; r < 4 && !locked; r++) {
		ui_row(c, 3, NULL, kh);
		for (int k = 0; k < 3; k++) {
			const char *key = keys[r * 3 + k];
			char id[32];
			snprintf(id, sizeof id, "pin:%s", key);
			uint32_t cp = strcmp(key, "Valider") == 0 ? CP_CHECK :
			    strcmp(key, "Effacer") == 0 ? CP_CLOSE : 0;
			if (!ui_button(c, id, ui_cell(c), UI_BUTTON_PRIMARY,
			    cp, st->body, cp == CP_CHECK ? tr(a, "valider") :
			    cp == CP_CLOSE ? tr(a, "effacer") : key, NULL))
				continue;
			if (cp == CP_CHECK)
				pin_submit(a);
			else
				pin_key(a, cp == CP_CLOSE ? '\b' : key[0]);
		}
	}
	body_end(c);
	char d;
	enum ui_key k = ui_key(c, &d);
	if (!locked && k == UI_KEY_DIGIT)
		pin_key(a, d);
	else if (!locked && k == UI_KEY_BACKSPACE)
		pin_key(a, '\b');
	else if (!locked && k == UI_KEY_ENTER)
		pin_submit(a);
}

static void
frame_menu(struct app *a, ui_ctx *c, ui_rect view, int portrait)
{
	ui_style *st = ui_get_style(c);
	char line[1024];
	struct item it[16];
	int n = 0, map[16];

	(void)portrait;
	body_begin(c, view, st->line);
	title_row(c, "staff:title", picto(a, "cadenas"),
	    tr(a, "personnel.titre"), st->title);
	pack_line(a, line, sizeof line);
	ui_text(c, "staff:pack", line, UI_REGULAR, st->body, st->text, 0, 0);
	sync_line(a, line, sizeof line);
	if (line[0])
		ui_text(c, "staff:sync", line, UI_REGULAR, st->body, st->text,
		    0, 0);
	report_line(a, line, sizeof line);
	if (line[0])
		ui_text(c, "staff:report", line, UI_REGULAR, st->body,
		    st->text, 0, 0);
	if (a->staff_msg[0])
		ui_text(c, "staff:msg", a->staff_msg, UI_BOLD, st->body,
		    st->text, 0, 0);
	for (int i = 0; i < NMENU && n < 16; i++) {
		if (menu[i].available && !menu[i].available(a))
			continue;
		snprintf(it[n].id, sizeof it[n].id, "%s", menu[i].id);
		it[n].cp = picto(a, menu[i].picto);
		it[n].label = tr(a, menu[i].label);
		it[n].sub = NULL;
		map[n++] = i;
	}
	int hit = grid(c, it, n, UI_BUTTON_PRIMARY);
	if (hit >= 0) {
		a->staff_msg[0] = '\0';
		menu[map[hit]].run(a);
	}
	body_end(c);
}

/* The themes of this MSD: a touch prints that theme's sheet, and the
 * message says what was sent to which printer, or what failed. */
static void
frame_themes(struct app *a, ui_ctx *c, ui_rect view, int portrait)
{
	ui_style *st = ui_get_style(c);
	size_t n = a->pack->nthemes;
	struct item *it = xcalloc(n ? n : 1, sizeof *it);
	const char **ids = xcalloc(n ? n : 1, sizeof *ids);
	char (*subs)[64] = xcalloc(n ? n : 1, sizeof *subs);
	int k = 0;

	(void)portrait;
	body_begin(c, view, st->line * 2 + st->gap);
	title_row(c, "staff-themes:title", picto(a, "imprimer"),
	    tr(a, "personnel.imprimer-theme"), st->title);
	if (a->staff_msg[0])
		ui_text(c, "staff-themes:msg", a->staff_msg, UI_BOLD, st->body,
		    st->text, 0, 0);
	else
		ui_text(c, "staff-themes:hint", tr(a, "personnel.themes.consigne"),
		    UI_REGULAR, st->body, st->text, 0, 0);
	for (size_t i = 0; i < n; i++) {
		const pack_theme *t = &a->pack->themes[i];
		int count = theme_count(a, t->id);
		if (count == 0)
			continue;
		snprintf(it[k].id, sizeof it[k].id, "staff-themes:%s", t->id);
		char num[16];
		snprintf(num, sizeof num, "%d", count);
		trf(a, "personnel.offres", subs[k], sizeof subs[k], "n", num,
		    NULL);
		it[k].cp = picto(a, t->picto);
		it[k].label = t->title;
		it[k].sub = subs[k];
		ids[k++] = t->id;
	}
	int hit = grid(c, it, k, UI_BUTTON_CARD);
	if (hit >= 0)
		print_sheet(a, ids[hit]);
	free(it);
	free(ids);
	free(subs);
	body_end(c);
}

const struct screen screen_pin = {
	.name = "staff-pin",
	.section = WORD("personnel"),
	.flags = SCREEN_STAFF,
	.frame = frame_pin,
};

const struct screen screen_staff = {
	.name = "staff",
	.section = WORD("personnel"),
	.flags = SCREEN_STAFF | SCREEN_BEHIND_PIN | SCREEN_KEEPS_MSG,
	.frame = frame_menu,
};

const struct screen screen_staff_themes = {
	.name = "staff-themes",
	.section = WORD("personnel"),
	.parent = &screen_staff,
	.flags = SCREEN_STAFF | SCREEN_BEHIND_PIN,
	.frame = frame_themes,
};
