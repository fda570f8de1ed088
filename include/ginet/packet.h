/*
 * ginet/packet.h — packet framing: OTP's erlang:decode_packet/3 for every
 * packet type, as a one-shot function on a buffer and as a streaming framer
 * that a socket (or any byte stream) feeds.
 *
 * Packet types are those of OTP's {packet, Type} option: raw (0), 1, 2, 4,
 * asn1, cdr, sunrm, fcgi, tpkt, line, http, httph, http_bin, httph_bin.
 * Options are packet_size, line_length and line_delimiter.  Every result is
 * the one OTP 25 gives, corner cases included (32-bit wrap of HTTP version,
 * status and port numbers, continuation lines kept in header values, the
 * header-name case rules, HTTP/0.9 request lines giving {0,9}, ...); the
 * full list, and the C shape of each OTP term, is in docs/packet.md.
 *
 * Zero-copy: a decoded packet, and every string inside an HTTP packet
 * (method, URI parts, header names and values, reason phrases), is a
 * ginet_slice pointing into the bytes that were decoded; nothing is copied
 * and nothing is allocated.  Copy what you want to keep.  (The only slices
 * that do not point into the input are the canonical names of well-known
 * methods and header fields and the "/" path OTP gives to an absoluteURI
 * without a path: they point to static storage.)
 *
 * The parser fills plain structures (ginet_packet, ginet_http_packet); how
 * they become something else — Erlang terms, socket messages — is the
 * caller's business.  There are no callbacks on the hot path.
 *
 * Thread-safety: the one-shot functions and the table functions are pure
 * and may be called from any thread.  A ginet_framer may be used by one
 * thread at a time; distinct framers are independent.
 */
#ifndef GINET_PACKET_H
#define GINET_PACKET_H

#include <ginet/defs.h>
#include <ginet/term.h>

GINET_BEGIN_DECLS

/* ------------------------------------------------------------------ types */

/* The packet types.  The numeric values are part of the ABI. */
typedef enum ginet_packet_type {
    GINET_PACKET_RAW       = 0,  /* raw | 0: whatever is there */
    GINET_PACKET_1         = 1,  /* 1: 1-byte big-endian length header */
    GINET_PACKET_2         = 2,  /* 2: 2-byte big-endian length header */
    GINET_PACKET_4         = 3,  /* 4: 4-byte big-endian length header */
    GINET_PACKET_ASN1      = 4,  /* asn1: ASN.1 BER tag-length-value */
    GINET_PACKET_CDR       = 5,  /* cdr: CORBA GIOP header */
    GINET_PACKET_SUNRM     = 6,  /* sunrm: Sun RPC record marking */
    GINET_PACKET_FCGI      = 7,  /* fcgi: FastCGI record */
    GINET_PACKET_TPKT      = 8,  /* tpkt: RFC 1006 TPKT */
    GINET_PACKET_LINE      = 9,  /* line: up to line_delimiter */
    GINET_PACKET_HTTP      = 10, /* http: strings as lists */
    GINET_PACKET_HTTPH     = 11, /* httph: header lines only, lists */
    GINET_PACKET_HTTP_BIN  = 12, /* http_bin: strings as binaries */
    GINET_PACKET_HTTPH_BIN = 13  /* httph_bin: header lines only, binaries */
} ginet_packet_type;

/* One more than the largest ginet_packet_type value. */
#define GINET_PACKET_TYPE_COUNT 14

/*
 * The OTP name of a packet type: "raw", "1", "2", "4", "asn1", "cdr",
 * "sunrm", "fcgi", "tpkt", "line", "http", "httph", "http_bin",
 * "httph_bin".  NULL for a value that is no packet type.
 */
GINET_API const char *ginet_packet_type_name(ginet_packet_type type);

/*
 * The packet type named by the LEN bytes at NAME (no NUL needed): the names
 * above, and "0" for raw.  Stores it in *OUT and returns 0, or returns
 * GINET_EINVAL (what OTP answers with badarg).
 */
GINET_API int ginet_packet_type_from_name(const char *name, size_t len,
                                          ginet_packet_type *out);

/*
 * The packet type OTP's integer forms stand for: 0 (raw), 1, 2, 4.  Stores
 * it in *OUT and returns 0, or returns GINET_EINVAL for any other integer.
 */
GINET_API int ginet_packet_type_from_int(int64_t value,
                                         ginet_packet_type *out);

/* 1 for http, httph, http_bin and httph_bin, else 0. */
GINET_API int ginet_packet_type_is_http(ginet_packet_type type);

/* ---------------------------------------------------------------- options */

typedef struct ginet_packet_options {
    /* Largest accepted packet body (the length field's value; for line
     * and HTTP types the whole line), 0 = no limit.  OTP: packet_size. */
    uint32_t packet_size;
    /* line: lines longer than this are cut into pieces of this length.
     * HTTP types: when packet_size is 0, the limit on a line's length.
     * 0 = no limit.  OTP: line_length. */
    uint32_t line_length;
    /* line: the byte that ends a line (default '\n').  Ignored by the
     * other types.  OTP: line_delimiter. */
    uint8_t line_delimiter;
} ginet_packet_options;

/* The defaults: {packet_size,0}, {line_length,0}, {line_delimiter,$\n}. */
GINET_API void ginet_packet_options_init(ginet_packet_options *opts);

/* The options decode_packet/3 takes. */
typedef enum ginet_packet_option {
    GINET_PACKET_OPT_PACKET_SIZE    = 1,
    GINET_PACKET_OPT_LINE_LENGTH    = 2,
    GINET_PACKET_OPT_LINE_DELIMITER = 3
} ginet_packet_option;

/*
 * The option named by the LEN bytes at NAME ("packet_size", "line_length",
 * "line_delimiter"): returns it (> 0), or GINET_EINVAL.
 */
GINET_API int ginet_packet_option_from_name(const char *name, size_t len);

/*
 * Set one option as decode_packet/3 reads its option list, with OTP's
 * validation: packet_size and line_length take 0..4294967295,
 * line_delimiter takes 0..255 and only with TYPE line.  Returns 0, or
 * GINET_EINVAL (OTP's badarg) leaving *OPTS unchanged.  Applying a list in
 * order gives OTP's "the last occurrence wins".
 */
GINET_API int ginet_packet_options_set(ginet_packet_options *opts,
                                       ginet_packet_type type,
                                       ginet_packet_option option,
                                       int64_t value);

/* ---------------------------------------------------------------- results */

/* LEN bytes at PTR; never NUL-terminated.  PTR may be NULL when LEN is 0. */
typedef struct ginet_slice {
    const uint8_t *ptr;
    size_t len;
} ginet_slice;

/* The well-known methods; their values are OTP's order (atoms 'OPTIONS',
 * 'GET', ...).  Methods are matched case-sensitively, as OTP does: "get"
 * is GINET_HTTP_METHOD_OTHER. */
typedef enum ginet_http_method {
    GINET_HTTP_METHOD_OTHER   = 0,   /* a string in OTP */
    GINET_HTTP_METHOD_OPTIONS = 1,
    GINET_HTTP_METHOD_GET     = 2,
    GINET_HTTP_METHOD_HEAD    = 3,
    GINET_HTTP_METHOD_POST    = 4,
    GINET_HTTP_METHOD_PUT     = 5,
    GINET_HTTP_METHOD_DELETE  = 6,
    GINET_HTTP_METHOD_TRACE   = 7
} ginet_http_method;

#define GINET_HTTP_METHOD_COUNT 8

/* The well-known header fields.  Each value is OTP's "Bit" (the second
 * element of {http_header,Bit,Field,UnmodifiedField,Value}); 0 means the
 * field is not well known and OTP gives its name as a string. */
typedef enum ginet_http_field {
    GINET_HTTP_FIELD_OTHER               = 0,
    GINET_HTTP_CACHE_CONTROL             = 1,
    GINET_HTTP_CONNECTION                = 2,
    GINET_HTTP_DATE                      = 3,
    GINET_HTTP_PRAGMA                    = 4,
    GINET_HTTP_TRANSFER_ENCODING         = 5,
    GINET_HTTP_UPGRADE                   = 6,
    GINET_HTTP_VIA                       = 7,
    GINET_HTTP_ACCEPT                    = 8,
    GINET_HTTP_ACCEPT_CHARSET            = 9,
    GINET_HTTP_ACCEPT_ENCODING           = 10,
    GINET_HTTP_ACCEPT_LANGUAGE           = 11,
    GINET_HTTP_AUTHORIZATION             = 12,
    GINET_HTTP_FROM                      = 13,
    GINET_HTTP_HOST                      = 14,
    GINET_HTTP_IF_MODIFIED_SINCE         = 15,
    GINET_HTTP_IF_MATCH                  = 16,
    GINET_HTTP_IF_NONE_MATCH             = 17,
    GINET_HTTP_IF_RANGE                  = 18,
    GINET_HTTP_IF_UNMODIFIED_SINCE       = 19,
    GINET_HTTP_MAX_FORWARDS              = 20,
    GINET_HTTP_PROXY_AUTHORIZATION       = 21,
    GINET_HTTP_RANGE                     = 22,
    GINET_HTTP_REFERER                   = 23,
    GINET_HTTP_USER_AGENT                = 24,
    GINET_HTTP_AGE                       = 25,
    GINET_HTTP_LOCATION                  = 26,
    GINET_HTTP_PROXY_AUTHENTICATE        = 27,
    GINET_HTTP_PUBLIC                    = 28,
    GINET_HTTP_RETRY_AFTER               = 29,
    GINET_HTTP_SERVER                    = 30,
    GINET_HTTP_VARY                      = 31,
    GINET_HTTP_WARNING                   = 32,
    GINET_HTTP_WWW_AUTHENTICATE          = 33,
    GINET_HTTP_ALLOW                     = 34,
    GINET_HTTP_CONTENT_BASE              = 35,
    GINET_HTTP_CONTENT_ENCODING          = 36,
    GINET_HTTP_CONTENT_LANGUAGE          = 37,
    GINET_HTTP_CONTENT_LENGTH            = 38,
    GINET_HTTP_CONTENT_LOCATION          = 39,
    GINET_HTTP_CONTENT_MD5               = 40,
    GINET_HTTP_CONTENT_RANGE             = 41,
    GINET_HTTP_CONTENT_TYPE              = 42,
    GINET_HTTP_ETAG                      = 43,
    GINET_HTTP_EXPIRES                   = 44,
    GINET_HTTP_LAST_MODIFIED             = 45,
    GINET_HTTP_ACCEPT_RANGES             = 46,
    GINET_HTTP_SET_COOKIE                = 47,
    GINET_HTTP_SET_COOKIE2               = 48,
    GINET_HTTP_X_FORWARDED_FOR           = 49,
    GINET_HTTP_COOKIE                    = 50,
    GINET_HTTP_KEEP_ALIVE                = 51,
    GINET_HTTP_PROXY_CONNECTION          = 52
} ginet_http_field;

#define GINET_HTTP_FIELD_COUNT 53

/* Longest header name OTP case-normalizes; a longer one is returned as
 * sent. */
#define GINET_HTTP_MAX_NAME_LEN 50

/* OTP's atom for a well-known method ("GET") or NULL. */
GINET_API const char *ginet_http_method_name(ginet_http_method method);
/* OTP's atom for a well-known field ("Content-Type", "Www-Authenticate",
 * "Content-Md5", "Etag") or NULL. */
GINET_API const char *ginet_http_field_name(ginet_http_field field);
/* The well-known method spelled exactly as the LEN bytes at NAME, else
 * GINET_HTTP_METHOD_OTHER. */
GINET_API ginet_http_method ginet_http_method_lookup(const void *name,
                                                     size_t len);
/* The well-known field the LEN bytes at NAME name in any letter case
 * (which is what OTP's normalization amounts to), else
 * GINET_HTTP_FIELD_OTHER. */
GINET_API ginet_http_field ginet_http_field_lookup(const void *name,
                                                   size_t len);

/* The URI forms of a request line. */
typedef enum ginet_http_uri_kind {
    GINET_HTTP_URI_STAR     = 1, /* '*' */
    GINET_HTTP_URI_ABS_PATH = 2, /* {abs_path, Path} */
    GINET_HTTP_URI_HTTP     = 3, /* {absoluteURI, http, Host, Port, Path} */
    GINET_HTTP_URI_HTTPS    = 4, /* {absoluteURI, https, Host, Port, Path} */
    GINET_HTTP_URI_SCHEME   = 5, /* {scheme, Scheme, Path} */
    GINET_HTTP_URI_STRING   = 6  /* Path: a plain string */
} ginet_http_uri_kind;

typedef struct ginet_http_uri {
    ginet_http_uri_kind kind;
    ginet_slice scheme;   /* SCHEME: the text before the first ':' */
    ginet_slice host;     /* HTTP, HTTPS: the text up to ':' or '/' */
    int32_t port;         /* HTTP, HTTPS: the port; 0 = undefined */
    ginet_slice path;     /* ABS_PATH: the URI; HTTP, HTTPS: from the first
                           * '/' (static "/" if none); SCHEME: after the
                           * ':'; STRING: the URI */
} ginet_http_uri;

/* What an HTTP line decoded to. */
typedef enum ginet_http_kind {
    GINET_HTTP_REQUEST  = 1, /* {http_request,Method,Uri,{Major,Minor}} */
    GINET_HTTP_RESPONSE = 2, /* {http_response,{Major,Minor},Status,Reason} */
    GINET_HTTP_HEADER   = 3, /* {http_header,Bit,Field,UnmodifiedField,Value} */
    GINET_HTTP_EOH      = 4, /* http_eoh */
    GINET_HTTP_ERROR    = 5  /* {http_error,Line} */
} ginet_http_kind;

/* One HTTP line.  Only the fields of KIND are set (nothing is cleared,
 * for speed); the others hold unspecified values. */
typedef struct ginet_http_packet {
    ginet_http_kind kind;
    /* REQUEST and RESPONSE.  Numbers wrap as OTP's 32-bit C ints do. */
    int32_t major, minor;
    /* REQUEST: the method as sent (for a well-known method, also its
     * atom's name), which well-known method it is, and the URI. */
    ginet_http_method method;
    ginet_slice method_name;
    ginet_http_uri uri;
    /* RESPONSE: the status code (0 when absent) and the reason phrase. */
    int32_t status;
    ginet_slice reason;
    /* HEADER: which well-known field, the name as sent (OTP's
     * UnmodifiedField) and the value (continuation lines included, CRLF
     * and all).  ginet_http_header_field() gives OTP's Field. */
    ginet_http_field field;
    ginet_slice name;
    ginet_slice value;
    /* ERROR: the whole line, line ending included. */
    ginet_slice line;
} ginet_http_packet;

/*
 * OTP's Field of a header: the canonical name of a well-known field; for
 * another name of at most GINET_HTTP_MAX_NAME_LEN bytes, the name with its
 * first letter and every letter after a '-' upper-cased and the others
 * lower-cased, written into BUF; for a longer name the name as sent.
 * Stores the result in *OUT (pointing to static storage, into BUF or into
 * the packet's input).  Returns 0, or GINET_EINVAL if PKT is no header.
 */
GINET_API int ginet_http_header_field(const ginet_http_packet *pkt,
                                      uint8_t buf[GINET_HTTP_MAX_NAME_LEN],
                                      ginet_slice *out);

/*
 * One decoded packet.
 *   size    bytes the packet took from the input (header, padding and line
 *           ending included): OTP's Rest starts there.
 *   data    the packet OTP returns as a binary: for 1, 2 and 4 without the
 *           length header; for fcgi without the padding; for the others
 *           the whole packet.  For HTTP types, the raw line(s).
 *   http    for HTTP types, what the line says.
 *   needed  after GINET_DECODE_MORE: the total length (header included)
 *           the packet needs when it is known (OTP's {more,Length}), else
 *           0 ({more,undefined}).
 */
typedef struct ginet_packet {
    ginet_packet_type type;
    size_t size;
    ginet_slice data;
    ginet_http_packet http;
    size_t needed;
} ginet_packet;

/* What ginet_decode_packet() and ginet_framer_next() found. */
typedef enum ginet_decode_status {
    GINET_DECODE_OK      = 0,  /* {ok, Packet, Rest} */
    GINET_DECODE_MORE    = 1,  /* {more, Length | undefined} */
    GINET_DECODE_INVALID = 2   /* {error, invalid} */
} ginet_decode_status;

/*
 * erlang:decode_packet(TYPE, DATA, OPTIONS) on the LEN bytes at DATA.
 * OPTS NULL means the defaults.  Fills *PKT and returns
 *   GINET_DECODE_OK       a packet: PKT->data / PKT->http, Rest is
 *                         DATA[PKT->size .. LEN)
 *   GINET_DECODE_MORE     more bytes needed: PKT->needed (0 = unknown)
 *   GINET_DECODE_INVALID  the bytes can never make a packet of TYPE (bad
 *                         header, or packet_size exceeded)
 *   GINET_EINVAL          TYPE is no packet type, or PKT is NULL, or
 *                         DATA is NULL with LEN > 0
 * HTTP types decode as a fresh decode_packet call does: http and http_bin
 * expect a request or status line, httph and httph_bin a header line.
 * Never allocates; never reads outside DATA[0..LEN).
 */
GINET_API int ginet_decode_packet(ginet_packet_type type,
                                  const ginet_packet_options *opts,
                                  const void *data, size_t len,
                                  ginet_packet *pkt);

/* ---------------------------------------------------------------- batches */

/*
 * Batches: many packets per call, for a caller that frames a whole read at
 * once (a socket's receive path).  Each packet comes out as a 16-byte
 * ginet_packet_span — where its data lies — instead of a whole
 * ginet_packet; HTTP lines can come out parsed as well.  The packets, the
 * error and the "need more" at the end are exactly those of
 * ginet_decode_packet() (ginet_framer_next() for the framer's batch) called
 * again and again; only the per-call overhead is gone.
 */

/* One packet of a batch: its data (what ginet_packet.data would be: for
 * 1, 2 and 4 without the length header, for fcgi without the padding, for
 * HTTP types the raw line(s)) is BASE + OFFSET, LEN bytes, where BASE is
 * ginet_packet_batch.base. */
typedef struct ginet_packet_span {
    size_t offset;
    size_t len;
} ginet_packet_span;

/*
 * The arrays a batch is written into, the HTTP state it carries, and how
 * it ended.  Set SPANS, MAX and (optionally) HTTP once, set HTTP_STATE to
 * 0 at the start of a stream, and pass the same struct to every call.
 */
typedef struct ginet_packet_batch {
    /* Set by the caller. */
    ginet_packet_span *spans;   /* room for MAX spans */
    ginet_http_packet *http;    /* HTTP types: NULL, or room for MAX parsed
                                 * lines (http[i] is span i's line; only the
                                 * fields of its kind are set) */
    size_t max;                 /* take at most this many packets (> 0) */
    /* ginet_decode_packets(): read and updated, the HTTP state of the
     * stream (0: a request or status line is next, 1: header lines), as a
     * socket keeps it (see the framer).  ginet_framer_next_batch(): set
     * to the framer's state; the framer keeps its own. */
    int http_state;
    /* Set by the call. */
    const uint8_t *base;        /* where offsets count from */
    size_t count;               /* spans stored (also the return value) */
    size_t consumed;            /* bytes the COUNT packets took, headers,
                                 * padding and line endings included: the
                                 * rest starts at BASE + CONSUMED */
    int status;                 /* why the batch ended:
                                 *   GINET_DECODE_OK    MAX packets taken;
                                 *                      the rest may hold more
                                 *   GINET_DECODE_MORE  the rest is no whole
                                 *                      packet: NEEDED
                                 *   GINET_DECODE_INVALID (decode_packets) or
                                 *   GINET_EMSGSIZE (framer): the rest starts
                                 *                      with a bad packet */
    size_t needed;              /* after MORE: ginet_packet.needed for the
                                 * rest (its total length from BASE +
                                 * CONSUMED when known, else 0) */
} ginet_packet_batch;

/*
 * decode_packet/3 again and again: the packets of TYPE in DATA[0..LEN)
 * from the first on, as ginet_decode_packet() gives them when called on
 * the rest after each packet, until MAX packets, the end of the whole
 * packets, or an invalid one.  BATCH->base is DATA.  HTTP types: the
 * lines are read with BATCH->http_state and update it as a socket does
 * (for http and http_bin: a start line, header lines until http_eoh, the
 * next start line...; httph and httph_bin: header lines only), which is
 * ginet_decode_packet() with the type switched to httph after a start
 * line and back after http_eoh.  With BATCH->http set, each line's parse
 * is stored there too.  OPTS NULL means the defaults.
 *
 * Returns the number of packets stored in BATCH->spans (0..MAX; also in
 * BATCH->count), with BATCH->status, consumed and needed saying how the
 * batch ended; or GINET_EINVAL (a bad TYPE, BATCH or SPANS NULL, MAX 0,
 * DATA NULL with LEN > 0).  Never allocates; never reads outside
 * DATA[0..LEN).  Thread-safety: pure; BATCH is the caller's.
 */
GINET_API ptrdiff_t ginet_decode_packets(ginet_packet_type type,
                                         const ginet_packet_options *opts,
                                         const void *data, size_t len,
                                         ginet_packet_batch *batch);

/* ------------------------------------------------------ results as terms */

/*
 * The Packet of {ok, Packet, Rest} as OTP builds it, in ARENA: a binary
 * for the non-HTTP types; for HTTP types the http_request, http_response,
 * http_header, http_eoh or http_error term, with strings as lists (http,
 * httph) or binaries (http_bin, httph_bin).  NULL when out of memory or
 * for a bad argument.  For printing (ginet_term_format) in tools and
 * tests; nothing on the socket path builds terms.
 */
GINET_API ginet_term *ginet_packet_term(ginet_term_arena *arena,
                                        const ginet_packet *pkt);

/*
 * The whole decode_packet/3 answer for STATUS (a return of
 * ginet_decode_packet() on DATA[0..LEN) that filled PKT): {ok,Packet,Rest},
 * {more,Length|undefined}, {error,invalid}, or {'EXIT',badarg} for a
 * negative STATUS.  NULL when out of memory or for a bad argument.
 */
GINET_API ginet_term *ginet_decode_result_term(ginet_term_arena *arena,
                                               int status,
                                               const ginet_packet *pkt,
                                               const void *data, size_t len);

/* ----------------------------------------------------------------- framer */

/*
 * A streaming framer: bytes go in as they arrive, in pieces of any size,
 * and whole packets come out, the same packets whatever the split.
 *
 * The framer owns one growable buffer.  Bytes are put into it either by
 * copying (ginet_framer_feed) or, with no copy at all, by receiving
 * directly into it (ginet_framer_reserve, then ginet_framer_commit).
 * ginet_framer_next() returns packets as slices of that buffer; they stay
 * valid until the next call of feed, reserve, detach, set_type, reset or
 * free (next itself never moves the buffer, so all packets taken in a row
 * stay valid together).
 *
 * HTTP: the framer keeps OTP's per-socket HTTP state, exactly as
 * inet_drv's tcp port does.  With type http or http_bin it starts by
 * expecting a request or status line; after an http_request or
 * http_response it reads header lines (continuation lines joined, as
 * httph would); after http_eoh it expects a request or status line again
 * (the next request on a keep-alive connection).  An http_error leaves the
 * state as it was.  With httph or httph_bin every line is a header line.
 * Changing the type with ginet_framer_set_type() keeps the state, as a
 * setopts of {packet,...} does on an OTP socket.
 *
 * Errors: a packet OTP would answer with {error,invalid} (a bad header, a
 * packet_size exceeded) makes ginet_framer_next() return GINET_EMSGSIZE —
 * what an OTP socket reports — after every packet before it has been
 * returned.  The error is sticky until ginet_framer_reset().
 */
typedef struct ginet_framer ginet_framer;

/*
 * A new framer for TYPE with OPTS (NULL: defaults).  Stores it in *OUT and
 * returns 0; GINET_EINVAL for a bad TYPE, GINET_ENOMEM.  The buffer is
 * allocated on first use.
 */
GINET_API int ginet_framer_new(ginet_packet_type type,
                               const ginet_packet_options *opts,
                               ginet_framer **out);

/* Free a framer and its buffer.  NULL is allowed. */
GINET_API void ginet_framer_free(ginet_framer *f);

/*
 * Change the packet type and options, as setopts does on a socket: bytes
 * already buffered and not yet returned are framed with the new type from
 * the next ginet_framer_next() on; the HTTP state is kept.  Returns 0 or
 * GINET_EINVAL.  Clears a sticky error.
 */
GINET_API int ginet_framer_set_type(ginet_framer *f, ginet_packet_type type,
                                    const ginet_packet_options *opts);

/* Forget buffered bytes, the HTTP state and any error; keep the type,
 * the options and the buffer's memory. */
GINET_API void ginet_framer_reset(ginet_framer *f);

/* Copy LEN bytes at DATA to the end of the buffered bytes.  Returns 0,
 * GINET_ENOMEM, or GINET_EINVAL (DATA NULL with LEN > 0). */
GINET_API int ginet_framer_feed(ginet_framer *f, const void *data,
                                size_t len);

/*
 * Zero-copy input: make room for at least MIN bytes (at least 1 if MIN is
 * 0) after the buffered ones and store where they go in *PTR and how many
 * bytes may be written there in *AVAIL (>= MIN).  Receive into it, then
 * call ginet_framer_commit() with the number of bytes written.  Returns 0,
 * GINET_ENOMEM, or GINET_EINVAL.  Invalidates packets taken earlier.
 */
GINET_API int ginet_framer_reserve(ginet_framer *f, size_t min,
                                   uint8_t **ptr, size_t *avail);

/* Add N bytes written at the pointer ginet_framer_reserve() gave.  Returns
 * 0, or GINET_EINVAL if N is more than was reserved. */
GINET_API int ginet_framer_commit(ginet_framer *f, size_t n);

/*
 * Take the next packet.  Returns GINET_DECODE_OK with *PKT filled (slices
 * into the framer's buffer), GINET_DECODE_MORE when the buffered bytes do
 * not hold a whole packet (PKT->needed as for ginet_decode_packet), or
 * GINET_EMSGSIZE (see above).  With type raw, each call returns everything
 * buffered.
 */
GINET_API int ginet_framer_next(ginet_framer *f, ginet_packet *pkt);

/*
 * ginet_framer_next() again and again, in one call: take up to
 * BATCH->max packets into BATCH->spans (and, for HTTP types with
 * BATCH->http set, their parses into BATCH->http), stopping as
 * ginet_framer_next() would stop.  BATCH->base is the framer's first
 * byte not yet returned when the call started; the packets stay valid as
 * those of ginet_framer_next() do (until the next feed, reserve, detach,
 * set_type, reset or free).  BATCH->status is GINET_DECODE_OK (MAX
 * packets taken: call again), GINET_DECODE_MORE (BATCH->needed as
 * ginet_framer_next() sets PKT->needed) or GINET_EMSGSIZE (the error,
 * after the packets before it; sticky as for ginet_framer_next(), so a
 * batch on a framer already in error returns 0 packets and it).
 * BATCH->http_state is set to the framer's HTTP state after the batch.
 * With type raw, a batch returns everything buffered as one packet.
 *
 * Returns the number of packets (0..MAX), or GINET_EINVAL (F, BATCH or
 * SPANS NULL, MAX 0).  This is how a socket frames a whole read: reserve,
 * receive, commit, then one batch (and again while the status is OK).
 */
GINET_API ptrdiff_t ginet_framer_next_batch(ginet_framer *f,
                                            ginet_packet_batch *batch);

/*
 * Take exactly N buffered bytes as one raw packet, whatever the packet
 * type — what gen_tcp:recv(S, N) does in raw mode.  Returns
 * GINET_DECODE_OK with *PKT set (a slice of the buffer), GINET_DECODE_MORE
 * when fewer than N bytes are buffered (nothing taken), or GINET_EINVAL
 * (N is 0).
 */
GINET_API int ginet_framer_take(ginet_framer *f, size_t n, ginet_packet *pkt);

/* What the framer wants before ginet_framer_next() can return a packet. */
typedef enum ginet_framer_want {
    GINET_FRAMER_READY = 0,  /* a packet (or the error) is ready: call next */
    GINET_FRAMER_EXACT = 1,  /* exactly *BYTES more complete the packet */
    GINET_FRAMER_AT_LEAST = 2, /* the length is not known yet: *BYTES more
                              * is the least that can tell more (no
                              * read-ahead: read exactly that many) */
    GINET_FRAMER_ANY = 3     /* raw: any amount (*BYTES is 0) */
} ginet_framer_want;

/*
 * How many bytes the next read should ask for, as OTP's socket does with
 * {read_ahead,false}: the rest of the packet when its length is known;
 * otherwise the rest of the fixed header (1, 2, 4, sunrm, cdr, fcgi,
 * tpkt), or 1 (asn1, line, HTTP types).  Stores the count in *BYTES (may be
 * NULL) and returns what it means.  Does not move the buffer.
 */
GINET_API ginet_framer_want ginet_framer_need(ginet_framer *f,
                                              size_t *bytes);

/* Bytes buffered and not yet returned as packets. */
GINET_API size_t ginet_framer_buffered(const ginet_framer *f);

/* The HTTP state: 0 = expecting a request or status line, 1 = reading
 * header lines.  Setting it lets a socket layer start mid-message. */
GINET_API int ginet_framer_http_state(const ginet_framer *f);
GINET_API void ginet_framer_set_http_state(ginet_framer *f, int state);

/*
 * Hand the buffer over: store in *BLOCK the memory block every packet
 * returned since the last feed/reserve points into (free it with
 * ginet_framer_block_free() once those packets are no longer needed) and
 * start a new buffer holding only the bytes not yet returned.  This is how
 * a socket delivers packets to their owner without copying them.  Stores
 * NULL (and returns 0) when there is no buffer.  Returns 0 or
 * GINET_ENOMEM (nothing changed).
 */
GINET_API int ginet_framer_detach(ginet_framer *f, void **block);

/*
 * Give back the buffer's memory when nothing is buffered and it holds
 * more than KEEP bytes (the next reserve or feed allocates again): how a
 * socket keeps idle connections small after a burst.  Packets taken
 * earlier become invalid.
 */
GINET_API void ginet_framer_trim(ginet_framer *f, size_t keep);

/* Free a block from ginet_framer_detach().  NULL is allowed. */
GINET_API void ginet_framer_block_free(void *block);

GINET_END_DECLS

#endif /* GINET_PACKET_H */
