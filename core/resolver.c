/*
 * core/resolver.c — owns the public lookup calls of ginet/resolver.h:
 * the blocking forms (start a lookup, wait on the caller's thread for
 * its answer), the asynchronous forms (the answer as a GINET_MSG_RESOLVED
 * message to an owner), getaddr/getaddrs, gethostname and the counters.
 * The chain itself is core/resolver_lookup.c.
 */
#include "core/resolver_internal.h"

#include "core/last_error.h"
#include "core/mailbox_internal.h"
#include "core/msg.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ginet__rs_counters ginet__rs_stats;

/* ------------------------------------------------------------- blocking */

typedef struct waiter {
    ginet__lookup lk;
    ginet__mutex m;
    ginet__cond c;
    int done;
} waiter;

static void wake(ginet__lookup *lk)
{
    waiter *w = lk->user;
    ginet__lock(&w->m);
    w->done = 1;
    ginet__broadcast(&w->c);
    ginet__unlock(&w->m);
}

/* Run the lookup W->lk describes and wait for it.  The lookup's deadline
 * is enforced by the loop (the chain must end the OTP way), so the wait
 * itself has none. */
static int wait_lookup(waiter *w, ginet_hostent **out)
{
    if (ginet__mutex_init(&w->m) != 0)
        return GINET_ENOMEM;
    if (ginet__cond_init(&w->c) != 0) {
        ginet__mutex_destroy(&w->m);
        return GINET_ENOMEM;
    }
    w->done = 0;
    w->lk.done = wake;
    w->lk.user = w;
    w->lk.no_async = 1;                      /* a blocking caller */
    ginet__lookup_start(&w->lk);
    ginet__lock(&w->m);
    while (!w->done)
        ginet__wait(&w->c, &w->m, -1);
    ginet__unlock(&w->m);
    ginet__cond_destroy(&w->c);
    ginet__mutex_destroy(&w->m);
    int st = w->lk.status;
    *out = w->lk.result;
    w->lk.result = NULL;
    ginet__lookup_clear(&w->lk);
    return st;
}

static int byname(const char *name, ginet_family family, int timeout_ms, ginet_hostent **out)
{
    if (out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    if (name == NULL)
        return GINET_EINVAL;
    ginet__clear_error();
    waiter w;
    memset(&w, 0, sizeof w);
    w.lk.name = ginet__strndup(name, strlen(name));
    if (w.lk.name == NULL)
        return GINET_ENOMEM;
    w.lk.family = family;
    w.lk.deadline = ginet__deadline(timeout_ms);
    return wait_lookup(&w, out);
}

GINET_API int ginet_gethostbyname(const char *name, int timeout_ms, ginet_hostent **out)
{
    return byname(name, GINET_AF_UNSPEC, timeout_ms, out);
}

GINET_API int ginet_gethostbyname2(const char *name, ginet_family family, int timeout_ms,
                                   ginet_hostent **out)
{
    if (family == GINET_AF_UNSPEC) {         /* not a choice here */
        if (out != NULL)
            *out = NULL;
        return GINET_EINVAL;
    }
    return byname(name, family, timeout_ms, out);
}

static int byaddr(const ginet_ip_address *address, int text, int timeout_ms,
                  ginet_hostent **out)
{
    if (out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    if (address == NULL
        || (address->family != GINET_AF_INET && address->family != GINET_AF_INET6))
        return GINET_EINVAL;
    ginet__clear_error();
    waiter w;
    memset(&w, 0, sizeof w);
    w.lk.byaddr = 1;
    w.lk.byaddr_text = text;
    w.lk.ip = *address;
    w.lk.deadline = ginet__deadline(timeout_ms);
    return wait_lookup(&w, out);
}

GINET_API int ginet_gethostbyaddr(const char *address, int timeout_ms, ginet_hostent **out)
{
    if (out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    ginet_ip_address ip;
    if (address == NULL || ginet_parse_address(address, strlen(address), &ip) != 0)
        return GINET_EINVAL;
    return byaddr(&ip, 1, timeout_ms, out);
}

GINET_API int ginet_gethostbyaddr_ip(const ginet_ip_address *address, int timeout_ms,
                                     ginet_hostent **out)
{
    return byaddr(address, 0, timeout_ms, out);
}

GINET_API int ginet_getaddrs(const char *host, ginet_family family, int timeout_ms,
                             ginet_ip_address **out, size_t *count)
{
    if (out == NULL || count == NULL)
        return GINET_EINVAL;
    *out = NULL;
    *count = 0;
    ginet_hostent *h;
    int rc = ginet_gethostbyname2(host, family, timeout_ms, &h);
    if (rc != 0)
        return rc;
    *out = h->addrs;                         /* hand the array over */
    *count = h->naddrs;
    h->addrs = NULL;
    h->naddrs = 0;
    ginet_hostent_free(h);
    return 0;
}

GINET_API int ginet_getaddr(const char *host, ginet_family family, int timeout_ms,
                            ginet_ip_address *out)
{
    if (out == NULL)
        return GINET_EINVAL;
    ginet_ip_address *v;
    size_t n;
    int rc = ginet_getaddrs(host, family, timeout_ms, &v, &n);
    if (rc != 0)
        return rc;
    *out = v[0];                             /* a hostent has at least one */
    free(v);
    return 0;
}

GINET_API int ginet_getaddr_ip(const ginet_ip_address *host, ginet_family family,
                               ginet_ip_address *out)
{
    if (host == NULL || out == NULL
        || (host->family != GINET_AF_INET && host->family != GINET_AF_INET6))
        return GINET_EINVAL;
    if (host->family != family)
        return GINET_EAFNOSUPPORT;           /* as OTP, local included */
    *out = *host;
    return 0;
}

GINET_API int ginet_gethostname(char *buf, size_t cap)
{
    if (buf == NULL || cap == 0)
        return GINET_EINVAL;
    char name[256];
    if (gethostname(name, sizeof name) != 0 || name[0] == '\0') {
        strcpy(name, "nohost.nodomain");     /* OTP's answer when it has none */
    } else {
        name[sizeof name - 1] = '\0';
        char *dot = strchr(name, '.');
        if (dot != NULL)
            *dot = '\0';
    }
    size_t len = strlen(name);
    if (len >= cap) {
        memcpy(buf, name, cap - 1);
        buf[cap - 1] = '\0';
        return GINET_ERANGE;
    }
    memcpy(buf, name, len + 1);
    return (int)len;
}

/* --------------------------------------------------------- asynchronous */

typedef struct async_req {
    ginet__lookup lk;
    ginet_mailbox *owner;
    uint64_t ref;
    ginet__task deliver;
} async_req;

static _Atomic uint64_t next_ref = 1;

static void deliver(ginet__task *task)
{
    async_req *r = (async_req *)((char *)task - offsetof(async_req, deliver));
    ginet_msg *m = ginet__msg_event(NULL, GINET_MSG_RESOLVED, r->lk.status);
    if (m != NULL) {
        m->ref = r->ref;
        m->hostent = r->lk.result;
        r->lk.result = NULL;
        if (ginet__mailbox_is_callback(r->owner)) {
            if (ginet__mailbox_enter(r->owner)) {
                ginet__mailbox_call(r->owner, m);
                ginet__mailbox_leave(r->owner);
            }
            ginet_msg_free(m);               /* a callback only borrows it */
        } else {
            ginet__mailbox_post(r->owner, m); /* dropped if the owner is closing */
        }
    }
    ginet__mailbox_unref(r->owner);
    ginet__lookup_clear(&r->lk);
    free(r);
}

/* The lookup is done: deliver on the resolver's loop thread, so that a
 * callback owner's function always runs there. */
static void async_done(ginet__lookup *lk)
{
    async_req *r = lk->user;
    r->deliver.fn = deliver;
    ginet__loop *loop;
    if (ginet__rs_loop(&loop) != 0 || ginet__loop_is_current(loop))
        deliver(&r->deliver);
    else
        ginet__loop_post(loop, &r->deliver);
}

static int start_async(async_req *r, ginet_mailbox *owner, uint64_t *ref)
{
    ginet__loop *loop;
    int rc = ginet__rs_loop(&loop);          /* the answer needs the loop */
    if (rc != 0) {
        ginet__lookup_clear(&r->lk);
        free(r);
        return rc;
    }
    r->owner = owner;
    ginet__mailbox_ref(owner);
    r->ref = atomic_fetch_add(&next_ref, 1);
    *ref = r->ref;
    r->lk.done = async_done;
    r->lk.user = r;
    ginet__lookup_start(&r->lk);
    return 0;
}

GINET_API int ginet_gethostbyname_async(const char *name, ginet_family family,
                                        int timeout_ms, ginet_mailbox *owner, uint64_t *ref)
{
    if (name == NULL || owner == NULL || ref == NULL)
        return GINET_EINVAL;
    async_req *r = calloc(1, sizeof *r);
    if (r == NULL || (r->lk.name = ginet__strndup(name, strlen(name))) == NULL) {
        free(r);
        return GINET_ENOMEM;
    }
    r->lk.family = family;
    r->lk.deadline = ginet__deadline(timeout_ms);
    return start_async(r, owner, ref);
}

GINET_API int ginet_gethostbyaddr_async(const char *address, int timeout_ms,
                                        ginet_mailbox *owner, uint64_t *ref)
{
    if (address == NULL || owner == NULL || ref == NULL)
        return GINET_EINVAL;
    async_req *r = calloc(1, sizeof *r);
    if (r == NULL)
        return GINET_ENOMEM;
    r->lk.byaddr = 1;
    r->lk.byaddr_text = 1;
    r->lk.deadline = ginet__deadline(timeout_ms);
    if (ginet_parse_address(address, strlen(address), &r->lk.ip) != 0) {
        /* Answered like any other: the message says einval. */
        r->lk.ip.family = GINET_AF_UNSPEC;
    }
    return start_async(r, owner, ref);
}

/* ---------------------------------------------------------------- stats */

GINET_API void ginet_resolver_stats_get(ginet_resolver_stats *out)
{
    if (out == NULL)
        return;
    out->lookups = atomic_load(&ginet__rs_stats.lookups);
    out->cache_hits = atomic_load(&ginet__rs_stats.cache_hits);
    out->cache_misses = atomic_load(&ginet__rs_stats.cache_misses);
    out->dns_queries = atomic_load(&ginet__rs_stats.dns_queries);
    out->native_queries = atomic_load(&ginet__rs_stats.native_queries);
    ginet__cache_counts(&out->cache_entries, &out->cache_records);
}
