/*
 * core/outchunk.c — memory for the output queue's chunks (sock_send.c).
 * Chunks of the two standard sizes — small (GINET__OUTCHUNK_SMALL, what
 * the first reply queued on an empty queue gets) and large
 * (GINET__OUTCHUNK_BIG, what a busy connection's queue is made of) — are
 * kept in a small per-thread cache when freed; others come from malloc.
 * A server echoing bursts would otherwise allocate and free a chunk for
 * every write: for large ones glibc gives the top of a thread's heap back
 * to the kernel each time (madvise, then page faults on the next burst) —
 * measured at a third of the loop's time with 64 connections × 4 KB
 * messages; small ones cost a malloc and a free per corked flush of every
 * connection (64 × 16 × 64 B echo).  The caches are bounded, per thread
 * (no lock), and emptied when the thread exits.  Idle connections hold no
 * chunk at all.
 */
#include "core/socket_internal.h"

#include <pthread.h>
#include <stdlib.h>

/* Chunks a thread keeps: 16 × 64 KB + 64 × 4 KB = 1.25 MB at most. */
#define CACHE_MAX 16
#define SMALL_CACHE_MAX 64
/* The capacity of a small chunk (its header included it is
 * GINET__OUTCHUNK_SMALL bytes, see chunk_cap() in sock_send.c). */
#define SMALL_CAP (GINET__OUTCHUNK_SMALL - sizeof(ginet__outchunk))

typedef struct chunk_cache {
    unsigned n, nsmall;
    ginet__outchunk *free[CACHE_MAX];
    ginet__outchunk *small[SMALL_CACHE_MAX];
} chunk_cache;

static GINET__TLS chunk_cache *cache;
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static int cache_key_ok;

static void cache_destroy(void *p)
{
    chunk_cache *c = p;
    for (unsigned i = 0; i < c->n; i++)
        free(c->free[i]);
    for (unsigned i = 0; i < c->nsmall; i++)
        free(c->small[i]);
    free(c);
}

static void cache_key_init(void)
{
    cache_key_ok = pthread_key_create(&cache_key, cache_destroy) == 0;
}

static chunk_cache *thread_cache(void)
{
    if (cache != NULL)
        return cache;
    if (pthread_once(&cache_once, cache_key_init) != 0 || !cache_key_ok)
        return NULL;
    chunk_cache *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    if (pthread_setspecific(cache_key, c) != 0) {
        free(c);
        return NULL;
    }
    cache = c;
    return c;
}

ginet__outchunk *ginet__outchunk_alloc(size_t cap)
{
    ginet__outchunk *c = NULL;
    chunk_cache *cc = cache;
    if (cc != NULL) {
        if (cap == GINET__OUTCHUNK_BIG && cc->n > 0)
            c = cc->free[--cc->n];
        else if (cap == SMALL_CAP && cc->nsmall > 0)
            c = cc->small[--cc->nsmall];
    }
    if (c == NULL) {
        c = malloc(sizeof *c + cap);
        if (c == NULL)
            return NULL;
    }
    c->next = NULL;
    c->cap = cap;
    c->len = 0;
    c->off = 0;
    return c;
}

void ginet__outchunk_free(ginet__outchunk *c)
{
    if (c == NULL)
        return;
    if (c->cap == GINET__OUTCHUNK_BIG || c->cap == SMALL_CAP) {
        chunk_cache *cc = thread_cache();
        if (cc != NULL && c->cap == GINET__OUTCHUNK_BIG && cc->n < CACHE_MAX) {
            cc->free[cc->n++] = c;
            return;
        }
        if (cc != NULL && c->cap == SMALL_CAP && cc->nsmall < SMALL_CACHE_MAX) {
            cc->small[cc->nsmall++] = c;
            return;
        }
    }
    free(c);
}
