/*
 * audio_build.c - the pack's read-aloud audio (see audio_build.h).
 *
 * Each sentence is synthesised on its own, so that its start in the clip
 * is exact (espeak-ng's own sentence events follow its idea of a
 * sentence, not speech.c's, which is the kiosk's), and espeak-ng's pause
 * after each one is the pause between two sentences.
 */
#include "content/audio_build.h"
#include "content/speech.h"
#include "csvread.h"
#include "db.h"
#include "fsutil.h"
#include "schema.h"
#include "strbuf.h"

#include <espeak-ng/speak_lib.h>
#include <espeak-ng/espeak_ng.h>
#include <opusenc.h>
#include <opusfile.h>
#include <sodium.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Slower than espeak-ng's 175 words a minute: the people at the kiosk
 * are those who read with difficulty. */
#define VOICE_RATE	150
#define VOICE_NAME	"fr"
/* 16 kbit/s mono is clear speech at about 2 KB a second: the whole
 * content stays a few MB for the sync over a mountain line. */
#define OPUS_BITRATE	16000
/* Bumped when anything that changes the sound but not the text changes:
 * every cached clip is then made again. */
#define CACHE_FORMAT	"msd-clip 1"
#define CLIP_MAX	(16u << 20)	/* a cache file or recording read */

/* ---------------------------------------------------------------- clip */

struct clip {
	const char *kind, *id;
	speech sp;			/* the sentences as shown */
	const char *recording;		/* a recorded file, or NULL */
	char hash[65];
	strbuf starts;			/* ms, space separated */
	long duration_ms;
	unsigned char *data;
	size_t len;
};

/* ---------------------------------------------------------------- pronunciation */

struct pron {
	char **from, **to;
	size_t n;
};

static void
pron_free(struct pron *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->from[i]);
		free(p->to[i]);
	}
	free(p->from);
	free(p->to);
	memset(p, 0, sizeof *p);
}

/* SRC/prononciation.csv, the longest words first so that "France
 * Travail" is said before "France" is.  No file: an empty list. */
static int
pron_load(const char *dir, struct pron *p, err_t *e)
{
	char path[4096];
	csv_table t;
	int cw, cs;
	struct stat sb;

	memset(p, 0, sizeof *p);
	snprintf(path, sizeof path, "%s/%s", dir, AUDIO_PRON_FILE);
	if (stat(path, &sb) != 0)
		return 0;
	if (csv_load(path, 1u << 20, &t, e) < 0)
		return -1;
	cw = csv_col(&t, "mot");
	cs = csv_col(&t, "prononciation");
	if (cw < 0 || cs < 0) {
		csv_table_free(&t);
		return err_set(e, "%s: needs the columns mot and prononciation "
		    "(assets/content/README.md)", path);
	}
	p->from = xcalloc(t.nrows + 1, sizeof *p->from);
	p->to = xcalloc(t.nrows + 1, sizeof *p->to);
	for (size_t i = 0; i < t.nrows; i++) {
		const char *w = csv_cell(&t.rows[i], cw);
		const char *say = csv_cell(&t.rows[i], cs);
		size_t k;

		if (*w == '\0')
			continue;
		/* Insertion sort, longest first: a few dozen words. */
		for (k = p->n; k > 0 && strlen(p->from[k - 1]) < strlen(w); k--) {
			p->from[k] = p->from[k - 1];
			p->to[k] = p->to[k - 1];
		}
		p->from[k] = xstrdup(w);
		p->to[k] = xstrdup(say);
		p->n++;
	}
	csv_table_free(&t);
	return 0;
}

/* A byte of a word: letters, digits, and any byte of a non-ASCII
 * character (é, ç...). */
static int
word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* s with every whole-word occurrence of a listed word, written as it is
 * listed (capitals count: "rSa" and "RSA" are two entries), replaced. */
static char *
pron_apply(const struct pron *p, const char *s, size_t n)
{
	strbuf b = STRBUF_INIT;
	size_t i = 0;

	while (i < n) {
		size_t k = p->n;

		if (i == 0 || !word_byte((unsigned char)s[i - 1]))
			for (k = 0; k < p->n; k++) {
				size_t m = strlen(p->from[k]);

				if (m <= n - i && memcmp(s + i, p->from[k], m) == 0 &&
				    (i + m == n ||
				    !word_byte((unsigned char)s[i + m])))
					break;
			}
		if (k < p->n) {
			strbuf_puts(&b, p->to[k]);
			i += strlen(p->from[k]);
		} else
			strbuf_putc(&b, s[i++]);
	}
	return strbuf_take(&b);
}

/* ---------------------------------------------------------------- voice */

struct pcm {
	int16_t *s;
	size_t n, cap;
};

static struct pcm *synth_to;	/* espeak-ng's callback has no argument of ours */
static int voice_ready, voice_rate;

static void
pcm_add(struct pcm *p, const int16_t *s, size_t n)
{
	if (p->n + n > p->cap) {
		p->cap = (p->n + n) * 2;
		p->s = xrealloc(p->s, p->cap * sizeof *p->s);
	}
	memcpy(p->s + p->n, s, n * sizeof *s);
	p->n += n;
}

static int
synth_cb(short *wav, int n, espeak_EVENT *ev)
{
	(void)ev;
	if (wav != NULL && n > 0)
		pcm_add(synth_to, wav, (size_t)n);
	return 0;
}

static int
voice_init(err_t *e)
{
	espeak_ng_STATUS st;

	if (voice_ready)
		return 0;
	espeak_ng_InitializePath(NULL);
	if ((st = espeak_ng_Initialize(NULL)) != ENS_OK)
		return err_set(e, "cannot start espeak-ng (error %d): install the "
		    "Debian package espeak-ng-data, or build with --no-audio",
		    (int)st);
	if (espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL) !=
	    ENS_OK || espeak_ng_SetVoiceByName(VOICE_NAME) != ENS_OK)
		return err_set(e, "espeak-ng has no French voice '%s': install "
		    "espeak-ng-data, or build with --no-audio", VOICE_NAME);
	espeak_SetParameter(espeakRATE, VOICE_RATE, 0);
	espeak_SetSynthCallback(synth_cb);
	voice_rate = espeak_ng_GetSampleRate();
	voice_ready = 1;
	return 0;
}

/* ---------------------------------------------------------------- Opus */

static int
ogg_write(void *arg, const unsigned char *p, opus_int32 n)
{
	strbuf *b = arg;

	strbuf_add(b, (const char *)p, (size_t)n);
	return 0;
}

static int
ogg_close(void *arg)
{
	(void)arg;
	return 0;
}

/* n mono samples at rate into c->data as Ogg Opus. */
static int
encode(struct clip *c, const int16_t *s, size_t n, int rate, err_t *e)
{
	static const OpusEncCallbacks cb = { ogg_write, ogg_close };
	OggOpusComments *com = ope_comments_create();
	strbuf b = STRBUF_INIT;
	OggOpusEnc *enc;
	int err = 0;

	ope_comments_add(com, "ENCODER", "msd-kiosk content build");
	enc = ope_encoder_create_callbacks(&cb, &b, com, rate, 1, 0, &err);
	ope_comments_destroy(com);
	if (enc == NULL)
		return err_set(e, "%s %s: cannot encode its audio at %d Hz: %s",
		    c->kind, c->id, rate, ope_strerror(err));
	ope_encoder_ctl(enc, OPUS_SET_BITRATE(OPUS_BITRATE));
	ope_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
	if ((err = ope_encoder_write(enc, s, (int)n)) != OPE_OK ||
	    (err = ope_encoder_drain(enc)) != OPE_OK) {
		ope_encoder_destroy(enc);
		strbuf_free(&b);
		return err_set(e, "%s %s: cannot encode its audio: %s", c->kind,
		    c->id, ope_strerror(err));
	}
	ope_encoder_destroy(enc);
	c->len = b.len;
	c->data = (unsigned char *)strbuf_take(&b);
	return 0;
}

/* ---------------------------------------------------------------- synthesis */

static int
synthesise(struct clip *c, const struct pron *p, err_t *e)
{
	struct pcm pcm = { NULL, 0, 0 };
	int rc;

	if (voice_init(e) < 0)
		return -1;
	synth_to = &pcm;
	strbuf_reset(&c->starts);
	for (size_t i = 0; i < c->sp.n; i++) {
		size_t n;
		const char *s = speech_sentence(&c->sp, i, &n);
		char *say = pron_apply(p, s, n);

		strbuf_printf(&c->starts, "%s%ld", i ? " " : "",
		    (long)(pcm.n * 1000 / (size_t)voice_rate));
		if (espeak_Synth(say, strlen(say) + 1, 0, POS_CHARACTER, 0,
		    espeakCHARS_UTF8, NULL, NULL) != EE_OK) {
			free(say);
			free(pcm.s);
			return err_set(e, "%s %s: espeak-ng could not say "
			    "\"%.*s\"", c->kind, c->id, (int)n, s);
		}
		free(say);
	}
	c->duration_ms = (long)(pcm.n * 1000 / (size_t)voice_rate);
	rc = encode(c, pcm.s, pcm.n, voice_rate, e);
	free(pcm.s);
	return rc;
}

/* The cache key: the voice, its settings and the text as it is said. */
static void
clip_hash(struct clip *c, const struct pron *p)
{
	crypto_hash_sha256_state h;
	unsigned char d[32];
	char head[256];

	crypto_hash_sha256_init(&h);
	snprintf(head, sizeof head, "%s\n%s %s rate %d opus %d\n", CACHE_FORMAT,
	    espeak_Info(NULL), VOICE_NAME, VOICE_RATE, OPUS_BITRATE);
	crypto_hash_sha256_update(&h, (const unsigned char *)head, strlen(head));
	for (size_t i = 0; i < c->sp.n; i++) {
		size_t n;
		const char *s = speech_sentence(&c->sp, i, &n);
		char *say = pron_apply(p, s, n);

		crypto_hash_sha256_update(&h, (const unsigned char *)say,
		    strlen(say) + 1);
		free(say);
	}
	crypto_hash_sha256_final(&h, d);
	for (int i = 0; i < 32; i++)
		snprintf(c->hash + 2 * i, 3, "%02x", d[i]);
}

/* ---------------------------------------------------------------- recordings */

static uint32_t
le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A WAV of 16-bit PCM, mono or stereo (mixed down), 8 to 48 kHz. */
static int
record_wav(struct clip *c, const unsigned char *d, size_t n, err_t *e)
{
	const unsigned char *fmt = NULL, *pcm = NULL;
	size_t pcm_n = 0;
	int rc;

	if (n < 12 || memcmp(d, "RIFF", 4) != 0 || memcmp(d + 8, "WAVE", 4) != 0)
		return err_set(e, "%s: not a WAV file (save it as WAV, 16 bits)",
		    c->recording);
	for (size_t i = 12; i + 8 <= n; ) {
		size_t len = le32(d + i + 4);

		if (len > n - i - 8)
			len = n - i - 8;
		if (memcmp(d + i, "fmt ", 4) == 0 && len >= 16)
			fmt = d + i + 8;
		else if (memcmp(d + i, "data", 4) == 0) {
			pcm = d + i + 8;
			pcm_n = len;
		}
		i += 8 + len + (len & 1);
	}
	if (fmt == NULL || pcm == NULL || (fmt[0] | fmt[1] << 8) != 1 ||
	    (fmt[14] | fmt[15] << 8) != 16 || fmt[2] < 1 || fmt[2] > 2 ||
	    le32(fmt + 4) < 8000 || le32(fmt + 4) > 48000)
		return err_set(e, "%s: a recording must be WAV PCM 16 bits, mono "
		    "or stereo, 8000 to 48000 Hz (or Ogg Opus, .opus)",
		    c->recording);
	{
		int ch = fmt[2];
		size_t frames = pcm_n / (2 * (size_t)ch);
		int16_t *mono = xmalloc((frames ? frames : 1) * sizeof *mono);

		for (size_t f = 0; f < frames; f++) {
			long sum = 0;

			for (int k = 0; k < ch; k++) {
				const unsigned char *q = pcm + 2 * (f * ch + k);

				sum += (int16_t)(q[0] | q[1] << 8);
			}
			mono[f] = (int16_t)(sum / ch);
		}
		c->duration_ms = (long)(frames * 1000 / le32(fmt + 4));
		rc = encode(c, mono, frames, (int)le32(fmt + 4), e);
		free(mono);
	}
	return rc;
}

/* An Ogg Opus file, stored as it is once opusfile reads it. */
static int
record_opus(struct clip *c, const unsigned char *d, size_t n, err_t *e)
{
	int err;
	OggOpusFile *of = op_open_memory(d, n, &err);

	if (of == NULL)
		return err_set(e, "%s: not an Ogg Opus file (error %d)",
		    c->recording, err);
	c->duration_ms = (long)(op_pcm_total(of, -1) / 48);
	op_free(of);
	c->data = xmalloc(n);
	memcpy(c->data, d, n);
	c->len = n;
	return 0;
}

static int
record(struct clip *c, err_t *e)
{
	size_t n;
	char *d = fs_read_file(c->recording, CLIP_MAX, &n, e);
	int rc;

	if (d == NULL)
		return -1;
	strbuf_reset(&c->starts);
	strbuf_puts(&c->starts, "0");
	if (strlen(c->recording) > 4 &&
	    strcmp(c->recording + strlen(c->recording) - 4, ".wav") == 0)
		rc = record_wav(c, (unsigned char *)d, n, e);
	else
		rc = record_opus(c, (unsigned char *)d, n, e);
	/* A recording is keyed by its bytes: a new take is a new clip. */
	{
		unsigned char h[32];

		crypto_hash_sha256(h, (unsigned char *)d, n);
		for (int i = 0; i < 32; i++)
			snprintf(c->hash + 2 * i, 3, "%02x", h[i]);
	}
	free(d);
	return rc;
}

/* The recording beside a page's source: pages/01-le-rsa.txt ->
 * pages/01-le-rsa.opus or pages/01-le-rsa.wav.  NULL if none. */
static char *
recording_of(const char *page_file)
{
	static const char *const ext[] = { ".opus", ".wav" };
	size_t n = strlen(page_file);

	if (n > 4 && strcmp(page_file + n - 4, ".txt") == 0)
		n -= 4;
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		strbuf b = STRBUF_INIT;
		struct stat sb;

		strbuf_add(&b, page_file, n);
		strbuf_puts(&b, ext[i]);
		if (stat(strbuf_str(&b), &sb) == 0 && S_ISREG(sb.st_mode))
			return strbuf_take(&b);
		strbuf_free(&b);
	}
	return NULL;
}

/* ---------------------------------------------------------------- cache */

/* A cache file: "msd-clip 1 DURATION_MS\nSTARTS\n" then the Ogg Opus. */
static int
cache_get(const char *dir, struct clip *c)
{
	char path[4096], head[64];
	err_t e;
	size_t n;
	char *d, *nl, *nl2;
	long dur;

	if (dir == NULL)
		return 0;
	snprintf(path, sizeof path, "%s/%s.clip", dir, c->hash);
	if ((d = fs_read_file(path, CLIP_MAX, &n, &e)) == NULL)
		return 0;
	snprintf(head, sizeof head, "%s ", CACHE_FORMAT);
	nl = memchr(d, '\n', n);
	nl2 = nl ? memchr(nl + 1, '\n', n - (size_t)(nl + 1 - d)) : NULL;
	if (nl2 == NULL || strncmp(d, head, strlen(head)) != 0 ||
	    sscanf(d + strlen(head), "%ld", &dur) != 1) {
		free(d);
		return 0;	/* not ours, or half written: made again */
	}
	c->duration_ms = dur;
	strbuf_reset(&c->starts);
	strbuf_add(&c->starts, nl + 1, (size_t)(nl2 - nl - 1));
	c->len = n - (size_t)(nl2 + 1 - d);
	c->data = xmalloc(c->len ? c->len : 1);
	memcpy(c->data, nl2 + 1, c->len);
	free(d);
	return 1;
}

/* Written under a temporary name and renamed: two builds sharing a
 * cache never read half a file. */
static int
cache_put(const char *dir, const struct clip *c, err_t *e)
{
	char path[4096], tmp[4200];
	FILE *f;
	int ok;

	if (dir == NULL)
		return 0;
	if (fs_mkdirs(dir, 0755, e) < 0)
		return err_prefix(e, "audio cache: ");
	snprintf(path, sizeof path, "%s/%s.clip", dir, c->hash);
	snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
	if ((f = fopen(tmp, "wb")) == NULL)
		return err_set(e, "cannot write the audio cache %s: %s (give "
		    "another --audio-cache DIR)", tmp, strerror(errno));
	ok = fprintf(f, "%s %ld\n%s\n", CACHE_FORMAT, c->duration_ms,
	    strbuf_str(&c->starts)) > 0 &&
	    fwrite(c->data, 1, c->len, f) == c->len;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return err_set(e, "cannot write the audio cache %s: %s (disk "
		    "full?)", path, strerror(errno));
	}
	return 0;
}

/* ---------------------------------------------------------------- table */

static int
insert(sqlite3 *db, sqlite3_stmt *st, const struct clip *c, err_t *e)
{
	int rc;

	sqlite3_bind_text(st, 1, c->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, strbuf_str(&c->sp.text), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, strbuf_str(&c->starts), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, c->duration_ms);
	sqlite3_bind_int(st, 7, c->recording != NULL);
	sqlite3_bind_blob(st, 8, c->data, (int)c->len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return err_set(e, "cannot write the audio of %s %s into the pack: "
		    "%s", c->kind, c->id, sqlite3_errmsg(db));
	return 0;
}

struct run {
	sqlite3 *db;
	sqlite3_stmt *st;
	const struct audio_opts *o;
	struct pron pron;
	struct audio_stats *stats;
};

/* Makes c's audio (cache, recording or synthesis), writes its row, and
 * frees it. */
static int
put_clip(struct run *r, struct clip *c, err_t *e)
{
	int rc = 0;

	if (c->sp.n == 0)
		goto done;	/* nothing to say */
	if (c->recording != NULL) {
		rc = record(c, e);
		r->stats->recorded += rc == 0;
	} else {
		clip_hash(c, &r->pron);
		if (cache_get(r->o->cache_dir, c))
			r->stats->cached++;
		else if ((rc = synthesise(c, &r->pron, e)) == 0) {
			rc = cache_put(r->o->cache_dir, c, e);
			r->stats->synthesised++;
		}
	}
	if (rc == 0)
		rc = insert(r->db, r->st, c, e);
	if (rc == 0) {
		r->stats->clips++;
		r->stats->bytes += c->len;
		r->stats->seconds += c->duration_ms / 1000.0;
	}
done:
	speech_free(&c->sp);
	strbuf_free(&c->starts);
	free(c->data);
	free((char *)c->recording);
	return rc;
}

static void
clip_init(struct clip *c, const char *kind, const char *id)
{
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->id = id;
	speech_init(&c->sp);
}

static int
pages(struct run *r, const content_src *s, err_t *e)
{
	for (size_t i = 0; i < s->npages; i++) {
		const src_page *p = &s->pages[i];
		struct clip c;

		clip_init(&c, "page", p->id);
		speech_page(&c.sp, p->title.v, p->body.v);
		c.recording = recording_of(p->file);
		if (put_clip(r, &c, e) < 0)
			return -1;
		clip_init(&c, "page-title", p->id);
		speech_add(&c.sp, p->title.v);
		if (put_clip(r, &c, e) < 0)
			return -1;
	}
	return 0;
}

static int
offers(struct run *r, const content_src *s, err_t *e)
{
	for (size_t i = 0; i < s->noffers; i++) {
		const src_offer *o = &s->offers[i];
		struct clip c;

		clip_init(&c, "offer", o->id.v);
		speech_offer(&c.sp, o->title.v, o->summary.v, o->for_whom.v,
		    o->cost.v, o->how.v, o->contact.v, o->body.v);
		if (put_clip(r, &c, e) < 0)
			return -1;
		clip_init(&c, "offer-item", o->id.v);
		speech_item(&c.sp, o->title.v, o->summary.v);
		if (put_clip(r, &c, e) < 0)
			return -1;
	}
	for (size_t i = 0; i < s->nthemes; i++) {
		struct clip c;

		clip_init(&c, "theme", s->themes[i].id.v);
		speech_item(&c.sp, s->themes[i].title.v, s->themes[i].summary.v);
		if (put_clip(r, &c, e) < 0)
			return -1;
	}
	return 0;
}

static int
others(struct run *r, const content_src *s, err_t *e)
{
	for (size_t i = 0; i < s->nquestions; i++) {
		const src_question *q = &s->questions[i];
		const char **labels = xcalloc(q->nans + 1, sizeof *labels);
		struct clip c;
		int rc;

		for (size_t k = 0; k < q->nans; k++)
			labels[k] = q->ans[k].label;
		clip_init(&c, "question", q->id.v);
		speech_question(&c.sp, q->text.v, labels, q->nans);
		free(labels);
		if ((rc = put_clip(r, &c, e)) < 0)
			return -1;
	}
	for (size_t i = 0; i < s->ngloss; i++) {
		struct clip c;

		clip_init(&c, "gloss", s->gloss[i].word.v);
		speech_gloss(&c.sp, s->gloss[i].word.v, s->gloss[i].explanation.v);
		if (put_clip(r, &c, e) < 0)
			return -1;
	}
	return 0;
}

int
audio_build(sqlite3 *db, const content_src *s, const struct audio_opts *o,
    struct audio_stats *st, err_t *e)
{
	struct run r = { db, NULL, o, { NULL, NULL, 0 }, st };
	int rc;

	memset(st, 0, sizeof *st);
	if (db_exec(db, content_audio_schema[0], e) < 0)
		return -1;
	if (pron_load(s->dir, &r.pron, e) < 0)
		return -1;
	if ((r.st = db_prepare(db, "INSERT INTO audio(kind, id, text_sha256, "
	    "sentences, starts, duration_ms, recorded, data) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8)", e)) == NULL) {
		pron_free(&r.pron);
		return -1;
	}
	rc = pages(&r, s, e) < 0 || offers(&r, s, e) < 0 ||
	    others(&r, s, e) < 0 ? -1 : 0;
	sqlite3_finalize(r.st);
	pron_free(&r.pron);
	/* espeak-ng's tables are freed here, not at exit: the sanitizers'
	 * leak check runs on every build the tests make. */
	if (voice_ready) {
		espeak_ng_Terminate();
		voice_ready = 0;
	}
	return rc;
}
