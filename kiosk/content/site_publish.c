/*
 * site_publish.c - the portal, published with the pack (see site.h):
 *
 *   DIR/site-12    the site of pack 12, complete (site_write)
 *   DIR/site       a symbolic link to site-12, what the web server serves
 *
 * The link is switched by renaming a new link over it: one step, so a
 * server follows the old target or the new one, never a half site.  The
 * previous site stays until the next publish (a phone may be reading
 * it); older ones go.  Runs under publish.c's lock on DIR.
 */
#include "content/site.h"
#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINK_NAME	"site"
#define LINK_TMP	".site.new"

/* What DIR/site points to now ("" if nothing). */
static void
current_target(const char *dir, char *out, size_t n)
{
	char link[PATH_MAX];
	ssize_t len;

	out[0] = '\0';
	if ((size_t)snprintf(link, sizeof link, "%s/" LINK_NAME, dir) >=
	    sizeof link)
		return;
	len = readlink(link, out, n - 1);
	out[len > 0 ? len : 0] = '\0';
}

/* site-N folders other than keep1 and keep2, and what an interrupted
 * publish left (.site-N.tmp-..., the temporary link): removed. */
static void
clean(const char *dir, const char *keep1, const char *keep2)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[PATH_MAX];

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		int old = strncmp(n, "site-", 5) == 0 && strcmp(n, keep1) != 0 &&
		    strcmp(n, keep2) != 0;
		int left = strncmp(n, ".site-", 6) == 0 &&
		    strstr(n, ".tmp-") != NULL;

		if ((!old && !left) || (size_t)snprintf(path, sizeof path,
		    "%s/%s", dir, n) >= sizeof path)
			continue;
		/* Only what site_write() made: a site has its marker, a
		 * leftover its temporary name. */
		if (old)
			site_remove(path);
		else
			site_remove_leftover(path);
	}
	closedir(d);
}

int
site_publish(const char *dir, const char *pack_file, long version,
    struct site_report *r, err_t *e)
{
	char name[64], path[PATH_MAX], link[PATH_MAX], tmp[PATH_MAX],
	    before[PATH_MAX];
	struct stat sb;
	pack *p;
	int rc;

	snprintf(name, sizeof name, "site-%ld", version);
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >=
	    sizeof path ||
	    (size_t)snprintf(link, sizeof link, "%s/" LINK_NAME, dir) >=
	    sizeof link ||
	    (size_t)snprintf(tmp, sizeof tmp, "%s/" LINK_TMP, dir) >=
	    sizeof tmp)
		return err_set(e, "path too long: %s", dir);
	/* A folder named site is somebody's: said before anything is
	 * written. */
	if (lstat(link, &sb) == 0 && !S_ISLNK(sb.st_mode))
		return err_set(e, "%s is a folder, not a link: move it away "
		    "(publish makes it a link to site-%ld)", link, version);
	current_target(dir, before, sizeof before);
	/* The site of the copy the kiosks will get, not of the source. */
	if ((p = pack_open(pack_file, e)) == NULL)
		return -1;
	rc = site_write(p, path, r, e);
	pack_close(p);
	if (rc < 0)
		return err_prefix(e, "the portal: ");
	unlink(tmp);
	if (symlink(name, tmp) != 0)
		return err_set(e, "cannot make the link %s: %s", tmp,
		    strerror(errno));
	if (rename(tmp, link) != 0) {
		err_set(e, "cannot switch %s to %s: %s%s", link, name,
		    strerror(errno), errno == EISDIR || errno == ENOTEMPTY ?
		    " (it is a folder: move it away, publish makes it a link)" :
		    "");
		unlink(tmp);
		return -1;
	}
	fs_sync_dir(link);
	clean(dir, name, before);
	return 0;
}
