/*
 * report_post.c - the daily figures PUT under [report] url, one file a
 * kiosk and a day (see report_post.h for the protocol and the settings).
 */
#include "jobs/report_post.h"
#include "db.h"
#include "fsutil.h"
#include "http.h"
#include "log.h"
#include "jobs/stats.h"
#include "strbuf.h"
#include "timeutil.h"
#include "url_policy.h"
#include "jobs/worker.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A day is complete this long after its midnight: a count made at
 * 23:59:59.9 has long been committed by then. */
#define GRACE_S		300
/* The receiver's answer is not read; only this much is kept for a
 * message, and an excerpt of this many bytes shown. */
#define ANSWER_MAX	512
#define EXCERPT_MAX	121

struct settings {
	char *url, *shown_url, *ca_file, *kiosk_id, *token, *stats_path;
	long interval_s, timeout_s;
};

struct report_post {
	struct settings s;
	struct worker w;		/* the thread */
	struct report_post_status st;	/* under w's mutex */
	/* The thread's own. */
	char logged[sizeof(err_t)];	/* the last error logged */
	sqlite3 *db;
	struct http *h;
};

/* ------------------------------------------------------------ settings */

static void
settings_free(struct settings *s)
{
	free(s->url);
	free(s->shown_url);
	free(s->ca_file);
	free(s->kiosk_id);
	if (s->token) {
		memset(s->token, 0, strlen(s->token));
		free(s->token);
	}
	free(s->stats_path);
	memset(s, 0, sizeof *s);
}

/* The url without a user:password@ part, for logs. */
static char *
shown_url(const char *url)
{
	const char *sch = strstr(url, "://"), *at, *slash;
	strbuf b = STRBUF_INIT;

	if (sch == NULL)
		return xstrdup(url);
	sch += 3;
	slash = strchr(sch, '/');
	at = strchr(sch, '@');
	if (at == NULL || (slash && at > slash))
		return xstrdup(url);
	strbuf_add(&b, url, (size_t)(sch - url));
	strbuf_puts(&b, "***@");
	strbuf_puts(&b, at + 1);
	return strbuf_take(&b);
}

int
report_kiosk_id_valid(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '_' &&
		    *s != '-')
			return 0;
	return 1;
}

/* The token of token_file: refused if others can read the file. */
static int
read_token(const config *cfg, const char *path, struct settings *s, err_t *e)
{
	struct stat sb;
	size_t len;
	char *t;

	if (stat(path, &sb) != 0)
		return err_set(e, "%s: [report] token_file %s: %s",
		    config_path(cfg), path, strerror(errno));
	if (sb.st_mode & 077)
		return err_set(e, "%s: [report] token_file %s can be read by "
		    "other users (mode %03o): chmod 600 it", config_path(cfg),
		    path, (unsigned)(sb.st_mode & 0777));
	if ((t = fs_read_file(path, 4096, &len, e)) == NULL)
		return err_prefix(e, "%s: [report] token_file: ",
		    config_path(cfg));
	while (len > 0 && isspace((unsigned char)t[len - 1]))
		t[--len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (t[i] <= ' ' || t[i] == 0x7f) {
			free(t);
			return err_set(e, "%s: [report] token_file %s: the token "
			    "must be one line of printable characters",
			    config_path(cfg), path);
		}
	if (len == 0) {
		free(t);
		return err_set(e, "%s: [report] token_file %s is empty",
		    config_path(cfg), path);
	}
	s->token = t;
	return 0;
}

/* Reads [report].  1 = no url (nothing to do), 0 = ready, -1 = bad. */
static int
settings_load(const config *cfg, const char *msd, const char *stats_path,
    struct settings *s, err_t *e)
{
	const char *url = config_get(cfg, "report", "url");
	const char *ca = config_get(cfg, "report", "ca_file");
	const char *id = config_get(cfg, "report", "kiosk_id");
	const char *tok = config_get(cfg, "report", "token_file");
	long min;
	char host[256];

	memset(s, 0, sizeof *s);
	if (url == NULL || *url == '\0')
		return 1;
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return err_set(e, "%s: [report] url = '%s': expected an http:// "
		    "or https:// address", config_path(cfg), url);
	/* The day's file name goes at the end of the path. */
	if (strpbrk(url, "?#") != NULL)
		return err_set(e, "%s: [report] url = '%s': no '?' or '#': each "
		    "day is sent to URL/KIOSK/YYYY-MM-DD.csv, give the folder "
		    "only", config_path(cfg), url);
	s->url = xstrdup(url);
	/* One slash between the folder and the kiosk, whatever was given. */
	for (size_t n = strlen(s->url); n > 0 && s->url[n - 1] == '/'; n--)
		s->url[n - 1] = '\0';
	s->shown_url = shown_url(s->url);
	if (stats_path)
		s->stats_path = xstrdup(stats_path);
	else {
		/* The kiosk could not open it: the thread tries again later. */
		struct stats_settings ss;

		if (stats_settings_load(cfg, NULL, &ss, e) < 0)
			return -1;
		s->stats_path = ss.path;
		ss.path = NULL;
		stats_settings_free(&ss);
	}
	if (ca && *ca) {
		if (access(ca, R_OK) != 0)
			return err_set(e, "%s: [report] ca_file %s: %s",
			    config_path(cfg), ca, strerror(errno));
		s->ca_file = xstrdup(ca);
	}
	if (id == NULL || *id == '\0')
		id = msd;
	if (id == NULL || *id == '\0') {
		if (gethostname(host, sizeof host) != 0)
			snprintf(host, sizeof host, "borne");
		host[sizeof host - 1] = '\0';
		id = host;
	}
	if (!report_kiosk_id_valid(id))
		return err_set(e, "%s: [report] kiosk_id (or [kiosk] msd, or "
		    "the host name) '%s': use letters, digits, '.', '_' or '-'",
		    config_path(cfg), id);
	s->kiosk_id = xstrdup(id);
	if (tok && *tok && read_token(cfg, tok, s, e) < 0)
		return -1;
	if (url_policy_check(cfg, "report", url, s->token ?
	    "the token of token_file" : NULL, e) < 0)
		return -1;
	if (config_int(cfg, "report", "interval_min", 60, 1, 7 * 24 * 60, &min,
	    e) < 0 ||
	    config_int(cfg, "report", "interval_s", min * 60, 1, 7 * 24 * 3600,
	    &s->interval_s, e) < 0 ||
	    config_int(cfg, "report", "timeout_s", 30, 1, 3600, &s->timeout_s,
	    e) < 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ one PUT */

/* A client for s; w: the thread, whose stop abandons a PUT (NULL:
 * none).  A redirect is said, not followed (lib/http). */
static struct http *
client(const struct settings *s, struct worker *w, err_t *e)
{
	struct http_conf c = {
		.section = "report",
		.agent = "msd-kiosk-stats/1",
		.ca_file = s->ca_file,
		.timeout_s = s->timeout_s,
		.connect_s = 30,
		.cancel = w ? worker_cancel : NULL,
		.cancel_arg = w,
	};
	struct http *h = http_new(&c, e);

	if (h == NULL)
		err_prefix(e, "statistics upload: ");
	return h;
}

/* PUTs one day's CSV to URL/KIOSK/DAY.csv: a second PUT of the same day
 * replaces the first, so that a day sent twice (a stop between the
 * server's 2xx and the mark) is counted once by any WebDAV server.  The
 * X-MSD- headers stay for receivers that read them.  0 on a 2xx answer;
 * -1 + message otherwise. */
static int
put_day(struct http *h, const struct settings *s, const char *day,
    const char *body, size_t len, err_t *e)
{
	char xday[64], xkiosk[128], ex[EXCERPT_MAX];
	const char *hdrs[] = { xday, xkiosk, NULL };
	strbuf url = STRBUF_INIT, shown = STRBUF_INIT;
	struct http_request r = {
		.method = "PUT",
		.body = body,
		.body_len = len,
		.content_type = "text/csv; charset=utf-8",
		.headers = hdrs,
		.bearer = s->token,
		.body_max = ANSWER_MAX,
		.body_cut = 1,
	};
	struct http_answer a = { 0 };
	int rc = 0;

	snprintf(xday, sizeof xday, "X-MSD-Day: %s", day);
	snprintf(xkiosk, sizeof xkiosk, "X-MSD-Kiosk: %s", s->kiosk_id);
	strbuf_printf(&url, "%s/%s/%s.csv", s->url, s->kiosk_id, day);
	strbuf_printf(&shown, "%s/%s/%s.csv", s->shown_url, s->kiosk_id, day);
	r.url = url.s;
	if (http_perform(h, &r, &a) < 0)
		rc = err_set(e, "statistics upload of %s to %s: %s (the day is "
		    "kept and sent later)", day, shown.s, a.why);
	else if (a.status == 409)
		/* What Apache's mod_dav answers for a missing folder (nginx
		 * makes it with create_full_put_path). */
		rc = err_set(e, "statistics upload of %s to %s: the server "
		    "answered HTTP 409: the folder %s/%s/ does not exist there; "
		    "create it on the server (docs/statistics-server.md) (the "
		    "day is kept and sent later)", day, shown.s, s->shown_url,
		    s->kiosk_id);
	else if (a.status < 200 || a.status > 299) {
		http_excerpt(strbuf_str(&a.body), ex, sizeof ex);
		rc = err_set(e, "statistics upload of %s to %s: the server "
		    "answered HTTP %ld%s%s (the day is kept and sent later)", day,
		    shown.s, a.status, ex[0] ? ": " : "", ex);
	}
	http_answer_free(&a);
	strbuf_free(&url);
	strbuf_free(&shown);
	return rc;
}

/* ------------------------------------------------------------ one pass */

/* The complete days not yet sent, oldest first, into a new array of
 * 16-byte strings.  -1 + message. */
static int
unsent_days(sqlite3 *db, time_t now, char (**days)[16], int *n, err_t *e)
{
	char today[16];
	sqlite3_stmt *q;
	int rc, cap = 0;

	*days = NULL;
	*n = 0;
	time_fmt_day(now - GRACE_S, today, sizeof today);
	q = db_prepare(db, "SELECT DISTINCT day FROM counts WHERE day < ?1 "
	    "AND day NOT IN (SELECT day FROM sent_days) ORDER BY day", e);
	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, today, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 32;
			*days = xrealloc(*days, (size_t)cap * sizeof **days);
		}
		snprintf((*days)[(*n)++], 16, "%s", db_text(q, 0));
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "statistics database %s: %s",
		    sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
		sqlite3_finalize(q);
		free(*days);
		*days = NULL;
		return -1;
	}
	sqlite3_finalize(q);
	return 0;
}

/* The body of one day: what `stats export --from DAY --to DAY` writes. */
static char *
day_csv(sqlite3 *db, const char *day, size_t *len, err_t *e)
{
	char *buf = NULL;
	size_t size = 0;
	long rows;
	FILE *f = open_memstream(&buf, &size);
	int rc;

	if (f == NULL) {
		err_set(e, "statistics upload: out of memory");
		return NULL;
	}
	rc = stats_write_csv(db, day, day, f, &rows, e);
	fclose(f);
	if (rc < 0) {
		free(buf);
		return NULL;
	}
	*len = size;
	return buf;
}

static int
mark_sent(sqlite3 *db, const char *day, err_t *e)
{
	sqlite3_stmt *q = db_prepare(db, "INSERT OR IGNORE INTO sent_days "
	    "(day) VALUES (?1)", e);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, day, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return err_set(e, "statistics database %s: cannot mark %s as "
		    "sent: %s (it will be sent again)",
		    sqlite3_db_filename(db, "main"), day, sqlite3_errmsg(db));
	return 0;
}

/* Sends every complete unsent day, oldest first; stops at the first
 * failure or when w stops (w NULL: no thread).  0 if nothing is left,
 * -1 + message.  No transaction is held during a PUT: the list is read
 * first, each mark is its own commit. */
static int
pass(const struct settings *s, sqlite3 *db, struct http *h, time_t now,
    struct worker *w, int *sent, int *left, char *last_sent, err_t *e)
{
	char (*days)[16];
	int n, i, rc = 0;

	*sent = 0;
	if (unsent_days(db, now, &days, &n, e) < 0) {
		*left = -1;
		return -1;
	}
	for (i = 0; i < n; i++) {
		size_t len;
		char *body;

		if (worker_stopping(w)) {
			rc = err_set(e, "statistics upload stopped");
			break;
		}
		if ((body = day_csv(db, days[i], &len, e)) == NULL) {
			rc = -1;
			break;
		}
		rc = put_day(h, s, days[i], body, len, e);
		free(body);
		if (rc < 0 || (rc = mark_sent(db, days[i], e)) < 0)
			break;
		(*sent)++;
		if (last_sent)
			snprintf(last_sent, 16, "%s", days[i]);
	}
	*left = n - *sent;
	free(days);
	return rc;
}

int
report_post_once(const config *cfg, const char *msd, const char *stats_path,
    time_t now,
    int *sent, int *left, err_t *e)
{
	struct settings s;
	sqlite3 *db;
	struct http *h;
	int rc;

	*sent = *left = 0;
	rc = settings_load(cfg, msd, stats_path, &s, e);
	if (rc != 0) {
		if (rc > 0)
			err_set(e, "%s: no [report] url: there is nowhere to send "
			    "the statistics to", config_path(cfg));
		settings_free(&s);
		return 2;
	}
	if ((h = client(&s, NULL, e)) == NULL) {
		settings_free(&s);
		return 1;
	}
	if ((db = stats_db_open_rw(stats_path, e)) == NULL) {
		http_free(h);
		settings_free(&s);
		return 1;
	}
	rc = pass(&s, db, h, now ? now : time(NULL), NULL, sent, left, NULL, e);
	http_free(h);
	sqlite3_close(db);
	settings_free(&s);
	return rc < 0 ? 1 : 0;
}

/* ------------------------------------------------------------ thread */

/* Copies s into out, cut at a character boundary if too long. */
static void
copy_cut(char *out, size_t n, const char *s)
{
	size_t len = strlen(s);

	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(out, s, len);
	out[len] = '\0';
}

/* A round of the worker: one pass, its outcome kept for
 * report_post_get_status() and logged (not when stopped). */
static int
send_round(void *arg)
{
	struct report_post *r = arg;
	char last[16] = "";
	int sent = 0, left = 0, rc;
	err_t e;

	e.msg[0] = '\0';
	if (r->h == NULL && (r->h = client(&r->s, &r->w, &e)) == NULL)
		rc = -1;
	else if (r->db == NULL &&
	    (r->db = stats_db_open_rw(r->s.stats_path, &e)) == NULL)
		rc = -1;
	else
		rc = pass(&r->s, r->db, r->h, time(NULL), &r->w, &sent, &left,
		    last, &e);
	if (worker_stopping(&r->w))
		return -1;

	worker_lock(&r->w);
	r->st.passes++;
	r->st.last_pass_ok = rc == 0;
	r->st.pending = left;
	if (last[0])
		memcpy(r->st.last_day_sent, last, sizeof last);
	if (rc == 0) {
		r->st.last_ok = time(NULL);
		r->st.last_error[0] = '\0';
	} else
		copy_cut(r->st.last_error, sizeof r->st.last_error, e.msg);
	worker_unlock(&r->w);

	if (rc == 0) {
		if (r->logged[0] || sent > 0)
			log_info("statistics upload: %d day%s delivered "
			    "to %s%s", sent, sent == 1 ? "" : "s",
			    r->s.shown_url, r->logged[0] ?
			    " (the server answers again)" : "");
		r->logged[0] = '\0';
		return 0;
	}
	/* Said once while it lasts, not at every retry. */
	if (strcmp(r->logged, e.msg) != 0) {
		log_warn("%s", e.msg);
		snprintf(r->logged, sizeof r->logged, "%s", e.msg);
	}
	if (sent > 0)
		log_info("statistics upload: %d day%s delivered before the "
		    "failure", sent, sent == 1 ? "" : "s");
	return -1;
}

/* The thread's connection and handle, closed by the thread. */
static void
send_done(void *arg)
{
	struct report_post *r = arg;

	http_free(r->h);
	sqlite3_close(r->db);
}

static const struct worker_ops ops = { send_round, NULL, send_done };

struct report_post *
report_post_start(const config *cfg, const char *msd, const char *stats_path,
    err_t *e)
{
	struct report_post *r;

	if (e)
		e->msg[0] = '\0';
	r = xcalloc(1, sizeof *r);
	/* settings_load() > 0: no upload wanted, and e says nothing. */
	if (settings_load(cfg, msd, stats_path, &r->s, e) != 0 ||
	    http_init(e) < 0)
		goto fail;
	log_info("statistics upload: complete days go to %s as %s, every %ld "
	    "s when all is sent", r->s.shown_url, r->s.kiosk_id,
	    r->s.interval_s);
	if (worker_start(&r->w, &ops, r, r->s.interval_s, "statistics upload",
	    e) < 0)
		goto fail;
	return r;
fail:
	settings_free(&r->s);
	free(r);
	return NULL;
}

void
report_post_get_status(struct report_post *r, struct report_post_status *out)
{
	memset(out, 0, sizeof *out);
	if (r == NULL)
		return;
	worker_lock(&r->w);
	*out = r->st;
	worker_unlock(&r->w);
}

void
report_post_stop(struct report_post *r)
{
	if (r == NULL)
		return;
	worker_stop(&r->w);
	settings_free(&r->s);
	free(r);
}
