/*
 * tests/unit/test_backend.h — what the backend contract suites share: the
 * backend under test, a tiny loop thread driving its table, requests that
 * count their completions, and socket helpers.  Everything here drives
 * include/ginet/backend.h directly, as the frontend does, so the suites
 * run unchanged against every backend that loads.
 */
#ifndef GINET_TEST_BACKEND_H
#define GINET_TEST_BACKEND_H

#include "harness.h"

#include <ginet/ginet.h>
#include <ginet/backend.h>

#include <pthread.h>
#include <stdatomic.h>

/* Upper bound of every wait, in milliseconds: a bug fails, never hangs. */
#define TB_WAIT 3000

/* The backend of the running suite ("backend[NAME]"), loaded. */
const ginet_backend *tb_backend(void);

typedef struct tb_loop {
    const ginet_backend *bk;
    void *state;                  /* bk->loop_size bytes */
    pthread_t thread;
    atomic_int stop;
    atomic_int violations;        /* contract breaches seen in callbacks */
    pthread_mutex_t mu;           /* guards the counters of tb_req */
    pthread_cond_t cv;            /* broadcast on every completion */
} tb_loop;

typedef struct tb_sock tb_sock;

/* A request and what its completion said. */
typedef struct tb_req {
    ginet_bk_req req;
    ginet_bk_iovec iov[4];
    ginet_sockaddr addr;
    ginet_bk_ancillary anc;
    tb_sock *owner;
    int count;                    /* completions delivered (guarded by loop mu) */
    void *sock_arg;               /* the SOCK argument of the last one */
    /* Called on the loop thread, before the completion is counted. */
    void (*hook)(struct tb_req *t);
    void *hook_arg;
} tb_req;

/* A socket as the frontend would hold it: the backend state and the
 * frontend's lock around every call. */
struct tb_sock {
    tb_loop *loop;
    void *state;                  /* bk->sock_size bytes */
    pthread_mutex_t mu;
    atomic_int closed;            /* the close completion was delivered */
    int open;
};

/* Start / stop a loop of the running suite's backend on its own thread. */
int tb_loop_start(tb_loop *l);
void tb_loop_stop(tb_loop *l);

/* Prepare T for OP on S (zeroes it). */
void tb_req_init(tb_req *t, tb_sock *s, ginet_bk_op op, uint32_t flags);

/* Submit / cancel with S's lock held, as the frontend does. */
int tb_submit(tb_sock *s, tb_req *t);
int tb_cancel(tb_sock *s, tb_req *t);

/* Wait until T completed (through the callback), at most MS ms.  1 if it
 * did. */
int tb_wait(tb_req *t, int ms);
/* T's completion count now. */
int tb_count(tb_req *t);
/* Submit T and, unless it completed inline, wait for it.  Returns 1 when
 * T holds a result, 0 on a refusal or a timeout (with a CUnit failure). */
int tb_run(tb_sock *s, tb_req *t);

/* Open S on L.  0 or the backend's error. */
int tb_open(tb_loop *l, tb_sock *s, const ginet_bk_open *how);
int tb_open_simple(tb_loop *l, tb_sock *s, ginet_family f, ginet_bk_socktype t);
/* Wrap the state an ACCEPT filled. */
void tb_adopt_accepted(tb_loop *l, tb_sock *s, void *state);
/* Close S, wait for its close completion, free the state.  1 on success. */
int tb_close(tb_sock *s);

/* Addresses. */
ginet_sockaddr tb_ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port);
ginet_sockaddr tb_ip6_loopback(uint16_t port);
ginet_sockaddr tb_local(const void *path, size_t len);
int tb_sockaddr_eq(const ginet_sockaddr *a, const ginet_sockaddr *b);

/* A listening stream socket on 127.0.0.1 (or ::1, or a local path), its
 * address in *ADDR. */
int tb_listen(tb_loop *l, tb_sock *ls, ginet_family f, ginet_sockaddr *addr);
/* A connected pair of backend sockets (C connected to A, accepted) of
 * family F. */
int tb_pair(tb_loop *l, ginet_family f, tb_sock *c, tb_sock *a);
/* A backend socket S connected to an OS socket *PEER on 127.0.0.1. */
int tb_pair_os(tb_loop *l, tb_sock *s, int *peer);

/* The cases, written once (test_backend_io.c, test_backend_close.c,
 * test_backend_opts.c). */
extern const ginet_test_case tb_io_cases[];
extern const ginet_test_case tb_close_cases[];
extern const ginet_test_case tb_watch_cases[];
extern const ginet_test_case tb_opt_cases[];

/* Milliseconds of a monotonic clock. */
long long tb_now_ms(void);
void tb_sleep_ms(int ms);

#endif
