/*
 * platform/linux/netns.c — owns creating a socket inside a network
 * namespace.
 *
 * A socket belongs to the namespace its creating thread was in when it
 * called socket(2), and stays there.  OTP's inet_drv switches the calling
 * scheduler thread with setns(2), creates the socket and switches back;
 * if switching back failed, that thread would stay in the wrong
 * namespace.  Here a short-lived helper thread enters the namespace,
 * creates the socket and exits, so no thread ever needs to switch back.
 * The descriptor is the process's, usable from any thread.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "platform/linux/netns.h"

#include <ginet/error.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

struct job {
    int nsfd, domain, type, protocol;
    int fd;                        /* out */
    int err;                       /* out: errno, 0 = fine */
};

static void *in_namespace(void *arg)
{
    struct job *j = arg;
    if (setns(j->nsfd, CLONE_NEWNET) != 0) {
        j->err = errno;
        return NULL;
    }
    j->fd = socket(j->domain, j->type, j->protocol);
    j->err = j->fd < 0 ? errno : 0;
    return NULL;
}

int ginet__netns_socket(const char *path, int domain, int type, int protocol,
                        int *fd)
{
    if (path == NULL || path[0] == '\0' || fd == NULL)
        return GINET_EINVAL;
    struct job j = { .domain = domain, .type = type, .protocol = protocol,
                     .fd = -1, .err = 0 };
    do
        j.nsfd = open(path, O_RDONLY | O_CLOEXEC);
    while (j.nsfd < 0 && errno == EINTR);
    if (j.nsfd < 0)
        return ginet_error_from_errno(errno);

    pthread_t t;
    int rc = pthread_create(&t, NULL, in_namespace, &j);
    if (rc != 0) {
        close(j.nsfd);
        return GINET_ESYSTEM_LIMIT;
    }
    pthread_join(t, NULL);
    close(j.nsfd);
    if (j.err != 0)
        return ginet_error_from_errno(j.err);
    *fd = j.fd;
    return 0;
}
