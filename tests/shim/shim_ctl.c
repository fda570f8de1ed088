/*
 * tests/shim/shim_ctl.c — the socket suite's side of the shim (declared in
 * shim_ctl.h): the search path, the topics that run on the shim and why
 * the others do not, each shim suite's faults, the tests that cannot run
 * there (SKIPs with the reason), and the control calls found with
 * dlsym() in the module the loader loaded.
 */
#include "tests/shim/shim_ctl.h"
#include "tests/socket/tcp_test.h"

#include <ginet/loader.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where the build puts the module (tests/shim/local.mk). */
#ifndef GINET_SHIM_DIR
#define GINET_SHIM_DIR "tests/shim"
#endif

/* The faults of a topic that asserts a small raw message arrives in one
 * piece ({tcp,S,<<"data">>}, recv(0) -> <<"ping">>): as on loopback, where
 * a 4-byte write is one read.  A cut read splits it — which the contract
 * and OTP allow, but those tests check the OS's granularity, not ours. */
#define WHOLE_READS "short_read=0,short_write=50,eagain=20,eagain_polls=3," \
                    "delay=25,delay_polls=4"
/* ... and of a topic that asserts what a send returns at once — right
 * after the peer closed or reset, or a datagram too big (the kernel's
 * answer to the direct write): a refused INLINE|TRY send is queued
 * instead and reports ok, as OTP does when the write would block —
 * correct, but not what those tests check. */
#define KERNEL_SENDS ",eagain_try=0"

/* A test of a topic that cannot run on the shim: registered as a SKIP
 * that prints WHY (STYLE.md: never silently absent). */
typedef struct shim_skip {
    const char *test;
    const char *why;
} shim_skip;

#define OS_READS "asserts OS read granularity, which the shim's cut reads change: "
static const shim_skip framing_skip[] = {
    { "packet_size_violation_no_exit", OS_READS "the bytes after an oversized "
      "{packet,4} header, read with it on loopback, are dropped with it; after a cut "
      "read they arrive later and are framed anew" },
    { "packet_size_violation", OS_READS "the peer reads EOF after the emsgsize close; "
      "with part of the body still unread in the kernel Linux resets instead" },
    { "read_ahead_false_exact", OS_READS "with read-ahead on, one read takes the whole "
      "small stream (FIONREAD 0 after the first packet)" },
    { "http_switch_to_raw", OS_READS "its last recv(S,0) in raw mode expects the 3 "
      "bytes one read(2) gave" },
    { NULL, NULL }
};
static const shim_skip io_skip[] = {
    { "recv_length_raw", OS_READS "its last recv(S,0) in raw mode expects the 3 bytes "
      "one read(2) gave" },
    { "buffer_limits_raw_recv", OS_READS "recv(S,0) in raw mode gives what one read(2) "
      "of up to {buffer,N} bytes gave" },
    { NULL, NULL }
};

/*
 * The topics that run on the shim, their faults (NULL: all of
 * GINET_SHIM_DEFAULT) and their SKIPs.  Not registered on the shim:
 *   tcp_options, tcp_defaults, tcp_inspect, tcp_monitor, tcp_netns — they
 *     test the option store, printing, statistics and namespaces, which
 *     the shim forwards untouched: no fault changes what they check;
 *   udp_multicast, udp_burst — need interfaces and kernel buffer sizes
 *     the shim only forwards (datagrams are never cut).
 */
static const struct shim_topic {
    const char *name;
    const char *faults;
    const shim_skip *skip;
} shim_topics[] = {
    { "tcp", NULL, NULL },
    { "tcp_io", NULL, io_skip },
    { "tcp_framing", NULL, framing_skip },
    { "tcp_close", GINET_SHIM_DEFAULT KERNEL_SENDS, NULL },
    { "tcp_flow", NULL, NULL },
    { "tcp_concurrency", WHOLE_READS, NULL },
    { "tcp_active", WHOLE_READS, NULL },
    { "tcp_active_close", WHOLE_READS KERNEL_SENDS, NULL },
    { "tcp_active_http", WHOLE_READS, NULL },
    { "tcp_owner", WHOLE_READS, NULL },
    { "tcp_owner_move", WHOLE_READS, NULL },
    { "tcp_flowctl", WHOLE_READS, NULL },
    { "tcp_local", WHOLE_READS, NULL },
    { "udp", GINET_SHIM_DEFAULT KERNEL_SENDS, NULL },
    { "udp_active", GINET_SHIM_DEFAULT KERNEL_SENDS, NULL },
    /* The shim's own (shim_tests.c): its reset tests expect {tcp,S,<<"data">>}
     * whole; the stress sets every fault itself. */
    { "shim_faults", WHOLE_READS, NULL },
};
#define NSHIM (sizeof shim_topics / sizeof shim_topics[0])

static const struct shim_topic *topic_of(const char *topic, size_t len)
{
    for (size_t i = 0; i < NSHIM; i++)
        if (strlen(shim_topics[i].name) == len && strncmp(shim_topics[i].name, topic, len) == 0)
            return &shim_topics[i];
    return NULL;
}

static const shim_skip *skip_of(const struct shim_topic *t, const char *test)
{
    for (const shim_skip *k = t != NULL ? t->skip : NULL; k != NULL && k->test != NULL; k++)
        if (strcmp(k->test, test) == 0)
            return k;
    return NULL;
}

/* The body of a left-out test: SKIP with its reason. */
static void skipped_on_shim(void)
{
    CU_pSuite su = CU_get_current_suite();
    CU_pTest te = CU_get_current_test();
    const char *name = su != NULL ? su->pName : "";
    const char *lb = strchr(name, '[');
    const shim_skip *k = skip_of(topic_of(name, lb != NULL ? (size_t)(lb - name) : strlen(name)),
                                 te != NULL ? te->pName : "");
    GINET_SKIP("not on the shim: %s", k != NULL ? k->why : "left out");
}

const ginet_test_case *tt_shim_cases(const char *backend, const char *topic,
                                     const ginet_test_case *cases)
{
    static ginet_test_case kept[NSHIM][128];
    const struct shim_topic *t = tt_shim_is(backend) ? topic_of(topic, strlen(topic)) : NULL;
    if (t == NULL || t->skip == NULL)
        return cases;
    ginet_test_case *out = kept[t - shim_topics];
    size_t n = 0;
    for (const ginet_test_case *c = cases; c->name != NULL && n < 127; c++) {
        out[n] = *c;
        if (skip_of(t, c->name) != NULL)
            out[n].fn = skipped_on_shim;
        n++;
    }
    out[n].name = NULL;
    out[n].fn = NULL;
    return out;
}

void tt_shim_path_setup(void)
{
    const char *old = getenv("GINET_BACKEND_PATH");
    size_t n = (old != NULL ? strlen(old) + 1 : 0) + strlen(GINET_SHIM_DIR) + 1;
    char *p = malloc(n);
    if (p == NULL)
        return;
    snprintf(p, n, "%s%s%s", old != NULL ? old : "", old != NULL && *old ? ":" : "",
             GINET_SHIM_DIR);
    setenv("GINET_BACKEND_PATH", p, 1);
    free(p);
}

int tt_shim_is(const char *backend)
{
    return backend != NULL && (strcmp(backend, "shim") == 0
                                || strcmp(backend, "shim_socket") == 0);
}

int tt_shim_wants(const char *backend, const char *topic)
{
    if (!tt_shim_is(backend))
        return strcmp(topic, "shim_faults") != 0;
    return topic_of(topic, strlen(topic)) != NULL;
}

/* ------------------------------------------------------------ dlsym */

/* NAME in the module of the shim the running suite tests (each shim
 * module has its own faults). */
static void *shim_sym(const char *name)
{
    static void *handles[2];
    const char *bname = tt_backend();
    int k = strcmp(bname, "shim_socket") == 0;
    if (!tt_shim_is(bname))
        return NULL;
    if (handles[k] == NULL) {
        const ginet_backend *bk;
        ginet_backend_info *infos;
        size_t n;
        if (ginet_backend_load(bname, &bk) != 0 || ginet_backends(&infos, &n) != 0)
            return NULL;
        for (size_t i = 0; i < n && handles[k] == NULL; i++)
            if (strcmp(infos[i].name, bname) == 0 && infos[i].path[0] != '\0')
                handles[k] = dlopen(infos[i].path, RTLD_NOW | RTLD_NOLOAD);
        ginet_backends_free(infos, n);
        if (handles[k] == NULL)
            return NULL;
    }
    return dlsym(handles[k], name);
}

#define SHIM_FN(type, name) \
    type fn_; void *p_ = shim_sym(#name); \
    if (p_ == NULL) return GINET_ENOENT; \
    memcpy(&fn_, &p_, sizeof fn_)

int tt_shim_set_faults(const char *spec)
{
    SHIM_FN(ginet_shim_set_faults_fn, ginet_shim_set_faults);
    return fn_(spec);
}

int tt_shim_get_faults(char *buf, size_t cap)
{
    SHIM_FN(ginet_shim_get_faults_fn, ginet_shim_get_faults);
    fn_(buf, cap);
    return 0;
}

int tt_shim_inject(ginet_socket *s, int what)
{
    SHIM_FN(ginet_shim_inject_fn, ginet_shim_inject);
    intptr_t fd;
    int rc = ginet_getfd(s, &fd);
    return rc != 0 ? rc : fn_(fd, what);
}

int tt_shim_counters(ginet_shim_counters *out, int clear)
{
    SHIM_FN(ginet_shim_counters_get_fn, ginet_shim_counters_get);
    fn_(out, clear);
    return 0;
}

/* ------------------------------------------------------------ suites */

static unsigned failures_at_init;
static char suite_spec[512];

int tt_shim_suite_init(void)
{
    CU_pSuite s = CU_get_current_suite();
    const char *name = s != NULL ? s->pName : "?";
    const char *env = getenv("GINET_SHIM_FAULTS");
    const char *seed_env = getenv("GINET_SHIM_SEED");
    unsigned long long seed = 1469598103u;
    if (seed_env != NULL && *seed_env != '\0') {
        seed = strtoull(seed_env, NULL, 10);
    } else {
        for (const char *p = name; *p; p++)   /* FNV-1a of the suite's name */
            seed = (seed ^ (unsigned char)*p) * 1099511628211ull;
    }
    const char *lb = strchr(name, '[');
    const struct shim_topic *t = topic_of(name, lb != NULL ? (size_t)(lb - name) : strlen(name));
    if (env != NULL && *env != '\0')
        snprintf(suite_spec, sizeof suite_spec, "%s", env);
    else
        snprintf(suite_spec, sizeof suite_spec, "%s,seed=%llu",
                 t != NULL && t->faults != NULL ? t->faults : GINET_SHIM_DEFAULT, seed);
    int rc = tt_shim_set_faults(suite_spec);
    if (rc != 0) {
        printf("%s: cannot set the shim's faults '%s': %s\n", name, suite_spec,
               ginet_error_atom(rc));
        return 1;
    }
    failures_at_init = CU_get_number_of_failures();
    return 0;
}

int tt_shim_suite_cleanup(void)
{
    if (CU_get_number_of_failures() != failures_at_init) {
        char now[512] = "";
        tt_shim_get_faults(now, sizeof now);
        CU_pSuite s = CU_get_current_suite();
        printf("\n%s failed with the shim's faults %s; rerun with "
               "GINET_SHIM_FAULTS='%s'\n", s != NULL ? s->pName : "?", now, suite_spec);
    }
    tt_shim_set_faults(NULL);
    return 0;
}
