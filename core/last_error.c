/*
 * core/last_error.c — owns the per-thread text behind ginet_last_error().
 */
#include "core/last_error.h"

#include <ginet/ginet.h>

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_error[512];

int ginet__fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return code;
}

void ginet__clear_error(void)
{
    last_error[0] = '\0';
}

GINET_API const char *ginet_last_error(void)
{
    return last_error;
}
