#include "lockfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct lockfile {
	int fd;
	char path[4096];
};

lockfile *
lockfile_open(const char *target, err_t *e)
{
	lockfile *l = calloc(1, sizeof *l);
	struct stat sb;

	if (l == NULL) {
		err_set(e, "lock for %s: out of memory", target);
		return NULL;
	}
	if ((size_t)snprintf(l->path, sizeof l->path, "%s.lock", target) >=
	    sizeof l->path) {
		err_set(e, "lock for %s: path too long", target);
		free(l);
		return NULL;
	}
	/* O_NOFOLLOW: a symlink planted at DB.lock must not make us create
	 * or truncate another file. */
	l->fd = open(l->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (l->fd < 0) {
		err_set(e, "cannot open the lock file %s: %s (the directory of "
		    "the database must be writable)", l->path, strerror(errno));
		free(l);
		return NULL;
	}
	if (fstat(l->fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		err_set(e, "lock file %s is not a regular file: remove it",
		    l->path);
		close(l->fd);
		free(l);
		return NULL;
	}
	return l;
}

const char *
lockfile_path(const lockfile *l)
{
	return l->path;
}

static struct flock
range(enum lockfile_kind k, short type)
{
	struct flock fl;

	memset(&fl, 0, sizeof fl);
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = k == LOCKFILE_OWNER ? 0 : 1;
	fl.l_len = 1;
	return fl;
}

pid_t
lockfile_holder(lockfile *l, enum lockfile_kind k)
{
	struct flock fl = range(k, F_WRLCK);

	if (fcntl(l->fd, F_GETLK, &fl) < 0)
		return -1;
	return fl.l_type == F_UNLCK ? 0 : fl.l_pid;
}

pid_t
lockfile_probe(const char *target, enum lockfile_kind k)
{
	struct lockfile l;
	pid_t pid;

	if ((size_t)snprintf(l.path, sizeof l.path, "%s.lock", target) >=
	    sizeof l.path)
		return 0;
	if ((l.fd = open(l.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return 0;
	pid = lockfile_holder(&l, k);
	close(l.fd);
	return pid < 0 ? 0 : pid;
}

/* The pid as text, for `cat DB.lock` and for the next process's message. */
static void
write_pid(lockfile *l)
{
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());

	if (ftruncate(l->fd, 0) == 0 && pwrite(l->fd, buf, (size_t)n, 0) == n)
		return;
	/* Only the text is missing; the lock itself holds. */
}

int
lockfile_try(lockfile *l, enum lockfile_kind k, pid_t *holder, err_t *e)
{
	struct flock fl = range(k, F_WRLCK);

	*holder = 0;
	if (fcntl(l->fd, F_SETLK, &fl) == 0) {
		if (k == LOCKFILE_OWNER)
			write_pid(l);
		return 0;
	}
	if (errno != EACCES && errno != EAGAIN)
		return err_set(e, "cannot lock %s: %s", l->path, strerror(errno));
	*holder = lockfile_holder(l, k);
	if (*holder < 0)
		*holder = 0;
	return 1;
}

void
lockfile_unlock(lockfile *l, enum lockfile_kind k)
{
	struct flock fl = range(k, F_UNLCK);

	fcntl(l->fd, F_SETLK, &fl);
}

void
lockfile_close(lockfile *l)
{
	if (l == NULL)
		return;
	close(l->fd);
	free(l);
}
