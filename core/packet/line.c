/*
 * core/packet/line.c — the line packet type: bytes up to and including
 * line_delimiter.
 *
 * OTP's rules, in its order: a line (or, with no delimiter yet, the bytes
 * at hand) longer than packet_size is invalid; a line longer than
 * line_length is cut after line_length bytes — also when no delimiter has
 * arrived yet but line_length bytes have — and the rest of it comes as the
 * following packet(s).
 */
#include "packet_internal.h"

#include <string.h>

/* A line cut at line_length (an int in OTP: above INT32_MAX it is
 * negative, that is, an error). */
static inline int64_t cut(uint32_t line_length)
{
    return line_length > (uint32_t)GINET__PKT_MAX_LEN ? GINET__PKT_INVALID
                                                     : (int64_t)line_length;
}

int64_t ginet__packet_length_line(const ginet_packet_options *opts,
                                  const uint8_t *data, size_t n,
                                  size_t *scan)
{
    size_t from = *scan < n ? *scan : n;
    const uint8_t *end = n > from
        ? memchr(data + from, opts->line_delimiter, n - from) : NULL;

    if (end == NULL) {
        if (opts->packet_size != 0 && n > opts->packet_size)
            return GINET__PKT_INVALID;
        if (opts->line_length != 0 && n >= opts->line_length)
            return cut(opts->line_length);
        *scan = n;
        return 0;
    }
    size_t len = (size_t)(end - data) + 1;
    if (opts->packet_size != 0 && len > opts->packet_size)
        return GINET__PKT_INVALID;
    if (opts->line_length != 0 && len > opts->line_length)
        return cut(opts->line_length);
    return len > (size_t)GINET__PKT_MAX_LEN ? GINET__PKT_INVALID
                                            : (int64_t)len;
}
