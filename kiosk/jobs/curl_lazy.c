/*
 * curl_lazy.c - libcurl, loaded when the kiosk first uses it.
 *
 * libcurl brings 25 more libraries (TLS, Kerberos, LDAP, SSH, ...): in a
 * kiosk cold start to a screenshot they cost 7 ms of 49 in the dynamic
 * loader and 6 MB of RSS, and the screenshot, the content tools and a
 * kiosk without [sync] or [report] never send anything.  So msd-kiosk is
 * not linked with libcurl: the few functions lib/http.c calls (for the
 * sync and the upload) are defined here, and the first call loads
 * libcurl.so.4 and hands over to it (lib/lazylib.h).  The daemon, which
 * always sends, links libcurl itself; a program linked with both gets
 * these, which load the same library.
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
#include <stdarg.h>

#include "lazylib.h"

#define FNS(F, V, N) \
	F(CURLcode, curl_global_init, (long a), (a), CURLE_FAILED_INIT) \
	F(CURL *, curl_easy_init, (void), (), NULL) \
	N(curl_easy_setopt) \
	F(CURLcode, curl_easy_perform, (CURL *a), (a), CURLE_FAILED_INIT) \
	V(curl_easy_cleanup, (CURL *a), (a)) \
	N(curl_easy_getinfo) \
	V(curl_easy_reset, (CURL *a), (a)) \
	F(const char *, curl_easy_strerror, (CURLcode a), (a), lazy.why) \
	F(struct curl_slist *, curl_slist_append, (struct curl_slist *a, \
	    const char *b), (a, b), NULL) \
	V(curl_slist_free_all, (struct curl_slist *a), (a))

LAZYLIB_DEFINE(FNS, "libcurl.so.4", "libcurl4")

/* The argument's type is given by the option's range, as libcurl itself
 * reads it: long, pointer, function pointer, curl_off_t, pointer. */
CURLcode
curl_easy_setopt(CURL *c, CURLoption opt, ...)
{
	void *const *f = lazylib_get(&lazy, NULL);
	va_list ap;
	CURLcode rc;

	if (f == NULL)
		return CURLE_FAILED_INIT;
	CURLcode (*set)(CURL *, CURLoption, ...) =
	    (CURLcode (*)(CURL *, CURLoption, ...))f[LAZYLIB_I_curl_easy_setopt];
	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT) {
		long v = va_arg(ap, long);
		rc = set(c, opt, v);
	} else if (opt < CURLOPTTYPE_FUNCTIONPOINT) {
		void *v = va_arg(ap, void *);
		rc = set(c, opt, v);
	} else if (opt < CURLOPTTYPE_OFF_T) {
		void (*v)(void) = va_arg(ap, void (*)(void));
		rc = set(c, opt, v);
	} else if (opt < CURLOPTTYPE_BLOB) {
		curl_off_t v = va_arg(ap, curl_off_t);
		rc = set(c, opt, v);
	} else {
		void *v = va_arg(ap, void *);
		rc = set(c, opt, v);
	}
	va_end(ap);
	return rc;
}

/* Every CURLINFO takes a pointer to where the answer goes. */
CURLcode
curl_easy_getinfo(CURL *c, CURLINFO info, ...)
{
	void *const *f = lazylib_get(&lazy, NULL);
	va_list ap;

	if (f == NULL)
		return CURLE_FAILED_INIT;
	CURLcode (*get)(CURL *, CURLINFO, ...) =
	    (CURLcode (*)(CURL *, CURLINFO, ...))f[LAZYLIB_I_curl_easy_getinfo];
	va_start(ap, info);
	void *p = va_arg(ap, void *);
	va_end(ap);
	return get(c, info, p);
}
