/*
 * manifest.c - key files, manifest signing and checking (see manifest.h).
 *
 * A downloaded manifest is hostile until its signature is checked: the
 * signature line is found first, the bytes before it verified, and only
 * then are the fields read.  Every field is then checked again for what it
 * will be used for (the file name goes into a URL and a path).
 */
#include "content/manifest.h"
#include "fsutil.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_HEAD	"msd-pack-manifest v1\n"
#define PUB_HEAD	"msd-pack-ed25519-public v1"
#define SEC_HEAD	"msd-pack-ed25519-secret v1"
#define SIG_LINE	"signature: "

static int
sodium_ready(err_t *e)
{
	/* Safe to call many times and from several threads. */
	if (sodium_init() < 0)
		return err_set(e, "libsodium cannot start (no random source?)");
	return 0;
}

void
sha256_hex(const unsigned char h[32], char out[65])
{
	sodium_bin2hex(out, 65, h, 32);
}

void
key_id(const unsigned char pk[KEY_PUB_BYTES], char out[17])
{
	sodium_bin2hex(out, 17, pk, 8);
}

/* Exactly n bytes from a hex string of exactly 2n digits. */
static int
unhex(const char *hex, size_t hexlen, unsigned char *out, size_t n)
{
	size_t got = 0;
	const char *end = NULL;

	if (hexlen != 2 * n)
		return -1;
	if (sodium_hex2bin(out, n, hex, hexlen, NULL, &got, &end) != 0 ||
	    got != n || end != hex + hexlen)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ keys */

/* "HEAD\nHEX\n" of a key file: the hex part into out (n bytes). */
static int
key_read(const char *path, const char *head, unsigned char *out, size_t n,
    err_t *e)
{
	size_t len, hl = strlen(head);
	char *text = fs_read_file(path, 4096, &len, e);
	char *hex, *nl;
	int rc = 0;

	if (text == NULL)
		return -1;
	if (len < hl + 1 || memcmp(text, head, hl) != 0 || text[hl] != '\n') {
		int want_pub = strcmp(head, PUB_HEAD) == 0;
		const char *other = want_pub ? SEC_HEAD : PUB_HEAD;

		if (len > strlen(other) && memcmp(text, other,
		    strlen(other)) == 0)
			rc = err_set(e, "%s is the %s key, not the %s one",
			    path, want_pub ? "secret" : "public",
			    want_pub ? "public" : "secret");
		else
			rc = err_set(e, "%s is not a key file of msd-kiosk "
			    "(it should start with \"%s\"; make one with "
			    "`msd-kiosk content keygen`)", path, head);
		goto out;
	}
	hex = text + hl + 1;
	nl = strchr(hex, '\n');
	if (nl)
		*nl = '\0';
	if ((nl && nl[1] != '\0') ||
	    unhex(hex, strlen(hex), out, n) != 0)
		rc = err_set(e, "%s is damaged: its second line is not %zu "
		    "hex digits", path, 2 * n);
out:
	sodium_memzero(text, len);
	free(text);
	return rc;
}

int
key_load_public(const char *path, unsigned char pk[KEY_PUB_BYTES], err_t *e)
{
	if (sodium_ready(e) < 0)
		return -1;
	return key_read(path, PUB_HEAD, pk, KEY_PUB_BYTES, e);
}

int
key_load_secret(const char *path, unsigned char sk[KEY_SEC_BYTES], err_t *e)
{
	unsigned char pk[KEY_PUB_BYTES], sk2[KEY_SEC_BYTES];
	struct stat sb;

	if (sodium_ready(e) < 0)
		return -1;
	if (key_read(path, SEC_HEAD, sk, KEY_SEC_BYTES, e) < 0)
		return -1;
	/* Whoever reads the secret key can publish to every kiosk. */
	if (stat(path, &sb) != 0) {
		sodium_memzero(sk, KEY_SEC_BYTES);
		return err_set(e, "cannot read %s: %s", path, strerror(errno));
	}
	if (sb.st_mode & 077) {
		sodium_memzero(sk, KEY_SEC_BYTES);
		return err_set(e, "%s can be read by other users (mode %03o): "
		    "a secret key must be private (chmod 600 %s)", path,
		    (unsigned)(sb.st_mode & 0777), path);
	}
	/* Seed and public half must agree, or every signature would be
	 * refused by the kiosks much later and far away. */
	crypto_sign_seed_keypair(pk, sk2, sk);
	if (sodium_memcmp(sk2, sk, KEY_SEC_BYTES) != 0) {
		sodium_memzero(sk2, sizeof sk2);
		sodium_memzero(sk, KEY_SEC_BYTES);
		return err_set(e, "%s is damaged: its public half does not "
		    "match its secret half", path);
	}
	sodium_memzero(sk2, sizeof sk2);
	return 0;
}

/* Writes all of buf to fd. */
static int
write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

int
key_generate(const char *dir, char pub_hex[65], err_t *e)
{
	unsigned char pk[KEY_PUB_BYTES], sk[KEY_SEC_BYTES];
	char secpath[PATH_MAX], pubpath[PATH_MAX], tmp[PATH_MAX];
	char text[sizeof SEC_HEAD + 2 * KEY_SEC_BYTES + 4];
	FILE *f;
	int fd, bad;

	if (sodium_ready(e) < 0)
		return -1;
	if ((size_t)snprintf(secpath, sizeof secpath, "%s/" KEY_SEC_FILE, dir)
	    >= sizeof secpath ||
	    (size_t)snprintf(pubpath, sizeof pubpath, "%s/" KEY_PUB_FILE, dir)
	    >= sizeof pubpath)
		return err_set(e, "key folder path too long: %s", dir);
	if (fs_mkdirs(dir, 0700, e) < 0)
		return -1;
	/* A public key without its secret one is still trusted somewhere. */
	if (access(pubpath, F_OK) == 0) {
		err_set(e, "%s already exists: move it away first if you "
		    "really want a new key pair", pubpath);
		return -2;
	}
	/* O_EXCL: a key already in use is never replaced by accident. */
	fd = open(secpath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST) {
			err_set(e, "%s already exists: a key is never "
			    "overwritten (kiosks trust its public half); move "
			    "it away first if you really want a new one",
			    secpath);
			return -2;
		}
		return err_set(e, "cannot create %s: %s", secpath,
		    strerror(errno));
	}
	crypto_sign_keypair(pk, sk);
	memcpy(text, SEC_HEAD "\n", sizeof SEC_HEAD);
	sodium_bin2hex(text + sizeof SEC_HEAD, 2 * KEY_SEC_BYTES + 1, sk,
	    KEY_SEC_BYTES);
	strcat(text, "\n");
	sodium_memzero(sk, sizeof sk);
	bad = fchmod(fd, 0600) != 0 || write_all(fd, text, strlen(text)) != 0 ||
	    fsync(fd) != 0;
	sodium_memzero(text, sizeof text);
	if (close(fd) != 0)
		bad = 1;
	if (bad) {
		err_set(e, "cannot write %s: %s", secpath, strerror(errno));
		unlink(secpath);
		return -1;
	}
	sodium_bin2hex(pub_hex, 65, pk, KEY_PUB_BYTES);
	f = fs_atomic_open(pubpath, tmp, sizeof tmp, 0644, e);
	if (f == NULL) {
		unlink(secpath);
		return -1;
	}
	fprintf(f, PUB_HEAD "\n%s\n", pub_hex);
	if (fs_atomic_commit(f, tmp, pubpath, e) < 0) {
		unlink(secpath);
		return -1;
	}
	fs_sync_dir(secpath);
	return 0;
}

/* ------------------------------------------------------------ manifest */

int
manifest_file_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 100 || name[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* Printable ASCII or UTF-8, no control characters: one manifest line. */
static int
line_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

char *
manifest_sign(const struct manifest *m, const unsigned char sk[KEY_SEC_BYTES],
    size_t *len, err_t *e)
{
	strbuf b = STRBUF_INIT;
	unsigned char sig[crypto_sign_BYTES];
	char hash[65], id[17], sighex[2 * crypto_sign_BYTES + 1];

	if (sodium_ready(e) < 0)
		return NULL;
	if (m->version <= 0) {
		err_set(e, "manifest: version %ld is not a positive number",
		    m->version);
		return NULL;
	}
	if (!manifest_file_name_ok(m->file)) {
		err_set(e, "manifest: '%s' cannot be a pack file name "
		    "(letters, digits, '.', '_', '-' only)", m->file);
		return NULL;
	}
	if (!line_ok(m->built_at)) {
		err_set(e, "manifest: the build date has control characters");
		return NULL;
	}
	sha256_hex(m->sha256, hash);
	/* The public key is the second half of libsodium's secret key. */
	key_id(sk + 32, id);
	strbuf_puts(&b, MANIFEST_HEAD);
	strbuf_printf(&b, "version: %ld\n", m->version);
	strbuf_printf(&b, "built_at: %s\n", m->built_at);
	strbuf_printf(&b, "file: %s\n", m->file);
	strbuf_printf(&b, "size: %llu\n", m->size);
	strbuf_printf(&b, "sha256: %s\n", hash);
	strbuf_printf(&b, "key: %s\n", id);
	crypto_sign_detached(sig, NULL, (const unsigned char *)b.s, b.len, sk);
	sodium_bin2hex(sighex, sizeof sighex, sig, sizeof sig);
	strbuf_printf(&b, SIG_LINE "%s\n", sighex);
	*len = b.len;
	return strbuf_take(&b);
}

/* A whole number in [1, max] from exactly the digits of s. */
static int
number(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;

	if (*s == '\0' || (s[0] == '0' && s[1] != '\0'))
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (max - (unsigned)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v == 0)
		return -1;
	*out = v;
	return 0;
}

/* One "name: value" line of a verified body into m. */
static int
field(struct manifest *m, char *line, unsigned *seen, err_t *e)
{
	static const char *const names[] = {
		"version", "built_at", "file", "size", "sha256", "key",
	};
	char *colon = strstr(line, ": ");
	unsigned long long v;
	unsigned i;

	if (colon == NULL)
		return err_set(e, "manifest line \"%.60s\" is not "
		    "\"name: value\"", line);
	*colon = '\0';
	for (i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(line, names[i]) == 0)
			break;
	if (i == sizeof names / sizeof *names)
		return 0;	/* a later addition: signed, so harmless */
	if (*seen & (1u << i))
		return err_set(e, "manifest has two '%s' lines", line);
	*seen |= 1u << i;
	line = colon + 2;
	switch (i) {
	case 0:
		if (number(line, LONG_MAX, &v) < 0)
			return err_set(e, "manifest version '%.40s' is not a "
			    "positive whole number", line);
		m->version = (long)v;
		break;
	case 1:
		if (strlen(line) >= sizeof m->built_at || !line_ok(line))
			return err_set(e, "manifest built_at '%.40s' is not a "
			    "date", line);
		strcpy(m->built_at, line);
		break;
	case 2:
		if (!manifest_file_name_ok(line))
			return err_set(e, "manifest file name '%.40s' is not "
			    "a plain file name", line);
		strcpy(m->file, line);
		break;
	case 3:
		if (number(line, 1ULL << 50, &v) < 0)
			return err_set(e, "manifest size '%.40s' is not a "
			    "positive whole number", line);
		m->size = v;
		break;
	case 4:
		if (unhex(line, strlen(line), m->sha256, 32) < 0)
			return err_set(e, "manifest sha256 is not 64 hex "
			    "digits");
		break;
	case 5:
		if (strlen(line) != 16)
			return err_set(e, "manifest key id is not 16 hex "
			    "digits");
		strcpy(m->key_id, line);
		break;
	}
	return 0;
}

int
manifest_parse(const char *text, size_t len, const unsigned char *pk,
    struct manifest *m, err_t *e)
{
	static const char head[] = MANIFEST_HEAD;
	unsigned char sig[crypto_sign_BYTES];
	const char *sl = NULL, *hex;
	size_t body, hexlen;
	unsigned seen = 0;
	char *copy, *line, *next;
	int rc = 0;

	memset(m, 0, sizeof *m);
	if (sodium_ready(e) < 0)
		return -1;
	if (len < sizeof head - 1 || memcmp(text, head, sizeof head - 1) != 0)
		return err_set(e, "not a pack manifest (it should start with "
		    "\"msd-pack-manifest v1\")");
	if (memchr(text, '\0', len) != NULL)
		return err_set(e, "not a pack manifest (binary data)");
	/* The signature line: the last line, after a newline. */
	for (size_t i = len; i-- > 0; )
		if (text[i] == '\n' && i + 1 < len && len - (i + 1) >=
		    sizeof SIG_LINE - 1 && memcmp(text + i + 1, SIG_LINE,
		    sizeof SIG_LINE - 1) == 0) {
			sl = text + i + 1;
			break;
		}
	if (sl == NULL)
		return err_set(e, "manifest has no signature line");
	body = (size_t)(sl - text);
	hex = sl + sizeof SIG_LINE - 1;
	hexlen = len - (size_t)(hex - text);
	if (hexlen > 0 && hex[hexlen - 1] == '\n')
		hexlen--;
	if (unhex(hex, hexlen, sig, sizeof sig) < 0)
		return err_set(e, "manifest signature is not %d hex digits "
		    "at the end of the file", 2 * crypto_sign_BYTES);

	/* The fields are read whatever the verdict, but only to name the
	 * signer's key in the message: they are returned only if good. */
	copy = xstrndup(text + sizeof head - 1, body - (sizeof head - 1));
	for (line = copy; rc == 0 && *line; line = next) {
		next = strchr(line, '\n');
		*next++ = '\0';		/* the body ends with a newline */
		rc = field(m, line, &seen, e);
	}
	free(copy);
	if (pk != NULL && crypto_sign_verify_detached(sig,
	    (const unsigned char *)text, body, pk) != 0) {
		char mine[17];

		key_id(pk, mine);
		if (rc == 0 && m->key_id[0] && strcmp(m->key_id, mine) != 0)
			err_set(e, "manifest signed with another key (key %s; "
			    "this kiosk trusts key %s: check [sync] "
			    "public_key)", m->key_id, mine);
		else
			err_set(e, "manifest has a bad signature (changed "
			    "after signing, or forged)");
		memset(m, 0, sizeof *m);
		return -1;
	}
	if (rc == 0) {
		static const char *const need[] = {
			"version", "built_at", "file", "size", "sha256",
		};

		for (unsigned i = 0; i < 5; i++)
			if (!(seen & (1u << i))) {
				rc = err_set(e, "manifest has no '%s' line",
				    need[i]);
				break;
			}
	}
	if (rc < 0)
		memset(m, 0, sizeof *m);
	return rc;
}
