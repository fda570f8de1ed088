/*
 * ginet/term.h — the Erlang term subset ginet reads and writes as text.
 *
 * Options ("[binary,{packet,4},{active,once}]"), configuration files
 * (inetrc) and the default-option variables are written in Erlang term
 * syntax so that an OTP user can write what they already know.  This header
 * is the reader for that text and a printer whose output is exactly OTP's
 * io_lib:format("~w", [Term]).
 *
 * The subset: 64-bit integers (decimal, Base#Digits, $c character
 * literals, 1_000), atoms (unquoted and 'quoted', UTF-8), strings "..."
 * (read as lists of code points, as Erlang does), binaries <<...>> (bytes
 * and "strings"), proper lists ([H|T] only when T is a list) and tuples.
 * Whitespace and %-comments separate tokens.  Floats, maps, pids, funs,
 * variables, improper lists, unquoted reserved words and integers or
 * binary bytes out of range are rejected with an error that says what and
 * where.  docs/term-syntax.md is the full description.
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
     * column (in bytes) and 0-based byte offset.  0/0/0 for built terms.
     * The elements of a "string" literal each have their own position. */
    uint32_t line;
    uint32_t column;
    size_t offset;
    union {
        int64_t integer;
        /* Atom text: UTF-8, NUL-terminated (atoms cannot contain NUL),
         * LEN bytes without the NUL, at most 255 characters. */
        struct { const char *name; size_t len; } atom;
        /* Binary bytes; DATA is never NULL (in terms ginet made), even
         * when LEN is 0. */
        struct { const uint8_t *data; size_t len; } binary;
        /* Elements of a list or a tuple, in order; ITEMS is never NULL
         * (in terms ginet made), even when COUNT is 0.  A list is always
         * proper. */
        struct { ginet_term **items; size_t count; } seq;
    } u;
};

/* The deepest nesting of lists and tuples the reader accepts: text with
 * more than this many open at once is an error ("nesting deeper than
 * 1000"), so hostile input cannot exhaust memory or the stack. */
#define GINET_TERM_MAX_DEPTH 1000

/* The most characters an atom may have, as in OTP. */
#define GINET_TERM_MAX_ATOM_CHARS 255

typedef struct ginet_term_arena ginet_term_arena;

/* A new empty arena, or NULL when out of memory. */
GINET_API ginet_term_arena *ginet_term_arena_new(void);
/* Free an arena and every term in it.  NULL is allowed. */
GINET_API void ginet_term_arena_free(ginet_term_arena *arena);
/* Forget every term in ARENA (they become invalid) but keep some of its
 * memory for the next ones: cheaper than free + new in a loop.  NULL is
 * allowed. */
GINET_API void ginet_term_arena_reset(ginet_term_arena *arena);

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
 * TEXT may contain any bytes, including NUL (never read beyond LEN).
 * On failure *OUT is NULL; memory already taken from ARENA stays there
 * until the arena is freed or reset.  The accepted syntax and every error
 * message are described in docs/term-syntax.md.
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

/* Builders.  Each returns NULL when out of memory or ARENA is NULL; the
 * new term has position 0/0/0.  Atom and binary bytes are copied into the
 * arena. */
GINET_API ginet_term *ginet_term_int(ginet_term_arena *arena, int64_t value);
/* An atom from LEN bytes of UTF-8 text.  Bytes that are not valid UTF-8
 * are taken as Latin-1 characters (so the stored name is always UTF-8).
 * Returns NULL too if the text contains a NUL byte or has more than
 * GINET_TERM_MAX_ATOM_CHARS characters (OTP's system_limit). */
GINET_API ginet_term *ginet_term_atom(ginet_term_arena *arena,
                                      const char *name, size_t len);
/* ginet_term_atom() of a NUL-terminated NAME (NULL gives NULL). */
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
/* A list of COUNT elements given as arguments; NULL if any is NULL. */
GINET_API ginet_term *ginet_term_list(ginet_term_arena *arena,
                                      size_t count, ...);

/*
 * Print TERM as io_lib:format("~w", [TERM]) does, into BUF (capacity CAP,
 * always NUL-terminated when CAP > 0; BUF may be NULL when CAP is 0).
 * Returns the length of the full text, excluding the NUL, like snprintf:
 * a return >= CAP means the output was truncated.  Returns GINET_EINVAL
 * for an invalid term (NULL term or element, unknown kind, NULL data with
 * a non-zero length), GINET_ENOMEM if a very deep term needs memory that
 * is not there, GINET_ERANGE if the length does not fit in a long.
 *
 * ~w's rules: lists are always [1,2,3], never "..."; binaries are
 * <<1,2,3>>; an atom is quoted unless it starts with a-z (or a Latin-1
 * lowercase letter), continues with letters, digits, '_' and '@', and is
 * not a reserved word.  Inside quotes \ and \' are escaped, control
 * characters are written \n \t ... or \NNN in octal, U+0080..U+009F in
 * octal, U+00A0..U+00FF as themselves and characters above U+00FF as
 * \x{HEX}.  The output is UTF-8 (only Latin-1 atom characters make it
 * non-ASCII).  A term must be a tree (no cycles); sharing is fine.
 */
GINET_API long ginet_term_format(const ginet_term *term, char *buf,
                                 size_t cap);

/* Print TERM as ~w into a new malloc()ed NUL-terminated string; NULL on
 * ENOMEM or an invalid term.  Free with free(). */
GINET_API char *ginet_term_to_string(const ginet_term *term);

/* 1 if A and B are the same term, 0 if not (positions are ignored; two
 * NULLs are equal).  Also 0 if a very deep term needs memory that is not
 * there. */
GINET_API int ginet_term_equal(const ginet_term *a, const ginet_term *b);

/* Convenience predicates and accessors.  All accept NULL. */
/* 1 if T is the atom NAME (NUL-terminated UTF-8), or any atom when NAME is
 * NULL. */
GINET_API int ginet_term_is_atom(const ginet_term *t, const char *name);
/* 1 if T is a tuple of ARITY elements whose first is the atom TAG (any
 * atom when TAG is NULL), as {packet,4} is for ("packet", 2). */
GINET_API int ginet_term_is_tagged(const ginet_term *t, const char *tag,
                                   size_t arity);
/* 1 if T is a list of integers 0..255 (an Erlang byte string; [] counts). */
GINET_API int ginet_term_is_byte_string(const ginet_term *t);
/*
 * Copy a byte string (list of 0..255) or a binary into BUF (capacity CAP,
 * NUL-terminated when CAP > 0); store its length in *LEN (LEN may be
 * NULL).  Returns 0, GINET_EINVAL if T is neither, GINET_ERANGE if it does
 * not fit with its NUL (the first CAP-1 bytes are copied and the length is
 * still stored).  The bytes may contain NULs: use *LEN, not strlen().
 */
GINET_API int ginet_term_get_bytes(const ginet_term *t, char *buf,
                                   size_t cap, size_t *len);

/* "integer", "atom", "binary", "list", "tuple", or "unknown": for error
 * messages.  Never NULL. */
GINET_API const char *ginet_term_kind_name(ginet_term_kind kind);

GINET_END_DECLS

#endif /* GINET_TERM_H */
