/*
 * tests/socket/tcp_inspect.c — suite "tcp_inspect[B]": looking at sockets
 * (inspect.h).  getstat's values against the traffic sent and against
 * OTP 25's numbers for the same traffic (averages truncated, |dvi|),
 * send_pend with a peer that stops reading, getstat/2's text; i()'s table
 * byte for byte in OTP's format (checked first against literal OTP
 * captures, then on live sockets: listening, connected, inet6, busy,
 * accepting, closed by exit_on_close, service names, option selection);
 * info()'s map.  Monitors and default options: tcp_monitor.c.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "tests/socket/tcp_active.h"

#include <ginet/inspect.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------ OTP's table, by hand */

/* A table of text cells, filled row by row. */
#define TB_ROWS 16
#define TB_COLS 11
typedef struct tbl {
    char cell[TB_ROWS][TB_COLS][160];
    size_t rows, cols;
} tbl;

/* Append a row of COLS cells (printf-free strings). */
static void tb_row(tbl *t, ...)
{
    va_list ap;
    va_start(ap, t);
    for (size_t k = 0; k < t->cols; k++)
        snprintf(t->cell[t->rows][k], sizeof t->cell[0][0], "%s", va_arg(ap, const char *));
    va_end(ap);
    t->rows++;
}

/* What OTP's inet:ii/3 prints for T: io:format("~-Ws ~-Ws ...~n") with
 * each W the widest cell of its column (the header included). */
static char *otp_table(const tbl *t)
{
    size_t w[TB_COLS] = { 0 };
    for (size_t r = 0; r < t->rows; r++)
        for (size_t k = 0; k < t->cols; k++)
            if (strlen(t->cell[r][k]) > w[k])
                w[k] = strlen(t->cell[r][k]);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    for (size_t r = 0; r < t->rows; r++) {
        for (size_t k = 0; k < t->cols; k++) {
            fputs(t->cell[r][k], f);
            for (size_t p = strlen(t->cell[r][k]); p <= w[k]; p++)
                fputc(' ', f);
        }
        fputc('\n', f);
    }
    fclose(f);
    return buf;
}

/* ginet_i()'s output as a string; *RC its result. */
static char *i_text(const char *proto, const char *cols, int *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    *rc = ginet_i(f, proto, cols);
    fclose(f);
    return buf;
}

/* Whether i(tcp, [port,state]) shows socket ID in state WORD. */
static int i_row_has(uint64_t id, const char *word)
{
    int rc;
    char *text = i_text("tcp", "[port,state]", &rc);
    int found = 0;
    for (char *line = text; rc == 0 && line != NULL && *line && !found;) {
        char *nl = strchr(line, '\n');
        unsigned long long lid;
        char state[64];
        if (sscanf(line, "%llu %63s", &lid, state) == 2 && lid == id
            && strcmp(state, word) == 0)
            found = 1;
        line = nl != NULL ? nl + 1 : NULL;
    }
    free(text);
    return found;
}

#define EXPECT_TEXT(got, want) expect_text_((got), (want), __FILE__, __LINE__)
static int expect_text_(const char *got, const char *want, const char *file, int line)
{
    int ok = got != NULL && want != NULL && strcmp(got, want) == 0;
    if (!ok)
        printf("%s:%d: got\n%s---\nexpected\n%s---\n", file, line, got ? got : "(null)",
               want ? want : "(null)");
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, "text", file, "", CU_FALSE);
    return ok;
}

/* The formatter above against OTP 25's own output, captured from
 * `erl` (inet:i/0 and inet:i/2; trailing spaces are OTP's). */
static void test_otp_captures(void)
{
    static const char capture1[] =
        "Port Module    Recv Sent Owner   Local Address      Foreign Address State        Type   \n"
        "40   inet_tcp  0    0    <0.9.0> *:5678             *:*             LN:O         STREAM \n"
        "56   inet_tcp  0    24   <0.9.0> localhost:50294    localhost:5678  CONNECTED(O) STREAM \n"
        "64   inet_tcp  24   0    <0.9.0> localhost:5678     localhost:50294 CONNECTED(O) STREAM \n"
        "72   inet_tcp  0    0    <0.9.0> localhost:50481    *:*             LN:O         STREAM \n"
        "80   inet6_tcp 0    0    <0.9.0> *:57611            *:*             LN:O         STREAM \n"
        "88   inet6_tcp 0    0    <0.9.0> localhost:54927    *:*             LN:O         STREAM \n"
        "96   inet_tcp  0    0    <0.9.0> localhost:http-alt *:*             LN:O         STREAM \n";
    static tbl t1;
    t1.rows = 0;
    t1.cols = 9;
    tb_row(&t1, "Port", "Module", "Recv", "Sent", "Owner", "Local Address", "Foreign Address",
           "State", "Type");
    tb_row(&t1, "40", "inet_tcp", "0", "0", "<0.9.0>", "*:5678", "*:*", "LN:O", "STREAM");
    tb_row(&t1, "56", "inet_tcp", "0", "24", "<0.9.0>", "localhost:50294", "localhost:5678",
           "CONNECTED(O)", "STREAM");
    tb_row(&t1, "64", "inet_tcp", "24", "0", "<0.9.0>", "localhost:5678", "localhost:50294",
           "CONNECTED(O)", "STREAM");
    tb_row(&t1, "72", "inet_tcp", "0", "0", "<0.9.0>", "localhost:50481", "*:*", "LN:O",
           "STREAM");
    tb_row(&t1, "80", "inet6_tcp", "0", "0", "<0.9.0>", "*:57611", "*:*", "LN:O", "STREAM");
    tb_row(&t1, "88", "inet6_tcp", "0", "0", "<0.9.0>", "localhost:54927", "*:*", "LN:O",
           "STREAM");
    tb_row(&t1, "96", "inet_tcp", "0", "0", "<0.9.0>", "localhost:http-alt", "*:*", "LN:O",
           "STREAM");
    char *got = otp_table(&t1);
    EXPECT_TEXT(got, capture1);
    free(got);

    /* i(tcp, [port,state]) with a busy socket and an accept waiting. */
    static const char capture2[] =
        "Port State        \n"
        "40   ACCEPTING    \n"
        "48   LN:O         \n"
        "64   BY:CD:O      \n"
        "72   CONNECTED(O) \n";
    static tbl t2;
    t2.rows = 0;
    t2.cols = 2;
    tb_row(&t2, "Port", "State");
    tb_row(&t2, "40", "ACCEPTING");
    tb_row(&t2, "48", "LN:O");
    tb_row(&t2, "64", "BY:CD:O");
    tb_row(&t2, "72", "CONNECTED(O)");
    got = otp_table(&t2);
    EXPECT_TEXT(got, capture2);
    free(got);

    /* A passive socket after exit_on_close: the port lives on, CLOSED. */
    static const char capture3[] =
        "Port Module   Recv Sent Owner   Local Address Foreign Address State  Type   \n"
        "40   inet_tcp 0    0    <0.9.0> *:5682        *:*             LN:O   STREAM \n"
        "88   inet_tcp 0    0    <0.9.0>               *:*             CLOSED STREAM \n";
    static tbl t3;
    t3.rows = 0;
    t3.cols = 9;
    tb_row(&t3, "Port", "Module", "Recv", "Sent", "Owner", "Local Address", "Foreign Address",
           "State", "Type");
    tb_row(&t3, "40", "inet_tcp", "0", "0", "<0.9.0>", "*:5682", "*:*", "LN:O", "STREAM");
    tb_row(&t3, "88", "inet_tcp", "0", "0", "<0.9.0>", " ", "*:*", "CLOSED", "STREAM");
    got = otp_table(&t3);
    EXPECT_TEXT(got, capture3);
    free(got);
}

/* ------------------------------------------------------------ getstat */

static void expect_stats(ginet_socket *s, const uint64_t want[GINET_STAT_COUNT_], int line)
{
    ginet_stats st;
    int rc = ginet_getstat(s, &st);
    int ok = rc == 0;
    for (int i = 1; ok && i < GINET_STAT_COUNT_; i++)
        ok = st.v[i] == want[i];
    if (!ok) {
        printf("tcp_inspect.c:%d: getstat = %s:", line, rc ? ginet_error_atom(rc) : "ok");
        for (int i = 1; rc == 0 && i < GINET_STAT_COUNT_; i++)
            printf(" %s=%llu(want %llu)", ginet_stat_name((ginet_stat_option)i),
                   (unsigned long long)st.v[i], (unsigned long long)want[i]);
        printf("\n");
    }
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, "getstat", __FILE__, "",
                            CU_FALSE);
}

/* Packets of 101, 2, 2, 2, 251, 1 and 8 bytes ({packet,1}, header
 * included): each step's recv_* against OTP 25's answers for the same
 * sends (recv_dvi goes negative from the second packet on: OTP reports
 * its absolute value, truncated), and the sender's send_*; then an empty
 * send, which counts its header. */
static void test_getstat_values(void)
{
    static const size_t sizes[7] = { 100, 1, 1, 1, 250, 0, 7 };
    static const uint64_t otp[7][5] = {   /* cnt, avg, dvi, max, oct */
        { 1, 101, 0, 101, 101 }, { 2, 51, 24, 101, 103 }, { 3, 35, 27, 101, 105 },
        { 4, 26, 26, 101, 107 }, { 5, 71, 14, 251, 358 }, { 6, 59, 2, 251, 359 },
        { 7, 52, 4, 251, 367 },
    };
    ginet_socket *c, *a;
    if (tt_pair("binary,{active,false},{packet,1}", "binary,{active,false},{packet,1}", &c, &a)
        != 0)
        return;
    uint8_t buf[256];
    memset(buf, 'x', sizeof buf);
    uint64_t zero[GINET_STAT_COUNT_] = { 0 };
    expect_stats(a, zero, __LINE__);
    for (int i = 0; i < 7; i++) {
        TT_EXPECT_RC(ginet_send(c, buf, sizes[i]), 0);
        ginet_msg *m = NULL;
        if (!TT_EXPECT_RC(ginet_recv(a, 0, TT_WAIT, &m), 0))
            break;
        CU_ASSERT_EQUAL(m->len, sizes[i]);
        ginet_msg_free(m);
        uint64_t want[GINET_STAT_COUNT_] = { 0 };
        want[GINET_STAT_RECV_CNT] = otp[i][0];
        want[GINET_STAT_RECV_AVG] = otp[i][1];
        want[GINET_STAT_RECV_DVI] = otp[i][2];
        want[GINET_STAT_RECV_MAX] = otp[i][3];
        want[GINET_STAT_RECV_OCT] = otp[i][4];
        expect_stats(a, want, __LINE__);
    }
    uint64_t sent[GINET_STAT_COUNT_] = { 0 };
    sent[GINET_STAT_SEND_OCT] = 367;
    sent[GINET_STAT_SEND_CNT] = 7;
    sent[GINET_STAT_SEND_MAX] = 251;
    sent[GINET_STAT_SEND_AVG] = 52;
    expect_stats(c, sent, __LINE__);
    TT_EXPECT_RC(ginet_send(c, "", 0), 0);
    sent[GINET_STAT_SEND_OCT] = 368;
    sent[GINET_STAT_SEND_CNT] = 8;
    sent[GINET_STAT_SEND_AVG] = 45;
    expect_stats(c, sent, __LINE__);

    /* getstat/2's text: OTP's order, a subset, duplicates, [], a bad name. */
    char *t = NULL;
    TT_EXPECT_RC(ginet_getstat_text(c, NULL, &t), 0);
    EXPECT_TEXT(t, "[{recv_oct,0},{recv_cnt,0},{recv_max,0},{recv_avg,0},{recv_dvi,0},"
                   "{send_oct,368},{send_cnt,8},{send_max,251},{send_avg,45},{send_pend,0}]");
    free(t);
    TT_EXPECT_RC(ginet_getstat_text(a, "[send_pend,recv_cnt]", &t), 0);
    EXPECT_TEXT(t, "[{send_pend,0},{recv_cnt,7}]");
    free(t);
    TT_EXPECT_RC(ginet_getstat_text(c, "[send_cnt,send_cnt]", &t), 0);
    EXPECT_TEXT(t, "[{send_cnt,8},{send_cnt,8}]");
    free(t);
    TT_EXPECT_RC(ginet_getstat_text(c, "[]", &t), 0);
    EXPECT_TEXT(t, "[]");
    free(t);
    t = (char *)1;
    TT_EXPECT_RC(ginet_getstat_text(c, "[recv_cnt,bogus]", &t), GINET_EINVAL);
    CU_ASSERT_PTR_NULL(t);
    CU_ASSERT(strstr(ginet_last_error(), "column 11") != NULL);
    TT_EXPECT_RC(ginet_getstat_text(c, "recv_cnt", &t), GINET_EINVAL);
    TT_EXPECT_RC(ginet_getstat_text(c, "[recv_cnt", &t), GINET_EINVAL);

    /* Names both ways. */
    CU_ASSERT_STRING_EQUAL(ginet_stat_name(GINET_STAT_SEND_PEND), "send_pend");
    CU_ASSERT_PTR_NULL(ginet_stat_name((ginet_stat_option)0));
    CU_ASSERT_PTR_NULL(ginet_stat_name(GINET_STAT_COUNT_));
    CU_ASSERT_EQUAL(ginet_stat_from_name("recv_dvi", 8), GINET_STAT_RECV_DVI);
    CU_ASSERT_EQUAL(ginet_stat_from_name("recv_dv", 7), 0);

    /* A closed socket has no statistics (OTP: einval; ginet: closed).
     * Closed, not released: a released handle may already be freed. */
    ginet_close(c);
    ginet_stats st;
    TT_EXPECT_RC(ginet_getstat(c, &st), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_getstat(NULL, &st), GINET_EINVAL);
    tt_drop(c);
    tt_drop(a);
}

/* Statistics in active mode with {packet,2}, as OTP's capture: two
 * passive receives then one active (5, 5 and 7 bytes with headers); the
 * sender's info output counts payload bytes only (11). */
static void test_getstat_active(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *c, *a;
    if (ta_pair("binary,{active,false},{packet,2}", NULL, "binary,{active,false},{packet,2}", mb,
                &c, &a) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    ginet_iovec iov[2] = { { "de", 2 }, { "f", 1 } };
    TT_EXPECT_RC(ginet_send(c, "abc", 3), 0);
    TT_EXPECT_RC(ginet_sendv(c, iov, 2), 0);
    for (int i = 0; i < 2; i++) {
        ginet_msg *m = NULL;
        TT_EXPECT_RC(ginet_recv(a, 0, TT_WAIT, &m), 0);
        ginet_msg_free(m);
    }
    TT_EXPECT_RC(ginet_setopts(a, "[{active,once}]"), 0);
    TT_EXPECT_RC(ginet_send(c, "12345", 5), 0);
    TA_EXPECT_STR(mb, a, "12345");
    char *t = NULL;
    TT_EXPECT_RC(ginet_getstat_text(a, NULL, &t), 0);
    EXPECT_TEXT(t, "[{recv_oct,17},{recv_cnt,3},{recv_max,7},{recv_avg,5},{recv_dvi,0},"
                   "{send_oct,0},{send_cnt,0},{send_max,0},{send_avg,0},{send_pend,0}]");
    free(t);
    TT_EXPECT_RC(ginet_getstat_text(c, NULL, &t), 0);
    EXPECT_TEXT(t, "[{recv_oct,0},{recv_cnt,0},{recv_max,0},{recv_avg,0},{recv_dvi,0},"
                   "{send_oct,17},{send_cnt,3},{send_max,7},{send_avg,5},{send_pend,0}]");
    free(t);
    TT_EXPECT_RC(ginet_info_text(c, &t), 0);
    CU_ASSERT(t != NULL && strstr(t, ",output => 11,") != NULL);
    free(t);
    tt_drop(c);
    tt_drop(a);
    ginet_mailbox_free(mb);
}

/* send_pend is what send accepted and the OS has not taken: it grows
 * while the peer does not read (and i() shows the socket busy), every
 * byte of send_oct reaches the peer, and it drains back to 0. */
typedef struct {
    int fd;
    long got;
} drain_arg;

static void *drain_main(void *arg)
{
    drain_arg *d = arg;
    int ok = 1;
    d->got = ta_drain_pattern(d->fd, 0, &ok);    /* bytes only: the pattern is not checked */
    return NULL;
}

static void test_send_pend(void)
{
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,false},{send_timeout,200},{high_watermark,4096},"
                     "{low_watermark,2048}", NULL, 4096, &s, &peer) != 0)
        return;
    static uint8_t chunk[65536];
    memset(chunk, 7, sizeof chunk);
    int rc = 0;
    for (int i = 0; i < 200 && rc == 0; i++)
        rc = ginet_send(s, chunk, sizeof chunk);
    TT_EXPECT_RC(rc, GINET_ETIMEOUT);
    ginet_stats st;
    TT_EXPECT_RC(ginet_getstat(s, &st), 0);
    CU_ASSERT(st.v[GINET_STAT_SEND_PEND] > 0);
    CU_ASSERT(st.v[GINET_STAT_SEND_PEND] <= st.v[GINET_STAT_SEND_OCT]);
    CU_ASSERT(i_row_has(ginet_socket_id(s), "BY:CD:O"));
    uint64_t total = st.v[GINET_STAT_SEND_OCT];
    /* A write shutdown waits for the queue while it moves (OTP's
     * shutdown_pend_loop), so the peer drains on a thread of its own. */
    drain_arg d = { peer, 0 };
    pthread_t th;
    CU_ASSERT_FATAL(pthread_create(&th, NULL, drain_main, &d) == 0);
    TT_EXPECT_RC(ginet_shutdown(s, GINET_SHUT_WRITE), 0);
    pthread_join(th, NULL);
    CU_ASSERT_EQUAL((uint64_t)d.got, total);
    TT_EXPECT_RC(ginet_getstat(s, &st), 0);
    CU_ASSERT_EQUAL(st.v[GINET_STAT_SEND_PEND], 0);
    CU_ASSERT_EQUAL(st.v[GINET_STAT_SEND_OCT], total);
    close(peer);
    tt_drop(s);
}

/* ------------------------------------------------------------------ i() */

/* How inet:i prints a port number for TCP: its service name if the
 * system has one (OTP asks getservbyport too), else the number. */
static const char *port_text(int port, int show, char *buf, size_t cap)
{
    struct servent *se = show ? NULL : getservbyport(htons((uint16_t)port), "tcp");
    if (se != NULL)
        snprintf(buf, cap, "%s", se->s_name);
    else
        snprintf(buf, cap, "%d", port);
    return buf;
}

/* "HOST:PORT" as inet:i shows the local or peer address of S. */
static const char *addr_text(ginet_socket *s, int peer, int show, char *buf, size_t cap)
{
    ginet_sockaddr a;
    int rc = peer ? ginet_peername(s, &a) : ginet_sockname(s, &a);
    if (rc == GINET_ENOTCONN) {
        snprintf(buf, cap, "*:*");
        return buf;
    }
    if (rc != 0) {
        snprintf(buf, cap, " ");
        return buf;
    }
    char ip[GINET_NTOA_MAX], p[64];
    ginet_ntoa(&a.u.ip, ip, sizeof ip);
    const char *host = strcmp(ip, "127.0.0.1") == 0 || strcmp(ip, "::1") == 0 ? "localhost"
                       : strcmp(ip, "0.0.0.0") == 0 || strcmp(ip, "::") == 0 ? "*" : ip;
    snprintf(buf, cap, "%s:%s", host, port_text(a.port, show, p, sizeof p));
    return buf;
}

/* The number of sockets open in the process, printing them when there
 * are more than WANT (a test that left one open). */
static size_t open_sockets(size_t want)
{
    ginet_socket **l;
    size_t n = 0;
    if (ginet_sockets(&l, &n) != 0)
        return (size_t)-1;
    if (n != want) {
        printf("sockets open: %zu, expected %zu:", n, want);
        for (size_t i = 0; i < n; i++)
            printf(" %llu", (unsigned long long)ginet_socket_id(l[i]));
        printf("\n");
    }
    ginet_sockets_free(l, n);
    return n;
}

/* One socket's line of i/0 as OTP would print it. */
static void row_of(tbl *t, ginet_socket *s, const char *module, const char *state,
                   ginet_mailbox *owner, int show)
{
    char id[32], recv[32], sent[32], own[32], la[160], fa[160];
    ginet_stats st;
    memset(&st, 0, sizeof st);
    ginet_getstat(s, &st);
    snprintf(id, sizeof id, "%llu", (unsigned long long)ginet_socket_id(s));
    snprintf(recv, sizeof recv, "%llu", (unsigned long long)st.v[GINET_STAT_RECV_OCT]);
    snprintf(sent, sizeof sent, "%llu", (unsigned long long)st.v[GINET_STAT_SEND_OCT]);
    if (owner != NULL)
        snprintf(own, sizeof own, "<0.%llu.0>", (unsigned long long)ginet_mailbox_id(owner));
    else
        snprintf(own, sizeof own, " ");
    tb_row(t, id, module, recv, sent, own, addr_text(s, 0, show, la, sizeof la),
           addr_text(s, 1, show, fa, sizeof fa), state, "STREAM");
}

static void header_row(tbl *t)
{
    t->rows = 0;
    t->cols = 9;
    tb_row(t, "Port", "Module", "Recv", "Sent", "Owner", "Local Address", "Foreign Address",
           "State", "Type");
}

struct acceptor {
    ginet_socket *l;
    ginet_socket *a;
    int rc;
};

static void *accept_main(void *p)
{
    struct acceptor *x = p;
    x->rc = ginet_tcp_accept(x->l, TT_WAIT, &x->a);
    return NULL;
}

/* i/0 on live sockets, byte for byte: listeners on 127.0.0.1, on the
 * wildcard address and on ::1, a connected pair that exchanged bytes,
 * owners as <0.N.0>; then i(tcp, [port,recv,sent]), show_ports,
 * ACCEPTING while a thread waits in accept, nothing for udp and sctp. */
static void test_i_table(void)
{
    if (open_sockets(0) != 0)
        GINET_SKIP("other sockets are open in the process (listed above)");
    char opts[256];
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *l1 = NULL, *l2 = NULL, *l6 = NULL, *c = NULL, *a = NULL;
    int port = 0;
    if (!TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, "{ip,{127,0,0,1}}"), mb,
                                       &l1), 0)
        || !TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, NULL), mb, &l2), 0)
        || !TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts,
                                                     "inet6,{ip,{0,0,0,0,0,0,0,1}}"), NULL, &l6),
                         0))
        goto out;
    ginet_port(l1, &port);
    if (!TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port,
                                        tt_opts(opts, sizeof opts, "{active,false}"), TT_WAIT, mb,
                                        &c), 0)
        || !TT_EXPECT_RC(ginet_tcp_accept(l1, TT_WAIT, &a), 0))
        goto out;
    TT_EXPECT_RC(ginet_setopts(a, "[{active,false}]"), 0);
    TT_EXPECT_RC(ginet_send(c, "hello", 5), 0);
    ginet_msg *m = NULL;
    TT_EXPECT_RC(ginet_recv(a, 0, TT_WAIT, &m), 0);
    ginet_msg_free(m);
    CU_ASSERT(ginet_socket_id(l1) < ginet_socket_id(l2));
    CU_ASSERT(ginet_socket_id(c) < ginet_socket_id(a));

    static tbl t;
    for (int show = 0; show < 2; show++) {
        header_row(&t);
        row_of(&t, l1, "inet_tcp", "LN:O", mb, show);
        row_of(&t, l2, "inet_tcp", "LN:O", mb, show);
        row_of(&t, l6, "inet6_tcp", "LN:O", NULL, show);
        row_of(&t, c, "inet_tcp", "CONNECTED(O)", mb, show);
        row_of(&t, a, "inet_tcp", "CONNECTED(O)", mb, show);
        char *want = otp_table(&t);
        int rc;
        char *got = i_text(show ? NULL : "tcp", show ? "show_ports" : NULL, &rc);
        TT_EXPECT_RC(rc, 0);
        EXPECT_TEXT(got, want);
        free(got);
        free(want);
    }
    /* The wildcard listener's address is "*:" and the loopback one's
     * "localhost:", as OTP writes them whatever /etc/hosts says. */
    char buf[160];
    CU_ASSERT(strncmp(addr_text(l2, 0, 1, buf, sizeof buf), "*:", 2) == 0);
    CU_ASSERT(strncmp(addr_text(l6, 0, 1, buf, sizeof buf), "localhost:", 10) == 0);

    /* Options: a selection, the OTP 27 tuples, [] (blank lines). */
    t.rows = 0;
    t.cols = 3;
    tb_row(&t, "Port", "Recv", "Sent");
    for (int i = 0; i < 5; i++) {
        ginet_socket *s = (ginet_socket *[]){ l1, l2, l6, c, a }[i];
        ginet_stats st;
        ginet_getstat(s, &st);
        char id[32], r[32], w[32];
        snprintf(id, sizeof id, "%llu", (unsigned long long)ginet_socket_id(s));
        snprintf(r, sizeof r, "%llu", (unsigned long long)st.v[GINET_STAT_RECV_OCT]);
        snprintf(w, sizeof w, "%llu", (unsigned long long)st.v[GINET_STAT_SEND_OCT]);
        tb_row(&t, id, r, w);
    }
    char *want = otp_table(&t);
    int rc;
    char *got = i_text("tcp", "[port,recv,sent]", &rc);
    TT_EXPECT_RC(rc, 0);
    EXPECT_TEXT(got, want);
    free(got);
    free(want);
    t.rows = 0;
    t.cols = 2;
    tb_row(&t, "Port", "Local Address");
    for (int i = 0; i < 5; i++) {
        ginet_socket *s = (ginet_socket *[]){ l1, l2, l6, c, a }[i];
        char id[32];
        snprintf(id, sizeof id, "%llu", (unsigned long long)ginet_socket_id(s));
        tb_row(&t, id, addr_text(s, 0, 1, buf, sizeof buf));
    }
    want = otp_table(&t);
    got = i_text("tcp", "[port,{local_address,true}]", &rc);
    TT_EXPECT_RC(rc, 0);
    EXPECT_TEXT(got, want);
    free(got);
    free(want);
    got = i_text("tcp", "[]", &rc);
    TT_EXPECT_RC(rc, 0);
    EXPECT_TEXT(got, "\n\n\n\n\n\n");
    free(got);
    got = i_text("udp", NULL, &rc);
    TT_EXPECT_RC(rc, 0);
    EXPECT_TEXT(got, "");
    free(got);
    got = i_text("sctp", "[port]", &rc);
    TT_EXPECT_RC(rc, 0);
    EXPECT_TEXT(got, "");
    free(got);

    /* Bad selections are einval, with a reason. */
    got = i_text("tcp", "[port,bogus]", &rc);
    TT_EXPECT_RC(rc, GINET_EINVAL);
    CU_ASSERT(strstr(ginet_last_error(), "column 7") != NULL);
    free(got);
    got = i_text("tcp", "[{port,true}]", &rc);
    TT_EXPECT_RC(rc, GINET_EINVAL);
    free(got);
    got = i_text("tcp", "[{local_address,maybe}]", &rc);
    TT_EXPECT_RC(rc, GINET_EINVAL);
    free(got);
    got = i_text("ip", NULL, &rc);
    TT_EXPECT_RC(rc, GINET_EINVAL);
    free(got);
    TT_EXPECT_RC(ginet_i(NULL, NULL, NULL), GINET_EINVAL);

    /* ACCEPTING while a thread waits in accept; the packet and fd
     * columns. */
    struct acceptor x = { l2, NULL, 1 };
    tt_thread th;
    if (tt_thread_start(&th, accept_main, &x) == 0) {
        int seen = 0;
        for (int i = 0; i < 200 && !seen; i++) {
            seen = i_row_has(ginet_socket_id(l2), "ACCEPTING");
            if (!seen)
                tt_sleep_ms(10);
        }
        CU_ASSERT(seen);
        int p2 = 0;
        ginet_port(l2, &p2);
        ginet_socket *c2 = NULL;
        TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", p2, tt_opts(opts, sizeof opts, NULL),
                                       TT_WAIT, NULL, &c2), 0);
        if (tt_thread_join(&th, TT_WAIT) == 0)
            TT_EXPECT_RC(x.rc, 0);
        tt_drop(c2);
        tt_drop(x.a);
    }
    intptr_t fd = -1;
    TT_EXPECT_RC(ginet_getfd(c, &fd), 0);
    TT_EXPECT_RC(ginet_setopts(c, "[{packet,4}]"), 0);
    t.rows = 0;
    t.cols = 3;
    tb_row(&t, "Port", "Packet", "Fd");
    for (int i = 0; i < 5; i++) {
        ginet_socket *s = (ginet_socket *[]){ l1, l2, l6, c, a }[i];
        intptr_t f = -1;
        char id[32], fdt[32];
        ginet_getfd(s, &f);
        snprintf(id, sizeof id, "%llu", (unsigned long long)ginet_socket_id(s));
        snprintf(fdt, sizeof fdt, "%lld", (long long)f);
        tb_row(&t, id, s == c ? "4" : "0", fdt);
    }
    want = otp_table(&t);
    got = i_text("tcp", "[port,packet,fd]", &rc);
    TT_EXPECT_RC(rc, 0);
    EXPECT_TEXT(got, want);
    free(got);
    free(want);

    /* Closed sockets leave the table at once. */
    tt_drop(c);
    c = NULL;
    tt_drop(a);
    a = NULL;
    tt_drop(l6);
    l6 = NULL;
    header_row(&t);
    row_of(&t, l1, "inet_tcp", "LN:O", mb, 0);
    row_of(&t, l2, "inet_tcp", "LN:O", mb, 0);
    want = otp_table(&t);
    got = i_text(NULL, NULL, &rc);
    EXPECT_TEXT(got, want);
    free(got);
    free(want);
out:
    tt_drop(c);
    tt_drop(a);
    tt_drop(l1);
    tt_drop(l2);
    tt_drop(l6);
    ginet_mailbox_free(mb);
}

/* A port with a service name prints as the name (OTP: localhost:http-alt),
 * as a number with show_ports. */
static void test_i_service_names(void)
{
    static const int ports[] = { 8080, 8081, 5680, 5678, 8000, 3000 };
    char opts[256], extra[64];
    ginet_socket *l = NULL;
    int port = 0;
    for (size_t i = 0; i < sizeof ports / sizeof ports[0] && l == NULL; i++) {
        if (getservbyport(htons((uint16_t)ports[i]), "tcp") == NULL)
            continue;
        snprintf(extra, sizeof extra, "{ip,{127,0,0,1}},{reuseaddr,true}");
        if (ginet_tcp_listen(ports[i], tt_opts(opts, sizeof opts, extra), NULL, &l) == 0)
            port = ports[i];
    }
    if (l == NULL)
        GINET_SKIP("no port with a service name in the system's database could be bound");
    char want[256], id[32];
    const char *name = getservbyport(htons((uint16_t)port), "tcp")->s_name;
    snprintf(id, sizeof id, "%llu", (unsigned long long)ginet_socket_id(l));
    int rc;
    char *got = i_text("tcp", "[port,local_address]", &rc);
    snprintf(want, sizeof want, "localhost:%s", name);
    CU_ASSERT(got != NULL && strstr(got, want) != NULL);
    free(got);
    got = i_text("tcp", "[port,{local_address,true}]", &rc);
    snprintf(want, sizeof want, "%s localhost:%d ", id, port);
    CU_ASSERT(got != NULL && strstr(got, want) != NULL);
    free(got);
    tt_drop(l);
}

/* A passive socket whose peer closed, after exit_on_close closed it: it
 * stays in the table as OTP's port does, CLOSED, no local address, "*:*";
 * gone once closed. */
static void test_i_closed_passive(void)
{
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,false}", NULL, 0, &s, &peer) != 0)
        return;
    close(peer);
    ginet_msg *m = NULL;
    TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), GINET_ECLOSED);
    static tbl t;
    header_row(&t);
    row_of(&t, s, "inet_tcp", "CLOSED", NULL, 0);
    CU_ASSERT_STRING_EQUAL(t.cell[1][5], " ");
    CU_ASSERT_STRING_EQUAL(t.cell[1][6], "*:*");
    char *want = otp_table(&t);
    int rc;
    char *got = i_text("tcp", NULL, &rc);
    if (open_sockets(1) == 1)
        EXPECT_TEXT(got, want);
    free(got);
    free(want);
    char *info = NULL;
    TT_EXPECT_RC(ginet_info_text(s, &info), 0);
    CU_ASSERT(info != NULL && strstr(info, ",states => []}") != NULL);
    free(info);
    uint64_t id = ginet_socket_id(s);
    tt_drop(s);
    got = i_text("tcp", "[port]", &rc);
    char line[32];
    snprintf(line, sizeof line, "\n%llu ", (unsigned long long)id);
    CU_ASSERT(got != NULL && strstr(got, line) == NULL);
    free(got);
}

/* ----------------------------------------------------------------- info */

/* info/1: OTP 25's map for an inet socket plus the backend, keys in
 * order, one line; a listener's states; #{states => [closed]} once gone. */
static void test_info(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *c, *a;
    if (ta_pair("binary,{active,false},{packet,2}", mb, "binary,{active,false}", mb, &c, &a)
        != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    TT_EXPECT_RC(ginet_send(c, "abc", 3), 0);
    TT_EXPECT_RC(ginet_send(c, "defgh", 5), 0);
    char *t = NULL;
    TT_EXPECT_RC(ginet_info_text(c, &t), 0);
    unsigned long long n = ginet_mailbox_id(mb);
    char want1[512], want2[256];
    snprintf(want1, sizeof want1,
             "#{backend => %s,counters => #{recv_avg => 0,recv_cnt => 0,recv_dvi => 0,"
             "recv_max => 0,recv_oct => 0,send_avg => 6,send_cnt => 2,send_max => 7,"
             "send_oct => 12,send_pend => 0},input => 0,links => [<0.%llu.0>],memory => ",
             tt_backend(), n);
    snprintf(want2, sizeof want2,
             ",monitors => [],output => 8,owner => <0.%llu.0>,states => [connected,open]}", n);
    const char *mem = t != NULL && strncmp(t, want1, strlen(want1)) == 0 ? t + strlen(want1)
                                                                          : NULL;
    if (mem == NULL)
        printf("info = %s\nexpected %s...\n", t ? t : "(null)", want1);
    CU_ASSERT_PTR_NOT_NULL(mem);
    if (mem != NULL) {
        char *end;
        unsigned long long bytes = strtoull(mem, &end, 10);
        CU_ASSERT(bytes > 0);
        EXPECT_TEXT(end, want2);
    }
    free(t);

    /* Without an owner: no links, owner undefined. */
    TT_EXPECT_RC(ginet_controlling_process(a, NULL), 0);
    TT_EXPECT_RC(ginet_info_text(a, &t), 0);
    CU_ASSERT(t != NULL && strstr(t, ",links => [],") != NULL
              && strstr(t, ",owner => undefined,states => [connected,open]}") != NULL);
    free(t);

    TT_EXPECT_RC(ginet_close(c), 0);         /* closed, still referenced */
    TT_EXPECT_RC(ginet_info_text(c, &t), 0);
    char closed[128];
    snprintf(closed, sizeof closed, "#{backend => %s,states => [closed]}", tt_backend());
    EXPECT_TEXT(t, closed);
    free(t);
    tt_drop(c);
    TT_EXPECT_RC(ginet_info_text(NULL, &t), GINET_EINVAL);
    tt_drop(a);

    ginet_socket *l;
    int port;
    if (tt_listen(NULL, 0, &l, &port) == 0) {
        TT_EXPECT_RC(ginet_info_text(l, &t), 0);
        CU_ASSERT(t != NULL && strstr(t, ",output => 0,owner => undefined,"
                                         "states => [listen,open]}") != NULL);
        free(t);
        tt_drop(l);
    }
    ginet_mailbox_free(mb);
}

/* ginet_sockets(): the open sockets in opening order, each with a
 * reference of its own; ids never reused. */
static void test_sockets_list(void)
{
    size_t before = open_sockets(0);
    ginet_socket *c, *a;
    if (tt_pair("binary,{active,false}", "binary,{active,false}", &c, &a) != 0)
        return;
    ginet_socket **l;
    size_t n;
    TT_EXPECT_RC(ginet_sockets(&l, &n), 0);
    CU_ASSERT_EQUAL(n, before + 2);
    if (n >= 2) {
        CU_ASSERT_PTR_EQUAL(l[n - 2], c);
        CU_ASSERT_PTR_EQUAL(l[n - 1], a);
    }
    uint64_t ida = ginet_socket_id(a), idc = ginet_socket_id(c);
    CU_ASSERT(idc != 0 && ida > idc);
    tt_drop(c);
    tt_drop(a);
    /* The list's references keep the handles valid after close. */
    for (size_t i = 0; i < n; i++)
        ginet_socket_id(l[i]);
    ginet_sockets_free(l, n);
    CU_ASSERT_EQUAL(open_sockets(before), before);
    ginet_socket *c2, *a2;
    if (tt_pair("binary,{active,false}", "binary,{active,false}", &c2, &a2) == 0) {
        CU_ASSERT(ginet_socket_id(c2) > ida);
        tt_drop(c2);
        tt_drop(a2);
    }
    CU_ASSERT_EQUAL(ginet_socket_id(NULL), 0);
    CU_ASSERT_EQUAL(ginet_mailbox_id(NULL), 0);
    TT_EXPECT_RC(ginet_sockets(NULL, &n), GINET_EINVAL);
}

const ginet_test_case tt_inspect_cases[] = {
    { "otp_captures", test_otp_captures },
    { "getstat_values", test_getstat_values },
    { "getstat_active", test_getstat_active },
    { "send_pend", test_send_pend },
    { "i_table", test_i_table },
    { "i_service_names", test_i_service_names },
    { "i_closed_passive", test_i_closed_passive },
    { "info", test_info },
    { "sockets_list", test_sockets_list },
    { NULL, NULL }
};
