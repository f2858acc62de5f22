/*
 * shot.c - PNG screenshots (see shot.h).
 *
 * libpng directly rather than cairo's PNG writer: cairo compresses at
 * zlib's default level, which took more than half of a cold start to a
 * screenshot (42 of 75 ms).  A flat-colour kiosk page compresses almost as
 * well at the fastest level.
 */
#include "shot.h"
#include "fsutil.h"
#include "strbuf.h"

#include <errno.h>
#include <limits.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

SDL_Surface *
shot_surface(int w, int h, err_t *e)
{
	/* SDL_PIXELFORMAT_RGB888 is 0x00RRGGBB in a native 32-bit word. */
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32,
	    SDL_PIXELFORMAT_RGB888);
	if (s == NULL)
		err_set(e, "cannot make a %dx%d screenshot surface: %s", w, h,
		    SDL_GetError());
	return s;
}

/* Encodes the surface to f; 0 or -1.  libpng reports errors by longjmp,
 * so everything that must be freed lives outside this frame. */
static int
encode(SDL_Surface *s, FILE *f, unsigned char *row)
{
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
	    NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	int rc = -1;

	if (info == NULL)
		goto out;
	if (setjmp(png_jmpbuf(png)))
		goto out;
	png_init_io(png, f);
	png_set_compression_level(png, Z_BEST_SPEED);
	/* The Sub filter suits horizontal runs of one colour and costs little. */
	png_set_filter(png, 0, PNG_FILTER_SUB);
	png_set_IHDR(png, info, (png_uint_32)s->w, (png_uint_32)s->h, 8,
	    PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	    PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < s->h; y++) {
		const Uint32 *px = (const Uint32 *)((const Uint8 *)s->pixels +
		    (size_t)y * (size_t)s->pitch);

		for (int x = 0; x < s->w; x++) {
			row[3 * x] = (unsigned char)(px[x] >> 16);
			row[3 * x + 1] = (unsigned char)(px[x] >> 8);
			row[3 * x + 2] = (unsigned char)px[x];
		}
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	rc = 0;
out:
	png_destroy_write_struct(&png, &info);
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
	row = xmalloc((size_t)s->w * 3);
	SDL_LockSurface(s);
	rc = encode(s, f, row);
	SDL_UnlockSurface(s);
	free(row);
	saved = errno;
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
