/*
 * core/arena.h — a chunked bump allocator for the library's internals.
 *
 * An arena hands out memory from large chunks and frees it all at once.
 * Allocation is a pointer bump in the common case; an allocation too big
 * for the current chunk's policy gets a chunk of its own (so a 1 MB binary
 * costs one malloc and wastes nothing).  There is no per-allocation free.
 *
 * The struct is defined here so that other objects can embed an arena (see
 * ginet_term_arena); treat its fields as private to arena.c.  Use either
 * ginet__arena_new()/ginet__arena_free() or, for an embedded arena,
 * ginet__arena_init()/ginet__arena_destroy().
 *
 * Thread-safety: one thread at a time per arena.
 */
#ifndef GINET_CORE_ARENA_H
#define GINET_CORE_ARENA_H

#include <stddef.h>

typedef struct ginet__arena_chunk ginet__arena_chunk;

typedef struct ginet__arena {
    ginet__arena_chunk *chunks;  /* every chunk; the bump chunk first */
    unsigned char *ptr;          /* next free byte in the bump chunk */
    unsigned char *end;          /* end of the bump chunk */
    size_t next_size;            /* size of the next bump chunk */
    size_t allocated;            /* bytes obtained from malloc (stats) */
} ginet__arena;

/* The alignment ginet__arena_alloc() guarantees (that of max_align_t). */
#define GINET__ARENA_ALIGN _Alignof(max_align_t)

/* Set up an embedded arena (no memory is allocated until first use). */
void ginet__arena_init(ginet__arena *arena);
/* Free every chunk of an embedded arena; it may be reused after init. */
void ginet__arena_destroy(ginet__arena *arena);

/* A new heap arena, or NULL when out of memory. */
ginet__arena *ginet__arena_new(void);
/* Free a heap arena and everything allocated in it.  NULL is allowed. */
void ginet__arena_free(ginet__arena *arena);

/* Forget every allocation but keep one chunk for reuse, so a loop that
 * fills and empties an arena does not go back to malloc each time. */
void ginet__arena_reset(ginet__arena *arena);

/* SIZE bytes aligned for any object (GINET__ARENA_ALIGN), or NULL when out
 * of memory or SIZE is absurd.  SIZE 0 gives a valid, distinct pointer. */
void *ginet__arena_alloc(ginet__arena *arena, size_t size);
/* SIZE bytes with alignment ALIGN (a power of two <= GINET__ARENA_ALIGN). */
void *ginet__arena_alloc_aligned(ginet__arena *arena, size_t size, size_t align);
/* COUNT * SIZE zeroed bytes, aligned as ginet__arena_alloc(); NULL on
 * overflow of the product. */
void *ginet__arena_calloc(ginet__arena *arena, size_t count, size_t size);

/* Copies into the arena (byte alignment).  memdup of 0 bytes gives a valid
 * pointer; strndup copies exactly LEN bytes and adds a NUL. */
void *ginet__arena_memdup(ginet__arena *arena, const void *data, size_t len);
char *ginet__arena_strndup(ginet__arena *arena, const char *s, size_t len);
char *ginet__arena_strdup(ginet__arena *arena, const char *s);

/* Bytes this arena has obtained from malloc (chunk headers included). */
size_t ginet__arena_allocated(const ginet__arena *arena);

#endif /* GINET_CORE_ARENA_H */
