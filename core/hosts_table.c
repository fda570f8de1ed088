/*
 * core/hosts_table.c — owns the `file` lookup method (OTP's inet_hosts):
 * names and addresses from the inetrc host entries first, then from the
 * hosts file.
 *
 * OTP 25 facts (asked of erl): names match without case and the answer
 * keeps the case written in the table; the hostent's name and aliases
 * are those of the first entry that matches and its address list every
 * matching address of the family, in table order; the hosts file is
 * consulted only when no inetrc entry matched.
 */
#include "core/resolver_internal.h"

#include <string.h>

static int entry_has(const ginet__host_entry *e, const char *name)
{
    for (size_t i = 0; i < e->nnames; i++)
        if (ginet__name_eq(e->names[i], name))
            return 1;
    return 0;
}

static ginet_hostent *from_entry(const ginet__host_entry *e)
{
    ginet_hostent *h = ginet__hostent_new(e->names[0], strlen(e->names[0]), e->ip.family);
    for (size_t i = 1; h != NULL && i < e->nnames; i++) {
        if (ginet__hostent_add_alias(h, e->names[i], strlen(e->names[i])) != 0) {
            ginet_hostent_free(h);
            return NULL;
        }
    }
    return h;
}

/* Search ENTRIES[0..N) for NAME in FAMILY.  1 found (*OUT set or NULL on
 * ENOMEM), 0 not there. */
static int byname(const ginet__host_entry *entries, size_t n, const char *name,
                  ginet_family family, ginet_hostent **out)
{
    ginet_hostent *h = NULL;
    for (size_t i = 0; i < n; i++) {
        const ginet__host_entry *e = &entries[i];
        if (e->ip.family != family || e->nnames == 0 || !entry_has(e, name))
            continue;
        if (h == NULL && (h = from_entry(e)) == NULL) {
            *out = NULL;
            return 1;
        }
        if (ginet__hostent_add_addr(h, &e->ip) != 0) {
            ginet_hostent_free(h);
            *out = NULL;
            return 1;
        }
    }
    *out = h;
    return h != NULL;
}

int ginet__hosts_byname(const ginet__rc *rc, const char *name, ginet_family family,
                        ginet_hostent **out)
{
    *out = NULL;
    if (byname(rc->hosts, rc->nhosts, name, family, out)
        || (rc->hostsf != NULL
            && byname(rc->hostsf->entries, rc->hostsf->count, name, family, out)))
        return *out != NULL ? 0 : GINET_ENOMEM;
    return GINET_ENXDOMAIN;
}

static int byaddr(const ginet__host_entry *entries, size_t n, const ginet_ip_address *ip,
                  ginet_hostent **out)
{
    for (size_t i = 0; i < n; i++) {
        if (entries[i].nnames == 0 || !ginet_ip_address_equal(&entries[i].ip, ip))
            continue;
        ginet_hostent *h = from_entry(&entries[i]);
        if (h != NULL && ginet__hostent_add_addr(h, ip) != 0) {
            ginet_hostent_free(h);
            h = NULL;
        }
        *out = h;
        return 1;
    }
    return 0;
}

int ginet__hosts_byaddr(const ginet__rc *rc, const ginet_ip_address *ip, ginet_hostent **out)
{
    *out = NULL;
    if (byaddr(rc->hosts, rc->nhosts, ip, out)
        || (rc->hostsf != NULL && byaddr(rc->hostsf->entries, rc->hostsf->count, ip, out)))
        return *out != NULL ? 0 : GINET_ENOMEM;
    return GINET_ENXDOMAIN;
}
