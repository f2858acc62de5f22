/*
 * model.c - the tables of model.h: one per entity of the content.
 *
 * A row's columns come in the order of the pack table, and the columns
 * of the sources only sit where their source column is in README.md's
 * tables: lint reports the problems of a row in this order.
 */
#include "content/model.h"
#include "content/content_limits.h"

#include <string.h>

#define ID	CONTENT_MAX_ID
#define LINE	CONTENT_MAX_LINE
#define TEXT	CONTENT_MAX_TEXT
#define BODY	CONTENT_MAX_BODY
#define REQ	MODEL_REQUIRED
#define NUL	MODEL_NULL

/* The rows of each table below are written with these; S and P name its
 * source and pack structs. */

/* A text, from its source column (or page key) into the pack as it is. */
#define FIELD(nm, sc, fl, sm, pm, mx) { .name = nm, .src = sc, \
	.type = MODEL_FIELD, .flags = fl, .src_off = offsetof(S, sm), \
	.pack_off = offsetof(P, pm), .max = mx }
/* The same, named otherwise in messages (the page's text). */
#define FIELD_AS(nm, sc, lb, sm, pm, mx) { .name = nm, .src = sc, \
	.label = lb, .type = MODEL_FIELD, .src_off = offsetof(S, sm), \
	.pack_off = offsetof(P, pm), .max = mx }
/* A column of the source that the pack does not hold as it is. */
#define SOURCE(sc, fl, sm, mx) { .src = sc, .type = MODEL_FIELD, \
	.flags = fl, .src_off = offsetof(S, sm), .pack_off = MODEL_NONE, \
	.max = mx }
/* A string the loader or lint made (lb: what messages call it). */
#define STRING(nm, sc, lb, fl, sm, pm, mx) { .name = nm, .src = sc, \
	.label = lb, .type = MODEL_STRING, .flags = fl, \
	.src_off = offsetof(S, sm), .pack_off = offsetof(P, pm), .max = mx }
/* Items separated by sp, each trimmed. */
#define LIST(nm, sc, fl, sm, pm, pn, sp, mx) { .name = nm, .src = sc, \
	.type = MODEL_LIST, .flags = fl, .src_off = offsetof(S, sm), \
	.pack_off = offsetof(P, pm), .pack_n = offsetof(P, pn), .sep = sp, \
	.max = mx }
#define CODEPOINT(nm, sc, fl, sm, pm, mx) { .name = nm, .src = sc, \
	.type = MODEL_CODEPOINT, .flags = fl, .src_off = offsetof(S, sm), \
	.pack_off = offsetof(P, pm), .max = mx }
/* A yes or no that lint read from a source cell (see SOURCE); the
 * reader's limit is on the integer read as text. */
#define FLAG(nm, sm, pm) { .name = nm, .type = MODEL_FLAG, \
	.src_off = offsetof(S, sm), .pack_off = offsetof(P, pm), .max = ID }
#define POSITION(nm) { .name = nm, .type = MODEL_POSITION, \
	.src_off = MODEL_NONE, .pack_off = MODEL_NONE }
#define POSITION_WITHIN(nm, sm) { .name = nm, .type = MODEL_POSITION, \
	.src_off = offsetof(S, sm), .pack_off = MODEL_NONE }
#define PARENT(nm) { .name = nm, .type = MODEL_PARENT, \
	.src_off = MODEL_NONE, .pack_off = MODEL_NONE }

#define COLS(a)	.cols = a, .ncols = sizeof a / sizeof *a

/* ================================================================ picto */

#define S src_picto
#define P pack_picto
static const model_col picto_cols[] = {
	STRING("name", "nom", NULL, REQ, name, name, ID),
	/* The reader's limit is on the integer read as text. */
	CODEPOINT("codepoint", "glyphe", REQ, codepoint, codepoint, ID),
	STRING("label", "description", NULL, 0, label, label, LINE),
};
#undef S
#undef P

const model_entity model_picto = {
	.table = "picto", .what = "pictogram", .file = "pictos.csv",
	COLS(picto_cols), .src_size = sizeof(src_picto),
	.pack_size = sizeof(pack_picto),
	.order = "name",
};

/* ================================================================ msd */

#define S src_msd
#define P pack_msd
static const model_col msd_cols[] = {
	FIELD("code", "code", REQ, code, code, ID),
	POSITION("position"),
	FIELD("name", "nom", REQ, name, name, LINE),
	FIELD("territory", "territoire", REQ, territory, territory, LINE),
	FIELD("address", "adresse", REQ | NUL, address, address, LINE),
	FIELD("phone", "telephone", REQ | NUL, phone, phone, LINE),
	FIELD("hours", "horaires", REQ | NUL, hours, hours, LINE),
	FIELD("source", "source", REQ, source, source, LINE),
};
#undef S
#undef P

/* In file order. */
const model_entity model_msd = {
	.table = "msd", .what = "MSD", .file = "msd.csv",
	COLS(msd_cols), .src_size = sizeof(src_msd),
	.pack_size = sizeof(pack_msd),
	.order = "position",
};

/* ================================================================ theme */

#define S src_theme
#define P pack_theme
static const model_col theme_cols[] = {
	FIELD("id", "id", REQ, id, id, ID),
	POSITION("position"),
	FIELD("title", "titre", REQ, title, title, LINE),
	FIELD("picto", "pictogramme", REQ, picto, picto, ID),
	SOURCE("ordre", REQ, order, ID),
	FIELD("summary", "resume", REQ, summary, summary, TEXT),
};
#undef S
#undef P

/* Sorted by `ordre` (lint_check()). */
const model_entity model_theme = {
	.table = "theme", .what = "theme", .file = "themes.csv",
	COLS(theme_cols), .src_size = sizeof(src_theme),
	.pack_size = sizeof(pack_theme),
	.order = "position",
};

/* ================================================================ page */

#define S src_page
#define P pack_page
static const model_col page_cols[] = {
	STRING("id", NULL, "the file name", 0, id, id, ID),
	POSITION("position"),
	FIELD("title", "titre", 0, title, title, LINE),
	FIELD("picto", "pictogramme", 0, picto, picto, ID),
	FIELD_AS("reviewed_on", "verifie_le", "vérifié le", reviewed_on,
	    reviewed_on, ID),
	/* From every source: line, and the text after the header. */
	FIELD_AS("sources", NULL, "the sources", sources, sources, TEXT),
	FIELD_AS("body", NULL, "the text", body, body, BODY),
};
#undef S
#undef P

/* In file name order; file: the folder of the pages. */
const model_entity model_page = {
	.table = "page", .what = "page", .file = "pages",
	COLS(page_cols), .src_size = sizeof(src_page),
	.pack_size = sizeof(pack_page),
	.order = "position",
};

/* ================================================================ offer */

/* An offer's MSDs: the rows are its codes (char *), resolved by lint. */
static const model_col offer_msd_cols[] = {
	PARENT("offer_id"),
	{ .name = "msd_code", .type = MODEL_STRING, .src_off = 0,
	    .pack_off = MODEL_NONE, .max = ID },
};

/* The reader takes them with the offer (the ' '-joined codes in the
 * msds column), not as rows. */
const model_entity model_offer_msd = {
	.table = "offer_msd", .what = "offer MSD",
	COLS(offer_msd_cols), .src_size = sizeof(char *),
	.src_rows = offsetof(src_offer, msds),
	.src_n = offsetof(src_offer, nmsds), .pack_rows = MODEL_NONE,
};

#define S src_offer
#define P pack_offer
static const model_col offer_cols[] = {
	FIELD("id", "id", REQ, id, id, ID),
	FIELD("theme", "theme", REQ, theme, theme, ID),
	POSITION_WITHIN("position", theme),
	FIELD("title", "titre", REQ, title, title, LINE),
	FIELD("summary", "resume", REQ, summary, summary, TEXT),
	FIELD("for_whom", "pour_qui", REQ, for_whom, for_whom, TEXT),
	FIELD("cost", "cout", REQ, cost, cost, TEXT),
	FIELD("how", "comment", REQ, how, how, TEXT),
	FIELD("contact", "contact", NUL, contact, contact, TEXT),
	SOURCE("msd", REQ, msd, TEXT),	/* into offer_msd */
	FIELD("qr", "qr", REQ, qr, qr, LINE),
	SOURCE("pictogramme", 0, picto, ID),
	/* Its own pictogram or its theme's. */
	STRING("picto", NULL, NULL, 0, picto_res, picto, ID),
	FIELD("reviewed_on", "verifie_le", REQ, reviewed_on, reviewed_on, ID),
	FIELD("source", "source", REQ, source, source, LINE),
	FIELD("body", "texte", NUL, body, body, BODY),
	/* Its MSDs in their order, each an MSD's code: read, not written. */
	{ .name = "msds", .type = MODEL_LIST, .src_off = MODEL_NONE,
	    .pack_off = offsetof(P, msds), .pack_n = offsetof(P, nmsds),
	    .sep = ' ', .expr = "(SELECT group_concat(code, ' ') FROM "
	    "(SELECT m.code AS code FROM offer_msd om JOIN msd m ON "
	    "m.code = om.msd_code WHERE om.offer_id = o.id ORDER BY "
	    "m.position)) AS msds", .max = BODY },
};
#undef S
#undef P

/* In file order within their theme, in the order of the themes. */
const model_entity model_offer = {
	.table = "offer", .what = "offer", .file = "offers.csv",
	COLS(offer_cols), .src_size = sizeof(src_offer),
	.pack_size = sizeof(pack_offer),
	.alias = "o", .join = "JOIN theme t ON t.id = o.theme",
	.order = "t.position, o.position", .child = &model_offer_msd,
};

/* ================================================================ glossary */

#define S src_gloss
#define P pack_gloss
static const model_col glossary_cols[] = {
	FIELD("word", "mot", REQ, word, word, LINE),
	LIST("variants", "variantes", 0, variants, variants, nvariants, '|',
	    TEXT),
	FIELD("explanation", "explication", REQ, explanation, explanation,
	    TEXT),
};
#undef S
#undef P

const model_entity model_glossary = {
	.table = "glossary", .what = "glossary word", .file = "glossary.csv",
	COLS(glossary_cols), .src_size = sizeof(src_gloss),
	.pack_size = sizeof(pack_gloss),
	.order = "word COLLATE NOCASE",
};

/* ================================================================ question */

/* A question's answers: parsed from its `reponses` cell. */
#define S src_answer
#define P pack_answer
static const model_col answer_cols[] = {
	PARENT("question_id"),
	POSITION("position"),
	STRING("picto", NULL, "reponses (a pictogram)", 0, picto, picto, ID),
	STRING("label", NULL, "reponses (an answer)", 0, label, label, LINE),
};
#undef S
#undef P

const model_entity model_answer = {
	.table = "answer", .what = "answer of question",
	COLS(answer_cols), .src_size = sizeof(src_answer),
	.pack_size = sizeof(pack_answer),
	.src_rows = offsetof(src_question, ans),
	.src_n = offsetof(src_question, nans),
	.pack_rows = offsetof(pack_question, answers),
	.pack_n = offsetof(pack_question, nanswers),
	.order = "position",
};

#define S src_question
#define P pack_question
static const model_col question_cols[] = {
	FIELD("id", "id", REQ, id, id, ID),
	POSITION("position"),
	SOURCE("ordre", REQ, order, ID),
	FIELD("text", "question", REQ, text, text, TEXT),
	SOURCE("reponses", REQ, answers, TEXT),	/* into answer */
	/* Optional: a sheet saved before it existed means one answer. */
	SOURCE("plusieurs", 0, several, ID),
	FLAG("multiple", multiple, multiple),
};
#undef S
#undef P

/* Sorted by `ordre` (lint_check()); no questions.csv: no questions. */
const model_entity model_question = {
	.table = "question", .what = "question", .file = "questions.csv",
	.optional = 1, COLS(question_cols), .src_size = sizeof(src_question),
	.pack_size = sizeof(pack_question),
	.order = "position", .child = &model_answer,
};

/* ================================================================ languages */

/* Both come from i18n_src.c's loader, not from a CSV of their own. */
#define S src_lang
#define P pack_lang
static const model_col language_cols[] = {
	STRING("code", NULL, "language code", REQ, code, code, ID),
	POSITION("position"),
	STRING("name", NULL, "ui.langue", REQ, name, name, LINE),
	FLAG("rtl", rtl, rtl),
};
#undef S
#undef P

const model_entity model_language = {
	.table = "language", .what = "language",
	COLS(language_cols), .src_size = sizeof(src_lang),
	.pack_size = sizeof(pack_lang),
	.order = "position",
};

#define S src_tr
#define P pack_tr
static const model_col translation_cols[] = {
	STRING("lang", NULL, "language code", REQ, lang, lang, ID),
	STRING("key", NULL, "clé", REQ, key, key, LINE),
	STRING("text", NULL, "texte", REQ, text, text, BODY),
};
#undef S
#undef P

const model_entity model_translation = {
	.table = "translation", .what = "translation",
	COLS(translation_cols), .src_size = sizeof(src_tr),
	.pack_size = sizeof(pack_tr),
	.order = "lang, key",
};

/* ================================================================ all */

const model_entity *const model_entities[] = {
	&model_picto, &model_msd, &model_theme, &model_page, &model_offer,
	&model_glossary, &model_question, &model_language, &model_translation,
};
const size_t model_nentities = sizeof model_entities / sizeof *model_entities;

void *
model_member(const void *row, size_t off)
{
	return (char *)row + off;
}

void *
model_at(const void *rows, size_t size, size_t i, size_t off)
{
	return (char *)rows + i * size + off;
}

void *
model_rows(const void *base, size_t off)
{
	void *rows;

	memcpy(&rows, (const char *)base + off, sizeof rows);
	return rows;
}

void
model_set_rows(void *base, size_t off, void *rows)
{
	memcpy((char *)base + off, &rows, sizeof rows);
}

size_t *
model_count(const void *base, size_t off)
{
	return (size_t *)((char *)base + off);
}

const char *
model_string(const void *base, size_t off)
{
	const char *v;

	memcpy(&v, (const char *)base + off, sizeof v);
	return v ? v : "";
}
