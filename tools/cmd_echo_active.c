/*
 * tools/cmd_echo_active.c — `ginet echo-server --owner callback|mailbox`:
 * the echo server in active mode.  Every accepted socket is owned by one
 * owner: a callback run on the loop thread (the fastest), or a mailbox
 * that --threads N threads wait on, as Erlang processes would.  With
 * {active,N} the server re-arms the socket on each {tcp_passive, S}.
 */
#include "cli.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct active_server {
    ginet_socket *listener;
    ginet_mailbox *owner;
    ginet_optlist *rearm;            /* [{active,N}] for tcp_passive, parsed
                                        once: setopts with text would parse
                                        it again on every re-arm */
    pthread_mutex_t lock;            /* guards socks */
    ginet_socket **socks;
    size_t nsocks, cap;
    _Atomic unsigned long long messages;
    _Atomic int stopping;
} active_server;

static active_server srv;

/* One message: echo data, re-arm a passive socket, close a closed one. */
static void handle(ginet_msg *m)
{
    switch (m->kind) {
    case GINET_MSG_TCP:
        if (ginet_send(m->socket, m->data, m->len) == 0)
            atomic_fetch_add_explicit(&srv.messages, 1, memory_order_relaxed);
        break;
    case GINET_MSG_TCP_PASSIVE:
        ginet_setopts_list(m->socket, srv.rearm);
        break;
    case GINET_MSG_TCP_CLOSED:
    case GINET_MSG_TCP_ERROR:
        ginet_close(m->socket);
        break;
    default:
        break;
    }
}

static void on_message(ginet_msg *m, void *arg)
{
    (void)arg;
    handle(m);
}

static void *owner_main(void *arg)
{
    (void)arg;
    for (;;) {
        ginet_msg *m;
        int rc = ginet_receive(srv.owner, GINET_INFINITY, &m);
        if (rc != 0)
            return NULL;                     /* the mailbox is being freed */
        handle(m);
        ginet_msg_free(m);
    }
}

static void *signal_main(void *arg)
{
    (void)arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int sig;
    while (sigwait(&set, &sig) != 0)
        ;
    atomic_store(&srv.stopping, 1);
    ginet_close(srv.listener);               /* releases the accept loop */
    return NULL;
}

/* Keep the handle of an accepted socket until the server stops. */
static int keep(ginet_socket *s)
{
    pthread_mutex_lock(&srv.lock);
    if (srv.nsocks == srv.cap) {
        size_t cap = srv.cap ? srv.cap * 2 : 256;
        ginet_socket **n = realloc(srv.socks, cap * sizeof *n);
        if (n == NULL) {
            pthread_mutex_unlock(&srv.lock);
            return -1;
        }
        srv.socks = n;
        srv.cap = cap;
    }
    srv.socks[srv.nsocks++] = s;
    pthread_mutex_unlock(&srv.lock);
    return 0;
}

int cli_echo_server_active(const char *owner_kind, long active_n, long nthreads,
                           int port, ginet_optlist *opts)
{
    int cb = strcmp(owner_kind, "callback") == 0;
    if (!cb && strcmp(owner_kind, "mailbox") != 0)
        return cli_fail("echo-server", "--owner %s: callback or mailbox", owner_kind);
    srv.rearm = ginet_optlist_new();
    if (srv.rearm == NULL
        || (active_n > 0 ? ginet_optlist_add_active(srv.rearm, GINET_ACTIVE_N, (int32_t)active_n)
                         : ginet_optlist_add_active(srv.rearm, GINET_ACTIVE_ONCE, 0)) != 0
        || (active_n != 0 && ginet_optlist_add(opts, ginet_optlist_get(srv.rearm, 0)) != 0))
        return cli_fail("echo-server", "out of memory");

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    pthread_mutex_init(&srv.lock, NULL);
    srv.owner = cb ? ginet_mailbox_new_callback(on_message, NULL) : ginet_mailbox_new();
    if (srv.owner == NULL)
        return cli_fail("echo-server", "out of memory");
    int rc = ginet_tcp_listen_list(port, opts, srv.owner, &srv.listener);
    if (rc != 0) {
        ginet_mailbox_free(srv.owner);
        return cli_fail("echo-server", "%s", ginet_last_error());
    }

    if (nthreads <= 0)
        nthreads = 1;
    pthread_t *owners = NULL;
    if (!cb) {
        owners = calloc((size_t)nthreads, sizeof *owners);
        if (owners == NULL)
            return cli_fail("echo-server", "out of memory");
        for (long i = 0; i < nthreads; i++)
            pthread_create(&owners[i], NULL, owner_main, NULL);
    }
    pthread_t sig_tid;
    pthread_create(&sig_tid, NULL, signal_main, NULL);
    pthread_detach(sig_tid);

    cli_print_listening(srv.listener);        /* PORT <n> or LOCAL PATH */

    for (;;) {
        ginet_socket *s;
        rc = ginet_tcp_accept(srv.listener, GINET_INFINITY, &s);
        if (rc == 0) {
            if (keep(s) != 0)
                ginet_socket_release(s);
        } else if (rc == GINET_EMFILE || rc == GINET_ENFILE || rc == GINET_ENOMEM) {
            struct timespec ts = { 0, 10 * 1000 * 1000 };
            nanosleep(&ts, NULL);
        } else {
            break;
        }
    }
    /* Freeing the owner closes every socket it owns and wakes its threads. */
    ginet_mailbox_free(srv.owner);
    for (long i = 0; owners != NULL && i < nthreads; i++)
        pthread_join(owners[i], NULL);
    for (size_t i = 0; i < srv.nsocks; i++)
        ginet_socket_release(srv.socks[i]);
    printf("STOPPED connections=%zu messages=%llu\n", srv.nsocks,
           (unsigned long long)atomic_load(&srv.messages));
    fflush(stdout);
    ginet_socket_release(srv.listener);
    free(srv.socks);
    free(owners);
    ginet_optlist_free(srv.rearm);
    return 0;
}
