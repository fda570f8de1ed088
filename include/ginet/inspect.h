/*
 * ginet/inspect.h — looking at sockets from the outside: statistics
 * (inet:getstat/1,2), the registry of open sockets (inet:i/0,1,2,
 * inet:info/1), and monitors (inet:monitor/1, inet:cancel_monitor/1).
 * docs/sockets.md ("Inspecting sockets") has OTP's output these mirror.
 *
 * A socket is in the registry from the moment it is open (created by
 * connect or listen, or returned by accept) until it is gone: closed with
 * ginet_close() (or ginet_socket_release(), or by its owner being freed),
 * or — in active mode with exit_on_close — when the connection ended and
 * {tcp_closed, S} was delivered, which is when OTP's port terminates.  A
 * gone socket is not listed by ginet_i(), answers GINET_ECLOSED to
 * ginet_getstat(), has info #{states => [closed]}, and fires its monitors.
 *
 * Thread-safety: every function may be called from any thread.
 */
#ifndef GINET_INSPECT_H
#define GINET_INSPECT_H

#include <ginet/defs.h>
#include <ginet/socket.h>

#include <stdio.h>

GINET_BEGIN_DECLS

/* ------------------------------------------------------------ getstat */

/* inet:stat_option(), in the order inet:getstat/1 reports them. */
typedef enum ginet_stat_option {
    GINET_STAT_RECV_OCT = 1,
    GINET_STAT_RECV_CNT,
    GINET_STAT_RECV_MAX,
    GINET_STAT_RECV_AVG,
    GINET_STAT_RECV_DVI,
    GINET_STAT_SEND_OCT,
    GINET_STAT_SEND_CNT,
    GINET_STAT_SEND_MAX,
    GINET_STAT_SEND_AVG,
    GINET_STAT_SEND_PEND,
    GINET_STAT_COUNT_             /* one past the last */
} ginet_stat_option;

/*
 * The values inet:getstat/1 gives, reported exactly as OTP 25 reports
 * them.  Counts are of packets (header included) delivered to the user and
 * of sends made; recv_avg, send_avg and recv_dvi are OTP's running means,
 * truncated towards zero, recv_dvi taken as an absolute value (OTP reports
 * |dvi|: it never prints a negative deviation); these and recv_cnt,
 * recv_max, send_cnt, send_max and send_pend are cut to their low 32 bits
 * as OTP's driver sends them.  recv_oct and send_oct are full 64-bit
 * counts.  send_pend is the bytes accepted by send and not yet written to
 * the OS.  A listening socket reports zeros.  v[0] is unused.
 */
typedef struct ginet_stats {
    uint64_t v[GINET_STAT_COUNT_];   /* indexed by ginet_stat_option */
} ginet_stats;

/* OTP's name of a statistic ("recv_oct", ...), NULL if none. */
GINET_API const char *ginet_stat_name(ginet_stat_option opt);
/* The statistic named by the LEN bytes at NAME, or 0. */
GINET_API ginet_stat_option ginet_stat_from_name(const char *name, size_t len);

/* inet:getstat/1: every statistic of S.  Errors: GINET_EINVAL (NULL
 * argument), GINET_ECLOSED (S is gone; OTP answers einval there). */
GINET_API int ginet_getstat(ginet_socket *s, ginet_stats *out);

/*
 * inet:getstat/2 with text: WHICH is a term list of stat names (NULL: all,
 * in getstat/1's order; duplicates repeat, [] gives []); *OUT the result
 * as ~w text, e.g. "[{recv_cnt,3},{send_pend,0}]" (free with free()).
 * Errors: GINET_ECLOSED, GINET_EINVAL (not a list, or a name that is no
 * stat_option — OTP's {error,einval}; ginet_last_error() says which),
 * GINET_ENOMEM.
 */
GINET_API int ginet_getstat_text(ginet_socket *s, const char *which,
                                 char **out);

/* ----------------------------------------------------------- registry */

/*
 * Every socket of the process that is not gone, in the order they were
 * opened (OTP's erlang:ports() filtered to inet ports).  *LIST is an array
 * of *COUNT sockets, each with a reference the caller holds;
 * ginet_sockets_free() drops them all and frees the array.  Errors:
 * GINET_EINVAL, GINET_ENOMEM.
 */
GINET_API int ginet_sockets(ginet_socket ***list, size_t *count);
GINET_API void ginet_sockets_free(ginet_socket **list, size_t count);

/* A socket's number, the Port column of i/0 (OTP's port index): given
 * when the socket opens, unique in the process and never reused, kept
 * after close.  0 for NULL. */
GINET_API uint64_t ginet_socket_id(ginet_socket *s);

/* An owner's number: i/0 prints the owner of a socket as "<0.N.0>", the
 * shape of an Erlang pid, with N this number (unique in the process, never
 * reused).  0 for NULL. */
GINET_API uint64_t ginet_mailbox_id(ginet_mailbox *mb);

/*
 * inet:i/0,1,2: print the table of open sockets to OUT byte for byte as
 * OTP 25 prints it: a header line, one line per socket, every column
 * padded to its widest entry and followed by a space; nothing at all
 * when there is no socket of the protocol.
 *
 * PROTO is "tcp", "udp", "sctp" or NULL (all three, one table each, as
 * i/0 does).  COLUMNS is NULL (OTP's default columns: port, module, recv,
 * sent, owner, local_address, foreign_address, state, type), the atom
 * text "show_ports" (the default columns with port numbers never turned
 * into service names, OTP 27's i(show_ports)), or a term list of
 * column names: port, module, recv, sent, owner, local_address,
 * foreign_address, state, type, packet, fd, and OTP 27's
 * {local_address, ShowPorts} / {foreign_address, ShowPorts} with a
 * boolean.  Port numbers are shown as the service name from the system's
 * services database (getservbyport(3), what OTP does: 8080 prints as
 * http-alt) unless ShowPorts; 127.0.0.1 and ::1 print as "localhost" and
 * the unspecified address as "*", as OTP's inet:i does without asking a
 * resolver.  Returns 0, GINET_EINVAL (bad PROTO or COLUMNS, with
 * ginet_last_error()), GINET_ENOMEM or GINET_EIO (writing OUT failed).
 */
GINET_API int ginet_i(FILE *out, const char *proto, const char *columns);

/*
 * inet:info/1 as ~w text (free with free()): for an open socket
 *   #{backend => epoll,counters => #{recv_avg => 0,...},input => 0,
 *     links => [<0.1.0>],memory => 448,monitors => [],output => 11,
 *     owner => <0.1.0>,states => [connected,open]}
 * (one line; OTP 25's keys for an inet-driver socket plus backend), and
 * #{backend => epoll,states => [closed]} for a gone socket, as OTP's
 * info of a closed port.  docs/sockets.md says what each value means
 * here.  Errors: GINET_EINVAL (NULL argument), GINET_ENOMEM.
 */
GINET_API int ginet_info_text(ginet_socket *s, char **out);

/* ----------------------------------------------------------- monitors */

/* down_reason of a DOWN message for a socket that was already gone when
 * the monitor was made (OTP: nosock; OTP 25's inet driver says noproc). */
#define GINET_DOWN_NOSOCK 1

/*
 * inet:monitor/1: monitor S from OWNER and store the monitor's reference
 * (never 0, never reused) in *REF.  When S goes (ginet_close(), its owner
 * freed, the peer's close or an error with exit_on_close in active mode)
 * OWNER gets one GINET_MSG_DOWN message: monitor = *REF, socket = S (a
 * reference the message holds), down_reason = OTP's Info as a code —
 * 0 (normal) for a close by the API, by the owner going, or by the peer;
 * GINET_EMSGSIZE when packet_size was exceeded; GINET_ECONNRESET when the
 * peer reset the connection and show_econnreset is true (0 when false);
 * another GINET_E* for other receive errors.  If S is already gone the
 * DOWN message comes at once with down_reason GINET_DOWN_NOSOCK.  Several
 * monitors on one socket are allowed, one message each.  A callback owner
 * gets DOWN through its callback on the socket's loop thread; a mailbox
 * owner has it queued before the call that closed S returns.  Errors:
 * GINET_EINVAL (S or OWNER or REF NULL), GINET_ENOMEM.
 */
GINET_API int ginet_monitor(ginet_socket *s, ginet_mailbox *owner,
                            uint64_t *ref);

/* inet:cancel_monitor/1: 1 if REF was an active monitor (now removed: no
 * DOWN message will come for it), 0 if not (unknown, cancelled already,
 * or fired — its DOWN message is then queued or delivered). */
GINET_API int ginet_cancel_monitor(uint64_t ref);

GINET_END_DECLS

#endif /* GINET_INSPECT_H */
