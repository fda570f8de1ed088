/*
 * tools/cmd_demo.c — `ginet demo`: a short walk through what the library
 * does, on sample inputs, printed as an OTP user would write it.  Each
 * capability adds its section here.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void show_parse(const char *fn_name,
                       int (*fn)(const char *, size_t, ginet_ip_address *),
                       const char *text)
{
    ginet_ip_address a;
    char call[80];
    snprintf(call, sizeof call, "inet:%s(\"%s\")", fn_name, text);
    if (fn(text, strlen(text), &a) != 0) {
        printf("  %-52s -> {error,einval}\n", call);
        return;
    }
    int64_t e[8];
    int n = ginet_ip_address_to_tuple(&a, e);
    printf("  %-52s -> {ok,{", call);
    for (int i = 0; i < n; i++)
        printf(i ? ",%lld" : "%lld", (long long)e[i]);
    printf("}}\n");
}

static void show_ntoa(const int64_t *e, size_t n)
{
    char call[80];
    int k = snprintf(call, sizeof call, "inet:ntoa({");
    for (size_t i = 0; i < n && k > 0 && (size_t)k < sizeof call; i++)
        k += snprintf(call + k, sizeof call - (size_t)k, i ? ",%lld" : "%lld",
                      (long long)e[i]);
    if (k > 0 && (size_t)k < sizeof call)
        snprintf(call + k, sizeof call - (size_t)k, "})");
    ginet_ip_address a;
    char buf[GINET_NTOA_MAX];
    if (ginet_ip_address_from_tuple(e, n, &a) != 0 || ginet_ntoa(&a, buf, sizeof buf) < 0)
        printf("  %-52s -> {error,einval}\n", call);
    else
        printf("  %-52s -> \"%s\"\n", call, buf);
}

static void show_term(const char *text)
{
    ginet_term_arena *arena = ginet_term_arena_new();
    ginet_term *t;
    ginet_term_error err;
    if (arena == NULL)
        return;
    if (ginet_term_parse(arena, text, strlen(text), &t, &err) == 0) {
        char *w = ginet_term_to_string(t);
        printf("  %-40s ~w -> %s\n", text, w ? w : "?");
        free(w);
    } else {
        printf("  %-40s -> error at line %u, column %u: %s\n", text,
               (unsigned)err.line, (unsigned)err.column, err.message);
    }
    ginet_term_arena_free(arena);
}

/* decode_packet/3 once, on LEN bytes shown as SHOWN. */
static void show_decode(ginet_packet_type type, const char *shown,
                        const void *data, size_t len)
{
    ginet_term_arena *arena = ginet_term_arena_new();
    ginet_packet p;
    int rc = ginet_decode_packet(type, NULL, data, len, &p);
    char *w = arena ? ginet_term_to_string(ginet_decode_result_term(arena, rc, &p,
                                                                    data, len))
                    : NULL;
    printf("  erlang:decode_packet(%s, %s, [])\n      -> %s\n",
           ginet_packet_type_name(type), shown, w ? w : "?");
    free(w);
    ginet_term_arena_free(arena);
}

/* A request head through a framer, as a {packet,http_bin} socket. */
static void show_http_stream(const char *head)
{
    ginet_framer *f;
    ginet_term_arena *arena = ginet_term_arena_new();
    if (arena == NULL || ginet_framer_new(GINET_PACKET_HTTP_BIN, NULL, &f) != 0) {
        ginet_term_arena_free(arena);
        return;
    }
    ginet_framer_feed(f, head, strlen(head));
    ginet_packet p;
    while (ginet_framer_next(f, &p) == GINET_DECODE_OK) {
        char *w = ginet_term_to_string(ginet_packet_term(arena, &p));
        printf("  {http, S, %s}\n", w ? w : "?");
        free(w);
        ginet_term_arena_reset(arena);
    }
    ginet_framer_free(f);
    ginet_term_arena_free(arena);
}

int cli_demo(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return cli_usage(cli_find("demo"));

    printf("ginet %s: Erlang/OTP's inet for C.\n\n", ginet_version());

    printf("Addresses, parsed exactly as OTP's inet does:\n");
    show_parse("parse_address", ginet_parse_address, "192.168.42.2");
    show_parse("parse_address", ginet_parse_address, "127.1");
    show_parse("parse_address", ginet_parse_address, "0x7f000001");
    show_parse("parse_strict_address", ginet_parse_strict_address, "127.1");
    show_parse("parse_address", ginet_parse_address, "::FFFF:192.168.42.2");
    show_parse("parse_address", ginet_parse_address, "fe80::204:acff:fe17:bf38%eth0");
    show_parse("parse_ipv6_address", ginet_parse_ipv6_address, "10.1.2.3");
    show_parse("parse_ipv6strict_address", ginet_parse_ipv6strict_address, "10.1.2.3");
    show_parse("parse_address", ginet_parse_address, "1.2.3.256");

    printf("\nAddresses back to text:\n");
    show_ntoa((const int64_t[]){ 127, 0, 0, 1 }, 4);
    show_ntoa((const int64_t[]){ 0x2001, 0xdb8, 0, 0, 1, 0, 0, 1 }, 8);
    show_ntoa((const int64_t[]){ 0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x2a02 }, 8);
    show_ntoa((const int64_t[]){ 256, 0, 0, 1 }, 4);

    printf("\nAddress predicates:\n");
    printf("  %-52s -> %s\n", "inet:is_ipv4_address({10,0,0,1})",
           ginet_is_ipv4_address((const int64_t[]){ 10, 0, 0, 1 }, 4) ? "true" : "false");
    printf("  %-52s -> %s\n", "inet:is_ip_address({1,2,3})",
           ginet_is_ip_address((const int64_t[]){ 1, 2, 3 }, 3) ? "true" : "false");
    {
        ginet_ip_address a, m;
        char buf[GINET_NTOA_MAX];
        ginet_parse_address("10.1.2.3", 8, &a);
        ginet_ipv4_mapped_ipv6_address(&a, &m);
        ginet_ntoa(&m, buf, sizeof buf);
        printf("  %-52s -> %s\n", "inet:ipv4_mapped_ipv6_address({10,1,2,3})", buf);
    }

    printf("\nErrors, with OTP's atoms and inet:format_error/1 texts:\n");
    const int codes[] = { GINET_EADDRINUSE, GINET_ECONNREFUSED, GINET_ETIMEDOUT,
                          GINET_ENXDOMAIN, GINET_ESYSTEM_LIMIT, GINET_ECLOSED };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        printf("  %-16s -> \"%s\"\n", ginet_error_atom(codes[i]),
               ginet_format_error(codes[i]));

    printf("\nOption text in Erlang term syntax, printed back as ~w:\n");
    show_term("[binary,{packet,4},{active,once}]");
    show_term("{line_delimiter,$\\n}");
    show_term("<<\"GET\",32>>");
    show_term("{ip,{127,0,0,1}");

    printf("\nFraming, as erlang:decode_packet/3 (binaries print as bytes with ~w):\n");
    show_decode(GINET_PACKET_4, "<<0,0,0,5,\"hello\",1,2>>",
                "\0\0\0\5hello\1\2", 11);
    show_decode(GINET_PACKET_LINE, "<<\"first\\nsecond\">>", "first\nsecond", 12);
    show_decode(GINET_PACKET_HTTP_BIN, "<<\"HTTP/1.1 200 OK\\r\\n\">>",
                "HTTP/1.1 200 OK\r\n", 17);
    printf("\nA request head arriving on a {packet,http_bin} socket (request line,\n"
           "then header lines until http_eoh):\n");
    show_http_stream("GET /index.html HTTP/1.1\r\nHost: example.com\r\n"
                     "User-Agent: curl/8.0\r\nX-Trace: 1\r\n\r\n");
    printf("  (try: printf 'GET / HTTP/1.1\\r\\n\\r\\n' | ginet decode-packet http_bin)\n");

    printf("\nMore: ginet --help\n");
    return 0;
}
