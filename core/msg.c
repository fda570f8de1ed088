/*
 * core/msg.c — messages (ginet_msg): one allocation holding the message
 * and the bytes it owns, made from a framed packet or an event.
 */
#include "core/msg.h"

#include <stdlib.h>
#include <string.h>

/* The message and its private tail, which keeps the bytes. */
typedef struct msg_block {
    ginet_msg msg;
    alignas(max_align_t) uint8_t bytes[];
} msg_block;

/* Move SL from pointing into [FROM, FROM+LEN) to the same place in TO;
 * slices elsewhere (static canonical names) are left alone. */
static void rebase(ginet_slice *sl, const uint8_t *from, size_t len, const uint8_t *to)
{
    if (sl->ptr != NULL && sl->ptr >= from && sl->ptr <= from + len)
        sl->ptr = to + (sl->ptr - from);
}

ginet_msg *ginet__msg_from_packet(ginet_socket *s, const ginet_packet *pkt, int http)
{
    size_t len = pkt->data.len;
    msg_block *b = malloc(sizeof *b + (len ? len : 1));
    if (b == NULL)
        return NULL;
    memset(&b->msg, 0, sizeof b->msg);
    if (len)
        memcpy(b->bytes, pkt->data.ptr, len);
    b->msg.socket = s;
    b->msg.data = b->bytes;
    b->msg.len = len;
    if (http) {
        const uint8_t *from = pkt->data.ptr;
        b->msg.kind = GINET_MSG_HTTP;
        b->msg.http = pkt->http;
        ginet_http_packet *h = &b->msg.http;
        rebase(&h->method_name, from, len, b->bytes);
        rebase(&h->uri.scheme, from, len, b->bytes);
        rebase(&h->uri.host, from, len, b->bytes);
        rebase(&h->uri.path, from, len, b->bytes);
        rebase(&h->reason, from, len, b->bytes);
        rebase(&h->name, from, len, b->bytes);
        rebase(&h->value, from, len, b->bytes);
        rebase(&h->line, from, len, b->bytes);
    } else {
        b->msg.kind = GINET_MSG_TCP;
    }
    if (s != NULL)
        ginet__socket_ref(s);
    return &b->msg;
}

ginet_msg *ginet__msg_event(ginet_socket *s, ginet_msg_kind kind, int error)
{
    msg_block *b = calloc(1, sizeof *b);
    if (b == NULL)
        return NULL;
    b->msg.kind = kind;
    b->msg.socket = s;
    b->msg.error = error;
    if (s != NULL)
        ginet__socket_ref(s);
    return &b->msg;
}

GINET_API void ginet_msg_free(ginet_msg *msg)
{
    if (msg == NULL)
        return;
    if (msg->socket != NULL)
        ginet__socket_unref(msg->socket);
    free(msg);   /* the msg_block starts with the message */
}
