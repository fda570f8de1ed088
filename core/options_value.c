/*
 * core/options_value.c — option values: reading one from a term with
 * exactly the checks OTP makes (prim_inet's value types and inet.erl's
 * creation-time cases), and checking a typed value the same way.
 *
 * Each failure says what the value must be, in words an OTP user knows
 * ("send_timeout must be infinity or an integer >= 0"); ginet__opt_error()
 * puts the option's text in front of it.
 */
#include "core/options_internal.h"
#include "core/term_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int why_(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int why_(char *why, size_t whylen, const char *fmt, ...)
{
    if (why != NULL && whylen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, whylen, fmt, ap);
        va_end(ap);
    }
    return GINET_EINVAL;
}

int32_t ginet__opt_int32(int64_t v)
{
    uint32_t u = (uint32_t)((uint64_t)v & 0xFFFFFFFFu);
    /* Two's complement without implementation-defined conversion. */
    return u <= INT32_MAX ? (int32_t)u : (int32_t)(u - 0x80000000u) + INT32_MIN;
}

static int is_int(const ginet_term *t)
{
    return t != NULL && t->kind == GINET_TERM_INTEGER;
}

/* {A,B,C,D} or {A,...,H} with elements in range. */
static int ip_from_term(const ginet_term *t, ginet_ip_address *out)
{
    int64_t e[8];
    if (t == NULL || t->kind != GINET_TERM_TUPLE
        || (t->u.seq.count != 4 && t->u.seq.count != 8))
        return GINET_EINVAL;
    for (size_t i = 0; i < t->u.seq.count; i++) {
        if (!is_int(t->u.seq.items[i]))
            return GINET_EINVAL;
        e[i] = t->u.seq.items[i]->u.integer;
    }
    return ginet_ip_address_from_tuple(e, t->u.seq.count, out);
}

/* A list of Unicode code points as UTF-8 in SCRATCH (OTP's
 * unicode:characters_to_binary/1 of a flat list), or a binary as is.
 * Returns 0, GINET_EINVAL, GINET_ENOMEM. */
static int chars_from_term(const ginet_term *t, ginet__arena *scratch,
                           const char **ptr, size_t *len)
{
    if (t->kind == GINET_TERM_BINARY) {
        *ptr = (const char *)t->u.binary.data;
        *len = t->u.binary.len;
        return 0;
    }
    if (t->kind != GINET_TERM_LIST)
        return GINET_EINVAL;
    size_t n = t->u.seq.count, need = 0;
    for (size_t i = 0; i < n; i++) {
        const ginet_term *c = t->u.seq.items[i];
        if (!is_int(c) || c->u.integer < 0 || c->u.integer > 0x10FFFF
            || (c->u.integer >= 0xD800 && c->u.integer <= 0xDFFF))
            return GINET_EINVAL;
        need += c->u.integer < 0x80 ? 1 : c->u.integer < 0x800 ? 2
              : c->u.integer < 0x10000 ? 3 : 4;
    }
    char *buf = ginet__arena_alloc_aligned(scratch, need + 1, 1);
    if (buf == NULL)
        return GINET_ENOMEM;
    size_t at = 0;
    for (size_t i = 0; i < n; i++)
        at += ginet__utf8_encode((uint32_t)t->u.seq.items[i]->u.integer,
                                 (unsigned char *)buf + at);
    buf[at] = '\0';
    *ptr = buf;
    *len = at;
    return 0;
}

static int read_bool(const ginet_term *v, int64_t *out)
{
    if (ginet_term_is_atom(v, "true"))
        *out = 1;
    else if (ginet_term_is_atom(v, "false"))
        *out = 0;
    else
        return GINET_EINVAL;
    return 0;
}

static int read_active(const ginet_term *v, ginet_active *a)
{
    a->n = 0;
    if (ginet_term_is_atom(v, "true"))
        a->kind = GINET_ACTIVE_TRUE;
    else if (ginet_term_is_atom(v, "false"))
        a->kind = GINET_ACTIVE_FALSE;
    else if (ginet_term_is_atom(v, "once"))
        a->kind = GINET_ACTIVE_ONCE;
    else if (is_int(v) && v->u.integer >= -32768 && v->u.integer <= 32767) {
        a->kind = GINET_ACTIVE_N;
        a->n = (int32_t)v->u.integer;
    } else
        return GINET_EINVAL;
    return 0;
}

static int read_packet(const ginet_term *v, int64_t *out)
{
    ginet_packet_type t;
    if (is_int(v)) {
        if (ginet_packet_type_from_int(v->u.integer, &t) != 0)
            return GINET_EINVAL;
    } else if (v->kind == GINET_TERM_ATOM) {
        /* '4' (a quoted atom) is no packet type: only names that start
         * with a letter are atoms of the enumeration. */
        char c = v->u.atom.name[0];
        if (!(c >= 'a' && c <= 'z')
            || ginet_packet_type_from_name(v->u.atom.name, v->u.atom.len, &t)
               != 0)
            return GINET_EINVAL;
    } else
        return GINET_EINVAL;
    *out = (int64_t)t;
    return 0;
}

static int read_membership(const ginet_term *v, ginet_optval *val)
{
    if (v->kind != GINET_TERM_TUPLE)
        return GINET_EINVAL;
    size_t n = v->u.seq.count;
    if (n != 2 && n != 3)
        return GINET_EINVAL;
    ginet_term **e = v->u.seq.items;
    if (ip_from_term(e[0], &val->membership.group) != 0)
        return GINET_EINVAL;
    if (val->membership.group.family == GINET_AF_INET6) {
        /* {MultiAddr6, IfIndex} */
        if (n != 2 || !is_int(e[1]))
            return GINET_EINVAL;
        val->membership.ifindex = (uint32_t)ginet__opt_int32(e[1]->u.integer);
        return 0;
    }
    /* {MultiAddr, InterfaceAddr | any [, IfIndex]} */
    if (ginet_term_is_atom(e[1], "any")) {
        val->membership.iface.family = GINET_AF_INET;
    } else if (ip_from_term(e[1], &val->membership.iface) != 0
               || val->membership.iface.family != GINET_AF_INET) {
        return GINET_EINVAL;
    }
    if (n == 3) {
        if (!is_int(e[2]))
            return GINET_EINVAL;
        val->membership.ifindex = (uint32_t)ginet__opt_int32(e[2]->u.integer);
    }
    return 0;
}

static int read_raw(const ginet_term *v, ginet_optval *val)
{
    /* {raw, Level, Name, Bin} or {raw, {Level, Name, Bin}} */
    const ginet_term *const *e;
    if (v->kind != GINET_TERM_TUPLE)
        return GINET_EINVAL;
    if (v->u.seq.count == 4)
        e = (const ginet_term *const *)v->u.seq.items + 1;
    else if (v->u.seq.count == 2 && v->u.seq.items[1]->kind == GINET_TERM_TUPLE
             && v->u.seq.items[1]->u.seq.count == 3)
        e = (const ginet_term *const *)v->u.seq.items[1]->u.seq.items;
    else
        return GINET_EINVAL;
    if (!is_int(e[0]) || !is_int(e[1]) || e[2]->kind != GINET_TERM_BINARY)
        return GINET_EINVAL;
    val->raw.level = ginet__opt_int32(e[0]->u.integer);
    val->raw.name = ginet__opt_int32(e[1]->u.integer);
    val->raw.data = e[2]->u.binary.data;
    val->raw.len = e[2]->u.binary.len;
    return 0;
}

static int read_sockaddr(const ginet_term *v, ginet__arena *scratch,
                         ginet_optval *val)
{
    if (ginet_term_is_atom(v, "any")) {
        val->addr_kind = GINET_OPTADDR_ANY;
        return 0;
    }
    if (ginet_term_is_atom(v, "loopback")) {
        val->addr_kind = GINET_OPTADDR_LOOPBACK;
        return 0;
    }
    if (ginet_term_is_tagged(v, "local", 2)) {
        int rc = chars_from_term(v->u.seq.items[1], scratch, &val->str.ptr,
                                 &val->str.len);
        if (rc != 0)
            return rc;
        if (val->str.len > 255)     /* OTP's limit for a local address */
            return GINET_EINVAL;
        val->addr_kind = GINET_OPTADDR_LOCAL;
        return 0;
    }
    val->addr_kind = GINET_OPTADDR_IP;
    return ip_from_term(v, &val->addr);
}

/* What a value of TYPE must be, for messages. */
static const char *must_be(const ginet__optdesc *d)
{
    switch (d->type) {
    case GINET__T_BOOL:       return "true or false";
    case GINET__T_INT:        return "an integer";
    case GINET__T_UINT:       return "an integer >= 0";
    case GINET__T_TIME:       return "infinity or an integer >= 0";
    case GINET__T_ACTIVE:     return "true, false, once or an integer "
                                     "-32768..32767";
    case GINET__T_MODE:       return "binary or list";
    case GINET__T_DELIVER:    return "port or term";
    case GINET__T_PACKET:     return NULL;   /* the long list, see below */
    case GINET__T_LINGER:     return "{true | false, Seconds}";
    case GINET__T_MEMBERSHIP: return "{MultiAddr, IfAddr | any [, IfIndex]} "
                                     "(IPv4) or {MultiAddr6, IfIndex}";
    case GINET__T_MCAST_IF:   return "an IPv4 address tuple or an interface "
                                     "index";
    case GINET__T_RAW:        return "{raw, Level, Name, Binary}";
    case GINET__T_BINARY:     return "a binary";
    case GINET__T_FILENAME:   return "a file name (a string or a binary)";
    case GINET__T_ATOM:       return "an atom";
    case GINET__T_SOCKADDR:   return "an IP address tuple, any, loopback or "
                                     "{local, Path}";
    case GINET__T_PORT:       return "an integer 0..65535";
    case GINET__T_FD:         return "an integer";
    case GINET__T_BACKLOG:    return "an integer";
    case GINET__T_FAMILY:     return "inet, inet6 or local";
    }
    return "valid";
}

static int bad(const ginet__optdesc *d, char *why, size_t whylen)
{
    if (d->type == GINET__T_PACKET)
        return why_(why, whylen, "packet must be one of %s",
                    ginet__packet_names_text);
    return why_(why, whylen, "%s must be %s", d->name, must_be(d));
}

int ginet__optval_from_term(const ginet__optdesc *d, const ginet_term *v,
                            ginet__arena *scratch, ginet_opt *out,
                            char *why, size_t whylen)
{
    int rc = GINET_EINVAL;
    memset(out, 0, sizeof *out);
    out->id = d->id;
    ginet_optval *val = &out->val;
    if (v == NULL)
        return bad(d, why, whylen);

    switch (d->type) {
    case GINET__T_BOOL:
        rc = read_bool(v, &val->i);
        break;
    case GINET__T_INT:
    case GINET__T_FD:
    case GINET__T_BACKLOG:
        if (is_int(v)) {
            val->i = v->u.integer;
            rc = 0;
        }
        break;
    case GINET__T_UINT:
    case GINET__T_PORT:
        if (is_int(v) && v->u.integer >= 0
            && (d->type != GINET__T_PORT || v->u.integer <= 65535)) {
            val->i = v->u.integer;
            rc = 0;
        }
        break;
    case GINET__T_TIME:
        if (ginet_term_is_atom(v, "infinity")) {
            val->i = GINET_INFINITY;
            rc = 0;
        } else if (is_int(v) && v->u.integer >= 0) {
            val->i = v->u.integer;
            rc = 0;
        }
        break;
    case GINET__T_ACTIVE:
        rc = read_active(v, &val->active);
        break;
    case GINET__T_MODE:
        if (ginet_term_is_atom(v, "binary") || ginet_term_is_atom(v, "list")) {
            val->i = ginet_term_is_atom(v, "list") ? GINET_MODE_LIST
                                                   : GINET_MODE_BINARY;
            rc = 0;
        }
        break;
    case GINET__T_DELIVER:
        if (ginet_term_is_atom(v, "port") || ginet_term_is_atom(v, "term")) {
            val->i = ginet_term_is_atom(v, "port") ? GINET_DELIVER_PORT
                                                   : GINET_DELIVER_TERM;
            rc = 0;
        }
        break;
    case GINET__T_PACKET:
        rc = read_packet(v, &val->i);
        break;
    case GINET__T_LINGER:
        if (v->kind == GINET_TERM_TUPLE && v->u.seq.count == 2
            && read_bool(v->u.seq.items[0], &val->i) == 0
            && is_int(v->u.seq.items[1])) {
            val->linger.on = (int)val->i;
            val->linger.seconds = ginet__opt_int32(v->u.seq.items[1]->u.integer);
            val->i = 0;
            rc = 0;
        }
        break;
    case GINET__T_MEMBERSHIP:
        rc = read_membership(v, val);
        break;
    case GINET__T_MCAST_IF:
        if (is_int(v)) {
            val->addr_kind = GINET_OPTADDR_IFINDEX;
            val->i = v->u.integer;
            rc = 0;
        } else if (ip_from_term(v, &val->addr) == 0
                   && val->addr.family == GINET_AF_INET) {
            val->addr_kind = GINET_OPTADDR_IP;
            rc = 0;
        }
        break;
    case GINET__T_RAW:
        rc = read_raw(v, val);
        break;
    case GINET__T_BINARY:
        if (v->kind == GINET_TERM_BINARY) {
            val->str.ptr = (const char *)v->u.binary.data;
            val->str.len = v->u.binary.len;
            rc = 0;
        }
        break;
    case GINET__T_FILENAME:
        rc = chars_from_term(v, scratch, &val->str.ptr, &val->str.len);
        break;
    case GINET__T_ATOM:
        if (v->kind == GINET_TERM_ATOM) {
            val->str.ptr = v->u.atom.name;
            val->str.len = v->u.atom.len;
            rc = 0;
        }
        break;
    case GINET__T_SOCKADDR:
        rc = read_sockaddr(v, scratch, val);
        break;
    case GINET__T_FAMILY:
        rc = 0;
        if (ginet_term_is_atom(v, "inet"))
            val->i = GINET_AF_INET;
        else if (ginet_term_is_atom(v, "inet6"))
            val->i = GINET_AF_INET6;
        else if (ginet_term_is_atom(v, "local"))
            val->i = GINET_AF_LOCAL;
        else
            rc = GINET_EINVAL;
        break;
    }
    if (rc == GINET_ENOMEM)
        return why_(why, whylen, "out of memory");
    if (rc != 0)
        return bad(d, why, whylen);
    return 0;
}

/* ---------------------------------------------------------- typed values */

static int ok_bytes(const void *p, size_t len)
{
    return p != NULL || len == 0;
}

int ginet__opt_check(const ginet_opt *opt, char *why, size_t whylen)
{
    if (opt == NULL)
        return why_(why, whylen, "no option");
    const ginet__optdesc *d = ginet__option_desc(opt->id);
    if (d == NULL)
        return why_(why, whylen, "unknown option id %d", (int)opt->id);
    const ginet_optval *v = &opt->val;
    int ok = 0;

    switch (d->type) {
    case GINET__T_BOOL:
        ok = v->i == 0 || v->i == 1;
        break;
    case GINET__T_INT:
    case GINET__T_FD:
    case GINET__T_BACKLOG:
        ok = 1;
        break;
    case GINET__T_UINT:
        ok = v->i >= 0;
        break;
    case GINET__T_PORT:
        ok = v->i >= 0 && v->i <= 65535;
        break;
    case GINET__T_TIME:
        ok = v->i >= 0 || v->i == GINET_INFINITY;
        break;
    case GINET__T_ACTIVE:
        ok = (v->active.kind == GINET_ACTIVE_FALSE
              || v->active.kind == GINET_ACTIVE_TRUE
              || v->active.kind == GINET_ACTIVE_ONCE)
             || (v->active.kind == GINET_ACTIVE_N && v->active.n >= -32768
                 && v->active.n <= 32767);
        break;
    case GINET__T_MODE:
        ok = v->i == GINET_MODE_BINARY || v->i == GINET_MODE_LIST;
        break;
    case GINET__T_DELIVER:
        ok = v->i == GINET_DELIVER_PORT || v->i == GINET_DELIVER_TERM;
        break;
    case GINET__T_PACKET:
        ok = v->i >= 0 && v->i < GINET_PACKET_TYPE_COUNT;
        break;
    case GINET__T_LINGER:
        ok = v->linger.on == 0 || v->linger.on == 1;
        break;
    case GINET__T_MEMBERSHIP:
        if (v->membership.group.family == GINET_AF_INET)
            ok = v->membership.iface.family == GINET_AF_INET
                 || v->membership.iface.family == GINET_AF_UNSPEC;
        else
            ok = v->membership.group.family == GINET_AF_INET6;
        break;
    case GINET__T_MCAST_IF:
        ok = (v->addr_kind == GINET_OPTADDR_IP
              && v->addr.family == GINET_AF_INET)
             || v->addr_kind == GINET_OPTADDR_IFINDEX;
        break;
    case GINET__T_RAW:
        ok = ok_bytes(v->raw.data, v->raw.len);
        break;
    case GINET__T_BINARY:
    case GINET__T_FILENAME:
        ok = ok_bytes(v->str.ptr, v->str.len);
        break;
    case GINET__T_ATOM:
        /* An atom: no NUL, at most 255 characters (UTF-8: 4 bytes each). */
        ok = ok_bytes(v->str.ptr, v->str.len) && v->str.len <= 255 * 4
             && (v->str.len == 0 || memchr(v->str.ptr, 0, v->str.len) == NULL);
        break;
    case GINET__T_SOCKADDR:
        switch (v->addr_kind) {
        case GINET_OPTADDR_IP:
            ok = v->addr.family == GINET_AF_INET
                 || v->addr.family == GINET_AF_INET6;
            break;
        case GINET_OPTADDR_ANY:
        case GINET_OPTADDR_LOOPBACK:
            ok = 1;
            break;
        case GINET_OPTADDR_LOCAL:
            ok = ok_bytes(v->str.ptr, v->str.len) && v->str.len <= 255;
            break;
        default:
            ok = 0;
        }
        break;
    case GINET__T_FAMILY:
        ok = v->i == GINET_AF_INET || v->i == GINET_AF_INET6
             || v->i == GINET_AF_LOCAL;
        break;
    }
    return ok ? 0 : bad(d, why, whylen);
}

/* ---------------------------------------------------------- messages */

/* The option's text for a message: at most 40 bytes, "..." when cut. */
static void term_text(const ginet_term *t, char *buf, size_t cap)
{
    long n = ginet_term_format(t, buf, cap);
    if (n < 0) {
        snprintf(buf, cap, "?");
    } else if ((size_t)n >= cap && cap > 4) {
        memcpy(buf + cap - 4, "...", 4);
    }
}

void ginet__opt_error(ginet_term_error *err, const ginet_term *t,
                      const char *fmt, ...)
{
    if (err == NULL)
        return;
    char what[41], why[120];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    term_text(t, what, sizeof what);
    err->code = GINET_EINVAL;
    err->line = t != NULL ? t->line : 0;
    err->column = t != NULL ? t->column : 0;
    err->offset = t != NULL ? t->offset : 0;
    /* "WHAT: WHY", cut to the message's size. */
    size_t cap = sizeof err->message - 1, at = 0;
    const char *parts[3] = { what, ": ", why };
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(parts[i]);
        if (n > cap - at)
            n = cap - at;
        memcpy(err->message + at, parts[i], n);
        at += n;
    }
    err->message[at] = '\0';
}
