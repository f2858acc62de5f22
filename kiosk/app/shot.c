/*
 * shot.c - PNG screenshots (see shot.h).
 *
 * The PNG is written here, not with libpng, so that each row gets the
 * filter that suits it: Up when it is the row above again (the page's
 * background and margins), Sub otherwise (a run of one colour becomes
 * zeros).  libpng either applies one filter to every row or tries them
 * all on each: with Sub everywhere it took 17 ms for a 1080p home page.
 * The deflate stream is shot_deflate.c's, which sends those zeros without
 * searching them; zlib only sums the chunks' CRCs.
 *
 * The surface's pixels are allocated here, aligned to 2 MB and advised as
 * huge pages: 500 page faults of 4 KB for each 2 MB become one.  A
 * screenshot is drawn band by band into a surface of one such page
 * (shot_band_rows), each band encoded before the next is drawn: a 1080p
 * frame whole is 8 MB, a third of the kiosk's peak RSS.
 */
#include "app/shot.h"
#include "app/shot_deflate.h"
#include "fsutil.h"
#include "strbuf.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#define HUGE_PAGE	(2u << 20)

SDL_Surface *
shot_surface(int w, int h, err_t *e)
{
	size_t size = (size_t)w * (size_t)h * 4;
	/* Whole huge pages: the tail of the last one would be 4 KB faults. */
	size_t alloc = (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
	void *px = NULL;

	if (posix_memalign(&px, HUGE_PAGE, alloc) != 0) {
		err_set(e, "cannot make a %dx%d screenshot surface: out of "
		    "memory", w, h);
		return NULL;
	}
#ifdef MADV_HUGEPAGE
	/* Only advice: without transparent huge pages it is 4 KB pages. */
	(void)madvise(px, alloc, MADV_HUGEPAGE);
#endif
	/* Black, as SDL's own surfaces start (a page that left a pixel
	 * undrawn would otherwise show what malloc left there). */
	memset(px, 0, size);
	/* SDL_PIXELFORMAT_RGB888 is 0x00RRGGBB in a native 32-bit word. */
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom(px, w, h, 32, w * 4,
	    SDL_PIXELFORMAT_RGB888);
	if (s == NULL) {
		err_set(e, "cannot make a %dx%d screenshot surface: %s", w, h,
		    SDL_GetError());
		free(px);
		return NULL;
	}
	return s;
}

void
shot_free(SDL_Surface *s)
{
	if (s == NULL)
		return;
	void *px = s->pixels;	/* ours: SDL_PREALLOC, SDL leaves it */
	SDL_FreeSurface(s);
	free(px);
}

/* ------------------------------------------------------------ PNG */

struct shot_png {
	FILE *f;
	char path[PATH_MAX], tmp[PATH_MAX];
	int w, h, y;		/* rows written so far */
	Uint32 *above;		/* the last row given (the next Up's reference) */
	zpng z;			/* the rows' deflate stream */
};

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Length, type, data, CRC of type and data.  Write errors are found by
 * ferror at the end. */
static void
chunk(FILE *f, const char *type, const unsigned char *data, size_t n)
{
	unsigned char b[8];
	uLong crc = crc32(0, (const Bytef *)type, 4);

	put32(b, (uint32_t)n);
	memcpy(b + 4, type, 4);
	fwrite(b, 1, 8, f);
	if (n) {
		fwrite(data, 1, n, f);
		crc = crc32(crc, data, (uInt)n);
	}
	put32(b, (uint32_t)crc);
	fwrite(b, 1, 4, f);
}

/* Each buffer of the deflate stream is one IDAT. */
static void
idat(void *arg, const unsigned char *p, size_t n)
{
	chunk(arg, "IDAT", p, n);
}

int
shot_band_rows(int w, int h)
{
	int n = (int)(HUGE_PAGE / ((size_t)w * 4));
	return n < 1 ? 1 : n > h ? h : n;
}

shot_png *
shot_png_begin(const char *path, int w, int h, err_t *e)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1a, '\n' };
	unsigned char ihdr[13];
	shot_png *p = xcalloc(1, sizeof *p);

	/* Written beside (a mkstemp name: a fixed PATH.tmp followed a
	 * symlink planted there) and renamed: never a half PNG at path.  No
	 * fsync: a screenshot lost in a power cut is simply taken again. */
	p->f = fs_atomic_open(path, p->tmp, sizeof p->tmp, 0644, e);
	if (p->f == NULL) {
		free(p);
		return NULL;
	}
	snprintf(p->path, sizeof p->path, "%s", path);
	p->w = w;
	p->h = h;
	p->above = xmalloc((size_t)w * 4);
	fwrite(sig, 1, sizeof sig, p->f);
	put32(ihdr, (uint32_t)w);
	put32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;		/* bits per sample */
	ihdr[9] = 2;		/* RGB */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;	/* deflate, adaptive, no interlace */
	chunk(p->f, "IHDR", ihdr, sizeof ihdr);
	/* The zlib header: deflate, 32 KB window, fastest level. */
	static const unsigned char zhead[2] = { 0x78, 0x01 };
	chunk(p->f, "IDAT", zhead, sizeof zhead);
	zpng_begin(&p->z, w, idat, p->f);
	return p;
}

int
shot_png_rows(shot_png *p, SDL_Surface *s, int nrows)
{
	if (nrows > p->h - p->y)
		nrows = p->h - p->y;
	SDL_LockSurface(s);
	for (int i = 0; i < nrows; i++) {
		const Uint32 *px = (const Uint32 *)((const Uint8 *)s->pixels +
		    (size_t)i * (size_t)s->pitch);

		if (p->y++ > 0 && memcmp(px, p->above, (size_t)p->w * 4) == 0) {
			zpng_row_up(&p->z);
			continue;
		}
		zpng_row_sub(&p->z, px);
		/* The next band is drawn over this one: keep the row. */
		memcpy(p->above, px, (size_t)p->w * 4);
	}
	SDL_UnlockSurface(s);
	return 0;
}

int
shot_png_end(shot_png *p, err_t *e)
{
	int saved = 0;

	if (p->y != p->h)
		saved = EINVAL;		/* a caller's bug: rows missing */
	if (!saved) {
		unsigned char sum[4];

		put32(sum, zpng_end(&p->z));
		chunk(p->f, "IDAT", sum, sizeof sum);
		chunk(p->f, "IEND", NULL, 0);
		if (ferror(p->f))
			saved = errno ? errno : EIO;
	}
	if (fclose(p->f) != 0 && !saved)
		saved = errno;
	if (!saved && rename(p->tmp, p->path) != 0)
		saved = errno;
	if (saved)
		unlink(p->tmp);
	free(p->above);
	int rc = saved ? err_set(e, "cannot write %s: %s", p->path,
	    strerror(saved)) : 0;
	free(p);
	return rc;
}
