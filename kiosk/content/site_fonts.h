/*
 * site_fonts.h - the portal's fonts: the kiosk's Andika (regular and
 * bold: Latin and Cyrillic), Noto Sans Arabic (regular and bold) for the
 * Arabic pages and FontAwesome 4.7, cut down to the characters the site
 * shows and compressed as WOFF2 by Debian's tools: hb-subset (package
 * libharfbuzz-bin) and woff2_compress (package woff2).
 *
 * The Arabic fonts are declared for the Arabic script only (unicode-range
 * in s.css): a browser fetches them for a page with Arabic text, never
 * for a French one.  The language switcher of every page names Arabic
 * in Arabic; its few letters get a font of their own (a couple of KB)
 * so that a French page does not fetch the whole Arabic one for a word.
 *
 * The files are named after their content (f/t-1a2b3c4d.woff2), so that
 * a server may tell browsers to keep them for ever: a new site with
 * other characters has other names.
 */
#ifndef MSD_SITE_FONTS_H
#define MSD_SITE_FONTS_H

#include <stddef.h>
#include <stdint.h>

#include "content/site_html.h"
#include "err.h"

/* Where Debian puts them (fonts-sil-andika, fonts-font-awesome). */
#define SITE_FONT_REGULAR "/usr/share/fonts/truetype/andika/Andika-Regular.ttf"
#define SITE_FONT_BOLD    "/usr/share/fonts/truetype/andika/Andika-Bold.ttf"
#define SITE_FONT_PICTO   "/usr/share/fonts/truetype/font-awesome/" \
	"fontawesome-webfont.ttf"
/* fonts-noto-core, as the kiosk's Arabic screens. */
#define SITE_FONT_ARABIC  "/usr/share/fonts/truetype/noto/" \
	"NotoSansArabic-Regular.ttf"
#define SITE_FONT_ARABIC_BOLD "/usr/share/fonts/truetype/noto/" \
	"NotoSansArabic-Bold.ttf"

/* The code points s.css gives the Arabic fonts (unicode-range): the
 * Arabic blocks, and the joiners and marks of direction inside Arabic
 * words. */
#define SITE_ARABIC_RANGE "U+0600-06FF,U+0750-077F,U+08A0-08FF," \
	"U+200C-200F,U+FB50-FDFF,U+FE70-FEFF"
/* 1 if cp is in SITE_ARABIC_RANGE. */
int site_arabic_cp(uint32_t cp);

/* Names under f/ of the fonts written ("" for one not needed), and
 * their total size. */
struct site_fonts {
	char regular[32], bold[32], picto[32];
	char arabic[32], arabic_bold[32];	/* text has Arabic */
	char names[32];				/* names has letters */
	size_t bytes;
};

/* Writes the fonts into dir/f/ (which exists), subset to text (Andika
 * and, when text has Arabic, Noto Sans Arabic, regular and bold), icons
 * (pictograms) and names (Noto Sans Arabic regular, for right-to-left
 * languages' names).  -1 + message (which program or font is missing
 * and which package has it). */
int site_fonts_make(const site_chars *text, const site_chars *icons,
    const site_chars *names, const char *dir, struct site_fonts *out,
    err_t *e);

#endif
