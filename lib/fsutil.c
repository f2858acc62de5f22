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
	FILE *f = fopen(path, "rb");
	strbuf b = STRBUF_INIT;
	char buf[65536];
	size_t n;

	if (f == NULL) {
		err_set(e, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		strbuf_add(&b, buf, n);
		if (max && b.len > max) {
			fclose(f);
			strbuf_free(&b);
			err_set(e, "%s is larger than %zu bytes", path, max);
			return NULL;
		}
	}
	if (ferror(f)) {
		err_set(e, "cannot read %s: %s", path, strerror(errno));
		fclose(f);
		strbuf_free(&b);
		return NULL;
	}
	fclose(f);
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
	char *p = xstrdup(dir);

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
