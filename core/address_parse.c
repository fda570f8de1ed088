/*
 * core/address_parse.c — OTP 25's six address parsers (inet:parse_address/1
 * and friends, i.e. inet_parse:address/1 ...) over byte strings, plus the
 * variant that also reports the IPv6 zone id.
 *
 * Each parser is one forward pass over TEXT[0..LEN) with no allocation; it
 * never reads a byte outside that range.  The rules, with examples and the
 * reasons behind the odd ones, are in docs/addresses.md; the comments here
 * only say which OTP behaviour a branch mirrors.
 *
 * OTP reads lists of code points; these parsers read UTF-8.  Where OTP
 * compares a character with an exact ASCII character ('.', ':', '%', the
 * hex digits of IPv6 words, the zone's decimal digits) a byte compare is
 * the same thing, since no byte of a multi-byte sequence is ASCII.  Where
 * OTP hands characters to erlang:list_to_integer/2 (the IPv4 fields, also
 * in an IPv6 tail) the characters are decoded, because that BIF judges a
 * code point by its low 8 bits and because field widths count characters.
 */
#include <ginet/address.h>
#include <ginet/error.h>

#include <string.h>

/* The value of hex digit C, or -1. */
static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * One character of T[*P..LEN) (*P < LEN), advancing *P past it: the code
 * point of a well-formed UTF-8 sequence, or else the single byte at *P
 * (0x80..0xFF, which is never a digit, a sign or a separator).
 */
static uint32_t next_char(const unsigned char *t, size_t len, size_t *p)
{
    size_t i = *p, n, k;
    uint32_t c = t[i], lo = 0x80, hi = 0xbf;

    if (c < 0x80) {
        *p = i + 1;
        return c;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        n = 1;
        c &= 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        if (c == 0xe0)
            lo = 0xa0;              /* no overlong forms */
        else if (c == 0xed)
            hi = 0x9f;              /* no surrogates */
        c &= 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;              /* nothing above U+10FFFF */
        c &= 0x07;
    } else {
        *p = i + 1;
        return c;
    }
    if (len - i - 1 < n)
        goto invalid;
    for (k = 1; k <= n; k++) {
        uint32_t b = t[i + k];
        if (b < lo || b > hi)
            goto invalid;
        lo = 0x80;
        hi = 0xbf;
        c = (c << 6) | (b & 0x3f);
    }
    *p = i + 1 + n;
    return c;
invalid:
    *p = i + 1;
    return t[i];
}

/*
 * The value of C as a digit of BASE (8, 10 or 16) the way OTP 25's
 * erlang:list_to_integer/2 sees it, or -1: it looks only at the low 8 bits
 * of a code point, so U+0131 is a '1' and U+0161 an 'a'.
 */
static int digit_value(uint32_t c, unsigned base)
{
    int v = hex_value((unsigned char)(c & 0xff));
    return (v >= 0 && (unsigned)v < base) ? v : -1;
}

/*
 * One IPv4 field at T[*P..): the characters up to the next '.' or the end,
 * at most LIMIT of them (more is an error), converted as OTP does with
 * erlang:list_to_integer(Chars, BASE) and "negative is an error": an
 * optional '+' or '-' (those exact characters), then one or more digits,
 * "-0" being 0.  With ZERO_PREFIX the characters follow an implied "0"
 * (the octal case), so they are digits only and may be none.  Leaves *P at
 * the '.' or the end.  Returns 0 and *OUT, or -1.
 */
static int read_field(const unsigned char *t, size_t len, size_t *p,
                      unsigned base, size_t limit, int zero_prefix,
                      uint64_t *out)
{
    size_t n = 0, digits = 0;
    int negative = 0;
    uint64_t v = 0;

    while (*p < len && t[*p] != '.') {
        uint32_t c;
        int d;

        if (n == limit)
            return -1;          /* field too wide */
        c = next_char(t, len, p);
        if (n++ == 0 && !zero_prefix && (c == '+' || c == '-')) {
            negative = c == '-';
            continue;
        }
        if ((d = digit_value(c, base)) < 0)
            return -1;
        v = v * base + (unsigned)d;     /* <= 11 digits: no overflow */
        digits++;
    }
    if ((digits == 0 && !zero_prefix) || (negative && v != 0))
        return -1;
    *out = v;
    return 0;
}

/* ---------------------------------------------------------------- IPv4 */

/*
 * Relaxed IPv4 (inet_parse:ipv4_address/1): 1 to 4 fields separated by
 * single dots, each decimal, octal ("0" prefix) or hexadecimal ("0x"/"0X"
 * prefix); the last field fills all the bytes the earlier ones left.
 */
static int parse_ipv4_relaxed(const unsigned char *t, size_t len,
                              uint8_t out[4])
{
    uint64_t f[4];
    size_t nf = 0, p = 0;

    for (;;) {
        if (nf == 4)            /* something after the fourth field */
            return -1;
        if (len - p >= 2 && t[p] == '0' && (t[p + 1] == 'x' || t[p + 1] == 'X')) {
            /* Hex: zeros after the prefix are dropped and do not count
             * towards the 8 characters; "0x" or "0x0" alone is an error
             * because nothing is left to convert. */
            p += 2;
            while (p < len && t[p] == '0')
                p++;
            if (read_field(t, len, &p, 16, 8, 0, &f[nf++]) < 0)
                return -1;
        } else if (p < len && t[p] == '0') {
            /* Octal: the leading zero stays, further zeros are dropped,
             * then up to 11 characters. */
            p++;
            while (p < len && t[p] == '0')
                p++;
            if (read_field(t, len, &p, 8, 11, 1, &f[nf++]) < 0)
                return -1;
        } else if (read_field(t, len, &p, 10, 10, 0, &f[nf++]) < 0) {
            return -1;
        }
        if (p == len)
            break;
        /* a dot: it must be followed by another field */
        if (++p == len)
            return -1;
    }

    switch (nf) {
    case 1:
        if (f[0] > 0xffffffffu)
            return -1;
        out[0] = (uint8_t)(f[0] >> 24);
        out[1] = (uint8_t)(f[0] >> 16);
        out[2] = (uint8_t)(f[0] >> 8);
        out[3] = (uint8_t)f[0];
        return 0;
    case 2:
        if (f[0] > 0xff || f[1] > 0xffffff)
            return -1;
        out[0] = (uint8_t)f[0];
        out[1] = (uint8_t)(f[1] >> 16);
        out[2] = (uint8_t)(f[1] >> 8);
        out[3] = (uint8_t)f[1];
        return 0;
    case 3:
        if (f[0] > 0xff || f[1] > 0xff || f[2] > 0xffff)
            return -1;
        out[0] = (uint8_t)f[0];
        out[1] = (uint8_t)f[1];
        out[2] = (uint8_t)(f[2] >> 8);
        out[3] = (uint8_t)f[2];
        return 0;
    default:
        if ((f[0] | f[1] | f[2] | f[3]) > 0xff)
            return -1;
        out[0] = (uint8_t)f[0];
        out[1] = (uint8_t)f[1];
        out[2] = (uint8_t)f[2];
        out[3] = (uint8_t)f[3];
        return 0;
    }
}

/*
 * Strict IPv4 (inet_parse:ipv4strict_address/1): exactly four fields, each
 * "0" or 1 to 3 characters not starting with '0' read as a decimal
 * integer, 0..255.  Since OTP converts with list_to_integer, a sign is
 * accepted: "+4", "+09", "-0" and "-00" are fields.
 */
static int parse_ipv4_strict(const unsigned char *t, size_t len,
                             uint8_t out[4])
{
    size_t nf = 0, p = 0;

    for (;;) {
        uint64_t v;

        if (nf == 4)
            return -1;
        if (p < len && t[p] == '0') {
            /* a lone "0": the only field allowed to start with '0' */
            if (++p < len && t[p] != '.')
                return -1;
            v = 0;
        } else if (read_field(t, len, &p, 10, 3, 0, &v) < 0 || v > 255) {
            return -1;
        }
        out[nf++] = (uint8_t)v;
        if (p == len)
            break;
        p++;                    /* past the dot; an empty rest fails above */
    }
    return nf == 4 ? 0 : -1;
}

/* ---------------------------------------------------------------- IPv6 */

/*
 * The zone id after '%' (ZONE[0..N), any bytes): OTP reads a number only
 * when it starts with '0' ("%0" then decimal digits, at most 65535); any
 * other zone, and the empty one, counts as 0.  Returns the value or -1.
 */
static long zone_scope(const unsigned char *z, size_t n)
{
    long v = 0;
    size_t i;

    if (n == 0 || z[0] != '0')
        return 0;
    for (i = 1; i < n; i++) {
        if (z[i] < '0' || z[i] > '9')
            return -1;
        v = v * 10 + (z[i] - '0');
        if (v > 0xffff)
            return -1;
    }
    return v;
}

/*
 * Strict IPv6 (inet_parse:ipv6strict_address/1).  On success fills OUT and
 * sets *ZONE_AT to the index just after the '%' of a zone id, or to
 * (size_t)-1 when there is none.
 */
static int parse_ipv6_strict(const unsigned char *t, size_t len,
                             uint16_t out[8], size_t *zone_at)
{
    uint16_t w[8];
    size_t n = 0;               /* words seen */
    size_t gap = 8;             /* index of "::" in w, 8 while none seen */
    size_t p = 0, zone = (size_t)-1, i;

    if (len >= 2 && t[0] == ':' && t[1] == ':') {
        if (len == 2) {
            memset(out, 0, 8 * sizeof out[0]);
            *zone_at = zone;
            return 0;
        }
        gap = 0;
        p = 2;
    }

    for (;;) {
        size_t start = p, rest;
        unsigned x = 0;
        int d;

        /* one field: 1 to 4 hex digits, greedily */
        while (p < len && p - start < 4 && (d = hex_value(t[p])) >= 0) {
            x = (x << 4) | (unsigned)d;
            p++;
        }
        if (p == start)
            return -1;
        rest = len - p;

        if (gap == 8) {
            /* before any "::" */
            if (n == 7) {
                if (rest == 0) {
                    w[n++] = (uint16_t)x;
                    break;
                }
                if (t[p] != '%')
                    return -1;
                w[n++] = (uint16_t)x;
                zone = p + 1;
                break;
            }
            if (rest >= 2 && t[p] == ':' && t[p + 1] == ':') {
                w[n++] = (uint16_t)x;
                gap = n;
                if (rest == 2)
                    break;                      /* "x::" */
                if (t[p + 2] == '%') {          /* "x::%zone" */
                    zone = p + 3;
                    break;
                }
                if (n > 6)
                    return -1;  /* "::" then a field would make 8 or more */
                p += 2;
                continue;
            }
            if (rest >= 1 && t[p] == ':') {
                w[n++] = (uint16_t)x;
                p++;
                continue;
            }
            if (rest >= 1 && t[p] == '.' && n == 6) {
                uint8_t v4[4];
                if (parse_ipv4_strict(t + start, len - start, v4) < 0)
                    return -1;
                w[n++] = (uint16_t)(v4[0] << 8 | v4[1]);
                w[n++] = (uint16_t)(v4[2] << 8 | v4[3]);
                break;
            }
            return -1;
        }

        /* after "::": at most 7 words in all, the gap holds at least one
         * zero */
        if (rest == 0 && n <= 6) {
            w[n++] = (uint16_t)x;
            break;
        }
        if (rest == 0)
            return -1;
        if (t[p] == '%' && n <= 6) {
            w[n++] = (uint16_t)x;
            zone = p + 1;
            break;
        }
        if (t[p] == ':' && n <= 5) {
            w[n++] = (uint16_t)x;
            p++;
            continue;
        }
        if (t[p] == '.' && n <= 5) {
            uint8_t v4[4];
            if (parse_ipv4_strict(t + start, len - start, v4) < 0)
                return -1;
            w[n++] = (uint16_t)(v4[0] << 8 | v4[1]);
            w[n++] = (uint16_t)(v4[2] << 8 | v4[3]);
            break;
        }
        return -1;
    }

    /* expand: the words before the gap, zeros, the words after it */
    if (gap == 8) {
        memcpy(out, w, 8 * sizeof w[0]);
    } else {
        size_t after = n - gap, zeros = 8 - n;
        for (i = 0; i < gap; i++)
            out[i] = w[i];
        for (i = 0; i < zeros; i++)
            out[gap + i] = 0;
        for (i = 0; i < after; i++)
            out[gap + zeros + i] = w[gap + i];
    }

    if (zone != (size_t)-1) {
        /* A zone id is allowed only on fe80::/16 and ff02::/16 addresses
         * whose second word is zero; that word then takes the zone's
         * number (0 unless the zone is written "%0<decimal>"). */
        long scope = zone_scope(t + zone, len - zone);
        if (scope < 0)
            return -1;
        if ((out[0] != 0xfe80 && out[0] != 0xff02) || out[1] != 0)
            return -1;
        out[1] = (uint16_t)scope;
    }
    *zone_at = zone;
    return 0;
}

/* -------------------------------------------------------------- public */

static void set_v4(ginet_ip_address *out, const uint8_t v4[4])
{
    out->family = GINET_AF_INET;
    memcpy(out->u.v4, v4, 4);
}

static void set_v4_mapped(ginet_ip_address *out, const uint8_t v4[4])
{
    out->family = GINET_AF_INET6;
    memset(out->u.v6, 0, sizeof out->u.v6);
    out->u.v6[5] = 0xffff;
    out->u.v6[6] = (uint16_t)(v4[0] << 8 | v4[1]);
    out->u.v6[7] = (uint16_t)(v4[2] << 8 | v4[3]);
}

int ginet_parse_address_zone(ginet_parse_kind kind, const char *text,
                             size_t len, ginet_ip_address *out,
                             const char **zone, size_t *zone_len)
{
    const unsigned char *t = (const unsigned char *)text;
    uint8_t v4[4];
    size_t zone_at = (size_t)-1;
    int try_v4, try_v6;

    if (zone)
        *zone = NULL;
    if (zone_len)
        *zone_len = 0;
    if (out == NULL || (text == NULL && len > 0))
        return GINET_EINVAL;

    switch (kind) {
    case GINET_PARSE_ADDRESS:
    case GINET_PARSE_IPV4_ADDRESS:
        try_v4 = parse_ipv4_relaxed(t, len, v4) == 0;
        if (try_v4) {
            set_v4(out, v4);
            return 0;
        }
        if (kind == GINET_PARSE_IPV4_ADDRESS)
            return GINET_EINVAL;
        break;
    case GINET_PARSE_STRICT_ADDRESS:
    case GINET_PARSE_IPV4STRICT_ADDRESS:
        try_v4 = parse_ipv4_strict(t, len, v4) == 0;
        if (try_v4) {
            set_v4(out, v4);
            return 0;
        }
        if (kind == GINET_PARSE_IPV4STRICT_ADDRESS)
            return GINET_EINVAL;
        break;
    case GINET_PARSE_IPV6_ADDRESS:
        try_v4 = parse_ipv4_relaxed(t, len, v4) == 0;
        if (try_v4) {
            set_v4_mapped(out, v4);
            return 0;
        }
        break;
    case GINET_PARSE_IPV6STRICT_ADDRESS:
        break;
    default:
        return GINET_EINVAL;
    }

    try_v6 = parse_ipv6_strict(t, len, out->u.v6, &zone_at) == 0;
    if (!try_v6)
        return GINET_EINVAL;
    out->family = GINET_AF_INET6;
    if (zone_at != (size_t)-1) {
        if (zone)
            *zone = text + zone_at;
        if (zone_len)
            *zone_len = len - zone_at;
    }
    return 0;
}

int ginet_parse_address(const char *text, size_t len, ginet_ip_address *out)
{
    return ginet_parse_address_zone(GINET_PARSE_ADDRESS, text, len, out,
                                    NULL, NULL);
}

int ginet_parse_strict_address(const char *text, size_t len,
                               ginet_ip_address *out)
{
    return ginet_parse_address_zone(GINET_PARSE_STRICT_ADDRESS, text, len,
                                    out, NULL, NULL);
}

int ginet_parse_ipv4_address(const char *text, size_t len,
                             ginet_ip_address *out)
{
    return ginet_parse_address_zone(GINET_PARSE_IPV4_ADDRESS, text, len, out,
                                    NULL, NULL);
}

int ginet_parse_ipv4strict_address(const char *text, size_t len,
                                   ginet_ip_address *out)
{
    return ginet_parse_address_zone(GINET_PARSE_IPV4STRICT_ADDRESS, text,
                                    len, out, NULL, NULL);
}

int ginet_parse_ipv6_address(const char *text, size_t len,
                             ginet_ip_address *out)
{
    return ginet_parse_address_zone(GINET_PARSE_IPV6_ADDRESS, text, len, out,
                                    NULL, NULL);
}

int ginet_parse_ipv6strict_address(const char *text, size_t len,
                                   ginet_ip_address *out)
{
    return ginet_parse_address_zone(GINET_PARSE_IPV6STRICT_ADDRESS, text,
                                    len, out, NULL, NULL);
}
