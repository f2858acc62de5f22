/*
 * stats_cmd.c - `msd-kiosk stats`: the kiosk's figures for the
 * Département and the IT team.
 *
 *   stats export [--from D] [--to D] -o FILE.csv
 *       the days from..to (YYYY-MM-DD or DD/MM/YYYY, inclusive; open
 *       ends by default) as a CSV for a French spreadsheet, written
 *       atomically: a failure leaves no file.
 *   stats send [--now "YYYY-MM-DD HH:MM"] [--wait SECONDS]
 *       delivers the complete days not yet sent to [report] url, once,
 *       synchronously (the same code as the kiosk's background upload).
 *       --wait runs the background upload thread itself until everything
 *       is delivered or SECONDS have passed (tests, and to watch it work).
 *   stats merge DIR [--from D] [--to D] -o FILE.csv
 *       every kiosk's days as the web server collected them
 *       (DIR/KIOSK/YYYY-MM-DD.csv, the daily upload's PUTs) in one CSV
 *       with the kiosk in the first column (jobs/stats_merge.h); needs
 *       no config and no database.
 *   stats record --day D TYPE ELEMENT
 *       maintenance and test aid: adds one to the counter (D, TYPE,
 *       ELEMENT), TYPE as in the CSV (page, offre, qr_code, ..., reponse
 *       with ELEMENT "question=answer").  It only adds a count, like the
 *       kiosk does; it never stores anything else.
 *
 * The database is [stats] path of the config (-c), by default
 * /var/lib/msd-kiosk/stats.db.  Exit 0 ok, 1 runtime failure (the
 * database cannot be read, the server does not answer), 2 bad usage or
 * bad input (a date, an output path that cannot be written).
 */
#include "app/commands.h"

#include "app/cmdopt.h"
#include "app/settings.h"
#include "config.h"
#include "log.h"
#include "jobs/report_post.h"
#include "jobs/stats.h"
#include "jobs/stats_merge.h"
#include "strbuf.h"
#include "timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* An option's value may start with '-'. */
static const struct cmdopt cmd = {
	"stats",
	"usage: msd-kiosk [-c FILE] stats export [--from D] [--to D] "
	"-o FILE.csv\n"
	"       msd-kiosk [-c FILE] stats send [--now \"YYYY-MM-DD HH:MM\"] "
	"[--wait SECONDS]\n"
	"       msd-kiosk stats merge DIR [--from D] [--to D] -o FILE.csv\n"
	"       msd-kiosk [-c FILE] stats record --day D TYPE ELEMENT\n"
	"  D: YYYY-MM-DD or DD/MM/YYYY.  TYPE: page, offre, qr_code, "
	"fiche_imprimee,\n"
	"  retour_accueil_auto, avis_commence, avis_termine, "
	"mot_explique, reponse.\n",
	CMDOPT_ANY,
};

/* A day given by a person, as noon of that day (clear of DST changes).
 * -1 with a message if it is not a real date. */
static int
parse_day(const char *opt, const char *s, time_t *out)
{
	int y, m, d;

	if (s == NULL || time_parse_date(s, &y, &m, &d) < 0) {
		fprintf(stderr, "msd-kiosk stats: %s '%s': not a date (write "
		    "2026-12-03 or 03/12/2026)\n", opt, s ? s : "");
		return -1;
	}
	*out = time_from_local(y, m, d, 12, 0);
	return 0;
}

/* The config of -c, or the defaults.  NULL after saying why. */
static config *
load_config(const char *path)
{
	config *c;
	err_t e;

	c = path ? config_load(path, &e) : config_parse("", "(defaults)", &e);
	if (c == NULL)
		fprintf(stderr, "msd-kiosk stats: %s\n", e.msg);
	return c;
}

/* [stats] path of the config.  NULL after saying why. */
static char *
db_path(const config *c)
{
	struct stats_settings s;
	err_t e;
	char *p;

	if (stats_settings_load(c, kiosk_settings_msd(c, NULL), &s,
	    &e) < 0) {
		fprintf(stderr, "msd-kiosk stats: %s\n", e.msg);
		return NULL;
	}
	p = s.path;
	s.path = NULL;
	stats_settings_free(&s);
	return p;
}

/* What export and merge are asked for. */
struct period {
	const char *from, *to, *out;
	time_t tfrom, tto;		/* 0: not given */
};

/* --from D, --to D and -o FILE, shared by export and merge: 1 if argv[*i]
 * was one of them (its value taken), 0 if not, -1 after a usage error
 * (*rc the exit status). */
static int
period_opt(int argc, char **argv, int *i, struct period *p, int *rc)
{
	const char *v = NULL, *missing = NULL;

	if (cmdopt_value(&cmd, argc, argv, i, "--from", &v)) {
		if ((p->from = v) == NULL)
			missing = "--from needs a date";
	} else if (cmdopt_value(&cmd, argc, argv, i, "--to", &v)) {
		if ((p->to = v) == NULL)
			missing = "--to needs a date";
	} else if (cmdopt_value(&cmd, argc, argv, i, "-o", &v)) {
		if ((p->out = v) == NULL || *v == '\0')
			missing = "-o needs a file name";
	} else {
		return 0;
	}
	if (missing) {
		*rc = cmdopt_usage(&cmd, "%s", missing);
		return -1;
	}
	return 1;
}

/* The days of --from and --to (0: not given), checked in order.  0, or
 * -1 after saying why (exit status 2). */
static int
period_days(struct period *p)
{
	if ((p->from && parse_day("--from", p->from, &p->tfrom) < 0) ||
	    (p->to && parse_day("--to", p->to, &p->tto) < 0))
		return -1;
	if (p->from && p->to && p->tfrom > p->tto) {
		fprintf(stderr, "msd-kiosk stats: --from %s is after --to %s\n",
		    p->from, p->to);
		return -1;
	}
	return 0;
}

static int
cmd_export(const char *config_path, int argc, char **argv)
{
	struct period p = { 0 };
	config *c;
	char *path;
	long rows;
	err_t e;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		int r = period_opt(argc, argv, &i, &p, &rc);
		if (r < 0)
			return rc;
		if (r == 0)
			return cmdopt_usage(&cmd, "export: "
			    "unknown argument '%.200s'", argv[i]);
	}
	if (p.out == NULL)
		return cmdopt_usage(&cmd, "export: -o FILE.csv is required");
	if (period_days(&p) < 0)
		return 2;
	if ((c = load_config(config_path)) == NULL)
		return 2;
	path = db_path(c);
	config_free(c);
	if (path == NULL)
		return 2;
	rows = stats_export_file(path, p.tfrom, p.tto, p.out, &e);
	free(path);
	if (rows < 0) {
		fprintf(stderr, "msd-kiosk stats: %s\n", e.msg);
		return rows == STATS_ERR_OUT ? 2 : 1;
	}
	printf("%ld row%s written to %s\n", rows, rows == 1 ? "" : "s", p.out);
	return 0;
}

/* DIR/KIOSK/YYYY-MM-DD.csv into one CSV. */
static int
cmd_merge(int argc, char **argv)
{
	struct period p = { 0 };
	const char *dir = NULL;
	char dfrom[16] = "", dto[16] = "";
	struct stats_merge_result res;
	err_t e;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		int r = period_opt(argc, argv, &i, &p, &rc);
		if (r < 0)
			return rc;
		if (r > 0)
			continue;
		if (cmdopt_is_option(argv[i]) || dir != NULL)
			return cmdopt_usage(&cmd, "merge: "
			    "unknown argument '%.200s'", argv[i]);
		dir = argv[i];
	}
	if (dir == NULL || p.out == NULL)
		return cmdopt_usage(&cmd, "merge: DIR and -o FILE.csv are "
		    "required");
	if (period_days(&p) < 0)
		return 2;
	if (p.from)
		time_fmt_day(p.tfrom, dfrom, sizeof dfrom);
	if (p.to)
		time_fmt_day(p.tto, dto, sizeof dto);
	rc = stats_merge(dir, p.from ? dfrom : NULL, p.to ? dto : NULL, p.out,
	    &res, &e);
	fputs(strbuf_str(&res.notes), stderr);
	if (rc < 0)
		fprintf(stderr, "msd-kiosk stats: merge: %s\n", e.msg);
	else
		printf("%ld row%s from %d day%s of %d kiosk%s written to %s\n",
		    res.rows, res.rows == 1 ? "" : "s", res.days,
		    res.days == 1 ? "" : "s", res.kiosks,
		    res.kiosks == 1 ? "" : "s", p.out);
	stats_merge_result_free(&res);
	return rc < 0 ? 2 : 0;
}

static int
cmd_record(const char *config_path, int argc, char **argv)
{
	const char *day = NULL, *pos[2] = { NULL, NULL };
	int npos = 0, kind, rc;
	time_t when;
	struct stats *st;
	config *c;
	err_t e;

	for (int i = 1; i < argc; i++) {
		const char *v = NULL;

		if (cmdopt_value(&cmd, argc, argv, &i, "--day", &v)) {
			if ((day = v) == NULL)
				return cmdopt_usage(&cmd, "--day needs a date");
		} else if (cmdopt_is_option(argv[i]))
			return cmdopt_usage(&cmd, "record: "
			    "unknown option '%.200s'", argv[i]);
		else if (npos < 2)
			pos[npos++] = argv[i];
		else
			return cmdopt_usage(&cmd, "record: one TYPE and one "
			    "ELEMENT");
	}
	if (day == NULL || npos != 2)
		return cmdopt_usage(&cmd, "record: --day D TYPE ELEMENT");
	if (parse_day("--day", day, &when) < 0)
		return 2;
	if ((kind = stats_kind_parse(pos[0])) < 0) {
		fprintf(stderr, "msd-kiosk stats: record: unknown type '%s'\n",
		    pos[0]);
		return cmdopt_usage(&cmd, NULL);
	}
	if (kind == STATS_NEVENTS && (strchr(pos[1], '=') == NULL ||
	    pos[1][0] == '=' || strchr(pos[1], '=')[1] == '\0')) {
		fprintf(stderr, "msd-kiosk stats: record: a 'reponse' element "
		    "is QUESTION=ANSWER, not '%s'\n", pos[1]);
		return 2;
	}
	if ((c = load_config(config_path)) == NULL)
		return 2;
	st = stats_open(c, kiosk_settings_msd(c, NULL), &e);
	config_free(c);
	if (st == NULL) {
		fprintf(stderr, "msd-kiosk stats: %s\n", e.msg);
		return 1;
	}
	if (kind == STATS_NEVENTS) {
		char *q = xstrdup(pos[1]), *a = strchr(q, '=');

		*a++ = '\0';
		rc = stats_answer_at(st, when, q, a, &e);
		free(q);
	} else
		rc = stats_count_at(st, when, (enum stats_event)kind, pos[1],
		    &e);
	stats_close(st);
	if (rc < 0) {
		fprintf(stderr, "msd-kiosk stats: %s\n", e.msg);
		return 1;
	}
	return 0;
}

/* --wait: the background thread itself, watched until it has delivered
 * everything or the time is up. */
static int
send_wait(const config *c, const char *path, long secs)
{
	struct report_post_status s;
	struct report_post *r;
	err_t e;
	long waited_ms = 0;

	r = report_post_start(c, kiosk_settings_msd(c, NULL), path, &e);
	if (r == NULL) {
		if (e.msg[0] == '\0')
			snprintf(e.msg, sizeof e.msg, "%s: no [report] url: "
			    "there is nowhere to send the statistics to",
			    config_path(c));
		fprintf(stderr, "msd-kiosk stats: %s\n", e.msg);
		return 2;
	}
	for (;;) {
		report_post_get_status(r, &s);
		if ((s.passes > 0 && s.last_pass_ok) ||
		    waited_ms >= secs * 1000)
			break;
		usleep(100 * 1000);
		waited_ms += 100;
	}
	report_post_stop(r);
	printf("%d pass%s, last day delivered: %s, %d day%s left\n", s.passes,
	    s.passes == 1 ? "" : "es", s.last_day_sent[0] ? s.last_day_sent :
	    "none", s.pending, s.pending == 1 ? "" : "s");
	if (!(s.passes > 0 && s.last_pass_ok)) {
		fprintf(stderr, "msd-kiosk stats: not everything was delivered "
		    "within %ld s: %s\n", secs, s.last_error[0] ? s.last_error :
		    "no pass finished");
		return 1;
	}
	return 0;
}

static int
cmd_send(const char *config_path, int argc, char **argv)
{
	const char *now_s = NULL, *wait_s = NULL;
	time_t now = 0;
	long wait = -1;
	int sent, left, rc;
	config *c;
	char *path;
	err_t e;

	for (int i = 1; i < argc; i++) {
		const char *v = NULL;

		if (cmdopt_value(&cmd, argc, argv, &i, "--now", &v)) {
			if ((now_s = v) == NULL)
				return cmdopt_usage(&cmd, "--now needs "
				    "\"YYYY-MM-DD HH:MM\"");
		} else if (cmdopt_value(&cmd, argc, argv, &i, "--wait", &v)) {
			if ((wait_s = v) == NULL)
				return cmdopt_usage(&cmd, "--wait needs a "
				    "number of seconds");
		} else
			return cmdopt_usage(&cmd, "send: "
			    "unknown argument '%.200s'", argv[i]);
	}
	if (now_s && time_parse_datetime(now_s, &now) < 0) {
		fprintf(stderr, "msd-kiosk stats: --now '%s': expected "
		    "\"YYYY-MM-DD HH:MM\"\n", now_s);
		return 2;
	}
	if (wait_s) {
		char *end;

		wait = strtol(wait_s, &end, 10);
		if (*end != '\0' || wait < 1 || wait > 86400) {
			fprintf(stderr, "msd-kiosk stats: --wait '%s': expected "
			    "seconds from 1 to 86400\n", wait_s);
			return 2;
		}
		if (now_s)
			return cmdopt_usage(&cmd, "--now and --wait do not "
			    "go together (the thread uses the real clock)");
	}
	if ((c = load_config(config_path)) == NULL)
		return 2;
	if ((path = db_path(c)) == NULL) {
		config_free(c);
		return 2;
	}
	if (wait > 0)
		rc = send_wait(c, path, wait);
	else {
		rc = report_post_once(c, kiosk_settings_msd(c, NULL), path,
		    now, &sent, &left, &e);
		if (rc == 2)
			fprintf(stderr, "msd-kiosk stats: %s\n", e.msg);
		else {
			printf("%d day%s delivered, %d left\n", sent,
			    sent == 1 ? "" : "s", left < 0 ? 0 : left);
			if (rc != 0)
				fprintf(stderr, "msd-kiosk stats: %s\n", e.msg);
		}
	}
	free(path);
	config_free(c);
	return rc;
}

int
cmd_stats(const char *config_path, int argc, char **argv)
{
	log_init("msd-kiosk", LOG_INFO);
	if (argc < 2)
		return cmdopt_usage(&cmd, NULL);
	if (cmdopt_is_help(argv[1])) {
		cmdopt_usage(&cmd, NULL);
		return 0;
	}
	if (strcmp(argv[1], "export") == 0)
		return cmd_export(config_path, argc - 1, argv + 1);
	if (strcmp(argv[1], "send") == 0)
		return cmd_send(config_path, argc - 1, argv + 1);
	if (strcmp(argv[1], "merge") == 0)
		return cmd_merge(argc - 1, argv + 1);
	if (strcmp(argv[1], "record") == 0)
		return cmd_record(config_path, argc - 1, argv + 1);
	return cmdopt_usage(&cmd, "unknown command '%s'", argv[1]);
}
