/*
 * tests/socket/tcp_main.c — registers the TCP socket suite once per
 * backend: "tcp[B]", "tcp_io[B]", "tcp_framing[B]", "tcp_options[B]",
 * "tcp_close[B]", "tcp_flow[B]", "tcp_concurrency[B]", "tcp_active[B]",
 * "tcp_active_close[B]", "tcp_active_http[B]", "tcp_owner[B]",
 * "tcp_owner_move[B]", "tcp_flowctl[B]", "tcp_netns[B]", "tcp_inspect[B]",
 * "tcp_monitor[B]", "tcp_local[B]" (on the fault-injecting test shims,
 * tests/shim/shim_ctl.c, a subset and their own "shim_faults[B]")
 * for every backend B
 * that ginet_backends() lists as loading here.  A backend that does not
 * load gets one suite "tcp[B]" whose single test is a SKIP with the
 * loader's reason — except epoll on Linux, where it is a FAILURE: the
 * suite must run there.
 * GINET_TEST_BACKENDS (a comma-separated list of names) restricts the run
 * to those backends; a listed backend that is not found is a FAILURE.
 */
#include "tests/socket/tcp_test.h"
#include "tests/socket/udp_test.h"
#include "tests/shim/shim_ctl.h"

#include <ginet/loader.h>

/* Inspection topics (tcp_inspect.c, tcp_monitor.c). */
extern const ginet_test_case tt_inspect_cases[];
extern const ginet_test_case tt_monitor_cases[];
/* Node-wide default options against OTP (tcp_defaults.c). */
extern const ginet_test_case tt_defaults_cases[];
/* Local (unix) stream sockets (tcp_local.c). */
extern const ginet_test_case tt_local_cases[];

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct topic {
    const char *name;
    const ginet_test_case *cases;
} topics[] = {
    { "tcp", tt_connect_cases },
    { "tcp_io", tt_io_cases },
    { "tcp_framing", tt_framing_cases },
    { "tcp_options", tt_options_cases },
    { "tcp_close", tt_close_cases },
    { "tcp_flow", tt_flow_cases },
    { "tcp_concurrency", tt_concurrency_cases },
    { "tcp_active", tt_active_cases },
    { "tcp_active_close", tt_active_close_cases },
    { "tcp_active_http", tt_active_http_cases },
    { "tcp_owner", tt_owner_cases },
    { "tcp_owner_move", tt_owner_move_cases },
    { "tcp_flowctl", tt_flowctl_cases },
    { "tcp_netns", tt_netns_cases },
    { "tcp_inspect", tt_inspect_cases },
    { "tcp_monitor", tt_monitor_cases },
    { "tcp_defaults", tt_defaults_cases },
    { "udp", ut_basic_cases },
    { "udp_active", ut_active_cases },
    { "udp_multicast", ut_multicast_cases },
    { "udp_burst", ut_burst_cases },
    { "tcp_local", tt_local_cases },
    { "shim_faults", tt_shim_fault_cases },  /* only on the shim (tests/shim/) */
};
#define NTOPICS (sizeof topics / sizeof topics[0])

/* ------------------------------------------- backends that do not load */

static ginet_backend_info *infos;
static size_t ninfos;

static const ginet_backend_info *info_of_running_suite(void)
{
    const char *name = tt_backend();
    for (size_t i = 0; i < ninfos; i++)
        if (strcmp(infos[i].name, name) == 0)
            return &infos[i];
    return NULL;
}

static int must_load(const char *name)
{
    if (tt_shim_is(name))                    /* built by make check */
        return 1;
#ifdef __linux__
    return strcmp(name, "epoll") == 0;
#else
    return 0;
#endif
}

static void test_backend_loads(void)
{
    const ginet_backend_info *bi = info_of_running_suite();
    const char *why = bi != NULL && bi->reason[0] ? bi->reason : "not listed by ginet_backends()";
    if (bi != NULL && bi->loaded)
        return;
    if (bi == NULL || must_load(bi->name)) {
        printf("backend '%s' must load here: %s\n", tt_backend(), why);
        CU_FAIL_FATAL("the backend does not load");
    }
    GINET_SKIP("backend '%s' does not load here: %s", bi->name, why);
}

/* Whether GINET_TEST_BACKENDS (unset: every backend) names NAME. */
static int wanted_backend(const char *name)
{
    const char *list = getenv("GINET_TEST_BACKENDS");
    if (list == NULL || *list == '\0')
        return 1;
    size_t n = strlen(name);
    for (const char *p = list; *p != '\0';) {
        const char *end = strchr(p, ',');
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, name, n) == 0)
            return 1;
        p += len + (end != NULL);
    }
    return 0;
}


/* A suite on the fault-injecting shim starts with its faults on. */
static int shim_suite_init(void)
{
    return tt_shim_suite_init();
}

static const ginet_test_case unloadable_cases[] = {
    { "backend_loads", test_backend_loads },
    { NULL, NULL }
};

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);                /* the POSIX peers write to closed sockets */
    tt_shim_path_setup();                    /* list the test shims too */
    int rc = ginet_backends(&infos, &ninfos);
    if (rc != 0) {
        fprintf(stderr, "ginet_backends: %s\n", ginet_error_atom(rc));
        printf("0 passed, 1 failed\n");
        return 1;
    }
    int have_epoll = 0;
    for (size_t i = 0; i < ninfos; i++)
        have_epoll |= strcmp(infos[i].name, "epoll") == 0;
    size_t extra = must_load("epoll") && !have_epoll    /* never silently absent */
                   && wanted_backend("epoll");
    const char *only = getenv("GINET_TEST_BACKENDS");
    if (only != NULL && *only != '\0') {               /* a name nobody lists */
        for (const char *p = only; *p != '\0';) {
            const char *end = strchr(p, ',');
            size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
            int found = 0;
            for (size_t i = 0; i < ninfos; i++)
                found |= strlen(infos[i].name) == len && strncmp(infos[i].name, p, len) == 0;
            if (!found && len > 0) {
                fprintf(stderr, "GINET_TEST_BACKENDS: no backend '%.*s' here\n", (int)len, p);
                printf("0 passed, 1 failed\n");
                ginet_backends_free(infos, ninfos);
                return 1;
            }
            p += len + (end != NULL);
        }
    }

    ginet_test_suite *suites = calloc((ninfos + extra) * NTOPICS + 1, sizeof *suites);
    char **names = calloc((ninfos + extra) * NTOPICS + 1, sizeof *names);
    if (suites == NULL || names == NULL) {
        printf("0 passed, 1 failed\n");
        return 1;
    }
    size_t n = 0;
    for (size_t i = 0; i < ninfos + extra; i++) {
        const char *bname = i < ninfos ? infos[i].name : "epoll";
        int loaded = i < ninfos && infos[i].loaded;
        if (!wanted_backend(bname))
            continue;
        for (size_t t = 0; t < (loaded ? NTOPICS : 1); t++) {
            if (!tt_shim_wants(bname, topics[t].name))
                continue;
            size_t len = strlen(topics[t].name) + strlen(bname) + 3;
            names[n] = malloc(len);
            if (names[n] == NULL)
                break;
            snprintf(names[n], len, "%s[%s]", topics[t].name, bname);
            suites[n].name = names[n];
            int shim = loaded && tt_shim_is(bname);
            suites[n].init = shim ? shim_suite_init : NULL;
            suites[n].cleanup = shim ? tt_shim_suite_cleanup : NULL;
            suites[n].cases = loaded ? tt_shim_cases(bname, topics[t].name, topics[t].cases)
                                     : unloadable_cases;
            n++;
        }
    }
    suites[n].name = NULL;
    rc = ginet_test_main(suites, argc, argv);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(suites);
    ginet_backends_free(infos, ninfos);
    return rc;
}
