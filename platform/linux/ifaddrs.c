/*
 * platform/linux/ifaddrs.c — owns reading Linux's interface list: glibc's
 * (or musl's) getifaddrs(3), whose AF_PACKET entries carry each link's
 * hardware address in a sockaddr_ll, in the caller's network namespace or,
 * for {netns, Path}, in another one entered by a helper thread.
 *
 * Why getifaddrs(3) and not our own netlink dump: OTP's inet_drv calls
 * getifaddrs(3), and its answer's shape comes from that call's — the
 * order (every link in index order first, then IPv4 then IPv6 addresses),
 * IPv4 labels ("eth0:1") showing as interfaces of their own, and an IPv4
 * address without a broadcast address reporting itself as broadaddr.
 * Reading the same source is what makes ours equal OTP's, quirks and all.
 * getifaddrs(3) opens its netlink socket on the calling thread, so run on
 * a thread inside a namespace it lists that namespace.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "platform/posix/ifaddrs.h"
#include "platform/linux/netns.h"

#include <ginet/error.h>

#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

/* The C libraries allocate sockaddr_ll with room for this many address
 * bytes (glibc's sockaddr_ll_max, musl's sockaddr_ll_hack), more than the
 * 8 of struct sockaddr_ll (InfiniBand's are 20). */
#define LIBC_HWADDR_ROOM 24

static int packet_hwaddr(const struct sockaddr *sa, uint8_t *buf, size_t cap)
{
    if (sa->sa_family != AF_PACKET)
        return -1;
    const struct sockaddr_ll *ll = (const struct sockaddr_ll *)(const void *)sa;
    size_t n = ll->sll_halen;
    if (n > LIBC_HWADDR_ROOM)
        n = LIBC_HWADDR_ROOM;
    if (n > cap)
        n = cap;
    /* Read through a byte pointer: the bytes may run past sll_addr[8]. */
    memcpy(buf, (const uint8_t *)sa + offsetof(struct sockaddr_ll, sll_addr), n);
    return (int)n;
}

struct list_job {
    ginet__ifrecs *recs;
    int rc;
};

static void list_here(void *p)
{
    struct list_job *j = p;
    struct ifaddrs *list = NULL;
    if (getifaddrs(&list) != 0) {
        int e = errno;
        j->rc = e != 0 ? ginet_error_from_errno(e) : GINET_EUNKNOWN;
        return;
    }
    j->rc = ginet__ifrecs_from_list(list, packet_hwaddr, j->recs);
    freeifaddrs(list);
}

int ginet__os_ifaddrs(const char *netns, ginet__ifrecs *recs)
{
    struct list_job j = { .recs = recs, .rc = 0 };
    if (netns == NULL) {
        list_here(&j);
    } else {
        int rc = ginet__netns_run(netns, list_here, &j);
        if (rc != 0)
            j.rc = rc;
    }
    if (j.rc != 0)
        ginet__ifrecs_free(recs);
    return j.rc;
}
