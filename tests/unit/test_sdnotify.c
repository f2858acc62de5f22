/*
 * test_sdnotify.c - lib/sdnotify.c against a real unix datagram socket,
 * bound by the test as systemd would (a path in a fresh directory, or an
 * abstract '@' name): what arrives, byte for byte; the environment read
 * once and removed; the watchdog's interval, its pacing and whom it
 * speaks for (WATCHDOG_PID); and the refusals (a relative or too long
 * NOTIFY_SOCKET, a socket gone away), each with a message that says
 * what to check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "sdnotify.h"

#include "testutil.h"

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/msd-sdnotify.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

/* A datagram socket bound to name ("/path" or "@abstract"), as systemd's
 * NOTIFY_SOCKET is. */
static int
listener(const char *name)
{
	struct sockaddr_un a;
	size_t len = strlen(name);
	socklen_t alen;
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_true(len < sizeof a.sun_path);
	memset(&a, 0, sizeof a);
	a.sun_family = AF_UNIX;
	memcpy(a.sun_path, name, len);
	if (name[0] == '@')
		a.sun_path[0] = '\0';
	alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
	    (name[0] == '@' ? 0 : 1));
	if (bind(fd, (struct sockaddr *)&a, alen) != 0)
		fail_msg("bind %s: %s", name, strerror(errno));
	return fd;
}

/* The next datagram on fd within ms, into buf (NUL-terminated); its
 * length, or -1 if none came. */
static int
next_msg(int fd, char *buf, size_t size, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, ms) != 1)
		return -1;
	n = recv(fd, buf, size - 1, 0);
	assert_true(n >= 0);
	buf[n] = '\0';
	return (int)n;
}

static void
clear_env(void)
{
	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
}

/* sdn_open with this environment (NULL: unset); e->msg on failure. */
static int
open_with(sdnotify *n, const char *sock, const char *usec, const char *pid,
    int parent_ok, err_t *e)
{
	clear_env();
	if (sock)
		setenv("NOTIFY_SOCKET", sock, 1);
	if (usec)
		setenv("WATCHDOG_USEC", usec, 1);
	if (pid)
		setenv("WATCHDOG_PID", pid, 1);
	e->msg[0] = '\0';
	return sdn_open(n, parent_ok, e);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Outside systemd every call does nothing and says nothing. */
static void
test_no_socket(void **state)
{
	sdnotify n;
	err_t e;

	(void)state;
	assert_int_equal(open_with(&n, NULL, "1000000", NULL, 0, &e), 0);
	assert_false(sdn_active(&n));
	assert_int_equal(sdn_ready(&n, "ready", &e), 0);
	assert_int_equal(sdn_status(&n, "x", &e), 0);
	assert_int_equal(sdn_interval_ms(&n), -1);
	assert_int_equal(sdn_next_ms(&n), -1);
	assert_int_equal(sdn_ping(&n, &e), 0);
	assert_int_equal(n.pings, 0);
	/* The variables are gone for the programs we start. */
	assert_null(getenv("WATCHDOG_USEC"));
	sdn_close(&n);

	/* An empty NOTIFY_SOCKET is no socket, not an error. */
	assert_int_equal(open_with(&n, "", NULL, NULL, 0, &e), 0);
	assert_false(sdn_active(&n));
	sdn_close(&n);
}

/* A socket path: READY=1 and STATUS= in one datagram, STATUS= on one
 * line, the environment removed. */
static void
test_path_socket(void **state)
{
	char sock[512], buf[2048];
	sdnotify n;
	err_t e;
	int fd;

	(void)state;
	path(sock, sizeof sock, "notify");
	fd = listener(sock);
	assert_int_equal(open_with(&n, sock, NULL, NULL, 0, &e), 0);
	assert_true(sdn_active(&n));
	assert_null(getenv("NOTIFY_SOCKET"));

	assert_int_equal(sdn_ready(&n, "content version 7; last sync: never",
	    &e), 0);
	assert_int_not_equal(next_msg(fd, buf, sizeof buf, 2000), -1);
	assert_string_equal(buf,
	    "READY=1\nSTATUS=content version 7; last sync: never");

	/* A newline in a status would start a new KEY=value: one line. */
	assert_int_equal(sdn_status(&n, "queue: 3 due\nREADY=1\r", &e), 0);
	assert_int_not_equal(next_msg(fd, buf, sizeof buf, 2000), -1);
	assert_string_equal(buf, "STATUS=queue: 3 due READY=1 ");

	assert_int_equal(sdn_ready(&n, NULL, &e), 0);
	assert_int_not_equal(next_msg(fd, buf, sizeof buf, 2000), -1);
	assert_string_equal(buf, "READY=1\nSTATUS=");

	assert_int_equal(sdn_send(&n, "STOPPING=1", &e), 0);
	assert_int_not_equal(next_msg(fd, buf, sizeof buf, 2000), -1);
	assert_string_equal(buf, "STOPPING=1");

	/* No watchdog asked: no ping, no wake-up. */
	assert_int_equal(sdn_interval_ms(&n), -1);
	assert_int_equal(sdn_ping(&n, &e), 0);
	assert_int_equal(next_msg(fd, buf, sizeof buf, 50), -1);

	sdn_close(&n);
	assert_false(sdn_active(&n));
	close(fd);
}

/* An abstract name ('@' for the leading NUL, no trailing NUL), as
 * systemd uses for user services: the test's listener only receives if
 * the address length is exactly the name's. */
static void
test_abstract_socket(void **state)
{
	char name[108], buf[256];
	sdnotify n;
	err_t e;
	int fd;

	(void)state;
	snprintf(name, sizeof name, "@msd-test-sdnotify/%ld", (long)getpid());
	fd = listener(name);
	assert_int_equal(open_with(&n, name, NULL, NULL, 0, &e), 0);
	assert_true(sdn_active(&n));
	assert_int_equal(sdn_status(&n, "abstract", &e), 0);
	assert_int_not_equal(next_msg(fd, buf, sizeof buf, 2000), -1);
	assert_string_equal(buf, "STATUS=abstract");
	sdn_close(&n);
	close(fd);
}

/* A status longer than a datagram's buffer is cut, not overrun. */
static void
test_long_status(void **state)
{
	char sock[512], buf[4096], *big = malloc(3000);
	sdnotify n;
	err_t e;
	int fd, len;

	(void)state;
	assert_non_null(big);
	memset(big, 'x', 2999);
	big[2999] = '\0';
	path(sock, sizeof sock, "long");
	fd = listener(sock);
	assert_int_equal(open_with(&n, sock, NULL, NULL, 0, &e), 0);
	assert_int_equal(sdn_status(&n, big, &e), 0);
	len = next_msg(fd, buf, sizeof buf, 2000);
	assert_true(len > 100 && len < 1024);
	assert_memory_equal(buf, "STATUS=xxx", 10);
	assert_int_equal(strspn(buf + 7, "x"), (size_t)len - 7);
	free(big);
	sdn_close(&n);
	close(fd);
}

/* WATCHDOG_USEC=200000: a ping at most every 100 ms, the first at once;
 * sdn_next_ms says how long the loop may sleep. */
static void
test_watchdog_pacing(void **state)
{
	char sock[512], buf[256];
	sdnotify n;
	err_t e;
	long next;
	int fd;

	(void)state;
	path(sock, sizeof sock, "wd");
	fd = listener(sock);
	assert_int_equal(open_with(&n, sock, "200000", NULL, 0, &e), 0);
	assert_null(getenv("WATCHDOG_USEC"));
	assert_int_equal(sdn_interval_ms(&n), 100);
	assert_int_equal(sdn_next_ms(&n), 0);		/* never pinged: now */

	assert_int_equal(sdn_ping(&n, &e), 1);
	assert_int_not_equal(next_msg(fd, buf, sizeof buf, 2000), -1);
	assert_string_equal(buf, "WATCHDOG=1");
	assert_int_equal(n.pings, 1);

	/* Too soon: nothing sent, and the loop is told to wait. */
	assert_int_equal(sdn_ping(&n, &e), 0);
	assert_int_equal(next_msg(fd, buf, sizeof buf, 20), -1);
	next = sdn_next_ms(&n);
	assert_true(next > 0 && next <= 101);

	sleep_ms(next + 5);
	assert_int_equal(sdn_next_ms(&n), 0);
	assert_int_equal(sdn_ping(&n, &e), 1);
	assert_int_not_equal(next_msg(fd, buf, sizeof buf, 2000), -1);
	assert_string_equal(buf, "WATCHDOG=1");
	assert_int_equal(n.pings, 2);

	/* A tiny WATCHDOG_USEC still gives a usable interval. */
	sdn_close(&n);
	assert_int_equal(open_with(&n, sock, "1", NULL, 0, &e), 0);
	assert_int_equal(sdn_interval_ms(&n), 1);
	sdn_close(&n);
	close(fd);
}

/* WATCHDOG_USEC must be a positive decimal number; anything else turns
 * the watchdog off (the notifications still go). */
static void
test_watchdog_bad_usec(void **state)
{
	static const char *const bad[] = { "", "0", "-5", "12x", " 5", "abc",
	    "99999999999999999999999", NULL };
	char sock[512];
	sdnotify n;
	err_t e;

	(void)state;
	path(sock, sizeof sock, "badusec");
	close(listener(sock));
	for (int i = 0; bad[i]; i++) {
		assert_int_equal(open_with(&n, sock, bad[i], NULL, 0, &e), 0);
		assert_true(sdn_active(&n));
		if (sdn_interval_ms(&n) != -1)
			fail_msg("WATCHDOG_USEC=\"%s\" was taken", bad[i]);
		assert_int_equal(sdn_ping(&n, &e), 0);
		sdn_close(&n);
	}
}

/* WATCHDOG_PID names the process systemd watches: ours, or, when asked
 * (the kiosk under cage), our parent; nobody else's. */
static void
test_watchdog_pid(void **state)
{
	char sock[512], me[32], parent[32], other[32];
	sdnotify n;
	err_t e;

	(void)state;
	path(sock, sizeof sock, "pid");
	close(listener(sock));
	snprintf(me, sizeof me, "%ld", (long)getpid());
	snprintf(parent, sizeof parent, "%ld", (long)getppid());
	/* Neither us nor our parent (pid 1 is neither here: the test runs
	 * under a shell or make). */
	snprintf(other, sizeof other, "%ld", (long)getpid() + 100000);

	assert_int_equal(open_with(&n, sock, "1000000", me, 0, &e), 0);
	assert_int_equal(sdn_interval_ms(&n), 500);
	assert_null(getenv("WATCHDOG_PID"));
	sdn_close(&n);

	assert_int_equal(open_with(&n, sock, "1000000", other, 1, &e), 0);
	assert_int_equal(sdn_interval_ms(&n), -1);
	sdn_close(&n);

	assert_int_equal(open_with(&n, sock, "1000000", parent, 0, &e), 0);
	assert_int_equal(sdn_interval_ms(&n), -1);
	sdn_close(&n);

	assert_int_equal(open_with(&n, sock, "1000000", parent, 1, &e), 0);
	assert_int_equal(sdn_interval_ms(&n), 500);
	sdn_close(&n);

	assert_int_equal(open_with(&n, sock, "1000000", "12ab", 1, &e), 0);
	assert_int_equal(sdn_interval_ms(&n), -1);
	sdn_close(&n);
}

/* A NOTIFY_SOCKET that cannot be a unix address is refused with a
 * message naming it; the program goes on without systemd. */
static void
test_bad_socket_name(void **state)
{
	char longname[200];
	sdnotify n;
	err_t e;

	(void)state;
	assert_int_equal(open_with(&n, "run/notify", "1000000", NULL, 0, &e),
	    -1);
	assert_non_null(strstr(e.msg, "NOTIFY_SOCKET=run/notify"));
	assert_non_null(strstr(e.msg, "absolute path"));
	assert_false(sdn_active(&n));
	assert_int_equal(sdn_interval_ms(&n), -1);
	assert_null(getenv("NOTIFY_SOCKET"));
	assert_null(getenv("WATCHDOG_USEC"));
	sdn_close(&n);

	memset(longname, 'a', sizeof longname - 1);
	longname[0] = '/';
	longname[sizeof longname - 1] = '\0';
	assert_int_equal(open_with(&n, longname, NULL, NULL, 0, &e), -1);
	assert_non_null(strstr(e.msg, "shorter than"));
	assert_false(sdn_active(&n));
	sdn_close(&n);
}

/* The socket went away (systemd restarted, a stale variable): the send
 * fails with a message, and the caller decides. */
static void
test_socket_gone(void **state)
{
	char sock[512];
	sdnotify n;
	err_t e;

	(void)state;
	path(sock, sizeof sock, "gone");
	close(listener(sock));
	unlink(sock);
	assert_int_equal(open_with(&n, sock, "1000000", NULL, 0, &e), 0);
	assert_true(sdn_active(&n));
	e.msg[0] = '\0';
	assert_int_equal(sdn_ready(&n, "x", &e), -1);
	assert_non_null(strstr(e.msg, "cannot notify systemd (NOTIFY_SOCKET)"));
	assert_int_equal(sdn_ping(&n, &e), -1);
	assert_int_equal(n.pings, 0);
	/* The failed ping is not counted as sent: the next one is due. */
	assert_int_equal(sdn_next_ms(&n), 0);
	sdn_close(&n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_socket),
		cmocka_unit_test(test_path_socket),
		cmocka_unit_test(test_abstract_socket),
		cmocka_unit_test(test_long_status),
		cmocka_unit_test(test_watchdog_pacing),
		cmocka_unit_test(test_watchdog_bad_usec),
		cmocka_unit_test(test_watchdog_pid),
		cmocka_unit_test(test_bad_socket_name),
		cmocka_unit_test(test_socket_gone),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
