/*
 * core/packet/framer.c — the streaming framer: a growable buffer that bytes
 * are fed (or received) into, the engine of decode.c run over it, the HTTP
 * state a socket keeps, and the "how many bytes next" answer that
 * {read_ahead,false} needs.
 *
 * Buffer layout: buf[0..start) holds packets already returned (their
 * slices stay valid until the buffer is next written or moved),
 * buf[start..end) the bytes not yet returned, buf[end..cap) free space.
 * Only feed/reserve/detach/set_type/reset/free move or overwrite bytes.
 * ginet_framer_next() takes one packet, ginet_framer_next_batch() many
 * (the same engine, decode.c, with the same window on every packet).
 */
#include "packet_internal.h"

#include <stdlib.h>
#include <string.h>

#define FRAMER_MIN_CAP 256

struct ginet_framer {
    ginet_packet_type type;
    ginet_packet_options opts;
    int http_state;      /* 0: start line next, 1: header lines */
    int error;           /* sticky: 0 or GINET_EMSGSIZE */
    uint8_t *buf;
    size_t cap;
    size_t start;        /* first byte not yet returned */
    size_t end;          /* end of the buffered bytes */
    size_t scan;         /* bytes from start known to hold no line end */
    size_t reserved;     /* bytes handed out by reserve, 0 = none */
};

/*
 * The bytes the engine may look at.  OTP's length rules, applied to
 * whatever happens to be buffered, can depend on how the bytes were split:
 *  - line: packet_size is checked before line_length, so a line longer
 *    than both (line_length <= packet_size) is cut at line_length when it
 *    arrives in small pieces but is invalid when it arrives whole;
 *  - HTTP with a limit of 1: "\r\n" arriving as exactly two bytes is
 *    http_eoh, but "\r" alone already exceeds the limit.
 * The framer must give the same packets whatever the split, so it decides
 * as soon as the first bytes allow — what OTP answers when the bytes
 * arrive one at a time: a line is looked at through at most line_length
 * and packet_size + 1 bytes, an HTTP line through at most limit + 1 (the
 * byte after the limit shows whether a header line continues), or 1 byte
 * when the limit is 1.  Elsewhere the rules do not depend on the split.
 */
static inline size_t window(const ginet_framer *f)
{
    return ginet__packet_window(f->type, &f->opts, f->end - f->start);
}

static int set_type(ginet_framer *f, ginet_packet_type type,
                    const ginet_packet_options *opts)
{
    if ((unsigned)type >= GINET_PACKET_TYPE_COUNT)
        return GINET_EINVAL;
    f->type = type;
    if (opts != NULL)
        f->opts = *opts;
    else
        ginet_packet_options_init(&f->opts);
    f->scan = 0;
    f->error = 0;
    return 0;
}

GINET_API int ginet_framer_new(ginet_packet_type type,
                               const ginet_packet_options *opts,
                               ginet_framer **out)
{
    if (out == NULL || (unsigned)type >= GINET_PACKET_TYPE_COUNT)
        return GINET_EINVAL;
    ginet_framer *f = calloc(1, sizeof *f);
    if (f == NULL)
        return GINET_ENOMEM;
    set_type(f, type, opts);
    *out = f;
    return 0;
}

GINET_API void ginet_framer_free(ginet_framer *f)
{
    if (f == NULL)
        return;
    free(f->buf);
    free(f);
}

GINET_API int ginet_framer_set_type(ginet_framer *f, ginet_packet_type type,
                                    const ginet_packet_options *opts)
{
    if (f == NULL)
        return GINET_EINVAL;
    return set_type(f, type, opts);
}

GINET_API void ginet_framer_reset(ginet_framer *f)
{
    if (f == NULL)
        return;
    f->start = f->end = f->scan = f->reserved = 0;
    f->http_state = 0;
    f->error = 0;
}

/* Room for MIN more bytes at buf[end..]: move the pending bytes to the
 * front when that is enough and cheap, else grow. */
static int make_room(ginet_framer *f, size_t min)
{
    size_t pending = f->end - f->start;

    if (f->cap - f->end >= min)
        return 0;
    if (min > SIZE_MAX - pending)
        return GINET_ENOMEM;
    size_t need = pending + min;
    if (f->start > 0 && need <= f->cap && pending <= f->cap / 2) {
        memmove(f->buf, f->buf + f->start, pending);
        f->start = 0;
        f->end = pending;
        return 0;
    }
    size_t cap = f->cap < FRAMER_MIN_CAP ? FRAMER_MIN_CAP : f->cap;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    uint8_t *nb = malloc(cap);
    if (nb == NULL)
        return GINET_ENOMEM;
    if (pending > 0)
        memcpy(nb, f->buf + f->start, pending);
    free(f->buf);
    f->buf = nb;
    f->cap = cap;
    f->start = 0;
    f->end = pending;
    return 0;
}

GINET_API int ginet_framer_reserve(ginet_framer *f, size_t min,
                                   uint8_t **ptr, size_t *avail)
{
    if (f == NULL || ptr == NULL || avail == NULL)
        return GINET_EINVAL;
    int rc = make_room(f, min ? min : 1);
    if (rc < 0)
        return rc;
    *ptr = f->buf + f->end;
    *avail = f->reserved = f->cap - f->end;
    return 0;
}

GINET_API int ginet_framer_commit(ginet_framer *f, size_t n)
{
    if (f == NULL || n > f->reserved)
        return GINET_EINVAL;
    f->end += n;
    f->reserved = 0;
    return 0;
}

GINET_API int ginet_framer_feed(ginet_framer *f, const void *data, size_t len)
{
    if (f == NULL || (data == NULL && len > 0))
        return GINET_EINVAL;
    if (len == 0)
        return 0;
    int rc = make_room(f, len);
    if (rc < 0)
        return rc;
    memcpy(f->buf + f->end, data, len);
    f->end += len;
    f->reserved = 0;
    return 0;
}

GINET_API int ginet_framer_next(ginet_framer *f, ginet_packet *pkt)
{
    static const uint8_t empty[1] = { 0 };

    if (f == NULL || pkt == NULL)
        return GINET_EINVAL;
    if (f->error)
        return f->error;
    const uint8_t *data = f->buf ? f->buf + f->start : empty;
    int rc;
    if (f->type >= GINET_PACKET_1 && f->type <= GINET_PACKET_TPKT)
        rc = ginet__packet_decode_header(f->type, f->opts.packet_size, data,
                                         f->end - f->start, pkt);
    else
        rc = ginet__packet_decode(f->type, &f->opts, &f->http_state, data,
                                  window(f), &f->scan, pkt);
    switch (rc) {
    case GINET_DECODE_OK:
        f->start += pkt->size;
        f->scan = 0;
        return GINET_DECODE_OK;
    case GINET_DECODE_MORE:
        return GINET_DECODE_MORE;
    default:
        /* What an OTP socket reports for a bad or oversized packet. */
        f->error = GINET_EMSGSIZE;
        return f->error;
    }
}

GINET_API ptrdiff_t ginet_framer_next_batch(ginet_framer *f,
                                            ginet_packet_batch *b)
{
    static const uint8_t empty[1] = { 0 };

    if (f == NULL || b == NULL || b->spans == NULL || b->max == 0)
        return GINET_EINVAL;
    const uint8_t *data = f->buf ? f->buf + f->start : empty;
    b->base = data;
    b->count = 0;
    b->consumed = 0;
    b->needed = 0;
    if (f->error) {
        b->status = f->error;
    } else {
        /* With raw, next() returns everything buffered, then "more":
         * the batch engine's raw, over the whole buffer, does the same. */
        ginet__packet_batch(f->type, &f->opts, &f->http_state, data,
                            f->end - f->start, &f->scan, 1, b);
        f->start += b->consumed;
        if (b->status == GINET_DECODE_INVALID)
            b->status = f->error = GINET_EMSGSIZE;
    }
    b->http_state = f->http_state;
    return (ptrdiff_t)b->count;
}

GINET_API int ginet_framer_take(ginet_framer *f, size_t n, ginet_packet *pkt)
{
    if (f == NULL || pkt == NULL || n == 0)
        return GINET_EINVAL;
    if (f->end - f->start < n)
        return GINET_DECODE_MORE;
    memset(pkt, 0, sizeof *pkt);
    pkt->type = GINET_PACKET_RAW;
    pkt->size = n;
    pkt->data.ptr = f->buf + f->start;
    pkt->data.len = n;
    f->start += n;
    f->scan = 0;
    return GINET_DECODE_OK;
}

GINET_API ginet_framer_want ginet_framer_need(ginet_framer *f, size_t *bytes)
{
    static const uint8_t empty[1] = { 0 };
    size_t dummy;

    if (bytes == NULL)
        bytes = &dummy;
    *bytes = 0;
    if (f == NULL || f->error)
        return GINET_FRAMER_READY;
    size_t n = window(f);
    const uint8_t *data = f->buf ? f->buf + f->start : empty;
    int state = f->http_state;   /* asking must not change the state */
    int64_t len = ginet__packet_length(f->type, &f->opts, &state, data, n,
                                       &f->scan);
    if (len < 0 || (len > 0 && (uint64_t)len <= n))
        return GINET_FRAMER_READY;
    if (len > 0) {
        *bytes = (size_t)len - n;
        return GINET_FRAMER_EXACT;
    }
    if (f->type == GINET_PACKET_RAW)
        return GINET_FRAMER_ANY;
    size_t hmin = ginet__packet_header_min(f->type);
    *bytes = hmin > n ? hmin - n : 1;
    return GINET_FRAMER_AT_LEAST;
}

GINET_API size_t ginet_framer_buffered(const ginet_framer *f)
{
    return f ? f->end - f->start : 0;
}

GINET_API int ginet_framer_http_state(const ginet_framer *f)
{
    return f ? f->http_state : 0;
}

GINET_API void ginet_framer_set_http_state(ginet_framer *f, int state)
{
    if (f == NULL)
        return;
    f->http_state = state ? 1 : 0;
    f->scan = 0;
}

GINET_API int ginet_framer_detach(ginet_framer *f, void **block)
{
    if (f == NULL || block == NULL)
        return GINET_EINVAL;
    *block = NULL;
    if (f->buf == NULL)
        return 0;
    size_t pending = f->end - f->start;
    uint8_t *nb = NULL;
    if (pending > 0) {
        nb = malloc(f->cap);
        if (nb == NULL)
            return GINET_ENOMEM;
        memcpy(nb, f->buf + f->start, pending);
    }
    *block = f->buf;
    f->buf = nb;
    f->cap = nb ? f->cap : 0;
    f->start = 0;
    f->end = pending;
    f->reserved = 0;
    return 0;
}

GINET_API void ginet_framer_block_free(void *block)
{
    free(block);
}

GINET_API void ginet_framer_trim(ginet_framer *f, size_t keep)
{
    /* Only an empty buffer goes: nothing points into it any more. */
    if (f == NULL || f->end != f->start || f->reserved != 0 || f->cap <= keep)
        return;
    free(f->buf);
    f->buf = NULL;
    f->cap = 0;
    f->start = f->end = 0;
    f->scan = 0;
}
