/*
 * core/sock_recv.c — the input side of a connected socket: submitting
 * receives into the framer's buffer (sized as OTP does, exactly with
 * read_ahead=false), recording their results, and ginet_recv() — passive
 * mode's gen_tcp:recv/3.
 */
#include "core/socket_internal.h"

#include "core/last_error.h"
#include "core/msg.h"

#include <string.h>

/* The read size grows while reads come back full and shrinks when they
 * come back small, between `buffer` and this. */
#define RECV_SIZE_MAX 65536

/* How many bytes the next receive asks for: the rest of the current packet
 * when its length is known, else at least the socket's buffer size —
 * more while the peer keeps the kernel's queue full (reading ahead is
 * invisible with framing, and raw packets are still cut at `buffer` when
 * they are delivered); with read_ahead=false exactly what the framer
 * needs, never more, so that bytes after the packet stay in the kernel. */
static size_t recv_size(ginet_socket *s, size_t *min)
{
    size_t need = 0;
    ginet_framer_want w = ginet_framer_need(s->framer, &need);
    size_t bufsz = s->o.buffer > 0 ? (size_t)s->o.buffer : 1460;
    *min = need ? need : 1;
    if (!s->o.read_ahead && (w == GINET_FRAMER_EXACT || w == GINET_FRAMER_AT_LEAST))
        return need;
    if (s->rsize > bufsz)
        bufsz = s->rsize;
    return need > bufsz ? need : bufsz;
}

/* Adapt the read size to what the last read brought. */
static void recv_adapt(ginet_socket *s, size_t asked, size_t got)
{
    size_t bufsz = s->o.buffer > 0 ? (size_t)s->o.buffer : 1460;
    size_t cur = s->rsize > bufsz ? s->rsize : bufsz;
    if (got >= asked && cur < RECV_SIZE_MAX)
        s->rsize = (uint32_t)(cur * 2 < RECV_SIZE_MAX ? cur * 2 : RECV_SIZE_MAX);
    else if (got < bufsz)
        s->rsize = 0;                        /* the kernel's queue is empty: back to base */
    else if (got * 4 < cur && cur > bufsz)
        s->rsize = (uint32_t)(cur / 2);
}

void ginet__recv_completed(ginet_socket *s, ginet_bk_req *req)
{
    s->in_busy = 0;
    if (req->result > 0) {
        recv_adapt(s, s->in_iov.len, (size_t)req->result);
        ginet_framer_commit(s->framer, (size_t)req->result);
        if (req->flags & GINET_BK_F_PEER_CLOSED)
            s->flags |= GINET__F_EOF;
    } else if (req->result == 0) {
        if (!(req->flags & GINET_BK_F_CANCELLED))
            s->flags |= GINET__F_EOF;
        ginet_framer_commit(s->framer, 0);
    } else {
        ginet_framer_commit(s->framer, 0);
        if (!(req->flags & GINET_BK_F_CANCELLED) && s->in_error == 0)
            s->in_error = (int)req->result;
    }
    ginet__broadcast(&s->cond);
}

/*
 * Start a receive if none is in flight (lock held).  Returns 0 when a
 * receive completed inline or is now in flight, or an error.
 */
int ginet__recv_start(ginet_socket *s)
{
    if (s->in_busy)
        return 0;
    size_t min;
    size_t want = recv_size(s, &min);
    /* A connection whose reads are back to the base size (a read found
     * less than `buffer` bytes queued) keeps a small buffer, whatever a
     * burst grew.  Only then: freeing and allocating the large buffer of a
     * busy connection on every dip of its read size costs more than the
     * reads (glibc gives the memory back with madvise each time). */
    if (s->rsize == 0 && want < RECV_SIZE_MAX)
        ginet_framer_trim(s->framer, 2 * want);
    uint8_t *ptr;
    size_t avail;
    int rc = ginet_framer_reserve(s->framer, want, &ptr, &avail);
    if (rc != 0)
        return rc;
    if (!s->o.read_ahead && avail > want)
        avail = want;
    s->in_iov.base = ptr;
    s->in_iov.len = avail;
    memset(&s->in_req, 0, sizeof s->in_req);
    s->in_req.op = GINET_BK_RECV;
    s->in_req.flags = GINET_BK_F_INLINE;
    s->in_req.iov = &s->in_iov;
    s->in_req.iovcnt = 1;
    s->in_req.user = s;
    s->in_busy = 1;
    ginet__socket_ref(s);                    /* the request's */
    rc = s->bk->submit(s->bks, &s->in_req);
    if (rc == GINET_EINPROGRESS)
        return 0;
    atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel);
    if (rc == 0) {
        ginet__recv_completed(s, &s->in_req);
        return 0;
    }
    s->in_busy = 0;
    ginet_framer_commit(s->framer, 0);
    return rc;
}

/* Cancel the receive in flight and wait until it has finished (lock held):
 * its buffer belongs to the framer. */
static void recv_stop(ginet_socket *s)
{
    if (!s->in_busy)
        return;
    int rc = s->bk->cancel(s->bks, &s->in_req);
    if (rc == 0) {
        atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel);
        ginet__recv_completed(s, &s->in_req);
        return;
    }
    while (s->in_busy)
        ginet__wait(&s->cond, &s->lock, -1);
}

/* The input ended with RC (closed, econnreset, ...).  A close reported as
 * closed makes the first send on the closed connection report closed too
 * (OTP's delayed close; without exit_on_close once a send found the
 * connection broken).  With exit_on_close the connection goes, as OTP's
 * port closes its socket.  Without it, a reported error reads as a plain
 * close from then on (OTP: econnreset once, then closed). */
static void input_ended(ginet_socket *s, int rc)
{
    if (rc == GINET_ECLOSED)
        s->flags |= GINET__F_DELAY_SEND;
    if (s->o.exit_on_close) {
        ginet__exit_close(s, 0, GINET_ECLOSED);
    } else if (s->in_error != 0) {
        s->in_error = 0;
        s->flags |= GINET__F_EOF;
    }
}

/* What recv answers once exit_on_close closed the connection. */
static int exited(ginet_socket *s)
{
    int rc = (s->flags & GINET__F_DELAY_RECV) ? s->exit_rc : GINET_ENOTCONN;
    s->flags &= ~GINET__F_DELAY_RECV;
    return rc;
}

/* The error a passive receive reports once no packet is left. */
static int input_end(ginet_socket *s)
{
    if (s->in_error != 0) {
        /* OTP reports a reset as closed unless show_econnreset is set. */
        if (s->in_error == GINET_ECONNRESET && !s->o.show_econnreset)
            return GINET_ECLOSED;
        return s->in_error;
    }
    if (s->flags & GINET__F_EOF)
        return GINET_ECLOSED;
    return 0;
}

GINET_API int ginet_recv(ginet_socket *s, size_t length, int timeout_ms, ginet_msg **out)
{
    if (s == NULL || out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    int64_t deadline = ginet__deadline(timeout_ms);
    ginet__lock(&s->lock);
    int rc;
    if (s->state == GINET__ST_CLOSED) {
        rc = GINET_ECLOSED;
        goto out_unlocked_flag;
    }
    if (s->kind != GINET__KIND_TCP || s->framer == NULL) {
        rc = GINET_ENOTCONN;
        goto out_unlocked_flag;
    }
    if (s->flags & GINET__F_EXITED) {
        rc = exited(s);
        goto out_unlocked_flag;
    }
    if (s->o.active != GINET_ACTIVE_FALSE) {
        rc = GINET_EINVAL;                   /* OTP: recv on an active socket */
        goto out_unlocked_flag;
    }
    if (length > 0 && s->o.packet != GINET_PACKET_RAW) {
        rc = GINET_EINVAL;                   /* Length only for raw */
        goto out_unlocked_flag;
    }
    if (s->flags & GINET__F_RECV_ACTIVE) {
        rc = GINET_EALREADY;                 /* OTP: a second concurrent recv */
        goto out_unlocked_flag;
    }
    s->flags |= GINET__F_RECV_ACTIVE;
    s->flags &= ~GINET__F_READ_HALTED;       /* OTP: a passive recv reads again */
    /* Active delivery that just ended may still be lending the framer's
     * bytes to a callback owner: wait for it to finish. */
    while (s->flags & GINET__F_DELIVERING)
        ginet__wait(&s->cond, &s->lock, -1);

    for (;;) {
        ginet_packet pkt;
        size_t take = length;
        if (take == 0 && s->o.packet == GINET_PACKET_RAW) {
            /* OTP: a raw recv(S, 0) gives at most `buffer` bytes. */
            size_t have = ginet_framer_buffered(s->framer);
            size_t max = s->o.buffer > 0 ? (size_t)s->o.buffer : 1;
            take = have < max ? have : max;
        }
        int st = take > 0 ? ginet_framer_take(s->framer, take, &pkt)
                          : ginet_framer_next(s->framer, &pkt);
        if (st == GINET_DECODE_OK && (pkt.data.len > 0 || length > 0
                                      || s->o.packet != GINET_PACKET_RAW)) {
            int http = ginet_packet_type_is_http(s->o.packet);
            *out = ginet__msg_from_packet(s, &pkt, http);
            rc = *out ? 0 : GINET_ENOMEM;
            ginet__count_input(&s->st, pkt.size);
            break;
        }
        if (st < 0 && st != GINET_DECODE_MORE) {
            rc = st;                         /* EMSGSIZE: packet_size exceeded */
            if (s->o.exit_on_close) {
                ginet__exit_close(s, 0, 0);  /* OTP: the connection is closed */
            } else {
                recv_stop(s);                /* OTP drops what was buffered */
                ginet_framer_reset(s->framer);
            }
            break;
        }
        if (s->state == GINET__ST_CLOSED) {
            rc = GINET_ECLOSED;
            break;
        }
        if (s->flags & GINET__F_EXITED) {
            rc = exited(s);
            break;
        }
        rc = input_end(s);
        if (rc == 0 && (s->flags & GINET__F_SHUT_RD))
            rc = GINET_ECLOSED;
        if (rc != 0) {
            input_ended(s, rc);
            break;
        }
        if (!s->in_busy) {
            rc = ginet__recv_start(s);
            if (rc != 0) {
                if (s->in_error == 0)
                    s->in_error = rc;
                continue;
            }
            if (!s->in_busy)
                continue;                    /* completed inline */
        }
        if (ginet__wait(&s->cond, &s->lock, deadline)) {
            recv_stop(s);
            rc = GINET_ETIMEOUT;             /* what arrived stays buffered */
            break;
        }
    }
    s->flags &= ~GINET__F_RECV_ACTIVE;
out_unlocked_flag:
    ginet__unlock(&s->lock);
    return rc;
}
