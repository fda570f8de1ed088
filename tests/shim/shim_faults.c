/*
 * tests/shim/shim_faults.c — the shim's faults: the settings and their
 * parser, the seeded generator (xorshift64*) that decides when each
 * fires, the once-only injections armed per descriptor, the counters, and
 * the control API of tests/shim/shim.h (the module's only exports besides
 * its entry point).
 */
#include "tests/shim/shim_internal.h"
#include "tests/shim/shim.h"

#include <ginet/error.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHIM_EXPORT __attribute__((visibility("default")))
#define ARMED_MAX 64
#define DEFAULT_SEED 20261125u

typedef struct faults {
    unsigned pct[5];              /* by shim_fault */
    int try_set;                  /* eagain_try given (else it follows eagain) */
    unsigned eagain_polls, delay_polls;
    uint64_t seed;
} faults;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static faults cur;                /* guarded by mu */
static uint64_t rng;              /* guarded by mu */
static ginet_shim_counters counters;
static struct { intptr_t fd; int what; } armed[ARMED_MAX];
static int inited;

static uint64_t next_locked(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * UINT64_C(2685821657736338717);
}

static int parse_uint(const char *v, size_t n, uint64_t max, uint64_t *out)
{
    if (n == 0 || n > 20)
        return -1;
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return -1;
        uint64_t d = (uint64_t)(v[i] - '0');
        if (x > (UINT64_MAX - d) / 10)
            return -1;
        x = x * 10 + d;
    }
    if (x > max)
        return -1;
    *out = x;
    return 0;
}

static int parse(const char *spec, faults *f)
{
    memset(f, 0, sizeof *f);
    f->eagain_polls = 3;
    f->delay_polls = 4;
    f->seed = DEFAULT_SEED;
    if (spec == NULL || *spec == '\0' || strcmp(spec, "off") == 0)
        return 0;
    static const struct { const char *key; int pct; uint64_t max; } keys[] = {
        { "short_read", SF_SHORT_READ, 100 }, { "short_write", SF_SHORT_WRITE, 100 },
        { "eagain", SF_EAGAIN, 100 }, { "delay", SF_DELAY, 100 },
        { "eagain_try", SF_EAGAIN_TRY, 100 },
        { "eagain_polls", -1, 1000 }, { "delay_polls", -2, 1000 },
        { "seed", -3, UINT64_MAX },
    };
    for (const char *p = spec; *p != '\0';) {
        const char *end = strchr(p, ',');
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (eq == NULL)
            return GINET_EINVAL;
        size_t klen = (size_t)(eq - p);
        size_t k = 0;
        while (k < sizeof keys / sizeof keys[0]
               && !(strlen(keys[k].key) == klen && strncmp(keys[k].key, p, klen) == 0))
            k++;
        uint64_t v;
        if (k == sizeof keys / sizeof keys[0]
            || parse_uint(eq + 1, len - klen - 1, keys[k].max, &v) != 0)
            return GINET_EINVAL;
        switch (keys[k].pct) {
        case -1: f->eagain_polls = v > 0 ? (unsigned)v : 1; break;
        case -2: f->delay_polls = v > 0 ? (unsigned)v : 1; break;
        case -3: f->seed = v; break;
        default: f->pct[keys[k].pct] = (unsigned)v; break;
        }
        if (keys[k].pct == SF_EAGAIN_TRY)
            f->try_set = 1;
        p += len + (end != NULL);
    }
    if (!f->try_set)
        f->pct[SF_EAGAIN_TRY] = f->pct[SF_EAGAIN];
    return 0;
}

static void apply_locked(const faults *f)
{
    cur = *f;
    rng = f->seed != 0 ? f->seed : DEFAULT_SEED;
}

void ginet__shim_faults_init(void)
{
    pthread_mutex_lock(&mu);
    if (!inited) {
        faults f;
        const char *env = getenv("GINET_SHIM_FAULTS");
        if (env == NULL || parse(env, &f) != 0)
            parse(GINET_SHIM_DEFAULT, &f);
        apply_locked(&f);
        inited = 1;
    }
    pthread_mutex_unlock(&mu);
}

int ginet__shim_fires(shim_fault f)
{
    pthread_mutex_lock(&mu);
    unsigned p = cur.pct[f];
    int yes = p > 0 && next_locked() % 100 < p;
    if (yes && f == SF_DELAY)
        counters.delayed++;
    pthread_mutex_unlock(&mu);
    return yes;
}

uint32_t ginet__shim_rand(uint32_t lo, uint32_t hi)
{
    if (hi <= lo)
        return lo;
    pthread_mutex_lock(&mu);
    uint64_t r = next_locked();
    pthread_mutex_unlock(&mu);
    return lo + (uint32_t)(r % ((uint64_t)hi - lo + 1));
}

uint64_t ginet__shim_park_polls(void)
{
    pthread_mutex_lock(&mu);
    unsigned n = cur.eagain_polls;
    pthread_mutex_unlock(&mu);
    return ginet__shim_rand(1, n);
}

uint64_t ginet__shim_delay_polls(void)
{
    pthread_mutex_lock(&mu);
    unsigned n = cur.delay_polls;
    pthread_mutex_unlock(&mu);
    return ginet__shim_rand(1, n);
}

int ginet__shim_take(intptr_t fd, int what)
{
    int found = 0;
    pthread_mutex_lock(&mu);
    for (int i = 0; i < ARMED_MAX && !found; i++) {
        if (armed[i].what == what && armed[i].fd == fd) {
            armed[i].what = 0;
            found = 1;
        }
    }
    pthread_mutex_unlock(&mu);
    return found;
}

void ginet__shim_count(size_t which)
{
    pthread_mutex_lock(&mu);
    uint64_t *c = (uint64_t *)((char *)&counters + which);
    (*c)++;
    pthread_mutex_unlock(&mu);
}

/* ------------------------------------------------------- the control API */

SHIM_EXPORT int ginet_shim_set_faults(const char *spec)
{
    faults f;
    if (parse(spec, &f) != 0)
        return GINET_EINVAL;
    pthread_mutex_lock(&mu);
    apply_locked(&f);
    memset(armed, 0, sizeof armed);          /* a new test starts clean */
    inited = 1;
    pthread_mutex_unlock(&mu);
    return 0;
}

SHIM_EXPORT void ginet_shim_get_faults(char *buf, size_t cap)
{
    if (buf == NULL || cap == 0)
        return;
    pthread_mutex_lock(&mu);
    faults f = cur;
    pthread_mutex_unlock(&mu);
    snprintf(buf, cap, "short_read=%u,short_write=%u,eagain=%u,eagain_try=%u,"
             "eagain_polls=%u,delay=%u,delay_polls=%u,seed=%llu", f.pct[SF_SHORT_READ],
             f.pct[SF_SHORT_WRITE], f.pct[SF_EAGAIN], f.pct[SF_EAGAIN_TRY], f.eagain_polls,
             f.pct[SF_DELAY], f.delay_polls, (unsigned long long)f.seed);
}

SHIM_EXPORT int ginet_shim_inject(intptr_t fd, int what)
{
    if (fd < 0 || what < GINET_SHIM_RESET_RECV || what > GINET_SHIM_EMFILE)
        return GINET_EINVAL;
    int rc = GINET_ENOMEM;
    pthread_mutex_lock(&mu);
    for (int i = 0; i < ARMED_MAX; i++) {
        if (armed[i].what == 0) {
            armed[i].fd = fd;
            armed[i].what = what;
            rc = 0;
            break;
        }
    }
    pthread_mutex_unlock(&mu);
    return rc;
}

SHIM_EXPORT void ginet_shim_counters_get(ginet_shim_counters *out, int clear)
{
    pthread_mutex_lock(&mu);
    if (out != NULL)
        *out = counters;
    if (clear)
        memset(&counters, 0, sizeof counters);
    pthread_mutex_unlock(&mu);
}
