/*
 * model.h - every entity of the content described once: its row as the
 * sources give it (src_*) and as the pack holds it (pack_*), and a table
 * (model.c) that gives its table in the pack (schema/content.sql), its
 * source (assets/content/README.md), and for each column its names,
 * where its value lives in both rows, its type and its longest value
 * (content_limits.h).
 *
 * The three programs that move content are loops over these tables:
 *   lint_sources.c  reads the CSV columns named here into the src_* rows,
 *                   frees them, and checks every value against its limit;
 *   build.c         writes each INSERT from the pack columns and binds
 *                   each value from its source row;
 *   pack.c          writes each SELECT, refuses a value over its limit,
 *                   copies each column into its pack_* row and frees it.
 * A plain text field of an offer is its line in schema/content.sql, its
 * member in src_offer and in pack_offer below, and one row in model.c.
 * Where the rows of each entity are kept, content_src (lint_sources.h)
 * and struct pack (pack.h) say.
 *
 * The pack schema itself stays in schema/content.sql (the binaries carry
 * it, and a pack's schema version says what it holds); test_pack checks
 * that it and these tables name the same columns.
 */
#ifndef MSD_MODEL_H
#define MSD_MODEL_H

#include <stddef.h>
#include <stdint.h>

/* ================================================================ rows
 * Each entity as its source gives it (src_*: every value with the line
 * it starts on, for lint's messages) and as the pack holds it (pack_*:
 * strings never NULL, "" when absent). */

/* A value read from a source file, and the line it starts on. */
typedef struct src_field {
	char *v;		/* never NULL: "" when absent */
	int line;
} src_field;

/* pictos.csv -> picto */
typedef struct src_picto {
	char *name, *label;
	uint32_t codepoint;
	int line;
} src_picto;

typedef struct pack_picto {
	char *name, *label;
	uint32_t codepoint;		/* glyph in the FontAwesome 4.7 font */
} pack_picto;

/* msd.csv -> msd */
typedef struct src_msd {
	src_field code, name, territory, address, phone, hours, source;
} src_msd;

typedef struct pack_msd {
	char *code, *name, *territory, *address, *phone, *hours, *source;
} pack_msd;

/* themes.csv -> theme */
typedef struct src_theme {
	src_field id, title, picto, order, summary;
	long ord;
} src_theme;

typedef struct pack_theme {
	char *id, *title, *picto, *summary;
} pack_theme;

/* pages/NN-id.txt -> page */
typedef struct src_page {
	char *file;		/* path, for messages */
	char *id;		/* from the file name */
	src_field title, picto, reviewed_on;
	src_field sources;	/* one per line */
	src_field body;		/* line: where the text starts */
} src_page;

typedef struct pack_page {
	char *id, *title, *picto, *reviewed_on, *body;
	char *sources;			/* one per line */
} pack_page;

/* offers.csv -> offer, offer_msd */
typedef struct src_offer {
	src_field id, theme, title, summary, for_whom, cost, how, contact;
	src_field msd, qr, picto, reviewed_on, source, body;
	/* Resolved by lint_check(): */
	const char *picto_res;	/* the offer's pictogram, or its theme's */
	char **msds;		/* codes of msd.csv ("toutes" = all) */
	size_t nmsds;
} src_offer;

typedef struct pack_offer {
	char *id, *theme, *title, *summary, *for_whom, *cost, *how, *contact;
	char *qr, *picto, *reviewed_on, *source, *body;
	char **msds;			/* MSD codes where it exists */
	size_t nmsds;
} pack_offer;

/* glossary.csv -> glossary */
typedef struct src_gloss {
	src_field word, variants, explanation;
} src_gloss;

typedef struct pack_gloss {
	char *word, *explanation;
	char **variants;		/* other written forms */
	size_t nvariants;
} pack_gloss;

/* questions.csv -> question, answer (its `reponses`) */
typedef struct src_answer {
	char *picto, *label;
} src_answer;

typedef struct pack_answer {
	char *picto, *label;
} pack_answer;

typedef struct src_question {
	src_field id, order, text, answers;
	src_field several;	/* the `plusieurs` cell, "" if no column */
	long ord;
	int multiple;		/* `plusieurs` read by lint: oui 1, non 0 */
	src_answer *ans;
	size_t nans;
} src_question;

typedef struct pack_question {
	char *id, *text;
	int multiple;		/* 1: the person may pick several answers */
	pack_answer *answers;
	size_t nanswers;
} pack_question;

/* traductions/LANG/ -> language: a language the kiosk can be read in,
 * French first (the reference).  Its name is in its own script. */
typedef struct src_lang {
	char *code;		/* "fr", "en", "ar", "uk": the folder's name */
	char *name;		/* "Français", "العربية": its ui.langue text */
	char *dir;		/* traductions/LANG, for messages ("" for fr) */
	int rtl;		/* written right to left (Arabic) */
} src_lang;

typedef struct pack_lang {
	char *code, *name;
	int rtl;
} pack_lang;

/* interface.csv and traductions/LANG/ -> translation: one text of one
 * language by its key (i18n_src.h names the keys: "offre.ID.titre",
 * "ui.retour"...).  French has only the interface's words here: its
 * other texts are the rows above. */
typedef struct src_tr {
	char *lang, *key, *text;
	char *from;		/* traduit_de: fingerprint of the French it was
				 * translated from, "" if none */
	const char *file;	/* where it was read (the language's) */
	int line;
} src_tr;

typedef struct pack_tr {
	char *lang, *key, *text;
} pack_tr;

/* ================================================================ tables */

/* An offset that is not there: a column with no source value, or one the
 * pack reader does not copy. */
#define MODEL_NONE	((size_t)-1)

/* How a column's value is held, in the source row -> the pack -> the
 * pack row. */
enum model_type {
	MODEL_FIELD,	/* src_field -> TEXT -> char *: most values */
	MODEL_STRING,	/* char * -> TEXT -> char *: a value derived from the
			 * sources (a page's id, an offer's resolved
			 * pictogram) or read by hand (pictos, answers) */
	MODEL_LIST,	/* src_field -> TEXT, items joined by sep, each
			 * trimmed -> char ** and its size_t count */
	MODEL_CODEPOINT,/* uint32_t -> INTEGER -> uint32_t */
	MODEL_FLAG,	/* int -> INTEGER -> int, 0 or 1: a yes or no that lint
			 * read from its cell (a question's `plusieurs`) */
	MODEL_POSITION,	/* the row's place from 1 -> INTEGER; not copied,
			 * the reader orders by it */
	MODEL_PARENT,	/* a child row's parent: the parent's key (its first
			 * column) -> TEXT; not copied */
};

/* Flags of a column. */
#define MODEL_REQUIRED	1	/* its source column must be there (E-COL) */
#define MODEL_NULL	2	/* empty is NULL in the pack (no NOT NULL) */

typedef struct model_col {
	const char *name;	/* in the pack; NULL: a value of the sources
				 * only (an offer's msd cell, `ordre`) */
	const char *src;	/* its column in the CSV source (folded), or
				 * its key in a page's header; NULL: none */
	const char *label;	/* what messages call it when src does not */
	enum model_type type;
	int flags;		/* MODEL_REQUIRED, MODEL_NULL */
	size_t src_off;		/* in the source row, MODEL_NONE: none.  For
				 * MODEL_POSITION, the src_field that the rows
				 * are counted within (an offer's theme) */
	size_t pack_off;	/* in the pack row, MODEL_NONE: not copied */
	size_t pack_n;		/* MODEL_LIST: its count in the pack row */
	char sep;		/* MODEL_LIST: between two items */
	const char *expr;	/* the reader's SELECT expression for a value
				 * that is no column of the table, or NULL */
	size_t max;		/* its longest value in bytes */
} model_col;

typedef struct model_entity {
	const char *table;	/* in the pack */
	const char *what;	/* in the builder's messages: "offer" */
	const char *file;	/* its source in the content folder, or NULL */
	int optional;		/* that file may be missing */
	const model_col *cols;
	size_t ncols;
	size_t src_size, pack_size;	/* of one row */
	/* A child's rows and their count in its parent's source and pack
	 * rows.  pack_rows MODEL_NONE: the reader does not read them as
	 * rows. */
	size_t src_rows, src_n, pack_rows, pack_n;
	/* The reader's query: SELECT cols FROM table [alias] [join]
	 * [WHERE parent = ?1] ORDER BY order. */
	const char *alias, *join, *order;
	const struct model_entity *child;	/* rows that belong to a row */
} model_entity;

extern const model_entity model_picto, model_msd, model_theme, model_page,
    model_offer, model_offer_msd, model_glossary, model_question,
    model_answer, model_language, model_translation;

/* The top-level entities, each after those its rows refer to: the order
 * the builder writes them in. */
extern const model_entity *const model_entities[];
extern const size_t model_nentities;

/* The member at off of row, and of row i of the array rows of rows of
 * size bytes. */
void *model_member(const void *row, size_t off);
void *model_at(const void *rows, size_t size, size_t i, size_t off);
/* The array of rows (an array of structs) at off in base, and setting it:
 * through memcpy, as the member's type is not void *. */
void *model_rows(const void *base, size_t off);
void model_set_rows(void *base, size_t off, void *rows);
/* The count at off in base. */
size_t *model_count(const void *base, size_t off);
/* The string at off in base (a char * or a const char *), "" for NULL. */
const char *model_string(const void *base, size_t off);

#endif
