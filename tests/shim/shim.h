/*
 * tests/shim/shim.h — the control API of the fault-injecting shim backend
 * (tests only; never installed).
 *
 * The shim is a backend module named "shim" (tests/shim/shim*.c) that
 * wraps a real backend — GINET_SHIM_INNER, default "epoll"; the same
 * sources built as "shim_socket" always wrap "socket" — and forwards
 * every operation to it, while making on demand what a real network does
 * only now and then:
 *
 *   short_read=P     P% of stream RECVs are cut to a random prefix of the
 *                    buffers (often a few bytes), so framing sees headers
 *                    and bodies arrive in pieces;
 *   short_write=P    P% of stream SENDs are cut the same way, so the
 *                    frontend must send the rest;
 *   eagain=P         P% of submissions act as if the OS said EAGAIN: an
 *                    INLINE|TRY request is refused with GINET_EAGAIN, any
 *                    other one is parked in the shim and handed to the
 *                    inner backend only after 1..eagain_polls polls (so it
 *                    completes through the loop, never inline);
 *   eagain_try=P     the share of INLINE|TRY requests refused (default:
 *                    eagain's) — 0 keeps a direct send's answer the
 *                    kernel's, for tests that assert what a send returns
 *                    right after the peer closed or reset;
 *   eagain_polls=N   (default 3);
 *   delay=P          P% of completions are held back 1..delay_polls polls
 *                    and then delivered in the order they arrived (the
 *                    loop's poll does not sleep while any is held);
 *   delay_polls=N    (default 4);
 *   seed=S           the pseudo-random generator's seed (decimal).
 *
 * and, once, on a chosen socket (ginet_shim_inject): ECONNRESET on its next
 * RECV or SEND (after which RECV reads end of stream and SEND fails with
 * GINET_EPIPE, as on a socket the peer reset), or GINET_EMFILE on its next
 * ACCEPT (nothing is accepted; the connection stays in the backlog).
 *
 * Every alteration is undone before the frontend sees the completion (the
 * request's iov, iovcnt, accepted and flags are the frontend's again), so
 * the frontend sees only what the contract allows: partial results,
 * completions through the loop instead of inline, late completions.
 *
 * The faults are module-wide (each of the two modules has its own) and
 * may be changed at any time; at load the
 * shim takes GINET_SHIM_FAULTS (same syntax) or else GINET_SHIM_DEFAULT.
 * Tests reach these functions with dlsym() on the loaded module
 * (tests/shim/shim_ctl.c does it for the socket suite).
 */
#ifndef GINET_TEST_SHIM_H
#define GINET_TEST_SHIM_H

#include <stddef.h>
#include <stdint.h>

/* The faults the socket suites run with on the shim by default. */
#define GINET_SHIM_DEFAULT \
    "short_read=50,short_write=50,eagain=20,eagain_polls=3,delay=25,delay_polls=4"

/* What ginet_shim_inject() arms. */
#define GINET_SHIM_RESET_RECV 1   /* next RECV: GINET_ECONNRESET */
#define GINET_SHIM_RESET_SEND 2   /* next SEND: GINET_ECONNRESET */
#define GINET_SHIM_EMFILE     3   /* next ACCEPT: GINET_EMFILE */

/* How many times each fault happened since load (or the last reset). */
typedef struct ginet_shim_counters {
    uint64_t short_reads, short_writes, eagains, parked, delayed;
    uint64_t resets, emfiles;
    uint64_t submits, completions;
} ginet_shim_counters;

/* Set the faults from SPEC ("key=value,..." as above; NULL, "" or "off":
 * none).  Keys not named keep their default (0% for the percentages).
 * 0, or GINET_EINVAL for a spec it cannot read (nothing changed). */
int ginet_shim_set_faults(const char *spec);
typedef int (*ginet_shim_set_faults_fn)(const char *spec);

/* The faults in force, as a spec ending with seed=S, into BUF. */
void ginet_shim_get_faults(char *buf, size_t cap);
typedef void (*ginet_shim_get_faults_fn)(char *buf, size_t cap);

/* Arm WHAT (GINET_SHIM_*) once for the shim socket whose native handle is
 * FD (a socket of the shim, open now).  0, GINET_EINVAL, or GINET_ENOMEM
 * (too many armed at once). */
int ginet_shim_inject(intptr_t fd, int what);
typedef int (*ginet_shim_inject_fn)(intptr_t fd, int what);

/* The counters; with CLEAR, zero them afterwards. */
void ginet_shim_counters_get(ginet_shim_counters *out, int clear);
typedef void (*ginet_shim_counters_get_fn)(ginet_shim_counters *out, int clear);

#endif
