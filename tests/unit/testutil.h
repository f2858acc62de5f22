/* tests/unit/testutil.h - a fresh temporary directory for the unit tests
 * that work on real files (test_stats.c, test_sync.c).  Header only, all
 * static, so that the Makefile (one binary per tests/unit/test_*.c) needs
 * no change; include it once, after <dirent.h>, <stdio.h>, <string.h>,
 * <sys/stat.h> and <unistd.h>.  The test's own setup fills dir (mkdtemp);
 * teardown here removes it.  Not "static inline": inlined, rm_tree's
 * snprintf trips -Wformat-truncation; so an includer must use all three
 * functions (-Wunused-function). */
#ifndef TESTUTIL_H
#define TESTUTIL_H

static char dir[256];		/* a fresh temporary directory */

/* buf = dir/name. */
static void
path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
}

/* Removes the directory d and everything under it (symbolic links are
 * removed, not followed). */
static void
rm_tree(const char *d)
{
	DIR *dd = opendir(d);
	struct dirent *de;
	struct stat sb;

	while (dd && (de = readdir(dd)) != NULL) {
		char p[1024];

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", d, de->d_name);
		if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
			rm_tree(p);
		else
			unlink(p);
	}
	if (dd)
		closedir(dd);
	rmdir(d);
}

/* cmocka teardown: removes dir and all it holds. */
static int
teardown(void **state)
{
	(void)state;
	rm_tree(dir);
	return 0;
}

#endif
