/*
 * tests/conformance/conform_error.c — the format_error.tsv adapter:
 * inet:format_error/1 through ginet_format_error_atom().
 */
#include "conform.h"

#include <string.h>

static ginet_term *format_error_v(conform_ctx *ctx, const ginet_term *args)
{
    const ginet_term *a = conform_arg(args, 0);
    const char *text;
    if (a != NULL && a->kind == GINET_TERM_ATOM)
        text = ginet_format_error_atom(a->u.atom.name, a->u.atom.len);
    else
        text = ginet_format_error(GINET_EUNKNOWN); /* OTP: any other term */
    return ginet_term_string(ctx->arena, text, strlen(text));
}

const conform_entry conform_error_table[] = {
    { "format_error", format_error_v },
    { NULL, NULL }
};
