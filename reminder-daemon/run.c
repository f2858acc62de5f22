#include "run.h"
#include "timeutil.h"
#include "config.h"
#include "db.h"
#include "gateway.h"
#include "callbacks.h"
#include "callbacks_store.h"
#include "followup.h"
#include "health.h"
#include "lockfile.h"
#include "log.h"
#include "outbox.h"
#include "phone.h"
#include "planner.h"
#include "schema.h"
#include "settings.h"
#include "sms.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	lockfile *lock;
	dev_t db_dev;		/* the file opened, to notice it replaced */
	ino_t db_ino;
	char moved[4608];	/* set once the database is found gone */
	struct gateway dry;	/* the dry run's printing gateway */
	long dry_sent;
	struct dhealth health;	/* systemd's watchdog, [health] file */
	sqlite3_int64 last_reply;	/* replies up to this id have their answer */
	int wake[2];		/* the listener writes here: a reply came */
	struct db_pace pace;	/* checkpoints, at most one a second */
	/* The listener holds `writing` for each of its transactions; the
	 * send loop, finding the database locked, waits on it rather than
	 * sleeping, and notes when (microseconds of the monotonic clock) so
	 * that the listener lets it pass. */
	pthread_mutex_t writing;
	atomic_llong lock_wait_us;
};

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

/* The loop's sleep when nothing is due: up to secs, cut short by a
 * signal or by the listener (a reply may want its automatic answer). */
static void
idle(struct daemon *d, double secs)
{
	struct pollfd p = { .fd = d->wake[0], .events = POLLIN };
	char buf[64];

	if (d->wake[0] < 0) {
		nap(secs);
		return;
	}
	if (poll(&p, 1, (int)(secs * 1000)) > 0)
		while (read(d->wake[0], buf, sizeof buf) > 0)
			;
}

/* From the listener's thread, around each of its transactions.  While
 * the send loop has just been waiting for the write lock, the listener
 * waits, so that the loop gets the lock between two callbacks: without
 * it the listener, which never sleeps when the lock is free, took it
 * again and again while the loop slept between its tries (with the
 * rest, the sending fell from 737 to 53 msg/s, bench/callbacks).  At most
 * 5 ms: the loop may be waiting for an import, like the listener.  Then
 * it holds `writing`, on which the loop waits (busy_wait) instead of
 * sleeping 0.1 ms and trying again. */
static void
listener_write_begin(void *arg)
{
	struct daemon *d = arg;
	struct timespec ts = { 0, 100000 };

	for (int i = 0; i < 50; i++) {
		long long last = atomic_load(&d->lock_wait_us);

		if (last == 0 || time_mono_s() * 1e6 - (double)last > 500)
			break;
		nanosleep(&ts, NULL);
	}
	pthread_mutex_lock(&d->writing);
}

static void
listener_write_end(void *arg)
{
	struct daemon *d = arg;

	pthread_mutex_unlock(&d->writing);
}

/* From the listener's thread: one byte, never blocking (a full pipe
 * already says it). */
static void
listener_wake(void *arg)
{
	struct daemon *d = arg;

	if (d->wake[1] >= 0 && write(d->wake[1], "", 1) < 0 && errno != EAGAIN)
		log_warn("cannot wake the send loop: %s", strerror(errno));
}

/* SQLite's wait for a lock held by another writer: up to two minutes (a
 * large import holds it for seconds), but a SIGTERM ends it, so that a
 * stop stays within systemd's TimeoutStopSec.  The listener's
 * transactions last a fraction of a millisecond: the loop waits for the
 * end of the one in progress (the mutex `writing`), and a lock held by
 * another process is tried again 0.1 ms later, then every 100 ms.  A nap
 * of 100 ms at each try let a flow of callbacks bring the sending from
 * 737 to 53 msg/s (bench/callbacks). */
#define BUSY_QUICK 200
static int
busy_wait(void *arg, int count)
{
	struct daemon *d = arg;

	if (got_term || count >= BUSY_QUICK + 1200)
		return 0;
	atomic_store(&d->lock_wait_us, (long long)(time_mono_s() * 1e6));
	/* The listener is in a transaction: wait for its end, exactly. */
	if (pthread_mutex_trylock(&d->writing) != 0) {
		pthread_mutex_lock(&d->writing);
		pthread_mutex_unlock(&d->writing);
		return 1;
	}
	pthread_mutex_unlock(&d->writing);
	nap(count < BUSY_QUICK ? 0.0001 : 0.1);	/* another process: an import */
	return 1;
}

/* 1 if the path no longer names the database file we have open (deleted,
 * renamed away, or another file put there): SQLite would go on writing
 * into a file nobody will ever read. */
static int
db_gone(struct daemon *d)
{
	struct stat sb;
	char why[200];

	if (d->moved[0])
		return 1;
	if (d->db == NULL || d->o->dry_run)
		return 0;
	if (db_moved(d->db, d->s.db_path, why, sizeof why) == 1)
		;
	else if (stat(d->s.db_path, &sb) == 0 &&
	    (sb.st_dev != d->db_dev || sb.st_ino != d->db_ino))
		snprintf(why, sizeof why, "was replaced by another file");
	else
		return 0;
	snprintf(d->moved, sizeof d->moved, "database %s %s while the daemon "
	    "was running: what it recorded since then is in the old file and "
	    "lost; exiting so that it starts again on the file at that path "
	    "(systemd does it; check that it is the right one)",
	    d->s.db_path, why);
	return 1;
}

/* The dry run's gateway: one line per SMS on stdout, the number masked. */
static void
dry_send(struct gateway *gw, const struct sms *m, struct gw_result *res)
{
	struct daemon *d = gw->priv;
	char masked[64], when[32], *text = strdup(m->text), *p;
	time_t t = now(d);
	struct tm tm;

	phone_mask(m->to, masked, sizeof masked);
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	for (p = text; p && *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	printf("would send reminder %lld at %s to %s (%s): %s\n", m->ref, when,
	    masked, m->ucs2 ? "UCS-2" : "GSM-7", text ? text : "");
	fflush(stdout);
	free(text);
	d->dry_sent++;
	res->status = GW_SENT;
	snprintf(res->reason, sizeof res->reason, "dry run: not sent");
}

static void
dry_close(struct gateway *gw)
{
	(void)gw;
}

static const struct gateway_ops dry_ops = {
	.name = "dry-run (nothing is sent)", .send = dry_send, .close = dry_close,
};

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
	/* [callbacks] too, so that a bad template or token is a bad config
	 * (exit 2, a reload refused), not a failure to start the listener. */
	struct callbacks_conf cc;
	if (callbacks_conf_load(*cfg, &cc, e) < 0) {
		gateway_close(*gw);
		settings_free(s);
		config_free(*cfg);
		return -1;
	}
	callbacks_conf_free(&cc);
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
	if (d->s.rate > 0 && !d->o->dry_run) {
		double gap = 1.0 / d->s.rate - (time_mono_s() - d->last_send);

		if (gap > 0)
			nap(gap);
	}
	d->last_send = time_mono_s();
}

/* Records what the gateway answered.  The request has left: if this
 * fails (disk full, the database locked for too long) and the daemon
 * exited, its next start would send the SMS again.  So it keeps trying,
 * every 2 s, until it works, SIGTERM, or the database is gone. */
static int
settle(struct daemon *d, sqlite3_int64 id, const char *state, const char *arg,
    time_t due, time_t t, err_t *e)
{
	int tries = 0, rc;

	for (;;) {
		if (strcmp(state, "sent") == 0)
			rc = outbox_sent(d->db, id, arg, t, e);
		else if (strcmp(state, "retry") == 0)
			rc = outbox_retry(d->db, id, due, arg, t, e);
		else
			rc = outbox_final(d->db, id, state, arg, t, e);
		if (rc == 0)
			break;
		if (tries++ == 0)
			log_error("reminder %lld went to the gateway (%s) but cannot be "
			    "recorded: %s%s; trying again every 2 s so that it is not "
			    "sent twice", (long long)id, state, e->msg,
			    sqlite3_errcode(d->db) == SQLITE_FULL ||
			    db_disk_full(d->s.db_path) ? " (free some space "
			    "on the disk that holds the database)" : "");
		/* Still pinging systemd's watchdog: a restart here is what
		 * this loop avoids (the SMS would go out twice). */
		err_t pe;
		if (sdn_ping(&d->health.sd, &pe) < 0)
			log_warn("%s", pe.msg);
		if (got_term || db_gone(d)) {
			err_prefix(e, "stopping with reminder %lld not recorded as %s: "
			    "it will be sent again at the next start: ",
			    (long long)id, state);
			return -1;
		}
		nap(2);
	}
	if (tries > 0)
		log_info("reminder %lld recorded as %s after %d tr%s", (long long)id,
		    state, tries + 1, tries + 1 > 1 ? "ies" : "y");
	return 0;
}

/* What kind of SMS a row is, for the log. */
static const char *
kind(const struct outbox_item *it)
{
	return it->offset_s > 0 ? "reminder" : it->offset_s == OUTBOX_RELANCE ?
	    "relance" : "answer";
}

/* Whether a due row still goes out, and until when it is worth sending
 * (*deadline; *late says why not after it).  0 send, 1 its state was
 * recorded (expired, cancelled), -1 error. */
static int
still_due(struct daemon *d, const struct outbox_item *it, time_t t,
    time_t *deadline, const char **late, err_t *e)
{
	const struct settings *s = &d->s;
	const char *state, *why;
	int r;

	if (it->offset_s <= 0) {
		r = followup_check(d->db, s, it, t, deadline, late, &state, &why, e);
		if (r == 1 && outbox_final(d->db, it->id, state, why, t, e) < 0)
			return -1;
		return r;
	}
	*deadline = it->appt_at - s->min_notice;
	*late = "no allowed time to send before the appointment (quiet hours "
	    "or Sunday)";
	if (it->appt_at - t < s->min_notice)
		return outbox_final(d->db, it->id, "expired", "too late: less than "
		    "min_notice before the appointment", t, e) < 0 ? -1 : 1;
	if (outbox_superseded(d->db, it->id, t))
		return outbox_final(d->db, it->id, "expired", "superseded: a later "
		    "reminder of the same appointment is due now", t, e) < 0 ? -1 : 1;
	return 0;
}

/* One due row: re-check, send, record the outcome. */
static int
process(struct daemon *d, const struct outbox_item *it, err_t *e)
{
	const struct settings *s = &d->s;
	time_t t = now(d), deadline;
	char masked[64], *text, *tr;
	const char *late;
	struct sms_cost cost;
	struct gw_result res;
	int r;

	if ((r = still_due(d, it, t, &deadline, &late, e)) != 0)
		return r < 0 ? -1 : 0;
	if (plan_is_quiet(s, t)) {
		time_t due = plan_next_allowed(s, t);

		if (due > deadline)
			return outbox_final(d->db, it->id, "expired", late, t, e);
		return outbox_postpone(d->db, it->id, due, t, e);
	}
	/* Rendered now, not at planning: a reloaded template applies. */
	text = it->offset_s > 0 ? plan_render(s, it->msd, it->appt_at, it->place) :
	    followup_render(s, it);
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
	double t0 = time_mono_s();
	gateway_send(d->o->dry_run ? &d->dry : d->gw, &m, &res);
	if (!d->o->dry_run)
		health_gateway(&d->health, time_mono_s() - t0, res.status == GW_SENT,
		    res.reason, now(d));
	free(text);
	phone_mask(it->phone, masked, sizeof masked);
	t = now(d);
	switch (res.status) {
	case GW_SENT:
		if (!d->o->dry_run)
			log_info("%s %lld sent to %s (%d segment%s%s)", kind(it),
			    (long long)it->id, masked, cost.segments,
			    cost.segments > 1 ? "s" : "", cost.ucs2 ? ", UCS-2" : "");
		return settle(d, it->id, "sent", res.provider_id, 0, t, e);
	case GW_PERMANENT:
		log_warn("%s %lld to %s failed: %s", kind(it), (long long)it->id,
		    masked, res.reason);
		if (settle(d, it->id, "failed", res.reason, 0, t, e) < 0)
			return -1;
		/* The provider says the person sent STOP to it (Twilio
		 * 21610): the STOP list, so that the other reminders to that
		 * number are not tried and failed one by one. */
		if (res.opted_out && !d->o->dry_run) {
			int k = cbstore_optout(d->db, it->phone, res.reason, t, e);

			if (k < 0)
				return -1;
			log_info("%s is now on the STOP list (the provider says the "
			    "person opted out); %d pending reminder%s cancelled",
			    masked, k, k == 1 ? "" : "s");
		}
		return 0;
	case GW_TRANSIENT:
		break;
	}
	long wait = res.retry_after_s >= 0 ? res.retry_after_s : backoff(s, it->attempts + 1);
	time_t due = plan_next_allowed(s, t + wait);
	if (due > deadline) {
		char why[400];

		snprintf(why, sizeof why, "gateway still failing when it became too "
		    "late: %s", res.reason);
		log_warn("%s %lld to %s expired: %s", kind(it), (long long)it->id,
		    masked, why);
		return settle(d, it->id, "expired", why, 0, t, e);
	}
	log_warn("%s %lld to %s: %s; retry in %ld s", kind(it), (long long)it->id,
	    masked, res.reason, (long)(due - t));
	return settle(d, it->id, "retry", res.reason, due, t, e);
}

/* One daemon per database: a second one would send what the first is
 * sending, and its start-up recovery would send the first one's request
 * in flight again.  1 = refused (message logged), -1 error, 0 ours. */
static int
take_lock(struct daemon *d, err_t *e)
{
	pid_t holder;
	int r;

	if ((d->lock = lockfile_open(d->s.db_path, e)) == NULL)
		return -1;
	if ((r = lockfile_try(d->lock, LOCKFILE_OWNER, &holder, e)) <= 0)
		return r;
	log_error("another msd-reminderd (pid %ld) uses %s: only one daemon may "
	    "send from a database, two would send the same SMS twice. Stop it "
	    "first (systemctl stop msd-reminderd) or wait for its run --once to "
	    "end; to see what would be sent, use run --dry-run", (long)holder,
	    d->s.db_path);
	return 1;
}

static int
open_db(struct daemon *d, err_t *e)
{
	struct stat sb;

	if (d->o->dry_run) {
		d->db = db_open_copy(d->s.db_path, reminders_migrations,
		    reminders_migrations_count, e);
		return d->db ? 0 : -1;
	}
	d->db = db_open_rw(d->s.db_path, reminders_migrations,
	    reminders_migrations_count, e);
	if (d->db == NULL)
		return -1;
	sqlite3_busy_handler(d->db, busy_wait, d);
	/* Two commits a message: checkpoints paced like the listener's. */
	d->pace.every_s = 1;
	db_wal_pace(d->db, &d->pace);
	if (stat(d->s.db_path, &sb) < 0)
		return err_set(e, "database %s: %s", d->s.db_path, strerror(errno));
	d->db_dev = sb.st_dev;
	d->db_ino = sb.st_ino;
	return 0;
}

/* GET /metrics serves the figures of the last loop turn. */
static char *
metrics_text(void *arg)
{
	struct daemon *d = arg;

	return health_text(&d->health);
}

/* The listener records callbacks at the daemon's time (--now included):
 * now() reads only what is set before the listener starts. */
static time_t
listener_clock(void *arg)
{
	return now(arg);
}

int
run_daemon(const struct run_opts *o)
{
	struct callbacks *cb = NULL;
	struct daemon d = { .o = o, .wake = { -1, -1 },
	    .writing = PTHREAD_MUTEX_INITIALIZER };
	struct callbacks_hooks hooks = { metrics_text, listener_clock,
	    listener_wake, listener_write_begin, listener_write_end, &d };
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
	health_init(&d.health);
	d.dry.ops = &dry_ops;
	d.dry.priv = &d;
	if (!o->dry_run && (n = take_lock(&d, &e)) != 0) {
		rc = 1;
		if (n < 0)
			goto fail;
		goto out;
	}
	if (open_db(&d, &e) < 0)
		goto fail;

	/* Under the lock only: a row in `sending` is then truly one that a
	 * stopped daemon left, not another one's request in flight.  A dry
	 * run does it on its copy only when no daemon runs. */
	if (!o->dry_run || lockfile_probe(d.s.db_path, LOCKFILE_OWNER) == 0) {
		if ((n = outbox_recover(d.db, now(&d), &e)) < 0)
			goto fail;
		if (n > 0)
			log_warn("%d reminder%s interrupted by a stop while sending: "
			    "%s", n, n > 1 ? "s" : "", o->dry_run ? "would be sent again"
			    : "sending again");
	} else
		log_warn("dry run: a daemon is running on %s; what it is sending "
		    "now is not shown", d.s.db_path);
	/* The listener for delivery reports and replies, in its own
	 * thread; not for a run --once or a dry run, which end soon. */
	if (!o->once && !o->dry_run && pipe2(d.wake, O_NONBLOCK | O_CLOEXEC) < 0) {
		err_set(&e, "cannot make a pipe for the listener: %s",
		    strerror(errno));
		goto fail;
	}
	if (!o->once && !o->dry_run && callbacks_start(d.cfg, d.s.db_path,
	    &hooks, &cb, &e) < 0)
		goto fail;
	log_info("running%s with the %s gateway on %s", o->once ? " once" : "",
	    o->dry_run ? dry_ops.name : d.gw->ops->name, d.s.db_path);
	while (!got_term) {
		struct outbox_item it;
		time_t t;

		if (db_gone(&d))
			break;
		if (got_hup) {
			got_hup = 0;
			reload(&d);
		}
		t = now(&d);
		if (t - last_purge >= 3600) {
			if ((n = outbox_purge(d.db, t, d.s.retention_days, &e)) < 0)
				goto fail;
			if (n > 0)
				log_info("retention: %s the personal data of %d "
				    "appointment%s older than %ld days", o->dry_run ?
				    "would remove" : "removed", n, n > 1 ? "s" : "",
				    d.s.retention_days);
			last_purge = t;
		}
		if (plan_pending(d.db, &d.s, t, &e) < 0)
			goto fail;
		/* What the listener recorded since the last turn. */
		if ((n = followup_answers(d.db, &d.s, &d.last_reply, t, &e)) < 0)
			goto fail;
		if (n > 0)
			log_info("%d automatic answer%s to replies planned", n,
			    n > 1 ? "s" : "");
		/* The loop turned: the watchdog's ping, READY=1 the first
		 * time, and the [health] figures now and then (after the
		 * planning, so that they count what an import added). */
		if (!o->dry_run)
			health_turn(&d.health, d.db, &d.s, t);
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
		if (secs < 1)
			secs = 1;
		/* Awake in time for the watchdog's next ping. */
		long wd = health_sleep_ms(&d.health);
		if (wd >= 0 && (double)wd / 1000 < secs)
			secs = wd < 50 ? 0.05 : (double)wd / 1000;
		idle(&d, secs);
	}
	if (!o->dry_run && !d.moved[0])
		health_flush(&d.health, d.db, &d.s, now(&d));
	if (db_gone(&d)) {
		log_error("%s", d.moved);
		rc = 1;
	} else if (o->dry_run)
		log_info("dry run: %ld SMS would be sent; nothing was sent and %s "
		    "is unchanged", d.dry_sent, d.s.db_path);
	else if (got_term)
		log_info("stopping on request; nothing is lost: pending reminders "
		    "stay in %s", d.s.db_path);
	goto out;
fail:
	log_error("%s", e.msg);
	if ((d.db != NULL && sqlite3_errcode(d.db) == SQLITE_FULL) ||
	    db_disk_full(d.s.db_path))
		log_error("the disk that holds %s is full: free some space there; "
		    "nothing is sent that cannot be recorded", d.s.db_path);
	if (db_gone(&d))
		log_error("%s", d.moved);
	rc = 1;
out:
	/* First: a request in progress finishes and commits. */
	callbacks_stop(cb);
	sdn_send(&d.health.sd, "STOPPING=1", &e);
	health_free(&d.health);
	sqlite3_close(d.db);
	/* After the database: closing the lock file drops the lock, and a
	 * next daemon must not open the database before we closed it. */
	lockfile_close(d.lock);
	for (int i = 0; i < 2; i++)
		if (d.wake[i] >= 0)
			close(d.wake[i]);
	gateway_close(d.gw);
	settings_free(&d.s);
	config_free(d.cfg);
	return rc;
}
