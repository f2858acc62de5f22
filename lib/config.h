/*
 * config.h - INI files: `[section]`, `key = value`, `#` or `;` comments.
 *
 * Sections may carry a dotted name (`[msd.chambery]`); config_sections()
 * lists those with a given prefix.  Keys and section names are matched
 * case-insensitively; a key given twice keeps the last value.
 */
#ifndef MSD_CONFIG_H
#define MSD_CONFIG_H

#include <stddef.h>

#include "err.h"

typedef struct config config;

/* Parses path, which must be a regular file (a directory, a FIFO or a
 * device is refused, without waiting for a FIFO's writer).  On error
 * returns NULL and says "PATH:LINE: what". */
config *config_load(const char *path, err_t *e);
/* Parses text (for tests and defaults); name is used in messages. */
config *config_parse(const char *text, const char *name, err_t *e);
void config_free(config *c);

/* The file it came from ("" for parsed text). */
const char *config_path(const config *c);

/* The value, or NULL if absent. */
const char *config_get(const config *c, const char *section, const char *key);
/* The value or def. */
const char *config_str(const config *c, const char *section, const char *key,
    const char *def);
/* Integer value or def; -1 with "FILE: [section] key: ..." if not a number
 * in [min, max]. */
int config_int(const config *c, const char *section, const char *key,
    long def, long min, long max, long *out, err_t *e);
/* yes/no, true/false, on/off, 1/0; -1 on anything else. */
int config_bool(const config *c, const char *section, const char *key,
    int def, int *out, err_t *e);

/* Calls fn for each section whose name starts with prefix (e.g. "msd."),
 * in file order, with the part after the prefix. */
void config_each_section(const config *c, const char *prefix,
    void (*fn)(const char *suffix, void *arg), void *arg);

/* 1 if the config sets at least one key in section, else 0. */
int config_has_section(const config *c, const char *section);

/* Line where section.key was set (0 if not), for error messages. */
int config_line(const config *c, const char *section, const char *key);

#endif
