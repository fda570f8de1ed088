/*
 * core/mailbox_internal.h — what the socket layer uses of mailboxes:
 * references, posting messages, calling callback owners in batches, and
 * the list of sockets an owner holds.
 */
#ifndef GINET_CORE_MAILBOX_INTERNAL_H
#define GINET_CORE_MAILBOX_INTERNAL_H

#include "core/socket_internal.h"

#include <ginet/mailbox.h>

void ginet__mailbox_ref(ginet_mailbox *mb);
void ginet__mailbox_unref(ginet_mailbox *mb);

/* The owner's number (never reused), as inspection prints it. */
uint64_t ginet__mailbox_id(const ginet_mailbox *mb);

/* 1 for a callback owner. */
int ginet__mailbox_is_callback(const ginet_mailbox *mb);

/* Queue M (ownership passes); GINET_ECLOSED (M freed) if MB is closing. */
int ginet__mailbox_post(ginet_mailbox *mb, ginet_msg *m);

/* Callback owners: enter (0 if MB is closing: deliver nothing), call for
 * each message of a batch, leave.  No socket lock may be held around
 * ginet__mailbox_call(). */
int ginet__mailbox_enter(ginet_mailbox *mb);
void ginet__mailbox_call(ginet_mailbox *mb, ginet_msg *m);
void ginet__mailbox_leave(ginet_mailbox *mb);

/* 1 while the calling thread is working through OWNER, a mailbox that
 * still held messages when it last received from it (its sends on OWNER's
 * sockets can wait for the loop thread's flush).  Only the pointer is
 * compared: a send on a socket owned by another mailbox, or by none, is
 * never deferred, whatever the thread received last. */
int ginet__receiver_busy(const ginet_mailbox *owner);

/* Add S to / remove S from MB's owned sockets (each takes / drops a
 * reference to MB).  Socket lock not held. */
void ginet__mailbox_attach(ginet_mailbox *mb, ginet_socket *s);
void ginet__mailbox_detach(ginet_mailbox *mb, ginet_socket *s);

/* Socket side (core/active.c): make OWNER the owner of S; drop MB as the
 * owner of S if it still is (mailbox being freed). */
int ginet__socket_set_owner(ginet_socket *s, ginet_mailbox *owner);
void ginet__socket_disown(ginet_socket *s, ginet_mailbox *mb);

#endif
