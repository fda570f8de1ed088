/*
 * ginet/defaults.h — node-wide default options: OTP's kernel parameters
 * inet_default_connect_options and inet_default_listen_options, and a UDP
 * counterpart of ginet's own, read from the environment variables
 *
 *   GINET_DEFAULT_CONNECT_OPTIONS   for ginet_tcp_connect*()
 *   GINET_DEFAULT_LISTEN_OPTIONS    for ginet_tcp_listen*()
 *   GINET_DEFAULT_UDP_OPTIONS       for ginet_udp_open*()
 *
 * in Erlang term syntax, e.g. GINET_DEFAULT_LISTEN_OPTIONS='[{delay_send,
 * true}]' (a single option without brackets is allowed, as OTP allows
 * it).  A creating call applies the defaults before the caller's options,
 * so the caller's win (OTP 25: `erl -kernel inet_default_connect_options
 * '[{nodelay,true}]'` gives connected sockets nodelay true, and
 * [{nodelay,false}] in gen_tcp:connect/3 still wins); accepted sockets
 * inherit from their listener, as in OTP, so no variable applies to
 * accept.  {active, _}: as OTP's inet.erl, which deletes the list's first
 * {active,_} tuple, the first one is dropped ({active,true} stays the
 * default) and a later one applies (OTP 25: '[{active,false},{active,
 * once}]' gives {active,once}).  {inet_backend, _} is refused there
 * (GINET_BACKEND chooses the backend node-wide).  The variables are read
 * on first use, and again by ginet_default_options_reload().
 *
 * GINET_DEFAULT_UDP_OPTIONS is ginet's own: OTP 25 has no such kernel
 * parameter (`-kernel inet_default_udp_options ...` changes nothing).
 *
 * A variable that is malformed is never ignored: every creating call of
 * its kind then fails with GINET_EINVAL and ginet_last_error() naming the
 * variable, line, column and reason; calls of the other kinds still work.
 * OTP 25 for the same values: a syntax error stops the node from starting
 * (bad_environment_value); an unknown or invalid option ([{packet,3}],
 * [{bogus,1}], [nodelay], [{inet_backend,socket}]) lets it start, and every
 * gen_tcp:connect/3 (or listen/2) then raises badarg — C has no
 * exceptions, so ginet answers einval with the reason.
 *
 * Thread-safety: every function here may be called from any thread.
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
