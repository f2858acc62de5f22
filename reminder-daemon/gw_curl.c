#include "gw_curl.h"

#include <ctype.h>
#include <stdarg.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* An answer larger than this is not an SMS gateway's answer; what is
 * kept is only for the reason and the provider id. */
#define BODY_MAX (64 * 1024)

struct gw_curl {
	CURL *h;
	char *ca_file;			/* NULL: the system's CA store */
	long timeout_s;
	char errbuf[CURL_ERROR_SIZE];
};

struct gw_curl *
gw_curl_new(const struct gateway *gw, const config *cfg, err_t *e)
{
	struct gw_curl *c = xcalloc(1, sizeof *c);
	const char *ca = config_get(cfg, "gateway", "ca_file");

	c->h = curl_easy_init();
	if (c->h == NULL) {
		free(c);
		err_set(e, "gateway: libcurl could not create a handle "
		    "(out of memory?)");
		return NULL;
	}
	if (ca != NULL && *ca != '\0')
		c->ca_file = xstrdup(ca);
	c->timeout_s = gw->timeout_s;
	return c;
}

void
gw_curl_free(struct gw_curl *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->h);
	free(c->ca_file);
	free(c);
}

static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	strbuf *b = arg;
	size_t n = size * nmemb;

	if (b->len < BODY_MAX)
		strbuf_add(b, p, n < BODY_MAX - b->len ? n : BODY_MAX - b->len);
	return n;
}

/* Says why no answer came, in words an operator can act on. */
static void
transport_reason(struct gw_curl *c, CURLcode rc, const char *what,
    struct gw_result *res)
{
	const char *detail = c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc);

	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		gw_reason(res, "%s: no answer within %ld s (timeout_s): %s", what,
		    c->timeout_s, detail);
		break;
	case CURLE_COULDNT_CONNECT:
		gw_reason(res, "%s: cannot connect: %s", what, detail);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		gw_reason(res, "%s: host name not found (network or DNS down?): %s",
		    what, detail);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		gw_reason(res, "%s: TLS certificate not trusted: %s (if the provider uses "
		    "a private CA, set [gateway] ca_file)", what, detail);
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_USE_SSL_FAILED:
		gw_reason(res, "%s: TLS handshake failed: %s (is the url https on a "
		    "server that speaks TLS?)", what, detail);
		break;
	default:
		gw_reason(res, "%s: %s", what,
		    detail);
		break;
	}
}

static void
scrub_request_secrets(const struct gw_request *r, char *reason, size_t n)
{
	scrub_text(reason, n, r->password);
	scrub_text(reason, n, r->bearer);
	scrub_text(reason, n, r->secret);
}

int
gw_curl_perform(struct gw_curl *c, const struct gw_request *r,
    const char *what, struct gw_answer *a, struct gw_result *res)
{
	struct curl_slist *hdrs = NULL;
	CURL *h = c->h;
	CURLcode rc;
	char ct[160];

	a->status = 0;
	a->retry_after_s = -1;
	strbuf_reset(&a->body);
	strbuf_puts(&a->body, "");

	/* Reset keeps the connection cache: the next message reuses the
	 * same connection (keep-alive), which is most of the throughput. */
	curl_easy_reset(h);
	c->errbuf[0] = '\0';
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(h, CURLOPT_URL, r->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	/* The daemon has its own signal handlers; curl must not use
	 * SIGALRM for its timeouts. */
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout_s);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, c->timeout_s);
	/* TLS verification is always on: an SMS gateway receives phone
	 * numbers and credentials.  Only the CA bundle may be chosen. */
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->ca_file != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file);
	/* A redirect is a configuration matter (wrong url); following it
	 * would resend credentials to a place nobody configured. */
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "msd-reminderd");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &a->body);
	if (r->bearer != NULL) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
		curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, r->bearer);
	} else if (r->user != NULL) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(h, CURLOPT_USERNAME, r->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD,
		    r->password ? r->password : "");
	}
	if (strcmp(r->method, "POST") == 0) {
		const char *body = r->body ? r->body : "";

		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
		snprintf(ct, sizeof ct, "Content-Type: %s",
		    r->content_type ? r->content_type
		    : "application/x-www-form-urlencoded");
		hdrs = curl_slist_append(hdrs, ct);
		/* No "100-continue" round trip for a few hundred bytes. */
		hdrs = curl_slist_append(hdrs, "Expect:");
	} else {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	}
	if (r->header != NULL && *r->header != '\0')
		hdrs = curl_slist_append(hdrs, r->header);
	if (hdrs != NULL)
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);

	rc = curl_easy_perform(h);
	curl_slist_free_all(hdrs);
	if (rc != CURLE_OK) {
		res->status = GW_TRANSIENT;
		transport_reason(c, rc, what, res);
		scrub_request_secrets(r, res->reason, sizeof res->reason);
		return -1;
	}
	scrub_secret(&a->body, r->password);
	scrub_secret(&a->body, r->bearer);
	scrub_secret(&a->body, r->secret);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &a->status);
	{
		/* curl parses both forms of Retry-After (seconds, HTTP date). */
		curl_off_t ra = -1;

		if (curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK
		    && ra > 0)
			a->retry_after_s = (long)ra;
	}
	return 0;
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
gw_http_outcome(const struct gw_answer *a, const char *what,
    const char *detail, const char *password, struct gw_result *res)
{
	char wide[1024], excerpt[160];
	const char *advice = "";

	res->status = gateway_http_class(a->status);
	res->retry_after_s = a->retry_after_s;
	if (detail == NULL || *detail == '\0') {
		/* Scrubbed before it is cut short: a number cut in two would
		 * be too short to be seen as one. */
		gw_excerpt(strbuf_str(&a->body), wide, sizeof wide);
		scrub_text(wide, sizeof wide, password);
		size_t len = strlen(wide);

		if (len >= sizeof excerpt)
			len = sizeof excerpt - 1;
		memcpy(excerpt, wide, len);
		excerpt[len] = '\0';
		scrub_cut(excerpt, len);
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

void
gw_excerpt(const char *body, char *out, size_t n)
{
	size_t o = 0;
	int in_tag = 0, space = 0;

	if (n == 0)
		return;
	for (const unsigned char *p = (const unsigned char *)body; *p; p++) {
		if (*p == '<') {
			in_tag = 1;
			space = o > 0;
			continue;
		}
		if (in_tag) {
			if (*p == '>')
				in_tag = 0;
			continue;
		}
		if (*p < 0x20 || *p == ' ' || *p == 0x7f) {
			space = o > 0;
			continue;
		}
		if (space) {
			if (o + 2 >= n)
				break;
			out[o++] = ' ';
			space = 0;
		}
		if (o + 1 >= n)
			break;
		out[o++] = (char)*p;
	}
	out[o] = '\0';
	/* Never cut a UTF-8 sequence in two. */
	scrub_cut(out, o);
}
