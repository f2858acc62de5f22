/*
 * site.c - writing the portal into a folder, all or nothing (see site.h).
 *
 * Order: check DIR may be replaced; make the hidden folder .DIR.tmp-XXXXXX
 * beside it (same file system, so that rename works); write every page,
 * noting the characters they show; subset the fonts to those; write the
 * stylesheet naming the fonts, then the marker; sync; swap into place.
 * Any failure before the swap removes the hidden folder and leaves DIR
 * as it was.  The swap is renameat2(RENAME_EXCHANGE) when DIR exists: one
 * step, so a server never finds DIR missing; the old site, then under the
 * hidden name, is removed after.
 */
#include "content/site.h"
#include "content/i18n.h"
#include "content/portal.h"
#include "content/site_html.h"
#include "content/site_pages.h"
#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Exit-2 failures: the input is wrong, not the machine. */
#define BAD	-2

struct gen {
	const pack *base;		/* the pack as read */
	const pack *p;			/* ... in the language being written */
	char prefix[16];		/* its folder: "" (French) or "en/" */
	char tmp[PATH_MAX + 16];	/* the folder being written */
	site_chars *text, *icons, *names;
	size_t *sizes, nsizes;		/* every page's size */
	size_t largest;
	char largest_path[128];
	err_t *e;
};

/* ------------------------------------------------------------ folders */

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

/* rm -r, not following symbolic links. */
static int
remove_tree(const char *dir)
{
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
site_remove(const char *dir)
{
	char marker[PATH_MAX];

	if ((size_t)snprintf(marker, sizeof marker, "%s/" SITE_MARKER, dir) >=
	    sizeof marker || access(marker, F_OK) != 0)
		return -1;
	return remove_tree(dir);
}

int
site_remove_leftover(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (base[0] != '.' || strstr(base, ".tmp-") == NULL)
		return -1;
	return remove_tree(path);
}

/* 0 if dir does not exist, 1 if it may be replaced (an empty folder or
 * a site written here), BAD + message otherwise. */
static int
dir_state(const char *dir, err_t *e)
{
	char marker[PATH_MAX];
	struct stat sb;
	struct dirent *de;
	DIR *d;
	int empty = 1;

	if (lstat(dir, &sb) != 0) {
		if (errno == ENOENT)
			return 0;
		if (errno == ENOTDIR)
			return err_set(e, "cannot write in %s: a part of this "
			    "path is a file, not a folder", dir), BAD;
		return err_set(e, "cannot look at %s: %s", dir,
		    strerror(errno)), BAD;
	}
	if (S_ISLNK(sb.st_mode))
		return err_set(e, "%s is a symbolic link: give the folder it "
		    "points to, or a new folder", dir), BAD;
	if (!S_ISDIR(sb.st_mode))
		return err_set(e, "%s is not a folder: give the folder to "
		    "write the site in (it is made if it does not exist)", dir),
		    BAD;
	if ((size_t)snprintf(marker, sizeof marker, "%s/" SITE_MARKER, dir) >=
	    sizeof marker)
		return err_set(e, "path too long: %s", dir), BAD;
	if (access(marker, F_OK) == 0)
		return 1;
	if ((d = opendir(dir)) == NULL)
		return err_set(e, "cannot read %s: %s", dir, strerror(errno)),
		    BAD;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	if (!empty)
		return err_set(e, "%s holds files that are not a site written "
		    "by `msd-kiosk content site`: it is not replaced. Give a new "
		    "or empty folder", dir), BAD;
	return 1;
}

/* The hidden folder beside dir, made mode 0755 (mkdtemp makes 0700, and
 * the web server must read it).  BAD + message if it cannot be made. */
static int
make_tmp(const char *dir, char *tmp, size_t n, err_t *e)
{
	char parent[PATH_MAX];
	const char *base = strrchr(dir, '/');
	size_t plen;

	if (base == NULL) {
		snprintf(parent, sizeof parent, ".");
		base = dir;
	} else {
		plen = (size_t)(base - dir);
		snprintf(parent, sizeof parent, "%.*s", (int)(plen ? plen : 1),
		    dir);
		base++;
	}
	if ((size_t)snprintf(tmp, n, "%s/.%s.tmp-XXXXXX", parent, base) >=
	    n - 64)
		return err_set(e, "path too long: %s", dir), BAD;
	if (mkdtemp(tmp) == NULL)
		return err_set(e, "cannot write in %s (to make %s): %s. Give a "
		    "folder you may write in", parent, dir, strerror(errno)),
		    BAD;
	if (chmod(tmp, 0755) != 0) {
		err_set(e, "cannot set the mode of %s: %s", tmp,
		    strerror(errno));
		remove_tree(tmp);
		return -1;
	}
	return 0;
}

/* The folder rel of the language being written. */
static int
sub_dir(struct gen *g, const char *rel)
{
	char path[PATH_MAX];

	if ((size_t)snprintf(path, sizeof path, "%s/%s%s", g->tmp, g->prefix,
	    rel) >= sizeof path)
		return err_set(g->e, "path too long: %s/%s", g->tmp, rel);
	if (mkdir(path, 0755) != 0)
		return err_set(g->e, "cannot make %s: %s", path,
		    strerror(errno));
	return 0;
}

/* ------------------------------------------------------------ files */

static int
put(struct gen *g, const char *rel, const char *data, size_t len)
{
	char path[PATH_MAX];
	size_t off = 0;
	int fd;

	if ((size_t)snprintf(path, sizeof path, "%s/%s", g->tmp, rel) >=
	    sizeof path)
		return err_set(g->e, "path too long: %s/%s", g->tmp, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_set(g->e, "cannot write %s: %s", path,
		    strerror(errno));
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			err_set(g->e, "cannot write %s: %s (disk full?)", path,
			    w < 0 ? strerror(errno) : "nothing written");
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	if (close(fd) != 0)
		return err_set(g->e, "cannot write %s: %s", path,
		    strerror(errno));
	return 0;
}

/* A page of the language being written, at rel in its folder. */
static void
begin(struct gen *g, html *h, const char *rel)
{
	html_begin(h, g->p, g->text, g->icons);
	h->names = g->names;
	h->rel = rel;
}

/* Writes the page h (begun at h->rel) and frees it. */
static int
put_page(struct gen *g, html *h)
{
	char rel[300];
	int rc;

	snprintf(rel, sizeof rel, "%s%s", g->prefix, h->rel);
	rc = put(g, rel, strbuf_str(&h->b), h->b.len);
	g->sizes = xrealloc(g->sizes, (g->nsizes + 1) * sizeof *g->sizes);
	g->sizes[g->nsizes++] = h->b.len;
	if (h->b.len > g->largest) {
		g->largest = h->b.len;
		snprintf(g->largest_path, sizeof g->largest_path, "%.120s", rel);
	}
	html_free(h);
	return rc;
}

/* ------------------------------------------------------------ pages */

/* An id or code that is safe as a file name in an address: lowercase
 * letters, digits and '-', as lint wants them (E-ID). */
static int
name_ok(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-");

	return n > 0 && n <= 64 && s[n] == '\0' && s[0] != '-';
}

/* Every name the addresses use, no two offers with the same key, and
 * no MSD whose folder would be a language's (or the fonts'). */
static int
check_names(const pack *p, err_t *e)
{
	char ki[PORTAL_KEY_LEN + 1], kj[PORTAL_KEY_LEN + 1];

	for (size_t i = 0; i < p->nlangs; i++)
		if (!name_ok(p->langs[i].code) || strlen(p->langs[i].code) > 8)
			return err_set(e, "language code '%s' cannot be a folder "
			    "of the site (2 or 3 lowercase letters, as the "
			    "folders of traductions/): rebuild the pack with "
			    "`content build`", p->langs[i].code), BAD;
	for (size_t i = 0; i < p->nmsds; i++) {
		if (!name_ok(p->msds[i].code))
			return err_set(e, "MSD code '%s' cannot be part of a web "
			    "address (lowercase letters, digits and '-'): "
			    "rebuild the pack with `content build`",
			    p->msds[i].code), BAD;
		if (strcmp(p->msds[i].code, "f") == 0 ||
		    i18n_lang(p, p->msds[i].code) != NULL)
			return err_set(e, "MSD code '%s' is also the folder of "
			    "%s on the site: give the MSD another code in "
			    "msd.csv", p->msds[i].code,
			    strcmp(p->msds[i].code, "f") == 0 ? "the fonts" :
			    "a language"), BAD;
	}
	for (size_t i = 0; i < p->npages; i++)
		if (!name_ok(p->pages[i].id))
			return err_set(e, "page id '%s' cannot be part of a web "
			    "address: rebuild the pack with `content build`",
			    p->pages[i].id), BAD;
	for (size_t i = 0; i < p->nthemes; i++)
		if (!name_ok(p->themes[i].id))
			return err_set(e, "theme id '%s' cannot be part of a web "
			    "address: rebuild the pack with `content build`",
			    p->themes[i].id), BAD;
	for (size_t i = 0; i < p->noffers; i++) {
		portal_offer_key(p->offers[i].id, ki);
		for (size_t j = 0; j < i; j++) {
			portal_offer_key(p->offers[j].id, kj);
			if (strcmp(ki, kj) == 0)
				return err_set(e, "offers '%s' and '%s' would "
				    "have the same address o/%s.html: change "
				    "one id", p->offers[j].id, p->offers[i].id,
				    ki), BAD;
		}
	}
	return 0;
}

static int
write_msd(struct gen *g, const pack_msd *m)
{
	const pack *p = g->p;
	char rel[256];
	html h;

	snprintf(rel, sizeof rel, "%s", m->code);
	if (sub_dir(g, rel) < 0)
		return -1;
	static const char *const subs[] = { "p", "t", "o" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(rel, sizeof rel, "%s/%s", m->code, subs[i]);
		if (sub_dir(g, rel) < 0)
			return -1;
	}
	snprintf(rel, sizeof rel, "%s/index.html", m->code);
	begin(g, &h, rel);
	page_home(&h, m);
	if (put_page(g, &h) < 0)
		return -1;
	snprintf(rel, sizeof rel, "%s/mots.html", m->code);
	begin(g, &h, rel);
	page_glossary(&h, m);
	if (put_page(g, &h) < 0)
		return -1;
	for (size_t i = 0; i < p->npages; i++) {
		snprintf(rel, sizeof rel, "%s/p/%s.html", m->code,
		    p->pages[i].id);
		begin(g, &h, rel);
		page_rights(&h, m, &p->pages[i]);
		if (put_page(g, &h) < 0)
			return -1;
	}
	for (size_t i = 0; i < p->nthemes; i++) {
		if (!site_theme_at(p, &p->themes[i], m->code))
			continue;
		snprintf(rel, sizeof rel, "%s/t/%s.html", m->code,
		    p->themes[i].id);
		begin(g, &h, rel);
		page_theme(&h, m, &p->themes[i]);
		if (put_page(g, &h) < 0)
			return -1;
	}
	for (size_t i = 0; i < p->noffers; i++) {
		if (!pack_offer_at(&p->offers[i], m->code))
			continue;
		if (portal_offer_path(m->code, p->offers[i].id, rel,
		    sizeof rel) < 0)
			return err_set(g->e, "offer '%s' at '%s': address too "
			    "long", p->offers[i].id, m->code);
		begin(g, &h, rel);
		page_offer(&h, m, &p->offers[i]);
		if (put_page(g, &h) < 0)
			return -1;
	}
	return 0;
}

/* The pages of g->p, in g->prefix (which exists). */
static int
write_lang(struct gen *g)
{
	html h;

	begin(g, &h, "index.html");
	page_top(&h);
	if (put_page(g, &h) < 0)
		return -1;
	for (size_t i = 0; i < g->p->nmsds; i++)
		if (write_msd(g, &g->p->msds[i]) < 0)
			return -1;
	return 0;
}

/* The French pages at the top (the addresses of the QR codes), then
 * each other language's in its folder: DIR/en/, DIR/ar/... the same
 * tree below. */
static int
write_pages(struct gen *g)
{
	int rc = write_lang(g);

	for (size_t i = 0; rc == 0 && i < g->base->nlangs; i++) {
		const char *code = g->base->langs[i].code;
		pack *v;

		if (strcmp(code, "fr") == 0)
			continue;	/* written first */
		/* check_names() keeps codes to 8 characters */
		*g->prefix = '\0';
		if (sub_dir(g, code) < 0)
			return -1;
		if ((v = i18n_localize(g->base, code)) == NULL)
			return err_set(g->e, "cannot read the pack in '%s'",
			    code);
		g->p = v;
		snprintf(g->prefix, sizeof g->prefix, "%.8s/", code);
		rc = write_lang(g);
		pack_close(v);
		g->p = g->base;
	}
	*g->prefix = '\0';
	return rc;
}

/* The fonts for what the pages show, then the stylesheet naming them. */
static int
write_style(struct gen *g, struct site_report *r)
{
	struct site_fonts f;
	strbuf css = STRBUF_INIT;
	int rc;

	if (sub_dir(g, "f") < 0 ||
	    site_fonts_make(g->text, g->icons, g->names, g->tmp, &f, g->e) < 0)
		return -1;
	site_css(&css, &f);
	rc = put(g, "s.css", strbuf_str(&css), css.len);
	r->css = css.len;
	r->fonts = f.bytes;
	strbuf_free(&css);
	return rc;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static void
report(struct gen *g, struct site_report *r)
{
	r->npages = g->nsizes;
	qsort(g->sizes, g->nsizes, sizeof *g->sizes, cmp_size);
	r->median = g->nsizes ? g->sizes[g->nsizes / 2] + r->css : 0;
	r->largest = g->largest + r->css;
	snprintf(r->largest_path, sizeof r->largest_path, "%s",
	    g->largest_path);
}

/* ------------------------------------------------------------ swap */

/* The finished hidden folder becomes dir.  -1 + message. */
static int
swap_in(struct gen *g, const char *dir, int exists)
{
	int fd = open(g->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	/* Every file on disk before any name points to them. */
	if (fd < 0 || syncfs(fd) != 0) {
		err_set(g->e, "cannot sync %s: %s", g->tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	if (!exists) {
		if (rename(g->tmp, dir) != 0)
			return err_set(g->e, "cannot rename %s to %s: %s",
			    g->tmp, dir, strerror(errno));
	} else if (renameat2(AT_FDCWD, g->tmp, AT_FDCWD, dir,
	    RENAME_EXCHANGE) != 0) {
		/* A file system without the exchange (some network ones):
		 * two renames, with a moment when dir is missing. */
		char old[PATH_MAX + 16];

		if (errno != EINVAL && errno != ENOSYS)
			return err_set(g->e, "cannot put %s in place of %s: %s",
			    g->tmp, dir, strerror(errno));
		snprintf(old, sizeof old, "%.*s.old", PATH_MAX, g->tmp);
		if (rename(dir, old) != 0)
			return err_set(g->e, "cannot move %s aside: %s", dir,
			    strerror(errno));
		if (rename(g->tmp, dir) != 0) {
			err_set(g->e, "cannot rename %s to %s: %s", g->tmp, dir,
			    strerror(errno));
			rename(old, dir);
			return -1;
		}
		snprintf(g->tmp, sizeof g->tmp, "%s", old);
	}
	fs_sync_dir(dir);
	/* Now the old site, if any: what is left of it is hidden. */
	if (exists)
		remove_tree(g->tmp);
	return 0;
}

int
site_write(const pack *p, const char *dir_arg, struct site_report *r,
    err_t *e)
{
	char dir[PATH_MAX];
	struct gen g;
	int exists, rc;
	size_t n;

	memset(r, 0, sizeof *r);
	memset(&g, 0, sizeof g);
	g.base = g.p = p;
	g.e = e;
	/* "portail/" is "portail": the hidden folder goes beside it, not
	 * inside. */
	if ((n = strlen(dir_arg)) >= sizeof dir)
		return err_set(e, "path too long: %s", dir_arg), BAD;
	memcpy(dir, dir_arg, n + 1);
	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	if (strcmp(dir, "/") == 0)
		return err_set(e, "-o /: give a folder for the site, not the "
		    "root of the disk"), BAD;
	if ((rc = check_names(p, e)) < 0)
		return rc;
	if ((exists = dir_state(dir, e)) < 0)
		return exists;
	if ((rc = make_tmp(dir, g.tmp, sizeof g.tmp, e)) < 0)
		return rc;
	g.text = xcalloc(1, sizeof *g.text);
	g.icons = xcalloc(1, sizeof *g.icons);
	g.names = xcalloc(1, sizeof *g.names);
	rc = -1;
	if (write_pages(&g) == 0 && write_style(&g, r) == 0 &&
	    put(&g, SITE_MARKER, "msd-kiosk content site\n", 23) == 0) {
		report(&g, r);
		rc = swap_in(&g, dir, exists);
	}
	if (rc < 0)
		remove_tree(g.tmp);
	free(g.text);
	free(g.icons);
	free(g.names);
	free(g.sizes);
	return rc;
}
