/*
 * sheet_cmd.c - `msd-kiosk sheet`: writes the offer sheet of an MSD (or
 * one theme of it, or a one-offer poster) as a PDF, and prints it.
 *
 *   sheet [--content PACK] --msd CODE [--theme T | --offer ID]
 *         [--lang LANG] -o FILE.pdf [--print [--printer NAME]]
 *
 * --lang: the sheet in one of the pack's languages (French by default),
 * its texts translated where the pack has them (i18n_localize()).
 *
 * Exit 2 for bad input (unknown MSD, theme or offer, an output path that
 * cannot be written), 1 when the pack cannot be read or printing fails.
 * The PDF is always written before printing and kept when printing
 * fails: staff can print it by hand.
 */
#include "app/commands.h"

#include "app/cmdopt.h"
#include "app/settings.h"
#include "config.h"
#include "content/i18n.h"
#include "content/pack.h"
#include "sheet/sheet.h"
#include "strbuf.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* In "--msd -o x.pdf", the value of --msd is missing. */
static const struct cmdopt cmd = {
	"sheet",
	"usage: msd-kiosk sheet [--content PACK] --msd CODE "
	"[--theme T | --offer ID]\n"
	"                       [--lang LANG] -o FILE.pdf "
	"[--print [--printer NAME]]\n",
	CMDOPT_NO_OPTION,
};

/* Whether sheet_write's failure was the caller's input (exit 2) rather
 * than the machine (exit 1): sheet_write has already said which value. */
static int
bad_input(const pack *p, const struct sheet_opts *o, const char *out)
{
	const pack_offer *of = o->offer ? pack_offer_find(p, o->offer) : NULL;
	struct stat sb;
	char *copy;
	int bad, n = 0;

	if (pack_msd_find(p, o->msd) == NULL ||
	    (o->theme && pack_theme_find(p, o->theme) == NULL) ||
	    (o->offer && (of == NULL || !pack_offer_at(of, o->msd))))
		return 1;
	for (size_t i = 0; i < p->noffers; i++)
		if (pack_offer_at(&p->offers[i], o->msd) &&
		    (o->theme == NULL || strcmp(p->offers[i].theme, o->theme) == 0))
			n++;
	if (n == 0 && o->offer == NULL)
		return 1;
	if (stat(out, &sb) == 0 && S_ISDIR(sb.st_mode))
		return 1;
	copy = xstrdup(out);
	bad = access(dirname(copy), W_OK | X_OK) != 0;
	free(copy);
	return bad;
}

/* The pack: --content, else [kiosk] content in the config, else the
 * kiosk's own default: the same pack the kiosk shows. */
static char *
content_path(const char *config_path, const char *given, int *rc)
{
	config *c;
	err_t e;
	char *path;

	*rc = 0;
	if (given)
		return xstrdup(given);
	if (config_path == NULL)
		return xstrdup(PACK_DEFAULT_PATH);
	if ((c = config_load(config_path, &e)) == NULL) {
		fprintf(stderr, "msd-kiosk sheet: %s\n", e.msg);
		*rc = 2;
		return NULL;
	}
	path = xstrdup(kiosk_settings_content(c, NULL));
	config_free(c);
	return path;
}

/* The pack in lang, or NULL after saying which languages it has. */
static pack *
open_lang(const pack *base, const char *path, const char *lang)
{
	strbuf b = STRBUF_INIT;
	pack *v;

	if (i18n_lang(base, lang) != NULL &&
	    (v = i18n_localize(base, lang)) != NULL)
		return v;
	for (size_t i = 0; i < base->nlangs; i++)
		strbuf_printf(&b, "%s%s (%s)", i ? ", " : "",
		    base->langs[i].code, base->langs[i].name);
	fprintf(stderr, "msd-kiosk sheet: unknown language '%s': the content "
	    "pack %s has %s; give one of these codes to --lang\n", lang, path,
	    b.len ? strbuf_str(&b) : "French only (fr)");
	strbuf_free(&b);
	return NULL;
}

int
cmd_sheet(const char *config_path, int argc, char **argv)
{
	struct sheet_opts o = { NULL, NULL, NULL };
	const char *content = NULL, *out = NULL, *printer = NULL, *lang = "fr";
	int print = 0, rc;
	char *path;
	pack *base, *p;
	err_t e;

	for (int i = 1; i < argc; i++) {
		const char *v = NULL;

		if (cmdopt_value(&cmd, argc, argv, &i, "--content", &v))
			content = v;
		else if (cmdopt_value(&cmd, argc, argv, &i, "--msd", &v))
			o.msd = v;
		else if (cmdopt_value(&cmd, argc, argv, &i, "--theme", &v))
			o.theme = v;
		else if (cmdopt_value(&cmd, argc, argv, &i, "--offer", &v))
			o.offer = v;
		else if (cmdopt_value(&cmd, argc, argv, &i, "--lang", &v))
			lang = v;
		else if (cmdopt_value(&cmd, argc, argv, &i, "-o", &v))
			out = v;
		else if (cmdopt_value(&cmd, argc, argv, &i, "--printer", &v))
			printer = v;
		else if (strcmp(argv[i], "--print") == 0) {
			print = 1;
			continue;
		} else if (cmdopt_is_help(argv[i])) {
			cmdopt_usage(&cmd, NULL);
			return 0;
		} else
			return cmdopt_usage(&cmd,
			    "unknown argument '%.200s'", argv[i]);
		if (v == NULL || v[0] == '\0')
			return cmdopt_usage(&cmd,
			    "%.200s needs a value",
			    argv[i][0] ? argv[i] : argv[i - 1]);
	}
	if (o.msd == NULL)
		return cmdopt_usage(&cmd, "--msd CODE is required (the MSD "
		    "whose offers the sheet shows)");
	if (out == NULL)
		return cmdopt_usage(&cmd, "-o FILE.pdf is required (where to "
		    "write the sheet)");
	if (o.theme && o.offer)
		return cmdopt_usage(&cmd, "choose --theme T (one theme) or "
		    "--offer ID (a poster), not both");
	if (printer)
		print = 1;	/* --printer NAME says it: print */

	if ((path = content_path(config_path, content, &rc)) == NULL)
		return rc;
	if ((base = pack_open(path, &e)) == NULL) {
		fprintf(stderr, "msd-kiosk sheet: cannot read the content pack: "
		    "%s\n", e.msg);
		free(path);
		return 1;
	}
	/* French is the pack itself: the sheet it always printed. */
	p = base;
	if (strcmp(lang, "fr") != 0 && (p = open_lang(base, path, lang)) == NULL) {
		free(path);
		pack_close(base);
		return 2;
	}
	free(path);
	rc = 0;
	if (sheet_write(p, &o, out, &e) != 0) {
		fprintf(stderr, "msd-kiosk sheet: %s\n", e.msg);
		rc = bad_input(p, &o, out) ? 2 : 1;
	}
	if (rc == 0) {
		printf("%s written\n", out);
		if (print) {
			char msg[2048];

			/* Said in the sheet's language, as at the kiosk. */
			if (sheet_print(p, out, printer, msg, sizeof msg) != 0) {
				fprintf(stderr, "msd-kiosk sheet: %s\n", msg);
				rc = 1;
			} else
				printf("%s\n", msg);
		}
	}
	if (p != base)
		pack_close(p);
	pack_close(base);
	return rc;
}
