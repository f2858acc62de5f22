/*
 * publish.c - `content keygen` and `content publish` (see publish.h).
 *
 * publish PACK --key SECRET -o DIR [--force] leaves in DIR, for any static
 * web server to serve:
 *   pack-VERSION.db   a copy of the pack
 *   manifest.txt      version, build date, file name, size, SHA-256, and
 *                     the ed25519 signature of all that (manifest.h)
 *   site-VERSION/     the FALC portal of that pack (site.h), and site, a
 *                     symbolic link to it: what phones are sent to
 * Order makes it atomic for a client: the pack is copied to a temporary
 * name, synced, checked with pack_open and renamed to pack-VERSION.db;
 * then its portal is written and the link switched (site_publish.c: the
 * new pack's QR codes lead there); only then is the new manifest (one
 * file: fields + signature) written to a temporary name, synced and
 * renamed over manifest.txt.  A client sees the old manifest (whose pack
 * is still there: old packs are never deleted here) or the new one,
 * whose pack is already complete.  A crash
 * leaves at worst a temporary file, removed by the next publish.
 * An flock on DIR/.publish.lock keeps two publishes from interleaving.
 */
#include "content/publish.h"
#include "app/cmdopt.h"
#include "fsutil.h"
#include "content/manifest.h"
#include "content/pack.h"
#include "content/site.h"
#include "strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* One usage for both; each names itself in its messages. */
static const char usage_text[] =
    "usage: msd-kiosk content keygen -o KEYDIR\n"
    "       msd-kiosk content publish PACK --key SECRET -o DIR "
    "[--force]\n";
static const struct cmdopt keygen_cmd = {
	"content keygen", usage_text, CMDOPT_ANY
};
static const struct cmdopt publish_cmd = {
	"content publish", usage_text, CMDOPT_ANY
};

int
content_keygen(int argc, char **argv)
{
	const char *dir = NULL;
	char pub[65];
	err_t e;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			dir = argv[++i];
		else
			return cmdopt_usage(&keygen_cmd, "unexpected "
			    "argument: %s", argv[i]);
	}
	if (dir == NULL)
		return cmdopt_usage(&keygen_cmd, NULL);
	if (*dir == '\0')
		return cmdopt_usage(&keygen_cmd, "-o '': give the folder to "
		    "write the keys to");
	if ((rc = key_generate(dir, pub, &e)) < 0) {
		fprintf(stderr, "content keygen: %s\n", e.msg);
		return rc == -2 ? 2 : 1;
	}
	printf("content keygen: wrote %s/" KEY_SEC_FILE " (secret: keep it on "
	    "the publishing machine only) and %s/" KEY_PUB_FILE " (copy it to "
	    "every kiosk, [sync] public_key)\npublic key %s\n", dir, dir, pub);
	return 0;
}

/* ------------------------------------------------------------ publish */

struct pub_opts {
	const char *pack, *key, *dir;
	int force;
};

/* Removes what an interrupted publish left (we hold the lock). */
static void
clean_leftovers(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;

		if ((strncmp(n, "pack-", 5) == 0 || strncmp(n, MANIFEST_FILE,
		    strlen(MANIFEST_FILE)) == 0) && strstr(n, ".tmp.") != NULL) {
			char path[PATH_MAX];

			if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, n) <
			    sizeof path)
				unlink(path);
		}
	}
	closedir(d);
}

/* Copies src to the open tmp file f, hashing it.  -1 + message. */
static int
copy_hash(const char *src, FILE *f, unsigned char sha[32],
    unsigned long long *size, err_t *e)
{
	crypto_hash_sha256_state h;
	char buf[65536];
	FILE *in = fopen(src, "rb");
	size_t n;

	if (in == NULL)
		return err_set(e, "cannot read %s: %s", src, strerror(errno));
	crypto_hash_sha256_init(&h);
	*size = 0;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
		crypto_hash_sha256_update(&h, (unsigned char *)buf, n);
		if (fwrite(buf, 1, n, f) != n) {
			fclose(in);
			return err_set(e, "cannot write the copy of %s: %s "
			    "(disk full?)", src, strerror(errno));
		}
		*size += n;
	}
	if (ferror(in)) {
		fclose(in);
		return err_set(e, "cannot read %s: %s", src, strerror(errno));
	}
	fclose(in);
	crypto_hash_sha256_final(&h, sha);
	return 0;
}

/* The version DIR serves now, 0 if none.  -1 + message if DIR has a
 * manifest that cannot be read (then only --force publishes). */
static int
current_version(const char *dir, long *version, err_t *e)
{
	char path[PATH_MAX];
	struct manifest m;
	size_t len;
	char *text;

	*version = 0;
	snprintf(path, sizeof path, "%s/" MANIFEST_FILE, dir);
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	text = fs_read_file(path, MANIFEST_MAX, &len, e);
	if (text == NULL)
		return -1;
	/* Not verified: it may come from an older key, and it is our own
	 * folder; we only want its version. */
	if (manifest_parse(text, len, NULL, &m, e) < 0) {
		free(text);
		return err_prefix(e, "%s: ", path);
	}
	free(text);
	*version = m.version;
	return 0;
}

/* Takes DIR's publish lock (the descriptor in *lock, released by closing
 * it), so that two publishers never interleave.  -1 + message. */
static int
lock_dir(const char *dir, int *lock, err_t *e)
{
	char path[PATH_MAX];

	if (fs_mkdirs(dir, 0755, e) < 0)
		return -1;
	if ((size_t)snprintf(path, sizeof path, "%s/.publish.lock", dir) >=
	    sizeof path)
		return err_set(e, "path too long: %s", dir);
	*lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*lock < 0)
		return err_set(e, "cannot write in %s: %s", dir,
		    strerror(errno));
	if (flock(*lock, LOCK_EX | LOCK_NB) != 0)
		return err_set(e, "another `content publish` is writing to %s: "
		    "wait for it to finish", dir);
	return 0;
}

/* 0 if DIR may take version m->version (newer than what it serves, or
 * --force); else says why on stderr and returns the exit status 2. */
static int
newer_than_served(const struct pub_opts *o, const struct manifest *m)
{
	long cur;
	err_t e;

	if (current_version(o->dir, &cur, &e) < 0) {
		if (!o->force) {
			err_prefix(&e, "cannot tell which version is published: ");
			fprintf(stderr, "content publish: %s (--force replaces "
			    "it)\n", e.msg);
			return 2;
		}
		cur = 0;
	}
	if (cur >= m->version && !o->force) {
		fprintf(stderr, "content publish: %s already serves version "
		    "%ld; %s is version %ld. Kiosks only take a newer "
		    "version: build one (content build --version N), or use "
		    "--force to publish this one anyway\n", o->dir, cur,
		    o->pack, m->version);
		return 2;
	}
	return 0;
}

/* Step 1: the pack, complete and synced under its final name in DIR,
 * m->file; fills its size and hash.  -1 + message, nothing left. */
static int
put_pack(const struct pub_opts *o, struct manifest *m, err_t *e)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	FILE *f;
	pack *p;

	snprintf(m->file, sizeof m->file, "pack-%ld.db", m->version);
	if ((size_t)snprintf(path, sizeof path, "%s/%s", o->dir, m->file) >=
	    sizeof path)
		return err_set(e, "path too long: %s", o->dir);
	f = fs_atomic_open(path, tmp, sizeof tmp, 0644, e);
	if (f == NULL)
		return -1;
	if (copy_hash(o->pack, f, m->sha256, &m->size, e) < 0)
		goto fail;
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		err_set(e, "cannot write %s: %s (disk full?)", tmp,
		    strerror(errno));
		goto fail;
	}
	/* The copy is what the kiosks get: read it back as they will, and
	 * make sure it is the pack that was checked (not one that `content
	 * build` put in its place meanwhile). */
	p = pack_open(tmp, e);
	if (p == NULL || p->version != m->version ||
	    strcmp(p->built_at, m->built_at) != 0) {
		if (p != NULL)
			err_set(e, "%s changed while it was being published: "
			    "try again", o->pack);
		pack_close(p);
		goto fail;
	}
	pack_close(p);
	if (fclose(f) != 0) {
		f = NULL;
		err_set(e, "cannot write %s: %s", tmp, strerror(errno));
		goto fail;
	}
	f = NULL;
	if (rename(tmp, path) != 0) {
		err_set(e, "cannot put %s in place: %s", path, strerror(errno));
		goto fail;
	}
	fs_sync_dir(path);
	return 0;
fail:
	if (f)
		fclose(f);
	unlink(tmp);
	return -1;
}

/* Step 2: the portal of that pack, DIR/site switched to it (site.h),
 * before the kiosks can show codes that lead there.  -1 + message. */
static int
put_site(const struct pub_opts *o, const struct manifest *m, err_t *e)
{
	struct site_report r;
	char path[PATH_MAX];

	snprintf(path, sizeof path, "%s/%s", o->dir, m->file);
	if (site_publish(o->dir, path, m->version, &r, e) < 0)
		return -1;
	printf("content publish: %s/site is the portal of version %ld "
	    "(%zu pages)\n", o->dir, m->version, r.npages);
	return 0;
}

/* Step 3: the manifest and its signature, in one rename: the moment the
 * kiosks see the new version.  -1 + message. */
static int
put_manifest(const struct pub_opts *o, const struct manifest *m,
    const unsigned char *sk, err_t *e)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	size_t len;
	char *text;
	FILE *f;

	if ((size_t)snprintf(path, sizeof path, "%s/" MANIFEST_FILE, o->dir) >=
	    sizeof path)
		return err_set(e, "path too long: %s", o->dir);
	text = manifest_sign(m, sk, &len, e);
	if (text == NULL)
		return -1;
	f = fs_atomic_open(path, tmp, sizeof tmp, 0644, e);
	if (f == NULL) {
		free(text);
		return -1;
	}
	if (fwrite(text, 1, len, f) != len) {
		fs_atomic_abort(f, tmp);
		free(text);
		return err_set(e, "cannot write %s: %s", tmp, strerror(errno));
	}
	free(text);
	return fs_atomic_commit(f, tmp, path, e);
}

static int
publish(const struct pub_opts *o)
{
	unsigned char sk[KEY_SEC_BYTES];
	char hash[65];
	struct manifest m;
	pack *p;
	int lock = -1, rc = 1;
	err_t e;

	if (key_load_secret(o->key, sk, &e) < 0) {
		fprintf(stderr, "content publish: %s\n", e.msg);
		return 2;
	}
	memset(&m, 0, sizeof m);
	/* Refuse a bad pack before touching DIR. */
	p = pack_open(o->pack, &e);
	if (p == NULL) {
		fprintf(stderr, "content publish: %s\n", e.msg);
		rc = 2;
		goto out;
	}
	m.version = p->version;
	snprintf(m.built_at, sizeof m.built_at, "%s", p->built_at);
	pack_close(p);

	if (lock_dir(o->dir, &lock, &e) < 0)
		goto fail;
	clean_leftovers(o->dir);
	if ((rc = newer_than_served(o, &m)) != 0)
		goto out;
	if (put_pack(o, &m, &e) < 0 || put_site(o, &m, &e) < 0 ||
	    put_manifest(o, &m, sk, &e) < 0)
		goto fail;
	sha256_hex(m.sha256, hash);
	printf("content publish: %s now serves version %ld (built %s): %s, "
	    "%llu bytes, sha256 %s\n", o->dir, m.version, m.built_at, m.file,
	    m.size, hash);
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "content publish: %s\n", e.msg);
	rc = 1;
out:
	if (lock >= 0)
		close(lock);	/* releases the flock */
	sodium_memzero(sk, sizeof sk);
	return rc;
}

int
content_publish(int argc, char **argv)
{
	struct pub_opts o;

	memset(&o, 0, sizeof o);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--key") == 0 && i + 1 < argc)
			o.key = argv[++i];
		else if (strcmp(a, "-o") == 0 && i + 1 < argc)
			o.dir = argv[++i];
		else if (strcmp(a, "--force") == 0)
			o.force = 1;
		else if (cmdopt_is_option(a))
			return cmdopt_usage(&publish_cmd, "unknown option or "
			    "missing value: %s", a);
		else if (o.pack == NULL)
			o.pack = a;
		else
			return cmdopt_usage(&publish_cmd, "one pack only (got "
			    "%s and %s)", o.pack, a);
	}
	if (o.pack == NULL || o.key == NULL || o.dir == NULL)
		return cmdopt_usage(&publish_cmd, NULL);
	if (*o.dir == '\0')
		return cmdopt_usage(&publish_cmd, "-o '': give the folder the "
		    "kiosks fetch from");
	return publish(&o);
}
