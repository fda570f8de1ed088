/*
 * core/loop.c — owns the loop threads: one per loaded backend, started on
 * first use, each running the backend's poll() and the tasks other threads
 * post to it.
 */
#include "core/loop.h"

#include "core/last_error.h"
#include "core/runtime.h"
#include "core/socket_internal.h"
#include "core/sync.h"
#include "core/timer.h"

#include <ginet/ginet.h>

#include <apr_thread_proc.h>
#include <stdlib.h>
#include <string.h>

struct ginet__loop {
    const ginet_backend *bk;
    void *bk_state;                 /* bk->loop_size bytes, aligned */
    ginet__mutex lock;              /* protects tasks */
    ginet__task *tasks;             /* LIFO list, reversed when run */
    apr_thread_t *thread;
    ginet__loop *next;              /* registry */
    ginet__timers timers;           /* loop-thread timers (core/timer.c) */
};

static ginet__mutex registry_lock = PTHREAD_MUTEX_INITIALIZER;
static ginet__loop *registry;

static void on_complete(void *ctx, void *bksock, ginet_bk_req *req)
{
    (void)ctx;
    (void)bksock;
    ginet__socket_complete(req);
}

static void run_tasks(ginet__loop *loop)
{
    ginet__lock(&loop->lock);
    ginet__task *list = loop->tasks;
    loop->tasks = NULL;
    ginet__unlock(&loop->lock);
    /* Posted LIFO: reverse to run them in the order they were posted. */
    ginet__task *ordered = NULL;
    while (list != NULL) {
        ginet__task *next = list->next;
        list->next = ordered;
        ordered = list;
        list = next;
    }
    while (ordered != NULL) {
        ginet__task *next = ordered->next;
        ordered->fn(ordered);
        ordered = next;
    }
}

GINET__TLS const ginet__loop *ginet__current_loop;

static void *APR_THREAD_FUNC loop_main(apr_thread_t *thread, void *arg)
{
    (void)thread;
    ginet__loop *loop = arg;
    ginet__current_loop = loop;
    for (;;) {
        run_tasks(loop);
        ginet__timers_run(&loop->timers);
        ginet__lock(&loop->lock);
        int pending = loop->tasks != NULL;
        ginet__unlock(&loop->lock);
        /* Sleep no longer than until the earliest timer. */
        int timeout = pending ? 0 : ginet__timers_timeout(&loop->timers);
        /* Sends from callback owners during this poll go out together. */
        ginet__cork_begin();
        loop->bk->poll(loop->bk_state, timeout);
        ginet__cork_end();
    }
    return NULL;
}

int ginet__loop_get(const ginet_backend *bk, ginet__loop **out)
{
    int rc = ginet__runtime_init();
    if (rc != 0)
        return rc;
    ginet__lock(&registry_lock);
    for (ginet__loop *l = registry; l != NULL; l = l->next) {
        if (l->bk == bk) {
            ginet__unlock(&registry_lock);
            *out = l;
            return 0;
        }
    }
    ginet__loop *loop = calloc(1, sizeof *loop);
    size_t size = bk->loop_size ? bk->loop_size : 1;
    void *state = NULL;
    if (loop == NULL || posix_memalign(&state, 64, (size + 63) & ~(size_t)63) != 0) {
        free(loop);
        ginet__unlock(&registry_lock);
        return ginet__fail(GINET_ENOMEM, "out of memory creating the %s loop", bk->name);
    }
    memset(state, 0, size);
    loop->bk = bk;
    loop->bk_state = state;
    ginet__mutex_init(&loop->lock);
    ginet_bk_loop_params params = { on_complete, loop, 0 };
    rc = bk->loop_init(state, &params);
    if (rc != 0) {
        free(state);
        free(loop);
        ginet__unlock(&registry_lock);
        return ginet__fail(rc, "backend '%s' could not start a loop: %s",
                           bk->name, ginet_format_error(rc));
    }
    apr_threadattr_t *attr = NULL;
    apr_pool_t *pool = ginet__runtime_pool();
    if (apr_threadattr_create(&attr, pool) != APR_SUCCESS
        || apr_threadattr_detach_set(attr, 1) != APR_SUCCESS
        || apr_thread_create(&loop->thread, attr, loop_main, loop, pool) != APR_SUCCESS) {
        bk->loop_fini(state);
        free(state);
        free(loop);
        ginet__unlock(&registry_lock);
        return ginet__fail(GINET_ESYSTEM_LIMIT, "cannot start the %s loop thread", bk->name);
    }
    loop->next = registry;
    registry = loop;
    ginet__unlock(&registry_lock);
    *out = loop;
    return 0;
}

void *ginet__loop_backend_state(ginet__loop *loop) { return loop->bk_state; }
const ginet_backend *ginet__loop_backend(ginet__loop *loop) { return loop->bk; }
ginet__timers *ginet__loop_timers(ginet__loop *loop) { return &loop->timers; }

void ginet__loop_post(ginet__loop *loop, ginet__task *task)
{
    ginet__lock(&loop->lock);
    int was_empty = loop->tasks == NULL;
    task->next = loop->tasks;
    loop->tasks = task;
    ginet__unlock(&loop->lock);
    /* The loop thread itself needs no wakeup: it runs the tasks before it
     * polls again (loop_main), and a backend's poll() returns once it has
     * delivered something (include/ginet/backend.h).  Skipping it saves a
     * write and a wakeup read per posted task on the hot path (a receive
     * completing inline during a delivery posts the next delivery). */
    if (was_empty && !ginet__loop_is_current(loop))
        loop->bk->wakeup(loop->bk_state);
}

