/*
 * tests/resolver/resolver_cache.c — the cache (answers kept for their TTL,
 * dnsmasq's --local-ttl=2; cache_size in records; off with 0) and the DNS
 * client's timeout and retry against a server that never answers, with
 * the OTP 25 outcomes: gethostbyname says nxdomain, gethostbyaddr
 * timeout, whether the resolver's or the caller's time ran out.
 */
#include "resolver_test.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static ginet_resolver_stats stats(void)
{
    ginet_resolver_stats st;
    ginet_resolver_stats_get(&st);
    return st;
}

static int lookup_ok(const char *name)
{
    ginet_hostent *h = NULL;
    int rc = ginet_gethostbyname(name, 3000, &h);
    ginet_hostent_free(h);
    return rc;
}

static void t_ttl(void)
{
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", ""), 0);
    ginet_resolver_stats a = stats();
    CU_ASSERT_EQUAL(a.cache_entries, 0);
    CU_ASSERT_EQUAL(lookup_ok("ttl.test"), 0);
    ginet_resolver_stats b = stats();
    CU_ASSERT_EQUAL(b.dns_queries, a.dns_queries + 1);
    CU_ASSERT_EQUAL(b.cache_entries, 1);
    CU_ASSERT_EQUAL(lookup_ok("ttl.test"), 0);
    CU_ASSERT_EQUAL(lookup_ok("TTL.test"), 0);        /* keys ignore case */
    ginet_resolver_stats c = stats();
    CU_ASSERT_EQUAL(c.dns_queries, b.dns_queries);
    CU_ASSERT_EQUAL(c.cache_hits, b.cache_hits + 2);
    /* The CNAME chain is cached as one answer under the name asked. */
    CU_ASSERT_EQUAL(lookup_ok("alias2.test"), 0);
    CU_ASSERT_EQUAL(lookup_ok("alias2.test"), 0);
    ginet_resolver_stats d = stats();
    CU_ASSERT_EQUAL(d.dns_queries, c.dns_queries + 1);
    /* Reverse answers too. */
    ginet_hostent *h = NULL;
    CU_ASSERT_EQUAL(ginet_gethostbyaddr("10.0.1.1", 3000, &h), 0);
    ginet_hostent_free(h);
    CU_ASSERT_EQUAL(ginet_gethostbyaddr("10.0.1.1", 3000, &h), 0);
    ginet_hostent_free(h);
    CU_ASSERT_EQUAL(stats().dns_queries, d.dns_queries + 1);
    /* After the TTL (2 s) the answer is asked again. */
    usleep(2300 * 1000);
    CU_ASSERT_EQUAL(lookup_ok("ttl.test"), 0);
    CU_ASSERT_EQUAL(stats().dns_queries, d.dns_queries + 2);
    ginet_resolver_cache_clear();
    CU_ASSERT_EQUAL(stats().cache_entries, 0);
    CU_ASSERT_EQUAL(stats().cache_records, 0);
}

static void t_cache_off(void)
{
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", "{cache_size,0}.\n"), 0);
    ginet_resolver_stats a = stats();
    for (int i = 0; i < 3; i++)
        CU_ASSERT_EQUAL(lookup_ok("www.test"), 0);
    ginet_resolver_stats b = stats();
    CU_ASSERT_EQUAL(b.dns_queries, a.dns_queries + 3);
    CU_ASSERT_EQUAL(b.cache_entries, 0);
}

/* cache_size counts records (addresses and aliases), least recently used
 * answers go first. */
static void t_cache_size(void)
{
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", "{cache_size,9}.\n"), 0);
    CU_ASSERT_EQUAL(lookup_ok("many.test"), 0);       /* 8 records */
    CU_ASSERT_EQUAL(lookup_ok("www.test"), 0);        /* 1 */
    ginet_resolver_stats a = stats();
    CU_ASSERT_EQUAL(a.cache_entries, 2);
    CU_ASSERT_EQUAL(a.cache_records, 9);
    CU_ASSERT_EQUAL(lookup_ok("www.test"), 0);        /* hit: www is the newest */
    CU_ASSERT_EQUAL(lookup_ok("ttl.test"), 0);        /* 1 more: many.test goes */
    ginet_resolver_stats b = stats();
    CU_ASSERT_EQUAL(b.dns_queries, a.dns_queries + 1);
    CU_ASSERT_TRUE(b.cache_records <= 9);
    CU_ASSERT_EQUAL(b.cache_entries, 2);
    CU_ASSERT_EQUAL(lookup_ok("www.test"), 0);        /* still there */
    CU_ASSERT_EQUAL(stats().dns_queries, b.dns_queries);
    CU_ASSERT_EQUAL(lookup_ok("many.test"), 0);       /* was evicted */
    CU_ASSERT_EQUAL(stats().dns_queries, b.dns_queries + 1);
    /* An answer bigger than the whole cache is not kept. */
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", "{cache_size,4}.\n"), 0);
    CU_ASSERT_EQUAL(lookup_ok("many.test"), 0);
    CU_ASSERT_EQUAL(stats().cache_entries, 0);
}

/* ------------------------------------------------- timeout and retry */

static void t_silent(void)
{
    int port;
    int fd = rt_silent_server(&port);
    CU_ASSERT_TRUE_FATAL(fd >= 0);
    char text[300];
    snprintf(text, sizeof text, "{resolv_conf,\"\"}.\n{hosts_file,\"\"}.\n"
             "{nameserver,{127,0,0,1},%d}.\n{lookup,[dns]}.\n{timeout,300}.\n{retry,2}.\n",
             port);
    ginet_inetrc_reset();
    CU_ASSERT_EQUAL_FATAL(ginet_inetrc_load_text(text, strlen(text), NULL), 0);
    ginet_hostent *h = NULL;
    int64_t t0 = rt_now_ms();
    CU_ASSERT_EQUAL(ginet_gethostbyname("x.test", GINET_INFINITY, &h), GINET_ENXDOMAIN);
    int64_t took = rt_now_ms() - t0;
    /* Two tries (retry), 300 ms then 600 ms: OTP 25 takes ~900 ms. */
    CU_ASSERT_TRUE(took >= 500 && took < 4000);
    CU_ASSERT_EQUAL(rt_drain_count(fd), 2);
    t0 = rt_now_ms();
    CU_ASSERT_EQUAL(ginet_gethostbyaddr("10.1.1.1", GINET_INFINITY, &h), GINET_ETIMEOUT);
    took = rt_now_ms() - t0;
    CU_ASSERT_TRUE(took >= 500 && took < 4000);
    CU_ASSERT_EQUAL(rt_drain_count(fd), 2);
    /* The caller's timeout is shorter: the same answers, sooner. */
    t0 = rt_now_ms();
    CU_ASSERT_EQUAL(ginet_gethostbyname("y.test", 100, &h), GINET_ENXDOMAIN);
    CU_ASSERT_EQUAL(ginet_gethostbyaddr("10.1.1.2", 100, &h), GINET_ETIMEOUT);
    took = rt_now_ms() - t0;
    CU_ASSERT_TRUE(took >= 180 && took < 2500);
    /* Async too: the message says timeout. */
    ginet_mailbox *mb = ginet_mailbox_new();
    uint64_t ref;
    CU_ASSERT_EQUAL(ginet_gethostbyaddr_async("10.1.1.3", 100, mb, &ref), 0);
    ginet_msg *m = NULL;
    CU_ASSERT_EQUAL(ginet_receive(mb, 3000, &m), 0);
    CU_ASSERT_EQUAL(m != NULL ? m->error : 0, GINET_ETIMEOUT);
    ginet_msg_free(m);
    ginet_mailbox_free(mb);
    usleep(1000 * 1000);                     /* let the abandoned queries end */
    rt_drain_count(fd);
    close(fd);
    ginet_inetrc_reset();
}

/* A silent nameserver first, dnsmasq as alt_nameserver: the retry moves on. */
static void t_alt_nameserver(void)
{
    NEED_DNS();
    int port;
    int fd = rt_silent_server(&port);
    CU_ASSERT_TRUE_FATAL(fd >= 0);
    char text[300];
    snprintf(text, sizeof text, "{resolv_conf,\"\"}.\n{hosts_file,\"\"}.\n"
             "{nameserver,{127,0,0,1},%d}.\n{alt_nameserver,{127,0,0,1},%d}.\n"
             "{lookup,[dns]}.\n{timeout,400}.\n{retry,2}.\n", port, rt_dns_port);
    ginet_inetrc_reset();
    CU_ASSERT_EQUAL_FATAL(ginet_inetrc_load_text(text, strlen(text), NULL), 0);
    ginet_hostent *h = NULL;
    CU_ASSERT_EQUAL(ginet_gethostbyname("www.test", 5000, &h), 0);
    CU_ASSERT_TRUE(rt_has_addr(h, "10.0.1.1"));
    ginet_hostent_free(h);
    CU_ASSERT_TRUE(rt_drain_count(fd) >= 1);
    close(fd);
    ginet_inetrc_reset();
}

/* A name of the zone that times out: dnsmasq forwards it to a server
 * that never answers, and stays silent itself. */
static void t_slow_name(void)
{
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", "{timeout,300}.\n{retry,2}.\n"), 0);
    ginet_hostent *h = NULL;
    int64_t t0 = rt_now_ms();
    CU_ASSERT_EQUAL(ginet_gethostbyname("x.slow.test", GINET_INFINITY, &h), GINET_ENXDOMAIN);
    int64_t took = rt_now_ms() - t0;
    CU_ASSERT_TRUE(took >= 500 && took < 4000);
    t0 = rt_now_ms();
    CU_ASSERT_EQUAL(ginet_gethostbyaddr("10.99.0.1", GINET_INFINITY, &h), GINET_ETIMEOUT);
    took = rt_now_ms() - t0;
    CU_ASSERT_TRUE(took >= 500 && took < 4000);
    /* dnsmasq did forward them. */
    CU_ASSERT_TRUE(rt_drain_count(rt_silent_fd) >= 2);
    /* The rest of the zone still answers at once. */
    CU_ASSERT_EQUAL(ginet_gethostbyname("www.test", 3000, &h), 0);
    ginet_hostent_free(h);
}

/* Threads looking up the same names while another clears the cache:
 * every answer right (run it under TSan too). */
static _Atomic int threads_bad, threads_stop;

static void *lookup_thread(void *arg)
{
    static const char *const names[] = { "www.test", "many.test", "alias2.test", "ttl.test" };
    int k = (int)(intptr_t)arg;
    for (int i = 0; i < 150; i++) {
        ginet_hostent *h = NULL;
        const char *name = names[(i + k) % 4];
        int rc = (i + k) % 7 == 0 ? ginet_gethostbyaddr("10.0.1.1", 3000, &h)
                                  : ginet_gethostbyname(name, 3000, &h);
        if (rc != 0 || h == NULL || h->naddrs == 0)
            atomic_fetch_add(&threads_bad, 1);
        ginet_hostent_free(h);
    }
    return NULL;
}

static void *clear_thread(void *arg)
{
    (void)arg;
    while (!atomic_load(&threads_stop)) {
        ginet_resolver_cache_clear();
        usleep(2000);
    }
    return NULL;
}

static void t_threads(void)
{
    NEED_DNS();
    CU_ASSERT_EQUAL_FATAL(rt_use_dns("[dns]", "{cache_size,12}.\n"), 0);
    atomic_store(&threads_bad, 0);
    atomic_store(&threads_stop, 0);
    pthread_t t[5];
    int started = 0;
    for (int k = 0; k < 4; k++)
        started += pthread_create(&t[k], NULL, lookup_thread, (void *)(intptr_t)k) == 0;
    int clearer = pthread_create(&t[4], NULL, clear_thread, NULL) == 0;
    CU_ASSERT_EQUAL(started, 4);
    for (int k = 0; k < started; k++)
        pthread_join(t[k], NULL);
    atomic_store(&threads_stop, 1);
    if (clearer)
        pthread_join(t[4], NULL);
    CU_ASSERT_EQUAL(atomic_load(&threads_bad), 0);
    ginet_resolver_stats st;
    ginet_resolver_stats_get(&st);
    CU_ASSERT_TRUE(st.cache_records <= 12);
}

const ginet_test_case rt_cache_cases[] = {
    { "threads", t_threads },
    { "slow_name", t_slow_name },
    { "ttl", t_ttl },
    { "cache_off", t_cache_off },
    { "cache_size", t_cache_size },
    { "silent_server", t_silent },
    { "alt_nameserver", t_alt_nameserver },
    { NULL, NULL }
};
