/*
 * core/address_format.c — inet:ntoa/1: an IP address as OTP 25 writes it.
 *
 * IPv4 is dotted decimal.  IPv6 is lowercase hex words without leading
 * zeros, the longest run of two or more zero words (the first of equal
 * runs) written "::", except for the forms OTP special-cases: "::",
 * "::1", "::A.B.C.D" (first six words zero), "::ffff:A.B.C.D", and the
 * fe80::/ff02:: zone form "fe80::1%0<word 2 in decimal>".
 */
#include <ginet/address.h>
#include <ginet/error.h>

#include <string.h>

/* A small bounded writer: text is dropped once it would overflow, and the
 * length that would have been written is still counted. */
typedef struct writer {
    char *buf;
    size_t cap;
    size_t len;
} writer;

static void put_char(writer *w, char c)
{
    if (w->len + 1 < w->cap)
        w->buf[w->len] = c;
    w->len++;
}

static void put_str(writer *w, const char *s)
{
    while (*s)
        put_char(w, *s++);
}

static void put_dec(writer *w, unsigned v)
{
    char tmp[8];
    size_t n = 0;

    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        put_char(w, tmp[--n]);
}

static void put_hex(writer *w, unsigned v)
{
    static const char digits[] = "0123456789abcdef";
    int shift = 12;

    while (shift > 0 && (v >> shift) == 0)
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        put_char(w, digits[(v >> shift) & 0xf]);
}

/* A word as two dotted bytes ("1.2"). */
static void put_word_dotted(writer *w, unsigned v)
{
    put_dec(w, v >> 8);
    put_char(w, '.');
    put_dec(w, v & 0xff);
}

static void put_v6(writer *w, const uint16_t v[8])
{
    size_t best = 0, best_len = 0, i = 0;

    /* the longest run of >= 2 zero words; the first one wins a tie */
    while (i < 8) {
        size_t j = i;
        while (j < 8 && v[j] == 0)
            j++;
        if (j - i >= 2 && j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = (j == i) ? i + 1 : j;
    }

    for (i = 0; i < 8; i++) {
        if (best_len > 0 && i == best) {
            put_str(w, "::");
            i += best_len - 1;
            continue;
        }
        if (i > 0 && !(best_len > 0 && i == best + best_len))
            put_char(w, ':');
        put_hex(w, v[i]);
    }
}

long ginet_ntoa(const ginet_ip_address *addr, char *buf, size_t cap)
{
    writer w;
    const uint16_t *v;

    if (addr == NULL || (buf == NULL && cap > 0))
        return GINET_EINVAL;
    w.buf = buf;
    w.cap = cap;
    w.len = 0;

    if (addr->family == GINET_AF_INET) {
        const uint8_t *b = addr->u.v4;
        put_dec(&w, b[0]);
        put_char(&w, '.');
        put_dec(&w, b[1]);
        put_char(&w, '.');
        put_dec(&w, b[2]);
        put_char(&w, '.');
        put_dec(&w, b[3]);
    } else if (addr->family == GINET_AF_INET6) {
        v = addr->u.v6;
        if ((v[0] | v[1] | v[2] | v[3] | v[4]) == 0 && (v[5] == 0 || v[5] == 0xffff)
            && !(v[5] == 0 && v[6] == 0 && v[7] <= 1)) {
            /* "::A.B.C.D" and "::ffff:A.B.C.D" ("::" and "::1" excepted) */
            put_str(&w, v[5] ? "::ffff:" : "::");
            put_word_dotted(&w, v[6]);
            put_char(&w, '.');
            put_word_dotted(&w, v[7]);
        } else if ((v[0] == 0xfe80 || v[0] == 0xff02) && v[1] != 0) {
            /* OTP's zone form: word 2 is the scope id, written "%0N" */
            uint16_t tmp[8];
            memcpy(tmp, v, sizeof tmp);
            tmp[1] = 0;
            put_v6(&w, tmp);
            put_str(&w, "%0");
            put_dec(&w, v[1]);
        } else {
            put_v6(&w, v);
        }
    } else {
        return GINET_EINVAL;
    }

    if (cap > 0)
        buf[w.len < cap ? w.len : cap - 1] = '\0';
    if (w.len >= cap)
        return GINET_ERANGE;
    return (long)w.len;
}
