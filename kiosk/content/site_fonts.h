/*
 * site_fonts.h - the portal's fonts: the kiosk's Andika (regular and
 * bold) and FontAwesome 4.7, cut down to the characters the site shows
 * and compressed as WOFF2 by Debian's tools: hb-subset (package
 * libharfbuzz-bin) and woff2_compress (package woff2).
 *
 * The files are named after their content (f/t-1a2b3c4d.woff2), so that
 * a server may tell browsers to keep them for ever: a new site with
 * other characters has other names.
 */
#ifndef MSD_SITE_FONTS_H
#define MSD_SITE_FONTS_H

#include <stddef.h>

#include "content/site_html.h"
#include "err.h"

/* Where Debian puts them (fonts-sil-andika, fonts-font-awesome). */
#define SITE_FONT_REGULAR "/usr/share/fonts/truetype/andika/Andika-Regular.ttf"
#define SITE_FONT_BOLD    "/usr/share/fonts/truetype/andika/Andika-Bold.ttf"
#define SITE_FONT_PICTO   "/usr/share/fonts/truetype/font-awesome/" \
	"fontawesome-webfont.ttf"

/* Names under f/ of the fonts written, and their total size. */
struct site_fonts {
	char regular[32], bold[32], picto[32];
	size_t bytes;
};

/* Writes the three fonts into dir/f/ (which exists), subset to text
 * (regular and bold) and icons (pictograms).  -1 + message (which
 * program or font is missing and which package has it). */
int site_fonts_make(const site_chars *text, const site_chars *icons,
    const char *dir, struct site_fonts *out, err_t *e);

#endif
