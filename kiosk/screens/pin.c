/*
 * pin.c - the staff PIN: its hash, and its failure count on disk (see
 * pin.h).
 *
 * The failure count's file is two lines, "failures N" and
 * "locked_until EPOCH", written beside and renamed (fs_atomic_*): a power
 * cut leaves the old count or the new one.  A file that does not parse
 * counts as PINLOCK_FREE failures: the next wrong PIN locks.
 */
#include "screens/pin.h"
#include "fsutil.h"
#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <sodium.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
pinlock_load(struct pinlock *pl, const char *path)
{
	char *text;
	long long f, until;
	err_t e;

	memset(pl, 0, sizeof *pl);
	if (path == NULL || *path == '\0')
		return;
	if (strlen(path) >= sizeof pl->path) {
		log_warn("staff PIN: %s: path too long: failures are counted "
		    "in memory only", path);
		return;
	}
	snprintf(pl->path, sizeof pl->path, "%s", path);
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return;			/* no wrong PIN yet */
	if ((text = fs_read_file(path, 4096, NULL, &e)) == NULL) {
		log_warn("staff PIN: %s: the next wrong PIN locks the pad",
		    e.msg);
		pl->failures = PINLOCK_FREE;
		return;
	}
	if (sscanf(text, "failures %lld\nlocked_until %lld", &f, &until) != 2 ||
	    f < 0 || f > INT_MAX || until < 0) {
		log_warn("staff PIN: %s is not a failure count: the next wrong "
		    "PIN locks the pad", path);
		f = PINLOCK_FREE;
		until = 0;
	}
	pl->failures = (int)f;
	pl->locked_until = (time_t)until;
	free(text);
}

long
pinlock_wait(struct pinlock *pl, time_t now)
{
	if (pl->locked_until <= now)
		return 0;
	/* The clock went back (or the file was edited): never longer than
	 * the longest lock. */
	if (pl->locked_until - now > PINLOCK_MAX_S)
		pl->locked_until = now + PINLOCK_MAX_S;
	return (long)(pl->locked_until - now);
}

static void
save(struct pinlock *pl)
{
	char tmp[4200];
	FILE *f;
	err_t e;

	if (pl->path[0] == '\0')
		return;
	if ((f = fs_atomic_open(pl->path, tmp, sizeof tmp, 0600, &e)) == NULL) {
		log_warn("staff PIN: failures counted in memory only: %s", e.msg);
		return;
	}
	fprintf(f, "failures %d\nlocked_until %lld\n", pl->failures,
	    (long long)pl->locked_until);
	if (fs_atomic_commit(f, tmp, pl->path, &e) != 0)
		log_warn("staff PIN: failures counted in memory only: %s", e.msg);
}

void
pinlock_failed(struct pinlock *pl, time_t now)
{
	if (pl->failures < INT_MAX)
		pl->failures++;
	if (pl->failures > PINLOCK_FREE) {
		int n = pl->failures - PINLOCK_FREE - 1;
		long s = PINLOCK_FIRST_S;

		while (n-- > 0 && s < PINLOCK_MAX_S)
			s *= 2;
		if (s > PINLOCK_MAX_S)
			s = PINLOCK_MAX_S;
		pl->locked_until = now + s;
	}
	save(pl);
	log_warn("staff PIN: wrong PIN (%d in a row)%s", pl->failures,
	    pl->locked_until > now ? ": the pad is locked" : "");
}

void
pinlock_ok(struct pinlock *pl)
{
	int had = pl->failures || pl->locked_until;

	pl->failures = 0;
	pl->locked_until = 0;
	if (had)
		save(pl);
}

/* ------------------------------------------------------------ hash */

int
pin_ok(const char *hash, const char *pin)
{
	if (hash == NULL || *hash == '\0' || sodium_init() < 0)
		return 0;
	return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}

int
pin_hash_valid(const char *hash)
{
	if (hash == NULL || sodium_init() < 0 ||
	    strlen(hash) >= crypto_pwhash_STRBYTES ||
	    strncmp(hash, crypto_pwhash_STRPREFIX,
	    strlen(crypto_pwhash_STRPREFIX)) != 0)
		return 0;
	/* -1: libsodium cannot read its parameters (a cut or edited hash). */
	return crypto_pwhash_str_needs_rehash(hash,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != -1;
}

int
pin_hash_cmd(FILE *in, FILE *out)
{
	char pin[64], hash[crypto_pwhash_STRBYTES];
	size_t n;

	if (fgets(pin, sizeof pin, in) == NULL) {
		fputs("msd-kiosk: --hash-pin: type the PIN on standard input\n",
		    stderr);
		return 2;
	}
	n = strcspn(pin, "\r\n");
	pin[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)pin[i]))
			n = 0;
	if (n < PIN_MIN || n > PIN_MAX) {
		sodium_memzero(pin, sizeof pin);
		fprintf(stderr, "msd-kiosk: --hash-pin: the PIN must be %d to %d "
		    "digits (the kiosk's PIN pad has only digits; fewer are "
		    "too easy to guess)\n", PIN_MIN, PIN_MAX);
		return 2;
	}
	if (sodium_init() < 0 ||
	    crypto_pwhash_str(hash, pin, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		sodium_memzero(pin, sizeof pin);
		fputs("msd-kiosk: --hash-pin: hashing failed (out of memory?)\n",
		    stderr);
		return 1;
	}
	sodium_memzero(pin, sizeof pin);
	fprintf(out, "pin_hash = %s\n", hash);
	return 0;
}
