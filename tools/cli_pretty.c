/*
 * tools/cli_pretty.c — what the resolver commands share for printing:
 * a term as OTP's ~p prints it on one line (io:format("~999999p", ...):
 * printable lists as "strings"), JSON strings, and {error, Atom} lines.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int printable_list(const ginet_term *t)
{
    if (t->kind != GINET_TERM_LIST || t->u.seq.count == 0)
        return 0;
    for (size_t i = 0; i < t->u.seq.count; i++) {
        const ginet_term *c = t->u.seq.items[i];
        if (c->kind != GINET_TERM_INTEGER)
            return 0;
        int64_t v = c->u.integer;
        if (!((v >= 32 && v <= 126) || v == '\n' || v == '\r' || v == '\t' || v == '\v'
              || v == '\b' || v == '\f' || v == 27))
            return 0;
    }
    return 1;
}

static void put_string(const ginet_term *t)
{
    putchar('"');
    for (size_t i = 0; i < t->u.seq.count; i++) {
        int c = (int)t->u.seq.items[i]->u.integer;
        switch (c) {
        case '"': fputs("\\\"", stdout); break;
        case '\\': fputs("\\\\", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\r': fputs("\\r", stdout); break;
        case '\t': fputs("\\t", stdout); break;
        case '\v': fputs("\\v", stdout); break;
        case '\b': fputs("\\b", stdout); break;
        case '\f': fputs("\\f", stdout); break;
        case 27: fputs("\\e", stdout); break;
        default: putchar(c);
        }
    }
    putchar('"');
}

static void put_p(const ginet_term *t)
{
    if (printable_list(t)) {
        put_string(t);
        return;
    }
    if (t->kind == GINET_TERM_LIST || t->kind == GINET_TERM_TUPLE) {
        putchar(t->kind == GINET_TERM_LIST ? '[' : '{');
        for (size_t i = 0; i < t->u.seq.count; i++) {
            if (i)
                putchar(',');
            put_p(t->u.seq.items[i]);
        }
        putchar(t->kind == GINET_TERM_LIST ? ']' : '}');
        return;
    }
    char *s = ginet_term_to_string(t);      /* atoms, integers, binaries: as ~w */
    fputs(s != NULL ? s : "?", stdout);
    free(s);
}

void cli_print_term_p(const ginet_term *term)
{
    put_p(term);
    putchar('\n');
}

void cli_json_str(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            printf("\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            printf("\\u%04x", *p);
        else
            putchar(*p);
    }
    putchar('"');
}

int cli_print_error(const char *cmd, int code, int json)
{
    const char *atom = ginet_error_atom(code);
    const char *why = ginet_last_error();
    if (json) {
        fputs("{\"error\":", stdout);
        cli_json_str(atom);
        fputs(",\"text\":", stdout);
        cli_json_str(*why ? why : ginet_format_error(code));
        puts("}");
    } else {
        printf("{error,%s}\n", atom);
    }
    fflush(stdout);
    return cli_fail(cmd, "%s", *why ? why : ginet_format_error(code));
}
