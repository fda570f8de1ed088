/*
 * core/hostent.c — owns ginet_hostent (OTP's #hostent{}): building one,
 * copying, freeing, and the Erlang term for it; plus the two small name
 * predicates lookups share.
 */
#include "core/resolver_internal.h"

#include <stdlib.h>
#include <string.h>

char *ginet__strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p == NULL)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void ginet__strv_free(char **v, size_t n)
{
    if (v == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int ginet__name_eq(const char *a, const char *b)
{
    while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) {
        a++;
        b++;
    }
    return *a == '\0' && *b == '\0';
}

int ginet__visible_name(const char *name)
{
    if (name == NULL || *name == '\0')
        return 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p <= ' ' || *p >= 127)
            return 0;
    return 1;
}

ginet_hostent *ginet__hostent_new(const char *name, size_t len, ginet_family family)
{
    ginet_hostent *h = calloc(1, sizeof *h);
    if (h == NULL)
        return NULL;
    h->name = ginet__strndup(name, len);
    h->aliases = calloc(1, sizeof *h->aliases);
    if (h->name == NULL || h->aliases == NULL) {
        ginet_hostent_free(h);
        return NULL;
    }
    h->addrtype = family;
    h->length = family == GINET_AF_INET6 ? 16 : 4;
    return h;
}

int ginet__hostent_add_alias(ginet_hostent *h, const char *alias, size_t len)
{
    char **v = realloc(h->aliases, (h->naliases + 2) * sizeof *v);
    if (v == NULL)
        return GINET_ENOMEM;
    h->aliases = v;
    v[h->naliases] = ginet__strndup(alias, len);
    if (v[h->naliases] == NULL)
        return GINET_ENOMEM;
    v[++h->naliases] = NULL;
    return 0;
}

int ginet__hostent_add_addr(ginet_hostent *h, const ginet_ip_address *ip)
{
    ginet_ip_address *a = realloc(h->addrs, (h->naddrs + 1) * sizeof *a);
    if (a == NULL)
        return GINET_ENOMEM;
    h->addrs = a;
    a[h->naddrs++] = *ip;
    return 0;
}

GINET_API void ginet_hostent_free(ginet_hostent *h)
{
    if (h == NULL)
        return;
    free(h->name);
    ginet__strv_free(h->aliases, h->naliases);
    free(h->addrs);
    free(h);
}

GINET_API ginet_hostent *ginet_hostent_dup(const ginet_hostent *h)
{
    if (h == NULL || h->name == NULL)
        return NULL;
    ginet_hostent *c = ginet__hostent_new(h->name, strlen(h->name), h->addrtype);
    if (c == NULL)
        return NULL;
    c->length = h->length;
    for (size_t i = 0; i < h->naliases; i++)
        if (ginet__hostent_add_alias(c, h->aliases[i], strlen(h->aliases[i])) != 0)
            goto fail;
    if (h->naddrs) {
        c->addrs = malloc(h->naddrs * sizeof *c->addrs);
        if (c->addrs == NULL)
            goto fail;
        memcpy(c->addrs, h->addrs, h->naddrs * sizeof *c->addrs);
        c->naddrs = h->naddrs;
    }
    return c;
fail:
    ginet_hostent_free(c);
    return NULL;
}

static ginet_term *ip_term(ginet_term_arena *a, const ginet_ip_address *ip)
{
    int64_t elems[8];
    int rc = ginet_ip_address_to_tuple(ip, elems);
    if (rc <= 0)
        return NULL;
    size_t n = (size_t)rc;
    ginet_term *t = ginet_term_tuple_new(a, n);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if ((t->u.seq.items[i] = ginet_term_int(a, elems[i])) == NULL)
            return NULL;
    return t;
}

GINET_API ginet_term *ginet_hostent_term(ginet_term_arena *a, const ginet_hostent *h)
{
    if (a == NULL || h == NULL || h->name == NULL)
        return NULL;
    ginet_term *aliases = ginet_term_list_new(a, h->naliases);
    ginet_term *addrs = ginet_term_list_new(a, h->naddrs);
    if (aliases == NULL || addrs == NULL)
        return NULL;
    for (size_t i = 0; i < h->naliases; i++)
        if ((aliases->u.seq.items[i] = ginet_term_string(a, h->aliases[i],
                                                        strlen(h->aliases[i]))) == NULL)
            return NULL;
    for (size_t i = 0; i < h->naddrs; i++)
        if ((addrs->u.seq.items[i] = ip_term(a, &h->addrs[i])) == NULL)
            return NULL;
    return ginet_term_tuple(a, 6, ginet_term_atomz(a, "hostent"),
                            ginet_term_string(a, h->name, strlen(h->name)), aliases,
                            ginet_term_atomz(a, h->addrtype == GINET_AF_INET6 ? "inet6" : "inet"),
                            ginet_term_int(a, h->length), addrs);
}
