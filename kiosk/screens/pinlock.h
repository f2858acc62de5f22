/*
 * pinlock.h - how many wrong staff PINs in a row, and until when the PIN
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
#ifndef MSD_PINLOCK_H
#define MSD_PINLOCK_H

#include <time.h>

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
