/*
 * platform/posix/fdutil.c — owns the small descriptor facts every POSIX
 * backend needs: non-blocking and close-on-exec flags, errno to code.
 */
#include "platform/posix/fdutil.h"

#include <ginet/error.h>

#include <errno.h>
#include <fcntl.h>

int ginet__os_error(void)
{
    return ginet_error_from_errno(errno);
}

int ginet__fd_set_nonblock(int fd, int on)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0)
        return ginet__os_error();
    int want = on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
    if (want != fl && fcntl(fd, F_SETFL, want) < 0)
        return ginet__os_error();
    return 0;
}

int ginet__fd_set_cloexec(int fd, int on)
{
    int fl = fcntl(fd, F_GETFD);
    if (fl < 0)
        return ginet__os_error();
    int want = on ? (fl | FD_CLOEXEC) : (fl & ~FD_CLOEXEC);
    if (want != fl && fcntl(fd, F_SETFD, want) < 0)
        return ginet__os_error();
    return 0;
}
