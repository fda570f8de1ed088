/*
 * tests/socket/tcp_active_util.c — the helpers of tcp_active.h: sockets
 * with owners, message expectations with readable failures, frames and
 * the byte pattern the active, owner and flow-control tests check.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "tests/socket/tcp_active.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int ta_run_known_bugs(void)
{
    const char *e = getenv("GINET_TEST_KNOWN_BUGS");
    return e != NULL && *e && strcmp(e, "0") != 0;
}

/* ------------------------------------------------------------ sockets */

int ta_peer_pair(const char *copts, ginet_mailbox *owner, int rcvbuf, ginet_socket **s,
                 int *peer)
{
    return tt_peer_pair_owned(copts, owner, rcvbuf, s, peer);
}

int ta_pair(const char *copts, ginet_mailbox *cowner, const char *lopts, ginet_mailbox *lowner,
            ginet_socket **c, ginet_socket **a)
{
    char more[768], opts[900];
    ginet_socket *ls;
    *c = *a = NULL;
    snprintf(more, sizeof more, "{ip,{127,0,0,1}}%s%s", lopts && *lopts ? "," : "",
             lopts ? lopts : "");
    int rc = ginet_tcp_listen(0, tt_opts(opts, sizeof opts, more), lowner, &ls);
    if (!TT_EXPECT_RC(rc, 0))
        return rc;
    int port = 0;
    ginet_port(ls, &port);
    rc = ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, copts), TT_WAIT, cowner,
                           c);
    if (TT_EXPECT_RC(rc, 0)) {
        rc = ginet_tcp_accept(ls, TT_WAIT, a);
        if (!TT_EXPECT_RC(rc, 0)) {
            tt_drop(*c);
            *c = NULL;
        }
    }
    tt_drop(ls);
    return rc;
}

/* ----------------------------------------------------------- messages */

ginet_msg *ta_next(ginet_mailbox *mb, int ms)
{
    ginet_msg *m = NULL;
    if (ginet_receive(mb, ms, &m) != 0)
        return NULL;
    return m;
}

static const char *kind_name(ginet_msg_kind k)
{
    switch (k) {
    case GINET_MSG_TCP: return "tcp";
    case GINET_MSG_HTTP: return "http";
    case GINET_MSG_TCP_CLOSED: return "tcp_closed";
    case GINET_MSG_TCP_ERROR: return "tcp_error";
    case GINET_MSG_TCP_PASSIVE: return "tcp_passive";
    case GINET_MSG_UDP: return "udp";
    case GINET_MSG_UDP_PASSIVE: return "udp_passive";
    case GINET_MSG_DOWN: return "'DOWN'";
    case GINET_MSG_RESOLVED: return "resolved";
    case GINET_MSG_UDP_ERROR: return "udp_error";
    }
    return "?";
}

const char *ta_describe(const ginet_msg *m, char *buf, size_t cap)
{
    if (m == NULL) {
        snprintf(buf, cap, "(no message)");
        return buf;
    }
    int n = snprintf(buf, cap, "%s", kind_name(m->kind));
    if (m->kind == GINET_MSG_TCP_ERROR)
        snprintf(buf + n, cap - (size_t)n, " %s", ginet_error_atom(m->error));
    else if (m->kind == GINET_MSG_TCP || m->kind == GINET_MSG_HTTP) {
        size_t at = (size_t)n;
        at += (size_t)snprintf(buf + at, cap - at, " %zu bytes <<\"", m->len);
        for (size_t i = 0; i < m->len && at + 8 < cap; i++) {
            uint8_t c = m->data[i];
            at += (size_t)(c >= 32 && c < 127 && c != '"' && c != '\\'
                               ? snprintf(buf + at, cap - at, "%c", c)
                               : snprintf(buf + at, cap - at, "\\%03o", c));
        }
        if (at + 4 < cap)
            snprintf(buf + at, cap - at, "\">>");
    }
    return buf;
}

int ta_expect_(ginet_mailbox *mb, ginet_socket *s, ginet_msg_kind kind, const void *p,
               size_t len, int err, const char *file, int line)
{
    ginet_msg *m = ta_next(mb, TT_WAIT);
    int ok = m != NULL && m->kind == kind && (s == NULL || m->socket == s);
    if (ok && kind == GINET_MSG_TCP)
        ok = m->len == len && (len == 0 || memcmp(m->data, p, len) == 0);
    if (ok && kind == GINET_MSG_TCP_ERROR)
        ok = m->error == err;
    if (!ok) {
        char got[256];
        printf("%s:%d: got %s%s, expected %s", file, line, ta_describe(m, got, sizeof got),
               m != NULL && s != NULL && m->socket != s ? " (of another socket)" : "",
               kind_name(kind));
        if (kind == GINET_MSG_TCP)
            printf(" of %zu bytes <<\"%.*s\">>", len, (int)(len < 64 ? len : 64),
                   (const char *)p);
        if (kind == GINET_MSG_TCP_ERROR)
            printf(" %s", ginet_error_atom(err));
        printf("\n");
    }
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, "expected message", file, "",
                            CU_FALSE);
    ginet_msg_free(m);
    return ok;
}

int ta_expect_none_(ginet_mailbox *mb, int ms, const char *file, int line)
{
    ginet_msg *m = ta_next(mb, ms);
    if (m != NULL) {
        char got[256];
        printf("%s:%d: got %s, expected no message\n", file, line,
               ta_describe(m, got, sizeof got));
    }
    CU_assertImplementation(m == NULL ? CU_TRUE : CU_FALSE, (unsigned)line, "no message", file,
                            "", CU_FALSE);
    ginet_msg_free(m);
    return m == NULL;
}

int ta_expect_opts_(ginet_socket *s, const char *names, const char *want, const char *file,
                    int line)
{
    char *text = NULL;
    int rc = ginet_getopts_text(s, names, &text);
    int ok = rc == 0 && text != NULL && strcmp(text, want) == 0;
    if (!ok)
        printf("%s:%d: getopts %s = %s, expected %s\n", file, line, names,
               rc == 0 ? (text ? text : "(null)") : ginet_error_atom(rc), want);
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, "getopts", file, "",
                            CU_FALSE);
    free(text);
    return ok;
}

/* ------------------------------------------------------------ streams */

int ta_write_frame(int fd, const void *p, size_t len)
{
    uint8_t hdr[4] = { (uint8_t)(len >> 24), (uint8_t)(len >> 16), (uint8_t)(len >> 8),
                       (uint8_t)len };
    if (tt_write_full(fd, hdr, 4) != 0)
        return -1;
    return len > 0 ? tt_write_full(fd, p, len) : 0;
}

void ta_fill_pattern(uint8_t *buf, size_t n, uint64_t seed, uint64_t at)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = ta_pattern(seed, at + i);
}

int ta_check_pattern(const uint8_t *buf, size_t n, uint64_t seed, uint64_t at)
{
    for (size_t i = 0; i < n; i++)
        if (buf[i] != ta_pattern(seed, at + i))
            return 0;
    return 1;
}

long ta_drain_pattern(int fd, uint64_t seed, int *ok)
{
    static _Thread_local uint8_t buf[65536];
    long total = 0;
    *ok = 1;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (*ok && !ta_check_pattern(buf, (size_t)n, seed, (uint64_t)total))
            *ok = 0;
        total += n;
    }
    return total;
}
