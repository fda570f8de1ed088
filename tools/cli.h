/*
 * tools/cli.h — what the `ginet` command's subcommands share: the command
 * table entry, error reporting, and small helpers for printing terms.
 */
#ifndef GINET_CLI_H
#define GINET_CLI_H

#include <ginet/ginet.h>

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);   /* argv[0] is the command name */
    const char *args;                    /* usage after the name */
    const char *summary;                 /* one line for `ginet --help` */
} cli_command;

/* Print "ginet: CMD: MESSAGE" as one line on stderr; returns 1 (the exit
 * status for errors on bad input), or 2 for usage errors via cli_usage. */
int cli_fail(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int cli_usage(const cli_command *cmd);
const cli_command *cli_find(const char *name);

/* Print TERM as ~w followed by a newline; 0 or 1 on failure. */
int cli_print_term(const ginet_term *term);

/* Subcommands. */
int cli_parse_address(int argc, char **argv);
int cli_ntoa(int argc, char **argv);
int cli_format_error(int argc, char **argv);
int cli_demo(int argc, char **argv);
/* echo-server in active mode (tools/cmd_echo_active.c). */
int cli_echo_server_active(const char *owner_kind, long active_n, long nthreads,
                           int port, ginet_optlist *opts);
int cli_decode_packet(int argc, char **argv);
int cli_backends(int argc, char **argv);
int cli_echo_server(int argc, char **argv);
int cli_echo_client(int argc, char **argv);
int cli_ifaddrs(int argc, char **argv);
/* The resolver (tools/cmd_resolve.c, tools/cmd_rc.c). */
int cli_resolve(int argc, char **argv);
int cli_reverse(int argc, char **argv);
int cli_rc(int argc, char **argv);
/* UDP (tools/cmd_udp.c). */
int cli_udp_echo(int argc, char **argv);
int cli_send_udp(int argc, char **argv);

/* tools/cli_pretty.c: TERM as OTP's ~p on one line, then a newline; S as
 * a JSON string; {error,Atom} (JSON with --json) on stdout plus the
 * reason on stderr, returning 1. */
void cli_print_term_p(const ginet_term *term);
void cli_json_str(const char *s);
int cli_print_error(const char *cmd, int code, int json);

/* tools/cmd_echo.c: TEXT as a decimal number in LO..HI into *OUT: 0, or
 * -1 when it is not one. */
int cli_parse_long(const char *text, long lo, long hi, long *out);
/* tools/cmd_echo.c: the option list of --backend NAME ({inet_backend,
 * NAME} first; NULL: none) and --opts TEXT (NULL: none).  0, or 1 after
 * printing one line (bad text: its line, column and reason). */
int cli_socket_opts(const char *cmd, const char *backend, const char *text,
                    ginet_optlist **out);

/* tools/cli_local.c: --local PATH ("@NAME": a Linux abstract name).
 * cli_local_address: the address into *OUT; cli_local_listen_opts: append
 * `local` and {ifaddr, {local, Path}} to OPTS.  Both 0, or 1 after
 * printing one line.  cli_print_listening: "PORT <n>" or "LOCAL PATH" for
 * the listener LS on stdout (flushed); 0 or an error code. */
int cli_local_address(const char *cmd, const char *text, ginet_sockaddr *out);
int cli_local_listen_opts(const char *cmd, const char *text, ginet_optlist *opts);
int cli_print_listening(ginet_socket *ls);

#endif
