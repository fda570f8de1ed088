/*
 * tests/socket/tcp_netns.c — suite "tcp_netns[B]": the options used when
 * a socket is created.  {netns, Path} in a network namespace the test
 * makes (root only: "ip netns add ginet-test-<pid>", loopback up, deleted
 * again whatever happens), {bind_to_device, <<"lo">>}, {fd, F} with an
 * unconnected descriptor, {ip, A} and {ifaddr, A} (the last of the two
 * wins) on listen and connect.
 *
 * Answers read from OTP 25 (escripts; namespaces made with ip netns).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "tests/socket/tcp_active.h"
#include "tests/socket/netns_fixture.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* ------------------------------------------------------------ namespace */

/* A namespace with loopback up (netns_fixture.c); NULL, or why not. */
static const char *ns_create(void)
{
    return tt_netns_create("test", NULL, NULL);
}

/* OTP 25 (root), a namespace with loopback up:
 *   gen_tcp:listen(0, [{netns,Path},{ip,{127,0,0,1}}]) -> ok
 *   getopts(L, [netns]) -> [{netns,Path}]
 *   connect 127.0.0.1:Port from outside -> {error,econnrefused}
 *   connect with {netns,list_to_binary(Path)} -> ok, accept -> ok,
 *   send <<"inside">> -> the accepted socket receives it. */
static void test_netns(void)
{
    const char *why = ns_create();
    if (why != NULL)
        GINET_SKIP("%s", why);
    ginet_socket *ls = NULL, *c = NULL, *a = NULL;
    char extra[256], opts[384];
    snprintf(extra, sizeof extra, "binary,{netns,\"%s\"},{ip,{127,0,0,1}}", tt_ns_path);
    int port = 0;
    if (!TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, extra), NULL, &ls), 0))
        goto out;
    TT_EXPECT_RC(ginet_port(ls, &port), 0);
    char want[256];
    snprintf(want, sizeof want, "[{netns,\"%s\"}]", tt_ns_path);
    char *text = NULL;
    int rc = ginet_getopts_text(ls, "[netns]", &text);
    if (rc == 0 && strcmp(text, want) != 0)
        printf("[getopts netns: %s, OTP %s] ", text, want);
    else if (rc != 0)
        printf("[getopts netns: %s, OTP %s] ", ginet_error_atom(rc), want);
    free(text);

    /* From outside: nobody listens on that port in our namespace. */
    rc = ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, NULL), TT_WAIT, NULL, &c);
    if (rc == 0) {
        ginet_socket *x = NULL;
        TT_EXPECT_RC(ginet_tcp_accept(ls, 200, &x), GINET_ETIMEOUT);   /* someone else's */
        tt_drop(x);
        tt_drop(c);
        c = NULL;
    } else {
        TT_EXPECT_RC(rc, GINET_ECONNREFUSED);
    }

    /* From inside (the path as a binary this time). */
    snprintf(extra, sizeof extra, "binary,{netns,<<\"%s\">>}", tt_ns_path);
    if (!TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, extra),
                                        TT_WAIT, NULL, &c), 0))
        goto out;
    if (!TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0))
        goto out;
    TT_EXPECT_RC(ginet_send(c, "inside", 6), 0);
    char b[8];
    if (TT_EXPECT_RC(tt_recv_raw(a, b, 6), 0))
        CU_ASSERT(memcmp(b, "inside", 6) == 0);
    /* Active delivery works the same in there. */
    ginet_mailbox *mb = ginet_mailbox_new();
    TT_EXPECT_RC(ginet_controlling_process(c, mb), 0);
    TT_EXPECT_RC(ginet_setopts(c, "[{active,true}]"), 0);
    TT_EXPECT_RC(ginet_send(a, "back", 4), 0);
    TA_EXPECT_STR(mb, c, "back");
    TT_EXPECT_RC(ginet_close(a), 0);
    TA_EXPECT_CLOSED(mb, c);
    ginet_mailbox_free(mb);
out:
    tt_drop(a);
    tt_drop(c);
    tt_drop(ls);
    tt_netns_delete();
}

/* OTP 25: {netns,"/nonexistent"} -> {error,enoent};
 * {netns,"/etc/hostname"} (not a namespace) -> {error,einval}. */
static void test_netns_errors(void)
{
    ginet_socket *ls = NULL;
    char opts[256];
    TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, "{netns,\"/nonexistent\"}"), NULL,
                                  &ls), GINET_ENOENT);
    tt_drop(ls);
    ls = NULL;
    if (access("/etc/hostname", R_OK) == 0) {
        TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, "{netns,\"/etc/hostname\"}"),
                                      NULL, &ls), GINET_EINVAL);
        tt_drop(ls);
    }
}

/* --------------------------------------------------------- bind_to_device */

static int bound_device(int fd, char *name, size_t cap)
{
    socklen_t len = (socklen_t)cap;
    memset(name, 0, cap);
    return fd >= 0 && getsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, &len) == 0 ? 0 : -1;
}

/* OTP 25: listen and connect with {bind_to_device,<<"lo">>} over
 * 127.0.0.1 work; getopts(S, [bind_to_device]) -> [{bind_to_device,
 * <<"lo">>}] on both; {bind_to_device,<<"nosuchdev0">>} -> {error,
 * einval}; <<>> -> ok (not bound).  The kernel's SO_BINDTODEVICE on the
 * descriptors reads "lo". */
static void test_bind_to_device(void)
{
    ginet_socket *ls = NULL, *c = NULL, *a = NULL;
    char opts[256];
    int port = 0;
    int rc = ginet_tcp_listen(0, tt_opts(opts, sizeof opts,
                                         "binary,{bind_to_device,<<\"lo\">>},{ip,{127,0,0,1}}"),
                              NULL, &ls);
    if (rc == GINET_EPERM || rc == GINET_EACCES)
        GINET_SKIP("SO_BINDTODEVICE is not permitted here (%s)", ginet_error_atom(rc));
    if (!TT_EXPECT_RC(rc, 0))
        return;
    TT_EXPECT_RC(ginet_port(ls, &port), 0);
    if (TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port,
                                       tt_opts(opts, sizeof opts, "binary,{bind_to_device,<<\"lo\">>}"),
                                       TT_WAIT, NULL, &c), 0)
        && TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0)) {
        char dev[32];
        CU_ASSERT(bound_device(tt_native_fd(c), dev, sizeof dev) == 0 && strcmp(dev, "lo") == 0);
        CU_ASSERT(bound_device(tt_native_fd(ls), dev, sizeof dev) == 0 && strcmp(dev, "lo") == 0);
        TT_EXPECT_RC(ginet_send(c, "dev", 3), 0);
        char b[4];
        if (TT_EXPECT_RC(tt_recv_raw(a, b, 3), 0))
            CU_ASSERT(memcmp(b, "dev", 3) == 0);
    }
    tt_drop(a);
    tt_drop(c);
    tt_drop(ls);

    ls = NULL;
    rc = ginet_tcp_listen(0, tt_opts(opts, sizeof opts, "{bind_to_device,<<>>}"), NULL, &ls);
    TT_EXPECT_RC(rc, 0);
    tt_drop(ls);
}

/* OTP 25:
 *   listen([{bind_to_device,<<"lo">>},{ip,{127,0,0,1}}]), getopts ->
 *     [{bind_to_device,<<"lo">>}]; without the option -> <<>>
 *   listen([{bind_to_device,<<"nosuchdev0">>}]) -> {error,einval}
 *   setopts(L, [{bind_to_device,<<"nosuchdev0">>}]) -> {error,einval};
 *   <<"lo">> -> ok, getopts <<"lo">>; <<>> -> ok, getopts <<>> */
static void test_bind_to_device_otp_answers(void)
{
    ginet_socket *ls = NULL;
    char opts[256];
    int rc = ginet_tcp_listen(0, tt_opts(opts, sizeof opts,
                                         "{bind_to_device,<<\"lo\">>},{ip,{127,0,0,1}}"),
                              NULL, &ls);
    if (rc == GINET_EPERM || rc == GINET_EACCES)
        GINET_SKIP("SO_BINDTODEVICE is not permitted here (%s)", ginet_error_atom(rc));
    if (TT_EXPECT_RC(rc, 0)) {
        TA_EXPECT_OPTS(ls, "[bind_to_device]", "[{bind_to_device,<<108,111>>}]");
        tt_drop(ls);
    }
    ls = NULL;
    if (TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, "{ip,{127,0,0,1}}"), NULL,
                                      &ls), 0)) {
        TA_EXPECT_OPTS(ls, "[bind_to_device]", "[{bind_to_device,<<>>}]");
        TT_EXPECT_RC(ginet_setopts(ls, "[{bind_to_device,<<\"nosuchdev0\">>}]"), GINET_EINVAL);
        TT_EXPECT_RC(ginet_setopts(ls, "[{bind_to_device,<<\"lo\">>}]"), 0);
        TA_EXPECT_OPTS(ls, "[bind_to_device]", "[{bind_to_device,<<108,111>>}]");
        TT_EXPECT_RC(ginet_setopts(ls, "[{bind_to_device,<<>>}]"), 0);
        TA_EXPECT_OPTS(ls, "[bind_to_device]", "[{bind_to_device,<<>>}]");
        tt_drop(ls);
    }
    ls = NULL;
    TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts,
                                             "{bind_to_device,<<\"nosuchdev0\">>}"), NULL, &ls),
                 GINET_EINVAL);
    tt_drop(ls);
}

/* ------------------------------------------------------------------ fd */

/* OTP 25: a fresh unconnected socket (socket:open, its {otp,fd}) given as
 * {fd,F} to gen_tcp:connect -> connected, sockname 127.0.0.1.  The ginet
 * socket uses that very descriptor and closing it closes the
 * descriptor. */
static void test_fd_unconnected(void)
{
    ginet_socket *ls, *c = NULL, *a = NULL;
    int port;
    if (!TT_EXPECT_RC(tt_listen(NULL, 0, &ls, &port), 0))
        return;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    char extra[64], opts[256];
    snprintf(extra, sizeof extra, "binary,{fd,%d}", fd);
    if (fd >= 0 && TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, extra),
                                                  TT_WAIT, NULL, &c), 0)) {
        CU_ASSERT_EQUAL(tt_native_fd(c), fd);
        ginet_sockaddr sn;
        TT_EXPECT_RC(ginet_sockname(c, &sn), 0);
        CU_ASSERT(sn.family == GINET_AF_INET && sn.u.ip.u.v4[0] == 127);
        if (TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0)) {
            TT_EXPECT_RC(ginet_send(a, "fd!", 3), 0);
            char b[4];
            if (TT_EXPECT_RC(tt_recv_raw(c, b, 3), 0))
                CU_ASSERT(memcmp(b, "fd!", 3) == 0);
        }
        TT_EXPECT_RC(ginet_close(c), 0);
        if (a != NULL) {                      /* the descriptor was the socket's */
            ginet_msg *m = NULL;
            TT_EXPECT_RC(ginet_recv(a, 0, TT_WAIT, &m), GINET_ECLOSED);
            ginet_msg_free(m);
        }
    } else if (fd >= 0) {
        close(fd);
    }
    tt_drop(a);
    tt_drop(c);
    tt_drop(ls);
}

/* ------------------------------------------------------------ ip, ifaddr */

static int sock_v4(ginet_socket *s, int last_octet, int any)
{
    ginet_sockaddr a;
    if (ginet_sockname(s, &a) != 0 || a.family != GINET_AF_INET)
        return 0;
    if (any)
        return memcmp(a.u.ip.u.v4, "\0\0\0\0", 4) == 0;
    return a.u.ip.u.v4[0] == 127 && a.u.ip.u.v4[1] == 0 && a.u.ip.u.v4[2] == 0
           && a.u.ip.u.v4[3] == last_octet;
}

/* OTP 25, gen_tcp:listen(0, Opts), sockname:
 *   [{ip,{127,0,0,2}}] -> 127.0.0.2     [{ifaddr,{127,0,0,3}}] -> 127.0.0.3
 *   [{ip,{127,0,0,2}},{ifaddr,{127,0,0,3}}] -> 127.0.0.3 (the last wins)
 *   [{ifaddr,{127,0,0,3}},{ip,{127,0,0,2}}] -> 127.0.0.2
 *   [{ip,loopback}] -> 127.0.0.1        [{ip,any}] -> 0.0.0.0
 *   [{ip,{10,255,255,1}}] -> {error,eaddrnotavail}
 * gen_tcp:connect({127,0,0,1}, P, Opts), sockname:
 *   [{ifaddr,{127,0,0,4}}] -> 127.0.0.4
 *   [{ip,{127,0,0,5}},{port,0}] -> 127.0.0.5   [{ip,loopback}] -> 127.0.0.1
 *   [{ip,{10,255,255,1}}] -> {error,eaddrnotavail} */
static void test_ip_ifaddr(void)
{
    static const struct {
        const char *opts;
        int octet, any, rc;
    } lcases[] = {
        { "{ip,{127,0,0,2}}", 2, 0, 0 },
        { "{ifaddr,{127,0,0,3}}", 3, 0, 0 },
        { "{ip,{127,0,0,2}},{ifaddr,{127,0,0,3}}", 3, 0, 0 },
        { "{ifaddr,{127,0,0,3}},{ip,{127,0,0,2}}", 2, 0, 0 },
        { "{ip,loopback}", 1, 0, 0 },
        { "{ip,any}", 0, 1, 0 },
        { "{ip,{10,255,255,1}}", 0, 0, GINET_EADDRNOTAVAIL },
    };
    char opts[256];
    for (size_t i = 0; i < sizeof lcases / sizeof lcases[0]; i++) {
        ginet_socket *ls = NULL;
        int rc = ginet_tcp_listen(0, tt_opts(opts, sizeof opts, lcases[i].opts), NULL, &ls);
        if (!TT_EXPECT_RC(rc, lcases[i].rc))
            printf("  listen %s\n", lcases[i].opts);
        if (rc == 0 && !sock_v4(ls, lcases[i].octet, lcases[i].any)) {
            printf("listen %s: wrong sockname\n", lcases[i].opts);
            CU_FAIL("listen sockname");
        }
        tt_drop(ls);
    }
    ginet_socket *ls;
    int port;
    if (!TT_EXPECT_RC(tt_listen(NULL, 0, &ls, &port), 0))
        return;
    static const struct {
        const char *opts;
        int octet, rc;
    } ccases[] = {
        { "{ifaddr,{127,0,0,4}}", 4, 0 },
        { "{ip,{127,0,0,5}},{port,0}", 5, 0 },
        { "{ip,loopback}", 1, 0 },
        { "{ip,{10,255,255,1}}", 0, GINET_EADDRNOTAVAIL },
    };
    for (size_t i = 0; i < sizeof ccases / sizeof ccases[0]; i++) {
        ginet_socket *c = NULL, *a = NULL;
        int rc = ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, ccases[i].opts),
                                   TT_WAIT, NULL, &c);
        if (!TT_EXPECT_RC(rc, ccases[i].rc))
            printf("  connect %s\n", ccases[i].opts);
        if (rc == 0) {
            if (!sock_v4(c, ccases[i].octet, 0)) {
                printf("connect %s: wrong sockname\n", ccases[i].opts);
                CU_FAIL("connect sockname");
            }
            if (TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0)) {
                ginet_sockaddr pn;
                CU_ASSERT(ginet_peername(a, &pn) == 0 && pn.u.ip.u.v4[3] == ccases[i].octet);
            }
        }
        tt_drop(a);
        tt_drop(c);
    }
    /* {ip,A},{port,P}: the local port is P. */
    int fixed = 0;
    {
        int probe = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in sin;
        memset(&sin, 0, sizeof sin);
        sin.sin_family = AF_INET;
        sin.sin_addr.s_addr = htonl(0x7f000006);
        socklen_t len = sizeof sin;
        if (probe >= 0 && bind(probe, (struct sockaddr *)&sin, sizeof sin) == 0
            && getsockname(probe, (struct sockaddr *)&sin, &len) == 0)
            fixed = ntohs(sin.sin_port);
        if (probe >= 0)
            close(probe);
    }
    if (fixed > 0) {
        char extra[64];
        snprintf(extra, sizeof extra, "{ip,{127,0,0,6}},{port,%d},{reuseaddr,true}", fixed);
        ginet_socket *c = NULL, *a = NULL;
        if (TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, extra),
                                           TT_WAIT, NULL, &c), 0)) {
            ginet_sockaddr sn;
            TT_EXPECT_RC(ginet_sockname(c, &sn), 0);
            CU_ASSERT_EQUAL(sn.port, fixed);
            CU_ASSERT(sock_v4(c, 6, 0));
            TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0);
        }
        tt_drop(a);
        tt_drop(c);
    }
    tt_drop(ls);
}

const ginet_test_case tt_netns_cases[] = {
    { "netns", test_netns },
    { "netns_errors", test_netns_errors },
    { "bind_to_device", test_bind_to_device },
    { "bind_to_device_otp_answers", test_bind_to_device_otp_answers },
    { "fd_unconnected", test_fd_unconnected },
    { "ip_ifaddr", test_ip_ifaddr },
    { NULL, NULL }
};
