/*
 * tests/unit/test_term.c — the Erlang term reader, printer, builders and
 * the arena under them.
 *
 * The tables it checks against are in test_term_data.h; the expected texts
 * of the atom and reader tables were printed by OTP 25, not written by hand.
 */
#include "harness.h"

#include <ginet/ginet.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The arena is internal (its symbols are not exported from the library),
 * so its white-box tests compile it into this program. */
#include "core/arena.c"

#include "test_term_data.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A private copy of LEN bytes, so reading past the end trips ASan. */
static char *exact_copy(const char *text, size_t len)
{
    char *p = malloc(len ? len : 1);
    if (p != NULL && len > 0)
        memcpy(p, text, len);
    return p;
}

static ginet_term *parse_len(ginet_term_arena *a, const char *text, size_t len,
                             ginet_term_error *err)
{
    ginet_term *t = NULL;
    char *copy = exact_copy(text, len);
    int rc = ginet_term_parse(a, copy, len, &t, err);
    free(copy);
    return rc == 0 ? t : NULL;
}

static ginet_term *parse(ginet_term_arena *a, const char *text)
{
    ginet_term_error err;
    ginet_term *t = parse_len(a, text, strlen(text), &err);
    if (t == NULL)
        printf("\n  parse of \"%s\" failed: %u:%u %s\n", text, err.line,
               err.column, err.message);
    return t;
}

/* Print T into a static buffer (tests only, one at a time). */
static const char *show(const ginet_term *t)
{
    static char buf[4096];
    long n = ginet_term_format(t, buf, sizeof buf);
    return n < 0 ? "<error>" : buf;
}

/* ------------------------------------------------------------ arena */

static void arena_small_allocs(void)
{
    ginet__arena *a = ginet__arena_new();
    unsigned char *ptrs[5000];
    size_t sizes[5000];
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    for (size_t i = 0; i < COUNT(ptrs); i++) {
        sizes[i] = (i * 7919) % 700;
        ptrs[i] = ginet__arena_alloc(a, sizes[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ptrs[i]);
        CU_ASSERT_EQUAL((uintptr_t)ptrs[i] % GINET__ARENA_ALIGN, 0);
        memset(ptrs[i], (int)(i & 0xFF), sizes[i]);
    }
    for (size_t i = 0; i < COUNT(ptrs); i++)
        for (size_t j = 0; j < sizes[i]; j++)
            if (ptrs[i][j] != (unsigned char)(i & 0xFF)) {
                CU_FAIL("arena allocations overlap");
                i = COUNT(ptrs);
                break;
            }
    /* Zero-size allocations are distinct valid pointers. */
    void *z1 = ginet__arena_alloc(a, 0), *z2 = ginet__arena_alloc(a, 0);
    CU_ASSERT(z1 != NULL && z2 != NULL && z1 != z2);
    ginet__arena_free(a);
    ginet__arena_free(NULL);
}

static void arena_large(void)
{
    ginet__arena *a = ginet__arena_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    char *small = ginet__arena_alloc(a, 10);
    unsigned char *big = ginet__arena_alloc(a, 1 << 20);
    char *small2 = ginet__arena_alloc(a, 10);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    CU_ASSERT_PTR_NOT_NULL_FATAL(small2);
    memset(big, 0xAB, 1 << 20);
    /* The large block has its own chunk: the small ones share the first. */
    CU_ASSERT(small2 > small && small2 - small < 4096);
    CU_ASSERT(ginet__arena_allocated(a) >= (1 << 20));
    CU_ASSERT(ginet__arena_allocated(a) < (1 << 20) + 3 * 4096);
    CU_ASSERT_PTR_NULL(ginet__arena_alloc(a, SIZE_MAX));
    CU_ASSERT_PTR_NULL(ginet__arena_alloc(a, SIZE_MAX - 8));
    CU_ASSERT_PTR_NULL(ginet__arena_calloc(a, SIZE_MAX / 2, 4));
    CU_ASSERT_PTR_NULL(ginet__arena_alloc_aligned(a, 8, 3));
    CU_ASSERT_PTR_NULL(ginet__arena_alloc_aligned(a, 8, 0));
    ginet__arena_free(a);
}

static void arena_reset_and_copies(void)
{
    ginet__arena a;
    ginet__arena_init(&a);
    for (int i = 0; i < 10000; i++)
        CU_ASSERT_PTR_NOT_NULL(ginet__arena_alloc(&a, 100));
    CU_ASSERT_PTR_NOT_NULL(ginet__arena_alloc(&a, 500000));
    size_t before = ginet__arena_allocated(&a);
    ginet__arena_reset(&a);
    CU_ASSERT(ginet__arena_allocated(&a) < before);
    CU_ASSERT(ginet__arena_allocated(&a) <= 256 * 1024 + 64);
    char *s = ginet__arena_strdup(&a, "hello");
    CU_ASSERT_STRING_EQUAL(s, "hello");
    char *n = ginet__arena_strndup(&a, "abcdef", 3);
    CU_ASSERT_STRING_EQUAL(n, "abc");
    CU_ASSERT_PTR_NOT_NULL(ginet__arena_memdup(&a, NULL, 0));
    int *z = ginet__arena_calloc(&a, 100, sizeof(int));
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT(z[0] == 0 && z[99] == 0);
    ginet__arena_destroy(&a);
    CU_ASSERT_EQUAL(ginet__arena_allocated(&a), 0);
    ginet__arena_reset(&a);                     /* empty arena: no-op */
    ginet__arena_destroy(&a);
}

/* ------------------------------------------------------------ reading */

static void read_table_matches_otp(void)
{
    ginet_term_arena *a = ginet_term_arena_new();
    for (size_t i = 0; i < COUNT(read_table); i++) {
        ginet_term *t = parse(a, read_table[i].in);
        CU_ASSERT_PTR_NOT_NULL(t);
        if (t == NULL)
            continue;
        if (strcmp(show(t), read_table[i].out) != 0) {
            printf("\n  %s: got %s, OTP gives %s\n", read_table[i].in, show(t),
                   read_table[i].out);
            CU_FAIL("reader disagrees with OTP");
        }
        /* The printed form reads back as the same term. */
        ginet_term *u = parse(a, read_table[i].out);
        CU_ASSERT(ginet_term_equal(t, u));
    }
    ginet_term_arena_free(a);
}

static void read_values(void)
{
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t = parse(a, "-9223372036854775808");
    CU_ASSERT(t && t->kind == GINET_TERM_INTEGER && t->u.integer == INT64_MIN);
    t = parse(a, "9223372036854775807");
    CU_ASSERT(t && t->u.integer == INT64_MAX);
    t = parse(a, "-16#8000000000000000");
    CU_ASSERT(t && t->u.integer == INT64_MIN);
    t = parse(a, "'hello world'");
    CU_ASSERT(t && t->kind == GINET_TERM_ATOM && t->u.atom.len == 11
              && strcmp(t->u.atom.name, "hello world") == 0);
    t = parse(a, "'\\x{3bb}\\'\\n'");       /* UTF-8 inside */
    CU_ASSERT(t && t->u.atom.len == 4 && memcmp(t->u.atom.name, "\316\273'\n", 4) == 0);
    t = parse(a, "\"\316\273\303\251\360\237\230\200\"");
    CU_ASSERT_STRING_EQUAL(show(t), "[955,233,128512]");
    t = parse(a, "<<\"a\\x{ff}\",255>>");
    CU_ASSERT(t && t->kind == GINET_TERM_BINARY && t->u.binary.len == 3
              && memcmp(t->u.binary.data, "a\377\377", 3) == 0);
    t = parse(a, "<<>>");
    CU_ASSERT(t && t->u.binary.len == 0 && t->u.binary.data != NULL);
    t = parse(a, "[]");
    CU_ASSERT(t && t->kind == GINET_TERM_LIST && t->u.seq.count == 0
              && t->u.seq.items != NULL);
    t = parse(a, "\"\"");
    CU_ASSERT(t && t->kind == GINET_TERM_LIST && t->u.seq.count == 0
              && t->u.seq.items != NULL);
    /* NUL and U+0080..U+00A0 are whitespace, as in erl_scan. */
    ginet_term_error err;
    t = parse_len(a, "\0[1,\0\302\2002]\0", 11, &err);
    CU_ASSERT_STRING_EQUAL(show(t), "[1,2]");
    /* The longest atoms. */
    char text[1100];
    memset(text, 'a', 255);
    t = parse_len(a, text, 255, &err);
    CU_ASSERT(t && t->u.atom.len == 255);
    text[0] = '\'';
    for (int i = 0; i < 255; i++)
        memcpy(text + 1 + 2 * i, "\316\273", 2);
    text[511] = '\'';
    t = parse_len(a, text, 512, &err);
    CU_ASSERT(t && t->u.atom.len == 510);
    ginet_term_arena_free(a);
}

static void read_positions(void)
{
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t = parse(a, "{a,\n  [-1, \"xy\",\n\t<<1>>]}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT(t->line == 1 && t->column == 1 && t->offset == 0);
    ginet_term *l = t->u.seq.items[1];
    CU_ASSERT(l->line == 2 && l->column == 3 && l->offset == 6);
    ginet_term *neg = l->u.seq.items[0];
    CU_ASSERT(neg->line == 2 && neg->column == 4 && neg->offset == 7 && neg->u.integer == -1);
    ginet_term *str = l->u.seq.items[1];
    CU_ASSERT(str->line == 2 && str->column == 8 && str->kind == GINET_TERM_LIST);
    CU_ASSERT(str->u.seq.items[1]->line == 2 && str->u.seq.items[1]->column == 10
              && str->u.seq.items[1]->offset == 13);
    ginet_term *bin = l->u.seq.items[2];
    CU_ASSERT(bin->line == 3 && bin->column == 2 && bin->offset == 18);
    ginet_term_arena_free(a);
}

static void read_consult(void)
{
    static const char inetrc[] =
        "%% inetrc\n"
        "{nameserver, {8,8,8,8}}.   % Google\n"
        "{lookup, [file, dns]}.\n"
        "{domain, \"example.com\"}.\n"
        "{host, {127,0,0,1}, [\"localhost\"]}.\n";
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t = NULL;
    ginet_term_error err;
    CU_ASSERT_EQUAL_FATAL(ginet_term_parse_consult(a, inetrc, strlen(inetrc), &t, &err), 0);
    CU_ASSERT_EQUAL(t->u.seq.count, 4);
    CU_ASSERT_STRING_EQUAL(show(t),
        "[{nameserver,{8,8,8,8}},{lookup,[file,dns]},"
        "{domain,[101,120,97,109,112,108,101,46,99,111,109]},"
        "{host,{127,0,0,1},[[108,111,99,97,108,104,111,115,116]]}]");
    CU_ASSERT(t->u.seq.items[1]->line == 3 && t->u.seq.items[1]->column == 1);
    CU_ASSERT(ginet_term_is_tagged(t->u.seq.items[0], "nameserver", 2));

    CU_ASSERT_EQUAL(ginet_term_parse_consult(a, "", 0, &t, &err), 0);
    CU_ASSERT(t && t->kind == GINET_TERM_LIST && t->u.seq.count == 0);
    CU_ASSERT_EQUAL(ginet_term_parse_consult(a, "  % only\n", 9, &t, &err), 0);
    CU_ASSERT(t && t->u.seq.count == 0);
    CU_ASSERT_EQUAL(ginet_term_parse_consult(a, "a.b.", 4, &t, &err), GINET_EINVAL);
    CU_ASSERT_PTR_NULL(t);
    CU_ASSERT_EQUAL(ginet_term_parse_consult(a, "a. b", 4, &t, &err), GINET_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.message, "expected '.' after the term, found the end of the text");
    CU_ASSERT(err.line == 1 && err.column == 5 && err.offset == 4);
    CU_ASSERT_EQUAL(ginet_term_parse_consult(a, "{a,1}\n{b,2}.", 12, &t, &err), GINET_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.message, "expected '.' after the term, found '{'");
    CU_ASSERT(err.line == 2 && err.column == 1 && err.offset == 6);
    CU_ASSERT_EQUAL(ginet_term_parse_consult(a, "a.\n.\n", 5, &t, &err), GINET_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.message, "expected a term, found '.'");
    CU_ASSERT(err.line == 2 && err.column == 1);
    ginet_term_arena_free(a);
}

static void check_error(const char *in, size_t len, uint32_t line, uint32_t column,
                        size_t offset, const char *message)
{
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term_error err;
    ginet_term *t = (ginet_term *)1;
    char *copy = exact_copy(in, len);
    int rc = ginet_term_parse(a, copy, len, &t, &err);
    CU_ASSERT_EQUAL(rc, GINET_EINVAL);
    CU_ASSERT_PTR_NULL(t);
    CU_ASSERT_EQUAL(err.code, GINET_EINVAL);
    if (rc != GINET_EINVAL || err.line != line || err.column != column
        || err.offset != offset || strcmp(err.message, message) != 0) {
        printf("\n  input \"%.*s\"\n  got      %d %u:%u@%zu %s\n  expected %u:%u@%zu %s\n",
               (int)len, in, rc, err.line, err.column, err.offset, err.message,
               line, column, offset, message);
        CU_FAIL("wrong error");
    }
    free(copy);
    ginet_term_arena_free(a);
}

static void read_errors(void)
{
    for (size_t i = 0; i < COUNT(error_table); i++) {
        const error_case *e = &error_table[i];
        check_error(e->in, strlen(e->in), e->line, e->column, e->offset, e->message);
    }
    /* Atoms of 256 characters, unquoted, quoted, and quoted non-ASCII. */
    char text[1100];
    memset(text, 'a', 256);
    check_error(text, 256, 1, 1, 0, "atom is longer than 255 characters");
    text[0] = '\'';
    memset(text + 1, 'b', 256);
    text[257] = '\'';
    check_error(text, 258, 1, 1, 0, "atom is longer than 255 characters");
    for (int i = 0; i < 256; i++)
        memcpy(text + 1 + 2 * i, "\303\251", 2);
    text[513] = '\'';
    check_error(text, 514, 1, 1, 0, "atom is longer than 255 characters");
    /* A NUL byte inside a string is an error-free character... */
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term_error err;
    ginet_term *t = parse_len(a, "\"a\0b\"", 5, &err);
    CU_ASSERT_STRING_EQUAL(show(t), "[97,0,98]");
    ginet_term_arena_free(a);
    /* ...but an invalid byte anywhere else is reported where it is. */
    check_error("[a,\n \0\001\377]", 9, 2, 4, 7, "invalid UTF-8 byte 0xFF");
}

static void read_nesting(void)
{
    size_t depth = GINET_TERM_MAX_DEPTH;
    char *text = malloc(2 * depth + 16);
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term_error err;
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    /* 1000 levels, mixing lists and tuples, with something inside. */
    for (size_t i = 0; i < depth; i++)
        text[i] = i % 2 ? '{' : '[';
    text[depth] = 'x';
    for (size_t i = 0; i < depth; i++)
        text[depth + 1 + i] = (depth - 1 - i) % 2 ? '}' : ']';
    ginet_term *t = parse_len(a, text, 2 * depth + 1, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    size_t levels = 0;
    while (t->kind != GINET_TERM_ATOM) {
        t = t->u.seq.items[0];
        levels++;
    }
    CU_ASSERT_EQUAL(levels, depth);
    /* The innermost empty list needs no level of its own. */
    memcpy(text + depth, "[]", 2);
    for (size_t i = 0; i < depth; i++)
        text[depth + 2 + i] = (depth - 1 - i) % 2 ? '}' : ']';
    CU_ASSERT_PTR_NOT_NULL(parse_len(a, text, 2 * depth + 2, &err));
    /* One level more is an error at the bracket that opens it. */
    memset(text, '[', depth + 1);
    check_error(text, depth + 1, 1, (uint32_t)depth + 1, depth, "nesting deeper than 1000");
    /* A million open brackets: the same error, no stack overflow. */
    char *huge = malloc(1000000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(huge);
    memset(huge, '{', 1000000);
    check_error(huge, 1000000, 1, 1001, 1000, "nesting deeper than 1000");
    free(huge);
    free(text);
    ginet_term_arena_free(a);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void read_huge(void)
{
    enum { BIN = 1 << 20, LIST = 300000 };
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term_error err;
    ginet_term *t;
    /* A 1 MB binary written as <<0,1,...>>: about 3.6 MB of text. */
    char *text = malloc(4 * (size_t)BIN + 8), *p = text;
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    p += sprintf(p, "<<");
    for (int i = 0; i < BIN; i++)
        p += sprintf(p, i ? ",%d" : "%d", (i * 31) & 0xFF);
    p += sprintf(p, ">>");
    double t0 = seconds();
    t = parse_len(a, text, (size_t)(p - text), &err);
    double t1 = seconds();
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->u.binary.len, (size_t)BIN);
    CU_ASSERT_EQUAL(t->u.binary.data[BIN - 1], ((BIN - 1) * 31) & 0xFF);
    char *back = ginet_term_to_string(t);
    CU_ASSERT(back != NULL && strlen(back) == (size_t)(p - text)
              && memcmp(back, text, strlen(back)) == 0);
    free(back);
    CU_ASSERT(t1 - t0 < 10.0);                  /* ~0.05 s unoptimised */
    /* A list of 300000 elements and a string of as many characters. */
    p = text;
    *p++ = '[';
    for (int i = 0; i < LIST; i++)
        p += sprintf(p, i ? ",{%d,x}" : "{%d,x}", i);
    *p++ = ']';
    t0 = seconds();
    t = parse_len(a, text, (size_t)(p - text), &err);
    t1 = seconds();
    CU_ASSERT(t != NULL && t->u.seq.count == LIST
              && t->u.seq.items[LIST - 1]->u.seq.items[0]->u.integer == LIST - 1);
    CU_ASSERT(t1 - t0 < 10.0);
    p = text;
    *p++ = '"';
    for (int i = 0; i < LIST; i++)
        *p++ = (char)('a' + i % 26);
    *p++ = '"';
    t = parse_len(a, text, (size_t)(p - text), &err);
    CU_ASSERT(t != NULL && t->u.seq.count == LIST && ginet_term_is_byte_string(t));
    free(text);
    ginet_term_arena_free(a);
}

/* Any bytes at all: parse returns 0 or EINVAL with a sane position, never
 * reads outside the text (the copies are exact-size for ASan). */
static void read_any_bytes(void)
{
    static const char *seeds[] = {
        "[binary,{packet,4},{active,once},{line_delimiter,$\\n}]",
        "{a,\"str\\x{41}\\n\",<<\"b\",1>>,'q\\'',16#ff,-5,$\\^A}. % c\n",
        "[a|[b,c]]", "'\\x{3bb}\\101\\^z'", "<<\"abc\",0,$x>>",
    };
    const char alphabet[] = "[]{}<>,.|'\"$\\%#-+_0123456789aAzZ#x{} \n\t\0\200\303\377";
    uint32_t seed = 12345;
    ginet_term_arena *a = ginet_term_arena_new();
    unsigned ok = 0, bad = 0;
    for (int round = 0; round < 30000; round++) {
        char buf[96];
        size_t len;
        seed = seed * 1103515245u + 12345u;
        if (round % 3 == 0) {
            len = (seed >> 8) % sizeof buf;
            for (size_t i = 0; i < len; i++) {
                seed = seed * 1103515245u + 12345u;
                buf[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
            }
        } else {
            const char *s = seeds[(seed >> 8) % COUNT(seeds)];
            len = strlen(s);
            memcpy(buf, s, len);
            for (int m = 0; m < round % 3; m++) {
                seed = seed * 1103515245u + 12345u;
                size_t at = (seed >> 8) % len;
                buf[at] = alphabet[(seed >> 20) % (sizeof alphabet - 1)];
            }
            seed = seed * 1103515245u + 12345u;
            if (round % 4 == 1)
                len = (seed >> 8) % (len + 1);   /* and cut it anywhere */
        }
        ginet_term_error err;
        char *copy = exact_copy(buf, len);
        ginet_term *t = NULL;
        int rc = round % 2 ? ginet_term_parse(a, copy, len, &t, &err)
                           : ginet_term_parse_consult(a, copy, len, &t, &err);
        if (rc == 0) {
            ok++;
            char *s = ginet_term_to_string(t);
            ginet_term *u = NULL;
            CU_ASSERT(s != NULL && ginet_term_parse(a, s, strlen(s), &u, NULL) == 0
                      && ginet_term_equal(t, u));
            free(s);
        } else {
            bad++;
            CU_ASSERT_EQUAL(rc, GINET_EINVAL);
            CU_ASSERT(err.line >= 1 && err.column >= 1 && err.offset <= len);
            CU_ASSERT(err.message[0] != '\0'
                      && memchr(err.message, '\0', sizeof err.message) != NULL);
        }
        free(copy);
        if (round % 1000 == 0)
            ginet_term_arena_reset(a);
    }
    if (ok < 1000 || bad < 1000)
        printf("\n  %u parsed, %u rejected\n", ok, bad);
    CU_ASSERT(ok > 1000 && bad > 1000);
    ginet_term_arena_free(a);
}

static void read_bad_arguments(void)
{
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t;
    ginet_term_error err;
    CU_ASSERT_EQUAL(ginet_term_parse(NULL, "a", 1, &t, &err), GINET_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.message, "invalid argument");
    CU_ASSERT_EQUAL(ginet_term_parse(a, "a", 1, NULL, &err), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_term_parse(a, NULL, 1, &t, &err), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_term_parse_consult(NULL, "a.", 2, &t, NULL), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_term_parse(a, NULL, 0, &t, NULL), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_term_parse(a, "[a b]", 5, &t, NULL), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_term_parse(a, "ok", 2, &t, NULL), 0);
    CU_ASSERT(ginet_term_is_atom(t, "ok"));
    /* LEN is the end, NUL or not. */
    CU_ASSERT_EQUAL(ginet_term_parse(a, "[a,b] garbage", 5, &t, NULL), 0);
    ginet_term_arena_free(a);
}

/* ------------------------------------------------------------ printing */

static void print_atoms_as_otp(void)
{
    ginet_term_arena *a = ginet_term_arena_new();
    for (size_t i = 0; i < COUNT(atom_table); i++) {
        const text_pair *p = &atom_table[i];
        ginet_term *t = ginet_term_atomz(a, p->in);
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        if (strcmp(show(t), p->out) != 0) {
            printf("\n  atom \"%s\": got %s, OTP prints %s\n", p->in, show(t), p->out);
            CU_FAIL("~w of an atom differs from OTP");
        }
        /* What ~w prints reads back as the same atom (OTP itself cannot
         * read U+FFFE and U+FFFF back; neither can we). */
        if (strstr(p->out, "x{FFF") == NULL || strstr(p->out, "x{FFFF}") == NULL) {
            if (strstr(p->out, "x{FFFE}") != NULL)
                continue;
            ginet_term *u = parse(a, p->out);
            CU_ASSERT(ginet_term_equal(t, u));
        }
    }
    ginet_term_arena_free(a);
}

static void print_terms(void)
{
    ginet_term_arena *a = ginet_term_arena_new();
    uint8_t bytes[] = {0, 9, 10, 99, 100, 255};
    ginet_term *t = ginet_term_tuple(a, 6,
        ginet_term_int(a, INT64_MIN), ginet_term_int(a, INT64_MAX),
        ginet_term_binary(a, bytes, sizeof bytes), ginet_term_string(a, "hi", 2),
        ginet_term_list(a, 3, ginet_term_tuple(a, 0), ginet_term_list(a, 0),
                        ginet_term_binary(a, NULL, 0)),
        ginet_term_atomz(a, "EXIT"));
    CU_ASSERT_STRING_EQUAL(show(t), "{-9223372036854775808,9223372036854775807,"
                           "<<0,9,10,99,100,255>>,[104,105],[{},[],<<>>],'EXIT'}");
    CU_ASSERT_STRING_EQUAL(show(ginet_term_int(a, 0)), "0");
    CU_ASSERT_STRING_EQUAL(show(ginet_term_int(a, -1)), "-1");
    ginet_term_arena_free(a);
}

static void print_like_snprintf(void)
{
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t = parse(a, "[1,2,3]");
    char buf[8];
    CU_ASSERT_EQUAL(ginet_term_format(t, NULL, 0), 7);
    memset(buf, 'x', sizeof buf);
    CU_ASSERT_EQUAL(ginet_term_format(t, buf, 1), 7);
    CU_ASSERT_STRING_EQUAL(buf, "");
    CU_ASSERT_EQUAL(ginet_term_format(t, buf, 5), 7);
    CU_ASSERT_STRING_EQUAL(buf, "[1,2");
    CU_ASSERT_EQUAL(ginet_term_format(t, buf, 7), 7);
    CU_ASSERT_STRING_EQUAL(buf, "[1,2,3");
    CU_ASSERT_EQUAL(ginet_term_format(t, buf, 8), 7);
    CU_ASSERT_STRING_EQUAL(buf, "[1,2,3]");
    CU_ASSERT_EQUAL(ginet_term_format(t, NULL, 5), GINET_EINVAL);
    ginet_term_arena_free(a);
}

static void print_invalid_terms(void)
{
    ginet_term_arena *a = ginet_term_arena_new();
    char buf[32];
    CU_ASSERT_EQUAL(ginet_term_format(NULL, buf, sizeof buf), GINET_EINVAL);
    CU_ASSERT_PTR_NULL(ginet_term_to_string(NULL));
    ginet_term *t = ginet_term_tuple_new(a, 2);
    t->u.seq.items[0] = ginet_term_int(a, 1);
    CU_ASSERT_EQUAL(ginet_term_format(t, buf, sizeof buf), GINET_EINVAL);
    CU_ASSERT(memchr(buf, '\0', sizeof buf) != NULL);
    CU_ASSERT_PTR_NULL(ginet_term_to_string(t));
    ginet_term bad = { .kind = (ginet_term_kind)99 };
    CU_ASSERT_EQUAL(ginet_term_format(&bad, buf, sizeof buf), GINET_EINVAL);
    ginet_term atom = { .kind = GINET_TERM_ATOM };
    atom.u.atom.len = 3;
    CU_ASSERT_EQUAL(ginet_term_format(&atom, buf, sizeof buf), GINET_EINVAL);
    /* Hand-made atom bytes that are not UTF-8 print as Latin-1. */
    atom.u.atom.name = "\351t\351";
    CU_ASSERT_EQUAL(ginet_term_format(&atom, buf, sizeof buf), 5);
    CU_ASSERT_STRING_EQUAL(buf, "\303\251t\303\251");
    ginet_term_arena_free(a);
}

static void print_deep_built_term(void)
{
    enum { DEPTH = 200000 };
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t = ginet_term_atomz(a, "x"), *u = ginet_term_atomz(a, "x");
    for (int i = 0; i < DEPTH; i++) {
        t = ginet_term_list(a, 1, t);
        u = ginet_term_tuple(a, 1, u);
    }
    long n = ginet_term_format(t, NULL, 0);
    CU_ASSERT_EQUAL(n, 2 * DEPTH + 1);
    char *s = ginet_term_to_string(u);
    CU_ASSERT(s != NULL && strlen(s) == 2 * DEPTH + 1 && s[0] == '{' && s[DEPTH] == 'x');
    free(s);
    CU_ASSERT(ginet_term_equal(t, t));
    CU_ASSERT(!ginet_term_equal(t, u));
    ginet_term *t2 = ginet_term_atomz(a, "x");
    for (int i = 0; i < DEPTH; i++)
        t2 = ginet_term_list(a, 1, t2);
    CU_ASSERT(ginet_term_equal(t, t2));
    ginet_term_arena_free(a);
}

/* ------------------------------------------------------------ building */

static void build_atoms(void)
{
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t = ginet_term_atom(a, "ok!", 2);
    CU_ASSERT(t && t->u.atom.len == 2 && strcmp(t->u.atom.name, "ok") == 0);
    CU_ASSERT(t->line == 0 && t->column == 0 && t->offset == 0);
    t = ginet_term_atom(a, "\351cole", 5);           /* Latin-1 in, UTF-8 stored */
    CU_ASSERT(t && t->u.atom.len == 6 && strcmp(t->u.atom.name, "\303\251cole") == 0);
    CU_ASSERT(ginet_term_equal(t, parse(a, "\303\251cole")));
    CU_ASSERT_PTR_NULL(ginet_term_atom(a, "a\0b", 3));
    CU_ASSERT_PTR_NULL(ginet_term_atomz(a, NULL));
    CU_ASSERT_PTR_NULL(ginet_term_atom(a, NULL, 1));
    CU_ASSERT_PTR_NULL(ginet_term_atom(NULL, "a", 1));
    t = ginet_term_atom(a, "", 0);
    CU_ASSERT(t && t->u.atom.len == 0 && t->u.atom.name[0] == '\0');
    CU_ASSERT_STRING_EQUAL(show(t), "''");
    char name[600];
    memset(name, 'a', 256);
    CU_ASSERT_PTR_NOT_NULL(ginet_term_atom(a, name, 255));
    CU_ASSERT_PTR_NULL(ginet_term_atom(a, name, 256));
    for (int i = 0; i < 255; i++)
        memcpy(name + 2 * i, "\316\273", 2);
    CU_ASSERT_PTR_NOT_NULL(ginet_term_atom(a, name, 510));
    ginet_term_arena_free(a);
}

static void build_others(void)
{
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *b = ginet_term_binary(a, NULL, 0);
    CU_ASSERT(b && b->u.binary.data != NULL && b->u.binary.len == 0);
    CU_ASSERT_PTR_NULL(ginet_term_binary(a, NULL, 1));
    char *big = calloc(1, 1 << 20);
    b = ginet_term_binary(a, big, 1 << 20);
    CU_ASSERT(b && b->u.binary.len == (1 << 20));
    free(big);
    ginet_term *s = ginet_term_string(a, "\0\377", 2);
    CU_ASSERT_STRING_EQUAL(show(s), "[0,255]");
    ginet_term *l = ginet_term_list_new(a, 0);
    CU_ASSERT(l && l->u.seq.items != NULL && l->u.seq.count == 0);
    ginet_term *tu = ginet_term_tuple_new(a, 3);
    CU_ASSERT(tu && tu->u.seq.count == 3 && tu->u.seq.items[2] == NULL);
    CU_ASSERT_PTR_NULL(ginet_term_tuple(a, 2, ginet_term_int(a, 1), NULL));
    CU_ASSERT_PTR_NULL(ginet_term_list(a, 2, NULL, ginet_term_int(a, 1)));
    CU_ASSERT_PTR_NULL(ginet_term_int(NULL, 1));
    CU_ASSERT_PTR_NULL(ginet_term_list_new(NULL, 1));
    CU_ASSERT_STRING_EQUAL(ginet_term_kind_name(GINET_TERM_TUPLE), "tuple");
    CU_ASSERT_STRING_EQUAL(ginet_term_kind_name(GINET_TERM_INTEGER), "integer");
    CU_ASSERT_STRING_EQUAL(ginet_term_kind_name((ginet_term_kind)0), "unknown");
    ginet_term_arena_reset(a);
    ginet_term_arena_reset(NULL);
    CU_ASSERT_STRING_EQUAL(show(ginet_term_atomz(a, "after_reset")), "after_reset");
    ginet_term_arena_free(a);
    ginet_term_arena_free(NULL);
}

static void equality(void)
{
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *x = parse(a, "{a,[1,2,\"xy\"],<<1,2>>,{}}");
    ginet_term *y = parse(a, "{ a , [1, 2, [120, $y]], <<1, 2>>, { } }");
    CU_ASSERT(ginet_term_equal(x, y));          /* positions differ */
    CU_ASSERT(!ginet_term_equal(x, parse(a, "{a,[1,2,\"xz\"],<<1,2>>,{}}")));
    CU_ASSERT(!ginet_term_equal(x, parse(a, "{a,[1,2,\"xy\"],<<1,3>>,{}}")));
    CU_ASSERT(!ginet_term_equal(x, parse(a, "{a,[1,2,\"xy\"],<<1,2>>,[]}")));
    CU_ASSERT(!ginet_term_equal(x, parse(a, "{a,[1,2,\"xy\"],<<1,2>>}")));
    CU_ASSERT(!ginet_term_equal(parse(a, "ab"), parse(a, "abc")));
    CU_ASSERT(!ginet_term_equal(parse(a, "1"), parse(a, "'1'")));
    CU_ASSERT(ginet_term_equal(NULL, NULL));
    CU_ASSERT(!ginet_term_equal(x, NULL));
    CU_ASSERT(!ginet_term_equal(NULL, x));
    ginet_term *shared = parse(a, "[1,2]");
    ginet_term *s1 = ginet_term_tuple(a, 2, shared, shared);
    CU_ASSERT(ginet_term_equal(s1, parse(a, "{[1,2],[1,2]}")));
    ginet_term_arena_free(a);
}

static void accessors(void)
{
    ginet_term_arena *a = ginet_term_arena_new();
    char buf[8];
    size_t len = 0;
    CU_ASSERT(ginet_term_is_atom(parse(a, "once"), "once"));
    CU_ASSERT(!ginet_term_is_atom(parse(a, "once"), "onc"));
    CU_ASSERT(ginet_term_is_atom(parse(a, "once"), NULL));
    CU_ASSERT(!ginet_term_is_atom(parse(a, "1"), NULL));
    CU_ASSERT(!ginet_term_is_atom(NULL, "x"));
    CU_ASSERT(ginet_term_is_tagged(parse(a, "{packet,4}"), "packet", 2));
    CU_ASSERT(!ginet_term_is_tagged(parse(a, "{packet,4}"), "packet", 3));
    CU_ASSERT(!ginet_term_is_tagged(parse(a, "{packet,4}"), "active", 2));
    CU_ASSERT(ginet_term_is_tagged(parse(a, "{packet,4}"), NULL, 2));
    CU_ASSERT(!ginet_term_is_tagged(parse(a, "[packet,4]"), "packet", 2));
    CU_ASSERT(!ginet_term_is_tagged(parse(a, "{}"), NULL, 0));
    CU_ASSERT(!ginet_term_is_tagged(NULL, NULL, 1));
    CU_ASSERT(ginet_term_is_byte_string(parse(a, "\"abc\"")));
    CU_ASSERT(ginet_term_is_byte_string(parse(a, "[]")));
    CU_ASSERT(!ginet_term_is_byte_string(parse(a, "[256]")));
    CU_ASSERT(!ginet_term_is_byte_string(parse(a, "[-1]")));
    CU_ASSERT(!ginet_term_is_byte_string(parse(a, "[a]")));
    CU_ASSERT(!ginet_term_is_byte_string(parse(a, "<<>>")));
    CU_ASSERT(!ginet_term_is_byte_string(NULL));

    CU_ASSERT_EQUAL(ginet_term_get_bytes(parse(a, "\"abc\""), buf, sizeof buf, &len), 0);
    CU_ASSERT(len == 3 && strcmp(buf, "abc") == 0);
    CU_ASSERT_EQUAL(ginet_term_get_bytes(parse(a, "<<\"a\",0,$b>>"), buf, sizeof buf, &len), 0);
    CU_ASSERT(len == 3 && memcmp(buf, "a\0b", 4) == 0);
    CU_ASSERT_EQUAL(ginet_term_get_bytes(parse(a, "\"abcdefgh\""), buf, sizeof buf, &len),
                    GINET_ERANGE);
    CU_ASSERT(len == 8 && strcmp(buf, "abcdefg") == 0);
    CU_ASSERT_EQUAL(ginet_term_get_bytes(parse(a, "<<1,2,3,4,5,6,7,8,9>>"), buf, 4, &len),
                    GINET_ERANGE);
    CU_ASSERT(len == 9 && memcmp(buf, "\1\2\3", 4) == 0);
    CU_ASSERT_EQUAL(ginet_term_get_bytes(parse(a, "\"\""), buf, sizeof buf, NULL), 0);
    CU_ASSERT_STRING_EQUAL(buf, "");
    CU_ASSERT_EQUAL(ginet_term_get_bytes(parse(a, "\"a\""), NULL, 0, &len), GINET_ERANGE);
    CU_ASSERT_EQUAL(len, 1);
    CU_ASSERT_EQUAL(ginet_term_get_bytes(parse(a, "[256]"), buf, sizeof buf, &len),
                    GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_term_get_bytes(parse(a, "abc"), buf, sizeof buf, &len),
                    GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_term_get_bytes(NULL, buf, sizeof buf, &len), GINET_EINVAL);
    ginet_term_arena_free(a);
}

/* ------------------------------------------------------------ round trips */

static uint32_t rng_state = 2024;

static uint32_t rng(uint32_t n)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (rng_state >> 8) % n;
}

static ginet_term *random_term(ginet_term_arena *a, int depth)
{
    static const int64_t ints[] = {0, 1, -1, 255, 256, INT64_MIN, INT64_MAX,
                                   INT64_MIN + 1, 1000000007, -42};
    static const uint32_t cps[] = {'a', 'z', 'A', '_', '@', '0', ' ', '\'', '\\', '"',
                                   '\n', 1, 127, 128, 160, 0xDF, 0xE9, 0xFF, 0xD7,
                                   0x3BB, 0x1F600, 0x10FFFF, 0xFFFD};
    switch (rng(depth > 0 ? 7 : 3)) {
    case 0:
        return ginet_term_int(a, (int64_t)((uint64_t)ints[rng(COUNT(ints))] + rng(3)));
    case 1: {
        char name[64];
        size_t len = 0;
        unsigned n = rng(6);
        for (unsigned i = 0; i < n; i++) {
            uint32_t cp = cps[rng(COUNT(cps))];
            /* UTF-8 by hand: this test should not trust the library's. */
            if (cp < 0x80) {
                name[len++] = (char)cp;
            } else if (cp < 0x800) {
                name[len++] = (char)(0xC0 | (cp >> 6));
                name[len++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                name[len++] = (char)(0xE0 | (cp >> 12));
                name[len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                name[len++] = (char)(0x80 | (cp & 0x3F));
            } else {
                name[len++] = (char)(0xF0 | (cp >> 18));
                name[len++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                name[len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                name[len++] = (char)(0x80 | (cp & 0x3F));
            }
        }
        return ginet_term_atom(a, name, len);
    }
    case 2: {
        uint8_t bytes[8];
        size_t n = rng(sizeof bytes + 1);
        for (size_t i = 0; i < n; i++)
            bytes[i] = (uint8_t)rng(256);
        return ginet_term_binary(a, bytes, n);
    }
    case 3:
        return ginet_term_string(a, "a\n\377", rng(4));
    default: {
        size_t n = rng(5);
        ginet_term *t = rng(2) ? ginet_term_list_new(a, n) : ginet_term_tuple_new(a, n);
        for (size_t i = 0; i < n; i++)
            t->u.seq.items[i] = random_term(a, depth - 1);
        return t;
    }
    }
}

static void round_trips(void)
{
    ginet_term_arena *a = ginet_term_arena_new();
    for (int i = 0; i < 3000; i++) {
        ginet_term *t = random_term(a, 5);
        char *s = ginet_term_to_string(t);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        ginet_term *u = NULL;
        ginet_term_error err;
        int rc = ginet_term_parse(a, s, strlen(s), &u, &err);
        if (rc != 0 || !ginet_term_equal(t, u)) {
            printf("\n  %s does not read back (%s)\n", s, rc ? err.message : "differs");
            CU_FAIL("round trip");
        } else {
            char *s2 = ginet_term_to_string(u);
            CU_ASSERT(s2 != NULL && strcmp(s, s2) == 0);
            free(s2);
        }
        /* Also as one element of a consult text. */
        size_t n = strlen(s);
        char *c = malloc(n + 3);
        memcpy(c, s, n);
        memcpy(c + n, ".\n", 3);
        ginet_term *l = NULL;
        CU_ASSERT(ginet_term_parse_consult(a, c, n + 2, &l, NULL) == 0
                  && l->u.seq.count == 1 && ginet_term_equal(l->u.seq.items[0], t));
        free(c);
        free(s);
        if (i % 500 == 0)
            ginet_term_arena_reset(a);
    }
    ginet_term_arena_free(a);
}

/* ------------------------------------------------------------ suites */

static const ginet_test_case arena_cases[] = {
    {"small_allocs", arena_small_allocs},
    {"large", arena_large},
    {"reset_and_copies", arena_reset_and_copies},
    {NULL, NULL}
};

static const ginet_test_case read_cases[] = {
    {"table_matches_otp", read_table_matches_otp},
    {"values", read_values},
    {"positions", read_positions},
    {"consult", read_consult},
    {"errors", read_errors},
    {"nesting", read_nesting},
    {"huge", read_huge},
    {"any_bytes", read_any_bytes},
    {"bad_arguments", read_bad_arguments},
    {NULL, NULL}
};

static const ginet_test_case print_cases[] = {
    {"atoms_as_otp", print_atoms_as_otp},
    {"terms", print_terms},
    {"like_snprintf", print_like_snprintf},
    {"invalid_terms", print_invalid_terms},
    {"deep_built_term", print_deep_built_term},
    {NULL, NULL}
};

static const ginet_test_case build_cases[] = {
    {"atoms", build_atoms},
    {"others", build_others},
    {"equality", equality},
    {"accessors", accessors},
    {"round_trips", round_trips},
    {NULL, NULL}
};

static const ginet_test_suite suites[] = {
    {"arena", NULL, NULL, arena_cases},
    {"term_read", NULL, NULL, read_cases},
    {"term_print", NULL, NULL, print_cases},
    {"term_build", NULL, NULL, build_cases},
    {NULL, NULL, NULL, NULL}
};

int main(int argc, char **argv)
{
    return ginet_test_main(suites, argc, argv);
}
