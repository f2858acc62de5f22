/*
 * test_gateways.c - the SMS gateway backends against a real HTTP server
 * (tests/helpers/gwserver.py on 127.0.0.1, a random free port), checking
 * both what the server received and how every answer is classified.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "fsutil.h"
#include "gateway.h"
#include "gw_common.h"
#include "scrub.h"
#include "strbuf.h"

#define TO "+33612345678"
/* Accents in and out of GSM-7, an extension character, and the
 * characters that break a form or a JSON body if not escaped. */
#define TEXT "Rappel : RDV jeudi 3 décembre à 14 h 30, fenêtre 2 €, " \
	"\"bureau\" 5 & 6 = ok?\nMerci"

static char tmpdir[PATH_MAX];
static const char *gwserver = "tests/helpers/gwserver.py";

struct srv {
	pid_t pid;
	int port;
	char log[PATH_MAX + 32];
};

static struct srv plain;	/* the server most tests use */
static struct srv tls;		/* test_tls's, stopped by teardown too */

/* Starts gwserver.py with extra arguments; reads the port it prints. */
static int
srv_start(struct srv *s, const char *name, const char *const extra[])
{
	const char *argv[24];
	int fds[2], n = 0;
	char buf[32] = "";
	struct pollfd pfd;
	ssize_t got = 0;

	snprintf(s->log, sizeof s->log, "%s/%s.log", tmpdir, name);
	argv[n++] = "python3";
	argv[n++] = gwserver;
	argv[n++] = "--log";
	argv[n++] = s->log;
	for (int i = 0; extra && extra[i]; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	if (pipe(fds) < 0)
		return -1;
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execvp("python3", (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	while (got < (ssize_t)sizeof buf - 1 && strchr(buf, '\n') == NULL &&
	    poll(&pfd, 1, 10000) > 0) {
		ssize_t r = read(fds[0], buf + got, sizeof buf - 1 - (size_t)got);

		if (r <= 0)
			break;
		got += r;
		buf[got] = '\0';
	}
	close(fds[0]);
	s->port = atoi(buf);
	if (s->port <= 0) {
		fprintf(stderr, "gwserver did not start (%s)\n", buf);
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
		return -1;
	}
	return 0;
}

static void
srv_stop(struct srv *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
		s->pid = 0;
	}
}

static size_t
collect(char *p, size_t size, size_t nmemb, void *arg)
{
	strbuf_add(arg, p, size * nmemb);
	return size * nmemb;
}

/* GET http://127.0.0.1:port/path into a new string (the control API). */
static char *
srv_get(const struct srv *s, const char *path)
{
	strbuf b = STRBUF_INIT;
	char url[512];
	CURL *h = curl_easy_init();

	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", s->port, path);
	strbuf_puts(&b, "");
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
	assert_int_equal(curl_easy_perform(h), CURLE_OK);
	curl_easy_cleanup(h);
	return strbuf_take(&b);
}

static void
ctl(const char *query)
{
	char path[256];

	snprintf(path, sizeof path, "/_control?%s", query);
	free(srv_get(&plain, path));
}

/* Asserts that the last request the server saw has this line. */
static void
assert_last_has(const char *last, const char *line)
{
	strbuf want = STRBUF_INIT;

	strbuf_printf(&want, "%s\n", line);
	if (strstr(last, want.s) == NULL)
		fail_msg("the server did not receive \"%s\"; it got:\n%s", line,
		    last);
	strbuf_free(&want);
}

/* Opens a gateway from config text (with printf arguments). */
static struct gateway *
open_gw(err_t *e, const char *fmt, ...)
{
	char text[2048];
	va_list ap;
	config *cfg;
	struct gateway *gw;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	cfg = config_parse(text, "test.ini", e);
	assert_non_null(cfg);
	gw = gateway_open(cfg, e);
	config_free(cfg);
	return gw;
}

static const char *
state(enum gw_status s)
{
	return s == GW_SENT ? "sent" : s == GW_TRANSIENT ? "transient"
	    : "permanent";
}

static void
send1(struct gateway *gw, const char *text, int ucs2, struct gw_result *res)
{
	struct sms m = { .to = TO, .text = text, .ucs2 = ucs2, .ref = 42 };

	gateway_send(gw, &m, res);
	/* GW_TEST_VERBOSE=1 shows the reasons as staff would read them. */
	if (getenv("GW_TEST_VERBOSE"))
		fprintf(stderr, "  -> %s: %s%s%s\n", state(res->status),
		    res->reason, res->provider_id[0] ? "  id " : "",
		    res->provider_id);
	/* Whatever the outcome: a reason, and never the number. */
	assert_true(res->reason[0] != '\0');
	if (strstr(res->reason, "612345678") || strstr(res->reason, "6 12 34"))
		fail_msg("the number leaked into the reason: %s", res->reason);
}

#define assert_status(res, want) do { \
	if ((res)->status != (want)) \
		fail_msg("status %s, expected %s (reason: %s)", \
		    state((res)->status), state(want), (res)->reason); \
} while (0)

#define assert_reason_has(res, what) do { \
	if (strstr((res)->reason, (what)) == NULL) \
		fail_msg("reason \"%s\" lacks \"%s\"", (res)->reason, (what)); \
} while (0)

/* ------------------------------------------------------------ secrets */

static void
test_secret(void **state_)
{
	char path[PATH_MAX + 32], text[PATH_MAX + 128];
	err_t e = { "" };
	config *cfg;
	char *s;
	FILE *f;

	(void)state_;
	snprintf(path, sizeof path, "%s/secret", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("s3cr3t-pw\n", f);
	fclose(f);
	snprintf(text, sizeof text, "[gateway]\npassword_file = %s\n", path);
	cfg = config_parse(text, "t.ini", &e);

	chmod(path, 0644);
	s = gateway_secret(cfg, "MSD_TEST_SECRET", &e);
	assert_null(s);
	assert_non_null(strstr(e.msg, "readable by group or others"));
	assert_non_null(strstr(e.msg, "chmod 600"));
	assert_null(strstr(e.msg, "s3cr3t"));
	chmod(path, 0640);
	assert_null(gateway_secret(cfg, "MSD_TEST_SECRET", &e));

	chmod(path, 0600);
	s = gateway_secret(cfg, "MSD_TEST_SECRET", &e);
	assert_non_null(s);
	assert_string_equal(s, "s3cr3t-pw");	/* newline stripped */
	free(s);
	config_free(cfg);

	/* A missing file is an error, not an empty password. */
	snprintf(text, sizeof text, "[gateway]\npassword_file = %s/nope\n",
	    tmpdir);
	cfg = config_parse(text, "t.ini", &e);
	assert_null(gateway_secret(cfg, "MSD_TEST_SECRET", &e));
	assert_non_null(strstr(e.msg, "cannot open"));
	config_free(cfg);

	/* No password_file: the environment, else "". */
	cfg = config_parse("[gateway]\ntype = http\n", "t.ini", &e);
	setenv("MSD_TEST_SECRET", "from-env", 1);
	s = gateway_secret(cfg, "MSD_TEST_SECRET", &e);
	assert_string_equal(s, "from-env");
	free(s);
	unsetenv("MSD_TEST_SECRET");
	s = gateway_secret(cfg, "MSD_TEST_SECRET", &e);
	assert_string_equal(s, "");
	free(s);
	config_free(cfg);
}

static void
test_http_class(void **state_)
{
	(void)state_;
	assert_int_equal(gateway_http_class(200), GW_SENT);
	assert_int_equal(gateway_http_class(201), GW_SENT);
	assert_int_equal(gateway_http_class(202), GW_SENT);
	assert_int_equal(gateway_http_class(400), GW_PERMANENT);
	assert_int_equal(gateway_http_class(422), GW_PERMANENT);
	assert_int_equal(gateway_http_class(408), GW_TRANSIENT);
	assert_int_equal(gateway_http_class(429), GW_TRANSIENT);
	assert_int_equal(gateway_http_class(401), GW_TRANSIENT);
	assert_int_equal(gateway_http_class(500), GW_TRANSIENT);
	assert_int_equal(gateway_http_class(503), GW_TRANSIENT);
	assert_int_equal(gateway_http_class(302), GW_TRANSIENT);
}

static void
test_helpers(void **state_)
{
	char r[256], out[64];
	strbuf b = STRBUF_INIT;

	(void)state_;
	snprintf(r, sizeof r, "The 'To' number +33612345678 is bad; also "
	    "06 12 34 56 78, 06.12.34.56.78 and pw=hunter2 (error 21211, "
	    "host 127.0.0.1 port 8080)");
	scrub_text(r, sizeof r, "hunter2");
	assert_string_equal(r, "The 'To' number [number] is bad; also "
	    "[number], [number] and pw=[secret] (error 21211, "
	    "host 127.0.0.1 port 8080)");

	assert_int_equal(gw_json_get("{\"code\": 21211, \"message\": "
	    "\"Le num\\u00e9ro \\\"x\\\"\", \"sid\":\"SM1\"}", "message", out,
	    sizeof out), 0);
	assert_string_equal(out, "Le numéro \"x\"");
	assert_int_equal(gw_json_get("{\"code\": 21211}", "code", out,
	    sizeof out), 0);
	assert_string_equal(out, "21211");
	/* A key's name inside a value is not the key. */
	assert_int_equal(gw_json_get("{\"a\": \"sid\", \"b\": 1}", "sid", out,
	    sizeof out), -1);

	http_excerpt("<html><body><h1>503</h1>\n  Service\tUnavailable</body>"
	    "</html>", out, sizeof out);
	assert_string_equal(out, "503 Service Unavailable");
	http_excerpt("ééééé", out, 6);	/* cut at a character boundary */
	assert_string_equal(out, "éé");

	gw_urlencode(&b, "a b&é+");
	assert_string_equal(b.s, "a%20b%26%C3%A9%2B");
	strbuf_reset(&b);
	gw_jsonescape(&b, "\"é\"\n\\");
	assert_string_equal(b.s, "\\\"é\\\"\\n\\\\");
	strbuf_free(&b);
}

/* ------------------------------------------------------------ kannel */

static void
test_kannel(void **state_)
{
	struct gw_result res;
	struct gateway *gw;
	err_t e = { "" };
	char *last;

	(void)state_;
	ctl("reset=1&flavor=kannel&mode=ok");
	setenv("MSD_GATEWAY_PASSWORD", "kpw&=?", 1);
	gw = open_gw(&e, "[gateway]\ntype = kannel\nurl = "
	    "http://127.0.0.1:%d/cgi-bin/sendsms\nusername = msd\n"
	    "sender = MSD Savoie\ntimeout_s = 5\n", plain.port);
	unsetenv("MSD_GATEWAY_PASSWORD");
	assert_non_null(gw);

	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_SENT);
	assert_int_equal(res.retry_after_s, -1);
	assert_reason_has(&res, "Accepted for delivery");
	last = srv_get(&plain, "/_last");
	assert_last_has(last, "method GET");
	assert_last_has(last, "path /cgi-bin/sendsms");
	assert_last_has(last, "query username=msd");
	assert_last_has(last, "query password=kpw&=?");
	assert_last_has(last, "query to=" TO);
	assert_last_has(last, "query from=MSD Savoie");
	assert_last_has(last, "query charset=UTF-8");
	assert_last_has(last, "query coding=2");
	assert_last_has(last, "query text=Rappel : RDV jeudi 3 décembre à "
	    "14 h 30, fenêtre 2 €, \"bureau\" 5 & 6 = ok?\\nMerci");
	free(last);

	/* GSM-7 text: coding 0, smsbox converts. */
	send1(gw, "Rendez-vous à 9 h", 0, &res);
	assert_status(&res, GW_SENT);
	last = srv_get(&plain, "/_last");
	assert_last_has(last, "query coding=0");
	free(last);

	ctl("mode=503");
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_TRANSIENT);
	assert_reason_has(&res, "Kannel: HTTP 503: Sending failed.");

	ctl("mode=400");
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_PERMANENT);
	assert_reason_has(&res, "HTTP 400");
	assert_reason_has(&res, "black-lists");

	ctl("mode=401");	/* Kannel says 403 */
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_TRANSIENT);
	assert_reason_has(&res, "403");
	assert_reason_has(&res, "credentials");

	/* 2xx that is not Kannel's answer does not count as sent. */
	ctl("mode=ok&flavor=plain");
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_TRANSIENT);
	gateway_close(gw);

	/* Missing username: refused at start-up. */
	gw = open_gw(&e, "[gateway]\ntype = kannel\n");
	assert_null(gw);
	assert_non_null(strstr(e.msg, "username"));
}

/* ------------------------------------------------------------ twilio */

static void
test_twilio(void **state_)
{
	char pwfile[PATH_MAX + 32], *last;
	struct gw_result res;
	struct gateway *gw;
	err_t e = { "" };
	FILE *f;

	(void)state_;
	ctl("reset=1&flavor=twilio&mode=ok&retry_after=30");
	snprintf(pwfile, sizeof pwfile, "%s/twilio.token", tmpdir);
	f = fopen(pwfile, "w");
	assert_non_null(f);
	fputs("t0k3n\n", f);
	fclose(f);
	chmod(pwfile, 0600);
	gw = open_gw(&e, "[gateway]\ntype = twilio\nurl = http://127.0.0.1:%d"
	    "/2010-04-01/Accounts/{username}/Messages.json\nusername = AC123\n"
	    "password_file = %s\nsender = +33700000000\n", plain.port, pwfile);
	if (gw == NULL)
		fail_msg("%s", e.msg);

	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_SENT);
	assert_string_equal(res.provider_id, "SM00000000000000000000000000000001");
	assert_reason_has(&res, "accepted (queued)");
	last = srv_get(&plain, "/_last");
	assert_last_has(last, "method POST");
	assert_last_has(last, "path /2010-04-01/Accounts/AC123/Messages.json");
	assert_last_has(last, "header authorization: Basic QUMxMjM6dDBrM24=");
	assert_last_has(last, "header content-type: "
	    "application/x-www-form-urlencoded");
	assert_last_has(last, "form To=" TO);
	assert_last_has(last, "form From=+33700000000");
	assert_last_has(last, "form Body=Rappel : RDV jeudi 3 décembre à "
	    "14 h 30, fenêtre 2 €, \"bureau\" 5 & 6 = ok?\\nMerci");
	free(last);

	/* 400 21211: permanent, Twilio's code and message, number hidden. */
	ctl("mode=400");
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_PERMANENT);
	assert_reason_has(&res, "error 21211");
	assert_reason_has(&res, "is not a valid phone number");
	assert_reason_has(&res, "HTTP 400");

	ctl("mode=429");
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_TRANSIENT);
	assert_int_equal(res.retry_after_s, 30);
	assert_reason_has(&res, "429");

	ctl("mode=500");
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_TRANSIENT);
	assert_int_equal(res.retry_after_s, -1);
	assert_reason_has(&res, "HTTP 500");

	ctl("mode=401");
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_TRANSIENT);
	assert_reason_has(&res, "credentials");
	gateway_close(gw);

	/* No token anywhere: refused at start-up, with what to do. */
	unsetenv("MSD_GATEWAY_PASSWORD");
	gw = open_gw(&e, "[gateway]\ntype = twilio\nusername = AC1\n"
	    "sender = MSD\n");
	assert_null(gw);
	assert_non_null(strstr(e.msg, "MSD_GATEWAY_PASSWORD"));
	/* A token readable by others: refused. */
	chmod(pwfile, 0644);
	gw = open_gw(&e, "[gateway]\ntype = twilio\nusername = AC1\n"
	    "sender = MSD\npassword_file = %s\n", pwfile);
	assert_null(gw);
	assert_non_null(strstr(e.msg, "chmod 600"));
}

/* ------------------------------------------------------------ http */

static void
test_http_form(void **state_)
{
	struct gw_result res;
	struct gateway *gw;
	err_t e = { "" };
	char *last;

	(void)state_;
	ctl("reset=1&flavor=plain&mode=ok");
	gw = open_gw(&e, "[gateway]\ntype = http\n"
	    "url = http://127.0.0.1:%d/send?client=msd&dest={to}\n"
	    "body = msisdn={to}&message={text}&sender={from}&ref={ref}\n"
	    "sender = MSD\nauth = basic\nusername = api\npassword_file =\n"
	    "id_field = id\n", plain.port);
	assert_null(gw);	/* basic auth without a secret */
	assert_non_null(strstr(e.msg, "needs a secret"));

	setenv("MSD_GATEWAY_PASSWORD", "k3y", 1);
	gw = open_gw(&e, "[gateway]\ntype = http\n"
	    "url = http://127.0.0.1:%d/send?client=msd&dest={to}\n"
	    "body = msisdn={to}&message={text}&sender={from}&ref={ref}\n"
	    "sender = MSD\nauth = basic\nusername = api\n"
	    "header = X-Api-Version: 2\nid_field = id\n", plain.port);
	unsetenv("MSD_GATEWAY_PASSWORD");
	if (gw == NULL)
		fail_msg("%s", e.msg);

	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_SENT);
	assert_string_equal(res.provider_id, "msg-1");
	last = srv_get(&plain, "/_last");
	assert_last_has(last, "method POST");
	assert_last_has(last, "path /send");
	assert_last_has(last, "query client=msd");
	assert_last_has(last, "query dest=" TO);
	assert_last_has(last, "form msisdn=" TO);
	assert_last_has(last, "form sender=MSD");
	assert_last_has(last, "form ref=42");
	assert_last_has(last, "form message=Rappel : RDV jeudi 3 décembre à "
	    "14 h 30, fenêtre 2 €, \"bureau\" 5 & 6 = ok?\\nMerci");
	assert_last_has(last, "header authorization: Basic YXBpOmszeQ==");
	assert_last_has(last, "header x-api-version: 2");
	free(last);

	/* Keep-alive: the next message comes on the same connection. */
	{
		char *a, *b, *pa, *pb;

		a = srv_get(&plain, "/_last");
		send1(gw, "Encore", 0, &res);
		assert_status(&res, GW_SENT);
		b = srv_get(&plain, "/_last");
		pa = strstr(a, "peer ");
		pb = strstr(b, "peer ");
		assert_non_null(pa);
		assert_non_null(pb);
		assert_memory_equal(pa, pb, (size_t)(strchr(pa, '\n') - pa));
		free(a);
		free(b);
	}

	/* 400: permanent with the server's words; it echoed the number,
	 * which must not reach the reason. */
	ctl("mode=400");
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_PERMANENT);
	assert_reason_has(&res, "HTTP gateway: HTTP 400: invalid recipient "
	    "[number]: not a mobile number");

	/* An HTML error page becomes one readable line. */
	ctl("mode=503");
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_TRANSIENT);
	assert_reason_has(&res, "HTTP 503: 503 Server error");

	ctl("mode=429&retry_after=30");
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_TRANSIENT);
	assert_int_equal(res.retry_after_s, 30);

	/* Retry-After as an HTTP date (RFC 9110): about 2 minutes. */
	{
		char q[160], date[64];
		time_t t = time(NULL) + 120;
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(date, sizeof date, "%a,%%20%d%%20%b%%20%Y%%20%H:%M:%S"
		    "%%20GMT", &tm);
		snprintf(q, sizeof q, "mode=429&retry_after=%s", date);
		ctl(q);
		send1(gw, TEXT, 1, &res);
		assert_status(&res, GW_TRANSIENT);
		assert_in_range(res.retry_after_s, 60, 180);
	}

	/* Fails twice, then accepts: the daemon retries the same message. */
	ctl("mode=failn&fail=2");
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_TRANSIENT);
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_TRANSIENT);
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_SENT);
	gateway_close(gw);
}

static void
test_http_json_get(void **state_)
{
	struct gw_result res;
	struct gateway *gw;
	err_t e = { "" };
	char *last;

	(void)state_;
	ctl("reset=1&flavor=plain&mode=ok");
	setenv("MSD_GATEWAY_PASSWORD", "b3arer", 1);
	gw = open_gw(&e, "[gateway]\ntype = http\n"
	    "url = http://127.0.0.1:%d/v1/sms\n"
	    "content_type = application/json\n"
	    "body = {\"to\": \"{to}\", \"text\": \"{text}\", \"ref\": {ref}}\n"
	    "auth = bearer\n", plain.port);
	if (gw == NULL)
		fail_msg("%s", e.msg);
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_SENT);
	last = srv_get(&plain, "/_last");
	assert_last_has(last, "header content-type: application/json");
	assert_last_has(last, "header authorization: Bearer b3arer");
	assert_last_has(last, "body {\"to\": \"" TO "\", \"text\": \"Rappel : "
	    "RDV jeudi 3 décembre à 14 h 30, fenêtre 2 €, \\\\\"bureau\\\\\" "
	    "5 & 6 = ok?\\\\nMerci\", \"ref\": 42}");
	free(last);
	gateway_close(gw);

	gw = open_gw(&e, "[gateway]\ntype = http\nmethod = GET\n"
	    "url = http://127.0.0.1:%d/api?to={to}&msg={text}&from={from}\n"
	    "sender = MSD\n", plain.port);
	unsetenv("MSD_GATEWAY_PASSWORD");
	if (gw == NULL)
		fail_msg("%s", e.msg);
	send1(gw, "Café à 9 h, 5 €", 1, &res);
	assert_status(&res, GW_SENT);
	last = srv_get(&plain, "/_last");
	assert_last_has(last, "method GET");
	assert_last_has(last, "query msg=Café à 9 h, 5 €");
	assert_last_has(last, "query to=" TO);
	assert_last_has(last, "query from=MSD");
	free(last);
	gateway_close(gw);

	/* Configuration mistakes are refused at start-up. */
	gw = open_gw(&e, "[gateway]\ntype = http\nurl = http://127.0.0.1:%d/"
	    "?n={phone}\n", plain.port);
	assert_null(gw);
	assert_non_null(strstr(e.msg, "unknown placeholder {phone}"));
	gw = open_gw(&e, "[gateway]\ntype = http\n");
	assert_null(gw);
	assert_non_null(strstr(e.msg, "url"));
	gw = open_gw(&e, "[gateway]\ntype = http\nurl = ftp://x/\n");
	assert_null(gw);
	gw = open_gw(&e, "[gateway]\ntype = http\nurl = http://x/\nmethod = PUT\n");
	assert_null(gw);
	assert_non_null(strstr(e.msg, "POST or GET"));
	gw = open_gw(&e, "[gateway]\ntype = http\nurl = http://x/\nauth = digest\n");
	assert_null(gw);
	gw = open_gw(&e, "[gateway]\ntype = pigeon\n");
	assert_null(gw);
	assert_non_null(strstr(e.msg, "unknown gateway"));
	gw = open_gw(&e, "[gateway]\ntype = file\nsender = "
	    "a-sender-name-much-too-long-for-sms\n");
	assert_null(gw);
	gw = open_gw(&e, "[gateway]\ntype = file\ntimeout_s = soon\n");
	assert_null(gw);
}

/* ------------------------------------------------------------ failures */

/* A port where nothing listens: bound then closed. */
static int
dead_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof a;
	int s = socket(AF_INET, SOCK_STREAM, 0), port;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
	getsockname(s, (struct sockaddr *)&a, &len);
	port = ntohs(a.sin_port);
	close(s);
	return port;
}

static void
test_refused(void **state_)
{
	struct gw_result res;
	struct gateway *gw;
	err_t e = { "" };

	(void)state_;
	gw = open_gw(&e, "[gateway]\ntype = http\nurl = "
	    "http://127.0.0.1:%d/send\n", dead_port());
	assert_non_null(gw);
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_TRANSIENT);
	assert_reason_has(&res, "cannot connect");
	assert_int_equal(res.retry_after_s, -1);
	gateway_close(gw);
}

static void
test_hang(void **state_)
{
	struct gw_result res;
	struct gateway *gw;
	err_t e = { "" };
	struct timespec t0, t1;
	double secs;

	(void)state_;
	/* The server would hang for 30 s: only timeout_s ends the wait. */
	ctl("reset=1&mode=hang&hang_s=30");
	gw = open_gw(&e, "[gateway]\ntype = http\ntimeout_s = 1\nurl = "
	    "http://127.0.0.1:%d/send\n", plain.port);
	assert_non_null(gw);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	send1(gw, TEXT, 1, &res);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_status(&res, GW_TRANSIENT);
	assert_reason_has(&res, "no answer within 1 s");
	/* Not a timing assertion: 30 s would mean no timeout at all. */
	if (secs > 15)
		fail_msg("send took %.1f s with timeout_s = 1", secs);
	gateway_close(gw);
	ctl("mode=ok");
}

static void
test_tls(void **state_)
{
	struct gw_result res;
	struct gateway *gw;
	err_t e = { "" };
	const char *self[] = { "--tls-cert", "tests/fixtures/gateway/selfsigned.pem",
	    "--tls-key", "tests/fixtures/gateway/selfsigned.key", NULL };
	const char *ca[] = { "--tls-cert", "tests/fixtures/gateway/server.pem",
	    "--tls-key", "tests/fixtures/gateway/server.key", NULL };

	(void)state_;
	/* https to a server that speaks plain HTTP. */
	gw = open_gw(&e, "[gateway]\ntype = http\ntimeout_s = 5\nurl = "
	    "https://127.0.0.1:%d/send\n", plain.port);
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_TRANSIENT);
	assert_reason_has(&res, "TLS");
	gateway_close(gw);

	/* A self-signed certificate: never accepted. */
	assert_int_equal(srv_start(&tls, "tls-self", self), 0);
	gw = open_gw(&e, "[gateway]\ntype = http\ntimeout_s = 5\nurl = "
	    "https://127.0.0.1:%d/send\n", tls.port);
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_TRANSIENT);
	assert_reason_has(&res, "TLS certificate not trusted");
	assert_reason_has(&res, "ca_file");
	gateway_close(gw);
	srv_stop(&tls);

	/* A certificate from a private CA: refused without ca_file,
	 * accepted with it (so verification is really on). */
	assert_int_equal(srv_start(&tls, "tls-ca", ca), 0);
	gw = open_gw(&e, "[gateway]\ntype = http\ntimeout_s = 5\nurl = "
	    "https://127.0.0.1:%d/send\n", tls.port);
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_TRANSIENT);
	assert_reason_has(&res, "TLS");
	gateway_close(gw);
	gw = open_gw(&e, "[gateway]\ntype = http\ntimeout_s = 5\nurl = "
	    "https://127.0.0.1:%d/send\nca_file = "
	    "tests/fixtures/gateway/ca.pem\n", tls.port);
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_SENT);
	gateway_close(gw);
	srv_stop(&tls);
}

/* ------------------------------------------------------------ plain http */

/* Credentials over plain http leave the machine only when allowed. */
static void
test_insecure_http(void **state_)
{
	static const char *const refused[] = {
		"type = kannel\nurl = http://192.0.2.10:13013/cgi-bin/sendsms\n"
		    "username = msd\n",
		"type = kannel\nurl = http://kannel.example/cgi-bin/sendsms\n"
		    "username = msd\n",
		"type = twilio\nurl = http://api.example/{username}\n"
		    "username = AC1\nsender = MSD\n",
		"type = http\nurl = http://sms.example/send\nauth = basic\n"
		    "username = api\n",
		"type = http\nurl = HTTP://sms.example:8080/send\nauth = bearer\n",
		"type = http\nurl = http://[2001:db8::1]/send\nauth = bearer\n",
		"type = http\nurl = http://127.0.0.1.example/send\nauth = bearer\n",
		/* A credential in the config itself. */
		"type = http\nurl = http://sms.example/send?to={to}&api_key=abc\n",
		"type = http\nurl = http://sms.example/send\n"
		    "header = X-Auth-Token: abc\n",
	};
	static const char *const allowed[] = {
		"type = kannel\nurl = http://127.0.0.1:13013/cgi-bin/sendsms\n"
		    "username = msd\n",
		"type = kannel\nurl = http://localhost:13013/cgi-bin/sendsms\n"
		    "username = msd\n",
		"type = http\nurl = http://[::1]:8080/send\nauth = bearer\n",
		"type = http\nurl = http://127.1.2.3/send\nauth = bearer\n",
		"type = http\nurl = https://sms.example/send\nauth = basic\n"
		    "username = api\n",
		"type = twilio\nusername = AC1\nsender = MSD\n",
		/* No credential at all: nothing to protect. */
		"type = http\nurl = http://sms.example/send?to={to}\n",
		"type = http\nurl = http://sms.example/send\n"
		    "header = X-Api-Version: 2\n",
	};
	char text[512];
	struct gateway *gw;
	err_t e = { "" };

	(void)state_;
	setenv("MSD_GATEWAY_PASSWORD", "pw", 1);
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		snprintf(text, sizeof text, "[gateway]\n%s", refused[i]);
		gw = open_gw(&e, "%s", text);
		if (gw != NULL)
			fail_msg("plain http with credentials accepted: %s", text);
		if (strstr(e.msg, "allow_insecure_http") == NULL ||
		    strstr(e.msg, "https") == NULL)
			fail_msg("%s: %s", refused[i], e.msg);
		assert_null(strstr(e.msg, "abc"));	/* never the secret */
		/* Allowed when the operator says the network is trusted. */
		snprintf(text, sizeof text, "[gateway]\n%sallow_insecure_http = yes\n",
		    refused[i]);
		gw = open_gw(&e, "%s", text);
		if (gw == NULL)
			fail_msg("%s: %s", text, e.msg);
		gateway_close(gw);
	}
	for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++) {
		snprintf(text, sizeof text, "[gateway]\n%s", allowed[i]);
		gw = open_gw(&e, "%s", text);
		if (gw == NULL)
			fail_msg("%s: %s", allowed[i], e.msg);
		gateway_close(gw);
	}
	/* A password in the url itself: always refused. */
	gw = open_gw(&e, "[gateway]\ntype = http\nurl = https://api:pw@sms.example/\n");
	assert_null(gw);
	assert_non_null(strstr(e.msg, "password_file"));
	gw = open_gw(&e, "[gateway]\ntype = http\nurl = http://x.example/\n"
	    "auth = bearer\nallow_insecure_http = maybe\n");
	assert_null(gw);
	assert_non_null(strstr(e.msg, "allow_insecure_http"));
	/* A file gateway needs its path; "-" is standard output. */
	gw = open_gw(&e, "[gateway]\ntype = file\n");
	assert_null(gw);
	assert_non_null(strstr(e.msg, "path"));
	gw = open_gw(&e, "[gateway]\ntype = file\npath = -\n");
	assert_non_null(gw);
	gateway_close(gw);
	gw = open_gw(&e, "[gateway]\nrate = 1\n");
	assert_null(gw);
	assert_non_null(strstr(e.msg, "no type"));
	unsetenv("MSD_GATEWAY_PASSWORD");
}

/* ------------------------------------------------------------ echoed secrets */

/* Every character that an encoding changes: percent-encoding (@ + ! & =
 * % / : ? # space), '+' for a space, JSON and HTML escaping (" ' &). */
#define PW "S3cr@t+pw!&=%/ :?#\"'"

static void
b64(const char *s, char *out)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), o = 0;
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 |
		    (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
		    (i + 2 < n ? p[i + 2] : 0);

		out[o++] = a[v >> 18 & 63];
		out[o++] = a[v >> 12 & 63];
		out[o++] = i + 1 < n ? a[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? a[v & 63] : '=';
	}
	out[o] = '\0';
}

/* No piece of PW in any encoding: its start as any encoding writes it,
 * its end raw or percent-encoded (either case), and no 6 characters of
 * the base64 of "user:PW" past the user's part. */
static void
assert_no_secret(const char *reason, const char *user, const char *where)
{
	static const char *const pieces[] = { "S3cr", "pw!", "pw%21", "t+pw",
	    "t%2Bpw", "t%2bpw", "%3F%23", "%3f%23", ":?#", "%22%27",
	    "&quot;&#x27;", "\\\"'" };
	char up[128], enc[256];

	for (size_t i = 0; i < sizeof pieces / sizeof *pieces; i++)
		if (strstr(reason, pieces[i]) != NULL)
			fail_msg("%s: \"%s\" of the password is in the reason: %s",
			    where, pieces[i], reason);
	if (user == NULL)
		return;
	snprintf(up, sizeof up, "%s:%s", user, PW);
	b64(up, enc);
	for (size_t i = (strlen(user) + 1) * 4 / 3 + 1; i + 6 <= strlen(enc); i++)
		if (strstr(reason, (char[7]){ enc[i], enc[i + 1], enc[i + 2],
		    enc[i + 3], enc[i + 4], enc[i + 5], 0 }) != NULL)
			fail_msg("%s: base64 of the credentials (%s) is in the "
			    "reason: %s", where, enc, reason);
}

/* Each backend, with PW as its secret, against error pages (500, 503,
 * 400) that echo the request in every way and each flavour of page. */
static void
test_echo_secret(void **state_)
{
	static const char *const parts[] = { "line", "headers", "body",
	    "decoded", "json", "html", "plus" };
	static const char *const statuses[] = { "500", "503", "400" };
	static const char *const flavors[] = { "plain", "kannel", "twilio" };
	struct {
		const char *name, *user, *conf;
	} gws[] = {
		{ "kannel", NULL, "type = kannel\nurl = http://127.0.0.1:%d/"
		    "cgi-bin/sendsms\nusername = msd\n" },
		{ "twilio", "AC42", "type = twilio\nurl = http://127.0.0.1:%d/"
		    "Accounts/{username}/Messages.json\nusername = AC42\n"
		    "sender = MSD\n" },
		{ "http basic", "api", "type = http\nurl = http://127.0.0.1:%d/"
		    "send\nauth = basic\nusername = api\n" },
		{ "http bearer", NULL, "type = http\nurl = http://127.0.0.1:%d/"
		    "v1/sms\nauth = bearer\ncontent_type = application/json\n"
		    "body = {\"to\": \"{to}\", \"text\": \"{text}\"}\n" },
		{ "http GET", "api", "type = http\nmethod = GET\nurl = "
		    "http://127.0.0.1:%d/api?to={to}&msg={text}\nauth = basic\n"
		    "username = api\n" },
	};
	struct gw_result res;
	err_t e = { "" };
	char text[1024], where[160], q[160];

	(void)state_;
	for (size_t g = 0; g < sizeof gws / sizeof *gws; g++) {
		struct gateway *gw;

		snprintf(text, sizeof text, "[gateway]\ntimeout_s = 5\n%s",
		    gws[g].conf);
		setenv("MSD_GATEWAY_PASSWORD", PW, 1);
		gw = open_gw(&e, text, plain.port);
		unsetenv("MSD_GATEWAY_PASSWORD");
		if (gw == NULL)
			fail_msg("%s: %s", gws[g].name, e.msg);
		for (size_t f = 0; f < 3; f++)
			for (size_t st = 0; st < 3; st++)
				for (size_t p = 0; p < sizeof parts / sizeof *parts; p++) {
					snprintf(q, sizeof q, "reset=1&mode=echo&flavor=%s"
					    "&echo_status=%s&echo_part=%s", flavors[f],
					    statuses[st], parts[p]);
					ctl(q);
					send1(gw, TEXT, 1, &res);
					snprintf(where, sizeof where, "%s, %s page, %s, "
					    "%s first", gws[g].name, flavors[f],
					    statuses[st], parts[p]);
					if (res.status == GW_SENT)
						fail_msg("%s: sent", where);
					assert_no_secret(res.reason, gws[g].user, where);
					/* The page was read: the reason quotes it. */
					if (strstr(res.reason, statuses[st]) == NULL)
						fail_msg("%s: %s", where, res.reason);
				}
		gateway_close(gw);
	}
	ctl("reset=1&mode=ok&flavor=plain");
}

/* The scrubber alone, on every encoding of a secret at once. */
static void
test_scrub_encodings(void **state_)
{
	char r[512], enc[128];

	(void)state_;
	b64("api:" PW, enc);
	snprintf(r, sizeof r, "a S3cr@t+pw!&=%%/ :?#\"' b "
	    "S3cr%%40t%%2Bpw%%21%%26%%3D%%25%%2F%%20%%3A%%3F%%23%%22%%27 c "
	    "S3cr%%40t%%2bpw%%21%%26%%3d%%25%%2f+%%3a%%3f%%23%%22%%27 d "
	    "S3cr@t+pw!&amp;=%%/ :?#&quot;&#x27; e "
	    "\"S3cr@t+pw!&=%%/ :?#\\\"'\" f Basic %s g "
	    "S3cr%%2540t%%252Bpw%%2521%%2526%%253D%%2525%%252F%%2520%%253A%%253F"
	    "%%2523%%2522%%2527 h", enc);
	scrub_text(r, sizeof r, PW);
	assert_no_secret(r, "api", "scrub");
	assert_string_equal(r, "a [secret] b [secret] c [secret] d [secret] "
	    "e \"[secret]\" f Basic [secret] g [secret] h");

	/* No secret: only numbers go. */
	snprintf(r, sizeof r, "HTTP 500: S3cr +33612345678");
	scrub_text(r, sizeof r, NULL);
	assert_string_equal(r, "HTTP 500: S3cr [number]");
}

/* ------------------------------------------------------------ file */

static void
test_file(void **state_)
{
	char path[PATH_MAX + 32];
	struct gw_result res;
	struct gateway *gw;
	err_t e = { "" };
	struct stat st;
	size_t len;
	char *text;

	(void)state_;
	snprintf(path, sizeof path, "%s/sms.txt", tmpdir);
	gw = open_gw(&e, "[gateway]\ntype = file\npath = %s\nsender = MSD\n",
	    path);
	assert_non_null(gw);
	send1(gw, TEXT, 1, &res);
	assert_status(&res, GW_SENT);
	send1(gw, "Rendez-vous a 9 h", 0, &res);
	assert_status(&res, GW_SENT);
	gateway_close(gw);

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	text = fs_read_file(path, 0, &len, &e);
	assert_non_null(text);
	assert_non_null(strstr(text, "+33 6•• •• •• 78"));
	assert_null(strstr(text, "612345678"));
	assert_non_null(strstr(text, TEXT));
	assert_non_null(strstr(text, "UCS-2"));
	assert_non_null(strstr(text, "1 segment, GSM-7"));
	assert_non_null(strstr(text, "SMS #42"));
	free(text);

	gw = open_gw(&e, "[gateway]\ntype = file\npath = %s/no/such/dir/x\n",
	    tmpdir);
	assert_null(gw);
	assert_non_null(strstr(e.msg, "cannot open"));
}

/* ------------------------------------------------------------ main */

static int
setup(void **state_)
{
	const char *flavor[] = { "--flavor", "plain", NULL };
	const char *root = getenv("ROOT");

	(void)state_;
	if (access(gwserver, R_OK) != 0 && root != NULL) {
		static char p[PATH_MAX];

		snprintf(p, sizeof p, "%s/tests/helpers/gwserver.py", root);
		gwserver = p;
		if (chdir(root) < 0)
			return -1;
	}
	snprintf(tmpdir, sizeof tmpdir, "%s/msd-test-gw.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return srv_start(&plain, "plain", flavor);
}

static int
teardown(void **state_)
{
	const char *rm[] = { "rm", "-rf", tmpdir, NULL };
	pid_t pid;

	(void)state_;
	srv_stop(&plain);
	srv_stop(&tls);	/* if test_tls failed half-way */
	pid = fork();
	if (pid == 0) {
		execvp("rm", (char *const *)rm);
		_exit(127);
	}
	waitpid(pid, NULL, 0);
	curl_global_cleanup();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secret),
		cmocka_unit_test(test_http_class),
		cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_kannel),
		cmocka_unit_test(test_twilio),
		cmocka_unit_test(test_http_form),
		cmocka_unit_test(test_http_json_get),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_hang),
		cmocka_unit_test(test_tls),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_insecure_http),
		cmocka_unit_test(test_echo_secret),
		cmocka_unit_test(test_scrub_encodings),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, setup, teardown);
}
