/*
 * db.h - SQLite set up the same way for both programs.
 *
 * Read-write databases (reminders, kiosk statistics) are created mode 0600,
 * run in WAL mode with a busy timeout, and are migrated at open: migration
 * i of the list brings PRAGMA user_version from i to i+1, each in its own
 * transaction.  A database newer than the program is refused.
 * Read-only opens (content packs) never write, not even a -wal file.
 */
#ifndef MSD_DB_H
#define MSD_DB_H

#include <sqlite3.h>

#include "err.h"

/* Once at a program's start, before its first database: turns off
 * SQLite's memory statistics, which nothing here reads and which take a
 * global mutex at every allocation (7% of a large import's instructions).
 * Without effect once SQLite is in use. */
void db_init_process(void);

/* Opens (creating if needed) and migrates.  NULL + message on failure. */
sqlite3 *db_open_rw(const char *path, const char *const *migrations,
    int nmigrations, err_t *e);

/* A copy in memory of an existing database, migrated: what a dry run
 * works on, so that it can run the real code and change nothing. */
sqlite3 *db_open_copy(const char *path, const char *const *migrations,
    int nmigrations, err_t *e);

/* Whether the file at path is still the one db has open: 0 yes, 1 it was
 * deleted or replaced (why says which), -1 cannot tell.  SQLite goes on
 * writing into a deleted file, so a long-running program must ask. */
int db_moved(sqlite3 *db, const char *path, char *why, size_t whysz);

/* 1 when the file system holding path has (almost) no free space left:
 * SQLite then says only "disk I/O error" or "database or disk is full". */
int db_disk_full(const char *path);

/* Checkpoints of a busy writer, paced: SQLite's automatic checkpoint
 * runs inside the commit that makes the WAL reach 1,000 pages and syncs
 * the files; while a reader keeps the WAL from being restarted it runs
 * again at every commit after that.  With db_wal_pace, a commit
 * checkpoints (passively) only when the WAL has 1,000 pages and the last
 * checkpoint of this connection is at least p->every_s old.  p is the
 * caller's and must outlive the connection. */
struct db_pace {
	double every_s;		/* at least this long between two */
	double last;		/* monotonic seconds of the last one */
};
void db_wal_pace(sqlite3 *db, struct db_pace *p);

/* Opens an existing file read-only (immutable: no locks, no journal). */
sqlite3 *db_open_ro(const char *path, err_t *e);

/* Runs SQL with no parameters and no result rows (schema, BEGIN...). */
int db_exec(sqlite3 *db, const char *sql, err_t *e);

/* Prepares a statement; on failure says which SQL and why. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql, err_t *e);

/* The user_version of an open database, or -1. */
int db_user_version(sqlite3 *db);

/* Binds text or NULL when s is NULL or empty. */
int db_bind_text_or_null(sqlite3_stmt *st, int idx, const char *s);

/* Column text as a C string, "" for NULL. */
const char *db_text(sqlite3_stmt *st, int col);

#endif
