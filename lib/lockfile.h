/*
 * lockfile.h - advisory locks on a small file beside the data they guard
 * (DB.lock beside DB), for programs that share one file.
 *
 * The file carries two independent locks, POSIX record locks on one byte
 * each, so that a shell or Python can take them too (lockf):
 *   byte 0  LOCKFILE_OWNER: held for a process's whole life (the daemon:
 *           one per database).  The file's text is then the owner's pid.
 *   byte 1  LOCKFILE_WRITER: held around one write (an import, an
 *           opt-out); the next writer waits for it.
 * The kernel drops the locks when their process ends, even by SIGKILL: a
 * lock file left behind never blocks anyone.  They are not inherited by
 * fork()ed children.  Closing any descriptor of the file in this process
 * drops them all: open it only through here, once per process.
 */
#ifndef MSD_LOCKFILE_H
#define MSD_LOCKFILE_H

#include <sys/types.h>

#include "err.h"

enum lockfile_kind { LOCKFILE_OWNER, LOCKFILE_WRITER };

typedef struct lockfile lockfile;

/* Opens (creating, mode 0600, no symlink followed) the lock file of
 * target: "TARGET.lock".  NULL + message on failure. */
lockfile *lockfile_open(const char *target, err_t *e);

/* The lock file's path. */
const char *lockfile_path(const lockfile *l);

/* Takes a lock without waiting.  0 taken, 1 held by another process
 * (*holder = its pid, 0 if unknown), -1 error + message.  Taking the
 * owner lock writes our pid into the file. */
int lockfile_try(lockfile *l, enum lockfile_kind k, pid_t *holder, err_t *e);

/* The pid holding a lock, 0 when it is free, -1 on error. */
pid_t lockfile_holder(lockfile *l, enum lockfile_kind k);

/* Who holds a lock of TARGET.lock, for a process that takes none (a dry
 * run): opens it read-only, never creates it.  0 free or no file. */
pid_t lockfile_probe(const char *target, enum lockfile_kind k);

/* Releases a lock taken with lockfile_try. */
void lockfile_unlock(lockfile *l, enum lockfile_kind k);

/* Releases every lock and closes. */
void lockfile_close(lockfile *l);

#endif
