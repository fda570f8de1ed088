/*
 * platform/posix/ifaddrs.c — owns turning a getifaddrs(3) list into flat
 * records (platform/posix/ifaddrs.h), the way OTP's inet_drv reads it:
 * one record per entry, flags from the entry, and per address family what
 * inet_drv takes from it.  Which entries hold link-layer addresses is the
 * OS's business and comes in as a function.
 */
#include "platform/posix/ifaddrs.h"

#include <ginet/error.h>

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Systems whose struct sockaddr has sa_len, where a netmask may be
 * shorter than a full sockaddr_in/in6 (the BSDs, macOS). */
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) \
    || defined(__OpenBSD__) || defined(__DragonFly__)
#define HAVE_SA_LEN 1
#endif

void ginet__ifrecs_free(ginet__ifrecs *recs)
{
    if (recs == NULL)
        return;
    for (size_t i = 0; i < recs->n; i++)
        free(recs->v[i].name);
    free(recs->v);
    recs->v = NULL;
    recs->n = recs->cap = 0;
}

/* The OS's IFF_* bits as OTP's flag atoms, as inet_drv maps them (its
 * IFGET_FLAGS): `running` is reported whenever the interface is up —
 * inet_drv "emulates" it from IFF_UP and never looks at IFF_RUNNING, so an
 * up interface without carrier says running too.  Every other bit (NOARP,
 * PROMISC, LOWER_UP, ...) is dropped. */
static unsigned map_flags(unsigned os)
{
    unsigned f = 0;
#ifdef IFF_UP
    if (os & IFF_UP) f |= GINET_IFF_UP | GINET_IFF_RUNNING;
#endif
#ifdef IFF_BROADCAST
    if (os & IFF_BROADCAST) f |= GINET_IFF_BROADCAST;
#endif
#ifdef IFF_LOOPBACK
    if (os & IFF_LOOPBACK) f |= GINET_IFF_LOOPBACK;
#endif
#ifdef IFF_POINTOPOINT
    if (os & IFF_POINTOPOINT) f |= GINET_IFF_POINTTOPOINT;
#endif
#ifdef IFF_MULTICAST
    if (os & IFF_MULTICAST) f |= GINET_IFF_MULTICAST;
#endif
    return f;
}

/* SA as an ip_address(): 0, or -1 when it is neither AF_INET nor AF_INET6
 * (inet_drv leaves such a value out; like inet_drv, family 0 counts as
 * AF_INET — BSD netmasks may come that way).  Where sockaddrs carry a
 * length, only that many bytes are read and the rest count as zero. */
static int sa_to_ip(const struct sockaddr *sa, ginet_ip_address *out)
{
    size_t have = (size_t)-1;
#ifdef HAVE_SA_LEN
    have = sa->sa_len;
#endif
    memset(out, 0, sizeof *out);
    if (sa->sa_family == AF_INET || sa->sa_family == 0) {
        struct sockaddr_in sin;
        memset(&sin, 0, sizeof sin);
        memcpy(&sin, sa, have < sizeof sin ? have : sizeof sin);
        out->family = GINET_AF_INET;
        memcpy(out->u.v4, &sin.sin_addr, 4);
        return 0;
    }
    if (sa->sa_family == AF_INET6) {
        struct sockaddr_in6 sin6;
        memset(&sin6, 0, sizeof sin6);
        memcpy(&sin6, sa, have < sizeof sin6 ? have : sizeof sin6);
        const uint8_t *b = (const uint8_t *)&sin6.sin6_addr;
        out->family = GINET_AF_INET6;
        for (int i = 0; i < 8; i++)
            out->u.v6[i] = (uint16_t)((b[2 * i] << 8) | b[2 * i + 1]);
        return 0;
    }
    return -1;
}

/* A new zeroed record named NAME at the end of RECS, or NULL (ENOMEM). */
static ginet__ifrec *push(ginet__ifrecs *recs, const char *name, unsigned flags)
{
    if (recs->n == recs->cap) {
        size_t cap = recs->cap ? recs->cap * 2 : 16;
        if (cap > SIZE_MAX / sizeof *recs->v)
            return NULL;
        ginet__ifrec *v = realloc(recs->v, cap * sizeof *v);
        if (v == NULL)
            return NULL;
        recs->v = v;
        recs->cap = cap;
    }
    char *copy = strdup(name != NULL ? name : "");
    if (copy == NULL)
        return NULL;
    ginet__ifrec *r = &recs->v[recs->n++];
    memset(r, 0, sizeof *r);
    r->name = copy;
    r->flags = flags;
    return r;
}

int ginet__ifrecs_from_list(const struct ifaddrs *list, ginet__hwaddr_fn hwaddr,
                            ginet__ifrecs *recs)
{
    for (const struct ifaddrs *e = list; e != NULL; e = e->ifa_next) {
        ginet__ifrec *r = push(recs, e->ifa_name, map_flags(e->ifa_flags));
        if (r == NULL)
            return GINET_ENOMEM;
        if (e->ifa_addr == NULL)
            continue;
        if (sa_to_ip(e->ifa_addr, &r->addr) == 0) {
            r->kind = GINET__IFREC_IP;
            if (e->ifa_netmask != NULL && sa_to_ip(e->ifa_netmask, &r->netmask) == 0)
                r->has_netmask = 1;
            /* inet_drv asks pointtopoint first: a p2p interface that also
             * says broadcast reports its destination. */
            if ((e->ifa_flags & IFF_POINTOPOINT) && e->ifa_dstaddr != NULL) {
                if (sa_to_ip(e->ifa_dstaddr, &r->peer) == 0)
                    r->peer_kind = GINET_IFOPT_DSTADDR;
            } else if ((e->ifa_flags & IFF_BROADCAST) && e->ifa_broadaddr != NULL) {
                if (sa_to_ip(e->ifa_broadaddr, &r->peer) == 0)
                    r->peer_kind = GINET_IFOPT_BROADADDR;
            }
            continue;
        }
        if (hwaddr != NULL) {
            int n = hwaddr(e->ifa_addr, r->hw, sizeof r->hw);
            /* inet_drv keeps a link address only when its encoding needs
             * more than 3 bytes (2 of length + the address): at least 2
             * address bytes.  Shorter ones give flags only. */
            if (n >= 2) {
                r->kind = GINET__IFREC_HW;
                r->hwlen = (uint8_t)n;
            }
        }
    }
    return 0;
}
