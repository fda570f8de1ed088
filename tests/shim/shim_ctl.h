/*
 * tests/shim/shim_ctl.h — the socket suite's side of the fault-injecting
 * shim (tests/shim/shim.h): making the shim module findable, which topics
 * run on it (tcp_main.c registers "topic[shim]" only for those), the
 * faults each shim suite starts with, and the control calls, reached with
 * dlsym() on the loaded module.
 */
#ifndef GINET_TESTS_SHIM_CTL_H
#define GINET_TESTS_SHIM_CTL_H

#include "tests/shim/shim.h"
#include "tests/unit/harness.h"

#include <ginet/socket.h>

/* Add the build tree's tests/shim to GINET_BACKEND_PATH (before
 * ginet_backends() is first called) so the shim is listed. */
void tt_shim_path_setup(void);

/* 1 when BACKEND is a shim: "shim" (over GINET_SHIM_INNER, default
 * epoll) or "shim_socket" (over the socket backend). */
int tt_shim_is(const char *backend);

/* Whether TOPIC runs on BACKEND: every topic but the shim's own on a real
 * backend; on the shim the topics listed in shim_ctl.c. */
int tt_shim_wants(const char *backend, const char *topic);

/* The cases of TOPIC to register on BACKEND: CASES, with those that
 * cannot run on the shim replaced by a SKIP printing why (shim_ctl.c). */
const ginet_test_case *tt_shim_cases(const char *backend, const char *topic,
                                     const ginet_test_case *cases);

/* Suite init and cleanup of a shim suite: start it with the default
 * topic's faults (GINET_SHIM_FAULTS overrides; GINET_SHIM_SEED sets the seed,
 * else one derived from the suite's name), and name them again, with the
 * seed, if any of its tests failed. */
int tt_shim_suite_init(void);
int tt_shim_suite_cleanup(void);

/* The control API of the loaded shim; 0 or an error (the shim did not
 * load, or lacks the symbol). */
int tt_shim_set_faults(const char *spec);
int tt_shim_get_faults(char *buf, size_t cap);
int tt_shim_inject(ginet_socket *s, int what);
int tt_shim_counters(ginet_shim_counters *out, int clear);

/* The shim's own topic (shim_tests.c). */
extern const ginet_test_case tt_shim_fault_cases[];

#endif
