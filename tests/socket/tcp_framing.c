/*
 * tests/socket/tcp_framing.c — suite "tcp_framing[B]": every packet type
 * over a real connection, from a peer that writes in random splits, with
 * and without read-ahead; read_ahead=false leaving the bytes after a
 * packet in the kernel; http -> httph switching and switching to raw
 * after http_eoh; packet_size violations; line cutting and delimiters.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "tests/socket/tcp_framing.h"
#include "tests/socket/tcp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int slice_is(ginet_slice sl, const uint8_t *p, size_t n)
{
    return sl.len == n && (n == 0 || memcmp(sl.ptr, p, n) == 0);
}

/* Check message M against frame F of stream S; 1 if it matches. */
static int check_frame(const ginet_msg *m, const tt_stream *st, const tt_frame *f, size_t index)
{
    const uint8_t *d = st->data;
    int ok = m->len == f->data_len && memcmp(m->data, d + f->data_off, f->data_len) == 0;
    if (f->http_kind != 0) {
        ok = ok && m->kind == GINET_MSG_HTTP && (int)m->http.kind == f->http_kind;
        if (ok && f->http_kind == GINET_HTTP_REQUEST)
            ok = m->http.method == GINET_HTTP_METHOD_GET
                 && m->http.uri.kind == GINET_HTTP_URI_ABS_PATH
                 && slice_is(m->http.uri.path, d + f->a_off, f->a_len)
                 && m->http.major == 1 && m->http.minor == 1;
        if (ok && f->http_kind == GINET_HTTP_RESPONSE)
            ok = m->http.status == 200 && slice_is(m->http.reason, d + f->a_off, f->a_len);
        if (ok && f->http_kind == GINET_HTTP_HEADER)
            ok = slice_is(m->http.name, d + f->a_off, f->a_len)
                 && (f->b_len == SIZE_MAX || slice_is(m->http.value, d + f->b_off, f->b_len));
    } else {
        ok = ok && m->kind == GINET_MSG_TCP;
    }
    if (!ok)
        printf("packet %zu: got kind %d/%d, %zu bytes; expected kind %d, %zu bytes\n", index,
               (int)m->kind, (int)m->http.kind, m->len, f->http_kind, f->data_len);
    return ok;
}

/* Send the stream of TYPE from a random-split peer and check every packet
 * arrives, then closed; with read-ahead on and off. */
static void run_type(ginet_packet_type type)
{
    const char *tname = ginet_packet_type_name(type);
    for (int ra = 1; ra >= 0; ra--) {
        tt_stream st;
        size_t count = ginet_packet_type_is_http(type) ? 12 : 60;
        if (tt_stream_build(type, (uint64_t)type * 100 + (uint64_t)ra, count, &st) != 0) {
            CU_FAIL("stream");
            return;
        }
        char extra[128];
        snprintf(extra, sizeof extra, "{packet,%s},{read_ahead,%s}", tname, ra ? "true" : "false");
        ginet_socket *s;
        int peer;
        if (tt_peer_pair(extra, &s, &peer) != 0) {
            tt_stream_free(&st);
            return;
        }
        tt_writer w = { 0 };
        w.shut = 1;
        if (tt_writer_start(&w, peer, st.data, st.len, type == GINET_PACKET_4 ? 600 : 40,
                            (uint64_t)type * 7 + (uint64_t)ra) != 0) {
            CU_FAIL("writer");
            close(peer);
            tt_drop(s);
            tt_stream_free(&st);
            return;
        }
        int rc = 0;
        ginet_msg *m = NULL;
        if (type == GINET_PACKET_RAW) {
            uint8_t *got = malloc(st.len);
            rc = got ? tt_recv_raw(s, got, st.len) : GINET_ENOMEM;
            CU_ASSERT(rc == 0 && memcmp(got, st.data, st.len) == 0);
            free(got);
        } else {
            for (size_t i = 0; i < st.count && rc == 0; i++) {
                rc = ginet_recv(s, 0, TT_WAIT, &m);
                if (rc != 0) {
                    printf("{packet,%s} read_ahead=%d: packet %zu of %zu: %s\n", tname, ra, i,
                           st.count, ginet_error_atom(rc));
                    CU_FAIL("recv");
                    break;
                }
                if (!check_frame(m, &st, &st.frames[i], i)) {
                    printf("{packet,%s} read_ahead=%d: packet %zu differs\n", tname, ra, i);
                    CU_FAIL("packet differs");
                    rc = -1;
                }
                ginet_msg_free(m);
                m = NULL;
            }
        }
        if (rc == 0) {
            /* The peer shut its side down: closed after the data (OTP). */
            TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), GINET_ECLOSED);
            ginet_msg_free(m);
        }
        close(peer);                          /* ends the writer if it is stuck */
        CU_ASSERT_EQUAL(tt_writer_join(&w), rc == 0 ? 0 : w.result);
        tt_drop(s);
        tt_stream_free(&st);
    }
}

static void test_raw(void) { run_type(GINET_PACKET_RAW); }
static void test_1(void) { run_type(GINET_PACKET_1); }
static void test_2(void) { run_type(GINET_PACKET_2); }
static void test_4(void) { run_type(GINET_PACKET_4); }
static void test_asn1(void) { run_type(GINET_PACKET_ASN1); }
static void test_cdr(void) { run_type(GINET_PACKET_CDR); }
static void test_sunrm(void) { run_type(GINET_PACKET_SUNRM); }
static void test_fcgi(void) { run_type(GINET_PACKET_FCGI); }
static void test_tpkt(void) { run_type(GINET_PACKET_TPKT); }
static void test_line(void) { run_type(GINET_PACKET_LINE); }
static void test_http(void) { run_type(GINET_PACKET_HTTP); }
static void test_httph(void) { run_type(GINET_PACKET_HTTPH); }
static void test_http_bin(void) { run_type(GINET_PACKET_HTTP_BIN); }
static void test_httph_bin(void) { run_type(GINET_PACKET_HTTPH_BIN); }

/* Where packet I starts in the stream (its header included). */
static size_t frame_start(const tt_stream *st, ginet_packet_type type, size_t i)
{
    if (i >= st->count)
        return st->len;
    size_t off = st->frames[i].data_off;
    switch (type) {
    case GINET_PACKET_1: return off - 1;
    case GINET_PACKET_2: return off - 2;
    case GINET_PACKET_4: return off - 4;
    default: return off;
    }
}

/*
 * {read_ahead,false}: after each packet, the bytes of the packets after
 * it are still in the kernel (FIONREAD on the descriptor), for every
 * type; with read-ahead on, a small stream is read at once.
 */
static void test_read_ahead_false_exact(void)
{
    static const ginet_packet_type types[] = {
        GINET_PACKET_1, GINET_PACKET_2, GINET_PACKET_4, GINET_PACKET_ASN1, GINET_PACKET_CDR,
        GINET_PACKET_SUNRM, GINET_PACKET_FCGI, GINET_PACKET_TPKT, GINET_PACKET_LINE,
        GINET_PACKET_HTTP, GINET_PACKET_HTTPH, GINET_PACKET_HTTP_BIN, GINET_PACKET_HTTPH_BIN
    };
    for (size_t k = 0; k < sizeof types / sizeof types[0]; k++) {
        ginet_packet_type type = types[k];
        const char *tname = ginet_packet_type_name(type);
        for (int ra = 0; ra <= 1; ra++) {
            tt_stream st;
            if (tt_stream_build(type, 1000 + k, ginet_packet_type_is_http(type) ? 1 : 4,
                                &st) != 0) {
                CU_FAIL("stream");
                return;
            }
            char extra[128];
            snprintf(extra, sizeof extra, "{packet,%s},{read_ahead,%s}", tname,
                     ra ? "true" : "false");
            ginet_socket *s;
            int peer;
            if (tt_peer_pair(extra, &s, &peer) != 0) {
                tt_stream_free(&st);
                return;
            }
            int fd = tt_native_fd(s);
            CU_ASSERT(fd >= 0);
            tt_write_full(peer, st.data, st.len);
            tt_sleep_ms(30);
            for (size_t i = 0; i < st.count && fd >= 0; i++) {
                ginet_msg *m = NULL;
                int rc = ginet_recv(s, 0, TT_WAIT, &m);
                if (!TT_EXPECT_RC(rc, 0))
                    break;
                CU_ASSERT(check_frame(m, &st, &st.frames[i], i));
                ginet_msg_free(m);
                long left = tt_unread(fd);
                long want = (long)(st.len - frame_start(&st, type, i + 1));
                /* A header line ends only where the next line does not go
                 * on (continuation): OTP needs its first byte too, e.g.
                 * decode_packet(httph, <<"Host: a\r\n">>, []) ->
                 * {more,undefined}.  So one byte more is read. */
                if (st.frames[i].http_kind == GINET_HTTP_HEADER && i + 1 < st.count)
                    want--;
                if (!ra && left != want) {
                    printf("{packet,%s},{read_ahead,false}: after packet %zu the kernel holds "
                           "%ld bytes, expected %ld\n", tname, i, left, want);
                    CU_FAIL("read_ahead=false read past the packet");
                }
                if (ra && st.len <= 1400)
                    CU_ASSERT_EQUAL(left, 0);
            }
            close(peer);
            tt_drop(s);
            tt_stream_free(&st);
        }
    }
}

/*
 * OTP 25, {packet,http_bin}: the peer sends, in one write,
 *   "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET"
 *   recv -> {http_request,'POST',{abs_path,<<"/x">>},{1,1}}
 *   recv -> {http_header,14,'Host',<<"Host">>,<<"a">>}      (httph now)
 *   recv -> {http_header,38,'Content-Length',...,<<"5">>}
 *   recv -> http_eoh;  getopts(packet) -> {packet,http_bin}
 *   setopts([{packet,raw}]), recv(S, 5) -> <<"hello">>, recv(S, 0) -> <<"GET">>
 * The body was already buffered with the headers: nothing is lost.
 */
static void http_switch(const char *type, int read_ahead)
{
    static const char req[] = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET";
    char extra[96];
    snprintf(extra, sizeof extra, "{packet,%s},{read_ahead,%s}", type,
             read_ahead ? "true" : "false");
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(extra, &s, &peer) != 0)
        return;
    tt_write_full(peer, req, sizeof req - 1);
    tt_sleep_ms(30);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0)) {
        CU_ASSERT(m->kind == GINET_MSG_HTTP && m->http.kind == GINET_HTTP_REQUEST
                  && m->http.method == GINET_HTTP_METHOD_POST
                  && slice_is(m->http.uri.path, (const uint8_t *)"/x", 2));
    }
    ginet_msg_free(m);
    m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        CU_ASSERT(m->http.kind == GINET_HTTP_HEADER && m->http.field == GINET_HTTP_HOST
                  && slice_is(m->http.value, (const uint8_t *)"a", 1));
    ginet_msg_free(m);
    m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        CU_ASSERT(m->http.kind == GINET_HTTP_HEADER
                  && m->http.field == GINET_HTTP_CONTENT_LENGTH
                  && slice_is(m->http.value, (const uint8_t *)"5", 1));
    ginet_msg_free(m);
    m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        CU_ASSERT(m->http.kind == GINET_HTTP_EOH);
    ginet_msg_free(m);
    m = NULL;
    char *text = NULL, want[64];
    snprintf(want, sizeof want, "[{packet,%s}]", type);
    if (TT_EXPECT_RC(ginet_getopts_text(s, "[packet]", &text), 0))
        CU_ASSERT_STRING_EQUAL(text, want);
    free(text);
    TT_EXPECT_RC(ginet_setopts(s, "[{packet,raw}]"), 0);
    if (TT_EXPECT_RC(ginet_recv(s, 5, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "hello", 5);
    ginet_msg_free(m);
    m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "GET", 3);
    ginet_msg_free(m);
    close(peer);
    tt_drop(s);
}

static void test_http_switch_to_raw(void)
{
    http_switch("http", 1);
    http_switch("http_bin", 1);
    http_switch("http_bin", 0);
}

/* OTP 25, {packet,http}: "GET / HTTP/1.0\r\n\r\nGET /b HTTP/1.1\r\nX: 1\r\n\r\n"
 * -> http_request, http_eoh, http_request (a new message after eoh),
 *    {http_header,0,"X","X","1"}, http_eoh. */
static void test_http_keepalive(void)
{
    static const char two[] = "GET / HTTP/1.0\r\n\r\nGET /b HTTP/1.1\r\nX: 1\r\n\r\n";
    static const int kinds[] = { GINET_HTTP_REQUEST, GINET_HTTP_EOH, GINET_HTTP_REQUEST,
                                 GINET_HTTP_HEADER, GINET_HTTP_EOH };
    ginet_socket *s;
    int peer;
    if (tt_peer_pair("{packet,http}", &s, &peer) != 0)
        return;
    tt_write_full(peer, two, sizeof two - 1);
    for (size_t i = 0; i < 5; i++) {
        ginet_msg *m = NULL;
        if (!TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
            break;
        CU_ASSERT_EQUAL((int)m->http.kind, kinds[i]);
        if (i == 2)
            CU_ASSERT(slice_is(m->http.uri.path, (const uint8_t *)"/b", 2) && m->http.minor == 1);
        if (i == 3)
            CU_ASSERT(m->http.field == GINET_HTTP_FIELD_OTHER
                      && slice_is(m->http.name, (const uint8_t *)"X", 1));
        ginet_msg_free(m);
    }
    close(peer);
    tt_drop(s);
}

/*
 * OTP 25, {packet,4},{packet_size,10}: the peer sends <<0,0,0,3,"abc">>
 * then a header of 100:
 *   recv -> {ok,<<"abc">>}
 *   recv -> {error,emsgsize}
 *   the peer's recv -> {error,closed}           (the connection is closed)
 *   recv -> {error,enotconn}, send -> {error,enotconn}
 * (exit_on_close is true by default; the socket itself stays until
 * gen_tcp:close, which answers ok.)
 */
static void test_packet_size_violation(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair("{packet,4},{packet_size,10}", &s, &peer) != 0)
        return;
    static const uint8_t bytes[] = { 0, 0, 0, 3, 'a', 'b', 'c', 0, 0, 0, 10, '0', '1', '2', '3',
                                     '4', '5', '6', '7', '8', '9', 0, 0, 0, 100 };
    uint8_t body[100] = { 0 };
    tt_write_full(peer, bytes, sizeof bytes);
    tt_write_full(peer, body, sizeof body);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "abc", 3);
    ginet_msg_free(m);
    m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))      /* at the limit: fine */
        TT_EXPECT_DATA(m, "0123456789", 10);
    ginet_msg_free(m);
    m = NULL;
    TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), GINET_EMSGSIZE);
    CU_ASSERT_PTR_NULL(m);
    /* The connection is closed: the peer reads EOF. */
    uint8_t c;
    ssize_t n = read(peer, &c, 1);
    if (n != 0)
        printf("after emsgsize the peer's read gave %zd (OTP: the connection is closed)\n", n);
    CU_ASSERT_EQUAL(n, 0);
    TT_EXPECT_RC(ginet_recv(s, 0, 100, &m), GINET_ENOTCONN);
    TT_EXPECT_RC(ginet_send(s, "x", 1), GINET_ENOTCONN);
    TT_EXPECT_RC(ginet_close(s), 0);
    close(peer);
    ginet_socket_release(s);
}

/* OTP 25, {packet,4},{packet_size,10},{exit_on_close,false}: recv ->
 * {ok,<<"abc">>}, recv -> {error,emsgsize}, recv -> {error,timeout} (what
 * was buffered is dropped), send -> ok: the connection stays. */
static void test_packet_size_violation_no_exit(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair("{packet,4},{packet_size,10},{exit_on_close,false}", &s, &peer) != 0)
        return;
    static const uint8_t bytes[] = { 0, 0, 0, 3, 'a', 'b', 'c', 0, 0, 0, 100 };
    uint8_t body[100] = { 0 };
    tt_write_full(peer, bytes, sizeof bytes);
    tt_write_full(peer, body, sizeof body);
    tt_sleep_ms(30);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "abc", 3);
    ginet_msg_free(m);
    m = NULL;
    TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), GINET_EMSGSIZE);
    TT_EXPECT_RC(ginet_recv(s, 0, 200, &m), GINET_ETIMEOUT);
    TT_EXPECT_RC(ginet_send(s, "x", 1), 0);
    uint8_t got[5];
    CU_ASSERT(tt_read_full(peer, got, 5) == 0 && memcmp(got, "\0\0\0\1x", 5) == 0);
    close(peer);
    tt_drop(s);
}

/* OTP 25, {packet,line},{buffer,8}: "0123456789abcdef\nxy\n" ->
 * "01234567", "89abcdef", "\n", "xy\n" (a line longer than the buffer
 * comes in pieces). */
static void test_line_cut_at_buffer(void)
{
    static const char *want[] = { "01234567", "89abcdef", "\n", "xy\n" };
    ginet_socket *s;
    int peer;
    if (tt_peer_pair("{packet,line},{buffer,8}", &s, &peer) != 0)
        return;
    tt_write_full(peer, "0123456789abcdef\nxy\n", 20);
    tt_sleep_ms(30);
    for (int i = 0; i < 4; i++) {
        ginet_msg *m = NULL;
        if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
            TT_EXPECT_DATA(m, want[i], strlen(want[i]));
        ginet_msg_free(m);
    }
    close(peer);
    tt_drop(s);
}

/* OTP 25, {packet,line},{packet_size,8}: "0123456789abcdef\n" ->
 * {error,emsgsize}, then {error,enotconn}. */
static void test_line_packet_size(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair("{packet,line},{packet_size,8}", &s, &peer) != 0)
        return;
    tt_write_full(peer, "short\n0123456789abcdef\nxy\n", 26);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "short\n", 6);
    ginet_msg_free(m);
    m = NULL;
    TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), GINET_EMSGSIZE);
    TT_EXPECT_RC(ginet_recv(s, 0, 100, &m), GINET_ENOTCONN);
    close(peer);
    tt_drop(s);
}

/* {line_delimiter,$;} (a connect option in OTP): lines end at ';'. */
static void test_line_delimiter(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair("{packet,line},{line_delimiter,59}", &s, &peer) != 0)
        return;
    tt_write_full(peer, "ab;c\nd;", 7);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "ab;", 3);
    ginet_msg_free(m);
    m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "c\nd;", 4);
    ginet_msg_free(m);
    close(peer);
    tt_drop(s);
}

/* Changing the packet type between packets frames what is buffered with
 * the new type: two {packet,2} packets and a line arrive in one write;
 * one packet is read, then {packet,1}, then line. */
static void test_change_type_midstream(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair("{packet,2}", &s, &peer) != 0)
        return;
    tt_write_full(peer, "\0\2ab\3xyzline\n", 13);
    tt_sleep_ms(30);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "ab", 2);
    ginet_msg_free(m);
    m = NULL;
    TT_EXPECT_RC(ginet_setopts(s, "[{packet,1}]"), 0);
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "xyz", 3);
    ginet_msg_free(m);
    m = NULL;
    TT_EXPECT_RC(ginet_setopts(s, "[{packet,line}]"), 0);
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "line\n", 5);
    ginet_msg_free(m);
    close(peer);
    tt_drop(s);
}

const ginet_test_case tt_framing_cases[] = {
    { "raw", test_raw },
    { "packet_1", test_1 },
    { "packet_2", test_2 },
    { "packet_4", test_4 },
    { "asn1", test_asn1 },
    { "cdr", test_cdr },
    { "sunrm", test_sunrm },
    { "fcgi", test_fcgi },
    { "tpkt", test_tpkt },
    { "line", test_line },
    { "http", test_http },
    { "httph", test_httph },
    { "http_bin", test_http_bin },
    { "httph_bin", test_httph_bin },
    { "read_ahead_false_exact", test_read_ahead_false_exact },
    { "http_switch_to_raw", test_http_switch_to_raw },
    { "http_keepalive", test_http_keepalive },
    { "packet_size_violation", test_packet_size_violation },
    { "packet_size_violation_no_exit", test_packet_size_violation_no_exit },
    { "line_cut_at_buffer", test_line_cut_at_buffer },
    { "line_packet_size", test_line_packet_size },
    { "line_delimiter", test_line_delimiter },
    { "change_type_midstream", test_change_type_midstream },
    { NULL, NULL }
};
