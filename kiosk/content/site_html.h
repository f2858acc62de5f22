/*
 * site_html.h - writing one page of the portal (site.h): markup, text a
 * person reads (escaped, and its characters noted for the fonts), the
 * glossary's words linked where they stand, the pages' light markup,
 * pictograms with their alternative text.
 */
#ifndef MSD_SITE_HTML_H
#define MSD_SITE_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "content/pack.h"
#include "strbuf.h"

/* The characters a site shows, to subset its fonts to them: one bit per
 * code point of the Basic Multilingual Plane (Andika and FontAwesome
 * have nothing beyond it). */
typedef struct site_chars {
	unsigned char bit[0x10000 / 8];
} site_chars;

void site_chars_add(site_chars *c, uint32_t cp);
int site_chars_has(const site_chars *c, uint32_t cp);

/* One page being written. */
typedef struct html {
	strbuf b;
	const pack *p;			/* in the page's language (i18n.h) */
	const pack *base;		/* the pack as read: its languages */
	const char *rel;		/* the page's path in its language's
					 * folder ("chambery/mots.html"), for
					 * its other languages' addresses */
	site_chars *text, *icons;	/* shared by every page of the site */
	site_chars *names;		/* right-to-left languages' own names
					 * (a font of their own: site_fonts.h);
					 * NULL: into text */
	unsigned char *gseen;		/* glossary entries linked already */
	int *gorder;			/* ... in the order they appear */
	char **gform;			/* ... as the text wrote them */
	size_t ng;
} html;

/* A page of p (base: p's base, or p itself), rel "" until set. */
void html_begin(html *h, const pack *p, site_chars *text,
    site_chars *icons);
void html_free(html *h);

/* Markup: tags and attributes, no text a person reads. */
void html_raw(html *h, const char *markup);
void html_rawf(html *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Text a person reads, escaped; its characters go to the text font. */
void html_text(html *h, const char *s);
void html_textn(html *h, const char *s, size_t n);
/* The same with its characters noted in chars. */
void html_text_in(html *h, const char *s, site_chars *chars);
/* French text on a page of another language (an MSD's name, the
 * sources, a text not translated yet): in <span lang="fr" dir="ltr">,
 * so that a screen reader says it as French and, on an Arabic page, its
 * full stop stays at its end; as html_text (html_linked if linked) on a
 * French page. */
void html_french(html *h, const char *s, int linked);
/* s, a text of h->p, which is French when it is the base's text fr (the
 * language has no translation of it: i18n_localize() left it). */
void html_text_or_french(html *h, const char *s, const char *fr);
/* Inside an attribute's double quotes (read aloud, not drawn). */
void html_attr(html *h, const char *s);
/* Text whose glossary words are links to their explanation at the end
 * of the page (html_gloss_end): the first time each appears on the
 * page only (CONTENT.md), so that a page does not turn blue. */
void html_linked(html *h, const char *s);
/* A page's or an offer's text (markup.h): paragraphs, "## " subtitles
 * as <h2>, "- " items as lists; glossary words linked. */
void html_blocks(html *h, const char *body);
/* The pictogram cp, as an image whose alternative text is label (in
 * French, pictos.csv having no translations: lang="fr" on a page in
 * another language, so that a screen reader says it as French). */
void html_picto(html *h, uint32_t cp, const char *label);
/* The pictogram of the pack named name, with its label ("une
 * mallette: le travail"). */
void html_picto_named(html *h, const char *name);
/* The same with only what it shows ("une maison"), for the site's own
 * buttons: the label's meaning may be the kiosk's ("retour à l'accueil
 * de la borne") while the text beside it says what the button does. */
void html_picto_plain(html *h, const char *name);
/* The explanations of the words linked on this page, each with a link
 * back to where it stands; nothing if none was. */
void html_gloss_end(html *h);

#endif
