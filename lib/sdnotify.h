/*
 * sdnotify.h - systemd's readiness and watchdog protocol, without
 * libsystemd: one datagram per message ("READY=1", "STATUS=...",
 * "WATCHDOG=1") to the unix socket named by $NOTIFY_SOCKET, a path or,
 * with a leading '@', an abstract name.  See sd_notify(3).
 *
 * Outside systemd (no NOTIFY_SOCKET) every call does nothing, so that the
 * programs run the same from a terminal.  The watchdog is on when
 * $WATCHDOG_USEC is a positive number and $WATCHDOG_PID, if set, is this
 * process (or, for a program started by a wrapper such as cage, its
 * parent: see sdn_open).  A ping is sent at most every WATCHDOG_USEC/2.
 */
#ifndef MSD_SDNOTIFY_H
#define MSD_SDNOTIFY_H

#include <sys/socket.h>
#include <sys/un.h>

#include "err.h"

typedef struct sdnotify {
	int fd;				/* -1: no NOTIFY_SOCKET */
	struct sockaddr_un addr;
	socklen_t addrlen;
	long long wd_usec;		/* 0: no watchdog */
	double last_ping;		/* monotonic seconds, 0 = never */
	long pings;			/* sent so far */
} sdnotify;

/* Reads the environment and removes NOTIFY_SOCKET, WATCHDOG_USEC and
 * WATCHDOG_PID from it, so that the programs we start (lp, curl's
 * helpers) do not speak for us: call it before any thread starts.
 * parent_ok = 1 accepts a WATCHDOG_PID that is our parent's (the kiosk
 * runs under cage, the unit's main process).  Returns 0, or -1 + message
 * for a NOTIFY_SOCKET that cannot be used (n stays off: not fatal). */
int sdn_open(sdnotify *n, int parent_ok, err_t *e);
void sdn_close(sdnotify *n);

/* 1 when there is a socket to talk to. */
int sdn_active(const sdnotify *n);

/* Sends one message (several "KEY=value" lines); -1 + message if the
 * datagram cannot be sent. */
int sdn_send(sdnotify *n, const char *msg, err_t *e);

/* READY=1 with a STATUS= line. */
int sdn_ready(sdnotify *n, const char *status, err_t *e);
/* STATUS= alone (one line: a newline is replaced by a space). */
int sdn_status(sdnotify *n, const char *status, err_t *e);

/* Milliseconds between two pings (WATCHDOG_USEC/2), or -1 with no
 * watchdog: the longest the caller's loop may sleep. */
long sdn_interval_ms(const sdnotify *n);
/* Milliseconds until the next ping is due (0: now), -1 with no
 * watchdog: a loop that sleeps in a poll wakes up for it. */
long sdn_next_ms(const sdnotify *n);
/* Sends WATCHDOG=1 if the watchdog is on and the last ping is at least
 * the interval old.  Call it only when the program truly made progress.
 * Returns 1 if sent, 0 if not due, -1 + message on failure. */
int sdn_ping(sdnotify *n, err_t *e);

#endif
