/*
 * ginet/mailbox.h — owners of sockets: the C stand-in for an Erlang
 * process.
 *
 * A socket in active mode delivers what it receives as messages to its
 * owner, OTP's controlling process: {tcp, S, Data}, {tcp_closed, S},
 * {tcp_error, S, Reason}, {tcp_passive, S}, {http, S, Packet}, ... (the
 * C shapes are ginet_msg, socket.h).  A mailbox is that owner.  It is used
 * in one of three ways:
 *
 *   - waited on: ginet_receive(mb, timeout, &msg) on any thread, OTP's
 *     `receive ... after Timeout`;
 *   - polled: ginet_mailbox_fd(mb) is readable while messages wait, to plug
 *     the mailbox into another event loop;
 *   - called back: a mailbox made with ginet_mailbox_new_callback() runs a
 *     function for each message on the socket's loop thread, the lowest
 *     latency there is.
 *
 * Messages from one socket arrive in the order they happened.  Freeing a
 * mailbox closes the sockets it still owns, as an exiting process closes
 * its ports; ginet_controlling_process() moves a socket to another owner.
 *
 * Thread-safety: every function may be called from any thread; several
 * threads may wait on one mailbox (each message goes to one of them).
 */
#ifndef GINET_MAILBOX_H
#define GINET_MAILBOX_H

#include <ginet/defs.h>
#include <ginet/socket.h>

GINET_BEGIN_DECLS

/* A new mailbox, or NULL when out of memory. */
GINET_API ginet_mailbox *ginet_mailbox_new(void);

/*
 * A callback owner: FN(MSG, ARG) runs on the loop thread of the socket that
 * sends the message, once per message, in order.  MSG is only lent: it and
 * its data are valid until FN returns (ginet_msg_dup() keeps a copy); FN
 * must not free it.  FN may call any ginet function (send, setopts, close,
 * ...) except blocking ones on sockets of the same loop (recv, accept,
 * connect, a send that would block on a busy socket): they would wait for
 * the thread FN runs on.  Sends made from FN are written out together when
 * FN has seen the batch of messages a read produced.
 */
typedef void (*ginet_mailbox_fn)(ginet_msg *msg, void *arg);
GINET_API ginet_mailbox *ginet_mailbox_new_callback(ginet_mailbox_fn fn,
                                                    void *arg);

/*
 * Free MB: close every socket it still owns, as the ports of an exiting
 * process are closed (their monitors fire), drop the messages
 * waiting in it, and wake threads waiting on it with GINET_ECLOSED.  For
 * a callback owner, returns after any callback in progress has returned
 * (do not call it from the callback).  NULL is allowed.
 */
GINET_API void ginet_mailbox_free(ginet_mailbox *mb);

/*
 * Wait up to TIMEOUT_MS (GINET_INFINITY: for ever; 0: don't wait) for the
 * next message and store it in *OUT (free it with ginet_msg_free()).
 * Errors: GINET_ETIMEOUT, GINET_EINVAL (a callback mailbox), GINET_ECLOSED
 * (the mailbox is being freed).
 */
GINET_API int ginet_receive(ginet_mailbox *mb, int timeout_ms,
                            ginet_msg **out);

/*
 * A descriptor that is readable while messages wait in MB (made on first
 * call; owned by the mailbox, do not close it).  Returns it, or an error
 * code.  Reading it is not needed: ginet_receive() keeps it in step.
 */
GINET_API int ginet_mailbox_fd(ginet_mailbox *mb);

/* Messages waiting in MB now. */
GINET_API size_t ginet_mailbox_count(ginet_mailbox *mb);

/*
 * gen_tcp:controlling_process(Socket, Owner): make OWNER (NULL: none, the
 * socket can then only be passive) the socket's owner.  Messages already
 * waiting for the old owner stay with it, as in OTP.  Errors:
 * GINET_ECLOSED, GINET_EINVAL.
 */
GINET_API int ginet_controlling_process(ginet_socket *s, ginet_mailbox *owner);

/* A copy of MSG that the caller owns (free with ginet_msg_free()); how a
 * callback keeps a lent message.  NULL when out of memory. */
GINET_API ginet_msg *ginet_msg_dup(const ginet_msg *msg);

GINET_END_DECLS

#endif /* GINET_MAILBOX_H */
