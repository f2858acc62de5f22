/*
 * site_css.c - the portal's one stylesheet, s.css (see site.h).
 *
 * Written for old phones and a 2016 browser: block layout only (no grid,
 * no flex, no custom properties, no calc), sizes in em so that a zoom of
 * 200% or a large default font only makes lines shorter, never wider than
 * the screen; long words and web addresses break rather than overflow
 * (an inline-block grows to its longest word unless max-width holds it).
 * What a 2016 browser ignores here (font-display, outline-offset) only
 * makes it plainer.  Colours, with their contrast on their background
 * (WCAG 2.x formula, 7:1 needed):
 *   #1a1a1a on #ffffff 17.4    text
 *   #003366 on #ffffff 12.6    links, pictograms, tile titles
 *   #1a1a1a on #e8eef5 14.9    tile text
 *   #003366 on #e8eef5 10.8    tile titles and pictograms
 *   #ffffff on #003366 12.6    buttons
 *   #003366 on #dde8f3 10.2    glossary words
 *   #404040 on #ffffff 10.4    the "Écrit le" line and the footer
 *   #a30000 focus ring on #ffffff 8.2, on #003366 1.5 but 2 px of
 *           white between (outline-offset)
 * Touch targets: tiles, buttons and the top links are at least 48 CSS
 * pixels high and wide; glossary words are links inside a sentence,
 * which WCAG 2.5.5 leaves at the size of the text.
 * Right to left (<html dir="rtl">, the Arabic pages): the browser
 * mirrors the text, the lists' bullets and the inline blocks by itself;
 * what is placed by a side (a list's indent, a tile's pictogram and the
 * room for it, a button's gap) is given again for [dir=rtl].  Not with
 * the logical properties (padding-inline-start...): a 2016 browser
 * ignores them.  The Arabic font is in the body's fonts of the Arabic
 * pages only: named on a French page, Chromium fetched it there for a
 * page whose only Arabic is the language list's word (which has its own
 * small font, msd-nom).
 */
#include "content/site.h"

#include <stdio.h>

static const char css_rest[] =
"html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
"body{margin:0;background:#fff;color:#1a1a1a;"
"font-family:\"msd-texte\",Andika,\"DejaVu Sans\",Verdana,sans-serif;"
"font-size:1.25em;line-height:1.5;word-wrap:break-word;"
"overflow-wrap:break-word}\n"
"header,main,footer{display:block;max-width:32em;margin:0 auto;"
"padding:0 .6em}\n"
"header{padding-top:.4em;border-bottom:2px solid #003366}\n"
"footer{margin-top:2em;border-top:2px solid #003366;color:#404040}\n"
"h1{font-size:1.5em;line-height:1.25;margin:.6em 0 .5em}\n"
"h2{font-size:1.2em;line-height:1.3;margin:1.4em 0 .4em}\n"
"p,ul,dl{margin:0 0 .8em}\n"
"ul{padding-left:1.4em}\n"
"li{margin-bottom:.3em}\n"
"a{color:#003366}\n"
".i{font-family:\"msd-picto\";font-style:normal;font-weight:400;"
"display:inline-block;min-width:1.3em;text-align:center;color:#003366}\n"
".site{margin:0 0 .3em;font-weight:700}\n"
".n{display:inline-block;min-height:48px;min-width:48px;max-width:100%;"
"padding:.35em .6em;margin:0 .3em .5em 0;box-sizing:border-box;"
"border:2px solid #003366;border-radius:.3em;text-decoration:none}\n"
".tiles{list-style:none;padding:0}\n"
".tiles li{margin:0 0 .6em}\n"
".tiles a{display:block;position:relative;min-height:48px;"
"padding:.5em .7em .5em 2.6em;background:#e8eef5;color:#1a1a1a;"
"text-decoration:none;border:2px solid #003366;border-radius:.3em}\n"
".tiles a .i{position:absolute;left:.4em;top:.45em;font-size:1.3em}\n"
".tt{display:block;font-weight:700;color:#003366;"
"text-decoration:underline}\n"
".sub{display:block}\n"
".b{display:inline-block;min-height:48px;min-width:48px;max-width:100%;"
"box-sizing:border-box;padding:.45em .9em;background:#003366;color:#fff;"
"font-weight:700;text-decoration:none;border-radius:.3em}\n"
".b .i{color:#fff}\n"
"a.g{background:#dde8f3;font-weight:700}\n"
"a.r{display:inline-block;min-height:48px;max-width:100%;padding:.45em 0;"
"box-sizing:border-box}\n"
"dt{font-weight:700;margin-top:.8em}\n"
"dd{margin:0 0 .6em}\n"
".mots{margin-top:2em;border-top:2px solid #003366}\n"
".ecrit{margin-top:1.6em;color:#404040}\n"
".v{font-size:.9em}\n"
"a:focus{outline:3px solid #a30000;outline-offset:2px}\n"
".skip{position:absolute;left:-999em}\n"
".skip:focus{position:static;display:inline-block;min-height:48px;"
"padding:.45em .6em}\n"
".langs ul{list-style:none;padding:0;margin:0 0 .3em}\n"
".langs li{display:inline-block;margin:0 .3em .3em 0}\n"
".langs a{display:inline-block;min-height:48px;min-width:48px;"
"padding:.35em .5em;box-sizing:border-box;"
"font-family:\"msd-texte\",\"msd-nom\",Andika,\"Noto Sans Arabic\","
"sans-serif}\n"
".langs a[aria-current]{text-decoration:none;"
"border-bottom:3px solid #003366}\n"
"[dir=rtl] body,html[lang=ar] body{font-family:\"msd-texte\",\"msd-arabe\","
"Andika,\"Noto Sans Arabic\",\"DejaVu Sans\",Verdana,sans-serif}\n"
"[dir=rtl] ul{padding-left:0;padding-right:1.4em}\n"
"[dir=rtl] .tiles,[dir=rtl] .langs ul{padding:0}\n"
"[dir=rtl] .n,[dir=rtl] .langs li{margin:0 0 .5em .3em}\n"
"[dir=rtl] .tiles a{padding:.5em 2.6em .5em .7em}\n"
"[dir=rtl] .tiles a .i{left:auto;right:.4em}\n"
"[dir=rtl] .skip{left:auto;right:-999em}\n"
"[dir=rtl] .back .i{-webkit-transform:scaleX(-1);transform:scaleX(-1)}\n"
"@media print{.n,.skip,.langs{display:none}.tiles a{border-width:1px}}\n";

void
site_css(strbuf *b, const struct site_fonts *f)
{
	/* One weight each: the browser takes the bold file for <h1>,
	 * <strong> and the tile titles instead of smearing the regular. */
	strbuf_printf(b,
	    "@font-face{font-family:\"msd-texte\";font-weight:400;"
	    "font-style:normal;font-display:swap;"
	    "src:url(f/%s) format(\"woff2\")}\n"
	    "@font-face{font-family:\"msd-texte\";font-weight:700;"
	    "font-style:normal;font-display:swap;"
	    "src:url(f/%s) format(\"woff2\")}\n"
	    "@font-face{font-family:\"msd-picto\";font-weight:400;"
	    "font-style:normal;font-display:block;"
	    "src:url(f/%s) format(\"woff2\")}\n",
	    f->regular, f->bold, f->picto);
	/* Arabic letters only: a page without them never fetches these. */
	if (*f->arabic)
		strbuf_printf(b,
		    "@font-face{font-family:\"msd-arabe\";font-weight:400;"
		    "font-style:normal;font-display:swap;"
		    "src:url(f/%s) format(\"woff2\");unicode-range:%s}\n"
		    "@font-face{font-family:\"msd-arabe\";font-weight:700;"
		    "font-style:normal;font-display:swap;"
		    "src:url(f/%s) format(\"woff2\");unicode-range:%s}\n",
		    f->arabic, SITE_ARABIC_RANGE, f->arabic_bold,
		    SITE_ARABIC_RANGE);
	if (*f->names)
		strbuf_printf(b,
		    "@font-face{font-family:\"msd-nom\";font-weight:400;"
		    "font-style:normal;font-display:swap;"
		    "src:url(f/%s) format(\"woff2\");unicode-range:%s}\n",
		    f->names, SITE_ARABIC_RANGE);
	strbuf_puts(b, css_rest);
}
