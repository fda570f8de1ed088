/*
 * ginet/ifaddrs.h — the machine's network interfaces and their addresses:
 * inet:getifaddrs/0 and inet:getifaddrs([{netns, Path}]).
 *
 * The result is OTP's {ok, [{Ifname, Ifopts}]} as a C value: a list of
 * interfaces, each a name and an ordered list of ifopts, with OTP's order
 * rules (the inet module's getifaddrs_ifopts type):
 *
 *   - a {flags, _} entry applies to the entries that follow it; every
 *     interface starts with one;
 *   - {addr, _} is immediately followed by {netmask, _};
 *   - then {broadaddr, _} may follow if the flags say broadcast, or
 *     {dstaddr, _} if they say pointtopoint, never both for one address;
 *   - {hwaddr, _} entries come after the addresses of their flags.
 *
 * Interfaces come in the order the OS lists them (on Linux: by index), and
 * an interface with several addresses repeats addr/netmask/... for each.
 * The result equals a real OTP 25's on the same machine, quirks included
 * (docs/interfaces.md has captures): on Linux an IPv4 label such as
 * "eth0:1" shows as an interface of its own, an IPv4 address configured
 * without a broadcast address reports itself as {broadaddr, _}, link-local
 * IPv6 addresses carry no scope id, and an interface without a hardware
 * address (tun) has no hwaddr.
 *
 * Memory: a result is one allocation owned by the caller, freed with
 * ginet_ifaddrs_free(); everything it points to lives inside it.
 *
 * Thread-safety: every function may be called from any thread; a result
 * is immutable and may be read by several threads at once.
 */
#ifndef GINET_IFADDRS_H
#define GINET_IFADDRS_H

#include <ginet/defs.h>
#include <ginet/address.h>
#include <ginet/term.h>

GINET_BEGIN_DECLS

/* The flag atoms of {flags, [...]}.  Listing the set bits from the lowest
 * to the highest gives OTP's atom order: [up,broadcast,loopback,
 * pointtopoint,running,multicast].  As in OTP (inet_drv), `running` is set
 * exactly when `up` is — OTP derives it from IFF_UP, not from the OS's
 * IFF_RUNNING, so an up interface without carrier says running too — and
 * the OS's other flags (noarp, promisc, lower_up, ...) are not reported. */
#define GINET_IFF_UP            0x01u
#define GINET_IFF_BROADCAST     0x02u
#define GINET_IFF_LOOPBACK      0x04u
#define GINET_IFF_POINTTOPOINT  0x08u
#define GINET_IFF_RUNNING       0x10u
#define GINET_IFF_MULTICAST     0x20u
#define GINET_IFF_ALL           0x3fu

/* The tag of one ifopt tuple. */
typedef enum ginet_ifopt_kind {
    GINET_IFOPT_FLAGS = 1,      /* {flags, [Flag]}     u.flags */
    GINET_IFOPT_ADDR,           /* {addr, Addr}        u.ip */
    GINET_IFOPT_NETMASK,        /* {netmask, Netmask}  u.ip */
    GINET_IFOPT_BROADADDR,      /* {broadaddr, Addr}   u.ip */
    GINET_IFOPT_DSTADDR,        /* {dstaddr, Addr}     u.ip */
    GINET_IFOPT_HWADDR          /* {hwaddr, [byte()]}  u.hwaddr */
} ginet_ifopt_kind;

/* The most hardware address bytes kept (Ethernet has 6, InfiniBand 20). */
#define GINET_HWADDR_MAX 32

typedef struct ginet_ifopt {
    ginet_ifopt_kind kind;
    union {
        unsigned flags;              /* GINET_IFF_* bits */
        ginet_ip_address ip;         /* family GINET_AF_INET or _INET6 */
        struct {
            uint8_t len;             /* 2..GINET_HWADDR_MAX (OTP
                                      * drops shorter ones) */
            uint8_t bytes[GINET_HWADDR_MAX];
        } hwaddr;
    } u;
} ginet_ifopt;

/* One {Ifname, Ifopts}. */
typedef struct ginet_interface {
    /* The name's bytes as the OS gives them, NUL-terminated; NAME_LEN
     * bytes without the NUL.  OTP's Ifname is the list of these bytes
     * (each byte one character, as inet_drv passes names as Latin-1). */
    const char *name;
    size_t name_len;
    const ginet_ifopt *opts;     /* NOPTS entries, in OTP's order */
    size_t nopts;
} ginet_interface;

/* The whole list. */
typedef struct ginet_ifaddrs {
    const ginet_interface *ifs;  /* COUNT interfaces, in the OS's order */
    size_t count;
} ginet_ifaddrs;

/*
 * inet:getifaddrs/0: the interfaces of the calling thread's network
 * namespace.  On success stores a new list in *OUT (free it with
 * ginet_ifaddrs_free()) and returns 0.  Errors: GINET_EINVAL (OUT is
 * NULL), GINET_ENOMEM, or the OS's getifaddrs(3) error as a ginet code
 * (e.g. GINET_EMFILE); *OUT is then NULL.  Thread-safety: safe.
 */
GINET_API int ginet_getifaddrs(ginet_ifaddrs **out);

/*
 * inet:getifaddrs([{netns, PATH}]): the interfaces of the network
 * namespace at PATH (e.g. "/var/run/netns/NAME", made by `ip netns add
 * NAME`, or "/proc/PID/ns/net").  The listing runs on a short-lived
 * helper thread that enters the namespace; the calling thread never
 * changes namespace.  Errors, with OTP's atoms: GINET_ENOENT (no such
 * path, or ""), GINET_EACCES, GINET_EINVAL (PATH is not a network
 * namespace, or PATH or OUT is NULL), GINET_EPERM (not allowed to enter
 * it: needs CAP_SYS_ADMIN), GINET_ESYSTEM_LIMIT (no thread could be
 * started), GINET_ENOTSUP on systems without network namespaces (all but
 * Linux), and those of ginet_getifaddrs().  *OUT is NULL on error.
 * Thread-safety: safe.
 */
GINET_API int ginet_getifaddrs_netns(const char *path, ginet_ifaddrs **out);

/* Free a list from ginet_getifaddrs*().  NULL is fine. */
GINET_API void ginet_ifaddrs_free(ginet_ifaddrs *list);

/* The first interface of LIST named NAME (NUL-terminated), or NULL (also
 * for NULL arguments).  Thread-safety: safe. */
GINET_API const ginet_interface *ginet_ifaddrs_find(const ginet_ifaddrs *list,
                                                    const char *name);

/* The atom of one GINET_IFF_* bit ("up", "broadcast", ...), or NULL when
 * FLAG is not exactly one of them.  Thread-safety: safe (static text). */
GINET_API const char *ginet_ifflag_name(unsigned flag);

/* The tag atom of an ifopt kind ("flags", "addr", "netmask", "broadaddr",
 * "dstaddr", "hwaddr"), or NULL for another value.  Thread-safety: safe. */
GINET_API const char *ginet_ifopt_name(ginet_ifopt_kind kind);

/* How ginet_ifaddrs_format() writes names. */
typedef enum ginet_ifaddrs_style {
    /* Exactly io_lib:format("~w", [Result]): a name is a list of
     * integers, [108,111] for "lo". */
    GINET_IFADDRS_STYLE_W = 0,
    /* Exactly io_lib:format("~999999p", [Result]) (what ~p prints when
     * the line is long enough, so all on one line): a name — or a hwaddr,
     * as ~p does not know which lists are meant as text — is "lo" when
     * every byte is printable Latin-1 (32..126, 160..255, or one of
     * \b \t \n \v \f \r \e), with \" \\ and those controls escaped, and a
     * list of integers otherwise (always for [] and for names and hwaddrs
     * with another byte).  Bytes 160..255 are written as the raw
     * bytes, as `erl -noshell` writes them (so a UTF-8 name whose bytes
     * all qualify reads right on a UTF-8 terminal). */
    GINET_IFADDRS_STYLE_P = 1
} ginet_ifaddrs_style;

/*
 * The text OTP prints for a getifaddrs result: RESULT is what
 * ginet_getifaddrs*() returned and LIST what it stored.  For RESULT 0,
 * "{ok,[{Ifname,[{flags,[up,loopback,running]},{addr,{127,0,0,1}},...]},
 * ...]}" in STYLE; for a negative RESULT, "{error,Atom}" (LIST ignored).
 * Returns a new malloc()ed NUL-terminated string (free() it), or NULL when
 * out of memory, when RESULT is 0 and LIST NULL, or RESULT is positive or
 * STYLE unknown.  Thread-safety: safe.
 */
GINET_API char *ginet_ifaddrs_format(int result, const ginet_ifaddrs *list,
                                     ginet_ifaddrs_style style);

/*
 * The same result as a term in ARENA: {ok, [{Ifname, Ifopts}]} with
 * Ifname a list of byte values, or {error, Atom} for a negative RESULT.
 * ginet_term_to_string() of it is the STYLE_W text.  Returns 0 and stores
 * the term in *OUT, or GINET_ENOMEM, or GINET_EINVAL (NULL ARENA or OUT,
 * RESULT 0 with a NULL LIST, positive RESULT).  Thread-safety: as the
 * arena (one thread at a time).
 */
GINET_API int ginet_ifaddrs_to_term(ginet_term_arena *arena, int result,
                                    const ginet_ifaddrs *list,
                                    ginet_term **out);

GINET_END_DECLS

#endif /* GINET_IFADDRS_H */
