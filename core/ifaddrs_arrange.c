/*
 * core/ifaddrs_arrange.c — owns arranging the OS's interface records
 * (platform/posix/ifaddrs.h) into inet:getifaddrs/0,1's result, as OTP
 * does, in one allocation the caller frees with one free().
 *
 * OTP's arrangement (prim_inet's comp_ifaddrs over inet_drv's records):
 * records are grouped by interface name, interfaces in order of first
 * appearance; inside an interface, by flag set, flag sets in order of
 * first appearance; each flag set gives {flags, F} followed by its
 * records' addr/netmask/broadaddr/dstaddr in record order, then its
 * hwaddrs.  Except for the first flag set, those hwaddrs go to the very
 * end of the interface's list (OTP moves every hwaddr after the first
 * set's to the end: "Place hwaddr last to look more like legacy
 * emulation").  On Linux every record of an interface has the same flags,
 * so that corner only shows if flags change while the list is read.
 */
#include <ginet/ifaddrs.h>

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ifaddrs_internal.h"

typedef struct sorted_rec {
    const char *name;
    size_t idx;
} sorted_rec;

typedef struct if_group {
    size_t start, len;          /* a run of the name-sorted records */
    size_t first;               /* smallest record index: OS order */
    size_t nopts;
} if_group;

static int by_name_then_index(const void *a, const void *b)
{
    const sorted_rec *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c != 0)
        return c;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int by_first(const void *a, const void *b)
{
    const if_group *x = a, *y = b;
    return x->first < y->first ? -1 : x->first > y->first;
}

/* Entries a record gives besides {flags, _}. */
static size_t rec_opts(const ginet__ifrec *r)
{
    if (r->kind == GINET__IFREC_IP)
        return 1u + r->has_netmask + (r->peer_kind != 0);
    return r->kind == GINET__IFREC_HW ? 1u : 0u;
}

/* The distinct flag sets among the LEN records at S (original order), in
 * order of first appearance, into SETS (room for GINET_IFF_ALL + 1). */
static size_t flag_sets(const ginet__ifrecs *recs, const sorted_rec *s,
                        size_t len, unsigned *sets)
{
    uint64_t seen = 0;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned f = recs->v[s[i].idx].flags & GINET_IFF_ALL;
        if (!(seen & (UINT64_C(1) << f))) {
            seen |= UINT64_C(1) << f;
            sets[n++] = f;
        }
    }
    return n;
}

static ginet_ifopt *put_ip(ginet_ifopt *o, ginet_ifopt_kind kind,
                           const ginet_ip_address *ip)
{
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->u.ip = *ip;
    return o + 1;
}

/* The addr/netmask/peer entries (HW == 0) or the hwaddr entries (HW == 1)
 * of the records at S with flag set F, appended at O. */
static ginet_ifopt *put_recs(ginet_ifopt *o, const ginet__ifrecs *recs,
                             const sorted_rec *s, size_t len, unsigned f, int hw)
{
    for (size_t i = 0; i < len; i++) {
        const ginet__ifrec *r = &recs->v[s[i].idx];
        if ((r->flags & GINET_IFF_ALL) != f)
            continue;
        if (!hw && r->kind == GINET__IFREC_IP) {
            o = put_ip(o, GINET_IFOPT_ADDR, &r->addr);
            if (r->has_netmask)
                o = put_ip(o, GINET_IFOPT_NETMASK, &r->netmask);
            if (r->peer_kind != 0)
                o = put_ip(o, (ginet_ifopt_kind)r->peer_kind, &r->peer);
        } else if (hw && r->kind == GINET__IFREC_HW) {
            memset(o, 0, sizeof *o);
            o->kind = GINET_IFOPT_HWADDR;
            o->u.hwaddr.len = r->hwlen;
            memcpy(o->u.hwaddr.bytes, r->hw, r->hwlen);
            o++;
        }
    }
    return o;
}

/* One interface's entries (its LEN records at S) at O; returns the end. */
static ginet_ifopt *put_interface(ginet_ifopt *o, const ginet__ifrecs *recs,
                                  const sorted_rec *s, size_t len)
{
    unsigned sets[GINET_IFF_ALL + 1];
    size_t nsets = flag_sets(recs, s, len, sets);
    for (size_t j = 0; j < nsets; j++) {
        memset(o, 0, sizeof *o);
        o->kind = GINET_IFOPT_FLAGS;
        o->u.flags = sets[j];
        o++;
        o = put_recs(o, recs, s, len, sets[j], 0);
        if (j == 0)
            o = put_recs(o, recs, s, len, sets[j], 1);
    }
    for (size_t j = 1; j < nsets; j++)
        o = put_recs(o, recs, s, len, sets[j], 1);
    return o;
}

static size_t align_up(size_t n, size_t a)
{
    return (n + a - 1) / a * a;
}

ginet_ifaddrs *ginet__ifaddrs_arrange(const ginet__ifrecs *recs)
{
    size_t n = recs->n;
    sorted_rec *s = calloc(n ? n : 1, sizeof *s);
    if_group *g = calloc(n ? n : 1, sizeof *g);
    ginet_ifaddrs *list = NULL;
    if (s == NULL || g == NULL)
        goto out;
    for (size_t i = 0; i < n; i++)
        s[i] = (sorted_rec){ recs->v[i].name, i };
    qsort(s, n, sizeof *s, by_name_then_index);

    size_t ngroups = 0, total_opts = 0, name_bytes = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        size_t opts = 0;
        while (j < n && strcmp(s[j].name, s[i].name) == 0)
            opts += rec_opts(&recs->v[s[j++].idx]);
        unsigned sets[GINET_IFF_ALL + 1];
        opts += flag_sets(recs, s + i, j - i, sets);
        g[ngroups++] = (if_group){ i, j - i, s[i].idx, opts };
        total_opts += opts;
        name_bytes += strlen(s[i].name) + 1;
        i = j;
    }
    qsort(g, ngroups, sizeof *g, by_first);

    /* One block: the list, the interfaces, every entry, every name.
     * Sizes are bounded by the records already in memory. */
    size_t off_ifs = align_up(sizeof(ginet_ifaddrs), alignof(ginet_interface));
    size_t off_opts = align_up(off_ifs + ngroups * sizeof(ginet_interface),
                               alignof(ginet_ifopt));
    size_t off_names = off_opts + total_opts * sizeof(ginet_ifopt);
    char *block = malloc(off_names + name_bytes);
    if (block == NULL)
        goto out;
    list = (ginet_ifaddrs *)(void *)block;
    ginet_interface *ifs = (ginet_interface *)(void *)(block + off_ifs);
    ginet_ifopt *o = (ginet_ifopt *)(void *)(block + off_opts);
    char *names = block + off_names;
    for (size_t k = 0; k < ngroups; k++) {
        const char *name = s[g[k].start].name;
        size_t len = strlen(name);
        memcpy(names, name, len + 1);
        ifs[k].name = names;
        ifs[k].name_len = len;
        names += len + 1;
        ifs[k].opts = o;
        ifs[k].nopts = g[k].nopts;
        o = put_interface(o, recs, s + g[k].start, g[k].len);
    }
    list->ifs = ifs;
    list->count = ngroups;
out:
    free(s);
    free(g);
    return list;
}

