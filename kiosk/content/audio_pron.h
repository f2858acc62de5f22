/*
 * audio_pron.h - the pronunciation list of the sources (prononciation.csv,
 * assets/content/README.md): words the voice says wrong, replaced in
 * what espeak-ng is given, never in what the screen shows.
 *
 * Columns `mot` and `prononciation`, and an optional `langue` (issue 16):
 * the language whose voice says the word wrong, French when empty or
 * when the file has no such column (the lists of before).  "RSA" is
 * "èr èss a" for the French voice; the English voice reads the English
 * texts' "RSA" untouched unless a row of `langue` en says otherwise.
 */
#ifndef MSD_AUDIO_PRON_H
#define MSD_AUDIO_PRON_H

#include <stddef.h>

#include "err.h"

#define AUDIO_PRON_FILE	"prononciation.csv"

typedef struct audio_pron {
	char **from, **to, **lang;	/* longest `mot` first */
	size_t n;
} audio_pron;

/* DIR/prononciation.csv into p; no file: an empty list.  -1 + message. */
int audio_pron_load(const char *dir, audio_pron *p, err_t *e);
void audio_pron_free(audio_pron *p);

/* The n bytes at s as lang's voice is to be given them: every whole-word
 * occurrence of a word of lang's rows, written as listed (capitals
 * count), replaced.  Freed by the caller. */
char *audio_pron_apply(const audio_pron *p, const char *lang, const char *s,
    size_t n);

#endif
