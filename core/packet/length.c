/*
 * core/packet/length.c — the packet types whose header says how long the
 * packet is: 1, 2, 4, asn1, cdr, sunrm, fcgi and tpkt.  Finds the total
 * length of the next packet and, for a whole packet, the body OTP returns.
 *
 * OTP's arithmetic, kept exactly: the body length is a 32-bit unsigned
 * value (tpkt's "length - 4" wraps below 4); it must not exceed
 * packet_size when one is set; and header + body must fit in a C int,
 * else the packet is invalid.
 */
#include "packet_internal.h"

#include <string.h>

static inline uint32_t be16(const uint8_t *p)
{
    return ((uint32_t)p[0] << 8) | p[1];
}

static inline uint32_t be24(const uint8_t *p)
{
    return ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | p[2];
}

static inline uint32_t be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | p[3];
}

static inline uint32_t le32(const uint8_t *p)
{
    return ((uint32_t)p[3] << 24) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[1] << 8) | p[0];
}

/* The total length of a packet with a HLEN-byte header and a PLEN-byte
 * body, or invalid. */
static inline int64_t total(size_t hlen, uint32_t plen, uint32_t packet_size)
{
    if (packet_size != 0 && plen > packet_size)
        return GINET__PKT_INVALID;
    int64_t t = (int64_t)hlen + (int64_t)plen;
    return t > GINET__PKT_MAX_LEN ? GINET__PKT_INVALID : t;
}

/*
 * asn1 (BER): a tag (one byte; or, when its low five bits are all set, the
 * following bytes up to one without the high bit), then a length: one byte
 * below 128, or 0x80 | K followed by K big-endian bytes (K <= 4; K > 4 is
 * invalid once the K bytes are there).
 */
static int64_t asn1_length(const uint8_t *data, size_t n, uint32_t packet_size)
{
    size_t i = 1;     /* index of the byte after the first tag byte */
    uint32_t plen;

    if (n < 2)
        return 0;
    if ((data[0] & 0x1f) == 0x1f) {
        while (i < n && (data[i] & 0x80))
            i++;
        if (n - i < 2)          /* the last tag byte and a length byte */
            return 0;
        i++;
    }
    /* data[i] is the length byte; i < n. */
    uint8_t lb = data[i++];
    if (lb & 0x80) {
        size_t k = lb & 0x7f;
        if (n - i < k)
            return 0;
        switch (k) {
        case 0: plen = 0; break;
        case 1: plen = data[i]; break;
        case 2: plen = be16(data + i); break;
        case 3: plen = be24(data + i); break;
        case 4: plen = be32(data + i); break;
        default: return GINET__PKT_INVALID;
        }
        i += k;
    } else {
        plen = lb;
    }
    return total(i, plen, packet_size);
}

static inline int64_t header_length(ginet_packet_type type,
                                    uint32_t packet_size,
                                    const uint8_t *data, size_t n)
{
    switch (type) {
    case GINET_PACKET_1:
        if (n < 1)
            return 0;
        return total(1, data[0], packet_size);
    case GINET_PACKET_2:
        if (n < 2)
            return 0;
        return total(2, be16(data), packet_size);
    case GINET_PACKET_4:
        if (n < 4)
            return 0;
        return total(4, be32(data), packet_size);
    case GINET_PACKET_SUNRM:
        if (n < 4)
            return 0;
        /* The high bit marks the last fragment of a record. */
        return total(4, be32(data) & 0x7fffffffu, packet_size);
    case GINET_PACKET_ASN1:
        return asn1_length(data, n, packet_size);
    case GINET_PACKET_CDR:
        /* "GIOP", major, minor, flags (bit 0: little-endian), type, size */
        if (n < 12)
            return 0;
        if (memcmp(data, "GIOP", 4) != 0)
            return GINET__PKT_INVALID;
        return total(12, (data[6] & 1) ? le32(data + 8) : be32(data + 8),
                     packet_size);
    case GINET_PACKET_FCGI:
        /* version (1), type, request id (2), content length (2),
         * padding length, reserved */
        if (n < 8)
            return 0;
        if (data[0] != 1)
            return GINET__PKT_INVALID;
        return total(8, be16(data + 4) + data[6], packet_size);
    case GINET_PACKET_TPKT:
        /* version (3), reserved, length of the whole packet (2) */
        if (n < 4)
            return 0;
        if (data[0] != 3)
            return GINET__PKT_INVALID;
        return total(4, be16(data + 2) - 4u, packet_size);
    default:
        return GINET__PKT_INVALID;
    }
}

size_t ginet__packet_header_min(ginet_packet_type type)
{
    switch (type) {
    case GINET_PACKET_1:     return 1;
    case GINET_PACKET_2:     return 2;
    case GINET_PACKET_4:     return 4;
    case GINET_PACKET_SUNRM: return 4;
    case GINET_PACKET_CDR:   return 12;
    case GINET_PACKET_FCGI:  return 8;
    case GINET_PACKET_TPKT:  return 4;
    default:                 return 0;
    }
}

static inline ginet_slice body(ginet_packet_type type, const uint8_t *data,
                               size_t len)
{
    ginet_slice s = { data, len };
    switch (type) {
    case GINET_PACKET_1: s.ptr += 1; s.len -= 1; break;
    case GINET_PACKET_2: s.ptr += 2; s.len -= 2; break;
    case GINET_PACKET_4: s.ptr += 4; s.len -= 4; break;
    case GINET_PACKET_FCGI: s.len -= data[6]; break;
    default: break;
    }
    return s;
}

int64_t ginet__packet_length_header(ginet_packet_type type,
                                    uint32_t packet_size,
                                    const uint8_t *data, size_t n)
{
    return header_length(type, packet_size, data, n);
}

/* Inlined once per type below, so that each copy is straight-line code
 * for its type. */
static inline int decode(ginet_packet_type type, uint32_t packet_size,
                         const uint8_t *data, size_t n, ginet_packet *pkt)
{
    int64_t len = header_length(type, packet_size, data, n);

    pkt->type = type;
    pkt->needed = 0;
    if (len < 0)
        return GINET_DECODE_INVALID;
    if (len == 0 || (uint64_t)len > n) {
        pkt->needed = (size_t)len;
        return GINET_DECODE_MORE;
    }
    pkt->size = (size_t)len;
    pkt->data = body(type, data, (size_t)len);
    return GINET_DECODE_OK;
}

/* asn1 and cdr, whose length code is longer, out of line: then the
 * dispatcher below needs no stack frame and every type is a jump away. */
static GINET__NOINLINE int decode_long(ginet_packet_type type,
                                       uint32_t packet_size,
                                       const uint8_t *data, size_t n,
                                       ginet_packet *pkt)
{
    return decode(type, packet_size, data, n, pkt);
}

int ginet__packet_decode_header(ginet_packet_type type, uint32_t packet_size,
                                const uint8_t *data, size_t n,
                                ginet_packet *pkt)
{
    switch (type) {
    case GINET_PACKET_1: return decode(GINET_PACKET_1, packet_size, data, n, pkt);
    case GINET_PACKET_2: return decode(GINET_PACKET_2, packet_size, data, n, pkt);
    case GINET_PACKET_4: return decode(GINET_PACKET_4, packet_size, data, n, pkt);
    case GINET_PACKET_SUNRM: return decode(GINET_PACKET_SUNRM, packet_size, data, n, pkt);
    case GINET_PACKET_FCGI: return decode(GINET_PACKET_FCGI, packet_size, data, n, pkt);
    case GINET_PACKET_TPKT: return decode(GINET_PACKET_TPKT, packet_size, data, n, pkt);
    default: return decode_long(type, packet_size, data, n, pkt); /* asn1, cdr */
    }
}

/* ---------------------------------------------------------------- batches */

/*
 * The batch loop of one type, inlined once per type below.  All that
 * carries from one packet to the next is P: load the header at P, swap
 * its bytes, add the length to P.  Every other instruction — the bound and
 * size checks (branches that are always predicted), the span stores, the
 * count — hangs off that chain and runs in its shadow, so a {packet,4}
 * packet costs about one L1 load latency and two ALU steps.  That chain is
 * also why nothing faster exists: a packet's position is only known once
 * the previous header has been read.
 */
static inline void batch(ginet_packet_type type, uint32_t packet_size,
                         const uint8_t *data, size_t n, ginet_packet_batch *b)
{
    const uint8_t *p = data, *const end = data + n;
    ginet_packet_span *span = b->spans, *const stop = b->spans + b->max;
    int64_t len = 0;

    while (span < stop) {
        size_t avail = (size_t)(end - p);
        len = header_length(type, packet_size, p, avail);
        if (len <= 0 || (uint64_t)len > avail)
            break;
        ginet_slice s = body(type, p, (size_t)len);
        span->offset = (size_t)(s.ptr - data);
        span->len = s.len;
        span++;
        p += len;
    }
    b->count = (size_t)(span - b->spans);
    b->consumed = (size_t)(p - data);
    b->needed = 0;
    if (span == stop) {
        b->status = GINET_DECODE_OK;
    } else if (len < 0) {
        b->status = GINET_DECODE_INVALID;
    } else {
        b->status = GINET_DECODE_MORE;
        b->needed = (size_t)len;
    }
}

/* OTP's two size checks for {packet,1|2|4} as one compare: the body may
 * not exceed packet_size (when set), nor make header + body exceed a C
 * int.  Returns the largest body allowed. */
static inline uint32_t plain_limit(size_t hlen, uint32_t packet_size)
{
    uint32_t limit = (uint32_t)(GINET__PKT_MAX_LEN - (int64_t)hlen);
    return packet_size != 0 && packet_size < limit ? packet_size : limit;
}

/* The HLEN-byte big-endian length at P (HLEN 1, 2 or 4, a constant in
 * each inlined copy). */
static inline uint32_t plain_length(size_t hlen, const uint8_t *p)
{
    return hlen == 1 ? p[0] : hlen == 2 ? be16(p) : be32(p);
}

/*
 * {packet,1}, {packet,2} and {packet,4} — the common case — in the
 * leanest form of the loop above: HLEN is a constant in each inlined
 * copy, and OTP's two size checks are one compare with LIMIT, computed
 * once.
 */
static inline void batch_plain(size_t hlen, uint32_t packet_size,
                               const uint8_t *data, size_t n,
                               ginet_packet_batch *b)
{
    const uint32_t limit = plain_limit(hlen, packet_size);
    ginet_packet_span *span = b->spans, *const stop = b->spans + b->max;
    const uint8_t *p = data, *const end = data + n;
    uint32_t len = 0;

    while (span < stop && (size_t)(end - p) >= hlen) {
        len = plain_length(hlen, p);
        if (len > limit || len > (size_t)(end - p) - hlen)
            break;
        span->offset = (size_t)(p - data) + hlen;
        span->len = len;
        span++;
        p += hlen + len;
    }
    b->count = (size_t)(span - b->spans);
    b->consumed = (size_t)(p - data);
    b->needed = 0;
    if (span == stop) {
        b->status = GINET_DECODE_OK;
    } else if ((size_t)(end - p) < hlen) {
        b->status = GINET_DECODE_MORE;
    } else if (len > limit) {
        b->status = GINET_DECODE_INVALID;
    } else {
        b->status = GINET_DECODE_MORE;
        b->needed = hlen + len;
    }
}

static GINET__NOINLINE void batch_long(ginet_packet_type type,
                                       uint32_t packet_size,
                                       const uint8_t *data, size_t n,
                                       ginet_packet_batch *b)
{
    batch(type, packet_size, data, n, b);
}

void ginet__packet_batch_header(ginet_packet_type type, uint32_t packet_size,
                                const uint8_t *data, size_t n,
                                ginet_packet_batch *b)
{
    switch (type) {
    case GINET_PACKET_1: batch_plain(1, packet_size, data, n, b); break;
    case GINET_PACKET_2: batch_plain(2, packet_size, data, n, b); break;
    case GINET_PACKET_4: batch_plain(4, packet_size, data, n, b); break;
    case GINET_PACKET_SUNRM: batch(GINET_PACKET_SUNRM, packet_size, data, n, b); break;
    case GINET_PACKET_FCGI: batch(GINET_PACKET_FCGI, packet_size, data, n, b); break;
    case GINET_PACKET_TPKT: batch(GINET_PACKET_TPKT, packet_size, data, n, b); break;
    default: batch_long(type, packet_size, data, n, b); break; /* asn1, cdr */
    }
}
