/*
 * tests/unit/test_backend_watch.c — the watch() operation of the backend
 * contract: readiness of descriptors a backend does not own (the
 * resolver's c-ares sockets), level-triggered, on the thread that runs
 * poll().
 */
#include "test_backend.h"

#include <stdlib.h>
#include <unistd.h>

/* watch(): level-triggered readiness of descriptors the backend does not
 * own, reported on the thread that runs poll() (here, this one); events
 * replaced, stopped, a closed descriptor refused, and many watches with
 * half of them removed (the poll backend moves entries around). */
static int watch_hits;
static uint32_t watch_last;

static void watch_cb(void *arg, intptr_t fd, uint32_t events)
{
    (void)arg;
    (void)fd;
    watch_hits++;
    watch_last = events;
}

static void watch_complete(void *ctx, void *sock, ginet_bk_req *req)
{
    (void)ctx;
    (void)sock;
    (void)req;
}

static void watch_foreign(void)
{
    const ginet_backend *bk = tb_backend();
    if (!GINET_BK_HAS(bk, watch))
        GINET_SKIP("backend '%s' has no watch()", bk->name);
    void *l = calloc(1, bk->loop_size);
    ginet_bk_loop_params params = { watch_complete, NULL, 0 };
    CU_ASSERT_FATAL(l != NULL && bk->loop_init(l, &params) == 0);
    int p[2], many[24][2];
    CU_ASSERT_FATAL(pipe(p) == 0);
    watch_hits = 0;
    CU_ASSERT_EQUAL(bk->watch(l, p[0], GINET_BK_WATCH_IN, watch_cb, NULL), 0);
    bk->poll(l, 0);
    CU_ASSERT_EQUAL(watch_hits, 0);
    CU_ASSERT(write(p[1], "x", 1) == 1);
    bk->poll(l, TB_WAIT);
    CU_ASSERT(watch_hits == 1 && watch_last == GINET_BK_WATCH_IN);
    bk->poll(l, 0);                          /* level-triggered: again */
    CU_ASSERT_EQUAL(watch_hits, 2);
    CU_ASSERT_EQUAL(bk->watch(l, p[0], 0, NULL, NULL), 0);
    CU_ASSERT_EQUAL(bk->watch(l, p[1], GINET_BK_WATCH_OUT, watch_cb, NULL), 0);
    watch_hits = 0;
    bk->poll(l, 0);
    CU_ASSERT(watch_hits == 1 && watch_last == GINET_BK_WATCH_OUT);
    CU_ASSERT_EQUAL(bk->watch(l, p[1], 0, NULL, NULL), 0);
    watch_hits = 0;
    bk->poll(l, 0);
    CU_ASSERT_EQUAL(watch_hits, 0);
    int bad = dup(p[0]);
    close(bad);                              /* a number no longer open */
    CU_ASSERT_EQUAL(bk->watch(l, bad, GINET_BK_WATCH_IN, watch_cb, NULL), GINET_EBADF);
    int n = 0;
    for (; n < 24 && pipe(many[n]) == 0; n++)
        CU_ASSERT_EQUAL(bk->watch(l, many[n][0], GINET_BK_WATCH_IN, watch_cb, NULL), 0);
    for (int i = 0; i < n; i += 2)
        CU_ASSERT_EQUAL(bk->watch(l, many[i][0], 0, NULL, NULL), 0);
    for (int i = 0; i < n; i++)
        CU_ASSERT(write(many[i][1], "y", 1) == 1);
    watch_hits = 0;
    bk->poll(l, TB_WAIT);
    CU_ASSERT_EQUAL(watch_hits, n / 2);
    for (int i = 1; i < n; i += 2)
        CU_ASSERT_EQUAL(bk->watch(l, many[i][0], 0, NULL, NULL), 0);
    watch_hits = 0;
    bk->poll(l, 0);
    CU_ASSERT_EQUAL(watch_hits, 0);
    for (int i = 0; i < n; i++) {
        close(many[i][0]);
        close(many[i][1]);
    }
    close(p[0]);
    close(p[1]);
    bk->loop_fini(l);
    free(l);
}

const ginet_test_case tb_watch_cases[] = {
    { "watch_foreign", watch_foreign },
    { NULL, NULL }
};
