/*
 * tests/socket/tcp_test.h — what the files of the TCP socket suite share:
 * the backend under test, sockets made on it, a plain POSIX peer, the
 * native descriptor behind a ginet socket, a writer thread that sends in
 * random splits, and bounded waits.
 *
 * Every suite of tests/socket/ is registered once per backend as
 * "topic[backend]" (tcp_main.c); a test asks tt_backend() which backend
 * it runs on and makes every ginet socket there ({inet_backend, Name}
 * first in the options).  Every blocking call is bounded by TT_WAIT.
 */
#ifndef GINET_TEST_TCP_H
#define GINET_TEST_TCP_H

#include "tests/unit/harness.h"

#include <ginet/ginet.h>
#include <ginet/error.h>
#include <ginet/socket.h>

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* The bound of every wait in the suite, in milliseconds. */
#define TT_WAIT 5000

/* The test cases of each topic (one file each). */
extern const ginet_test_case tt_connect_cases[];
extern const ginet_test_case tt_io_cases[];
extern const ginet_test_case tt_framing_cases[];
extern const ginet_test_case tt_options_cases[];
extern const ginet_test_case tt_close_cases[];
extern const ginet_test_case tt_flow_cases[];
extern const ginet_test_case tt_concurrency_cases[];
extern const ginet_test_case tt_active_cases[];
extern const ginet_test_case tt_active_close_cases[];
extern const ginet_test_case tt_active_http_cases[];
extern const ginet_test_case tt_owner_cases[];
extern const ginet_test_case tt_owner_move_cases[];
extern const ginet_test_case tt_flowctl_cases[];
extern const ginet_test_case tt_netns_cases[];

/* The backend the running suite tests: the NAME of "topic[NAME]". */
const char *tt_backend(void);

/* "[{inet_backend,B}, EXTRA]" into BUF (EXTRA: NULL or option text
 * without brackets, e.g. "{packet,4},{nodelay,true}"). */
const char *tt_opts(char *buf, size_t cap, const char *extra);

/* A listening ginet socket on 127.0.0.1 (or ::1 with V6), port chosen by
 * the OS, with EXTRA options; its port in *PORT.  0 or an error. */
int tt_listen(const char *extra, int v6, ginet_socket **ls, int *port);

/* A ginet connection: client options COPTS, listener options LOPTS (the
 * accepted socket inherits them).  0 or an error (CU assertions made). */
int tt_pair(const char *copts, const char *lopts, ginet_socket **c,
            ginet_socket **a);

/* A ginet client (options COPTS) connected to a plain POSIX peer whose
 * descriptor goes to *PEER (blocking, TT_WAIT send/receive timeouts,
 * TCP_NODELAY).  0 or an error. */
int tt_peer_pair(const char *copts, ginet_socket **s, int *peer);
/* The same with the peer's receive buffer set to RCVBUF bytes (0: the
 * system's) before the connection is made. */
int tt_peer_pair_buf(const char *copts, int rcvbuf, ginet_socket **s, int *peer);
/* The same with OWNER as the ginet socket's owner (NULL: none). */
int tt_peer_pair_owned(const char *copts, ginet_mailbox *owner, int rcvbuf, ginet_socket **s,
                       int *peer);

/* Close and release (NULL allowed; a closed socket is just released). */
void tt_drop(ginet_socket *s);

/* The descriptor behind a ginet TCP socket, found by matching its local
 * and peer addresses against the process's descriptors (there is no
 * public accessor for it); -1 if none matches. */
int tt_native_fd(ginet_socket *s);

/* Bytes the kernel holds unread for FD (FIONREAD), or -1. */
long tt_unread(int fd);

/* Integer socket option of FD as the kernel sees it (-1000000 on error). */
int tt_getsockopt_int(int fd, int level, int name);

/* Read exactly N bytes from the POSIX descriptor FD; 0 or -1 (timeout,
 * EOF or error).  Write all N bytes; 0 or -1. */
int tt_read_full(int fd, void *buf, size_t n);
int tt_write_full(int fd, const void *buf, size_t n);
/* Read from FD until EOF or N bytes; the bytes read, or -1 on error or
 * timeout. */
long tt_read_until_eof(int fd, void *buf, size_t n);

/* Reset FD's connection (SO_LINGER {1,0} then close). */
void tt_reset_close(int fd);

/* Receive exactly N bytes with {packet,raw} recv(0) calls into BUF.
 * 0 or the error of the failing recv. */
int tt_recv_raw(ginet_socket *s, void *buf, size_t n);

/* A small deterministic generator (xorshift64*). */
typedef struct tt_rng { uint64_t s; } tt_rng;
void tt_rng_seed(tt_rng *r, uint64_t seed);
uint32_t tt_rand(tt_rng *r);
/* Uniform in [lo, hi]. */
uint32_t tt_rand_range(tt_rng *r, uint32_t lo, uint32_t hi);
void tt_fill_random(tt_rng *r, uint8_t *p, size_t n);

/* A thread writing LEN bytes of DATA to FD in random splits of 1..MAXCHUNK
 * bytes, pausing now and then, then shutting down writing if SHUT (set by
 * the caller, in a zeroed tt_writer, before tt_writer_start()). */
typedef struct tt_writer {
    pthread_t thread;
    int fd;
    const uint8_t *data;
    size_t len;
    uint32_t maxchunk;
    uint64_t seed;
    int shut;
    int result;                   /* 0 when every byte was written */
} tt_writer;
int tt_writer_start(tt_writer *w, int fd, const void *data, size_t len,
                    uint32_t maxchunk, uint64_t seed);
int tt_writer_join(tt_writer *w);

/* Threads with a bounded join: run FN(ARG); tt_thread_join waits up to
 * MS milliseconds and returns 0, or -1 if the thread is still running
 * (then it is detached and the test fails). */
typedef struct tt_thread {
    pthread_t thread;
    void *(*fn)(void *);
    void *arg;
    int done;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} tt_thread;
int tt_thread_start(tt_thread *t, void *(*fn)(void *), void *arg);
int tt_thread_join(tt_thread *t, int ms);
/* Join, and if the thread is still running after MS milliseconds (a call
 * of ginet blocked for good: the test fails), close S to release it and
 * join again. */
int tt_thread_join_close(tt_thread *t, int ms, ginet_socket *s);

/* Monotonic milliseconds, and a sleep. */
long long tt_now_ms(void);
void tt_sleep_ms(int ms);

/* Assert RC == WANT, printing both atoms and ginet_last_error() when
 * they differ. */
#define TT_EXPECT_RC(rc, want) tt_expect_rc_((rc), (want), #rc, __FILE__, __LINE__)
int tt_expect_rc_(int rc, int want, const char *what, const char *file, int line);

/* Assert that the message M is a TCP packet holding the LEN bytes at P. */
#define TT_EXPECT_DATA(m, p, len) tt_expect_data_((m), (p), (len), __FILE__, __LINE__)
int tt_expect_data_(const ginet_msg *m, const void *p, size_t len,
                    const char *file, int line);

#endif
