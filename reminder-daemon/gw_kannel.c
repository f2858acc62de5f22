/*
 * gw_kannel.c - Kannel's smsbox "sendsms" HTTP interface.
 *
 *   GET {url}?username=&password=&to=&text=&from=&charset=UTF-8&coding=
 *
 * coding=0 lets smsbox convert the UTF-8 text to GSM-7 (é, à, € exist
 * there); coding=2 sends UCS-2, which a text with ê or ç needs: the
 * daemon says which in sms.ucs2.  smsbox answers 202 "0: Accepted for
 * delivery" or 202 "3: Queued for later delivery" (bearerbox keeps it):
 * both mean Kannel has taken the message.  403 is a wrong username or
 * password, 400 a refused request ("Missing receiver number, rejected",
 * a number denied by the white/black lists), 5xx a Kannel in trouble.
 *
 * With [callbacks], each request also carries dlr-mask and dlr-url, so
 * that Kannel reports delivery to the daemon's listener with no
 * configuration of its own: dlr-url = PUBLIC_URL/kannel/dlr?token=…&id=
 * OUTBOX_ID&type=%d&answer=%A (Kannel fills %d, the report's type, and
 * %A, the SMSC's answer).
 *
 * The sendsms-user group in kannel.conf must allow long texts
 * (max-messages = 3 or more, concatenation = true), else Kannel cuts
 * them to one SMS.
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

#define KANNEL_URL "http://127.0.0.1:13013/cgi-bin/sendsms"

struct kannel {
	struct http *http;
	char *url, *user, *password, *smsc;
	char *dlr_url;		/* up to "id=", or NULL without [callbacks] */
	struct http_answer ans;
};

static void kannel_close(struct gateway *gw);

static int
kannel_open(struct gateway *gw, const config *cfg, err_t *e)
{
	struct kannel *k = xcalloc(1, sizeof *k);
	const char *url = config_str(cfg, "gateway", "url", KANNEL_URL);
	const char *user = config_str(cfg, "gateway", "username", "");
	const char *smsc = config_str(cfg, "gateway", "smsc", "");

	gw->priv = k;
	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0) {
		err_set(e, "%s: [gateway] url = %s: not an http:// or https:// "
		    "address (Kannel's is usually %s)", config_path(cfg), url,
		    KANNEL_URL);
		goto fail;
	}
	if (*user == '\0') {
		err_set(e, "%s: [gateway] username is missing: give the "
		    "username of a sendsms-user group of kannel.conf",
		    config_path(cfg));
		goto fail;
	}
	k->password = gateway_secret(cfg, "MSD_GATEWAY_PASSWORD", e);
	if (k->password == NULL ||
	    gateway_check_url(cfg, url, *k->password ? "the password" : NULL,
	    e) < 0)
		goto fail;
	gw->secret = k->password;
	k->url = xstrdup(url);
	k->user = xstrdup(user);
	k->smsc = xstrdup(smsc);
	if ((k->http = gw_http_new(gw, cfg, e)) == NULL)
		goto fail;
	struct callbacks_conf cb;
	if (callbacks_conf_load(cfg, &cb, e) < 0)
		goto fail;
	if (cb.enabled) {
		strbuf d = STRBUF_INIT;

		callbacks_url(&cb, "/kannel/dlr", 1, &d);
		strbuf_puts(&d, "&id=");
		k->dlr_url = strbuf_take(&d);
	}
	callbacks_conf_free(&cb);
	return 0;
fail:
	kannel_close(gw);
	gw->priv = NULL;
	return -1;
}

static void
param(strbuf *b, const char *name, const char *value)
{
	strbuf_putc(b, '&');
	strbuf_puts(b, name);
	strbuf_putc(b, '=');
	gw_urlencode(b, value);
}

static void
kannel_send(struct gateway *gw, const struct sms *m, struct gw_result *res)
{
	struct kannel *k = gw->priv;
	strbuf url = STRBUF_INIT;
	struct http_request r = { .method = "GET", .secret = k->password };

	strbuf_puts(&url, k->url);
	strbuf_putc(&url, strchr(k->url, '?') ? '&' : '?');
	strbuf_puts(&url, "username=");
	gw_urlencode(&url, k->user);
	param(&url, "password", k->password);
	param(&url, "to", m->to);
	param(&url, "text", m->text);
	if (gw->sender[0])
		param(&url, "from", gw->sender);
	if (k->smsc[0])
		param(&url, "smsc", k->smsc);
	param(&url, "charset", "UTF-8");
	param(&url, "coding", m->ucs2 ? "2" : "0");
	if (k->dlr_url != NULL) {
		strbuf d = STRBUF_INIT;

		/* 31: delivered (1), not delivered (2), buffered (4), taken
		 * by the SMSC (8), refused by the SMSC (16). */
		param(&url, "dlr-mask", "31");
		strbuf_printf(&d, "%s%lld&type=%%d&answer=%%A", k->dlr_url, m->ref);
		param(&url, "dlr-url", strbuf_str(&d));
		strbuf_free(&d);
	}
	r.url = strbuf_str(&url);

	if (gw_http_send(k->http, &r, "Kannel", &k->ans, res) == 0) {
		gw_http_outcome(&k->ans, "Kannel", NULL, k->password, res);
		/* Anything but 2xx is handled by the shared rule; a 2xx
		 * whose text is not "0:" or "3:" is not Kannel's sendsms
		 * (a proxy's page?) and must not count as sent. */
		if (res->status == GW_SENT) {
			const char *body = strbuf_str(&k->ans.body);

			if (strncmp(body, "0:", 2) != 0 &&
			    strncmp(body, "3:", 2) != 0) {
				res->status = GW_TRANSIENT;
				gw_reason(res, "Kannel: HTTP %ld without \"0: Accepted\" "
				    "(is [gateway] url Kannel's sendsms?)",
				    k->ans.status);
			}
		}
	}
	scrub_text(res->reason, sizeof res->reason, k->password);
	/* The URL held the password: wipe it before freeing. */
	if (url.s != NULL)
		explicit_bzero(url.s, url.len);
	strbuf_free(&url);
}

static void
kannel_close(struct gateway *gw)
{
	struct kannel *k = gw->priv;

	if (k == NULL)
		return;
	http_free(k->http);
	if (k->password != NULL)
		explicit_bzero(k->password, strlen(k->password));
	free(k->password);
	free(k->url);
	free(k->user);
	free(k->smsc);
	free(k->dlr_url);
	http_answer_free(&k->ans);
	free(k);
}

const struct gateway_ops gw_kannel_ops = {
	.name = "kannel",
	.open = kannel_open,
	.send = kannel_send,
	.close = kannel_close,
};
