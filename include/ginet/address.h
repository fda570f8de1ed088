/*
 * ginet/address.h — IP and local (unix) addresses: types, OTP's parsers,
 * ntoa and the address predicates of OTP's `inet` module.
 *
 * Every function here behaves as its OTP 25 namesake (inet:parse_address/1,
 * inet:ntoa/1, ...), including the corners: short IPv4 forms ("127.1"),
 * hexadecimal and octal fields ("0x7f.1"), IPv4 tails in IPv6 text
 * ("::ffff:1.2.3.4"), zone ids ("fe80::1%eth0"), and the choice of which
 * run of zeros "::" replaces.
 *
 * Text inputs are byte strings of any content; a text OTP would receive as
 * a list of Unicode code points is passed here UTF-8 encoded, and the
 * answer is then OTP's for that list (bytes >= 0x80 are never digits or
 * separators; they can only appear in a zone id).  Parsers never read
 * outside TEXT[0..LEN), never need a NUL terminator and never allocate.
 * The rules in full, with examples, are in docs/addresses.md.
 *
 * Thread-safety: every function is pure and may be called from any thread.
 */
#ifndef GINET_ADDRESS_H
#define GINET_ADDRESS_H

#include <ginet/defs.h>

GINET_BEGIN_DECLS

/* Address families, as OTP's address_family() plus "unspec". */
typedef enum ginet_family {
    GINET_AF_UNSPEC = 0,   /* OTP's {unspec, <<>>}: no address */
    GINET_AF_INET   = 1,   /* inet:  IPv4 */
    GINET_AF_INET6  = 2,   /* inet6: IPv6 */
    GINET_AF_LOCAL  = 3    /* local: AF_UNIX / AF_LOCAL */
} ginet_family;

/* An ip_address(): {A,B,C,D} or {A,B,C,D,E,F,G,H}. */
typedef struct ginet_ip_address {
    ginet_family family;         /* GINET_AF_INET or GINET_AF_INET6 */
    union {
        uint8_t  v4[4];          /* {A,B,C,D}, in that order */
        uint16_t v6[8];          /* {A,...,H}, host byte order */
    } u;
} ginet_ip_address;

/* The longest a local path may be (sun_path of Linux and the BSDs is at
 * most 108 bytes; the OS's own limit is checked when a socket is made). */
#define GINET_LOCAL_PATH_MAX 108

/* A local_address(): {local, Path}.  PATH holds LEN bytes and is not
 * NUL-terminated; a leading NUL byte is a Linux abstract address. */
typedef struct ginet_local_address {
    uint16_t len;
    uint8_t  path[GINET_LOCAL_PATH_MAX];
} ginet_local_address;

/* Longest text ginet_ntoa() writes, including the terminating NUL:
 * "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" (39), "::ffff:255.255.255.255"
 * (22) and the zone form "fe80:0:ffff:ffff:ffff:ffff:ffff:ffff%065535"
 * (43) all fit. */
#define GINET_NTOA_MAX 46

/*
 * The six OTP parsers.  Each reads the LEN bytes at TEXT and, on success,
 * stores the address in *OUT and returns 0; otherwise returns GINET_EINVAL
 * (OTP's {error,einval}) and leaves *OUT unspecified.
 *
 *   parse_ipv4_address        relaxed IPv4: 1 to 4 fields, decimal, octal
 *                             (leading 0) or hex (0x) fields
 *   parse_ipv4strict_address  exactly four decimal fields
 *   parse_ipv6_address        relaxed IPv6; also relaxed IPv4 text, which
 *                             gives the IPv4-mapped IPv6 address
 *   parse_ipv6strict_address  IPv6 only (an IPv4 tail is allowed)
 *   parse_address             IPv4 relaxed, else IPv6 strict
 *   parse_strict_address      IPv4 strict, else IPv6 strict
 *
 * IPv6 zone ids ("%..." after the last hex word, up to the end of the
 * text, any bytes) are accepted as OTP 25 does: only when the address is
 * in fe80::/16 or ff02::/16 and its second word is 0; that word then takes
 * the zone's number when the zone is written "%0<decimal>" (at most
 * 65535), and stays 0 for any other zone ("%eth0", "%1", "%").  So
 * "fe80::1%eth0" gives {fe80,0,0,0,0,0,0,1}, "fe80::1%01" gives
 * {fe80,1,0,0,0,0,0,1}, and "::1%1", "fe80::1%0x" are errors.  Use
 * ginet_parse_address_zone() to learn the zone text itself.
 *
 * TEXT may be NULL when LEN is 0.  OUT must not be NULL (GINET_EINVAL).
 */
GINET_API int ginet_parse_address(const char *text, size_t len,
                                  ginet_ip_address *out);
GINET_API int ginet_parse_strict_address(const char *text, size_t len,
                                         ginet_ip_address *out);
GINET_API int ginet_parse_ipv4_address(const char *text, size_t len,
                                       ginet_ip_address *out);
GINET_API int ginet_parse_ipv4strict_address(const char *text, size_t len,
                                             ginet_ip_address *out);
GINET_API int ginet_parse_ipv6_address(const char *text, size_t len,
                                       ginet_ip_address *out);
GINET_API int ginet_parse_ipv6strict_address(const char *text, size_t len,
                                             ginet_ip_address *out);

/* Which of the six parsers ginet_parse_address_zone() runs. */
typedef enum ginet_parse_kind {
    GINET_PARSE_ADDRESS = 0,            /* ginet_parse_address */
    GINET_PARSE_STRICT_ADDRESS = 1,     /* ginet_parse_strict_address */
    GINET_PARSE_IPV4_ADDRESS = 2,       /* ginet_parse_ipv4_address */
    GINET_PARSE_IPV4STRICT_ADDRESS = 3, /* ginet_parse_ipv4strict_address */
    GINET_PARSE_IPV6_ADDRESS = 4,       /* ginet_parse_ipv6_address */
    GINET_PARSE_IPV6STRICT_ADDRESS = 5  /* ginet_parse_ipv6strict_address */
} ginet_parse_kind;

/*
 * The parser KIND, which also reports the zone id: on success, when the
 * text had a zone id, *ZONE points into TEXT just after the '%' and
 * *ZONE_LEN is its length in bytes (possibly 0, for "fe80::1%"); without
 * one, *ZONE is NULL and *ZONE_LEN 0.  The address in *OUT is exactly
 * what the plain parser gives (word 2 holds OTP's scope number, 0 for a
 * named zone), so socket code can resolve a named zone itself, e.g. with
 * if_nametoindex().  ZONE and ZONE_LEN may each be NULL.  Returns 0, or
 * GINET_EINVAL for a bad text or an unknown KIND.
 */
GINET_API int ginet_parse_address_zone(ginet_parse_kind kind,
                                       const char *text, size_t len,
                                       ginet_ip_address *out,
                                       const char **zone, size_t *zone_len);

/*
 * inet:ntoa/1: write ADDR as text into BUF (capacity CAP; always
 * NUL-terminated when CAP > 0).  Returns the text's length (without the
 * NUL), or GINET_EINVAL if ADDR is not a valid address (family neither
 * INET nor INET6, or a NULL pointer), or GINET_ERANGE if CAP is too small
 * (GINET_NTOA_MAX is always enough; BUF then holds a truncated text).
 *
 * As OTP: IPv6 words in lowercase hex without leading zeros; the longest
 * run of two or more zero words (the leftmost of equal runs) becomes "::";
 * "::A.B.C.D" when the first six words are zero (but "::" and "::1"),
 * "::ffff:A.B.C.D" for IPv4-mapped addresses; and fe80::/16 or ff02::/16
 * with a non-zero second word S is written with that word as 0 followed by
 * "%0" and S in decimal ({fe80,1,0,0,0,0,0,1} is "fe80::1%01"), which the
 * parsers read back to the same address.
 */
GINET_API long ginet_ntoa(const ginet_ip_address *addr, char *buf,
                          size_t cap);

/*
 * inet:ipv4_mapped_ipv6_address/1: an IPv4 address gives its IPv4-mapped
 * IPv6 address ::ffff:A.B.C.D; an IPv6 address gives the IPv4 address made
 * of its two low words, whatever the other six hold.  Returns 0, or
 * GINET_EINVAL if IN is not a valid address.  IN and OUT may alias.
 * (OTP's guard lets tuples with negative elements through and returns a
 * tuple that is no address; a ginet_ip_address cannot hold one.)
 */
GINET_API int ginet_ipv4_mapped_ipv6_address(const ginet_ip_address *in,
                                             ginet_ip_address *out);

/*
 * OTP's address tuples are tuples of arbitrary integers; these take one as
 * an array of COUNT integers and answer as inet:is_ip_address/1,
 * is_ipv4_address/1 and is_ipv6_address/1 do: 1 (true) or 0 (false).
 * ELEMS may be NULL when COUNT is 0.
 */
GINET_API int ginet_is_ip_address(const int64_t *elems, size_t count);
GINET_API int ginet_is_ipv4_address(const int64_t *elems, size_t count);
GINET_API int ginet_is_ipv6_address(const int64_t *elems, size_t count);

/*
 * Make a ginet_ip_address from an integer tuple: 0 and *OUT set when
 * ginet_is_ip_address(ELEMS, COUNT) is true, GINET_EINVAL otherwise (also
 * when OUT is NULL).
 */
GINET_API int ginet_ip_address_from_tuple(const int64_t *elems, size_t count,
                                          ginet_ip_address *out);

/*
 * The tuple elements of ADDR (4 or 8 of them) into ELEMS, which must have
 * room for 8.  Returns the count, or GINET_EINVAL for a bad family or a
 * NULL pointer.
 */
GINET_API int ginet_ip_address_to_tuple(const ginet_ip_address *addr,
                                        int64_t elems[8]);

/* 1 if A and B are the same family (INET or INET6) and address, else 0
 * (also for NULL pointers and other families). */
GINET_API int ginet_ip_address_equal(const ginet_ip_address *a,
                                     const ginet_ip_address *b);

/*
 * Fill a local address from the LEN bytes at PATH (which may be NULL when
 * LEN is 0).  Returns 0, GINET_ENAMETOOLONG if LEN exceeds
 * GINET_LOCAL_PATH_MAX, or GINET_EINVAL for a NULL pointer.
 */
GINET_API int ginet_local_address_set(ginet_local_address *out,
                                      const void *path, size_t len);

GINET_END_DECLS

#endif /* GINET_ADDRESS_H */
