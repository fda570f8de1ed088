/*
 * tests/socket/tcp_active.h — what the active-mode, owner, flow-control
 * and creation-option files of the TCP socket suite share (on top of
 * tcp_test.h): sockets with an owner connected to a POSIX peer, waiting for
 * and checking messages, a peer writing {packet,4} frames, and the switch
 * that turns known bugs from skips into failures.
 */
#ifndef GINET_TEST_TCP_ACTIVE_H
#define GINET_TEST_TCP_ACTIVE_H

#include "tests/socket/tcp_test.h"

#include <ginet/mailbox.h>

/* A test that shows a bug reported to the owner of the code starts with
 * TA_KNOWN_BUG("..."): it is a printed SKIP unless GINET_TEST_KNOWN_BUGS
 * is set in the environment, which runs it (and lets it fail). */
#define TA_KNOWN_BUG(...)                                                   \
    do {                                                                    \
        if (!ta_run_known_bugs())                                           \
            GINET_SKIP("KNOWN BUG: " __VA_ARGS__);                          \
    } while (0)
int ta_run_known_bugs(void);

/* A ginet client with options COPTS (after {inet_backend,B}) owned by
 * OWNER (NULL: none), connected to a plain POSIX peer (descriptor in
 * *PEER, blocking, TT_WAIT timeouts, TCP_NODELAY; its receive buffer
 * RCVBUF bytes when > 0).  0 or an error (CU assertions made). */
int ta_peer_pair(const char *copts, ginet_mailbox *owner, int rcvbuf,
                 ginet_socket **s, int *peer);

/* A ginet pair: client with COPTS owned by COWNER, accepted socket with
 * the listener's LOPTS owned by LOWNER (the listener's owner, inherited).
 * 0 or an error. */
int ta_pair(const char *copts, ginet_mailbox *cowner, const char *lopts,
            ginet_mailbox *lowner, ginet_socket **c, ginet_socket **a);

/* The next message of MB within MS milliseconds, or NULL. */
ginet_msg *ta_next(ginet_mailbox *mb, int ms);

/* "tcp <<"abc">>", "tcp_closed", "tcp_error econnreset", ... into BUF. */
const char *ta_describe(const ginet_msg *m, char *buf, size_t cap);

/* Assert that the next message of MB (within TT_WAIT) is {tcp, S, Data}
 * with the LEN bytes at P; {tcp_closed, S}; {tcp_error, S, ERR};
 * {tcp_passive, S}.  Return 1 when it is. */
#define TA_EXPECT_TCP(mb, s, p, len) ta_expect_(mb, s, GINET_MSG_TCP, p, len, 0, __FILE__, __LINE__)
#define TA_EXPECT_STR(mb, s, str) ta_expect_(mb, s, GINET_MSG_TCP, str, strlen(str), 0, __FILE__, __LINE__)
#define TA_EXPECT_CLOSED(mb, s) ta_expect_(mb, s, GINET_MSG_TCP_CLOSED, NULL, 0, 0, __FILE__, __LINE__)
#define TA_EXPECT_ERROR(mb, s, e) ta_expect_(mb, s, GINET_MSG_TCP_ERROR, NULL, 0, e, __FILE__, __LINE__)
#define TA_EXPECT_PASSIVE(mb, s) ta_expect_(mb, s, GINET_MSG_TCP_PASSIVE, NULL, 0, 0, __FILE__, __LINE__)
int ta_expect_(ginet_mailbox *mb, ginet_socket *s, ginet_msg_kind kind, const void *p,
               size_t len, int err, const char *file, int line);

/* Assert that no message comes to MB within MS milliseconds. */
#define TA_EXPECT_NONE(mb, ms) ta_expect_none_(mb, ms, __FILE__, __LINE__)
int ta_expect_none_(ginet_mailbox *mb, int ms, const char *file, int line);

/* Assert that getopts(S, [active]) reads WANT, e.g. "[{active,3}]". */
#define TA_EXPECT_ACTIVE(s, want) ta_expect_opts_(s, "[active]", want, __FILE__, __LINE__)
#define TA_EXPECT_OPTS(s, names, want) ta_expect_opts_(s, names, want, __FILE__, __LINE__)
int ta_expect_opts_(ginet_socket *s, const char *names, const char *want, const char *file,
                    int line);

/* Write one {packet,4} frame of LEN bytes to the POSIX descriptor FD.
 * 0 or -1. */
int ta_write_frame(int fd, const void *p, size_t len);

/* Byte I of the deterministic stream number SEED (the suite's pattern). */
static inline uint8_t ta_pattern(uint64_t seed, uint64_t i)
{
    return (uint8_t)((i * 131u + (i >> 8) * 7u + seed * 17u) ^ (seed >> 3));
}

/* Read from FD until EOF or error; check the bytes against ta_pattern(SEED)
 * from offset 0; the bytes read, *OK = 0 at the first mismatch. */
long ta_drain_pattern(int fd, uint64_t seed, int *ok);

/* 1 when BUF (N bytes) is ta_pattern(SEED) from offset AT. */
int ta_check_pattern(const uint8_t *buf, size_t n, uint64_t seed, uint64_t at);
void ta_fill_pattern(uint8_t *buf, size_t n, uint64_t seed, uint64_t at);

#endif
