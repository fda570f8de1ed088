/*
 * core/inetrc_files.c — owns reading the system files the inet
 * configuration points at: resolv.conf, hosts files, and the lookup order
 * of nsswitch.conf and host.conf ({file, Format, File} in an inetrc).
 * Every reader takes bytes and a length and skips what it cannot read, as
 * OTP's inet_parse does (a malformed hosts line is "erroneous, SKIPPED").
 */
#include "core/resolver_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Files bigger than this are refused (a hosts file of blocklists is a few
 * MB; a resolv.conf a few hundred bytes). */
#define MAX_FILE (16u << 20)

static void stamp_from(const struct stat *st, ginet__file_stamp *stamp)
{
    stamp->exists = 1;
    stamp->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
    stamp->size = (int64_t)st->st_size;
    stamp->ino = (int64_t)st->st_ino;
    stamp->dev = (int64_t)st->st_dev;
}

void ginet__file_stamp_get(const char *path, ginet__file_stamp *stamp)
{
    struct stat st;
    memset(stamp, 0, sizeof *stamp);
    if (path != NULL && *path && stat(path, &st) == 0)
        stamp_from(&st, stamp);
}

int ginet__file_stamp_eq(const ginet__file_stamp *a, const ginet__file_stamp *b)
{
    return a->exists == b->exists && a->mtime_ns == b->mtime_ns && a->size == b->size
           && a->ino == b->ino && a->dev == b->dev;
}

int ginet__read_file(const char *path, char **text, size_t *len, ginet__file_stamp *stamp)
{
    *text = NULL;
    *len = 0;
    if (stamp != NULL)
        memset(stamp, 0, sizeof *stamp);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ginet_error_from_errno(errno);
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int rc = ginet_error_from_errno(errno);
        close(fd);
        return rc;
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return GINET_EISDIR;
    }
    if (st.st_size > (off_t)MAX_FILE) {
        close(fd);
        return GINET_EFBIG;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = malloc(cap + 1);
    if (buf == NULL) {
        close(fd);
        return GINET_ENOMEM;
    }
    for (;;) {
        if (n == cap) {              /* grew while we read it (or a pipe) */
            if (cap >= MAX_FILE) {
                free(buf);
                close(fd);
                return GINET_EFBIG;
            }
            char *b = realloc(buf, cap * 2 + 1);
            if (b == NULL) {
                free(buf);
                close(fd);
                return GINET_ENOMEM;
            }
            buf = b;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int rc = ginet_error_from_errno(errno);
            free(buf);
            close(fd);
            return rc;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    if (stamp != NULL)
        stamp_from(&st, stamp);
    *text = buf;
    *len = n;
    return 0;
}

/* ------------------------------------------------------------ tokens */

/* The next line of [*P, END): its start and length without the newline
 * and without a comment (from any of COMMENT's characters). */
static int next_line(const char **p, const char *end, const char *comment,
                     const char **line, size_t *len)
{
    if (*p >= end)
        return 0;
    const char *s = *p, *e = s;
    while (e < end && *e != '\n')
        e++;
    *p = e < end ? e + 1 : e;
    const char *c = s;
    while (c < e && strchr(comment, *c) == NULL)
        c++;
    *line = s;
    *len = (size_t)(c - s);
    return 1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* The next word of LINE[*I..LEN), separated by blanks (and SEP chars). */
static int next_word(const char *line, size_t len, size_t *i, const char *sep,
                     const char **w, size_t *wlen)
{
    while (*i < len && (is_space(line[*i]) || (sep && strchr(sep, line[*i]))))
        (*i)++;
    if (*i >= len)
        return 0;
    size_t s = *i;
    while (*i < len && !is_space(line[*i]) && !(sep && strchr(sep, line[*i])))
        (*i)++;
    *w = line + s;
    *wlen = *i - s;
    return 1;
}

static int word_is(const char *w, size_t len, const char *lit)
{
    return strlen(lit) == len && memcmp(w, lit, len) == 0;
}

static int push_str(char ***v, size_t *n, const char *s, size_t len)
{
    char **t = realloc(*v, (*n + 1) * sizeof *t);
    if (t == NULL)
        return GINET_ENOMEM;
    *v = t;
    if ((t[*n] = ginet__strndup(s, len)) == NULL)
        return GINET_ENOMEM;
    (*n)++;
    return 0;
}

/* ------------------------------------------------------- resolv.conf */

void ginet__resolv_info_free(ginet__resolv_info *ri)
{
    free(ri->ns);
    ginet__strv_free(ri->search, ri->nsearch);
    free(ri->domain);
    memset(ri, 0, sizeof *ri);
}

int ginet__parse_resolv(const char *text, size_t len, int file_format,
                        ginet__resolv_info *out)
{
    memset(out, 0, sizeof *out);
    const char *p = text, *end = text + len, *line, *w;
    size_t llen, wlen;
    while (next_line(&p, end, "#;", &line, &llen)) {
        size_t i = 0;
        if (!next_word(line, llen, &i, NULL, &w, &wlen))
            continue;
        if (word_is(w, wlen, "nameserver")) {
            ginet_ip_address ip;
            if (!next_word(line, llen, &i, NULL, &w, &wlen)
                || ginet_parse_address(w, wlen, &ip) != 0)
                continue;
            ginet__rc_ns *ns = realloc(out->ns, (out->nns + 1) * sizeof *ns);
            if (ns == NULL)
                goto nomem;
            out->ns = ns;
            ns[out->nns++] = (ginet__rc_ns){ ip, 53 };
        } else if (word_is(w, wlen, "search")) {
            if (!file_format) {          /* inet_res: the last line wins */
                ginet__strv_free(out->search, out->nsearch);
                out->search = NULL;
                out->nsearch = 0;
            }
            out->search_seen = 1;
            while (next_word(line, llen, &i, NULL, &w, &wlen))
                if (push_str(&out->search, &out->nsearch, w, wlen) != 0)
                    goto nomem;
        } else if (word_is(w, wlen, "domain")) {
            if (!next_word(line, llen, &i, NULL, &w, &wlen))
                continue;
            if (file_format) {
                free(out->domain);
                if ((out->domain = ginet__strndup(w, wlen)) == NULL)
                    goto nomem;
            } else {                     /* inet_res: domain is a one-entry search */
                ginet__strv_free(out->search, out->nsearch);
                out->search = NULL;
                out->nsearch = 0;
                out->search_seen = 1;
                if (push_str(&out->search, &out->nsearch, w, wlen) != 0)
                    goto nomem;
            }
        }
    }
    return 0;
nomem:
    ginet__resolv_info_free(out);
    return GINET_ENOMEM;
}

/* -------------------------------------------------------- hosts files */

void ginet__hosts_file_release(ginet__hosts_file *hf)
{
    if (hf == NULL || atomic_fetch_sub(&hf->refs, 1) != 1)
        return;
    for (size_t i = 0; i < hf->count; i++)
        ginet__host_entry_clear(&hf->entries[i]);
    free(hf->entries);
    free(hf);
}

static ginet__host_entry *entry_for(ginet__hosts_file *hf, const ginet_ip_address *ip)
{
    for (size_t i = 0; i < hf->count; i++)
        if (ginet_ip_address_equal(&hf->entries[i].ip, ip))
            return &hf->entries[i];
    return NULL;
}

static int has_name(const ginet__host_entry *e, const char *w, size_t len)
{
    for (size_t i = 0; i < e->nnames; i++)
        if (strlen(e->names[i]) == len && memcmp(e->names[i], w, len) == 0)
            return 1;
    return 0;
}

ginet__hosts_file *ginet__parse_hosts(const char *text, size_t len)
{
    ginet__hosts_file *hf = calloc(1, sizeof *hf);
    if (hf == NULL)
        return NULL;
    atomic_init(&hf->refs, 1);
    size_t cap = 0;
    const char *p = text, *end = text + len, *line, *w;
    size_t llen, wlen;
    while (next_line(&p, end, "#", &line, &llen)) {
        size_t i = 0;
        ginet_ip_address ip;
        if (!next_word(line, llen, &i, NULL, &w, &wlen)
            || ginet_parse_address(w, wlen, &ip) != 0)
            continue;                    /* blank or erroneous: skipped */
        size_t names_at = i;
        if (!next_word(line, llen, &i, NULL, &w, &wlen))
            continue;                    /* an address without a name */
        i = names_at;
        ginet__host_entry *e = entry_for(hf, &ip);
        if (e == NULL) {
            if (hf->count == cap) {
                size_t ncap = cap ? cap * 2 : 16;
                ginet__host_entry *t = realloc(hf->entries, ncap * sizeof *t);
                if (t == NULL)
                    goto nomem;
                hf->entries = t;
                cap = ncap;
            }
            e = &hf->entries[hf->count++];
            memset(e, 0, sizeof *e);
            e->ip = ip;
        }
        while (next_word(line, llen, &i, NULL, &w, &wlen))
            if (!has_name(e, w, wlen) && push_str(&e->names, &e->nnames, w, wlen) != 0)
                goto nomem;
    }
    return hf;
nomem:
    ginet__hosts_file_release(hf);
    return NULL;
}

/* -------------------------------------------------- lookup order files */

ginet_lookup_method ginet__lookup_word(const char *w, size_t len)
{
    if (word_is(w, len, "dns") || word_is(w, len, "bind"))
        return GINET_LOOKUP_DNS;
    if (word_is(w, len, "file") || word_is(w, len, "files") || word_is(w, len, "hosts"))
        return GINET_LOOKUP_FILE;
    if (word_is(w, len, "yp"))
        return GINET_LOOKUP_YP;
    if (word_is(w, len, "nis"))
        return GINET_LOOKUP_NIS;
    if (word_is(w, len, "nisplus"))
        return GINET_LOOKUP_NISPLUS;
    if (word_is(w, len, "native"))
        return GINET_LOOKUP_NATIVE;
    return 0;
}

static int push_method(ginet_lookup_method **v, size_t *n, const char *w, size_t len)
{
    ginet_lookup_method m = ginet__lookup_word(w, len);
    if (m == 0)
        return 0;
    ginet_lookup_method *t = realloc(*v, (*n + 1) * sizeof *t);
    if (t == NULL)
        return GINET_ENOMEM;
    *v = t;
    t[(*n)++] = m;
    return 0;
}

int ginet__parse_lookup_file(const char *format, const char *text, size_t len,
                             ginet_lookup_method **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    int nsswitch = strcmp(format, "nsswitch_conf") == 0;
    int linux_conf = strcmp(format, "host_conf_linux") == 0;
    const char *p = text, *end = text + len, *line, *w;
    size_t llen, wlen;
    while (next_line(&p, end, "#", &line, &llen)) {
        size_t i = 0;
        if (!next_word(line, llen, &i, nsswitch ? ":" : NULL, &w, &wlen))
            continue;
        if (nsswitch || linux_conf) {
            if (!word_is(w, wlen, nsswitch ? "hosts" : "order"))
                continue;
            while (next_word(line, llen, &i, nsswitch ? ":" : ",", &w, &wlen)) {
                if (w[0] == '[')         /* [NOTFOUND=return] and the like */
                    continue;
                if (push_method(out, count, w, wlen) != 0)
                    goto nomem;
            }
        } else if (push_method(out, count, w, wlen) != 0) { /* one per line */
            goto nomem;
        }
    }
    return 0;
nomem:
    free(*out);
    *out = NULL;
    *count = 0;
    return GINET_ENOMEM;
}
