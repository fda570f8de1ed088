/*
 * core/term_print.c — the term printer: ginet_term_format() and
 * ginet_term_to_string(), byte for byte what OTP 25's
 * io_lib:format("~w", [Term]) gives (as UTF-8).
 *
 * Iterative, like the parser: lists and tuples are walked with an explicit
 * stack, so a deep term built by a program cannot overflow the C stack.
 */
#include "core/term_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Where the text goes: a caller's fixed buffer (counting what does not
 * fit, like snprintf) or a growing malloc()ed one. */
typedef struct sink {
    char *buf;
    size_t cap;
    size_t len;         /* full length so far, written or not */
    int dynamic;
    int failed;         /* ENOMEM (dynamic) or length overflow */
} sink;

static void put(sink *s, const char *p, size_t n)
{
    if (s->failed || n == 0)
        return;
    if (n > SIZE_MAX - 1 - s->len) {
        s->failed = 1;
        return;
    }
    if (s->dynamic) {
        if (s->buf == NULL || s->len + n + 1 > s->cap) {
            size_t c = s->cap ? s->cap : 64;
            while (c < s->len + n + 1)
                c = c > SIZE_MAX / 2 ? SIZE_MAX : c * 2;
            char *b = realloc(s->buf, c);
            if (b == NULL) {
                s->failed = 1;
                return;
            }
            s->buf = b;
            s->cap = c;
        }
        memcpy(s->buf + s->len, p, n);
    } else if (s->cap > 0 && s->len < s->cap - 1) {
        size_t room = s->cap - 1 - s->len;
        memcpy(s->buf + s->len, p, n < room ? n : room);
    }
    s->len += n;
}

static void put_char(sink *s, char c)
{
    put(s, &c, 1);
}

static void put_int(sink *s, int64_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[--i] = (char)('0' + m % 10);
        m /= 10;
    } while (m != 0);
    if (v < 0)
        tmp[--i] = '-';
    put(s, tmp + i, sizeof tmp - i);
}

/* The next character of atom text: UTF-8, any other byte as Latin-1. */
static uint32_t next_cp(const unsigned char *p, size_t len, size_t *i)
{
    uint32_t cp;
    size_t n = ginet__utf8_decode(p + *i, len - *i, &cp);
    if (n == 0) {
        cp = p[*i];
        n = 1;
    }
    *i += n;
    return cp;
}

static int atom_needs_quotes(const unsigned char *p, size_t len)
{
    size_t i = 0;
    if (len == 0 || ginet__term_reserved_word((const char *)p, len))
        return 1;
    if (!ginet__term_atom_start(next_cp(p, len, &i)))
        return 1;
    while (i < len)
        if (!ginet__term_name_char(next_cp(p, len, &i)))
            return 1;
    return 0;
}

static void put_cp(sink *s, uint32_t cp)
{
    unsigned char u[4];
    put(s, (const char *)u, ginet__utf8_encode(cp, u));
}

/* One character inside '...' as ~w writes it. */
static void put_quoted_cp(sink *s, uint32_t cp)
{
    static const char hex[] = "0123456789ABCDEF";
    char tmp[16];
    const char *named = NULL;

    switch (cp) {
    case 8:    named = "\\b"; break;
    case 9:    named = "\\t"; break;
    case 10:   named = "\\n"; break;
    case 11:   named = "\\v"; break;
    case 12:   named = "\\f"; break;
    case 13:   named = "\\r"; break;
    case 27:   named = "\\e"; break;
    case 127:  named = "\\d"; break;
    case '\'': named = "\\'"; break;
    case '\\': named = "\\\\"; break;
    default:   break;
    }
    if (named != NULL) {
        put(s, named, 2);
    } else if (cp < 32 || (cp >= 128 && cp < 160)) {
        tmp[0] = '\\';
        tmp[1] = (char)('0' + ((cp >> 6) & 7));
        tmp[2] = (char)('0' + ((cp >> 3) & 7));
        tmp[3] = (char)('0' + (cp & 7));
        put(s, tmp, 4);
    } else if (cp < 256) {
        put_cp(s, cp);
    } else {
        size_t n = 0;
        int shift = 20;
        while (shift > 0 && ((cp >> shift) & 15) == 0)
            shift -= 4;
        tmp[n++] = '\\';
        tmp[n++] = 'x';
        tmp[n++] = '{';
        for (; shift >= 0; shift -= 4)
            tmp[n++] = hex[(cp >> shift) & 15];
        tmp[n++] = '}';
        put(s, tmp, n);
    }
}

static void put_atom(sink *s, const ginet_term *t)
{
    const unsigned char *p = (const unsigned char *)t->u.atom.name;
    size_t len = t->u.atom.len, i = 0;
    if (!atom_needs_quotes(p, len)) {
        while (i < len)
            put_cp(s, next_cp(p, len, &i));
        return;
    }
    put_char(s, '\'');
    while (i < len)
        put_quoted_cp(s, next_cp(p, len, &i));
    put_char(s, '\'');
}

static void put_binary(sink *s, const ginet_term *t)
{
    const uint8_t *d = t->u.binary.data;
    char tmp[4];
    put(s, "<<", 2);
    for (size_t i = 0; i < t->u.binary.len; i++) {
        size_t n = 0;
        unsigned b = d[i];
        if (i > 0)
            tmp[n++] = ',';
        if (b >= 100)
            tmp[n++] = (char)('0' + b / 100);
        if (b >= 10)
            tmp[n++] = (char)('0' + b / 10 % 10);
        tmp[n++] = (char)('0' + b % 10);
        put(s, tmp, n);
    }
    put(s, ">>", 2);
}

typedef struct print_frame {
    const ginet_term *t;
    size_t i;
} print_frame;

/* Print TERM; returns 0 or a negative ginet error. */
static int print(sink *s, const ginet_term *t)
{
    print_frame local[64];
    print_frame *stack = local;
    size_t depth = 0, cap = 64;
    int rc = 0;

    for (;;) {
        if (t == NULL) {
            rc = GINET_EINVAL;
            break;
        }
        switch (t->kind) {
        case GINET_TERM_INTEGER:
            put_int(s, t->u.integer);
            break;
        case GINET_TERM_ATOM:
            if (t->u.atom.name == NULL && t->u.atom.len > 0)
                rc = GINET_EINVAL;
            else
                put_atom(s, t);
            break;
        case GINET_TERM_BINARY:
            if (t->u.binary.data == NULL && t->u.binary.len > 0)
                rc = GINET_EINVAL;
            else
                put_binary(s, t);
            break;
        case GINET_TERM_LIST:
        case GINET_TERM_TUPLE: {
            int list = t->kind == GINET_TERM_LIST;
            if (t->u.seq.count == 0) {
                put(s, list ? "[]" : "{}", 2);
                break;
            }
            if (t->u.seq.items == NULL) {
                rc = GINET_EINVAL;
                break;
            }
            if (depth == cap) {
                print_frame *bigger = NULL;
                if (cap <= SIZE_MAX / 2 / sizeof *bigger)
                    bigger = malloc(cap * 2 * sizeof *bigger);
                if (bigger == NULL) {
                    rc = GINET_ENOMEM;
                    break;
                }
                memcpy(bigger, stack, depth * sizeof *stack);
                if (stack != local)
                    free(stack);
                stack = bigger;
                cap *= 2;
            }
            put_char(s, list ? '[' : '{');
            stack[depth].t = t;
            stack[depth].i = 0;
            depth++;
            t = t->u.seq.items[0];
            continue;
        }
        default:
            rc = GINET_EINVAL;
            break;
        }
        if (rc != 0)
            break;
        /* Done with t: a ',' before the next element, or close. */
        while (depth > 0) {
            print_frame *f = &stack[depth - 1];
            if (++f->i < f->t->u.seq.count) {
                put_char(s, ',');
                t = f->t->u.seq.items[f->i];
                break;
            }
            put_char(s, f->t->kind == GINET_TERM_LIST ? ']' : '}');
            depth--;
        }
        if (depth == 0)
            break;
    }
    if (stack != local)
        free(stack);
    return rc;
}

long ginet_term_format(const ginet_term *term, char *buf, size_t cap)
{
    sink s = { buf, cap, 0, 0, 0 };
    if (buf == NULL && cap > 0)
        return GINET_EINVAL;
    int rc = print(&s, term);
    if (cap > 0)
        buf[s.len < cap ? s.len : cap - 1] = '\0';
    if (rc != 0)
        return rc;
    if (s.failed || s.len > (size_t)LONG_MAX)
        return GINET_ERANGE;
    return (long)s.len;
}

char *ginet_term_to_string(const ginet_term *term)
{
    sink s = { NULL, 0, 0, 1, 0 };
    int rc = print(&s, term);
    if (rc != 0 || s.failed) {
        free(s.buf);
        return NULL;
    }
    if (s.buf == NULL) {            /* cannot happen: every term prints */
        return calloc(1, 1);
    }
    s.buf[s.len] = '\0';
    return s.buf;
}
