/*
 * curl_lazy.c - libcurl, loaded when the kiosk first uses it.
 *
 * libcurl brings 25 more libraries (TLS, Kerberos, LDAP, SSH, ...): in a
 * kiosk cold start to a screenshot they cost 7 ms of 49 in the dynamic
 * loader and 6 MB of RSS, and the screenshot, the content tools and a
 * kiosk without [sync] or [report] never send anything.  So msd-kiosk is
 * not linked with libcurl: the few functions lib/http.c calls (for the
 * sync and the upload) are defined here, and the first call loads
 * libcurl.so.4 (dlopen) and hands over to it.  The daemon, which always
 * sends, links libcurl itself; a program linked with both gets these,
 * which load the same library.
 *
 * If libcurl cannot be loaded, the functions fail as libcurl does when
 * out of memory (NULL, CURLE_FAILED_INIT), and curl_easy_strerror says
 * why, so the sync's and upload's own messages carry it.
 *
 * The Makefile links this object into msd-kiosk by name: nothing in the
 * kiosk's own archive calls curl_*, so the linker would not take it from
 * there for lib/http.o.
 */
#define CURL_DISABLE_TYPECHECK	/* its macros would rename ours */
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#define LIBCURL	"libcurl.so.4"

static struct {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	void (*easy_cleanup)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_reset)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} fn;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded;
static char why[300];

static void
load(void)
{
	/* Never closed: libcurl keeps its TLS library for the process. */
	void *h = dlopen(LIBCURL, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL) {
		snprintf(why, sizeof why, "cannot load %s (package libcurl4): "
		    "%s", LIBCURL, dlerror());
		return;
	}
#define SYM(field, name) \
	if ((*(void **)&fn.field = dlsym(h, name)) == NULL) { \
		snprintf(why, sizeof why, "%s has no %s: %s", LIBCURL, name, \
		    dlerror()); \
		return; \
	}
	SYM(global_init, "curl_global_init")
	SYM(easy_init, "curl_easy_init")
	SYM(easy_setopt, "curl_easy_setopt")
	SYM(easy_perform, "curl_easy_perform")
	SYM(easy_cleanup, "curl_easy_cleanup")
	SYM(easy_getinfo, "curl_easy_getinfo")
	SYM(easy_reset, "curl_easy_reset")
	SYM(easy_strerror, "curl_easy_strerror")
	SYM(slist_append, "curl_slist_append")
	SYM(slist_free_all, "curl_slist_free_all")
#undef SYM
	loaded = 1;
}

static int
ready(void)
{
	pthread_once(&once, load);
	return loaded;
}

CURLcode
curl_global_init(long flags)
{
	return ready() ? fn.global_init(flags) : CURLE_FAILED_INIT;
}

CURL *
curl_easy_init(void)
{
	return ready() ? fn.easy_init() : NULL;
}

/* The argument's type is given by the option's range, as libcurl itself
 * reads it: long, pointer, function pointer, curl_off_t, pointer. */
CURLcode
curl_easy_setopt(CURL *c, CURLoption opt, ...)
{
	va_list ap;
	CURLcode rc;

	if (!ready())
		return CURLE_FAILED_INIT;
	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT) {
		long v = va_arg(ap, long);
		rc = fn.easy_setopt(c, opt, v);
	} else if (opt < CURLOPTTYPE_FUNCTIONPOINT) {
		void *v = va_arg(ap, void *);
		rc = fn.easy_setopt(c, opt, v);
	} else if (opt < CURLOPTTYPE_OFF_T) {
		void (*v)(void) = va_arg(ap, void (*)(void));
		rc = fn.easy_setopt(c, opt, v);
	} else if (opt < CURLOPTTYPE_BLOB) {
		curl_off_t v = va_arg(ap, curl_off_t);
		rc = fn.easy_setopt(c, opt, v);
	} else {
		void *v = va_arg(ap, void *);
		rc = fn.easy_setopt(c, opt, v);
	}
	va_end(ap);
	return rc;
}

CURLcode
curl_easy_perform(CURL *c)
{
	return ready() ? fn.easy_perform(c) : CURLE_FAILED_INIT;
}

void
curl_easy_cleanup(CURL *c)
{
	if (ready())
		fn.easy_cleanup(c);
}

/* Every CURLINFO takes a pointer to where the answer goes. */
CURLcode
curl_easy_getinfo(CURL *c, CURLINFO info, ...)
{
	va_list ap;

	if (!ready())
		return CURLE_FAILED_INIT;
	va_start(ap, info);
	void *p = va_arg(ap, void *);
	va_end(ap);
	return fn.easy_getinfo(c, info, p);
}

void
curl_easy_reset(CURL *c)
{
	if (ready())
		fn.easy_reset(c);
}

const char *
curl_easy_strerror(CURLcode code)
{
	return ready() ? fn.easy_strerror(code) : why;
}

struct curl_slist *
curl_slist_append(struct curl_slist *list, const char *s)
{
	return ready() ? fn.slist_append(list, s) : NULL;
}

void
curl_slist_free_all(struct curl_slist *list)
{
	if (ready())
		fn.slist_free_all(list);
}
