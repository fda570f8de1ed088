/*
 * backends/epoll/epoll_options.c — the epoll backend's options: Linux's
 * table (platform/linux/options.c, which rows are NATIVE and why), set
 * and read through platform/linux/sockopt.c on the socket's descriptor.
 */
#include "backends/epoll/epoll.h"
#include "platform/linux/options.h"

int ginet__ep_setopt(void *sock, ginet_bk_opt opt, const ginet_bk_optval *val)
{
    ep_sock *s = sock;
    return ginet__linux_rows_setopt(ginet__linux_options, s->fd, s->af, opt, val);
}

int ginet__ep_getopt(void *sock, ginet_bk_opt opt, ginet_bk_optval *val)
{
    ep_sock *s = sock;
    return ginet__linux_rows_getopt(ginet__linux_options, s->fd, s->af, opt, val);
}
