/*
 * platform/posix/sockio.c — the socket calls and request rules shared by
 * the readiness backends (see sockio.h).
 */
#include "platform/posix/sockio.h"

#include "platform/posix/fdutil.h"
#include "platform/posix/sockaddr.h"

#include <ginet/error.h>

#include <errno.h>
#include <sys/socket.h>

int ginet__bk_op_is_input(ginet_bk_op op)
{
    return op == GINET_BK_ACCEPT || op == GINET_BK_RECV || op == GINET_BK_RECVFROM;
}

int ginet__bk_req_valid(const ginet_bk_req *req)
{
    switch (req->op) {
    case GINET_BK_ACCEPT:
        return req->accepted != NULL;
    case GINET_BK_CONNECT:
        return req->addr != NULL && !(req->flags & GINET_BK_F_TRY);
    case GINET_BK_SENDTO:
        if (req->addr == NULL)
            return 0;
        /* fall through */
    case GINET_BK_RECV:
    case GINET_BK_RECVFROM:
    case GINET_BK_SEND:
        return req->iovcnt >= 0 && (req->iov != NULL || req->iovcnt == 0);
    default:
        return 0;
    }
}

int ginet__fd_bind(int fd, const ginet_sockaddr *addr)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int rc = ginet__sockaddr_to_os(addr, &ss, &len);
    if (rc != 0)
        return rc;
    return bind(fd, (struct sockaddr *)&ss, len) == 0 ? 0 : ginet__os_error();
}

int ginet__fd_listen(int fd, int backlog)
{
    return listen(fd, backlog) == 0 ? 0 : ginet__os_error();
}

int ginet__accept_retry(int e)
{
    switch (e) {
    case EINTR: case ECONNABORTED: case EPROTO: case ENETDOWN:
    case ENOPROTOOPT: case EHOSTUNREACH: case ENETUNREACH:
#ifdef EHOSTDOWN
    case EHOSTDOWN:
#endif
#ifdef ENONET
    case ENONET:
#endif
        return 1;
    default:
        return 0;
    }
}

int ginet__fd_connect_start(int fd, const ginet_sockaddr *addr)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int rc = ginet__sockaddr_to_os(addr, &ss, &len);
    if (rc != 0)
        return rc;
    if (connect(fd, (struct sockaddr *)&ss, len) == 0)
        return 0;
    /* EINTR: POSIX says the connection goes on in the background. */
    if (errno == EINPROGRESS || errno == EINTR)
        return 1;
    return ginet__os_error();
}

int ginet__fd_connect_result(int fd, int writable, int hung_up)
{
    int err = 0;
    socklen_t n = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &n) != 0)
        return ginet__os_error();
    if (err != 0)
        return ginet_error_from_errno(err);
    if (writable)
        return 0;
    if (hung_up) {
        /* Hung up without a pending error: connected only if it has a peer. */
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        return getpeername(fd, (struct sockaddr *)&ss, &len) == 0 ? 0 : GINET_ENOTCONN;
    }
    return 1;
}
