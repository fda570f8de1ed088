/*
 * platform/posix/sockio.h — internal to the backends: the socket calls and
 * request rules every readiness backend (epoll, socket) makes the same way,
 * kept in one place so that the engines differ only in how they wait.
 */
#ifndef GINET_PLATFORM_POSIX_SOCKIO_H
#define GINET_PLATFORM_POSIX_SOCKIO_H

#include <ginet/backend.h>

/* Whether REQ is well formed for submit() (backend.h's rules per op). */
int ginet__bk_req_valid(const ginet_bk_req *req);

/* Whether OP uses a socket's input side (accept, recv, recvfrom). */
int ginet__bk_op_is_input(ginet_bk_op op);

/* bind(2) FD to ADDR.  0 or a GINET_E* code. */
int ginet__fd_bind(int fd, const ginet_sockaddr *addr);

/* listen(2) on FD.  0 or a GINET_E* code. */
int ginet__fd_listen(int fd, int backlog);

/* Whether accept(2)'s errno E means only that a connection died in the
 * queue (Linux passes such network errors on): take the next one. */
int ginet__accept_retry(int e);

/* Start a non-blocking connect of FD to ADDR: 0 connected at once, 1 in
 * progress (wait until writable), or a GINET_E* code. */
int ginet__fd_connect_start(int fd, const ginet_sockaddr *addr);

/* The outcome of a connect in progress on FD once the engine saw it
 * WRITABLE or HUNG_UP (hang-up or error): 0 connected, 1 not yet (a
 * spurious wakeup), or a GINET_E* code. */
int ginet__fd_connect_result(int fd, int writable, int hung_up);

#endif
