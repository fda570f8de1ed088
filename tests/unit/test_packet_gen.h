/*
 * tests/unit/test_packet_gen.h — random packet streams and result
 * descriptions shared by the packet property tests (test_packet_gen.c).
 */
#ifndef GINET_TEST_PACKET_GEN_H
#define GINET_TEST_PACKET_GEN_H

#include <ginet/ginet.h>

#include <stddef.h>
#include <stdint.h>

/* The generator's state: set it to a seed (not 0) before a test. */
extern uint64_t pg_rng_state;
/* A random number in 0..N-1 (0 for N = 0). */
uint32_t pg_rnd(uint32_t n);

/* A growable byte string; { 0 } is empty.  Out of memory sets
 * pg_out_of_memory and drops the bytes. */
typedef struct pg_bytes { uint8_t *p; size_t n, cap; } pg_bytes;
extern int pg_out_of_memory;
void pg_put(pg_bytes *b, const void *d, size_t n);
void pg_put_s(pg_bytes *b, const char *s);
void pg_put_u8(pg_bytes *b, uint32_t v);
void pg_put_rand(pg_bytes *b, size_t n, int printable);

/* Append a stream of packets of type T (line: ended by DELIM), sometimes
 * with junk at the end that makes an error or a partial packet. */
void pg_make_stream(ginet_packet_type t, pg_bytes *b, uint8_t delim);

/* Append one line describing a decode answer RC and, for OK, packet P. */
void pg_describe(pg_bytes *out, int rc, const ginet_packet *p);
/* Append the description of a packet's data (and HTTP parse H for HTTP
 * types), without the line's start and end. */
void pg_describe_data(pg_bytes *out, ginet_packet_type type, ginet_slice data,
                      const ginet_http_packet *h);

/* Print the first line where descriptions WANT and GOT differ. */
void pg_show_difference(const pg_bytes *want, const pg_bytes *got);

#endif
