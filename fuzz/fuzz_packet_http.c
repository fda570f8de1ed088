/*
 * fuzz/fuzz_packet_http.c — libFuzzer target for the HTTP packet types
 * http, httph, http_bin and httph_bin (core/packet/http.c, http_uri.c,
 * http_tables.c) and for building their results as Erlang terms
 * (packet_term.c: ginet_decode_result_term, ginet_packet_term).
 *
 * The data is decoded line after line as an OTP socket would: with http
 * or http_bin, a request or status line switches to httph (httph_bin)
 * and http_eoh back.  Every answer is checked for shape — slices inside
 * the line, lookups that agree with the tables, the state OTP keeps —
 * and turned into the decode_packet/3 result term, which is printed and
 * read back.
 */
#include "fuzz_check.h"
#include "fuzz_input.h"

#include <ginet/ginet.h>

#include <stdint.h>
#include <stdlib.h>

static int same_ci(ginet_slice a, const char *b)
{
    size_t n = strlen(b);
    if (a.len != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t x = a.ptr[i], y = (uint8_t)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (uint8_t)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (uint8_t)(y + 32);
        if (x != y)
            return 0;
    }
    return 1;
}

static int slices_same_ci(ginet_slice a, ginet_slice b)
{
    if (a.len != b.len)
        return 0;
    for (size_t i = 0; i < a.len; i++) {
        uint8_t x = a.ptr[i], y = b.ptr[i];
        if (x >= 'A' && x <= 'Z')
            x = (uint8_t)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (uint8_t)(y + 32);
        if (x != y)
            return 0;
    }
    return 1;
}

/* The checks on one decoded line P[0..SIZE) read in STATE. */
static void check_line(const ginet_packet *pkt, const uint8_t *p, int state)
{
    const ginet_http_packet *h = &pkt->http;
    size_t size = pkt->size;

    FUZZ_CHECK(pkt->data.ptr == p && pkt->data.len == size);
    FUZZ_CHECK(size >= 1 && p[size - 1] == '\n');
    switch (h->kind) {
    case GINET_HTTP_REQUEST: {
        FUZZ_CHECK(state == 0);
        FUZZ_CHECK(h->method_name.len > 0 &&
                   fuzz_slice_within(h->method_name, p, size));
        FUZZ_CHECK(h->method ==
                   ginet_http_method_lookup(h->method_name.ptr,
                                            h->method_name.len));
        if (h->method != GINET_HTTP_METHOD_OTHER) {
            const char *m = ginet_http_method_name(h->method);
            FUZZ_CHECK(m != NULL && strlen(m) == h->method_name.len &&
                       memcmp(m, h->method_name.ptr, h->method_name.len) == 0);
        }
        const ginet_http_uri *u = &h->uri;
        switch (u->kind) {
        case GINET_HTTP_URI_STAR:
            break;
        case GINET_HTTP_URI_HTTP:
        case GINET_HTTP_URI_HTTPS:
            FUZZ_CHECK(fuzz_slice_within(u->host, p, size));
            /* the path, or the static "/" OTP gives when there is none */
            FUZZ_CHECK(fuzz_slice_within(u->path, p, size) ||
                       (u->path.len == 1 && u->path.ptr[0] == '/'));
            break;
        case GINET_HTTP_URI_SCHEME:
            FUZZ_CHECK(fuzz_slice_within(u->scheme, p, size));
            FUZZ_CHECK(fuzz_slice_within(u->path, p, size));
            break;
        case GINET_HTTP_URI_ABS_PATH:
        case GINET_HTTP_URI_STRING:
            FUZZ_CHECK(u->path.len > 0 && fuzz_slice_within(u->path, p, size));
            break;
        default:
            FUZZ_CHECK(!"unknown URI kind");
        }
        break;
    }
    case GINET_HTTP_RESPONSE:
        FUZZ_CHECK(state == 0);
        FUZZ_CHECK(size >= 5 && memcmp(p, "HTTP/", 5) == 0);
        FUZZ_CHECK(fuzz_slice_within(h->reason, p, size));
        break;
    case GINET_HTTP_HEADER: {
        FUZZ_CHECK(state == 1);
        FUZZ_CHECK(h->name.ptr == p && fuzz_slice_within(h->name, p, size));
        FUZZ_CHECK(fuzz_slice_within(h->value, p, size));
        FUZZ_CHECK(h->name.len < size && p[h->name.len] == ':');
        if (h->name.len <= GINET_HTTP_MAX_NAME_LEN)
            FUZZ_CHECK(h->field == ginet_http_field_lookup(h->name.ptr,
                                                           h->name.len));
        else
            FUZZ_CHECK(h->field == GINET_HTTP_FIELD_OTHER);
        if (h->field != GINET_HTTP_FIELD_OTHER) {
            const char *f = ginet_http_field_name(h->field);
            FUZZ_CHECK(f != NULL && same_ci(h->name, f));
        }
        uint8_t buf[GINET_HTTP_MAX_NAME_LEN];
        ginet_slice field;
        FUZZ_CHECK(ginet_http_header_field(h, buf, &field) == 0);
        FUZZ_CHECK(slices_same_ci(field, h->name));
        break;
    }
    case GINET_HTTP_EOH:
        FUZZ_CHECK(state == 1);
        FUZZ_CHECK(size <= 2);
        break;
    case GINET_HTTP_ERROR:
        FUZZ_CHECK(h->line.ptr == p && h->line.len == size);
        break;
    default:
        FUZZ_CHECK(!"unknown HTTP packet kind");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = { data, size };
    fuzz_packet_header h;
    fuzz_read_packet_header(&in, &h);
    ginet_packet_type type =
        fuzz_http_types[h.selector % FUZZ_COUNT(fuzz_http_types)];
    ginet_packet_options opts;
    FUZZ_CHECK(fuzz_apply_options(&h, type, &opts) == 0);
    int bin = type == GINET_PACKET_HTTP_BIN || type == GINET_PACKET_HTTPH_BIN;
    int headers_only = type == GINET_PACKET_HTTPH ||
                       type == GINET_PACKET_HTTPH_BIN;

    ginet_term_arena *arena = ginet_term_arena_new();
    FUZZ_CHECK(arena != NULL);
    const uint8_t *p = in.p;
    size_t n = in.n;
    int state = headers_only;
    for (int step = 0; step < 128; step++) {
        /* What a socket does: the start-line type in state 0, the
         * header-line type in state 1. */
        ginet_packet_type t = state == 0
            ? (bin ? GINET_PACKET_HTTP_BIN : GINET_PACKET_HTTP)
            : (bin ? GINET_PACKET_HTTPH_BIN : GINET_PACKET_HTTPH);
        ginet_packet pkt;
        int rc = ginet_decode_packet(t, &opts, p, n, &pkt);
        FUZZ_CHECK(rc == GINET_DECODE_OK || rc == GINET_DECODE_MORE ||
                   rc == GINET_DECODE_INVALID);
        if (rc == GINET_DECODE_MORE)
            FUZZ_CHECK(pkt.needed == 0);    /* an HTTP length is unknown */
        if (rc == GINET_DECODE_OK) {
            FUZZ_CHECK(pkt.type == t && pkt.size <= n);
            check_line(&pkt, p, state);
        }
        /* The whole answer holds all the rest: build it for the first
         * and the last answer; the packet term for every line. */
        if (step == 0 || rc != GINET_DECODE_OK)
            fuzz_check_result(arena, rc, &pkt, p, n);
        if (rc != GINET_DECODE_OK)
            break;
        if (pkt.size <= 512)    /* long lines cost much, teach little */
            fuzz_term_round_trip(arena, ginet_packet_term(arena, &pkt));
        else
            FUZZ_CHECK(ginet_packet_term(arena, &pkt) != NULL);
        switch (pkt.http.kind) {
        case GINET_HTTP_REQUEST:
        case GINET_HTTP_RESPONSE:
            state = 1;
            break;
        case GINET_HTTP_EOH:
            state = headers_only;
            break;
        default:
            break;
        }
        p += pkt.size;
        n -= pkt.size;
        ginet_term_arena_reset(arena);
    }
    ginet_term_arena_free(arena);
    return 0;
}
