/*
 * tools/cmd_ifaddrs.c — `ginet ifaddrs [--netns PATH] [--w | --json]`:
 * inet:getifaddrs/0,1.
 *
 * Default output: the result as `io:format("~999999p~n", [Result])`
 * prints it — OTP's ~p on one line, names as "strings".  --w prints it as
 * ~w (names as lists of integers).  --json prints the same list as JSON,
 * keeping the ifopts' order:
 *   {"interfaces":[{"name":"lo","ifopts":[{"flags":["up",...]},
 *     {"addr":"127.0.0.1"},{"netmask":"255.0.0.0"},...,
 *     {"hwaddr":"00:00:00:00:00:00"}]},...]}
 * On error: {error,Atom} (or {"error":"atom","text":"..."}) on stdout, one
 * line on stderr, exit status 1.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at S (N bytes left), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t len = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4
               : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;
    if (len == 0 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return len;
}

/* S (LEN bytes) as a JSON string: valid UTF-8 as it is, any other byte
 * as the Latin-1 character it is to OTP (\u00XX). */
static void json_bytes(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    putchar('"');
    for (size_t i = 0; i < len;) {
        size_t n = p[i] >= 0x80 ? utf8_seq(p + i, len - i) : 0;
        if (n > 0) {
            fwrite(p + i, 1, n, stdout);
            i += n;
            continue;
        }
        if (p[i] == '"' || p[i] == '\\')
            printf("\\%c", p[i]);
        else if (p[i] < 0x20 || p[i] >= 0x7f)
            printf("\\u%04x", p[i]);
        else
            putchar(p[i]);
        i++;
    }
    putchar('"');
}

static void json_opt(const ginet_ifopt *o)
{
    printf("{\"%s\":", ginet_ifopt_name(o->kind));
    if (o->kind == GINET_IFOPT_FLAGS) {
        int first = 1;
        putchar('[');
        for (unsigned bit = 1; bit <= GINET_IFF_ALL; bit <<= 1)
            if (o->u.flags & bit) {
                printf("%s\"%s\"", first ? "" : ",", ginet_ifflag_name(bit));
                first = 0;
            }
        putchar(']');
    } else if (o->kind == GINET_IFOPT_HWADDR) {
        putchar('"');
        for (size_t i = 0; i < o->u.hwaddr.len; i++)
            printf("%s%02x", i ? ":" : "", o->u.hwaddr.bytes[i]);
        putchar('"');
    } else {
        char text[GINET_NTOA_MAX];
        if (ginet_ntoa(&o->u.ip, text, sizeof text) < 0)
            text[0] = '\0';
        printf("\"%s\"", text);
    }
    putchar('}');
}

static void print_json(const ginet_ifaddrs *list)
{
    printf("{\"interfaces\":[");
    for (size_t i = 0; i < list->count; i++) {
        const ginet_interface *itf = &list->ifs[i];
        printf("%s{\"name\":", i ? "," : "");
        json_bytes(itf->name, itf->name_len);
        printf(",\"ifopts\":[");
        for (size_t k = 0; k < itf->nopts; k++) {
            if (k)
                putchar(',');
            json_opt(&itf->opts[k]);
        }
        printf("]}");
    }
    printf("]}\n");
}

int cli_ifaddrs(int argc, char **argv)
{
    const cli_command *self = cli_find("ifaddrs");
    const char *netns = NULL;
    int json = 0;
    ginet_ifaddrs_style style = GINET_IFADDRS_STYLE_P;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--w") == 0)
            style = GINET_IFADDRS_STYLE_W;
        else if (strcmp(argv[i], "--netns") == 0 && i + 1 < argc)
            netns = argv[++i];
        else
            return cli_usage(self);
    }
    if (json && style == GINET_IFADDRS_STYLE_W)
        return cli_usage(self);

    ginet_ifaddrs *list = NULL;
    int rc = netns != NULL ? ginet_getifaddrs_netns(netns, &list)
                           : ginet_getifaddrs(&list);
    if (json && rc == 0) {
        print_json(list);
    } else if (json) {
        const char *atom = ginet_error_atom(rc), *why = ginet_format_error(rc);
        printf("{\"error\":");
        json_bytes(atom, strlen(atom));
        printf(",\"text\":");
        json_bytes(why, strlen(why));
        printf("}\n");
    } else {
        char *text = ginet_ifaddrs_format(rc, list, style);
        if (text == NULL) {
            ginet_ifaddrs_free(list);
            return cli_fail("ifaddrs", "out of memory");
        }
        puts(text);
        free(text);
    }
    ginet_ifaddrs_free(list);
    if (rc != 0)
        return cli_fail("ifaddrs", "%s%s%s (%s)", netns ? netns : "",
                        netns ? ": " : "", ginet_format_error(rc),
                        ginet_error_atom(rc));
    return 0;
}
