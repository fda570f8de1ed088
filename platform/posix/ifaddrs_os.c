/*
 * platform/posix/ifaddrs_os.c — owns reading the interface list where
 * there is no Linux: getifaddrs(3) (the BSDs, macOS, illumos, ...), with
 * link-layer addresses in AF_LINK entries (struct sockaddr_dl) where the
 * system has them.  Network namespaces are a Linux feature: {netns, Path}
 * is GINET_ENOTSUP here.
 */
#include "platform/posix/ifaddrs.h"

#include <ginet/error.h>

#include <errno.h>
#include <ifaddrs.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#ifdef AF_LINK
#include <net/if_dl.h>
#endif

static int link_hwaddr(const struct sockaddr *sa, uint8_t *buf, size_t cap)
{
#ifdef AF_LINK
    if (sa->sa_family != AF_LINK)
        return -1;
    const struct sockaddr_dl *dl = (const struct sockaddr_dl *)(const void *)sa;
    /* The address follows the name inside sdl_data; never read past the
     * sockaddr's own length. */
    size_t start = offsetof(struct sockaddr_dl, sdl_data) + dl->sdl_nlen;
    size_t n = dl->sdl_alen;
    if (start >= dl->sdl_len)
        return 0;
    if (n > dl->sdl_len - start)
        n = dl->sdl_len - start;
    if (n > cap)
        n = cap;
    memcpy(buf, (const uint8_t *)sa + start, n);
    return (int)n;
#else
    (void)sa; (void)buf; (void)cap;
    return -1;
#endif
}

int ginet__os_ifaddrs(const char *netns, ginet__ifrecs *recs)
{
    if (netns != NULL)
        return GINET_ENOTSUP;
    struct ifaddrs *list = NULL;
    if (getifaddrs(&list) != 0) {
        int e = errno;
        return e != 0 ? ginet_error_from_errno(e) : GINET_EUNKNOWN;
    }
    int rc = ginet__ifrecs_from_list(list, link_hwaddr, recs);
    freeifaddrs(list);
    if (rc != 0)
        ginet__ifrecs_free(recs);
    return rc;
}
