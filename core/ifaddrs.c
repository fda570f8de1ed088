/*
 * core/ifaddrs.c — owns inet:getifaddrs/0,1's entry points: asking the
 * platform for the OS's records (platform/posix/ifaddrs.h), having them
 * arranged as OTP does (core/ifaddrs_arrange.c), freeing the result, and
 * the names of flags and ifopt tags.
 */
#include <ginet/ifaddrs.h>
#include <ginet/error.h>

#include <stdlib.h>
#include <string.h>

#include "core/ifaddrs_internal.h"
#include "platform/posix/ifaddrs.h"

static int get(const char *netns, ginet_ifaddrs **out)
{
    ginet__ifrecs recs = { NULL, 0, 0 };
    int rc = ginet__os_ifaddrs(netns, &recs);
    if (rc != 0)
        return rc;
    *out = ginet__ifaddrs_arrange(&recs);
    ginet__ifrecs_free(&recs);
    return *out != NULL ? 0 : GINET_ENOMEM;
}

int ginet_getifaddrs(ginet_ifaddrs **out)
{
    if (out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    return get(NULL, out);
}

int ginet_getifaddrs_netns(const char *path, ginet_ifaddrs **out)
{
    if (out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    if (path == NULL)
        return GINET_EINVAL;
    return get(path, out);
}

void ginet_ifaddrs_free(ginet_ifaddrs *list)
{
    free(list);
}

const ginet_interface *ginet_ifaddrs_find(const ginet_ifaddrs *list,
                                          const char *name)
{
    if (list == NULL || name == NULL)
        return NULL;
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->ifs[i].name, name) == 0)
            return &list->ifs[i];
    return NULL;
}

const char *ginet_ifflag_name(unsigned flag)
{
    switch (flag) {
    case GINET_IFF_UP:           return "up";
    case GINET_IFF_BROADCAST:    return "broadcast";
    case GINET_IFF_LOOPBACK:     return "loopback";
    case GINET_IFF_POINTTOPOINT: return "pointtopoint";
    case GINET_IFF_RUNNING:      return "running";
    case GINET_IFF_MULTICAST:    return "multicast";
    default:                     return NULL;
    }
}

const char *ginet_ifopt_name(ginet_ifopt_kind kind)
{
    switch (kind) {
    case GINET_IFOPT_FLAGS:     return "flags";
    case GINET_IFOPT_ADDR:      return "addr";
    case GINET_IFOPT_NETMASK:   return "netmask";
    case GINET_IFOPT_BROADADDR: return "broadaddr";
    case GINET_IFOPT_DSTADDR:   return "dstaddr";
    case GINET_IFOPT_HWADDR:    return "hwaddr";
    default:                    return NULL;
    }
}
