/*
 * test_lazylib.c - lib/lazylib.c with real libraries: zlib found and its
 * function called through a wrapper of LAZYLIB_DEFINE (the answer zlib's
 * own), a library that is not installed and one that lacks a function
 * refused with a message naming the library, the package and what is
 * missing (and the same message the second time, without a second
 * attempt).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lazylib.h"

/* zlib's crc32, declared as zlib.h does (without it: the wrapper is
 * the definition). */
unsigned long crc32(unsigned long crc, const unsigned char *buf,
    unsigned int len);

#define FNS(F, V, N) \
	F(unsigned long, crc32, (unsigned long a, const unsigned char *b, \
	    unsigned int c), (a, b, c), 0)
LAZYLIB_DEFINE(FNS, "libz.so.1", "zlib1g")

static void
test_found(void **state)
{
	err_t e;

	(void)state;
	assert_non_null(lazylib_get(&lazy, &e));
	/* The CRC-32 of "123456789" is the standard check value. */
	assert_int_equal(crc32(0, (const unsigned char *)"123456789", 9),
	    0xcbf43926ul);
}

static void
test_not_installed(void **state)
{
	static const char *const names[] = { "f" };
	static lazylib l = LAZYLIB_INIT("libmsd-absent.so.9", "msd-absent",
	    names, 1);
	err_t e, e2;

	(void)state;
	assert_null(lazylib_get(&l, &e));
	assert_non_null(strstr(e.msg, "cannot load libmsd-absent.so.9"));
	assert_non_null(strstr(e.msg, "install the package msd-absent"));
	assert_null(lazylib_get(&l, &e2));
	assert_string_equal(e.msg, e2.msg);
}

static void
test_missing_function(void **state)
{
	static const char *const names[] = { "crc32", "no_such_function_x" };
	static lazylib l = LAZYLIB_INIT("libz.so.1", "zlib1g", names, 2);
	err_t e;

	(void)state;
	assert_null(lazylib_get(&l, &e));
	assert_non_null(strstr(e.msg, "libz.so.1 has no no_such_function_x"));
	assert_non_null(strstr(e.msg, "upgrade the package zlib1g"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_not_installed),
		cmocka_unit_test(test_missing_function),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
