/*
 * bench/resolve.c — lookups per second: ginet's resolver against a local
 * dnsmasq with the cache off ({cache_size,0}: every lookup is a DNS
 * round trip on loopback) and on (the default cache), next to glibc's
 * getaddrinfo() in a loop against the same dnsmasq.  The table is in
 * docs/performance.md ("Resolver (issue 8)").
 *
 *   bench/resolve [SECONDS]      (default 2 per row)
 *
 * It starts its own dnsmasq (a one-name zone, TTL 300 s).  getaddrinfo()
 * can only ask port 53 of the servers in /etc/resolv.conf, so when root
 * it runs dnsmasq on 127.0.0.1:53 and measures getaddrinfo() in a child
 * that bind-mounts a resolv.conf naming it over /etc/resolv.conf in its
 * own mount namespace; otherwise that row reads "n/a" and dnsmasq takes a
 * free port.  getaddrinfo("localhost") (nss files) is measured always.
 */
#define _GNU_SOURCE
#include <ginet/ginet.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[64] = "/tmp/ginet-bench-resolve-XXXXXX";
static pid_t dns_pid = -1;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int udp_free(int port)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int got = -1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0
        && getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        got = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return got;
}

static void stop_dns(void)
{
    if (dns_pid > 0) {
        kill(dns_pid, SIGTERM);
        waitpid(dns_pid, NULL, 0);
        dns_pid = -1;
    }
    char p[128];
    static const char *const names[] = { "zone", "resolv.conf", "dnsmasq.log", NULL };
    for (int i = 0; names[i] != NULL; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

static int start_dns(int port)
{
    char zone[128], a_hosts[160], a_port[32], log[128];
    snprintf(zone, sizeof zone, "%s/zone", dir);
    snprintf(log, sizeof log, "%s/dnsmasq.log", dir);
    FILE *f = fopen(zone, "w");
    if (f == NULL)
        return -1;
    fputs("10.0.9.1 bench.test\n", f);
    fclose(f);
    snprintf(a_hosts, sizeof a_hosts, "--addn-hosts=%s", zone);
    snprintf(a_port, sizeof a_port, "--port=%d", port);
    dns_pid = fork();
    if (dns_pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execl("/usr/sbin/dnsmasq", "dnsmasq", "--no-daemon", "--conf-file=/dev/null",
              "--no-resolv", "--no-hosts", a_hosts, "--local=/test/", a_port,
              "--listen-address=127.0.0.1", "--bind-interfaces", "--pid-file=",
              "--local-ttl=300", "--cache-size=1000", (char *)NULL);
        _exit(127);
    }
    if (dns_pid < 0)
        return -1;
    /* Ready when ginet gets an answer. */
    char rc[200];
    snprintf(rc, sizeof rc, "{resolv_conf,\"\"}.\n{hosts_file,\"\"}.\n"
             "{nameserver,{127,0,0,1},%d}.\n{lookup,[dns]}.\n{timeout,200}.\n", port);
    ginet_inetrc_load_text(rc, strlen(rc), "bench");
    for (int i = 0; i < 50; i++) {
        ginet_hostent *h = NULL;
        if (ginet_gethostbyname("bench.test", 1000, &h) == 0) {
            ginet_hostent_free(h);
            return 0;
        }
        usleep(100000);
    }
    return -1;
}

static void setup(int port, const char *extra)
{
    char rc[300];
    ginet_inetrc_reset();
    snprintf(rc, sizeof rc, "{resolv_conf,\"\"}.\n{hosts_file,\"\"}.\n"
             "{nameserver,{127,0,0,1},%d}.\n{lookup,[dns]}.\n%s", port, extra);
    if (ginet_inetrc_load_text(rc, strlen(rc), "bench") != 0)
        fprintf(stderr, "bench: %s\n", ginet_last_error());
}

static double run_ginet(const char *name, double secs)
{
    long n = 0, bad = 0;
    double t0 = now_s(), t;
    do {
        for (int i = 0; i < 64; i++) {
            ginet_hostent *h = NULL;
            bad += ginet_gethostbyname(name, 2000, &h) != 0;
            ginet_hostent_free(h);
        }
        n += 64;
    } while ((t = now_s() - t0) < secs);
    if (bad)
        fprintf(stderr, "bench: %ld of %ld ginet lookups failed\n", bad, n);
    return (double)n / t;
}

static double run_gai(const char *name, double secs)
{
    struct addrinfo hints, *ai;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    long n = 0, bad = 0;
    double t0 = now_s(), t;
    do {
        for (int i = 0; i < 16; i++) {
            if (getaddrinfo(name, NULL, &hints, &ai) == 0)
                freeaddrinfo(ai);
            else
                bad++;
        }
        n += 16;
    } while ((t = now_s() - t0) < secs);
    if (bad)
        fprintf(stderr, "bench: %ld of %ld getaddrinfo(%s) failed\n", bad, n, name);
    return bad == n ? -1 : (double)n / t;
}

/* getaddrinfo against dnsmasq on port 53, in a mount namespace where
 * /etc/resolv.conf names it.  -1 when that cannot be arranged. */
static double run_gai_dns(double secs)
{
    int pfd[2];
    if (pipe(pfd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        double r = -1;
        char conf[128];
        snprintf(conf, sizeof conf, "%s/resolv.conf", dir);
        FILE *f = fopen(conf, "w");
        if (f != NULL) {
            fputs("nameserver 127.0.0.1\noptions attempts:1 timeout:1\n", f);
            fclose(f);
        }
        if (f != NULL && unshare(CLONE_NEWNS) == 0
            && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0
            && mount(conf, "/etc/resolv.conf", NULL, MS_BIND, NULL) == 0)
            r = run_gai("bench.test", secs);
        if (write(pfd[1], &r, sizeof r) != (ssize_t)sizeof r)
            _exit(1);
        _exit(0);
    }
    close(pfd[1]);
    double r = -1;
    if (pid < 0 || read(pfd[0], &r, sizeof r) != (ssize_t)sizeof r)
        r = -1;
    close(pfd[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return r;
}

static void row(const char *what, double v)
{
    if (v < 0)
        printf("| %-52s | %12s |\n", what, "n/a");
    else
        printf("| %-52s | %12.0f |\n", what, v);
}

int main(int argc, char **argv)
{
    double secs = argc > 1 ? atof(argv[1]) : 2.0;
    if (secs <= 0)
        secs = 2.0;
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    int port = getuid() == 0 ? udp_free(53) : -1;
    int on53 = port == 53;
    if (!on53)
        port = udp_free(0);
    if (port <= 0 || start_dns(port) != 0) {
        fprintf(stderr, "bench: dnsmasq did not start (install dnsmasq-base)\n");
        stop_dns();
        return 1;
    }
    printf("| lookup (one thread, %d s each, dnsmasq on 127.0.0.1:%d) | lookups/s |\n",
           (int)secs, port);
    printf("|------------------------------------------------------|-------------:|\n");
    setup(port, "{cache_size,0}.\n");
    row("ginet_gethostbyname, dns, cache off", run_ginet("bench.test", secs));
    setup(port, "");
    row("ginet_gethostbyname, dns, cache on", run_ginet("bench.test", secs));
    row("getaddrinfo, the same dnsmasq (glibc, no cache)",
        on53 ? run_gai_dns(secs) : -1);
    setup(port, "{hosts_file,\"/etc/hosts\"}.\n{lookup,[file]}.\n");
    row("ginet_gethostbyname(\"localhost\"), file", run_ginet("localhost", secs));
    row("getaddrinfo(\"localhost\") (nss files)", run_gai("localhost", secs));
    ginet_resolver_stats st;
    ginet_resolver_stats_get(&st);
    fprintf(stderr, "bench: %llu dns queries, %llu cache hits\n",
            (unsigned long long)st.dns_queries, (unsigned long long)st.cache_hits);
    stop_dns();
    return 0;
}
