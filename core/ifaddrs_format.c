/*
 * core/ifaddrs_format.c — owns writing a getifaddrs result as OTP prints
 * it: ~w text, one-line ~p text (names as strings) and a ginet_term.
 */
#include <ginet/ifaddrs.h>
#include <ginet/error.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct textbuf {
    char *buf;
    size_t len, cap;
    int oom;
} textbuf;

static void put(textbuf *o, const char *s, size_t n)
{
    if (o->oom)
        return;
    if (n >= o->cap - o->len) {
        size_t cap = o->cap ? o->cap : 256;
        while (n >= cap - o->len) {
            if (cap > SIZE_MAX / 2) {
                o->oom = 1;
                return;
            }
            cap *= 2;
        }
        char *b = realloc(o->buf, cap);
        if (b == NULL) {
            o->oom = 1;
            return;
        }
        o->buf = b;
        o->cap = cap;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void puts_(textbuf *o, const char *s)
{
    put(o, s, strlen(s));
}

static void putu(textbuf *o, unsigned long v)
{
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%lu", v);
    put(o, tmp, (size_t)n);
}

/* OTP's printable Latin-1 test (io_lib:printable_latin1_list/1). */
static int printable(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;                  /* ~p prints [] as [] */
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if ((c >= 32 && c <= 126) || c >= 160)
            continue;
        if (strchr("\b\t\n\v\f\r\033", (int)c) == NULL || c == 0)
            return 0;
    }
    return 1;
}

/* A printable name as ~p writes a string. */
static void put_string(textbuf *o, const unsigned char *s, size_t n)
{
    put(o, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        const char *esc = NULL;
        switch (s[i]) {
        case '"':    esc = "\\\""; break;
        case '\\':   esc = "\\\\"; break;
        case '\b':   esc = "\\b"; break;
        case '\t':   esc = "\\t"; break;
        case '\n':   esc = "\\n"; break;
        case '\v':   esc = "\\v"; break;
        case '\f':   esc = "\\f"; break;
        case '\r':   esc = "\\r"; break;
        case '\033': esc = "\\e"; break;
        default:     break;
        }
        if (esc != NULL)
            puts_(o, esc);
        else
            put(o, (const char *)&s[i], 1);
    }
    put(o, "\"", 1);
}

static void put_bytes_list(textbuf *o, const unsigned char *s, size_t n)
{
    put(o, "[", 1);
    for (size_t i = 0; i < n; i++) {
        if (i)
            put(o, ",", 1);
        putu(o, s[i]);
    }
    put(o, "]", 1);
}

static void put_ip(textbuf *o, const ginet_ip_address *ip)
{
    int64_t e[8];
    int n = ginet_ip_address_to_tuple(ip, e);
    put(o, "{", 1);
    for (int i = 0; i < n; i++) {
        if (i)
            put(o, ",", 1);
        putu(o, (unsigned long)e[i]);
    }
    put(o, "}", 1);
}

/* A list of bytes: "..." when STYLE_P and ~p would take it for a string
 * (names, and hwaddrs such as [97,98] too), else [1,2,3]. */
static void put_bytes(textbuf *o, const unsigned char *s, size_t n,
                      ginet_ifaddrs_style style)
{
    if (style == GINET_IFADDRS_STYLE_P && printable(s, n))
        put_string(o, s, n);
    else
        put_bytes_list(o, s, n);
}

static void put_opt(textbuf *o, const ginet_ifopt *opt, ginet_ifaddrs_style style)
{
    const char *tag = ginet_ifopt_name(opt->kind);
    put(o, "{", 1);
    puts_(o, tag != NULL ? tag : "undefined");
    put(o, ",", 1);
    switch (opt->kind) {
    case GINET_IFOPT_FLAGS: {
        int first = 1;
        put(o, "[", 1);
        for (unsigned bit = 1; bit <= GINET_IFF_ALL; bit <<= 1) {
            if (!(opt->u.flags & bit))
                continue;
            if (!first)
                put(o, ",", 1);
            puts_(o, ginet_ifflag_name(bit));
            first = 0;
        }
        put(o, "]", 1);
        break;
    }
    case GINET_IFOPT_HWADDR:
        put_bytes(o, opt->u.hwaddr.bytes, opt->u.hwaddr.len, style);
        break;
    default:
        put_ip(o, &opt->u.ip);
        break;
    }
    put(o, "}", 1);
}

char *ginet_ifaddrs_format(int result, const ginet_ifaddrs *list,
                           ginet_ifaddrs_style style)
{
    if (result > 0 || (result == 0 && list == NULL)
        || (style != GINET_IFADDRS_STYLE_W && style != GINET_IFADDRS_STYLE_P))
        return NULL;
    textbuf o = { NULL, 0, 0, 0 };
    if (result < 0) {
        puts_(&o, "{error,");
        puts_(&o, ginet_error_atom(result));
        puts_(&o, "}");
        return o.oom ? (free(o.buf), NULL) : o.buf;
    }
    puts_(&o, "{ok,[");
    for (size_t i = 0; i < list->count; i++) {
        const ginet_interface *itf = &list->ifs[i];
        const unsigned char *name = (const unsigned char *)itf->name;
        put(&o, i ? ",{" : "{", i ? 2 : 1);
        put_bytes(&o, name, itf->name_len, style);
        put(&o, ",[", 2);
        for (size_t k = 0; k < itf->nopts; k++) {
            if (k)
                put(&o, ",", 1);
            put_opt(&o, &itf->opts[k], style);
        }
        put(&o, "]}", 2);
    }
    puts_(&o, "]}");
    if (o.oom) {
        free(o.buf);
        return NULL;
    }
    return o.buf;
}

/* ---- the same as a term ---- */

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

static ginet_term *opt_term(ginet_term_arena *a, const ginet_ifopt *opt)
{
    ginet_term *v = NULL;
    switch (opt->kind) {
    case GINET_IFOPT_FLAGS: {
        size_t n = 0;
        for (unsigned bit = 1; bit <= GINET_IFF_ALL; bit <<= 1)
            n += (opt->u.flags & bit) != 0;
        v = ginet_term_list_new(a, n);
        if (v == NULL)
            return NULL;
        n = 0;
        for (unsigned bit = 1; bit <= GINET_IFF_ALL; bit <<= 1)
            if ((opt->u.flags & bit)
                && (v->u.seq.items[n++] = ginet_term_atomz(a, ginet_ifflag_name(bit))) == NULL)
                return NULL;
        break;
    }
    case GINET_IFOPT_HWADDR:
        v = ginet_term_string(a, opt->u.hwaddr.bytes, opt->u.hwaddr.len);
        break;
    default:
        v = ip_term(a, &opt->u.ip);
        break;
    }
    ginet_term *tag = ginet_term_atomz(a, ginet_ifopt_name(opt->kind));
    if (v == NULL || tag == NULL)
        return NULL;
    return ginet_term_tuple(a, 2, tag, v);
}

static ginet_term *list_term(ginet_term_arena *a, const ginet_ifaddrs *list)
{
    ginet_term *ifs = ginet_term_list_new(a, list->count);
    if (ifs == NULL)
        return NULL;
    for (size_t i = 0; i < list->count; i++) {
        const ginet_interface *itf = &list->ifs[i];
        ginet_term *opts = ginet_term_list_new(a, itf->nopts);
        ginet_term *name = ginet_term_string(a, itf->name, itf->name_len);
        if (opts == NULL || name == NULL)
            return NULL;
        for (size_t k = 0; k < itf->nopts; k++)
            if ((opts->u.seq.items[k] = opt_term(a, &itf->opts[k])) == NULL)
                return NULL;
        if ((ifs->u.seq.items[i] = ginet_term_tuple(a, 2, name, opts)) == NULL)
            return NULL;
    }
    return ginet_term_tuple(a, 2, ginet_term_atomz(a, "ok"), ifs);
}

int ginet_ifaddrs_to_term(ginet_term_arena *arena, int result,
                          const ginet_ifaddrs *list, ginet_term **out)
{
    if (out != NULL)
        *out = NULL;
    if (arena == NULL || out == NULL || result > 0 || (result == 0 && list == NULL))
        return GINET_EINVAL;
    ginet_term *t;
    if (result < 0)
        t = ginet_term_tuple(arena, 2, ginet_term_atomz(arena, "error"),
                             ginet_term_atomz(arena, ginet_error_atom(result)));
    else
        t = list_term(arena, list);
    if (t == NULL)
        return GINET_ENOMEM;
    *out = t;
    return 0;
}
