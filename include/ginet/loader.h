/*
 * ginet/loader.h — the I/O backends this machine has: which load, which
 * do not and why, which one is the default, and loading one by name.
 *
 * Backends are loadable modules (epoll.so, kqueue.so, ...) found, first
 * match wins, in each directory of the GINET_BACKEND_PATH environment
 * variable (colon-separated; an uninstalled build tree's `backends`
 * directory works as it is) and then in the directory the library was
 * installed with ($(pkglibdir)/backends).  In each directory the loader
 * looks for DIR/NAME.EXT and DIR/.libs/NAME.EXT (EXT: the platform's
 * module extension, ".so" on Linux).  A backend "loads" when its module
 * is found, speaks this library's backend ABI (backend.h) and its probe
 * says it can run here (kernel support, permissions).
 *
 * Which backend a socket uses is chosen when it is created: the
 * {inet_backend, Name} option first, else the GINET_BACKEND environment
 * variable, else the default configured at build time (configure
 * --with-default-backend; the platform's own by default: epoll on Linux,
 * kqueue on the BSDs and macOS, iocp on Windows, socket elsewhere).  A
 * backend that does not load is an error naming it and the directories
 * searched — never a silent fallback to another.  ginet_socket_backend()
 * (socket.h) tells which backend a socket runs on.
 *
 * Thread-safety: every function may be called from any thread; a module
 * is loaded once and stays loaded for the life of the process.
 */
#ifndef GINET_LOADER_H
#define GINET_LOADER_H

#include <ginet/defs.h>

GINET_BEGIN_DECLS

/* The backend's table (backend.h); opaque unless backend.h is included. */
typedef struct ginet_backend ginet_backend;

/* What the loader knows about one backend. */
typedef struct ginet_backend_info {
    const char *name;          /* "epoll" */
    const char *description;   /* the backend's one line; "" if it did not load */
    uint64_t caps;             /* GINET_BKCAP_* (backend.h); 0 if it did not load */
    int loaded;                /* 1: it loads and can run here */
    int error;                 /* 0, or why it does not load (see
                                  ginet_backend_load()) */
    const char *reason;        /* "" or one line saying why not, naming the
                                  paths searched */
    const char *path;          /* the module file, "" when none was found */
    int is_default;            /* 1 for ginet_backend_default()'s backend */
} ginet_backend_info;

/*
 * Every backend the loader knows of: the default one first, then the
 * others by name — those ginet knows (epoll, io_uring, iocp, kqueue,
 * socket) and any other module found in the search path.  Each entry says
 * whether the backend loads here and, if not, why ("backend 'kqueue' not
 * found; searched: ...").  Loading is attempted for each, so a listed
 * backend that loads is ready for use.  Stores a new array in *LIST and
 * its length in *COUNT; free it with ginet_backends_free().  Returns 0,
 * GINET_EINVAL (a NULL argument) or GINET_ENOMEM.
 */
GINET_API int ginet_backends(ginet_backend_info **list, size_t *count);

/* Free what ginet_backends() returned.  NULL is allowed. */
GINET_API void ginet_backends_free(ginet_backend_info *list, size_t count);

/*
 * The name of the backend sockets get when no {inet_backend, Name}
 * option says otherwise: GINET_BACKEND when set and not empty, else the
 * configured default.  Never NULL; valid until GINET_BACKEND changes.
 */
GINET_API const char *ginet_backend_default(void);

/*
 * Load backend NAME (NULL: ginet_backend_default()) and store its table
 * in *OUT (include <ginet/backend.h> to use it).  Loading happens once;
 * later calls return the same table.  Returns 0, or:
 *   GINET_EINVAL   NAME is not a backend name (letters, digits, '_' and
 *                  '-', 1 to 32 of them, starting with a letter), or the
 *                  module speaks another backend ABI, or its table is
 *                  malformed;
 *   GINET_ENOENT   no module NAME in the search path;
 *   GINET_ELIBBAD  the file is there but is not a loadable backend;
 *   the probe's code when the backend cannot run here (e.g. GINET_EPERM).
 * On failure ginet_last_error() holds one line naming the backend and
 * every directory searched, e.g. "backend 'nope' not found; searched:
 * /src/build/backends, /usr/local/lib/ginet/backends".
 * A module's entry point or probe may itself call this to load another
 * backend it wraps (the test shim, tests/shim/, does).
 */
GINET_API int ginet_backend_load(const char *name, const ginet_backend **out);

/*
 * The directories searched, in order, joined with ", " into BUF
 * (capacity CAP, always NUL-terminated when CAP > 0).  Returns the
 * text's full length (which may exceed CAP - 1: then BUF holds a
 * truncated text), or GINET_EINVAL.
 */
GINET_API long ginet_backend_search_path(char *buf, size_t cap);

/*
 * The short name of one capability bit (GINET_BKCAP_* in backend.h),
 * e.g. "readiness", "reuseport_lb", "netns"; NULL for a bit with no
 * name.  For printing capability masks.
 */
GINET_API const char *ginet_backend_cap_name(uint64_t cap);

GINET_END_DECLS

#endif /* GINET_LOADER_H */
