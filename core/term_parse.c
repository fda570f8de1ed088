/*
 * core/term_parse.c — the term parser: ginet_term_parse() and
 * ginet_term_parse_consult().
 *
 * Iterative, not recursive: open lists and tuples live on an explicit
 * frame stack (at most GINET_TERM_MAX_DEPTH of them) and the elements read
 * so far on one shared pointer stack, so hostile nesting cannot overflow
 * the C stack and every element is copied once, when its container closes
 * (linear time, whatever the size).  Tokens come from core/term_lex.c,
 * which has already reported every lexical error.
 */
#include "core/term_lex.h"

#include <stdlib.h>
#include <string.h>

typedef struct frame {
    ginet_term_kind kind;       /* GINET_TERM_LIST or GINET_TERM_TUPLE */
    int tail;                   /* list: the next value is the tail after '|' */
    size_t base;                /* where its elements start on the item stack */
    uint32_t line, column;      /* the opening bracket */
    size_t offset;
} frame;

typedef struct parser {
    ginet__term_lexer lx;
    ginet_term_arena *arena;
    ginet_term_error *err;
    ginet_term **items;
    size_t nitems, items_cap;
    frame *frames;
    size_t nframes, frames_cap;
    unsigned char *bytes;       /* the binary being read */
    size_t nbytes, bytes_cap;
} parser;

#define TOK(p) ((p)->lx.tok)

/* ------------------------------------------------------------ helpers */

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

static int nomem(parser *p)
{
    return ginet__term_fail(p->err, GINET_ENOMEM, p->lx.tok_line,
                            p->lx.tok_column, p->lx.tok_offset, "out of memory");
}

/* An error at the current token. */
#define FAIL_TOK(p, ...) \
    ginet__term_fail((p)->err, GINET_EINVAL, (p)->lx.tok_line, \
                     (p)->lx.tok_column, (p)->lx.tok_offset, __VA_ARGS__)

static int next(parser *p)
{
    return ginet__term_lex_next(&p->lx) == GINET__TOK_ERROR ? p->err->code : 0;
}

static void set_pos(ginet_term *t, uint32_t line, uint32_t column, size_t offset)
{
    t->line = line;
    t->column = column;
    t->offset = offset;
}

static const char *kind_word(ginet_term_kind k)
{
    return k == GINET_TERM_LIST ? "list" : k == GINET_TERM_TUPLE ? "tuple" : "binary";
}

/* How the current token is named in "found X" messages. */
static const char *tok_name(parser *p, char buf[8])
{
    switch (TOK(p)) {
    case GINET__TOK_EOF:      return "the end of the text";
    case GINET__TOK_INT:      return "an integer";
    case GINET__TOK_ATOM:     return "an atom";
    case GINET__TOK_STRING:   return "a string";
    case GINET__TOK_LBRACKET: return "'['";
    case GINET__TOK_RBRACKET: return "']'";
    case GINET__TOK_LBRACE:   return "'{'";
    case GINET__TOK_RBRACE:   return "'}'";
    case GINET__TOK_LBIN:     return "'<<'";
    case GINET__TOK_RBIN:     return "'>>'";
    case GINET__TOK_COMMA:    return "','";
    case GINET__TOK_BAR:      return "'|'";
    case GINET__TOK_DOT:      return "'.'";
    case GINET__TOK_MINUS:    return "'-'";
    case GINET__TOK_PLUS:     return "'+'";
    case GINET__TOK_OTHER:
        buf[0] = '\'';
        buf[1] = (char)p->lx.tok_char;
        buf[2] = '\'';
        buf[3] = '\0';
        return buf;
    case GINET__TOK_ERROR:    break;
    }
    return "an error";
}

/* The end of the text inside an open container. */
static int fail_eof_inside(parser *p, ginet_term_kind kind, uint32_t line,
                           uint32_t column)
{
    return FAIL_TOK(p, "unexpected end of text inside %s started at %u:%u",
                    kind_word(kind), (unsigned)line, (unsigned)column);
}

/* A value was expected at the current token and is not there. */
static int fail_expected_term(parser *p)
{
    char buf[8];
    if (TOK(p) == GINET__TOK_ERROR)
        return p->err->code;
    if (TOK(p) == GINET__TOK_EOF && p->nframes > 0) {
        frame *f = &p->frames[p->nframes - 1];
        return fail_eof_inside(p, f->kind, f->line, f->column);
    }
    if (TOK(p) == GINET__TOK_OTHER)
        return FAIL_TOK(p, "unexpected character %s", tok_name(p, buf));
    return FAIL_TOK(p, "expected a term, found %s", tok_name(p, buf));
}

/* ------------------------------------------------------------ values */

/* [+|-] integer at the current token; leaves the token after it. */
static int read_integer(parser *p, int64_t *value, uint32_t *line,
                        uint32_t *column, size_t *offset)
{
    int neg = 0;
    *line = p->lx.tok_line;
    *column = p->lx.tok_column;
    *offset = p->lx.tok_offset;
    if (TOK(p) == GINET__TOK_MINUS || TOK(p) == GINET__TOK_PLUS) {
        neg = TOK(p) == GINET__TOK_MINUS;
        if (next(p) != 0)
            return p->err->code;
        if (TOK(p) != GINET__TOK_INT)
            return ginet__term_fail(p->err, GINET_EINVAL, *line, *column, *offset,
                                    "'%c' must be followed by an integer",
                                    neg ? '-' : '+');
    }
    uint64_t mag = p->lx.tok_mag;
    if (mag == (uint64_t)1 << 63) {
        if (!neg)               /* at the digits, as the lexer's overflows */
            return FAIL_TOK(p, "integer does not fit in 64 bits");
        *value = INT64_MIN;
    } else {
        *value = neg ? -(int64_t)mag : (int64_t)mag;
    }
    return next(p);
}

static int make_integer(parser *p, ginet_term **out)
{
    int64_t v;
    uint32_t line, column;
    size_t offset;
    int rc = read_integer(p, &v, &line, &column, &offset);
    if (rc != 0)
        return rc;
    ginet_term *t = ginet__term_alloc(p->arena, GINET_TERM_INTEGER);
    if (t == NULL)
        return nomem(p);
    t->u.integer = v;
    set_pos(t, line, column, offset);
    *out = t;
    return 0;
}

static int make_atom(parser *p, ginet_term **out)
{
    ginet_term *t = ginet__term_alloc(p->arena, GINET_TERM_ATOM);
    char *name = ginet__arena_strndup(&p->arena->mem, p->lx.atom, p->lx.atom_len);
    if (t == NULL || name == NULL)
        return nomem(p);
    t->u.atom.name = name;
    t->u.atom.len = p->lx.atom_len;
    set_pos(t, p->lx.tok_line, p->lx.tok_column, p->lx.tok_offset);
    *out = t;
    return next(p);
}

/* A string token as a list of integers, each at its own position. */
static int make_string(parser *p, ginet_term **out)
{
    size_t n = p->lx.nchars;
    ginet_term *t = ginet__term_alloc(p->arena, GINET_TERM_LIST);
    ginet_term **items = ginet__term_items(p->arena, n);
    ginet_term *elems = n > 0 ? ginet__arena_calloc(&p->arena->mem, n, sizeof *elems)
                              : NULL;
    if (t == NULL || items == NULL || (n > 0 && elems == NULL))
        return nomem(p);
    for (size_t i = 0; i < n; i++) {
        const ginet__term_char *c = &p->lx.chars[i];
        elems[i].kind = GINET_TERM_INTEGER;
        elems[i].u.integer = c->cp;
        set_pos(&elems[i], c->line, c->column, c->offset);
        items[i] = &elems[i];
    }
    t->u.seq.items = items;
    t->u.seq.count = n;
    set_pos(t, p->lx.tok_line, p->lx.tok_column, p->lx.tok_offset);
    *out = t;
    return next(p);
}

static int put_byte(parser *p, unsigned char b)
{
    void *buf = p->bytes;
    if (grow(&buf, &p->bytes_cap, p->nbytes + 1, 1) != 0)
        return -1;
    p->bytes = buf;
    p->bytes[p->nbytes++] = b;
    return 0;
}

/* One element of a binary: an integer 0..255 or a string of such. */
static int binary_element(parser *p, uint32_t bline, uint32_t bcolumn)
{
    switch (TOK(p)) {
    case GINET__TOK_STRING:
        for (size_t i = 0; i < p->lx.nchars; i++) {
            const ginet__term_char *c = &p->lx.chars[i];
            if (c->cp > 255)
                return ginet__term_fail(p->err, GINET_EINVAL, c->line, c->column,
                                        c->offset, "character U+%04X in a binary "
                                        "string does not fit in a byte",
                                        (unsigned)c->cp);
            if (put_byte(p, (unsigned char)c->cp) != 0)
                return nomem(p);
        }
        return next(p);
    case GINET__TOK_INT:
    case GINET__TOK_MINUS:
    case GINET__TOK_PLUS: {
        int64_t v;
        uint32_t line, column;
        size_t offset;
        int rc = read_integer(p, &v, &line, &column, &offset);
        if (rc != 0)
            return rc;
        if (v < 0 || v > 255)
            return ginet__term_fail(p->err, GINET_EINVAL, line, column, offset,
                                    "binary element %lld is out of range 0..255",
                                    (long long)v);
        if (put_byte(p, (unsigned char)v) != 0)
            return nomem(p);
        return 0;
    }
    case GINET__TOK_ERROR:
        return p->err->code;
    case GINET__TOK_EOF:
        return fail_eof_inside(p, GINET_TERM_BINARY, bline, bcolumn);
    default:
        return FAIL_TOK(p, "binary elements must be integers 0..255 or strings");
    }
}

/* << ... >> at the current token. */
static int make_binary(parser *p, ginet_term **out)
{
    uint32_t line = p->lx.tok_line, column = p->lx.tok_column;
    size_t offset = p->lx.tok_offset;
    int rc;
    p->nbytes = 0;
    if ((rc = next(p)) != 0)
        return rc;
    if (TOK(p) != GINET__TOK_RBIN) {
        for (;;) {
            if ((rc = binary_element(p, line, column)) != 0)
                return rc;
            if (TOK(p) == GINET__TOK_COMMA) {
                if ((rc = next(p)) != 0)
                    return rc;
                continue;
            }
            if (TOK(p) == GINET__TOK_RBIN)
                break;
            if (TOK(p) == GINET__TOK_EOF)
                return fail_eof_inside(p, GINET_TERM_BINARY, line, column);
            if (TOK(p) == GINET__TOK_OTHER
                && (p->lx.tok_char == ':' || p->lx.tok_char == '/'))
                return FAIL_TOK(p, "binary segment sizes and types (':' and '/') "
                                "are not supported");
            return FAIL_TOK(p, "expected ',' or '>>' after binary element");
        }
    }
    ginet_term *t = ginet__term_alloc(p->arena, GINET_TERM_BINARY);
    void *data = ginet__arena_memdup(&p->arena->mem, p->bytes, p->nbytes);
    if (t == NULL || data == NULL)
        return nomem(p);
    t->u.binary.data = data;
    t->u.binary.len = p->nbytes;
    set_pos(t, line, column, offset);
    *out = t;
    return next(p);
}

/* ------------------------------------------------------------ structure */

static int push_item(parser *p, ginet_term *t)
{
    void *b = p->items;
    if (grow(&b, &p->items_cap, p->nitems + 1, sizeof *p->items) != 0)
        return -1;
    p->items = b;
    p->items[p->nitems++] = t;
    return 0;
}

/* Close the top frame: its elements become a new list or tuple. */
static ginet_term *close_frame(parser *p)
{
    frame *f = &p->frames[--p->nframes];
    size_t n = p->nitems - f->base;
    ginet_term *t = ginet__term_alloc(p->arena, f->kind);
    ginet_term **items = ginet__term_items(p->arena, n);
    if (t == NULL || items == NULL)
        return NULL;
    if (n > 0)
        memcpy(items, p->items + f->base, n * sizeof *items);
    p->nitems = f->base;
    t->u.seq.items = items;
    t->u.seq.count = n;
    set_pos(t, f->line, f->column, f->offset);
    return t;
}

/* Push a frame for the opening bracket at the current token and read the
 * token after it.  The depth limit is checked by the caller once it knows
 * the container is not empty. */
static int open_frame(parser *p, ginet_term_kind kind)
{
    void *b = p->frames;
    if (grow(&b, &p->frames_cap, p->nframes + 1, sizeof *p->frames) != 0)
        return nomem(p);
    p->frames = b;
    frame *f = &p->frames[p->nframes++];
    f->kind = kind;
    f->tail = 0;
    f->base = p->nitems;
    f->line = p->lx.tok_line;
    f->column = p->lx.tok_column;
    f->offset = p->lx.tok_offset;
    return next(p);
}

/* An empty list or tuple at LINE:COLUMN; the closing token is current. */
static int make_empty(parser *p, ginet_term_kind kind, uint32_t line,
                      uint32_t column, size_t offset, ginet_term **out)
{
    ginet_term *t = ginet__term_alloc(p->arena, kind);
    ginet_term **items = ginet__term_items(p->arena, 0);
    if (t == NULL || items == NULL)
        return nomem(p);
    t->u.seq.items = items;
    set_pos(t, line, column, offset);
    *out = t;
    return next(p);
}

/* After an element of the top frame: ',' or the closing bracket or '|'.
 * Returns 0 with *done set when the frame closed (*v is the container),
 * 0 with *done clear when another value is expected, or an error. */
static int after_element(parser *p, ginet_term **v, int *done)
{
    frame *f = &p->frames[p->nframes - 1];
    int list = f->kind == GINET_TERM_LIST;
    ginet__tok close = list ? GINET__TOK_RBRACKET : GINET__TOK_RBRACE;

    *done = 0;
    if (f->tail) {
        if ((*v)->kind != GINET_TERM_LIST)
            return ginet__term_fail(p->err, GINET_EINVAL, (*v)->line,
                                    (*v)->column, (*v)->offset,
                                    "improper lists are not supported: the tail "
                                    "after '|' must be a list");
        if (TOK(p) != GINET__TOK_RBRACKET) {
            if (TOK(p) == GINET__TOK_EOF)
                return fail_eof_inside(p, f->kind, f->line, f->column);
            return FAIL_TOK(p, "expected ']' after the tail of a list");
        }
        for (size_t i = 0; i < (*v)->u.seq.count; i++)
            if (push_item(p, (*v)->u.seq.items[i]) != 0)
                return nomem(p);
    } else {
        if (push_item(p, *v) != 0)
            return nomem(p);
        if (TOK(p) == GINET__TOK_COMMA)
            return next(p);
        if (TOK(p) == GINET__TOK_BAR && list) {
            f->tail = 1;
            return next(p);
        }
        if (TOK(p) != close) {
            if (TOK(p) == GINET__TOK_EOF)
                return fail_eof_inside(p, f->kind, f->line, f->column);
            if (TOK(p) == GINET__TOK_BAR)
                return FAIL_TOK(p, "'|' is only allowed in lists");
            return FAIL_TOK(p, list ? "expected ',' or ']' after list element"
                                    : "expected ',' or '}' after tuple element");
        }
    }
    if ((*v = close_frame(p)) == NULL)
        return nomem(p);
    *done = 1;
    return next(p);
}

/* One whole term starting at the current token; leaves the token after it. */
static int parse_value(parser *p, ginet_term **out)
{
    int rc;
    for (;;) {
        ginet_term *v = NULL;
        uint32_t line = p->lx.tok_line, column = p->lx.tok_column;
        size_t offset = p->lx.tok_offset;

        switch (TOK(p)) {
        case GINET__TOK_INT:
        case GINET__TOK_MINUS:
        case GINET__TOK_PLUS:
            rc = make_integer(p, &v);
            break;
        case GINET__TOK_ATOM:
            rc = make_atom(p, &v);
            break;
        case GINET__TOK_STRING:
            rc = make_string(p, &v);
            break;
        case GINET__TOK_LBIN:
            rc = make_binary(p, &v);
            break;
        case GINET__TOK_LBRACKET:
        case GINET__TOK_LBRACE: {
            ginet_term_kind kind = TOK(p) == GINET__TOK_LBRACKET
                ? GINET_TERM_LIST : GINET_TERM_TUPLE;
            ginet__tok close = kind == GINET_TERM_LIST
                ? GINET__TOK_RBRACKET : GINET__TOK_RBRACE;
            if ((rc = open_frame(p, kind)) != 0)
                return rc;
            if (TOK(p) != close) {
                if (p->nframes > GINET_TERM_MAX_DEPTH)
                    return ginet__term_fail(p->err, GINET_EINVAL, line, column,
                                            offset, "nesting deeper than %d",
                                            GINET_TERM_MAX_DEPTH);
                continue;                       /* read the first element */
            }
            p->nframes--;
            rc = make_empty(p, kind, line, column, offset, &v);
            break;
        }
        default:
            return fail_expected_term(p);
        }
        if (rc != 0)
            return rc;

        /* Give v to its container, closing as many as end here. */
        for (;;) {
            int done;
            if (p->nframes == 0) {
                *out = v;
                return 0;
            }
            if ((rc = after_element(p, &v, &done)) != 0)
                return rc;
            if (!done)
                break;
        }
    }
}

/* ------------------------------------------------------------ entry points */

static int start(parser *p, ginet_term_arena *arena, const char *text,
                 size_t len, ginet_term **out, ginet_term_error *err)
{
    memset(p, 0, sizeof *p);
    p->err = err;
    memset(err, 0, sizeof *err);
    if (out != NULL)
        *out = NULL;
    if (arena == NULL || out == NULL || (text == NULL && len > 0))
        return ginet__term_fail(err, GINET_EINVAL, 0, 0, 0, "invalid argument");
    p->arena = arena;
    ginet__term_lex_init(&p->lx, text, len, err);
    return next(p);
}

static void finish(parser *p)
{
    ginet__term_lex_done(&p->lx);
    free(p->items);
    free(p->frames);
    free(p->bytes);
}

int ginet_term_parse(ginet_term_arena *arena, const char *text, size_t len,
                     ginet_term **out, ginet_term_error *err)
{
    ginet_term_error local;
    parser p;
    ginet_term *t = NULL;
    char buf[8];
    if (err == NULL)
        err = &local;
    int rc = start(&p, arena, text, len, out, err);
    if (rc == 0)
        rc = parse_value(&p, &t);
    if (rc == 0 && TOK(&p) == GINET__TOK_DOT) {
        if ((rc = next(&p)) == 0 && TOK(&p) != GINET__TOK_EOF)
            rc = FAIL_TOK(&p, "expected the end of the text after '.', found %s",
                          tok_name(&p, buf));
    } else if (rc == 0 && TOK(&p) != GINET__TOK_EOF) {
        rc = TOK(&p) == GINET__TOK_ERROR ? err->code
           : FAIL_TOK(&p, "expected the end of the text after the term, found %s",
                      tok_name(&p, buf));
    }
    finish(&p);
    if (rc == 0)
        *out = t;
    return rc;
}

int ginet_term_parse_consult(ginet_term_arena *arena, const char *text,
                             size_t len, ginet_term **out,
                             ginet_term_error *err)
{
    ginet_term_error local;
    parser p;
    ginet_term *list = NULL;
    char buf[8];
    if (err == NULL)
        err = &local;
    int rc = start(&p, arena, text, len, out, err);
    while (rc == 0 && TOK(&p) != GINET__TOK_EOF) {
        ginet_term *t;
        if ((rc = parse_value(&p, &t)) != 0)
            break;
        if (TOK(&p) != GINET__TOK_DOT) {
            rc = TOK(&p) == GINET__TOK_ERROR ? err->code
               : FAIL_TOK(&p, "expected '.' after the term, found %s",
                          tok_name(&p, buf));
            break;
        }
        if (push_item(&p, t) != 0) {
            rc = nomem(&p);
            break;
        }
        rc = next(&p);
    }
    if (rc == 0) {
        list = ginet__term_alloc(arena, GINET_TERM_LIST);
        ginet_term **items = ginet__term_items(arena, p.nitems);
        if (list == NULL || items == NULL) {
            rc = nomem(&p);
        } else {
            if (p.nitems > 0)
                memcpy(items, p.items, p.nitems * sizeof *items);
            list->u.seq.items = items;
            list->u.seq.count = p.nitems;
            set_pos(list, 1, 1, 0);
        }
    }
    finish(&p);
    if (rc == 0)
        *out = list;
    return rc;
}
