/*
 * backends/uring/uring_watch.c — watch(): readiness of descriptors the
 * backend does not own (c-ares' sockets, for the resolver), level-
 * triggered, reported to a callback on the loop thread.
 *
 * Each watched descriptor has at most one one-shot POLL_ADD in the ring;
 * after its CQE the callback runs and the top of the next poll() arms it
 * again, so a descriptor that stays ready is reported again on the next
 * poll(), once per poll(): level-triggered.  user_data carries the fd and
 * a generation number, never a pointer into the table (which moves when
 * it grows): a CQE whose generation is not the entry's armed one is stale
 * (the poll was replaced, removed, or the descriptor unwatched) and is
 * dropped.  Changing the events removes the armed poll (POLL_REMOVE) and
 * arms a new one; EVENTS 0 marks the entry, which the next poll() removes after
 * its POLL_REMOVE, and no callback is made for it after watch() returns.
 * All of it runs on the loop thread (watch() is loop-thread only).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "backends/uring/uring.h"

#include <ginet/error.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>

static ur_watch *find(ur_loop *l, int fd)
{
    for (size_t i = 0; i < l->nwatches; i++)
        if (l->watches[i].fd == fd)
            return &l->watches[i];
    return NULL;
}

static uint64_t tag_of(int fd, uint32_t gen)
{
    return ((uint64_t)gen << 32) | ((uint64_t)(uint32_t)fd << 3) | UR_T_WATCH;
}

int ginet__ur_watch(void *loop, intptr_t fd, uint32_t events,
                    ginet_bk_watch_fn cb, void *arg)
{
    ur_loop *l = loop;
    if (fd < 0 || fd > (INT32_MAX >> 3) || (events & ~(GINET_BK_WATCH_IN | GINET_BK_WATCH_OUT)))
        return GINET_EINVAL;
    ur_watch *w = find(l, (int)fd);
    if (events == 0) {
        if (w != NULL) {
            w->events = 0;                   /* no callback from now on */
            w->cb = NULL;
            l->watch_dirty = 1;
        }
        return 0;
    }
    if (cb == NULL)
        return GINET_EINVAL;
    if (w == NULL) {
        if (fcntl((int)fd, F_GETFD) < 0)
            return ginet_error_from_errno(errno);  /* EBADF, as epoll_ctl says */
        if (l->nwatches == l->capwatches) {
            size_t cap = l->capwatches ? l->capwatches * 2 : 8;
            ur_watch *t = realloc(l->watches, cap * sizeof *t);
            if (t == NULL)
                return GINET_ENOMEM;
            l->watches = t;
            l->capwatches = cap;
        }
        w = &l->watches[l->nwatches++];
        *w = (ur_watch){ .fd = (int)fd };
    }
    w->events = events;
    w->cb = cb;
    w->arg = arg;
    w->broken = 0;
    l->watch_dirty = 1;
    return 0;
}

static unsigned poll_mask(uint32_t events)
{
    return ((events & GINET_BK_WATCH_IN) ? POLLIN | POLLRDHUP : 0u)
           | ((events & GINET_BK_WATCH_OUT) ? POLLOUT : 0u);
}

int ginet__ur_watch_prep(ur_loop *l)
{
    for (size_t i = 0; i < l->nwatches;) {
        ur_watch *w = &l->watches[i];
        if (w->armed_gen != 0 && w->armed_events != w->events) {
            struct io_uring_sqe *sqe = ginet__ur_sqe(l);
            if (sqe == NULL)
                return -1;
            io_uring_prep_poll_remove(sqe, tag_of(w->fd, w->armed_gen));
            io_uring_sqe_set_data64(sqe, tag_of(w->fd, 0));  /* generation 0: stale */
            w->armed_gen = 0;
        }
        if (w->events == 0) {
            *w = l->watches[--l->nwatches];  /* removed: look at the moved one */
            continue;
        }
        if (w->armed_gen == 0 && !w->broken) {
            struct io_uring_sqe *sqe = ginet__ur_sqe(l);
            if (sqe == NULL)
                return -1;
            if (++l->watch_gen == 0)
                l->watch_gen = 1;
            w->armed_gen = l->watch_gen;
            w->armed_events = w->events;
            io_uring_prep_poll_add(sqe, w->fd, poll_mask(w->events));
            io_uring_sqe_set_data64(sqe, tag_of(w->fd, w->armed_gen));
        }
        i++;
    }
    l->watch_dirty = 0;
    return 0;
}

int ginet__ur_watch_cqe(ur_loop *l, uint64_t data, int res)
{
    uint32_t gen = (uint32_t)(data >> 32);
    int fd = (int)((data & UINT64_C(0xffffffff)) >> 3);
    ur_watch *w = gen != 0 ? find(l, fd) : NULL;
    if (w == NULL || w->armed_gen != gen)
        return 0;                            /* replaced, removed or unwatched */
    w->armed_gen = 0;
    l->watch_dirty = 1;                      /* the next poll() arms it again */
    if (res < 0) {
        if (res != -ECANCELED)
            w->broken = 1;                   /* EBADF: closed under us; not again */
        return 0;
    }
    uint32_t ready = 0;
    if ((res & (POLLIN | POLLRDHUP | POLLHUP)) && (w->events & GINET_BK_WATCH_IN))
        ready |= GINET_BK_WATCH_IN;
    if ((res & POLLOUT) && (w->events & GINET_BK_WATCH_OUT))
        ready |= GINET_BK_WATCH_OUT;
    if (res & (POLLERR | POLLHUP))
        ready |= GINET_BK_WATCH_ERR;
    if (ready == 0 || w->cb == NULL)
        return 0;
    /* Copy out: the callback may change the table. */
    ginet_bk_watch_fn cb = w->cb;
    void *arg = w->arg;
    cb(arg, fd, ready);
    return 1;
}

void ginet__ur_watch_fini(ur_loop *l)
{
    free(l->watches);
    l->watches = NULL;
    l->nwatches = l->capwatches = 0;
}
