/*
 * tools/cmd_packet.c — `ginet decode-packet TYPE [options]`: frames the
 * bytes on stdin as a socket with {packet, TYPE} would, and prints each
 * packet as OTP's ~w does (erlang:decode_packet/3's Packet), one per line.
 *
 * The bytes go through a streaming framer as they are read, so packets
 * appear as soon as they are complete (handy on a pipe from a live
 * connection), http switches to header lines after a request or status
 * line and back after http_eoh, as on a socket, and raw gives one packet
 * per read.  At the end the answer decode_packet/3 gives on what is left
 * is printed: {more,Length} or {more,undefined}, after a comment line
 * with the leftover bytes if there are any; or, for a packet that can
 * never be valid, {error,invalid} and exit status 1.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CMD "decode-packet"

typedef struct hex_state {
    int half;          /* a first hex digit is pending */
    unsigned value;    /* its value */
    size_t offset;     /* input characters read so far */
} hex_state;

static int hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Hex text IN[0..N) to bytes in place; whitespace is skipped, a digit
 * pair may be cut between two reads.  Returns the byte count, or -1 after
 * reporting a bad character. */
static long unhex(hex_state *h, uint8_t *in, size_t n)
{
    size_t out = 0;
    for (size_t i = 0; i < n; i++, h->offset++) {
        int c = in[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            c == '\v')
            continue;
        int d = hex_digit(c);
        if (d < 0) {
            if (c >= 0x21 && c < 0x7f)
                cli_fail(CMD, "--hex: '%c' at offset %zu is not a hex digit",
                         c, h->offset);
            else
                cli_fail(CMD, "--hex: byte 0x%02x at offset %zu is not a hex digit",
                         (unsigned)c, h->offset);
            return -1;
        }
        if (!h->half) {
            h->value = (unsigned)d;
            h->half = 1;
        } else {
            in[out++] = (uint8_t)(h->value << 4 | (unsigned)d);
            h->half = 0;
        }
    }
    return (long)out;
}

/* A decimal integer 0..4294967295. */
static int parse_u32(const char *s, uint32_t *out)
{
    if (*s < '0' || *s > '9')
        return -1;
    uint64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > UINT32_MAX)
            return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

/* A delimiter: one character, an escape (\n \r \t \0 \\ \xHH), $C as in
 * Erlang, or a number 0..255 of two or more digits. */
static int parse_delimiter(const char *s, uint8_t *out)
{
    size_t len = strlen(s);
    if (len == 2 && s[0] == '$') {
        *out = (uint8_t)s[1];
        return 0;
    }
    if (len >= 2 && s[0] == '$')
        s++, len--;
    if (len == 1) {
        *out = (uint8_t)s[0];
        return 0;
    }
    if (len == 2 && s[0] == '\\') {
        switch (s[1]) {
        case 'n': *out = '\n'; return 0;
        case 'r': *out = '\r'; return 0;
        case 't': *out = '\t'; return 0;
        case '0': *out = 0; return 0;
        case '\\': *out = '\\'; return 0;
        default: return -1;
        }
    }
    if (len == 4 && s[0] == '\\' && s[1] == 'x' && hex_digit(s[2]) >= 0 &&
        hex_digit(s[3]) >= 0) {
        *out = (uint8_t)(hex_digit(s[2]) << 4 | hex_digit(s[3]));
        return 0;
    }
    uint32_t v;
    if (parse_u32(s, &v) == 0 && v <= 255) {
        *out = (uint8_t)v;
        return 0;
    }
    return -1;
}

/* Print TERM built in ARENA (NULL: out of memory) and reset the arena. */
static int print_term(ginet_term_arena *arena, const ginet_term *term)
{
    int rc = term != NULL ? cli_print_term(term)
                          : cli_fail(CMD, "out of memory");
    ginet_term_arena_reset(arena);
    return rc;
}

/* Take and print every packet the framer has.  Returns 0 (needs more),
 * 1 on an invalid packet (printed) or a failure. */
static int drain(ginet_framer *f, ginet_term_arena *arena, size_t *offset)
{
    for (;;) {
        ginet_packet pkt;
        int rc = ginet_framer_next(f, &pkt);
        if (rc == GINET_DECODE_MORE)
            return 0;
        if (rc != GINET_DECODE_OK) {
            print_term(arena, ginet_decode_result_term(
                                  arena, GINET_DECODE_INVALID, &pkt, NULL, 0));
            fflush(stdout);
            cli_fail(CMD, "the packet at byte %zu is invalid for this type "
                     "(decode_packet: {error,invalid}; a socket: emsgsize)",
                     *offset);
            return 1;
        }
        *offset += pkt.size;
        if (print_term(arena, ginet_packet_term(arena, &pkt)) != 0)
            return 1;
    }
}

/* The end: decode_packet/3's answer on what is left ({more,...}), after
 * the leftover bytes as a comment. */
static int finish(ginet_framer *f, ginet_term_arena *arena)
{
    ginet_packet pkt;
    int rc = ginet_framer_next(f, &pkt);
    if (rc != GINET_DECODE_MORE)
        return cli_fail(CMD, "internal error: framer not drained");
    size_t left = ginet_framer_buffered(f);
    if (left > 0) {
        /* Framed as raw, the buffered bytes come out in one piece. */
        ginet_packet rest;
        if (ginet_framer_set_type(f, GINET_PACKET_RAW, NULL) != 0 ||
            ginet_framer_next(f, &rest) != GINET_DECODE_OK)
            return cli_fail(CMD, "internal error: leftover bytes");
        ginet_term *bin = ginet_term_binary(arena, rest.data.ptr, rest.data.len);
        char *s = bin ? ginet_term_to_string(bin) : NULL;
        if (s == NULL)
            return cli_fail(CMD, "out of memory");
        printf("%% %zu byte%s left: %s\n", left, left == 1 ? "" : "s", s);
        free(s);
        ginet_term_arena_reset(arena);
    }
    return print_term(arena, ginet_decode_result_term(arena, GINET_DECODE_MORE,
                                                      &pkt, NULL, 0));
}

/* Returned by option_value() when the value is missing (reported). */
static const char missing[] = "";

/* Option NAME's value: "--name VALUE" or "--name=VALUE"; NULL when
 * ARGV[*I] is another option; MISSING when the value is. */
static const char *option_value(int argc, char **argv, int *i,
                                const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        cli_fail(CMD, "%s needs a value", name);
        return missing;
    }
    return argv[++*i];
}

int cli_decode_packet(int argc, char **argv)
{
    const cli_command *self = cli_find(CMD);
    const char *type_name = NULL;
    int hex = 0, have_delim = 0;
    uint32_t packet_size = 0, line_length = 0;
    uint8_t delim = '\n';

    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--hex") == 0) {
            hex = 1;
        } else if ((v = option_value(argc, argv, &i, "--packet-size")) != NULL) {
            if (v == missing)
                return 1;
            if (parse_u32(v, &packet_size) != 0)
                return cli_fail(CMD, "--packet-size '%s': need an integer 0..4294967295", v);
        } else if ((v = option_value(argc, argv, &i, "--line-length")) != NULL) {
            if (v == missing)
                return 1;
            if (parse_u32(v, &line_length) != 0)
                return cli_fail(CMD, "--line-length '%s': need an integer 0..4294967295", v);
        } else if ((v = option_value(argc, argv, &i, "--line-delimiter")) != NULL) {
            if (v == missing)
                return 1;
            if (parse_delimiter(v, &delim) != 0)
                return cli_fail(CMD, "--line-delimiter '%s': need one character, "
                                "\\n \\r \\t \\0 \\\\ \\xHH, $C or a number 0..255", v);
            have_delim = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_fail(CMD, "unknown option '%s'", argv[i]);
            return cli_usage(self);
        } else if (type_name == NULL) {
            type_name = argv[i];
        } else {
            return cli_usage(self);
        }
    }
    if (type_name == NULL)
        return cli_usage(self);

    ginet_packet_type type;
    if (ginet_packet_type_from_name(type_name, strlen(type_name), &type) != 0)
        return cli_fail(CMD, "unknown packet type '%s' (raw, 0, 1, 2, 4, asn1, "
                        "cdr, sunrm, fcgi, tpkt, line, http, httph, http_bin, "
                        "httph_bin)", type_name);
    ginet_packet_options opts;
    ginet_packet_options_init(&opts);
    ginet_packet_options_set(&opts, type, GINET_PACKET_OPT_PACKET_SIZE, packet_size);
    ginet_packet_options_set(&opts, type, GINET_PACKET_OPT_LINE_LENGTH, line_length);
    if (have_delim && ginet_packet_options_set(&opts, type,
                                               GINET_PACKET_OPT_LINE_DELIMITER,
                                               delim) != 0)
        return cli_fail(CMD, "--line-delimiter works with type line only "
                        "(decode_packet/3 answers badarg)");

    ginet_framer *f = NULL;
    ginet_term_arena *arena = ginet_term_arena_new();
    if (arena == NULL || ginet_framer_new(type, &opts, &f) != 0) {
        ginet_term_arena_free(arena);
        return cli_fail(CMD, "out of memory");
    }
    hex_state hs = { 0, 0, 0 };
    size_t offset = 0;
    int status = 0;
    for (;;) {
        uint8_t *w;
        size_t avail;
        if (ginet_framer_reserve(f, 65536, &w, &avail) != 0) {
            status = cli_fail(CMD, "out of memory");
            break;
        }
        ssize_t got = read(STDIN_FILENO, w, avail);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            status = cli_fail(CMD, "reading stdin: %s", strerror(errno));
            break;
        }
        if (got == 0) {
            if (hex && hs.half)
                status = cli_fail(CMD, "--hex: odd number of hex digits");
            else
                status = finish(f, arena);
            break;
        }
        long n = hex ? unhex(&hs, w, (size_t)got) : (long)got;
        if (n < 0) {
            status = 1;
            break;
        }
        ginet_framer_commit(f, (size_t)n);
        if (drain(f, arena, &offset) != 0) {
            status = 1;
            break;
        }
        fflush(stdout);
    }
    ginet_framer_free(f);
    ginet_term_arena_free(arena);
    return status;
}
