/*
 * fuzz/fuzz_framer.c — differential libFuzzer target for the streaming
 * framer (core/packet/framer.c) against repeated one-shot decodes.
 *
 * The input (fuzz/fuzz_input.h) gives a packet type, options, how to cut
 * the data into pieces, how to put them in (feed, reserve/commit, or
 * exactly what ginet_framer_need() asks for), whether to detach the buffer
 * now and then, and a type switch after some packet.  Properties:
 *
 *  - the framer returns exactly the packets that ginet_decode_packet()
 *    gives when called again and again on the rest of all the data, with
 *    the HTTP state a socket keeps (http reads a request or status line,
 *    then header lines until http_eoh) — whatever the pieces;
 *  - where OTP's own answer depends on how bytes arrive (a line with
 *    line_length <= packet_size, an HTTP limit of 1; docs/packet.md), the
 *    framer gives the answer for bytes arriving one at a time: the
 *    one-shot decode of the first "window" bytes; everywhere else that
 *    window changes nothing;
 *  - an {error,invalid} comes out as GINET_EMSGSIZE exactly where the
 *    one-shot decodes say invalid, and the end state (more, needed) is the
 *    same;
 *  - ginet_framer_need() agrees with ginet_framer_next(), and reading what
 *    it asks for never reads past a packet (beyond the one byte an HTTP
 *    header line peeks at);
 *  - raw: the packets depend on the pieces; their concatenation is the
 *    data;
 *  - in batch mode, ginet_framer_next_batch() gives the same packets as
 *    next() (the same model, packet for packet: data, offsets, HTTP
 *    terms, the bytes consumed, the state), ends where next() would, and
 *    ginet_decode_packets() over all the data gives what decode_packet
 *    called on the rest gives.
 */
#include "fuzz_check.h"
#include "fuzz_input.h"

#include <ginet/ginet.h>

#include <stdint.h>
#include <stdlib.h>

static int is_http(ginet_packet_type t)
{
    return ginet_packet_type_is_http(t);
}

/* The bytes the framer is documented to look at for TYPE (framer.c). */
static size_t window(ginet_packet_type t, const ginet_packet_options *o,
                     size_t n)
{
    if (t == GINET_PACKET_LINE) {
        if (o->line_length != 0 && n > o->line_length)
            n = o->line_length;
        if (o->packet_size != 0 && n > (size_t)o->packet_size + 1)
            n = (size_t)o->packet_size + 1;
    } else if (is_http(t)) {
        uint32_t max = o->packet_size ? o->packet_size : o->line_length;
        size_t w = max <= 1 ? max : (size_t)max + 1;
        if (max != 0 && n > w)
            n = w;
    }
    return n;
}

/* Where OTP's answer depends on the split (docs/packet.md, "Same packets
 * whatever the split"). */
static int split_dependent(ginet_packet_type t, const ginet_packet_options *o)
{
    if (t == GINET_PACKET_LINE)
        return o->line_length != 0 && o->packet_size != 0 &&
               o->line_length <= o->packet_size;
    if (is_http(t))
        return (o->packet_size ? o->packet_size : o->line_length) == 1;
    return 0;
}

/* The one-shot model: decode_packet/3 over the rest of all the data, with
 * the HTTP state of a socket. */
typedef struct model {
    const uint8_t *d;
    size_t n;
    size_t pos;
    int state;
    ginet_packet_type type;
    const ginet_packet_options *opts;
} model;

static ginet_packet_type oneshot_type(model *m)
{
    switch (m->type) {
    case GINET_PACKET_HTTPH:
    case GINET_PACKET_HTTPH_BIN:
        m->state = 1;           /* httph forces the header state */
        return m->type;
    case GINET_PACKET_HTTP:
        return m->state ? GINET_PACKET_HTTPH : GINET_PACKET_HTTP;
    case GINET_PACKET_HTTP_BIN:
        return m->state ? GINET_PACKET_HTTPH_BIN : GINET_PACKET_HTTP_BIN;
    default:
        return m->type;
    }
}

static int same_packet(int rc, const ginet_packet *a, const ginet_packet *b,
                       ginet_term_arena *arena)
{
    if (rc == GINET_DECODE_MORE)
        return a->needed == b->needed;
    if (rc != GINET_DECODE_OK)
        return 1;
    if (a->size != b->size || a->data.len != b->data.len ||
        (a->data.len && memcmp(a->data.ptr, b->data.ptr, a->data.len) != 0))
        return 0;
    if (!is_http(a->type))
        return 1;
    /* Everything OTP shows of an HTTP line is in its term. */
    char *ta = ginet_term_to_string(ginet_packet_term(arena, a));
    char *tb = ginet_term_to_string(ginet_packet_term(arena, b));
    FUZZ_CHECK(ta != NULL && tb != NULL);
    int same = strcmp(ta, tb) == 0;
    free(ta);
    free(tb);
    return same;
}

/* The next one-shot answer; advances past a packet. */
static int model_next(model *m, ginet_packet *pkt, ginet_term_arena *arena)
{
    ginet_packet_type t = oneshot_type(m);
    size_t avail = m->n - m->pos;
    size_t w = window(m->type, m->opts, avail);
    int rc = ginet_decode_packet(t, m->opts, m->d + m->pos, w, pkt);
    FUZZ_CHECK(rc == GINET_DECODE_OK || rc == GINET_DECODE_MORE ||
               rc == GINET_DECODE_INVALID);
    if (w < avail && !split_dependent(m->type, m->opts)) {
        ginet_packet whole;
        int rc2 = ginet_decode_packet(t, m->opts, m->d + m->pos, avail,
                                      &whole);
        FUZZ_CHECK(rc2 == rc);
        FUZZ_CHECK(same_packet(rc, pkt, &whole, arena));
    }
    if (rc == GINET_DECODE_OK) {
        m->pos += pkt->size;
        if (is_http(t)) {
            if (pkt->http.kind == GINET_HTTP_REQUEST ||
                pkt->http.kind == GINET_HTTP_RESPONSE)
                m->state = 1;
            else if (pkt->http.kind == GINET_HTTP_EOH)
                m->state = 0;
        }
    }
    return rc;
}

typedef struct run {
    ginet_framer *f;
    model m;
    ginet_term_arena *arena;
    uint8_t *raw_out;           /* raw: what came out, in order */
    size_t raw_len;
    size_t packets;             /* packets taken so far */
    int switch_at;              /* take this many, then switch; -1 = never */
    ginet_packet_type switch_to;
    int switched;
    int stopped;                /* the framer answered an error */
    size_t batch_max;           /* batch mode: packets per batch, else 0 */
    ginet_packet_span *spans;
    ginet_http_packet *http;
} run;

/* ginet_framer_need() and ginet_framer_next() together, with their
 * agreement checked.  Returns next()'s answer. */
static int take(run *r, ginet_packet *pkt)
{
    size_t bytes = 12345;
    ginet_framer_want w = ginet_framer_need(r->f, &bytes);
    size_t buffered = ginet_framer_buffered(r->f);
    int rc = ginet_framer_next(r->f, pkt);
    if (rc == GINET_DECODE_MORE) {
        switch (w) {
        case GINET_FRAMER_EXACT:
            FUZZ_CHECK(bytes > 0 && pkt->needed == buffered + bytes);
            break;
        case GINET_FRAMER_AT_LEAST:
            FUZZ_CHECK(bytes > 0 && pkt->needed == 0);
            break;
        case GINET_FRAMER_ANY:
            FUZZ_CHECK(r->m.type == GINET_PACKET_RAW && bytes == 0);
            break;
        default:
            FUZZ_CHECK(!"need() said ready, next() said more");
        }
    } else {
        FUZZ_CHECK(w == GINET_FRAMER_READY && bytes == 0);
    }
    return rc;
}

/* After R's packet count went up: switch the type when it is time. */
static void maybe_switch(run *r)
{
    if (r->switch_at >= 0 && (size_t)r->switch_at == r->packets &&
        !r->switched) {
        r->switched = 1;
        FUZZ_CHECK(ginet_framer_set_type(r->f, r->switch_to, r->m.opts) == 0);
        r->m.type = r->switch_to;
    }
}

/* drain() in batch mode: ginet_framer_next_batch() until it stops short,
 * each packet compared with the model.  Returns 1 after an error. */
static int drain_batch(run *r, int need_driven)
{
    for (;;) {
        ginet_packet_batch b = { .spans = r->spans, .max = r->batch_max,
                                 .http = is_http(r->m.type) ? r->http : NULL };
        /* Stop at the type switch, as a socket's setopts would. */
        if (r->switch_at >= 0 && !r->switched &&
            (size_t)r->switch_at > r->packets &&
            (size_t)r->switch_at - r->packets < b.max)
            b.max = (size_t)r->switch_at - r->packets;
        size_t buffered = ginet_framer_buffered(r->f), pos0 = r->m.pos;
        ptrdiff_t n = ginet_framer_next_batch(r->f, &b);
        FUZZ_CHECK(n >= 0 && (size_t)n == b.count && b.count <= b.max);
        FUZZ_CHECK(b.consumed <= buffered &&
                   ginet_framer_buffered(r->f) == buffered - b.consumed);
        for (size_t i = 0; i < b.count; i++) {
            ginet_packet got;
            memset(&got, 0, sizeof got);
            got.type = r->m.type;
            got.data.ptr = b.base + b.spans[i].offset;
            got.data.len = b.spans[i].len;
            FUZZ_CHECK(b.spans[i].offset <= b.consumed &&
                       b.spans[i].len <= b.consumed - b.spans[i].offset);
            if (r->m.type == GINET_PACKET_RAW) {
                FUZZ_CHECK(b.count == 1 && b.spans[0].offset == 0 &&
                           got.data.len == buffered &&
                           r->raw_len + got.data.len <= r->m.n);
                memcpy(r->raw_out + r->raw_len, got.data.ptr, got.data.len);
                r->raw_len += got.data.len;
                continue;
            }
            if (b.http != NULL)
                got.http = b.http[i];
            ginet_packet want;
            FUZZ_CHECK(model_next(&r->m, &want, r->arena) == GINET_DECODE_OK);
            /* Same place in the stream, same bytes, same HTTP term. */
            FUZZ_CHECK(b.spans[i].offset ==
                       (size_t)(want.data.ptr - (r->m.d + pos0)));
            got.size = want.size;
            FUZZ_CHECK(same_packet(GINET_DECODE_OK, &got, &want, r->arena));
            ginet_term_arena_reset(r->arena);
        }
        if (r->m.type != GINET_PACKET_RAW) {
            FUZZ_CHECK(b.consumed == r->m.pos - pos0);
            /* The state after the last packet — or, when the batch tried
             * one more, with httph's forcing (as next() does). */
            int st = r->m.state;
            if (b.status != GINET_DECODE_OK &&
                (r->m.type == GINET_PACKET_HTTPH ||
                 r->m.type == GINET_PACKET_HTTPH_BIN))
                st = 1;
            FUZZ_CHECK(b.http_state == st &&
                       ginet_framer_http_state(r->f) == st);
        }
        r->packets += b.count;
        if (b.count > 0)
            maybe_switch(r);
        if (b.status == GINET_EMSGSIZE) {
            ginet_packet want, again;
            FUZZ_CHECK(model_next(&r->m, &want, r->arena) ==
                       GINET_DECODE_INVALID);
            FUZZ_CHECK(ginet_framer_next(r->f, &again) == GINET_EMSGSIZE);
            r->stopped = 1;
            return 1;
        }
        if (b.status == GINET_DECODE_MORE) {
            /* next() agrees, with the same known length. */
            ginet_packet again;
            FUZZ_CHECK(ginet_framer_next(r->f, &again) == GINET_DECODE_MORE);
            FUZZ_CHECK(again.needed == b.needed);
            /* No read-ahead: after a packet, at most the byte an HTTP
             * header line peeks. */
            if (need_driven && !r->switched && b.count > 0 &&
                r->m.type != GINET_PACKET_RAW)
                FUZZ_CHECK(ginet_framer_buffered(r->f) <=
                           (is_http(r->m.type) ? 1u : 0u));
            return 0;
        }
        FUZZ_CHECK(b.status == GINET_DECODE_OK && b.count == b.max);
    }
}

/* Take every packet the framer has now, comparing each with the model.
 * Returns 1 once the framer has answered an error. */
static int drain(run *r, int need_driven)
{
    if (r->batch_max != 0)
        return drain_batch(r, need_driven);
    for (;;) {
        ginet_packet pkt;
        int rc = take(r, &pkt);
        if (rc == GINET_DECODE_MORE)
            return 0;
        if (r->m.type == GINET_PACKET_RAW) {
            FUZZ_CHECK(rc == GINET_DECODE_OK);
            FUZZ_CHECK(pkt.size == pkt.data.len &&
                       r->raw_len + pkt.size <= r->m.n);
            memcpy(r->raw_out + r->raw_len, pkt.data.ptr, pkt.size);
            r->raw_len += pkt.size;
            FUZZ_CHECK(ginet_framer_buffered(r->f) == 0);
        } else {
            ginet_packet want;
            int mrc = model_next(&r->m, &want, r->arena);
            if (rc == GINET_EMSGSIZE) {
                FUZZ_CHECK(mrc == GINET_DECODE_INVALID);
                /* sticky until reset */
                FUZZ_CHECK(ginet_framer_next(r->f, &pkt) == GINET_EMSGSIZE);
                r->stopped = 1;
                return 1;
            }
            FUZZ_CHECK(rc == GINET_DECODE_OK && mrc == GINET_DECODE_OK);
            FUZZ_CHECK(same_packet(rc, &pkt, &want, r->arena));
            FUZZ_CHECK(ginet_framer_http_state(r->f) == r->m.state);
            /* No read-ahead: at most the byte an HTTP header line peeks. */
            if (need_driven && !r->switched)
                FUZZ_CHECK(ginet_framer_buffered(r->f) <=
                           (is_http(r->m.type) ? 1u : 0u));
        }
        ginet_term_arena_reset(r->arena);
        r->packets++;
        maybe_switch(r);
    }
}

/*
 * ginet_decode_packets() over all of D[0..N), MAX at a time, against
 * ginet_decode_packet() called on the rest with a socket's HTTP state (no
 * framer window: a one-shot batch sees all the bytes, as one-shot calls
 * do).
 */
static void check_decode_packets(ginet_packet_type type,
                                 const ginet_packet_options *opts,
                                 const uint8_t *d, size_t n, size_t max,
                                 ginet_packet_span *spans,
                                 ginet_http_packet *http,
                                 ginet_term_arena *arena)
{
    ginet_packet_batch b = { .spans = spans, .max = max,
                             .http = is_http(type) ? http : NULL };
    size_t pos = 0;
    int state = 0;
    for (;;) {
        ptrdiff_t k = ginet_decode_packets(type, opts, d + pos, n - pos, &b);
        FUZZ_CHECK(k >= 0 && (size_t)k == b.count && b.count <= max);
        FUZZ_CHECK(b.base == d + pos && b.consumed <= n - pos);
        size_t at = pos;
        for (size_t i = 0; i <= b.count; i++) {
            if (i == b.count && b.status == GINET_DECODE_OK)
                break;                  /* MAX reached: the next call goes on */
            ginet_packet_type t = type;
            if (type == GINET_PACKET_HTTPH || type == GINET_PACKET_HTTPH_BIN)
                state = 1;
            else if (type == GINET_PACKET_HTTP && state)
                t = GINET_PACKET_HTTPH;
            else if (type == GINET_PACKET_HTTP_BIN && state)
                t = GINET_PACKET_HTTPH_BIN;
            ginet_packet want;
            int rc = ginet_decode_packet(t, opts, d + at, n - at, &want);
            if (i == b.count) {         /* where the batch stopped */
                FUZZ_CHECK(rc == b.status);
                if (rc == GINET_DECODE_MORE)
                    FUZZ_CHECK(want.needed == b.needed);
                FUZZ_CHECK(at == pos + b.consumed);
                break;
            }
            FUZZ_CHECK(rc == GINET_DECODE_OK);
            ginet_packet got;
            memset(&got, 0, sizeof got);
            got.type = type;
            got.size = want.size;
            got.data.ptr = b.base + spans[i].offset;
            got.data.len = spans[i].len;
            if (b.http != NULL)
                got.http = http[i];
            FUZZ_CHECK(got.data.ptr == want.data.ptr);
            FUZZ_CHECK(same_packet(GINET_DECODE_OK, &got, &want, arena));
            ginet_term_arena_reset(arena);
            if (is_http(type)) {
                if (want.http.kind == GINET_HTTP_REQUEST ||
                    want.http.kind == GINET_HTTP_RESPONSE)
                    state = 1;
                else if (want.http.kind == GINET_HTTP_EOH)
                    state = 0;
            }
            at += want.size;
        }
        FUZZ_CHECK(b.http_state == state);
        pos += b.consumed;
        if (b.status != GINET_DECODE_OK)
            return;
    }
}

/* Put LEN bytes at P into the framer. */
static void put(run *r, const uint8_t *p, size_t len, int reserve)
{
    if (!reserve) {
        FUZZ_CHECK(ginet_framer_feed(r->f, p, len) == 0);
        return;
    }
    while (len > 0) {
        uint8_t *w;
        size_t avail;
        FUZZ_CHECK(ginet_framer_reserve(r->f, len & 1 ? len : 0, &w,
                                        &avail) == 0);
        FUZZ_CHECK(avail >= 1 && (len % 2 == 0 || avail >= len));
        size_t k = len < avail ? len : avail;
        memcpy(w, p, k);
        FUZZ_CHECK(ginet_framer_commit(r->f, k) == 0);
        p += k;
        len -= k;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = { data, size };
    fuzz_packet_header h;
    fuzz_read_packet_header(&in, &h);
    ginet_packet_type type =
        (ginet_packet_type)(h.selector % GINET_PACKET_TYPE_COUNT);
    ginet_packet_options opts;
    FUZZ_CHECK(fuzz_apply_options(&h, type, &opts) == 0);
    size_t nchunks = fuzz_u8(&in) % 16;
    size_t chunks[16];
    for (size_t i = 0; i < nchunks; i++) {
        uint8_t c = fuzz_u8(&in);
        chunks[i] = c ? c : 256;
    }
    run r;
    memset(&r, 0, sizeof r);
    r.switch_at = -1;
    if (h.flags & FUZZ_FRAMER_SET_TYPE) {
        r.switch_at = fuzz_u8(&in);
        r.switch_to = (ginet_packet_type)(fuzz_u8(&in) %
                                          GINET_PACKET_TYPE_COUNT);
        /* raw's packets depend on the split: no switch to or from it */
        if (type == GINET_PACKET_RAW || r.switch_to == GINET_PACKET_RAW)
            r.switch_at = -1;
    }
    if (h.flags & FUZZ_FRAMER_BATCH) {
        uint8_t m = fuzz_u8(&in);
        r.batch_max = m ? m : 256;
        r.spans = malloc(r.batch_max * sizeof *r.spans);
        r.http = malloc(r.batch_max * sizeof *r.http);
        FUZZ_CHECK(r.spans != NULL && r.http != NULL);
    }
    int reserve = (h.flags & FUZZ_FRAMER_RESERVE) != 0;
    int need_driven = (h.flags & FUZZ_FRAMER_NEED) != 0;
    int detach = (h.flags & FUZZ_FRAMER_DETACH) != 0;

    r.m.d = in.p;
    r.m.n = in.n;
    r.m.type = type;
    r.m.opts = &opts;
    r.arena = ginet_term_arena_new();
    FUZZ_CHECK(r.arena != NULL);
    r.raw_out = malloc(in.n ? in.n : 1);
    FUZZ_CHECK(r.raw_out != NULL);
    FUZZ_CHECK(ginet_framer_new(type, &opts, &r.f) == 0);

    size_t pos = 0, k = 0;
    while (pos < in.n && !r.stopped) {
        size_t len;
        if (need_driven && type != GINET_PACKET_RAW) {
            size_t bytes;
            ginet_framer_want w = ginet_framer_need(r.f, &bytes);
            if (w == GINET_FRAMER_READY) {
                if (drain(&r, 1))
                    break;
                continue;
            }
            len = bytes;
            FUZZ_CHECK(len > 0);
        } else {
            len = nchunks ? chunks[k++ % nchunks] : in.n;
        }
        if (len > in.n - pos)
            len = in.n - pos;
        put(&r, in.p + pos, len, reserve);
        pos += len;
        if (drain(&r, need_driven))
            break;
        if (detach && (k & 1)) {
            void *block;
            FUZZ_CHECK(ginet_framer_detach(r.f, &block) == 0);
            ginet_framer_block_free(block);
        }
    }
    if (!r.stopped)
        drain(&r, need_driven);

    if (type == GINET_PACKET_RAW) {
        FUZZ_CHECK(r.raw_len == in.n);
        FUZZ_CHECK(in.n == 0 || memcmp(r.raw_out, in.p, in.n) == 0);
    } else if (!r.stopped) {
        /* All data in, the framer wants more: so must the model, with
         * the same known length. */
        ginet_packet got, want;
        FUZZ_CHECK(ginet_framer_next(r.f, &got) == GINET_DECODE_MORE);
        FUZZ_CHECK(model_next(&r.m, &want, r.arena) == GINET_DECODE_MORE);
        FUZZ_CHECK(got.needed == want.needed);
        FUZZ_CHECK(ginet_framer_buffered(r.f) == in.n - r.m.pos);
    }
    if (r.batch_max != 0)
        check_decode_packets(type, &opts, in.p, in.n, r.batch_max, r.spans,
                             r.http, r.arena);
    ginet_framer_free(r.f);
    ginet_term_arena_free(r.arena);
    free(r.raw_out);
    free(r.spans);
    free(r.http);
    return 0;
}
