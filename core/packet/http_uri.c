/*
 * core/packet/http_uri.c — the Request-URI of an HTTP request line, sorted
 * into OTP's forms: '*', {abs_path,P}, {absoluteURI,http|https,Host,Port,P},
 * {scheme,S,Rest} and a plain string.
 *
 * OTP 25's rules, oddities included:
 *  - "*" alone is '*'; any other URI of length 1 ("x") is an abs_path, as
 *    is anything starting with '/'.
 *  - "http://" and "https://" are matched case-insensitively.  The path is
 *    from the first '/' after them ("/" when there is none); the host is
 *    up to the first ':' before that; the port is kept only when
 *    everything after the ':' is digits and the value, accumulated in a
 *    32-bit int that wraps, is not 0 (so ":99999999999" gives 1215752191,
 *    ":2147483648" gives -2147483648, ":4294967296" and ":" give
 *    undefined).  There is no IPv6 bracket handling in OTP 25:
 *    "http://[::1]:80/" has host "[" and port undefined.
 *  - otherwise, text with a ':' is {scheme, before, after}; without, a
 *    string.
 */
#include "packet_internal.h"

#include <string.h>

static const uint8_t root_path[1] = { '/' };

static int prefix_ci(const uint8_t *p, size_t len, const char *lower_prefix,
                     size_t plen)
{
    if (len < plen)
        return 0;
    for (size_t i = 0; i < plen; i++) {
        uint8_t c = p[i];
        if (c >= 'A' && c <= 'Z')
            c = (uint8_t)(c + 32);
        if (c != (uint8_t)lower_prefix[i])
            return 0;
    }
    return 1;
}

static void absolute_uri(const uint8_t *p, size_t len, ginet_http_uri *out)
{
    const uint8_t *slash = len ? memchr(p, '/', len) : NULL;
    if (slash == NULL) {
        out->path.ptr = root_path;
        out->path.len = 1;
    } else {
        out->path.ptr = slash;
        out->path.len = len - (size_t)(slash - p);
        len = (size_t)(slash - p);
    }
    out->host.ptr = p;
    out->port = 0;
    const uint8_t *colon = len ? memchr(p, ':', len) : NULL;
    if (colon == NULL) {
        out->host.len = len;
        return;
    }
    out->host.len = (size_t)(colon - p);
    const uint8_t *d = colon + 1, *end = p + len;
    uint32_t port = 0;
    while (d < end && *d >= '0' && *d <= '9')
        port = port * 10u + (uint32_t)(*d++ - '0');
    if (d == end && port != 0)
        out->port = ginet__wrap_int32(port);
}

void ginet__http_parse_uri(const uint8_t *uri, size_t len, ginet_http_uri *out)
{
    out->scheme.ptr = NULL;
    out->scheme.len = 0;
    out->host.ptr = NULL;
    out->host.len = 0;
    out->port = 0;
    out->path.ptr = uri;
    out->path.len = len;

    if (len == 1 && uri[0] == '*') {
        out->kind = GINET_HTTP_URI_STAR;
        out->path.len = 0;
    } else if (len <= 1 || uri[0] == '/') {
        out->kind = GINET_HTTP_URI_ABS_PATH;
    } else if (prefix_ci(uri, len, "http://", 7)) {
        out->kind = GINET_HTTP_URI_HTTP;
        absolute_uri(uri + 7, len - 7, out);
    } else if (prefix_ci(uri, len, "https://", 8)) {
        out->kind = GINET_HTTP_URI_HTTPS;
        absolute_uri(uri + 8, len - 8, out);
    } else {
        const uint8_t *colon = memchr(uri, ':', len);
        if (colon == NULL) {
            out->kind = GINET_HTTP_URI_STRING;
        } else {
            out->kind = GINET_HTTP_URI_SCHEME;
            out->scheme.ptr = uri;
            out->scheme.len = (size_t)(colon - uri);
            out->path.ptr = colon + 1;
            out->path.len = len - out->scheme.len - 1;
        }
    }
}
