/*
 * fuzz/fuzz_address.c — libFuzzer target for the address functions
 * (core/address_parse.c, address_format.c, address.c).
 *
 * Text mode: the text goes through all six parsers, plain and with the
 * zone.  Checked: the two forms agree; the parsers relate as OTP defines
 * them (parse_address = IPv4 relaxed, else IPv6 strict; strict_address =
 * IPv4 strict, else IPv6 strict; ipv6_address = IPv4 relaxed mapped to
 * IPv6, else IPv6 strict); a zone lies at the end of the text after a
 * '%'; and every address found prints with ntoa to text that the strict
 * parser reads back to the same address.
 *
 * Tuple mode: an integer tuple goes through the predicates, the tuple
 * conversions, ntoa (and back) and ipv4_mapped_ipv6_address, each checked
 * against OTP's definition.
 */
#include "fuzz_check.h"

#include <ginet/ginet.h>

#include <stdint.h>
#include <stdlib.h>

typedef int (*parse_fn)(const char *, size_t, ginet_ip_address *);

static const parse_fn parsers[6] = {
    ginet_parse_address, ginet_parse_strict_address,
    ginet_parse_ipv4_address, ginet_parse_ipv4strict_address,
    ginet_parse_ipv6_address, ginet_parse_ipv6strict_address,
};

static int same(int rc1, const ginet_ip_address *a, int rc2,
                const ginet_ip_address *b)
{
    if (rc1 != rc2)
        return 0;
    return rc1 != 0 || ginet_ip_address_equal(a, b);
}

/* ntoa, then the strict parser of the family, must give A back. */
static void check_ntoa(const ginet_ip_address *a)
{
    char buf[GINET_NTOA_MAX];
    long len = ginet_ntoa(a, buf, sizeof buf);
    FUZZ_CHECK(len > 0 && (size_t)len < sizeof buf);
    FUZZ_CHECK(strlen(buf) == (size_t)len);
    ginet_ip_address back;
    int rc = a->family == GINET_AF_INET
                 ? ginet_parse_ipv4strict_address(buf, (size_t)len, &back)
                 : ginet_parse_ipv6strict_address(buf, (size_t)len, &back);
    if (rc != 0 || !ginet_ip_address_equal(a, &back)) {
        fprintf(stderr, "ntoa gave \"%s\", which does not read back\n", buf);
        FUZZ_CHECK(!"ntoa round trip");
    }
    FUZZ_CHECK(ginet_parse_address(buf, (size_t)len, &back) == 0 &&
               ginet_ip_address_equal(a, &back));
    /* Too small a buffer: ERANGE, a terminated prefix. */
    char small[GINET_NTOA_MAX];
    size_t cap = (size_t)len;
    FUZZ_CHECK(ginet_ntoa(a, small, cap) == GINET_ERANGE);
    FUZZ_CHECK(strlen(small) == cap - 1 && memcmp(small, buf, cap - 1) == 0);
}

static void text_mode(const char *text, size_t len)
{
    ginet_ip_address r[6];
    int rc[6];
    for (int k = 0; k < 6; k++) {
        rc[k] = parsers[k](text, len, &r[k]);
        FUZZ_CHECK(rc[k] == 0 || rc[k] == GINET_EINVAL);
        ginet_ip_address z;
        const char *zone = (const char *)1;
        size_t zone_len = 12345;
        int zrc = ginet_parse_address_zone((ginet_parse_kind)k, text, len, &z,
                                           &zone, &zone_len);
        FUZZ_CHECK(same(rc[k], &r[k], zrc, &z));
        if (zrc == 0 && zone != NULL) {
            FUZZ_CHECK(zone > text && zone <= text + len);
            FUZZ_CHECK(zone[-1] == '%' && zone + zone_len == text + len);
            FUZZ_CHECK(r[k].family == GINET_AF_INET6);
        } else if (zrc == 0) {
            FUZZ_CHECK(zone_len == 0);
        }
        if (rc[k] == 0) {
            FUZZ_CHECK(r[k].family == GINET_AF_INET ||
                       r[k].family == GINET_AF_INET6);
            check_ntoa(&r[k]);
        }
    }
    /* parse_address: IPv4 relaxed, else IPv6 strict. */
    if (rc[2] == 0)
        FUZZ_CHECK(same(rc[0], &r[0], rc[2], &r[2]));
    else
        FUZZ_CHECK(same(rc[0], &r[0], rc[5], &r[5]));
    /* parse_strict_address: IPv4 strict, else IPv6 strict. */
    if (rc[3] == 0)
        FUZZ_CHECK(same(rc[1], &r[1], rc[3], &r[3]));
    else
        FUZZ_CHECK(same(rc[1], &r[1], rc[5], &r[5]));
    /* parse_ipv6_address: IPv4 relaxed as ::ffff:A.B.C.D, else strict. */
    if (rc[2] == 0) {
        ginet_ip_address m;
        FUZZ_CHECK(ginet_ipv4_mapped_ipv6_address(&r[2], &m) == 0);
        FUZZ_CHECK(same(rc[4], &r[4], 0, &m));
    } else {
        FUZZ_CHECK(same(rc[4], &r[4], rc[5], &r[5]));
    }
}

static void tuple_mode(const int64_t *e, size_t n)
{
    int v4 = n == 4, v6 = n == 8;
    for (size_t i = 0; i < n; i++) {
        v4 = v4 && e[i] >= 0 && e[i] <= 255;
        v6 = v6 && e[i] >= 0 && e[i] <= 65535;
    }
    FUZZ_CHECK(ginet_is_ipv4_address(e, n) == v4);
    FUZZ_CHECK(ginet_is_ipv6_address(e, n) == v6);
    FUZZ_CHECK(ginet_is_ip_address(e, n) == (v4 || v6));
    ginet_ip_address a;
    int rc = ginet_ip_address_from_tuple(e, n, &a);
    FUZZ_CHECK(rc == ((v4 || v6) ? 0 : GINET_EINVAL));
    if (rc != 0)
        return;
    int64_t back[8];
    FUZZ_CHECK(ginet_ip_address_to_tuple(&a, back) == (int)n);
    FUZZ_CHECK(memcmp(back, e, n * sizeof e[0]) == 0);
    check_ntoa(&a);

    ginet_ip_address m, mm;
    FUZZ_CHECK(ginet_ipv4_mapped_ipv6_address(&a, &m) == 0);
    if (v4) {
        FUZZ_CHECK(m.family == GINET_AF_INET6);
        FUZZ_CHECK(m.u.v6[5] == 0xffff &&
                   m.u.v6[6] == (uint16_t)(e[0] << 8 | e[1]) &&
                   m.u.v6[7] == (uint16_t)(e[2] << 8 | e[3]));
        FUZZ_CHECK(ginet_ipv4_mapped_ipv6_address(&m, &mm) == 0 &&
                   ginet_ip_address_equal(&mm, &a));
    } else {
        FUZZ_CHECK(m.family == GINET_AF_INET);
        FUZZ_CHECK(m.u.v4[0] == (e[6] >> 8) && m.u.v4[1] == (e[6] & 255) &&
                   m.u.v4[2] == (e[7] >> 8) && m.u.v4[3] == (e[7] & 255));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        text_mode(NULL, 0);
        return 0;
    }
    if ((data[0] & 1) == 0) {
        text_mode((const char *)data + 1, size - 1);
        return 0;
    }
    size_t n = (size_t)(data[0] >> 1) % 17;
    int64_t e[16];
    for (size_t i = 0; i < n; i++) {
        uint32_t v = 0;
        for (size_t j = 0; j < 4; j++) {
            size_t at = 1 + 4 * i + j;
            v = (v << 8) | (at < size ? data[at] : 0);
        }
        e[i] = (int32_t)v;
    }
    tuple_mode(e, n);
    return 0;
}
