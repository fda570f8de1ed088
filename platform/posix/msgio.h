/*
 * platform/posix/msgio.h — internal to the backends: a RECV/RECVFROM/
 * SEND/SENDTO request as a struct msghdr (its buffers, the datagram's
 * address, per-datagram ancillary data), and what a finished recvmsg(2)
 * means for the request; and the one inline attempt of a request that
 * every backend makes (ginet__msg_try).  A readiness backend's attempt
 * fills one on its stack; a completion backend (io_uring) keeps one per
 * direction alive while the kernel owns it.
 */
#ifndef GINET_PLATFORM_POSIX_MSGIO_H
#define GINET_PLATFORM_POSIX_MSGIO_H

#include <ginet/backend.h>

#include <sys/socket.h>

typedef struct ginet__msg {
    struct msghdr m;
    struct sockaddr_storage ss;
    union {
        char buf[CMSG_SPACE(sizeof(int)) * 4];
        struct cmsghdr align;
    } ctl;
} ginet__msg;

/*
 * Fill G for REQ on a socket of OS family AF.  RECV/RECVFROM: the buffers
 * (at most IOV_MAX of them: a partial result), and for RECVFROM room for
 * the source and, when req->anc is set, the control messages.  SEND/
 * SENDTO: the buffers, for SENDTO the target and req->anc as control
 * messages.  Returns 0, or an error code for a SENDTO address the OS
 * cannot take.
 */
int ginet__msg_prepare(ginet__msg *g, ginet_bk_req *req, int af);

/*
 * A receive into G finished with N >= 0 bytes, where N may be the
 * datagram's real length (recvmsg with MSG_TRUNC) and FLAGS the msghdr's
 * msg_flags: set GINET_BK_F_TRUNCATED, req->addr and req->anc, and return
 * the bytes the buffers hold.
 */
long ginet__msg_received(ginet__msg *g, ginet_bk_req *req, long n, int flags);

/* The bytes REQ's buffers hold, all together. */
size_t ginet__req_capacity(const ginet_bk_req *req);

/*
 * One non-blocking attempt of REQ on FD (OS family AF, socket type TYPE,
 * e.g. SOCK_STREAM), no SIGPIPE: 1 when it finished (req->result set:
 * bytes or an error code), 0 when it would block.  A RECV (stream only,
 * where no flag can come back) or SEND of one buffer is one recv(2) or
 * send(2); everything else recvmsg(2)/sendmsg(2) through a ginet__msg.
 */
int ginet__msg_try(int fd, int af, int type, ginet_bk_req *req);

/*
 * Whether a finished read of N bytes into REQ on a socket of TYPE came
 * back short on a stream: the kernel's queue is empty now (the backends'
 * drained-read hints).
 */
int ginet__msg_short_read(const ginet_bk_req *req, int type, long n);

#endif
