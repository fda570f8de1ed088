/*
 * tests/socket/netns_fixture.h — a network namespace a socket test makes
 * for itself ("ip netns add ginet-TAG-<pid>", loopback up) and removes
 * again, also when the program exits early.  Used by tcp_netns.c and
 * udp_multicast.c.  Root only: creating returns the reason it cannot,
 * for the test to print in its SKIP.
 */
#ifndef GINET_TEST_NETNS_FIXTURE_H
#define GINET_TEST_NETNS_FIXTURE_H

/* The namespace's name and its /var/run/netns path, once made. */
extern char tt_ns_name[64];
extern char tt_ns_path[128];

/* Run the shell command CMD with its output discarded; its exit status,
 * or -1. */
int tt_run_quiet(const char *cmd);

/* Make the namespace (TAG names it) with loopback up, then run
 * "ip -n NAME S" for each S of SETUP (NULL-terminated; NULL for none).
 * NULL when it is ready, else why not (SETUP_WHY when a SETUP command
 * failed); nothing is left behind then. */
const char *tt_netns_create(const char *tag, const char *const *setup,
                            const char *setup_why);

/* Delete the namespace if it exists (a warning on stderr if it cannot). */
void tt_netns_delete(void);

#endif
