/*
 * core/backend_list.c — owns the public face of the loader
 * (include/ginet/loader.h): listing the backends with why each does or
 * does not load, the default's name, loading by name, capability names.
 */
#include "core/backend_loader.h"
#include "core/last_error.h"

#include <ginet/error.h>
#include <ginet/loader.h>

#include <stdlib.h>
#include <string.h>

/* The backends ginet knows of, listed even when they are not built here,
 * so that `ginet backends` says why they do not load. */
static const char *const known[] = { "epoll", "iocp", "kqueue", "socket", "uring" };

#define MAX_LISTED 64

struct names { const char *v[MAX_LISTED]; char own[MAX_LISTED][40]; size_t n; };

static void add_name(const char *name, void *arg)
{
    struct names *ns = arg;
    for (size_t i = 0; i < ns->n; i++)
        if (strcmp(ns->v[i], name) == 0)
            return;
    if (ns->n == MAX_LISTED || strlen(name) >= sizeof ns->own[0])
        return;
    strcpy(ns->own[ns->n], name);
    ns->v[ns->n] = ns->own[ns->n];
    ns->n++;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static char *dup_or_empty(const char *s)
{
    return strdup(s != NULL ? s : "");
}

GINET_API void ginet_backends_free(ginet_backend_info *list, size_t count)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < count; i++) {
        free((char *)list[i].name);
        free((char *)list[i].description);
        free((char *)list[i].reason);
        free((char *)list[i].path);
    }
    free(list);
}

GINET_API int ginet_backends(ginet_backend_info **list, size_t *count)
{
    if (list == NULL || count == NULL)
        return GINET_EINVAL;
    *list = NULL;
    *count = 0;
    struct names *ns = calloc(1, sizeof *ns);
    if (ns == NULL)
        return GINET_ENOMEM;
    const char *def = ginet__backend_default_name();
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        add_name(known[i], ns);
    ginet__backend_scan(add_name, ns);
    qsort(ns->v, ns->n, sizeof ns->v[0], by_name);

    /* The default first (even an invalid name: the listing says why). */
    size_t total = ns->n + 1;
    ginet_backend_info *out = calloc(total, sizeof *out);
    ginet__backend_attempt *at = malloc(sizeof *at);
    if (out == NULL || at == NULL) {
        free(out);
        free(at);
        free(ns);
        return GINET_ENOMEM;
    }
    size_t k = 0;
    int rc = 0;
    for (size_t i = 0; i <= ns->n && rc == 0; i++) {
        const char *name = i == 0 ? def : ns->v[i - 1];
        if (i > 0 && strcmp(name, def) == 0)
            continue;
        ginet__backend_try(name, at);
        ginet_backend_info *b = &out[k++];
        b->is_default = i == 0;
        b->loaded = at->error == 0;
        b->error = at->error;
        b->caps = at->bk != NULL ? at->bk->caps : 0;
        b->name = dup_or_empty(name);
        b->description = dup_or_empty(at->bk != NULL ? at->bk->description : "");
        b->reason = dup_or_empty(at->reason);
        b->path = dup_or_empty(at->path);
        if (!b->name || !b->description || !b->reason || !b->path)
            rc = GINET_ENOMEM;
    }
    free(at);
    free(ns);
    if (rc != 0) {
        ginet_backends_free(out, k);
        return rc;
    }
    *list = out;
    *count = k;
    return 0;
}

GINET_API const char *ginet_backend_default(void)
{
    return ginet__backend_default_name();
}

GINET_API int ginet_backend_load(const char *name, const ginet_backend **out)
{
    return ginet__backend_get(name, out);
}

GINET_API long ginet_backend_search_path(char *buf, size_t cap)
{
    if (buf == NULL && cap > 0)
        return GINET_EINVAL;
    return ginet__backend_search_text(buf, cap);
}

GINET_API const char *ginet_backend_cap_name(uint64_t cap)
{
    static const struct { uint64_t bit; const char *name; } caps[] = {
        { GINET_BKCAP_READINESS, "readiness" },
        { GINET_BKCAP_COMPLETION, "completion" },
        { GINET_BKCAP_INLINE, "inline" },
        { GINET_BKCAP_TCP, "tcp" },
        { GINET_BKCAP_UDP, "udp" },
        { GINET_BKCAP_LOCAL, "local" },
        { GINET_BKCAP_SCTP, "sctp" },
        { GINET_BKCAP_IPV6, "ipv6" },
        { GINET_BKCAP_V6ONLY, "v6only" },
        { GINET_BKCAP_REUSEPORT, "reuseport" },
        { GINET_BKCAP_REUSEPORT_LB, "reuseport_lb" },
        { GINET_BKCAP_NETNS, "netns" },
        { GINET_BKCAP_BINDTODEVICE, "bind_to_device" },
        { GINET_BKCAP_MULTISHOT, "multishot" },
        { GINET_BKCAP_ADOPT_FD, "adopt_fd" },
        { GINET_BKCAP_ANCILLARY, "ancillary" },
    };
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
        if (caps[i].bit == cap)
            return caps[i].name;
    return NULL;
}
