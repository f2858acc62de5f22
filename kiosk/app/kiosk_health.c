#include "app/kiosk_health.h"
#include "log.h"
#include "prom.h"
#include "strbuf.h"
#include "jobs/sync.h"
#include "timeutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
khealth_init(struct khealth *h, const config *cfg, err_t *e)
{
	const char *file = config_get(cfg, "health", "file");
	err_t se;

	memset(h, 0, sizeof *h);
	h->started = time(NULL);
	if (config_int(cfg, "health", "interval_s", 60, 1, 3600, &h->interval_s,
	    e) != 0)
		return -1;
	if (file && *file)
		h->file = xstrdup(file);
	/* Under cage, systemd's main process is cage and we are its child:
	 * WATCHDOG_PID names our parent. */
	if (sdn_open(&h->sd, 1, &se) < 0)
		log_warn("%s", se.msg);
	return 0;
}

void
khealth_free(struct khealth *h)
{
	err_t e;

	if (h->started == 0)	/* never started (a screenshot) */
		return;
	sdn_send(&h->sd, "STOPPING=1", &e);
	sdn_close(&h->sd);
	free(h->file);
	h->file = NULL;
}

void
khealth_frame(struct khealth *h)
{
	h->frames++;
}

void
khealth_touch(struct khealth *h)
{
	h->last_touch = time(NULL);
}

int
khealth_wants_frame(const struct khealth *h)
{
	return sdn_next_ms(&h->sd) == 0 && h->frames == h->frames_at_ping;
}

long
khealth_timeout_ms(const struct khealth *h)
{
	long t = sdn_next_ms(&h->sd);

	/* No systemd and no file: no wake-up at all (an idle kiosk uses
	 * no CPU). */
	if (h->file || sdn_active(&h->sd) || h->ready == 0) {
		double left = h->last_write + (double)h->interval_s - time_mono_s();
		long w = left <= 0 ? 0 : (long)(left * 1000) + 1;

		if (t < 0 || w < t)
			t = w;
	}
	return t;
}

/* Resident memory from /proc/self/statm (pages), -1 if unreadable. */
static double
rss_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size, res;
	int ok;

	if (f == NULL)
		return -1;
	ok = fscanf(f, "%ld %ld", &size, &res) == 2;
	fclose(f);
	return ok ? (double)res * (double)sysconf(_SC_PAGESIZE) : -1;
}

static double
open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	long n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return (double)(n - 1);	/* not the one reading the folder */
}

static void
render(const struct khealth *h, long version, const char *built,
    const char *msd, const struct sync_status *ss, int sync_on, time_t now,
    strbuf *b)
{
	prom_family(b, "msd_kiosk_pack_version", "gauge", "Version of the "
	    "content pack on screen; its build date and the MSD as labels.");
	const char *pl[] = { "built", built ? built : "", "msd", msd ? msd : "",
	    NULL };
	prom_sample(b, "msd_kiosk_pack_version", pl, (double)version);
	prom_gauge(b, "msd_kiosk_sync_enabled", "1 if [sync] url is set (the "
	    "kiosk fetches new packs), else 0.", sync_on);
	prom_gauge(b, "msd_kiosk_last_sync_timestamp_seconds", "Unix time of "
	    "the last successful check for a new pack; 0 if none since the "
	    "start.", sync_on ? (double)ss->last_check_ok : 0);
	prom_gauge(b, "msd_kiosk_seconds_since_sync", "Seconds since the last "
	    "successful check for a new pack (since the start when none has "
	    "succeeded yet); 0 when sync is off.", !sync_on ? 0 :
	    (double)(now - (ss->last_check_ok ? ss->last_check_ok : h->started)));
	prom_family(b, "msd_kiosk_last_sync_error", "gauge", "1 while the last "
	    "check for a new pack failed, the error as a label; else 0.");
	const char *el[] = { "error", sync_on ? ss->last_error : "", NULL };
	prom_sample(b, "msd_kiosk_last_sync_error", el,
	    sync_on && ss->last_error[0] ? 1 : 0);
	prom_gauge(b, "msd_kiosk_last_touch_timestamp_seconds", "Unix time of "
	    "the last touch or key; 0 if none since the start.",
	    (double)h->last_touch);
	prom_gauge(b, "msd_kiosk_seconds_since_touch", "Seconds since the last "
	    "touch or key (since the start when none yet).",
	    (double)(now - (h->last_touch ? h->last_touch : h->started)));
	prom_family(b, "msd_kiosk_frames_total", "counter", "Frames drawn on "
	    "the screen since the start.");
	prom_sample(b, "msd_kiosk_frames_total", NULL, (double)h->frames);
	prom_gauge(b, "msd_kiosk_resident_memory_bytes", "Resident memory of "
	    "the kiosk process.", rss_bytes());
	prom_gauge(b, "msd_kiosk_open_fds", "File descriptors the kiosk holds "
	    "open.", open_fds());
	prom_gauge(b, "msd_kiosk_start_time_seconds", "Unix time the kiosk "
	    "started.", (double)h->started);
	prom_gauge(b, "msd_kiosk_health_timestamp_seconds", "Unix time these "
	    "figures were taken.", (double)now);
}

static void
status_line(long version, const struct sync_status *ss, int sync_on,
    char *out, size_t n)
{
	char when[32] = "never";

	if (sync_on && ss->last_check_ok)
		time_fmt_iso(ss->last_check_ok, when, sizeof when);
	snprintf(out, n, "content version %ld; last sync: %s%s%.150s", version,
	    sync_on ? when : "off", sync_on && ss->last_error[0] ?
	    "; sync error: " : "", sync_on ? ss->last_error : "");
}

void
khealth_turn(struct khealth *h, long pack_version, const char *pack_built_at,
    const char *msd, struct sync *sync)
{
	struct sync_status ss;
	char status[256];
	err_t e;

	if (h->ready && sdn_next_ms(&h->sd) == 0) {
		int r = sdn_ping(&h->sd, &e);

		if (r < 0)
			log_warn("%s", e.msg);
		else if (r > 0)
			h->frames_at_ping = h->frames;
	}
	if (h->ready && time_mono_s() - h->last_write < (double)h->interval_s)
		return;
	h->last_write = time_mono_s();
	memset(&ss, 0, sizeof ss);
	if (sync)
		sync_get_status(sync, &ss);
	status_line(pack_version, &ss, sync != NULL, status, sizeof status);
	if (!h->ready || strcmp(status, h->status) != 0) {
		if ((h->ready ? sdn_status(&h->sd, status, &e) :
		    sdn_ready(&h->sd, status, &e)) < 0)
			log_warn("%s", e.msg);
		snprintf(h->status, sizeof h->status, "%s", status);
	}
	if (!h->ready) {
		/* The first frame is on screen: ready, and the first ping. */
		h->ready = 1;
		if (sdn_ping(&h->sd, &e) < 0)
			log_warn("%s", e.msg);
		h->frames_at_ping = h->frames;
	}
	if (h->file == NULL)
		return;
	strbuf b = STRBUF_INIT;
	render(h, pack_version, pack_built_at, msd, &ss, sync != NULL,
	    time(NULL), &b);
	if (prom_write_file(h->file, strbuf_str(&b), &e) < 0) {
		if (!h->write_failed)
			log_warn("%s (the kiosk goes on; monitoring sees an "
			    "old file)", e.msg);
		h->write_failed = 1;
	} else
		h->write_failed = 0;
	strbuf_free(&b);
}
