/*
 * core/local_addr.h — internal: the frontend's checks of local (unix)
 * socket addresses, shared by every creation call that takes one
 * (gen_tcp's listen and connect here, gen_udp's open and send later).
 */
#ifndef GINET_CORE_LOCAL_ADDR_H
#define GINET_CORE_LOCAL_ADDR_H

#include <ginet/backend.h>

/* What the address is for. */
enum {
    GINET__LOCAL_BIND = 0,        /* listen / open: an empty path autobinds */
    GINET__LOCAL_PEER = 1         /* connect / send: a path is needed */
};

/*
 * Check the local address A as OTP 25 does before it reaches the OS:
 * port 0 (OTP's local_tcp answers a function_clause for any other),
 * a path name of at most GINET_LOCAL_PATH_MAX - 1 bytes (room for its
 * NUL), an abstract name (first byte NUL) of at most GINET_LOCAL_PATH_MAX
 * bytes, and for PURPOSE GINET__LOCAL_PEER a non-empty path (OTP: badarg).
 * WHAT names the call for the message ("listen", "connect").  Returns 0,
 * or GINET_EINVAL with ginet_last_error() saying why.  The OS may still
 * refuse a path its own sun_path cannot hold (the backend's check).
 */
int ginet__local_check(const ginet_sockaddr *a, int purpose, const char *what);

#endif
