/*
 * lazylib.h - a shared library loaded at its first use, not at start.
 *
 * Every library a program is linked with is mapped and relocated before
 * main(), used or not.  msd-kiosk's screen and screenshot need none of
 * libcurl (the sync), cairo (the printed sheet) or espeak-ng (the content
 * build's voice): linked with them it would map 102 libraries at start,
 * and maps 68.  A file such as kiosk/sheet/cairo_lazy.c defines the
 * functions its part calls; each hands over to the real one, which
 * lazylib_get() finds the first time (dlopen, dlsym) and keeps for the
 * life of the process.
 *
 * A lazylib is a static object of the file that defines the functions:
 * its library, the Debian package to install when it is missing, and the
 * functions' names.
 */
#ifndef MSD_LAZYLIB_H
#define MSD_LAZYLIB_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include "err.h"

typedef struct lazylib {
	const char *soname;		/* "libcairo.so.2" */
	const char *package;		/* "libcairo2" */
	const char *const *names;	/* the functions, n of them */
	size_t n;
	/* Filled by the first lazylib_get(), under the mutex; once fns is
	 * set, every later call reads it without the mutex. */
	pthread_mutex_t mu;
	int tried;
	_Atomic(void **) fns;		/* n addresses, in names' order */
	char why[512];			/* when it cannot be loaded */
} lazylib;

/* A lazylib of the library so (its Debian package pkg) and the n
 * functions names. */
#define LAZYLIB_INIT(so, pkg, names, n) { (so), (pkg), (names), (n), \
	PTHREAD_MUTEX_INITIALIZER, 0, NULL, "" }

/* The functions' addresses, in names' order, loading the library the
 * first time; NULL + message (which library, which package, why) when it
 * cannot be loaded or lacks one of them, the same message each time.
 * Thread-safe. */
void *const *lazylib_get(lazylib *l, err_t *e);

/*
 * The functions themselves, from a list in the file that defines them:
 *
 *	#define FNS(F, V, N) \
 *		F(cairo_t *, cairo_create, (cairo_surface_t *t), (t), NULL) \
 *		V(cairo_destroy, (cairo_t *cr), (cr))
 *	LAZYLIB_DEFINE(FNS, "libcairo.so.2", "libcairo2")
 *
 * F: return type, name, parameters, the call's arguments, and what it
 * returns when the library cannot be loaded; V: the same for a function
 * that returns nothing (it then does nothing); N: a function only looked
 * up, whose wrapper the file writes itself (a variadic one), finding it
 * at lazylib_get()[LAZYLIB_I_name].  The library's own header, included
 * before, makes the compiler check each against the real one.  The
 * file's lazylib is `lazy`, its message lazy.why.
 */
#define LAZYLIB_NAME_F(r, name, p, a, fail)	#name,
#define LAZYLIB_NAME_V(name, p, a)		#name,
#define LAZYLIB_NAME_N(name)			#name,
#define LAZYLIB_INDEX_F(r, name, p, a, fail)	LAZYLIB_I_##name,
#define LAZYLIB_INDEX_V(name, p, a)		LAZYLIB_I_##name,
#define LAZYLIB_INDEX_N(name)			LAZYLIB_I_##name,
#define LAZYLIB_WRAP_F(r, name, p, a, fail) \
	r name p { \
		void *const *f_ = lazylib_get(&lazy, NULL); \
		return f_ ? ((r (*) p)f_[LAZYLIB_I_##name]) a : (fail); \
	}
#define LAZYLIB_WRAP_V(name, p, a) \
	void name p { \
		void *const *f_ = lazylib_get(&lazy, NULL); \
		if (f_) \
			((void (*) p)f_[LAZYLIB_I_##name]) a; \
	}
#define LAZYLIB_WRAP_N(name)
#define LAZYLIB_DEFINE(FNS, so, pkg) \
	enum { FNS(LAZYLIB_INDEX_F, LAZYLIB_INDEX_V, LAZYLIB_INDEX_N) \
		LAZYLIB_N }; \
	static const char *const lazy_names[LAZYLIB_N] = { \
		FNS(LAZYLIB_NAME_F, LAZYLIB_NAME_V, LAZYLIB_NAME_N) }; \
	static lazylib lazy = LAZYLIB_INIT(so, pkg, lazy_names, LAZYLIB_N); \
	FNS(LAZYLIB_WRAP_F, LAZYLIB_WRAP_V, LAZYLIB_WRAP_N)

#endif
