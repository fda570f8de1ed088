/*
 * core/term_lex.c — the tokenizer of the term reader: whitespace and
 * comments, integers ($c, Base#Digits, 1_000), atoms, strings and their
 * escapes, punctuation; and the lexical errors, each with its position.
 *
 * Follows OTP 25's erl_scan: bytes 0..32 and U+0080..U+00A0 are whitespace,
 * '%' comments run to the end of the line, '.' ends a term only before
 * whitespace, '%' or the end of the text, adjacent strings are joined.
 */
#include "core/term_lex.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INT_LIMIT ((uint64_t)1 << 63)   /* largest magnitude (-2^63) */

int ginet__term_fail(ginet_term_error *err, int code, uint32_t line,
                     uint32_t column, size_t offset, const char *fmt, ...)
{
    va_list ap;
    err->code = code;
    err->line = line;
    err->column = column;
    err->offset = offset;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void ginet__term_lex_init(ginet__term_lexer *lx, const char *text, size_t len,
                          ginet_term_error *err)
{
    memset(lx, 0, sizeof *lx);
    lx->text = (const unsigned char *)text;
    lx->len = text != NULL ? len : 0;
    lx->line = 1;
    lx->err = err;
}

void ginet__term_lex_done(ginet__term_lexer *lx)
{
    free(lx->atom);
    free(lx->chars);
    lx->atom = NULL;
    lx->chars = NULL;
}

/* ------------------------------------------------------------ positions */

static uint32_t column_of(const ginet__term_lexer *lx, size_t pos)
{
    size_t c = pos - lx->line_start + 1;
    return c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
}

/* Step over the byte at pos, counting lines. */
static void step(ginet__term_lexer *lx)
{
    if (lx->text[lx->pos] == '\n') {
        if (lx->line < UINT32_MAX)
            lx->line++;
        lx->line_start = lx->pos + 1;
    }
    lx->pos++;
}

static int fail_at(ginet__term_lexer *lx, size_t pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* An error at POS, which is on the lexer's current line. */
static int fail_at(ginet__term_lexer *lx, size_t pos, const char *fmt, ...)
{
    va_list ap;
    ginet_term_error *e = lx->err;
    e->code = GINET_EINVAL;
    e->line = lx->line;
    e->column = column_of(lx, pos);
    e->offset = pos;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return GINET__TOK_ERROR;
}

/* An error at the start of the current token. */
static int fail_tok(ginet__term_lexer *lx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int fail_tok(ginet__term_lexer *lx, const char *fmt, ...)
{
    va_list ap;
    ginet_term_error *e = lx->err;
    e->code = GINET_EINVAL;
    e->line = lx->tok_line;
    e->column = lx->tok_column;
    e->offset = lx->tok_offset;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return GINET__TOK_ERROR;
}

static int fail_nomem(ginet__term_lexer *lx)
{
    ginet__term_fail(lx->err, GINET_ENOMEM, lx->line, column_of(lx, lx->pos),
                     lx->pos, "out of memory");
    return GINET__TOK_ERROR;
}

/* ------------------------------------------------------------ buffers */

static int grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem)
            return -1;
        n *= 2;
    }
    void *b = realloc(*buf, n * elem);
    if (b == NULL)
        return -1;
    *buf = b;
    *cap = n;
    return 0;
}

static int atom_put(ginet__term_lexer *lx, uint32_t cp)
{
    unsigned char u[4];
    size_t n = ginet__utf8_encode(cp, u);
    void *b = lx->atom;
    if (grow(&b, &lx->atom_cap, lx->atom_len + n, 1) != 0)
        return -1;
    lx->atom = b;
    memcpy(lx->atom + lx->atom_len, u, n);
    lx->atom_len += n;
    return 0;
}

static int char_put(ginet__term_lexer *lx, uint32_t cp, uint32_t line,
                    uint32_t column, size_t offset)
{
    void *b = lx->chars;
    if (grow(&b, &lx->chars_cap, lx->nchars + 1, sizeof *lx->chars) != 0)
        return -1;
    lx->chars = b;
    ginet__term_char *c = &lx->chars[lx->nchars++];
    c->cp = cp;
    c->line = line;
    c->column = column;
    c->offset = offset;
    return 0;
}

/* ------------------------------------------------------------ whitespace */

/* Bytes of whitespace at pos: 1 for 0..32, 2 for U+0080..U+00A0, else 0. */
static size_t space_at(const ginet__term_lexer *lx, size_t pos)
{
    if (pos >= lx->len)
        return 0;
    unsigned char c = lx->text[pos];
    if (c <= ' ')
        return 1;
    if (c == 0xC2 && pos + 1 < lx->len && lx->text[pos + 1] >= 0x80
        && lx->text[pos + 1] <= 0xA0)
        return 2;
    return 0;
}

static void skip_blank(ginet__term_lexer *lx)
{
    while (lx->pos < lx->len) {
        size_t n = space_at(lx, lx->pos);
        if (n == 1) {
            step(lx);
        } else if (n == 2) {
            lx->pos += 2;
        } else if (lx->text[lx->pos] == '%') {
            const void *nl = memchr(lx->text + lx->pos, '\n', lx->len - lx->pos);
            lx->pos = nl ? (size_t)((const unsigned char *)nl - lx->text) : lx->len;
        } else {
            break;
        }
    }
}

/* ------------------------------------------------------------ escapes */

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Read one source character at pos (not a backslash), counting lines.
 * Returns 0, or -1 for invalid UTF-8 (error set). */
static int read_char(ginet__term_lexer *lx, uint32_t *cp, const char *what)
{
    unsigned char c = lx->text[lx->pos];
    if (c < 0x80) {
        *cp = c;
        step(lx);
        return 0;
    }
    size_t n = ginet__utf8_decode(lx->text + lx->pos, lx->len - lx->pos, cp);
    if (n == 0) {
        fail_at(lx, lx->pos, "invalid UTF-8 byte 0x%02X in %s", c, what);
        return -1;
    }
    if (*cp == 0xFFFE || *cp == 0xFFFF) {       /* as erl_scan */
        fail_at(lx, lx->pos, "invalid character U+%04X in %s", (unsigned)*cp, what);
        return -1;
    }
    lx->pos += n;
    return 0;
}

/* Decode an escape; pos is at the backslash.  Returns 0; -1 on a bad
 * escape (error set); -2 when the text ends inside it (caller reports). */
static int read_escape(ginet__term_lexer *lx, uint32_t *cp, const char *what)
{
    size_t start = lx->pos;
    lx->pos++;                                  /* the backslash */
    if (lx->pos >= lx->len)
        return -2;
    unsigned char c = lx->text[lx->pos];
    switch (c) {
    case 'b': *cp = 8;   lx->pos++; return 0;
    case 'd': *cp = 127; lx->pos++; return 0;
    case 'e': *cp = 27;  lx->pos++; return 0;
    case 'f': *cp = 12;  lx->pos++; return 0;
    case 'n': *cp = 10;  lx->pos++; return 0;
    case 'r': *cp = 13;  lx->pos++; return 0;
    case 's': *cp = 32;  lx->pos++; return 0;
    case 't': *cp = 9;   lx->pos++; return 0;
    case 'v': *cp = 11;  lx->pos++; return 0;
    case '^':
        lx->pos++;
        if (lx->pos >= lx->len)
            return -2;
        if (read_char(lx, cp, what) != 0)
            return -1;
        *cp &= 31;
        return 0;
    case 'x':
        lx->pos++;
        if (lx->pos < lx->len && lx->text[lx->pos] == '{') {
            uint32_t v = 0;
            size_t digits = 0;
            lx->pos++;
            while (lx->pos < lx->len && hex_value(lx->text[lx->pos]) >= 0) {
                if (v <= 0x10FFFF)
                    v = v * 16 + (uint32_t)hex_value(lx->text[lx->pos]);
                digits++;
                lx->pos++;
            }
            if (lx->pos >= lx->len)
                return -2;
            if (lx->text[lx->pos] != '}' || digits == 0) {
                fail_at(lx, start, "invalid \\x{...} escape in %s: expected "
                        "hexadecimal digits and '}'", what);
                return -1;
            }
            lx->pos++;
            if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)
                || v == 0xFFFE || v == 0xFFFF) {
                fail_at(lx, start, "\\x{...} escape in %s is not a Unicode "
                        "character", what);
                return -1;
            }
            *cp = v;
            return 0;
        }
        if (lx->len - lx->pos >= 2 && hex_value(lx->text[lx->pos]) >= 0
            && hex_value(lx->text[lx->pos + 1]) >= 0) {
            *cp = (uint32_t)(hex_value(lx->text[lx->pos]) * 16
                             + hex_value(lx->text[lx->pos + 1]));
            lx->pos += 2;
            return 0;
        }
        if (lx->pos >= lx->len
            || (lx->len - lx->pos == 1 && hex_value(lx->text[lx->pos]) >= 0))
            return -2;
        fail_at(lx, start, "invalid \\x escape in %s: expected two "
                "hexadecimal digits or {...}", what);
        return -1;
    default:
        break;
    }
    if (c >= '0' && c <= '7') {
        uint32_t v = 0;
        for (int i = 0; i < 3 && lx->pos < lx->len
                        && lx->text[lx->pos] >= '0' && lx->text[lx->pos] <= '7'; i++)
            v = v * 8 + (uint32_t)(lx->text[lx->pos++] - '0');
        *cp = v;
        return 0;
    }
    /* Any other character stands for itself (\\ \' \" and \<newline> too). */
    return read_char(lx, cp, what);
}

/* ------------------------------------------------------------ tokens */

static void token_start(ginet__term_lexer *lx)
{
    lx->tok_line = lx->line;
    lx->tok_column = column_of(lx, lx->pos);
    lx->tok_offset = lx->pos;
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Digits of BASE with single '_' between digits; at least one expected.
 * Returns the count read; sets *over when the value passes 2^63. */
static size_t read_digits(ginet__term_lexer *lx, unsigned base, uint64_t *v, int *over)
{
    size_t n = 0;
    while (lx->pos < lx->len) {
        unsigned char c = lx->text[lx->pos];
        int d = hex_value(c);
        if (c >= 'g' && c <= 'z') d = c - 'a' + 10;
        if (c >= 'G' && c <= 'Z') d = c - 'A' + 10;
        if (d >= 0 && (unsigned)d < base) {
            if (*v > (INT_LIMIT - (unsigned)d) / base)
                *over = 1;
            else
                *v = *v * base + (unsigned)d;
            n++;
            lx->pos++;
        } else if (c == '_' && n > 0 && lx->pos + 1 < lx->len) {
            unsigned char c2 = lx->text[lx->pos + 1];
            int d2 = hex_value(c2);
            if (c2 >= 'g' && c2 <= 'z') d2 = c2 - 'a' + 10;
            if (c2 >= 'G' && c2 <= 'Z') d2 = c2 - 'A' + 10;
            if (d2 < 0 || (unsigned)d2 >= base)
                break;
            lx->pos++;
        } else {
            break;
        }
    }
    return n;
}

static int lex_number(ginet__term_lexer *lx)
{
    uint64_t v = 0;
    int over = 0;
    read_digits(lx, 10, &v, &over);
    if (lx->pos < lx->len && lx->text[lx->pos] == '#') {
        if (over || v < 2 || v > 36) {
            size_t n = lx->pos - lx->tok_offset;     /* the base as written */
            return fail_tok(lx, "integer base %.*s%s is not in 2..36",
                            (int)(n > 20 ? 20 : n),
                            (const char *)lx->text + lx->tok_offset,
                            n > 20 ? "..." : "");
        }
        unsigned base = (unsigned)v;
        lx->pos++;
        v = 0;
        if (read_digits(lx, base, &v, &over) == 0)
            return fail_tok(lx, "expected digits of base %u after '#'", base);
        if (lx->pos < lx->len && lx->text[lx->pos] < 0x80
            && ginet__term_name_char(lx->text[lx->pos]))
            return fail_at(lx, lx->pos, "'%c' is not a digit of base %u",
                           lx->text[lx->pos], base);
    } else if (lx->len - lx->pos >= 2 && lx->text[lx->pos] == '.'
               && is_digit(lx->text[lx->pos + 1])) {
        return fail_tok(lx, "floats are not supported");
    }
    if (over)
        return fail_tok(lx, "integer does not fit in 64 bits");
    lx->tok_mag = v;
    return GINET__TOK_INT;
}

static int lex_char_literal(ginet__term_lexer *lx)
{
    uint32_t cp;
    lx->pos++;                                  /* $ */
    if (lx->pos >= lx->len)
        return fail_tok(lx, "unexpected end of text after '$'");
    if (lx->text[lx->pos] == '\\') {
        int r = read_escape(lx, &cp, "character literal");
        if (r == -2)
            return fail_tok(lx, "unexpected end of text in character literal");
        if (r != 0)
            return GINET__TOK_ERROR;
    } else if (read_char(lx, &cp, "character literal") != 0) {
        return GINET__TOK_ERROR;
    }
    lx->tok_mag = cp;
    return GINET__TOK_INT;
}

/* Read a name (atom or variable) whose first character starts at pos. */
static int read_name(ginet__term_lexer *lx, size_t *chars)
{
    lx->atom_len = 0;
    *chars = 0;
    while (lx->pos < lx->len) {
        uint32_t cp = lx->text[lx->pos];
        size_t n = 1;
        if (cp >= 0x80) {
            n = ginet__utf8_decode(lx->text + lx->pos, lx->len - lx->pos, &cp);
            if (n == 0)
                break;
        }
        if (!ginet__term_name_char(cp))
            break;
        if (atom_put(lx, cp) != 0)
            return fail_nomem(lx);
        lx->pos += n;
        (*chars)++;
    }
    return 0;
}

static int lex_unquoted(ginet__term_lexer *lx)
{
    size_t chars;
    if (read_name(lx, &chars) != 0)
        return GINET__TOK_ERROR;
    if (chars > GINET_TERM_MAX_ATOM_CHARS)
        return fail_tok(lx, "atom is longer than %d characters",
                        GINET_TERM_MAX_ATOM_CHARS);
    if (ginet__term_reserved_word(lx->atom, lx->atom_len)) {
        if (lx->atom_len == 3 && memcmp(lx->atom, "fun", 3) == 0)
            return fail_tok(lx, "funs are not supported");
        return fail_tok(lx, "reserved word '%.*s' must be quoted to be an atom",
                        (int)lx->atom_len, lx->atom);
    }
    return GINET__TOK_ATOM;
}

static int lex_variable(ginet__term_lexer *lx)
{
    size_t chars;
    if (read_name(lx, &chars) != 0)
        return GINET__TOK_ERROR;
    if (lx->atom_len > 40)
        return fail_tok(lx, "variables are not terms: '%.37s...'", lx->atom);
    return fail_tok(lx, "variables are not terms: '%.*s'",
                    (int)lx->atom_len, lx->atom);
}

static int lex_quoted_atom(ginet__term_lexer *lx)
{
    size_t chars = 0;
    uint32_t cp;
    lx->atom_len = 0;
    lx->pos++;                                  /* ' */
    for (;;) {
        if (lx->pos >= lx->len)
            break;
        unsigned char c = lx->text[lx->pos];
        if (c == '\'') {
            lx->pos++;
            if (chars > GINET_TERM_MAX_ATOM_CHARS)
                return fail_tok(lx, "atom is longer than %d characters",
                                GINET_TERM_MAX_ATOM_CHARS);
            return GINET__TOK_ATOM;
        }
        if (c == '\\') {
            int r = read_escape(lx, &cp, "quoted atom");
            if (r == -2)
                break;
            if (r != 0)
                return GINET__TOK_ERROR;
        } else if (read_char(lx, &cp, "quoted atom") != 0) {
            return GINET__TOK_ERROR;
        }
        if (cp == 0)
            return fail_tok(lx, "atoms containing the character NUL are not supported");
        if (atom_put(lx, cp) != 0)
            return fail_nomem(lx);
        chars++;
    }
    return fail_at(lx, lx->len, "unterminated quoted atom starting at line %u, "
                   "column %u", (unsigned)lx->tok_line, (unsigned)lx->tok_column);
}

static int lex_string(ginet__term_lexer *lx)
{
    uint32_t cp;
    uint32_t sline = lx->line, scol = column_of(lx, lx->pos);
    lx->nchars = 0;
    lx->pos++;                                  /* " */
    for (;;) {
        if (lx->pos >= lx->len)
            return fail_at(lx, lx->len, "unterminated string starting at line "
                           "%u, column %u", (unsigned)sline, (unsigned)scol);
        unsigned char c = lx->text[lx->pos];
        if (c == '"') {
            lx->pos++;
            /* "ab" "cd" is "abcd". */
            skip_blank(lx);
            if (lx->pos < lx->len && lx->text[lx->pos] == '"') {
                sline = lx->line;
                scol = column_of(lx, lx->pos);
                lx->pos++;
                continue;
            }
            return GINET__TOK_STRING;
        }
        uint32_t line = lx->line, col = column_of(lx, lx->pos);
        size_t off = lx->pos;
        if (c == '\\') {
            int r = read_escape(lx, &cp, "string");
            if (r == -2)
                return fail_at(lx, lx->len, "unterminated string starting at "
                               "line %u, column %u", (unsigned)sline, (unsigned)scol);
            if (r != 0)
                return GINET__TOK_ERROR;
        } else if (c < 0x80) {
            cp = c;
            step(lx);
        } else if (read_char(lx, &cp, "string") != 0) {
            return GINET__TOK_ERROR;
        }
        if (char_put(lx, cp, line, col, off) != 0)
            return fail_nomem(lx);
    }
}

static int lex_other(ginet__term_lexer *lx)
{
    unsigned char c = lx->text[lx->pos];
    uint32_t cp;
    if (c < 0x80) {
        lx->pos++;
        if (c == 127)
            return fail_tok(lx, "unexpected character U+007F");
        lx->tok_char = c;
        return GINET__TOK_OTHER;
    }
    size_t n = ginet__utf8_decode(lx->text + lx->pos, lx->len - lx->pos, &cp);
    if (n == 0)
        return fail_tok(lx, "invalid UTF-8 byte 0x%02X", c);
    if (ginet__term_atom_start(cp))
        return lex_unquoted(lx);
    if (ginet__term_var_start(cp))
        return lex_variable(lx);
    return fail_tok(lx, "unexpected character U+%04X", (unsigned)cp);
}

static ginet__tok lex(ginet__term_lexer *lx)
{
    skip_blank(lx);
    token_start(lx);
    if (lx->pos >= lx->len)
        return GINET__TOK_EOF;
    unsigned char c = lx->text[lx->pos];
    unsigned char n = lx->pos + 1 < lx->len ? lx->text[lx->pos + 1] : 0;
    int more = lx->pos + 1 < lx->len;

    if (is_digit(c))
        return lex_number(lx);
    if (c >= 'a' && c <= 'z')
        return lex_unquoted(lx);
    if ((c >= 'A' && c <= 'Z') || c == '_')
        return lex_variable(lx);
    switch (c) {
    case '$':  return lex_char_literal(lx);
    case '\'': return lex_quoted_atom(lx);
    case '"':  return lex_string(lx);
    case '[':  lx->pos++; return GINET__TOK_LBRACKET;
    case ']':  lx->pos++; return GINET__TOK_RBRACKET;
    case '{':  lx->pos++; return GINET__TOK_LBRACE;
    case '}':  lx->pos++; return GINET__TOK_RBRACE;
    case ',':  lx->pos++; return GINET__TOK_COMMA;
    case '|':  lx->pos++; return GINET__TOK_BAR;
    case '-':  lx->pos++; return GINET__TOK_MINUS;
    case '+':  lx->pos++; return GINET__TOK_PLUS;
    case '<':
        if (more && n == '<') {
            lx->pos += 2;
            return GINET__TOK_LBIN;
        }
        if (more && is_digit(n))
            return fail_tok(lx, "pids are not supported");
        break;
    case '>':
        if (more && n == '>') {
            lx->pos += 2;
            return GINET__TOK_RBIN;
        }
        break;
    case '.':
        if (!more || n == '%' || space_at(lx, lx->pos + 1) != 0) {
            lx->pos++;
            return GINET__TOK_DOT;
        }
        return fail_tok(lx, "'.' ends a term only before whitespace, '%%' or "
                        "the end of the text");
    case '#':
        return fail_tok(lx, "maps and records ('#') are not supported");
    default:
        break;
    }
    return lex_other(lx);
}

ginet__tok ginet__term_lex_next(ginet__term_lexer *lx)
{
    lx->tok = lex(lx);
    return lx->tok;
}
