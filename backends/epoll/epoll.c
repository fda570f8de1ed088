/*
 * backends/epoll/epoll.c — the epoll backend: its table, and the loop
 * (one epoll instance, an eventfd to wake it, edge-triggered events turned
 * into completions).  The socket operations are in epoll_sock.c, the
 * option table in epoll_options.c; the locking and lifetime rules are in
 * epoll.h.
 */
#include "backends/epoll/epoll.h"
#include "platform/linux/options.h"
#include "platform/posix/closing.h"

#include <ginet/error.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

/* Events taken from the kernel per epoll_wait(). */
#define EP_BATCH 128

static int probe(char *why, size_t whylen)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) {
        int e = errno;
        snprintf(why, whylen, "epoll_create1: %s", strerror(e));
        return ginet_error_from_errno(e);
    }
    int ev = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (ev < 0) {
        int e = errno;
        close(ep);
        snprintf(why, whylen, "eventfd: %s", strerror(e));
        return ginet_error_from_errno(e);
    }
    close(ev);
    close(ep);
    return 0;
}

static int loop_init(void *state, const ginet_bk_loop_params *params)
{
    ep_loop *l = state;
    if (params == NULL || params->complete == NULL)
        return GINET_EINVAL;
    l->complete = params->complete;
    l->ctx = params->ctx;
    l->closing = NULL;
    l->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (l->epfd < 0)
        return ginet_error_from_errno(errno);
    l->wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (l->wakefd < 0) {
        int rc = ginet_error_from_errno(errno);
        close(l->epfd);
        return rc;
    }
    /* Level-triggered, data.ptr NULL: sockets never have a NULL pointer. */
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
    if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, l->wakefd, &ev) != 0
        || pthread_mutex_init(&l->lock, NULL) != 0) {
        int rc = ginet_error_from_errno(errno);
        close(l->wakefd);
        close(l->epfd);
        return rc;
    }
    return 0;
}

static void loop_fini(void *state)
{
    ep_loop *l = state;
    close(l->wakefd);
    close(l->epfd);
    pthread_mutex_destroy(&l->lock);
    ginet__ep_watch_fini(l);
}

static void wakeup(void *state)
{
    ep_loop *l = state;
    uint64_t one = 1;
    /* Only fails when the counter is saturated, which wakes the loop too. */
    ssize_t n = write(l->wakefd, &one, sizeof one);
    (void)n;
}

void ginet__ep_loop_closing(ep_loop *l, ep_sock *s)
{
    pthread_mutex_lock(&l->lock);
    s->next_closing = l->closing;
    l->closing = s;
    pthread_mutex_unlock(&l->lock);
    wakeup(l);
}

/* Deliver the cancellations and close completions of the sockets closed
 * since the last call.  Called only between epoll_wait() batches, so no
 * event pointer to these sockets is left anywhere. */
static int deliver_closes(ep_loop *l)
{
    pthread_mutex_lock(&l->lock);
    ep_sock *s = l->closing;
    l->closing = NULL;
    pthread_mutex_unlock(&l->lock);
    int n = 0;
    while (s != NULL) {
        ep_sock *next = s->next_closing;     /* S may be freed below */
        n += ginet__close_deliver(l->complete, l->ctx, s, &s->cancelled_in,
                                  &s->cancelled_out, s->close_req, &s->lock);
        s = next;
    }
    return n;
}

/* One event for socket S: run what became possible, then deliver it. */
static int handle(ep_loop *l, ep_sock *s, uint32_t events)
{
    ginet_bk_req *done[2];
    pthread_mutex_lock(&s->lock);
    int k = ginet__ep_attempt(s, events, done);
    pthread_mutex_unlock(&s->lock);
    for (int i = 0; i < k; i++)
        l->complete(l->ctx, s, done[i]);
    return k;
}

static int poll_loop(void *state, int timeout_ms)
{
    ep_loop *l = state;
    struct epoll_event evs[EP_BATCH];
    int n = deliver_closes(l);
    int k = epoll_wait(l->epfd, evs, EP_BATCH, n > 0 ? 0 : timeout_ms);
    if (k < 0) {
        if (errno != EINTR)
            return ginet_error_from_errno(errno);
        k = 0;
    }
    for (int i = 0; i < k; i++) {
        if (evs[i].data.ptr == NULL) {       /* wakeup(): reset the counter */
            uint64_t v;
            ssize_t r = read(l->wakefd, &v, sizeof v);
            (void)r;
            continue;
        }
        if ((uintptr_t)evs[i].data.ptr & EP_WATCH_TAG) {  /* a foreign descriptor */
            n += ginet__ep_watch_event(l, (uintptr_t)evs[i].data.ptr, evs[i].events);
            continue;
        }
        n += handle(l, evs[i].data.ptr, evs[i].events);
    }
    return n + deliver_closes(l);
}

static const ginet_backend table = {
    .abi_version = GINET_BACKEND_ABI_VERSION,
    .struct_size = sizeof(ginet_backend),
    .name = "epoll",
    .description = "Linux epoll, edge-triggered; system calls tried inline first",
    .caps = GINET_BKCAP_READINESS | GINET_BKCAP_INLINE | GINET_BKCAP_TCP
          | GINET_BKCAP_UDP | GINET_BKCAP_LOCAL | GINET_BKCAP_IPV6
          | GINET_BKCAP_V6ONLY | GINET_BKCAP_REUSEPORT
          | GINET_BKCAP_REUSEPORT_LB | GINET_BKCAP_NETNS
          | GINET_BKCAP_BINDTODEVICE | GINET_BKCAP_ADOPT_FD
          | GINET_BKCAP_ANCILLARY,
    .loop_size = sizeof(ep_loop),
    .sock_size = sizeof(ep_sock),
    .options = ginet__linux_options,
    .probe = probe,
    .loop_init = loop_init,
    .loop_fini = loop_fini,
    .poll = poll_loop,
    .wakeup = wakeup,
    .sock_open = ginet__ep_sock_open,
    .sock_close = ginet__ep_sock_close,
    .bind = ginet__ep_bind,
    .listen = ginet__ep_listen,
    .submit = ginet__ep_submit,
    .cancel = ginet__ep_cancel,
    .shutdown = ginet__ep_shutdown,
    .setopt = ginet__ep_setopt,
    .getopt = ginet__ep_getopt,
    .sockname = ginet__ep_sockname,
    .peername = ginet__ep_peername,
    .native_handle = ginet__ep_native_handle,
    .watch = ginet__ep_watch,
};

/* The module's one exported symbol (GINET_BACKEND_ENTRY_SYMBOL). */
const ginet_backend *ginet_backend_entry(void);
__attribute__((visibility("default")))
const ginet_backend *ginet_backend_entry(void)
{
    return &table;
}
