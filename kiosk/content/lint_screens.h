/*
 * lint_screens.h - one meaning per pictogram among the choices of a screen.
 *
 * The choices a person sees together on one screen of the kiosk
 * (CONTENT.md): the themes, the rights pages, the answers of one
 * question, the offers of one theme.
 *
 * Two pictograms are the same when they show the same glyph, whatever
 * their names (ecole and msd are both f19c in pictos.csv).
 *   E-PICTODUP  two themes, two pages, or two answers of one question
 *               show the same pictogram (two answers with the same name
 *               are E-ANSWER already: the statistics tell answers apart
 *               by their name)
 *   W-PICTODUP  two offers of one theme show the same pictogram at an
 *               MSD where both are (a kiosk shows its MSD's offers only):
 *               offers within a theme get their own pictogram where one
 *               fits, so a warning
 */
#ifndef MSD_LINT_SCREENS_H
#define MSD_LINT_SCREENS_H

#include "content/lint_report.h"
#include "content/lint_sources.h"

/* Runs after the other checks: the themes sorted, each offer's
 * pictogram and MSDs resolved (lint_checks.h). */
void lint_check_screens(lint_ctx *c, const content_src *s);

#endif
