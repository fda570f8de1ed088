/*
 * tests/unit/test_options_state.c — white-box tests of the option table
 * and of OTP's rules for applying options (core/options_state.c), the
 * getopts request form and backend values.  The expected values were read
 * from OTP 25.2.3 sockets with inet:getopts/2 (docs/options.md).
 *
 * These functions are internal (not exported from the library), so their
 * files are compiled into this program, with a stand-in for ginet__fail()
 * that keeps the message for the checks.
 */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.c"
#include "core/term_chars.c"
#include "core/options_table.c"
#include "core/options_value.c"
#include "core/options_state.c"
#include "core/options_request.c"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static char failed[512];

int ginet__fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(failed, sizeof failed, fmt, ap);
    va_end(ap);
    return code;
}

#define TCP GINET__OPTK_TCP_CONNECT
#define LISTEN GINET__OPTK_TCP_LISTEN
#define UDP GINET__OPTK_UDP

static ginet_optlist *list_of(const char *text)
{
    ginet_optlist *l = ginet_optlist_new();
    ginet_term_error err;
    if (ginet_optlist_parse(l, text, strlen(text), &err) != 0) {
        printf("\n  %s: %s\n", text, err.message);
        ginet_optlist_free(l);
        return NULL;
    }
    return l;
}

/* Apply TEXT to ST as OTP does for a creation call (FOR_OPEN 1) or
 * setopts (0); returns the first error or the OR of the outcomes. */
static int apply_text(ginet__optstate *st, unsigned kind, const char *text,
                      int for_open)
{
    ginet_optlist *l = list_of(text);
    if (l == NULL)
        return -1000;
    size_t idx[64];
    size_t n = ginet__optlist_plan(l, for_open, idx);
    int out = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = ginet__optstate_apply(st, kind, ginet_optlist_get(l, idx[i]));
        if (rc < 0) {
            out = rc;
            break;
        }
        out |= rc & ~GINET__APPLY_NOT_FRONTEND;
    }
    ginet_optlist_free(l);
    return out;
}

/* getopts/2 of frontend options IDS on ST as ~w text. */
static const char *getopts(const ginet__optstate *st, unsigned kind,
                           const ginet_option *ids, size_t n)
{
    static char buf[2048];
    ginet_optlist *l = ginet_optlist_new();
    for (size_t i = 0; i < n; i++) {
        ginet_opt o;
        if (ginet__optstate_get(st, kind, ids[i], &o) == 0)
            ginet_optlist_add(l, &o);
    }
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term_format(ginet_optlist_term(a, l), buf, sizeof buf);
    ginet_term_arena_free(a);
    ginet_optlist_free(l);
    return buf;
}

static const char *get1(const ginet__optstate *st, unsigned kind, ginet_option id)
{
    return getopts(st, kind, &id, 1);
}

static const char *wm(const ginet__optstate *st)
{
    static const ginet_option ids[] = { GINET_OPT_HIGH_WATERMARK,
                                        GINET_OPT_LOW_WATERMARK };
    return getopts(st, TCP, ids, 2);
}

/* ---------------------------------------------------------------- table */

static void rows_in_id_order(void)
{
    size_t n;
    const ginet__optdesc *rows_ = ginet__option_rows(&n);
    CU_ASSERT_EQUAL(n, GINET_OPT_COUNT_ - 1);
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT_EQUAL(rows_[i].id, (ginet_option)(i + 1));
        CU_ASSERT_PTR_EQUAL(ginet__option_desc(rows_[i].id), &rows_[i]);
        CU_ASSERT_PTR_EQUAL(ginet__option_lookup(rows_[i].name,
                                                 strlen(rows_[i].name)), &rows_[i]);
        CU_ASSERT(rows_[i].type >= GINET__T_BOOL && rows_[i].type <= GINET__T_FAMILY);
        /* Where it lives and its backend id agree. */
        if (rows_[i].place == GINET__AT_BACKEND) {
            CU_ASSERT(rows_[i].bk > 0 && rows_[i].bk < GINET_BKOPT_COUNT_);
        } else {
            CU_ASSERT_EQUAL(rows_[i].bk, 0);
        }
        /* Only creation-time options are creation-only; they act on no
         * socket afterwards. */
        if (rows_[i].flags & GINET__OPTF_CREATE_ONLY)
            CU_ASSERT(rows_[i].place == GINET__AT_OPEN && rows_[i].kinds == 0);
    }
    CU_ASSERT_PTR_NULL(ginet__option_desc((ginet_option)0));
    CU_ASSERT_PTR_NULL(ginet__option_desc(GINET_OPT_COUNT_));
    CU_ASSERT_PTR_NULL(ginet__option_lookup("nope", 4));
    CU_ASSERT_PTR_NULL(ginet__option_lookup(NULL, 0));
}

/* Every backend option id is reached by exactly one row. */
static void backend_ids_covered(void)
{
    int seen[GINET_BKOPT_COUNT_] = { 0 };
    size_t n;
    const ginet__optdesc *r = ginet__option_rows(&n);
    for (size_t i = 0; i < n; i++)
        if (r[i].place == GINET__AT_BACKEND)
            seen[r[i].bk]++;
    for (int b = 1; b < GINET_BKOPT_COUNT_; b++) {
        if (seen[b] != 1)
            printf("\n  backend option %d has %d rows\n", b, seen[b]);
        CU_ASSERT_EQUAL(seen[b], 1);
    }
}

/* Facts read from OTP 25 (docs/options.md). */
static void otp_facts(void)
{
    static const ginet_option create_only[] = {
        GINET_OPT_FAMILY, GINET_OPT_IP, GINET_OPT_IFADDR, GINET_OPT_PORT,
        GINET_OPT_FD, GINET_OPT_BACKLOG, GINET_OPT_NETNS,
        GINET_OPT_INET_BACKEND,
    };
    size_t n, nco = 0;
    const ginet__optdesc *r = ginet__option_rows(&n);
    for (size_t i = 0; i < n; i++)
        nco += (r[i].flags & GINET__OPTF_CREATE_ONLY) != 0;
    CU_ASSERT_EQUAL(nco, COUNT(create_only));
    for (size_t i = 0; i < COUNT(create_only); i++)
        CU_ASSERT(ginet__option_desc(create_only[i])->flags & GINET__OPTF_CREATE_ONLY);
    /* bind_to_device: made at creation, but OTP's setopts changes it too. */
    CU_ASSERT(!(ginet__option_desc(GINET_OPT_BIND_TO_DEVICE)->flags
                & GINET__OPTF_CREATE_ONLY));
    CU_ASSERT_EQUAL(ginet__option_desc(GINET_OPT_LINE_DELIMITER)->open_kinds, TCP);
    CU_ASSERT_EQUAL(ginet__option_desc(GINET_OPT_PACKET)->open_kinds, TCP | LISTEN);
    CU_ASSERT_EQUAL(ginet__option_desc(GINET_OPT_READ_PACKETS)->open_kinds, UDP);
    CU_ASSERT_EQUAL(ginet__option_desc(GINET_OPT_BACKLOG)->open_kinds, LISTEN);
    CU_ASSERT_EQUAL(ginet__option_desc(GINET_OPT_NOPUSH)->open_kinds, 0);
    CU_ASSERT(!(ginet__option_desc(GINET_OPT_IPV6_V6ONLY)->open_kinds & TCP));
    CU_ASSERT(ginet__option_desc(GINET_OPT_IPV6_V6ONLY)->open_kinds & LISTEN);
    CU_ASSERT(!(ginet__option_desc(GINET_OPT_NODELAY)->open_kinds & UDP));
    CU_ASSERT(!(ginet__option_desc(GINET_OPT_DONTROUTE)->open_kinds & TCP));
    CU_ASSERT(ginet__option_desc(GINET_OPT_INET_BACKEND)->flags & GINET__OPTF_FIRST);
    CU_ASSERT(ginet__option_desc(GINET_OPT_FAMILY)->flags & GINET__OPTF_FIRST_WINS);
    CU_ASSERT(ginet__option_desc(GINET_OPT_RAW)->flags & GINET__OPTF_REPEATS);
    CU_ASSERT(!(ginet__option_desc(GINET_OPT_ADD_MEMBERSHIP)->flags & GINET__OPTF_READABLE));
    CU_ASSERT(!(ginet__option_desc(GINET_OPT_IP)->flags & GINET__OPTF_READABLE));
    CU_ASSERT(ginet__option_desc(GINET_OPT_TCLASS)->flags & GINET__OPTF_IPV6);
    CU_ASSERT_EQUAL(ginet__option_desc(GINET_OPT_NODELAY)->bk, GINET_BKOPT_NODELAY);
    CU_ASSERT_EQUAL(ginet__option_desc(GINET_OPT_PACKET)->place, GINET__AT_FRONTEND);
    CU_ASSERT_EQUAL(ginet__option_desc(GINET_OPT_BUFFER)->place, GINET__AT_FRONTEND);
    CU_ASSERT_EQUAL(ginet__option_desc(GINET_OPT_RECBUF)->place, GINET__AT_BACKEND);
}

/* ------------------------------------------------------------- defaults */

static void defaults_tcp(void)
{
    static const ginet_option ids[] = {
        GINET_OPT_ACTIVE, GINET_OPT_BUFFER, GINET_OPT_PACKET,
        GINET_OPT_PACKET_SIZE, GINET_OPT_MODE, GINET_OPT_HEADER,
        GINET_OPT_DELIVER, GINET_OPT_EXIT_ON_CLOSE, GINET_OPT_HIGH_WATERMARK,
        GINET_OPT_LOW_WATERMARK, GINET_OPT_HIGH_MSGQ_WATERMARK,
        GINET_OPT_LOW_MSGQ_WATERMARK, GINET_OPT_SEND_TIMEOUT,
        GINET_OPT_SEND_TIMEOUT_CLOSE, GINET_OPT_DELAY_SEND,
        GINET_OPT_SHOW_ECONNRESET, GINET_OPT_READ_PACKETS,
        GINET_OPT_LINE_DELIMITER, GINET_OPT_READ_AHEAD,
    };
    /* inet:getopts/2 on a fresh gen_tcp:connect/3 socket (OTP 25; the
     * last two are ginet's: OTP 25 cannot read line_delimiter and has no
     * read_ahead). */
    const char *want =
        "[{active,true},{buffer,1460},{packet,0},{packet_size,0},{mode,list},"
        "{header,0},{deliver,term},{exit_on_close,true},{high_watermark,8192},"
        "{low_watermark,4096},{high_msgq_watermark,8192},"
        "{low_msgq_watermark,4096},{send_timeout,infinity},"
        "{send_timeout_close,false},{delay_send,false},{show_econnreset,false},"
        "{line_delimiter,10},{read_ahead,true}]";
    ginet__optstate st;
    ginet__optstate_defaults(&st, TCP, GINET_AF_INET);
    CU_ASSERT_STRING_EQUAL(getopts(&st, TCP, ids, COUNT(ids)), want);
    ginet__optstate_defaults(&st, LISTEN, GINET_AF_INET6);
    CU_ASSERT_STRING_EQUAL(getopts(&st, LISTEN, ids, COUNT(ids)), want);
    CU_ASSERT_EQUAL(st.open_recbuf, 0);

    /* gen_udp:open/2: no stream options, read_packets 5; IPv4 sockets ask
     * for recbuf 8192, which raises buffer to 8192. */
    ginet__optstate_defaults(&st, UDP, GINET_AF_INET);
    CU_ASSERT_STRING_EQUAL(getopts(&st, UDP, ids, COUNT(ids)),
        "[{active,true},{buffer,1460},{packet,0},{packet_size,0},{mode,list},"
        "{header,0},{deliver,term},{exit_on_close,true},"
        "{high_msgq_watermark,8192},{low_msgq_watermark,4096},"
        "{read_packets,5},{line_delimiter,10}]");
    CU_ASSERT_EQUAL(st.open_recbuf, 8192);
    ginet_opt rb;
    memset(&rb, 0, sizeof rb);
    rb.id = GINET_OPT_RECBUF;
    rb.val.i = st.open_recbuf;
    CU_ASSERT_EQUAL(ginet__optstate_apply(&st, UDP, &rb), GINET__APPLY_NOT_FRONTEND);
    CU_ASSERT_STRING_EQUAL(get1(&st, UDP, GINET_OPT_BUFFER), "[{buffer,8192}]");
    ginet__optstate_defaults(&st, UDP, GINET_AF_INET6);
    CU_ASSERT_EQUAL(st.open_recbuf, 0);
}

/* ---------------------------------------------------------- applying */

static void watermarks(void)
{
    ginet__optstate st;
    ginet__optstate_defaults(&st, TCP, GINET_AF_INET);
    /* What OTP 25 answered, step by step, on one socket. */
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{high_watermark,1000}", 0), 0);
    CU_ASSERT_STRING_EQUAL(wm(&st), "[{high_watermark,1000},{low_watermark,1000}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{low_watermark,5000}", 0), 0);
    CU_ASSERT_STRING_EQUAL(wm(&st), "[{high_watermark,5000},{low_watermark,5000}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "[{low_watermark,500},{high_watermark,100}]", 0), 0);
    CU_ASSERT_STRING_EQUAL(wm(&st), "[{high_watermark,500},{low_watermark,500}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "[{high_watermark,100000},{low_watermark,200000}]", 0), 0);
    CU_ASSERT_STRING_EQUAL(wm(&st), "[{high_watermark,100000},{low_watermark,100000}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "[{high_watermark,-1}]", 0), 0);
    CU_ASSERT_STRING_EQUAL(wm(&st), "[{high_watermark,0},{low_watermark,0}]");
    /* gen_tcp:listen/2 with both. */
    ginet__optstate_defaults(&st, LISTEN, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, LISTEN, "[{high_watermark,100},{low_watermark,200}]", 1), 0);
    CU_ASSERT_STRING_EQUAL(wm(&st), "[{high_watermark,100},{low_watermark,100}]");
    ginet__optstate_defaults(&st, LISTEN, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, LISTEN, "[{low_watermark,200},{high_watermark,100}]", 1), 0);
    CU_ASSERT_STRING_EQUAL(wm(&st), "[{high_watermark,200},{low_watermark,200}]");
    ginet__optstate_defaults(&st, LISTEN, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, LISTEN, "[{high_watermark,10000}]", 1), 0);
    CU_ASSERT_STRING_EQUAL(wm(&st), "[{high_watermark,10000},{low_watermark,4096}]");
    /* A UDP socket ignores them (OTP's setopts says ok). */
    ginet__optstate_defaults(&st, UDP, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, UDP, "{high_watermark,10}", 0), 0);
    CU_ASSERT_EQUAL(st.high_watermark, 8192);
    CU_ASSERT_STRING_EQUAL(get1(&st, UDP, GINET_OPT_HIGH_WATERMARK), "[]");
}

static void msgq_watermarks(void)
{
    static const ginet_option ids[] = { GINET_OPT_HIGH_MSGQ_WATERMARK,
                                        GINET_OPT_LOW_MSGQ_WATERMARK };
    ginet__optstate st;
    ginet__optstate_defaults(&st, TCP, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{high_msgq_watermark,100}", 0), 0);
    CU_ASSERT_STRING_EQUAL(getopts(&st, TCP, ids, 2),
                           "[{high_msgq_watermark,100},{low_msgq_watermark,100}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{low_msgq_watermark,5000}", 0), 0);
    CU_ASSERT_STRING_EQUAL(getopts(&st, TCP, ids, 2),
                           "[{high_msgq_watermark,5000},{low_msgq_watermark,5000}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{low_msgq_watermark,0}", 0), GINET_EINVAL);
    CU_ASSERT(strstr(failed, "low_msgq_watermark must be at least 1") != NULL);
    CU_ASSERT_EQUAL(apply_text(&st, UDP, "{high_msgq_watermark,-1}", 0), GINET_EINVAL);
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{high_msgq_watermark,1}", 0), 0);
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{high_msgq_watermark,2147483647}", 0), 0);
    CU_ASSERT_STRING_EQUAL(getopts(&st, TCP, ids, 2),
                           "[{high_msgq_watermark,2147483647},{low_msgq_watermark,1}]");
    /* 2147483648 is -2147483648 once cut to 32 bits: einval, as OTP. */
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{high_msgq_watermark,2147483648}", 0),
                    GINET_EINVAL);
}

static void active_counts(void)
{
    ginet__optstate st;
    ginet__optstate_defaults(&st, TCP, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{active,false}", 0), 0);
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "[{active,1},{active,2}]", 0), 0);
    CU_ASSERT_STRING_EQUAL(get1(&st, TCP, GINET_OPT_ACTIVE), "[{active,3}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{active,32767}", 0), GINET_EINVAL);
    CU_ASSERT_STRING_EQUAL(get1(&st, TCP, GINET_OPT_ACTIVE), "[{active,3}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{active,32764}", 0), 0);
    CU_ASSERT_STRING_EQUAL(get1(&st, TCP, GINET_OPT_ACTIVE), "[{active,32767}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{active,-32768}", 0), GINET__APPLY_WENT_PASSIVE);
    CU_ASSERT_STRING_EQUAL(get1(&st, TCP, GINET_OPT_ACTIVE), "[{active,false}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{active,0}", 0), GINET__APPLY_WENT_PASSIVE);
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{active,once}", 0), 0);
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{active,5}", 0), 0);   /* from once: 0 + 5 */
    CU_ASSERT_STRING_EQUAL(get1(&st, TCP, GINET_OPT_ACTIVE), "[{active,5}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{active,true}", 0), 0);
    CU_ASSERT_EQUAL(st.active_count, 0);
    /* At creation only the last {active,_} counts. */
    ginet__optstate_defaults(&st, TCP, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "[{active,1},{active,2}]", 1), 0);
    CU_ASSERT_STRING_EQUAL(get1(&st, TCP, GINET_OPT_ACTIVE), "[{active,2}]");
    ginet__optstate_defaults(&st, LISTEN, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, LISTEN, "{active,-5}", 1), GINET__APPLY_WENT_PASSIVE);
    CU_ASSERT_STRING_EQUAL(get1(&st, LISTEN, GINET_OPT_ACTIVE), "[{active,false}]");
}

static void buffers(void)
{
    ginet__optstate st;
    ginet__optstate_defaults(&st, TCP, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{buffer,-1}", 0), 0);
    CU_ASSERT_STRING_EQUAL(get1(&st, TCP, GINET_OPT_BUFFER), "[{buffer,1}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{buffer,4294967296}", 0), 0);   /* 0 -> 1 */
    CU_ASSERT_STRING_EQUAL(get1(&st, TCP, GINET_OPT_BUFFER), "[{buffer,1}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{recbuf,100000}", 0), 0);        /* set: stays */
    CU_ASSERT_STRING_EQUAL(get1(&st, TCP, GINET_OPT_BUFFER), "[{buffer,1}]");
    /* recbuf raises a buffer never set. */
    ginet__optstate_defaults(&st, LISTEN, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, LISTEN, "{recbuf,100000}", 1), 0);
    CU_ASSERT_STRING_EQUAL(get1(&st, LISTEN, GINET_OPT_BUFFER), "[{buffer,100000}]");
    ginet__optstate_defaults(&st, LISTEN, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, LISTEN, "{recbuf,1000}", 1), 0);
    CU_ASSERT_STRING_EQUAL(get1(&st, LISTEN, GINET_OPT_BUFFER), "[{buffer,1460}]");
    ginet__optstate_defaults(&st, LISTEN, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, LISTEN, "[{recbuf,100000},{buffer,10}]", 1), 0);
    CU_ASSERT_STRING_EQUAL(get1(&st, LISTEN, GINET_OPT_BUFFER), "[{buffer,10}]");
    ginet__optstate_defaults(&st, LISTEN, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, LISTEN, "[{buffer,10},{recbuf,100000}]", 1), 0);
    CU_ASSERT_STRING_EQUAL(get1(&st, LISTEN, GINET_OPT_BUFFER), "[{buffer,10}]");
    /* Datagram sockets: at most 65536 from recbuf, anything explicitly. */
    ginet__optstate_defaults(&st, UDP, GINET_AF_INET6);
    CU_ASSERT_EQUAL(apply_text(&st, UDP, "{recbuf,65537}", 1), 0);
    CU_ASSERT_STRING_EQUAL(get1(&st, UDP, GINET_OPT_BUFFER), "[{buffer,65536}]");
    CU_ASSERT_EQUAL(apply_text(&st, UDP, "{buffer,1000000}", 0), 0);
    CU_ASSERT_STRING_EQUAL(get1(&st, UDP, GINET_OPT_BUFFER), "[{buffer,1000000}]");
}

static void duplicates_and_order(void)
{
    ginet__optstate st;
    ginet__optstate_defaults(&st, TCP, GINET_AF_INET);
    /* setopts: the first occurrence wins (OTP applies the list backwards). */
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "[{packet,1},{packet,2}]", 0), 0);
    CU_ASSERT_STRING_EQUAL(get1(&st, TCP, GINET_OPT_PACKET), "[{packet,1}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "[binary,list]", 0), 0);
    CU_ASSERT_STRING_EQUAL(get1(&st, TCP, GINET_OPT_MODE), "[{mode,binary}]");
    /* creation: the last wins. */
    ginet__optstate_defaults(&st, TCP, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "[{packet,2},{packet,4}]", 1), 0);
    CU_ASSERT_STRING_EQUAL(get1(&st, TCP, GINET_OPT_PACKET), "[{packet,4}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "[binary,list]", 1), 0);
    CU_ASSERT_STRING_EQUAL(get1(&st, TCP, GINET_OPT_MODE), "[{mode,list}]");

    /* The plans themselves. */
    ginet_optlist *l = list_of("[inet,{packet,1},{raw,1,1,<<>>},{port,5},"
                               "{packet,2},{raw,2,2,<<>>},{nodelay,true}]");
    size_t idx[16];
    size_t n = ginet__optlist_plan(l, 1, idx);
    CU_ASSERT_EQUAL(n, 4);        /* nodelay, raw 2, packet 2, raw 1 */
    CU_ASSERT(n == 4 && idx[0] == 6 && idx[1] == 5 && idx[2] == 4 && idx[3] == 2);
    n = ginet__optlist_plan(l, 0, idx);
    CU_ASSERT_EQUAL(n, 7);
    CU_ASSERT(n == 7 && idx[0] == 6 && idx[6] == 0);
    CU_ASSERT_EQUAL(ginet__optlist_plan(NULL, 1, idx), 0);
    ginet_optlist_free(l);
}

static void conversions(void)
{
    ginet__optstate st;
    ginet__optstate_defaults(&st, TCP, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "[{header,4294967295},{send_timeout,4294967295},"
                               "{packet_size,4294967296},{line_delimiter,256}]", 0), 0);
    static const ginet_option ids[] = { GINET_OPT_HEADER, GINET_OPT_SEND_TIMEOUT,
                                        GINET_OPT_PACKET_SIZE, GINET_OPT_LINE_DELIMITER };
    CU_ASSERT_STRING_EQUAL(getopts(&st, TCP, ids, COUNT(ids)),
                           "[{header,4294967295},{send_timeout,infinity},"
                           "{packet_size,0},{line_delimiter,0}]");
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{send_timeout,2147483648}", 0), 0);
    /* OTP shows {send_timeout,-2147483648}; a negative timeout means
     * nothing, ginet takes it as infinity. */
    CU_ASSERT_STRING_EQUAL(get1(&st, TCP, GINET_OPT_SEND_TIMEOUT),
                           "[{send_timeout,infinity}]");
    CU_ASSERT_EQUAL(ginet__opt_int32(4294967296LL), 0);
    CU_ASSERT_EQUAL(ginet__opt_int32(4294967295LL), -1);
    CU_ASSERT_EQUAL(ginet__opt_int32(2147483648LL), INT32_MIN);
    CU_ASSERT_EQUAL(ginet__opt_int32(-1), -1);
    CU_ASSERT_EQUAL(ginet__opt_int32(INT64_MIN), 0);
    CU_ASSERT_EQUAL(ginet__opt_int32(-4294967297LL), -1);
}

static void read_packets(void)
{
    ginet__optstate st;
    ginet__optstate_defaults(&st, UDP, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, UDP, "{read_packets,0}", 0), GINET_EINVAL);
    CU_ASSERT_STRING_EQUAL(failed, "{read_packets,0}: read_packets must be at "
                           "least 1 (and at most 2147483647)");
    CU_ASSERT_EQUAL(st.read_packets, 5);
    CU_ASSERT_EQUAL(apply_text(&st, UDP, "{read_packets,1}", 0), 0);
    CU_ASSERT_STRING_EQUAL(get1(&st, UDP, GINET_OPT_READ_PACKETS), "[{read_packets,1}]");
    ginet__optstate_defaults(&st, TCP, GINET_AF_INET);
    CU_ASSERT_EQUAL(apply_text(&st, TCP, "{read_packets,0}", 0), 0);      /* ignored */
    CU_ASSERT_STRING_EQUAL(get1(&st, TCP, GINET_OPT_READ_PACKETS), "[]");
}

static void not_frontend(void)
{
    ginet__optstate st;
    ginet__optstate_defaults(&st, TCP, GINET_AF_INET);
    ginet_optlist *l = list_of("{nodelay,true}");
    CU_ASSERT_EQUAL(ginet__optstate_apply(&st, TCP, ginet_optlist_get(l, 0)),
                    GINET__APPLY_NOT_FRONTEND);
    ginet_optlist_free(l);
    ginet_opt o;
    CU_ASSERT_EQUAL(ginet__optstate_get(&st, TCP, GINET_OPT_NODELAY, &o),
                    GINET__APPLY_NOT_FRONTEND);
    CU_ASSERT_EQUAL(ginet__optstate_get(&st, TCP, (ginet_option)0, &o),
                    GINET__APPLY_NOT_FRONTEND);
    CU_ASSERT_EQUAL(ginet__optstate_apply(&st, TCP, NULL), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet__optstate_apply(NULL, TCP, &o), GINET_EINVAL);
}

static void families(void)
{
    static const struct { const char *text; int rc; ginet_family f; } cases[] = {
        { "[]", 0, GINET_AF_INET },
        { "[inet6,inet]", 0, GINET_AF_INET6 },
        { "[{ip,{0,0,0,0,0,0,0,1}}]", 0, GINET_AF_INET6 },
        { "[{ip,{127,0,0,1}},{ifaddr,{0,0,0,0,0,0,0,1}}]", 0, GINET_AF_INET6 },
        { "[{ifaddr,{local,\"/tmp/x\"}}]", 0, GINET_AF_LOCAL },
        { "[{ip,any}]", 0, GINET_AF_INET },
        { "[inet6,{ip,loopback}]", 0, GINET_AF_INET6 },
        { "[local,{ip,{local,<<\"/x\">>}}]", 0, GINET_AF_LOCAL },
        { "[inet,{ip,{0,0,0,0,0,0,0,1}}]", GINET_EINVAL, GINET_AF_INET },
        { "[inet6,{ip,{127,0,0,1}}]", GINET_EINVAL, GINET_AF_INET },
        { "[inet,{ifaddr,{local,\"/tmp/x\"}}]", GINET_EINVAL, GINET_AF_INET },
        { "[local,{ip,any}]", GINET_EINVAL, GINET_AF_INET },
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        ginet_optlist *l = list_of(cases[i].text);
        ginet_family f = GINET_AF_UNSPEC;
        int rc = ginet__optlist_family(l, GINET_AF_INET, &f);
        if (rc != cases[i].rc)
            printf("\n  %s: %d\n", cases[i].text, rc);
        CU_ASSERT_EQUAL(rc, cases[i].rc);
        if (rc == 0)
            CU_ASSERT_EQUAL(f, cases[i].f);
        ginet_optlist_free(l);
    }
    ginet_family f;
    CU_ASSERT_EQUAL(ginet__optlist_family(NULL, GINET_AF_INET6, &f), 0);
    CU_ASSERT_EQUAL(f, GINET_AF_INET6);
}

static void backend_values(void)
{
    ginet_bk_opt id;
    ginet_bk_optval v;
    ginet_optlist *l = list_of("[{tos,4294967296},{nodelay,true},{multicast_if,5},"
                               "{multicast_if,{10,1,2,3}},"
                               "{add_membership,{{224,0,0,1},any}},"
                               "{raw,6,8,<<1,2>>},{linger,{true,7}},{packet,4}]");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ginet__opt_to_bk(ginet_optlist_get(l, 0), &id, &v), 0);
    CU_ASSERT(id == GINET_BKOPT_TOS && v.i == 0);
    CU_ASSERT_EQUAL(ginet__opt_to_bk(ginet_optlist_get(l, 1), &id, &v), 0);
    CU_ASSERT(id == GINET_BKOPT_NODELAY && v.i == 1);
    CU_ASSERT_EQUAL(ginet__opt_to_bk(ginet_optlist_get(l, 2), &id, &v), 0);
    CU_ASSERT(id == GINET_BKOPT_MULTICAST_IF && v.addr.family == GINET_AF_INET6
              && v.addr.scope_id == 5);
    CU_ASSERT_EQUAL(ginet__opt_to_bk(ginet_optlist_get(l, 3), &id, &v), 0);
    CU_ASSERT(v.addr.family == GINET_AF_INET && v.addr.u.ip.u.v4[0] == 10
              && v.addr.u.ip.u.v4[3] == 3);
    CU_ASSERT_EQUAL(ginet__opt_to_bk(ginet_optlist_get(l, 4), &id, &v), 0);
    CU_ASSERT(id == GINET_BKOPT_ADD_MEMBERSHIP
              && v.membership.group.u.v4[0] == 224
              && v.membership.iface.family == GINET_AF_INET
              && v.membership.iface.u.v4[0] == 0);
    CU_ASSERT_EQUAL(ginet__opt_to_bk(ginet_optlist_get(l, 5), &id, &v), 0);
    CU_ASSERT(id == GINET_BKOPT_RAW && v.raw.level == 6 && v.raw.name == 8
              && v.raw.len == 2 && ((const uint8_t *)v.raw.data)[1] == 2);
    CU_ASSERT_EQUAL(ginet__opt_to_bk(ginet_optlist_get(l, 6), &id, &v), 0);
    CU_ASSERT(id == GINET_BKOPT_LINGER && v.linger.on == 1 && v.linger.seconds == 7);
    CU_ASSERT_EQUAL(ginet__opt_to_bk(ginet_optlist_get(l, 7), &id, &v), GINET_EINVAL);
    CU_ASSERT_EQUAL(ginet__opt_to_bk(NULL, &id, &v), GINET_EINVAL);
    ginet_optlist_free(l);
}

/* ---------------------------------------------------- getopts requests */

static void getopt_requests(void)
{
    static const struct { const char *text; int rc; ginet_option id; } cases[] = {
        { "packet", 0, GINET_OPT_PACKET },
        { "active", 0, GINET_OPT_ACTIVE },
        { "line_delimiter", 0, GINET_OPT_LINE_DELIMITER },
        { "netns", 0, GINET_OPT_NETNS },
        { "bind_to_device", 0, GINET_OPT_BIND_TO_DEVICE },
        { "{raw,6,8,4}", 0, GINET_OPT_RAW },
        { "{raw,6,8,<<0,0>>}", 0, GINET_OPT_RAW },
        { "{raw,{6,11,92}}", 0, GINET_OPT_RAW },
        { "foo", GINET_EINVAL, 0 },
        { "binary", GINET_EINVAL, 0 },
        { "{packet,4}", GINET_EINVAL, 0 },
        { "ip", GINET_EINVAL, 0 },
        { "port", GINET_EINVAL, 0 },
        { "add_membership", GINET_EINVAL, 0 },
        { "raw", GINET_EINVAL, 0 },
        { "family", GINET_EINVAL, 0 },
        { "inet", GINET_EINVAL, 0 },
        { "{raw,6,8,-1}", GINET_EINVAL, 0 },
        { "{raw,6,8}", GINET_EINVAL, 0 },
        { "42", GINET_EINVAL, 0 },
    };
    ginet_term_arena *a = ginet_term_arena_new();
    for (size_t i = 0; i < COUNT(cases); i++) {
        ginet_term *t;
        ginet_term_error err;
        CU_ASSERT_EQUAL_FATAL(ginet_term_parse(a, cases[i].text,
                                               strlen(cases[i].text), &t, &err), 0);
        ginet_opt o;
        memset(&err, 0, sizeof err);
        int rc = ginet__getopt_request_from_term(t, &o, &err);
        if (rc != cases[i].rc)
            printf("\n  %s: %d %s\n", cases[i].text, rc, err.message);
        CU_ASSERT_EQUAL(rc, cases[i].rc);
        if (rc == 0) {
            CU_ASSERT_EQUAL(o.id, cases[i].id);
        } else {
            CU_ASSERT(err.code == GINET_EINVAL && err.message[0] != '\0');
        }
    }
    ginet_term *t;
    ginet_opt o;
    ginet_term_parse(a, "{raw,6,8,4}", 11, &t, NULL);
    CU_ASSERT_EQUAL(ginet__getopt_request_from_term(t, &o, NULL), 0);
    CU_ASSERT(o.val.raw.level == 6 && o.val.raw.name == 8 && o.val.raw.len == 4
              && o.val.raw.data == NULL);
    CU_ASSERT_EQUAL(ginet__getopt_request_from_term(NULL, &o, NULL), GINET_EINVAL);
    ginet_term_arena_free(a);
}

const ginet_test_case options_table_cases[] = {
    { "rows_in_id_order", rows_in_id_order },
    { "backend_ids_covered", backend_ids_covered },
    { "otp_facts", otp_facts },
    { NULL, NULL }
};

const ginet_test_case options_state_cases[] = {
    { "defaults", defaults_tcp },
    { "watermarks", watermarks },
    { "msgq_watermarks", msgq_watermarks },
    { "active_counts", active_counts },
    { "buffers", buffers },
    { "duplicates_and_order", duplicates_and_order },
    { "conversions", conversions },
    { "read_packets", read_packets },
    { "not_frontend", not_frontend },
    { "families", families },
    { "backend_values", backend_values },
    { "getopt_requests", getopt_requests },
    { NULL, NULL }
};
