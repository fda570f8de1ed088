/*
 * core/term_build.c — term arenas, builders, equality and accessors.
 *
 * Terms are allocated from the arena in core/arena.c; nothing here frees a
 * single term.  Equality walks terms with an explicit stack, so a deep term
 * built by a program cannot overflow the C stack.
 */
#include "core/term_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ arenas */

ginet_term_arena *ginet_term_arena_new(void)
{
    ginet_term_arena *a = malloc(sizeof *a);
    if (a != NULL)
        ginet__arena_init(&a->mem);
    return a;
}

void ginet_term_arena_free(ginet_term_arena *arena)
{
    if (arena == NULL)
        return;
    ginet__arena_destroy(&arena->mem);
    free(arena);
}

void ginet_term_arena_reset(ginet_term_arena *arena)
{
    if (arena != NULL)
        ginet__arena_reset(&arena->mem);
}

ginet_term *ginet__term_alloc(ginet_term_arena *arena, ginet_term_kind kind)
{
    if (arena == NULL)
        return NULL;
    ginet_term *t = ginet__arena_calloc(&arena->mem, 1, sizeof *t);
    if (t != NULL)
        t->kind = kind;
    return t;
}

ginet_term **ginet__term_items(ginet_term_arena *arena, size_t count)
{
    if (arena == NULL)
        return NULL;
    return ginet__arena_calloc(&arena->mem, count, sizeof(ginet_term *));
}

/* ------------------------------------------------------------ builders */

ginet_term *ginet_term_int(ginet_term_arena *arena, int64_t value)
{
    ginet_term *t = ginet__term_alloc(arena, GINET_TERM_INTEGER);
    if (t != NULL)
        t->u.integer = value;
    return t;
}

ginet_term *ginet_term_atom(ginet_term_arena *arena, const char *name, size_t len)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t chars = 0, out = 0;
    uint32_t cp;

    if (arena == NULL || (name == NULL && len > 0))
        return NULL;
    /* Measure: valid UTF-8 is kept, any other byte is a Latin-1 character. */
    for (size_t i = 0; i < len; chars++) {
        size_t n = ginet__utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            out += 2;                   /* 0x80..0xFF as UTF-8 */
            i++;
        } else {
            if (cp == 0)
                return NULL;
            out += n;
            i += n;
        }
    }
    if (chars > GINET_TERM_MAX_ATOM_CHARS)
        return NULL;

    ginet_term *t = ginet__term_alloc(arena, GINET_TERM_ATOM);
    char *text = ginet__arena_alloc_aligned(&arena->mem, out + 1, 1);
    if (t == NULL || text == NULL)
        return NULL;
    if (out == len) {
        if (len > 0)
            memcpy(text, name, len);
    } else {
        size_t o = 0;
        for (size_t i = 0; i < len;) {
            size_t n = ginet__utf8_decode(s + i, len - i, &cp);
            if (n == 0) {
                o += ginet__utf8_encode(s[i], (unsigned char *)text + o);
                i++;
            } else {
                memcpy(text + o, s + i, n);
                o += n;
                i += n;
            }
        }
    }
    text[out] = '\0';
    t->u.atom.name = text;
    t->u.atom.len = out;
    return t;
}

ginet_term *ginet_term_atomz(ginet_term_arena *arena, const char *name)
{
    if (name == NULL)
        return NULL;
    return ginet_term_atom(arena, name, strlen(name));
}

ginet_term *ginet_term_binary(ginet_term_arena *arena, const void *data, size_t len)
{
    if (arena == NULL || (data == NULL && len > 0))
        return NULL;
    ginet_term *t = ginet__term_alloc(arena, GINET_TERM_BINARY);
    void *copy = ginet__arena_memdup(&arena->mem, data, len);
    if (t == NULL || copy == NULL)
        return NULL;
    t->u.binary.data = copy;
    t->u.binary.len = len;
    return t;
}

static ginet_term *seq_new(ginet_term_arena *arena, ginet_term_kind kind,
                           size_t count)
{
    ginet_term *t = ginet__term_alloc(arena, kind);
    ginet_term **items = ginet__term_items(arena, count);
    if (t == NULL || items == NULL)
        return NULL;
    t->u.seq.items = items;
    t->u.seq.count = count;
    return t;
}

ginet_term *ginet_term_string(ginet_term_arena *arena, const void *data, size_t len)
{
    const unsigned char *s = data;
    if (arena == NULL || (data == NULL && len > 0))
        return NULL;
    ginet_term *t = seq_new(arena, GINET_TERM_LIST, len);
    ginet_term *elems = len > 0 ? ginet__arena_calloc(&arena->mem, len, sizeof *elems)
                                : NULL;
    if (t == NULL || (len > 0 && elems == NULL))
        return NULL;
    for (size_t i = 0; i < len; i++) {
        elems[i].kind = GINET_TERM_INTEGER;
        elems[i].u.integer = s[i];
        t->u.seq.items[i] = &elems[i];
    }
    return t;
}

ginet_term *ginet_term_list_new(ginet_term_arena *arena, size_t count)
{
    return seq_new(arena, GINET_TERM_LIST, count);
}

ginet_term *ginet_term_tuple_new(ginet_term_arena *arena, size_t count)
{
    return seq_new(arena, GINET_TERM_TUPLE, count);
}

static ginet_term *seq_of(ginet_term_arena *arena, ginet_term_kind kind,
                          size_t count, va_list ap)
{
    ginet_term *t = seq_new(arena, kind, count);
    int bad = t == NULL;
    for (size_t i = 0; i < count; i++) {
        ginet_term *e = va_arg(ap, ginet_term *);
        if (e == NULL)
            bad = 1;
        else if (!bad)
            t->u.seq.items[i] = e;
    }
    return bad ? NULL : t;
}

ginet_term *ginet_term_tuple(ginet_term_arena *arena, size_t count, ...)
{
    va_list ap;
    va_start(ap, count);
    ginet_term *t = seq_of(arena, GINET_TERM_TUPLE, count, ap);
    va_end(ap);
    return t;
}

ginet_term *ginet_term_list(ginet_term_arena *arena, size_t count, ...)
{
    va_list ap;
    va_start(ap, count);
    ginet_term *t = seq_of(arena, GINET_TERM_LIST, count, ap);
    va_end(ap);
    return t;
}

/* ------------------------------------------------------------ equality */

typedef struct eq_frame {
    const ginet_term *a, *b;
    size_t i;
} eq_frame;

/* Compare everything but the elements of lists and tuples. */
static int shallow_equal(const ginet_term *a, const ginet_term *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    if (a->kind != b->kind)
        return 0;
    switch (a->kind) {
    case GINET_TERM_INTEGER:
        return a->u.integer == b->u.integer;
    case GINET_TERM_ATOM:
        return a->u.atom.len == b->u.atom.len
            && (a->u.atom.len == 0
                || memcmp(a->u.atom.name, b->u.atom.name, a->u.atom.len) == 0);
    case GINET_TERM_BINARY:
        return a->u.binary.len == b->u.binary.len
            && (a->u.binary.len == 0
                || memcmp(a->u.binary.data, b->u.binary.data, a->u.binary.len) == 0);
    case GINET_TERM_LIST:
    case GINET_TERM_TUPLE:
        return a->u.seq.count == b->u.seq.count
            && (a->u.seq.count == 0
                || (a->u.seq.items != NULL && b->u.seq.items != NULL));
    }
    return 0;
}

static int is_seq(const ginet_term *t)
{
    return t != NULL && (t->kind == GINET_TERM_LIST || t->kind == GINET_TERM_TUPLE)
        && t->u.seq.count > 0;
}

int ginet_term_equal(const ginet_term *a, const ginet_term *b)
{
    eq_frame local[64];
    eq_frame *stack = local;
    size_t depth = 0, cap = 64;
    int result = 1;

    for (;;) {
        if (a != b) {
            if (!shallow_equal(a, b)) {
                result = 0;
                break;
            }
            if (is_seq(a)) {
                if (depth == cap) {
                    eq_frame *bigger = malloc(cap * 2 * sizeof *bigger);
                    if (bigger == NULL) {
                        result = 0;
                        break;
                    }
                    memcpy(bigger, stack, depth * sizeof *stack);
                    if (stack != local)
                        free(stack);
                    stack = bigger;
                    cap *= 2;
                }
                stack[depth].a = a;
                stack[depth].b = b;
                stack[depth].i = 0;
                depth++;
                a = a->u.seq.items[0];
                b = b->u.seq.items[0];
                continue;
            }
        }
        /* Next pair: the next element of the innermost unfinished sequence. */
        while (depth > 0 && ++stack[depth - 1].i == stack[depth - 1].a->u.seq.count)
            depth--;
        if (depth == 0)
            break;
        a = stack[depth - 1].a->u.seq.items[stack[depth - 1].i];
        b = stack[depth - 1].b->u.seq.items[stack[depth - 1].i];
    }
    if (stack != local)
        free(stack);
    return result;
}

/* ------------------------------------------------------------ accessors */

int ginet_term_is_atom(const ginet_term *t, const char *name)
{
    if (t == NULL || t->kind != GINET_TERM_ATOM)
        return 0;
    if (name == NULL)
        return 1;
    return t->u.atom.name != NULL && strlen(name) == t->u.atom.len
        && memcmp(name, t->u.atom.name, t->u.atom.len) == 0;
}

int ginet_term_is_tagged(const ginet_term *t, const char *tag, size_t arity)
{
    return t != NULL && t->kind == GINET_TERM_TUPLE && arity > 0
        && t->u.seq.count == arity && t->u.seq.items != NULL
        && ginet_term_is_atom(t->u.seq.items[0], tag);
}

int ginet_term_is_byte_string(const ginet_term *t)
{
    if (t == NULL || t->kind != GINET_TERM_LIST)
        return 0;
    for (size_t i = 0; i < t->u.seq.count; i++) {
        const ginet_term *e = t->u.seq.items[i];
        if (e == NULL || e->kind != GINET_TERM_INTEGER
            || e->u.integer < 0 || e->u.integer > 255)
            return 0;
    }
    return 1;
}

int ginet_term_get_bytes(const ginet_term *t, char *buf, size_t cap, size_t *len)
{
    size_t n;
    if (t != NULL && t->kind == GINET_TERM_BINARY) {
        if (t->u.binary.data == NULL && t->u.binary.len > 0)
            return GINET_EINVAL;
        n = t->u.binary.len;
        if (cap > 0) {
            size_t k = n < cap ? n : cap - 1;
            if (k > 0)
                memcpy(buf, t->u.binary.data, k);
            buf[k] = '\0';
        }
    } else if (ginet_term_is_byte_string(t)) {
        n = t->u.seq.count;
        if (cap > 0) {
            size_t k = n < cap ? n : cap - 1;
            for (size_t i = 0; i < k; i++)
                buf[i] = (char)(unsigned char)t->u.seq.items[i]->u.integer;
            buf[k] = '\0';
        }
    } else {
        return GINET_EINVAL;
    }
    if (len != NULL)
        *len = n;
    return n < cap ? 0 : GINET_ERANGE;
}

const char *ginet_term_kind_name(ginet_term_kind kind)
{
    switch (kind) {
    case GINET_TERM_INTEGER: return "integer";
    case GINET_TERM_ATOM:    return "atom";
    case GINET_TERM_BINARY:  return "binary";
    case GINET_TERM_LIST:    return "list";
    case GINET_TERM_TUPLE:   return "tuple";
    }
    return "unknown";
}
