/*
 * tests/unit/test_ifaddrs.c — inet:getifaddrs/0,1 (include/ginet/ifaddrs.h):
 * the text and term forms against texts a real OTP 25 printed, OTP's
 * arrangement of records (core/ifaddrs_arrange.c, compiled in, fed
 * records no OS gives on demand), and this machine's list: the order rules
 * on every interface, `ip -j addr`, and bad arguments.  The namespace,
 * thread, OTP and CLI suites are in test_ifaddrs_ns.c.
 */
#include "harness.h"
#include "test_ifaddrs.h"

#include "core/ifaddrs_internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* ---- helpers ---- */

/* CU_ASSERT_STRING_EQUAL that fails instead of crashing on NULL. */
#define STR_EQ(got, want) do {                                   \
        const char *got_ = (got);                                \
        CU_ASSERT_PTR_NOT_NULL(got_);                            \
        if (got_ != NULL)                                        \
            CU_ASSERT_STRING_EQUAL(got_, want);                  \
    } while (0)

static ginet_ip_address v4(int a, int b, int c, int d)
{
    ginet_ip_address ip = { .family = GINET_AF_INET };
    ip.u.v4[0] = (uint8_t)a; ip.u.v4[1] = (uint8_t)b;
    ip.u.v4[2] = (uint8_t)c; ip.u.v4[3] = (uint8_t)d;
    return ip;
}

static ginet_ip_address v6(const char *text)
{
    ginet_ip_address ip;
    CU_ASSERT_EQUAL_FATAL(ginet_parse_ipv6strict_address(text, strlen(text), &ip), 0);
    return ip;
}

int ifa_check_rules(const ginet_ifaddrs *list, char *why, size_t cap)
{
    for (size_t i = 0; i < list->count; i++) {
        const ginet_interface *itf = &list->ifs[i];
        const char *n = itf->name;
        if (strlen(n) != itf->name_len)
            return snprintf(why, cap, "%s: name_len %zu", n, itf->name_len), 1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(list->ifs[j].name, n) == 0)
                return snprintf(why, cap, "%s listed twice", n), 1;
        if (itf->nopts == 0 || itf->opts[0].kind != GINET_IFOPT_FLAGS)
            return snprintf(why, cap, "%s: first entry is not flags", n), 1;
        unsigned flags = 0;
        const ginet_ifopt *addr = NULL;
        for (size_t k = 0; k < itf->nopts; k++) {
            const ginet_ifopt *o = &itf->opts[k];
            ginet_ifopt_kind prev = k ? itf->opts[k - 1].kind : (ginet_ifopt_kind)0;
            ginet_ifopt_kind next = k + 1 < itf->nopts ? itf->opts[k + 1].kind
                                                       : (ginet_ifopt_kind)0;
            switch (o->kind) {
            case GINET_IFOPT_FLAGS:
                flags = o->u.flags;
                if (flags & ~GINET_IFF_ALL)
                    return snprintf(why, cap, "%s: unknown flag bits", n), 1;
                if (!(flags & GINET_IFF_UP) != !(flags & GINET_IFF_RUNNING))
                    return snprintf(why, cap, "%s: running is not up (OTP's rule)", n), 1;
                break;
            case GINET_IFOPT_ADDR:
                addr = o;
                if (next != GINET_IFOPT_NETMASK)
                    return snprintf(why, cap, "%s: addr #%zu not followed by netmask", n, k), 1;
                break;
            case GINET_IFOPT_NETMASK:
                if (prev != GINET_IFOPT_ADDR || o->u.ip.family != addr->u.ip.family)
                    return snprintf(why, cap, "%s: netmask #%zu not after its addr", n, k), 1;
                break;
            case GINET_IFOPT_BROADADDR:
            case GINET_IFOPT_DSTADDR: {
                int b = o->kind == GINET_IFOPT_BROADADDR;
                if (prev != GINET_IFOPT_NETMASK || o->u.ip.family != addr->u.ip.family)
                    return snprintf(why, cap, "%s: %s #%zu not right after addr, netmask",
                                    n, b ? "broadaddr" : "dstaddr", k), 1;
                if (!(flags & (b ? GINET_IFF_BROADCAST : GINET_IFF_POINTTOPOINT)))
                    return snprintf(why, cap, "%s: %s without the %s flag", n,
                                    b ? "broadaddr" : "dstaddr",
                                    b ? "broadcast" : "pointtopoint"), 1;
                if (next == GINET_IFOPT_BROADADDR || next == GINET_IFOPT_DSTADDR)
                    return snprintf(why, cap, "%s: broadaddr and dstaddr for one addr", n), 1;
                break;
            }
            case GINET_IFOPT_HWADDR:
                if (o->u.hwaddr.len < 2 || o->u.hwaddr.len > GINET_HWADDR_MAX)
                    return snprintf(why, cap, "%s: hwaddr of %u bytes", n, o->u.hwaddr.len), 1;
                if (next != 0 && next != GINET_IFOPT_HWADDR && next != GINET_IFOPT_FLAGS)
                    return snprintf(why, cap, "%s: an address after hwaddr #%zu", n, k), 1;
                break;
            default:
                return snprintf(why, cap, "%s: entry #%zu has kind %d", n, k, (int)o->kind), 1;
            }
        }
    }
    return 0;
}

/* ---- format: texts printed by OTP 25 for the same terms ---- */

static const ginet_ifopt opts_a[] = { { .kind = GINET_IFOPT_FLAGS, .u.flags = 0 } };
static const ginet_ifopt opts_up[] = { { .kind = GINET_IFOPT_FLAGS, .u.flags = GINET_IFF_UP } };
static const ginet_ifopt opts_hw[] = {
    { .kind = GINET_IFOPT_FLAGS, .u.flags = 0 },
    { .kind = GINET_IFOPT_HWADDR, .u.hwaddr = { 2, { 1, 2 } } },
    { .kind = GINET_IFOPT_HWADDR, .u.hwaddr = { 3, { 97, 98, 200 } } },
};
static ginet_ifopt opts_all[4];

static void build_sample(ginet_interface ifs[5], ginet_ifaddrs *l)
{
    opts_all[0] = (ginet_ifopt){ .kind = GINET_IFOPT_FLAGS, .u.flags = GINET_IFF_ALL };
    opts_all[1] = (ginet_ifopt){ .kind = GINET_IFOPT_ADDR, .u.ip = v4(10, 0, 0, 1) };
    opts_all[2] = (ginet_ifopt){ .kind = GINET_IFOPT_NETMASK, .u.ip = v4(255, 255, 255, 255) };
    opts_all[3] = (ginet_ifopt){ .kind = GINET_IFOPT_DSTADDR, .u.ip = v4(10, 0, 0, 2) };
    ifs[0] = (ginet_interface){ "a\"b\\", 4, opts_a, 1 };
    ifs[1] = (ginet_interface){ "", 0, opts_up, 1 };
    ifs[2] = (ginet_interface){ "\x80" "A", 2, opts_a, 0 };
    ifs[3] = (ginet_interface){ "\xe9th", 3, opts_hw, 3 };
    ifs[4] = (ginet_interface){ "a\tb\033", 4, opts_all, 4 };
    *l = (ginet_ifaddrs){ ifs, 5 };
}

/* io:format("~999999p~n~w~n", [T, T]) for the same T, from OTP 25 (~p
 * writes any printable list as a string: hwaddr [97,98,200] too). */
static const char otp_p[] =
    "{ok,[{\"a\\\"b\\\\\",[{flags,[]}]},{[],[{flags,[up]}]},{[128,65],[]},"
    "{\"\xe9th\",[{flags,[]},{hwaddr,[1,2]},{hwaddr,\"ab\xc8\"}]},{\"a\\tb\\e\",[{flags,[up,broadcast,"
    "loopback,pointtopoint,running,multicast]},{addr,{10,0,0,1}},"
    "{netmask,{255,255,255,255}},{dstaddr,{10,0,0,2}}]}]}";
static const char otp_w[] =
    "{ok,[{[97,34,98,92],[{flags,[]}]},{[],[{flags,[up]}]},{[128,65],[]},"
    "{[233,116,104],[{flags,[]},{hwaddr,[1,2]},{hwaddr,[97,98,200]}]},{[97,9,98,27],[{flags,[up,"
    "broadcast,loopback,pointtopoint,running,multicast]},{addr,{10,0,0,1}},"
    "{netmask,{255,255,255,255}},{dstaddr,{10,0,0,2}}]}]}";

static void test_format_styles(void)
{
    ginet_interface ifs[5];
    ginet_ifaddrs l;
    build_sample(ifs, &l);
    char *p = ginet_ifaddrs_format(0, &l, GINET_IFADDRS_STYLE_P);
    char *w = ginet_ifaddrs_format(0, &l, GINET_IFADDRS_STYLE_W);
    STR_EQ(p, otp_p);
    STR_EQ(w, otp_w);
    free(p);
    free(w);
}

static void test_format_term(void)
{
    ginet_interface ifs[5];
    ginet_ifaddrs l;
    build_sample(ifs, &l);
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_ifaddrs_to_term(a, 0, &l, &t), 0);
    char *s = ginet_term_to_string(t);
    STR_EQ(s, otp_w);
    free(s);
    CU_ASSERT_EQUAL(ginet_ifaddrs_to_term(a, GINET_ENOENT, NULL, &t), 0);
    s = ginet_term_to_string(t);
    STR_EQ(s, "{error,enoent}");
    free(s);
    CU_ASSERT_EQUAL(ginet_ifaddrs_to_term(NULL, 0, &l, &t), GINET_EINVAL);
    CU_ASSERT_PTR_NULL(t);
    CU_ASSERT_EQUAL(ginet_ifaddrs_to_term(a, 0, NULL, &t), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_ifaddrs_to_term(a, 1, &l, &t), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_ifaddrs_to_term(a, 0, &l, NULL), GINET_EINVAL);
    ginet_term_arena_free(a);
}

static void test_format_errors(void)
{
    char *s = ginet_ifaddrs_format(GINET_ENOENT, NULL, GINET_IFADDRS_STYLE_P);
    STR_EQ(s, "{error,enoent}");
    free(s);
    s = ginet_ifaddrs_format(GINET_EPERM, NULL, GINET_IFADDRS_STYLE_W);
    STR_EQ(s, "{error,eperm}");
    free(s);
    ginet_ifaddrs empty = { NULL, 0 };
    s = ginet_ifaddrs_format(0, &empty, GINET_IFADDRS_STYLE_W);
    STR_EQ(s, "{ok,[]}");
    free(s);
    CU_ASSERT_PTR_NULL(ginet_ifaddrs_format(0, NULL, GINET_IFADDRS_STYLE_W));
    CU_ASSERT_PTR_NULL(ginet_ifaddrs_format(3, &empty, GINET_IFADDRS_STYLE_W));
    CU_ASSERT_PTR_NULL(ginet_ifaddrs_format(0, &empty, (ginet_ifaddrs_style)7));
}

static void test_names(void)
{
    static const char *const atoms[] = { "up", "broadcast", "loopback",
                                         "pointtopoint", "running", "multicast" };
    for (unsigned i = 0; i < 6; i++)
        STR_EQ(ginet_ifflag_name(1u << i), atoms[i]);
    CU_ASSERT_PTR_NULL(ginet_ifflag_name(0));
    CU_ASSERT_PTR_NULL(ginet_ifflag_name(GINET_IFF_UP | GINET_IFF_RUNNING));
    CU_ASSERT_PTR_NULL(ginet_ifflag_name(0x40));
    STR_EQ(ginet_ifopt_name(GINET_IFOPT_FLAGS), "flags");
    STR_EQ(ginet_ifopt_name(GINET_IFOPT_DSTADDR), "dstaddr");
    STR_EQ(ginet_ifopt_name(GINET_IFOPT_HWADDR), "hwaddr");
    CU_ASSERT_PTR_NULL(ginet_ifopt_name((ginet_ifopt_kind)0));
    CU_ASSERT_PTR_NULL(ginet_ifopt_name((ginet_ifopt_kind)99));
    CU_ASSERT_PTR_NULL(ginet_ifaddrs_find(NULL, "lo"));
}

/* ---- arrange: records as the OS gives them, in OTP's shape ---- */

static ginet__ifrec rec(const char *name, unsigned flags)
{
    ginet__ifrec r;
    memset(&r, 0, sizeof r);
    r.name = (char *)name;
    r.flags = flags;
    return r;
}

static ginet__ifrec rec_ip(const char *name, unsigned flags, ginet_ip_address a,
                           ginet_ip_address m, int peer_kind, ginet_ip_address p)
{
    ginet__ifrec r = rec(name, flags);
    r.kind = GINET__IFREC_IP;
    r.addr = a;
    r.netmask = m;
    r.has_netmask = 1;
    r.peer_kind = (uint8_t)peer_kind;
    r.peer = p;
    return r;
}

static ginet__ifrec rec_hw(const char *name, unsigned flags, uint8_t len, uint8_t fill)
{
    ginet__ifrec r = rec(name, flags);
    r.kind = GINET__IFREC_HW;
    r.hwlen = len;
    memset(r.hw, fill, len);
    return r;
}

static char *arranged(ginet__ifrec *v, size_t n)
{
    ginet__ifrecs recs = { v, n, n };
    ginet_ifaddrs *l = ginet__ifaddrs_arrange(&recs);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    char why[200];
    int bad = ifa_check_rules(l, why, sizeof why);
    char *s = ginet_ifaddrs_format(0, l, GINET_IFADDRS_STYLE_P);
    ginet_ifaddrs_free(l);
    if (bad)
        printf("rules: %s\n  in %s\n", why, s);
    CU_ASSERT_EQUAL(bad, 0);
    return s;
}

/* glibc's shape: every link first (AF_PACKET), then IPv4, then IPv6. */
static void test_arrange_linux(void)
{
    unsigned lo = GINET_IFF_UP | GINET_IFF_LOOPBACK | GINET_IFF_RUNNING;
    unsigned eth = GINET_IFF_UP | GINET_IFF_BROADCAST | GINET_IFF_RUNNING | GINET_IFF_MULTICAST;
    ginet_ip_address z = v4(0, 0, 0, 0);
    ginet__ifrec v[] = {
        rec_hw("lo", lo, 6, 0),
        rec("tun0", GINET_IFF_UP | GINET_IFF_RUNNING | GINET_IFF_POINTTOPOINT),
        rec_hw("eth0", eth, 6, 0x02),
        rec_ip("lo", lo, v4(127, 0, 0, 1), v4(255, 0, 0, 0), 0, z),
        rec_ip("eth0", eth, v4(192, 0, 2, 2), v4(255, 255, 255, 0),
               GINET_IFOPT_BROADADDR, v4(192, 0, 2, 255)),
        rec_ip("tun0", GINET_IFF_UP | GINET_IFF_RUNNING | GINET_IFF_POINTTOPOINT,
               v4(10, 1, 1, 1), v4(255, 255, 255, 255), GINET_IFOPT_DSTADDR, v4(10, 1, 1, 2)),
        rec_ip("eth0:1", eth, v4(10, 5, 5, 5), v4(255, 255, 255, 0),
               GINET_IFOPT_BROADADDR, v4(10, 5, 5, 5)),
        rec_ip("lo", lo, v6("::1"), v6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 0, z),
        rec_ip("eth0", eth, v6("fe80::1"), v6("ffff:ffff:ffff:ffff::"), 0, z),
    };
    char *s = arranged(v, sizeof v / sizeof v[0]);
    STR_EQ(s,
        "{ok,[{\"lo\",[{flags,[up,loopback,running]},{addr,{127,0,0,1}},{netmask,{255,0,0,0}},"
        "{addr,{0,0,0,0,0,0,0,1}},{netmask,{65535,65535,65535,65535,65535,65535,65535,65535}},"
        "{hwaddr,[0,0,0,0,0,0]}]},"
        "{\"tun0\",[{flags,[up,pointtopoint,running]},{addr,{10,1,1,1}},"
        "{netmask,{255,255,255,255}},{dstaddr,{10,1,1,2}}]},"
        "{\"eth0\",[{flags,[up,broadcast,running,multicast]},{addr,{192,0,2,2}},"
        "{netmask,{255,255,255,0}},{broadaddr,{192,0,2,255}},{addr,{65152,0,0,0,0,0,0,1}},"
        "{netmask,{65535,65535,65535,65535,0,0,0,0}},{hwaddr,[2,2,2,2,2,2]}]},"
        "{\"eth0:1\",[{flags,[up,broadcast,running,multicast]},{addr,{10,5,5,5}},"
        "{netmask,{255,255,255,0}},{broadaddr,{10,5,5,5}}]}]}");
    free(s);
}

/* Flags that differ between records of one interface (a change while the
 * list was read; or another OS): prim_inet's comp_ifaddrs groups by flag
 * set, and moves the hwaddrs of every set but the first to the very end.
 * The expected text is what OTP's comp_ifaddrs gives for these records
 * (checked with a re-typed copy of it in erl). */
static void test_arrange_flag_sets(void)
{
    unsigned A = GINET_IFF_UP | GINET_IFF_RUNNING, B = GINET_IFF_BROADCAST, C = 0;
    ginet_ip_address m = v4(255, 0, 0, 0), z = v4(0, 0, 0, 0);
    ginet__ifrec v[] = {
        rec_hw("x", A, 2, 1),
        rec_ip("x", B, v4(10, 0, 0, 1), m, 0, z),
        rec("y", C),
        rec_ip("x", A, v4(10, 0, 0, 2), m, 0, z),
        rec_hw("x", C, 2, 3),
        rec_hw("x", B, 2, 2),
        rec_ip("x", C, v4(10, 0, 0, 3), m, 0, z),
    };
    char *s = arranged(v, sizeof v / sizeof v[0]);
    STR_EQ(s,
        "{ok,[{\"x\",[{flags,[up,running]},{addr,{10,0,0,2}},{netmask,{255,0,0,0}},"
        "{hwaddr,[1,1]},{flags,[broadcast]},{addr,{10,0,0,1}},{netmask,{255,0,0,0}},"
        "{flags,[]},{addr,{10,0,0,3}},{netmask,{255,0,0,0}},{hwaddr,[2,2]},{hwaddr,[3,3]}]},"
        "{\"y\",[{flags,[]}]}]}");
    free(s);
}

static void test_arrange_empty(void)
{
    char *s = arranged(NULL, 0);
    STR_EQ(s, "{ok,[]}");
    free(s);
    /* A record without a netmask (possible elsewhere) gives addr alone. */
    ginet__ifrec r = rec_ip("z", GINET_IFF_BROADCAST, v4(1, 2, 3, 4), v4(0, 0, 0, 0),
                            GINET_IFOPT_BROADADDR, v4(1, 2, 3, 255));
    r.has_netmask = 0;
    ginet__ifrecs recs = { &r, 1, 1 };
    ginet_ifaddrs *l = ginet__ifaddrs_arrange(&recs);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    s = ginet_ifaddrs_format(0, l, GINET_IFADDRS_STYLE_W);
    STR_EQ(s, "{ok,[{[122],[{flags,[broadcast]},{addr,{1,2,3,4}},"
                              "{broadaddr,{1,2,3,255}}]}]}");
    free(s);
    ginet_ifaddrs_free(l);
}

/* ---- this machine ---- */

static void test_live_rules(void)
{
    ginet_ifaddrs *l = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_getifaddrs(&l), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    char why[200] = "";
    CU_ASSERT_EQUAL(ifa_check_rules(l, why, sizeof why), 0);
    if (why[0])
        printf("rules: %s\n", why);
#ifdef __linux__
    /* Every Linux machine has lo, first, with its six zero bytes. */
    const ginet_interface *lo = ginet_ifaddrs_find(l, "lo");
    CU_ASSERT_PTR_NOT_NULL_FATAL(lo);
    CU_ASSERT_PTR_EQUAL(lo, &l->ifs[0]);
    CU_ASSERT(lo->opts[0].u.flags & GINET_IFF_LOOPBACK);
    CU_ASSERT_EQUAL(lo->opts[lo->nopts - 1].kind, GINET_IFOPT_HWADDR);
    CU_ASSERT_EQUAL(lo->opts[lo->nopts - 1].u.hwaddr.len, 6);
    if (lo->opts[0].u.flags & GINET_IFF_UP) {
        CU_ASSERT_EQUAL(lo->opts[1].kind, GINET_IFOPT_ADDR);
        CU_ASSERT(ginet_ip_address_equal(&lo->opts[1].u.ip, &(ginet_ip_address){
            .family = GINET_AF_INET, .u.v4 = { 127, 0, 0, 1 } }));
        CU_ASSERT_EQUAL(ifa_prefix_len(&lo->opts[2].u.ip), 8);
    }
#endif
    ginet_ifaddrs_free(l);
}

static void test_live_ip(void)
{
    if (!ifa_have("ip"))
        GINET_SKIP("no `ip` (iproute2) to compare with");
    char *why = NULL;
    int rc = 1;
    /* Addresses may change between the two snapshots (DAD, DHCP): retry. */
    for (int attempt = 0; attempt < 3 && rc != 0; attempt++) {
        ginet_ifaddrs *l = NULL;
        CU_ASSERT_EQUAL_FATAL(ginet_getifaddrs(&l), 0);
        free(why);
        rc = ifa_compare_ip(l, NULL, &why);
        ginet_ifaddrs_free(l);
        if (rc < 0)
            break;
    }
    if (rc != 0)
        printf("ip -j addr: %s\n", why ? why : "?");
    CU_ASSERT_EQUAL(rc, 0);
    free(why);
}

static void test_live_term_equals_text(void)
{
    ginet_ifaddrs *l = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_getifaddrs(&l), 0);
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_ifaddrs_to_term(a, 0, l, &t), 0);
    char *s1 = ginet_term_to_string(t);
    char *s2 = ginet_ifaddrs_format(0, l, GINET_IFADDRS_STYLE_W);
    CU_ASSERT_PTR_NOT_NULL(s1);
    STR_EQ(s1, s2);
    /* The text reads back as the same term. */
    ginet_term *back = NULL;
    CU_ASSERT_EQUAL(ginet_term_parse(a, s2, strlen(s2), &back, NULL), 0);
    CU_ASSERT(ginet_term_equal(back, t));
    free(s1);
    free(s2);
    ginet_term_arena_free(a);
    ginet_ifaddrs_free(l);
}

static void test_bad_args(void)
{
    ginet_ifaddrs *l = (ginet_ifaddrs *)&l;
    CU_ASSERT_EQUAL(ginet_getifaddrs(NULL), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_getifaddrs_netns(NULL, &l), GINET_EINVAL);
    CU_ASSERT_PTR_NULL(l);
    CU_ASSERT_EQUAL(ginet_getifaddrs_netns("/var/run/netns/x", NULL), GINET_EINVAL);
    ginet_ifaddrs_free(NULL);
}

/* What OTP 25 answered for these paths: {error,enoent} for a missing path
 * and for "", {error,einval} for a directory and a file that are no
 * network namespace. */
static void test_bad_netns(void)
{
    ginet_ifaddrs *l = (ginet_ifaddrs *)&l;
    CU_ASSERT_EQUAL(ginet_getifaddrs_netns("/nonexistent/ginet-ifa", &l), GINET_ENOENT);
    CU_ASSERT_PTR_NULL(l);
    CU_ASSERT_EQUAL(ginet_getifaddrs_netns("", &l), GINET_ENOENT);
    CU_ASSERT_EQUAL(ginet_getifaddrs_netns("/", &l), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_getifaddrs_netns("/proc/self/stat", &l), GINET_EINVAL);
    CU_ASSERT_PTR_NULL(l);
    char *s = ginet_ifaddrs_format(ginet_getifaddrs_netns("/nonexistent", &l), l,
                                   GINET_IFADDRS_STYLE_P);
    STR_EQ(s, "{error,enoent}");
    free(s);
}

/* The OS failing under us is an error value, never a crash or a partial
 * list: with no descriptor left, getifaddrs(3) cannot open its netlink
 * socket (and {netns, Path} cannot open the path), and both calls answer
 * emfile — OTP's {error,emfile} — with *OUT NULL. */
static void test_os_failure(void)
{
    struct rlimit old;
    int lowest = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (lowest < 0 || getrlimit(RLIMIT_NOFILE, &old) != 0) {
        if (lowest >= 0)
            close(lowest);
        GINET_SKIP("cannot read the descriptor limit here");
    }
    close(lowest);
    /* Every descriptor below LOWEST is open: a limit of LOWEST leaves none. */
    struct rlimit tight = old;
    tight.rlim_cur = (rlim_t)lowest;
    if (setrlimit(RLIMIT_NOFILE, &tight) != 0)
        GINET_SKIP("cannot lower the descriptor limit here");
    ginet_ifaddrs *a = (ginet_ifaddrs *)&a, *b = (ginet_ifaddrs *)&b;
    int rc_a = ginet_getifaddrs(&a);
    int rc_b = ginet_getifaddrs_netns("/proc/self/ns/net", &b);
    setrlimit(RLIMIT_NOFILE, &old);
    CU_ASSERT_EQUAL(rc_a, GINET_EMFILE);
    CU_ASSERT_PTR_NULL(a);
    CU_ASSERT_EQUAL(rc_b, GINET_EMFILE);
    CU_ASSERT_PTR_NULL(b);
    char *s = ginet_ifaddrs_format(rc_a, a, GINET_IFADDRS_STYLE_W);
    STR_EQ(s, "{error,emfile}");
    free(s);
    ginet_ifaddrs_free(a);
    ginet_ifaddrs_free(b);
    /* And everything works again once descriptors are back. */
    CU_ASSERT_EQUAL(ginet_getifaddrs(&a), 0);
    ginet_ifaddrs_free(a);
}

static const ginet_test_case format_cases[] = {
    {"styles_match_otp", test_format_styles},
    {"term_matches_otp", test_format_term},
    {"errors", test_format_errors},
    {"atom_names", test_names},
    {NULL, NULL}
};

static const ginet_test_case arrange_cases[] = {
    {"linux_shape", test_arrange_linux},
    {"flag_sets", test_arrange_flag_sets},
    {"empty_and_no_netmask", test_arrange_empty},
    {NULL, NULL}
};

static const ginet_test_case live_cases[] = {
    {"order_rules", test_live_rules},
    {"matches_ip_json", test_live_ip},
    {"term_equals_text", test_live_term_equals_text},
    {"bad_args", test_bad_args},
    {"bad_netns_path", test_bad_netns},
    {"os_failure_is_an_error", test_os_failure},
    {NULL, NULL}
};

static const ginet_test_suite suites[] = {
    {"ifaddrs_format", NULL, NULL, format_cases},
    {"ifaddrs_arrange", NULL, NULL, arrange_cases},
    {"ifaddrs_live", NULL, NULL, live_cases},
    {"ifaddrs_netns", NULL, ns_suite_cleanup, ns_cases},
    {"ifaddrs_otp", NULL, NULL, otp_cases},
    {NULL, NULL, NULL, NULL}
};

int main(int argc, char **argv)
{
    return ginet_test_main(suites, argc, argv);
}
