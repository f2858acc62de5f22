/*
 * main.c - msd-kiosk: the touchscreen kiosk of the Maisons sociales du
 * Département, and the tools around its content (lint, build, publish,
 * sheets, stats).
 */
#include "app/commands.h"

#include <stdio.h>
#include <string.h>

static int
usage(void)
{
	fputs("usage: msd-kiosk [-c FILE] [--content PACK] [--msd CODE] "
	    "[--windowed WxH]\n"
	    "                 [--page PAGE] [--screenshot FILE.png | "
	    "--read-aloud FILE.wav]\n"
	    "       msd-kiosk content lint SRC_DIR\n"
	    "       msd-kiosk content build SRC_DIR -o PACK.db [--no-audio]\n"
	    "       msd-kiosk content keygen -o KEYDIR\n"
	    "       msd-kiosk content publish PACK --key SECRET -o DIR\n"
	    "       msd-kiosk content site PACK -o DIR\n"
	    "       msd-kiosk sheet [--content PACK] --msd CODE "
	    "[--theme T | --offer ID]\n"
	    "                 [--lang LANG] -o FILE.pdf [--print [--printer NAME]]\n"
	    "       msd-kiosk stats export [--from D] [--to D] -o FILE.csv\n"
	    "       msd-kiosk stats send [--now \"YYYY-MM-DD HH:MM\"] "
	    "[--wait S]\n"
	    "       msd-kiosk stats merge DIR [--from D] [--to D] -o FILE.csv\n"
	    "       msd-kiosk stats record --day D TYPE ELEMENT\n",
	    stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	const char *config = NULL;
	int i = 1;

	if (i < argc && strcmp(argv[i], "-c") == 0) {
		if (i + 1 >= argc)
			return usage();
		config = argv[i + 1];
		i += 2;
	}
	if (i < argc && (strcmp(argv[i], "-h") == 0 ||
	    strcmp(argv[i], "--help") == 0)) {
		usage();
		return 0;
	}
	if (i < argc && strcmp(argv[i], "content") == 0)
		return cmd_content(config, argc - i, argv + i);
	if (i < argc && strcmp(argv[i], "sheet") == 0)
		return cmd_sheet(config, argc - i, argv + i);
	if (i < argc && strcmp(argv[i], "stats") == 0)
		return cmd_stats(config, argc - i, argv + i);
	/* The kiosk: its options start at argv[i]; pass argv[i-1] as name. */
	return cmd_kiosk(config, argc - i + 1, argv + i - 1);
}
