/*
 * audio_build.h - the read-aloud audio of a pack, made at build time
 * (issue 15): every clip of speech.h synthesised by espeak-ng after the
 * pronunciation list of the sources (audio_pron.h), or taken from a
 * recording beside a page's source, encoded as Ogg Opus with the start
 * of each sentence, into the pack's audio table
 * (schema/content_audio.sql).  The kiosk only decodes and plays.
 *
 * Each language is read by espeak-ng's voice for it (issue 16): fr, en
 * (British English), ar, uk, or --audio-voice LANG=VOICE.  A language whose voice
 * this machine lacks gets no audio (the build says so; the kiosk shows
 * no "Écouter" in it): no text is ever read by another language's
 * voice.  In a translation, a text that stayed French is read by the
 * French voice, and a clip whose texts all stayed French is the French
 * clip (no row of its own).  The translations read every kind but the
 * offers' full text (kind offer: half the audio, and as much again in
 * the pack per language, over a mountain line); their titles and
 * summaries are read on the theme's list (offer-item).  all_offers reads
 * those too.
 *
 * Synthesis is cached by the hash of the voice and the spoken text: a
 * build after a change of one page synthesises that page alone, and the
 * French clips of a cache made before issue 16 are still found.
 */
#ifndef MSD_AUDIO_BUILD_H
#define MSD_AUDIO_BUILD_H

#include <sqlite3.h>

#include "err.h"
#include "content/lint_sources.h"

/* The most languages a pack is read in. */
#define AUDIO_MAX_LANGS	16
/* The kinds a translation reads (audio_voice.kinds), "offer" aside. */
#define AUDIO_KINDS	"page page-title offer-item theme question gloss"

struct audio_opts {
	const char *cache_dir;	/* NULL: no cache */
	int quiet;		/* no progress line on stderr */
	const char *langs;	/* "fr,en": the languages read; NULL: all */
	const char *voices;	/* "en=en-us,uk=uk": voices chosen; NULL */
	int all_offers;		/* translations read the offers' full text */
};

/* What a build did, for its last line. */
struct audio_stats {
	size_t clips, synthesised, cached, recorded;
	size_t bytes;			/* of Ogg Opus in the pack */
	double seconds;			/* of audio in the pack */
	size_t french;			/* translated clips that stayed French */
	char voices[256];		/* "fr (fr), en (en)": read so */
	char novoice[256];		/* "uk (voice uk)": no voice here */
};

/* Creates the audio table in db (inside the build's transaction) and
 * fills it from s.  -1 + message (a missing voice, a bad recording, an
 * unwritable cache say which and what to do). */
int audio_build(sqlite3 *db, const content_src *s, const struct audio_opts *o,
    struct audio_stats *st, err_t *e);

#endif
