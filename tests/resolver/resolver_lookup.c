/*
 * tests/resolver/resolver_lookup.c — every lookup function against the
 * dnsmasq zone (resolver_main.c), blocking and asynchronous:
 * gethostbyname/1,2, gethostbyaddr (text and address), getaddr,
 * getaddrs, gethostname, address text and IP tuples answered without a
 * query, the "3232235521" quirk, and OTP's error atoms.  The expected
 * hostents are what OTP 25 answers against the same dnsmasq.
 */
#include "resolver_test.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static uint64_t dns_queries(void)
{
    ginet_resolver_stats st;
    ginet_resolver_stats_get(&st);
    return st.dns_queries;
}

/* {hostent,...} as ~w text, into BUF. */
static const char *hostent_text(const ginet_hostent *h, char *buf, size_t cap)
{
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t = a != NULL && h != NULL ? ginet_hostent_term(a, h) : NULL;
    if (t == NULL || ginet_term_format(t, buf, cap) < 0)
        snprintf(buf, cap, "?");
    ginet_term_arena_free(a);
    return buf;
}

#define EXPECT_HOSTENT(h, text) do { char b_[512]; \
        CU_ASSERT_STRING_EQUAL(hostent_text((h), b_, sizeof b_), (text)); } while (0)

/* The inetrc named by GINET_INETRC was read at first use. */
static void t_env_inetrc(void)
{
    NEED_DNS();
    char why[256];
    CU_ASSERT_EQUAL(ginet_inetrc_env_status(why, sizeof why), 0);
    char *rc = ginet_get_rc_text();
    char want[300];
    snprintf(want, sizeof want, "[{nameservers,{127,0,0,1},%d},{timeout,1500},"
             "{resolv_conf,[]},{hosts_file,[]},{lookup,[dns]}]", rt_dns_port);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rc);
    CU_ASSERT_STRING_EQUAL(rc, want);
    free(rc);
    ginet_hostent *h = NULL;
    CU_ASSERT_EQUAL(ginet_gethostbyname("www.test", 3000, &h), 0);
    CU_ASSERT_TRUE(rt_has_addr(h, "10.0.1.1"));
    ginet_hostent_free(h);
}

static void t_byname(void)
{
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", ""), 0);
    ginet_hostent *h = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_gethostbyname("www.test", 3000, &h), 0);
    EXPECT_HOSTENT(h, "{hostent,[119,119,119,46,116,101,115,116],[],inet,4,[{10,0,1,1}]}");
    CU_ASSERT_STRING_EQUAL(h->name, "www.test");
    CU_ASSERT_EQUAL(h->addrtype, GINET_AF_INET);
    CU_ASSERT_EQUAL(h->length, 4);
    ginet_hostent_free(h);
    /* gethostbyname/2 inet6: the AAAA record. */
    CU_ASSERT_EQUAL_FATAL(ginet_gethostbyname2("www.test", GINET_AF_INET6, 3000, &h), 0);
    CU_ASSERT_EQUAL(h->addrtype, GINET_AF_INET6);
    CU_ASSERT_EQUAL(h->length, 16);
    CU_ASSERT_EQUAL(h->naddrs, 1);
    CU_ASSERT_TRUE(rt_has_addr(h, "fd00::1"));
    ginet_hostent_free(h);
    /* OTP keeps the case the answer has (dnsmasq echoes the question's). */
    CU_ASSERT_EQUAL_FATAL(ginet_gethostbyname("WWW.Test", 3000, &h), 0);
    CU_ASSERT_STRING_EQUAL(h->name, "WWW.Test");
    ginet_hostent_free(h);
    /* {inet6,true}: gethostbyname/1 asks for inet6. */
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", "{inet6,true}.\n"), 0);
    CU_ASSERT_EQUAL_FATAL(ginet_gethostbyname("www.test", 3000, &h), 0);
    CU_ASSERT_EQUAL(h->addrtype, GINET_AF_INET6);
    ginet_hostent_free(h);
}

/* alias2.test -> alias.test -> www.test: the name is the chain's end,
 * the aliases the chain nearest the end first (OTP 25 against dnsmasq:
 * {hostent,"www.test",["alias.test","alias2.test"],inet,4,[{10,0,1,1}]}). */
static void t_cname(void)
{
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", ""), 0);
    ginet_hostent *h = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_gethostbyname("alias2.test", 3000, &h), 0);
    CU_ASSERT_STRING_EQUAL(h->name, "www.test");
    CU_ASSERT_EQUAL_FATAL(h->naliases, 2);
    CU_ASSERT_STRING_EQUAL(h->aliases[0], "alias.test");
    CU_ASSERT_STRING_EQUAL(h->aliases[1], "alias2.test");
    CU_ASSERT_PTR_NULL(h->aliases[2]);
    CU_ASSERT_EQUAL(h->naddrs, 1);
    CU_ASSERT_TRUE(rt_has_addr(h, "10.0.1.1"));
    ginet_hostent_free(h);
}

static void t_many(void)
{
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", ""), 0);
    ginet_ip_address *v = NULL;
    size_t n = 0;
    CU_ASSERT_EQUAL_FATAL(ginet_getaddrs("many.test", GINET_AF_INET, 3000, &v, &n), 0);
    CU_ASSERT_EQUAL(n, 8);
    for (int k = 11; k <= 18; k++) {        /* dnsmasq rotates the order */
        char text[32];
        snprintf(text, sizeof text, "10.0.1.%d", k);
        ginet_ip_address ip;
        ginet_parse_address(text, strlen(text), &ip);
        int found = 0;
        for (size_t i = 0; i < n; i++)
            found |= ginet_ip_address_equal(&v[i], &ip);
        CU_ASSERT_TRUE(found);
    }
    free(v);
    ginet_ip_address ip;
    CU_ASSERT_EQUAL(ginet_getaddr("many.test", GINET_AF_INET, 3000, &ip), 0);
    CU_ASSERT_EQUAL(ip.family, GINET_AF_INET);
    CU_ASSERT_EQUAL(ginet_getaddr("www.test", GINET_AF_INET6, 3000, &ip), 0);
    CU_ASSERT_EQUAL(ip.family, GINET_AF_INET6);
    /* No AAAA for many.test: nxdomain, as OTP. */
    CU_ASSERT_EQUAL(ginet_getaddrs("many.test", GINET_AF_INET6, 3000, &v, &n), GINET_ENXDOMAIN);
    CU_ASSERT_EQUAL(n, 0);
    /* family local: einval. */
    CU_ASSERT_EQUAL(ginet_getaddr("www.test", GINET_AF_LOCAL, 3000, &ip), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_getaddrs("www.test", GINET_AF_LOCAL, 3000, &v, &n), GINET_EINVAL);
}

static void t_nxdomain(void)
{
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", ""), 0);
    ginet_hostent *h = (ginet_hostent *)1;
    CU_ASSERT_EQUAL(ginet_gethostbyname("nope.test", 3000, &h), GINET_ENXDOMAIN);
    CU_ASSERT_PTR_NULL(h);
    CU_ASSERT_EQUAL(ginet_gethostbyaddr("10.9.9.9", 3000, &h), GINET_ENXDOMAIN);
    /* Not a visible string: einval without a query. */
    uint64_t q = dns_queries();
    CU_ASSERT_EQUAL(ginet_gethostbyname("bad name", 3000, &h), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_gethostbyname("", 3000, &h), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_gethostbyname2("www.test", GINET_AF_LOCAL, 3000, &h), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_gethostbyaddr("not an address", 3000, &h), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_gethostbyaddr("www.test", 3000, &h), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_gethostbyname(NULL, 3000, &h), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_gethostbyname("www.test", 3000, NULL), GINET_EINVAL);
    CU_ASSERT_EQUAL(dns_queries(), q);
}

/* PTR records dnsmasq made from the hosts file. */
static void t_byaddr(void)
{
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", ""), 0);
    ginet_hostent *h = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_gethostbyaddr("10.0.1.1", 3000, &h), 0);
    EXPECT_HOSTENT(h, "{hostent,[119,119,119,46,116,101,115,116],[],inet,4,[{10,0,1,1}]}");
    ginet_hostent_free(h);
    CU_ASSERT_EQUAL_FATAL(ginet_gethostbyaddr("fd00::1", 3000, &h), 0);
    EXPECT_HOSTENT(h, "{hostent,[119,119,119,46,116,101,115,116],[],inet6,16,"
                      "[{64768,0,0,0,0,0,0,1}]}");
    ginet_hostent_free(h);
    ginet_ip_address ip;
    CU_ASSERT_EQUAL_FATAL(ginet_parse_address("10.0.3.1", 8, &ip), 0);
    CU_ASSERT_EQUAL_FATAL(ginet_gethostbyaddr_ip(&ip, 3000, &h), 0);
    CU_ASSERT_STRING_EQUAL(h->name, "ttl.test");
    ginet_hostent_free(h);
    /* The loopback's last resort is the host's name for an address, not
     * for text (OTP 25: gethostbyaddr({0,0,0,0,0,0,0,1}) is {ok,...},
     * gethostbyaddr("::1") is {error,nxdomain} when dns knows neither). */
    char self[256];
    CU_ASSERT_TRUE(ginet_gethostname(self, sizeof self) > 0);
    CU_ASSERT_EQUAL_FATAL(ginet_parse_address("::1", 3, &ip), 0);
    CU_ASSERT_EQUAL_FATAL(ginet_gethostbyaddr_ip(&ip, 3000, &h), 0);
    CU_ASSERT_STRING_EQUAL(h->name, self);
    CU_ASSERT_EQUAL(h->naliases, 0);
    ginet_hostent_free(h);
    CU_ASSERT_EQUAL(ginet_gethostbyaddr("::1", 3000, &h), GINET_ENXDOMAIN);
}

/* Address text and tuples: no query. */
static void t_short_circuit(void)
{
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", ""), 0);
    uint64_t q = dns_queries();
    ginet_hostent *h = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_gethostbyname("10.1", 3000, &h), 0);
    EXPECT_HOSTENT(h, "{hostent,[49,48,46,49],[],inet,4,[{10,0,0,1}]}");
    ginet_hostent_free(h);
    /* The inet_parse:ipv4_address/1 quirk: one integer is the whole address. */
    CU_ASSERT_EQUAL_FATAL(ginet_gethostbyname("3232235521", 3000, &h), 0);
    CU_ASSERT_TRUE(rt_has_addr(h, "192.168.0.1"));
    CU_ASSERT_STRING_EQUAL(h->name, "3232235521");
    ginet_hostent_free(h);
    ginet_ip_address ip;
    CU_ASSERT_EQUAL(ginet_getaddr("3232235521", GINET_AF_INET, 3000, &ip), 0);
    CU_ASSERT_EQUAL(ip.u.v4[0], 192);
    CU_ASSERT_EQUAL(ip.u.v4[3], 1);
    CU_ASSERT_EQUAL_FATAL(ginet_gethostbyname2("::1", GINET_AF_INET6, 3000, &h), 0);
    EXPECT_HOSTENT(h, "{hostent,[58,58,49],[],inet6,16,[{0,0,0,0,0,0,0,1}]}");
    ginet_hostent_free(h);
    CU_ASSERT_EQUAL(dns_queries(), q);
    /* Text of the other family is a name to the dns (OTP 25: nxdomain). */
    CU_ASSERT_EQUAL(ginet_gethostbyname("::1", 3000, &h), GINET_ENXDOMAIN);
    CU_ASSERT_EQUAL(ginet_getaddr("10.1", GINET_AF_INET6, 3000, &ip), GINET_ENXDOMAIN);
    /* An IP tuple: never a lookup. */
    ginet_ip_address v4, out;
    ginet_parse_address("10.0.0.1", 8, &v4);
    CU_ASSERT_EQUAL(ginet_getaddr_ip(&v4, GINET_AF_INET, &out), 0);
    CU_ASSERT_TRUE(ginet_ip_address_equal(&v4, &out));
    CU_ASSERT_EQUAL(ginet_getaddr_ip(&v4, GINET_AF_INET6, &out), GINET_EAFNOSUPPORT);
    CU_ASSERT_EQUAL(ginet_getaddr_ip(NULL, GINET_AF_INET, &out), GINET_EINVAL);
}

static void t_hostname(void)
{
    char name[256], sys[256];
    int n = ginet_gethostname(name, sizeof name);
    CU_ASSERT_TRUE_FATAL(n > 0);
    CU_ASSERT_EQUAL((size_t)n, strlen(name));
    CU_ASSERT_PTR_NULL(strchr(name, '.'));
    if (gethostname(sys, sizeof sys) == 0 && sys[0] != '\0')
        CU_ASSERT_EQUAL(strncmp(sys, name, (size_t)n), 0);
    char small[2];
    CU_ASSERT_EQUAL(ginet_gethostname(small, sizeof small), n >= 2 ? GINET_ERANGE : 1);
    CU_ASSERT_EQUAL(small[sizeof small - 1], '\0');
    CU_ASSERT_EQUAL(ginet_gethostname(NULL, 10), GINET_EINVAL);
    /* The host's own name is the loopback even when dns refuses it. */
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", ""), 0);
    ginet_hostent *h = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_gethostbyname(name, 3000, &h), 0);
    CU_ASSERT_TRUE(rt_has_addr(h, "127.0.0.1"));
    ginet_hostent_free(h);
}

/* "localhost" that neither the hosts file nor the server knows is the
 * loopback (RFC 6761; a machine without /etc/hosts); a hosts file that
 * knows it still decides. */
static void t_localhost_fallback(void)
{
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[file,dns]", ""), 0);
    ginet_ip_address ip;
    char text[GINET_NTOA_MAX];
    CU_ASSERT_EQUAL_FATAL(ginet_getaddr("localhost", GINET_AF_INET, 3000, &ip), 0);
    ginet_ntoa(&ip, text, sizeof text);
    CU_ASSERT_STRING_EQUAL(text, "127.0.0.1");
    CU_ASSERT_EQUAL_FATAL(ginet_getaddr("LocalHost.", GINET_AF_INET6, 3000, &ip), 0);
    ginet_ntoa(&ip, text, sizeof text);
    CU_ASSERT_STRING_EQUAL(text, "::1");
    CU_ASSERT_EQUAL(ginet_getaddr("localhost.invalid", GINET_AF_INET, 3000, &ip),
                    GINET_ENXDOMAIN);
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[file,dns]", "{host,{127,0,0,2},[\"localhost\"]}.\n"), 0);
    CU_ASSERT_EQUAL_FATAL(ginet_getaddr("localhost", GINET_AF_INET, 3000, &ip), 0);
    ginet_ntoa(&ip, text, sizeof text);
    CU_ASSERT_STRING_EQUAL(text, "127.0.0.2");
}

/* gen_tcp:connect with a name tries each address in turn (OTP's
 * try_connect): a name with two loopback addresses, a listener on the one
 * the lookup gives second; the first refuses, the second connects.  With
 * no listener the last address's error comes back; an unknown name is
 * nxdomain. */
static void t_connect_each(void)
{
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[file]", "{host,{127,0,0,3},[\"two.test\"]}.\n"
                                               "{host,{127,0,0,4},[\"two.test\"]}.\n"), 0);
    ginet_ip_address *v = NULL;
    size_t n = 0;
    CU_ASSERT_EQUAL_FATAL(ginet_getaddrs("two.test", GINET_AF_INET, 3000, &v, &n), 0);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    char second[64], opts[96];
    ginet_ntoa(&v[1], second, sizeof second);
    free(v);
    snprintf(opts, sizeof opts, "[{ip,{%s}},{reuseaddr,true}]", second);
    for (char *c = opts; *c; c++)                /* 127.0.0.x -> {127,0,0,x} */
        if (*c == '.')
            *c = ',';
    ginet_socket *l = NULL, *c = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_tcp_listen(0, opts, NULL, &l), 0);
    int port = 0;
    CU_ASSERT_EQUAL(ginet_port(l, &port), 0);
    CU_ASSERT_EQUAL(ginet_tcp_connect("two.test", port, "[binary]", 3000, NULL, &c), 0);
    if (c != NULL) {
        ginet_sockaddr peer;
        CU_ASSERT_EQUAL(ginet_peername(c, &peer), 0);
        char text[64];
        ginet_ntoa(&peer.u.ip, text, sizeof text);
        CU_ASSERT_STRING_EQUAL(text, second);
        ginet_close(c);
        ginet_socket_release(c);
    }
    ginet_close(l);
    ginet_socket_release(l);
    /* Nobody listens now: both refuse, and the last error is the answer. */
    c = NULL;
    CU_ASSERT_EQUAL(ginet_tcp_connect("two.test", port, "[binary]", 3000, NULL, &c),
                    GINET_ECONNREFUSED);
    CU_ASSERT_PTR_NULL(c);
    CU_ASSERT_EQUAL(ginet_tcp_connect("nosuch.test", port, "[binary]", 3000, NULL, &c),
                    GINET_ENXDOMAIN);
}

const ginet_test_case rt_lookup_cases[] = {
    { "env_inetrc", t_env_inetrc },
    { "connect_each_address", t_connect_each },
    { "localhost_fallback", t_localhost_fallback },
    { "gethostbyname", t_byname },
    { "cname_aliases", t_cname },
    { "many_addresses", t_many },
    { "nxdomain_einval", t_nxdomain },
    { "gethostbyaddr", t_byaddr },
    { "short_circuit", t_short_circuit },
    { "gethostname", t_hostname },
    { NULL, NULL }
};

/* ------------------------------------------------------------- async */

/* Receive the RESOLVED message for REF (others are kept for later). */
static ginet_msg *wait_ref(ginet_mailbox *mb, uint64_t ref, ginet_msg **stash, size_t *nstash)
{
    for (size_t i = 0; i < *nstash; i++) {
        if (stash[i]->ref == ref) {
            ginet_msg *m = stash[i];
            stash[i] = stash[--*nstash];
            return m;
        }
    }
    ginet_msg *m;
    while (ginet_receive(mb, 5000, &m) == 0) {
        if (m->kind == GINET_MSG_RESOLVED && m->ref == ref)
            return m;
        if (*nstash < 8)
            stash[(*nstash)++] = m;
        else
            ginet_msg_free(m);
    }
    return NULL;
}

static void t_async(void)
{
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", ""), 0);
    ginet_mailbox *mb = ginet_mailbox_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(mb);
    uint64_t r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0;
    CU_ASSERT_EQUAL(ginet_gethostbyname_async("www.test", GINET_AF_UNSPEC, 3000, mb, &r1), 0);
    CU_ASSERT_EQUAL(ginet_gethostbyname_async("many.test", GINET_AF_INET, 3000, mb, &r2), 0);
    CU_ASSERT_EQUAL(ginet_gethostbyname_async("nope.test", GINET_AF_INET, 3000, mb, &r3), 0);
    CU_ASSERT_EQUAL(ginet_gethostbyaddr_async("fd00::1", 3000, mb, &r4), 0);
    CU_ASSERT_EQUAL(ginet_gethostbyaddr_async("no address", 3000, mb, &r5), 0);
    CU_ASSERT_TRUE(r1 != r2 && r2 != r3 && r3 != r4 && r4 != r5);
    ginet_msg *stash[8];
    size_t nstash = 0;
    ginet_msg *m = wait_ref(mb, r1, stash, &nstash);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->kind, GINET_MSG_RESOLVED);
    CU_ASSERT_EQUAL(m->error, 0);
    CU_ASSERT_TRUE(rt_has_addr(m->hostent, "10.0.1.1"));
    ginet_msg_free(m);
    m = wait_ref(mb, r2, stash, &nstash);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->error, 0);
    CU_ASSERT_EQUAL(m->hostent != NULL ? m->hostent->naddrs : 0, 8);
    ginet_msg_free(m);
    m = wait_ref(mb, r3, stash, &nstash);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->error, GINET_ENXDOMAIN);
    CU_ASSERT_PTR_NULL(m->hostent);
    ginet_msg_free(m);
    m = wait_ref(mb, r4, stash, &nstash);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->error, 0);
    CU_ASSERT_STRING_EQUAL(m->hostent != NULL ? m->hostent->name : "", "www.test");
    ginet_msg_free(m);
    m = wait_ref(mb, r5, stash, &nstash);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->error, GINET_EINVAL);
    ginet_msg_free(m);
    CU_ASSERT_EQUAL(nstash, 0);
    /* Exactly once: nothing more comes. */
    CU_ASSERT_EQUAL(ginet_receive(mb, 100, &m), GINET_ETIMEOUT);
    CU_ASSERT_EQUAL(ginet_gethostbyname_async(NULL, GINET_AF_INET, 3000, mb, &r1), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_gethostbyname_async("x", GINET_AF_INET, 3000, NULL, &r1), GINET_EINVAL);
    ginet_mailbox_free(mb);
}

/* Address text is answered at once, still as a message. */
static void t_async_string(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(mb);
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", ""), 0);
    uint64_t r = 0, r2 = 0;
    CU_ASSERT_EQUAL(ginet_gethostbyname_async("3232235521", GINET_AF_INET, 3000, mb, &r), 0);
    CU_ASSERT_EQUAL(ginet_gethostbyname_async("x", GINET_AF_LOCAL, 3000, mb, &r2), 0);
    ginet_msg *m = NULL;
    CU_ASSERT_EQUAL_FATAL(ginet_receive(mb, 3000, &m), 0);
    CU_ASSERT_EQUAL(m->ref, r);
    CU_ASSERT_TRUE(rt_has_addr(m->hostent, "192.168.0.1"));
    ginet_msg_free(m);
    CU_ASSERT_EQUAL_FATAL(ginet_receive(mb, 3000, &m), 0);
    CU_ASSERT_EQUAL(m->ref, r2);
    CU_ASSERT_EQUAL(m->error, GINET_EINVAL);
    ginet_msg_free(m);
    ginet_mailbox_free(mb);
}

/* A callback owner: the answer comes on the resolver's loop thread, where
 * a blocking lookup would wait for itself (EDEADLK) but an asynchronous
 * one is fine. */
typedef struct cb_state {
    _Atomic int calls;                       /* last: publishes the rest */
    int error, nested_rc, nested_async_rc;
    char name[64];
    uint64_t ref;
    ginet_mailbox *self;
} cb_state;

static void on_resolved(ginet_msg *m, void *arg)
{
    cb_state *st = arg;
    if (m->kind != GINET_MSG_RESOLVED)
        return;
    if (m->ref != st->ref) {
        atomic_fetch_add(&st->calls, 1);     /* the nested lookup's answer */
        return;
    }
    st->error = m->error;
    if (m->hostent != NULL)
        snprintf(st->name, sizeof st->name, "%s", m->hostent->name);
    ginet_hostent *h = NULL;
    st->nested_rc = ginet_gethostbyname("many.test", 1000, &h);
    ginet_hostent_free(h);
    uint64_t r;
    st->nested_async_rc = ginet_gethostbyname_async("many.test", GINET_AF_INET, 1000,
                                                    st->self, &r);
    atomic_fetch_add(&st->calls, 1);
}

static void t_async_callback(void)
{
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", "{cache_size,0}.\n"), 0);
    cb_state st;
    memset(&st, 0, sizeof st);
    ginet_mailbox *mb = ginet_mailbox_new_callback(on_resolved, &st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(mb);
    st.self = mb;
    CU_ASSERT_EQUAL_FATAL(ginet_gethostbyaddr_async("10.0.1.1", 3000, mb, &st.ref), 0);
    for (int i = 0; i < 300 && atomic_load(&st.calls) < 2; i++)
        usleep(10000);
    CU_ASSERT_EQUAL(atomic_load(&st.calls), 2);
    CU_ASSERT_EQUAL(st.error, 0);
    CU_ASSERT_STRING_EQUAL(st.name, "www.test");
    CU_ASSERT_EQUAL(st.nested_rc, GINET_EDEADLK);
    CU_ASSERT_EQUAL(st.nested_async_rc, 0);
    ginet_mailbox_free(mb);
}

/* The same from a fresh process, where the callback runs before the
 * resolver ever did (resolver_main.c, --callback-child). */
static void t_callback_fresh(void)
{
    char cmd[600];
    char self[512];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        GINET_SKIP("no /proc/self/exe");
    self[n] = '\0';
    snprintf(cmd, sizeof cmd, "'%s' --callback-child", self);
    int st = system(cmd);
    CU_ASSERT_TRUE(WIFEXITED(st));
    CU_ASSERT_EQUAL(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);
}

const ginet_test_case rt_async_cases[] = {
    { "callback_fresh_process", t_callback_fresh },
    { "to_mailbox", t_async },
    { "address_text", t_async_string },
    { "callback_owner", t_async_callback },
    { NULL, NULL }
};
