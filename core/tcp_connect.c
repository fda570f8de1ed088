/*
 * core/tcp_connect.c — gen_tcp:connect/4: creating a stream socket on the
 * chosen backend, applying the options, binding when asked, connecting
 * with a timeout.  Also the shared steps of creating any socket.
 */
#include "core/socket_internal.h"

#include "core/backend_loader.h"
#include "core/inspect_internal.h"
#include "core/last_error.h"
#include "core/local_addr.h"
#include "core/mailbox_internal.h"
#include <ginet/resolver.h>

#include <stdlib.h>
#include <string.h>

/* Load the backend the options choose and get its loop. */
static int pick_loop(const ginet__create_opts *co, ginet__loop **loop)
{
    const ginet_backend *bk;
    int rc = ginet__backend_get(co->backend, &bk);
    if (rc != 0)
        return rc;
    return ginet__loop_get(bk, loop);
}

int ginet__socket_create(int kind, ginet_bk_socktype type, ginet_family family,
                         const ginet_optlist *opts, const ginet__create_opts *co,
                         ginet_socket **out)
{
    ginet__loop *loop;
    int rc = pick_loop(co, &loop);
    if (rc != 0)
        return rc;
    const ginet_backend *bk = ginet__loop_backend(loop);
    if (family == GINET_AF_LOCAL && !(bk->caps & GINET_BKCAP_LOCAL))
        return ginet__fail(GINET_EAFNOSUPPORT, "backend '%s' has no local (unix) sockets",
                           bk->name);
    ginet_socket *s = ginet__socket_alloc(loop, kind, family);
    if (s == NULL)
        return ginet__fail(GINET_ENOMEM, "out of memory creating a socket");
    ginet_bk_open how = {
        .family = family,
        .type = type,
        .protocol = 0,
        .adopt_fd = co->fd,
        .netns = co->netns,
        .bind_to_device = co->bind_to_device,
    };
    rc = ginet__socket_open(s, &how);
    if (rc != 0) {
        const char *bkname = s->bk->name;    /* the backend outlives the socket */
        ginet__socket_unref(s);
        return ginet__fail(rc, "cannot create the socket (backend %s): %s",
                           bkname, ginet_format_error(rc));
    }
    ginet__lock(&s->lock);
    rc = ginet__apply_options(s, opts, 1);
    ginet__unlock(&s->lock);
    if (rc != 0) {
        ginet_close(s);
        ginet__socket_unref(s);
        return rc;
    }
    *out = s;
    return 0;
}

/* Bind to {ip,_}/{port,_} when given (not for an adopted descriptor). */
int ginet__socket_bind_local(ginet_socket *s, const ginet__create_opts *co, int default_port)
{
    if (co->fd >= 0)
        return 0;
    int port = co->port >= 0 ? co->port : default_port;
    if (!co->have_ip && port <= 0)
        return 0;
    ginet_sockaddr a;
    if (co->have_ip) {
        a = co->ip;
    } else {
        memset(&a, 0, sizeof a);
        a.family = s->family;
        a.u.ip.family = s->family;
    }
    a.port = (uint16_t)(port > 0 ? port : 0);
    return s->bk->bind(s->bks, &a);
}

void ginet__connect_completed(ginet_socket *s, ginet_bk_req *req)
{
    s->out_busy = 0;
    ginet__broadcast(&s->cond);
    (void)req;
}

/* Connect S to ADDR with a deadline; the socket is unlocked on entry and
 * exit.  0, or the error (GINET_ETIMEOUT when the deadline passed). */
static int do_connect(ginet_socket *s, const ginet_sockaddr *addr, int64_t deadline)
{
    ginet_sockaddr target = *addr;
    ginet__lock(&s->lock);
    memset(&s->out_req, 0, sizeof s->out_req);
    s->out_req.op = GINET_BK_CONNECT;
    s->out_req.flags = GINET_BK_F_INLINE;
    s->out_req.addr = &target;
    s->out_req.user = s;
    s->out_busy = 1;
    s->state = GINET__ST_CONNECTING;
    ginet__socket_ref(s);
    int rc = s->bk->submit(s->bks, &s->out_req);
    if (rc != GINET_EINPROGRESS) {
        atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel);
        s->out_busy = 0;
        if (rc == 0)
            rc = (int)s->out_req.result;
    } else {
        int timed_out = 0;
        while (s->out_busy && s->state != GINET__ST_CLOSED) {
            if (ginet__wait(&s->cond, &s->lock, deadline)) {
                timed_out = 1;
                break;
            }
        }
        if (s->out_busy) {
            int c = s->bk->cancel(s->bks, &s->out_req);
            if (c == 0) {
                s->out_busy = 0;
                atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel);
            }
            while (s->out_busy)
                ginet__wait(&s->cond, &s->lock, -1);
        }
        if (s->state == GINET__ST_CLOSED)
            rc = GINET_ECLOSED;
        else if (timed_out && (s->out_req.flags & GINET_BK_F_CANCELLED))
            rc = GINET_ETIMEOUT;
        else
            rc = (int)s->out_req.result;
    }
    if (rc == 0)
        s->state = GINET__ST_CONNECTED;
    ginet__unlock(&s->lock);
    return rc;
}

/* gen_tcp:connect with OPTS already holding the node-wide defaults. */
static int connect_with(const ginet_sockaddr *addr, const ginet_optlist *opts,
                        int timeout_ms, ginet_mailbox *owner, ginet_socket **out)
{
    if (addr == NULL || out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    ginet__clear_error();
    int64_t deadline = ginet__deadline(timeout_ms);
    ginet__create_opts co;
    int rc = ginet__create_opts_read(opts, &co);
    if (rc != 0)
        return rc;
    ginet_family family = addr->family;
    if (family != GINET_AF_INET && family != GINET_AF_INET6 && family != GINET_AF_LOCAL)
        return ginet__fail(GINET_EINVAL, "connect: address family not inet, inet6 or local");
    if (co.family != GINET_AF_UNSPEC && co.family != family)
        return ginet__fail(GINET_EINVAL, "connect: the address is %s but the options ask for %s",
                           family == GINET_AF_INET ? "inet" : family == GINET_AF_INET6 ? "inet6" : "local",
                           co.family == GINET_AF_INET ? "inet" : co.family == GINET_AF_INET6 ? "inet6" : "local");
    if (family != GINET_AF_LOCAL && addr->port == 0)
        return ginet__fail(GINET_EINVAL, "connect: port 0");
    if (family == GINET_AF_LOCAL && (rc = ginet__local_check(addr, GINET__LOCAL_PEER,
                                                              "connect")) != 0)
        return rc;
    ginet_socket *s;
    rc = ginet__socket_create(GINET__KIND_TCP, GINET_BK_STREAM, family, opts, &co, &s);
    if (rc != 0)
        return rc;
    if (owner != NULL) {
        s->owner = owner;
        ginet__mailbox_attach(owner, s);
    }
    if (owner == NULL)
        s->o.active = GINET_ACTIVE_FALSE;
    rc = ginet__socket_bind_local(s, &co, 0);
    if (rc == 0) {
        ginet_sockaddr peer;
        if (co.fd >= 0 && s->bk->peername(s->bks, &peer) == 0) {
            ginet__lock(&s->lock);
            s->state = GINET__ST_CONNECTED;  /* adopted, already connected */
            ginet__unlock(&s->lock);
        } else {
            rc = do_connect(s, addr, deadline);
        }
    }
    if (rc != 0) {
        ginet_close(s);
        ginet__socket_unref(s);
        return rc;
    }
    ginet__lock(&s->lock);
    ginet__active_post(s);                   /* active: start delivering */
    ginet__unlock(&s->lock);
    *out = s;
    return 0;
}

GINET_API int ginet_tcp_connect_addr(const ginet_sockaddr *addr, const ginet_optlist *opts,
                                     int timeout_ms, ginet_mailbox *owner, ginet_socket **out)
{
    if (addr == NULL || out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    ginet__clear_error();
    ginet_optlist *merged;                   /* GINET_DEFAULT_CONNECT_OPTIONS first */
    int rc = ginet__defaults_merge(GINET_DEFAULTS_CONNECT, opts, &merged);
    if (rc == 0)
        rc = connect_with(addr, merged != NULL ? merged : opts, timeout_ms, owner, out);
    ginet_optlist_free(merged);
    return rc;
}

/* The address to connect to for HOST: an address as text, "localhost", or
 * a host name looked up by the resolver. */
int ginet__host_address(const char *host, ginet_family want, ginet_ip_address *ip)
{
    if (host == NULL)
        return ginet__fail(GINET_EINVAL, "no host");
    size_t len = strlen(host);
    if (strcmp(host, "localhost") == 0) {
        memset(ip, 0, sizeof *ip);
        if (want == GINET_AF_INET6) {
            ip->family = GINET_AF_INET6;
            ip->u.v6[7] = 1;
        } else {
            ip->family = GINET_AF_INET;
            ip->u.v4[0] = 127;
            ip->u.v4[3] = 1;
        }
        return 0;
    }
    int rc = want == GINET_AF_INET6 ? ginet_parse_ipv6_address(host, len, ip)
                                     : ginet_parse_address(host, len, ip);
    if (rc == 0) {
        if (want == GINET_AF_INET && ip->family != GINET_AF_INET)
            return ginet__fail(GINET_EINVAL, "'%s' is not an IPv4 address", host);
        return 0;
    }
    /* A host name: inet:getaddr/2 through the resolver (ginet/resolver.h),
     * bounded by the resolver's own timeout and retry. */
    rc = ginet_getaddr(host, want == GINET_AF_INET6 ? GINET_AF_INET6 : GINET_AF_INET,
                       GINET_INFINITY, ip);
    if (rc != 0 && rc != GINET_ENOMEM && rc != GINET_EDEADLK && rc != GINET_ENOTSUP)
        return ginet__fail(rc, "cannot resolve host '%s': %s", host, ginet_format_error(rc));
    return rc;
}

/* 1 if HOST is a name for the resolver: not "localhost", not an address. */
static int host_is_name(const char *host, ginet_family want)
{
    ginet_ip_address ip;
    size_t len = strlen(host);
    return strcmp(host, "localhost") != 0
           && (want == GINET_AF_INET6 ? ginet_parse_ipv6_address(host, len, &ip)
                                      : ginet_parse_address(host, len, &ip)) != 0;
}

/*
 * gen_tcp:connect/4 with a host name: every address inet:getaddrs/2 gives,
 * in turn, until one connects (OTP's try_connect).  einval and timeout
 * end the search at once; any other error moves on to the next address,
 * and the last one is the answer.  TIMEOUT_MS bounds the whole: the
 * lookup and every attempt share it, as OTP's timer does.
 */
static int connect_by_name(const char *host, ginet_family want, int port,
                           const ginet_optlist *opts, int timeout_ms,
                           ginet_mailbox *owner, ginet_socket **out)
{
    int64_t deadline = ginet__deadline(timeout_ms);
    ginet_ip_address *ips = NULL;
    size_t n = 0;
    int rc = ginet_getaddrs(host, want == GINET_AF_INET6 ? GINET_AF_INET6 : GINET_AF_INET,
                            timeout_ms, &ips, &n);
    if (rc != 0) {
        if (rc != GINET_ENOMEM && rc != GINET_EDEADLK && rc != GINET_ENOTSUP)
            rc = ginet__fail(rc, "cannot resolve host '%s': %s", host, ginet_format_error(rc));
        return rc;
    }
    rc = GINET_EINVAL;                       /* no address at all */
    for (size_t i = 0; i < n; i++) {
        int left = GINET_INFINITY;
        if (deadline >= 0) {
            int64_t ms = deadline - ginet__now_ms();
            left = ms <= 0 ? 0 : ms > INT32_MAX ? INT32_MAX : (int)ms;
        }
        ginet_sockaddr a;
        memset(&a, 0, sizeof a);
        a.family = ips[i].family;
        a.port = (uint16_t)port;
        a.u.ip = ips[i];
        rc = ginet_tcp_connect_addr(&a, opts, left, owner, out);
        if (rc == 0 || rc == GINET_EINVAL || rc == GINET_ETIMEOUT)
            break;
    }
    free(ips);
    return rc;
}

GINET_API int ginet_tcp_connect(const char *host, int port, const char *opts_text,
                                int timeout_ms, ginet_mailbox *owner, ginet_socket **out)
{
    if (out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    ginet__clear_error();
    if (port < 0 || port > 65535)
        return ginet__fail(GINET_EINVAL, "port %d out of range 0..65535", port);
    ginet_optlist *opts;
    int rc = ginet__optlist_from_text(opts_text, &opts);
    if (rc != 0)
        return rc;
    ginet__create_opts co;
    rc = ginet__create_opts_read(opts, &co);
    if (rc == 0) {
        ginet_sockaddr a;
        memset(&a, 0, sizeof a);
        if (co.family == GINET_AF_LOCAL) {
            /* gen_tcp:connect({local, HOST}, PORT, [local | _]): HOST is
             * the path (an abstract name needs ginet_sockaddr_local()). */
            rc = host == NULL ? GINET_EINVAL : ginet_sockaddr_local(&a, host, strlen(host));
            if (rc != 0)
                rc = ginet__fail(GINET_EINVAL, "connect: a local path of %zu bytes",
                                 host != NULL ? strlen(host) : (size_t)0);
            a.port = (uint16_t)port;
        } else if (host != NULL && host_is_name(host, co.family)) {
            rc = connect_by_name(host, co.family, port, opts, timeout_ms, owner, out);
            ginet_optlist_free(opts);
            return rc;
        } else {
            rc = ginet__host_address(host, co.family, &a.u.ip);
            a.family = a.u.ip.family;
            a.port = (uint16_t)port;
        }
        if (rc == 0)
            rc = ginet_tcp_connect_addr(&a, opts, timeout_ms, owner, out);
    }
    ginet_optlist_free(opts);
    return rc;
}
