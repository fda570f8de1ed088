/*
 * core/inetrc_parse.c — owns the meaning of each inetrc parameter: checks
 * its value as OTP's inet_db does (what OTP 25 accepts and refuses was
 * asked of a real erl, see docs/resolver.md) and applies it to a
 * configuration being built.  The first bad parameter stops the file;
 * the ones before it stay applied, as in OTP.
 */
#include "core/resolver_internal.h"

#include "core/last_error.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- values */

static int get_string(const ginet_term *t, char **out)
{
    if (t == NULL || t->kind != GINET_TERM_LIST || !ginet_term_is_byte_string(t))
        return GINET_EINVAL;
    size_t n = t->u.seq.count;
    char *s = malloc(n + 1);
    if (s == NULL)
        return GINET_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        int64_t c = t->u.seq.items[i]->u.integer;
        if (c == 0) {                        /* no NUL inside a C string */
            free(s);
            return GINET_EINVAL;
        }
        s[i] = (char)c;
    }
    s[n] = '\0';
    *out = s;
    return 0;
}

static int get_int(const ginet_term *t, int64_t lo, int64_t *out)
{
    if (t == NULL || t->kind != GINET_TERM_INTEGER || t->u.integer < lo
        || t->u.integer > INT_MAX)
        return GINET_EINVAL;
    *out = t->u.integer;
    return 0;
}

static int get_bool(const ginet_term *t, int *out)
{
    if (ginet_term_is_atom(t, "true"))
        *out = 1;
    else if (ginet_term_is_atom(t, "false"))
        *out = 0;
    else
        return GINET_EINVAL;
    return 0;
}

static int get_ip(const ginet_term *t, ginet_ip_address *out)
{
    if (t == NULL || t->kind != GINET_TERM_TUPLE || t->u.seq.count > 8)
        return GINET_EINVAL;
    int64_t e[8];
    for (size_t i = 0; i < t->u.seq.count; i++) {
        if (t->u.seq.items[i]->kind != GINET_TERM_INTEGER)
            return GINET_EINVAL;
        e[i] = t->u.seq.items[i]->u.integer;
    }
    return ginet_ip_address_from_tuple(e, t->u.seq.count, out);
}

/* "" or an absolute path. */
static int get_path(const ginet_term *t, char **out)
{
    int rc = get_string(t, out);
    if (rc == 0 && (*out)[0] != '\0' && (*out)[0] != '/') {
        free(*out);
        return GINET_EINVAL;
    }
    return rc;
}

/* -------------------------------------------------------- parameters */

static int add_ns(ginet__rc_ns **v, size_t *n, const ginet_ip_address *ip, int port)
{
    ginet__rc_ns *t = realloc(*v, (*n + 1) * sizeof *t);
    if (t == NULL)
        return GINET_ENOMEM;
    *v = t;
    t[(*n)++] = (ginet__rc_ns){ *ip, port };
    return 0;
}

/* {nameserver, IP} | {nameserver, IP, Port}, and alt_nameserver. */
static int nameserver(ginet__rc *rc, const ginet_term *t, int alt)
{
    ginet_ip_address ip;
    int64_t port = 53;
    if (get_ip(t->u.seq.items[1], &ip) != 0)
        return GINET_EINVAL;
    if (t->u.seq.count == 3
        && (get_int(t->u.seq.items[2], 0, &port) != 0 || port > 65535))
        return GINET_EINVAL;
    return alt ? add_ns(&rc->alt, &rc->nalt, &ip, (int)port)
               : add_ns(&rc->ns, &rc->nns, &ip, (int)port);
}

/* Add ENTRY to the host table, replacing the entry of the same address
 * (which then moves to the end, as OTP's table orders them). */
static int add_host(ginet__rc *rc, ginet__host_entry *entry)
{
    for (size_t i = 0; i < rc->nhosts; i++) {
        if (ginet_ip_address_equal(&rc->hosts[i].ip, &entry->ip)) {
            ginet__host_entry_clear(&rc->hosts[i]);
            memmove(&rc->hosts[i], &rc->hosts[i + 1],
                    (rc->nhosts - i - 1) * sizeof *rc->hosts);
            rc->nhosts--;
            break;
        }
    }
    ginet__host_entry *t = realloc(rc->hosts, (rc->nhosts + 1) * sizeof *t);
    if (t == NULL)
        return GINET_ENOMEM;
    rc->hosts = t;
    t[rc->nhosts++] = *entry;
    memset(entry, 0, sizeof *entry);
    return 0;
}

/* {host, IP, [Name, ...]}: at least one name, all strings. */
static int host(ginet__rc *rc, const ginet_term *t)
{
    ginet__host_entry e = { 0 };
    const ginet_term *names = t->u.seq.items[2];
    if (get_ip(t->u.seq.items[1], &e.ip) != 0 || names->kind != GINET_TERM_LIST
        || names->u.seq.count == 0)
        return GINET_EINVAL;
    e.names = calloc(names->u.seq.count, sizeof *e.names);
    if (e.names == NULL)
        return GINET_ENOMEM;
    for (size_t i = 0; i < names->u.seq.count; i++) {
        int rc2 = get_string(names->u.seq.items[i], &e.names[i]);
        if (rc2 != 0) {
            ginet__host_entry_clear(&e);
            return rc2;
        }
        e.nnames = i + 1;
    }
    int err = add_host(rc, &e);
    ginet__host_entry_clear(&e);
    return err;
}

static int search(ginet__rc *rc, const ginet_term *list)
{
    if (list->kind != GINET_TERM_LIST)
        return GINET_EINVAL;
    for (size_t i = 0; i < list->u.seq.count; i++)     /* check all first */
        if (!ginet_term_is_byte_string(list->u.seq.items[i])
            || list->u.seq.items[i]->kind != GINET_TERM_LIST)
            return GINET_EINVAL;
    for (size_t i = 0; i < list->u.seq.count; i++) {
        char *s;
        int rc2 = get_string(list->u.seq.items[i], &s);
        if (rc2 != 0)
            return rc2;
        char **v = realloc(rc->search, (rc->nsearch + 1) * sizeof *v);
        if (v == NULL) {
            free(s);
            return GINET_ENOMEM;
        }
        rc->search = v;
        v[rc->nsearch++] = s;
    }
    return 0;
}

/* {lookup, Methods}: OTP's translate_lookup keeps what it knows. */
static int lookup(ginet__rc *rc, const ginet_term *list)
{
    if (list->kind != GINET_TERM_LIST)
        return GINET_EINVAL;
    ginet_lookup_method *v = malloc((list->u.seq.count ? list->u.seq.count : 1) * sizeof *v);
    if (v == NULL)
        return GINET_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < list->u.seq.count; i++) {
        const ginet_term *m = list->u.seq.items[i];
        char buf[16];
        size_t len;
        if (m->kind == GINET_TERM_ATOM) {
            if (m->u.atom.len >= sizeof buf)
                continue;
            memcpy(buf, m->u.atom.name, m->u.atom.len);
            len = m->u.atom.len;
        } else if (m->kind != GINET_TERM_LIST
                   || ginet_term_get_bytes(m, buf, sizeof buf, &len) != 0) {
            continue;
        }
        ginet_lookup_method lm = ginet__lookup_word(buf, len);
        if (lm != 0)
            v[n++] = lm;
    }
    free(rc->lookup);
    rc->lookup = v;
    rc->nlookup = n;
    return 0;
}

/* {file, Format, File}: read a system file now.  A file that cannot be
 * read is skipped (OTP reports it and goes on). */
static int file_param(ginet__rc *rc, const ginet_term *t)
{
    const ginet_term *fmt = t->u.seq.items[1];
    static const char *const formats[] = { "hosts", "resolv", "nsswitch_conf",
        "host_conf_linux", "host_conf_freebsd", "host_conf_bsdos", NULL };
    size_t f = 0;
    while (formats[f] != NULL && !ginet_term_is_atom(fmt, formats[f]))
        f++;
    char *path;
    if (formats[f] == NULL || get_string(t->u.seq.items[2], &path) != 0)
        return GINET_EINVAL;
    char *text;
    size_t len;
    int err = ginet__read_file(path, &text, &len, NULL);
    free(path);
    if (err != 0)
        return 0;
    if (f == 0) {                                      /* hosts */
        ginet__hosts_file *hf = ginet__parse_hosts(text, len);
        err = hf == NULL ? GINET_ENOMEM : 0;
        for (size_t i = 0; err == 0 && i < hf->count; i++) {
            ginet__host_entry e;
            err = ginet__host_entry_copy(&e, &hf->entries[i]);
            if (err == 0)
                err = add_host(rc, &e);
            ginet__host_entry_clear(&e);
        }
        ginet__hosts_file_release(hf);
    } else if (f == 1) {                               /* resolv */
        ginet__resolv_info ri;
        err = ginet__parse_resolv(text, len, 1, &ri);   /* frees RI itself on error */
        int parsed = err == 0;
        for (size_t i = 0; err == 0 && i < ri.nns; i++)
            err = add_ns(&rc->ns, &rc->nns, &ri.ns[i].ip, ri.ns[i].port);
        if (err == 0 && ri.domain != NULL) {
            free(rc->domain);
            rc->domain = ri.domain;
            ri.domain = NULL;
        }
        for (size_t i = 0; err == 0 && i < ri.nsearch; i++) {
            char **v = realloc(rc->search, (rc->nsearch + 1) * sizeof *v);
            if (v == NULL) {
                err = GINET_ENOMEM;
                break;
            }
            rc->search = v;
            v[rc->nsearch++] = ri.search[i];
            ri.search[i] = NULL;
        }
        if (parsed)
            ginet__resolv_info_free(&ri);
    } else {                                           /* lookup order */
        ginet_lookup_method *v;
        size_t n;
        err = ginet__parse_lookup_file(formats[f], text, len, &v, &n);
        if (err == 0 && n > 0) {
            free(rc->lookup);
            rc->lookup = v;
            rc->nlookup = n;
        } else if (err == 0) {
            free(v);
        }
    }
    free(text);
    return err;
}

static int set_module(char **slot, const ginet_term *t, const char *dflt)
{
    if (t->kind != GINET_TERM_ATOM)
        return GINET_EINVAL;
    char *name = NULL;
    if (strcmp(t->u.atom.name, dflt) != 0
        && (name = ginet__strndup(t->u.atom.name, t->u.atom.len)) == NULL)
        return GINET_ENOMEM;
    free(*slot);
    *slot = name;
    return 0;
}

static int set_str(char **slot, char *value)
{
    free(*slot);
    *slot = value;
    return 0;
}

/* Apply one parameter: 0, GINET_EINVAL (bad parameter) or GINET_ENOMEM. */
static int apply_one(ginet__rc *rc, const ginet_term *t)
{
    if (t->kind == GINET_TERM_ATOM) {
        if (ginet_term_is_atom(t, "clear_hosts")) {
            for (size_t i = 0; i < rc->nhosts; i++)
                ginet__host_entry_clear(&rc->hosts[i]);
            rc->nhosts = 0;
        } else if (ginet_term_is_atom(t, "clear_ns")) {
            rc->nns = rc->nalt = 0;
        } else if (ginet_term_is_atom(t, "clear_search")) {
            ginet__strv_free(rc->search, rc->nsearch);
            rc->search = NULL;
            rc->nsearch = 0;
        } else {
            return GINET_EINVAL;
        }
        return 0;
    }
    if (t->kind != GINET_TERM_TUPLE || t->u.seq.count < 2
        || t->u.seq.items[0]->kind != GINET_TERM_ATOM)
        return GINET_EINVAL;
    const char *tag = t->u.seq.items[0]->u.atom.name;
    const ginet_term *v = t->u.seq.items[1];
    size_t n = t->u.seq.count;
    int64_t i;
    char *s;
    int b;
    if (n == 3 && strcmp(tag, "host") == 0)
        return host(rc, t);
    if (n == 3 && strcmp(tag, "file") == 0)
        return file_param(rc, t);
    if ((n == 2 || n == 3) && strcmp(tag, "nameserver") == 0)
        return nameserver(rc, t, 0);
    if ((n == 2 || n == 3) && strcmp(tag, "alt_nameserver") == 0)
        return nameserver(rc, t, 1);
    if (n != 2)
        return GINET_EINVAL;
    if (strcmp(tag, "domain") == 0) {
        if (get_string(v, &s) != 0)
            return GINET_EINVAL;
        if (*s != '\0' && !ginet__visible_name(s)) {
            free(s);
            return GINET_EINVAL;
        }
        return set_str(&rc->domain, s);
    }
    if (strcmp(tag, "search") == 0)
        return search(rc, v);
    if (strcmp(tag, "lookup") == 0)
        return lookup(rc, v);
    if (strcmp(tag, "resolv_conf") == 0) {
        if (get_path(v, &s) != 0)
            return GINET_EINVAL;
        set_str(&rc->resolv_conf, s);
        /* Read now: the file's nameservers and search list replace those
         * recorded so far ("" empties them), as in OTP. */
        if (*s == '\0') {
            rc->nns = 0;
            ginet__strv_free(rc->search, rc->nsearch);
            rc->search = NULL;
            rc->nsearch = 0;
            rc->resolv_read = 0;
            return 0;
        }
        return ginet__rc_read_resolv(rc);
    }
    if (strcmp(tag, "hosts_file") == 0) {
        if (get_path(v, &s) != 0)
            return GINET_EINVAL;
        set_str(&rc->hosts_file, s);
        ginet__hosts_file_release(rc->hostsf);
        rc->hostsf = NULL;
        rc->hosts_read = 0;                  /* read at the next file lookup */
        return 0;
    }
    if (strcmp(tag, "timeout") == 0 && get_int(v, 1, &i) == 0)
        return rc->timeout = (int)i, 0;
    if (strcmp(tag, "retry") == 0 && get_int(v, 1, &i) == 0)
        return rc->retry = (int)i, 0;
    if (strcmp(tag, "servfail_retry_timeout") == 0 && get_int(v, 0, &i) == 0)
        return rc->servfail_retry_timeout = (int)i, 0;
    if (strcmp(tag, "udp_payload_size") == 0 && get_int(v, 512, &i) == 0)
        return rc->udp_payload_size = (int)i, 0;
    if (strcmp(tag, "cache_size") == 0 && get_int(v, 0, &i) == 0)
        return rc->cache_size = (int)i, 0;
    if (strcmp(tag, "cache_refresh") == 0 && get_int(v, 1, &i) == 0)
        return rc->cache_refresh = (int)i, 0;
    if (strcmp(tag, "inet6") == 0 && get_bool(v, &b) == 0)
        return rc->inet6 = b, 0;
    if (strcmp(tag, "usevc") == 0 && get_bool(v, &b) == 0)
        return rc->usevc = b, 0;
    if (strcmp(tag, "edns") == 0) {
        if (ginet_term_is_atom(v, "false"))
            return rc->edns = -1, 0;
        if (v->kind == GINET_TERM_INTEGER && v->u.integer == 0)
            return rc->edns = 0, 0;
        return GINET_EINVAL;
    }
    if (strcmp(tag, "udp") == 0)
        return set_module(&rc->udp, v, "inet_udp");
    if (strcmp(tag, "tcp") == 0)
        return set_module(&rc->tcp, v, "inet_tcp");
    if (strcmp(tag, "sctp") == 0)
        return set_module(&rc->sctp, v, "inet_sctp");
    if (strcmp(tag, "registry") == 0)
        return 0;                            /* Windows only: OTP ignores it here */
    return GINET_EINVAL;
}

int ginet__rc_apply(ginet__rc *rc, const ginet_term *list, const char *origin)
{
    for (size_t k = 0; k < list->u.seq.count; k++) {
        const ginet_term *t = list->u.seq.items[k];
        int err = apply_one(rc, t);
        if (err == GINET_ENOMEM)
            return ginet__fail(err, "%s:%u: out of memory", origin, (unsigned)t->line);
        if (err != 0) {
            char text[200];
            long w = ginet_term_format(t, text, sizeof text);
            if (w >= (long)sizeof text)
                memcpy(text + sizeof text - 4, "...", 4);
            return ginet__fail(GINET_EINVAL, "%s:%u: syntax error: bad inetrc parameter %s",
                               origin, (unsigned)t->line, w >= 0 ? text : "?");
        }
    }
    return 0;
}
