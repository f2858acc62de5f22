/*
 * read_aloud.c - --read-aloud FILE.wav: what "Écouter" plays for --page,
 * through the same stream (audio/stream.h) the kiosk plays, written as
 * a WAV (48 kHz mono, 16 bits); --layout-report lists the sentences and
 * when each starts.  No window, no audio device.
 */
#include "app/kiosk.h"
#include "audio/stream.h"
#include "fsutil.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8 & 0xff;
	p[2] = v >> 16 & 0xff;
	p[3] = v >> 24;
}

/* The 44-byte header of a PCM WAV of n samples. */
static void
wav_header(unsigned char h[44], uint32_t n)
{
	memcpy(h, "RIFF", 4);
	put32(h + 4, 36 + 2 * n);
	memcpy(h + 8, "WAVEfmt ", 8);
	put32(h + 16, 16);
	h[20] = 1, h[21] = 0;		/* PCM */
	h[22] = 1, h[23] = 0;		/* mono */
	put32(h + 24, ASTREAM_RATE);
	put32(h + 28, ASTREAM_RATE * 2);
	h[32] = 2, h[33] = 0;
	h[34] = 16, h[35] = 0;
	memcpy(h + 36, "data", 4);
	put32(h + 40, 2 * n);
}

/* Decodes s into f after a header written again at the end, when the
 * length is known.  -1 + message. */
static int
write_wav(astream *s, FILE *f, const char *path, err_t *e)
{
	unsigned char h[44];
	int16_t buf[4800];
	unsigned char le[sizeof buf];
	uint32_t total = 0;
	long n;

	wav_header(h, 0);
	fwrite(h, 1, sizeof h, f);
	while ((n = astream_read(s, buf, sizeof buf / sizeof buf[0])) > 0) {
		for (long i = 0; i < n; i++) {
			le[2 * i] = (unsigned char)(buf[i] & 0xff);
			le[2 * i + 1] = (unsigned char)((uint16_t)buf[i] >> 8);
		}
		if (fwrite(le, 2, (size_t)n, f) != (size_t)n)
			return err_set(e, "cannot write %s: %s", path,
			    strerror(errno));
		total += (uint32_t)n;
	}
	if (n < 0)
		return err_set(e, "the audio in the pack does not decode: build "
		    "the pack again");
	wav_header(h, total);
	if (fseek(f, 0, SEEK_SET) != 0 || fwrite(h, 1, sizeof h, f) != sizeof h)
		return err_set(e, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

/* "sentence N START_MS DURATION_MS TEXT", one a line. */
static void
report(const astream *s, FILE *f, const char *page)
{
	size_t n = astream_sentences(s);

	fprintf(f, "read-aloud page=%s sentences=%zu duration_ms=%ld\n", page,
	    n, astream_duration_ms(s));
	for (size_t i = 0; i < n; i++) {
		const char *t, *u;
		size_t len, ulen;
		long at = astream_start_ms(s, i, &t, &len);
		long end = i + 1 < n ? astream_start_ms(s, i + 1, &u, &ulen) :
		    astream_duration_ms(s);

		fprintf(f, "sentence %zu %ld %ld %.*s\n", i + 1, at, end - at,
		    (int)len, t);
	}
}

int
kiosk_read_aloud(struct kiosk *k)
{
	char page[256], tmp[4200], rtmp[4200];
	FILE *f, *rf = NULL;
	astream *s;
	err_t e;
	int rc = 0;

	screens_page_id(&k->app, page, sizeof page);
	if ((s = astream_open(k->app.pack_path, k->app.pack, k->app.msd, page,
	    &e)) == NULL) {
		fprintf(stderr, "msd-kiosk: --read-aloud: %s\n", e.msg);
		return 2;
	}
	if ((f = fs_atomic_open(k->o.read_aloud, tmp, sizeof tmp, 0644,
	    &e)) == NULL)
		goto fail;
	if (k->o.report && (rf = fs_atomic_open(k->o.report, rtmp,
	    sizeof rtmp, 0644, &e)) == NULL) {
		fs_atomic_abort(f, tmp);
		goto fail;
	}
	if (write_wav(s, f, k->o.read_aloud, &e) < 0) {
		fs_atomic_abort(f, tmp);
		if (rf)
			fs_atomic_abort(rf, rtmp);
		goto fail;
	}
	if (rf) {
		report(s, rf, page);
		if (fs_atomic_commit(rf, rtmp, k->o.report, &e) != 0) {
			fs_atomic_abort(f, tmp);
			goto fail;
		}
	}
	if (fs_atomic_commit(f, tmp, k->o.read_aloud, &e) != 0)
		goto fail;
	astream_close(s);
	return rc;
fail:
	fprintf(stderr, "msd-kiosk: --read-aloud: %s\n", e.msg);
	astream_close(s);
	return 1;
}
