/*
 * http.c - the one HTTP client, on libcurl (see http.h).
 */
#include "http.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scrub.h"

/* Below this many bytes/s for stall_s, a transfer is stalled. */
#define STALL_BPS	100L

struct http {
	CURL *h;
	char *section, *agent, *ca_file;
	long timeout_s, connect_s, stall_s;
	int (*cancel)(void *arg);
	void *cancel_arg;
	char errbuf[CURL_ERROR_SIZE];
};

/* ------------------------------------------------------------ init */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc;

/* Once per process, whatever the number of gateways a SIGHUP reopens or
 * of kiosk threads that start. */
static void
curl_init(void)
{
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int
http_init(err_t *e)
{
	pthread_once(&curl_once, curl_init);
	if (curl_init_rc != CURLE_OK)
		return err_set(e, "libcurl cannot start: %s",
		    curl_easy_strerror(curl_init_rc));
	return 0;
}

struct http *
http_new(const struct http_conf *c, err_t *e)
{
	struct http *h;

	if (http_init(e) < 0)
		return NULL;
	h = xcalloc(1, sizeof *h);
	h->h = curl_easy_init();
	if (h->h == NULL) {
		free(h);
		err_set(e, "libcurl could not create a handle (out of "
		    "memory?)");
		return NULL;
	}
	h->section = xstrdup(c->section);
	h->agent = xstrdup(c->agent);
	h->ca_file = c->ca_file && *c->ca_file ? xstrdup(c->ca_file) : NULL;
	h->timeout_s = c->timeout_s;
	h->connect_s = c->connect_s > 0 && c->connect_s < c->timeout_s ?
	    c->connect_s : c->timeout_s;
	h->stall_s = c->stall_s < c->timeout_s ? c->stall_s : c->timeout_s;
	h->cancel = c->cancel;
	h->cancel_arg = c->cancel_arg;
	return h;
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	curl_easy_cleanup(h->h);
	free(h->section);
	free(h->agent);
	free(h->ca_file);
	free(h);
}

/* ------------------------------------------------------------ transfer */

/* One transfer's state, for the callbacks. */
struct xfer {
	struct http *h;
	const struct http_request *r;
	struct http_answer *a;
	long status;			/* of the answer being read */
	int big, sink_err;
};

static int
is_2xx(long status)
{
	return status >= 200 && status < 300;
}

static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	/* A new status line ("HTTP/1.1 200 OK", "HTTP/2 304"): the headers
	 * of an earlier answer (a 100 Continue) do not count. */
	if (len > 5 && strncmp(data, "HTTP/", 5) == 0) {
		const char *sp = memchr(data, ' ', len);

		strbuf_reset(&x->a->headers);
		x->status = sp ? strtol(sp + 1, NULL, 10) : 0;
	}
	strbuf_add(&x->a->headers, data, len);
	/* Refused before it is fetched when the size is announced; checked
	 * in on_body too, for a server that announces none. */
	if (len > 15 && strncasecmp(data, "Content-Length:", 15) == 0 &&
	    is_2xx(x->status) && !x->r->body_cut &&
	    strtoull(data + 15, NULL, 10) > x->r->body_max) {
		x->big = 1;
		return 0;
	}
	return len;
}

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	struct http_answer *a = x->a;
	size_t len = size * n, keep = len;

	if (a->got + len > x->r->body_max) {
		if (is_2xx(x->status) && !x->r->body_cut) {
			x->big = 1;
			return 0;
		}
		keep = a->got < x->r->body_max ?
		    x->r->body_max - (size_t)a->got : 0;
	}
	a->got += len;
	if (x->r->sink && is_2xx(x->status)) {
		if ((x->sink_err = x->r->sink(x->r->sink_arg, data, len)) != 0)
			return 0;
	} else if (keep > 0)
		strbuf_add(&a->body, data, keep);
	return len;
}

static int
on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	struct http *h = arg;

	(void)dt; (void)dn; (void)ut; (void)un;
	return h->cancel(h->cancel_arg) != 0;
}

/* The handle reset to our policy (see http.h) for a transfer to url. */
static void
policy(struct http *h, const char *url, struct xfer *x)
{
	CURL *c = h->h;

	/* Reset keeps the connection cache: the next request reuses the
	 * same connection (keep-alive). */
	curl_easy_reset(c);
	h->errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	/* No SIGALRM for DNS timeouts: the daemon has its own handlers,
	 * and the kiosk calls from threads. */
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, h->timeout_s);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, h->connect_s);
	if (h->stall_s > 0) {
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, STALL_BPS);
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, h->stall_s);
	}
	/* Always verified: a gateway receives phone numbers and
	 * credentials, and a captive portal must not answer for the
	 * content server.  Only the CA bundle may be chosen. */
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (h->ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, h->ca_file);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, h->agent);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	if (h->cancel != NULL) {
		curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(c, CURLOPT_XFERINFODATA, h);
	}
}

/* r's credentials, method, body and headers onto c.  Returns the header
 * list to free after the transfer. */
static struct curl_slist *
request(CURL *c, const struct http_request *r)
{
	struct curl_slist *hdrs = NULL;

	if (r->bearer != NULL) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
		curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, r->bearer);
	} else if (r->user != NULL) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, r->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD,
		    r->password ? r->password : "");
	}
	if (r->method != NULL && (strcmp(r->method, "POST") == 0 ||
	    strcmp(r->method, "PUT") == 0)) {
		const char *body = r->body ? r->body : "";
		strbuf ct = STRBUF_INIT;

		curl_easy_setopt(c, CURLOPT_POST, 1L);
		/* A PUT of a body held in memory: libcurl's upload mode would
		 * want a read callback for what is already one buffer. */
		if (r->method[1] == 'U')
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PUT");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)
		    (r->body_len ? r->body_len : strlen(body)));
		strbuf_printf(&ct, "Content-Type: %s", r->content_type ?
		    r->content_type : "application/x-www-form-urlencoded");
		hdrs = curl_slist_append(hdrs, ct.s);
		strbuf_free(&ct);
		/* No "100-continue" round trip for a small body. */
		hdrs = curl_slist_append(hdrs, "Expect:");
	} else {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	}
	for (size_t i = 0; r->headers && r->headers[i]; i++)
		if (*r->headers[i] != '\0')
			hdrs = curl_slist_append(hdrs, r->headers[i]);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	return hdrs;
}

/* ------------------------------------------------------------ no answer */

static enum http_fail
classify(struct http *h, CURLcode rc, const struct xfer *x)
{
	if (rc == CURLE_ABORTED_BY_CALLBACK ||
	    (h->cancel != NULL && h->cancel(h->cancel_arg)))
		return HTTP_FAIL_CANCELLED;
	if (x->big)
		return HTTP_FAIL_BIG;
	if (x->sink_err)
		return HTTP_FAIL_SINK;
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return HTTP_FAIL_DNS;
	case CURLE_COULDNT_CONNECT:
		return HTTP_FAIL_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return HTTP_FAIL_TIMEOUT;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		return HTTP_FAIL_TLS_TRUST;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_USE_SSL_FAILED:
		return HTTP_FAIL_TLS;
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
		return HTTP_FAIL_CUT;
	default:
		return HTTP_FAIL_OTHER;
	}
}

/* libcurl's message, made steady: without what changes from one try to
 * the next ("after 3 ms"), so that a failure that lasts reads the same
 * each time and is logged once; with the system's reason for a refused
 * connection ("Connection refused", "No route to host") in place of
 * libcurl's "Couldn't connect to server". */
static void
detail(struct http *h, CURLcode rc, strbuf *d)
{
	const char *generic = curl_easy_strerror(rc);
	char *p;
	long os = 0;
	size_t gl = strlen(generic);

	strbuf_puts(d, h->errbuf[0] ? h->errbuf : generic);
	for (p = strstr(d->s, " after "); p; p = strstr(p + 1, " after ")) {
		char *q = p + 7;

		if (!isdigit((unsigned char)*q))
			continue;
		while (isdigit((unsigned char)*q))
			q++;
		if (strncmp(q, " ms", 3) == 0) {
			memmove(p, q + 3, strlen(q + 3) + 1);
			d->len = strlen(d->s);
			break;
		}
	}
	if (rc == CURLE_COULDNT_CONNECT &&
	    curl_easy_getinfo(h->h, CURLINFO_OS_ERRNO, &os) == CURLE_OK &&
	    os != 0 && d->len >= gl && strcmp(d->s + d->len - gl, generic) == 0) {
		d->len -= gl;
		d->s[d->len] = '\0';
		strbuf_puts(d, strerror((int)os));
	}
}

/* Says why no answer came, in words an operator can act on, into a. */
static void
say_why(struct http *h, const struct http_request *r, CURLcode rc,
    const struct xfer *x, struct http_answer *a)
{
	strbuf d = STRBUF_INIT, w = STRBUF_INIT;
	const char *s = h->section;

	a->fail = classify(h, rc, x);
	detail(h, rc, &d);
	switch (a->fail) {
	case HTTP_FAIL_NONE:
	case HTTP_FAIL_CANCELLED:
		strbuf_puts(&w, "stopped");
		break;
	case HTTP_FAIL_DNS:
		strbuf_printf(&w, "cannot find the server (DNS: %s): no network, "
		    "or a wrong [%s] url", d.s, s);
		break;
	case HTTP_FAIL_CONNECT:
		strbuf_printf(&w, "cannot connect (no network, or the server is "
		    "down): %s", d.s);
		break;
	case HTTP_FAIL_TIMEOUT:
		strbuf_printf(&w, "too slow: no answer within %ld s ([%s] "
		    "timeout_s)", h->timeout_s, s);
		break;
	case HTTP_FAIL_TLS_TRUST:
		strbuf_printf(&w, "TLS certificate not trusted (TLS error: %s): "
		    "a certificate from a private CA needs [%s] ca_file", d.s, s);
		break;
	case HTTP_FAIL_TLS:
		strbuf_printf(&w, "TLS handshake failed (TLS error: %s): is [%s] "
		    "url https on a server that speaks TLS?", d.s, s);
		break;
	case HTTP_FAIL_CUT:
		strbuf_printf(&w, "answer cut short after %llu bytes (%s)",
		    a->got, d.s);
		break;
	case HTTP_FAIL_BIG:
		strbuf_printf(&w, "answer bigger than expected (more than %zu "
		    "bytes): refused", r->body_max);
		break;
	case HTTP_FAIL_SINK:
		strbuf_printf(&w, "cannot store the answer: %s (disk full?)",
		    strerror(x->sink_err));
		break;
	case HTTP_FAIL_OTHER:
		strbuf_puts(&w, d.s);
		break;
	}
	/* libcurl's message may quote the request. */
	scrub_secret(&w, r->password);
	scrub_secret(&w, r->bearer);
	scrub_secret(&w, r->secret);
	snprintf(a->why, sizeof a->why, "%s", w.s);
	scrub_cut(a->why, strlen(a->why));
	strbuf_free(&d);
	strbuf_free(&w);
}

/* ------------------------------------------------------------ API */

int
http_perform(struct http *h, const struct http_request *r,
    struct http_answer *a)
{
	struct xfer x = { .h = h, .r = r, .a = a };
	struct curl_slist *hdrs;
	CURLcode rc;
	curl_off_t ra = -1;
	char *loc = NULL;

	a->status = 0;
	a->retry_after_s = -1;
	a->got = 0;
	a->fail = HTTP_FAIL_NONE;
	a->why[0] = '\0';
	strbuf_reset(&a->body);
	strbuf_puts(&a->body, "");
	strbuf_reset(&a->headers);
	strbuf_puts(&a->headers, "");
	strbuf_reset(&a->redirect);
	strbuf_puts(&a->redirect, "");

	policy(h, r->url, &x);
	hdrs = request(h->h, r);
	rc = curl_easy_perform(h->h);
	curl_easy_setopt(h->h, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hdrs);
	if (rc != CURLE_OK) {
		say_why(h, r, rc, &x, a);
		return -1;
	}
	/* An error page may echo the request; an excerpt cut in the middle
	 * of a secret would no longer be found, so the whole body is
	 * masked before anything reads it. */
	scrub_secret(&a->body, r->password);
	scrub_secret(&a->body, r->bearer);
	scrub_secret(&a->body, r->secret);
	curl_easy_getinfo(h->h, CURLINFO_RESPONSE_CODE, &a->status);
	/* libcurl reads both forms of Retry-After (seconds, HTTP date). */
	if (curl_easy_getinfo(h->h, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK &&
	    ra > 0)
		a->retry_after_s = (long)ra;
	if (curl_easy_getinfo(h->h, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK &&
	    loc != NULL)
		strbuf_puts(&a->redirect, loc);
	return 0;
}

void
http_answer_free(struct http_answer *a)
{
	strbuf_free(&a->body);
	strbuf_free(&a->headers);
	strbuf_free(&a->redirect);
}

int
http_header(const struct http_answer *a, const char *name, char *out,
    size_t n)
{
	const char *line = strbuf_str(&a->headers);
	size_t nl = strlen(name);

	for (; *line; line += strcspn(line, "\n"), line += *line == '\n') {
		size_t len = strcspn(line, "\r\n");
		const char *v;

		if (len <= nl || strncasecmp(line, name, nl) != 0 ||
		    line[nl] != ':')
			continue;
		v = line + nl + 1;
		len -= nl + 1;
		while (len > 0 && (*v == ' ' || *v == '\t')) {
			v++;
			len--;
		}
		while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t'))
			len--;
		if (n > 0) {
			snprintf(out, n, "%.*s", (int)len, v);
			scrub_cut(out, strlen(out));
		}
		return 0;
	}
	return -1;
}

void
http_excerpt(const char *body, char *out, size_t n)
{
	/* Masked before it is cut short: a number cut in two would be too
	 * short to be seen as one. */
	size_t wide = n + 256, o = 0;
	char *buf = xmalloc(wide);
	int in_tag = 0, space = 0;

	if (n == 0) {
		free(buf);
		return;
	}
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
			if (o + 2 >= wide)
				break;
			buf[o++] = ' ';
			space = 0;
		}
		if (o + 1 >= wide)
			break;
		buf[o++] = (char)*p;
	}
	buf[o] = '\0';
	scrub_text(buf, wide, NULL);
	snprintf(out, n, "%s", buf);
	/* Never cut a UTF-8 sequence in two. */
	scrub_cut(out, strlen(out));
	free(buf);
}
