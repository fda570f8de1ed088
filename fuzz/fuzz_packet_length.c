/*
 * fuzz/fuzz_packet_length.c — libFuzzer target for the packet types whose
 * header gives the length: raw, 1, 2, 4, asn1, cdr, sunrm, fcgi, tpkt
 * (core/packet/length.c, decode.c, packet_term.c).
 *
 * The input (fuzz/fuzz_input.h) picks the type and options; the data is
 * decoded packet after packet, as a socket would, and each answer is
 * checked against a small model of OTP's rules written here from the
 * documentation (docs/packet.md), and built into the decode_packet/3
 * result term, printed and read back.
 */
#include "fuzz_check.h"
#include "fuzz_input.h"

#include <ginet/ginet.h>

#include <stdint.h>
#include <stdlib.h>

static uint32_t be(const uint8_t *p, size_t k)
{
    uint32_t v = 0;
    for (size_t i = 0; i < k; i++)
        v = (v << 8) | p[i];
    return v;
}

/* The model: the total length (header included) of the next packet, 0 if
 * more bytes are needed to know it, -1 if invalid; *HLEN is the header
 * length OTP strips (1, 2, 4) and *PAD the fcgi padding. */
static int64_t model_length(ginet_packet_type t, uint32_t packet_size,
                            const uint8_t *d, size_t n, size_t *strip,
                            size_t *pad)
{
    size_t hlen;
    uint32_t plen;

    *strip = 0;
    *pad = 0;
    switch (t) {
    case GINET_PACKET_RAW:
        return (int64_t)n;
    case GINET_PACKET_1:
    case GINET_PACKET_2:
    case GINET_PACKET_4:
        hlen = t == GINET_PACKET_1 ? 1 : t == GINET_PACKET_2 ? 2 : 4;
        if (n < hlen)
            return 0;
        plen = be(d, hlen);
        *strip = hlen;
        break;
    case GINET_PACKET_SUNRM:
        if (n < 4)
            return 0;
        hlen = 4;
        plen = be(d, 4) & 0x7fffffffu;
        break;
    case GINET_PACKET_CDR:
        if (n < 12)
            return 0;
        if (d[0] != 'G' || d[1] != 'I' || d[2] != 'O' || d[3] != 'P')
            return -1;
        hlen = 12;
        plen = (d[6] & 1) ? (uint32_t)d[8] | (uint32_t)d[9] << 8 |
                                (uint32_t)d[10] << 16 | (uint32_t)d[11] << 24
                          : be(d + 8, 4);
        break;
    case GINET_PACKET_FCGI:
        if (n < 8)
            return 0;
        if (d[0] != 1)
            return -1;
        hlen = 8;
        plen = be(d + 4, 2) + d[6];
        *pad = d[6];
        break;
    case GINET_PACKET_TPKT:
        if (n < 4)
            return 0;
        if (d[0] != 3)
            return -1;
        hlen = 4;
        plen = be(d + 2, 2) - 4u;      /* wraps below 4, as in OTP */
        break;
    case GINET_PACKET_ASN1: {
        size_t pos = 1;
        if (n < 2)
            return 0;
        if ((d[0] & 0x1f) == 0x1f) {   /* long tag: 7-bit groups */
            while (pos < n && (d[pos] & 0x80) != 0)
                pos++;
            if (pos >= n)
                return 0;
            pos++;                     /* the group without the top bit */
        }
        if (pos >= n)
            return 0;
        uint8_t lb = d[pos++];
        if ((lb & 0x80) == 0) {
            plen = lb;
        } else {
            size_t k = lb & 0x7f;
            if (n - pos < k)
                return 0;
            if (k > 4)
                return -1;
            plen = be(d + pos, k);
            pos += k;
        }
        hlen = pos;
        break;
    }
    default:
        abort();
    }
    if (packet_size != 0 && plen > packet_size)
        return -1;
    if ((uint64_t)hlen + plen > (uint64_t)INT32_MAX)
        return -1;
    return (int64_t)(hlen + plen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = { data, size };
    fuzz_packet_header h;
    fuzz_read_packet_header(&in, &h);
    ginet_packet_type type =
        fuzz_length_types[h.selector % FUZZ_COUNT(fuzz_length_types)];
    ginet_packet_options opts;
    FUZZ_CHECK(fuzz_apply_options(&h, type, &opts) == 0);

    ginet_term_arena *arena = ginet_term_arena_new();
    FUZZ_CHECK(arena != NULL);
    const uint8_t *p = in.p;
    size_t n = in.n;
    for (int step = 0; step < 64; step++) {
        ginet_packet pkt;
        int rc = ginet_decode_packet(type, &opts, p, n, &pkt);
        size_t strip, pad;
        int64_t want = model_length(type, opts.packet_size, p, n, &strip,
                                    &pad);
        if (want < 0) {
            FUZZ_CHECK(rc == GINET_DECODE_INVALID);
        } else if (want == 0 || (uint64_t)want > n) {
            FUZZ_CHECK(rc == GINET_DECODE_MORE);
            FUZZ_CHECK(pkt.needed == (size_t)want);
        } else {
            FUZZ_CHECK(rc == GINET_DECODE_OK);
            FUZZ_CHECK(pkt.type == type);
            FUZZ_CHECK(pkt.size == (size_t)want);
            FUZZ_CHECK(pkt.data.ptr == p + strip);
            FUZZ_CHECK(pkt.data.len == (size_t)want - strip - pad);
        }
        /* The whole answer holds all the rest: build it for the first
         * and the last answer only. */
        if (step == 0 || rc != GINET_DECODE_OK)
            fuzz_check_result(arena, rc, &pkt, p, n);
        if (rc != GINET_DECODE_OK)
            break;
        ginet_term *t = ginet_packet_term(arena, &pkt);
        FUZZ_CHECK(t != NULL && t->kind == GINET_TERM_BINARY);
        FUZZ_CHECK(t->u.binary.len == pkt.data.len);
        FUZZ_CHECK(pkt.data.len == 0 ||
                   memcmp(t->u.binary.data, pkt.data.ptr, pkt.data.len) == 0);
        p += pkt.size;
        n -= pkt.size;
        ginet_term_arena_reset(arena);
    }
    ginet_term_arena_free(arena);
    return 0;
}
