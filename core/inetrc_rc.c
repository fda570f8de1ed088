/*
 * core/inetrc_rc.c — owns inet:get_rc/0: the recorded parameters that
 * differ from OTP's defaults, in OTP's order, as a term (and its ~w
 * text), and the whole configuration typed (ginet_rc).
 *
 * OTP 25 facts (asked of erl): the order is hosts, domain, nameservers,
 * search, alt_nameservers, timeout, retry, servfail_retry_timeout, inet6,
 * usevc, edns, udp_payload_size, resolv_conf, hosts_file, udp, sctp, tcp,
 * cache_size, cache_refresh, lookup; a nameserver on port 53 is
 * {nameservers, IP}, else {nameservers, IP, Port}; host entries in the
 * order of the table (OTP lists its ets table in hash order, which C
 * cannot mirror; ginet keeps insertion order, an entry given again for
 * the same address moving to the end); resolv_conf and hosts_file are always listed; lookup is
 * compared with [native,file], so the default [native] is listed.
 */
#include "core/resolver_internal.h"

#include <stdlib.h>
#include <string.h>

static ginet_term *str(ginet_term_arena *a, const char *s)
{
    return ginet_term_string(a, s, strlen(s));
}

static ginet_term *ip(ginet_term_arena *a, const ginet_ip_address *addr)
{
    int64_t e[8];
    int n = ginet_ip_address_to_tuple(addr, e);
    if (n <= 0)
        return NULL;
    ginet_term *t = ginet_term_tuple_new(a, (size_t)n);
    for (int i = 0; t != NULL && i < n; i++)
        if ((t->u.seq.items[i] = ginet_term_int(a, e[i])) == NULL)
            return NULL;
    return t;
}

static ginet_term *strs(ginet_term_arena *a, char *const *v, size_t n)
{
    ginet_term *l = ginet_term_list_new(a, n);
    for (size_t i = 0; l != NULL && i < n; i++)
        if ((l->u.seq.items[i] = str(a, v[i])) == NULL)
            return NULL;
    return l;
}

static const char *method_name(ginet_lookup_method m)
{
    switch (m) {
    case GINET_LOOKUP_NATIVE: return "native";
    case GINET_LOOKUP_FILE: return "file";
    case GINET_LOOKUP_DNS: return "dns";
    case GINET_LOOKUP_YP: return "yp";
    case GINET_LOOKUP_NIS: return "nis";
    case GINET_LOOKUP_NISPLUS: return "nisplus";
    }
    return "native";
}

/* A growing list of the entries get_rc returns. */
typedef struct acc {
    ginet_term_arena *a;
    ginet_term **items;
    size_t n, cap;
    int bad;
} acc;

static void push(acc *ac, ginet_term *t)
{
    if (t == NULL) {
        ac->bad = 1;
        return;
    }
    if (ac->n == ac->cap) {
        size_t cap = ac->cap ? ac->cap * 2 : 32;
        ginet_term **v = realloc(ac->items, cap * sizeof *v);
        if (v == NULL) {
            ac->bad = 1;
            return;
        }
        ac->items = v;
        ac->cap = cap;
    }
    ac->items[ac->n++] = t;
}

static void pair(acc *ac, const char *tag, ginet_term *v)
{
    push(ac, v == NULL ? NULL : ginet_term_tuple(ac->a, 2, ginet_term_atomz(ac->a, tag), v));
}

static void pair_int(acc *ac, const char *tag, int v, int dflt)
{
    if (v != dflt)
        pair(ac, tag, ginet_term_int(ac->a, v));
}

static void servers(acc *ac, const char *tag, const ginet__rc_ns *ns, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ginet_term *t = ns[i].port == 53
            ? ginet_term_tuple(ac->a, 2, ginet_term_atomz(ac->a, tag), ip(ac->a, &ns[i].ip))
            : ginet_term_tuple(ac->a, 3, ginet_term_atomz(ac->a, tag), ip(ac->a, &ns[i].ip),
                               ginet_term_int(ac->a, ns[i].port));
        push(ac, t);
    }
}

static int lookup_is_default(const ginet__rc *rc)
{
    return rc->nlookup == 2 && rc->lookup[0] == GINET_LOOKUP_NATIVE
           && rc->lookup[1] == GINET_LOOKUP_FILE;
}

static int build(const ginet__rc *rc, ginet_term_arena *a, ginet_term **out)
{
    acc ac = { a, NULL, 0, 0, 0 };
    for (size_t i = 0; i < rc->nhosts; i++)
        push(&ac, ginet_term_tuple(a, 3, ginet_term_atomz(a, "host"), ip(a, &rc->hosts[i].ip),
                                   strs(a, rc->hosts[i].names, rc->hosts[i].nnames)));
    if (rc->domain[0] != '\0')
        pair(&ac, "domain", str(a, rc->domain));
    servers(&ac, "nameservers", rc->ns, rc->nns);
    if (rc->nsearch > 0)
        pair(&ac, "search", strs(a, rc->search, rc->nsearch));
    servers(&ac, "alt_nameservers", rc->alt, rc->nalt);
    pair_int(&ac, "timeout", rc->timeout, GINET__RC_TIMEOUT);
    pair_int(&ac, "retry", rc->retry, GINET__RC_RETRY);
    pair_int(&ac, "servfail_retry_timeout", rc->servfail_retry_timeout, GINET__RC_SERVFAIL_RETRY);
    if (rc->inet6)
        pair(&ac, "inet6", ginet_term_atomz(a, "true"));
    if (rc->usevc)
        pair(&ac, "usevc", ginet_term_atomz(a, "true"));
    if (rc->edns == 0)
        pair(&ac, "edns", ginet_term_int(a, 0));
    pair_int(&ac, "udp_payload_size", rc->udp_payload_size, GINET__RC_UDP_PAYLOAD);
    pair(&ac, "resolv_conf", str(a, rc->resolv_conf));
    pair(&ac, "hosts_file", str(a, rc->hosts_file));
    if (rc->udp != NULL)
        pair(&ac, "udp", ginet_term_atomz(a, rc->udp));
    if (rc->sctp != NULL)
        pair(&ac, "sctp", ginet_term_atomz(a, rc->sctp));
    if (rc->tcp != NULL)
        pair(&ac, "tcp", ginet_term_atomz(a, rc->tcp));
    pair_int(&ac, "cache_size", rc->cache_size, GINET__RC_CACHE_SIZE);
    pair_int(&ac, "cache_refresh", rc->cache_refresh, GINET__RC_CACHE_REFRESH);
    if (!lookup_is_default(rc)) {
        ginet_term *l = ginet_term_list_new(a, rc->nlookup);
        for (size_t i = 0; l != NULL && i < rc->nlookup; i++)
            if ((l->u.seq.items[i] = ginet_term_atomz(a, method_name(rc->lookup[i]))) == NULL)
                l = NULL;
        pair(&ac, "lookup", l);
    }
    ginet_term *list = ac.bad ? NULL : ginet_term_list_new(a, ac.n);
    if (list != NULL && ac.n)
        memcpy(list->u.seq.items, ac.items, ac.n * sizeof *ac.items);
    free(ac.items);
    if (list == NULL)
        return GINET_ENOMEM;
    *out = list;
    return 0;
}

GINET_API int ginet_get_rc(ginet_term_arena *arena, ginet_term **out)
{
    if (arena == NULL || out == NULL)
        return GINET_EINVAL;
    ginet__rc *rc = ginet__rc_acquire(0);
    if (rc == NULL)
        return GINET_ENOMEM;
    int err = build(rc, arena, out);
    ginet__rc_release(rc);
    return err;
}

GINET_API char *ginet_get_rc_text(void)
{
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t;
    char *text = NULL;
    if (a != NULL && ginet_get_rc(a, &t) == 0)
        text = ginet_term_to_string(t);
    ginet_term_arena_free(a);
    return text;
}

/* ---------------------------------------------------------------- typed */

static char *sdup(const char *s, int *bad)
{
    char *d = ginet__strndup(s != NULL ? s : "", s != NULL ? strlen(s) : 0);
    *bad |= d == NULL;
    return d;
}

static char **vdup(char *const *v, size_t n, int *bad)
{
    char **d = calloc(n + 1, sizeof *d);
    *bad |= d == NULL;
    for (size_t i = 0; d != NULL && i < n; i++)
        d[i] = sdup(v[i], bad);
    return d;
}

static ginet_rc_nameserver *nsdup(const ginet__rc_ns *ns, size_t n, int *bad)
{
    ginet_rc_nameserver *d = calloc(n ? n : 1, sizeof *d);
    *bad |= d == NULL;
    for (size_t i = 0; d != NULL && i < n; i++) {
        d[i].ip = ns[i].ip;
        d[i].port = ns[i].port;
    }
    return d;
}

GINET_API void ginet_rc_free(ginet_rc *rc)
{
    if (rc == NULL)
        return;
    for (size_t i = 0; rc->hosts != NULL && i < rc->nhosts; i++)
        ginet__strv_free(rc->hosts[i].names, rc->hosts[i].nnames);
    free(rc->hosts);
    free(rc->domain);
    free(rc->nameservers);
    free(rc->alt_nameservers);
    ginet__strv_free(rc->search, rc->nsearch);
    free(rc->resolv_conf);
    free(rc->hosts_file);
    free(rc->udp);
    free(rc->tcp);
    free(rc->sctp);
    free(rc->lookup);
    free(rc);
}

GINET_API int ginet_rc_get(ginet_rc **out)
{
    if (out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    ginet__rc *rc = ginet__rc_acquire(0);
    ginet_rc *t = calloc(1, sizeof *t);
    if (rc == NULL || t == NULL) {
        ginet__rc_release(rc);
        free(t);
        return GINET_ENOMEM;
    }
    int bad = 0;
    t->hosts = calloc(rc->nhosts ? rc->nhosts : 1, sizeof *t->hosts);
    bad |= t->hosts == NULL;
    for (size_t i = 0; t->hosts != NULL && i < rc->nhosts; i++) {
        const ginet__host_entry *e = &rc->hosts[i];   /* get_rc's order */
        t->hosts[i].ip = e->ip;
        t->hosts[i].names = vdup(e->names, e->nnames, &bad);
        t->hosts[i].nnames = t->hosts[i].names != NULL ? e->nnames : 0;
        t->nhosts = i + 1;
    }
    t->domain = sdup(rc->domain, &bad);
    t->nameservers = nsdup(rc->ns, rc->nns, &bad);
    t->nnameservers = rc->nns;
    t->alt_nameservers = nsdup(rc->alt, rc->nalt, &bad);
    t->nalt_nameservers = rc->nalt;
    t->search = vdup(rc->search, rc->nsearch, &bad);
    t->nsearch = t->search != NULL ? rc->nsearch : 0;
    t->timeout = rc->timeout;
    t->retry = rc->retry;
    t->servfail_retry_timeout = rc->servfail_retry_timeout;
    t->inet6 = rc->inet6;
    t->usevc = rc->usevc;
    t->edns = rc->edns;
    t->udp_payload_size = rc->udp_payload_size;
    t->resolv_conf = sdup(rc->resolv_conf, &bad);
    t->hosts_file = sdup(rc->hosts_file, &bad);
    t->udp = sdup(rc->udp != NULL ? rc->udp : "inet_udp", &bad);
    t->tcp = sdup(rc->tcp != NULL ? rc->tcp : "inet_tcp", &bad);
    t->sctp = sdup(rc->sctp != NULL ? rc->sctp : "inet_sctp", &bad);
    t->cache_size = rc->cache_size;
    t->cache_refresh = rc->cache_refresh;
    t->lookup = calloc(rc->nlookup ? rc->nlookup : 1, sizeof *t->lookup);
    bad |= t->lookup == NULL;
    if (t->lookup != NULL && rc->nlookup > 0) {
        memcpy(t->lookup, rc->lookup, rc->nlookup * sizeof *t->lookup);
        t->nlookup = rc->nlookup;
    }
    ginet__rc_release(rc);
    if (bad) {
        ginet_rc_free(t);
        return GINET_ENOMEM;
    }
    *out = t;
    return 0;
}
