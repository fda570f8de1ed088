/*
 * core/msg.c — messages (ginet_msg): one allocation holding the message
 * and the bytes it owns, made from a framed packet or an event.
 */
#include "core/msg.h"

#include <ginet/mailbox.h>
#include <ginet/resolver.h>

#include <stdlib.h>
#include <string.h>

/* The message and its private tail: the mailbox link and the bytes. */
typedef struct msg_block {
    ginet_msg msg;
    struct msg_block *next;       /* in a mailbox's queue */
    size_t size;                  /* bytes after the header */
    alignas(max_align_t) uint8_t bytes[];
} msg_block;

ginet_msg **ginet__msg_link(ginet_msg *m)
{
    return (ginet_msg **)&((msg_block *)m)->next;
}

/* Move SL from pointing into [FROM, FROM+LEN) to the same place in TO;
 * slices elsewhere (static canonical names) are left alone. */
static void rebase(ginet_slice *sl, const uint8_t *from, size_t len, const uint8_t *to)
{
    if (sl->ptr != NULL && sl->ptr >= from && sl->ptr <= from + len)
        sl->ptr = to + (sl->ptr - from);
}

/* Every slice of an HTTP packet that points into the copied bytes. */
static void rebase_http(ginet_http_packet *h, const uint8_t *from, size_t len, const uint8_t *to)
{
    rebase(&h->method_name, from, len, to);
    rebase(&h->uri.scheme, from, len, to);
    rebase(&h->uri.host, from, len, to);
    rebase(&h->uri.path, from, len, to);
    rebase(&h->reason, from, len, to);
    rebase(&h->name, from, len, to);
    rebase(&h->value, from, len, to);
    rebase(&h->line, from, len, to);
}

ginet_msg *ginet__msg_from_packet(ginet_socket *s, const ginet_packet *pkt, int http)
{
    size_t len = pkt->data.len;
    msg_block *b = malloc(sizeof *b + (len ? len : 1));
    if (b == NULL)
        return NULL;
    memset(&b->msg, 0, sizeof b->msg);
    b->next = NULL;
    b->size = len;
    if (len)
        memcpy(b->bytes, pkt->data.ptr, len);
    b->msg.socket = s;
    b->msg.data = b->bytes;
    b->msg.len = len;
    if (http) {
        const uint8_t *from = pkt->data.ptr;
        b->msg.kind = GINET_MSG_HTTP;
        b->msg.http = pkt->http;
        rebase_http(&b->msg.http, from, len, b->bytes);
    } else {
        b->msg.kind = GINET_MSG_TCP;
    }
    if (s != NULL)
        ginet__socket_ref(s);
    return &b->msg;
}

ginet_msg *ginet__msg_event(ginet_socket *s, ginet_msg_kind kind, int error)
{
    msg_block *b = calloc(1, sizeof *b + 1);
    if (b == NULL)
        return NULL;
    b->msg.kind = kind;
    b->msg.socket = s;
    b->msg.error = error;
    if (s != NULL)
        ginet__socket_ref(s);
    return &b->msg;
}

GINET_API ginet_msg *ginet_msg_dup(const ginet_msg *m)
{
    if (m == NULL)
        return NULL;
    msg_block *b = malloc(sizeof *b + (m->len ? m->len : 1));
    if (b == NULL)
        return NULL;
    b->msg = *m;
    b->next = NULL;
    b->size = m->len;
    if (m->len)
        memcpy(b->bytes, m->data, m->len);
    b->msg.data = m->data ? b->bytes : NULL;
    if (m->kind == GINET_MSG_HTTP) {
        rebase_http(&b->msg.http, m->data, m->len, b->bytes);
    }
    if (m->hostent != NULL) {                /* RESOLVED: the message owns it */
        b->msg.hostent = ginet_hostent_dup(m->hostent);
        if (b->msg.hostent == NULL) {
            free(b);
            return NULL;
        }
    }
    if (b->msg.socket != NULL)
        ginet__socket_ref(b->msg.socket);
    return &b->msg;
}

GINET_API void ginet_msg_free(ginet_msg *msg)
{
    if (msg == NULL)
        return;
    if (msg->socket != NULL)
        ginet__socket_unref(msg->socket);
    ginet_hostent_free(msg->hostent);       /* RESOLVED */
    free(msg);   /* the msg_block starts with the message */
}
