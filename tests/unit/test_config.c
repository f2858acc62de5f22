/*
 * test_config.c - lib/config: lookups right in a config of 40,000 keys,
 * loaded without comparing each new key with every earlier one, and
 * files that are not regular files refused (a directory, a FIFO with no
 * writer, which must not block).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "strbuf.h"
#include "testutil.h"

#define NSEC 200
#define NKEY 200		/* NSEC * NKEY = 40,000 keys */

/*
 * Counts the name comparisons config_load makes, without measuring any
 * time: this definition takes the place of the C library's for the whole
 * test program.  A linear load compares a key's name only on a hash
 * match; a quadratic one compares each key with all those before it
 * (800 million times here), and is stopped at the first million.
 */
static long cmp_count = -1;	/* -1: not counting */

int
strcasecmp(const char *a, const char *b)
{
	if (cmp_count >= 0 && ++cmp_count > 1000000) {
		cmp_count = -1;
		fail_msg("config_load compared key names more than a million "
		    "times for 40,000 keys: it is quadratic");
	}
	while (*a && tolower((unsigned char)*a) == tolower((unsigned char)*b)) {
		a++;
		b++;
	}
	return tolower((unsigned char)*a) - tolower((unsigned char)*b);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%s/msd-test-config.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

struct order {
	int n;
	int in_order;
};

static void
count_section(const char *suffix, void *arg)
{
	struct order *o = arg;
	char want[32];

	snprintf(want, sizeof want, "%d", o->n);
	o->in_order &= strcmp(suffix, want) == 0;
	o->n++;
}

static void
test_many_keys(void **state)
{
	char p[512], key[32], sec[32], want[48];
	strbuf b = STRBUF_INIT;
	struct order o = { 0, 1 };
	err_t e = { "" };
	config *c;
	FILE *f;

	(void)state;
	for (int s = 0; s < NSEC; s++) {
		strbuf_printf(&b, "[Sec.%d]\n", s);
		for (int k = 0; k < NKEY; k++)
			strbuf_printf(&b, "key_%d = v%d.%d\n", k, s, k);
	}
	/* Given again later: the last value wins, at its own line. */
	strbuf_printf(&b, "[sec.7]\nKEY_3 = again\n");
	path(p, sizeof p, "big.ini");
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(b.s, f);
	fclose(f);
	strbuf_free(&b);

	cmp_count = 0;
	c = config_load(p, &e);
	cmp_count = -1;
	if (c == NULL)
		fail_msg("%s", e.msg);
	for (int s = 0; s < NSEC; s++)
		for (int k = 0; k < NKEY; k++) {
			snprintf(sec, sizeof sec, s % 2 ? "SEC.%d" : "sec.%d", s);
			snprintf(key, sizeof key, k % 2 ? "Key_%d" : "key_%d", k);
			snprintf(want, sizeof want, "v%d.%d", s, k);
			if (s == 7 && k == 3)
				snprintf(want, sizeof want, "again");
			const char *v = config_get(c, sec, key);

			if (v == NULL || strcmp(v, want) != 0)
				fail_msg("[%s] %s = %s, expected %s", sec, key,
				    v ? v : "(none)", want);
		}
	assert_int_equal(config_line(c, "sec.7", "key_3"), NSEC * (NKEY + 1) + 2);
	assert_int_equal(config_line(c, "sec.0", "key_0"), 2);
	assert_null(config_get(c, "sec.0", "key_200"));
	assert_null(config_get(c, "sec.200", "key_0"));
	assert_null(config_get(c, "sec", "key_0"));
	assert_true(config_has_section(c, "SEC.199"));
	assert_false(config_has_section(c, "sec.200"));
	config_each_section(c, "sec.", count_section, &o);
	assert_int_equal(o.n, NSEC);	/* each once, though sec.7 comes twice */
	assert_true(o.in_order);
	config_free(c);
}

static void
test_not_regular(void **state)
{
	char p[512];
	err_t e = { "" };

	(void)state;
	/* A FIFO with no writer: refused at once (alarm: a blocking open
	 * would otherwise hang the test, not fail it). */
	path(p, sizeof p, "fifo.ini");
	assert_int_equal(mkfifo(p, 0600), 0);
	alarm(30);
	assert_null(config_load(p, &e));
	alarm(0);
	assert_non_null(strstr(e.msg, "not a regular file"));
	assert_non_null(strstr(e.msg, "fifo.ini"));

	assert_null(config_load(dir, &e));
	assert_non_null(strstr(e.msg, "not a regular file"));

	path(p, sizeof p, "missing.ini");
	assert_null(config_load(p, &e));
	assert_non_null(strstr(e.msg, "missing.ini"));

	assert_null(config_load("/dev/zero", &e));
	assert_non_null(strstr(e.msg, "not a regular file"));
}

static void
test_sections(void **state)
{
	err_t e = { "" };
	config *c;

	(void)state;
	c = config_parse("[empty]\n[database]\npath = x.db\n", "t.ini", &e);
	assert_non_null(c);
	assert_true(config_has_section(c, "Database"));
	/* A header with no key sets nothing. */
	assert_false(config_has_section(c, "empty"));
	assert_false(config_has_section(c, "gateway"));
	config_free(c);
	c = config_parse("", "t.ini", &e);
	assert_non_null(c);
	assert_false(config_has_section(c, "database"));
	assert_null(config_get(c, "database", "path"));
	config_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_many_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_regular, setup, teardown),
		cmocka_unit_test(test_sections),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
