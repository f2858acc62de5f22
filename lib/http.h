/*
 * http.h - the one HTTP client of both programs: the daemon's SMS
 * gateways, the kiosk's content sync and its statistics upload.
 *
 * One policy for all of them: http and https only; TLS always verified,
 * only the CA bundle may be chosen; a redirect is reported, never
 * followed (it would resend credentials to a place nobody configured);
 * no signals (the daemon has its own handlers, the kiosk's callers are
 * threads); a connect and a total timeout; the answer's body capped at
 * a size the caller gives; a transfer abandoned when the caller's cancel
 * callback says so; the request's secrets masked in what comes back
 * (scrub.h); and, when no answer came, one way of saying why, in words
 * an operator can act on.
 *
 * libcurl does the work.  The kiosk is not linked with it: the curl_*
 * functions called here come from kiosk/jobs/curl_lazy.c there.
 */
#ifndef MSD_HTTP_H
#define MSD_HTTP_H

#include <stddef.h>

#include "err.h"
#include "strbuf.h"

/* Initialises libcurl once per process, whichever thread comes first
 * (curl_global_init is not thread-safe).  http_new() calls it too; a
 * program calls it early to refuse to start when libcurl cannot load.
 * -1 + message. */
int http_init(err_t *e);

/* ------------------------------------------------------------ a client */

struct http_conf {
	const char *section;		/* the config section named in advice:
					 * "[gateway] ca_file", "[sync] url" */
	const char *agent;		/* User-Agent */
	const char *ca_file;		/* CA bundle; NULL: the system's */
	long timeout_s;			/* the whole request, answer included */
	long connect_s;			/* connecting (0 or more than
					 * timeout_s: timeout_s) */
	long stall_s;			/* under 100 bytes/s this long: given
					 * up (0: never) */
	/* Returns 1 to abandon the transfer now; asked about once a second
	 * and at each block received.  NULL: never. */
	int (*cancel)(void *arg);
	void *cancel_arg;
};

/* One client: a connection kept alive between its requests (most of a
 * gateway's throughput).  One thread at a time.  The strings of c are
 * copied.  NULL + message. */
struct http *http_new(const struct http_conf *c, err_t *e);
void http_free(struct http *h);

/* ------------------------------------------------------------ a request */

struct http_request {
	const char *method;		/* "GET" (or NULL), "POST" or "PUT" */
	const char *url;
	const char *body;		/* POST or PUT body, or NULL */
	size_t body_len;		/* 0: strlen(body) */
	const char *content_type;	/* of the body (default form-encoded) */
	const char *const *headers;	/* more "Name: value" lines, NULL-ended */
	const char *user, *password;	/* HTTP basic auth, or NULL */
	const char *bearer;		/* "Authorization: Bearer", or NULL */
	const char *secret;		/* another secret the url or the body
					 * carries (Kannel's password), or NULL */
	size_t body_max;		/* the most of a body taken (required) */
	/* 0: a 2xx answer longer than body_max is refused (HTTP_FAIL_BIG),
	 * at its Content-Length if it gives one.  1: the body is only read
	 * for a message or a provider id: cut at body_max.  The body of
	 * another status is always cut. */
	int body_cut;
	/* Optional: takes a 2xx answer's body as it arrives, untouched (a
	 * download, a signed file), instead of answer.body; returns 0, or
	 * an errno value to abandon (HTTP_FAIL_SINK). */
	int (*sink)(void *arg, const char *data, size_t len);
	void *sink_arg;
};

/* Why no answer came. */
enum http_fail {
	HTTP_FAIL_NONE,			/* an answer came (any status) */
	HTTP_FAIL_CANCELLED,		/* the cancel callback said so */
	HTTP_FAIL_DNS,			/* host name not found */
	HTTP_FAIL_CONNECT,		/* refused, unreachable */
	HTTP_FAIL_TIMEOUT,		/* timeout_s, connect_s or stall_s */
	HTTP_FAIL_TLS_TRUST,		/* certificate not trusted */
	HTTP_FAIL_TLS,			/* handshake failed */
	HTTP_FAIL_CUT,			/* the answer stopped short */
	HTTP_FAIL_BIG,			/* over body_max */
	HTTP_FAIL_SINK,			/* the sink refused it (disk full?) */
	HTTP_FAIL_OTHER,
};

struct http_answer {
	long status;			/* HTTP status; 0 if no answer came */
	long retry_after_s;		/* Retry-After (seconds or date), or -1 */
	strbuf body;			/* at most body_max, the request's
					 * secrets masked; not what a sink took */
	unsigned long long got;		/* bytes of body received */
	strbuf headers;			/* the header lines of the last answer */
	strbuf redirect;		/* a 3xx's target, absolute; "" if none */
	enum http_fail fail;
	char why[256];			/* with fail: why, in words, the
					 * request's secrets masked */
};

/* Performs r.  0 when an HTTP answer came (whatever its status: the
 * caller judges it), -1 when none did: a->fail and a->why say why, e.g.
 * "cannot connect (no network, or the server is down): ...", "too
 * slow: no answer within 10 s ([gateway] timeout_s)", "TLS certificate
 * not trusted (...): a certificate from a private CA needs [sync]
 * ca_file".  why names no url (the caller puts it in front: it may
 * carry a secret) and stays the same from one try to the next while the
 * cause lasts (no milliseconds), so that it can be logged once.  a may
 * be reused; free it with http_answer_free(). */
int http_perform(struct http *h, const struct http_request *r,
    struct http_answer *a);
void http_answer_free(struct http_answer *a);

/* The value of header name (case-insensitive) in the last answer, cut
 * to n bytes; 0, or -1 if absent. */
int http_header(const struct http_answer *a, const char *name, char *out,
    size_t n);

/* A short one-line excerpt of an answer body for a message: control
 * characters and runs of blanks become one space, HTML tags are
 * dropped, what looks like a phone number is masked (scrub.h), cut at a
 * character boundary to fit n bytes. */
void http_excerpt(const char *body, char *out, size_t n);

#endif
