/*
 * tests/resolver/resolver_main.c — the resolver test program: the dnsmasq
 * fixture (a zone written by the test, dnsmasq started on a free loopback
 * port and killed at the end, even on failure), the helpers the suites
 * share, the --callback-child mode (a blocking lookup from a callback in
 * a fresh process) and the suite table.  The suites are in
 * resolver_lookup.c, resolver_cache.c and resolver_rc.c.
 */
#define _GNU_SOURCE
#include "resolver_test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int rt_dns_port;
int rt_silent_fd = -1, rt_silent_port;
char rt_dns_why[256];
char rt_dir[64];

static pid_t dns_pid = -1;
static char written[32][128];       /* files to remove at the end */
static size_t nwritten;

/* The zone.  dnsmasq answers A/AAAA from it and makes the PTR records;
 * --local=/test/ makes unknown .test names NXDOMAIN (not REFUSED). */
static const char zone[] =
    "10.0.1.1 www.test\n"
    "fd00::1 www.test\n"
    "10.0.1.11 many.test\n"
    "10.0.1.12 many.test\n"
    "10.0.1.13 many.test\n"
    "10.0.1.14 many.test\n"
    "10.0.1.15 many.test\n"
    "10.0.1.16 many.test\n"
    "10.0.1.17 many.test\n"
    "10.0.1.18 many.test\n"
    "10.0.3.1 ttl.test\n"
    "10.0.4.1 order.test\n"
    "127.0.0.1 connect.test\n";

/* ------------------------------------------------------------- helpers */

int64_t rt_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int rt_write(const char *name, const char *text, char *path, size_t cap)
{
    int n = snprintf(path, cap, "%s/%s", rt_dir, name);
    if (n < 0 || (size_t)n >= cap)
        return -1;
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    int bad = fputs(text, f) < 0;
    bad |= fclose(f) != 0;
    int known = 0;
    for (size_t i = 0; i < nwritten; i++)
        known |= strcmp(written[i], path) == 0;
    if (!known && nwritten < sizeof written / sizeof written[0]
        && strlen(path) < sizeof written[0])
        strcpy(written[nwritten++], path);
    return bad ? -1 : 0;
}

int rt_has_addr(const ginet_hostent *h, const char *text)
{
    ginet_ip_address ip;
    if (h == NULL || ginet_parse_address(text, strlen(text), &ip) != 0)
        return 0;
    for (size_t i = 0; i < h->naddrs; i++)
        if (ginet_ip_address_equal(&h->addrs[i], &ip))
            return 1;
    return 0;
}

int rt_use_dns(const char *lookup, const char *extra)
{
    char text[512];
    ginet_inetrc_reset();
    snprintf(text, sizeof text,
             "{resolv_conf,\"\"}.\n{hosts_file,\"\"}.\n"
             "{nameserver,{127,0,0,1},%d}.\n{lookup,%s}.\n%s",
             rt_dns_port, lookup, extra);
    return ginet_inetrc_load_text(text, strlen(text), "test inetrc");
}

int rt_silent_server(int *port)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0
        || getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

int rt_drain_count(int fd)
{
    char buf[1500];
    int n = 0;
    while (recv(fd, buf, sizeof buf, 0) >= 0)
        n++;
    return n;
}

/* ------------------------------------------------------------- dnsmasq */

/* GINET_TEST_DNSMASQ names another binary (a missing one shows the
 * failure mode). */
static const char *find_dnsmasq(void)
{
    const char *env = getenv("GINET_TEST_DNSMASQ");
    if (env != NULL && *env != '\0')
        return access(env, X_OK) == 0 ? env : NULL;
    static const char *const where[] = { "/usr/sbin/dnsmasq", "/usr/bin/dnsmasq",
                                         "/usr/local/sbin/dnsmasq", NULL };
    for (int i = 0; where[i] != NULL; i++)
        if (access(where[i], X_OK) == 0)
            return where[i];
    return NULL;
}

/* A loopback port free for UDP now (dnsmasq also takes TCP on it). */
static int free_port(void)
{
    int port = 0;
    int fd = rt_silent_server(&port);
    if (fd >= 0)
        close(fd);
    return fd >= 0 ? port : 0;
}

static int tcp_ready(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

static void stop_dns(void)
{
    if (dns_pid > 0) {
        kill(dns_pid, SIGTERM);
        int64_t end = rt_now_ms() + 2000;
        while (waitpid(dns_pid, NULL, WNOHANG) == 0) {
            if (rt_now_ms() > end) {
                kill(dns_pid, SIGKILL);
                waitpid(dns_pid, NULL, 0);
                break;
            }
            usleep(10000);
        }
        dns_pid = -1;
    }
}

static void on_signal(int sig)
{
    if (dns_pid > 0)
        kill(dns_pid, SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* One attempt on PORT: 0 once it accepts connections, -1 if it exited. */
static int start_on(const char *exe, const char *hosts, int port)
{
    char a_port[32], a_hosts[256], a_pid[128], log[128], a_slow[80], a_slow_ptr[80];
    snprintf(a_port, sizeof a_port, "--port=%d", port);
    snprintf(a_hosts, sizeof a_hosts, "--addn-hosts=%s", hosts);
    snprintf(a_pid, sizeof a_pid, "--pid-file=%s/dnsmasq.pid", rt_dir);
    snprintf(log, sizeof log, "%s/dnsmasq.log", rt_dir);
    /* Names that time out: slow.test and 10.99.x.x are forwarded to a
     * server that never answers. */
    snprintf(a_slow, sizeof a_slow, "--server=/slow.test/127.0.0.1#%d", rt_silent_port);
    snprintf(a_slow_ptr, sizeof a_slow_ptr, "--server=/99.10.in-addr.arpa/127.0.0.1#%d",
             rt_silent_port);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);    /* never outlive the test */
        if (getppid() != parent)
            _exit(127);
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execl(exe, exe, "--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
              a_hosts, "--local=/test/", a_port, "--listen-address=127.0.0.1",
              "--bind-interfaces", a_pid, "--local-ttl=2",
              "--cname=alias.test,www.test,2", "--cname=alias2.test,alias.test,2",
              a_slow, a_slow_ptr, "--log-queries", (char *)NULL);
        _exit(127);
    }
    dns_pid = pid;
    for (int64_t end = rt_now_ms() + 5000; rt_now_ms() < end; usleep(10000)) {
        if (waitpid(pid, NULL, WNOHANG) == pid) {
            dns_pid = -1;
            return -1;
        }
        if (tcp_ready(port))
            return 0;
    }
    stop_dns();
    return -1;
}

static void start_dns(void)
{
    const char *exe = find_dnsmasq();
    if (exe == NULL) {
        snprintf(rt_dns_why, sizeof rt_dns_why, "dnsmasq not found");
        return;
    }
    char hosts[200];
    if (rt_write("zone.hosts", zone, hosts, sizeof hosts) != 0) {
        snprintf(rt_dns_why, sizeof rt_dns_why, "cannot write the zone");
        return;
    }
    char extra[200];
    snprintf(extra, sizeof extra, "%s/dnsmasq.log", rt_dir);
    if (nwritten < sizeof written / sizeof written[0])
        strcpy(written[nwritten++], extra);
    snprintf(extra, sizeof extra, "%s/dnsmasq.pid", rt_dir);
    if (nwritten < sizeof written / sizeof written[0])
        strcpy(written[nwritten++], extra);
    rt_silent_fd = rt_silent_server(&rt_silent_port);
    if (rt_silent_fd < 0) {
        snprintf(rt_dns_why, sizeof rt_dns_why, "cannot open the silent server");
        return;
    }
    for (int attempt = 0; attempt < 5; attempt++) {
        int port = free_port();
        if (port != 0 && start_on(exe, hosts, port) == 0) {
            rt_dns_port = port;
            return;
        }
    }
    snprintf(rt_dns_why, sizeof rt_dns_why, "dnsmasq did not start (see %s/dnsmasq.log)",
             rt_dir);
}

static void cleanup_files(void)
{
    for (size_t i = 0; i < nwritten; i++)
        unlink(written[i]);
    nwritten = 0;
    if (rt_dir[0] != '\0')
        rmdir(rt_dir);
}

static void at_exit(void)
{
    stop_dns();
    cleanup_files();
}

/* ------------------------------------- a callback in a fresh process */

static _Atomic int child_rc = 1;             /* 1: the callback has not run */

static void child_cb(ginet_msg *m, void *arg)
{
    (void)arg;
    if (m->kind != GINET_MSG_TCP || atomic_load(&child_rc) != 1)
        return;
    ginet_hostent *h = NULL;
    int rc = ginet_gethostbyname("x.test", 1000, &h);
    ginet_hostent_free(h);
    atomic_store(&child_rc, rc);
}

/* `test-resolver --callback-child`: a blocking lookup from a callback
 * owner's function, in a process where the resolver never ran before,
 * must answer (GINET_EDEADLK on the resolver's own loop), not hang.
 * Exit 0 when it answered EDEADLK, 2 for another answer, 3 no callback. */
static int callback_child(void)
{
    alarm(20);                               /* a hang ends as SIGALRM */
    static const char rc[] = "{resolv_conf,\"\"}.\n{hosts_file,\"\"}.\n"
                             "{nameserver,{127,0,0,1},9}.\n{lookup,[dns]}.\n";
    ginet_mailbox *mb = ginet_mailbox_new_callback(child_cb, NULL);
    ginet_socket *ls = NULL, *c = NULL, *a = NULL;
    int port = 0;
    if (mb == NULL || ginet_inetrc_load_text(rc, sizeof rc - 1, NULL) != 0
        || ginet_tcp_listen(0, "[{ip,{127,0,0,1}}]", NULL, &ls) != 0
        || ginet_port(ls, &port) != 0
        || ginet_tcp_connect("127.0.0.1", port, "[{active,true}]", 3000, mb, &c) != 0
        || ginet_tcp_accept(ls, 3000, &a) != 0 || ginet_send(a, "x", 1) != 0)
        return 4;
    for (int i = 0; i < 500 && atomic_load(&child_rc) == 1; i++)
        usleep(10000);
    int got = atomic_load(&child_rc);
    ginet_close(a);
    ginet_socket_release(a);
    ginet_close(ls);
    ginet_socket_release(ls);
    ginet_mailbox_free(mb);
    ginet_socket_release(c);
    return got == GINET_EDEADLK ? 0 : got == 1 ? 3 : 2;
}

static const ginet_test_suite suites[] = {
    { "lookup", NULL, NULL, rt_lookup_cases },
    { "async", NULL, NULL, rt_async_cases },
    { "cache", NULL, NULL, rt_cache_cases },
    { "rc", NULL, NULL, rt_rc_cases },
    { "order", NULL, NULL, rt_order_cases },
    { NULL, NULL, NULL, NULL }
};

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--callback-child") == 0)
        return callback_child();
    snprintf(rt_dir, sizeof rt_dir, "/tmp/ginet-resolver-XXXXXX");
    if (mkdtemp(rt_dir) == NULL) {
        fprintf(stderr, "test-resolver: mkdtemp: %s\n", strerror(errno));
        rt_dir[0] = '\0';
    } else {
        atexit(at_exit);
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        signal(SIGSEGV, on_signal);
        signal(SIGABRT, on_signal);
        start_dns();
    }
    if (rt_dns_port == 0)
        fprintf(stderr, "test-resolver: %s: the tests that need it FAIL\n", rt_dns_why);
    /* GINET_INETRC, read at the resolver's first use, names dnsmasq. */
    char path[200], text[300];
    snprintf(text, sizeof text,
             "%% the test's inetrc\n{resolv_conf,\"\"}.\n{hosts_file,\"\"}.\n"
             "{nameserver,{127,0,0,1},%d}.\n{lookup,[dns]}.\n{timeout,1500}.\n",
             rt_dns_port);
    if (rt_dir[0] != '\0' && rt_write("env.inetrc", text, path, sizeof path) == 0)
        setenv("GINET_INETRC", path, 1);
    int rc = ginet_test_main(suites, argc, argv);
    stop_dns();
    cleanup_files();
    return rc;
}
