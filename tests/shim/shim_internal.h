/*
 * tests/shim/shim_internal.h — internal to the shim backend: its per-loop
 * and per-socket headers (the inner backend's state follows each, aligned
 * as malloc aligns), the queue of held submissions and completions, and
 * the fault decisions (shim_faults.c).
 *
 * Locking.  One mutex per loop (shim_loop.mu) guards the queue, every
 * socket's two slots and counters; it is held across the inner backend's
 * submit() and cancel() (which never call back), never across its
 * sock_close() (which may linger) or poll(), and never while a completion
 * is delivered to the frontend.  The inner backend calls shim_inner_done()
 * with no lock of its own held, so the order is always shim → inner.
 *
 * The queue.  Every completion the inner backend reports is appended to
 * the loop's FIFO with a due tick (now, or a few polls later when the
 * delay fault fires), and so is every submission the eagain fault parks.
 * poll() handles the head while it is due: head-of-line order keeps every
 * socket's completions in the order they happened, its close completion
 * last.  A socket has at most three entries (input, output, close), so
 * the nodes live in the socket's header.
 */
#ifndef GINET_TESTS_SHIM_INTERNAL_H
#define GINET_TESTS_SHIM_INTERNAL_H

#include <ginet/backend.h>

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

typedef struct shim_loop shim_loop;
typedef struct shim_sock shim_sock;

/* Where a slot's request is. */
enum { SL_FREE = 0, SL_PARKED, SL_INNER, SL_HELD };

/* What a queue node does when it comes due. */
enum { QN_SUBMIT = 1, QN_DELIVER, QN_CLOSE };

typedef struct shim_node {
    struct shim_node *next, *prev;
    shim_sock *s;
    ginet_bk_req *req;
    int kind;                     /* QN_* */
    int queued;
    uint64_t due;                 /* loop tick */
} shim_node;

/* Pieces a shortened request keeps. */
#define SHIM_IOV 16

/* One direction of a socket. */
typedef struct shim_slot {
    ginet_bk_req *req;            /* NULL when free */
    int state;                    /* SL_* */
    uint32_t in_flags;            /* the frontend's INLINE|TRY */
    ginet_bk_iovec *iov;          /* the frontend's, restored before delivery */
    int iovcnt;
    void *accepted;               /* ACCEPT: the frontend's (a shim socket) */
    ginet_bk_iovec cut[SHIM_IOV]; /* a shortened copy of iov */
    shim_node node;
} shim_slot;

struct shim_loop {
    pthread_mutex_t mu;
    ginet_bk_complete_fn complete;
    void *ctx;
    shim_node head;               /* the FIFO, a ring through head */
    uint64_t tick;                /* polls so far */
    const ginet_backend *inner;
};

struct shim_sock {
    shim_loop *loop;
    int type;                     /* ginet_bk_socktype */
    int reset;                    /* an injected reset was reported */
    int queued;                   /* nodes of this socket in the FIFO */
    shim_slot in, out;
    shim_node close_node;
};

/* Alignment the frontend gives the states (malloc's). */
#define SHIM_ALIGN _Alignof(max_align_t)
#define SHIM_ROUND(n) (((n) + SHIM_ALIGN - 1) / SHIM_ALIGN * SHIM_ALIGN)
#define SHIM_LOOP_HDR SHIM_ROUND(sizeof(shim_loop))
#define SHIM_SOCK_HDR SHIM_ROUND(sizeof(shim_sock))

static inline void *shim_inner_loop(shim_loop *l) { return (char *)l + SHIM_LOOP_HDR; }
static inline void *shim_inner_sock(shim_sock *s) { return (char *)s + SHIM_SOCK_HDR; }
static inline shim_sock *shim_outer_sock(void *inner)
{
    return (shim_sock *)((char *)inner - SHIM_SOCK_HDR);
}

/* shim.c: the inner backend (loaded by the entry point). */
const ginet_backend *ginet__shim_inner(void);

/* shim.c: queue N (of S, for REQ) due DELAY ticks from now (mu held). */
void ginet__shim_enqueue(shim_loop *l, shim_node *n, int kind, shim_sock *s,
                         ginet_bk_req *req, uint64_t delay);
/* shim.c: take N off the queue (mu held). */
void ginet__shim_dequeue(shim_loop *l, shim_node *n);

/* shim_sock.c: give SLOT's request back as the frontend made it (mu
 * held); for a successful ACCEPT set up the new socket's header. */
void ginet__shim_restore(shim_sock *s, shim_slot *slot);
/* shim_sock.c: the slot holding REQ, or NULL. */
shim_slot *ginet__shim_slot_of(shim_sock *s, const ginet_bk_req *req);

/* shim_sock.c: the socket operations of the table. */
int ginet__shim_sock_open(void *loop, void *sock, const ginet_bk_open *how);
int ginet__shim_sock_close(void *sock, ginet_bk_req *req);
int ginet__shim_bind(void *sock, const ginet_sockaddr *addr);
int ginet__shim_listen(void *sock, int backlog);
int ginet__shim_submit(void *sock, ginet_bk_req *req);
int ginet__shim_cancel(void *sock, ginet_bk_req *req);
int ginet__shim_shutdown(void *sock, int how);
int ginet__shim_setopt(void *sock, ginet_bk_opt opt, const ginet_bk_optval *val);
int ginet__shim_getopt(void *sock, ginet_bk_opt opt, ginet_bk_optval *val);
int ginet__shim_sockname(void *sock, ginet_sockaddr *out);
int ginet__shim_peername(void *sock, ginet_sockaddr *out);
intptr_t ginet__shim_native_handle(void *sock);

/* shim_faults.c: the decisions, each under the faults' own mutex. */
typedef enum shim_fault {
    SF_SHORT_READ, SF_SHORT_WRITE, SF_EAGAIN, SF_DELAY, SF_EAGAIN_TRY
} shim_fault;
/* 1 when fault F fires now (and counts it). */
int ginet__shim_fires(shim_fault f);
/* A random number in [LO, HI]. */
uint32_t ginet__shim_rand(uint32_t lo, uint32_t hi);
/* Polls to park a submission (eagain) or hold a completion (delay). */
uint64_t ginet__shim_park_polls(void);
uint64_t ginet__shim_delay_polls(void);
/* 1 when WHAT (GINET_SHIM_*) was armed for descriptor FD: disarms it. */
int ginet__shim_take(intptr_t fd, int what);
/* Count an event: which is a ginet_shim_counters field's offset. */
void ginet__shim_count(size_t which);
#define SHIM_COUNT(field) ginet__shim_count(offsetof(ginet_shim_counters, field))
/* Read GINET_SHIM_FAULTS (or the default) once. */
void ginet__shim_faults_init(void);

#endif
