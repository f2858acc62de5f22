/*
 * replay_main.c - runs a harness on files, without libFuzzer.
 *
 *   replay_NAME FILE_OR_DIR...
 *
 * Each file (each file of a directory, not recursing) is read whole and
 * given to LLVMFuzzerTestOneInput(), as the fuzzer would.  Built with gcc under ASan and UBSan by `make test`, so
 * that every input in tests/fuzz/corpus keeps being checked where clang
 * is missing.  A property that fails aborts; an input that takes more
 * than REPLAY_TIMEOUT seconds (default 10) is a hang and fails too.
 * REPLAY_TRACE=1 names each input on stderr before running it: UBSan
 * dies without calling the death callback that names it otherwise.
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <sanitizer/common_interface_defs.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *current;
static int trace;

/* A weak default: harnesses without set-up need not define it. */
__attribute__((weak)) int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* Names the input that failed: a sanitizer report, or a property's
 * abort().  Only async-signal-safe calls. */
static void
say_input(void)
{
	static const char msg[] = "\nreplay: failed on ";

	if (current == NULL || write(2, msg, sizeof msg - 1) < 0 ||
	    write(2, current, strlen(current)) < 0 || write(2, "\n", 1) < 0)
		return;
}

static void
on_abort(int sig)
{
	say_input();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
on_alarm(int sig)
{
	static const char msg[] = "\nreplay: hang (timeout) on ";

	(void)sig;
	/* Only async-signal-safe calls here. */
	if (write(2, msg, sizeof msg - 1) < 0 ||
	    write(2, current, strlen(current)) < 0 || write(2, "\n", 1) < 0)
		_exit(3);
	_exit(3);
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Runs the harness on one file; 0, or -1 if it cannot be read. */
static int
replay(const char *path, unsigned timeout)
{
	size_t len = 0;
	unsigned char *buf = slurp(path, &len), *exact;

	if (buf == NULL) {
		fprintf(stderr, "replay: cannot read %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	current = path;
	if (trace)
		fprintf(stderr, "replay: input %s\n", path);
	/* A copy of exactly len bytes, so that ASan catches a harness or
	 * parser reading past the input. */
	exact = malloc(len ? len : 1);
	if (exact == NULL)
		abort();
	memcpy(exact, buf, len);
	free(buf);
	alarm(timeout);
	LLVMFuzzerTestOneInput(exact, len);
	alarm(0);
	free(exact);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *t = getenv("REPLAY_TIMEOUT");
	unsigned timeout = t ? (unsigned)atoi(t) : 10;
	int n = 0;

	trace = getenv("REPLAY_TRACE") != NULL;
	LLVMFuzzerInitialize(&argc, &argv);
	signal(SIGALRM, on_alarm);
	signal(SIGABRT, on_abort);
	__sanitizer_set_death_callback(say_input);
	for (int i = 1; i < argc; i++) {
		struct stat sb;
		DIR *d;
		struct dirent *de;

		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			if ((d = opendir(argv[i])) == NULL) {
				fprintf(stderr, "replay: cannot read %s: %s\n",
				    argv[i], strerror(errno));
				return 2;
			}
			while ((de = readdir(d)) != NULL) {
				char path[4096];

				if (de->d_name[0] == '.')
					continue;
				snprintf(path, sizeof path, "%s/%s", argv[i],
				    de->d_name);
				if (replay(path, timeout) < 0)
					return 2;
				n++;
			}
			closedir(d);
		} else {
			if (replay(argv[i], timeout) < 0)
				return 2;
			n++;
		}
	}
	printf("replayed %d file%s\n", n, n == 1 ? "" : "s");
	return 0;
}
