/*
 * core/sock_addr.c — a socket's addresses (inet:sockname/1, peername/1,
 * socknames/1, peernames/1, port/1), gen_tcp:shutdown/2, and printing
 * socket addresses.
 */
#include "core/socket_internal.h"

#include <stdio.h>
#include <string.h>

/* Run an address query under the lock, refusing closed sockets. */
static int query(ginet_socket *s, int peer, ginet_sockaddr *out)
{
    if (s == NULL || out == NULL)
        return GINET_EINVAL;
    ginet__lock(&s->lock);
    int rc;
    if (s->state == GINET__ST_CLOSED)
        rc = GINET_ECLOSED;
    else if (s->flags & GINET__F_EXITED)     /* exit_on_close closed the connection */
        rc = peer ? GINET_ENOTCONN : GINET_EBADF;   /* OTP's answers */
    else if (!(s->flags & GINET__F_BK_OPEN))
        rc = GINET_ECLOSED;
    else if (peer && s->kind == GINET__KIND_TCP && s->state != GINET__ST_CONNECTED)
        rc = GINET_ENOTCONN;
    else
        rc = peer ? s->bk->peername(s->bks, out) : s->bk->sockname(s->bks, out);
    ginet__unlock(&s->lock);
    return rc;
}

GINET_API int ginet_sockname(ginet_socket *s, ginet_sockaddr *out)
{
    return query(s, 0, out);
}

GINET_API int ginet_peername(ginet_socket *s, ginet_sockaddr *out)
{
    return query(s, 1, out);
}

/* TCP has one address per end; SCTP multi-homing fills more. */
static int query_list(ginet_socket *s, int peer, ginet_sockaddr *out, size_t cap)
{
    ginet_sockaddr a;
    int rc = query(s, peer, &a);
    if (rc != 0)
        return rc;
    if (cap > 0 && out != NULL)
        out[0] = a;
    return 1;
}

GINET_API int ginet_socknames(ginet_socket *s, ginet_sockaddr *out, size_t cap)
{
    return query_list(s, 0, out, cap);
}

GINET_API int ginet_peernames(ginet_socket *s, ginet_sockaddr *out, size_t cap)
{
    return query_list(s, 1, out, cap);
}

GINET_API int ginet_port(ginet_socket *s, int *port)
{
    if (port == NULL)
        return GINET_EINVAL;
    ginet_sockaddr a;
    int rc = query(s, 0, &a);
    if (rc != 0)
        return rc;
    *port = a.family == GINET_AF_LOCAL ? 0 : a.port;
    return 0;
}

GINET_API int ginet_shutdown(ginet_socket *s, int how)
{
    if (s == NULL || how < GINET_SHUT_READ || how > GINET_SHUT_READ_WRITE)
        return GINET_EINVAL;
    ginet__lock(&s->lock);
    int rc;
    if (s->state == GINET__ST_CLOSED) {
        rc = GINET_ECLOSED;
    } else if (s->kind != GINET__KIND_TCP || s->state != GINET__ST_CONNECTED
               || (s->flags & GINET__F_EXITED)) {
        rc = GINET_ENOTCONN;
    } else {
        /* As OTP (prim_inet's shutdown_pend_loop): a write shutdown waits
         * for the queue to go out while it keeps moving, checking every
         * INET_CLOSE_TIMEOUT (10 s); when a check sees no progress it stops
         * waiting and the shutdown is done by the loop once the queue is
         * out (inet_drv's delayed shutdown).  Nothing queued is lost.  On
         * the loop thread (a callback owner) nothing can move while it
         * waits: the shutdown is delayed at once. */
        int delayed = 0;
        if (how != GINET_SHUT_READ && ginet__loop_is_current(s->loop)) {
            delayed = s->out_busy || s->outq_head != NULL;
        } else if (how != GINET_SHUT_READ) {
            size_t last = s->outq_bytes;
            int64_t deadline = ginet__deadline(GINET__SHUTDOWN_WAIT_MS);
            while ((s->out_busy || s->outq_head != NULL) && s->out_error == 0
                   && s->state != GINET__ST_CLOSED) {
                if (ginet__wait(&s->cond, &s->lock, deadline)) {
                    if (s->outq_bytes == last) {
                        delayed = 1;
                        break;
                    }
                    last = s->outq_bytes;
                    deadline = ginet__deadline(GINET__SHUTDOWN_WAIT_MS);
                }
            }
        }
        if (s->state == GINET__ST_CLOSED)
            rc = GINET_ECLOSED;
        else if (s->flags & GINET__F_EXITED)
            rc = GINET_ENOTCONN;             /* gone while waiting: no backend call */
        else if (delayed)
            rc = how == GINET_SHUT_READ_WRITE ? s->bk->shutdown(s->bks, GINET_SHUT_READ) : 0;
        else
            rc = s->bk->shutdown(s->bks, how);
        if (rc == 0) {
            if (delayed)
                s->flags |= GINET__F_SHUT_DELAYED;
            if (how != GINET_SHUT_READ)
                s->flags |= GINET__F_SHUT_WR;
            if (how != GINET_SHUT_WRITE)
                s->flags |= GINET__F_SHUT_RD;
            ginet__broadcast(&s->cond);
        }
    }
    ginet__unlock(&s->lock);
    return rc;
}

GINET_API long ginet_sockaddr_format(const ginet_sockaddr *a, char *buf, size_t cap)
{
    if (a == NULL || (buf == NULL && cap > 0))
        return GINET_EINVAL;
    char tmp[GINET_NTOA_MAX + 16 + GINET_LOCAL_PATH_MAX * 4];
    int n;
    switch (a->family) {
    case GINET_AF_INET:
    case GINET_AF_INET6: {
        char ip[GINET_NTOA_MAX];
        long len = ginet_ntoa(&a->u.ip, ip, sizeof ip);
        if (len < 0)
            return len;
        n = snprintf(tmp, sizeof tmp, "%s:%u", ip, (unsigned)a->port);
        break;
    }
    case GINET_AF_LOCAL: {
        /* local:PATH, with non-printable bytes (the abstract NUL) escaped. */
        n = snprintf(tmp, sizeof tmp, "local:");
        for (size_t i = 0; i < a->u.local.len && n > 0 && (size_t)n < sizeof tmp - 5; i++) {
            uint8_t c = a->u.local.path[i];
            if (c >= 0x20 && c < 0x7F && c != '\\')
                tmp[n++] = (char)c;
            else
                n += snprintf(tmp + n, sizeof tmp - (size_t)n, "\\%03o", c);
        }
        tmp[n] = '\0';
        break;
    }
    case GINET_AF_UNSPEC:
        n = snprintf(tmp, sizeof tmp, "unspec");
        break;
    default:
        return GINET_EINVAL;
    }
    if (n < 0)
        return GINET_EINVAL;
    if (cap > 0) {
        size_t k = (size_t)n < cap ? (size_t)n : cap - 1;
        memcpy(buf, tmp, k);
        buf[k] = '\0';
    }
    return n;
}
