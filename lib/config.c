#include "config.h"
#include "strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct entry {
	char *section, *key, *value;
	int line;
};

struct config {
	char *path;
	struct entry *v;
	size_t n, cap;
};

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static void
add(config *c, const char *sec, const char *key, const char *val, int line)
{
	/* Later values win: replace in place so that lookups stay simple. */
	for (size_t i = 0; i < c->n; i++) {
		if (strcasecmp(c->v[i].section, sec) == 0 &&
		    strcasecmp(c->v[i].key, key) == 0) {
			free(c->v[i].value);
			c->v[i].value = xstrdup(val);
			c->v[i].line = line;
			return;
		}
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n++] = (struct entry){ xstrdup(sec), xstrdup(key), xstrdup(val), line };
}

config *
config_parse(const char *text, const char *name, err_t *e)
{
	config *c = xcalloc(1, sizeof *c);
	char *copy = xstrdup(text), *line, *next;
	char section[128] = "";
	int lineno = 0;
	const char *p = copy;

	c->path = xstrdup(name);
	/* Skip a UTF-8 BOM written by Windows editors. */
	if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	for (line = (char *)p; line != NULL; line = next) {
		char *s, *eq, *key, *val;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		s = trim(line);
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *end = strchr(s, ']');

			if (end == NULL || end[1] != '\0' || end - s - 1 >= (long)sizeof section) {
				err_set(e, "%s:%d: bad section header '%s': write it as [name]",
				    name, lineno, s);
				goto fail;
			}
			*end = '\0';
			snprintf(section, sizeof section, "%s", trim(s + 1));
			continue;
		}
		eq = strchr(s, '=');
		if (eq == NULL) {
			err_set(e, "%s:%d: '%s' is not 'key = value'", name, lineno, s);
			goto fail;
		}
		*eq = '\0';
		key = trim(s);
		val = trim(eq + 1);
		if (*key == '\0') {
			err_set(e, "%s:%d: a value has no key before '='", name, lineno);
			goto fail;
		}
		if (section[0] == '\0') {
			err_set(e, "%s:%d: '%s' comes before any [section]", name, lineno, key);
			goto fail;
		}
		/* Optional quotes keep leading or trailing spaces. */
		size_t vl = strlen(val);
		if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
			val[vl - 1] = '\0';
			val++;
		}
		add(c, section, key, val, lineno);
	}
	free(copy);
	return c;
fail:
	free(copy);
	config_free(c);
	return NULL;
}

config *
config_load(const char *path, err_t *e)
{
	FILE *f = fopen(path, "r");
	strbuf b = STRBUF_INIT;
	char buf[4096];
	size_t n;
	config *c;

	if (f == NULL) {
		err_set(e, "cannot read config %s: %s (give another file with -c)",
		    path, strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&b, buf, n);
	fclose(f);
	c = config_parse(strbuf_str(&b), path, e);
	strbuf_free(&b);
	return c;
}

void
config_free(config *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].section);
		free(c->v[i].key);
		free(c->v[i].value);
	}
	free(c->v);
	free(c->path);
	free(c);
}

const char *
config_path(const config *c)
{
	return c->path;
}

static const struct entry *
find(const config *c, const char *section, const char *key)
{
	if (c == NULL)
		return NULL;
	for (size_t i = 0; i < c->n; i++)
		if (strcasecmp(c->v[i].section, section) == 0 &&
		    strcasecmp(c->v[i].key, key) == 0)
			return &c->v[i];
	return NULL;
}

const char *
config_get(const config *c, const char *section, const char *key)
{
	const struct entry *en = find(c, section, key);

	return en ? en->value : NULL;
}

const char *
config_str(const config *c, const char *section, const char *key,
    const char *def)
{
	const char *v = config_get(c, section, key);

	return (v && *v) ? v : def;
}

int
config_line(const config *c, const char *section, const char *key)
{
	const struct entry *en = find(c, section, key);

	return en ? en->line : 0;
}

int
config_int(const config *c, const char *section, const char *key,
    long def, long min, long max, long *out, err_t *e)
{
	const struct entry *en = find(c, section, key);
	char *end;
	long v;

	if (en == NULL || en->value[0] == '\0') {
		*out = def;
		return 0;
	}
	errno = 0;
	v = strtol(en->value, &end, 10);
	if (errno || *end != '\0' || v < min || v > max)
		return err_set(e, "%s:%d: [%s] %s = '%s': expected a whole number "
		    "from %ld to %ld", c->path, en->line, section, key, en->value,
		    min, max);
	*out = v;
	return 0;
}

int
config_bool(const config *c, const char *section, const char *key,
    int def, int *out, err_t *e)
{
	static const char *const yes[] = { "yes", "oui", "true", "on", "1" };
	static const char *const no[] = { "no", "non", "false", "off", "0" };
	const struct entry *en = find(c, section, key);

	if (en == NULL || en->value[0] == '\0') {
		*out = def;
		return 0;
	}
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		if (strcasecmp(en->value, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(en->value, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return err_set(e, "%s:%d: [%s] %s = '%s': expected yes or no",
	    c->path, en->line, section, key, en->value);
}

void
config_each_section(const config *c, const char *prefix,
    void (*fn)(const char *suffix, void *arg), void *arg)
{
	size_t pl = strlen(prefix);

	for (size_t i = 0; i < c->n; i++) {
		int seen = 0;

		if (strncasecmp(c->v[i].section, prefix, pl) != 0)
			continue;
		/* Report each section once: at its first key. */
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcasecmp(c->v[j].section, c->v[i].section) == 0;
		if (!seen)
			fn(c->v[i].section + pl, arg);
	}
}
