/*
 * fsutil.h - files written so that a crash or a power cut never leaves a
 * half-written one where a good one was.
 */
#ifndef MSD_FSUTIL_H
#define MSD_FSUTIL_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

/* Reads a whole regular file into a new NUL-terminated buffer (*len
 * without it); a FIFO, a device or a folder is refused without waiting.
 * max bounds the size (0 = no bound). */
char *fs_read_file(const char *path, size_t max, size_t *len, err_t *e);

/* Atomic replace: a temporary file beside path, fsync, rename, fsync the
 * directory.  The temporary name is written to tmp (at least PATH_MAX). */
FILE *fs_atomic_open(const char *path, char *tmp, size_t tmplen, int mode,
    err_t *e);
/* Closes, fsyncs and renames into place; on any failure removes the
 * temporary file.  -1 + message on failure. */
int fs_atomic_commit(FILE *f, const char *tmp, const char *path, err_t *e);
/* Gives up: closes and removes the temporary file. */
void fs_atomic_abort(FILE *f, const char *tmp);

/* fsync on the directory holding path (after a rename). */
int fs_sync_dir(const char *path);

/* mkdir -p with mode for the directories it creates ("" is refused). */
int fs_mkdirs(const char *dir, int mode, err_t *e);

#endif
