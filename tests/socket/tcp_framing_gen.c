/*
 * tests/socket/tcp_framing_gen.c — builds, for every packet type, a byte
 * stream of packets of random sizes and contents, and records where each
 * packet a receiver must get lies in it.  The layouts are the formats
 * themselves (length headers, BER, GIOP, record marking, FastCGI, TPKT,
 * lines, HTTP/1.1), written from their definitions, not from ginet's
 * parser.
 */
#include "tests/socket/tcp_framing.h"
#include "tests/socket/tcp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct gen {
    tt_stream *s;
    size_t cap, fcap;
    int err;
    tt_rng r;
} gen;

static void put(gen *g, const void *p, size_t n)
{
    tt_stream *s = g->s;
    if (g->err)
        return;
    if (s->len + n > g->cap) {
        size_t cap = g->cap ? g->cap : 4096;
        while (cap < s->len + n)
            cap *= 2;
        uint8_t *d = realloc(s->data, cap);
        if (d == NULL) {
            g->err = 1;
            return;
        }
        s->data = d;
        g->cap = cap;
    }
    memcpy(s->data + s->len, p, n);
    s->len += n;
}

static void put_byte(gen *g, unsigned b)
{
    uint8_t c = (uint8_t)b;
    put(g, &c, 1);
}

static void put_be(gen *g, uint32_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--)
        put_byte(g, (v >> (8 * i)) & 0xFF);
}

static void put_random(gen *g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put_byte(g, tt_rand(&g->r) & 0xFF);
}

static void put_str(gen *g, const char *s)
{
    put(g, s, strlen(s));
}

static tt_frame *frame(gen *g, size_t off, size_t len)
{
    tt_stream *s = g->s;
    if (g->err)
        return NULL;
    if (s->count == g->fcap) {
        size_t cap = g->fcap ? g->fcap * 2 : 64;
        tt_frame *f = realloc(s->frames, cap * sizeof *f);
        if (f == NULL) {
            g->err = 1;
            return NULL;
        }
        s->frames = f;
        g->fcap = cap;
    }
    tt_frame *f = &s->frames[s->count++];
    memset(f, 0, sizeof *f);
    f->data_off = off;
    f->data_len = len;
    return f;
}

/* A packet size: mostly small, sometimes up to MAX. */
static size_t some_size(gen *g, size_t max)
{
    uint32_t k = tt_rand(&g->r) % 16;
    size_t lim = k == 0 ? max : k < 4 ? (max < 2000 ? max : 2000) : (max < 100 ? max : 100);
    return tt_rand_range(&g->r, 0, (uint32_t)lim);
}

static void gen_length(gen *g, int hlen, size_t max)
{
    size_t n = some_size(g, max);
    put_be(g, (uint32_t)n, hlen);
    size_t at = g->s->len;
    put_random(g, n);
    frame(g, at, n);
}

static void gen_asn1(gen *g)
{
    size_t start = g->s->len;
    size_t n = some_size(g, 3000);
    put_byte(g, tt_rand(&g->r) % 2 ? 0x04 : 0x30);   /* OCTET STRING, SEQUENCE */
    if (n < 128) {
        put_byte(g, (unsigned)n);
    } else if (n < 256) {
        put_byte(g, 0x81);
        put_byte(g, (unsigned)n);
    } else {
        put_byte(g, 0x82);
        put_be(g, (uint32_t)n, 2);
    }
    put_random(g, n);
    frame(g, start, g->s->len - start);
}

static void gen_cdr(gen *g)
{
    size_t start = g->s->len;
    size_t n = some_size(g, 3000);
    int little = tt_rand(&g->r) % 2;
    put_str(g, "GIOP");
    put_byte(g, 1);
    put_byte(g, 0);
    put_byte(g, (unsigned)little);               /* byte order of the size */
    put_byte(g, tt_rand(&g->r) % 8);             /* message type */
    if (little)
        for (int i = 0; i < 4; i++)
            put_byte(g, ((uint32_t)n >> (8 * i)) & 0xFF);
    else
        put_be(g, (uint32_t)n, 4);
    put_random(g, n);
    frame(g, start, g->s->len - start);
}

static void gen_sunrm(gen *g)
{
    size_t start = g->s->len;
    size_t n = some_size(g, 3000);
    put_be(g, (uint32_t)n | (tt_rand(&g->r) % 2 ? 0x80000000u : 0), 4);
    put_random(g, n);
    frame(g, start, g->s->len - start);
}

static void gen_fcgi(gen *g)
{
    size_t start = g->s->len;
    size_t n = some_size(g, 3000);
    unsigned pad = tt_rand(&g->r) % 8;
    put_byte(g, 1);                              /* version */
    put_byte(g, tt_rand_range(&g->r, 1, 11));    /* type */
    put_be(g, tt_rand(&g->r) & 0xFFFF, 2);       /* request id */
    put_be(g, (uint32_t)n, 2);
    put_byte(g, pad);
    put_byte(g, 0);
    put_random(g, n);
    frame(g, start, g->s->len - start);          /* the padding is not part of it */
    put_random(g, pad);
}

static void gen_tpkt(gen *g)
{
    size_t start = g->s->len;
    size_t n = some_size(g, 3000);
    put_byte(g, 3);
    put_byte(g, 0);
    put_be(g, (uint32_t)(n + 4), 2);
    put_random(g, n);
    frame(g, start, g->s->len - start);
}

static void gen_line(gen *g)
{
    size_t start = g->s->len;
    size_t n = some_size(g, 1000);
    for (size_t i = 0; i < n; i++)
        put_byte(g, tt_rand_range(&g->r, 0x20, 0x7E));
    put_byte(g, '\n');
    frame(g, start, g->s->len - start);
}

/* One header line "Name: Value\r\n" (and a continuation line when CONT). */
static void http_header(gen *g, const char *name, const char *value, int cont)
{
    size_t start = g->s->len;
    put_str(g, name);
    put_str(g, ": ");
    size_t voff = g->s->len;
    put_str(g, value);
    size_t vlen = g->s->len - voff;
    put_str(g, "\r\n");
    if (cont)
        put_str(g, " more\r\n");
    tt_frame *f = frame(g, start, g->s->len - start);
    if (f != NULL) {
        f->http_kind = GINET_HTTP_HEADER;
        f->a_off = start;
        f->a_len = strlen(name);
        f->b_off = voff;
        f->b_len = cont ? SIZE_MAX : vlen;
    }
}

static void http_eoh(gen *g)
{
    size_t start = g->s->len;
    put_str(g, "\r\n");
    tt_frame *f = frame(g, start, 2);
    if (f != NULL)
        f->http_kind = GINET_HTTP_EOH;
}

static void http_headers(gen *g, unsigned seq)
{
    char v[32];
    snprintf(v, sizeof v, "h%u.example", seq);
    http_header(g, "Host", v, 0);
    unsigned n = tt_rand(&g->r) % 4;
    for (unsigned i = 0; i < n; i++) {
        snprintf(v, sizeof v, "%u-%u", seq, i);
        http_header(g, "X-Seq", v, tt_rand(&g->r) % 4 == 0);
    }
    http_header(g, "Content-Type", "text/plain", 0);
    http_eoh(g);
}

static void gen_http(gen *g, unsigned seq)
{
    size_t start = g->s->len;
    char line[64];
    tt_frame *f;
    if (seq % 2 == 0) {
        int n = snprintf(line, sizeof line, "GET /p%u HTTP/1.1\r\n", seq);
        put(g, line, (size_t)n);
        f = frame(g, start, (size_t)n);
        if (f != NULL) {
            f->http_kind = GINET_HTTP_REQUEST;
            f->a_off = start + 4;
            f->a_len = (size_t)n - 4 - 11;       /* " HTTP/1.1\r\n" */
        }
    } else {
        int n = snprintf(line, sizeof line, "HTTP/1.1 200 OK%u\r\n", seq);
        put(g, line, (size_t)n);
        f = frame(g, start, (size_t)n);
        if (f != NULL) {
            f->http_kind = GINET_HTTP_RESPONSE;
            f->a_off = start + 13;
            f->a_len = (size_t)n - 13 - 2;
        }
    }
    http_headers(g, seq);
}

int tt_stream_build(ginet_packet_type type, uint64_t seed, size_t count, tt_stream *out)
{
    gen g;
    memset(&g, 0, sizeof g);
    memset(out, 0, sizeof *out);
    g.s = out;
    tt_rng_seed(&g.r, seed);
    if (type == GINET_PACKET_RAW) {
        put_random(&g, count * 700);
        frame(&g, 0, out->len);
    }
    for (size_t i = 0; type != GINET_PACKET_RAW && i < count && !g.err; i++) {
        switch (type) {
        case GINET_PACKET_1: gen_length(&g, 1, 255); break;
        case GINET_PACKET_2: gen_length(&g, 2, i == 1 ? 65535 : 5000); break;
        case GINET_PACKET_4: gen_length(&g, 4, i == 1 ? 300000 : 5000); break;
        case GINET_PACKET_ASN1: gen_asn1(&g); break;
        case GINET_PACKET_CDR: gen_cdr(&g); break;
        case GINET_PACKET_SUNRM: gen_sunrm(&g); break;
        case GINET_PACKET_FCGI: gen_fcgi(&g); break;
        case GINET_PACKET_TPKT: gen_tpkt(&g); break;
        case GINET_PACKET_LINE: gen_line(&g); break;
        case GINET_PACKET_HTTP:
        case GINET_PACKET_HTTP_BIN: gen_http(&g, (unsigned)i); break;
        case GINET_PACKET_HTTPH:
        case GINET_PACKET_HTTPH_BIN: http_headers(&g, (unsigned)i); break;
        default: g.err = 1; break;
        }
    }
    if (g.err) {
        tt_stream_free(out);
        return -1;
    }
    return 0;
}

void tt_stream_free(tt_stream *s)
{
    free(s->data);
    free(s->frames);
    memset(s, 0, sizeof *s);
}
