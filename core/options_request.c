/*
 * core/options_request.c — the getopts/2 request form: which options a
 * term list such as [packet, active, {raw,6,8,4}] asks for.  As OTP: the
 * names of readable options, and raw asked with {raw, Level, Name, Size}
 * (or a binary); anything else is einval.
 */
#include "core/options_internal.h"

#include <string.h>

int ginet__getopt_request_from_term(const ginet_term *t, ginet_opt *out,
                                    ginet_term_error *err)
{
    memset(out, 0, sizeof *out);
    if (t != NULL && t->kind == GINET_TERM_ATOM) {
        const ginet__optdesc *d = ginet__option_lookup(t->u.atom.name,
                                                       t->u.atom.len);
        if (d == NULL || !(d->flags & GINET__OPTF_READABLE)
            || d->type == GINET__T_RAW) {
            if (d == NULL)
                ginet__opt_error(err, t, "unknown option");
            else
                ginet__opt_error(err, t, "getopts cannot read %s", d->name);
            return GINET_EINVAL;
        }
        out->id = d->id;
        return 0;
    }
    /* {raw, Level, Name, Size | Binary} or {raw, {Level, Name, Size | Bin}} */
    if (t != NULL && t->kind == GINET_TERM_TUPLE && t->u.seq.count > 0
        && ginet_term_is_atom(t->u.seq.items[0], "raw")) {
        const ginet_term *const *e = NULL;
        if (t->u.seq.count == 4)
            e = (const ginet_term *const *)t->u.seq.items + 1;
        else if (t->u.seq.count == 2
                 && t->u.seq.items[1]->kind == GINET_TERM_TUPLE
                 && t->u.seq.items[1]->u.seq.count == 3)
            e = (const ginet_term *const *)t->u.seq.items[1]->u.seq.items;
        if (e != NULL && e[0]->kind == GINET_TERM_INTEGER
            && e[1]->kind == GINET_TERM_INTEGER) {
            out->id = GINET_OPT_RAW;
            out->val.raw.level = ginet__opt_int32(e[0]->u.integer);
            out->val.raw.name = ginet__opt_int32(e[1]->u.integer);
            if (e[2]->kind == GINET_TERM_BINARY) {
                out->val.raw.data = e[2]->u.binary.data;
                out->val.raw.len = e[2]->u.binary.len;
                return 0;
            }
            if (e[2]->kind == GINET_TERM_INTEGER && e[2]->u.integer >= 0
                && (uint64_t)e[2]->u.integer <= UINT32_MAX) {
                out->val.raw.len = (size_t)e[2]->u.integer;
                return 0;
            }
        }
        ginet__opt_error(err, t, "getopts asks for raw with "
                         "{raw, Level, Name, Size | Binary}");
        return GINET_EINVAL;
    }
    ginet__opt_error(err, t, "not an option name");
    return GINET_EINVAL;
}
