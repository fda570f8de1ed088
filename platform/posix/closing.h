/*
 * platform/posix/closing.h — internal to the backends: the last callbacks
 * of a closed socket, which every backend's loop makes the same way once
 * nothing names the socket any more (its closing list, and when a socket
 * may leave it, stay each backend's own).
 */
#ifndef GINET_PLATFORM_POSIX_CLOSING_H
#define GINET_PLATFORM_POSIX_CLOSING_H

#include <ginet/backend.h>

#include <pthread.h>

/*
 * Deliver, through COMPLETE(CTX, SOCK, ...), the requests *IN and *OUT a
 * close withdrew (either may be NULL; both are cleared first), destroy
 * LOCK (SOCK's mutex), then deliver CLOSE_REQ, the last word on SOCK: the
 * frontend may free SOCK in that callback.  Returns the callbacks made.
 */
int ginet__close_deliver(ginet_bk_complete_fn complete, void *ctx, void *sock,
                         ginet_bk_req **in, ginet_bk_req **out,
                         ginet_bk_req *close_req, pthread_mutex_t *lock);

#endif
