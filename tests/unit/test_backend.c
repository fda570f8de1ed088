/*
 * tests/unit/test_backend.c — the backend contract (include/ginet/
 * backend.h) checked against every backend: the suite "backend[NAME]" is
 * registered once per backend ginet_backends() lists.  A backend that
 * loads runs every case; one that does not is a SKIP with the loader's
 * reason — except epoll on Linux, whose failure to load fails the run.
 * This file holds the shared machinery (a loop thread of the test's own,
 * counted completions, socket helpers), the table checks and main(); the
 * I/O cases are in test_backend_io.c, options and addresses in
 * test_backend_opts.c.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "test_backend.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------- backend */

static int suite_backend_name(char *buf, size_t cap)
{
    CU_pSuite s = CU_get_current_suite();
    const char *n = s != NULL ? s->pName : NULL;
    const char *lb = n != NULL ? strchr(n, '[') : NULL;
    const char *rb = lb != NULL ? strchr(lb, ']') : NULL;
    if (rb == NULL || (size_t)(rb - lb - 1) >= cap)
        return -1;
    memcpy(buf, lb + 1, (size_t)(rb - lb - 1));
    buf[rb - lb - 1] = '\0';
    return 0;
}

const ginet_backend *tb_backend(void)
{
    char name[64];
    const ginet_backend *bk = NULL;
    if (suite_backend_name(name, sizeof name) != 0 || ginet_backend_load(name, &bk) != 0)
        return NULL;
    return bk;
}

/* ---------------------------------------------------------------- time */

long long tb_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void tb_sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* ---------------------------------------------------------------- loop */

static void violation(tb_loop *l, const char *what)
{
    fprintf(stderr, "contract violation: %s\n", what);
    atomic_fetch_add(&l->violations, 1);
}

static void on_complete(void *ctx, void *sock, ginet_bk_req *req)
{
    tb_loop *l = ctx;
    tb_req *t = req->user;
    if (t == NULL) {
        violation(l, "completion of a request with no cookie");
        return;
    }
    tb_sock *o = t->owner;
    if (o != NULL && atomic_load(&o->closed))
        violation(l, "completion after the close completion");
    if (o != NULL && sock != o->state)
        violation(l, "completion names another socket");
    if (t->hook != NULL)
        t->hook(t);
    if (req->op == GINET_BK_CLOSE && o != NULL)
        atomic_store(&o->closed, 1);
    pthread_mutex_lock(&l->mu);
    if (++t->count > 1)
        violation(l, "request completed twice");
    t->sock_arg = sock;
    pthread_cond_broadcast(&l->cv);
    pthread_mutex_unlock(&l->mu);
}

static void *loop_main(void *arg)
{
    tb_loop *l = arg;
    while (!atomic_load(&l->stop)) {
        int rc = l->bk->poll(l->state, 200);
        if (rc < 0) {
            violation(l, "poll failed");
            tb_sleep_ms(10);
        }
    }
    return NULL;
}

int tb_loop_start(tb_loop *l)
{
    memset(l, 0, sizeof *l);
    l->bk = tb_backend();
    if (l->bk == NULL)
        return GINET_ENOENT;
    l->state = calloc(1, l->bk->loop_size ? l->bk->loop_size : 1);
    if (l->state == NULL)
        return GINET_ENOMEM;
    pthread_mutex_init(&l->mu, NULL);
    pthread_cond_init(&l->cv, NULL);
    ginet_bk_loop_params p = { on_complete, l, 0 };
    int rc = l->bk->loop_init(l->state, &p);
    if (rc != 0) {
        free(l->state);
        return rc;
    }
    if (pthread_create(&l->thread, NULL, loop_main, l) != 0) {
        l->bk->loop_fini(l->state);
        free(l->state);
        return GINET_ESYSTEM_LIMIT;
    }
    return 0;
}

void tb_loop_stop(tb_loop *l)
{
    atomic_store(&l->stop, 1);
    l->bk->wakeup(l->state);
    pthread_join(l->thread, NULL);
    l->bk->loop_fini(l->state);
    free(l->state);
    CU_ASSERT_EQUAL(atomic_load(&l->violations), 0);
    pthread_cond_destroy(&l->cv);
    pthread_mutex_destroy(&l->mu);
}

/* ------------------------------------------------------------ requests */

void tb_req_init(tb_req *t, tb_sock *s, ginet_bk_op op, uint32_t flags)
{
    memset(t, 0, sizeof *t);
    t->req.op = op;
    t->req.flags = flags;
    t->req.user = t;
    t->owner = s;
}

int tb_submit(tb_sock *s, tb_req *t)
{
    pthread_mutex_lock(&s->mu);
    int rc = s->loop->bk->submit(s->state, &t->req);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int tb_cancel(tb_sock *s, tb_req *t)
{
    pthread_mutex_lock(&s->mu);
    int rc = s->loop->bk->cancel(s->state, &t->req);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int tb_count(tb_req *t)
{
    tb_loop *l = t->owner->loop;
    pthread_mutex_lock(&l->mu);
    int n = t->count;
    pthread_mutex_unlock(&l->mu);
    return n;
}

int tb_wait(tb_req *t, int ms)
{
    tb_loop *l = t->owner->loop;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&l->mu);
    while (t->count == 0)
        if (pthread_cond_timedwait(&l->cv, &l->mu, &until) == ETIMEDOUT)
            break;
    int done = t->count > 0;
    pthread_mutex_unlock(&l->mu);
    return done;
}

int tb_run(tb_sock *s, tb_req *t)
{
    int rc = tb_submit(s, t);
    if (rc == 0)
        return 1;
    if (rc != GINET_EINPROGRESS) {
        fprintf(stderr, "submit(op %d) refused: %s\n", (int)t->req.op, ginet_error_atom(rc));
        CU_FAIL("submit refused");
        return 0;
    }
    if (!tb_wait(t, TB_WAIT)) {
        fprintf(stderr, "op %d did not complete in %d ms\n", (int)t->req.op, TB_WAIT);
        CU_FAIL("request timed out");
        return 0;
    }
    return 1;
}

/* ------------------------------------------------------------- sockets */

static void sock_init(tb_loop *l, tb_sock *s, void *state)
{
    memset(s, 0, sizeof *s);
    s->loop = l;
    s->state = state;
    pthread_mutex_init(&s->mu, NULL);
}

int tb_open(tb_loop *l, tb_sock *s, const ginet_bk_open *how)
{
    sock_init(l, s, calloc(1, l->bk->sock_size));
    if (s->state == NULL)
        return GINET_ENOMEM;
    int rc = l->bk->sock_open(l->state, s->state, how);
    if (rc != 0) {
        free(s->state);
        s->state = NULL;
        pthread_mutex_destroy(&s->mu);
        return rc;
    }
    s->open = 1;
    return 0;
}

int tb_open_simple(tb_loop *l, tb_sock *s, ginet_family f, ginet_bk_socktype t)
{
    ginet_bk_open how = { .family = f, .type = t, .adopt_fd = -1 };
    return tb_open(l, s, &how);
}

void tb_adopt_accepted(tb_loop *l, tb_sock *s, void *state)
{
    sock_init(l, s, state);
    s->open = 1;
}

int tb_close(tb_sock *s)
{
    if (!s->open)
        return 1;
    tb_req t;
    tb_req_init(&t, s, 0, 0);
    pthread_mutex_lock(&s->mu);
    int rc = s->loop->bk->sock_close(s->state, &t.req);
    pthread_mutex_unlock(&s->mu);
    s->open = 0;
    if (rc == GINET_EINPROGRESS) {
        if (!tb_wait(&t, TB_WAIT)) {
            CU_FAIL("no close completion");
            return 0;                        /* leak: the loop may still use it */
        }
        CU_ASSERT_EQUAL(t.req.op, GINET_BK_CLOSE);
        CU_ASSERT_EQUAL(t.req.result, 0);
    } else if (rc == 0) {
        atomic_store(&s->closed, 1);
    } else {
        CU_FAIL("sock_close failed");
        return 0;
    }
    free(s->state);
    s->state = NULL;
    pthread_mutex_destroy(&s->mu);
    return 1;
}

/* ----------------------------------------------------------- addresses */

ginet_sockaddr tb_ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port)
{
    ginet_sockaddr s;
    memset(&s, 0, sizeof s);
    s.family = GINET_AF_INET;
    s.port = port;
    s.u.ip.family = GINET_AF_INET;
    s.u.ip.u.v4[0] = a;
    s.u.ip.u.v4[1] = b;
    s.u.ip.u.v4[2] = c;
    s.u.ip.u.v4[3] = d;
    return s;
}

ginet_sockaddr tb_ip6_loopback(uint16_t port)
{
    ginet_sockaddr s;
    memset(&s, 0, sizeof s);
    s.family = GINET_AF_INET6;
    s.port = port;
    s.u.ip.family = GINET_AF_INET6;
    s.u.ip.u.v6[7] = 1;
    return s;
}

ginet_sockaddr tb_local(const void *path, size_t len)
{
    ginet_sockaddr s;
    memset(&s, 0, sizeof s);
    s.family = GINET_AF_LOCAL;
    s.u.local.len = (uint16_t)len;
    memcpy(s.u.local.path, path, len);
    return s;
}

int tb_sockaddr_eq(const ginet_sockaddr *a, const ginet_sockaddr *b)
{
    if (a->family != b->family)
        return 0;
    switch (a->family) {
    case GINET_AF_INET:
        return a->port == b->port && memcmp(a->u.ip.u.v4, b->u.ip.u.v4, 4) == 0;
    case GINET_AF_INET6:
        return a->port == b->port && a->scope_id == b->scope_id
               && memcmp(a->u.ip.u.v6, b->u.ip.u.v6, sizeof a->u.ip.u.v6) == 0;
    case GINET_AF_LOCAL:
        return a->u.local.len == b->u.local.len
               && memcmp(a->u.local.path, b->u.local.path, a->u.local.len) == 0;
    default:
        return 1;
    }
}

static atomic_int path_seq;

int tb_listen(tb_loop *l, tb_sock *ls, ginet_family f, ginet_sockaddr *addr)
{
    int rc = tb_open_simple(l, ls, f, GINET_BK_STREAM);
    if (rc != 0)
        return rc;
    ginet_sockaddr a;
    if (f == GINET_AF_INET) {
        a = tb_ip4(127, 0, 0, 1, 0);
    } else if (f == GINET_AF_INET6) {
        a = tb_ip6_loopback(0);
    } else {
        char path[96];
        int n = snprintf(path, sizeof path, "/tmp/ginet-tb-%d-%d.sock", (int)getpid(),
                         atomic_fetch_add(&path_seq, 1));
        unlink(path);
        a = tb_local(path, (size_t)n);
    }
    const ginet_backend *bk = l->bk;
    if ((rc = bk->bind(ls->state, &a)) != 0 || (rc = bk->listen(ls->state, 16)) != 0
        || (rc = bk->sockname(ls->state, addr)) != 0) {
        tb_close(ls);
        return rc;
    }
    return 0;
}

int tb_pair(tb_loop *l, ginet_family f, tb_sock *c, tb_sock *a)
{
    tb_sock ls;
    ginet_sockaddr addr;
    int rc = tb_listen(l, &ls, f, &addr);
    if (rc != 0)
        return rc;
    tb_req acc, con;
    tb_req_init(&acc, &ls, GINET_BK_ACCEPT, GINET_BK_F_INLINE);
    acc.req.accepted = calloc(1, l->bk->sock_size);
    acc.req.addr = &acc.addr;
    int arc = tb_submit(&ls, &acc);
    int ok = 0;
    if (arc != 0 && arc != GINET_EINPROGRESS) {
        rc = arc;
    } else if ((rc = tb_open_simple(l, c, f, GINET_BK_STREAM)) == 0) {
        tb_req_init(&con, c, GINET_BK_CONNECT, GINET_BK_F_INLINE);
        con.req.addr = &addr;
        int connected = tb_run(c, &con) && con.req.result == 0;
        int got = arc == 0 || tb_wait(&acc, TB_WAIT);
        ok = connected && got && acc.req.result == 0;
        rc = ok ? 0 : !connected ? (con.req.result ? (int)con.req.result : GINET_ETIMEOUT)
                    : got ? (int)acc.req.result : GINET_ETIMEOUT;
        if (!ok)
            tb_close(c);
    }
    if (ok) {
        tb_adopt_accepted(l, a, acc.req.accepted);
    } else {
        if (arc == GINET_EINPROGRESS && tb_count(&acc) == 0 && tb_cancel(&ls, &acc) != 0)
            tb_wait(&acc, TB_WAIT);
        if ((arc == 0 || tb_count(&acc) > 0) && acc.req.result == 0
            && !(acc.req.flags & GINET_BK_F_CANCELLED)) {
            tb_sock stray;                   /* accepted after all: close it */
            tb_adopt_accepted(l, &stray, acc.req.accepted);
            tb_close(&stray);
        } else {
            free(acc.req.accepted);
        }
    }
    tb_close(&ls);
    if (f == GINET_AF_LOCAL) {
        char path[GINET_LOCAL_PATH_MAX + 1];
        memcpy(path, addr.u.local.path, addr.u.local.len);
        path[addr.u.local.len] = '\0';
        unlink(path);
    }
    return rc;
}

int tb_pair_os(tb_loop *l, tb_sock *s, int *peer)
{
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sin = { .sin_family = AF_INET };
    socklen_t len = sizeof sin;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sin, sizeof sin) != 0
        || listen(lfd, 4) != 0 || getsockname(lfd, (struct sockaddr *)&sin, &len) != 0) {
        if (lfd >= 0)
            close(lfd);
        return GINET_EIO;
    }
    int rc = tb_open_simple(l, s, GINET_AF_INET, GINET_BK_STREAM);
    if (rc != 0) {
        close(lfd);
        return rc;
    }
    tb_req con;
    tb_req_init(&con, s, GINET_BK_CONNECT, GINET_BK_F_INLINE);
    ginet_sockaddr to = tb_ip4(127, 0, 0, 1, ntohs(sin.sin_port));
    con.req.addr = &to;
    struct pollfd pfd = { lfd, POLLIN, 0 };
    if (!tb_run(s, &con) || con.req.result != 0 || poll(&pfd, 1, TB_WAIT) != 1
        || (*peer = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) < 0) {
        close(lfd);
        tb_close(s);
        return GINET_EIO;
    }
    close(lfd);
    return 0;
}

/* ------------------------------------------------------------ the table */

static void table_is_sane(void)
{
    const ginet_backend *bk = tb_backend();
    CU_ASSERT_PTR_NOT_NULL_FATAL(bk);
    CU_ASSERT_EQUAL(bk->abi_version, GINET_BACKEND_ABI_VERSION);
    CU_ASSERT(bk->struct_size >= sizeof(ginet_backend));
    char name[64];
    CU_ASSERT_EQUAL(suite_backend_name(name, sizeof name), 0);
    CU_ASSERT_STRING_EQUAL(bk->name, name);
    CU_ASSERT(bk->description != NULL && bk->description[0] != '\0');
    CU_ASSERT(((bk->caps & GINET_BKCAP_READINESS) != 0)
              != ((bk->caps & GINET_BKCAP_COMPLETION) != 0));
    CU_ASSERT(bk->loop_size > 0);
    CU_ASSERT(bk->sock_size > 0);
    /* Each option at most once, in range, and a reason for every row that
     * is not plainly native. */
    int seen[GINET_BKOPT_COUNT_] = { 0 };
    for (const ginet_bk_option_row *r = bk->options; r->opt != 0; r++) {
        CU_ASSERT(r->opt > 0 && r->opt < GINET_BKOPT_COUNT_);
        if (r->opt <= 0 || r->opt >= GINET_BKOPT_COUNT_)
            continue;
        CU_ASSERT_EQUAL(seen[r->opt], 0);
        seen[r->opt]++;
        CU_ASSERT(r->support == GINET_BK_NATIVE || r->why != NULL);
    }
    /* What OTP specifies for exclusiveaddruse off Windows. */
#ifndef _WIN32
    for (const ginet_bk_option_row *r = bk->options; r->opt != 0; r++)
        if (r->opt == GINET_BKOPT_EXCLUSIVEADDRUSE)
            CU_ASSERT_EQUAL(r->support, GINET_BK_IGNORED);
#endif
    char why[256] = "";
    CU_ASSERT(bk->probe == NULL || bk->probe(why, sizeof why) == 0);
}

static void loop_start_stop(void)
{
    tb_loop l;
    CU_ASSERT_EQUAL_FATAL(tb_loop_start(&l), 0);
    /* A poll with nothing to do returns 0 (the loop thread is busy with
     * its own polls; a second loop instance is independent). */
    void *st = calloc(1, l.bk->loop_size);
    ginet_bk_loop_params p = { on_complete, &l, 0 };
    CU_ASSERT_EQUAL_FATAL(l.bk->loop_init(st, &p), 0);
    CU_ASSERT_EQUAL(l.bk->poll(st, 0), 0);
    long long t0 = tb_now_ms();
    CU_ASSERT_EQUAL(l.bk->poll(st, 50), 0);
    CU_ASSERT(tb_now_ms() - t0 >= 40);
    l.bk->loop_fini(st);
    free(st);
    tb_loop_stop(&l);
}

/* --------------------------------------------------- load failure cases */

static void load_must_succeed(void)
{
    char name[64];
    const ginet_backend *bk;
    suite_backend_name(name, sizeof name);
    if (ginet_backend_load(name, &bk) != 0) {
        printf("FAIL backend[%s] must load on this system: %s\n", name, ginet_last_error());
        CU_FAIL("the epoll backend does not load");
    }
}

static void load_or_skip(void)
{
    char name[64];
    const ginet_backend *bk;
    suite_backend_name(name, sizeof name);
    if (ginet_backend_load(name, &bk) != 0)
        GINET_SKIP("%s", ginet_last_error());
}

static const ginet_test_case must_load_cases[] = {
    { "load", load_must_succeed }, { NULL, NULL }
};
static const ginet_test_case skip_cases[] = {
    { "load", load_or_skip }, { NULL, NULL }
};

static const ginet_test_case table_cases[] = {
    { "table", table_is_sane },
    { "loop_start_stop", loop_start_stop },
    { NULL, NULL }
};

/* The backends that must load here: a failure is a test failure. */
static int required(const char *name)
{
#ifdef __linux__
    return strcmp(name, "epoll") == 0;
#else
    (void)name;
    return 0;
#endif
}

static ginet_test_case *all_cases(void)
{
    const ginet_test_case *parts[] = { table_cases, tb_io_cases, tb_close_cases,
                                       tb_opt_cases, tb_watch_cases };
    size_t n = 0;
    for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++)
        for (const ginet_test_case *c = parts[p]; c->name != NULL; c++)
            n++;
    ginet_test_case *all = calloc(n + 1, sizeof *all);
    if (all == NULL)
        return NULL;
    n = 0;
    for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++)
        for (const ginet_test_case *c = parts[p]; c->name != NULL; c++)
            all[n++] = *c;
    return all;
}

int main(int argc, char **argv)
{
    /* A hung backend must fail the run, not stall it; and SIGPIPE keeps
     * its default action, so a send that raises it kills the test. */
    alarm(300);
    signal(SIGPIPE, SIG_DFL);

    ginet_backend_info *list = NULL;
    size_t n = 0;
    if (ginet_backends(&list, &n) != 0) {
        printf("ginet_backends failed\n0 passed, 1 failed\n");
        return 1;
    }
    ginet_test_suite *suites = calloc(n + 1, sizeof *suites);
    char (*names)[64] = calloc(n + 1, sizeof *names);
    ginet_test_case *all = all_cases();
    if (suites == NULL || names == NULL || all == NULL) {
        printf("out of memory\n0 passed, 1 failed\n");
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(names[i], sizeof names[i], "backend[%s]", list[i].name);
        suites[i].name = names[i];
        suites[i].cases = list[i].loaded ? all
                          : required(list[i].name) ? must_load_cases : skip_cases;
        printf("%s: %s%s%s\n", names[i], list[i].loaded ? "loads from " : "does not load: ",
               list[i].loaded ? list[i].path : list[i].reason, "");
    }
    ginet_backends_free(list, n);
    int rc = ginet_test_main(suites, argc, argv);
    free(all);
    free(names);
    free(suites);
    return rc;
}
