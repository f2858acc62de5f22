/*
 * main.c - msd-reminderd: SMS reminders of appointments in the Maisons
 * sociales du Département.  Reads the agenda's CSV export, plans
 * reminders, sends them through an HTTP gateway, and never loses one.
 */
#include "config.h"
#include "db.h"
#include "importer.h"
#include "lockfile.h"
#include "log.h"
#include "phone.h"
#include "report.h"
#include "run.h"
#include "schema.h"
#include "settings.h"
#include "timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_CONFIG "/etc/msd/reminderd.ini"

static int
usage(FILE *f)
{
	fputs("usage: msd-reminderd [-c FILE] import FILE.csv|- [--now \"YYYY-MM-DD HH:MM\"]\n"
	    "       msd-reminderd [-c FILE] run [--once] [--dry-run] [--now \"YYYY-MM-DD HH:MM\"]\n"
	    "       msd-reminderd [-c FILE] status [--now \"YYYY-MM-DD HH:MM\"]\n"
	    "       msd-reminderd [-c FILE] report [--from D] [--to D] [--csv | --stats-csv]\n"
	    "       msd-reminderd [-c FILE] optout PHONE\n"
	    "\n"
	    "  -c FILE   configuration (default $MSD_REMINDERD_CONFIG, else "
	    DEFAULT_CONFIG ")\n"
	    "  --now     fix the clock (local time, Europe/Paris) for dry runs and tests;\n"
	    "            with run (not --once) the clock then advances in real time\n"
	    "  --once    send what is due, then exit\n"
	    "  --dry-run print what run --once would send (one line per SMS, number\n"
	    "            masked); sends nothing and changes nothing in the database\n"
	    "  --csv     report: the appointments to call (failed, no mobile), as CSV\n"
	    "  --stats-csv  report: the monthly figures per MSD, as CSV\n"
	    "One daemon per database: run holds DB.lock, a second run exits 1.\n"
	    "Exit status: 0 ok, 1 runtime failure, 2 bad usage or bad input.\n", f);
	return f == stdout ? 0 : 2;
}

/* Config, settings and database, for the commands other than run. */
struct ctx {
	config *cfg;
	struct settings s;
	sqlite3 *db;
	lockfile *lock;		/* writers only */
};

/* How long a writer waits for another one (an import of a million rows
 * takes seconds, more on a slow disk). */
#define WRITER_WAIT_S 600

/* Writers (import, optout) take the writer lock of DB.lock, so that they
 * wait for one another instead of failing on SQLite's busy timeout.  They
 * do not wait for the daemon: it holds only the owner lock, and picks up
 * what they wrote. */
static int
writer_lock(struct ctx *c, err_t *e)
{
	pid_t holder, said = 0;
	int r;

	if ((c->lock = lockfile_open(c->s.db_path, e)) == NULL)
		return -1;
	for (int i = 0; i < WRITER_WAIT_S * 10; i++) {
		if ((r = lockfile_try(c->lock, LOCKFILE_WRITER, &holder, e)) <= 0)
			return r;
		if (holder != said) {
			log_info("another msd-reminderd (pid %ld) is writing %s: "
			    "waiting (at most %d s)", (long)holder, c->s.db_path,
			    WRITER_WAIT_S);
			said = holder;
		}
		nanosleep(&(struct timespec){ .tv_nsec = 100000000 }, NULL);
	}
	return err_set(e, "another msd-reminderd (pid %ld) has been writing %s "
	    "for %d s: try again when it has finished", (long)holder,
	    c->s.db_path, WRITER_WAIT_S);
}

static void
close_ctx(struct ctx *c)
{
	sqlite3_close(c->db);
	lockfile_close(c->lock);	/* after the database */
	settings_free(&c->s);
	config_free(c->cfg);
}

static int
open_ctx(const char *path, struct ctx *c, int writer)
{
	err_t e;

	memset(c, 0, sizeof *c);
	if ((c->cfg = config_load(path, &e)) == NULL ||
	    settings_load(c->cfg, &c->s, &e) < 0) {
		log_error("%s", e.msg);
		config_free(c->cfg);
		return 2;
	}
	if (writer && writer_lock(c, &e) < 0) {
		log_error("%s", e.msg);
		close_ctx(c);
		return 1;
	}
	c->db = db_open_rw(c->s.db_path, reminders_migrations,
	    reminders_migrations_count, &e);
	if (c->db == NULL) {
		log_error("%s", e.msg);
		if (db_disk_full(c->s.db_path))
			log_error("the disk that holds %s is full: free some space "
			    "there", c->s.db_path);
		close_ctx(c);
		return 1;
	}
	return 0;
}

/* Options common to the subcommands; unknown ones are usage errors. */
struct opts {
	const char *now, *from, *to, *arg;
	int once, csv, dry_run;
};

static int
parse_opts(int argc, char **argv, struct opts *o, int want_arg)
{
	memset(o, 0, sizeof *o);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--once") == 0)
			o->once = 1;
		else if (strcmp(a, "--dry-run") == 0 && strcmp(argv[0], "run") == 0)
			o->dry_run = 1;
		else if (strcmp(a, "--csv") == 0)
			o->csv = 1;
		else if (strcmp(a, "--stats-csv") == 0)
			o->csv = 2;
		else if ((strcmp(a, "--now") == 0 || strcmp(a, "--from") == 0 ||
		    strcmp(a, "--to") == 0) && i + 1 < argc) {
			const char **dst = a[2] == 'n' ? &o->now : a[2] == 'f' ?
			    &o->from : &o->to;
			*dst = argv[++i];
		} else if ((a[0] != '-' || strcmp(a, "-") == 0) && want_arg &&
		    o->arg == NULL)		/* "-": standard input */
			o->arg = a;
		else {
			fprintf(stderr, "msd-reminderd %s: unexpected '%s'\n", argv[0], a);
			return -1;
		}
	}
	if (want_arg && o->arg == NULL) {
		fprintf(stderr, "msd-reminderd %s: missing argument\n", argv[0]);
		return -1;
	}
	return 0;
}

/* --now needs the zone of the config; it is parsed after settings_load. */
static int
get_now(const char *s, time_t *t)
{
	if (s == NULL) {
		*t = time(NULL);
		return 0;
	}
	if (time_parse_datetime(s, t) < 0) {
		log_error("--now '%s' is not a time like \"2026-12-01 09:00\"", s);
		return -1;
	}
	return 0;
}

static int
get_day(const char *s, int end, time_t *t)
{
	int y, m, d;

	if (s == NULL) {
		*t = 0;
		return 0;
	}
	if (time_parse_date(s, &y, &m, &d) < 0) {
		log_error("'%s' is not a date like 2026-12-01 or 01/12/2026", s);
		return -1;
	}
	*t = end ? time_from_local(y, m, d + 1, 0, 0) - 1 : time_from_local(y, m, d, 0, 0);
	return 0;
}

/* "; 2 relances planned" when the import planned some, else "". */
static const char *
relances_said(const struct import_stats *st)
{
	static char buf[64];

	buf[0] = '\0';
	if (st->relances > 0)
		snprintf(buf, sizeof buf, "; %ld relance%s planned (missed "
		    "appointments)", st->relances, st->relances > 1 ? "s" : "");
	return buf;
}

static int
cmd_import(const char *cfg, int argc, char **argv)
{
	struct opts o;
	struct ctx c;
	struct import_stats st;
	time_t now;
	int rc;

	if (parse_opts(argc, argv, &o, 1) < 0)
		return usage(stderr);
	if ((rc = open_ctx(cfg, &c, 1)) != 0)
		return rc;
	if (get_now(o.now, &now) < 0) {
		close_ctx(&c);
		return 2;
	}
	rc = import_file(c.db, &c.s, o.arg, now, &st, stderr);
	if (rc == 1 && db_disk_full(c.s.db_path))
		log_error("the disk that holds %s is full: free some space there "
		    "and import again (the database is as it was before)",
		    c.s.db_path);
	if (rc == 0)
		printf("%s: %ld rows: %ld new, %ld changed, %ld cancelled, %ld "
		    "unchanged, %ld past (ignored); %ld with no mobile number, %ld "
		    "refused SMS%s\n", o.arg, st.rows, st.added, st.changed,
		    st.cancelled, st.unchanged, st.past, st.no_mobile, st.refused,
		    relances_said(&st));
	close_ctx(&c);
	return rc;
}

static int
cmd_run(const char *cfg, int argc, char **argv)
{
	struct opts o;
	struct run_opts ro = { .config_path = cfg };
	config *c;
	struct settings s;
	err_t e;

	if (parse_opts(argc, argv, &o, 0) < 0)
		return usage(stderr);
	/* A dry run cannot be a daemon: it is one pass. */
	ro.once = o.once || o.dry_run;
	ro.dry_run = o.dry_run;
	if (o.now) {
		/* The zone must be set before --now is read. */
		if ((c = config_load(cfg, &e)) == NULL || settings_load(c, &s, &e) < 0) {
			log_error("%s", e.msg);
			config_free(c);
			return 2;
		}
		settings_free(&s);
		config_free(c);
		if (get_now(o.now, &ro.now_base) < 0)
			return 2;
		ro.fixed_now = 1;
	}
	if (isatty(STDERR_FILENO))
		log_set_timestamps(1);
	return run_daemon(&ro);
}

static int
cmd_status(const char *cfg, int argc, char **argv)
{
	struct opts o;
	struct ctx c;
	time_t now;
	int rc;

	if (parse_opts(argc, argv, &o, 0) < 0)
		return usage(stderr);
	if ((rc = open_ctx(cfg, &c, 0)) != 0)
		return rc;
	rc = get_now(o.now, &now) < 0 ? 2 : report_status(c.db, &c.s, now, stdout);
	close_ctx(&c);
	return rc;
}

static int
cmd_report(const char *cfg, int argc, char **argv)
{
	struct opts o;
	struct ctx c;
	time_t from, to;
	int rc;

	if (parse_opts(argc, argv, &o, 0) < 0)
		return usage(stderr);
	if ((rc = open_ctx(cfg, &c, 0)) != 0)
		return rc;
	if (get_day(o.from, 0, &from) < 0 || get_day(o.to, 1, &to) < 0)
		rc = 2;
	else
		rc = report_period(c.db, &c.s, from, to, (enum report_form)o.csv, stdout);
	close_ctx(&c);
	return rc;
}

static int
cmd_optout(const char *cfg, int argc, char **argv)
{
	struct opts o;
	struct ctx c;
	char e164[24], masked[64];
	enum phone_kind kind;
	const char *why;
	int rc, n;

	if (parse_opts(argc, argv, &o, 1) < 0)
		return usage(stderr);
	if (phone_normalize(o.arg, e164, sizeof e164, &kind, &why) < 0) {
		log_error("optout: that is not a phone number: %s", why);
		return 2;
	}
	if ((rc = open_ctx(cfg, &c, 1)) != 0)
		return rc;
	n = report_optout(c.db, e164, time(NULL), stderr);
	phone_mask(e164, masked, sizeof masked);
	if (n >= 0)
		printf("%s is on the STOP list; %d pending reminder%s cancelled\n",
		    masked, n, n == 1 ? "" : "s");
	close_ctx(&c);
	return n < 0 ? 1 : 0;
}

int
main(int argc, char **argv)
{
	const char *cfg = getenv("MSD_REMINDERD_CONFIG");
	int i = 1;

	db_init_process();
	log_init("msd-reminderd", getenv("MSD_DEBUG") ? LOG_DEBUG : LOG_INFO);
	if (cfg == NULL || *cfg == '\0')
		cfg = DEFAULT_CONFIG;
	if (i < argc && strcmp(argv[i], "-c") == 0) {
		if (i + 1 >= argc)
			return usage(stderr);
		cfg = argv[i + 1];
		i += 2;
	}
	if (i >= argc)
		return usage(stderr);
	const char *cmd = argv[i];
	argc -= i;
	argv += i;
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "help") == 0)
		return usage(stdout);
	if (strcmp(cmd, "import") == 0)
		return cmd_import(cfg, argc, argv);
	if (strcmp(cmd, "run") == 0)
		return cmd_run(cfg, argc, argv);
	if (strcmp(cmd, "status") == 0)
		return cmd_status(cfg, argc, argv);
	if (strcmp(cmd, "report") == 0)
		return cmd_report(cfg, argc, argv);
	if (strcmp(cmd, "optout") == 0)
		return cmd_optout(cfg, argc, argv);
	fprintf(stderr, "msd-reminderd: unknown command '%s'\n", cmd);
	return usage(stderr);
}
