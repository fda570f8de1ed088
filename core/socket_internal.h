/*
 * core/socket_internal.h — the frontend's socket object, shared by the
 * files that implement the socket API (socket.c, tcp_connect.c,
 * tcp_accept.c, sock_send.c, sock_recv.c, sock_opts.c, sock_addr.c).
 *
 * Locking: every field below `lock` is protected by it.  Calls from users
 * take it for the duration of the call except while waiting on `cond`;
 * completions from the loop thread take it to record their results.  A
 * thread never holds two socket locks at once, except the listener's and
 * the accepted socket's during accept (listener first).
 *
 * Lifetime: `refs` counts the user's handle, each request in flight, the
 * open backend state, and every message or result that points at the
 * socket.  The memory (which includes the backend's state) is freed when
 * it drops to zero.
 */
#ifndef GINET_CORE_SOCKET_INTERNAL_H
#define GINET_CORE_SOCKET_INTERNAL_H

#include "core/loop.h"
#include "core/options_internal.h"
#include "core/sync.h"

#include <ginet/ginet.h>
#include <ginet/socket.h>

#include <stdalign.h>
#include <stdatomic.h>
#include <stddef.h>

/* What a socket is. */
enum {
    GINET__KIND_TCP = 1,          /* a connected (or connecting) stream */
    GINET__KIND_TCP_LISTEN = 2,   /* a listening stream socket */
    GINET__KIND_UDP = 3
};

/* Where it is in its life. */
enum {
    GINET__ST_OPEN = 0,           /* created, bound or not */
    GINET__ST_CONNECTING,
    GINET__ST_CONNECTED,
    GINET__ST_LISTENING,
    GINET__ST_CLOSED              /* closed by the user: every call answers closed */
};

/* Flags. */
#define GINET__F_EOF          0x0001u /* the peer's FIN was read */
#define GINET__F_SHUT_WR      0x0002u /* shutdown(write) done */
#define GINET__F_SHUT_RD      0x0004u /* shutdown(read) done */
#define GINET__F_BK_OPEN      0x0008u /* the backend state is open */
#define GINET__F_BK_CLOSING   0x0010u /* sock_close() in progress */
#define GINET__F_FLUSHING     0x0020u /* closed by the user, still sending the queue */
#define GINET__F_RECV_ACTIVE  0x0040u /* a thread is inside ginet_recv() */
#define GINET__F_FLUSH_POSTED 0x0080u /* delay_send: a flush task is posted */
#define GINET__F_EXITED       0x0100u /* exit_on_close (or send_timeout_close) closed
                                         the connection: calls answer enotconn */
#define GINET__F_DELAY_RECV   0x0200u /* after EXITED: the next recv reports exit_rc */
#define GINET__F_DELAY_SEND   0x0400u /* after EXITED: the next send reports closed */
#define GINET__F_CORKED       0x0800u /* sends wait for a callback batch to end */
#define GINET__F_CLOSED_SENT  0x1000u /* {tcp_closed, S} was delivered */
#define GINET__F_EXIT_PENDING 0x2000u /* exit_on_close once the batch is out */
#define GINET__F_DELIVERING   0x4000u /* active delivery is running (framer lent) */
#define GINET__F_ACTIVE_POSTED 0x8000u /* an active-delivery task is posted */
#define GINET__F_PASSIVE_PENDING 0x10000u /* {tcp_passive, S} to deliver */
#define GINET__F_SHUT_DELAYED 0x20000u /* shutdown(write) once the queue is out */
#define GINET__F_READ_HALTED  0x40000u /* active: reading stopped after emsgsize
                                         (exit_on_close false) until re-armed */
#define GINET__F_DELAY_RESET  0x80000u /* the delayed answers (DELAY_SEND) say
                                         econnreset, not closed */
#define GINET__F_END_PENDING  0x100000u /* active: a failed send's {tcp_closed,S}
                                          (and exit) awaits the loop thread */
#define GINET__F_END_RESET    0x200000u /* ... preceded by {tcp_error,S,econnreset} */


/* inet:getstat/2's counters, kept as inet_drv keeps them: per packet
 * delivered (header included) and per send (header included). */
typedef struct ginet__sockstats {
    uint64_t recv_oct, send_oct;
    uint64_t recv_cnt, send_cnt;
    uint64_t recv_max, send_max;
    double recv_avg, recv_dvi, send_avg;
} ginet__sockstats;

/* A packet of LEN bytes was delivered (OTP: inet_input_count). */
static inline void ginet__count_input(ginet__sockstats *st, size_t len)
{
    uint64_t n = st->recv_cnt + 1;
    double d = (double)len - st->recv_avg;
    st->recv_oct += len;
    st->recv_cnt = n;
    if (len > st->recv_max)
        st->recv_max = len;
    /* A packet as long as the average (fixed-size messages, once the
     * first is counted) changes neither average nor deviation while the
     * deviation is 0: the divisions, the dearest part, give exact zeros. */
    if (d == 0.0 && st->recv_dvi == 0.0)
        return;
    double avg = st->recv_avg + d / (double)n;
    st->recv_avg = avg;
    st->recv_dvi += (((double)len - avg) - st->recv_dvi) / (double)n;
}

/* A send of LEN bytes was made (OTP: inet_output_count). */
static inline void ginet__count_output(ginet__sockstats *st, size_t len)
{
    uint64_t n = st->send_cnt + 1;
    double d = (double)len - st->send_avg;
    st->send_oct += len;
    if (d != 0.0)                       /* as above */
        st->send_avg += d / (double)n;
    if (len > st->send_max)
        st->send_max = len;
    st->send_cnt = n;
}

/* A chunk of bytes waiting to be sent. */
typedef struct ginet__outchunk ginet__outchunk;
struct ginet__outchunk {
    ginet__outchunk *next;
    size_t cap;                   /* bytes data has room for */
    size_t len;                   /* bytes in data */
    size_t off;                   /* bytes of data already sent */
    uint8_t data[];
};

/* outchunk.c: chunks of the output queue.  A queue that already holds
 * OUTCHUNK_SMALL bytes grows in chunks of GINET__OUTCHUNK_BIG bytes of
 * data, which freed go to a small per-thread cache. */
#define GINET__OUTCHUNK_SMALL 4096
#define GINET__OUTCHUNK_BIG 65536
ginet__outchunk *ginet__outchunk_alloc(size_t cap);
void ginet__outchunk_free(ginet__outchunk *c);

/* Requests in flight at once per direction is one (backend.h rule 1); a
 * send gathers at most this many chunks. */
#define GINET__SEND_IOV 16

/* OTP's INET_CLOSE_TIMEOUT: how long a write shutdown waits for a queue
 * that makes no progress before leaving the shutdown to the loop. */
#define GINET__SHUTDOWN_WAIT_MS 10000

struct ginet_socket {
    ginet__mutex lock;
    ginet__cond cond;             /* broadcast on every change waiters look at */
    _Atomic long refs;
    ginet__loop *loop;
    const ginet_backend *bk;
    void *bks;                    /* the backend's state (inside this object) */

    uint8_t kind;
    uint8_t state;
    uint32_t flags;
    int in_error;                 /* sticky receive error (GINET_E*), 0 = none */
    int out_error;                /* sticky send error, 0 = none */
    int exit_rc;                  /* what GINET__F_DELAY_RECV reports */
    ginet__optstate o;            /* the options the frontend implements */
    ginet_family family;
    int linger_on, linger_secs;   /* mirrored from the kernel: close needs them */
    ginet_mailbox *owner;
    ginet_socket *owner_prev, *owner_next;  /* in the owner's list (its lock) */
    ginet__task active_task;      /* active delivery started from another thread */
    ginet_socket *cork_next;      /* in the loop thread's list of corked sockets */

    /* Input: one request in flight (recv or accept). */
    ginet_bk_req in_req;
    ginet_bk_iovec in_iov;
    uint8_t in_busy;
    ginet_framer *framer;         /* NULL for listening sockets */
    uint32_t rsize;               /* adaptive read size (0: buffer) */

    /* Accept: the socket the in-flight accept fills, the accepted sockets
     * no waiter has taken yet, and how many threads wait. */
    ginet_socket *accept_new;
    ginet_sockaddr accept_peer;
    ginet_socket *accepted_head, *accepted_tail;
    ginet_socket *accepted_next;  /* link in a listener's queue */
    unsigned accept_waiters;
    int accept_error;             /* error of the last accept, for the next waiter */

    /* Output: one request in flight, a queue of chunks. */
    ginet_bk_req out_req;
    ginet_bk_iovec out_iov[GINET__SEND_IOV];
    uint8_t out_busy;
    ginet__outchunk *outq_head, *outq_tail;
    size_t outq_bytes;            /* bytes queued and not yet sent */
    uint8_t out_busy_state;       /* high watermark reached, not yet below low */
    ginet__task flush_task;       /* delay_send's deferred flush */

    /* Closing the backend state. */
    ginet_bk_req close_req;

    /* Statistics (inet:getstat/2). */
    ginet__sockstats st;

    /* UDP sockets: the datagram state (core/udp_internal.h), else NULL. */
    struct ginet__udp *udp;

    /* Inspection (core/registry.c, core/monitor.c; core/inspect_internal.h). */
    uint64_t id;                  /* ginet_socket_id(): given when it opens */
    ginet_socket *reg_prev, *reg_next;  /* in the registry (the registry's lock) */
    uint8_t reg_state;            /* GINET__REG_*: never listed, listed, gone */
    struct ginet__monitor *monitors;    /* monitors on it (the monitors' lock) */

    /* The backend's per-socket state follows. */
    alignas(max_align_t) unsigned char bk_state[];
};

/* Allocate a socket of KIND and FAMILY on LOOP (refs = 1, the caller's),
 * with OTP's default options.  NULL when out of memory. */
ginet_socket *ginet__socket_alloc(ginet__loop *loop, int kind, ginet_family family);

/* Open the backend state (sock_open) with HOW.  0 or an error. */
int ginet__socket_open(ginet_socket *s, const ginet_bk_open *how);

/* Take / drop a reference.  Dropping the last frees the socket. */
void ginet__socket_ref(ginet_socket *s);
void ginet__socket_unref(ginet_socket *s);

/* Called on the loop thread for every completed request (core/loop.c). */
void ginet__socket_complete(ginet_bk_req *req);

/* Close the backend state once nothing is in flight (lock held).  A TCP
 * socket with {linger,{true,T}} (T > 0) is closed on a thread of its own,
 * as close(2) may wait for T seconds (core/socket.c). */
void ginet__socket_close_backend(ginet_socket *s);

/* OTP's exit_on_close: the connection ended by itself (peer close, reset,
 * packet_size exceeded, send_timeout_close).  Release the descriptor (the
 * peer sees the close) and make later calls answer enotconn, except the
 * first recv (DELAYED has GINET__F_DELAY_RECV: it answers DELAYED_RC) or
 * send (GINET__F_DELAY_SEND: closed, econnreset with
 * GINET__F_DELAY_RESET), as OTP's delayed close reports.  Once
 * {tcp_closed,S} was delivered with exit_on_close, also
 * ginet__exit_port().  The handle stays open until ginet_close().  Lock
 * held; on an exited socket only the port part is done. */
void ginet__exit_close(ginet_socket *s, uint32_t delayed, int delayed_rc);

/* OTP's port exit: in active mode with exit_on_close the port goes after
 * {tcp_closed, S} (ginet__exit_close() does it then).  Every call then
 * answers closed, as after ginet_close(), monitors fire and i() no longer
 * lists the socket; the handle stays valid.  Lock held. */
void ginet__exit_port(ginet_socket *s);

/* Completion handlers per direction (lock held). */
void ginet__recv_completed(ginet_socket *s, ginet_bk_req *req);
void ginet__accept_completed(ginet_socket *s, ginet_bk_req *req);
void ginet__send_completed(ginet_socket *s, ginet_bk_req *req);
void ginet__connect_completed(ginet_socket *s, ginet_bk_req *req);

/* Start a receive into the framer if none is in flight (lock held):
 * 0 when one completed inline or is in flight, or an error. */
int ginet__recv_start(ginet_socket *s);

/* Submit the next send from the queue if none is in flight (lock held). */
void ginet__send_pump(ginet_socket *s);

/* Apply an option list to a socket being created (CREATING = 1) or with
 * setopts (0).  Lock held.  0 or an error with ginet__fail() text naming
 * the option. */
int ginet__apply_options(ginet_socket *s, const ginet_optlist *opts,
                         int creating);

/* Read the options the creation functions need before the socket exists:
 * the backend (inet_backend, first), family, fd, ip/ifaddr, port,
 * backlog, netns, bind_to_device. */
typedef struct ginet__create_opts {
    const char *backend;          /* NULL: default */
    ginet_family family;          /* GINET_AF_UNSPEC: from the address */
    intptr_t fd;                  /* -1 */
    int have_ip;
    ginet_sockaddr ip;            /* ip/ifaddr (port from `port` or the call) */
    int port;                     /* -1: not given */
    int backlog;
    const char *netns;
    const char *bind_to_device;
} ginet__create_opts;
int ginet__create_opts_read(const ginet_optlist *opts, ginet__create_opts *out);

/* Create a socket of KIND on the backend the options choose, open it,
 * apply OPTS.  The new socket has one reference (the caller's). */
int ginet__socket_create(int kind, ginet_bk_socktype type, ginet_family family,
                         const ginet_optlist *opts, const ginet__create_opts *co,
                         ginet_socket **out);

/* Bind to the {ip,_}/{port,_} of CO (or DEFAULT_PORT when > 0). */
int ginet__socket_bind_local(ginet_socket *s, const ginet__create_opts *co,
                             int default_port);

/* The address for HOST (address text or "localhost") in family WANT
 * (GINET_AF_UNSPEC: either). */
int ginet__host_address(const char *host, ginet_family want, ginet_ip_address *ip);

/* Parse option text into a new list (NULL text: empty list).  0 or
 * GINET_EINVAL with ginet__fail() text giving line, column and reason. */
int ginet__optlist_from_text(const char *text, ginet_optlist **out);

/* The GINET__OPTK_* bit of the socket's kind, for the option table. */
unsigned ginet__socket_optkind(const ginet_socket *s);

/* The framer options the socket's option state implies (OTP: a line is at
 * most `buffer` bytes). */
void ginet__framer_options(const ginet_socket *s, ginet_packet_options *po);

/* Active mode (core/active.c), lock held: deliver what is buffered and
 * keep a receive in flight while active; start that from any thread;
 * the passive message after setopts brought {active,N} to 0; whether a
 * send from a callback owner should only queue (1) until its batch ends. */
void ginet__active_run(ginet_socket *s);
void ginet__active_kick(ginet_socket *s);
void ginet__active_post(ginet_socket *s);   /* always through a loop task */
void ginet__active_went_passive(ginet_socket *s);
int ginet__cork_send(ginet_socket *s);
/* Bracket work on a loop thread whose callback sends should be written
 * together at the end (nests; the outermost end flushes). */
void ginet__cork_begin(void);
void ginet__cork_end(void);

/* Whether an error code means the socket is gone. */
static inline int ginet__is_closed(const ginet_socket *s)
{
    return s->state == GINET__ST_CLOSED;
}

#endif
