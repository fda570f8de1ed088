/*
 * fuzz/fuzz_term.c — libFuzzer target for the Erlang term reader and
 * printer (core/term_lex.c, term_parse.c, term_print.c, term_build.c).
 *
 * The whole input is text, read both with ginet_term_parse() (one term)
 * and with ginet_term_parse_consult() (file:consult/1 form).  Whatever is
 * read must print (~w), read back to an equal term, and print to the very
 * same text again; a truncated print must be a prefix of the full one with
 * the full length returned, as snprintf does.  A rejected text must come
 * with an error position inside the text and a message.
 */
#include "fuzz_check.h"

#include <ginet/ginet.h>

#include <stdint.h>
#include <stdlib.h>

static void round_trip(ginet_term_arena *arena, const ginet_term *t,
                       size_t cut)
{
    char *s1 = ginet_term_to_string(t);
    FUZZ_CHECK(s1 != NULL);
    size_t len = strlen(s1);

    ginet_term *back = NULL;
    ginet_term_error err;
    if (ginet_term_parse(arena, s1, len, &back, &err) != 0) {
        fprintf(stderr, "printed text does not read back: %s (column %u)\n",
                err.message, (unsigned)err.column);
        FUZZ_CHECK(!"~w output reads back");
    }
    FUZZ_CHECK(ginet_term_equal(t, back));
    char *s2 = ginet_term_to_string(back);
    FUZZ_CHECK(s2 != NULL && strcmp(s1, s2) == 0);

    /* Truncated output: a prefix, NUL-terminated, full length returned. */
    char small[64];
    size_t cap = cut % sizeof small;
    long r = ginet_term_format(t, cap ? small : NULL, cap);
    FUZZ_CHECK(r == (long)len);
    if (cap > 0) {
        size_t got = strlen(small);
        FUZZ_CHECK(got == (len < cap ? len : cap - 1));
        FUZZ_CHECK(memcmp(small, s1, got) == 0);
    }
    free(s1);
    free(s2);
}

static void check_error(const ginet_term *t, const ginet_term_error *err,
                        int rc, size_t size)
{
    FUZZ_CHECK(t == NULL);
    FUZZ_CHECK(rc == GINET_EINVAL || rc == GINET_ENOMEM);
    FUZZ_CHECK(err->code == rc);
    FUZZ_CHECK(err->offset <= size);
    FUZZ_CHECK(err->line >= 1 && err->column >= 1);
    FUZZ_CHECK(err->message[0] != '\0' &&
               memchr(err->message, '\0', sizeof err->message) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t cut = size ? data[0] : 0;
    ginet_term_arena *arena = ginet_term_arena_new();
    FUZZ_CHECK(arena != NULL);

    ginet_term *t = NULL;
    ginet_term_error err;
    int rc = ginet_term_parse(arena, text, size, &t, &err);
    if (rc == 0) {
        FUZZ_CHECK(t != NULL);
        round_trip(arena, t, cut);
        /* the accessors must cope with whatever was read */
        char buf[16];
        size_t blen;
        int br = ginet_term_get_bytes(t, buf, sizeof buf, &blen);
        FUZZ_CHECK(br == 0 || br == GINET_EINVAL || br == GINET_ERANGE);
        FUZZ_CHECK(ginet_term_is_byte_string(t) == 0 ||
                   ginet_term_is_byte_string(t) == 1);
        FUZZ_CHECK(ginet_term_kind_name(t->kind) != NULL);
    } else {
        check_error(t, &err, rc, size);
    }

    ginet_term_arena_reset(arena);
    t = NULL;
    rc = ginet_term_parse_consult(arena, text, size, &t, &err);
    if (rc == 0) {
        FUZZ_CHECK(t != NULL && t->kind == GINET_TERM_LIST);
        round_trip(arena, t, cut >> 1);
    } else {
        check_error(t, &err, rc, size);
    }
    ginet_term_arena_free(arena);
    return 0;
}
