/*
 * ginet/options.h — socket options, typed and as Erlang term text.
 *
 * Every option OTP's inet, gen_tcp and gen_udp take has a ginet_option id
 * and a typed value.  An option list can be built in C
 * (ginet_optlist_add_*) or read from the text an OTP user would write,
 * "[binary,{packet,4},{active,once},{nodelay,true}]", with the same
 * validation OTP applies (an out-of-range or malformed value is einval).
 * Shorthands are expanded as OTP does: `binary`/`list` are {mode,_},
 * `inet`/`inet6`/`local` choose the address family.  Order in a list never
 * matters, except {inet_backend, Name}, which must come first, as in OTP.
 *
 * Which options a kind of socket takes, which must be given at creation,
 * and which a backend implements is decided when the list is applied to a
 * socket (ginet_setopts(), the open calls in socket.h) and reported as an
 * error naming the option — never silently ignored.
 *
 * A list keeps every option in the order given, duplicates included; what
 * takes effect when it is applied follows OTP (docs/options.md: at
 * creation the last occurrence of an option wins, except the family
 * shorthands, where the first does).  The value ranges in the comments
 * below are what OTP accepts; values OTP passes to the OS as a 32-bit C
 * int are kept as written here and cut to 32 bits where they are applied,
 * as OTP does ({tos,256} is accepted, and so is {buffer,-1}).  The full
 * table of options, their defaults and the socket kinds that take them is
 * in docs/options.md.
 *
 * Thread-safety: an option list may be used by one thread at a time; the
 * table functions are pure.
 */
#ifndef GINET_OPTIONS_H
#define GINET_OPTIONS_H

#include <ginet/defs.h>
#include <ginet/address.h>
#include <ginet/packet.h>
#include <ginet/term.h>

GINET_BEGIN_DECLS

/* The options.  Values are part of the ABI; new ones are appended. */
typedef enum ginet_option {
    GINET_OPT_ACTIVE = 1,          /* active: see ginet_active */
    GINET_OPT_MODE,                /* i: GINET_MODE_BINARY | GINET_MODE_LIST */
    GINET_OPT_PACKET,              /* i: ginet_packet_type */
    GINET_OPT_PACKET_SIZE,         /* i: >= 0 (0 = no limit; cut to 32 bits) */
    GINET_OPT_LINE_DELIMITER,      /* i: a byte; OTP takes any integer and
                                      keeps its low 8 bits */
    GINET_OPT_HEADER,              /* i: >= 0 */
    GINET_OPT_READ_AHEAD,          /* i: boolean */
    GINET_OPT_DELIVER,             /* i: GINET_DELIVER_PORT | GINET_DELIVER_TERM */
    GINET_OPT_BUFFER,              /* i: bytes (below 1 means 1) */
    GINET_OPT_RECBUF,              /* i: bytes */
    GINET_OPT_SNDBUF,              /* i: bytes */
    GINET_OPT_HIGH_WATERMARK,      /* i: bytes (below 0 means 0) */
    GINET_OPT_LOW_WATERMARK,       /* i: bytes (below 0 means 0) */
    GINET_OPT_HIGH_MSGQ_WATERMARK, /* i: bytes, at least 1 when applied */
    GINET_OPT_LOW_MSGQ_WATERMARK,  /* i: bytes, at least 1 when applied */
    GINET_OPT_SEND_TIMEOUT,        /* i: milliseconds >= 0, or GINET_INFINITY */
    GINET_OPT_SEND_TIMEOUT_CLOSE,  /* i: boolean */
    GINET_OPT_DELAY_SEND,          /* i: boolean */
    GINET_OPT_EXIT_ON_CLOSE,       /* i: boolean */
    GINET_OPT_SHOW_ECONNRESET,     /* i: boolean */
    GINET_OPT_REUSEADDR,           /* i: boolean */
    GINET_OPT_REUSEPORT,           /* i: boolean */
    GINET_OPT_REUSEPORT_LB,        /* i: boolean */
    GINET_OPT_EXCLUSIVEADDRUSE,    /* i: boolean */
    GINET_OPT_IPV6_V6ONLY,         /* i: boolean */
    GINET_OPT_NODELAY,             /* i: boolean */
    GINET_OPT_NOPUSH,              /* i: boolean */
    GINET_OPT_KEEPALIVE,           /* i: boolean */
    GINET_OPT_KEEPCNT,             /* i: count */
    GINET_OPT_KEEPIDLE,            /* i: seconds */
    GINET_OPT_KEEPINTVL,           /* i: seconds */
    GINET_OPT_LINGER,              /* linger */
    GINET_OPT_TOS,                 /* i */
    GINET_OPT_TCLASS,              /* i */
    GINET_OPT_PRIORITY,            /* i */
    GINET_OPT_DONTROUTE,           /* i: boolean */
    GINET_OPT_USER_TIMEOUT,        /* i: milliseconds */
    GINET_OPT_BROADCAST,           /* i: boolean */
    GINET_OPT_MULTICAST_IF,        /* addr (IPv4), or addr_kind IFINDEX and i
                                      (IPv6: an interface index) */
    GINET_OPT_MULTICAST_TTL,       /* i (the OS takes 0..255) */
    GINET_OPT_MULTICAST_LOOP,      /* i: boolean */
    GINET_OPT_ADD_MEMBERSHIP,      /* membership */
    GINET_OPT_DROP_MEMBERSHIP,     /* membership */
    GINET_OPT_RECVTOS,             /* i: boolean */
    GINET_OPT_RECVTTL,             /* i: boolean */
    GINET_OPT_RECVTCLASS,          /* i: boolean */
    GINET_OPT_READ_PACKETS,        /* i: >= 0 (a UDP socket needs >= 1) */
    GINET_OPT_RAW,                 /* raw */
    /* Options for the calls that make a socket (gen_tcp:connect/listen,
     * gen_udp:open); all but bind_to_device are creation-only, and
     * ginet_setopts() refuses them as inet:setopts/2 does. */
    GINET_OPT_FAMILY,              /* i: ginet_family, written as the bare
                                      atoms inet | inet6 | local; "family"
                                      is ginet's name for them */
    GINET_OPT_IP,                  /* addr_kind + addr or str: the local
                                      address to bind: an IP address, any,
                                      loopback or {local, Path} */
    GINET_OPT_IFADDR,              /* the same as ip */
    GINET_OPT_PORT,                /* i: local port, 0..65535 */
    GINET_OPT_FD,                  /* i: descriptor to adopt (< 0: none) */
    GINET_OPT_BACKLOG,             /* i: listen backlog */
    GINET_OPT_NETNS,               /* str: namespace path (a string or a
                                      binary; a string is stored UTF-8) */
    GINET_OPT_BIND_TO_DEVICE,      /* str: interface name (a binary); also
                                      settable later, as in OTP */
    GINET_OPT_INET_BACKEND,        /* str: backend name, an atom (must be
                                      first) */
    GINET_OPT_COUNT_               /* one past the last */
} ginet_option;

/* {active, ...} */
typedef enum ginet_active_kind {
    GINET_ACTIVE_FALSE = 0,
    GINET_ACTIVE_TRUE = 1,
    GINET_ACTIVE_ONCE = 2,
    GINET_ACTIVE_N = 3             /* add n (-32768..32767) to the count */
} ginet_active_kind;

typedef struct ginet_active {
    ginet_active_kind kind;
    int32_t n;                     /* GINET_ACTIVE_N only */
} ginet_active;

#define GINET_MODE_BINARY 0
#define GINET_MODE_LIST   1
#define GINET_DELIVER_TERM 0
#define GINET_DELIVER_PORT 1

/* The forms of an address-valued option (ip, ifaddr, multicast_if). */
typedef enum ginet_optaddr_kind {
    GINET_OPTADDR_IP = 0,          /* addr: an IPv4 or IPv6 address */
    GINET_OPTADDR_ANY = 1,         /* any: the family's wildcard address */
    GINET_OPTADDR_LOOPBACK = 2,    /* loopback: the family's loopback */
    GINET_OPTADDR_LOCAL = 3,       /* {local, Path}: str holds the path */
    GINET_OPTADDR_IFINDEX = 4      /* multicast_if only: i holds an IPv6
                                      interface index */
} ginet_optaddr_kind;

/*
 * A typed option value; which member is meaningful depends on the option
 * (see the comments on ginet_option).  Zero-initialise it and set what the
 * option uses.
 *   booleans     i: 0 or 1
 *   linger       on 0/1; seconds (OTP's int, cut to 32 bits when read
 *                from text, as OTP's getopts shows it)
 *   membership   IPv4: group and iface (0.0.0.0, or left zeroed, for
 *                any), ifindex 0 or
 *                the third element of {Group, Iface, IfIndex};
 *                IPv6: group and ifindex ({Group6, IfIndex}), iface unset
 *   raw          {raw, Level, Name, Binary}; data points to len bytes
 *   str          len bytes, not NUL-terminated (lists own a NUL after
 *                them, so ptr is also a C string when it has no NUL)
 */
typedef struct ginet_optval {
    int64_t i;
    ginet_active active;
    struct { int on; int seconds; } linger;
    ginet_ip_address addr;
    struct {
        ginet_ip_address group;    /* multicast group */
        ginet_ip_address iface;    /* IPv4: interface address */
        uint32_t ifindex;          /* IPv6: interface index */
    } membership;
    struct { int level; int name; const uint8_t *data; size_t len; } raw;
    struct { const char *ptr; size_t len; } str;
    ginet_optaddr_kind addr_kind;  /* ip, ifaddr, multicast_if: which form */
} ginet_optval;

typedef struct ginet_opt {
    ginet_option id;
    ginet_optval val;
} ginet_opt;

/* OTP's name of an option ("active", "packet", ...; "family" for
 * GINET_OPT_FAMILY); NULL if unknown. */
GINET_API const char *ginet_option_name(ginet_option id);

/* The option named by the LEN bytes at NAME (as ginet_option_name()
 * gives them), or 0 if none is.  NAME may be NULL when LEN is 0. */
GINET_API ginet_option ginet_option_from_name(const char *name, size_t len);

/* ------------------------------------------------------------- lists */

/* An ordered list of options that owns the strings and bytes it holds. */
typedef struct ginet_optlist ginet_optlist;

/* A new empty list, or NULL when out of memory. */
GINET_API ginet_optlist *ginet_optlist_new(void);
/* Free a list.  NULL is allowed. */
GINET_API void ginet_optlist_free(ginet_optlist *list);
/* Remove every option (the list can be reused).  NULL is allowed. */
GINET_API void ginet_optlist_clear(ginet_optlist *list);
/* Number of options, and the I-th (NULL past the end; valid until the
 * list is next changed). */
GINET_API size_t ginet_optlist_count(const ginet_optlist *list);
GINET_API const ginet_opt *ginet_optlist_get(const ginet_optlist *list,
                                             size_t i);
/* The occurrence of ID that takes effect when the list is given to a
 * socket-creating call, as OTP decides it: the last one ("the last
 * occurrence wins"), except for GINET_OPT_FAMILY, where the first wins.
 * NULL if ID is not in the list.  (inet:setopts/2 is different: there the
 * first occurrence wins; see docs/options.md.) */
GINET_API const ginet_opt *ginet_optlist_find(const ginet_optlist *list,
                                              ginet_option id);

/*
 * Append the options written as Erlang term text (a list, or a single
 * option) at TEXT[0..LEN).  Values are checked as OTP checks them.  On an
 * error returns GINET_EINVAL (or GINET_ENOMEM), appends nothing, and fills
 * *ERR (may be NULL) with where (the line and column of the offending
 * option) and why, naming it:
 * "{packet,3}: packet must be one of raw, 0, 1, 2, 4, asn1, ...".
 * Text that is empty or only whitespace and comments appends nothing and
 * returns 0; so does TEXT NULL with LEN 0.  {inet_backend, _} must be the
 * first option of TEXT.  Returns GINET_EINVAL for a NULL LIST.
 */
GINET_API int ginet_optlist_parse(ginet_optlist *list, const char *text,
                                  size_t len, ginet_term_error *err);

/* Append one option already read as a term (a list element).  Errors as
 * ginet_optlist_parse(), with the term's position; {inet_backend, _} only
 * into an empty list. */
GINET_API int ginet_optlist_add_term(ginet_optlist *list,
                                     const ginet_term *term,
                                     ginet_term_error *err);

/* Append a typed option; the value is checked as OTP checks it and copied
 * (strings and raw bytes too).  Returns 0 or GINET_EINVAL/GINET_ENOMEM.
 * GINET_OPT_INET_BACKEND only into an empty list. */
GINET_API int ginet_optlist_add(ginet_optlist *list, const ginet_opt *opt);
/* Shorthands for integer and boolean options (and the enumerations held
 * in i: mode, deliver, packet, family); GINET_EINVAL for the others. */
GINET_API int ginet_optlist_add_int(ginet_optlist *list, ginet_option id,
                                    int64_t value);
GINET_API int ginet_optlist_add_active(ginet_optlist *list,
                                       ginet_active_kind kind, int32_t n);

/*
 * The option as the term OTP's getopts/2 returns for it, e.g.
 * {packet,4}, {packet,0} for raw, {active,once}, {linger,{true,5}},
 * {mode,binary}, {send_timeout,infinity}, {netns,"/path"}.  Options
 * getopts cannot read print as they are written: inet6, {ip,any},
 * {add_membership,{{224,0,0,1},{0,0,0,0}}}, {raw,6,8,<<...>>}.  The text
 * of the term reads back to the same option.  NULL on ENOMEM or for an
 * invalid option.
 */
GINET_API ginet_term *ginet_opt_term(ginet_term_arena *arena,
                                     const ginet_opt *opt);

/* The whole list as a term list (as getopts/2 prints it). */
GINET_API ginet_term *ginet_optlist_term(ginet_term_arena *arena,
                                         const ginet_optlist *list);

GINET_END_DECLS

#endif /* GINET_OPTIONS_H */
