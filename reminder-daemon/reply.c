#include "reply.h"
#include "strbuf.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At most this many words are looked at: a reply is a few words, and a
 * long text (a pasted letter) is for staff to read anyway. */
enum { MAX_WORDS = 40 };

struct words {
	char *buf;			/* the folded text, cut into words */
	const char *w[MAX_WORDS];
	int n;
};

/* "Je NE peux pas, venir !" -> je ne peux pas venir */
static void
split(const char *text, struct words *ws)
{
	char *save = NULL;

	ws->buf = utf8_fold(text);	/* lowercase, no accents, '_' between words */
	ws->n = 0;
	for (char *t = strtok_r(ws->buf, "_", &save); t && ws->n < MAX_WORDS;
	    t = strtok_r(NULL, "_", &save))
		ws->w[ws->n++] = t;
}

static int
is(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return 1;
	return 0;
}

/* 1 if any word is in list. */
static int
any(const struct words *ws, const char *const *list)
{
	for (int i = 0; i < ws->n; i++)
		if (is(ws->w[i], list))
			return 1;
	return 0;
}

/* 1 if the words of phrase (space-separated) follow each other. */
static int
has_phrase(const struct words *ws, const char *phrase)
{
	char tmp[64], *save = NULL;
	const char *p[8];
	int np = 0;

	snprintf(tmp, sizeof tmp, "%s", phrase);
	for (char *t = strtok_r(tmp, " ", &save); t && np < 8;
	    t = strtok_r(NULL, " ", &save))
		p[np++] = t;
	for (int i = 0; i + np <= ws->n; i++) {
		int k = 0;

		while (k < np && strcmp(ws->w[i + k], p[k]) == 0)
			k++;
		if (k == np)
			return 1;
	}
	return 0;
}

static int
any_phrase(const struct words *ws, const char *const *list)
{
	for (; *list; list++)
		if (has_phrase(ws, *list))
			return 1;
	return 0;
}

/* Opting out: the law and the providers want "STOP" honoured however
 * it is written, so any of these words anywhere counts. */
static const char *const stop_words[] = { "stop", "stopp", "stope", "stopsms",
	"desabonner", "desabonnement", "desinscrire", "desinscription",
	"unsubscribe", NULL };
/* "Arrêt" alone also means the bus stop: only as the first word. */
static const char *const stop_first[] = { "arret", "arrete", "arreter",
	"arretez", "stoppez", "stopper", NULL };
static const char *const stop_phrases[] = { "plus de sms", "plus de message",
	"plus de messages", "ne plus recevoir", "ne m envoyez plus",
	"arreter les sms", "arretez les sms", NULL };

static const char *const cancel_words[] = { "annuler", "annule", "annulee",
	"annulez", "annulation", "annul", "anuler", "anule", "impossible",
	"empeche", "empechee", "empechement", "reporter", "decaler", "deplacer",
	"indisponible", "malade", NULL };
static const char *const cancel_first[] = { "non", "no", "nan", "nop", NULL };
static const char *const cancel_phrases[] = { "peux pas", "pourrai pas",
	"pourrais pas", "pourrons pas", "pouvons pas", "peut pas", "pourra pas",
	"viendrai pas", "viendra pas", "serai pas", "pas venir", "pas pouvoir",
	"pas disponible", "pas dispo", "autre rendez vous", "autre rdv",
	"change de rdv", "changer de rdv", "changer le rdv", "changer le rendez vous",
	NULL };

static const char *const confirm_words[] = { "oui", "ok", "okay", "okey",
	"oki", "ouais", "ouai", "yes", "daccord", "dac", "confirme", "confirmee",
	"confirmer", "confirm", "entendu", "parfait", NULL };
static const char *const confirm_phrases[] = { "d accord", "serai la",
	"serai present", "serai presente", "je viendrai", "je viens",
	"bien recu", "bien note", "c est note", "pas de souci", "pas de probleme",
	"sans probleme", "sans faute", NULL };

enum reply_cat
reply_classify(const char *text)
{
	struct words ws;
	enum reply_cat c = REPLY_UNCLEAR;

	split(text ? text : "", &ws);
	if (ws.n == 0)
		c = REPLY_UNCLEAR;
	else if (any(&ws, stop_words) || is(ws.w[0], stop_first) ||
	    any_phrase(&ws, stop_phrases))
		c = REPLY_STOP;
	else if (any(&ws, cancel_words) || is(ws.w[0], cancel_first) ||
	    any_phrase(&ws, cancel_phrases))
		c = REPLY_CANCEL;
	else if (any(&ws, confirm_words) || any_phrase(&ws, confirm_phrases))
		c = REPLY_CONFIRM;
	free(ws.buf);
	return c;
}

const char *
reply_db_name(enum reply_cat c)
{
	switch (c) {
	case REPLY_STOP: return "stop";
	case REPLY_CANCEL: return "cancel_request";
	case REPLY_CONFIRM: return "confirmed";
	case REPLY_UNCLEAR: break;
	}
	return "unclear";
}

const char *
reply_label(enum reply_cat c)
{
	switch (c) {
	case REPLY_STOP: return "STOP";
	case REPLY_CANCEL: return "demande d'annulation";
	case REPLY_CONFIRM: return "confirmé";
	case REPLY_UNCLEAR: break;
	}
	return "réponse non comprise";
}
