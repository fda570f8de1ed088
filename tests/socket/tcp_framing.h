/*
 * tests/socket/tcp_framing.h — byte streams of every packet type with the
 * packets a receiver must get from them (tcp_framing_gen.c), for the
 * framing tests (tcp_framing.c).
 */
#ifndef GINET_TEST_TCP_FRAMING_H
#define GINET_TEST_TCP_FRAMING_H

#include <ginet/packet.h>

#include <stddef.h>
#include <stdint.h>

/* One packet: the bytes of the stream a recv must return (DATA_OFF,
 * DATA_LEN); for HTTP types its kind and, for a request its path, for a
 * response its reason, for a header its name (A) and value (B; B_LEN
 * SIZE_MAX: not checked). */
typedef struct tt_frame {
    size_t data_off, data_len;
    int http_kind;                /* ginet_http_kind, 0 for other types */
    size_t a_off, a_len, b_off, b_len;
} tt_frame;

typedef struct tt_stream {
    uint8_t *data;
    size_t len;
    tt_frame *frames;
    size_t count;
} tt_stream;

/* A stream of about COUNT packets of TYPE made from SEED.  raw gives one
 * frame covering everything.  0, or -1 when out of memory. */
int tt_stream_build(ginet_packet_type type, uint64_t seed, size_t count,
                    tt_stream *out);
void tt_stream_free(tt_stream *s);

#endif
