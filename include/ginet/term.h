/*
 * ginet/term.h — the Erlang term subset ginet reads and writes as text.
 *
 * Options ("[binary,{packet,4},{active,once}]"), configuration files
 * (inetrc) and the default-option variables are written in Erlang term
 * syntax so that an OTP user can write what they already know.  This header
 * is the reader for that text and a printer whose output is exactly OTP's
 * io_lib:format("~w", [Term]).
 *
 * The subset: integers (decimal, Base#Digits, $c character literals),
 * atoms (unquoted and 'quoted'), strings "..." (read as lists of
 * integers, as Erlang does), binaries <<...>> (bytes and "strings"),
 * proper lists and tuples.  Whitespace and %-comments separate tokens.
 * Floats, maps, pids, funs and improper lists are rejected with an error
 * that says so.
 *
 * Memory: every term lives in a ginet_term_arena; freeing the arena frees
 * all terms made in it.  Terms are immutable once built, except that a
 * list or tuple made with ginet_term_list_new()/ginet_term_tuple_new() has
 * its elements filled in by the caller before it is used.
 *
 * Thread-safety: an arena and its terms may be used by one thread at a time;
 * distinct arenas are independent.  Printing and reading terms does not
 * touch global state.
 */
#ifndef GINET_TERM_H
#define GINET_TERM_H

#include <ginet/defs.h>

GINET_BEGIN_DECLS

typedef enum ginet_term_kind {
    GINET_TERM_INTEGER = 1,
    GINET_TERM_ATOM,
    GINET_TERM_BINARY,
    GINET_TERM_LIST,
    GINET_TERM_TUPLE
} ginet_term_kind;

typedef struct ginet_term ginet_term;

struct ginet_term {
    ginet_term_kind kind;
    /* Where the term starts in the text it was read from: 1-based line and
     * column (in bytes) and 0-based byte offset.  0/0/0 for built terms. */
    uint32_t line;
    uint32_t column;
    size_t offset;
    union {
        int64_t integer;
        /* Atom text, NUL-terminated (atoms cannot contain NUL). */
        struct { const char *name; size_t len; } atom;
        struct { const uint8_t *data; size_t len; } binary;
        /* Elements of a list or a tuple. */
        struct { ginet_term **items; size_t count; } seq;
    } u;
};

typedef struct ginet_term_arena ginet_term_arena;

/* A new empty arena, or NULL when out of memory. */
GINET_API ginet_term_arena *ginet_term_arena_new(void);
/* Free an arena and every term in it.  NULL is allowed. */
GINET_API void ginet_term_arena_free(ginet_term_arena *arena);

/* What a reader error says: where (1-based line and byte column, 0-based
 * byte offset) and why (one short English sentence, NUL-terminated).  */
typedef struct ginet_term_error {
    int code;               /* GINET_EINVAL for bad text, GINET_ENOMEM */
    uint32_t line;
    uint32_t column;
    size_t offset;
    char message[120];
} ginet_term_error;

/*
 * Read exactly one term from TEXT[0..LEN) into ARENA.  Surrounding
 * whitespace and comments are allowed; a single trailing "." is allowed
 * too; anything else after the term is an error.  On success stores the
 * term in *OUT and returns 0.  On failure returns GINET_EINVAL (bad text)
 * or GINET_ENOMEM, and fills *ERR (which may be NULL) with where and why.
 * TEXT may contain any bytes, including NUL.
 */
GINET_API int ginet_term_parse(ginet_term_arena *arena, const char *text,
                               size_t len, ginet_term **out,
                               ginet_term_error *err);

/*
 * Read a sequence of terms each ended by "." (as file:consult/1 does, the
 * format of inetrc files).  On success stores a list term holding them in
 * *OUT (each element keeps its line and column) and returns 0.  Errors as
 * ginet_term_parse().
 */
GINET_API int ginet_term_parse_consult(ginet_term_arena *arena,
                                       const char *text, size_t len,
                                       ginet_term **out,
                                       ginet_term_error *err);

/* Builders.  Each returns NULL when out of memory.  Atom and binary bytes
 * are copied into the arena. */
GINET_API ginet_term *ginet_term_int(ginet_term_arena *arena, int64_t value);
GINET_API ginet_term *ginet_term_atom(ginet_term_arena *arena,
                                      const char *name, size_t len);
GINET_API ginet_term *ginet_term_atomz(ginet_term_arena *arena,
                                       const char *name);
GINET_API ginet_term *ginet_term_binary(ginet_term_arena *arena,
                                        const void *data, size_t len);
/* A list of the LEN bytes at DATA as integers 0..255: an Erlang string. */
GINET_API ginet_term *ginet_term_string(ginet_term_arena *arena,
                                        const void *data, size_t len);
/* A list or tuple with COUNT elements, all NULL: fill u.seq.items[i]. */
GINET_API ginet_term *ginet_term_list_new(ginet_term_arena *arena,
                                          size_t count);
GINET_API ginet_term *ginet_term_tuple_new(ginet_term_arena *arena,
                                           size_t count);
/* A tuple of COUNT elements given as arguments; NULL if any is NULL. */
GINET_API ginet_term *ginet_term_tuple(ginet_term_arena *arena,
                                       size_t count, ...);

/*
 * Print TERM as io_lib:format("~w", [TERM]) does, into BUF (capacity CAP,
 * always NUL-terminated when CAP > 0).  Returns the length of the full
 * text, excluding the NUL, like snprintf: a return >= CAP means the output
 * was truncated.  Returns GINET_EINVAL for an invalid term (NULL element,
 * unknown kind).
 */
GINET_API long ginet_term_format(const ginet_term *term, char *buf,
                                 size_t cap);

/* Print TERM as ~w into a new malloc()ed NUL-terminated string; NULL on
 * ENOMEM or an invalid term.  Free with free(). */
GINET_API char *ginet_term_to_string(const ginet_term *term);

/* Structural equality (positions are ignored). */
GINET_API int ginet_term_equal(const ginet_term *a, const ginet_term *b);

/* Convenience predicates and accessors.  All accept NULL. */
GINET_API int ginet_term_is_atom(const ginet_term *t, const char *name);
/* 1 if T is a list of integers 0..255 (an Erlang byte string; [] counts). */
GINET_API int ginet_term_is_byte_string(const ginet_term *t);
/*
 * Copy a byte string (list of 0..255) or a binary into BUF (capacity CAP,
 * NUL-terminated when CAP > 0); store its length in *LEN.  Returns 0,
 * GINET_EINVAL if T is neither, GINET_ERANGE if it does not fit (the
 * length is still stored).
 */
GINET_API int ginet_term_get_bytes(const ginet_term *t, char *buf,
                                   size_t cap, size_t *len);

GINET_END_DECLS

#endif /* GINET_TERM_H */
