/*
 * core/packet/http.c — the HTTP packet types (http, httph, http_bin,
 * httph_bin): where the next line ends, and what a line says — a request
 * line, a status line, a header line or the end of the headers.
 *
 * OTP 25's behaviour, kept exactly (docs/packet.md lists it with
 * examples):
 *  - A line ends at '\n'.  In the header state a line followed by a line
 *    starting with SP or TAB is continued by it (unless the line is just
 *    "\r\n" or "\n"), so the next byte after a '\n' must be seen first.
 *  - The limit is packet_size, or line_length when packet_size is 0: no
 *    '\n' within the first limit bytes, or a longer line, is invalid.
 *  - A line's ending is its last two bytes if the second last is '\r',
 *    else its last byte if that is '\n'.
 *  - Numbers (versions, status) accumulate in 32-bit ints that wrap.
 *  - Request line: METHOD (token bytes, case-sensitive match of the seven
 *    well-known ones) SP+ URI (any bytes but SP and TAB) SP* and either
 *    nothing (HTTP/0.9: version {0,9}) or at least 8 bytes starting
 *    "HTTP/" then 1*DIGIT "." 1*DIGIT; what follows the minor version is
 *    ignored.
 *  - Status line: "HTTP/" 1*DIGIT "." 1*DIGIT SP+ *DIGIT, then SP+ and the
 *    reason phrase, or nothing at all.
 *  - Header: NAME (token bytes, may be empty) ":" SP* VALUE.  An empty line
 *    is http_eoh and resets the state to "start line".
 *  - Anything else is {http_error, Line} with the whole line.
 */
#include "packet_internal.h"
#include "scan.h"

#include <string.h>

#define IS_SP(c) ((c) == ' ' || (c) == '\t')
#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

/* The length of the line at DATA[0..N) (continuation lines included in
 * the header state), by the rules above: the length functions' contract
 * (packet_internal.h). */
static GINET__INLINE int64_t length_http(int header_state,
                                         const ginet_packet_options *opts,
                                         const uint8_t *data, size_t n,
                                         size_t *scan)
{
    uint32_t max = opts->packet_size ? opts->packet_size : opts->line_length;
    const uint8_t *const end = data + n;

    /* "\n" or "\r\n" alone is a whole line: no byte after it can
     * continue it, and OTP takes it even over a limit of 1. */
    if (n - 1 < 2 && data[n - 1] == '\n' && (n == 1 || data[0] == '\r'))
        return (int64_t)n;

    const uint8_t *nl = ginet__scan_eol(data + (*scan < n ? *scan : n), end);
    for (;;) {
        if (nl == end) {
            if (max != 0 && n >= max)
                return GINET__PKT_INVALID;
            *scan = n;
            return 0;
        }
        size_t plen = (size_t)(nl - data) + 1;
        if (plen > (size_t)GINET__PKT_MAX_LEN)
            return GINET__PKT_INVALID;
        if (!header_state || plen < n) {
            /* (Most lines are followed by a letter: one compare.) */
            if (header_state && data[plen] <= ' ' && IS_SP(data[plen]) &&
                plen > 2) {
                /* a continuation line follows */
                nl = ginet__scan_eol(data + plen, end);
                continue;
            }
            if (max != 0 && plen > max)
                return GINET__PKT_INVALID;
            return (int64_t)plen;
        }
        /* A header line ends the bytes at hand: the next byte decides. */
        if (max != 0 && plen > max)
            return GINET__PKT_INVALID;
        *scan = plen - 1;
        return 0;
    }
}

/* 1*DIGIT at *P (before END), accumulated with 32-bit wrap; 0 if none. */
static int digits(const uint8_t **p, const uint8_t *end, int32_t *out)
{
    const uint8_t *s = *p;
    uint32_t v = 0;
    while (s < end && *s >= '0' && *s <= '9')
        v = v * 10u + (uint32_t)(*s++ - '0');
    if (s == *p)
        return 0;
    *p = s;
    *out = ginet__wrap_int32(v);
    return 1;
}

/* "1*DIGIT . 1*DIGIT" at *P. */
static inline int version(const uint8_t **p, const uint8_t *end,
                          int32_t *major, int32_t *minor)
{
    const uint8_t *s = *p;
    /* The versions that are ever sent, "1.1" and "1.0", in a few compares:
     * one digit, '.', one digit, and no digit after it. */
    if (end - s >= 3 && IS_DIGIT(s[0]) && s[1] == '.' && IS_DIGIT(s[2]) &&
        (end - s == 3 || !IS_DIGIT(s[3]))) {
        *major = s[0] - '0';
        *minor = s[2] - '0';
        *p = s + 3;
        return 1;
    }
    if (!digits(&s, end, major) || s == end || *s != '.')
        return 0;
    s++;
    if (!digits(&s, end, minor))
        return 0;
    *p = s;
    return 1;
}

static int status_line(const uint8_t *p, const uint8_t *end,
                       ginet_http_packet *out)
{
    p += 5;                                         /* "HTTP/" */
    if (!version(&p, end, &out->major, &out->minor))
        return 0;
    const uint8_t *s = p;
    while (p < end && IS_SP(*p))
        p++;
    if (p == s)
        return 0;
    out->status = 0;
    if (p < end && *p >= '0' && *p <= '9')
        digits(&p, end, &out->status);
    s = p;
    while (p < end && IS_SP(*p))
        p++;
    if (p == s && p < end)
        return 0;
    out->kind = GINET_HTTP_RESPONSE;
    out->reason.ptr = p;
    out->reason.len = (size_t)(end - p);
    return 1;
}

static int request_line(const uint8_t *line, const uint8_t *end,
                        const uint8_t *bound, ginet_http_packet *out)
{
    const uint8_t *p = line;
    while (p < end && !ginet__http_tspecial[*p])
        p++;
    size_t mlen = (size_t)(p - line);
    if (p == end || mlen == 0 || !IS_SP(*p))
        return 0;
    out->method_name.ptr = line;
    out->method_name.len = mlen;

    while (p < end && IS_SP(*p))
        p++;
    const uint8_t *uri = p;
    p = ginet__scan_blank(p, end, bound);   /* any bytes but SP and TAB */
    size_t ulen = (size_t)(p - uri);
    if (ulen == 0)
        return 0;
    while (p < end && IS_SP(*p))
        p++;

    if (p == end) {                                 /* HTTP/0.9 */
        out->major = 0;
        out->minor = 9;
    } else {
        if (end - p < 8 || memcmp(p, "HTTP/", 5) != 0)
            return 0;
        p += 5;
        if (!version(&p, end, &out->major, &out->minor))
            return 0;
        /* Whatever follows the minor version is ignored, as in OTP. */
    }
    out->kind = GINET_HTTP_REQUEST;
    out->method = ginet__http_method_find(line, mlen);
    ginet__http_parse_uri(uri, ulen, &out->uri);
    return 1;
}

/* 1 if P[0..N) are all token bytes; four bytes a step, as header names
 * are mostly 4 to 20 bytes. */
static inline int all_token(const uint8_t *p, size_t n)
{
    const uint8_t *const t = ginet__http_tspecial;
    unsigned bad = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        bad |= t[p[i]] | t[p[i + 1]] | t[p[i + 2]] | t[p[i + 3]];
    for (; i < n; i++)
        bad |= t[p[i]];
    return bad == 0;
}

static GINET__INLINE int header_line(const uint8_t *line,
                                     const uint8_t *end,
                                     const uint8_t *bound,
                                     ginet_http_packet *out)
{
    /* The name is token bytes up to a ':' (the first byte that ends a
     * token must be the ':').  A well-known name matches its canonical
     * spelling up to letter case only, so it is all token bytes: only
     * other names need the token check. */
    const uint8_t *colon = ginet__scan_byte(line, end, bound, ':');
    if (colon == end)
        return 0;
    size_t nlen = (size_t)(colon - line);
    ginet_http_field field = ginet__http_field_find(line, nlen);
    if (field == GINET_HTTP_FIELD_OTHER && !all_token(line, nlen))
        return 0;
    out->kind = GINET_HTTP_HEADER;
    out->name.ptr = line;
    out->name.len = nlen;
    out->field = field;
    const uint8_t *p = colon + 1;
    if (p < end && *p == ' ')           /* the usual one space, then more */
        p++;
    while (p < end && *p <= ' ' && IS_SP(*p))
        p++;
    out->value.ptr = p;
    out->value.len = (size_t)(end - p);
    return 1;
}

/* Decode one whole line DATA[0..LEN) into *OUT, updating *STATE as OTP
 * does (0 = start line, 1 = header lines).  A line that does not parse
 * gives GINET_HTTP_ERROR.  BOUND (>= DATA + LEN) is the end of the bytes
 * the scans may read. */
static GINET__INLINE void parse_line(const uint8_t *data, size_t len,
                                     const uint8_t *bound, int *state,
                                     ginet_http_packet *out)
{
    size_t n = len;
    if (n >= 2 && data[n - 2] == '\r')
        n -= 2;
    else if (n >= 1 && data[n - 1] == '\n')
        n -= 1;
    const uint8_t *end = data + n;
    int ok;

    if (*state == 0) {
        if (n >= 5 && memcmp(data, "HTTP/", 5) == 0)
            ok = status_line(data, end, out);
        else
            ok = request_line(data, end, bound, out);
        if (ok)
            *state = 1;
    } else if (n == 0) {
        out->kind = GINET_HTTP_EOH;
        *state = 0;
        ok = 1;
    } else {
        ok = header_line(data, end, bound, out);
    }
    if (!ok) {
        out->kind = GINET_HTTP_ERROR;
        out->line.ptr = data;
        out->line.len = len;
    }
}

int64_t ginet__packet_length_http(int header_state,
                                  const ginet_packet_options *opts,
                                  const uint8_t *data, size_t n,
                                  size_t *scan)
{
    return length_http(header_state, opts, data, n, scan);
}

/* Length, then the line: one copy in each caller below, so that a fresh
 * call keeps its state and scan position in registers. */
static GINET__INLINE int http_decode(ginet_packet_type type,
                                     const ginet_packet_options *opts,
                                     int *state, const uint8_t *data,
                                     size_t n, size_t *scan,
                                     ginet_packet *pkt)
{
    /* httph reads header lines only: OTP forces the state here. */
    if (type == GINET_PACKET_HTTPH || type == GINET_PACKET_HTTPH_BIN)
        *state = 1;
    int64_t len = length_http(*state, opts, data, n, scan);

    pkt->type = type;
    pkt->needed = 0;
    if (len < 0)
        return GINET_DECODE_INVALID;
    if (len == 0 || (uint64_t)len > n)
        return GINET_DECODE_MORE;      /* an HTTP length is never known */
    pkt->size = (size_t)len;
    pkt->data.ptr = data;
    pkt->data.len = (size_t)len;
    parse_line(data, (size_t)len, data + n, state, &pkt->http);
    return GINET_DECODE_OK;
}

int ginet__http_decode(ginet_packet_type type, const ginet_packet_options *opts,
                       int *state, const uint8_t *data, size_t n,
                       size_t *scan, ginet_packet *pkt)
{
    return http_decode(type, opts, state, data, n, scan, pkt);
}

void ginet__http_batch(ginet_packet_type type,
                       const ginet_packet_options *opts, int *state,
                       const uint8_t *data, size_t n, size_t *scan,
                       int windowed, ginet_packet_batch *b)
{
    const int header_only = type == GINET_PACKET_HTTPH ||
                            type == GINET_PACKET_HTTPH_BIN;
    ginet_http_packet scratch;
    int st = *state;
    size_t sc = *scan, pos = 0, k = 0;
    int64_t len = 0;

    while (k < b->max) {
        size_t w = n - pos;
        if (windowed)
            w = ginet__packet_window(type, opts, w);
        if (header_only)
            st = 1;                     /* as http_decode() */
        len = length_http(st, opts, data + pos, w, &sc);
        if (len <= 0)
            break;
        parse_line(data + pos, (size_t)len, data + pos + w, &st,
                   b->http != NULL ? &b->http[k] : &scratch);
        b->spans[k].offset = pos;
        b->spans[k].len = (size_t)len;
        k++;
        pos += (size_t)len;
        sc = 0;
    }
    *state = st;
    *scan = sc;
    b->count = k;
    b->consumed = pos;
    b->needed = 0;                      /* an HTTP length is never known */
    b->status = k == b->max ? GINET_DECODE_OK
                : len < 0   ? GINET_DECODE_INVALID
                            : GINET_DECODE_MORE;
}

int ginet__http_decode_once(ginet_packet_type type,
                            const ginet_packet_options *opts,
                            const uint8_t *data, size_t n, ginet_packet *pkt)
{
    int state = 0;
    size_t scan = 0;
    return http_decode(type, opts, &state, data, n, &scan, pkt);
}
