/*
 * tools/cmd_address.c — `ginet parse-address` and `ginet ntoa`.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*parse_fn)(const char *, size_t, ginet_ip_address *);

static const struct {
    const char *flag;
    const char *otp_name;
    parse_fn fn;
} parsers[] = {
    { NULL,            "parse_address",            ginet_parse_address },
    { "--strict",      "parse_strict_address",     ginet_parse_strict_address },
    { "--ipv4",        "parse_ipv4_address",       ginet_parse_ipv4_address },
    { "--ipv4-strict", "parse_ipv4strict_address", ginet_parse_ipv4strict_address },
    { "--ipv6",        "parse_ipv6_address",       ginet_parse_ipv6_address },
    { "--ipv6-strict", "parse_ipv6strict_address", ginet_parse_ipv6strict_address },
};

static int print_address(const ginet_ip_address *a)
{
    int64_t e[8];
    int n = ginet_ip_address_to_tuple(a, e);
    if (n < 0)
        return 1;
    putchar('{');
    for (int i = 0; i < n; i++)
        printf(i ? ",%lld" : "%lld", (long long)e[i]);
    puts("}");
    return 0;
}

int cli_parse_address(int argc, char **argv)
{
    const cli_command *self = cli_find("parse-address");
    size_t which = 0;
    int i = 1;
    if (i < argc && strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i], "--") != 0) {
        for (which = 1; which < sizeof parsers / sizeof parsers[0]; which++)
            if (strcmp(argv[i], parsers[which].flag) == 0)
                break;
        if (which == sizeof parsers / sizeof parsers[0]) {
            cli_fail("parse-address", "unknown option '%s'", argv[i]);
            return cli_usage(self);
        }
        i++;
    } else if (i < argc && strcmp(argv[i], "--") == 0) {
        i++;
    }
    if (argc - i != 1)
        return cli_usage(self);
    ginet_ip_address a;
    int rc = parsers[which].fn(argv[i], strlen(argv[i]), &a);
    if (rc != 0)
        return cli_fail("parse-address", "\"%s\" is not an address for inet:%s/1 (%s)",
                        argv[i], parsers[which].otp_name, ginet_error_atom(rc));
    return print_address(&a);
}

int cli_ntoa(int argc, char **argv)
{
    const cli_command *self = cli_find("ntoa");
    if (argc != 2)
        return cli_usage(self);
    ginet_term_arena *arena = ginet_term_arena_new();
    if (arena == NULL)
        return cli_fail("ntoa", "out of memory");
    ginet_term *t;
    ginet_term_error err;
    int status;
    if (ginet_term_parse(arena, argv[1], strlen(argv[1]), &t, &err) != 0) {
        status = cli_fail("ntoa", "column %u: %s", (unsigned)err.column, err.message);
        goto out;
    }
    int64_t e[16];
    size_t n = 0;
    int ok = t->kind == GINET_TERM_TUPLE && t->u.seq.count <= 16;
    for (size_t k = 0; ok && k < t->u.seq.count; k++) {
        ok = t->u.seq.items[k]->kind == GINET_TERM_INTEGER;
        if (ok)
            e[n++] = t->u.seq.items[k]->u.integer;
    }
    ginet_ip_address a;
    char buf[GINET_NTOA_MAX];
    long len;
    if (!ok || ginet_ip_address_from_tuple(e, n, &a) != 0
        || (len = ginet_ntoa(&a, buf, sizeof buf)) < 0) {
        status = cli_fail("ntoa", "%s is not an IPv4 or IPv6 address tuple (einval)",
                          argv[1]);
        goto out;
    }
    printf("%.*s\n", (int)len, buf);
    status = 0;
out:
    ginet_term_arena_free(arena);
    return status;
}
