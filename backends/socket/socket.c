/*
 * backends/socket/socket.c — the socket backend: its table, and the loop
 * (the master poll set with O(1) add and remove, the snapshot poll(2)
 * runs on, a self-pipe to wake it, the lists of ready and closing
 * sockets).  The socket operations are in socket_sock.c, the system calls
 * in socket_io.c, options in socket_options.c, foreign descriptors in
 * socket_watch.c; the locking and lifetime rules are in socket.h.
 */
#include "backends/socket/socket.h"
#include "platform/posix/closing.h"
#include "platform/posix/fdutil.h"

#include <ginet/error.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int open_pipe(int p[2])
{
    if (pipe(p) != 0)
        return ginet__os_error();
    int rc = 0;
    for (int i = 0; i < 2 && rc == 0; i++) {
        rc = ginet__fd_set_nonblock(p[i], 1);
        if (rc == 0)
            rc = ginet__fd_set_cloexec(p[i], 1);
    }
    if (rc != 0) {
        close(p[0]);
        close(p[1]);
    }
    return rc;
}

static int probe(char *why, size_t whylen)
{
    int p[2];
    int rc = open_pipe(p);
    if (rc != 0) {
        snprintf(why, whylen, "pipe: %s", ginet_error_atom(rc));
        return rc;
    }
    close(p[0]);
    close(p[1]);
    return 0;
}

static int loop_init(void *state, const ginet_bk_loop_params *params)
{
    sk_loop *l = state;
    if (params == NULL || params->complete == NULL)
        return GINET_EINVAL;
    memset(l, 0, sizeof *l);
    l->complete = params->complete;
    l->ctx = params->ctx;
    int p[2];
    int rc = open_pipe(p);
    if (rc != 0)
        return rc;
    if (pthread_mutex_init(&l->lock, NULL) != 0) {
        close(p[0]);
        close(p[1]);
        return GINET_ENOMEM;
    }
    l->wake_rd = p[0];
    l->wake_wr = p[1];
    l->dirty = 1;                            /* the first round builds the snapshot */
    return 0;
}

static void loop_fini(void *state)
{
    sk_loop *l = state;
    close(l->wake_rd);
    close(l->wake_wr);
    pthread_mutex_destroy(&l->lock);
    ginet__sk_watch_fini(l);
    free(l->pfd);
    free(l->own);
    free(l->spfd);
    free(l->sown);
}

void ginet__sk_wake(sk_loop *l)
{
    char c = 1;
    /* EAGAIN: the pipe is full, so the loop has plenty to wake it. */
    ssize_t n = write(l->wake_wr, &c, 1);
    (void)n;
}

/* Async-signal-safe: one write(2). */
static void wakeup(void *state)
{
    ginet__sk_wake(state);
}

int ginet__sk_must_wake(sk_loop *l)
{
    if (!l->sleeping || l->woken)
        return 0;                            /* it looks at the master before sleeping */
    l->woken = 1;
    return 1;
}

/* ------------------------------------------------------------ poll set */

/* Squeeze the holes out of the master (loop locked), keeping the order
 * entries were added in, and tell each moved owner its new index. */
static void compact(sk_loop *l)
{
    size_t j = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (l->pfd[i].fd < 0)
            continue;                        /* a hole */
        if (j != i) {
            l->pfd[j] = l->pfd[i];
            l->own[j] = l->own[i];
            if (l->own[j] != NULL) {
                l->own[j]->idx = (long)j;
            } else {
                sk_watch *w = ginet__sk_watch_find(l, l->pfd[j].fd);
                if (w != NULL)
                    w->idx = j;
            }
        }
        j++;
    }
    l->n = j;
    l->holes = 0;
}

int ginet__sk_set_add(sk_loop *l, int fd, short events, sk_sock *owner, size_t *idx)
{
    if (l->n == l->cap && l->holes > l->n / 4)
        compact(l);
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        struct pollfd *p = realloc(l->pfd, cap * sizeof *p);
        if (p == NULL)
            return GINET_ENOMEM;
        l->pfd = p;
        sk_sock **o = realloc(l->own, cap * sizeof *o);
        if (o == NULL)
            return GINET_ENOMEM;
        l->own = o;
        l->cap = cap;
    }
    l->pfd[l->n] = (struct pollfd){ .fd = fd, .events = events, .revents = 0 };
    l->own[l->n] = owner;
    *idx = l->n++;
    l->dirty = 1;
    return 0;
}

/* A hole (fd -1, which poll(2) skips) until the next compact(): removing
 * moves no other entry, so the set keeps the order requests parked in. */
void ginet__sk_set_del(sk_loop *l, size_t idx)
{
    l->pfd[idx].fd = -1;
    l->pfd[idx].events = 0;
    l->own[idx] = NULL;
    l->holes++;
    l->dirty = 1;
}

static short wanted(const sk_sock *s)
{
    if (s->fd < 0)
        return 0;
    return (short)((s->in != NULL ? POLLIN : 0) | (s->out != NULL ? POLLOUT : 0));
}

int ginet__sk_update(sk_sock *s)
{
    sk_loop *l = s->loop;
    short want = wanted(s);
    int rc = 0, wake = 0;
    pthread_mutex_lock(&l->lock);
    if (want != s->want) {
        if (want == 0) {
            ginet__sk_set_del(l, (size_t)s->idx);
            s->idx = -1;
        } else if (s->idx < 0) {
            size_t i;
            rc = ginet__sk_set_add(l, s->fd, want, s, &i);
            if (rc == 0)
                s->idx = (long)i;
        } else {
            l->pfd[s->idx].events = want;
            l->dirty = 1;
        }
        if (rc == 0)
            s->want = want;
        wake = ginet__sk_must_wake(l);
    }
    pthread_mutex_unlock(&l->lock);
    if (wake)
        ginet__sk_wake(l);
    return rc;
}

void ginet__sk_loop_ready(sk_loop *l, sk_sock *s)
{
    pthread_mutex_lock(&l->lock);
    if (!s->on_ready) {
        s->on_ready = 1;
        s->next_ready = l->ready;
        l->ready = s;
    }
    int wake = ginet__sk_must_wake(l);
    pthread_mutex_unlock(&l->lock);
    if (wake)
        ginet__sk_wake(l);
}

void ginet__sk_loop_closing(sk_loop *l, sk_sock *s)
{
    pthread_mutex_lock(&l->lock);
    if (s->on_ready) {                       /* the close completion ends it */
        for (sk_sock **p = &l->ready; *p != NULL; p = &(*p)->next_ready)
            if (*p == s) {
                *p = s->next_ready;
                break;
            }
        s->on_ready = 0;
    }
    s->next_closing = l->closing;
    l->closing = s;
    int wake = ginet__sk_must_wake(l);
    pthread_mutex_unlock(&l->lock);
    if (wake)
        ginet__sk_wake(l);
}

/* ------------------------------------------------------------ the loop */

/* Deliver the cancellations and close completions of the sockets closed
 * since the last call; only between rounds, so no snapshot entry of the
 * round still in hand names them. */
static int deliver_closes(sk_loop *l)
{
    pthread_mutex_lock(&l->lock);
    sk_sock *s = l->closing;
    l->closing = NULL;
    pthread_mutex_unlock(&l->lock);
    int n = 0;
    while (s != NULL) {
        sk_sock *next = s->next_closing;     /* S may be freed below */
        n += ginet__close_deliver(l->complete, l->ctx, s, &s->cancelled_in,
                                  &s->cancelled_out, s->close_req, &s->lock);
        s = next;
    }
    return n;
}

/* Socket S is ready for REVENTS (0: a request on the ready list): run
 * what became possible, then deliver it. */
static int handle(sk_loop *l, sk_sock *s, short revents)
{
    ginet_bk_req *done[2];
    pthread_mutex_lock(&s->lock);
    int k = ginet__sk_attempt(s, revents, done);
    if (k > 0)
        (void)ginet__sk_update(s);           /* shrinking the set cannot fail */
    pthread_mutex_unlock(&s->lock);
    for (int i = 0; i < k; i++)
        l->complete(l->ctx, s, done[i]);
    return k;
}

static int run_ready(sk_loop *l)
{
    pthread_mutex_lock(&l->lock);
    sk_sock *s = l->ready;
    l->ready = NULL;
    for (sk_sock *p = s; p != NULL; p = p->next_ready)
        p->on_ready = 0;
    pthread_mutex_unlock(&l->lock);
    int n = 0;
    while (s != NULL) {
        /* Closing S takes the loop thread's deliver_closes() to free it,
         * so S outlives this round even if another thread closes it. */
        sk_sock *next = s->next_ready;
        n += handle(l, s, 0);
        s = next;
    }
    return n;
}

/* Copy the master, holes squeezed out, into the snapshot (loop locked). */
static int rebuild(sk_loop *l)
{
    if (l->holes > 0)
        compact(l);
    if (l->n + 1 > l->scap) {
        size_t cap = l->cap + 1;
        struct pollfd *p = realloc(l->spfd, cap * sizeof *p);
        if (p == NULL)
            return GINET_ENOMEM;
        l->spfd = p;
        sk_sock **o = realloc(l->sown, cap * sizeof *o);
        if (o == NULL)
            return GINET_ENOMEM;
        l->sown = o;
        l->scap = cap;
    }
    l->spfd[0] = (struct pollfd){ .fd = l->wake_rd, .events = POLLIN, .revents = 0 };
    l->sown[0] = NULL;
    if (l->n > 0) {
        memcpy(l->spfd + 1, l->pfd, l->n * sizeof *l->pfd);
        memcpy(l->sown + 1, l->own, l->n * sizeof *l->own);
    }
    l->sn = l->n + 1;
    l->dirty = 0;
    return 0;
}

static void drain_pipe(sk_loop *l)
{
    char buf[64];
    while (read(l->wake_rd, buf, sizeof buf) == (ssize_t)sizeof buf)
        ;
}

static int poll_loop(void *state, int timeout_ms)
{
    sk_loop *l = state;
    int n = deliver_closes(l);
    n += run_ready(l);

    pthread_mutex_lock(&l->lock);
    int rc = l->dirty ? rebuild(l) : 0;
    if (rc != 0) {
        pthread_mutex_unlock(&l->lock);
        return n > 0 ? n : rc;
    }
    int t = (n > 0 || l->closing != NULL || l->ready != NULL) ? 0 : timeout_ms;
    if (t != 0) {
        l->sleeping = 1;
        l->woken = 0;
    }
    pthread_mutex_unlock(&l->lock);

    atomic_fetch_add_explicit(&l->round, 1, memory_order_relaxed);  /* hints expire */
    int k = poll(l->spfd, (nfds_t)l->sn, t);
    int err = k < 0 ? errno : 0;

    if (t != 0) {
        pthread_mutex_lock(&l->lock);
        l->sleeping = 0;
        pthread_mutex_unlock(&l->lock);
    }
    if (k < 0) {
        if (err != EINTR)
            return n > 0 ? n : ginet_error_from_errno(err);
        k = 0;
    }
    for (size_t i = 0; i < l->sn && k > 0; i++) {
        short re = l->spfd[i].revents;
        if (re == 0)
            continue;
        k--;
        if (i == 0)
            drain_pipe(l);
        else if (l->sown[i] != NULL)
            n += handle(l, l->sown[i], re);
        else
            n += ginet__sk_watch_event(l, l->spfd[i].fd, re);
    }
    return n + deliver_closes(l);
}

/* Capabilities: what POSIX gives everywhere, and what platform/linux/
 * adds on Linux. */
#ifdef __linux__
#define SK_OS_CAPS (GINET_BKCAP_REUSEPORT | GINET_BKCAP_REUSEPORT_LB \
                    | GINET_BKCAP_NETNS | GINET_BKCAP_BINDTODEVICE \
                    | GINET_BKCAP_ANCILLARY)
#else
#define SK_OS_CAPS 0
#endif

static const ginet_backend table = {
    .abi_version = GINET_BACKEND_ABI_VERSION,
    .struct_size = sizeof(ginet_backend),
    .name = "socket",
    .description = "portable poll(2); every call tried inline first, as OTP's socket NIF",
    .caps = GINET_BKCAP_READINESS | GINET_BKCAP_INLINE | GINET_BKCAP_TCP
          | GINET_BKCAP_UDP | GINET_BKCAP_LOCAL | GINET_BKCAP_IPV6
          | GINET_BKCAP_V6ONLY | GINET_BKCAP_ADOPT_FD | SK_OS_CAPS,
    .loop_size = sizeof(sk_loop),
    .sock_size = sizeof(sk_sock),
    .options = ginet__sk_options,
    .probe = probe,
    .loop_init = loop_init,
    .loop_fini = loop_fini,
    .poll = poll_loop,
    .wakeup = wakeup,
    .sock_open = ginet__sk_sock_open,
    .sock_close = ginet__sk_sock_close,
    .bind = ginet__sk_bind,
    .listen = ginet__sk_listen,
    .submit = ginet__sk_submit,
    .cancel = ginet__sk_cancel,
    .shutdown = ginet__sk_shutdown,
    .setopt = ginet__sk_setopt,
    .getopt = ginet__sk_getopt,
    .sockname = ginet__sk_sockname,
    .peername = ginet__sk_peername,
    .native_handle = ginet__sk_native_handle,
    .watch = ginet__sk_watch,
};

/* The module's one exported symbol (GINET_BACKEND_ENTRY_SYMBOL). */
const ginet_backend *ginet_backend_entry(void);
__attribute__((visibility("default")))
const ginet_backend *ginet_backend_entry(void)
{
    return &table;
}
