/*
 * core/stats.c — inet:getstat/1,2: the statistics of a socket, their
 * names, and the text form of getstat/2.  The counters themselves are
 * kept by the I/O paths (ginet__count_input/output, socket_internal.h);
 * how OTP reports them is ginet__stats_report() (core/registry.c).
 */
#include "core/inspect_internal.h"

#include "core/last_error.h"

#include <ginet/term.h>

#include <stdlib.h>
#include <string.h>

static const char *const names[GINET_STAT_COUNT_] = {
    [GINET_STAT_RECV_OCT] = "recv_oct",
    [GINET_STAT_RECV_CNT] = "recv_cnt",
    [GINET_STAT_RECV_MAX] = "recv_max",
    [GINET_STAT_RECV_AVG] = "recv_avg",
    [GINET_STAT_RECV_DVI] = "recv_dvi",
    [GINET_STAT_SEND_OCT] = "send_oct",
    [GINET_STAT_SEND_CNT] = "send_cnt",
    [GINET_STAT_SEND_MAX] = "send_max",
    [GINET_STAT_SEND_AVG] = "send_avg",
    [GINET_STAT_SEND_PEND] = "send_pend",
};

GINET_API const char *ginet_stat_name(ginet_stat_option opt)
{
    if ((int)opt <= 0 || (int)opt >= GINET_STAT_COUNT_)
        return NULL;
    return names[opt];
}

GINET_API ginet_stat_option ginet_stat_from_name(const char *name, size_t len)
{
    if (name == NULL)
        return (ginet_stat_option)0;
    for (int i = 1; i < GINET_STAT_COUNT_; i++)
        if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
            return (ginet_stat_option)i;
    return (ginet_stat_option)0;
}

GINET_API int ginet_getstat(ginet_socket *s, ginet_stats *out)
{
    if (s == NULL || out == NULL)
        return GINET_EINVAL;
    ginet__lock(&s->lock);
    int rc = GINET_ECLOSED;
    if (!ginet__socket_gone(s)) {
        ginet__stats_report(&s->st, s->outq_bytes, out);
        rc = 0;
    }
    ginet__unlock(&s->lock);
    return rc;
}

/* The statistics WHICH asks for, in its order, into IDS (room for the
 * list's length).  0 or GINET_EINVAL with the reason recorded. */
static int read_names(const ginet_term *which, ginet_stat_option *ids)
{
    if (which->kind != GINET_TERM_LIST)
        return ginet__fail(GINET_EINVAL, "getstat: a list of stat options, "
                           "e.g. [recv_cnt,send_oct]");
    for (size_t i = 0; i < which->u.seq.count; i++) {
        const ginet_term *t = which->u.seq.items[i];
        ginet_stat_option o = (ginet_stat_option)0;
        if (t->kind == GINET_TERM_ATOM)
            o = ginet_stat_from_name(t->u.atom.name, t->u.atom.len);
        if (o == 0)
            return ginet__fail(GINET_EINVAL, "getstat, column %u: not a stat option "
                               "(recv_oct, recv_cnt, recv_max, recv_avg, recv_dvi, "
                               "send_oct, send_cnt, send_max, send_avg, send_pend)",
                               (unsigned)t->column);
        ids[i] = o;
    }
    return 0;
}

/* [{Name,Value},...] for IDS. */
static ginet_term *result_term(ginet_term_arena *a, const ginet_stats *st,
                               const ginet_stat_option *ids, size_t n)
{
    ginet_term *list = ginet_term_list_new(a, n);
    if (list == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        ginet_term *pair = ginet_term_tuple(a, 2, ginet_term_atomz(a, names[ids[i]]),
                                            ginet_term_int(a, (int64_t)st->v[ids[i]]));
        if (pair == NULL)
            return NULL;
        list->u.seq.items[i] = pair;
    }
    return list;
}

GINET_API int ginet_getstat_text(ginet_socket *s, const char *which, char **out)
{
    if (out != NULL)
        *out = NULL;
    if (s == NULL || out == NULL)
        return GINET_EINVAL;
    ginet__clear_error();
    ginet_term_arena *a = ginet_term_arena_new();
    if (a == NULL)
        return GINET_ENOMEM;
    ginet_stat_option all[GINET_STAT_COUNT_ - 1];
    ginet_stat_option *ids = all;
    size_t n = GINET_STAT_COUNT_ - 1;
    int rc = 0;
    if (which == NULL) {
        for (size_t i = 0; i < n; i++)
            all[i] = (ginet_stat_option)(i + 1);
    } else {
        ginet_term *req;
        ginet_term_error err;
        rc = ginet_term_parse(a, which, strlen(which), &req, &err);
        if (rc != 0) {
            rc = ginet__fail(rc, "getstat, line %u, column %u: %s", (unsigned)err.line,
                             (unsigned)err.column, err.message);
            goto done;
        }
        n = req->kind == GINET_TERM_LIST ? req->u.seq.count : 0;
        ids = malloc((n ? n : 1) * sizeof *ids);
        if (ids == NULL) {
            rc = GINET_ENOMEM;
            goto done;
        }
        rc = read_names(req, ids);
        if (rc != 0)
            goto done;
    }
    ginet_stats st;
    rc = ginet_getstat(s, &st);
    if (rc == 0) {
        ginet_term *t = result_term(a, &st, ids, n);
        *out = t != NULL ? ginet_term_to_string(t) : NULL;
        if (*out == NULL)
            rc = GINET_ENOMEM;
    }
done:
    if (ids != all)
        free(ids);
    ginet_term_arena_free(a);
    return rc;
}
