/*
 * lazylib.c - a shared library loaded at its first use (see lazylib.h).
 */
#include "lazylib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static void
load(lazylib *l)
{
	/* Never closed: what it set up (fonts, TLS) lasts the process. */
	void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
	void **fns;

	if (h == NULL) {
		snprintf(l->why, sizeof l->why, "cannot load %s (install the "
		    "package %s): %s", l->soname, l->package, dlerror());
		return;
	}
	fns = calloc(l->n, sizeof *fns);
	if (fns == NULL) {
		snprintf(l->why, sizeof l->why, "cannot load %s: out of memory",
		    l->soname);
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		fns[i] = dlsym(h, l->names[i]);
		if (fns[i] == NULL) {
			snprintf(l->why, sizeof l->why, "%s has no %s (a "
			    "version older than this program needs: upgrade "
			    "the package %s)", l->soname, l->names[i],
			    l->package);
			free(fns);
			return;
		}
	}
	atomic_store_explicit(&l->fns, fns, memory_order_release);
}

void *const *
lazylib_get(lazylib *l, err_t *e)
{
	/* Every call of a wrapper comes here: a sheet makes thousands. */
	void **fns = atomic_load_explicit(&l->fns, memory_order_acquire);

	if (fns != NULL)
		return fns;
	pthread_mutex_lock(&l->mu);
	if (!l->tried) {
		l->tried = 1;
		load(l);
	}
	fns = atomic_load_explicit(&l->fns, memory_order_relaxed);
	pthread_mutex_unlock(&l->mu);
	if (fns == NULL)
		err_set(e, "%s", l->why);
	return fns;
}
