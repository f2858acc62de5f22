/*
 * fuzz.h - what every harness in tests/fuzz shares.
 *
 * A harness defines LLVMFuzzerTestOneInput() and checks properties of
 * what the parser returns: a failed property aborts, so that libFuzzer
 * (and replay_main.c under `make test`) reports it like a crash, with the
 * input that caused it saved.
 */
#ifndef MSD_FUZZ_H
#define MSD_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Aborts with the property and a printf-style detail. */
#define PROP(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "\nproperty failed at %s:%d: %s\n  ",	\
		    __FILE__, __LINE__, #cond);				\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

/* The input as a NUL-terminated string (cut at the first NUL, as a C
 * parser would see it).  Caller frees. */
static inline char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A fresh directory for the harness's files, in memory when the machine
 * has /dev/shm (a file per execution on disk costs half the speed), else
 * in $TMPDIR or /tmp.  Aborts if none can be made. */
static inline void
fuzz_tmpdir(char *buf, size_t n, const char *name)
{
	const char *base = getenv("TMPDIR");

	if (access("/dev/shm", W_OK) == 0)
		base = "/dev/shm";
	else if (base == NULL || *base == '\0')
		base = "/tmp";
	snprintf(buf, n, "%s/msd-fuzz-%s.XXXXXX", base, name);
	if (mkdtemp(buf) == NULL)
		abort();
}

#endif
