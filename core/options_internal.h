/*
 * core/options_internal.h — what the option files share and what the
 * socket code needs from them: the option table (one row per option: its
 * facts, in one place), the value checks, the option list's insides, and
 * the frontend's option state with OTP's rules for applying options to it.
 *
 *   options_table.c   the table, names, ginet__option_desc()
 *   options_value.c   term -> typed value and typed value checks (OTP's),
 *                     error messages naming the option
 *   options_list.c    ginet_optlist: storage, typed adds, find
 *   options_parse.c   text and terms -> list
 *   options_request.c getopts/2 request terms -> what they ask for
 *   options_print.c   typed option -> the term getopts/2 shows
 *   options_state.c   defaults, applying frontend options, order of
 *                     application, the family, values for backends
 *
 * Facts are OTP 25.2.3's unless a row says otherwise; docs/options.md has
 * the tables and how each was established.
 */
#ifndef GINET_CORE_OPTIONS_INTERNAL_H
#define GINET_CORE_OPTIONS_INTERNAL_H

#include <ginet/backend.h>
#include <ginet/error.h>
#include <ginet/options.h>

#include "core/arena.h"

/* ------------------------------------------------------------ the table */

/* Value types: how OTP checks a value (prim_inet's types, and inet.erl's
 * special cases for the creation-time options). */
typedef enum ginet__opttype {
    GINET__T_BOOL = 1,     /* true | false                          -> i 0/1 */
    GINET__T_INT,          /* any integer (cut to 32 bits when applied) -> i */
    GINET__T_UINT,         /* integer >= 0 (cut to 32 bits when applied) -> i */
    GINET__T_TIME,         /* infinity | integer >= 0  -> i, GINET_INFINITY */
    GINET__T_ACTIVE,       /* true | false | once | -32768..32767  -> active */
    GINET__T_MODE,         /* binary | list              -> i GINET_MODE_* */
    GINET__T_DELIVER,      /* port | term             -> i GINET_DELIVER_* */
    GINET__T_PACKET,       /* packet type atom or 0|1|2|4 -> i packet type */
    GINET__T_LINGER,       /* {Bool, Int}                         -> linger */
    GINET__T_MEMBERSHIP,   /* {G4, I4|any} | {G4, I4|any, Idx} | {G6, Idx} */
    GINET__T_MCAST_IF,     /* IPv4 tuple | integer (IPv6 ifindex) */
    GINET__T_RAW,          /* {raw, L, N, Bin} (or {raw, {L, N, Bin}}) */
    GINET__T_BINARY,       /* a binary                               -> str */
    GINET__T_FILENAME,     /* a string or a binary            -> str (UTF-8) */
    GINET__T_ATOM,         /* an atom                                -> str */
    GINET__T_SOCKADDR,     /* IP tuple | any | loopback | {local, Path} */
    GINET__T_PORT,         /* 0..65535                                 -> i */
    GINET__T_FD,           /* an integer (< 0: none)                   -> i */
    GINET__T_BACKLOG,      /* an integer                               -> i */
    GINET__T_FAMILY        /* the bare atoms inet | inet6 | local      -> i */
} ginet__opttype;

/* Where an option is implemented. */
typedef enum ginet__optplace {
    GINET__AT_FRONTEND = 1, /* the frontend (ginet__optstate below) */
    GINET__AT_BACKEND = 2,  /* the OS, through the backend: desc->bk */
    GINET__AT_OPEN = 3      /* used while the socket is made (ginet_bk_open,
                               bind, listen); not a socket option after */
} ginet__optplace;

/* Socket kinds, as bits.  In open_kinds only the creation calls count:
 * TCP_CONNECT (gen_tcp:connect), TCP_LISTEN (gen_tcp:listen), UDP
 * (gen_udp:open), SCTP (gen_sctp:open); a local-family socket is made by
 * the same call and takes the same options.  In kinds every bit counts:
 * TCP_CONNECT means a connected (or accepted) stream socket. */
#define GINET__OPTK_TCP_CONNECT  0x01u
#define GINET__OPTK_TCP_LISTEN   0x02u
#define GINET__OPTK_UDP          0x04u
#define GINET__OPTK_SCTP         0x08u
#define GINET__OPTK_LOCAL_STREAM 0x10u
#define GINET__OPTK_LOCAL_DGRAM  0x20u
#define GINET__OPTK_ALL          0x3Fu

/* Row flags. */
#define GINET__OPTF_CREATE_ONLY 0x0001u /* only at creation: setopts/2 says einval */
#define GINET__OPTF_READABLE    0x0002u /* getopts/2 can read it */
#define GINET__OPTF_FIRST       0x0004u /* must be the first option (inet_backend) */
#define GINET__OPTF_REPEATS     0x0008u /* every occurrence applies (raw, memberships) */
#define GINET__OPTF_FIRST_WINS  0x0010u /* the first occurrence wins (family) */
#define GINET__OPTF_BARE        0x0020u /* written as a bare atom, never {Name, V} */
#define GINET__OPTF_IPV6        0x0040u /* an IPv6-level option: inet6 sockets only */
#define GINET__OPTF_AFTER_OTP25 0x0080u /* not in OTP 25: facts from the spec
                                           (OTP 26/27), not from a runtime */
#define GINET__OPTF_ADDITIVE    0x0100u /* setopts adds to the state ({active,N}) */
#define GINET__OPTF_LOCAL_IGNORED 0x0200u /* on a local socket, which kinds leave
                                           out: setopts accepts and ignores it
                                           (OTP's inet backend: nodelay, nopush);
                                           without it such an option is einval */

typedef struct ginet__optdesc {
    ginet_option id;
    const char *name;         /* OTP's name ("family" for the shorthands) */
    ginet__opttype type;
    ginet__optplace place;
    ginet_bk_opt bk;          /* AT_BACKEND: the backend's id; else 0 */
    unsigned open_kinds;      /* GINET__OPTK_*: creation calls OTP accepts it in */
    unsigned kinds;           /* GINET__OPTK_*: sockets it acts on */
    unsigned flags;           /* GINET__OPTF_* */
    const char *note;         /* a quirk worth knowing, or NULL */
} ginet__optdesc;

/* The row of ID, or NULL for an id that is no option. */
const ginet__optdesc *ginet__option_desc(ginet_option id);
/* The row named by the LEN bytes at NAME (OTP's names; also "family"), or
 * NULL. */
const ginet__optdesc *ginet__option_lookup(const char *name, size_t len);
/* The rows, in id order, and how many there are (GINET_OPT_COUNT_ - 1). */
const ginet__optdesc *ginet__option_rows(size_t *count);

/* "raw, 0, 1, 2, 4, asn1, ..." — the packet names for messages. */
extern const char ginet__packet_names_text[];

/* ------------------------------------------------------------ values */

/*
 * Read the value of option D from VAL (the second element of {Name, Val};
 * for raw the whole {raw, ...} tuple; for the family the atom itself), as
 * OTP checks it.  On success fills OUT (id and val; bytes point into the
 * term or, for strings converted to UTF-8, into SCRATCH) and returns 0.
 * Otherwise returns GINET_EINVAL (GINET_ENOMEM) and writes the reason,
 * without the option text, to WHY (e.g. "packet must be one of raw, 0,
 * 1, ...").
 */
int ginet__optval_from_term(const ginet__optdesc *d, const ginet_term *val,
                            ginet__arena *scratch, ginet_opt *out,
                            char *why, size_t whylen);

/* Check a typed option as ginet_optlist_add() does: 0 or GINET_EINVAL with
 * the reason in WHY (may be NULL). */
int ginet__opt_check(const ginet_opt *opt, char *why, size_t whylen);

/* OTP's ?int32: the low 32 bits of V as a signed C int — what the OS (or
 * inet_drv) gets for an `int` option. */
int32_t ginet__opt_int32(int64_t v);

/* ------------------------------------------------------------ lists */

struct ginet_optlist {
    ginet_opt *items;
    size_t count, cap;
    ginet__arena mem;         /* strings and bytes the items point to */
};

/* Append COUNT options, copying their strings and bytes: all or (on
 * GINET_ENOMEM) none. */
int ginet__optlist_append(ginet_optlist *list, const ginet_opt *opts,
                          size_t count);

/*
 * Read a getopts/2 request: the atom of a readable option or
 * {raw, Level, Name, Size | Binary}.  Fills OUT (for raw: level, name and
 * len = Size, or data/len = the binary) and returns 0; GINET_EINVAL with
 * *ERR filled as OTP's getopts answers einval (unknown, unreadable,
 * {packet,4}, binary, ...).
 */
int ginet__getopt_request_from_term(const ginet_term *t, ginet_opt *out,
                                    ginet_term_error *err);

/* Format "TERM: why" into ERR (code GINET_EINVAL, position of T). */
void ginet__opt_error(ginet_term_error *err, const ginet_term *t,
                      const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ------------------------------------------------------------ state */

/*
 * The options the frontend implements, as inet_drv holds them after OTP's
 * conversions (32-bit cuts, clamps, watermark adjustments).  Defaults are
 * OTP 25's for a new socket (docs/options.md "Defaults").
 */
typedef struct ginet__optstate {
    ginet_active_kind active;     /* FALSE, TRUE, ONCE, or N (count > 0) */
    int32_t active_count;         /* ACTIVE_N: messages left, 1..32767 */
    int mode;                     /* GINET_MODE_* */
    int deliver;                  /* GINET_DELIVER_* */
    ginet_packet_type packet;
    uint32_t packet_size;         /* 0 = no limit */
    uint8_t line_delimiter;
    uint32_t header;
    int read_ahead;
    int32_t buffer;               /* >= 1 */
    int buffer_set;               /* buffer given explicitly: recbuf no
                                     longer raises it (inet_drv's rule) */
    int32_t high_watermark, low_watermark;             /* >= 0, low <= high */
    int32_t high_msgq_watermark, low_msgq_watermark;   /* >= 1, low <= high */
    int32_t send_timeout;         /* ms, or GINET_INFINITY */
    int send_timeout_close;
    int delay_send;
    int exit_on_close;
    int show_econnreset;
    int32_t read_packets;         /* >= 1 */
    int32_t open_recbuf;          /* recbuf OTP asks for at creation when the
                                     user gives none (IPv4 UDP: 8192), 0 = none */
} ginet__optstate;

/* OTP's defaults for a new socket of KIND (one GINET__OPTK_* bit) and
 * FAMILY.  Accepted sockets start as a copy of their listener's state. */
void ginet__optstate_defaults(ginet__optstate *st, unsigned kind,
                              ginet_family family);

/* Outcomes of ginet__optstate_apply(), as bits. */
#define GINET__APPLY_NOT_FRONTEND 0x1 /* not a frontend option: nothing done */
#define GINET__APPLY_WENT_PASSIVE 0x2 /* {active,N} brought the count to 0:
                                         the owner gets {tcp_passive, S} */

/*
 * Apply one frontend option to ST on a socket of KIND (a GINET__OPTK_*
 * bit) as inet_drv does: 32-bit cuts, buffer >= 1, watermark pairs kept
 * ordered, {active,N} added to the count (einval past -32768..32767),
 * msgq watermarks >= 1 and read_packets >= 1 on UDP (else einval),
 * TCP-only options ignored on other kinds (OTP's setopts accepts them).
 * Returns a GINET__APPLY_* mask (>= 0), or GINET_EINVAL with ginet__fail()
 * text naming the option; ST is unchanged on error.  A recbuf option is
 * not a frontend option, but call it too: it raises buffer as OTP does.
 */
int ginet__optstate_apply(ginet__optstate *st, unsigned kind,
                          const ginet_opt *opt);

/* What getopts/2 reports for frontend option ID on ST, a socket of KIND,
 * into OUT (active with count N reads {active,N}; a count that reached 0
 * reads false).  0; GINET__GET_OMIT when OTP's getopts leaves the option
 * out for this kind (high_watermark on UDP, read_packets on TCP, ...);
 * GINET__APPLY_NOT_FRONTEND for an option the frontend does not hold. */
#define GINET__GET_OMIT 0x4
int ginet__optstate_get(const ginet__optstate *st, unsigned kind,
                        ginet_option id, ginet_opt *out);

/*
 * The order OTP applies LIST in: the indices of the options that take
 * effect, in application order, into IDX (room for ginet_optlist_count()).
 * FOR_OPEN 1 (a creation call): creation-only options left out, one
 * occurrence per option (the last; raw and memberships all), applied from
 * the end of the list back; FOR_OPEN 0 (setopts/2): every option, from the
 * end back, so the first occurrence of a repeated option wins.  Returns
 * the number of indices.
 */
size_t ginet__optlist_plan(const ginet_optlist *list, int for_open,
                           size_t *idx);

/*
 * The family a creation call with LIST makes, as OTP's inet:*_module
 * choose it: the first of inet/inet6/local; else from the last ip/ifaddr
 * (an IPv6 tuple: inet6; {local,_}: local); else DEFAULT_FAMILY.  Then
 * checks that the last ip/ifaddr fits it.  0, or GINET_EINVAL (ginet__fail
 * text) for an address of another family.
 */
int ginet__optlist_family(const ginet_optlist *list,
                          ginet_family default_family, ginet_family *out);

/*
 * A backend option's value as the backend gets it: *ID and *VAL filled
 * from OPT (32-bit cuts applied as OTP makes them; multicast_if as an
 * address: IPv4, or family INET6 with the interface index in scope_id).
 * raw.data points at OPT's bytes; bind_to_device's name is copied into
 * ifname.  0, or GINET_EINVAL if OPT is not a backend option (or a
 * bind_to_device name does not fit ifname).
 */
int ginet__opt_to_bk(const ginet_opt *opt, ginet_bk_opt *id,
                     ginet_bk_optval *val);

#endif /* GINET_CORE_OPTIONS_INTERNAL_H */
