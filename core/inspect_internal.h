/*
 * core/inspect_internal.h — what the socket layer calls of inspection:
 * the registry of open sockets (core/registry.c), monitors
 * (core/monitor.c) and the node-wide default options (core/defaults.c),
 * and what the inspection files share among themselves.
 *
 * Locks: a socket's lock may be held while taking the registry's or the
 * monitors' lock (and, from there, a mailbox's lock); never the other way
 * round.  The registry's and the monitors' locks are never held together.
 */
#ifndef GINET_CORE_INSPECT_INTERNAL_H
#define GINET_CORE_INSPECT_INTERNAL_H

#include "core/socket_internal.h"

#include <ginet/defaults.h>
#include <ginet/inspect.h>

/* ginet_socket.reg_state */
enum {
    GINET__REG_NEVER = 0,         /* not open yet (or never opened) */
    GINET__REG_LISTED = 1,        /* open: in the registry */
    GINET__REG_GONE = 2           /* closed, or terminated by exit_on_close */
};

/* ------------------------------------------------------------ registry */

/* S has just opened: give it its number and list it.  Called with S's
 * lock held or before any other thread can see S. */
void ginet__registry_add(ginet_socket *s);

/* S is gone: unlist it (once; later calls do nothing).  S's lock held, or
 * S being freed. */
void ginet__registry_remove(ginet_socket *s);

/* Whether S is gone for inspection: closed by the user or unlisted
 * (lock held). */
static inline int ginet__socket_gone(const ginet_socket *s)
{
    return s->state == GINET__ST_CLOSED || s->reg_state == GINET__REG_GONE;
}

/* What getstat and i() read of a socket, taken under its lock. */
typedef struct ginet__sockview {
    uint64_t id;
    int gone;
    int kind;                     /* GINET__KIND_* */
    ginet_family family;
    unsigned states;              /* GINET__SV_* bits */
    ginet_stats stats;
    uint64_t output;              /* payload bytes given to send (info's output) */
    uint64_t owner_id;            /* 0: no owner */
    int packet;                   /* ginet_packet_type */
    const char *backend;
    size_t memory;
} ginet__sockview;

/* inet's status flags (prim_inet:getstatus/1). */
#define GINET__SV_BUSY       0x01u
#define GINET__SV_ACCEPTING  0x02u
#define GINET__SV_CONNECTING 0x04u
#define GINET__SV_LISTEN     0x08u
#define GINET__SV_CONNECTED  0x10u
#define GINET__SV_BOUND      0x20u
#define GINET__SV_OPEN       0x40u

/* Fill V from S (takes S's lock). */
void ginet__sockview_read(ginet_socket *s, ginet__sockview *v);

/* Stats from counters as OTP reports them (32-bit cuts, |dvi|). */
void ginet__stats_report(const ginet__sockstats *st, size_t pend, ginet_stats *out);

/* ------------------------------------------------------------ monitors */

/* S is gone for REASON (0 normal, GINET_E*): send every monitor of S its
 * DOWN message and forget them.  S's lock held. */
void ginet__monitors_fire(ginet_socket *s, int reason);

/* OTP's Info for a socket terminated by exit_on_close in active mode:
 * the receive error that ended it (emsgsize, econnreset when shown, ...),
 * 0 for normal.  S's lock held. */
int ginet__exit_down_reason(ginet_socket *s);

/* ------------------------------------------------------------ defaults */

/*
 * The options a creating call of KIND applies: the node-wide defaults
 * first, then USER (so the caller's options win).  Stores NULL in *OUT
 * when there are no defaults (use USER as it is), else a new list the
 * caller frees.  0, or GINET_EINVAL with ginet__fail() text naming the
 * variable, line and column when the variable is malformed (every
 * creating call fails until it is fixed and reloaded), or GINET_ENOMEM.
 */
int ginet__defaults_merge(ginet_defaults_kind kind, const ginet_optlist *user, ginet_optlist **out);

#endif
