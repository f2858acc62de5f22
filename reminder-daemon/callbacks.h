/*
 * callbacks.h - the daemon's HTTP listener for what providers send back:
 * delivery reports and replies ([callbacks] of reminderd.ini).
 *
 *   [callbacks]
 *   listen     = 127.0.0.1:8091     address and port it binds
 *   public_url = https://…          how providers reach it (behind a
 *                                   reverse proxy); default http://LISTEN
 *   token_file = /etc/msd/callback.token   read like password_file
 *                                   (refused if group- or world-readable)
 *   max_body_kb = 16   max_connections = 512   timeout_s = 10
 *
 * Routes (every one authenticated; else 403, one log line, no change):
 *   GET /kannel/dlr?token=&id=REF&type=%d&answer=%A   Kannel's dlr-url
 *   GET /kannel/mo?token=&from=%p&to=%P&text=%a        Kannel sms-service
 *   POST /twilio/status?ref=REF   Twilio StatusCallback  } X-Twilio-Signature
 *   POST /twilio/sms              Twilio incoming message } (auth token)
 *   GET|POST /http/dlr?token=&…  the http backend: the provider's fields,
 *   GET|POST /http/mo?token=&…   named by the templates below
 *
 * The http backend's provider calls with its own field names, given as
 * templates of its query or form ([callbacks], defaults shown):
 *   http_dlr = id={ref}&provider_id={provider_id}&status={status}&reason={reason}
 *   http_mo  = from={from}&text={text}&id={id}
 *   http_delivered = delivered      http_undelivered = undelivered, failed
 * {ref} is the outbox id the gateway sent as {ref}, {provider_id} the
 * provider's id (id_field), {status} its word for the state (any other
 * than those listed is an intermediate report), {id} its id of a reply
 * (a retried callback counts once).
 *   GET /metrics?token=           the daemon's health (Prometheus text)
 *
 * It runs in its own thread (libmicrohttpd's) beside the send loop, with
 * its own SQLite connection, and answers 2xx only once the change is
 * committed, so a provider retries anything not acknowledged.
 */
#ifndef MSD_CALLBACKS_H
#define MSD_CALLBACKS_H

#include <netinet/in.h>
#include <time.h>

#include "config.h"
#include "err.h"
#include "strbuf.h"

/* The fields of the http backend's callbacks: for each of ours, the
 * name the provider gives it (NULL: it sends none). */
enum cb_dlr_field { CBF_REF, CBF_PROVIDER_ID, CBF_STATUS, CBF_REASON, CBF_DLR_N };
enum cb_mo_field { CBF_FROM, CBF_TEXT, CBF_ID, CBF_MO_N };

struct callbacks_conf {
	int enabled;			/* a [callbacks] section is there */
	char *dlr_field[CBF_DLR_N];	/* http_dlr */
	char *mo_field[CBF_MO_N];	/* http_mo */
	char **delivered, **undelivered;	/* http_delivered, http_undelivered:
					 * NULL-ended lists of status words */
	struct sockaddr_in addr;	/* listen */
	char *public_url;		/* no trailing '/' */
	char *token;
	long max_body;			/* bytes */
	long max_conn;
	long timeout_s;
};

/* Reads [callbacks]; c->enabled = 0 without that section.  -1 + message
 * (FILE:LINE) on a bad value or a token file others can read. */
int callbacks_conf_load(const config *cfg, struct callbacks_conf *c, err_t *e);
void callbacks_conf_free(struct callbacks_conf *c);

/* The address a provider calls for path ("/kannel/dlr"), with the token
 * as a query parameter when with_token: onto b, not encoded. */
void callbacks_url(const struct callbacks_conf *c, const char *path,
    int with_token, strbuf *b);

struct callbacks;

/* What the listener asks of the daemon, from its own thread: the text
 * of GET /metrics (a new string, or NULL), the time to record (the
 * daemon's clock, which --now sets), to wake its send loop once a reply
 * is recorded (it may have an automatic answer), and to bracket each of
 * its transactions (write_begin may wait: the send loop writes first).
 * Each may be NULL (no /metrics, time(NULL), nothing); arg is given to
 * each. */
struct callbacks_hooks {
	char *(*metrics)(void *arg);
	time_t (*clock)(void *arg);
	void (*wake)(void *arg);
	void (*write_begin)(void *arg);
	void (*write_end)(void *arg);
	void *arg;
};

/* Starts the listener when [callbacks] is there (*out = NULL when not).
 * -1 + message when it cannot (address in use, database). */
int callbacks_start(const config *cfg, const char *db_path,
    const struct callbacks_hooks *hooks, struct callbacks **out, err_t *e);
/* Stops it: requests in progress finish (and commit) first. */
void callbacks_stop(struct callbacks *cb);

/* Twilio's signature of a request: base64(HMAC-SHA1(token, url + each
 * POST parameter's name and value, sorted by name)).  out >= 29 bytes. */
struct cb_param { char *name, *value; };
void callbacks_twilio_sign(const char *token, const char *url,
    const struct cb_param *params, int n, char *out, size_t outsz);

/* Decodes application/x-www-form-urlencoded text (a query string or a
 * body) into new pairs appended to *params.  -1 when it is broken
 * (a '%' not followed by two hex digits). */
int callbacks_form_parse(const char *s, size_t len, struct cb_param **params,
    int *n);
void callbacks_params_free(struct cb_param *params, int n);

/* Reads a callback template ("msgid={provider_id}&stat={status}"): for
 * each field of fields[0..n) it names, the provider's name into names[]
 * (new strings; NULL where not named).  -1 + message for a part that is
 * not NAME={field}, an unknown field, a field or a name given twice, or
 * the name "token" (the listener's own). */
int callbacks_template_parse(const char *tpl, const char *const *fields,
    int n, char **names, err_t *e);

#endif
