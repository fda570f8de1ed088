/*
 * tools/cmd_error.c — `ginet format-error ATOM`: inet:format_error/1.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cli_format_error(int argc, char **argv)
{
    if (argc != 2)
        return cli_usage(cli_find("format-error"));
    /* As OTP, an atom that names no error formats as "unknown POSIX error". */
    puts(ginet_format_error_atom(argv[1], strlen(argv[1])));
    return 0;
}
