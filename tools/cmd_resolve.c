/*
 * tools/cmd_resolve.c — `ginet resolve` and `ginet reverse`: the
 * resolver's lookups from the command line.
 *
 *   ginet resolve NAME [--family inet|inet6] [--all | --hostent]
 *                 [--timeout MS] [--inetrc FILE] [--json]
 *       inet:getaddr(Name, Family):        {ok,{127,0,0,1}}
 *       --all: inet:getaddrs(Name, Family): {ok,[{10,0,1,1},{10,0,1,2}]}
 *       --hostent: inet:gethostbyname(Name, Family):
 *           {ok,{hostent,"localhost",[],inet,4,[{127,0,0,1}]}}
 *   ginet reverse ADDR [--timeout MS] [--inetrc FILE] [--json]
 *       inet:gethostbyaddr(Addr): {ok,{hostent,...}}
 *
 * Output is OTP's ~p on one line; --json gives
 * {"name":...,"aliases":[...],"addrtype":"inet","length":4,
 *  "addresses":["127.0.0.1"]} (resolve without --hostent: only
 * "addresses").  Errors print {error,Atom} (JSON: {"error":...,"text":...})
 * and one line on stderr; exit status 1.  --inetrc FILE loads an inetrc
 * file first (as GINET_INETRC does).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct args {
    const char *what;             /* NAME or ADDR */
    ginet_family family;
    int all, hostent, json;
    long timeout;
    const char *inetrc;
} args;

/* 0, -1 for a usage error, 1 after printing an error. */
static int parse(const char *cmd, int argc, char **argv, int forward, args *a)
{
    memset(a, 0, sizeof *a);
    a->family = GINET_AF_INET;
    a->timeout = GINET_INFINITY;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (strcmp(s, "--json") == 0) {
            a->json = 1;
        } else if (forward && strcmp(s, "--all") == 0) {
            a->all = 1;
        } else if (forward && strcmp(s, "--hostent") == 0) {
            a->hostent = 1;
        } else if (forward && strcmp(s, "--family") == 0 && i + 1 < argc) {
            const char *f = argv[++i];
            a->family = strcmp(f, "inet") == 0 ? GINET_AF_INET
                      : strcmp(f, "inet6") == 0 ? GINET_AF_INET6
                      : strcmp(f, "local") == 0 ? GINET_AF_LOCAL : GINET_AF_UNSPEC;
            if (a->family == GINET_AF_UNSPEC)
                return cli_fail(cmd, "--family takes inet, inet6 or local, not '%s'", f);
        } else if (strcmp(s, "--timeout") == 0 && i + 1 < argc) {
            if (cli_parse_long(argv[++i], -1, 86400000, &a->timeout) != 0)
                return cli_fail(cmd, "--timeout takes milliseconds (-1: infinity)");
        } else if (strcmp(s, "--inetrc") == 0 && i + 1 < argc) {
            a->inetrc = argv[++i];
        } else if (s[0] == '-' && s[1] == '-') {
            return -1;
        } else if (a->what == NULL) {
            a->what = s;
        } else {
            return -1;
        }
    }
    if (a->what == NULL || (a->all && a->hostent))
        return -1;
    if (a->inetrc != NULL && ginet_inetrc_load_file(a->inetrc) != 0)
        return cli_fail(cmd, "%s", ginet_last_error());
    return 0;
}

static void json_ip(const ginet_ip_address *ip)
{
    char text[GINET_NTOA_MAX];
    if (ginet_ntoa(ip, text, sizeof text) < 0)
        text[0] = '\0';
    printf("\"%s\"", text);
}

static void json_addrs(const ginet_ip_address *v, size_t n)
{
    fputs("\"addresses\":[", stdout);
    for (size_t i = 0; i < n; i++) {
        if (i)
            putchar(',');
        json_ip(&v[i]);
    }
    putchar(']');
}

static void json_hostent(const ginet_hostent *h)
{
    fputs("{\"name\":", stdout);
    cli_json_str(h->name);
    fputs(",\"aliases\":[", stdout);
    for (size_t i = 0; i < h->naliases; i++) {
        if (i)
            putchar(',');
        cli_json_str(h->aliases[i]);
    }
    printf("],\"addrtype\":\"%s\",\"length\":%d,",
           h->addrtype == GINET_AF_INET6 ? "inet6" : "inet", h->length);
    json_addrs(h->addrs, h->naddrs);
    puts("}");
}

static void print_ip(const ginet_ip_address *ip)
{
    int64_t e[8];
    int n = ginet_ip_address_to_tuple(ip, e);
    putchar('{');
    for (int i = 0; i < n; i++)
        printf("%s%lld", i ? "," : "", (long long)e[i]);
    putchar('}');
}

/* {ok, Hostent} as ~p, or JSON. */
static int print_hostent(const ginet_hostent *h, int json)
{
    if (json) {
        json_hostent(h);
        return 0;
    }
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t = a != NULL ? ginet_hostent_term(a, h) : NULL;
    ginet_term *ok = t != NULL ? ginet_term_tuple(a, 2, ginet_term_atomz(a, "ok"), t) : NULL;
    if (ok != NULL)
        cli_print_term_p(ok);
    ginet_term_arena_free(a);
    return ok != NULL ? 0 : cli_fail("resolve", "out of memory");
}

int cli_resolve(int argc, char **argv)
{
    args a;
    int rc = parse(argv[0], argc, argv, 1, &a);
    if (rc != 0)
        return rc < 0 ? cli_usage(cli_find(argv[0])) : 1;
    if (a.hostent) {
        ginet_hostent *h;
        rc = ginet_gethostbyname2(a.what, a.family, (int)a.timeout, &h);
        if (rc != 0)
            return cli_print_error(argv[0], rc, a.json);
        rc = print_hostent(h, a.json);
        ginet_hostent_free(h);
        return rc;
    }
    ginet_ip_address *v;
    size_t n;
    rc = ginet_getaddrs(a.what, a.family, (int)a.timeout, &v, &n);
    if (rc != 0)
        return cli_print_error(argv[0], rc, a.json);
    if (!a.all)
        n = 1;                               /* inet:getaddr/2: the first */
    if (a.json) {
        putchar('{');
        json_addrs(v, n);
        puts("}");
    } else {
        fputs(a.all ? "{ok,[" : "{ok,", stdout);
        for (size_t i = 0; i < n; i++) {
            if (i)
                putchar(',');
            print_ip(&v[i]);
        }
        puts(a.all ? "]}" : "}");
    }
    free(v);
    return 0;
}

int cli_reverse(int argc, char **argv)
{
    args a;
    int rc = parse(argv[0], argc, argv, 0, &a);
    if (rc != 0)
        return rc < 0 ? cli_usage(cli_find(argv[0])) : 1;
    ginet_hostent *h;
    rc = ginet_gethostbyaddr(a.what, (int)a.timeout, &h);
    if (rc != 0)
        return cli_print_error(argv[0], rc, a.json);
    rc = print_hostent(h, a.json);
    ginet_hostent_free(h);
    return rc;
}
