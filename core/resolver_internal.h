/*
 * core/resolver_internal.h — what the resolver's files share: hostent
 * building (hostent.c), the configuration snapshot (inetrc*.c), the
 * hosts table (hosts_table.c), the cache (resolver_cache.c), c-ares on
 * the loop (resolver_ares.c) and the lookup chain (resolver_lookup.c).
 * The public side is include/ginet/resolver.h; docs/resolver.md explains
 * the design.
 */
#ifndef GINET_CORE_RESOLVER_INTERNAL_H
#define GINET_CORE_RESOLVER_INTERNAL_H

#include "core/loop.h"
#include "core/sync.h"
#include "core/timer.h"

#include <ginet/error.h>
#include <ginet/resolver.h>

#include <stdatomic.h>

/* ------------------------------------------------------------ hostent.c */

/* A new hostent named NAME (LEN bytes) of FAMILY, no aliases or
 * addresses; NULL on ENOMEM. */
ginet_hostent *ginet__hostent_new(const char *name, size_t len, ginet_family family);
/* Append an alias / an address.  0 or GINET_ENOMEM. */
int ginet__hostent_add_alias(ginet_hostent *h, const char *alias, size_t len);
int ginet__hostent_add_addr(ginet_hostent *h, const ginet_ip_address *ip);

/* ASCII lower-case compare of two NUL-terminated names (hosts lookups are
 * case-insensitive, as OTP's). */
int ginet__name_eq(const char *a, const char *b);

/* 1 if NAME is a non-empty run of visible ASCII characters (33..126), as
 * inet_parse:visible_string/1 wants of a host name. */
int ginet__visible_name(const char *name);

/* ----------------------------------------------------- configuration */

typedef struct ginet__rc_ns {
    ginet_ip_address ip;
    int port;
} ginet__rc_ns;

/* One address with its names (the first is the host name). */
typedef struct ginet__host_entry {
    ginet_ip_address ip;
    char **names;
    size_t nnames;
} ginet__host_entry;

/* A hosts file as read: one entry per address, in the file's order, the
 * names of repeated lines appended (as OTP's inet_hosts). */
typedef struct ginet__hosts_file {
    _Atomic long refs;
    ginet__host_entry *entries;
    size_t count;
} ginet__hosts_file;

/* What was seen of a file when it was read: enough to notice a change. */
typedef struct ginet__file_stamp {
    int exists;
    int64_t mtime_ns, size, ino, dev;
} ginet__file_stamp;

/*
 * A configuration snapshot.  Immutable once published (refcounted); a
 * change makes a new one (inetrc.c).  Strings are never NULL except the
 * module names (NULL: OTP's default module).
 */
typedef struct ginet__rc {
    _Atomic long refs;
    ginet__host_entry *hosts;     /* {host,...} and {file,hosts,...}: insertion order */
    size_t nhosts;
    char *domain;
    ginet__rc_ns *ns, *alt;
    size_t nns, nalt;
    char **search;
    size_t nsearch;
    int timeout, retry, servfail_retry_timeout;
    int inet6, usevc, edns, udp_payload_size;
    char *resolv_conf, *hosts_file;
    char *udp, *tcp, *sctp;
    int cache_size, cache_refresh;
    ginet_lookup_method *lookup;
    size_t nlookup;
    /* The files, as last read. */
    int resolv_read;              /* resolv_conf was read into ns/search */
    ginet__file_stamp resolv_stamp;
    int hosts_read;
    ginet__file_stamp hosts_stamp;
    ginet__hosts_file *hostsf;    /* hosts_file's entries, NULL when none */
    uint64_t dns_gen;             /* changes when what the DNS client uses changes */
} ginet__rc;

/* The defaults. */
#define GINET__RC_TIMEOUT        2000
#define GINET__RC_RETRY          3
#define GINET__RC_SERVFAIL_RETRY 1500
#define GINET__RC_UDP_PAYLOAD    1280
#define GINET__RC_CACHE_SIZE     100
#define GINET__RC_CACHE_REFRESH  3600000
#define GINET__RC_RESOLV_CONF    "/etc/resolv.conf"
#define GINET__RC_HOSTS_FILE     "/etc/hosts"
/* How often (ms) a lookup looks at the resolv_conf and hosts_file files
 * for changes: OTP's inet_db checks them every 5 seconds. */
#define GINET__RC_FILE_CHECK_MS  5000

/* What a lookup is about to use, so the files it needs are fresh. */
#define GINET__RC_NEED_RESOLV 0x1u
#define GINET__RC_NEED_HOSTS  0x2u

/* The current configuration with a reference (release it), after reading
 * GINET_INETRC on first use and re-reading the files NEED names when they
 * changed.  NULL only when out of memory. */
ginet__rc *ginet__rc_acquire(unsigned need);
void ginet__rc_release(ginet__rc *rc);

/* inetrc.c: a deep copy (refs 1), and freeing one. */
ginet__rc *ginet__rc_clone(const ginet__rc *rc);
void ginet__rc_free(ginet__rc *rc);
void ginet__hosts_file_release(ginet__hosts_file *hf);

/* inetrc.c: read resolv_conf into RC's ns and search now (replacing
 * them), recording the stamp.  0 or GINET_ENOMEM (a missing file reads as
 * empty, as OTP). */
int ginet__rc_read_resolv(ginet__rc *rc);

/* inetrc_parse.c: apply the terms of LIST (a consult result) to RC in
 * order.  On a bad term returns GINET_EINVAL with ginet__fail() text
 * "ORIGIN:LINE: bad inetrc parameter: TERM", the terms before it applied. */
int ginet__rc_apply(ginet__rc *rc, const ginet_term *list, const char *origin);

/* inetrc_files.c: system files. */
/* Read a whole file (at most 16 MB) into a new NUL-terminated buffer.
 * 0, or the OS error (GINET_ENOENT ...), GINET_EFBIG, GINET_ENOMEM. */
int ginet__read_file(const char *path, char **text, size_t *len,
                     ginet__file_stamp *stamp);
/* Stat PATH into *STAMP (exists 0 when it does not). */
void ginet__file_stamp_get(const char *path, ginet__file_stamp *stamp);
int ginet__file_stamp_eq(const ginet__file_stamp *a, const ginet__file_stamp *b);

/* resolv.conf: nameservers (port 53) and, as OTP's inet_res reads it, the
 * search list (the last of `search` and `domain` wins); with FILE_FORMAT
 * set ({file, resolv, F}), `domain` sets *DOMAIN and `search` appends, as
 * OTP's inet_config does.  Arrays are malloc()ed (free with
 * ginet__strv_free / free). */
typedef struct ginet__resolv_info {
    ginet__rc_ns *ns;
    size_t nns;
    char **search;
    size_t nsearch;
    char *domain;                 /* NULL unless a domain line was seen */
    int search_seen;              /* a search line or (without FILE_FORMAT) domain */
} ginet__resolv_info;
int ginet__parse_resolv(const char *text, size_t len, int file_format,
                        ginet__resolv_info *out);
void ginet__resolv_info_free(ginet__resolv_info *ri);

/* A hosts file; NULL on ENOMEM.  Malformed lines are skipped. */
ginet__hosts_file *ginet__parse_hosts(const char *text, size_t len);

/* The lookup order of nsswitch.conf ("hosts:" line) or a host.conf
 * (FORMAT "host_conf_linux": "order a, b"; "host_conf_freebsd" and
 * "host_conf_bsdos": one method per line).  0 and a malloc()ed array
 * (possibly empty), or GINET_ENOMEM. */
int ginet__parse_lookup_file(const char *format, const char *text, size_t len,
                             ginet_lookup_method **out, size_t *count);
/* OTP's translate_lookup for one word: "dns"/"bind" → dns, "file"/"files"/
 * "hosts" → file, "yp", "nis", "nisplus", "native"; 0 for anything else. */
ginet_lookup_method ginet__lookup_word(const char *word, size_t len);

void ginet__strv_free(char **v, size_t n);
char *ginet__strndup(const char *s, size_t n);

/* inetrc_parse.c: helpers shared with the hosts file reader. */
int ginet__host_entry_copy(ginet__host_entry *dst, const ginet__host_entry *src);
void ginet__host_entry_clear(ginet__host_entry *e);

/* ------------------------------------------------------- hosts_table.c */

/* The `file` method: RC's host entries, then its hosts file.  0 with a new
 * hostent, GINET_ENXDOMAIN when not there, GINET_ENOMEM. */
int ginet__hosts_byname(const ginet__rc *rc, const char *name, ginet_family family,
                        ginet_hostent **out);
int ginet__hosts_byaddr(const ginet__rc *rc, const ginet_ip_address *ip,
                        ginet_hostent **out);

/* ---------------------------------------------------- resolver_cache.c */

/* Cached dns answers.  KEY is the name asked (byname) or the address
 * text (byaddr); compared without case.  Thread-safe. */
int ginet__cache_get(int byaddr, const char *key, ginet_family family,
                     ginet_hostent **out);
void ginet__cache_put(int byaddr, const char *key, ginet_family family,
                      const ginet_hostent *h, uint32_t ttl_s, int cache_size,
                      int cache_refresh_ms);
void ginet__cache_clear(void);
void ginet__cache_counts(uint64_t *entries, uint64_t *records);

/* Counters (resolver.c). */
typedef struct ginet__rs_counters {
    _Atomic uint64_t lookups, cache_hits, cache_misses, dns_queries, native_queries;
} ginet__rs_counters;
extern ginet__rs_counters ginet__rs_stats;

/* ----------------------------------------------------- resolver_ares.c */

/* The loop the resolver runs on (the default backend's), or an error
 * (GINET_ENOTSUP when its backend has no watch()) with ginet__fail() text. */
int ginet__rs_loop(ginet__loop **out);

/*
 * A query given to c-ares, answered by DONE(ARG, STATUS, HOSTENT) on the
 * loop thread: STATUS 0 with a new hostent (the callee owns it), or an
 * error: GINET_ENXDOMAIN (not found, or any answer that is not one),
 * GINET_ETIMEOUT, GINET_EINVAL (a name the DNS cannot carry: OTP's
 * formerr), GINET_ENOMEM.  Loop thread only.  A dns answer with a TTL is
 * put in the cache under KEY (the name, or the address's text).
 */
typedef void (*ginet__rs_done_fn)(void *arg, int status, ginet_hostent *h);
typedef struct ginet__rs_query ginet__rs_query;
int ginet__rs_byname(int native, const ginet__rc *rc, const char *name,
                     ginet_family family, ginet__rs_done_fn done, void *arg,
                     ginet__rs_query **out);
int ginet__rs_byaddr(int native, const ginet__rc *rc, const ginet_ip_address *ip,
                     ginet__rs_done_fn done, void *arg, ginet__rs_query **out);
/* Forget Q's caller: DONE will not be called (the answer still fills the
 * cache).  Loop thread only. */
void ginet__rs_abandon(ginet__rs_query *q);

/* --------------------------------------------------- resolver_lookup.c */

/*
 * One lookup through the configured chain (gethostbyname or
 * gethostbyaddr).  The caller fills the request part, then calls
 * ginet__lookup_start(); DONE is called exactly once — on the caller's
 * thread inside start() when no query was needed, else on the loop
 * thread — with STATUS and RESULT set (RESULT then belongs to DONE).
 */
typedef struct ginet__lookup ginet__lookup;
struct ginet__lookup {
    /* request */
    int byaddr;
    char *name;                   /* byname: owned by the lookup */
    ginet_family family;          /* byname */
    ginet_ip_address ip;          /* byaddr */
    int byaddr_text;              /* byaddr: asked as text, so no last resort
                                     (OTP's gethostbyaddr_self takes tuples only) */
    int64_t deadline;             /* ms, -1 none */
    int no_async;                 /* a blocking caller: GINET_EDEADLK if it
                                     turns out to be on the loop's thread */
    void (*done)(ginet__lookup *lk);
    void *user;
    /* result */
    int status;
    ginet_hostent *result;
    /* private */
    ginet__task task;
    ginet__timer timer;
    ginet__loop *loop;
    ginet__rc *rc;
    int *methods;
    size_t nmethods, step;
    ginet__rs_query *query;
    int expired;
};
void ginet__lookup_start(ginet__lookup *lk);
/* Free what start() allocated (the name, the result if DONE kept it). */
void ginet__lookup_clear(ginet__lookup *lk);

#endif
