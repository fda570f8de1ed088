/*
 * platform/posix/notify_fd.h — a descriptor that is readable while
 * something is pending: eventfd on Linux, a non-blocking pipe elsewhere.
 * Used by mailboxes (ginet_mailbox_fd).
 */
#ifndef GINET_PLATFORM_NOTIFY_FD_H
#define GINET_PLATFORM_NOTIFY_FD_H

typedef struct ginet__notify_fd {
    int rfd;   /* the descriptor users poll */
    int wfd;   /* where signals go (== rfd for eventfd) */
} ginet__notify_fd;

/* Open one.  0 or a GINET_E* code. */
int ginet__notify_open(ginet__notify_fd *n);
/* Make it readable (idempotent enough: extra signals are harmless). */
void ginet__notify_set(ginet__notify_fd *n);
/* Make it not readable. */
void ginet__notify_clear(ginet__notify_fd *n);
void ginet__notify_close(ginet__notify_fd *n);

#endif
