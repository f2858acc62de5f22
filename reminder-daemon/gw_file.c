/*
 * gw_file.c - "sends" by appending each message to a file, as a block a
 * person can read: for the demo, for tests, and for trying templates
 * before any provider is paid.
 *
 *   [gateway] type = file   path = sms.txt   ("-": standard output; no
 *   path is refused)
 *
 * The number is written masked (+33 6•• •• •• 78): the file is a log
 * that people read and copy around, not a way to reach anyone.  Each
 * block is written with one write() and fsync'd before the message
 * counts as sent, so that a crash never leaves a "sent" message that
 * the file does not show.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gateway.h"
#include "phone.h"
#include "sms.h"
#include "strbuf.h"

struct filegw {
	int fd;
	int own;		/* 0 for standard output: not ours to close */
	char *path;		/* for messages */
};

static int
file_open(struct gateway *gw, const config *cfg, err_t *e)
{
	const char *path = config_str(cfg, "gateway", "path", "");
	struct filegw *f;

	/* Standard output only when asked for: a config that forgot the
	 * path would otherwise "send" every reminder to a terminal or a
	 * journal nobody reads, and mark them all sent. */
	if (*path == '\0')
		return err_set(e, "%s: [gateway] type = file needs path = FILE "
		    "(or path = - for standard output)", config_path(cfg));
	f = xcalloc(1, sizeof *f);
	if (strcmp(path, "-") == 0) {
		f->fd = STDOUT_FILENO;
		f->path = xstrdup("standard output");
	} else {
		/* 0600 like the database: even masked, it says who has an
		 * appointment where and when. */
		f->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
		    0600);
		if (f->fd < 0) {
			err_set(e, "%s: [gateway] path %s: cannot open for "
			    "writing: %s", config_path(cfg), path,
			    strerror(errno));
			free(f);
			return -1;
		}
		f->own = 1;
		f->path = xstrdup(path);
	}
	gw->priv = f;
	return 0;
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
file_send(struct gateway *gw, const struct sms *m, struct gw_result *res)
{
	struct filegw *f = gw->priv;
	strbuf b = STRBUF_INIT;
	struct sms_cost cost;
	char masked[64], when[64];
	time_t now = time(NULL);
	struct tm tm;

	sms_cost(m->text, &cost);
	phone_mask(m->to, masked, sizeof masked);
	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %z", &tm);
	strbuf_printf(&b, "--- SMS #%lld, written %s\n", m->ref, when);
	strbuf_printf(&b, "to: %s%s%s\n", masked,
	    gw->sender[0] ? "   from: " : "", gw->sender);
	strbuf_printf(&b, "%d segment%s, %s, %d %s\n", cost.segments,
	    cost.segments > 1 ? "s" : "", cost.ucs2 ? "UCS-2" : "GSM-7",
	    cost.units, cost.ucs2 ? "UTF-16 units" : "septets");
	strbuf_printf(&b, "\n%s\n\n", m->text);

	if (write_all(f->fd, b.s, b.len) < 0) {
		res->status = GW_TRANSIENT;
		gw_reason(res, "file gateway: cannot write to %s: %s", f->path,
		    strerror(errno));
	} else if (fsync(f->fd) < 0 && errno != EINVAL && errno != EROFS &&
	    errno != ENOTSUP) {
		/* EINVAL etc.: a pipe, a terminal or /dev/null, which have
		 * nothing to flush. */
		res->status = GW_TRANSIENT;
		gw_reason(res, "file gateway: cannot flush %s to disk: %s", f->path,
		    strerror(errno));
	} else {
		res->status = GW_SENT;
		gw_reason(res, "written to %s", f->path);
	}
	strbuf_free(&b);
}

static void
file_close(struct gateway *gw)
{
	struct filegw *f = gw->priv;

	if (f == NULL)
		return;
	if (f->own)
		close(f->fd);
	free(f->path);
	free(f);
}

const struct gateway_ops gw_file_ops = {
	.name = "file",
	.open = file_open,
	.send = file_send,
	.close = file_close,
};
