/*
 * player.c - a stream through SDL's audio (see player.h).
 */
#include "audio/player.h"
#include "log.h"
#include "strbuf.h"

#include <SDL.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct player {
	SDL_AudioDeviceID dev;
	astream *s;		/* under the device lock */
	long played;		/* samples handed to the device */
	int volume;		/* 0-100 */
	int done;		/* s has given all it had */
	Uint32 started, first;	/* SDL ticks of player_play(), first sound */
};

/* SDL's audio thread: decodes what the device asks for, silence when
 * nothing plays or the stream is over. */
static void
fill(void *arg, Uint8 *out, int bytes)
{
	player *pl = arg;
	int16_t *pcm = (int16_t *)out;
	size_t n = (size_t)bytes / 2, got = 0;

	if (pl->s != NULL && !pl->done) {
		long r = astream_read(pl->s, pcm, n);

		if (r <= 0)
			pl->done = 1;
		else {
			got = (size_t)r;
			if (pl->first == 0)
				pl->first = SDL_GetTicks() | 1;
		}
		for (size_t i = 0; i < got; i++)
			pcm[i] = (int16_t)(pcm[i] * pl->volume / 100);
		pl->played += (long)got;
	}
	memset(pcm + got, 0, (n - got) * 2);
}

/* 1 if there may be a sound device to ask SDL for: SDL_AUDIODRIVER
 * names one (disk, for the tests), or the machine has sound cards or a
 * sound server.  Without any, SDL's ALSA back end fills stderr with
 * alsa-lib's complaints before it fails. */
static int
may_have_sound(void)
{
	const char *run = getenv("XDG_RUNTIME_DIR");
	char path[4096];
	struct stat sb;

	if (getenv("SDL_AUDIODRIVER") != NULL || stat("/dev/snd", &sb) == 0)
		return 1;
	if (run == NULL)
		return 0;
	snprintf(path, sizeof path, "%s/pulse/native", run);
	if (stat(path, &sb) == 0)
		return 1;
	snprintf(path, sizeof path, "%s/pipewire-0", run);
	return stat(path, &sb) == 0;
}

player *
player_open(void)
{
	SDL_AudioSpec want, have;
	player *pl;

	if (!may_have_sound()) {
		log_info("no sound card nor sound server: no Écouter button");
		return NULL;
	}

	if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
		log_info("no sound (%s): no Écouter button", SDL_GetError());
		return NULL;
	}
	pl = xcalloc(1, sizeof *pl);
	pl->volume = 80;
	memset(&want, 0, sizeof want);
	want.freq = ASTREAM_RATE;
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	/* 21 ms: "Arrêter" is heard within a frame. */
	want.samples = 1024;
	want.callback = fill;
	want.userdata = pl;
	pl->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (pl->dev == 0) {
		log_info("no sound device (%s): no Écouter button",
		    SDL_GetError());
		free(pl);
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return NULL;
	}
	return pl;
}

void
player_close(player *pl)
{
	if (pl == NULL)
		return;
	player_stop(pl);
	SDL_CloseAudioDevice(pl->dev);
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
	free(pl);
}

void
player_play(player *pl, astream *s)
{
	player_stop(pl);
	SDL_LockAudioDevice(pl->dev);
	pl->s = s;
	pl->played = 0;
	pl->done = 0;
	pl->first = 0;
	pl->started = SDL_GetTicks();
	SDL_UnlockAudioDevice(pl->dev);
	SDL_PauseAudioDevice(pl->dev, 0);
}

void
player_stop(player *pl)
{
	astream *s;

	if (pl == NULL)
		return;
	SDL_LockAudioDevice(pl->dev);
	s = pl->s;
	pl->s = NULL;
	pl->done = 1;
	SDL_UnlockAudioDevice(pl->dev);
	/* Paused, the device plays no more silence either: the disk driver
	 * writes nothing, a real card sleeps. */
	SDL_PauseAudioDevice(pl->dev, 1);
	astream_close(s);
}

int
player_playing(player *pl)
{
	int on;

	if (pl == NULL)
		return 0;
	SDL_LockAudioDevice(pl->dev);
	on = pl->s != NULL && !pl->done;
	SDL_UnlockAudioDevice(pl->dev);
	return on;
}

long
player_sentence(player *pl, const char **text, size_t *len)
{
	long i = -1;

	if (pl == NULL)
		return -1;
	SDL_LockAudioDevice(pl->dev);
	if (pl->s != NULL && !pl->done && astream_sentences(pl->s) > 0) {
		i = (long)astream_sentence_at(pl->s,
		    pl->played * 1000 / ASTREAM_RATE);
		astream_start_ms(pl->s, (size_t)i, text, len);
	}
	SDL_UnlockAudioDevice(pl->dev);
	return i;
}

void
player_volume(player *pl, int percent)
{
	if (pl == NULL)
		return;
	SDL_LockAudioDevice(pl->dev);
	pl->volume = percent < 0 ? 0 : percent > 100 ? 100 : percent;
	SDL_UnlockAudioDevice(pl->dev);
}

int
player_get_volume(const player *pl)
{
	return pl ? pl->volume : 0;
}

long
player_first_ms(player *pl)
{
	return pl && pl->first ? (long)(pl->first - pl->started) : -1;
}
