/*
 * core/active.c — active mode: delivering framed packets and close/error
 * events to the socket's owner in order, OTP's {active, once | N | true}
 * counting with {tcp_passive, S}, the closed/error rules when switching
 * modes, exit_on_close, callback owners (lent messages, batches, sends
 * corked until the batch is done), and changing owners.
 *
 * Delivery runs on the socket's loop thread: from the receive completion,
 * or from a task posted when setopts/accept/connect/controlling_process
 * make a socket active.
 */
#include "core/socket_internal.h"

#include "core/mailbox_internal.h"
#include "core/msg.h"
#include "core/udp_internal.h"

#include <string.h>

/* ------------------------------------------------------------- corking */

/* While callback owners run on a loop thread, their sends only queue; the
 * sockets they touched are flushed when the loop has handled every event
 * of one poll (core/loop.c brackets it), so that what one pass of reads
 * brought in goes out in as few writes as possible. */
static GINET__TLS unsigned cork_depth;
static GINET__TLS ginet_socket *cork_head;

int ginet__cork_send(ginet_socket *s)
{
    if (cork_depth == 0 || !ginet__loop_is_current(s->loop))
        return 0;
    if (s->flags & GINET__F_CORKED)
        return 1;
    s->flags |= GINET__F_CORKED;
    ginet__socket_ref(s);
    s->cork_next = cork_head;
    cork_head = s;
    return 1;
}

void ginet__cork_begin(void)
{
    cork_depth++;
}

void ginet__cork_end(void)
{
    if (--cork_depth > 0)
        return;
    while (cork_head != NULL) {
        ginet_socket *s = cork_head;
        cork_head = s->cork_next;
        ginet__lock(&s->lock);
        s->flags &= ~GINET__F_CORKED;
        s->cork_next = NULL;
        ginet__send_pump(s);
        ginet__unlock(&s->lock);
        ginet__socket_unref(s);
    }
}

/* ------------------------------------------------------------ delivery */

/* Messages waiting to be lent to a callback owner, collected under the
 * socket lock and handed over with it released. */
#define BATCH_MAX 64
typedef struct batch {
    unsigned n;
    ginet_msg msgs[BATCH_MAX];
} batch;

/* Deliver B to a callback owner: release the socket lock around the calls
 * (the callback may send, setopts or close on it). */
static void flush_batch(ginet_socket *s, ginet_mailbox *owner, batch *b)
{
    if (b->n == 0)
        return;
    ginet__mailbox_ref(owner);
    ginet__unlock(&s->lock);
    if (ginet__mailbox_enter(owner)) {
        ginet__cork_begin();
        for (unsigned i = 0; i < b->n; i++)
            ginet__mailbox_call(owner, &b->msgs[i]);
        ginet__cork_end();
        ginet__mailbox_leave(owner);
    }
    ginet__mailbox_unref(owner);
    ginet__lock(&s->lock);
    b->n = 0;
}

/* Queue or lend one message: a packet (PKT not NULL) or an event.  A full
 * batch is lent first; the callback may give the socket to another owner
 * (controlling_process), who then gets this message: nothing taken from
 * the framer is dropped.  (The delivery loop empties a full batch before
 * it takes a packet, so a packet only lands here with room left.) */
static void deliver(ginet_socket *s, batch *b, ginet_msg_kind kind,
                    const ginet_packet *pkt, int error)
{
    ginet_mailbox *owner = s->owner;
    if (owner != NULL && ginet__mailbox_is_callback(owner) && b->n == BATCH_MAX) {
        flush_batch(s, owner, b);
        owner = s->owner;                    /* maybe moved by the callback */
    }
    if (owner == NULL)
        return;                              /* no owner: nobody to tell */
    if (ginet__mailbox_is_callback(owner)) {
        ginet_msg *m = &b->msgs[b->n++];
        ginet__msg_clear(m);
        m->kind = kind;
        m->socket = s;
        m->error = error;
        if (pkt != NULL) {
            m->data = pkt->data.ptr;
            m->len = pkt->data.len;
            if (kind == GINET_MSG_HTTP)
                m->http = pkt->http;
        }
        return;
    }
    ginet_msg *m = pkt != NULL
        ? ginet__msg_from_packet(s, pkt, kind == GINET_MSG_HTTP)
        : ginet__msg_event(s, kind, error);
    if (m != NULL)
        ginet__mailbox_post(owner, m);
}

/* The input side ended (peer closed, error, bad packet): report it once,
 * as OTP does, and close the socket when exit_on_close says so (OTP: the
 * port exits after {tcp_closed,S}).  Without exit_on_close the connection
 * stays; reported as closed, the send after the one that finds the
 * connection broken answers closed too (OTP's delayed close). */
static void report_end(ginet_socket *s, batch *b, int error)
{
    if (s->flags & GINET__F_CLOSED_SENT)
        return;
    s->flags |= GINET__F_CLOSED_SENT;
    int shown = error != 0 && (error != GINET_ECONNRESET || s->o.show_econnreset);
    if (shown)
        deliver(s, b, GINET_MSG_TCP_ERROR, NULL, error);
    else
        s->flags |= GINET__F_DELAY_SEND;
    deliver(s, b, GINET_MSG_TCP_CLOSED, NULL, 0);
    if (s->o.exit_on_close)
        s->flags |= GINET__F_EXIT_PENDING;
}

/* What is reported before any data: a send that found the connection
 * broken while active ({tcp_error,S,econnreset} with show_econnreset, and
 * {tcp_closed,S} unless it went already), and the end of a connection
 * that a passive call saw close, once the socket is made active (OTP
 * sends {tcp_closed,S} then, and with exit_on_close the port exits). */
static void report_pending_end(ginet_socket *s, batch *b)
{
    if (s->flags & GINET__F_END_PENDING) {
        int reset = (s->flags & GINET__F_END_RESET) != 0;
        s->flags &= ~(GINET__F_END_PENDING | GINET__F_END_RESET);
        if (reset)
            deliver(s, b, GINET_MSG_TCP_ERROR, NULL, GINET_ECONNRESET);
        if (!(s->flags & GINET__F_CLOSED_SENT)) {
            s->flags |= GINET__F_CLOSED_SENT;
            deliver(s, b, GINET_MSG_TCP_CLOSED, NULL, 0);
        }
    }
    if ((s->flags & GINET__F_EXITED) && s->state != GINET__ST_CLOSED
        && s->o.active != GINET_ACTIVE_FALSE) {
        uint32_t delay = s->flags & GINET__F_DELAY_SEND;   /* already decided */
        report_end(s, b, 0);
        s->flags = (s->flags & ~GINET__F_DELAY_SEND) | delay;
    }
}

/* The header length of the length-prefixed types, else 0. */
static inline size_t length_prefix(ginet_packet_type t)
{
    return t == GINET_PACKET_4 ? 4 : t == GINET_PACKET_2 ? 2 : t == GINET_PACKET_1 ? 1 : 0;
}

/* Deliver the whole packets of a length-prefixed type that the framer
 * holds, up to the room left in B and what the active mode allows, with
 * OTP's counting ({active,once} ends after one, {active,N} goes passive
 * at 0).  Returns GINET_DECODE_OK if it delivered any, else what the
 * framer said (GINET_DECODE_MORE, or GINET_EMSGSIZE).  One framer call
 * instead of one per packet: the per-packet cost of framing in the echo
 * benchmark falls from ~75 instructions to ~10. */
static int take_batch(ginet_socket *s, batch *b, size_t prefix)
{
    size_t room = BATCH_MAX - b->n;
    if (s->o.active == GINET_ACTIVE_ONCE)
        room = 1;
    else if (s->o.active == GINET_ACTIVE_N && (size_t)s->o.active_count < room)
        room = (size_t)s->o.active_count;
    ginet_packet_span spans[BATCH_MAX];
    ginet_packet_batch pb = { .spans = spans, .max = room };
    ptrdiff_t k = room > 0 ? ginet_framer_next_batch(s->framer, &pb) : 0;
    if (k <= 0)
        return k < 0 ? (int)k : pb.status == GINET_DECODE_OK ? GINET_DECODE_MORE : pb.status;
    ginet_packet pkt;                        /* only what deliver() reads */
    pkt.type = s->o.packet;
    pkt.needed = 0;
    for (ptrdiff_t i = 0; i < k; i++) {
        pkt.data.ptr = pb.base + spans[i].offset;
        pkt.data.len = spans[i].len;
        pkt.size = spans[i].len + prefix;
        ginet__count_input(&s->st, pkt.size);
        deliver(s, b, GINET_MSG_TCP, &pkt, 0);
    }
    if (s->o.active == GINET_ACTIVE_ONCE) {
        s->o.active = GINET_ACTIVE_FALSE;
    } else if (s->o.active == GINET_ACTIVE_N && (s->o.active_count -= (int32_t)k) <= 0) {
        s->o.active = GINET_ACTIVE_FALSE;
        s->o.active_count = 0;
        deliver(s, b, GINET_MSG_TCP_PASSIVE, NULL, 0);
    }
    return GINET_DECODE_OK;
}

void ginet__active_run(ginet_socket *s)
{
    if (s->kind == GINET__KIND_UDP) {
        ginet__udp_active_run(s);            /* datagrams: core/udp_active.c */
        return;
    }
    if (s->flags & GINET__F_DELIVERING)
        return;
    s->flags |= GINET__F_DELIVERING;
    batch b;
    b.n = 0;
    if ((s->flags & GINET__F_PASSIVE_PENDING) && s->owner != NULL) {
        s->flags &= ~GINET__F_PASSIVE_PENDING;
        deliver(s, &b, GINET_MSG_TCP_PASSIVE, NULL, 0);
    }
    if (s->owner != NULL)
        report_pending_end(s, &b);
    int halted = 0;                          /* emsgsize, exit_on_close false */
    int http = ginet_packet_type_is_http(s->o.packet);
    while (s->state != GINET__ST_CLOSED && s->owner != NULL
           && s->o.active != GINET_ACTIVE_FALSE && s->framer != NULL
           && !(s->flags & (GINET__F_EXIT_PENDING | GINET__F_EXITED))) {
        if (b.n == BATCH_MAX) {
            /* Lend a full batch before taking more from the framer: the
             * callback may change the mode or the owner. */
            flush_batch(s, s->owner, &b);
            continue;
        }
        ginet_packet pkt;
        int st;
        size_t prefix = length_prefix(s->o.packet);
        if (prefix != 0) {
            /* {packet,1|2|4}: everything the last read completed, framed
             * in one call (as many as the batch and the active count
             * take). */
            st = take_batch(s, &b, prefix);
            if (st == GINET_DECODE_OK)
                continue;
        } else if (s->o.packet == GINET_PACKET_RAW) {
            /* OTP delivers what one read gave, at most `buffer` bytes. */
            size_t have = ginet_framer_buffered(s->framer);
            size_t max = s->o.buffer > 0 ? (size_t)s->o.buffer : 1;
            st = have > 0 ? ginet_framer_take(s->framer, have < max ? have : max, &pkt)
                          : GINET_DECODE_MORE;
        } else {
            st = ginet_framer_next(s->framer, &pkt);
        }
        if (st == GINET_DECODE_OK && (pkt.data.len > 0 || s->o.packet != GINET_PACKET_RAW)) {
            ginet__count_input(&s->st, pkt.size);
            deliver(s, &b, http ? GINET_MSG_HTTP : GINET_MSG_TCP, &pkt, 0);
            if (s->o.active == GINET_ACTIVE_ONCE) {
                s->o.active = GINET_ACTIVE_FALSE;
            } else if (s->o.active == GINET_ACTIVE_N && --s->o.active_count <= 0) {
                s->o.active = GINET_ACTIVE_FALSE;
                s->o.active_count = 0;
                deliver(s, &b, GINET_MSG_TCP_PASSIVE, NULL, 0);
            }
            http = ginet_packet_type_is_http(s->o.packet);
            continue;
        }
        if (st < 0 && st != GINET_DECODE_MORE) {
            /* emsgsize: packet_size exceeded.  Without exit_on_close OTP
             * drops what was buffered and reads nothing more until the
             * mode is set again ({active,once}, {active,N}) or a passive
             * recv reads. */
            report_end(s, &b, st);
            if (!s->o.exit_on_close) {
                halted = 1;                  /* before the batch: it may re-arm */
                s->flags |= GINET__F_READ_HALTED;
            }
            break;
        }
        if (s->in_error != 0 || (s->flags & GINET__F_EOF)) {
            report_end(s, &b, s->in_error);
            break;
        }
        if (s->in_busy || (s->flags & GINET__F_READ_HALTED))
            break;                           /* the completion continues */
        if (b.n > 0 && ginet__mailbox_is_callback(s->owner)) {
            /* Let the owner answer what it has before reading more: its
             * sends go out while the next read is in flight. */
            flush_batch(s, s->owner, &b);
            continue;
        }
        int rc = ginet__recv_start(s);
        if (rc != 0 && s->in_error == 0)
            s->in_error = rc;
    }
    if (b.n > 0 && s->owner != NULL)
        flush_batch(s, s->owner, &b);
    if (s->flags & GINET__F_CORKED) {
        /* The owner's replies to this read go out now, in one write,
         * rather than when the loop has served every other socket of this
         * poll: the same number of writes, and a reply no longer waits
         * for up to a whole round of the loop (p99 latency with many
         * connections).  The socket stays on the cork list; later sends
         * in this round queue and go when the round ends. */
        ginet__send_pump(s);
    }
    if (halted) {
        /* Nothing is lent any more: forget the bad bytes (a read still in
         * flight lands in the dropped part). */
        ginet_framer_reset(s->framer);
    }
    s->flags &= ~GINET__F_DELIVERING;
    ginet__broadcast(&s->cond);              /* a passive recv may wait for us */
    if (s->flags & GINET__F_EXIT_PENDING) {
        /* exit_on_close: the connection goes after {tcp_closed, S}. */
        s->flags &= ~GINET__F_EXIT_PENDING;
        ginet__exit_close(s, 0, 0);
    }
}

/* ------------------------------------------------------- kicking it off */

static void active_task(ginet__task *t)
{
    ginet_socket *s = (ginet_socket *)((char *)t - offsetof(ginet_socket, active_task));
    ginet__lock(&s->lock);
    s->flags &= ~GINET__F_ACTIVE_POSTED;
    ginet__active_run(s);
    ginet__unlock(&s->lock);
    ginet__socket_unref(s);
}

void ginet__active_kick(ginet_socket *s)
{
    if (s->owner == NULL || s->o.active == GINET_ACTIVE_FALSE
        || (s->flags & GINET__F_ACTIVE_POSTED))
        return;
    if (ginet__loop_is_current(s->loop) && !(s->flags & GINET__F_DELIVERING)) {
        ginet__active_run(s);
        return;
    }
    ginet__active_post(s);
}

void ginet__active_post(ginet_socket *s)
{
    if (s->owner == NULL || s->o.active == GINET_ACTIVE_FALSE
        || (s->flags & GINET__F_ACTIVE_POSTED))
        return;
    s->flags |= GINET__F_ACTIVE_POSTED;
    ginet__socket_ref(s);
    s->active_task.fn = active_task;
    ginet__loop_post(s->loop, &s->active_task);
}

/* {active,N} reaching 0 through setopts: the passive message goes out
 * from the loop thread, in order with the data before it (lock held). */
void ginet__active_went_passive(ginet_socket *s)
{
    if (s->owner == NULL)
        return;
    s->flags |= GINET__F_PASSIVE_PENDING;
    if (s->flags & GINET__F_ACTIVE_POSTED)
        return;
    s->flags |= GINET__F_ACTIVE_POSTED;
    ginet__socket_ref(s);
    s->active_task.fn = active_task;
    ginet__loop_post(s->loop, &s->active_task);
}

/* ------------------------------------------------------------- owners */

int ginet__socket_set_owner(ginet_socket *s, ginet_mailbox *owner)
{
    ginet__lock(&s->lock);
    if (s->state == GINET__ST_CLOSED) {
        ginet__unlock(&s->lock);
        return GINET_ECLOSED;
    }
    ginet_mailbox *old = s->owner;
    s->owner = owner;
    if (owner == NULL)
        s->o.active = GINET_ACTIVE_FALSE;    /* nobody to deliver to */
    ginet__unlock(&s->lock);
    if (old != NULL)
        ginet__mailbox_detach(old, s);
    if (owner != NULL)
        ginet__mailbox_attach(owner, s);
    ginet__lock(&s->lock);
    ginet__active_kick(s);
    ginet__unlock(&s->lock);
    return 0;
}

void ginet__socket_disown(ginet_socket *s, ginet_mailbox *mb)
{
    ginet__lock(&s->lock);
    int mine = s->owner == mb;
    if (mine)
        s->owner = NULL;
    ginet__unlock(&s->lock);
    if (mine)
        ginet__mailbox_detach(mb, s);
}
