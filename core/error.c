/*
 * core/error.c — ginet's error table: for every GINET_E* code its OTP atom
 * and the text inet:format_error/1 gives for that atom in OTP 25, byte for
 * byte (recorded from a real OTP 25.2.3; see docs/errors.md).  Also the
 * atom -> code lookup used when option and configuration text is parsed.
 * The host's errno facts live in platform/posix/errno_map.c.
 */
#include <ginet/ginet.h>

#include <stdint.h>
#include <string.h>

#include "platform/posix/errno_map.h"

/* What inet:format_error/1 answers for any term it has no text for. */
#define UNKNOWN_TEXT "unknown POSIX error"

typedef struct error_row {
    const char *atom;
    uint8_t atom_len;           /* strlen(atom) */
    const char *text;           /* inet:format_error(atom) */
} error_row;

/* One row per code, at index -code.  Index 0 is GINET_OK: OTP has no
 * text for `ok` either, so it formats as any unknown term does. */
#define ROW(code, atom, text) [-(code)] = { atom, (uint8_t)(sizeof(atom) - 1), text }

static const error_row rows[] = {
    ROW(GINET_OK,              "ok",              UNKNOWN_TEXT),
    ROW(GINET_E2BIG,           "e2big",           "argument list too long"),
    ROW(GINET_EACCES,          "eacces",          "permission denied"),
    ROW(GINET_EADDRINUSE,      "eaddrinuse",      "address already in use"),
    ROW(GINET_EADDRNOTAVAIL,   "eaddrnotavail",   "can't assign requested address"),
    ROW(GINET_EADV,            "eadv",            "advertise error"),
    ROW(GINET_EAFNOSUPPORT,    "eafnosupport",    "address family not supported by protocol family"),
    ROW(GINET_EAGAIN,          "eagain",          "resource temporarily unavailable"),
    ROW(GINET_EALIGN,          "ealign",          "EALIGN"),
    ROW(GINET_EALREADY,        "ealready",        "operation already in progress"),
    ROW(GINET_EBADE,           "ebade",           "bad exchange descriptor"),
    ROW(GINET_EBADF,           "ebadf",           "bad file number"),
    ROW(GINET_EBADFD,          "ebadfd",          "file descriptor in bad state"),
    ROW(GINET_EBADMSG,         "ebadmsg",         "not a data message"),
    ROW(GINET_EBADR,           "ebadr",           "bad request descriptor"),
    ROW(GINET_EBADRPC,         "ebadrpc",         "RPC structure is bad"),
    ROW(GINET_EBADRQC,         "ebadrqc",         "bad request code"),
    ROW(GINET_EBADSLT,         "ebadslt",         "invalid slot"),
    ROW(GINET_EBFONT,          "ebfont",          "bad font file format"),
    ROW(GINET_EBUSY,           "ebusy",           "file busy"),
    ROW(GINET_ECHILD,          "echild",          "no children"),
    ROW(GINET_ECHRNG,          "echrng",          "channel number out of range"),
    ROW(GINET_ECOMM,           "ecomm",           "communication error on send"),
    ROW(GINET_ECONNABORTED,    "econnaborted",    "software caused connection abort"),
    ROW(GINET_ECONNREFUSED,    "econnrefused",    "connection refused"),
    ROW(GINET_ECONNRESET,      "econnreset",      "connection reset by peer"),
    ROW(GINET_EDEADLK,         "edeadlk",         "resource deadlock avoided"),
    ROW(GINET_EDEADLOCK,       "edeadlock",       "resource deadlock avoided"),
    ROW(GINET_EDESTADDRREQ,    "edestaddrreq",    "destination address required"),
    ROW(GINET_EDIRTY,          "edirty",          "mounting a dirty fs w/o force"),
    ROW(GINET_EDOM,            "edom",            "math argument out of range"),
    ROW(GINET_EDOTDOT,         "edotdot",         "cross mount point"),
    ROW(GINET_EDQUOT,          "edquot",          "disk quota exceeded"),
    ROW(GINET_EDUPPKG,         "eduppkg",         "duplicate package name"),
    ROW(GINET_EEXIST,          "eexist",          "file already exists"),
    ROW(GINET_EFAULT,          "efault",          "bad address in system call argument"),
    ROW(GINET_EFBIG,           "efbig",           "file too large"),
    ROW(GINET_EHOSTDOWN,       "ehostdown",       "host is down"),
    ROW(GINET_EHOSTUNREACH,    "ehostunreach",    "host is unreachable"),
    ROW(GINET_EIDRM,           "eidrm",           "identifier removed"),
    ROW(GINET_EINIT,           "einit",           "initialization error"),
    ROW(GINET_EINPROGRESS,     "einprogress",     "operation now in progress"),
    ROW(GINET_EINTR,           "eintr",           "interrupted system call"),
    ROW(GINET_EINVAL,          "einval",          "invalid argument"),
    ROW(GINET_EIO,             "eio",             "I/O error"),
    ROW(GINET_EISCONN,         "eisconn",         "socket is already connected"),
    ROW(GINET_EISDIR,          "eisdir",          "illegal operation on a directory"),
    ROW(GINET_EISNAM,          "eisnam",          "is a name file"),
    ROW(GINET_EL2HLT,          "el2hlt",          "level 2 halted"),
    ROW(GINET_EL2NSYNC,        "el2nsync",        "level 2 not synchronized"),
    ROW(GINET_EL3HLT,          "el3hlt",          "level 3 halted"),
    ROW(GINET_EL3RST,          "el3rst",          "level 3 reset"),
    ROW(GINET_ELBIN,           "elbin",           "ELBIN"),
    ROW(GINET_ELIBACC,         "elibacc",         "cannot access a needed shared library"),
    ROW(GINET_ELIBBAD,         "elibbad",         "accessing a corrupted shared library"),
    ROW(GINET_ELIBEXEC,        "elibexec",        "cannot exec a shared library directly"),
    ROW(GINET_ELIBMAX,         "elibmax",         "attempting to link in more shared libraries than system limit"),
    ROW(GINET_ELIBSCN,         "elibscn",         ".lib section in a.out corrupted"),
    ROW(GINET_ELNRNG,          "elnrng",          "link number out of range"),
    ROW(GINET_ELOOP,           "eloop",           "too many levels of symbolic links"),
    ROW(GINET_EMFILE,          "emfile",          "too many open files"),
    ROW(GINET_EMLINK,          "emlink",          "too many links"),
    ROW(GINET_EMSGSIZE,        "emsgsize",        "message too long"),
    ROW(GINET_EMULTIHOP,       "emultihop",       "multihop attempted"),
    ROW(GINET_ENAMETOOLONG,    "enametoolong",    "file name too long"),
    ROW(GINET_ENAVAIL,         "enavail",         "not available"),
    ROW(GINET_ENET,            "enet",            "ENET"),
    ROW(GINET_ENETDOWN,        "enetdown",        "network is down"),
    ROW(GINET_ENETRESET,       "enetreset",       "network dropped connection on reset"),
    ROW(GINET_ENETUNREACH,     "enetunreach",     "network is unreachable"),
    ROW(GINET_ENFILE,          "enfile",          "file table overflow"),
    ROW(GINET_ENOANO,          "enoano",          "anode table overflow"),
    ROW(GINET_ENOBUFS,         "enobufs",         "no buffer space available"),
    ROW(GINET_ENOCSI,          "enocsi",          "no CSI structure available"),
    ROW(GINET_ENODATA,         "enodata",         "no data available"),
    ROW(GINET_ENODEV,          "enodev",          "no such device"),
    ROW(GINET_ENOENT,          "enoent",          "no such file or directory"),
    ROW(GINET_ENOEXEC,         "enoexec",         "exec format error"),
    ROW(GINET_ENOLCK,          "enolck",          "no locks available"),
    ROW(GINET_ENOLINK,         "enolink",         "link has be severed"),
    ROW(GINET_ENOMEM,          "enomem",          "not enough memory"),
    ROW(GINET_ENOMSG,          "enomsg",          "no message of desired type"),
    ROW(GINET_ENONET,          "enonet",          "machine is not on the network"),
    ROW(GINET_ENOPKG,          "enopkg",          "package not installed"),
    ROW(GINET_ENOPROTOOPT,     "enoprotoopt",     "bad proocol option"),
    ROW(GINET_ENOSPC,          "enospc",          "no space left on device"),
    ROW(GINET_ENOSR,           "enosr",           "out of stream resources or not a stream device"),
    ROW(GINET_ENOSYM,          "enosym",          "unresolved symbol name"),
    ROW(GINET_ENOSYS,          "enosys",          "function not implemented"),
    ROW(GINET_ENOTBLK,         "enotblk",         "block device required"),
    ROW(GINET_ENOTCONN,        "enotconn",        "socket is not connected"),
    ROW(GINET_ENOTDIR,         "enotdir",         "not a directory"),
    ROW(GINET_ENOTEMPTY,       "enotempty",       "directory not empty"),
    ROW(GINET_ENOTNAM,         "enotnam",         "not a name file"),
    ROW(GINET_ENOTSOCK,        "enotsock",        "socket operation on non-socket"),
    ROW(GINET_ENOTSUP,         "enotsup",         "operation not supported"),
    ROW(GINET_ENOTTY,          "enotty",          "inappropriate device for ioctl"),
    ROW(GINET_ENOTUNIQ,        "enotuniq",        "name not unique on network"),
    ROW(GINET_ENXIO,           "enxio",           "no such device or address"),
    ROW(GINET_EOPNOTSUPP,      "eopnotsupp",      "operation not supported on socket"),
    ROW(GINET_EPERM,           "eperm",           "not owner"),
    ROW(GINET_EPFNOSUPPORT,    "epfnosupport",    "protocol family not supported"),
    ROW(GINET_EPIPE,           "epipe",           "broken pipe"),
    ROW(GINET_EPROCLIM,        "eproclim",        "too many processes"),
    ROW(GINET_EPROCUNAVAIL,    "eprocunavail",    "bad procedure for program"),
    ROW(GINET_EPROGMISMATCH,   "eprogmismatch",   "program version wrong"),
    ROW(GINET_EPROGUNAVAIL,    "eprogunavail",    "RPC program not available"),
    ROW(GINET_EPROTO,          "eproto",          "protocol error"),
    ROW(GINET_EPROTONOSUPPORT, "eprotonosupport", "protocol not supported"),
    ROW(GINET_EPROTOTYPE,      "eprototype",      "protocol wrong type for socket"),
    ROW(GINET_ERANGE,          "erange",          "math result unrepresentable"),
    ROW(GINET_EREFUSED,        "erefused",        "EREFUSED"),
    ROW(GINET_EREMCHG,         "eremchg",         "remote address changed"),
    ROW(GINET_EREMDEV,         "eremdev",         "remote device"),
    ROW(GINET_EREMOTE,         "eremote",         "pathname hit remote file system"),
    ROW(GINET_EREMOTEIO,       "eremoteio",       "remote i/o error"),
    ROW(GINET_EREMOTERELEASE,  "eremoterelease",  "EREMOTERELEASE"),
    ROW(GINET_EROFS,           "erofs",           "read-only file system"),
    ROW(GINET_ERPCMISMATCH,    "erpcmismatch",    "RPC version is wrong"),
    ROW(GINET_ERREMOTE,        "erremote",        "object is remote"),
    ROW(GINET_ESHUTDOWN,       "eshutdown",       "can't send after socket shutdown"),
    ROW(GINET_ESOCKTNOSUPPORT, "esocktnosupport", "socket type not supported"),
    ROW(GINET_ESPIPE,          "espipe",          "invalid seek"),
    ROW(GINET_ESRCH,           "esrch",           "no such process"),
    ROW(GINET_ESRMNT,          "esrmnt",          "srmount error"),
    ROW(GINET_ESTALE,          "estale",          "stale remote file handle"),
    ROW(GINET_ESUCCESS,        "esuccess",        "Error 0"),
    ROW(GINET_ETIME,           "etime",           "timer expired"),
    ROW(GINET_ETIMEDOUT,       "etimedout",       "connection timed out"),
    ROW(GINET_ETOOMANYREFS,    "etoomanyrefs",    "too many references: can't splice"),
    ROW(GINET_ETXTBSY,         "etxtbsy",         "text file or pseudo-device busy"),
    ROW(GINET_EUCLEAN,         "euclean",         "structure needs cleaning"),
    ROW(GINET_EUNATCH,         "eunatch",         "protocol driver not attached"),
    ROW(GINET_EUSERS,          "eusers",          "too many users"),
    ROW(GINET_EVERSION,        "eversion",        "version mismatch"),
    ROW(GINET_EWOULDBLOCK,     "ewouldblock",     "operation would block"),
    ROW(GINET_EXDEV,           "exdev",           "cross-domain link"),
    ROW(GINET_EXFULL,          "exfull",          "message tables full"),
    ROW(GINET_ENXDOMAIN,       "nxdomain",        "non-existing domain"),
    ROW(GINET_ECLOSED,         "closed",          "unknown POSIX error"),
    ROW(GINET_ETIMEOUT,        "timeout",         "unknown POSIX error"),
    ROW(GINET_ESYSTEM_LIMIT,   "system_limit",    "a system limit was hit, probably not enough ports"),
    ROW(GINET_EXBADPORT,       "exbadport",       "invalid port state"),
    ROW(GINET_EXBADSEQ,        "exbadseq",        "bad command sequence"),
    ROW(GINET_EOVERFLOW,       "eoverflow",       "offset too large for file system"),
    ROW(GINET_ENOSTR,          "enostr",          "not a stream"),
    ROW(GINET_EUNKNOWN,        "unknown",         "unknown POSIX error"),
    ROW(GINET_EILSEQ,          "eilseq",          "unknown POSIX error"),
    ROW(GINET_EFTYPE,          "eftype",          "EFTYPE"),
};

#undef ROW

#define NROWS (sizeof rows / sizeof rows[0])

_Static_assert(NROWS == (size_t)(1 - GINET_ERROR_MIN),
               "error table must have one row per code");

/* The codes (as -code) in ascending byte order of their atoms, for the
 * binary search in ginet_error_from_atom().  Every code but GINET_OK is
 * here once; tests/unit/test_error.c checks that each is found. */
static const uint8_t by_atom[] = {
    -GINET_ECLOSED, -GINET_E2BIG, -GINET_EACCES, -GINET_EADDRINUSE,
    -GINET_EADDRNOTAVAIL, -GINET_EADV, -GINET_EAFNOSUPPORT, -GINET_EAGAIN,
    -GINET_EALIGN, -GINET_EALREADY, -GINET_EBADE, -GINET_EBADF, -GINET_EBADFD,
    -GINET_EBADMSG, -GINET_EBADR, -GINET_EBADRPC, -GINET_EBADRQC,
    -GINET_EBADSLT, -GINET_EBFONT, -GINET_EBUSY, -GINET_ECHILD, -GINET_ECHRNG,
    -GINET_ECOMM, -GINET_ECONNABORTED, -GINET_ECONNREFUSED, -GINET_ECONNRESET,
    -GINET_EDEADLK, -GINET_EDEADLOCK, -GINET_EDESTADDRREQ, -GINET_EDIRTY,
    -GINET_EDOM, -GINET_EDOTDOT, -GINET_EDQUOT, -GINET_EDUPPKG, -GINET_EEXIST,
    -GINET_EFAULT, -GINET_EFBIG, -GINET_EFTYPE, -GINET_EHOSTDOWN,
    -GINET_EHOSTUNREACH, -GINET_EIDRM, -GINET_EILSEQ, -GINET_EINIT,
    -GINET_EINPROGRESS, -GINET_EINTR, -GINET_EINVAL, -GINET_EIO,
    -GINET_EISCONN, -GINET_EISDIR, -GINET_EISNAM, -GINET_EL2HLT,
    -GINET_EL2NSYNC, -GINET_EL3HLT, -GINET_EL3RST, -GINET_ELBIN,
    -GINET_ELIBACC, -GINET_ELIBBAD, -GINET_ELIBEXEC, -GINET_ELIBMAX,
    -GINET_ELIBSCN, -GINET_ELNRNG, -GINET_ELOOP, -GINET_EMFILE, -GINET_EMLINK,
    -GINET_EMSGSIZE, -GINET_EMULTIHOP, -GINET_ENAMETOOLONG, -GINET_ENAVAIL,
    -GINET_ENET, -GINET_ENETDOWN, -GINET_ENETRESET, -GINET_ENETUNREACH,
    -GINET_ENFILE, -GINET_ENOANO, -GINET_ENOBUFS, -GINET_ENOCSI,
    -GINET_ENODATA, -GINET_ENODEV, -GINET_ENOENT, -GINET_ENOEXEC,
    -GINET_ENOLCK, -GINET_ENOLINK, -GINET_ENOMEM, -GINET_ENOMSG,
    -GINET_ENONET, -GINET_ENOPKG, -GINET_ENOPROTOOPT, -GINET_ENOSPC,
    -GINET_ENOSR, -GINET_ENOSTR, -GINET_ENOSYM, -GINET_ENOSYS, -GINET_ENOTBLK,
    -GINET_ENOTCONN, -GINET_ENOTDIR, -GINET_ENOTEMPTY, -GINET_ENOTNAM,
    -GINET_ENOTSOCK, -GINET_ENOTSUP, -GINET_ENOTTY, -GINET_ENOTUNIQ,
    -GINET_ENXIO, -GINET_EOPNOTSUPP, -GINET_EOVERFLOW, -GINET_EPERM,
    -GINET_EPFNOSUPPORT, -GINET_EPIPE, -GINET_EPROCLIM, -GINET_EPROCUNAVAIL,
    -GINET_EPROGMISMATCH, -GINET_EPROGUNAVAIL, -GINET_EPROTO,
    -GINET_EPROTONOSUPPORT, -GINET_EPROTOTYPE, -GINET_ERANGE, -GINET_EREFUSED,
    -GINET_EREMCHG, -GINET_EREMDEV, -GINET_EREMOTE, -GINET_EREMOTEIO,
    -GINET_EREMOTERELEASE, -GINET_EROFS, -GINET_ERPCMISMATCH, -GINET_ERREMOTE,
    -GINET_ESHUTDOWN, -GINET_ESOCKTNOSUPPORT, -GINET_ESPIPE, -GINET_ESRCH,
    -GINET_ESRMNT, -GINET_ESTALE, -GINET_ESUCCESS, -GINET_ETIME,
    -GINET_ETIMEDOUT, -GINET_ETOOMANYREFS, -GINET_ETXTBSY, -GINET_EUCLEAN,
    -GINET_EUNATCH, -GINET_EUSERS, -GINET_EVERSION, -GINET_EWOULDBLOCK,
    -GINET_EXBADPORT, -GINET_EXBADSEQ, -GINET_EXDEV, -GINET_EXFULL,
    -GINET_ENXDOMAIN, -GINET_ESYSTEM_LIMIT, -GINET_ETIMEOUT, -GINET_EUNKNOWN,
};

_Static_assert(sizeof by_atom == NROWS - 1,
               "by_atom must list every code but GINET_OK");

/* The longest atom in the table ("eprotonosupport", "esocktnosupport"). */
#define ATOM_MAX 15

static int is_code(int code)
{
    return code <= 0 && code >= GINET_ERROR_MIN;
}

GINET_API const char *ginet_error_atom(int code)
{
    if (!is_code(code))
        return rows[-GINET_EUNKNOWN].atom;
    return rows[-code].atom;
}

/* Byte-wise order of (A, ALEN) against ROW's atom, a shorter prefix first:
 * the order `LC_ALL=C sort` gives and by_atom[] is written in. */
static int atom_cmp(const char *a, size_t alen, const error_row *row)
{
    size_t n = alen < row->atom_len ? alen : row->atom_len;
    int c = memcmp(a, row->atom, n);
    if (c != 0)
        return c;
    return (alen > row->atom_len) - (alen < row->atom_len);
}

GINET_API int ginet_error_from_atom(const char *atom, size_t len)
{
    size_t lo = 0, hi = sizeof by_atom;

    if (atom == NULL || len == 0 || len > ATOM_MAX)
        return 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const error_row *row = &rows[by_atom[mid]];
        int c = atom_cmp(atom, len, row);
        if (c == 0)
            return -(int)by_atom[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

GINET_API const char *ginet_format_error(int code)
{
    if (!is_code(code))
        return UNKNOWN_TEXT;
    return rows[-code].text;
}

GINET_API const char *ginet_format_error_atom(const char *atom, size_t len)
{
    /* from_atom gives 0 (GINET_OK, whose text is UNKNOWN_TEXT) for any
     * atom that is no code, "ok" included: what OTP answers for both. */
    return ginet_format_error(ginet_error_from_atom(atom, len));
}

GINET_API int ginet_error_to_errno(int code)
{
    if (code == GINET_OK || !is_code(code))
        return 0;
    return ginet__errno_for_code(code);
}
