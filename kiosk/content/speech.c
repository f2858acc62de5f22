/*
 * speech.c - the sentences "Écouter" reads (see speech.h).
 */
#include "content/speech.h"
#include "content/labels.h"

#include <stdlib.h>
#include <string.h>

void
speech_init(speech *sp)
{
	memset(sp, 0, sizeof *sp);
}

void
speech_free(speech *sp)
{
	strbuf_free(&sp->text);
	free(sp->langs);
	sp->langs = NULL;
	sp->n = 0;
}

void
speech_langs(speech *sp, speech_lang_fn fn, void *arg)
{
	sp->lang_of = fn;
	sp->lang_arg = arg;
}

/* The language of the sentences text gives, kept as they are added. */
static void
note_langs(speech *sp, size_t from, const char *text)
{
	const char *l;

	if (sp->lang_of == NULL || sp->n == from)
		return;
	l = sp->lang_of(sp->lang_arg, text);
	sp->langs = xrealloc(sp->langs, sp->n * sizeof *sp->langs);
	for (size_t i = from; i < sp->n; i++)
		sp->langs[i] = l;
}

const char *
speech_sentence_lang(const speech *sp, size_t i)
{
	return sp->lang_of != NULL && i < sp->n ? sp->langs[i] : NULL;
}

static int
space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* One sentence of n bytes at s, spaces around it dropped and runs of
 * spaces (a paragraph over several lines) made one. */
static void
put_sentence(speech *sp, const char *s, size_t n)
{
	int gap = 0, any = 0;

	for (size_t i = 0; i < n; i++) {
		if (space(s[i])) {
			gap = any;
			continue;
		}
		if (gap)
			strbuf_putc(&sp->text, ' ');
		else if (!any && sp->text.len)
			strbuf_putc(&sp->text, '\n');
		strbuf_putc(&sp->text, s[i]);
		gap = 0;
		any = 1;
	}
	sp->n += any;
}

/* A paragraph, title or item of n bytes: cut after . ? ! and a space.
 * French puts a space before '?' and '!': "Qui appeler ?" ends at the
 * mark, not at the space before it. */
static void
put_block(speech *sp, const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		if ((s[i] == '.' || s[i] == '?' || s[i] == '!') &&
		    (i + 1 == n || space(s[i + 1]))) {
			put_sentence(sp, s + start, i + 1 - start);
			start = i + 1;
		}
	}
	if (start < n)
		put_sentence(sp, s + start, n - start);
}

/* The length of the line at s, without its '\n'. */
static size_t
line_len(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl ? (size_t)(nl - s) : strlen(s);
}

static int
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!space(s[i]))
			return 0;
	return 1;
}

void
speech_add(speech *sp, const char *text)
{
	const char *para = NULL;	/* start of the paragraph being read */
	size_t plen = 0, from = sp->n;

	for (const char *s = text; *s; ) {
		size_t n = line_len(s);
		const char *next = s[n] ? s + n + 1 : s + n;
		int title = n >= 3 && strncmp(s, "## ", 3) == 0;
		int item = n >= 2 && strncmp(s, "- ", 2) == 0;

		if (blank(s, n) || title || item) {
			if (para)
				put_block(sp, para, plen);
			para = NULL;
			if (title)
				put_block(sp, s + 3, n - 3);
			else if (item)
				put_block(sp, s + 2, n - 2);
		} else if (para == NULL) {
			para = s;
			plen = n;
		} else
			plen = (size_t)(s + n - para);
		s = next;
	}
	if (para)
		put_block(sp, para, plen);
	note_langs(sp, from, text);
}

void
speech_page(speech *sp, const char *title, const char *body)
{
	speech_add(sp, title);
	speech_add(sp, body);
}

/* A section of an offer: its title, then its text; nothing when the
 * text is empty (no "Qui contacter ?" without a contact). */
static void
section(speech *sp, const char *label, const char *text)
{
	if (blank(text, strlen(text)))
		return;
	speech_add(sp, label);
	speech_add(sp, text);
}

void
speech_offer(speech *sp, const char *title, const char *summary,
    const char *for_whom, const char *cost, const char *how,
    const char *contact, const char *body)
{
	static const char *const fr[] = { LABEL_FOR_WHOM, LABEL_COST,
	    LABEL_HOW, LABEL_CONTACT };
	const char *const *l = sp->labels ? sp->labels : fr;

	speech_add(sp, title);
	speech_add(sp, summary);
	section(sp, l[0], for_whom);
	section(sp, l[1], cost);
	section(sp, l[2], how);
	section(sp, l[3], contact);
	speech_add(sp, body);
}

void
speech_item(speech *sp, const char *title, const char *summary)
{
	speech_add(sp, title);
	speech_add(sp, summary);
}

void
speech_question(speech *sp, const char *text, const char *const *answers,
    size_t nanswers)
{
	speech_add(sp, text);
	for (size_t i = 0; i < nanswers; i++)
		speech_add(sp, answers[i]);
}

void
speech_gloss(speech *sp, const char *word, const char *explanation)
{
	speech_add(sp, word);
	speech_add(sp, explanation);
}

const char *
speech_sentence(const speech *sp, size_t i, size_t *len)
{
	const char *s = strbuf_str(&sp->text);

	if (i >= sp->n)
		return NULL;
	while (i-- > 0)
		s = strchr(s, '\n') + 1;
	*len = line_len(s);
	return s;
}

size_t
speech_words(const speech *sp)
{
	const unsigned char *s = (const unsigned char *)strbuf_str(&sp->text);
	size_t n = 0;
	int in = 0;

	for (; *s; s++) {
		/* Letters, digits and every byte of a non-ASCII character. */
		int w = (*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z') || *s >= 0x80;

		n += w && !in;
		in = w;
	}
	return n;
}
