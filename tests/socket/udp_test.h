/*
 * tests/socket/udp_test.h — what the UDP files of the socket suite share:
 * their case tables (registered per backend in tcp_main.c as "udp[B]",
 * "udp_active[B]", "udp_multicast[B]", "udp_burst[B]"), opening a UDP
 * socket on the backend under test, and building addresses.
 */
#ifndef GINET_TEST_UDP_H
#define GINET_TEST_UDP_H

#include "tests/socket/tcp_test.h"

#include <ginet/inspect.h>
#include <ginet/mailbox.h>
#include <ginet/udp.h>

extern const ginet_test_case ut_basic_cases[];
extern const ginet_test_case ut_active_cases[];
extern const ginet_test_case ut_multicast_cases[];
extern const ginet_test_case ut_burst_cases[];

/* A UDP socket on the backend under test with EXTRA options (without
 * brackets; NULL: none), port chosen by the OS, owner OWNER; its port in
 * *PORT.  0 or an error (printed). */
int ut_open(const char *extra, ginet_mailbox *owner, ginet_socket **s, int *port);

/* 127.0.0.1:PORT, or ::1:PORT with V6. */
ginet_sockaddr ut_loopback(int v6, int port);

/* A statistic of S, or UINT64_MAX when getstat fails. */
uint64_t ut_stat(ginet_socket *s, ginet_stat_option which);

#endif
