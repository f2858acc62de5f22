/*
 * espeak_lazy.h - espeak-ng, loaded when the content build first speaks
 * (espeak_lazy.c defines the espeak-ng functions audio_build.c calls).
 */
#ifndef MSD_ESPEAK_LAZY_H
#define MSD_ESPEAK_LAZY_H

#include "err.h"

/* Loads espeak-ng if it is not yet: 0, or -1 + message (which package
 * to install).  audio_build.c calls it before any espeak-ng function. */
int audio_espeak_load(err_t *e);

#endif
