/*
 * ginet/resolver.h — names and addresses, as OTP's inet module resolves
 * them: gethostbyname/1,2, gethostbyaddr/1, getaddr/2, getaddrs/2,
 * gethostname/0, and the inet configuration ("inetrc") behind them with
 * get_rc/0.
 *
 * Lookups follow the configured `lookup` order, as OTP does: `file` (the
 * inetrc host entries, then the hosts file), `dns` (ginet's own DNS client:
 * c-ares driven by ginet's loop, with the inetrc nameservers, timeout and
 * retry, and a cache honouring TTLs), `native` (the system's resolver
 * configuration: /etc/resolv.conf and /etc/hosts, read by c-ares; never
 * cached; `yp`, `nis` and `nisplus` mean native too).  Address text of
 * the family asked ("10.1", "::1", and the integer-string quirk
 * "3232235521" = 192.168.0.1) is answered without a lookup, whatever the
 * order (OTP's `string` method; with `native` OTP's C library does the
 * same); the local host name always resolves to the loopback address,
 * and an address given as an address (not text) 127.0.0.1 or ::1 to the
 * host name, as OTP's last resorts.  No lookup blocks a thread of ginet's:
 * queries run on the loop of the default backend (it must implement the
 * backend operation watch(), see backend.h), and a blocking call here
 * waits on the caller's thread.
 *
 * Errors are OTP's: GINET_ENXDOMAIN when nothing found the name (also when
 * a DNS server did not answer in time: OTP's gethostbyname turns a DNS
 * timeout into nxdomain), GINET_ETIMEOUT from gethostbyaddr when the DNS
 * server did not answer in time, GINET_EINVAL for a malformed name or
 * address (or family local), GINET_EAFNOSUPPORT for an address of the
 * other family, GINET_ENOMEM.  GINET_EDEADLK when a blocking call is made
 * on the resolver's loop thread (a callback owner of a socket on the
 * default backend): use the asynchronous form there.  GINET_ENOTSUP when
 * the default backend cannot watch descriptors.
 *
 * Configuration: the file named by the GINET_INETRC environment variable
 * is read at first use (OTP's ERL_INETRC); ginet_inetrc_load_file() and
 * ginet_inetrc_load_text() add more.  The parameters and their rules are
 * OTP's (erts "Inet Configuration"); docs/resolver.md lists them with what
 * each does in ginet.
 *
 * Thread-safety: every function may be called from any thread, at the same
 * time; configuration changes apply to lookups started after them.
 */
#ifndef GINET_RESOLVER_H
#define GINET_RESOLVER_H

#include <ginet/defs.h>
#include <ginet/address.h>
#include <ginet/socket.h>
#include <ginet/term.h>

GINET_BEGIN_DECLS

/* ---------------------------------------------------------------- hostent */

/*
 * OTP's #hostent{} record: {hostent, Name, Aliases, AddrType, Length,
 * AddrList}.  Owns every string and array it points to; free with
 * ginet_hostent_free().
 */
typedef struct ginet_hostent {
    char *name;                   /* h_name */
    char **aliases;               /* h_aliases: NALIASES strings, then NULL */
    size_t naliases;
    ginet_family addrtype;        /* h_addrtype: GINET_AF_INET or _INET6 */
    int length;                   /* h_length: 4 or 16 */
    ginet_ip_address *addrs;      /* h_addr_list: NADDRS addresses */
    size_t naddrs;
} ginet_hostent;

/* Free H and everything it owns.  NULL is allowed. */
GINET_API void ginet_hostent_free(ginet_hostent *h);

/* A copy of H that the caller owns; NULL when out of memory or H is NULL. */
GINET_API ginet_hostent *ginet_hostent_dup(const ginet_hostent *h);

/* H as the Erlang term OTP prints for it, in ARENA:
 * {hostent,"localhost",[],inet,4,[{127,0,0,1}]} (strings are lists, as
 * ~w shows them).  NULL when out of memory or an argument is NULL. */
GINET_API ginet_term *ginet_hostent_term(ginet_term_arena *arena,
                                         const ginet_hostent *h);

/* --------------------------------------------------------------- lookups */

/*
 * inet:gethostbyname/1: NAME in family inet, or inet6 when the
 * configuration says {inet6, true}.  TIMEOUT_MS bounds the whole lookup
 * (GINET_INFINITY: only the resolver's own timeout and retry bound it), as
 * inet:gethostbyname/3's Timeout.  On success stores a new hostent in
 * *OUT (free it with ginet_hostent_free()) and returns 0.
 */
GINET_API int ginet_gethostbyname(const char *name, int timeout_ms,
                                  ginet_hostent **out);

/* inet:gethostbyname/2,3: NAME in FAMILY (GINET_AF_INET or _INET6;
 * GINET_AF_LOCAL gives GINET_EINVAL, as OTP). */
GINET_API int ginet_gethostbyname2(const char *name, ginet_family family,
                                   int timeout_ms, ginet_hostent **out);

/*
 * inet:gethostbyaddr/1,2 with an address as text ("10.0.0.1", "10.1",
 * "::1", read as inet:parse_address/1 reads it; anything else is
 * GINET_EINVAL) or as an address.  The hostent's address list holds the
 * address asked for.  As in OTP 25, only the address form falls back to
 * the host's name for 127.0.0.1 and ::1 when no method knew them
 * (gethostbyaddr("::1") is nxdomain there, gethostbyaddr({0,...,1}) not).
 */
GINET_API int ginet_gethostbyaddr(const char *address, int timeout_ms,
                                  ginet_hostent **out);
GINET_API int ginet_gethostbyaddr_ip(const ginet_ip_address *address,
                                     int timeout_ms, ginet_hostent **out);

/*
 * inet:getaddr/2,3 and inet:getaddrs/2,3: the first / every address of
 * HOST (a name or address text) in FAMILY.  getaddrs stores a new array in
 * *OUT (free() it) and its length in *COUNT.  FAMILY local is
 * GINET_EINVAL.
 */
GINET_API int ginet_getaddr(const char *host, ginet_family family,
                            int timeout_ms, ginet_ip_address *out);
GINET_API int ginet_getaddrs(const char *host, ginet_family family,
                             int timeout_ms, ginet_ip_address **out,
                             size_t *count);

/* inet:getaddr/2 with an IP tuple: no lookup.  *OUT = *HOST when its
 * family is FAMILY, else GINET_EAFNOSUPPORT; GINET_EINVAL for a family
 * that is not inet or inet6. */
GINET_API int ginet_getaddr_ip(const ginet_ip_address *host,
                               ginet_family family, ginet_ip_address *out);

/*
 * inet:gethostname/0: the host name up to its first dot, into BUF
 * (capacity CAP, NUL-terminated).  Never fails, as OTP ("nohost.nodomain"
 * when the system has none), except GINET_EINVAL for a NULL BUF or CAP 0
 * and GINET_ERANGE when it does not fit (BUF then holds what fits).
 * Returns the name's length.
 */
GINET_API int ginet_gethostname(char *buf, size_t cap);

/* ---------------------------------------------------- asynchronous form */

/*
 * The same lookups without waiting: the answer comes to OWNER as a message
 * of kind GINET_MSG_RESOLVED — {resolved, Ref, {ok, Hostent} | {error,
 * Reason}} — with msg->ref equal to *REF, msg->error 0 and msg->hostent the
 * answer (owned by the message), or msg->error the reason and
 * msg->hostent NULL.  For a callback owner the callback runs on the
 * resolver's loop thread.  Returns 0 (the message will come, exactly
 * once, even for an invalid name) or, with nothing sent,
 * GINET_EINVAL (a NULL argument), GINET_ECLOSED (OWNER is being freed),
 * GINET_ENOMEM, GINET_ENOTSUP.  FAMILY GINET_AF_UNSPEC means
 * gethostbyname/1's choice (inet, or inet6 with {inet6,true}).  getaddrs
 * is the hostent's address list.
 */
GINET_API int ginet_gethostbyname_async(const char *name, ginet_family family,
                                        int timeout_ms, ginet_mailbox *owner,
                                        uint64_t *ref);
GINET_API int ginet_gethostbyaddr_async(const char *address, int timeout_ms,
                                        ginet_mailbox *owner, uint64_t *ref);

/* ---------------------------------------------------------- configuration */

/*
 * Read an inetrc file: Erlang terms each ended by a full stop, applied in
 * order on top of the current configuration (OTP's inet_config).  A
 * file that is not term syntax applies nothing (GINET_EINVAL, the last
 * error naming file, line and column); an unknown or malformed parameter
 * stops there (GINET_EINVAL, the last error naming file, line and the
 * term), the parameters before it staying applied — both exactly as OTP.
 * GINET_ENOENT (and others) when the file cannot be read.
 */
GINET_API int ginet_inetrc_load_file(const char *path);

/* The same for LEN bytes of TEXT; ORIGIN names it in error messages
 * (NULL: "inetrc text"). */
GINET_API int ginet_inetrc_load_text(const char *text, size_t len,
                                     const char *origin);

/* Back to the defaults: the configuration OTP has without an inetrc file
 * (GINET_INETRC is not read again), and an empty cache. */
GINET_API int ginet_inetrc_reset(void);

/*
 * What happened to the GINET_INETRC file read at first use: 0 (none
 * given, or it loaded) or its error code, with the one-line reason written
 * to BUF (capacity CAP, NUL-terminated; may be NULL when CAP is 0).  As
 * in OTP, a bad file does not stop the resolver: the defaults (and any
 * parameters before the bad one) stay in effect.
 */
GINET_API int ginet_inetrc_env_status(char *buf, size_t cap);

/*
 * inet:get_rc/0: the recorded parameters that differ from their defaults,
 * in OTP's order, as a list term in ARENA — e.g. without any inetrc
 * [{resolv_conf,"/etc/resolv.conf"},{hosts_file,"/etc/hosts"},{lookup,[native]}].
 * Print it with ginet_term_format() for OTP's ~w text.  0, GINET_EINVAL,
 * GINET_ENOMEM.
 */
GINET_API int ginet_get_rc(ginet_term_arena *arena, ginet_term **out);

/* get_rc as ~w text in a new malloc()ed string (free() it); NULL on
 * ENOMEM. */
GINET_API char *ginet_get_rc_text(void);

/* The lookup methods of the `lookup` parameter. */
typedef enum ginet_lookup_method {
    GINET_LOOKUP_NATIVE = 1,
    GINET_LOOKUP_FILE,
    GINET_LOOKUP_DNS,
    GINET_LOOKUP_YP,              /* native in ginet */
    GINET_LOOKUP_NIS,             /* native in ginet */
    GINET_LOOKUP_NISPLUS          /* native in ginet */
} ginet_lookup_method;

typedef struct ginet_rc_nameserver {
    ginet_ip_address ip;
    int port;                     /* 53 unless given */
} ginet_rc_nameserver;

typedef struct ginet_rc_host {
    ginet_ip_address ip;
    char **names;                 /* NNAMES, the first is the host name */
    size_t nnames;
} ginet_rc_host;

/* The whole configuration, typed: every parameter, default or not. */
typedef struct ginet_rc {
    ginet_rc_host *hosts;         /* {host, IP, Names}, in the order get_rc lists them */
    size_t nhosts;
    char *domain;                 /* "" by default */
    ginet_rc_nameserver *nameservers;
    size_t nnameservers;
    ginet_rc_nameserver *alt_nameservers;
    size_t nalt_nameservers;
    char **search;
    size_t nsearch;
    int timeout;                  /* ms, default 2000 */
    int retry;                    /* default 3 */
    int servfail_retry_timeout;   /* ms, default 1500 (recorded only) */
    int inet6;                    /* 0/1, default 0 */
    int usevc;                    /* 0/1, default 0 */
    int edns;                     /* -1 (false, the default) or 0 */
    int udp_payload_size;         /* default 1280 */
    char *resolv_conf;            /* default "/etc/resolv.conf"; "" none */
    char *hosts_file;             /* default "/etc/hosts"; "" none */
    char *udp, *tcp, *sctp;       /* {udp|tcp|sctp, Module}: recorded only;
                                     "inet_udp", "inet_tcp", "inet_sctp" */
    int cache_size;               /* default 100 */
    int cache_refresh;            /* ms, default 3600000 */
    ginet_lookup_method *lookup;  /* default [native] */
    size_t nlookup;
} ginet_rc;

/* The current configuration in a new ginet_rc (free with
 * ginet_rc_free()).  0, GINET_EINVAL, GINET_ENOMEM. */
GINET_API int ginet_rc_get(ginet_rc **out);
GINET_API void ginet_rc_free(ginet_rc *rc);

/* ----------------------------------------------------------------- cache */

/* inet_db:clear_cache/0: forget every cached DNS answer. */
GINET_API void ginet_resolver_cache_clear(void);

/* Counters since the process started (or the last reset), for tests and
 * benchmarks. */
typedef struct ginet_resolver_stats {
    uint64_t lookups;             /* lookups started */
    uint64_t cache_hits;          /* dns answers served from the cache */
    uint64_t cache_misses;        /* dns answers not in the cache */
    uint64_t dns_queries;         /* queries given to the DNS client */
    uint64_t native_queries;      /* queries given to the native resolver */
    uint64_t cache_entries;       /* answers in the cache now */
    uint64_t cache_records;       /* records (addresses and aliases) in it */
} ginet_resolver_stats;

GINET_API void ginet_resolver_stats_get(ginet_resolver_stats *out);

GINET_END_DECLS

#endif /* GINET_RESOLVER_H */
