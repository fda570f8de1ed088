/*
 * core/backend_loader.h — internal: finding, loading and checking backend
 * modules (the public face is include/ginet/loader.h).
 */
#ifndef GINET_CORE_BACKEND_LOADER_H
#define GINET_CORE_BACKEND_LOADER_H

#include <ginet/backend.h>

/* Load (once, cached, thread-safe) the backend NAME, or with NAME NULL the
 * default: GINET_BACKEND env var, then the configured default (configure
 * --with-default-backend=NAME, default: the platform default: epoll on
 * Linux, kqueue on BSD/macOS, iocp on Windows, socket elsewhere).  On
 * failure returns a GINET_E* code (GINET_ENOENT unknown/missing,
 * GINET_EINVAL ABI mismatch or a bad name, GINET_ELIBBAD not a backend
 * module, or the probe's error) and records via ginet__fail()
 * (core/last_error.h) ONE line naming the backend and every path
 * searched, e.g. "backend 'nope' not found; searched:
 * /work/main/build/backends, /usr/local/lib/ginet/backends". */
int ginet__backend_get(const char *name, const ginet_backend **out);
const char *ginet__backend_default_name(void);

/* The outcome of one load attempt, for the listing (core/backend_list.c). */
typedef struct ginet__backend_attempt {
    const ginet_backend *bk;      /* the table, when loaded */
    int error;                    /* 0 or the code ginet__backend_get gives */
    char path[1024];              /* the module file found, "" if none */
    char reason[1024];            /* "" or the one-line explanation */
} ginet__backend_attempt;

/* Like ginet__backend_get() (NAME must not be NULL), filling *AT instead
 * of the thread's last error.  Returns AT->error. */
int ginet__backend_try(const char *name, ginet__backend_attempt *at);

/* 1 if NAME is a well-formed backend name. */
int ginet__backend_name_ok(const char *name);

/* Call FN(NAME, ARG) for every module file name found in the search
 * path (names not well-formed skipped; duplicates possible). */
void ginet__backend_scan(void (*fn)(const char *name, void *arg), void *arg);

/* The search directories joined with ", " (see ginet_backend_search_path). */
long ginet__backend_search_text(char *buf, size_t cap);

#endif
