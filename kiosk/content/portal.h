/*
 * portal.h - the portal's addresses, shared by the site that `content
 * site` writes and by the QR codes that lead into it.
 *
 * An offer's page for an MSD is MSD/o/KEY.html, KEY five letters or
 * digits that depend only on the offer's id.  Not the id itself: the
 * longest ids (30 characters) under the longest MSD code would make a
 * QR code of version 5 even with a loopback portal address, and a code
 * must stay at version 4 (62 bytes at level M) to scan well at 26 mm.
 * The key never changes while the id does not, so printed sheets keep
 * working from one pack to the next.
 */
#ifndef MSD_PORTAL_H
#define MSD_PORTAL_H

#include <stddef.h>

#include "content/pack.h"

#define PORTAL_KEY_LEN	5

/* Longest portal address + path that still fits a version 4 QR code at
 * level M (byte mode). */
#define PORTAL_QR_MAX	62

/* KEY of the offer id into key (at least PORTAL_KEY_LEN + 1 bytes). */
void portal_offer_key(const char *offer_id, char *key);

/* "MSD/o/KEY.html" into out.  -1 if it does not fit. */
int portal_offer_path(const char *msd, const char *offer_id, char *out,
    size_t n);

/* base ("https://x.fr/rsa" or ".../rsa/") + "/" + the offer's path into
 * out.  -1 if it does not fit. */
int portal_offer_url(const char *base, const char *msd,
    const char *offer_id, char *out, size_t n);

/* 0 if url may be the portal's address: https://, or http:// to this
 * machine (127.0.0.1, localhost, [::1]: tests and demos); no space,
 * quote, '?' or '#'; short enough that url + "/" + the longest offer
 * path, under an MSD code of longest_msd bytes, fits PORTAL_QR_MAX.
 * Else -1 and why (a sentence to follow "portal_url ") into why. */
int portal_url_check(const char *url, size_t longest_msd, char *why,
    size_t n);

/* What an offer's QR code carries: its page on the portal at that MSD
 * (msd NULL or not one of the offer's: its first) when portal_url is
 * set and good, written into buf; else the offer's own qr (a partner's
 * https address or a tel: number), as before the portal. */
const char *portal_qr(const char *portal_url, const char *msd,
    const pack_offer *o, char *buf, size_t n);

#endif
