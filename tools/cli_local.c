/*
 * tools/cli_local.c — local (unix) socket addresses on the command line:
 * `--local PATH` for the commands that take an address (echo-server,
 * echo-client).  PATH is a socket file name; "@NAME" is the Linux
 * abstract name NUL + NAME (the way ss(8) and socat print them).  A
 * listener reports where it listens as "LOCAL PATH" instead of
 * "PORT <n>".  See docs/local-sockets.md.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cli_local_address(const char *cmd, const char *text, ginet_sockaddr *out)
{
    char buf[GINET_LOCAL_PATH_MAX + 1];
    size_t len = strlen(text);
    const char *path = text;
    if (text[0] == '@') {                    /* @NAME: abstract */
        if (len > GINET_LOCAL_PATH_MAX)
            return cli_fail(cmd, "--local %s: an abstract name of at most %d bytes", text,
                            GINET_LOCAL_PATH_MAX - 1);
        buf[0] = '\0';
        memcpy(buf + 1, text + 1, len - 1);
        path = buf;
    }
    int rc = ginet_sockaddr_local(out, path, len);
    if (rc != 0)
        return cli_fail(cmd, "--local %s: %s", text, ginet_format_error(rc));
    return 0;
}

int cli_local_listen_opts(const char *cmd, const char *text, ginet_optlist *opts)
{
    ginet_sockaddr a;
    if (cli_local_address(cmd, text, &a) != 0)
        return 1;
    ginet_opt o;
    memset(&o, 0, sizeof o);
    o.id = GINET_OPT_IFADDR;
    o.val.addr_kind = GINET_OPTADDR_LOCAL;
    o.val.str.ptr = (const char *)a.u.local.path;
    o.val.str.len = a.u.local.len;
    if (ginet_optlist_add_int(opts, GINET_OPT_FAMILY, GINET_AF_LOCAL) != 0
        || ginet_optlist_add(opts, &o) != 0)
        return cli_fail(cmd, "--local %s: %s", text, ginet_last_error());
    return 0;
}

int cli_print_listening(ginet_socket *ls)
{
    ginet_sockaddr a;
    int rc = ginet_sockname(ls, &a);
    if (rc != 0)
        return rc;
    if (a.family == GINET_AF_LOCAL) {
        printf("LOCAL ");
        for (size_t i = 0; i < a.u.local.len; i++)
            putchar(i == 0 && a.u.local.path[0] == 0 ? '@' : a.u.local.path[i]);
        putchar('\n');
    } else {
        printf("PORT %u\n", (unsigned)a.port);
    }
    fflush(stdout);
    return 0;
}
