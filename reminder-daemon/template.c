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

/*
 * The revealing words are looked for in every text a template can render,
 * not only in its own: a dropped [part] or an empty field joins its
 * neighbours, and "r[{lieu}]sa" renders "rsa" without a place.  Trying
 * every combination of parts is exponential (the fuzzer timed it out), so
 * the template is read once, left to right, with the set of every way the
 * rendering can end so far: the last WORD_TAIL folded characters, as
 * utf8_fold() would give them ('_' for a run of separators).  A part adds
 * the states of "dropped" to those of "kept"; states that end alike are
 * one, and after a word's length of common text they all are, so the set
 * stays small.  A word is found when a separator closes "_word_".
 */
#define WORD_TAIL	31
#define MAX_STATES	512

struct tails {
	size_t n;
	char s[MAX_STATES][WORD_TAIL + 1];
};

static int
tails_add(struct tails *t, const char *s)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->s[i], s) == 0)
			return 0;
	if (t->n == MAX_STATES)
		return -1;
	snprintf(t->s[t->n++], sizeof t->s[0], "%s", s);
	return 0;
}

/* Appends folded char c ('_' = a separator) to tail; 1 if that closes a
 * revealing word (its name in *word). */
static int
tail_put(char *tail, char c, const char **word)
{
	size_t l = strlen(tail);

	if (c == '_' && l > 0 && tail[l - 1] == '_')
		return 0;
	if (l == WORD_TAIL) {
		memmove(tail, tail + 1, l);
		l--;
	}
	tail[l] = c;
	tail[l + 1] = '\0';
	if (c != '_')
		return 0;
	for (size_t i = 0; i < sizeof revealing / sizeof *revealing; i++) {
		size_t wl = strlen(revealing[i]);

		if (l >= wl + 1 && tail[l - wl - 1] == '_' &&
		    strncmp(tail + l - wl, revealing[i], wl) == 0) {
			*word = revealing[i];
			return 1;
		}
	}
	return 0;
}

/* Feeds the text [p, end) (no brackets or fields in it) to every tail. */
static int
tails_text(struct tails *t, const char *p, const char *end, const char **word)
{
	while (p < end) {
		uint32_t cp = utf8_next(&p);
		char c = utf8_base_letter(cp);

		if (cp == 0)
			break;
		if (c == 0 && cp >= '0' && cp <= '9')
			c = (char)cp;
		if (c == 0 && (cp == 0xB0 || cp == 0xBA))	/* as utf8_fold */
			continue;
		for (size_t i = 0; i < t->n; i++) {
			if (tail_put(t->s[i], c ? c : '_', word))
				return 1;
			if ((cp == 0xC6 || cp == 0xE6 || cp == 0x152 ||
			    cp == 0x153) && tail_put(t->s[i], 'e', word))
				return 1;
		}
	}
	return 0;
}

/* A field's value: a separator (values are data, not the template's
 * words); with may_empty, also nothing.  1 if a word closes, -1 if the
 * set is full. */
static int
tails_field(struct tails *t, int may_empty, const char **word)
{
	size_t n = t->n;

	for (size_t i = 0; i < n; i++) {
		char kept[WORD_TAIL + 1];

		snprintf(kept, sizeof kept, "%s", t->s[i]);
		if (tail_put(t->s[i], '_', word))
			return 1;
		if (may_empty && tails_add(t, kept) < 0)
			return -1;
	}
	return 0;
}

static int
check_words(const char *tpl, err_t *e)
{
	struct tails t, dropped;	/* 16 KB each */
	const char *word = NULL, *p = tpl;
	int in_br = 0, rc = 0;

	t.n = 0;
	tails_add(&t, "_");
	while (*p && rc == 0) {
		const char *q = p + strcspn(p, "[]{");

		rc = tails_text(&t, p, q, &word);
		if (rc || *q == '\0')
			break;
		if (*q == '[') {		/* the part may be dropped */
			dropped = t;
			in_br = 1;
			p = q + 1;
		} else if (*q == ']') {
			for (size_t i = 0; i < dropped.n && rc == 0; i++)
				rc = tails_add(&t, dropped.s[i]);
			in_br = 0;
			p = q + 1;
		} else {			/* a field (checked above) */
			const char *end = strchr(q, '}');
			int i = field_index(q + 1, (size_t)(end - q - 1));

			rc = tails_field(&t, !in_br && field_may_be_empty(i),
			    &word);
			p = end + 1;
		}
	}
	for (size_t i = 0; i < t.n && rc == 0; i++)
		rc = tail_put(t.s[i], '_', &word);
	if (rc < 0)
		return err_set(e, "has too many optional parts ([...] and "
		    "fields that may be empty) close together to check");
	if (rc > 0)
		return err_set(e, "says '%s' (or can, once a part is dropped or "
		    "a field is empty): a reminder must not tell whoever sees the "
		    "phone about the person's situation", word);
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
