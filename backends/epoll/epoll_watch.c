/*
 * backends/epoll/epoll_watch.c — watch(): readiness of descriptors the
 * backend does not own (c-ares' sockets, for the resolver), level-
 * triggered, reported to a callback on the loop thread.
 *
 * The table of watched descriptors is the loop's and is only touched on
 * the loop thread (watch() is loop-thread only), so it needs no lock.
 * epoll carries the fd itself (tagged, see EP_WATCH_TAG in epoll.h), not a
 * pointer into the table: each event looks its fd up again, so an event
 * still in a batch after the descriptor stopped being watched finds
 * nothing and is dropped, and the table may move when it grows.
 */
#include "backends/epoll/epoll.h"

#include <ginet/error.h>

#include <errno.h>
#include <stdlib.h>

static ep_watch *find(ep_loop *l, int fd)
{
    for (size_t i = 0; i < l->nwatches; i++)
        if (l->watches[i].fd == fd)
            return &l->watches[i];
    return NULL;
}

static uint32_t ep_events(uint32_t events)
{
    uint32_t e = 0;
    if (events & GINET_BK_WATCH_IN)
        e |= EPOLLIN;
    if (events & GINET_BK_WATCH_OUT)
        e |= EPOLLOUT;
    return e;
}

int ginet__ep_watch(void *loop, intptr_t fd, uint32_t events,
                    ginet_bk_watch_fn cb, void *arg)
{
    ep_loop *l = loop;
    if (fd < 0 || fd > INT32_MAX / 2 || (events & ~(GINET_BK_WATCH_IN | GINET_BK_WATCH_OUT)))
        return GINET_EINVAL;
    events &= GINET_BK_WATCH_IN | GINET_BK_WATCH_OUT;
    ep_watch *w = find(l, (int)fd);
    if (events == 0) {
        if (w == NULL)
            return 0;
        /* Fails with EBADF when the owner already closed it, which also
         * removed it from the epoll set: nothing to do either way. */
        epoll_ctl(l->epfd, EPOLL_CTL_DEL, (int)fd, NULL);
        *w = l->watches[--l->nwatches];
        return 0;
    }
    if (cb == NULL)
        return GINET_EINVAL;
    struct epoll_event ev = { .events = ep_events(events) };
    ev.data.ptr = (void *)(((uintptr_t)fd << 1) | EP_WATCH_TAG);
    if (w != NULL) {
        if (w->events != events && epoll_ctl(l->epfd, EPOLL_CTL_MOD, (int)fd, &ev) != 0)
            return ginet_error_from_errno(errno);
        w->events = events;
        w->cb = cb;
        w->arg = arg;
        return 0;
    }
    if (l->nwatches == l->capwatches) {
        size_t cap = l->capwatches ? l->capwatches * 2 : 8;
        ep_watch *t = realloc(l->watches, cap * sizeof *t);
        if (t == NULL)
            return GINET_ENOMEM;
        l->watches = t;
        l->capwatches = cap;
    }
    if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, (int)fd, &ev) != 0)
        return ginet_error_from_errno(errno);
    l->watches[l->nwatches++] = (ep_watch){ (int)fd, events, cb, arg };
    return 0;
}

int ginet__ep_watch_event(ep_loop *l, uintptr_t data, uint32_t events)
{
    int fd = (int)(data >> 1);
    ep_watch *w = find(l, fd);
    if (w == NULL)
        return 0;                            /* unwatched during this batch */
    uint32_t ready = 0;
    if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) && (w->events & GINET_BK_WATCH_IN))
        ready |= GINET_BK_WATCH_IN;
    if ((events & EPOLLOUT) && (w->events & GINET_BK_WATCH_OUT))
        ready |= GINET_BK_WATCH_OUT;
    if (events & (EPOLLERR | EPOLLHUP))
        ready |= GINET_BK_WATCH_ERR;
    if (ready == 0)
        return 0;
    /* Copy out: the callback may change the table. */
    ginet_bk_watch_fn cb = w->cb;
    void *arg = w->arg;
    cb(arg, fd, ready);
    return 1;
}

void ginet__ep_watch_fini(ep_loop *l)
{
    free(l->watches);
    l->watches = NULL;
    l->nwatches = l->capwatches = 0;
}
