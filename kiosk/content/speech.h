/*
 * speech.h - what "Écouter" reads: the text of a page, an offer, a
 * question or a glossary word cut into the sentences it is read as.
 *
 * One function cuts, so that the pack builder (which synthesises each
 * sentence and stores where it starts) and the kiosk (which highlights
 * the sentence being read) cut the same text the same way.  A "clip" is
 * one row of the pack's audio table (schema/content_audio.sql), named by
 * a kind and an id:
 *
 *   page        ID     a rights page: its title, then its text
 *   page-title  ID     its title alone (the list "Vos droits")
 *   offer       ID     an offer: title, summary, then each section with
 *                      its title (labels.h), then its longer text
 *   offer-item  ID     its title and summary (a theme's list of offers)
 *   theme       ID     a theme's title and summary ("Trouver de l'aide")
 *   question    ID     a feedback question, then each answer
 *   gloss       WORD   a glossary word, then its explanation
 */
#ifndef MSD_SPEECH_H
#define MSD_SPEECH_H

#include <stddef.h>

#include "strbuf.h"

/* Which language a text given to speech_add() is in, for a clip read
 * in two voices: a translated page whose contact stayed French is read
 * by the language's voice, then by the French one for the contact. */
typedef const char *(*speech_lang_fn)(void *arg, const char *text);

/* The sentences of a clip, one per line of text, in reading order. */
typedef struct speech {
	strbuf text;
	size_t n;
	/* Optional (speech_langs()): each sentence's language. */
	speech_lang_fn lang_of;
	void *lang_arg;
	const char **langs;	/* n of them when lang_of is set */
	/* Optional: the offer's section titles in the clip's language
	 * (the screen's offre.pour-qui, .cout, .comment, .contact); NULL:
	 * the French of labels.h. */
	const char *const *labels;
} speech;

void speech_init(speech *sp);
void speech_free(speech *sp);
/* From now on, each sentence added is in the language fn(arg, text)
 * says of the text it was cut from. */
void speech_langs(speech *sp, speech_lang_fn fn, void *arg);

/* Appends the sentences of text, in the pages' markup (a blank line
 * between paragraphs, "## " a title, "- " a list item): each paragraph,
 * title or item is cut after '.', '?' or '!' followed by a space.  A
 * title or an item without a final mark is still a sentence of its own. */
void speech_add(speech *sp, const char *text);

/* The clips, from the texts of a row (sources or pack: the same
 * strings).  Any argument may be "" (an offer without contact). */
void speech_page(speech *sp, const char *title, const char *body);
void speech_offer(speech *sp, const char *title, const char *summary,
    const char *for_whom, const char *cost, const char *how,
    const char *contact, const char *body);
void speech_item(speech *sp, const char *title, const char *summary);
void speech_question(speech *sp, const char *text,
    const char *const *answers, size_t nanswers);
void speech_gloss(speech *sp, const char *word, const char *explanation);

/* Sentence i (from 0) of sp, and its length; NULL past the end. */
const char *speech_sentence(const speech *sp, size_t i, size_t *len);

/* Sentence i's language as speech_langs() said, NULL without it. */
const char *speech_sentence_lang(const speech *sp, size_t i);

/* The number of words of sp (runs of letters or digits), for tests and
 * plausibility checks of a clip's duration. */
size_t speech_words(const speech *sp);

#endif
