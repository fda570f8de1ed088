/*
 * ginet/udp.h — datagram sockets with OTP's gen_udp semantics: open, send
 * to an address (with per-call ancillary data), connect, passive recv
 * with a timeout, active delivery to an owner, close with ginet_close().
 *
 * A UDP socket is a ginet_socket (socket.h): the common calls work on it
 * (ginet_close, ginet_setopts, ginet_getopts, ginet_sockname,
 * ginet_peername, ginet_port, ginet_getstat, ginet_controlling_process,
 * ginet_getfd).  ginet_send() and ginet_recv() are gen_tcp's and answer
 * an error on a UDP socket; use ginet_udp_send() and ginet_udp_recv().
 *
 * Messages (docs/udp.md).  A datagram is a ginet_msg of kind
 * GINET_MSG_UDP, OTP's {udp, Socket, IP, Port, [AncData,] Data}:
 *   socket    the socket                  (Socket)
 *   from      the sender's address + port (IP, Port)
 *   anc       ancillary data: anc.present has GINET_BK_ANC_TOS / _TTL /
 *             _TCLASS for each of recvtos / recvttl / recvtclass that is
 *             on and that the kernel reported (AncData; empty when
 *             anc.present is 0, as OTP leaves AncData out)
 *   data/len  the payload, owned by the message
 * {active,N} reaching 0 sends GINET_MSG_UDP_PASSIVE ({udp_passive, S});
 * an error the kernel reports on a datagram socket (econnrefused after a
 * send on a connected socket) is GINET_MSG_UDP_ERROR with error set
 * ({udp_error, S, Reason}); the socket stays open, as in OTP.
 *
 * Truncation, as OTP (verified on OTP 25): a datagram longer than the
 * socket's `buffer` option is cut to `buffer` bytes and delivered without
 * any error; getstat counts the bytes delivered.  `buffer` defaults to
 * 8192 on inet sockets (OTP asks for {recbuf,8192}, which raises it) and
 * 1460 on inet6 sockets.
 *
 * Threads: every call may come from any thread, as for all sockets.
 */
#ifndef GINET_UDP_H
#define GINET_UDP_H

#include <ginet/defs.h>
#include <ginet/backend.h>
#include <ginet/options.h>
#include <ginet/socket.h>

GINET_BEGIN_DECLS

/* Ancillary data of one datagram: what arrived with it (ginet_msg.anc),
 * or what to use for one send only (ginet_udp_send()).  A field counts
 * when its GINET_BK_ANC_* bit is set in `present`. */
typedef ginet_bk_ancillary ginet_udp_ancillary;

/*
 * gen_udp:open(Port, Options): a datagram socket bound to PORT (0: the OS
 * picks one; ginet_port() tells which).  OPTS is option text
 * ("[binary,{active,once},{recvtos,true}]", NULL for none), read after
 * GINET_DEFAULT_UDP_OPTIONS; inet6, {ip,A}, {ifaddr,A}, {port,P},
 * {fd,F}, {netns,Path}, {bind_to_device,If} and {inet_backend,B} (first)
 * apply as in OTP.  OWNER receives active-mode messages (NULL: the socket
 * is passive only, whatever {active,_} says, as with ginet_tcp_listen();
 * a later setopts {active,_} without an owner is an error).  Stores
 * the socket in *OUT.  Errors: GINET_EINVAL (port outside 0..65535, bad
 * options: see ginet_last_error()), GINET_EADDRINUSE, GINET_EACCES, the
 * backend's errors.
 */
GINET_API int ginet_udp_open(int port, const char *opts, ginet_mailbox *owner,
                             ginet_socket **out);
/* The same with a typed option list (NULL: none). */
GINET_API int ginet_udp_open_list(int port, const ginet_optlist *opts,
                                  ginet_mailbox *owner, ginet_socket **out);

/*
 * gen_udp:send(Socket, Destination, AncData, Packet): send one datagram
 * of LEN bytes to TO (an inet or inet6 address with its port; NULL: the
 * peer given to ginet_udp_connect(), gen_udp:send/2).  ANC (NULL: none)
 * sets tos/ttl/tclass for this datagram only.  Returns 0 once the
 * datagram is handed to the kernel or queued behind earlier ones (a full
 * send buffer); from a thread that is not the socket's loop thread it
 * then waits while more than sndbuf-worth of datagrams is queued.
 * Errors: GINET_ECLOSED, GINET_EINVAL (port 0, TO NULL on an unconnected
 * socket — OTP answers einval too), GINET_EAFNOSUPPORT (TO's family is
 * not the socket's), GINET_EMSGSIZE (larger than the protocol allows),
 * the kernel's error for this datagram (GINET_ECONNREFUSED on a connected
 * socket, GINET_ENETUNREACH, GINET_EACCES without broadcast, ...).
 */
GINET_API int ginet_udp_send(ginet_socket *s, const ginet_sockaddr *to,
                             const ginet_udp_ancillary *anc,
                             const void *data, size_t len);

/* gen_udp:send(Socket, Host, Port, Packet) with HOST as text (an IPv4 or
 * IPv6 address, or "localhost" in the socket's family).  Errors as
 * ginet_udp_send(), and GINET_ENXDOMAIN for a HOST that is no address
 * (names need the resolver, resolver.h). */
GINET_API int ginet_udp_sendto(ginet_socket *s, const char *host, int port,
                               const void *data, size_t len);

/*
 * gen_udp:connect(Socket, Address, Port): fix the peer, so that
 * ginet_udp_send() with TO NULL goes to it and only its datagrams are
 * received.  Errors: GINET_ECLOSED, GINET_EINVAL (port 0, NULL),
 * GINET_EAFNOSUPPORT, the kernel's.
 */
GINET_API int ginet_udp_connect(ginet_socket *s, const ginet_sockaddr *to);

/*
 * gen_udp:recv(Socket, Length, Timeout) in passive mode: wait up to
 * TIMEOUT_MS (GINET_INFINITY: for ever) for one datagram and store a
 * GINET_MSG_UDP message in *OUT (from, anc, data; free it with
 * ginet_msg_free()).  LENGTH is ignored, as OTP 25 ignores it: a datagram
 * is cut at `buffer` bytes.  Errors: GINET_ETIMEOUT, GINET_ECLOSED,
 * GINET_EINVAL (the socket is active, or not a UDP socket),
 * GINET_EALREADY (another thread is receiving), GINET_ECONNREFUSED (an
 * ICMP error on a connected socket; reported once, the socket stays open).
 */
GINET_API int ginet_udp_recv(ginet_socket *s, size_t length, int timeout_ms,
                             ginet_msg **out);

/*
 * AncData as OTP prints it, into BUF (capacity CAP, always
 * NUL-terminated when CAP > 0): "[{ttl,64},{tos,0}]" — ttl, then tos,
 * then tclass, the order Linux delivers them in and OTP shows.  Returns
 * the length the whole text needs (like snprintf), or GINET_EINVAL.
 */
GINET_API long ginet_udp_ancillary_format(const ginet_udp_ancillary *anc,
                                          char *buf, size_t cap);

GINET_END_DECLS

#endif /* GINET_UDP_H */
