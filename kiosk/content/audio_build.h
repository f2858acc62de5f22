/*
 * audio_build.h - the read-aloud audio of a pack, made at build time
 * (issue 15): every clip of speech.h synthesised by espeak-ng (French
 * voice) after the pronunciation list of the sources, or taken from a
 * recording beside a page's source, encoded as Ogg Opus with the start
 * of each sentence, into the pack's audio table
 * (schema/content_audio.sql).  The kiosk only decodes and plays.
 *
 * Synthesis is cached by the hash of the voice and the spoken text: a
 * build after a change of one page synthesises that page alone.
 */
#ifndef MSD_AUDIO_BUILD_H
#define MSD_AUDIO_BUILD_H

#include <sqlite3.h>

#include "err.h"
#include "content/lint_sources.h"

/* The pronunciation list: SRC_DIR/prononciation.csv, columns `mot` and
 * `prononciation` (assets/content/README.md). */
#define AUDIO_PRON_FILE	"prononciation.csv"

struct audio_opts {
	const char *cache_dir;	/* NULL: no cache */
	int quiet;		/* no progress line on stderr */
};

/* What a build did, for its last line. */
struct audio_stats {
	size_t clips, synthesised, cached, recorded;
	size_t bytes;			/* of Ogg Opus in the pack */
	double seconds;			/* of audio in the pack */
};

/* Creates the audio table in db (inside the build's transaction) and
 * fills it from s.  -1 + message (a missing voice, a bad recording, an
 * unwritable cache say which and what to do). */
int audio_build(sqlite3 *db, const content_src *s, const struct audio_opts *o,
    struct audio_stats *st, err_t *e);

#endif
