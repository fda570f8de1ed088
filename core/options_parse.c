/*
 * core/options_parse.c — options from Erlang term text and from terms:
 * ginet_optlist_parse() and ginet_optlist_add_term().
 *
 * What is accepted is exactly what OTP 25's inet:setopts/2 and the socket
 * creating calls accept (docs/options.md has the table, taken from a real
 * runtime); each refusal names the option and says what it must be.
 * Nothing is appended unless every option of the text is good.
 */
#include "core/options_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Read one option term T into OUT.  FIRST says whether T may be an option
 * that must come first.  0, GINET_EINVAL or GINET_ENOMEM (*ERR filled). */
static int option_from_term(const ginet_term *t, int first,
                            ginet__arena *scratch, ginet_opt *out,
                            ginet_term_error *err)
{
    char why[120];
    const ginet__optdesc *d;
    const ginet_term *val;

    if (t == NULL) {
        ginet__opt_error(err, t, "no option");
        return GINET_EINVAL;
    }
    if (t->kind == GINET_TERM_ATOM) {
        const char *n = t->u.atom.name;
        if (strcmp(n, "binary") == 0 || strcmp(n, "list") == 0) {
            d = ginet__option_desc(GINET_OPT_MODE);
        } else if (strcmp(n, "inet") == 0 || strcmp(n, "inet6") == 0
                   || strcmp(n, "local") == 0) {
            d = ginet__option_desc(GINET_OPT_FAMILY);
        } else {
            d = ginet__option_lookup(n, t->u.atom.len);
            if (d == NULL || (d->flags & GINET__OPTF_BARE))
                ginet__opt_error(err, t, "unknown option");
            else
                ginet__opt_error(err, t, "%s takes a value: {%s, Value}",
                                 d->name, d->name);
            return GINET_EINVAL;
        }
        val = t;
    } else if (t->kind == GINET_TERM_TUPLE && t->u.seq.count > 0
               && t->u.seq.items[0]->kind == GINET_TERM_ATOM) {
        const ginet_term *name = t->u.seq.items[0];
        d = ginet__option_lookup(name->u.atom.name, name->u.atom.len);
        if (d == NULL || (d->flags & GINET__OPTF_BARE)) {
            ginet__opt_error(err, t, "unknown option %s", name->u.atom.name);
            return GINET_EINVAL;
        }
        if (d->type == GINET__T_RAW) {
            val = t;
            if (t->u.seq.count == 4 && t->u.seq.items[3]->kind
                                       == GINET_TERM_INTEGER) {
                ginet__opt_error(err, t, "raw value must be a binary "
                                 "(a size is only for getopts)");
                return GINET_EINVAL;
            }
        } else if (t->u.seq.count != 2) {
            ginet__opt_error(err, t, "%s takes one value: {%s, Value}",
                             d->name, d->name);
            return GINET_EINVAL;
        } else {
            val = t->u.seq.items[1];
        }
    } else {
        ginet__opt_error(err, t, "not an option (an atom or a "
                         "{Name, Value} tuple)");
        return GINET_EINVAL;
    }

    int rc = ginet__optval_from_term(d, val, scratch, out, why, sizeof why);
    if (rc != 0) {
        ginet__opt_error(err, t, "%s", why);
        if (err != NULL)
            err->code = rc;
        return rc;
    }
    if ((d->flags & GINET__OPTF_FIRST) && !first) {
        ginet__opt_error(err, t, "%s must be the first option", d->name);
        return GINET_EINVAL;
    }
    return 0;
}

/* 1 if TEXT[0..LEN) holds only whitespace and %-comments. */
static int blank(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (c == '%') {
            while (i < len && text[i] != '\n')
                i++;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r'
                   || c == '\f' || c == '\v') {
            i++;
        } else {
            return 0;
        }
    }
    return 1;
}

static void set_nomem(ginet_term_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
        err->code = GINET_ENOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
    }
}

/* Read the options of TERM (a list of options, or one option) and append
 * them to LIST, all or none.  FIRST_OK: whether the first may be an
 * option that must be first. */
static int add_terms(ginet_optlist *list, const ginet_term *term,
                     int first_ok, ginet_term_error *err)
{
    const ginet_term *const *items = &term;
    size_t n = 1;
    if (term != NULL && term->kind == GINET_TERM_LIST) {
        items = (const ginet_term *const *)term->u.seq.items;
        n = term->u.seq.count;
    }
    if (n == 0)
        return 0;
    ginet__arena scratch;
    ginet__arena_init(&scratch);
    int rc = 0;
    ginet_opt one;
    ginet_opt *staged = n == 1 ? &one : malloc(n * sizeof *staged);
    if (staged == NULL) {
        set_nomem(err);
        rc = GINET_ENOMEM;
    }
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = option_from_term(items[i], first_ok && i == 0, &scratch,
                              &staged[i], err);
    if (rc == 0) {
        rc = ginet__optlist_append(list, staged, n);
        if (rc != 0)
            set_nomem(err);
    }
    if (staged != &one)
        free(staged);
    ginet__arena_destroy(&scratch);
    return rc;
}

GINET_API int ginet_optlist_parse(ginet_optlist *list, const char *text,
                                  size_t len, ginet_term_error *err)
{
    if (list == NULL || (text == NULL && len > 0)) {
        if (err != NULL) {
            memset(err, 0, sizeof *err);
            err->code = GINET_EINVAL;
            snprintf(err->message, sizeof err->message,
                     list == NULL ? "no option list" : "no text");
        }
        return GINET_EINVAL;
    }
    if (len == 0 || blank(text, len))
        return 0;
    ginet_term_arena *a = ginet_term_arena_new();
    if (a == NULL) {
        set_nomem(err);
        return GINET_ENOMEM;
    }
    ginet_term *t = NULL;
    int rc = ginet_term_parse(a, text, len, &t, err);
    if (rc == 0)
        rc = add_terms(list, t, 1, err);
    ginet_term_arena_free(a);
    return rc;
}

GINET_API int ginet_optlist_add_term(ginet_optlist *list,
                                     const ginet_term *term,
                                     ginet_term_error *err)
{
    if (list == NULL || term == NULL) {
        if (err != NULL) {
            memset(err, 0, sizeof *err);
            err->code = GINET_EINVAL;
            snprintf(err->message, sizeof err->message,
                     list == NULL ? "no option list" : "no option");
        }
        return GINET_EINVAL;
    }
    if (term->kind == GINET_TERM_LIST) {
        /* One option is asked for; a list (even [] or a string) is none. */
        ginet__opt_error(err, term, "not an option (an atom or a "
                         "{Name, Value} tuple)");
        return GINET_EINVAL;
    }
    return add_terms(list, term, list->count == 0, err);
}
