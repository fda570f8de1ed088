/*
 * bench/decode_packet_inputs.h — the inputs of the decode_packet
 * benchmark: one byte stream per case (a packet type on realistic data),
 * made the same way on every run, and written to files so that OTP's
 * escript decodes exactly the same bytes.
 */
#ifndef GINET_BENCH_DECODE_PACKET_INPUTS_H
#define GINET_BENCH_DECODE_PACKET_INPUTS_H

#include <ginet/packet.h>

#include <stddef.h>
#include <stdint.h>

/* What a case is also compared with, besides OTP. */
typedef enum bench_baseline {
    BENCH_BASE_NONE = 0,
    BENCH_BASE_MEMORY,          /* memchr and memcpy over the same bytes */
    BENCH_BASE_HTTP_REQUEST,    /* libhttp-parser, HTTP_REQUEST */
    BENCH_BASE_HTTP_RESPONSE    /* libhttp-parser, HTTP_RESPONSE */
} bench_baseline;

typedef struct bench_case {
    const char *name;           /* e.g. "packet4_64" (file NAME.bin) */
    const char *what;           /* a short description for the table */
    ginet_packet_type type;
    const char *otp_type;       /* the type as an Erlang term: "4", "http_bin" */
    bench_baseline baseline;
    uint8_t *data;              /* the stream: whole packets only */
    size_t len;
    size_t packets;             /* decode_packet packets in one pass */
    /* HTTP: where each message head starts (heads + 1 entries, the last
     * is LEN), for parsers that take one message at a time. */
    size_t *heads;
    size_t nheads;
} bench_case;

/*
 * Make every case.  HEADS_FILE is the corpus of HTTP heads
 * (bench/http-heads.txt).  Stores a malloc()ed array in *OUT and its size
 * in *COUNT; returns 0, or -1 after printing why.
 */
int bench_make_cases(const char *heads_file, bench_case **out, size_t *count);

void bench_free_cases(bench_case *cases, size_t count);

#endif
