/*
 * bench/decode_packet_inputs.c — makes the byte streams of the
 * decode_packet benchmark.  Each stream is about 256 KB (it stays in the
 * L2 cache, as a socket's receive buffer does), holds whole packets only,
 * and comes from a fixed pseudo-random sequence, so every run and every
 * implementation sees the same bytes.
 *
 *   raw          64 KB taken at once
 *   packet1_32   {packet,1}, 32-byte messages (small control messages)
 *   packet2_512  {packet,2}, 512-byte messages
 *   packet4_64   {packet,4}, 64-byte messages (RPC requests, events)
 *   packet4_4k   {packet,4}, 4 KB messages (bulk transfer)
 *   asn1         BER SEQUENCEs of 100..250 bytes (LDAP-like)
 *   cdr          GIOP 1.2 little-endian Requests of 140..320 bytes
 *   sunrm        ONC RPC records of 120..200 bytes, last-fragment bit set
 *   fcgi         FastCGI STDOUT records of 1..8 KB with padding
 *   tpkt         RFC 1006 TPKTs of 40..120 bytes
 *   line         log lines of 60..160 bytes
 *   http_bin_requests, http_requests, http_bin_responses,
 *   httph_bin_headers, httph_headers
 *                the heads of bench/http-heads.txt, CRLF line ends
 */
#include "decode_packet_inputs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STREAM_TARGET (256u * 1024u)

typedef struct buf {
    uint8_t *p;
    size_t n, cap;
} buf;

static int oom;

static void put(buf *b, const void *d, size_t n)
{
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n)
            cap *= 2;
        uint8_t *p = realloc(b->p, cap);
        if (p == NULL) {
            oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, d, n);
    b->n += n;
}

static void put_u8(buf *b, unsigned v)
{
    uint8_t c = (uint8_t)v;
    put(b, &c, 1);
}

static void put_s(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* xorshift64*: a fixed sequence for reproducible inputs. */
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * 2685821657736338717ull) >> 32) % n;
}

static uint32_t between(uint32_t lo, uint32_t hi)
{
    return lo + rnd(hi - lo + 1);
}

/* Body bytes: printable text, never 0xA5 (the memchr baseline looks for
 * that byte and must scan everything). */
static void put_body(buf *b, size_t n)
{
    static const char alphabet[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.:{}\"";
    for (size_t i = 0; i < n; i++)
        put_u8(b, (uint8_t)alphabet[rnd(sizeof alphabet - 1)]);
}

/* ------------------------------------------------------ length-prefixed */

static size_t gen_packetN(buf *b, unsigned hlen, size_t body)
{
    size_t count = 0;
    while (b->n < STREAM_TARGET) {
        for (unsigned i = hlen; i > 0; i--)
            put_u8(b, (unsigned)(body >> (8 * (i - 1))));
        put_body(b, body);
        count++;
    }
    return count;
}

static size_t gen_asn1(buf *b)
{
    size_t count = 0;
    while (b->n < STREAM_TARGET) {
        uint32_t len = between(100, 250);
        put_u8(b, 0x30);                  /* SEQUENCE, constructed */
        put_u8(b, 0x81);                  /* long form, one length byte */
        put_u8(b, len);
        put_u8(b, 0x02);                  /* INTEGER messageID */
        put_u8(b, 0x01);
        put_u8(b, between(1, 127));
        put_u8(b, 0x63);                  /* [APPLICATION 3] SearchRequest */
        put_u8(b, 0x81);
        put_u8(b, len - 6);
        put_body(b, len - 6);
        count++;
    }
    return count;
}

static size_t gen_cdr(buf *b)
{
    size_t count = 0;
    while (b->n < STREAM_TARGET) {
        uint32_t size = between(128, 308);
        put_s(b, "GIOP");
        put_u8(b, 1);                     /* version 1.2 */
        put_u8(b, 2);
        put_u8(b, 1);                     /* flags: little-endian */
        put_u8(b, 0);                     /* Request */
        for (int i = 0; i < 4; i++)
            put_u8(b, size >> (8 * i));
        put_body(b, size);
        count++;
    }
    return count;
}

static size_t gen_sunrm(buf *b)
{
    size_t count = 0;
    while (b->n < STREAM_TARGET) {
        uint32_t len = between(30, 50) * 4;
        uint32_t mark = 0x80000000u | len;
        for (int i = 3; i >= 0; i--)
            put_u8(b, mark >> (8 * i));
        put_body(b, len);
        count++;
    }
    return count;
}

static size_t gen_fcgi(buf *b)
{
    size_t count = 0;
    while (b->n < STREAM_TARGET) {
        uint32_t clen = between(1000, 8000);
        uint32_t pad = (8 - clen % 8) % 8;
        put_u8(b, 1);                     /* version */
        put_u8(b, 6);                     /* FCGI_STDOUT */
        put_u8(b, 0);                     /* request id 1 */
        put_u8(b, 1);
        put_u8(b, clen >> 8);
        put_u8(b, clen);
        put_u8(b, pad);
        put_u8(b, 0);
        put_body(b, clen + pad);
        count++;
    }
    return count;
}

static size_t gen_tpkt(buf *b)
{
    size_t count = 0;
    while (b->n < STREAM_TARGET) {
        uint32_t total = between(40, 120);
        put_u8(b, 3);
        put_u8(b, 0);
        put_u8(b, total >> 8);
        put_u8(b, total);
        put_u8(b, 2);                     /* X.224 DT TPDU */
        put_u8(b, 0xf0);
        put_u8(b, 0x80);
        put_body(b, total - 7);
        count++;
    }
    return count;
}

static size_t gen_line(buf *b)
{
    static const char *const levels[] = { "INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR" };
    static const char *const what[] = {
        "GET /api/v1/orders", "POST /api/v1/orders", "GET /static/app.js",
        "cache miss for key", "db query", "GET /health",
    };
    size_t count = 0;
    while (b->n < STREAM_TARGET) {
        char line[256];
        int n = snprintf(line, sizeof line,
                         "2023-10-11T14:%02u:%02u.%03uZ %s [worker-%u] %s id=%08x took %ums",
                         rnd(60), rnd(60), rnd(1000), levels[rnd(6)], rnd(16),
                         what[rnd(6)], rnd(0x7fffffff), rnd(2000));
        put(b, line, (size_t)n);
        size_t pad = rnd(60);
        if (pad > 0) {
            put_s(b, " msg=");
            put_body(b, pad);
        }
        put_u8(b, '\n');
        count++;
    }
    return count;
}

/* ---------------------------------------------------------------- HTTP */

typedef struct head {
    uint8_t *p;      /* the head with CRLF line ends and the empty line */
    size_t n;
    size_t lines;    /* decode_packet packets: start line, headers, eoh */
    int response;
} head;

/* Read the corpus: blocks separated by empty lines, '#' comments. */
static int read_heads(const char *path, head **out, size_t *count)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "decode_packet: cannot read %s\n", path);
        return -1;
    }
    head *v = NULL;
    size_t n = 0;
    buf cur = { 0 };
    size_t lines = 0;
    char line[4096];
    int eof = 0;
    while (!eof) {
        eof = fgets(line, sizeof line, f) == NULL;
        size_t len = eof ? 0 : strcspn(line, "\r\n");
        if (!eof && line[0] == '#')
            continue;
        if (len > 0) {
            put(&cur, line, len);
            put_s(&cur, "\r\n");
            lines++;
            continue;
        }
        if (cur.n == 0)
            continue;
        put_s(&cur, "\r\n");
        head *nv = realloc(v, (n + 1) * sizeof *v);
        if (nv == NULL) {
            oom = 1;
            break;
        }
        v = nv;
        v[n].p = cur.p;
        v[n].n = cur.n;
        v[n].lines = lines + 1;
        v[n].response = cur.n >= 5 && memcmp(cur.p, "HTTP/", 5) == 0;
        n++;
        memset(&cur, 0, sizeof cur);
        lines = 0;
    }
    fclose(f);
    free(cur.p);
    *out = v;
    *count = n;
    return oom ? -1 : 0;
}

/* Heads of one kind, repeated up to the target size; SKIP_START drops the
 * start line (for httph). */
static size_t gen_http(buf *b, const head *h, size_t nh, int responses,
                       int skip_start, bench_case *c)
{
    size_t count = 0, nheads = 0, cap = 0;
    while (b->n < STREAM_TARGET) {
        for (size_t i = 0; i < nh; i++) {
            if (h[i].response != responses)
                continue;
            const uint8_t *p = h[i].p;
            size_t n = h[i].n, lines = h[i].lines;
            if (skip_start) {
                const uint8_t *nl = memchr(p, '\n', n);
                n -= (size_t)(nl + 1 - p);
                p = nl + 1;
                lines--;
            }
            if (nheads + 2 > cap) {
                cap = cap ? cap * 2 : 256;
                size_t *nv = realloc(c->heads, cap * sizeof *nv);
                if (nv == NULL) {
                    oom = 1;
                    return 0;
                }
                c->heads = nv;
            }
            c->heads[nheads++] = b->n;
            put(b, p, n);
            count += lines;
        }
    }
    if (c->heads != NULL)
        c->heads[nheads] = b->n;
    c->nheads = nheads;
    return count;
}

/* ---------------------------------------------------------------- cases */

enum {
    C_RAW, C_P1, C_P2, C_P4_64, C_P4_4K, C_ASN1, C_CDR, C_SUNRM, C_FCGI,
    C_TPKT, C_LINE, C_HTTP_BIN_REQ, C_HTTP_REQ, C_HTTP_BIN_RESP,
    C_HTTPH_BIN, C_HTTPH, C_COUNT
};

static const struct {
    const char *name, *what, *otp_type;
    ginet_packet_type type;
    bench_baseline baseline;
} specs[C_COUNT] = {
    { "raw", "raw, 64 KB at once", "raw", GINET_PACKET_RAW, BENCH_BASE_NONE },
    { "packet1_32", "{packet,1}, 32 B messages", "1", GINET_PACKET_1, BENCH_BASE_NONE },
    { "packet2_512", "{packet,2}, 512 B messages", "2", GINET_PACKET_2, BENCH_BASE_NONE },
    { "packet4_64", "{packet,4}, 64 B messages", "4", GINET_PACKET_4, BENCH_BASE_MEMORY },
    { "packet4_4k", "{packet,4}, 4 KB messages", "4", GINET_PACKET_4, BENCH_BASE_MEMORY },
    { "asn1", "asn1, BER 100-250 B", "asn1", GINET_PACKET_ASN1, BENCH_BASE_NONE },
    { "cdr", "cdr, GIOP 140-320 B", "cdr", GINET_PACKET_CDR, BENCH_BASE_NONE },
    { "sunrm", "sunrm, RPC records 124-204 B", "sunrm", GINET_PACKET_SUNRM, BENCH_BASE_NONE },
    { "fcgi", "fcgi, 1-8 KB STDOUT records", "fcgi", GINET_PACKET_FCGI, BENCH_BASE_NONE },
    { "tpkt", "tpkt, 40-120 B", "tpkt", GINET_PACKET_TPKT, BENCH_BASE_NONE },
    { "line", "line, log lines 60-160 B", "line", GINET_PACKET_LINE, BENCH_BASE_NONE },
    { "http_bin_requests", "http_bin, request heads", "http_bin", GINET_PACKET_HTTP_BIN, BENCH_BASE_HTTP_REQUEST },
    { "http_requests", "http, request heads", "http", GINET_PACKET_HTTP, BENCH_BASE_HTTP_REQUEST },
    { "http_bin_responses", "http_bin, response heads", "http_bin", GINET_PACKET_HTTP_BIN, BENCH_BASE_HTTP_RESPONSE },
    { "httph_bin_headers", "httph_bin, header lines", "httph_bin", GINET_PACKET_HTTPH_BIN, BENCH_BASE_NONE },
    { "httph_headers", "httph, header lines", "httph", GINET_PACKET_HTTPH, BENCH_BASE_NONE },
};

int bench_make_cases(const char *heads_file, bench_case **out, size_t *count)
{
    head *heads = NULL;
    size_t nh = 0;
    if (read_heads(heads_file, &heads, &nh) != 0)
        return -1;
    bench_case *cs = calloc(C_COUNT, sizeof *cs);
    if (cs == NULL)
        return -1;
    for (int i = 0; i < C_COUNT; i++) {
        bench_case *c = &cs[i];
        buf b = { 0 };
        size_t n = 0;
        c->name = specs[i].name;
        c->what = specs[i].what;
        c->otp_type = specs[i].otp_type;
        c->type = specs[i].type;
        c->baseline = specs[i].baseline;
        switch (i) {
        case C_RAW: put_body(&b, 64 * 1024); n = 1; break;
        case C_P1: n = gen_packetN(&b, 1, 32); break;
        case C_P2: n = gen_packetN(&b, 2, 512); break;
        case C_P4_64: n = gen_packetN(&b, 4, 64); break;
        case C_P4_4K: n = gen_packetN(&b, 4, 4096); break;
        case C_ASN1: n = gen_asn1(&b); break;
        case C_CDR: n = gen_cdr(&b); break;
        case C_SUNRM: n = gen_sunrm(&b); break;
        case C_FCGI: n = gen_fcgi(&b); break;
        case C_TPKT: n = gen_tpkt(&b); break;
        case C_LINE: n = gen_line(&b); break;
        case C_HTTP_BIN_REQ:
        case C_HTTP_REQ: n = gen_http(&b, heads, nh, 0, 0, c); break;
        case C_HTTP_BIN_RESP: n = gen_http(&b, heads, nh, 1, 0, c); break;
        case C_HTTPH_BIN:
        case C_HTTPH: n = gen_http(&b, heads, nh, 0, 1, c); break;
        }
        c->data = b.p;
        c->len = b.n;
        c->packets = n;
    }
    for (size_t i = 0; i < nh; i++)
        free(heads[i].p);
    free(heads);
    if (oom) {
        fprintf(stderr, "decode_packet: out of memory\n");
        bench_free_cases(cs, C_COUNT);
        return -1;
    }
    *out = cs;
    *count = C_COUNT;
    return 0;
}

void bench_free_cases(bench_case *cases, size_t count)
{
    for (size_t i = 0; cases != NULL && i < count; i++) {
        free(cases[i].data);
        free(cases[i].heads);
    }
    free(cases);
}
