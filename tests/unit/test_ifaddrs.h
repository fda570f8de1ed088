/*
 * tests/unit/test_ifaddrs.h — what the three files of test-ifaddrs share:
 * running commands, the test-made network namespace, and the checks
 * against `ip -j addr` (test_ifaddrs_ip.c).
 */
#ifndef GINET_TEST_IFADDRS_H
#define GINET_TEST_IFADDRS_H

#include <ginet/ginet.h>

#include "harness.h"

#include <stddef.h>

/* Run the shell command made from FMT; its exit status (-1 if it could
 * not run).  Output goes to /dev/null unless the command redirects it. */
int ifa_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The stdout of the shell command made from FMT as a malloc()ed string
 * (trailing newlines kept), with its exit status in *STATUS; NULL if it
 * could not run. */
char *ifa_capture(int *status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* 1 if PROGRAM is on the PATH. */
int ifa_have(const char *program);

/* The test's own namespace: its name ("ginet-ifa-PID") and the path for
 * {netns, Path}.  ifa_netns_ready() makes it once (with lo up) and
 * returns 1, or returns 0 with a reason in *WHY (not root, no `ip`,
 * `ip netns add` refused).  ifa_netns_delete() removes it (also at exit). */
const char *ifa_netns_name(void);
const char *ifa_netns_path(void);
int ifa_netns_ready(const char **why);
void ifa_netns_delete(void);

/*
 * Compare LIST with `ip -j addr` (run with "-n NS" when NS is not NULL):
 * every link's name, flags (up/broadcast/loopback/pointtopoint/multicast,
 * running exactly when up) and hardware address, and the set of
 * (interface or IPv4 label, address/prefix length) pairs, broadcast and
 * peer addresses included where ip shows them.  Returns 0 when they agree;
 * else 1 and a malloc()ed description of the first difference in *WHY
 * (free it); -1 (and *WHY) when `ip -j addr` could not be run or read.
 */
int ifa_compare_ip(const ginet_ifaddrs *list, const char *ns, char **why);

/* Check OTP's order rules (ginet/ifaddrs.h) on every interface of LIST,
 * and that running is set exactly when up is: 0, or 1 with the first
 * broken rule in WHY (capacity CAP).  In test_ifaddrs.c. */
int ifa_check_rules(const ginet_ifaddrs *list, char *why, size_t cap);

/* Check `ginet ifaddrs --json` output TEXT against LIST: the same
 * interfaces in the same order, each ifopt with the same tag and value.
 * 0, or 1 with a malloc()ed reason in *WHY. */
int ifa_check_json(const char *text, const ginet_ifaddrs *list, char **why);

/* The namespace, OTP and CLI suites (test_ifaddrs_ns.c). */
extern const ginet_test_case ns_cases[], otp_cases[];
int ns_suite_cleanup(void);

/* The number of leading one bits of a netmask. */
int ifa_prefix_len(const ginet_ip_address *mask);

#endif
