/*
 * audio_build.c - the pack's read-aloud audio (see audio_build.h).
 *
 * Each sentence is synthesised on its own, so that its start in the clip
 * is exact (espeak-ng's own sentence events follow its idea of a
 * sentence, not speech.c's, which is the kiosk's), and espeak-ng's pause
 * after each one is the pause between two sentences.
 */
#include "content/audio_build.h"
#include "content/audio_pron.h"
#include "content/espeak_lazy.h"
#include "content/labels.h"
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
/* 16 kbit/s mono is clear speech at about 2 KB a second: the whole
 * content stays a few MB for the sync over a mountain line. */
#define OPUS_BITRATE	16000
/* Bumped when anything that changes the sound but not the text changes:
 * every cached clip is then made again. */
#define CACHE_FORMAT	"msd-clip 1"
#define CLIP_MAX	(16u << 20)	/* a cache file or recording read */

/* ---------------------------------------------------------------- clip */

struct clip {
	const char *lang;		/* the language shown, the row's */
	const char *kind, *id;
	speech sp;			/* the sentences as shown */
	const char *recording;		/* a recorded file, or NULL */
	char hash[65];
	strbuf starts;			/* ms, space separated */
	long duration_ms;
	unsigned char *data;
	size_t len;
};

/* ---------------------------------------------------------------- voice */

struct pcm {
	int16_t *s;
	size_t n, cap;
};

static struct pcm *synth_to;	/* espeak-ng's callback has no argument of ours */
static int voice_ready, voice_rate;
static const char *voice_now;	/* the voice espeak-ng has set, or NULL */

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
	if (audio_espeak_load(e) != 0)
		return err_prefix(e, "the voice of \"Écouter\" (or build with "
		    "--no-audio): ");
	espeak_ng_InitializePath(NULL);
	if ((st = espeak_ng_Initialize(NULL)) != ENS_OK ||
	    espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL) !=
	    ENS_OK)
		return err_set(e, "cannot start espeak-ng (error %d): install the "
		    "Debian package espeak-ng-data, or build with --no-audio",
		    (int)st);
	espeak_SetSynthCallback(synth_cb);
	voice_rate = espeak_ng_GetSampleRate();
	voice_now = NULL;
	voice_ready = 1;
	return 0;
}

/* Makes name espeak-ng's voice (the rate is the voice's: set again).
 * 0, or -1 when espeak-ng has no such voice. */
static int
voice_set(const char *name)
{
	if (voice_now != NULL && strcmp(voice_now, name) == 0)
		return 0;
	voice_now = NULL;
	if (espeak_ng_SetVoiceByName(name) != ENS_OK)
		return -1;
	espeak_SetParameter(espeakRATE, VOICE_RATE, 0);
	voice_now = name;
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

/* The voices a build reads with, found on this machine. */
struct voices {
	char *lang[AUDIO_MAX_LANGS], *voice[AUDIO_MAX_LANGS];
	size_t n;
};

static const char *
voice_of(const struct voices *v, const char *lang)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->lang[i], lang) == 0)
			return v->voice[i];
	return NULL;
}

/* The language sentence i of c is said in: its own (a text that stayed
 * French in a translated clip), else the clip's. */
static const char *
sentence_lang(const struct clip *c, size_t i)
{
	const char *l = speech_sentence_lang(&c->sp, i);

	return l ? l : c->lang;
}

static int
synthesise(struct clip *c, const audio_pron *p, const struct voices *v,
    err_t *e)
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
		const char *lang = sentence_lang(c, i);
		const char *voice = voice_of(v, lang);
		char *say;

		if (voice == NULL || voice_set(voice) < 0) {
			free(pcm.s);
			return err_set(e, "%s %s (%s): espeak-ng has no voice for "
			    "%s, whose text it reads (install espeak-ng-data, or "
			    "build with --no-audio)", c->kind, c->id, c->lang, lang);
		}
		say = audio_pron_apply(p, lang, s, n);
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

/* The cache key: the voice, its settings and the text as it is said.
 * A clip in one voice names it once, as before issue 16 (the French
 * clips of an older cache are still found, and a French text shown in
 * another language is the French clip); a clip in two voices names each
 * sentence's. */
static void
clip_hash(struct clip *c, const audio_pron *p, const struct voices *v)
{
	crypto_hash_sha256_state h;
	unsigned char d[32];
	char head[256];
	const char *one = voice_of(v, sentence_lang(c, 0));

	for (size_t i = 1; one && i < c->sp.n; i++)
		if (voice_of(v, sentence_lang(c, i)) != one)
			one = NULL;
	crypto_hash_sha256_init(&h);
	snprintf(head, sizeof head, "%s\n%s %s rate %d opus %d\n", CACHE_FORMAT,
	    espeak_Info(NULL), one ? one : "mixed", VOICE_RATE, OPUS_BITRATE);
	crypto_hash_sha256_update(&h, (const unsigned char *)head, strlen(head));
	for (size_t i = 0; i < c->sp.n; i++) {
		size_t n;
		const char *s = speech_sentence(&c->sp, i, &n);
		const char *lang = sentence_lang(c, i);
		char *say = audio_pron_apply(p, lang, s, n);

		if (one == NULL) {
			const char *vo = voice_of(v, lang);

			vo = vo ? vo : "";
			crypto_hash_sha256_update(&h, (const unsigned char *)vo,
			    strlen(vo) + 1);
		}
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

	sqlite3_bind_text(st, 1, c->lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, strbuf_str(&c->sp.text), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, strbuf_str(&c->starts), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, c->duration_ms);
	sqlite3_bind_int(st, 8, c->recording != NULL);
	sqlite3_bind_blob(st, 9, c->data, (int)c->len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return err_set(e, "cannot write the audio of %s %s (%s) into the "
		    "pack: %s", c->kind, c->id, c->lang, sqlite3_errmsg(db));
	return 0;
}

/* The translated texts a clip of another language than French reads:
 * the speech's language callback tells them from the French ones. */
#define CLIP_MAX_TEXTS	64

struct run {
	sqlite3 *db;
	sqlite3_stmt *st;
	const struct audio_opts *o;
	const content_src *s;
	audio_pron pron;
	struct voices voices;
	struct audio_stats *stats;
	const char *lang;		/* the language being read */
	const char *texts[CLIP_MAX_TEXTS];	/* of lang in this clip */
	size_t ntexts;
};

static int
cmp_tr(const void *k, const void *row)
{
	const src_tr *a = k, *b = row;
	int c = strcmp(a->lang, b->lang);

	return c ? c : strcmp(a->key, b->key);
}

/* The translation of PREFIX.ID.FIELD in the language read, NULL if none
 * (French read, or not translated). */
static const src_tr *
tr_of(const struct run *r, const char *prefix, const char *id,
    const char *field)
{
	const content_i18n *in = &r->s->i18n;
	char key[512];
	src_tr k;

	if (strcmp(r->lang, "fr") == 0 || in->ntrs == 0)
		return NULL;
	snprintf(key, sizeof key, *field ? "%s.%s.%s" : "%s.%s", prefix, id,
	    field);
	k.lang = (char *)r->lang;
	k.key = key;
	return bsearch(&k, in->trs, in->ntrs, sizeof *in->trs, cmp_tr);
}

/* The text shown in the language read: its translation, else the
 * French fr (what i18n_localize() gives the screens). */
static const char *
tx(struct run *r, const char *prefix, const char *id, const char *field,
    const char *fr)
{
	const src_tr *t = tr_of(r, prefix, id, field);

	if (t == NULL)
		return fr;
	if (r->ntexts < CLIP_MAX_TEXTS)
		r->texts[r->ntexts++] = t->text;
	return t->text;
}

static const char *
lang_of(void *arg, const char *text)
{
	const struct run *r = arg;

	for (size_t i = 0; i < r->ntexts; i++)
		if (r->texts[i] == text)
			return r->lang;
	return "fr";
}

/* Makes c's audio (cache, recording or synthesis), writes its row, and
 * frees it. */
static int
put_clip(struct run *r, struct clip *c, err_t *e)
{
	int rc = 0;

	if (c->sp.n == 0)
		goto done;	/* nothing to say */
	if (strcmp(c->lang, "fr") != 0 && r->ntexts == 0) {
		/* Every text stayed French: the kiosk reads the French
		 * row (schema/content_audio.sql). */
		r->stats->french++;
		goto done;
	}
	if (c->recording != NULL) {
		rc = record(c, e);
		r->stats->recorded += rc == 0;
	} else {
		clip_hash(c, &r->pron, &r->voices);
		if (cache_get(r->o->cache_dir, c))
			r->stats->cached++;
		else if ((rc = synthesise(c, &r->pron, &r->voices, e)) == 0) {
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
clip_init(struct run *r, struct clip *c, const char *kind, const char *id)
{
	memset(c, 0, sizeof *c);
	c->lang = r->lang;
	c->kind = kind;
	c->id = id;
	speech_init(&c->sp);
	r->ntexts = 0;
	if (strcmp(r->lang, "fr") != 0)
		speech_langs(&c->sp, lang_of, r);
}

/* Whether the language read has clips of kind (audio_voice.kinds). */
static int
reads(const struct run *r, const char *kind)
{
	return strcmp(r->lang, "fr") == 0 || r->o->all_offers ||
	    strcmp(kind, "offer") != 0;
}

static int
pages(struct run *r, const content_src *s, err_t *e)
{
	for (size_t i = 0; i < s->npages; i++) {
		const src_page *p = &s->pages[i];
		const src_tr *t = tr_of(r, "page", p->id, "texte");
		struct clip c;

		clip_init(r, &c, "page", p->id);
		speech_page(&c.sp, tx(r, "page", p->id, "titre", p->title.v),
		    tx(r, "page", p->id, "texte", p->body.v));
		/* A recording beside the page's text, French or translated. */
		if (strcmp(r->lang, "fr") == 0)
			c.recording = recording_of(p->file);
		else if (t != NULL && t->file != NULL)
			c.recording = recording_of(t->file);
		if (put_clip(r, &c, e) < 0)
			return -1;
		clip_init(r, &c, "page-title", p->id);
		speech_add(&c.sp, tx(r, "page", p->id, "titre", p->title.v));
		if (put_clip(r, &c, e) < 0)
			return -1;
	}
	return 0;
}

/* The offer's section titles, as the screen shows them in the language
 * read (interface.csv's offre.*). */
static void
offer_labels(struct run *r, const char *l[4])
{
	static const char *const name[] = { "pour-qui", "cout", "comment",
	    "contact" };
	static const char *const fr[] = { LABEL_FOR_WHOM, LABEL_COST,
	    LABEL_HOW, LABEL_CONTACT };

	for (int i = 0; i < 4; i++) {
		char key[64];

		snprintf(key, sizeof key, "offre.%s", name[i]);
		l[i] = tx(r, "ui", key, "", fr[i]);
	}
}

static int
offers(struct run *r, const content_src *s, err_t *e)
{
	for (size_t i = 0; i < s->noffers && reads(r, "offer"); i++) {
		const src_offer *o = &s->offers[i];
		const char *id = o->id.v, *labels[4];
		struct clip c;

		clip_init(r, &c, "offer", id);
		offer_labels(r, labels);
		c.sp.labels = labels;
		speech_offer(&c.sp, tx(r, "offre", id, "titre", o->title.v),
		    tx(r, "offre", id, "resume", o->summary.v),
		    tx(r, "offre", id, "pour_qui", o->for_whom.v),
		    tx(r, "offre", id, "cout", o->cost.v),
		    tx(r, "offre", id, "comment", o->how.v),
		    tx(r, "offre", id, "contact", o->contact.v),
		    tx(r, "offre", id, "texte", o->body.v));
		if (put_clip(r, &c, e) < 0)
			return -1;
	}
	for (size_t i = 0; i < s->noffers; i++) {
		const src_offer *o = &s->offers[i];
		const char *id = o->id.v;
		struct clip c;

		clip_init(r, &c, "offer-item", id);
		speech_item(&c.sp, tx(r, "offre", id, "titre", o->title.v),
		    tx(r, "offre", id, "resume", o->summary.v));
		if (put_clip(r, &c, e) < 0)
			return -1;
	}
	for (size_t i = 0; i < s->nthemes; i++) {
		const char *id = s->themes[i].id.v;
		struct clip c;

		clip_init(r, &c, "theme", id);
		speech_item(&c.sp, tx(r, "theme", id, "titre",
		    s->themes[i].title.v), tx(r, "theme", id, "resume",
		    s->themes[i].summary.v));
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

		clip_init(r, &c, "question", q->id.v);
		for (size_t k = 0; k < q->nans; k++) {
			char field[128];

			snprintf(field, sizeof field, "reponse.%s", q->ans[k].picto);
			labels[k] = tx(r, "question", q->id.v, field,
			    q->ans[k].label);
		}
		speech_question(&c.sp, tx(r, "question", q->id.v, "question",
		    q->text.v), labels, q->nans);
		free(labels);
		if ((rc = put_clip(r, &c, e)) < 0)
			return -1;
	}
	for (size_t i = 0; i < s->ngloss; i++) {
		const char *w = s->gloss[i].word.v;
		struct clip c;

		/* Named by its French word in every language: the key of
		 * its translations, the kiosk's popup finds it so. */
		clip_init(r, &c, "gloss", w);
		speech_gloss(&c.sp, tx(r, "glossaire", w, "mot", w),
		    tx(r, "glossaire", w, "explication",
		    s->gloss[i].explanation.v));
		if (put_clip(r, &c, e) < 0)
			return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- languages */

/* 1 if code is in the list "fr,en" (NULL: every language). */
static int
listed(const char *list, const char *code)
{
	size_t n = strlen(code);

	if (list == NULL)
		return 1;
	for (const char *p = list; *p; ) {
		size_t k = strcspn(p, ",");

		if (k == n && strncmp(p, code, n) == 0)
			return 1;
		p += k + (p[k] == ',');
	}
	return 0;
}

/* The voice asked for lang: --audio-voice LANG=VOICE, else the code
 * itself, which espeak-ng's voices answer to: fr (France), en (British
 * English), ar, uk.  Freed by the caller. */
static char *
voice_asked(const struct audio_opts *o, const char *lang)
{
	size_t n = strlen(lang);

	for (const char *p = o->voices ? o->voices : ""; *p; ) {
		size_t k = strcspn(p, ",");

		if (k > n && strncmp(p, lang, n) == 0 && p[n] == '=')
			return xstrndup(p + n + 1, k - n - 1);
		p += k + (p[k] == ',');
	}
	return xstrdup(lang);
}

static void
note(char *buf, size_t size, const char *fmt, const char *a, const char *b)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, fmt, len ? ", " : "", a, b);
}

/* Finds the voice of every language of s on this machine (French's too
 * when it is not read: it says the texts that stayed French), and checks
 * the languages asked for exist.  -1 + message. */
static int
find_voices(struct run *r, err_t *e)
{
	const content_i18n *in = &r->s->i18n;
	struct audio_stats *st = r->stats;

	for (const char *p = r->o->langs ? r->o->langs : ""; *p; ) {
		size_t k = strcspn(p, ",");
		size_t i;

		for (i = 0; i < in->nlangs; i++)
			if (strlen(in->langs[i].code) == k &&
			    strncmp(in->langs[i].code, p, k) == 0)
				break;
		if (i == in->nlangs)
			return err_set(e, "--audio-langs: %.*s is no language of "
			    "%s (French, or a folder of %s/%s)", (int)k, p,
			    r->s->dir, r->s->dir, I18N_DIR);
		p += k + (p[k] == ',');
	}
	if (voice_init(e) < 0)
		return -1;
	for (size_t i = 0; i < in->nlangs && r->voices.n < AUDIO_MAX_LANGS; i++) {
		const char *code = in->langs[i].code;
		char *v = voice_asked(r->o, code);
		int fr = strcmp(code, "fr") == 0;

		if (!fr && !listed(r->o->langs, code)) {
			free(v);
			continue;
		}
		if (voice_set(v) < 0) {
			if (fr) {
				err_set(e, "espeak-ng has no French voice '%s': "
				    "install espeak-ng-data, or build with "
				    "--no-audio", v);
				free(v);
				return -1;
			}
			note(st->novoice, sizeof st->novoice, "%s%s (voice %s)",
			    code, v);
			free(v);
			continue;
		}
		r->voices.lang[r->voices.n] = xstrdup(code);
		r->voices.voice[r->voices.n++] = v;
	}
	return 0;
}

static int
add_voice(struct run *r, const char *lang, const char *voice, err_t *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(r->db, "INSERT INTO audio_voice(lang, voice, "
	    "kinds) VALUES (?1, ?2, ?3)", e)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, voice, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, reads(r, "offer") ? AUDIO_KINDS " offer" :
	    AUDIO_KINDS, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return err_set(e, "cannot write the voice of %s into the pack: %s",
		    lang, sqlite3_errmsg(r->db));
	note(r->stats->voices, sizeof r->stats->voices, "%s%s (%s)", lang,
	    voice);
	return 0;
}

int
audio_build(sqlite3 *db, const content_src *s, const struct audio_opts *o,
    struct audio_stats *st, err_t *e)
{
	struct run r;
	int rc = 0;

	memset(&r, 0, sizeof r);
	r.db = db;
	r.o = o;
	r.s = s;
	r.stats = st;
	memset(st, 0, sizeof *st);
	if (db_exec(db, content_audio_schema[0], e) < 0)
		return -1;
	if (audio_pron_load(s->dir, &r.pron, e) < 0)
		return -1;
	if ((r.st = db_prepare(db, "INSERT INTO audio(lang, kind, id, "
	    "text_sha256, sentences, starts, duration_ms, recorded, data) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", e)) == NULL)
		rc = -1;
	if (rc == 0)
		rc = find_voices(&r, e);
	for (size_t i = 0; rc == 0 && i < r.voices.n; i++) {
		r.lang = r.voices.lang[i];
		if (!listed(o->langs, r.lang))
			continue;	/* French, only for what stayed French */
		rc = add_voice(&r, r.lang, r.voices.voice[i], e) < 0 ||
		    pages(&r, s, e) < 0 || offers(&r, s, e) < 0 ||
		    others(&r, s, e) < 0 ? -1 : 0;
	}
	sqlite3_finalize(r.st);
	audio_pron_free(&r.pron);
	for (size_t i = 0; i < r.voices.n; i++) {
		free(r.voices.lang[i]);
		free(r.voices.voice[i]);
	}
	/* espeak-ng's tables are freed here, not at exit: the sanitizers'
	 * leak check runs on every build the tests make. */
	if (voice_ready) {
		espeak_ng_Terminate();
		voice_ready = 0;
		voice_now = NULL;
	}
	return rc;
}
