/*
 * stream.h - what "Écouter" plays for a page, decoded as it is read.
 *
 * A page of the kiosk is read as a list of clips of the pack's audio
 * table (content/speech.h): a rights page is its clip, a theme's list of
 * offers is the short clip of each offer of that theme at this MSD, one
 * after the other.  The stream opens the pack file read-only beside the
 * pack in memory, and reads each clip's Ogg Opus through sqlite3_blob as
 * opusfile asks for it: memory stays the same whatever the page's
 * length (a few hundred KB of decoder state, no clip held whole).
 *
 * The clips are those of the pack's language (p->lang, issue 16): its
 * own row, else the French one (its texts stayed French); a language
 * the pack has no voice for, or a kind its translations do not read
 * (audio_build.h), has none.
 *
 * Samples are 48 kHz mono, 16 bits (what opusfile decodes), for SDL's
 * audio and --read-aloud alike: the WAV is what the kiosk plays.
 */
#ifndef MSD_AUDIO_STREAM_H
#define MSD_AUDIO_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "content/pack.h"

#define ASTREAM_RATE	48000

typedef struct astream astream;

/* The audio of page (an id as screens_goto() takes it, or "gloss:WORD")
 * at msd (NULL: every MSD) in the pack p read from path.  NULL + message
 * when the pack has no audio (built with --no-audio), the page has none
 * (home), or the file is not the pack p any more (replaced by the sync:
 * the kiosk reopens it at its next return home). */
astream *astream_open(const char *path, const pack *p, const char *msd,
    const char *page, err_t *e);
void astream_close(astream *s);

/* Up to n samples into out; fewer only at the end (0: the end).  -1 when
 * a clip cannot be decoded (said once on stderr); the stream then ends. */
long astream_read(astream *s, int16_t *out, size_t n);

/* The sentences of the page, in order: how many, and sentence i's start
 * in the stream (ms) and text. */
size_t astream_sentences(const astream *s);
long astream_start_ms(const astream *s, size_t i, const char **text,
    size_t *len);
/* The sentence heard at ms from the start (the last one that started). */
size_t astream_sentence_at(const astream *s, long ms);
/* The length of the whole stream, ms, as the pack says. */
long astream_duration_ms(const astream *s);

#endif
