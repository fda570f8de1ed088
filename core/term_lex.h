/*
 * core/term_lex.h — the tokenizer of the term reader (core/term_lex.c),
 * used by the parser (core/term_parse.c).
 *
 * The lexer turns bytes into tokens one at a time and reports every
 * lexical error itself (unterminated strings, bad escapes, integers that do
 * not fit, variables, floats, reserved words, invalid UTF-8), so the parser
 * only deals with structure.  It never reads outside TEXT[0..LEN).
 */
#ifndef GINET_CORE_TERM_LEX_H
#define GINET_CORE_TERM_LEX_H

#include "core/term_internal.h"

typedef enum ginet__tok {
    GINET__TOK_EOF,
    GINET__TOK_INT,       /* magnitude in tok_mag (sign tokens are separate) */
    GINET__TOK_ATOM,      /* UTF-8 text in atom/atom_len */
    GINET__TOK_STRING,    /* code points in chars/nchars (adjacent joined) */
    GINET__TOK_LBRACKET,  /* [ */
    GINET__TOK_RBRACKET,  /* ] */
    GINET__TOK_LBRACE,    /* { */
    GINET__TOK_RBRACE,    /* } */
    GINET__TOK_LBIN,      /* << */
    GINET__TOK_RBIN,      /* >> */
    GINET__TOK_COMMA,
    GINET__TOK_BAR,       /* | */
    GINET__TOK_DOT,       /* '.' followed by whitespace, '%' or the end */
    GINET__TOK_MINUS,
    GINET__TOK_PLUS,
    GINET__TOK_OTHER,     /* another ASCII punctuation character: tok_char */
    GINET__TOK_ERROR      /* the error is in *err */
} ginet__tok;

/* One character of a string literal and where it was written. */
typedef struct ginet__term_char {
    uint32_t cp;
    uint32_t line;
    uint32_t column;
    size_t offset;
} ginet__term_char;

typedef struct ginet__term_lexer {
    const unsigned char *text;
    size_t len;
    size_t pos;                 /* next byte to read */
    uint32_t line;              /* line of pos, 1-based */
    size_t line_start;          /* offset of the first byte of that line */
    ginet_term_error *err;      /* never NULL */

    /* The current token. */
    ginet__tok tok;
    uint32_t tok_line, tok_column;
    size_t tok_offset;
    uint64_t tok_mag;           /* INT: 0 .. 2^63 */
    int tok_char;               /* OTHER: the character */
    char *atom;                 /* ATOM: text (not NUL-terminated) */
    size_t atom_len, atom_cap;
    ginet__term_char *chars;    /* STRING */
    size_t nchars, chars_cap;
} ginet__term_lexer;

void ginet__term_lex_init(ginet__term_lexer *lx, const char *text, size_t len,
                          ginet_term_error *err);
/* Free the lexer's buffers (not the text). */
void ginet__term_lex_done(ginet__term_lexer *lx);
/* Read the next token into lx->tok* and return its kind. */
ginet__tok ginet__term_lex_next(ginet__term_lexer *lx);

/* Fill *ERR: CODE, position, and a printf-formatted message (truncated to
 * fit).  Returns CODE. */
int ginet__term_fail(ginet_term_error *err, int code, uint32_t line,
                     uint32_t column, size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

#endif /* GINET_CORE_TERM_LEX_H */
