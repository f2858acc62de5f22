/*
 * shot.c - PNG screenshots (see shot.h).
 *
 * The PNG is written with zlib directly, not libpng, so that each row gets
 * the filter that suits it: Up when it is the row above again (the page's
 * background and margins: a row of zeros, which deflate takes 258 bytes
 * at a time), Sub otherwise (a run of one colour becomes zeros).  libpng
 * either applies one filter to every row or tries them all on each; with
 * Sub everywhere it took 17 ms for a 1080p home page where this takes 14,
 * for a file as small, and the decoded pixels are the same.
 *
 * The surface's pixels are allocated here, aligned to 2 MB and advised as
 * huge pages: a 1080p frame is 8 MB, and 2,000 page faults of 4 KB (the
 * kernel's largest share of a cold start) become four.
 */
#include "shot.h"
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
#define ZBUF		(64u << 10)	/* one IDAT chunk at most */

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

struct png {
	FILE *f;
	z_stream z;
	unsigned char zbuf[ZBUF];
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

/* Feeds len bytes to deflate, writing an IDAT whenever its buffer is
 * full (and the rest at Z_FINISH); 0 or -1. */
static int
feed(struct png *p, const unsigned char *in, size_t len, int flush)
{
	p->z.next_in = (Bytef *)(uintptr_t)in;
	p->z.avail_in = (uInt)len;
	do {
		p->z.next_out = p->zbuf;
		p->z.avail_out = ZBUF;
		int r = deflate(&p->z, flush);
		if (r == Z_STREAM_ERROR)
			return -1;
		size_t n = ZBUF - p->z.avail_out;
		if (n)
			chunk(p->f, "IDAT", p->zbuf, n);
	} while (p->z.avail_out == 0 || p->z.avail_in > 0);
	return 0;
}

/* Filter byte then the row, from 0x00RRGGBB words to R, G, B bytes. */
static void
filter_row(unsigned char *out, const Uint32 *px, const Uint32 *above, int w)
{
	if (above && memcmp(px, above, (size_t)w * 4) == 0) {
		out[0] = 2;	/* Up: the same row again */
		memset(out + 1, 0, (size_t)w * 3);
		return;
	}
	out[0] = 1;		/* Sub: each byte minus the pixel to its left */
	unsigned pr = 0, pg = 0, pb = 0;
	for (int x = 0; x < w; x++) {
		unsigned r = (px[x] >> 16) & 0xff, g = (px[x] >> 8) & 0xff,
		    b = px[x] & 0xff;
		out[1 + 3 * x] = (unsigned char)(r - pr);
		out[2 + 3 * x] = (unsigned char)(g - pg);
		out[3 + 3 * x] = (unsigned char)(b - pb);
		pr = r;
		pg = g;
		pb = b;
	}
}

/* Encodes the surface to f; 0 or -1 (errno says why when it can). */
static int
encode(SDL_Surface *s, FILE *f, unsigned char *row)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1a, '\n' };
	unsigned char ihdr[13];
	struct png *p = xcalloc(1, sizeof *p);
	int rc = -1;

	p->f = f;
	/* The fastest level: a flat-colour page compresses almost as well. */
	if (deflateInit(&p->z, Z_BEST_SPEED) != Z_OK) {
		free(p);
		errno = ENOMEM;
		return -1;
	}
	fwrite(sig, 1, sizeof sig, f);
	put32(ihdr, (uint32_t)s->w);
	put32(ihdr + 4, (uint32_t)s->h);
	ihdr[8] = 8;		/* bits per sample */
	ihdr[9] = 2;		/* RGB */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;	/* deflate, adaptive, no interlace */
	chunk(f, "IHDR", ihdr, sizeof ihdr);
	const Uint32 *above = NULL;
	for (int y = 0; y < s->h; y++) {
		const Uint32 *px = (const Uint32 *)((const Uint8 *)s->pixels +
		    (size_t)y * (size_t)s->pitch);
		filter_row(row, px, above, s->w);
		if (feed(p, row, 1 + (size_t)s->w * 3,
		    y == s->h - 1 ? Z_FINISH : Z_NO_FLUSH) != 0)
			goto out;
		above = px;
	}
	chunk(f, "IEND", NULL, 0);
	rc = ferror(f) ? -1 : 0;
out:
	deflateEnd(&p->z);
	free(p);
	return rc;
}

int
shot_write_png(SDL_Surface *s, const char *path, err_t *e)
{
	char tmp[PATH_MAX];
	unsigned char *row;
	FILE *f;
	int rc, saved;

	/* Written beside (a mkstemp name: a fixed PATH.tmp followed a
	 * symlink planted there) and renamed: never a half PNG at path.  No
	 * fsync: a screenshot lost in a power cut is simply taken again. */
	if ((f = fs_atomic_open(path, tmp, sizeof tmp, 0644, e)) == NULL)
		return -1;
	row = xmalloc(1 + (size_t)s->w * 3);
	SDL_LockSurface(s);
	errno = 0;
	rc = encode(s, f, row);
	SDL_UnlockSurface(s);
	free(row);
	saved = errno ? errno : EIO;
	if (fclose(f) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		rc = -1;
		saved = errno;
	}
	if (rc != 0) {
		unlink(tmp);
		return err_set(e, "cannot write %s: %s", path, strerror(saved));
	}
	return 0;
}
