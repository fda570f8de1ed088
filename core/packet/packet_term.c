/*
 * core/packet/packet_term.c — decode_packet results as the Erlang terms OTP
 * returns ({ok,Packet,Rest}, {more,N}, {error,invalid}, HTTP tuples with
 * strings as lists or binaries), built in a ginet_term_arena for printing
 * with ginet_term_format().  Used by the conformance runner and the CLI;
 * the socket path never builds terms.
 */
#include "packet_internal.h"

#include <ginet/term.h>

#include <string.h>

typedef struct builder {
    ginet_term_arena *arena;
    int as_binary;      /* http_bin / httph_bin: strings are binaries */
} builder;

static ginet_term *str(const builder *b, ginet_slice s)
{
    return b->as_binary ? ginet_term_binary(b->arena, s.ptr, s.len)
                        : ginet_term_string(b->arena, s.ptr, s.len);
}

static ginet_term *atom(const builder *b, const char *name)
{
    return ginet_term_atom(b->arena, name, strlen(name));
}

static ginet_term *integer(const builder *b, int64_t v)
{
    return ginet_term_int(b->arena, v);
}

static ginet_term *version(const builder *b, const ginet_http_packet *h)
{
    return ginet_term_tuple(b->arena, 2, integer(b, h->major),
                            integer(b, h->minor));
}

static ginet_term *uri(const builder *b, const ginet_http_uri *u)
{
    switch (u->kind) {
    case GINET_HTTP_URI_STAR:
        return atom(b, "*");
    case GINET_HTTP_URI_ABS_PATH:
        return ginet_term_tuple(b->arena, 2, atom(b, "abs_path"),
                                str(b, u->path));
    case GINET_HTTP_URI_HTTP:
    case GINET_HTTP_URI_HTTPS:
        return ginet_term_tuple(b->arena, 5, atom(b, "absoluteURI"),
                                atom(b, u->kind == GINET_HTTP_URI_HTTP
                                            ? "http" : "https"),
                                str(b, u->host),
                                u->port == 0 ? atom(b, "undefined")
                                             : integer(b, u->port),
                                str(b, u->path));
    case GINET_HTTP_URI_SCHEME:
        return ginet_term_tuple(b->arena, 3, atom(b, "scheme"),
                                str(b, u->scheme), str(b, u->path));
    case GINET_HTTP_URI_STRING:
        return str(b, u->path);
    }
    return NULL;
}

static ginet_term *http_term(const builder *b, const ginet_http_packet *h)
{
    switch (h->kind) {
    case GINET_HTTP_REQUEST: {
        ginet_term *m = h->method != GINET_HTTP_METHOD_OTHER
                            ? atom(b, ginet_http_method_name(h->method))
                            : str(b, h->method_name);
        return ginet_term_tuple(b->arena, 4, atom(b, "http_request"), m,
                                uri(b, &h->uri), version(b, h));
    }
    case GINET_HTTP_RESPONSE:
        return ginet_term_tuple(b->arena, 4, atom(b, "http_response"),
                                version(b, h), integer(b, h->status),
                                str(b, h->reason));
    case GINET_HTTP_HEADER: {
        uint8_t buf[GINET_HTTP_MAX_NAME_LEN];
        ginet_slice field;
        if (ginet_http_header_field(h, buf, &field) < 0)
            return NULL;
        ginet_term *f = h->field != GINET_HTTP_FIELD_OTHER
                            ? atom(b, ginet_http_field_name(h->field))
                            : str(b, field);
        return ginet_term_tuple(b->arena, 5, atom(b, "http_header"),
                                integer(b, h->field), f, str(b, h->name),
                                str(b, h->value));
    }
    case GINET_HTTP_EOH:
        return atom(b, "http_eoh");
    case GINET_HTTP_ERROR:
        return ginet_term_tuple(b->arena, 2, atom(b, "http_error"),
                                str(b, h->line));
    }
    return NULL;
}

GINET_API ginet_term *ginet_packet_term(ginet_term_arena *arena,
                                        const ginet_packet *pkt)
{
    if (arena == NULL || pkt == NULL ||
        (unsigned)pkt->type >= GINET_PACKET_TYPE_COUNT)
        return NULL;
    builder b = { arena, pkt->type == GINET_PACKET_HTTP_BIN ||
                         pkt->type == GINET_PACKET_HTTPH_BIN };
    if (ginet_packet_type_is_http(pkt->type))
        return http_term(&b, &pkt->http);
    return ginet_term_binary(arena, pkt->data.ptr, pkt->data.len);
}

GINET_API ginet_term *ginet_decode_result_term(ginet_term_arena *arena,
                                               int status,
                                               const ginet_packet *pkt,
                                               const void *data, size_t len)
{
    builder b = { arena, 0 };
    if (arena == NULL)
        return NULL;
    switch (status) {
    case GINET_DECODE_OK:
        if (pkt == NULL || pkt->size > len || (data == NULL && len > 0))
            return NULL;
        if (data == NULL)
            data = "";
        return ginet_term_tuple(arena, 3, atom(&b, "ok"),
                                ginet_packet_term(arena, pkt),
                                ginet_term_binary(arena,
                                                  (const uint8_t *)data + pkt->size,
                                                  len - pkt->size));
    case GINET_DECODE_MORE:
        if (pkt == NULL)
            return NULL;
        return ginet_term_tuple(arena, 2, atom(&b, "more"),
                                pkt->needed ? integer(&b, (int64_t)pkt->needed)
                                            : atom(&b, "undefined"));
    case GINET_DECODE_INVALID:
        return ginet_term_tuple(arena, 2, atom(&b, "error"),
                                atom(&b, "invalid"));
    default:
        return ginet_term_tuple(arena, 2, atom(&b, "EXIT"), atom(&b, "badarg"));
    }
}
