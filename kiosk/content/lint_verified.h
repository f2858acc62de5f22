/*
 * lint_verified.h - a text or a source that says its facts were verified
 * names who verified them.
 *
 * Honest dates (E-VERIFIED): the kiosk says "Écrit le ..., d'après ..."
 * (CONTENT.md), and the date of a page or an offer is the day its text
 * was written, not a check.  A writer may still say that someone checked
 * a fact, if the text names who: "vérifié par la CAF le 2 décembre",
 * "vérifiée avec votre MSD".
 *
 * A claim is the word vérifié, vérifiée, vérifiés, vérifiées or
 * verified, capitals and accents not minding ("VÉRIFIÉE", "verifiee"),
 * but for the twins of the verb now: "vérifie" and "vérifies" ("La CAF
 * vérifie vos ressources"), and "verifie" without its last accent, are
 * not claims.  It is named when, later in the same sentence, par, avec,
 * by or with comes before a word.
 */
#ifndef MSD_LINT_VERIFIED_H
#define MSD_LINT_VERIFIED_H

#include <stddef.h>

#include "content/lint_report.h"
#include "content/model.h"
#include "text.h"

/* E-VERIFIED when the word token i of ts is a claim that its sentence
 * does not name (lint_text() calls it on every word of a text). */
void lint_verified_word(lint_ctx *c, const char *file, const text_toks *ts,
    size_t i);

/* E-VERIFIED on a source (msd.csv, offers.csv, a page's source: lines):
 * each line of f is one source. */
void lint_verified_source(lint_ctx *c, const char *file, const src_field *f);

#endif
