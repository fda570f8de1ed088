/*
 * core/ifaddrs_internal.h — internal to libginet (and the ifaddrs unit
 * test, which compiles core/ifaddrs_arrange.c itself to feed it records
 * no OS gives on demand).
 */
#ifndef GINET_CORE_IFADDRS_INTERNAL_H
#define GINET_CORE_IFADDRS_INTERNAL_H

#include <ginet/ifaddrs.h>

#include "platform/posix/ifaddrs.h"

/*
 * OTP's getifaddrs result from the OS's records RECS (in the OS's order):
 * one allocation, freed with free() (ginet_ifaddrs_free()).  NULL when out
 * of memory.  RECS is not changed and may be freed afterwards.
 * Thread-safety: safe (pure).
 */
ginet_ifaddrs *ginet__ifaddrs_arrange(const ginet__ifrecs *recs);

#endif
