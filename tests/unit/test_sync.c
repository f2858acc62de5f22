/* Signed content packs: key files (manifest.c), manifest signing and
 * checking against every tampering we can think of, and the sync thread
 * itself (sync.c) run against tests/helpers/packserver.py on 127.0.0.1:
 * a newer pack is installed and announced once, a refused one is rolled
 * back, an older one is ignored, sync_stop() interrupts a slow download
 * and the next sync_start() removes what it left.  Run from the top of
 * the source tree (the fixtures and the server are found from there). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "content/build.h"
#include "config.h"
#include "fsutil.h"
#include "content/lint.h"
#include "content/manifest.h"
#include "content/pack.h"
#include "content/publish.h"
#include "strbuf.h"
#include "jobs/sync.h"

#include <dirent.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

static int
setup(void **state)
{
	(void)state;
	if (access("tests/fixtures/content-ok/offers.csv", R_OK) != 0) {
		fprintf(stderr, "run from the top of the source tree\n");
		return -1;
	}
	snprintf(dir, sizeof dir, "%s/test_sync.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

/* A key pair in dir/NAME: fills pk and sk. */
static void
make_keys(const char *name, unsigned char pk[32], unsigned char sk[64])
{
	char kd[512], p[600], hex[65];
	err_t e;

	path(kd, sizeof kd, name);
	assert_int_equal(key_generate(kd, hex, &e), 0);
	snprintf(p, sizeof p, "%s/pack.pub", kd);
	assert_int_equal(key_load_public(p, pk, &e), 0);
	snprintf(p, sizeof p, "%s/pack.key", kd);
	assert_int_equal(key_load_secret(p, sk, &e), 0);
}

static void
put(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* ------------------------------------------------------------ keys */

static void
test_keys(void **state)
{
	unsigned char pk[32], sk[64], pk2[32];
	char kd[512], p[600], hex[65], hex2[65];
	struct stat sb;
	size_t len;
	char *text;
	err_t e;

	(void)state;
	path(kd, sizeof kd, "keys");
	assert_int_equal(key_generate(kd, hex, &e), 0);
	assert_int_equal(strlen(hex), 64);
	snprintf(p, sizeof p, "%s/pack.key", kd);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* Never overwritten: -2, and the file is unchanged. */
	text = fs_read_file(p, 0, &len, &e);
	assert_int_equal(key_generate(kd, hex2, &e), -2);
	assert_non_null(strstr(e.msg, "already exists"));
	{
		char *again = fs_read_file(p, 0, NULL, &e);

		assert_string_equal(text, again);
		free(again);
	}
	/* Nor is a lone public key (kiosks may trust it). */
	{
		char lone[512], lp[600];

		path(lone, sizeof lone, "lone");
		mkdir(lone, 0700);
		snprintf(lp, sizeof lp, "%s/pack.pub", lone);
		put(lp, "msd-pack-ed25519-public v1\n00\n");
		assert_int_equal(key_generate(lone, hex2, &e), -2);
		snprintf(lp, sizeof lp, "%s/pack.key", lone);
		assert_int_equal(access(lp, F_OK), -1);
	}
	assert_int_equal(strncmp(text, "msd-pack-ed25519-secret v1\n", 27), 0);
	assert_int_equal(len, 27 + 128 + 1);
	free(text);
	assert_int_equal(key_load_secret(p, sk, &e), 0);
	snprintf(p, sizeof p, "%s/pack.pub", kd);
	assert_int_equal(key_load_public(p, pk, &e), 0);
	sodium_bin2hex(hex2, sizeof hex2, pk, 32);
	assert_string_equal(hex, hex2);
	assert_memory_equal(pk, sk + 32, 32);	/* the pair belongs together */

	/* The public file is not a secret key, nor the reverse. */
	assert_int_equal(key_load_secret(p, sk, &e), -1);
	assert_non_null(strstr(e.msg, "public key, not the secret"));
	snprintf(p, sizeof p, "%s/pack.key", kd);
	assert_int_equal(key_load_public(p, pk2, &e), -1);
	assert_non_null(strstr(e.msg, "secret key, not the public"));

	/* A secret key others can read is refused. */
	chmod(p, 0644);
	assert_int_equal(key_load_secret(p, sk, &e), -1);
	assert_non_null(strstr(e.msg, "chmod 600"));
	chmod(p, 0600);

	/* Damaged files. */
	path(p, sizeof p, "bad.pub");
	put(p, "msd-pack-ed25519-public v1\n1234\n");
	assert_int_equal(key_load_public(p, pk2, &e), -1);
	assert_non_null(strstr(e.msg, "64 hex digits"));
	put(p, "hello\n");
	assert_int_equal(key_load_public(p, pk2, &e), -1);
	assert_non_null(strstr(e.msg, "not a key file"));
	path(p, sizeof p, "missing.pub");
	assert_int_equal(key_load_public(p, pk2, &e), -1);
	assert_non_null(strstr(e.msg, "No such file"));
	/* A secret key whose public half is another key's. */
	{
		unsigned char opk[32], osk[64];
		char bad[600], line[200];

		crypto_sign_keypair(opk, osk);
		memcpy(osk + 32, pk, 32);
		strcpy(line, "msd-pack-ed25519-secret v1\n");
		sodium_bin2hex(line + strlen(line), 129, osk, 64);
		strcat(line, "\n");
		path(bad, sizeof bad, "mixed.key");
		put(bad, line);
		chmod(bad, 0600);
		assert_int_equal(key_load_secret(bad, sk, &e), -1);
		assert_non_null(strstr(e.msg, "does not match"));
	}
}

/* ------------------------------------------------------------ manifest */

static struct manifest
sample(void)
{
	struct manifest m;

	memset(&m, 0, sizeof m);
	m.version = 202612011030;
	strcpy(m.built_at, "2026-12-01 10:30");
	strcpy(m.file, "pack-202612011030.db");
	m.size = 253952;
	for (int i = 0; i < 32; i++)
		m.sha256[i] = (unsigned char)(i * 7);
	return m;
}

/* A body signed with sk exactly as given (for bodies manifest_sign would
 * never write). */
static char *
sign_raw(const char *body, const unsigned char sk[64])
{
	unsigned char sig[64];
	char hex[129];
	strbuf b = STRBUF_INIT;

	crypto_sign_detached(sig, NULL, (const unsigned char *)body,
	    strlen(body), sk);
	sodium_bin2hex(hex, sizeof hex, sig, 64);
	strbuf_printf(&b, "%ssignature: %s\n", body, hex);
	return strbuf_take(&b);
}

static void
test_manifest(void **state)
{
	unsigned char pk[32], sk[64], pk2[32], sk2[64];
	struct manifest m = sample(), got;
	char id[17];
	size_t len;
	char *text, *t;
	err_t e;

	(void)state;
	make_keys("k1", pk, sk);
	make_keys("k2", pk2, sk2);
	text = manifest_sign(&m, sk, &len, &e);
	assert_non_null(text);
	assert_int_equal(strlen(text), len);
	assert_int_equal(strncmp(text, "msd-pack-manifest v1\nversion: "
	    "202612011030\nbuilt_at: 2026-12-01 10:30\nfile: "
	    "pack-202612011030.db\nsize: 253952\nsha256: 00070e15", 115), 0);
	assert_int_equal(manifest_parse(text, len, pk, &got, &e), 0);
	assert_int_equal(got.version, m.version);
	assert_string_equal(got.built_at, m.built_at);
	assert_string_equal(got.file, m.file);
	assert_int_equal(got.size, m.size);
	assert_memory_equal(got.sha256, m.sha256, 32);
	key_id(pk, id);
	assert_string_equal(got.key_id, id);

	/* Another key: said so, naming both keys. */
	assert_int_equal(manifest_parse(text, len, pk2, &got, &e), -1);
	assert_non_null(strstr(e.msg, "signed with another key"));
	assert_non_null(strstr(e.msg, id));
	assert_int_equal(got.version, 0);	/* nothing returned */
	/* Without a key (publish reading its own folder): accepted. */
	assert_int_equal(manifest_parse(text, len, NULL, &got, &e), 0);

	/* Every byte of the body and the signature counts. */
	for (size_t i = 0; i < len - 1; i++) {
		if (text[i] == '\n')
			continue;
		t = xstrdup(text);
		t[i] = t[i] == '1' ? '2' : '1';
		if (manifest_parse(t, len, pk, &got, &e) == 0)
			fail_msg("byte %zu changed and still accepted", i);
		free(t);
	}
	/* Missing final newline: fine.  A line added after: refused. */
	assert_int_equal(manifest_parse(text, len - 1, pk, &got, &e), 0);
	{
		strbuf b = STRBUF_INIT;

		strbuf_puts(&b, text);
		strbuf_puts(&b, "version: 999999999999\n");
		assert_int_equal(manifest_parse(b.s, b.len, pk, &got, &e), -1);
		assert_non_null(strstr(e.msg, "signature"));
		strbuf_free(&b);
	}
	/* Truncated anywhere: refused. */
	for (size_t n = 0; n < len - 1; n += 7)
		assert_int_equal(manifest_parse(text, n, pk, &got, &e), -1);
	free(text);

	/* Not a manifest at all. */
	assert_int_equal(manifest_parse("<html>404</html>", 16, pk, &got, &e),
	    -1);
	assert_non_null(strstr(e.msg, "not a pack manifest"));

	/* Well signed, but wrong inside. */
	{
		static const struct { const char *body, *want; } bad[] = {
			{ "msd-pack-manifest v1\nversion: 3\nbuilt_at: x\n"
			  "file: ../etc/passwd\nsize: 1\nsha256: "
			  "0000000000000000000000000000000000000000000000000000000000000000\n",
			  "not a plain file name" },
			{ "msd-pack-manifest v1\nversion: 3\nbuilt_at: x\n"
			  "file: p.db\nsize: 1\n", "no 'sha256' line" },
			{ "msd-pack-manifest v1\nversion: -3\nbuilt_at: x\n",
			  "not a positive whole number" },
			{ "msd-pack-manifest v1\nversion: 3\nversion: 4\n",
			  "two 'version' lines" },
			{ "msd-pack-manifest v1\nversion: 99999999999999999999\n",
			  "not a positive whole number" },
			{ "msd-pack-manifest v1\nversion 3\n",
			  "not \"name: value\"" },
			{ "msd-pack-manifest v1\nversion: 3\nbuilt_at: x\n"
			  "file: p.db\nsize: 1\nsha256: 12\n", "64 hex" },
		};

		for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
			t = sign_raw(bad[i].body, sk);
			assert_int_equal(manifest_parse(t, strlen(t), pk, &got,
			    &e), -1);
			if (strstr(e.msg, bad[i].want) == NULL)
				fail_msg("case %zu: '%s' does not say '%s'", i,
				    e.msg, bad[i].want);
			free(t);
		}
	}
	/* A line this version does not know: ignored (it is signed). */
	t = sign_raw("msd-pack-manifest v1\nversion: 3\nbuilt_at: x\n"
	    "file: p.db\nsize: 1\ncompression: none\nsha256: "
	    "0000000000000000000000000000000000000000000000000000000000000000\n",
	    sk);
	assert_int_equal(manifest_parse(t, strlen(t), pk, &got, &e), 0);
	assert_int_equal(got.version, 3);
	free(t);

	/* manifest_sign refuses what it cannot write safely. */
	m.file[0] = '.';
	assert_null(manifest_sign(&m, sk, &len, &e));
	m = sample();
	strcpy(m.built_at, "2026\nversion: 9");
	assert_null(manifest_sign(&m, sk, &len, &e));
}

static void
test_file_names(void **state)
{
	(void)state;
	assert_true(manifest_file_name_ok("pack-202612011030.db"));
	assert_true(manifest_file_name_ok("a_b.C-9"));
	assert_false(manifest_file_name_ok(""));
	assert_false(manifest_file_name_ok(".hidden"));
	assert_false(manifest_file_name_ok("../x"));
	assert_false(manifest_file_name_ok("a/b"));
	assert_false(manifest_file_name_ok("a b"));
	assert_false(manifest_file_name_ok("a?b=c"));
	assert_false(manifest_file_name_ok("a%2fb"));
	assert_false(manifest_file_name_ok("\xc3\xa9t\xc3\xa9"));
	{
		char longname[120];

		memset(longname, 'a', sizeof longname - 1);
		longname[sizeof longname - 1] = '\0';
		assert_false(manifest_file_name_ok(longname));
	}
}

/* ------------------------------------------------------------ live */

static pid_t server_pid;
static int server_port;

/* Builds the fixture pack with version v at dest. */
static void
build(const char *dest, long v)
{
	lint_ctx c;
	content_src *s;
	err_t e;

	lint_init(&c, stderr);
	s = lint_run("tests/fixtures/content-ok", "assets/content/pictos.csv", &c);
	assert_int_equal(c.errors, 0);
	if (build_pack(s, dest, v, &e) < 0)
		fail_msg("build: %s", e.msg);
	content_src_free(s);
	lint_free(&c);
}

static void
publish(const char *pack_path, const char *keydir, const char *www,
    int force)
{
	char key[600];
	char *argv[] = { "publish", (char *)pack_path, "--key", key, "-o",
	    (char *)www, force ? "--force" : NULL, NULL };

	snprintf(key, sizeof key, "%s/pack.key", keydir);
	assert_int_equal(content_publish(force ? 7 : 6, argv), 0);
}

static void
server_start(const char *www)
{
	int fds[2];
	char buf[32];
	ssize_t n;

	assert_int_equal(pipe(fds), 0);
	server_pid = fork();
	assert_true(server_pid >= 0);
	if (server_pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execlp("python3", "python3", "tests/helpers/packserver.py",
		    "--dir", www, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	/* Up to the newline: python may write the port and the newline in
	 * two writes (PYTHONUNBUFFERED=1 does), and closing the pipe between
	 * them kills the server with a broken pipe. */
	size_t got = 0;
	do {
		n = read(fds[0], buf + got, sizeof buf - 1 - got);
		if (n > 0)
			got += (size_t)n;
	} while (n > 0 && got < sizeof buf - 1 && memchr(buf, '\n', got) == NULL);
	close(fds[0]);
	assert_true(got > 0);
	buf[got] = '\0';
	server_port = atoi(buf);
	assert_true(server_port > 0);
}

static void
server_stop(void)
{
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
		server_pid = 0;
	}
}

/* GET /_control?QUERY on the server, with curl's command line tool
 * unavailable: a tiny request through python, as the server is. */
static void
server_ctl(const char *query)
{
	char url[256];
	pid_t p;
	int st;

	snprintf(url, sizeof url, "http://127.0.0.1:%d/_control?%s",
	    server_port, query);
	p = fork();
	if (p == 0) {
		execlp("python3", "python3", "-c", "import sys, urllib.request; "
		    "urllib.request.urlopen(sys.argv[1], timeout=10).read()",
		    url, (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(p, &st, 0), p);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static long
version_at(const char *p)
{
	err_t e;
	pack *pk = pack_open(p, &e);
	long v;

	if (pk == NULL)
		fail_msg("%s", e.msg);
	v = pk->version;
	pack_close(pk);
	return v;
}

static void
nap(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Waits (at most 30 s: a safety net, not a timing assertion) for cond. */
#define WAIT_FOR(cond) do { \
	int waited_ = 0; \
	while (!(cond)) { \
		if (++waited_ > 600) \
			fail_msg("timed out waiting for %s", #cond); \
		nap(50); \
	} \
} while (0)

static config *
sync_config(const char *keydir, const char *extra)
{
	char text[2048];
	err_t e;
	config *c;

	snprintf(text, sizeof text, "[sync]\nurl = http://127.0.0.1:%d/\n"
	    "public_key = %s/pack.pub\ninterval_s = 1\ntimeout_s = 20\n"
	    "status_file = %s/status.txt\n%s", server_port, keydir, dir,
	    extra);
	c = config_parse(text, "test.ini", &e);
	if (c == NULL)
		fail_msg("%s", e.msg);
	return c;
}

static int
has_file_with(const char *d, const char *part)
{
	DIR *dd = opendir(d);
	struct dirent *de;
	int found = 0;

	while (dd && (de = readdir(dd)) != NULL)
		if (strstr(de->d_name, part))
			found = 1;
	if (dd)
		closedir(dd);
	return found;
}

static int
status_has(const char *want)
{
	char p[600];
	char *text;
	int r;
	err_t e;

	path(p, sizeof p, "status.txt");
	text = fs_read_file(p, 0, NULL, &e);
	r = text && strstr(text, want) != NULL;
	free(text);
	return r;
}

static int
error_has(struct sync *s, const char *want)
{
	struct sync_status st;

	sync_get_status(s, &st);
	return strstr(st.last_error, want) != NULL;
}

static void
test_live(void **state)
{
	char keys[512], www[512], kdir[512], pk[600], prev[620], p[700];
	struct sync_status st;
	struct sync *s;
	config *cfg;
	err_t e;

	(void)state;
	path(keys, sizeof keys, "live-keys");
	path(www, sizeof www, "www");
	path(kdir, sizeof kdir, "kiosk");
	mkdir(kdir, 0755);
	assert_int_equal(key_generate(keys, p, &e), 0);
	snprintf(pk, sizeof pk, "%s/pack.db", kdir);
	snprintf(prev, sizeof prev, "%s.prev", pk);
	build(pk, 3);
	path(p, sizeof p, "p4.db");
	build(p, 4);
	publish(p, keys, www, 0);
	server_start(www);
	cfg = sync_config(keys, "");

	/* No url: no sync, no error. */
	{
		config *none = config_parse("[kiosk]\nidle_s = 9\n", "t", &e);

		assert_null(sync_start(none, NULL, pk, 3, "", &e));
		assert_string_equal(e.msg, "");
		config_free(none);
	}

	/* Leftovers of an earlier run go at start. */
	snprintf(p, sizeof p, "%s.download.AbC123", pk);
	put(p, "half a pack");
	snprintf(p, sizeof p, "%s.tmp.prev", pk);
	put(p, "half a link");

	/* 1. A newer pack: installed, announced once, previous one kept. */
	s = sync_start(cfg, NULL, pk, 3, "2026-01-01 00:00", &e);
	assert_non_null(s);
	assert_false(has_file_with(kdir, ".download."));
	assert_false(has_file_with(kdir, ".tmp."));
	WAIT_FOR(sync_new_pack_ready(s));
	assert_false(sync_new_pack_ready(s));
	assert_int_equal(version_at(pk), 4);
	assert_int_equal(version_at(prev), 3);
	sync_get_status(s, &st);
	assert_int_equal(st.pack_version, 3);	/* not opened yet */
	WAIT_FOR(status_has("pack_waiting: 4"));

	/* 2. The kiosk cannot open it: rolled back, and said. */
	sync_opened(s, 0, 0, "", "no MSD 'x'");
	WAIT_FOR(version_at(pk) == 3);
	assert_true(error_has(s, "rolled back"));
	assert_true(error_has(s, "no MSD 'x'"));
	/* The refused version is not installed again; the error stays. */
	WAIT_FOR(error_has(s, "refused by this kiosk"));
	assert_false(sync_new_pack_ready(s));
	assert_int_equal(version_at(pk), 3);
	WAIT_FOR(status_has("last_error: version 4 was refused"));
	sync_stop(s);

	/* 3. Next start (it does not remember): installed, and opened. */
	s = sync_start(cfg, NULL, pk, 3, "2026-01-01 00:00", &e);
	assert_non_null(s);
	WAIT_FOR(sync_new_pack_ready(s));
	sync_opened(s, 1, 4, "2026-02-02 02:02", NULL);
	sync_get_status(s, &st);
	assert_int_equal(st.pack_version, 4);
	assert_string_equal(st.pack_built_at, "2026-02-02 02:02");
	WAIT_FOR(status_has("pack_version: 4\npack_built_at: 2026-02-02 02:02\n"));
	/* A good check: no error, a date of last success. */
	WAIT_FOR(status_has("last_check_ok: 2"));
	WAIT_FOR(status_has("last_error: \n"));
	sync_get_status(s, &st);
	assert_true(st.last_check_ok != 0);
	assert_string_equal(st.last_error, "");
	sync_stop(s);

	/* 4. An older version on the server: ignored, said. */
	path(p, sizeof p, "p2.db");
	build(p, 2);
	publish(p, keys, www, 1);
	s = sync_start(cfg, NULL, pk, 4, "", &e);
	assert_non_null(s);
	WAIT_FOR(error_has(s, "older than this kiosk's 4"));
	assert_false(sync_new_pack_ready(s));
	assert_int_equal(version_at(pk), 4);
	sync_stop(s);

	/* 5. sync_stop() during a slow download: returns, leaves the pack
	 * and nothing else. */
	path(p, sizeof p, "p5.db");
	build(p, 5);
	publish(p, keys, www, 1);
	server_ctl("mode=slow&match=pack-&rate=2000");
	s = sync_start(cfg, NULL, pk, 4, "", &e);
	assert_non_null(s);
	WAIT_FOR(has_file_with(kdir, ".download."));
	sync_stop(s);
	assert_int_equal(version_at(pk), 4);
	assert_false(has_file_with(kdir, ".download."));

	/* 6. Bad settings are refused with the key's name. */
	{
		config *bad = sync_config(keys, "max_size_mb = 0\n");

		assert_null(sync_start(bad, NULL, pk, 4, "", &e));
		assert_non_null(strstr(e.msg, "max_size_mb"));
		config_free(bad);
		bad = config_parse("[sync]\nurl = ftp://x/\npublic_key = k\n",
		    "t.ini", &e);
		assert_null(sync_start(bad, NULL, pk, 4, "", &e));
		assert_non_null(strstr(e.msg, "https://"));
		config_free(bad);
		bad = config_parse("[sync]\nurl = http://127.0.0.1:1/\n", "t.ini",
		    &e);
		assert_null(sync_start(bad, NULL, pk, 4, "", &e));
		assert_non_null(strstr(e.msg, "public_key"));
		config_free(bad);
	}
	config_free(cfg);
	server_stop();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_manifest),
		cmocka_unit_test(test_file_names),
		cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
