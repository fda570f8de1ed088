/*
 * backends/uring/uring_options.c — the io_uring backend's options: the
 * same Linux table as epoll (platform/linux/options.c), set and read with
 * ordinary setsockopt(2)/getsockopt(2) on the socket's descriptor.
 */
#include "backends/uring/uring.h"
#include "platform/linux/options.h"

int ginet__ur_setopt(void *sock, ginet_bk_opt opt, const ginet_bk_optval *val)
{
    ur_sock *s = sock;
    return ginet__linux_rows_setopt(ginet__linux_options, s->fd, s->af, opt, val);
}

int ginet__ur_getopt(void *sock, ginet_bk_opt opt, ginet_bk_optval *val)
{
    ur_sock *s = sock;
    return ginet__linux_rows_getopt(ginet__linux_options, s->fd, s->af, opt, val);
}
