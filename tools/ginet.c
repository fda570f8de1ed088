/*
 * tools/ginet.c — the `ginet` command: the table of subcommands, --help
 * and --version.  Each subcommand lives in its own tools/cmd_*.c file.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_command commands[] = {
    { "demo", cli_demo, "",
      "walk through what ginet can do, on sample inputs" },
    { "parse-address", cli_parse_address,
      "[--strict|--ipv4|--ipv4-strict|--ipv6|--ipv6-strict] TEXT",
      "parse an IP address as inet:parse_address/1 and friends" },
    { "ntoa", cli_ntoa, "TUPLE",
      "print an address tuple such as {127,0,0,1} as text (inet:ntoa/1)" },
    { "format-error", cli_format_error, "ATOM",
      "print inet:format_error/1's text for a POSIX atom" },
    { "decode-packet", cli_decode_packet,
      "TYPE [--packet-size N] [--line-length N] [--line-delimiter C] [--hex]",
      "frame stdin as a {packet,TYPE} socket does; print each packet as ~w" },
    { "backends", cli_backends, "[--json] [--load NAME]",
      "list the I/O backends, whether each loads here and why not" },
    { "echo-server", cli_echo_server,
      "--port P | --local PATH [--opts TERMS] [--backend NAME] [--threads N] [--owner callback|mailbox [--active N]]",
      "TCP echo server, passive or active (--owner); prints PORT <n> (LOCAL PATH), stops on SIGINT/SIGTERM" },
    { "echo-client", cli_echo_client,
      "--port P [--host H] | --local PATH [--opts TERMS] [--count N] [--size S] [--backend NAME] [--timeout MS]",
      "send N messages of S bytes to an echo server, check every echo, print latency" },
    { "udp-echo", cli_udp_echo, "--port P | --local PATH [--opts TERMS] [--backend NAME]",
      "UDP echo server (gen_udp, passive); prints PORT <n>, stops on SIGINT/SIGTERM" },
    { "send-udp", cli_send_udp, "HOST PORT TEXT | --local PATH TEXT [--opts TERMS] [--backend NAME] [--reply MS]",
      "send TEXT in one datagram; --reply: wait MS for one and print it as gen_udp:recv/3" },
    { "ifaddrs", cli_ifaddrs, "[--netns PATH] [--w | --json]",
      "list interfaces and addresses as inet:getifaddrs/0,1 (one-line ~p; --w: ~w)" },
    { "resolve", cli_resolve,
      "NAME [--family inet|inet6] [--all | --hostent] [--timeout MS] [--inetrc FILE] [--json]",
      "look a name up as inet:getaddr/2 (--all: getaddrs/2, --hostent: gethostbyname/2)" },
    { "reverse", cli_reverse, "ADDR [--timeout MS] [--inetrc FILE] [--json]",
      "look an address up as inet:gethostbyaddr/1" },
    { "rc", cli_rc, "[--inetrc FILE]... [--w | --json]",
      "print the inet configuration as inet:get_rc/0 (GINET_INETRC, then each FILE)" },
    { NULL, NULL, NULL, NULL }
};

const cli_command *cli_find(const char *name)
{
    for (const cli_command *c = commands; c->name != NULL; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

int cli_fail(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "ginet: %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 1;
}

int cli_usage(const cli_command *cmd)
{
    fprintf(stderr, "usage: ginet %s%s%s\n", cmd->name, *cmd->args ? " " : "",
            cmd->args);
    return 2;
}

int cli_print_term(const ginet_term *term)
{
    char *s = ginet_term_to_string(term);
    if (s == NULL) {
        fprintf(stderr, "ginet: out of memory\n");
        return 1;
    }
    puts(s);
    free(s);
    return 0;
}

static void help(FILE *out)
{
    fprintf(out,
            "usage: ginet COMMAND [ARGS...]\n"
            "       ginet --version | --help\n"
            "\n"
            "Erlang/OTP's inet, gen_tcp and gen_udp socket model for C.\n"
            "\n"
            "Commands:\n");
    for (const cli_command *c = commands; c->name != NULL; c++) {
        char head[96];
        snprintf(head, sizeof head, "%s %s", c->name, c->args);
        fprintf(out, "  %-60s\n      %s\n", head, c->summary);
    }
    fprintf(out, "\nTerms (tuples, lists, atoms) are written in Erlang syntax.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        help(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0
        || strcmp(argv[1], "help") == 0) {
        if (argc > 2 && cli_find(argv[2]) != NULL) {
            const cli_command *c = cli_find(argv[2]);
            printf("usage: ginet %s %s\n%s\n", c->name, c->args, c->summary);
        } else {
            help(stdout);
        }
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("ginet %s\n", ginet_version());
        return 0;
    }
    const cli_command *c = cli_find(argv[1]);
    if (c == NULL) {
        fprintf(stderr, "ginet: unknown command '%s' (try 'ginet --help')\n", argv[1]);
        return 2;
    }
    return c->run(argc - 1, argv + 1);
}
