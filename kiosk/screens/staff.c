/*
 * staff.c - the staff PIN and menu (see staff.h).
 */
#include "screens/staff.h"
#include "log.h"
#include "jobs/report_post.h"
#include "sheet/sheet.h"
#include "jobs/stats.h"
#include "jobs/sync.h"

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
	snprintf(a->staff_msg, sizeof a->staff_msg, "Arrêt de la borne.");
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
	snprintf(a->staff_msg, sizeof a->staff_msg, "Thème « %.100s ». %.380s",
	    t ? t->title : theme, said);
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
		snprintf(a->staff_msg, sizeof a->staff_msg,
		    "La feuille n'a pas pu être créée : %.400s", e.msg);
	} else if (sheet_print(path, NULL, a->staff_msg,
	    sizeof a->staff_msg) != 0) {
		/* The message tells staff where the PDF is: keep it. */
		if (a->staff_msg[0] == '\0')
			snprintf(a->staff_msg, sizeof a->staff_msg,
			    "L'impression a échoué. Le fichier est ici : %s",
			    path);
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

void
staff_print_theme(struct app *a, const char *theme)
{
	print_sheet(a, theme);
}

/* The list of themes, a screen of its own. */
static void
run_sheet_theme(struct app *a)
{
	err_t e;

	screens_goto(a, "staff-themes", &e);
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
	stats_export_staff(a->stats, time(NULL), a->staff_msg,
	    sizeof a->staff_msg);
}

const struct staff_entry staff_menu[] = {
	{ "staff:sheet", "Imprimer la feuille des offres", "imprimer",
	    sheet_available, run_sheet },
	{ "staff:sheet-theme", "Imprimer la feuille d'un thème", "imprimer",
	    sheet_available, run_sheet_theme },
	{ "staff:stats", "Exporter les statistiques", "document",
	    stats_available, run_stats_export },
	{ "staff:reload", "Recharger le contenu", "document", NULL,
	    run_reload },
	{ "staff:quit", "Quitter la borne", "cadenas", NULL, run_quit },
	{ NULL, NULL, NULL, NULL, NULL }
};

void
staff_pack_line(const struct app *a, char *buf, size_t n)
{
	snprintf(buf, n, "Contenu : version %ld, construit le %s. Fichier : %s",
	    a->pack->version, a->pack->built_at[0] ? a->pack->built_at : "?",
	    a->pack_path);
}

void
staff_sync_line(const struct app *a, char *buf, size_t n)
{
	struct sync_status s;
	char when[32] = "jamais";

	buf[0] = '\0';
	if (a->sync == NULL)
		return;
	sync_get_status(a->sync, &s);
	if (s.last_check_ok != 0) {
		struct tm tm;

		localtime_r(&s.last_check_ok, &tm);
		strftime(when, sizeof when, "%d/%m/%Y à %H:%M", &tm);
	}
	snprintf(buf, n, "Mises à jour : version %ld du %s. Dernière "
	    "vérification réussie : %s.%s%.300s", s.pack_version,
	    s.pack_built_at[0] ? s.pack_built_at : "?", when,
	    s.last_error[0] ? " Dernière erreur : " : "", s.last_error);
}

void
staff_report_line(const struct app *a, char *buf, size_t n)
{
	struct report_post_status s;
	char when[32] = "jamais";

	buf[0] = '\0';
	if (a->report == NULL)
		return;
	report_post_get_status(a->report, &s);
	if (s.last_ok != 0) {
		struct tm tm;

		localtime_r(&s.last_ok, &tm);
		strftime(when, sizeof when, "%d/%m/%Y à %H:%M", &tm);
	}
	snprintf(buf, n, "Envoi des statistiques : %d jour%s en attente. "
	    "Dernier envoi réussi : %s.%s%.300s", s.pending,
	    s.pending > 1 ? "s" : "", when, s.last_error[0] ?
	    " Dernière erreur : " : "", s.last_error);
}

int
staff_pin_ok(const char *hash, const char *pin)
{
	if (hash == NULL || *hash == '\0' || sodium_init() < 0)
		return 0;
	return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}

int
staff_pin_hash_valid(const char *hash)
{
	if (hash == NULL || sodium_init() < 0 ||
	    strlen(hash) >= crypto_pwhash_STRBYTES ||
	    strncmp(hash, crypto_pwhash_STRPREFIX,
	    strlen(crypto_pwhash_STRPREFIX)) != 0)
		return 0;
	/* -1: libsodium cannot read its parameters (a cut or edited hash). */
	return crypto_pwhash_str_needs_rehash(hash,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != -1;
}

int
staff_hash_pin(FILE *in, FILE *out)
{
	char pin[64], hash[crypto_pwhash_STRBYTES];
	size_t n;

	if (fgets(pin, sizeof pin, in) == NULL) {
		fputs("msd-kiosk: --hash-pin: type the PIN on standard input\n",
		    stderr);
		return 2;
	}
	n = strcspn(pin, "\r\n");
	pin[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)pin[i]))
			n = 0;
	if (n < STAFF_PIN_MIN || n > STAFF_PIN_MAX) {
		sodium_memzero(pin, sizeof pin);
		fprintf(stderr, "msd-kiosk: --hash-pin: the PIN must be %d to %d "
		    "digits (the kiosk's PIN pad has only digits; fewer are "
		    "too easy to guess)\n", STAFF_PIN_MIN, STAFF_PIN_MAX);
		return 2;
	}
	if (sodium_init() < 0 ||
	    crypto_pwhash_str(hash, pin, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		sodium_memzero(pin, sizeof pin);
		fputs("msd-kiosk: --hash-pin: hashing failed (out of memory?)\n",
		    stderr);
		return 1;
	}
	sodium_memzero(pin, sizeof pin);
	fprintf(out, "pin_hash = %s\n", hash);
	return 0;
}
