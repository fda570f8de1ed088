/*
 * tests/unit/test_address.c — ginet's address functions beyond the
 * conformance vectors: a table of OTP 25 answers for every error class and
 * oddity, round trips, the zone-reporting parser, bounds (a buffer ending
 * at an unmapped page, lengths that stop mid-token, NUL bytes, very long
 * inputs, malformed UTF-8), ntoa's buffer handling, and the tuple helpers.
 *
 * Every expected value in the tables (test_address_data.h) and in
 * test_long_inputs was printed by OTP 25 (inet:parse_*_address/1 and
 * inet:ntoa/1), not written by hand.
 */
#include "harness.h"

#include <ginet/ginet.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__unix__) || defined(__APPLE__)
#  include <sys/mman.h>
#  include <unistd.h>
#  define HAVE_GUARD_PAGE 1
#endif

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

typedef int (*parse_fn)(const char *, size_t, ginet_ip_address *);

static const parse_fn parsers[6] = {
    ginet_parse_address,
    ginet_parse_strict_address,
    ginet_parse_ipv4_address,
    ginet_parse_ipv4strict_address,
    ginet_parse_ipv6_address,
    ginet_parse_ipv6strict_address,
};

static const char *const parser_names[6] = {
    "parse_address", "parse_strict_address", "parse_ipv4_address",
    "parse_ipv4strict_address", "parse_ipv6_address",
    "parse_ipv6strict_address",
};

/* The tuple of A as "1,2,3,4", or "e" for an error. */
static void format_result(int rc, const ginet_ip_address *a, char *buf,
                          size_t cap)
{
    int64_t e[8];
    int n, i;
    size_t used = 0;

    if (rc != 0) {
        snprintf(buf, cap, "e");
        return;
    }
    n = ginet_ip_address_to_tuple(a, e);
    buf[0] = '\0';
    for (i = 0; i < n && used < cap; i++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%lld",
                                 i ? "," : "", (long long)e[i]);
}

/* A private copy of LEN bytes, so reading past the end trips ASan. */
static char *exact_copy(const char *text, size_t len)
{
    char *p = malloc(len ? len : 1);
    if (p != NULL && len > 0)
        memcpy(p, text, len);
    return p;
}

/* ------------------------------------------------------ the OTP table */

typedef struct parse_case {
    const char *text;
    size_t len;
    const char *expect[6];      /* per parser, in the order of parsers[] */
} parse_case;

typedef struct ntoa_case {
    size_t count;
    int64_t elems[8];
    const char *text;
} ntoa_case;

#include "test_address_data.h"

static int check_case(const char *text, size_t len, const char *const expect[6])
{
    int i, bad = 0;

    for (i = 0; i < 6; i++) {
        ginet_ip_address a;
        char got[96];
        char *copy = exact_copy(text, len);
        int rc;

        CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
        rc = parsers[i](copy, len, &a);
        free(copy);
        CU_ASSERT(rc == 0 || rc == GINET_EINVAL);
        format_result(rc, &a, got, sizeof got);
        if (strcmp(got, expect[i]) != 0) {
            printf("\n  %s(%.*s) [len %zu]: expected %s, got %s",
                   parser_names[i], (int)len, text, len, expect[i], got);
            bad++;
        }
    }
    return bad;
}

static void test_otp_table(void)
{
    size_t i;
    int bad = 0;

    for (i = 0; i < COUNT(otp_cases); i++)
        bad += check_case(otp_cases[i].text, otp_cases[i].len,
                          otp_cases[i].expect);
    CU_ASSERT_EQUAL(bad, 0);
}

/* ------------------------------------------------ malformed UTF-8 bytes */

/* Byte strings that are no UTF-8 encoding of any code point list: every
 * byte that does not start a well-formed sequence is one character that is
 * never a digit, so none of these is an IPv4 field; in a zone id anything
 * goes. */
static void test_malformed_utf8(void)
{
    static const struct { const char *text; size_t len; } bad_v4[] = {
        { "\xb1.2.3.4", 7 },            /* lone continuation byte */
        { "\xc0\xb1.2.3.4", 8 },        /* overlong '1' */
        { "\xe0\x80\xb1.2.3.4", 9 },    /* overlong '1', 3 bytes */
        { "\xed\xa0\xb1.2.3.4", 9 },    /* surrogate U+D831 */
        { "\xf4\x90\x80\xb1.2.3.4", 10 }, /* above U+10FFFF */
        { "1.2.3.\xc4", 7 },            /* sequence cut by the end */
        { "1.2.3.\xc4.", 8 },           /* sequence cut by a dot */
        { "1.2.3.\xf0\x90\x80", 9 },
        { "\xff", 1 },
        { "\xfe\xff", 2 },
    };
    size_t i;
    int k;
    ginet_ip_address a;

    for (i = 0; i < COUNT(bad_v4); i++) {
        for (k = 0; k < 6; k++) {
            char *copy = exact_copy(bad_v4[i].text, bad_v4[i].len);
            CU_ASSERT_EQUAL(parsers[k](copy, bad_v4[i].len, &a), GINET_EINVAL);
            free(copy);
        }
    }
    /* well-formed neighbours do parse: U+0131 is a '1' to OTP */
    CU_ASSERT_EQUAL(ginet_parse_strict_address("\xc4\xb1.2.3.4", 8, &a), 0);
    CU_ASSERT_EQUAL(a.u.v4[0], 1);
    /* a zone id takes any bytes */
    CU_ASSERT_EQUAL(ginet_parse_address("fe80::1%\xff\xc0\x80", 11, &a), 0);
    CU_ASSERT_EQUAL(a.family, GINET_AF_INET6);
    CU_ASSERT_EQUAL(a.u.v6[0], 0xfe80);
    CU_ASSERT_EQUAL(a.u.v6[1], 0);
    CU_ASSERT_EQUAL(a.u.v6[7], 1);
    /* ... but "%0" must be followed by ASCII digits only */
    CU_ASSERT_EQUAL(ginet_parse_address("fe80::1%0\xb1", 10, &a), GINET_EINVAL);
}

/* ------------------------------------------------------- lengths, NULs */

static void test_length_stops_mid_token(void)
{
    ginet_ip_address a;
    const char *v4 = "127.0.0.1";
    const char *v6 = "fe80::1%eth0";
    const char *tail = "::ffff:1.2.3.4";

    /* "127.0" */
    CU_ASSERT_EQUAL(ginet_parse_address(v4, 5, &a), 0);
    CU_ASSERT(a.family == GINET_AF_INET && a.u.v4[0] == 127 && a.u.v4[3] == 0);
    /* "127." */
    CU_ASSERT_EQUAL(ginet_parse_address(v4, 4, &a), GINET_EINVAL);
    /* "127.0.0.1" in strict only when complete */
    CU_ASSERT_EQUAL(ginet_parse_strict_address(v4, 7, &a), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_parse_strict_address(v4, 9, &a), 0);
    /* "fe80::1" */
    CU_ASSERT_EQUAL(ginet_parse_address(v6, 7, &a), 0);
    CU_ASSERT(a.family == GINET_AF_INET6 && a.u.v6[0] == 0xfe80 && a.u.v6[7] == 1);
    /* "fe80::1%" — an empty zone is accepted */
    CU_ASSERT_EQUAL(ginet_parse_address(v6, 8, &a), 0);
    /* "fe80::" and "fe80:" */
    CU_ASSERT_EQUAL(ginet_parse_address(v6, 6, &a), 0);
    CU_ASSERT_EQUAL(ginet_parse_address(v6, 5, &a), GINET_EINVAL);
    /* "::ffff:1.2.3" — a tail needs four fields */
    CU_ASSERT_EQUAL(ginet_parse_address(tail, 12, &a), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_parse_address(tail, 14, &a), 0);
    /* a UTF-8 sequence cut in two by LEN */
    CU_ASSERT_EQUAL(ginet_parse_address("\xc4\xb1.2.3.4", 1, &a), GINET_EINVAL);
    /* LEN 0, with and without a text */
    CU_ASSERT_EQUAL(ginet_parse_address("1.2.3.4", 0, &a), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_parse_address(NULL, 0, &a), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_parse_ipv6strict_address(NULL, 0, &a), GINET_EINVAL);
}

static void test_embedded_nul(void)
{
    ginet_ip_address a;
    static const struct { const char *text; size_t len; } bad[] = {
        { "1.2.3.4\0", 8 }, { "\0" "1.2.3.4", 8 }, { "1.2\0.3.4", 8 },
        { "::1\0", 4 }, { "::\0", 3 }, { "1\0", 2 }, { "\0", 1 },
        { "::ffff:1.2.3.4\0", 15 },
    };
    size_t i;
    int k;

    for (i = 0; i < COUNT(bad); i++)
        for (k = 0; k < 6; k++)
            CU_ASSERT_EQUAL(parsers[k](bad[i].text, bad[i].len, &a), GINET_EINVAL);
    /* the text need not be NUL-terminated and stops at LEN, not at a NUL */
    CU_ASSERT_EQUAL(ginet_parse_address("1.2.3.4\0garbage", 7, &a), 0);
    /* in a zone id a NUL is just a byte */
    CU_ASSERT_EQUAL(ginet_parse_address("fe80::1%\0", 9, &a), 0);
}

/* ---------------------------------------------------------- big inputs */

#define LONG_LEN 5000

/* Run every parser on TEXT[0..LEN) placed so that its last byte is the
 * last byte before an unmapped page (or, without mmap, in an exact heap
 * copy); returns the rc of each parser in RC. */
static void parse_at_edge(const char *text, size_t len, int rc[6],
                          ginet_ip_address out[6]);

static void expect_all(const char *text, size_t len, const char *const want[6])
{
    int rc[6], k;
    ginet_ip_address out[6];

    parse_at_edge(text, len, rc, out);
    for (k = 0; k < 6; k++) {
        char got[96];
        format_result(rc[k], &out[k], got, sizeof got);
        if (strcmp(got, want[k]) != 0)
            printf("\n  %s(<%zu bytes starting %.12s>): expected %s, got %s",
                   parser_names[k], len, text, want[k], got);
        CU_ASSERT_STRING_EQUAL(got, want[k]);
    }
}

#ifdef HAVE_GUARD_PAGE
static unsigned char *guard_base;
static size_t guard_page;

static int guard_init(void)
{
    long ps = sysconf(_SC_PAGESIZE);
    size_t span;
    void *p;

    if (ps <= 0)
        return 0;
    guard_page = (size_t)ps;
    /* enough readable pages for LONG_LEN bytes, then one unmapped page */
    span = ((LONG_LEN + guard_page - 1) / guard_page + 1) * guard_page;
    p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
             -1, 0);
    if (p == MAP_FAILED)
        return 0;
    if (mprotect((unsigned char *)p + span - guard_page, guard_page,
                 PROT_NONE) != 0)
        return 0;
    guard_base = (unsigned char *)p + span - guard_page; /* first bad byte */
    return 0;
}

static void parse_at_edge(const char *text, size_t len, int rc[6],
                          ginet_ip_address out[6])
{
    int k;

    if (guard_base != NULL && len <= LONG_LEN) {
        char *at = (char *)guard_base - len;
        memcpy(at, text, len);
        for (k = 0; k < 6; k++)
            rc[k] = parsers[k](at, len, &out[k]);
        return;
    }
    for (k = 0; k < 6; k++) {
        char *copy = exact_copy(text, len);
        rc[k] = parsers[k](copy, len, &out[k]);
        free(copy);
    }
}
#else
static int guard_init(void) { return 0; }

static void parse_at_edge(const char *text, size_t len, int rc[6],
                          ginet_ip_address out[6])
{
    int k;

    for (k = 0; k < 6; k++) {
        char *copy = exact_copy(text, len);
        rc[k] = parsers[k](copy, len, &out[k]);
        free(copy);
    }
}
#endif

/* Every table case again, ending right at the unmapped page; and every
 * prefix of it, so each parser stops at every possible position. */
static void test_guard_page_table(void)
{
    size_t i, n;
    int rc[6];
    ginet_ip_address out[6];

#ifdef HAVE_GUARD_PAGE
    if (guard_base == NULL)
        GINET_SKIP("could not map a guard page");
#else
    GINET_SKIP("no mmap on this platform");
#endif
    for (i = 0; i < COUNT(otp_cases); i++) {
        int k, bad = 0;
        parse_at_edge(otp_cases[i].text, otp_cases[i].len, rc, out);
        for (k = 0; k < 6; k++) {
            char got[96];
            format_result(rc[k], &out[k], got, sizeof got);
            bad += strcmp(got, otp_cases[i].expect[k]) != 0;
        }
        CU_ASSERT_EQUAL(bad, 0);
        for (n = 0; n < otp_cases[i].len; n++) {
            parse_at_edge(otp_cases[i].text, n, rc, out);
            for (k = 0; k < 6; k++)
                CU_ASSERT(rc[k] == 0 || rc[k] == GINET_EINVAL);
        }
    }
}

/* Very long inputs (answers from OTP 25). */
static void test_long_inputs(void)
{
    static const char *const all_e[6] = { "e", "e", "e", "e", "e", "e" };
    static const char *const one[6] = {
        "0,0,0,1", "e", "0,0,0,1", "e", "0,0,0,0,0,65535,0,1", "e" };
    static const char *const zero[6] = {
        "0,0,0,0", "e", "0,0,0,0", "e", "0,0,0,0,0,65535,0,0", "e" };
    static const char *const link[6] = {
        "65152,0,0,0,0,0,0,1", "65152,0,0,0,0,0,0,1", "e", "e",
        "65152,0,0,0,0,0,0,1", "65152,0,0,0,0,0,0,1" };
    char *buf = malloc(LONG_LEN);
    size_t n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);

    /* digits */
    memset(buf, '1', LONG_LEN);
    expect_all(buf, LONG_LEN, all_e);
    /* "0x000...0001": zeros after 0x are dropped, whatever their number */
    memset(buf, '0', LONG_LEN);
    buf[1] = 'x';
    buf[LONG_LEN - 1] = '1';
    expect_all(buf, LONG_LEN, one);
    /* "000...000": octal zero */
    memset(buf, '0', LONG_LEN);
    expect_all(buf, LONG_LEN, zero);
    /* "0x000...000": nothing left after the zeros */
    buf[1] = 'x';
    expect_all(buf, LONG_LEN, all_e);
    /* dots, colons */
    memset(buf, '.', LONG_LEN);
    expect_all(buf, LONG_LEN, all_e);
    memset(buf, ':', LONG_LEN);
    expect_all(buf, LONG_LEN, all_e);
    /* "1:1:1:..." */
    for (n = 0; n < LONG_LEN; n++)
        buf[n] = (n % 2) ? ':' : '1';
    expect_all(buf, LONG_LEN - 1, all_e);
    /* "1.1.1...." */
    for (n = 0; n < LONG_LEN; n++)
        buf[n] = (n % 2) ? '.' : '1';
    expect_all(buf, LONG_LEN - 1, all_e);
    /* "fe80::1%" and a zone filling the rest */
    memset(buf, 'z', LONG_LEN);
    memcpy(buf, "fe80::1%", 8);
    expect_all(buf, LONG_LEN, link);
    /* ... the same with a zone "%0000...0001" */
    memset(buf + 8, '0', LONG_LEN - 8);
    buf[LONG_LEN - 1] = '1';
    {
        static const char *const scope1[6] = {
            "65152,1,0,0,0,0,0,1", "65152,1,0,0,0,0,0,1", "e", "e",
            "65152,1,0,0,0,0,0,1", "65152,1,0,0,0,0,0,1" };
        expect_all(buf, LONG_LEN, scope1);
    }
    /* non-ASCII: U+0131 repeated */
    for (n = 0; n + 1 < LONG_LEN; n += 2) {
        buf[n] = '\xc4';
        buf[n + 1] = '\xb1';
    }
    expect_all(buf, LONG_LEN, all_e);
    free(buf);
}

/* ------------------------------------------------------- zone variant */

static void test_zone_variant(void)
{
    ginet_ip_address a;
    const char *zone = (const char *)1;
    size_t zlen = 99;
    const char *t1 = "fe80::1%eth0";
    const char *t2 = "ff02::1%0012";

    CU_ASSERT_EQUAL(ginet_parse_address_zone(GINET_PARSE_ADDRESS, t1,
                                             strlen(t1), &a, &zone, &zlen), 0);
    CU_ASSERT_PTR_EQUAL(zone, t1 + 8);
    CU_ASSERT_EQUAL(zlen, 4);
    CU_ASSERT(a.u.v6[0] == 0xfe80 && a.u.v6[1] == 0 && a.u.v6[7] == 1);

    CU_ASSERT_EQUAL(ginet_parse_address_zone(GINET_PARSE_IPV6STRICT_ADDRESS, t2,
                                             strlen(t2), &a, &zone, &zlen), 0);
    CU_ASSERT_PTR_EQUAL(zone, t2 + 8);
    CU_ASSERT_EQUAL(zlen, 4);
    CU_ASSERT(a.u.v6[0] == 0xff02 && a.u.v6[1] == 12);

    /* an empty zone is reported as such, not as "no zone" */
    CU_ASSERT_EQUAL(ginet_parse_address_zone(GINET_PARSE_ADDRESS, "fe80::%", 7,
                                             &a, &zone, &zlen), 0);
    CU_ASSERT_PTR_NOT_NULL(zone);
    CU_ASSERT_EQUAL(zlen, 0);

    /* no zone */
    CU_ASSERT_EQUAL(ginet_parse_address_zone(GINET_PARSE_ADDRESS, "fe80::1", 7,
                                             &a, &zone, &zlen), 0);
    CU_ASSERT_PTR_NULL(zone);
    CU_ASSERT_EQUAL(zlen, 0);
    CU_ASSERT_EQUAL(ginet_parse_address_zone(GINET_PARSE_IPV6_ADDRESS, "1.2.3.4",
                                             7, &a, &zone, &zlen), 0);
    CU_ASSERT_PTR_NULL(zone);
    CU_ASSERT(a.family == GINET_AF_INET6 && a.u.v6[5] == 0xffff);

    /* failures clear the outputs */
    zone = t1;
    zlen = 5;
    CU_ASSERT_EQUAL(ginet_parse_address_zone(GINET_PARSE_ADDRESS, "::1%1", 5,
                                             &a, &zone, &zlen), GINET_EINVAL);
    CU_ASSERT_PTR_NULL(zone);
    CU_ASSERT_EQUAL(zlen, 0);

    /* the IPv4 kinds never see a zone */
    CU_ASSERT_EQUAL(ginet_parse_address_zone(GINET_PARSE_IPV4_ADDRESS, t1,
                                             strlen(t1), &a, &zone, &zlen),
                    GINET_EINVAL);

    /* optional outputs, bad arguments */
    CU_ASSERT_EQUAL(ginet_parse_address_zone(GINET_PARSE_ADDRESS, t1, strlen(t1),
                                             &a, NULL, NULL), 0);
    CU_ASSERT_EQUAL(ginet_parse_address_zone((ginet_parse_kind)6, t1,
                                             strlen(t1), &a, &zone, &zlen),
                    GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_parse_address_zone((ginet_parse_kind)-1, t1,
                                             strlen(t1), &a, &zone, &zlen),
                    GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_parse_address_zone(GINET_PARSE_ADDRESS, t1, strlen(t1),
                                             NULL, &zone, &zlen), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_parse_address(t1, strlen(t1), NULL), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_parse_address(NULL, 3, &a), GINET_EINVAL);
}

/* ---------------------------------------------------------------- ntoa */



static void test_ntoa_table(void)
{
    size_t i;

    for (i = 0; i < COUNT(ntoa_cases); i++) {
        ginet_ip_address a;
        char buf[GINET_NTOA_MAX];
        long n;

        CU_ASSERT_EQUAL_FATAL(ginet_ip_address_from_tuple(ntoa_cases[i].elems,
                                                          ntoa_cases[i].count,
                                                          &a), 0);
        n = ginet_ntoa(&a, buf, sizeof buf);
        CU_ASSERT_EQUAL(n, (long)strlen(ntoa_cases[i].text));
        CU_ASSERT_STRING_EQUAL(buf, ntoa_cases[i].text);
    }
}

static void test_ntoa_buffer(void)
{
    /* the longest text ntoa writes */
    static const int64_t longest[8] = {
        0xfe80, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff };
    const char *want = "fe80:0:ffff:ffff:ffff:ffff:ffff:ffff%065535";
    size_t wlen = strlen(want);
    ginet_ip_address a;
    char buf[GINET_NTOA_MAX + 8];
    size_t cap;

    CU_ASSERT_EQUAL_FATAL(ginet_ip_address_from_tuple(longest, 8, &a), 0);
    CU_ASSERT(wlen + 1 <= GINET_NTOA_MAX);
    for (cap = 0; cap <= wlen + 1; cap++) {
        long n;
        memset(buf, '#', sizeof buf);
        n = ginet_ntoa(&a, cap ? buf : NULL, cap);
        if (cap == wlen + 1) {
            CU_ASSERT_EQUAL(n, (long)wlen);
            CU_ASSERT_STRING_EQUAL(buf, want);
        } else {
            CU_ASSERT_EQUAL(n, GINET_ERANGE);
            if (cap > 0) {
                /* truncated, terminated, nothing written past CAP */
                CU_ASSERT_EQUAL(strlen(buf), cap - 1);
                CU_ASSERT_EQUAL(strncmp(buf, want, cap - 1), 0);
                CU_ASSERT_EQUAL(buf[cap], '#');
            }
        }
    }
    /* bad addresses and arguments */
    a.family = GINET_AF_LOCAL;
    CU_ASSERT_EQUAL(ginet_ntoa(&a, buf, sizeof buf), GINET_EINVAL);
    a.family = GINET_AF_UNSPEC;
    CU_ASSERT_EQUAL(ginet_ntoa(&a, buf, sizeof buf), GINET_EINVAL);
    a.family = (ginet_family)42;
    CU_ASSERT_EQUAL(ginet_ntoa(&a, buf, sizeof buf), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_ntoa(NULL, buf, sizeof buf), GINET_EINVAL);
    a.family = GINET_AF_INET;
    CU_ASSERT_EQUAL(ginet_ntoa(&a, NULL, 10), GINET_EINVAL);
}

/* ---------------------------------------------------------- round trips */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t rnd(void)
{
    /* xorshift64*: deterministic, so a failure can be replayed */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 2685821657736338717u) >> 32);
}

/* A random word, biased towards 0 so that zero runs of every length and
 * position occur, and towards fe80/ff02 so that the zone form occurs. */
static uint16_t random_word(void)
{
    switch (rnd() % 8) {
    case 0: case 1: case 2: return 0;
    case 3: return (uint16_t)(rnd() % 3);
    case 4: return (rnd() % 2) ? 0xfe80 : 0xff02;
    case 5: return 0xffff;
    default: return (uint16_t)rnd();
    }
}

static void round_trip(const ginet_ip_address *a, int *bad)
{
    char buf[GINET_NTOA_MAX];
    ginet_ip_address b;
    long n = ginet_ntoa(a, buf, sizeof buf);
    const char *zone;
    size_t zlen;

    if (n < 0 || (size_t)n >= sizeof buf) {
        (*bad)++;
        return;
    }
    if (ginet_parse_address(buf, (size_t)n, &b) != 0
        || !ginet_ip_address_equal(a, &b)
        || ginet_parse_strict_address(buf, (size_t)n, &b) != 0
        || !ginet_ip_address_equal(a, &b)) {
        printf("\n  round trip failed for %s", buf);
        (*bad)++;
        return;
    }
    if (a->family == GINET_AF_INET6) {
        if (ginet_parse_ipv6strict_address(buf, (size_t)n, &b) != 0
            || !ginet_ip_address_equal(a, &b)
            || ginet_parse_address_zone(GINET_PARSE_ADDRESS, buf, (size_t)n,
                                        &b, &zone, &zlen) != 0) {
            (*bad)++;
            return;
        }
        /* a zone is written exactly when word 2 of fe80/ff02 is set */
        if ((zone != NULL)
            != ((a->u.v6[0] == 0xfe80 || a->u.v6[0] == 0xff02) && a->u.v6[1] != 0))
            (*bad)++;
    } else {
        ginet_ip_address m;
        if (ginet_parse_ipv6_address(buf, (size_t)n, &b) != 0
            || ginet_ipv4_mapped_ipv6_address(a, &m) != 0
            || !ginet_ip_address_equal(&m, &b))
            (*bad)++;
    }
}

static void test_round_trip(void)
{
    int bad = 0, i, k;

    for (i = 0; i < 200000; i++) {
        ginet_ip_address a;
        memset(&a, 0, sizeof a);
        if (i % 4 == 0) {
            uint32_t v = rnd();
            a.family = GINET_AF_INET;
            memcpy(a.u.v4, &v, 4);
        } else {
            a.family = GINET_AF_INET6;
            for (k = 0; k < 8; k++)
                a.u.v6[k] = random_word();
        }
        round_trip(&a, &bad);
    }
    CU_ASSERT_EQUAL(bad, 0);
}

/* Every IPv6 address made of words 0 and 1 (all 256), which covers every
 * arrangement of zero runs "::" can pick from. */
static void test_round_trip_zero_runs(void)
{
    int bad = 0;
    unsigned mask, k;

    for (mask = 0; mask < 256; mask++) {
        ginet_ip_address a;
        a.family = GINET_AF_INET6;
        for (k = 0; k < 8; k++)
            a.u.v6[k] = (uint16_t)((mask >> k) & 1);
        round_trip(&a, &bad);
        a.u.v6[0] = 0xfe80;     /* and the zone form over each */
        round_trip(&a, &bad);
    }
    CU_ASSERT_EQUAL(bad, 0);
}

/* ------------------------------------------------------ tuple helpers */

static void test_predicates(void)
{
    static const int64_t v4ok[4] = { 0, 255, 1, 128 };
    static const int64_t v4hi[4] = { 0, 256, 1, 128 };
    static const int64_t v4neg[4] = { 0, -1, 1, 128 };
    static const int64_t v4max[4] = { INT64_MAX, 0, 0, 0 };
    static const int64_t v4min[4] = { 0, 0, 0, INT64_MIN };
    static const int64_t v6ok[8] = { 0, 65535, 1, 2, 3, 4, 5, 6 };
    static const int64_t v6hi[8] = { 0, 65536, 1, 2, 3, 4, 5, 6 };
    static const int64_t v6neg[8] = { 0, 0, 0, 0, 0, 0, 0, -1 };
    static const int64_t nine[9] = { 0 };

    CU_ASSERT_EQUAL(ginet_is_ipv4_address(v4ok, 4), 1);
    CU_ASSERT_EQUAL(ginet_is_ip_address(v4ok, 4), 1);
    CU_ASSERT_EQUAL(ginet_is_ipv6_address(v4ok, 4), 0);
    CU_ASSERT_EQUAL(ginet_is_ipv4_address(v4hi, 4), 0);
    CU_ASSERT_EQUAL(ginet_is_ipv4_address(v4neg, 4), 0);
    CU_ASSERT_EQUAL(ginet_is_ipv4_address(v4max, 4), 0);
    CU_ASSERT_EQUAL(ginet_is_ip_address(v4min, 4), 0);
    CU_ASSERT_EQUAL(ginet_is_ipv4_address(v4ok, 3), 0);
    CU_ASSERT_EQUAL(ginet_is_ipv6_address(v6ok, 8), 1);
    CU_ASSERT_EQUAL(ginet_is_ip_address(v6ok, 8), 1);
    CU_ASSERT_EQUAL(ginet_is_ipv4_address(v6ok, 8), 0);
    CU_ASSERT_EQUAL(ginet_is_ipv6_address(v6hi, 8), 0);
    CU_ASSERT_EQUAL(ginet_is_ipv6_address(v6neg, 8), 0);
    CU_ASSERT_EQUAL(ginet_is_ip_address(v6ok, 7), 0);
    CU_ASSERT_EQUAL(ginet_is_ip_address(nine, 9), 0);
    CU_ASSERT_EQUAL(ginet_is_ip_address(NULL, 0), 0);
    CU_ASSERT_EQUAL(ginet_is_ipv4_address(NULL, 0), 0);
    CU_ASSERT_EQUAL(ginet_is_ipv6_address(NULL, 0), 0);
}

static void test_tuples(void)
{
    static const int64_t v4[4] = { 192, 168, 0, 255 };
    static const int64_t v6[8] = { 0x2001, 0xdb8, 0, 0, 0, 0, 0xffff, 1 };
    static const int64_t bad[4] = { 192, 168, 0, 256 };
    ginet_ip_address a, b;
    int64_t e[8];

    CU_ASSERT_EQUAL(ginet_ip_address_from_tuple(v4, 4, &a), 0);
    CU_ASSERT_EQUAL(a.family, GINET_AF_INET);
    CU_ASSERT_EQUAL(ginet_ip_address_to_tuple(&a, e), 4);
    CU_ASSERT_EQUAL(memcmp(e, v4, sizeof v4), 0);
    CU_ASSERT_EQUAL(ginet_ip_address_from_tuple(v6, 8, &b), 0);
    CU_ASSERT_EQUAL(b.family, GINET_AF_INET6);
    CU_ASSERT_EQUAL(ginet_ip_address_to_tuple(&b, e), 8);
    CU_ASSERT_EQUAL(memcmp(e, v6, sizeof v6), 0);
    CU_ASSERT_EQUAL(ginet_ip_address_from_tuple(bad, 4, &a), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_ip_address_from_tuple(v6, 7, &a), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_ip_address_from_tuple(v4, 4, NULL), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_ip_address_from_tuple(NULL, 0, &a), GINET_EINVAL);
    a.family = GINET_AF_LOCAL;
    CU_ASSERT_EQUAL(ginet_ip_address_to_tuple(&a, e), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_ip_address_to_tuple(NULL, e), GINET_EINVAL);
}

static void test_ipv4_mapped(void)
{
    static const int64_t v4[4] = { 1, 2, 3, 4 };
    static const int64_t mapped[8] = { 0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304 };
    static const int64_t other[8] = { 0x2001, 0xdb8, 9, 9, 9, 9, 0xc0a8, 0x00ff };
    ginet_ip_address a, m;
    int64_t e[8];

    CU_ASSERT_EQUAL(ginet_ip_address_from_tuple(v4, 4, &a), 0);
    CU_ASSERT_EQUAL(ginet_ipv4_mapped_ipv6_address(&a, &m), 0);
    CU_ASSERT_EQUAL(ginet_ip_address_to_tuple(&m, e), 8);
    CU_ASSERT_EQUAL(memcmp(e, mapped, sizeof mapped), 0);
    /* back, in place */
    CU_ASSERT_EQUAL(ginet_ipv4_mapped_ipv6_address(&m, &m), 0);
    CU_ASSERT(ginet_ip_address_equal(&a, &m));
    /* any IPv6 address gives its low two words */
    CU_ASSERT_EQUAL(ginet_ip_address_from_tuple(other, 8, &a), 0);
    CU_ASSERT_EQUAL(ginet_ipv4_mapped_ipv6_address(&a, &a), 0);
    CU_ASSERT_EQUAL(ginet_ip_address_to_tuple(&a, e), 4);
    CU_ASSERT(e[0] == 192 && e[1] == 168 && e[2] == 0 && e[3] == 255);
    a.family = GINET_AF_UNSPEC;
    CU_ASSERT_EQUAL(ginet_ipv4_mapped_ipv6_address(&a, &m), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_ipv4_mapped_ipv6_address(NULL, &m), GINET_EINVAL);
}

static void test_equal(void)
{
    ginet_ip_address a, b;

    memset(&a, 0, sizeof a);
    memset(&b, 0xff, sizeof b);
    CU_ASSERT_EQUAL(ginet_parse_address("1.2.3.4", 7, &a), 0);
    CU_ASSERT_EQUAL(ginet_parse_address("0x01020304", 10, &b), 0);
    CU_ASSERT(ginet_ip_address_equal(&a, &b));  /* padding ignored */
    CU_ASSERT_EQUAL(ginet_parse_ipv6_address("1.2.3.4", 7, &b), 0);
    CU_ASSERT(!ginet_ip_address_equal(&a, &b)); /* families differ */
    CU_ASSERT_EQUAL(ginet_parse_address("::ffff:1.2.3.4", 14, &a), 0);
    CU_ASSERT(ginet_ip_address_equal(&a, &b));
    a.u.v6[0] = 1;
    CU_ASSERT(!ginet_ip_address_equal(&a, &b));
    CU_ASSERT(!ginet_ip_address_equal(&a, NULL));
    a.family = b.family = GINET_AF_LOCAL;
    CU_ASSERT(!ginet_ip_address_equal(&a, &b));
}

static void test_local_address(void)
{
    ginet_local_address l;
    unsigned char path[GINET_LOCAL_PATH_MAX + 1];

    memset(path, 'p', sizeof path);
    path[0] = '\0';             /* abstract */
    CU_ASSERT_EQUAL(ginet_local_address_set(&l, path, GINET_LOCAL_PATH_MAX), 0);
    CU_ASSERT_EQUAL(l.len, GINET_LOCAL_PATH_MAX);
    CU_ASSERT_EQUAL(memcmp(l.path, path, GINET_LOCAL_PATH_MAX), 0);
    CU_ASSERT_EQUAL(ginet_local_address_set(&l, path, GINET_LOCAL_PATH_MAX + 1),
                    GINET_ENAMETOOLONG);
    CU_ASSERT_EQUAL(ginet_local_address_set(&l, "/tmp/s", 6), 0);
    CU_ASSERT_EQUAL(l.len, 6);
    CU_ASSERT_EQUAL(ginet_local_address_set(&l, NULL, 0), 0);
    CU_ASSERT_EQUAL(l.len, 0);
    CU_ASSERT_EQUAL(ginet_local_address_set(&l, NULL, 1), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_local_address_set(NULL, "x", 1), GINET_EINVAL);
}

/* -------------------------------------------------------------- tables */

static const ginet_test_case parse_tests[] = {
    { "otp_table", test_otp_table },
    { "malformed_utf8", test_malformed_utf8 },
    { "length_stops_mid_token", test_length_stops_mid_token },
    { "embedded_nul", test_embedded_nul },
    { "guard_page_table", test_guard_page_table },
    { "long_inputs", test_long_inputs },
    { "zone_variant", test_zone_variant },
    { NULL, NULL }
};

static const ginet_test_case ntoa_tests[] = {
    { "table", test_ntoa_table },
    { "buffer", test_ntoa_buffer },
    { "round_trip", test_round_trip },
    { "round_trip_zero_runs", test_round_trip_zero_runs },
    { NULL, NULL }
};

static const ginet_test_case tuple_tests[] = {
    { "predicates", test_predicates },
    { "tuples", test_tuples },
    { "ipv4_mapped", test_ipv4_mapped },
    { "equal", test_equal },
    { "local_address", test_local_address },
    { NULL, NULL }
};

static const ginet_test_suite suites[] = {
    { "parse", guard_init, NULL, parse_tests },
    { "ntoa", NULL, NULL, ntoa_tests },
    { "tuple", NULL, NULL, tuple_tests },
    { NULL, NULL, NULL, NULL }
};

int main(int argc, char **argv)
{
    return ginet_test_main(suites, argc, argv);
}
