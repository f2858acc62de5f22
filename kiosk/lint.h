/*
 * lint.h - `msd-kiosk content lint`: the content sources of
 * assets/content/ (format: assets/content/README.md), loaded and checked
 * against the FALC rules F1-F8 of CONTENT.md and for integrity.
 *
 * Every problem is a diagnostic `FILE:LINE: CODE message`.  Codes:
 *   F1..F8   the FALC rules (errors)
 *   E-...    integrity errors: E-FILE unreadable file, E-CSV malformed
 *            CSV, E-COL missing column, E-EMPTY required cell empty,
 *            E-ID bad id, E-DUP id used twice, E-THEME unknown theme,
 *            E-MSD offer in no MSD or unknown MSD code, E-PICTO unknown
 *            pictogram, E-URL web address not https, E-QR payload neither
 *            https:// nor tel:, E-DATE bad reviewed-on date, E-ORDER
 *            `ordre` not a number, E-ANSWER bad answer list, E-PAGE bad
 *            page header, E-UTF8 page not UTF-8
 *   W-...    warnings, which never fail: W-EMPTY an MSD's address, phone
 *            or hours empty, W-MSD one of the seven MSDs missing or an
 *            unknown one, W-F8 glossary word used nowhere, W-THEME theme
 *            with no offer, W-FILE file ignored in pages/
 *
 * How F1 counts (documented for writers in assets/content/README.md):
 *   - a word is a run of letters and digits; an apostrophe or a hyphen
 *     between two of them joins them: "l'argent", "aujourd'hui",
 *     "Aix-les-Bains", "est-ce" are one word each (a reader sees one
 *     block of letters);
 *   - a number is one word: "3,5", "2022-2024", and groups of digits
 *     separated by spaces ("04 79 12 34 56", "10 000");
 *   - a web address is one word, and its dots end nothing;
 *   - a sentence ends at ".", "!", "?" or "..." followed by a space or
 *     the end of the text, except after an abbreviation ("M.", "Mme.")
 *     or an initial ("J."); a subtitle, a list item and each short field
 *     (title, summary...) end their sentence too.
 */
#ifndef MSD_LINT_H
#define MSD_LINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LINT_MAX_WORDS 15	/* F1: words in one sentence */
#define LINT_MAX_AVERAGE 10	/* F1: average per page or offer */

/* ------------------------------------------------------------ reporting */

typedef struct lint_diag {
	char *file;
	int line;
	char code[12];		/* "F1", "E-DUP", "W-EMPTY" */
	char *msg;
} lint_diag;

typedef struct lint_ctx {
	FILE *out;		/* each diagnostic is printed here; NULL: quiet */
	lint_diag *diags;	/* every diagnostic, in the order found */
	size_t ndiags;
	int errors, warnings;
	int files;		/* source files read */
	char today[11];		/* YYYY-MM-DD: reviewed-on dates may not pass it */
	char **allowed;		/* words the glossary explains (F2, F4) */
	size_t nallowed;
} lint_ctx;

/* Starts with no diagnostic; today is the local date. */
void lint_init(lint_ctx *c, FILE *out);
void lint_free(lint_ctx *c);
/* Records (and prints) one diagnostic; codes starting with "W" are
 * warnings, all others errors. */
void lint_report(lint_ctx *c, const char *file, int line, const char *code,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Lets F2 and F4 accept the words of a glossary entry: mot and each of
 * the '|'-separated variantes, and every word inside them. */
void lint_allow(lint_ctx *c, const char *mot, const char *variants);

/* ------------------------------------------------------------ text rules */

/* One sentence of a text (see the counting rules above). */
typedef struct lint_sentence {
	const char *start;	/* into the text */
	size_t len;
	int line;		/* line of its first word */
	int words;
} lint_sentence;

/* Words in s, as F1 counts them. */
int lint_words(const char *s);
/* Splits one block of text (no markup) into sentences; *out is a new
 * array (free it).  line is the line s starts on; newlines in s count. */
size_t lint_sentences(const char *s, int line, lint_sentence **out);

/* Sentences and words seen so far in one page or one offer. */
typedef struct lint_stats {
	int sentences, words;
} lint_stats;

/* Checks one text field against F1 (per sentence) to F6, and E-URL for a
 * web address in it.  text is in the page markup (markup.h); line is the
 * line of the file where it starts.  st (may be NULL) adds up sentences
 * and words for lint_average(). */
void lint_text(lint_ctx *c, const char *file, int line, const char *text,
    lint_stats *st);
/* F1: reports when st's words per sentence pass LINT_MAX_AVERAGE. */
void lint_average(lint_ctx *c, const char *file, int line, const char *what,
    const lint_stats *st);

/* ------------------------------------------------------------ sources */

/* A value read from a source file, and the line it starts on. */
typedef struct src_field {
	char *v;		/* never NULL: "" when absent */
	int line;
} src_field;

typedef struct src_picto {
	char *name, *label;
	uint32_t codepoint;
	int line;
} src_picto;

typedef struct src_msd {
	src_field code, name, territory, address, phone, hours, source;
} src_msd;

typedef struct src_theme {
	src_field id, title, picto, order, summary;
	long ord;
} src_theme;

typedef struct src_page {
	char *file;		/* path, for messages */
	char *id;		/* from the file name */
	src_field title, picto, reviewed_on;
	src_field sources;	/* one per line */
	src_field body;		/* line: where the text starts */
} src_page;

typedef struct src_offer {
	src_field id, theme, title, summary, for_whom, cost, how, contact;
	src_field msd, qr, picto, reviewed_on, source, body;
	/* Resolved by lint_check(): */
	const char *picto_res;	/* the offer's pictogram, or its theme's */
	char **msds;		/* codes of msd.csv ("toutes" = all) */
	size_t nmsds;
} src_offer;

typedef struct src_gloss {
	src_field word, variants, explanation;
} src_gloss;

typedef struct src_answer {
	char *picto, *label;
} src_answer;

typedef struct src_question {
	src_field id, order, text, answers;
	long ord;
	src_answer *ans;
	size_t nans;
} src_question;

typedef struct content_src {
	char *dir;
	char *f_msd, *f_themes, *f_offers, *f_gloss, *f_questions, *f_pictos;
	src_picto *pictos;	size_t npictos;
	src_msd *msds;		size_t nmsds;
	src_theme *themes;	size_t nthemes;
	src_page *pages;	size_t npages;
	src_offer *offers;	size_t noffers;
	src_gloss *gloss;	size_t ngloss;
	src_question *questions; size_t nquestions;
	unsigned char sha256[32];	/* of every file read, in a fixed order */
} content_src;

/* Where pictos.csv is looked for when no --pictos is given: beside the
 * source folder (SRC/../pictos.csv, as in assets/).  Writes to buf. */
const char *lint_default_pictos(const char *dir, char *buf, size_t n);

/* Reads dir's sources and the pictogram list; what cannot be read or is
 * malformed is reported in c (so the result may be partial).  Questions
 * are optional (no questions.csv: no feedback screen). */
content_src *content_src_load(const char *dir, const char *pictos,
    lint_ctx *c);
/* Checks F1-F8 and integrity; sorts themes and questions by `ordre` and
 * resolves each offer's pictogram and MSDs (for the build). */
void lint_check(lint_ctx *c, content_src *s);
void content_src_free(content_src *s);

/* load + check + the summary line "N errors, N warnings in N files" on
 * c->out.  Returns the sources (free them) even when errors were found. */
content_src *lint_run(const char *dir, const char *pictos, lint_ctx *c);

#endif
