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

/* Opens (creating if needed) and migrates.  NULL + message on failure. */
sqlite3 *db_open_rw(const char *path, const char *const *migrations,
    int nmigrations, err_t *e);

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
