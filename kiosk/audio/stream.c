/*
 * stream.c - a page's clips decoded one after the other (see stream.h).
 */
#include "audio/stream.h"
#include "db.h"
#include "strbuf.h"

#include <opusfile.h>
#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CLIPS	128	/* a theme has fewer offers */

struct clip {
	sqlite3_int64 rowid;
	long at_ms;		/* its start in the stream */
};

struct astream {
	sqlite3 *db;
	struct clip clips[MAX_CLIPS];
	size_t nclips, cur;
	sqlite3_blob *blob;	/* the clip being read */
	int blob_pos;
	OggOpusFile *of;
	strbuf text;		/* every sentence, one a line */
	long *starts;		/* ms in the stream, one per sentence */
	size_t nsent;
	long duration_ms;
	int failed;
	char *kinds;		/* the kinds the language has (audio_voice),
				 * NULL: all (French, or a pack of before) */
};

/* ---------------------------------------------------------------- the blob as a file */

static int
blob_read(void *arg, unsigned char *p, int n)
{
	astream *s = arg;
	int left = sqlite3_blob_bytes(s->blob) - s->blob_pos;

	if (n > left)
		n = left;
	if (n <= 0)
		return 0;
	if (sqlite3_blob_read(s->blob, p, n, s->blob_pos) != SQLITE_OK)
		return -1;
	s->blob_pos += n;
	return n;
}

static int
blob_seek(void *arg, opus_int64 off, int whence)
{
	astream *s = arg;
	opus_int64 to = whence == SEEK_SET ? off : whence == SEEK_CUR ?
	    s->blob_pos + off : sqlite3_blob_bytes(s->blob) + off;

	if (to < 0 || to > sqlite3_blob_bytes(s->blob))
		return -1;
	s->blob_pos = (int)to;
	return 0;
}

static opus_int64
blob_tell(void *arg)
{
	return ((astream *)arg)->blob_pos;
}

static const OpusFileCallbacks blob_cb = { blob_read, blob_seek, blob_tell,
    NULL };

/* ---------------------------------------------------------------- the page's clips */

/* 1 if the language shown has clips of kind. */
static int
has_kind(const astream *s, const char *kind)
{
	size_t n = strlen(kind);

	if (s->kinds == NULL)
		return 1;
	for (const char *p = s->kinds; *p; ) {
		size_t k = strcspn(p, " ");

		if (k == n && strncmp(p, kind, n) == 0)
			return 1;
		p += k + (p[k] == ' ');
	}
	return 0;
}

/* Appends the clip kind/id when the pack has it: the row of the
 * language shown, else (its texts stayed French) the French one. */
static int
add_clip(astream *s, sqlite3_stmt *st, const char *kind, const char *id)
{
	int found = 0;

	if (s->nclips == MAX_CLIPS || !has_kind(s, kind))
		return 0;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 1);
		const char *starts = (const char *)sqlite3_column_text(st, 2);
		struct clip *c = &s->clips[s->nclips++];
		size_t k = 0;

		c->rowid = sqlite3_column_int64(st, 0);
		c->at_ms = s->duration_ms;
		/* Sentences and starts, one for one; a recording has only
		 * "0": its sentences are not timed, it is one. */
		for (const char *t = text ? text : ""; *t; k++) {
			const char *nl = strchr(t, '\n');
			size_t n = nl ? (size_t)(nl - t) : strlen(t);
			char *end;
			long ms = strtol(starts ? starts : "", &end, 10);

			if (end == starts && k > 0)
				break;
			if (s->text.len)
				strbuf_putc(&s->text, '\n');
			strbuf_add(&s->text, t, n);
			s->starts = xrealloc(s->starts, (s->nsent + 1) *
			    sizeof *s->starts);
			s->starts[s->nsent++] = c->at_ms + ms;
			starts = end;
			t = nl ? nl + 1 : t + n;
		}
		s->duration_ms += (long)sqlite3_column_int64(st, 3);
		found = 1;
	}
	sqlite3_reset(st);
	return found;
}

/* The clips that read page (see stream.h) into s; -1 + message when the
 * page is none that has audio. */
static int
page_clips(astream *s, sqlite3_stmt *st, const pack *p, const char *msd,
    const char *page, err_t *e)
{
	const char *colon = strchr(page, ':');
	const char *arg = colon ? colon + 1 : "";
	size_t n = colon ? (size_t)(colon - page) : strlen(page);

	if (n == 6 && strncmp(page, "rights", 6) == 0 && *arg == '\0') {
		for (size_t i = 0; i < p->npages; i++)
			add_clip(s, st, "page-title", p->pages[i].id);
	} else if (n == 6 && strncmp(page, "rights", 6) == 0) {
		add_clip(s, st, "page", arg);
	} else if (n == 6 && strncmp(page, "offers", 6) == 0) {
		for (size_t i = 0; i < p->nthemes; i++) {
			const char *t = p->themes[i].id;
			int any = 0;

			if (*arg && strcmp(arg, t) != 0)
				continue;
			for (size_t k = 0; k < p->noffers; k++) {
				const pack_offer *o = &p->offers[k];

				if (strcmp(o->theme, t) != 0 || !pack_offer_at(o, msd))
					continue;
				any = 1;
				if (*arg)
					add_clip(s, st, "offer-item", o->id);
			}
			if (!*arg && any)
				add_clip(s, st, "theme", t);
		}
	} else if (n == 5 && strncmp(page, "offer", 5) == 0) {
		add_clip(s, st, "offer", arg);
	} else if (n == 8 && strncmp(page, "feedback", 8) == 0) {
		long q = *arg ? strtol(arg, NULL, 10) : 1;

		if (q >= 1 && (size_t)q <= p->nquestions)
			add_clip(s, st, "question", p->questions[q - 1].id);
	} else if (n == 5 && strncmp(page, "gloss", 5) == 0) {
		/* The popup names the word as shown; its clip, by the French
		 * word (the rows of a view are the French pack's, in order). */
		const pack *fr = p->base ? p->base : p;
		const char *id = arg;

		for (size_t i = 0; i < p->ngloss && i < fr->ngloss; i++)
			if (strcmp(p->gloss[i].word, arg) == 0) {
				id = fr->gloss[i].word;
				break;
			}
		add_clip(s, st, "gloss", id);
	}
	if (s->nclips == 0 && s->kinds != NULL)
		return err_set(e, "the page %s has nothing to read aloud in %s "
		    "in %s (kinds read in it: %s; build with "
		    "--audio-all-offers for the offers' full text)", page, p->path,
		    p->lang, s->kinds);
	if (s->nclips == 0)
		return err_set(e, "the page %s has nothing to read aloud in %s "
		    "(pages that have audio: rights, rights:ID, offers, "
		    "offers:THEME, offer:ID, feedback:N)", page, p->path);
	return 0;
}

/* -1 + message unless db is the file of p, with an audio table. */
static int
same_pack(sqlite3 *db, const char *path, const pack *p, err_t *e)
{
	sqlite3_stmt *st;
	long v = -1;
	int audio = 0;

	if ((st = db_prepare(db, "SELECT (SELECT value FROM meta WHERE key = "
	    "'version'), EXISTS (SELECT 1 FROM sqlite_master WHERE type = "
	    "'table' AND name = 'audio')", e)) == NULL)
		return err_prefix(e, "%s: ", path);
	if (sqlite3_step(st) == SQLITE_ROW) {
		v = (long)sqlite3_column_int64(st, 0);
		audio = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (v != p->version)
		return err_set(e, "%s is no longer the pack on screen (version "
		    "%ld, shown %ld): its audio waits for the next return home",
		    path, v, p->version);
	if (!audio)
		return err_set(e, "%s has no audio: it was built with --no-audio "
		    "(build it again without that option)", path);
	return 0;
}

/* The languages of the audio (issue 16): 1 when the pack has them
 * (audio.lang, audio_voice), with s->kinds those of lang if not French;
 * 0 for a pack of before, whose audio is French; -1 + message when lang
 * cannot be heard. */
static int
audio_lang(astream *s, const char *path, const char *lang, err_t *e)
{
	sqlite3_stmt *st;
	int langs = 0, found = 0;

	if ((st = db_prepare(s->db, "SELECT EXISTS (SELECT 1 FROM "
	    "sqlite_master WHERE type = 'table' AND name = 'audio_voice')",
	    e)) == NULL)
		return err_prefix(e, "%s: ", path);
	if (sqlite3_step(st) == SQLITE_ROW)
		langs = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (!langs && strcmp(lang, "fr") != 0)
		return err_set(e, "%s has French audio only (built before the "
		    "languages had voices): build it again to hear %s", path,
		    lang);
	if (!langs)
		return 0;
	if ((st = db_prepare(s->db, "SELECT kinds FROM audio_voice WHERE "
	    "lang = ?1", e)) == NULL)
		return err_prefix(e, "%s: ", path);
	sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		if (strcmp(lang, "fr") != 0)
			s->kinds = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (!found)
		return err_set(e, "%s has no audio in %s: the machine that built "
		    "it had no espeak-ng voice for it (its build said so)", path,
		    lang);
	return 1;
}

astream *
astream_open(const char *path, const pack *p, const char *msd,
    const char *page, err_t *e)
{
	astream *s = xcalloc(1, sizeof *s);
	const char *lang = p->lang ? p->lang : "fr";
	sqlite3_stmt *st;
	int langs;

	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		err_set(e, "cannot open %s for its audio: %s", path,
		    s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	if (same_pack(s->db, path, p, e) < 0 ||
	    (langs = audio_lang(s, path, lang, e)) < 0)
		goto fail;
	if ((st = db_prepare(s->db, langs ? "SELECT rowid, sentences, starts, "
	    "duration_ms FROM audio WHERE kind = ?1 AND id = ?2 AND lang IN "
	    "(?3, 'fr') ORDER BY lang = 'fr' LIMIT 1" : "SELECT rowid, "
	    "sentences, starts, duration_ms FROM audio WHERE kind = ?1 AND "
	    "id = ?2", e)) == NULL)
		goto fail;
	if (langs)
		sqlite3_bind_text(st, 3, lang, -1, SQLITE_STATIC);
	if (page_clips(s, st, p, msd, page, e) < 0) {
		sqlite3_finalize(st);
		goto fail;
	}
	sqlite3_finalize(st);
	return s;
fail:
	astream_close(s);
	return NULL;
}

void
astream_close(astream *s)
{
	if (s == NULL)
		return;
	if (s->of)
		op_free(s->of);
	if (s->blob)
		sqlite3_blob_close(s->blob);
	sqlite3_close(s->db);
	strbuf_free(&s->text);
	free(s->starts);
	free(s->kinds);
	free(s);
}

/* Opens the decoder on clip s->cur; 0 past the last clip, -1 on error. */
static int
open_clip(astream *s)
{
	int err = 0;

	if (s->cur >= s->nclips)
		return 0;
	if (sqlite3_blob_open(s->db, "main", "audio", "data",
	    s->clips[s->cur].rowid, 0, &s->blob) != SQLITE_OK) {
		fprintf(stderr, "msd-kiosk: cannot read clip %zu of the audio: "
		    "%s\n", s->cur, sqlite3_errmsg(s->db));
		return -1;
	}
	s->blob_pos = 0;
	if ((s->of = op_open_callbacks(s, &blob_cb, NULL, 0, &err)) == NULL) {
		fprintf(stderr, "msd-kiosk: clip %zu of the audio is not Ogg "
		    "Opus (error %d): build the pack again\n", s->cur, err);
		return -1;
	}
	return 1;
}

static void
close_clip(astream *s)
{
	if (s->of)
		op_free(s->of);
	if (s->blob)
		sqlite3_blob_close(s->blob);
	s->of = NULL;
	s->blob = NULL;
	s->cur++;
}

long
astream_read(astream *s, int16_t *out, size_t n)
{
	size_t got = 0;

	while (got < n && !s->failed) {
		int r;

		if (s->of == NULL) {
			if ((r = open_clip(s)) <= 0) {
				s->failed = r < 0;
				break;
			}
		}
		r = op_read(s->of, out + got, (int)(n - got > 5760 * 4 ?
		    5760 * 4 : n - got), NULL);
		if (r < 0) {
			fprintf(stderr, "msd-kiosk: clip %zu of the audio does "
			    "not decode (error %d)\n", s->cur, r);
			s->failed = 1;
		} else if (r == 0)
			close_clip(s);
		else
			got += (size_t)r;
	}
	return s->failed && got == 0 ? -1 : (long)got;
}

size_t
astream_sentences(const astream *s)
{
	return s->nsent;
}

long
astream_start_ms(const astream *s, size_t i, const char **text, size_t *len)
{
	const char *t = strbuf_str(&s->text);

	for (size_t k = 0; k < i; k++)
		t = strchr(t, '\n') + 1;
	*text = t;
	*len = strchr(t, '\n') ? (size_t)(strchr(t, '\n') - t) : strlen(t);
	return s->starts[i];
}

size_t
astream_sentence_at(const astream *s, long ms)
{
	size_t i = 0;

	while (i + 1 < s->nsent && s->starts[i + 1] <= ms)
		i++;
	return i;
}

long
astream_duration_ms(const astream *s)
{
	return s->duration_ms;
}
