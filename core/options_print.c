/*
 * core/options_print.c — typed options as the terms OTP's inet:getopts/2
 * returns: {packet,0} for raw, {send_timeout,infinity}, {mode,binary},
 * {netns,"/path"} (a string when the bytes are UTF-8, else a binary), ...
 * Options getopts cannot read print as they are written in an option
 * list, so that every printed option reads back to itself.
 */
#include "core/options_internal.h"
#include "core/term_internal.h"

#include <string.h>

static ginet_term *ip_term(ginet_term_arena *a, const ginet_ip_address *ip)
{
    int64_t e[8];
    int n = ginet_ip_address_to_tuple(ip, e);
    if (n < 0)
        return NULL;
    ginet_term *t = ginet_term_tuple_new(a, (size_t)n);
    if (t == NULL)
        return NULL;
    for (int i = 0; i < n; i++)
        if ((t->u.seq.items[i] = ginet_term_int(a, e[i])) == NULL)
            return NULL;
    return t;
}

static ginet_term *bool_term(ginet_term_arena *a, int64_t v)
{
    return ginet_term_atomz(a, v ? "true" : "false");
}

/* A string (list of code points) when the bytes are valid UTF-8, else a
 * binary: what OTP's getopts gives for netns. */
static ginet_term *filename_term(ginet_term_arena *a, const char *p,
                                 size_t len)
{
    size_t count = 0, i = 0;
    uint32_t cp;
    while (i < len) {
        size_t n = ginet__utf8_decode((const unsigned char *)p + i, len - i,
                                      &cp);
        if (n == 0)
            return ginet_term_binary(a, p, len);
        i += n;
        count++;
    }
    ginet_term *t = ginet_term_list_new(a, count);
    if (t == NULL)
        return NULL;
    for (i = 0, count = 0; i < len; count++) {
        i += ginet__utf8_decode((const unsigned char *)p + i, len - i, &cp);
        if ((t->u.seq.items[count] = ginet_term_int(a, cp)) == NULL)
            return NULL;
    }
    return t;
}

static ginet_term *packet_term(ginet_term_arena *a, int64_t type)
{
    switch (type) {
    case GINET_PACKET_RAW: return ginet_term_int(a, 0);
    case GINET_PACKET_1:   return ginet_term_int(a, 1);
    case GINET_PACKET_2:   return ginet_term_int(a, 2);
    case GINET_PACKET_4:   return ginet_term_int(a, 4);
    default:
        return ginet_term_atomz(a, ginet_packet_type_name((ginet_packet_type)type));
    }
}

static ginet_term *active_term(ginet_term_arena *a, const ginet_active *v)
{
    switch (v->kind) {
    case GINET_ACTIVE_TRUE:  return ginet_term_atomz(a, "true");
    case GINET_ACTIVE_FALSE: return ginet_term_atomz(a, "false");
    case GINET_ACTIVE_ONCE:  return ginet_term_atomz(a, "once");
    case GINET_ACTIVE_N:     return ginet_term_int(a, v->n);
    }
    return NULL;
}

static ginet_term *membership_term(ginet_term_arena *a, const ginet_optval *v)
{
    ginet_term *g = ip_term(a, &v->membership.group);
    if (v->membership.group.family == GINET_AF_INET6)
        return ginet_term_tuple(a, 2, g,
                                ginet_term_int(a, v->membership.ifindex));
    ginet_ip_address any;
    const ginet_ip_address *iface = &v->membership.iface;
    if (iface->family != GINET_AF_INET) {       /* unset: any */
        memset(&any, 0, sizeof any);
        any.family = GINET_AF_INET;
        iface = &any;
    }
    ginet_term *i = ip_term(a, iface);
    if (v->membership.ifindex == 0)
        return ginet_term_tuple(a, 2, g, i);
    return ginet_term_tuple(a, 3, g, i,
                            ginet_term_int(a, v->membership.ifindex));
}

static ginet_term *sockaddr_term(ginet_term_arena *a, const ginet_optval *v)
{
    switch (v->addr_kind) {
    case GINET_OPTADDR_IP:       return ip_term(a, &v->addr);
    case GINET_OPTADDR_ANY:      return ginet_term_atomz(a, "any");
    case GINET_OPTADDR_LOOPBACK: return ginet_term_atomz(a, "loopback");
    case GINET_OPTADDR_LOCAL:
        return ginet_term_tuple(a, 2, ginet_term_atomz(a, "local"),
                                ginet_term_binary(a, v->str.ptr, v->str.len));
    case GINET_OPTADDR_IFINDEX:  return ginet_term_int(a, v->i);
    }
    return NULL;
}

static ginet_term *family_term(ginet_term_arena *a, int64_t f)
{
    return ginet_term_atomz(a, f == GINET_AF_INET6 ? "inet6"
                               : f == GINET_AF_LOCAL ? "local" : "inet");
}

GINET_API ginet_term *ginet_opt_term(ginet_term_arena *a, const ginet_opt *opt)
{
    if (a == NULL || opt == NULL || ginet__opt_check(opt, NULL, 0) != 0)
        return NULL;
    const ginet__optdesc *d = ginet__option_desc(opt->id);
    const ginet_optval *v = &opt->val;
    ginet_term *val = NULL;

    switch (d->type) {
    case GINET__T_FAMILY:
        return family_term(a, v->i);
    case GINET__T_RAW:
        return ginet_term_tuple(a, 4, ginet_term_atomz(a, "raw"),
                                ginet_term_int(a, v->raw.level),
                                ginet_term_int(a, v->raw.name),
                                ginet_term_binary(a, v->raw.data, v->raw.len));
    case GINET__T_BOOL:
        val = bool_term(a, v->i);
        break;
    case GINET__T_INT: case GINET__T_UINT: case GINET__T_PORT:
    case GINET__T_FD: case GINET__T_BACKLOG:
        val = ginet_term_int(a, v->i);
        break;
    case GINET__T_TIME:
        val = v->i == GINET_INFINITY ? ginet_term_atomz(a, "infinity")
                                     : ginet_term_int(a, v->i);
        break;
    case GINET__T_ACTIVE:
        val = active_term(a, &v->active);
        break;
    case GINET__T_MODE:
        val = ginet_term_atomz(a, v->i == GINET_MODE_LIST ? "list" : "binary");
        break;
    case GINET__T_DELIVER:
        val = ginet_term_atomz(a, v->i == GINET_DELIVER_PORT ? "port" : "term");
        break;
    case GINET__T_PACKET:
        val = packet_term(a, v->i);
        break;
    case GINET__T_LINGER:
        val = ginet_term_tuple(a, 2, bool_term(a, v->linger.on),
                               ginet_term_int(a, v->linger.seconds));
        break;
    case GINET__T_MEMBERSHIP:
        val = membership_term(a, v);
        break;
    case GINET__T_MCAST_IF:
    case GINET__T_SOCKADDR:
        val = sockaddr_term(a, v);
        break;
    case GINET__T_BINARY:
        val = ginet_term_binary(a, v->str.ptr, v->str.len);
        break;
    case GINET__T_FILENAME:
        val = filename_term(a, v->str.ptr, v->str.len);
        break;
    case GINET__T_ATOM:
        val = ginet_term_atom(a, v->str.len ? v->str.ptr : "", v->str.len);
        break;
    }
    return ginet_term_tuple(a, 2, ginet_term_atomz(a, d->name), val);
}

GINET_API ginet_term *ginet_optlist_term(ginet_term_arena *a,
                                         const ginet_optlist *list)
{
    if (a == NULL || list == NULL)
        return NULL;
    ginet_term *t = ginet_term_list_new(a, list->count);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < list->count; i++)
        if ((t->u.seq.items[i] = ginet_opt_term(a, &list->items[i])) == NULL)
            return NULL;
    return t;
}
