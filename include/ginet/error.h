/*
 * ginet/error.h — ginet's error codes and their OTP names and texts.
 *
 * Every fallible ginet call returns 0 (or a non-negative count) on success
 * and a negative GINET_E* code on failure.  Each code has the POSIX atom OTP
 * uses for it ("eaddrinuse", "closed", "timeout", ...) and the text
 * inet:format_error/1 gives for that atom, byte for byte.
 *
 * The numeric values are part of the ABI: they never change, and new codes
 * are only ever added below the last one.  They are NOT the host's errno
 * values; use ginet_error_from_errno() to translate.
 */
#ifndef GINET_ERROR_H
#define GINET_ERROR_H

#include <ginet/defs.h>

GINET_BEGIN_DECLS

typedef enum ginet_error {
    GINET_OK                 = 0,
    /* The POSIX atoms of inet's "POSIX Error Codes" list, in its order. */
    GINET_E2BIG              = -1,
    GINET_EACCES             = -2,
    GINET_EADDRINUSE         = -3,
    GINET_EADDRNOTAVAIL      = -4,
    GINET_EADV               = -5,
    GINET_EAFNOSUPPORT       = -6,
    GINET_EAGAIN             = -7,
    GINET_EALIGN             = -8,
    GINET_EALREADY           = -9,
    GINET_EBADE              = -10,
    GINET_EBADF              = -11,
    GINET_EBADFD             = -12,
    GINET_EBADMSG            = -13,
    GINET_EBADR              = -14,
    GINET_EBADRPC            = -15,
    GINET_EBADRQC            = -16,
    GINET_EBADSLT            = -17,
    GINET_EBFONT             = -18,
    GINET_EBUSY              = -19,
    GINET_ECHILD             = -20,
    GINET_ECHRNG             = -21,
    GINET_ECOMM              = -22,
    GINET_ECONNABORTED       = -23,
    GINET_ECONNREFUSED       = -24,
    GINET_ECONNRESET         = -25,
    GINET_EDEADLK            = -26,
    GINET_EDEADLOCK          = -27,
    GINET_EDESTADDRREQ       = -28,
    GINET_EDIRTY             = -29,
    GINET_EDOM               = -30,
    GINET_EDOTDOT            = -31,
    GINET_EDQUOT             = -32,
    GINET_EDUPPKG            = -33,
    GINET_EEXIST             = -34,
    GINET_EFAULT             = -35,
    GINET_EFBIG              = -36,
    GINET_EHOSTDOWN          = -37,
    GINET_EHOSTUNREACH       = -38,
    GINET_EIDRM              = -39,
    GINET_EINIT              = -40,
    GINET_EINPROGRESS        = -41,
    GINET_EINTR              = -42,
    GINET_EINVAL             = -43,
    GINET_EIO                = -44,
    GINET_EISCONN            = -45,
    GINET_EISDIR             = -46,
    GINET_EISNAM             = -47,
    GINET_EL2HLT             = -48,
    GINET_EL2NSYNC           = -49,
    GINET_EL3HLT             = -50,
    GINET_EL3RST             = -51,
    GINET_ELBIN              = -52,
    GINET_ELIBACC            = -53,
    GINET_ELIBBAD            = -54,
    GINET_ELIBEXEC           = -55,
    GINET_ELIBMAX            = -56,
    GINET_ELIBSCN            = -57,
    GINET_ELNRNG             = -58,
    GINET_ELOOP              = -59,
    GINET_EMFILE             = -60,
    GINET_EMLINK             = -61,
    GINET_EMSGSIZE           = -62,
    GINET_EMULTIHOP          = -63,
    GINET_ENAMETOOLONG       = -64,
    GINET_ENAVAIL            = -65,
    GINET_ENET               = -66,
    GINET_ENETDOWN           = -67,
    GINET_ENETRESET          = -68,
    GINET_ENETUNREACH        = -69,
    GINET_ENFILE             = -70,
    GINET_ENOANO             = -71,
    GINET_ENOBUFS            = -72,
    GINET_ENOCSI             = -73,
    GINET_ENODATA            = -74,
    GINET_ENODEV             = -75,
    GINET_ENOENT             = -76,
    GINET_ENOEXEC            = -77,
    GINET_ENOLCK             = -78,
    GINET_ENOLINK            = -79,
    GINET_ENOMEM             = -80,
    GINET_ENOMSG             = -81,
    GINET_ENONET             = -82,
    GINET_ENOPKG             = -83,
    GINET_ENOPROTOOPT        = -84,
    GINET_ENOSPC             = -85,
    GINET_ENOSR              = -86,
    GINET_ENOSYM             = -87,
    GINET_ENOSYS             = -88,
    GINET_ENOTBLK            = -89,
    GINET_ENOTCONN           = -90,
    GINET_ENOTDIR            = -91,
    GINET_ENOTEMPTY          = -92,
    GINET_ENOTNAM            = -93,
    GINET_ENOTSOCK           = -94,
    GINET_ENOTSUP            = -95,
    GINET_ENOTTY             = -96,
    GINET_ENOTUNIQ           = -97,
    GINET_ENXIO              = -98,
    GINET_EOPNOTSUPP         = -99,
    GINET_EPERM              = -100,
    GINET_EPFNOSUPPORT       = -101,
    GINET_EPIPE              = -102,
    GINET_EPROCLIM           = -103,
    GINET_EPROCUNAVAIL       = -104,
    GINET_EPROGMISMATCH      = -105,
    GINET_EPROGUNAVAIL       = -106,
    GINET_EPROTO             = -107,
    GINET_EPROTONOSUPPORT    = -108,
    GINET_EPROTOTYPE         = -109,
    GINET_ERANGE             = -110,
    GINET_EREFUSED           = -111,
    GINET_EREMCHG            = -112,
    GINET_EREMDEV            = -113,
    GINET_EREMOTE            = -114,
    GINET_EREMOTEIO          = -115,
    GINET_EREMOTERELEASE     = -116,
    GINET_EROFS              = -117,
    GINET_ERPCMISMATCH       = -118,
    GINET_ERREMOTE           = -119,
    GINET_ESHUTDOWN          = -120,
    GINET_ESOCKTNOSUPPORT    = -121,
    GINET_ESPIPE             = -122,
    GINET_ESRCH              = -123,
    GINET_ESRMNT             = -124,
    GINET_ESTALE             = -125,
    GINET_ESUCCESS           = -126,
    GINET_ETIME              = -127,
    GINET_ETIMEDOUT          = -128,
    GINET_ETOOMANYREFS       = -129,
    GINET_ETXTBSY            = -130,
    GINET_EUCLEAN            = -131,
    GINET_EUNATCH            = -132,
    GINET_EUSERS             = -133,
    GINET_EVERSION           = -134,
    GINET_EWOULDBLOCK        = -135,
    GINET_EXDEV              = -136,
    GINET_EXFULL             = -137,
    GINET_ENXDOMAIN          = -138,
    /* Atoms OTP's socket layer returns that are not in that list. */
    GINET_ECLOSED            = -139,
    GINET_ETIMEOUT           = -140,
    GINET_ESYSTEM_LIMIT      = -141,
    GINET_EXBADPORT          = -142,
    GINET_EXBADSEQ           = -143,
    GINET_EOVERFLOW          = -144,
    GINET_ENOSTR             = -145,
    /* An OS error that has no POSIX atom (OTP reports it as `unknown`). */
    GINET_EUNKNOWN           = -146,
    /* Atoms OTP's erl_errno_id() gives for an errno that the list above
     * omits: EILSEQ (Linux, the BSDs, macOS) and EFTYPE (the BSDs, macOS). */
    GINET_EILSEQ             = -147,
    GINET_EFTYPE             = -148
} ginet_error;

/* The lowest (most negative) code defined by this version of the library:
 * every integer from GINET_ERROR_MIN to -1 is a ginet code. */
#define GINET_ERROR_MIN GINET_EFTYPE

/*
 * The atom for an error code, e.g. "eaddrinuse" for GINET_EADDRINUSE,
 * "closed" for GINET_ECLOSED, "nxdomain" for GINET_ENXDOMAIN.  GINET_OK
 * gives "ok".  A value that is not a ginet code (positive, or below
 * GINET_ERROR_MIN) gives "unknown".  Never returns NULL.
 * Thread-safety: safe; returns a static string.
 */
GINET_API const char *ginet_error_atom(int code);

/*
 * The error code whose atom is the LEN bytes at ATOM (no NUL needed; a NUL
 * inside the LEN bytes is part of the text and so matches nothing), e.g.
 * "etimedout" -> GINET_ETIMEDOUT, "unknown" -> GINET_EUNKNOWN.  Exact and
 * case-sensitive, as atoms are.  Returns 0 if ATOM names no ginet code
 * (including "ok" and the empty atom) and for ATOM == NULL.  A binary
 * search over a static table: a few comparisons, no allocation.
 * Thread-safety: safe.
 */
GINET_API int ginet_error_from_atom(const char *atom, size_t len);

/*
 * inet:format_error/1 for a code: the exact text OTP 25 returns, e.g.
 * "address already in use" for GINET_EADDRINUSE.  As in OTP, atoms OTP has
 * no text for (closed, timeout, unknown, eilseq, and ok) give "unknown
 * POSIX error", and so does a value that is not a ginet code.  Some texts
 * are odd but are OTP's ("EALIGN", "Error 0", "bad proocol option"); see
 * docs/errors.md.  Never returns NULL.
 * Thread-safety: safe; returns a static string.
 */
GINET_API const char *ginet_format_error(int code);

/*
 * inet:format_error/1 for an atom given as text: the same as
 * ginet_format_error(ginet_error_from_atom(atom, len)), and "unknown POSIX
 * error" for an atom that is no ginet code, as OTP 25 does for any other
 * term.  Never returns NULL.  Thread-safety: safe.
 */
GINET_API const char *ginet_format_error_atom(const char *atom, size_t len);

/*
 * The ginet code for a host errno value (errno; WSAGetLastError() on
 * Windows): the code of the atom OTP's erl_errno_id() gives that value on
 * this host.  0 gives GINET_OK.  Where
 * two constants share a value the code is the one OTP names: on Linux
 * EWOULDBLOCK gives GINET_EAGAIN, EDEADLOCK GINET_EDEADLK and EOPNOTSUPP
 * GINET_ENOTSUP; where the host gives them distinct values they keep
 * distinct codes.  An errno OTP has no atom for (on Linux ECANCELED,
 * EOWNERDEAD, ... and EISNAM, which OTP misses), a negative value, or any
 * other value gives GINET_EUNKNOWN.  Thread-safety: safe.
 */
GINET_API int ginet_error_from_errno(int os_errno);

/*
 * The host errno value for a ginet code: the value of the E* constant the
 * atom names (GINET_EWOULDBLOCK gives EWOULDBLOCK, which is EAGAIN on
 * Linux), or 0 if the host has no such constant (GINET_EALIGN on Linux),
 * for codes that are not errno at all (GINET_ECLOSED, GINET_ETIMEOUT,
 * GINET_ESYSTEM_LIMIT, GINET_ENXDOMAIN, GINET_EUNKNOWN, ...), for GINET_OK
 * and for a value that is no ginet code.  ginet_error_from_errno() of the
 * result gives CODE back, except for the aliases and EISNAM above.
 * Thread-safety: safe.
 */
GINET_API int ginet_error_to_errno(int code);

/*
 * A longer explanation of the last error a ginet call returned on the
 * calling thread, for calls that take text or names (option lists,
 * backend names, configuration), e.g. "backend 'nope' not found; searched
 * /usr/lib/ginet/backends, ./backends" or "{nodelay,true}: not supported by
 * backend 'x' on local sockets".  Empty when the call gave none.  The text
 * stays until the thread's next failing call that sets one.
 * Thread-safety: per thread; never NULL.
 */
GINET_API const char *ginet_last_error(void);

GINET_END_DECLS

#endif /* GINET_ERROR_H */
