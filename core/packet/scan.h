/*
 * core/packet/scan.h — byte scanning for the HTTP parser (http.c): where a
 * line ends, where a header name's ':' is, where a request URI ends.
 *
 * The trick, and why: HTTP lines are short (36 bytes on average in real
 * heads), and memchr() costs a call through the PLT plus its set-up
 * (alignment and page-crossing checks) every time, which is most of its
 * time on so few bytes.  These are inline and plain:
 *  - with SSE2 (part of every x86-64 CPU, so no run-time check) they look
 *    at 16 bytes per step: compare all 16 with the wanted value at once
 *    (_mm_cmpeq_epi8), turn the result into a 16-bit mask, one bit per
 *    byte (_mm_movemask_epi8), and the lowest set bit (count trailing
 *    zeros) is the first match;
 *  - elsewhere, in portable C, 8 bytes per step in a 64-bit word ("SWAR"):
 *    ginet__has_byte() says whether a word holds the value at all, and
 *    only a word that does is looked at byte by byte.
 * A step reads whole blocks only below a bound the caller gives (the end
 * of the buffer: the parser may look past the end of the line at hand,
 * but never past the bytes it was given); the bytes after the last whole
 * block are read one at a time.  Loads are unaligned vector loads or
 * memcpy(), so alignment does not matter.
 */
#ifndef GINET_PACKET_SCAN_H
#define GINET_PACKET_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* GINET_NO_SIMD (-DGINET_NO_SIMD) forces the portable code, so that it
 * can be tested on x86-64 too. */
#if defined(__SSE2__) && defined(__GNUC__) && !defined(GINET_NO_SIMD)
#include <emmintrin.h>
#define GINET__SCAN_SSE2 1
#else
#define GINET__SCAN_SSE2 0
#endif

#if GINET__SCAN_SSE2
/* The bit mask of the bytes of the 16 at P equal to C. */
static inline unsigned ginet__match16(const uint8_t *p, uint8_t c)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    return (unsigned)_mm_movemask_epi8(
        _mm_cmpeq_epi8(v, _mm_set1_epi8((char)c)));
}
#else
/* Non-zero if one of the 8 bytes at P equals C.  W ^ C*0x0101.. has a
 * zero byte exactly where P holds C, and (x - 0x0101..) & ~x & 0x8080..
 * is non-zero exactly when x has a zero byte (a byte can only borrow
 * from the next one when it is zero itself). */
static inline uint64_t ginet__has_byte(const uint8_t *p, uint8_t c)
{
    uint64_t w;
    memcpy(&w, p, 8);
    uint64_t x = w ^ (0x0101010101010101ull * c);
    return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
}
#endif

/*
 * The first byte C in [P, END), or END if there is none (P <= END).
 * Whole blocks are read while they end at or before BOUND (>= END): bytes
 * past END may be read but are never matched.
 */
static inline const uint8_t *ginet__scan_byte(const uint8_t *p,
                                              const uint8_t *end,
                                              const uint8_t *bound, uint8_t c)
{
#if GINET__SCAN_SSE2
    for (; bound - p >= 16; p += 16) {
        unsigned m = ginet__match16(p, c);
        if (m != 0) {
            p += __builtin_ctz(m);
            return p < end ? p : end;
        }
        if (end - p <= 16)          /* the block held all the rest */
            return end;
    }
#else
    for (; bound - p >= 8; p += 8) {
        if (ginet__has_byte(p, c))
            break;
        if (end - p <= 8)
            return end;
    }
#endif
    while (p < end && *p != c)
        p++;
    return p;
}

/*
 * The first '\n' in [P, END), or END: ginet__scan_byte() where the bound
 * is the end, which lets the SSE2 loop take 32 bytes a step (two blocks,
 * their masks joined into one 32-bit mask) with one test and one branch
 * per step — lines are found in a buffer of many lines.
 */
static inline const uint8_t *ginet__scan_eol(const uint8_t *p,
                                             const uint8_t *end)
{
#if GINET__SCAN_SSE2
    for (; end - p >= 32; p += 32) {
        uint32_t m = ginet__match16(p, '\n') |
                     (uint32_t)ginet__match16(p + 16, '\n') << 16;
        if (m != 0)
            return p + __builtin_ctz(m);
    }
    if (end - p >= 16) {
        unsigned m = ginet__match16(p, '\n');
        if (m != 0)
            return p + __builtin_ctz(m);
        p += 16;
    }
#else
    for (; end - p >= 8; p += 8)
        if (ginet__has_byte(p, '\n'))
            break;
#endif
    while (p < end && *p != '\n')
        p++;
    return p;
}

/* The first SP or TAB in [P, END) (BOUND as above), or END. */
static inline const uint8_t *ginet__scan_blank(const uint8_t *p,
                                               const uint8_t *end,
                                               const uint8_t *bound)
{
#if GINET__SCAN_SSE2
    for (; bound - p >= 16; p += 16) {
        unsigned m = ginet__match16(p, ' ') | ginet__match16(p, '\t');
        if (m != 0) {
            p += __builtin_ctz(m);
            return p < end ? p : end;
        }
        if (end - p <= 16)
            return end;
    }
#else
    for (; bound - p >= 8; p += 8) {
        if (ginet__has_byte(p, ' ') || ginet__has_byte(p, '\t'))
            break;
        if (end - p <= 8)
            return end;
    }
#endif
    while (p < end && *p != ' ' && *p != '\t')
        p++;
    return p;
}

#endif /* GINET_PACKET_SCAN_H */
