/*
 * tools/cmd_echo.c — `ginet echo-server`: a TCP echo server on ginet's
 * passive API (gen_tcp:recv/send), used by the tests and by the socket
 * benchmark (bench/run-echo.sh, docs/performance.md).  Also the option
 * handling `echo-server` and `echo-client` share: --opts text with
 * --backend put first, as {inet_backend, Name} must be.
 *
 * The server listens, prints "PORT <n>" on stdout once it does, and echoes
 * every packet back: with {packet,4} the library frames both ways, so a
 * packet received is sent as it is.  Each connection is served by a
 * thread of its own blocked in ginet_recv(); --threads N instead gives
 * the connections to N threads that take turns over them with
 * non-blocking receives (see serve_pool()).  SIGINT or SIGTERM closes the
 * listening socket and every connection, which releases every blocked
 * call with `closed`; the server then exits 0.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L   /* sigwait, nanosleep, clock_gettime */
#endif
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------- shared helpers */

int cli_parse_long(const char *text, long lo, long hi, long *out)
{
    if (text == NULL || *text == '\0')
        return -1;
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int cli_socket_opts(const char *cmd, const char *backend, const char *text,
                    ginet_optlist **out)
{
    ginet_optlist *l = ginet_optlist_new();
    if (l == NULL)
        return cli_fail(cmd, "out of memory");
    if (backend != NULL) {
        ginet_opt o;
        memset(&o, 0, sizeof o);
        o.id = GINET_OPT_INET_BACKEND;
        o.val.str.ptr = backend;
        o.val.str.len = strlen(backend);
        if (ginet_optlist_add(l, &o) != 0) {
            ginet_optlist_free(l);
            return cli_fail(cmd, "--backend %s: not a backend name", backend);
        }
    }
    if (text != NULL) {
        ginet_term_error err;
        int rc = ginet_optlist_parse(l, text, strlen(text), &err);
        if (rc != 0) {
            ginet_optlist_free(l);
            if (rc == GINET_EINVAL)
                return cli_fail(cmd, "--opts, line %u, column %u: %s", (unsigned)err.line,
                                (unsigned)err.column, err.message);
            return cli_fail(cmd, "--opts: %s", ginet_format_error(rc));
        }
    }
    *out = l;
    return 0;
}

/* --------------------------------------------------------------- server */

typedef struct server server;

/* One accepted connection: in the registry while its socket is in use. */
typedef struct conn {
    ginet_socket *sock;
    server *srv;
    struct conn *prev, *next;     /* the registry */
    struct conn *pnext;           /* a pool's hand-over list */
} conn;

/* --threads N: one pool thread and the connections handed to it. */
typedef struct pool {
    server *srv;
    pthread_t tid;
    pthread_mutex_t lock;         /* guards incoming */
    conn *incoming;               /* accepted, not yet taken by the thread */
} pool;

struct server {
    ginet_socket *listener;
    pthread_mutex_t lock;         /* guards everything below */
    pthread_cond_t idle;          /* signalled when `active` drops to 0 */
    conn *conns;                  /* the registry: connections being served */
    unsigned active;              /* connection threads still running */
    int stopping;
    unsigned long accepted;
    unsigned long long messages;
    unsigned nthreads;            /* 0: a thread per connection */
    pool *pools;
};

static void registry_add(server *srv, conn *c)
{
    c->prev = NULL;
    c->next = srv->conns;
    if (srv->conns != NULL)
        srv->conns->prev = c;
    srv->conns = c;
}

static void registry_remove(server *srv, conn *c)
{
    if (c->prev != NULL)
        c->prev->next = c->next;
    else
        srv->conns = c->next;
    if (c->next != NULL)
        c->next->prev = c->prev;
}

/* Stop: no more accepts, every connection closed, which releases every
 * thread blocked in accept or recv with `closed`.  Idempotent. */
static void server_stop(server *srv)
{
    pthread_mutex_lock(&srv->lock);
    if (!srv->stopping) {
        srv->stopping = 1;
        ginet_close(srv->listener);
        for (conn *c = srv->conns; c != NULL; c = c->next)
            ginet_close(c->sock);
    }
    pthread_mutex_unlock(&srv->lock);
}

/* Done with C: out of the registry, socket closed and released. */
static void conn_finish(server *srv, conn *c, unsigned long long msgs)
{
    pthread_mutex_lock(&srv->lock);
    registry_remove(srv, c);
    srv->messages += msgs;
    pthread_mutex_unlock(&srv->lock);
    ginet_close(c->sock);                    /* `closed` if it already is */
    ginet_socket_release(c->sock);
    free(c);
}

/* Receive one packet (waiting at most TIMEOUT ms) and send it back.
 * 0, or the error of the receive or the send. */
static int echo_one(ginet_socket *s, int timeout_ms)
{
    ginet_msg *m;
    int rc = ginet_recv(s, 0, timeout_ms, &m);
    if (rc != 0)
        return rc;
    rc = ginet_send(s, m->data, m->len);
    ginet_msg_free(m);
    return rc;
}

/* A thread per connection: blocked in recv, sending back, until the peer
 * closes, an error, or the server stops (which closes the socket). */
static void *conn_main(void *arg)
{
    conn *c = arg;
    server *srv = c->srv;
    unsigned long long msgs = 0;
    while (echo_one(c->sock, GINET_INFINITY) == 0)
        msgs++;
    conn_finish(srv, c, msgs);
    pthread_mutex_lock(&srv->lock);
    if (--srv->active == 0)
        pthread_cond_broadcast(&srv->idle);
    pthread_mutex_unlock(&srv->lock);
    return NULL;
}

/*
 * A pool thread.  A passive socket can only be waited on alone, so the
 * thread sweeps its connections with ginet_recv(timeout 0), echoing one
 * packet from each that has one, and yields the CPU after sweeps that
 * found nothing: it polls, and an idle pool thread stays runnable.  Kept
 * to be measured against a thread per connection (docs/performance.md);
 * serving many sockets from few threads is active mode's job (issue 5).
 */
static void *pool_main(void *arg)
{
    pool *p = arg;
    server *srv = p->srv;
    conn **mine = NULL;
    size_t n = 0, cap = 0;
    unsigned long long msgs = 0;
    unsigned idle = 0;
    for (;;) {
        pthread_mutex_lock(&srv->lock);
        int stop = srv->stopping;            /* read before taking `incoming` */
        pthread_mutex_unlock(&srv->lock);
        pthread_mutex_lock(&p->lock);
        while (p->incoming != NULL) {
            if (n == cap) {
                size_t ncap = cap ? cap * 2 : 16;
                conn **g = realloc(mine, ncap * sizeof *g);
                if (g == NULL)
                    break;                   /* the rest waits for the next turn */
                mine = g;
                cap = ncap;
            }
            mine[n++] = p->incoming;
            p->incoming = p->incoming->pnext;
        }
        int pending = p->incoming != NULL;
        pthread_mutex_unlock(&p->lock);
        if (stop && n == 0 && !pending)
            break;
        int any = 0;
        for (size_t i = 0; i < n;) {
            int rc = echo_one(mine[i]->sock, 0);
            if (rc == 0) {
                msgs++;
                any = 1;
            } else if (rc != GINET_ETIMEOUT) {
                conn_finish(srv, mine[i], 0);
                mine[i] = mine[--n];
                continue;
            }
            i++;
        }
        if (any)
            idle = 0;
        else if (++idle >= 16)
            sched_yield();
    }
    free(mine);
    pthread_mutex_lock(&srv->lock);
    srv->messages += msgs;
    pthread_mutex_unlock(&srv->lock);
    return NULL;
}

/* Serve the accepted socket S: a thread of its own, or a pool's turn.
 * Takes S's reference in every case. */
static void serve(server *srv, ginet_socket *s)
{
    conn *c = calloc(1, sizeof *c);
    if (c == NULL) {
        ginet_socket_release(s);             /* closes it */
        return;
    }
    c->sock = s;
    c->srv = srv;
    pthread_mutex_lock(&srv->lock);
    if (srv->stopping) {
        pthread_mutex_unlock(&srv->lock);
        ginet_socket_release(s);
        free(c);
        return;
    }
    registry_add(srv, c);
    srv->accepted++;
    if (srv->nthreads > 0) {
        /* Handed over under srv->lock, so a pool thread that has seen
         * `stopping` unset also sees this connection (pool_main). */
        pool *p = &srv->pools[srv->accepted % srv->nthreads];
        pthread_mutex_lock(&p->lock);
        c->pnext = p->incoming;
        p->incoming = c;
        pthread_mutex_unlock(&p->lock);
        pthread_mutex_unlock(&srv->lock);
        return;
    }
    srv->active++;
    pthread_mutex_unlock(&srv->lock);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t tid;
    int rc = pthread_create(&tid, &attr, conn_main, c);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        conn_finish(srv, c, 0);
        pthread_mutex_lock(&srv->lock);
        srv->active--;
        pthread_mutex_unlock(&srv->lock);
    }
}

/* The thread that waits for SIGINT/SIGTERM (blocked everywhere else). */
static void *signal_main(void *arg)
{
    server *srv = arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int sig;
    while (sigwait(&set, &sig) != 0)
        ;
    server_stop(srv);
    return NULL;
}

static void accept_loop(server *srv)
{
    for (;;) {
        ginet_socket *s;
        int rc = ginet_tcp_accept(srv->listener, GINET_INFINITY, &s);
        if (rc == 0) {
            serve(srv, s);
        } else if (rc == GINET_EMFILE || rc == GINET_ENFILE || rc == GINET_ENOBUFS
                   || rc == GINET_ENOMEM) {
            /* Out of descriptors or memory for a moment: retry soon. */
            struct timespec ts = { 0, 10 * 1000 * 1000 };
            nanosleep(&ts, NULL);
        } else {
            if (rc != GINET_ECLOSED)
                fprintf(stderr, "ginet: echo-server: accept: %s\n", ginet_format_error(rc));
            return;
        }
    }
}

int cli_echo_server(int argc, char **argv)
{
    const cli_command *self = cli_find("echo-server");
    const char *opts_text = NULL, *backend = NULL, *owner = NULL, *local = NULL;
    long port = -1, nthreads = 0, active_n = 0;
    for (int i = 1; i < argc; i += 2) {          /* --name value pairs */
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--port") == 0 && v != NULL) {
            if (cli_parse_long(v, 0, 65535, &port) != 0)
                return cli_fail("echo-server", "--port %s: not a port number 0..65535", v);
        } else if (strcmp(a, "--opts") == 0 && v != NULL) {
            opts_text = v;
        } else if (strcmp(a, "--local") == 0 && v != NULL) {
            local = v;
        } else if (strcmp(a, "--backend") == 0 && v != NULL) {
            backend = v;
        } else if (strcmp(a, "--owner") == 0 && v != NULL) {
            owner = v;
        } else if (strcmp(a, "--active") == 0 && v != NULL) {
            if (cli_parse_long(v, 1, 32767, &active_n) != 0)
                return cli_fail("echo-server", "--active %s: not a number 1..32767", v);
        } else if (strcmp(a, "--threads") == 0 && v != NULL) {
            if (cli_parse_long(v, 0, 1024, &nthreads) != 0)
                return cli_fail("echo-server", "--threads %s: not a number 0..1024", v);
        } else {
            return cli_usage(self);
        }
    }
    if (port < 0 && local == NULL)
        return cli_usage(self);
    if (port < 0)
        port = 0;                            /* --local: a local address has no port */

    ginet_optlist *opts;
    if (cli_socket_opts("echo-server", backend, opts_text, &opts) != 0)
        return 1;
    if (local != NULL && cli_local_listen_opts("echo-server", local, opts) != 0) {
        ginet_optlist_free(opts);
        return 1;
    }
    if (owner != NULL) {
        int st = cli_echo_server_active(owner, active_n, nthreads, (int)port, opts);
        ginet_optlist_free(opts);
        return st;
    }
    if (active_n != 0) {
        ginet_optlist_free(opts);
        return cli_fail("echo-server", "--active needs --owner callback|mailbox");
    }

    /* SIGINT/SIGTERM go to signal_main only: block them before any thread
     * (ginet's loop threads included) exists, so every thread inherits it. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    /* Static: the signal thread may still look at it while we return. */
    static server srv;
    pthread_mutex_init(&srv.lock, NULL);
    pthread_cond_init(&srv.idle, NULL);
    int rc = ginet_tcp_listen_list((int)port, opts, NULL, &srv.listener);
    ginet_optlist_free(opts);
    if (rc != 0)
        return cli_fail("echo-server", "%s", ginet_last_error());
    ginet_sockaddr bound;
    rc = ginet_sockname(srv.listener, &bound);
    if (rc != 0) {
        ginet_socket_release(srv.listener);
        return cli_fail("echo-server", "port: %s", ginet_format_error(rc));
    }

    srv.nthreads = (unsigned)nthreads;
    if (nthreads > 0) {
        srv.pools = calloc((size_t)nthreads, sizeof *srv.pools);
        if (srv.pools == NULL) {
            ginet_socket_release(srv.listener);
            return cli_fail("echo-server", "out of memory");
        }
        for (long i = 0; i < nthreads; i++) {
            srv.pools[i].srv = &srv;
            pthread_mutex_init(&srv.pools[i].lock, NULL);
            if (pthread_create(&srv.pools[i].tid, NULL, pool_main, &srv.pools[i]) != 0) {
                server_stop(&srv);
                for (long j = 0; j < i; j++)
                    pthread_join(srv.pools[j].tid, NULL);
                ginet_socket_release(srv.listener);
                free(srv.pools);
                return cli_fail("echo-server", "cannot start %ld threads", nthreads);
            }
        }
    }
    pthread_t sig_tid;
    if (pthread_create(&sig_tid, NULL, signal_main, &srv) != 0) {
        server_stop(&srv);
        ginet_socket_release(srv.listener);
        return cli_fail("echo-server", "cannot start the signal thread");
    }
    pthread_detach(sig_tid);

    cli_print_listening(srv.listener);        /* PORT <n> or LOCAL PATH */

    accept_loop(&srv);
    server_stop(&srv);                       /* when accept failed on its own */
    pthread_mutex_lock(&srv.lock);
    while (srv.active > 0)
        pthread_cond_wait(&srv.idle, &srv.lock);
    pthread_mutex_unlock(&srv.lock);
    for (unsigned i = 0; i < srv.nthreads; i++)
        pthread_join(srv.pools[i].tid, NULL);
    printf("STOPPED connections=%lu messages=%llu\n", srv.accepted, srv.messages);
    fflush(stdout);
    ginet_socket_release(srv.listener);
    free(srv.pools);
    return 0;
}
