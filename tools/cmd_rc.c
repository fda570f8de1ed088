/*
 * tools/cmd_rc.c — `ginet rc [--inetrc FILE]... [--w | --json]`:
 * inet:get_rc/0, the inet configuration's parameters that differ from the
 * defaults (GINET_INETRC read first, then each --inetrc FILE in order).
 *
 * Default output: OTP's ~p on one line; --w: ~w, exactly what OTP's
 * io:format("~w~n", [inet:get_rc()]) prints; --json: the whole
 * configuration, typed (every parameter, default or not):
 *   {"get_rc":"[...~w...]","hosts":[{"ip":"10.0.0.1","names":["a"]}],
 *    "domain":"","nameservers":[{"ip":"127.0.0.1","port":53}],...}
 * A file that does not load (or a bad GINET_INETRC) prints its error —
 * file, line and the bad term — on stderr and exits 1 after printing the
 * configuration as it stands (what applied before the error stays, as in
 * OTP).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void json_ip(const ginet_ip_address *ip)
{
    char text[GINET_NTOA_MAX];
    if (ginet_ntoa(ip, text, sizeof text) < 0)
        text[0] = '\0';
    printf("\"%s\"", text);
}

static void json_strs(char *const *v, size_t n)
{
    putchar('[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            putchar(',');
        cli_json_str(v[i]);
    }
    putchar(']');
}

static void json_ns(const char *key, const ginet_rc_nameserver *v, size_t n)
{
    printf(",\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",{\"ip\":" : "{\"ip\":", stdout);
        json_ip(&v[i].ip);
        printf(",\"port\":%d}", v[i].port);
    }
    putchar(']');
}

static const char *method(ginet_lookup_method m)
{
    static const char *const names[] = { "?", "native", "file", "dns", "yp", "nis", "nisplus" };
    return (unsigned)m < sizeof names / sizeof *names ? names[m] : "?";
}

static void print_json(const ginet_rc *rc, const char *w)
{
    fputs("{\"get_rc\":", stdout);
    cli_json_str(w);
    fputs(",\"hosts\":[", stdout);
    for (size_t i = 0; i < rc->nhosts; i++) {
        fputs(i ? ",{\"ip\":" : "{\"ip\":", stdout);
        json_ip(&rc->hosts[i].ip);
        fputs(",\"names\":", stdout);
        json_strs(rc->hosts[i].names, rc->hosts[i].nnames);
        putchar('}');
    }
    fputs("],\"domain\":", stdout);
    cli_json_str(rc->domain);
    json_ns("nameservers", rc->nameservers, rc->nnameservers);
    fputs(",\"search\":", stdout);
    json_strs(rc->search, rc->nsearch);
    json_ns("alt_nameservers", rc->alt_nameservers, rc->nalt_nameservers);
    printf(",\"timeout\":%d,\"retry\":%d,\"servfail_retry_timeout\":%d,"
           "\"inet6\":%s,\"usevc\":%s,\"edns\":%s,\"udp_payload_size\":%d",
           rc->timeout, rc->retry, rc->servfail_retry_timeout,
           rc->inet6 ? "true" : "false", rc->usevc ? "true" : "false",
           rc->edns == 0 ? "0" : "false", rc->udp_payload_size);
    fputs(",\"resolv_conf\":", stdout);
    cli_json_str(rc->resolv_conf);
    fputs(",\"hosts_file\":", stdout);
    cli_json_str(rc->hosts_file);
    fputs(",\"udp\":", stdout);
    cli_json_str(rc->udp);
    fputs(",\"tcp\":", stdout);
    cli_json_str(rc->tcp);
    fputs(",\"sctp\":", stdout);
    cli_json_str(rc->sctp);
    printf(",\"cache_size\":%d,\"cache_refresh\":%d,\"lookup\":[", rc->cache_size,
           rc->cache_refresh);
    for (size_t i = 0; i < rc->nlookup; i++)
        printf("%s\"%s\"", i ? "," : "", method(rc->lookup[i]));
    puts("]}");
}

int cli_rc(int argc, char **argv)
{
    int w = 0, json = 0, status = 0;
    char why[512];
    if (ginet_inetrc_env_status(why, sizeof why) != 0) {
        cli_fail(argv[0], "%s", why);
        status = 1;
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--w") == 0) {
            w = 1;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "--inetrc") == 0 && i + 1 < argc) {
            if (ginet_inetrc_load_file(argv[++i]) != 0) {
                cli_fail(argv[0], "%s", ginet_last_error());
                status = 1;
            }
        } else {
            return cli_usage(cli_find(argv[0]));
        }
    }
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t;
    if (a == NULL || ginet_get_rc(a, &t) != 0) {
        ginet_term_arena_free(a);
        return cli_fail(argv[0], "out of memory");
    }
    if (json) {
        ginet_rc *rc;
        char *text = ginet_term_to_string(t);
        if (text == NULL || ginet_rc_get(&rc) != 0) {
            free(text);
            ginet_term_arena_free(a);
            return cli_fail(argv[0], "out of memory");
        }
        print_json(rc, text);
        ginet_rc_free(rc);
        free(text);
    } else if (w) {
        status |= cli_print_term(t);
    } else {
        cli_print_term_p(t);
    }
    ginet_term_arena_free(a);
    return status;
}
