/*
 * espeak_lazy.c - espeak-ng, loaded when the content build first speaks
 * (lazylib.h).
 *
 * espeak-ng brings 4 libraries of its own (pcaudio, sonic, PulseAudio's
 * simple API) that the kiosk never uses: only `msd-kiosk content build`
 * makes the voice of "Écouter" (audio_build.c), and the kiosk plays what
 * it made.  These are the functions audio_build.c calls;
 * audio_espeak_load() says why espeak-ng cannot be loaded, before the
 * first of them.
 */
#include "content/espeak_lazy.h"
#include "lazylib.h"

#include <espeak-ng/speak_lib.h>
#include <espeak-ng/espeak_ng.h>

#define FNS(F, V, N) \
	F(const char *, espeak_Info, (const char **a), (a), lazy.why) \
	F(espeak_ERROR, espeak_SetParameter, (espeak_PARAMETER a, int b, \
	    int c), (a, b, c), EE_INTERNAL_ERROR) \
	V(espeak_SetSynthCallback, (t_espeak_callback *a), (a)) \
	F(espeak_ERROR, espeak_Synth, (const void *a, size_t b, unsigned \
	    int c, espeak_POSITION_TYPE d, unsigned int e, unsigned int f, \
	    unsigned int *g, void *h), (a, b, c, d, e, f, g, h), \
	    EE_INTERNAL_ERROR) \
	F(int, espeak_ng_GetSampleRate, (void), (), 0) \
	F(espeak_ng_STATUS, espeak_ng_Initialize, (espeak_ng_ERROR_CONTEXT \
	    *a), (a), ENS_NOT_SUPPORTED) \
	F(espeak_ng_STATUS, espeak_ng_InitializeOutput, \
	    (espeak_ng_OUTPUT_MODE a, int b, const char *c), (a, b, c), \
	    ENS_NOT_SUPPORTED) \
	V(espeak_ng_InitializePath, (const char *a), (a)) \
	F(espeak_ng_STATUS, espeak_ng_SetVoiceByName, (const char *a), \
	    (a), ENS_NOT_SUPPORTED) \
	F(espeak_ng_STATUS, espeak_ng_Terminate, (void), (), \
	    ENS_NOT_SUPPORTED)

LAZYLIB_DEFINE(FNS, "libespeak-ng.so.1", "libespeak-ng1")

int
audio_espeak_load(err_t *e)
{
	return lazylib_get(&lazy, e) ? 0 : -1;
}
