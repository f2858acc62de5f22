/*
 * fuzz_form.c - what providers send the callback listener: form and
 * query decoding (callbacks_form_parse), the http backend's callback
 * templates (callbacks_template_parse) and Twilio's signature
 * (callbacks_twilio_sign), all in reminder-daemon/callbacks_form.c.
 *
 * Properties:
 *   - the parser refuses exactly what a reference reading of
 *     application/x-www-form-urlencoded finds broken (a '%' not followed
 *     by two hex digits in its name or value, "%00", a NUL byte), and
 *     otherwise gives the pairs that reading gives, in order, one per
 *     non-empty '&'-separated part;
 *   - round trip: the pairs encoded again and parsed give the same pairs;
 *   - a template accepted names distinct fields by distinct names that
 *     need no encoding (and never "token"), and a form built with those
 *     names, parsed, gives each field its value back;
 *   - Twilio's signature does not depend on the order of the parameters
 *     (it sorts them by name) and is 28 characters of base64.
 */
#include "fuzz.h"
#include "callbacks.h"
#include "strbuf.h"

static int
hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The reference decoding of s[0..n) into out (n + 1 bytes); -1 if
 * broken. */
static int
ref_decode(const char *s, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\0')
			return -1;
		if (s[i] != '%') {
			out[o++] = s[i] == '+' ? ' ' : s[i];
			continue;
		}
		if (i + 2 >= n || hex((unsigned char)s[i + 1]) < 0 ||
		    hex((unsigned char)s[i + 2]) < 0)
			return -1;
		out[o] = (char)(hex((unsigned char)s[i + 1]) << 4 |
		    hex((unsigned char)s[i + 2]));
		if (out[o++] == '\0')
			return -1;
		i += 2;
	}
	out[o] = '\0';
	return 0;
}

/* The reference reading: n pairs into names/values (each a malloc'd
 * string); -1 if broken. */
static int
ref_parse(const char *s, size_t len, char ***names, char ***values, int *n)
{
	*n = 0;
	*names = calloc(len + 1, sizeof **names);
	*values = calloc(len + 1, sizeof **values);
	for (size_t i = 0; i <= len;) {
		size_t j = i, eq;

		while (j < len && s[j] != '&')
			j++;
		if (j > i) {
			for (eq = i; eq < j && s[eq] != '='; eq++)
				;
			char *k = malloc(eq - i + 1);
			char *v = malloc(j - eq + 1);

			(*names)[*n] = k;
			(*values)[*n] = v;
			(*n)++;
			if (ref_decode(s + i, eq - i, k) < 0 ||
			    ref_decode(s + eq + (eq < j), eq < j ? j - eq - 1 : 0, v) < 0)
				return -1;
		}
		i = j + 1;
	}
	return 0;
}

static void
ref_free(char **names, char **values, int n)
{
	for (int i = 0; i < n; i++) {
		free(names[i]);
		free(values[i]);
	}
	free(names);
	free(values);
}

/* As a provider would send it: unreserved characters as they are, a
 * space as '+', every other byte %XX. */
static void
encode(strbuf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p))
			strbuf_putc(b, (char)*p);
		else if (*p == ' ')
			strbuf_putc(b, '+');
		else
			strbuf_printf(b, "%%%02X", *p);
	}
}

/* Sorted by name before signing: the order given does not count (when
 * no name is given twice: then the values' order would). */
static void
check_sign(const struct cb_param *p, int n)
{
	struct cb_param *rev = malloc((size_t)(n > 0 ? n : 1) * sizeof *rev);
	char a[64], b[64];

	for (int i = 0; i < n; i++) {
		rev[i] = p[n - 1 - i];
		for (int j = 0; j < i; j++)
			if (strcmp(p[i].name, p[j].name) == 0) {
				free(rev);
				return;
			}
	}
	callbacks_twilio_sign("auth-token", "https://msd.example/twilio/sms",
	    p, n, a, sizeof a);
	callbacks_twilio_sign("auth-token", "https://msd.example/twilio/sms",
	    rev, n, b, sizeof b);
	PROP(strcmp(a, b) == 0, "signature depends on the order: %s %s", a, b);
	PROP(strlen(a) == 28 && strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
	    "klmnopqrstuvwxyz0123456789+/=") == 28, "signature '%s'", a);
	free(rev);
}

/* A template accepted gives names that a form carries intact. */
static void
check_template(const char *tpl, const char *const *fields, int nf)
{
	char *names[8];
	struct cb_param *p = NULL;
	strbuf b = STRBUF_INIT;
	err_t e;
	int n = 0;

	if (callbacks_template_parse(tpl, fields, nf, names, &e) < 0) {
		PROP(e.msg[0] != '\0', "template refused without a message");
		return;
	}
	strbuf_puts(&b, "token=x");
	for (int i = 0; i < nf; i++) {
		if (names[i] == NULL)
			continue;
		PROP(names[i][0] && strcmp(names[i], "token") != 0 &&
		    strpbrk(names[i], "&=%+{}# ") == NULL, "name '%s'", names[i]);
		for (int j = 0; j < i; j++)
			PROP(names[j] == NULL || strcmp(names[i], names[j]) != 0,
			    "name '%s' twice", names[i]);
		strbuf_putc(&b, '&');
		encode(&b, names[i]);
		strbuf_printf(&b, "=v%d+a%%26b%%3Dc%%25", i);	/* "vI a&b=c%" */
	}
	PROP(callbacks_form_parse(b.s, b.len, &p, &n) == 0, "form of the "
	    "template refused: %s", b.s);
	for (int i = 0; i < nf; i++) {
		char want[32];
		int found = 0;

		if (names[i] == NULL)
			continue;
		snprintf(want, sizeof want, "v%d a&b=c%%", i);
		for (int k = 0; k < n; k++)
			if (strcmp(p[k].name, names[i]) == 0) {
				PROP(strcmp(p[k].value, want) == 0, "field {%s} as "
				    "'%s' came back as '%s'", fields[i], names[i],
				    p[k].value);
				found = 1;
			}
		PROP(found, "field {%s} as '%s' not found in %s", fields[i],
		    names[i], b.s);
		free(names[i]);
	}
	callbacks_params_free(p, n);
	strbuf_free(&b);
}

static void
check_parse(const char *data, size_t size)
{
	struct cb_param *p = NULL, *again = NULL;
	char **rn, **rv;
	int n = 0, m = 0, rn_n;
	int rc = callbacks_form_parse(data, size, &p, &n);
	int ref = ref_parse(data, size, &rn, &rv, &rn_n);
	strbuf b = STRBUF_INIT;

	PROP(rc == ref, "parser says %d, reference %d", rc, ref);
	if (rc == 0) {
		PROP(n == rn_n, "%d pairs, reference %d", n, rn_n);
		for (int i = 0; i < n; i++)
			PROP(strcmp(p[i].name, rn[i]) == 0 &&
			    strcmp(p[i].value, rv[i]) == 0, "pair %d: '%s'='%s', "
			    "reference '%s'='%s'", i, p[i].name, p[i].value, rn[i],
			    rv[i]);
		strbuf_puts(&b, "");
		for (int i = 0; i < n; i++) {
			if (i)
				strbuf_putc(&b, '&');
			encode(&b, p[i].name);
			strbuf_putc(&b, '=');
			encode(&b, p[i].value);
		}
		/* A pair "=" (empty name and value) encodes as "=": still
		 * one part, so the count holds. */
		PROP(callbacks_form_parse(b.s, b.len, &again, &m) == 0,
		    "re-encoded form refused: %s", b.s);
		PROP(m == n, "re-encoded: %d pairs, was %d", m, n);
		for (int i = 0; i < n; i++)
			PROP(strcmp(p[i].name, again[i].name) == 0 &&
			    strcmp(p[i].value, again[i].value) == 0,
			    "re-encoded pair %d differs", i);
		check_sign(p, n);
	}
	callbacks_params_free(p, n);
	callbacks_params_free(again, m);
	ref_free(rn, rv, rn_n);
	strbuf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const dlr[] = { "ref", "provider_id", "status",
	    "reason" };
	static const char *const mo[] = { "from", "text", "id" };
	char *tpl = fuzz_cstr(data, size);

	check_parse((const char *)data, size);
	check_template(tpl, dlr, 4);
	check_template(tpl, mo, 3);
	free(tpl);
	return 0;
}
