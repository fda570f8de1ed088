/*
 * tests/unit/test_packet_gen.c — what the packet property tests share
 * (test_packet_framer.c, test_packet_batch.c): a seedable random number
 * generator, random streams of packets of every type (with junk that makes
 * errors), and a one-line-per-packet description of results, so that two
 * ways of decoding the same bytes can be compared as text.
 */
#include "test_packet_gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xorshift64*: small, seedable, the same everywhere. */
uint64_t pg_rng_state;
uint32_t pg_rnd(uint32_t n)
{
    pg_rng_state ^= pg_rng_state >> 12;
    pg_rng_state ^= pg_rng_state << 25;
    pg_rng_state ^= pg_rng_state >> 27;
    return n ? (uint32_t)((pg_rng_state * 0x2545F4914F6CDD1Dull) >> 33) % n : 0;
}

int pg_out_of_memory;

void pg_put(pg_bytes *b, const void *d, size_t n)
{
    if (n == 0)
        return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n)
            cap *= 2;
        uint8_t *np = realloc(b->p, cap);
        if (np == NULL) {
            pg_out_of_memory = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, d, n);
    b->n += n;
}

void pg_put_s(pg_bytes *b, const char *s) { pg_put(b, s, strlen(s)); }
void pg_put_u8(pg_bytes *b, uint32_t v) { uint8_t c = (uint8_t)v; pg_put(b, &c, 1); }
void pg_put_rand(pg_bytes *b, size_t n, int printable)
{
    for (size_t i = 0; i < n; i++)
        pg_put_u8(b, printable ? 'a' + pg_rnd(26) : pg_rnd(256));
}

static const char *const methods[] = { "GET", "POST", "get", "PATCH", "OPTIONS" };
static const char *const uris[] = { "/", "*", "/a?b=c", "http://h:8080/p", "https://x", "mailto:y", "z" };
static const char *const names[] = { "Host", "content-type", "X-Custom", "ACCEPT", "Set-Cookie2", "a--b" };

/* A stream of packets of type T (sometimes with junk that makes errors). */
void pg_make_stream(ginet_packet_type t, pg_bytes *b, uint8_t delim)
{
    int count = 1 + (int)pg_rnd(12);
    for (int i = 0; i < count; i++) {
        uint32_t len = pg_rnd(8) == 0 ? pg_rnd(600) : pg_rnd(40);
        switch (t) {
        case GINET_PACKET_1: len &= 0xff; pg_put_u8(b, len); pg_put_rand(b, len, 0); break;
        case GINET_PACKET_2: pg_put_u8(b, len >> 8); pg_put_u8(b, len); pg_put_rand(b, len, 0); break;
        case GINET_PACKET_4:
        case GINET_PACKET_SUNRM:
            pg_put_u8(b, pg_rnd(2) << 7); pg_put_u8(b, 0); pg_put_u8(b, len >> 8); pg_put_u8(b, len);
            pg_put_rand(b, len, 0);
            break;
        case GINET_PACKET_ASN1:
            if (pg_rnd(2)) { pg_put_u8(b, 0x1f); pg_put_u8(b, 0x81); pg_put_u8(b, 0x01); }
            else pg_put_u8(b, 0x30);
            if (len < 128 && pg_rnd(2)) pg_put_u8(b, len);
            else { pg_put_u8(b, 0x82); pg_put_u8(b, len >> 8); pg_put_u8(b, len); }
            pg_put_rand(b, len, 0);
            break;
        case GINET_PACKET_CDR: {
            int le = (int)pg_rnd(2);
            pg_put_s(b, "GIOP"); pg_put_u8(b, 1); pg_put_u8(b, 2); pg_put_u8(b, le); pg_put_u8(b, 0);
            uint8_t sz[4] = { 0, 0, (uint8_t)(len >> 8), (uint8_t)len };
            if (le) { uint8_t r[4] = { sz[3], sz[2], sz[1], sz[0] }; pg_put(b, r, 4); }
            else pg_put(b, sz, 4);
            pg_put_rand(b, len, 0);
            break;
        }
        case GINET_PACKET_FCGI: {
            uint32_t pad = pg_rnd(8);
            pg_put_u8(b, 1); pg_put_u8(b, 5); pg_put_u8(b, 0); pg_put_u8(b, 1);
            pg_put_u8(b, len >> 8); pg_put_u8(b, len); pg_put_u8(b, pad); pg_put_u8(b, 0);
            pg_put_rand(b, len + pad, 0);
            break;
        }
        case GINET_PACKET_TPKT:
            pg_put_u8(b, 3); pg_put_u8(b, 0); pg_put_u8(b, (len + 4) >> 8); pg_put_u8(b, len + 4);
            pg_put_rand(b, len, 0);
            break;
        case GINET_PACKET_LINE:
            for (uint32_t k = 0; k < len; k++) {
                uint8_t c = (uint8_t)pg_rnd(256);
                pg_put_u8(b, c == delim ? 'x' : c);
            }
            pg_put_u8(b, delim);
            break;
        default: {                  /* HTTP types: a message head */
            int h = ginet_packet_type_is_http(t) &&
                    (t == GINET_PACKET_HTTPH || t == GINET_PACKET_HTTPH_BIN);
            if (!h) {
                if (pg_rnd(3) == 0) { pg_put_s(b, "HTTP/1."); pg_put_u8(b, '0' + pg_rnd(2)); pg_put_s(b, " 200 OK\r\n"); }
                else {
                    pg_put_s(b, methods[pg_rnd(5)]); pg_put_s(b, pg_rnd(2) ? " " : "\t");
                    pg_put_s(b, uris[pg_rnd(7)]);
                    pg_put_s(b, pg_rnd(6) ? " HTTP/1.1\r\n" : "\n");
                }
            }
            int nh = (int)pg_rnd(6);
            for (int k = 0; k < nh; k++) {
                pg_put_s(b, names[pg_rnd(6)]);
                pg_put_s(b, pg_rnd(5) ? ": " : ":");
                pg_put_rand(b, pg_rnd(30), 1);
                if (pg_rnd(5) == 0) { pg_put_s(b, "\r\n "); pg_put_rand(b, pg_rnd(10), 1); }
                if (pg_rnd(9) == 0) pg_put_s(b, "\r\nbad line");
                pg_put_s(b, pg_rnd(6) ? "\r\n" : "\n");
            }
            pg_put_s(b, pg_rnd(6) ? "\r\n" : "\n");
            break;
        }
        }
    }
    if (pg_rnd(4) == 0)                 /* junk: may be an error, or partial */
        pg_put_rand(b, pg_rnd(20), (int)pg_rnd(2));
}

/* A packet's data and, for HTTP types, what its line says (only the
 * fields of the line's kind are set, so only those are shown). */
void pg_describe_data(pg_bytes *out, ginet_packet_type type, ginet_slice data,
                      const ginet_http_packet *h)
{
    char tmp[160];
    snprintf(tmp, sizeof tmp, " data=%zu:", data.len);
    pg_put_s(out, tmp);
    pg_put(out, data.ptr, data.len);
    if (!ginet_packet_type_is_http(type))
        return;
    const ginet_slice *s[4] = { NULL, NULL, NULL, NULL };
    switch (h->kind) {
    case GINET_HTTP_REQUEST:
        snprintf(tmp, sizeof tmp, " request m=%d %d.%d u=%d port=%d",
                 h->method, h->major, h->minor, h->uri.kind,
                 h->uri.kind == GINET_HTTP_URI_HTTP ||
                 h->uri.kind == GINET_HTTP_URI_HTTPS ? h->uri.port : 0);
        s[0] = &h->method_name;
        s[1] = &h->uri.path;
        if (h->uri.kind == GINET_HTTP_URI_SCHEME)
            s[2] = &h->uri.scheme;
        if (h->uri.kind == GINET_HTTP_URI_HTTP ||
            h->uri.kind == GINET_HTTP_URI_HTTPS)
            s[2] = &h->uri.host;
        break;
    case GINET_HTTP_RESPONSE:
        snprintf(tmp, sizeof tmp, " response %d.%d st=%d", h->major,
                 h->minor, h->status);
        s[0] = &h->reason;
        break;
    case GINET_HTTP_HEADER:
        snprintf(tmp, sizeof tmp, " header f=%d", h->field);
        s[0] = &h->name;
        s[1] = &h->value;
        break;
    case GINET_HTTP_EOH:
        snprintf(tmp, sizeof tmp, " eoh");
        break;
    case GINET_HTTP_ERROR:
        snprintf(tmp, sizeof tmp, " error");
        s[0] = &h->line;
        break;
    default:
        snprintf(tmp, sizeof tmp, " kind=%d", h->kind);
        break;
    }
    pg_put_s(out, tmp);
    for (size_t i = 0; i < 4 && s[i] != NULL; i++) {
        snprintf(tmp, sizeof tmp, " |%zu:", s[i]->len);
        pg_put_s(out, tmp);
        pg_put(out, s[i]->ptr, s[i]->len);
    }
}

/* One line per packet: everything the caller could look at. */
void pg_describe(pg_bytes *out, int rc, const ginet_packet *p)
{
    char tmp[160];
    snprintf(tmp, sizeof tmp, "rc=%d", rc);
    pg_put_s(out, tmp);
    if (rc == GINET_DECODE_OK) {
        snprintf(tmp, sizeof tmp, " size=%zu", p->size);
        pg_put_s(out, tmp);
        pg_describe_data(out, p->type, p->data, &p->http);
    }
    pg_put_s(out, "\n");
}

/* Print the first line where two descriptions differ (bytes escaped). */
static void print_escaped(const char *tag, const uint8_t *p, size_t n)
{
    printf("    %s: ", tag);
    for (size_t i = 0; i < n && i < 400; i++)
        printf(p[i] >= 32 && p[i] < 127 ? "%c" : "\\x%02x", p[i]);
    printf("\n");
}

void pg_show_difference(const pg_bytes *a, const pg_bytes *b)
{
    size_t i = 0, line = 0;
    while (i < a->n && i < b->n && a->p[i] == b->p[i]) {
        if (a->p[i] == '\n')
            line = i + 1;
        i++;
    }
    const uint8_t *ea = memchr(a->p + i, '\n', a->n - i);
    const uint8_t *eb = memchr(b->p + i, '\n', b->n - i);
    size_t la = ea ? (size_t)(ea - a->p) - line : a->n - line;
    size_t lb = eb ? (size_t)(eb - b->p) - line : b->n - line;
    print_escaped("want", a->p + line, a->n > line ? la : 0);
    print_escaped("got ", b->p + line, b->n > line ? lb : 0);
}
