/*
 * gw_http.c - any other HTTP SMS provider, described in the config:
 *
 *   url          = https://sms.example/api/send?to={to}     (template)
 *   method       = POST | GET                                (POST)
 *   body         = to={to}&text={text}&from={from}&ref={ref} (template)
 *   content_type = application/x-www-form-urlencoded | application/json…
 *   auth         = none | basic (username + secret) | bearer (secret)
 *   header       = X-Api-Version: 2                          (one, optional)
 *   id_field     = id    (JSON key of the provider's message id, optional)
 *
 * Placeholders {to} {text} {from} {ref} are percent-encoded in the url
 * and in a form body, JSON-escaped in a JSON body, so that a quote or an
 * "&" in a message can never change the request's structure.  2xx is
 * sent; the rest follows gateway_http_class (400 permanent, 429/5xx
 * retried, Retry-After honoured).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gateway.h"
#include "gw_common.h"
#include "scrub.h"
#include "strbuf.h"

#define DEFAULT_BODY "to={to}&text={text}&from={from}&ref={ref}"

enum auth { AUTH_NONE, AUTH_BASIC, AUTH_BEARER };

struct httpgw {
	struct http *http;
	char *url, *body, *content_type, *header, *id_field, *user, *secret;
	int post, json;
	enum auth auth;
	struct http_answer ans;
};

static void http_close(struct gateway *gw);

static const char *const names[] = { "to", "text", "from", "ref" };

/* Length of the placeholder name at p (just after a '{') if p holds
 * "name}", else 0: other braces are literal (a JSON body has many). */
static size_t
placeholder(const char *p)
{
	size_t n = 0;

	while ((p[n] >= 'a' && p[n] <= 'z') || p[n] == '_' ||
	    (p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= '0' && p[n] <= '9'))
		n++;
	return n > 0 && p[n] == '}' ? n : 0;
}

/* Index in names[] of the placeholder at p (after '{'), or -1. */
static int
lookup(const char *p, size_t len)
{
	for (int i = 0; i < 4; i++)
		if (strlen(names[i]) == len && strncmp(p, names[i], len) == 0)
			return i;
	return -1;
}

/* A {word} that is not one of ours is a typo ({phone}, {message}) that
 * would go out as is in every SMS: refuse it at start-up. */
static int
check_template(const config *cfg, const char *key, const char *t, err_t *e)
{
	for (const char *p = strchr(t, '{'); p; p = strchr(p + 1, '{')) {
		size_t len = placeholder(p + 1);

		if (len > 0 && lookup(p + 1, len) < 0)
			return err_set(e, "%s: [gateway] %s: unknown placeholder "
			    "{%.*s}; use {to} {text} {from} {ref}",
			    config_path(cfg), key, (int)len, p + 1);
	}
	return 0;
}

static int
http_open(struct gateway *gw, const config *cfg, err_t *e)
{
	struct httpgw *h = xcalloc(1, sizeof *h);
	const char *url = config_str(cfg, "gateway", "url", "");
	const char *method = config_str(cfg, "gateway", "method", "POST");
	const char *body = config_str(cfg, "gateway", "body", DEFAULT_BODY);
	const char *ct = config_str(cfg, "gateway", "content_type",
	    "application/x-www-form-urlencoded");
	const char *auth = config_str(cfg, "gateway", "auth", "none");
	const char *header = config_str(cfg, "gateway", "header", "");
	const char *user = config_str(cfg, "gateway", "username", "");

	gw->priv = h;
	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0) {
		err_set(e, "%s: [gateway] url = %s: the http gateway needs an "
		    "http:// or https:// url template", config_path(cfg),
		    *url ? url : "(missing)");
		goto fail;
	}
	if (strcasecmp(method, "POST") == 0) {
		h->post = 1;
	} else if (strcasecmp(method, "GET") != 0) {
		err_set(e, "%s: [gateway] method = %s: use POST or GET",
		    config_path(cfg), method);
		goto fail;
	}
	if (check_template(cfg, "url", url, e) < 0 ||
	    (h->post && check_template(cfg, "body", body, e) < 0))
		goto fail;
	if (strcasecmp(auth, "none") == 0) {
		h->auth = AUTH_NONE;
	} else if (strcasecmp(auth, "basic") == 0) {
		h->auth = AUTH_BASIC;
		if (*user == '\0') {
			err_set(e, "%s: [gateway] auth = basic needs a username",
			    config_path(cfg));
			goto fail;
		}
	} else if (strcasecmp(auth, "bearer") == 0) {
		h->auth = AUTH_BEARER;
	} else {
		err_set(e, "%s: [gateway] auth = %s: use none, basic or bearer",
		    config_path(cfg), auth);
		goto fail;
	}
	/* A CR or LF would let the value add headers of its own. */
	if (*header && (strchr(header, ':') == NULL ||
	    strpbrk(header, "\r\n") != NULL || header[0] == ':')) {
		err_set(e, "%s: [gateway] header = %s: expected one "
		    "\"Name: value\"", config_path(cfg), header);
		goto fail;
	}
	if (h->auth != AUTH_NONE) {
		h->secret = gateway_secret(cfg, "MSD_GATEWAY_PASSWORD", e);
		if (h->secret == NULL)
			goto fail;
		if (h->secret[0] == '\0') {
			err_set(e, "%s: [gateway] auth = %s needs a secret: put it "
			    "in the file named by [gateway] password_file (mode "
			    "0600) or in MSD_GATEWAY_PASSWORD", config_path(cfg),
			    auth);
			goto fail;
		}
	}
	if (gateway_check_url(cfg, url, h->auth == AUTH_BASIC ? "the password"
	    : h->auth == AUTH_BEARER ? "the bearer token" : NULL, e) < 0)
		goto fail;
	gw->secret = h->secret;
	h->url = xstrdup(url);
	h->body = xstrdup(body);
	h->content_type = xstrdup(ct);
	h->header = xstrdup(header);
	h->user = xstrdup(user);
	h->id_field = xstrdup(config_str(cfg, "gateway", "id_field", ""));
	h->json = strcasestr(ct, "json") != NULL;
	if ((h->http = gw_http_new(gw, cfg, e)) == NULL)
		goto fail;
	return 0;
fail:
	http_close(gw);
	gw->priv = NULL;
	return -1;
}

/* Expands a template; json selects the escaping of the values. */
static void
expand(strbuf *b, const char *t, int json, const char *const vals[4])
{
	const char *p;

	strbuf_puts(b, "");
	while ((p = strchr(t, '{')) != NULL) {
		size_t len = placeholder(p + 1);
		int i = len > 0 ? lookup(p + 1, len) : -1;

		strbuf_add(b, t, (size_t)(p - t));
		if (i < 0) {
			strbuf_putc(b, '{');
			t = p + 1;
			continue;
		}
		if (json)
			gw_jsonescape(b, vals[i]);
		else
			gw_urlencode(b, vals[i]);
		t = p + len + 2;
	}
	strbuf_puts(b, t);
}

static void
http_send(struct gateway *gw, const struct sms *m, struct gw_result *res)
{
	struct httpgw *h = gw->priv;
	strbuf url = STRBUF_INIT, body = STRBUF_INIT;
	char ref[32];
	const char *vals[4];
	struct http_request r = {
		.method = h->post ? "POST" : "GET",
		.content_type = h->content_type,
		.headers = (const char *[]){ h->header, NULL },
	};

	snprintf(ref, sizeof ref, "%lld", m->ref);
	vals[0] = m->to;
	vals[1] = m->text;
	vals[2] = gw->sender;
	vals[3] = ref;
	expand(&url, h->url, 0, vals);
	r.url = strbuf_str(&url);
	if (h->post) {
		expand(&body, h->body, h->json, vals);
		r.body = strbuf_str(&body);
	}
	if (h->auth == AUTH_BASIC) {
		r.user = h->user;
		r.password = h->secret;
	} else if (h->auth == AUTH_BEARER) {
		r.bearer = h->secret;
	}

	if (gw_http_send(h->http, &r, "HTTP gateway", &h->ans, res) == 0) {
		gw_http_outcome(&h->ans, "HTTP gateway", NULL, h->secret, res);
		if (res->status == GW_SENT && h->id_field[0])
			gw_json_get(strbuf_str(&h->ans.body), h->id_field,
			    res->provider_id, sizeof res->provider_id);
	}
	scrub_text(res->reason, sizeof res->reason, h->secret);
	strbuf_free(&url);
	strbuf_free(&body);
}

static void
http_close(struct gateway *gw)
{
	struct httpgw *h = gw->priv;

	if (h == NULL)
		return;
	http_free(h->http);
	if (h->secret != NULL)
		explicit_bzero(h->secret, strlen(h->secret));
	free(h->secret);
	free(h->url);
	free(h->body);
	free(h->content_type);
	free(h->header);
	free(h->user);
	free(h->id_field);
	http_answer_free(&h->ans);
	free(h);
}

const struct gateway_ops gw_http_ops = {
	.name = "http",
	.open = http_open,
	.send = http_send,
	.close = http_close,
};
