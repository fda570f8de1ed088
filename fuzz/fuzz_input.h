/*
 * fuzz/fuzz_input.h — the byte layout of the fuzz targets' inputs, shared
 * by the targets (which read it) and fuzz/make_seeds.c (which writes seed
 * inputs in it from the conformance vectors).
 *
 * Packet targets (packet-length, packet-line, packet-http, framer):
 *
 *   byte 0      type selector: an index into the target's type table
 *               below, taken modulo the table's size
 *   byte 1      flags: bit 0 packet_size follows, bit 1 line_length
 *               follows, bit 2 line_delimiter follows; bits 3..7 are the
 *               target's own (the framer's modes)
 *   [size]      packet_size                   (if bit 0)
 *   [size]      line_length                   (if bit 1)
 *   [1 byte]    line_delimiter                (if bit 2)
 *               A size is one byte B: B itself when B < 0xfe; 0xfe then
 *               2 bytes, 0xff then 4 bytes, big-endian.  Small limits are
 *               the interesting ones, and one byte is easy for the
 *               fuzzer to hit (say, line_length equal to packet_size).
 *   framer only: 1 byte K (mod 16), then K chunk sizes (1 byte each,
 *               0 = 256) used cyclically to split the data (K = 0: all
 *               at once); then, if flag bit 6 is set, 2 bytes: switch
 *               the type after packet number byte 0 to the type whose
 *               value is byte 1 mod GINET_PACKET_TYPE_COUNT; then, if flag
 *               bit 7 is set, 1 byte: the batch size M (0 = 256) — take
 *               packets with ginet_framer_next_batch(), M at a time, and
 *               check ginet_decode_packets() with M too
 *   the rest    the bytes to decode
 *
 * term: the whole input is the text to read.
 *
 * address: byte 0 bit 0 clear: the rest is address text; bit 0 set: a
 * tuple of (byte 0 >> 1) mod 17 integers, each 4 bytes big-endian
 * two's complement, follows.
 *
 * A short input reads as zeros past its end, so every input is valid.
 */
#ifndef GINET_FUZZ_INPUT_H
#define GINET_FUZZ_INPUT_H

#include <ginet/error.h>
#include <ginet/packet.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define FUZZ_OPT_PACKET_SIZE    0x01u
#define FUZZ_OPT_LINE_LENGTH    0x02u
#define FUZZ_OPT_LINE_DELIMITER 0x04u

/* The framer's own flag bits. */
#define FUZZ_FRAMER_RESERVE     0x08u  /* reserve/commit instead of feed */
#define FUZZ_FRAMER_NEED        0x10u  /* read exactly what need() asks */
#define FUZZ_FRAMER_DETACH      0x20u  /* hand the buffer over now and then */
#define FUZZ_FRAMER_SET_TYPE    0x40u  /* switch type after some packet */
#define FUZZ_FRAMER_BATCH       0x80u  /* take packets in batches */

/* The type tables: selector byte -> packet type, per target. */
static const ginet_packet_type fuzz_length_types[] = {
    GINET_PACKET_RAW, GINET_PACKET_1, GINET_PACKET_2, GINET_PACKET_4,
    GINET_PACKET_ASN1, GINET_PACKET_CDR, GINET_PACKET_SUNRM,
    GINET_PACKET_FCGI, GINET_PACKET_TPKT
};
static const ginet_packet_type fuzz_line_types[] = { GINET_PACKET_LINE };
static const ginet_packet_type fuzz_http_types[] = {
    GINET_PACKET_HTTP, GINET_PACKET_HTTPH, GINET_PACKET_HTTP_BIN,
    GINET_PACKET_HTTPH_BIN
};
/* The framer takes every type: the selector is the type's value. */

#define FUZZ_COUNT(a) (sizeof (a) / sizeof (a)[0])

/* A cursor over the input. */
typedef struct fuzz_input {
    const uint8_t *p;
    size_t n;
} fuzz_input;

static inline uint8_t fuzz_u8(fuzz_input *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

static inline uint32_t fuzz_u32(fuzz_input *in)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v = (v << 8) | fuzz_u8(in);
    return v;
}

/* A size: see the layout above. */
static inline uint32_t fuzz_size(fuzz_input *in)
{
    uint8_t b = fuzz_u8(in);
    if (b < 0xfe)
        return b;
    if (b == 0xfe) {
        uint32_t hi = fuzz_u8(in);
        return (hi << 8) | fuzz_u8(in);
    }
    return fuzz_u32(in);
}

static inline size_t fuzz_write_size(uint8_t *buf, uint32_t v)
{
    size_t n = 0;
    if (v < 0xfe) {
        buf[n++] = (uint8_t)v;
    } else if (v <= 0xffff) {
        buf[n++] = 0xfe;
        buf[n++] = (uint8_t)(v >> 8);
        buf[n++] = (uint8_t)v;
    } else {
        buf[n++] = 0xff;
        for (int i = 3; i >= 0; i--)
            buf[n++] = (uint8_t)(v >> (8 * i));
    }
    return n;
}

/* The packet header: type selector, flags and the options it carries.
 * Options are returned as given (not validated). */
typedef struct fuzz_packet_header {
    uint8_t selector;
    uint8_t flags;
    uint32_t packet_size;
    uint32_t line_length;
    uint8_t line_delimiter;
} fuzz_packet_header;

static inline void fuzz_read_packet_header(fuzz_input *in,
                                           fuzz_packet_header *h)
{
    memset(h, 0, sizeof *h);
    h->selector = fuzz_u8(in);
    h->flags = fuzz_u8(in);
    h->line_delimiter = '\n';
    if (h->flags & FUZZ_OPT_PACKET_SIZE)
        h->packet_size = fuzz_size(in);
    if (h->flags & FUZZ_OPT_LINE_LENGTH)
        h->line_length = fuzz_size(in);
    if (h->flags & FUZZ_OPT_LINE_DELIMITER)
        h->line_delimiter = fuzz_u8(in);
}

/* Write H into BUF (room for 13 bytes); returns the bytes written. */
static inline size_t fuzz_write_packet_header(uint8_t *buf,
                                              const fuzz_packet_header *h)
{
    size_t n = 0;
    buf[n++] = h->selector;
    buf[n++] = h->flags;
    if (h->flags & FUZZ_OPT_PACKET_SIZE)
        n += fuzz_write_size(buf + n, h->packet_size);
    if (h->flags & FUZZ_OPT_LINE_LENGTH)
        n += fuzz_write_size(buf + n, h->line_length);
    if (h->flags & FUZZ_OPT_LINE_DELIMITER)
        buf[n++] = h->line_delimiter;
    return n;
}

/*
 * Apply the header's options to *OPTS for TYPE through the public setter,
 * as decode_packet/3 reads its option list.  The setter refuses
 * line_delimiter for a type other than line (OTP's badarg); that refusal
 * is checked here and the option skipped.  Returns 0, or -1 if the setter
 * answered what it should not.
 */
static inline int fuzz_apply_options(const fuzz_packet_header *h,
                                     ginet_packet_type type,
                                     ginet_packet_options *opts)
{
    ginet_packet_options_init(opts);
    if ((h->flags & FUZZ_OPT_PACKET_SIZE) &&
        ginet_packet_options_set(opts, type, GINET_PACKET_OPT_PACKET_SIZE,
                                 h->packet_size) != 0)
        return -1;
    if ((h->flags & FUZZ_OPT_LINE_LENGTH) &&
        ginet_packet_options_set(opts, type, GINET_PACKET_OPT_LINE_LENGTH,
                                 h->line_length) != 0)
        return -1;
    if (h->flags & FUZZ_OPT_LINE_DELIMITER) {
        int rc = ginet_packet_options_set(opts, type,
                                          GINET_PACKET_OPT_LINE_DELIMITER,
                                          h->line_delimiter);
        if (rc != (type == GINET_PACKET_LINE ? 0 : GINET_EINVAL))
            return -1;
    }
    return 0;
}

#endif /* GINET_FUZZ_INPUT_H */
