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

/* http_tables.c: the lookups behind ginet_http_method_lookup() and
 * ginet_http_field_lookup() (internal calls avoid the PLT). */
ginet_http_method ginet__http_method_find(const uint8_t *name, size_t len);
ginet_http_field ginet__http_field_find(const uint8_t *name, size_t len);

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

#endif /* GINET_PACKET_INTERNAL_H */
