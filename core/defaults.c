/*
 * core/defaults.c — node-wide default options (include/ginet/defaults.h):
 * reading GINET_DEFAULT_{CONNECT,LISTEN,UDP}_OPTIONS once, keeping either
 * the parsed list or the reason it is malformed, and putting the defaults
 * in front of a creating call's own options.
 */
#include "core/inspect_internal.h"

#include "core/last_error.h"

#include <ginet/term.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NKINDS 3

static const char *const var_names[NKINDS] = {
    "GINET_DEFAULT_CONNECT_OPTIONS",
    "GINET_DEFAULT_LISTEN_OPTIONS",
    "GINET_DEFAULT_UDP_OPTIONS",
};

static struct defaults {
    ginet_optlist *list;          /* NULL: none */
    int rc;                       /* 0, or why every creating call fails */
    char why[300];
} defs[NKINDS];

static ginet__mutex def_lock = PTHREAD_MUTEX_INITIALIZER;
static int loaded;                /* under def_lock */

/* The name of an option term ({Name, ...} or a bare atom), or "". */
static const char *term_name(const ginet_term *t)
{
    if (t->kind == GINET_TERM_TUPLE && t->u.seq.count > 0
        && t->u.seq.items[0]->kind == GINET_TERM_ATOM)
        return t->u.seq.items[0]->u.atom.name;
    if (t->kind == GINET_TERM_ATOM)
        return t->u.atom.name;
    return "";
}

/* Read the text of variable K into D (def_lock held). */
static void load_one(int k, const char *text, struct defaults *d)
{
    d->list = NULL;
    d->rc = 0;
    d->why[0] = '\0';
    if (text == NULL || text[strspn(text, " \t\r\n")] == '\0')
        return;                              /* unset or empty: no defaults */
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_optlist *l = ginet_optlist_new();
    ginet_term *t = NULL;
    ginet_term_error err;
    int rc = (a == NULL || l == NULL) ? GINET_ENOMEM
                                      : ginet_term_parse(a, text, strlen(text), &t, &err);
    if (rc == 0) {
        /* A list, or one option alone (OTP takes both).  OTP's inet.erl
         * puts {active,true} first and deletes the list's first
         * {active,_} tuple (lists:keydelete/3): that one is dropped
         * unchecked, a second {active,_} is kept and applies; a single
         * {active,_} alone is dropped.  A bare atom `active` is not a
         * tuple and stays, to be refused like any unknown atom. */
        size_t n = t->kind == GINET_TERM_LIST ? t->u.seq.count : 1;
        int active_dropped = 0;
        for (size_t i = 0; i < n && rc == 0; i++) {
            const ginet_term *o = t->kind == GINET_TERM_LIST ? t->u.seq.items[i] : t;
            const char *name = term_name(o);
            if (!active_dropped && o->kind == GINET_TERM_TUPLE
                && strcmp(name, "active") == 0) {
                active_dropped = 1;
                continue;
            }
            if (strcmp(name, "inet_backend") == 0) {
                rc = GINET_EINVAL;
                err.line = o->line;
                err.column = o->column;
                snprintf(err.message, sizeof err.message,
                         "inet_backend cannot be a default (use GINET_BACKEND)");
                break;
            }
            rc = ginet_optlist_add_term(l, o, &err);
        }
    }
    if (rc == 0) {
        d->list = l;
        l = NULL;
    } else if (rc == GINET_EINVAL) {
        d->rc = rc;
        snprintf(d->why, sizeof d->why, "%s, line %u, column %u: %s", var_names[k],
                 (unsigned)err.line, (unsigned)err.column, err.message);
    } else {
        d->rc = rc;
        snprintf(d->why, sizeof d->why, "%s: out of memory reading it", var_names[k]);
    }
    ginet_optlist_free(l);
    ginet_term_arena_free(a);
}

/* (Re)read every variable (def_lock held); the first error, or 0. */
static int load_all(void)
{
    int rc = 0;
    for (int k = 0; k < NKINDS; k++) {
        ginet_optlist_free(defs[k].list);
        load_one(k, getenv(var_names[k]), &defs[k]);
        if (rc == 0 && defs[k].rc != 0)
            rc = ginet__fail(defs[k].rc, "%s", defs[k].why);
    }
    loaded = 1;
    return rc;
}

static void ensure_loaded(void)
{
    if (!loaded)
        (void)load_all();
}

GINET_API int ginet_default_options_reload(void)
{
    ginet__clear_error();
    ginet__lock(&def_lock);
    int rc = load_all();
    ginet__unlock(&def_lock);
    return rc;
}

GINET_API int ginet_default_options_text(ginet_defaults_kind kind, char **out)
{
    if (out != NULL)
        *out = NULL;
    if ((int)kind < 0 || (int)kind >= NKINDS || out == NULL)
        return GINET_EINVAL;
    ginet__clear_error();
    ginet_term_arena *a = ginet_term_arena_new();
    if (a == NULL)
        return GINET_ENOMEM;
    ginet__lock(&def_lock);
    ensure_loaded();
    struct defaults *d = &defs[kind];
    int rc = d->rc;
    if (rc != 0) {
        rc = ginet__fail(rc, "%s", d->why);
    } else if (d->list == NULL) {
        ginet_term *t = ginet_term_list_new(a, 0);
        *out = t != NULL ? ginet_term_to_string(t) : NULL;
    } else {
        ginet_term *t = ginet_optlist_term(a, d->list);
        *out = t != NULL ? ginet_term_to_string(t) : NULL;
    }
    ginet__unlock(&def_lock);
    ginet_term_arena_free(a);
    if (rc == 0 && *out == NULL)
        rc = GINET_ENOMEM;
    return rc;
}

/* Whether LIST holds option ID. */
static int has(const ginet_optlist *list, ginet_option id)
{
    size_t n = ginet_optlist_count(list);
    for (size_t i = 0; i < n; i++)
        if (ginet_optlist_get(list, i)->id == id)
            return 1;
    return 0;
}

int ginet__defaults_merge(ginet_defaults_kind kind, const ginet_optlist *user,
                          ginet_optlist **out)
{
    *out = NULL;
    if ((int)kind < 0 || (int)kind >= NKINDS)
        return GINET_EINVAL;
    ginet__lock(&def_lock);
    ensure_loaded();
    const struct defaults *d = &defs[kind];
    if (d->rc != 0) {
        int rc = ginet__fail(d->rc, "%s", d->why);
        ginet__unlock(&def_lock);
        return rc;
    }
    size_t nd = ginet_optlist_count(d->list);
    if (nd == 0) {
        ginet__unlock(&def_lock);
        return 0;
    }
    ginet_optlist *m = ginet_optlist_new();
    int rc = m != NULL ? 0 : GINET_ENOMEM;
    size_t nu = ginet_optlist_count(user);
    size_t first = 0;
    /* {inet_backend, _} must stay first; the caller's family beats a
     * default one (a family option's first occurrence is the one used). */
    if (rc == 0 && nu > 0 && ginet_optlist_get(user, 0)->id == GINET_OPT_INET_BACKEND) {
        rc = ginet_optlist_add(m, ginet_optlist_get(user, 0));
        first = 1;
    }
    int user_family = nu > 0 && has(user, GINET_OPT_FAMILY);
    for (size_t i = 0; i < nd && rc == 0; i++) {
        const ginet_opt *o = ginet_optlist_get(d->list, i);
        if (o->id == GINET_OPT_FAMILY && user_family)
            continue;
        rc = ginet_optlist_add(m, o);
    }
    ginet__unlock(&def_lock);
    for (size_t i = first; i < nu && rc == 0; i++)
        rc = ginet_optlist_add(m, ginet_optlist_get(user, i));
    if (rc != 0) {
        ginet_optlist_free(m);
        return ginet__fail(rc, "applying %s: %s", var_names[kind],
                           rc == GINET_ENOMEM ? "out of memory" : "an option was refused");
    }
    *out = m;
    return 0;
}
