/*
 * tests/unit/fake_backend.c — backend modules that are wrong on purpose,
 * for the loader tests (test_loader.c).  One source, built several times
 * with different FAKE_* macros (tests/local.mk): a module for another ABI
 * version, one whose table has another name, one without the entry
 * symbol, one whose probe refuses, and one that is fine.  None of them
 * does any I/O.
 */
#include <ginet/backend.h>
#include <ginet/error.h>

#include <stdio.h>

#ifndef FAKE_ABI
#define FAKE_ABI GINET_BACKEND_ABI_VERSION
#endif

static int probe(char *why, size_t whylen)
{
#ifdef FAKE_PROBE_FAILS
    snprintf(why, whylen, "the fake kernel says no");
    return GINET_EPERM;
#else
    (void)why;
    (void)whylen;
    return 0;
#endif
}

static int loop_init(void *l, const ginet_bk_loop_params *p) { (void)l; (void)p; return GINET_ENOTSUP; }
static void loop_fini(void *l) { (void)l; }
static int poll_(void *l, int t) { (void)l; (void)t; return 0; }
static void wakeup(void *l) { (void)l; }
static int sock_open(void *l, void *s, const ginet_bk_open *h) { (void)l; (void)s; (void)h; return GINET_ENOTSUP; }
static int sock_close(void *s, ginet_bk_req *r) { (void)s; (void)r; return 0; }
static int bind_(void *s, const ginet_sockaddr *a) { (void)s; (void)a; return GINET_ENOTSUP; }
static int listen_(void *s, int b) { (void)s; (void)b; return GINET_ENOTSUP; }
static int submit(void *s, ginet_bk_req *r) { (void)s; (void)r; return GINET_ENOTSUP; }
static int cancel(void *s, ginet_bk_req *r) { (void)s; (void)r; return GINET_ENOTSUP; }
static int shutdown_(void *s, int h) { (void)s; (void)h; return GINET_ENOTSUP; }
static int setopt(void *s, ginet_bk_opt o, const ginet_bk_optval *v) { (void)s; (void)o; (void)v; return GINET_ENOTSUP; }
static int getopt_(void *s, ginet_bk_opt o, ginet_bk_optval *v) { (void)s; (void)o; (void)v; return GINET_ENOTSUP; }
static int name_(void *s, ginet_sockaddr *a) { (void)s; (void)a; return GINET_ENOTSUP; }
static intptr_t handle(void *s) { (void)s; return -1; }

static const ginet_bk_option_row options[] = { { 0, GINET_BK_UNSUPPORTED, NULL } };

static const ginet_backend table = {
    .abi_version = FAKE_ABI,
    .struct_size = sizeof(ginet_backend),
    .name = FAKE_TABLE_NAME,
    .description = "a fake backend for the loader tests",
    .caps = GINET_BKCAP_READINESS,
    .loop_size = 8,
    .sock_size = 8,
    .options = options,
    .probe = probe,
    .loop_init = loop_init,
    .loop_fini = loop_fini,
    .poll = poll_,
    .wakeup = wakeup,
    .sock_open = sock_open,
    .sock_close = sock_close,
    .bind = bind_,
    .listen = listen_,
    .submit = submit,
    .cancel = cancel,
    .shutdown = shutdown_,
    .setopt = setopt,
    .getopt = getopt_,
    .sockname = name_,
    .peername = name_,
    .native_handle = handle,
};

#ifndef FAKE_NO_ENTRY
const ginet_backend *ginet_backend_entry(void);
__attribute__((visibility("default")))
const ginet_backend *ginet_backend_entry(void)
{
    return &table;
}
#else
/* Exported under another name: the loader must not find the entry. */
const ginet_backend *fake_entry(void);
__attribute__((visibility("default")))
const ginet_backend *fake_entry(void)
{
    return &table;
}
#endif
