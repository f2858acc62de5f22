/*
 * template.h - the text of a reminder, from a per-MSD template.
 *
 * Fields: {date} "jeudi 3 décembre", {heure} "14 h 30", {lieu}, {msd}
 * (the MSD's name), {tel_msd}.  A part in [brackets] is dropped when a
 * field inside it is empty, so that "[, {lieu}]" leaves no dangling comma.
 */
#ifndef MSD_TEMPLATE_H
#define MSD_TEMPLATE_H

#include <time.h>

#include "err.h"

struct template_vars {
	time_t at;
	const char *lieu, *msd, *tel_msd;
};

/* Refuses unknown fields, unbalanced brackets, and words that would tell
 * whoever sees the phone about the person's situation (rSa, insertion,
 * allocation...). */
int template_check(const char *tpl, err_t *e);

/* Renders a checked template; returns a new string. */
char *template_render(const char *tpl, const struct template_vars *v);

#endif
