/*
 * core/msg.h — making messages (ginet_msg) for receivers and owners.
 */
#ifndef GINET_CORE_MSG_H
#define GINET_CORE_MSG_H

#include "core/socket_internal.h"

/* A TCP (or, with HTTP set, an HTTP) message holding a copy of PKT's
 * bytes, with every slice pointing into that copy.  Holds a reference to
 * S.  NULL when out of memory. */
ginet_msg *ginet__msg_from_packet(ginet_socket *s, const ginet_packet *pkt, int http);

/* A message without data (closed, error, passive, ...).  NULL on ENOMEM. */
ginet_msg *ginet__msg_event(ginet_socket *s, ginet_msg_kind kind, int error);

/* The queue link of a message made here (for mailboxes). */
ginet_msg **ginet__msg_link(ginet_msg *m);

#endif
