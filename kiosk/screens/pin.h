/*
 * pin.h - the staff PIN: its hash (a salted argon2id hash in the config,
 * libsodium's crypto_pwhash_str), `msd-kiosk --hash-pin`, and the
 * lock-out after wrong PINs.
 *
 * The lock-out: how many wrong staff PINs in a row, and until when the PIN
 * pad is locked, kept in a small file (mode 0600) beside the statistics
 * database.  In memory, the count was cleared by an idle reset or a
 * restart, and 5 tries a minute let anyone try every 4-digit PIN in a
 * day and a half.
 *
 * The first PINLOCK_FREE failures cost nothing (a typo); each one after
 * locks the pad, for PINLOCK_FIRST_S seconds the first time, doubling
 * each time, at most PINLOCK_MAX_S: a 6-digit PIN then takes decades to
 * find.  A right PIN clears the count.  When the file cannot be written
 * the count still holds in memory, and the failure is logged.
 */
#ifndef MSD_PIN_H
#define MSD_PIN_H

#include <stdio.h>
#include <time.h>

/* A staff PIN has 6 to 12 digits: with the lock-out below, a million
 * PINs take decades to try (4 digits took a day and a half). */
#define PIN_MIN	6
#define PIN_MAX	12

/* 1 if pin matches the crypto_pwhash_str hash, 0 otherwise (also when
 * hash is empty or malformed). */
int pin_ok(const char *hash, const char *pin);

/* 1 if hash is a password hash libsodium can check (what --hash-pin
 * writes), 0 if not: a malformed one locks staff out for good, so the
 * kiosk refuses to start with it. */
int pin_hash_valid(const char *hash);

/* msd-kiosk --hash-pin: reads a PIN (PIN_MIN to PIN_MAX digits) on in,
 * writes "pin_hash = ..." for the [kiosk] section on out.  Exit status:
 * 2 for a PIN that is too short, too long or not digits. */
int pin_hash_cmd(FILE *in, FILE *out);

/* ------------------------------------------------------------ lock-out */

#define PINLOCK_FREE	3
#define PINLOCK_FIRST_S	30
#define PINLOCK_MAX_S	3600
#define PINLOCK_FILE	"pin-lock"	/* beside [stats] path */

struct pinlock {
	char path[4096];	/* "": in memory only */
	int failures;		/* wrong PINs in a row */
	time_t locked_until;	/* wall clock: survives a restart */
};

/* Reads the file at path (missing: no failure yet; NULL: memory only). */
void pinlock_load(struct pinlock *pl, const char *path);

/* Seconds the pad stays locked from now, 0 if it is open.  A clock set
 * back does not make it longer than the longest lock. */
long pinlock_wait(struct pinlock *pl, time_t now);

/* A wrong PIN: counted, the lock computed, the file written. */
void pinlock_failed(struct pinlock *pl, time_t now);

/* The right PIN: the count starts again. */
void pinlock_ok(struct pinlock *pl);

#endif
