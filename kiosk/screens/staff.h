/*
 * staff.h - what only staff can do: the PIN (a salted argon2id hash in
 * the config, libsodium's crypto_pwhash_str) and the staff menu.
 *
 * The menu is the table staff_menu[] in staff.c: to add an entry, write
 * its run() (and available() if it depends on something optional) and
 * add one line to the table.
 */
#ifndef MSD_STAFF_H
#define MSD_STAFF_H

#include <stdio.h>

#include "screens/screens.h"

struct staff_entry {
	const char *id;			/* for the layout report and tests */
	const char *label;		/* what the button says */
	const char *picto;		/* a name from assets/content/pictos.csv */
	/* 0 hides the entry (something this build or config lacks);
	 * NULL = always shown. */
	int (*available)(const struct app *a);
	/* Does it: may set a->quit or a->reload, and says what happened
	 * in a->staff_msg. */
	void (*run)(struct app *a);
};

/* The menu, in order; ends with an entry whose id is NULL. */
extern const struct staff_entry staff_menu[];

/* One line about the loaded pack (version, build date, file). */
void staff_pack_line(const struct app *a, char *buf, size_t n);

/* One line about the content sync (sync_get_status): the pack's version
 * and date, the last successful check, the last error; "" without sync. */
void staff_sync_line(const struct app *a, char *buf, size_t n);

/* One line about the upload of the figures ([report] url): the last day
 * sent, the days waiting, the last error; "" without upload. */
void staff_report_line(const struct app *a, char *buf, size_t n);

/* Prints the sheet of one theme of this MSD (the staff theme list) and
 * says in a->staff_msg what was sent to which printer, or what failed. */
void staff_print_theme(struct app *a, const char *theme);

/* A staff PIN has 6 to 12 digits: with the lock-out of pinlock.h, a
 * million PINs take decades to try (4 digits took a day and a half). */
#define STAFF_PIN_MIN	6
#define STAFF_PIN_MAX	12

/* 1 if pin matches the crypto_pwhash_str hash, 0 otherwise (also when
 * hash is empty or malformed). */
int staff_pin_ok(const char *hash, const char *pin);

/* 1 if hash is a password hash libsodium can check (what --hash-pin
 * writes), 0 if not: a malformed one locks staff out for good, so the
 * kiosk refuses to start with it. */
int staff_pin_hash_valid(const char *hash);

/* msd-kiosk --hash-pin: reads a PIN (STAFF_PIN_MIN to STAFF_PIN_MAX
 * digits) on in, writes "pin_hash = ..." for the [kiosk] section on out.
 * Exit status: 2 for a PIN that is too short, too long or not digits. */
int staff_hash_pin(FILE *in, FILE *out);

#endif
