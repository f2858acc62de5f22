/*
 * gw_curl.h - what the three HTTP backends (kannel, twilio, http) share:
 * one libcurl handle per gateway (so that connections are kept alive
 * between messages), TLS verification always on, a bounded wait, and the
 * turning of an answer into a gw_result whose reason staff can read and
 * which never holds the number or the password.
 *
 * Private to reminder-daemon/gw_*.c; the daemon sees only gateway.h.
 */
#ifndef MSD_GW_CURL_H
#define MSD_GW_CURL_H

#include <stddef.h>

#include "config.h"
#include "err.h"
#include "gateway.h"
#include "scrub.h"
#include "strbuf.h"

struct gw_curl;

/* Creates the handle; reads [gateway] ca_file (optional CA bundle). */
struct gw_curl *gw_curl_new(const struct gateway *gw, const config *cfg,
    err_t *e);
void gw_curl_free(struct gw_curl *c);

struct gw_request {
	const char *method;		/* "GET" or "POST" */
	const char *url;
	const char *body;		/* POST body, or NULL */
	const char *content_type;	/* for the body */
	const char *user, *password;	/* HTTP basic auth, or NULL */
	const char *bearer;		/* "Authorization: Bearer", or NULL */
	const char *header;		/* one extra "Name: value", or NULL */
	const char *secret;		/* a secret the url or body carries
					 * (Kannel's password), or NULL */
};

/* The answer to one request. */
struct gw_answer {
	long status;			/* HTTP status, 0 if none came */
	long retry_after_s;		/* Retry-After, or -1 */
	strbuf body;			/* at most 64 KiB of it */
};

/* Performs the request within timeout_s.  Returns 0 when an HTTP answer
 * came (in a), or -1 when none did: res is then filled as GW_TRANSIENT
 * with a reason naming the provider (what = "Kannel", "Twilio", ...)
 * and the cause (refused, timeout, TLS, DNS).  The request's secrets
 * (password, bearer, secret) are masked in a->body and in the reason
 * before anything reads them: an error page may echo the request, and
 * an excerpt cut in the middle of a secret would no longer be found.
 * a->body is always to be freed with strbuf_free. */
int gw_curl_perform(struct gw_curl *c, const struct gw_request *r,
    const char *what, struct gw_answer *a, struct gw_result *res);

/* Fills res from an HTTP answer: the class (gateway_http_class), the
 * Retry-After, and a reason "WHAT: HTTP N: DETAIL" where DETAIL is the
 * given text or else an excerpt of the body, followed by what to check
 * for 401/403 (credentials) and 404/405 (url, method).  The password is
 * scrubbed from the reason. */
void gw_http_outcome(const struct gw_answer *a, const char *what,
    const char *detail, const char *password, struct gw_result *res);

/* Sets res->reason (printf-style), cut at a character boundary if too
 * long. */
void gw_reason(struct gw_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Percent-encodes s (RFC 3986 unreserved kept) onto b. */
void gw_urlencode(strbuf *b, const char *s);
/* Appends s as the inside of a JSON string (quotes not added). */
void gw_jsonescape(strbuf *b, const char *s);

/* Finds "key": "value" or "key": number in a JSON text and copies the
 * value (unescaped, as UTF-8) into out.  Returns 0, or -1 if absent.
 * Not a JSON parser: providers' answers are small flat objects, and a
 * miss only loses the provider id or the detail of a reason. */
int gw_json_get(const char *json, const char *key, char *out, size_t n);

/* A short one-line excerpt of an answer body for a reason: control
 * characters and runs of blanks become one space, HTML tags are dropped,
 * cut at a character boundary to fit n bytes. */
void gw_excerpt(const char *body, char *out, size_t n);

#endif
