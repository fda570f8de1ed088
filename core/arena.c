/*
 * core/arena.c — the chunked bump allocator behind ginet__arena_*.
 *
 * Chunks start at 4 KiB and double up to 256 KiB.  A request larger than a
 * quarter of the next chunk size gets a dedicated chunk of exactly its size,
 * linked behind the bump chunk so the bump chunk's free space stays usable.
 */
#include "core/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ginet__arena_chunk {
    ginet__arena_chunk *next;
    size_t size;        /* usable bytes after the header */
    int dedicated;      /* holds one large allocation; never bumped into */
};

#define ALIGN        ((size_t)GINET__ARENA_ALIGN)
#define HEADER_SIZE  ((sizeof(ginet__arena_chunk) + ALIGN - 1) & ~(ALIGN - 1))
#define FIRST_CHUNK  ((size_t)4096)
#define MAX_CHUNK    ((size_t)256 * 1024)

static unsigned char *chunk_data(ginet__arena_chunk *c)
{
    return (unsigned char *)c + HEADER_SIZE;
}

static ginet__arena_chunk *chunk_new(ginet__arena *a, size_t usable, int dedicated)
{
    if (usable > SIZE_MAX - HEADER_SIZE)
        return NULL;
    ginet__arena_chunk *c = malloc(HEADER_SIZE + usable);
    if (c == NULL)
        return NULL;
    c->size = usable;
    c->dedicated = dedicated;
    a->allocated += HEADER_SIZE + usable;
    return c;
}

void ginet__arena_init(ginet__arena *a)
{
    a->chunks = NULL;
    a->ptr = NULL;
    a->end = NULL;
    a->next_size = FIRST_CHUNK - HEADER_SIZE;
    a->allocated = 0;
}

void ginet__arena_destroy(ginet__arena *a)
{
    ginet__arena_chunk *c = a->chunks;
    while (c != NULL) {
        ginet__arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    ginet__arena_init(a);
}

ginet__arena *ginet__arena_new(void)
{
    ginet__arena *a = malloc(sizeof *a);
    if (a != NULL)
        ginet__arena_init(a);
    return a;
}

void ginet__arena_free(ginet__arena *a)
{
    if (a == NULL)
        return;
    ginet__arena_destroy(a);
    free(a);
}

void ginet__arena_reset(ginet__arena *a)
{
    ginet__arena_chunk *keep = NULL;
    ginet__arena_chunk *c = a->chunks;
    while (c != NULL) {
        ginet__arena_chunk *next = c->next;
        if (keep == NULL && !c->dedicated) {
            keep = c;   /* the first bump chunk is the newest and largest */
        } else {
            a->allocated -= HEADER_SIZE + c->size;
            free(c);
        }
        c = next;
    }
    a->chunks = keep;
    if (keep != NULL) {
        keep->next = NULL;
        a->ptr = chunk_data(keep);
        a->end = a->ptr + keep->size;
    } else {
        a->ptr = a->end = NULL;
    }
}

/* Room for SIZE bytes at alignment ALIGN in the bump chunk?  Then take it. */
static void *bump(ginet__arena *a, size_t size, size_t align)
{
    if (a->ptr == NULL)
        return NULL;
    size_t pad = (size_t)(-(uintptr_t)a->ptr) & (align - 1);
    size_t room = (size_t)(a->end - a->ptr);
    if (pad > room || size > room - pad)
        return NULL;
    unsigned char *r = a->ptr + pad;
    a->ptr = r + size;
    return r;
}

void *ginet__arena_alloc_aligned(ginet__arena *a, size_t size, size_t align)
{
    if (a == NULL || align == 0 || (align & (align - 1)) != 0 || align > ALIGN)
        return NULL;
    if (size == 0)
        size = 1;                       /* a distinct, valid pointer */
    void *r = bump(a, size, align);
    if (r != NULL)
        return r;

    if (size > a->next_size / 4) {
        /* A chunk of its own, linked behind the bump chunk. */
        ginet__arena_chunk *c = chunk_new(a, size, 1);
        if (c == NULL)
            return NULL;
        if (a->chunks != NULL && !a->chunks->dedicated) {
            c->next = a->chunks->next;
            a->chunks->next = c;
        } else {
            c->next = a->chunks;
            a->chunks = c;
        }
        return chunk_data(c);
    }

    ginet__arena_chunk *c = chunk_new(a, a->next_size, 0);
    if (c == NULL)
        return NULL;
    c->next = a->chunks;
    a->chunks = c;
    a->ptr = chunk_data(c);
    a->end = a->ptr + c->size;
    if (a->next_size < MAX_CHUNK - HEADER_SIZE)
        a->next_size = (a->next_size + HEADER_SIZE) * 2 - HEADER_SIZE;
    return bump(a, size, align);        /* size <= chunk/4: always fits */
}

void *ginet__arena_alloc(ginet__arena *a, size_t size)
{
    return ginet__arena_alloc_aligned(a, size, ALIGN);
}

void *ginet__arena_calloc(ginet__arena *a, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    void *r = ginet__arena_alloc(a, count * size);
    if (r != NULL)
        memset(r, 0, count * size);
    return r;
}

void *ginet__arena_memdup(ginet__arena *a, const void *data, size_t len)
{
    void *r = ginet__arena_alloc_aligned(a, len, 1);
    if (r != NULL && len > 0)
        memcpy(r, data, len);
    return r;
}

char *ginet__arena_strndup(ginet__arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *r = ginet__arena_alloc_aligned(a, len + 1, 1);
    if (r == NULL)
        return NULL;
    if (len > 0)
        memcpy(r, s, len);
    r[len] = '\0';
    return r;
}

char *ginet__arena_strdup(ginet__arena *a, const char *s)
{
    return ginet__arena_strndup(a, s, strlen(s));
}

size_t ginet__arena_allocated(const ginet__arena *a)
{
    return a->allocated;
}
