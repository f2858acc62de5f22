/*
 * site_fonts.c - subset WOFF2 fonts for the portal (see site_fonts.h).
 *
 * The programs are run with posix_spawnp (no shell), their output in a
 * log file of the work folder, so that a failure can say what they said.
 * Hinting is dropped (phones do not use it; it was half of Andika's
 * subset), and of the name table only the copyright and the licence are
 * kept: the SIL Open Font License wants them with the font, and the
 * family names are not needed by a browser (the stylesheet names the
 * fonts itself).
 */
#include "content/site_fonts.h"
#include "fsutil.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The largest font file read back (the full FontAwesome is 165 KB). */
#define FONT_MAX	(4 << 20)

struct tool {
	const char *prog, *package;
};

static const struct tool hb_subset = { "hb-subset", "libharfbuzz-bin" };
static const struct tool woff2 = { "woff2_compress", "woff2" };

/* The first line of the log, for a message. */
static void
log_line(const char *log, char *out, size_t n)
{
	size_t len;
	char *text = fs_read_file(log, 4096, &len, NULL);

	out[0] = '\0';
	if (text == NULL)
		return;
	snprintf(out, n, "%.*s", (int)strcspn(text, "\n"), text);
	free(text);
}

/* Runs argv (argv[0] is t->prog), its output into log.  -1 + message. */
static int
run(const struct tool *t, char *const argv[], const char *log, err_t *e)
{
	posix_spawn_file_actions_t fa;
	char said[300], how[64];
	pid_t pid;
	int rc, status;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log,
	    O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
	rc = posix_spawnp(&pid, t->prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc == ENOENT)
		return err_set(e, "%s is not installed: the fonts of the site "
		    "are made with it (Debian package %s: apt-get install %s)",
		    t->prog, t->package, t->package);
	if (rc != 0)
		return err_set(e, "cannot run %s: %s", t->prog, strerror(rc));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return err_set(e, "cannot wait for %s: %s", t->prog,
			    strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	log_line(log, said, sizeof said);
	if (WIFEXITED(status))
		snprintf(how, sizeof how, "exit status %d", WEXITSTATUS(status));
	else
		snprintf(how, sizeof how, "killed by signal %d",
		    WTERMSIG(status));
	return err_set(e, "%s failed on %s (%s): %s", t->prog, argv[1], how,
	    *said ? said : "it said nothing");
}

/* The code points of c as hb-subset reads them: "41,e9,f0b1"; only
 * those of SITE_ARABIC_RANGE if arabic (an Arabic font is used for
 * nothing else). */
static int
write_unicodes(const site_chars *c, int arabic, const char *path, err_t *e)
{
	strbuf b = STRBUF_INIT;
	FILE *f;
	int ok;

	for (uint32_t cp = 0x20; cp < 0x10000; cp++)
		if (site_chars_has(c, cp) && (!arabic || site_arabic_cp(cp)))
			strbuf_printf(&b, "%s%x", b.len ? "," : "", (unsigned)cp);
	strbuf_putc(&b, '\n');
	f = fopen(path, "w");
	if (f == NULL) {
		strbuf_free(&b);
		return err_set(e, "cannot write %s: %s", path, strerror(errno));
	}
	ok = fwrite(b.s, 1, b.len, f) == b.len;
	ok = fclose(f) == 0 && ok;
	strbuf_free(&b);
	if (!ok)
		return err_set(e, "cannot write %s: %s (disk full?)", path,
		    strerror(errno));
	return 0;
}

int
site_arabic_cp(uint32_t cp)
{
	return (cp >= 0x600 && cp <= 0x6ff) || (cp >= 0x750 && cp <= 0x77f) ||
	    (cp >= 0x8a0 && cp <= 0x8ff) || (cp >= 0x200c && cp <= 0x200f) ||
	    (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff);
}

/* 1 if c has a letter of the Arabic script (not only the joiners). */
static int
has_arabic(const site_chars *c)
{
	for (uint32_t cp = 0x600; cp < 0x10000; cp++)
		if (cp != 0x200c && cp != 0x200d && cp != 0x200e &&
		    cp != 0x200f && site_arabic_cp(cp) && site_chars_has(c, cp))
			return 1;
	return 0;
}

/* Which Debian package has the font src. */
static const char *
package_of(const char *src)
{
	if (strstr(src, "/noto/"))
		return "fonts-noto-core";
	if (strstr(src, "/andika/"))
		return "fonts-sil-andika";
	return "fonts-font-awesome";
}

/* One font: src subset to the code points in unicodes, as WOFF2 into
 * dir/f/PREFIX-HASH.woff2; its name into name.  -1 + message. */
static int
one_font(const char *src, const char *unicodes, const char *work,
    const char *dir, const char *prefix, char *name, size_t namelen,
    size_t *bytes, err_t *e)
{
	char opt_font[PATH_MAX + 16], opt_uni[PATH_MAX + 32],
	    opt_out[PATH_MAX + 16], ttf[PATH_MAX], out[PATH_MAX],
	    log[PATH_MAX], final[PATH_MAX];
	unsigned char h[crypto_hash_sha256_BYTES];
	size_t len;
	char *data;

	if (access(src, R_OK) != 0)
		return err_set(e, "font %s not found: the site uses the kiosk's "
		    "fonts (Debian package %s: apt-get install %s)", src,
		    package_of(src), package_of(src));
	snprintf(ttf, sizeof ttf, "%s/%s.ttf", work, prefix);
	snprintf(out, sizeof out, "%s/%s.woff2", work, prefix);
	snprintf(log, sizeof log, "%s/%s.log", work, prefix);
	snprintf(opt_font, sizeof opt_font, "--font-file=%s", src);
	snprintf(opt_uni, sizeof opt_uni, "--unicodes-file=%s", unicodes);
	snprintf(opt_out, sizeof opt_out, "--output-file=%s", ttf);
	char *subset[] = { (char *)hb_subset.prog, opt_font, opt_uni,
	    "--no-hinting", "--name-IDs=0,13,14", opt_out, NULL };
	if (run(&hb_subset, subset, log, e) < 0)
		return -1;
	char *compress[] = { (char *)woff2.prog, ttf, NULL };
	if (run(&woff2, compress, log, e) < 0)
		return -1;
	data = fs_read_file(out, FONT_MAX, &len, e);
	if (data == NULL)
		return err_prefix(e, "woff2_compress wrote nothing usable: ");
	crypto_hash_sha256(h, (unsigned char *)data, len);
	free(data);
	snprintf(name, namelen, "%s-%02x%02x%02x%02x.woff2", prefix, h[0],
	    h[1], h[2], h[3]);
	snprintf(final, sizeof final, "%s/f/%s", dir, name);
	if (rename(out, final) != 0)
		return err_set(e, "cannot put %s in place: %s", final,
		    strerror(errno));
	*bytes += len;
	unlink(ttf);
	unlink(log);
	return 0;
}

int
site_fonts_make(const site_chars *text, const site_chars *icons,
    const site_chars *names, const char *dir, struct site_fonts *out,
    err_t *e)
{
	char work[PATH_MAX], tu[PATH_MAX + 16], iu[PATH_MAX + 16],
	    nu[PATH_MAX + 16], au[PATH_MAX + 16];
	int rc = -1, arabic = has_arabic(text), named = names &&
	    has_arabic(names);

	memset(out, 0, sizeof *out);
	if (sodium_init() < 0)
		return err_set(e, "libsodium cannot start (it names the fonts "
		    "by their SHA-256)");
	if ((size_t)snprintf(work, sizeof work, "%s/.fonts", dir) >=
	    sizeof work - 32)
		return err_set(e, "path too long: %s", dir);
	if (mkdir(work, 0755) != 0)
		return err_set(e, "cannot make %s: %s", work, strerror(errno));
	snprintf(tu, sizeof tu, "%s/text.txt", work);
	snprintf(iu, sizeof iu, "%s/icons.txt", work);
	snprintf(nu, sizeof nu, "%s/names.txt", work);
	snprintf(au, sizeof au, "%s/arabic.txt", work);
	if (write_unicodes(text, 0, tu, e) == 0 &&
	    write_unicodes(icons, 0, iu, e) == 0 &&
	    (!arabic || write_unicodes(text, 1, au, e) == 0) &&
	    (!named || write_unicodes(names, 1, nu, e) == 0) &&
	    one_font(SITE_FONT_REGULAR, tu, work, dir, "t", out->regular,
	    sizeof out->regular, &out->bytes, e) == 0 &&
	    one_font(SITE_FONT_BOLD, tu, work, dir, "b", out->bold,
	    sizeof out->bold, &out->bytes, e) == 0 &&
	    one_font(SITE_FONT_PICTO, iu, work, dir, "p", out->picto,
	    sizeof out->picto, &out->bytes, e) == 0 &&
	    (!arabic || (one_font(SITE_FONT_ARABIC, au, work, dir, "a",
	    out->arabic, sizeof out->arabic, &out->bytes, e) == 0 &&
	    one_font(SITE_FONT_ARABIC_BOLD, au, work, dir, "ab",
	    out->arabic_bold, sizeof out->arabic_bold, &out->bytes, e) == 0)) &&
	    (!named || one_font(SITE_FONT_ARABIC, nu, work, dir, "n",
	    out->names, sizeof out->names, &out->bytes, e) == 0))
		rc = 0;
	/* The work folder goes either way; on failure the caller removes
	 * the whole site being written. */
	unlink(tu);
	unlink(iu);
	unlink(nu);
	unlink(au);
	if (rc == 0 && rmdir(work) != 0)
		return err_set(e, "cannot remove %s: %s", work, strerror(errno));
	return rc;
}
