/*
 * backends/uring/uring.h — internal to the io_uring backend: the per-loop
 * and per-socket state shared by uring.c (the table, the ring, the loop),
 * uring_sock.c (the socket operations), uring_io.c (requests as SQEs and
 * CQEs, and the inline system calls), uring_options.c and uring_watch.c.
 *
 * The model.  A RECV or SEND (and an ACCEPT) is first tried with a
 * non-blocking system call on the submitting thread (GINET_BK_F_INLINE),
 * exactly as the socket backend does; only when it would block does it go
 * to the ring, as IORING_OP_RECV/RECVMSG/SEND/SENDMSG/ACCEPT, and its CQE
 * completes it.  A CONNECT starts with connect(2); one in progress waits
 * in the ring as a POLL_ADD for POLLOUT and reads SO_ERROR when it fires.
 *
 * One submitter.  The submission queue is not thread-safe, so only the
 * loop thread touches it.  Any other thread hands a request over: it puts
 * the request in its socket's direction slot (state UR_PEND), queues the
 * socket on the loop's pending list and, if the loop sleeps in the ring,
 * writes the loop's eventfd, which a POLL_ADD in the ring watches.  At the
 * top of every poll() the loop turns the pending list into SQEs and
 * submits them with the wait, in one io_uring_enter(2).  A full SQ is
 * submitted to make room; if the kernel refuses more (a CQ overflow backlog:
 * EBUSY) the rest stays pending for the next round.  Completions are read
 * with NODROP semantics (the kernel keeps overflowed CQEs), so none is lost.
 *
 * user_data.  A socket's state pointer (8-aligned) with a tag in the low
 * bits: UR_T_IN / UR_T_OUT for the request of that direction, with the
 * direction's sequence number in the top byte, UR_T_CANCEL for an
 * ASYNC_CANCEL aimed at it.
 *
 * Cancel.  A request not yet in the ring is withdrawn at once.  One in the
 * ring is cancelled with IORING_REGISTER_SYNC_CANCEL by its user_data:
 * when the kernel found it, it can no longer move bytes, so cancel()
 * answers 0 and the loop drops its CQE (the sequence number no longer
 * matches).  Otherwise (already finished, or prepared and not submitted
 * yet) an ASYNC_CANCEL follows it through the ring and the request
 * completes through the loop.  UR_T_WAKE is the eventfd's poll; UR_T_WATCH
 * carries a watched descriptor and a generation instead of a pointer.
 *
 * Locking.  Each socket has a mutex guarding its slots, descriptor and
 * closing state; the loop's mutex guards the pending and closing lists and
 * the sleeping flags.  Order: socket mutex, then loop mutex.  The ring,
 * each socket's count of SQEs in the kernel (refs) and the watch table are
 * the loop thread's alone.  Callbacks are made with no lock held.
 *
 * Close.  sock_close() withdraws what is still pending and cancels what is
 * in the ring as cancel() does (both delivered later, by the loop, with
 * GINET_BK_F_CANCELLED) and queues the socket on the closing list.  When
 * every request was let go of it closes the descriptor at once.  Otherwise
 * an SQE naming the descriptor may be prepared but not yet submitted (the
 * kernel looks the number up only then), so it leaves the descriptor to
 * the loop, which closes it once no SQE naming the socket is left in the
 * kernel.  The close completion follows, last.
 */
#ifndef GINET_BACKENDS_URING_H
#define GINET_BACKENDS_URING_H

#include <ginet/backend.h>

#include "platform/posix/msgio.h"

#include <liburing.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

typedef struct ur_sock ur_sock;

/* user_data tags (low 3 bits); a socket's requests carry their
 * direction's sequence number in the top byte (user-space pointers stay
 * below 2^56), so a CQE of a request already given up is told apart from
 * its successor's. */
enum { UR_T_IN = 0, UR_T_OUT = 1, UR_T_CANCEL = 2, UR_T_WAKE = 3, UR_T_WATCH = 4 };
#define UR_TAG_MASK UINT64_C(7)
#define UR_PTR_MASK UINT64_C(0x00fffffffffffff8)
#define UR_SEQ_SHIFT 56

/* Where a direction's request is. */
enum { UR_IDLE = 0, UR_PEND = 1, UR_KERNEL = 2 };

/* What the kernel runs for it. */
enum {
    UR_M_OP = 0,       /* the operation itself (accept, recv, send, ...) */
    UR_M_POLL = 1,     /* a POLL_ADD first: a connect in progress, or an
                          operation the kernel answered EAGAIN */
    UR_M_NOP = 2       /* nothing: the result is known, a NOP delivers it */
};

/* A foreign descriptor watched with watch() (uring_watch.c). */
typedef struct ur_watch {
    int fd;
    uint32_t events;              /* GINET_BK_WATCH_IN | _OUT; 0: being removed */
    ginet_bk_watch_fn cb;
    void *arg;
    uint32_t armed_gen;           /* the POLL_ADD in the ring, 0: none */
    uint32_t armed_events;        /* what it asks for */
    int broken;                   /* the poll failed (EBADF): not re-armed */
} ur_watch;

typedef struct ur_loop {
    struct io_uring ring;         /* loop thread only */
    int wakefd;                   /* eventfd for wakeup() */
    int wake_armed;               /* its POLL_ADD is in the ring */
    int sq_blocked;               /* the last flush left work pending */
    ginet_bk_complete_fn complete;
    void *ctx;
    pthread_mutex_t lock;         /* guards the lists and flags below */
    ur_sock *pend;                /* sockets with SQEs to prepare */
    ur_sock *closing;             /* sockets waiting for their close completion */
    int sleeping;                 /* the loop is (about to be) waiting in the ring */
    int woken;                    /* the eventfd was written for this sleep */
    /* The watch table: loop thread only. */
    ur_watch *watches;
    size_t nwatches, capwatches;
    uint32_t watch_gen;
    int watch_dirty;              /* an entry needs an SQE */
    atomic_uint round;            /* bumped before each wait: ages hints */
} ur_loop;

/* One direction of a socket. */
typedef struct ur_dir {
    ginet_bk_req *req;            /* the request in flight, or NULL */
    uint8_t st;                   /* UR_IDLE, UR_PEND, UR_KERNEL */
    uint8_t mode;                 /* UR_M_* */
    uint8_t cancel;               /* an ASYNC_CANCEL is to be submitted */
    uint8_t asked;                /* cancel() or sock_close() asked for it */
    uint8_t seq;                  /* of the request last put in the ring */
    socklen_t alen;               /* ACCEPT: the peer address's length */
    ginet__msg msg;               /* the kernel's msghdr, address, control */
} ur_dir;

struct ur_sock {
    pthread_mutex_t lock;
    ur_loop *loop;
    int fd;                       /* -1 once closed */
    int af;                       /* AF_INET, AF_INET6, AF_UNIX */
    int type;                     /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
    int drained;                  /* a stream read from the ring came back short */
    unsigned drained_round;       /* in this round: a RECV submitted before the
                                     next wait goes to the ring at once */
    int closing;                  /* sock_close() ran */
    int close_fd;                 /* the descriptor the loop still closes, or -1 */
    unsigned refs;                /* SQEs in the kernel naming S (loop thread) */
    ur_dir in, out;
    /* Loop mutex. */
    int on_pend;
    ur_sock *next_pend;
    /* Set by sock_close(): withdrawn requests and the close request. */
    ginet_bk_req *withdrawn_in, *withdrawn_out, *close_req;
    ur_sock *next_closing;
};

/* uring.c: queue S on the loop's pending list and wake the loop if it
 * sleeps (S locked, or on the loop thread). */
void ginet__ur_queue(ur_loop *l, ur_sock *s);
/* uring.c: queue S's close completion and wake the loop. */
void ginet__ur_loop_closing(ur_loop *l, ur_sock *s);
/* uring.c: an SQE, submitting what is queued to make room; NULL when the
 * kernel takes no more now (loop thread). */
struct io_uring_sqe *ginet__ur_sqe(ur_loop *l);

/* uring_io.c: one attempt of REQ's system call on the submitting thread
 * (S locked): 1 finished (req->result set), 0 would block. */
int ginet__ur_try(ur_sock *s, ginet_bk_req *req);
/* uring_io.c: prepare the SQEs S's directions and cancels need (loop
 * thread, S locked).  0, or -1 when the ring is full (S stays queued). */
int ginet__ur_prep(ur_sock *s);
/* uring_io.c: the CQE of a direction of S (loop thread, S locked):
 * returns the request to deliver, or NULL. */
ginet_bk_req *ginet__ur_cqe(ur_sock *s, int out, unsigned seq, int res);
/* uring_io.c: take D's request (of S, in the ring) back with a synchronous
 * cancel (S locked): 0 when the kernel let go of it (its CQE will be
 * dropped), else an error and it goes on. */
int ginet__ur_cancel_now(ur_sock *s, ur_dir *d);

/* uring_sock.c: the socket operations of the table. */
int ginet__ur_sock_open(void *loop, void *sock, const ginet_bk_open *how);
int ginet__ur_sock_close(void *sock, ginet_bk_req *req);
int ginet__ur_bind(void *sock, const ginet_sockaddr *addr);
int ginet__ur_listen(void *sock, int backlog);
int ginet__ur_submit(void *sock, ginet_bk_req *req);
int ginet__ur_cancel(void *sock, ginet_bk_req *req);
int ginet__ur_shutdown(void *sock, int how);
int ginet__ur_sockname(void *sock, ginet_sockaddr *out);
int ginet__ur_peername(void *sock, ginet_sockaddr *out);
intptr_t ginet__ur_native_handle(void *sock);
/* uring_sock.c: set up S (memory zeroed or reused) for descriptor FD. */
int ginet__ur_sock_register(ur_loop *l, ur_sock *s, int fd, int af, int type);

/* uring_options.c: the option operations. */
/* (the table itself is platform/linux/options.c's ginet__linux_options) */
int ginet__ur_setopt(void *sock, ginet_bk_opt opt, const ginet_bk_optval *val);
int ginet__ur_getopt(void *sock, ginet_bk_opt opt, ginet_bk_optval *val);

/* uring_watch.c: watch() of the table; the SQEs the table needs (loop
 * thread: 0, or -1 when the ring is full); one CQE of a watch (returns the
 * callbacks made, 0 or 1); the table's memory at loop_fini. */
int ginet__ur_watch(void *loop, intptr_t fd, uint32_t events,
                    ginet_bk_watch_fn cb, void *arg);
int ginet__ur_watch_prep(ur_loop *l);
int ginet__ur_watch_cqe(ur_loop *l, uint64_t data, int res);
void ginet__ur_watch_fini(ur_loop *l);

#endif
