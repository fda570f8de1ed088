/*
 * core/packet/packet_internal.h — what the files of the framing engine
 * share: the "how long is the next packet" functions of each family, the
 * HTTP line parser, and the tables.
 *
 * The length functions follow OTP's packet_get_length() contract:
 *   > 0  the total length of the next packet (header included); it may be
 *        more than the N bytes at hand ("need more, length known")
 *   = 0  need more bytes, length unknown
 *   < 0  (GINET__PKT_INVALID) the bytes can never make a packet
 */
#ifndef GINET_PACKET_INTERNAL_H
#define GINET_PACKET_INTERNAL_H

#include <ginet/error.h>
#include <ginet/packet.h>

#include <stdint.h>
#include <stddef.h>
#include <string.h>

#define GINET__PKT_INVALID (-1)

/* GINET__NOINLINE keeps a rarely taken path out of a hot function, so
 * that the hot one needs no stack frame; GINET__INLINE puts a hot body
 * into each of its (few) callers, so that their state stays in
 * registers.  Both measured with bench/decode_packet. */
#if defined(__GNUC__)
#define GINET__NOINLINE __attribute__((noinline))
#define GINET__INLINE inline __attribute__((always_inline))
#else
#define GINET__NOINLINE
#define GINET__INLINE inline
#endif

/* OTP computes packet lengths in C ints: a length above INT32_MAX is an
 * error for every type. */
#define GINET__PKT_MAX_LEN ((int64_t)INT32_MAX)

/* length.c: 1, 2, 4, asn1, cdr, sunrm, fcgi, tpkt. */
int64_t ginet__packet_length_header(ginet_packet_type type,
                                    uint32_t packet_size,
                                    const uint8_t *data, size_t n);
/* The fixed header size of TYPE (0 for asn1 and the non-header types). */
size_t ginet__packet_header_min(ginet_packet_type type);
/* The whole decode step for those types (length, then the body OTP
 * returns: without the 1/2/4 length header, without the fcgi padding),
 * as ginet__packet_decode() below. */
int ginet__packet_decode_header(ginet_packet_type type, uint32_t packet_size,
                                const uint8_t *data, size_t n,
                                ginet_packet *pkt);

/*
 * line.c: the line type.  *SCAN (in/out) is how many leading bytes are
 * already known to hold no delimiter; it is updated when more bytes are
 * needed so that a streaming caller never scans a byte twice.  Pass a
 * pointer to 0 for a one-shot call.
 */
int64_t ginet__packet_length_line(const ginet_packet_options *opts,
                                  const uint8_t *data, size_t n,
                                  size_t *scan);

/*
 * http.c: the length of the next HTTP line (continuation lines included
 * when HEADER_STATE is non-zero).  *SCAN as for lines.
 */
int64_t ginet__packet_length_http(int header_state,
                                  const ginet_packet_options *opts,
                                  const uint8_t *data, size_t n,
                                  size_t *scan);

/*
 * http.c: the whole decode step for the HTTP types (length, then the
 * line), as ginet__packet_decode() below.
 */
int ginet__http_decode(ginet_packet_type type, const ginet_packet_options *opts,
                       int *state, const uint8_t *data, size_t n,
                       size_t *scan, ginet_packet *pkt);

/*
 * http.c: ginet__http_decode() for a fresh decode_packet call (state 0,
 * nothing scanned yet), with the state kept in registers.
 */
int ginet__http_decode_once(ginet_packet_type type,
                            const ginet_packet_options *opts,
                            const uint8_t *data, size_t n, ginet_packet *pkt);

/* http_uri.c: classify a request URI as OTP does. */
void ginet__http_parse_uri(const uint8_t *uri, size_t len,
                           ginet_http_uri *out);

/* http_tables.c: characters that end a token (OTP's "tspecials" plus
 * control characters, space and bytes >= 128; DEL is not one). */
extern const uint8_t ginet__http_tspecial[256];

/* http_tables.c: the lookup behind ginet_http_method_lookup() (internal
 * calls avoid the PLT). */
ginet_http_method ginet__http_method_find(const uint8_t *name, size_t len);

/* http_tables.c: the tables of the well-known header fields (see there for
 * the perfect hash), for the lookup below. */
extern const uint8_t ginet__http_field_slot[256];
extern const uint8_t ginet__http_field_len[GINET_HTTP_FIELD_COUNT];
extern const char ginet__http_field_lower[GINET_HTTP_FIELD_COUNT][24];

/*
 * P[0..LEN) equals LOW[0..LEN) up to the case of letters (LEN 3..19; LOW
 * has 24 readable bytes).  LOW holds only a-z, 0-9 and '-', and of those
 * exactly the letters have bit 0x40 set: (LOW & 0x40) >> 1 is 0x20 where
 * LOW has a letter, so OR-ing it into P folds the case of letters and
 * leaves every other byte to compare exactly (a control byte such as CR,
 * 0x0d, must not pass for '-', 0x2d).  Words of 8 (4, 2) bytes, the last
 * one overlapping the one before, so that there is no loop and no
 * byte-by-byte tail.
 */
#define GINET__FOLD(w, ones) (((w) & ((ones) * 0x40)) >> 1)

static GINET__INLINE int ginet__http_equal_lower(const uint8_t *p,
                                                 const char *low, size_t len)
{
    if (len >= 8) {
        const uint64_t ones = 0x0101010101010101ull;
        uint64_t a, b, c, d;
        memcpy(&a, p, 8);
        memcpy(&b, low, 8);
        memcpy(&c, p + len - 8, 8);
        memcpy(&d, low + len - 8, 8);
        uint64_t diff = ((a | GINET__FOLD(b, ones)) ^ b) |
                        ((c | GINET__FOLD(d, ones)) ^ d);
        if (len > 16) {                 /* the middle 8 of 17..19 */
            memcpy(&a, p + 8, 8);
            memcpy(&b, low + 8, 8);
            diff |= (a | GINET__FOLD(b, ones)) ^ b;
        }
        return diff == 0;
    }
    if (len >= 4) {
        const uint32_t ones = 0x01010101u;
        uint32_t a, b, c, d;
        memcpy(&a, p, 4);
        memcpy(&b, low, 4);
        memcpy(&c, p + len - 4, 4);
        memcpy(&d, low + len - 4, 4);
        return (((a | GINET__FOLD(b, ones)) ^ b) |
                ((c | GINET__FOLD(d, ones)) ^ d)) == 0;
    }
    uint16_t a, b, c, d;                /* LEN 3 */
    memcpy(&a, p, 2);
    memcpy(&b, low, 2);
    memcpy(&c, p + 1, 2);
    memcpy(&d, low + 1, 2);
    return (((a | GINET__FOLD(b, 0x0101u)) ^ b) |
            ((c | GINET__FOLD(d, 0x0101u)) ^ d)) == 0;
}

/*
 * The well-known field the LEN bytes at P name in any letter case, else
 * GINET_HTTP_FIELD_OTHER: the perfect hash of http_tables.c, then one
 * compare.  Inline: the HTTP parser calls it for every header line.
 */
static GINET__INLINE ginet_http_field ginet__http_field_find(
    const uint8_t *p, size_t len)
{
    if (len < 3 || len > 19)            /* the shortest and longest names */
        return GINET_HTTP_FIELD_OTHER;
    unsigned h = (unsigned)(len * 6u + (p[0] | 0x20u) * 48u +
                            (p[len - 2] | 0x20u)) & 255u;
    unsigned f = ginet__http_field_slot[h];
    if (f == 0 || ginet__http_field_len[f] != len ||
        !ginet__http_equal_lower(p, ginet__http_field_lower[f], len))
        return GINET_HTTP_FIELD_OTHER;
    return (ginet_http_field)f;
}

/* decode.c: the default options ({packet_size,0}, {line_length,0},
 * {line_delimiter,$\n}). */
extern const ginet_packet_options ginet__packet_defaults;

/* OTP's decimal accumulation in a 32-bit int (wraps). */
static inline int32_t ginet__wrap_int32(uint32_t v)
{
    return v <= (uint32_t)INT32_MAX ? (int32_t)v
                                    : (int32_t)(v - 0x80000000u) + INT32_MIN;
}

/*
 * decode.c: the length of the next packet of TYPE in DATA[0..N) with HTTP
 * state *STATE (the length functions' contract above; raw gives N, and 0
 * for no bytes).
 */
int64_t ginet__packet_length(ginet_packet_type type,
                             const ginet_packet_options *opts, int *state,
                             const uint8_t *data, size_t n, size_t *scan);

/*
 * decode.c: one step of the engine shared by ginet_decode_packet() and the
 * framer: the next packet of TYPE in DATA[0..N) with HTTP state *STATE.
 * Returns GINET_DECODE_OK / MORE / INVALID.
 */
int ginet__packet_decode(ginet_packet_type type,
                         const ginet_packet_options *opts, int *state,
                         const uint8_t *data, size_t n, size_t *scan,
                         ginet_packet *pkt);

/*
 * The bytes of DATA[0..N) the streaming framer lets the engine look at
 * for the next packet (framer.c says why): all N, except for line and the
 * HTTP types with limits.
 */
static inline size_t ginet__packet_window(ginet_packet_type type,
                                          const ginet_packet_options *o,
                                          size_t n)
{
    if (type == GINET_PACKET_LINE) {
        if (o->line_length != 0 && n > o->line_length)
            n = o->line_length;
        if (o->packet_size != 0 && n > (size_t)o->packet_size + 1)
            n = (size_t)o->packet_size + 1;
    } else if (type >= GINET_PACKET_HTTP) {
        uint32_t max = o->packet_size ? o->packet_size : o->line_length;
        size_t w = max <= 1 ? max : (size_t)max + 1;
        if (max != 0 && n > w)
            n = w;
    }
    return n;
}

/*
 * Batches (packet.h's ginet_packet_batch).  Each batch loop takes packets
 * of TYPE from DATA[0..N) into B->spans[0..B->max) with offsets from DATA,
 * and sets B->count, consumed, status (GINET_DECODE_OK when MAX was
 * reached, else MORE or INVALID) and needed; B->base is the caller's.
 * WINDOWED: apply ginet__packet_window() to every packet, as the framer
 * does.  *SCAN: as for the length functions, for the first packet (it is
 * 0 for the next ones, and left for the next call when the batch ends
 * with MORE).
 */

/* length.c: 1, 2, 4, asn1, cdr, sunrm, fcgi, tpkt. */
void ginet__packet_batch_header(ginet_packet_type type, uint32_t packet_size,
                                const uint8_t *data, size_t n,
                                ginet_packet_batch *b);

/* http.c: the HTTP types, with the HTTP state *STATE (a socket's). */
void ginet__http_batch(ginet_packet_type type,
                       const ginet_packet_options *opts, int *state,
                       const uint8_t *data, size_t n, size_t *scan,
                       int windowed, ginet_packet_batch *b);

/* decode.c: every type (the two above, and raw and line). */
void ginet__packet_batch(ginet_packet_type type,
                         const ginet_packet_options *opts, int *state,
                         const uint8_t *data, size_t n, size_t *scan,
                         int windowed, ginet_packet_batch *b);

#endif /* GINET_PACKET_INTERNAL_H */
