/*
 * site_cmd.c - `msd-kiosk content site PACK -o DIR` (see site.h): reads
 * the arguments, opens the pack, writes the site and says what it weighs.
 */
#include "content/site.h"
#include "app/cmdopt.h"

#include <stdio.h>
#include <string.h>

static const struct cmdopt site_cmd = {
	"content site",
	"usage: msd-kiosk content site PACK -o DIR\n",
	CMDOPT_ANY,
};

/* Says the weights, and warns past the budget (the site is written all
 * the same: it is the content that is too long, and people can still
 * read it). */
static void
say(const char *dir, const struct site_report *r)
{
	printf("content site: wrote %s: %zu pages; with the stylesheet "
	    "(%zu bytes) the largest page is %zu bytes (%s), the median "
	    "%zu; fonts %zu bytes\n", dir, r->npages, r->css, r->largest,
	    r->largest_path, r->median, r->fonts);
	if (r->largest > SITE_PAGE_BUDGET)
		fprintf(stderr, "content site: warning: %s/%s weighs %zu bytes "
		    "with its stylesheet, over the budget of %d for old phones: "
		    "shorten its text\n", dir, r->largest_path, r->largest,
		    SITE_PAGE_BUDGET);
	if (r->fonts > SITE_FONTS_BUDGET)
		fprintf(stderr, "content site: warning: the fonts weigh %zu "
		    "bytes, over the budget of %d: the texts use too many "
		    "different characters\n", r->fonts, SITE_FONTS_BUDGET);
}

int
content_site(int argc, char **argv)
{
	const char *pack_path = NULL, *dir = NULL;
	struct site_report r;
	err_t e;
	pack *p;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (cmdopt_is_help(a))
			return cmdopt_usage(&site_cmd, NULL);
		if (strcmp(a, "-o") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (cmdopt_is_option(a))
			return cmdopt_usage(&site_cmd, "unknown option or "
			    "missing value: %s", a);
		else if (pack_path == NULL)
			pack_path = a;
		else
			return cmdopt_usage(&site_cmd, "one pack only (got %s "
			    "and %s)", pack_path, a);
	}
	if (pack_path == NULL || dir == NULL)
		return cmdopt_usage(&site_cmd, NULL);
	if (*dir == '\0' || strcmp(dir, "/") == 0)
		return cmdopt_usage(&site_cmd, "-o '%s': give the folder to "
		    "write the site in (for example -o portail)", dir);
	p = pack_open(pack_path, &e);
	if (p == NULL) {
		fprintf(stderr, "content site: %s\n", e.msg);
		return 2;
	}
	rc = site_write(p, dir, &r, &e);
	pack_close(p);
	if (rc < 0) {
		fprintf(stderr, "content site: %s; nothing was written\n",
		    e.msg);
		return rc == -2 ? 2 : 1;
	}
	say(dir, &r);
	return 0;
}
