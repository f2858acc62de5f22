/*
 * portal.c - the portal's addresses (see portal.h).
 */
#include "content/portal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

void
portal_offer_key(const char *offer_id, char *key)
{
	/* Lowercase and digits without 0, 1, i, l, o: nothing to misread
	 * if someone copies the address by hand. */
	static const char digits[] = "23456789abcdefghjkmnpqrstuvwxyz";
	/* FNV-1a, 64 bits: defined in a few lines, so that the address of
	 * an offer never depends on a library's version. */
	uint64_t v = 0xcbf29ce484222325ULL;

	for (const unsigned char *p = (const unsigned char *)offer_id; *p;
	    p++) {
		v ^= *p;
		v *= 0x100000001b3ULL;
	}
	for (int i = 0; i < PORTAL_KEY_LEN; i++) {
		key[i] = digits[v % (sizeof digits - 1)];
		v /= sizeof digits - 1;
	}
	key[PORTAL_KEY_LEN] = '\0';
}

int
portal_offer_path(const char *msd, const char *offer_id, char *out,
    size_t n)
{
	char key[PORTAL_KEY_LEN + 1];

	portal_offer_key(offer_id, key);
	if ((size_t)snprintf(out, n, "%s/o/%s.html", msd, key) >= n)
		return -1;
	return 0;
}

int
portal_offer_url(const char *base, const char *msd, const char *offer_id,
    char *out, size_t n)
{
	char path[256];
	size_t bl = strlen(base);
	const char *slash = bl > 0 && base[bl - 1] == '/' ? "" : "/";

	if (portal_offer_path(msd, offer_id, path, sizeof path) < 0)
		return -1;
	if ((size_t)snprintf(out, n, "%s%s%s", base, slash, path) >= n)
		return -1;
	return 0;
}
