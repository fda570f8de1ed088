/*
 * core/udp_internal.h — what the gen_udp files share: a UDP socket's
 * datagram state (the receive buffer and the datagram waiting in it, the
 * connected peer), the layout of a queued datagram, and the functions the
 * socket core calls for UDP sockets.
 *
 *   udp_open.c    gen_udp:open/2, gen_udp:connect/3, the state's life
 *   udp_io.c      receiving into the buffer, sending and the send queue,
 *                 gen_udp:recv/3, gen_udp:send/2,4,5
 *   udp_active.c  active delivery: {udp,...}, udp_passive, udp_error,
 *                 {active,N}, read_packets
 *
 * Everything here is called with the socket's lock held.
 */
#ifndef GINET_CORE_UDP_INTERNAL_H
#define GINET_CORE_UDP_INTERNAL_H

#include "core/socket_internal.h"

#include <ginet/udp.h>

struct ginet__udp {
    uint8_t *buf;                 /* receive buffer: `buffer` bytes */
    size_t cap;
    ginet_sockaddr from;          /* RECVFROM fills these ... */
    ginet_bk_ancillary anc;
    int have;                     /* ... and a datagram of len bytes waits */
    size_t len;
    int error;                    /* a receive error to report once, 0 = none */
    int connected;                /* gen_udp:connect/3 fixed the peer */
    ginet_sockaddr peer;
    ginet_sockaddr out_addr;      /* the queued send in flight: its target */
    ginet_bk_ancillary out_anc;   /* and ancillary data */
};

/* A queued datagram: this header, then the payload, in a ginet__outchunk
 * of the socket's output queue (freed with the socket like TCP's). */
typedef struct ginet__udp_dgram {
    ginet_sockaddr to;
    ginet_bk_ancillary anc;
    int has_anc;
    size_t len;
} ginet__udp_dgram;

/* Check a destination against socket S: 0, or (with ginet__fail() text)
 * GINET_EAFNOSUPPORT for another family, GINET_EINVAL for port 0. */
int ginet__udp_check_dest(const ginet_socket *s, const ginet_sockaddr *to);

/* Free a socket's UDP state (NULL allowed). */
void ginet__udp_free(struct ginet__udp *u);

/* Start a RECVFROM into the buffer if none is in flight and no datagram
 * or error waits.  INLINE_OK allows the backend to complete it at once.
 * 0, or an error. */
int ginet__udp_recv_start(ginet_socket *s, int inline_ok);

/* Completions (from ginet__socket_complete()). */
void ginet__udp_recv_completed(ginet_socket *s, ginet_bk_req *req);
void ginet__udp_send_completed(ginet_socket *s, ginet_bk_req *req);

/* The waiting datagram as a message the caller owns (NULL: no memory);
 * counts it in getstat and makes room for the next. */
ginet_msg *ginet__udp_take(ginet_socket *s);

/* Fill M (zeroed by the caller) to lend the waiting datagram to a
 * callback owner; counts it and makes room for the next (the buffer is
 * not reused until the delivery loop starts the next receive). */
void ginet__udp_lend(ginet_socket *s, ginet_msg *m);

/* Active delivery for a UDP socket (ginet__active_run() hands over). */
void ginet__udp_active_run(ginet_socket *s);

#endif
