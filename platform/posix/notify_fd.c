/*
 * platform/posix/notify_fd.c — owns the readable-while-pending descriptor:
 * eventfd where the OS has it, a non-blocking close-on-exec pipe elsewhere.
 */
#include "platform/posix/notify_fd.h"

#include <ginet/error.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/eventfd.h>
#endif

int ginet__notify_open(ginet__notify_fd *n)
{
#ifdef __linux__
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd < 0)
        return ginet_error_from_errno(errno);
    n->rfd = n->wfd = fd;
    return 0;
#else
    int p[2];
    if (pipe(p) != 0)
        return ginet_error_from_errno(errno);
    for (int i = 0; i < 2; i++) {
        fcntl(p[i], F_SETFL, fcntl(p[i], F_GETFL) | O_NONBLOCK);
        fcntl(p[i], F_SETFD, FD_CLOEXEC);
    }
    n->rfd = p[0];
    n->wfd = p[1];
    return 0;
#endif
}

void ginet__notify_set(ginet__notify_fd *n)
{
#ifdef __linux__
    uint64_t one = 1;
    ssize_t r = write(n->wfd, &one, sizeof one);
#else
    char c = 1;
    ssize_t r = write(n->wfd, &c, 1);
#endif
    (void)r;   /* EAGAIN: already readable */
}

void ginet__notify_clear(ginet__notify_fd *n)
{
    char buf[64];
    while (read(n->rfd, buf, sizeof buf) > 0)
        ;
}

void ginet__notify_close(ginet__notify_fd *n)
{
    if (n->rfd >= 0)
        close(n->rfd);
    if (n->wfd >= 0 && n->wfd != n->rfd)
        close(n->wfd);
    n->rfd = n->wfd = -1;
}
