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

/* A PNG written band by band: a frame drawn into a surface a few rows
 * high, moved up each time, needs no full-size buffer.  shot_png_rows
 * takes the first nrows rows of s, in order from the top (0: a write
 * error is found at the end); shot_png_end renames the file into place
 * (0) or removes it (-1 + message), and frees p either way. */
typedef struct shot_png shot_png;
/* Rows of a w-pixel band that fill one 2 MB page, at most h. */
int shot_band_rows(int w, int h);
shot_png *shot_png_begin(const char *path, int w, int h, err_t *e);
int shot_png_rows(shot_png *p, SDL_Surface *s, int nrows);
int shot_png_end(shot_png *p, err_t *e);

#endif
