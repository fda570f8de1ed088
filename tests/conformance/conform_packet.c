/*
 * tests/conformance/conform_packet.c — the decode_packet.tsv adapter:
 * erlang:decode_packet/3 through include/ginet/packet.h.
 *
 * ARGS is [Type, Data, Options].  Type is an atom or an integer, Data a
 * binary, Options a list of {Name, Value}; anything else is badarg, as the
 * BIF answers.  The result term ({ok,Packet,Rest}, {more,N},
 * {error,invalid}, HTTP tuples with strings as lists or binaries) is built
 * by the library's own ginet_decode_result_term(), which this also tests.
 */
#include "conform.h"

#include <string.h>

/* The BIF's argument checks: Type, then Data and Options, then each option
 * in order.  Returns 0, or -1 for badarg. */
static int read_args(const ginet_term *args, ginet_packet_type *type,
                     const ginet_term **data, ginet_packet_options *opts)
{
    const ginet_term *t = conform_arg(args, 0);
    const ginet_term *d = conform_arg(args, 1);
    const ginet_term *o = conform_arg(args, 2);

    if (t == NULL || d == NULL || o == NULL)
        return -1;
    if (t->kind == GINET_TERM_ATOM) {
        /* "0", "1", ... are integers in Erlang, never atoms. */
        if (t->u.atom.len > 0 && t->u.atom.name[0] >= '0' &&
            t->u.atom.name[0] <= '9')
            return -1;
        if (ginet_packet_type_from_name(t->u.atom.name, t->u.atom.len, type) < 0)
            return -1;
    } else if (t->kind == GINET_TERM_INTEGER) {
        if (ginet_packet_type_from_int(t->u.integer, type) < 0)
            return -1;
    } else {
        return -1;
    }
    if (d->kind != GINET_TERM_BINARY || o->kind != GINET_TERM_LIST)
        return -1;

    ginet_packet_options_init(opts);
    for (size_t i = 0; i < o->u.seq.count; i++) {
        const ginet_term *e = o->u.seq.items[i];
        if (e->kind != GINET_TERM_TUPLE || e->u.seq.count != 2)
            return -1;
        const ginet_term *name = e->u.seq.items[0];
        const ginet_term *value = e->u.seq.items[1];
        if (name->kind != GINET_TERM_ATOM || value->kind != GINET_TERM_INTEGER)
            return -1;
        int opt = ginet_packet_option_from_name(name->u.atom.name,
                                                name->u.atom.len);
        if (opt < 0 || ginet_packet_options_set(opts, *type,
                                                (ginet_packet_option)opt,
                                                value->u.integer) < 0)
            return -1;
    }
    *data = d;
    return 0;
}

static ginet_term *decode_packet(conform_ctx *ctx, const ginet_term *args)
{
    ginet_packet_type type;
    ginet_packet_options opts;
    const ginet_term *data;
    ginet_packet pkt;

    if (read_args(args, &type, &data, &opts) < 0)
        return conform_exit(ctx, "badarg");

    const uint8_t *bytes = data->u.binary.data;
    size_t len = data->u.binary.len;
    int rc = ginet_decode_packet(type, &opts, bytes, len, &pkt);
    return ginet_decode_result_term(ctx->arena, rc, &pkt, bytes, len);
}

const conform_entry conform_packet_table[] = {
    { "decode_packet", decode_packet },
    { NULL, NULL }
};
