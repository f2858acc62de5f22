/*
 * commands.h - the subcommands of msd-kiosk, one file each.
 *
 * main.c reads the global `-c FILE` and hands the rest of argv (argv[0]
 * is the subcommand's name) to one of these.  Each returns the exit
 * status: 0 ok, 1 runtime failure, 2 bad usage or bad input.
 */
#ifndef MSD_KIOSK_COMMANDS_H
#define MSD_KIOSK_COMMANDS_H

/* The kiosk itself: msd-kiosk [--content PACK] [--msd CODE] ... (kiosk.c) */
int cmd_kiosk(const char *config_path, int argc, char **argv);
/* content lint SRC | content build SRC -o PACK (content_cmd.c);
 * content keygen | content publish (publish.c) */
int cmd_content(const char *config_path, int argc, char **argv);
/* sheet --msd CODE ... -o FILE.pdf [--print] (sheet_cmd.c) */
int cmd_sheet(const char *config_path, int argc, char **argv);
/* stats export ... (stats_cmd.c) */
int cmd_stats(const char *config_path, int argc, char **argv);

#endif
