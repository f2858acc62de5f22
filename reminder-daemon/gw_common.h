/*
 * gw_common.h - what the three HTTP backends (kannel, twilio, http)
 * share: their client (lib/http.h) with [gateway]'s settings, and the
 * turning of an answer into a gw_result whose reason staff can read and
 * which never holds the number or the password.
 *
 * Private to reminder-daemon/gw_*.c; the daemon sees only gateway.h.
 */
#ifndef MSD_GW_COMMON_H
#define MSD_GW_COMMON_H

#include <stddef.h>

#include "config.h"
#include "err.h"
#include "gateway.h"
#include "http.h"
#include "strbuf.h"

/* The backend's client: [gateway] ca_file (optional CA bundle) and
 * timeout_s, for connecting and for the whole request. */
struct http *gw_http_new(const struct gateway *gw, const config *cfg,
    err_t *e);

/* Performs r (at most 64 KiB of the answer is kept: an SMS gateway's
 * answer is small, and a 2xx must never be refused for its size, or the
 * message would go again).  Returns 0 when an HTTP answer came (in a),
 * or -1 when none did: res is then GW_TRANSIENT with the reason "WHAT:
 * why" (what = "Kannel", "Twilio", ...; why from http_perform). */
int gw_http_send(struct http *h, const struct http_request *r, const char *what,
    struct http_answer *a, struct gw_result *res);

/* Fills res from an HTTP answer: the class (gateway_http_class), the
 * Retry-After, and a reason "WHAT: HTTP N: DETAIL" where DETAIL is the
 * given text or else an excerpt of the body, followed by what to check
 * for 401/403 (credentials) and 404/405 (url, method).  The password is
 * scrubbed from the reason. */
void gw_http_outcome(const struct http_answer *a, const char *what,
    const char *detail, const char *password, struct gw_result *res);

/* Percent-encodes s (RFC 3986 unreserved kept) onto b. */
void gw_urlencode(strbuf *b, const char *s);
/* Appends s as the inside of a JSON string (quotes not added). */
void gw_jsonescape(strbuf *b, const char *s);

/* Finds "key": "value" or "key": number in a JSON text and copies the
 * value (unescaped, as UTF-8) into out.  Returns 0, or -1 if absent.
 * Not a JSON parser: providers' answers are small flat objects, and a
 * miss only loses the provider id or the detail of a reason. */
int gw_json_get(const char *json, const char *key, char *out, size_t n);

#endif
