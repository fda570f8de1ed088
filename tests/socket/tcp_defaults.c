/*
 * tests/socket/tcp_defaults.c — node-wide default options
 * (include/ginet/defaults.h) against what OTP 25 does with
 * `erl -kernel inet_default_connect_options ...` and
 * `-kernel inet_default_listen_options ...`: the {active,_} rule of
 * inet.erl (only the first {active,_} tuple is dropped), listen defaults
 * under the caller's options and inherited by accepted sockets, and a
 * bare `active` atom refused.  The basics (order, malformed values, the
 * UDP variable) are in tcp_monitor.c.  Every test leaves the three
 * variables unset and reloaded, whatever happened.
 */
#include "tests/socket/tcp_active.h"

#include <ginet/defaults.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const var_names[3] = {
    "GINET_DEFAULT_CONNECT_OPTIONS", "GINET_DEFAULT_LISTEN_OPTIONS",
    "GINET_DEFAULT_UDP_OPTIONS",
};

/* Set the connect and listen variables (NULL: unset), unset the UDP one,
 * and reload; the reload's result. */
static int set_vars(const char *connect, const char *listen)
{
    const char *v[3] = { connect, listen, NULL };
    for (int i = 0; i < 3; i++) {
        if (v[i] != NULL)
            setenv(var_names[i], v[i], 1);
        else
            unsetenv(var_names[i]);
    }
    return ginet_default_options_reload();
}

static void restore(void)
{
    TT_EXPECT_RC(set_vars(NULL, NULL), 0);
}

/* ginet_default_options_text(KIND) is WANT. */
#define EXPECT_TEXT(kind, want) expect_text_(kind, want, __LINE__)
static void expect_text_(ginet_defaults_kind kind, const char *want, int line)
{
    char *t = NULL;
    int rc = ginet_default_options_text(kind, &t);
    int ok = rc == 0 && t != NULL && strcmp(t, want) == 0;
    if (!ok)
        printf("tcp_defaults.c:%d: defaults %d = %s, expected %s\n", line, (int)kind,
               rc == 0 && t != NULL ? t : ginet_error_atom(rc), want);
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, "defaults text",
                            __FILE__, "", CU_FALSE);
    free(t);
}

/* OTP 25, -kernel inet_default_connect_options
 * '[{active,false},{packet,2},{active,once}]' and
 * inet_default_listen_options '[{active,false},{active,false}]':
 * connect([]) gives [{active,once},{packet,2}], the listener
 * [{active,false}] (inet.erl: [{active,true} | lists:keydelete(active, 1,
 * List)]).  A lone {active,false} changes nothing. */
static void test_active_first_dropped(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    CU_ASSERT_PTR_NOT_NULL(mb);
    int rc = set_vars("[{active,false},{packet,2},{active,once}]",
                      "[{active,false},{active,false}]");
    TT_EXPECT_RC(rc, 0);
    if (rc == 0 && mb != NULL) {
        EXPECT_TEXT(GINET_DEFAULTS_CONNECT, "[{packet,2},{active,once}]");
        EXPECT_TEXT(GINET_DEFAULTS_LISTEN, "[{active,false}]");
        ginet_socket *l = NULL, *c = NULL, *a = NULL;
        int port;
        if (tt_listen(NULL, 0, &l, &port) == 0) {
            TA_EXPECT_OPTS(l, "[active]", "[{active,false}]");
            tt_drop(l);
        }
        if (ta_pair("binary", mb, "binary", mb, &c, &a) == 0) {
            TA_EXPECT_OPTS(c, "[active,packet]", "[{active,once},{packet,2}]");
            TA_EXPECT_OPTS(a, "[active]", "[{active,false}]");
            tt_drop(c);
            tt_drop(a);
        }
        /* The caller's {active,_} still wins over a default one. */
        if (ta_pair("binary,{active,true}", mb, "binary,{active,true}", mb, &c, &a) == 0) {
            TA_EXPECT_OPTS(c, "[active]", "[{active,true}]");
            TA_EXPECT_OPTS(a, "[active]", "[{active,true}]");
            tt_drop(c);
            tt_drop(a);
        }
    }
    /* OTP: {ok,{active,_}} -> [{active,true}]: nothing is left. */
    TT_EXPECT_RC(set_vars("{active,false}", NULL), 0);
    EXPECT_TEXT(GINET_DEFAULTS_CONNECT, "[]");
    restore();
    ginet_mailbox_free(mb);
}

/* A bare `active` is no tuple: OTP keeps it and gen_tcp:connect raises
 * badarg; here the reload and every connect answer einval, naming it. */
static void test_active_atom_refused(void)
{
    TT_EXPECT_RC(set_vars("[active]", NULL), GINET_EINVAL);
    CU_ASSERT(strstr(ginet_last_error(), "GINET_DEFAULT_CONNECT_OPTIONS, line 1, column 2")
              != NULL);
    ginet_socket *l = NULL, *s = NULL;
    int port;
    char opts[256];
    if (tt_listen(NULL, 0, &l, &port) == 0) {
        TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, NULL),
                                       TT_WAIT, NULL, &s), GINET_EINVAL);
        CU_ASSERT_PTR_NULL(s);
        tt_drop(l);
    }
    restore();
}

/* OTP 25, -kernel inet_default_listen_options
 * '[{nodelay,true},{delay_send,true},{packet,2}]': the listener and the
 * sockets it accepts have all three; a listen call's own {packet,4}
 * wins for both. */
static void test_listen_defaults_inherited(void)
{
    int rc = set_vars(NULL, "[{nodelay,true},{delay_send,true},{packet,2}]");
    TT_EXPECT_RC(rc, 0);
    ginet_socket *c = NULL, *a = NULL, *l = NULL;
    int port;
    if (rc == 0 && tt_pair("binary,{active,false}", "binary,{active,false}", &c, &a) == 0) {
        TA_EXPECT_OPTS(a, "[nodelay,delay_send,packet]",
                       "[{nodelay,true},{delay_send,true},{packet,2}]");
        /* The connecting side is not touched by the listen variable. */
        TA_EXPECT_OPTS(c, "[delay_send,packet]", "[{delay_send,false},{packet,0}]");
        tt_drop(c);
        tt_drop(a);
    }
    if (rc == 0 && tt_listen("{packet,4}", 0, &l, &port) == 0) {
        TA_EXPECT_OPTS(l, "[nodelay,delay_send,packet]",
                       "[{nodelay,true},{delay_send,true},{packet,4}]");
        tt_drop(l);
    }
    restore();
}

const ginet_test_case tt_defaults_cases[] = {
    { "active_first_dropped", test_active_first_dropped },
    { "active_atom_refused", test_active_atom_refused },
    { "listen_defaults_inherited", test_listen_defaults_inherited },
    { NULL, NULL }
};
