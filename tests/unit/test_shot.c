/* shot.c's PNG writer and its deflate stream (shot_deflate.c): frames of
 * noise, flat rows, rows of runs (of every length, colours that share a
 * channel with the one before) and rows that repeat the row above, of
 * several widths (each way a row's last copy can end) and given in bands
 * of several heights, are read back by zlib's inflate (which checks the
 * codes, the copies and the Adler-32) to the same pixels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/shot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static uint32_t seed = 12345;

static uint32_t
rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The file's pixels as 0x00RRGGBB, w x h; fails the test if it is not a
 * PNG as shot.c writes them. */
static uint32_t *
decode(const char *path, int w, int h)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	unsigned char *d = malloc((size_t)n), *z = malloc((size_t)n);
	assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	size_t zn = 0;
	for (long i = 8; i < n;) {
		uint32_t len = get32(d + i);
		if (memcmp(d + i + 4, "IHDR", 4) == 0) {
			assert_int_equal(get32(d + i + 8), (uint32_t)w);
			assert_int_equal(get32(d + i + 12), (uint32_t)h);
		} else if (memcmp(d + i + 4, "IDAT", 4) == 0) {
			memcpy(z + zn, d + i + 8, len);
			zn += len;
		}
		uLong crc = crc32(0, d + i + 4, len + 4);
		assert_int_equal(get32(d + i + 8 + len), (uint32_t)crc);
		i += 12 + (long)len;
	}
	size_t stride = 1 + (size_t)w * 3;
	uLongf rn = (uLongf)(stride * (size_t)h);
	unsigned char *raw = malloc(rn);
	assert_int_equal(uncompress(raw, &rn, z, (uLong)zn), Z_OK);
	assert_int_equal(rn, stride * (size_t)h);
	uint32_t *px = calloc((size_t)w * (size_t)h, 4);
	unsigned char *prev = calloc(stride, 1);
	for (int y = 0; y < h; y++) {
		unsigned char *r = raw + (size_t)y * stride;
		assert_true(r[0] == 1 || r[0] == 2);
		for (size_t x = 1; x < stride; x++)
			r[x] = (unsigned char)(r[x] + (r[0] == 1 ?
			    (x > 3 ? r[x - 3] : 0) : prev[x]));
		for (int x = 0; x < w; x++)
			px[(size_t)y * w + x] = (uint32_t)r[1 + 3 * x] << 16 |
			    (uint32_t)r[2 + 3 * x] << 8 | r[3 + 3 * x];
		memcpy(prev, r, stride);
	}
	free(prev);
	free(raw);
	free(z);
	free(d);
	return px;
}

/* A frame: runs of repeated rows (some at the top, some at the bottom),
 * flat rows, noisy rows. */
static void
make_frame(uint32_t *px, int w, int h)
{
	for (int y = 0; y < h; y++) {
		uint32_t *row = px + (size_t)y * w;
		unsigned kind = rnd() % 4;

		if (y > 0 && (kind < 2 || y >= h - 3)) {
			memcpy(row, row - w, (size_t)w * 4);
			continue;
		}
		uint32_t c = rnd() & 0xffffff;
		if (kind == 3 && rnd() % 2) {
			/* Runs of 1 to 300 pixels; a new colour keeps one or
			 * two channels of the last (zeros inside a pixel). */
			for (int x = 0; x < w;) {
				int n = 1 + (int)(rnd() % 300);
				uint32_t keep = (uint32_t[]){ 0, 0xff, 0xff00,
				    0xff0000, 0xffff, 0xffff00 }[rnd() % 6];
				c = (c & keep) | (rnd() & 0xffffff & ~keep);
				for (; n > 0 && x < w; n--)
					row[x++] = c;
			}
			continue;
		}
		for (int x = 0; x < w; x++)
			row[x] = kind == 2 ? c : rnd() & 0xffffff;
	}
}

static void
roundtrip(int w, int h, int band)
{
	char path[64];
	err_t e;
	uint32_t *px = malloc((size_t)w * (size_t)h * 4);

	make_frame(px, w, h);
	snprintf(path, sizeof path, "/tmp/test_shot.%d.png", (int)getpid());
	SDL_Surface *s = shot_surface(w, band, &e);
	assert_non_null(s);
	shot_png *p = shot_png_begin(path, w, h, &e);
	assert_non_null(p);
	for (int y = 0; y < h; y += band) {
		int n = h - y < band ? h - y : band;
		for (int i = 0; i < n; i++)
			memcpy((uint8_t *)s->pixels + (size_t)i * s->pitch,
			    px + (size_t)(y + i) * w, (size_t)w * 4);
		assert_int_equal(shot_png_rows(p, s, n), 0);
	}
	if (shot_png_end(p, &e) != 0)
		fail_msg("%s", e.msg);
	uint32_t *back = decode(path, w, h);
	for (int i = 0; i < w * h; i++)
		if (back[i] != px[i])
			fail_msg("%dx%d band %d: pixel %d,%d is %06x, not %06x",
			    w, h, band, i % w, i / w, back[i], px[i]);
	unlink(path);
	free(back);
	free(px);
	shot_free(s);
}

static void
test_roundtrip(void **state)
{
	/* 3w - 1 zeros after a row's first: 345 and 431 leave 2 after the
	 * copies of 258 (two literals), 346 leaves 5, 344 257. */
	static const int widths[] = { 320, 344, 345, 346, 431, 1920 };

	(void)state;
	for (size_t i = 0; i < sizeof widths / sizeof *widths; i++) {
		roundtrip(widths[i], 97, 97);
		roundtrip(widths[i], 97, 10);
		roundtrip(widths[i], 97, 1);
	}
	/* Longer frames, so that every run length comes up. */
	for (int i = 0; i < 20; i++)
		roundtrip(1920, 200, 64);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
