/*
 * platform/posix/errno_map.c — which errno values this host defines and
 * which ginet code (OTP atom) each one is.
 *
 * ginet_error_from_errno() answers exactly what OTP's erl_errno_id() (in
 * erts/emulator/beam/erl_posix_str.c) answers on the same host.  That
 * function is a switch over every E* constant the host defines; where two
 * constants share a value, a condition drops one of them so that the
 * switch compiles, and the one kept decides the atom.  On Linux:
 *
 *   EAGAIN == EWOULDBLOCK  (11)  -> eagain       (never ewouldblock)
 *   EDEADLK == EDEADLOCK   (35)  -> edeadlk      (never edeadlock)
 *   ENOTSUP == EOPNOTSUPP  (95)  -> enotsup      (never eopnotsupp)
 *   EISNAM                 (120) -> unknown      (OTP's typo, see below)
 *
 * The table below lists every constant once, in OTP's order, under its
 * own #ifdef.  MAPPED rows are the cases OTP keeps; SHADOWED rows are the
 * ones OTP drops on this host: they still give the host value of their
 * code (ginet_error_to_errno(GINET_EWOULDBLOCK) is EWOULDBLOCK), but never
 * name an errno.  Values no row names (ECANCELED, EOWNERDEAD, ERFKILL ...
 * on Linux) are `unknown`, as in OTP.  Windows' WSAE* values are not
 * POSIX errno and belong to a Windows map.
 */
#include <ginet/ginet.h>

#include <errno.h>
#include <stdint.h>

#include "platform/posix/errno_map.h"

typedef struct errno_row {
    int os;                 /* the host's E* value */
    int16_t code;           /* its ginet code */
    uint8_t names_errno;    /* 1: os -> code; 0: only code -> os */
} errno_row;

#define MAPPED(e, code)   { (e), (int16_t)(code), 1 }
#define SHADOWED(e, code) { (e), (int16_t)(code), 0 }

static const errno_row map[] = {
#ifdef E2BIG
    MAPPED(E2BIG, GINET_E2BIG),
#endif
#ifdef EACCES
    MAPPED(EACCES, GINET_EACCES),
#endif
#ifdef EADDRINUSE
    MAPPED(EADDRINUSE, GINET_EADDRINUSE),
#endif
#ifdef EADDRNOTAVAIL
    MAPPED(EADDRNOTAVAIL, GINET_EADDRNOTAVAIL),
#endif
#ifdef EADV
    MAPPED(EADV, GINET_EADV),
#endif
#ifdef EAFNOSUPPORT
    MAPPED(EAFNOSUPPORT, GINET_EAFNOSUPPORT),
#endif
#ifdef EAGAIN
    MAPPED(EAGAIN, GINET_EAGAIN),
#endif
#ifdef EALIGN
    MAPPED(EALIGN, GINET_EALIGN),
#endif
#if defined(EALREADY) && (defined(EBUSY) && EALREADY == EBUSY)
    SHADOWED(EALREADY, GINET_EALREADY), /* OTP: `ebusy` */
#elif defined(EALREADY)
    MAPPED(EALREADY, GINET_EALREADY),
#endif
#ifdef EBADE
    MAPPED(EBADE, GINET_EBADE),
#endif
#ifdef EBADF
    MAPPED(EBADF, GINET_EBADF),
#endif
#ifdef EBADFD
    MAPPED(EBADFD, GINET_EBADFD),
#endif
#ifdef EBADMSG
    MAPPED(EBADMSG, GINET_EBADMSG),
#endif
#ifdef EBADR
    MAPPED(EBADR, GINET_EBADR),
#endif
#ifdef EBADRPC
    MAPPED(EBADRPC, GINET_EBADRPC),
#endif
#ifdef EBADRQC
    MAPPED(EBADRQC, GINET_EBADRQC),
#endif
#ifdef EBADSLT
    MAPPED(EBADSLT, GINET_EBADSLT),
#endif
#ifdef EBFONT
    MAPPED(EBFONT, GINET_EBFONT),
#endif
#ifdef EBUSY
    MAPPED(EBUSY, GINET_EBUSY),
#endif
#ifdef ECHILD
    MAPPED(ECHILD, GINET_ECHILD),
#endif
#ifdef ECHRNG
    MAPPED(ECHRNG, GINET_ECHRNG),
#endif
#ifdef ECOMM
    MAPPED(ECOMM, GINET_ECOMM),
#endif
#ifdef ECONNABORTED
    MAPPED(ECONNABORTED, GINET_ECONNABORTED),
#endif
#ifdef ECONNREFUSED
    MAPPED(ECONNREFUSED, GINET_ECONNREFUSED),
#endif
#ifdef ECONNRESET
    MAPPED(ECONNRESET, GINET_ECONNRESET),
#endif
#if defined(EDEADLK) && (defined(EWOULDBLOCK) && EDEADLK == EWOULDBLOCK)
    SHADOWED(EDEADLK, GINET_EDEADLK), /* OTP: `ewouldblock` */
#elif defined(EDEADLK)
    MAPPED(EDEADLK, GINET_EDEADLK),
#endif
#if defined(EDEADLOCK) && (defined(EDEADLK) && EDEADLOCK == EDEADLK)
    SHADOWED(EDEADLOCK, GINET_EDEADLOCK), /* OTP: `edeadlk`, as on Linux */
#elif defined(EDEADLOCK)
    MAPPED(EDEADLOCK, GINET_EDEADLOCK),
#endif
#ifdef EDESTADDRREQ
    MAPPED(EDESTADDRREQ, GINET_EDESTADDRREQ),
#endif
#ifdef EDIRTY
    MAPPED(EDIRTY, GINET_EDIRTY),
#endif
#ifdef EDOM
    MAPPED(EDOM, GINET_EDOM),
#endif
#ifdef EDOTDOT
    MAPPED(EDOTDOT, GINET_EDOTDOT),
#endif
#ifdef EDQUOT
    MAPPED(EDQUOT, GINET_EDQUOT),
#endif
#ifdef EDUPPKG
    MAPPED(EDUPPKG, GINET_EDUPPKG),
#endif
#ifdef EEXIST
    MAPPED(EEXIST, GINET_EEXIST),
#endif
#ifdef EFAULT
    MAPPED(EFAULT, GINET_EFAULT),
#endif
#ifdef EFTYPE
    MAPPED(EFTYPE, GINET_EFTYPE),
#endif
#ifdef EFBIG
    MAPPED(EFBIG, GINET_EFBIG),
#endif
#ifdef EHOSTDOWN
    MAPPED(EHOSTDOWN, GINET_EHOSTDOWN),
#endif
#ifdef EHOSTUNREACH
    MAPPED(EHOSTUNREACH, GINET_EHOSTUNREACH),
#endif
#if defined(EIDRM) && (defined(EINPROGRESS) && EIDRM == EINPROGRESS)
    SHADOWED(EIDRM, GINET_EIDRM), /* OTP: `einprogress` */
#elif defined(EIDRM)
    MAPPED(EIDRM, GINET_EIDRM),
#endif
#ifdef EILSEQ
    MAPPED(EILSEQ, GINET_EILSEQ),
#endif
#ifdef EINIT
    MAPPED(EINIT, GINET_EINIT),
#endif
#ifdef EINPROGRESS
    MAPPED(EINPROGRESS, GINET_EINPROGRESS),
#endif
#ifdef EINTR
    MAPPED(EINTR, GINET_EINTR),
#endif
#ifdef EINVAL
    MAPPED(EINVAL, GINET_EINVAL),
#endif
#ifdef EIO
    MAPPED(EIO, GINET_EIO),
#endif
#ifdef EISCONN
    MAPPED(EISCONN, GINET_EISCONN),
#endif
#ifdef EISDIR
    MAPPED(EISDIR, GINET_EISDIR),
#endif
/* OTP tests EISNAME (sic), which no system defines, so it never names
 * EISNAM: errno EISNAM is `unknown` in OTP, and here. */
#if defined(EISNAM) && defined(EISNAME)
    MAPPED(EISNAM, GINET_EISNAM),
#elif defined(EISNAM)
    SHADOWED(EISNAM, GINET_EISNAM),
#endif
#ifdef ELBIN
    MAPPED(ELBIN, GINET_ELBIN),
#endif
#ifdef EL2HLT
    MAPPED(EL2HLT, GINET_EL2HLT),
#endif
#ifdef EL2NSYNC
    MAPPED(EL2NSYNC, GINET_EL2NSYNC),
#endif
#ifdef EL3HLT
    MAPPED(EL3HLT, GINET_EL3HLT),
#endif
#ifdef EL3RST
    MAPPED(EL3RST, GINET_EL3RST),
#endif
#ifdef ELIBACC
    MAPPED(ELIBACC, GINET_ELIBACC),
#endif
#ifdef ELIBBAD
    MAPPED(ELIBBAD, GINET_ELIBBAD),
#endif
#ifdef ELIBEXEC
    MAPPED(ELIBEXEC, GINET_ELIBEXEC),
#endif
#ifdef ELIBMAX
    MAPPED(ELIBMAX, GINET_ELIBMAX),
#endif
#ifdef ELIBSCN
    MAPPED(ELIBSCN, GINET_ELIBSCN),
#endif
#ifdef ELNRNG
    MAPPED(ELNRNG, GINET_ELNRNG),
#endif
#if defined(ELOOP) && (defined(ENOENT) && ELOOP == ENOENT)
    SHADOWED(ELOOP, GINET_ELOOP), /* OTP: `enoent` */
#elif defined(ELOOP)
    MAPPED(ELOOP, GINET_ELOOP),
#endif
#ifdef EMFILE
    MAPPED(EMFILE, GINET_EMFILE),
#endif
#ifdef EMLINK
    MAPPED(EMLINK, GINET_EMLINK),
#endif
#ifdef EMSGSIZE
    MAPPED(EMSGSIZE, GINET_EMSGSIZE),
#endif
#ifdef EMULTIHOP
    MAPPED(EMULTIHOP, GINET_EMULTIHOP),
#endif
#ifdef ENAMETOOLONG
    MAPPED(ENAMETOOLONG, GINET_ENAMETOOLONG),
#endif
#ifdef ENAVAIL
    MAPPED(ENAVAIL, GINET_ENAVAIL),
#endif
#ifdef ENET
    MAPPED(ENET, GINET_ENET),
#endif
#ifdef ENETDOWN
    MAPPED(ENETDOWN, GINET_ENETDOWN),
#endif
#ifdef ENETRESET
    MAPPED(ENETRESET, GINET_ENETRESET),
#endif
#ifdef ENETUNREACH
    MAPPED(ENETUNREACH, GINET_ENETUNREACH),
#endif
#ifdef ENFILE
    MAPPED(ENFILE, GINET_ENFILE),
#endif
#ifdef ENOANO
    MAPPED(ENOANO, GINET_ENOANO),
#endif
#if defined(ENOBUFS) && (defined(ENOSR) && ENOBUFS == ENOSR)
    SHADOWED(ENOBUFS, GINET_ENOBUFS), /* OTP: `enosr` */
#elif defined(ENOBUFS)
    MAPPED(ENOBUFS, GINET_ENOBUFS),
#endif
#ifdef ENOCSI
    MAPPED(ENOCSI, GINET_ENOCSI),
#endif
#if defined(ENODATA) && (defined(ECONNREFUSED) && ENODATA == ECONNREFUSED)
    SHADOWED(ENODATA, GINET_ENODATA), /* OTP: `econnrefused` */
#elif defined(ENODATA)
    MAPPED(ENODATA, GINET_ENODATA),
#endif
#ifdef ENODEV
    MAPPED(ENODEV, GINET_ENODEV),
#endif
#ifdef ENOENT
    MAPPED(ENOENT, GINET_ENOENT),
#endif
#ifdef ENOEXEC
    MAPPED(ENOEXEC, GINET_ENOEXEC),
#endif
#ifdef ENOLCK
    MAPPED(ENOLCK, GINET_ENOLCK),
#endif
#ifdef ENOLINK
    MAPPED(ENOLINK, GINET_ENOLINK),
#endif
#ifdef ENOMEM
    MAPPED(ENOMEM, GINET_ENOMEM),
#endif
#ifdef ENOMSG
    MAPPED(ENOMSG, GINET_ENOMSG),
#endif
#ifdef ENONET
    MAPPED(ENONET, GINET_ENONET),
#endif
#ifdef ENOPKG
    MAPPED(ENOPKG, GINET_ENOPKG),
#endif
#ifdef ENOPROTOOPT
    MAPPED(ENOPROTOOPT, GINET_ENOPROTOOPT),
#endif
#ifdef ENOSPC
    MAPPED(ENOSPC, GINET_ENOSPC),
#endif
#if defined(ENOSR) && (defined(ENAMETOOLONG) && ENOSR == ENAMETOOLONG)
    SHADOWED(ENOSR, GINET_ENOSR), /* OTP: `enametoolong` */
#elif defined(ENOSR)
    MAPPED(ENOSR, GINET_ENOSR),
#endif
#if defined(ENOSTR) && (defined(ENOTTY) && ENOSTR == ENOTTY)
    SHADOWED(ENOSTR, GINET_ENOSTR), /* OTP: `enotty` */
#elif defined(ENOSTR)
    MAPPED(ENOSTR, GINET_ENOSTR),
#endif
#ifdef ENOSYM
    MAPPED(ENOSYM, GINET_ENOSYM),
#endif
#ifdef ENOSYS
    MAPPED(ENOSYS, GINET_ENOSYS),
#endif
#ifdef ENOTBLK
    MAPPED(ENOTBLK, GINET_ENOTBLK),
#endif
#ifdef ENOTCONN
    MAPPED(ENOTCONN, GINET_ENOTCONN),
#endif
#ifdef ENOTDIR
    MAPPED(ENOTDIR, GINET_ENOTDIR),
#endif
#if defined(ENOTEMPTY) && (defined(EEXIST) && ENOTEMPTY == EEXIST)
    SHADOWED(ENOTEMPTY, GINET_ENOTEMPTY), /* OTP: `eexist` */
#elif defined(ENOTEMPTY)
    MAPPED(ENOTEMPTY, GINET_ENOTEMPTY),
#endif
#ifdef ENOTNAM
    MAPPED(ENOTNAM, GINET_ENOTNAM),
#endif
#ifdef ENOTSOCK
    MAPPED(ENOTSOCK, GINET_ENOTSOCK),
#endif
#ifdef ENOTSUP
    MAPPED(ENOTSUP, GINET_ENOTSUP),
#endif
#ifdef ENOTTY
    MAPPED(ENOTTY, GINET_ENOTTY),
#endif
#ifdef ENOTUNIQ
    MAPPED(ENOTUNIQ, GINET_ENOTUNIQ),
#endif
#ifdef ENXIO
    MAPPED(ENXIO, GINET_ENXIO),
#endif
#if defined(EOPNOTSUPP) && (defined(ENOTSUP) && EOPNOTSUPP == ENOTSUP)
    SHADOWED(EOPNOTSUPP, GINET_EOPNOTSUPP), /* OTP: `enotsup`, as on Linux */
#elif defined(EOPNOTSUPP)
    MAPPED(EOPNOTSUPP, GINET_EOPNOTSUPP),
#endif
#ifdef EOVERFLOW
    MAPPED(EOVERFLOW, GINET_EOVERFLOW),
#endif
#ifdef EPERM
    MAPPED(EPERM, GINET_EPERM),
#endif
#if defined(EPFNOSUPPORT) && (defined(ENOLCK) && EPFNOSUPPORT == ENOLCK)
    SHADOWED(EPFNOSUPPORT, GINET_EPFNOSUPPORT), /* OTP: `enolck` */
#elif defined(EPFNOSUPPORT)
    MAPPED(EPFNOSUPPORT, GINET_EPFNOSUPPORT),
#endif
#ifdef EPIPE
    MAPPED(EPIPE, GINET_EPIPE),
#endif
#ifdef EPROCLIM
    MAPPED(EPROCLIM, GINET_EPROCLIM),
#endif
#ifdef EPROCUNAVAIL
    MAPPED(EPROCUNAVAIL, GINET_EPROCUNAVAIL),
#endif
#ifdef EPROGMISMATCH
    MAPPED(EPROGMISMATCH, GINET_EPROGMISMATCH),
#endif
#ifdef EPROGUNAVAIL
    MAPPED(EPROGUNAVAIL, GINET_EPROGUNAVAIL),
#endif
#ifdef EPROTO
    MAPPED(EPROTO, GINET_EPROTO),
#endif
#ifdef EPROTONOSUPPORT
    MAPPED(EPROTONOSUPPORT, GINET_EPROTONOSUPPORT),
#endif
#ifdef EPROTOTYPE
    MAPPED(EPROTOTYPE, GINET_EPROTOTYPE),
#endif
#ifdef ERANGE
    MAPPED(ERANGE, GINET_ERANGE),
#endif
#if defined(EREFUSED) && (defined(ECONNREFUSED) && EREFUSED == ECONNREFUSED)
    SHADOWED(EREFUSED, GINET_EREFUSED), /* OTP: `econnrefused` */
#elif defined(EREFUSED)
    MAPPED(EREFUSED, GINET_EREFUSED),
#endif
#ifdef EREMCHG
    MAPPED(EREMCHG, GINET_EREMCHG),
#endif
#ifdef EREMDEV
    MAPPED(EREMDEV, GINET_EREMDEV),
#endif
#ifdef EREMOTE
    MAPPED(EREMOTE, GINET_EREMOTE),
#endif
#ifdef EREMOTEIO
    MAPPED(EREMOTEIO, GINET_EREMOTEIO),
#endif
#ifdef EREMOTERELEASE
    MAPPED(EREMOTERELEASE, GINET_EREMOTERELEASE),
#endif
#ifdef EROFS
    MAPPED(EROFS, GINET_EROFS),
#endif
#ifdef ERPCMISMATCH
    MAPPED(ERPCMISMATCH, GINET_ERPCMISMATCH),
#endif
#ifdef ERREMOTE
    MAPPED(ERREMOTE, GINET_ERREMOTE),
#endif
#ifdef ESHUTDOWN
    MAPPED(ESHUTDOWN, GINET_ESHUTDOWN),
#endif
#ifdef ESOCKTNOSUPPORT
    MAPPED(ESOCKTNOSUPPORT, GINET_ESOCKTNOSUPPORT),
#endif
#ifdef ESPIPE
    MAPPED(ESPIPE, GINET_ESPIPE),
#endif
#ifdef ESRCH
    MAPPED(ESRCH, GINET_ESRCH),
#endif
#ifdef ESRMNT
    MAPPED(ESRMNT, GINET_ESRMNT),
#endif
#ifdef ESTALE
    MAPPED(ESTALE, GINET_ESTALE),
#endif
#ifdef ESUCCESS
    MAPPED(ESUCCESS, GINET_ESUCCESS),
#endif
#if defined(ETIME) && (defined(ELOOP) && ETIME == ELOOP)
    SHADOWED(ETIME, GINET_ETIME), /* OTP: `eloop` */
#elif defined(ETIME)
    MAPPED(ETIME, GINET_ETIME),
#endif
#if defined(ETIMEDOUT) && \
    ((defined(ENOSTR) && ETIMEDOUT == ENOSTR) || \
     (defined(EAGAIN) && ETIMEDOUT == EAGAIN))
    SHADOWED(ETIMEDOUT, GINET_ETIMEDOUT), /* OTP: `enostr`/`eagain` */
#elif defined(ETIMEDOUT)
    MAPPED(ETIMEDOUT, GINET_ETIMEDOUT),
#endif
#ifdef ETOOMANYREFS
    MAPPED(ETOOMANYREFS, GINET_ETOOMANYREFS),
#endif
#ifdef ETXTBSY
    MAPPED(ETXTBSY, GINET_ETXTBSY),
#endif
#ifdef EUCLEAN
    MAPPED(EUCLEAN, GINET_EUCLEAN),
#endif
#ifdef EUNATCH
    MAPPED(EUNATCH, GINET_EUNATCH),
#endif
#ifdef EUSERS
    MAPPED(EUSERS, GINET_EUSERS),
#endif
#ifdef EVERSION
    MAPPED(EVERSION, GINET_EVERSION),
#endif
#if defined(EWOULDBLOCK) && (defined(EAGAIN) && EWOULDBLOCK == EAGAIN)
    SHADOWED(EWOULDBLOCK, GINET_EWOULDBLOCK), /* OTP: `eagain`, as on Linux */
#elif defined(EWOULDBLOCK)
    MAPPED(EWOULDBLOCK, GINET_EWOULDBLOCK),
#endif
#ifdef EXDEV
    MAPPED(EXDEV, GINET_EXDEV),
#endif
#ifdef EXFULL
    MAPPED(EXFULL, GINET_EXFULL),
#endif
};

#define NMAP (sizeof map / sizeof map[0])

/* A linear scan: ~140 rows of 8 bytes, on error paths only.  The rows
 * that name an errno have distinct values (the conditions above ensure it
 * as they do for OTP's switch; tests/unit/test_error_errno.c checks it), so
 * the scan order never changes the answer. */
GINET_API int ginet_error_from_errno(int os_errno)
{
    size_t i;

    if (os_errno == 0)          /* even where ESUCCESS is 0 (OTP: esuccess) */
        return GINET_OK;
    for (i = 0; i < NMAP; i++)
        if (map[i].names_errno && map[i].os == os_errno)
            return map[i].code;
    return GINET_EUNKNOWN;
}

int ginet__errno_for_code(int code)
{
    size_t i;

    if (code >= 0)
        return 0;
    for (i = 0; i < NMAP; i++)
        if (map[i].code == code)
            return map[i].os;
    return 0;
}
