#include "template.h"
#include "strbuf.h"
#include "timeutil.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fields[] = { "date", "heure", "lieu", "msd", "tel_msd" };

/* Folded words (utf8_fold) that must never appear in a reminder. */
static const char *const revealing[] = {
	"rsa", "r_s_a", "revenu_de_solidarite", "insertion", "allocation",
	"minima", "precarite", "handicap", "dette", "surendettement",
	"contrat_d_engagement", "sanction", "suspension", "chomage",
};

static int
field_index(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (strlen(fields[i]) == len && strncmp(fields[i], name, len) == 0)
			return (int)i;
	return -1;
}

/* Fields that may be empty: an empty one outside brackets joins the text
 * around it ("r{lieu}sa" renders "rsa" without a place). */
static int
field_may_be_empty(int i)
{
	return i >= 2;		/* lieu, msd, tel_msd; date and heure never */
}

/* 0 if no revealing word stands whole in text; else the message. */
static int
check_folded(const char *text, err_t *e)
{
	char *folded = utf8_fold(text);
	strbuf b = STRBUF_INIT;

	/* Match whole folded words: "_rsa_" inside "_..._". */
	strbuf_printf(&b, "_%s_", folded);
	free(folded);
	for (size_t i = 0; i < sizeof revealing / sizeof *revealing; i++) {
		char pat[64];

		snprintf(pat, sizeof pat, "_%s_", revealing[i]);
		if (strstr(b.s, pat) != NULL) {
			err_set(e, "says '%s' (or can, once a part is dropped or a "
			    "field is empty): a reminder must not tell whoever sees "
			    "the phone about the person's situation", revealing[i]);
			strbuf_free(&b);
			return -1;
		}
	}
	strbuf_free(&b);
	return 0;
}

/* A checked template's words, in every text it can render, not only in
 * its own text: a dropped part or an empty field joins its neighbours,
 * and "r[{lieu}]sa" renders "rsa" without a place.  Each optional part
 * (a bracket, a field that may be empty outside brackets) is a bit of a
 * mask; every mask is rendered with fields as a word break (a value) or
 * nothing (empty).  Templates are short, so the parts are few; more than
 * MAX_PARTS is refused rather than half checked. */
#define MAX_PARTS 12
static int
check_words(const char *tpl, err_t *e)
{
	int nparts = 0, depth = 0;

	for (const char *p = tpl; *p; p++) {
		if (*p == '[') {
			nparts++;
			depth = 1;
		} else if (*p == ']') {
			depth = 0;
		} else if (*p == '{') {
			const char *end = strchr(p, '}');

			if (!depth && field_may_be_empty(field_index(p + 1,
			    (size_t)(end - p - 1))))
				nparts++;
			p = end;
		}
	}
	if (nparts > MAX_PARTS)
		return err_set(e, "has %d optional parts ([...] and fields that "
		    "may be empty): at most %d", nparts, MAX_PARTS);
	for (unsigned long mask = 0; mask < (1UL << nparts); mask++) {
		strbuf b = STRBUF_INIT;
		int part = 0, keep = 1, in_br = 0, rc;

		for (const char *p = tpl; *p; p++) {
			if (*p == '[') {
				in_br = 1;
				keep = (mask >> part++) & 1;
			} else if (*p == ']') {
				in_br = 0;
				keep = 1;
			} else if (*p == '{') {
				const char *end = strchr(p, '}');
				int i = field_index(p + 1, (size_t)(end - p - 1));

				/* Inside a kept part every field has a value (an
				 * empty one drops the part): a word break.  Outside,
				 * an optional field is a part of its own. */
				if (!in_br && field_may_be_empty(i)) {
					if ((mask >> part++) & 1)
						strbuf_putc(&b, ' ');
				} else if (keep) {
					strbuf_putc(&b, ' ');
				}
				p = end;
			} else if (keep) {
				strbuf_putc(&b, *p);
			}
		}
		rc = check_folded(strbuf_str(&b), e);
		strbuf_free(&b);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int
template_check(const char *tpl, err_t *e)
{
	int depth = 0;

	for (const char *p = tpl; *p; p++) {
		if (*p == '[' && depth++ > 0)
			return err_set(e, "brackets [ ] cannot be nested");
		if (*p == ']' && --depth < 0)
			return err_set(e, "a ']' has no '[' before it");
		if (*p == '{') {
			const char *end = strchr(p, '}');

			if (end == NULL)
				return err_set(e, "a '{' is never closed");
			if (field_index(p + 1, (size_t)(end - p - 1)) < 0)
				return err_set(e, "unknown field {%.*s}: use {date}, "
				    "{heure}, {lieu}, {msd} or {tel_msd}",
				    (int)(end - p - 1), p + 1);
			p = end;
		}
	}
	if (depth != 0)
		return err_set(e, "a '[' is never closed");
	return check_words(tpl, e);
}

/* Appends field i's value; returns 1 if it was empty. */
static int
put_field(strbuf *b, int i, const struct template_vars *v)
{
	char buf[64];
	const char *s = "";

	switch (i) {
	case 0:
		time_fmt_date_fr(v->at, buf, sizeof buf);
		s = buf;
		break;
	case 1:
		time_fmt_hour_fr(v->at, buf, sizeof buf);
		s = buf;
		break;
	case 2: s = v->lieu ? v->lieu : ""; break;
	case 3: s = v->msd ? v->msd : ""; break;
	case 4: s = v->tel_msd ? v->tel_msd : ""; break;
	}
	strbuf_puts(b, s);
	return *s == '\0';
}

char *
template_render(const char *tpl, const struct template_vars *v)
{
	strbuf out = STRBUF_INIT, opt = STRBUF_INIT;
	int in_opt = 0, opt_empty = 0;

	for (const char *p = tpl; *p; p++) {
		strbuf *dst = in_opt ? &opt : &out;

		if (*p == '[') {
			in_opt = 1;
			opt_empty = 0;
			strbuf_reset(&opt);
		} else if (*p == ']') {
			if (!opt_empty)
				strbuf_add(&out, strbuf_str(&opt), opt.len);
			in_opt = 0;
		} else if (*p == '{') {
			const char *end = strchr(p, '}');
			int i = end ? field_index(p + 1, (size_t)(end - p - 1)) : -1;

			if (i < 0) {		/* unchecked template: keep as is */
				strbuf_putc(dst, *p);
				continue;
			}
			if (put_field(dst, i, v) && in_opt)
				opt_empty = 1;
			p = end;
		} else
			strbuf_putc(dst, *p);
	}
	strbuf_free(&opt);
	/* Collapse the double spaces a dropped part may leave. */
	char *s = strbuf_take(&out), *w = s;
	for (char *r = s; *r; r++)
		if (!(r[0] == ' ' && (r[1] == ' ' || r[1] == '\0') ))
			*w++ = *r;
	*w = '\0';
	return s;
}
