/*
 * fuzz_manifest.c - the signed pack manifest and the key files
 * (kiosk/content/manifest.c), as the kiosk's sync meets them: downloaded, hostile.
 *
 * Properties:
 *   - a manifest accepted (with or without the key) has every field in
 *     range: a positive version, a plain file name, a size in
 *     [1, 2^50], a build date without control characters;
 *   - checking the signature never changes what is read, and a refusal
 *     leaves nothing filled in;
 *   - round trip: the fields signed again with the harness's key and
 *     parsed give the same fields;
 *   - a key file accepted holds a key whose halves belong together
 *     (secret) and that writes back and reads back the same.
 * The harness key is fixed (from a seed), so that the corpus can hold
 * manifests that really are signed.
 */
#include "fuzz.h"
#include "content/manifest.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

static unsigned char pk[KEY_PUB_BYTES], sk[KEY_SEC_BYTES];
static char dir[512];

static void
cleanup(void)
{
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned char seed[crypto_sign_SEEDBYTES];

	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	fuzz_tmpdir(dir, sizeof dir, "manifest");
	atexit(cleanup);
	memset(seed, 0x42, sizeof seed);
	crypto_sign_seed_keypair(pk, sk, seed);
	return 0;
}

static void
check_fields(const struct manifest *m, const char *how)
{
	PROP(m->version > 0, "%s: version %ld", how, m->version);
	PROP(manifest_file_name_ok(m->file), "%s: file '%s'", how, m->file);
	PROP(m->size >= 1 && m->size <= (1ULL << 50), "%s: size %llu", how,
	    m->size);
	PROP(memchr(m->built_at, '\0', sizeof m->built_at) != NULL,
	    "%s: built_at not terminated", how);
	for (const char *p = m->built_at; *p; p++)
		PROP((unsigned char)*p >= 0x20 && *p != 0x7f, "%s: built_at has "
		    "control character 0x%02x", how, (unsigned char)*p);
	PROP(m->key_id[0] == '\0' || strlen(m->key_id) == 16, "%s: key id '%s'",
	    how, m->key_id);
}

static int
same_fields(const struct manifest *a, const struct manifest *b)
{
	return a->version == b->version && strcmp(a->built_at, b->built_at) == 0 &&
	    strcmp(a->file, b->file) == 0 && a->size == b->size &&
	    memcmp(a->sha256, b->sha256, sizeof a->sha256) == 0;
}

static int
all_zero(const struct manifest *m)
{
	static const struct manifest zero;

	return memcmp(m, &zero, sizeof zero) == 0;
}

static void
check_manifest(const uint8_t *data, size_t size)
{
	struct manifest m, ms, back;
	err_t e;
	char *text;
	size_t len;
	int plain, signed_ok;

	plain = manifest_parse((const char *)data, size, NULL, &m, &e);
	signed_ok = manifest_parse((const char *)data, size, pk, &ms, &e);
	if (signed_ok < 0)
		PROP(all_zero(&ms), "refused (%s) but fields left filled in",
		    e.msg);
	else {
		check_fields(&ms, "signed");
		PROP(plain == 0 && same_fields(&m, &ms), "the signature check "
		    "changed what was read");
	}
	if (plain < 0) {
		PROP(all_zero(&m), "refused (%s) but fields left filled in", e.msg);
		return;
	}
	check_fields(&m, "unsigned");
	text = manifest_sign(&m, sk, &len, &e);
	PROP(text != NULL, "accepted fields cannot be signed: %s", e.msg);
	PROP(manifest_parse(text, len, pk, &back, &e) == 0, "signed again, "
	    "refused: %s\n%s", e.msg, text);
	PROP(same_fields(&m, &back), "signed again, reads back otherwise:\n%s",
	    text);
	free(text);
}

static void
write_file(const char *path, const void *data, size_t size)
{
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
		abort();
	close(fd);
}

static void
check_keys(const uint8_t *data, size_t size)
{
	unsigned char k[KEY_SEC_BYTES], k2[KEY_SEC_BYTES], half[KEY_PUB_BYTES];
	char path[600], hex[2 * KEY_SEC_BYTES + 1], text[256];
	err_t e;

	snprintf(path, sizeof path, "%s/key", dir);
	write_file(path, data, size);
	if (key_load_public(path, k, &e) == 0) {
		sodium_bin2hex(hex, sizeof hex, k, KEY_PUB_BYTES);
		snprintf(text, sizeof text, "msd-pack-ed25519-public v1\n%s\n", hex);
		write_file(path, text, strlen(text));
		PROP(key_load_public(path, k2, &e) == 0 &&
		    memcmp(k, k2, KEY_PUB_BYTES) == 0, "public key does not "
		    "read back: %s", e.msg);
		write_file(path, data, size);
	}
	if (key_load_secret(path, k, &e) == 0) {
		crypto_sign_ed25519_sk_to_pk(half, k);
		PROP(memcmp(half, k + 32, KEY_PUB_BYTES) == 0, "secret key "
		    "accepted with a public half of another key");
		sodium_bin2hex(hex, sizeof hex, k, KEY_SEC_BYTES);
		snprintf(text, sizeof text, "msd-pack-ed25519-secret v1\n%s\n", hex);
		write_file(path, text, strlen(text));
		PROP(key_load_secret(path, k2, &e) == 0 &&
		    memcmp(k, k2, KEY_SEC_BYTES) == 0, "secret key does not "
		    "read back: %s", e.msg);
	}
	unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_manifest(data, size);
	/* Files cost a few system calls: only for what looks like a key. */
	if (size >= 16 && memcmp(data, "msd-pack-ed25519", 16) == 0)
		check_keys(data, size);
	return 0;
}
