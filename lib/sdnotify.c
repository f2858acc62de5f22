#include "sdnotify.h"
#include "timeutil.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A decimal number that fits, nothing else ("" and "12x" are refused). */
static int
parse_ll(const char *s, long long *out)
{
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0' ? 0 : -1;
}

static void
watchdog_env(sdnotify *n, int parent_ok)
{
	const char *us = getenv("WATCHDOG_USEC"), *pid = getenv("WATCHDOG_PID");
	long long v, p;

	n->wd_usec = 0;
	if (parse_ll(us, &v) < 0 || v <= 0)
		return;
	/* WATCHDOG_PID says whom systemd watches: another process that
	 * inherited the variables must not ping in its place. */
	if (pid != NULL && (parse_ll(pid, &p) < 0 || (p != (long long)getpid() &&
	    !(parent_ok && p == (long long)getppid()))))
		return;
	n->wd_usec = v;
}

int
sdn_open(sdnotify *n, int parent_ok, err_t *e)
{
	const char *path = getenv("NOTIFY_SOCKET");
	size_t len;
	int rc = 0;

	memset(n, 0, sizeof *n);
	n->fd = -1;
	if (path == NULL || *path == '\0')
		goto out;
	watchdog_env(n, parent_ok);
	len = strlen(path);
	if ((path[0] != '/' && path[0] != '@') || len >= sizeof n->addr.sun_path) {
		rc = err_set(e, "NOTIFY_SOCKET=%s: expected an absolute path or "
		    "@name shorter than %zu bytes; not telling systemd that we "
		    "run (check the unit's Type= and NotifyAccess=)", path,
		    sizeof n->addr.sun_path);
		n->wd_usec = 0;
		goto out;
	}
	n->addr.sun_family = AF_UNIX;
	memcpy(n->addr.sun_path, path, len);
	if (path[0] == '@')
		n->addr.sun_path[0] = '\0';	/* abstract: no trailing NUL */
	n->addrlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
	    (path[0] == '@' ? 0 : 1));
	n->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (n->fd < 0) {
		rc = err_set(e, "NOTIFY_SOCKET %s: cannot make a socket: %s", path,
		    strerror(errno));
		n->wd_usec = 0;
	}
out:
	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	return rc;
}

void
sdn_close(sdnotify *n)
{
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
	n->wd_usec = 0;
}

int
sdn_active(const sdnotify *n)
{
	return n->fd >= 0;
}

int
sdn_send(sdnotify *n, const char *msg, err_t *e)
{
	if (n->fd < 0)
		return 0;
	if (sendto(n->fd, msg, strlen(msg), MSG_NOSIGNAL,
	    (const struct sockaddr *)&n->addr, n->addrlen) < 0)
		return err_set(e, "cannot notify systemd (NOTIFY_SOCKET): %s; "
		    "the watchdog may restart this service", strerror(errno));
	return 0;
}

/* "PREFIXSTATUS=one line" */
static int
send_status(sdnotify *n, const char *prefix, const char *status, err_t *e)
{
	char msg[1024];
	size_t p = (size_t)snprintf(msg, sizeof msg, "%sSTATUS=", prefix);

	for (const char *s = status; *s && p + 1 < sizeof msg; s++)
		msg[p++] = *s == '\n' || *s == '\r' ? ' ' : *s;
	msg[p] = '\0';
	return sdn_send(n, msg, e);
}

int
sdn_ready(sdnotify *n, const char *status, err_t *e)
{
	return send_status(n, "READY=1\n", status ? status : "", e);
}

int
sdn_status(sdnotify *n, const char *status, err_t *e)
{
	return send_status(n, "", status, e);
}

long
sdn_interval_ms(const sdnotify *n)
{
	if (n->fd < 0 || n->wd_usec <= 0)
		return -1;
	long long ms = n->wd_usec / 2000;
	return ms < 1 ? 1 : (long)ms;
}

long
sdn_next_ms(const sdnotify *n)
{
	long iv = sdn_interval_ms(n);

	if (iv < 0)
		return -1;
	if (n->last_ping <= 0)
		return 0;
	double left = (double)iv - (time_mono_s() - n->last_ping) * 1000.0;
	return left <= 0 ? 0 : (long)left + 1;
}

int
sdn_ping(sdnotify *n, err_t *e)
{
	long iv = sdn_interval_ms(n);
	double t = time_mono_s();

	if (iv < 0)
		return 0;
	/* A few ms early is on time: a loop woken for the ping must not
	 * find it 1 ms short and sleep a whole interval more. */
	if (n->last_ping > 0 && (t - n->last_ping) * 1000.0 < (double)iv - 20)
		return 0;
	if (sdn_send(n, "WATCHDOG=1", e) < 0)
		return -1;
	n->last_ping = t;
	n->pings++;
	return 1;
}
