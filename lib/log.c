#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static const char *log_prog = "msd";
static enum log_level log_max = LOG_INFO;
static int log_stamps;

void
log_init(const char *prog, enum log_level level)
{
	log_prog = prog;
	log_max = level;
}

void
log_set_timestamps(int on)
{
	log_stamps = on;
}

void
log_msg(enum log_level lv, const char *fmt, ...)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };
	char line[2048];
	va_list ap;

	if (lv > log_max)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (log_stamps) {
		char ts[32];
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S ", &tm);
		fputs(ts, stderr);
	}
	/* One fprintf per line, so that lines from two threads never mix. */
	fprintf(stderr, "%s: %s: %s\n", log_prog, names[lv], line);
}
