/*
 * err.h - an error message that travels back to the caller.
 *
 * Library code never prints and never exits: it fills an err_t saying what
 * failed, on which input, and what to do, and returns -1.  The program's
 * main() decides how to show it.
 */
#ifndef MSD_ERR_H
#define MSD_ERR_H

#include <stddef.h>

typedef struct err {
	char msg[1024];
} err_t;

/* Sets the message (printf-style).  Always returns -1, so that library
 * code can write `return err_set(e, "...", ...);`.  e may be NULL. */
int err_set(err_t *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prefixes the current message with more context ("FILE: " + old). */
int err_prefix(err_t *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
