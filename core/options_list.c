/*
 * core/options_list.c — ginet_optlist: an ordered array of typed options
 * that owns the strings and bytes they point to (in an arena), the typed
 * ways to add to it, and the lookups.
 */
#include "core/options_internal.h"
#include "core/last_error.h"

#include <stdlib.h>
#include <string.h>

GINET_API ginet_optlist *ginet_optlist_new(void)
{
    ginet_optlist *l = calloc(1, sizeof *l);
    if (l != NULL)
        ginet__arena_init(&l->mem);
    return l;
}

GINET_API void ginet_optlist_free(ginet_optlist *list)
{
    if (list == NULL)
        return;
    ginet__arena_destroy(&list->mem);
    free(list->items);
    free(list);
}

GINET_API void ginet_optlist_clear(ginet_optlist *list)
{
    if (list == NULL)
        return;
    list->count = 0;
    ginet__arena_reset(&list->mem);
}

GINET_API size_t ginet_optlist_count(const ginet_optlist *list)
{
    return list != NULL ? list->count : 0;
}

GINET_API const ginet_opt *ginet_optlist_get(const ginet_optlist *list,
                                             size_t i)
{
    if (list == NULL || i >= list->count)
        return NULL;
    return &list->items[i];
}

GINET_API const ginet_opt *ginet_optlist_find(const ginet_optlist *list,
                                              ginet_option id)
{
    if (list == NULL)
        return NULL;
    const ginet__optdesc *d = ginet__option_desc(id);
    if (d != NULL && (d->flags & GINET__OPTF_FIRST_WINS)) {
        for (size_t i = 0; i < list->count; i++)
            if (list->items[i].id == id)
                return &list->items[i];
        return NULL;
    }
    for (size_t i = list->count; i-- > 0;)
        if (list->items[i].id == id)
            return &list->items[i];
    return NULL;
}

/* A copy of LEN bytes at P in the list's arena, NUL-terminated (so a
 * string without NULs is also a C string); NULL on ENOMEM. */
static const void *keep(ginet_optlist *l, const void *p, size_t len)
{
    char *c = ginet__arena_alloc_aligned(&l->mem, len + 1, 1);
    if (c == NULL)
        return NULL;
    if (len > 0)
        memcpy(c, p, len);
    c[len] = '\0';
    return c;
}

/* Make OPT's pointers point into the list's arena. */
static int own(ginet_optlist *l, ginet_opt *opt)
{
    const ginet__optdesc *d = ginet__option_desc(opt->id);
    if (d == NULL)
        return 0;
    if (d->type == GINET__T_RAW) {
        const void *c = keep(l, opt->val.raw.data, opt->val.raw.len);
        if (c == NULL)
            return GINET_ENOMEM;
        opt->val.raw.data = c;
    } else if (d->type == GINET__T_BINARY || d->type == GINET__T_FILENAME
               || d->type == GINET__T_ATOM
               || (d->type == GINET__T_SOCKADDR
                   && opt->val.addr_kind == GINET_OPTADDR_LOCAL)) {
        const void *c = keep(l, opt->val.str.ptr, opt->val.str.len);
        if (c == NULL)
            return GINET_ENOMEM;
        opt->val.str.ptr = c;
    }
    return 0;
}

int ginet__optlist_append(ginet_optlist *l, const ginet_opt *opts,
                          size_t count)
{
    if (count == 0)
        return 0;
    if (count > SIZE_MAX / sizeof *opts - l->count)
        return GINET_ENOMEM;
    if (l->count + count > l->cap) {
        size_t cap = l->cap ? l->cap : 8;
        while (cap < l->count + count)
            cap = cap > SIZE_MAX / (2 * sizeof *opts) ? l->count + count
                                                       : cap * 2;
        ginet_opt *items = realloc(l->items, cap * sizeof *items);
        if (items == NULL)
            return GINET_ENOMEM;
        l->items = items;
        l->cap = cap;
    }
    for (size_t i = 0; i < count; i++) {
        ginet_opt *o = &l->items[l->count + i];
        *o = opts[i];
        if (own(l, o) != 0)
            return GINET_ENOMEM;   /* count not advanced: nothing appended
                                      (the arena keeps what was copied) */
    }
    l->count += count;
    return 0;
}

GINET_API int ginet_optlist_add(ginet_optlist *list, const ginet_opt *opt)
{
    char why[120];
    if (list == NULL || opt == NULL)
        return GINET_EINVAL;
    if (ginet__opt_check(opt, why, sizeof why) != 0)
        return ginet__fail(GINET_EINVAL, "%s", why);
    const ginet__optdesc *d = ginet__option_desc(opt->id);
    if ((d->flags & GINET__OPTF_FIRST) && list->count != 0)
        return ginet__fail(GINET_EINVAL, "%s must be the first option",
                           d->name);
    ginet_opt copy = *opt;
    if (d->type != GINET__T_SOCKADDR && d->type != GINET__T_MCAST_IF)
        copy.val.addr_kind = GINET_OPTADDR_IP;
    return ginet__optlist_append(list, &copy, 1);
}

GINET_API int ginet_optlist_add_int(ginet_optlist *list, ginet_option id,
                                    int64_t value)
{
    const ginet__optdesc *d = ginet__option_desc(id);
    if (list == NULL || d == NULL)
        return GINET_EINVAL;
    switch (d->type) {
    case GINET__T_BOOL: case GINET__T_INT: case GINET__T_UINT:
    case GINET__T_TIME: case GINET__T_MODE: case GINET__T_DELIVER:
    case GINET__T_PACKET: case GINET__T_PORT: case GINET__T_FD:
    case GINET__T_BACKLOG: case GINET__T_FAMILY:
        break;
    default:
        return ginet__fail(GINET_EINVAL, "%s does not take an integer",
                           d->name);
    }
    ginet_opt o;
    memset(&o, 0, sizeof o);
    o.id = id;
    o.val.i = value;
    return ginet_optlist_add(list, &o);
}

GINET_API int ginet_optlist_add_active(ginet_optlist *list,
                                       ginet_active_kind kind, int32_t n)
{
    ginet_opt o;
    memset(&o, 0, sizeof o);
    o.id = GINET_OPT_ACTIVE;
    o.val.active.kind = kind;
    o.val.active.n = kind == GINET_ACTIVE_N ? n : 0;
    return ginet_optlist_add(list, &o);
}
