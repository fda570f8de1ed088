/*
 * tests/resolver/resolver_test.h — what the resolver test program's files
 * share: the dnsmasq fixture (resolver_main.c) and small helpers.
 *
 * main() starts one dnsmasq on a free loopback port before any suite
 * runs, serving a zone the test writes (A, AAAA, PTR from the hosts file,
 * CNAME chains, a name with many addresses), and points GINET_INETRC at a
 * file naming it.  Names under slow.test (and PTRs of 10.99.0.0/16) time
 * out: dnsmasq forwards them to a UDP socket that never answers.  dnsmasq dies with the test (PR_SET_PDEATHSIG) and is
 * killed at exit, even when a test fails.  A missing dnsmasq fails every
 * test that needs it: it is installed by ./quickstart (dnsmasq-base).
 */
#ifndef GINET_TEST_RESOLVER_H
#define GINET_TEST_RESOLVER_H

#include "../unit/harness.h"

#include <ginet/ginet.h>

#include <stddef.h>
#include <stdint.h>

/* The fixture, filled by main(). */
extern int rt_dns_port;             /* dnsmasq's port; 0 when it did not start */
extern int rt_silent_fd;            /* where dnsmasq forwards slow.test and
                                       10.99.in-addr.arpa: never answers */
extern char rt_dns_why[256];        /* why it did not start */
extern char rt_dir[64];             /* the test's temporary directory */

/* Fail the running test (not skip) when dnsmasq is not serving. */
#define NEED_DNS() do { if (rt_dns_port == 0) { \
        CU_FAIL_FATAL("dnsmasq is not running (install dnsmasq-base: ./quickstart test)"); \
        return; } } while (0)

/* The standard configuration: dnsmasq as the only nameserver, no system
 * files, lookup EXTRA_LOOKUP (e.g. "[dns]"), then EXTRA (more terms, may
 * be ""), on top of the defaults; the cache emptied.  0 or an error. */
int rt_use_dns(const char *lookup, const char *extra);

/* Write TEXT to DIR/NAME; the path into PATH (capacity CAP). 0 or -1. */
int rt_write(const char *name, const char *text, char *path, size_t cap);

/* Milliseconds on a monotonic clock. */
int64_t rt_now_ms(void);

/* 1 if H's address list holds TEXT ("10.0.1.1", "fd00::1"). */
int rt_has_addr(const ginet_hostent *h, const char *text);

/* A UDP socket bound to 127.0.0.1 that never answers; its port in *PORT.
 * The descriptor, or -1.  rt_drain_count() counts and discards what it
 * received so far. */
int rt_silent_server(int *port);
int rt_drain_count(int fd);

extern const ginet_test_case rt_lookup_cases[];
extern const ginet_test_case rt_async_cases[];
extern const ginet_test_case rt_cache_cases[];
extern const ginet_test_case rt_rc_cases[];
extern const ginet_test_case rt_order_cases[];

#endif
