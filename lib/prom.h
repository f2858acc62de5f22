/*
 * prom.h - health figures in the Prometheus text format (version 0.0.4),
 * the one node_exporter's textfile collector reads:
 *
 *   # HELP msd_reminders Reminders in the outbox, by state.
 *   # TYPE msd_reminders gauge
 *   msd_reminders{state="sent"} 12
 *
 * A family is announced once (prom_family), then one line per sample.
 * Label values and help texts are escaped here, so that a gateway's error
 * message with a quote or a newline cannot break the file.
 */
#ifndef MSD_PROM_H
#define MSD_PROM_H

#include "err.h"
#include "strbuf.h"

/* "# HELP name help" and "# TYPE name type" (gauge, counter, summary). */
void prom_family(strbuf *b, const char *name, const char *type,
    const char *help);

/* One sample: name{k1="v1",k2="v2"} value.  labels is NULL or a list of
 * key, value pairs ending with NULL.  A NaN is written NaN, infinities
 * +Inf and -Inf; whole numbers without an exponent. */
void prom_sample(strbuf *b, const char *name, const char *const *labels,
    double value);

/* A family of one unlabelled sample: the usual case. */
void prom_gauge(strbuf *b, const char *name, const char *help, double value);

/* Writes text to path atomically (a reader never sees half a file),
 * mode 0644: the collector runs as another user, and the figures hold
 * no secret and no phone number.  -1 + message naming the file. */
int prom_write_file(const char *path, const char *text, err_t *e);

#endif
