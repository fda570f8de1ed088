/*
 * backends/uring/uring.c — the io_uring backend: its table, the probe, and
 * the loop (one ring, an eventfd watched by a POLL_ADD to wake it, the
 * pending list turned into SQEs, CQEs turned into completions, the close
 * completions).  The socket operations are in uring_sock.c, requests as
 * SQEs in uring_io.c, options in uring_options.c, foreign descriptors in
 * uring_watch.c; the model, locking and lifetime rules are in uring.h.
 */
#include "backends/uring/uring.h"
#include "platform/linux/options.h"
#include "platform/posix/closing.h"

#include <ginet/error.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#define UR_SQ_ENTRIES 256          /* SQEs per submission batch */
#define UR_CQ_ENTRIES 4096         /* CQ ring; NODROP keeps any overflow */
#define UR_CQE_BATCH 64

/* The opcodes the backend submits. */
static const int needed_ops[] = {
    IORING_OP_NOP, IORING_OP_ACCEPT, IORING_OP_RECV, IORING_OP_RECVMSG,
    IORING_OP_SEND, IORING_OP_SENDMSG, IORING_OP_POLL_ADD,
    IORING_OP_POLL_REMOVE, IORING_OP_ASYNC_CANCEL,
};

static int ring_setup(struct io_uring *ring, unsigned entries, unsigned cq)
{
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    /* COOP_TASKRUN: a completion does not interrupt the loop thread (an
     * IPI per arriving packet); its task work runs when the thread enters
     * the kernel, which it does every round, or wakes it if it waits.
     * TASKRUN_FLAG tells liburing's peek to enter for it. */
    p.flags = IORING_SETUP_CQSIZE | IORING_SETUP_SUBMIT_ALL
              | IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG;
    p.cq_entries = cq;
    int rc = io_uring_queue_init_params(entries, ring, &p);
    if (rc == -EINVAL) {                     /* an older kernel: the plain ring */
        memset(&p, 0, sizeof p);
        p.flags = IORING_SETUP_CQSIZE;
        p.cq_entries = cq;
        rc = io_uring_queue_init_params(entries, ring, &p);
    }
    return rc;
}

struct setup_job {
    struct io_uring *ring;
    unsigned entries, cq;
    int rc;
};

static void *setup_main(void *arg)
{
    struct setup_job *j = arg;
    j->rc = ring_setup(j->ring, j->entries, j->cq);
    return NULL;
}

/*
 * A new ring, made on a short-lived thread.  The kernel remembers the
 * task that created a ring and, when the ring goes away, interrupts it
 * (task work with TWA_SIGNAL): a blocking call of the caller's — its own
 * epoll_wait, read, ... — would fail with EINTR long after.  A thread that
 * has exited is forgotten.  0 or -errno.
 */
static int ring_init(struct io_uring *ring, unsigned entries, unsigned cq)
{
    struct setup_job j = { ring, entries, cq, 0 };
    pthread_t tid;
    if (pthread_create(&tid, NULL, setup_main, &j) != 0)
        return ring_setup(ring, entries, cq);  /* no thread: on this one */
    pthread_join(tid, NULL);
    return j.rc;
}

/* What the ring lacks that the backend needs: NULL, or a reason. */
static const char *ring_lacks(struct io_uring *ring)
{
    if (!(ring->features & IORING_FEAT_NODROP))
        return "the kernel lacks IORING_FEAT_NODROP (Linux 5.5)";
    if (!(ring->features & IORING_FEAT_EXT_ARG))
        return "the kernel lacks IORING_FEAT_EXT_ARG (Linux 5.11)";
    struct io_uring_probe *pr = io_uring_get_probe_ring(ring);
    if (pr == NULL)
        return "IORING_REGISTER_PROBE failed";
    const char *why = NULL;
    for (size_t i = 0; i < sizeof needed_ops / sizeof needed_ops[0] && why == NULL; i++)
        if (!io_uring_opcode_supported(pr, needed_ops[i]))
            why = "the kernel lacks an io_uring opcode the backend uses (Linux 5.6)";
    io_uring_free_probe(pr);
    return why;
}

static int probe(char *why, size_t whylen)
{
    struct io_uring ring;
    int rc = ring_init(&ring, 4, 8);
    if (rc < 0) {
        snprintf(why, whylen, "io_uring_queue_init: %s%s", strerror(-rc),
                 rc == -EPERM ? " (kernel.io_uring_disabled, or a seccomp filter)"
                 : rc == -ENOSYS ? " (kernel without io_uring, or a seccomp filter)" : "");
        return ginet_error_from_errno(-rc);
    }
    const char *lack = ring_lacks(&ring);
    io_uring_queue_exit(&ring);
    if (lack != NULL) {
        snprintf(why, whylen, "%s", lack);
        return GINET_ENOTSUP;
    }
    return 0;
}

static int loop_init(void *state, const ginet_bk_loop_params *params)
{
    ur_loop *l = state;
    if (params == NULL || params->complete == NULL)
        return GINET_EINVAL;
    memset(l, 0, sizeof *l);
    l->complete = params->complete;
    l->ctx = params->ctx;
    int rc = ring_init(&l->ring, UR_SQ_ENTRIES, UR_CQ_ENTRIES);
    if (rc < 0)
        return ginet_error_from_errno(-rc);
    if (ring_lacks(&l->ring) != NULL) {
        io_uring_queue_exit(&l->ring);
        return GINET_ENOTSUP;
    }
    l->wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (l->wakefd < 0) {
        rc = ginet_error_from_errno(errno);
        io_uring_queue_exit(&l->ring);
        return rc;
    }
    if (pthread_mutex_init(&l->lock, NULL) != 0) {
        close(l->wakefd);
        io_uring_queue_exit(&l->ring);
        return GINET_ENOMEM;
    }
    return 0;
}

static void loop_fini(void *state)
{
    ur_loop *l = state;
    io_uring_queue_exit(&l->ring);           /* cancels the wake and watch polls */
    close(l->wakefd);
    pthread_mutex_destroy(&l->lock);
    ginet__ur_watch_fini(l);
}

static void wake(ur_loop *l)
{
    uint64_t one = 1;
    /* Fails only when the counter is saturated, which wakes the loop too. */
    ssize_t n = write(l->wakefd, &one, sizeof one);
    (void)n;
}

/* Async-signal-safe: one write(2). */
static void wakeup(void *state)
{
    wake(state);
}

/* Loop locked: whether the caller must write the eventfd (once unlocked). */
static int must_wake(ur_loop *l)
{
    if (!l->sleeping || l->woken)
        return 0;                            /* it looks at the lists before sleeping */
    l->woken = 1;
    return 1;
}

void ginet__ur_queue(ur_loop *l, ur_sock *s)
{
    pthread_mutex_lock(&l->lock);
    if (!s->on_pend) {
        s->on_pend = 1;
        s->next_pend = l->pend;
        l->pend = s;
    }
    int w = must_wake(l);
    pthread_mutex_unlock(&l->lock);
    if (w)
        wake(l);
}

void ginet__ur_loop_closing(ur_loop *l, ur_sock *s)
{
    pthread_mutex_lock(&l->lock);
    s->next_closing = l->closing;
    l->closing = s;
    int w = must_wake(l);
    pthread_mutex_unlock(&l->lock);
    if (w)
        wake(l);
}

struct io_uring_sqe *ginet__ur_sqe(ur_loop *l)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(&l->ring);
    if (sqe == NULL) {
        /* Full: hand the kernel what is there.  EBUSY (a CQ overflow
         * backlog) or EAGAIN: nothing taken, try again next round. */
        int rc;
        do
            rc = io_uring_submit(&l->ring);
        while (rc == -EINTR);
        sqe = io_uring_get_sqe(&l->ring);
    }
    return sqe;
}

/* ------------------------------------------------------------ the loop */

/* Turn the pending list into SQEs (they go to the kernel with the next
 * io_uring_enter).  Sockets the ring has no room for stay queued. */
static void flush(ur_loop *l)
{
    l->sq_blocked = 0;
    if (!l->wake_armed) {
        struct io_uring_sqe *sqe = ginet__ur_sqe(l);
        if (sqe == NULL) {
            l->sq_blocked = 1;
            return;
        }
        io_uring_prep_poll_add(sqe, l->wakefd, POLLIN);
        io_uring_sqe_set_data64(sqe, UR_T_WAKE);
        l->wake_armed = 1;
    }
    pthread_mutex_lock(&l->lock);
    ur_sock *s = l->pend;
    l->pend = NULL;
    for (ur_sock *p = s; p != NULL; p = p->next_pend)
        p->on_pend = 0;
    pthread_mutex_unlock(&l->lock);
    while (s != NULL) {
        ur_sock *next = s->next_pend;
        pthread_mutex_lock(&s->lock);
        int full = ginet__ur_prep(s) != 0;
        if (full) {
            /* Requeue S and the rest; the next round goes on. */
            pthread_mutex_lock(&l->lock);
            for (ur_sock *p = s; p != NULL; p = next) {
                next = p->next_pend;
                if (!p->on_pend) {
                    p->on_pend = 1;
                    p->next_pend = l->pend;
                    l->pend = p;
                }
            }
            pthread_mutex_unlock(&l->lock);
            pthread_mutex_unlock(&s->lock);
            l->sq_blocked = 1;
            return;
        }
        pthread_mutex_unlock(&s->lock);
        s = next;
    }
}

/* Whether close(2) of FD may wait (SO_LINGER on with a time). */
static int lingers(int fd)
{
    struct linger lg;
    socklen_t n = sizeof lg;
    return getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, &n) == 0 && lg.l_onoff && lg.l_linger > 0;
}

static void *close_aside_main(void *arg)
{
    ur_sock *s = arg;
    close(s->close_fd);
    s->close_fd = -1;
    ginet__ur_loop_closing(s->loop, s);      /* the loop finishes it */
    return NULL;
}

/* The loop never waits for a lingering close(2): a thread of its own does
 * it and hands S back.  0, or -1 when no thread could be started. */
static int close_aside(ur_sock *s)
{
    pthread_attr_t attr;
    pthread_t tid;
    if (pthread_attr_init(&attr) != 0)
        return -1;
    int ok = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0
             && pthread_create(&tid, &attr, close_aside_main, s) == 0;
    pthread_attr_destroy(&attr);
    return ok ? 0 : -1;
}

/* Deliver the withdrawn requests and close completions of the closed
 * sockets nothing in the kernel names any more.  *WAITING: whether some
 * closed socket is still queued for SQEs (the next round delivers it). */
static int deliver_closes(ur_loop *l, int *waiting)
{
    ur_sock *ready = NULL, **keep;
    *waiting = 0;
    pthread_mutex_lock(&l->lock);
    keep = &l->closing;
    while (*keep != NULL) {
        ur_sock *s = *keep;
        /* refs changes only on this thread; on_pend under the loop mutex. */
        if (s->refs == 0 && !s->on_pend) {
            *keep = s->next_closing;
            s->next_closing = ready;
            ready = s;
        } else {
            *waiting |= s->on_pend;
            keep = &s->next_closing;
        }
    }
    pthread_mutex_unlock(&l->lock);
    int n = 0;
    while (ready != NULL) {
        ur_sock *s = ready, *next = s->next_closing;  /* S may be freed below */
        if (s->close_fd >= 0) {
            /* Nothing in the kernel names it any more: this releases it. */
            if (lingers(s->close_fd) && close_aside(s) == 0) {
                ready = next;                /* back on the list when closed */
                continue;
            }
            close(s->close_fd);
            s->close_fd = -1;
        }
        n += ginet__close_deliver(l->complete, l->ctx, s, &s->withdrawn_in,
                                  &s->withdrawn_out, s->close_req, &s->lock);
        ready = next;
    }
    return n;
}

/* One CQE: the callbacks it made (0 or 1). */
static int handle(ur_loop *l, uint64_t data, int res)
{
    unsigned tag = (unsigned)(data & UR_TAG_MASK);
    if (tag == UR_T_WAKE) {
        uint64_t v;
        ssize_t r = read(l->wakefd, &v, sizeof v);
        (void)r;
        l->wake_armed = 0;                   /* flush() arms it again */
        return 0;
    }
    if (tag == UR_T_WATCH)
        return ginet__ur_watch_cqe(l, data, res);
    ur_sock *s = (ur_sock *)(uintptr_t)(data & UR_PTR_MASK);
    pthread_mutex_lock(&s->lock);
    ginet_bk_req *done = NULL;
    if (tag == UR_T_CANCEL)
        s->refs--;                           /* its answer changes nothing */
    else
        done = ginet__ur_cqe(s, tag == UR_T_OUT, (unsigned)(data >> UR_SEQ_SHIFT), res);
    pthread_mutex_unlock(&s->lock);
    if (done == NULL)
        return 0;
    l->complete(l->ctx, s, done);
    return 1;
}

/* Take every CQE there is (NODROP: overflowed ones are flushed in). */
static int reap(ur_loop *l)
{
    struct io_uring_cqe *cqes[UR_CQE_BATCH];
    int n = 0;
    for (;;) {
        unsigned k = io_uring_peek_batch_cqe(&l->ring, cqes, UR_CQE_BATCH);
        if (k == 0)
            break;
        for (unsigned i = 0; i < k; i++) {
            uint64_t data = io_uring_cqe_get_data64(cqes[i]);
            int res = cqes[i]->res;
            /* Seen before the callback: it may submit, never reap. */
            io_uring_cqe_seen(&l->ring, cqes[i]);
            n += handle(l, data, res);
        }
    }
    return n;
}

static int poll_loop(void *state, int timeout_ms)
{
    ur_loop *l = state;
    int waiting;
    /* Watches first, and only here: one that fired in the last poll() is
     * armed again now, so a descriptor that stays ready is reported once
     * per poll(), level-triggered (uring_watch.c). */
    int wblocked = l->watch_dirty && ginet__ur_watch_prep(l) != 0;
    int n = reap(l);                         /* CQEs already there: no wait */
    flush(l);                                /* after: a CQE may re-arm or requeue */
    n += deliver_closes(l, &waiting);
    /* Sleep only with the eventfd's poll armed and nothing left to
     * prepare (a callback above may have queued or watched). */
    int t = (n > 0 || waiting || wblocked || l->sq_blocked || !l->wake_armed
             || l->watch_dirty) ? 0 : timeout_ms;
    if (t != 0) {
        pthread_mutex_lock(&l->lock);
        /* Queued since we looked (no wake was written for it)? */
        int now = l->pend != NULL;
        for (ur_sock *s = l->closing; s != NULL && !now; s = s->next_closing)
            now = s->refs == 0;
        if (now) {
            t = 0;
        } else {
            l->sleeping = 1;
            l->woken = 0;
        }
        pthread_mutex_unlock(&l->lock);
    }
    struct __kernel_timespec ts = { .tv_sec = t > 0 ? t / 1000 : 0,
                                    .tv_nsec = t > 0 ? (long long)(t % 1000) * 1000000 : 0 };
    struct io_uring_cqe *cqe;
    atomic_fetch_add_explicit(&l->round, 1, memory_order_relaxed);  /* hints expire */
    int rc = io_uring_submit_and_wait_timeout(&l->ring, &cqe, t != 0 ? 1 : 0,
                                              t > 0 ? &ts : NULL, NULL);
    if (t != 0) {
        pthread_mutex_lock(&l->lock);
        l->sleeping = 0;
        pthread_mutex_unlock(&l->lock);
    }
    if (rc < 0 && rc != -ETIME && rc != -EINTR && rc != -EAGAIN && rc != -EBUSY
        && n == 0 && io_uring_cq_ready(&l->ring) == 0)
        return ginet_error_from_errno(-rc);
    n += reap(l);
    return n + deliver_closes(l, &waiting);
}

static const ginet_backend table = {
    .abi_version = GINET_BACKEND_ABI_VERSION,
    .struct_size = sizeof(ginet_backend),
    .name = "uring",
    .description = "Linux io_uring; recv/send tried inline first, the ring when they would block",
    .caps = GINET_BKCAP_COMPLETION | GINET_BKCAP_INLINE | GINET_BKCAP_TCP
          | GINET_BKCAP_UDP | GINET_BKCAP_LOCAL | GINET_BKCAP_IPV6
          | GINET_BKCAP_V6ONLY | GINET_BKCAP_REUSEPORT
          | GINET_BKCAP_REUSEPORT_LB | GINET_BKCAP_NETNS
          | GINET_BKCAP_BINDTODEVICE | GINET_BKCAP_ADOPT_FD
          | GINET_BKCAP_ANCILLARY,
    .loop_size = sizeof(ur_loop),
    .sock_size = sizeof(ur_sock),
    .options = ginet__linux_options,
    .probe = probe,
    .loop_init = loop_init,
    .loop_fini = loop_fini,
    .poll = poll_loop,
    .wakeup = wakeup,
    .sock_open = ginet__ur_sock_open,
    .sock_close = ginet__ur_sock_close,
    .bind = ginet__ur_bind,
    .listen = ginet__ur_listen,
    .submit = ginet__ur_submit,
    .cancel = ginet__ur_cancel,
    .shutdown = ginet__ur_shutdown,
    .setopt = ginet__ur_setopt,
    .getopt = ginet__ur_getopt,
    .sockname = ginet__ur_sockname,
    .peername = ginet__ur_peername,
    .native_handle = ginet__ur_native_handle,
    .watch = ginet__ur_watch,
};

/* The module's one exported symbol (GINET_BACKEND_ENTRY_SYMBOL). */
const ginet_backend *ginet_backend_entry(void);
__attribute__((visibility("default")))
const ginet_backend *ginet_backend_entry(void)
{
    return &table;
}
