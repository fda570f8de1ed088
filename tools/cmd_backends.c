/*
 * tools/cmd_backends.c — `ginet backends [--json] [--load NAME]`: the I/O
 * backends this machine has, their capabilities, whether each loads and
 * why not; or load one by name and say why it fails.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Print S as a JSON string. */
static void json_str(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            printf("\\%c", *p);
        else if (*p < 0x20)
            printf("\\u%04x", *p);
        else
            putchar(*p);
    }
    putchar('"');
}

/* Print the names of the bits of CAPS, separated by SEP (JSON quoted). */
static void print_caps(uint64_t caps, const char *sep, int json)
{
    int first = 1;
    for (int i = 0; i < 64; i++) {
        uint64_t bit = UINT64_C(1) << i;
        const char *n = (caps & bit) ? ginet_backend_cap_name(bit) : NULL;
        if (n == NULL)
            continue;
        fputs(first ? "" : sep, stdout);
        if (json)
            json_str(n);
        else
            fputs(n, stdout);
        first = 0;
    }
}

static void print_json(const ginet_backend_info *b, size_t n, const char *path)
{
    printf("{\"default\":");
    json_str(ginet_backend_default());
    printf(",\"search_path\":[");
    for (const char *p = path; *p;) {
        const char *end = strstr(p, ", ");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char *dir = strndup(p, len);
        if (dir != NULL) {
            json_str(dir);
            free(dir);
        }
        p += len;
        if (*p) {
            p += 2;
            putchar(',');
        }
    }
    printf("],\"backends\":[");
    for (size_t i = 0; i < n; i++) {
        printf("%s{\"name\":", i ? "," : "");
        json_str(b[i].name);
        printf(",\"default\":%s,\"loads\":%s,\"error\":", b[i].is_default ? "true" : "false",
               b[i].loaded ? "true" : "false");
        if (b[i].error)
            json_str(ginet_error_atom(b[i].error));
        else
            fputs("null", stdout);
        printf(",\"reason\":");
        json_str(b[i].reason);
        printf(",\"path\":");
        json_str(b[i].path);
        printf(",\"description\":");
        json_str(b[i].description);
        printf(",\"caps\":[");
        print_caps(b[i].caps, ",", 1);
        printf("]}");
    }
    printf("]}\n");
}

static void print_text(const ginet_backend_info *b, size_t n, const char *path)
{
    const char *env = getenv("GINET_BACKEND");
    printf("default backend: %s (%s)\n", ginet_backend_default(),
           env != NULL && *env ? "from GINET_BACKEND" : "configured default");
    printf("search path:     %s\n\n", path);
    for (size_t i = 0; i < n; i++) {
        printf("%c %-10s %s\n", b[i].is_default ? '*' : ' ', b[i].name,
               b[i].loaded ? "loads" : "does not load");
        if (b[i].loaded) {
            printf("      %s\n      module: %s\n      caps:  ", b[i].description, b[i].path);
            print_caps(b[i].caps, " ", 0);
            putchar('\n');
        } else {
            printf("      %s: %s\n", ginet_error_atom(b[i].error), b[i].reason);
        }
    }
}

int cli_backends(int argc, char **argv)
{
    int json = 0;
    const char *load = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--load") == 0 && i + 1 < argc)
            load = argv[++i];
        else
            return cli_usage(cli_find("backends"));
    }
    if (load != NULL) {
        const ginet_backend *bk;
        if (ginet_backend_load(load, &bk) != 0)
            return cli_fail("backends", "%s", ginet_last_error());
        printf("backend '%s' loads\n", load);
        return 0;
    }
    char path[4096];
    ginet_backend_search_path(path, sizeof path);
    ginet_backend_info *list;
    size_t n;
    int rc = ginet_backends(&list, &n);
    if (rc != 0)
        return cli_fail("backends", "%s", ginet_format_error(rc));
    if (json)
        print_json(list, n, path);
    else
        print_text(list, n, path);
    ginet_backends_free(list, n);
    return 0;
}
