/*
 * backends/epoll/epoll.h — internal to the epoll backend: the per-loop and
 * per-socket state, shared by epoll.c (the loop) and epoll_sock.c (the
 * socket operations).
 *
 * Locking.  Each socket has a mutex guarding its two request slots (one
 * input, one output request in flight), its descriptor and its closing
 * state.  User threads take it in submit()/cancel()/sock_close(); the loop
 * thread takes it to run the system call for a ready descriptor.  Every
 * system call that could race with close runs under it, so once
 * sock_close() has set fd to -1 nothing touches the old descriptor
 * number.  Completion callbacks are always made with no lock held.  The
 * loop's mutex guards only its list of sockets waiting for their close
 * completion.
 *
 * Lifetime.  epoll reports events by pointer (epoll_event.data.ptr = the
 * socket's state), and one epoll_wait() batch may hold a pointer to a
 * socket that another thread closes meanwhile.  So sock_close() never lets
 * the frontend free the state directly: it unregisters and closes the
 * descriptor, queues the socket on the loop's closing list and wakes the
 * loop, and the loop delivers the close completion only between batches,
 * after every event of the batch that saw the socket has been handled.
 */
#ifndef GINET_BACKENDS_EPOLL_H
#define GINET_BACKENDS_EPOLL_H

#include <ginet/backend.h>

#include <pthread.h>
#include <sys/epoll.h>

typedef struct ep_sock ep_sock;

/* A foreign descriptor watched with watch() (epoll_watch.c). */
typedef struct ep_watch {
    int fd;
    uint32_t events;              /* GINET_BK_WATCH_IN | _OUT */
    ginet_bk_watch_fn cb;
    void *arg;
} ep_watch;

typedef struct ep_loop {
    int epfd;                     /* the epoll instance */
    int wakefd;                   /* eventfd for wakeup() */
    ginet_bk_complete_fn complete;
    void *ctx;
    pthread_mutex_t lock;         /* guards closing */
    ep_sock *closing;             /* sockets waiting for their close completion */
    ep_watch *watches;            /* watched foreign descriptors; loop thread only */
    size_t nwatches, capwatches;
} ep_loop;

/* epoll_event.data.ptr of a watched descriptor: the fd shifted left with
 * the low bit set, which a socket's state pointer (aligned) and the wakeup
 * entry (NULL) never have.  The loop looks the fd up in its table per
 * event, so an event left in a batch after unwatching finds nothing. */
#define EP_WATCH_TAG 1u

struct ep_sock {
    pthread_mutex_t lock;
    ep_loop *loop;
    int fd;                       /* -1 once closed */
    int af;                       /* AF_INET, AF_INET6, AF_UNIX */
    int type;                     /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
    int rdhup;                    /* the peer's FIN (or our shutdown(read)) was seen */
    int rd_drained;               /* a stream read came back short: the kernel's
                                     queue is empty until the next EPOLLIN edge */
    int rd_hangup;                /* EPOLLRDHUP/HUP/ERR was seen: the end (EOF or
                                     an error) waits to be read, and no edge will
                                     announce it again, so reads always try */
    ginet_bk_req *in;             /* the input request in flight, or NULL */
    ginet_bk_req *out;            /* the output request in flight, or NULL */
    /* Set by sock_close(): what the loop still delivers, in this order. */
    ginet_bk_req *cancelled_in, *cancelled_out, *close_req;
    ep_sock *next_closing;
};

/* A parked request whose result is already known (a connect that
 * finished at once without GINET_BK_F_INLINE): the next event delivers it.
 * Kept in req->priv[0]. */
#define EP_READY 1u

/* The events every socket is registered for, edge-triggered. */
#define EP_EVENTS (EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET)

/* epoll_io.c: run the system call of S's parked requests for EVENTS
 * (S locked); store in DONE[] the requests that finished and return how
 * many (at most 2). */
int ginet__ep_attempt(ep_sock *s, uint32_t events, ginet_bk_req *done[2]);

/* epoll_io.c: try REQ's system call once (S locked).  Returns 1 when REQ
 * finished (req->result set), 0 when it would block.  For a CONNECT in
 * progress EVENTS says what the descriptor reported. */
int ginet__ep_try(ep_sock *s, ginet_bk_req *req, uint32_t events);

/* epoll_io.c: start a CONNECT (S locked): 1 when it finished at once
 * (req->result set), 0 when it is in progress. */
int ginet__ep_connect_start(ep_sock *s, ginet_bk_req *req);

/* epoll_sock.c: the socket operations of the table. */
int ginet__ep_sock_open(void *loop, void *sock, const ginet_bk_open *how);
int ginet__ep_sock_close(void *sock, ginet_bk_req *req);
int ginet__ep_bind(void *sock, const ginet_sockaddr *addr);
int ginet__ep_listen(void *sock, int backlog);
int ginet__ep_submit(void *sock, ginet_bk_req *req);
int ginet__ep_cancel(void *sock, ginet_bk_req *req);
int ginet__ep_shutdown(void *sock, int how);
int ginet__ep_setopt(void *sock, ginet_bk_opt opt, const ginet_bk_optval *val);
int ginet__ep_getopt(void *sock, ginet_bk_opt opt, ginet_bk_optval *val);
int ginet__ep_sockname(void *sock, ginet_sockaddr *out);
int ginet__ep_peername(void *sock, ginet_sockaddr *out);
intptr_t ginet__ep_native_handle(void *sock);

/* epoll_sock.c: register a new descriptor FD in S on LOOP (S's memory is
 * zeroed or reused; its mutex is initialised here). */
int ginet__ep_sock_register(ep_loop *loop, ep_sock *s, int fd, int af, int type);

/* epoll.c: queue S's close completion and wake the loop. */
void ginet__ep_loop_closing(ep_loop *loop, ep_sock *s);

/* epoll_watch.c: watch() of the table; an event of a watched descriptor
 * (returns the callbacks made, 0 or 1); the table's memory at loop_fini. */
int ginet__ep_watch(void *loop, intptr_t fd, uint32_t events,
                    ginet_bk_watch_fn cb, void *arg);
int ginet__ep_watch_event(ep_loop *loop, uintptr_t data, uint32_t events);
void ginet__ep_watch_fini(ep_loop *loop);

/* epoll_options.c: setopt/getopt (declared above); the table is
 * platform/linux/options.c's ginet__linux_options. */

#endif
