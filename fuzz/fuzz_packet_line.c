/*
 * fuzz/fuzz_packet_line.c — libFuzzer target for the line packet type
 * (core/packet/line.c) with any packet_size, line_length and
 * line_delimiter.
 *
 * The data is decoded line after line, as a socket would, and each answer
 * is checked against a model of OTP's rules written here from the
 * documentation: packet_size is checked first (the line, or the bytes at
 * hand when no delimiter has come), then line_length cuts the line.
 */
#include "fuzz_check.h"
#include "fuzz_input.h"

#include <ginet/ginet.h>

#include <stdint.h>
#include <stdlib.h>

/* The model: the packet's length, 0 for "more", -1 for invalid. */
static int64_t model_length(const ginet_packet_options *o, const uint8_t *d,
                            size_t n)
{
    size_t len = 0;
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        if (d[i] == o->line_delimiter) {
            len = i + 1;
            found = 1;
            break;
        }
    }
    size_t seen = found ? len : n;
    if (o->packet_size != 0 && seen > o->packet_size)
        return -1;
    if (o->line_length != 0 && (found ? len > o->line_length
                                      : n >= o->line_length))
        return o->line_length > (uint32_t)INT32_MAX ? -1
                                                    : (int64_t)o->line_length;
    return found ? (int64_t)len : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = { data, size };
    fuzz_packet_header h;
    fuzz_read_packet_header(&in, &h);
    ginet_packet_options opts;
    FUZZ_CHECK(fuzz_apply_options(&h, GINET_PACKET_LINE, &opts) == 0);

    ginet_term_arena *arena = ginet_term_arena_new();
    FUZZ_CHECK(arena != NULL);
    const uint8_t *p = in.p;
    size_t n = in.n;
    for (int step = 0; step < 256; step++) {
        ginet_packet pkt;
        int rc = ginet_decode_packet(GINET_PACKET_LINE, &opts, p, n, &pkt);
        int64_t want = model_length(&opts, p, n);
        if (want < 0) {
            FUZZ_CHECK(rc == GINET_DECODE_INVALID);
        } else if (want == 0) {
            FUZZ_CHECK(rc == GINET_DECODE_MORE);
            FUZZ_CHECK(pkt.needed == 0);        /* never a known length */
        } else {
            FUZZ_CHECK(rc == GINET_DECODE_OK);
            FUZZ_CHECK(pkt.size == (size_t)want);
            FUZZ_CHECK(pkt.data.ptr == p && pkt.data.len == pkt.size);
            FUZZ_CHECK(memchr(p, opts.line_delimiter, pkt.size - 1) == NULL);
        }
        /* The whole answer holds all the rest: build it for the first
         * and the last answer only. */
        if (step == 0 || rc != GINET_DECODE_OK)
            fuzz_check_result(arena, rc, &pkt, p, n);
        if (rc != GINET_DECODE_OK)
            break;
        p += pkt.size;
        n -= pkt.size;
        ginet_term_arena_reset(arena);
    }
    ginet_term_arena_free(arena);
    return 0;
}
