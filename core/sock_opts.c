/*
 * core/sock_opts.c — options on sockets: reading the creation-time
 * options, applying a list in OTP's order (frontend options to the option
 * state and the framer, OS options through the backend's option table),
 * inet:setopts/2 and inet:getopts/2.
 */
#include "core/socket_internal.h"

#include "core/last_error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ginet__optlist_from_text(const char *text, ginet_optlist **out)
{
    ginet_optlist *l = ginet_optlist_new();
    if (l == NULL)
        return ginet__fail(GINET_ENOMEM, "out of memory reading options");
    if (text != NULL) {
        ginet_term_error err;
        int rc = ginet_optlist_parse(l, text, strlen(text), &err);
        if (rc != 0) {
            ginet_optlist_free(l);
            if (rc == GINET_EINVAL)
                return ginet__fail(rc, "options, line %u, column %u: %s",
                                   (unsigned)err.line, (unsigned)err.column, err.message);
            return ginet__fail(rc, "out of memory reading options");
        }
    }
    *out = l;
    return 0;
}

/* A socket address for an ip/ifaddr option value in FAMILY. */
static int optaddr(const ginet_opt *o, ginet_family family, ginet_sockaddr *a)
{
    memset(a, 0, sizeof *a);
    switch (o->val.addr_kind) {
    case GINET_OPTADDR_IP:
        a->family = o->val.addr.family;
        a->u.ip = o->val.addr;
        return 0;
    case GINET_OPTADDR_ANY:
    case GINET_OPTADDR_LOOPBACK:
        a->family = family == GINET_AF_INET6 ? GINET_AF_INET6 : GINET_AF_INET;
        a->u.ip.family = a->family;
        if (o->val.addr_kind == GINET_OPTADDR_LOOPBACK) {
            if (a->family == GINET_AF_INET6)
                a->u.ip.u.v6[7] = 1;
            else
                a->u.ip.u.v4[0] = 127, a->u.ip.u.v4[3] = 1;
        }
        return 0;
    case GINET_OPTADDR_LOCAL:                /* too long: einval, as OTP */
        a->family = GINET_AF_LOCAL;
        return ginet_local_address_set(&a->u.local, o->val.str.ptr, o->val.str.len) == 0
               ? 0 : GINET_EINVAL;
    default:
        return GINET_EINVAL;
    }
}

int ginet__create_opts_read(const ginet_optlist *opts, ginet__create_opts *co)
{
    memset(co, 0, sizeof *co);
    co->family = GINET_AF_UNSPEC;
    co->fd = -1;
    co->port = -1;
    co->backlog = 5;                          /* OTP's default */
    if (opts == NULL)
        return 0;
    int rc = ginet__optlist_family(opts, GINET_AF_UNSPEC, &co->family);
    if (rc != 0)
        return rc;
    const ginet_opt *o;
    if ((o = ginet_optlist_find(opts, GINET_OPT_INET_BACKEND)) != NULL)
        co->backend = o->val.str.ptr;
    if ((o = ginet_optlist_find(opts, GINET_OPT_FD)) != NULL && o->val.i >= 0)
        co->fd = (intptr_t)o->val.i;
    if ((o = ginet_optlist_find(opts, GINET_OPT_PORT)) != NULL)
        co->port = (int)o->val.i;
    if ((o = ginet_optlist_find(opts, GINET_OPT_BACKLOG)) != NULL)
        co->backlog = (int)ginet__opt_int32(o->val.i);
    if ((o = ginet_optlist_find(opts, GINET_OPT_NETNS)) != NULL)
        co->netns = o->val.str.ptr;
    if ((o = ginet_optlist_find(opts, GINET_OPT_BIND_TO_DEVICE)) != NULL)
        co->bind_to_device = o->val.str.ptr;
    /* ip and ifaddr are the same option: the last of either wins. */
    const ginet_opt *ip = NULL;
    for (size_t i = 0; i < ginet_optlist_count(opts); i++) {
        const ginet_opt *x = ginet_optlist_get(opts, i);
        if (x->id == GINET_OPT_IP || x->id == GINET_OPT_IFADDR)
            ip = x;
    }
    if (ip != NULL) {
        rc = optaddr(ip, co->family, &co->ip);
        if (rc != 0)
            return ginet__fail(rc, "{ip,_}: bad address");
        co->have_ip = 1;
    }
    return 0;
}

/* "{name,...}" for messages. */
static void opt_text(const ginet_opt *o, char *buf, size_t cap)
{
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t = a ? ginet_opt_term(a, o) : NULL;
    if (t == NULL || ginet_term_format(t, buf, cap) < 0)
        snprintf(buf, cap, "%s", ginet_option_name(o->id) ? ginet_option_name(o->id) : "?");
    ginet_term_arena_free(a);
}

static const ginet_bk_option_row *bk_row(const ginet_backend *bk, ginet_bk_opt id)
{
    for (const ginet_bk_option_row *r = bk->options; r != NULL && r->opt != 0; r++)
        if (r->opt == id)
            return r;
    return NULL;
}

static const char *kind_name(const ginet_socket *s)
{
    switch (ginet__socket_optkind(s)) {
    case GINET__OPTK_TCP_LISTEN: return "listening TCP sockets";
    case GINET__OPTK_UDP: return "UDP sockets";
    case GINET__OPTK_LOCAL_STREAM: return "local stream sockets";
    case GINET__OPTK_LOCAL_DGRAM: return "local datagram sockets";
    default: return "TCP sockets";
    }
}

/* A local-family socket and an OS option that does not act on it (the
 * table's kinds): OTP ignores some (nodelay) and refuses the others on
 * setopts, and getopts leaves them out. */
static int is_local_without(const ginet_socket *s, const ginet__optdesc *d)
{
    unsigned kind = ginet__socket_optkind(s);
    return (kind & (GINET__OPTK_LOCAL_STREAM | GINET__OPTK_LOCAL_DGRAM)) != 0
           && (d->kinds & kind) == 0;
}

/* Apply one backend option. */
static int apply_backend(ginet_socket *s, const ginet_opt *o, const ginet__optdesc *d)
{
    char text[160];
    if (d->flags & GINET__OPTF_IPV6 && s->family != GINET_AF_INET6) {
        opt_text(o, text, sizeof text);
        return ginet__fail(GINET_EINVAL, "%s: only for inet6 sockets", text);
    }
    if (is_local_without(s, d)) {            /* OTP: ignored (nodelay) or einval (tos) */
        if (d->flags & GINET__OPTF_LOCAL_IGNORED)
            return 0;
        opt_text(o, text, sizeof text);
        return ginet__fail(GINET_EINVAL, "%s: not for %s", text, kind_name(s));
    }
    ginet_bk_opt id;
    ginet_bk_optval val;
    int rc = ginet__opt_to_bk(o, &id, &val);
    if (rc != 0)
        return rc;
    const ginet_bk_option_row *row = bk_row(s->bk, id);
    if (row == NULL || row->support == GINET_BK_UNSUPPORTED) {
        opt_text(o, text, sizeof text);
        return ginet__fail(GINET_EINVAL, "%s: not supported by backend '%s' (%s)", text,
                           s->bk->name, row && row->why ? row->why : "no row in its option table");
    }
    if (row->support == GINET_BK_IGNORED)
        return 0;
    rc = s->bk->setopt(s->bks, id, &val);
    if (rc == GINET_ENODEV && id == GINET_BKOPT_BIND_TO_DEVICE)
        rc = GINET_EINVAL;                   /* OTP: an unknown device is einval */
    if (rc != 0) {
        opt_text(o, text, sizeof text);
        return ginet__fail(rc, "%s on %s (backend '%s'): %s", text, kind_name(s), s->bk->name,
                           ginet_format_error(rc));
    }
    if (o->id == GINET_OPT_LINGER) {
        s->linger_on = o->val.linger.on;
        s->linger_secs = (int)ginet__opt_int32(o->val.linger.seconds);
    }
    return 0;
}

int ginet__apply_options(ginet_socket *s, const ginet_optlist *opts, int creating)
{
    size_t n = opts ? ginet_optlist_count(opts) : 0;
    if (n == 0)
        return 0;
    size_t stack_idx[32];
    size_t *idx = n <= 32 ? stack_idx : malloc(n * sizeof *idx);
    if (idx == NULL)
        return ginet__fail(GINET_ENOMEM, "out of memory applying options");
    size_t count = ginet__optlist_plan(opts, creating, idx);
    unsigned kind = ginet__socket_optkind(s);
    int rc = 0, framing = 0;
    char text[160];
    for (size_t k = 0; k < count && rc == 0; k++) {
        const ginet_opt *o = ginet_optlist_get(opts, idx[k]);
        const ginet__optdesc *d = ginet__option_desc(o->id);
        if (d == NULL) {
            rc = ginet__fail(GINET_EINVAL, "unknown option id %d", (int)o->id);
            break;
        }
        if (d->place == GINET__AT_OPEN) {
            if (!creating) {
                opt_text(o, text, sizeof text);
                rc = ginet__fail(GINET_EINVAL, "%s: only when the socket is created", text);
            }
            continue;
        }
        if (!creating && (d->flags & GINET__OPTF_CREATE_ONLY)) {
            opt_text(o, text, sizeof text);
            rc = ginet__fail(GINET_EINVAL, "%s: only when the socket is created", text);
            break;
        }
        if (d->place == GINET__AT_FRONTEND || o->id == GINET_OPT_RECBUF) {
            int r = ginet__optstate_apply(&s->o, kind, o);
            if (r < 0) {
                rc = r;
                break;
            }
            if ((r & GINET__APPLY_WENT_PASSIVE) && !creating)
                ginet__active_went_passive(s);
            framing = 1;
        }
        /* OTP: once exit_on_close closed the connection, OS options are
         * accepted and ignored (getopts leaves them out). */
        if (d->place == GINET__AT_BACKEND && !(s->flags & GINET__F_EXITED))
            rc = apply_backend(s, o, d);
    }
    if (idx != stack_idx)
        free(idx);
    if (framing && s->framer != NULL) {
        ginet_packet_options po;
        ginet__framer_options(s, &po);
        int r = ginet_framer_set_type(s->framer, s->o.packet, &po);
        if (r != 0 && rc == 0)
            rc = ginet__fail(r, "cannot frame packets with these options");
    }
    return rc;
}

GINET_API int ginet_setopts_list(ginet_socket *s, const ginet_optlist *opts)
{
    if (s == NULL)
        return GINET_EINVAL;
    ginet__clear_error();
    ginet__lock(&s->lock);
    int was = s->o.active;
    int rc = s->state == GINET__ST_CLOSED ? GINET_ECLOSED : ginet__apply_options(s, opts, 0);
    /* Reading stopped by emsgsize (exit_on_close false) starts again when
     * an active option changes the mode or asks for once / N more (OTP:
     * {active,true} on a socket already {active,true} does not). */
    if (rc == 0 && (s->flags & GINET__F_READ_HALTED) && s->o.active != GINET_ACTIVE_FALSE
        && ginet_optlist_find(opts, GINET_OPT_ACTIVE) != NULL
        && (s->o.active != GINET_ACTIVE_TRUE || was != GINET_ACTIVE_TRUE))
        s->flags &= ~GINET__F_READ_HALTED;
    if (s->o.active != GINET_ACTIVE_FALSE && s->owner == NULL) {
        s->o.active = GINET_ACTIVE_FALSE;    /* nobody to deliver to */
        if (rc == 0)
            rc = ginet__fail(GINET_EINVAL, "active mode needs an owner "
                             "(ginet_controlling_process)");
    }
    if (s->state == GINET__ST_CONNECTED || s->kind == GINET__KIND_UDP)
        ginet__active_kick(s);               /* start (or go on) delivering */
    ginet__unlock(&s->lock);
    return rc;
}

GINET_API int ginet_setopts(ginet_socket *s, const char *text)
{
    if (s == NULL)
        return GINET_EINVAL;
    ginet_optlist *l;
    int rc = ginet__optlist_from_text(text, &l);
    if (rc != 0)
        return rc;
    rc = ginet_setopts_list(s, l);
    ginet_optlist_free(l);
    return rc;
}

/* Read one backend option back into a typed option (lock held).  A
 * binary (bind_to_device) is copied to IFNAME, which OUT then points at. */
static int get_backend(ginet_socket *s, const ginet__optdesc *d, ginet_opt *out,
                       char ifname[GINET_BK_IFNAME_MAX])
{
    const ginet_bk_option_row *row = bk_row(s->bk, d->bk);
    if (row == NULL || row->support == GINET_BK_UNSUPPORTED)
        return ginet__fail(GINET_EINVAL, "%s: not supported by backend '%s'", d->name,
                           s->bk->name);
    ginet_bk_optval val;
    memset(&val, 0, sizeof val);
    if (d->type == GINET__T_RAW) {
        val.raw.level = out->val.raw.level;
        val.raw.name = out->val.raw.name;
        val.raw.data = (void *)(uintptr_t)out->val.raw.data;
        val.raw.len = out->val.raw.len;
    }
    int rc = s->bk->getopt(s->bks, d->bk, &val);
    if (rc != 0)
        return rc;
    switch (d->type) {
    case GINET__T_LINGER:
        out->val.linger.on = val.linger.on;
        out->val.linger.seconds = val.linger.seconds;
        break;
    case GINET__T_MCAST_IF:
        out->val.addr = val.addr.u.ip;
        out->val.addr_kind = GINET_OPTADDR_IP;
        break;
    case GINET__T_BINARY:
        memcpy(ifname, val.ifname, GINET_BK_IFNAME_MAX);
        ifname[GINET_BK_IFNAME_MAX - 1] = '\0';
        out->val.str.ptr = ifname;
        out->val.str.len = strlen(ifname);
        break;
    case GINET__T_RAW:
        out->val.raw.len = val.raw.len;
        break;
    default:
        out->val.i = val.i;
        break;
    }
    return 0;
}

GINET_API int ginet_getopts(ginet_socket *s, const ginet_option *ids, size_t count,
                            ginet_optlist *out)
{
    if (s == NULL || out == NULL || (ids == NULL && count > 0))
        return GINET_EINVAL;
    ginet__clear_error();
    ginet__lock(&s->lock);
    int rc = 0;
    if (s->state == GINET__ST_CLOSED)
        rc = GINET_ECLOSED;
    unsigned kind = ginet__socket_optkind(s);
    for (size_t i = 0; i < count && rc == 0; i++) {
        const ginet__optdesc *d = ginet__option_desc(ids[i]);
        if (d == NULL || !(d->flags & GINET__OPTF_READABLE)) {
            rc = ginet__fail(GINET_EINVAL, "%s cannot be read",
                             d ? d->name : "unknown option");
            break;
        }
        ginet_opt o;
        char ifname[GINET_BK_IFNAME_MAX];
        memset(&o, 0, sizeof o);
        o.id = ids[i];
        if (d->place == GINET__AT_FRONTEND) {
            int r = ginet__optstate_get(&s->o, kind, ids[i], &o);
            if (r == GINET__GET_OMIT)
                continue;
            if (r != 0) {
                rc = ginet__fail(GINET_EINVAL, "%s cannot be read here", d->name);
                break;
            }
        } else if (d->place == GINET__AT_BACKEND && d->type != GINET__T_RAW) {
            if (s->flags & GINET__F_EXITED)
                continue;                     /* the connection is gone: left out, as OTP */
            if (is_local_without(s, d))
                continue;                     /* nodelay, tos on a local socket: left out */
            rc = get_backend(s, d, &o, ifname);
            if (rc != 0)
                break;
        } else {
            rc = ginet__fail(GINET_EINVAL, "%s cannot be read", d->name);
            break;
        }
        rc = ginet__optlist_append(out, &o, 1);
    }
    ginet__unlock(&s->lock);
    return rc;
}

GINET_API int ginet_getopts_text(ginet_socket *s, const char *names, char **out)
{
    if (s == NULL || names == NULL || out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    ginet__clear_error();
    ginet_term_arena *arena = ginet_term_arena_new();
    ginet_optlist *res = ginet_optlist_new();
    if (arena == NULL || res == NULL) {
        ginet_term_arena_free(arena);
        ginet_optlist_free(res);
        return GINET_ENOMEM;
    }
    ginet_term *req;
    ginet_term_error err;
    int rc = ginet_term_parse(arena, names, strlen(names), &req, &err);
    if (rc != 0) {
        rc = ginet__fail(rc, "getopts, column %u: %s", (unsigned)err.column, err.message);
        goto done;
    }
    if (req->kind != GINET_TERM_LIST) {
        rc = ginet__fail(GINET_EINVAL, "getopts: a list of option names");
        goto done;
    }
    for (size_t i = 0; i < req->u.seq.count && rc == 0; i++) {
        ginet_opt o;
        rc = ginet__getopt_request_from_term(req->u.seq.items[i], &o, &err);
        if (rc != 0) {
            rc = ginet__fail(rc, "getopts: %s", err.message);
            break;
        }
        if (o.id == GINET_OPT_RAW) {
            /* {raw, Level, Name, Size}: read Size bytes of the kernel's value. */
            uint8_t buf[256];
            size_t want = o.val.raw.data ? o.val.raw.len : o.val.raw.len;
            if (want > sizeof buf)
                want = sizeof buf;
            ginet_bk_optval val;
            memset(&val, 0, sizeof val);
            val.raw.level = o.val.raw.level;
            val.raw.name = o.val.raw.name;
            val.raw.data = buf;
            val.raw.len = want;
            ginet__lock(&s->lock);
            int gone = s->state != GINET__ST_CLOSED && (s->flags & GINET__F_EXITED);
            rc = s->state == GINET__ST_CLOSED ? GINET_ECLOSED
                 : gone ? 0                  /* left out, as the other OS options */
                        : s->bk->getopt(s->bks, GINET_BKOPT_RAW, &val);
            ginet__unlock(&s->lock);
            if (rc != 0)
                break;
            if (gone)
                continue;
            o.val.raw.data = buf;
            o.val.raw.len = val.raw.len;
            rc = ginet__optlist_append(res, &o, 1);
        } else {
            rc = ginet_getopts(s, &o.id, 1, res);
        }
    }
    if (rc == 0) {
        ginet_term *t = ginet_optlist_term(arena, res);
        *out = t ? ginet_term_to_string(t) : NULL;
        if (*out == NULL)
            rc = GINET_ENOMEM;
    }
done:
    ginet_optlist_free(res);
    ginet_term_arena_free(arena);
    return rc;
}
