/*
 * tests/unit/test_error.c — ginet's error codes: every code's atom and
 * inet:format_error/1 text against what a real OTP 25.2.3 answers, and
 * the atom lookup with bad input.  The errno suite of the same program
 * is in test_error_errno.c.
 */
#include "harness.h"

#include <ginet/ginet.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#define UNKNOWN_TEXT "unknown POSIX error"

/* Every code, its atom and inet:format_error(Atom) from OTP 25.2.3, as
 * printed by `erl` (141 of them are also in format_error.tsv). */
static const struct expect {
    int code;
    const char *atom;
    const char *text;
} expect[] = {
    { GINET_E2BIG,           "e2big",           "argument list too long" },
    { GINET_EACCES,          "eacces",          "permission denied" },
    { GINET_EADDRINUSE,      "eaddrinuse",      "address already in use" },
    { GINET_EADDRNOTAVAIL,   "eaddrnotavail",   "can't assign requested address" },
    { GINET_EADV,            "eadv",            "advertise error" },
    { GINET_EAFNOSUPPORT,    "eafnosupport",    "address family not supported by protocol family" },
    { GINET_EAGAIN,          "eagain",          "resource temporarily unavailable" },
    { GINET_EALIGN,          "ealign",          "EALIGN" },
    { GINET_EALREADY,        "ealready",        "operation already in progress" },
    { GINET_EBADE,           "ebade",           "bad exchange descriptor" },
    { GINET_EBADF,           "ebadf",           "bad file number" },
    { GINET_EBADFD,          "ebadfd",          "file descriptor in bad state" },
    { GINET_EBADMSG,         "ebadmsg",         "not a data message" },
    { GINET_EBADR,           "ebadr",           "bad request descriptor" },
    { GINET_EBADRPC,         "ebadrpc",         "RPC structure is bad" },
    { GINET_EBADRQC,         "ebadrqc",         "bad request code" },
    { GINET_EBADSLT,         "ebadslt",         "invalid slot" },
    { GINET_EBFONT,          "ebfont",          "bad font file format" },
    { GINET_EBUSY,           "ebusy",           "file busy" },
    { GINET_ECHILD,          "echild",          "no children" },
    { GINET_ECHRNG,          "echrng",          "channel number out of range" },
    { GINET_ECOMM,           "ecomm",           "communication error on send" },
    { GINET_ECONNABORTED,    "econnaborted",    "software caused connection abort" },
    { GINET_ECONNREFUSED,    "econnrefused",    "connection refused" },
    { GINET_ECONNRESET,      "econnreset",      "connection reset by peer" },
    { GINET_EDEADLK,         "edeadlk",         "resource deadlock avoided" },
    { GINET_EDEADLOCK,       "edeadlock",       "resource deadlock avoided" },
    { GINET_EDESTADDRREQ,    "edestaddrreq",    "destination address required" },
    { GINET_EDIRTY,          "edirty",          "mounting a dirty fs w/o force" },
    { GINET_EDOM,            "edom",            "math argument out of range" },
    { GINET_EDOTDOT,         "edotdot",         "cross mount point" },
    { GINET_EDQUOT,          "edquot",          "disk quota exceeded" },
    { GINET_EDUPPKG,         "eduppkg",         "duplicate package name" },
    { GINET_EEXIST,          "eexist",          "file already exists" },
    { GINET_EFAULT,          "efault",          "bad address in system call argument" },
    { GINET_EFBIG,           "efbig",           "file too large" },
    { GINET_EHOSTDOWN,       "ehostdown",       "host is down" },
    { GINET_EHOSTUNREACH,    "ehostunreach",    "host is unreachable" },
    { GINET_EIDRM,           "eidrm",           "identifier removed" },
    { GINET_EINIT,           "einit",           "initialization error" },
    { GINET_EINPROGRESS,     "einprogress",     "operation now in progress" },
    { GINET_EINTR,           "eintr",           "interrupted system call" },
    { GINET_EINVAL,          "einval",          "invalid argument" },
    { GINET_EIO,             "eio",             "I/O error" },
    { GINET_EISCONN,         "eisconn",         "socket is already connected" },
    { GINET_EISDIR,          "eisdir",          "illegal operation on a directory" },
    { GINET_EISNAM,          "eisnam",          "is a name file" },
    { GINET_EL2HLT,          "el2hlt",          "level 2 halted" },
    { GINET_EL2NSYNC,        "el2nsync",        "level 2 not synchronized" },
    { GINET_EL3HLT,          "el3hlt",          "level 3 halted" },
    { GINET_EL3RST,          "el3rst",          "level 3 reset" },
    { GINET_ELBIN,           "elbin",           "ELBIN" },
    { GINET_ELIBACC,         "elibacc",         "cannot access a needed shared library" },
    { GINET_ELIBBAD,         "elibbad",         "accessing a corrupted shared library" },
    { GINET_ELIBEXEC,        "elibexec",        "cannot exec a shared library directly" },
    { GINET_ELIBMAX,         "elibmax",         "attempting to link in more shared libraries than system limit" },
    { GINET_ELIBSCN,         "elibscn",         ".lib section in a.out corrupted" },
    { GINET_ELNRNG,          "elnrng",          "link number out of range" },
    { GINET_ELOOP,           "eloop",           "too many levels of symbolic links" },
    { GINET_EMFILE,          "emfile",          "too many open files" },
    { GINET_EMLINK,          "emlink",          "too many links" },
    { GINET_EMSGSIZE,        "emsgsize",        "message too long" },
    { GINET_EMULTIHOP,       "emultihop",       "multihop attempted" },
    { GINET_ENAMETOOLONG,    "enametoolong",    "file name too long" },
    { GINET_ENAVAIL,         "enavail",         "not available" },
    { GINET_ENET,            "enet",            "ENET" },
    { GINET_ENETDOWN,        "enetdown",        "network is down" },
    { GINET_ENETRESET,       "enetreset",       "network dropped connection on reset" },
    { GINET_ENETUNREACH,     "enetunreach",     "network is unreachable" },
    { GINET_ENFILE,          "enfile",          "file table overflow" },
    { GINET_ENOANO,          "enoano",          "anode table overflow" },
    { GINET_ENOBUFS,         "enobufs",         "no buffer space available" },
    { GINET_ENOCSI,          "enocsi",          "no CSI structure available" },
    { GINET_ENODATA,         "enodata",         "no data available" },
    { GINET_ENODEV,          "enodev",          "no such device" },
    { GINET_ENOENT,          "enoent",          "no such file or directory" },
    { GINET_ENOEXEC,         "enoexec",         "exec format error" },
    { GINET_ENOLCK,          "enolck",          "no locks available" },
    { GINET_ENOLINK,         "enolink",         "link has be severed" },
    { GINET_ENOMEM,          "enomem",          "not enough memory" },
    { GINET_ENOMSG,          "enomsg",          "no message of desired type" },
    { GINET_ENONET,          "enonet",          "machine is not on the network" },
    { GINET_ENOPKG,          "enopkg",          "package not installed" },
    { GINET_ENOPROTOOPT,     "enoprotoopt",     "bad proocol option" },
    { GINET_ENOSPC,          "enospc",          "no space left on device" },
    { GINET_ENOSR,           "enosr",           "out of stream resources or not a stream device" },
    { GINET_ENOSYM,          "enosym",          "unresolved symbol name" },
    { GINET_ENOSYS,          "enosys",          "function not implemented" },
    { GINET_ENOTBLK,         "enotblk",         "block device required" },
    { GINET_ENOTCONN,        "enotconn",        "socket is not connected" },
    { GINET_ENOTDIR,         "enotdir",         "not a directory" },
    { GINET_ENOTEMPTY,       "enotempty",       "directory not empty" },
    { GINET_ENOTNAM,         "enotnam",         "not a name file" },
    { GINET_ENOTSOCK,        "enotsock",        "socket operation on non-socket" },
    { GINET_ENOTSUP,         "enotsup",         "operation not supported" },
    { GINET_ENOTTY,          "enotty",          "inappropriate device for ioctl" },
    { GINET_ENOTUNIQ,        "enotuniq",        "name not unique on network" },
    { GINET_ENXIO,           "enxio",           "no such device or address" },
    { GINET_EOPNOTSUPP,      "eopnotsupp",      "operation not supported on socket" },
    { GINET_EPERM,           "eperm",           "not owner" },
    { GINET_EPFNOSUPPORT,    "epfnosupport",    "protocol family not supported" },
    { GINET_EPIPE,           "epipe",           "broken pipe" },
    { GINET_EPROCLIM,        "eproclim",        "too many processes" },
    { GINET_EPROCUNAVAIL,    "eprocunavail",    "bad procedure for program" },
    { GINET_EPROGMISMATCH,   "eprogmismatch",   "program version wrong" },
    { GINET_EPROGUNAVAIL,    "eprogunavail",    "RPC program not available" },
    { GINET_EPROTO,          "eproto",          "protocol error" },
    { GINET_EPROTONOSUPPORT, "eprotonosupport", "protocol not supported" },
    { GINET_EPROTOTYPE,      "eprototype",      "protocol wrong type for socket" },
    { GINET_ERANGE,          "erange",          "math result unrepresentable" },
    { GINET_EREFUSED,        "erefused",        "EREFUSED" },
    { GINET_EREMCHG,         "eremchg",         "remote address changed" },
    { GINET_EREMDEV,         "eremdev",         "remote device" },
    { GINET_EREMOTE,         "eremote",         "pathname hit remote file system" },
    { GINET_EREMOTEIO,       "eremoteio",       "remote i/o error" },
    { GINET_EREMOTERELEASE,  "eremoterelease",  "EREMOTERELEASE" },
    { GINET_EROFS,           "erofs",           "read-only file system" },
    { GINET_ERPCMISMATCH,    "erpcmismatch",    "RPC version is wrong" },
    { GINET_ERREMOTE,        "erremote",        "object is remote" },
    { GINET_ESHUTDOWN,       "eshutdown",       "can't send after socket shutdown" },
    { GINET_ESOCKTNOSUPPORT, "esocktnosupport", "socket type not supported" },
    { GINET_ESPIPE,          "espipe",          "invalid seek" },
    { GINET_ESRCH,           "esrch",           "no such process" },
    { GINET_ESRMNT,          "esrmnt",          "srmount error" },
    { GINET_ESTALE,          "estale",          "stale remote file handle" },
    { GINET_ESUCCESS,        "esuccess",        "Error 0" },
    { GINET_ETIME,           "etime",           "timer expired" },
    { GINET_ETIMEDOUT,       "etimedout",       "connection timed out" },
    { GINET_ETOOMANYREFS,    "etoomanyrefs",    "too many references: can't splice" },
    { GINET_ETXTBSY,         "etxtbsy",         "text file or pseudo-device busy" },
    { GINET_EUCLEAN,         "euclean",         "structure needs cleaning" },
    { GINET_EUNATCH,         "eunatch",         "protocol driver not attached" },
    { GINET_EUSERS,          "eusers",          "too many users" },
    { GINET_EVERSION,        "eversion",        "version mismatch" },
    { GINET_EWOULDBLOCK,     "ewouldblock",     "operation would block" },
    { GINET_EXDEV,           "exdev",           "cross-domain link" },
    { GINET_EXFULL,          "exfull",          "message tables full" },
    { GINET_ENXDOMAIN,       "nxdomain",        "non-existing domain" },
    { GINET_ECLOSED,         "closed",          "unknown POSIX error" },
    { GINET_ETIMEOUT,        "timeout",         "unknown POSIX error" },
    { GINET_ESYSTEM_LIMIT,   "system_limit",    "a system limit was hit, probably not enough ports" },
    { GINET_EXBADPORT,       "exbadport",       "invalid port state" },
    { GINET_EXBADSEQ,        "exbadseq",        "bad command sequence" },
    { GINET_EOVERFLOW,       "eoverflow",       "offset too large for file system" },
    { GINET_ENOSTR,          "enostr",          "not a stream" },
    { GINET_EUNKNOWN,        "unknown",         "unknown POSIX error" },
    { GINET_EILSEQ,          "eilseq",          "unknown POSIX error" },
    { GINET_EFTYPE,          "eftype",          "EFTYPE" },
};

#define NEXPECT (sizeof expect / sizeof expect[0])

static const struct expect *expect_for_atom(const char *atom, size_t len)
{
    for (size_t i = 0; i < NEXPECT; i++)
        if (strlen(expect[i].atom) == len && memcmp(expect[i].atom, atom, len) == 0)
            return &expect[i];
    return NULL;
}

/* ---- the table ---------------------------------------------------------- */

static void test_every_code_listed(void)
{
    /* The expectations cover -1 .. GINET_ERROR_MIN, each code once. */
    CU_ASSERT_EQUAL(NEXPECT, (size_t)-GINET_ERROR_MIN);
    for (size_t i = 0; i < NEXPECT; i++)
        CU_ASSERT_EQUAL(expect[i].code, -(int)(i + 1));
}

static void test_atoms(void)
{
    for (size_t i = 0; i < NEXPECT; i++) {
        const char *got = ginet_error_atom(expect[i].code);
        if (got == NULL || strcmp(got, expect[i].atom) != 0) {
            printf("\ncode %d: atom \"%s\", expected \"%s\"", expect[i].code,
                   got ? got : "(null)", expect[i].atom);
            CU_FAIL("atom");
        }
    }
    CU_ASSERT_STRING_EQUAL(ginet_error_atom(GINET_OK), "ok");
}

static void test_atoms_distinct(void)
{
    for (int a = GINET_ERROR_MIN; a <= 0; a++)
        for (int b = a + 1; b <= 0; b++)
            if (strcmp(ginet_error_atom(a), ginet_error_atom(b)) == 0) {
                printf("\ncodes %d and %d share atom %s", a, b, ginet_error_atom(a));
                CU_FAIL("atoms not distinct");
            }
}

static void test_atom_round_trip(void)
{
    for (int code = GINET_ERROR_MIN; code < 0; code++) {
        const char *atom = ginet_error_atom(code);
        int back = ginet_error_from_atom(atom, strlen(atom));
        if (back != code) {
            printf("\n%s: code %d -> atom -> %d", atom, code, back);
            CU_FAIL("atom round trip");
        }
        CU_ASSERT_STRING_EQUAL(ginet_error_atom(back), atom);
    }
}

static void test_format_error_texts(void)
{
    for (size_t i = 0; i < NEXPECT; i++) {
        const struct expect *e = &expect[i];
        const char *by_code = ginet_format_error(e->code);
        const char *by_atom = ginet_format_error_atom(e->atom, strlen(e->atom));
        if (by_code == NULL || strcmp(by_code, e->text) != 0
            || by_atom == NULL || strcmp(by_atom, e->text) != 0) {
            printf("\n%s: \"%s\" / \"%s\", OTP says \"%s\"", e->atom,
                   by_code ? by_code : "(null)", by_atom ? by_atom : "(null)", e->text);
            CU_FAIL("format_error text");
        }
    }
}

/* Texts OTP gives that look wrong but are what OTP 25 says. */
static void test_format_error_oddities(void)
{
    CU_ASSERT_STRING_EQUAL(ginet_format_error(GINET_ECLOSED), UNKNOWN_TEXT);
    CU_ASSERT_STRING_EQUAL(ginet_format_error(GINET_ETIMEOUT), UNKNOWN_TEXT);
    CU_ASSERT_STRING_EQUAL(ginet_format_error(GINET_EUNKNOWN), UNKNOWN_TEXT);
    CU_ASSERT_STRING_EQUAL(ginet_format_error(GINET_EILSEQ), UNKNOWN_TEXT);
    CU_ASSERT_STRING_EQUAL(ginet_format_error(GINET_EALIGN), "EALIGN");
    CU_ASSERT_STRING_EQUAL(ginet_format_error(GINET_EFTYPE), "EFTYPE");
    CU_ASSERT_STRING_EQUAL(ginet_format_error(GINET_ESUCCESS), "Error 0");
    CU_ASSERT_STRING_EQUAL(ginet_format_error(GINET_ENOPROTOOPT), "bad proocol option");
    CU_ASSERT_STRING_EQUAL(ginet_format_error(GINET_EPERM), "not owner");
    CU_ASSERT_STRING_EQUAL(ginet_format_error(GINET_ESYSTEM_LIMIT),
                           "a system limit was hit, probably not enough ports");
    CU_ASSERT_STRING_EQUAL(ginet_format_error(GINET_EXBADPORT), "invalid port state");
    /* format_error(ok) and any other term: the unknown text. */
    CU_ASSERT_STRING_EQUAL(ginet_format_error(GINET_OK), UNKNOWN_TEXT);
    CU_ASSERT_STRING_EQUAL(ginet_format_error_atom("ok", 2), UNKNOWN_TEXT);
    CU_ASSERT_STRING_EQUAL(ginet_format_error_atom("foo", 3), UNKNOWN_TEXT);
    CU_ASSERT_STRING_EQUAL(ginet_format_error_atom("formerr", 7), UNKNOWN_TEXT);
}

static void test_texts_printable(void)
{
    for (int code = GINET_ERROR_MIN; code <= 0; code++) {
        const unsigned char *t = (const unsigned char *)ginet_format_error(code);
        CU_ASSERT_FATAL(t != NULL);
        CU_ASSERT(*t != '\0');
        for (; *t; t++)
            CU_ASSERT(*t >= 0x20 && *t <= 0x7e);
    }
}

/* ---- atom lookup with bad input ----------------------------------------- */

static void test_from_atom_rejects(void)
{
    static const char *const bad[] = {
        "eaddrinus", "eaddrinusee", "EADDRINUSE", "Eaddrinuse", " eaddrinuse",
        "eaddrinuse ", "e", "ea", "a", "z", "zzzzzzzzzzzzzzzz", "ok", "error",
        "true", "'eaddrinuse'", "unknown_error", "system", "system_limits",
        "nxdomai", "enxdomain", "closedx", "eprotonosupportx", "\xff", "\xe9io",
        "_", "e2big2", "formerr", "timeou",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int got = ginet_error_from_atom(bad[i], strlen(bad[i]));
        if (got != 0) {
            printf("\n\"%s\" -> %d", bad[i], got);
            CU_FAIL("bad atom accepted");
        }
    }
    CU_ASSERT_EQUAL(ginet_error_from_atom("", 0), 0);
    CU_ASSERT_EQUAL(ginet_error_from_atom(NULL, 0), 0);
    CU_ASSERT_EQUAL(ginet_error_from_atom(NULL, 10), 0);
    CU_ASSERT_EQUAL(ginet_error_from_atom("x", (size_t)-1), 0);
    /* An embedded NUL is a byte of the atom, not its end. */
    CU_ASSERT_EQUAL(ginet_error_from_atom("eaddrinuse\0", 11), 0);
    CU_ASSERT_EQUAL(ginet_error_from_atom("eio\0x", 5), 0);
    CU_ASSERT_EQUAL(ginet_error_from_atom("\0eio", 4), 0);
    CU_ASSERT_EQUAL(ginet_error_from_atom("\0", 1), 0);
    CU_ASSERT_STRING_EQUAL(ginet_format_error_atom("eaddrinus", 9), UNKNOWN_TEXT);
    CU_ASSERT_STRING_EQUAL(ginet_format_error_atom("", 0), UNKNOWN_TEXT);
    CU_ASSERT_STRING_EQUAL(ginet_format_error_atom(NULL, 0), UNKNOWN_TEXT);
}

static void test_from_atom_len_not_nul(void)
{
    /* LEN decides, not a NUL: a slice of a larger buffer. */
    const char buf[] = "[{reuseaddr,true},eaddrinuse,econnrefused]";
    CU_ASSERT_EQUAL(ginet_error_from_atom(buf + 18, 10), GINET_EADDRINUSE);
    CU_ASSERT_EQUAL(ginet_error_from_atom(buf + 29, 12), GINET_ECONNREFUSED);
    CU_ASSERT_EQUAL(ginet_error_from_atom(buf + 18, 9), 0);
    CU_ASSERT_EQUAL(ginet_error_from_atom("eaddrinusee", 10), GINET_EADDRINUSE);
    CU_ASSERT_EQUAL(ginet_error_from_atom("etimedout", 5), GINET_ETIME);
    CU_ASSERT_EQUAL(ginet_error_from_atom("unknown", 7), GINET_EUNKNOWN);
    CU_ASSERT_EQUAL(ginet_error_from_atom("nxdomain", 8), GINET_ENXDOMAIN);
    CU_ASSERT_EQUAL(ginet_error_from_atom("system_limit", 12), GINET_ESYSTEM_LIMIT);
}

/* Every prefix and every one-byte extension of every atom is found only
 * when it is itself an atom ("ebadf" of "ebadfd", "etime" of "etimedout"). */
static void test_from_atom_near_misses(void)
{
    char buf[64];
    for (size_t i = 0; i < NEXPECT; i++) {
        size_t n = strlen(expect[i].atom);
        for (size_t len = 0; len < n; len++) {
            const struct expect *e = expect_for_atom(expect[i].atom, len);
            int want = e ? e->code : 0;
            if (ginet_error_from_atom(expect[i].atom, len) != want) {
                printf("\nprefix %.*s", (int)len, expect[i].atom);
                CU_FAIL("prefix");
            }
        }
        for (int c = 0; c < 256; c++) {
            const struct expect *e;
            memcpy(buf, expect[i].atom, n);
            buf[n] = (char)c;
            e = expect_for_atom(buf, n + 1);
            if (ginet_error_from_atom(buf, n + 1) != (e ? e->code : 0)) {
                printf("\n%s + byte %d", expect[i].atom, c);
                CU_FAIL("suffix");
            }
        }
    }
}

/* ---- codes that are not codes ------------------------------------------ */

static void test_out_of_range_codes(void)
{
    static const int bad[] = {
        GINET_ERROR_MIN - 1, GINET_ERROR_MIN - 1000, INT_MIN, INT_MIN + 1,
        1, 2, 42, 146, 148, 255, 256, INT_MAX,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CU_ASSERT_STRING_EQUAL(ginet_error_atom(bad[i]), "unknown");
        CU_ASSERT_STRING_EQUAL(ginet_format_error(bad[i]), UNKNOWN_TEXT);
        CU_ASSERT_EQUAL(ginet_error_to_errno(bad[i]), 0);
    }
}

static void test_ok(void)
{
    CU_ASSERT_EQUAL(GINET_OK, 0);
    CU_ASSERT_STRING_EQUAL(ginet_error_atom(GINET_OK), "ok");
    CU_ASSERT_EQUAL(ginet_error_from_atom("ok", 2), 0);
    CU_ASSERT_STRING_EQUAL(ginet_format_error(GINET_OK), UNKNOWN_TEXT);
    CU_ASSERT_EQUAL(ginet_error_to_errno(GINET_OK), 0);
    CU_ASSERT_EQUAL(ginet_error_from_errno(0), GINET_OK);
}

static const ginet_test_case table_cases[] = {
    {"every_code_listed", test_every_code_listed},
    {"atoms", test_atoms},
    {"atoms_distinct", test_atoms_distinct},
    {"atom_round_trip", test_atom_round_trip},
    {"format_error_texts", test_format_error_texts},
    {"format_error_oddities", test_format_error_oddities},
    {"texts_printable", test_texts_printable},
    {"ok", test_ok},
    {"out_of_range_codes", test_out_of_range_codes},
    {NULL, NULL}
};

static const ginet_test_case atom_cases[] = {
    {"rejects", test_from_atom_rejects},
    {"len_not_nul", test_from_atom_len_not_nul},
    {"near_misses", test_from_atom_near_misses},
    {NULL, NULL}
};

/* tests/unit/test_error_errno.c */
extern const ginet_test_case error_errno_cases[];

static const ginet_test_suite suites[] = {
    {"error_table", NULL, NULL, table_cases},
    {"error_atom", NULL, NULL, atom_cases},
    {"error_errno", NULL, NULL, error_errno_cases},
    {NULL, NULL, NULL, NULL}
};

int main(int argc, char **argv)
{
    return ginet_test_main(suites, argc, argv);
}
