/*
 * kiosk_health.h - how the kiosk says it is well: to systemd (READY=1
 * once the first frame is on screen, a STATUS= line with the pack version
 * and the last sync, and the watchdog ping) and to the IT team's
 * monitoring (the Prometheus text file of [health] file; the figures and
 * the alert rules are in docs/operations.md).
 *
 * The ping means "the event loop ran and its last frame was drawn": it is
 * sent from the loop, after the frame.  When a ping is due and no frame
 * was presented since the previous one, the loop presents one first
 * (khealth_wants_frame), so that a display that no longer takes frames,
 * or a UI stuck building one, stops the pings and systemd restarts the
 * kiosk.
 */
#ifndef MSD_KIOSK_HEALTH_H
#define MSD_KIOSK_HEALTH_H

#include <time.h>

#include "config.h"
#include "err.h"
#include "sdnotify.h"

struct sync;

struct khealth {
	sdnotify sd;
	int ready;			/* READY=1 sent */
	char status[256];		/* the last STATUS= sent */
	char *file;			/* [health] file, NULL = none */
	long interval_s;		/* [health] interval_s */
	double last_write;		/* monotonic s; 0 = not yet */
	int write_failed;		/* logged once until it works again */
	long frames;			/* frames presented */
	long frames_at_ping;		/* frames when the last ping went */
	time_t started, last_touch;	/* Unix time; last_touch 0 = none */
};

/* Reads [health] and the systemd variables (removing them from the
 * environment: call it before any thread starts).  -1 + "FILE:LINE:"
 * message for a bad [health] value (exit 2). */
int khealth_init(struct khealth *h, const config *cfg, err_t *e);
void khealth_free(struct khealth *h);

/* A frame was presented; someone touched the screen or typed. */
void khealth_frame(struct khealth *h);
void khealth_touch(struct khealth *h);

/* 1 when a ping is due and no frame was presented since the last one. */
int khealth_wants_frame(const struct khealth *h);
/* Milliseconds until the loop must run for a ping or a [health] file
 * write, -1 for never: the loop's wait is at most this. */
long khealth_timeout_ms(const struct khealth *h);

/* After the loop drew its frame: READY=1 the first time, the watchdog's
 * ping when due, and at most every interval_s the STATUS= line and the
 * [health] file.  sync may be NULL (no [sync] url).  Never fatal. */
void khealth_turn(struct khealth *h, long pack_version,
    const char *pack_built_at, const char *msd, struct sync *sync);

#endif
