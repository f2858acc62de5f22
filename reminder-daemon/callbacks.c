/*
 * callbacks.c - the HTTP listener (libmicrohttpd, one internal thread
 * polling with epoll): authentication, limits, routing.  What a request
 * changes is in callbacks_store.c, what a reply means in reply.c.
 */
#include "callbacks.h"
#include "callbacks_store.h"
#include "db.h"
#include "gateway.h"
#include "log.h"
#include "phone.h"
#include "reply.h"
#include "schema.h"
#include "utf8.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct callbacks {
	struct MHD_Daemon *mhd;
	sqlite3 *db;			/* the listener's own connection */
	struct cbstore *store;		/* and its prepared statements */
	struct callbacks_conf conf;
	char *twilio_token;		/* the auth token, when type = twilio */
	struct callbacks_hooks hooks;
	struct db_pace pace;		/* its checkpoints, at most one a second */
};

static time_t
clock_now(const struct callbacks *cb)
{
	return cb->hooks.clock ? cb->hooks.clock(cb->hooks.arg) : time(NULL);
}

static void
write_begin(const struct callbacks *cb)
{
	if (cb->hooks.write_begin != NULL)
		cb->hooks.write_begin(cb->hooks.arg);
}

static void
write_end(const struct callbacks *cb)
{
	if (cb->hooks.write_end != NULL)
		cb->hooks.write_end(cb->hooks.arg);
}

/* One request, from its first line to its end. */
struct req {
	char *uri;			/* as sent: path and query, for Twilio */
	int started;
	int too_big;
	strbuf body;
};

static void *
uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct req *r = xcalloc(1, sizeof *r);

	(void)cls;
	(void)c;
	r->uri = xstrdup(uri ? uri : "/");
	return r;
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct req *r = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (r == NULL)
		return;
	free(r->uri);
	strbuf_free(&r->body);
	free(r);
	*con_cls = NULL;
}

static enum MHD_Result
answer(struct MHD_Connection *c, unsigned status, const char *type,
    const char *text)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(strlen(text),
	    (void *)text, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc;

	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", type);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	rc = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

static enum MHD_Result
text(struct MHD_Connection *c, unsigned status, const char *msg)
{
	return answer(c, status, "text/plain; charset=utf-8", msg);
}

static const char *
param(const struct cb_param *p, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(p[i].name, name) == 0)
			return p[i].value;
	return NULL;
}

static const char *
peer(struct MHD_Connection *c, char *buf, size_t n)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	snprintf(buf, n, "?");
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET) {
		const struct sockaddr_in *a = (const void *)ci->client_addr;
		const unsigned char *b = (const void *)&a->sin_addr;

		snprintf(buf, n, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	}
	return buf;
}

/* Same length and same bytes, in a time that does not say where they
 * differ. */
static int
same_secret(const char *given, const char *want)
{
	size_t n = strlen(want);

	return given != NULL && strlen(given) == n && n > 0 &&
	    CRYPTO_memcmp(given, want, n) == 0;
}

/* A reply text as UTF-8: invalid bytes become U+FFFD, so that what is
 * stored and shown to staff is always valid text. */
static char *
clean_utf8(const char *s)
{
	strbuf b = STRBUF_INIT;
	uint32_t cp;
	char enc[4];

	strbuf_puts(&b, "");
	while ((cp = utf8_next(&s)) != 0)
		strbuf_add(&b, enc, utf8_encode(cp, enc));
	return strbuf_take(&b);
}

static enum MHD_Result
db_failed(struct MHD_Connection *c, const char *what, err_t *e)
{
	log_error("callback %s not recorded (the provider will send it "
	    "again): %s", what, e->msg);
	return text(c, MHD_HTTP_SERVICE_UNAVAILABLE, "not recorded, retry later\n");
}

static enum MHD_Result
on_dlr(struct callbacks *cb, struct MHD_Connection *c, const char *via,
    const char *ref_s, const char *pid, enum dlr_kind k, const char *status,
    const char *reason)
{
	char *end;
	long long ref = 0;
	int known, n;
	err_t e;

	if (ref_s != NULL && *ref_s != '\0') {
		ref = strtoll(ref_s, &end, 10);
		if (*end != '\0' || ref <= 0)
			return text(c, MHD_HTTP_BAD_REQUEST, "bad id\n");
	} else if (pid == NULL || *pid == '\0')
		return text(c, MHD_HTTP_BAD_REQUEST, "no message id\n");
	write_begin(cb);
	n = cbstore_dlr(cb->store, ref, pid, k, status, reason, clock_now(cb), &known,
	    &e);
	write_end(cb);
	if (n < 0)
		return db_failed(c, "delivery report", &e);
	if (!known)
		log_warn("%s delivery report for an unknown message (%s %s): "
		    "ignored", via, ref > 0 ? "reminder" : "provider id",
		    ref > 0 ? ref_s : pid);
	else if (n > 0 && k == DLR_UNDELIVERED)
		log_warn("reminder %s not delivered: %s", ref > 0 ? ref_s : pid,
		    reason ? reason : status);
	else if (n > 0)
		log_msg(LOG_DEBUG, "reminder %s: delivery report %s",
		    ref > 0 ? ref_s : pid, status);
	return text(c, MHD_HTTP_OK, "ok\n");
}

static enum MHD_Result
on_reply(struct callbacks *cb, struct MHD_Connection *c, const char *via,
    const char *from, const char *body, const char *pid, int twiml)
{
	char e164[32], masked[64];
	enum phone_kind kind;
	const char *why;
	enum reply_cat cat;
	char *t;
	int n;
	err_t e;
	static const char twiml_ok[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

	if (from == NULL || body == NULL)
		return text(c, MHD_HTTP_BAD_REQUEST, "from and text are required\n");
	if (phone_normalize(from, e164, sizeof e164, &kind, &why) < 0) {
		log_warn("%s reply from a number that is not one (%s): ignored",
		    via, why);
		return twiml ? answer(c, MHD_HTTP_OK, "text/xml", twiml_ok) :
		    text(c, MHD_HTTP_OK, "ignored\n");
	}
	t = clean_utf8(body);
	cat = reply_classify(t);
	write_begin(cb);
	n = cbstore_reply(cb->store, e164, t, pid, cat, clock_now(cb), &e);
	write_end(cb);
	free(t);
	if (n < 0)
		return db_failed(c, "reply", &e);
	phone_mask(e164, masked, sizeof masked);
	if (n == 0)
		log_info("%s reply from %s: no appointment for that number, or "
		    "already recorded: ignored", via, masked);
	else {
		log_info("%s reply from %s: %s", via, masked, reply_label(cat));
		if (cb->hooks.wake != NULL)
			cb->hooks.wake(cb->hooks.arg);
	}
	return twiml ? answer(c, MHD_HTTP_OK, "text/xml", twiml_ok) :
	    text(c, MHD_HTTP_OK, "ok\n");
}

/* Kannel's DLR types (%d): 1 delivered, 2 not delivered, 4 buffered by
 * the SMSC, 8 accepted by the SMSC, 16 refused by the SMSC. */
static enum MHD_Result
kannel_dlr(struct callbacks *cb, struct MHD_Connection *c,
    const struct cb_param *p, int n)
{
	const char *type = param(p, n, "type"), *ans = param(p, n, "answer");
	char reason[300];
	enum dlr_kind k;
	long t;

	if (type == NULL || (t = strtol(type, NULL, 10)) <= 0)
		return text(c, MHD_HTTP_BAD_REQUEST, "type (%d) is required\n");
	k = t == 1 ? DLR_DELIVERED : (t == 2 || t == 16) ? DLR_UNDELIVERED :
	    DLR_INTERMEDIATE;
	snprintf(reason, sizeof reason, "SMS non reçu: Kannel DLR %ld%s%.200s",
	    t, ans && *ans ? ": " : "", ans ? ans : "");
	return on_dlr(cb, c, "Kannel", param(p, n, "id"), NULL, k, type,
	    k == DLR_UNDELIVERED ? reason : NULL);
}

/* Twilio's MessageStatus: queued, sending, sent, delivered, undelivered,
 * failed, read (WhatsApp), accepted, scheduled, canceled. */
static enum MHD_Result
twilio_status(struct callbacks *cb, struct MHD_Connection *c,
    const struct cb_param *p, int n)
{
	const char *st = param(p, n, "MessageStatus"), *code = param(p, n, "ErrorCode");
	char reason[300];
	enum dlr_kind k = DLR_INTERMEDIATE;

	if (st == NULL)
		return text(c, MHD_HTTP_BAD_REQUEST, "MessageStatus is required\n");
	if (strcmp(st, "delivered") == 0 || strcmp(st, "read") == 0)
		k = DLR_DELIVERED;
	else if (strcmp(st, "undelivered") == 0 || strcmp(st, "failed") == 0)
		k = DLR_UNDELIVERED;
	snprintf(reason, sizeof reason, "SMS non reçu: Twilio %s%s%.40s", st,
	    code && *code ? ", error " : "", code ? code : "");
	return on_dlr(cb, c, "Twilio", param(p, n, "ref"), param(p, n, "MessageSid"),
	    k, st, k == DLR_UNDELIVERED ? reason : NULL);
}

/* The parameter the provider names name (NULL: it sends none). */
static const char *
field(const struct cb_param *p, int n, const char *name)
{
	return name ? param(p, n, name) : NULL;
}

static int
listed(char *const *words, const char *w)
{
	for (; words && *words; words++)
		if (strcasecmp(*words, w) == 0)
			return 1;
	return 0;
}

/* The http backend's delivery report, in the provider's field names and
 * status words (http_dlr, http_delivered, http_undelivered). */
static enum MHD_Result
http_dlr(struct callbacks *cb, struct MHD_Connection *c,
    const struct cb_param *p, int n)
{
	char *const *f = cb->conf.dlr_field;
	const char *st = field(p, n, f[CBF_STATUS]);
	const char *why = field(p, n, f[CBF_REASON]);
	char reason[300], need[120];
	enum dlr_kind k = DLR_INTERMEDIATE;

	if (st == NULL) {
		snprintf(need, sizeof need, "%.64s (the status) is required\n",
		    f[CBF_STATUS]);
		return text(c, MHD_HTTP_BAD_REQUEST, need);
	}
	if (listed(cb->conf.delivered, st))
		k = DLR_DELIVERED;
	else if (listed(cb->conf.undelivered, st))
		k = DLR_UNDELIVERED;
	snprintf(reason, sizeof reason, "SMS non reçu: %.40s%s%.200s", st,
	    why && *why ? ": " : "", why ? why : "");
	return on_dlr(cb, c, "http", field(p, n, f[CBF_REF]),
	    field(p, n, f[CBF_PROVIDER_ID]), k, st,
	    k == DLR_UNDELIVERED ? reason : NULL);
}

static int
authorised(struct callbacks *cb, struct MHD_Connection *c, const struct req *r,
    const char *path, const struct cb_param *p, int n, const struct cb_param *q,
    int nq)
{
	if (strncmp(path, "/twilio/", 8) == 0) {
		const char *sig = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "X-Twilio-Signature");
		char want[64];
		strbuf url = STRBUF_INIT;
		int ok;

		if (cb->twilio_token == NULL || sig == NULL)
			return 0;
		/* Twilio signs the address it called, query included, then
		 * the POST parameters (not the query's) sorted by name. */
		strbuf_puts(&url, cb->conf.public_url);
		strbuf_puts(&url, r->uri);
		callbacks_twilio_sign(cb->twilio_token, strbuf_str(&url), p, n,
		    want, sizeof want);
		strbuf_free(&url);
		ok = same_secret(sig, want);
		return ok;
	}
	return same_secret(param(q, nq, "token"), cb->conf.token);
}

static enum MHD_Result
handle(struct callbacks *cb, struct MHD_Connection *c, const char *method,
    struct req *r)
{
	const char *qs = strchr(r->uri, '?');
	char path[128], ip[64];
	struct cb_param *p = NULL, *q = NULL;
	int n = 0, nq = 0, post = strcmp(method, "POST") == 0;
	enum MHD_Result rc;

	snprintf(path, sizeof path, "%.*s", (int)(qs ? qs - r->uri :
	    (long)strlen(r->uri)), r->uri);
	if (strcmp(method, "GET") != 0 && !post)
		return text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET or POST only\n");
	if (r->too_big)
		return text(c, MHD_HTTP_CONTENT_TOO_LARGE, "body too large\n");
	if ((qs && callbacks_form_parse(qs + 1, strlen(qs + 1), &q, &nq) < 0) ||
	    (post && callbacks_form_parse(strbuf_str(&r->body), r->body.len, &p,
	    &n) < 0)) {
		callbacks_params_free(p, n);
		callbacks_params_free(q, nq);
		return text(c, MHD_HTTP_BAD_REQUEST, "broken form encoding\n");
	}
	/* GET parameters and POST ones answer the same questions (Kannel
	 * may POST, Twilio's ref is in the query). */
	struct cb_param *all = xmalloc((size_t)(n + nq + 1) * sizeof *all);
	/* memcpy from NULL is undefined even for 0 bytes (no query). */
	if (n > 0)
		memcpy(all, p, (size_t)n * sizeof *p);
	if (nq > 0)
		memcpy(all + n, q, (size_t)nq * sizeof *q);
	if (!authorised(cb, c, r, path, p, n, q, nq)) {
		log_warn("callback refused: %s %s from %s without a valid %s "
		    "(nothing changed)", method, path, peer(c, ip, sizeof ip),
		    strncmp(path, "/twilio/", 8) == 0 ? "X-Twilio-Signature" :
		    "token");
		rc = text(c, MHD_HTTP_FORBIDDEN, "forbidden\n");
	} else if (strcmp(path, "/kannel/dlr") == 0)
		rc = kannel_dlr(cb, c, all, n + nq);
	else if (strcmp(path, "/kannel/mo") == 0)
		rc = on_reply(cb, c, "Kannel", param(all, n + nq, "from"),
		    param(all, n + nq, "text"), param(all, n + nq, "id"), 0);
	else if (strcmp(path, "/http/mo") == 0)
		rc = on_reply(cb, c, "http",
		    field(all, n + nq, cb->conf.mo_field[CBF_FROM]),
		    field(all, n + nq, cb->conf.mo_field[CBF_TEXT]),
		    field(all, n + nq, cb->conf.mo_field[CBF_ID]), 0);
	else if (strcmp(path, "/twilio/status") == 0)
		rc = twilio_status(cb, c, all, n + nq);
	else if (strcmp(path, "/twilio/sms") == 0)
		rc = on_reply(cb, c, "Twilio", param(all, n + nq, "From"),
		    param(all, n + nq, "Body"), param(all, n + nq, "MessageSid"), 1);
	else if (strcmp(path, "/http/dlr") == 0)
		rc = http_dlr(cb, c, all, n + nq);
	else if (strcmp(path, "/metrics") == 0 && cb->hooks.metrics != NULL) {
		char *m = cb->hooks.metrics(cb->hooks.arg);

		rc = m ? answer(c, MHD_HTTP_OK, "text/plain; version=0.0.4", m) :
		    text(c, MHD_HTTP_SERVICE_UNAVAILABLE, "no figures yet\n");
		free(m);
	} else
		rc = text(c, MHD_HTTP_NOT_FOUND, "no such callback\n");
	free(all);
	callbacks_params_free(p, n);
	callbacks_params_free(q, nq);
	return rc;
}

static enum MHD_Result
access_cb(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct callbacks *cb = cls;
	struct req *r = *con_cls;

	(void)url;
	(void)version;
	if (r == NULL)
		return MHD_NO;
	if (!r->started) {
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);

		r->started = 1;
		strbuf_puts(&r->body, "");
		/* Refused before a byte of it is read. */
		if (cl != NULL && strtoll(cl, NULL, 10) > cb->conf.max_body)
			return text(c, MHD_HTTP_CONTENT_TOO_LARGE, "body too large\n");
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (r->body.len + *upload_data_size > (size_t)cb->conf.max_body)
			r->too_big = 1;
		else
			strbuf_add(&r->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	return handle(cb, c, method, r);
}

/* The listener's wait for the send loop's write lock.  Its transactions
 * (two UPDATEs a message) are short, and every request waits behind the
 * one that waits (one thread serves them all): tries 0.1 ms apart for
 * 20 ms, then 10 ms apart, about 5 s in all (SQLite's own busy timeout
 * waits 1 ms at least, which capped the listener near 1,500 callbacks/s
 * beside a busy send loop).  Then the request gets 503 and the provider
 * sends it again. */
static int
busy_wait(void *arg, int count)
{
	struct timespec ts = { 0, count < 200 ? 100000 : 10000000 };

	(void)arg;
	if (count >= 200 + 500)
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char buf[512];

	(void)cls;
	vsnprintf(buf, sizeof buf, fmt, ap);
	buf[strcspn(buf, "\n")] = '\0';
	log_warn("callbacks listener: %s", buf);
}

int
callbacks_start(const config *cfg, const char *db_path,
    const struct callbacks_hooks *hooks, struct callbacks **out, err_t *e)
{
	struct callbacks *cb = xcalloc(1, sizeof *cb);
	const char *type = config_str(cfg, "gateway", "type", "");

	*out = NULL;
	if (callbacks_conf_load(cfg, &cb->conf, e) < 0) {
		free(cb);
		return -1;
	}
	if (!cb->conf.enabled) {
		free(cb);
		return 0;
	}
	if (hooks != NULL)
		cb->hooks = *hooks;
	if (strcasecmp(type, "twilio") == 0 &&
	    (cb->twilio_token = gateway_secret(cfg, "MSD_GATEWAY_PASSWORD", e)) == NULL)
		goto fail;
	/* Its own connection: SQLite connections are not shared between
	 * threads here, and the busy timeout lets it wait for the send
	 * loop's short transactions. */
	cb->db = db_open_rw(db_path, reminders_migrations,
	    reminders_migrations_count, e);
	if (cb->db == NULL)
		goto fail;
	sqlite3_busy_handler(cb->db, busy_wait, NULL);
	if ((cb->store = cbstore_new(cb->db, e)) == NULL)
		goto fail;
	/* Every callback is a commit: SQLite's own checkpoint, run inside
	 * the commit, synced the files up to every tenth callback (the bench's
	 * reader kept the WAL from restarting), 2.4 ms each, with every other
	 * request waiting behind (bench/callbacks). */
	cb->pace.every_s = 1;
	db_wal_pace(cb->db, &cb->pace);
	cb->mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG, 0, NULL, NULL, access_cb, cb,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, cb,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&cb->conf.addr,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)cb->conf.max_conn,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cb->conf.timeout_s,
	    /* Headers and the URL of one request: Kannel's MO url with a
	     * 160-character text is well under 4 KiB. */
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_log, cb,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, cb,
	    MHD_OPTION_END);
	if (cb->mhd == NULL) {
		char a[64];

		inet_ntop(AF_INET, &cb->conf.addr.sin_addr, a, sizeof a);
		err_set(e, "%s: [callbacks] listen = %s:%u: cannot listen there "
		    "(another program on that port? an address of this machine?)",
		    config_path(cfg), a, (unsigned)ntohs(cb->conf.addr.sin_port));
		goto fail;
	}
	log_info("callbacks: listening on %s (providers call %s)",
	    config_str(cfg, "callbacks", "listen", "127.0.0.1:8091"),
	    cb->conf.public_url);
	*out = cb;
	return 0;
fail:
	callbacks_stop(cb);
	return -1;
}

void
callbacks_stop(struct callbacks *cb)
{
	if (cb == NULL)
		return;
	if (cb->mhd != NULL)
		MHD_stop_daemon(cb->mhd);
	cbstore_free(cb->store);
	sqlite3_close(cb->db);
	if (cb->twilio_token != NULL)
		explicit_bzero(cb->twilio_token, strlen(cb->twilio_token));
	free(cb->twilio_token);
	callbacks_conf_free(&cb->conf);
	free(cb);
}
