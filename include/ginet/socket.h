/*
 * ginet/socket.h — sockets with OTP's gen_tcp semantics: connect, listen,
 * accept, send, recv, shutdown, close, options and addresses.
 *
 * A ginet_socket is an opaque, thread-safe handle, OTP's port.  Every call
 * may come from any thread: one thread may block in ginet_recv() while
 * another sends, changes options or closes the socket.  After
 * ginet_close() every call on the handle answers GINET_ECLOSED and never
 * crashes; the handle's memory is released when the last reference goes
 * (see ginet_socket_release()).
 *
 * Framing is done by the library: with {packet,4} a send adds the 4-byte
 * header and a receive returns exactly one packet; see options.h and
 * packet.h.  Blocking calls take a timeout in milliseconds
 * (GINET_INFINITY waits for ever) and answer GINET_ETIMEOUT when it
 * expires, as gen_tcp's {error,timeout}; nothing received before a timeout
 * is lost.
 *
 * The I/O engine of a socket is the backend chosen when it is created
 * ({inet_backend, Name} first in the options, GINET_BACKEND, the configured
 * default, the platform default); ginet_socket_backend() tells which.
 */
#ifndef GINET_SOCKET_H
#define GINET_SOCKET_H

#include <ginet/defs.h>
#include <ginet/address.h>
#include <ginet/backend.h>
#include <ginet/options.h>
#include <ginet/packet.h>

GINET_BEGIN_DECLS

typedef struct ginet_socket ginet_socket;

/* The owner of sockets, OTP's controlling process (see mailbox.h).  A
 * socket created without an owner can only be used in passive mode. */
typedef struct ginet_mailbox ginet_mailbox;

/* One buffer of a gather list for ginet_sendv(). */
typedef struct ginet_iovec {
    const void *base;
    size_t len;
} ginet_iovec;

/* ---------------------------------------------------------------- data */

/* What a receive delivers, and what active mode sends to an owner. */
typedef enum ginet_msg_kind {
    GINET_MSG_TCP = 1,        /* {tcp, S, Data}: data is the packet */
    GINET_MSG_HTTP,           /* {http, S, HttpPacket}: http holds it */
    GINET_MSG_TCP_CLOSED,     /* {tcp_closed, S} */
    GINET_MSG_TCP_ERROR,      /* {tcp_error, S, Reason}: error holds it */
    GINET_MSG_TCP_PASSIVE,    /* {tcp_passive, S} */
    GINET_MSG_UDP,            /* {udp, S, IP, Port, [AncData,] Data} */
    GINET_MSG_UDP_PASSIVE,    /* {udp_passive, S} */
    GINET_MSG_DOWN,           /* {'DOWN', MRef, Type, Object, Info} */
    GINET_MSG_RESOLVED,       /* {resolved, Ref, {ok, Hostent} | {error, Reason}}:
                                 an asynchronous lookup's answer (resolver.h):
                                 ref, hostent or error hold it */
    GINET_MSG_UDP_ERROR       /* {udp_error, S, Reason}: error holds it (udp.h) */
} ginet_msg_kind;

struct ginet_hostent;             /* resolver.h */

typedef struct ginet_msg {
    ginet_msg_kind kind;
    ginet_socket *socket;     /* the socket it concerns (a reference the
                                 message holds until it is freed) */
    const uint8_t *data;      /* TCP/UDP: the packet, owned by the message */
    size_t len;
    ginet_http_packet http;   /* HTTP: slices into memory the message owns */
    int error;                /* TCP_ERROR, RESOLVED: the reason, a GINET_E* code */
    ginet_sockaddr from;      /* UDP: the sender */
    ginet_bk_ancillary anc;   /* UDP: ancillary data, when asked for */
    uint64_t monitor;         /* DOWN: the monitor reference */
    int down_reason;          /* DOWN: 0 = normal close, GINET_E* otherwise,
                                 1 = nosock */
    uint64_t ref;             /* RESOLVED: the reference the request returned */
    struct ginet_hostent *hostent; /* RESOLVED: the answer, owned by the
                                 message (NULL when error is set) */
} ginet_msg;

/* Free a message and the data it owns.  NULL is allowed. */
GINET_API void ginet_msg_free(ginet_msg *msg);

/* ------------------------------------------------------------- creation */

/*
 * gen_tcp:connect(Address, Port, Options, Timeout): connect to HOST (an
 * address as text, "localhost", a host name, or — with the `local`
 * option — the path of a local (unix) socket, {local, HOST}, where PORT
 * must be 0; see docs/local-sockets.md) on PORT.  A host name is looked
 * up with ginet_getaddrs() of resolver.h and its addresses are tried in
 * turn, as OTP does: the first that connects wins; a timeout or einval
 * ends the search; otherwise the last address's error is returned.
 * TIMEOUT_MS bounds the lookup and all the attempts together.  OPTS is
 * option text ("[binary,{packet,4}]", NULL for none); OWNER the socket's
 * owner (NULL: passive only).  Stores the connected socket in *OUT and
 * returns 0, or an error: GINET_ETIMEOUT, GINET_ECONNREFUSED, GINET_EINVAL
 * (bad options; see ginet_last_error()), GINET_ENXDOMAIN (a name that
 * does not resolve), ...  Thread-safe; blocks the caller.
 */
GINET_API int ginet_tcp_connect(const char *host, int port, const char *opts,
                                int timeout_ms, ginet_mailbox *owner,
                                ginet_socket **out);

/* The same with a socket address and a typed option list (NULL: none). */
GINET_API int ginet_tcp_connect_addr(const ginet_sockaddr *addr,
                                     const ginet_optlist *opts,
                                     int timeout_ms, ginet_mailbox *owner,
                                     ginet_socket **out);

/*
 * gen_tcp:listen(Port, Options): a listening socket on PORT (0: the OS
 * picks one; ginet_port() tells which).  {ip, A}/{ifaddr, A} choose the
 * address, {backlog, N} the queue (default 5, as OTP).  Errors as
 * ginet_tcp_connect(), and GINET_EADDRINUSE.  A local (unix) listener:
 * PORT 0 and [local, {ifaddr, {local, Path}}] (GINET_EINVAL for another
 * port, no path, or a path too long; the socket file is left in place
 * when the listener closes, as OTP leaves it).
 */
GINET_API int ginet_tcp_listen(int port, const char *opts,
                               ginet_mailbox *owner, ginet_socket **out);
GINET_API int ginet_tcp_listen_list(int port, const ginet_optlist *opts,
                                    ginet_mailbox *owner, ginet_socket **out);

/*
 * gen_tcp:accept(ListenSocket, Timeout): wait for a connection.  The new
 * socket inherits the listening socket's options and owner, as in OTP.
 * Several threads may wait on one listening socket.  Errors:
 * GINET_ETIMEOUT, GINET_ECLOSED (the listening socket was closed),
 * GINET_EMFILE, ...
 */
GINET_API int ginet_tcp_accept(ginet_socket *listener, int timeout_ms,
                               ginet_socket **out);

/* ------------------------------------------------------------------ I/O */

/*
 * gen_tcp:send(Socket, Packet): queue LEN bytes (adding the header of
 * {packet,1|2|4}; packet_size is not checked on send, as in OTP) and
 * return once they are written or queued.  Blocks while the socket is busy (high_watermark) until
 * send_timeout.  Errors: GINET_ECLOSED, GINET_ETIMEOUT (send_timeout),
 * GINET_EMSGSIZE (too big for the packet header), GINET_ENOTCONN, ...
 */
GINET_API int ginet_send(ginet_socket *s, const void *data, size_t len);
GINET_API int ginet_sendv(ginet_socket *s, const ginet_iovec *iov,
                          int iovcnt);

/*
 * gen_tcp:recv(Socket, Length, Timeout) in passive mode: the next packet,
 * or with {packet,raw} exactly LENGTH bytes (0: whatever is available).
 * LENGTH must be 0 unless the packet type is raw (GINET_EINVAL).  Stores a
 * GINET_MSG_TCP or GINET_MSG_HTTP message in *OUT (free it with
 * ginet_msg_free()).  Errors: GINET_ETIMEOUT, GINET_ECLOSED (the peer
 * closed; data before that was returned first), GINET_EINVAL (active
 * socket), GINET_EMSGSIZE (packet_size exceeded), GINET_ECONNRESET, ...
 */
GINET_API int ginet_recv(ginet_socket *s, size_t length, int timeout_ms,
                         ginet_msg **out);

/* gen_tcp:shutdown(Socket, How): how is "read", "write" or
 * "read_write" (GINET_SHUT_*). */
#define GINET_SHUT_READ 0
#define GINET_SHUT_WRITE 1
#define GINET_SHUT_READ_WRITE 2
GINET_API int ginet_shutdown(ginet_socket *s, int how);

/*
 * gen_tcp:close(Socket): close, releasing every blocked call with
 * GINET_ECLOSED.  Data already queued is still sent (linger rules as
 * OTP); the call returns at once, the queue and a lingering close(2)
 * finish in the background.  Returns 0, also when already closed (OTP's
 * close is always ok) — as after {tcp_closed,S} in active mode with
 * exit_on_close, where the socket closed itself (OTP's port exit).
 */
GINET_API int ginet_close(ginet_socket *s);

/*
 * Drop the caller's reference.  A socket must be closed before its last
 * reference goes; releasing an open socket closes it.  Messages and
 * accepted-socket results hold their own references.
 */
GINET_API void ginet_socket_release(ginet_socket *s);
/* Take another reference (for handing the handle to another thread). */
GINET_API ginet_socket *ginet_socket_retain(ginet_socket *s);

/* -------------------------------------------------------------- options */

/* inet:setopts/2 with option text or a typed list.  An option the socket
 * kind or its backend cannot honour is an error naming both
 * (ginet_last_error()). */
GINET_API int ginet_setopts(ginet_socket *s, const char *opts);
GINET_API int ginet_setopts_list(ginet_socket *s, const ginet_optlist *opts);

/* inet:getopts/2: the values of IDS (COUNT of them) appended to OUT in
 * order. */
GINET_API int ginet_getopts(ginet_socket *s, const ginet_option *ids,
                            size_t count, ginet_optlist *out);

/* inet:getopts/2 with text: NAMES is a term list ("[packet,active]",
 * {raw,...} allowed); *OUT is the result as ~w text, e.g.
 * "[{packet,4},{active,false}]" (free with free()). */
GINET_API int ginet_getopts_text(ginet_socket *s, const char *names,
                                 char **out);

/* ------------------------------------------------------------ addresses */

/* inet:sockname/1, inet:peername/1. */
GINET_API int ginet_sockname(ginet_socket *s, ginet_sockaddr *out);
GINET_API int ginet_peername(ginet_socket *s, ginet_sockaddr *out);
/* inet:socknames/1, inet:peernames/1: up to CAP addresses into OUT;
 * returns how many there are (may exceed CAP) or an error. */
GINET_API int ginet_socknames(ginet_socket *s, ginet_sockaddr *out,
                              size_t cap);
GINET_API int ginet_peernames(ginet_socket *s, ginet_sockaddr *out,
                              size_t cap);
/* inet:port/1 (0 on a local socket: OTP returns the path there). */
GINET_API int ginet_port(ginet_socket *s, int *port);

/* Format a socket address as OTP prints it in i/0 ("127.0.0.1:80",
 * "::1:80", "local:/path", bytes outside printable ASCII such as an
 * abstract name's NUL as \NNN in octal); see docs/sockets.md.  Returns
 * the length. */
GINET_API long ginet_sockaddr_format(const ginet_sockaddr *a, char *buf,
                                     size_t cap);

/*
 * OTP's local_address() {local, Path} as a socket address: family
 * GINET_AF_LOCAL, port 0, the LEN bytes at PATH (PATH may be NULL when LEN
 * is 0).  A leading NUL byte makes a Linux abstract name; an empty path
 * means "unnamed" (listen: the OS picks an abstract name).  Use it for
 * ginet_tcp_connect_addr() and wherever a ginet_sockaddr is taken.
 * Returns 0, GINET_ENAMETOOLONG if LEN exceeds GINET_LOCAL_PATH_MAX (no
 * OS can take it), or GINET_EINVAL for a NULL pointer.  Whether the OS
 * takes the path is decided by the call that uses it: as OTP 25 on Linux,
 * a path name of 108 bytes (no room for its NUL) is GINET_EINVAL there,
 * an abstract name may use all 108.  See docs/local-sockets.md.
 * Thread-safety: pure; any thread.
 */
GINET_API int ginet_sockaddr_local(ginet_sockaddr *out, const void *path,
                                   size_t len);

/*
 * A socket address as the term OTP's inet:sockname/1 and peername/1
 * return inside {ok, _}: {IP, Port} ({{127,0,0,1},80}), {local, <<Path>>}
 * ({local,<<>>} for an unnamed end) or {unspec, <<>>}; print it with
 * ginet_term_format() to get OTP's ~w text.  Allocated in ARENA.  Returns
 * NULL for a NULL argument, an invalid address or when out of memory.
 * Thread-safety: any thread, as long as ARENA is not shared.
 */
GINET_API ginet_term *ginet_sockaddr_term(ginet_term_arena *arena,
                                          const ginet_sockaddr *a);

/* ------------------------------------------------------------- backends */

/*
 * inet:getfd/1: the OS handle of S (a file descriptor, or a SOCKET on
 * Windows) in *FD, for getsockopt-style inspection or handing to code
 * that needs it.  The socket still owns it: do not close it, and do not
 * read or write it while ginet does.  Errors: GINET_ECLOSED.
 */
GINET_API int ginet_getfd(ginet_socket *s, intptr_t *fd);

/* The name of the backend SOCKET runs on ("epoll", ...). */
GINET_API const char *ginet_socket_backend(ginet_socket *s);


GINET_END_DECLS

#endif /* GINET_SOCKET_H */
