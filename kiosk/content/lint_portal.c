/*
 * lint_portal.c - SRC/portal.txt (see lint_portal.h).
 */
#include "content/lint_portal.h"
#include "content/portal.h"
#include "fsutil.h"
#include "strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

size_t
lint_longest_msd(const content_src *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nmsds; i++)
		if (strlen(s->msds[i].code.v) > n)
			n = strlen(s->msds[i].code.v);
	return n;
}

/* The value of the portal_url line of text (a new string), reporting
 * any other line; *line where it was (0 if none). */
static char *
parse(lint_ctx *c, const char *path, const char *text, int *line)
{
	char *url = NULL;
	int ln = 0;

	*line = 0;
	for (const char *p = text; *p; ) {
		size_t n = strcspn(p, "\n");
		const char *q = p, *end = p + n;

		ln++;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		while (end > q && (end[-1] == ' ' || end[-1] == '\t' ||
		    end[-1] == '\r'))
			end--;
		if (q < end && *q != '#') {
			if ((size_t)(end - q) >= 11 &&
			    strncmp(q, "portal_url:", 11) == 0 && url == NULL) {
				q += 11;
				while (q < end && (*q == ' ' || *q == '\t'))
					q++;
				url = xstrndup(q, (size_t)(end - q));
				*line = ln;
			} else
				lint_report(c, path, ln, "E-PORTAL", "write one "
				    "line `portal_url: ADDRESS` (and comments "
				    "starting with #), nothing else");
		}
		p += n + (p[n] == '\n');
	}
	return url ? url : xstrdup("");
}

void
lint_portal(lint_ctx *c, content_src *s, const char *dir)
{
	char path[4096], why[512];
	struct stat sb;
	size_t len;
	char *text;
	int line;
	err_t e;

	free(s->portal_url);
	s->portal_url = xstrdup("");
	snprintf(path, sizeof path, "%s/" PORTAL_SRC_FILE, dir);
	if (lstat(path, &sb) != 0 && errno == ENOENT)
		return;
	if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		lint_report(c, path, 0, "E-FILE", "is not a regular file: put "
		    "the file itself in the folder");
		return;
	}
	if ((text = fs_read_file(path, 64 << 10, &len, &e)) == NULL) {
		lint_report(c, path, 0, "E-FILE", "%s", e.msg);
		return;
	}
	c->files++;
	free(s->portal_url);
	s->portal_url = parse(c, path, text, &line);
	free(text);
	if (*s->portal_url == '\0')
		lint_report(c, path, line, "W-PORTAL", "portal_url is empty: "
		    "the QR codes lead to the partners' sites, not to the "
		    "portal. Give the address where `msd-kiosk content site` "
		    "is served once the Département knows it (or `content "
		    "build --portal-url URL`)");
	else if (portal_url_check(s->portal_url, lint_longest_msd(s), why,
	    sizeof why) < 0)
		lint_report(c, path, line, "E-URL", "portal_url %s", why);
}
