/*
 * ginet/backend.h — the contract between ginet's frontend and its I/O
 * backends (epoll, socket/poll, io_uring, kqueue, IOCP, ...).
 *
 * A backend is a loadable module that exports one function,
 * GINET_BACKEND_ENTRY_SYMBOL, returning a pointer to a constant
 * ginet_backend table: a version header, capability bits, the sizes of the
 * per-loop and per-socket state the frontend allocates for it, an option
 * table, and the operations.  Operations are only ever appended; any other
 * change bumps GINET_BACKEND_ABI_VERSION.  The frontend refuses a table
 * whose abi_version differs from its own or whose struct_size is smaller
 * than the operations it needs.
 *
 * The contract is completion-shaped.  The frontend submits requests
 * ("receive up to N bytes into this buffer", "send these buffers", "accept
 * a connection") and the backend reports each one's completion exactly
 * once.  A readiness backend (epoll, kqueue, poll) performs the system call
 * when the descriptor becomes ready; a completion backend (IOCP, io_uring)
 * hands the buffers to the kernel.  The frontend cannot tell which it is
 * talking to, except through the capability bits.
 *
 * Three rules keep backends small:
 *  1. At most one request of each direction is in flight per socket: one
 *     "input" request (accept, recv, recvfrom) and one "output" request
 *     (connect, send, sendto).  The frontend queues the rest.
 *  2. A backend never parses bytes and never decides delivery policy; it
 *     moves bytes and reports results as negative ginet error codes
 *     (include/ginet/error.h), translated from the OS once, where the
 *     system call is made.
 *  3. A backend may complete a request inline — on the submitting thread,
 *     inside submit() — when the request allows it (GINET_BK_F_INLINE) and
 *     the operation can finish at once.  This is how the socket backend
 *     mirrors OTP's socket NIF (try the non-blocking call first) and how
 *     the others save a trip through the loop.
 *
 * Threads: the frontend runs each loop's poll() on one thread (the loop
 * thread), and every completion callback is called on that thread from
 * inside poll().  submit(), cancel(), setopt() and the other socket
 * operations may be called from any thread, always with the frontend's
 * lock on that socket held (so two threads never call them for the same
 * socket at once); the backend protects whatever it shares between them
 * and its loop thread.  A backend never calls a completion callback while
 * holding any lock of its own, and never from inside submit(), cancel()
 * or sock_close(): so complete() may itself call submit(), cancel(),
 * sock_close() and wakeup() for any socket of any loop — but never
 * poll().  complete() for a socket may run on the loop thread while
 * another thread is inside submit() or cancel() for that same socket;
 * the frontend's lock sorts them out.
 *
 * Lifetime: the frontend allocates the per-loop and per-socket state
 * (aligned as malloc() aligns) and frees it.  A socket's state may be
 * freed only after sock_close() returned 0, or after its close completion
 * (GINET_BK_CLOSE, below) was delivered — never earlier, even if every
 * request has completed, because a readiness backend may still hold an
 * event for it.
 *
 * This header is for backend authors and for tests that wrap a backend
 * (tests/shim/).  Applications never need it.
 */
#ifndef GINET_BACKEND_H
#define GINET_BACKEND_H

#include <ginet/defs.h>
#include <ginet/address.h>

GINET_BEGIN_DECLS

/* Version of this contract.  A backend built against another version is
 * refused by the loader with an error naming both numbers. */
#define GINET_BACKEND_ABI_VERSION 1

/* The one symbol every backend module exports. */
#define GINET_BACKEND_ENTRY_SYMBOL "ginet_backend_entry"

typedef struct ginet_backend ginet_backend;

/* Signature of GINET_BACKEND_ENTRY_SYMBOL.  Returns the backend's table,
 * which lives as long as the module is loaded. */
typedef const ginet_backend *(*ginet_backend_entry_fn)(void);

/* ------------------------------------------------------------ capabilities */

#define GINET_BKCAP_READINESS      (UINT64_C(1) << 0)  /* readiness I/O model */
#define GINET_BKCAP_COMPLETION     (UINT64_C(1) << 1)  /* completion I/O model */
#define GINET_BKCAP_INLINE         (UINT64_C(1) << 2)  /* completes inline when it can */
#define GINET_BKCAP_TCP            (UINT64_C(1) << 3)  /* stream sockets, inet/inet6 */
#define GINET_BKCAP_UDP            (UINT64_C(1) << 4)  /* datagram sockets, inet/inet6 */
#define GINET_BKCAP_LOCAL          (UINT64_C(1) << 5)  /* AF_UNIX stream and datagram */
#define GINET_BKCAP_SCTP           (UINT64_C(1) << 6)  /* SCTP one-to-many / one-to-one */
#define GINET_BKCAP_IPV6           (UINT64_C(1) << 7)  /* inet6 sockets */
#define GINET_BKCAP_V6ONLY         (UINT64_C(1) << 8)  /* ipv6_v6only can be set (not read-only) */
#define GINET_BKCAP_REUSEPORT      (UINT64_C(1) << 9)  /* SO_REUSEPORT */
#define GINET_BKCAP_REUSEPORT_LB   (UINT64_C(1) << 10) /* load-balancing reuseport */
#define GINET_BKCAP_NETNS          (UINT64_C(1) << 11) /* {netns, Path} at creation */
#define GINET_BKCAP_BINDTODEVICE   (UINT64_C(1) << 12) /* {bind_to_device, If} */
#define GINET_BKCAP_MULTISHOT      (UINT64_C(1) << 13) /* one accept/recv submission, many completions */
#define GINET_BKCAP_ADOPT_FD       (UINT64_C(1) << 14) /* {fd, F}: adopt an open descriptor */
#define GINET_BKCAP_ANCILLARY      (UINT64_C(1) << 15) /* recvtos/recvttl/recvtclass, per-send ancillary data */

/* ------------------------------------------------------------------ types */

/* One buffer of a scatter/gather list. */
typedef struct ginet_bk_iovec {
    void *base;
    size_t len;
} ginet_bk_iovec;

/* A socket address: {IP, Port}, {local, Path} or {unspec, <<>>}. */
typedef struct ginet_sockaddr {
    ginet_family family;
    uint16_t port;                /* inet, inet6 */
    uint32_t scope_id;            /* inet6: interface index, 0 = none */
    uint32_t flowinfo;            /* inet6 */
    union {
        ginet_ip_address ip;      /* inet, inet6 (ip.family == family) */
        ginet_local_address local;/* local */
    } u;
} ginet_sockaddr;

/* Socket types. */
typedef enum ginet_bk_socktype {
    GINET_BK_STREAM = 1,
    GINET_BK_DGRAM = 2,
    GINET_BK_SEQPACKET = 3
} ginet_bk_socktype;

/* What the frontend asks of a new socket. */
typedef struct ginet_bk_open {
    ginet_family family;          /* inet, inet6, local; with adopt_fd also
                                     unspec: the backend asks the descriptor */
    ginet_bk_socktype type;
    int protocol;                 /* 0, or IPPROTO_SCTP, ... */
    intptr_t adopt_fd;            /* -1, or a descriptor to adopt ({fd, F}) */
    const char *netns;            /* NULL, or a network namespace path */
    const char *bind_to_device;   /* NULL, or an interface name */
} ginet_bk_open;

/* Request operations. */
typedef enum ginet_bk_op {
    /* input direction */
    GINET_BK_ACCEPT = 1,   /* result 0; req->accepted is then an open socket
                              on the listener's loop (non-blocking,
                              close-on-exec) and req->addr, when not NULL,
                              the peer.  On error req->accepted is left as
                              it was: there is nothing to close. */
    GINET_BK_RECV = 2,     /* into iov[0..iovcnt); result bytes, 0 at end of
                              stream; may fill fewer bytes than asked */
    GINET_BK_RECVFROM = 3, /* datagram; result bytes; req->addr (when not
                              NULL) = source; GINET_BK_F_TRUNCATED set if it
                              did not fit; req->anc (when not NULL) = what
                              arrived with it (recvtos/recvttl/recvtclass) */
    /* output direction */
    GINET_BK_CONNECT = 4,  /* to req->addr; result 0.  A local (AF_UNIX)
                              connect to a full backlog fails with
                              GINET_EAGAIN: the OS cannot wait for it. */
    GINET_BK_SEND = 5,     /* from iov[0..iovcnt); result bytes sent, which may
                              be fewer than asked (a full socket buffer, or
                              more pieces than the OS takes at once, IOV_MAX):
                              the frontend sends the rest.  A broken pipe is
                              GINET_EPIPE; never a signal. */
    GINET_BK_SENDTO = 6,   /* one datagram to req->addr; result bytes */
    /* neither direction: only ever in the close completion */
    GINET_BK_CLOSE = 7     /* sock_close() finished: result 0; see sock_close */
} ginet_bk_op;

/* Request flags. */
#define GINET_BK_F_INLINE     0x0001u /* in: the backend may complete inside submit() */
#define GINET_BK_F_TRY        0x0002u /* in: with INLINE: complete inline or not at
                                         all: if the operation cannot finish now,
                                         submit() returns GINET_EAGAIN, nothing
                                         was done, and no callback follows.  The
                                         frontend uses it to write straight from
                                         the caller's buffers, which must not stay
                                         referenced after the call returns.  Only
                                         with GINET_BKCAP_INLINE. */
#define GINET_BK_F_CANCELLED  0x0100u /* out: completed because it was cancelled
                                         (cancel() or sock_close()).  Recognise
                                         a cancelled request by this flag alone:
                                         its result is 0, or for SEND/SENDTO the
                                         bytes already sent (0 on readiness
                                         backends, which complete a SEND as soon
                                         as any byte is written). */
#define GINET_BK_F_TRUNCATED  0x0200u /* out: RECVFROM datagram was longer than the buffer */
#define GINET_BK_F_PEER_CLOSED 0x0400u /* out: RECV read everything before the
                                          peer's FIN: the next RECV would give 0.
                                          Only a hint; a backend may never set it. */

/* Ancillary data carried with a datagram (recv: what arrived; send: what
 * to use for this datagram only).  A field is valid when its bit is set. */
#define GINET_BK_ANC_TOS    0x1u
#define GINET_BK_ANC_TTL    0x2u
#define GINET_BK_ANC_TCLASS 0x4u
typedef struct ginet_bk_ancillary {
    uint32_t present;
    uint8_t tos, ttl, tclass;
} ginet_bk_ancillary;

/*
 * One submission.  The frontend owns the memory and keeps it (and the
 * buffers and address it points to) valid until the request completes.
 * The backend may use PRIV as scratch space while the request is in
 * flight (list links, an OVERLAPPED pointer, a user_data tag).  A request
 * completes exactly once: inline (submit() or cancel() returned 0), or
 * through complete(); never both, and never after its socket's close
 * completion.
 */
typedef struct ginet_bk_req ginet_bk_req;
struct ginet_bk_req {
    ginet_bk_op op;
    uint32_t flags;               /* GINET_BK_F_* in and out */
    ginet_bk_iovec *iov;          /* RECV/RECVFROM/SEND/SENDTO */
    int iovcnt;
    ginet_sockaddr *addr;         /* CONNECT/SENDTO: target; ACCEPT/RECVFROM: filled */
    ginet_bk_ancillary *anc;      /* SENDTO/RECVFROM: NULL or ancillary data */
    void *accepted;               /* ACCEPT: sock_size bytes for the new socket */
    long result;                  /* out: >= 0 as the op says, or a GINET_E* code */
    void *user;                   /* frontend cookie, untouched by the backend */
    uintptr_t priv[6];            /* backend scratch */
};

/*
 * Called on the loop thread, from inside poll(), once for every request
 * that did not complete inline: REQ->result and REQ->flags hold the
 * outcome.  SOCK is the socket's backend state.
 */
typedef void (*ginet_bk_complete_fn)(void *ctx, void *sock, ginet_bk_req *req);

/* What the frontend gives a new loop. */
typedef struct ginet_bk_loop_params {
    ginet_bk_complete_fn complete;
    void *ctx;                    /* passed to complete() */
    uint32_t flags;               /* reserved, 0 */
} ginet_bk_loop_params;

/* ------------------------------------------------------ foreign descriptors */

/*
 * Readiness of a descriptor the backend does not own — the sockets a
 * library such as c-ares opens and reads itself (the resolver,
 * core/resolver_ares.c).  The completion-shaped contract has no request
 * for "tell me when this descriptor is readable", so watch() (appended to
 * the table, below) adds exactly that, level-triggered.
 */
#define GINET_BK_WATCH_IN   0x1u  /* readable (or end of stream) */
#define GINET_BK_WATCH_OUT  0x2u  /* writable (or a connect finished) */
#define GINET_BK_WATCH_ERR  0x4u  /* out only: an error or hang-up is
                                     pending; the owner's next read or
                                     write reports it */

/*
 * Called on the loop thread, from inside poll(), with no backend lock
 * held, while FD is ready for something it is watched for: EVENTS holds
 * the GINET_BK_WATCH_* bits that are ready (ERR may come with either).
 * Level-triggered: it is called again on the next poll() while the
 * condition holds.  It may be spurious (a descriptor number closed and
 * reused for another watch within one batch of events), so the owner
 * uses non-blocking I/O.  It may call watch() for any descriptor,
 * itself included, and anything else the loop thread may call — but
 * never poll().
 */
typedef void (*ginet_bk_watch_fn)(void *arg, intptr_t fd, uint32_t events);

/* ----------------------------------------------------------------- options */

/*
 * The socket options that reach a backend: those the OS implements.  The
 * frontend implements the rest (packet, active, mode, header, buffer, ...)
 * itself and never passes them down.  Values travel in a ginet_bk_optval:
 * booleans (0/1) and integers in `i` unless the comment names a member.
 * OS-level facts live in the backend's option table (platform/<os>/), e.g.
 * on Linux reuseport and reuseport_lb are the same SO_REUSEPORT, so
 * setting one changes what the other reads.
 */
typedef enum ginet_bk_opt {
    GINET_BKOPT_REUSEADDR = 1,
    GINET_BKOPT_REUSEPORT,
    GINET_BKOPT_REUSEPORT_LB,
    GINET_BKOPT_EXCLUSIVEADDRUSE,
    GINET_BKOPT_IPV6_V6ONLY,
    GINET_BKOPT_NODELAY,
    GINET_BKOPT_NOPUSH,
    GINET_BKOPT_KEEPALIVE,
    GINET_BKOPT_KEEPCNT,
    GINET_BKOPT_KEEPIDLE,
    GINET_BKOPT_KEEPINTVL,
    GINET_BKOPT_LINGER,           /* value.linger */
    GINET_BKOPT_RECBUF,
    GINET_BKOPT_SNDBUF,
    GINET_BKOPT_TOS,
    GINET_BKOPT_TCLASS,
    GINET_BKOPT_PRIORITY,
    GINET_BKOPT_DONTROUTE,
    GINET_BKOPT_USER_TIMEOUT,
    GINET_BKOPT_BROADCAST,
    GINET_BKOPT_MULTICAST_IF,     /* value.addr: inet: the interface's address;
                                     inet6: the interface index in addr.scope_id */
    GINET_BKOPT_MULTICAST_TTL,
    GINET_BKOPT_MULTICAST_LOOP,
    GINET_BKOPT_ADD_MEMBERSHIP,   /* value.membership: group, and iface (inet)
                                     or ifindex (inet6); set only */
    GINET_BKOPT_DROP_MEMBERSHIP,  /* value.membership; set only */
    GINET_BKOPT_RECVTOS,
    GINET_BKOPT_RECVTTL,
    GINET_BKOPT_RECVTCLASS,
    GINET_BKOPT_RAW,              /* value.raw: {raw, Level, Name, Value}; on
                                     get, raw.len is the capacity of raw.data
                                     in and the bytes the OS wrote out */
    GINET_BKOPT_BIND_TO_DEVICE,   /* value.ifname: SO_BINDTODEVICE; "" unbinds */
    GINET_BKOPT_COUNT_            /* one past the last */
} ginet_bk_opt;

/* Longest interface name ginet_bk_optval.ifname holds, with its NUL. */
#define GINET_BK_IFNAME_MAX 64

typedef struct ginet_bk_optval {
    int64_t i;                    /* integers and booleans */
    struct { int on; int seconds; } linger;
    ginet_sockaddr addr;
    struct { ginet_ip_address group, iface; uint32_t ifindex; } membership;
    struct { int level, name; void *data; size_t len; } raw;  /* len in/out on get */
    char ifname[GINET_BK_IFNAME_MAX];  /* NUL-terminated interface name */
} ginet_bk_optval;

/* How a backend supports an option. */
typedef enum ginet_bk_support {
    GINET_BK_UNSUPPORTED = 0,     /* setting it is an error naming option and backend */
    GINET_BK_NATIVE = 1,          /* set and read through the OS */
    GINET_BK_IGNORED = 2          /* accepted and ignored because OTP specifies
                                     that (exclusiveaddruse off Windows):
                                     setopt() returns 0 and does nothing,
                                     getopt() reads OTP's answer there (false) */
} ginet_bk_support;

/* One row of a backend's option table; WHY says why a row is not NATIVE
 * (and may explain a NATIVE row's mapping).  An option with no row is
 * UNSUPPORTED. */
typedef struct ginet_bk_option_row {
    ginet_bk_opt opt;
    ginet_bk_support support;
    const char *why;
} ginet_bk_option_row;

/* --------------------------------------------------------------- the table */

struct ginet_backend {
    uint32_t abi_version;         /* GINET_BACKEND_ABI_VERSION */
    uint32_t struct_size;         /* sizeof(ginet_backend) the backend was built with */
    const char *name;             /* "epoll", matches the module name */
    const char *description;      /* one line for `ginet backends` */
    uint64_t caps;                /* GINET_BKCAP_* */
    size_t loop_size;             /* bytes of per-loop state */
    size_t sock_size;             /* bytes of per-socket state */
    const ginet_bk_option_row *options; /* ended by a row with opt 0 */

    /*
     * Whether the backend can run on this machine now (kernel support,
     * permissions).  0, or an error code with a one-line reason written to
     * WHY (capacity WHYLEN) — e.g. io_uring refused with EPERM.  May be
     * NULL: always usable.
     */
    int (*probe)(char *why, size_t whylen);

    /* ------------------------------------------------------------ loops */
    /* Initialise LOOP (loop_size zeroed bytes).  0 or an error code (then
     * nothing needs releasing). */
    int (*loop_init)(void *loop, const ginet_bk_loop_params *params);
    /* Release a loop once every socket opened on it has been closed and
     * its close completion delivered.  Not concurrently with poll(). */
    void (*loop_fini)(void *loop);
    /* Wait up to TIMEOUT_MS (-1: no limit, 0: don't wait) for completions
     * and deliver them (close completions included).  Returns how many
     * were delivered, or an error code.  Returns early, possibly with 0,
     * after wakeup().  It does not wait any more once it has delivered a
     * completion in this call: a completion may have posted frontend work
     * that the loop thread runs before its next poll() (the frontend does
     * not wake its own loop thread).  Loop thread only; never from inside
     * complete(). */
    int (*poll)(void *loop, int timeout_ms);
    /* Make a poll() in progress (or the next one) return soon.  Any
     * thread; async-signal-safe where the OS allows (epoll: a write to an
     * eventfd). */
    void (*wakeup)(void *loop);

    /* ---------------------------------------------------------- sockets */
    /*
     * Create (or adopt) a socket in SOCK (sock_size zeroed bytes), non-
     * blocking, close-on-exec, inside HOW->netns and bound to
     * HOW->bind_to_device when given, and register it with LOOP.  An
     * adopted descriptor belongs to the backend from then on (made
     * non-blocking; closed by sock_close()).  Returns 0, or an error
     * code: then nothing needs closing and an adopted descriptor is still
     * the caller's.
     */
    int (*sock_open)(void *loop, void *sock, const ginet_bk_open *how);
    /*
     * Close SOCK, from any thread.  Returns 0 when no callback naming SOCK
     * can come any more (nothing was in flight, and the backend holds no
     * event for it): the state may be freed at once.  Otherwise returns
     * GINET_EINPROGRESS: every request still in flight completes through
     * complete() — with GINET_BK_F_CANCELLED unless it finished first —
     * and then, last, REQ completes with op GINET_BK_CLOSE (set by the
     * backend), result 0; after that no callback names SOCK and the state
     * may be freed.  The OS descriptor is released before sock_close()
     * returns on readiness backends (so the address can be bound again at
     * once), and at the latest before the close completion on others.
     * close(2) may block for up to the linger time when SO_LINGER is on
     * (Linux does so even for non-blocking sockets).  After sock_close()
     * the frontend calls no other operation for SOCK.
     */
    int (*sock_close)(void *sock, ginet_bk_req *req);
    /* bind(2).  A local (AF_UNIX) address, on a backend with
     * GINET_BKCAP_LOCAL, arrives checked by the frontend as OTP checks it
     * (port 0; a path name of at most GINET_LOCAL_PATH_MAX - 1 bytes, an
     * abstract name of at most GINET_LOCAL_PATH_MAX); the backend answers
     * GINET_EINVAL for what its OS's sun_path cannot hold with the path's
     * NUL, and autobinds an empty path where the OS can.  Removing a
     * socket file is never the backend's business (OTP leaves it). */
    int (*bind)(void *sock, const ginet_sockaddr *addr);
    int (*listen)(void *sock, int backlog);
    /*
     * Submit REQ.  Returns 0 if REQ completed inline (only when
     * GINET_BK_F_INLINE is set; REQ->result holds the outcome, which may
     * be an error code, and no callback follows), GINET_EINPROGRESS if
     * the loop will complete it (a backend may always choose this, INLINE
     * or not), GINET_EAGAIN for GINET_BK_F_TRY as described there, or an
     * error code if it was refused, with no callback: GINET_EALREADY when
     * a request of the same direction is in flight, GINET_EINVAL for a
     * malformed request, or the error of a setup step.
     */
    int (*submit)(void *sock, ginet_bk_req *req);
    /*
     * Cancel REQ, a request of SOCK submitted and not yet delivered.
     * Returns 0 if it was withdrawn now (REQ->result and flags set with
     * GINET_BK_F_CANCELLED, no callback follows), or GINET_EINPROGRESS if
     * its completion will come through complete() — with
     * GINET_BK_F_CANCELLED, or with its real result if it finished first
     * (the frontend must accept either).  A cancelled SEND reports in
     * result the bytes already sent; a cancelled CONNECT leaves the
     * socket in an unspecified state (the frontend closes it, as OTP
     * does after a connect timeout).
     */
    int (*cancel)(void *sock, ginet_bk_req *req);
    /* shutdown(2): HOW is 0 read, 1 write, 2 read_write. */
    int (*shutdown)(void *sock, int how);
    /*
     * Set or read one option.  0, or GINET_ENOTSUP for an option the
     * backend's table has no NATIVE or IGNORED row for, or the OS's error
     * as the OS gives it (Linux: ENOPROTOOPT for an IPv6 option on an
     * inet socket, EOPNOTSUPP for nodelay on a local socket): OTP then
     * leaves such an option out of getopts' answer, and whether a set
     * error is reported or ignored is the frontend's decision.  Values
     * are the kernel's (Linux doubles recbuf/sndbuf on set and reads the
     * doubled value back).
     */
    int (*setopt)(void *sock, ginet_bk_opt opt, const ginet_bk_optval *val);
    int (*getopt)(void *sock, ginet_bk_opt opt, ginet_bk_optval *val);
    /* getsockname(2) / getpeername(2).  An unnamed local socket gives
     * family local with an empty path; a Linux abstract address a path
     * starting with a NUL byte. */
    int (*sockname)(void *sock, ginet_sockaddr *out);
    int (*peername)(void *sock, ginet_sockaddr *out);
    /* The OS handle (fd or SOCKET), for getopts/diagnostics; -1 once
     * closed. */
    intptr_t (*native_handle)(void *sock);

    /* ------------------------------------ appended after ABI version 1's
     * first table.  The frontend calls an operation below only when the
     * table's struct_size covers it and it is not NULL, so tables built
     * before it was added still load. */

    /*
     * Watch FD, a descriptor the backend does not own (it never reads,
     * writes or closes it), for EVENTS (GINET_BK_WATCH_IN | _OUT): while
     * FD is ready for one of them, CB(ARG, FD, ready) is called on LOOP's
     * thread from inside poll() (see ginet_bk_watch_fn).  Calling it
     * again for a watched FD replaces its events, CB and ARG; EVENTS 0
     * stops watching, after which CB is not called for it any more —
     * the owner stops watching before it closes FD.  Loop thread only
     * (from a completion, a watch callback, or between polls on the
     * thread that runs poll()).  Returns 0, or an error code (GINET_ENOMEM;
     * the OS's error for a descriptor it cannot watch, e.g. GINET_EBADF).
     * NULL when the backend cannot: the resolver then refuses to run on
     * it with GINET_ENOTSUP.  How each I/O model does it is in
     * docs/backends.md ("Watching foreign descriptors").
     */
    int (*watch)(void *loop, intptr_t fd, uint32_t events,
                 ginet_bk_watch_fn cb, void *arg);
};

/* 1 if BK's table has operation FIELD (an operation appended after the
 * first table of this ABI version) and it is not NULL. */
#define GINET_BK_HAS(bk, field) \
    ((bk)->struct_size >= offsetof(ginet_backend, field) + sizeof((bk)->field) \
     && (bk)->field != NULL)

GINET_END_DECLS

#endif /* GINET_BACKEND_H */
