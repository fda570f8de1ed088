/*
 * tools/cmd_udp.c — `ginet udp-echo` and `ginet send-udp`: a UDP echo
 * server on gen_udp's passive API, and a one-datagram sender that can
 * wait for the answer and print it as gen_udp:recv/3 returns it.
 *
 * udp-echo opens the socket, prints "PORT <n>" once it is bound, and
 * sends every datagram back to where it came from.  SIGINT or SIGTERM
 * closes the socket, which releases the blocked recv with `closed`; the
 * server prints "STOPPED <datagrams>" and exits 0.
 *
 * send-udp HOST PORT TEXT sends TEXT from a new socket (inet6 when HOST
 * is an IPv6 address); with --reply MS it waits that long for one
 * datagram and prints {ok,{IP,Port,[AncData,]Data}} as ~w (AncData when
 * --opts turned recvtos/recvttl/recvtclass on), or {error,timeout}.
 *
 * Local (unix) datagram sockets: `udp-echo --local PATH` serves on PATH
 * (printing "LOCAL PATH"), `send-udp --local PATH TEXT` sends from an
 * autobound abstract address, so that the echo can come back; "@NAME" is
 * an abstract name (tools/cli_local.c).  A reply from a local socket
 * prints as OTP's {ok,{{local,Path},0,Data}}.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L   /* sigwait */
#endif
#include "cli.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- udp-echo */

static void *stop_on_signal(void *arg)
{
    ginet_socket *s = arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int sig;
    while (sigwait(&set, &sig) != 0)
        ;
    ginet_close(s);
    return NULL;
}

int cli_udp_echo(int argc, char **argv)
{
    const char *cmd = "udp-echo";
    const char *opts_text = NULL, *backend = NULL, *local = NULL;
    long port = -1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--local") == 0 && i + 1 < argc) {
            local = argv[++i];
        } else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
            if (cli_parse_long(argv[++i], 0, 65535, &port) != 0)
                return cli_fail(cmd, "--port %s: not a port (0..65535)", argv[i]);
        } else if (strcmp(argv[i], "--opts") == 0 && i + 1 < argc) {
            opts_text = argv[++i];
        } else if (strcmp(argv[i], "--backend") == 0 && i + 1 < argc) {
            backend = argv[++i];
        } else {
            return cli_usage(cli_find(cmd));
        }
    }
    if ((port < 0) == (local == NULL))       /* one of --port and --local */
        return cli_usage(cli_find(cmd));
    ginet_optlist *opts;
    if (cli_socket_opts(cmd, backend, opts_text, &opts) != 0)
        return 1;
    if (local != NULL) {
        port = 0;
        if (cli_local_listen_opts(cmd, local, opts) != 0) {
            ginet_optlist_free(opts);
            return 1;
        }
    }
    /* The server is passive, whatever the options say after it. */
    ginet_optlist_add_active(opts, GINET_ACTIVE_FALSE, 0);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);  /* sigwait()ed by one thread */
    ginet_socket *s;
    int rc = ginet_udp_open_list((int)port, opts, NULL, &s);
    ginet_optlist_free(opts);
    if (rc != 0)
        return cli_fail(cmd, "%s: %s", ginet_error_atom(rc), ginet_last_error());
    cli_print_listening(s);
    pthread_t tid;
    if (pthread_create(&tid, NULL, stop_on_signal, s) != 0) {
        ginet_socket_release(s);
        return cli_fail(cmd, "cannot start the signal thread");
    }
    pthread_detach(tid);
    unsigned long long n = 0;
    for (;;) {
        ginet_msg *m;
        rc = ginet_udp_recv(s, 0, GINET_INFINITY, &m);
        if (rc == GINET_ECLOSED)
            break;
        if (rc != 0)
            continue;                        /* econnrefused and the like: go on */
        if (ginet_udp_send(s, &m->from, NULL, m->data, m->len) == 0)
            n++;
        ginet_msg_free(m);
    }
    printf("STOPPED %llu\n", n);
    fflush(stdout);
    ginet_socket_release(s);
    return 0;
}

/* ------------------------------------------------------------- send-udp */

/* A tuple of the COUNT terms at ITEMS (NULL if any is NULL). */
static ginet_term *tuple_of(ginet_term_arena *a, ginet_term **items, size_t count)
{
    ginet_term *t = ginet_term_tuple_new(a, count);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < count; i++) {
        if (items[i] == NULL)
            return NULL;
        t->u.seq.items[i] = items[i];
    }
    return t;
}

/* {ok,{IP,Port,[AncData,]Data}} for M, as ~w. */
static int print_reply(const ginet_msg *m)
{
    ginet_term_arena *a = ginet_term_arena_new();
    if (a == NULL)
        return 1;
    int64_t el[8];
    ginet_term *ip = NULL;
    int n = (m->from.family == GINET_AF_INET || m->from.family == GINET_AF_INET6)
                ? ginet_ip_address_to_tuple(&m->from.u.ip, el) : -1;
    if (n > 0) {
        ginet_term *items[8];
        for (int i = 0; i < n; i++)
            items[i] = ginet_term_int(a, el[i]);
        ip = tuple_of(a, items, (size_t)n);
    }
    if (ip == NULL && m->from.family == GINET_AF_LOCAL)
        ip = ginet_sockaddr_term(a, &m->from);   /* {local,Path}, port 0 */
    if (ip == NULL)
        ip = ginet_term_atomz(a, "undefined");
    ginet_term *parts[4];
    size_t k = 0;
    parts[k++] = ip;
    parts[k++] = ginet_term_int(a, m->from.port);
    if (m->anc.present != 0) {
        char text[64];
        ginet_term *anc = NULL;
        ginet_term_error err;
        ginet_udp_ancillary_format(&m->anc, text, sizeof text);
        if (ginet_term_parse(a, text, strlen(text), &anc, &err) != 0)
            anc = NULL;
        parts[k++] = anc;
    }
    parts[k++] = ginet_term_binary(a, m->data, m->len);
    ginet_term *body = tuple_of(a, parts, k);
    ginet_term *t = body != NULL ? ginet_term_tuple(a, 2, ginet_term_atomz(a, "ok"), body) : NULL;
    int rc = t != NULL ? cli_print_term(t) : 1;
    ginet_term_arena_free(a);
    return rc;
}

int cli_send_udp(int argc, char **argv)
{
    const char *cmd = "send-udp";
    const char *pos[3];
    int npos = 0;
    const char *opts_text = NULL, *backend = NULL, *local = NULL;
    long reply = -1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--local") == 0 && i + 1 < argc) {
            local = argv[++i];
        } else if (strcmp(argv[i], "--opts") == 0 && i + 1 < argc) {
            opts_text = argv[++i];
        } else if (strcmp(argv[i], "--backend") == 0 && i + 1 < argc) {
            backend = argv[++i];
        } else if (strcmp(argv[i], "--reply") == 0 && i + 1 < argc) {
            if (cli_parse_long(argv[++i], 0, 3600000, &reply) != 0)
                return cli_fail(cmd, "--reply %s: not a time in ms", argv[i]);
        } else if (npos < 3 && (argv[i][0] != '-' || argv[i][1] == '\0')) {
            pos[npos++] = argv[i];
        } else {
            return cli_usage(cli_find(cmd));
        }
    }
    if (npos != (local != NULL ? 1 : 3))
        return cli_usage(cli_find(cmd));
    long port = 0;
    ginet_sockaddr to;
    const char *text = local != NULL ? pos[0] : pos[2];
    if (local != NULL) {
        if (cli_local_address(cmd, local, &to) != 0)
            return 1;
    } else if (cli_parse_long(pos[1], 1, 65535, &port) != 0) {
        return cli_fail(cmd, "%s: not a port (1..65535)", pos[1]);
    }
    ginet_optlist *opts;
    if (cli_socket_opts(cmd, backend, opts_text, &opts) != 0)
        return 1;
    ginet_ip_address ip;
    if (local != NULL) {
        /* An autobound (abstract) address of our own, for the reply. */
        if (cli_local_listen_opts(cmd, "", opts) != 0) {
            ginet_optlist_free(opts);
            return 1;
        }
    } else if (ginet_parse_address(pos[0], strlen(pos[0]), &ip) == 0
               && ip.family == GINET_AF_INET6) {
        ginet_optlist_add_int(opts, GINET_OPT_FAMILY, GINET_AF_INET6);
    }
    ginet_optlist_add_active(opts, GINET_ACTIVE_FALSE, 0);
    ginet_socket *s;
    int rc = ginet_udp_open_list(0, opts, NULL, &s);
    ginet_optlist_free(opts);
    if (rc != 0)
        return cli_fail(cmd, "%s: %s", ginet_error_atom(rc), ginet_last_error());
    rc = local != NULL ? ginet_udp_send(s, &to, NULL, text, strlen(text))
                       : ginet_udp_sendto(s, pos[0], (int)port, text, strlen(text));
    if (rc != 0) {
        int e = cli_print_error(cmd, rc, 0);
        ginet_socket_release(s);
        return e;
    }
    int status = 0;
    if (reply >= 0) {
        ginet_msg *m;
        rc = ginet_udp_recv(s, 0, (int)reply, &m);
        if (rc == 0) {
            status = print_reply(m);
            ginet_msg_free(m);
        } else if (rc == GINET_ETIMEOUT) {
            printf("{error,timeout}\n");
            fflush(stdout);
            status = cli_fail(cmd, "no datagram within %ld ms", reply);
        } else {
            status = cli_print_error(cmd, rc, 0);
        }
    }
    ginet_socket_release(s);
    return status;
}
