/*
 * sms.h - what one message costs: GSM-7 or UCS-2, and how many segments.
 *
 * A message of GSM-7 characters holds 160 per segment (153 when split);
 * one character outside it (ê, ç, ’, an emoji) turns the whole message to
 * UCS-2: 70 per segment (67 when split).  The extension characters
 * ^ { } \ [ ] ~ | € take two GSM-7 places.
 */
#ifndef MSD_SMS_H
#define MSD_SMS_H

#include <stddef.h>

struct sms_cost {
	int ucs2;		/* 1 if the text needs UCS-2 */
	int units;		/* septets (GSM-7) or UTF-16 code units (UCS-2) */
	int segments;
};

void sms_cost(const char *utf8, struct sms_cost *c);

/* Replaces the characters outside GSM-7 that have a close GSM-7 form
 * (ê→e, â→a, î→i, ô→o, û→u, ë→e, ï→i, ç→Ç, œ→oe, ’→', « »→", –→-, …→...,
 * non-breaking spaces) so that a French text stays GSM-7.  Returns a new
 * string. */
char *sms_transliterate(const char *utf8);

#endif
