/* Placeholder until this command is written: it says so and fails. */
#include "commands.h"

#include <stdio.h>

int
cmd_stats(const char *config_path, int argc, char **argv)
{
	(void)config_path; (void)argc; (void)argv;
	fputs("msd-kiosk: 'stats' is not available in this build yet\n", stderr);
	return 1;
}
