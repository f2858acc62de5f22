/*
 * manifest.h - the signed manifest of a published content pack, and the
 * ed25519 key files that sign it (libsodium).  Shared by `content
 * publish` (publish.c), which writes them, and the kiosk's sync (sync.c),
 * which trusts nothing it downloads before manifest_parse() said yes.
 *
 * Key files (text, one header line, one line of hex):
 *   pack.pub   "msd-pack-ed25519-public v1\n" + 64 hex digits (32 bytes)
 *   pack.key   "msd-pack-ed25519-secret v1\n" + 128 hex digits: libsodium's
 *              64-byte secret key (32-byte seed, then the public key)
 *
 * The manifest, DIR/manifest.txt, is ONE file holding the manifest and its
 * signature, so that a single rename publishes both (a client can never
 * fetch a manifest with the signature of another one):
 *
 *   msd-pack-manifest v1
 *   version: 202612011030
 *   built_at: 2026-12-01 10:30
 *   file: pack-202612011030.db
 *   size: 253952
 *   sha256: <64 hex digits of the pack file>
 *   key: <16 hex digits: the first 8 bytes of the signer's public key>
 *   signature: <128 hex digits>
 *
 * The signature is ed25519 (detached, RFC 8032) over the exact bytes
 * before the "signature: " line, its newline included.  Lines are
 * "name: value"; names a reader does not know are ignored (they are
 * signed all the same), so later versions can add lines.  The `key` line
 * only serves messages: a manifest signed with another key says so.
 */
#ifndef MSD_MANIFEST_H
#define MSD_MANIFEST_H

#include <stddef.h>

#include "err.h"

#define MANIFEST_FILE	"manifest.txt"
#define MANIFEST_MAX	65536		/* bytes: a manifest is ~400 */
#define KEY_PUB_FILE	"pack.pub"
#define KEY_SEC_FILE	"pack.key"
#define KEY_PUB_BYTES	32
#define KEY_SEC_BYTES	64

struct manifest {
	long version;			/* the pack's meta 'version' */
	char built_at[32];		/* the pack's meta 'built_at' */
	char file[128];			/* pack file name, beside the manifest */
	unsigned long long size;	/* bytes */
	unsigned char sha256[32];
	char key_id[17];		/* hex, "" if the line is absent */
};

/* A new key pair in dir (created 0700 if missing): pack.key created with
 * O_EXCL, mode 0600, then pack.pub (an existing pack.key or pack.pub is
 * never overwritten).
 * The public key's hex is written to pub_hex (65 bytes).  -2 + message
 * if either exists, -1 + message on other failures. */
int key_generate(const char *dir, char pub_hex[65], err_t *e);

/* Reads a public key file. */
int key_load_public(const char *path, unsigned char pk[KEY_PUB_BYTES],
    err_t *e);

/* Reads a secret key file; refuses one that others may read (it must be
 * 0600 or 0400) and one whose two halves do not belong together. */
int key_load_secret(const char *path, unsigned char sk[KEY_SEC_BYTES],
    err_t *e);

/* The short id printed in manifests and messages (17 bytes with NUL). */
void key_id(const unsigned char pk[KEY_PUB_BYTES], char out[17]);

/* The manifest text, signed with sk (caller frees).  -1 + message if a
 * field cannot be written (a file name with a '/', a newline in
 * built_at...). */
char *manifest_sign(const struct manifest *m,
    const unsigned char sk[KEY_SEC_BYTES], size_t *len, err_t *e);

/* Checks the signature with pk, then reads the fields into m.  pk NULL
 * skips the signature (only `content publish`, reading the manifest it
 * is about to replace, does that).  -1 + a message saying what is wrong:
 * "not a manifest", "signed with another key (...)", "bad signature",
 * "no version line"... */
int manifest_parse(const char *text, size_t len,
    const unsigned char *pk, struct manifest *m, err_t *e);

/* 1 if name is a safe pack file name: [A-Za-z0-9._-], not starting with
 * a dot, at most 100 bytes (it goes into a URL and a path). */
int manifest_file_name_ok(const char *name);

/* SHA-256 as 64 lowercase hex digits + NUL. */
void sha256_hex(const unsigned char h[32], char out[65]);

#endif
