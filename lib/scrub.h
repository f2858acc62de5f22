/*
 * scrub.h - what must never reach a message, a log line, the database
 * or a report: a secret (a password, a token), in whatever form a server
 * echoes it, and phone numbers.
 *
 * A server's error page may echo the request: its url (the password
 * percent-encoded, %XX in either case, '+' for a space), its headers
 * (basic auth: base64 of "user:password"), its body, or the decoded
 * values, JSON-escaped or HTML-escaped.  The secret is looked for in the
 * text as it is and as each of these decodings (and a few of their
 * combinations) would read it; every stretch of the original text that
 * spells it is replaced by "[secret]".
 *
 * lib/http.c masks the secrets of each request in its answer; the
 * daemon's gateways mask again, with the numbers, every reason they give.
 */
#ifndef MSD_SCRUB_H
#define MSD_SCRUB_H

#include <stddef.h>

#include "strbuf.h"

/* Replaces every encoding of secret in b by "[secret]" (nothing if
 * secret is NULL or ""). */
void scrub_secret(strbuf *b, const char *secret);

/* Removes from text what must never be logged: the secret (if non-empty,
 * in any encoding above) and anything that looks like a phone number (a
 * run of 8 or more digits, with or without separators or a leading +),
 * which some providers echo ("The 'To' number +336... is not valid");
 * dotted IPv4 addresses are kept.  The result fits n bytes and ends on a
 * character boundary. */
void scrub_text(char *text, size_t n, const char *secret);

/* Cuts s (of length len) so that it does not end inside a UTF-8
 * sequence. */
void scrub_cut(char *s, size_t len);

#endif
