/*
 * tests/resolver/resolver_rc.c — the inet configuration: get_rc/0 as OTP
 * 25 prints it with ~w for the same files (asked of erl with ERL_INETRC),
 * malformed inetrc files (the error names file, line and term; what came
 * before stays applied, as in OTP), the typed form; and the lookup order
 * with a hosts file and host entries ahead of or behind dnsmasq,
 * and gen_tcp:connect by name through the resolver.
 */
#include "resolver_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RESOLV_W "[47,101,116,99,47,114,101,115,111,108,118,46,99,111,110,102]"
#define HOSTS_W "[47,101,116,99,47,104,111,115,116,115]"

static void expect_rc(const char *want)
{
    char *rc = ginet_get_rc_text();
    CU_ASSERT_PTR_NOT_NULL_FATAL(rc);
    CU_ASSERT_STRING_EQUAL(rc, want);
    if (strcmp(rc, want) != 0)
        fprintf(stderr, "\n  get_rc: %s\n  wanted: %s\n", rc, want);
    free(rc);
}

static void t_defaults(void)
{
    CU_ASSERT_EQUAL(ginet_inetrc_reset(), 0);
    expect_rc("[{resolv_conf," RESOLV_W "},{hosts_file," HOSTS_W "},{lookup,[native]}]");
    ginet_rc *rc = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_rc_get(&rc), 0);
    CU_ASSERT_EQUAL(rc->timeout, 2000);
    CU_ASSERT_EQUAL(rc->retry, 3);
    CU_ASSERT_EQUAL(rc->cache_size, 100);
    CU_ASSERT_EQUAL(rc->cache_refresh, 3600000);
    CU_ASSERT_EQUAL(rc->udp_payload_size, 1280);
    CU_ASSERT_EQUAL(rc->edns, -1);
    CU_ASSERT_EQUAL(rc->nlookup, 1);
    CU_ASSERT_EQUAL(rc->lookup[0], GINET_LOOKUP_NATIVE);
    CU_ASSERT_STRING_EQUAL(rc->hosts_file, "/etc/hosts");
    ginet_rc_free(rc);
}

static const char full[] =
    "%% every parameter get_rc shows\n"
    "{resolv_conf,\"\"}.\n{hosts_file,\"\"}.\n"
    "{host,{10,0,0,5},[\"h5\",\"h5a\"]}.\n{host,{10,0,0,6},[\"h6\"]}.\n"
    "{domain,\"example.org\"}.\n"
    "{nameserver,{127,0,0,1},5353}.\n{nameserver,{10,0,0,53}}.\n"
    "{search,[\"a.org\",\"b.org\"]}.\n{alt_nameserver,{10,0,0,54}}.\n"
    "{timeout,1000}.\n{retry,5}.\n{inet6,true}.\n{usevc,true}.\n{edns,0}.\n"
    "{udp_payload_size,4096}.\n{cache_size,50}.\n{cache_refresh,10000}.\n"
    "{lookup,[file,dns,native]}.\n";

static void t_full(void)
{
    char path[200];
    CU_ASSERT_EQUAL_FATAL(rt_write("full.inetrc", full, path, sizeof path), 0);
    ginet_inetrc_reset();
    CU_ASSERT_EQUAL_FATAL(ginet_inetrc_load_file(path), 0);
    expect_rc("[{host,{10,0,0,5},[[104,53],[104,53,97]]},{host,{10,0,0,6},[[104,54]]},"
              "{domain,[101,120,97,109,112,108,101,46,111,114,103]},"
              "{nameservers,{127,0,0,1},5353},{nameservers,{10,0,0,53}},"
              "{search,[[97,46,111,114,103],[98,46,111,114,103]]},"
              "{alt_nameservers,{10,0,0,54}},{timeout,1000},{retry,5},{inet6,true},"
              "{usevc,true},{edns,0},{udp_payload_size,4096},{resolv_conf,[]},"
              "{hosts_file,[]},{cache_size,50},{cache_refresh,10000},"
              "{lookup,[file,dns,native]}]");
    ginet_rc *rc = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_rc_get(&rc), 0);
    CU_ASSERT_EQUAL(rc->nnameservers, 2);
    CU_ASSERT_EQUAL(rc->nameservers[0].port, 5353);
    CU_ASSERT_EQUAL(rc->nameservers[1].port, 53);
    CU_ASSERT_EQUAL(rc->nalt_nameservers, 1);
    CU_ASSERT_EQUAL(rc->nsearch, 2);
    CU_ASSERT_STRING_EQUAL(rc->domain, "example.org");
    CU_ASSERT_EQUAL(rc->nhosts, 2);
    CU_ASSERT_EQUAL(rc->timeout, 1000);
    CU_ASSERT_EQUAL(rc->edns, 0);
    CU_ASSERT_EQUAL(rc->nlookup, 3);
    ginet_rc_free(rc);
    /* A nameserver before {resolv_conf,""} is emptied by it (OTP 25). */
    static const char late[] = "{nameserver,{127,0,0,1},5353}.\n{resolv_conf,\"\"}.\n"
                               "{lookup,[dns]}.\n";
    ginet_inetrc_reset();
    CU_ASSERT_EQUAL(ginet_inetrc_load_text(late, strlen(late), NULL), 0);
    expect_rc("[{resolv_conf,[]},{hosts_file," HOSTS_W "},{lookup,[dns]}]");
    /* translate_lookup keeps the words it knows: [dns,bogus,"files"]. */
    static const char words[] = "{lookup,[dns,bogus,\"files\"]}.\n";
    ginet_inetrc_reset();
    CU_ASSERT_EQUAL(ginet_inetrc_load_text(words, strlen(words), NULL), 0);
    expect_rc("[{resolv_conf," RESOLV_W "},{hosts_file," HOSTS_W "},{lookup,[dns,file]}]");
    ginet_inetrc_reset();
}

/* A bad parameter on line 3: lines 1-2 stay, 3-4 do not (OTP 25 with
 * this file: [{timeout,700},{resolv_conf,..},{hosts_file,..},{lookup,[dns]}]). */
static void t_bad_param(void)
{
    char path[200];
    CU_ASSERT_EQUAL_FATAL(rt_write("bad1.inetrc", "{lookup,[dns]}.\n{timeout,700}.\n"
                                   "{retry,zero}.\n{timeout,900}.\n", path, sizeof path), 0);
    ginet_inetrc_reset();
    CU_ASSERT_EQUAL(ginet_inetrc_load_file(path), GINET_EINVAL);
    const char *e = ginet_last_error();
    CU_ASSERT_PTR_NOT_NULL(strstr(e, path));
    CU_ASSERT_PTR_NOT_NULL(strstr(e, ":3:"));
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "{retry,zero}"));
    expect_rc("[{timeout,700},{resolv_conf," RESOLV_W "},{hosts_file," HOSTS_W "},"
              "{lookup,[dns]}]");
    /* Each refused by OTP 25's inet_config too. */
    static const char *const bad[] = {
        "{host,{1,2,3,4},[]}.", "{lookup,dns}.", "{nameserver,{1,2,3}}.", "{timeout,0}.",
        "{foo,1}.", "{domain,5}.", "{udp_payload_size,100}.", "{nameserver,{1,2,3,4},70000}.",
        "{search,[\"a\",b]}.", "{inet6,yes}.", "{edns,1}.", "{hosts_file,\"relative\"}.",
        "garbage.", "{cache_size,-1}.", NULL };
    for (int i = 0; bad[i] != NULL; i++) {
        ginet_inetrc_reset();
        char text[100];
        snprintf(text, sizeof text, "{retry,4}.\n\n%s\n{retry,5}.\n", bad[i]);
        CU_ASSERT_EQUAL(ginet_inetrc_load_text(text, strlen(text), "t.inetrc"), GINET_EINVAL);
        e = ginet_last_error();
        if (strstr(e, "t.inetrc:3:") == NULL || strstr(e, "bad inetrc parameter") == NULL) {
            fprintf(stderr, "\n  %s: %s\n", bad[i], e);
            CU_FAIL("error does not name origin, line and parameter");
        }
        ginet_rc *rc = NULL;
        CU_ASSERT_EQUAL_FATAL(ginet_rc_get(&rc), 0);
        CU_ASSERT_EQUAL(rc->retry, 4);
        ginet_rc_free(rc);
    }
    ginet_inetrc_reset();
}

/* Not term syntax: nothing applied; the error names file, line, column. */
static void t_bad_syntax(void)
{
    char path[200];
    CU_ASSERT_EQUAL_FATAL(rt_write("bad2.inetrc", "{lookup,[dns]}.\n{timeout 5}.\n",
                                   path, sizeof path), 0);
    ginet_inetrc_reset();
    CU_ASSERT_EQUAL(ginet_inetrc_load_file(path), GINET_EINVAL);
    const char *e = ginet_last_error();
    char want[260];
    snprintf(want, sizeof want, "%s:2:", path);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, want));
    expect_rc("[{resolv_conf," RESOLV_W "},{hosts_file," HOSTS_W "},{lookup,[native]}]");
    CU_ASSERT_EQUAL(ginet_inetrc_load_file("/nonexistent/ginet.inetrc"), GINET_ENOENT);
    CU_ASSERT_PTR_NOT_NULL(strstr(ginet_last_error(), "/nonexistent/ginet.inetrc"));
    CU_ASSERT_EQUAL(ginet_inetrc_load_file(NULL), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_inetrc_load_text(NULL, 3, NULL), GINET_EINVAL);
}

/* Random bytes as inetrc text and as every system file the inetrc can
 * point at: errors or nothing, never a crash (run it under ASan). */
static void t_garbage(void)
{
    static const char *const formats[] = { "hosts", "resolv", "nsswitch_conf",
                                           "host_conf_linux", "host_conf_freebsd" };
    static const char alphabet[] = "{}[],.\"'% \t\n#;:abcdefhilmnorstuv0123456789:.-_\0\xff";
    uint32_t seed = 12345;
    char text[600], path[200], rc[1024];
    for (int round = 0; round < 300; round++) {
        size_t n = 0;
        size_t len = (seed = seed * 1103515245u + 12345u) % sizeof text;
        for (; n < len; n++) {
            seed = seed * 1103515245u + 12345u;
            text[n] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        ginet_inetrc_reset();
        int r = ginet_inetrc_load_text(text, n, "garbage");
        CU_ASSERT_TRUE(r == 0 || r == GINET_EINVAL);
        /* The same bytes as a file (NULs end it early: fine). */
        text[n] = '\0';
        CU_ASSERT_EQUAL_FATAL(rt_write("garbage.txt", text, path, sizeof path), 0);
        snprintf(rc, sizeof rc, "{file,%s,\"%s\"}.\n{hosts_file,\"%s\"}.\n"
                 "{resolv_conf,\"%s\"}.\n{lookup,[file]}.\n",
                 formats[round % 5], path, path, path);
        ginet_inetrc_reset();
        CU_ASSERT_EQUAL(ginet_inetrc_load_text(rc, strlen(rc), NULL), 0);
        ginet_hostent *h = NULL;
        r = ginet_gethostbyname("abc", 1000, &h);
        CU_ASSERT_TRUE(r == 0 || r == GINET_ENXDOMAIN);
        ginet_hostent_free(h);
        char *t = ginet_get_rc_text();
        CU_ASSERT_PTR_NOT_NULL(t);
        free(t);
    }
    ginet_inetrc_reset();
}

const ginet_test_case rt_rc_cases[] = {
    { "garbage", t_garbage },
    { "defaults", t_defaults },
    { "get_rc_full", t_full },
    { "bad_parameter", t_bad_param },
    { "bad_syntax", t_bad_syntax },
    { NULL, NULL }
};

/* ---------------------------------------------------------- the order */

static int addr_of(const char *name, char *buf, size_t cap)
{
    ginet_ip_address ip;
    int rc = ginet_getaddr(name, GINET_AF_INET, 3000, &ip);
    if (rc == 0 && ginet_ntoa(&ip, buf, cap) < 0)
        rc = GINET_EINVAL;
    if (rc != 0)
        snprintf(buf, cap, "%s", ginet_error_atom(rc));
    return rc;
}

#define EXPECT_ADDR(name, want) do { char b_[64]; addr_of((name), b_, sizeof b_); \
        CU_ASSERT_STRING_EQUAL(b_, (want)); } while (0)

static void t_file_dns(void)
{
    NEED_DNS();
    char hosts[200], extra[400];
    CU_ASSERT_EQUAL_FATAL(rt_write("order.hosts", "# the test's hosts file\n"
                                   "10.0.5.5 order.test\n10.0.5.6 fileonly.test fo.test\n",
                                   hosts, sizeof hosts), 0);
    snprintf(extra, sizeof extra, "{hosts_file,\"%s\"}.\n", hosts);
    /* file first: the hosts file wins, dns answers the rest. */
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[file,dns]", extra), 0);
    ginet_resolver_stats a, b;
    ginet_resolver_stats_get(&a);
    EXPECT_ADDR("order.test", "10.0.5.5");
    EXPECT_ADDR("FO.test", "10.0.5.6");
    ginet_resolver_stats_get(&b);
    CU_ASSERT_EQUAL(b.dns_queries, a.dns_queries);
    EXPECT_ADDR("www.test", "10.0.1.1");
    ginet_hostent *h = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_gethostbyaddr("10.0.5.6", 3000, &h), 0);
    CU_ASSERT_STRING_EQUAL(h->name, "fileonly.test");
    CU_ASSERT_EQUAL(h->naliases, 1);
    ginet_hostent_free(h);
    /* dns first: dnsmasq's order.test; fileonly.test only in the file. */
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns,file]", extra), 0);
    EXPECT_ADDR("order.test", "10.0.4.1");
    EXPECT_ADDR("fileonly.test", "10.0.5.6");
    /* file alone: no dns. */
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[file]", extra), 0);
    EXPECT_ADDR("www.test", "nxdomain");
    /* {host, IP, Names} entries come before the hosts file. */
    snprintf(extra, sizeof extra, "{hosts_file,\"%s\"}.\n{host,{10,0,6,6},[\"order.test\"]}.\n",
             hosts);
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[file,dns]", extra), 0);
    EXPECT_ADDR("order.test", "10.0.6.6");
    /* search and domain (OTP 25 against the same dnsmasq: "www" is
     * {hostent,"www.test",...} through either). */
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", "{search,[\"nothere.test\",\"test\"]}.\n"), 0);
    EXPECT_ADDR("www", "10.0.1.1");
    ginet_hostent *hs = NULL;
    CU_ASSERT_EQUAL(ginet_gethostbyname("www", 3000, &hs), 0);
    CU_ASSERT_STRING_EQUAL(hs != NULL ? hs->name : "", "www.test");
    ginet_hostent_free(hs);
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", "{domain,\"test\"}.\n"), 0);
    EXPECT_ADDR("www", "10.0.1.1");
    /* [] : only the string method and the host's own name. */
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[]", ""), 0);
    EXPECT_ADDR("www.test", "nxdomain");
    EXPECT_ADDR("10.2.3.4", "10.2.3.4");
    ginet_inetrc_reset();
}

/* gen_tcp:connect(Name, ...) resolves Name through this resolver. */
static void t_connect(void)
{
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[file,dns]", "{host,{127,0,0,1},[\"byfile.test\"]}.\n"),
                          0);
    ginet_socket *ls = NULL, *s = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_tcp_listen(0, "[{ip,{127,0,0,1}}]", NULL, &ls), 0);
    int port = 0;
    CU_ASSERT_EQUAL(ginet_port(ls, &port), 0);
    static const char *const names[] = { "connect.test", "byfile.test", NULL };
    for (int i = 0; names[i] != NULL; i++) {
        CU_ASSERT_EQUAL(ginet_tcp_connect(names[i], port, NULL, 3000, NULL, &s), 0);
        ginet_sockaddr peer;
        if (s != NULL) {
            CU_ASSERT_EQUAL(ginet_peername(s, &peer), 0);
            CU_ASSERT_EQUAL(peer.u.ip.u.v4[0], 127);
            ginet_close(s);
            ginet_socket_release(s);
            s = NULL;
        }
    }
    CU_ASSERT_EQUAL(ginet_tcp_connect("nope.test", port, NULL, 3000, NULL, &s), GINET_ENXDOMAIN);
    CU_ASSERT_PTR_NULL(s);
    /* {ip, Name} is not an address: OTP 25 raises badarg, ginet einval. */
    CU_ASSERT_EQUAL(ginet_tcp_connect("connect.test", port, "[{ip,\"connect.test\"}]", 3000,
                                      NULL, &s), GINET_EINVAL);
    ginet_close(ls);
    ginet_socket_release(ls);
    ginet_inetrc_reset();
}

const ginet_test_case rt_order_cases[] = {
    { "file_dns", t_file_dns },
    { "connect_by_name", t_connect },
    { NULL, NULL }
};
