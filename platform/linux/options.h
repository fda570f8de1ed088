/*
 * platform/linux/options.h — internal to the backends: the option table a
 * Linux backend offers when every option goes through platform/linux/
 * sockopt.c (epoll's rows, shared by io_uring), and option calls checked
 * against a backend's table.
 */
#ifndef GINET_PLATFORM_LINUX_OPTIONS_H
#define GINET_PLATFORM_LINUX_OPTIONS_H

#include <ginet/backend.h>

/* Every portable option Linux implements, NATIVE, and exclusiveaddruse
 * IGNORED as OTP specifies; ended by a row with opt 0. */
extern const ginet_bk_option_row ginet__linux_options[];

/* How ROWS (ended by opt 0) support OPT. */
ginet_bk_support ginet__bk_support(const ginet_bk_option_row *rows, ginet_bk_opt opt);

/* setopt()/getopt() of backend.h for descriptor FD of OS family AF, as
 * ROWS allow: NATIVE through sockopt.c, IGNORED as 0 (reads false),
 * otherwise GINET_ENOTSUP. */
int ginet__linux_rows_setopt(const ginet_bk_option_row *rows, int fd, int af,
                             ginet_bk_opt opt, const ginet_bk_optval *val);
int ginet__linux_rows_getopt(const ginet_bk_option_row *rows, int fd, int af,
                             ginet_bk_opt opt, ginet_bk_optval *val);

#endif
