/*
 * core/inetrc.c — owns the inet configuration as a whole: the defaults,
 * the current snapshot (immutable, refcounted, swapped under a mutex),
 * reading GINET_INETRC at first use, loading more with the public calls,
 * and re-reading resolv_conf and hosts_file when they change, as OTP's
 * inet_db does.  The parameters themselves are applied in
 * inetrc_parse.c, printed in inetrc_rc.c.
 */
#include "core/resolver_internal.h"

#include "core/last_error.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static ginet__mutex lock = PTHREAD_MUTEX_INITIALIZER;
static ginet__rc *current;          /* NULL only when out of memory at start */
static int64_t resolv_checked, hosts_checked;  /* under lock */
static int env_status;
static char env_message[512];

/* ------------------------------------------------------------ objects */

static ginet__rc *rc_defaults(void)
{
    ginet__rc *rc = calloc(1, sizeof *rc);
    if (rc == NULL)
        return NULL;
    atomic_init(&rc->refs, 1);
    rc->domain = ginet__strndup("", 0);
    rc->resolv_conf = ginet__strndup(GINET__RC_RESOLV_CONF, strlen(GINET__RC_RESOLV_CONF));
    rc->hosts_file = ginet__strndup(GINET__RC_HOSTS_FILE, strlen(GINET__RC_HOSTS_FILE));
    rc->lookup = malloc(sizeof *rc->lookup);
    if (rc->domain == NULL || rc->resolv_conf == NULL || rc->hosts_file == NULL
        || rc->lookup == NULL) {
        ginet__rc_free(rc);
        return NULL;
    }
    rc->lookup[0] = GINET_LOOKUP_NATIVE;
    rc->nlookup = 1;
    rc->timeout = GINET__RC_TIMEOUT;
    rc->retry = GINET__RC_RETRY;
    rc->servfail_retry_timeout = GINET__RC_SERVFAIL_RETRY;
    rc->edns = -1;
    rc->udp_payload_size = GINET__RC_UDP_PAYLOAD;
    rc->cache_size = GINET__RC_CACHE_SIZE;
    rc->cache_refresh = GINET__RC_CACHE_REFRESH;
    return rc;
}

void ginet__host_entry_clear(ginet__host_entry *e)
{
    ginet__strv_free(e->names, e->nnames);
    e->names = NULL;
    e->nnames = 0;
}

int ginet__host_entry_copy(ginet__host_entry *dst, const ginet__host_entry *src)
{
    dst->ip = src->ip;
    dst->nnames = 0;
    dst->names = calloc(src->nnames ? src->nnames : 1, sizeof *dst->names);
    if (dst->names == NULL)
        return GINET_ENOMEM;
    for (size_t i = 0; i < src->nnames; i++) {
        dst->names[i] = ginet__strndup(src->names[i], strlen(src->names[i]));
        if (dst->names[i] == NULL) {
            ginet__host_entry_clear(dst);
            return GINET_ENOMEM;
        }
        dst->nnames = i + 1;
    }
    return 0;
}

void ginet__rc_free(ginet__rc *rc)
{
    if (rc == NULL)
        return;
    for (size_t i = 0; i < rc->nhosts; i++)
        ginet__host_entry_clear(&rc->hosts[i]);
    free(rc->hosts);
    free(rc->domain);
    free(rc->ns);
    free(rc->alt);
    ginet__strv_free(rc->search, rc->nsearch);
    free(rc->resolv_conf);
    free(rc->hosts_file);
    free(rc->udp);
    free(rc->tcp);
    free(rc->sctp);
    free(rc->lookup);
    ginet__hosts_file_release(rc->hostsf);
    free(rc);
}

static char *dup_or_null(const char *s, int *bad)
{
    if (s == NULL)
        return NULL;
    char *d = ginet__strndup(s, strlen(s));
    if (d == NULL)
        *bad = 1;
    return d;
}

static void *dup_mem(const void *p, size_t n, int *bad)
{
    if (n == 0)
        return NULL;
    void *d = malloc(n);
    if (d == NULL)
        *bad = 1;
    else
        memcpy(d, p, n);
    return d;
}

ginet__rc *ginet__rc_clone(const ginet__rc *src)
{
    ginet__rc *rc = calloc(1, sizeof *rc);
    if (rc == NULL)
        return NULL;
    *rc = *src;
    atomic_init(&rc->refs, 1);
    int bad = 0;
    rc->hosts = NULL;
    rc->nhosts = 0;
    if (src->nhosts) {
        rc->hosts = calloc(src->nhosts, sizeof *rc->hosts);
        bad |= rc->hosts == NULL;
        for (size_t i = 0; !bad && i < src->nhosts; i++) {
            bad |= ginet__host_entry_copy(&rc->hosts[i], &src->hosts[i]) != 0;
            if (!bad)
                rc->nhosts = i + 1;
        }
    }
    rc->domain = dup_or_null(src->domain, &bad);
    rc->ns = dup_mem(src->ns, src->nns * sizeof *src->ns, &bad);
    rc->alt = dup_mem(src->alt, src->nalt * sizeof *src->alt, &bad);
    rc->search = NULL;
    rc->nsearch = 0;
    if (src->nsearch) {
        rc->search = calloc(src->nsearch, sizeof *rc->search);
        bad |= rc->search == NULL;
        for (size_t i = 0; !bad && i < src->nsearch; i++) {
            rc->search[i] = dup_or_null(src->search[i], &bad);
            if (!bad)
                rc->nsearch = i + 1;
        }
    }
    rc->resolv_conf = dup_or_null(src->resolv_conf, &bad);
    rc->hosts_file = dup_or_null(src->hosts_file, &bad);
    rc->udp = dup_or_null(src->udp, &bad);
    rc->tcp = dup_or_null(src->tcp, &bad);
    rc->sctp = dup_or_null(src->sctp, &bad);
    rc->lookup = dup_mem(src->lookup, src->nlookup * sizeof *src->lookup, &bad);
    if (rc->hostsf != NULL)
        atomic_fetch_add(&rc->hostsf->refs, 1);
    if (bad) {
        ginet__rc_free(rc);
        return NULL;
    }
    return rc;
}

void ginet__rc_release(ginet__rc *rc)
{
    if (rc != NULL && atomic_fetch_sub(&rc->refs, 1) == 1)
        ginet__rc_free(rc);
}

/* ------------------------------------------------------------- files */

int ginet__rc_read_resolv(ginet__rc *rc)
{
    char *text = NULL;
    size_t len = 0;
    ginet__file_stamp stamp;
    if (ginet__read_file(rc->resolv_conf, &text, &len, &stamp) != 0) {
        free(text);                          /* missing: reads as empty */
        text = NULL;
        len = 0;
        ginet__file_stamp_get(rc->resolv_conf, &stamp);
    }
    ginet__resolv_info ri;
    int err = ginet__parse_resolv(text != NULL ? text : "", len, 0, &ri);
    free(text);
    if (err != 0)
        return err;
    free(rc->ns);
    rc->ns = ri.ns;
    rc->nns = ri.nns;
    ginet__strv_free(rc->search, rc->nsearch);
    rc->search = ri.search;
    rc->nsearch = ri.nsearch;
    free(ri.domain);
    rc->resolv_read = 1;
    rc->resolv_stamp = stamp;
    return 0;
}

static int read_hosts(ginet__rc *rc)
{
    char *text = NULL;
    size_t len = 0;
    ginet__file_stamp stamp;
    if (ginet__read_file(rc->hosts_file, &text, &len, &stamp) != 0) {
        free(text);
        text = NULL;
        len = 0;
        ginet__file_stamp_get(rc->hosts_file, &stamp);
    }
    ginet__hosts_file *hf = ginet__parse_hosts(text != NULL ? text : "", len);
    free(text);
    if (hf == NULL)
        return GINET_ENOMEM;
    ginet__hosts_file_release(rc->hostsf);
    rc->hostsf = hf;
    rc->hosts_read = 1;
    rc->hosts_stamp = stamp;
    return 0;
}

/* ---------------------------------------------------------- publishing */

static int same_ns(const ginet__rc_ns *a, size_t na, const ginet__rc_ns *b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++)
        if (!ginet_ip_address_equal(&a[i].ip, &b[i].ip) || a[i].port != b[i].port)
            return 0;
    return 1;
}

static int dns_same(const ginet__rc *a, const ginet__rc *b)
{
    if (!same_ns(a->ns, a->nns, b->ns, b->nns) || !same_ns(a->alt, a->nalt, b->alt, b->nalt)
        || a->nsearch != b->nsearch || strcmp(a->domain, b->domain) != 0
        || a->timeout != b->timeout || a->retry != b->retry || a->usevc != b->usevc
        || a->edns != b->edns || a->udp_payload_size != b->udp_payload_size)
        return 0;
    for (size_t i = 0; i < a->nsearch; i++)
        if (strcmp(a->search[i], b->search[i]) != 0)
            return 0;
    return 1;
}

/* Make RC current (lock held); the reference passes to the global. */
static void publish(ginet__rc *rc)
{
    ginet__rc *old = current;
    current = rc;
    if (old == NULL)
        return;
    rc->dns_gen = old->dns_gen;
    if (!dns_same(old, rc) || old->cache_size != rc->cache_size
        || old->cache_refresh != rc->cache_refresh) {
        if (!dns_same(old, rc))
            rc->dns_gen++;
        ginet__cache_clear();                /* answers of another setup */
    }
    ginet__rc_release(old);
}

/* -------------------------------------------------------------- loading */

/* Parse and apply TEXT on top of the current configuration (lock held). */
static int load_text_locked(const char *text, size_t len, const char *origin)
{
    ginet_term_arena *arena = ginet_term_arena_new();
    if (arena == NULL)
        return ginet__fail(GINET_ENOMEM, "out of memory reading %s", origin);
    ginet_term *list;
    ginet_term_error err;
    int rc = ginet_term_parse_consult(arena, text, len, &list, &err);
    if (rc != 0) {
        ginet_term_arena_free(arena);
        return ginet__fail(rc, "%s:%u:%u: %s", origin, (unsigned)err.line,
                           (unsigned)err.column, err.message);
    }
    ginet__rc *next = current != NULL ? ginet__rc_clone(current) : rc_defaults();
    if (next == NULL) {
        ginet_term_arena_free(arena);
        return ginet__fail(GINET_ENOMEM, "out of memory applying %s", origin);
    }
    rc = ginet__rc_apply(next, list, origin);
    publish(next);                           /* what applied before an error stays */
    ginet_term_arena_free(arena);
    return rc;
}

static int load_file_locked(const char *path)
{
    char *text;
    size_t len;
    int rc = ginet__read_file(path, &text, &len, NULL);
    if (rc != 0)
        return ginet__fail(rc, "cannot read inetrc file %s: %s", path,
                           ginet_format_error(rc));
    rc = load_text_locked(text, len, path);
    free(text);
    return rc;
}

static void init_once(void)
{
    current = rc_defaults();
    const char *env = getenv("GINET_INETRC");
    if (current == NULL || env == NULL || *env == '\0')
        return;
    env_status = load_file_locked(env);
    if (env_status != 0)
        snprintf(env_message, sizeof env_message, "GINET_INETRC: %s", ginet_last_error());
    ginet__clear_error();
}

static void ensure_init(void)
{
    pthread_once(&once, init_once);
}

ginet__rc *ginet__rc_acquire(unsigned need)
{
    ensure_init();
    ginet__lock(&lock);
    ginet__rc *rc = current;
    if (rc == NULL) {
        rc = current = rc_defaults();
        if (rc == NULL) {
            ginet__unlock(&lock);
            return NULL;
        }
    }
    int64_t now = ginet__now_ms();
    if ((need & GINET__RC_NEED_RESOLV) && rc->resolv_conf[0] != '\0'
        && (!rc->resolv_read || now - resolv_checked >= GINET__RC_FILE_CHECK_MS)) {
        resolv_checked = now;
        ginet__file_stamp st;
        ginet__file_stamp_get(rc->resolv_conf, &st);
        if (!rc->resolv_read || !ginet__file_stamp_eq(&st, &rc->resolv_stamp)) {
            ginet__rc *next = ginet__rc_clone(rc);
            if (next != NULL && ginet__rc_read_resolv(next) == 0)
                publish(next), rc = next;
            else
                ginet__rc_release(next);
        }
    }
    if ((need & GINET__RC_NEED_HOSTS) && rc->hosts_file[0] != '\0'
        && (!rc->hosts_read || now - hosts_checked >= GINET__RC_FILE_CHECK_MS)) {
        hosts_checked = now;
        ginet__file_stamp st;
        ginet__file_stamp_get(rc->hosts_file, &st);
        if (!rc->hosts_read || !ginet__file_stamp_eq(&st, &rc->hosts_stamp)) {
            ginet__rc *next = ginet__rc_clone(rc);
            if (next != NULL && read_hosts(next) == 0)
                publish(next), rc = next;
            else
                ginet__rc_release(next);
        }
    }
    atomic_fetch_add(&rc->refs, 1);
    ginet__unlock(&lock);
    return rc;
}

GINET_API int ginet_inetrc_load_text(const char *text, size_t len, const char *origin)
{
    if (text == NULL && len != 0)
        return GINET_EINVAL;
    ginet__clear_error();
    ensure_init();
    ginet__lock(&lock);
    int rc = load_text_locked(text != NULL ? text : "", len,
                              origin != NULL ? origin : "inetrc text");
    ginet__unlock(&lock);
    return rc;
}

GINET_API int ginet_inetrc_load_file(const char *path)
{
    if (path == NULL)
        return GINET_EINVAL;
    ginet__clear_error();
    ensure_init();
    ginet__lock(&lock);
    int rc = load_file_locked(path);
    ginet__unlock(&lock);
    return rc;
}

GINET_API int ginet_inetrc_reset(void)
{
    ensure_init();
    ginet__rc *rc = rc_defaults();
    if (rc == NULL)
        return GINET_ENOMEM;
    ginet__lock(&lock);
    publish(rc);
    resolv_checked = hosts_checked = 0;
    ginet__unlock(&lock);
    ginet__cache_clear();
    return 0;
}

GINET_API int ginet_inetrc_env_status(char *buf, size_t cap)
{
    ensure_init();
    if (buf != NULL && cap > 0)
        snprintf(buf, cap, "%s", env_message);
    return env_status;
}
