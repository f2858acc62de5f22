#include "config.h"
#include "strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct entry {
	char *section, *key, *value;
	int line;
};

/* Open addressing over indices (i + 1; 0 is an empty slot), so that a
 * config of 40,000 keys loads in linear time, not quadratic. */
struct slot {
	uint64_t h;
	size_t i;
};

struct index {
	struct slot *s;
	size_t cap, used;	/* cap: a power of two */
};

struct config {
	char *path;
	struct entry *v;
	size_t n, cap;
	struct index keys;	/* section + key -> v[] */
	size_t *sections;	/* v[] index of each section's first key */
	size_t nsec, capsec;
	struct index secs;	/* section -> sections[] */
};

/* FNV-1a of the case-folded bytes of a, then (if b) a separator and b. */
static uint64_t
hash2(const char *a, const char *b)
{
	uint64_t h = 14695981039346656037ULL;

	for (const unsigned char *p = (const unsigned char *)a; *p; p++)
		h = (h ^ (uint64_t)tolower(*p)) * 1099511628211ULL;
	if (b != NULL) {
		h = (h ^ 0x1f) * 1099511628211ULL;
		for (const unsigned char *p = (const unsigned char *)b; *p; p++)
			h = (h ^ (uint64_t)tolower(*p)) * 1099511628211ULL;
	}
	return h;
}

static void
index_insert(struct index *ix, uint64_t h, size_t i)
{
	size_t mask, pos;

	if ((ix->used + 1) * 2 > ix->cap) {
		struct index big = { xcalloc(ix->cap ? ix->cap * 2 : 64,
		    sizeof *big.s), ix->cap ? ix->cap * 2 : 64, 0 };

		for (size_t k = 0; k < ix->cap; k++)
			if (ix->s[k].i != 0)
				index_insert(&big, ix->s[k].h, ix->s[k].i - 1);
		free(ix->s);
		*ix = big;
	}
	mask = ix->cap - 1;
	for (pos = (size_t)h & mask; ix->s[pos].i != 0; pos = (pos + 1) & mask)
		;
	ix->s[pos].h = h;
	ix->s[pos].i = i + 1;
	ix->used++;
}

/* The v[] index of section.key, or -1. */
static long
find_index(const config *c, const char *section, const char *key)
{
	uint64_t h = hash2(section, key);
	size_t mask = c->keys.cap - 1;

	if (c->keys.cap == 0)
		return -1;
	for (size_t pos = (size_t)h & mask; c->keys.s[pos].i != 0;
	    pos = (pos + 1) & mask) {
		const struct entry *en = &c->v[c->keys.s[pos].i - 1];

		if (c->keys.s[pos].h == h && strcasecmp(en->section, section) == 0 &&
		    strcasecmp(en->key, key) == 0)
			return (long)(c->keys.s[pos].i - 1);
	}
	return -1;
}

/* 1 if some key of section was seen. */
static int
section_seen(const config *c, const char *section)
{
	uint64_t h = hash2(section, NULL);
	size_t mask = c->secs.cap - 1;

	if (c->secs.cap == 0)
		return 0;
	for (size_t pos = (size_t)h & mask; c->secs.s[pos].i != 0;
	    pos = (pos + 1) & mask)
		if (c->secs.s[pos].h == h && strcasecmp(c->v[c->sections[
		    c->secs.s[pos].i - 1]].section, section) == 0)
			return 1;
	return 0;
}

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
	long i = find_index(c, sec, key);

	/* Later values win: replace in place so that lookups stay simple. */
	if (i >= 0) {
		free(c->v[i].value);
		c->v[i].value = xstrdup(val);
		c->v[i].line = line;
		return;
	}
	if (!section_seen(c, sec)) {
		if (c->nsec == c->capsec) {
			c->capsec = c->capsec ? c->capsec * 2 : 16;
			c->sections = xrealloc(c->sections,
			    c->capsec * sizeof *c->sections);
		}
		c->sections[c->nsec] = c->n;
		index_insert(&c->secs, hash2(sec, NULL), c->nsec++);
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n] = (struct entry){ xstrdup(sec), xstrdup(key), xstrdup(val), line };
	index_insert(&c->keys, hash2(sec, key), c->n++);
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

/* Far more than any real config (40,000 keys are about 1 MiB). */
#define CONFIG_MAX (16 << 20)

config *
config_load(const char *path, err_t *e)
{
	strbuf b = STRBUF_INIT;
	char buf[4096];
	struct stat st;
	ssize_t n;
	config *c;
	int fd;

	/* O_NONBLOCK: a FIFO with no writer must be refused, not wait. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		err_set(e, "cannot read config %s: %s (give another file with -c)",
		    path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		err_set(e, "config %s is not a regular file (a directory, a FIFO "
		    "or a device?): give the path of the .ini file with -c", path);
		return NULL;
	}
	if (st.st_size > CONFIG_MAX) {
		close(fd);
		err_set(e, "config %s: %lld bytes, more than %d MiB: not a "
		    "configuration file? give the .ini file with -c", path,
		    (long long)st.st_size, CONFIG_MAX >> 20);
		return NULL;
	}
	strbuf_puts(&b, "");
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_set(e, "cannot read config %s: %s", path,
			    strerror(errno));
			close(fd);
			strbuf_free(&b);
			return NULL;
		}
		strbuf_add(&b, buf, (size_t)n);
		if (b.len > CONFIG_MAX) {
			close(fd);
			strbuf_free(&b);
			err_set(e, "config %s grows past %d MiB while read: refused",
			    path, CONFIG_MAX >> 20);
			return NULL;
		}
	}
	close(fd);
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
	free(c->keys.s);
	free(c->sections);
	free(c->secs.s);
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
	long i;

	if (c == NULL)
		return NULL;
	i = find_index(c, section, key);
	return i >= 0 ? &c->v[i] : NULL;
}

int
config_has_section(const config *c, const char *section)
{
	return c != NULL && section_seen(c, section);
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

	/* Each section once, in the order of its first key. */
	for (size_t i = 0; i < c->nsec; i++) {
		const char *name = c->v[c->sections[i]].section;

		if (strncasecmp(name, prefix, pl) == 0)
			fn(name + pl, arg);
	}
}
