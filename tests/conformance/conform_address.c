/*
 * tests/conformance/conform_address.c — the address.tsv adapter: inet's
 * parse_*, ntoa, ipv4_mapped_ipv6_address and is_*_address through
 * include/ginet/address.h.
 *
 * OTP takes strings as lists of code points; they are passed to ginet UTF-8
 * encoded.  Address arguments are tuples of integers; anything else (an
 * atom, a list, a tuple holding atoms) is "not an address", which is what
 * OTP answers for them too.
 */
#include "conform.h"

#include <stdlib.h>
#include <string.h>

/* Encode a list of code points as UTF-8 into a new buffer; NULL if ARG is
 * not such a list.  The caller frees *OUT. */
static int utf8_of_list(const ginet_term *arg, char **out, size_t *len)
{
    if (arg == NULL || arg->kind != GINET_TERM_LIST)
        return -1;
    size_t n = arg->u.seq.count;
    char *buf = malloc(n * 4 + 1);
    if (buf == NULL)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const ginet_term *e = arg->u.seq.items[i];
        if (e->kind != GINET_TERM_INTEGER || e->u.integer < 0
            || e->u.integer > 0x10FFFF
            || (e->u.integer >= 0xD800 && e->u.integer <= 0xDFFF)) {
            free(buf);
            return -1;
        }
        uint32_t cp = (uint32_t)e->u.integer;
        if (cp < 0x80) {
            buf[k++] = (char)cp;
        } else if (cp < 0x800) {
            buf[k++] = (char)(0xC0 | (cp >> 6));
            buf[k++] = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            buf[k++] = (char)(0xE0 | (cp >> 12));
            buf[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            buf[k++] = (char)(0x80 | (cp & 0x3F));
        } else {
            buf[k++] = (char)(0xF0 | (cp >> 18));
            buf[k++] = (char)(0x80 | ((cp >> 12) & 0x3F));
            buf[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            buf[k++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    *out = buf;
    *len = k;
    return 0;
}

static ginet_term *tuple_of_address(conform_ctx *ctx, const ginet_ip_address *a)
{
    int64_t e[8];
    int n = ginet_ip_address_to_tuple(a, e);
    if (n < 0)
        return NULL;
    ginet_term *t = ginet_term_tuple_new(ctx->arena, (size_t)n);
    if (t == NULL)
        return NULL;
    for (int i = 0; i < n; i++)
        if ((t->u.seq.items[i] = ginet_term_int(ctx->arena, e[i])) == NULL)
            return NULL;
    return t;
}

typedef int (*parse_fn)(const char *, size_t, ginet_ip_address *);

static ginet_term *run_parse(conform_ctx *ctx, const ginet_term *args, parse_fn fn)
{
    char *text;
    size_t len;
    if (utf8_of_list(conform_arg(args, 0), &text, &len) != 0) {
        ctx->skip_reason = "argument is not a list of Unicode code points";
        return NULL;
    }
    ginet_ip_address a;
    int rc = fn(text, len, &a);
    free(text);
    if (rc == GINET_EINVAL)
        return conform_error(ctx, "einval");
    if (rc != 0)
        return NULL;
    return conform_ok(ctx, tuple_of_address(ctx, &a));
}

#define PARSER(name) \
    static ginet_term *name##_v(conform_ctx *ctx, const ginet_term *args) \
    { return run_parse(ctx, args, ginet_##name); }
PARSER(parse_address)
PARSER(parse_strict_address)
PARSER(parse_ipv4_address)
PARSER(parse_ipv4strict_address)
PARSER(parse_ipv6_address)
PARSER(parse_ipv6strict_address)

/* The integers of ARG if it is a tuple of at most 16 integers. */
static int int_tuple(const ginet_term *arg, int64_t elems[16], size_t *count)
{
    if (arg == NULL || arg->kind != GINET_TERM_TUPLE || arg->u.seq.count > 16)
        return -1;
    for (size_t i = 0; i < arg->u.seq.count; i++) {
        if (arg->u.seq.items[i]->kind != GINET_TERM_INTEGER)
            return -1;
        elems[i] = arg->u.seq.items[i]->u.integer;
    }
    *count = arg->u.seq.count;
    return 0;
}

static ginet_term *ntoa_v(conform_ctx *ctx, const ginet_term *args)
{
    int64_t e[16];
    size_t n;
    ginet_ip_address a;
    if (int_tuple(conform_arg(args, 0), e, &n) != 0
        || ginet_ip_address_from_tuple(e, n, &a) != 0)
        return conform_error(ctx, "einval");
    char buf[GINET_NTOA_MAX];
    long len = ginet_ntoa(&a, buf, sizeof buf);
    if (len == GINET_EINVAL)
        return conform_error(ctx, "einval");
    if (len < 0)
        return NULL;
    return ginet_term_string(ctx->arena, buf, (size_t)len);
}

/* OTP's guard for ipv4_mapped_ipv6_address/1 is (A bor B bor ...) < 256
 * (or < 65536): it admits negative elements and then returns a tuple that
 * is not an address.  ginet's address type cannot hold negative elements. */
static int otp_guard_admits(const int64_t *e, size_t n)
{
    if (n != 4 && n != 8)
        return 0;
    int64_t bits = 0;
    for (size_t i = 0; i < n; i++)
        bits |= e[i];
    return bits < (n == 4 ? 256 : 65536);
}

static ginet_term *ipv4_mapped_v(conform_ctx *ctx, const ginet_term *args)
{
    int64_t e[16];
    size_t n;
    ginet_ip_address a, m;
    if (int_tuple(conform_arg(args, 0), e, &n) != 0)
        return conform_exit(ctx, "function_clause");
    if (ginet_ip_address_from_tuple(e, n, &a) != 0) {
        if (otp_guard_admits(e, n)) {
            ctx->skip_reason = "OTP's guard admits negative elements and returns a "
                               "non-address; no C address type holds them";
            return NULL;
        }
        return conform_exit(ctx, "function_clause");
    }
    if (ginet_ipv4_mapped_ipv6_address(&a, &m) != 0)
        return conform_exit(ctx, "function_clause");
    return tuple_of_address(ctx, &m);
}

typedef int (*pred_fn)(const int64_t *, size_t);

static ginet_term *run_pred(conform_ctx *ctx, const ginet_term *args, pred_fn fn)
{
    int64_t e[16];
    size_t n;
    if (int_tuple(conform_arg(args, 0), e, &n) != 0)
        return conform_bool(ctx, 0);
    return conform_bool(ctx, fn(e, n));
}

static ginet_term *is_ip_v(conform_ctx *ctx, const ginet_term *args)
{ return run_pred(ctx, args, ginet_is_ip_address); }
static ginet_term *is_ipv4_v(conform_ctx *ctx, const ginet_term *args)
{ return run_pred(ctx, args, ginet_is_ipv4_address); }
static ginet_term *is_ipv6_v(conform_ctx *ctx, const ginet_term *args)
{ return run_pred(ctx, args, ginet_is_ipv6_address); }

const conform_entry conform_address_table[] = {
    { "parse_address", parse_address_v },
    { "parse_strict_address", parse_strict_address_v },
    { "parse_ipv4_address", parse_ipv4_address_v },
    { "parse_ipv4strict_address", parse_ipv4strict_address_v },
    { "parse_ipv6_address", parse_ipv6_address_v },
    { "parse_ipv6strict_address", parse_ipv6strict_address_v },
    { "ntoa", ntoa_v },
    { "ipv4_mapped_ipv6_address", ipv4_mapped_v },
    { "is_ip_address", is_ip_v },
    { "is_ipv4_address", is_ipv4_v },
    { "is_ipv6_address", is_ipv6_v },
    { NULL, NULL }
};
