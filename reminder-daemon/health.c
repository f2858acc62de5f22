#include "health.h"
#include "log.h"
#include "prom.h"
#include "timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first three are pending.  delivered and undelivered are sent
 * reminders the provider reported on (schema version 2). */
static const char *const states[] = { "planned", "sending", "retry", "sent",
    "delivered", "undelivered", "failed", "expired", "cancelled" };
#define NSTATES (sizeof states / sizeof *states)

struct figures {
	long by_state[NSTATES];
	long due;			/* pending and due now */
	long pending;			/* planned, retry or sending */
	time_t oldest_due;		/* 0: nothing due */
	time_t last_send;		/* 0: never */
	long sent_today, segments_today;
	long sqlite_bytes;		/* the connection's page cache and
					 * statements */
};

void
health_init(struct dhealth *h)
{
	err_t e;

	memset(h, 0, sizeof *h);
	pthread_mutex_init(&h->mu, NULL);
	if (sdn_open(&h->sd, 0, &e) < 0)
		log_warn("%s", e.msg);
}

void
health_free(struct dhealth *h)
{
	sdn_close(&h->sd);
	free(h->text);
	h->text = NULL;
	pthread_mutex_destroy(&h->mu);
}

void
health_gateway(struct dhealth *h, double secs, int ok, const char *reason,
    time_t t)
{
	h->gw_last_s = secs;
	h->gw_sum_s += secs;
	h->gw_requests++;
	if (ok)
		return;
	h->gw_errors++;
	h->last_error_at = t;
	snprintf(h->last_error, sizeof h->last_error, "%s", reason);
}

static int
query(sqlite3 *db, time_t now, struct figures *f, err_t *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(f, 0, sizeof *f);
	/* Per connection, not sqlite3_memory_used(): the daemon turns
	 * SQLite's global memory statistics off (db_init_process(), a lock
	 * on every allocation), and this is what can grow: the cache. */
	{
		int cache = 0, stmts = 0, hi;

		sqlite3_db_status(db, SQLITE_DBSTATUS_CACHE_USED, &cache, &hi, 0);
		sqlite3_db_status(db, SQLITE_DBSTATUS_STMT_USED, &stmts, &hi, 0);
		f->sqlite_bytes = (long)cache + stmts;
	}
	if (sqlite3_prepare_v2(db, "SELECT state, count(*) FROM outbox GROUP BY "
	    "state", -1, &st, NULL) != SQLITE_OK)
		goto bad;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);

		for (size_t i = 0; s && i < NSTATES; i++)
			if (strcmp(s, states[i]) == 0)
				f->by_state[i] = sqlite3_column_int64(st, 1);
	}
	if (rc != SQLITE_DONE)
		goto bad;
	sqlite3_finalize(st);
	f->pending = f->by_state[0] + f->by_state[1] + f->by_state[2];
	/* The partial index outbox_due makes this cheap. */
	if (sqlite3_prepare_v2(db, "SELECT min(due_at), count(*) FROM outbox "
	    "WHERE state IN ('planned', 'retry', 'sending') AND due_at <= ?1",
	    -1, &st, NULL) != SQLITE_OK)
		goto bad;
	sqlite3_bind_int64(st, 1, now);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto bad;
	f->oldest_due = (time_t)sqlite3_column_int64(st, 0);
	f->due = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "SELECT max(sent_at), count(CASE WHEN "
	    "sent_at >= ?1 THEN 1 END), coalesce(sum(CASE WHEN sent_at >= ?1 "
	    "THEN segments END), 0) FROM outbox WHERE state IN ('sent', "
	    "'delivered', 'undelivered')", -1, &st,
	    NULL) != SQLITE_OK)
		goto bad;
	sqlite3_bind_int64(st, 1, time_day_start(now, 0));
	if (sqlite3_step(st) != SQLITE_ROW)
		goto bad;
	f->last_send = (time_t)sqlite3_column_int64(st, 0);
	f->sent_today = sqlite3_column_int64(st, 1);
	f->segments_today = sqlite3_column_int64(st, 2);
	sqlite3_finalize(st);
	return 0;
bad:
	err_set(e, "health figures: cannot read the outbox: %s",
	    sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return -1;
}

static void
render(const struct dhealth *h, const struct figures *f, time_t now,
    strbuf *b)
{
	prom_family(b, "msd_reminders", "gauge", "Reminders in the outbox, by "
	    "state (planned, sending, retry, sent, delivered, undelivered, "
	    "failed, expired, cancelled).");
	for (size_t i = 0; i < NSTATES; i++) {
		const char *l[] = { "state", states[i], NULL };

		prom_sample(b, "msd_reminders", l, (double)f->by_state[i]);
	}
	prom_gauge(b, "msd_reminders_due", "Reminders due now and not yet "
	    "sent (planned or retry with a due time in the past).",
	    (double)f->due);
	prom_gauge(b, "msd_reminders_oldest_due_lateness_seconds", "How long "
	    "the oldest due reminder has been waiting; 0 when none is due.",
	    f->oldest_due ? (double)(now - f->oldest_due) : 0);
	prom_gauge(b, "msd_reminderd_last_send_timestamp_seconds", "Unix time "
	    "of the last SMS the gateway accepted; 0 if none ever was.",
	    (double)f->last_send);
	prom_gauge(b, "msd_reminderd_sms_sent_today", "SMS sent since local "
	    "midnight.", (double)f->sent_today);
	prom_gauge(b, "msd_reminderd_segments_sent_today", "SMS segments "
	    "(what the provider bills) sent since local midnight.",
	    (double)f->segments_today);
	prom_family(b, "msd_reminderd_gateway_latency_seconds", "summary",
	    "Time the gateway took to answer, since the daemon started.");
	prom_sample(b, "msd_reminderd_gateway_latency_seconds_sum", NULL,
	    h->gw_sum_s);
	prom_sample(b, "msd_reminderd_gateway_latency_seconds_count", NULL,
	    (double)h->gw_requests);
	prom_gauge(b, "msd_reminderd_gateway_last_latency_seconds", "Time the "
	    "last request to the gateway took; 0 before the first.",
	    h->gw_last_s);
	prom_family(b, "msd_reminderd_gateway_errors_total", "counter",
	    "Requests the gateway refused or failed, since the daemon started.");
	prom_sample(b, "msd_reminderd_gateway_errors_total", NULL,
	    (double)h->gw_errors);
	prom_family(b, "msd_reminderd_last_error_timestamp_seconds", "gauge",
	    "Unix time of the last gateway error since the start (0: none), "
	    "its reason as a label.");
	const char *l[] = { "reason", h->last_error, NULL };
	prom_sample(b, "msd_reminderd_last_error_timestamp_seconds", l,
	    (double)h->last_error_at);
	/* Bounded by the page cache's cap (lib/db.c) plus the prepared
	 * statements: what RSS may gain on a large outbox without a leak. */
	prom_gauge(b, "msd_reminderd_sqlite_memory_bytes", "Heap memory "
	    "SQLite holds now for the daemon's database: its page cache (at "
	    "most 16 MB) and prepared statements.", (double)f->sqlite_bytes);
	prom_gauge(b, "msd_reminderd_health_timestamp_seconds", "Unix time "
	    "these figures were taken (the daemon's clock).", (double)now);
}

int
health_render(struct dhealth *h, sqlite3 *db, time_t now, strbuf *out,
    err_t *e)
{
	struct figures f;

	if (query(db, now, &f, e) < 0)
		return -1;
	render(h, &f, now, out);
	return 0;
}

char *
health_text(struct dhealth *h)
{
	char *t;

	pthread_mutex_lock(&h->mu);
	t = h->text ? xstrdup(h->text) : NULL;
	pthread_mutex_unlock(&h->mu);
	return t;
}

long
health_sleep_ms(const struct dhealth *h)
{
	return sdn_next_ms(&h->sd);
}

static void
status_line(const struct figures *f, char *out, size_t n)
{
	char when[32] = "never";

	if (f->last_send)
		time_fmt_iso(f->last_send, when, sizeof when);
	snprintf(out, n, "queue: %ld due, %ld pending; last send: %s; %ld SMS "
	    "today", f->due, f->pending, when, f->sent_today);
}

static void
refresh(struct dhealth *h, sqlite3 *db, const struct settings *s, time_t now)
{
	struct figures f;
	char status[256];
	strbuf b = STRBUF_INIT;
	err_t e;

	h->last_write = time_mono_s();
	if (query(db, now, &f, &e) < 0) {
		log_warn("%s", e.msg);
		return;
	}
	status_line(&f, status, sizeof status);
	if (!h->ready || strcmp(status, h->status) != 0) {
		if ((h->ready ? sdn_status(&h->sd, status, &e) :
		    sdn_ready(&h->sd, status, &e)) < 0)
			log_warn("%s", e.msg);
		h->ready = 1;
		snprintf(h->status, sizeof h->status, "%s", status);
	}
	render(h, &f, now, &b);
	if (s->health_file && *s->health_file) {
		if (prom_write_file(s->health_file, strbuf_str(&b), &e) < 0) {
			if (!h->write_failed)
				log_warn("%s (the daemon goes on; monitoring "
				    "sees an old file)", e.msg);
			h->write_failed = 1;
		} else
			h->write_failed = 0;
	}
	pthread_mutex_lock(&h->mu);
	free(h->text);
	h->text = strbuf_take(&b);
	pthread_mutex_unlock(&h->mu);
}

void
health_turn(struct dhealth *h, sqlite3 *db, const struct settings *s,
    time_t now)
{
	err_t e;

	if (sdn_ping(&h->sd, &e) < 0)
		log_warn("%s", e.msg);
	if (h->ready && time_mono_s() - h->last_write < (double)s->health_interval_s)
		return;
	refresh(h, db, s, now);
}

void
health_flush(struct dhealth *h, sqlite3 *db, const struct settings *s,
    time_t now)
{
	refresh(h, db, s, now);
}
