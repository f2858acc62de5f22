/*
 * sync.c - offline-first content updates in a background thread (sync.h).
 *
 * Settings, [sync] in the kiosk's config:
 *   url           the folder `content publish` wrote, served over http(s)
 *                 (the thread fetches URL/manifest.txt, then URL/FILE)
 *   public_key    the publisher's pack.pub (`content keygen`)
 *   interval_min  minutes between two checks (default 60); interval_s, in
 *                 seconds, overrides it (tests, demos)
 *   ca_file       a CA bundle for the Département's own CA; TLS
 *                 certificates are always verified, never optional
 *   max_size_mb   a bigger pack is refused before it is fetched (64)
 *   timeout_s     the longest a request may take, download included (60);
 *                 a transfer under 100 bytes/s for 30 s is also given up
 *   status_file   optional: "name: value" lines written after each check
 *
 * One check: a conditional GET of the manifest (If-None-Match and
 * If-Modified-Since from the last check that went through: after a failed
 * one the manifest is fetched whole again), its signature checked, its
 * version compared with the pack on disk; a newer pack is downloaded to
 * PACK.download.XXXXXX beside PACK (bounded by the manifest's size and by
 * max_size_mb, even when the server sends no Content-Length), its size and
 * SHA-256 checked while it arrives, synced, opened with pack_open()
 * (quick_check, schema version), its version compared with the
 * manifest's, and its MSD ([kiosk] msd, if set) looked for.  Only then:
 * PACK is hard-linked to PACK.prev (via PACK.tmp.prev and a rename) and
 * the new file renamed onto PACK, and the directory synced.  A crash at
 * any point leaves PACK whole (old or new) and at worst a PACK.download.*
 * or PACK.tmp.* file, which sync_start() removes.
 *
 * Any failure keeps the current pack, logs one line (the same error is not
 * repeated while it lasts; recovery is logged), is recorded as last_error,
 * and the next check comes after a backoff: 1 min (or the interval if
 * shorter), doubled each time, at most the interval.
 *
 * The UI thread only takes the mutex for a few copies.  A rollback
 * (sync_opened(ok = 0)) and the status file are done by the thread, so
 * the UI never waits on the disk; the thread handles them between two
 * requests.
 *
 * Test hook: MSD_SYNC_TEST_PAUSE_BEFORE_RENAME=SECONDS makes the thread
 * wait that long after PACK.prev is made and before the new pack is
 * renamed onto PACK (tests/integration/sync_kill.sh kills the kiosk
 * there).  It also logs "content sync: test pause before rename".
 */
#include "jobs/sync.h"
#include "fsutil.h"
#include "http.h"
#include "log.h"
#include "content/manifest.h"
#include "content/pack.h"
#include "strbuf.h"
#include "url_policy.h"
#include "jobs/worker.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Under 100 bytes/s for this long, a transfer is stalled. */
#define STALL_S	30

struct sync {
	/* Settings, fixed at start. */
	char *pack_path, *base_url, *manifest_url, *ca_file, *status_file;
	/* A user:password@ of [sync] url, decoded, given to the client apart:
	 * base_url and manifest_url, which messages, the log and the status
	 * file show, never hold it. */
	char *user, *pass;
	char *msd;			/* the kiosk's MSD (settings.h), or NULL */
	unsigned char pk[KEY_PUB_BYTES];
	long interval_s, timeout_s, pause_s;
	unsigned long long max_size;

	struct worker w;		/* the thread */

	/* Under w's mutex. */
	long shown_version;		/* what the kiosk shows */
	char shown_built_at[32];
	long disk_version;		/* the pack at pack_path */
	int pending;			/* disk pack not yet opened by the kiosk */
	int new_ready;			/* for sync_new_pack_ready() */
	int rollback;			/* asked by sync_opened(ok = 0) */
	long refused_version;		/* the kiosk could not open it */
	char refused_why[256];
	time_t last_check_ok, last_error_at;
	char last_error[sizeof(err_t)];

	/* The thread's own. */
	char *etag, *last_modified;	/* of the last good manifest answer */
	char logged[sizeof(err_t)];	/* the last error logged */
	int status_failing;		/* said once, not at each check */
};

/* ------------------------------------------------------------ helpers */

/* "PACK" + suffix into buf. */
static void
beside(const struct sync *s, const char *suffix, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", s->pack_path, suffix);
}

static void
fmt_time(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (t == 0) {
		snprintf(buf, size, "never");
		return;
	}
	localtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
}

/* Removes PACK.download.* and PACK.tmp.* left by a kill or a power cut. */
static void
clean_leftovers(const char *pack_path)
{
	char *copy = xstrdup(pack_path), *copy2 = xstrdup(pack_path);
	const char *dir = dirname(copy), *base = basename(copy2);
	size_t bl = strlen(base);
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	while (d && (de = readdir(d)) != NULL) {
		const char *rest = de->d_name + bl;
		char path[PATH_MAX];

		if (strncmp(de->d_name, base, bl) != 0 ||
		    (strncmp(rest, ".download.", 10) != 0 &&
		    strncmp(rest, ".tmp.", 5) != 0))
			continue;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir,
		    de->d_name) < sizeof path && unlink(path) == 0)
			n++;
	}
	if (d)
		closedir(d);
	if (n > 0)
		log_info("content sync: removed %d unfinished file%s beside %s "
		    "(an interrupted download or swap)", n, n > 1 ? "s" : "",
		    pack_path);
	free(copy);
	free(copy2);
}

/* ------------------------------------------------------------ status */

static void
write_status(struct sync *s)
{
	char tmp[PATH_MAX], ok[32], at[32];
	long shown, disk;
	char shown_at[32], err[sizeof(err_t)];
	FILE *f;
	err_t e;

	worker_lock(&s->w);
	shown = s->shown_version;
	disk = s->disk_version;
	memcpy(shown_at, s->shown_built_at, sizeof shown_at);
	memcpy(err, s->last_error, sizeof err);
	fmt_time(s->last_check_ok, ok, sizeof ok);
	fmt_time(s->last_error_at, at, sizeof at);
	worker_unlock(&s->w);
	if (s->status_file == NULL)
		return;
	f = fs_atomic_open(s->status_file, tmp, sizeof tmp, 0644, &e);
	if (f == NULL)
		goto fail;
	fprintf(f, "pack_version: %ld\npack_built_at: %s\n", shown, shown_at);
	if (disk != shown)
		fprintf(f, "pack_waiting: %ld (shown at the next return to "
		    "home)\n", disk);
	fprintf(f, "last_check_ok: %s\nlast_error: %s\nlast_error_at: %s\n"
	    "url: %s\n", ok, err, err[0] ? at : "", s->base_url);
	if (fs_atomic_commit(f, tmp, s->status_file, &e) == 0) {
		s->status_failing = 0;
		return;
	}
fail:
	if (!s->status_failing)
		log_warn("content sync: status file: %s", e.msg);
	s->status_failing = 1;
}

/* The outcome of one check: recorded, logged once, status written. */
static void
record(struct sync *s, int ok, const char *error)
{
	worker_lock(&s->w);
	if (ok) {
		s->last_check_ok = time(NULL);
		s->last_error[0] = '\0';
	} else {
		s->last_error_at = time(NULL);
		snprintf(s->last_error, sizeof s->last_error, "%s", error);
	}
	worker_unlock(&s->w);
	/* One line per failure, not one per retry of the same failure. */
	if (!ok && strcmp(error, s->logged) != 0) {
		log_warn("content sync: %s (keeping the current pack; will "
		    "retry)", error);
		snprintf(s->logged, sizeof s->logged, "%s", error);
	} else if (ok && s->logged[0]) {
		log_info("content sync: working again (%s)", s->manifest_url);
		s->logged[0] = '\0';
	}
	write_status(s);
}

/* ------------------------------------------------------------ rollback */

/* Puts PACK.prev back onto PACK after the kiosk refused the new pack. */
static void
do_rollback(struct sync *s)
{
	char prev[PATH_MAX];
	long bad, good;

	worker_lock(&s->w);
	if (!s->rollback) {
		worker_unlock(&s->w);
		return;
	}
	s->rollback = 0;
	bad = s->disk_version;
	good = s->shown_version;
	worker_unlock(&s->w);
	beside(s, ".prev", prev, sizeof prev);
	if (rename(prev, s->pack_path) != 0) {
		log_error("content sync: cannot roll back to %s: %s (the kiosk "
		    "keeps showing version %ld until it restarts)", prev,
		    strerror(errno), good);
		return;
	}
	fs_sync_dir(s->pack_path);
	/* The same manifest must be read again (not answered 304), so that
	 * its refused version shows in last_error. */
	free(s->etag);
	free(s->last_modified);
	s->etag = s->last_modified = NULL;
	worker_lock(&s->w);
	s->disk_version = good;
	s->pending = 0;
	worker_unlock(&s->w);
	log_warn("content sync: rolled back %s from version %ld to version %ld",
	    s->pack_path, bad, good);
	write_status(s);
}

/* ------------------------------------------------------------ http */

/* The validators of the last manifest answer that went through. */
struct validators {
	char etag[256], last_modified[128];
};

/* The manifest's bytes as they came: a signed text is not scrubbed. */
static int
to_memory(void *arg, const char *data, size_t len)
{
	strbuf_add(arg, data, len);
	return 0;
}

/* The pack, written to the download file and hashed as it arrives. */
struct pack_sink {
	int fd;
	crypto_hash_sha256_state sha;
};

static int
to_file(void *arg, const char *data, size_t len)
{
	struct pack_sink *k = arg;
	const char *p = data;
	size_t left = len;

	while (left > 0) {
		ssize_t w = write(k->fd, p, left);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return errno ? errno : EIO;
		p += w;
		left -= (size_t)w;
	}
	crypto_hash_sha256_update(&k->sha, (const unsigned char *)data, len);
	return 0;
}

/* A client for one check: TLS is always verified (the signature
 * protects the pack, TLS keeps a captive portal or a proxy from
 * answering in the server's place: refused anyway, but with a less
 * clear message); the kiosk's stop abandons a transfer. */
static struct http *
client(struct sync *s, err_t *e)
{
	struct http_conf c = {
		.section = "sync",
		.agent = "msd-kiosk-sync/1",
		.ca_file = s->ca_file,
		.timeout_s = s->timeout_s,
		.connect_s = 30,
		.stall_s = STALL_S,
		.cancel = worker_cancel,
		.cancel_arg = &s->w,
	};

	return http_new(&c, e);
}

/* Runs r; -1 + a message saying what went wrong, in words an IT
 * technician can act on (lib/http.c says it the same way at each retry,
 * so that it is logged once). */
static int
fetch(struct http *h, const struct http_request *r, struct http_answer *a,
    err_t *e)
{
	if (http_perform(h, r, a) == 0)
		return 0;
	if (a->fail == HTTP_FAIL_CANCELLED)
		return err_set(e, "stopped");
	return err_set(e, "%s: %s", r->url, a->why);
}

/* An HTTP status other than 200, in words.  A redirect means a wrong
 * url: said, not followed. */
static int
status_error(const struct http_answer *a, const char *url, err_t *e)
{
	if (a->status >= 300 && a->status < 400 && a->redirect.len > 0)
		return err_set(e, "%s answers HTTP %ld, a redirect to %s: set "
		    "[sync] url to the final address", url, a->status,
		    a->redirect.s);
	if (a->status == 404)
		return err_set(e, "%s: not found (HTTP 404): check [sync] url "
		    "and that `content publish` wrote there", url);
	return err_set(e, "%s: the server answered HTTP %ld", url, a->status);
}

/* ------------------------------------------------------------ one check */

/* Fetches and verifies the manifest.  1 if unchanged (304), 0 with m
 * and v filled, -1 + message. */
static int
get_manifest(struct http *h, struct sync *s, struct manifest *m,
    struct validators *v, err_t *e)
{
	strbuf body = STRBUF_INIT;
	struct http_answer a = { 0 };
	char inm[300], ims[160];
	const char *hdrs[3];
	struct http_request r = {
		.url = s->manifest_url,
		.user = s->user,
		.password = s->pass,
		.headers = hdrs,
		.body_max = MANIFEST_MAX,
		.sink = to_memory,
		.sink_arg = &body,
	};
	int rc, n = 0;

	/* Conditional: If-None-Match and If-Modified-Since of the last
	 * check that went through. */
	if (s->etag) {
		snprintf(inm, sizeof inm, "If-None-Match: %s", s->etag);
		hdrs[n++] = inm;
	}
	if (s->last_modified) {
		snprintf(ims, sizeof ims, "If-Modified-Since: %s",
		    s->last_modified);
		hdrs[n++] = ims;
	}
	hdrs[n] = NULL;
	rc = fetch(h, &r, &a, e);
	if (rc == 0 && a.status == 304 && n > 0)
		rc = 1;
	else if (rc == 0 && a.status != 200)
		rc = status_error(&a, s->manifest_url, e);
	else if (rc == 0 && manifest_parse(strbuf_str(&body), body.len, s->pk,
	    m, e) < 0)
		rc = err_prefix(e, "%s: ", s->manifest_url);
	if (rc == 0) {
		if (http_header(&a, "ETag", v->etag, sizeof v->etag) < 0)
			v->etag[0] = '\0';
		if (http_header(&a, "Last-Modified", v->last_modified,
		    sizeof v->last_modified) < 0)
			v->last_modified[0] = '\0';
	}
	http_answer_free(&a);
	strbuf_free(&body);
	return rc;
}

/* Downloads the pack of m into the open fd, checking size and hash. */
static int
get_pack(struct http *h, struct sync *s, const struct manifest *m, int fd,
    err_t *e)
{
	struct pack_sink k = { .fd = fd };
	struct http_answer a = { 0 };
	unsigned char sha[32];
	char url[PATH_MAX + 512], want[65], got[65];
	struct http_request r = {
		.url = url,
		.user = s->user,
		.password = s->pass,
		/* Bounded by the manifest, even when the server sends no
		 * Content-Length. */
		.body_max = m->size,
		.sink = to_file,
		.sink_arg = &k,
	};
	int rc = 0;

	crypto_hash_sha256_init(&k.sha);
	snprintf(url, sizeof url, "%s/%s", s->base_url, m->file);
	if (fetch(h, &r, &a, e) < 0)
		rc = -1;
	else if (a.status != 200)
		rc = status_error(&a, url, e);
	else if (a.got != m->size)
		rc = err_set(e, "download of %s cut short: %llu of %llu "
		    "bytes", url, a.got, m->size);
	http_answer_free(&a);
	if (rc < 0)
		return -1;
	crypto_hash_sha256_final(&k.sha, sha);
	if (sodium_memcmp(sha, m->sha256, sizeof sha) != 0) {
		sha256_hex(sha, got);
		sha256_hex(m->sha256, want);
		return err_set(e, "%s has the wrong SHA-256 (%.12s..., its "
		    "manifest says %.12s...): changed after publishing or "
		    "damaged on the way", url, got, want);
	}
	return 0;
}

/* The pack of m downloaded to a new PACK.download.XXXXXX (its name in
 * tmp), synced.  -1 + message, the file removed. */
static int
download(struct http *h, struct sync *s, const struct manifest *m,
    char *tmp, size_t size, err_t *e)
{
	int fd, rc;

	if ((size_t)snprintf(tmp, size, "%s.download.XXXXXX", s->pack_path) >=
	    size)
		return err_set(e, "pack path too long: %s", s->pack_path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return err_set(e, "cannot write beside %s: %s", s->pack_path,
		    strerror(errno));
	fchmod(fd, 0644);	/* like `content build`: content is public */
	rc = get_pack(h, s, m, fd, e);
	if (rc == 0 && fsync(fd) != 0)
		rc = err_set(e, "cannot write %s: %s (disk full?)", tmp,
		    strerror(errno));
	if (close(fd) != 0 && rc == 0)
		rc = err_set(e, "cannot write %s: %s", tmp, strerror(errno));
	if (rc < 0)
		unlink(tmp);
	return rc;
}

/* Checks the downloaded file as the kiosk will read it. */
static int
check_pack(struct sync *s, const char *tmp, const struct manifest *m,
    err_t *e)
{
	err_t pe;
	pack *p = pack_open(tmp, &pe);
	char head[PATH_MAX + 32];

	if (p == NULL) {
		/* Not the temporary name, which changes at each try. */
		const char *why = pe.msg;

		snprintf(head, sizeof head, "content pack %s: ", tmp);
		if (strncmp(why, head, strlen(head)) == 0)
			why += strlen(head);
		return err_set(e, "the new pack (version %ld, %s/%s) is "
		    "unusable: %s", m->version, s->base_url, m->file, why);
	}
	if (p->version != m->version) {
		err_set(e, "the new pack says version %ld, its manifest %ld: "
		    "refused", p->version, m->version);
		pack_close(p);
		return -1;
	}
	if (s->msd && pack_msd_find(p, s->msd) == NULL) {
		err_set(e, "the new pack (version %ld) has no MSD '%s' "
		    "(the kiosk's, --msd or [kiosk] msd): refused", m->version,
		    s->msd);
		pack_close(p);
		return -1;
	}
	pack_close(p);
	return 0;
}

/* PACK -> PACK.prev, kept for a rollback: a hard link made under a
 * temporary name and renamed, so PACK.prev is always a whole pack. */
static int
keep_previous(struct sync *s, err_t *e)
{
	char prev[PATH_MAX], tmp[PATH_MAX];

	beside(s, ".prev", prev, sizeof prev);
	beside(s, ".tmp.prev", tmp, sizeof tmp);
	unlink(tmp);
	if (link(s->pack_path, tmp) != 0) {
		if (errno == ENOENT)
			return 0;	/* no pack yet: nothing to keep */
		return err_set(e, "cannot keep the current pack as %s: %s "
		    "(the folder must allow hard links)", prev,
		    strerror(errno));
	}
	if (rename(tmp, prev) != 0) {
		int saved = errno;

		unlink(tmp);
		return err_set(e, "cannot keep the current pack as %s: %s",
		    prev, strerror(saved));
	}
	/* When PACK.prev already was a link to PACK (a kill after this step,
	 * last time), rename() of one link onto another of the same file
	 * does nothing and leaves tmp. */
	unlink(tmp);
	return 0;
}

/* The verified download replaces PACK. */
static int
install(struct sync *s, const char *tmp, const struct manifest *m, err_t *e)
{
	long was;
	int pending;

	do_rollback(s);		/* asked while we were downloading */
	worker_lock(&s->w);
	pending = s->pending;
	was = s->disk_version;
	worker_unlock(&s->w);
	/* PACK.prev is the last pack the kiosk opened: a pack installed but
	 * not yet shown is not one to go back to. */
	if (!pending && keep_previous(s, e) < 0)
		return -1;
	if (s->pause_s > 0) {
		log_info("content sync: test pause before rename (%ld s)",
		    s->pause_s);
		if (worker_sleep(&s->w, s->pause_s) < 0)
			return err_set(e, "stopped");
	}
	if (rename(tmp, s->pack_path) != 0)
		return err_set(e, "cannot put the new pack in place at %s: %s",
		    s->pack_path, strerror(errno));
	fs_sync_dir(s->pack_path);
	worker_lock(&s->w);
	s->disk_version = m->version;
	s->pending = 1;
	s->new_ready = 1;
	worker_unlock(&s->w);
	log_info("content sync: new pack version %ld (built %s) in place at "
	    "%s (was version %ld); shown at the next return to home",
	    m->version, m->built_at, s->pack_path, was);
	return 0;
}

static void
keep_validators(struct sync *s, const struct validators *v)
{
	free(s->etag);
	free(s->last_modified);
	s->etag = v->etag[0] ? xstrdup(v->etag) : NULL;
	s->last_modified = v->last_modified[0] ?
	    xstrdup(v->last_modified) : NULL;
}

/* 1 if the pack of m is one to fetch, 0 if it is the one on disk, -1 +
 * message if it is refused (older, refused by the kiosk, too big). */
static int
wanted(struct sync *s, const struct manifest *m, err_t *e)
{
	long disk, refused;
	char why[256];

	worker_lock(&s->w);
	disk = s->disk_version;
	refused = s->refused_version;
	memcpy(why, s->refused_why, sizeof why);
	worker_unlock(&s->w);
	if (m->version == disk)
		return 0;
	if (m->version < disk)
		return err_set(e, "the server offers version %ld, older than "
		    "this kiosk's %ld: ignored", m->version, disk);
	if (m->version == refused)
		return err_set(e, "version %ld was refused by this kiosk (%s): "
		    "waiting for a newer one", m->version, why);
	if (m->size > s->max_size)
		return err_set(e, "the new pack (version %ld) is %llu bytes, "
		    "more than [sync] max_size_mb allows: refused", m->version,
		    m->size);
	return 1;
}

/* One check.  0: nothing to do or a new pack installed; -1 + message. */
static int
check(struct sync *s, err_t *e)
{
	struct http *h = client(s, e);
	struct validators v;
	struct manifest m;
	char tmp[PATH_MAX];
	int rc;

	if (h == NULL)
		return -1;
	rc = get_manifest(h, s, &m, &v, e);
	if (rc != 0) {
		http_free(h);
		return rc > 0 ? 0 : -1;		/* 304: unchanged */
	}
	rc = wanted(s, &m, e);
	if (rc > 0)
		rc = download(h, s, &m, tmp, sizeof tmp, e);
	else
		tmp[0] = '\0';
	http_free(h);
	if (rc == 0 && tmp[0] != '\0') {
		rc = check_pack(s, tmp, &m, e);
		if (rc == 0)
			rc = install(s, tmp, &m, e);
		if (rc < 0)
			unlink(tmp);
	}
	if (rc < 0)
		return -1;
	keep_validators(s, &v);
	return 0;
}

/* ------------------------------------------------------------ the thread */

/* A round of the worker: one check, recorded (not when stopped). */
static int
check_round(void *arg)
{
	struct sync *s = arg;
	err_t e;

	e.msg[0] = '\0';
	if (check(s, &e) == 0) {
		record(s, 1, NULL);
		return 0;
	}
	if (!worker_stopping(&s->w))
		record(s, 0, e.msg);
	return -1;
}

/* What the UI asks (sync_opened), done between two requests. */
static void
chores(void *arg)
{
	do_rollback(arg);
	write_status(arg);
}

/* A rollback asked just before the kiosk stopped. */
static void
done(void *arg)
{
	do_rollback(arg);
}

static const struct worker_ops ops = { check_round, chores, done };

/* ------------------------------------------------------------ API */

static void
sync_free(struct sync *s)
{
	free(s->pack_path);
	free(s->base_url);
	free(s->manifest_url);
	free(s->ca_file);
	free(s->status_file);
	free(s->msd);
	free(s->etag);
	free(s->last_modified);
	if (s->pass)
		memset(s->pass, 0, strlen(s->pass));
	free(s->user);
	free(s->pass);
	free(s);
}

/* s[0..n) with its %XX decoded (a new string). */
static char *
pct_decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), hex[3] = "";
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			memcpy(hex, s + i + 1, 2);
			out[o++] = (char)strtol(hex, NULL, 16);
			i += 2;
		} else
			out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

/* url[0..n) without its user:password@ (put, %-decoded, in s->user and
 * s->pass). */
static char *
take_userinfo(struct sync *s, const char *url, size_t n)
{
	const char *a = strstr(url, "://"), *at = NULL;
	size_t alen;
	strbuf b = STRBUF_INIT;

	if (a == NULL || (size_t)(a - url) >= n)
		return xstrndup(url, n);
	a += 3;
	alen = strcspn(a, "/?#");
	if ((size_t)(a + alen - url) > n)
		alen = n - (size_t)(a - url);
	for (size_t i = alen; i > 0; i--)
		if (a[i - 1] == '@') {
			at = a + i - 1;
			break;
		}
	if (at == NULL)
		return xstrndup(url, n);
	{
		size_t ul = strcspn(a, ":@");
		const char *colon = a + ul;
		s->user = pct_decode(a, ul);
		s->pass = colon < at ? pct_decode(colon + 1,
		    (size_t)(at - colon - 1)) : xstrdup("");
	}
	strbuf_add(&b, url, (size_t)(a - url));
	strbuf_add(&b, at + 1, n - (size_t)(at + 1 - url));
	return strbuf_take(&b);
}

/* The [sync] settings into s.  -1 + message. */
static int
settings(struct sync *s, const config *cfg, const char *msd, err_t *e)
{
	const char *url = config_get(cfg, "sync", "url");
	const char *key = config_get(cfg, "sync", "public_key");
	const char *ca = config_get(cfg, "sync", "ca_file");
	const char *st = config_get(cfg, "sync", "status_file");
	const char *env = getenv("MSD_SYNC_TEST_PAUSE_BEFORE_RENAME");
	long min, sec, mb;
	size_t n = strlen(url);

	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0)
		return err_set(e, "%s: [sync] url must start with https:// "
		    "(or http://)", config_path(cfg));
	if (url_policy_check(cfg, "sync", url, NULL, e) < 0)
		return -1;
	while (n > 0 && url[n - 1] == '/')
		n--;
	s->base_url = take_userinfo(s, url, n);
	n = strlen(s->base_url);
	s->manifest_url = xmalloc(n + sizeof MANIFEST_FILE + 1);
	sprintf(s->manifest_url, "%s/" MANIFEST_FILE, s->base_url);
	if (key == NULL || *key == '\0')
		return err_set(e, "%s: [sync] url is set but not public_key: "
		    "give the path of the publisher's pack.pub", config_path(cfg));
	if (key_load_public(key, s->pk, e) < 0)
		return err_prefix(e, "%s: [sync] public_key: ",
		    config_path(cfg));
	if (ca && *ca) {
		if (access(ca, R_OK) != 0)
			return err_set(e, "%s: [sync] ca_file %s: %s",
			    config_path(cfg), ca, strerror(errno));
		s->ca_file = xstrdup(ca);
	}
	if (st && *st)
		s->status_file = xstrdup(st);
	if (msd && *msd)
		s->msd = xstrdup(msd);
	if (config_int(cfg, "sync", "interval_min", 60, 1, 7 * 24 * 60, &min,
	    e) < 0 ||
	    config_int(cfg, "sync", "interval_s", min * 60, 1,
	    7 * 24 * 3600, &sec, e) < 0 ||
	    config_int(cfg, "sync", "timeout_s", 60, 1, 3600, &s->timeout_s,
	    e) < 0 ||
	    config_int(cfg, "sync", "max_size_mb", 64, 1, 4096, &mb, e) < 0)
		return -1;
	s->interval_s = sec;
	s->max_size = (unsigned long long)mb << 20;
	s->pause_s = env ? atol(env) : 0;
	return 0;
}

struct sync *
sync_start(const config *cfg, const char *msd, const char *pack_path,
    long pack_version, const char *pack_built_at, err_t *e)
{
	const char *url = config_get(cfg, "sync", "url");
	struct sync *s;

	if (e)
		e->msg[0] = '\0';
	if (url == NULL || *url == '\0')
		return NULL;		/* no sync wanted */
	if (http_init(e) < 0)
		return NULL;
	s = xcalloc(1, sizeof *s);
	if (settings(s, cfg, msd, e) < 0) {
		sync_free(s);
		return NULL;
	}
	s->pack_path = xstrdup(pack_path);
	s->shown_version = s->disk_version = pack_version;
	snprintf(s->shown_built_at, sizeof s->shown_built_at, "%s",
	    pack_built_at ? pack_built_at : "");
	clean_leftovers(pack_path);

	if (s->interval_s % 60 == 0)
		log_info("content sync: checking %s every %ld min (pack version "
		    "%ld)", s->base_url, s->interval_s / 60, pack_version);
	else
		log_info("content sync: checking %s every %ld s (pack version "
		    "%ld)", s->base_url, s->interval_s, pack_version);
	if (worker_start(&s->w, &ops, s, s->interval_s, "content sync",
	    e) < 0) {
		sync_free(s);
		return NULL;
	}
	return s;
}

int
sync_new_pack_ready(struct sync *s)
{
	int r;

	if (s == NULL)
		return 0;
	worker_lock(&s->w);
	r = s->new_ready;
	s->new_ready = 0;
	worker_unlock(&s->w);
	return r;
}

void
sync_opened(struct sync *s, int ok, long version, const char *built_at,
    const char *error)
{
	if (s == NULL)
		return;
	worker_lock(&s->w);
	if (ok) {
		s->shown_version = version;
		snprintf(s->shown_built_at, sizeof s->shown_built_at, "%s",
		    built_at ? built_at : "");
		/* Another pack may have landed while this one was read. */
		s->pending = version != s->disk_version;
	} else if (s->pending) {
		/* Only a pack this thread put there is taken back. */
		s->refused_version = s->disk_version;
		snprintf(s->refused_why, sizeof s->refused_why, "%s",
		    error ? error : "?");
		s->last_error_at = time(NULL);
		snprintf(s->last_error, sizeof s->last_error, "the new pack "
		    "version %ld did not open (%s): rolled back to version %ld",
		    s->disk_version, error ? error : "?", s->shown_version);
		s->rollback = 1;
	}
	worker_unlock(&s->w);
	worker_wake(&s->w);	/* the status file, and a rollback */
}

void
sync_get_status(struct sync *s, struct sync_status *out)
{
	memset(out, 0, sizeof *out);
	if (s == NULL)
		return;
	worker_lock(&s->w);
	out->pack_version = s->shown_version;
	memcpy(out->pack_built_at, s->shown_built_at,
	    sizeof out->pack_built_at);
	out->last_check_ok = s->last_check_ok;
	/* The staff menu's copy may be shorter: cut, still terminated. */
	memcpy(out->last_error, s->last_error, sizeof out->last_error - 1);
	out->last_error[sizeof out->last_error - 1] = '\0';
	worker_unlock(&s->w);
}

void
sync_stop(struct sync *s)
{
	if (s == NULL)
		return;
	worker_stop(&s->w);
	sync_free(s);
}
