/*
 * reply.h - what a person meant by the SMS they sent back.
 *
 * People write "Stop.", "stop merci", "ANNULÉ", "je ne peux pas venir",
 * "oui ok", "Oui je serai là": the text is folded (case, accents,
 * punctuation) into words and matched loosely, in this order, so that
 * the strongest wish wins ("oui mais je ne peux pas" is a cancellation,
 * "annuler stop" an opt-out):
 *   REPLY_STOP     stop, arrêt, stop sms, plus de sms, désabonner...
 *   REPLY_CANCEL   annuler, annulé, non, je ne peux pas, empêché, reporter...
 *   REPLY_CONFIRM  oui, ok, d'accord, je serai là, je viendrai...
 *   REPLY_UNCLEAR  anything else: kept for staff to read.
 */
#ifndef MSD_REPLY_H
#define MSD_REPLY_H

enum reply_cat { REPLY_UNCLEAR, REPLY_CONFIRM, REPLY_CANCEL, REPLY_STOP };

/* The category of a reply text (UTF-8; invalid bytes count as spaces). */
enum reply_cat reply_classify(const char *text);

/* The database's word for it: "unclear", "confirmed", "cancel_request",
 * "stop"; and the French label of reports ("réponse non comprise",
 * "confirmé", "demande d'annulation", "STOP"). */
const char *reply_db_name(enum reply_cat c);
const char *reply_label(enum reply_cat c);

#endif
