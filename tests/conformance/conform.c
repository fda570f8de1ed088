/*
 * tests/conformance/conform.c — the conformance runner.
 *
 *   conform FILE...
 *
 * Reads vector files in the format of shared/conformance/README.md
 * (FUNCTION<TAB>ARGS<TAB>EXPECTED), runs each vector through the library by
 * way of the adapter for FUNCTION, prints the result as ~w and compares it
 * byte for byte with EXPECTED.  Prints "FILE:LINE: got X, expected Y" for
 * every mismatch and "SKIP FILE:LINE: ..." with the reason for every vector
 * no C API can take, then "N passed, N failed[, N skipped]".  Exits 1 if any
 * vector failed or a file could not be read.
 */
#include "conform.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const conform_entry *const tables[] = {
    conform_address_table,
    conform_error_table,
    conform_packet_table,
};

static conform_fn find_adapter(const char *name, size_t len)
{
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (const conform_entry *e = tables[t]; e->function != NULL; e++)
            if (strlen(e->function) == len && memcmp(e->function, name, len) == 0)
                return e->fn;
    return NULL;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) {
            if (ferror(f)) {
                free(buf);
                buf = NULL;
            }
            break;
        }
        char *bigger = realloc(buf, cap * 2);
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    fclose(f);
    *len = n;
    return buf;
}

typedef struct counts { unsigned long passed, failed, skipped; } counts;

/* Run one vector line (not NUL-terminated, LEN bytes). */
static void run_line(const char *file, unsigned long lineno, const char *line,
                     size_t len, counts *c, char **out, size_t *outcap)
{
    const char *tab1 = memchr(line, '\t', len);
    const char *tab2 = tab1 ? memchr(tab1 + 1, '\t', len - (size_t)(tab1 + 1 - line)) : NULL;
    if (tab2 == NULL || memchr(tab2 + 1, '\t', len - (size_t)(tab2 + 1 - line)) != NULL) {
        printf("%s:%lu: malformed vector (need exactly three TAB-separated fields)\n",
               file, lineno);
        c->failed++;
        return;
    }
    const char *fname = line;
    size_t fname_len = (size_t)(tab1 - line);
    const char *args_text = tab1 + 1;
    size_t args_len = (size_t)(tab2 - args_text);
    const char *expected = tab2 + 1;
    size_t expected_len = len - (size_t)(expected - line);

    conform_fn fn = find_adapter(fname, fname_len);
    if (fn == NULL) {
        printf("%s:%lu: no adapter for function '%.*s'\n", file, lineno,
               (int)fname_len, fname);
        c->failed++;
        return;
    }

    ginet_term_arena *arena = ginet_term_arena_new();
    if (arena == NULL) {
        printf("%s:%lu: out of memory\n", file, lineno);
        c->failed++;
        return;
    }
    ginet_term *args = NULL;
    ginet_term_error err;
    int rc = ginet_term_parse(arena, args_text, args_len, &args, &err);
    if (rc != 0) {
        printf("%s:%lu: cannot read ARGS at column %u: %s\n", file, lineno,
               (unsigned)(err.column + (size_t)(args_text - line)), err.message);
        c->failed++;
        ginet_term_arena_free(arena);
        return;
    }
    conform_ctx ctx = { arena, NULL };
    ginet_term *result = fn(&ctx, args);
    if (result == NULL) {
        if (ctx.skip_reason != NULL) {
            printf("SKIP %s:%lu: %.*s%.*s: %s\n", file, lineno, (int)fname_len,
                   fname, (int)args_len, args_text, ctx.skip_reason);
            c->skipped++;
        } else {
            printf("%s:%lu: adapter for '%.*s' failed (out of memory or bad ARGS)\n",
                   file, lineno, (int)fname_len, fname);
            c->failed++;
        }
        ginet_term_arena_free(arena);
        return;
    }
    long n = ginet_term_format(result, *out, *outcap);
    if (n >= 0 && (size_t)n >= *outcap) {
        size_t want = (size_t)n + 1;
        char *bigger = realloc(*out, want);
        if (bigger != NULL) {
            *out = bigger;
            *outcap = want;
            n = ginet_term_format(result, *out, *outcap);
        } else {
            n = -1;
        }
    }
    if (n < 0) {
        printf("%s:%lu: cannot print the result\n", file, lineno);
        c->failed++;
    } else if ((size_t)n == expected_len && memcmp(*out, expected, expected_len) == 0) {
        c->passed++;
    } else {
        printf("%s:%lu: %.*s%.*s: got %s, expected %.*s\n", file, lineno,
               (int)fname_len, fname, (int)args_len, args_text, *out,
               (int)expected_len, expected);
        c->failed++;
    }
    ginet_term_arena_free(arena);
}

static int run_file(const char *path, counts *c)
{
    size_t len;
    char *text = read_file(path, &len);
    if (text == NULL) {
        printf("%s: cannot read: %s\n", path, strerror(errno ? errno : EIO));
        c->failed++;
        return -1;
    }
    size_t outcap = 4096;
    char *out = malloc(outcap);
    if (out == NULL) {
        free(text);
        printf("%s: out of memory\n", path);
        c->failed++;
        return -1;
    }
    unsigned long lineno = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t n = end - pos;
        lineno++;
        if (n > 0 && text[pos + n - 1] == '\r')
            n--;
        if (n > 0 && text[pos] != '#')
            run_line(path, lineno, text + pos, n, c, &out, &outcap);
        pos = end + 1;
    }
    free(out);
    free(text);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fprintf(argc < 2 ? stderr : stdout,
                "usage: %s FILE...\n"
                "Runs OTP conformance vector files through ginet; prints every\n"
                "mismatch and ends with 'N passed, N failed'.\n", argv[0]);
        return argc < 2 ? 2 : 0;
    }
    counts c = { 0, 0, 0 };
    for (int i = 1; i < argc; i++)
        run_file(argv[i], &c);
    if (c.skipped)
        printf("%lu passed, %lu failed, %lu skipped\n", c.passed, c.failed, c.skipped);
    else
        printf("%lu passed, %lu failed\n", c.passed, c.failed);
    return c.failed ? 1 : 0;
}
