/*
 * backends/socket/socket_watch.c — watch(): readiness of descriptors the
 * backend does not own (c-ares' sockets, for the resolver), reported to a
 * callback on the loop thread.  poll(2) is level-triggered already, so a
 * watch is simply an entry of the master poll set whose owner is NULL.
 *
 * The table lives under the loop's mutex: watch() is loop-thread only, but
 * squeezing the master array's holes out may move a watch's entry, which
 * updates the watch's index.
 * An event looks its fd up again, so an event of a round that saw the
 * descriptor before it was unwatched finds nothing and is dropped.
 */
#include "backends/socket/socket.h"

#include <ginet/error.h>

#include <fcntl.h>
#include <stdlib.h>

sk_watch *ginet__sk_watch_find(sk_loop *l, int fd)
{
    for (size_t i = 0; i < l->nwatches; i++)
        if (l->watches[i].fd == fd)
            return &l->watches[i];
    return NULL;
}

static short poll_events(uint32_t events)
{
    return (short)(((events & GINET_BK_WATCH_IN) ? POLLIN : 0)
                   | ((events & GINET_BK_WATCH_OUT) ? POLLOUT : 0));
}

static int add(sk_loop *l, int fd, uint32_t events, ginet_bk_watch_fn cb, void *arg)
{
    if (l->nwatches == l->capwatches) {
        size_t cap = l->capwatches ? l->capwatches * 2 : 8;
        sk_watch *t = realloc(l->watches, cap * sizeof *t);
        if (t == NULL)
            return GINET_ENOMEM;
        l->watches = t;
        l->capwatches = cap;
    }
    size_t idx;
    int rc = ginet__sk_set_add(l, fd, poll_events(events), NULL, &idx);
    if (rc == 0)
        l->watches[l->nwatches++] = (sk_watch){ fd, events, idx, cb, arg };
    return rc;
}

int ginet__sk_watch(void *loop, intptr_t fd, uint32_t events,
                    ginet_bk_watch_fn cb, void *arg)
{
    sk_loop *l = loop;
    if (l == NULL || fd < 0 || fd > INT32_MAX
        || (events & ~(GINET_BK_WATCH_IN | GINET_BK_WATCH_OUT)))
        return GINET_EINVAL;
    if (events != 0 && cb == NULL)
        return GINET_EINVAL;
    /* poll(2) would only say POLLNVAL for a descriptor that is not open:
     * refuse it now, as epoll_ctl() does. */
    if (events != 0 && fcntl((int)fd, F_GETFD) < 0)
        return GINET_EBADF;
    int rc = 0;
    pthread_mutex_lock(&l->lock);
    sk_watch *w = ginet__sk_watch_find(l, (int)fd);
    if (events == 0) {
        if (w != NULL) {
            ginet__sk_set_del(l, w->idx);
            *w = l->watches[--l->nwatches];
        }
    } else if (w != NULL) {
        if (w->events != events) {
            l->pfd[w->idx].events = poll_events(events);
            l->dirty = 1;
        }
        w->events = events;
        w->cb = cb;
        w->arg = arg;
    } else {
        rc = add(l, (int)fd, events, cb, arg);
    }
    pthread_mutex_unlock(&l->lock);
    return rc;
}

int ginet__sk_watch_event(sk_loop *l, int fd, short revents)
{
    pthread_mutex_lock(&l->lock);
    sk_watch *w = ginet__sk_watch_find(l, fd);
    uint32_t ready = 0;
    ginet_bk_watch_fn cb = NULL;
    void *arg = NULL;
    if (w != NULL) {
        if ((revents & (POLLIN | POLLHUP)) && (w->events & GINET_BK_WATCH_IN))
            ready |= GINET_BK_WATCH_IN;
        if ((revents & POLLOUT) && (w->events & GINET_BK_WATCH_OUT))
            ready |= GINET_BK_WATCH_OUT;
        if (revents & (POLLERR | POLLHUP | POLLNVAL))
            ready |= GINET_BK_WATCH_ERR;
        cb = w->cb;
        arg = w->arg;
    }
    pthread_mutex_unlock(&l->lock);
    if (ready == 0)
        return 0;
    cb(arg, fd, ready);                      /* it may change the table */
    return 1;
}

void ginet__sk_watch_fini(sk_loop *l)
{
    free(l->watches);
    l->watches = NULL;
    l->nwatches = l->capwatches = 0;
}
