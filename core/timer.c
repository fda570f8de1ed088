/*
 * core/timer.c — owns the loop timers: a binary min-heap of deadlines
 * (core/timer.h).  Loop thread only, so no lock.
 */
#include "core/timer.h"

#include "core/sync.h"

#include <ginet/error.h>

#include <limits.h>
#include <stdlib.h>

static int earlier(const ginet__timer *a, const ginet__timer *b)
{
    return a->deadline < b->deadline;
}

static void place(ginet__timers *ts, size_t i, ginet__timer *t)
{
    ts->heap[i] = t;
    t->slot = i + 1;
}

static void sift_up(ginet__timers *ts, size_t i)
{
    ginet__timer *t = ts->heap[i];
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!earlier(t, ts->heap[parent]))
            break;
        place(ts, i, ts->heap[parent]);
        i = parent;
    }
    place(ts, i, t);
}

static void sift_down(ginet__timers *ts, size_t i)
{
    ginet__timer *t = ts->heap[i];
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= ts->count)
            break;
        if (child + 1 < ts->count && earlier(ts->heap[child + 1], ts->heap[child]))
            child++;
        if (!earlier(ts->heap[child], t))
            break;
        place(ts, i, ts->heap[child]);
        i = child;
    }
    place(ts, i, t);
}

static void remove_at(ginet__timers *ts, size_t i)
{
    ginet__timer *t = ts->heap[i];
    t->slot = 0;
    ts->count--;
    if (i == ts->count)
        return;
    place(ts, i, ts->heap[ts->count]);
    if (i > 0 && earlier(ts->heap[i], ts->heap[(i - 1) / 2]))
        sift_up(ts, i);
    else
        sift_down(ts, i);
}

int ginet__timer_start(ginet__timers *ts, ginet__timer *timer, int64_t deadline,
                       void (*fn)(ginet__timer *timer))
{
    if (timer->slot != 0)
        remove_at(ts, timer->slot - 1);
    if (ts->count == ts->cap) {
        size_t cap = ts->cap ? ts->cap * 2 : 16;
        ginet__timer **heap = realloc(ts->heap, cap * sizeof *heap);
        if (heap == NULL)
            return GINET_ENOMEM;
        ts->heap = heap;
        ts->cap = cap;
    }
    timer->fn = fn;
    timer->deadline = deadline;
    ts->heap[ts->count] = timer;
    timer->slot = ++ts->count;
    sift_up(ts, ts->count - 1);
    return 0;
}

void ginet__timer_stop(ginet__timers *ts, ginet__timer *timer)
{
    if (timer->slot != 0)
        remove_at(ts, timer->slot - 1);
}

int ginet__timers_timeout(const ginet__timers *ts)
{
    if (ts->count == 0)
        return -1;
    int64_t left = ts->heap[0]->deadline - ginet__now_ms();
    if (left <= 0)
        return 0;
    return left >= INT_MAX ? INT_MAX : (int)left;
}

void ginet__timers_run(ginet__timers *ts)
{
    int64_t now = ginet__now_ms();
    /* At most as many calls as there were timers: one that its callback
     * re-arms for "now" waits for the next round instead of spinning. */
    size_t budget = ts->count;
    while (budget-- > 0 && ts->count > 0 && ts->heap[0]->deadline <= now) {
        ginet__timer *t = ts->heap[0];
        remove_at(ts, 0);
        t->fn(t);
    }
}
