/*
 * core/inspect_print.c — inet:i/0,1,2 and inet:info/1 as text, byte for
 * byte in OTP 25's formats: the table of open sockets (columns, padding,
 * addresses as "*:5678" / "localhost:http-alt", inet's status words) and
 * the info map.
 */
#include "core/inspect_internal.h"

#include "core/last_error.h"

#include <ginet/term.h>

#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- strings */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    int failed;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (p == NULL) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        b->failed = 1;
    else
        sb_add(b, tmp, (size_t)n);
}

/* Hand the text over (NULL when something failed). */
static char *sb_take(sbuf *b)
{
    if (b->failed || b->p == NULL) {
        free(b->p);
        return b->failed ? NULL : calloc(1, 1);
    }
    return b->p;
}

/* ------------------------------------------------------------- columns */

enum field {
    F_PORT, F_MODULE, F_RECV, F_SENT, F_OWNER, F_LOCAL, F_FOREIGN,
    F_STATE, F_TYPE, F_PACKET, F_FD, F_COUNT
};

static const char *const field_names[F_COUNT] = {
    "port", "module", "recv", "sent", "owner", "local_address",
    "foreign_address", "state", "type", "packet", "fd",
};

/* i/2's header for a field: each word capitalised, '_' made a space. */
static void header(enum field f, char *buf)
{
    const char *n = field_names[f];
    size_t k = 0;
    int up = 1;
    for (; *n; n++) {
        if (*n == '_') {
            buf[k++] = ' ';
            up = 1;
            continue;
        }
        buf[k++] = up && *n >= 'a' && *n <= 'z' ? (char)(*n - 'a' + 'A') : *n;
        up = 0;
    }
    buf[k] = '\0';
}

typedef struct column {
    enum field f;
    int show_ports;
} column;

#define MAX_COLUMNS 64

/* The columns COLUMNS asks for (see ginet_i()).  0 or GINET_EINVAL. */
static int read_columns(const char *text, column *cols, size_t *ncols)
{
    static const enum field defaults[] = {
        F_PORT, F_MODULE, F_RECV, F_SENT, F_OWNER, F_LOCAL, F_FOREIGN, F_STATE, F_TYPE,
    };
    *ncols = 0;
    int show_all = 0;
    if (text != NULL && strcmp(text, "show_ports") == 0) {
        show_all = 1;
        text = NULL;
    }
    if (text == NULL) {
        for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
            cols[i].f = defaults[i];
            cols[i].show_ports = show_all;
        }
        *ncols = sizeof defaults / sizeof defaults[0];
        return 0;
    }
    ginet_term_arena *a = ginet_term_arena_new();
    if (a == NULL)
        return GINET_ENOMEM;
    ginet_term *t;
    ginet_term_error err;
    int rc = ginet_term_parse(a, text, strlen(text), &t, &err);
    if (rc != 0) {
        rc = ginet__fail(rc, "i: column %u: %s", (unsigned)err.column, err.message);
    } else if (t->kind == GINET_TERM_ATOM && strcmp(t->u.atom.name, "show_ports") == 0) {
        ginet_term_arena_free(a);
        return read_columns("show_ports", cols, ncols);
    } else if (t->kind != GINET_TERM_LIST) {
        rc = ginet__fail(GINET_EINVAL, "i: the columns are a list, e.g. [port,recv,sent], "
                         "or show_ports");
    } else if (t->u.seq.count > MAX_COLUMNS) {
        rc = ginet__fail(GINET_EINVAL, "i: more than %d columns", MAX_COLUMNS);
    }
    for (size_t i = 0; rc == 0 && i < t->u.seq.count; i++) {
        const ginet_term *c = t->u.seq.items[i];
        const ginet_term *name = c;
        int show = 0;
        if (c->kind == GINET_TERM_TUPLE && c->u.seq.count == 2
            && c->u.seq.items[1]->kind == GINET_TERM_ATOM) {
            name = c->u.seq.items[0];
            const char *b = c->u.seq.items[1]->u.atom.name;
            show = strcmp(b, "true") == 0 ? 1 : strcmp(b, "false") == 0 ? 0 : -1;
        }
        int f = -1;
        if (name->kind == GINET_TERM_ATOM && show >= 0)
            for (int k = 0; k < F_COUNT; k++)
                if (strcmp(name->u.atom.name, field_names[k]) == 0)
                    f = k;
        if (f >= 0 && name != c && f != F_LOCAL && f != F_FOREIGN)
            f = -1;                          /* only the addresses take ShowPorts */
        if (f < 0) {
            rc = ginet__fail(GINET_EINVAL, "i, column %u: not an i/2 option (port, module, "
                             "recv, sent, owner, local_address, foreign_address, state, "
                             "type, packet, fd, {local_address|foreign_address, Bool})",
                             (unsigned)c->column);
            break;
        }
        cols[i].f = (enum field)f;
        cols[i].show_ports = show;
        *ncols = i + 1;
    }
    ginet_term_arena_free(a);
    return rc;
}

/* ------------------------------------------------------------- cells */

/* The service name of PORT for PROTO, or the number (inet:getservbyport
 * through the C library, as OTP does). */
static void fmt_port(unsigned port, const char *proto, int show_ports, char *buf, size_t cap)
{
    if (!show_ports) {
#if defined(__GLIBC__)
        struct servent se, *res = NULL;
        char tmp[1024];
        if (getservbyport_r((int)htons((uint16_t)port), proto, &se, tmp, sizeof tmp, &res) == 0
            && res != NULL && res->s_name != NULL) {
            snprintf(buf, cap, "%s", res->s_name);
            return;
        }
#else
        static ginet__mutex serv_lock = PTHREAD_MUTEX_INITIALIZER;
        ginet__lock(&serv_lock);
        struct servent *res = getservbyport((int)htons((uint16_t)port), proto);
        int found = res != NULL && res->s_name != NULL;
        if (found)
            snprintf(buf, cap, "%s", res->s_name);
        ginet__unlock(&serv_lock);
        if (found)
            return;
#endif
    }
    snprintf(buf, cap, "%u", port);
}

/* inet's fmt_addr: RC is the sockname/peername result. */
static void fmt_addr(int rc, const ginet_sockaddr *a, const char *proto, int show_ports,
                     char *buf, size_t cap)
{
    if (rc == GINET_ENOTCONN) {
        snprintf(buf, cap, "*:*");
        return;
    }
    if (rc != 0) {
        snprintf(buf, cap, " ");
        return;
    }
    if (a->family == GINET_AF_LOCAL) {
        /* "local:" and the path, as ginet_sockaddr_format() writes it (an
         * abstract name's NUL as \000: OTP writes the byte itself, which
         * a C string cannot hold; docs/local-sockets.md). */
        (void)ginet_sockaddr_format(a, buf, cap);
        return;
    }
    static const uint16_t zero6[8];
    static const uint16_t loop6[8] = { 0, 0, 0, 0, 0, 0, 0, 1 };
    static const uint8_t zero4[4];
    static const uint8_t loop4[4] = { 127, 0, 0, 1 };
    char host[GINET_NTOA_MAX + 16];
    const ginet_ip_address *ip = &a->u.ip;
    int v4 = ip->family == GINET_AF_INET, v6 = ip->family == GINET_AF_INET6;
    if ((v4 && memcmp(ip->u.v4, zero4, sizeof zero4) == 0)
        || (v6 && memcmp(ip->u.v6, zero6, sizeof zero6) == 0)) {
        snprintf(host, sizeof host, "*");
    } else if ((v4 && memcmp(ip->u.v4, loop4, sizeof loop4) == 0)
               || (v6 && memcmp(ip->u.v6, loop6, sizeof loop6) == 0)) {
        snprintf(host, sizeof host, "localhost");   /* OTP: without a resolver */
    } else if (ginet_ntoa(ip, host, sizeof host) < 0) {
        snprintf(buf, cap, " ");
        return;
    }
    char port[64];
    fmt_port(a->port, proto, show_ports, port, sizeof port);
    snprintf(buf, cap, "%s:%s", host, port);
}

/* inet's status words, alphabetically (the order fmt_status sorts). */
enum { S_ACCEPTING, S_BOUND, S_BUSY, S_CONNECTED, S_CONNECTING, S_LISTEN, S_OPEN, S_N };
static const char *const status_abbrev[S_N] = { "A", "BD", "BY", "CD", "CG", "LN", "O" };

/* Whether the N sorted words HAVE begin with the K words WANT (EXACT:
 * and are nothing more). */
static int starts(const int *have, size_t n, const int *want, size_t k, int exact)
{
    if (n < k || (exact && n != k))
        return 0;
    for (size_t i = 0; i < k; i++)
        if (have[i] != want[i])
            return 0;
    return 1;
}

/* inet's fmt_status: the state column. */
static void fmt_status(unsigned flags, char *buf, size_t cap)
{
    static const unsigned bit[S_N] = {
        GINET__SV_ACCEPTING, GINET__SV_BOUND, GINET__SV_BUSY, GINET__SV_CONNECTED,
        GINET__SV_CONNECTING, GINET__SV_LISTEN, GINET__SV_OPEN,
    };
    int sorted[S_N];
    size_t n = 0;
    for (int i = 0; i < S_N; i++)
        if (flags & bit[i])
            sorted[n++] = i;
#define STARTS(exact, ...)                                                  \
    (starts(sorted, n, (const int[]){ __VA_ARGS__ },                       \
            sizeof((const int[]){ __VA_ARGS__ }) / sizeof(int), exact))
    const char *word = NULL;
    if (n == 0)
        word = "CLOSED";
    else if (sorted[0] == S_ACCEPTING)
        word = "ACCEPTING";
    else if (STARTS(0, S_BOUND, S_BUSY, S_CONNECTED))
        word = "CONNECTED(BB)";
    else if (STARTS(0, S_BOUND, S_CONNECTED))
        word = "CONNECTED(B)";
    else if (STARTS(0, S_BOUND, S_LISTEN))
        word = "LISTEN";
    else if (STARTS(0, S_BOUND, S_CONNECTING))
        word = "CONNECTING";
    else if (STARTS(1, S_BOUND, S_OPEN))
        word = "BOUND";
    else if (STARTS(1, S_CONNECTED, S_OPEN))
        word = "CONNECTED(O)";
    else if (STARTS(1, S_OPEN))
        word = "IDLE";
#undef STARTS
    if (word != NULL) {
        snprintf(buf, cap, "%s", word);
        return;
    }
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(buf + k, cap - k, "%s%s", i ? ":" : "", status_abbrev[sorted[i]]);
        if (w < 0 || (size_t)w >= cap - k)
            break;
        k += (size_t)w;
    }
}


/* The module column: OTP's callback module for the socket's kind. */
static const char *module_name(int kind, ginet_family family)
{
    int udp = kind == GINET__KIND_UDP;
    switch (family) {
    case GINET_AF_INET6: return udp ? "inet6_udp" : "inet6_tcp";
    case GINET_AF_LOCAL: return udp ? "local_udp" : "local_tcp";
    default: return udp ? "inet_udp" : "inet_tcp";
    }
}

/* One cell of S's line (V read before). */
static void cell(ginet_socket *s, const ginet__sockview *v, const column *c, const char *proto,
                 char *buf, size_t cap)
{
    if (v->gone) {
        snprintf(buf, cap, " ");             /* OTP: the port went meanwhile */
        return;
    }
    ginet_sockaddr a;
    int rc;
    switch (c->f) {
    case F_PORT:
        snprintf(buf, cap, "%llu", (unsigned long long)v->id);
        break;
    case F_MODULE:
        snprintf(buf, cap, "%s", module_name(v->kind, v->family));
        break;
    case F_RECV:
        snprintf(buf, cap, "%llu", (unsigned long long)v->stats.v[GINET_STAT_RECV_OCT]);
        break;
    case F_SENT:
        snprintf(buf, cap, "%llu", (unsigned long long)v->stats.v[GINET_STAT_SEND_OCT]);
        break;
    case F_OWNER:
        if (v->owner_id != 0)
            snprintf(buf, cap, "<0.%llu.0>", (unsigned long long)v->owner_id);
        else
            snprintf(buf, cap, " ");
        break;
    case F_LOCAL:
        rc = ginet_sockname(s, &a);
        fmt_addr(rc, &a, proto, c->show_ports, buf, cap);
        break;
    case F_FOREIGN:
        rc = ginet_peername(s, &a);
        fmt_addr(rc, &a, proto, c->show_ports, buf, cap);
        break;
    case F_STATE:
        fmt_status(v->states, buf, cap);
        break;
    case F_TYPE:
        snprintf(buf, cap, "%s", v->kind == GINET__KIND_UDP ? "DGRAM" : "STREAM");
        break;
    case F_PACKET:
        snprintf(buf, cap, "%s", v->packet == GINET_PACKET_RAW
                                     ? "0" : ginet_packet_type_name((ginet_packet_type)v->packet));
        break;
    case F_FD: {
        intptr_t fd;
        if (ginet_getfd(s, &fd) == 0)
            snprintf(buf, cap, "%lld", (long long)fd);
        else
            snprintf(buf, cap, " ");
        break;
    }
    default:
        snprintf(buf, cap, " ");
        break;
    }
}

/* Whether a socket of KIND is listed under PROTO. */
static int of_proto(int kind, const char *proto)
{
    if (strcmp(proto, "tcp") == 0)
        return kind == GINET__KIND_TCP || kind == GINET__KIND_TCP_LISTEN;
    if (strcmp(proto, "udp") == 0)
        return kind == GINET__KIND_UDP;
    return 0;                                /* sctp: none yet */
}

/* inet's ii/3: the table of PROTO's sockets.  0 or an error. */
static int print_table(FILE *out, ginet_socket **socks, const ginet__sockview *views, size_t n,
                       const column *cols, size_t ncols, const char *proto)
{
    size_t rows = 1;
    for (size_t i = 0; i < n; i++)
        rows += of_proto(views[i].kind, proto);
    if (rows == 1)
        return 0;                            /* OTP prints nothing at all */
    char **cells = calloc(rows * (ncols ? ncols : 1), sizeof *cells);
    size_t width[MAX_COLUMNS] = { 0 };
    int rc = cells != NULL ? 0 : GINET_ENOMEM;
    size_t r = 0;
    char buf[GINET_LOCAL_PATH_MAX + 256];
    for (size_t k = 0; k < ncols && rc == 0; k++) {
        header(cols[k].f, buf);
        cells[k] = strdup(buf);
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!of_proto(views[i].kind, proto))
            continue;
        r++;
        for (size_t k = 0; k < ncols; k++) {
            cell(socks[i], &views[i], &cols[k], proto, buf, sizeof buf);
            cells[r * ncols + k] = strdup(buf);
        }
    }
    for (size_t j = 0; j < rows * ncols && rc == 0; j++) {
        if (cells[j] == NULL)
            rc = GINET_ENOMEM;
        else if (strlen(cells[j]) > width[j % ncols])
            width[j % ncols] = strlen(cells[j]);
    }
    for (size_t row = 0; row < rows && rc == 0; row++) {
        /* io:format("~-Ns ~-Ms ...\n"): padded, each followed by a space. */
        for (size_t k = 0; k < ncols; k++)
            fprintf(out, "%-*s ", (int)width[k], cells[row * ncols + k]);
        fputc('\n', out);
    }
    if (rc == 0 && ferror(out))
        rc = ginet__fail(GINET_EIO, "i: writing the table failed");
    if (cells != NULL)
        for (size_t j = 0; j < rows * ncols; j++)
            free(cells[j]);
    free(cells);
    return rc;
}

GINET_API int ginet_i(FILE *out, const char *proto, const char *columns)
{
    if (out == NULL)
        return GINET_EINVAL;
    ginet__clear_error();
    static const char *const all[] = { "tcp", "udp", "sctp" };
    const char *const *protos = all;
    size_t nprotos = 3;
    if (proto != NULL) {
        size_t i = 0;
        while (i < 3 && strcmp(proto, all[i]) != 0)
            i++;
        if (i == 3)
            return ginet__fail(GINET_EINVAL, "i: protocol '%s' is not tcp, udp or sctp", proto);
        protos = &all[i];
        nprotos = 1;
    }
    column cols[MAX_COLUMNS];
    size_t ncols;
    int rc = read_columns(columns, cols, &ncols);
    if (rc != 0)
        return rc;
    ginet_socket **socks;
    size_t n;
    rc = ginet_sockets(&socks, &n);
    if (rc != 0)
        return rc;
    ginet__sockview *views = malloc((n ? n : 1) * sizeof *views);
    if (views == NULL) {
        ginet_sockets_free(socks, n);
        return GINET_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        ginet__sockview_read(socks[i], &views[i]);
    for (size_t p = 0; p < nprotos && rc == 0; p++)
        rc = print_table(out, socks, views, n, cols, ncols, protos[p]);
    free(views);
    ginet_sockets_free(socks, n);
    return rc;
}

/* --------------------------------------------------------------- info */

GINET_API int ginet_info_text(ginet_socket *s, char **out)
{
    if (out != NULL)
        *out = NULL;
    if (s == NULL || out == NULL)
        return GINET_EINVAL;
    ginet__sockview v;
    ginet__sockview_read(s, &v);
    sbuf b = { NULL, 0, 0, 0 };
    ginet_term_arena *a = ginet_term_arena_new();
    ginet_term *bk = a != NULL ? ginet_term_atomz(a, v.backend) : NULL;
    char *bktext = bk != NULL ? ginet_term_to_string(bk) : NULL;
    ginet_term_arena_free(a);
    if (bktext == NULL)
        return GINET_ENOMEM;
    sb_puts(&b, "#{backend => ");
    sb_puts(&b, bktext);
    free(bktext);
    if (v.gone) {
        sb_puts(&b, ",states => [closed]}"); /* OTP: the info of a closed port */
    } else {
        /* The counters map, its keys in term order. */
        static const ginet_stat_option order[] = {
            GINET_STAT_RECV_AVG, GINET_STAT_RECV_CNT, GINET_STAT_RECV_DVI,
            GINET_STAT_RECV_MAX, GINET_STAT_RECV_OCT, GINET_STAT_SEND_AVG,
            GINET_STAT_SEND_CNT, GINET_STAT_SEND_MAX, GINET_STAT_SEND_OCT,
            GINET_STAT_SEND_PEND,
        };
        sb_puts(&b, ",counters => #{");
        for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
            sb_printf(&b, "%s%s => %llu", i ? "," : "", ginet_stat_name(order[i]),
                      (unsigned long long)v.stats.v[order[i]]);
        sb_puts(&b, "},input => 0");
        if (v.owner_id != 0)
            sb_printf(&b, ",links => [<0.%llu.0>]", (unsigned long long)v.owner_id);
        else
            sb_puts(&b, ",links => []");
        sb_printf(&b, ",memory => %zu,monitors => [],output => %llu", v.memory,
                  (unsigned long long)v.output);
        if (v.owner_id != 0)
            sb_printf(&b, ",owner => <0.%llu.0>", (unsigned long long)v.owner_id);
        else
            sb_puts(&b, ",owner => undefined");
        /* prim_inet:getstatus/1's order. */
        static const struct { unsigned bit; const char *name; } st[] = {
            { GINET__SV_BUSY, "busy" }, { GINET__SV_ACCEPTING, "accepting" },
            { GINET__SV_CONNECTING, "connecting" }, { GINET__SV_LISTEN, "listen" },
            { GINET__SV_CONNECTED, "connected" }, { GINET__SV_BOUND, "bound" },
            { GINET__SV_OPEN, "open" },
        };
        sb_puts(&b, ",states => [");
        int first = 1;
        for (size_t i = 0; i < sizeof st / sizeof st[0]; i++) {
            if (v.states & st[i].bit) {
                sb_printf(&b, "%s%s", first ? "" : ",", st[i].name);
                first = 0;
            }
        }
        sb_puts(&b, "]}");
    }
    *out = sb_take(&b);
    return *out != NULL ? 0 : GINET_ENOMEM;
}
