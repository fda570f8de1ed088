/*
 * core/resolver_lookup.c — owns the lookup chain: one gethostbyname or
 * gethostbyaddr through the configured `lookup` methods in order, as
 * OTP's inet:gethostbyname_tm/4 and gethostbyaddr_tm/3 do, ending with
 * the local host name as the last resort.
 *
 * Threads: the chain starts on the caller's thread and stays there while
 * its steps need no query (address text, the host table, cache hits);
 * the first step that needs c-ares moves it to the resolver's loop (a
 * posted task), where it stays until done.  The deadline is a loop timer:
 * when it passes, the query in flight is abandoned (its answer still
 * fills the cache) and counts as a timeout, and the chain goes on — OTP's
 * gethostbyname then answers nxdomain, gethostbyaddr timeout.
 */
#include "core/resolver_internal.h"

#include "core/last_error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { M_STRING = 1, M_FILE, M_DNS, M_NATIVE };

static void run(ginet__lookup *lk);

/* ------------------------------------------------------------ finishing */

static void finish(ginet__lookup *lk, int status, ginet_hostent *h)
{
    if (ginet__timer_armed(&lk->timer))      /* only ever armed on the loop */
        ginet__timer_stop(ginet__loop_timers(lk->loop), &lk->timer);
    ginet__rc_release(lk->rc);
    lk->rc = NULL;
    free(lk->methods);
    lk->methods = NULL;
    if (status != 0) {
        ginet_hostent_free(h);
        h = NULL;
    }
    lk->status = status;
    lk->result = h;
    lk->done(lk);
}

void ginet__lookup_clear(ginet__lookup *lk)
{
    free(lk->name);
    lk->name = NULL;
    ginet_hostent_free(lk->result);
    lk->result = NULL;
}

/* ------------------------------------------------------- the simple steps */

static ginet_hostent *single(const char *name, ginet_family family,
                             const ginet_ip_address *ip, const char *alias)
{
    ginet_hostent *h = ginet__hostent_new(name, strlen(name), family);
    if (h != NULL && ((alias != NULL && ginet__hostent_add_alias(h, alias, strlen(alias)) != 0)
                      || ginet__hostent_add_addr(h, ip) != 0)) {
        ginet_hostent_free(h);
        h = NULL;
    }
    return h;
}

/* OTP's `string` method: IPv4 text as inet_parse:ipv4_address/1 reads it
 * (so "3232235521" is 192.168.0.1) or strict IPv6 text. */
static int by_string(const ginet__lookup *lk, ginet_hostent **out)
{
    ginet_ip_address ip;
    size_t len = strlen(lk->name);
    int rc = lk->family == GINET_AF_INET ? ginet_parse_ipv4_address(lk->name, len, &ip)
                                         : ginet_parse_ipv6strict_address(lk->name, len, &ip);
    if (rc != 0 || ip.family != lk->family)
        return GINET_ENXDOMAIN;
    *out = single(lk->name, lk->family, &ip, NULL);
    return *out != NULL ? 0 : GINET_ENOMEM;
}

static ginet_ip_address loopback(ginet_family family)
{
    ginet_ip_address ip;
    memset(&ip, 0, sizeof ip);
    ip.family = family;
    if (family == GINET_AF_INET6) {
        ip.u.v6[7] = 1;
    } else {
        ip.u.v4[0] = 127;
        ip.u.v4[3] = 1;
    }
    return ip;
}

/* OTP's gethostbyname_self: the host's own name (or name.domain) is
 * always the loopback address. */
static int by_self(const ginet__lookup *lk, ginet_hostent **out)
{
    char self[256], fqdn[512];
    ginet_gethostname(self, sizeof self);
    ginet_ip_address ip = loopback(lk->family);
    const char *name = NULL;
    if (ginet__name_eq(self, lk->name)) {
        name = self;
    } else if (lk->rc->domain[0] != '\0') {
        snprintf(fqdn, sizeof fqdn, "%s.%s", self, lk->rc->domain);
        if (ginet__name_eq(fqdn, lk->name))
            name = fqdn;
    }
    if (name == NULL)
        return GINET_ENXDOMAIN;
    *out = single(name, lk->family, &ip, NULL);
    return *out != NULL ? 0 : GINET_ENOMEM;
}

/* "localhost" when nothing else knew it: the loopback address (RFC 6761,
 * section 6.3).  OTP relies on /etc/hosts for this name; a machine without
 * that file (a minimal chroot or container) would then fail to resolve
 * the one name every program expects to work.  Only reached after the
 * lookup chain failed, so a hosts file or a server still decides. */
static int by_localhost(const ginet__lookup *lk, ginet_hostent **out)
{
    if ((lk->family != GINET_AF_INET && lk->family != GINET_AF_INET6)
        || (!ginet__name_eq(lk->name, "localhost") && !ginet__name_eq(lk->name, "localhost.")))
        return GINET_ENXDOMAIN;
    ginet_ip_address ip = loopback(lk->family);
    *out = single("localhost", lk->family, &ip, NULL);
    return *out != NULL ? 0 : GINET_ENOMEM;
}

/* OTP's gethostbyaddr_self, for 127.0.0.1 and ::1 when nothing knew them. */
static int by_self_addr(const ginet__lookup *lk, ginet_hostent **out)
{
    ginet_ip_address lo = loopback(lk->ip.family);
    if (!ginet_ip_address_equal(&lo, &lk->ip))
        return GINET_ENXDOMAIN;
    char self[256], fqdn[512];
    ginet_gethostname(self, sizeof self);
    if (lk->rc->domain[0] == '\0') {
        *out = single(self, lk->ip.family, &lk->ip, NULL);
    } else {
        snprintf(fqdn, sizeof fqdn, "%s.%s", self, lk->rc->domain);
        *out = single(fqdn, lk->ip.family, &lk->ip, self);
    }
    return *out != NULL ? 0 : GINET_ENOMEM;
}

/* ----------------------------------------------------------- the chain */

/* What to do with a step's outcome: 1 to stop with STATUS, 0 to go on. */
static int decisive(const ginet__lookup *lk, int method, int status)
{
    if (status == 0 || status == GINET_EINVAL || status == GINET_ENOMEM)
        return 1;                            /* ok, or formerr: einval */
    /* gethostbyaddr stops at a DNS timeout; gethostbyname goes on. */
    return lk->byaddr && method == M_DNS && status == GINET_ETIMEOUT;
}

/* The chain is out of methods: the last resort, then nxdomain. */
static void last_resort(ginet__lookup *lk)
{
    ginet_hostent *h = NULL;
    int st = !lk->byaddr ? by_self(lk, &h)
           : lk->byaddr_text ? GINET_ENXDOMAIN : by_self_addr(lk, &h);
    if (st == GINET_ENXDOMAIN && !lk->byaddr)
        st = by_localhost(lk, &h);
    finish(lk, st == 0 || st == GINET_ENOMEM ? st : GINET_ENXDOMAIN, h);
}

static void on_answer(void *arg, int status, ginet_hostent *h)
{
    ginet__lookup *lk = arg;
    lk->query = NULL;
    int method = lk->methods[lk->step];
    if (decisive(lk, method, status)) {
        finish(lk, status, h);
        return;
    }
    ginet_hostent_free(h);
    lk->step++;
    run(lk);
}

static void on_deadline(ginet__timer *t)
{
    ginet__lookup *lk = (ginet__lookup *)((char *)t - offsetof(ginet__lookup, timer));
    lk->expired = 1;
    if (lk->query != NULL) {
        ginet__rs_abandon(lk->query);
        lk->query = NULL;
        on_answer(lk, GINET_ETIMEOUT, NULL);
    }
}

static void on_loop(ginet__task *task)
{
    ginet__lookup *lk = (ginet__lookup *)((char *)task - offsetof(ginet__lookup, task));
    if (lk->deadline >= 0)
        ginet__timer_start(ginet__loop_timers(lk->loop), &lk->timer, lk->deadline, on_deadline);
    run(lk);
}

/* Start the query of a dns or native step (loop thread).  0 when the
 * answer will come to on_answer (perhaps already came), else the step's
 * outcome. */
static int query(ginet__lookup *lk, int method)
{
    if (lk->expired || (lk->deadline >= 0 && ginet__now_ms() >= lk->deadline)) {
        lk->expired = 1;
        return GINET_ETIMEOUT;
    }
    int native = method == M_NATIVE;
    return lk->byaddr ? ginet__rs_byaddr(native, lk->rc, &lk->ip, on_answer, lk, &lk->query)
                      : ginet__rs_byname(native, lk->rc, lk->name, lk->family, on_answer, lk,
                                         &lk->query);
}

static int cached(const ginet__lookup *lk, ginet_hostent **out)
{
    char text[GINET_NTOA_MAX];
    const char *key = lk->name;
    if (lk->byaddr) {
        if (ginet_ntoa(&lk->ip, text, sizeof text) < 0)
            return GINET_ENOENT;
        key = text;
    }
    int rc = ginet__cache_get(lk->byaddr, key, lk->byaddr ? lk->ip.family : lk->family, out);
    if (rc == 0 && !lk->byaddr) {
        /* Keys ignore case; a server echoes the question's, so the name
         * asked keeps its case in the answer, cached or not. */
        ginet_hostent *h = *out;
        size_t len = strlen(lk->name);
        if (ginet__name_eq(h->name, lk->name))
            memcpy(h->name, lk->name, len);
        for (size_t i = 0; i < h->naliases; i++)
            if (ginet__name_eq(h->aliases[i], lk->name))
                memcpy(h->aliases[i], lk->name, len);
    }
    atomic_fetch_add(rc == 0 ? &ginet__rs_stats.cache_hits : &ginet__rs_stats.cache_misses, 1);
    return rc;
}

static void run(ginet__lookup *lk)
{
    while (lk->step < lk->nmethods) {
        int method = lk->methods[lk->step];
        ginet_hostent *h = NULL;
        int st;
        if (method == M_STRING) {
            st = by_string(lk, &h);
        } else if (method == M_FILE) {
            st = lk->byaddr ? ginet__hosts_byaddr(lk->rc, &lk->ip, &h)
                            : ginet__hosts_byname(lk->rc, lk->name, lk->family, &h);
        } else if (method == M_DNS && cached(lk, &h) == 0) {
            st = 0;
        } else if (lk->loop == NULL || !ginet__loop_is_current(lk->loop)) {
            if (lk->loop == NULL && (st = ginet__rs_loop(&lk->loop)) != 0) {
                finish(lk, st, NULL);
                return;
            }
            /* Checked only now that the loop is known: a callback on the
             * loop's thread may come before the resolver ever ran. */
            if (lk->no_async && ginet__loop_is_current(lk->loop)) {
                finish(lk, ginet__fail(GINET_EDEADLK, "a blocking lookup on the resolver's "
                                       "loop thread would wait for itself"), NULL);
                return;
            }
            lk->task.fn = on_loop;
            ginet__loop_post(lk->loop, &lk->task);
            return;                          /* run() goes on there */
        } else {
            st = query(lk, method);
            if (st == 0)
                return;                      /* on_answer() goes on */
        }
        if (decisive(lk, method, st)) {
            finish(lk, st, h);
            return;
        }
        ginet_hostent_free(h);
        lk->step++;
    }
    last_resort(lk);
}

/* The chain's methods: OTP's `lookup` list, with `string` first for names
 * (OTP adds it when `native` is not in the list; with `native`, OTP's
 * port program hands address text to the C library, which answers it the
 * same way, "3232235521" included — c-ares does not, so ginet keeps the
 * `string` step there too); yp, nis and nisplus are native. */
static int plan(ginet__lookup *lk)
{
    const ginet__rc *rc = lk->rc;
    lk->methods = malloc((rc->nlookup + 1) * sizeof *lk->methods);
    if (lk->methods == NULL)
        return GINET_ENOMEM;
    size_t n = 0;
    if (!lk->byaddr)
        lk->methods[n++] = M_STRING;
    for (size_t i = 0; i < rc->nlookup; i++)
        lk->methods[n++] = rc->lookup[i] == GINET_LOOKUP_FILE ? M_FILE
                         : rc->lookup[i] == GINET_LOOKUP_DNS ? M_DNS : M_NATIVE;
    lk->nmethods = n;
    return 0;
}

void ginet__lookup_start(ginet__lookup *lk)
{
    lk->status = 0;
    lk->result = NULL;
    lk->step = 0;
    lk->query = NULL;
    lk->expired = 0;
    lk->loop = NULL;
    lk->methods = NULL;
    memset(&lk->timer, 0, sizeof lk->timer);
    atomic_fetch_add(&ginet__rs_stats.lookups, 1);
    /* The files are read (and re-read when they change) only when a
     * method that uses them is in the chain, as OTP reads resolv.conf at
     * the first dns lookup. */
    lk->rc = ginet__rc_acquire(0);
    unsigned need = 0;
    for (size_t i = 0; lk->rc != NULL && i < lk->rc->nlookup; i++)
        need |= lk->rc->lookup[i] == GINET_LOOKUP_DNS ? GINET__RC_NEED_RESOLV
              : lk->rc->lookup[i] == GINET_LOOKUP_FILE ? GINET__RC_NEED_HOSTS : 0;
    if (lk->rc != NULL && need != 0) {
        ginet__rc_release(lk->rc);
        lk->rc = ginet__rc_acquire(need);
    }
    if (lk->rc == NULL) {
        finish(lk, GINET_ENOMEM, NULL);
        return;
    }
    if (lk->byaddr && lk->ip.family != GINET_AF_INET && lk->ip.family != GINET_AF_INET6) {
        finish(lk, GINET_EINVAL, NULL);
        return;
    }
    if (!lk->byaddr) {
        if (lk->family == GINET_AF_UNSPEC)
            lk->family = lk->rc->inet6 ? GINET_AF_INET6 : GINET_AF_INET;
        if (lk->family != GINET_AF_INET && lk->family != GINET_AF_INET6) {
            finish(lk, GINET_EINVAL, NULL);  /* local: OTP's formerr */
            return;
        }
        if (!ginet__visible_name(lk->name)) {
            finish(lk, GINET_EINVAL, NULL);
            return;
        }
    }
    int st = plan(lk);
    if (st != 0) {
        finish(lk, st, NULL);
        return;
    }
    run(lk);
}
