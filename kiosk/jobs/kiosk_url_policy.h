/*
 * kiosk_url_policy.h - the kiosk's addresses and lib/url_policy.h.
 */
#ifndef MSD_KIOSK_URL_POLICY_H
#define MSD_KIOSK_URL_POLICY_H

#include "config.h"
#include "err.h"

/* The checks of [report] and [sync] of a kiosk config, at start: a
 * refusal is bad input (exit 2), said before any thread starts. */
int url_policy_kiosk(const config *cfg, err_t *e);

#endif
