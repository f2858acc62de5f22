/* [callbacks] of reminderd.ini, and the addresses providers call. */
#include "callbacks.h"
#include "gateway.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "127.0.0.1:8091", "8091" (loopback), "0.0.0.0:8091". */
static int
parse_listen(const char *v, struct sockaddr_in *a)
{
	char host[64];
	const char *colon = strrchr(v, ':');
	char *end;
	long port;

	memset(a, 0, sizeof *a);
	a->sin_family = AF_INET;
	if (colon == NULL) {
		snprintf(host, sizeof host, "127.0.0.1");
		colon = v - 1;
	} else if ((size_t)(colon - v) >= sizeof host)
		return -1;
	else
		snprintf(host, sizeof host, "%.*s", (int)(colon - v), v);
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || end == colon + 1 || port < 1 || port > 65535)
		return -1;
	if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
		return -1;
	a->sin_port = htons((uint16_t)port);
	return 0;
}

static const char *const dlr_names[CBF_DLR_N] = { "ref", "provider_id",
    "status", "reason" };
static const char *const mo_names[CBF_MO_N] = { "from", "text", "id" };

/* "UNDELIV, REJECTD" -> { "UNDELIV", "REJECTD", NULL }. */
static char **
words(const char *v)
{
	char **w = xcalloc(strlen(v) / 2 + 2, sizeof *w);
	int n = 0;

	while (*v) {
		size_t len;

		v += strspn(v, ", \t");
		len = strcspn(v, ",");
		while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t'))
			len--;
		if (len > 0) {
			w[n] = xmalloc(len + 1);
			memcpy(w[n], v, len);
			w[n++][len] = '\0';
		}
		v += len;
	}
	return w;
}

/* The http backend's templates and status words; -1 + message. */
static int
load_http(const config *cfg, struct callbacks_conf *c, err_t *e)
{
	static const struct { const char *key, *def; int n, need_a, need_b; }
	    t[2] = {
		{ "http_dlr", "id={ref}&provider_id={provider_id}&status={status}"
		    "&reason={reason}", CBF_DLR_N, CBF_STATUS, -1 },
		{ "http_mo", "from={from}&text={text}&id={id}", CBF_MO_N, CBF_FROM,
		    CBF_TEXT },
	};

	for (int i = 0; i < 2; i++) {
		const char *v = config_str(cfg, "callbacks", t[i].key, t[i].def);
		char **names = i == 0 ? c->dlr_field : c->mo_field;
		const char *const *fields = i == 0 ? dlr_names : mo_names;

		if (callbacks_template_parse(v, fields, t[i].n, names, e) < 0)
			return err_prefix(e, "%s:%d: [callbacks] %s = '%s': ",
			    config_path(cfg), config_line(cfg, "callbacks", t[i].key),
			    t[i].key, v);
		if (names[t[i].need_a] == NULL ||
		    (t[i].need_b >= 0 && names[t[i].need_b] == NULL) ||
		    (i == 0 && !names[CBF_REF] && !names[CBF_PROVIDER_ID]))
			return err_set(e, "%s:%d: [callbacks] %s = '%s': it must "
			    "name %s", config_path(cfg), config_line(cfg,
			    "callbacks", t[i].key), t[i].key, v, i == 0 ?
			    "{status} and {ref} or {provider_id} (which message)" :
			    "{from} and {text}");
	}
	c->delivered = words(config_str(cfg, "callbacks", "http_delivered",
	    "delivered"));
	c->undelivered = words(config_str(cfg, "callbacks", "http_undelivered",
	    "undelivered, failed"));
	return 0;
}

int
callbacks_conf_load(const config *cfg, struct callbacks_conf *c, err_t *e)
{
	const char *listen, *pub;

	memset(c, 0, sizeof *c);
	if (!config_has_section(cfg, "callbacks"))
		return 0;
	listen = config_str(cfg, "callbacks", "listen", "127.0.0.1:8091");
	if (parse_listen(listen, &c->addr) < 0)
		return err_set(e, "%s:%d: [callbacks] listen = '%s': expected "
		    "ADDRESS:PORT like 127.0.0.1:8091 (an IPv4 address; put a "
		    "reverse proxy in front for anything public)", config_path(cfg),
		    config_line(cfg, "callbacks", "listen"), listen);
	if (config_int(cfg, "callbacks", "max_body_kb", 16, 1, 1024, &c->max_body, e) < 0 ||
	    config_int(cfg, "callbacks", "max_connections", 512, 1, 4000, &c->max_conn, e) < 0 ||
	    config_int(cfg, "callbacks", "timeout_s", 10, 1, 600, &c->timeout_s, e) < 0)
		return -1;
	c->max_body *= 1024;
	pub = config_get(cfg, "callbacks", "public_url");
	if (pub != NULL && *pub != '\0') {
		if (strncasecmp(pub, "http://", 7) != 0 &&
		    strncasecmp(pub, "https://", 8) != 0)
			return err_set(e, "%s:%d: [callbacks] public_url = '%s': not "
			    "an http:// or https:// address", config_path(cfg),
			    config_line(cfg, "callbacks", "public_url"), pub);
		c->public_url = xstrdup(pub);
	} else
		c->public_url = xstrdup("http://");
	if (pub == NULL || *pub == '\0') {
		char buf[64];

		inet_ntop(AF_INET, &c->addr.sin_addr, buf, sizeof buf);
		free(c->public_url);
		strbuf u = STRBUF_INIT;
		strbuf_printf(&u, "http://%s:%u", buf, (unsigned)ntohs(c->addr.sin_port));
		c->public_url = strbuf_take(&u);
	}
	size_t n = strlen(c->public_url);
	while (n > 0 && c->public_url[n - 1] == '/')
		c->public_url[--n] = '\0';
	if (load_http(cfg, c, e) < 0) {
		callbacks_conf_free(c);
		return -1;
	}
	c->token = gateway_secret_file(cfg, "callbacks", "token_file",
	    "MSD_CALLBACK_TOKEN", e);
	if (c->token == NULL) {
		callbacks_conf_free(c);
		return -1;
	}
	/* The token is all that stands between the Internet and the STOP
	 * list: refuse one that could be guessed. */
	if (strlen(c->token) < 16 || strspn(c->token, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_.~") != strlen(c->token)) {
		callbacks_conf_free(c);
		return err_set(e, "%s: [callbacks] token_file: the token must be at "
		    "least 16 characters of letters, digits, '-', '_', '.', '~' "
		    "(it goes in URLs); make one with `openssl rand -hex 24 > FILE`"
		    " and chmod 600 FILE", config_path(cfg));
	}
	c->enabled = 1;
	return 0;
}

void
callbacks_conf_free(struct callbacks_conf *c)
{
	if (c->token != NULL)
		explicit_bzero(c->token, strlen(c->token));
	free(c->token);
	free(c->public_url);
	for (int i = 0; i < CBF_DLR_N; i++)
		free(c->dlr_field[i]);
	for (int i = 0; i < CBF_MO_N; i++)
		free(c->mo_field[i]);
	for (char **w = c->delivered; w && *w; w++)
		free(*w);
	for (char **w = c->undelivered; w && *w; w++)
		free(*w);
	free(c->delivered);
	free(c->undelivered);
	memset(c, 0, sizeof *c);
}

void
callbacks_url(const struct callbacks_conf *c, const char *path, int with_token,
    strbuf *b)
{
	strbuf_puts(b, c->public_url);
	strbuf_puts(b, path);
	if (with_token) {
		strbuf_puts(b, strchr(path, '?') ? "&token=" : "?token=");
		strbuf_puts(b, c->token);
	}
}
