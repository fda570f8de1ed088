/*
 * core/resolver_ares.c — owns c-ares inside ginet's loop: the resolver's
 * loop (the default backend's), the two channels (`dns`: ginet's DNS
 * client set up from the inetrc; `native`: the system's resolv.conf and
 * hosts file), their sockets watched through the backend's watch()
 * (c-ares' socket-state callback), their timers from ares_timeout() on
 * the loop's timer heap, and turning answers into hostents (and dns
 * answers with a TTL into cache entries).
 *
 * No thread of its own and no ARES_OPT_EVENT_THREAD: every c-ares call is
 * made on the loop thread (c-ares 1.18 channels are not thread-safe), from
 * a task, a watch callback or a timer.  A channel whose configuration was
 * replaced is retired: it serves its queries in flight and is destroyed
 * by a task once none is left (never from inside a c-ares callback).
 */
#include "core/resolver_internal.h"

#include "core/backend_loader.h"
#include "core/last_error.h"

#include <ares.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netdb.h>                /* struct hostent, after ares.h's needs */

#define DNS_CLASS_IN 1
#define DNS_TYPE_PTR 12

typedef struct rs_channel {
    ares_channel ch;
    int native;
    uint64_t dns_gen;
    int pending;                  /* queries not yet answered */
    int retired;                  /* replaced: destroy when pending reaches 0 */
    int destroy_posted;
    ginet__timer timer;           /* c-ares' next timeout */
    ginet__task destroy_task;
} rs_channel;

struct ginet__rs_query {
    rs_channel *chan;
    ginet__rs_done_fn done;       /* NULL once abandoned */
    void *arg;
    int byaddr;
    ginet_family family;          /* byname: asked; byaddr: the address's */
    ginet_ip_address ip;          /* byaddr */
    char *key;                    /* cache key (dns only), else NULL */
    int cache_size, cache_refresh;
};

/* Set once by rs_init (any thread), then read-only. */
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_error;
static char init_reason[512];
static ginet__loop *rs_loop;
static const ginet_backend *rs_bk;
static void *rs_bkloop;

/* Loop thread only. */
static rs_channel *dns_ch, *native_ch;

/* ----------------------------------------------------------- the loop */

static void rs_init(void)
{
    const ginet_backend *bk;
    int rc = ginet__backend_get(NULL, &bk);
    if (rc == 0 && !GINET_BK_HAS(bk, watch))
        rc = ginet__fail(GINET_ENOTSUP, "backend '%s' cannot watch descriptors "
                         "(no watch() operation): the resolver cannot run on it", bk->name);
    if (rc == 0)
        rc = ginet__loop_get(bk, &rs_loop);
    if (rc == 0 && ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS)
        rc = ginet__fail(GINET_ENOMEM, "c-ares could not initialise");
    if (rc != 0) {
        init_error = rc;
        snprintf(init_reason, sizeof init_reason, "%s", ginet_last_error());
        return;
    }
    rs_bk = bk;
    rs_bkloop = ginet__loop_backend_state(rs_loop);
}

int ginet__rs_loop(ginet__loop **out)
{
    pthread_once(&init_once, rs_init);
    if (init_error != 0)
        return ginet__fail(init_error, "%s", init_reason);
    *out = rs_loop;
    return 0;
}

/* ------------------------------------------------------------ channels */

static void rearm(rs_channel *c);
static void check_destroy(rs_channel *c);

static void on_ready(void *arg, intptr_t fd, uint32_t events)
{
    rs_channel *c = arg;
    ares_socket_t r = (events & (GINET_BK_WATCH_IN | GINET_BK_WATCH_ERR))
                      ? (ares_socket_t)fd : ARES_SOCKET_BAD;
    ares_socket_t w = (events & (GINET_BK_WATCH_OUT | GINET_BK_WATCH_ERR))
                      ? (ares_socket_t)fd : ARES_SOCKET_BAD;
    ares_process_fd(c->ch, r, w);
    rearm(c);
    check_destroy(c);
}

/* c-ares' socket-state callback: what to watch FD for. */
static void sock_state(void *data, ares_socket_t fd, int readable, int writable)
{
    rs_channel *c = data;
    uint32_t ev = (readable ? GINET_BK_WATCH_IN : 0) | (writable ? GINET_BK_WATCH_OUT : 0);
    /* A descriptor that cannot be watched still has the channel's timer:
     * its query ends with a timeout instead of hanging. */
    (void)rs_bk->watch(rs_bkloop, (intptr_t)fd, ev, on_ready, c);
}

static rs_channel *of_timer(ginet__timer *t)
{
    return (rs_channel *)((char *)t - offsetof(rs_channel, timer));
}

static void timer_fn(ginet__timer *t)
{
    rs_channel *c = of_timer(t);
    ares_process_fd(c->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);   /* timeouts */
    rearm(c);
    check_destroy(c);
}

/* Arm C's timer for c-ares' next timeout, or stop it when none. */
static void rearm(rs_channel *c)
{
    struct timeval tv;
    ginet__timers *ts = ginet__loop_timers(rs_loop);
    if (c->ch == NULL || ares_timeout(c->ch, NULL, &tv) == NULL) {
        ginet__timer_stop(ts, &c->timer);
        return;
    }
    int64_t ms = (int64_t)tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
    ginet__timer_start(ts, &c->timer, ginet__now_ms() + ms, timer_fn);
}

static void destroy_task(ginet__task *task)
{
    rs_channel *c = (rs_channel *)((char *)task - offsetof(rs_channel, destroy_task));
    ginet__timer_stop(ginet__loop_timers(rs_loop), &c->timer);
    ares_destroy(c->ch);                     /* unwatches its sockets */
    free(c);
}

static void check_destroy(rs_channel *c)
{
    if (c->retired && c->pending == 0 && !c->destroy_posted) {
        c->destroy_posted = 1;
        c->destroy_task.fn = destroy_task;
        ginet__loop_post(rs_loop, &c->destroy_task);
    }
}

/* The servers of RC in c-ares' list form: primary ones first, then the
 * alternates (c-ares tries them in order: ARES_OPT_NOROTATE). */
static int set_servers(ares_channel ch, const ginet__rc *rc)
{
    size_t n = rc->nns + rc->nalt;
    struct ares_addr_port_node *nodes = calloc(n ? n : 1, sizeof *nodes);
    if (nodes == NULL)
        return GINET_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const ginet__rc_ns *ns = i < rc->nns ? &rc->ns[i] : &rc->alt[i - rc->nns];
        struct ares_addr_port_node *nd = &nodes[i];
        nd->next = i + 1 < n ? &nodes[i + 1] : NULL;
        if (ns->ip.family == GINET_AF_INET) {
            nd->family = AF_INET;
            memcpy(&nd->addr.addr4, ns->ip.u.v4, 4);
        } else {
            nd->family = AF_INET6;
            for (int k = 0; k < 8; k++) {
                nd->addr.addr6._S6_un._S6_u8[2 * k] = (uint8_t)(ns->ip.u.v6[k] >> 8);
                nd->addr.addr6._S6_un._S6_u8[2 * k + 1] = (uint8_t)ns->ip.u.v6[k];
            }
        }
        nd->udp_port = nd->tcp_port = ns->port;
    }
    int rc2 = ares_set_servers_ports(ch, n ? nodes : NULL);
    free(nodes);
    return rc2 == ARES_SUCCESS ? 0 : GINET_ENOMEM;
}

static rs_channel *channel_new(int native, const ginet__rc *rc)
{
    rs_channel *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->native = native;
    struct ares_options o;
    memset(&o, 0, sizeof o);
    int mask = ARES_OPT_SOCK_STATE_CB;
    o.sock_state_cb = sock_state;
    o.sock_state_cb_data = c;
    char *single[1];
    if (!native) {
        /* Everything from the inetrc; nothing from the system's files
         * (an empty resolv.conf) or environment. */
        o.flags = (rc->usevc ? ARES_FLAG_USEVC : 0) | (rc->edns == 0 ? ARES_FLAG_EDNS : 0);
        o.timeout = rc->timeout;
        o.tries = rc->retry;
        o.ndots = 1;
        o.lookups = (char *)"b";
        o.resolvconf_path = (char *)"/dev/null";
        o.ednspsz = rc->udp_payload_size > 65535 ? 65535 : rc->udp_payload_size;
        if (rc->nsearch > 0) {
            o.domains = rc->search;
            o.ndomains = (int)rc->nsearch;
        } else if (rc->domain[0] != '\0') {   /* inet_res: search defaults to [domain] */
            single[0] = rc->domain;
            o.domains = single;
            o.ndomains = 1;
        }
        mask |= ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_NDOTS
              | ARES_OPT_LOOKUPS | ARES_OPT_DOMAINS | ARES_OPT_SERVERS | ARES_OPT_SORTLIST
              | ARES_OPT_NOROTATE | ARES_OPT_RESOLVCONF | ARES_OPT_EDNSPSZ;
        c->dns_gen = rc->dns_gen;
    }
    if (ares_init_options(&c->ch, &o, mask) != ARES_SUCCESS) {
        free(c);
        return NULL;
    }
    if (!native && set_servers(c->ch, rc) != 0) {
        ares_destroy(c->ch);
        free(c);
        return NULL;
    }
    return c;
}

static void retire(rs_channel *c)
{
    c->retired = 1;
    check_destroy(c);
}

static rs_channel *get_channel(int native, const ginet__rc *rc)
{
    if (native) {
        if (native_ch == NULL)
            native_ch = channel_new(1, rc);
        return native_ch;
    }
    /* A lookup holding an older snapshot than the channel uses the
     * channel as it is: configurations only move forward. */
    if (dns_ch != NULL && rc->dns_gen <= dns_ch->dns_gen)
        return dns_ch;
    rs_channel *c = channel_new(0, rc);
    if (c == NULL)
        return dns_ch;                       /* keep serving with the old one */
    if (dns_ch != NULL)
        retire(dns_ch);
    dns_ch = c;
    return c;
}

/* ------------------------------------------------------------- answers */

static int map_status(int status)
{
    switch (status) {
    case ARES_SUCCESS: return 0;
    case ARES_ETIMEOUT: return GINET_ETIMEOUT;
    case ARES_ENOMEM: return GINET_ENOMEM;
    case ARES_EFORMERR: case ARES_EBADNAME: case ARES_EBADQUERY: case ARES_EBADFAMILY:
    case ARES_EBADSTR: case ARES_EBADFLAGS: case ARES_EBADHINTS:
        return GINET_EINVAL;                 /* OTP's formerr */
    default:
        return GINET_ENXDOMAIN;              /* not found, refused, servfail, ... */
    }
}

static int from_sockaddr(const struct sockaddr *sa, ginet_ip_address *ip)
{
    memset(ip, 0, sizeof *ip);
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        ip->family = GINET_AF_INET;
        memcpy(ip->u.v4, &in->sin_addr, 4);
        return 0;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
        const uint8_t *b = in6->sin6_addr.s6_addr;
        ip->family = GINET_AF_INET6;
        for (int k = 0; k < 8; k++)
            ip->u.v6[k] = (uint16_t)(b[2 * k] << 8 | b[2 * k + 1]);
        return 0;
    }
    return -1;
}

static uint32_t min_ttl(uint32_t a, int b)
{
    uint32_t v = b < 0 ? 0 : (uint32_t)b;
    return v < a ? v : a;
}

/* An addrinfo answer as OTP's inet_res shapes it: the name is the end of
 * the CNAME chain that starts at the name asked, the aliases the names
 * along the chain, nearest the end first. */
static int hostent_from_ai(const struct ares_addrinfo *ai, const char *asked,
                           ginet_family family, ginet_hostent **out, uint32_t *ttl)
{
    *out = NULL;
    *ttl = UINT32_MAX;
    const char *chain[17];
    size_t n = 0;
    chain[n++] = ai->name != NULL ? ai->name : asked;
    for (int hops = 0; hops < 16; hops++) {
        const struct ares_addrinfo_cname *c = ai->cnames;
        while (c != NULL && !(c->alias != NULL && c->name != NULL
                              && ginet__name_eq(c->alias, chain[n - 1])))
            c = c->next;
        if (c == NULL)
            break;
        *ttl = min_ttl(*ttl, c->ttl);
        chain[n++] = c->name;
    }
    ginet_hostent *h = ginet__hostent_new(chain[n - 1], strlen(chain[n - 1]), family);
    if (h == NULL)
        return GINET_ENOMEM;
    for (size_t i = n - 1; i-- > 0;)
        if (ginet__hostent_add_alias(h, chain[i], strlen(chain[i])) != 0)
            goto nomem;
    for (const struct ares_addrinfo_node *nd = ai->nodes; nd != NULL; nd = nd->ai_next) {
        ginet_ip_address ip;
        if (nd->ai_addr == NULL || from_sockaddr(nd->ai_addr, &ip) != 0 || ip.family != family)
            continue;
        if (ginet__hostent_add_addr(h, &ip) != 0)
            goto nomem;
        *ttl = min_ttl(*ttl, nd->ai_ttl);
    }
    if (h->naddrs == 0) {
        ginet_hostent_free(h);
        return GINET_ENXDOMAIN;
    }
    if (*ttl == UINT32_MAX)
        *ttl = 0;
    *out = h;
    return 0;
nomem:
    ginet_hostent_free(h);
    return GINET_ENOMEM;
}

/* SKIP_NAME: c-ares' PTR parser lists every PTR name as an alias, the
 * host name included; OTP's inet_res has the first as the name and only
 * the others as aliases, so the alias equal to the name is dropped once. */
static ginet_hostent *hostent_from_c(const struct hostent *he, const ginet_ip_address *ip,
                                     int skip_name)
{
    if (he == NULL || he->h_name == NULL)
        return NULL;
    ginet_hostent *h = ginet__hostent_new(he->h_name, strlen(he->h_name), ip->family);
    for (char **a = he->h_aliases; h != NULL && a != NULL && *a != NULL; a++) {
        if (skip_name && strcmp(*a, he->h_name) == 0) {
            skip_name = 0;
            continue;
        }
        if (ginet__hostent_add_alias(h, *a, strlen(*a)) != 0) {
            ginet_hostent_free(h);
            return NULL;
        }
    }
    if (h != NULL && ginet__hostent_add_addr(h, ip) != 0) {
        ginet_hostent_free(h);
        return NULL;
    }
    return h;
}

/* Skip a (possibly compressed) name at *OFF in B[0..LEN).  0 or -1. */
static int skip_name(const uint8_t *b, size_t len, size_t *off)
{
    size_t p = *off;
    for (int labels = 0; labels < 128; labels++) {
        if (p >= len)
            return -1;
        uint8_t c = b[p];
        if (c == 0) {
            *off = p + 1;
            return 0;
        }
        if ((c & 0xC0) == 0xC0) {
            if (p + 1 >= len)
                return -1;
            *off = p + 2;
            return 0;
        }
        if (c & 0xC0)
            return -1;
        p += 1u + c;
    }
    return -1;
}

/* The smallest TTL of the answer records of a DNS reply (0 if none can be
 * read): how long a PTR answer may be cached. */
static uint32_t reply_ttl(const uint8_t *b, size_t len)
{
    if (len < 12)
        return 0;
    unsigned qd = (unsigned)(b[4] << 8 | b[5]), an = (unsigned)(b[6] << 8 | b[7]);
    size_t off = 12;
    for (unsigned i = 0; i < qd; i++) {
        if (skip_name(b, len, &off) != 0 || off + 4 > len)
            return 0;
        off += 4;
    }
    uint32_t ttl = UINT32_MAX;
    for (unsigned i = 0; i < an; i++) {
        if (skip_name(b, len, &off) != 0 || off + 10 > len)
            break;
        uint32_t t = (uint32_t)b[off + 4] << 24 | (uint32_t)b[off + 5] << 16
                     | (uint32_t)b[off + 6] << 8 | b[off + 7];
        if (t > INT32_MAX)                   /* RFC 2181: treat as zero */
            t = 0;
        if (t < ttl)
            ttl = t;
        off += 10u + (size_t)(b[off + 8] << 8 | b[off + 9]);
        if (off > len)
            break;
    }
    return ttl == UINT32_MAX ? 0 : ttl;
}

/* Finish Q: cache a dns answer, free Q, tell its caller. */
static void finish(ginet__rs_query *q, int status, ginet_hostent *h, uint32_t ttl)
{
    rs_channel *c = q->chan;
    if (status == 0 && q->key != NULL && ttl > 0)
        ginet__cache_put(q->byaddr, q->key, q->family, h, ttl, q->cache_size,
                         q->cache_refresh);
    ginet__rs_done_fn done = q->done;
    void *arg = q->arg;
    free(q->key);
    free(q);
    c->pending--;
    if (done != NULL)
        done(arg, status, h);
    else
        ginet_hostent_free(h);
}

static void addrinfo_cb(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
    (void)timeouts;
    ginet__rs_query *q = arg;
    ginet_hostent *h = NULL;
    uint32_t ttl = 0;
    int st = map_status(status);
    if (st == 0)
        st = ai != NULL ? hostent_from_ai(ai, q->key != NULL ? q->key : "", q->family, &h, &ttl)
                        : GINET_ENXDOMAIN;
    if (ai != NULL)
        ares_freeaddrinfo(ai);
    finish(q, st, h, ttl);
}

static void family_bytes(const ginet_ip_address *ip, uint8_t b[16], int *af, int *len)
{
    if (ip->family == GINET_AF_INET) {
        memcpy(b, ip->u.v4, 4);
        *af = AF_INET;
        *len = 4;
        return;
    }
    for (int k = 0; k < 8; k++) {
        b[2 * k] = (uint8_t)(ip->u.v6[k] >> 8);
        b[2 * k + 1] = (uint8_t)ip->u.v6[k];
    }
    *af = AF_INET6;
    *len = 16;
}

/* inet_res looks up the IPv4 address of an IPv4-mapped one. */
static int is_mapped(const ginet_ip_address *ip)
{
    return ip->family == GINET_AF_INET6 && ip->u.v6[0] == 0 && ip->u.v6[1] == 0
           && ip->u.v6[2] == 0 && ip->u.v6[3] == 0 && ip->u.v6[4] == 0
           && ip->u.v6[5] == 0xffff;
}

static void ptr_cb(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
    (void)timeouts;
    ginet__rs_query *q = arg;
    ginet_hostent *h = NULL;
    uint32_t ttl = 0;
    int st = map_status(status);
    if (st == 0 && abuf != NULL && alen > 0) {
        uint8_t b[16];
        int af, len;
        ginet_ip_address asked = q->ip;
        if (is_mapped(&asked)) {
            asked.family = GINET_AF_INET;
            asked.u.v4[0] = (uint8_t)(q->ip.u.v6[6] >> 8);
            asked.u.v4[1] = (uint8_t)q->ip.u.v6[6];
            asked.u.v4[2] = (uint8_t)(q->ip.u.v6[7] >> 8);
            asked.u.v4[3] = (uint8_t)q->ip.u.v6[7];
        }
        family_bytes(&asked, b, &af, &len);
        struct hostent *he = NULL;
        st = map_status(ares_parse_ptr_reply(abuf, alen, b, len, af, &he));
        if (st == 0) {
            h = hostent_from_c(he, &q->ip, 1);
            st = h != NULL ? 0 : GINET_ENOMEM;
            ttl = reply_ttl(abuf, (size_t)alen);
        }
        if (he != NULL)
            ares_free_hostent(he);
    } else if (st == 0) {
        st = GINET_ENXDOMAIN;
    }
    finish(q, st, h, ttl);
}

static void host_cb(void *arg, int status, int timeouts, struct hostent *he)
{
    (void)timeouts;
    ginet__rs_query *q = arg;
    ginet_hostent *h = NULL;
    int st = map_status(status);
    if (st == 0) {
        h = hostent_from_c(he, &q->ip, 0);
        st = h != NULL ? 0 : (he == NULL ? GINET_ENXDOMAIN : GINET_ENOMEM);
    }
    finish(q, st, h, 0);
}

/* ------------------------------------------------------------- queries */

static ginet__rs_query *query_new(rs_channel *c, const ginet__rc *rc,
                                  ginet__rs_done_fn done, void *arg)
{
    ginet__rs_query *q = calloc(1, sizeof *q);
    if (q == NULL)
        return NULL;
    q->chan = c;
    q->done = done;
    q->arg = arg;
    q->cache_size = rc->cache_size;
    q->cache_refresh = rc->cache_refresh;
    return q;
}

int ginet__rs_byname(int native, const ginet__rc *rc, const char *name,
                     ginet_family family, ginet__rs_done_fn done, void *arg,
                     ginet__rs_query **out)
{
    if (!native && rc->nns + rc->nalt == 0)
        return GINET_ENXDOMAIN;              /* no nameserver to ask */
    rs_channel *c = get_channel(native, rc);
    ginet__rs_query *q = c != NULL ? query_new(c, rc, done, arg) : NULL;
    if (q == NULL)
        return GINET_ENOMEM;
    q->family = family;
    if (!native && (q->key = ginet__strndup(name, strlen(name))) == NULL) {
        free(q);
        return GINET_ENOMEM;
    }
    c->pending++;
    atomic_fetch_add(native ? &ginet__rs_stats.native_queries : &ginet__rs_stats.dns_queries, 1);
    struct ares_addrinfo_hints hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = family == GINET_AF_INET6 ? AF_INET6 : AF_INET;
    /* The answer may come inside this call (a hosts-file hit): *OUT is
     * set first, and neither Q nor OUT is touched after it. */
    *out = q;
    ares_getaddrinfo(c->ch, name, NULL, &hints, addrinfo_cb, q);
    rearm(c);
    check_destroy(c);
    return 0;
}

/* The reverse-lookup name of IP: d.c.b.a.in-addr.arpa or the ip6.arpa
 * nibbles. */
static void ptr_name(const ginet_ip_address *ip, char *buf, size_t cap)
{
    if (ip->family == GINET_AF_INET) {
        snprintf(buf, cap, "%u.%u.%u.%u.in-addr.arpa", ip->u.v4[3], ip->u.v4[2],
                 ip->u.v4[1], ip->u.v4[0]);
        return;
    }
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;
    for (int k = 7; k >= 0; k--)
        for (int s = 0; s < 16; s += 4) {
            buf[n++] = hex[(ip->u.v6[k] >> s) & 0xF];
            buf[n++] = '.';
        }
    snprintf(buf + n, cap - n, "ip6.arpa");
}

int ginet__rs_byaddr(int native, const ginet__rc *rc, const ginet_ip_address *ip,
                     ginet__rs_done_fn done, void *arg, ginet__rs_query **out)
{
    if (!native && rc->nns + rc->nalt == 0)
        return GINET_ENXDOMAIN;
    rs_channel *c = get_channel(native, rc);
    ginet__rs_query *q = c != NULL ? query_new(c, rc, done, arg) : NULL;
    if (q == NULL)
        return GINET_ENOMEM;
    q->byaddr = 1;
    q->ip = *ip;
    q->family = ip->family;
    char text[GINET_NTOA_MAX];
    if (!native) {
        if (ginet_ntoa(ip, text, sizeof text) < 0
            || (q->key = ginet__strndup(text, strlen(text))) == NULL) {
            free(q);
            return GINET_ENOMEM;
        }
    }
    c->pending++;
    atomic_fetch_add(native ? &ginet__rs_stats.native_queries : &ginet__rs_stats.dns_queries, 1);
    *out = q;
    if (native) {
        uint8_t b[16];
        int af, len;
        family_bytes(ip, b, &af, &len);
        ares_gethostbyaddr(c->ch, b, len, af, host_cb, q);
    } else {
        char name[80];
        ginet_ip_address asked = *ip;
        if (is_mapped(ip)) {
            asked.family = GINET_AF_INET;
            asked.u.v4[0] = (uint8_t)(ip->u.v6[6] >> 8);
            asked.u.v4[1] = (uint8_t)ip->u.v6[6];
            asked.u.v4[2] = (uint8_t)(ip->u.v6[7] >> 8);
            asked.u.v4[3] = (uint8_t)ip->u.v6[7];
        }
        ptr_name(&asked, name, sizeof name);
        ares_query(c->ch, name, DNS_CLASS_IN, DNS_TYPE_PTR, ptr_cb, q);
    }
    rearm(c);
    check_destroy(c);
    return 0;
}

void ginet__rs_abandon(ginet__rs_query *q)
{
    if (q != NULL)
        q->done = NULL;
}
