/*
 * backends/socket/socket.h — internal to the socket backend (portable
 * poll(2), OTP socket-NIF style): the per-loop and per-socket state shared
 * by socket.c (the loop and its poll set), socket_sock.c (the socket
 * operations), socket_io.c (the system calls), socket_options.c and
 * socket_watch.c.
 *
 * The model.  Every request is first tried with a non-blocking system call
 * on the submitting thread (GINET_BK_F_INLINE); only when it would block is
 * it parked in its socket's slot, and only then does the socket enter the
 * loop's poll set, for POLLIN (input parked) and/or POLLOUT (output
 * parked).  poll(2) is level-triggered, so no readiness can be missed
 * between a failed attempt and the park: the next poll() reports it.
 *
 * The poll set.  The loop keeps a master array of pollfd entries, each
 * with its owner (a socket, or NULL for a watched foreign descriptor);
 * a socket knows its index (sk_sock.idx), so adding is an append and
 * removing leaves a hole (fd -1, which poll(2) skips): O(1).  Holes are
 * squeezed out when the snapshot is rebuilt, keeping the order sockets
 * parked in (so poll(2) reports them oldest first).  Any thread may change the
 * master array (under the loop's mutex); poll(2) runs on a private copy,
 * the snapshot, rebuilt only when the master changed since (dirty).  A
 * thread that changes the master while the loop sleeps in poll(2) writes
 * the wakeup pipe once, so the loop rebuilds and sleeps again.
 *
 * Locking.  Each socket has a mutex guarding its slots, descriptor,
 * closing state and read-drained hint; the loop's mutex guards the master
 * array, the sockets' idx/want fields, the watch table, and the lists of
 * closing and ready sockets.  Order: socket mutex, then loop mutex; never
 * the reverse.  Completion and watch callbacks run with no lock held.
 *
 * Lifetime.  The snapshot holds socket pointers for one round of poll().
 * So sock_close() never lets the frontend free the state at once: it
 * removes the socket from the master array, closes the descriptor, queues
 * the socket on the closing list and wakes the loop; the loop delivers the
 * cancellations and the close completion only between rounds.  Removing
 * marks the master dirty, so the next round polls a fresh snapshot that
 * no longer names the socket.
 */
#ifndef GINET_BACKENDS_SOCKET_H
#define GINET_BACKENDS_SOCKET_H

#include <ginet/backend.h>

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>

typedef struct sk_sock sk_sock;

/* A foreign descriptor watched with watch() (socket_watch.c). */
typedef struct sk_watch {
    int fd;
    uint32_t events;              /* GINET_BK_WATCH_IN | _OUT */
    size_t idx;                   /* its entry in the master array */
    ginet_bk_watch_fn cb;
    void *arg;
} sk_watch;

typedef struct sk_loop {
    int wake_rd, wake_wr;         /* the wakeup pipe, both ends non-blocking */
    ginet_bk_complete_fn complete;
    void *ctx;
    pthread_mutex_t lock;         /* guards everything below */
    /* The master poll set: pfd[i] belongs to own[i] (NULL: a watch). */
    struct pollfd *pfd;
    sk_sock **own;
    size_t n, cap;
    size_t holes;                 /* removed entries (fd -1) not yet squeezed out */
    int dirty;                    /* master changed since the snapshot */
    int sleeping;                 /* the loop is (about to be) in poll(2) */
    int woken;                    /* the pipe was written for this sleep */
    atomic_uint round;            /* bumped before each poll(2): ages hints */
    sk_sock *closing;             /* sockets waiting for their close completion */
    sk_sock *ready;               /* sockets with a request done without an event */
    sk_watch *watches;            /* watched foreign descriptors */
    size_t nwatches, capwatches;
    /* The snapshot: loop thread only.  spfd[0] is the wakeup pipe. */
    struct pollfd *spfd;
    sk_sock **sown;
    size_t sn, scap;
} sk_loop;

struct sk_sock {
    pthread_mutex_t lock;
    sk_loop *loop;
    int fd;                       /* -1 once closed */
    int af;                       /* AF_INET, AF_INET6, AF_UNIX */
    int type;                     /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
    int drained;                  /* the loop's last stream read came back short, */
    unsigned drained_round;       /* in this round: a RECV submitted before the
                                     next poll(2) parks without a system call */
    ginet_bk_req *in;             /* the input request in flight, or NULL */
    ginet_bk_req *out;            /* the output request in flight, or NULL */
    /* Loop mutex: the master entry (or -1) and the events it asks for. */
    long idx;
    short want;
    int on_ready;                 /* on the loop's ready list */
    sk_sock *next_ready;
    /* Set by sock_close(): what the loop still delivers, in this order. */
    ginet_bk_req *cancelled_in, *cancelled_out, *close_req;
    sk_sock *next_closing;
};

/* req->priv[0]: a parked request whose result is already known (a connect
 * that finished at once without GINET_BK_F_INLINE). */
#define SK_READY 1u

/* socket.c: make S's master entry ask for what its slots need (S locked;
 * takes the loop mutex).  0, or GINET_ENOMEM when the set cannot grow
 * (the caller then unparks the request). */
int ginet__sk_update(sk_sock *s);
/* socket.c: queue S for a round without an event (S locked). */
void ginet__sk_loop_ready(sk_loop *l, sk_sock *s);
/* socket.c: queue S's close completion and wake the loop. */
void ginet__sk_loop_closing(sk_loop *l, sk_sock *s);
/* socket.c: add/remove an entry of the master array (loop locked).  For
 * a socket OWNER, the entry index is kept in owner->idx; for a watch
 * (OWNER NULL) in the watch of that fd. */
int ginet__sk_set_add(sk_loop *l, int fd, short events, sk_sock *owner, size_t *idx);
void ginet__sk_set_del(sk_loop *l, size_t idx);
/* socket.c: after changing the master (loop locked): whether the caller
 * must write the wakeup pipe (once it dropped the lock). */
int ginet__sk_must_wake(sk_loop *l);
void ginet__sk_wake(sk_loop *l);

/* socket_io.c: run S's parked requests for REVENTS (S locked); store the
 * finished ones in DONE[] and return how many (at most 2). */
int ginet__sk_attempt(sk_sock *s, short revents, ginet_bk_req *done[2]);
/* socket_io.c: try REQ's system call once (S locked), on the submitting
 * thread: 1 when it finished (req->result set), 0 when it would block. */
int ginet__sk_try(sk_sock *s, ginet_bk_req *req);
/* socket_io.c: start a CONNECT (S locked): 1 when it finished at once
 * (req->result set), 0 when it is in progress. */
int ginet__sk_connect_start(sk_sock *s, ginet_bk_req *req);

/* socket_sock.c: the socket operations of the table. */
int ginet__sk_sock_open(void *loop, void *sock, const ginet_bk_open *how);
int ginet__sk_sock_close(void *sock, ginet_bk_req *req);
int ginet__sk_bind(void *sock, const ginet_sockaddr *addr);
int ginet__sk_listen(void *sock, int backlog);
int ginet__sk_submit(void *sock, ginet_bk_req *req);
int ginet__sk_cancel(void *sock, ginet_bk_req *req);
int ginet__sk_shutdown(void *sock, int how);
int ginet__sk_sockname(void *sock, ginet_sockaddr *out);
int ginet__sk_peername(void *sock, ginet_sockaddr *out);
intptr_t ginet__sk_native_handle(void *sock);
/* socket_sock.c: set up S (memory zeroed or reused) for descriptor FD on
 * LOOP; not in the poll set until a request parks. */
int ginet__sk_sock_register(sk_loop *loop, sk_sock *s, int fd, int af, int type);

/* socket_options.c: the option table and the option operations. */
extern const ginet_bk_option_row ginet__sk_options[];
int ginet__sk_setopt(void *sock, ginet_bk_opt opt, const ginet_bk_optval *val);
int ginet__sk_getopt(void *sock, ginet_bk_opt opt, ginet_bk_optval *val);

/* socket_watch.c: watch() of the table; one event of a watched fd
 * (returns the callbacks made, 0 or 1); the table's memory at loop_fini;
 * the watch of FD (loop locked). */
int ginet__sk_watch(void *loop, intptr_t fd, uint32_t events,
                    ginet_bk_watch_fn cb, void *arg);
int ginet__sk_watch_event(sk_loop *l, int fd, short revents);
void ginet__sk_watch_fini(sk_loop *l);
sk_watch *ginet__sk_watch_find(sk_loop *l, int fd);

#endif
