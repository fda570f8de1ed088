/*
 * platform/posix/ifaddrs.h — internal to libginet: the OS's interface
 * list as flat records, one per entry of getifaddrs(3), in the OS's
 * order.  core/ifaddrs.c turns them into OTP's getifaddrs/0,1 result.
 *
 * platform/posix/ifaddrs.c converts a struct ifaddrs list (portable);
 * platform/linux/ifaddrs.c (Linux: AF_PACKET link addresses, network
 * namespaces) or platform/posix/ifaddrs_os.c (elsewhere: AF_LINK) provide
 * ginet__os_ifaddrs().
 */
#ifndef GINET_PLATFORM_POSIX_IFADDRS_H
#define GINET_PLATFORM_POSIX_IFADDRS_H

#include <ginet/ifaddrs.h>

#include <stddef.h>
#include <stdint.h>

struct ifaddrs;
struct sockaddr;

/* What one record carries besides its name and flags. */
enum {
    GINET__IFREC_NONE = 0,         /* no address: flags only */
    GINET__IFREC_IP   = 1,         /* addr, maybe netmask, maybe peer */
    GINET__IFREC_HW   = 2          /* a link-layer address */
};

typedef struct ginet__ifrec {
    char *name;                    /* malloc()ed, NUL-terminated bytes */
    unsigned flags;                /* GINET_IFF_* */
    uint8_t kind;                  /* GINET__IFREC_* */
    uint8_t has_netmask;           /* IP: 1 if netmask is set */
    uint8_t peer_kind;             /* IP: 0, GINET_IFOPT_BROADADDR or
                                    * GINET_IFOPT_DSTADDR */
    uint8_t hwlen;                 /* HW: bytes in hw */
    ginet_ip_address addr, netmask, peer;
    uint8_t hw[GINET_HWADDR_MAX];
} ginet__ifrec;

typedef struct ginet__ifrecs {
    ginet__ifrec *v;
    size_t n, cap;
} ginet__ifrecs;

/* Free every record and the array; leaves *RECS empty.  NULL is fine. */
void ginet__ifrecs_free(ginet__ifrecs *recs);

/*
 * Reads a link-layer address from SA (not NULL) into BUF (room for CAP
 * bytes): the number of bytes (0 for an empty one), or -1 when SA is no
 * link-layer address of this OS.
 */
typedef int (*ginet__hwaddr_fn)(const struct sockaddr *sa, uint8_t *buf,
                                size_t cap);

/*
 * Append one record per entry of LIST to *RECS, as OTP's inet_drv reads
 * them: flags mapped to GINET_IFF_*; AF_INET/AF_INET6 entries give an
 * address, its netmask when there is one, and the destination address
 * when the interface is point-to-point, else the broadcast address when
 * it is broadcast (and the OS gave one); entries HWADDR accepts with an
 * address of at least 2 bytes give that; every other entry (no address,
 * a shorter link address, another family) gives flags only.
 * Returns 0 or GINET_ENOMEM (records appended so far stay in *RECS).
 */
int ginet__ifrecs_from_list(const struct ifaddrs *list, ginet__hwaddr_fn hwaddr,
                            ginet__ifrecs *recs);

/*
 * The OS's interface list into *RECS (empty on entry): the calling
 * thread's network namespace when NETNS is NULL, else the one at the path
 * NETNS, read on a helper thread (Linux; elsewhere GINET_ENOTSUP).
 * Returns 0 or an error: getifaddrs(3)'s errno as a ginet code,
 * GINET_ENOMEM, or a namespace error (see ginet__netns_run()).  On error
 * *RECS is empty.  Thread-safety: safe.
 */
int ginet__os_ifaddrs(const char *netns, ginet__ifrecs *recs);

#endif
