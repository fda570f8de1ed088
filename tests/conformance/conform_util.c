/*
 * tests/conformance/conform_util.c — result builders the adapters share.
 */
#include "conform.h"

#include <string.h>

ginet_term *conform_atom(conform_ctx *ctx, const char *name)
{
    return ginet_term_atom(ctx->arena, name, strlen(name));
}

ginet_term *conform_exit(conform_ctx *ctx, const char *reason)
{
    return ginet_term_tuple(ctx->arena, 2, conform_atom(ctx, "EXIT"),
                            conform_atom(ctx, reason));
}

ginet_term *conform_ok(conform_ctx *ctx, ginet_term *value)
{
    return ginet_term_tuple(ctx->arena, 2, conform_atom(ctx, "ok"), value);
}

ginet_term *conform_error(conform_ctx *ctx, const char *reason)
{
    return ginet_term_tuple(ctx->arena, 2, conform_atom(ctx, "error"),
                            conform_atom(ctx, reason));
}

ginet_term *conform_bool(conform_ctx *ctx, int value)
{
    return conform_atom(ctx, value ? "true" : "false");
}

const ginet_term *conform_arg(const ginet_term *args, size_t i)
{
    if (args == NULL || args->kind != GINET_TERM_LIST || i >= args->u.seq.count)
        return NULL;
    return args->u.seq.items[i];
}
