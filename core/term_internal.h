/*
 * core/term_internal.h — what the term reader, printer and builders share:
 * the arena behind ginet_term_arena, term allocation, UTF-8 and Erlang's
 * character classes for atoms (as OTP 25's erl_scan and io_lib see them).
 */
#ifndef GINET_CORE_TERM_INTERNAL_H
#define GINET_CORE_TERM_INTERNAL_H

#include <ginet/term.h>
#include <ginet/error.h>

#include "core/arena.h"

struct ginet_term_arena {
    ginet__arena mem;
};

/* ------------------------------------------------------ term_build.c */

/* A zeroed term of KIND (position 0/0/0), or NULL when out of memory. */
ginet_term *ginet__term_alloc(ginet_term_arena *arena, ginet_term_kind kind);
/* An array of COUNT term pointers (all NULL); never NULL for COUNT 0
 * unless out of memory. */
ginet_term **ginet__term_items(ginet_term_arena *arena, size_t count);

/* ------------------------------------------------------ term_chars.c */

/* Decode one UTF-8 sequence at P (LEN > 0 bytes available).  Returns its
 * length 1..4 and stores the code point, or 0 if the bytes are not valid
 * UTF-8 (overlong forms, surrogates and values above U+10FFFF included). */
size_t ginet__utf8_decode(const unsigned char *p, size_t len, uint32_t *cp);
/* Encode CP (<= U+10FFFF) into OUT; returns the length 1..4. */
size_t ginet__utf8_encode(uint32_t cp, unsigned char out[4]);

/* Erlang's classes: a character that may start an unquoted atom (a-z and
 * the Latin-1 lowercase letters), start a variable (A-Z, '_' and the
 * Latin-1 uppercase letters), or continue either (letters, digits, '_',
 * '@'). */
int ginet__term_atom_start(uint32_t cp);
int ginet__term_var_start(uint32_t cp);
int ginet__term_name_char(uint32_t cp);

/* 1 if the LEN bytes at NAME are one of OTP 25's reserved words. */
int ginet__term_reserved_word(const char *name, size_t len);

#endif /* GINET_CORE_TERM_INTERNAL_H */
