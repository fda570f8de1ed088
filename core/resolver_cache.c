/*
 * core/resolver_cache.c — owns the cache of dns answers (OTP's inet_db
 * cache): answers kept for their TTL, at most `cache_size` records
 * (addresses plus aliases; the least recently used answers go first),
 * expired ones swept every `cache_refresh` ms.  An expired answer is never
 * returned, swept or not.  `native` answers are not cached, as in OTP.
 * One mutex guards it all; lookups copy the answer out.
 */
#include "core/resolver_internal.h"

#include <stdlib.h>
#include <string.h>

#define NBUCKETS 1024u

typedef struct centry centry;
struct centry {
    centry *hnext;                /* bucket chain */
    centry *prev, *next;          /* LRU list, most recent first */
    int byaddr;
    ginet_family family;
    uint32_t hash;
    char *key;                    /* lower case */
    ginet_hostent *h;
    int64_t expires;              /* ms */
    size_t records;
};

static ginet__mutex lock = PTHREAD_MUTEX_INITIALIZER;
static centry *buckets[NBUCKETS];
static centry *lru_head, *lru_tail;
static size_t nentries, nrecords;
static int64_t last_sweep;

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

static uint32_t hash_key(int byaddr, const char *key, ginet_family family)
{
    uint32_t h = 2166136261u ^ (uint32_t)(byaddr * 31 + (int)family);
    for (const char *p = key; *p; p++)
        h = (h ^ (uint8_t)lower(*p)) * 16777619u;
    return h;
}

static void lru_unlink(centry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        lru_head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        lru_tail = e->prev;
    e->prev = e->next = NULL;
}

static void lru_push(centry *e)
{
    e->prev = NULL;
    e->next = lru_head;
    if (lru_head)
        lru_head->prev = e;
    else
        lru_tail = e;
    lru_head = e;
}

static void drop(centry *e)
{
    centry **pp = &buckets[e->hash % NBUCKETS];
    while (*pp != e)
        pp = &(*pp)->hnext;
    *pp = e->hnext;
    lru_unlink(e);
    nentries--;
    nrecords -= e->records;
    ginet_hostent_free(e->h);
    free(e->key);
    free(e);
}

static centry *find(int byaddr, const char *key, ginet_family family, uint32_t hash)
{
    for (centry *e = buckets[hash % NBUCKETS]; e != NULL; e = e->hnext)
        if (e->hash == hash && e->byaddr == byaddr && e->family == family
            && ginet__name_eq(e->key, key))
            return e;
    return NULL;
}

static void sweep(int64_t now)
{
    for (centry *e = lru_head, *next; e != NULL; e = next) {
        next = e->next;
        if (e->expires <= now)
            drop(e);
    }
    last_sweep = now;
}

int ginet__cache_get(int byaddr, const char *key, ginet_family family, ginet_hostent **out)
{
    *out = NULL;
    uint32_t hash = hash_key(byaddr, key, family);
    int64_t now = ginet__now_ms();
    ginet__lock(&lock);
    centry *e = find(byaddr, key, family, hash);
    if (e != NULL && e->expires <= now) {
        drop(e);
        e = NULL;
    }
    if (e != NULL) {
        lru_unlink(e);
        lru_push(e);
        *out = ginet_hostent_dup(e->h);
    }
    ginet__unlock(&lock);
    return *out != NULL ? 0 : GINET_ENOENT;
}

void ginet__cache_put(int byaddr, const char *key, ginet_family family,
                      const ginet_hostent *h, uint32_t ttl_s, int cache_size,
                      int cache_refresh_ms)
{
    size_t records = h->naddrs + h->naliases;
    if (records == 0)
        records = 1;
    if (ttl_s == 0 || cache_size <= 0 || records > (size_t)cache_size)
        return;
    centry *e = calloc(1, sizeof *e);
    if (e == NULL)
        return;
    size_t klen = strlen(key);
    e->key = ginet__strndup(key, klen);
    e->h = ginet_hostent_dup(h);
    if (e->key == NULL || e->h == NULL) {
        free(e->key);
        ginet_hostent_free(e->h);
        free(e);
        return;
    }
    for (size_t i = 0; i < klen; i++)
        e->key[i] = lower(e->key[i]);
    e->byaddr = byaddr;
    e->family = family;
    e->hash = hash_key(byaddr, key, family);
    e->records = records;
    int64_t now = ginet__now_ms();
    e->expires = now + (int64_t)ttl_s * 1000;
    ginet__lock(&lock);
    if (now - last_sweep >= cache_refresh_ms)
        sweep(now);
    centry *old = find(byaddr, key, family, e->hash);
    if (old != NULL)
        drop(old);
    e->hnext = buckets[e->hash % NBUCKETS];
    buckets[e->hash % NBUCKETS] = e;
    lru_push(e);
    nentries++;
    nrecords += records;
    while (nrecords > (size_t)cache_size && lru_tail != NULL)
        drop(lru_tail);
    ginet__unlock(&lock);
}

void ginet__cache_clear(void)
{
    ginet__lock(&lock);
    while (lru_head != NULL)
        drop(lru_head);
    ginet__unlock(&lock);
}

void ginet__cache_counts(uint64_t *entries, uint64_t *records)
{
    ginet__lock(&lock);
    *entries = nentries;
    *records = nrecords;
    ginet__unlock(&lock);
}

GINET_API void ginet_resolver_cache_clear(void)
{
    ginet__cache_clear();
}
