#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

int
db_exec(sqlite3 *db, const char *sql, err_t *e)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, "database %s: %s", sqlite3_db_filename(db, "main"),
		    msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

sqlite3_stmt *
db_prepare(sqlite3 *db, const char *sql, err_t *e)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		err_set(e, "database %s: cannot prepare '%.60s...': %s",
		    sqlite3_db_filename(db, "main"), sql, sqlite3_errmsg(db));
		return NULL;
	}
	return st;
}

int
db_user_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
db_bind_text_or_null(sqlite3_stmt *st, int idx, const char *s)
{
	if (s == NULL || *s == '\0')
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

const char *
db_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t ? (const char *)t : "";
}

static int
migrate(sqlite3 *db, const char *path, const char *const *mig, int n, err_t *e)
{
	int v = db_user_version(db);

	if (v < 0)
		return err_set(e, "database %s: cannot read its version: %s "
		    "(is it a SQLite file?)", path, sqlite3_errmsg(db));
	if (v > n)
		return err_set(e, "database %s has schema version %d but this "
		    "program knows only up to %d: install the newer program or "
		    "use another database", path, v, n);
	for (; v < n; v++) {
		char setv[64];

		if (db_exec(db, "BEGIN IMMEDIATE", e) < 0)
			return -1;
		snprintf(setv, sizeof setv, "PRAGMA user_version = %d", v + 1);
		if (db_exec(db, mig[v], e) < 0 || db_exec(db, setv, e) < 0) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return err_prefix(e, "migration %d: ", v + 1);
		}
		if (db_exec(db, "COMMIT", e) < 0)
			return -1;
	}
	return 0;
}

void
db_init_process(void)
{
	/* SQLITE_MISUSE after sqlite3_initialize(): then nothing changes,
	 * which is only slower. */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

sqlite3 *
db_open_rw(const char *path, const char *const *migrations, int nmigrations,
    err_t *e)
{
	sqlite3 *db = NULL;
	int fd;

	/* Create the file ourselves so that it is 0600 from its first byte:
	 * it holds phone numbers.  SQLite gives -wal and -shm the same mode.
	 * Only when it is not there yet: closing any descriptor of a file
	 * drops every POSIX lock this process holds on it.  An open()+close()
	 * of a database that another connection of this process has open
	 * (the daemon's callback listener opening its own) released that
	 * connection's lock; the next sqlite3 to close then believed itself
	 * the last user, checkpointed and deleted the -wal file, and every
	 * later commit went into a deleted file. */
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	else if (errno != EEXIST) {
		err_set(e, "cannot open database %s: %s (check the directory "
		    "exists and is writable)", path, strerror(errno));
		return NULL;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		err_set(e, "cannot open database %s: %s", path,
		    db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	if (db_exec(db, "PRAGMA journal_mode = WAL", e) < 0 ||
	    db_exec(db, "PRAGMA synchronous = NORMAL", e) < 0 ||
	    /* 16 MB of page cache: a large import or planning pass stays in
	     * memory instead of re-reading pages, within a kiosk's means. */
	    db_exec(db, "PRAGMA cache_size = -16384", e) < 0 ||
	    db_exec(db, "PRAGMA foreign_keys = ON", e) < 0 ||
	    migrate(db, path, migrations, nmigrations, e) < 0) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* path as a file: URI.  Every byte but unreserved ones and '/' is
 * %-escaped: a '?', '#' or '%' in a file name would otherwise start the
 * query or the fragment, and SQLite would open another file than the
 * one the caller checked.  An absolute path gets an empty authority
 * ("file:///..."), so that "//x" is never read as a host name. */
static char *
file_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path);
	char *u = sqlite3_malloc64(n * 3 + 8), *o = u;

	if (u == NULL)
		return NULL;
	o += sprintf(o, "file:%s", path[0] == '/' ? "//" : "");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL)
			*o++ = (char)*p;
		else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return u;
}

sqlite3 *
db_open_copy(const char *path, const char *const *migrations, int nmigrations,
    err_t *e)
{
	sqlite3 *src = NULL, *db = NULL;
	sqlite3_backup *b;
	struct stat sb;

	if (stat(path, &sb) < 0) {
		err_set(e, "cannot open database %s: %s", path, strerror(errno));
		return NULL;
	}
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		err_set(e, "cannot open database %s: %s", path,
		    src ? sqlite3_errmsg(src) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(src, 5000);
	if ((b = sqlite3_backup_init(db, "main", src, "main")) == NULL) {
		err_set(e, "cannot copy database %s: %s", path, sqlite3_errmsg(db));
		goto fail;
	}
	int rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		err_set(e, "cannot copy database %s: %s", path, sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_close(src);
	src = NULL;
	if (db_exec(db, "PRAGMA foreign_keys = ON", e) < 0 ||
	    migrate(db, path, migrations, nmigrations, e) < 0)
		goto fail;
	return db;
fail:
	sqlite3_close(src);
	sqlite3_close(db);
	return NULL;
}

int
db_disk_full(const char *path)
{
	struct statvfs vs;
	char dir[4096];
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(dir, sizeof dir, ".");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path + 1), path);
	if (statvfs(dir, &vs) < 0)
		return 0;
	/* Less than 64 KiB: not even a few WAL frames fit. */
	return (unsigned long long)vs.f_bavail * vs.f_frsize < 65536;
}

int
db_moved(sqlite3 *db, const char *path, char *why, size_t whysz)
{
	int moved = 0;
	struct stat sb;

	/* SQLite compares the inode of its open file with the path's. */
	if (sqlite3_file_control(db, "main", SQLITE_FCNTL_HAS_MOVED, &moved) !=
	    SQLITE_OK)
		return -1;
	if (!moved)
		return 0;
	if (stat(path, &sb) < 0)
		snprintf(why, whysz, "was deleted (%s)", strerror(errno));
	else
		snprintf(why, whysz, "was replaced by another file (inode %llu)",
		    (unsigned long long)sb.st_ino);
	return 1;
}

sqlite3 *
db_open_ro(const char *path, err_t *e)
{
	sqlite3 *db = NULL;
	char *uri, *full;
	struct stat sb;

	if (stat(path, &sb) < 0) {
		err_set(e, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	/* immutable=1: the pack never changes under us (a new pack is a new
	 * file renamed into place), so SQLite needs no lock and no journal. */
	uri = file_uri(path);
	full = uri ? sqlite3_mprintf("%s?immutable=1", uri) : NULL;
	sqlite3_free(uri);
	if (full == NULL || sqlite3_open_v2(full, &db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
		err_set(e, "cannot open %s: %s", path,
		    db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_free(full);
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_free(full);
	/* The file may come from anywhere: its schema is not trusted to run
	 * functions with side effects, and nothing can write through it. */
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	return db;
}

static int
paced_checkpoint(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct db_pace *p = arg;
	struct timespec ts;
	double t;

	if (pages < 1000)
		return SQLITE_OK;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	if (p->last > 0 && t - p->last < p->every_s)
		return SQLITE_OK;
	p->last = t;
	/* A failed checkpoint is tried again later; the commit stands. */
	sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

void
db_wal_pace(sqlite3 *db, struct db_pace *p)
{
	sqlite3_wal_hook(db, paced_checkpoint, p);
}
