/*
 * lint_i18n.h - the translations held against the French (internal to
 * lint.c).
 *
 *   W-STALE       a translation made from another French text than
 *                 today's (its traduit_de differs), or with no traduit_de
 *   W-ORPHAN      a translation whose key no French text has any more
 *   W-UNTRANSLATED  per language: how many texts stay in French, by kind
 *   F1, F6        each translated text, in its language (F2-F5 are
 *                 French rules and are not applied)
 * E-LANG (a language without its own name) is reported by the loader.
 */
#ifndef MSD_LINT_I18N_H
#define MSD_LINT_I18N_H

#include "content/lint_sources.h"

void lint_i18n(lint_ctx *c, const content_src *s);

#endif
