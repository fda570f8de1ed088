/*
 * tests/socket/tcp_active_http.c — suite "tcp_active_http[B]": {packet,
 * http | http_bin | httph | httph_bin} in active mode.  Typed messages
 * (GINET_MSG_HTTP) for request, response, header, http_eoh and http_error
 * lines; the automatic http -> httph switch after a request line and back
 * after http_eoh; an explicit switch to httph_bin; switching to raw after
 * http_eoh in {active,once} without losing the body bytes that came with
 * the headers; {active,N} counting HTTP packets.
 *
 * Sequences read from OTP 25 (gen_tcp on both ends; msgs(T) = every
 * message within T ms).
 */
#include "tests/socket/tcp_active.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int slice_is(ginet_slice sl, const char *s)
{
    return sl.len == strlen(s) && memcmp(sl.ptr, s, sl.len) == 0;
}

/* The next message of MB is {http, S, P} with P of KIND; A and B are what
 * it says: REQUEST: method name, path; RESPONSE: reason; HEADER: name,
 * value; ERROR: the line.  N1/N2: the version (REQUEST, RESPONSE), the
 * status (RESPONSE, as N1) or the field (HEADER, as N1). */
#define EXPECT_HTTP(mb, s, kind, a, b, n1, n2) \
    expect_http_(mb, s, kind, a, b, n1, n2, __FILE__, __LINE__)
static int expect_http_(ginet_mailbox *mb, ginet_socket *s, ginet_http_kind kind,
                        const char *a, const char *b, int n1, int n2, const char *file,
                        int line)
{
    ginet_msg *m = ta_next(mb, TT_WAIT);
    int ok = m != NULL && m->kind == GINET_MSG_HTTP && m->socket == s && m->http.kind == kind;
    if (ok) {
        const ginet_http_packet *h = &m->http;
        switch (kind) {
        case GINET_HTTP_REQUEST:
            ok = slice_is(h->method_name, a) && slice_is(h->uri.path, b)
                 && h->uri.kind == GINET_HTTP_URI_ABS_PATH && h->major == n1 && h->minor == n2;
            break;
        case GINET_HTTP_RESPONSE:
            ok = slice_is(h->reason, a) && h->status == n1 && h->major == 1 && h->minor == n2;
            break;
        case GINET_HTTP_HEADER:
            ok = slice_is(h->name, a) && slice_is(h->value, b) && (int)h->field == n1;
            break;
        case GINET_HTTP_ERROR:
            ok = slice_is(h->line, a);
            break;
        default:
            break;
        }
    }
    if (!ok) {
        char d[256];
        printf("%s:%d: got %s (http kind %d), expected http kind %d %s %s\n", file, line,
               ta_describe(m, d, sizeof d), m ? (int)m->http.kind : -1, (int)kind,
               a ? a : "", b ? b : "");
    }
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, "expected http message",
                            file, "", CU_FALSE);
    ginet_msg_free(m);
    return ok;
}

#define REQ "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789GET / HTTP/1.0\r\n\r\n"

/* OTP 25, {packet,http_bin},{active,true}, REQ sent at once:
 *   [{http,S,{http_request,'POST',{abs_path,<<"/x">>},{1,1}}},
 *    {http,S,{http_header,14,'Host',<<"Host">>,<<"a">>}},
 *    {http,S,{http_header,38,'Content-Length',<<"Content-Length">>,<<"10">>}},
 *    {http,S,http_eoh},
 *    {http,S,{http_request,<<"0123456789GET">>,{abs_path,<<"/">>},{1,0}}},
 *    {http,S,http_eoh}]
 *   getopts -> [{packet,http_bin}]
 * ({packet,http} delivers the same packets with strings.) */
static void active_true_case(const char *type)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    char opts[96], want[64];
    snprintf(opts, sizeof opts, "binary,{active,true},{packet,%s}", type);
    if (ta_peer_pair(opts, mb, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    tt_write_full(peer, REQ, strlen(REQ));
    EXPECT_HTTP(mb, s, GINET_HTTP_REQUEST, "POST", "/x", 1, 1);
    EXPECT_HTTP(mb, s, GINET_HTTP_HEADER, "Host", "a", GINET_HTTP_HOST, 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_HEADER, "Content-Length", "10", GINET_HTTP_CONTENT_LENGTH, 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_EOH, NULL, NULL, 0, 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_REQUEST, "0123456789GET", "/", 1, 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_EOH, NULL, NULL, 0, 0);
    TA_EXPECT_NONE(mb, 50);
    snprintf(want, sizeof want, "[{packet,%s}]", type);
    TA_EXPECT_OPTS(s, "[packet]", want);
    close(peer);
    tt_drop(s);
    ginet_mailbox_free(mb);
}

static void test_http_bin_active_true(void) { active_true_case("http_bin"); }
static void test_http_active_true(void) { active_true_case("http"); }

/* OTP 25, {packet,http},{active,once}, REQ sent at once; one message per
 * setopts([{active,once}]): request, Host, Content-Length, http_eoh; then
 *   setopts([{packet,raw},{active,once}])
 *     -> [{tcp,S,<<"0123456789GET / HTTP/1.0\r\n\r\n">>}]  (nothing lost)
 *   setopts([{packet,http},{active,once}]) -> [] */
static void test_once_then_raw_after_eoh(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,once},{packet,http}", mb, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    tt_write_full(peer, REQ, strlen(REQ));
    EXPECT_HTTP(mb, s, GINET_HTTP_REQUEST, "POST", "/x", 1, 1);
    TA_EXPECT_NONE(mb, 50);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,once}]"), 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_HEADER, "Host", "a", GINET_HTTP_HOST, 0);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,once}]"), 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_HEADER, "Content-Length", "10", GINET_HTTP_CONTENT_LENGTH, 0);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,once}]"), 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_EOH, NULL, NULL, 0, 0);
    TA_EXPECT_NONE(mb, 50);
    TT_EXPECT_RC(ginet_setopts(s, "[{packet,raw},{active,once}]"), 0);
    TA_EXPECT_STR(mb, s, "0123456789GET / HTTP/1.0\r\n\r\n");
    TT_EXPECT_RC(ginet_setopts(s, "[{packet,http},{active,once}]"), 0);
    TA_EXPECT_NONE(mb, 100);
    close(peer);
    tt_drop(s);
    ginet_mailbox_free(mb);
}

/* OTP 25, {packet,http_bin},{active,once}; "PUT /b HTTP/1.1\r\n
 * Content-Length: 12\r\n\r\nhello" at once, " world!" later:
 *   request, Content-Length (38), http_eoh (one per once), then
 *   setopts([{packet,raw},{active,once}]) -> [{tcp,S,<<"hello">>}]
 *   (" world!" sent) setopts([{active,once}]) -> [{tcp,S,<<" world!">>}]
 *   setopts([{packet,http_bin},{active,true}]), "HTTP/1.1 200 OK\r\n
 *   Server: x\r\n\r\n" -> [{http,S,{http_response,{1,1},200,<<"OK">>}},
 *   {http,S,{http_header,30,'Server',<<"Server">>,<<"x">>}},
 *   {http,S,http_eoh}] */
static void test_body_split_then_response(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,once},{packet,http_bin}", mb, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    const char *head = "PUT /b HTTP/1.1\r\nContent-Length: 12\r\n\r\nhello";
    tt_write_full(peer, head, strlen(head));
    EXPECT_HTTP(mb, s, GINET_HTTP_REQUEST, "PUT", "/b", 1, 1);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,once}]"), 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_HEADER, "Content-Length", "12", GINET_HTTP_CONTENT_LENGTH, 0);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,once}]"), 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_EOH, NULL, NULL, 0, 0);
    TT_EXPECT_RC(ginet_setopts(s, "[{packet,raw},{active,once}]"), 0);
    TA_EXPECT_STR(mb, s, "hello");
    tt_write_full(peer, " world!", 7);
    tt_sleep_ms(50);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,once}]"), 0);
    TA_EXPECT_STR(mb, s, " world!");
    TT_EXPECT_RC(ginet_setopts(s, "[{packet,http_bin},{active,true}]"), 0);
    const char *resp = "HTTP/1.1 200 OK\r\nServer: x\r\n\r\n";
    tt_write_full(peer, resp, strlen(resp));
    EXPECT_HTTP(mb, s, GINET_HTTP_RESPONSE, "OK", NULL, 200, 1);
    EXPECT_HTTP(mb, s, GINET_HTTP_HEADER, "Server", "x", GINET_HTTP_SERVER, 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_EOH, NULL, NULL, 0, 0);
    TA_EXPECT_NONE(mb, 50);
    close(peer);
    tt_drop(s);
    ginet_mailbox_free(mb);
}

/* OTP 25, {packet,http_bin},{active,once}, "GET /a HTTP/1.1\r\nHost: h\r\n
 * Accept: <star>/<star>\r\n\r\n":
 *   [{http,S,{http_request,'GET',{abs_path,<<"/a">>},{1,1}}}]
 *   setopts([{packet,httph_bin},{active,once}])
 *     -> [{http,S,{http_header,14,'Host',<<"Host">>,<<"h">>}}],
 *        getopts -> [{packet,httph_bin}]
 *   once -> Accept (8), once -> http_eoh, once -> [] */
static void test_explicit_httph_switch(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,once},{packet,http_bin}", mb, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    const char *req = "GET /a HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n";
    tt_write_full(peer, req, strlen(req));
    EXPECT_HTTP(mb, s, GINET_HTTP_REQUEST, "GET", "/a", 1, 1);
    TT_EXPECT_RC(ginet_setopts(s, "[{packet,httph_bin},{active,once}]"), 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_HEADER, "Host", "h", GINET_HTTP_HOST, 0);
    TA_EXPECT_OPTS(s, "[packet]", "[{packet,httph_bin}]");
    TT_EXPECT_RC(ginet_setopts(s, "[{active,once}]"), 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_HEADER, "Accept", "*/*", GINET_HTTP_ACCEPT, 0);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,once}]"), 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_EOH, NULL, NULL, 0, 0);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,once}]"), 0);
    TA_EXPECT_NONE(mb, 100);
    close(peer);
    tt_drop(s);
    ginet_mailbox_free(mb);
}

/* OTP 25, {packet,httph_bin},{active,true}, "Host: a\r\nX-Y: b\r\n\r\n
 * Host: c\r\n\r\n" -> [Host a (14), {http_header,0,<<"X-Y">>,<<"X-Y">>,
 * <<"b">>}, http_eoh, Host c, http_eoh] (httph stays httph after eoh). */
static void test_httph_active(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,true},{packet,httph_bin}", mb, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    const char *hs = "Host: a\r\nX-Y: b\r\n\r\nHost: c\r\n\r\n";
    tt_write_full(peer, hs, strlen(hs));
    EXPECT_HTTP(mb, s, GINET_HTTP_HEADER, "Host", "a", GINET_HTTP_HOST, 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_HEADER, "X-Y", "b", GINET_HTTP_FIELD_OTHER, 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_EOH, NULL, NULL, 0, 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_HEADER, "Host", "c", GINET_HTTP_HOST, 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_EOH, NULL, NULL, 0, 0);
    TA_EXPECT_NONE(mb, 50);
    close(peer);
    tt_drop(s);
    ginet_mailbox_free(mb);
}

/* OTP 25, {packet,http_bin},{active,2}, REQ:
 *   [request 'POST', Host, {tcp_passive,S}]; and a bad line:
 * {packet,http_bin},{active,true}, "garbage\r\nGET / HTTP/1.1\r\n\r\n" ->
 *   [{http,S,{http_error,<<"garbage\r\n">>}}, request 'GET', http_eoh] */
static void test_http_active_n_and_error(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,2},{packet,http_bin}", mb, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    tt_write_full(peer, REQ, strlen(REQ));
    EXPECT_HTTP(mb, s, GINET_HTTP_REQUEST, "POST", "/x", 1, 1);
    EXPECT_HTTP(mb, s, GINET_HTTP_HEADER, "Host", "a", GINET_HTTP_HOST, 0);
    TA_EXPECT_PASSIVE(mb, s);
    TA_EXPECT_NONE(mb, 50);
    close(peer);
    tt_drop(s);

    if (ta_peer_pair("binary,{active,true},{packet,http_bin}", mb, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    const char *bad = "garbage\r\nGET / HTTP/1.1\r\n\r\n";
    tt_write_full(peer, bad, strlen(bad));
    EXPECT_HTTP(mb, s, GINET_HTTP_ERROR, "garbage\r\n", NULL, 0, 0);
    EXPECT_HTTP(mb, s, GINET_HTTP_REQUEST, "GET", "/", 1, 1);
    EXPECT_HTTP(mb, s, GINET_HTTP_EOH, NULL, NULL, 0, 0);
    TA_EXPECT_NONE(mb, 50);
    close(peer);
    tt_drop(s);
    ginet_mailbox_free(mb);
}

/* Many pipelined requests written in random splits: every request comes
 * out as request, Host, http_eoh, in order. */
static void test_http_pipelined_random_splits(void)
{
    enum { NREQ = 500 };
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,true},{packet,http_bin}", mb, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    char *buf = malloc(NREQ * 64);
    size_t len = 0;
    for (int i = 0; i < NREQ; i++)
        len += (size_t)sprintf(buf + len, "GET /r%d HTTP/1.1\r\nHost: h%d\r\n\r\n", i, i);
    tt_writer w;
    memset(&w, 0, sizeof w);
    tt_writer_start(&w, peer, buf, len, 37, 4);
    for (int i = 0; i < NREQ; i++) {
        char path[32], host[32];
        snprintf(path, sizeof path, "/r%d", i);
        snprintf(host, sizeof host, "h%d", i);
        if (!EXPECT_HTTP(mb, s, GINET_HTTP_REQUEST, "GET", path, 1, 1)
            || !EXPECT_HTTP(mb, s, GINET_HTTP_HEADER, "Host", host, GINET_HTTP_HOST, 0)
            || !EXPECT_HTTP(mb, s, GINET_HTTP_EOH, NULL, NULL, 0, 0))
            break;
    }
    TT_EXPECT_RC(tt_writer_join(&w), 0);
    free(buf);
    close(peer);
    tt_drop(s);
    ginet_mailbox_free(mb);
}

const ginet_test_case tt_active_http_cases[] = {
    { "http_bin_active_true", test_http_bin_active_true },
    { "http_active_true", test_http_active_true },
    { "once_then_raw_after_eoh", test_once_then_raw_after_eoh },
    { "body_split_then_response", test_body_split_then_response },
    { "explicit_httph_switch", test_explicit_httph_switch },
    { "httph_active", test_httph_active },
    { "http_active_n_and_error", test_http_active_n_and_error },
    { "http_pipelined_random_splits", test_http_pipelined_random_splits },
    { NULL, NULL }
};
