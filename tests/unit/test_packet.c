/*
 * tests/unit/test_packet.c — the one-shot decode_packet engine
 * (include/ginet/packet.h): type names, options and their validation, every
 * length-header type with its limits and 32-bit corners, lines, the HTTP
 * types, and the header/method tables.  Expected values are what OTP 25's
 * erlang:decode_packet/3 answers (checked with `erl`).  The framer suites
 * of the same program are in test_packet_framer.c, the batch suite in
 * test_packet_batch.c.
 */
#include "harness.h"

#include <ginet/ginet.h>

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------- helpers */

static ginet_packet_options opts_of(uint32_t packet_size, uint32_t line_length)
{
    ginet_packet_options o;
    ginet_packet_options_init(&o);
    o.packet_size = packet_size;
    o.line_length = line_length;
    return o;
}

static int dec(ginet_packet_type t, const ginet_packet_options *o,
               const void *data, size_t len, ginet_packet *p)
{
    memset(p, 0xA5, sizeof *p);
    return ginet_decode_packet(t, o, data, len, p);
}

#define DEC(t, o, lit, p) dec((t), (o), (lit), sizeof(lit) - 1, (p))

static int slice_is(ginet_slice s, const char *text)
{
    size_t n = strlen(text);
    return s.len == n && (n == 0 || memcmp(s.ptr, text, n) == 0);
}

/* OK with body BODY and SIZE bytes taken. */
static void expect_ok(ginet_packet_type t, const ginet_packet_options *o,
                      const void *data, size_t len, const void *body,
                      size_t body_len, size_t size)
{
    ginet_packet p;
    int rc = dec(t, o, data, len, &p);
    CU_ASSERT_EQUAL(rc, GINET_DECODE_OK);
    if (rc != GINET_DECODE_OK)
        return;
    CU_ASSERT_EQUAL(p.size, size);
    CU_ASSERT_EQUAL(p.data.len, body_len);
    CU_ASSERT(body_len == 0 || memcmp(p.data.ptr, body, body_len) == 0);
}

static void expect_more(ginet_packet_type t, const ginet_packet_options *o,
                        const void *data, size_t len, size_t needed)
{
    ginet_packet p;
    CU_ASSERT_EQUAL(dec(t, o, data, len, &p), GINET_DECODE_MORE);
    CU_ASSERT_EQUAL(p.needed, needed);
}

static void expect_invalid(ginet_packet_type t, const ginet_packet_options *o,
                           const void *data, size_t len)
{
    ginet_packet p;
    CU_ASSERT_EQUAL(dec(t, o, data, len, &p), GINET_DECODE_INVALID);
}

/* --------------------------------------------------------------- types */

static void test_type_names(void)
{
    for (int t = 0; t < GINET_PACKET_TYPE_COUNT; t++) {
        const char *name = ginet_packet_type_name((ginet_packet_type)t);
        ginet_packet_type back;
        CU_ASSERT_PTR_NOT_NULL_FATAL(name);
        CU_ASSERT_EQUAL(ginet_packet_type_from_name(name, strlen(name), &back), 0);
        CU_ASSERT_EQUAL(back, (ginet_packet_type)t);
    }
    ginet_packet_type t;
    CU_ASSERT_EQUAL(ginet_packet_type_from_name("0", 1, &t), 0);
    CU_ASSERT_EQUAL(t, GINET_PACKET_RAW);
    CU_ASSERT_EQUAL(ginet_packet_type_from_name("http_bin", 8, &t), 0);
    CU_ASSERT_EQUAL(t, GINET_PACKET_HTTP_BIN);
    CU_ASSERT_STRING_EQUAL(ginet_packet_type_name(GINET_PACKET_4), "4");
    CU_ASSERT_STRING_EQUAL(ginet_packet_type_name(GINET_PACKET_HTTPH_BIN), "httph_bin");
    CU_ASSERT_EQUAL(ginet_packet_type_from_name("3", 1, &t), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_packet_type_from_name("HTTP", 4, &t), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_packet_type_from_name("http_bi", 7, &t), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_packet_type_from_name("ssl_tls", 7, &t), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_packet_type_from_name("", 0, &t), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_packet_type_from_name(NULL, 0, &t), GINET_EINVAL);
    CU_ASSERT_PTR_NULL(ginet_packet_type_name((ginet_packet_type)GINET_PACKET_TYPE_COUNT));
    CU_ASSERT_PTR_NULL(ginet_packet_type_name((ginet_packet_type)-1));
}

static void test_type_ints(void)
{
    static const struct { int64_t v; int ok; ginet_packet_type t; } c[] = {
        { 0, 1, GINET_PACKET_RAW }, { 1, 1, GINET_PACKET_1 },
        { 2, 1, GINET_PACKET_2 }, { 4, 1, GINET_PACKET_4 },
        { 3, 0, 0 }, { -1, 0, 0 }, { 8, 0, 0 }, { INT64_MAX, 0, 0 },
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        ginet_packet_type t = GINET_PACKET_LINE;
        int rc = ginet_packet_type_from_int(c[i].v, &t);
        CU_ASSERT_EQUAL(rc, c[i].ok ? 0 : GINET_EINVAL);
        if (c[i].ok)
            CU_ASSERT_EQUAL(t, c[i].t);
    }
    CU_ASSERT(ginet_packet_type_is_http(GINET_PACKET_HTTP));
    CU_ASSERT(ginet_packet_type_is_http(GINET_PACKET_HTTPH_BIN));
    CU_ASSERT(!ginet_packet_type_is_http(GINET_PACKET_LINE));
    CU_ASSERT(!ginet_packet_type_is_http(GINET_PACKET_RAW));
}

static void test_bad_type(void)
{
    ginet_packet p;
    CU_ASSERT_EQUAL(ginet_decode_packet((ginet_packet_type)GINET_PACKET_TYPE_COUNT,
                                        NULL, "", 0, &p), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_decode_packet((ginet_packet_type)-1, NULL, "", 0, &p),
                    GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_decode_packet(GINET_PACKET_RAW, NULL, NULL, 1, &p),
                    GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_decode_packet(GINET_PACKET_RAW, NULL, "x", 1, NULL),
                    GINET_EINVAL);
    /* NULL with no bytes is fine: {more,undefined}. */
    CU_ASSERT_EQUAL(ginet_decode_packet(GINET_PACKET_4, NULL, NULL, 0, &p),
                    GINET_DECODE_MORE);
}

/* ------------------------------------------------------------- options */

static void test_options(void)
{
    ginet_packet_options o;
    ginet_packet_options_init(&o);
    CU_ASSERT_EQUAL(o.packet_size, 0);
    CU_ASSERT_EQUAL(o.line_length, 0);
    CU_ASSERT_EQUAL(o.line_delimiter, '\n');

    CU_ASSERT_EQUAL(ginet_packet_option_from_name("packet_size", 11), GINET_PACKET_OPT_PACKET_SIZE);
    CU_ASSERT_EQUAL(ginet_packet_option_from_name("line_length", 11), GINET_PACKET_OPT_LINE_LENGTH);
    CU_ASSERT_EQUAL(ginet_packet_option_from_name("line_delimiter", 14), GINET_PACKET_OPT_LINE_DELIMITER);
    CU_ASSERT_EQUAL(ginet_packet_option_from_name("unknown", 7), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_packet_option_from_name("packet_siz", 10), GINET_EINVAL);

    /* Ranges: 0..4294967295 for sizes. */
    CU_ASSERT_EQUAL(ginet_packet_options_set(&o, GINET_PACKET_RAW, GINET_PACKET_OPT_PACKET_SIZE, 4294967295LL), 0);
    CU_ASSERT_EQUAL(o.packet_size, 4294967295u);
    CU_ASSERT_EQUAL(ginet_packet_options_set(&o, GINET_PACKET_RAW, GINET_PACKET_OPT_PACKET_SIZE, 4294967296LL), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_packet_options_set(&o, GINET_PACKET_RAW, GINET_PACKET_OPT_PACKET_SIZE, -1), GINET_EINVAL);
    CU_ASSERT_EQUAL(o.packet_size, 4294967295u);   /* unchanged on error */
    CU_ASSERT_EQUAL(ginet_packet_options_set(&o, GINET_PACKET_RAW, GINET_PACKET_OPT_LINE_LENGTH, -1), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_packet_options_set(&o, GINET_PACKET_HTTP, GINET_PACKET_OPT_LINE_LENGTH, 0), 0);
    /* The last occurrence wins. */
    CU_ASSERT_EQUAL(ginet_packet_options_set(&o, GINET_PACKET_4, GINET_PACKET_OPT_PACKET_SIZE, 7), 0);
    CU_ASSERT_EQUAL(ginet_packet_options_set(&o, GINET_PACKET_4, GINET_PACKET_OPT_PACKET_SIZE, 9), 0);
    CU_ASSERT_EQUAL(o.packet_size, 9);

    /* line_delimiter: 0..255 and only with line. */
    CU_ASSERT_EQUAL(ginet_packet_options_set(&o, GINET_PACKET_LINE, GINET_PACKET_OPT_LINE_DELIMITER, 0), 0);
    CU_ASSERT_EQUAL(o.line_delimiter, 0);
    CU_ASSERT_EQUAL(ginet_packet_options_set(&o, GINET_PACKET_LINE, GINET_PACKET_OPT_LINE_DELIMITER, 255), 0);
    CU_ASSERT_EQUAL(ginet_packet_options_set(&o, GINET_PACKET_LINE, GINET_PACKET_OPT_LINE_DELIMITER, 256), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_packet_options_set(&o, GINET_PACKET_RAW, GINET_PACKET_OPT_LINE_DELIMITER, 10), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_packet_options_set(&o, GINET_PACKET_1, GINET_PACKET_OPT_LINE_DELIMITER, 10), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_packet_options_set(&o, GINET_PACKET_HTTP, GINET_PACKET_OPT_LINE_DELIMITER, 10), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_packet_options_set(&o, GINET_PACKET_LINE, (ginet_packet_option)9, 1), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_packet_options_set(NULL, GINET_PACKET_LINE, GINET_PACKET_OPT_PACKET_SIZE, 1), GINET_EINVAL);
}

/* ----------------------------------------------------- length headers */

static void test_raw(void)
{
    ginet_packet_options big = opts_of(1, 1);
    expect_more(GINET_PACKET_RAW, NULL, "", 0, 0);
    expect_ok(GINET_PACKET_RAW, NULL, "abc", 3, "abc", 3, 3);
    /* packet_size and line_length do not apply to raw. */
    expect_ok(GINET_PACKET_RAW, &big, "abc", 3, "abc", 3, 3);
}

static void test_packet_1_2_4(void)
{
    expect_more(GINET_PACKET_1, NULL, "", 0, 0);
    expect_more(GINET_PACKET_1, NULL, "\3\1\2", 3, 4);
    expect_ok(GINET_PACKET_1, NULL, "\3abcd", 5, "abc", 3, 4);
    expect_ok(GINET_PACKET_1, NULL, "\0", 1, "", 0, 1);
    expect_more(GINET_PACKET_2, NULL, "\0", 1, 0);
    expect_more(GINET_PACKET_2, NULL, "\1\0", 2, 258);
    expect_ok(GINET_PACKET_2, NULL, "\0\2hi!", 5, "hi", 2, 4);
    expect_more(GINET_PACKET_4, NULL, "\0\0\0", 3, 0);
    expect_ok(GINET_PACKET_4, NULL, "\0\0\0\4abcdX", 9, "abcd", 4, 8);
    expect_more(GINET_PACKET_4, NULL, "\0\0\1\0", 4, 260);
}

/* packet_size: 0 = unlimited, exactly at the limit, one over. */
static void test_packet_size_limits(void)
{
    ginet_packet_options at = opts_of(3, 0), none = opts_of(0, 0);
    expect_ok(GINET_PACKET_1, &at, "\3abc", 4, "abc", 3, 4);
    expect_invalid(GINET_PACKET_1, &at, "\4abcd", 5);
    expect_invalid(GINET_PACKET_1, &at, "\4", 1);      /* known from header */
    expect_ok(GINET_PACKET_1, &none, "\4abcd", 5, "abcd", 4, 5);
    expect_ok(GINET_PACKET_2, &at, "\0\3abc", 5, "abc", 3, 5);
    expect_invalid(GINET_PACKET_2, &at, "\0\4", 2);
    expect_ok(GINET_PACKET_4, &at, "\0\0\0\3abc", 7, "abc", 3, 7);
    expect_invalid(GINET_PACKET_4, &at, "\0\0\0\4", 4);
    /* The limit is on the body: sunrm, tpkt, fcgi count it without header. */
    expect_ok(GINET_PACKET_SUNRM, &at, "\x80\0\0\3abc", 7, "\x80\0\0\3abc", 7, 7);
    expect_invalid(GINET_PACKET_SUNRM, &at, "\0\0\0\4", 4);
    expect_ok(GINET_PACKET_TPKT, &at, "\3\0\0\7abc", 7, "\3\0\0\7abc", 7, 7);
    expect_invalid(GINET_PACKET_TPKT, &at, "\3\0\0\x08", 4);
    /* fcgi: content + padding is what is limited. */
    expect_ok(GINET_PACKET_FCGI, &at, "\1\1\0\1\0\2\1\0ab_", 11, "\1\1\0\1\0\2\1\0ab", 10, 11);
    expect_invalid(GINET_PACKET_FCGI, &at, "\1\1\0\1\0\2\2\0", 8);
}

/* OTP adds header and body in a C int: anything above INT32_MAX is
 * invalid, and a packet_size of 4294967295 does not lift that. */
static void test_32bit_wrap(void)
{
    ginet_packet_options umax = opts_of(4294967295u, 0);
    ginet_packet_options m1 = opts_of(2147483646u, 0);
    expect_more(GINET_PACKET_4, NULL, "\x7f\xff\xff\xfb", 4, 2147483647u);
    expect_more(GINET_PACKET_4, &umax, "\x7f\xff\xff\xfb", 4, 2147483647u);
    expect_invalid(GINET_PACKET_4, NULL, "\x7f\xff\xff\xfc", 4);
    expect_invalid(GINET_PACKET_4, NULL, "\xff\xff\xff\xff", 4);
    expect_invalid(GINET_PACKET_4, &umax, "\xff\xff\xff\xff", 4);
    expect_invalid(GINET_PACKET_4, &umax, "\xff\xff\xff\xfc", 4);
    expect_invalid(GINET_PACKET_4, &umax, "\x80\0\0\0", 4);
    expect_more(GINET_PACKET_4, &m1, "\x7f\xff\xff\xfa", 4, 2147483646u);
    expect_ok(GINET_PACKET_4, &umax, "\0\0\0\0", 4, "", 0, 4);
    /* sunrm masks the top bit first. */
    expect_more(GINET_PACKET_SUNRM, NULL, "\xff\xff\xff\xfb", 4, 2147483647u);
    expect_invalid(GINET_PACKET_SUNRM, NULL, "\xff\xff\xff\xfc", 4);
    /* tpkt's length below 4 wraps to about 4 GB: invalid. */
    for (unsigned l = 0; l < 4; l++) {
        uint8_t b[5] = { 3, 0, 0, (uint8_t)l, 9 };
        expect_invalid(GINET_PACKET_TPKT, NULL, b, 5);
        expect_invalid(GINET_PACKET_TPKT, &umax, b, 5);
    }
    expect_ok(GINET_PACKET_TPKT, NULL, "\3\0\0\4z", 5, "\3\0\0\4", 4, 4);
    /* asn1 with a 4-byte length. */
    expect_more(GINET_PACKET_ASN1, NULL, "\x30\x84\x7f\xff\xff\xf9", 6, 2147483647u);
    expect_invalid(GINET_PACKET_ASN1, NULL, "\x30\x84\x7f\xff\xff\xfa", 6);
}

static void test_asn1(void)
{
    expect_more(GINET_PACKET_ASN1, NULL, "", 0, 0);
    expect_more(GINET_PACKET_ASN1, NULL, "\x30", 1, 0);
    expect_more(GINET_PACKET_ASN1, NULL, "\x30\x03", 2, 5);
    expect_ok(GINET_PACKET_ASN1, NULL, "\x30\x03" "abcX", 6, "\x30\x03" "abc", 5, 5);
    /* Long tag: 0x1f then bytes with the high bit, then one without. */
    expect_more(GINET_PACKET_ASN1, NULL, "\x1f\x81", 2, 0);
    expect_more(GINET_PACKET_ASN1, NULL, "\x1f\x81\x01", 3, 0);
    expect_ok(GINET_PACKET_ASN1, NULL, "\x1f\x81\x01\x01z", 5, "\x1f\x81\x01\x01z", 5, 5);
    /* Long length forms, 0 to 4 bytes; 5 or more is invalid, but only
     * once that many bytes are there. */
    expect_ok(GINET_PACKET_ASN1, NULL, "\x04\x80", 2, "\x04\x80", 2, 2);
    expect_ok(GINET_PACKET_ASN1, NULL, "\x04\x81\x01q", 4, "\x04\x81\x01q", 4, 4);
    expect_more(GINET_PACKET_ASN1, NULL, "\x04\x82\x01", 3, 0);
    expect_more(GINET_PACKET_ASN1, NULL, "\x04\x82\x01\x00", 4, 260);
    expect_more(GINET_PACKET_ASN1, NULL, "\x04\x83\0\0\x02", 5, 7);
    expect_more(GINET_PACKET_ASN1, NULL, "\x04\x85\0\0\0", 5, 0);
    expect_invalid(GINET_PACKET_ASN1, NULL, "\x04\x85\0\0\0\0\1", 7);
    expect_more(GINET_PACKET_ASN1, NULL, "\x04\xff", 2, 0);
    ginet_packet_options ps = opts_of(2, 0);
    expect_ok(GINET_PACKET_ASN1, &ps, "\x04\x02xy", 4, "\x04\x02xy", 4, 4);
    expect_invalid(GINET_PACKET_ASN1, &ps, "\x04\x03", 2);
}

static void test_cdr_fcgi_tpkt_sunrm(void)
{
    expect_more(GINET_PACKET_CDR, NULL, "GIOP\1\2\0\0\0\0\0", 11, 0);
    expect_invalid(GINET_PACKET_CDR, NULL, "GIOX\1\2\0\0\0\0\0\0", 12);
    expect_more(GINET_PACKET_CDR, NULL, "GIOP\1\2\0\0\0\0\0\2", 12, 14);
    expect_more(GINET_PACKET_CDR, NULL, "GIOP\1\2\1\0\2\0\0\0", 12, 14);   /* little-endian */
    expect_more(GINET_PACKET_CDR, NULL, "GIOP\1\2\3\0\2\0\0\0", 12, 14);
    expect_ok(GINET_PACKET_CDR, NULL, "GIOP\1\2\0\0\0\0\0\1!?", 14, "GIOP\1\2\0\0\0\0\0\1!", 13, 13);

    expect_more(GINET_PACKET_FCGI, NULL, "\1\1\0\1\0\2\1", 7, 0);
    expect_invalid(GINET_PACKET_FCGI, NULL, "\2\1\0\1\0\0\0\0", 8);
    expect_more(GINET_PACKET_FCGI, NULL, "\1\1\0\1\0\2\1\0", 8, 11);
    expect_ok(GINET_PACKET_FCGI, NULL, "\1\7\0\2\0\0\1\0j", 9, "\1\7\0\2\0\0\1\0", 8, 9);

    expect_more(GINET_PACKET_TPKT, NULL, "\3\0", 2, 0);
    expect_invalid(GINET_PACKET_TPKT, NULL, "\2\0\0\5x", 5);
    expect_more(GINET_PACKET_TPKT, NULL, "\3\0\0\x19", 4, 25);

    expect_more(GINET_PACKET_SUNRM, NULL, "\0\0\1", 3, 0);
    expect_more(GINET_PACKET_SUNRM, NULL, "\x80\0\0\x24", 4, 40);
    expect_ok(GINET_PACKET_SUNRM, NULL, "\0\0\0\1a", 5, "\0\0\0\1a", 5, 5);
}

/* ---------------------------------------------------------------- line */

static void test_line(void)
{
    ginet_packet_options o = opts_of(0, 0);
    expect_more(GINET_PACKET_LINE, &o, "", 0, 0);
    expect_more(GINET_PACKET_LINE, &o, "abc", 3, 0);
    expect_ok(GINET_PACKET_LINE, &o, "ab\ncd\n", 6, "ab\n", 3, 3);
    expect_ok(GINET_PACKET_LINE, &o, "\n", 1, "\n", 1, 1);
    o.line_delimiter = ';';
    expect_ok(GINET_PACKET_LINE, &o, "a\nb;c", 5, "a\nb;", 4, 4);
    o.line_delimiter = 0;
    expect_ok(GINET_PACKET_LINE, &o, "ab\0c", 4, "ab\0", 3, 3);
    o.line_delimiter = 255;
    expect_ok(GINET_PACKET_LINE, &o, "\xff", 1, "\xff", 1, 1);

    /* line_length cuts long lines, with or without a delimiter. */
    o = opts_of(0, 3);
    expect_ok(GINET_PACKET_LINE, &o, "abcdef\n", 7, "abc", 3, 3);
    expect_ok(GINET_PACKET_LINE, &o, "abc\n", 4, "abc", 3, 3);
    expect_ok(GINET_PACKET_LINE, &o, "ab\n", 3, "ab\n", 3, 3);
    expect_ok(GINET_PACKET_LINE, &o, "abc", 3, "abc", 3, 3);
    expect_more(GINET_PACKET_LINE, &o, "ab", 2, 0);

    /* packet_size: a line, or the bytes at hand with no delimiter. */
    o = opts_of(3, 0);
    expect_ok(GINET_PACKET_LINE, &o, "ab\n", 3, "ab\n", 3, 3);
    expect_invalid(GINET_PACKET_LINE, &o, "abc\n", 4);
    expect_more(GINET_PACKET_LINE, &o, "abc", 3, 0);
    expect_invalid(GINET_PACKET_LINE, &o, "abcd", 4);
    /* packet_size is checked before line_length. */
    o = opts_of(3, 2);
    expect_invalid(GINET_PACKET_LINE, &o, "abcd", 4);
    expect_ok(GINET_PACKET_LINE, &o, "abc", 3, "ab", 2, 2);
}

/* ---------------------------------------------------------------- HTTP */

static void decode_http(ginet_packet_type t, const ginet_packet_options *o,
                        const char *text, ginet_packet *p)
{
    int rc = dec(t, o, text, strlen(text), p);
    CU_ASSERT_EQUAL(rc, GINET_DECODE_OK);
    if (rc != GINET_DECODE_OK)
        memset(p, 0, sizeof *p);
}

static void test_http_request(void)
{
    ginet_packet p;
    decode_http(GINET_PACKET_HTTP_BIN, NULL, "GET / HTTP/1.1\r\nrest", &p);
    CU_ASSERT_EQUAL(p.size, 16);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_REQUEST);
    CU_ASSERT_EQUAL(p.http.method, GINET_HTTP_METHOD_GET);
    CU_ASSERT(slice_is(p.http.method_name, "GET"));
    CU_ASSERT_EQUAL(p.http.uri.kind, GINET_HTTP_URI_ABS_PATH);
    CU_ASSERT(slice_is(p.http.uri.path, "/"));
    CU_ASSERT_EQUAL(p.http.major, 1);
    CU_ASSERT_EQUAL(p.http.minor, 1);

    /* Methods are case-sensitive; other tokens are strings; DEL is a
     * token byte. */
    decode_http(GINET_PACKET_HTTP, NULL, "get / HTTP/1.0\n", &p);
    CU_ASSERT_EQUAL(p.http.method, GINET_HTTP_METHOD_OTHER);
    CU_ASSERT(slice_is(p.http.method_name, "get"));
    decode_http(GINET_PACKET_HTTP, NULL, "G\x7fT / HTTP/1.0\n", &p);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_REQUEST);
    CU_ASSERT(slice_is(p.http.method_name, "G\x7fT"));

    /* HTTP/0.9: no version at all gives {0,9}. */
    decode_http(GINET_PACKET_HTTP, NULL, "GET /x  \r\n", &p);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_REQUEST);
    CU_ASSERT_EQUAL(p.http.major, 0);
    CU_ASSERT_EQUAL(p.http.minor, 9);
    /* Trailing bytes after the minor version are ignored. */
    decode_http(GINET_PACKET_HTTP, NULL, "GET / HTTP/1.1xyz\r\n", &p);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_REQUEST);
    CU_ASSERT_EQUAL(p.http.minor, 1);
    /* Version numbers wrap in 32 bits. */
    decode_http(GINET_PACKET_HTTP, NULL, "GET / HTTP/99999999999.1\r\n", &p);
    CU_ASSERT_EQUAL(p.http.major, 1215752191);
    decode_http(GINET_PACKET_HTTP, NULL, "GET / HTTP/12345678901234567890.1\r\n", &p);
    CU_ASSERT_EQUAL(p.http.major, -350287150);
    /* Tabs separate too. */
    decode_http(GINET_PACKET_HTTP, NULL, "PUT\t/a\tHTTP/1.0\r\n", &p);
    CU_ASSERT_EQUAL(p.http.method, GINET_HTTP_METHOD_PUT);

    static const char *const bad[] = {
        "GET\r\n", " GET / HTTP/1.1\r\n",
        "GET / HTTP/1\r\n", "GET / HTTP/.1\r\n", "GET / http/1.1\r\n",
        "GET / HTTP/1.\r\n", "GET / XTTP/1.1\r\n", "GE:T / HTTP/1.1\r\n",
        "GET / H\r\n", "\r\n", "\n", "GET/ HTTP/1.1\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        decode_http(GINET_PACKET_HTTP, NULL, bad[i], &p);
        CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_ERROR);
        CU_ASSERT(slice_is(p.http.line, bad[i]));
    }
}

static void test_http_uri(void)
{
    static const struct {
        const char *line;
        ginet_http_uri_kind kind;
        const char *scheme, *host, *path;
        int32_t port;
    } c[] = {
        { "GET * HTTP/1.1\r\n", GINET_HTTP_URI_STAR, "", "", "", 0 },
        { "GET x HTTP/1.1\r\n", GINET_HTTP_URI_ABS_PATH, "", "", "x", 0 },
        { "GET /a?b HTTP/1.1\r\n", GINET_HTTP_URI_ABS_PATH, "", "", "/a?b", 0 },
        { "GET http://h/p HTTP/1.1\r\n", GINET_HTTP_URI_HTTP, "", "h", "/p", 0 },
        { "GET HTTP://H:80 HTTP/1.1\r\n", GINET_HTTP_URI_HTTP, "", "H", "/", 80 },
        { "GET hTtPs://h:443/ HTTP/1.1\r\n", GINET_HTTP_URI_HTTPS, "", "h", "/", 443 },
        { "GET http://h:0/ HTTP/1.1\r\n", GINET_HTTP_URI_HTTP, "", "h", "/", 0 },
        { "GET http://h:/ HTTP/1.1\r\n", GINET_HTTP_URI_HTTP, "", "h", "/", 0 },
        { "GET http://h:12x/ HTTP/1.1\r\n", GINET_HTTP_URI_HTTP, "", "h", "/", 0 },
        { "GET http://foo:99999999999/ HTTP/1.1\r\n", GINET_HTTP_URI_HTTP, "", "foo", "/", 1215752191 },
        { "GET http://h:2147483648/ HTTP/1.1\r\n", GINET_HTTP_URI_HTTP, "", "h", "/", INT32_MIN },
        { "GET http://h:4294967296/ HTTP/1.1\r\n", GINET_HTTP_URI_HTTP, "", "h", "/", 0 },
        { "GET http://[::1]:80/x HTTP/1.1\r\n", GINET_HTTP_URI_HTTP, "", "[", "/x", 0 },
        { "GET http:// HTTP/1.1\r\n", GINET_HTTP_URI_HTTP, "", "", "/", 0 },
        { "GET http:/x HTTP/1.1\r\n", GINET_HTTP_URI_SCHEME, "http", "", "/x", 0 },
        { "GET mailto:a@b HTTP/1.1\r\n", GINET_HTTP_URI_SCHEME, "mailto", "", "a@b", 0 },
        { "GET :x HTTP/1.1\r\n", GINET_HTTP_URI_SCHEME, "", "", "x", 0 },
        { "GET foo HTTP/1.1\r\n", GINET_HTTP_URI_STRING, "", "", "foo", 0 },
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        ginet_packet p;
        decode_http(GINET_PACKET_HTTP_BIN, NULL, c[i].line, &p);
        CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_REQUEST);
        CU_ASSERT_EQUAL(p.http.uri.kind, c[i].kind);
        CU_ASSERT(slice_is(p.http.uri.scheme, c[i].scheme));
        CU_ASSERT(slice_is(p.http.uri.host, c[i].host));
        CU_ASSERT(slice_is(p.http.uri.path, c[i].path));
        CU_ASSERT_EQUAL(p.http.uri.port, c[i].port);
        if (p.http.uri.kind != c[i].kind || !slice_is(p.http.uri.path, c[i].path))
            printf("  uri case %zu: %s", i, c[i].line);
    }
}

static void test_http_response(void)
{
    ginet_packet p;
    decode_http(GINET_PACKET_HTTP_BIN, NULL, "HTTP/1.1 200 OK\r\n", &p);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_RESPONSE);
    CU_ASSERT_EQUAL(p.http.major, 1);
    CU_ASSERT_EQUAL(p.http.minor, 1);
    CU_ASSERT_EQUAL(p.http.status, 200);
    CU_ASSERT(slice_is(p.http.reason, "OK"));
    decode_http(GINET_PACKET_HTTP, NULL, "HTTP/1.0 404  Not  Found \n", &p);
    CU_ASSERT_EQUAL(p.http.status, 404);
    CU_ASSERT(slice_is(p.http.reason, "Not  Found "));
    decode_http(GINET_PACKET_HTTP, NULL, "HTTP/1.1 \r\n", &p);      /* no status */
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_RESPONSE);
    CU_ASSERT_EQUAL(p.http.status, 0);
    CU_ASSERT(slice_is(p.http.reason, ""));
    decode_http(GINET_PACKET_HTTP, NULL, "HTTP/1.1 99999999999\r\n", &p);
    CU_ASSERT_EQUAL(p.http.status, 1215752191);
    decode_http(GINET_PACKET_HTTP, NULL, "HTTP/1.1 200OK\r\n", &p);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_ERROR);
    decode_http(GINET_PACKET_HTTP, NULL, "HTTP/1.1 OK\r\n", &p);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_ERROR);
    decode_http(GINET_PACKET_HTTP, NULL, "HTTP/1.1\r\n", &p);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_ERROR);
    /* httph never reads a status line. */
    decode_http(GINET_PACKET_HTTPH, NULL, "HTTP/1.1 200 OK\r\n\r\n", &p);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_ERROR);
}

static void header_field_is(const ginet_packet *p, const char *field)
{
    uint8_t buf[GINET_HTTP_MAX_NAME_LEN];
    ginet_slice f;
    CU_ASSERT_EQUAL_FATAL(ginet_http_header_field(&p->http, buf, &f), 0);
    CU_ASSERT(slice_is(f, field));
}

static void test_http_header(void)
{
    ginet_packet p;
    decode_http(GINET_PACKET_HTTPH_BIN, NULL, "content-LENGTH:  v \r\n\r\n", &p);
    CU_ASSERT_EQUAL(p.size, 21);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_HEADER);
    CU_ASSERT_EQUAL(p.http.field, GINET_HTTP_CONTENT_LENGTH);
    CU_ASSERT(slice_is(p.http.name, "content-LENGTH"));
    CU_ASSERT(slice_is(p.http.value, "v "));
    header_field_is(&p, "Content-Length");

    /* Unknown names are normalized up to 50 bytes, as sent beyond. */
    decode_http(GINET_PACKET_HTTPH, NULL, "x-my--HEADER_z: 1\r\n\r\n", &p);
    CU_ASSERT_EQUAL(p.http.field, GINET_HTTP_FIELD_OTHER);
    header_field_is(&p, "X-My--header_z");
    decode_http(GINET_PACKET_HTTPH, NULL, "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdef: v\r\n\r\n", &p);
    header_field_is(&p, "Abcdefghij-Abcdefghij-Abcdefghij-Abcdefghij-Abcdef");
    decode_http(GINET_PACKET_HTTPH, NULL, "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefg: v\r\n\r\n", &p);
    header_field_is(&p, "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefg");
    decode_http(GINET_PACKET_HTTPH, NULL, "CONTENT_LENGTH: 1\r\n\r\n", &p);
    header_field_is(&p, "Content_length");
    decode_http(GINET_PACKET_HTTPH, NULL, "te: x\r\n\r\n", &p);
    header_field_is(&p, "Te");
    /* An empty name is a header too. */
    decode_http(GINET_PACKET_HTTPH, NULL, ": v\r\n\r\n", &p);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_HEADER);
    CU_ASSERT_EQUAL(p.http.name.len, 0);
    header_field_is(&p, "");

    /* Continuation lines stay in the value, CRLF and all. */
    decode_http(GINET_PACKET_HTTPH, NULL, "If-Modified-Since: a\r\n more\r\n\tx\r\n\r\n", &p);
    CU_ASSERT_EQUAL(p.http.field, GINET_HTTP_IF_MODIFIED_SINCE);
    CU_ASSERT(slice_is(p.http.value, "a\r\n more\r\n\tx"));
    /* The header state needs the byte after the line end. */
    expect_more(GINET_PACKET_HTTPH, NULL, "Host: x\r\n", 9, 0);
    expect_more(GINET_PACKET_HTTPH_BIN, NULL, "Host: x\r\n more\r\n", 16, 0);

    decode_http(GINET_PACKET_HTTPH, NULL, "\r\nrest", &p);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_EOH);
    CU_ASSERT_EQUAL(p.size, 2);
    decode_http(GINET_PACKET_HTTPH, NULL, "\n", &p);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_EOH);
    decode_http(GINET_PACKET_HTTPH, NULL, "\r\n", &p);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_EOH);

    static const char *const bad[] = {
        "X-Custom :\tv\r\n\r\n", "Bad Name: v\r\n\r\n", "NoColon\r\n\r\n",
        " x: y\r\n\r\n", "\r\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        decode_http(GINET_PACKET_HTTPH_BIN, NULL, bad[i], &p);
        CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_ERROR);
    }
    /* With http (not httph) a header line is no start line. */
    decode_http(GINET_PACKET_HTTP, NULL, "Host: x\r\n\r\n", &p);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_ERROR);
    CU_ASSERT(slice_is(p.http.line, "Host: x\r\n"));
    /* Not a header: ginet_http_header_field refuses. */
    uint8_t buf[GINET_HTTP_MAX_NAME_LEN];
    ginet_slice f;
    CU_ASSERT_EQUAL(ginet_http_header_field(&p.http, buf, &f), GINET_EINVAL);
}

static void test_http_limits(void)
{
    /* packet_size limits a line; without it, line_length does. */
    ginet_packet_options o = opts_of(16, 0);
    expect_ok(GINET_PACKET_HTTP, &o, "GET / HTTP/1.1\r\n", 16, "GET / HTTP/1.1\r\n", 16, 16);
    expect_invalid(GINET_PACKET_HTTP, &o, "GET /x HTTP/1.1\r\n", 17);
    expect_more(GINET_PACKET_HTTP, &o, "GET / HTTP/1.1\r", 15, 0);
    expect_invalid(GINET_PACKET_HTTP, &o, "GET / HTTP/1.1xx", 16);   /* no LF in 16 */
    o = opts_of(0, 16);
    expect_invalid(GINET_PACKET_HTTP, &o, "GET /x HTTP/1.1\r\n", 17);
    o = opts_of(17, 16);            /* packet_size wins */
    expect_ok(GINET_PACKET_HTTP, &o, "GET /x HTTP/1.1\r\n", 17, "GET /x HTTP/1.1\r\n", 17, 17);
    /* Header state: a line ending the bytes is checked at once. */
    o = opts_of(4, 0);
    expect_invalid(GINET_PACKET_HTTPH, &o, "A: b\r\n", 6);
    expect_more(GINET_PACKET_HTTPH, &o, "A:\r\n", 4, 0);
    expect_invalid(GINET_PACKET_HTTPH, &o, "A:\r\n x", 6);
}

/* -------------------------------------------------------------- tables */

static void test_tables(void)
{
    for (int f = 1; f < GINET_HTTP_FIELD_COUNT; f++) {
        const char *name = ginet_http_field_name((ginet_http_field)f);
        CU_ASSERT_PTR_NOT_NULL_FATAL(name);
        size_t n = strlen(name);
        char low[64], up[64];
        for (size_t i = 0; i <= n; i++) {
            low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
            up[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 : name[i]);
        }
        CU_ASSERT_EQUAL(ginet_http_field_lookup(name, n), (ginet_http_field)f);
        CU_ASSERT_EQUAL(ginet_http_field_lookup(low, n), (ginet_http_field)f);
        CU_ASSERT_EQUAL(ginet_http_field_lookup(up, n), (ginet_http_field)f);
        /* One byte shorter ("Set-Cookie2" -> "Set-Cookie" is another
         * field), one byte different: no match. */
        CU_ASSERT_NOT_EQUAL(ginet_http_field_lookup(name, n - 1), (ginet_http_field)f);
        low[n - 1] = '!';
        CU_ASSERT_EQUAL(ginet_http_field_lookup(low, n), GINET_HTTP_FIELD_OTHER);
    }
    CU_ASSERT_PTR_NULL(ginet_http_field_name(GINET_HTTP_FIELD_OTHER));
    CU_ASSERT_PTR_NULL(ginet_http_field_name((ginet_http_field)GINET_HTTP_FIELD_COUNT));
    CU_ASSERT_EQUAL(ginet_http_field_lookup("X", 1), GINET_HTTP_FIELD_OTHER);
    CU_ASSERT_EQUAL(ginet_http_field_lookup("Sec-Fetch-Mode", 14), GINET_HTTP_FIELD_OTHER);
    CU_ASSERT_EQUAL(ginet_http_field_lookup(NULL, 4), GINET_HTTP_FIELD_OTHER);
    CU_ASSERT_STRING_EQUAL(ginet_http_field_name(GINET_HTTP_WWW_AUTHENTICATE), "Www-Authenticate");
    CU_ASSERT_STRING_EQUAL(ginet_http_field_name(GINET_HTTP_PROXY_CONNECTION), "Proxy-Connection");

    for (int m = 1; m < GINET_HTTP_METHOD_COUNT; m++) {
        const char *name = ginet_http_method_name((ginet_http_method)m);
        CU_ASSERT_PTR_NOT_NULL_FATAL(name);
        CU_ASSERT_EQUAL(ginet_http_method_lookup(name, strlen(name)), (ginet_http_method)m);
    }
    CU_ASSERT_EQUAL(ginet_http_method_lookup("get", 3), GINET_HTTP_METHOD_OTHER);
    CU_ASSERT_EQUAL(ginet_http_method_lookup("PATCH", 5), GINET_HTTP_METHOD_OTHER);
    CU_ASSERT_PTR_NULL(ginet_http_method_name(GINET_HTTP_METHOD_OTHER));
    CU_ASSERT_PTR_NULL(ginet_http_method_name((ginet_http_method)99));
}

/* ------------------------------------------------------------- terms */

/* The term of decode_packet(T, TEXT, OPTS) printed with ~w. */
static int term_is(ginet_packet_type t, const ginet_packet_options *o,
                   const char *text, size_t len, const char *expect)
{
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_packet p;
    int rc = ginet_decode_packet(t, o, text, len, &p);
    ginet_term *term = ginet_decode_result_term(a, rc, &p, text, len);
    char buf[512];
    long n = term ? ginet_term_format(term, buf, sizeof buf) : -1;
    int ok = n >= 0 && strcmp(buf, expect) == 0;
    if (!ok)
        printf("  got %s, expected %s\n", n >= 0 ? buf : "(null)", expect);
    ginet_term_arena_free(a);
    return ok;
}

/*
 * Regression (found while optimizing the header path): the field lookup
 * folded every byte with |0x20, so a control byte passed for the '-' or
 * digit it maps to ("Content\rType" was Content-Type, "Set-Cookie\x12"
 * Set-Cookie2).  OTP changes the case of letters only.
 */
static void test_tables_exact(void)
{
    for (int f = 1; f < GINET_HTTP_FIELD_COUNT; f++) {
        const char *name = ginet_http_field_name((ginet_http_field)f);
        size_t n = strlen(name);
        char buf[64];
        for (size_t i = 0; i < n; i++) {
            if ((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z'))
                continue;
            memcpy(buf, name, n);
            buf[i] = (char)(name[i] ^ 0x20);     /* '-' -> CR, '2' -> 0x12 */
            CU_ASSERT_EQUAL(ginet_http_field_lookup(buf, n), GINET_HTTP_FIELD_OTHER);
        }
    }
    CU_ASSERT_EQUAL(ginet_http_field_lookup("Content\rType", 12), GINET_HTTP_FIELD_OTHER);
    CU_ASSERT_EQUAL(ginet_http_field_lookup("Set-Cookie\x12", 11), GINET_HTTP_FIELD_OTHER);
    CU_ASSERT_EQUAL(ginet_http_field_lookup("Via", 3), GINET_HTTP_VIA);
    CU_ASSERT_EQUAL(ginet_http_field_lookup("vIA", 3), GINET_HTTP_VIA);
    CU_ASSERT_EQUAL(ginet_http_field_lookup("V\x09a", 3), GINET_HTTP_FIELD_OTHER);
    /* Through the parser the name is no token: a broken header line. */
    ginet_packet p;
    CU_ASSERT_EQUAL(DEC(GINET_PACKET_HTTPH_BIN, NULL, "Content\rType: x\r\n\r\n", &p),
                    GINET_DECODE_OK);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_ERROR);
    CU_ASSERT_EQUAL(DEC(GINET_PACKET_HTTPH_BIN, NULL, "cONTENT-tYPE: x\r\n\r\n", &p),
                    GINET_DECODE_OK);
    CU_ASSERT_EQUAL(p.http.kind, GINET_HTTP_HEADER);
    CU_ASSERT_EQUAL(p.http.field, GINET_HTTP_CONTENT_TYPE);
}

static void test_terms(void)
{
    ginet_packet_options ps = opts_of(2, 0);
    CU_ASSERT(term_is(GINET_PACKET_1, NULL, "\2ab!", 4, "{ok,<<97,98>>,<<33>>}"));
    CU_ASSERT(term_is(GINET_PACKET_4, NULL, "\0\0\0\5", 4, "{more,9}"));
    CU_ASSERT(term_is(GINET_PACKET_LINE, NULL, "ab", 2, "{more,undefined}"));
    CU_ASSERT(term_is(GINET_PACKET_1, &ps, "\3", 1, "{error,invalid}"));
    CU_ASSERT(term_is(GINET_PACKET_HTTP_BIN, NULL, "GET / HTTP/1.1\r\n", 16,
                      "{ok,{http_request,'GET',{abs_path,<<47>>},{1,1}},<<>>}"));
    CU_ASSERT(term_is(GINET_PACKET_HTTP, NULL, "get * HTTP/1.0\n", 15,
                      "{ok,{http_request,[103,101,116],'*',{1,0}},<<>>}"));
    CU_ASSERT(term_is(GINET_PACKET_HTTPH, NULL, "etag: x\r\n\r\n", 11,
                      "{ok,{http_header,43,'Etag',[101,116,97,103],[120]},<<13,10>>}"));
    CU_ASSERT(term_is(GINET_PACKET_HTTPH_BIN, NULL, "a-b: x\r\n\r\n", 10,
                      "{ok,{http_header,0,<<65,45,66>>,<<97,45,98>>,<<120>>},<<13,10>>}"));
    CU_ASSERT(term_is(GINET_PACKET_HTTPH_BIN, NULL, "\r\n", 2, "{ok,http_eoh,<<>>}"));
    CU_ASSERT(term_is(GINET_PACKET_HTTP_BIN, NULL, "HTTP/1.1 200 OK\r\n", 17,
                      "{ok,{http_response,{1,1},200,<<79,75>>},<<>>}"));
    CU_ASSERT(term_is(GINET_PACKET_HTTP_BIN, NULL, "x\n", 2,
                      "{ok,{http_error,<<120,10>>},<<>>}"));
    CU_ASSERT(term_is(GINET_PACKET_HTTP, NULL, "GET https://h:8/ HTTP/1.1\r\n", 27,
                      "{ok,{http_request,'GET',{absoluteURI,https,[104],8,[47]},{1,1}},<<>>}"));
    CU_ASSERT(term_is(GINET_PACKET_HTTP, NULL, "GET a:b HTTP/1.1\r\n", 18,
                      "{ok,{http_request,'GET',{scheme,[97],[98]},{1,1}},<<>>}"));
    CU_ASSERT(term_is((ginet_packet_type)99, NULL, "", 0, "{'EXIT',badarg}"));

    ginet_term_arena *a = ginet_term_arena_new();
    ginet_packet p;
    CU_ASSERT_PTR_NULL(ginet_packet_term(NULL, &p));
    CU_ASSERT_PTR_NULL(ginet_packet_term(a, NULL));
    CU_ASSERT_PTR_NULL(ginet_decode_result_term(NULL, 0, &p, "", 0));
    CU_ASSERT_PTR_NULL(ginet_decode_result_term(a, GINET_DECODE_OK, NULL, "", 0));
    ginet_term_arena_free(a);
}

/* Bytes of every value in every position never crash or read out of
 * bounds (the sanitizer build checks the latter). */
static void test_any_bytes(void)
{
    uint8_t buf[64];
    uint32_t x = 12345;
    for (int iter = 0; iter < 20000; iter++) {
        size_t len = (size_t)(iter % 40);
        for (size_t i = 0; i < len; i++) {
            x = x * 1103515245u + 12345u;
            buf[i] = (uint8_t)(x >> 16);
        }
        ginet_packet_options o = opts_of((uint32_t)(iter % 7), (uint32_t)(iter % 5));
        for (int t = 0; t < GINET_PACKET_TYPE_COUNT; t++) {
            ginet_packet p;
            int rc = ginet_decode_packet((ginet_packet_type)t, &o, buf, len, &p);
            CU_ASSERT(rc >= GINET_DECODE_OK && rc <= GINET_DECODE_INVALID);
            if (rc == GINET_DECODE_OK)
                CU_ASSERT(p.size <= len && p.size > 0);
        }
    }
}

static const ginet_test_case type_cases[] = {
    {"names", test_type_names},
    {"integers", test_type_ints},
    {"bad_type", test_bad_type},
    {"options", test_options},
    {NULL, NULL}
};

static const ginet_test_case length_cases[] = {
    {"raw", test_raw},
    {"1_2_4", test_packet_1_2_4},
    {"packet_size", test_packet_size_limits},
    {"wrap_32bit", test_32bit_wrap},
    {"asn1", test_asn1},
    {"cdr_fcgi_tpkt_sunrm", test_cdr_fcgi_tpkt_sunrm},
    {"line", test_line},
    {"any_bytes", test_any_bytes},
    {NULL, NULL}
};

static const ginet_test_case http_cases[] = {
    {"request", test_http_request},
    {"uri", test_http_uri},
    {"response", test_http_response},
    {"header", test_http_header},
    {"limits", test_http_limits},
    {"tables", test_tables},
    {"tables_exact", test_tables_exact},
    {"terms", test_terms},
    {NULL, NULL}
};

extern const ginet_test_case packet_framer_cases[];
extern const ginet_test_case packet_batch_cases[];

static const ginet_test_suite suites[] = {
    {"packet_types", NULL, NULL, type_cases},
    {"packet_length", NULL, NULL, length_cases},
    {"packet_http", NULL, NULL, http_cases},
    {"packet_framer", NULL, NULL, packet_framer_cases},
    {"packet_batch", NULL, NULL, packet_batch_cases},
    {NULL, NULL, NULL, NULL}
};

int main(int argc, char **argv)
{
    return ginet_test_main(suites, argc, argv);
}
