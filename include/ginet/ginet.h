/*
 * ginet/ginet.h — the umbrella header: include this to get the whole API.
 */
#ifndef GINET_GINET_H
#define GINET_GINET_H

#include <ginet/defs.h>
#include <ginet/version.h>
#include <ginet/error.h>
#include <ginet/address.h>
#include <ginet/term.h>
#include <ginet/packet.h>
#include <ginet/options.h>
#include <ginet/loader.h>
#include <ginet/socket.h>
#include <ginet/udp.h>
#include <ginet/mailbox.h>
#include <ginet/resolver.h>
#include <ginet/inspect.h>
#include <ginet/defaults.h>
#include <ginet/ifaddrs.h>

GINET_BEGIN_DECLS

/* The library's version as "MAJOR.MINOR.PATCH" (may differ from the
 * headers' GINET_VERSION_STRING if the shared library was upgraded).
 * Thread-safety: safe. */
GINET_API const char *ginet_version(void);

GINET_END_DECLS

#endif /* GINET_GINET_H */
