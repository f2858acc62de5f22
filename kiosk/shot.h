/*
 * shot.h - --screenshot: a frame drawn by SDL's software renderer into a
 * plain surface, written as PNG with zlib.  No video subsystem, no display,
 * no GPU library: SDL_CreateSoftwareRenderer needs none of them.
 */
#ifndef MSD_SHOT_H
#define MSD_SHOT_H

#include <SDL.h>

#include "err.h"

/* A w x h surface of 32-bit native-endian xRGB pixels, black.  NULL +
 * message on failure.  Freed by shot_free. */
SDL_Surface *shot_surface(int w, int h, err_t *e);
/* Frees a surface from shot_surface and its pixels; NULL is fine. */
void shot_free(SDL_Surface *s);

/* Writes s as a PNG file, atomically (no half-written file on failure). */
int shot_write_png(SDL_Surface *s, const char *path, err_t *e);

#endif
