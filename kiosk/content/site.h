/*
 * site.h - `msd-kiosk content site PACK -o DIR`: the FALC portal, a
 * static web site made from the content pack, that any web server can
 * serve.  Its pages are in site_pages.h, its fonts in site_fonts.h, the
 * addresses the QR codes use in portal.h.
 *
 * The site is written into a hidden folder beside DIR and renamed into
 * place when complete (exchanged with the previous site in one step when
 * there is one): a web server serving DIR sees the old site or the new,
 * never half of one.
 */
#ifndef MSD_SITE_H
#define MSD_SITE_H

#include <stddef.h>

#include "content/pack.h"
#include "content/site_fonts.h"
#include "err.h"
#include "strbuf.h"

/* What a site weighs, for the budget of old phones on weak networks. */
struct site_report {
	size_t npages;		/* HTML files */
	size_t largest;		/* the heaviest page, with the stylesheet */
	size_t median;		/* the median page, with the stylesheet */
	size_t css;		/* s.css */
	size_t fonts;		/* the three fonts together */
	char largest_path[128];
};

/* The budget (issue 14): a page with its stylesheet, and the fonts. */
#define SITE_PAGE_BUDGET	(30 * 1024)
#define SITE_FONTS_BUDGET	(80 * 1024)

/* The marker file that says a folder is a site written here: only such
 * a folder (or an empty one) is replaced. */
#define SITE_MARKER ".msd-site"

/* Writes the site of p into dir.  0; -1 + message on a failure of the
 * machine (disk, missing tool: exit 1); -2 + message on bad input (a
 * folder that cannot be written or is not a site, a pack whose ids
 * cannot be file names: exit 2).  On failure dir is as it was. */
int site_write(const pack *p, const char *dir, struct site_report *r,
    err_t *e);

/* Removes dir if it is a site written by site_write() (its marker is
 * there); -1 otherwise or on failure. */
int site_remove(const char *dir);
/* Removes what an interrupted site_write() left: a folder named
 * .NAME.tmp-XXXXXX (it may have no marker yet); -1 for another name. */
int site_remove_leftover(const char *path);

/* `content publish` (publish.c), once the pack is in DIR as pack_file:
 * the site of that pack as DIR/site-VERSION, then DIR/site, a symbolic
 * link, renamed to point at it in one step; sites older than the one it
 * pointed to before are removed (a phone may still be reading that
 * one).  Done before the new manifest: when a kiosk shows codes of the
 * new pack, their pages are already served.  r says what was written.
 * -1 + message (the link and the served site unchanged). */
int site_publish(const char *dir, const char *pack_file, long version,
    struct site_report *r, err_t *e);

/* The stylesheet, naming the fonts f (site_css.c). */
void site_css(strbuf *b, const struct site_fonts *f);

/* content site PACK -o DIR (argv[0] is "site"): the exit status. */
int content_site(int argc, char **argv);

#endif
