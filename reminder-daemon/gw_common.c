#include "gw_common.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scrub.h"
#include "utf8.h"

/* An answer larger than this is not an SMS gateway's answer; what is
 * kept is only for the reason and the provider id. */
#define BODY_MAX (64 * 1024)

struct http *
gw_http_new(const struct gateway *gw, const config *cfg, err_t *e)
{
	struct http_conf c = {
		.section = "gateway",
		.agent = "msd-reminderd",
		.ca_file = config_get(cfg, "gateway", "ca_file"),
		.timeout_s = gw->timeout_s,
		.connect_s = gw->timeout_s,
	};
	struct http *h = http_new(&c, e);

	if (h == NULL)
		err_prefix(e, "gateway: ");
	return h;
}

int
gw_http_send(struct http *h, const struct http_request *r, const char *what,
    struct http_answer *a, struct gw_result *res)
{
	struct http_request q = *r;

	q.body_max = BODY_MAX;
	q.body_cut = 1;
	if (http_perform(h, &q, a) == 0)
		return 0;
	res->status = GW_TRANSIENT;
	gw_reason(res, "%s: %s", what, a->why);
	scrub_text(res->reason, sizeof res->reason, r->password);
	scrub_text(res->reason, sizeof res->reason, r->bearer);
	scrub_text(res->reason, sizeof res->reason, r->secret);
	return -1;
}

void
gw_http_outcome(const struct http_answer *a, const char *what,
    const char *detail, const char *password, struct gw_result *res)
{
	char excerpt[160];
	const char *advice = "";

	res->status = gateway_http_class(a->status);
	res->retry_after_s = a->retry_after_s;
	if (detail == NULL || *detail == '\0') {
		http_excerpt(strbuf_str(&a->body), excerpt, sizeof excerpt);
		detail = excerpt;
	}
	switch (a->status) {
	case 401: case 403: case 407:
		advice = " (credentials refused: check [gateway] username and "
		    "password_file; will retry)";
		break;
	case 404: case 405:
		advice = " (check [gateway] url and method; will retry)";
		break;
	case 301: case 302: case 303: case 307: case 308:
		advice = " (redirected: set [gateway] url to the final address; "
		    "will retry)";
		break;
	}
	gw_reason(res, "%s: HTTP %ld%s%s%s", what,
	    a->status, *detail ? ": " : "", detail, advice);
	scrub_text(res->reason, sizeof res->reason, password);
}

void
gw_urlencode(strbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	strbuf_puts(b, "");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' ||
		    *p == '~') {
			strbuf_putc(b, (char)*p);
		} else {
			strbuf_putc(b, '%');
			strbuf_putc(b, hex[*p >> 4]);
			strbuf_putc(b, hex[*p & 15]);
		}
	}
}

void
gw_jsonescape(strbuf *b, const char *s)
{
	strbuf_puts(b, "");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': strbuf_puts(b, "\\\""); break;
		case '\\': strbuf_puts(b, "\\\\"); break;
		case '\n': strbuf_puts(b, "\\n"); break;
		case '\r': strbuf_puts(b, "\\r"); break;
		case '\t': strbuf_puts(b, "\\t"); break;
		default:
			if (*p < 0x20)
				strbuf_printf(b, "\\u%04x", *p);
			else
				strbuf_putc(b, (char)*p);	/* UTF-8 as is */
		}
	}
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Copies the JSON string starting after its opening quote into out,
 * unescaping; stops at the closing quote or when out is full. */
static void
json_unescape(const char *p, char *out, size_t n)
{
	size_t o = 0;

	while (*p && *p != '"' && o + 5 < n) {
		if (*p != '\\') {
			out[o++] = *p++;
			continue;
		}
		p++;
		switch (*p) {
		case 'n': out[o++] = '\n'; p++; break;
		case 't': out[o++] = '\t'; p++; break;
		case 'r': out[o++] = '\r'; p++; break;
		case 'b': case 'f': out[o++] = ' '; p++; break;
		case 'u': {
			uint32_t cp = 0;
			int i;

			for (i = 1; i <= 4 && hexval((unsigned char)p[i]) >= 0;
			    i++)
				cp = cp * 16 + (uint32_t)hexval((unsigned char)p[i]);
			p += i;
			/* Surrogate pairs are rare in an error message: a
			 * lone half becomes U+FFFD rather than bad UTF-8. */
			if (cp >= 0xd800 && cp <= 0xdfff)
				cp = 0xfffd;
			o += utf8_encode(cp, out + o);
			break;
		}
		case '\0': break;
		default: out[o++] = *p++; break;
		}
	}
	out[o] = '\0';
}

int
gw_json_get(const char *json, const char *key, char *out, size_t n)
{
	size_t klen = strlen(key);
	const char *p = json;

	if (n == 0)
		return -1;
	out[0] = '\0';
	while ((p = strchr(p, '"')) != NULL) {
		const char *v;

		p++;
		if (strncmp(p, key, klen) != 0 || p[klen] != '"') {
			/* Skip this string (it may be a value holding a
			 * quoted key name). */
			while (*p && *p != '"') {
				if (*p == '\\' && p[1])
					p++;
				p++;
			}
			if (*p == '"')
				p++;
			continue;
		}
		v = p + klen + 1;
		while (isspace((unsigned char)*v))
			v++;
		if (*v != ':')
			continue;
		v++;
		while (isspace((unsigned char)*v))
			v++;
		if (*v == '"') {
			json_unescape(v + 1, out, n);
			return 0;
		}
		if (*v == '-' || isdigit((unsigned char)*v)) {
			size_t o = 0;

			while ((*v == '-' || *v == '.' || isdigit((unsigned char)*v))
			    && o + 1 < n)
				out[o++] = *v++;
			out[o] = '\0';
			return 0;
		}
		return -1;	/* null, object, array: nothing useful */
	}
	return -1;
}
