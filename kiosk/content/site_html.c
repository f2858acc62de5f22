/*
 * site_html.c - one page of the portal as HTML (see site_html.h).
 */
#include "content/site_html.h"
#include "content/gloss_match.h"
#include "content/i18n.h"
#include "content/markup.h"
#include "utf8.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
site_chars_add(site_chars *c, uint32_t cp)
{
	if (cp < 0x10000)
		c->bit[cp >> 3] |= (unsigned char)(1u << (cp & 7));
}

int
site_chars_has(const site_chars *c, uint32_t cp)
{
	return cp < 0x10000 && (c->bit[cp >> 3] & (1u << (cp & 7)));
}

void
html_begin(html *h, const pack *p, site_chars *text, site_chars *icons)
{
	memset(h, 0, sizeof *h);
	h->p = p;
	h->base = p->base ? p->base : p;
	h->rel = "";
	h->text = text;
	h->icons = icons;
	h->gseen = xcalloc(p->ngloss, 1);
	h->gorder = xcalloc(p->ngloss, sizeof *h->gorder);
	h->gform = xcalloc(p->ngloss, sizeof *h->gform);
}

void
html_free(html *h)
{
	strbuf_free(&h->b);
	free(h->gseen);
	free(h->gorder);
	for (size_t i = 0; i < h->ng; i++)
		free(h->gform[i]);
	free(h->gform);
}

void
html_raw(html *h, const char *markup)
{
	strbuf_puts(&h->b, markup);
}

void
html_rawf(html *h, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	/* Markup is ours and short; a longer one is a bug, not input. */
	if (n < 0 || (size_t)n >= sizeof buf)
		abort();
	strbuf_add(&h->b, buf, (size_t)n);
}

/* Escaped s[0..n); its characters noted in chars if not NULL. */
static void
escape(html *h, const char *s, size_t n, site_chars *chars)
{
	const char *p = s, *end = s + n;

	while (p < end) {
		const char *q = p;
		uint32_t cp = utf8_next(&q);

		if (cp == 0 || q > end)
			break;
		switch (cp) {
		case '&': strbuf_puts(&h->b, "&amp;"); break;
		case '<': strbuf_puts(&h->b, "&lt;"); break;
		case '>': strbuf_puts(&h->b, "&gt;"); break;
		case '"': strbuf_puts(&h->b, "&quot;"); break;
		case '\n': case '\r': case '\t': strbuf_putc(&h->b, ' '); break;
		default:
			/* U+FFFD for bytes that are not UTF-8: a page is
			 * always valid UTF-8 whatever the pack holds. */
			if (cp == 0xfffd && q == p + 1) {
				strbuf_puts(&h->b, "\xef\xbf\xbd");
			} else
				strbuf_add(&h->b, p, (size_t)(q - p));
		}
		if (chars)
			site_chars_add(chars, cp);
		p = q;
	}
}

void
html_text(html *h, const char *s)
{
	escape(h, s, strlen(s), h->text);
}

void
html_textn(html *h, const char *s, size_t n)
{
	escape(h, s, n, h->text);
}

void
html_text_in(html *h, const char *s, site_chars *chars)
{
	escape(h, s, strlen(s), chars);
}

/* 1 if h is a page in French. */
static int
page_french(const html *h)
{
	return h->p->lang == NULL || strcmp(h->p->lang, "fr") == 0;
}

void
html_french(html *h, const char *s, int linked)
{
	if (!page_french(h))
		html_raw(h, "<span lang=\"fr\" dir=\"ltr\">");
	if (linked)
		html_linked(h, s);
	else
		html_text(h, s);
	if (!page_french(h))
		html_raw(h, "</span>");
}

void
html_text_or_french(html *h, const char *s, const char *fr)
{
	if (s == fr)
		html_french(h, s, 0);
	else
		html_text(h, s);
}

void
html_attr(html *h, const char *s)
{
	escape(h, s, strlen(s), NULL);
}

void
html_linked(html *h, const char *s)
{
	size_t i = 0, from = 0, n = strlen(s), len;

	while (i < n) {
		int k = -1;

		if (gloss_word_start(s, i))
			k = gloss_match(h->p, s + i, &len);
		if (k < 0) {
			const char *q = s + i;

			utf8_next(&q);
			i = (size_t)(q - s);
			continue;
		}
		if (!h->gseen[k]) {
			html_textn(h, s + from, i - from);
			h->gseen[k] = 1;
			h->gform[h->ng] = xstrndup(s + i, len);
			h->gorder[h->ng++] = k;
			html_rawf(h, "<a class=\"g\" href=\"#g%d\" id=\"r%d\">",
			    k, k);
			html_textn(h, s + i, len);
			html_raw(h, "</a>");
			from = i + len;
		}
		/* Past the whole match: "contrat d'engagement" is one
		 * word, its "engagement" is not another. */
		i += len;
	}
	html_textn(h, s + from, n - from);
}

void
html_blocks(html *h, const char *body)
{
	block *b;
	size_t n = markup_parse(body, &b);
	int in_list = 0;

	for (size_t i = 0; i < n; i++) {
		if (b[i].kind != BLOCK_ITEM && in_list) {
			html_raw(h, "</ul>\n");
			in_list = 0;
		}
		switch (b[i].kind) {
		case BLOCK_TITLE:
			html_raw(h, "<h2>");
			html_text(h, b[i].text);
			html_raw(h, "</h2>\n");
			break;
		case BLOCK_ITEM:
			if (!in_list)
				html_raw(h, "<ul>\n");
			in_list = 1;
			html_raw(h, "<li>");
			html_linked(h, b[i].text);
			html_raw(h, "</li>\n");
			break;
		case BLOCK_PARA:
			html_raw(h, "<p>");
			html_linked(h, b[i].text);
			html_raw(h, "</p>\n");
			break;
		}
	}
	if (in_list)
		html_raw(h, "</ul>\n");
	markup_free(b, n);
}

void
html_picto(html *h, uint32_t cp, const char *label)
{
	html_raw(h, "<span class=\"i\" role=\"img\" ");
	if (!page_french(h))
		html_raw(h, "lang=\"fr\" ");
	html_raw(h, "aria-label=\"");
	html_attr(h, label);
	html_rawf(h, "\">&#x%" PRIx32 ";</span>", cp);
	site_chars_add(h->icons, cp);
}

static const pack_picto *
picto_find(const pack *p, const char *name)
{
	for (size_t i = 0; i < p->npictos; i++)
		if (strcmp(p->pictos[i].name, name) == 0)
			return &p->pictos[i];
	return NULL;
}

void
html_picto_named(html *h, const char *name)
{
	const pack_picto *pi = picto_find(h->p, name);

	/* The kiosk's question mark for a name the pack lacks. */
	html_picto(h, pi ? pi->codepoint : 0xf059, pi ? pi->label :
	    "un point d'interrogation");
}

void
html_picto_plain(html *h, const char *name)
{
	const pack_picto *pi = picto_find(h->p, name);
	char label[256];

	if (pi == NULL) {
		html_picto_named(h, name);
		return;
	}
	snprintf(label, sizeof label, "%.*s", (int)strcspn(pi->label, ":"),
	    pi->label);
	html_picto(h, pi->codepoint, label);
}

void
html_gloss_end(html *h)
{
	if (h->ng == 0)
		return;
	html_raw(h, "<section class=\"mots\" aria-labelledby=\"mots\">\n"
	    "<h2 id=\"mots\">");
	html_picto_named(h, "livre");
	html_text(h, " ");
	html_text(h, i18n_ui(h->p, "portal.mots-page"));
	html_raw(h, "</h2>\n<dl>\n");
	for (size_t i = 0; i < h->ng; i++) {
		const pack_gloss *g = &h->p->gloss[h->gorder[i]];
		char back[512];

		/* The word as the reader met it: "maison sociale", not the
		 * entry's "MSD". */
		html_rawf(h, "<dt id=\"g%d\">", h->gorder[i]);
		html_text(h, h->gform[i]);
		html_raw(h, "</dt>\n<dd>");
		html_text_or_french(h, g->explanation,
		    h->base->gloss[h->gorder[i]].explanation);
		html_rawf(h, "<br><a class=\"r\" href=\"#r%d\">", h->gorder[i]);
		html_text(h, i18n_uif(h->p, "portal.revenir-mot", back,
		    sizeof back, "mot", h->gform[i], NULL));
		html_raw(h, "</a></dd>\n");
	}
	html_raw(h, "</dl>\n</section>\n");
}
