/*
 * gateway.h - how the daemon hands one SMS to a provider.
 *
 * Each backend is one file (gw_kannel.c, gw_twilio.c, gw_http.c,
 * gw_file.c) exporting one `const struct gateway_ops`, in the manner of
 * OpenSMTPD's queue backends.  The daemon knows nothing else about them.
 *
 * A backend classifies every outcome, because the outbox acts on it:
 *   GW_SENT       the provider accepted the message (2xx): state sent;
 *   GW_TRANSIENT  worth retrying (timeout, connection refused, DNS, 5xx,
 *                 429): state retry, after retry_after_s if the provider
 *                 said so (Retry-After), else exponential backoff;
 *   GW_PERMANENT  retrying cannot help (4xx other than 408/429, invalid
 *                 number): state failed, with the provider's reason.
 */
#ifndef MSD_GATEWAY_H
#define MSD_GATEWAY_H

#include "config.h"
#include "err.h"

enum gw_status { GW_SENT, GW_TRANSIENT, GW_PERMANENT };

struct sms {
	const char *to;			/* E.164: "+33612345678" */
	const char *text;		/* UTF-8 */
	int ucs2;			/* 1 if the text needs UCS-2 (not GSM-7) */
	long long ref;			/* outbox row id: a stable client reference */
};

struct gw_result {
	enum gw_status status;
	long retry_after_s;		/* from Retry-After, else -1 */
	char reason[256];		/* for the log and the report; never the number */
	char provider_id[128];		/* the provider's message id, if any */
	int opted_out;			/* GW_PERMANENT because the person opted
					 * out at the provider (Twilio 21610) */
};

struct gateway;

struct gateway_ops {
	const char *name;		/* the [gateway] type = value */
	/* Reads its settings from [gateway]; -1 + message on bad config. */
	int (*open)(struct gateway *gw, const config *cfg, err_t *e);
	/* Sends one message; always fills res.  Must return within
	 * timeout_s.  Never logs the number or the text. */
	void (*send)(struct gateway *gw, const struct sms *m, struct gw_result *res);
	void (*close)(struct gateway *gw);
};

struct gateway {
	const struct gateway_ops *ops;
	void *priv;			/* the backend's own state */
	long timeout_s;			/* [gateway] timeout_s, default 10 */
	char sender[32];		/* [gateway] sender, may be "" */
	const char *secret;		/* the backend's password or token (it
					 * owns it), or NULL: gateway_send masks
					 * it in every reason */
};

/* Opens the backend named by [gateway] type (default "file").  Reads the
 * shared settings, then calls the backend's open. */
struct gateway *gateway_open(const config *cfg, err_t *e);
void gateway_send(struct gateway *gw, const struct sms *m, struct gw_result *res);
void gateway_close(struct gateway *gw);

/* Reads a secret: [gateway] password_file (refused if group- or
 * world-readable), else the environment variable env_name, else "".
 * Returns a new string, or NULL + message. */
char *gateway_secret(const config *cfg, const char *env_name, err_t *e);
/* The same for another key: [sec] key (e.g. [callbacks] token_file). */
char *gateway_secret_file(const config *cfg, const char *sec, const char *key,
    const char *env_name, err_t *e);

/* Refuses (-1 + message) a url with "user:password@", and a plain
 * http:// url to a host other than the loopback when the request carries
 * a credential: credentials names it ("the password", "the auth token")
 * or is NULL when the backend sends none of its own; a url parameter or
 * the [gateway] header whose name says key, token, pass, secret, auth or
 * signature counts too.  [gateway] allow_insecure_http = yes allows it
 * (with a warning in the log), for a trusted network. */
int gateway_check_url(const config *cfg, const char *url,
    const char *credentials, err_t *e);

/* Sets res->reason (printf-style), cut at a character boundary if too
 * long: for the backends. */
void gw_reason(struct gw_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Maps an HTTP status to a gw_status (shared by the HTTP backends). */
enum gw_status gateway_http_class(long http_status);

extern const struct gateway_ops gw_kannel_ops, gw_twilio_ops, gw_http_ops,
    gw_file_ops;

#endif
