/*
 * content_cmd.c - `msd-kiosk content ...`: lint and build here; keygen
 * and publish are in publish.c, site in site_cmd.c.
 */
#include "content/build.h"
#include "content/audio_build.h"
#include "app/cmdopt.h"
#include "app/commands.h"
#include "content/lint.h"
#include "content/lint_portal.h"
#include "content/portal.h"
#include "content/publish.h"
#include "content/site.h"
#include "strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const struct cmdopt cmd = {
	"content",
	"usage: msd-kiosk content lint SRC_DIR [--pictos FILE]\n"
	"       msd-kiosk content build SRC_DIR -o PACK.db [--version N] "
	"[--pictos FILE]\n"
	"             [--portal-url URL] [--no-audio | --audio-cache DIR]\n"
	"             [--audio-langs fr,en,...] [--audio-voice LANG=VOICE,...]\n"
	"             [--audio-all-offers]\n"
	"       msd-kiosk content keygen -o KEYDIR\n"
	"       msd-kiosk content publish PACK --key SECRET -o DIR\n"
	"       msd-kiosk content site PACK -o DIR\n",
	CMDOPT_ANY,
};

struct opts {
	const char *src, *out, *pictos;
	const char *portal_url;		/* NULL: SRC_DIR/portal.txt's */
	const char *audio_cache;	/* NULL: PACK.audio-cache */
	const char *audio_langs;	/* NULL: every language */
	const char *audio_voices;	/* NULL: audio_build.c's */
	int no_audio, all_offers;
	long version;
};

/* SRC_DIR and the options, in any order.  -1 on bad usage (said). */
static int
parse(int argc, char **argv, struct opts *o, int build)
{
	memset(o, 0, sizeof *o);
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--pictos") == 0 && i + 1 < argc)
			o->pictos = argv[++i];
		else if (build && strcmp(a, "-o") == 0 && i + 1 < argc)
			o->out = argv[++i];
		else if (build && strcmp(a, "--portal-url") == 0 &&
		    i + 1 < argc)
			o->portal_url = argv[++i];
		else if (build && strcmp(a, "--no-audio") == 0)
			o->no_audio = 1;
		else if (build && strcmp(a, "--audio-cache") == 0 && i + 1 < argc)
			o->audio_cache = argv[++i];
		else if (build && strcmp(a, "--audio-langs") == 0 && i + 1 < argc)
			o->audio_langs = argv[++i];
		else if (build && strcmp(a, "--audio-voice") == 0 && i + 1 < argc)
			o->audio_voices = argv[++i];
		else if (build && strcmp(a, "--audio-all-offers") == 0)
			o->all_offers = 1;
		else if (build && strcmp(a, "--version") == 0 && i + 1 < argc) {
			char *end;

			errno = 0;
			o->version = strtol(argv[++i], &end, 10);
			if (*argv[i] == '\0' || *end != '\0' || errno ||
			    o->version <= 0) {
				fprintf(stderr, "msd-kiosk content build: --version "
				    "'%s' is not a positive whole number\n", argv[i]);
				return -1;
			}
		} else if (cmdopt_is_option(a)) {
			fprintf(stderr, "msd-kiosk content %s: unknown option or "
			    "missing value: %s\n", argv[1], a);
			return -1;
		} else if (o->src == NULL)
			o->src = a;
		else {
			fprintf(stderr, "msd-kiosk content %s: one source folder "
			    "only (got %s and %s)\n", argv[1], o->src, a);
			return -1;
		}
	}
	if (o->src == NULL || (build && o->out == NULL))
		return -1;
	return 0;
}

static int
is_dir(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return 1;
	fprintf(stderr, "msd-kiosk content: %s is not a folder of content "
	    "sources (msd.csv, themes.csv, offers.csv, glossary.csv, pages/)\n",
	    path);
	return 0;
}

static int
lint_cmd(const struct opts *o)
{
	lint_ctx c;
	content_src *s;
	int rc;

	if (!is_dir(o->src))
		return 2;
	lint_init(&c, stderr);
	s = lint_run(o->src, o->pictos, &c);
	rc = c.errors ? 2 : 0;
	content_src_free(s);
	lint_free(&c);
	return rc;
}

/* -o names a file to write: not "", not a folder (said; then exit 2). */
static int
out_ok(const char *out)
{
	struct stat sb;

	if (*out == '\0') {
		fprintf(stderr, "msd-kiosk content build: -o '': give the pack "
		    "file to write (for example -o content.db)\n");
		return 0;
	}
	if (stat(out, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "msd-kiosk content build: -o %s is a folder: "
		    "give the pack file to write (for example -o %s/content.db)"
		    "\n", out, out);
		return 0;
	}
	return 1;
}

/* --portal-url over SRC_DIR/portal.txt: the same checks as lint's (said
 * on stderr; -1 then). */
static int
portal_override(content_src *s, const char *url)
{
	char why[512];

	if (*url != '\0' && portal_url_check(url, lint_longest_msd(s), why,
	    sizeof why) < 0) {
		fprintf(stderr, "content build: --portal-url %s\n", why);
		return -1;
	}
	free(s->portal_url);
	s->portal_url = xstrdup(url);
	return 0;
}

static int
build_cmd(const struct opts *o)
{
	lint_ctx c;
	content_src *s;
	err_t e;
	long version = o->version ? o->version : build_default_version();
	struct audio_opts ao = { o->audio_cache, 0, o->audio_langs,
	    o->audio_voices, o->all_offers };
	struct audio_stats ast;
	char cache[4096];
	int rc = 0;

	/* One cache for every build of the user by default (as ccache): a
	 * build synthesises only the sentences no earlier build has, even
	 * into a new folder (the tests build many packs).  Without a home,
	 * beside the pack. */
	if (ao.cache_dir == NULL) {
		const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

		if (xdg != NULL && *xdg == '/')
			snprintf(cache, sizeof cache, "%s/msd-kiosk/audio", xdg);
		else if (home != NULL && *home == '/')
			snprintf(cache, sizeof cache, "%s/.cache/msd-kiosk/audio",
			    home);
		else
			snprintf(cache, sizeof cache, "%s.audio-cache", o->out);
		ao.cache_dir = cache;
	}
	if (!is_dir(o->src))
		return 2;
	if (!out_ok(o->out))
		return 2;
	lint_init(&c, stderr);
	s = lint_run(o->src, o->pictos, &c);
	if (o->portal_url != NULL && portal_override(s, o->portal_url) < 0)
		rc = 2;
	else if (c.errors) {
		fprintf(stderr, "content build: %s has %d lint error%s: fix them "
		    "first (msd-kiosk content lint %s)\n", o->src, c.errors,
		    c.errors == 1 ? "" : "s", o->src);
		rc = 2;
	} else if (build_pack_audio(s, o->out, version, o->no_audio ? NULL :
	    &ao, &ast, &e) < 0) {
		fprintf(stderr, "content build: %s\n", e.msg);
		rc = 1;
	} else {
		printf("content build: wrote %s (version %ld: %zu pages, %zu "
		    "offers, %zu themes, %zu MSDs, %zu glossary words, %zu "
		    "questions)\n", o->out, version, s->npages, s->noffers,
		    s->nthemes, s->nmsds, s->ngloss, s->nquestions);
		if (!o->no_audio && ast.novoice[0])
			printf("content build: audio: espeak-ng has no voice for "
			    "%s on this machine: the kiosk shows no \"Écouter\" "
			    "in it (install the voice, espeak-ng-data, or choose "
			    "another with --audio-voice LANG=VOICE; espeak-ng "
			    "--voices lists them)\n", ast.novoice);
		if (!o->no_audio)
			printf("content build: audio: %zu clips, %.0f s, %zu KB "
			    "(%zu synthesised, %zu from the cache %s, %zu "
			    "recorded); read in %s, %zu translated clips "
			    "read in French (nothing translated)\n", ast.clips,
			    ast.seconds, ast.bytes / 1024, ast.synthesised,
			    ast.cached, ao.cache_dir, ast.recorded, ast.voices,
			    ast.french);
	}
	if (rc == 0 && *s->portal_url)
		printf("content build: the QR codes lead to the portal at %s\n",
		    s->portal_url);
	content_src_free(s);
	lint_free(&c);
	return rc;
}

int
cmd_content(const char *config_path, int argc, char **argv)
{
	struct opts o;

	(void)config_path;
	if (argc < 2)
		return cmdopt_usage(&cmd, NULL);
	if (strcmp(argv[1], "lint") == 0) {
		if (parse(argc, argv, &o, 0) < 0)
			return cmdopt_usage(&cmd, NULL);
		return lint_cmd(&o);
	}
	if (strcmp(argv[1], "build") == 0) {
		if (parse(argc, argv, &o, 1) < 0)
			return cmdopt_usage(&cmd, NULL);
		return build_cmd(&o);
	}
	if (strcmp(argv[1], "keygen") == 0)
		return content_keygen(argc - 1, argv + 1);
	if (strcmp(argv[1], "publish") == 0)
		return content_publish(argc - 1, argv + 1);
	if (strcmp(argv[1], "site") == 0)
		return content_site(argc - 1, argv + 1);
	return cmdopt_usage(&cmd, "unknown command '%s'", argv[1]);
}
