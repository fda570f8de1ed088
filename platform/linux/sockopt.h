/*
 * platform/linux/sockopt.h — internal to the backends: Linux's socket
 * options behind the portable ginet_bk_opt ids.
 */
#ifndef GINET_PLATFORM_LINUX_SOCKOPT_H
#define GINET_PLATFORM_LINUX_SOCKOPT_H

#include <ginet/backend.h>

/*
 * Set or read option OPT on descriptor FD, whose family is the OS value
 * AF (AF_INET, AF_INET6, AF_UNIX: the multicast options pick IPv4 or IPv6
 * names by it).  Returns 0, GINET_EINVAL for a value out of the OS's
 * range (an integer beyond int, an interface name too long), GINET_ENOTSUP
 * for an option with no Linux mapping here, or the OS's error.
 * EXCLUSIVEADDRUSE is not a Linux option: setting it does nothing and it
 * reads as false, as OTP specifies.  Thread-safety: safe (reads a
 * constant table).
 */
int ginet__linux_setopt(int fd, int af, ginet_bk_opt opt,
                        const ginet_bk_optval *val);
int ginet__linux_getopt(int fd, int af, ginet_bk_opt opt,
                        ginet_bk_optval *val);

#endif
