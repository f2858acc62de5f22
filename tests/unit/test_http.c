/*
 * test_http.c - lib/http.c against a real server: a thread of this test
 * listening on 127.0.0.1 (a random free port) that answers each request
 * as the test asks (a body too big, a hang, a slow drip, an answer cut
 * short, an error page echoing the password...), and a small python3 TLS
 * server for the certificate checks.  Run from the top of the tree (the
 * TLS case reads tests/fixtures/gateway/).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "http.h"
#include "strbuf.h"

#define PW	"hunter2-S3cr@t"
/* An error page quoting the password as the request's url had it. */
#define ECHOED	"<p>password hunter2-S3cr%40t refused</p>"
#define BIG	10000		/* bytes of the big answers */

/* ------------------------------------------------------------ the server */

enum mode {
	OK,		/* 200 "hello", with ETag and Retry-After */
	BIG_LEN,	/* 200, BIG bytes, Content-Length given */
	BIG_NOLEN,	/* 200, BIG bytes, no Content-Length (ends at close) */
	ERR_BIG,	/* 500, BIG bytes */
	ECHO,		/* 401 whose page echoes the request's password */
	CUT,		/* 200 announcing 1000 bytes, sending 100 */
	HANG,		/* reads the request, never answers */
	DRIP,		/* 200, then one byte every 50 ms */
	REDIRECT,	/* 301 to a relative Location */
};

static struct {
	int fd, port;
	pthread_t thread;
	atomic_int mode, stop;
	pthread_mutex_t mu;
	char req[8192];		/* the last request as received */
} srv;

static void
put(int c, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = send(c, s, n, MSG_NOSIGNAL);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void
puts_(int c, const char *s)
{
	put(c, s, strlen(s));
}

/* 1 once the client has closed c (or the test ends), after up to ms. */
static int
gone(int c, int ms)
{
	struct pollfd p = { .fd = c, .events = POLLIN };
	char b[256];

	if (atomic_load(&srv.stop))
		return 1;
	if (poll(&p, 1, ms) <= 0)
		return 0;
	return recv(c, b, sizeof b, MSG_DONTWAIT) == 0 ||
	    (p.revents & (POLLHUP | POLLERR)) != 0;
}

/* Reads the head and the body (Content-Length) of one request. */
static void
read_request(int c)
{
	char buf[sizeof srv.req];
	size_t n = 0;
	const char *end = NULL, *cl;

	while (n + 1 < sizeof buf) {
		struct pollfd p = { .fd = c, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, 1000) <= 0 ||
		    (r = recv(c, buf + n, sizeof buf - 1 - n, 0)) <= 0)
			break;
		n += (size_t)r;
		buf[n] = '\0';
		if (end == NULL && (end = strstr(buf, "\r\n\r\n")) == NULL)
			continue;
		cl = strcasestr(buf, "\r\nContent-Length:");
		if (cl == NULL || cl > end || n >= (size_t)(end + 4 - buf) +
		    strtoul(cl + 17, NULL, 10))
			break;
	}
	buf[n] = '\0';
	pthread_mutex_lock(&srv.mu);
	memcpy(srv.req, buf, n + 1);
	pthread_mutex_unlock(&srv.mu);
}

static void
answer(int c)
{
	char big[BIG], head[256];

	memset(big, 'x', sizeof big);
	switch (atomic_load(&srv.mode)) {
	case OK:
		puts_(c, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag:  \"v1\" "
		    "\r\nRetry-After: 7\r\nConnection: close\r\n\r\nhello");
		break;
	case BIG_LEN:
	case ERR_BIG:
		snprintf(head, sizeof head, "HTTP/1.1 %s\r\nContent-Length: %d\r\n"
		    "Connection: close\r\n\r\n", atomic_load(&srv.mode) ==
		    ERR_BIG ? "500 Oops" : "200 OK", BIG);
		puts_(c, head);
		put(c, big, sizeof big);
		break;
	case BIG_NOLEN:
		puts_(c, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
		put(c, big, sizeof big);
		break;
	case ECHO:
		snprintf(head, sizeof head, "HTTP/1.1 401 No\r\nContent-Length: "
		    "%zu\r\nConnection: close\r\n\r\n%s", strlen(ECHOED), ECHOED);
		puts_(c, head);
		break;
	case CUT:
		puts_(c, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
		put(c, big, 100);
		break;
	case HANG:
		while (!gone(c, 100))
			;
		break;
	case DRIP:
		puts_(c, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
		while (!gone(c, 50))
			put(c, "x", 1);
		break;
	case REDIRECT:
		puts_(c, "HTTP/1.1 301 Moved\r\nLocation: /elsewhere\r\n"
		    "Content-Length: 0\r\nConnection: close\r\n\r\n");
		break;
	}
}

static void *
serve(void *arg)
{
	(void)arg;
	while (!atomic_load(&srv.stop)) {
		struct pollfd p = { .fd = srv.fd, .events = POLLIN };
		int c;

		if (poll(&p, 1, 100) <= 0)
			continue;
		if ((c = accept(srv.fd, NULL, NULL)) < 0)
			continue;
		read_request(c);
		answer(c);
		close(c);
	}
	return NULL;
}

/* A socket on 127.0.0.1, a free port; listening if listen_ is set. */
static int
bound(int listen_, int *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    (listen_ && listen(fd, 8) < 0) ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

static int
setup(void **state)
{
	err_t e;

	(void)state;
	if (http_init(&e) < 0)
		return -1;
	pthread_mutex_init(&srv.mu, NULL);
	if ((srv.fd = bound(1, &srv.port)) < 0)
		return -1;
	return pthread_create(&srv.thread, NULL, serve, NULL) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	atomic_store(&srv.stop, 1);
	pthread_join(srv.thread, NULL);
	close(srv.fd);
	pthread_mutex_destroy(&srv.mu);
	return 0;
}

/* ------------------------------------------------------------ helpers */

static char url[64];

static struct http *
client(long timeout_s, int (*cancel)(void *), void *arg)
{
	struct http_conf c = {
		.section = "test",
		.agent = "test_http",
		.timeout_s = timeout_s,
		.cancel = cancel,
		.cancel_arg = arg,
	};
	err_t e;
	struct http *h = http_new(&c, &e);

	if (h == NULL)
		fail_msg("http_new: %s", e.msg);
	return h;
}

/* GET url in mode m with a body_max of max (cut or not). */
static int
get(struct http *h, enum mode m, size_t max, int cut, struct http_answer *a)
{
	struct http_request r = { .url = url, .body_max = max, .body_cut = cut };

	atomic_store(&srv.mode, m);
	snprintf(url, sizeof url, "http://127.0.0.1:%d/x", srv.port);
	return http_perform(h, &r, a);
}

#define assert_why_has(a, s) do { \
	if (strstr((a)->why, (s)) == NULL) \
		fail_msg("why \"%s\" lacks \"%s\"", (a)->why, (s)); \
} while (0)

static int
collect(void *arg, const char *data, size_t len)
{
	strbuf_add(arg, data, len);
	return 0;
}

static int
disk_full(void *arg, const char *data, size_t len)
{
	(void)arg; (void)data; (void)len;
	return ENOSPC;
}

/* ------------------------------------------------------------ tests */

/* An answer, its status, headers and Retry-After; what was sent. */
static void
test_answer(void **state)
{
	struct http *h = client(5, NULL, NULL);
	struct http_answer a = { 0 };
	char v[64];
	const char *hdrs[] = { "X-Day: 2026-12-01", NULL };
	struct http_request r = {
		.method = "POST", .body = "a=1&b=2", .headers = hdrs,
		.bearer = "tok123", .body_max = 100,
	};

	(void)state;
	assert_int_equal(get(h, OK, 100, 0, &a), 0);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.body.s, "hello");
	assert_int_equal(a.got, 5);
	assert_int_equal(a.retry_after_s, 7);
	assert_int_equal(a.fail, HTTP_FAIL_NONE);
	assert_int_equal(http_header(&a, "etag", v, sizeof v), 0);
	assert_string_equal(v, "\"v1\"");
	assert_int_equal(http_header(&a, "Last-Modified", v, sizeof v), -1);

	r.url = url;
	assert_int_equal(http_perform(h, &r, &a), 0);
	pthread_mutex_lock(&srv.mu);
	assert_non_null(strstr(srv.req, "POST /x HTTP/1.1\r\n"));
	assert_non_null(strstr(srv.req, "\r\nX-Day: 2026-12-01\r\n"));
	assert_non_null(strstr(srv.req, "\r\nAuthorization: Bearer tok123\r\n"));
	assert_non_null(strstr(srv.req, "\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n"));
	assert_non_null(strstr(srv.req, "\r\nUser-Agent: test_http\r\n"));
	assert_null(strstr(srv.req, "Expect:"));
	assert_non_null(strstr(srv.req, "\r\n\r\na=1&b=2"));
	pthread_mutex_unlock(&srv.mu);

	/* PUT: the same body and headers, the method said. */
	r.method = "PUT";
	r.body = "jour;type\r\n";
	r.content_type = "text/csv; charset=utf-8";
	assert_int_equal(http_perform(h, &r, &a), 0);
	assert_int_equal(a.status, 200);
	pthread_mutex_lock(&srv.mu);
	assert_non_null(strstr(srv.req, "PUT /x HTTP/1.1\r\n"));
	assert_non_null(strstr(srv.req, "\r\nContent-Type: text/csv; "
	    "charset=utf-8\r\n"));
	assert_non_null(strstr(srv.req, "\r\nContent-Length: 11\r\n"));
	assert_non_null(strstr(srv.req, "\r\n\r\njour;type\r\n"));
	pthread_mutex_unlock(&srv.mu);

	/* A redirect is not followed; its target is said, absolute. */
	assert_int_equal(get(h, REDIRECT, 100, 0, &a), 0);
	assert_int_equal(a.status, 301);
	assert_true(strstr(a.redirect.s, "/elsewhere") != NULL);
	assert_true(strncmp(a.redirect.s, "http://127.0.0.1:", 17) == 0);
	http_answer_free(&a);
	http_free(h);
}

/* A 2xx body over body_max is refused, with or without Content-Length;
 * cut when the caller only reads it for a message; an error page is
 * always cut, never refused. */
static void
test_capped(void **state)
{
	struct http *h = client(5, NULL, NULL);
	struct http_answer a = { 0 };

	(void)state;
	assert_int_equal(get(h, BIG_LEN, 1000, 0, &a), -1);
	assert_int_equal(a.fail, HTTP_FAIL_BIG);
	assert_int_equal(a.status, 0);
	assert_why_has(&a, "bigger than expected (more than 1000 bytes)");
	/* Refused at the Content-Length, before any of the body. */
	assert_int_equal(a.got, 0);

	assert_int_equal(get(h, BIG_NOLEN, 1000, 0, &a), -1);
	assert_int_equal(a.fail, HTTP_FAIL_BIG);
	assert_why_has(&a, "bigger than expected");
	assert_true(a.body.len <= 1000);

	assert_int_equal(get(h, BIG_LEN, 1000, 1, &a), 0);
	assert_int_equal(a.status, 200);
	assert_int_equal(a.body.len, 1000);
	assert_int_equal(a.got, BIG);

	assert_int_equal(get(h, ERR_BIG, 1000, 0, &a), 0);
	assert_int_equal(a.status, 500);
	assert_int_equal(a.body.len, 1000);

	/* Exactly body_max is fine. */
	assert_int_equal(get(h, BIG_NOLEN, BIG, 0, &a), 0);
	assert_int_equal(a.body.len, BIG);
	http_answer_free(&a);
	http_free(h);
}

/* A sink gets a 2xx body untouched; its error abandons the transfer. */
static void
test_sink(void **state)
{
	struct http *h = client(5, NULL, NULL);
	struct http_answer a = { 0 };
	strbuf got = STRBUF_INIT;
	struct http_request r = {
		.url = url, .body_max = BIG, .sink = collect, .sink_arg = &got,
	};

	(void)state;
	atomic_store(&srv.mode, BIG_LEN);
	snprintf(url, sizeof url, "http://127.0.0.1:%d/pack", srv.port);
	assert_int_equal(http_perform(h, &r, &a), 0);
	assert_int_equal(got.len, BIG);
	assert_int_equal(a.body.len, 0);
	assert_int_equal(a.got, BIG);

	/* Not a 2xx: the body is the answer's, for a message. */
	strbuf_reset(&got);
	atomic_store(&srv.mode, ERR_BIG);
	assert_int_equal(http_perform(h, &r, &a), 0);
	assert_int_equal(a.status, 500);
	assert_int_equal(got.len, 0);
	assert_int_equal(a.body.len, BIG);

	r.sink = disk_full;
	atomic_store(&srv.mode, BIG_LEN);
	assert_int_equal(http_perform(h, &r, &a), -1);
	assert_int_equal(a.fail, HTTP_FAIL_SINK);
	assert_why_has(&a, strerror(ENOSPC));
	strbuf_free(&got);
	http_answer_free(&a);
	http_free(h);
}

/* The request's password never comes back: not in the body (even
 * percent-encoded), not in a reason. */
static void
test_secrets(void **state)
{
	struct http *h = client(5, NULL, NULL);
	struct http_answer a = { 0 };
	char ex[64];
	struct http_request r = {
		.url = url, .user = "api", .password = PW, .body_max = 4096,
	};

	(void)state;
	atomic_store(&srv.mode, ECHO);
	snprintf(url, sizeof url, "http://127.0.0.1:%d/send", srv.port);
	assert_int_equal(http_perform(h, &r, &a), 0);
	assert_int_equal(a.status, 401);
	assert_null(strstr(a.body.s, "hunter2"));
	assert_non_null(strstr(a.body.s, "[secret]"));
	pthread_mutex_lock(&srv.mu);
	assert_non_null(strstr(srv.req, "\r\nAuthorization: Basic "));
	pthread_mutex_unlock(&srv.mu);
	http_excerpt(a.body.s, ex, sizeof ex);
	assert_string_equal(ex, "password [secret] refused");

	/* In a reason: libcurl's message quotes the host name. */
	r.secret = "sekr1tlabel";
	snprintf(url, sizeof url, "http://sekr1tlabel.invalid/");
	assert_int_equal(http_perform(h, &r, &a), -1);
	assert_int_equal(a.fail, HTTP_FAIL_DNS);
	assert_why_has(&a, "cannot find the server");
	assert_why_has(&a, "[test] url");
	assert_null(strstr(a.why, "sekr1t"));
	http_answer_free(&a);
	http_free(h);
}

/* No answer: why, in words that stay the same from one try to the next. */
static void
test_no_answer(void **state)
{
	struct http *h = client(1, NULL, NULL);
	struct http_answer a = { 0 };
	struct http_request r = { .url = url, .body_max = 100 };
	char first[sizeof a.why];
	int port, fd = bound(0, &port);	/* bound, not listening */
	time_t t0;

	(void)state;
	assert_true(fd >= 0);
	snprintf(url, sizeof url, "http://127.0.0.1:%d/", port);
	assert_int_equal(http_perform(h, &r, &a), -1);
	assert_int_equal(a.fail, HTTP_FAIL_CONNECT);
	assert_int_equal(a.status, 0);
	assert_why_has(&a, "cannot connect");
	assert_why_has(&a, strerror(ECONNREFUSED));
	snprintf(first, sizeof first, "%s", a.why);
	assert_int_equal(http_perform(h, &r, &a), -1);
	assert_string_equal(a.why, first);
	close(fd);

	/* The server reads the request and never answers. */
	t0 = time(NULL);
	assert_int_equal(get(h, HANG, 100, 0, &a), -1);
	assert_int_equal(a.fail, HTTP_FAIL_TIMEOUT);
	assert_why_has(&a, "too slow: no answer within 1 s ([test] timeout_s)");
	/* Not a timing assertion: 10 s would mean no timeout at all. */
	assert_true(time(NULL) - t0 < 10);

	assert_int_equal(get(h, CUT, 4096, 0, &a), -1);
	assert_int_equal(a.fail, HTTP_FAIL_CUT);
	assert_why_has(&a, "cut short after 100 bytes");
	http_answer_free(&a);
	http_free(h);
}

static int
cancel_after(void *arg)
{
	atomic_int *calls = arg;

	return atomic_fetch_add(calls, 1) >= 5;
}

/* The cancel callback abandons a transfer that would go on for long. */
static void
test_cancel(void **state)
{
	atomic_int calls = 0;
	struct http *h = client(60, cancel_after, &calls);
	struct http_answer a = { 0 };
	time_t t0 = time(NULL);

	(void)state;
	assert_int_equal(get(h, DRIP, 1 << 20, 0, &a), -1);
	assert_int_equal(a.fail, HTTP_FAIL_CANCELLED);
	assert_string_equal(a.why, "stopped");
	assert_true(atomic_load(&calls) > 5);
	/* 100000 bytes at 20 a second, or the 60 s timeout, would mean
	 * the callback is not heard. */
	assert_true(time(NULL) - t0 < 30);
	http_answer_free(&a);
	http_free(h);
}

/* ------------------------------------------------------------ TLS */

/* A TLS server answering 200 with the certificate cert (python3). */
static const char tls_py[] =
	"import socket, ssl, sys\n"
	"ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n"
	"ctx.load_cert_chain(sys.argv[1], sys.argv[2])\n"
	"s = socket.socket()\n"
	"s.bind(('127.0.0.1', 0))\n"
	"s.listen(8)\n"
	"print(s.getsockname()[1], flush=True)\n"
	"while True:\n"
	"    c, _ = s.accept()\n"
	"    try:\n"
	"        t = ctx.wrap_socket(c, server_side=True)\n"
	"        t.recv(65536)\n"
	"        t.sendall(b'HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n'\n"
	"                  b'Connection: close\\r\\n\\r\\nok')\n"
	"        t.close()\n"
	"    except Exception:\n"
	"        c.close()\n";

static pid_t
tls_start(const char *cert, const char *key, int *port)
{
	int fds[2];
	char buf[16] = "";
	pid_t pid;
	FILE *f;

	if (pipe(fds) < 0 || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execlp("python3", "python3", "-c", tls_py, cert, key, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	if (f == NULL || fgets(buf, sizeof buf, f) == NULL || atoi(buf) <= 0) {
		if (f)
			fclose(f);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	fclose(f);
	*port = atoi(buf);
	return pid;
}

static void
tls_stop(pid_t pid)
{
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

/* TLS is always verified: a self-signed certificate and one from a CA
 * not given are refused, saying what to set; ca_file makes the second
 * one trusted. */
static void
test_tls(void **state)
{
	const char *dir = "tests/fixtures/gateway";
	struct http_answer a = { 0 };
	struct http_conf c = { .section = "test", .agent = "test_http",
	    .timeout_s = 5 };
	struct http_request r = { .url = url, .body_max = 100 };
	char cert[256], key[256], ca[256];
	struct http *h;
	int port;
	pid_t pid;
	err_t e;

	(void)state;
	snprintf(ca, sizeof ca, "%s/ca.pem", dir);
	if (access(ca, R_OK) != 0)
		skip();
	snprintf(cert, sizeof cert, "%s/selfsigned.pem", dir);
	snprintf(key, sizeof key, "%s/selfsigned.key", dir);
	assert_true((pid = tls_start(cert, key, &port)) > 0);
	snprintf(url, sizeof url, "https://127.0.0.1:%d/", port);
	h = client(5, NULL, NULL);
	assert_int_equal(http_perform(h, &r, &a), -1);
	assert_int_equal(a.fail, HTTP_FAIL_TLS_TRUST);
	assert_why_has(&a, "TLS certificate not trusted");
	assert_why_has(&a, "[test] ca_file");
	http_free(h);
	tls_stop(pid);

	snprintf(cert, sizeof cert, "%s/server.pem", dir);
	snprintf(key, sizeof key, "%s/server.key", dir);
	assert_true((pid = tls_start(cert, key, &port)) > 0);
	snprintf(url, sizeof url, "https://127.0.0.1:%d/", port);
	h = client(5, NULL, NULL);
	assert_int_equal(http_perform(h, &r, &a), -1);
	assert_int_equal(a.fail, HTTP_FAIL_TLS_TRUST);
	http_free(h);
	c.ca_file = ca;
	assert_non_null(h = http_new(&c, &e));
	assert_int_equal(http_perform(h, &r, &a), 0);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.body.s, "ok");
	http_free(h);
	tls_stop(pid);

	/* https to a server that speaks plain HTTP. */
	snprintf(url, sizeof url, "https://127.0.0.1:%d/", srv.port);
	atomic_store(&srv.mode, OK);
	h = client(5, NULL, NULL);
	assert_int_equal(http_perform(h, &r, &a), -1);
	assert_int_equal(a.fail, HTTP_FAIL_TLS);
	assert_why_has(&a, "TLS handshake failed");
	http_free(h);
	http_answer_free(&a);
}

/* The excerpt for a message: one line, no tags, no number, whole
 * characters. */
static void
test_excerpt(void **state)
{
	char out[64];

	(void)state;
	http_excerpt("<html><body><h1>503</h1>\n  Service\tUnavailable</body>"
	    "</html>", out, sizeof out);
	assert_string_equal(out, "503 Service Unavailable");
	http_excerpt("The number +33612345678 is not valid", out, sizeof out);
	assert_string_equal(out, "The number [number] is not valid");
	/* The number is masked before the cut: cut first, its 7 digits
	 * would no longer look like a number. */
	http_excerpt("abcdef +33612345678", out, 15);
	assert_null(strstr(out, "3361234"));
	http_excerpt("ééééé", out, 6);
	assert_string_equal(out, "éé");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answer),
		cmocka_unit_test(test_capped),
		cmocka_unit_test(test_sink),
		cmocka_unit_test(test_secrets),
		cmocka_unit_test(test_no_answer),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_tls),
		cmocka_unit_test(test_excerpt),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
