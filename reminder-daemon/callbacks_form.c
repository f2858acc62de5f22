/* Form decoding, the http backend's callback templates and Twilio's
 * request signature, for the listener. */
#include "callbacks.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..n) ('+' is a space) into a new string. */
static char *
decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+')
			*o++ = ' ';
		else if (s[i] == '%') {
			int h, l;

			/* "%" + two hex digits, and never a NUL ("%00"): it
			 * would cut the value short further on. */
			if (i + 2 >= n || (h = hexval(s[i + 1])) < 0 ||
			    (l = hexval(s[i + 2])) < 0 || (h | l) == 0) {
				free(out);
				return NULL;
			}
			*o++ = (char)(h << 4 | l);
			i += 2;
		} else
			*o++ = s[i];
	}
	*o = '\0';
	return out;
}

int
callbacks_form_parse(const char *s, size_t len, struct cb_param **params, int *n)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i, eq;
		char *k, *v;

		while (j < len && s[j] != '&')
			j++;
		if (j > i) {
			for (eq = i; eq < j && s[eq] != '='; eq++)
				;
			k = decode(s + i, eq - i);
			v = decode(s + (eq < j ? eq + 1 : j), eq < j ? j - eq - 1 : 0);
			if (k == NULL || v == NULL || memchr(s + i, 0, j - i) != NULL) {
				free(k);
				free(v);
				return -1;
			}
			*params = xrealloc(*params, (size_t)(*n + 1) * sizeof **params);
			(*params)[*n].name = k;
			(*params)[*n].value = v;
			(*n)++;
		}
		i = j + 1;
	}
	return 0;
}

void
callbacks_params_free(struct cb_param *params, int n)
{
	for (int i = 0; i < n; i++) {
		free(params[i].name);
		free(params[i].value);
	}
	free(params);
}

/* A provider's field name as a template gives it: what a form carries
 * once decoded, without the characters that encoding would change. */
static int
good_name(const char *s, size_t n)
{
	if (n == 0 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f ||
		    strchr("&=%+{}#", s[i]) != NULL)
			return 0;
	return !(n == 5 && memcmp(s, "token", 5) == 0);
}

int
callbacks_template_parse(const char *tpl, const char *const *fields, int n,
    char **names, err_t *e)
{
	const char *p = tpl;

	for (int i = 0; i < n; i++)
		names[i] = NULL;
	while (*p) {
		size_t len = strcspn(p, "&"), nlen;
		const char *eq = memchr(p, '=', len), *f;
		int i;

		if (len == 0) {
			p++;
			continue;
		}
		if (eq == NULL || !good_name(p, nlen = (size_t)(eq - p)) ||
		    eq[1] != '{' || p[len - 1] != '}' || p + len - 1 <= eq + 1) {
			err_set(e, "'%.*s' is not NAME={field} (NAME: the provider's "
			    "field, letters, digits, '_', '-', '.', not token)",
			    (int)(len > 80 ? 80 : len), p);
			goto fail;
		}
		f = eq + 2;
		for (i = 0; i < n; i++)
			if (strlen(fields[i]) == (size_t)(p + len - 1 - f) &&
			    memcmp(f, fields[i], strlen(fields[i])) == 0)
				break;
		if (i == n) {
			err_set(e, "unknown field {%.*s}", (int)(p + len - 1 - f), f);
			goto fail;
		}
		if (names[i] != NULL) {
			err_set(e, "{%s} is given twice", fields[i]);
			goto fail;
		}
		for (int j = 0; j < n; j++)
			if (names[j] && strlen(names[j]) == nlen &&
			    memcmp(names[j], p, nlen) == 0) {
				err_set(e, "the name '%s' is given twice", names[j]);
				goto fail;
			}
		names[i] = xmalloc(nlen + 1);
		memcpy(names[i], p, nlen);
		names[i][nlen] = '\0';
		p += len;
	}
	return 0;
fail:
	for (int i = 0; i < n; i++) {
		free(names[i]);
		names[i] = NULL;
	}
	return -1;
}

static int
by_name(const void *a, const void *b)
{
	const struct cb_param *x = a, *y = b;

	return strcmp(x->name, y->name);
}

void
callbacks_twilio_sign(const char *token, const char *url,
    const struct cb_param *params, int n, char *out, size_t outsz)
{
	struct cb_param *sorted = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *sorted);
	strbuf data = STRBUF_INIT;
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned maclen = 0;
	unsigned char b64[64];

	/* memcpy from NULL is undefined even for 0 bytes: an empty POST
	 * has no parameters (found by tests/fuzz/fuzz_form.c). */
	if (n > 0)
		memcpy(sorted, params, (size_t)n * sizeof *sorted);
	qsort(sorted, (size_t)n, sizeof *sorted, by_name);
	strbuf_puts(&data, url);
	for (int i = 0; i < n; i++) {
		strbuf_puts(&data, sorted[i].name);
		strbuf_puts(&data, sorted[i].value);
	}
	/* OpenSSL's libcrypto (libssl-dev): libsodium has no SHA-1, and
	 * Twilio signs with HMAC-SHA1. */
	HMAC(EVP_sha1(), token, (int)strlen(token),
	    (const unsigned char *)strbuf_str(&data), data.len, mac, &maclen);
	EVP_EncodeBlock(b64, mac, (int)maclen);
	snprintf(out, outsz, "%s", (const char *)b64);
	strbuf_free(&data);
	free(sorted);
}
