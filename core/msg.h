/*
 * core/msg.h — making messages (ginet_msg) for receivers and owners.
 */
#ifndef GINET_CORE_MSG_H
#define GINET_CORE_MSG_H

#include "core/socket_internal.h"

#include <string.h>

/* A TCP (or, with HTTP set, an HTTP) message holding a copy of PKT's
 * bytes, with every slice pointing into that copy.  Holds a reference to
 * S.  NULL when out of memory. */
ginet_msg *ginet__msg_from_packet(ginet_socket *s, const ginet_packet *pkt, int http);

/* A message without data (closed, error, passive, ...).  NULL on ENOMEM. */
ginet_msg *ginet__msg_event(ginet_socket *s, ginet_msg_kind kind, int error);

/*
 * Zero *M.  A message is 384 bytes (the HTTP packet and the UDP sender's
 * address make it big) and a callback owner is lent one per packet:
 * memset() of a constant size that large is compiled to `rep stos`, whose
 * start-up cost was 2.4 % of the 64-connection echo benchmark; plain
 * 16-byte stores take a few cycles.  (The empty asm keeps the compiler
 * from turning the loop back into a memset().)
 */
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
static inline void ginet__msg_clear(ginet_msg *m)
{
    enum { BLOCKS = sizeof(ginet_msg) / 64 };
    __m128i z = _mm_setzero_si128();
    __m128i *p = (__m128i *)(void *)m;
    for (size_t i = 0; i < BLOCKS; i++, p += 4) {
        _mm_storeu_si128(p, z);
        _mm_storeu_si128(p + 1, z);
        _mm_storeu_si128(p + 2, z);
        _mm_storeu_si128(p + 3, z);
        __asm__("" : "+r"(p));
    }
    /* The rest, if any (none on x86-64, where it is 6 blocks). */
    memset((char *)m + BLOCKS * 64, 0, sizeof(ginet_msg) - BLOCKS * 64);
}
#else
static inline void ginet__msg_clear(ginet_msg *m)
{
    memset(m, 0, sizeof *m);
}
#endif

/* The queue link of a message made here (for mailboxes). */
ginet_msg **ginet__msg_link(ginet_msg *m);

#endif
