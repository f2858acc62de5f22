/*
 * content_limits.h - the longest value each content field may hold, in
 * bytes of UTF-8.  One table for the three places that must agree:
 * `content lint` reports a longer source value (E-LONG), `content build`
 * refuses to write one, and pack_open() refuses a pack that holds one
 * (a pack may come from anywhere: a 10 MB MSD name made `sheet` lay out
 * text for minutes).  The figures leave room: the longest values of
 * assets/content/ are about a tenth of them.
 */
#ifndef MSD_CONTENT_LIMITS_H
#define MSD_CONTENT_LIMITS_H

/* Ids, MSD codes, pictogram names, dates, `ordre`. */
#define CONTENT_MAX_ID		64
/* One line on screen or paper: titles, names, territory, address, phone,
 * hours, a source, a QR payload, a pictogram's label, an answer. */
#define CONTENT_MAX_LINE	400
/* A few sentences: summaries, for whom, cost, how, contact, glossary
 * explanations and variants, questions, a question's answer list, a
 * page's sources (one per line). */
#define CONTENT_MAX_TEXT	4000
/* A page's or an offer's text. */
#define CONTENT_MAX_BODY	65536

#endif
