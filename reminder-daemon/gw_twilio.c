/*
 * gw_twilio.c - Twilio's REST API (and the providers that copy it).
 *
 *   POST {url}  To=&From=&Body=   basic auth: account SID, auth token
 *
 * 201 with {"sid": "SM…", "status": "queued"} means accepted.  An error
 * is a JSON object {"code": 21211, "message": "…", "status": 400}: 400
 * is permanent (21211 invalid number, 21610 the person sent STOP,
 * 21408 region not enabled…), 429 and 5xx are worth retrying, 401 is
 * our credentials (retried: fixing the token must not cost the queue).
 *
 * With [callbacks], each message asks for StatusCallback = PUBLIC_URL/
 * twilio/status?ref=OUTBOX_ID: Twilio posts its status changes there,
 * signed with the auth token (X-Twilio-Signature).  21610 marks the
 * result opted_out, and the daemon puts the number on its STOP list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "callbacks.h"
#include "gateway.h"
#include "gw_common.h"
#include "scrub.h"
#include "strbuf.h"

#define TWILIO_URL \
	"https://api.twilio.com/2010-04-01/Accounts/{username}/Messages.json"

struct twilio {
	struct http *http;
	char *url, *sid, *token;
	char *status_url;	/* up to "ref=", or NULL without [callbacks] */
	struct http_answer ans;
};

static void twilio_close(struct gateway *gw);

static int
twilio_open(struct gateway *gw, const config *cfg, err_t *e)
{
	struct twilio *t = xcalloc(1, sizeof *t);
	const char *url = config_str(cfg, "gateway", "url", TWILIO_URL);
	const char *sid = config_str(cfg, "gateway", "username", "");
	strbuf u = STRBUF_INIT;
	const char *p;

	gw->priv = t;
	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0) {
		err_set(e, "%s: [gateway] url = %s: not an http:// or https:// "
		    "address", config_path(cfg), url);
		goto fail;
	}
	if (*sid == '\0') {
		err_set(e, "%s: [gateway] username is missing: give the Twilio "
		    "account SID (AC…)", config_path(cfg));
		goto fail;
	}
	if (gw->sender[0] == '\0') {
		err_set(e, "%s: [gateway] sender is missing: Twilio needs the "
		    "number or the name messages come from", config_path(cfg));
		goto fail;
	}
	t->token = gateway_secret(cfg, "MSD_GATEWAY_PASSWORD", e);
	if (t->token == NULL)
		goto fail;
	if (t->token[0] == '\0') {
		err_set(e, "%s: Twilio needs the auth token: put it in the file "
		    "named by [gateway] password_file (mode 0600) or in "
		    "MSD_GATEWAY_PASSWORD", config_path(cfg));
		goto fail;
	}
	if (gateway_check_url(cfg, url, "the auth token", e) < 0)
		goto fail;
	gw->secret = t->token;
	/* The account SID is part of the path. */
	strbuf_puts(&u, "");
	while ((p = strstr(url, "{username}")) != NULL) {
		strbuf_add(&u, url, (size_t)(p - url));
		gw_urlencode(&u, sid);
		url = p + strlen("{username}");
	}
	strbuf_puts(&u, url);
	t->url = strbuf_take(&u);
	t->sid = xstrdup(sid);
	if ((t->http = gw_http_new(gw, cfg, e)) == NULL)
		goto fail;
	struct callbacks_conf cb;
	if (callbacks_conf_load(cfg, &cb, e) < 0)
		goto fail;
	if (cb.enabled) {
		strbuf d = STRBUF_INIT;

		/* No token: Twilio's signature authenticates it. */
		callbacks_url(&cb, "/twilio/status?ref=", 0, &d);
		t->status_url = strbuf_take(&d);
	}
	callbacks_conf_free(&cb);
	return 0;
fail:
	twilio_close(gw);
	gw->priv = NULL;
	return -1;
}

static void
twilio_send(struct gateway *gw, const struct sms *m, struct gw_result *res)
{
	struct twilio *t = gw->priv;
	strbuf body = STRBUF_INIT;
	struct http_request r = {
		.method = "POST",
		.url = t->url,
		.content_type = "application/x-www-form-urlencoded",
		.user = t->sid,
		.password = t->token,
	};
	char code[32], message[200], detail[240], status[32];
	const char *json;

	strbuf_puts(&body, "To=");
	gw_urlencode(&body, m->to);
	strbuf_puts(&body, "&From=");
	gw_urlencode(&body, gw->sender);
	strbuf_puts(&body, "&Body=");
	gw_urlencode(&body, m->text);
	if (t->status_url != NULL) {
		strbuf u = STRBUF_INIT;

		strbuf_printf(&u, "%s%lld", t->status_url, m->ref);
		strbuf_puts(&body, "&StatusCallback=");
		gw_urlencode(&body, strbuf_str(&u));
		strbuf_free(&u);
	}
	r.body = strbuf_str(&body);

	if (gw_http_send(t->http, &r, "Twilio", &t->ans, res) == 0) {
		json = strbuf_str(&t->ans.body);
		detail[0] = '\0';
		if (gateway_http_class(t->ans.status) == GW_SENT) {
			if (gw_json_get(json, "status", status, sizeof status) == 0)
				snprintf(detail, sizeof detail, "accepted (%s)",
				    status);
			else
				snprintf(detail, sizeof detail, "accepted");
		} else if (gw_json_get(json, "code", code, sizeof code) == 0) {
			if (gw_json_get(json, "message", message,
			    sizeof message) < 0)
				message[0] = '\0';
			snprintf(detail, sizeof detail, "error %s%s%s", code,
			    message[0] ? ": " : "", message);
			res->opted_out = strcmp(code, "21610") == 0;
		}
		gw_http_outcome(&t->ans, "Twilio", detail, t->token, res);
		if (res->status == GW_SENT &&
		    gw_json_get(json, "sid", res->provider_id,
		    sizeof res->provider_id) < 0) {
			/* A 2xx without a sid is not Twilio's answer. */
			res->status = GW_TRANSIENT;
			gw_reason(res, "Twilio: HTTP %ld without a message sid (is "
			    "[gateway] url Twilio's Messages.json?)",
			    t->ans.status);
		}
	}
	scrub_text(res->reason, sizeof res->reason, t->token);
	strbuf_free(&body);
}

static void
twilio_close(struct gateway *gw)
{
	struct twilio *t = gw->priv;

	if (t == NULL)
		return;
	http_free(t->http);
	if (t->token != NULL)
		explicit_bzero(t->token, strlen(t->token));
	free(t->token);
	free(t->url);
	free(t->sid);
	free(t->status_url);
	http_answer_free(&t->ans);
	free(t);
}

const struct gateway_ops gw_twilio_ops = {
	.name = "twilio",
	.open = twilio_open,
	.send = twilio_send,
	.close = twilio_close,
};
