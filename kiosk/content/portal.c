/*
 * portal.c - the portal's addresses (see portal.h).
 */
#include "content/portal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The offer path's length beside its MSD code: "/o/" KEY ".html". */
#define PATH_TAIL	(3 + PORTAL_KEY_LEN + 5)

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

int
portal_url_check(const char *url, size_t longest_msd, char *why, size_t n)
{
	static const char *const loopback[] = { "http://127.0.0.1",
	    "http://localhost", "http://[::1]" };
	size_t len = strlen(url), total;
	int local = 0;

	for (size_t i = 0; i < sizeof loopback / sizeof *loopback; i++) {
		size_t k = strlen(loopback[i]);

		if (strncmp(url, loopback[i], k) == 0 &&
		    (url[k] == '/' || url[k] == ':' || url[k] == '\0'))
			local = 1;
	}
	if (strncmp(url, "https://", 8) != 0 && !local) {
		if (why)
			snprintf(why, n, "'%s' is not an https:// address (a "
			    "phone opens it from a QR code: http:// is only for "
			    "tests on this machine)", url);
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("\"'<>\\?#", *p)) {
			if (why)
				snprintf(why, n, "'%s' has a character a QR "
				    "address cannot carry as it is: '%c' (give "
				    "the folder's address, no query, no #)", url,
				    *p >= 0x20 && *p < 0x7f ? *p : '?');
			return -1;
		}
	total = len + (len && url[len - 1] == '/' ? 0 : 1) + longest_msd +
	    PATH_TAIL;
	if (total > PORTAL_QR_MAX) {
		size_t over = total - PORTAL_QR_MAX;

		if (why)
			snprintf(why, n, "'%s' is too long: with the longest "
			    "offer address it makes %zu characters, and a QR code "
			    "of version 4 (easy to scan at 26 mm) holds %d: use "
			    "an address of at most %zu characters", url, total,
			    PORTAL_QR_MAX, over < len ? len - over : 0);
		return -1;
	}
	return 0;
}

const char *
portal_qr(const char *portal_url, const char *msd, const pack_offer *o,
    char *buf, size_t n)
{
	if (portal_url == NULL || *portal_url == '\0')
		return o->qr;
	if (msd == NULL || !pack_offer_at(o, msd))
		msd = o->nmsds > 0 ? o->msds[0] : NULL;
	/* A pack is checked when built, but may come from elsewhere: an
	 * address that does not pass is not put in a code. */
	if (msd == NULL || portal_url_check(portal_url, strlen(msd), NULL,
	    0) < 0 || portal_offer_url(portal_url, msd, o->id, buf, n) < 0)
		return o->qr;
	return buf;
}
