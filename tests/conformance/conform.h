/*
 * tests/conformance/conform.h — what the conformance runner and the
 * per-family vector adapters (conform_address.c, conform_error.c,
 * conform_packet.c) share.
 *
 * An adapter turns a vector's ARGS (a parsed term, always a list) into calls
 * of the public C API and builds the term OTP would have returned, which the
 * runner prints with ~w and compares byte for byte with EXPECTED.
 */
#ifndef GINET_CONFORM_H
#define GINET_CONFORM_H

#include <ginet/ginet.h>

typedef struct conform_ctx {
    ginet_term_arena *arena;   /* build results here; freed per vector */
    const char *skip_reason;   /* set (static string) to skip the vector */
} conform_ctx;

/* Returns the result term; or NULL with ctx->skip_reason set to skip the
 * vector (only for arguments no C API can take); or NULL without a reason
 * for an internal error (counted as a failure). */
typedef ginet_term *(*conform_fn)(conform_ctx *ctx, const ginet_term *args);

typedef struct conform_entry {
    const char *function;      /* FUNCTION column, e.g. "parse_address" */
    conform_fn fn;
} conform_entry;

/* Each adapter file defines one table ended by {NULL, NULL}. */
extern const conform_entry conform_address_table[];
extern const conform_entry conform_error_table[];
extern const conform_entry conform_packet_table[];

/* Result builders (NULL on ENOMEM). */
ginet_term *conform_atom(conform_ctx *ctx, const char *name);
ginet_term *conform_exit(conform_ctx *ctx, const char *reason); /* {'EXIT',R} */
ginet_term *conform_ok(conform_ctx *ctx, ginet_term *value);    /* {ok,V} */
ginet_term *conform_error(conform_ctx *ctx, const char *reason);/* {error,R} */
ginet_term *conform_bool(conform_ctx *ctx, int value);          /* true|false */

/* The I-th element of the ARGS list, or NULL if there are fewer. */
const ginet_term *conform_arg(const ginet_term *args, size_t i);

#endif
