/*
 * core/outchunk.c — memory for the output queue's chunks (sock_send.c).
 * Small chunks come from malloc.  Large ones (GINET__OUTCHUNK_BIG, what a
 * busy connection's queue is made of) are kept in a small per-thread cache
 * when freed: a server echoing bursts would otherwise allocate and free
 * them for every write, and glibc gives the top of a thread's heap back to
 * the kernel each time (madvise, then page faults on the next burst) —
 * measured at a third of the loop's time with 64 connections × 4 KB
 * messages.  The cache is bounded, per thread (no lock), and emptied when
 * the thread exits.  Idle connections hold no chunk at all.
 */
#include "core/socket_internal.h"

#include <pthread.h>
#include <stdlib.h>

/* Chunks a thread keeps: 16 × 64 KB = 1 MB at most per thread. */
#define CACHE_MAX 16

typedef struct chunk_cache {
    unsigned n;
    ginet__outchunk *free[CACHE_MAX];
} chunk_cache;

static _Thread_local chunk_cache *cache;
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static int cache_key_ok;

static void cache_destroy(void *p)
{
    chunk_cache *c = p;
    for (unsigned i = 0; i < c->n; i++)
        free(c->free[i]);
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
    if (cap == GINET__OUTCHUNK_BIG) {
        chunk_cache *cc = cache;
        if (cc != NULL && cc->n > 0)
            c = cc->free[--cc->n];
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
    if (c->cap == GINET__OUTCHUNK_BIG) {
        chunk_cache *cc = thread_cache();
        if (cc != NULL && cc->n < CACHE_MAX) {
            cc->free[cc->n++] = c;
            return;
        }
    }
    free(c);
}
