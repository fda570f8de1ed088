/*
 * tests/shim/shim.c — the fault-injecting shim backend (tests only): its
 * table, built at load from the inner backend's (GINET_SHIM_INNER, default
 * SHIM_DEFAULT_INNER), and the loop: the inner loop's completions are
 * queued and delivered from poll() in arrival order, some held back a few
 * polls.  The socket operations are in shim_sock.c, the fault decisions
 * and the control API in shim_faults.c; the rules in shim_internal.h.
 * Built twice: "shim" (inner GINET_SHIM_INNER, default epoll) and
 * "shim_socket" (inner always the socket backend: SHIM_FIXED_INNER).
 */
#include "tests/shim/shim_internal.h"
#include "tests/shim/shim.h"

#include <ginet/error.h>
#include <ginet/loader.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SHIM_NAME
#define SHIM_NAME "shim"
#endif
#ifndef SHIM_DEFAULT_INNER
#define SHIM_DEFAULT_INNER "epoll"
#endif

static ginet_backend table;
static const ginet_backend *inner;
static int inner_rc;
static char inner_why[600];
static char description[160];

const ginet_backend *ginet__shim_inner(void) { return inner; }

static int probe(char *why, size_t whylen)
{
    if (inner_rc != 0) {
        snprintf(why, whylen, "%s", inner_why);
        return inner_rc;
    }
    if (inner->probe != NULL)
        return inner->probe(why, whylen);
    return 0;
}

/* ------------------------------------------------------------ the queue */

void ginet__shim_enqueue(shim_loop *l, shim_node *n, int kind, shim_sock *s,
                         ginet_bk_req *req, uint64_t delay)
{
    n->kind = kind;
    n->s = s;
    n->req = req;
    n->due = l->tick + delay;
    n->next = &l->head;
    n->prev = l->head.prev;
    l->head.prev->next = n;
    l->head.prev = n;
    n->queued = 1;
    s->queued++;
}

void ginet__shim_dequeue(shim_loop *l, shim_node *n)
{
    (void)l;
    if (!n->queued)
        return;
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->next = n->prev = NULL;
    n->queued = 0;
    n->s->queued--;
}

/* The inner loop reports a completion: queue it behind everything else. */
static void inner_done(void *ctx, void *isock, ginet_bk_req *req)
{
    shim_loop *l = ctx;
    shim_sock *s = shim_outer_sock(isock);
    uint64_t delay = ginet__shim_fires(SF_DELAY) ? ginet__shim_delay_polls() : 0;
    int reset = 0;
    /* A reset armed while this RECV was in flight: what it read is lost,
     * as the kernel drops its queue on a reset. */
    if (req->op == GINET_BK_RECV && req->result > 0 && !(req->flags & GINET_BK_F_CANCELLED)
        && ginet__shim_take(inner->native_handle(isock), GINET_SHIM_RESET_RECV)) {
        req->result = GINET_ECONNRESET;
        req->flags &= ~GINET_BK_F_PEER_CLOSED;
        reset = 1;
        SHIM_COUNT(resets);
    }
    pthread_mutex_lock(&l->mu);
    if (reset)
        s->reset = 1;
    if (req->op == GINET_BK_CLOSE) {
        ginet__shim_enqueue(l, &s->close_node, QN_CLOSE, s, req, delay);
    } else {
        shim_slot *slot = ginet__shim_slot_of(s, req);
        if (slot != NULL) {                  /* always: one request per slot */
            slot->state = SL_HELD;
            ginet__shim_enqueue(l, &slot->node, QN_DELIVER, s, req, delay);
        }
    }
    pthread_mutex_unlock(&l->mu);
}

/* Hand a parked submission to the inner backend (mu held).  Returns 1
 * when it finished at once (its result set, to be delivered now). */
static int unpark(shim_sock *s, shim_slot *slot)
{
    ginet_bk_req *req = slot->req;
    req->flags &= ~(GINET_BK_F_INLINE | GINET_BK_F_TRY);
    slot->state = SL_INNER;
    int rc = inner->submit(shim_inner_sock(s), req);
    if (rc == GINET_EINPROGRESS)
        return 0;
    if (rc != 0)
        req->result = rc;                    /* refused: that is its outcome */
    slot->state = SL_HELD;
    return 1;
}

/* Deliver what is due, in order.  Returns how many completions went to
 * the frontend. */
static int deliver_due(shim_loop *l)
{
    int count = 0;
    pthread_mutex_lock(&l->mu);
    for (;;) {
        shim_node *n = l->head.next;
        if (n == &l->head || n->due > l->tick)
            break;
        shim_sock *s = n->s;
        ginet_bk_req *req = n->req;
        if (n->kind == QN_SUBMIT) {
            shim_slot *slot = ginet__shim_slot_of(s, req);
            ginet__shim_dequeue(l, n);
            if (slot == NULL || !unpark(s, slot))
                continue;
        } else {
            ginet__shim_dequeue(l, n);
        }
        int closing = n->kind == QN_CLOSE;
        if (!closing) {
            shim_slot *slot = ginet__shim_slot_of(s, req);
            if (slot != NULL)
                ginet__shim_restore(s, slot);
            /* Pinned while delivered: a sock_close() meanwhile (another
             * thread, or this callback) must not return 0 yet. */
            s->queued++;
        }
        SHIM_COUNT(completions);
        pthread_mutex_unlock(&l->mu);
        l->complete(l->ctx, s, req);
        count++;
        pthread_mutex_lock(&l->mu);
        /* After its close completion S may be freed: nothing touches it. */
        if (!closing)
            s->queued--;
    }
    pthread_mutex_unlock(&l->mu);
    return count;
}

/* ------------------------------------------------------------- the loop */

static int loop_init(void *state, const ginet_bk_loop_params *params)
{
    shim_loop *l = state;
    if (params == NULL || params->complete == NULL || inner == NULL)
        return GINET_EINVAL;
    l->complete = params->complete;
    l->ctx = params->ctx;
    l->head.next = l->head.prev = &l->head;
    l->tick = 0;
    l->inner = inner;
    if (pthread_mutex_init(&l->mu, NULL) != 0)
        return GINET_ENOMEM;
    ginet_bk_loop_params ip = { inner_done, l, params->flags };
    int rc = inner->loop_init(shim_inner_loop(l), &ip);
    if (rc != 0)
        pthread_mutex_destroy(&l->mu);
    return rc;
}

static void loop_fini(void *state)
{
    shim_loop *l = state;
    inner->loop_fini(shim_inner_loop(l));
    pthread_mutex_destroy(&l->mu);
}

static int poll_loop(void *state, int timeout_ms)
{
    shim_loop *l = state;
    pthread_mutex_lock(&l->mu);
    int holding = l->head.next != &l->head;
    pthread_mutex_unlock(&l->mu);
    int rc = inner->poll(shim_inner_loop(l), holding ? 0 : timeout_ms);
    pthread_mutex_lock(&l->mu);
    l->tick++;
    pthread_mutex_unlock(&l->mu);
    int n = deliver_due(l);
    return rc < 0 && n == 0 ? rc : n;
}

static void wakeup(void *state)
{
    shim_loop *l = state;
    inner->wakeup(shim_inner_loop(l));
}

static int watch(void *state, intptr_t fd, uint32_t events,
                 ginet_bk_watch_fn cb, void *arg)
{
    shim_loop *l = state;
    if (!GINET_BK_HAS(inner, watch))
        return GINET_ENOTSUP;
    return inner->watch(shim_inner_loop(l), fd, events, cb, arg);
}

/* ------------------------------------------------------------ the table */

static void build_table(void)
{
#ifdef SHIM_FIXED_INNER
    const char *name = SHIM_FIXED_INNER;     /* "shim_socket": always socket */
#else
    const char *name = getenv("GINET_SHIM_INNER");
    if (name == NULL || *name == '\0')
        name = SHIM_DEFAULT_INNER;
#endif
    memset(&table, 0, sizeof table);
    table.abi_version = GINET_BACKEND_ABI_VERSION;
    table.struct_size = sizeof(ginet_backend);
    table.name = SHIM_NAME;
    table.probe = probe;
    table.loop_init = loop_init;
    table.loop_fini = loop_fini;
    table.poll = poll_loop;
    table.wakeup = wakeup;
    table.sock_open = ginet__shim_sock_open;
    table.sock_close = ginet__shim_sock_close;
    table.bind = ginet__shim_bind;
    table.listen = ginet__shim_listen;
    table.submit = ginet__shim_submit;
    table.cancel = ginet__shim_cancel;
    table.shutdown = ginet__shim_shutdown;
    table.setopt = ginet__shim_setopt;
    table.getopt = ginet__shim_getopt;
    table.sockname = ginet__shim_sockname;
    table.peername = ginet__shim_peername;
    table.native_handle = ginet__shim_native_handle;

    static const ginet_bk_option_row none[] = { { 0, GINET_BK_UNSUPPORTED, NULL } };
    if (strncmp(name, "shim", 4) == 0) {
        inner_rc = GINET_EINVAL;
        snprintf(inner_why, sizeof inner_why, "GINET_SHIM_INNER=%s: the shim "
                 "cannot wrap itself", name);
    } else {
        inner_rc = ginet_backend_load(name, &inner);
        if (inner_rc != 0)
            snprintf(inner_why, sizeof inner_why, "inner backend: %s", ginet_last_error());
    }
    if (inner_rc != 0) {
        inner = NULL;
        table.caps = GINET_BKCAP_READINESS;  /* the probe says why not */
        table.options = none;
        table.description = "fault-injecting test shim (inner backend missing)";
        return;
    }
    /* The inner backend's abilities, except several completions per
     * submission, which the shim's slots do not model. */
    table.caps = inner->caps & ~GINET_BKCAP_MULTISHOT;
    table.loop_size = SHIM_LOOP_HDR + inner->loop_size;
    table.sock_size = SHIM_SOCK_HDR + inner->sock_size;
    table.options = inner->options;
    if (GINET_BK_HAS(inner, watch))
        table.watch = watch;
    snprintf(description, sizeof description,
             "fault-injecting test shim over %s (tests/shim)", inner->name);
    table.description = description;
    ginet__shim_faults_init();
}

/* The module's entry (GINET_BACKEND_ENTRY_SYMBOL).  Called by the loader
 * with its lock held; loading the inner backend from here is allowed
 * (include/ginet/loader.h). */
const ginet_backend *ginet_backend_entry(void);
__attribute__((visibility("default")))
const ginet_backend *ginet_backend_entry(void)
{
    if (table.name == NULL)
        build_table();
    return &table;
}
