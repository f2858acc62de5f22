/*
 * test_prom.c - lib/prom.c: the Prometheus text format byte for byte
 * (families, labels, the escaping of help texts and label values, the
 * numbers node_exporter accepts) and the atomic write of the health file
 * (mode 0644 whatever the umask, a reader of the old file never sees the
 * new one half written, no temporary file left, a missing directory
 * refused with the file's name).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "prom.h"
#include "strbuf.h"

#include "testutil.h"

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/msd-prom.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

/* The text of one sample. */
static char *
sample(const char *const *labels, double v)
{
	strbuf b = STRBUF_INIT;

	prom_sample(&b, "m", labels, v);
	return strbuf_take(&b);
}

static void
assert_sample(const char *const *labels, double v, const char *want)
{
	char *got = sample(labels, v);

	assert_string_equal(got, want);
	free(got);
}

static void
test_family(void **state)
{
	strbuf b = STRBUF_INIT;

	(void)state;
	prom_family(&b, "msd_reminders", "gauge",
	    "Reminders in the outbox, by state.");
	prom_sample(&b, "msd_reminders",
	    (const char *const[]){ "state", "sent", NULL }, 12);
	prom_sample(&b, "msd_reminders",
	    (const char *const[]){ "state", "retry", NULL }, 0);
	assert_string_equal(strbuf_str(&b),
	    "# HELP msd_reminders Reminders in the outbox, by state.\n"
	    "# TYPE msd_reminders gauge\n"
	    "msd_reminders{state=\"sent\"} 12\n"
	    "msd_reminders{state=\"retry\"} 0\n");
	strbuf_reset(&b);

	prom_gauge(&b, "msd_kiosk_frames_total", "Frames drawn.", 3);
	assert_string_equal(strbuf_str(&b),
	    "# HELP msd_kiosk_frames_total Frames drawn.\n"
	    "# TYPE msd_kiosk_frames_total gauge\n"
	    "msd_kiosk_frames_total 3\n");
	strbuf_free(&b);
}

/* Help: backslash and newline escaped, a quote left as it is (the
 * format says so); \r, which the format does not know, becomes a space. */
static void
test_help_escaping(void **state)
{
	strbuf b = STRBUF_INIT;

	(void)state;
	prom_family(&b, "x", "counter", "a \"quoted\" C:\\path\nsecond\rline");
	assert_string_equal(strbuf_str(&b),
	    "# HELP x a \"quoted\" C:\\\\path\\nsecond line\n"
	    "# TYPE x counter\n");
	strbuf_free(&b);
}

/* Label values: backslash, quote and newline escaped, so that a
 * gateway's error text cannot end the value or the line. */
static void
test_label_escaping(void **state)
{
	(void)state;
	assert_sample((const char *const[]){ "reason",
	    "HTTP 500: \"oops\"\nat C:\\tmp\r", NULL }, 1,
	    "m{reason=\"HTTP 500: \\\"oops\\\"\\nat C:\\\\tmp \"} 1\n");
	/* UTF-8 passes through untouched. */
	assert_sample((const char *const[]){ "msd", "chambéry", NULL }, 1,
	    "m{msd=\"chambéry\"} 1\n");
	/* Several labels, in the order given; an empty value is a value. */
	assert_sample((const char *const[]){ "a", "1", "b", "", "c", "3",
	    NULL }, 2, "m{a=\"1\",b=\"\",c=\"3\"} 2\n");
}

/* No labels, an empty list, or a key without value: no braces, or the
 * pairs before it. */
static void
test_label_lists(void **state)
{
	(void)state;
	assert_sample(NULL, 5, "m 5\n");
	assert_sample((const char *const[]){ NULL }, 5, "m 5\n");
	assert_sample((const char *const[]){ "a", "1", "dangling", NULL }, 5,
	    "m{a=\"1\"} 5\n");
}

/* Whole numbers without exponent (a Unix time stays exact), others
 * short; NaN and infinities as the format spells them. */
static void
test_values(void **state)
{
	(void)state;
	assert_sample(NULL, 0, "m 0\n");
	assert_sample(NULL, -42, "m -42\n");
	assert_sample(NULL, 1798753800, "m 1798753800\n");
	assert_sample(NULL, 4503599627370496.0, "m 4503599627370496\n");
	assert_sample(NULL, 0.25, "m 0.25\n");
	assert_sample(NULL, 0.0123456789, "m 0.0123457\n");
	assert_sample(NULL, 1e20, "m 1e+20\n");
	assert_sample(NULL, -1.5e-9, "m -1.5e-09\n");
	assert_sample(NULL, NAN, "m NaN\n");
	assert_sample(NULL, INFINITY, "m +Inf\n");
	assert_sample(NULL, -INFINITY, "m -Inf\n");
}

/* The whole file as node_exporter would find it. */
static char *
slurp(const char *p)
{
	size_t len;
	err_t e;
	char *s = fs_read_file(p, 0, &len, &e);

	if (s == NULL)
		fail_msg("%s", e.msg);
	return s;
}

/* Nothing but the expected names in dir: no temporary left behind. */
static void
assert_only(const char *want)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (want == NULL || strcmp(de->d_name, want) != 0)
			fail_msg("unexpected file %s/%s", dir, de->d_name);
	}
	closedir(d);
}

/* Written whole, mode 0644 even under umask 077 (node_exporter runs as
 * another user), replaced by a rename: a reader that opened the old
 * file keeps reading the old one, whole. */
static void
test_write_file(void **state)
{
	char p[512], *s;
	struct stat sb, sb2;
	mode_t old = umask(077);
	err_t e;
	int fd;
	char buf[64];
	ssize_t n;

	(void)state;
	path(p, sizeof p, "msd-kiosk.prom");
	assert_int_equal(prom_write_file(p, "a 1\n", &e), 0);
	umask(old);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0644);
	s = slurp(p);
	assert_string_equal(s, "a 1\n");
	free(s);
	assert_only("msd-kiosk.prom");

	fd = open(p, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(prom_write_file(p, "a 2\nb 3\n", &e), 0);
	assert_int_equal(stat(p, &sb2), 0);
	assert_true(sb2.st_ino != sb.st_ino);	/* a new file, renamed */
	n = read(fd, buf, sizeof buf - 1);
	assert_int_equal(n, 4);
	buf[n] = '\0';
	assert_string_equal(buf, "a 1\n");
	close(fd);
	s = slurp(p);
	assert_string_equal(s, "a 2\nb 3\n");
	free(s);
	assert_only("msd-kiosk.prom");

	/* A big file too (the daemon's, with many reasons). */
	{
		strbuf b = STRBUF_INIT;

		for (int i = 0; i < 20000; i++)
			strbuf_printf(&b, "m{i=\"%d\"} %d\n", i, i);
		assert_int_equal(prom_write_file(p, strbuf_str(&b), &e), 0);
		s = slurp(p);
		assert_string_equal(s, strbuf_str(&b));
		free(s);
		strbuf_free(&b);
	}
	unlink(p);
}

/* A directory that is not there: refused, the message names the
 * setting and the file; nothing is created. */
static void
test_write_file_missing_dir(void **state)
{
	char p[512];
	err_t e;

	(void)state;
	path(p, sizeof p, "absent/msd.prom");
	e.msg[0] = '\0';
	assert_int_equal(prom_write_file(p, "a 1\n", &e), -1);
	assert_non_null(strstr(e.msg, "[health] file: "));
	assert_non_null(strstr(e.msg, p));
	assert_only(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_family),
		cmocka_unit_test(test_help_escaping),
		cmocka_unit_test(test_label_escaping),
		cmocka_unit_test(test_label_lists),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_write_file),
		cmocka_unit_test(test_write_file_missing_dir),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
