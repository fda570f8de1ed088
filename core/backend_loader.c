/*
 * core/backend_loader.c — owns finding backend modules in the search path,
 * loading them with apr_dso, checking their table (ABI version, size,
 * name, operations), running their probe, and caching what loaded.
 */
#include "core/backend_loader.h"
#include "core/last_error.h"
#include "core/runtime.h"
#include "config.h"

#include <ginet/error.h>

#include <apr_dso.h>
#include <apr_file_info.h>
#include <apr_strings.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where `make install` puts the modules; core/local.mk passes it. */
#ifndef GINET_BACKENDS_DIR
#define GINET_BACKENDS_DIR "/usr/local/lib/ginet/backends"
#endif
/* The module file extension libtool uses here (configure finds it). */
#ifndef GINET_MODULE_EXT
#define GINET_MODULE_EXT ".so"
#endif
/* configure --with-default-backend, else the platform's own. */
#ifndef GINET_DEFAULT_BACKEND
#  if defined(__linux__)
#    define GINET_DEFAULT_BACKEND "epoll"
#  elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) \
        || defined(__OpenBSD__) || defined(__DragonFly__)
#    define GINET_DEFAULT_BACKEND "kqueue"
#  elif defined(_WIN32)
#    define GINET_DEFAULT_BACKEND "iocp"
#  else
#    define GINET_DEFAULT_BACKEND "socket"
#  endif
#endif
#ifdef _WIN32
#define PATH_SEP ';'
#else
#define PATH_SEP ':'
#endif

#define NAME_MAX_LEN 32

typedef struct loaded {
    struct loaded *next;
    char name[NAME_MAX_LEN + 1];
    const ginet_backend *bk;
    char path[1024];
} loaded;

/* Recursive: a module's entry point or probe may load another backend
 * (the test shim, tests/shim/, wraps one). */
static pthread_mutex_t lock;
static pthread_once_t lock_once = PTHREAD_ONCE_INIT;
static loaded *cache;                /* guarded by lock; never shrinks */

static void lock_init(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&lock, &attr);
    pthread_mutexattr_destroy(&attr);
}

int ginet__backend_name_ok(const char *name)
{
    if (name == NULL)
        return 0;
    size_t n = strlen(name);
    if (n == 0 || n > NAME_MAX_LEN)
        return 0;
    if (!((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z')))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

const char *ginet__backend_default_name(void)
{
    const char *env = getenv("GINET_BACKEND");
    return env != NULL && env[0] != '\0' ? env : GINET_DEFAULT_BACKEND;
}

/* Call FN for each search directory in order until it returns non-zero. */
static int each_dir(int (*fn)(const char *dir, void *arg), void *arg)
{
    const char *env = getenv("GINET_BACKEND_PATH");
    char dir[1024];
    while (env != NULL && *env != '\0') {
        const char *end = strchr(env, PATH_SEP);
        size_t n = end != NULL ? (size_t)(end - env) : strlen(env);
        if (n > 0 && n < sizeof dir) {
            memcpy(dir, env, n);
            dir[n] = '\0';
            int r = fn(dir, arg);
            if (r != 0)
                return r;
        }
        env = end != NULL ? end + 1 : NULL;
    }
    return fn(GINET_BACKENDS_DIR, arg);
}

struct text { char *buf; size_t cap, len; };

static void text_add(struct text *t, const char *s)
{
    size_t n = strlen(s);
    if (t->cap > 0 && t->len < t->cap - 1) {
        size_t room = t->cap - 1 - t->len;
        memcpy(t->buf + t->len, s, n < room ? n : room);
        t->buf[t->len + (n < room ? n : room)] = '\0';
    }
    t->len += n;
}

static int add_dir(const char *dir, void *arg)
{
    struct text *t = arg;
    if (t->len > 0)
        text_add(t, ", ");
    text_add(t, dir);
    return 0;
}

long ginet__backend_search_text(char *buf, size_t cap)
{
    struct text t = { buf, cap, 0 };
    if (cap > 0)
        buf[0] = '\0';
    each_dir(add_dir, &t);
    return (long)t.len;
}

/* ------------------------------------------------------------- finding */

struct find { const char *name; apr_pool_t *pool; char *path; size_t cap; };

static int exists(const char *path, apr_pool_t *pool)
{
    apr_finfo_t fi;
    return apr_stat(&fi, path, APR_FINFO_TYPE, pool) == APR_SUCCESS
           && fi.filetype != APR_DIR;
}

static int find_in(const char *dir, void *arg)
{
    struct find *f = arg;
    /* As installed, then as libtool leaves it in a build tree. */
    for (int libs = 0; libs < 2; libs++) {
        int n = snprintf(f->path, f->cap, "%s%s/%s%s", dir, libs ? "/.libs" : "",
                         f->name, GINET_MODULE_EXT);
        if (n > 0 && (size_t)n < f->cap && exists(f->path, f->pool))
            return 1;
    }
    f->path[0] = '\0';
    return 0;
}

/* ------------------------------------------------------------- checking */

/* Write the one-line explanation of a failed attempt. */
static void why(ginet__backend_attempt *at, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void why(ginet__backend_attempt *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(at->reason, sizeof at->reason, fmt, ap);
    va_end(ap);
}

static int check_table(const char *name, const ginet_backend *bk,
                       ginet__backend_attempt *at)
{
    /* The operations this frontend calls: all of version 1's. */
    const size_t need = offsetof(ginet_backend, native_handle)
                        + sizeof bk->native_handle;
    if (bk->abi_version != GINET_BACKEND_ABI_VERSION) {
        why(at, "backend '%s' (%s) speaks backend ABI %u, this library %u",
            name, at->path, (unsigned)bk->abi_version,
            (unsigned)GINET_BACKEND_ABI_VERSION);
        return GINET_EINVAL;
    }
    if (bk->struct_size < need) {
        why(at, "backend '%s' (%s) has a table of %u bytes, %zu needed",
            name, at->path, (unsigned)bk->struct_size, need);
        return GINET_EINVAL;
    }
    if (bk->name == NULL || strcmp(bk->name, name) != 0) {
        why(at, "backend '%s' (%s) calls itself '%s'", name, at->path,
            bk->name != NULL ? bk->name : "(null)");
        return GINET_EINVAL;
    }
    const char *missing =
        bk->loop_init == NULL ? "loop_init" : bk->loop_fini == NULL ? "loop_fini"
        : bk->poll == NULL ? "poll" : bk->wakeup == NULL ? "wakeup"
        : bk->sock_open == NULL ? "sock_open" : bk->sock_close == NULL ? "sock_close"
        : bk->bind == NULL ? "bind" : bk->listen == NULL ? "listen"
        : bk->submit == NULL ? "submit" : bk->cancel == NULL ? "cancel"
        : bk->shutdown == NULL ? "shutdown" : bk->setopt == NULL ? "setopt"
        : bk->getopt == NULL ? "getopt" : bk->sockname == NULL ? "sockname"
        : bk->peername == NULL ? "peername"
        : bk->native_handle == NULL ? "native_handle"
        : bk->options == NULL ? "options" : NULL;
    if (missing != NULL) {
        why(at, "backend '%s' (%s) lacks '%s'", name, at->path, missing);
        return GINET_EINVAL;
    }
    int caps_io = (bk->caps & GINET_BKCAP_READINESS) != 0;
    caps_io += (bk->caps & GINET_BKCAP_COMPLETION) != 0;
    if (caps_io != 1) {
        why(at, "backend '%s' (%s) must say readiness or completion I/O",
            name, at->path);
        return GINET_EINVAL;
    }
    if (bk->probe != NULL) {
        char text[512] = "";
        int rc = bk->probe(text, sizeof text);
        if (rc != 0) {
            why(at, "backend '%s' (%s) cannot run here: %s", name, at->path,
                text[0] ? text : ginet_format_error(rc));
            return rc < 0 ? rc : GINET_EUNKNOWN;
        }
    }
    return 0;
}

/* ------------------------------------------------------------- loading */

static int load_locked(const char *name, ginet__backend_attempt *at)
{
    for (loaded *l = cache; l != NULL; l = l->next) {
        if (strcmp(l->name, name) == 0) {
            at->bk = l->bk;
            snprintf(at->path, sizeof at->path, "%s", l->path);
            return 0;
        }
    }
    apr_pool_t *pool;
    if (apr_pool_create(&pool, ginet__runtime_pool()) != APR_SUCCESS) {
        why(at, "backend '%s': out of memory", name);
        return GINET_ENOMEM;
    }
    struct find f = { name, pool, at->path, sizeof at->path };
    if (!each_dir(find_in, &f)) {
        char dirs[700];
        ginet__backend_search_text(dirs, sizeof dirs);
        why(at, "backend '%s' not found; searched: %s", name, dirs);
        apr_pool_destroy(pool);
        return GINET_ENOENT;
    }
    apr_dso_handle_t *h;
    apr_dso_handle_sym_t sym;
    char err[400];
    if (apr_dso_load(&h, at->path, pool) != APR_SUCCESS) {
        why(at, "backend '%s': cannot load %s: %s",
            name, at->path, apr_dso_error(h, err, sizeof err));
        apr_pool_destroy(pool);
        return GINET_ELIBBAD;
    }
    if (apr_dso_sym(&sym, h, GINET_BACKEND_ENTRY_SYMBOL) != APR_SUCCESS) {
        why(at, "backend '%s': %s has no %s symbol",
            name, at->path, GINET_BACKEND_ENTRY_SYMBOL);
        apr_pool_destroy(pool);
        return GINET_ELIBBAD;
    }
    ginet_backend_entry_fn entry;
    memcpy(&entry, &sym, sizeof entry);      /* object to function pointer */
    const ginet_backend *bk = entry();
    int rc = bk != NULL ? check_table(name, bk, at) : GINET_ELIBBAD;
    if (bk == NULL)
        why(at, "backend '%s': %s returned no table",
            name, at->path);
    loaded *l = rc == 0 ? calloc(1, sizeof *l) : NULL;
    if (rc == 0 && l == NULL) {
        why(at, "backend '%s': out of memory", name);
        rc = GINET_ENOMEM;
    }
    if (rc != 0) {
        apr_pool_destroy(pool);              /* unloads the module */
        return rc;
    }
    snprintf(l->name, sizeof l->name, "%s", name);
    snprintf(l->path, sizeof l->path, "%s", at->path);
    l->bk = bk;
    l->next = cache;
    cache = l;                               /* the pool (and module) stay */
    at->bk = bk;
    return 0;
}

int ginet__backend_try(const char *name, ginet__backend_attempt *at)
{
    memset(at, 0, sizeof *at);
    if (!ginet__backend_name_ok(name)) {
        why(at, "backend name '%.64s' is not valid: 1 to %d letters, digits, "
            "'_' or '-', starting with a letter", name ? name : "", NAME_MAX_LEN);
        return at->error = GINET_EINVAL;
    }
    int rc = ginet__runtime_init();
    if (rc != 0) {
        why(at, "backend '%s': the runtime (APR) failed to start", name);
        return at->error = rc;
    }
    pthread_once(&lock_once, lock_init);
    pthread_mutex_lock(&lock);
    rc = load_locked(name, at);
    pthread_mutex_unlock(&lock);
    return at->error = rc;
}

int ginet__backend_get(const char *name, const ginet_backend **out)
{
    if (out == NULL)
        return GINET_EINVAL;
    if (name == NULL)
        name = ginet__backend_default_name();
    ginet__backend_attempt at;
    int rc = ginet__backend_try(name, &at);
    if (rc != 0)
        return ginet__fail(rc, "%s", at.reason);
    *out = at.bk;
    return 0;
}

/* ------------------------------------------------------------- scanning */

struct scan { void (*fn)(const char *, void *); void *arg; apr_pool_t *pool; };

static void scan_one(const char *dir, struct scan *sc)
{
    apr_dir_t *d;
    apr_finfo_t fi;
    const size_t extlen = strlen(GINET_MODULE_EXT);
    if (apr_dir_open(&d, dir, sc->pool) != APR_SUCCESS)
        return;
    for (;;) {
        fi.name = NULL;
        apr_status_t st = apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d);
        if (st != APR_SUCCESS && !APR_STATUS_IS_INCOMPLETE(st))
            break;
        if (fi.name == NULL)
            continue;
        size_t n = strlen(fi.name);
        char name[NAME_MAX_LEN + 1];
        if (n > extlen && n - extlen <= NAME_MAX_LEN
            && strcmp(fi.name + n - extlen, GINET_MODULE_EXT) == 0) {
            memcpy(name, fi.name, n - extlen);
            name[n - extlen] = '\0';
            if (ginet__backend_name_ok(name))
                sc->fn(name, sc->arg);
        }
    }
    apr_dir_close(d);
}

static int scan_dir(const char *dir, void *arg)
{
    struct scan *sc = arg;
    char libs[1100];
    scan_one(dir, sc);
    if (snprintf(libs, sizeof libs, "%s/.libs", dir) < (int)sizeof libs)
        scan_one(libs, sc);
    return 0;
}

void ginet__backend_scan(void (*fn)(const char *name, void *arg), void *arg)
{
    struct scan sc = { fn, arg, NULL };
    if (ginet__runtime_init() != 0
        || apr_pool_create(&sc.pool, ginet__runtime_pool()) != APR_SUCCESS)
        return;
    each_dir(scan_dir, &sc);
    apr_pool_destroy(sc.pool);
}
