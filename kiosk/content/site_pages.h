/*
 * site_pages.h - the pages of the portal, one function each, as HTML
 * into h (site_html.h).  Addresses are relative, so that the site works
 * wherever it is served; every page of an MSD links to that MSD's pages
 * only.  The folders (portal.h for an offer's):
 *
 *   index.html            choose your MSD
 *   MSD/index.html        its home: contact, rights pages, themes
 *   MSD/p/PAGE.html       a rights-and-duties page ("Qui appeler" with
 *                         the MSD's contact)
 *   MSD/t/THEME.html      the offers of a theme at that MSD
 *   MSD/o/KEY.html        one offer
 *   MSD/mots.html         the glossary
 */
#ifndef MSD_SITE_PAGES_H
#define MSD_SITE_PAGES_H

#include "content/pack.h"
#include "content/site_html.h"

/* The page of a "Qui appeler" kind: it shows the MSD's contact too. */
#define SITE_CALL_PAGE "qui-appeler"

/* 1 if the theme has an offer at that MSD (it has a page there). */
int site_theme_at(const pack *p, const pack_theme *t, const char *msd);

void page_top(html *h);
void page_home(html *h, const pack_msd *m);
void page_rights(html *h, const pack_msd *m, const pack_page *pg);
void page_theme(html *h, const pack_msd *m, const pack_theme *t);
void page_offer(html *h, const pack_msd *m, const pack_offer *o);
void page_glossary(html *h, const pack_msd *m);

#endif
