/*
 * tests/socket/tcp_local.c — suite "tcp_local[B]": stream sockets of the
 * local (unix) family through the TCP API, checked against what OTP 25's
 * gen_tcp answers: {local, Path} on listen ({ifaddr,_} / {ip,_}) and
 * connect (port 0), sockname/peername ({local, <<>>} for an unnamed
 * end), Linux abstract names, path-length and port errors, the options
 * that apply and those that do not, {packet,2} with passive and {active,N}
 * delivery, descriptor adoption, i()'s table, the address printers, and a
 * burst of framed messages with every byte checked.  Socket files are made
 * under /tmp with the process id in their name and removed by the test
 * (closing never removes them, as OTP).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "tests/socket/tcp_active.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* ------------------------------------------------------------ helpers */

/* A fresh socket file name for this process in BUF ("/tmp/ginet-lt-P-N"),
 * removed first in case an earlier run left it. */
static const char *tl_path(char *buf, size_t cap)
{
    static int n;
    snprintf(buf, cap, "/tmp/ginet-lt-%ld-%d.sock", (long)getpid(), n++);
    unlink(buf);
    return buf;
}

/* A fresh abstract name (leading NUL) in BUF; its length. */
static size_t tl_abstract(char *buf, size_t cap)
{
    static int n;
    int k = snprintf(buf + 1, cap - 1, "ginet-lt-%ld-%d", (long)getpid(), n++);
    buf[0] = '\0';
    return (size_t)k + 1;
}

/* BUF (cap >= 4 * LEN + 8) as an Erlang binary term <<b,b,...>>. */
static const char *tl_binary(char *buf, size_t cap, const void *p, size_t len)
{
    const uint8_t *b = p;
    size_t k = (size_t)snprintf(buf, cap, "<<");
    for (size_t i = 0; i < len && k + 6 < cap; i++)
        k += (size_t)snprintf(buf + k, cap - k, "%s%u", i ? "," : "", b[i]);
    snprintf(buf + k, cap - k, ">>");
    return buf;
}

static int is_local(const ginet_sockaddr *a, const void *path, size_t len)
{
    return a->family == GINET_AF_LOCAL && a->u.local.len == len
           && (len == 0 || memcmp(a->u.local.path, path, len) == 0);
}

static int file_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* Listen on the socket file PATH with EXTRA options (after local and the
 * address). */
static int tl_listen(const char *path, const char *extra, ginet_mailbox *owner,
                     ginet_socket **ls)
{
    char more[512], opts[700];
    snprintf(more, sizeof more, "local,{ifaddr,{local,\"%s\"}}%s%s", path,
             extra && *extra ? "," : "", extra ? extra : "");
    return ginet_tcp_listen(0, tt_opts(opts, sizeof opts, more), owner, ls);
}

/* A connected local pair on the file PATH: client options COPTS owned by
 * COWNER, listener options LOPTS owned by LOWNER.  0 or an error. */
static int tl_pair(const char *path, const char *copts, ginet_mailbox *cowner,
                   const char *lopts, ginet_mailbox *lowner, ginet_socket **c,
                   ginet_socket **a)
{
    char more[512], opts[700];
    ginet_socket *ls;
    *c = *a = NULL;
    int rc = tl_listen(path, lopts, lowner, &ls);
    if (!TT_EXPECT_RC(rc, 0))
        return rc;
    snprintf(more, sizeof more, "local%s%s", copts && *copts ? "," : "", copts ? copts : "");
    rc = ginet_tcp_connect(path, 0, tt_opts(opts, sizeof opts, more), TT_WAIT, cowner, c);
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

/* A typed option list from TEXT (NULL on error, with a CU failure). */
static ginet_optlist *tl_optlist(const char *text)
{
    ginet_optlist *l = ginet_optlist_new();
    if (l != NULL && ginet_optlist_parse(l, text, strlen(text), NULL) != 0) {
        ginet_optlist_free(l);
        l = NULL;
    }
    CU_ASSERT_PTR_NOT_NULL(l);
    return l;
}

/* --------------------------------------------------------------- tests */

/* gen_tcp:listen(0, [local, {ifaddr, {local, P}}]), connect({local, P}, 0,
 * [local]), accept; the four addresses as OTP gives them; {packet,2} in
 * passive mode both ways; the file outlives the sockets. */
static void test_listen_connect(void)
{
    char path[108];
    tl_path(path, sizeof path);
    ginet_socket *c, *a;
    if (tl_pair(path, "binary,{packet,2},{active,false}", NULL,
                "binary,{packet,2},{active,false}", NULL, &c, &a) != 0) {
        unlink(path);
        return;
    }
    CU_ASSERT_STRING_EQUAL(ginet_socket_backend(c), tt_backend());
    ginet_sockaddr cs, cp, as, ap;
    TT_EXPECT_RC(ginet_sockname(c, &cs), 0);
    TT_EXPECT_RC(ginet_peername(c, &cp), 0);
    TT_EXPECT_RC(ginet_sockname(a, &as), 0);
    TT_EXPECT_RC(ginet_peername(a, &ap), 0);
    CU_ASSERT(is_local(&cs, "", 0));                 /* {local,<<>>}: unnamed */
    CU_ASSERT(is_local(&cp, path, strlen(path)));
    CU_ASSERT(is_local(&as, path, strlen(path)));
    CU_ASSERT(is_local(&ap, "", 0));
    int port = -1;
    TT_EXPECT_RC(ginet_port(c, &port), 0);
    CU_ASSERT_EQUAL(port, 0);

    /* {packet,2}: one recv, one packet, both ways. */
    TT_EXPECT_RC(ginet_send(c, "hello", 5), 0);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_recv(a, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "hello", 5);
    ginet_msg_free(m);
    m = NULL;
    TT_EXPECT_RC(ginet_send(a, "", 0), 0);
    TT_EXPECT_RC(ginet_send(a, "world!", 6), 0);
    if (TT_EXPECT_RC(ginet_recv(c, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "", 0);
    ginet_msg_free(m);
    m = NULL;
    if (TT_EXPECT_RC(ginet_recv(c, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "world!", 6);
    ginet_msg_free(m);
    m = NULL;
    /* A passive recv times out with nothing lost. */
    TT_EXPECT_RC(ginet_recv(c, 0, 50, &m), GINET_ETIMEOUT);
    ginet_msg_free(m);
    m = NULL;
    TT_EXPECT_RC(ginet_close(c), 0);
    TT_EXPECT_RC(ginet_recv(a, 0, TT_WAIT, &m), GINET_ECLOSED);
    ginet_msg_free(m);
    tt_drop(c);
    tt_drop(a);
    /* OTP does not unlink the socket file on close: the user does. */
    CU_ASSERT(file_exists(path));
    unlink(path);
}

/* The listener's own addresses, a second listener on the same file
 * (eaddrinuse), {ip,{local,P}} and a binary path without the bare
 * `local`, which OTP accepts too. */
static void test_listener_addresses(void)
{
    char path[108], opts[700], more[512], bin[600];
    tl_path(path, sizeof path);
    ginet_socket *ls = NULL, *ls2 = NULL;
    if (!TT_EXPECT_RC(tl_listen(path, NULL, NULL, &ls), 0))
        return;
    ginet_sockaddr n;
    TT_EXPECT_RC(ginet_sockname(ls, &n), 0);
    CU_ASSERT(is_local(&n, path, strlen(path)));
    TT_EXPECT_RC(ginet_peername(ls, &n), GINET_ENOTCONN);
    int port = -1;
    TT_EXPECT_RC(ginet_port(ls, &port), 0);
    CU_ASSERT_EQUAL(port, 0);
    CU_ASSERT(file_exists(path));
    /* The file is there: binding it again is eaddrinuse (OTP). */
    TT_EXPECT_RC(tl_listen(path, NULL, NULL, &ls2), GINET_EADDRINUSE);
    tt_drop(ls2);
    tt_drop(ls);
    CU_ASSERT(file_exists(path));
    unlink(path);

    snprintf(more, sizeof more, "{ip,{local,%s}}", tl_binary(bin, sizeof bin, path, strlen(path)));
    if (TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, more), NULL, &ls), 0)) {
        TT_EXPECT_RC(ginet_sockname(ls, &n), 0);
        CU_ASSERT(is_local(&n, path, strlen(path)));
        tt_drop(ls);
    }
    unlink(path);
}

/* {packet,2} with {active,N}: N messages, then tcp_passive; more after
 * setopts; tcp_closed when the peer goes. */
static void test_active_n(void)
{
    char path[108];
    tl_path(path, sizeof path);
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *c, *a;
    if (mb == NULL || tl_pair(path, "binary,{packet,2}", NULL,
                              "binary,{packet,2},{active,3}", mb, &c, &a) != 0) {
        ginet_mailbox_free(mb);
        unlink(path);
        return;
    }
    unlink(path);                              /* connected: the file is no longer needed */
    static const char *words[] = { "one", "two", "three", "four", "five" };
    for (int i = 0; i < 5; i++)
        TT_EXPECT_RC(ginet_send(c, words[i], strlen(words[i])), 0);
    TA_EXPECT_STR(mb, a, "one");
    TA_EXPECT_STR(mb, a, "two");
    TA_EXPECT_STR(mb, a, "three");
    TA_EXPECT_PASSIVE(mb, a);
    TA_EXPECT_NONE(mb, 50);
    TA_EXPECT_ACTIVE(a, "[{active,false}]");
    TT_EXPECT_RC(ginet_setopts(a, "[{active,2}]"), 0);
    TA_EXPECT_STR(mb, a, "four");
    TA_EXPECT_STR(mb, a, "five");
    TA_EXPECT_PASSIVE(mb, a);
    TT_EXPECT_RC(ginet_setopts(a, "[{active,once}]"), 0);
    TT_EXPECT_RC(ginet_close(c), 0);
    TA_EXPECT_CLOSED(mb, a);
    tt_drop(c);
    tt_drop(a);
    ginet_mailbox_free(mb);
}

/* Linux abstract names: {local, <<0, Name>>} binds no file; sockname and
 * peername give the name back with its NUL; an empty path autobinds to
 * an abstract name of 5 hex digits (OTP: {local,<<0,"3cb4d">>}). */
static void test_abstract(void)
{
#ifndef __linux__
    GINET_SKIP("abstract addresses are Linux only");
#else
    char name[64], bin[400], more[512], opts[700];
    size_t len = tl_abstract(name, sizeof name);
    snprintf(more, sizeof more, "local,binary,{packet,2},{active,false},{ifaddr,{local,%s}}",
             tl_binary(bin, sizeof bin, name, len));
    ginet_socket *ls = NULL, *c = NULL, *a = NULL;
    if (!TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, more), NULL, &ls), 0))
        return;
    ginet_sockaddr n, target;
    TT_EXPECT_RC(ginet_sockname(ls, &n), 0);
    CU_ASSERT(is_local(&n, name, len));
    TT_EXPECT_RC(ginet_sockaddr_local(&target, name, len), 0);
    ginet_optlist *ol = NULL;
    ol = tl_optlist(tt_opts(opts, sizeof opts, "binary,{packet,2},{active,false}"));
    if (TT_EXPECT_RC(ginet_tcp_connect_addr(&target, ol, TT_WAIT, NULL, &c), 0)
        && TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0)) {
        TT_EXPECT_RC(ginet_peername(c, &n), 0);
        CU_ASSERT(is_local(&n, name, len));
        TT_EXPECT_RC(ginet_sockname(a, &n), 0);
        CU_ASSERT(is_local(&n, name, len));
        TT_EXPECT_RC(ginet_peername(a, &n), 0);
        CU_ASSERT(is_local(&n, "", 0));
        TT_EXPECT_RC(ginet_send(c, "abstract", 8), 0);
        ginet_msg *m = NULL;
        if (TT_EXPECT_RC(ginet_recv(a, 0, TT_WAIT, &m), 0))
            TT_EXPECT_DATA(m, "abstract", 8);
        ginet_msg_free(m);
        /* The name as OTP's ~w shows it, and as i/0 prints it. */
        ginet_term_arena *ar = ginet_term_arena_new();
        char text[256], want[300];
        ginet_term *t = ginet_sockaddr_term(ar, &target);
        CU_ASSERT_PTR_NOT_NULL(t);
        if (t != NULL) {
            ginet_term_format(t, text, sizeof text);
            snprintf(want, sizeof want, "{local,%s}", tl_binary(bin, sizeof bin, name, len));
            CU_ASSERT_STRING_EQUAL(text, want);
        }
        ginet_term_arena_free(ar);
        CU_ASSERT(ginet_sockaddr_format(&target, text, sizeof text) > 0);
        snprintf(want, sizeof want, "local:\\000%s", name + 1);
        CU_ASSERT_STRING_EQUAL(text, want);
        /* i/0's address column writes it the same way. */
        char *table = NULL;
        size_t tlen = 0;
        FILE *f = open_memstream(&table, &tlen);
        if (f != NULL) {
            TT_EXPECT_RC(ginet_i(f, "tcp", "[module,local_address]"), 0);
            fclose(f);
            snprintf(want, sizeof want, "local_tcp local:\\000%s", name + 1);
            CU_ASSERT_PTR_NOT_NULL(strstr(table, want));
            if (strstr(table, want) == NULL)
                printf("%s", table);
            free(table);
        }
    }
    ginet_optlist_free(ol);
    tt_drop(a);
    tt_drop(c);
    tt_drop(ls);
    /* Closed: nobody listens on the name any more (OTP: econnrefused). */
    ginet_optlist *ol2 = NULL;
    ol2 = tl_optlist(tt_opts(opts, sizeof opts, NULL));
    c = NULL;
    TT_EXPECT_RC(ginet_tcp_connect_addr(&target, ol2, TT_WAIT, NULL, &c), GINET_ECONNREFUSED);
    tt_drop(c);
    ginet_optlist_free(ol2);

    /* {local, ""}: autobind. */
    ls = NULL;
    if (TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, "local,{ifaddr,{local,\"\"}}"),
                                      NULL, &ls), 0)) {
        TT_EXPECT_RC(ginet_sockname(ls, &n), 0);
        CU_ASSERT(n.family == GINET_AF_LOCAL && n.u.local.len == 6 && n.u.local.path[0] == 0);
        tt_drop(ls);
    }
#endif
}

/* Try listen on {local, PATH} (LEN bytes) and connect to it while the
 * listener is open, expecting LWANT and CWANT. */
static void try_len(const void *path, size_t len, int lwant, int cwant, int line)
{
    char bin[700], more[800], opts[900];
    snprintf(more, sizeof more, "local,{ifaddr,{local,%s}}", tl_binary(bin, sizeof bin, path, len));
    ginet_socket *ls = NULL, *c = NULL;
    int rc = ginet_tcp_listen(0, tt_opts(opts, sizeof opts, more), NULL, &ls);
    if (rc != lwant)
        printf("line %d: listen on %zu bytes\n", line, len);
    TT_EXPECT_RC(rc, lwant);
    ginet_sockaddr a;
    ginet_optlist *ol = NULL;
    ol = tl_optlist(tt_opts(opts, sizeof opts, "local"));
    rc = ginet_sockaddr_local(&a, path, len);
    if (rc == 0)
        rc = ginet_tcp_connect_addr(&a, ol, TT_WAIT, NULL, &c);
    if (rc != cwant)
        printf("line %d: connect to %zu bytes\n", line, len);
    TT_EXPECT_RC(rc, cwant);
    ginet_optlist_free(ol);
    tt_drop(c);
    tt_drop(ls);
    if (len > 0 && ((const char *)path)[0] != 0) {
        char z[400];
        memcpy(z, path, len);
        z[len] = 0;
        unlink(z);
    }
}

/* Path lengths, as OTP 25 answers on Linux (sun_path is 108 bytes):
 * a path of up to 107 bytes works (it needs its NUL), 108 and more is
 * einval on listen and on connect; an abstract name may use all 108
 * bytes; more than 108 bytes does not fit a ginet_sockaddr at all
 * (enametoolong from ginet_sockaddr_local). */
static void test_path_lengths(void)
{
    char p[400], abs_[400];
    memset(p, 'x', sizeof p);
    snprintf(p, sizeof p, "/tmp/ginet-lt-%ld-", (long)getpid());
    p[strlen(p)] = 'x';
    memset(abs_, 'a', sizeof abs_);
    abs_[0] = 0;
    memcpy(abs_ + 1, p + 5, 20);               /* unique per process */
    try_len(p, 106, 0, 0, __LINE__);
    try_len(p, 107, 0, 0, __LINE__);
    try_len(p, 108, GINET_EINVAL, GINET_EINVAL, __LINE__);
    try_len(p, 109, GINET_EINVAL, GINET_ENAMETOOLONG, __LINE__);
    try_len(p, 300, GINET_EINVAL, GINET_ENAMETOOLONG, __LINE__);
#ifdef __linux__
    try_len(abs_, 108, 0, 0, __LINE__);
    try_len(abs_, 109, GINET_EINVAL, GINET_ENAMETOOLONG, __LINE__);
#endif
    /* Connecting to nothing: enoent for a path, econnrefused for a name
     * nobody listens on. */
    char path[108], opts[700];
    ginet_socket *c = NULL;
    TT_EXPECT_RC(ginet_tcp_connect(tl_path(path, sizeof path), 0,
                                   tt_opts(opts, sizeof opts, "local"), TT_WAIT, NULL, &c),
                 GINET_ENOENT);
    tt_drop(c);
    ginet_sockaddr a;
    TT_EXPECT_RC(ginet_sockaddr_local(&a, p, 109), GINET_ENAMETOOLONG);
    TT_EXPECT_RC(ginet_sockaddr_local(NULL, p, 1), GINET_EINVAL);
}

/* Addresses and ports OTP refuses: a non-zero port (OTP: function_clause
 * in local_tcp:getserv), an empty path on connect (badarg), `local`
 * without an address on listen (einval), mixed families (badarg). */
static void test_bad_addresses(void)
{
    char path[108], opts[700], more[512];
    tl_path(path, sizeof path);
    ginet_socket *s = NULL;
    snprintf(more, sizeof more, "local,{ifaddr,{local,\"%s\"}}", path);
    TT_EXPECT_RC(ginet_tcp_listen(7, tt_opts(opts, sizeof opts, more), NULL, &s), GINET_EINVAL);
    tt_drop(s);
    s = NULL;
    CU_ASSERT(!file_exists(path));
    TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, "local"), NULL, &s), GINET_EINVAL);
    tt_drop(s);
    s = NULL;
    TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, "local,{ip,{127,0,0,1}}"),
                                  NULL, &s), GINET_EINVAL);
    tt_drop(s);
    s = NULL;
    snprintf(more, sizeof more, "inet,{ifaddr,{local,\"%s\"}}", path);
    TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, more), NULL, &s), GINET_EINVAL);
    tt_drop(s);
    s = NULL;

    ginet_socket *ls = NULL;
    if (!TT_EXPECT_RC(tl_listen(path, NULL, NULL, &ls), 0))
        return;
    TT_EXPECT_RC(ginet_tcp_connect(path, 7, tt_opts(opts, sizeof opts, "local"), TT_WAIT, NULL, &s),
                 GINET_EINVAL);
    tt_drop(s);
    s = NULL;
    TT_EXPECT_RC(ginet_tcp_connect("", 0, tt_opts(opts, sizeof opts, "local"), TT_WAIT, NULL, &s),
                 GINET_EINVAL);
    tt_drop(s);
    s = NULL;
    ginet_sockaddr a;
    ginet_optlist *ol = NULL;
    TT_EXPECT_RC(ginet_sockaddr_local(&a, path, strlen(path)), 0);
    a.port = 7;
    TT_EXPECT_RC(ginet_tcp_connect_addr(&a, NULL, TT_WAIT, NULL, &s), GINET_EINVAL);
    tt_drop(s);
    s = NULL;
    a.port = 0;
    ol = tl_optlist(tt_opts(opts, sizeof opts, "inet"));
    TT_EXPECT_RC(ginet_tcp_connect_addr(&a, ol, TT_WAIT, NULL, &s), GINET_EINVAL);
    tt_drop(s);
    s = NULL;
    ginet_optlist_free(ol);
    ol = NULL;
    ol = tl_optlist(tt_opts(opts, sizeof opts, "{tos,8}"));
    TT_EXPECT_RC(ginet_tcp_connect_addr(&a, ol, TT_WAIT, NULL, &s), GINET_EINVAL);
    tt_drop(s);
    s = NULL;
    ginet_optlist_free(ol);
    /* With the typed call the `local` option is not needed: the address
     * says it, as gen_tcp:connect({local,P}, 0, []). */
    if (TT_EXPECT_RC(ginet_tcp_connect_addr(&a, NULL, TT_WAIT, NULL, &s), 0)) {
        ginet_socket *x = NULL;
        TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &x), 0);
        tt_drop(x);
    }
    tt_drop(s);
    tt_drop(ls);
    unlink(path);
}

/* Options on a local stream socket, as OTP 25's inet backend answers:
 * nodelay is accepted and ignored (the spec's note) and getopts leaves it
 * out, as it does tos, tclass, nopush and ipv6_v6only; setting tos,
 * tclass or ipv6_v6only is einval; the socket-level options work. */
static void test_options(void)
{
    char path[108], opts[700], *text = NULL;
    tl_path(path, sizeof path);
    ginet_socket *c, *a;
    if (tl_pair(path, "{nodelay,true}", NULL, "{nodelay,true}", NULL, &c, &a) != 0) {
        unlink(path);
        return;
    }
    unlink(path);
    TT_EXPECT_RC(ginet_setopts(c, "[{nodelay,true}]"), 0);
    TT_EXPECT_RC(ginet_setopts(c, "[{nodelay,false}]"), 0);
    TT_EXPECT_RC(ginet_setopts(c, "[{nopush,true}]"), 0);
    TT_EXPECT_RC(ginet_setopts(c, "[{nopush,false}]"), 0);
    if (TT_EXPECT_RC(ginet_getopts_text(c, "[nodelay,tos,tclass,nopush,ipv6_v6only]", &text), 0))
        CU_ASSERT_STRING_EQUAL(text, "[]");
    free(text);
    text = NULL;
    TT_EXPECT_RC(ginet_setopts(c, "[{tos,8}]"), GINET_EINVAL);
    TT_EXPECT_RC(ginet_setopts(c, "[{tclass,8}]"), GINET_EINVAL);
    TT_EXPECT_RC(ginet_setopts(c, "[{ipv6_v6only,true}]"), GINET_EINVAL);
    TT_EXPECT_RC(ginet_setopts(c, "[{keepidle,10}]"), GINET_EINVAL);   /* TCP-level */
    TT_EXPECT_RC(ginet_setopts(c, "[{recvtos,true}]"), GINET_EINVAL);
    TT_EXPECT_RC(ginet_setopts(c, "[{multicast_if,{127,0,0,1}}]"), GINET_EINVAL);
    TT_EXPECT_RC(ginet_setopts(c, "[{multicast_ttl,2},{multicast_loop,true},{broadcast,true}]"), 0);
    if (TT_EXPECT_RC(ginet_getopts_text(c, "[multicast_ttl,multicast_loop,recvtos,broadcast]",
                                        &text), 0))
        CU_ASSERT_STRING_EQUAL(text, "[{broadcast,true}]");
    free(text);
    text = NULL;
    if (TT_EXPECT_RC(ginet_getopts_text(c, "[keepcnt,keepidle,keepintvl]", &text), 0))
        CU_ASSERT_STRING_EQUAL(text, "[]");
    free(text);
    text = NULL;
    TT_EXPECT_RC(ginet_setopts(c, "[{keepalive,true},{linger,{true,1}},{priority,3},"
                                  "{recbuf,8192},{sndbuf,8192},{reuseaddr,true},"
                                  "{dontroute,true},{send_timeout,1000}]"), 0);
    if (TT_EXPECT_RC(ginet_getopts_text(c, "[keepalive,linger,priority,reuseaddr,dontroute,"
                                           "send_timeout,delay_send]", &text), 0))
        CU_ASSERT_STRING_EQUAL(text, "[{keepalive,true},{linger,{true,1}},{priority,3},"
                                     "{reuseaddr,true},{dontroute,true},{send_timeout,1000},"
                                     "{delay_send,false}]");
    free(text);
    text = NULL;
    if (TT_EXPECT_RC(ginet_getopts_text(a, "[recbuf]", &text), 0))
        CU_ASSERT(strncmp(text, "[{recbuf,", 9) == 0);
    free(text);
    /* The connection still works after all that. */
    TT_EXPECT_RC(ginet_send(c, "ok", 2), 0);
    char buf[2];
    if (TT_EXPECT_RC(tt_recv_raw(a, buf, 2), 0))
        CU_ASSERT(memcmp(buf, "ok", 2) == 0);
    tt_drop(c);
    tt_drop(a);

    /* Creation: {tos,_} is einval on listen, like OTP. */
    ginet_socket *ls = NULL;
    tl_path(path, sizeof path);
    TT_EXPECT_RC(tl_listen(path, "{tos,8}", NULL, &ls), GINET_EINVAL);
    tt_drop(ls);
    unlink(path);
    (void)opts;
}

/* {fd, F}: a connected unix descriptor is adopted; its unnamed ends read
 * {local, <<>>}; closing the ginet socket closes the descriptor. */
static void test_fd_adopt(void)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        CU_FAIL("socketpair");
        return;
    }
    char extra[64], opts[256];
    snprintf(extra, sizeof extra, "local,{fd,%d},{packet,2},binary,{active,false}", sv[0]);
    ginet_socket *s = NULL;
    if (!TT_EXPECT_RC(ginet_tcp_connect("unused", 0, tt_opts(opts, sizeof opts, extra), TT_WAIT,
                                        NULL, &s), 0)) {
        close(sv[0]);
        close(sv[1]);
        return;
    }
    ginet_sockaddr n;
    TT_EXPECT_RC(ginet_sockname(s, &n), 0);
    CU_ASSERT(is_local(&n, "", 0));
    TT_EXPECT_RC(ginet_peername(s, &n), 0);
    CU_ASSERT(is_local(&n, "", 0));
    intptr_t fd = -1;
    TT_EXPECT_RC(ginet_getfd(s, &fd), 0);
    CU_ASSERT_EQUAL(fd, sv[0]);
    TT_EXPECT_RC(ginet_send(s, "abc", 3), 0);
    uint8_t buf[5];
    int got = tt_read_full(sv[1], buf, 5) == 0;
    CU_ASSERT(got && memcmp(buf, "\0\3abc", 5) == 0);
    tt_write_full(sv[1], "\0\2hi", 4);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "hi", 2);
    ginet_msg_free(m);
    tt_drop(s);
    char c;
    CU_ASSERT_EQUAL(read(sv[1], &c, 1), 0);     /* the descriptor was closed */
    close(sv[1]);

    /* A bound unix descriptor becomes a listener. */
    char path[108];
    tl_path(path, sizeof path);
    struct sockaddr_un un;
    memset(&un, 0, sizeof un);
    un.sun_family = AF_UNIX;
    memcpy(un.sun_path, path, strlen(path) + 1);
    int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&un, sizeof un) != 0) {
        CU_FAIL("POSIX bind");
        if (lfd >= 0)
            close(lfd);
        unlink(path);
        return;
    }
    snprintf(extra, sizeof extra, "local,{fd,%d}", lfd);
    ginet_socket *ls = NULL, *x = NULL, *y = NULL;
    if (TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, extra), NULL, &ls), 0)) {
        TT_EXPECT_RC(ginet_sockname(ls, &n), 0);
        CU_ASSERT(is_local(&n, path, strlen(path)));
        if (TT_EXPECT_RC(ginet_tcp_connect(path, 0, tt_opts(opts, sizeof opts, "local"), TT_WAIT,
                                           NULL, &x), 0)
            && TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &y), 0)) {
            TT_EXPECT_RC(ginet_send(x, "z", 1), 0);
            TT_EXPECT_RC(tt_recv_raw(y, &c, 1), 0);
            CU_ASSERT_EQUAL(c, 'z');
        }
        tt_drop(y);
        tt_drop(x);
        tt_drop(ls);
    } else {
        close(lfd);
    }
    unlink(path);
}

/* The burst: COUNT {packet,2} messages of random lengths (0..LMAX) sent
 * by a thread, delivered with {active,N} refills; every message arrives
 * once, in order, every byte as sent. */
#define BURST_COUNT 20000
#define BURST_LMAX 1500

struct burst {
    ginet_socket *c;
    int result;
};

static void burst_msg(uint32_t i, uint8_t *buf, size_t *len)
{
    tt_rng r;
    tt_rng_seed(&r, 0x10ca1u + i);
    *len = tt_rand_range(&r, 0, BURST_LMAX);
    ta_fill_pattern(buf, *len, i, 0);
}

static void *burst_sender(void *arg)
{
    struct burst *b = arg;
    uint8_t buf[BURST_LMAX];
    for (uint32_t i = 0; i < BURST_COUNT; i++) {
        size_t len;
        burst_msg(i, buf, &len);
        int rc = ginet_send(b->c, buf, len);
        if (rc != 0) {
            b->result = rc;
            return NULL;
        }
    }
    b->result = 0;
    return NULL;
}

static void test_burst(void)
{
    char path[108];
    tl_path(path, sizeof path);
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *c, *a;
    if (mb == NULL || tl_pair(path, "binary,{packet,2},{active,false}", NULL,
                              "binary,{packet,2},{active,100}", mb, &c, &a) != 0) {
        ginet_mailbox_free(mb);
        unlink(path);
        return;
    }
    unlink(path);
    struct burst b = { c, -1 };
    tt_thread t;
    if (tt_thread_start(&t, burst_sender, &b) != 0) {
        CU_FAIL("thread");
        tt_drop(c);
        tt_drop(a);
        ginet_mailbox_free(mb);
        return;
    }
    uint32_t got = 0, bad = 0, passive = 0;
    uint8_t want[BURST_LMAX];
    long long deadline = tt_now_ms() + 30000;
    while (got < BURST_COUNT && tt_now_ms() < deadline) {
        ginet_msg *m = NULL;
        if (ginet_receive(mb, TT_WAIT, &m) != 0)
            break;
        if (m->kind == GINET_MSG_TCP) {
            size_t len;
            burst_msg(got, want, &len);
            if (m->len != len || (len > 0 && memcmp(m->data, want, len) != 0))
                bad++;
            got++;
        } else if (m->kind == GINET_MSG_TCP_PASSIVE) {
            passive++;
            ginet_setopts(a, "[{active,100}]");
        } else {
            ginet_msg_free(m);
            break;
        }
        ginet_msg_free(m);
    }
    tt_thread_join_close(&t, TT_WAIT, c);
    CU_ASSERT_EQUAL(b.result, 0);
    CU_ASSERT_EQUAL(got, BURST_COUNT);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(passive >= BURST_COUNT / 100 - 1);
    if (got != BURST_COUNT || bad != 0)
        printf("burst: %u of %u messages, %u bad, %u passive\n", got, BURST_COUNT, bad, passive);
    tt_drop(c);
    tt_drop(a);
    ginet_mailbox_free(mb);
}

/* The address helpers: ginet_sockaddr_format (i/0 style) and the ~w term
 * of sockname's answer. */
static void test_format(void)
{
    ginet_sockaddr a;
    char text[300];
    TT_EXPECT_RC(ginet_sockaddr_local(&a, "/tmp/x.sock", 11), 0);
    CU_ASSERT_EQUAL(ginet_sockaddr_format(&a, text, sizeof text), 17);
    CU_ASSERT_STRING_EQUAL(text, "local:/tmp/x.sock");
    ginet_term_arena *ar = ginet_term_arena_new();
    ginet_term *t = ginet_sockaddr_term(ar, &a);
    CU_ASSERT_PTR_NOT_NULL(t);
    if (t != NULL) {
        ginet_term_format(t, text, sizeof text);
        CU_ASSERT_STRING_EQUAL(text, "{local,<<47,116,109,112,47,120,46,115,111,99,107>>}");
    }
    TT_EXPECT_RC(ginet_sockaddr_local(&a, NULL, 0), 0);
    t = ginet_sockaddr_term(ar, &a);
    if (t != NULL) {
        ginet_term_format(t, text, sizeof text);
        CU_ASSERT_STRING_EQUAL(text, "{local,<<>>}");
    }
    memset(&a, 0, sizeof a);
    a.family = GINET_AF_UNSPEC;
    t = ginet_sockaddr_term(ar, &a);
    if (t != NULL) {
        ginet_term_format(t, text, sizeof text);
        CU_ASSERT_STRING_EQUAL(text, "{unspec,<<>>}");
    }
    memset(&a, 0, sizeof a);
    a.family = GINET_AF_INET;
    a.u.ip.family = GINET_AF_INET;
    a.u.ip.u.v4[0] = 127;
    a.u.ip.u.v4[3] = 1;
    a.port = 80;
    t = ginet_sockaddr_term(ar, &a);
    if (t != NULL) {
        ginet_term_format(t, text, sizeof text);
        CU_ASSERT_STRING_EQUAL(text, "{{127,0,0,1},80}");
    }
    CU_ASSERT_PTR_NULL(ginet_sockaddr_term(ar, NULL));
    ginet_term_arena_free(ar);
}

/* inet:i() lists local sockets as OTP 25 does: module local_tcp, the
 * listener "local:PATH" to "*:*", the client "local:" to "local:PATH". */
static void test_i_table(void)
{
    char path[108];
    tl_path(path, sizeof path);
    ginet_socket *ls = NULL, *c = NULL, *a = NULL;
    if (!TT_EXPECT_RC(tl_listen(path, NULL, NULL, &ls), 0)) {
        unlink(path);
        return;
    }
    char opts[256], want[300];
    if (TT_EXPECT_RC(ginet_tcp_connect(path, 0, tt_opts(opts, sizeof opts, "local"), TT_WAIT,
                                       NULL, &c), 0)
        && TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0)) {
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        if (f != NULL) {
            TT_EXPECT_RC(ginet_i(f, "tcp", "[module,local_address,foreign_address]"), 0);
            fclose(f);
            snprintf(want, sizeof want, "local_tcp local:%s *:* ", path);
            CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
            snprintf(want, sizeof want, "local_tcp local:%*s local:%s ", (int)strlen(path), "",
                     path);
            CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
            if (strstr(text, want) == NULL)
                printf("%s", text);
            free(text);
        }
    }
    tt_drop(a);
    tt_drop(c);
    tt_drop(ls);
    unlink(path);
}

const ginet_test_case tt_local_cases[] = {
    { "listen_connect", test_listen_connect },
    { "listener_addresses", test_listener_addresses },
    { "active_n", test_active_n },
    { "abstract", test_abstract },
    { "path_lengths", test_path_lengths },
    { "bad_addresses", test_bad_addresses },
    { "options", test_options },
    { "fd_adopt", test_fd_adopt },
    { "burst", test_burst },
    { "format", test_format },
    { "i_table", test_i_table },
    { NULL, NULL }
};
