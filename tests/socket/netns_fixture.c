/*
 * tests/socket/netns_fixture.c — the network namespace of
 * netns_fixture.h, made and removed with iproute2's `ip`.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "tests/socket/netns_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

char tt_ns_name[64];
char tt_ns_path[128];
static int ns_made;

int tt_run_quiet(const char *cmd)
{
    char full[512];
    snprintf(full, sizeof full, "%s >/dev/null 2>&1", cmd);
    int st = system(full);
    return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void tt_netns_delete(void)
{
    if (!ns_made)
        return;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "ip netns del %s", tt_ns_name);
    if (tt_run_quiet(cmd) != 0)
        fprintf(stderr, "warning: could not delete network namespace %s\n", tt_ns_name);
    ns_made = 0;
}

const char *tt_netns_create(const char *tag, const char *const *setup,
                            const char *setup_why)
{
    static int registered;
    if (geteuid() != 0)
        return "not root: making a network namespace needs CAP_SYS_ADMIN";
    if (tt_run_quiet("ip -V") != 0)
        return "no 'ip' command (iproute2)";
    snprintf(tt_ns_name, sizeof tt_ns_name, "ginet-%s-%ld", tag, (long)getpid());
    snprintf(tt_ns_path, sizeof tt_ns_path, "/var/run/netns/%s", tt_ns_name);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "ip netns add %s", tt_ns_name);
    if (tt_run_quiet(cmd) != 0)
        return "'ip netns add' is not permitted here (a container without CAP_SYS_ADMIN?)";
    ns_made = 1;
    if (!registered) {
        atexit(tt_netns_delete);            /* even if the test is cut short */
        registered = 1;
    }
    snprintf(cmd, sizeof cmd, "ip -n %s link set lo up", tt_ns_name);
    if (tt_run_quiet(cmd) != 0) {
        tt_netns_delete();
        return "cannot bring loopback up in the new namespace";
    }
    for (size_t i = 0; setup != NULL && setup[i] != NULL; i++) {
        snprintf(cmd, sizeof cmd, "ip -n %s %s", tt_ns_name, setup[i]);
        if (tt_run_quiet(cmd) != 0) {
            tt_netns_delete();
            return setup_why;
        }
    }
    return NULL;
}
