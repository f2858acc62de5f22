/*
 * xorg_dpms_audit.c - gives the screen of Xorg's dummy video driver a
 * DPMS handler, so that kiosk_screen_dpms.sh can watch the kiosk put a
 * real X server's monitor to sleep and wake it.
 *
 * Why it is needed: the X server offers the DPMS extension only when a
 * screen has a DPMS handler (Xext/dpms.c: DPMSSupported(), else no
 * AddExtension), and a driver installs one by calling xf86DPMSInit() in
 * its ScreenInit.  xserver-xorg-video-dummy 0.4 never does (`nm -D
 * dummy_drv.so` lists no xf86DPMSInit), Xvfb and Xephyr have none
 * either, and the drivers that do (modesetting, fbdev) need a /dev/dri
 * or /dev/fb device that a test machine without a GPU has not.
 *
 * How: loaded into Xorg with LD_AUDIT (LD_PRELOAD cannot do it: the
 * driver's call binds to the Xorg executable, which comes before any
 * preloaded library), it turns dummy_drv.so's call of
 * xf86CrtcScreenInit() into one that then calls xf86DPMSInit() with a
 * handler that has no monitor to switch and says which level it was
 * asked for on stderr ("dpms level 3" is Off, 0 is On).  Everything
 * else is the X server's own: the extension, DPMSForceLevel, the level
 * it holds and `xset q` reports, DPMSEnable/DPMSDisable.
 *
 * An audit library lives in a namespace of its own, where dlsym() does
 * not see Xorg's symbols: xf86DPMSInit is looked up in Xorg's own
 * dynamic symbol table (its GNU hash table).
 *
 * Built by the test: cc -shared -fPIC -o xorg_dpms_audit.so THIS_FILE
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The X server's types, as pointers only: no server headers needed. */
typedef int Bool;
typedef struct _Screen *ScreenPtr;
typedef struct _ScrnInfoRec *ScrnInfoPtr;
typedef void (*dpms_set_fn)(ScrnInfoPtr, int, int);
typedef Bool (*dpms_init_fn)(ScreenPtr, dpms_set_fn, int);

/* The audit interface, declared here for -Wmissing-prototypes. */
unsigned int la_version(unsigned int version);
unsigned int la_objopen(struct link_map *map, Lmid_t lmid, uintptr_t *cookie);
uintptr_t la_symbind64(Elf64_Sym *sym, unsigned int ndx, uintptr_t *refcook,
    uintptr_t *defcook, unsigned int *flags, const char *name);

static struct link_map *xorg;		/* the Xorg executable */
static Bool (*crtc_screen_init)(ScreenPtr);	/* the real one */

/* glibc stores some dynamic entries relocated, others not. */
static uintptr_t
dyn_ptr(const struct link_map *m, uintptr_t p)
{
	return p < m->l_addr ? p + m->l_addr : p;
}

/* NAME's address in M's dynamic symbol table, or NULL. */
static void *
lookup(const struct link_map *m, const char *name)
{
	const ElfW(Sym) *sym = NULL;
	const char *str = NULL;
	const uint32_t *gh = NULL, *buckets, *chain;
	const unsigned char *c;
	uint32_t h = 5381, i;

	for (const ElfW(Dyn) *d = m->l_ld; d->d_tag != DT_NULL; d++) {
		if (d->d_tag == DT_SYMTAB)
			sym = (const void *)dyn_ptr(m, d->d_un.d_ptr);
		else if (d->d_tag == DT_STRTAB)
			str = (const void *)dyn_ptr(m, d->d_un.d_ptr);
		else if (d->d_tag == DT_GNU_HASH)
			gh = (const void *)dyn_ptr(m, d->d_un.d_ptr);
	}
	if (sym == NULL || str == NULL || gh == NULL)
		return NULL;
	/* nbuckets, symoffset, bloom size, bloom shift, bloom, buckets,
	 * chains (the GNU hash section's layout). */
	buckets = (const uint32_t *)((const ElfW(Addr) *)&gh[4] + gh[2]);
	chain = buckets + gh[0];
	for (c = (const unsigned char *)name; *c; c++)
		h = h * 33 + *c;
	for (i = buckets[h % gh[0]]; i >= gh[1]; i++) {
		uint32_t h2 = chain[i - gh[1]];

		if ((h | 1) == (h2 | 1) && strcmp(str + sym[i].st_name, name) == 0)
			return (void *)(m->l_addr + sym[i].st_value);
		if (h2 & 1)
			break;
	}
	return NULL;
}

/* No monitor to switch: says what the server asked for. */
static void
dpms_set(ScrnInfoPtr scrn, int level, int flags)
{
	(void)scrn;
	(void)flags;
	fprintf(stderr, "dpms level %d\n", level);
}

static Bool
crtc_screen_init_dpms(ScreenPtr screen)
{
	dpms_init_fn dpms_init;

	if (!crtc_screen_init(screen))
		return 0;
	*(void **)&dpms_init = lookup(xorg, "xf86DPMSInit");
	if (dpms_init == NULL) {
		fprintf(stderr, "xorg_dpms_audit: no xf86DPMSInit in Xorg: "
		    "the screen has no DPMS\n");
		return 1;
	}
	return dpms_init(screen, dpms_set, 0);
}

unsigned int
la_version(unsigned int version)
{
	(void)version;
	return LAV_CURRENT;
}

unsigned int
la_objopen(struct link_map *map, Lmid_t lmid, uintptr_t *cookie)
{
	(void)cookie;
	if (lmid == LM_ID_BASE && map->l_name[0] == '\0')
		xorg = map;
	/* Only the dummy driver's calls are looked at. */
	return strstr(map->l_name, "dummy_drv") ? LA_FLG_BINDFROM : LA_FLG_BINDTO;
}

uintptr_t
la_symbind64(Elf64_Sym *sym, unsigned int ndx, uintptr_t *refcook,
    uintptr_t *defcook, unsigned int *flags, const char *name)
{
	(void)ndx;
	(void)refcook;
	(void)defcook;
	(void)flags;
	if (xorg != NULL && strcmp(name, "xf86CrtcScreenInit") == 0) {
		*(void **)&crtc_screen_init = (void *)sym->st_value;
		return (uintptr_t)crtc_screen_init_dpms;
	}
	return sym->st_value;
}
