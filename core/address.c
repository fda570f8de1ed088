/*
 * core/address.c — the address helpers of OTP's inet module that are not
 * text: the is_*_address predicates over integer tuples, conversion
 * between tuples and ginet_ip_address, ipv4_mapped_ipv6_address/1,
 * equality and local (unix) addresses.  Parsing is in address_parse.c,
 * ntoa in address_format.c.
 */
#include <ginet/address.h>
#include <ginet/error.h>

#include <string.h>

static int all_in_range(const int64_t *elems, size_t count, int64_t max)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (elems[i] < 0 || elems[i] > max)
            return 0;
    return 1;
}

int ginet_is_ipv4_address(const int64_t *elems, size_t count)
{
    return count == 4 && elems != NULL && all_in_range(elems, 4, 0xff);
}

int ginet_is_ipv6_address(const int64_t *elems, size_t count)
{
    return count == 8 && elems != NULL && all_in_range(elems, 8, 0xffff);
}

int ginet_is_ip_address(const int64_t *elems, size_t count)
{
    return ginet_is_ipv4_address(elems, count)
        || ginet_is_ipv6_address(elems, count);
}

int ginet_ip_address_from_tuple(const int64_t *elems, size_t count,
                                ginet_ip_address *out)
{
    size_t i;

    if (out == NULL)
        return GINET_EINVAL;
    if (ginet_is_ipv4_address(elems, count)) {
        out->family = GINET_AF_INET;
        for (i = 0; i < 4; i++)
            out->u.v4[i] = (uint8_t)elems[i];
        return 0;
    }
    if (ginet_is_ipv6_address(elems, count)) {
        out->family = GINET_AF_INET6;
        for (i = 0; i < 8; i++)
            out->u.v6[i] = (uint16_t)elems[i];
        return 0;
    }
    return GINET_EINVAL;
}

int ginet_ip_address_to_tuple(const ginet_ip_address *addr, int64_t elems[8])
{
    size_t i;

    if (addr == NULL || elems == NULL)
        return GINET_EINVAL;
    if (addr->family == GINET_AF_INET) {
        for (i = 0; i < 4; i++)
            elems[i] = addr->u.v4[i];
        return 4;
    }
    if (addr->family == GINET_AF_INET6) {
        for (i = 0; i < 8; i++)
            elems[i] = addr->u.v6[i];
        return 8;
    }
    return GINET_EINVAL;
}

int ginet_ipv4_mapped_ipv6_address(const ginet_ip_address *in,
                                   ginet_ip_address *out)
{
    ginet_ip_address r;

    if (in == NULL || out == NULL)
        return GINET_EINVAL;
    memset(&r, 0, sizeof r);
    if (in->family == GINET_AF_INET) {
        r.family = GINET_AF_INET6;
        r.u.v6[5] = 0xffff;
        r.u.v6[6] = (uint16_t)(in->u.v4[0] << 8 | in->u.v4[1]);
        r.u.v6[7] = (uint16_t)(in->u.v4[2] << 8 | in->u.v4[3]);
    } else if (in->family == GINET_AF_INET6) {
        /* OTP keeps the two low words whatever the six others hold */
        r.family = GINET_AF_INET;
        r.u.v4[0] = (uint8_t)(in->u.v6[6] >> 8);
        r.u.v4[1] = (uint8_t)in->u.v6[6];
        r.u.v4[2] = (uint8_t)(in->u.v6[7] >> 8);
        r.u.v4[3] = (uint8_t)in->u.v6[7];
    } else {
        return GINET_EINVAL;
    }
    *out = r;
    return 0;
}

int ginet_ip_address_equal(const ginet_ip_address *a,
                           const ginet_ip_address *b)
{
    if (a == NULL || b == NULL || a->family != b->family)
        return 0;
    if (a->family == GINET_AF_INET)
        return memcmp(a->u.v4, b->u.v4, sizeof a->u.v4) == 0;
    if (a->family == GINET_AF_INET6)
        return memcmp(a->u.v6, b->u.v6, sizeof a->u.v6) == 0;
    return 0;
}

int ginet_local_address_set(ginet_local_address *out, const void *path,
                            size_t len)
{
    if (out == NULL || (path == NULL && len > 0))
        return GINET_EINVAL;
    if (len > GINET_LOCAL_PATH_MAX)
        return GINET_ENAMETOOLONG;
    out->len = (uint16_t)len;
    if (len > 0)
        memcpy(out->path, path, len);
    return 0;
}
