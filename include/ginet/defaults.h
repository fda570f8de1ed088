/*
 * ginet/defaults.h — node-wide default options: OTP's kernel parameters
 * inet_default_connect_options, inet_default_listen_options and
 * inet_default_udp_options, read from the environment variables
 *
 *   GINET_DEFAULT_CONNECT_OPTIONS   for ginet_tcp_connect*()
 *   GINET_DEFAULT_LISTEN_OPTIONS    for ginet_tcp_listen*()
 *   GINET_DEFAULT_UDP_OPTIONS       for UDP sockets (read and checked now;
 *                                   applied when UDP sockets exist)
 *
 * in Erlang term syntax, e.g. GINET_DEFAULT_LISTEN_OPTIONS='[{delay_send,
 * true}]' (a single option without brackets is allowed, as OTP allows
 * it).  A creating call applies the defaults before the caller's options,
 * so the caller's win; accepted sockets inherit from their listener, as in
 * OTP, so no variable applies to accept.  {active, _} in a variable is
 * dropped: {active,true} stays the default, as OTP documents.
 * {inet_backend, _} is refused there (GINET_BACKEND chooses the backend
 * node-wide).  The variables are read on first use.
 *
 * A variable that does not parse, or holds an option ginet does not know,
 * is never ignored: every creating call of its kind then fails with
 * GINET_EINVAL and ginet_last_error() naming the variable, line, column
 * and reason — OTP's node would not start.  docs/sockets.md has details.
 */
#ifndef GINET_DEFAULTS_H
#define GINET_DEFAULTS_H

#include <ginet/defs.h>

GINET_BEGIN_DECLS

typedef enum ginet_defaults_kind {
    GINET_DEFAULTS_CONNECT = 0,    /* GINET_DEFAULT_CONNECT_OPTIONS */
    GINET_DEFAULTS_LISTEN = 1,     /* GINET_DEFAULT_LISTEN_OPTIONS */
    GINET_DEFAULTS_UDP = 2         /* GINET_DEFAULT_UDP_OPTIONS */
} ginet_defaults_kind;

/*
 * Read the three variables again (after setenv(), as OTP picks up a new
 * application:set_env/3 value for the next socket).  Sockets created
 * from then on use the new values.  Returns 0, or GINET_EINVAL when a
 * variable is malformed (ginet_last_error() says which and where; the
 * others are still in effect), or GINET_ENOMEM.  Thread-safety: safe,
 * but setenv() itself must not race with other threads reading the
 * environment.
 */
GINET_API int ginet_default_options_reload(void);

/*
 * The defaults in effect for KIND as ~w option text, "[]" when none
 * (free with free()).  Returns 0, GINET_EINVAL for a bad KIND or a
 * malformed variable (ginet_last_error() says where), or GINET_ENOMEM.
 */
GINET_API int ginet_default_options_text(ginet_defaults_kind kind, char **out);

GINET_END_DECLS

#endif /* GINET_DEFAULTS_H */
