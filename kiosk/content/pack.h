/*
 * pack.h - the content pack, read once into memory.
 *
 * A pack is small (a few hundred rows), so pack_open() reads it whole and
 * closes the SQLite file: the UI never waits on disk, and a pack swapped
 * on disk by the sync never changes what is on screen.  Open read-only;
 * refuses a file that is not a pack, fails SQLite's quick_check, or has
 * another schema version.  Strings are never NULL: "" when absent.
 * The rows (pack_msd, pack_offer...) are in model.h, beside the rows of
 * the sources and the table that describes both.
 */
#ifndef MSD_PACK_H
#define MSD_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "content/model.h"
#include "err.h"

/* PRAGMA user_version of a pack; its history is in schema/content.sql. */
#define PACK_SCHEMA_VERSION 3

/* The longest pack_open() may take: a pack near the sync's 64 MB bound
 * passes quick_check within it on a small kiosk; a hostile one is given
 * up instead of hanging the kiosk, the sync or `sheet`. */
#define PACK_OPEN_MAX_MS 20000L

/* Where a kiosk's pack lives when neither --content nor [kiosk] content
 * says otherwise (the sync replaces it there). */
#define PACK_DEFAULT_PATH "/var/lib/msd-kiosk/content.db"

/* Everything in display order (the `position` columns). */
typedef struct pack {
	char *path;
	long version;			/* meta 'version' */
	char *built_at;			/* meta 'built_at' */
	char *portal_url;		/* meta 'portal_url': where `content
					 * site` is served, "" if unknown */
	pack_picto *pictos;	size_t npictos;
	pack_msd *msds;		size_t nmsds;
	pack_theme *themes;	size_t nthemes;
	pack_page *pages;	size_t npages;
	pack_offer *offers;	size_t noffers;
	pack_gloss *gloss;	size_t ngloss;
	pack_question *questions; size_t nquestions;
	pack_lang *langs;	size_t nlangs;	/* French first */
	pack_tr *trs;		size_t ntrs;	/* by lang, then key */
	/* A pack in one language (i18n.h): the rows above are copies whose
	 * texts point into base's; NULL for the pack as read. */
	const struct pack *base;
	const char *lang;		/* its language code; "fr" as read */
	struct pack_view *view;		/* what the view owns (i18n.c) */
	/* Frees a view (pack_close() calls it): i18n.c's, so that the
	 * reader of packs needs nothing of the languages. */
	void (*view_free)(struct pack *view);
} pack;

/* The whole pack, or NULL + message.  A pack that is not plain data (a
 * view, a trigger, a virtual table), holds a value longer than
 * content_limits.h allows, or takes longer than max_ms to read is
 * refused.  pack_open() gives it PACK_OPEN_MAX_MS. */
pack *pack_open(const char *path, err_t *e);
pack *pack_open_within(const char *path, long max_ms, err_t *e);
/* The same checks but quick_check of the audio clips' table: what the
 * kiosk shows, a pack that the build, the publish or the sync opened with
 * pack_open() before (a --content file too is checked whole but for its
 * clips).  A damaged clip fails when it is read (audio/stream.c). */
pack *pack_open_to_show(const char *path, err_t *e);
void pack_close(pack *p);

const pack_msd *pack_msd_find(const pack *p, const char *code);
const pack_theme *pack_theme_find(const pack *p, const char *id);
const pack_page *pack_page_find(const pack *p, const char *id);
const pack_offer *pack_offer_find(const pack *p, const char *id);
/* Code point of a pictogram name; 0xF059 (question mark) if unknown. */
uint32_t pack_picto_cp(const pack *p, const char *name);
/* 1 if the offer exists at that MSD (msd NULL: everywhere = 1). */
int pack_offer_at(const pack_offer *o, const char *msd);

#endif
