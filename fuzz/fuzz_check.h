/*
 * fuzz/fuzz_check.h — what the fuzz targets share besides the input
 * layout: a check that stops the run with a message (libFuzzer then saves
 * the input), slice bounds checks, and the print-and-read-back check of
 * terms built from decode results.
 */
#ifndef GINET_FUZZ_CHECK_H
#define GINET_FUZZ_CHECK_H

#include <ginet/ginet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A broken property: say which and where, then abort (libFuzzer reports
 * the abort and writes the input to a crash-* file). */
#define FUZZ_CHECK(cond)                                                   \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__,      \
                    __LINE__, #cond);                                      \
            abort();                                                       \
        }                                                                  \
    } while (0)

/* 1 if S lies within BASE[0..LEN) (an empty slice anywhere in it, or a
 * NULL one, counts). */
static inline int fuzz_slice_within(ginet_slice s, const uint8_t *base,
                                    size_t len)
{
    if (s.len == 0)
        return s.ptr == NULL || (s.ptr >= base && s.ptr <= base + len);
    return s.ptr >= base && s.ptr <= base + len &&
           s.len <= (size_t)(base + len - s.ptr);
}

/* Print T (~w), read the text back, check it is the same term. */
static inline void fuzz_term_round_trip(ginet_term_arena *arena,
                                        const ginet_term *t)
{
    FUZZ_CHECK(t != NULL);
    char *s = ginet_term_to_string(t);
    FUZZ_CHECK(s != NULL);
    ginet_term *back = NULL;
    FUZZ_CHECK(ginet_term_parse(arena, s, strlen(s), &back, NULL) == 0);
    FUZZ_CHECK(ginet_term_equal(t, back));
    free(s);
}

/* The whole decode_packet/3 answer for RC/PKT on DATA[0..LEN), built
 * with ginet_decode_result_term(), printed and read back. */
static inline void fuzz_check_result(ginet_term_arena *arena, int rc,
                                     const ginet_packet *pkt,
                                     const void *data, size_t len)
{
    fuzz_term_round_trip(arena,
                         ginet_decode_result_term(arena, rc, pkt, data, len));
}

#endif /* GINET_FUZZ_CHECK_H */
