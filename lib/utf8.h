/*
 * utf8.h - the little UTF-8 both programs need: validate, decode, convert
 * from Windows-1252 (French spreadsheets), and fold for matching names.
 */
#ifndef MSD_UTF8_H
#define MSD_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t n);

/* Length of the well-formed sequence at s[0..n): 1 for ASCII, 2 to 4,
 * or 0 if the bytes there are not UTF-8 (or the sequence is cut). */
size_t utf8_seq_len(const char *s, size_t n);

/* 1 for a code point that has no business in a line of text, invisible
 * or able to change how a terminal or a phone shows what follows: C0
 * controls but tab, LF and CR; DEL; C1 controls; zero-width characters
 * and bidirectional controls; U+FEFF (a BOM anywhere but at the start of
 * a file). */
int utf8_is_hidden(uint32_t cp);

/* Offset of the first hidden code point (utf8_is_hidden) in the valid
 * UTF-8 s[0..n), its value in *cp (may be NULL), or -1 if there is none. */
long utf8_find_hidden(const char *s, size_t n, uint32_t *cp);

/* A copy of s that is safe to put in a message: C0 controls and DEL as
 * \xHH, other hidden code points as \uHHHH, bytes that are not UTF-8 as
 * \xHH; cut after max code points with "...".  Returns a new string. */
char *utf8_escape(const char *s, size_t max);

/* Decodes one code point at *p and advances *p.  Returns 0 at the end of
 * the string, U+FFFD (advancing one byte) on a malformed sequence. */
uint32_t utf8_next(const char **p);

/* Writes cp as UTF-8 into out (at least 4 bytes); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);

/* Number of code points in s. */
size_t utf8_len(const char *s);

/* Converts n bytes of Windows-1252 to a new UTF-8 string (iconv).
 * Returns NULL if iconv cannot (it never should for 1252). */
char *utf8_from_cp1252(const char *s, size_t n);

/* Folds a name for matching: lowercase, accents removed, any run of
 * spaces, '-', '_', '.' or apostrophes becomes one '_', ends trimmed.
 * "Téléphone" and "TELEPHONE " both give "telephone"; "N° RDV" "n_rdv".
 * Returns a new string. */
char *utf8_fold(const char *s);
/* One code point as utf8_fold() folds it: writes its letters or digit
 * into out and returns how many bytes (1, or 2 for Æ and Œ, and for a
 * Cyrillic or Arabic letter: its small letter's UTF-8); 0 for a code
 * point it drops (the ° of N°, an Arabic vowel mark); -1 for a
 * separator. */
int utf8_fold_cp(uint32_t cp, char out[2]);

/* The unaccented lowercase ASCII letter for a Latin letter, or 0. */
char utf8_base_letter(uint32_t cp);

#endif
