/*
 * lint_portal.h - SRC/portal.txt: the address where the Département
 * serves the portal (`content site`), so that the QR codes of the kiosk
 * and the sheets lead to an offer's page there (portal.h).
 *
 *   # comments
 *   portal_url: https://www.example.fr/rsa/
 *
 * Left empty until the Département knows it: lint warns (W-PORTAL) that
 * the codes then lead to the partners' sites.  A folder without the
 * file has no portal, and lint says nothing of it.
 */
#ifndef MSD_LINT_PORTAL_H
#define MSD_LINT_PORTAL_H

#include "content/lint_report.h"
#include "content/lint_sources.h"

#define PORTAL_SRC_FILE "portal.txt"

/* Reads dir/portal.txt into s->portal_url ("" if absent or empty) and
 * checks it: W-PORTAL empty, E-URL not https or too long for a
 * version 4 QR code (portal_url_check), E-PORTAL a line that is not
 * "portal_url: ADDRESS". */
void lint_portal(lint_ctx *c, content_src *s, const char *dir);

/* The length of the longest MSD code of s, for portal_url_check(). */
size_t lint_longest_msd(const content_src *s);

#endif
