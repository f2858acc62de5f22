/* Placeholder until the sync work replaces this file (see publish.h). */
#include "publish.h"

#include <stdio.h>

int
content_keygen(int argc, char **argv)
{
	(void)argc; (void)argv;
	fputs("msd-kiosk: 'content keygen' is not available in this build yet\n",
	    stderr);
	return 1;
}

int
content_publish(int argc, char **argv)
{
	(void)argc; (void)argv;
	fputs("msd-kiosk: 'content publish' is not available in this build yet\n",
	    stderr);
	return 1;
}
