/*
 * core/packet/decode.c — the front of the framing engine: packet type names,
 * options and their validation (what decode_packet/3 answers with badarg),
 * and the dispatch from a packet type to its family's length function and,
 * for whole packets, to the body or the HTTP line parser — one packet at a
 * time (ginet_decode_packet) or a batch of them (ginet_decode_packets).
 */
#include "packet_internal.h"

#include <string.h>

static const char *const type_names[GINET_PACKET_TYPE_COUNT] = {
    "raw", "1", "2", "4", "asn1", "cdr", "sunrm", "fcgi", "tpkt", "line",
    "http", "httph", "http_bin", "httph_bin"
};

GINET_API const char *ginet_packet_type_name(ginet_packet_type type)
{
    if ((unsigned)type >= GINET_PACKET_TYPE_COUNT)
        return NULL;
    return type_names[type];
}

GINET_API int ginet_packet_type_from_name(const char *name, size_t len,
                                          ginet_packet_type *out)
{
    if (name == NULL || out == NULL)
        return GINET_EINVAL;
    if (len == 1 && name[0] == '0') {
        *out = GINET_PACKET_RAW;
        return 0;
    }
    for (unsigned t = 0; t < GINET_PACKET_TYPE_COUNT; t++) {
        if (strlen(type_names[t]) == len && memcmp(type_names[t], name, len) == 0) {
            *out = (ginet_packet_type)t;
            return 0;
        }
    }
    return GINET_EINVAL;
}

GINET_API int ginet_packet_type_from_int(int64_t value, ginet_packet_type *out)
{
    if (out == NULL)
        return GINET_EINVAL;
    switch (value) {
    case 0: *out = GINET_PACKET_RAW; return 0;
    case 1: *out = GINET_PACKET_1; return 0;
    case 2: *out = GINET_PACKET_2; return 0;
    case 4: *out = GINET_PACKET_4; return 0;
    default: return GINET_EINVAL;
    }
}

GINET_API int ginet_packet_type_is_http(ginet_packet_type type)
{
    return type >= GINET_PACKET_HTTP && type <= GINET_PACKET_HTTPH_BIN;
}

const ginet_packet_options ginet__packet_defaults = { 0, 0, '\n' };

GINET_API void ginet_packet_options_init(ginet_packet_options *opts)
{
    if (opts == NULL)
        return;
    opts->packet_size = 0;
    opts->line_length = 0;
    opts->line_delimiter = '\n';
}

GINET_API int ginet_packet_option_from_name(const char *name, size_t len)
{
    static const struct { const char *name; ginet_packet_option opt; } t[] = {
        { "packet_size", GINET_PACKET_OPT_PACKET_SIZE },
        { "line_length", GINET_PACKET_OPT_LINE_LENGTH },
        { "line_delimiter", GINET_PACKET_OPT_LINE_DELIMITER },
    };
    if (name == NULL)
        return GINET_EINVAL;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strlen(t[i].name) == len && memcmp(t[i].name, name, len) == 0)
            return (int)t[i].opt;
    return GINET_EINVAL;
}

GINET_API int ginet_packet_options_set(ginet_packet_options *opts,
                                       ginet_packet_type type,
                                       ginet_packet_option option,
                                       int64_t value)
{
    if (opts == NULL || (unsigned)type >= GINET_PACKET_TYPE_COUNT)
        return GINET_EINVAL;
    /* OTP takes an unsigned C int for every option. */
    if (value < 0 || value > (int64_t)UINT32_MAX)
        return GINET_EINVAL;
    switch (option) {
    case GINET_PACKET_OPT_PACKET_SIZE:
        opts->packet_size = (uint32_t)value;
        return 0;
    case GINET_PACKET_OPT_LINE_LENGTH:
        opts->line_length = (uint32_t)value;
        return 0;
    case GINET_PACKET_OPT_LINE_DELIMITER:
        if (type != GINET_PACKET_LINE || value > 255)
            return GINET_EINVAL;
        opts->line_delimiter = (uint8_t)value;
        return 0;
    default:
        return GINET_EINVAL;
    }
}

int64_t ginet__packet_length(ginet_packet_type type,
                             const ginet_packet_options *opts, int *state,
                             const uint8_t *data, size_t n, size_t *scan)
{
    switch (type) {
    case GINET_PACKET_RAW:
        /* Whatever is there (a C int in OTP, like every length). */
        return n > (size_t)GINET__PKT_MAX_LEN ? GINET__PKT_INVALID
                                              : (int64_t)n;
    case GINET_PACKET_LINE:
        return ginet__packet_length_line(opts, data, n, scan);
    case GINET_PACKET_HTTPH:
    case GINET_PACKET_HTTPH_BIN:
        /* httph reads header lines only: OTP forces the state here. */
        *state = 1;
        return ginet__packet_length_http(1, opts, data, n, scan);
    case GINET_PACKET_HTTP:
    case GINET_PACKET_HTTP_BIN:
        return ginet__packet_length_http(*state, opts, data, n, scan);
    default:
        return ginet__packet_length_header(type, opts->packet_size, data, n);
    }
}

/* raw and line: the packet of length LEN (a length function's answer)
 * is the bytes themselves. */
static inline int whole_packet(ginet_packet_type type, int64_t len,
                               const uint8_t *data, size_t n,
                               ginet_packet *pkt)
{
    pkt->type = type;
    pkt->needed = 0;
    if (len < 0)
        return GINET_DECODE_INVALID;
    if (len == 0 || (uint64_t)len > n) {
        pkt->needed = (size_t)len;
        return GINET_DECODE_MORE;
    }
    pkt->size = (size_t)len;
    pkt->data.ptr = data;
    pkt->data.len = (size_t)len;
    return GINET_DECODE_OK;
}

int ginet__packet_decode(ginet_packet_type type,
                         const ginet_packet_options *opts, int *state,
                         const uint8_t *data, size_t n, size_t *scan,
                         ginet_packet *pkt)
{
    switch (type) {
    case GINET_PACKET_RAW:
    case GINET_PACKET_LINE:
        return whole_packet(type, ginet__packet_length(type, opts, state,
                                                       data, n, scan),
                            data, n, pkt);
    case GINET_PACKET_HTTP:
    case GINET_PACKET_HTTPH:
    case GINET_PACKET_HTTP_BIN:
    case GINET_PACKET_HTTPH_BIN:
        return ginet__http_decode(type, opts, state, data, n, scan, pkt);
    default:
        return ginet__packet_decode_header(type, opts->packet_size, data, n,
                                           pkt);
    }
}

/* raw and line for a fresh decode_packet call, out of line so that the
 * other paths of ginet_decode_packet() are plain jumps. */
static GINET__NOINLINE int decode_other(ginet_packet_type type,
                                        const ginet_packet_options *opts,
                                        const uint8_t *data, size_t n,
                                        ginet_packet *pkt)
{
    size_t scan = 0;
    int64_t len = type == GINET_PACKET_LINE
                      ? ginet__packet_length_line(opts, data, n, &scan)
                      : (n > (size_t)GINET__PKT_MAX_LEN ? GINET__PKT_INVALID
                                                         : (int64_t)n);
    return whole_packet(type, len, data, n, pkt);
}

GINET_API int ginet_decode_packet(ginet_packet_type type,
                                  const ginet_packet_options *opts,
                                  const void *data, size_t len,
                                  ginet_packet *pkt)
{
    /* Sane arguments and a length-header or HTTP type first: a few tests,
     * then a jump to the family. */
    if (pkt != NULL && data != NULL) {
        if ((unsigned)type - GINET_PACKET_1 <= GINET_PACKET_TPKT - GINET_PACKET_1)
            return ginet__packet_decode_header(type,
                                               opts ? opts->packet_size : 0,
                                               data, len, pkt);
        if ((unsigned)type - GINET_PACKET_HTTP <=
            GINET_PACKET_HTTPH_BIN - GINET_PACKET_HTTP)
            return ginet__http_decode_once(type,
                                           opts ? opts : &ginet__packet_defaults,
                                           data, len, pkt);
    }
    if ((unsigned)type >= GINET_PACKET_TYPE_COUNT || pkt == NULL ||
        (data == NULL && len > 0))
        return GINET_EINVAL;
    if (data == NULL)
        data = "";
    if (type >= GINET_PACKET_1 && type <= GINET_PACKET_TPKT)
        return ginet__packet_decode_header(type, opts ? opts->packet_size : 0,
                                           data, len, pkt);
    if (opts == NULL)
        opts = &ginet__packet_defaults;
    if (type >= GINET_PACKET_HTTP)
        return ginet__http_decode_once(type, opts, data, len, pkt);
    return decode_other(type, opts, data, len, pkt);
}

/* ---------------------------------------------------------------- batches */

/* raw and line: whole_packet() again and again. */
static void batch_whole(ginet_packet_type type,
                        const ginet_packet_options *opts, const uint8_t *data,
                        size_t n, size_t *scan, int windowed,
                        ginet_packet_batch *b)
{
    size_t pos = 0, k = 0, sc = *scan;
    int64_t len = 0;

    while (k < b->max) {
        size_t avail = n - pos;
        size_t w = windowed ? ginet__packet_window(type, opts, avail) : avail;
        if (type == GINET_PACKET_LINE)
            len = ginet__packet_length_line(opts, data + pos, w, &sc);
        else
            len = w > (size_t)GINET__PKT_MAX_LEN ? GINET__PKT_INVALID
                                                 : (int64_t)w;
        if (len <= 0 || (uint64_t)len > w)
            break;
        b->spans[k].offset = pos;
        b->spans[k].len = (size_t)len;
        k++;
        pos += (size_t)len;
        sc = 0;
    }
    *scan = sc;
    b->count = k;
    b->consumed = pos;
    b->needed = 0;
    if (k == b->max) {
        b->status = GINET_DECODE_OK;
    } else if (len < 0) {
        b->status = GINET_DECODE_INVALID;
    } else {
        b->status = GINET_DECODE_MORE;
        b->needed = (size_t)len;
    }
}

void ginet__packet_batch(ginet_packet_type type,
                         const ginet_packet_options *opts, int *state,
                         const uint8_t *data, size_t n, size_t *scan,
                         int windowed, ginet_packet_batch *b)
{
    if (type >= GINET_PACKET_1 && type <= GINET_PACKET_TPKT)
        ginet__packet_batch_header(type, opts->packet_size, data, n, b);
    else if (type >= GINET_PACKET_HTTP)
        ginet__http_batch(type, opts, state, data, n, scan, windowed, b);
    else
        batch_whole(type, opts, data, n, scan, windowed, b);
}

GINET_API ptrdiff_t ginet_decode_packets(ginet_packet_type type,
                                         const ginet_packet_options *opts,
                                         const void *data, size_t len,
                                         ginet_packet_batch *batch)
{
    if ((unsigned)type >= GINET_PACKET_TYPE_COUNT || batch == NULL ||
        batch->spans == NULL || batch->max == 0 || (data == NULL && len > 0))
        return GINET_EINVAL;
    if (data == NULL)
        data = "";
    if (opts == NULL)
        opts = &ginet__packet_defaults;
    batch->base = data;
    size_t scan = 0;
    int state = batch->http_state ? 1 : 0;
    ginet__packet_batch(type, opts, &state, data, len, &scan, 0, batch);
    batch->http_state = state;
    return (ptrdiff_t)batch->count;
}
