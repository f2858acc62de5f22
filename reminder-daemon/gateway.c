#include "gateway.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "scrub.h"
#include "strbuf.h"
#include "url_policy.h"

static const struct gateway_ops *const backends[] = {
	&gw_file_ops, &gw_kannel_ops, &gw_twilio_ops, &gw_http_ops,
};

struct gateway *
gateway_open(const config *cfg, err_t *e)
{
	const char *type = config_str(cfg, "gateway", "type", "");
	const char *sender = config_str(cfg, "gateway", "sender", "");
	const struct gateway_ops *ops = NULL;
	struct gateway *gw;
	long timeout;

	if (*type == '\0')
		return err_set(e, "%s: [gateway] has no type = ...: use kannel, "
		    "twilio, http or file", config_path(cfg)), NULL;
	for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
		if (strcasecmp(type, backends[i]->name) == 0)
			ops = backends[i];
	if (ops == NULL)
		return err_set(e, "%s: [gateway] type = %s: unknown gateway; "
		    "use kannel, twilio, http or file", config_path(cfg), type),
		    NULL;
	if (config_int(cfg, "gateway", "timeout_s", 10, 1, 600, &timeout, e) < 0)
		return NULL;
	/* Alphanumeric senders are at most 11 characters, numbers at most
	 * 15 digits: anything longer is a mistake, better caught here. */
	if (strlen(sender) >= sizeof gw->sender)
		return err_set(e, "%s: [gateway] sender = %s: too long (at most "
		    "%zu bytes; an SMS sender is 11 letters or a number)",
		    config_path(cfg), sender, sizeof gw->sender - 1), NULL;

	gw = xcalloc(1, sizeof *gw);
	gw->ops = ops;
	gw->timeout_s = timeout;
	snprintf(gw->sender, sizeof gw->sender, "%s", sender);
	if (ops->open(gw, cfg, e) < 0) {
		free(gw);
		return NULL;
	}
	return gw;
}

void
gateway_send(struct gateway *gw, const struct sms *m, struct gw_result *res)
{
	memset(res, 0, sizeof *res);
	res->status = GW_TRANSIENT;
	res->retry_after_s = -1;
	gw->ops->send(gw, m, res);
	if (res->reason[0] == '\0')
		gw_reason(res, "%s gateway: %s",
		    gw->ops->name, res->status == GW_SENT ? "sent" : "failed");
	/* Last line of defence: whatever a provider echoed, no phone number
	 * reaches the log or the database's reason column. */
	scrub_text(res->reason, sizeof res->reason, gw->secret);
}

void
gw_reason(struct gw_result *res, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(res->reason, sizeof res->reason, fmt, ap);
	va_end(ap);
	scrub_cut(res->reason, strlen(res->reason));
}

void
gateway_close(struct gateway *gw)
{
	if (gw == NULL)
		return;
	gw->ops->close(gw);
	free(gw);
}

/* Reads a whole small secret file from an open descriptor. */
static char *
read_secret(int fd, const char *path, err_t *e)
{
	strbuf b = STRBUF_INIT;
	char buf[512];
	ssize_t n;

	strbuf_puts(&b, "");
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_set(e, "[gateway] password_file %s: cannot read: %s",
			    path, strerror(errno));
			strbuf_free(&b);
			return NULL;
		}
		strbuf_add(&b, buf, (size_t)n);
		if (b.len > 4096) {
			err_set(e, "[gateway] password_file %s: larger than 4 KiB; "
			    "it must hold the password alone", path);
			strbuf_free(&b);
			return NULL;
		}
	}
	/* Editors and `echo` add a newline that is not part of the
	 * password. */
	while (b.len > 0 && (b.s[b.len - 1] == '\n' || b.s[b.len - 1] == '\r'))
		b.s[--b.len] = '\0';
	return strbuf_take(&b);
}

char *
gateway_secret(const config *cfg, const char *env_name, err_t *e)
{
	return gateway_secret_file(cfg, "gateway", "password_file", env_name, e);
}

char *
gateway_secret_file(const config *cfg, const char *sec, const char *key,
    const char *env_name, err_t *e)
{
	const char *path = config_get(cfg, sec, key);
	const char *env;
	struct stat st;
	char *s;
	int fd;

	if (path != NULL && *path != '\0') {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return err_set(e, "%s: [%s] %s %s: cannot "
			    "open: %s", config_path(cfg), sec, key, path, strerror(errno)),
			    NULL;
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			return err_set(e, "%s: [%s] %s %s: not a "
			    "regular file", config_path(cfg), sec, key, path), NULL;
		}
		/* Same rule as ssh for private keys: a secret that others
		 * can read is no longer a secret, and silently using it
		 * would hide that. */
		if (st.st_mode & (S_IRWXG | S_IRWXO)) {
			close(fd);
			return err_set(e, "%s: [%s] %s %s: "
			    "readable by group or others (mode %04o): refused; "
			    "run `chmod 600 %s` (owner: the daemon's user)",
			    config_path(cfg), sec, key, path,
			    (unsigned)(st.st_mode & 07777), path), NULL;
		}
		s = read_secret(fd, path, e);
		close(fd);
		return s;
	}
	env = env_name ? getenv(env_name) : NULL;
	return xstrdup(env ? env : "");
}

enum gw_status
gateway_http_class(long http_status)
{
	if (http_status >= 200 && http_status < 300)
		return GW_SENT;
	if (http_status >= 400 && http_status < 500) {
		switch (http_status) {
		/* Not about this message but about our configuration
		 * (credentials, url, method) or the provider's load: failing
		 * every queued reminder for a typo would lose them all, so
		 * they wait (with a reason saying what to fix) and expire
		 * if nobody fixes it in time. */
		case 401: case 403: case 404: case 405: case 407:
		case 408: case 421: case 425: case 429:
			return GW_TRANSIENT;
		default:
			return GW_PERMANENT;
		}
	}
	/* 5xx, and 1xx/3xx that no provider should send. */
	return GW_TRANSIENT;
}

/* 1 if name (a query parameter or a header name) says it carries a
 * credential: api_key, token, password, X-Auth-Token, Authorization... */
static int
credential_name(const char *name, size_t len)
{
	static const char *const words[] = { "key", "token", "pass", "pwd",
	    "secret", "auth", "signature", "sig" };
	char low[64];

	if (len >= sizeof low)
		len = sizeof low - 1;
	for (size_t i = 0; i < len; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[len] = '\0';
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strstr(low, words[i]) != NULL)
			return 1;
	return 0;
}

/* The first query parameter of url whose name looks like a credential,
 * or NULL. */
static const char *
url_credential(const char *url, size_t *len)
{
	const char *q = strchr(url, '?');

	while (q != NULL) {
		const char *name = q + 1;
		size_t l = strcspn(name, "=&#");

		if (l > 0 && name[l] == '=' && credential_name(name, l)) {
			*len = l;
			return name;
		}
		q = strchr(name, '&');
	}
	return NULL;
}

int
gateway_check_url(const config *cfg, const char *url, const char *credentials,
    err_t *e)
{
	const char *auth_end, *header = config_str(cfg, "gateway", "header", "");
	const char *what = credentials, *param;
	char what_buf[96];
	size_t l;

	/* user:password@host would be a secret in the config file, sent on
	 * every request and unknown to the scrubber. */
	auth_end = strstr(url, "://");
	if (auth_end != NULL) {
		const char *a = auth_end + 3;
		size_t alen = strcspn(a, "/?#");

		if (memchr(a, '@', alen) != NULL)
			return err_set(e, "%s: [gateway] url has a user or password "
			    "before '@': remove it, give username = and the secret "
			    "in password_file", config_path(cfg));
	}
	if (strncasecmp(url, "http://", 7) != 0)
		return 0;
	if (what == NULL && (param = url_credential(url, &l)) != NULL) {
		snprintf(what_buf, sizeof what_buf, "the url parameter %.*s",
		    (int)(l > 40 ? 40 : l), param);
		what = what_buf;
	}
	if (what == NULL && *header) {
		l = strcspn(header, ":");
		if (credential_name(header, l)) {
			snprintf(what_buf, sizeof what_buf, "the header %.*s",
			    (int)(l > 40 ? 40 : l), header);
			what = what_buf;
		}
	}
	if (what == NULL)
		return 0;
	return url_policy_check(cfg, "gateway", url, what, e);
}
