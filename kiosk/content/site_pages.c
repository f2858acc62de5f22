/*
 * site_pages.c - the portal's pages (see site_pages.h).
 *
 * Every page has the same frame: a link to skip to the text, a header
 * with the MSD's name and the way back, the text in <main>, the "Écrit
 * le ..., d'après ..." line, the explanation of its difficult words, and
 * a footer that says the site keeps nothing.  Buttons are links styled
 * at least 48 CSS pixels high (s.css); phone numbers are tel: links.
 */
#include "content/site_pages.h"
#include "content/i18n.h"
#include "content/portal.h"
#include "strbuf.h"
#include "utf8.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBSP "\xc2\xa0"

/* From a page `depth` folders below the top, back to the top. */
static const char *
up(int depth)
{
	static const char *const ups[] = { "", "../", "../../", "../../../" };

	return ups[depth];
}

/* 1 if h is a page of the French site (the site's top folder), 0 if of
 * a language's folder (one more level). */
static int
in_french(const html *h)
{
	return h->p->lang == NULL || strcmp(h->p->lang, "fr") == 0;
}

/* From a page `depth` folders below its language's folder, back to the
 * site's top (where s.css and the French pages are). */
static const char *
to_top(const html *h, int depth)
{
	return up(depth + !in_french(h));
}

/* The address of this page in language l: relative, or absolute from
 * the portal's address when the pack knows it (search engines want
 * hreflang addresses whole). */
static void
lang_href(html *h, int depth, const pack_lang *l, int absolute)
{
	const char *url = h->base->portal_url;
	size_t n = strlen(url);

	if (absolute && n > 0)
		html_attr(h, url), html_raw(h, url[n - 1] == '/' ? "" : "/");
	else
		html_raw(h, to_top(h, depth));
	if (strcmp(l->code, "fr") != 0)
		html_rawf(h, "%s/", l->code);
	html_attr(h, h->rel);
}

/* <html>'s language and direction, and the other languages' versions
 * of the page for search engines (x-default: the French). */
static void
html_open(html *h)
{
	const pack_lang *l = i18n_lang(h->p, h->p->lang);

	html_rawf(h, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n",
	    l ? l->code : "fr", l && l->rtl ? "rtl" : "ltr");
}

static void
alternates(html *h, int depth)
{
	const pack *b = h->base;

	if (b->nlangs < 2)
		return;
	for (size_t i = 0; i < b->nlangs; i++) {
		html_rawf(h, "<link rel=\"alternate\" hreflang=\"%s\" href=\"",
		    b->langs[i].code);
		lang_href(h, depth, &b->langs[i], 1);
		html_raw(h, "\">\n");
	}
	html_raw(h, "<link rel=\"alternate\" hreflang=\"x-default\" href=\"");
	lang_href(h, depth, &b->langs[0], 1);
	html_raw(h, "\">\n");
}

/* The language switcher: each language by its own name in its own
 * script, with its lang (read aloud in that language), never a flag. */
static void
switcher(html *h, int depth)
{
	const pack *b = h->base;

	if (b->nlangs < 2)
		return;
	html_raw(h, "<nav class=\"langs\" aria-label=\"");
	html_attr(h, i18n_ui(h->p, "portal.langues"));
	html_raw(h, "\">\n<ul>\n");
	for (size_t i = 0; i < b->nlangs; i++) {
		const pack_lang *l = &b->langs[i];

		html_rawf(h, "<li><a lang=\"%s\" hreflang=\"%s\" dir=\"%s\" "
		    "href=\"", l->code, l->code, l->rtl ? "rtl" : "ltr");
		lang_href(h, depth, l, 0);
		html_raw(h, "\"");
		if (strcmp(l->code, h->p->lang ? h->p->lang : "fr") == 0)
			html_raw(h, " aria-current=\"page\"");
		html_raw(h, ">");
		html_text_in(h, l->name, l->rtl && h->names ? h->names :
		    h->text);
		html_raw(h, "</a></li>\n");
	}
	html_raw(h, "</ul>\n</nav>\n");
}

/* ------------------------------------------------------------ frame */

/* The page's frame up to its header.  m names the MSD in the title and
 * the header; on the MSD's home (home = 1) the header says the
 * Département instead, as the <h1> already gives the MSD's name. */
static void
head(html *h, int depth, const char *title, const pack_msd *m, int home)
{
	html_open(h);
	html_raw(h, "<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    /* Nothing but our own style and fonts may load, and a partner's
	     * site is not told which page sent the person there. */
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'self'; font-src 'self'\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
	html_text(h, title);
	if (m != NULL) {
		html_text(h, " - ");
		html_text(h, m->name);
	}
	html_rawf(h, "</title>\n<link rel=\"stylesheet\" href=\"%ss.css\">\n",
	    to_top(h, depth));
	alternates(h, depth);
	html_raw(h, "</head>\n<body>\n<a class=\"skip\" href=\"#texte\">");
	html_text(h, i18n_ui(h->p, "portal.aller-au-texte"));
	html_raw(h, "</a>\n<header>\n");
	switcher(h, depth);
	html_raw(h, "<p class=\"site\">");
	html_picto_plain(h, "msd");
	html_text(h, " ");
	if (m && !home)
		html_french(h, m->name, 0);
	else
		html_text(h, i18n_ui(h->p, "departement"));
	html_raw(h, "</p>\n");
}

/* The way back: the MSD's home, and the page above when it is another
 * (an offer's theme). */
static void
nav(html *h, int depth, const char *back_href, const char *back_title)
{
	char back[512];

	html_raw(h, "<nav aria-label=\"");
	html_attr(h, i18n_ui(h->p, "portal.revenir"));
	html_rawf(h, "\">\n<a class=\"n\" href=\"%sindex.html\">",
	    depth == 2 ? "../" : "");
	html_picto_plain(h, "accueil");
	html_text(h, " ");
	html_text(h, i18n_ui(h->p, "accueil"));
	html_raw(h, "</a>\n");
	if (back_href != NULL) {
		html_rawf(h, "<a class=\"n back\" href=\"%s\">", back_href);
		html_picto_plain(h, "retour");
		html_text(h, " ");
		html_text(h, i18n_uif(h->p, "portal.retour", back, sizeof back,
		    "page", back_title, NULL));
		html_raw(h, "</a>\n");
	}
	html_raw(h, "</nav>\n");
}

static void
main_begin(html *h, const char *picto, const char *title, int fr)
{
	html_raw(h, "</header>\n<main id=\"texte\">\n<h1>");
	if (picto != NULL) {
		html_picto_named(h, picto);
		html_text(h, " ");
	}
	if (fr)
		html_french(h, title, 0);
	else
		html_text(h, title);
	html_raw(h, "</h1>\n");
}

static void
end(html *h, const pack_msd *m, int depth)
{
	char v[256], num[32];

	html_gloss_end(h);
	html_raw(h, "</main>\n<footer>\n");
	if (m != NULL) {
		html_rawf(h, "<p><a class=\"n\" href=\"%sindex.html\">",
		    up(depth));
		html_picto_plain(h, "lieu");
		html_text(h, " ");
		html_text(h, i18n_ui(h->p, "portal.autre-maison"));
		html_raw(h, "</a></p>\n");
	}
	html_raw(h, "<p>");
	html_text(h, i18n_ui(h->p, "portal.pied"));
	/* Which pack it was made from, for staff who compare with a kiosk's
	 * staff menu. */
	snprintf(num, sizeof num, "%ld", h->p->version);
	i18n_uif(h->p, "portal.version", v, sizeof v, "version", num, NULL);
	html_raw(h, "</p>\n<p class=\"v\">");
	html_text(h, v);
	html_raw(h, "</p>\n</footer>\n</body>\n</html>\n");
}

/* "Écrit le 2 décembre 2026, d'après : SOURCE" (one source) or a list:
 * the kiosk's words (ecrit-le, date). */
static void
written(html *h, const char *reviewed_on, const char *sources)
{
	char day[64], line[256];
	size_t n;

	i18n_day_iso(h->p, reviewed_on, day, sizeof day);
	i18n_uif(h->p, "ecrit-le", line, sizeof line, "date", day, NULL);
	html_raw(h, "<div class=\"ecrit\">\n<p>");
	html_text(h, line);
	/* The sources are documents in French. */
	if (strchr(sources, '\n') == NULL) {
		html_text(h, " ");
		html_french(h, sources, 0);
		html_raw(h, "</p>\n</div>\n");
		return;
	}
	html_raw(h, "</p>\n<ul>\n");
	for (const char *s = sources; *s; s += n + (s[n] == '\n')) {
		n = strcspn(s, "\n");
		if (n == 0)
			continue;
		char *one = xstrndup(s, n);

		/* lang and dir inside the item, not on it: an item left to
		 * right in a list right to left has its bullet on the left,
		 * outside the list. */
		html_raw(h, "<li>");
		html_french(h, one, 0);
		html_raw(h, "</li>\n");
		free(one);
	}
	html_raw(h, "</ul>\n</div>\n");
}

/* A tile: a big link with a pictogram, a title and maybe a sentence. */
static void
tile(html *h, const char *href, const char *picto, const char *title,
    const char *sub, int fr)
{
	const char *mark = fr && !in_french(h) ? " lang=\"fr\" dir=\"ltr\"" : "";

	html_raw(h, "<li><a href=\"");
	html_attr(h, href);
	html_raw(h, "\">");
	html_picto_named(h, picto);
	html_rawf(h, " <span class=\"tt\"%s>", mark);
	html_text(h, title);
	html_raw(h, "</span>");
	if (sub != NULL && *sub) {
		html_rawf(h, " <span class=\"sub\"%s>", mark);
		html_text(h, sub);
		html_raw(h, "</span>");
	}
	html_raw(h, "</a></li>\n");
}

static void
subtitle(html *h, const char *picto, const char *title)
{
	html_raw(h, "<h2>");
	html_picto_named(h, picto);
	html_text(h, " ");
	html_text(h, title);
	html_raw(h, "</h2>\n");
}

/* ------------------------------------------------------------ buttons */

/* "tel:" and 1 to 20 digits (a '+' first allowed), else 0. */
static int
tel_ok(const char *q)
{
	size_t n;

	if (strncmp(q, "tel:", 4) != 0)
		return 0;
	q += 4 + (q[4] == '+');
	n = strspn(q, "0123456789");
	return n > 0 && n <= 20 && q[n] == '\0';
}

/* The number of tel:+33480760015 as people write it: 04 80 76 00 15;
 * 3949 as 39 49; 115 as it is.  No-break spaces: a number never wraps. */
static void
tel_shown(const char *tel, char *out, size_t n)
{
	char d[32];
	size_t len = 0, k;

	tel += 4;
	if (strncmp(tel, "+33", 3) == 0 && strlen(tel) == 12)
		snprintf(d, sizeof d, "0%s", tel + 3);
	else
		snprintf(d, sizeof d, "%s", tel);
	k = strlen(d);
	if (d[0] == '+' || (k != 10 && k != 4)) {
		snprintf(out, n, "%s", d);
		return;
	}
	out[0] = '\0';
	for (size_t i = 0; i < k && len + 4 < n; i += 2) {
		if (i > 0)
			len += (size_t)snprintf(out + len, n - len, NBSP);
		len += (size_t)snprintf(out + len, n - len, "%.2s", d + i);
	}
}

static void
call_button(html *h, const char *tel)
{
	char shown[64], text[256];

	tel_shown(tel, shown, sizeof shown);
	html_raw(h, "<p><a class=\"b\" href=\"");
	html_attr(h, tel);
	html_raw(h, "\">");
	html_picto_plain(h, "telephone");
	html_text(h, " ");
	html_text(h, i18n_uif(h->p, "portal.appeler", text, sizeof text,
	    "numero", shown, NULL));
	html_raw(h, "</a></p>\n");
}

/* An https address with nothing a browser would read otherwise (no
 * space, quote or control character), else 0. */
static int
https_ok(const char *u)
{
	if (strncmp(u, "https://", 8) != 0 || u[8] == '\0')
		return 0;
	for (const unsigned char *p = (const unsigned char *)u; *p; p++)
		if (*p <= ' ' || *p == '"' || *p == '<' || *p == '>' ||
		    *p == '\\' || *p == 0x7f)
			return 0;
	return 1;
}

static void
site_button(html *h, const char *url)
{
	const char *host = url + 8;
	size_t n = strcspn(host, "/?#");
	char name[256], text[512];

	html_raw(h, "<p><a class=\"b\" href=\"");
	html_attr(h, url);
	html_raw(h, "\">");
	html_picto_plain(h, "site");
	html_text(h, " ");
	snprintf(name, sizeof name, "%.*s", (int)n, host);
	html_text(h, i18n_uif(h->p, "portal.aller-sur", text, sizeof text,
	    "site", name, NULL));
	html_raw(h, "</a></p>\n");
}

/* "tel:" and the digits of a number written "04 79 12 34 56". */
static int
tel_of(const char *phone, char *out, size_t n)
{
	size_t k = (size_t)snprintf(out, n, "tel:");

	for (const char *p = phone; *p && k + 1 < n; p++)
		if (isdigit((unsigned char)*p) || (*p == '+' && k == 4))
			out[k++] = *p;
	out[k] = '\0';
	return tel_ok(out);
}

/* The MSD's address, phone and hours, those that are known. */
static int
msd_contact(html *h, const pack_msd *m)
{
	char tel[48], text[256];

	if (!*m->address && !*m->phone && !*m->hours)
		return 0;
	subtitle(h, "msd", i18n_ui(h->p, "maison-sociale"));
	if (*m->address) {
		html_raw(h, "<p>");
		html_picto_named(h, "lieu");
		html_text(h, " ");
		html_french(h, m->address, 0);
		html_raw(h, "</p>\n");
	}
	if (*m->hours) {
		html_raw(h, "<p>");
		html_picto_named(h, "horaires");
		html_text(h, " ");
		html_french(h, m->hours, 1);
		html_raw(h, "</p>\n");
	}
	if (*m->phone && tel_of(m->phone, tel, sizeof tel)) {
		html_raw(h, "<p><a class=\"b\" href=\"");
		html_attr(h, tel);
		html_raw(h, "\">");
		html_picto_plain(h, "telephone");
		html_text(h, " ");
		html_text(h, i18n_uif(h->p, "portal.appeler-maison", text,
		    sizeof text, "numero", m->phone, NULL));
		html_raw(h, "</a></p>\n");
	}
	return 1;
}

/* ------------------------------------------------------------ pages */

int
site_theme_at(const pack *p, const pack_theme *t, const char *msd)
{
	for (size_t i = 0; i < p->noffers; i++)
		if (strcmp(p->offers[i].theme, t->id) == 0 &&
		    pack_offer_at(&p->offers[i], msd))
			return 1;
	return 0;
}

void
page_top(html *h)
{
	char href[160];

	const char *title = i18n_ui(h->p, "portal.titre");

	head(h, 0, title, NULL, 0);
	main_begin(h, "droits", title, 0);
	html_raw(h, "<p>");
	html_linked(h, i18n_ui(h->p, "portal.accueil.texte"));
	html_raw(h, "</p>\n<p>");
	html_text(h, i18n_ui(h->p, "portal.accueil.aides"));
	html_raw(h, "</p>\n");
	subtitle(h, "lieu", i18n_ui(h->p, "portal.choisir-maison"));
	html_raw(h, "<ul class=\"tiles\">\n");
	for (size_t i = 0; i < h->p->nmsds; i++) {
		const pack_msd *m = &h->p->msds[i];

		snprintf(href, sizeof href, "%s/index.html", m->code);
		tile(h, href, "msd", m->name, m->territory, 1);
	}
	html_raw(h, "</ul>\n");
	end(h, NULL, 0);
}

void
page_home(html *h, const pack_msd *m)
{
	char href[160];

	head(h, 1, i18n_ui(h->p, "accueil"), m, 1);
	main_begin(h, "msd", m->name, 1);
	html_raw(h, "<p>");
	html_french(h, m->territory, 0);
	html_raw(h, "</p>\n");
	msd_contact(h, m);
	subtitle(h, "droits", i18n_ui(h->p, "droits"));
	html_raw(h, "<ul class=\"tiles\">\n");
	for (size_t i = 0; i < h->p->npages; i++) {
		const pack_page *pg = &h->p->pages[i];

		snprintf(href, sizeof href, "p/%s.html", pg->id);
		tile(h, href, pg->picto, pg->title, NULL, 0);
	}
	html_raw(h, "</ul>\n");
	subtitle(h, "aide", i18n_ui(h->p, "portal.aides"));
	html_raw(h, "<ul class=\"tiles\">\n");
	for (size_t i = 0; i < h->p->nthemes; i++) {
		const pack_theme *t = &h->p->themes[i];

		if (!site_theme_at(h->p, t, m->code))
			continue;
		snprintf(href, sizeof href, "t/%s.html", t->id);
		tile(h, href, t->picto, t->title, t->summary, 0);
	}
	html_raw(h, "</ul>\n");
	subtitle(h, "livre", i18n_ui(h->p, "portal.mots"));
	html_raw(h, "<ul class=\"tiles\">\n");
	tile(h, "mots.html", "livre", i18n_ui(h->p, "portal.mots"),
	    i18n_ui(h->p, "portal.mots.sous-titre"), 0);
	html_raw(h, "</ul>\n");
	end(h, m, 1);
}

void
page_rights(html *h, const pack_msd *m, const pack_page *pg)
{
	head(h, 2, pg->title, m, 0);
	nav(h, 2, NULL, NULL);
	main_begin(h, pg->picto, pg->title, 0);
	if (strcmp(pg->id, SITE_CALL_PAGE) == 0)
		msd_contact(h, m);
	html_blocks(h, pg->body);
	written(h, pg->reviewed_on, pg->sources);
	end(h, m, 2);
}

void
page_theme(html *h, const pack_msd *m, const pack_theme *t)
{
	char href[64];

	head(h, 2, t->title, m, 0);
	nav(h, 2, NULL, NULL);
	main_begin(h, t->picto, t->title, 0);
	html_raw(h, "<p>");
	html_linked(h, t->summary);
	html_raw(h, "</p>\n<ul class=\"tiles\">\n");
	for (size_t i = 0; i < h->p->noffers; i++) {
		const pack_offer *o = &h->p->offers[i];
		char key[PORTAL_KEY_LEN + 1];

		if (strcmp(o->theme, t->id) != 0 || !pack_offer_at(o, m->code))
			continue;
		portal_offer_key(o->id, key);
		snprintf(href, sizeof href, "../o/%s.html", key);
		tile(h, href, o->picto, o->title, o->summary, 0);
	}
	html_raw(h, "</ul>\n");
	end(h, m, 2);
}

/* A section of an offer: subtitle with its pictogram, then the text. */
static void
section(html *h, const char *picto, const char *title, const char *text)
{
	if (*text == '\0')
		return;
	subtitle(h, picto, title);
	html_raw(h, "<p>");
	html_linked(h, text);
	html_raw(h, "</p>\n");
}

void
page_offer(html *h, const pack_msd *m, const pack_offer *o)
{
	const pack_theme *t = pack_theme_find(h->p, o->theme);
	char back[64];

	snprintf(back, sizeof back, "../t/%s.html", o->theme);
	head(h, 2, o->title, m, 0);
	nav(h, 2, t ? back : NULL, t ? t->title : NULL);
	main_begin(h, o->picto, o->title, 0);
	html_raw(h, "<p>");
	html_linked(h, o->summary);
	html_raw(h, "</p>\n");
	html_blocks(h, o->body);
	section(h, "personne", i18n_ui(h->p, "offre.pour-qui"), o->for_whom);
	section(h, "argent", i18n_ui(h->p, "offre.cout"), o->cost);
	section(h, "info", i18n_ui(h->p, "offre.comment"), o->how);
	if (*o->contact || tel_ok(o->qr) || https_ok(o->qr)) {
		subtitle(h, "telephone", i18n_ui(h->p, "offre.contact"));
		if (*o->contact) {
			html_raw(h, "<p>");
			html_linked(h, o->contact);
			html_raw(h, "</p>\n");
		}
		if (tel_ok(o->qr))
			call_button(h, o->qr);
		else if (https_ok(o->qr))
			site_button(h, o->qr);
	}
	written(h, o->reviewed_on, o->source);
	end(h, m, 2);
}

/* The glossary in the order of the alphabet, accents aside ("école"
 * with the e): the pack keeps it in SQLite's order, where "é" comes
 * after "z". */
static const pack *sort_pack;

static int
cmp_word(const void *a, const void *b)
{
	const pack_gloss *x = &sort_pack->gloss[*(const size_t *)a];
	const pack_gloss *y = &sort_pack->gloss[*(const size_t *)b];
	char *fx = utf8_fold(x->word), *fy = utf8_fold(y->word);
	int c = strcmp(fx, fy);

	free(fx);
	free(fy);
	return c;
}

void
page_glossary(html *h, const pack_msd *m)
{
	size_t *order = xcalloc(h->p->ngloss, sizeof *order);

	for (size_t i = 0; i < h->p->ngloss; i++)
		order[i] = i;
	sort_pack = h->p;
	qsort(order, h->p->ngloss, sizeof *order, cmp_word);
	head(h, 1, i18n_ui(h->p, "portal.mots"), m, 0);
	nav(h, 1, NULL, NULL);
	main_begin(h, "livre", i18n_ui(h->p, "portal.mots"), 0);
	html_raw(h, "<p>");
	html_text(h, i18n_ui(h->p, "portal.mots.texte"));
	html_raw(h, "</p>\n<p>");
	html_text(h, i18n_ui(h->p, "portal.mots.ordre"));
	html_raw(h, "</p>\n<dl class=\"all\">\n");
	for (size_t k = 0; k < h->p->ngloss; k++) {
		const pack_gloss *g = &h->p->gloss[order[k]];

		html_rawf(h, "<dt id=\"g%zu\">", order[k]);
		html_text(h, g->word);
		html_raw(h, "</dt>\n<dd>");
		html_text_or_french(h, g->explanation,
		    h->base->gloss[order[k]].explanation);
		html_raw(h, "</dd>\n");
	}
	html_raw(h, "</dl>\n");
	free(order);
	end(h, m, 1);
}
