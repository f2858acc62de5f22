#include "run.h"
#include "config.h"
#include "db.h"
#include "gateway.h"
#include "log.h"
#include "outbox.h"
#include "phone.h"
#include "planner.h"
#include "schema.h"
#include "settings.h"
#include "sms.h"
#include "strbuf.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t got_term, got_hup;

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_term = 1;
}

struct daemon {
	const struct run_opts *o;
	config *cfg;
	struct settings s;
	struct gateway *gw;
	sqlite3 *db;
	struct timespec mono0;
	double last_send;	/* monotonic seconds of the last send */
};

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The daemon's clock: real time, or --now plus the time spent since. */
static time_t
now(const struct daemon *d)
{
	if (!d->o->fixed_now)
		return time(NULL);
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return d->o->now_base + (ts.tv_sec - d->mono0.tv_sec);
}

/* Sleeps up to secs; a signal cuts it short (handlers have no SA_RESTART). */
static void
nap(double secs)
{
	struct timespec ts;

	if (secs <= 0)
		return;
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

static int
load(struct daemon *d, config **cfg, struct settings *s, struct gateway **gw,
    err_t *e)
{
	if ((*cfg = config_load(d->o->config_path, e)) == NULL)
		return -1;
	if (settings_load(*cfg, s, e) < 0) {
		config_free(*cfg);
		return -1;
	}
	if ((*gw = gateway_open(*cfg, e)) == NULL) {
		settings_free(s);
		config_free(*cfg);
		return -1;
	}
	return 0;
}

/* SIGHUP: a bad new config is logged and the old one kept running. */
static void
reload(struct daemon *d)
{
	config *cfg;
	struct settings s;
	struct gateway *gw;
	err_t e;

	if (load(d, &cfg, &s, &gw, &e) < 0) {
		log_error("reload refused, still running with the previous "
		    "config: %s", e.msg);
		return;
	}
	if (strcmp(s.db_path, d->s.db_path) != 0)
		log_warn("reload: [database] path changed: restart the daemon to "
		    "use %s", s.db_path);
	/* New offsets: plan every future appointment again (rows for an
	 * offset no longer configured are cancelled, new ones planned). */
	int requeue = s.noffsets != d->s.noffsets ||
	    memcmp(s.offsets, d->s.offsets, sizeof s.offsets) != 0;
	if (requeue && d->db != NULL) {
		int n = plan_requeue(d->db, now(d), &e);

		if (n < 0)
			log_error("%s", e.msg);
		else
			log_info("reminder offsets changed: %d appointment%s to plan "
			    "again", n, n == 1 ? "" : "s");
	}
	gateway_close(d->gw);
	settings_free(&d->s);
	config_free(d->cfg);
	d->cfg = cfg;
	d->s = s;
	d->gw = gw;
	log_info("config reloaded from %s", d->o->config_path);
}

/* Backoff: retry_base doubled each attempt, at most retry_max. */
static long
backoff(const struct settings *s, int attempts)
{
	long b = s->retry_base;

	for (int i = 1; i < attempts && b < s->retry_max; i++)
		b *= 2;
	return b < s->retry_max ? b : s->retry_max;
}

static void
rate_wait(struct daemon *d)
{
	if (d->s.rate > 0) {
		double gap = 1.0 / d->s.rate - (mono() - d->last_send);

		if (gap > 0)
			nap(gap);
	}
	d->last_send = mono();
}

/* One due row: re-check, send, record the outcome. */
static int
process(struct daemon *d, const struct outbox_item *it, err_t *e)
{
	const struct settings *s = &d->s;
	time_t t = now(d);
	char masked[64], *text, *tr;
	struct sms_cost cost;
	struct gw_result res;

	if (it->appt_at - t < s->min_notice)
		return outbox_final(d->db, it->id, "expired", "too late: less than "
		    "min_notice before the appointment", t, e);
	if (outbox_superseded(d->db, it->id, t))
		return outbox_final(d->db, it->id, "expired", "superseded: a later "
		    "reminder of the same appointment is due now", t, e);
	if (plan_is_quiet(s, t)) {
		time_t due = plan_next_allowed(s, t);

		if (due > it->appt_at - s->min_notice)
			return outbox_final(d->db, it->id, "expired", "no allowed time "
			    "to send before the appointment (quiet hours or Sunday)", t, e);
		return outbox_postpone(d->db, it->id, due, t, e);
	}
	/* Rendered now, not at planning: a reloaded template applies. */
	text = plan_render(s, it->msd, it->appt_at, it->place);
	if (s->transliterate) {
		tr = sms_transliterate(text);
		free(text);
		text = tr;
	}
	sms_cost(text, &cost);
	if (outbox_sending(d->db, it->id, text, cost.segments, cost.ucs2, t, e) < 0) {
		free(text);
		return -1;
	}
	rate_wait(d);
	struct sms m = { .to = it->phone, .text = text, .ucs2 = cost.ucs2, .ref = it->id };
	memset(&res, 0, sizeof res);
	res.retry_after_s = -1;
	gateway_send(d->gw, &m, &res);
	free(text);
	phone_mask(it->phone, masked, sizeof masked);
	t = now(d);
	switch (res.status) {
	case GW_SENT:
		log_info("reminder %lld sent to %s (%d segment%s%s)", (long long)it->id,
		    masked, cost.segments, cost.segments > 1 ? "s" : "",
		    cost.ucs2 ? ", UCS-2" : "");
		return outbox_sent(d->db, it->id, res.provider_id, t, e);
	case GW_PERMANENT:
		log_warn("reminder %lld to %s failed: %s", (long long)it->id, masked,
		    res.reason);
		return outbox_final(d->db, it->id, "failed", res.reason, t, e);
	case GW_TRANSIENT:
		break;
	}
	long wait = res.retry_after_s >= 0 ? res.retry_after_s : backoff(s, it->attempts + 1);
	time_t due = plan_next_allowed(s, t + wait);
	if (due > it->appt_at - s->min_notice) {
		char why[400];

		snprintf(why, sizeof why, "gateway still failing when it became too "
		    "late: %s", res.reason);
		log_warn("reminder %lld to %s expired: %s", (long long)it->id, masked, why);
		return outbox_final(d->db, it->id, "expired", why, t, e);
	}
	log_warn("reminder %lld to %s: %s; retry in %ld s", (long long)it->id,
	    masked, res.reason, (long)(due - t));
	return outbox_retry(d->db, it->id, due, res.reason, t, e);
}

int
run_daemon(const struct run_opts *o)
{
	struct daemon d = { .o = o };
	struct sigaction sa;
	time_t last_purge = 0;
	err_t e;
	int rc = 0, n;

	/* Handlers first: systemd may stop us while we are still starting. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;	/* no SA_RESTART: a signal ends a nap */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	clock_gettime(CLOCK_MONOTONIC, &d.mono0);
	if (load(&d, &d.cfg, &d.s, &d.gw, &e) < 0) {
		log_error("%s", e.msg);
		return 2;
	}
	d.db = db_open_rw(d.s.db_path, reminders_migrations,
	    reminders_migrations_count, &e);
	if (d.db == NULL) {
		log_error("%s", e.msg);
		rc = 1;
		goto out;
	}

	if ((n = outbox_recover(d.db, now(&d), &e)) < 0)
		goto fail;
	if (n > 0)
		log_warn("%d reminder%s interrupted by a stop while sending: "
		    "sending again", n, n > 1 ? "s" : "");
	log_info("running%s with the %s gateway on %s", o->once ? " once" : "",
	    d.gw->ops->name, d.s.db_path);
	while (!got_term) {
		struct outbox_item it;
		time_t t;

		if (got_hup) {
			got_hup = 0;
			reload(&d);
		}
		t = now(&d);
		if (t - last_purge >= 3600) {
			if ((n = outbox_purge(d.db, t, d.s.retention_days, &e)) < 0)
				goto fail;
			if (n > 0)
				log_info("retention: removed the personal data of %d "
				    "appointment%s older than %ld days", n, n > 1 ? "s" : "",
				    d.s.retention_days);
			last_purge = t;
		}
		if (plan_pending(d.db, &d.s, t, &e) < 0)
			goto fail;
		n = outbox_next_due(d.db, t, &it, &e);
		if (n < 0)
			goto fail;
		if (n == 1) {
			if (process(&d, &it, &e) < 0)
				goto fail;
			continue;
		}
		if (o->once)
			break;
		/* Nothing due: sleep until the next due time, but look again
		 * at least every 30 s for what an import added. */
		time_t next = outbox_next_wakeup(d.db);
		double secs = 30;
		if (next > 0 && next - t < secs)
			secs = (double)(next - t);
		nap(secs < 1 ? 1 : secs);
	}
	if (got_term)
		log_info("stopping on request; nothing is lost: pending reminders "
		    "stay in %s", d.s.db_path);
	goto out;
fail:
	log_error("%s", e.msg);
	rc = 1;
out:
	sqlite3_close(d.db);
	gateway_close(d.gw);
	settings_free(&d.s);
	config_free(d.cfg);
	return rc;
}
