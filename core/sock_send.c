/*
 * core/sock_send.c — the output side of a connected socket: the framing
 * header of {packet,1|2|4}, writing straight from the caller's buffers when
 * the kernel takes them at once, the queue of bytes it did not take, the
 * busy state of high_watermark/low_watermark with send_timeout, and
 * flushing the queue after close.
 */
#include "core/socket_internal.h"

#include "core/last_error.h"
#include "core/mailbox_internal.h"

#include <stdlib.h>
#include <string.h>

/* The length header {packet,1|2|4} puts before LEN bytes.  OTP 25 wraps a
 * length that does not fit the header and sends it anyway, which corrupts
 * the stream for the peer; ginet refuses with emsgsize instead
 * (docs/sockets.md). */
static int packet_header(const ginet_socket *s, size_t len, uint8_t hdr[4], size_t *hlen)
{
    switch (s->o.packet) {
    case GINET_PACKET_1:
        if (len > 0xFF)
            return GINET_EMSGSIZE;
        hdr[0] = (uint8_t)len;
        *hlen = 1;
        return 0;
    case GINET_PACKET_2:
        if (len > 0xFFFF)
            return GINET_EMSGSIZE;
        hdr[0] = (uint8_t)(len >> 8);
        hdr[1] = (uint8_t)len;
        *hlen = 2;
        return 0;
    case GINET_PACKET_4:
        if ((uint64_t)len > 0xFFFFFFFFu)
            return GINET_EMSGSIZE;
        hdr[0] = (uint8_t)(len >> 24);
        hdr[1] = (uint8_t)(len >> 16);
        hdr[2] = (uint8_t)(len >> 8);
        hdr[3] = (uint8_t)len;
        *hlen = 4;
        return 0;
    default:
        *hlen = 0;
        return 0;
    }
}

/*
 * The output broke (s->out_error): what OTP's driver does when a write
 * fails, with or without exit_on_close.  EPIPE counts as a reset (in this
 * one place); the answer is econnreset when show_econnreset shows a
 * reset, else closed.  The descriptor is released (later calls answer
 * enotconn, OTP's "a send that meets a reset closes the descriptor even
 * so").  Active: the owner gets {tcp_error,S,econnreset} when shown and
 * {tcp_closed,S} unless it had it, and with exit_on_close the port exits.
 * Passive: the next recv reports it again, and a delayed send answer
 * (GINET__F_DELAY_SEND) says econnreset when shown.  Lock held.
 */
static int output_failed(ginet_socket *s)
{
    int e = s->out_error == GINET_EPIPE ? GINET_ECONNRESET : s->out_error;
    int shown = e == GINET_ECONNRESET && s->o.show_econnreset;
    int rc = shown ? GINET_ECONNRESET : GINET_ECLOSED;
    if (s->o.active != GINET_ACTIVE_FALSE && s->owner != NULL) {
        s->flags |= GINET__F_END_PENDING | (shown ? GINET__F_END_RESET : 0);
        ginet__exit_close(s, 0, 0);
        if (s->o.exit_on_close)
            ginet__exit_port(s);
        ginet__active_post(s);               /* the messages, in order */
    } else {
        ginet__exit_close(s, GINET__F_DELAY_RECV | (shown ? GINET__F_DELAY_RESET : 0), rc);
    }
    return rc;
}

/* The room of a new chunk for LEN bytes: small sends share chunks, so
 * that a burst of them costs one allocation and goes out as one piece of
 * a write; a queue that has grown gets big chunks (outchunk.c caches
 * them), several messages each. */
static size_t chunk_cap(const ginet_socket *s, size_t len)
{
    size_t cap = s->outq_bytes < GINET__OUTCHUNK_SMALL
                     ? GINET__OUTCHUNK_SMALL - sizeof(ginet__outchunk)
                     : GINET__OUTCHUNK_BIG;
    return len > cap ? len : cap;
}

/* Append the header HDR (HLEN bytes) and the iovecs (TOTAL bytes), less
 * the first SKIP bytes of the two, to the queue: into the last chunk
 * while it has room, else into one new chunk — all of it or, out of
 * memory, nothing (a header never goes out without its packet). */
static int enqueue(ginet_socket *s, const uint8_t *hdr, size_t hlen, const ginet_iovec *iov,
                   int iovcnt, size_t total, size_t skip)
{
    size_t len = hlen + total - skip;
    if (len == 0)
        return 0;
    ginet__outchunk *c = s->outq_tail;
    size_t at;
    if (c != NULL && c->cap - c->len >= len) {
        at = c->len;                         /* fits behind the last one */
    } else {
        c = ginet__outchunk_alloc(chunk_cap(s, len));
        if (c == NULL)
            return GINET_ENOMEM;
        if (s->outq_tail)
            s->outq_tail->next = c;
        else
            s->outq_head = c;
        s->outq_tail = c;
        at = 0;
    }
    c->len += len;
    s->outq_bytes += len;
    if (skip == 0 && hlen == 4) {
        memcpy(c->data + at, hdr, 4);        /* {packet,4}: no call */
        at += 4;
    } else if (skip < hlen) {
        memcpy(c->data + at, hdr + skip, hlen - skip);
        at += hlen - skip;
        skip = 0;
    } else {
        skip -= hlen;
    }
    for (int i = 0; i < iovcnt; i++) {
        size_t n = iov[i].len;
        const uint8_t *p = iov[i].base;
        if (skip >= n) {
            skip -= n;
            continue;
        }
        p += skip;
        n -= skip;
        skip = 0;
        memcpy(c->data + at, p, n);
        at += n;
    }
    return 0;
}

/* Account for N bytes the kernel took from the head of the queue. */
static void dequeue(ginet_socket *s, size_t n)
{
    s->outq_bytes -= n;
    while (n > 0 && s->outq_head != NULL) {
        ginet__outchunk *c = s->outq_head;
        size_t left = c->len - c->off;
        if (n < left) {
            c->off += n;
            return;
        }
        n -= left;
        s->outq_head = c->next;
        if (s->outq_head == NULL)
            s->outq_tail = NULL;
        ginet__outchunk_free(c);
    }
}

static void drop_queue(ginet_socket *s)
{
    dequeue(s, s->outq_bytes);
}

/* After the queue shrank or failed: leave the busy state below the low
 * watermark, wake a write shutdown waiting for the queue, do a delayed
 * one, finish a close that waited for the queue. */
static void output_progress(ginet_socket *s)
{
    if (s->out_busy_state && (s->outq_bytes < (size_t)s->o.low_watermark || s->out_error)) {
        s->out_busy_state = 0;
        ginet__broadcast(&s->cond);
    } else if (!s->out_busy && (s->outq_head == NULL || s->out_error)) {
        ginet__broadcast(&s->cond);          /* ginet_shutdown() waits for this */
    }
    if ((s->flags & GINET__F_SHUT_DELAYED) && !s->out_busy
        && (s->outq_head == NULL || s->out_error)) {
        s->flags &= ~GINET__F_SHUT_DELAYED;
        if (s->out_error == 0 && (s->flags & GINET__F_BK_OPEN)
            && !(s->flags & GINET__F_BK_CLOSING))
            (void)s->bk->shutdown(s->bks, GINET_SHUT_WRITE);
    }
    if ((s->flags & GINET__F_FLUSHING) && !s->out_busy
        && (s->outq_head == NULL || s->out_error)) {
        s->flags &= ~GINET__F_FLUSHING;
        drop_queue(s);
        ginet__socket_close_backend(s);
    }
}

/* Record the outcome of a send from the queue. */
static void send_result(ginet_socket *s, const ginet_bk_req *req)
{
    if (req->result > 0) {
        dequeue(s, (size_t)req->result);
    } else if (req->result < 0 && !(req->flags & GINET_BK_F_CANCELLED)) {
        if (s->out_error == 0)
            s->out_error = (int)req->result;
        drop_queue(s);
        /* Active: OTP tells the owner at once; passive: the next send or
         * recv reports it. */
        if (s->o.active != GINET_ACTIVE_FALSE && s->owner != NULL
            && s->state != GINET__ST_CLOSED && !(s->flags & GINET__F_EXITED))
            (void)output_failed(s);
    }
}

void ginet__send_pump(ginet_socket *s)
{
    while (!s->out_busy && s->outq_head != NULL && s->out_error == 0
           && (s->flags & GINET__F_BK_OPEN) && !(s->flags & GINET__F_BK_CLOSING)) {
        int n = 0;
        for (ginet__outchunk *c = s->outq_head; c != NULL && n < GINET__SEND_IOV; c = c->next) {
            s->out_iov[n].base = c->data + c->off;
            s->out_iov[n].len = c->len - c->off;
            n++;
        }
        memset(&s->out_req, 0, sizeof s->out_req);
        s->out_req.op = GINET_BK_SEND;
        s->out_req.flags = GINET_BK_F_INLINE;
        s->out_req.iov = s->out_iov;
        s->out_req.iovcnt = n;
        s->out_req.user = s;
        s->out_busy = 1;
        ginet__socket_ref(s);
        int rc = s->bk->submit(s->bks, &s->out_req);
        if (rc == GINET_EINPROGRESS)
            break;
        atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel);
        s->out_busy = 0;
        if (rc != 0)
            s->out_req.result = rc;
        send_result(s, &s->out_req);
    }
    output_progress(s);
}

void ginet__send_completed(ginet_socket *s, ginet_bk_req *req)
{
    s->out_busy = 0;
    send_result(s, req);
    ginet__send_pump(s);
}

/* delay_send: instead of writing at once, flush the queue from the loop
 * thread after the caller returns, so that sends made in a burst go out in
 * one write (OTP queues and writes on the next scheduling round). */
static void flush_task(ginet__task *t)
{
    ginet_socket *s = (ginet_socket *)((char *)t - offsetof(ginet_socket, flush_task));
    ginet__lock(&s->lock);
    s->flags &= ~GINET__F_FLUSH_POSTED;
    ginet__send_pump(s);
    ginet__unlock(&s->lock);
    ginet__socket_unref(s);
}

static void post_flush(ginet_socket *s)
{
    if (s->flags & GINET__F_FLUSH_POSTED)
        return;
    s->flags |= GINET__F_FLUSH_POSTED;
    ginet__socket_ref(s);
    s->flush_task.fn = flush_task;
    ginet__loop_post(s->loop, &s->flush_task);
}

/* Write straight from the caller's buffers if the kernel takes them now.
 * Returns the bytes written (maybe fewer than all), or an error;
 * GINET_EAGAIN when nothing could be written now. */
static long try_direct(ginet_socket *s, const uint8_t *hdr, size_t hlen,
                       const ginet_iovec *iov, int iovcnt)
{
    ginet_bk_iovec v[GINET__SEND_IOV];
    int n = 0;
    if (hlen)
        v[n++] = (ginet_bk_iovec){ (void *)hdr, hlen };
    for (int i = 0; i < iovcnt; i++) {
        if (iov[i].len == 0)
            continue;
        if (n == GINET__SEND_IOV)
            return GINET_EAGAIN;             /* too many pieces: queue them */
        v[n++] = (ginet_bk_iovec){ (void *)iov[i].base, iov[i].len };
    }
    ginet_bk_req req;
    memset(&req, 0, sizeof req);
    req.op = GINET_BK_SEND;
    req.flags = GINET_BK_F_INLINE | GINET_BK_F_TRY;
    req.iov = v;
    req.iovcnt = n;
    req.user = s;
    int rc = s->bk->submit(s->bks, &req);
    if (rc != 0)
        return rc;
    return req.result;
}

GINET_API int ginet_sendv(ginet_socket *s, const ginet_iovec *iov, int iovcnt)
{
    if (s == NULL || iovcnt < 0 || (iov == NULL && iovcnt > 0))
        return GINET_EINVAL;
    size_t total = 0;
    for (int i = 0; i < iovcnt; i++) {
        if (iov[i].base == NULL && iov[i].len > 0)
            return GINET_EINVAL;
        total += iov[i].len;
    }
    ginet__lock(&s->lock);
    int rc = 0;
    int64_t deadline = -2;
    for (;;) {
        if (s->state == GINET__ST_CLOSED) {
            rc = GINET_ECLOSED;
            goto out;
        }
        if (s->kind != GINET__KIND_TCP || s->state != GINET__ST_CONNECTED) {
            rc = GINET_ENOTCONN;
            goto out;
        }
        if (s->flags & GINET__F_EXITED) {
            /* OTP: the first send after the input's close says closed. */
            rc = !(s->flags & GINET__F_DELAY_SEND) ? GINET_ENOTCONN
                 : (s->flags & GINET__F_DELAY_RESET) ? GINET_ECONNRESET : GINET_ECLOSED;
            s->flags &= ~GINET__F_DELAY_SEND;
            goto out;
        }
        if (s->out_error) {
            rc = output_failed(s);
            goto out;
        }
        if (s->flags & GINET__F_SHUT_WR) {
            rc = GINET_ECLOSED;
            goto out;
        }
        if (!s->out_busy_state || ginet__loop_is_current(s->loop))
            break;                           /* the loop thread never blocks */
        /* Busy: wait below the low watermark, at most send_timeout. */
        if (deadline == -2)
            deadline = ginet__deadline(s->o.send_timeout);
        if (ginet__wait(&s->cond, &s->lock, deadline)) {
            rc = GINET_ETIMEOUT;
            /* OTP: then enotconn; close is ok.  Not for send_timeout 0,
             * which OTP answers at once, before any timer could close. */
            if (s->o.send_timeout_close && s->o.send_timeout > 0)
                ginet__exit_close(s, 0, 0);
            goto out;
        }
    }

    uint8_t hdr[4];
    size_t hlen;
    rc = packet_header(s, total, hdr, &hlen);
    if (rc != 0)
        goto out;

    size_t sent = 0;
    int corked = ginet__cork_send(s);
    /* An owner thread working through a backlog of messages: its replies
     * go out together from the loop thread, as with delay_send. */
    int deferred = !corked && !s->o.delay_send && ginet__receiver_busy(s->owner);
    if (!corked && !deferred && !s->out_busy && s->outq_head == NULL && !s->o.delay_send
        && (s->bk->caps & GINET_BKCAP_INLINE)) {
        long n = try_direct(s, hdr, hlen, iov, iovcnt);
        if (n >= 0) {
            sent = (size_t)n;
        } else if (n != GINET_EAGAIN) {
            s->out_error = (int)n;
            rc = output_failed(s);
            goto out;
        }
    }
    ginet__count_output(&s->st, total + hlen);
    if (sent < hlen + total) {
        /* Queue what the kernel did not take, header included. */
        rc = enqueue(s, hdr, hlen, iov, iovcnt, total, sent);
        if (rc != 0) {
            /* Out of memory: with part of the packet written the stream
             * is broken; later sends report it. */
            if (sent > 0 && s->out_error == 0)
                s->out_error = rc;
            goto out;
        }
        if (corked)
            ;                                /* written when the batch ends */
        else if ((!s->o.delay_send && !deferred) || s->outq_bytes >= (size_t)s->o.high_watermark)
            ginet__send_pump(s);
        else
            post_flush(s);
        if (s->outq_bytes >= (size_t)s->o.high_watermark)
            s->out_busy_state = 1;
    }
out:
    ginet__unlock(&s->lock);
    return rc;
}

GINET_API int ginet_send(ginet_socket *s, const void *data, size_t len)
{
    ginet_iovec v = { data, len };
    return ginet_sendv(s, &v, 1);
}
