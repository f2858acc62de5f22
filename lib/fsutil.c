#include "fsutil.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *
fs_read_file(const char *path, size_t max, size_t *len, err_t *e)
{
	strbuf b = STRBUF_INIT;
	struct stat sb;
	char buf[65536];
	ssize_t n;
	int fd;

	/* O_NONBLOCK: a FIFO with no writer must not hang the open; it is
	 * refused just below, like a device or a directory. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		err_set(e, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		err_set(e, "cannot read %s: not a regular file (give a file, "
		    "not a folder, a pipe or a device)", path);
		close(fd);
		return NULL;
	}
	if (max && (unsigned long long)sb.st_size > max) {
		err_set(e, "%s is larger than %zu bytes", path, max);
		close(fd);
		return NULL;
	}
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_set(e, "cannot read %s: %s", path, strerror(errno));
			close(fd);
			strbuf_free(&b);
			return NULL;
		}
		strbuf_add(&b, buf, (size_t)n);
		if (max && b.len > max) {
			close(fd);
			strbuf_free(&b);
			err_set(e, "%s is larger than %zu bytes", path, max);
			return NULL;
		}
	}
	close(fd);
	if (len)
		*len = b.len;
	return strbuf_take(&b);
}

int
fs_sync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = -1;

	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(copy);
	return rc;
}

FILE *
fs_atomic_open(const char *path, char *tmp, size_t tmplen, int mode, err_t *e)
{
	int fd;
	FILE *f;

	if ((size_t)snprintf(tmp, tmplen, "%s.tmp.XXXXXX", path) >= tmplen) {
		err_set(e, "path too long: %s", path);
		return NULL;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		err_set(e, "cannot write %s: %s (check the directory exists and "
		    "is writable)", path, strerror(errno));
		return NULL;
	}
	fchmod(fd, (mode_t)mode);
	f = fdopen(fd, "wb");
	if (f == NULL) {
		err_set(e, "cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
	}
	return f;
}

int
fs_atomic_commit(FILE *f, const char *tmp, const char *path, err_t *e)
{
	int bad = fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0;
	int saved = errno;

	if (fclose(f) != 0 && !bad) {
		bad = 1;
		saved = errno;
	}
	if (bad) {
		unlink(tmp);
		return err_set(e, "cannot write %s: %s (disk full?)", path,
		    strerror(saved));
	}
	if (rename(tmp, path) != 0) {
		saved = errno;
		unlink(tmp);
		return err_set(e, "cannot put %s in place: %s", path,
		    strerror(saved));
	}
	fs_sync_dir(path);
	return 0;
}

void
fs_atomic_abort(FILE *f, const char *tmp)
{
	if (f)
		fclose(f);
	unlink(tmp);
}

int
fs_mkdirs(const char *dir, int mode, err_t *e)
{
	char *p;

	/* "" has no first byte to skip: the loop below would start past its
	 * end (a heap overflow once). */
	if (dir == NULL || *dir == '\0')
		return err_set(e, "no directory given (an empty path): give "
		    "the directory to create");
	p = xstrdup(dir);

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST) {
				err_set(e, "cannot create directory %s: %s", p,
				    strerror(errno));
				free(p);
				return -1;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return 0;
}
