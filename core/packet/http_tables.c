/*
 * core/packet/http_tables.c — the fixed tables of the HTTP packet types:
 * which bytes end a token, the seven well-known methods, the 52 well-known
 * header fields (looked up through a perfect hash), and OTP's header-name
 * case normalization.
 */
#include "packet_internal.h"

#include <string.h>

/*
 * 1 for a byte that ends a method or header-name token: controls and
 * space (0..32), bytes >= 128, and the separators ()<>@,;:\"/[]?={} and
 * TAB.  DEL (127) is NOT one: OTP's table leaves it out, so "G\x7fT" is a
 * method.
 */
const uint8_t ginet__http_tspecial[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 00 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 10 */
    1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1,  /* 20 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1,  /* 30 */
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 40 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0,  /* 50 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 60 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0,  /* 70 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 80 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 90 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* a0 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* b0 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* c0 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* d0 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* e0 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1  /* f0 */
};

/* ------------------------------------------------------------- methods */

static const char *const method_names[GINET_HTTP_METHOD_COUNT] = {
    NULL, "OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE"
};

GINET_API const char *ginet_http_method_name(ginet_http_method method)
{
    if ((unsigned)method >= GINET_HTTP_METHOD_COUNT)
        return NULL;
    return method_names[method];
}

/* Methods are case-sensitive: a length switch and one memcmp. */
ginet_http_method ginet__http_method_find(const uint8_t *p, size_t len)
{
    switch (len) {
    case 3:
        if (memcmp(p, "GET", 3) == 0) return GINET_HTTP_METHOD_GET;
        if (memcmp(p, "PUT", 3) == 0) return GINET_HTTP_METHOD_PUT;
        break;
    case 4:
        if (memcmp(p, "POST", 4) == 0) return GINET_HTTP_METHOD_POST;
        if (memcmp(p, "HEAD", 4) == 0) return GINET_HTTP_METHOD_HEAD;
        break;
    case 5:
        if (memcmp(p, "TRACE", 5) == 0) return GINET_HTTP_METHOD_TRACE;
        break;
    case 6:
        if (memcmp(p, "DELETE", 6) == 0) return GINET_HTTP_METHOD_DELETE;
        break;
    case 7:
        if (memcmp(p, "OPTIONS", 7) == 0) return GINET_HTTP_METHOD_OPTIONS;
        break;
    default:
        break;
    }
    return GINET_HTTP_METHOD_OTHER;
}

GINET_API ginet_http_method ginet_http_method_lookup(const void *name,
                                                     size_t len)
{
    if (name == NULL)
        return GINET_HTTP_METHOD_OTHER;
    return ginet__http_method_find(name, len);
}

/* -------------------------------------------------------- header fields */

/* Canonical names, index = ginet_http_field = OTP's Bit. */
static const char *const field_names[GINET_HTTP_FIELD_COUNT] = {
    NULL,
    "Cache-Control", "Connection", "Date", "Pragma", "Transfer-Encoding",
    "Upgrade", "Via", "Accept", "Accept-Charset", "Accept-Encoding",
    "Accept-Language", "Authorization", "From", "Host",
    "If-Modified-Since", "If-Match", "If-None-Match", "If-Range",
    "If-Unmodified-Since", "Max-Forwards", "Proxy-Authorization", "Range",
    "Referer", "User-Agent", "Age", "Location", "Proxy-Authenticate",
    "Public", "Retry-After", "Server", "Vary", "Warning",
    "Www-Authenticate", "Allow", "Content-Base", "Content-Encoding",
    "Content-Language", "Content-Length", "Content-Location",
    "Content-Md5", "Content-Range", "Content-Type", "Etag", "Expires",
    "Last-Modified", "Accept-Ranges", "Set-Cookie", "Set-Cookie2",
    "X-Forwarded-For", "Cookie", "Keep-Alive", "Proxy-Connection"
};

/* The same names with every byte OR 0x20 (lower case), padded to 24 bytes
 * so that they can be compared 8 bytes at a time (ginet__http_field_find()
 * in packet_internal.h). */
const char ginet__http_field_lower[GINET_HTTP_FIELD_COUNT][24] = {
    "",
    "cache-control", "connection", "date", "pragma", "transfer-encoding",
    "upgrade", "via", "accept", "accept-charset", "accept-encoding",
    "accept-language", "authorization", "from", "host",
    "if-modified-since", "if-match", "if-none-match", "if-range",
    "if-unmodified-since", "max-forwards", "proxy-authorization", "range",
    "referer", "user-agent", "age", "location", "proxy-authenticate",
    "public", "retry-after", "server", "vary", "warning",
    "www-authenticate", "allow", "content-base", "content-encoding",
    "content-language", "content-length", "content-location",
    "content-md5", "content-range", "content-type", "etag", "expires",
    "last-modified", "accept-ranges", "set-cookie", "set-cookie2",
    "x-forwarded-for", "cookie", "keep-alive", "proxy-connection"
};

const uint8_t ginet__http_field_len[GINET_HTTP_FIELD_COUNT] = {
    0, 13, 10, 4, 6, 17, 7, 3, 6, 14, 15, 15, 13, 4, 4, 17, 8, 13, 8, 19,
    12, 19, 5, 7, 10, 3, 8, 18, 6, 11, 6, 4, 7, 16, 5, 12, 16, 16, 14, 16,
    11, 13, 12, 4, 7, 13, 13, 10, 11, 15, 6, 10, 16
};

/*
 * The perfect hash: slot = (6*len + 48*(c[0]|0x20) + (c[len-2]|0x20)) mod
 * 256 is distinct for the 52 names (found by a search over small
 * multipliers and character positions; see docs/packet.md for the
 * measurements that chose it).  ginet__http_field_slot[slot] is the
 * field, 0 = none.  The hash may fold any byte with |0x20; the comparison
 * after it folds letters only (ginet__http_field_find() in
 * packet_internal.h, inline in the HTTP parser), so a match is exactly a
 * letter-case variant of a canonical name — all token bytes, which lets
 * the HTTP parser skip its token check for well-known names.
 */
const uint8_t ginet__http_field_slot[256] = {
     0,  0,  0,  0,  0,  0,  0, 29,  0,  0,  0, 14,  0,  0,  0,  0,
     0,  0,  0,  0,  0,  0,  0,  0,  0, 30,  0,  0, 20, 50,  0,  0,
     0,  0,  0,  0, 33,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
     0,  0,  0,  0,  0, 47, 40, 48,  0,  0,  0,  2,  0,  0,  0,  0,
     0,  0,  0, 16,  0, 41,  0, 18, 42, 49,  0, 35,  3,  1,  0,  0,
     0,  0,  0,  0,  0,  0,  0, 37, 38,  0,  0,  0,  0,  0, 36, 39,
     0, 17,  0,  0,  0,  0,  0,  0,  0, 43,  0,  0,  0,  0,  0,  0,
     0,  0,  0,  0,  0,  0,  0,  0,  0, 15,  0,  0,  0,  0,  6, 44,
     0,  0,  0,  0,  0, 19,  0,  0,  0,  0,  0,  0,  0, 28,  0,  0,
     0,  4,  0,  0,  5,  0,  0,  0,  0,  0, 24,  7,  0,  0,  0,  0,
     0,  0,  0,  0,  0,  0,  0, 13,  0, 25, 31,  0,  0,  0,  0,  0,
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0, 34,  0,  0,
     0,  0, 51,  0,  8,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0, 52,
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0, 26,
    27, 21,  0, 46,  0, 22,  0,  0, 32,  9,  0,  0,  0, 12,  0, 23,
     0, 11,  0, 45,  0,  0,  0,  0, 10,  0,  0,  0,  0,  0,  0,  0
};

GINET_API const char *ginet_http_field_name(ginet_http_field field)
{
    if ((unsigned)field >= GINET_HTTP_FIELD_COUNT)
        return NULL;
    return field_names[field];
}

GINET_API ginet_http_field ginet_http_field_lookup(const void *name,
                                                   size_t len)
{
    if (name == NULL)
        return GINET_HTTP_FIELD_OTHER;
    return ginet__http_field_find(name, len);
}

/*
 * OTP's normalization of a header name of at most 50 bytes: the first
 * byte and a byte after '-' are upper-cased, others lower-cased; a '-'
 * right after the byte that was to be upper-cased does not re-arm it
 * ("a--b" stays "A--b").  Only ASCII letters change.
 */
static void normalize_name(const uint8_t *in, size_t len, uint8_t *out)
{
    int up = 1;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = in[i];
        if (up) {
            if (c >= 'a' && c <= 'z')
                c = (uint8_t)(c - 32);
            up = 0;
        } else if (c >= 'A' && c <= 'Z') {
            c = (uint8_t)(c + 32);
        } else if (c == '-') {
            up = 1;
        }
        out[i] = c;
    }
}

GINET_API int ginet_http_header_field(const ginet_http_packet *pkt,
                                      uint8_t buf[GINET_HTTP_MAX_NAME_LEN],
                                      ginet_slice *out)
{
    if (pkt == NULL || out == NULL || pkt->kind != GINET_HTTP_HEADER)
        return GINET_EINVAL;
    if (pkt->field > GINET_HTTP_FIELD_OTHER &&
        (unsigned)pkt->field < GINET_HTTP_FIELD_COUNT) {
        out->ptr = (const uint8_t *)field_names[pkt->field];
        out->len = ginet__http_field_len[pkt->field];
        return 0;
    }
    if (pkt->name.len > GINET_HTTP_MAX_NAME_LEN) {
        *out = pkt->name;
        return 0;
    }
    if (buf == NULL)
        return GINET_EINVAL;
    normalize_name(pkt->name.ptr, pkt->name.len, buf);
    out->ptr = buf;
    out->len = pkt->name.len;
    return 0;
}
