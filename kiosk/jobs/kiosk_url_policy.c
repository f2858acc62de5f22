/*
 * kiosk_url_policy.c - the kiosk's [report] and [sync] addresses, checked
 * at start against the rule of lib/url_policy.h (kiosk_url_policy.h).
 */
#include "jobs/kiosk_url_policy.h"
#include "url_policy.h"

int
url_policy_kiosk(const config *cfg, err_t *e)
{
	const char *tok = config_get(cfg, "report", "token_file");

	return url_policy_check(cfg, "report", config_get(cfg, "report",
	    "url"), tok && *tok ? "the token of token_file" : NULL, e) < 0 ||
	    url_policy_check(cfg, "sync", config_get(cfg, "sync", "url"), NULL,
	    e) < 0 ? -1 : 0;
}
