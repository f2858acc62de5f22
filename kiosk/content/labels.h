/*
 * labels.h - the titles of an offer's sections, written once for the
 * printed poster (sheet.c) and the voice (speech.c).  The screen
 * (screens/offer.c) shows the words offre.* of assets/content/interface.csv,
 * in the language shown; tests/helpers/interface_words.py checks that their
 * French is this, so that they cannot read differently.
 *
 * French puts a space before '?'; the text engine (text.h) never breaks a
 * line there, so a plain space is enough and every font has it.
 */
#ifndef MSD_LABELS_H
#define MSD_LABELS_H

#define LABEL_FOR_WHOM	"Pour qui ?"
#define LABEL_COST	"Combien ça coûte ?"
#define LABEL_HOW	"Comment faire ?"
#define LABEL_CONTACT	"Qui contacter ?"
#define LABEL_MORE	"En savoir plus"

#endif
