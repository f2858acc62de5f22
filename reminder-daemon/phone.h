/*
 * phone.h - telephone numbers as people write them in French agendas.
 */
#ifndef MSD_PHONE_H
#define MSD_PHONE_H

#include <stddef.h>

enum phone_kind { PHONE_MOBILE, PHONE_LANDLINE };

/* Normalises "06 12 34 56 78", "06.12.34.56.78", "+33 (0)6 12…", "0033 6…",
 * "612345678" (a spreadsheet ate the 0), "+41 79 123 45 67" to E.164
 * ("+33612345678") in out (at least 17 bytes).  French 06/07 numbers are
 * mobiles; 01-05, 08, 09 are not (no SMS).  Swiss 07x and Italian 3xx are
 * mobiles; other foreign numbers are kept as given and tried.  A "(0)"
 * is dropped only once and right after the country code ("+33 (0)6…");
 * anywhere else, like any bracket or character but digits, spaces, dots,
 * dashes, slashes and no-break spaces, the number is refused, not guessed.
 * Returns 0, or -1 with a reason in why (a static string). */
int phone_normalize(const char *in, char *out, size_t n, enum phone_kind *kind,
    const char **why);

/* "+33 6•• •• •• 78": enough for staff to recognise, not to call.
 * out needs at least 40 bytes. */
void phone_mask(const char *e164, char *out, size_t n);

#endif
