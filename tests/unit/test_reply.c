/* Replies as people write them, matched loosely. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "reply.h"

static const struct { const char *text; enum reply_cat want; } cases[] = {
	/* STOP, however written: an opt-out must never be missed. */
	{ "STOP", REPLY_STOP }, { "Stop.", REPLY_STOP }, { "stop merci", REPLY_STOP },
	{ "  stop  ", REPLY_STOP }, { "STOP SMS", REPLY_STOP }, { "Stop sms svp", REPLY_STOP },
	{ "Arrêt", REPLY_STOP }, { "ARRET", REPLY_STOP }, { "arrêtez svp", REPLY_STOP },
	{ "Je ne veux plus de SMS", REPLY_STOP }, { "stop!!!", REPLY_STOP },
	{ "annuler stop", REPLY_STOP }, { "Merci de ne plus m'envoyer... STOP", REPLY_STOP },
	{ "désabonner", REPLY_STOP }, { "STOPSMS", REPLY_STOP },
	/* Cancellation requests. */
	{ "ANNULER", REPLY_CANCEL }, { "annuler svp", REPLY_CANCEL }, { "ANNULÉ", REPLY_CANCEL },
	{ "Annulé", REPLY_CANCEL }, { "annulation", REPLY_CANCEL }, { "NON", REPLY_CANCEL },
	{ "Non.", REPLY_CANCEL }, { "non merci", REPLY_CANCEL },
	{ "je ne peux pas venir", REPLY_CANCEL }, { "Je ne peux pas", REPLY_CANCEL },
	{ "je peux pas venir désolé", REPLY_CANCEL }, { "Je ne pourrai pas venir", REPLY_CANCEL },
	{ "oui mais je ne peux pas", REPLY_CANCEL }, { "je serai pas là", REPLY_CANCEL },
	{ "Empêchement, je rappelle", REPLY_CANCEL }, { "je suis malade", REPLY_CANCEL },
	{ "Est-ce possible de reporter ?", REPLY_CANCEL }, { "impossible ce jour là", REPLY_CANCEL },
	/* Confirmations. */
	{ "OUI", REPLY_CONFIRM }, { "oui", REPLY_CONFIRM }, { "Oui.", REPLY_CONFIRM },
	{ "oui ok", REPLY_CONFIRM }, { "OK", REPLY_CONFIRM }, { "ok merci", REPLY_CONFIRM },
	{ "Oui je serai là", REPLY_CONFIRM }, { "D'accord", REPLY_CONFIRM },
	{ "d accord merci", REPLY_CONFIRM }, { "Je serai présente", REPLY_CONFIRM },
	{ "je viendrai", REPLY_CONFIRM }, { "Bien reçu merci", REPLY_CONFIRM },
	{ "Ouiii", REPLY_UNCLEAR },	/* not a word we know: staff read it */
	{ "ok 👍", REPLY_CONFIRM },
	/* Anything else is kept for staff to read. */
	{ "", REPLY_UNCLEAR }, { "   ", REPLY_UNCLEAR }, { "?", REPLY_UNCLEAR },
	{ "C'est à quelle heure ?", REPLY_UNCLEAR }, { "Qui êtes-vous", REPLY_UNCLEAR },
	{ "je suis à l'arrêt de bus", REPLY_UNCLEAR },	/* arrêt, not first */
	{ "nonobstant", REPLY_UNCLEAR }, { "stopper", REPLY_STOP },
	{ "Bonjour, où est le bureau ?", REPLY_UNCLEAR },
	{ "oui\xff\xfe", REPLY_CONFIRM },	/* invalid bytes are not letters */
	{ "\xc3", REPLY_UNCLEAR },
};

static void
test_phrasings(void **state)
{
	(void)state;
	int bad = 0;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		enum reply_cat got = reply_classify(cases[i].text);

		if (got != cases[i].want) {
			printf("\"%s\": %s, expected %s\n", cases[i].text,
			    reply_label(got), reply_label(cases[i].want));
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(reply_db_name(REPLY_CANCEL), "cancel_request");
	assert_string_equal(reply_db_name(REPLY_STOP), "stop");
	assert_string_equal(reply_db_name(REPLY_CONFIRM), "confirmed");
	assert_string_equal(reply_db_name(REPLY_UNCLEAR), "unclear");
	assert_string_equal(reply_label(REPLY_CANCEL), "demande d'annulation");
	assert_null(reply_classify(NULL) == REPLY_UNCLEAR ? NULL : "x");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phrasings),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
