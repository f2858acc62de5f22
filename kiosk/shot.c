/*
 * shot.c - PNG screenshots with cairo (see shot.h).
 */
#include "shot.h"

#include <cairo.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

SDL_Surface *
shot_surface(int w, int h, err_t *e)
{
	/* SDL_PIXELFORMAT_RGB888 is 0x00RRGGBB in a native 32-bit word:
	 * byte for byte what CAIRO_FORMAT_RGB24 is. */
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32,
	    SDL_PIXELFORMAT_RGB888);
	if (s == NULL)
		err_set(e, "cannot make a %dx%d screenshot surface: %s", w, h,
		    SDL_GetError());
	return s;
}

static cairo_status_t
write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

int
shot_write_png(SDL_Surface *s, const char *path, err_t *e)
{
	char tmp[PATH_MAX];
	cairo_surface_t *cs;
	cairo_status_t st;
	FILE *f;

	if (s->pitch != cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, s->w))
		return err_set(e, "screenshot: surface pitch %d unexpected",
		    s->pitch);
	/* Written beside and renamed: never a half PNG at path.  No fsync:
	 * a screenshot lost in a power cut is simply taken again. */
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
		return err_set(e, "screenshot: path too long: %s", path);
	f = fopen(tmp, "wb");
	if (f == NULL)
		return err_set(e, "cannot write %s: %s (check the directory "
		    "exists and is writable)", path, strerror(errno));
	SDL_LockSurface(s);
	cs = cairo_image_surface_create_for_data(s->pixels, CAIRO_FORMAT_RGB24,
	    s->w, s->h, s->pitch);
	st = cairo_surface_write_to_png_stream(cs, write_cb, f);
	cairo_surface_destroy(cs);
	SDL_UnlockSurface(s);
	if (fclose(f) != 0 && st == CAIRO_STATUS_SUCCESS)
		st = CAIRO_STATUS_WRITE_ERROR;
	if (st == CAIRO_STATUS_SUCCESS && rename(tmp, path) != 0)
		st = CAIRO_STATUS_WRITE_ERROR;
	if (st != CAIRO_STATUS_SUCCESS) {
		int saved = errno;
		unlink(tmp);
		return err_set(e, "cannot write %s: %s", path,
		    st == CAIRO_STATUS_WRITE_ERROR ? strerror(saved) :
		    cairo_status_to_string(st));
	}
	return 0;
}
