/*
 * lint.h - `msd-kiosk content lint`: the content sources of
 * assets/content/ (format: assets/content/README.md), loaded and checked
 * against the FALC rules F1-F8 of CONTENT.md and for integrity.
 *
 * Every problem is a diagnostic `FILE:LINE: CODE message`.  Codes:
 *   F1..F8   the FALC rules (errors)
 *   E-...    integrity errors: E-FILE unreadable file, E-CSV malformed CSV,
 *            E-COL missing column, E-EMPTY required cell empty, E-ID bad
 *            id, E-DUP id used twice, E-THEME unknown theme, E-MSD offer in
 *            no MSD or unknown MSD code, E-PICTO unknown pictogram, E-URL
 *            web address not https, E-QR payload neither https:// nor tel:,
 *            E-DATE bad date (the day the text was written), E-ORDER
 *            `ordre` not a number, E-ANSWER bad answer list, E-YESNO a cell
 *            that is neither oui nor non, E-PAGE bad page header, E-UTF8
 *            page not UTF-8, E-LONG a value longer than content_limits.h
 *            allows, E-VERIFIED a text or a source says "vérifié" without
 *            naming who verified, E-PICTODUP two themes, two pages or two
 *            answers of a question show the same pictogram, E-PORTAL a
 *            line of portal.txt that is not `portal_url: ADDRESS`
 *            (lint_portal.h)
 *   W-...    warnings, which never fail: W-EMPTY an MSD's address, phone or
 *            hours empty, W-MSD one of the seven MSDs missing or an unknown
 *            one, W-F8 glossary word used nowhere, W-THEME theme with no
 *            offer, W-FILE file ignored in pages/, W-QR a QR address that
 *            is a site's front page, W-PICTODUP two offers of a theme show
 *            the same pictogram at one MSD, W-PORTAL portal_url empty
 *            (the QR codes lead off-site)
 *
 * The parts, each with its header:
 *   lint_report.h   the context: diagnostics (lint_init, lint_report...)
 *   lint_text.h     F1-F6 on one text, and how F1 counts words and
 *                   sentences (lint_words, lint_sentences, lint_text...)
 *   lint_sources.h  the sources loaded into structs (content_src_load)
 *   lint_verified.h honest dates: a claim of a check names who made it
 *   lint_checks.h   integrity, F7 and F8 on the loaded sources (internal)
 *   lint_screens.h  one meaning per pictogram on a screen (internal)
 * This header gives the first three; it adds the whole run.
 */
#ifndef MSD_LINT_H
#define MSD_LINT_H

#include "content/lint_report.h"
#include "content/lint_sources.h"
#include "content/lint_text.h"

/* Checks F1-F8 and integrity; sorts themes and questions by `ordre` and
 * resolves each offer's pictogram and MSDs (for the build). */
void lint_check(lint_ctx *c, content_src *s);

/* load + check + the summary line "N errors, N warnings in N files" on
 * c->out.  Returns the sources (free them) even when errors were found. */
content_src *lint_run(const char *dir, const char *pictos, lint_ctx *c);

#endif
