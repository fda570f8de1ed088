/*
 * tests/unit/test_packet_batch.c — the "packet_batch" suite of test-packet:
 * the batch API (ginet_decode_packets, ginet_framer_next_batch) — spans,
 * where a batch stops (MAX reached, more needed, an invalid packet), the
 * HTTP state carried from batch to batch, bad arguments — and two property
 * tests: a batch gives exactly what ginet_decode_packet() called again and
 * again gives, and a framer drained in batches gives exactly what
 * ginet_framer_next() gives, whatever the split and the batch sizes.
 *
 * The property tests print their seed; GINET_PACKET_SEED replays another.
 */
#include "harness.h"
#include "test_packet_gen.h"

#include <ginet/ginet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- helpers */

static int span_eq(const ginet_packet_batch *b, size_t i, const void *bytes,
                   size_t n)
{
    return i < b->count && b->spans[i].len == n &&
           (n == 0 || memcmp(b->base + b->spans[i].offset, bytes, n) == 0);
}

static int span_is(const ginet_packet_batch *b, size_t i, const char *text)
{
    return span_eq(b, i, text, strlen(text));
}

#define LIT(s) (s), sizeof(s) - 1

/* ------------------------------------------------------ decode_packets */

static void test_basic(void)
{
    static const uint8_t in[] = "\0\0\0\3abc" "\0\0\0\0" "\0\0\0\2x";
    ginet_packet_span spans[8];
    ginet_packet_batch b = { .spans = spans, .max = 8 };

    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_4, NULL, in,
                                         sizeof in - 1, &b), 2);
    CU_ASSERT_EQUAL(b.count, 2);
    CU_ASSERT_PTR_EQUAL(b.base, in);
    CU_ASSERT_EQUAL(spans[0].offset, 4);
    CU_ASSERT(span_is(&b, 0, "abc"));
    CU_ASSERT_EQUAL(spans[1].offset, 11);
    CU_ASSERT(span_is(&b, 1, ""));
    CU_ASSERT_EQUAL(b.consumed, 11);
    CU_ASSERT_EQUAL(b.status, GINET_DECODE_MORE);
    CU_ASSERT_EQUAL(b.needed, 6);                  /* {more,6} */

    /* The header of the next one incomplete: {more,undefined}. */
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_4, NULL, in, 9, &b), 1);
    CU_ASSERT_EQUAL(b.consumed, 7);
    CU_ASSERT_EQUAL(b.status, GINET_DECODE_MORE);
    CU_ASSERT_EQUAL(b.needed, 0);

    /* Nothing at all. */
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_4, NULL, NULL, 0, &b), 0);
    CU_ASSERT_EQUAL(b.status, GINET_DECODE_MORE);
    CU_ASSERT_EQUAL(b.consumed, 0);

    /* fcgi: the span leaves the padding out; consumed counts it. */
    static const uint8_t fcgi[] = "\1\6\0\1\0\2\3\0" "ab" "pad";
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_FCGI, NULL, fcgi,
                                         sizeof fcgi - 1, &b), 1);
    CU_ASSERT(span_eq(&b, 0, "\1\6\0\1\0\2\3\0ab", 10));
    CU_ASSERT_EQUAL(b.consumed, 13);
    CU_ASSERT_EQUAL(b.status, GINET_DECODE_MORE);

    /* raw: everything, then "more". */
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_RAW, NULL, LIT("xyz"), &b), 1);
    CU_ASSERT(span_is(&b, 0, "xyz"));
    CU_ASSERT_EQUAL(b.status, GINET_DECODE_MORE);
    CU_ASSERT_EQUAL(b.needed, 0);
}

static void test_max_and_invalid(void)
{
    static const uint8_t in[] = "\1a\1b\1c\3def";
    ginet_packet_span spans[2];
    ginet_packet_batch b = { .spans = spans, .max = 2 };

    /* MAX reached: OK, and the rest goes on where it stopped. */
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_1, NULL, in,
                                         sizeof in - 1, &b), 2);
    CU_ASSERT_EQUAL(b.status, GINET_DECODE_OK);
    CU_ASSERT_EQUAL(b.consumed, 4);
    CU_ASSERT(span_is(&b, 1, "b"));
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_1, NULL, in + 4,
                                         sizeof in - 5, &b), 2);
    CU_ASSERT(span_is(&b, 0, "c"));
    CU_ASSERT(span_is(&b, 1, "def"));
    CU_ASSERT_EQUAL(b.status, GINET_DECODE_OK);   /* even with nothing left */

    /* packet_size 2: "def" is invalid, after the packets before it. */
    ginet_packet_options o;
    ginet_packet_options_init(&o);
    o.packet_size = 2;
    spans[0].len = 99;
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_1, &o, in + 4,
                                         sizeof in - 5, &b), 1);
    CU_ASSERT(span_is(&b, 0, "c"));
    CU_ASSERT_EQUAL(b.status, GINET_DECODE_INVALID);
    CU_ASSERT_EQUAL(b.consumed, 2);

    /* {packet,4} past a C int is invalid, as one-shot. */
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_4, NULL,
                                         LIT("\x7f\xff\xff\xfc"), &b), 0);
    CU_ASSERT_EQUAL(b.status, GINET_DECODE_INVALID);
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_4, NULL,
                                         LIT("\x7f\xff\xff\xfb"), &b), 0);
    CU_ASSERT_EQUAL(b.status, GINET_DECODE_MORE);
    CU_ASSERT_EQUAL(b.needed, 0x7fffffff);

    /* Bad arguments. */
    CU_ASSERT_EQUAL(ginet_decode_packets((ginet_packet_type)14, NULL, in, 1, &b),
                    GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_1, NULL, in, 1, NULL),
                    GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_1, NULL, NULL, 1, &b),
                    GINET_EINVAL);
    b.max = 0;
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_1, NULL, in, 1, &b),
                    GINET_EINVAL);
    b.max = 2;
    b.spans = NULL;
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_1, NULL, in, 1, &b),
                    GINET_EINVAL);
}

static void test_http(void)
{
    static const char in[] =
        "GET / HTTP/1.1\r\nHost: x\r\nbad\r\n\r\n"
        "HTTP/1.0 200 OK\r\nServer: y\r\n\r\nHost: z\r\n";
    static const ginet_http_kind kinds[] = {
        GINET_HTTP_REQUEST, GINET_HTTP_HEADER, GINET_HTTP_ERROR,
        GINET_HTTP_EOH, GINET_HTTP_RESPONSE, GINET_HTTP_HEADER,
        GINET_HTTP_EOH, GINET_HTTP_ERROR       /* a start line is due */
    };
    static const int states[] = { 1, 1, 1, 0, 1, 1, 0, 0 };
    ginet_packet_span spans[1];
    ginet_http_packet http[1];
    ginet_packet_batch b = { .spans = spans, .http = http, .max = 1 };
    size_t pos = 0, n = sizeof in - 1;

    /* One line per batch: the state goes from batch to batch. */
    for (size_t i = 0; i < 8; i++) {
        CU_ASSERT_EQUAL_FATAL(ginet_decode_packets(GINET_PACKET_HTTP_BIN, NULL,
                                                   in + pos, n - pos, &b), 1);
        CU_ASSERT_EQUAL(http[0].kind, kinds[i]);
        CU_ASSERT_EQUAL(b.http_state, states[i]);
        pos += b.consumed;
    }
    CU_ASSERT_EQUAL(pos, n);
    CU_ASSERT_EQUAL(http[0].line.len, 9);          /* "Host: z\r\n" */

    /* All at once, without the parses: the same spans. */
    ginet_packet_span all[16];
    ginet_packet_batch c = { .spans = all, .max = 16 };
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_HTTP_BIN, NULL, in, n, &c), 8);
    CU_ASSERT(span_is(&c, 2, "bad\r\n"));
    CU_ASSERT_EQUAL(c.status, GINET_DECODE_MORE);
    CU_ASSERT_EQUAL(c.consumed, n);
    CU_ASSERT_EQUAL(c.http_state, 0);

    /* A header line at the very end waits for the byte after it. */
    c.http_state = 1;
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_HTTP, NULL,
                                         LIT("Host: a\r\nVia: b\r\n"), &c), 1);
    CU_ASSERT_EQUAL(c.status, GINET_DECODE_MORE);
    CU_ASSERT_EQUAL(c.consumed, 9);

    /* An over-long line is invalid after the lines before it. */
    ginet_packet_options o;
    ginet_packet_options_init(&o);
    o.packet_size = 10;
    c.http_state = 0;
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_HTTP_BIN, &o,
                                         LIT("GET / HTTP/1.1\r\n"), &c), 0);
    CU_ASSERT_EQUAL(c.status, GINET_DECODE_INVALID);
    CU_ASSERT_EQUAL(ginet_decode_packets(GINET_PACKET_HTTPH_BIN, &o,
                                         LIT("A: b\r\nC: this is long\r\n"),
                                         &c), 1);
    CU_ASSERT_EQUAL(c.status, GINET_DECODE_INVALID);
    CU_ASSERT_EQUAL(c.consumed, 6);
}

/* ------------------------------------------------------ framer batches */

static void test_framer(void)
{
    ginet_framer *f = NULL;
    ginet_packet_options o;
    ginet_packet_options_init(&o);
    o.packet_size = 3;
    CU_ASSERT_EQUAL_FATAL(ginet_framer_new(GINET_PACKET_2, &o, &f), 0);
    ginet_packet_span spans[2];
    ginet_packet_batch b = { .spans = spans, .max = 2 };

    CU_ASSERT_EQUAL(ginet_framer_next_batch(f, &b), 0);      /* no buffer yet */
    CU_ASSERT_EQUAL(b.status, GINET_DECODE_MORE);
    CU_ASSERT_EQUAL(ginet_framer_feed(f, LIT("\0\1a\0\2bc\0\0\0\3d")), 0);
    CU_ASSERT_EQUAL(ginet_framer_next_batch(f, &b), 2);
    CU_ASSERT_EQUAL(b.status, GINET_DECODE_OK);
    CU_ASSERT(span_is(&b, 0, "a"));
    CU_ASSERT(span_is(&b, 1, "bc"));
    CU_ASSERT_EQUAL(ginet_framer_buffered(f), 5);
    const uint8_t *first = b.base + spans[0].offset;
    CU_ASSERT_EQUAL(ginet_framer_next_batch(f, &b), 1);
    CU_ASSERT(span_is(&b, 0, ""));
    CU_ASSERT_EQUAL(b.status, GINET_DECODE_MORE);
    CU_ASSERT_EQUAL(b.needed, 5);
    CU_ASSERT_EQUAL(*first, 'a');            /* earlier packets stay valid */
    CU_ASSERT_EQUAL(ginet_framer_feed(f, LIT("ef\0\4")), 0);
    CU_ASSERT_EQUAL(ginet_framer_next_batch(f, &b), 1);
    CU_ASSERT(span_is(&b, 0, "def"));
    CU_ASSERT_EQUAL(b.status, GINET_EMSGSIZE);       /* 4 > packet_size */
    CU_ASSERT_EQUAL(ginet_framer_next_batch(f, &b), 0);
    CU_ASSERT_EQUAL(b.status, GINET_EMSGSIZE);       /* sticky */
    ginet_packet p;
    CU_ASSERT_EQUAL(ginet_framer_next(f, &p), GINET_EMSGSIZE);
    ginet_framer_reset(f);
    CU_ASSERT_EQUAL(ginet_framer_next_batch(f, &b), 0);
    CU_ASSERT_EQUAL(b.status, GINET_DECODE_MORE);

    /* HTTP: the framer's state, and the parses. */
    ginet_http_packet http[2];
    b.http = http;
    CU_ASSERT_EQUAL(ginet_framer_set_type(f, GINET_PACKET_HTTP_BIN, NULL), 0);
    CU_ASSERT_EQUAL(ginet_framer_feed(f, LIT("GET /x HTTP/1.1\r\nA: b\r\n\r\n")), 0);
    CU_ASSERT_EQUAL(ginet_framer_next_batch(f, &b), 2);
    CU_ASSERT_EQUAL(http[0].kind, GINET_HTTP_REQUEST);
    CU_ASSERT_EQUAL(http[1].kind, GINET_HTTP_HEADER);
    CU_ASSERT_EQUAL(b.http_state, 1);
    CU_ASSERT_EQUAL(ginet_framer_next_batch(f, &b), 1);
    CU_ASSERT_EQUAL(http[0].kind, GINET_HTTP_EOH);
    CU_ASSERT_EQUAL(b.http_state, 0);
    CU_ASSERT_EQUAL(ginet_framer_http_state(f), 0);

    /* raw: everything buffered is one packet. */
    CU_ASSERT_EQUAL(ginet_framer_set_type(f, GINET_PACKET_RAW, NULL), 0);
    CU_ASSERT_EQUAL(ginet_framer_feed(f, LIT("abc")), 0);
    CU_ASSERT_EQUAL(ginet_framer_next_batch(f, &b), 1);
    CU_ASSERT(span_is(&b, 0, "abc"));
    CU_ASSERT_EQUAL(b.status, GINET_DECODE_MORE);

    CU_ASSERT_EQUAL(ginet_framer_next_batch(NULL, &b), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_framer_next_batch(f, NULL), GINET_EINVAL);
    b.max = 0;
    CU_ASSERT_EQUAL(ginet_framer_next_batch(f, &b), GINET_EINVAL);
    ginet_framer_free(f);
}

/* ------------------------------------------- scanner block boundaries */

/* Decode the LEN bytes at TEXT from a heap copy of exactly that size, so
 * that a sanitizer build catches any read past the end. */
static int dec_exact(ginet_packet_type t, const char *text, size_t len,
                     ginet_packet *p, uint8_t **copy)
{
    *copy = malloc(len ? len : 1);
    if (*copy == NULL)
        return -1;
    memcpy(*copy, text, len);
    return ginet_decode_packet(t, NULL, *copy, len, p);
}

/*
 * The HTTP parser looks for line ends, colons and the end of the URI 16
 * (SSE2) or 8 bytes at a time (core/packet/scan.h): every length around
 * those block sizes, at the very end of the bytes given.
 */
static void test_scan_boundaries(void)
{
    char line[256], want[128];
    for (size_t k = 0; k < 70; k++) {
        memset(want, 'a', k);
        want[k] = '\0';
        uint8_t *copy;
        ginet_packet p;

        /* URI of k + 1 bytes, HTTP/1.1 and HTTP/0.9 forms. */
        int n = snprintf(line, sizeof line, "GET /%s HTTP/1.1\r\n", want);
        CU_ASSERT_EQUAL(dec_exact(GINET_PACKET_HTTP_BIN, line, (size_t)n, &p,
                                  &copy), GINET_DECODE_OK);
        CU_ASSERT(p.http.kind == GINET_HTTP_REQUEST &&
                  p.http.uri.path.len == k + 1 && p.http.minor == 1);
        free(copy);
        n = snprintf(line, sizeof line, "GET /%s\r\n", want);
        CU_ASSERT_EQUAL(dec_exact(GINET_PACKET_HTTP_BIN, line, (size_t)n, &p,
                                  &copy), GINET_DECODE_OK);
        CU_ASSERT(p.http.kind == GINET_HTTP_REQUEST &&
                  p.http.uri.path.len == k + 1 && p.http.minor == 9);
        free(copy);
        /* A TAB ends the URI too. */
        n = snprintf(line, sizeof line, "GET /%s\tHTTP/1.0\n", want);
        CU_ASSERT_EQUAL(dec_exact(GINET_PACKET_HTTP_BIN, line, (size_t)n, &p,
                                  &copy), GINET_DECODE_OK);
        CU_ASSERT(p.http.kind == GINET_HTTP_REQUEST &&
                  p.http.uri.path.len == k + 1 && p.http.minor == 0);
        free(copy);

        /* Header names and values of every length; the line is followed
         * by one byte (the peek), or by nothing (more). */
        if (k > 0) {
            n = snprintf(line, sizeof line, "%s: v\r\nX", want);
            CU_ASSERT_EQUAL(dec_exact(GINET_PACKET_HTTPH_BIN, line, (size_t)n,
                                      &p, &copy), GINET_DECODE_OK);
            CU_ASSERT(p.http.kind == GINET_HTTP_HEADER &&
                      p.http.name.len == k && p.http.value.len == 1);
            free(copy);
        }
        n = snprintf(line, sizeof line, "Host:%s\r\n\t", want);
        CU_ASSERT_EQUAL(dec_exact(GINET_PACKET_HTTPH_BIN, line, (size_t)n, &p,
                                  &copy), GINET_DECODE_MORE);
        free(copy);
        n = snprintf(line, sizeof line, "Host: %s\r\n\r\n", want);
        CU_ASSERT_EQUAL(dec_exact(GINET_PACKET_HTTPH_BIN, line, (size_t)n, &p,
                                  &copy), GINET_DECODE_OK);
        CU_ASSERT(p.http.kind == GINET_HTTP_HEADER &&
                  p.http.field == GINET_HTTP_HOST && p.http.value.len == k &&
                  p.size == (size_t)n - 2);
        free(copy);
        /* No colon on the line (one on the next): an error. */
        n = snprintf(line, sizeof line, "%s\r\nA:b\r\n", want);
        CU_ASSERT_EQUAL(dec_exact(GINET_PACKET_HTTPH_BIN, line, (size_t)n, &p,
                                  &copy), GINET_DECODE_OK);
        CU_ASSERT(p.http.kind == (k ? GINET_HTTP_ERROR : GINET_HTTP_EOH));
        free(copy);
        /* No line end at all. */
        CU_ASSERT_EQUAL(dec_exact(GINET_PACKET_HTTPH_BIN, want, k, &p, &copy),
                        GINET_DECODE_MORE);
        free(copy);
    }
}

/* ------------------------------------------------------ property tests */

static const ginet_packet_type all_types[] = {
    GINET_PACKET_1, GINET_PACKET_2, GINET_PACKET_4, GINET_PACKET_ASN1,
    GINET_PACKET_CDR, GINET_PACKET_FCGI, GINET_PACKET_SUNRM,
    GINET_PACKET_TPKT, GINET_PACKET_LINE, GINET_PACKET_HTTP,
    GINET_PACKET_HTTPH, GINET_PACKET_HTTP_BIN, GINET_PACKET_HTTPH_BIN,
};
#define NTYPES (sizeof all_types / sizeof all_types[0])

static uint64_t seed_from_env(uint64_t dflt, const char *what)
{
    const char *env = getenv("GINET_PACKET_SEED");
    uint64_t seed = env != NULL && *env != '\0' ? strtoull(env, NULL, 10)
                                                : dflt;
    printf("  %s seed %llu (GINET_PACKET_SEED=N to replay)\n", what,
           (unsigned long long)seed);
    return seed ? seed : 1;
}

static void random_options(ginet_packet_type t, ginet_packet_options *o)
{
    ginet_packet_options_init(o);
    if (pg_rnd(3) == 0)
        o->packet_size = 1 + pg_rnd(pg_rnd(2) ? 64 : 700);
    if (pg_rnd(3) == 0)
        o->line_length = 1 + pg_rnd(pg_rnd(2) ? 16 : 200);
    if (t == GINET_PACKET_LINE && pg_rnd(2))
        o->line_delimiter = (uint8_t)pg_rnd(256);
}

static size_t random_max(void)
{
    return pg_rnd(3) == 0 ? 256 : 1 + pg_rnd(pg_rnd(2) ? 3 : 20);
}

static void describe_end(pg_bytes *out, int status, size_t needed,
                         size_t consumed, int state)
{
    char tmp[96];
    snprintf(tmp, sizeof tmp, "end %d needed=%zu at=%zu state=%d\n", status,
             needed, consumed, state);
    pg_put_s(out, tmp);
}

/* One packet of a batch, described as pg_describe_data() does (for HTTP
 * types without the parse when the batch has none). */
static void describe_span(pg_bytes *out, ginet_packet_type t,
                          const ginet_packet_batch *b, size_t i)
{
    ginet_slice s = { b->base + b->spans[i].offset, b->spans[i].len };
    pg_put_s(out, "pkt");
    if (b->http == NULL)
        t = GINET_PACKET_RAW;
    pg_describe_data(out, t, s, b->http ? &b->http[i] : NULL);
    pg_put_s(out, "\n");
}

/*
 * ginet_decode_packet() again and again on the rest, with the HTTP state a
 * socket keeps (the type switched to httph after a start line and back
 * after http_eoh) — the model ginet_decode_packets() must match.  STATES
 * gets the state after each packet.  WITH_HTTP 0: HTTP lines are described
 * by their data only.
 */
static void oneshot_model(ginet_packet_type t, const ginet_packet_options *o,
                          const pg_bytes *in, pg_bytes *out, int *states,
                          int with_http)
{
    size_t pos = 0, k = 0;
    int state = 0;
    for (;;) {
        ginet_packet_type u = t;
        if (t == GINET_PACKET_HTTPH || t == GINET_PACKET_HTTPH_BIN)
            state = 1;
        else if (t == GINET_PACKET_HTTP)
            u = state ? GINET_PACKET_HTTPH : t;
        else if (t == GINET_PACKET_HTTP_BIN)
            u = state ? GINET_PACKET_HTTPH_BIN : t;
        ginet_packet p;
        int rc = ginet_decode_packet(u, o, in->p + pos, in->n - pos, &p);
        if (rc != GINET_DECODE_OK) {
            describe_end(out, rc, rc == GINET_DECODE_MORE ? p.needed : 0, pos,
                         state);
            return;
        }
        if (ginet_packet_type_is_http(t)) {
            if (p.http.kind == GINET_HTTP_REQUEST ||
                p.http.kind == GINET_HTTP_RESPONSE)
                state = 1;
            else if (p.http.kind == GINET_HTTP_EOH)
                state = 0;
        }
        states[k++] = state;
        pg_put_s(out, "pkt");
        pg_describe_data(out, with_http ? t : GINET_PACKET_RAW, p.data,
                         &p.http);
        pg_put_s(out, "\n");
        pos += p.size;
    }
}

static void test_property_decode(void)
{
    pg_rng_state = seed_from_env(20250311, "batch");
    static int states[70000];
    static ginet_packet_span spans[256];
    static ginet_http_packet http[256];
    int failures = 0;

    for (int iter = 0; iter < 3000; iter++) {
        ginet_packet_type t = all_types[pg_rnd(NTYPES)];
        ginet_packet_options o;
        random_options(t, &o);
        pg_bytes in = { 0 }, want = { 0 }, got = { 0 };
        pg_make_stream(t, &in, o.line_delimiter);
        if (pg_out_of_memory || in.n >= sizeof states / sizeof states[0])
            break;
        int with_http = pg_rnd(4) != 0;
        oneshot_model(t, &o, &in, &want, states, with_http);

        ginet_packet_batch b = { .spans = spans, .max = random_max(),
                                 .http = with_http ? http : NULL };
        size_t pos = 0, k = 0;
        int state_ok = 1;
        for (;;) {
            ptrdiff_t n = ginet_decode_packets(t, &o, in.p + pos, in.n - pos, &b);
            CU_ASSERT_FATAL(n >= 0 && (size_t)n == b.count && b.count <= b.max);
            CU_ASSERT(b.base == in.p + pos);
            for (size_t i = 0; i < b.count; i++)
                describe_span(&got, t, &b, i);
            k += b.count;
            /* Between batches, the state after the last packet. */
            if (b.count > 0 && b.status == GINET_DECODE_OK &&
                ginet_packet_type_is_http(t) && b.http_state != states[k - 1])
                state_ok = 0;
            pos += b.consumed;
            if (b.status != GINET_DECODE_OK)
                break;
        }
        describe_end(&got, b.status, b.needed, pos, b.http_state);
        if (!state_ok || got.n != want.n || memcmp(got.p, want.p, want.n) != 0) {
            if (failures++ < 3) {
                printf("  batch mismatch: iteration %d, type %s, max %zu%s\n",
                       iter, ginet_packet_type_name(t), b.max,
                       state_ok ? "" : " (HTTP state)");
                pg_show_difference(&want, &got);
            }
        }
        free(in.p);
        free(want.p);
        free(got.p);
    }
    CU_ASSERT_EQUAL(failures, 0);
    CU_ASSERT_FALSE(pg_out_of_memory);
}

/* Drain F with ginet_framer_next(); returns 1 after an error. */
static int drain_next(ginet_framer *f, ginet_packet_type t, pg_bytes *out)
{
    for (;;) {
        ginet_packet p;
        int rc = ginet_framer_next(f, &p);
        if (rc != GINET_DECODE_OK) {
            describe_end(out, rc, rc == GINET_DECODE_MORE ? p.needed : 0,
                         ginet_framer_buffered(f), ginet_framer_http_state(f));
            return rc != GINET_DECODE_MORE;
        }
        pg_put_s(out, "pkt");
        pg_describe_data(out, t, p.data, &p.http);
        pg_put_s(out, "\n");
    }
}

/* Drain F in batches of random sizes (now and then a next() between). */
static int drain_batch(ginet_framer *f, ginet_packet_type t,
                       ginet_packet_batch *b, pg_bytes *out)
{
    for (;;) {
        if (pg_rnd(8) == 0) {
            ginet_packet p;
            int rc = ginet_framer_next(f, &p);
            if (rc != GINET_DECODE_OK) {
                describe_end(out, rc, rc == GINET_DECODE_MORE ? p.needed : 0,
                             ginet_framer_buffered(f), ginet_framer_http_state(f));
                return rc != GINET_DECODE_MORE;
            }
            pg_put_s(out, "pkt");
            pg_describe_data(out, t, p.data, &p.http);
            pg_put_s(out, "\n");
            continue;
        }
        b->max = random_max();
        ptrdiff_t n = ginet_framer_next_batch(f, b);
        if (n < 0 || (size_t)n != b->count || b->count > b->max)
            return -1;
        for (size_t i = 0; i < b->count; i++)
            describe_span(out, t, b, i);
        if (b->http_state != ginet_framer_http_state(f))
            return -1;
        if (b->status != GINET_DECODE_OK) {
            describe_end(out, b->status, b->needed, ginet_framer_buffered(f),
                         b->http_state);
            return b->status != GINET_DECODE_MORE;
        }
    }
}

static void test_property_framer(void)
{
    pg_rng_state = seed_from_env(20250312, "framer batch");
    static ginet_packet_span spans[256];
    static ginet_http_packet http[256];
    int failures = 0;

    for (int iter = 0; iter < 3000; iter++) {
        ginet_packet_type t = all_types[pg_rnd(NTYPES)];
        ginet_packet_options o;
        random_options(t, &o);
        pg_bytes in = { 0 }, want = { 0 }, got = { 0 };
        pg_make_stream(t, &in, o.line_delimiter);
        ginet_framer *a = NULL, *f = NULL;
        CU_ASSERT_FATAL(ginet_framer_new(t, &o, &a) == 0 &&
                        ginet_framer_new(t, &o, &f) == 0);
        ginet_packet_batch b = { .spans = spans, .http = http };
        int done = 0, bad = 0;
        size_t pos = 0;
        while (!done && pos < in.n) {
            size_t chunk = pg_rnd(4) == 0 ? 1 : 1 + pg_rnd(pg_rnd(2) ? 8 : 300);
            if (chunk > in.n - pos)
                chunk = in.n - pos;
            CU_ASSERT(ginet_framer_feed(a, in.p + pos, chunk) == 0 &&
                      ginet_framer_feed(f, in.p + pos, chunk) == 0);
            pos += chunk;
            if (pg_rnd(3) == 0 && pos < in.n)
                continue;           /* drain after some pieces only */
            done = drain_next(a, t, &want);
            int rc = drain_batch(f, t, &b, &got);
            bad |= rc < 0;
            done |= rc != 0;
        }
        if (!done) {
            drain_next(a, t, &want);
            bad |= drain_batch(f, t, &b, &got) < 0;
        }
        if (bad || got.n != want.n || memcmp(got.p, want.p, want.n) != 0) {
            if (failures++ < 3) {
                printf("  framer batch mismatch: iteration %d, type %s%s\n",
                       iter, ginet_packet_type_name(t),
                       bad ? " (bad batch result)" : "");
                pg_show_difference(&want, &got);
            }
        }
        ginet_framer_free(a);
        ginet_framer_free(f);
        free(in.p);
        free(want.p);
        free(got.p);
    }
    CU_ASSERT_EQUAL(failures, 0);
    CU_ASSERT_FALSE(pg_out_of_memory);
}

const ginet_test_case packet_batch_cases[] = {
    {"basic", test_basic},
    {"max_and_invalid", test_max_and_invalid},
    {"http", test_http},
    {"framer", test_framer},
    {"scan_boundaries", test_scan_boundaries},
    {"property_decode", test_property_decode},
    {"property_framer", test_property_framer},
    {NULL, NULL}
};
