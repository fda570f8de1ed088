/*
 * tests/unit/test_ifaddrs_ns.c — getifaddrs in a network namespace the
 * test makes (ip netns add ginet-ifa-PID; lo, a veth pair with IPv4,
 * IPv4-label and IPv6 addresses, a tun with a peer), the caller's thread
 * never changing namespace, and the same answers as a real OTP 25 (`erl`,
 * when installed) and the `ginet ifaddrs` command.  Tests that need root,
 * iproute2, erl or a kernel feature skip with the reason when it is not
 * there; the namespace is always deleted.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "harness.h"
#include "test_ifaddrs.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STR_EQ(got, want) do {                                   \
        const char *got_ = (got);                                \
        CU_ASSERT_PTR_NOT_NULL(got_);                            \
        if (got_ != NULL)                                        \
            CU_ASSERT_STRING_EQUAL(got_, want);                  \
    } while (0)

int ns_suite_cleanup(void)
{
    ifa_netns_delete();
    return 0;
}

#define NEED_NS() do {                                           \
        const char *why_;                                        \
        if (!ifa_netns_ready(&why_))                             \
            GINET_SKIP("%s", why_);                              \
    } while (0)

static ginet_ifaddrs *ns_list(void)
{
    ginet_ifaddrs *l = NULL;
    int rc = ginet_getifaddrs_netns(ifa_netns_path(), &l);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc != 0)
        printf("getifaddrs_netns: %s\n", ginet_error_atom(rc));
    return l;
}

static void check_rules_and_ip(const ginet_ifaddrs *l, const char *ns)
{
    char why[200] = "";
    CU_ASSERT_EQUAL(ifa_check_rules(l, why, sizeof why), 0);
    if (why[0])
        printf("rules: %s\n", why);
    char *d = NULL;
    int rc = ifa_compare_ip(l, ns, &d);
    if (rc != 0)
        printf("ip -j -n %s addr: %s\n", ns ? ns : "-", d ? d : "?");
    CU_ASSERT_EQUAL(rc, 0);
    free(d);
}

static int ip_equal(const ginet_ifopt *o, ginet_ifopt_kind kind, const char *text)
{
    ginet_ip_address want;
    if (o->kind != kind || ginet_parse_strict_address(text, strlen(text), &want) != 0)
        return 0;
    return ginet_ip_address_equal(&o->u.ip, &want);
}

/* ---- the namespace ---- */

/* A fresh namespace has lo only; with lo up: 127.0.0.1/8, ::1/128 and
 * six zero bytes of hardware address, as OTP shows. */
static void test_lo(void)
{
    NEED_NS();
    ginet_ifaddrs *l = ns_list();
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(l->count, 1);
    const ginet_interface *lo = ginet_ifaddrs_find(l, "lo");
    CU_ASSERT_PTR_NOT_NULL_FATAL(lo);
    CU_ASSERT_EQUAL(lo->opts[0].kind, GINET_IFOPT_FLAGS);
    CU_ASSERT_EQUAL(lo->opts[0].u.flags, GINET_IFF_UP | GINET_IFF_LOOPBACK | GINET_IFF_RUNNING);
    CU_ASSERT_FATAL(lo->nopts >= 4);
    CU_ASSERT(ip_equal(&lo->opts[1], GINET_IFOPT_ADDR, "127.0.0.1"));
    CU_ASSERT(ip_equal(&lo->opts[2], GINET_IFOPT_NETMASK, "255.0.0.0"));
    if (lo->nopts == 6) {          /* IPv6 on */
        CU_ASSERT(ip_equal(&lo->opts[3], GINET_IFOPT_ADDR, "::1"));
        CU_ASSERT(ip_equal(&lo->opts[4], GINET_IFOPT_NETMASK,
                           "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
    }
    const ginet_ifopt *hw = &lo->opts[lo->nopts - 1];
    CU_ASSERT_EQUAL(hw->kind, GINET_IFOPT_HWADDR);
    CU_ASSERT_EQUAL(hw->u.hwaddr.len, 6);
    CU_ASSERT(memcmp(hw->u.hwaddr.bytes, "\0\0\0\0\0\0", 6) == 0);
    check_rules_and_ip(l, ifa_netns_name());
    ginet_ifaddrs_free(l);
}

/* va (up, its peer vb down: no carrier, yet OTP says running):
 * 10.77.1.1/24 with brd, 10.77.2.1/24 without (glibc then reports the
 * address itself as broadaddr), 10.77.3.1/24 labelled va:1 (an interface
 * of its own), 2001:db8:77::1/64; vb: flags and hwaddr only. */
static void test_veth(void)
{
    NEED_NS();
    const char *ns = ifa_netns_name();
    if (ifa_sh("ip -n %s link add gva type veth peer name gvb", ns) != 0)
        GINET_SKIP("cannot make a veth pair here (no veth support?)");
    int ok = ifa_sh("ip -n %s link set gva addrgenmode none", ns) == 0
          && ifa_sh("ip -n %s link set gvb addrgenmode none", ns) == 0
          && ifa_sh("ip -n %s addr add 10.77.1.1/24 brd + dev gva", ns) == 0
          && ifa_sh("ip -n %s addr add 10.77.2.1/24 dev gva", ns) == 0
          && ifa_sh("ip -n %s addr add 10.77.3.1/24 brd + dev gva label gva:1", ns) == 0
          && ifa_sh("ip -n %s link set gva up", ns) == 0;
    CU_ASSERT_FATAL(ok);
    int v6 = ifa_sh("ip -n %s addr add 2001:db8:77::1/64 nodad dev gva", ns) == 0;

    ginet_ifaddrs *l = ns_list();
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    check_rules_and_ip(l, ns);
    const ginet_interface *va = ginet_ifaddrs_find(l, "gva");
    const ginet_interface *vb = ginet_ifaddrs_find(l, "gvb");
    const ginet_interface *label = ginet_ifaddrs_find(l, "gva:1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(va);
    CU_ASSERT_PTR_NOT_NULL_FATAL(vb);
    CU_ASSERT_PTR_NOT_NULL_FATAL(label);
    /* IPv4 labels appear with the addresses, after every link. */
    CU_ASSERT_PTR_EQUAL(label, &l->ifs[l->count - 1]);

    unsigned up = GINET_IFF_UP | GINET_IFF_BROADCAST | GINET_IFF_RUNNING | GINET_IFF_MULTICAST;
    CU_ASSERT_EQUAL_FATAL(va->nopts, (size_t)(v6 ? 10 : 8));
    CU_ASSERT_EQUAL(va->opts[0].u.flags, up);
    CU_ASSERT(ip_equal(&va->opts[1], GINET_IFOPT_ADDR, "10.77.1.1"));
    CU_ASSERT(ip_equal(&va->opts[2], GINET_IFOPT_NETMASK, "255.255.255.0"));
    CU_ASSERT(ip_equal(&va->opts[3], GINET_IFOPT_BROADADDR, "10.77.1.255"));
    CU_ASSERT(ip_equal(&va->opts[4], GINET_IFOPT_ADDR, "10.77.2.1"));
    CU_ASSERT(ip_equal(&va->opts[5], GINET_IFOPT_NETMASK, "255.255.255.0"));
    CU_ASSERT(ip_equal(&va->opts[6], GINET_IFOPT_BROADADDR, "10.77.2.1"));
    if (v6) {
        CU_ASSERT(ip_equal(&va->opts[7], GINET_IFOPT_ADDR, "2001:db8:77::1"));
        CU_ASSERT(ip_equal(&va->opts[8], GINET_IFOPT_NETMASK, "ffff:ffff:ffff:ffff::"));
    }
    CU_ASSERT_EQUAL(va->opts[va->nopts - 1].kind, GINET_IFOPT_HWADDR);
    CU_ASSERT_EQUAL(va->opts[va->nopts - 1].u.hwaddr.len, 6);

    CU_ASSERT_EQUAL_FATAL(label->nopts, 4);
    CU_ASSERT_EQUAL(label->opts[0].u.flags, up);
    CU_ASSERT(ip_equal(&label->opts[1], GINET_IFOPT_ADDR, "10.77.3.1"));
    CU_ASSERT(ip_equal(&label->opts[3], GINET_IFOPT_BROADADDR, "10.77.3.255"));

    CU_ASSERT_EQUAL_FATAL(vb->nopts, 2);
    CU_ASSERT_EQUAL(vb->opts[0].u.flags, GINET_IFF_BROADCAST | GINET_IFF_MULTICAST);
    CU_ASSERT_EQUAL(vb->opts[1].kind, GINET_IFOPT_HWADDR);
    ginet_ifaddrs_free(l);
}

/* A point-to-point link: dstaddr after the netmask, no hwaddr at all. */
static void test_tun(void)
{
    NEED_NS();
    const char *ns = ifa_netns_name();
    if (ifa_sh("ip -n %s tuntap add mode tun name gtun0", ns) != 0)
        GINET_SKIP("cannot make a tun device here (no /dev/net/tun?)");
    int ok = ifa_sh("ip -n %s addr add 10.77.9.1 peer 10.77.9.2 dev gtun0", ns) == 0
          && ifa_sh("ip -n %s link set gtun0 up", ns) == 0;
    ginet_ifaddrs *l = ok ? ns_list() : NULL;
    CU_ASSERT(ok);
    if (l != NULL) {
        check_rules_and_ip(l, ns);
        const ginet_interface *t = ginet_ifaddrs_find(l, "gtun0");
        CU_ASSERT_PTR_NOT_NULL(t);
        if (t != NULL && t->nopts == 4) {
            CU_ASSERT(t->opts[0].u.flags & GINET_IFF_POINTTOPOINT);
            CU_ASSERT(t->opts[0].u.flags & GINET_IFF_RUNNING);
            CU_ASSERT(ip_equal(&t->opts[1], GINET_IFOPT_ADDR, "10.77.9.1"));
            CU_ASSERT(ip_equal(&t->opts[2], GINET_IFOPT_NETMASK, "255.255.255.255"));
            CU_ASSERT(ip_equal(&t->opts[3], GINET_IFOPT_DSTADDR, "10.77.9.2"));
        } else {
            CU_FAIL("gtun0 should have flags, addr, netmask, dstaddr");
        }
    }
    ginet_ifaddrs_free(l);
    /* A persistent tun would outlive the namespace: remove it. */
    ifa_sh("ip -n %s tuntap del mode tun name gtun0", ns);
}

/* ---- the caller's thread stays where it is ---- */

static int ns_link(char *buf, size_t cap)
{
    ssize_t n = readlink("/proc/thread-self/ns/net", buf, cap - 1);
    if (n < 0)
        return -1;
    buf[n] = '\0';
    return 0;
}

typedef struct hammer {
    size_t main_count, ns_count;
    int bad;
    char before[64], after[64];
} hammer;

static void *hammer_run(void *p)
{
    hammer *h = p;
    if (ns_link(h->before, sizeof h->before) != 0)
        h->bad++;
    for (int i = 0; i < 20; i++) {
        ginet_ifaddrs *a = NULL, *b = NULL;
        if (ginet_getifaddrs_netns(ifa_netns_path(), &a) != 0 || a->count != h->ns_count)
            h->bad++;
        if (ginet_getifaddrs(&b) != 0 || b->count != h->main_count)
            h->bad++;
        ginet_ifaddrs_free(a);
        ginet_ifaddrs_free(b);
    }
    if (ns_link(h->after, sizeof h->after) != 0)
        h->bad++;
    return NULL;
}

static void test_caller_thread_stays(void)
{
    NEED_NS();
    char before[64], after[64];
    if (ns_link(before, sizeof before) != 0)
        GINET_SKIP("no /proc/thread-self/ns/net to read the thread's namespace");
    ginet_ifaddrs *m = NULL, *n = ns_list();
    CU_ASSERT_EQUAL_FATAL(ginet_getifaddrs(&m), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    CU_ASSERT_EQUAL_FATAL(ns_link(after, sizeof after), 0);
    STR_EQ(after, before);

    hammer h[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        memset(&h[i], 0, sizeof h[i]);
        h[i].main_count = m->count;
        h[i].ns_count = n->count;
        CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, hammer_run, &h[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CU_ASSERT_EQUAL(h[i].bad, 0);
        STR_EQ(h[i].after, h[i].before);
        STR_EQ(h[i].before, before);
    }
    ginet_ifaddrs_free(m);
    ginet_ifaddrs_free(n);
}

/* ---- a real OTP 25 and the CLI ---- */

/* erl's answer for inet:getifaddrs(ARG) as "~999999p\n~w\n" text. */
static char *erl_answer(const char *arg)
{
    int st = 0;
    char *out = ifa_capture(&st,
        "erl -noshell -eval 'R = inet:getifaddrs(%s), "
        "io:format(\"~999999p~n~w~n\", [R, R]), halt().' 2>/dev/null", arg);
    if (out != NULL && st != 0) {
        free(out);
        out = NULL;
    }
    return out;
}

/* ginet's answer in the same shape. */
static char *ginet_answer(const char *netns)
{
    ginet_ifaddrs *l = NULL;
    int rc = netns ? ginet_getifaddrs_netns(netns, &l) : ginet_getifaddrs(&l);
    char *p = ginet_ifaddrs_format(rc, l, GINET_IFADDRS_STYLE_P);
    char *w = ginet_ifaddrs_format(rc, l, GINET_IFADDRS_STYLE_W);
    char *both = NULL;
    if (p && w && asprintf(&both, "%s\n%s\n", p, w) < 0)
        both = NULL;
    free(p);
    free(w);
    ginet_ifaddrs_free(l);
    return both;
}

static void compare_with_erl(const char *netns)
{
    char arg[256] = "";
    if (netns != NULL)
        snprintf(arg, sizeof arg, "[{netns,\"%s\"}]", netns);
    int same = 0;
    char *e = NULL, *g = NULL;
    /* Retry: an address may change between the two reads. */
    for (int attempt = 0; attempt < 3 && !same; attempt++) {
        free(e);
        free(g);
        e = erl_answer(arg);
        g = ginet_answer(netns);
        CU_ASSERT_PTR_NOT_NULL_FATAL(e);
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        same = strcmp(e, g) == 0;
    }
    if (!same)
        printf("OTP:\n%sginet:\n%s", e, g);
    CU_ASSERT(same);
    free(e);
    free(g);
}

static void test_otp_here(void)
{
    if (!ifa_have("erl"))
        GINET_SKIP("no `erl` (OTP) on the PATH to compare with");
    compare_with_erl(NULL);
}

static void test_otp_netns(void)
{
    if (!ifa_have("erl"))
        GINET_SKIP("no `erl` (OTP) on the PATH to compare with");
    NEED_NS();
    compare_with_erl(ifa_netns_path());
}

static void test_otp_bad_netns(void)
{
    if (!ifa_have("erl"))
        GINET_SKIP("no `erl` (OTP) on the PATH to compare with");
    static const char *const paths[] = { "/nonexistent/ginet-ifa", "", "/", "/proc/self/stat" };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        compare_with_erl(paths[i]);
}

static char *ginet_cli(int *status, const char *args)
{
    const char *top = getenv("top_builddir");
    char path[4096];
    snprintf(path, sizeof path, "%s/tools/ginet", top ? top : ".");
    if (access(path, X_OK) != 0)
        return NULL;
    return ifa_capture(status, "'%s' ifaddrs %s 2>/dev/null", path, args);
}

static void test_cli(void)
{
    int st = -1;
    char *out = ginet_cli(&st, "");
    if (out == NULL)
        GINET_SKIP("tools/ginet not built (set top_builddir)");
    ginet_ifaddrs *l = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_getifaddrs(&l), 0);
    char *p = ginet_ifaddrs_format(0, l, GINET_IFADDRS_STYLE_P);
    char *w = ginet_ifaddrs_format(0, l, GINET_IFADDRS_STYLE_W);
    char *want = NULL;
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT(asprintf(&want, "%s\n", p) > 0);
    STR_EQ(out, want);
    free(out);
    free(want);

    out = ginet_cli(&st, "--w");
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT(asprintf(&want, "%s\n", w) > 0);
    STR_EQ(out, want);
    free(out);
    free(want);

    out = ginet_cli(&st, "--json");
    CU_ASSERT_EQUAL(st, 0);
    char *why = NULL;
    CU_ASSERT_EQUAL(out ? ifa_check_json(out, l, &why) : 1, 0);
    if (why)
        printf("--json: %s\n", why);
    free(why);
    free(out);

    out = ginet_cli(&st, "--netns /nonexistent/ginet-ifa");
    CU_ASSERT_EQUAL(st, 1);
    STR_EQ(out, "{error,enoent}\n");
    free(out);
    out = ginet_cli(&st, "--netns / --json");
    CU_ASSERT_EQUAL(st, 1);
    STR_EQ(out, "{\"error\":\"einval\",\"text\":\"invalid argument\"}\n");
    free(out);
    out = ginet_cli(&st, "--bogus");
    CU_ASSERT_EQUAL(st, 2);
    free(out);
    out = ginet_cli(&st, "--netns");
    CU_ASSERT_EQUAL(st, 2);
    free(out);

    free(p);
    free(w);
    ginet_ifaddrs_free(l);
}

static void test_cli_netns(void)
{
    NEED_NS();
    int st = -1;
    char args[256];
    snprintf(args, sizeof args, "--netns '%s'", ifa_netns_path());
    char *out = ginet_cli(&st, args);
    if (out == NULL)
        GINET_SKIP("tools/ginet not built (set top_builddir)");
    char *want = ginet_answer(ifa_netns_path());   /* "P\nW\n" */
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    *(strchr(want, '\n') + 1) = '\0';
    STR_EQ(out, want);
    free(out);
    free(want);
}

const ginet_test_case ns_cases[] = {
    {"lo", test_lo},
    {"veth", test_veth},
    {"tun", test_tun},
    {"otp_netns", test_otp_netns},
    {"cli_netns", test_cli_netns},
    {"caller_thread_stays", test_caller_thread_stays},
    {NULL, NULL}
};

const ginet_test_case otp_cases[] = {
    {"here", test_otp_here},
    {"bad_netns", test_otp_bad_netns},
    {"cli", test_cli},
    {NULL, NULL}
};
