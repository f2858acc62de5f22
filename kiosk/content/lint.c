/*
 * lint.c - `msd-kiosk content lint` as a whole: load, check, sum up.
 *
 * The rules are heuristics a writer must be able to predict: when in
 * doubt we prefer a clear rule that is sometimes too strict (the writer
 * rephrases) to a clever one that lets a hard sentence through.
 */
#include "content/lint.h"
#include "content/lint_checks.h"
#include "content/lint_screens.h"
#include "content/lint_portal.h"
#include "content/lint_i18n.h"

static void
report_long(void *arg, const char *file, int line, const char *what,
    size_t len, size_t max)
{
	lint_report(arg, file, line, "E-LONG", "%s is %zu bytes long, at most "
	    "%zu: cut it, or move the detail to the text of a page", what, len,
	    max);
}

void
lint_check(lint_ctx *c, content_src *s)
{
	/* The glossary first: F2 and F4 accept its words everywhere. */
	for (size_t i = 0; i < s->ngloss; i++)
		lint_allow(c, s->gloss[i].word.v, s->gloss[i].variants.v);
	lint_check_msds(c, s);
	lint_check_themes(c, s);
	lint_check_offers(c, s);
	lint_check_pages(c, s);
	lint_check_glossary(c, s);
	lint_check_questions(c, s);
	/* Last: it needs the themes sorted and the offers resolved. */
	lint_check_screens(c, s);
	lint_i18n(c, s);
	content_src_long_values(s, report_long, c);
}

content_src *
lint_run(const char *dir, const char *pictos, lint_ctx *c)
{
	content_src *s = content_src_load(dir, pictos, c);

	lint_check(c, s);
	lint_portal(c, s, dir);
	if (c->out)
		fprintf(c->out, "%d error%s, %d warning%s in %d file%s\n",
		    c->errors, c->errors == 1 ? "" : "s", c->warnings,
		    c->warnings == 1 ? "" : "s", c->files,
		    c->files == 1 ? "" : "s");
	return s;
}
