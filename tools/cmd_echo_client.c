/*
 * tools/cmd_echo_client.c — `ginet echo-client`: connect to an echo
 * server, send COUNT messages of SIZE bytes one after the other, check
 * that each comes back byte for byte, and print what happened with the
 * round-trip latency.  Exit 1 on any error or mismatch.
 *
 * With a framing packet type ({packet,1|2|4}, ...) one receive is one
 * echoed message; with raw framing the client receives exactly SIZE
 * bytes.  Each payload starts with the message's sequence number and
 * continues with a pattern that depends on it, so a message echoed out of
 * order or twice is a mismatch too.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L   /* sigwait, nanosleep, clock_gettime */
#endif
#include "cli.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The payload of message SEQ: SEQ little-endian (as much as fits), then
 * bytes of a sequence that starts from SEQ. */
static void fill(uint8_t *buf, size_t size, uint64_t seq)
{
    size_t i = 0;
    for (; i < size && i < 8; i++)
        buf[i] = (uint8_t)(seq >> (8 * i));
    uint32_t x = (uint32_t)seq * 2654435761u + 1u;
    for (; i < size; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (uint8_t)(x >> 16);
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The P-th percentile of the N sorted values, in microseconds. */
static double pct_us(const uint64_t *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    size_t i = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
    return (double)v[i] / 1000.0;
}

/* The packet type the socket ended up with (raw when it cannot tell). */
static int packet_type(ginet_socket *s)
{
    ginet_option id = GINET_OPT_PACKET;
    ginet_optlist *l = ginet_optlist_new();
    int type = GINET_PACKET_RAW;
    if (l != NULL && ginet_getopts(s, &id, 1, l) == 0 && ginet_optlist_count(l) == 1)
        type = (int)ginet_optlist_get(l, 0)->val.i;
    ginet_optlist_free(l);
    return type;
}

/* The option list as text for ginet_tcp_connect() (which takes a host
 * name), NULL when out of memory; free with free(). */
static char *opts_text(const ginet_optlist *l)
{
    ginet_term_arena *a = ginet_term_arena_new();
    if (a == NULL)
        return NULL;
    ginet_term *t = ginet_optlist_term(a, l);
    char *s = t ? ginet_term_to_string(t) : NULL;
    ginet_term_arena_free(a);
    return s;
}

int cli_echo_client(int argc, char **argv)
{
    const cli_command *self = cli_find("echo-client");
    const char *host = "127.0.0.1", *text = NULL, *backend = NULL, *local = NULL;
    long port = -1, count = 1000, size = 64, timeout = 5000;
    for (int i = 1; i < argc; i += 2) {          /* --name value pairs */
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long *num = NULL, lo = 0, hi = 0;
        if (v == NULL)
            return cli_usage(self);
        if (strcmp(a, "--host") == 0)
            host = v;
        else if (strcmp(a, "--local") == 0)
            local = v;
        else if (strcmp(a, "--opts") == 0)
            text = v;
        else if (strcmp(a, "--backend") == 0)
            backend = v;
        else if (strcmp(a, "--port") == 0)
            num = &port, lo = 1, hi = 65535;
        else if (strcmp(a, "--count") == 0)
            num = &count, lo = 1, hi = 100000000;
        else if (strcmp(a, "--size") == 0)
            num = &size, lo = 0, hi = 64L * 1024 * 1024;
        else if (strcmp(a, "--timeout") == 0)
            num = &timeout, lo = -1, hi = INT32_MAX;
        else
            return cli_usage(self);
        if (num != NULL && cli_parse_long(v, lo, hi, num) != 0)
            return cli_fail("echo-client", "%s %s: not a number %ld..%ld", a, v, lo, hi);
    }
    if (port < 0 && local == NULL)
        return cli_usage(self);

    ginet_optlist *opts;
    if (cli_socket_opts("echo-client", backend, text, &opts) != 0)
        return 1;
    ginet_socket *s;
    int rc;
    if (local != NULL) {
        /* gen_tcp:connect({local, Path}, 0, Opts): the port must be 0. */
        ginet_sockaddr a;
        if (cli_local_address("echo-client", local, &a) != 0) {
            ginet_optlist_free(opts);
            return 1;
        }
        a.port = (uint16_t)(port > 0 ? port : 0);
        rc = ginet_tcp_connect_addr(&a, opts, (int)timeout, NULL, &s);
        ginet_optlist_free(opts);
        if (rc != 0)
            return cli_fail("echo-client", "connect --local %s: %s", local,
                            ginet_last_error()[0] ? ginet_last_error() : ginet_format_error(rc));
    } else {
        char *otext = opts_text(opts);
        ginet_optlist_free(opts);
        if (otext == NULL)
            return cli_fail("echo-client", "out of memory");
        rc = ginet_tcp_connect(host, (int)port, otext, (int)timeout, NULL, &s);
        free(otext);
        if (rc != 0)
            return cli_fail("echo-client", "connect %s:%ld: %s", host, port, ginet_last_error()[0]
                            ? ginet_last_error() : ginet_format_error(rc));
    }
    int raw = packet_type(s) == GINET_PACKET_RAW;
    if (raw && size == 0) {
        ginet_socket_release(s);
        return cli_fail("echo-client", "--size 0 needs a framing packet type");
    }

    uint8_t *want = malloc(size ? (size_t)size : 1);
    uint64_t *lat = malloc((size_t)count * sizeof *lat);
    if (want == NULL || lat == NULL) {
        free(want);
        free(lat);
        ginet_socket_release(s);
        return cli_fail("echo-client", "out of memory");
    }
    long done = 0, errors = 0, mismatches = 0;
    const char *first = NULL;
    uint64_t t_start = now_ns();
    for (long i = 0; i < count; i++) {
        fill(want, (size_t)size, (uint64_t)i);
        uint64_t t0 = now_ns();
        rc = ginet_send(s, want, (size_t)size);
        ginet_msg *m = NULL;
        if (rc == 0)
            rc = ginet_recv(s, raw ? (size_t)size : 0, (int)timeout, &m);
        if (rc != 0) {
            errors++;
            first = ginet_format_error(rc);
            fprintf(stderr, "ginet: echo-client: message %ld: %s\n", i, first);
            break;                           /* the stream is out of step */
        }
        lat[done++] = now_ns() - t0;
        if (m->len != (size_t)size || (size && memcmp(m->data, want, (size_t)size) != 0)) {
            if (mismatches++ < 10)
                fprintf(stderr, "ginet: echo-client: message %ld: echo differs"
                        " (%zu bytes back, %ld sent)\n", i, m->len, size);
        }
        ginet_msg_free(m);
    }
    double secs = (double)(now_ns() - t_start) / 1e9;
    ginet_close(s);
    ginet_socket_release(s);

    qsort(lat, (size_t)done, sizeof *lat, cmp_u64);
    printf("messages=%ld errors=%ld mismatches=%ld size=%ld msgs_per_s=%.0f"
           " p50_us=%.1f p99_us=%.1f max_us=%.1f\n",
           done, errors, mismatches, size, secs > 0 ? (double)done / secs : 0.0,
           pct_us(lat, (size_t)done, 50), pct_us(lat, (size_t)done, 99),
           done ? (double)lat[done - 1] / 1000.0 : 0.0);
    free(want);
    free(lat);
    return errors || mismatches ? 1 : 0;
}
