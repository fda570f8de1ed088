/*
 * core/options_table.c — the option table: one row per option with every
 * fact about it (OTP name, value type, where it is implemented, the
 * backend id, the creation calls that take it, the sockets it acts on,
 * flags), and the name <-> id lookups.  Nothing else in ginet spells an
 * option's facts; code asks ginet__option_desc().
 *
 * How the facts were found (OTP 25.2.3 asked with inet:setopts/2,
 * inet:getopts/2, gen_tcp:listen/2, gen_tcp:connect/3, gen_udp:open/2) and
 * the defaults are in docs/options.md.
 */
#include "core/options_internal.h"

#include <string.h>

/* Shorthands for the kind masks. */
#define C   GINET__OPTK_TCP_CONNECT
#define L   GINET__OPTK_TCP_LISTEN
#define U   GINET__OPTK_UDP
#define S   GINET__OPTK_SCTP
#define LS  GINET__OPTK_LOCAL_STREAM
#define LD  GINET__OPTK_LOCAL_DGRAM
#define ALL GINET__OPTK_ALL
#define IPK (C | L | U | S)               /* every IP socket */
#define STREAM (C | L | LS)               /* stream sockets, listeners included */

#define RD   GINET__OPTF_READABLE
#define CO   GINET__OPTF_CREATE_ONLY
#define V6   GINET__OPTF_IPV6
#define NEW  GINET__OPTF_AFTER_OTP25
#define LI   GINET__OPTF_LOCAL_IGNORED

#define FE   GINET__AT_FRONTEND
#define BE   GINET__AT_BACKEND
#define OP   GINET__AT_OPEN

#define ROW(ID, NAME, TYPE, PLACE, BK, OPEN, KINDS, FLAGS, NOTE) \
    { GINET_OPT_##ID, NAME, GINET__T_##TYPE, PLACE, BK, OPEN, KINDS, FLAGS, NOTE }

/* In id order: rows[id - 1] is id's row (checked by the unit tests). */
static const ginet__optdesc rows[] = {
    ROW(ACTIVE, "active", ACTIVE, FE, 0, IPK, ALL,
        RD | GINET__OPTF_ADDITIVE,
        "{active,N} adds N to the count; setopts past -32768..32767 is einval"),
    ROW(MODE, "mode", MODE, FE, 0, IPK, ALL, RD,
        "also the bare atoms binary and list"),
    ROW(PACKET, "packet", PACKET, FE, 0, C | L, STREAM, RD,
        "raw reads back as 0; OTP's setopts also takes it on UDP (no effect)"),
    ROW(PACKET_SIZE, "packet_size", UINT, FE, 0, C | L, STREAM, RD, NULL),
    ROW(LINE_DELIMITER, "line_delimiter", INT, FE, 0, C, STREAM, RD,
        "gen_tcp:listen/2 refuses it (OTP 25); the low 8 bits are used; "
        "OTP 25's getopts cannot read it (einval), ginet's can"),
    ROW(HEADER, "header", UINT, FE, 0, C | L | U, ALL, RD, NULL),
    ROW(READ_AHEAD, "read_ahead", BOOL, FE, 0, C | L, STREAM, RD | NEW, NULL),
    ROW(DELIVER, "deliver", DELIVER, FE, 0, C | L | U, ALL, RD, NULL),
    ROW(BUFFER, "buffer", INT, FE, 0, IPK, ALL, RD,
        "below 1 means 1; raised to recbuf's value while never set explicitly"),
    ROW(RECBUF, "recbuf", INT, BE, GINET_BKOPT_RECBUF, IPK, ALL, RD,
        "also raises buffer (UDP: to at most 65536) while buffer was never set"),
    ROW(SNDBUF, "sndbuf", INT, BE, GINET_BKOPT_SNDBUF, IPK, ALL, RD, NULL),
    ROW(HIGH_WATERMARK, "high_watermark", INT, FE, 0, C | L, STREAM, RD,
        "below 0 means 0; lowers low_watermark to it"),
    ROW(LOW_WATERMARK, "low_watermark", INT, FE, 0, C | L, STREAM, RD,
        "below 0 means 0; raises high_watermark to it"),
    ROW(HIGH_MSGQ_WATERMARK, "high_msgq_watermark", INT, FE, 0, IPK, ALL, RD,
        "below 1 is einval when applied; lowers low_msgq_watermark to it"),
    ROW(LOW_MSGQ_WATERMARK, "low_msgq_watermark", INT, FE, 0, IPK, ALL, RD,
        "below 1 is einval when applied; raises high_msgq_watermark to it"),
    ROW(SEND_TIMEOUT, "send_timeout", TIME, FE, 0, C | L, STREAM, RD, NULL),
    ROW(SEND_TIMEOUT_CLOSE, "send_timeout_close", BOOL, FE, 0, C | L, STREAM,
        RD, NULL),
    ROW(DELAY_SEND, "delay_send", BOOL, FE, 0, C | L, STREAM, RD, NULL),
    ROW(EXIT_ON_CLOSE, "exit_on_close", BOOL, FE, 0, C | L, STREAM, RD, NULL),
    ROW(SHOW_ECONNRESET, "show_econnreset", BOOL, FE, 0, C | L, STREAM, RD,
        NULL),
    ROW(REUSEADDR, "reuseaddr", BOOL, BE, GINET_BKOPT_REUSEADDR, IPK,
        IPK | LS | LD, RD, NULL),
    ROW(REUSEPORT, "reuseport", BOOL, BE, GINET_BKOPT_REUSEPORT, C | L | U,
        C | L | U, RD | NEW, "OTP 26"),
    ROW(REUSEPORT_LB, "reuseport_lb", BOOL, BE, GINET_BKOPT_REUSEPORT_LB,
        C | L | U, C | L | U, RD | NEW, "OTP 26; the same OS option as "
        "reuseport on Linux"),
    ROW(EXCLUSIVEADDRUSE, "exclusiveaddruse", BOOL, BE,
        GINET_BKOPT_EXCLUSIVEADDRUSE, C | L | U, C | L | U, RD | NEW,
        "OTP 26; Windows only, ignored elsewhere"),
    ROW(IPV6_V6ONLY, "ipv6_v6only", BOOL, BE, GINET_BKOPT_IPV6_V6ONLY,
        L | U | S, IPK, RD | V6,
        "gen_tcp:connect/3 refuses it (OTP 25); the OS refuses it after bind"),
    ROW(NODELAY, "nodelay", BOOL, BE, GINET_BKOPT_NODELAY, C | L, C | L,
        RD | LI, "on a local socket OTP's inet backend ignores it"),
    ROW(NOPUSH, "nopush", BOOL, BE, GINET_BKOPT_NOPUSH, 0, C | L, RD | LI,
        "no creation call takes it (OTP 25): setopts only; ignored on a "
        "local socket"),
    ROW(KEEPALIVE, "keepalive", BOOL, BE, GINET_BKOPT_KEEPALIVE, C | L,
        C | L | LS | LD, RD, NULL),
    ROW(KEEPCNT, "keepcnt", INT, BE, GINET_BKOPT_KEEPCNT, C | L, C | L,
        RD | NEW, "Linux TCP_KEEPCNT"),
    ROW(KEEPIDLE, "keepidle", INT, BE, GINET_BKOPT_KEEPIDLE, C | L, C | L,
        RD | NEW, "Linux TCP_KEEPIDLE"),
    ROW(KEEPINTVL, "keepintvl", INT, BE, GINET_BKOPT_KEEPINTVL, C | L, C | L,
        RD | NEW, "Linux TCP_KEEPINTVL"),
    ROW(LINGER, "linger", LINGER, BE, GINET_BKOPT_LINGER, C | L | S,
        C | L | S | LS | LD, RD, "seconds are any integer, cut to 32 bits"),
    ROW(TOS, "tos", INT, BE, GINET_BKOPT_TOS, IPK, IPK, RD, NULL),
    ROW(TCLASS, "tclass", INT, BE, GINET_BKOPT_TCLASS, IPK, IPK, RD | V6, NULL),
    ROW(PRIORITY, "priority", INT, BE, GINET_BKOPT_PRIORITY, IPK, ALL, RD,
        NULL),
    ROW(DONTROUTE, "dontroute", BOOL, BE, GINET_BKOPT_DONTROUTE, U | S,
        IPK | LS | LD, RD, "gen_tcp's calls refuse it (OTP 25); setopts takes it"),
    ROW(USER_TIMEOUT, "user_timeout", INT, BE, GINET_BKOPT_USER_TIMEOUT,
        C | L, C | L, RD | NEW, "Linux TCP_USER_TIMEOUT"),
    ROW(BROADCAST, "broadcast", BOOL, BE, GINET_BKOPT_BROADCAST, U,
        U | LS | LD, RD, NULL),
    ROW(MULTICAST_IF, "multicast_if", MCAST_IF, BE, GINET_BKOPT_MULTICAST_IF,
        U, U, RD, "an IPv4 address, or an integer interface index (IPv6)"),
    ROW(MULTICAST_TTL, "multicast_ttl", INT, BE, GINET_BKOPT_MULTICAST_TTL, U,
        U, RD | LI, "ignored on a local socket (OTP 25)"),
    ROW(MULTICAST_LOOP, "multicast_loop", BOOL, BE,
        GINET_BKOPT_MULTICAST_LOOP, U, U, RD | LI,
        "ignored on a local socket (OTP 25)"),
    ROW(ADD_MEMBERSHIP, "add_membership", MEMBERSHIP, BE,
        GINET_BKOPT_ADD_MEMBERSHIP, U, U, GINET__OPTF_REPEATS, NULL),
    ROW(DROP_MEMBERSHIP, "drop_membership", MEMBERSHIP, BE,
        GINET_BKOPT_DROP_MEMBERSHIP, U, U, GINET__OPTF_REPEATS, NULL),
    ROW(RECVTOS, "recvtos", BOOL, BE, GINET_BKOPT_RECVTOS, IPK, IPK, RD, NULL),
    ROW(RECVTTL, "recvttl", BOOL, BE, GINET_BKOPT_RECVTTL, IPK, IPK, RD, NULL),
    ROW(RECVTCLASS, "recvtclass", BOOL, BE, GINET_BKOPT_RECVTCLASS, IPK, IPK,
        RD | V6, NULL),
    ROW(READ_PACKETS, "read_packets", UINT, FE, 0, U, U | LD, RD,
        "0 is einval on a UDP socket (accepted and ignored on TCP)"),
    ROW(RAW, "raw", RAW, BE, GINET_BKOPT_RAW, C | L | U, ALL,
        RD | GINET__OPTF_REPEATS,
        "{raw,L,N,Bin}; getopts asks with {raw,L,N,Size}"),
    ROW(FAMILY, "family", FAMILY, OP, 0, IPK, 0,
        CO | GINET__OPTF_BARE | GINET__OPTF_FIRST_WINS,
        "the bare atoms inet, inet6, local; the first one wins"),
    ROW(IP, "ip", SOCKADDR, OP, 0, IPK, 0, CO, NULL),
    ROW(IFADDR, "ifaddr", SOCKADDR, OP, 0, IPK, 0, CO, NULL),
    ROW(PORT, "port", PORT, OP, 0, IPK, 0, CO, NULL),
    ROW(FD, "fd", FD, OP, 0, C | L | U, 0, CO, NULL),
    ROW(BACKLOG, "backlog", BACKLOG, OP, 0, L, 0, CO,
        "OTP passes the low 16 bits, signed, to listen(2)"),
    ROW(NETNS, "netns", FILENAME, OP, 0, IPK, 0, CO | RD,
        "OTP 25's setopts accepts and ignores it; ginet's refuses it"),
    ROW(BIND_TO_DEVICE, "bind_to_device", BINARY, BE,
        GINET_BKOPT_BIND_TO_DEVICE, IPK, IPK | LS | LD, RD,
        "a binary, not a string; given at creation (ginet_bk_open) and "
        "settable later, as in OTP"),
    ROW(INET_BACKEND, "inet_backend", ATOM, OP, 0, IPK, 0,
        CO | GINET__OPTF_FIRST, "must be the first option"),
};

#define NROWS (sizeof rows / sizeof rows[0])

_Static_assert(NROWS == GINET_OPT_COUNT_ - 1, "one row per option");

const char ginet__packet_names_text[] =
    "raw, 0, 1, 2, 4, asn1, cdr, sunrm, fcgi, tpkt, line, http, httph, "
    "http_bin, httph_bin";

const ginet__optdesc *ginet__option_desc(ginet_option id)
{
    if ((int)id < 1 || (size_t)id > NROWS)
        return NULL;
    return &rows[id - 1];
}

const ginet__optdesc *ginet__option_rows(size_t *count)
{
    if (count != NULL)
        *count = NROWS;
    return rows;
}

const ginet__optdesc *ginet__option_lookup(const char *name, size_t len)
{
    if (name == NULL || len == 0)
        return NULL;
    /* 57 rows: a linear scan with a first-byte and length check is as fast
     * as anything for the few lookups a parse makes. */
    for (size_t i = 0; i < NROWS; i++) {
        const char *n = rows[i].name;
        if (n[0] == name[0] && strlen(n) == len && memcmp(n, name, len) == 0)
            return &rows[i];
    }
    return NULL;
}

GINET_API const char *ginet_option_name(ginet_option id)
{
    const ginet__optdesc *d = ginet__option_desc(id);
    return d != NULL ? d->name : NULL;
}

GINET_API ginet_option ginet_option_from_name(const char *name, size_t len)
{
    const ginet__optdesc *d = ginet__option_lookup(name, len);
    return d != NULL ? d->id : (ginet_option)0;
}

/* The row shorthands stay in this file. */
#undef C
#undef L
#undef U
#undef S
#undef LS
#undef LD
#undef ALL
#undef IPK
#undef STREAM
#undef RD
#undef CO
#undef V6
#undef NEW
#undef LI
#undef FE
#undef BE
#undef OP
#undef ROW
#undef NROWS
