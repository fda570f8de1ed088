/*
 * platform/linux/netns.c — owns doing work inside a network namespace:
 * running a function there, and creating a socket there.
 *
 * A socket belongs to the namespace its creating thread was in when it
 * called socket(2), and stays there; so does a netlink dump's view (which
 * is what getifaddrs(3) reads).  OTP's inet_drv switches the calling
 * scheduler thread with setns(2), does the work and switches back; if
 * switching back failed, that thread would stay in the wrong namespace.
 * Here a short-lived helper thread enters the namespace, does the work and
 * exits, so no thread ever needs to switch back.  What it makes (a
 * descriptor, memory) is the process's, usable from any thread.
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
#include <stddef.h>
#include <sys/socket.h>
#include <unistd.h>

struct run_job {
    int nsfd;
    void (*fn)(void *arg);
    void *arg;
    int err;                       /* out: setns errno, 0 = FN ran */
};

static void *in_namespace(void *p)
{
    struct run_job *j = p;
    if (setns(j->nsfd, CLONE_NEWNET) != 0) {
        j->err = errno;
        return NULL;
    }
    j->fn(j->arg);
    return NULL;
}

int ginet__netns_run(const char *path, void (*fn)(void *arg), void *arg)
{
    if (path == NULL || fn == NULL)
        return GINET_EINVAL;
    struct run_job j = { .fn = fn, .arg = arg, .err = 0 };
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
    return j.err != 0 ? ginet_error_from_errno(j.err) : 0;
}

struct socket_job {
    int domain, type, protocol;
    int fd;                        /* out */
    int err;                       /* out: errno, 0 = fine */
};

static void make_socket(void *p)
{
    struct socket_job *j = p;
    j->fd = socket(j->domain, j->type, j->protocol);
    j->err = j->fd < 0 ? errno : 0;
}

int ginet__netns_socket(const char *path, int domain, int type, int protocol,
                        int *fd)
{
    if (path == NULL || path[0] == '\0' || fd == NULL)
        return GINET_EINVAL;
    struct socket_job j = { .domain = domain, .type = type,
                            .protocol = protocol, .fd = -1, .err = 0 };
    int rc = ginet__netns_run(path, make_socket, &j);
    if (rc != 0)
        return rc;
    if (j.err != 0)
        return ginet_error_from_errno(j.err);
    *fd = j.fd;
    return 0;
}
