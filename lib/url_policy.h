/*
 * url_policy.h - no secret crosses the network in clear.
 *
 * A plain http:// address that would carry a credential (a token, a
 * password, a user and password before '@') to a host that is not the
 * machine itself (127.0.0.0/8, ::1, ::ffff:127.x, localhost) is refused,
 * unless its section says allow_insecure_http = yes (a network the
 * Département trusts; a warning is logged).  https:// is always fine (and
 * verified); plain http without a credential is fine too.  Used by the
 * daemon's gateways ([gateway]) and the kiosk's [report] and [sync].
 */
#ifndef MSD_URL_POLICY_H
#define MSD_URL_POLICY_H

#include <stddef.h>

#include "config.h"
#include "err.h"

/* The host of "scheme://[user[:pass]@]host[:port]/...", without brackets,
 * into host (n bytes; "" if there is none); *userinfo = 1 if a part
 * before '@' is there. */
void url_host(const char *url, char *host, size_t n, int *userinfo);

/* 1 if host never leaves the machine: 127.0.0.0/8, ::1, ::ffff:127.x,
 * "localhost". */
int url_host_is_loopback(const char *host);

/* 0 if url may carry secret (a description such as "the token of
 * token_file", NULL for none) from [section]; -1 + message if not.  A
 * user or password in url counts as a secret. */
int url_policy_check(const config *cfg, const char *section, const char *url,
    const char *secret, err_t *e);

#endif
