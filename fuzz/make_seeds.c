/*
 * fuzz/make_seeds.c — writes the fuzz targets' seed corpora from the OTP
 * conformance vectors.
 *
 *   make-seeds VECTORS_DIR OUT_DIR
 *
 * Reads VECTORS_DIR/{decode_packet,address,format_error}.tsv with the
 * library's own term reader and writes, in the input layout of
 * fuzz/fuzz_input.h, one file per distinct input into OUT_DIR/TARGET/
 * (packet-length, packet-line, packet-http, framer, term, address), at
 * most SEED_CAP per target, picked evenly from the vectors so that every
 * part of the files is represented.  A few hand-written streams (an HTTP
 * keep-alive exchange, {packet,4} frames, lines) are added, since the
 * vectors each hold a single packet.  File names are a hash of the
 * content, as libFuzzer names its own corpus files.  The output depends
 * only on the vector files: run it again and it writes the same files.
 *
 * Built by `make check` and `make fuzz` when the fuzz targets are;
 * fuzz/run-bounded.sh runs it before fuzzing.
 */
#include "fuzz_input.h"

#include <ginet/ginet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define SEED_CAP 300
#define SEED_MAX_LEN 8192

enum { T_LENGTH, T_LINE, T_HTTP, T_FRAMER, T_TERM, T_ADDRESS, T_COUNT };

static const char *const target_names[T_COUNT] = {
    "packet-length", "packet-line", "packet-http", "framer", "term", "address"
};

typedef struct seed {
    uint8_t *p;
    size_t n;
    uint64_t hash;
} seed;

typedef struct seeds {
    seed *v;
    size_t n, cap;
} seeds;

static seeds all[T_COUNT];

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

static void fail(const char *what)
{
    fprintf(stderr, "make-seeds: %s\n", what);
    exit(1);
}

static void add(int target, const uint8_t *p, size_t n)
{
    seeds *s = &all[target];
    if (n > SEED_MAX_LEN)
        return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (s->v == NULL)
            fail("out of memory");
    }
    seed *e = &s->v[s->n++];
    e->p = malloc(n ? n : 1);
    if (e->p == NULL)
        fail("out of memory");
    memcpy(e->p, p, n);
    e->n = n;
    e->hash = fnv1a(p, n);
}

/* A packet-target input: header then data. */
static void add_packet(int target, const fuzz_packet_header *h,
                       const uint8_t *extra, size_t extra_len,
                       const uint8_t *data, size_t len)
{
    uint8_t *buf = malloc(16 + extra_len + len);
    if (buf == NULL)
        fail("out of memory");
    size_t n = fuzz_write_packet_header(buf, h);
    if (extra_len > 0)                      /* memcpy's pointers must not be NULL */
        memcpy(buf + n, extra, extra_len);
    n += extra_len;
    if (len > 0)
        memcpy(buf + n, data, len);
    add(target, buf, n + len);
    free(buf);
}

static int index_of(const ginet_packet_type *table, size_t count,
                    ginet_packet_type t)
{
    for (size_t i = 0; i < count; i++)
        if (table[i] == t)
            return (int)i;
    return -1;
}

/* One decode_packet input, for its family's target and the framer. */
static void add_decode(ginet_packet_type type, const ginet_packet_options *o,
                       const uint8_t *data, size_t len, unsigned long nth)
{
    fuzz_packet_header h;
    memset(&h, 0, sizeof h);
    h.line_delimiter = '\n';
    if (o->packet_size != 0) {
        h.flags |= FUZZ_OPT_PACKET_SIZE;
        h.packet_size = o->packet_size;
    }
    if (o->line_length != 0) {
        h.flags |= FUZZ_OPT_LINE_LENGTH;
        h.line_length = o->line_length;
    }
    if (type == GINET_PACKET_LINE && o->line_delimiter != '\n') {
        h.flags |= FUZZ_OPT_LINE_DELIMITER;
        h.line_delimiter = o->line_delimiter;
    }
    int i, target = -1;
    if ((i = index_of(fuzz_length_types, FUZZ_COUNT(fuzz_length_types), type)) >= 0)
        target = T_LENGTH;
    else if ((i = index_of(fuzz_line_types, FUZZ_COUNT(fuzz_line_types), type)) >= 0)
        target = T_LINE;
    else if ((i = index_of(fuzz_http_types, FUZZ_COUNT(fuzz_http_types), type)) >= 0)
        target = T_HTTP;
    if (target < 0)
        return;
    h.selector = (uint8_t)i;
    add_packet(target, &h, NULL, 0, data, len);

    /* The framer: all at once, or (every third vector) in pieces of 1, 7
     * and 3 bytes, fed or received in place; every other one taken in
     * batches of 3 (then the batch size follows the pieces). */
    h.selector = (uint8_t)type;
    static const uint8_t whole[2] = { 0, 3 };
    static const uint8_t pieces[5] = { 3, 1, 7, 3, 3 };
    if (nth % 2 == 1)
        h.flags |= FUZZ_FRAMER_BATCH;
    size_t batch = (h.flags & FUZZ_FRAMER_BATCH) ? 1 : 0;
    if (nth % 3 == 0) {
        if (nth % 2 == 0)
            h.flags |= FUZZ_FRAMER_RESERVE;
        add_packet(T_FRAMER, &h, pieces, sizeof pieces - 1 + batch, data, len);
    } else {
        add_packet(T_FRAMER, &h, whole, sizeof whole - 1 + batch, data, len);
    }
}

/* ARGS of decode_packet: [Type, Data, Options], read as the BIF does. */
static void from_decode_packet(const ginet_term *args, unsigned long nth)
{
    if (args->kind != GINET_TERM_LIST || args->u.seq.count != 3)
        return;
    const ginet_term *t = args->u.seq.items[0];
    const ginet_term *d = args->u.seq.items[1];
    const ginet_term *o = args->u.seq.items[2];
    ginet_packet_type type;
    if (t->kind == GINET_TERM_ATOM) {
        if (t->u.atom.len > 0 && t->u.atom.name[0] >= '0' &&
            t->u.atom.name[0] <= '9')
            return;
        if (ginet_packet_type_from_name(t->u.atom.name, t->u.atom.len, &type) < 0)
            return;
    } else if (t->kind == GINET_TERM_INTEGER) {
        if (ginet_packet_type_from_int(t->u.integer, &type) < 0)
            return;
    } else {
        return;
    }
    if (d->kind != GINET_TERM_BINARY || o->kind != GINET_TERM_LIST)
        return;
    ginet_packet_options opts;
    ginet_packet_options_init(&opts);
    for (size_t i = 0; i < o->u.seq.count; i++) {
        const ginet_term *e = o->u.seq.items[i];
        if (e->kind != GINET_TERM_TUPLE || e->u.seq.count != 2 ||
            e->u.seq.items[0]->kind != GINET_TERM_ATOM ||
            e->u.seq.items[1]->kind != GINET_TERM_INTEGER)
            return;
        int opt = ginet_packet_option_from_name(e->u.seq.items[0]->u.atom.name,
                                                e->u.seq.items[0]->u.atom.len);
        if (opt < 0 || ginet_packet_options_set(&opts, type,
                                                (ginet_packet_option)opt,
                                                e->u.seq.items[1]->u.integer) < 0)
            return;
    }
    add_decode(type, &opts, d->u.binary.data, d->u.binary.len, nth);
}

/* UTF-8 of one code point into OUT (room for 4); returns the length, 0 if
 * it is no code point. */
static size_t utf8(int64_t c, uint8_t *out)
{
    if (c < 0 || c > 0x10ffff)
        return 0;
    if (c < 0x80) {
        out[0] = (uint8_t)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (uint8_t)(0xc0 | (c >> 6));
        out[1] = (uint8_t)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (uint8_t)(0xe0 | (c >> 12));
        out[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
        out[2] = (uint8_t)(0x80 | (c & 0x3f));
        return 3;
    }
    out[0] = (uint8_t)(0xf0 | (c >> 18));
    out[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3f));
    out[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
    out[3] = (uint8_t)(0x80 | (c & 0x3f));
    return 4;
}

/* ARGS [X] of an address function: a string gives text mode, an integer
 * tuple tuple mode. */
static void from_address(const ginet_term *args)
{
    if (args->kind != GINET_TERM_LIST || args->u.seq.count != 1)
        return;
    const ginet_term *x = args->u.seq.items[0];
    uint8_t buf[1 + 16 * 4 + 64];
    size_t n = 0;
    if (x->kind == GINET_TERM_LIST) {
        if (x->u.seq.count > 64)
            return;
        uint8_t *text = malloc(1 + 4 * x->u.seq.count);
        if (text == NULL)
            fail("out of memory");
        text[n++] = 0;
        for (size_t i = 0; i < x->u.seq.count; i++) {
            const ginet_term *c = x->u.seq.items[i];
            size_t k = c->kind == GINET_TERM_INTEGER ? utf8(c->u.integer, text + n) : 0;
            if (k == 0) {
                free(text);
                return;
            }
            n += k;
        }
        add(T_ADDRESS, text, n);
        free(text);
    } else if (x->kind == GINET_TERM_TUPLE && x->u.seq.count <= 16) {
        buf[n++] = (uint8_t)(x->u.seq.count << 1 | 1);
        for (size_t i = 0; i < x->u.seq.count; i++) {
            const ginet_term *c = x->u.seq.items[i];
            if (c->kind != GINET_TERM_INTEGER || c->u.integer < INT32_MIN ||
                c->u.integer > INT32_MAX)
                return;
            uint32_t v = (uint32_t)c->u.integer;
            for (int j = 3; j >= 0; j--)
                buf[n++] = (uint8_t)(v >> (8 * j));
        }
        add(T_ADDRESS, buf, n);
    }
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (buf == NULL)
            fail("out of memory");
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        cap *= 2;
        buf = realloc(buf, cap);
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* Every vector line of DIR/FILE: the args term to ON_ARGS, the two text
 * fields (and, every third line, a consult-form text) to the term
 * target. */
static void each_vector(const char *dir, const char *file,
                        void (*on_args)(const ginet_term *, unsigned long))
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    size_t len;
    char *text = read_file(path, &len);
    if (text == NULL) {
        fprintf(stderr, "make-seeds: cannot read %s: %s\n", path, strerror(errno));
        exit(1);
    }
    ginet_term_arena *arena = ginet_term_arena_new();
    if (arena == NULL)
        fail("out of memory");
    unsigned long nth = 0;
    char consult[2048];
    size_t clen = 0;
    for (size_t pos = 0; pos < len;) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t llen = nl ? (size_t)(nl - line) : len - pos;
        pos += llen + 1;
        if (llen == 0 || line[0] == '#')
            continue;
        const char *t1 = memchr(line, '\t', llen);
        const char *t2 = t1 ? memchr(t1 + 1, '\t', llen - (size_t)(t1 + 1 - line)) : NULL;
        if (t2 == NULL)
            continue;
        const char *args = t1 + 1, *expected = t2 + 1;
        size_t alen = (size_t)(t2 - args);
        size_t elen = llen - (size_t)(expected - line);
        nth++;
        add(T_TERM, (const uint8_t *)args, alen);
        add(T_TERM, (const uint8_t *)expected, elen);
        if (clen + alen + elen + 8 < sizeof consult) {
            memcpy(consult + clen, args, alen);
            clen += alen;
            memcpy(consult + clen, ".\n", 2);
            clen += 2;
            memcpy(consult + clen, expected, elen);
            clen += elen;
            memcpy(consult + clen, ". % x\n", 6);
            clen += 6;
        }
        if (nth % 3 == 0) {
            add(T_TERM, (const uint8_t *)consult, clen);
            clen = 0;
        }
        ginet_term *t;
        if (on_args != NULL &&
            ginet_term_parse(arena, args, alen, &t, NULL) == 0)
            on_args(t, nth);
        ginet_term_arena_reset(arena);
    }
    ginet_term_arena_free(arena);
    free(text);
}

static void on_address(const ginet_term *args, unsigned long nth)
{
    (void)nth;
    from_address(args);
}

/* Streams of several packets, which single vectors do not give. */
static void add_streams(void)
{
    static const char http[] =
        "GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\n"
        "User-Agent: curl/7.88.1\r\nAccept: */*\r\nX-Folded: a\r\n b\r\n\r\n"
        "POST http://example.com:8080/api HTTP/1.0\r\n"
        "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n"
        "HTTP/1.1 200 OK\r\nServer: x\r\nSet-Cookie: a=b\r\n\r\n";
    static const char lines[] = "first line\nsecond\n\nthird\r\nno end";
    static const uint8_t frames[] = {
        0, 0, 0, 3, 'a', 'b', 'c', 0, 0, 0, 0, 0, 0, 0, 5, 1, 2, 3, 4, 5,
        0, 0, 0, 9, 'p', 'a'
    };
    fuzz_packet_header h;
    memset(&h, 0, sizeof h);
    h.line_delimiter = '\n';
    static const uint8_t pieces[3] = { 2, 5, 1 };
    static const uint8_t batched[4] = { 2, 5, 1, 4 };   /* batches of 4 */

    for (uint8_t sel = 0; sel < 4; sel++) {
        h.selector = sel;
        add_packet(T_HTTP, &h, NULL, 0, (const uint8_t *)http, sizeof http - 1);
        h.selector = (uint8_t)fuzz_http_types[sel];
        add_packet(T_FRAMER, &h, pieces, sizeof pieces,
                   (const uint8_t *)http, sizeof http - 1);
        h.flags = FUZZ_FRAMER_BATCH;
        add_packet(T_FRAMER, &h, batched, sizeof batched,
                   (const uint8_t *)http, sizeof http - 1);
        h.flags = 0;
    }
    h.selector = 0;
    add_packet(T_LINE, &h, NULL, 0, (const uint8_t *)lines, sizeof lines - 1);
    h.selector = GINET_PACKET_LINE;
    add_packet(T_FRAMER, &h, pieces, sizeof pieces,
               (const uint8_t *)lines, sizeof lines - 1);
    h.selector = (uint8_t)index_of(fuzz_length_types,
                                   FUZZ_COUNT(fuzz_length_types), GINET_PACKET_4);
    add_packet(T_LENGTH, &h, NULL, 0, frames, sizeof frames);
    h.selector = GINET_PACKET_4;
    h.flags = FUZZ_FRAMER_NEED;
    add_packet(T_FRAMER, &h, pieces, sizeof pieces, frames, sizeof frames);
    h.flags = FUZZ_FRAMER_BATCH;
    add_packet(T_FRAMER, &h, batched, sizeof batched, frames, sizeof frames);
}

/* Seeds in hash order, then by position: duplicates end up adjacent. */
static const seeds *sorting;
static int cmp_index(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    uint64_t x = sorting->v[i].hash, y = sorting->v[j].hash;
    if (x != y)
        return x < y ? -1 : 1;
    return i < j ? -1 : i > j;
}

/* Drop repeated seeds, keeping the first of each, in their order. */
static void dedupe(seeds *s)
{
    size_t *idx = malloc((s->n ? s->n : 1) * sizeof *idx);
    unsigned char *dup = calloc(s->n ? s->n : 1, 1);
    if (idx == NULL || dup == NULL)
        fail("out of memory");
    for (size_t i = 0; i < s->n; i++)
        idx[i] = i;
    sorting = s;
    qsort(idx, s->n, sizeof *idx, cmp_index);
    for (size_t g = 0; g < s->n;) {
        size_t end = g + 1;
        while (end < s->n && s->v[idx[end]].hash == s->v[idx[g]].hash)
            end++;
        for (size_t a = g + 1; a < end; a++)
            for (size_t b = g; b < a && !dup[idx[a]]; b++) {
                const seed *x = &s->v[idx[a]], *y = &s->v[idx[b]];
                if (!dup[idx[b]] && x->n == y->n && memcmp(x->p, y->p, x->n) == 0)
                    dup[idx[a]] = 1;
            }
        g = end;
    }
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (dup[i])
            free(s->v[i].p);
        else
            s->v[k++] = s->v[i];
    }
    s->n = k;
    free(idx);
    free(dup);
}

static void make_dir(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "make-seeds: cannot create %s: %s\n", path, strerror(errno));
        exit(1);
    }
}

/* Write up to SEED_CAP distinct seeds of TARGET, evenly picked in the
 * order the vectors gave them. */
static size_t write_target(const char *out, int target)
{
    seeds *s = &all[target];
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", out, target_names[target]);
    make_dir(path);

    dedupe(s);
    size_t distinct = s->n;
    size_t written = 0, want = distinct < SEED_CAP ? distinct : SEED_CAP;
    for (size_t k = 0; k < want; k++) {
        const seed *e = &s->v[k * distinct / want];
        char file[4200];
        snprintf(file, sizeof file, "%s/%016llx", path,
                 (unsigned long long)e->hash);
        FILE *f = fopen(file, "wb");
        if (f == NULL || fwrite(e->p, 1, e->n, f) != e->n || fclose(f) != 0) {
            fprintf(stderr, "make-seeds: cannot write %s\n", file);
            exit(1);
        }
        written++;
    }
    return written;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: make-seeds VECTORS_DIR OUT_DIR\n");
        return 2;
    }
    each_vector(argv[1], "decode_packet.tsv", from_decode_packet);
    each_vector(argv[1], "address.tsv", on_address);
    each_vector(argv[1], "format_error.tsv", NULL);
    add_streams();

    make_dir(argv[2]);
    for (int t = 0; t < T_COUNT; t++) {
        size_t n = write_target(argv[2], t);
        printf("%s: %zu seeds\n", target_names[t], n);
    }
    return 0;
}
