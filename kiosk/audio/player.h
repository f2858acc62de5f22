/*
 * player.h - "Écouter" through SDL's audio: one stream (stream.h) played
 * at a time, decoded in SDL's audio thread as the device asks for it.
 *
 * A kiosk without a sound device gets no player (player_open() returns
 * NULL, said once in the log) and so no "Écouter" button: nothing else
 * changes.  player_stop() takes the stream from the audio thread under
 * SDL's device lock: once it returns, no more of it is heard beyond the
 * device's buffer (1024 samples, 21 ms: less than a frame).
 */
#ifndef MSD_AUDIO_PLAYER_H
#define MSD_AUDIO_PLAYER_H

#include <stddef.h>

#include "audio/stream.h"

typedef struct player player;

/* The default sound device, or NULL (no device, SDL_AUDIODRIVER that
 * cannot start). */
player *player_open(void);
void player_close(player *pl);

/* Plays s from its start (player owns it), stopping what played. */
void player_play(player *pl, astream *s);
/* Stops at once (nothing playing: nothing happens). */
void player_stop(player *pl);
/* 1 while the stream has sound left to play. */
int player_playing(player *pl);
/* The sentence heard now, and its text; -1 when nothing plays. */
long player_sentence(player *pl, const char **text, size_t *len);
/* Volume 0 to 100 (default 80). */
void player_volume(player *pl, int percent);
int player_get_volume(const player *pl);
/* Milliseconds from player_play() to the first samples handed to the
 * device (for the bench), -1 before. */
long player_first_ms(player *pl);

#endif
