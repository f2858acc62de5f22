/*
 * lint_report.h - the lint context: the diagnostics `FILE:LINE: CODE
 * message` of one run (codes: lint.h), the files read, today's date.
 */
#ifndef MSD_LINT_REPORT_H
#define MSD_LINT_REPORT_H

#include <stddef.h>
#include <stdio.h>

typedef struct lint_diag {
	char *file;
	int line;
	char code[12];		/* "F1", "E-DUP", "W-EMPTY" */
	char *msg;
} lint_diag;

typedef struct lint_ctx {
	FILE *out;		/* each diagnostic is printed here; NULL: quiet */
	lint_diag *diags;	/* every diagnostic, in the order found */
	size_t ndiags;
	int errors, warnings;
	int files;		/* source files read */
	char today[11];		/* YYYY-MM-DD: reviewed-on dates may not pass it */
	char **allowed;		/* words the glossary explains (F2, F4): */
	size_t nallowed;	/* lint_allow() in lint_text.h */
	const char *lang;	/* the language of the texts checked: NULL or
				 * "fr" for every rule, else F1 and F6 only */
} lint_ctx;

/* Starts with no diagnostic; today is the local date. */
void lint_init(lint_ctx *c, FILE *out);
/* Frees the diagnostics and the allowed words. */
void lint_free(lint_ctx *c);
/* Records (and prints) one diagnostic; codes starting with "W" are
 * warnings, all others errors.  line 0: the whole file. */
void lint_report(lint_ctx *c, const char *file, int line, const char *code,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
