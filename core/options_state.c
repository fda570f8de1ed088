/*
 * core/options_state.c — what happens when options are applied, as OTP 25
 * does it: the defaults of a new socket, the frontend's option state and
 * inet_drv's rules for changing it (32-bit cuts, clamps, watermark pairs,
 * the {active,N} count), the order in which a list takes effect, the
 * family a creation list chooses, and option values as backends get them.
 */
#include "core/options_internal.h"
#include "core/last_error.h"

#include <string.h>

#define STREAM_KINDS (GINET__OPTK_TCP_CONNECT | GINET__OPTK_TCP_LISTEN \
                      | GINET__OPTK_LOCAL_STREAM)
#define DGRAM_KINDS  (GINET__OPTK_UDP | GINET__OPTK_LOCAL_DGRAM)

/* inet_drv's buffer for a new socket, and the most a recbuf raises a
 * datagram socket's buffer to. */
#define DEFAULT_BUFFER 1460
#define MAX_DGRAM_RAISE 65536

void ginet__optstate_defaults(ginet__optstate *st, unsigned kind,
                              ginet_family family)
{
    memset(st, 0, sizeof *st);
    st->active = GINET_ACTIVE_TRUE;      /* inet.erl's BaseOpts */
    st->mode = GINET_MODE_LIST;
    st->deliver = GINET_DELIVER_TERM;
    st->packet = GINET_PACKET_RAW;
    st->packet_size = 0;
    st->line_delimiter = '\n';
    st->header = 0;
    st->read_ahead = 1;
    st->buffer = DEFAULT_BUFFER;
    st->high_watermark = 8192;
    st->low_watermark = 4096;
    st->high_msgq_watermark = 8192;
    st->low_msgq_watermark = 4096;
    st->send_timeout = GINET_INFINITY;
    st->send_timeout_close = 0;
    st->delay_send = 0;
    st->exit_on_close = 1;
    st->show_econnreset = 0;
    st->read_packets = 5;
    /* inet_udp (IPv4 only, not inet6_udp) asks for {recbuf, 8192} before
     * the user's options, which then raises buffer to 8192. */
    st->open_recbuf = (kind & GINET__OPTK_UDP) && family == GINET_AF_INET
                      ? 8192 : 0;
}

static int too_small(const ginet_opt *opt, const char *name, int min)
{
    return ginet__fail(GINET_EINVAL, "{%s,%lld}: %s must be at least %d "
                       "(and at most 2147483647)", name,
                       (long long)opt->val.i, name, min);
}

int ginet__optstate_apply(ginet__optstate *st, unsigned kind,
                          const ginet_opt *opt)
{
    const ginet__optdesc *d = opt != NULL ? ginet__option_desc(opt->id) : NULL;
    if (st == NULL || d == NULL)
        return GINET_EINVAL;
    int stream = (kind & STREAM_KINDS) != 0;
    int dgram = (kind & DGRAM_KINDS) != 0;
    int32_t v = ginet__opt_int32(opt->val.i);

    if (opt->id == GINET_OPT_RECBUF) {
        /* setsockopt(SO_RCVBUF) also raises buffer while buffer was never
         * set explicitly (datagram sockets: to at most 64 KiB). */
        if (!st->buffer_set && v > st->buffer)
            st->buffer = dgram && v > MAX_DGRAM_RAISE ? MAX_DGRAM_RAISE : v;
        return GINET__APPLY_NOT_FRONTEND;
    }
    if (d->place != GINET__AT_FRONTEND)
        return GINET__APPLY_NOT_FRONTEND;

    switch (opt->id) {
    case GINET_OPT_ACTIVE:
        if (opt->val.active.kind == GINET_ACTIVE_N) {
            int32_t have = st->active == GINET_ACTIVE_N ? st->active_count : 0;
            int32_t sum = have + opt->val.active.n;
            if (sum > 32767 || sum < -32768)
                return ginet__fail(GINET_EINVAL, "{active,%d}: the count "
                                   "would leave -32768..32767 (it is %d)",
                                   (int)opt->val.active.n, (int)have);
            if (sum <= 0) {
                st->active = GINET_ACTIVE_FALSE;
                st->active_count = 0;
                return GINET__APPLY_WENT_PASSIVE;
            }
            st->active = GINET_ACTIVE_N;
            st->active_count = sum;
        } else {
            st->active = opt->val.active.kind;
            st->active_count = 0;
        }
        return 0;
    case GINET_OPT_MODE:
        st->mode = (int)opt->val.i;
        return 0;
    case GINET_OPT_DELIVER:
        st->deliver = (int)opt->val.i;
        return 0;
    case GINET_OPT_PACKET:
        st->packet = (ginet_packet_type)opt->val.i;
        return 0;
    case GINET_OPT_PACKET_SIZE:
        st->packet_size = (uint32_t)v;
        return 0;
    case GINET_OPT_LINE_DELIMITER:
        st->line_delimiter = (uint8_t)((uint32_t)v & 0xFFu);
        return 0;
    case GINET_OPT_HEADER:
        st->header = (uint32_t)v;
        return 0;
    case GINET_OPT_EXIT_ON_CLOSE:
        st->exit_on_close = (int)opt->val.i;
        return 0;
    case GINET_OPT_BUFFER:
        st->buffer = v < 1 ? 1 : v;
        st->buffer_set = 1;
        return 0;
    case GINET_OPT_HIGH_MSGQ_WATERMARK:
    case GINET_OPT_LOW_MSGQ_WATERMARK:
        if (v < 1)
            return too_small(opt, d->name, 1);
        if (opt->id == GINET_OPT_HIGH_MSGQ_WATERMARK) {
            if (st->low_msgq_watermark > v)
                st->low_msgq_watermark = v;
            st->high_msgq_watermark = v;
        } else {
            if (st->high_msgq_watermark < v)
                st->high_msgq_watermark = v;
            st->low_msgq_watermark = v;
        }
        return 0;
    case GINET_OPT_READ_PACKETS:
        if (!dgram)
            return 0;               /* OTP's TCP sockets accept and ignore it */
        if (v < 1)
            return too_small(opt, d->name, 1);
        st->read_packets = v;
        return 0;
    default:
        break;
    }

    /* The rest are stream options inet_drv ignores on other sockets. */
    if (!stream)
        return 0;
    switch (opt->id) {
    case GINET_OPT_HIGH_WATERMARK:
        if (v < 0)
            v = 0;
        if (st->low_watermark > v)
            st->low_watermark = v;
        st->high_watermark = v;
        break;
    case GINET_OPT_LOW_WATERMARK:
        if (v < 0)
            v = 0;
        if (st->high_watermark < v)
            st->high_watermark = v;
        st->low_watermark = v;
        break;
    case GINET_OPT_SEND_TIMEOUT:
        /* infinity is -1, as in inet_drv; a value that is negative once
         * cut to 32 bits (2147483648...) OTP keeps and shows, ginet takes
         * as infinity too. */
        st->send_timeout = v < 0 ? GINET_INFINITY : v;
        break;
    case GINET_OPT_SEND_TIMEOUT_CLOSE:
        st->send_timeout_close = (int)opt->val.i;
        break;
    case GINET_OPT_DELAY_SEND:
        st->delay_send = (int)opt->val.i;
        break;
    case GINET_OPT_SHOW_ECONNRESET:
        st->show_econnreset = (int)opt->val.i;
        break;
    case GINET_OPT_READ_AHEAD:
        st->read_ahead = (int)opt->val.i;
        break;
    default:
        return GINET__APPLY_NOT_FRONTEND;
    }
    return 0;
}

int ginet__optstate_get(const ginet__optstate *st, unsigned kind,
                        ginet_option id, ginet_opt *out)
{
    const ginet__optdesc *d = ginet__option_desc(id);
    if (st == NULL || out == NULL || d == NULL
        || d->place != GINET__AT_FRONTEND)
        return GINET__APPLY_NOT_FRONTEND;
    /* getopts/2 leaves out what a socket of this kind does not keep:
     * inet_drv's stream-only options on datagram sockets, read_packets on
     * stream sockets.  (packet, header, exit_on_close... it reports on
     * every socket.) */
    int stream_only = id == GINET_OPT_HIGH_WATERMARK
                      || id == GINET_OPT_LOW_WATERMARK
                      || id == GINET_OPT_SEND_TIMEOUT
                      || id == GINET_OPT_SEND_TIMEOUT_CLOSE
                      || id == GINET_OPT_DELAY_SEND
                      || id == GINET_OPT_SHOW_ECONNRESET
                      || id == GINET_OPT_READ_AHEAD;
    if ((stream_only && !(kind & STREAM_KINDS))
        || (id == GINET_OPT_READ_PACKETS && !(kind & DGRAM_KINDS)))
        return GINET__GET_OMIT;
    memset(out, 0, sizeof *out);
    out->id = id;
    ginet_optval *v = &out->val;
    switch (id) {
    case GINET_OPT_ACTIVE:
        v->active.kind = st->active;
        v->active.n = st->active == GINET_ACTIVE_N ? st->active_count : 0;
        break;
    case GINET_OPT_MODE:                v->i = st->mode; break;
    case GINET_OPT_DELIVER:             v->i = st->deliver; break;
    case GINET_OPT_PACKET:              v->i = st->packet; break;
    case GINET_OPT_PACKET_SIZE:         v->i = st->packet_size; break;
    case GINET_OPT_LINE_DELIMITER:      v->i = st->line_delimiter; break;
    case GINET_OPT_HEADER:              v->i = st->header; break;
    case GINET_OPT_READ_AHEAD:          v->i = st->read_ahead; break;
    case GINET_OPT_BUFFER:              v->i = st->buffer; break;
    case GINET_OPT_HIGH_WATERMARK:      v->i = st->high_watermark; break;
    case GINET_OPT_LOW_WATERMARK:       v->i = st->low_watermark; break;
    case GINET_OPT_HIGH_MSGQ_WATERMARK: v->i = st->high_msgq_watermark; break;
    case GINET_OPT_LOW_MSGQ_WATERMARK:  v->i = st->low_msgq_watermark; break;
    case GINET_OPT_SEND_TIMEOUT:
        v->i = st->send_timeout;
        break;
    case GINET_OPT_SEND_TIMEOUT_CLOSE:  v->i = st->send_timeout_close; break;
    case GINET_OPT_DELAY_SEND:          v->i = st->delay_send; break;
    case GINET_OPT_EXIT_ON_CLOSE:       v->i = st->exit_on_close; break;
    case GINET_OPT_SHOW_ECONNRESET:     v->i = st->show_econnreset; break;
    case GINET_OPT_READ_PACKETS:        v->i = st->read_packets; break;
    default:
        return GINET__APPLY_NOT_FRONTEND;
    }
    return 0;
}

size_t ginet__optlist_plan(const ginet_optlist *list, int for_open,
                           size_t *idx)
{
    size_t n = 0;
    unsigned char seen[GINET_OPT_COUNT_] = { 0 };
    if (list == NULL)
        return 0;
    /* From the end back: the first time an option is met there is its
     * last occurrence. */
    for (size_t i = list->count; i-- > 0;) {
        const ginet__optdesc *d = ginet__option_desc(list->items[i].id);
        if (d == NULL)
            continue;
        if (for_open) {
            if (d->place == GINET__AT_OPEN)
                continue;
            if (!(d->flags & GINET__OPTF_REPEATS)) {
                if (seen[d->id])
                    continue;
                seen[d->id] = 1;
            }
        }
        idx[n++] = i;
    }
    return n;
}

int ginet__optlist_family(const ginet_optlist *list,
                          ginet_family default_family, ginet_family *out)
{
    const ginet_opt *fam = ginet_optlist_find(list, GINET_OPT_FAMILY);
    const ginet_opt *addr = NULL;
    for (size_t i = 0; list != NULL && i < list->count; i++)
        if (list->items[i].id == GINET_OPT_IP
            || list->items[i].id == GINET_OPT_IFADDR)
            addr = &list->items[i];

    ginet_family f = default_family;
    if (fam != NULL)
        f = (ginet_family)fam->val.i;
    else if (addr != NULL && addr->val.addr_kind == GINET_OPTADDR_LOCAL)
        f = GINET_AF_LOCAL;
    else if (addr != NULL && addr->val.addr_kind == GINET_OPTADDR_IP)
        f = addr->val.addr.family;  /* also with DEFAULT_FAMILY unspec */

    if (addr != NULL) {
        int ok;
        switch (addr->val.addr_kind) {
        case GINET_OPTADDR_IP:
            ok = addr->val.addr.family == f;
            break;
        case GINET_OPTADDR_LOCAL:
            ok = f == GINET_AF_LOCAL;
            break;
        default:                    /* any, loopback (unspec: inet) */
            ok = f != GINET_AF_LOCAL;
        }
        if (!ok)
            return ginet__fail(GINET_EINVAL, "{%s,_}: the address is not of "
                               "the socket's family (%s)",
                               ginet_option_name(addr->id),
                               f == GINET_AF_INET6 ? "inet6"
                               : f == GINET_AF_LOCAL ? "local" : "inet");
    }
    if (out != NULL)
        *out = f;
    return 0;
}

int ginet__opt_to_bk(const ginet_opt *opt, ginet_bk_opt *id,
                     ginet_bk_optval *val)
{
    const ginet__optdesc *d = opt != NULL ? ginet__option_desc(opt->id) : NULL;
    if (d == NULL || d->place != GINET__AT_BACKEND || id == NULL
        || val == NULL)
        return GINET_EINVAL;
    memset(val, 0, sizeof *val);
    *id = d->bk;
    const ginet_optval *v = &opt->val;
    switch (d->type) {
    case GINET__T_BOOL:
    case GINET__T_INT:
        val->i = ginet__opt_int32(v->i);
        break;
    case GINET__T_LINGER:
        val->linger.on = v->linger.on;
        val->linger.seconds = v->linger.seconds;
        break;
    case GINET__T_MCAST_IF:
        if (v->addr_kind == GINET_OPTADDR_IFINDEX) {
            val->addr.family = GINET_AF_INET6;
            val->addr.u.ip.family = GINET_AF_INET6;
            val->addr.scope_id = (uint32_t)ginet__opt_int32(v->i);
        } else {
            val->addr.family = GINET_AF_INET;
            val->addr.u.ip = v->addr;
        }
        break;
    case GINET__T_MEMBERSHIP:
        val->membership.group = v->membership.group;
        val->membership.iface = v->membership.iface;
        if (v->membership.group.family == GINET_AF_INET
            && val->membership.iface.family != GINET_AF_INET) {
            memset(&val->membership.iface, 0, sizeof val->membership.iface);
            val->membership.iface.family = GINET_AF_INET;
        }
        val->membership.ifindex = v->membership.ifindex;
        break;
    case GINET__T_BINARY:               /* bind_to_device */
        if (v->str.len >= sizeof val->ifname
            || (v->str.len > 0 && memchr(v->str.ptr, 0, v->str.len) != NULL))
            return ginet__fail(GINET_EINVAL, "bind_to_device: an interface "
                               "name of at most %d bytes without NULs",
                               (int)sizeof val->ifname - 1);
        if (v->str.len > 0)
            memcpy(val->ifname, v->str.ptr, v->str.len);
        val->ifname[v->str.len] = '\0';
        break;
    case GINET__T_RAW:
        val->raw.level = v->raw.level;
        val->raw.name = v->raw.name;
        val->raw.data = (void *)(uintptr_t)v->raw.data;
        val->raw.len = v->raw.len;
        break;
    default:
        return GINET_EINVAL;
    }
    return 0;
}
