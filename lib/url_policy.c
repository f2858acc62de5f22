/*
 * url_policy.c - no secret crosses the network in clear (url_policy.h).
 * One rule for the daemon's gateways and the kiosk's sync and upload.
 */
#include "url_policy.h"
#include "log.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* 127.0.0.0/8, ::1 (or ::ffff:127.x) and "localhost": what never leaves
 * the machine. */
int
url_host_is_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (strcasecmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6) || (IN6_IS_ADDR_V4MAPPED(&a6) &&
		    a6.s6_addr[12] == 127);
	return 0;
}

/* The host of "scheme://[user[:pass]@]host[:port]/...", without
 * brackets; *userinfo = 1 if there is a part before '@'. */
void
url_host(const char *url, char *host, size_t n, int *userinfo)
{
	const char *a = strstr(url, "://"), *at, *end;
	size_t alen;

	host[0] = '\0';
	*userinfo = 0;
	if (a == NULL)
		return;
	a += 3;
	alen = strcspn(a, "/?#");
	end = a + alen;
	for (at = end; at > a && at[-1] != '@'; at--)
		;
	if (at > a) {
		*userinfo = 1;
		a = at;
	}
	if (*a == '[') {
		const char *rb = memchr(a, ']', (size_t)(end - a));

		if (rb != NULL) {
			snprintf(host, n, "%.*s", (int)(rb - a - 1), a + 1);
			return;
		}
	}
	snprintf(host, n, "%.*s", (int)strcspn(a, ":/?#"), a);
}

int
url_policy_check(const config *cfg, const char *section, const char *url,
    const char *secret, err_t *e)
{
	char host[256];
	int userinfo, allow;

	if (url == NULL || strncasecmp(url, "http://", 7) != 0)
		return 0;
	url_host(url, host, sizeof host, &userinfo);
	if (secret == NULL && userinfo)
		secret = "the user and password before '@'";
	if (secret == NULL || url_host_is_loopback(host))
		return 0;
	if (config_bool(cfg, section, "allow_insecure_http", 0, &allow, e) < 0)
		return -1;
	if (!allow)
		return err_set(e, "%s: [%s] url = http://%s...: %s would cross "
		    "the network unencrypted: use https://, or, on a network "
		    "you trust, set [%s] allow_insecure_http = yes",
		    config_path(cfg), section, host, secret, section);
	log_warn("%s: [%s] allow_insecure_http = yes: %s goes to %s "
	    "unencrypted", config_path(cfg), section, secret, host);
	return 0;
}
