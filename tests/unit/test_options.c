/*
 * tests/unit/test_options.c — socket options through the public API:
 * every option read from text and typed, OTP's acceptance table
 * (test_options_data.h, recorded from OTP 25), error messages and their
 * positions, printing as getopts/2 does, round trips, name <-> id, typed
 * adds, NULL and empty inputs.  The table, the state rules and the
 * getopts request form are white-box tested in test_options_state.c.
 */
#include "harness.h"

#include <ginet/ginet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_options_data.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A private copy of the text, so reading past its end trips ASan. */
static int parse_exact(ginet_optlist *l, const char *text, ginet_term_error *err)
{
    size_t len = strlen(text);
    char *copy = malloc(len ? len : 1);
    if (copy == NULL)
        return GINET_ENOMEM;
    memcpy(copy, text, len);
    int rc = ginet_optlist_parse(l, copy, len, err);
    free(copy);
    return rc;
}

/* The list printed as ~w into a static buffer (one at a time). */
static const char *show_list(const ginet_optlist *l)
{
    static char buf[4096];
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t = ginet_optlist_term(a, l);
    long n = t != NULL ? ginet_term_format(t, buf, sizeof buf) : -1;
    ginet_term_arena_free(a);
    return n < 0 ? "<error>" : buf;
}

static const char *show_opt(const ginet_opt *o)
{
    static char buf[1024];
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t = ginet_opt_term(a, o);
    long n = t != NULL ? ginet_term_format(t, buf, sizeof buf) : -1;
    ginet_term_arena_free(a);
    return n < 0 ? "<null>" : buf;
}

/* Parse TEXT alone; the only option, or NULL (the list is kept in *L). */
static const ginet_opt *one(ginet_optlist **l, const char *text)
{
    ginet_term_error err;
    *l = ginet_optlist_new();
    if (*l == NULL || parse_exact(*l, text, &err) != 0
        || ginet_optlist_count(*l) != 1) {
        printf("\n  %s: %s\n", text, *l ? err.message : "no memory");
        return NULL;
    }
    return ginet_optlist_get(*l, 0);
}

/* ------------------------------------------------------------ the OTP table */

static void otp_acceptance_table(void)
{
    for (size_t i = 0; i < COUNT(opt_cases); i++) {
        const opt_case *c = &opt_cases[i];
        ginet_optlist *l = ginet_optlist_new();
        ginet_term_error err;
        CU_ASSERT_PTR_NOT_NULL_FATAL(l);
        /* A list that already holds one option: nothing may be appended
         * on error, everything after it on success. */
        CU_ASSERT_EQUAL_FATAL(ginet_optlist_add_int(l, GINET_OPT_HEADER, 7), 0);
        memset(&err, 0, sizeof err);
        int rc = parse_exact(l, c->text, &err);
        if (c->ok) {
            if (rc != 0)
                printf("\n  %s (OTP: %s) refused: %s\n", c->text, c->otp,
                       err.message);
            CU_ASSERT_EQUAL(rc, 0);
            if (rc != 0) {
                ginet_optlist_free(l);
                continue;
            }
            /* Print without the leading {header,7}. */
            char want[1024];
            snprintf(want, sizeof want, "[{header,7}%s%s",
                     strcmp(c->printed, "[]") == 0 ? "" : ",",
                     c->printed + 1);
            const char *got = show_list(l);
            if (strcmp(got, want) != 0)
                printf("\n  %s printed %s, want %s\n", c->text, got, want);
            CU_ASSERT_STRING_EQUAL(got, want);
            /* Round trip: the printed text reads back to itself. */
            ginet_optlist *l2 = ginet_optlist_new();
            if (parse_exact(l2, c->printed, &err) != 0)
                printf("\n  %s: printed %s does not read back: %s\n",
                       c->text, c->printed, err.message);
            CU_ASSERT_STRING_EQUAL(show_list(l2), c->printed);
            CU_ASSERT_EQUAL(ginet_optlist_count(l2), ginet_optlist_count(l) - 1);
            ginet_optlist_free(l2);
        } else {
            if (rc == 0)
                printf("\n  %s (OTP: %s) accepted\n", c->text, c->otp);
            CU_ASSERT_EQUAL(rc, GINET_EINVAL);
            CU_ASSERT_EQUAL(err.code, GINET_EINVAL);
            CU_ASSERT(err.message[0] != '\0');
            CU_ASSERT(err.line >= 1 && err.column >= 1);
            CU_ASSERT_EQUAL(ginet_optlist_count(l), 1);
        }
        ginet_optlist_free(l);
    }
}

/* ------------------------------------------------- every option from text */

typedef struct typed_case {
    const char *text;
    ginet_option id;
    int64_t i;              /* for options held in i */
} typed_case;

static const typed_case int_cases[] = {
    { "{mode,list}", GINET_OPT_MODE, GINET_MODE_LIST },
    { "binary", GINET_OPT_MODE, GINET_MODE_BINARY },
    { "list", GINET_OPT_MODE, GINET_MODE_LIST },
    { "{packet,raw}", GINET_OPT_PACKET, GINET_PACKET_RAW },
    { "{packet,0}", GINET_OPT_PACKET, GINET_PACKET_RAW },
    { "{packet,1}", GINET_OPT_PACKET, GINET_PACKET_1 },
    { "{packet,2}", GINET_OPT_PACKET, GINET_PACKET_2 },
    { "{packet,4}", GINET_OPT_PACKET, GINET_PACKET_4 },
    { "{packet,asn1}", GINET_OPT_PACKET, GINET_PACKET_ASN1 },
    { "{packet,cdr}", GINET_OPT_PACKET, GINET_PACKET_CDR },
    { "{packet,sunrm}", GINET_OPT_PACKET, GINET_PACKET_SUNRM },
    { "{packet,fcgi}", GINET_OPT_PACKET, GINET_PACKET_FCGI },
    { "{packet,tpkt}", GINET_OPT_PACKET, GINET_PACKET_TPKT },
    { "{packet,line}", GINET_OPT_PACKET, GINET_PACKET_LINE },
    { "{packet,http}", GINET_OPT_PACKET, GINET_PACKET_HTTP },
    { "{packet,httph}", GINET_OPT_PACKET, GINET_PACKET_HTTPH },
    { "{packet,http_bin}", GINET_OPT_PACKET, GINET_PACKET_HTTP_BIN },
    { "{packet,httph_bin}", GINET_OPT_PACKET, GINET_PACKET_HTTPH_BIN },
    { "{packet_size,4294967295}", GINET_OPT_PACKET_SIZE, 4294967295LL },
    { "{line_delimiter,$\\r}", GINET_OPT_LINE_DELIMITER, '\r' },
    { "{header,3}", GINET_OPT_HEADER, 3 },
    { "{read_ahead,false}", GINET_OPT_READ_AHEAD, 0 },
    { "{deliver,port}", GINET_OPT_DELIVER, GINET_DELIVER_PORT },
    { "{deliver,term}", GINET_OPT_DELIVER, GINET_DELIVER_TERM },
    { "{buffer,65536}", GINET_OPT_BUFFER, 65536 },
    { "{recbuf,-1}", GINET_OPT_RECBUF, -1 },
    { "{sndbuf,1_000_000}", GINET_OPT_SNDBUF, 1000000 },
    { "{high_watermark,16#10000}", GINET_OPT_HIGH_WATERMARK, 65536 },
    { "{low_watermark,0}", GINET_OPT_LOW_WATERMARK, 0 },
    { "{high_msgq_watermark,1}", GINET_OPT_HIGH_MSGQ_WATERMARK, 1 },
    { "{low_msgq_watermark,2}", GINET_OPT_LOW_MSGQ_WATERMARK, 2 },
    { "{send_timeout,infinity}", GINET_OPT_SEND_TIMEOUT, GINET_INFINITY },
    { "{send_timeout,0}", GINET_OPT_SEND_TIMEOUT, 0 },
    { "{send_timeout_close,true}", GINET_OPT_SEND_TIMEOUT_CLOSE, 1 },
    { "{delay_send,true}", GINET_OPT_DELAY_SEND, 1 },
    { "{exit_on_close,false}", GINET_OPT_EXIT_ON_CLOSE, 0 },
    { "{show_econnreset,true}", GINET_OPT_SHOW_ECONNRESET, 1 },
    { "{reuseaddr,true}", GINET_OPT_REUSEADDR, 1 },
    { "{reuseport,true}", GINET_OPT_REUSEPORT, 1 },
    { "{reuseport_lb,false}", GINET_OPT_REUSEPORT_LB, 0 },
    { "{exclusiveaddruse,true}", GINET_OPT_EXCLUSIVEADDRUSE, 1 },
    { "{ipv6_v6only,true}", GINET_OPT_IPV6_V6ONLY, 1 },
    { "{nodelay,true}", GINET_OPT_NODELAY, 1 },
    { "{nopush,true}", GINET_OPT_NOPUSH, 1 },
    { "{keepalive,true}", GINET_OPT_KEEPALIVE, 1 },
    { "{keepcnt,5}", GINET_OPT_KEEPCNT, 5 },
    { "{keepidle,60}", GINET_OPT_KEEPIDLE, 60 },
    { "{keepintvl,10}", GINET_OPT_KEEPINTVL, 10 },
    { "{tos,16#10}", GINET_OPT_TOS, 16 },
    { "{tclass,8}", GINET_OPT_TCLASS, 8 },
    { "{priority,6}", GINET_OPT_PRIORITY, 6 },
    { "{dontroute,true}", GINET_OPT_DONTROUTE, 1 },
    { "{user_timeout,30000}", GINET_OPT_USER_TIMEOUT, 30000 },
    { "{broadcast,true}", GINET_OPT_BROADCAST, 1 },
    { "{multicast_ttl,32}", GINET_OPT_MULTICAST_TTL, 32 },
    { "{multicast_loop,false}", GINET_OPT_MULTICAST_LOOP, 0 },
    { "{recvtos,true}", GINET_OPT_RECVTOS, 1 },
    { "{recvttl,true}", GINET_OPT_RECVTTL, 1 },
    { "{recvtclass,true}", GINET_OPT_RECVTCLASS, 1 },
    { "{read_packets,50}", GINET_OPT_READ_PACKETS, 50 },
    { "inet", GINET_OPT_FAMILY, GINET_AF_INET },
    { "inet6", GINET_OPT_FAMILY, GINET_AF_INET6 },
    { "local", GINET_OPT_FAMILY, GINET_AF_LOCAL },
    { "{port,8080}", GINET_OPT_PORT, 8080 },
    { "{fd,3}", GINET_OPT_FD, 3 },
    { "{backlog,128}", GINET_OPT_BACKLOG, 128 },
};

static void every_int_option(void)
{
    for (size_t i = 0; i < COUNT(int_cases); i++) {
        ginet_optlist *l;
        const ginet_opt *o = one(&l, int_cases[i].text);
        CU_ASSERT_PTR_NOT_NULL(o);
        if (o != NULL) {
            if (o->id != int_cases[i].id || o->val.i != int_cases[i].i)
                printf("\n  %s: id %d i %lld\n", int_cases[i].text, (int)o->id,
                       (long long)o->val.i);
            CU_ASSERT_EQUAL(o->id, int_cases[i].id);
            CU_ASSERT_EQUAL(o->val.i, int_cases[i].i);
        }
        ginet_optlist_free(l);
    }
}

static void every_other_option(void)
{
    ginet_optlist *l;
    const ginet_opt *o;

    o = one(&l, "{active,once}");
    CU_ASSERT(o && o->id == GINET_OPT_ACTIVE && o->val.active.kind == GINET_ACTIVE_ONCE);
    ginet_optlist_free(l);
    o = one(&l, "{active,-32768}");
    CU_ASSERT(o && o->val.active.kind == GINET_ACTIVE_N && o->val.active.n == -32768);
    ginet_optlist_free(l);
    o = one(&l, "{active,true}");
    CU_ASSERT(o && o->val.active.kind == GINET_ACTIVE_TRUE);
    ginet_optlist_free(l);
    o = one(&l, "{active,false}");
    CU_ASSERT(o && o->val.active.kind == GINET_ACTIVE_FALSE);
    ginet_optlist_free(l);

    o = one(&l, "{linger,{true,30}}");
    CU_ASSERT(o && o->id == GINET_OPT_LINGER && o->val.linger.on == 1
              && o->val.linger.seconds == 30);
    ginet_optlist_free(l);
    o = one(&l, "{linger,{true,-4294967295}}");   /* cut to 32 bits: 1 */
    CU_ASSERT(o && o->val.linger.seconds == 1);
    ginet_optlist_free(l);

    o = one(&l, "{multicast_if,{10,0,0,1}}");
    CU_ASSERT(o && o->val.addr_kind == GINET_OPTADDR_IP
              && o->val.addr.family == GINET_AF_INET && o->val.addr.u.v4[0] == 10
              && o->val.addr.u.v4[3] == 1);
    ginet_optlist_free(l);
    o = one(&l, "{multicast_if,3}");
    CU_ASSERT(o && o->val.addr_kind == GINET_OPTADDR_IFINDEX && o->val.i == 3);
    ginet_optlist_free(l);

    o = one(&l, "{add_membership,{{224,0,0,251},any}}");
    CU_ASSERT(o && o->id == GINET_OPT_ADD_MEMBERSHIP
              && o->val.membership.group.family == GINET_AF_INET
              && o->val.membership.group.u.v4[3] == 251
              && o->val.membership.iface.family == GINET_AF_INET
              && o->val.membership.iface.u.v4[0] == 0
              && o->val.membership.ifindex == 0);
    ginet_optlist_free(l);
    o = one(&l, "{drop_membership,{{224,0,0,251},{192,168,1,2},7}}");
    CU_ASSERT(o && o->id == GINET_OPT_DROP_MEMBERSHIP
              && o->val.membership.iface.u.v4[0] == 192
              && o->val.membership.ifindex == 7);
    ginet_optlist_free(l);
    o = one(&l, "{add_membership,{{16#ff02,0,0,0,0,0,0,16#fb},2}}");
    CU_ASSERT(o && o->val.membership.group.family == GINET_AF_INET6
              && o->val.membership.group.u.v6[0] == 0xff02
              && o->val.membership.ifindex == 2);
    ginet_optlist_free(l);

    o = one(&l, "{raw,6,8,<<30,0,0,0>>}");
    CU_ASSERT(o && o->id == GINET_OPT_RAW && o->val.raw.level == 6
              && o->val.raw.name == 8 && o->val.raw.len == 4
              && o->val.raw.data[0] == 30);
    ginet_optlist_free(l);
    o = one(&l, "{raw,{1,2,<<>>}}");
    CU_ASSERT(o && o->val.raw.level == 1 && o->val.raw.name == 2
              && o->val.raw.len == 0 && o->val.raw.data != NULL);
    ginet_optlist_free(l);

    o = one(&l, "{bind_to_device,<<\"eth0\">>}");
    CU_ASSERT(o && o->id == GINET_OPT_BIND_TO_DEVICE && o->val.str.len == 4
              && strcmp(o->val.str.ptr, "eth0") == 0);
    ginet_optlist_free(l);
    o = one(&l, "{netns,\"/var/run/netns/x\"}");
    CU_ASSERT(o && o->id == GINET_OPT_NETNS
              && strcmp(o->val.str.ptr, "/var/run/netns/x") == 0);
    ginet_optlist_free(l);
    o = one(&l, "{netns,\"/tmp/\\x{e9}\\x{3bb}\"}");    /* stored as UTF-8 */
    CU_ASSERT(o && o->val.str.len == 9
              && memcmp(o->val.str.ptr, "/tmp/\xc3\xa9\xce\xbb", 9) == 0);
    ginet_optlist_free(l);
    o = one(&l, "{inet_backend,epoll}");
    CU_ASSERT(o && o->id == GINET_OPT_INET_BACKEND
              && strcmp(o->val.str.ptr, "epoll") == 0);
    ginet_optlist_free(l);

    o = one(&l, "{ip,{0,0,0,0,0,0,0,1}}");
    CU_ASSERT(o && o->id == GINET_OPT_IP && o->val.addr_kind == GINET_OPTADDR_IP
              && o->val.addr.family == GINET_AF_INET6 && o->val.addr.u.v6[7] == 1);
    ginet_optlist_free(l);
    o = one(&l, "{ifaddr,any}");
    CU_ASSERT(o && o->id == GINET_OPT_IFADDR && o->val.addr_kind == GINET_OPTADDR_ANY);
    ginet_optlist_free(l);
    o = one(&l, "{ip,loopback}");
    CU_ASSERT(o && o->val.addr_kind == GINET_OPTADDR_LOOPBACK);
    ginet_optlist_free(l);
    o = one(&l, "{ip,{local,\"/tmp/sock\"}}");
    CU_ASSERT(o && o->val.addr_kind == GINET_OPTADDR_LOCAL && o->val.str.len == 9
              && strcmp(o->val.str.ptr, "/tmp/sock") == 0);
    ginet_optlist_free(l);
    o = one(&l, "{ifaddr,{local,<<0,\"abstract\">>}}");   /* Linux abstract */
    CU_ASSERT(o && o->val.addr_kind == GINET_OPTADDR_LOCAL && o->val.str.len == 9
              && o->val.str.ptr[0] == '\0');
    ginet_optlist_free(l);
}

/* Every id has a text form that reads back to it. */
static void every_id_has_text(void)
{
    static const char *const samples[] = {
        "{active,true}", "{mode,binary}", "{packet,4}", "{packet_size,9}",
        "{line_delimiter,0}", "{header,1}", "{read_ahead,true}",
        "{deliver,term}", "{buffer,1}", "{recbuf,1}", "{sndbuf,1}",
        "{high_watermark,1}", "{low_watermark,1}", "{high_msgq_watermark,1}",
        "{low_msgq_watermark,1}", "{send_timeout,1}",
        "{send_timeout_close,false}", "{delay_send,false}",
        "{exit_on_close,true}", "{show_econnreset,false}", "{reuseaddr,false}",
        "{reuseport,false}", "{reuseport_lb,false}",
        "{exclusiveaddruse,false}", "{ipv6_v6only,false}", "{nodelay,false}",
        "{nopush,false}", "{keepalive,false}", "{keepcnt,1}", "{keepidle,1}",
        "{keepintvl,1}", "{linger,{false,0}}", "{tos,0}", "{tclass,0}",
        "{priority,0}", "{dontroute,false}", "{user_timeout,0}",
        "{broadcast,false}", "{multicast_if,{0,0,0,0}}", "{multicast_ttl,1}",
        "{multicast_loop,true}", "{add_membership,{{224,0,0,1},{0,0,0,0}}}",
        "{drop_membership,{{224,0,0,1},{0,0,0,0}}}", "{recvtos,false}",
        "{recvttl,false}", "{recvtclass,false}", "{read_packets,5}",
        "{raw,1,2,<<3>>}", "inet6", "{ip,{127,0,0,1}}", "{ifaddr,{127,0,0,1}}",
        "{port,1}", "{fd,-1}", "{backlog,5}", "{netns,[47,120]}",
        "{bind_to_device,<<108,111>>}", "{inet_backend,socket}",
    };
    CU_ASSERT_EQUAL_FATAL(COUNT(samples), GINET_OPT_COUNT_ - 1);
    for (size_t i = 0; i < COUNT(samples); i++) {
        ginet_optlist *l;
        const ginet_opt *o = one(&l, samples[i]);
        CU_ASSERT_PTR_NOT_NULL(o);
        if (o != NULL) {
            CU_ASSERT_EQUAL(o->id, (ginet_option)(i + 1));
            /* The printed option is the text (these are canonical). */
            if (strcmp(show_opt(o), samples[i]) != 0)
                printf("\n  %s printed %s\n", samples[i], show_opt(o));
            CU_ASSERT_STRING_EQUAL(show_opt(o), samples[i]);
        }
        ginet_optlist_free(l);
    }
}

/* --------------------------------------------------------------- names */

static void names_and_ids(void)
{
    for (int id = 1; id < GINET_OPT_COUNT_; id++) {
        const char *n = ginet_option_name((ginet_option)id);
        CU_ASSERT_PTR_NOT_NULL_FATAL(n);
        CU_ASSERT_EQUAL(ginet_option_from_name(n, strlen(n)), (ginet_option)id);
        /* Distinct names. */
        for (int j = 1; j < id; j++)
            CU_ASSERT(strcmp(n, ginet_option_name((ginet_option)j)) != 0);
    }
    CU_ASSERT_PTR_NULL(ginet_option_name((ginet_option)0));
    CU_ASSERT_PTR_NULL(ginet_option_name(GINET_OPT_COUNT_));
    CU_ASSERT_PTR_NULL(ginet_option_name((ginet_option)-1));
    CU_ASSERT_STRING_EQUAL(ginet_option_name(GINET_OPT_PACKET), "packet");
    CU_ASSERT_STRING_EQUAL(ginet_option_name(GINET_OPT_FAMILY), "family");
    CU_ASSERT_STRING_EQUAL(ginet_option_name(GINET_OPT_INET_BACKEND), "inet_backend");
    CU_ASSERT_EQUAL(ginet_option_from_name("packetx", 6), GINET_OPT_PACKET);
    CU_ASSERT_EQUAL(ginet_option_from_name("packet", 5), 0);
    CU_ASSERT_EQUAL(ginet_option_from_name("Packet", 6), 0);
    CU_ASSERT_EQUAL(ginet_option_from_name("", 0), 0);
    CU_ASSERT_EQUAL(ginet_option_from_name(NULL, 0), 0);
    CU_ASSERT_EQUAL(ginet_option_from_name("binary", 6), 0);  /* shorthand */
}

/* ------------------------------------------------------------ messages */

typedef struct msg_case {
    const char *text;
    const char *message;
    unsigned line, column;
} msg_case;

static const msg_case msg_cases[] = {
    { "{packet,3}",
      "{packet,3}: packet must be one of raw, 0, 1, 2, 4, asn1, cdr, sunrm, "
      "fcgi, tpkt, line, http, httph, http_bin, httph_bin", 1, 1 },
    { "[binary,\n  {packet,3}]",
      "{packet,3}: packet must be one of raw, 0, 1, 2, 4, asn1, cdr, sunrm, "
      "fcgi, tpkt, line, http, httph, http_bin, httph_bin", 2, 3 },
    { "[{nodelay,1}]", "{nodelay,1}: nodelay must be true or false", 1, 2 },
    { "[{active,32768}]",
      "{active,32768}: active must be true, false, once or an integer "
      "-32768..32767", 1, 2 },
    { "{send_timeout,-1}",
      "{send_timeout,-1}: send_timeout must be infinity or an integer >= 0",
      1, 1 },
    { "{header,-1}", "{header,-1}: header must be an integer >= 0", 1, 1 },
    { "{port,70000}", "{port,70000}: port must be an integer 0..65535", 1, 1 },
    { "{linger,true}",
      "{linger,true}: linger must be {true | false, Seconds}", 1, 1 },
    { "  {mode,foo}", "{mode,foo}: mode must be binary or list", 1, 3 },
    { "{deliver,x}", "{deliver,x}: deliver must be port or term", 1, 1 },
    { "{bind_to_device,\"lo\"}",
      "{bind_to_device,[108,111]}: bind_to_device must be a binary", 1, 1 },
    { "{netns,42}",
      "{netns,42}: netns must be a file name (a string or a binary)", 1, 1 },
    { "[{packet,2},{inet_backend,socket}]",
      "{inet_backend,socket}: inet_backend must be the first option", 1, 13 },
    { "{raw,6,8,4}",
      "{raw,6,8,4}: raw value must be a binary (a size is only for getopts)",
      1, 1 },
    { "foo", "foo: unknown option", 1, 1 },
    { "[{foo,1}]", "{foo,1}: unknown option foo", 1, 2 },
    { "nodelay", "nodelay: nodelay takes a value: {nodelay, Value}", 1, 1 },
    { "{nodelay}", "{nodelay}: nodelay takes one value: {nodelay, Value}", 1, 1 },
    { "[42]", "42: not an option (an atom or a {Name, Value} tuple)", 1, 2 },
    { "{family,inet}", "{family,inet}: unknown option family", 1, 1 },
    { "{inet,true}", "{inet,true}: unknown option inet", 1, 1 },
    { "{multicast_if,any}",
      "{multicast_if,any}: multicast_if must be an IPv4 address tuple or an "
      "interface index", 1, 1 },
    { "{packet,<<1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16>>}",
      "{packet,<<1,2,3,4,5,6,7,8,9,10,11,12,...: packet must be one of raw, "
      "0, 1, 2, 4, asn1, cdr, sunrm, fcgi, tpkt, line, ht", 1, 1 },
};

static void error_messages(void)
{
    for (size_t i = 0; i < COUNT(msg_cases); i++) {
        const msg_case *c = &msg_cases[i];
        ginet_optlist *l = ginet_optlist_new();
        ginet_term_error err;
        memset(&err, 0, sizeof err);
        CU_ASSERT_EQUAL(parse_exact(l, c->text, &err), GINET_EINVAL);
        CU_ASSERT_EQUAL(err.code, GINET_EINVAL);
        if (strcmp(err.message, c->message) != 0 || err.line != c->line
            || err.column != c->column)
            printf("\n  %s: %u:%u \"%s\"\n  want %u:%u \"%s\"\n", c->text,
                   err.line, err.column, err.message, c->line, c->column,
                   c->message);
        CU_ASSERT_STRING_EQUAL(err.message, c->message);
        CU_ASSERT_EQUAL(err.line, c->line);
        CU_ASSERT_EQUAL(err.column, c->column);
        CU_ASSERT_EQUAL(ginet_optlist_count(l), 0);
        ginet_optlist_free(l);
    }
    /* {ip,"127.0.0.1"} is a list of integers, not an address. */
    ginet_optlist *l = ginet_optlist_new();
    ginet_term_error err;
    CU_ASSERT_EQUAL(parse_exact(l, "{ip,\"1\"}", &err), GINET_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.message, "{ip,[49]}: ip must be an IP address "
                           "tuple, any, loopback or {local, Path}");
    /* A syntax error is the term reader's, with its position. */
    CU_ASSERT_EQUAL(parse_exact(l, "[{packet,4}", &err), GINET_EINVAL);
    CU_ASSERT_EQUAL(err.code, GINET_EINVAL);
    CU_ASSERT(err.line == 1 && err.column >= 1);
    CU_ASSERT(strstr(err.message, "end of text") != NULL);
    CU_ASSERT_EQUAL(parse_exact(l, "[{packet,4},{nodelay,true}] x", &err),
                    GINET_EINVAL);
    CU_ASSERT_EQUAL(err.column, 29);
    CU_ASSERT_EQUAL(ginet_optlist_count(l), 0);
    /* The offset is the option's byte offset. */
    CU_ASSERT_EQUAL(parse_exact(l, "[list,\n\n   {tos,x}]", &err), GINET_EINVAL);
    CU_ASSERT_EQUAL(err.line, 3);
    CU_ASSERT_EQUAL(err.column, 4);
    CU_ASSERT_EQUAL(err.offset, 11);
    ginet_optlist_free(l);
}

/* --------------------------------------------------------- lists, adds */

static void lists_keep_order_and_duplicates(void)
{
    ginet_optlist *l = ginet_optlist_new();
    ginet_term_error err;
    CU_ASSERT_EQUAL(parse_exact(l, "[inet6,{packet,2},binary,{packet,4},inet,"
                                "{raw,1,2,<<>>},{raw,3,4,<<5>>}]", &err), 0);
    CU_ASSERT_EQUAL(ginet_optlist_count(l), 7);
    CU_ASSERT_EQUAL(ginet_optlist_get(l, 1)->val.i, GINET_PACKET_2);
    CU_ASSERT_PTR_NULL(ginet_optlist_get(l, 7));
    /* The last occurrence wins ... */
    CU_ASSERT_EQUAL(ginet_optlist_find(l, GINET_OPT_PACKET)->val.i, GINET_PACKET_4);
    CU_ASSERT_EQUAL(ginet_optlist_find(l, GINET_OPT_RAW)->val.raw.level, 3);
    /* ... except for the family, where OTP takes the first. */
    CU_ASSERT_EQUAL(ginet_optlist_find(l, GINET_OPT_FAMILY)->val.i, GINET_AF_INET6);
    CU_ASSERT_PTR_NULL(ginet_optlist_find(l, GINET_OPT_NODELAY));
    CU_ASSERT_STRING_EQUAL(show_list(l), "[inet6,{packet,2},{mode,binary},"
                           "{packet,4},inet,{raw,1,2,<<>>},{raw,3,4,<<5>>}]");
    /* Appending keeps what was there. */
    CU_ASSERT_EQUAL(parse_exact(l, "{nodelay,true}", &err), 0);
    CU_ASSERT_EQUAL(ginet_optlist_count(l), 8);
    /* inet_backend first in the text even when the list is not empty ... */
    CU_ASSERT_EQUAL(parse_exact(l, "[{inet_backend,socket},{packet,1}]", &err), 0);
    CU_ASSERT_EQUAL(ginet_optlist_count(l), 10);
    /* ... but a term added on its own only into an empty list. */
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *t = ginet_term_tuple(a, 2, ginet_term_atomz(a, "inet_backend"),
                                     ginet_term_atomz(a, "socket"));
    CU_ASSERT_EQUAL(ginet_optlist_add_term(l, t, &err), GINET_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.message, "{inet_backend,socket}: inet_backend "
                           "must be the first option");
    ginet_optlist_clear(l);
    CU_ASSERT_EQUAL(ginet_optlist_count(l), 0);
    CU_ASSERT_EQUAL(ginet_optlist_add_term(l, t, &err), 0);
    CU_ASSERT_EQUAL(ginet_optlist_count(l), 1);
    /* add_term takes one option; a list is not one. */
    ginet_term *lt = ginet_term_list(a, 1, ginet_term_atomz(a, "binary"));
    CU_ASSERT_EQUAL(ginet_optlist_add_term(l, lt, &err), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_term(l, lt->u.seq.items[0], &err), 0);
    CU_ASSERT_EQUAL(ginet_optlist_count(l), 2);
    ginet_term_arena_free(a);
    /* The list owns its strings: the text and terms are gone. */
    CU_ASSERT_STRING_EQUAL(ginet_optlist_get(l, 0)->val.str.ptr, "socket");
    ginet_optlist_free(l);
}

static void typed_adds(void)
{
    ginet_optlist *l = ginet_optlist_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_PACKET, GINET_PACKET_4), 0);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_PACKET, 14), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_NODELAY, 1), 0);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_NODELAY, 2), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_PORT, 65535), 0);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_PORT, 65536), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_PORT, -1), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_SEND_TIMEOUT, GINET_INFINITY), 0);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_SEND_TIMEOUT, -2), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_HEADER, -1), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_TOS, 4294967296LL), 0);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_MODE, 2), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_FAMILY, GINET_AF_UNSPEC),
                    GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_LINGER, 1), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_ACTIVE, 1), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, (ginet_option)0, 1), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_int(l, GINET_OPT_COUNT_, 1), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_active(l, GINET_ACTIVE_N, 32767), 0);
    CU_ASSERT_EQUAL(ginet_optlist_add_active(l, GINET_ACTIVE_N, 32768), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_active(l, GINET_ACTIVE_N, -32769), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_active(l, GINET_ACTIVE_ONCE, 99), 0);
    CU_ASSERT_EQUAL(ginet_optlist_add_active(l, (ginet_active_kind)7, 0), GINET_EINVAL);
    CU_ASSERT_STRING_EQUAL(show_list(l), "[{packet,4},{nodelay,true},{port,65535},"
                           "{send_timeout,infinity},{tos,4294967296},"
                           "{active,32767},{active,once}]");

    /* Strings and bytes are copied. */
    char name[8] = "eth0";
    uint8_t bytes[2] = { 1, 2 };
    ginet_opt o;
    memset(&o, 0, sizeof o);
    o.id = GINET_OPT_BIND_TO_DEVICE;
    o.val.str.ptr = name;
    o.val.str.len = 4;
    CU_ASSERT_EQUAL(ginet_optlist_add(l, &o), 0);
    memset(&o, 0, sizeof o);
    o.id = GINET_OPT_RAW;
    o.val.raw.level = 1;
    o.val.raw.name = 2;
    o.val.raw.data = bytes;
    o.val.raw.len = 2;
    CU_ASSERT_EQUAL(ginet_optlist_add(l, &o), 0);
    name[0] = 'X';
    bytes[0] = 9;
    CU_ASSERT_STRING_EQUAL(ginet_optlist_find(l, GINET_OPT_BIND_TO_DEVICE)->val.str.ptr,
                           "eth0");
    CU_ASSERT_EQUAL(ginet_optlist_find(l, GINET_OPT_RAW)->val.raw.data[0], 1);
    o.val.raw.data = NULL;                     /* NULL bytes with a length */
    CU_ASSERT_EQUAL(ginet_optlist_add(l, &o), GINET_EINVAL);
    o.val.raw.len = 0;                         /* ... fine without */
    CU_ASSERT_EQUAL(ginet_optlist_add(l, &o), 0);

    /* Addresses. */
    memset(&o, 0, sizeof o);
    o.id = GINET_OPT_MULTICAST_IF;
    CU_ASSERT_EQUAL(ginet_optlist_add(l, &o), GINET_EINVAL);      /* no family */
    o.val.addr.family = GINET_AF_INET6;
    CU_ASSERT_EQUAL(ginet_optlist_add(l, &o), GINET_EINVAL);      /* v4 only */
    o.val.addr_kind = GINET_OPTADDR_IFINDEX;
    o.val.i = 4;
    CU_ASSERT_EQUAL(ginet_optlist_add(l, &o), 0);
    memset(&o, 0, sizeof o);
    o.id = GINET_OPT_IP;
    o.val.addr_kind = GINET_OPTADDR_LOOPBACK;
    CU_ASSERT_EQUAL(ginet_optlist_add(l, &o), 0);
    o.val.addr_kind = GINET_OPTADDR_IFINDEX;
    CU_ASSERT_EQUAL(ginet_optlist_add(l, &o), GINET_EINVAL);
    o.val.addr_kind = GINET_OPTADDR_LOCAL;
    o.val.str.ptr = "/tmp/s";
    o.val.str.len = 6;
    CU_ASSERT_EQUAL(ginet_optlist_add(l, &o), 0);
    memset(&o, 0, sizeof o);
    o.id = GINET_OPT_ADD_MEMBERSHIP;
    o.val.membership.group.family = GINET_AF_INET;
    o.val.membership.group.u.v4[0] = 224;
    o.val.membership.group.u.v4[3] = 7;
    CU_ASSERT_EQUAL(ginet_optlist_add(l, &o), 0);   /* iface unset: any */
    o.val.membership.iface.family = GINET_AF_INET6;
    CU_ASSERT_EQUAL(ginet_optlist_add(l, &o), GINET_EINVAL);
    memset(&o, 0, sizeof o);
    o.id = GINET_OPT_INET_BACKEND;
    o.val.str.ptr = "epoll";
    o.val.str.len = 5;
    CU_ASSERT_EQUAL(ginet_optlist_add(l, &o), GINET_EINVAL);  /* not first */
    CU_ASSERT_STRING_EQUAL(ginet_last_error(), "inet_backend must be the first option");
    CU_ASSERT_EQUAL(ginet_optlist_add(l, NULL), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add(NULL, &o), GINET_EINVAL);
    CU_ASSERT_STRING_EQUAL(show_list(l),
        "[{packet,4},{nodelay,true},{port,65535},{send_timeout,infinity},"
        "{tos,4294967296},{active,32767},{active,once},"
        "{bind_to_device,<<101,116,104,48>>},{raw,1,2,<<1,2>>},{raw,1,2,<<>>},"
        "{multicast_if,4},{ip,loopback},{ip,{local,<<47,116,109,112,47,115>>}},"
        "{add_membership,{{224,0,0,7},{0,0,0,0}}}]");
    ginet_optlist_free(l);

    /* Into an empty list inet_backend is fine. */
    l = ginet_optlist_new();
    CU_ASSERT_EQUAL(ginet_optlist_add(l, &o), 0);
    ginet_optlist_free(l);
}

static void printing(void)
{
    static const struct { const char *text, *printed; } cases[] = {
        { "{packet,raw}", "{packet,0}" },
        { "{packet,4}", "{packet,4}" },
        { "{packet,http_bin}", "{packet,http_bin}" },
        { "{active,3}", "{active,3}" },
        { "{send_timeout,infinity}", "{send_timeout,infinity}" },
        { "list", "{mode,list}" },
        { "{linger,{true,5}}", "{linger,{true,5}}" },
        { "{netns,<<255>>}", "{netns,<<255>>}" },          /* not UTF-8 */
        { "{netns,\"/a\"}", "{netns,[47,97]}" },
        { "{netns,\"\\x{3bb}\"}", "{netns,[955]}" },
        { "{multicast_if,7}", "{multicast_if,7}" },
        { "{add_membership,{{224,0,0,1},any,3}}",
          "{add_membership,{{224,0,0,1},{0,0,0,0},3}}" },
        { "{add_membership,{{65282,0,0,0,0,0,0,1},-1}}",
          "{add_membership,{{65282,0,0,0,0,0,0,1},4294967295}}" },
        { "{raw,-1,4294967297,<<>>}", "{raw,-1,1,<<>>}" },
        { "local", "local" },
        { "{inet_backend,'my backend'}", "{inet_backend,'my backend'}" },
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        ginet_optlist *l;
        const ginet_opt *o = one(&l, cases[i].text);
        CU_ASSERT_PTR_NOT_NULL(o);
        if (o != NULL) {
            if (strcmp(show_opt(o), cases[i].printed) != 0)
                printf("\n  %s printed %s\n", cases[i].text, show_opt(o));
            CU_ASSERT_STRING_EQUAL(show_opt(o), cases[i].printed);
        }
        ginet_optlist_free(l);
    }
    /* Invalid options print as nothing. */
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_opt o;
    memset(&o, 0, sizeof o);
    CU_ASSERT_PTR_NULL(ginet_opt_term(a, &o));          /* id 0 */
    o.id = GINET_OPT_NODELAY;
    o.val.i = 5;
    CU_ASSERT_PTR_NULL(ginet_opt_term(a, &o));
    o.val.i = 1;
    CU_ASSERT_PTR_NULL(ginet_opt_term(NULL, &o));
    CU_ASSERT_PTR_NULL(ginet_opt_term(a, NULL));
    CU_ASSERT_PTR_NOT_NULL(ginet_opt_term(a, &o));
    CU_ASSERT_PTR_NULL(ginet_optlist_term(a, NULL));
    CU_ASSERT_PTR_NULL(ginet_optlist_term(NULL, NULL));
    ginet_optlist *l = ginet_optlist_new();
    ginet_term *t = ginet_optlist_term(a, l);
    CU_ASSERT(t != NULL && t->kind == GINET_TERM_LIST && t->u.seq.count == 0);
    ginet_optlist_free(l);
    ginet_term_arena_free(a);
}

/* ---------------------------------------------------------- NULL, empty */

static void null_and_empty(void)
{
    ginet_term_error err;
    ginet_optlist *l = ginet_optlist_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ginet_optlist_parse(NULL, "[]", 2, &err), GINET_EINVAL);
    CU_ASSERT_EQUAL(err.code, GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_parse(NULL, "[]", 2, NULL), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_parse(l, NULL, 0, &err), 0);
    CU_ASSERT_EQUAL(ginet_optlist_parse(l, NULL, 3, &err), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_parse(l, "", 0, &err), 0);
    CU_ASSERT_EQUAL(parse_exact(l, "  \n\t% nothing here\n  ", &err), 0);
    CU_ASSERT_EQUAL(parse_exact(l, "[]", &err), 0);
    CU_ASSERT_EQUAL(parse_exact(l, "[].", &err), 0);
    CU_ASSERT_EQUAL(parse_exact(l, "\"\"", &err), 0);    /* "" is [] */
    CU_ASSERT_EQUAL(ginet_optlist_count(l), 0);
    CU_ASSERT_EQUAL(parse_exact(l, "{packet,4}.", NULL), 0);
    CU_ASSERT_EQUAL(parse_exact(l, "{packet,5}", NULL), GINET_EINVAL);
    /* NUL is whitespace to Erlang's scanner, and to the term reader. */
    CU_ASSERT_EQUAL(ginet_optlist_parse(l, "{packet,4}\0", 11, &err), 0);
    CU_ASSERT_EQUAL(ginet_optlist_parse(l, "{packet,4}\0x", 12, &err), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_count(l), 2);
    CU_ASSERT_EQUAL(ginet_optlist_add_term(l, NULL, &err), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_term(NULL, NULL, NULL), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_count(NULL), 0);
    CU_ASSERT_PTR_NULL(ginet_optlist_get(NULL, 0));
    CU_ASSERT_PTR_NULL(ginet_optlist_find(NULL, GINET_OPT_PACKET));
    CU_ASSERT_PTR_NULL(ginet_optlist_find(l, (ginet_option)0));
    CU_ASSERT_EQUAL(ginet_optlist_add_int(NULL, GINET_OPT_PACKET, 1), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_add_active(NULL, GINET_ACTIVE_ONCE, 0), GINET_EINVAL);
    ginet_optlist_clear(NULL);
    ginet_optlist_free(NULL);
    ginet_optlist_free(l);
}

/* Long lists and hostile text: no crash, no leak, the right answer. */
static void long_and_hostile(void)
{
    size_t n = 5000, cap = n * 16 + 8, at = 0;
    char *text = malloc(cap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    text[at++] = '[';
    for (size_t i = 0; i < n; i++)
        at += (size_t)snprintf(text + at, cap - at, "%s{header,%zu}",
                               i ? "," : "", i);
    text[at++] = ']';
    text[at] = '\0';
    ginet_optlist *l = ginet_optlist_new();
    ginet_term_error err;
    CU_ASSERT_EQUAL(parse_exact(l, text, &err), 0);
    CU_ASSERT_EQUAL(ginet_optlist_count(l), n);
    CU_ASSERT_EQUAL(ginet_optlist_find(l, GINET_OPT_HEADER)->val.i, (int64_t)n - 1);
    free(text);

    /* Random texts made of the characters options are written with. */
    static const char alphabet[] = "[]{},.<>\"'$ 0123456789-_abcdefgilnoprstuvwxyz"
                                   "#%\n\\";
    unsigned seed = 12345;
    char buf[64];
    for (int round = 0; round < 20000; round++) {
        size_t len = (size_t)(round % 40) + 1;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        size_t before = ginet_optlist_count(l);
        char *copy = malloc(len);
        memcpy(copy, buf, len);
        int rc = ginet_optlist_parse(l, copy, len, &err);
        free(copy);
        CU_ASSERT(rc == 0 || rc == GINET_EINVAL);
        if (rc != 0)
            CU_ASSERT_EQUAL(ginet_optlist_count(l), before);
    }
    ginet_optlist_free(l);
}

/* The 8-bit and NUL bytes never upset the reader or the messages. */
static void odd_bytes(void)
{
    ginet_optlist *l = ginet_optlist_new();
    ginet_term_error err;
    CU_ASSERT_EQUAL(ginet_optlist_parse(l, "{'\xff\xfe',1}", 9, &err), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet_optlist_parse(l, "{bind_to_device,<<0,255>>}", 26, &err), 0);
    CU_ASSERT_EQUAL(ginet_optlist_get(l, 0)->val.str.len, 2);
    CU_ASSERT_EQUAL(ginet_optlist_parse(l, "{inet_backend,'\\x{3bb}'}", 24, &err), 0);
    CU_ASSERT_EQUAL(ginet_optlist_count(l), 2);
    ginet_optlist_free(l);
}

static const ginet_test_case api_cases[] = {
    { "otp_acceptance_table", otp_acceptance_table },
    { "every_int_option", every_int_option },
    { "every_other_option", every_other_option },
    { "every_id_has_text", every_id_has_text },
    { "names_and_ids", names_and_ids },
    { "error_messages", error_messages },
    { "lists_keep_order_and_duplicates", lists_keep_order_and_duplicates },
    { "typed_adds", typed_adds },
    { "printing", printing },
    { "null_and_empty", null_and_empty },
    { "long_and_hostile", long_and_hostile },
    { "odd_bytes", odd_bytes },
    { NULL, NULL }
};

extern const ginet_test_case options_table_cases[];
extern const ginet_test_case options_state_cases[];

static const ginet_test_suite suites[] = {
    { "options", NULL, NULL, api_cases },
    { "options_table", NULL, NULL, options_table_cases },
    { "options_state", NULL, NULL, options_state_cases },
    { NULL, NULL, NULL, NULL }
};

int main(int argc, char **argv)
{
    return ginet_test_main(suites, argc, argv);
}
