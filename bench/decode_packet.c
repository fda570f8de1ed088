/*
 * bench/decode_packet.c — throughput of ginet's decode_packet engine on
 * realistic inputs, with baselines: memchr and memcpy over the same bytes
 * ({packet,4}) and libhttp-parser (HTTP heads, when configure found it).
 * OTP's erlang:decode_packet/3 is measured on the same bytes by
 * bench/decode_packet_otp.escript; bench/run-decode-packet.sh runs both
 * and prints the table of docs/performance.md.
 *
 *   decode_packet [--heads FILE] [--write-inputs DIR] [--reps N]
 *                 [--min-time SECONDS] [--case NAME]
 *
 * --write-inputs writes DIR/NAME.bin for every case and DIR/cases.tsv
 * (NAME, OTP type, packets per pass) and exits.  Otherwise every case is
 * measured: each implementation makes passes over the whole stream, as
 * many as take at least --min-time (0.1 s), and the time of such a run is
 * taken --reps (7) times, in rounds over all cases and implementations;
 * the median counts.
 * Output: one line per case and implementation, tab-separated:
 *   case  impl  packets  bytes  seconds
 * (the packets and bytes of one run and its median time).
 *
 * Implementations:
 *   ginet         ginet_decode_packet() called on the rest, again and
 *                 again, as an Erlang loop over decode_packet/3 does
 *                 (HTTP: the type switched to httph after a start line
 *                 and back after http_eoh, as a socket does)
 *   ginet-framer  the streaming framer: the bytes fed (copied) in, then
 *                 ginet_framer_next() until it needs more
 *   ginet-batch   ginet_decode_packets(), 256 packets per call (HTTP: 64,
 *                 with the parsed lines), on the rest until it stops
 *                 short; each packet's span (HTTP: field and value) read
 *                 back after each call, as the one-shot loop reads them
 *   framer-batch  the streaming framer: the bytes fed (copied) in, then
 *                 ginet_framer_next_batch() until it needs more
 *   inline-loop   {packet,4} framed by a loop written inline here: no
 *                 call, no result written, no checks but the bounds — the
 *                 serial chain alone (load a header, swap its bytes, add),
 *                 the floor any API can approach
 *   memchr        one memchr() over the stream for a byte it lacks
 *   memcpy        one memcpy() of the stream
 *   http-parser   http_parser_execute() over each head, a fresh parser
 *                 per message (callbacks keep the pointers only)
 */
#include "config.h"

#include "decode_packet_inputs.h"

#include <ginet/ginet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef HAVE_HTTP_PARSER
#include <http_parser.h>
#endif

#ifndef GINET_BENCH_HEADS
#define GINET_BENCH_HEADS "bench/http-heads.txt"
#endif

/* Keeps results alive so the compiler cannot drop the work. */
static volatile size_t sink;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ----------------------------------------------------- implementations */

typedef size_t (*pass_fn)(const bench_case *c, void *state);

static size_t pass_ginet(const bench_case *c, void *state)
{
    (void)state;
    const uint8_t *p = c->data;
    size_t n = c->len, count = 0, keep = 0;
    ginet_packet pkt;

    if (!ginet_packet_type_is_http(c->type)) {
        while (ginet_decode_packet(c->type, NULL, p, n, &pkt) == GINET_DECODE_OK) {
            keep += pkt.data.len;
            p += pkt.size;
            n -= pkt.size;
            count++;
        }
    } else {
        ginet_packet_type start = c->type, headers = c->type;
        if (c->type == GINET_PACKET_HTTP)
            headers = GINET_PACKET_HTTPH;
        else if (c->type == GINET_PACKET_HTTP_BIN)
            headers = GINET_PACKET_HTTPH_BIN;
        ginet_packet_type t = start;
        while (ginet_decode_packet(t, NULL, p, n, &pkt) == GINET_DECODE_OK) {
            switch (pkt.http.kind) {
            case GINET_HTTP_REQUEST:
            case GINET_HTTP_RESPONSE:
                t = headers;
                break;
            case GINET_HTTP_EOH:
                t = start;
                break;
            case GINET_HTTP_HEADER:
                keep += (size_t)pkt.http.field + pkt.http.value.len;
                break;
            default:
                break;
            }
            p += pkt.size;
            n -= pkt.size;
            count++;
        }
    }
    sink += keep;
    return count;
}

static size_t pass_framer(const bench_case *c, void *state)
{
    ginet_framer *f = state;
    ginet_packet pkt;
    size_t count = 0, keep = 0;
    if (ginet_framer_feed(f, c->data, c->len) != 0)
        return 0;
    while (ginet_framer_next(f, &pkt) == GINET_DECODE_OK) {
        keep += pkt.data.len;
        count++;
    }
    sink += keep;
    return count;
}

/* Packets per batch call: a read's worth for a socket; HTTP fewer, as
 * each parsed line takes 176 bytes (64 of them stay in L1). */
#define BENCH_BATCH 256
#define BENCH_BATCH_HTTP 64

typedef struct batch_state {
    ginet_packet_span spans[BENCH_BATCH];
    ginet_http_packet http[BENCH_BATCH_HTTP];
    ginet_framer *f;
} batch_state;

/* What the one-shot loop keeps of each packet, from a batch. */
static size_t batch_keep(const ginet_packet_batch *b, int http)
{
    size_t keep = 0;
    if (!http) {
        for (size_t i = 0; i < b->count; i++)
            keep += b->spans[i].len;
    } else {
        for (size_t i = 0; i < b->count; i++)
            if (b->http[i].kind == GINET_HTTP_HEADER)
                keep += (size_t)b->http[i].field + b->http[i].value.len;
    }
    return keep;
}

static size_t pass_batch(const bench_case *c, void *state)
{
    batch_state *st = state;
    int http = ginet_packet_type_is_http(c->type);
    ginet_packet_batch b = { .spans = st->spans,
                             .max = http ? BENCH_BATCH_HTTP : BENCH_BATCH,
                             .http = http ? st->http : NULL };
    const uint8_t *p = c->data;
    size_t n = c->len, count = 0, keep = 0;
    for (;;) {
        ptrdiff_t k = ginet_decode_packets(c->type, NULL, p, n, &b);
        if (k < 0)
            return 0;
        keep += batch_keep(&b, http);
        count += (size_t)k;
        p += b.consumed;
        n -= b.consumed;
        if (b.status != GINET_DECODE_OK)
            break;
    }
    sink += keep;
    return count;
}

static size_t pass_framer_batch(const bench_case *c, void *state)
{
    batch_state *st = state;
    int http = ginet_packet_type_is_http(c->type);
    ginet_packet_batch b = { .spans = st->spans,
                             .max = http ? BENCH_BATCH_HTTP : BENCH_BATCH,
                             .http = http ? st->http : NULL };
    size_t count = 0, keep = 0;
    if (ginet_framer_feed(st->f, c->data, c->len) != 0)
        return 0;
    for (;;) {
        ptrdiff_t k = ginet_framer_next_batch(st->f, &b);
        if (k < 0)
            return 0;
        keep += batch_keep(&b, http);
        count += (size_t)k;
        if (b.status != GINET_DECODE_OK)
            break;
    }
    sink += keep;
    return count;
}

static size_t pass_inline4(const bench_case *c, void *state)
{
    (void)state;
    const uint8_t *p = c->data, *const end = c->data + c->len;
    size_t count = 0, keep = 0;
    while (end - p >= 4) {
        uint32_t len = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
                       ((uint32_t)p[2] << 8) | p[3];
        if (len > (size_t)(end - p) - 4)
            break;
        keep += len;
        count++;
        p += 4 + (size_t)len;
    }
    sink += keep;
    return count;
}

static size_t pass_memchr(const bench_case *c, void *state)
{
    (void)state;
    sink += memchr(c->data, 0xa5, c->len) == NULL;
    return c->packets;
}

static size_t pass_memcpy(const bench_case *c, void *state)
{
    memcpy(state, c->data, c->len);
    __asm__ __volatile__("" : : "r"(state) : "memory");
    return c->packets;
}

#ifdef HAVE_HTTP_PARSER
typedef struct hp_state {
    http_parser parser;
    http_parser_settings settings;
    size_t messages;
    const char *last;     /* the pointers a zero-copy consumer would keep */
    size_t last_len;
    size_t fields;
} hp_state;

static int hp_data(http_parser *p, const char *at, size_t len)
{
    hp_state *s = p->data;
    s->last = at;
    s->last_len = len;
    return 0;
}

static int hp_field(http_parser *p, const char *at, size_t len)
{
    hp_state *s = p->data;
    s->fields++;
    s->last = at;
    s->last_len = len;
    return 0;
}

/* No body follows the heads in this stream. */
static int hp_headers_complete(http_parser *p)
{
    (void)p;
    return 1;
}

static int hp_complete(http_parser *p)
{
    hp_state *s = p->data;
    s->messages++;
    return 0;
}

static size_t pass_http_parser(const bench_case *c, void *state)
{
    hp_state *s = state;
    enum http_parser_type type = c->baseline == BENCH_BASE_HTTP_RESPONSE
                                     ? HTTP_RESPONSE : HTTP_REQUEST;
    s->messages = 0;
    for (size_t i = 0; i < c->nheads; i++) {
        const char *p = (const char *)c->data + c->heads[i];
        size_t n = c->heads[i + 1] - c->heads[i];
        http_parser_init(&s->parser, type);
        s->parser.data = s;
        if (http_parser_execute(&s->parser, &s->settings, p, n) != n ||
            HTTP_PARSER_ERRNO(&s->parser) != HPE_OK)
            return 0;
    }
    sink += s->last_len + s->fields;
    /* Report decode_packet's packets for the same bytes, so rates are
     * comparable; the message count is checked instead. */
    return s->messages == c->nheads ? c->packets : 0;
}
#endif

/* --------------------------------------------------------------- timing */

typedef struct impl {
    const char *name;
    pass_fn fn;
    void *state;
    size_t passes;          /* per measured run (calibrated) */
    double times[64];
} impl;

/* Calibrate: passes per run so that a run takes at least MIN seconds. */
static int calibrate(const bench_case *c, impl *m, double min)
{
    size_t passes = 1;
    for (;;) {
        double t0 = now();
        for (size_t i = 0; i < passes; i++)
            if (m->fn(c, m->state) != c->packets) {
                fprintf(stderr, "decode_packet: %s on %s: wrong packet count\n",
                        m->name, c->name);
                return -1;
            }
        double t = now() - t0;
        if (t >= min || passes > ((size_t)1 << 40)) {
            m->passes = passes;
            return 0;
        }
        /* aim a little above MIN from what this took */
        size_t next = t > 0 ? (size_t)((double)passes * min * 1.2 / t) : passes * 16;
        passes = next > passes * 16 ? passes * 16 : next > passes ? next : passes * 2;
    }
}

static double run(const bench_case *c, impl *m)
{
    double t0 = now();
    for (size_t i = 0; i < m->passes; i++)
        m->fn(c, m->state);
    return now() - t0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* What is measured on one case. */
typedef struct plan {
    const bench_case *c;
    impl ms[8];
    int n;
    ginet_framer *f;
    batch_state *batch;
    void *copy;
#ifdef HAVE_HTTP_PARSER
    hp_state hp;
#endif
} plan;

static int plan_case(plan *pl, const bench_case *c)
{
    memset(pl, 0, sizeof *pl);
    pl->c = c;
    if (ginet_framer_new(c->type, NULL, &pl->f) != 0)
        return -1;
    pl->ms[pl->n++] = (impl){ .name = "ginet", .fn = pass_ginet };
    pl->ms[pl->n++] = (impl){ .name = "ginet-framer", .fn = pass_framer, .state = pl->f };
    pl->batch = calloc(1, sizeof *pl->batch);
    if (pl->batch == NULL || ginet_framer_new(c->type, NULL, &pl->batch->f) != 0)
        return -1;
    pl->ms[pl->n++] = (impl){ .name = "ginet-batch", .fn = pass_batch, .state = pl->batch };
    pl->ms[pl->n++] = (impl){ .name = "framer-batch", .fn = pass_framer_batch, .state = pl->batch };
    if (c->baseline == BENCH_BASE_MEMORY) {
        pl->copy = malloc(c->len);
        if (pl->copy == NULL)
            return -1;
        if (c->type == GINET_PACKET_4)
            pl->ms[pl->n++] = (impl){ .name = "inline-loop", .fn = pass_inline4 };
        pl->ms[pl->n++] = (impl){ .name = "memchr", .fn = pass_memchr };
        pl->ms[pl->n++] = (impl){ .name = "memcpy", .fn = pass_memcpy, .state = pl->copy };
    }
#ifdef HAVE_HTTP_PARSER
    if (c->baseline == BENCH_BASE_HTTP_REQUEST ||
        c->baseline == BENCH_BASE_HTTP_RESPONSE) {
        hp_state *hp = &pl->hp;
        http_parser_settings_init(&hp->settings);
        hp->settings.on_url = hp_data;
        hp->settings.on_status = hp_data;
        hp->settings.on_header_field = hp_field;
        hp->settings.on_header_value = hp_data;
        hp->settings.on_headers_complete = hp_headers_complete;
        hp->settings.on_message_complete = hp_complete;
        pl->ms[pl->n++] = (impl){ .name = "http-parser", .fn = pass_http_parser, .state = hp };
    }
#endif
    return 0;
}

static void plan_free(plan *pl)
{
    ginet_framer_free(pl->f);
    if (pl->batch != NULL)
        ginet_framer_free(pl->batch->f);
    free(pl->batch);
    free(pl->copy);
}

/*
 * Calibrate every implementation on every case, then take REPS rounds,
 * each timing one run of everything in turn: a burst of load from another
 * process on a shared machine then spoils one sample of many cases rather
 * than all samples of one, and the median drops it.
 */
static int measure(const bench_case *cs, size_t ncases, const char *only,
                   int reps, double min)
{
    plan *pl = calloc(ncases, sizeof *pl);
    size_t n = 0;
    int rc = pl == NULL ? -1 : 0;
    for (size_t i = 0; i < ncases && rc == 0; i++) {
        if (only != NULL && strcmp(only, cs[i].name) != 0)
            continue;
        rc = plan_case(&pl[n], &cs[i]);
        n++;
        for (int k = 0; k < pl[n - 1].n && rc == 0; k++)
            rc = calibrate(&cs[i], &pl[n - 1].ms[k], min);
    }
    for (int r = 0; r < reps && rc == 0; r++)
        for (size_t i = 0; i < n; i++)
            for (int k = 0; k < pl[i].n; k++)
                pl[i].ms[k].times[r] = run(pl[i].c, &pl[i].ms[k]);
    for (size_t i = 0; i < n && rc == 0; i++)
        for (int k = 0; k < pl[i].n; k++)
            printf("%s\t%s\t%zu\t%zu\t%.9f\n", pl[i].c->name, pl[i].ms[k].name,
                   pl[i].c->packets * pl[i].ms[k].passes,
                   pl[i].c->len * pl[i].ms[k].passes,
                   median(pl[i].ms[k].times, reps));
    for (size_t i = 0; i < n; i++)
        plan_free(&pl[i]);
    free(pl);
    return rc;
}

/* ---------------------------------------------------------------- inputs */

static int write_inputs(const char *dir, const bench_case *cs, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/cases.tsv", dir);
    FILE *idx = fopen(path, "w");
    if (idx == NULL) {
        fprintf(stderr, "decode_packet: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    fprintf(idx, "# name\totp_type\tpackets_per_pass\tbytes\tdescription\n");
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s.bin", dir, cs[i].name);
        FILE *f = fopen(path, "wb");
        if (f == NULL || fwrite(cs[i].data, 1, cs[i].len, f) != cs[i].len ||
            fclose(f) != 0) {
            fprintf(stderr, "decode_packet: cannot write %s\n", path);
            fclose(idx);
            return -1;
        }
        fprintf(idx, "%s\t%s\t%zu\t%zu\t%s\n", cs[i].name, cs[i].otp_type,
                cs[i].packets, cs[i].len, cs[i].what);
    }
    return fclose(idx) == 0 ? 0 : -1;
}

static void usage(void)
{
    fprintf(stderr, "usage: decode_packet [--heads FILE] [--write-inputs DIR] "
                    "[--reps N] [--min-time SECONDS] [--case NAME]\n");
}

int main(int argc, char **argv)
{
    const char *heads = GINET_BENCH_HEADS, *dir = NULL, *only = NULL;
    int reps = 7;
    double min = 0.1;

    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--heads") == 0)
            heads = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--write-inputs") == 0)
            dir = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--reps") == 0)
            reps = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--min-time") == 0)
            min = atof(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--case") == 0)
            only = argv[++i];
        else {
            usage();
            return 2;
        }
    }
    if (reps < 1 || reps > 64 || !(min > 0)) {
        usage();
        return 2;
    }

    bench_case *cs;
    size_t n;
    if (bench_make_cases(heads, &cs, &n) != 0)
        return 1;
    int rc = 0;
    if (dir != NULL) {
        rc = write_inputs(dir, cs, n) != 0;
    } else {
        printf("# case\timpl\tpackets\tbytes\tseconds (median of %d)\n", reps);
        rc = measure(cs, n, only, reps, min) != 0;
    }
    bench_free_cases(cs, n);
    return rc;
}
