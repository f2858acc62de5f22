/*
 * log.h - one-line log messages on stderr (journald adds the time).
 *
 * Never log a phone number in clear: use phone_mask() first.
 */
#ifndef MSD_LOG_H
#define MSD_LOG_H

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* prog prefixes every line; messages above level are dropped. */
void log_init(const char *prog, enum log_level level);
/* Adds the local time in front of each line (for a terminal, not journald). */
void log_set_timestamps(int on);
void log_msg(enum log_level lv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
