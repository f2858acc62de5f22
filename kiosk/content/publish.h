/*
 * publish.h - signing content packs for the kiosks' sync (sync.h).
 *
 * Implemented in kiosk/content/publish.c by the sync work; content_cmd.c only
 * dispatches to these.  Both take the argv after "content" (argv[0] is
 * "keygen" or "publish") and return the exit status: 0 ok, 1 runtime
 * failure, 2 bad usage or bad input.
 */
#ifndef MSD_PUBLISH_H
#define MSD_PUBLISH_H

/* content keygen -o KEYDIR: a new ed25519 key pair. */
int content_keygen(int argc, char **argv);
/* content publish PACK --key SECRET -o DIR: the pack and its signed
 * manifest, ready to be served to the kiosks. */
int content_publish(int argc, char **argv);

#endif
