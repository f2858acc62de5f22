/*
 * url_policy.h - no secret crosses the network in clear.
 *
 * The statistics upload ([report] url, with its token_file) and the
 * content sync ([sync] url) refuse a plain http:// address that would
 * carry a credential (a token, a user and password before '@') to a host
 * that is not the machine itself (127.0.0.0/8, ::1, localhost), unless
 * the section says allow_insecure_http = yes (a network the Département
 * trusts; a warning is logged).  https:// is always fine (and verified);
 * plain http without a credential is fine too: a pack is signed.
 */
#ifndef MSD_URL_POLICY_H
#define MSD_URL_POLICY_H

#include "config.h"
#include "err.h"

/* 0 if url may carry secret (a description such as "the token of
 * token_file", NULL for none) from [section]; -1 + message if not.  A
 * user or password in url counts as a secret. */
int url_policy_check(const config *cfg, const char *section, const char *url,
    const char *secret, err_t *e);

/* The checks of [report] and [sync] of a kiosk config, at start: a
 * refusal is bad input (exit 2), said before any thread starts. */
int url_policy_kiosk(const config *cfg, err_t *e);

#endif
