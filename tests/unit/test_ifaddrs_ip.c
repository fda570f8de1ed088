/*
 * tests/unit/test_ifaddrs_ip.c — the test-ifaddrs helpers: shell commands,
 * the test-made network namespace, a minimal JSON reader and the
 * comparison of a getifaddrs list with `ip -j addr` (iproute2).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "test_ifaddrs.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- commands ---- */

static char *vfmt(const char *fmt, va_list ap)
{
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        return NULL;
    return s;
}

int ifa_sh(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *cmd = vfmt(fmt, ap);
    va_end(ap);
    if (cmd == NULL)
        return -1;
    char *full = NULL;
    int rc = -1;
    if (asprintf(&full, "(%s) >/dev/null 2>&1", cmd) >= 0) {
        int st = system(full);
        rc = st == -1 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    }
    free(full);
    free(cmd);
    return rc;
}

char *ifa_capture(int *status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *cmd = vfmt(fmt, ap);
    va_end(ap);
    if (cmd == NULL)
        return NULL;
    FILE *p = popen(cmd, "r");
    free(cmd);
    if (p == NULL)
        return NULL;
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    size_t n;
    while (buf != NULL && (n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 2048) {
            char *b = realloc(buf, cap * 2);
            if (b == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
    }
    int st = pclose(p);
    if (status != NULL)
        *status = st == -1 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (buf != NULL)
        buf[len] = '\0';
    return buf;
}

int ifa_have(const char *program)
{
    return ifa_sh("command -v %s", program) == 0;
}

/* ---- the namespace ---- */

static char ns_name[64], ns_path[128];
static int ns_state;                   /* 0 untried, 1 ready, -1 failed */
static const char *ns_why = "";

const char *ifa_netns_name(void)
{
    if (ns_name[0] == '\0') {
        snprintf(ns_name, sizeof ns_name, "ginet-ifa-%ld", (long)getpid());
        snprintf(ns_path, sizeof ns_path, "/var/run/netns/%s", ns_name);
    }
    return ns_name;
}

const char *ifa_netns_path(void)
{
    ifa_netns_name();
    return ns_path;
}

void ifa_netns_delete(void)
{
    if (ns_state == 1)
        ifa_sh("ip netns delete %s", ifa_netns_name());
    ns_state = 0;
}

int ifa_netns_ready(const char **why)
{
    if (ns_state == 0) {
        ns_state = -1;
        if (geteuid() != 0)
            ns_why = "not root: making a network namespace needs CAP_SYS_ADMIN";
        else if (!ifa_have("ip"))
            ns_why = "no `ip` (iproute2) on the PATH";
        else if (ifa_sh("ip netns add %s", ifa_netns_name()) != 0)
            ns_why = "`ip netns add` was refused (no namespace support here?)";
        else {
            ns_state = 1;
            atexit(ifa_netns_delete);
            if (ifa_sh("ip -n %s link set lo up", ns_name) != 0) {
                ifa_netns_delete();
                ns_state = -1;
                ns_why = "could not bring lo up in the test namespace";
            }
        }
    }
    if (why != NULL)
        *why = ns_why;
    return ns_state == 1;
}

/* ---- a minimal JSON reader (what `ip -j` prints) ---- */

enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

typedef struct jv {
    int type;
    double num;
    char *str;                  /* J_STR */
    struct jv **items;          /* J_ARR, J_OBJ values */
    char **keys;                /* J_OBJ */
    size_t n;
} jv;

static void jfree(jv *v)
{
    if (v == NULL)
        return;
    for (size_t i = 0; i < v->n; i++) {
        jfree(v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}

static void skip_ws(const char **p)
{
    while (isspace((unsigned char)**p))
        (*p)++;
}

static char *jstring(const char **p)
{
    if (**p != '"')
        return NULL;
    (*p)++;
    size_t cap = 16, len = 0;
    char *s = malloc(cap);
    while (s != NULL && **p != '"') {
        if (**p == '\0') {
            free(s);
            return NULL;
        }
        char c = *(*p)++;
        if (c == '\\') {
            char e = *(*p)++;
            switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'u': {
                unsigned u = 0;
                for (int i = 0; i < 4 && isxdigit((unsigned char)**p); i++)
                    u = u * 16 + (unsigned)(isdigit((unsigned char)**p) ? **p - '0'
                                            : (tolower((unsigned char)**p) - 'a' + 10)), (*p)++;
                c = (char)(u & 0xff);   /* ip escapes only control bytes */
                break;
            }
            case '\0': free(s); return NULL;
            default: c = e; break;
            }
        }
        if (len + 2 > cap) {
            char *t = realloc(s, cap *= 2);
            if (t == NULL) {
                free(s);
                return NULL;
            }
            s = t;
        }
        s[len++] = c;
    }
    if (s == NULL)
        return NULL;
    (*p)++;
    s[len] = '\0';
    return s;
}

static jv *jparse(const char **p, int depth)
{
    skip_ws(p);
    if (depth > 64)
        return NULL;
    jv *v = calloc(1, sizeof *v);
    if (v == NULL)
        return NULL;
    if (**p == '{' || **p == '[') {
        int obj = **p == '{';
        char close = obj ? '}' : ']';
        v->type = obj ? J_OBJ : J_ARR;
        (*p)++;
        skip_ws(p);
        if (**p == close) {
            (*p)++;
            return v;
        }
        for (;;) {
            char *key = NULL;
            if (obj) {
                skip_ws(p);
                key = jstring(p);
                skip_ws(p);
                if (key == NULL || **p != ':') {
                    free(key);
                    goto bad;
                }
                (*p)++;
            }
            jv *item = jparse(p, depth + 1);
            jv **items = item ? realloc(v->items, (v->n + 1) * sizeof *items) : NULL;
            char **keys = items && obj ? realloc(v->keys, (v->n + 1) * sizeof *keys) : NULL;
            if (items)
                v->items = items;
            if (keys)
                v->keys = keys;
            if (item == NULL || items == NULL || (obj && keys == NULL)) {
                free(key);
                jfree(item);
                goto bad;
            }
            v->items[v->n] = item;
            if (obj)
                v->keys[v->n] = key;
            v->n++;
            skip_ws(p);
            if (**p == ',') {
                (*p)++;
                continue;
            }
            if (**p == close) {
                (*p)++;
                return v;
            }
            goto bad;
        }
    }
    if (**p == '"') {
        v->type = J_STR;
        if ((v->str = jstring(p)) == NULL)
            goto bad;
        return v;
    }
    if (strncmp(*p, "true", 4) == 0 || strncmp(*p, "false", 5) == 0) {
        v->type = J_BOOL;
        v->num = **p == 't';
        *p += **p == 't' ? 4 : 5;
        return v;
    }
    if (strncmp(*p, "null", 4) == 0) {
        v->type = J_NULL;
        *p += 4;
        return v;
    }
    char *end;
    v->type = J_NUM;
    v->num = strtod(*p, &end);
    if (end == *p)
        goto bad;
    *p = end;
    return v;
bad:
    jfree(v);
    return NULL;
}

static const jv *jget(const jv *o, const char *key)
{
    if (o == NULL || o->type != J_OBJ)
        return NULL;
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->keys[i], key) == 0)
            return o->items[i];
    return NULL;
}

static const char *jstr(const jv *o, const char *key)
{
    const jv *v = jget(o, key);
    return v != NULL && v->type == J_STR ? v->str : NULL;
}

static int jhas_str(const jv *arr, const char *s)
{
    if (arr == NULL || arr->type != J_ARR)
        return 0;
    for (size_t i = 0; i < arr->n; i++)
        if (arr->items[i]->type == J_STR && strcmp(arr->items[i]->str, s) == 0)
            return 1;
    return 0;
}

/* ---- the comparison ---- */

int ifa_prefix_len(const ginet_ip_address *mask)
{
    int n = 0;
    if (mask->family == GINET_AF_INET) {
        for (int i = 0; i < 4; i++)
            for (int b = 7; b >= 0 && (mask->u.v4[i] >> b & 1); b--)
                n++;
    } else {
        for (int i = 0; i < 8; i++)
            for (int b = 15; b >= 0 && (mask->u.v6[i] >> b & 1); b--)
                n++;
    }
    return n;
}

/* A link address as ip prints it ("aa:bb:.." or dotted "0.0.0.0") into
 * BYTES; the count, or -1. */
static int parse_lladdr(const char *s, uint8_t *bytes, size_t cap)
{
    size_t n = 0;
    int dotted = strchr(s, '.') != NULL;
    while (*s) {
        char *end;
        unsigned long v = strtoul(s, &end, dotted ? 10 : 16);
        if (end == s || v > 255 || n == cap)
            return -1;
        bytes[n++] = (uint8_t)v;
        s = end;
        if (*s == (dotted ? '.' : ':'))
            s++;
        else if (*s)
            return -1;
    }
    return (int)n;
}

typedef struct strset {
    char **v;
    size_t n;
} strset;

static void set_add(strset *s, char *item)
{
    char **v = item ? realloc(s->v, (s->n + 1) * sizeof *v) : NULL;
    if (v == NULL) {
        free(item);
        return;
    }
    s->v = v;
    s->v[s->n++] = item;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void set_free(strset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

static char *ntoa(const ginet_ip_address *ip)
{
    char buf[GINET_NTOA_MAX];
    if (ginet_ntoa(ip, buf, sizeof buf) < 0)
        return strdup("?");
    return strdup(buf);
}

/* "NAME ADDR/PREFIX [brd B] [peer P]" for every address of LIST. */
static void ginet_side(const ginet_ifaddrs *list, strset *out)
{
    for (size_t i = 0; i < list->count; i++) {
        const ginet_interface *itf = &list->ifs[i];
        for (size_t k = 0; k < itf->nopts; k++) {
            if (itf->opts[k].kind != GINET_IFOPT_ADDR)
                continue;
            char *a = ntoa(&itf->opts[k].u.ip), *extra = NULL, *item = NULL;
            int prefix = -1;
            if (k + 1 < itf->nopts && itf->opts[k + 1].kind == GINET_IFOPT_NETMASK)
                prefix = ifa_prefix_len(&itf->opts[k + 1].u.ip);
            size_t j = k + 2;
            if (j < itf->nopts && (itf->opts[j].kind == GINET_IFOPT_BROADADDR
                                   || itf->opts[j].kind == GINET_IFOPT_DSTADDR)) {
                char *p = ntoa(&itf->opts[j].u.ip);
                if (asprintf(&extra, " %s %s",
                             itf->opts[j].kind == GINET_IFOPT_BROADADDR ? "brd" : "peer",
                             p ? p : "?") < 0)
                    extra = NULL;
                free(p);
            }
            if (asprintf(&item, "%s %s/%d%s", itf->name, a ? a : "?", prefix,
                         extra ? extra : "") < 0)
                item = NULL;
            set_add(out, item);
            free(a);
            free(extra);
        }
    }
}

/* The same from one ip link object, with glibc's getifaddrs(3) rules for
 * the broadcast/destination address (which OTP reports as it gets it):
 * IPv4 takes IFA_BROADCAST on a broadcast link, else IFA_ADDRESS — the
 * peer, or the address itself when there is none; IPv6 only a peer. */
static void ip_side(const jv *link, strset *out)
{
    const char *ifname = jstr(link, "ifname");
    int bcast = jhas_str(jget(link, "flags"), "BROADCAST");
    int p2p = jhas_str(jget(link, "flags"), "POINTOPOINT");
    const jv *infos = jget(link, "addr_info");
    for (size_t i = 0; infos && infos->type == J_ARR && i < infos->n; i++) {
        const jv *a = infos->items[i];
        const char *family = jstr(a, "family"), *local = jstr(a, "local");
        const char *label = jstr(a, "label"), *brd = jstr(a, "broadcast");
        const char *peer = jstr(a, "address");
        const jv *plen = jget(a, "prefixlen");
        int v4 = family && strcmp(family, "inet") == 0;
        if (local == NULL || family == NULL)
            continue;
        char *extra = NULL, *item = NULL;
        const char *other = !v4 ? peer : p2p ? (peer ? peer : local)
                          : brd ? brd : peer ? peer : local;
        if (other != NULL && (p2p || bcast)
            && asprintf(&extra, " %s %s", p2p ? "peer" : "brd", other) < 0)
            extra = NULL;
        if (asprintf(&item, "%s %s/%d%s", v4 && label ? label : ifname, local,
                     plen ? (int)plen->num : -1, extra ? extra : "") < 0)
            item = NULL;
        set_add(out, item);
        free(extra);
    }
}

static int fail(char **why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(char **why, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    *why = vfmt(fmt, ap);
    va_end(ap);
    return 1;
}

/* One link's name, flags and hardware address against LIST. */
static int check_link(const ginet_ifaddrs *list, const jv *link, char **why)
{
    const char *name = jstr(link, "ifname");
    if (name == NULL)
        return fail(why, "ip -j gave a link without ifname");
    const ginet_interface *itf = ginet_ifaddrs_find(list, name);
    if (itf == NULL)
        return fail(why, "interface %s (from ip) is missing", name);
    if (itf->nopts == 0 || itf->opts[0].kind != GINET_IFOPT_FLAGS)
        return fail(why, "%s does not start with flags", name);
    const jv *flags = jget(link, "flags");
    unsigned want = 0;
    if (jhas_str(flags, "UP"))
        want |= GINET_IFF_UP | GINET_IFF_RUNNING;
    if (jhas_str(flags, "BROADCAST"))
        want |= GINET_IFF_BROADCAST;
    if (jhas_str(flags, "LOOPBACK"))
        want |= GINET_IFF_LOOPBACK;
    if (jhas_str(flags, "POINTOPOINT"))
        want |= GINET_IFF_POINTTOPOINT;
    if (jhas_str(flags, "MULTICAST"))
        want |= GINET_IFF_MULTICAST;
    if (itf->opts[0].u.flags != want)
        return fail(why, "%s: flags 0x%x, ip says 0x%x", name, itf->opts[0].u.flags, want);

    uint8_t hw[GINET_HWADDR_MAX];
    const char *address = jstr(link, "address");
    int hwlen = address ? parse_lladdr(address, hw, sizeof hw) : 0;
    size_t nhw = 0;
    for (size_t k = 0; k < itf->nopts; k++) {
        const ginet_ifopt *o = &itf->opts[k];
        if (o->kind != GINET_IFOPT_HWADDR)
            continue;
        nhw++;
        if (hwlen < 2 || o->u.hwaddr.len != hwlen || memcmp(o->u.hwaddr.bytes, hw, (size_t)hwlen))
            return fail(why, "%s: hwaddr differs from ip's %s", name, address ? address : "(none)");
    }
    if (nhw != (hwlen >= 2 ? 1u : 0u))
        return fail(why, "%s: %zu hwaddr entries, ip's address is %s", name, nhw,
                    address ? address : "(none)");
    return 0;
}

static int compare_once(const ginet_ifaddrs *list, const char *ns, char **why)
{
    int st = 0;
    char *text = ns ? ifa_capture(&st, "ip -j -n %s addr 2>/dev/null", ns)
                    : ifa_capture(&st, "ip -j addr 2>/dev/null");
    if (text == NULL || st != 0) {
        free(text);
        *why = strdup("`ip -j addr` did not run");
        return -1;
    }
    const char *p = text;
    jv *links = jparse(&p, 0);
    free(text);
    if (links == NULL || links->type != J_ARR) {
        jfree(links);
        *why = strdup("could not read `ip -j addr` output");
        return -1;
    }
    int rc = 0;
    strset mine = { NULL, 0 }, theirs = { NULL, 0 };
    for (size_t i = 0; rc == 0 && i < links->n; i++) {
        rc = check_link(list, links->items[i], why);
        ip_side(links->items[i], &theirs);
    }
    if (rc == 0) {
        ginet_side(list, &mine);
        qsort(mine.v, mine.n, sizeof *mine.v, cmp_str);
        qsort(theirs.v, theirs.n, sizeof *theirs.v, cmp_str);
        for (size_t i = 0; rc == 0 && (i < mine.n || i < theirs.n); i++) {
            const char *a = i < mine.n ? mine.v[i] : "(nothing)";
            const char *b = i < theirs.n ? theirs.v[i] : "(nothing)";
            if (strcmp(a, b) != 0)
                rc = fail(why, "address sets differ: ginet has \"%s\", ip has \"%s\"", a, b);
        }
    }
    set_free(&mine);
    set_free(&theirs);
    jfree(links);
    return rc;
}

int ifa_compare_ip(const ginet_ifaddrs *list, const char *ns, char **why)
{
    *why = NULL;
    return compare_once(list, ns, why);
}

/* ---- `ginet ifaddrs --json` ---- */

static int json_opt_ok(const ginet_ifopt *o, const jv *obj)
{
    const char *tag = ginet_ifopt_name(o->kind);
    const jv *v = obj->type == J_OBJ && obj->n == 1 && strcmp(obj->keys[0], tag) == 0
                  ? obj->items[0] : NULL;
    if (v == NULL)
        return 0;
    if (o->kind == GINET_IFOPT_FLAGS) {
        size_t n = 0;
        for (unsigned bit = 1; bit <= GINET_IFF_ALL; bit <<= 1) {
            if (!(o->u.flags & bit))
                continue;
            if (v->type != J_ARR || n >= v->n || v->items[n]->type != J_STR
                || strcmp(v->items[n]->str, ginet_ifflag_name(bit)) != 0)
                return 0;
            n++;
        }
        return v->type == J_ARR && n == v->n;
    }
    if (v->type != J_STR)
        return 0;
    if (o->kind == GINET_IFOPT_HWADDR) {
        uint8_t hw[GINET_HWADDR_MAX];
        int n = parse_lladdr(v->str, hw, sizeof hw);
        return n == o->u.hwaddr.len && memcmp(hw, o->u.hwaddr.bytes, (size_t)n) == 0;
    }
    char *text = ntoa(&o->u.ip);
    int ok = text != NULL && strcmp(text, v->str) == 0;
    free(text);
    return ok;
}

int ifa_check_json(const char *text, const ginet_ifaddrs *list, char **why)
{
    *why = NULL;
    const char *p = text;
    jv *root = jparse(&p, 0);
    const jv *ifs = jget(root, "interfaces");
    int rc = 0;
    if (ifs == NULL || ifs->type != J_ARR)
        rc = fail(why, "no \"interfaces\" array");
    else if (ifs->n != list->count)
        rc = fail(why, "%zu interfaces in JSON, %zu in the list", ifs->n, list->count);
    for (size_t i = 0; rc == 0 && i < list->count; i++) {
        const ginet_interface *itf = &list->ifs[i];
        const char *name = jstr(ifs->items[i], "name");
        const jv *opts = jget(ifs->items[i], "ifopts");
        if (name == NULL || strcmp(name, itf->name) != 0)
            rc = fail(why, "interface %zu: name %s, want %s", i, name ? name : "?", itf->name);
        else if (opts == NULL || opts->type != J_ARR || opts->n != itf->nopts)
            rc = fail(why, "%s: ifopts count differs", itf->name);
        for (size_t k = 0; rc == 0 && k < itf->nopts; k++)
            if (!json_opt_ok(&itf->opts[k], opts->items[k]))
                rc = fail(why, "%s: ifopt %zu differs", itf->name, k);
    }
    jfree(root);
    return rc;
}
