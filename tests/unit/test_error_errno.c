/*
 * tests/unit/test_error_errno.c — the "error_errno" suite of test-error:
 * ginet_error_from_errno() and ginet_error_to_errno() against OTP's
 * erl_errno_id() rules, for every E* constant this host defines.
 */
#include "harness.h"

#include <ginet/ginet.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* Every errno constant OTP's erl_errno_id() knows that this host defines,
 * with the atom OTP gives its value here. */
static const struct host_errno {
    const char *name;
    int value;
    const char *atom;
} host[] = {
#define HOST(e, atom) { #e, (e), atom }
#ifdef E2BIG
    HOST(E2BIG, "e2big"),
#endif
#ifdef EACCES
    HOST(EACCES, "eacces"),
#endif
#ifdef EADDRINUSE
    HOST(EADDRINUSE, "eaddrinuse"),
#endif
#ifdef EADDRNOTAVAIL
    HOST(EADDRNOTAVAIL, "eaddrnotavail"),
#endif
#ifdef EADV
    HOST(EADV, "eadv"),
#endif
#ifdef EAFNOSUPPORT
    HOST(EAFNOSUPPORT, "eafnosupport"),
#endif
#ifdef EAGAIN
    HOST(EAGAIN, "eagain"),
#endif
#ifdef EALIGN
    HOST(EALIGN, "ealign"),
#endif
#ifdef EALREADY
    HOST(EALREADY, "ealready"),
#endif
#ifdef EBADE
    HOST(EBADE, "ebade"),
#endif
#ifdef EBADF
    HOST(EBADF, "ebadf"),
#endif
#ifdef EBADFD
    HOST(EBADFD, "ebadfd"),
#endif
#ifdef EBADMSG
    HOST(EBADMSG, "ebadmsg"),
#endif
#ifdef EBADR
    HOST(EBADR, "ebadr"),
#endif
#ifdef EBADRPC
    HOST(EBADRPC, "ebadrpc"),
#endif
#ifdef EBADRQC
    HOST(EBADRQC, "ebadrqc"),
#endif
#ifdef EBADSLT
    HOST(EBADSLT, "ebadslt"),
#endif
#ifdef EBFONT
    HOST(EBFONT, "ebfont"),
#endif
#ifdef EBUSY
    HOST(EBUSY, "ebusy"),
#endif
#ifdef ECHILD
    HOST(ECHILD, "echild"),
#endif
#ifdef ECHRNG
    HOST(ECHRNG, "echrng"),
#endif
#ifdef ECOMM
    HOST(ECOMM, "ecomm"),
#endif
#ifdef ECONNABORTED
    HOST(ECONNABORTED, "econnaborted"),
#endif
#ifdef ECONNREFUSED
    HOST(ECONNREFUSED, "econnrefused"),
#endif
#ifdef ECONNRESET
    HOST(ECONNRESET, "econnreset"),
#endif
#ifdef EDEADLK
    HOST(EDEADLK, "edeadlk"),
#endif
#if defined(EDEADLOCK) && defined(EDEADLK) && EDEADLOCK == EDEADLK
    HOST(EDEADLOCK, "edeadlk"),   /* OTP: the EDEADLK case wins */
#elif defined(EDEADLOCK)
    HOST(EDEADLOCK, "edeadlock"),
#endif
#ifdef EDESTADDRREQ
    HOST(EDESTADDRREQ, "edestaddrreq"),
#endif
#ifdef EDIRTY
    HOST(EDIRTY, "edirty"),
#endif
#ifdef EDOM
    HOST(EDOM, "edom"),
#endif
#ifdef EDOTDOT
    HOST(EDOTDOT, "edotdot"),
#endif
#ifdef EDQUOT
    HOST(EDQUOT, "edquot"),
#endif
#ifdef EDUPPKG
    HOST(EDUPPKG, "eduppkg"),
#endif
#ifdef EEXIST
    HOST(EEXIST, "eexist"),
#endif
#ifdef EFAULT
    HOST(EFAULT, "efault"),
#endif
#ifdef EFTYPE
    HOST(EFTYPE, "eftype"),
#endif
#ifdef EFBIG
    HOST(EFBIG, "efbig"),
#endif
#ifdef EHOSTDOWN
    HOST(EHOSTDOWN, "ehostdown"),
#endif
#ifdef EHOSTUNREACH
    HOST(EHOSTUNREACH, "ehostunreach"),
#endif
#ifdef EIDRM
    HOST(EIDRM, "eidrm"),
#endif
#ifdef EILSEQ
    HOST(EILSEQ, "eilseq"),
#endif
#ifdef EINIT
    HOST(EINIT, "einit"),
#endif
#ifdef EINPROGRESS
    HOST(EINPROGRESS, "einprogress"),
#endif
#ifdef EINTR
    HOST(EINTR, "eintr"),
#endif
#ifdef EINVAL
    HOST(EINVAL, "einval"),
#endif
#ifdef EIO
    HOST(EIO, "eio"),
#endif
#ifdef EISCONN
    HOST(EISCONN, "eisconn"),
#endif
#ifdef EISDIR
    HOST(EISDIR, "eisdir"),
#endif
#ifdef EISNAM
    HOST(EISNAM, "unknown"),   /* OTP tests EISNAME (sic) */
#endif
#ifdef ELBIN
    HOST(ELBIN, "elbin"),
#endif
#ifdef EL2HLT
    HOST(EL2HLT, "el2hlt"),
#endif
#ifdef EL2NSYNC
    HOST(EL2NSYNC, "el2nsync"),
#endif
#ifdef EL3HLT
    HOST(EL3HLT, "el3hlt"),
#endif
#ifdef EL3RST
    HOST(EL3RST, "el3rst"),
#endif
#ifdef ELIBACC
    HOST(ELIBACC, "elibacc"),
#endif
#ifdef ELIBBAD
    HOST(ELIBBAD, "elibbad"),
#endif
#ifdef ELIBEXEC
    HOST(ELIBEXEC, "elibexec"),
#endif
#ifdef ELIBMAX
    HOST(ELIBMAX, "elibmax"),
#endif
#ifdef ELIBSCN
    HOST(ELIBSCN, "elibscn"),
#endif
#ifdef ELNRNG
    HOST(ELNRNG, "elnrng"),
#endif
#ifdef ELOOP
    HOST(ELOOP, "eloop"),
#endif
#ifdef EMFILE
    HOST(EMFILE, "emfile"),
#endif
#ifdef EMLINK
    HOST(EMLINK, "emlink"),
#endif
#ifdef EMSGSIZE
    HOST(EMSGSIZE, "emsgsize"),
#endif
#ifdef EMULTIHOP
    HOST(EMULTIHOP, "emultihop"),
#endif
#ifdef ENAMETOOLONG
    HOST(ENAMETOOLONG, "enametoolong"),
#endif
#ifdef ENAVAIL
    HOST(ENAVAIL, "enavail"),
#endif
#ifdef ENET
    HOST(ENET, "enet"),
#endif
#ifdef ENETDOWN
    HOST(ENETDOWN, "enetdown"),
#endif
#ifdef ENETRESET
    HOST(ENETRESET, "enetreset"),
#endif
#ifdef ENETUNREACH
    HOST(ENETUNREACH, "enetunreach"),
#endif
#ifdef ENFILE
    HOST(ENFILE, "enfile"),
#endif
#ifdef ENOANO
    HOST(ENOANO, "enoano"),
#endif
#ifdef ENOBUFS
    HOST(ENOBUFS, "enobufs"),
#endif
#ifdef ENOCSI
    HOST(ENOCSI, "enocsi"),
#endif
#ifdef ENODATA
    HOST(ENODATA, "enodata"),
#endif
#ifdef ENODEV
    HOST(ENODEV, "enodev"),
#endif
#ifdef ENOENT
    HOST(ENOENT, "enoent"),
#endif
#ifdef ENOEXEC
    HOST(ENOEXEC, "enoexec"),
#endif
#ifdef ENOLCK
    HOST(ENOLCK, "enolck"),
#endif
#ifdef ENOLINK
    HOST(ENOLINK, "enolink"),
#endif
#ifdef ENOMEM
    HOST(ENOMEM, "enomem"),
#endif
#ifdef ENOMSG
    HOST(ENOMSG, "enomsg"),
#endif
#ifdef ENONET
    HOST(ENONET, "enonet"),
#endif
#ifdef ENOPKG
    HOST(ENOPKG, "enopkg"),
#endif
#ifdef ENOPROTOOPT
    HOST(ENOPROTOOPT, "enoprotoopt"),
#endif
#ifdef ENOSPC
    HOST(ENOSPC, "enospc"),
#endif
#ifdef ENOSR
    HOST(ENOSR, "enosr"),
#endif
#ifdef ENOSTR
    HOST(ENOSTR, "enostr"),
#endif
#ifdef ENOSYM
    HOST(ENOSYM, "enosym"),
#endif
#ifdef ENOSYS
    HOST(ENOSYS, "enosys"),
#endif
#ifdef ENOTBLK
    HOST(ENOTBLK, "enotblk"),
#endif
#ifdef ENOTCONN
    HOST(ENOTCONN, "enotconn"),
#endif
#ifdef ENOTDIR
    HOST(ENOTDIR, "enotdir"),
#endif
#ifdef ENOTEMPTY
    HOST(ENOTEMPTY, "enotempty"),
#endif
#ifdef ENOTNAM
    HOST(ENOTNAM, "enotnam"),
#endif
#ifdef ENOTSOCK
    HOST(ENOTSOCK, "enotsock"),
#endif
#ifdef ENOTSUP
    HOST(ENOTSUP, "enotsup"),
#endif
#ifdef ENOTTY
    HOST(ENOTTY, "enotty"),
#endif
#ifdef ENOTUNIQ
    HOST(ENOTUNIQ, "enotuniq"),
#endif
#ifdef ENXIO
    HOST(ENXIO, "enxio"),
#endif
#if defined(EOPNOTSUPP) && defined(ENOTSUP) && EOPNOTSUPP == ENOTSUP
    HOST(EOPNOTSUPP, "enotsup"),   /* OTP: the ENOTSUP case wins */
#elif defined(EOPNOTSUPP)
    HOST(EOPNOTSUPP, "eopnotsupp"),
#endif
#ifdef EOVERFLOW
    HOST(EOVERFLOW, "eoverflow"),
#endif
#ifdef EPERM
    HOST(EPERM, "eperm"),
#endif
#ifdef EPFNOSUPPORT
    HOST(EPFNOSUPPORT, "epfnosupport"),
#endif
#ifdef EPIPE
    HOST(EPIPE, "epipe"),
#endif
#ifdef EPROCLIM
    HOST(EPROCLIM, "eproclim"),
#endif
#ifdef EPROCUNAVAIL
    HOST(EPROCUNAVAIL, "eprocunavail"),
#endif
#ifdef EPROGMISMATCH
    HOST(EPROGMISMATCH, "eprogmismatch"),
#endif
#ifdef EPROGUNAVAIL
    HOST(EPROGUNAVAIL, "eprogunavail"),
#endif
#ifdef EPROTO
    HOST(EPROTO, "eproto"),
#endif
#ifdef EPROTONOSUPPORT
    HOST(EPROTONOSUPPORT, "eprotonosupport"),
#endif
#ifdef EPROTOTYPE
    HOST(EPROTOTYPE, "eprototype"),
#endif
#ifdef ERANGE
    HOST(ERANGE, "erange"),
#endif
#ifdef EREFUSED
    HOST(EREFUSED, "erefused"),
#endif
#ifdef EREMCHG
    HOST(EREMCHG, "eremchg"),
#endif
#ifdef EREMDEV
    HOST(EREMDEV, "eremdev"),
#endif
#ifdef EREMOTE
    HOST(EREMOTE, "eremote"),
#endif
#ifdef EREMOTEIO
    HOST(EREMOTEIO, "eremoteio"),
#endif
#ifdef EREMOTERELEASE
    HOST(EREMOTERELEASE, "eremoterelease"),
#endif
#ifdef EROFS
    HOST(EROFS, "erofs"),
#endif
#ifdef ERPCMISMATCH
    HOST(ERPCMISMATCH, "erpcmismatch"),
#endif
#ifdef ERREMOTE
    HOST(ERREMOTE, "erremote"),
#endif
#ifdef ESHUTDOWN
    HOST(ESHUTDOWN, "eshutdown"),
#endif
#ifdef ESOCKTNOSUPPORT
    HOST(ESOCKTNOSUPPORT, "esocktnosupport"),
#endif
#ifdef ESPIPE
    HOST(ESPIPE, "espipe"),
#endif
#ifdef ESRCH
    HOST(ESRCH, "esrch"),
#endif
#ifdef ESRMNT
    HOST(ESRMNT, "esrmnt"),
#endif
#ifdef ESTALE
    HOST(ESTALE, "estale"),
#endif
#ifdef ESUCCESS
    HOST(ESUCCESS, "esuccess"),
#endif
#ifdef ETIME
    HOST(ETIME, "etime"),
#endif
#ifdef ETIMEDOUT
    HOST(ETIMEDOUT, "etimedout"),
#endif
#ifdef ETOOMANYREFS
    HOST(ETOOMANYREFS, "etoomanyrefs"),
#endif
#ifdef ETXTBSY
    HOST(ETXTBSY, "etxtbsy"),
#endif
#ifdef EUCLEAN
    HOST(EUCLEAN, "euclean"),
#endif
#ifdef EUNATCH
    HOST(EUNATCH, "eunatch"),
#endif
#ifdef EUSERS
    HOST(EUSERS, "eusers"),
#endif
#ifdef EVERSION
    HOST(EVERSION, "eversion"),
#endif
#if defined(EWOULDBLOCK) && defined(EAGAIN) && EWOULDBLOCK == EAGAIN
    HOST(EWOULDBLOCK, "eagain"),   /* OTP: the EAGAIN case wins */
#elif defined(EWOULDBLOCK)
    HOST(EWOULDBLOCK, "ewouldblock"),
#endif
#ifdef EXDEV
    HOST(EXDEV, "exdev"),
#endif
#ifdef EXFULL
    HOST(EXFULL, "exfull"),
#endif
#undef HOST
};

#define NHOST (sizeof host / sizeof host[0])

/* ---- errno -------------------------------------------------------------- */

static const struct host_errno *host_for_name(const char *name)
{
    for (size_t i = 0; i < NHOST; i++)
        if (strcmp(host[i].name, name) == 0)
            return &host[i];
    return NULL;
}

static const struct host_errno *host_for_value(int value)
{
    for (size_t i = 0; i < NHOST; i++)
        if (host[i].value == value)
            return &host[i];
    return NULL;
}

/* os -> code: each defined E* gives the atom OTP gives its value here. */
static void test_errno_to_atom(void)
{
    CU_ASSERT(NHOST > 50);
    for (size_t i = 0; i < NHOST; i++) {
        int code = ginet_error_from_errno(host[i].value);
        const char *atom = ginet_error_atom(code);
        if (code >= 0 || strcmp(atom, host[i].atom) != 0) {
            printf("\n%s (%d) -> %s, OTP says %s", host[i].name, host[i].value,
                   atom, host[i].atom);
            CU_FAIL("errno atom");
        }
    }
}

/* Values that share one errno must expect one atom: a new alias on some
 * host shows up here, to be looked up in OTP's erl_errno_id(). */
static void test_errno_aliases(void)
{
    for (size_t i = 0; i < NHOST; i++)
        for (size_t j = i + 1; j < NHOST; j++)
            if (host[i].value == host[j].value
                && strcmp(host[i].atom, host[j].atom) != 0) {
                printf("\n%s == %s (%d) but expect %s / %s", host[i].name,
                       host[j].name, host[i].value, host[i].atom, host[j].atom);
                CU_FAIL("unexpected errno alias");
            }
}

/* os -> code -> os, for every errno the host defines and OTP names. */
static void test_errno_round_trip(void)
{
    for (size_t i = 0; i < NHOST; i++) {
        int code = ginet_error_from_errno(host[i].value);
        if (code == GINET_EUNKNOWN)
            continue;                   /* EISNAM on Linux */
        if (ginet_error_to_errno(code) != host[i].value) {
            printf("\n%s (%d) -> %s -> %d", host[i].name, host[i].value,
                   ginet_error_atom(code), ginet_error_to_errno(code));
            CU_FAIL("errno round trip");
        }
    }
}

/* code -> os: the host value of the constant named after the atom, or 0
 * where the host has none; and back to the same atom unless OTP names
 * that value otherwise (EWOULDBLOCK -> eagain on Linux). */
static void test_code_to_errno(void)
{
    char name[32];
    for (int code = GINET_ERROR_MIN; code < 0; code++) {
        const char *atom = ginet_error_atom(code);
        const struct host_errno *h;
        size_t n = strlen(atom);
        int os = ginet_error_to_errno(code);

        CU_ASSERT_FATAL(n < sizeof name);
        for (size_t k = 0; k <= n; k++)
            name[k] = (char)(atom[k] >= 'a' && atom[k] <= 'z' ? atom[k] - 32 : atom[k]);
        h = atom[0] == 'e' ? host_for_name(name) : NULL;
        if (os != (h ? h->value : 0)) {
            printf("\n%s -> errno %d, expected %d", atom, os, h ? h->value : 0);
            CU_FAIL("to_errno");
            continue;
        }
        if (h != NULL)
            CU_ASSERT_STRING_EQUAL(ginet_error_atom(ginet_error_from_errno(os)),
                                   host_for_value(os)->atom);
    }
}

static void test_errno_not_errors(void)
{
    /* Every other value, negative ones included, is `unknown`. */
    for (int v = -2000; v <= 20000; v++) {
        int code = ginet_error_from_errno(v);
        if (v == 0 || host_for_value(v) != NULL)
            continue;
        if (code != GINET_EUNKNOWN) {
            printf("\nerrno %d -> %s", v, ginet_error_atom(code));
            CU_FAIL("unnamed errno");
        }
    }
    CU_ASSERT_EQUAL(ginet_error_from_errno(INT_MIN), GINET_EUNKNOWN);
    CU_ASSERT_EQUAL(ginet_error_from_errno(INT_MAX), GINET_EUNKNOWN);
#ifdef ECANCELED
    CU_ASSERT_EQUAL(ginet_error_from_errno(ECANCELED), GINET_EUNKNOWN);
#endif
#ifdef EOWNERDEAD
    CU_ASSERT_EQUAL(ginet_error_from_errno(EOWNERDEAD), GINET_EUNKNOWN);
#endif
    for (int code = GINET_ERROR_MIN; code < 0; code++) {
        int os = ginet_error_to_errno(code);
        CU_ASSERT(os >= 0);
    }
    CU_ASSERT_EQUAL(ginet_error_to_errno(GINET_ECLOSED), 0);
    CU_ASSERT_EQUAL(ginet_error_to_errno(GINET_ETIMEOUT), 0);
    CU_ASSERT_EQUAL(ginet_error_to_errno(GINET_ESYSTEM_LIMIT), 0);
    CU_ASSERT_EQUAL(ginet_error_to_errno(GINET_ENXDOMAIN), 0);
    CU_ASSERT_EQUAL(ginet_error_to_errno(GINET_EUNKNOWN), 0);
}

/* The three Linux aliases, spelled out (skipped where they differ). */
static void test_errno_linux_aliases(void)
{
#if defined(EWOULDBLOCK) && defined(EDEADLOCK) && defined(ENOTSUP) \
    && EWOULDBLOCK == EAGAIN && EDEADLOCK == EDEADLK && ENOTSUP == EOPNOTSUPP
    CU_ASSERT_EQUAL(ginet_error_from_errno(EWOULDBLOCK), GINET_EAGAIN);
    CU_ASSERT_EQUAL(ginet_error_from_errno(EDEADLOCK), GINET_EDEADLK);
    CU_ASSERT_EQUAL(ginet_error_from_errno(EOPNOTSUPP), GINET_ENOTSUP);
    CU_ASSERT_EQUAL(ginet_error_to_errno(GINET_EWOULDBLOCK), EAGAIN);
    CU_ASSERT_EQUAL(ginet_error_to_errno(GINET_EDEADLOCK), EDEADLK);
    CU_ASSERT_EQUAL(ginet_error_to_errno(GINET_EOPNOTSUPP), ENOTSUP);
#else
    GINET_SKIP("EWOULDBLOCK/EDEADLOCK/ENOTSUP are distinct values on this host");
#endif
}

static void test_errno_eisnam(void)
{
#ifdef EISNAM
    /* OTP's erl_errno_id() guards this case with EISNAME, which no
     * system defines: EISNAM is `unknown` in OTP, and so in ginet. */
    CU_ASSERT_EQUAL(ginet_error_from_errno(EISNAM), GINET_EUNKNOWN);
    CU_ASSERT_EQUAL(ginet_error_to_errno(GINET_EISNAM), EISNAM);
#else
    GINET_SKIP("no EISNAM on this host");
#endif
}

extern const ginet_test_case error_errno_cases[];
const ginet_test_case error_errno_cases[] = {
    {"to_atom", test_errno_to_atom},
    {"aliases", test_errno_aliases},
    {"round_trip", test_errno_round_trip},
    {"code_to_errno", test_code_to_errno},
    {"not_errors", test_errno_not_errors},
    {"linux_aliases", test_errno_linux_aliases},
    {"eisnam", test_errno_eisnam},
    {NULL, NULL}
};

